"""Agency formats beyond JSON Lines: IPTC ninjs, NewsML-G2 and RSS/Atom.

Each parser turns one document into ``ItemResult``s: an article, or the reason
one item of the document was refused, with that item's own bytes for the
dead-letter topic. A document that cannot be read at all (malformed XML or
JSON, an HTML page, an unknown NewsML namespace) raises ``PermanentError``;
nothing else leaves: whatever one item raises (a date no calendar has, a
version of 5,000 digits, a parser's recursion limit) is that item's
``PermanentError`` (``parse.isolated``), and the other items are read.
Bodies and titles reach the wire contract as they came, so they are
size-checked before their markup is read, and stripped once.

Every item is finally validated by ``article_from_mapping``, so the limits and
reasons of the wire contract are the same whatever the format. What a format
says beyond the wire fields (kill notices, by-lines, subjects, the place a
story was filed from) travels in the ``Article`` record's own fields
(``status``, ``byline``, ``subjects``, ``located``).

XML from outside is untrusted: it is parsed with ``defusedxml`` and any DTD is
refused, so entity expansion ("billion laughs") and external entities cannot
happen. RSS/Atom documents are read by ``pipeline.feeds.feedsafe.read_feed``
(defused first, then feedparser on bytes, never a URL, so it fetches nothing by
itself); this module turns each entry into an article.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml.ElementTree as SafeET
import orjson
from defusedxml import DefusedXmlException

from pipeline.errors import PermanentError
from pipeline.feeds.parse import (
    MAX_VERSION,
    WITHDRAWN_BODY,
    article_from_mapping,
    isolated,
    tidy_text,
)
from pipeline.record import Article

Format = Literal["jsonl", "text", "ninjs", "newsml", "rss"]
FORMATS: tuple[Format, ...] = ("jsonl", "text", "ninjs", "newsml", "rss")

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWSML_ROOTS = ("newsItem", "newsMessage")
FEED_ROOTS = ("rss", "feed", "RDF")


def is_withdrawn(article: Article) -> bool:
    return article.status == "withdrawn"


@dataclass(frozen=True)
class ItemResult:
    """One item of a document: its article, or why it was refused (never both)."""

    position: int  # 1-based position of the item in its document
    payload: bytes
    article: Article | None = None
    error: PermanentError | None = None


@dataclass(frozen=True)
class FeedEntry:
    """One RSS/Atom entry: the key the poller remembers it by, and the result."""

    key: str
    updated: str | None
    result: ItemResult


# --------------------------------------------------------------- detection
_JSON_START = (b"{", b"[")
SNIFF = 65_536
_ROOT_TAG = re.compile(rb"<\s*([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")


def _skip_prolog(s: bytes) -> bytes:
    """Skip the XML declaration, processing instructions, comments and a DOCTYPE."""
    while True:
        s = s.lstrip()
        if s.startswith(b"<?"):
            end = s.find(b"?>")
            s = s[end + 2 :] if end >= 0 else b""
        elif s.startswith(b"<!--"):
            end = s.find(b"-->")
            s = s[end + 3 :] if end >= 0 else b""
        elif s.startswith(b"<!"):
            end = s.find(b">")
            s = s[end + 1 :] if end >= 0 else b""
        else:
            return s


def xml_root_name(head: bytes) -> str | None:
    """The local name of the root element, read from the first bytes; None if not XML."""
    s = _skip_prolog(head.lstrip(b"\xef\xbb\xbf"))
    m = _ROOT_TAG.match(s)
    if not m:
        return None
    return m.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]


def looks_like_ninjs(obj: Any) -> bool:
    """A ninjs object has a uri (required by every ninjs version) and no wire ``body``."""
    if not isinstance(obj, Mapping) or "body" in obj:
        return False
    markers = (
        "uri",
        "headlines",
        "bodies",
        "body_text",
        "body_html",
        "versioncreated",
        "versionCreated",
        "pubstatus",
        "pubStatus",
    )
    return any(k in obj for k in markers)


def _first_line(head: bytes) -> bytes:
    for line in head.splitlines():
        if line.strip():
            return line.strip()
    return b""


def detect_format(
    head: bytes, *, name: str | None = None, content_type: str | None = None
) -> Format:
    """Decide a document's format from its first bytes, within what its type declares.

    ``head`` should hold at least the first line (64 KiB is plenty). A specific
    Content-Type is honoured: an XML or plain-text type is that format, a JSON
    type leaves only the choice between JSON Lines and a JSON document. Then:
    JSON whose first line is a whole object is JSON Lines (whose reader takes
    ninjs lines too); a JSON document spread over lines (first line ``{`` or
    ``[``) or an array is read by the ninjs reader (ninjs or wire objects); XML
    is RSS/Atom by its root, else NewsML-G2 (whose reader says what else it
    was); anything else is agency text, except in a file named
    ``.jsonl``/``.json``/``.ndjson``.
    """
    by_type = format_for_content_type(content_type)
    if by_type in ("rss", "newsml", "text"):
        return by_type
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if by_type is None and s.startswith(b"<"):
        root = xml_root_name(s)
        return "rss" if root in FEED_ROOTS else "newsml"
    if s.startswith(_JSON_START):
        line = _first_line(s)
        if line in _JSON_START:
            return "ninjs"
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            return "jsonl"
        return "ninjs" if isinstance(obj, list) else "jsonl"
    if by_type is not None:  # declared JSON that is not: each line says why
        return "jsonl"
    suffix = (name or "").lower().rsplit(".", 1)[-1] if name and "." in name else ""
    return "jsonl" if suffix in ("jsonl", "json", "ndjson") else "text"


_CONTENT_TYPES: dict[str, Format] = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/json": "ninjs",
    "application/ninjs+json": "ninjs",
    "application/vnd.iptc.g2.newsitem+xml": "newsml",
    "application/vnd.iptc.g2.newsmessage+xml": "newsml",
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "text/plain": "text",
}


def format_for_content_type(content_type: str | None) -> Format | None:
    """The format a Content-Type names, None when it is generic (XML, octet-stream, none)."""
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    return _CONTENT_TYPES.get(ctype)


# ------------------------------------------------------------------- ninjs
_VERSION_DIGITS = re.compile(r"[0-9]{1,16}")


def _positive_version(value: Any, field: str = "version") -> int:
    """ninjs and NewsML-G2 carry the version as a string of digits."""
    if value is None or value == "":
        return 1
    if isinstance(value, bool):
        raise PermanentError(
            f"{field}: expected a positive integer, got {value!r}", code="wrong_type"
        )
    if isinstance(value, int) and 1 <= value <= MAX_VERSION:
        return value
    # ASCII digits only ("²" is a digit to str.isdigit but not to int), and few
    # enough of them that the number is a version, not a denial of service
    if isinstance(value, str) and _VERSION_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
        if 1 <= number <= MAX_VERSION:
            return number
    if isinstance(value, int):
        value = "a number out of range" if abs(value) > MAX_VERSION else value
    raise PermanentError(
        f"{field}: expected a positive integer, got {str(value)[:40]!r}", code="wrong_type"
    )


def _get(obj: Mapping[str, Any], *names: str) -> Any:
    """The first present key among spellings (1.x/2.x lower case, 3.x camelCase)."""
    for n in names:
        if obj.get(n) not in (None, ""):
            return obj[n]
    return None


def _str_or_none(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PermanentError(
            f"{field}: expected a string, got {type(value).__name__}", code="wrong_type"
        )
    return value


def _pick_role(items: Any, field: str) -> Mapping[str, Any] | None:
    """From a 2.x/3.x ``headlines``/``bodies`` array, the main one (no role counts as main)."""
    if items is None:
        return None
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise PermanentError(f"{field}: expected an array of objects", code="wrong_type")
    usable: list[Mapping[str, Any]] = [
        i for i in items if isinstance(i.get("value"), str) and i["value"].strip()
    ]
    for item in usable:
        if str(item.get("role", "main")).lower() in ("main", "body", "text", ""):
            return item
    return usable[0] if usable else None


def _ninjs_body(obj: Mapping[str, Any]) -> str | None:
    text = _str_or_none(obj.get("body_text"), "body_text")
    if text and text.strip():
        return text
    markup = _str_or_none(obj.get("body_html"), "body_html")
    if markup and markup.strip():
        return markup
    for key, value in obj.items():  # 1.x patternProperties body_*: body_xhtml, body_richtext
        if key.startswith("body_") and isinstance(value, str) and value.strip():
            return value
    body = _pick_role(obj.get("bodies"), "bodies")
    if body is None:
        return None
    return str(body["value"])


def _ninjs_headline(obj: Mapping[str, Any]) -> str:
    headline = _str_or_none(obj.get("headline"), "headline")
    if headline:
        return headline
    h = _pick_role(obj.get("headlines"), "headlines")
    if h is not None:
        return str(h["value"])
    return (
        _str_or_none(obj.get("title"), "title")
        or _str_or_none(obj.get("slugline"), "slugline")
        or ""
    )


def _names(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        if isinstance(item, Mapping):
            name = item.get("name") or item.get("literal") or item.get("code") or item.get("uri")
            if isinstance(name, str) and name.strip():
                out.append(name.strip())
    return out


def _ninjs_source(obj: Mapping[str, Any]) -> str | None:
    holder = _get(obj, "copyrightholder", "copyrightHolder")
    if isinstance(holder, str) and holder.strip():
        return holder.strip()[:200]
    sources = _names(_get(obj, "infosources", "infoSources", "infosource"))
    return sources[0][:200] if sources else None


def ninjs_to_article(obj: Any, *, max_bytes: int) -> Article:
    """One ninjs object (1.x, 2.x or 3.x) to an article; a canceled/withheld one is a kill notice.

    The body goes to the wire contract as it came (text or HTML), so it is
    size-checked before its markup is read, and stripped once.
    """
    with isolated("ninjs item"):
        return _ninjs_to_article(obj, max_bytes)


def _ninjs_to_article(obj: Any, max_bytes: int) -> Article:
    if not isinstance(obj, Mapping):
        raise PermanentError(
            f"ninjs: expected a JSON object, got {type(obj).__name__}", code="wrong_type"
        )
    uri = _str_or_none(_get(obj, "uri", "guid"), "uri")
    if not uri or not uri.strip():
        raise PermanentError(
            "ninjs: uri missing (the item's stable identifier)", code="missing_field"
        )
    status = str(_get(obj, "pubstatus", "pubStatus") or "usable").lower()
    if status not in ("usable", "withheld", "canceled", "cancelled"):
        raise PermanentError(
            f"ninjs: pubstatus {status[:40]!r} is not usable, withheld or canceled", code="invalid"
        )
    withdrawn = status != "usable"
    if withdrawn:  # the withdrawn text must not travel on, whatever the notice carries
        body: str | None = _withdrawn_body(_get(obj, "ednote", "edNote"))
    else:
        body = _ninjs_body(obj)
    if not body or not body.strip():
        raise PermanentError(
            "ninjs: no body (body_text, body_html or bodies[].value) in a usable item",
            code="empty_body",
        )
    version_created = _get(obj, "versioncreated", "versionCreated")
    first_created = _get(obj, "firstcreated", "firstCreated")
    wire = {
        "id": _article_id(uri),
        "title": _ninjs_headline(obj),
        "body": body,
        "published": first_created or version_created,
        "updated": version_created,
        "version": _positive_version(obj.get("version")),
        "source": _ninjs_source(obj),
        "language": _str_or_none(obj.get("language"), "language"),
    }
    article = article_from_mapping(wire, max_bytes=max_bytes)
    subjects = _names(obj.get("subjects") or obj.get("subject"))
    byline = _get(obj, "by", "byline")
    located = obj.get("located")
    return _feed_article(
        article,
        status="withdrawn" if withdrawn else None,
        byline=byline if isinstance(byline, str) else None,
        subjects=subjects,
        located=located if isinstance(located, str) else None,
    )


def _withdrawn_body(note: Any) -> str:
    """A kill notice needs no text; the record needs a body: say what happened."""
    if isinstance(note, str) and note.strip():
        return f"{WITHDRAWN_BODY} Note: {' '.join(note.split())}"
    return WITHDRAWN_BODY


def _article_id(guid: str) -> str:
    """The publisher's guid is the id (so a kill notice finds its article), hashed if too long."""
    guid = guid.strip()
    if len(guid.encode()) <= 512:
        return guid
    return "g-" + hashlib.sha256(guid.encode()).hexdigest()[:32]


def _feed_article(
    article: Article,
    *,
    status: Literal["withdrawn"] | None = None,
    byline: str | None = None,
    subjects: Sequence[str] = (),
    located: str | None = None,
) -> Article:
    extra: dict[str, Any] = {}
    if status:
        extra["status"] = status
    if byline and byline.strip():
        extra["byline"] = " ".join(byline[:10_000].split())[:500]
    if subjects:
        extra["subjects"] = [s[:200] for s in dict.fromkeys(subjects)][:100]
    if located and located.strip():
        extra["located"] = " ".join(located[:10_000].split())[:200]
    if not extra:
        return article
    return Article.model_validate(article.model_dump() | extra)


def wire_to_article(obj: Any, *, max_bytes: int) -> Article:
    """A wire object; ``"status": "withdrawn"`` makes it a kill notice (body optional, id not)."""
    return article_from_mapping(obj, max_bytes=max_bytes)


def _json_values(raw: bytes) -> tuple[list[Any], list[bytes] | None]:
    """The objects of a JSON document (one value or an array), or of NDJSON lines.

    Returns the objects and, for NDJSON, each one's own line (for dead letters).
    """
    raw = raw.lstrip(b"\xef\xbb\xbf")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        if len(lines) > 1:
            try:
                return [orjson.loads(line) for line in lines], lines
            except orjson.JSONDecodeError:
                pass
        raise PermanentError(f"malformed JSON: {exc}", code="bad_json") from None
    if isinstance(doc, list):
        return doc, [orjson.dumps(o) for o in doc]
    return [doc], None


def parse_json_document(raw: bytes, *, max_bytes: int, strict_ninjs: bool) -> list[ItemResult]:
    """A JSON document (one object, an array, or NDJSON); each ninjs (or, unless strict, wire)."""
    objs, payloads = _json_values(raw)
    if not objs:
        raise PermanentError("empty JSON array: no articles", code="empty")
    out = []
    for n, obj in enumerate(objs, start=1):
        payload = payloads[n - 1] if payloads else raw
        try:
            with isolated("item"):
                if strict_ninjs or looks_like_ninjs(obj):
                    article = ninjs_to_article(obj, max_bytes=max_bytes)
                else:
                    article = wire_to_article(obj, max_bytes=max_bytes)
            out.append(ItemResult(n, payload, article=article))
        except PermanentError as exc:
            out.append(ItemResult(n, payload, error=exc))
    return out


# --------------------------------------------------------------- NewsML-G2
def parse_xml(raw: bytes) -> Element:
    """Parse untrusted XML: no DTD, no entities, no external resources."""
    try:
        root: Element = SafeET.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PermanentError(
            f"XML refused: {type(exc).__name__} (DTDs and entity declarations are not "
            "accepted from outside)",
            code="unsafe_xml",
        ) from None
    except ParseError as exc:
        raise PermanentError(f"malformed XML: {exc}", code="bad_xml") from None
    return root


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _q(local: str) -> str:
    return f"{{{NAR_NS}}}{local}"


def _text(el: Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _check_newsml_root(root: Element) -> None:
    ns, local = _split(root.tag)
    if local == "html":
        raise PermanentError("an HTML page, not a NewsML-G2 item", code="wrong_format")
    if local not in NEWSML_ROOTS:
        raise PermanentError(
            f"not NewsML-G2: the root element is <{local}> (expected newsItem or newsMessage)",
            code="wrong_format",
        )
    if ns != NAR_NS:
        shown = ns or "no namespace"
        raise PermanentError(
            f"NewsML-G2 namespace {shown!r} is not supported (expected {NAR_NS!r}, "
            "used by every NewsML-G2 2.x version)",
            code="unsupported_version",
        )


def _check_standard_version(item: Element) -> None:
    version = item.get("standardversion")
    if version and not re.fullmatch(r"2\.\d+", version.strip()):
        raise PermanentError(
            f"NewsML-G2 standardversion {version[:20]!r} is not supported (2.x only)",
            code="unsupported_version",
        )


_XML_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "hl1", "hl2"}
)
_XML_SKIPPED = frozenset({"head", "script", "style"})


def _xml_body_text(container: Element) -> str:
    """XHTML (or NITF) inside inlineXML to text with paragraph breaks, escaped for the contract.

    An explicit stack instead of recursion (or ``tostring``, which recurses):
    an element nested thousands deep is just more text. The result is escaped
    because the wire contract reads bodies as HTML and must get this text back.
    """
    start: Element = container
    for el in container.iter():
        if _split(el.tag)[1] in ("body.content", "body"):
            start = el
            break
    parts: list[str] = []
    stack: list[tuple[Element, bool]] = [(start, False)]
    while stack:
        el, closing = stack.pop()
        local = _split(el.tag)[1] if isinstance(el.tag, str) else ""
        if closing:
            if local in _XML_BLOCKS:
                parts.append("\n\n")
            if el is not start and el.tail:
                parts.append(el.tail)
            continue
        if local in _XML_BLOCKS:
            parts.append("\n\n")
        stack.append((el, True))
        if local in _XML_SKIPPED:
            continue
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        stack.extend((child, False) for child in reversed(el))
    return html.escape(tidy_text("".join(parts)), quote=False)


def _newsml_body(item: Element) -> str:
    content_set = item.find(_q("contentSet"))
    if content_set is None:
        return ""
    for child in content_set:
        local = _split(child.tag)[1]
        ctype = (child.get("contenttype") or "").lower()
        if local == "inlineXML":
            return _xml_body_text(child)
        if local == "inlineData":
            text = child.text or ""
            return text if "html" in ctype else html.escape(tidy_text(text), quote=False)
    return ""


def _newsml_headline(meta: Element | None) -> str:
    if meta is None:
        return ""
    headlines = meta.findall(_q("headline"))
    for h in headlines:
        if (h.get("role") or "").split(":")[-1] in ("", "main", "hl1"):
            return _text(h)
    return _text(headlines[0]) if headlines else ""


def _qcode_or_name(el: Element | None) -> str | None:
    if el is None:
        return None
    name = _text(el.find(_q("name"))) or el.get("literal") or el.get("qcode")
    return name.strip() if name else None


def newsml_item_to_article(item: Element, *, max_bytes: int) -> Article:
    """One ``newsItem`` element to an article; stat:canceled/withheld is a kill notice."""
    with isolated("newsItem"):
        return _newsml_item_to_article(item, max_bytes)


def _newsml_item_to_article(item: Element, max_bytes: int) -> Article:
    _check_standard_version(item)
    guid = item.get("guid")
    if not guid or not guid.strip():
        raise PermanentError("NewsML-G2: newsItem without a guid", code="missing_field")
    item_meta = item.find(_q("itemMeta"))
    content_meta = item.find(_q("contentMeta"))
    if item_meta is None:
        raise PermanentError("NewsML-G2: newsItem without itemMeta", code="missing_field")
    pub_status = item_meta.find(_q("pubStatus"))
    status = (pub_status.get("qcode") or "stat:usable") if pub_status is not None else "stat:usable"
    status = status.split(":", 1)[-1].lower()
    if status not in ("usable", "withheld", "canceled"):
        raise PermanentError(
            f"NewsML-G2: pubStatus {status[:40]!r} is not stat:usable, stat:withheld or "
            "stat:canceled",
            code="invalid",
        )
    withdrawn = status != "usable"
    item_class = item_meta.find(_q("itemClass"))
    klass = (item_class.get("qcode") or "") if item_class is not None else ""
    if klass and klass.split(":")[-1] not in ("text", "composite") and not withdrawn:
        raise PermanentError(
            f"NewsML-G2: itemClass {klass!r} is not text: only text items are ingested",
            code="unsupported",
        )
    # the withdrawn text must not travel on, whatever the notice carries
    note = _text(item_meta.find(_q("edNote")))
    body = _withdrawn_body(note) if withdrawn else _newsml_body(item)
    if not body.strip():
        raise PermanentError(
            "NewsML-G2: no text in contentSet (inlineXML or inlineData) of a usable item",
            code="empty_body",
        )
    language = None
    if content_meta is not None:
        lang_el = content_meta.find(_q("language"))
        language = lang_el.get("tag") if lang_el is not None else None
    language = language or item.get("{http://www.w3.org/XML/1998/namespace}lang")
    version_created = _text(item_meta.find(_q("versionCreated"))) or None
    first_created = _text(item_meta.find(_q("firstCreated"))) or None
    wire = {
        "id": _article_id(guid),
        "title": html.escape(_newsml_headline(content_meta), quote=False),
        "body": body,
        "published": first_created or version_created,
        "updated": version_created,
        "version": _positive_version(item.get("version"), "newsItem@version"),
        "source": (_qcode_or_name(item_meta.find(_q("provider"))) or "")[:200] or None,
        "language": language,
    }
    article = article_from_mapping(wire, max_bytes=max_bytes)
    byline = dateline = None
    subjects: list[str] = []
    if content_meta is not None:
        byline = _text(content_meta.find(_q("by"))) or _qcode_or_name(
            content_meta.find(_q("creator"))
        )
        dateline = _qcode_or_name(content_meta.find(_q("located"))) or _text(
            content_meta.find(_q("dateline"))
        )
        subjects = [s for s in map(_qcode_or_name, content_meta.findall(_q("subject"))) if s]
    return _feed_article(
        article,
        status="withdrawn" if withdrawn else None,
        byline=byline,
        subjects=subjects,
        located=dateline,
    )


def parse_newsml(raw: bytes, *, max_bytes: int) -> list[ItemResult]:
    """A ``newsItem`` or a ``newsMessage`` batch (its ``itemSet`` newsItems)."""
    if xml_root_name(raw[:SNIFF]) == "html":
        raise PermanentError("an HTML page, not a NewsML-G2 item", code="wrong_format")
    root = parse_xml(raw)
    _check_newsml_root(root)
    if _split(root.tag)[1] == "newsItem":
        items = [root]
    else:
        items = [
            el
            for item_set in root.iter(_q("itemSet"))
            for el in item_set
            if _split(el.tag)[1] == "newsItem"
        ]
        if not items:
            raise PermanentError("NewsML-G2 newsMessage without newsItems", code="empty")
    out = []
    for n, item in enumerate(items, start=1):
        try:
            payload = raw if item is root else tostring(item, encoding="utf-8")
        except RecursionError:  # nested too deeply to serialise: keep the whole document
            payload = raw
        try:
            out.append(
                ItemResult(n, payload, article=newsml_item_to_article(item, max_bytes=max_bytes))
            )
        except PermanentError as exc:
            out.append(ItemResult(n, payload, error=exc))
    return out


# ---------------------------------------------------------------- RSS/Atom
def _entry_time(entry: Mapping[str, Any], field: str) -> str | None:
    """The entry's ``published`` or ``updated`` time as ISO 8601, in the offset the
    feed wrote it in.

    feedparser hands the time back converted to UTC (``published_parsed``), which
    moves the calendar day of a story stamped "Mon, 10 Oct 2016 09:30:00 +1100"
    to Sunday, and relative dates in it ("on Monday") are counted from the day it
    was written. So the feed's own text is read again (RFC 822 or ISO 8601, at
    most 64 characters) and kept only when it is the same instant; otherwise, or
    without an offset, the UTC time stands.
    """
    utc = _struct_to_iso(entry.get(f"{field}_parsed"), field)
    raw = entry.get(field)
    if utc is None or not isinstance(raw, str) or len(raw) > 64:
        return utc
    local = _aware_time(raw.strip())
    if local is None or local.replace(microsecond=0) != datetime.fromisoformat(utc):
        return utc
    return local.replace(microsecond=0).isoformat()


def _aware_time(text: str) -> datetime | None:
    """An RFC 822 or ISO 8601 time that carries an offset; None otherwise."""
    try:
        t = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            t = datetime.fromisoformat(text)
        except (TypeError, ValueError, OverflowError):
            return None
    return t if t.tzinfo is not None and t.utcoffset() is not None else None


def _struct_to_iso(value: Any, field: str = "published") -> str | None:
    """feedparser's parsed date as ISO 8601; a date no calendar has (year 0000) is bad input."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        shown = "-".join(str(v) for v in list(value)[:3])[:40]
        raise PermanentError(f"{field}: not a date: {shown!r}", code="bad_date") from None


def entry_key(entry: Mapping[str, Any]) -> str:
    """What identifies an entry across fetches: guid/id, else link, else its text."""
    for field in ("id", "link"):
        value = entry.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()
    text = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "h-" + _sha(text)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _entry_body(entry: Mapping[str, Any]) -> str:
    for content in entry.get("content") or []:
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) else ""


def entry_to_article(
    entry: Mapping[str, Any], *, max_bytes: int, source: str | None, language: str | None
) -> Article:
    """One feed entry; title and body go to the wire contract as they came, stripped once there."""
    with isolated("feed entry"):
        return _entry_to_article(entry, max_bytes, source, language)


def _entry_to_article(
    entry: Mapping[str, Any], max_bytes: int, source: str | None, language: str | None
) -> Article:
    body = _entry_body(entry)
    if not body.strip():
        raise PermanentError(
            "feed entry: no content or summary to use as the body", code="empty_body"
        )
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    title = entry.get("title") if isinstance(entry.get("title"), str) else ""
    key = entry_key(entry)
    # With a link, the contract derives the id from it (u-...), and without
    # link or guid from the stripped title and body (c-...); only a guid needs
    # an id here.
    art_id = None if link or key.startswith("h-") else "g-" + _sha(key)
    published = _entry_time(entry, "published")  # (read first: its error is named first)
    updated = _entry_time(entry, "updated")
    wire = {
        "id": art_id,
        "title": title,
        "body": body,
        "published": published or updated,
        "updated": updated,
        "source": source,
        "url": link,
        "language": language,
    }
    article = article_from_mapping(wire, max_bytes=max_bytes)
    tags = [t.get("term") for t in entry.get("tags") or [] if isinstance(t, Mapping)]
    author = entry.get("author")
    return _feed_article(
        article,
        byline=author if isinstance(author, str) else None,
        subjects=[t for t in tags if isinstance(t, str) and t.strip()],
    )
