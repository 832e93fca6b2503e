"""The learned names as changes: what the NER child needs to hear at each batch.

The names table (``topics.names``) grows with the stream. Copying all of it
and comparing it with what the child holds on every batch cost time linear in
its size: 0.3 / 1.5 / 7.0 ms a batch at 1,000 / 5,000 / 20,000 names
(docs/performance.md). Instead the table reports each key it sees change,
written here or by another worker through its changelog, and a batch sends
the current values of those keys only. Where the table may have changed
without saying which keys (a recovery, a rebalance), the next batch sends the
whole table once.

Pure logic: the Faust side is :class:`pipeline.tablestore.NamesTable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _text(v: bytes | str) -> str:
    return v.decode() if isinstance(v, bytes) else v


@dataclass(frozen=True)
class NameDelta:
    """What changed in the learned names since the last batch."""

    changed: dict[str, str] = field(default_factory=dict)  # new or changed: key -> canonical
    gone: tuple[str, ...] = ()  # keys no longer in the table
    full: bool = False  # ``changed`` is the whole table: forget any name not in it

    def apply_to(self, names: dict[str, str]) -> None:
        if self.full:
            names.clear()
        names.update(self.changed)
        for key in self.gone:
            names.pop(key, None)

    def __len__(self) -> int:
        return len(self.changed) + len(self.gone)


class NameChanges:
    """The keys of the names table that changed since a batch last took them.

    Only keys are kept, not values: :meth:`take` reads each key's value as it
    is when the batch starts, so a key set twice, or set and deleted, between
    two batches is sent once with its latest state, and a deletion is seen as
    the key's absence.
    """

    def __init__(self) -> None:
        self._keys: set[bytes | str] = set()
        self._full = True  # nothing taken yet: the first batch gets the whole table

    def touched(self, key: bytes | str) -> None:
        """The value of ``key`` was set or deleted."""
        if not self._full:
            self._keys.add(key)

    def lost_track(self) -> None:
        """The table may have changed in ways not reported key by key: send it all once."""
        self._full = True
        self._keys.clear()

    @property
    def pending(self) -> int:
        """Keys waiting for the next batch (-1: the whole table)."""
        return -1 if self._full else len(self._keys)

    def take(self, table: Mapping[Any, Any]) -> NameDelta:
        """The changes since the last take, read from ``table`` as it is now."""
        if self._full:
            self._full = False
            self._keys.clear()
            return NameDelta(
                {_text(k): _text(v) for k, v in table.items() if v is not None}, full=True
            )
        changed: dict[str, str] = {}
        gone: list[str] = []
        for key in self._keys:
            value = table.get(key)
            if value is None:
                gone.append(_text(key))
            else:
                changed[_text(key)] = _text(value)
        self._keys.clear()
        return NameDelta(changed, tuple(gone))
