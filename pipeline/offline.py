"""Offline enrichment (``pipeline enrich``, ``pipeline eval``) with the worker's own code."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from pipeline.enrich.core import Enricher
from pipeline.enrich.entities import EntityResolver
from pipeline.errors import PermanentError
from pipeline.feeds.parse import parse_datetime
from pipeline.record import Article, Entity, TimeExpr
from pipeline.settings import Settings

log = logging.getLogger(__name__)
CHUNK = 64
# Objects kept after writing, to write again when their duplicate_of changes.
RECENT_OBJECTS = 5000


def lenient_published(value: Any) -> datetime | None:
    """Evaluation data has missing and malformed dates: those become None (unresolved)."""
    try:
        return parse_datetime(value, "published")
    except PermanentError:
        return None


def to_article(obj: dict[str, Any], n: int) -> Article:
    body = obj.get("body") if obj.get("body") is not None else obj.get("text", "")
    return Article.model_construct(
        id=str(obj.get("id", n)),
        title=str(obj.get("title") or ""),
        body=str(body or ""),
        published=lenient_published(obj.get("published", obj.get("dct"))),
        language=str(obj.get("language") or "en"),
        source=str(obj["source"]) if obj.get("source") else None,
        version=1,
        entities=[],
        dates=[],
        enrich_notes=[],
    )


def enrich_stream(
    lines: Iterable[str],
    settings: Settings,
    enricher: Enricher | None = None,
    stories: bool = False,
) -> Iterator[dict[str, Any]]:
    """Read JSON objects, enrich in input order, write each back with entities and dates
    (and, with ``stories``, ``story_id``/``duplicate_of`` from the worker's clusterer).

    When a copy published before its original comes later in the input, the
    earlier object is written again with its corrected ``duplicate_of``, and an
    article published before earlier ones that moves them to another story
    (settling to publication order) has them written again with their new
    ``story_id``, as the worker re-emits them: the last line of an id is its
    final state.
    """
    from pipeline.stories.cluster import StoryClusterer

    enr = enricher or Enricher(model=settings.spacy_model, batch_size=settings.enrich_batch)
    clusterer = StoryClusterer() if stories else None
    known: dict[str, str] = {}
    objs: list[dict[str, Any]] = []
    written: OrderedDict[str, dict[str, Any]] = OrderedDict()  # for corrections
    seen = [0]

    def flush() -> Iterator[dict[str, Any]]:
        arts = [to_article(o, seen[0] + i) for i, o in enumerate(objs)]
        seen[0] += len(objs)
        batch = enr.enrich_many([a for a in arts if a.body.strip()], known)
        known.update(batch.learned)
        for o, a in zip(objs, arts, strict=True):
            o["entities"] = [e.model_dump(mode="json") for e in a.entities]
            o["dates"] = [d.model_dump(mode="json") for d in a.dates]
            if a.dateline:
                o["dateline"] = a.dateline
            if a.enrich_notes:
                o["enrich_notes"] = a.enrich_notes
            fixes: list[tuple[str, dict[str, Any]]] = []
            if clusterer is not None and a.body.strip():
                assignment = clusterer.assign(a)
                fixes = [(i, {"duplicate_of": d}) for i, d in assignment.corrected]
                fixes += [(i, {"story_id": sid}) for i, sid in assignment.moved]
                o["story_id"] = assignment.story_id
                o["duplicate_of"] = assignment.duplicate_of
                written[a.id] = o
                if len(written) > RECENT_OBJECTS:
                    written.popitem(last=False)
            yield o
            for article_id, fix in fixes:
                earlier = written.get(article_id)
                if earlier is not None:
                    earlier = {**earlier, **fix}
                    written[article_id] = earlier
                    yield earlier
        objs.clear()

    for line in lines:
        if not line.strip():
            continue
        objs.append(json.loads(line))
        if len(objs) >= CHUNK:
            yield from flush()
    if objs:
        yield from flush()


def date_predictor(settings: Settings) -> Callable[[str, str | None], list[TimeExpr]]:
    enr = Enricher(model=settings.spacy_model)

    def predict(text: str, dct: str | None) -> list[TimeExpr]:
        a = to_article({"text": text, "dct": dct}, 0)
        enr.enrich_many([a])
        return a.dates

    return predict


def entity_predictor(
    settings: Settings, stream: bool = True
) -> tuple[Callable[[str], list[Entity]], EntityResolver]:
    """A predictor for the entity scorer, and its resolver (whose ``label_flips``
    count what the stream vote changed).

    With ``stream`` the texts are one stream in the order given: the names
    learned from earlier ones are remembered, as the worker's table does.
    """
    enr = Enricher(model=settings.spacy_model)
    known: dict[str, str] = {}

    def predict(text: str) -> list[Entity]:
        a = to_article({"text": text}, 0)
        batch = enr.enrich_many([a], known if stream else None)
        if stream:
            known.update(batch.learned)
        return a.entities

    return predict, enr.resolver
