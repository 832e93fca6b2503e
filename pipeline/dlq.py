"""Dead letters: bad input kept with who/when/what/where, never dropped.

The envelope holds the original bytes (base64) so ``pipeline dlq replay`` can
re-inject exactly what arrived, plus the reason and its origin (stage, file and
line for the producer; topic, partition and offset for the worker).
"""

from __future__ import annotations

import base64
import hashlib
import socket
import time
from typing import Any

import orjson
from pydantic import BaseModel, Field

MAX_PAYLOAD_BYTES = 256_000


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
    payload_bytes: int = 0
    payload_truncated: bool = False
    payload_b64: str = ""

    @classmethod
    def build(
        cls, payload: bytes | None, reason: str, code: str, stage: str, **origin: Any
    ) -> DeadLetter:
        raw = payload or b""
        digest = hashlib.sha256(
            raw + repr(sorted((k, str(v)) for k, v in origin.items())).encode()
        ).hexdigest()[:24]
        # The envelope must fit in one Kafka message (1 MB by default) even when
        # the payload itself was refused for its size: keep its head only.
        kept = raw[:MAX_PAYLOAD_BYTES]
        return cls(
            id=f"dlq-{digest}",
            reason=reason,
            code=code,
            stage=stage,
            payload_bytes=len(raw),
            payload_truncated=len(kept) < len(raw),
            payload_b64=base64.b64encode(kept).decode("ascii"),
            **origin,
        )

    @property
    def payload(self) -> bytes:
        return base64.b64decode(self.payload_b64)

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(exclude_none=True))

    def headers(self) -> list[tuple[str, bytes]]:
        return [("dlq.reason", self.reason[:500].encode()), ("dlq.stage", self.stage.encode())]
