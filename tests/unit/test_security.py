"""Credentials come from env or files and never show in reprs, logs or errors."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.settings import Settings, redact_url
from pipeline.stack import HOST

SECRET = "s3cr3t-Pa55"


def test_secrets_are_masked_in_repr_and_dumps(tmp_path: Path) -> None:
    s = Settings(
        es_username="editor",
        es_password=SECRET,
        es_api_key=SECRET,
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="svc",
        kafka_sasl_password=SECRET,
        state_dir=tmp_path,
    )
    for text in (repr(s), str(s), s.model_dump_json()):
        assert SECRET not in text
    assert s.es_password is not None and s.es_password.get_secret_value() == SECRET
    assert s.kafka_client_config()["sasl_plain_password"] == SECRET


def test_secret_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "pw"
    f.write_text(SECRET + "\n")
    monkeypatch.setenv("ES_PASSWORD_FILE", str(f))
    monkeypatch.setenv("KAFKA_SASL_PASSWORD_FILE", str(f))
    s = Settings(state_dir=tmp_path)
    assert s.es_password is not None and s.es_password.get_secret_value() == SECRET
    assert s.kafka_sasl_password is not None
    assert s.kafka_sasl_password.get_secret_value() == SECRET
    monkeypatch.setenv("ES_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="ES_PASSWORD_FILE: cannot read"):
        Settings(state_dir=tmp_path)


def test_urls_with_credentials_are_redacted() -> None:
    assert redact_url(f"https://editor:{SECRET}@es.example.test:9243/x") == (
        "https://***@es.example.test:9243/x"
    )
    assert redact_url("http://127.0.0.1:9200") == "http://127.0.0.1:9200"


def test_unreachable_search_error_does_not_print_the_password(tmp_path: Path) -> None:
    env = {
        "ES_URL": f"http://editor:{SECRET}@127.0.0.1:9",
        "KAFKA_BOOTSTRAP": "127.0.0.1:9",
        "STATE_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ES_PASSWORD": SECRET,
    }
    res = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "search", "ceasefire"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode != 0
    assert SECRET not in res.stdout + res.stderr


def test_settings_never_logged_with_secrets(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    s = Settings(es_password=SECRET, state_dir=tmp_path)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("t").info("settings: %s %r", s, s)
    assert SECRET not in caplog.text


def test_local_stack_binds_loopback_only() -> None:
    assert HOST == "127.0.0.1"
