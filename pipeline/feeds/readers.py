"""Read input files into articles or rejections, with file and line for each.

Inputs: JSON Lines (``.jsonl``/``.json``/``.ndjson``), plain-text agency copy
(``.txt``), directories (walked, sorted), and ``-`` for JSON Lines on stdin.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PermanentError
from pipeline.feeds.parse import article_from_agency_text, article_from_bytes
from pipeline.record import Article

JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int | None
    reason: str
    code: str
    payload: bytes


@dataclass(frozen=True)
class Parsed:
    file: str
    line: int | None
    article: Article


Item = Parsed | Rejected


def expand(paths: Iterable[str]) -> Iterator[Path | None]:
    """Yield files in a stable order; None stands for stdin."""
    for p in paths:
        if p == "-":
            yield None
            continue
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                f
                for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in JSONL_SUFFIXES | TEXT_SUFFIXES
            )
        else:
            yield path


def read_jsonl_lines(name: str, lines: Iterable[bytes], max_bytes: int) -> Iterator[Item]:
    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        try:
            yield Parsed(name, n, article_from_bytes(stripped, max_bytes=max_bytes))
        except PermanentError as exc:
            yield Rejected(name, n, exc.reason, exc.code, stripped[: max_bytes + 64_000])


def read_path(path: Path | None, max_bytes: int) -> Iterator[Item]:
    if path is None:
        yield from read_jsonl_lines("<stdin>", sys.stdin.buffer, max_bytes)
        return
    name = str(path)
    if not path.exists():
        yield Rejected(name, None, "file not found", "not_found", b"")
        return
    if path.suffix.lower() in TEXT_SUFFIXES:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejected(
                name, None, f"not UTF-8: invalid byte at position {exc.start}", "bad_encoding", raw
            )
            return
        if not text.strip():
            yield Rejected(name, None, "empty file", "empty", raw)
            return
        try:
            yield Parsed(name, None, article_from_agency_text(text, max_bytes=max_bytes))
        except PermanentError as exc:
            yield Rejected(name, None, exc.reason, exc.code, raw)
        return
    with path.open("rb") as f:
        any_line = False
        for item in read_jsonl_lines(name, f, max_bytes):
            any_line = True
            yield item
        if not any_line:
            yield Rejected(name, None, "empty file", "empty", b"")


def read_inputs(paths: Iterable[str], max_bytes: int) -> Iterator[Item]:
    for path in expand(paths):
        yield from read_path(path, max_bytes)
