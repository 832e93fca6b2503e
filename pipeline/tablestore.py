"""A Faust table seen as a ``MutableMapping[str, dict]`` of JSON values.

Tables here hold raw bytes (the app's serializer); this adapter keeps the
pure logic (dedup, stories) unaware of Faust.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import orjson


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
