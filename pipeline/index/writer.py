"""The Elasticsearch sink: ``setup()`` then ``write(batch)``.

``_id`` is the article id and the version is external, so a re-delivered
article overwrites itself and an older version arriving late is refused (409)
rather than overwriting a newer one. 429 and 5xx are retried by the bulk
helper with exponential backoff; when those retries run out, or the cluster is
unreachable, ``write`` keeps retrying the unfinished part with capped backoff
and never returns early: the agent above it stops consuming meanwhile, so an
outage pauses the pipeline instead of losing or dead-lettering good articles.
Only documents Elasticsearch refuses for what they are (4xx other than 409/429)
come back as rejected, for the dead-letter topic.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import AsyncElasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import async_streaming_bulk

from pipeline.errors import FatalError
from pipeline.record import Article
from pipeline.settings import Settings, redact_url

log = logging.getLogger(__name__)


def schemas_dir() -> Path:
    """``schemas/`` beside the package in a checkout, else in the working directory (image)."""
    here = Path(__file__).resolve().parents[2] / "schemas"
    return here if here.is_dir() else Path.cwd() / "schemas"


RETRY_STATUS = (429, 502, 503, 504)


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


class SearchSink:
    def __init__(self, settings: Settings, client: AsyncElasticsearch | None = None) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.max_backoff = 30.0

    async def setup(self, attempts: int = 10, install: bool = True) -> None:
        """Check the cluster answers, install the template, create index + alias."""
        delay = 0.5
        for attempt in range(1, attempts + 1):
            try:
                info = await self.client.info()
                break
            except (ESConnectionError, TransportError) as exc:
                if attempt == attempts:
                    raise FatalError(
                        f"Elasticsearch at {redact_url(self.settings.es_url)} not reachable after "
                        f"{attempts} attempts: {type(exc).__name__}"
                    ) from None
                log.warning("search not reachable (attempt %d/%d)", attempt, attempts)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 8.0)
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
            except TransportError as exc:
                if "resource_already_exists" not in str(exc):
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
        self, index: str, docs: dict[str, tuple[int, dict[str, Any], Any]]
    ) -> WriteResult:
        """Bulk-index ``{id: (external version, source, original)}`` until every item
        is acknowledged, stale (409) or refused for what it is."""
        result = WriteResult()
        todo = dict(docs)
        delay = 0.5
        while todo:
            result.attempts += 1
            actions = [
                {
                    "_op_type": "index",
                    "_index": index,
                    "_id": doc_id,
                    "version": version,
                    "version_type": "external_gte",
                    "_source": source,
                }
                for doc_id, (version, source, _) in todo.items()
            ]
            retry_later: dict[str, tuple[int, dict[str, Any], Any]] = {}
            try:
                async for ok, item in async_streaming_bulk(
                    self.client,
                    actions,
                    chunk_size=self.settings.bulk_chunk,
                    max_retries=self.settings.bulk_retries,
                    initial_backoff=0.5,
                    max_backoff=self.max_backoff,
                    retry_on_status=RETRY_STATUS,
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
                    elif status in RETRY_STATUS or status >= 500 or status == 0:
                        retry_later[doc_id] = entry
                    else:
                        err = info.get("error", {})
                        reason = err.get("reason") if isinstance(err, dict) else str(err)
                        etype = err.get("type") if isinstance(err, dict) else "error"
                        result.rejected.append(
                            (entry[2], f"elasticsearch {status} {etype}: {reason}")
                        )
            except (TimeoutError, ESConnectionError, TransportError, OSError) as exc:
                log.warning(
                    "bulk write failed (%s); %d documents wait, retrying in %.1fs",
                    type(exc).__name__,
                    len(todo),
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_backoff)
                continue
            if retry_later:
                log.warning(
                    "%d documents still refused with 429/5xx; retrying in %.1fs",
                    len(retry_later),
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_backoff)
            todo = {**retry_later, **todo}
        result.acked_at = time.time()
        return result

    async def close(self) -> None:
        await self.client.close()
