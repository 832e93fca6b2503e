"""Story assignment: online clustering of enriched articles into events, with near-duplicates."""

from pipeline.stories.cluster import (
    Assignment,
    ClusterConfig,
    StoryClusterer,
    StorySummary,
    story_id_for,
)

__all__ = ["Assignment", "ClusterConfig", "StoryClusterer", "StorySummary", "story_id_for"]
