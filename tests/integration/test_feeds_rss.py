"""Feed polling against a real HTTP server on 127.0.0.1 and the real broker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest

from pipeline.feeds.producer import Publisher
from pipeline.feeds.rss import FeedPoller, FeedStore, PollResult
from pipeline.ops import read_dead_letters, read_topic
from pipeline.settings import Settings
from pipeline.topics import ensure_topics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
RSS = (FIXTURES / "feed-rss.xml").read_bytes()
ATOM = (FIXTURES / "feed-atom.atom").read_bytes()
EXTRA_ITEM = b"""    <item>
      <title>Harbour seals counted from the air</title>
      <link>https://larkspur.test/nordic/seal-count</link>
      <guid isPermaLink="false">larkspur-nordic-0004</guid>
      <pubDate>Wed, 21 May 2025 08:00:00 +0000</pubDate>
      <description>VARDO, May 21 (Larkspur Wire) - A survey flight counted more seals than last year.</description>
    </item>
  </channel>"""


@dataclass
class FeedSite:
    """What the test server serves, and what it saw."""

    feeds: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, etag)
    use_etags: bool = True
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, If-None-Match)
    release: threading.Event = field(default_factory=threading.Event)


def make_handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("If-None-Match")))
            if self.path == "/hang":  # accepts the connection, never answers in time
                site.release.wait(30)
                return
            if self.path == "/html":
                self._send(200, (FIXTURES / "page.html").read_bytes(), "text/html; charset=utf-8")
                return
            if self.path not in site.feeds:
                self._send(404, b"<h1>Not Found</h1>", "text/html")
                return
            body, etag = site.feeds[self.path]
            if site.use_etags and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            headers = {"ETag": etag} if site.use_etags else {}
            self._send(200, body, "application/rss+xml", headers)

        def _send(
            self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[tuple[FeedSite, str]]:
    state = FeedSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def publisher(settings: Settings) -> Iterator[Publisher]:
    ensure_topics(settings)
    pub = Publisher(settings)
    yield pub
    pub.close()


def poller(
    settings: Settings, publisher: Publisher, *, timeout: float = 5.0, interval: float = 300.0
) -> FeedPoller:
    store = FeedStore(settings.state_dir / "feeds" / "rss.sqlite")
    return FeedPoller(
        publisher,
        store,
        max_article_bytes=settings.max_article_bytes,
        timeout=timeout,
        interval=interval,
    )


def raw_ids(settings: Settings) -> list[str]:
    return [orjson.loads(v)["id"] for v in read_topic(settings, settings.raw_topic)]


def test_each_entry_published_once_with_conditional_get_across_restarts(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    url = f"{base}/nordic.xml"
    state.feeds["/nordic.xml"] = (RSS, '"v1"')
    p = poller(settings, publisher)
    first = p.poll(url)
    assert (first.outcome, first.published, first.rejected) == ("fetched", 2, 1)

    second = p.poll(url)  # unchanged: the server answers 304 to our ETag
    assert second.outcome == "not_modified" and second.published == 0
    assert state.requests[-1] == ("/nordic.xml", '"v1"')

    # the feed repeats its old items and adds one
    state.feeds["/nordic.xml"] = (RSS.replace(b"  </channel>", EXTRA_ITEM), '"v2"')
    third = p.poll(url)
    assert (third.published, third.unchanged, third.rejected) == (1, 3, 0)
    p.store.close()

    # a restarted poller, and a server that stopped sending validators: still nothing twice
    state.use_etags = False
    restarted = poller(settings, publisher)
    fourth = restarted.poll(url)
    assert (fourth.outcome, fourth.published, fourth.unchanged) == ("fetched", 0, 4)
    restarted.store.close()

    ids = raw_ids(settings)
    assert len(ids) == 3 == len(set(ids))
    letters = read_dead_letters(settings)
    assert [(d.file, d.line, d.code) for d in letters] == [(url, 3, "empty_body")]


def test_an_updated_entry_is_published_as_the_next_version(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    url = f"{base}/atom"
    state.feeds["/atom"] = (ATOM, '"a1"')
    p = poller(settings, publisher)
    assert p.poll(url).published == 2
    edited = ATOM.replace(
        b"<updated>2025-05-21T10:00:00Z</updated>", b"<updated>2025-05-21T16:00:00Z</updated>"
    ).replace(b"reopened on Wednesday", b"reopened on Wednesday afternoon")
    state.feeds["/atom"] = (edited, '"a2"')
    result = p.poll(url)
    assert (result.published, result.updated, result.unchanged) == (1, 1, 1)
    p.store.close()
    records = [orjson.loads(v) for v in read_topic(settings, settings.raw_topic)]
    glacier = sorted(
        (r["version"], r["body"]) for r in records if r["url"].endswith("glacier-path")
    )
    assert [v for v, _ in glacier] == [1, 2]
    assert "afternoon" in glacier[1][1] and "afternoon" not in glacier[0][1]
    assert len({r["id"] for r in records if r["url"].endswith("glacier-path")}) == 1


def test_html_404_and_silence_are_reported_and_the_loop_goes_on(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/good"] = (RSS, '"g"')
    p = poller(settings, publisher, timeout=0.5, interval=60.0)
    seen: list[PollResult] = []
    results = p.run(
        [f"{base}/html", f"{base}/missing", f"{base}/hang", f"{base}/good"],
        threading.Event(),
        rounds=1,
        on_result=seen.append,
    )
    assert seen == results
    by_path = {r.url.rsplit("/", 1)[1]: r for r in results}
    assert "HTML page" in (by_path["html"].error or "")
    assert "text/html" in (by_path["html"].error or "")
    assert by_path["missing"].http_status == 404
    assert (by_path["missing"].error or "").startswith("HTTP 404 Not Found")
    assert "no answer within 0.5s" in (by_path["hang"].error or "")
    assert by_path["good"].ok and by_path["good"].published == 2  # after three failures
    for name in ("html", "missing", "hang"):
        r = by_path[name]
        assert not r.ok and r.failures == 1
        assert p.next_delay(r) == 120.0  # backoff: twice the interval after one failure

    again = p.poll(f"{base}/missing")
    assert again.failures == 2 and p.next_delay(again) == 240.0
    p.store.close()
    assert len(raw_ids(settings)) == 2


def test_stop_ends_the_loop(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/good"] = (RSS, '"g"')
    p = poller(settings, publisher, interval=3600.0)
    stop = threading.Event()

    def stop_after_first(result: PollResult) -> None:
        stop.set()

    results = p.run([f"{base}/good"], stop, on_result=stop_after_first)
    assert len(results) == 1 and results[0].published == 2
    p.store.close()
