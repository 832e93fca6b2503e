"""The drop folder against the real broker: each file once, done/ or rejected/ with reasons."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import orjson
import pytest

from pipeline.feeds.producer import ProduceReport, Publisher
from pipeline.feeds.readers import Item
from pipeline.feeds.watch import DropFolder, DropStore
from pipeline.ops import read_dead_letters, read_topic
from pipeline.settings import Settings
from pipeline.topics import ensure_topics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


@pytest.fixture
def publisher(settings: Settings) -> Iterator[Publisher]:
    ensure_topics(settings)
    pub = Publisher(settings)
    yield pub
    pub.close()


def folder(settings: Settings, root: Path, publisher: Any) -> DropFolder:
    store = DropStore(settings.state_dir / "feeds" / "dropfolder.sqlite")
    return DropFolder(
        root, publisher, store, max_article_bytes=settings.max_article_bytes, settle=0.0
    )


def raw(settings: Settings) -> list[dict[str, Any]]:
    return [orjson.loads(v) for v in read_topic(settings, settings.raw_topic)]


def test_file_is_taken_only_when_finished_and_published_once(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    drop = folder(settings, inbox, publisher)
    content = (FIXTURES / "newsml-item.xml").read_bytes()

    part = inbox / "lighthouse.xml.part"  # written under a temporary name...
    part.write_bytes(content[:200])
    assert drop.scan() == [] and drop.scan() == []
    part.write_bytes(content)
    part.rename(inbox / "lighthouse.xml")  # ...and renamed when complete
    assert drop.scan() == []  # first sight: size not known to be stable yet
    (outcome,) = drop.scan()
    assert (outcome.outcome, outcome.published) == ("done", 1)
    assert (inbox / "done" / "lighthouse.xml").read_bytes() == content
    assert not (inbox / "lighthouse.xml").exists()
    assert not (inbox / "done" / "lighthouse.xml.reason").exists()

    # a writer that appends in place: not taken while it grows
    growing = inbox / "wire.jsonl"
    growing.write_text(json.dumps({"id": "w1", "body": "First half."}) + "\n")
    assert drop.scan() == []
    with growing.open("a") as f:
        f.write(json.dumps({"id": "w2", "body": "Second half."}) + "\n")
    assert drop.scan() == []  # changed since the last scan
    (outcome,) = drop.scan()
    assert (outcome.name, outcome.outcome, outcome.published) == ("wire.jsonl", "done", 2)

    # the same content again, under another name, after a restart: not published twice
    drop.store.close()
    restarted = folder(settings, inbox, publisher)
    (inbox / "lighthouse-again.xml").write_bytes(content)
    restarted.scan()
    (dup,) = restarted.scan()
    assert dup.outcome == "duplicate"
    reason = (inbox / "rejected" / "lighthouse-again.xml.reason").read_text()
    assert "duplicate" in reason and "'lighthouse.xml'" in reason
    assert (inbox / "rejected" / "lighthouse-again.xml").read_bytes() == content
    # and under the very name it was published from
    (inbox / "lighthouse.xml").write_bytes(content)
    restarted.scan()
    (dup2,) = restarted.scan()
    assert dup2.outcome == "duplicate" and dup2.moved_to == inbox / "rejected" / "lighthouse.xml"
    assert (inbox / "done" / "lighthouse.xml").read_bytes() == content
    restarted.store.close()

    assert sorted(a["id"] for a in raw(settings)) == [
        "urn:newsml:fjordline.test:20250519:lighthouse-keepers",
        "w1",
        "w2",
    ]
    assert read_dead_letters(settings) == []


def test_bad_files_go_to_rejected_with_reasons_and_to_the_dlq(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    drop = folder(settings, inbox, publisher)
    shutil.copy(FIXTURES / "newsml-malformed.xml", inbox / "broken.xml")
    shutil.copy(FIXTURES / "newsml-unknown-namespace.xml", inbox / "future.xml")
    (inbox / "mixed.jsonl").write_text(
        json.dumps({"id": "m1", "body": "Good line."}) + "\nnot json\n"
    )
    (inbox / ".hidden.xml").write_bytes(b"<ignored/>")
    drop.scan()
    outcomes = {o.name: o for o in drop.scan()}
    assert {n: o.outcome for n, o in outcomes.items()} == {
        "broken.xml": "rejected",
        "future.xml": "rejected",
        "mixed.jsonl": "done",
    }
    assert "malformed XML" in (inbox / "rejected" / "broken.xml.reason").read_text()
    assert "2031-01-01" in (inbox / "rejected" / "future.xml.reason").read_text()
    mixed_reason = (inbox / "done" / "mixed.jsonl.reason").read_text()
    assert mixed_reason.startswith("line/item 2: [bad_json] malformed JSON")
    assert (inbox / ".hidden.xml").exists()  # dotfiles are never taken

    letters = sorted((Path(d.file or "").name, d.line, d.code) for d in read_dead_letters(settings))
    assert letters == [
        ("broken.xml", None, "bad_xml"),
        ("future.xml", None, "unsupported_version"),
        ("mixed.jsonl", 2, "bad_json"),
    ]
    assert [a["id"] for a in raw(settings)] == ["m1"]

    # a rejected file dropped again is read again (the reader may have been fixed)
    shutil.copy(FIXTURES / "newsml-malformed.xml", inbox / "broken.xml")
    drop.scan()
    (again,) = drop.scan()
    assert again.outcome == "rejected"
    assert again.moved_to == inbox / "rejected" / "broken.1.xml"
    drop.store.close()


class Unacknowledged:
    """A publisher whose broker never acknowledges (an outage)."""

    def publish(self, items: Iterable[Item]) -> ProduceReport:
        report = ProduceReport()
        report.failed = [("x", "KafkaTimeoutError: no ack")] * len(list(items))
        return report


def test_unacknowledged_file_stays_and_is_published_after_the_outage(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    down = folder(settings, inbox, cast(Publisher, Unacknowledged()))
    shutil.copy(FIXTURES / "ninjs-3.0.json", inbox / "crane.json")
    down.scan()
    (outcome,) = down.scan()
    assert outcome.outcome == "retry" and "no ack" in (outcome.reason or "")
    assert (inbox / "processing" / "crane.json").exists()  # claimed, kept for a retry
    assert not any((inbox / "done").iterdir()) and not any((inbox / "rejected").iterdir())
    down.store.close()

    up = folder(settings, inbox, publisher)
    up.scan()
    (outcome,) = up.scan()
    assert (outcome.outcome, outcome.published) == ("done", 1)
    assert [a["id"] for a in raw(settings)] == ["tag:fjordline.test,2025:harbour-crane"]
    up.store.close()


class ReplacingWriter:
    """A real publisher, and a writer that replaces the file under the same name
    while its first version is being published."""

    def __init__(self, inner: Publisher, path: Path, new_content: bytes) -> None:
        self.inner = inner
        self.path = path
        self.new_content = new_content
        self.replaced = False

    def publish(self, items: Iterable[Item]) -> ProduceReport:
        report = self.inner.publish(items)
        if not self.replaced:
            self.replaced = True
            tmp = self.path.with_name(self.path.name + ".part")
            tmp.write_bytes(self.new_content)
            tmp.rename(self.path)
        return report


def test_a_file_replaced_while_published_is_never_lost(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    target = inbox / "wire.jsonl"
    second = json.dumps({"id": "v2", "body": "The second version."}).encode() + b"\n"
    writer = ReplacingWriter(publisher, target, second)
    drop = folder(settings, inbox, writer)
    target.write_text(json.dumps({"id": "v1", "body": "The first version."}) + "\n")
    drop.scan()
    (first,) = drop.scan()
    assert (first.outcome, first.published) == ("done", 1)
    assert b'"v1"' in (inbox / "done" / "wire.jsonl").read_bytes()
    assert target.read_bytes() == second  # the replacement waits in the folder...
    drop.scan()
    (again,) = drop.scan()
    assert (again.outcome, again.published) == ("done", 1)  # ...and is published too
    assert (inbox / "done" / "wire.1.jsonl").read_bytes() == second
    assert sorted(a["id"] for a in raw(settings)) == ["v1", "v2"]
    drop.store.close()


def test_links_directories_pipes_and_oversize_files_are_set_aside_with_reasons(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    outside = tmp_path / "secret.jsonl"
    outside.write_text(json.dumps({"id": "s1", "body": "Not for the wire."}) + "\n")
    inbox.mkdir()
    (inbox / "link.jsonl").symlink_to(outside)
    (inbox / "subdir").mkdir()
    os.mkfifo(inbox / "pipe.jsonl")
    (inbox / "huge.jsonl").write_bytes(b"x" * 5000)
    (inbox / "good.jsonl").write_text(json.dumps({"id": "g1", "body": "Fine."}) + "\n")
    store = DropStore(settings.state_dir / "feeds" / "dropfolder.sqlite")
    drop = DropFolder(
        inbox,
        publisher,
        store,
        max_article_bytes=settings.max_article_bytes,
        settle=0.0,
        max_file_bytes=4096,
    )
    outcomes = {o.name: o.outcome for o in drop.scan() + drop.scan()}
    assert outcomes == {
        "link.jsonl": "rejected",
        "subdir": "rejected",
        "pipe.jsonl": "rejected",
        "huge.jsonl": "rejected",
        "good.jsonl": "done",
    }
    rejected = inbox / "rejected"
    assert "symbolic link" in (rejected / "link.jsonl.reason").read_text()
    assert (rejected / "link.jsonl").is_symlink() and outside.exists()
    assert "directory" in (rejected / "subdir.reason").read_text()
    assert "named pipe" in (rejected / "pipe.jsonl.reason").read_text()
    assert "over WATCH_MAX_FILE_BYTES" in (rejected / "huge.jsonl.reason").read_text()
    assert [a["id"] for a in raw(settings)] == ["g1"]
    store.close()


class Exploding:
    """A publisher that raises on one file's content (a bug in a reader or sender)."""

    def __init__(self, inner: Publisher) -> None:
        self.inner = inner

    def publish(self, items: Iterable[Item]) -> ProduceReport:
        items = list(items)
        if any("boom" in getattr(getattr(i, "article", None), "body", "") for i in items):
            raise ValueError("unexpected")
        return self.inner.publish(items)


def test_one_file_that_raises_does_not_stop_the_others(
    settings: Settings, publisher: Publisher, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    drop = folder(settings, inbox, Exploding(publisher))
    (inbox / "a.jsonl").write_text(json.dumps({"id": "a1", "body": "boom goes the reader"}) + "\n")
    (inbox / "b.jsonl").write_text(json.dumps({"id": "b1", "body": "Fine."}) + "\n")
    drop.scan()
    outcomes = {o.name: o.outcome for o in drop.scan()}
    assert outcomes == {"a.jsonl": "rejected", "b.jsonl": "done"}
    assert "internal error: ValueError" in (inbox / "rejected" / "a.jsonl.reason").read_text()
    assert [a["id"] for a in raw(settings)] == ["b1"]
    assert not any((inbox / "processing").iterdir())
    drop.store.close()
