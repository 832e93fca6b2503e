"""Prometheus metrics with low-cardinality labels (stage, code), served by the worker."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

ARTICLES_IN = Counter("pipeline_articles_in_total", "Messages taken from a topic", ["stage"])
ARTICLES_OUT = Counter("pipeline_articles_out_total", "Articles passed on by a stage", ["stage"])
DEAD_LETTERS = Counter("pipeline_dead_letters_total", "Messages sent to the DLQ", ["stage", "code"])
STALE = Counter(
    "pipeline_stale_versions_total",
    "Older versions refused by the index or skipped by the route stage",
)
ENRICH_SECONDS = Histogram(
    "pipeline_enrich_batch_seconds",
    "Wall time of one enrichment batch",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16),
)
BULK_SECONDS = Histogram(
    "pipeline_bulk_seconds",
    "Wall time of one bulk write until acknowledged",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
PRODUCE_TO_INDEXED = Histogram(
    "pipeline_produce_to_indexed_seconds",
    "From produce to bulk acknowledgement",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64),
)
BATCH_SIZE = Histogram(
    "pipeline_batch_articles",
    "Articles per batch",
    ["stage"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
)
ALERTS_FIRED = Counter(
    "pipeline_alerts_fired_total", "Alerts sent (new, update, realert)", ["kind"]
)
NER_REUSED = Counter(
    "pipeline_ner_reused_total",
    "Wire copies whose NER was taken from an earlier copy (verbatim, or all but new lines)",
    ["kind"],
)
FEED_ENTRIES_REJECTED = Counter(
    "pipeline_feed_entries_rejected_total",
    "RSS/Atom entries refused (dead-lettered) while the rest of their feed went on",
    ["code"],
)
FEED_POLL_FAILURES = Counter(
    "pipeline_feed_poll_failures_total", "Feed polls that failed as a whole", ["code"]
)
WEBHOOK_FAILURES = Counter("pipeline_webhook_failures_total", "Webhook deliveries given up")
INDEX_BACKLOG = Gauge(
    "pipeline_index_waiting",
    "Documents held by a writer while it retries the search cluster",
    ["index"],
)
INDEX_RETRIES = Counter(
    "pipeline_index_retries_total",
    "Bulk writes retried, by reason (connection, timeout, status_429, status_5xx, cluster_block)",
    ["reason"],
)

OFFSET_REFETCHES = Counter(
    "pipeline_offset_refetches_total",
    "Input partitions fetched again from an offset Faust delivered but no agent finished",
)


def serve(port: int, host: str = "127.0.0.1") -> None:
    if port:
        start_http_server(port, addr=host)
