"""Poll RSS/Atom feeds and publish each entry once: ``pipeline feeds poll URL...``.

* httpx fetches (so timeouts and the size limit are ours), feedparser only
  parses the bytes. Requests are conditional (If-None-Match/If-Modified-Since
  from the last good answer), so an unchanged feed costs a 304.
* Entries already published are remembered durably (sqlite under STATE_DIR),
  keyed by feed URL and the entry's guid/id (else its link): a feed repeating
  an entry for days publishes it once, also across restarts. An entry whose
  ``updated`` date moves forward is published again as the next version of the
  same article id, so the index keeps the newest text.
* An entry is marked seen only after the broker acknowledged it, and the
  validators are kept only when everything was acknowledged: a broker outage
  means a full fetch next time, never a lost entry. A crash between the ack and
  the bookkeeping re-sends an entry with the same id and version, which the
  index treats as the same document (at-least-once, idempotent downstream).
* Each feed is fetched at most once per interval. A failure (HTML instead of
  a feed, 404, no answer, a broken document, a broker error) is logged with its
  reason and the feed is retried later with exponential backoff (and never
  sooner than a Retry-After); nothing stops the loop but a stop request, and
  no exception from one feed stops the others.
* Hostile feeds: every connection, redirects included, goes through the
  outbound guard (``pipeline/outbound.py``: no loopback, private or metadata
  address unless ``FEED_ALLOW_HOSTS`` names it); the body is bounded by
  ``FEED_MAX_BYTES`` while it arrives; the document is defused before
  feedparser sees it (``feedsafe.py``: no DTD, no entity expansion, no
  quadratic fallback parse). One entry that cannot be read is logged, counted
  (``pipeline_feed_entries_rejected_total``) and dead-lettered with its reason
  and its own bytes (a one-entry copy of the feed, so it can be replayed); the
  other entries go on.
* Credentials in a feed URL (``https://user:token@host/feed``, ``?api_key=``)
  are used for the request only: the stored state, ``source``, resolved links,
  logs, results and dead letters see the URL without them.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from pipeline.errors import PermanentError
from pipeline.feeds.feedsafe import read_feed
from pipeline.feeds.formats import FeedEntry, xml_root_name
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Item, Parsed, Rejected
from pipeline.metrics import FEED_ENTRIES_REJECTED, FEED_POLL_FAILURES
from pipeline.outbound import (
    ForbiddenDestination,
    OutboundPolicy,
    Resolver,
    guarded_transport,
    scrub,
    strip_credentials,
)
from pipeline.retry import backoff, retry_after_seconds

log = logging.getLogger(__name__)

USER_AGENT = "news-pipeline-feeds/0.1"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
MAX_FEED_BYTES = 10 * 1024 * 1024


@dataclass
class PollResult:
    url: str
    outcome: Literal["fetched", "not_modified", "error"]
    http_status: int | None = None
    published: int = 0  # new entries and new versions acknowledged by the broker
    updated: int = 0  # of which new versions of entries seen before
    rejected: int = 0  # entries sent to the dead-letter topic
    unchanged: int = 0  # entries seen before, skipped
    error: str | None = None
    retry_after: float | None = None
    failures: int = 0  # consecutive failed polls of this feed, this one included

    @property
    def ok(self) -> bool:
        return self.outcome != "error"

    def describe(self) -> str:
        if self.outcome == "error":
            return f"{self.url}: {self.error} (failure {self.failures} in a row)"
        if self.outcome == "not_modified":
            return f"{self.url}: not modified"
        return (
            f"{self.url}: {self.published} published ({self.updated} updates), "
            f"{self.rejected} rejected, {self.unchanged} already seen"
        )


@dataclass(frozen=True)
class Seen:
    article_id: str | None
    version: int
    updated: str | None


class FeedStore:
    """Durable feed state: HTTP validators, failure counts, entries already published."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        with self.db:
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, "
                "last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, "
                "last_status INTEGER, checked_at REAL)"
            )
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS entries (feed_url TEXT NOT NULL, entry_key TEXT "
                "NOT NULL, article_id TEXT, version INTEGER NOT NULL, updated TEXT, "
                "first_seen REAL NOT NULL, PRIMARY KEY (feed_url, entry_key))"
            )

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self._lock:
            row = self.db.execute(
                "SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def record(
        self,
        url: str,
        *,
        ok: bool,
        status: int | None,
        error: str | None = None,
        validators: tuple[str | None, str | None] | None = None,
    ) -> int:
        """Record one poll; ``validators`` (ETag, Last-Modified) replace the stored ones
        only when given. Returns the consecutive failure count after this poll."""
        with self._lock, self.db:
            row = self.db.execute(
                "SELECT failures, etag, last_modified FROM feeds WHERE url = ?", (url,)
            ).fetchone()
            failures = 0 if ok else (row[0] if row else 0) + 1
            etag, last_modified = validators or ((row[1], row[2]) if row else (None, None))
            self.db.execute(
                "INSERT INTO feeds (url, etag, last_modified, failures, last_error, "
                "last_status, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO "
                "UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "failures = excluded.failures, last_error = excluded.last_error, "
                "last_status = excluded.last_status, checked_at = excluded.checked_at",
                (url, etag, last_modified, failures, error, status, time.time()),
            )
        return failures

    def seen(self, url: str, key: str) -> Seen | None:
        with self._lock:
            row = self.db.execute(
                "SELECT article_id, version, updated FROM entries WHERE feed_url = ? "
                "AND entry_key = ?",
                (url, key),
            ).fetchone()
        return Seen(row[0], row[1], row[2]) if row else None

    def mark_seen(
        self, url: str, key: str, article_id: str | None, version: int, updated: str | None
    ) -> None:
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO entries (feed_url, entry_key, article_id, version, updated, "
                "first_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(feed_url, entry_key) DO "
                "UPDATE SET article_id = excluded.article_id, version = excluded.version, "
                "updated = excluded.updated",
                (url, key, article_id, version, updated, time.time()),
            )

    def close(self) -> None:
        self.db.close()


def _looks_like_html(content_type: str, body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    if head.startswith(b"<!doctype html") or xml_root_name(body[:65536]) == "html":
        return True
    return "html" in content_type and not head.startswith(b"<?xml")


class FeedPoller:
    """Fetch, parse and publish feeds; one instance per ``pipeline feeds poll`` process."""

    def __init__(
        self,
        publisher: Publisher,
        store: FeedStore,
        *,
        max_article_bytes: int,
        interval: float = 300.0,
        timeout: float = 20.0,
        max_backoff: float = 3600.0,
        max_feed_bytes: int = MAX_FEED_BYTES,
        client: httpx.Client | None = None,
        policy: OutboundPolicy | None = None,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if interval <= 0 or timeout <= 0:
            raise ValueError("interval and timeout must be positive")
        self.publisher = publisher
        self.store = store
        self.max_article_bytes = max_article_bytes
        self.interval = interval
        self.timeout = timeout
        self.max_backoff = max(max_backoff, interval)
        self.max_feed_bytes = max_feed_bytes
        self.policy = (
            policy if policy is not None else OutboundPolicy(allow_setting="FEED_ALLOW_HOSTS")
        )
        # Every hop of a redirect is a new connection through the guard.
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
            transport=transport or guarded_transport(self.policy, resolver=resolver),
            trust_env=False,
        )

    # ------------------------------------------------------------- one poll
    def _fetch(self, url: str, safe: str) -> tuple[httpx.Response, bytes]:
        problem = self.policy.check_url(url)
        if problem:
            raise ForbiddenDestination(problem)
        # user info goes as basic auth, never in the URL httpx logs and reports
        auth: tuple[str, str] | None = None
        parts = urlsplit(url)
        if parts.username is not None:
            auth = (unquote(parts.username), unquote(parts.password or ""))
            url = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
        etag, last_modified = self.store.validators(safe)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.timeout * 3  # a server dripping bytes forever
        with self.client.stream("GET", url, headers=headers, auth=auth) as resp:
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.max_feed_bytes:
                    raise PermanentError(
                        f"feed larger than {self.max_feed_bytes} bytes", code="too_large"
                    )
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"body not complete after {self.timeout * 3:g}s")
                chunks.append(chunk)
        return resp, b"".join(chunks)

    def _fail(
        self,
        url: str,
        error: str,
        status: int | None = None,
        retry_after: float | None = None,
        code: str = "fetch",
    ) -> PollResult:
        """``url`` is already free of credentials; ``error`` has been scrubbed."""
        FEED_POLL_FAILURES.labels(code=code).inc()
        failures = self.store.record(url, ok=False, status=status, error=error)
        log.warning("feed %s: %s (failure %d in a row)", url, error, failures)
        return PollResult(
            url,
            "error",
            http_status=status,
            error=error,
            retry_after=retry_after,
            failures=failures,
        )

    def poll(self, url: str) -> PollResult:
        """Fetch one feed once and publish what is new; never raises.

        ``url`` may carry credentials; only the request sees them.
        """
        safe = strip_credentials(url)
        try:
            return self._poll(url, safe)
        except Exception as exc:  # a bug or an unforeseen error: this feed only
            log.exception("feed %s: poll crashed", safe)
            return self._fail(
                safe, scrub(f"poll crashed: {type(exc).__name__}: {exc}", url), code="crash"
            )

    def _poll(self, real_url: str, url: str) -> PollResult:
        try:
            resp, body = self._fetch(real_url, url)
        except httpx.TimeoutException as exc:
            return self._fail(url, f"no answer within {self.timeout:g}s ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            return self._fail(url, scrub(f"fetch failed: {type(exc).__name__}: {exc}", real_url))
        except ForbiddenDestination as exc:
            return self._fail(url, f"refused: {exc.reason}", code="forbidden")
        except PermanentError as exc:
            return self._fail(url, scrub(exc.reason, real_url), code=exc.code)
        status = resp.status_code
        if status == 304:
            self.store.record(url, ok=True, status=status)
            return PollResult(url, "not_modified", http_status=status)
        if status >= 400:
            hint = {404: ": the feed URL does not exist", 410: ": the feed was removed"}
            return self._fail(
                url,
                f"HTTP {status} {resp.reason_phrase}{hint.get(status, '')}",
                status,
                retry_after_seconds(resp.headers.get("Retry-After")),
            )
        content_type = resp.headers.get("Content-Type", "")
        if _looks_like_html(content_type.lower(), body):
            return self._fail(
                url,
                f"the URL answered an HTML page ({content_type or 'no Content-Type'}), "
                "not an RSS or Atom feed",
                status,
            )
        try:
            entries = read_feed(
                body,
                url=url,
                max_article_bytes=self.max_article_bytes,
                max_feed_bytes=self.max_feed_bytes,
                content_type=content_type,
            )
        except PermanentError as exc:
            return self._fail(url, scrub(exc.reason, real_url), status, code=exc.code)
        result = self._publish(url, entries)
        result.http_status = status
        if result.error is not None:
            # keep the old validators: the next poll fetches in full and retries
            result.outcome = "error"
            result.failures = self.store.record(url, ok=False, status=status, error=result.error)
            log.warning("feed %s: %s", url, result.error)
            return result
        validators = (resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
        self.store.record(url, ok=True, status=status, validators=validators)
        return result

    def _publish(self, url: str, entries: list[FeedEntry]) -> PollResult:
        result = PollResult(url, "fetched")
        items: list[Item] = []
        todo: list[tuple[FeedEntry, int]] = []  # entry, version to record
        for entry in entries:
            prev = self.store.seen(url, entry.key)
            r = entry.result
            if prev is None:
                version = r.article.version if r.article else 0
            elif r.article and entry.updated and (prev.updated or "") < entry.updated:
                version = max(prev.version + 1, r.article.version)
                r.article.version = version
                result.updated += 1
            else:
                result.unchanged += 1
                continue
            if r.article is not None:
                items.append(Parsed(url, r.position, r.article))
            else:
                err = r.error or PermanentError("unreadable entry")
                FEED_ENTRIES_REJECTED.labels(code=err.code).inc()
                log.warning("feed %s: entry %d refused: %s", url, r.position, err.reason)
                items.append(Rejected(url, r.position, err.reason, err.code, r.payload))
            todo.append((entry, version))
        if not items:
            return result
        report = self.publisher.publish(items)
        acked = set(report.ids)
        for entry, version in todo:
            art = entry.result.article
            if art is not None and art.id in acked:
                self.store.mark_seen(url, entry.key, art.id, version, entry.updated)
            elif art is None and not report.failed:
                self.store.mark_seen(url, entry.key, None, 0, entry.updated)
        result.published = report.published
        result.rejected = len(report.rejected)
        if report.failed:
            result.error = f"{len(report.failed)} sends not acknowledged: {report.failed[0][1]}"
        return result

    # ------------------------------------------------------------- the loop
    def next_delay(self, result: PollResult) -> float:
        """Seconds until this feed's next poll: the interval, or backoff after failures.

        A poll schedule, not a retry: the loop goes on with the other feeds and
        polls this one again at its next turn whatever happened, so no retry
        controller wraps the fetch. Only the spacing after failures is the
        policy's (``pipeline.retry.backoff``: the interval doubled per failure,
        capped), stretched to a feed's own Retry-After (up to a day).
        """
        if result.ok:
            return self.interval
        delay = backoff(result.failures + 1, first=self.interval, cap=self.max_backoff)
        if result.retry_after is not None:
            delay = max(delay, min(result.retry_after, 86_400.0))
        return delay

    def run(
        self,
        urls: Iterable[str],
        stop: threading.Event,
        *,
        rounds: int | None = None,
        on_result: Callable[[PollResult], None] | None = None,
    ) -> list[PollResult]:
        """Poll every feed when it is due until ``stop`` is set (or ``rounds`` polls each)."""
        due = dict.fromkeys(dict.fromkeys(urls), 0.0)  # url -> monotonic time it is due
        polls = dict.fromkeys(due, 0)
        results: list[PollResult] = []
        while due and not stop.is_set():
            url = min(due, key=lambda u: due[u])
            wait = due[url] - time.monotonic()
            if wait > 0 and stop.wait(wait):
                break
            result = self.poll(url)
            results.append(result)
            if on_result:
                on_result(result)
            polls[url] += 1
            if rounds is not None and polls[url] >= rounds:
                del due[url]
            else:
                due[url] = time.monotonic() + self.next_delay(result)
        return results

    def close(self) -> None:
        self.client.close()
