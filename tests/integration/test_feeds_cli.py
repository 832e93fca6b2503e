"""The ``feeds`` commands, registered as pipeline/cli.py registers them, on the real broker."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest
import typer
from typer.testing import CliRunner

from pipeline.feeds.cli import feeds_app, serve_command
from pipeline.ops import read_topic
from pipeline.settings import Settings
from tests.helpers import settings_env

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(feeds_app, name="feeds")
    app.command("serve")(serve_command)
    return app


@pytest.fixture
def feed_url() -> Iterator[str]:
    body = (FIXTURES / "feed-atom.atom").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path != "/atom":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def ids(settings: Settings) -> list[str]:
    return sorted(orjson.loads(v)["id"] for v in read_topic(settings, settings.raw_topic))


def test_poll_once_publishes_and_fails_on_a_bad_feed(settings: Settings, feed_url: str) -> None:
    runner = CliRunner()
    refused = runner.invoke(
        cli(), ["feeds", "poll", f"{feed_url}/atom", "--once"], env=settings_env(settings)
    )
    assert refused.exit_code == 1  # the test server is on loopback: refused by default
    assert "127.0.0.1 is a loopback address" in " ".join(refused.output.split())
    env = settings_env(settings) | {"FEED_ALLOW_HOSTS": "127.0.0.1"}
    ok = runner.invoke(cli(), ["feeds", "poll", f"{feed_url}/atom", "--once"], env=env)
    assert ok.exit_code == 0, ok.output
    assert "2 published" in ok.output
    again = runner.invoke(
        cli(), ["feeds", "poll", f"{feed_url}/atom", f"{feed_url}/gone", "--once"], env=env
    )
    assert again.exit_code == 1  # --once reports a failed feed in its exit code
    assert "0 published" in again.output and "2 already seen" in again.output
    assert "HTTP 404" in again.output
    assert len(ids(settings)) == 2
    assert (settings.state_dir / "feeds" / "rss.sqlite").exists()


def test_watch_once(settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "ninjs-2.1.json", inbox / "frost.json")
    result = CliRunner().invoke(
        cli(), ["feeds", "watch", str(inbox), "--once"], env=settings_env(settings)
    )
    assert result.exit_code == 0, result.output
    assert "frost.json: done (1 published)" in result.output
    assert (inbox / "done" / "frost.json").exists()
    assert ids(settings) == ["https://larkspur.test/items/2025/orchard-frost"]


def test_watch_refuses_an_unknown_format(settings: Settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli(), ["feeds", "watch", str(tmp_path), "--format", "yaml"], env=settings_env(settings)
    )
    assert result.exit_code == 2 and "unknown format" in result.output


def test_serve_needs_an_api_key(settings: Settings) -> None:
    env = settings_env(settings) | {"HTTP_API_KEY": ""}
    result = CliRunner().invoke(cli(), ["serve"], env=env)
    assert result.exit_code == 2 and "HTTP_API_KEY" in result.output
