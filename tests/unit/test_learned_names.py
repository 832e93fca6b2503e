"""The learned names reach the NER child as changes: none lost, none stale, all after a recovery."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from faust.types import TP

from pipeline.app import create_app
from pipeline.enrich.names import NameChanges, NameDelta
from pipeline.settings import Settings
from pipeline.tablestore import NamesTable


def child_view(changes: NameChanges, table: dict[bytes, bytes], held: dict[str, str]) -> None:
    """What the child holds after one batch: its names with the batch's delta applied."""
    changes.take(table).apply_to(held)


def test_the_first_batch_gets_the_whole_table() -> None:
    changes = NameChanges()
    delta = changes.take({b"putin": b"Vladimir Putin", b"lula": b"Luiz Inacio Lula da Silva"})
    assert delta.full
    assert delta.changed == {"putin": "Vladimir Putin", "lula": "Luiz Inacio Lula da Silva"}


def test_then_only_the_keys_that_changed() -> None:
    table = {b"putin": b"Vladimir Putin"}
    changes = NameChanges()
    changes.take(table)
    table[b"lula"] = b"Lula"
    changes.touched(b"lula")
    assert changes.take(table) == NameDelta({"lula": "Lula"})
    assert changes.take(table) == NameDelta()  # nothing changed since


def test_a_changed_value_is_sent_as_it_is_now_and_a_deleted_key_as_gone() -> None:
    table = {b"okonkwo": b"Chidi Okonkwo", b"lula": b"Lula"}
    changes = NameChanges()
    held: dict[str, str] = {}
    child_view(changes, table, held)
    table[b"okonkwo"] = b"Amaka Okonkwo"
    changes.touched(b"okonkwo")
    table[b"okonkwo"] = b"Ngozi Okonkwo"  # set twice between batches: the last value wins
    changes.touched(b"okonkwo")
    del table[b"lula"]
    changes.touched(b"lula")
    delta = changes.take(table)
    assert delta == NameDelta({"okonkwo": "Ngozi Okonkwo"}, ("lula",))
    delta.apply_to(held)
    assert held == {"okonkwo": "Ngozi Okonkwo"}


def test_after_losing_track_the_next_batch_gets_the_whole_table_once() -> None:
    table = {b"a": b"A"}
    changes = NameChanges()
    held = {"stale": "kept from before"}
    child_view(changes, table, held)
    assert held == {"a": "A"}  # the first, full batch drops what the child held before
    table.clear()  # e.g. a recovery dropped keys without saying which
    table[b"b"] = b"B"
    changes.lost_track()
    changes.touched(b"b")
    delta = changes.take(table)
    assert delta.full and delta.changed == {"b": "B"}
    delta.apply_to(held)
    assert held == {"b": "B"}
    assert changes.take(table) == NameDelta()


def test_any_interleaving_leaves_the_child_equal_to_the_table() -> None:
    rng = random.Random(7)
    table: dict[bytes, bytes] = {}
    changes = NameChanges()
    held: dict[str, str] = {}
    for _ in range(2000):
        roll = rng.random()
        key = f"k{rng.randrange(30)}".encode()
        if roll < 0.55:
            table[key] = f"V{rng.randrange(5)}".encode()
            changes.touched(key)
        elif roll < 0.75:
            if table.pop(key, None) is not None:
                changes.touched(key)
        elif roll < 0.78:
            changes.lost_track()
        else:
            child_view(changes, table, held)
            assert held == {k.decode(): v.decode() for k, v in table.items()}


# --- the Faust table, without a broker: its hooks tell the tracker


@pytest.fixture
def table(tmp_path: Path) -> NamesTable:
    settings = Settings(app_id="names-test", state_dir=tmp_path)
    _, topics = create_app(settings)
    names: NamesTable = topics.names
    names.changes.take(names)  # the first, full take
    return names


def event(key: bytes, value: bytes | None, partition: int = 0) -> Any:
    return SimpleNamespace(
        key=key, value=value, message=SimpleNamespace(value=value, partition=partition)
    )


def test_the_app_declares_the_names_table_as_a_global_names_table(table: NamesTable) -> None:
    assert isinstance(table, NamesTable)
    assert table.is_global and table.partitions == 1


def test_another_workers_names_arrive_through_the_changelog(table: NamesTable) -> None:
    table.apply_changelog_batch([event(b"putin", b"Vladimir Putin")])
    assert table.changes.take(table) == NameDelta({"putin": "Vladimir Putin"})
    table.apply_changelog_batch([event(b"putin", b"V. Putin"), event(b"lula", b"Lula")])
    assert table.changes.take(table) == NameDelta({"putin": "V. Putin", "lula": "Lula"})
    table.apply_changelog_batch([event(b"lula", None)])  # a tombstone
    assert table.changes.take(table) == NameDelta({}, ("lula",))


def test_names_written_here_are_reported(
    table: NamesTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[Any, Any]] = []

    def send_changelog(partition: Any, key: Any, value: Any, **kw: Any) -> Any:
        sent.append((key, value))
        return SimpleNamespace(message=SimpleNamespace(partition=0))

    monkeypatch.setattr(table, "send_changelog", send_changelog)
    table[b"okonkwo"] = b"Chidi Okonkwo"
    assert sent == [(b"okonkwo", b"Chidi Okonkwo")]  # still written to the changelog
    assert table.changes.take(table) == NameDelta({"okonkwo": "Chidi Okonkwo"})
    del table[b"okonkwo"]
    assert table.changes.take(table) == NameDelta({}, ("okonkwo",))


def test_a_finished_recovery_sends_the_whole_table(table: NamesTable) -> None:
    table.apply_changelog_batch([event(b"putin", b"Vladimir Putin"), event(b"lula", b"Lula", 1)])
    table.changes.take(table)
    # partition 1 is not ours after the rebalance: the store drops its keys without a word
    asyncio.run(table.on_recovery_completed({TP(table.changelog_topic_name, 0)}, set()))
    delta = table.changes.take(table)
    assert delta.full and delta.changed == {"putin": "Vladimir Putin"}
