"""Turn whatever arrived (a JSON object, a plain-text agency file) into an ``Article``.

The same checks run in the producer and again in the enrichment agent,
because the raw topic is a public contract: anything may be written to it.
Every failure is a ``PermanentError`` whose reason names the field and limit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

import orjson
from pydantic import ValidationError

from pipeline.errors import PermanentError
from pipeline.record import Article, stable_id
from pipeline.stories.titles import derive_title

WITHDRAWN_BODY = "Withdrawn by the publisher."
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
_WS = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n\s*(\n\s*)+")


class _TextExtractor(HTMLParser):
    """Collects text, turning block elements into paragraph breaks; drops script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _looks_like_markup(text: str) -> bool:
    return "&" in text or _TAG.search(text) is not None


def html_to_text(text: str) -> str:
    """Strip markup to plain text; plain text passes through unchanged."""
    if not _looks_like_markup(text):
        return text
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    lines = [_WS.sub(" ", line).strip() for line in out.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def parse_datetime(value: Any, field: str) -> datetime | None:
    """ISO 8601 (time zone kept) or RFC 2822; anything else is bad input."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PermanentError(
            f"{field}: expected a date string, got {type(value).__name__}", code="wrong_type"
        )
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        raise PermanentError(
            f"{field}: not an ISO 8601 or RFC 2822 date: {s[:40]!r}", code="bad_date"
        ) from None


def _expect_str(obj: Mapping[str, Any], field: str, *, required: bool = False) -> str | None:
    v = obj.get(field)
    if v is None:
        if required:
            raise PermanentError(f"{field}: missing", code="missing_field")
        return None
    if not isinstance(v, str):
        raise PermanentError(
            f"{field}: expected a string, got {type(v).__name__}", code="wrong_type"
        )
    return v


def _expect_object(obj: Any) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise PermanentError(f"expected a JSON object, got {type(obj).__name__}", code="wrong_type")
    return obj


def article_from_mapping(obj: Any, *, max_bytes: int) -> Article:
    """Validate and normalise one wire object; raise PermanentError with the reason."""
    obj = _expect_object(obj)
    body = _expect_str(obj, "body", required=False)
    if body is None:
        body = _expect_str(obj, "text")  # the evaluation sets call it text
    if obj.get("status") == "withdrawn":
        if not obj.get("id"):
            raise PermanentError(
                "id: missing (a withdrawal names the article it withdraws)",
                code="missing_field",
            )
        if body is None or not body.strip():
            body = WITHDRAWN_BODY
    if body is None:
        raise PermanentError("body: missing", code="missing_field")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PermanentError(
            f"body: {size} bytes exceeds the limit of {max_bytes} bytes", code="too_large"
        )
    body = html_to_text(body)
    if not body.strip():
        raise PermanentError("body: empty", code="empty_body")
    title = html_to_text(_expect_str(obj, "title") or "").strip()
    url = _expect_str(obj, "url")
    version = obj.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PermanentError(
            f"version: expected a positive integer, got {version!r}", code="wrong_type"
        )
    art_id = _expect_str(obj, "id") or stable_id(url, title, body)
    fields: dict[str, Any] = {
        "id": art_id,
        "title": title,
        "body": body,
        "published": parse_datetime(obj.get("published", obj.get("dct")), "published"),
        "updated": parse_datetime(obj.get("updated"), "updated"),
        "version": version,
        "source": _expect_str(obj, "source"),
        "url": url,
        "language": _expect_str(obj, "language") or "en",
    }
    # Fields added by later stages survive a round trip through the topic.
    for extra in (
        "status",
        "byline",
        "subjects",
        "produced_at",
        "dateline",
        "entities",
        "dates",
        "enriched_at",
        "enrich_notes",
        "story_id",
        "duplicate_of",
    ):
        if extra in obj:
            fields[extra] = obj[extra]
    if fields.get("status") != "withdrawn":  # other wire statuses mean "usable"
        fields.pop("status", None)
    return _validated(fields)


def wire_bytes(article: Article) -> bytes:
    """The article as the raw topic carries it, so that the parse there changes nothing.

    The raw topic takes text or HTML in ``title`` and ``body`` and strips markup
    on arrival. An article read here has already been through that, and its
    text may now hold ``&`` or ``<`` as plain characters ("AT&T", a memo marked
    "&lt;urgent&gt;" that came in as ``&amp;lt;urgent&amp;gt;``). Sent as they
    are, the enrichment stage would unescape them a second time; escaped, its
    parse gives back exactly this text.
    """
    doc = article.model_dump(mode="json", exclude_none=True)
    for name in ("title", "body"):
        value = doc.get(name)
        # Only text that the parse would treat as markup: anything else passes
        # through it untouched (whitespace included) and so is sent as it is.
        if value and _looks_like_markup(value):
            doc[name] = html.escape(value, quote=False)
    return orjson.dumps(doc)


def _validated(fields: Mapping[str, Any]) -> Article:
    try:
        return Article.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "article"
        raise PermanentError(f"{loc}: {first['msg']}", code="invalid") from None


def article_from_record(raw: bytes | None) -> Article:
    """A record on an internal topic, written by an earlier stage: checked, not normalised.

    The wire checks and the markup stripping ran once, on the raw topic.
    Stripping again is not harmless: unescaping is not idempotent (a body
    that reads ``&lt;b&gt;`` would become ``<b>``, then lose it as a tag), and
    the entity offsets computed on the enriched body would point at the wrong
    characters. The broker's message size limit bounds what arrives here.
    """
    return _validated(_expect_object(_message_json(raw)))


def decode_json(raw: bytes) -> Any:
    """Decode bytes as UTF-8 JSON, naming which of the two failed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PermanentError(
            f"not UTF-8: invalid byte at position {exc.start}", code="bad_encoding"
        ) from None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise PermanentError(f"malformed JSON: {exc}", code="bad_json") from None


def _message_json(raw: bytes | None, max_bytes: int | None = None) -> Any:
    """One message's JSON value: refused if empty or (with ``max_bytes``) far too large."""
    if raw is None or not raw.strip():
        raise PermanentError("empty message", code="empty")
    if max_bytes is not None and len(raw) > max_bytes + 64_000:
        raise PermanentError(
            f"message: {len(raw)} bytes exceeds the limit of {max_bytes} bytes", code="too_large"
        )
    return decode_json(raw)


def article_from_bytes(raw: bytes | None, *, max_bytes: int) -> Article:
    """The raw topic's contract: one UTF-8 JSON object per message."""
    return article_from_mapping(_message_json(raw, max_bytes), max_bytes=max_bytes)


_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+(?:Z|[+-]\d{2}:?\d{2})?)?)\s*")


def article_from_agency_text(text: str, *, max_bytes: int, source: str | None = None) -> Article:
    """Plain-text agency copy: optional ``date YYYY-MM-DD`` line, optional headline, body.

    The headline is the first paragraph when it is a single short line
    without a dateline colon; otherwise the first sentence stands in for it.
    """
    published: str | None = None
    m = _DATE_LINE.match(text)
    if m:
        published = m.group(1)
        text = text[m.end() :]
    text = text.strip("\n")
    paras = re.split(r"\n\s*\n", text.strip(), maxsplit=1)
    title = ""
    body = text.strip()
    if len(paras) == 2:
        head = paras[0].strip()
        if "\n" not in head and len(head) <= 200 and not re.match(r"^[A-Z][A-Z .'-]+:", head):
            title, body = head, paras[1].strip()
    if not title:
        # the first sentence after the dateline, cut at a clause, never mid-word
        title = derive_title(body)
    obj: dict[str, Any] = {"title": title, "body": body, "published": published}
    if source:
        obj["source"] = source
    return article_from_mapping(obj, max_bytes=max_bytes)
