"""The ``news-stories`` document of a live story (what editors and Kibana see)."""

from __future__ import annotations

from typing import Any

from pipeline.stories.cluster import StoryClusterer

MAX_LISTED_ARTICLES = 500


def summary_document(
    c: StoryClusterer, story_id: str, snap: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any], None]:
    """(external version, source, original) for ``SearchSink.write_docs``.

    The version is the number of articles seen (copies included), which only
    grows, so a replayed older summary never overwrites a newer one. ``snap`` is
    the story's :meth:`StoryClusterer.snapshot_story`, when the caller has it.
    """
    s = c.story(story_id)
    if snap is None:
        snap = c.snapshot_story(story_id)
    articles = [*snap["members"], *snap["duplicates"]][:MAX_LISTED_ARTICLES]
    doc = {
        "story_id": s.story_id,
        "title": s.title,
        "top_entities": s.top_entities,
        "first_seen": s.first_seen.isoformat(),
        "last_seen": s.last_seen.isoformat(),
        "article_count": s.article_count,
        "duplicate_count": s.duplicate_count,
        "sources": s.sources,
        "related": s.related,
        "articles": articles,
    }
    return s.article_count + s.duplicate_count, doc, None
