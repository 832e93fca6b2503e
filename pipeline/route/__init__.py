"""The route stage: articles.enriched (one partition) -> a story and alerts for each
article -> the search index and the alerts topic. ``stage.py`` is the logic,
``agents.py`` the thin Faust agent."""
