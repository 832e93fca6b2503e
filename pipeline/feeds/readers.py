"""Read input files into articles or rejections, with file and line for each.

Inputs: JSON Lines (``.jsonl``/``.json``/``.ndjson``), plain-text agency copy
(``.txt``), IPTC ninjs (JSON), NewsML-G2 (XML), RSS/Atom documents,
directories (walked, sorted) and ``-`` for stdin. The format is detected from
the content (``formats.detect_format``); ``fmt`` overrides the detection.
JSON Lines are streamed line by line; every other format is one document read
whole (at most ``MAX_DOCUMENT_BYTES``).

``line`` is the line number for JSON Lines and the item's position in a batch
document (a ninjs array, a NewsML-G2 newsMessage, a feed's entries); it is None
for a single-item document.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, cast, get_args

from pipeline.dlq import MAX_PAYLOAD_BYTES
from pipeline.errors import PermanentError
from pipeline.feeds.feedsafe import item_spans, read_feed
from pipeline.feeds.formats import (
    Format,
    ItemResult,
    detect_format,
    looks_like_ninjs,
    ninjs_to_article,
    parse_json_document,
    parse_newsml,
    wire_to_article,
)
from pipeline.feeds.parse import (
    ENVELOPE_BYTES,
    article_from_agency_text,
    check_message_size,
    decode_json,
    isolated,
)
from pipeline.record import Article

JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}
XML_SUFFIXES = {".xml", ".nml", ".newsml", ".g2", ".rss", ".atom"}
INPUT_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | XML_SUFFIXES

InputFormat = Literal["auto", "jsonl", "text", "ninjs", "newsml", "rss"]
INPUT_FORMATS: tuple[str, ...] = get_args(InputFormat)
SNIFF_BYTES = 65_536
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


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


def check_format(fmt: str) -> InputFormat:
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(INPUT_FORMATS)}")
    return cast(InputFormat, fmt)


def expand(paths: Iterable[str]) -> Iterator[Path | None]:
    """Yield files in a stable order; None stands for stdin."""
    for p in paths:
        if p == "-":
            yield None
            continue
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
            )
        else:
            yield path


def article_from_line(raw: bytes, max_bytes: int) -> Article:
    """One JSON Lines line: a wire object (maybe a withdrawal), or a ninjs object."""
    if not raw.strip():
        raise PermanentError("empty message", code="empty")
    check_message_size(raw, max_bytes)
    with isolated("line"):
        obj = decode_json(raw)
        if looks_like_ninjs(obj):
            return ninjs_to_article(obj, max_bytes=max_bytes)
        return wire_to_article(obj, max_bytes=max_bytes)


def read_jsonl_lines(name: str, lines: Iterable[bytes], max_bytes: int) -> Iterator[Item]:
    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        try:
            yield Parsed(name, n, article_from_line(stripped, max_bytes))
        except PermanentError as exc:
            # whole (a line is read at most MAX_PAYLOAD_BYTES long, or the contract's own
            # limit if larger): the dead letter keeps it, or marks it cut
            yield Rejected(name, n, exc.reason, exc.code, stripped)


def _read_text(name: str, raw: bytes, max_bytes: int) -> Iterator[Item]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Rejected(
            name, None, f"not UTF-8: invalid byte at position {exc.start}", "bad_encoding", raw
        )
        return
    try:
        yield Parsed(name, None, article_from_agency_text(text, max_bytes=max_bytes))
    except PermanentError as exc:
        yield Rejected(name, None, exc.reason, exc.code, raw)


def _document_results(raw: bytes, fmt: Format, max_bytes: int, name: str) -> list[ItemResult]:
    with isolated(f"{fmt} document"):
        return _format_results(raw, fmt, max_bytes, name)


def _format_results(raw: bytes, fmt: Format, max_bytes: int, name: str) -> list[ItemResult]:
    if fmt == "ninjs":
        return parse_json_document(raw, max_bytes=max_bytes, strict_ninjs=False)
    if fmt == "newsml":
        return parse_newsml(raw, max_bytes=max_bytes)
    # defused (no DTD, no entity expansion), entry by entry, refused entries
    # with their own bytes: the poller's feed-level read
    feed = read_feed(raw, url=name, max_article_bytes=max_bytes, max_feed_bytes=MAX_DOCUMENT_BYTES)
    return [e.result for e in feed]


def read_bytes(
    name: str,
    raw: bytes,
    max_bytes: int,
    fmt: str = "auto",
    content_type: str | None = None,
) -> Iterator[Item]:
    """One whole document already in memory (a dropped file, an HTTP request body)."""
    chosen = check_format(fmt)
    if not raw.strip():
        yield Rejected(name, None, "empty file", "empty", raw)
        return
    if len(raw) > MAX_DOCUMENT_BYTES:
        yield Rejected(
            name,
            None,
            f"document: {len(raw)} bytes exceeds the limit of {MAX_DOCUMENT_BYTES} bytes",
            "too_large",
            raw,
        )
        return
    try:
        with isolated("document"):
            real: Format = (
                detect_format(raw[:SNIFF_BYTES], name=name, content_type=content_type)
                if chosen == "auto"
                else chosen
            )
    except PermanentError as exc:
        yield Rejected(name, None, exc.reason, exc.code, raw)
        return
    if real == "jsonl":
        yield from read_jsonl_lines(name, raw.splitlines(), max_bytes)
        return
    if real == "text":
        yield from _read_text(name, raw, max_bytes)
        return
    try:
        if chosen == "ninjs":  # asked for ninjs: every object must be ninjs
            with isolated("ninjs document"):
                results = parse_json_document(raw, max_bytes=max_bytes, strict_ninjs=True)
        else:
            results = _document_results(raw, real, max_bytes, name)
    except PermanentError as exc:
        yield Rejected(name, None, exc.reason, exc.code, raw)
        return
    if not results:
        yield Rejected(name, None, f"no articles in this {real} document", "empty", raw)
        return
    many = len(results) > 1
    spans: list[tuple[int, int]] | None = None
    if real == "newsml" and many and any(r.article is None for r in results):
        spans = item_spans(raw)
        if spans is not None and len(spans) != len(results):
            spans = None
    for i, r in enumerate(results):
        line = r.position if many else None
        if r.article is not None:
            yield Parsed(name, line, r.article)
            continue
        err = r.error or PermanentError("unreadable item")
        payload = r.payload
        if real == "newsml":
            # the item's original bytes in a one-item copy of the document (the
            # parser's re-serialisation renames namespaces), else the whole
            # document, whose ``line`` says which item
            payload = raw
            if spans is not None:
                payload = raw[: spans[0][0]] + raw[spans[i][0] : spans[i][1]] + raw[spans[-1][1] :]
        yield Rejected(name, line, err.reason, err.code, payload)


def _read_stream(name: str, stream: IO[bytes], max_bytes: int, fmt: InputFormat) -> Iterator[Item]:
    """Stream JSON Lines; read any other format whole (after sniffing the first bytes)."""
    head = stream.read(SNIFF_BYTES)
    if fmt in ("auto", "jsonl") and head:
        real = fmt if fmt == "jsonl" else detect_format(head, name=name)
        if real == "jsonl":
            # A line too long for the contract is refused, but read whole up to what a
            # dead letter keeps, so the letter holds the original; past that it is cut
            # (and marked so) and the rest skipped: an endless line never sits in memory.
            limit = max(max_bytes + ENVELOPE_BYTES, MAX_PAYLOAD_BYTES) + 1
            head += stream.readline(limit)  # finish the line the sniff cut
            if not head.endswith(b"\n"):
                _skip_line(stream)
            lines = itertools.chain(head.splitlines(), _bounded_lines(stream, limit))
            any_line = False
            for item in read_jsonl_lines(name, lines, max_bytes):
                any_line = True
                yield item
            if not any_line:
                yield Rejected(name, None, "empty file", "empty", b"")
            return
    rest = stream.read(MAX_DOCUMENT_BYTES + 1 - len(head)) if len(head) == SNIFF_BYTES else b""
    yield from read_bytes(name, head + rest, max_bytes, fmt)


def _skip_line(stream: IO[bytes]) -> None:
    """Read past the rest of a line that is already known to be too long."""
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """Lines of at most ``limit`` bytes: a longer one is cut there (and so refused as too
    large) and the rest of it skipped, so one endless line never sits in memory whole."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) == limit and not line.endswith(b"\n"):
            _skip_line(stream)
        yield line


def read_path(path: Path | None, max_bytes: int, fmt: str = "auto") -> Iterator[Item]:
    chosen = check_format(fmt)
    if path is None:
        yield from _read_stream("<stdin>", sys.stdin.buffer, max_bytes, chosen)
        return
    name = str(path)
    if not path.exists():
        yield Rejected(name, None, "file not found", "not_found", b"")
        return
    if chosen == "auto" and path.suffix.lower() in TEXT_SUFFIXES:
        # agency copy keeps its historical meaning unless it is plainly XML or JSON
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        if detect_format(head, name=name) in ("text", "jsonl"):
            with path.open("rb") as f:
                raw = f.read(MAX_DOCUMENT_BYTES + 1)
            yield from read_bytes(name, raw, max_bytes, "text")
            return
    with path.open("rb") as f:
        yield from _read_stream(name, f, max_bytes, chosen)


def read_inputs(paths: Iterable[str], max_bytes: int, fmt: str = "auto") -> Iterator[Item]:
    """Every input as articles or rejections; ``fmt`` forces one format for all of them."""
    chosen = check_format(fmt)
    for path in expand(paths):
        yield from read_path(path, max_bytes, chosen)
