"""Dead letters: bad input kept with who/when/what/where, never dropped.

A letter is one Kafka message: a line of JSON metadata (reason, code, stage,
origin, format), a newline, then the original bytes exactly as they arrived.
Carrying the bytes raw rather than base64 inside the JSON keeps a payload whole
up to the broker's message limit (base64 cost a third; letters over 256 kB
used to be cut and then replayed as ``bad_json``). A payload that still does
not fit is cut and the letter says so: ``replayable`` is false.

``format`` says how to read the bytes again: ``wire`` for a record from a topic,
or the reader's format (``jsonl``, ``text``, ``ninjs``, ``newsml``, ``rss``) for a
file, a feed or an HTTP body. Multi-item documents keep a copy of the document
holding just the refused item, in its original bytes.

Replay (``pipeline.ops``) writes a marker message on the same topic for each
letter it re-sent, so a letter is replayed once however often replay runs, and
a letter that fails again carries ``replay_of``, the id of the one it came from.
Letters written by older code (one JSON object with ``payload_b64``) still read.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import time
from typing import Any

import orjson
from pydantic import BaseModel, Field

# Kafka's default message.max.bytes is 1,048,588 and the producers' request
# limit 1,048,576: a letter (metadata, key, headers and batch overhead
# included) stays under both.
MAX_LETTER_BYTES = 1_000_000
MAX_REASON_CHARS = 2_000
LETTER_VERSION = 2
# kept for readers of the old constant: the payload limit is now the letter's
MAX_PAYLOAD_BYTES = MAX_LETTER_BYTES


class DeadLetter(BaseModel):
    id: str = Field(description="Stable id of the dead letter (hash of payload and origin)")
    reason: str
    code: str
    stage: str = Field(description="produce | enrich | route | index")
    failed_at: float = Field(default_factory=time.time)
    host: str = Field(default_factory=socket.gethostname)
    article_id: str | None = None
    source_topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    file: str | None = None
    line: int | None = None
    attempts: int = 1
    format: str | None = Field(
        None, description="wire, or the reader format: jsonl, text, ninjs, newsml, rss"
    )
    replay_of: str | None = Field(None, description="Id of the letter whose replay failed again")
    replayable: bool = True
    payload_bytes: int = 0
    payload_truncated: bool = False
    payload_b64: str = ""

    @classmethod
    def build(
        cls,
        payload: bytes | None,
        reason: str,
        code: str,
        stage: str,
        *,
        format: str | None = None,
        replay_of: str | None = None,
        max_bytes: int = MAX_LETTER_BYTES,
        **origin: Any,
    ) -> DeadLetter:
        raw = payload or b""
        if format is None:
            format = _guess_format(raw, stage, origin.get("file"))
        ident = {**origin, "replay_of": replay_of} if replay_of else origin
        digest = hashlib.sha256(
            raw + repr(sorted((k, str(v)) for k, v in ident.items())).encode()
        ).hexdigest()[:24]
        letter = cls(
            id=f"dlq-{digest}",
            reason=reason[:MAX_REASON_CHARS],
            code=code,
            stage=stage,
            format=format,
            replay_of=replay_of,
            payload_bytes=len(raw),
            **origin,
        )
        room = max(0, max_bytes - len(letter._meta()) - 64)
        kept = raw[:room]
        letter.payload_truncated = len(kept) < len(raw)
        letter.replayable = bool(raw) and not letter.payload_truncated
        letter.payload_b64 = base64.b64encode(kept).decode("ascii")
        return letter

    @property
    def payload(self) -> bytes:
        return base64.b64decode(self.payload_b64)

    def _meta(self) -> bytes:
        meta = self.model_dump(exclude={"payload_b64"}, exclude_none=True)
        return orjson.dumps({"dlq_v": LETTER_VERSION, **meta})

    def to_bytes(self) -> bytes:
        """The message value: one line of JSON metadata, then the raw payload."""
        return self._meta() + b"\n" + self.payload

    def to_json(self) -> bytes:
        """The name the agents and the producer call (see :meth:`to_bytes`)."""
        return self.to_bytes()

    @classmethod
    def from_bytes(cls, raw: bytes) -> DeadLetter:
        """Read a letter of either layout; raises ValueError when it is neither."""
        head, nl, rest = raw.partition(b"\n")
        if nl:
            meta = orjson.loads(head)
            if not isinstance(meta, dict) or meta.get("dlq_v") != LETTER_VERSION:
                raise ValueError("not a dead letter")
            meta.pop("dlq_v", None)
            meta.pop("kind", None)
            return cls.model_validate({**meta, "payload_b64": base64.b64encode(rest).decode()})
        return cls.model_validate_json(raw)  # the old single-JSON layout

    def headers(self) -> list[tuple[str, bytes]]:
        return [("dlq.reason", self.reason[:500].encode()), ("dlq.stage", self.stage.encode())]


class ReplayMarker(BaseModel):
    """Written on the dead-letter topic once a letter's replay was acknowledged."""

    kind: str = "replayed"
    of: str
    at: float = Field(default_factory=time.time)
    published: int = 0
    refailed: list[str] = Field(default_factory=list)
    # where the replayed bytes went (topic, partition, offset): a worker letter
    # for that message is this letter failing again
    sent_to: list[tuple[str, int, int]] = Field(default_factory=list)

    def to_bytes(self) -> bytes:
        return orjson.dumps({"dlq_v": LETTER_VERSION, **self.model_dump()}) + b"\n"


def read_message(raw: bytes) -> DeadLetter | ReplayMarker:
    """One message of the dead-letter topic: a letter or a replay marker."""
    head = raw.partition(b"\n")[0]
    if head.startswith(b'{"dlq_v"') and b'"kind":"replayed"' in head:
        meta = orjson.loads(head)
        meta.pop("dlq_v", None)
        return ReplayMarker.model_validate(meta)
    return DeadLetter.from_bytes(raw)


def _guess_format(raw: bytes, stage: str, file: Any) -> str | None:
    if stage != "produce":
        return "wire"
    if not raw:
        return None
    from pipeline.feeds.formats import detect_format

    try:
        return str(detect_format(raw[:65_536], name=str(file) if file else None))
    except Exception:  # noqa: BLE001 - a guess only; replay then detects again
        return None
