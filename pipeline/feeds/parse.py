"""The wire contract: what any sender may put on the raw topic, checked in one place.

Every way in calls this module: ``pipeline produce`` and the drop folder
(through ``readers``), the RSS/Atom, ninjs and NewsML-G2 readers (through
``formats``), ``pipeline serve``, and the enrichment agent, which parses the
raw topic again because anything may be written to it. Its promises:

* **Bounded work.** Every field is size-checked before it is parsed (dates,
  markup, numbers); markup is stripped by one linear scan (no backtracking
  regex, no ``HTMLParser`` quirks), so the cost of a message follows its size.
* **One error type.** Whatever goes wrong with one item ends as a
  ``PermanentError`` whose reason names the field and the limit; ``isolated``
  turns even an unforeseen exception into one, so one item never stops a batch.
* **Sender fields only.** What the pipeline computes (``dateline``,
  ``entities``, ``dates``, ``enrich_notes``, ``story_id``, ...) is dropped
  from what a sender wrote, never kept: the stages compute it again.
* **Size after escaping.** ``encode_wire`` gives the bytes the raw topic
  carries and refuses them, before any send, when they exceed the broker's
  message limit.

The limits come from ``schemas/article.schema.json``, which the OpenAPI
document is generated from as well.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import ValidationError

from pipeline.errors import PermanentError
from pipeline.record import Article, stable_id
from pipeline.stories.titles import derive_title

log = logging.getLogger(__name__)

WITHDRAWN_BODY = "Withdrawn by the publisher."
# What a record may add to the JSON of its article on a topic (keys, quotes,
# the producer's time stamp) beyond the body itself.
ENVELOPE_BYTES = 64_000
# Kafka's default message limit (message.max.bytes 1048588 less the record overhead).
DEFAULT_MAX_MESSAGE_BYTES = 1_048_576

_T = TypeVar("_T")


# ------------------------------------------------------------ the schema
def schemas_dir() -> Path:
    """``schemas/`` beside the package in a checkout, else in the working directory (image)."""
    here = Path(__file__).resolve().parents[2] / "schemas"
    return here if here.is_dir() else Path.cwd() / "schemas"


@functools.cache
def wire_schema() -> dict[str, Any]:
    """``schemas/article.schema.json``: the contract's field list and limits."""
    schema: dict[str, Any] = json.loads((schemas_dir() / "article.schema.json").read_text())
    return schema


@functools.cache
def sender_fields() -> frozenset[str]:
    """Fields a sender may set: the schema's properties plus the spellings read for them."""
    return frozenset(wire_schema()["properties"]) | {"text", "dct"}


# Fields the pipeline computes: a sender's value is dropped (documented in the schema).
INTERNAL_FIELDS = frozenset(
    {
        "dateline",
        "entities",
        "dates",
        "enriched_at",
        "enrich_notes",
        "story_id",
        "duplicate_of",
        "indexed_at",
        "mentioned_dates",
    }
)
# A title may carry markup; this bounds it before the markup is stripped.
RAW_TITLE_FACTOR = 8


@functools.cache
def field_limits() -> dict[str, int]:
    """maxLength of each string field of the schema (characters)."""
    out: dict[str, int] = {}
    for name, spec in wire_schema()["properties"].items():
        if "maxLength" in spec:
            out[name] = int(spec["maxLength"])
    return out


def _check_length(field: str, value: str, limit: int, what: str = "characters") -> None:
    if len(value) > limit:
        raise PermanentError(
            f"{field}: {len(value)} {what} exceeds the limit of {limit}", code="too_large"
        )


# ------------------------------------------------------------- isolation
@contextmanager
def isolated(what: str = "item") -> Iterator[None]:
    """Turn any exception raised while reading one item into that item's ``PermanentError``.

    A parser bug or an input nobody foresaw (a recursion limit, an integer too
    long to convert, a date out of range) must cost one item, with a reason,
    never the batch, the feed, the folder or the worker. Logged with its
    traceback, since it is a gap in a check rather than ordinary bad input.
    """
    try:
        yield
    except PermanentError:
        raise
    except RecursionError:
        raise PermanentError(f"{what}: nested too deeply to read", code="too_deep") from None
    except Exception as exc:
        log.warning("unreadable %s (%s)", what, type(exc).__name__, exc_info=True)
        detail = str(exc).replace("\n", " ")[:200]
        raise PermanentError(
            f"{what}: unreadable ({type(exc).__name__}: {detail})", code="unreadable"
        ) from None


def guarded(fn: Callable[..., _T], *args: Any, what: str = "item", **kwargs: Any) -> _T:
    """``fn(*args, **kwargs)`` with ``isolated``: only ``PermanentError`` leaves it."""
    with isolated(what):
        return fn(*args, **kwargs)


# ---------------------------------------------------------------- markup
# Where markup may start: a start tag, an end tag, a comment, or a bogus comment
# (<!DOCTYPE>, <![CDATA[, <?xml>, </3>). Tag names stop at "<", so "<a<a<a" is
# three candidates of two characters each, not one long one.
_OPEN = re.compile(r"<(?:(!--)|([a-zA-Z][^\s/<>]*)|/([a-zA-Z][^\s/<>]*)|[!?/])")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
)
_RAW_TEXT_END = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}
# The same constructs whole, for text without comments or script/style (the
# common case): one C-level substitution, three times faster than the loop.
# Linear for the same reason: it only runs up to the last ">", so every
# "[^>]*>" it starts finds its end and consumes it.
_WHOLE_TAG = re.compile(r"<(?:([a-zA-Z][^\s/<>]*)|/([a-zA-Z][^\s/<>]*)|[!?/])[^>]*>")
_NEEDS_LOOP = re.compile(r"<!--|<(?:script|style)", re.I)


def _tag_replacement(m: re.Match[str]) -> str:
    name = m.group(1) or m.group(2)
    return "\n\n" if name and name.lower() in _BLOCK_TAGS else ""


_WS = re.compile(r"[ \t\r\f\v]+")


def _strip_tags(text: str) -> tuple[bool, str]:
    """(whether any markup was found, the text with tags and comments removed).

    Linear by construction: every construct ends at a terminator that is known
    to exist (the last ``>`` and the last ``-->`` are located first), each
    search starts where the previous construct ended, and no position is
    scanned twice. A ``<`` with no ``>`` anywhere after it is text, as is
    ``< a>``. A tag ends at its first ``>`` (a ``>`` inside a quoted attribute
    ends it early: wire bodies have no use for such attributes, and honouring
    quotes would need a scan that can fail and start over). Block elements
    become paragraph breaks; script and style lose their content.
    """
    last_gt = text.rfind(">")
    if last_gt < 0:
        return False, text
    if _NEEDS_LOOP.search(text, 0, last_gt) is None:
        head, count = _WHOLE_TAG.subn(_tag_replacement, text[: last_gt + 1])
        return (True, head + text[last_gt + 1 :]) if count else (False, text)
    return _strip_tags_loop(text, last_gt)


def _strip_tags_loop(text: str, last_gt: int) -> tuple[bool, str]:
    """``_strip_tags`` one construct at a time: comments and script/style need it."""
    last_comment_end = text.rfind("-->")
    out: list[str] = []
    i = 0
    found = False
    while True:
        m = _OPEN.search(text, i, last_gt)
        if m is None:
            break
        found = True
        out.append(text[i : m.start()])
        if m.group(1) and m.end() <= last_comment_end:
            i = text.find("-->", m.end()) + 3
        else:
            i = text.find(">", m.end()) + 1
        name = m.group(2) or m.group(3)
        if name:
            name = name.lower()
            if name in _BLOCK_TAGS:
                out.append("\n\n")
            elif m.group(2) and name in _RAW_TEXT_END:
                end = _RAW_TEXT_END[name].search(text, i)
                i = len(text) if end is None else end.start()
                if i >= len(text):
                    return True, "".join(out)
    if not found:
        return False, text
    out.append(text[i:])
    return True, "".join(out)


def looks_like_markup(text: str) -> bool:
    """Whether the wire parse would change this text: an ``&`` or a tag or comment."""
    return "&" in text or _strip_tags(text)[0]


def tidy_text(text: str) -> str:
    """Collapse runs of spaces, trim lines, keep at most one blank line between paragraphs."""
    lines: list[str] = []
    blank = False
    for raw_line in text.split("\n"):
        line = _WS.sub(" ", raw_line).strip()
        if line:
            if blank and lines:
                lines.append("")
            lines.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(lines)


def html_to_text(text: str) -> str:
    """Strip markup to plain text (entities unescaped once); plain text passes unchanged."""
    if "&" not in text:
        found, stripped = _strip_tags(text)
        if not found:
            return text
    else:
        stripped = _strip_tags(text)[1]
    return tidy_text(html.unescape(stripped))


# ----------------------------------------------------------------- fields
_DATE_FIELDS = ("published", "dct", "updated")
# Elasticsearch external versions are signed 64-bit; JSON readers in other
# languages lose integers above 2**53. A version beyond that is a sender's bug.
MAX_VERSION = 2**53 - 1


def parse_datetime(value: Any, field: str) -> datetime | None:
    """ISO 8601 (time zone kept) or RFC 2822; anything else is bad input."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PermanentError(
            f"{field}: expected a date string, got {type(value).__name__}", code="wrong_type"
        )
    _check_length(field, value, field_limits().get("published", 64))
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError, OverflowError):
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


def _check_sizes(obj: Mapping[str, Any], max_bytes: int) -> None:
    """Every sender field against its limit, before any of them is parsed.

    Lengths of Python strings cost nothing to read, so this runs first and a
    megabyte of title or date never reaches a parser.
    """
    limits = field_limits()
    for name in ("body", "text"):
        v = obj.get(name)
        if isinstance(v, str) and len(v) > max_bytes // 4:  # may be over the limit in UTF-8
            size = len(v.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                raise PermanentError(
                    f"{name}: {size} bytes exceeds the limit of {max_bytes} bytes",
                    code="too_large",
                )
    for name, v in obj.items():
        if not isinstance(v, str) or name in ("body", "text"):
            continue
        if name == "title":
            _check_length(name, v, limits["title"] * RAW_TITLE_FACTOR)
        elif name in _DATE_FIELDS:
            _check_length(name, v, limits["published"])
        elif name in limits:
            _check_length(name, v, limits[name])
    subjects = obj.get("subjects")
    if isinstance(subjects, list):
        cap = int(wire_schema()["properties"]["subjects"].get("maxItems", 100))
        if len(subjects) > cap:
            raise PermanentError(
                f"subjects: {len(subjects)} items exceeds the limit of {cap}", code="too_large"
            )
        item_cap = int(wire_schema()["properties"]["subjects"]["items"].get("maxLength", 200))
        for s in subjects:
            if isinstance(s, str):
                _check_length("subjects[]", s, item_cap)


def _version(value: Any) -> int:
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        shown = (
            repr(value) if not isinstance(value, int) or abs(value) < 10**20 else "a huge number"
        )
        raise PermanentError(
            f"version: expected a positive integer up to {MAX_VERSION}, got {shown[:40]}",
            code="wrong_type",
        )
    return value


def _produced_at(value: Any) -> float | None:
    """The producer's time stamp, kept only when it is a plausible epoch time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    t = float(value)
    return t if math.isfinite(t) and 0 <= t < 1e11 else None


def article_from_mapping(obj: Any, *, max_bytes: int) -> Article:
    """Validate and normalise one wire object; raise PermanentError with the reason.

    Sender fields only (``schemas/article.schema.json``); fields the pipeline
    computes are dropped, unknown ones ignored. Never raises anything else.
    """
    with isolated("article"):
        return _article_from_mapping(obj, max_bytes)


def _article_from_mapping(obj: Any, max_bytes: int) -> Article:
    obj = _expect_object(obj)
    _check_sizes(obj, max_bytes)
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
    version = _version(obj.get("version", 1))
    url = _expect_str(obj, "url")
    raw_title = _expect_str(obj, "title") or ""
    published = parse_datetime(obj.get("published", obj.get("dct")), "published")
    updated = parse_datetime(obj.get("updated"), "updated")
    body = html_to_text(body)
    if not body.strip():
        raise PermanentError("body: empty", code="empty_body")
    title = html_to_text(raw_title).strip()
    art_id = _expect_str(obj, "id") or stable_id(url, title, body)
    fields: dict[str, Any] = {
        "id": art_id,
        "title": title,
        "body": body,
        "published": published,
        "updated": updated,
        "version": version,
        "source": _expect_str(obj, "source"),
        "url": url,
        "language": _expect_str(obj, "language") or "en",
        "produced_at": _produced_at(obj.get("produced_at")),
    }
    for extra in ("status", "byline", "subjects", "located"):
        if extra in obj:
            fields[extra] = obj[extra]
    if fields.get("status") != "withdrawn":  # other wire statuses mean "usable"
        fields.pop("status", None)
    return _validated(fields)


def wire_dict(article: Article) -> dict[str, Any]:
    """The sender fields of an article, as JSON values, title and body in wire form.

    The raw topic takes text or HTML in ``title`` and ``body`` and strips markup
    on arrival. An article read here has already been through that, and its
    text may now hold ``&`` or ``<`` as plain characters ("AT&T", a memo marked
    "&lt;urgent&gt;" that came in as ``&amp;lt;urgent&amp;gt;``). Sent as they
    are, the enrichment stage would unescape them a second time; escaped, its
    parse gives back exactly this text. Fields the pipeline computes are left
    out: the raw topic would drop them anyway.
    """
    doc = article.model_dump(mode="json", exclude_none=True, exclude=set(INTERNAL_FIELDS))
    for name in ("title", "body"):
        value = doc.get(name)
        # Only text that the parse would treat as markup: anything else passes
        # through it untouched (whitespace included) and so is sent as it is.
        if value and looks_like_markup(value):
            doc[name] = html.escape(value, quote=False)
    return doc


def wire_bytes(article: Article) -> bytes:
    """The article as the raw topic carries it, so that the parse there changes nothing."""
    return orjson.dumps(wire_dict(article))


def encode_wire(
    article: Article, *, max_bytes: int, max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
) -> bytes:
    """``wire_bytes``, refused before any send when the raw topic could not take it.

    Escaping can grow a body five-fold (``&`` → ``&amp;``), so the limits are
    checked on what is sent: the body against ``MAX_ARTICLE_BYTES`` (the check
    the raw topic's parse makes again), the whole record against the broker's
    message limit (``KAFKA_MAX_MESSAGE_BYTES``, less room for key and headers).
    """
    with isolated("article"):
        doc = wire_dict(article)
        body_size = len(doc["body"].encode("utf-8", "surrogatepass"))
        if body_size > max_bytes:
            raise PermanentError(
                f"body: {body_size} bytes once escaped for the wire exceeds the limit of "
                f"{max_bytes} bytes",
                code="too_large",
            )
        value = orjson.dumps(doc)
    # the raw topic refuses a message this large unread (JSON escapes control
    # characters six-fold, so the body's own size does not bound it)
    check_message_size(value, max_bytes)
    room = max_message_bytes - MESSAGE_OVERHEAD
    if len(value) > room:
        raise PermanentError(
            f"record: {len(value)} bytes once serialised exceeds the broker's message limit "
            f"({max_message_bytes} bytes less {MESSAGE_OVERHEAD} for key and headers)",
            code="too_large",
        )
    return value


# What a message needs beyond its value: the key (an id, at most 512 bytes),
# headers and the record batch framing.
MESSAGE_OVERHEAD = 2048


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
    with isolated("record"):
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


def check_message_size(raw: bytes, max_bytes: int) -> None:
    """A message or line far over what any valid article needs is refused unread."""
    if len(raw) > max_bytes + ENVELOPE_BYTES:
        raise PermanentError(
            f"message: {len(raw)} bytes exceeds the limit of {max_bytes + ENVELOPE_BYTES} "
            f"bytes (a body of at most {max_bytes} bytes plus {ENVELOPE_BYTES} for the other "
            "fields)",
            code="too_large",
        )


def _message_json(raw: bytes | None, max_bytes: int | None = None) -> Any:
    """One message's JSON value: refused if empty or (with ``max_bytes``) far too large."""
    if raw is None or not raw.strip():
        raise PermanentError("empty message", code="empty")
    if max_bytes is not None:
        check_message_size(raw, max_bytes)
    return decode_json(raw)


def article_from_bytes(raw: bytes | None, *, max_bytes: int) -> Article:
    """The raw topic's contract: one UTF-8 JSON object per message. Only PermanentError leaves."""
    with isolated("message"):
        return article_from_mapping(_message_json(raw, max_bytes), max_bytes=max_bytes)


_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+(?:Z|[+-]\d{2}:?\d{2})?)?)\s*")
_PARA_BREAK = re.compile(r"\n\s*\n")
_DATELINE_HEAD = re.compile(r"[A-Z][A-Z .'-]+:")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z\"“])")


def article_from_agency_text(text: str, *, max_bytes: int, source: str | None = None) -> Article:
    """Plain-text agency copy: optional ``date YYYY-MM-DD`` line, optional headline, body.

    The headline is the first paragraph when it is a single short line
    without a dateline colon; otherwise the first sentence stands in for it.
    """
    with isolated("agency text"):
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes + ENVELOPE_BYTES:
            raise PermanentError(
                f"agency text: {size} bytes exceeds the limit of {max_bytes} bytes",
                code="too_large",
            )
        return _agency_text(text, max_bytes, source)


def _agency_text(text: str, max_bytes: int, source: str | None) -> Article:
    published: str | None = None
    m = _DATE_LINE.match(text)
    if m:
        published = m.group(1)
        text = text[m.end() :]
    text = text.strip("\n")
    paras = _PARA_BREAK.split(text.strip(), maxsplit=1)
    title = ""
    body = text.strip()
    if len(paras) == 2:
        head = paras[0].strip()
        if "\n" not in head and len(head) <= 200 and not _DATELINE_HEAD.match(head):
            title, body = head, paras[1].strip()
    if not title:
        # the first sentence after the dateline, cut at a clause, never mid-word;
        # read from a bounded head, so a body without a full stop costs no more
        title = derive_title(body[:2000])
    obj: dict[str, Any] = {"title": title, "body": body, "published": published}
    if source:
        obj["source"] = source
    return article_from_mapping(obj, max_bytes=max_bytes)
