"""Stories and wire copies do not depend on arrival order, on the real local services.

Eleven articles written for this test (``tests/fixtures/stories/order-corpus.jsonl``:
six events from 16 May to 4 June 2025, one wire copy published after its original),
sent through the producer in file order and newest first, four raw partitions, one
worker. Before the fix the newest-first run gave every article a story of its own,
found no copy, and only the stories of the last days reached the stories index.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import es_call, fetch_docs, running_worker, wait_for

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "stories" / "order-corpus.jsonl"


def corpus() -> tuple[list[Article], dict[str, str]]:
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    gold = {d["id"]: d.pop("story_cluster") for d in docs}
    return [Article.model_validate(d) for d in docs], gold


def stories_index(settings: Settings) -> dict[str, dict[str, Any]]:
    async def go(client: Any) -> dict[str, dict[str, Any]]:
        try:
            await client.indices.refresh(index=settings.stories_alias)
            resp = await client.search(index=settings.stories_alias, size=100)
        except Exception:  # noqa: BLE001 - the index may not exist yet
            return {}
        return {h["_id"]: h["_source"] for h in resp["hits"]["hits"]}

    result: dict[str, dict[str, Any]] = es_call(settings, go)
    return result


@pytest.mark.parametrize("order", ["file", "newest-first"])
def test_stories_hold_in_any_arrival_order(settings: Settings, tmp_path: Path, order: str) -> None:
    settings = settings.model_copy(update={"partitions": 4})
    ensure_topics(settings)
    arts, gold = corpus()
    if order == "newest-first":
        arts.reverse()
    ids = [a.id for a in arts]
    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        pub = Publisher(settings)
        report = pub.publish(Parsed("order-corpus", i, a) for i, a in enumerate(arts))
        pub.close()
        assert report.published == len(arts)
        docs = wait_for(
            lambda: len(d := fetch_docs(settings, ids)) == len(ids) and d,
            180,
            "every article indexed",
            proc=proc,
            log=log,
        )
        # A corrected copy pointer is a later record of the same id: wait for it.
        wait_for(
            lambda: (
                fetch_docs(settings, ["ord-04"])
                .get("ord-04", {})
                .get("_source", {})
                .get("duplicate_of")
                == "ord-03"
            ),
            60,
            "the copy pointing at its earliest-published original",
            proc=proc,
            log=log,
        )
        docs = fetch_docs(settings, ids)
        story_of = {i: docs[i]["_source"]["story_id"] for i in ids}
        stories = wait_for(
            lambda: set(story_of.values()) <= set(s := stories_index(settings)) and s,
            60,
            "every story in the stories index",
            proc=proc,
            log=log,
        )
    for a, b in combinations(sorted(ids), 2):
        same_gold, same_story = gold[a] == gold[b], story_of[a] == story_of[b]
        assert same_gold == same_story, (a, b, gold[a], gold[b])
    copies = {i: docs[i]["_source"].get("duplicate_of") for i in ids}
    assert {i: c for i, c in copies.items() if c} == {"ord-04": "ord-03"}
    assert len(set(story_of.values())) == 6
    for sid in set(story_of.values()):
        members = {i for i in ids if story_of[i] == sid}
        assert set(stories[sid]["articles"]) == members
        assert stories[sid]["duplicate_count"] == (1 if "ord-04" in members else 0)
