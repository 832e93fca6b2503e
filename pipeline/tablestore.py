"""Faust tables as the pure logic needs them.

A Faust table seen as a ``MutableMapping[str, dict]`` of JSON values: tables
here hold raw bytes (the app's serializer); this adapter keeps the pure logic
(dedup, stories) unaware of Faust. And the learned-names table, which reports
the keys it sees change so a batch sends the NER child those only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

import orjson
from faust import GlobalTable
from faust.types import TP, EventT

from pipeline.enrich.names import NameChanges


class JsonTableStore(MutableMapping[str, dict[str, Any]]):
    def __init__(self, table: Any) -> None:
        self.table = table

    def __getitem__(self, key: str) -> dict[str, Any]:
        raw = self.table.get(key.encode())
        if raw is None:
            raise KeyError(key)
        value: dict[str, Any] = orjson.loads(raw)
        return value

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self.table[key.encode()] = orjson.dumps(value)

    def __delitem__(self, key: str) -> None:
        del self.table[key.encode()]

    def __iter__(self) -> Iterator[str]:
        for k in list(self.table.keys()):
            yield k.decode() if isinstance(k, bytes) else str(k)

    def __len__(self) -> int:
        return len(self.table)


class NamesTable(GlobalTable):
    """The learned-names GlobalTable, reporting each key it sees change to ``changes``.

    Both ways a name arrives are seen: a write on this worker (``on_key_set``)
    and a changelog batch, which carries other workers' writes and the whole
    table during recovery (``apply_changelog_batch``). A finished recovery,
    and a reset, may have dropped keys without a word (the memory store
    forgets the keys of partitions it no longer holds), so they mark the
    whole table as changed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changes = NameChanges()

    def on_key_set(self, key: Any, value: Any) -> None:
        super().on_key_set(key, value)
        self.changes.touched(key)

    def on_key_del(self, key: Any) -> None:
        super().on_key_del(key)
        self.changes.touched(key)

    def apply_changelog_batch(self, batch: Iterable[EventT[Any]]) -> None:
        events = list(batch)  # read twice: by the store, then here
        super().apply_changelog_batch(events)
        for event in events:
            self.changes.touched(self._to_key(event.key))

    async def on_recovery_completed(self, active_tps: set[TP], standby_tps: set[TP]) -> None:
        await super().on_recovery_completed(active_tps, standby_tps)
        self.changes.lost_track()

    def reset_state(self) -> None:
        super().reset_state()
        self.changes.lost_track()


def names_table(app: Any, name: str, help: str) -> NamesTable:
    """Declare a :class:`NamesTable` on ``app``, as ``app.GlobalTable`` would a GlobalTable.

    One partition and recovery_buffer_size=1: Faust's advice for a
    GlobalTable shared by several workers; use_partitioner because writes
    come from batches of the raw topic, whose partition count differs.
    """
    table = NamesTable(
        app,
        name=name,
        default=None,
        beacon=app.tables.beacon,
        partitions=1,
        recovery_buffer_size=1,
        standby_buffer_size=1,  # apply other workers' changes as they come
        is_global=True,
        use_partitioner=True,
        key_type=bytes,
        value_type=bytes,
        help=help,
    )
    app.tables.add(table)
    return table
