"""``pipeline desk``: the newsroom desk, a read-only web page over the search server.

Server-rendered HTML (Jinja2, autoescaped: article text is data and is never
trusted as markup) with one small static script for live updates; every page
is also JSON (``?format=json``). Nothing is fetched from the internet: the
script, the style sheet and the histogram (inline SVG) come from here.

Security, in order of the checks:

* It binds 127.0.0.1 by default. Any other address needs ``DESK_TOKEN``
  (HTTP basic with any user name and the token as password, or a bearer
  token), and ``check_bind`` refuses to start without it. The token travels in
  clear over HTTP: put TLS (a reverse proxy) in front.
* Only GET and HEAD routes exist; there is nothing to write.
* A Content-Security-Policy allows scripts and styles from this origin only,
  so even a title that slipped past escaping could not run inline script.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from aiohttp import web
from elasticsearch import ApiError, NotFoundError, TransportError
from markupsafe import Markup, escape

from pipeline.desk.data import (
    ARRIVALS_MAX,
    HITS_PER_SEARCH,
    MARK_CLOSE,
    MARK_OPEN,
    Desk,
    DeskQuery,
)
from pipeline.errors import FatalError
from pipeline.index.writer import make_client
from pipeline.settings import Settings

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
LIVE_MODES = ("poll", "sse")
DEFAULT_LIVE = "poll"  # measured against server-sent events: docs/desk.md
POLL_MS = 1000  # how often an open search asks for arrivals
SSE_INTERVAL = POLL_MS / 1000  # the same pace, so the two modes compare fairly
SEEN_MAX = 200  # ids a poll may name as already on the page
SSE_MAX_S = 300.0  # a stream ends after this and the browser reconnects with its cursor

DESK: web.AppKey[Desk] = web.AppKey("desk", Desk)
TEMPLATES: web.AppKey[jinja2.Environment] = web.AppKey("templates", jinja2.Environment)
TOKEN: web.AppKey[str] = web.AppKey("token", str)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# -------------------------------------------------------------- safety checks
def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token (a fatal misconfiguration)."""
    if token is not None and len(token) < 16:
        raise FatalError("DESK_TOKEN must be at least 16 characters")
    if not is_loopback(host) and not token:
        raise FatalError(
            f"refusing to serve the desk on {host}: set DESK_TOKEN (or DESK_TOKEN_FILE) "
            "to require authentication, and put TLS in front"
        )


def authorized(header: str, token: str) -> bool:
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.strip().encode(), token.encode())
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _, _, password = decoded.partition(":")
        return hmac.compare_digest(password.encode(), token.encode())
    return False


# ------------------------------------------------------------------ rendering
def marked(text: str | None) -> Markup:
    """Escape a highlighted fragment, then turn only our markers into <mark>."""
    out: list[str] = []
    depth = 0
    for ch in text or "":
        if ch == MARK_OPEN:
            out.append("<mark>")
            depth += 1
        elif ch == MARK_CLOSE and depth:
            out.append("</mark>")
            depth -= 1
        elif ch != MARK_CLOSE:
            out.append(str(escape(ch)))
    out.append("</mark>" * depth)
    return Markup("".join(out))


def when(value: str | None) -> str:
    """A short time an editor reads at a glance: "Tue 20 May 14:05" (UTC)."""
    if not value:
        return ""
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)[:16]
    if t.tzinfo:
        t = t.astimezone(UTC)
    return t.strftime("%a %d %b %H:%M")


def day(value: str | None) -> str:
    return when(value)[:10]


def with_params(params: list[tuple[str, str]], drop: tuple[str, ...] = (), **add: str) -> str:
    """A query string from the current search, minus ``drop``, plus ``add``."""
    out = [(k, v) for k, v in params if k not in drop and k not in add]
    extra = [(k, v) for k, v in add.items() if v]
    return "?" + urlencode(out + extra) if out or extra else "?"


def add_entity(params: list[tuple[str, str]], name: str) -> str:
    if ("entity", name) in params:
        return with_params(params)
    return with_params([*params, ("entity", name)])


def drop_pair(params: list[tuple[str, str]], key: str, value: str) -> str:
    return with_params([(k, v) for k, v in params if (k, v) != (key, value)])


def is_web_url(value: object) -> bool:
    """Only http(s) links are made from article URLs (never ``javascript:`` or ``data:``)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


def path_part(value: str) -> str:
    return quote(value, safe="")


def templates() -> jinja2.Environment:
    folder = Path(str(resources.files("pipeline.desk") / "templates"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marked=marked, when=when, day=day, path=path_part)
    env.tests["web_url"] = is_web_url
    env.globals.update(
        with_params=with_params,
        add_entity=add_entity,
        drop_pair=drop_pair,
        POLL_MS=POLL_MS,
        HITS_PER_SEARCH=HITS_PER_SEARCH,
    )
    return env


def wants_json(request: web.Request) -> bool:
    if request.query.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, dumps=partial(json.dumps, ensure_ascii=False, default=str)
    )


def page(request: web.Request, name: str, data: dict[str, Any], **extra: Any) -> web.Response:
    if wants_json(request):
        return json_response(data)
    html = request.app[TEMPLATES].get_template(name).render(**data, **extra)
    return web.Response(text=html, content_type="text/html", charset="utf-8")


def fragment(request: web.Request, macro: str, *args: Any) -> str:
    module = request.app[TEMPLATES].get_template("parts.html").module
    return str(getattr(module, macro)(*args))


# ------------------------------------------------------------------- handlers
async def search_page(request: web.Request) -> web.Response:
    q = DeskQuery.from_params(request.query)
    live = request.query.get("live", DEFAULT_LIVE)
    data = await request.app[DESK].search(q)
    return page(
        request,
        "search.html",
        data,
        q=q,
        params=q.params(),
        live=live if live in LIVE_MODES else DEFAULT_LIVE,
        page_name="search",
        resolved={n["query"]: n for n in data["names"]},
    )


async def arrivals_data(
    request: web.Request, since: str | None, sent: list[str] | None = None
) -> dict[str, Any]:
    q = DeskQuery.from_params(request.query)
    try:
        lookback = timedelta(seconds=float(request.query.get("lookback", "0")))
    except (ValueError, OverflowError):
        lookback = timedelta(0)
    seen = sent or [i for i in request.query.get("seen", "").split(",") if 0 < len(i) <= 200]
    seen = seen[-SEEN_MAX:]
    try:  # smaller answers than the default only (the tests use it to force catch-up)
        limit = int(request.query.get("limit", str(ARRIVALS_MAX)))
    except ValueError:
        limit = ARRIVALS_MAX
    data = await request.app[DESK].arrivals(q, since, lookback, seen, limit)
    params = q.params()
    for a in data["articles"]:
        a["row_html"] = fragment(request, "article_row", a, params, True)
        a["group_html"] = fragment(request, "arrival_group", a, params)
    return data


async def arrivals(request: web.Request) -> web.Response:
    return json_response(await arrivals_data(request, request.query.get("since")))


async def arrivals_stream(request: web.Request) -> web.StreamResponse:
    """Server-sent events: the same incremental query, run here every ``SSE_INTERVAL``."""
    resp = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",  # nginx: do not buffer the stream
        }
    )
    await resp.prepare(request)
    since = request.headers.get("Last-Event-ID") or request.query.get("since")
    with contextlib.suppress(ConnectionResetError):  # the browser went away
        await stream_arrivals(request, resp, since)
    return resp


async def stream_arrivals(
    request: web.Request, resp: web.StreamResponse, since: str | None
) -> None:
    ended = time.monotonic() + SSE_MAX_S
    healthy: bool | None = None
    sent: list[str] = []  # ids this stream already delivered (the look-back overlaps)
    while time.monotonic() < ended:
        try:
            data = await arrivals_data(request, since, sent)
        except (TransportError, ApiError):
            if healthy is not False:
                await resp.write(b"event: outage\ndata: {}\n\n")
                healthy = False
            await asyncio.sleep(SSE_INTERVAL)
            continue
        if healthy is not True:
            await resp.write(b"event: ok\ndata: {}\n\n")
            healthy = True
        if data["articles"]:
            since = data["cursor"]
            sent = [*sent, *(a["id"] for a in data["articles"])][-SEEN_MAX:]
            body = json.dumps(data, ensure_ascii=False, default=str)
            await resp.write(f"id: {since}\ndata: {body}\n\n".encode())
        await asyncio.sleep(SSE_INTERVAL)


async def story_page(request: web.Request) -> web.Response:
    story_id = request.match_info["story_id"]
    data = await request.app[DESK].story(story_id)
    if data is None:
        raise web.HTTPNotFound(text=f"no story {story_id!r}")
    return page(request, "story.html", data, page_name="story", params=[])


async def article_page(request: web.Request) -> web.Response:
    article_id = request.match_info["article_id"][:512]
    data = await request.app[DESK].article(article_id)
    if data is None:
        raise web.HTTPNotFound(text=f"no article {article_id!r}")
    return page(request, "article.html", data, page_name="article", params=[])


async def alerts_page(request: web.Request) -> web.Response:
    data = await request.app[DESK].alerts()
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for a in data["alerts"]:
        by_rule.setdefault(a["rule"], []).append(a)
    return page(
        request, "alerts.html", data, by_rule=by_rule, page_name="alerts", params=[], live="poll"
    )


async def alerts_api(request: web.Request) -> web.Response:
    data = await request.app[DESK].alerts(since=request.query.get("since"), size=100)
    for a in data["alerts"]:
        a["row_html"] = fragment(request, "alert_row", a)
        a["section_html"] = fragment(request, "alert_section", a["rule"], [a])
    return json_response(data)


async def entity_page(request: web.Request) -> web.Response:
    name = request.match_info["name"][:200]
    data = await request.app[DESK].entity(name)
    return page(request, "entity.html", data, page_name="entity", params=[])


async def healthz(request: web.Request) -> web.Response:
    ok = await request.app[DESK].ping()
    return json_response({"desk": "ok", "search": ok}, status=200 if ok else 503)


# ----------------------------------------------------------------- middleware
@web.middleware
async def security(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = request.app.get(TOKEN)
    if token and not authorized(request.headers.get("Authorization", ""), token):
        resp: web.StreamResponse = web.Response(
            status=401,
            text="authentication required",
            headers={"WWW-Authenticate": 'Basic realm="desk", charset="UTF-8"'},
        )
    else:
        try:
            resp = await handler(request)
        except web.HTTPException as exc:
            resp = exc
        except Exception:  # a bug answers 500, with the same headers
            log.exception("desk error on %s", request.path)
            resp = web.Response(status=500, text="internal error")
    resp.headers.update(SECURITY_HEADERS)
    return resp


@web.middleware
async def outage(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A search server that does not answer is a page that says so, then recovers."""
    try:
        return await handler(request)
    except NotFoundError as exc:
        raise web.HTTPNotFound(text="not found") from exc
    except (TransportError, ApiError) as exc:
        if isinstance(exc, ApiError) and exc.meta.status < 500:
            log.warning("search refused a desk query: %s", str(exc)[:300])
            return web.Response(
                status=400, text="The search server could not run this query; try simpler words."
            )
        log.warning("search server not answering: %s", type(exc).__name__)
        message = "The search server is not answering."
        if wants_json(request) or request.path.startswith("/api/"):
            return json_response({"error": message, "search": False}, status=503)
        html = (
            request.app[TEMPLATES]
            .get_template("outage.html")
            .render(message=message, page_name="outage", params=[])
        )
        return web.Response(
            status=503,
            text=html,
            content_type="text/html",
            charset="utf-8",
            headers={"Retry-After": "2"},
        )


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[security, outage])
    token = settings.desk_token.get_secret_value() if settings.desk_token else ""
    if token:
        app[TOKEN] = token
    app[TEMPLATES] = templates()

    async def client_ctx(app: web.Application) -> Any:
        client = make_client(settings)
        app[DESK] = Desk(client, settings)
        yield
        await client.close()

    app.cleanup_ctx.append(client_ctx)
    static = Path(str(resources.files("pipeline.desk") / "static"))
    app.router.add_get("/", search_page)
    app.router.add_get("/api/arrivals", arrivals)
    app.router.add_get("/api/arrivals/stream", arrivals_stream)
    app.router.add_get("/story/{story_id}", story_page)
    app.router.add_get("/article/{article_id}", article_page)
    app.router.add_get("/alerts", alerts_page)
    app.router.add_get("/api/alerts", alerts_api)
    app.router.add_get("/entity/{name}", entity_page)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static", static)
    return app


def serve(settings: Settings, host: str, port: int) -> None:
    token = settings.desk_token.get_secret_value() if settings.desk_token else None
    check_bind(host, token)
    log.info("desk on http://%s:%d/", host, port)
    web.run_app(create_app(settings), host=host, port=port, print=None, access_log=None)
