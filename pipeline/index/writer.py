"""The Elasticsearch sink: ``setup()`` then ``write(batch)``.

``_id`` is the article id and the version is external, so a re-delivered
article overwrites itself and an older version arriving late is refused (409)
rather than overwriting a newer one. When the cluster answers 429 or 5xx, is
unreachable, times out, resets the connection, or refuses writes with a
``cluster_block_exception`` (a read-only index block, a full disk), ``write``
retries the unfinished part itself (not the client or the bulk helper, which
would do it unlogged) under the one retry policy (``pipeline/retry.py``:
capped exponential backoff, here without a bound on attempts) and never returns
early: the agent above it stops consuming meanwhile, so an outage pauses the
pipeline instead of losing or dead-lettering good articles. Every retry is
logged with its reason, counted in ``pipeline_index_retries_total{reason}``,
and the documents held show in ``pipeline_index_waiting{index}``. Only
documents Elasticsearch refuses for what they are (4xx other than 409/429 and
blocks) come back as rejected, for the dead-letter topic; a whole request
refused that way (401, 404 ...) is a configuration fault and stops the worker.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import async_streaming_bulk

from pipeline.errors import FatalError, TransientError
from pipeline.metrics import INDEX_BACKLOG, INDEX_RETRIES
from pipeline.record import Article
from pipeline.retry import aretrying
from pipeline.settings import Settings, redact_url

log = logging.getLogger(__name__)


def schemas_dir() -> Path:
    """``schemas/`` beside the package in a checkout, else in the working directory (image)."""
    here = Path(__file__).resolve().parents[2] / "schemas"
    return here if here.is_dir() else Path.cwd() / "schemas"


BLOCKED = "cluster_block_exception"


def error_types(error: object) -> set[str]:
    """The Elasticsearch error types an answer names: its own, its causes, its root causes.

    Read from the answer's structure (``{"error": {"type": ..., "root_cause": [...]}}``
    for a whole request, ``{"type": ...}`` for a bulk item), not from an
    exception's text. A server that answers with a bare string gets that string.
    """
    if isinstance(error, str):
        return {error}
    if not isinstance(error, dict):
        return set()
    if "error" in error:
        return error_types(error["error"])
    found = {error["type"]} if isinstance(error.get("type"), str) else set()
    causes = error.get("root_cause")
    for cause in [*(causes if isinstance(causes, list) else []), error.get("caused_by")]:
        found |= error_types(cause) if isinstance(cause, dict) else set()
    return found


def transient_reason(status: int, error: object) -> str | None:
    """Why a refusal is worth retrying (a metric label), or None when it is not.

    429 and 5xx are the cluster being busy or unwell. A
    ``cluster_block_exception`` (403 for ``index.blocks.write``, 429 for the
    flood-stage disk watermark) is an operator's or the disk's block that will
    be lifted; the documents are good. A lost connection has no status (0).
    """
    if BLOCKED in error_types(error) or (isinstance(error, str) and BLOCKED in error):
        return "cluster_block"
    if status == 429:
        return "status_429"
    if status >= 500 or status == 408:
        return "status_5xx"
    if status == 0:
        return "connection"
    return None


def make_client(settings: Settings) -> AsyncElasticsearch:
    kwargs: dict[str, Any] = {"request_timeout": 30}
    if settings.es_api_key:
        kwargs["api_key"] = settings.es_api_key.get_secret_value()
    elif settings.es_username:
        pw = settings.es_password.get_secret_value() if settings.es_password else ""
        kwargs["basic_auth"] = (settings.es_username, pw)
    if settings.es_ca_file:
        kwargs["ca_certs"] = str(settings.es_ca_file)
    return AsyncElasticsearch(settings.es_url, **kwargs)


@dataclass
class WriteResult:
    indexed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # an equal/newer version was already there
    rejected: list[tuple[Any, str]] = field(default_factory=list)
    attempts: int = 0
    acked_at: float = 0.0


class Unacknowledged(TransientError):
    """Part of a bulk came back unacknowledged for a transient reason: write it again."""

    def __init__(self, waiting: int, reasons: dict[str, int], detail: str) -> None:
        super().__init__(f"{waiting} documents not acknowledged: {detail}")
        self.waiting = waiting
        self.reasons = reasons  # metric label -> how many times seen in this pass
        self.detail = detail


def _unreachable(exc: BaseException) -> bool:
    return isinstance(exc, ESConnectionError | TransportError)


class SearchSink:
    def __init__(self, settings: Settings, client: AsyncElasticsearch | None = None) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.max_backoff = 30.0

    async def setup(self, attempts: int = 10, install: bool = True) -> None:
        """Check the cluster answers, install the template, create index + alias."""
        where = redact_url(self.settings.es_url)
        try:
            async for attempt in aretrying(
                f"search at {where}", attempts=attempts, cap=8.0, retry_on=_unreachable
            ):
                with attempt:
                    info = await self.client.info()
        except (ESConnectionError, TransportError) as exc:
            raise FatalError(
                f"Elasticsearch at {where} not reachable after {attempts} attempts: "
                f"{type(exc).__name__}"
            ) from None
        log.info("search cluster %s", info["version"]["number"])
        if not install:
            return
        s = self.settings
        await self.install_template(
            f"{s.index_prefix}-articles",
            "news-template.json",
            f"{s.index_prefix}-articles-*",
            s.write_index,
            s.index_alias,
        )

    async def setup_alerts(self) -> None:
        s = self.settings
        await self.setup(install=False)
        await self.install_template(
            f"{s.index_prefix}-alerts",
            "alerts-template.json",
            f"{s.index_prefix}-alerts-*",
            s.alerts_index,
            s.alerts_alias,
        )

    async def setup_stories(self) -> None:
        s = self.settings
        await self.setup(install=False)
        await self.install_template(
            f"{s.index_prefix}-stories",
            "stories-template.json",
            f"{s.index_prefix}-stories-*",
            s.stories_index,
            s.stories_alias,
        )

    async def install_template(
        self, name: str, file: str, pattern: str, index: str, alias: str
    ) -> None:
        """Install an index template from ``schemas/`` and create its first index + alias."""
        body: dict[str, Any] = json.loads((schemas_dir() / file).read_text())
        body.pop("_comment", None)
        body["index_patterns"] = [pattern]
        await self.client.indices.put_index_template(name=name, **body)
        if not await self.client.indices.exists(index=index):
            try:
                await self.client.indices.create(
                    index=index, aliases={alias: {"is_write_index": True}}
                )
            except ApiError as exc:
                # Another worker created it between the check and the create.
                if "resource_already_exists_exception" not in error_types(exc.body):
                    raise

    async def write(self, articles: list[Article]) -> WriteResult:
        """Index articles (newest version per id wins); see the module docstring."""
        now = datetime.now(UTC).isoformat()
        docs: dict[str, tuple[int, dict[str, Any], Article]] = {}
        for a in articles:
            if a.id not in docs or a.version >= docs[a.id][0]:
                doc = a.to_document()
                doc["indexed_at"] = now
                # One value per wire story: search collapses copies on it.
                doc["copy_group"] = a.duplicate_of or a.id
                docs[a.id] = (a.version, doc, a)
        res = await self.write_docs(self.settings.write_index, docs)
        return res

    async def write_docs(
        self,
        index: str,
        docs: dict[str, tuple[int, dict[str, Any], Any]],
        version_type: str = "external_gte",
    ) -> WriteResult:
        """Bulk-index ``{id: (external version, source, original)}`` until every item
        is acknowledged, stale (409) or refused for what it is.

        ``external_gte`` lets a re-delivered copy rewrite itself (articles);
        ``external`` makes each (id, version) writable once, so a second writer
        of the same version, a re-delivery or a stale process, gets a 409."""
        result = WriteResult()
        todo = dict(docs)
        if not todo:
            result.acked_at = time.time()
            return result
        backlog = INDEX_BACKLOG.labels(index=self.kind(index))
        backlog.set(len(todo))  # handed to the cluster, not yet acknowledged

        async def one_pass() -> None:
            nonlocal todo
            result.attempts += 1
            retry_later: dict[str, tuple[int, dict[str, Any], Any]] = {}
            reasons: dict[str, int] = {}
            detail = ""
            try:
                detail = await self._bulk(index, todo, retry_later, reasons, result, version_type)
            except ApiError as exc:
                why = transient_reason(exc.status_code, exc.body)
                if why is None:
                    raise FatalError(
                        f"search cluster refused a bulk request to {index}: "
                        f"{exc.status_code} {str(exc)[:300]}"
                    ) from None
                reasons[why] = reasons.get(why, 0) + 1
                detail = f"{exc.status_code} {str(exc)[:300]}"
            except (TimeoutError, ConnectionTimeout) as exc:
                reasons["timeout"] = reasons.get("timeout", 0) + 1
                detail = f"bulk write timed out ({type(exc).__name__})"
            except (ESConnectionError, TransportError, OSError) as exc:
                reasons["connection"] = reasons.get("connection", 0) + 1
                detail = f"bulk write failed ({type(exc).__name__})"
            # Whatever did not come back acknowledged, stale or rejected is tried again.
            todo = {**retry_later, **todo}
            backlog.set(len(todo))
            if todo:
                raise Unacknowledged(len(todo), reasons, detail)

        # No bound on attempts: the agent above does not take its next batch
        # meanwhile, so the input waits in the broker instead of being lost.
        async for attempt in aretrying(
            f"bulk write to {index}",
            attempts=None,
            cap=self.max_backoff,
            retry_on=lambda exc: isinstance(exc, Unacknowledged),
            on_retry=self._on_retry,
        ):
            with attempt:
                await one_pass()
        result.acked_at = time.time()
        return result

    async def _bulk(
        self,
        index: str,
        todo: dict[str, tuple[int, dict[str, Any], Any]],
        retry_later: dict[str, tuple[int, dict[str, Any], Any]],
        reasons: dict[str, int],
        result: WriteResult,
        version_type: str,
    ) -> str:
        """One pass over ``todo``: each answered item leaves ``todo`` for its outcome.

        Returns the first transient refusal, for the log line."""
        first = ""
        actions = [
            {
                "_op_type": "index",
                "_index": index,
                "_id": doc_id,
                "version": version,
                "version_type": version_type,
                "_source": source,
            }
            for doc_id, (version, source, _) in todo.items()
        ]
        async for ok, item in async_streaming_bulk(
            # No quiet retries in the transport either: a reset or a 503 comes
            # back here at once, to be logged, counted and retried with backoff.
            self.client.options(max_retries=0, retry_on_status=()),
            actions,
            chunk_size=self.settings.bulk_chunk,
            # Retries happen in write_docs, not silently inside the helper:
            # each one is logged and counted with its reason.
            max_retries=0,
            raise_on_error=False,
            raise_on_exception=True,
        ):
            info = item.get("index", {})
            doc_id = str(info.get("_id"))
            status = int(info.get("status", 0))
            entry = todo.pop(doc_id, None)
            if entry is None:
                continue
            if ok:
                result.indexed.append(doc_id)
            elif status == 409:
                result.stale.append(doc_id)
            elif (why := transient_reason(status, info.get("error"))) is not None:
                retry_later[doc_id] = entry
                reasons[why] = reasons.get(why, 0) + 1
                first = first or f"{status} {str(info.get('error'))[:300]}"
            else:
                err = info.get("error", {})
                reason = err.get("reason") if isinstance(err, dict) else str(err)
                etype = err.get("type") if isinstance(err, dict) else "error"
                result.rejected.append((entry[2], f"elasticsearch {status} {etype}: {reason}"))
        return first

    def _on_retry(self, exc: BaseException, attempt: int, delay: float) -> None:
        """Count this retry once per reason seen in the bulk, and say it, loudly when stuck."""
        if not isinstance(exc, Unacknowledged):
            return
        for why in exc.reasons:
            INDEX_RETRIES.labels(reason=why).inc()
        why = max(exc.reasons, key=lambda r: exc.reasons[r]) if exc.reasons else "connection"
        if why == "cluster_block" or attempt > self.settings.bulk_retries:
            # An operator's block or a full disk does not lift by itself; nor
            # does a cluster still failing after BULK_RETRIES attempts: say it loudly.
            log.error(
                "search cluster refuses writes (%s, attempt %d); %d documents wait, "
                "retrying in %.1fs: %s",
                why,
                attempt,
                exc.waiting,
                delay,
                exc.detail,
            )
        else:
            log.warning(
                "bulk write not acknowledged (%s); %d documents wait, retrying in %.1fs: %s",
                why,
                exc.waiting,
                delay,
                exc.detail,
            )

    def kind(self, index: str) -> str:
        """The metric label for an index: articles, stories or alerts (low cardinality)."""
        s = self.settings
        return {s.stories_index: "stories", s.alerts_index: "alerts"}.get(index, "articles")

    async def close(self) -> None:
        await self.client.close()
