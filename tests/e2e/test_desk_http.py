"""The desk over plain HTTP: it binds loopback unless a token is set, asks for the token,
is read-only, sends its security headers on every answer, and serves each page as JSON
(also before anything was indexed)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import httpx

from pipeline.bench.desk import start_desk
from pipeline.settings import Settings
from tests.helpers import settings_env, stop

TOKEN = "desk-test-token-0123456789"


def test_refuses_a_public_address_without_a_token(settings: Settings) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "desk", "--host", "0.0.0.0", "--port", "1"],
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "refusing to serve the desk on 0.0.0.0" in run.stderr
    assert "DESK_TOKEN" in run.stderr


def test_token_read_only_headers_and_json(settings: Settings, tmp_path: Path) -> None:
    proc, url = start_desk(settings, tmp_path / "desk.log", DESK_TOKEN=TOKEN)
    try:
        denied = httpx.get(url + "/")
        assert denied.status_code == 401
        assert denied.headers["WWW-Authenticate"].startswith("Basic")
        assert "script-src 'self'" in denied.headers["Content-Security-Policy"]
        wrong = httpx.get(url + "/", auth=("editor", "not-the-token-at-all"))
        assert wrong.status_code == 401

        basic = httpx.Client(auth=("editor", TOKEN), timeout=10)
        bearer = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        page = basic.get(url + "/?q=ceasefire")
        assert page.status_code == 200
        assert page.headers["Content-Type"].startswith("text/html")
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert '<script src="/static/desk.js"' in page.text
        assert "<script>" not in page.text  # no inline script at all
        assert bearer.get(url + "/alerts").status_code == 200

        # nothing indexed yet: empty pages, not errors
        found = basic.get(url + "/", params={"q": "ceasefire", "format": "json"}).json()
        assert found["total"] == 0 and found["groups"] == []
        assert basic.get(url + "/alerts?format=json").json()["alerts"] == []
        assert basic.get(url + "/entity/Nobody?format=json").json()["total"] == 0
        assert basic.get(url + "/api/arrivals?q=x").json()["articles"] == []
        missing = basic.get(url + "/story/no-such-story")
        assert missing.status_code == 404
        assert "Content-Security-Policy" in missing.headers

        # read-only: there is nothing to write to
        for method in ("POST", "PUT", "DELETE"):
            assert basic.request(method, url + "/").status_code == 405
        health = basic.get(url + "/healthz").json()
        assert health == {"desk": "ok", "search": True}
        encoded = base64.b64encode(f"x:{TOKEN}".encode()).decode()
        assert (
            httpx.get(
                url + "/static/desk.css", headers={"Authorization": f"Basic {encoded}"}
            ).status_code
            == 200
        )
    finally:
        stop(proc)
