"""A Faust table seen as a ``MutableMapping[str, dict]`` of JSON values.

Tables here hold raw bytes (the app's serializer); this adapter keeps the
pure logic (dedup, stories) unaware of Faust.

**Large values are written in parts.** Every write to a table is a record on
its changelog topic, and the producer refuses a record over its
``max_request_size`` (Faust's default: 1,000,000 bytes; the broker's own limit
is about 1 MB too): Faust's producer buffer then crashes the worker, and the
restarted worker writes the same record again. The word statistics grow by
about 17 bytes per key, so a day of varied news (over ~60,000 statistics
keys) would stop the route stage for good; story records grew by 0.5 kB per
member until their copies got records of their own (about 9 bytes now). A value whose JSON is larger than the store's part size (half of
``KAFKA_MAX_MESSAGE_BYTES`` as the route agent passes it, at most
``PART_BYTES``) is therefore stored as parts under ``<key>#part-<i>`` and a small header under the key itself, which
names the part count, the total length and a digest. Parts are written before
the header, and a read checks the digest, so a write torn by a crash reads as
missing (logged), never as a wrong value: the route stage then starts that
story afresh, as it does with a record of an unknown version. A value that
fits is stored exactly as before, so tables written by earlier versions read
unchanged.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

import orjson

log = logging.getLogger(__name__)

# Half of Faust's default max_request_size: room for the key and headers, and
# under any broker's default message limit.
PART_BYTES = 500_000
PART_MARK = "#part-"
_HEADER = "__parts__"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class JsonTableStore(MutableMapping[str, dict[str, Any]]):
    """``part_bytes``: the largest value stored whole and the size of each part;
    ``PART_BYTES`` at most, and under half the producer's limit when the agent
    passes it (``KAFKA_MAX_MESSAGE_BYTES // 2``)."""

    def __init__(self, table: Any, part_bytes: int | None = None) -> None:
        self.table = table
        self.part_bytes = min(PART_BYTES, part_bytes or PART_BYTES)

    def _parts_of(self, key: str) -> int:
        """How many parts the value now stored under ``key`` has (0: stored whole)."""
        raw = self.table.get(key.encode())
        if raw is None or not raw.startswith(b'{"' + _HEADER.encode()):
            return 0
        try:
            header = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return 0
        parts = header.get(_HEADER) if isinstance(header, dict) else None
        return parts if isinstance(parts, int) and parts > 0 else 0

    def __getitem__(self, key: str) -> dict[str, Any]:
        raw = self.table.get(key.encode())
        if raw is None:
            raise KeyError(key)
        value: dict[str, Any] = orjson.loads(raw)
        parts = value.get(_HEADER)
        if not isinstance(parts, int):
            return value
        chunks = [self.table.get(f"{key}{PART_MARK}{i}".encode()) for i in range(parts)]
        data = b"".join(c for c in chunks if c is not None)
        if None in chunks or len(data) != value["bytes"] or _digest(data) != value["digest"]:
            log.warning("table value %r is incomplete (a write cut short); read as missing", key)
            raise KeyError(key)
        whole: dict[str, Any] = orjson.loads(data)
        return whole

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        data = orjson.dumps(value)
        had = self._parts_of(key)
        if len(data) <= self.part_bytes:
            self.table[key.encode()] = data
            parts = 0
        else:
            step = self.part_bytes
            parts = -(-len(data) // step)
            for i in range(parts):
                self.table[f"{key}{PART_MARK}{i}".encode()] = data[i * step : (i + 1) * step]
            header = {_HEADER: parts, "bytes": len(data), "digest": _digest(data), "v": 1}
            self.table[key.encode()] = orjson.dumps(header)
        for i in range(parts, had):  # parts left over from a larger earlier value
            self.table.pop(f"{key}{PART_MARK}{i}".encode(), None)

    def __delitem__(self, key: str) -> None:
        parts = self._parts_of(key)
        del self.table[key.encode()]
        for i in range(parts):
            self.table.pop(f"{key}{PART_MARK}{i}".encode(), None)

    def pop(self, key: str, *default: Any) -> Any:
        """As ``dict.pop``; a value that reads as missing (a torn write) is removed
        too, and then counts as missing."""
        try:
            value: Any = self[key]
        except KeyError:
            if self.table.get(key.encode()) is not None:
                del self[key]  # torn: its header and whatever parts there are
            if default:
                return default[0]
            raise
        del self[key]
        return value

    def __iter__(self) -> Iterator[str]:
        for k in list(self.table.keys()):
            name = k.decode() if isinstance(k, bytes) else str(k)
            if PART_MARK not in name:
                yield name

    def __len__(self) -> int:
        return sum(1 for _ in self)
