"""Re-emitting records whose ``duplicate_of`` or ``story_id`` changed after they
were routed.

When a copy published *before* the one an earlier article was marked a
duplicate of arrives late, the clusterer makes it the original and returns
the earlier articles as corrections (:attr:`Assignment.corrected`). Their
records are already in the search index, so the route stage writes them
again with the new pointer: same id and version, so the index (external
versions, ``external_gte``) takes the later record; within a batch the
sink keeps the last record of an id. The same holds for articles that an older article,
arriving later, moved to another story (:attr:`Assignment.moved`, settling to
publication order): they are sent again with their new ``story_id``.

The route stage has only the article in hand, so it keeps the last routed
records, compressed, in a bounded map; a record no longer in it is read
back from the search index by the caller.
"""

from __future__ import annotations

import logging
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from pipeline.record import Article

__all__ = ["Fix", "RoutedRecords", "apply_corrections", "fixes_of", "read_back"]

# Fields of an earlier record to change: ``duplicate_of`` and/or ``story_id``.
Fix = dict[str, str | None]

log = logging.getLogger(__name__)


class RoutedRecords:
    """The last ``capacity`` routed records by id, zlib-compressed (1.7 kB for an
    enriched 250-word demo article, 4.8 kB uncompressed)."""

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._records: OrderedDict[str, bytes] = OrderedDict()
        self._seen: dict[str, tuple[int, bool]] = {}  # id -> (version, withdrawn)

    def __len__(self) -> int:
        return len(self._records)

    def put(self, article: Article) -> None:
        self._records[article.id] = zlib.compress(article.to_json(), 1)
        self._records.move_to_end(article.id)
        self._seen[article.id] = (article.version, article.withdrawn)
        while len(self._records) > self.capacity:
            gone, _ = self._records.popitem(last=False)
            self._seen.pop(gone, None)

    def superseded(self, article: Article) -> bool:
        """True when a newer version of this id was routed already, or a kill
        notice of at least this version: the late record must fire no alert and
        change no story (the index would refuse it anyway, by its version)."""
        seen = self._seen.get(article.id)
        if seen is None:
            return False
        version, withdrawn = seen
        if article.version < version:
            return True
        return withdrawn and not article.withdrawn and article.version <= version

    def get(self, article_id: str) -> Article | None:
        data = self._records.get(article_id)
        return None if data is None else Article.from_json(zlib.decompress(data))


def fixes_of(
    corrected: Iterable[tuple[str, str]], moved: Iterable[tuple[str, str]]
) -> list[tuple[str, Fix]]:
    """One fix per earlier article, from an assignment's ``corrected`` and ``moved``."""
    fixes: dict[str, Fix] = {}
    for article_id, original in corrected:
        fixes.setdefault(article_id, {})["duplicate_of"] = original
    for article_id, story_id in moved:
        fixes.setdefault(article_id, {})["story_id"] = story_id
    return list(fixes.items())


def _apply(art: Article, fix: Fix) -> None:
    if "duplicate_of" in fix:
        art.duplicate_of = fix["duplicate_of"]
    if fix.get("story_id"):
        art.story_id = fix["story_id"]


def apply_corrections(
    fixes: Iterable[tuple[str, Fix]], records: RoutedRecords
) -> tuple[list[Article], list[tuple[str, Fix]]]:
    """The corrected records found in ``records`` (also updated there), and the
    ``(article id, fix)`` pairs whose records it no longer holds."""
    found: list[Article] = []
    missing: list[tuple[str, Fix]] = []
    for article_id, fix in fixes:
        art = records.get(article_id)
        if art is None:
            missing.append((article_id, fix))
            continue
        _apply(art, fix)
        records.put(art)
        found.append(art)
    return found, missing


async def read_back(client: Any, index: str, missing: list[tuple[str, Fix]]) -> list[Article]:
    """Records to correct that left the routed cache, read back from the articles
    index (an ``ids`` query, so an alias over several indices works), with the
    fix applied.

    One not indexed yet (or no longer there) keeps its old pointer: logged,
    since search then shows it as an original of its own.
    """
    want = dict(missing)
    found: list[Article] = []
    try:
        res = await client.search(
            index=index, query={"ids": {"values": list(want)}}, size=len(want)
        )
        for hit in res["hits"]["hits"]:
            art = Article.model_validate({**hit["_source"], "id": hit["_id"]})
            fix = want.pop(hit["_id"], None)
            if fix is not None:
                _apply(art, fix)
            found.append(art)
    except Exception:
        log.exception("reading back %d records to correct failed", len(want))
    if want:
        log.warning(
            "duplicate_of/story_id not corrected (record neither cached nor indexed): %s",
            ", ".join(sorted(want)[:20]),
        )
    return found
