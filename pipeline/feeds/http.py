"""``pipeline serve``: an HTTP door to the raw topic for publishers without Kafka.

``POST /articles`` takes one article or a batch in any format the readers
know (JSON wire objects, JSON Lines, ninjs, NewsML-G2, RSS/Atom, agency text),
chosen by ``?format=``, else by Content-Type, else by the content itself.

* 401 unless ``X-API-Key`` matches the configured key (compared in constant
  time); checked before anything else is read.
* 413 when the body is larger than the limit (checked on Content-Length and
  again while reading, for chunked uploads), or holds more than
  ``HTTP_MAX_ITEMS`` articles (reading stops at the first one too many).
* 408 when the body does not arrive within ``HTTP_BODY_TIMEOUT``; a
  connection that has not sent a whole request head within
  ``HTTP_HEADER_TIMEOUT`` (aiohttp's keep-alive timeout, which also runs
  before the first request) is closed.
* 400 when any article is invalid, including one whose record would exceed
  the broker's message limit once escaped: the answer lists every item with
  its reason, and *nothing* is published, so a client fixes and resends the
  whole request (no partial batches to reconcile). These are not
  dead-lettered: the sender got the reason directly. Every check runs before
  the first send; reading runs in a thread, so ``/healthz`` answers meanwhile.
* 202 only after the broker acknowledged every article (acks=all through the
  same ``Publisher`` as ``pipeline produce``); 503 with Retry-After when it did
  not, or not within ``ack_timeout`` (10 s; the producer's own bound is 60 s,
  longer than a client waits), in which case some articles may have been
  written: resending is safe, since ids and versions make the index idempotent.

``GET /openapi.json`` describes the API (its article schema is
``schemas/article.schema.json`` itself); ``GET /healthz`` answers 200.
Plain HTTP: beyond loopback, put a TLS-terminating proxy in front.
"""

from __future__ import annotations

import asyncio
import hmac
import itertools
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from pipeline.errors import PermanentError
from pipeline.feeds.formats import is_withdrawn
from pipeline.feeds.parse import DEFAULT_MAX_MESSAGE_BYTES, encode_wire, isolated, wire_schema
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import INPUT_FORMATS, Item, Parsed, Rejected, read_bytes

log = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
# Content types read by detection; any other type not in ACCEPTED_TYPES is a 415.
# (x-www-form-urlencoded is what curl --data sends when no type is given.)
GENERIC_TYPES = {
    "",
    "application/octet-stream",
    "application/xml",
    "text/xml",
    "application/x-www-form-urlencoded",
}
ACCEPTED_TYPES = GENERIC_TYPES | {
    "application/json",
    "application/ninjs+json",
    "application/x-ndjson",
    "application/jsonl",
    "application/json-lines",
    "application/x-jsonlines",
    "application/vnd.iptc.g2.newsitem+xml",
    "application/vnd.iptc.g2.newsmessage+xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/plain",
}


@dataclass(frozen=True)
class ServeConfig:
    api_key: str
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_article_bytes: int = 500_000
    topic: str = "articles.raw"
    max_items: int = 1000
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    ack_timeout: float = 10.0  # seconds to wait for the broker before answering 503

    def __post_init__(self) -> None:
        if len(self.api_key) < 16:
            raise ValueError("the API key must be at least 16 characters")
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes must be positive")
        if self.max_items < 1:
            raise ValueError("max_items must be positive")
        if self.header_timeout <= 0 or self.body_timeout <= 0:
            raise ValueError("timeouts must be positive")


PUBLISHER: web.AppKey[Publisher] = web.AppKey("publisher", Publisher)
CONFIG: web.AppKey[ServeConfig] = web.AppKey("config", ServeConfig)


def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


def _authorised(request: web.Request, key: str) -> bool:
    provided = request.headers.get(API_KEY_HEADER, "")
    return hmac.compare_digest(provided.encode("utf-8", "replace"), key.encode())


async def _read_limited(request: web.Request, limit: int) -> bytes | None:
    """The body, or None as soon as it exceeds ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(65_536):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class TooManyItems(Exception):
    """More articles in one request than ``max_items``."""


def read_request(body: bytes, fmt: str, ctype: str | None, config: ServeConfig) -> list[Item]:
    """Every item of a request, each checked as far as the broker: parsed and encoded.

    At most ``max_items`` are read (one more raises ``TooManyItems``). An
    article whose record could not be sent (too large once escaped) becomes a
    rejection here, so that nothing is sent when anything would fail. Runs in
    a thread: only this request waits for it.
    """
    reader = read_bytes("http", body, config.max_article_bytes, fmt, ctype)
    items = list(itertools.islice(reader, config.max_items + 1))
    if len(items) > config.max_items:
        raise TooManyItems
    checked: list[Item] = []
    for item in items:
        if isinstance(item, Parsed):
            try:
                encode_wire(
                    item.article,
                    max_bytes=config.max_article_bytes,
                    max_message_bytes=config.max_message_bytes,
                )
            except PermanentError as exc:
                item = Rejected(item.file, item.line, exc.reason, exc.code, b"")
        checked.append(item)
    return checked


def _item_result(item: Item) -> dict[str, Any]:
    if isinstance(item, Parsed):
        out: dict[str, Any] = {
            "item": item.line,
            "ok": True,
            "id": item.article.id,
            "version": item.article.version,
        }
        if is_withdrawn(item.article):
            out["status"] = "withdrawn"
        return out
    return {"item": item.line, "ok": False, "reason": item.reason, "code": item.code}


async def post_articles(request: web.Request) -> web.Response:
    config = request.app[CONFIG]
    if not _authorised(request, config.api_key):
        return _error(401, f"missing or wrong {API_KEY_HEADER} header")
    if request.content_length is not None and request.content_length > config.max_body_bytes:
        return _error(413, f"body larger than {config.max_body_bytes} bytes")
    fmt = request.query.get("format", "auto")
    if fmt not in INPUT_FORMATS:
        return _error(
            400, f"format must be one of {', '.join(INPUT_FORMATS)}, not {fmt[:40]!r}", results=[]
        )
    ctype = request.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if ctype not in ACCEPTED_TYPES:
        return _error(
            415, f"Content-Type {ctype[:80]!r} is not accepted", accepted=sorted(ACCEPTED_TYPES)
        )
    try:
        body = await asyncio.wait_for(
            _read_limited(request, config.max_body_bytes), config.body_timeout
        )
    except TimeoutError:
        return _error(408, f"the body did not arrive within {config.body_timeout:g} s")
    if body is None:
        return _error(413, f"body larger than {config.max_body_bytes} bytes")
    items = await asyncio.to_thread(_read_isolated, body, fmt, ctype or None, config)
    if items is None:
        return _error(
            413,
            f"more than {config.max_items} articles in one request; send them in batches",
            max_items=config.max_items,
            results=[],
        )
    results = [_item_result(i) for i in items]
    rejected = [i for i in items if isinstance(i, Rejected)]
    if rejected or not items:
        return _error(
            400,
            f"{len(rejected)} of {len(items)} articles invalid; nothing was published",
            results=results,
        )
    try:
        report = await asyncio.wait_for(
            asyncio.to_thread(request.app[PUBLISHER].publish, items), config.ack_timeout
        )
    except TimeoutError:
        log.warning("http: no broker acknowledgement within %gs", config.ack_timeout)
        return web.json_response(
            {"error": "the broker did not acknowledge in time; resend the request"},
            status=503,
            headers={"Retry-After": "5"},
        )
    if report.failed or report.published != len(items):
        log.warning("http: %d of %d sends not acknowledged", len(report.failed), len(items))
        return web.json_response(
            {
                "error": "the broker did not acknowledge every article; resend the request",
                "published": report.published,
                "failed": [{"id": key, "reason": why} for key, why in report.failed],
            },
            status=503,
            headers={"Retry-After": "5"},
        )
    return web.json_response(
        {"accepted": report.published, "topic": config.topic, "results": results}, status=202
    )


def _read_isolated(
    body: bytes, fmt: str, ctype: str | None, config: ServeConfig
) -> list[Item] | None:
    """``read_request``; None when it holds too many items, and anything unforeseen
    answered as one rejected document (a 400, never a 500)."""
    try:
        with isolated("request"):
            try:
                return read_request(body, fmt, ctype, config)
            except TooManyItems:
                return None
    except PermanentError as exc:
        return [Rejected("http", None, exc.reason, exc.code, b"")]


async def get_openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_spec())


async def get_health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(publisher: Publisher, config: ServeConfig) -> web.Application:
    # aiohttp's own body limit is set above ours so that ours answers (with its message)
    app = web.Application(client_max_size=config.max_body_bytes + 1)
    app[PUBLISHER] = publisher
    app[CONFIG] = config
    app.router.add_post("/articles", post_articles)
    app.router.add_get("/openapi.json", get_openapi)
    app.router.add_get("/healthz", get_health)
    return app


def serve(publisher: Publisher, config: ServeConfig, host: str, port: int) -> None:
    """Run until SIGINT/SIGTERM; the publisher is flushed and closed on the way out."""

    async def close_publisher(app: web.Application) -> None:
        await asyncio.to_thread(app[PUBLISHER].close)

    app = create_app(publisher, config)
    app.on_cleanup.append(close_publisher)
    log.info("serving POST http://%s:%d/articles -> %s", host, port, config.topic)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving plain HTTP on %s: put a TLS-terminating proxy in front of it", host)
    web.run_app(app, host=host, port=port, print=None, access_log=log, **runner_options(config))


def runner_options(config: ServeConfig) -> dict[str, Any]:
    """aiohttp server options: the header timeout is its keep-alive timeout, which closes a
    connection that has no whole request head within that time, from the moment it
    opens and after each answer, however slowly bytes trickle in."""
    return {"keepalive_timeout": config.header_timeout}


# ---------------------------------------------------------------- OpenAPI
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}},
}
_RESULT = {
    "type": "object",
    "required": ["item", "ok"],
    "properties": {
        "item": {
            "type": ["integer", "null"],
            "description": "Line (JSON Lines) or position in a batch; null for a single document",
        },
        "ok": {"type": "boolean"},
        "id": {"type": "string"},
        "version": {"type": "integer"},
        "status": {"type": "string", "enum": ["withdrawn"]},
        "reason": {"type": "string"},
        "code": {"type": "string"},
    },
}


def wire_article_schema() -> dict[str, Any]:
    """``schemas/article.schema.json`` as an OpenAPI 3.1 component: the same JSON Schema
    (2020-12, which OpenAPI 3.1 uses as is), less its document-level keywords."""
    schema = {k: v for k, v in wire_schema().items() if k not in ("$schema", "$id")}
    schema["description"] = f"{schema.get('description', '')} (schemas/article.schema.json)"
    return schema


_NINJS = {
    "type": "object",
    "description": "An IPTC ninjs 1.x, 2.x or 3.x item (uri required; body_text, body_html "
    "or bodies; pubstatus canceled/withheld = kill notice)",
    "required": ["uri"],
    "properties": {
        "uri": {"type": "string"},
        "version": {"type": "string"},
        "pubstatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
        "headline": {"type": "string"},
        "body_text": {"type": "string"},
        "body_html": {"type": "string"},
        "versioncreated": {"type": "string"},
        "firstcreated": {"type": "string"},
        "language": {"type": "string"},
    },
}
_TEXT_BODY = {"type": "string"}


def openapi_spec() -> dict[str, Any]:
    wire = {"$ref": "#/components/schemas/WireArticle"}
    json_body = {"oneOf": [wire, _NINJS, {"type": "array", "items": wire, "minItems": 1}]}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "news-pipeline feed intake",
            "version": "1.0.0",
            "description": "Publish articles to the pipeline's raw topic over HTTP. "
            "See docs/feeds.md. Plain HTTP: beyond loopback, put a TLS-terminating proxy "
            "in front.",
        },
        "paths": {
            "/articles": {
                "post": {
                    "summary": "Publish one article or a batch",
                    "operationId": "postArticles",
                    "security": [{"apiKey": []}],
                    "parameters": [
                        {
                            "name": "format",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": list(INPUT_FORMATS)},
                            "description": "Force a format instead of detecting it",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": json_body},
                            "application/x-ndjson": {"schema": _TEXT_BODY},
                            "application/vnd.iptc.g2.newsitem+xml": {"schema": _TEXT_BODY},
                            "application/rss+xml": {"schema": _TEXT_BODY},
                            "text/plain": {"schema": _TEXT_BODY},
                        },
                    },
                    "responses": {
                        "202": {
                            "description": "Every article was acknowledged by the broker",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Accepted"}
                                }
                            },
                        },
                        "400": {
                            "description": "Invalid input; nothing was published",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Invalid"}
                                }
                            },
                        },
                        "401": {"description": "Missing or wrong X-API-Key", "content": error},
                        "408": {
                            "description": "The body did not arrive within HTTP_BODY_TIMEOUT",
                            "content": error,
                        },
                        "413": {
                            "description": "Body over HTTP_MAX_BODY_BYTES, or more than "
                            "HTTP_MAX_ITEMS articles; nothing was published",
                            "content": error,
                        },
                        "415": {"description": "Content-Type not accepted", "content": error},
                        "503": {
                            "description": "The broker did not acknowledge; resend",
                            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                            "content": error,
                        },
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness",
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "Serving",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"status": {"type": "string"}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1 document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}
            },
            "schemas": {
                "WireArticle": wire_article_schema(),
                "Error": _ERROR,
                "Accepted": {
                    "type": "object",
                    "required": ["accepted", "topic", "results"],
                    "properties": {
                        "accepted": {"type": "integer", "minimum": 1},
                        "topic": {"type": "string"},
                        "results": {"type": "array", "items": _RESULT},
                    },
                },
                "Invalid": {
                    "type": "object",
                    "required": ["error", "results"],
                    "properties": {
                        "error": {"type": "string"},
                        "results": {"type": "array", "items": _RESULT},
                    },
                },
            },
        },
    }
