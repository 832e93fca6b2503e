"""Story-clustering scores on a tiny ECB+-shaped gold file (texts written here)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from pipeline.evaluation.stories import (
    PRF,
    StoryScores,
    bcubed_scores,
    detokenize,
    doc_to_article,
    evaluate_stories,
    format_orders,
    format_scores,
    merged_events,
    order_agreement,
    pairwise_scores,
    split_events,
    stream_order,
)
from pipeline.record import Article
from pipeline.stories import ClusterConfig

# Tokenised like ECB+: spaces around punctuation, a source URL line on web documents.
DOCS = [
    (
        "1_1ecb",
        "1_a",
        "Storm Ida floods the Vell valley\nStorm Ida flooded the Vell valley on "
        "Sunday , forcing 300 people from their homes in Marlow , officials said .\nThe river "
        "rose two metres in six hours .",
    ),
    (
        "1_2ecb",
        "1_a",
        "Three hundred evacuated as Vell bursts its banks\nAbout 300 residents of "
        "Marlow were evacuated on Sunday when Storm Ida pushed the Vell over its banks .\nThe "
        "water rose two metres .",
    ),
    (
        "1_3ecb",
        "1_a",
        "Marlow counts the cost of Storm Ida\nResidents of Marlow returned on "
        "Monday to homes flooded when Storm Ida sent the Vell two metres higher ; 300 had been "
        "evacuated .",
    ),
    (
        "1_1ecbplus",
        "1_b",
        "http : / / news . example / vell - drought\nVell runs dry in "
        "record drought\nThe Vell stopped flowing at Dunmere on Friday for the first time since "
        "1976 , after 80 days without rain , the water board said .",
    ),
    (
        "1_2ecbplus",
        "1_b",
        "Drought halts the Vell at Dunmere\nNo water has flowed past Dunmere "
        "since Friday , the water board said , as the 80 - day drought broke the 1976 record .",
    ),
    (
        "2_1ecb",
        "2_a",
        "Harbour City sign goalkeeper Mira Ost\nHarbour City have signed "
        "goalkeeper Mira Ost from Northvale on a three - year contract , the club said on "
        "Tuesday .",
    ),
]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "stories-gold.jsonl"
    lines = [
        json.dumps({"id": i, "topic": int(i.split("_")[0]), "story_cluster": c, "text": t})
        for i, c, t in DOCS
    ]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def no_entities(batch: list[Article], known: Mapping[str, str]) -> Mapping[str, str]:
    for a in batch:
        a.entities, a.dates = [], []
    return {}


def test_pairwise_and_bcubed_by_hand() -> None:
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    pred = {"a": "1", "b": "1", "c": "2", "d": "2"}
    pw, gold_pairs, pred_pairs = pairwise_scores(gold, pred)
    assert (gold_pairs, pred_pairs) == (3, 2)
    assert pw == PRF(0.5, 1 / 3)
    b3 = bcubed_scores(gold, pred)
    # Precision: a, b 2/2; c, d 1/2. Recall: a, b 2/3; c 1/3; d 1/1.
    assert b3.precision == pytest.approx(3 / 4)
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    perfect = pairwise_scores(gold, gold)[0]
    assert perfect.f1 == 1.0 and bcubed_scores(gold, gold).f1 == 1.0


def test_merged_and_split_events_account_for_every_wrong_pair() -> None:
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Z", "f": "Z", "g": "Z"}
    pred = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2", "f": "3", "g": "4"}
    merged = merged_events(gold, pred)
    split = split_events(gold, pred)
    # Story 2 holds c (X), d (Y) and e (Z): three wrong pairs, one per pair of events.
    assert merged == [("X", "Y", 1), ("X", "Z", 1), ("Y", "Z", 1)]
    # X lost a-c and b-c; Z, cut into three singletons, lost all three of its pairs.
    assert split == [("Z", 3, [1, 1, 1]), ("X", 2, [2, 1])]
    pw, gold_pairs, pred_pairs = pairwise_scores(gold, pred)
    together = round(pw.precision * pred_pairs)
    assert sum(n for *_, n in merged) == pred_pairs - together
    assert sum(n for _, n, _ in split) == gold_pairs - together
    assert merged_events(gold, gold) == [] and split_events(gold, gold) == []


def test_documents_become_articles() -> None:
    a = doc_to_article({"id": "1_1ecbplus", "text": DOCS[3][2]})
    assert a.url == "http://news.example/vell-drought"
    assert a.source == "news.example"
    assert a.title == "Vell runs dry in record drought"
    assert a.body.startswith("Vell runs dry") and "1976, after 80 days" in a.body
    assert detokenize("Reid 's `` rehab '' ( 90 - day ) at 4 : 59 PM .") == (
        'Reid\'s "rehab" (90 - day) at 4:59 PM.'
    )


def test_a_time_stamp_above_the_headline_is_not_the_title() -> None:
    text = (
        "http : / / news . example / vell - floods\nDECEMBER 16 , 2008\n"
        "Posted on Tue Dec 16 , 2008 08 : 45 AM PDT\nVell floods Marlow again\n"
        "The Vell rose two metres on Monday ."
    )
    a = doc_to_article({"id": "1_9ecbplus", "text": text})
    assert a.title == "Vell floods Marlow again"
    assert a.body.startswith("DECEMBER 16, 2008\n")
    # A document that is nothing but a stamp keeps it as its title.
    assert doc_to_article({"id": "x", "text": "May 2 , 2013"}).title == "May 2, 2013"


def test_stream_order_is_fixed_by_seed() -> None:
    docs: list[dict[str, object]] = [{"id": i} for i, _, _ in DOCS]
    once = [str(d["id"]) for d in stream_order(docs, 3)]
    assert once == [str(d["id"]) for d in stream_order(list(reversed(docs)), 3)]
    assert sorted(once) == sorted(i for i, _, _ in DOCS)


def test_evaluate_with_a_given_enrichment(gold: Path) -> None:
    scores = evaluate_stories(gold, seed=1, enrich=no_entities)
    assert scores.documents == 6 and scores.gold_clusters == 3 and scores.seed == 1
    assert scores.gold_pairs == 4
    assert 0.0 <= scores.pairwise.f1 <= 1.0 and 0.0 <= scores.bcubed.f1 <= 1.0
    text = format_scores(scores)
    assert "pairwise" in text and "B-cubed" in text and "seed 1" in text


def test_report_names_merged_and_split_events(gold: Path) -> None:
    # Every document alone, then all in one story: each error list in turn.
    split_all = evaluate_stories(
        gold, seed=0, enrich=no_entities, config=ClusterConfig(threshold=2.0)
    )
    assert split_all.predicted_stories == 6 and split_all.merged == []
    assert {g for g, _, _ in split_all.split} == {"1_a", "1_b"}
    assert "split (missed pairs, pieces): 1_a 3 [1, 1, 1]" in format_scores(split_all)
    merge_all = evaluate_stories(
        gold,
        seed=0,
        enrich=no_entities,
        config=ClusterConfig(
            threshold=0.0, min_word_similarity=0.0, min_content_similarity=0.0, max_candidates=100
        ),
    )
    assert merge_all.predicted_stories == 1 and merge_all.split == []
    assert merge_all.merged == [("1_a", "1_b", 6), ("1_a", "2_a", 3), ("1_b", "2_a", 2)]
    assert "merged (wrong pairs): 1_a+1_b 6, 1_a+2_a 3, 1_b+2_a 2" in format_scores(merge_all)


def test_evaluate_runs_the_real_enrichment(gold: Path) -> None:
    scores = evaluate_stories(gold, seed=0)
    # The flood, the drought and the transfer are told apart.
    assert scores.pairwise.f1 == 1.0
    assert scores.bcubed.f1 == 1.0
    assert scores.predicted_stories == 3


def test_limit_and_bad_gold(tmp_path: Path, gold: Path) -> None:
    assert evaluate_stories(gold, seed=0, enrich=no_entities, limit=2).documents == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "no cluster"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="story_cluster"):
        evaluate_stories(bad, enrich=no_entities)


def dated(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"d{i}",
            "story_cluster": "x",
            "title": f"T{i}",
            "body": f"Body {i}.",
            "published": f"2025-05-{10 + i:02d}T12:00:00+00:00",
        }
        for i in range(n)
    ]


def test_arrival_orders() -> None:
    from pipeline.evaluation.stories import arrival_order

    docs = dated(7)
    ids = lambda order, **kw: [d["id"] for d in arrival_order(docs, 3, order, **kw)]  # noqa: E731
    assert ids("published") == [f"d{i}" for i in range(7)]
    assert ids("reversed") == [f"d{i}" for i in reversed(range(7))]
    assert ids("blocks", block=3) == ["d6", "d3", "d4", "d5", "d0", "d1", "d2"]
    assert sorted(ids("shuffled")) == sorted(ids("published"))
    # Without dates, "published" is the seeded shuffle and "reversed" its reverse.
    undated = [{k: v for k, v in d.items() if k != "published"} for d in docs]
    assert arrival_order(undated, 3, "published") == stream_order(undated, 3)
    assert arrival_order(undated, 3, "reversed") == stream_order(undated, 3)[::-1]
    with pytest.raises(ValueError, match="order must be"):
        arrival_order(docs, 0, "sideways")


def test_wire_documents_titles_and_cache(tmp_path: Path) -> None:
    path = tmp_path / "wire-gold.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in dated(3)) + "\n", encoding="utf-8")
    calls: list[int] = []

    def counting(batch: list[Article], known: Mapping[str, str]) -> Mapping[str, str]:
        calls.append(len(batch))
        return {}

    first = evaluate_stories(path, order="reversed", enrich=counting, cache_dir=tmp_path / "c")
    again = evaluate_stories(path, order="reversed", enrich=counting, cache_dir=tmp_path / "c")
    assert calls == [3]  # the second run read the cache
    assert first.pairwise == again.pairwise and first.dated == 3 and first.order == "reversed"
    undated = evaluate_stories(path, enrich=counting, dates=False)
    assert undated.dated == 0
    doc = dated(1)[0]
    assert doc_to_article(doc).title == "T0"
    assert doc_to_article(doc, titles="none").title == ""
    assert doc_to_article(doc, titles="derived").title == "Body 0."


def test_orders_are_compared_with_each_other_not_only_with_gold() -> None:
    """Two orders can score alike against gold and still group differently; the
    agreement column compares their stories directly (ids may differ)."""

    def run(order: str, predicted: dict[str, str]) -> StoryScores:
        return StoryScores("gold", 0, len(predicted), order=order, predicted=predicted)

    published = run("published", {"a": "s1", "b": "s1", "c": "s2", "d": "s2"})
    same = run("reversed", {"a": "x", "b": "x", "c": "y", "d": "y"})  # other ids
    moved = run("shuffled", {"a": "x", "b": "y", "c": "y", "d": "y"})
    assert order_agreement(published, same) == 1.0
    # one pair of three kept, one of three wrongly joined: P 1/3, R 1/2
    assert order_agreement(published, moved) == pytest.approx(0.4)
    table = format_orders([moved, published, same])
    assert "same as published" in table
    rows = {line.split()[0]: line.split()[-1] for line in table.splitlines()[1:4]}
    assert rows == {"shuffled": "0.400", "published": "1.000", "reversed": "1.000"}
