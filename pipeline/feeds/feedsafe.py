"""Make an XML feed safe to hand to feedparser, and cut one item out of a document.

feedparser keeps the internal entities a feed's DTD declares and expands them
(a 7 kB feed became a 2 MB body), and it falls back to a markup parser that is
quadratic on text with many ``<`` and no ``>`` (400 kB took 12 s). So before
feedparser sees a document, :func:`defuse_feed`:

* bounds its size;
* decodes it once (BOM, then the declared or HTTP charset, then UTF-8, then
  windows-1252) and hands on UTF-8 that says so, so feedparser cannot read the
  bytes differently from this check;
* drops the DTD's internal subset and every other declaration from the
  prolog: no entity can be defined, so none can be expanded (a reference to
  one stays literal text);
* refuses a document that is not well-formed *and* whose stray ``<`` would
  make the fallback parser quadratic.

:func:`item_spans` finds the byte range of each item (RSS ``item``, Atom
``entry``, NewsML-G2 ``newsItem``) with expat, in linear time, so a dead letter
can keep an item's original bytes (:func:`one_item_document`).

:func:`read_feed` is the feed-level read every way in uses for RSS/Atom (the
poller, the drop folder, ``produce``): defuse, parse, and read each entry on
its own, so one entry that raises costs that entry only.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.parsers.expat
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import feedparser

from pipeline.errors import PermanentError
from pipeline.feeds.formats import (
    FeedEntry,
    ItemResult,
    entry_key,
    entry_to_article,
    xml_root_name,
)
from pipeline.feeds.parse import html_to_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NO_BOM = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_DECL_ENCODING = re.compile(
    rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._\-]{1,40})"""
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._\-]{1,40})", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,300}?\?>")
# How far, summed over every ``<``, the next ``>`` may be (per byte of the
# document) before the fallback parser's cost is refused.
_LOOSE_BUDGET = 16
ITEM_NAMES = frozenset({"item", "entry", "newsItem"})
DEFAULT_MAX_FEED_BYTES = 10 * 1024 * 1024


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "<?xml".encode(encoding) == b"<?xml"
    except (LookupError, UnicodeError):
        return False


def decode_document(raw: bytes, content_type: str | None = None) -> str:
    """The document's text, decoded as a feed reader would (never raises)."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(enc, errors="replace")
    for head, enc in _NO_BOM:
        if raw.startswith(head):
            return raw.decode(enc, errors="replace")
    candidates: list[str] = []
    m = _CHARSET.search(content_type or "")
    if m:
        candidates.append(m.group(1))
    d = _DECL_ENCODING.match(raw[:300])
    if d:
        candidates.append(d.group(1).decode("ascii"))
    candidates += ["utf-8", "windows-1252"]
    for enc in candidates:
        if not _ascii_compatible(enc):
            continue
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", errors="replace")


def _prolog_end(text: str) -> tuple[list[str], int]:
    """The prolog's parts worth keeping and where the root element starts.

    Keeps the XML declaration, comments and processing instructions, and a
    DOCTYPE without its internal subset (feedparser reads the Netscape RSS 0.91
    marker from it); anything else declared there is dropped.
    """
    kept: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if text.startswith("<?", i):
            j = text.find("?>", i + 2)
            if j < 0:
                raise PermanentError("feed: unterminated processing instruction", code="not_a_feed")
            kept.append(text[i : j + 2])
            i = j + 2
        elif text.startswith("<!--", i):
            j = text.find("-->", i + 4)
            if j < 0:
                raise PermanentError("feed: unterminated comment", code="not_a_feed")
            kept.append(text[i : j + 3])
            i = j + 3
        elif text.startswith("<!", i):
            end, external = _declaration_end(text, i)
            if text[i : i + 9].upper() == "<!DOCTYPE":
                kept.append(external + ">")
            i = end
        else:
            return kept, i
    return kept, n


def _declaration_end(text: str, i: int) -> tuple[int, str]:
    """End of the ``<!...>`` at ``i`` (quotes and an internal subset skipped), and
    its text before any internal subset."""
    j, n = i + 2, len(text)
    subset_at = -1
    depth = 0
    quote = ""
    while j < n:
        c = text[j]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "[":
            if subset_at < 0:
                subset_at = j
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            head = text[i : subset_at if subset_at >= 0 else j].rstrip()
            return j + 1, head
        j += 1
    raise PermanentError("feed: unterminated <!DOCTYPE or declaration", code="not_a_feed")


def well_formed(data: bytes) -> str | None:
    """None when ``data`` is well-formed XML, else expat's complaint (undefined
    entities are allowed: they stay literal)."""
    parser = xml.parsers.expat.ParserCreate()
    parser.UseForeignDTD(True)
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"line {exc.lineno}: {xml.parsers.expat.ErrorString(exc.code)}"
    return None


def loose_cost(data: bytes, stop_above: int | None = None) -> int:
    """Sum over each ``<`` of the distance to the next ``>``: what a markup parser
    that looks for each tag's end pays. Linear: the scans for ``>`` never overlap."""
    n = len(data)
    cost = 0
    gt = -1
    j = data.find(b"<")
    while j >= 0:
        if gt < j:
            gt = data.find(b">", j)
            if gt < 0:
                gt = n
        cost += gt - j
        if stop_above is not None and cost > stop_above:
            return cost
        j = data.find(b"<", j + 1)
    return cost


def defuse_feed(raw: bytes, *, max_bytes: int, content_type: str | None = None) -> bytes:
    """The feed as UTF-8 with no DTD internal subset or entity declaration.

    Raises :class:`PermanentError` for a document that is too large, has a
    broken prolog, or is too broken to read in linear time.
    """
    if len(raw) > max_bytes:
        raise PermanentError(
            f"feed: {len(raw)} bytes exceeds the limit of {max_bytes} bytes", code="too_large"
        )
    text = decode_document(raw, content_type)
    kept, root = _prolog_end(text)
    parts = []
    for p in kept:
        if _XML_DECL.match(p):
            p = re.sub(r"encoding\s*=\s*([\"'])[^\"']*\1", 'encoding="utf-8"', p, count=1)
        parts.append(p)
    prolog = "\n".join(parts) + "\n" if parts else ""
    out = (prolog + text[root:]).encode("utf-8", errors="replace")
    if len(out) > 4 * max_bytes:  # a one-byte encoding can at most triple in UTF-8
        raise PermanentError("feed: too large once decoded", code="too_large")
    problem = well_formed(out)
    budget = _LOOSE_BUDGET * len(out) + 65_536
    if problem is not None and loose_cost(out, stop_above=budget) > budget:
        raise PermanentError(
            f"feed: not well-formed XML ({problem}), with markup too broken to read "
            "(many '<' without '>')",
            code="not_a_feed",
        )
    return out


# --- one item of a document ------------------------------------------------------------


def item_spans(data: bytes, names: frozenset[str] = ITEM_NAMES) -> list[tuple[int, int]] | None:
    """Byte ranges of the outermost item elements, in document order; None when
    the document is not well-formed enough to tell."""
    parser = xml.parsers.expat.ParserCreate()
    parser.UseForeignDTD(True)
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int, bool]] = []  # raw name, start offset, is an item
    inside = 0

    def start(name: str, attrs: object) -> None:
        nonlocal inside
        local = name.rsplit(":", 1)[-1]
        is_item = local in names and inside == 0
        if is_item or inside:
            inside += 1
        stack.append((name, parser.CurrentByteIndex, is_item))

    def end(name: str) -> None:
        nonlocal inside
        raw_name, begin, is_item = stack.pop()
        if inside:
            inside -= 1
        if not is_item:
            return
        at = parser.CurrentByteIndex
        close = b"</" + raw_name.encode("utf-8")
        if data.startswith(close, at):
            gt = data.find(b">", at)
            stop = gt + 1 if gt >= 0 else len(data)
        else:  # an empty-element tag: the event comes right after it
            stop = at
        spans.append((begin, stop))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return None
    return spans


def one_item_document(data: bytes, position: int) -> bytes | None:
    """A copy of the document holding only its ``position``-th item (1-based): the
    bytes before the first item, that item's own bytes, the bytes after the last.
    None when the items cannot be found."""
    spans = item_spans(data)
    if not spans or not 1 <= position <= len(spans):
        return None
    start, stop = spans[position - 1]
    return data[: spans[0][0]] + data[start:stop] + data[spans[-1][1] :]


# --- a whole feed, entry by entry ---------------------------------------------------

UTF8_XML = "application/xml; charset=utf-8"


def strip_userinfo(url: str) -> str:
    """A link without ``user:password@`` (the rest of it is the article's address)."""
    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    except ValueError:
        return url


def _iso(value: Any) -> str | None:
    """A feedparser time struct as ISO 8601; None when absent or impossible (year 0)."""
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _entry_item(
    n: int,
    entry: Mapping[str, Any],
    *,
    max_bytes: int,
    source: str | None,
    language: str | None,
) -> FeedEntry:
    """One entry, isolated: whatever it raises becomes that entry's reason."""
    try:
        key = entry_key(entry)
    except Exception:  # noqa: BLE001 - a key must exist to remember the entry by
        key = f"position-{n}"
    updated = _iso(entry.get("updated_parsed"))
    try:
        article = entry_to_article(entry, max_bytes=max_bytes, source=source, language=language)
    except PermanentError as exc:
        return FeedEntry(key, updated, ItemResult(n, b"", error=exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must cost this entry only
        reason = f"feed entry {n}: unreadable ({type(exc).__name__}: {exc})"[:500]
        return FeedEntry(key, updated, ItemResult(n, b"", error=PermanentError(reason)))
    if article.url:
        article.url = strip_userinfo(article.url)
    return FeedEntry(key, updated, ItemResult(n, b"", article=article))


def read_feed(
    raw: bytes,
    *,
    url: str,
    max_article_bytes: int,
    max_feed_bytes: int = DEFAULT_MAX_FEED_BYTES,
    content_type: str | None = None,
) -> list[FeedEntry]:
    """A fetched feed document as entries: bytes in, no network.

    ``url`` must already be free of credentials (it becomes the base of relative
    links and, without a feed title, the source). Raises ``PermanentError`` when
    the document as a whole cannot be read; a bad entry is an entry with an
    error and its own bytes as the payload.
    """
    data = defuse_feed(raw, max_bytes=max_feed_bytes, content_type=content_type)
    root = xml_root_name(data[:65536].lstrip())
    if root == "html" or data[:512].lstrip().lower().startswith(b"<!doctype html"):
        raise PermanentError("an HTML page, not an RSS or Atom feed", code="not_a_feed")
    headers = {"content-type": UTF8_XML, "content-location": url}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # noqa: BLE001 - feedparser bugs: this feed is unreadable
        raise PermanentError(
            f"feed: unreadable ({type(exc).__name__}: {exc})"[:500], code="not_a_feed"
        ) from None
    if not parsed.get("version"):
        why = parsed.get("bozo_exception")
        detail = f": {why}" if why else ""
        shown = f"<{root}>" if root else "not XML"
        raise PermanentError(
            f"not an RSS or Atom feed (root {shown}){detail}"[:500], code="not_a_feed"
        )
    feed = parsed.get("feed") or {}
    title = feed.get("title")
    source = title if isinstance(title, str) and title.strip() else urlsplit(url).hostname
    source = html_to_text(source).strip()[:200] if isinstance(source, str) else None
    language = feed.get("language")
    language = language[:16] if isinstance(language, str) and language.strip() else None
    entries = [
        _entry_item(n, e, max_bytes=max_article_bytes, source=source, language=language)
        for n, e in enumerate(parsed.get("entries") or [], start=1)
    ]
    if any(e.result.error for e in entries):
        spans = item_spans(data)
        if spans is not None and len(spans) != len(entries):
            spans = None
        for i, e in enumerate(entries):
            if e.result.error is None:
                continue
            if spans is None:  # not well-formed: keep the whole (defused) feed
                payload = data
            else:
                payload = data[: spans[0][0]] + data[spans[i][0] : spans[i][1]]
                payload += data[spans[-1][1] :]
            entries[i] = FeedEntry(
                e.key, e.updated, ItemResult(e.result.position, payload, error=e.result.error)
            )
    return entries
