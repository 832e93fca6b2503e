"""Feed polling against a real HTTP server on 127.0.0.1 and the real broker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson
import pytest

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed, read_bytes
from pipeline.feeds.rss import FeedPoller, FeedStore, PollResult
from pipeline.ops import read_dead_letters, read_topic
from pipeline.outbound import OutboundPolicy, guarded_transport
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import LoopbackRecorder

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
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    auth: list[str | None] = field(default_factory=list)  # Authorization headers seen
    release: threading.Event = field(default_factory=threading.Event)


def make_handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("If-None-Match")))
            site.auth.append(self.headers.get("Authorization"))
            if self.path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
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


# The test server listens on 127.0.0.1, which the guard refuses unless allowed.
LOCAL = OutboundPolicy(allow_hosts=frozenset({"127.0.0.1"}), allow_setting="FEED_ALLOW_HOSTS")


def poller(
    settings: Settings,
    publisher: Publisher,
    *,
    timeout: float = 5.0,
    interval: float = 300.0,
    **kw: object,
) -> FeedPoller:
    store = FeedStore(settings.state_dir / "feeds" / "rss.sqlite")
    return FeedPoller(
        publisher,
        store,
        max_article_bytes=settings.max_article_bytes,
        timeout=timeout,
        interval=interval,
        policy=LOCAL,
        **kw,  # type: ignore[arg-type]
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


def test_a_redirect_to_cloud_metadata_is_refused_and_nothing_published(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.redirects["/moved"] = "http://169.254.169.254/latest/meta-data/"
    rec = LoopbackRecorder()
    p = poller(settings, publisher, transport=guarded_transport(LOCAL, inner=rec))
    result = p.poll(f"{base}/moved")
    p.store.close()
    assert not result.ok
    assert result.error == (
        "refused: 169.254.169.254 is a cloud metadata address; allow it with FEED_ALLOW_HOSTS"
    )
    assert [host for host, _ in rec.attempts] == ["127.0.0.1"]
    assert raw_ids(settings) == []


def test_loopback_is_refused_without_an_allow_entry(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/good"] = (RSS, '"g"')
    store = FeedStore(settings.state_dir / "feeds" / "rss.sqlite")
    p = FeedPoller(publisher, store, max_article_bytes=settings.max_article_bytes)
    result = p.poll(f"{base}/good")
    store.close()
    assert "127.0.0.1 is a loopback address; allow it with FEED_ALLOW_HOSTS" in (result.error or "")
    assert state.requests == []


RELATIVE = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><description>no title</description>
<item><title>Ferry</title><link>/news/ferry</link><guid>rel-1</guid>
<description>TROMSO, May 21 - The ferry runs late.</description></item>
<item><title>Empty</title><guid>rel-2</guid></item>
</channel></rss>"""


def test_credentials_in_the_feed_url_are_never_stored_logged_or_published(
    settings: Settings,
    publisher: Publisher,
    site: tuple[FeedSite, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    state, base = site
    state.feeds["/private.xml?api_key=K9-SECRET&lang=en"] = (RELATIVE, '"p"')
    host = base.removeprefix("http://")
    url = f"http://reader:TOKEN-SECRET@{host}/private.xml?api_key=K9-SECRET&lang=en"
    p = poller(settings, publisher)
    with caplog.at_level("DEBUG"):
        result = p.poll(url)
        p.poll(f"http://reader:TOKEN-SECRET@{host}/missing?api_key=K9-SECRET")
    p.store.close()
    assert (result.published, result.rejected) == (1, 1)
    assert state.auth[0] is not None  # the request itself did carry the credentials
    [record] = [orjson.loads(v) for v in read_topic(settings, settings.raw_topic)]
    assert record["url"] == f"http://{host}/news/ferry"
    assert record["source"] == "127.0.0.1"
    [letter] = read_dead_letters(settings)
    seen = [
        result.url,
        str(result.__dict__),
        caplog.text,
        str(record),
        letter.model_dump_json(),
        (settings.state_dir / "feeds" / "rss.sqlite").read_bytes().decode("latin-1"),
    ]
    for text in seen:
        assert "TOKEN-SECRET" not in text and "K9-SECRET" not in text
    assert result.url == f"http://{host}/private.xml?lang=en"


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "'
    + b"ha" * 500
    + b'">\n]>\n<rss version="2.0"><channel><title>Bomb</title>'
    b"<item><guid>b-1</guid><title>t</title><description>"
    + b"&big;" * 1200
    + b"</description></item></channel></rss>"
)


def test_internal_entities_are_never_expanded(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/bomb"] = (ENTITY_BOMB, '"b"')
    p = poller(settings, publisher)
    result = p.poll(f"{base}/bomb")
    p.store.close()
    assert len(ENTITY_BOMB) < 8000
    assert result.ok and result.published == 1
    [record] = [orjson.loads(v) for v in read_topic(settings, settings.raw_topic)]
    assert "haha" not in record["body"] and len(record["body"]) < 10_000


BAD_ENTRY = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Odd Dates</title><id>tag:odd</id>
<entry><id>tag:odd:1</id><title>Year zero</title><updated>0000-01-01T00:00:00Z</updated>
<link href="https://odd.test/1"/><summary>OSLO - A date that never was.</summary></entry>
<entry><id>tag:odd:2</id><title>Fine</title><updated>2025-05-21T10:00:00Z</updated>
<link href="https://odd.test/2"/><summary>OSLO - A date that was.</summary></entry>
</feed>"""


def test_one_bad_entry_is_dead_lettered_with_its_own_bytes_and_the_feed_goes_on(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/odd"] = (BAD_ENTRY, '"o"')
    p = poller(settings, publisher)
    result = p.poll(f"{base}/odd")
    p.store.close()
    assert result.ok and (result.published, result.rejected) == (1, 1)
    [letter] = read_dead_letters(settings)
    assert letter.line == 1 and letter.format == "rss"
    # the letter holds the entry's original bytes in a one-entry copy of the feed
    assert b"Year zero" in letter.payload and b"tag:odd:2" not in letter.payload
    assert letter.payload.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    items = list(read_bytes("x", letter.payload, settings.max_article_bytes, "rss"))
    assert len(items) == 1 and not isinstance(items[0], Parsed)


class CrashOn(FeedPoller):
    """A poller with a bug that shows on one feed only."""

    def _publish(self, url: str, entries: list[Any]) -> PollResult:
        if url.endswith("/cursed"):
            raise KeyError("a bug")
        return super()._publish(url, entries)


def test_a_feed_that_crashes_the_poll_does_not_stop_the_others(
    settings: Settings, publisher: Publisher, site: tuple[FeedSite, str]
) -> None:
    state, base = site
    state.feeds["/cursed"] = (RSS, '"c"')
    state.feeds["/good"] = (ATOM, '"g"')
    store = FeedStore(settings.state_dir / "feeds" / "rss.sqlite")
    p = CrashOn(publisher, store, max_article_bytes=settings.max_article_bytes, policy=LOCAL)
    results = p.run([f"{base}/cursed", f"{base}/good"], threading.Event(), rounds=1)
    store.close()
    by_path = {r.url.rsplit("/", 1)[1]: r for r in results}
    assert "poll crashed: KeyError" in (by_path["cursed"].error or "")
    assert by_path["good"].ok and by_path["good"].published == 2
