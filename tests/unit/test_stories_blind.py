"""Issue 15: the story corpora written blind, and what they showed.

``tests/fixtures/stories/blind1``–``blind4`` were written by helpers who had
seen neither the clusterer nor its docs (ECB+'s model: five topics of two
same-kind events, five reports of each), each committed before it was
scored. Their writers spread an event's coverage over a week or more, which
the old three-day ``join_span`` cut into pieces (``docs/stories.md``, "Blind
corpora"). ``blind4`` was written after the span was chosen: it is the check.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.evaluation.stories import evaluate_stories
from pipeline.stories import ClusterConfig

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8])
def test_a_blind_corpus_is_what_its_source_holds(n: int) -> None:
    spec = importlib.util.spec_from_file_location(f"blind{n}_src", FIXTURES / f"blind{n}_src.py")
    assert spec is not None and spec.loader is not None
    src = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(src)
    lines = (FIXTURES / f"blind{n}.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    assert sorted(docs, key=lambda d: d["id"]) == sorted(src.DOCS, key=lambda d: d["id"])
    assert len({d["id"] for d in docs}) == 50
    # five topics of two events, five reports of each
    assert sorted(Counter(d["story_cluster"] for d in docs).values()) == [5] * 10
    assert len({d["topic"] for d in docs}) == 5


def test_a_week_long_span_keeps_the_blind_check_corpus_together() -> None:
    """On the check corpus, written after the span was chosen: the week keeps
    follow-ups with their event, and mixes no two events."""
    path = FIXTURES / "blind4.jsonl"
    week = evaluate_stories(path, order="published")
    three_days = evaluate_stories(
        path,
        order="published",
        config=replace(
            ClusterConfig(),
            join_span=timedelta(days=3),
            join_span_undated=timedelta(days=3),
        ),
    )
    assert week.pairwise.precision == 1.0
    assert week.pairwise.recall > three_days.pairwise.recall + 0.2
