"""The one ``Article`` record that flows through every stage.

It grows field by field: the producer fills the wire fields, enrichment adds
``entities``/``dates``/``dateline``, story assignment adds ``story_id`` and
``duplicate_of``, and the indexer adds nothing (it writes what it receives).
``schemas/article.schema.json`` is the wire contract of the raw fields and
``schemas/news-template.json`` the index mapping; ``tests/unit/test_contract.py``
keeps all three in agreement.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"]
ENTITY_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")


class Span(BaseModel):
    """Character offsets into ``Article.body`` (end exclusive)."""

    model_config = ConfigDict(frozen=True)
    start: int
    end: int


class Entity(BaseModel):
    """A named entity, one per canonical name and label in an article."""

    text: str = Field(description="The surface form first seen in the article")
    canonical: str = Field(description="The fullest / alias-resolved name")
    label: EntityLabel
    count: int = Field(ge=1)
    mentions: list[Span] = Field(default_factory=list)


class TimeExpr(BaseModel):
    """A time expression normalised like TIMEX3 against the publication date."""

    text: str
    start: int
    end: int
    type: TimexType
    value: str | None = Field(
        default=None,
        description="TIMEX3 value (2025-05-19, 2022-02, 2025-W20, P30D, PRESENT_REF...)",
    )
    resolved: bool = Field(default=True, description="False when the value needs an anchor we lack")
    # Day range the value covers (inclusive start, inclusive end): what the
    # index's date_range field holds, so "2022-02" covers the whole month.
    gte: str | None = None
    lte: str | None = None


class Article(BaseModel):
    """A news article on the wire and in the index."""

    model_config = ConfigDict(extra="ignore")

    # --- wire fields (schemas/article.schema.json) -------------------------
    id: str = Field(min_length=1, max_length=512)
    title: str = Field(default="", max_length=2000)
    body: str = Field(min_length=1)
    published: datetime | None = None
    updated: datetime | None = None
    version: int = Field(default=1, ge=1)
    source: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=4000)
    language: str = Field(default="en", max_length=16)
    status: Literal["withdrawn"] | None = Field(
        default=None, description="withdrawn = kill notice: the publisher withdrew this id"
    )
    byline: str | None = Field(default=None, max_length=500)
    subjects: list[str] | None = Field(default=None, max_length=100)
    located: str | None = Field(
        default=None, max_length=200, description="Where the sender says it was filed from"
    )

    # --- added by the producer -------------------------------------------
    produced_at: float | None = Field(
        default=None, description="Epoch seconds the producer sent it"
    )

    # --- added by enrichment ------------------------------------------------
    dateline: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    dates: list[TimeExpr] = Field(default_factory=list)
    enriched_at: float | None = None
    enrich_notes: list[str] = Field(
        default_factory=list, description="Why a step was skipped (e.g. other language)"
    )

    # --- added by story assignment ----------------------------------------
    story_id: str | None = None
    duplicate_of: str | None = None

    @field_validator("body")
    @classmethod
    def _body_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("body is empty")
        return v

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", exclude_none=True))

    @classmethod
    def from_json(cls, data: bytes | str) -> Article:
        return cls.model_validate(orjson.loads(data))

    def entity_names(self, label: str) -> list[str]:
        return sorted({e.canonical for e in self.entities if e.label == label})

    def to_document(self) -> dict[str, Any]:
        """The Elasticsearch document: the record plus per-label keyword fields."""
        doc = self.model_dump(mode="json", exclude_none=True)
        doc.pop("id", None)
        for label in ENTITY_LABELS:
            names = self.entity_names(label)
            if names:
                doc[f"entity_{label.lower()}"] = names
        doc["mentioned_dates"] = [
            {"gte": d.gte, "lte": d.lte} for d in self.dates if d.gte and d.lte
        ]
        if not doc["mentioned_dates"]:
            del doc["mentioned_dates"]
        return doc


def stable_id(url: str | None, title: str, body: str) -> str:
    """A stable article id: hash of the canonical URL, else of the content.

    A re-sent article therefore lands on the same Elasticsearch ``_id``.
    """
    if url:
        canon = canonical_url(url)
        return "u-" + hashlib.sha256(canon.encode()).hexdigest()[:32]
    h = hashlib.sha256((title.strip() + "\n" + body.strip()).encode()).hexdigest()
    return "c-" + h[:32]


def canonical_url(url: str) -> str:
    """Lower-case scheme/host, drop fragment, tracking params and trailing slash."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(("utm_", "fbclid", "gclid"))
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), "")
    )
