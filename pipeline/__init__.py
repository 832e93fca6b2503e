"""Streaming news ingestion: wire feeds -> Kafka -> Faust enrichment -> Elasticsearch."""

__version__ = "0.1.0"
