"""The outbound guard: addresses, names, redirects and deliveries.

No traffic leaves loopback: names are resolved by a table the test gives, and
the network backend under the guard is a recorder that connects only to
127.0.0.1 (anything else it records and refuses), so even a broken guard
could not reach 169.254.169.254.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from pipeline.alerts.dedup import Alert, ArticleRef, Matched
from pipeline.alerts.webhooks import WebhookDispatcher, WebhookFailure
from pipeline.outbound import (
    ForbiddenDestination,
    OutboundPolicy,
    address_kind,
    guarded_transport,
    literal_ip,
    policy_from,
    scrub,
    strip_credentials,
)
from pipeline.settings import Settings
from tests.helpers import LoopbackRecorder


def table(mapping: dict[str, list[str]]) -> Any:
    def resolve(host: str, port: int) -> list[str]:
        if host not in mapping:
            raise OSError(f"unknown test name {host}")
        return mapping[host]

    return resolve


class Redirector:
    """127.0.0.1 server: /go answers 302 to the target given, /feed answers 200."""

    def __init__(self, target: str) -> None:
        self.hits: list[tuple[str, str | None]] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                hits.append((self.path, self.headers.get("Host")))
                if self.path == "/go":
                    self.send_response(302)
                    self.send_header("Location", target)
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.hits = hits  # type: ignore[attr-defined]
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()
        self.port = self.httpd.server_address[1]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def metadata_redirect() -> Iterator[Redirector]:
    r = Redirector("http://169.254.169.254/latest/meta-data/")
    yield r
    r.close()


ALLOW_LOCAL = OutboundPolicy(allow_hosts=frozenset({"127.0.0.1"}), allow_setting="FEED_ALLOW_HOSTS")


# --- addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.1", "loopback"),
        ("0x7f.0.0.1", "loopback"),
        ("0177.0.0.1", "loopback"),
        ("2130706433", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:7f00:1", "loopback"),
        ("64:ff9b::7f00:1", "loopback"),
        ("::127.0.0.1", "loopback"),
        ("2002:7f00:1::", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("169.254.10.10", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("10.0.0.7", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("::ffff:10.0.0.7", "private"),
        ("fd12:3456::1", "unique-local"),
        ("100.64.1.1", "shared"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "reserved"),
    ],
)
def test_internal_addresses_are_named(host: str, kind: str) -> None:
    ip = literal_ip(host)
    assert ip is not None
    got = address_kind(ip)
    assert got is not None and kind in got


@pytest.mark.parametrize("host", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(host: str) -> None:
    ip = literal_ip(host)
    assert ip is not None and address_kind(ip) is None


# --- names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST.", "localhost.localdomain", "ip6-localhost", "a.localhost"]
)
def test_names_of_this_machine_are_refused_without_dns(host: str) -> None:
    problem = OutboundPolicy().check_host(host)
    assert problem is not None and "loopback" in problem


def test_every_resolved_address_is_checked() -> None:
    policy = OutboundPolicy()
    resolve = table(
        {
            "hooks.example.test": ["93.184.215.14"],
            "split.example.test": ["93.184.215.14", "127.0.0.1"],
            "sneaky.example.test": ["::ffff:169.254.169.254"],
        }
    )
    assert policy.addresses("hooks.example.test", 443, resolve) == ["93.184.215.14"]
    with pytest.raises(ForbiddenDestination) as exc:
        policy.addresses("split.example.test", 443, resolve)
    assert exc.value.reason == (
        "split.example.test resolves to 127.0.0.1, a loopback address; "
        "allow it with WEBHOOK_ALLOW_HOSTS"
    )
    with pytest.raises(ForbiddenDestination, match="cloud metadata"):
        policy.addresses("sneaky.example.test", 443, resolve)


def test_allow_list_names_addresses_and_networks_and_deny_wins() -> None:
    resolve = table({"relay.internal": ["10.1.2.3"], "other.internal": ["10.1.9.9"]})
    by_name = OutboundPolicy(allow_hosts=frozenset({"relay.internal"}))
    assert by_name.addresses("relay.internal", 80, resolve) == ["10.1.2.3"]
    with pytest.raises(ForbiddenDestination):
        by_name.addresses("other.internal", 80, resolve)
    by_net = OutboundPolicy(allow_hosts=frozenset({"10.1.2.0/24"}))
    assert by_net.addresses("relay.internal", 80, resolve) == ["10.1.2.3"]
    with pytest.raises(ForbiddenDestination):
        by_net.addresses("other.internal", 80, resolve)
    denied = OutboundPolicy(
        allow_hosts=frozenset({"10.0.0.0/8"}), deny_hosts=frozenset({"10.1.2.3"})
    )
    with pytest.raises(ForbiddenDestination, match="deny list"):
        denied.addresses("relay.internal", 80, resolve)


def test_policy_from_settings_uses_the_configured_lists() -> None:
    s = Settings(
        kafka_bootstrap="kafka-1.internal:9092",
        es_url="https://search.internal:9200",
        webhook_allow_hosts="relay.internal, 10.9.0.0/16",
        webhook_deny_hosts="hooks.banned.test",
    )
    p = OutboundPolicy.for_webhooks(s)
    assert p.check_host("relay.internal") is None
    assert "deny list" in (p.check_host("kafka-1.internal") or "")
    assert "deny list" in (p.check_host("hooks.banned.test") or "")
    assert p.check_host("10.9.1.1") is None
    feeds = OutboundPolicy.for_feeds(s)
    assert "FEED_ALLOW_HOSTS" in (feeds.check_host("10.9.1.1") or "")
    # the own services can be allowed only by naming them explicitly
    assert (
        policy_from("search.internal", (), ["search.internal"], allow_setting="X").check_host(
            "search.internal"
        )
        is None
    )


# --- through the HTTP client ---------------------------------------------------------------


def test_a_redirect_to_metadata_is_refused_before_connecting(
    metadata_redirect: Redirector,
) -> None:
    rec = LoopbackRecorder()
    with (
        httpx.Client(
            transport=guarded_transport(ALLOW_LOCAL, inner=rec), follow_redirects=True
        ) as client,
        pytest.raises(ForbiddenDestination) as exc,
    ):
        client.get(f"http://127.0.0.1:{metadata_redirect.port}/go")
    assert "169.254.169.254 is a cloud metadata address" in exc.value.reason
    assert "FEED_ALLOW_HOSTS" in exc.value.reason
    assert rec.attempts == [("127.0.0.1", metadata_redirect.port)]
    assert metadata_redirect.hits == [("/go", f"127.0.0.1:{metadata_redirect.port}")]


def test_a_redirect_to_a_name_resolving_to_loopback_is_refused() -> None:
    r = Redirector("http://innocent.example.test/feed")
    try:
        rec = LoopbackRecorder()
        resolve = table({"innocent.example.test": ["::1"]})
        transport = guarded_transport(ALLOW_LOCAL, resolver=resolve, inner=rec)
        client = httpx.Client(transport=transport, follow_redirects=True)
        with client, pytest.raises(ForbiddenDestination, match="resolves to ::1, a loopback"):
            client.get(f"http://127.0.0.1:{r.port}/go")
        assert rec.attempts == [("127.0.0.1", r.port)]
    finally:
        r.close()


def test_an_allowed_name_connects_to_the_checked_address_with_its_host_header() -> None:
    r = Redirector("unused")
    try:
        rec = LoopbackRecorder()
        policy = OutboundPolicy(allow_hosts=frozenset({"feeds.internal"}))
        resolve = table({"feeds.internal": ["127.0.0.1"]})
        transport = guarded_transport(policy, resolver=resolve, inner=rec)
        with httpx.Client(transport=transport) as client:
            assert client.get(f"http://feeds.internal:{r.port}/feed").status_code == 200
        assert rec.attempts == [("127.0.0.1", r.port)]
        assert r.hits == [("/feed", f"feeds.internal:{r.port}")]
    finally:
        r.close()


def make_alert() -> Alert:
    now = datetime(2025, 5, 25, 12, 0, tzinfo=UTC)
    return Alert(
        id="al-1",
        rule="r",
        kind="match",
        change="new",
        version=1,
        article=ArticleRef(id="a1", title="t"),
        story_id="s1",
        matched=Matched(entities=[], terms=["drone"]),
        snippet="",
        fired_at=now,
        updated_at=now,
    )


async def test_a_webhook_resolving_to_loopback_is_disabled_with_its_cause() -> None:
    r = Redirector("unused")
    try:
        failures: list[WebhookFailure] = []
        url = f"http://hooks.example.test:{r.port}/T0/B0/secret-path"
        d = WebhookDispatcher(
            policy=OutboundPolicy(),
            resolver=table({"hooks.example.test": ["127.0.0.1"]}),
            retries=2,
            on_failure=failures.append,
        )
        assert d.dispatch(make_alert(), [url]) == 1  # the name alone says nothing yet
        assert await d.drain(5)
        assert d.dispatch(make_alert(), [url]) == 0  # disabled from now on
        await d.close()
        assert r.hits == []
        assert [f.attempts for f in failures] == [1, 0]
        reason = (
            "hooks.example.test resolves to 127.0.0.1, a loopback address; "
            "allow it with WEBHOOK_ALLOW_HOSTS"
        )
        assert failures[0].error == f"refused: {reason}"
        assert d.disabled == {url: reason}
        for f in failures:
            assert "secret-path" not in str(f) and "secret-path" not in repr(f)
    finally:
        r.close()


async def test_an_allowed_webhook_name_is_delivered() -> None:
    r = Redirector("unused")
    try:
        d = WebhookDispatcher(
            policy=OutboundPolicy(allow_hosts=frozenset({"hooks.internal"})),
            resolver=table({"hooks.internal": ["127.0.0.1"]}),
        )
        d.dispatch(make_alert(), [f"http://hooks.internal:{r.port}/hook"])
        assert await d.drain(5)
        await d.close()
        assert d.sent == 1 and r.hits == [("/hook", f"hooks.internal:{r.port}")]
    finally:
        r.close()


# --- credentials ----------------------------------------------------------------------


def test_credentials_are_stripped_from_urls_and_texts() -> None:
    url = "https://reader:s3cr3t-token@feeds.example.test:8443/news.rss?api_key=K123&lang=en"
    assert strip_credentials(url) == "https://feeds.example.test:8443/news.rss?lang=en"
    text = f"fetch failed for {url}: reader denied"
    scrubbed = scrub(text, url)
    assert "s3cr3t-token" not in scrubbed and "K123" not in scrubbed


def test_settings_never_show_secrets() -> None:
    s = Settings(
        es_url="https://elastic:pw-in-url@search.example.test:9200",
        es_password="hunter2-secret",  # type: ignore[arg-type]
        kafka_sasl_password="sasl-secret",  # type: ignore[arg-type]
        http_api_key="api-key-secret-0123456789",  # type: ignore[arg-type]
    )
    for text in (repr(s), str(s), f"{s}", f"{s!r}"):
        for secret in ("pw-in-url", "hunter2-secret", "sasl-secret", "api-key-secret"):
            assert secret not in text
    assert "search.example.test" in repr(s)


async def test_a_failing_webhook_is_logged_without_its_secret_path(
    caplog: pytest.LogCaptureFixture,
) -> None:
    r = Redirector("unused")
    try:
        url = f"http://127.0.0.1:{r.port}/services/T000/B000/slack-secret"
        d = WebhookDispatcher(
            policy=OutboundPolicy(allow_hosts=frozenset({"127.0.0.1"})), retries=0
        )
        r.httpd.RequestHandlerClass.do_POST = _answer_500  # type: ignore[attr-defined]
        with caplog.at_level("DEBUG"):
            d.dispatch(make_alert(), [url])
            assert await d.drain(5)
            await d.close()
        assert d.failed == 1 and r.hits
        assert "slack-secret" not in caplog.text
        assert f"127.0.0.1:{r.port}" in caplog.text
    finally:
        r.close()


def _answer_500(self: BaseHTTPRequestHandler) -> None:
    self.rfile.read(int(self.headers.get("Content-Length", 0)))
    self.server.hits.append((self.path, None))  # type: ignore[attr-defined]
    self.send_response(500)
    self.send_header("Content-Length", "0")
    self.end_headers()
