"""The route stage: articles.enriched (one partition) -> a story and alerts for each
article -> articles.clustered and alerts. ``stage.py`` is the logic, ``agents.py``
the thin Faust agent."""
