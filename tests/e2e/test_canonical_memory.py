"""Canonical names learned by one worker are used after a restart (Faust GlobalTable)."""

from __future__ import annotations

from pathlib import Path

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import fetch_docs, running_worker, wait_for

FIRST = (
    "The Kremlin said Vladimir Putin would take part in the summit. Putin is expected "
    "to arrive on Tuesday, officials in Moscow said."
)
LATER = "Putin told reporters in Moscow that the talks had been useful and would go on."


def publish(settings: Settings, art: Article) -> None:
    pub = Publisher(settings)
    report = pub.publish([Parsed("test", 1, art)])
    pub.close()
    assert report.published == 1


def person(settings: Settings, doc_id: str) -> list[str]:
    src = fetch_docs(settings, [doc_id])[doc_id]["_source"]
    return [e["canonical"] for e in src["entities"] if e["label"] == "PERSON"]


def test_name_learned_before_restart_is_used_after(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        publish(settings, Article(id="first", title="Summit", body=FIRST))
        wait_for(lambda: fetch_docs(settings, ["first"]), 120, "first article", proc=proc, log=log)
    assert person(settings, "first") == ["Vladimir Putin"]

    with running_worker(settings, log) as proc:  # a new process: only the changelog remains
        publish(settings, Article(id="later", title="Talks", body=LATER))
        wait_for(lambda: fetch_docs(settings, ["later"]), 120, "later article", proc=proc, log=log)
    assert person(settings, "later") == ["Vladimir Putin"]
