"""Mention-span scoring against a MEANTIME-shaped gold file (texts written here)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.evaluation.entities import PRF, evaluate_entities, format_flips, format_scores
from pipeline.record import Entity, EntityLabel, Span

TITLE = "Harbour board picks Selwyn Marine for ferry order"
TEXT = "\n".join(
    [
        TITLE,
        "June 3 , 2031",
        "The Kestrel Harbour Board chose Selwyn Marine on Tuesday .",
        "Chair Ida Brandt said the Board was pleased .",
        "Selwyn Marine will build two ferries in Portsea .",
        "It beat Dunmore Yards .",
        "Later , Portsea Council welcomed the news .",  # beyond the annotated head
    ]
)


def at(text: str, n: int = 0) -> tuple[int, int]:
    """Offsets of the n-th occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(n + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def mention(text: str, kind: str, n: int = 0) -> dict[str, object]:
    s, e = at(text, n)
    return {"m_id": f"{s}", "start": s, "end": e, "text": text, "syntactic_type": kind}


GOLD_MENTIONS = [
    mention("Selwyn Marine", "NAM"),  # in the title
    mention("The Kestrel Harbour Board", "NAM"),
    mention("Selwyn Marine", "NAM", 1),
    mention("Chair Ida Brandt", "NAM"),
    mention("Selwyn Marine", "NAM", 2),
    mention("the Board", "NOM"),  # not a named mention: not counted
    mention("Portsea", "PRE.NAM"),
    mention("Dunmore Yards", "NAM"),
]


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    doc = {
        "id": "t1",
        "title": TITLE,
        "dct": "2031-06-03",
        "text": TEXT,
        "entity_mentions": GOLD_MENTIONS,
    }
    path.write_text(json.dumps(doc) + "\n\n")
    return path


def ent(label: EntityLabel, *spans: tuple[int, int]) -> Entity:
    return Entity(
        text="x",
        canonical="x",
        label=label,
        count=len(spans),
        mentions=[Span(start=s, end=e) for s, e in spans],
    )


def predict(text: str) -> list[Entity]:
    assert text == TEXT
    return [
        ent("ORG", at("Selwyn Marine"), at("Selwyn Marine", 1), at("Selwyn Marine", 2)),
        ent("ORG", at("Kestrel Harbour Board")),  # overlaps gold, not exact
        ent("PERSON", at("Ida Brandt")),  # overlaps gold, not exact
        ent("GPE", at("Portsea")),  # exact PRE.NAM
        ent("EVENT", at("Tuesday")),  # no gold: a false positive
        ent("ORG", at("Portsea Council")),  # beyond the annotated lines: ignored
    ]


def test_relaxed_and_strict_scores(gold_file: Path) -> None:
    scores = evaluate_entities(gold_file, predict)
    assert scores.documents == 1
    # Predicted in scope: Selwyn x3, Kestrel, Ida Brandt, Portsea, Tuesday = 7.
    # Gold NAM/PRE.NAM: 7 (Dunmore Yards is missed).
    assert scores.relaxed == PRF(pred_correct=6, pred_total=7, gold_found=6, gold_total=7)
    # Exact: the three Selwyn Marine and Portsea.
    assert scores.strict == PRF(pred_correct=4, pred_total=7, gold_found=4, gold_total=7)
    assert scores.relaxed.precision == pytest.approx(6 / 7)
    assert scores.relaxed.recall == pytest.approx(6 / 7)
    assert scores.strict.f1 == pytest.approx(4 / 7)
    assert scores.by_label["EVENT"] == (0, 1)
    assert scores.by_label["ORG"] == (4, 4)


def test_gold_types_and_scope_are_parameters(gold_file: Path) -> None:
    nam_only = evaluate_entities(gold_file, predict, gold_types=("NAM",))
    assert nam_only.relaxed.gold_total == 6
    whole = evaluate_entities(gold_file, predict, scored_lines=None)
    assert whole.relaxed.pred_total == 8


def test_empty_prediction_scores_zero(gold_file: Path) -> None:
    scores = evaluate_entities(gold_file, lambda text: [])
    assert scores.relaxed.f1 == 0.0 and scores.strict.precision == 0.0


def test_format_scores_names_the_data(gold_file: Path, tmp_path: Path) -> None:
    text = format_scores(evaluate_entities(gold_file, predict))
    assert "relaxed" in text and "strict" in text and "0.857" in text
    assert "MEANTIME" not in text
    named = tmp_path / "meantime-sample.jsonl"
    named.write_text(gold_file.read_text())
    assert "MEANTIME" in format_scores(evaluate_entities(named, predict))


def test_bad_gold_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        evaluate_entities(path, predict)


def test_parts_and_the_flip_report(gold_file: Path) -> None:
    assert evaluate_entities(gold_file, predict, part="dev").documents == 1  # no topic: dev
    assert evaluate_entities(gold_file, predict, part="held-out").documents == 0
    scores = evaluate_entities(gold_file, predict)
    assert scores.entities == 6
    flips = Counter({("Ida Brandt", "ORG", "PERSON"): 2})
    report = format_flips(flips, scores)
    assert "2 of 6 entities (33.33%)" in report
    assert "Ida Brandt: ORG -> PERSON (2x)" in report
