"""Two workers in one group split the partitions; every article is indexed once, enriched,
with a story, and names learned by either worker reach the other (GlobalTable)."""

from __future__ import annotations

from pathlib import Path

from pipeline.bench.synth import synth_articles
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import count_docs, fetch_docs, running_worker, wait_for


def test_two_workers_share_the_stream(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    arts = synth_articles(300, seed=11, prefix="two")
    with (
        running_worker(settings, tmp_path / "w1.log") as w1,
        running_worker(settings, tmp_path / "w2.log") as w2,
    ):
        pub = Publisher(settings)
        report = pub.publish(Parsed("t", i, a) for i, a in enumerate(arts))
        pub.close()
        assert report.published == len(arts)
        wait_for(
            lambda: count_docs(settings) >= len(arts),
            240,
            "all articles",
            proc=w1,
            log=tmp_path / "w1.log",
        )
        # A name first seen in full now, then alone: whichever worker gets the
        # second article must know the full name.
        full = Article(
            id="full",
            title="x",
            body="Officials said Ingrid Halvorsen, the "
            "mediator, arrived in Oslo. Halvorsen met both delegations.",
        )
        pub = Publisher(settings)
        pub.publish([Parsed("t", 1, full)])
        wait_for(
            lambda: fetch_docs(settings, ["full"]),
            60,
            "full name",
            proc=w2,
            log=tmp_path / "w2.log",
        )
        short = [
            Article(
                id=f"short-{i}",
                title="y",
                body=f"Halvorsen told reporters that round {i} of the talks would resume "
                "in Oslo next week.",
            )
            for i in range(6)
        ]
        pub.publish(Parsed("t", i, a) for i, a in enumerate(short))
        pub.close()
        docs = wait_for(
            lambda: len(d := fetch_docs(settings, [a.id for a in short])) == 6 and d,
            60,
            "short names",
            proc=w2,
            log=tmp_path / "w2.log",
        )
        assert w1.poll() is None and w2.poll() is None
    assert count_docs(settings) == len(arts) + 7
    for doc in docs.values():
        people = [e["canonical"] for e in doc["_source"]["entities"] if e["label"] == "PERSON"]
        assert people == ["Ingrid Halvorsen"], doc["_id"]
    ids = [a.id for a in arts]
    got = {}
    for i in range(0, len(ids), 100):
        got.update(fetch_docs(settings, ids[i : i + 100]))
    assert all(d["_source"].get("story_id") and d["_source"].get("entities") for d in got.values())
    # Both took part in the group: counted per worker, so one worker rebalancing twice
    # while the other never joined does not pass.
    for log in ("w1.log", "w2.log"):
        assert "Executing _on_partitions_assigned" in (tmp_path / log).read_text(), log
