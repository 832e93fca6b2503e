"""The TempEval-3-style date scorer, on a tiny gold file written here."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.enrich.dates import extract_dates
from pipeline.evaluation.dates import (
    evaluate_dates,
    format_scores,
    infer_scored_lines,
    parse_dct,
    same_value,
)
from pipeline.record import TimeExpr


def _span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def _timex(
    text: str, phrase: str, typ: str, value: str, nth: int = 0, **extra: Any
) -> dict[str, Any]:
    s, e = _span(text, phrase, nth)
    return {"start": s, "end": e, "text": phrase, "type": typ, "value": value, **extra}


DOC1 = (
    "Envoys to meet again next week\n"
    "May 19 , 2025\n"
    "The envoys met on Monday and will meet again next week .\n"
    "The truce lasts 30 days .\n"
    "An unscored line mentions 1999 ."
)
DOC2 = "Strike ends\nThe strike ended yesterday , a year after it began in 2024 ."
DOC3 = "Talks\nMay 19 , 2025\nThe drones struck on Sunday ."


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    docs = [
        {
            "id": "d1",
            "dct": "2025-05-19",
            "text": DOC1,
            "timexes": [
                _timex(
                    DOC1, "May 19 , 2025", "DATE", "2025-05-19", functionInDocument="CREATION_TIME"
                ),
                _timex(DOC1, "next week", "DATE", "2025-W22"),  # in the title
                _timex(DOC1, "Monday", "DATE", "2025-05-19"),
                _timex(DOC1, "next week", "DATE", "2025-W22", nth=1),
                _timex(DOC1, "30 days", "DURATION", "P30D"),
                {"type": "DATE", "value": "2026", "functionInDocument": "NONE"},  # implicit
            ],
            "entity_mentions": [{"start": DOC1.index("truce"), "end": DOC1.index("truce") + 5}],
        },
        {
            "id": "d2",
            "text": DOC2,  # no dct at all
            "timexes": [
                _timex(DOC2, "yesterday", "DATE", "2025-05-18"),
                _timex(DOC2, "a year", "DURATION", "P1Y"),
                _timex(DOC2, "2024", "DATE", "2024"),
            ],
        },
        {
            "id": "d3",
            "dct": "19-05-2025",  # malformed but unambiguous
            "text": DOC3,
            "timexes": [
                _timex(
                    DOC3, "May 19 , 2025", "DATE", "2025-05-19", functionInDocument="CREATION_TIME"
                ),
                _timex(DOC3, "Sunday", "DATE", "2025-05-18"),
            ],
        },
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n\n", encoding="utf-8")
    return path


def _predict(text: str, dct: str | None) -> list[TimeExpr]:
    return extract_dates(text, datetime.fromisoformat(dct) if dct else None)


def test_scores_with_the_real_extractor(gold: Path) -> None:
    scores = evaluate_dates(gold, _predict)
    # the first four lines of DOC1 carry annotation; "1999" on line five is not scored
    assert scores.scored_lines == 4
    assert scores.documents == 3
    assert scores.gold_without_offsets == 1
    assert (scores.docs_without_dct, scores.docs_dct_repaired) == (1, 1)
    # gold: 4 (d1) + 3 (d2) + 1 (d3); the creation-time lines are out of scoring
    assert scores.span.gold_total == 8
    assert scores.span.pred_total == 8
    assert scores.span.pred_correct == 8
    # "yesterday" without a dct is found but left unresolved: a value miss, not a guess
    assert scores.value.pred_correct == 7
    assert scores.value.recall == pytest.approx(7 / 8)
    assert scores.by_type["DURATION"].value.gold_total == 2
    assert scores.by_type["DATE"].span.recall == 1.0
    kinds = [(e.kind, e.text) for e in scores.errors]
    assert kinds == [("value", "yesterday")]


def test_one_to_one_matching_and_scope(gold: Path) -> None:
    def predict(text: str, dct: str | None) -> list[TimeExpr]:
        if "envoys" not in text:
            return []
        s, e = _span(text, "met on Monday and will meet again next week")
        return [
            # one long prediction overlapping two gold expressions matches only one
            TimeExpr(text=text[s:e], start=s, end=e, type="DATE", value="2025-W22"),
            # a prediction on the creation-time line is ignored, not a false positive
            TimeExpr(text="May 19", start=31, end=37, type="DATE", value="2025-05-19"),
            # one past the scored lines is ignored too
            TimeExpr(text="1999", start=text.index("1999"), end=text.index("1999") + 4,
                     type="DATE", value="1999"),
        ]  # fmt: skip

    scores = evaluate_dates(gold, predict)
    assert scores.span.pred_total == 1
    assert scores.span.pred_correct == 1
    assert scores.value.pred_correct == 1  # matched to the gold "next week" (equal value first)
    assert scores.span.gold_total == 8
    whole = evaluate_dates(gold, predict, scored_lines=None)
    assert whole.span.pred_total == 2


def test_format_scores_mentions_the_figures(gold: Path) -> None:
    text = format_scores(evaluate_dates(gold, _predict), show_errors=5)
    assert "value" in text and "span" in text and "DURATION" in text
    assert "yesterday" in text


@pytest.mark.parametrize(
    ("raw", "creation", "expected"),
    [
        ("2025-05-19", None, date(2025, 5, 19)),
        ("19-05-2025", None, date(2025, 5, 19)),
        ("03-02-2009", "February 03 , 2009", date(2009, 2, 3)),
        ("03-02-2009", "March 2 , 2009", date(2009, 3, 2)),
        ("03-02-2009", None, None),
        ("2025-02-30", None, None),
        ("", None, None),
        (None, None, None),
        (20250519, None, None),
        ("yesterday", None, None),
    ],
)
def test_parse_dct(raw: object, creation: str | None, expected: date | None) -> None:
    assert parse_dct(raw, creation) == expected


def test_same_value_treats_decade_padding_as_equal() -> None:
    assert same_value("196X", "196")
    assert same_value("19XX", "19")
    assert not same_value("2025", "2025-05")
    assert not same_value(None, "PAST_REF")


def test_infer_scored_lines_whole_texts() -> None:
    docs: list[dict[str, Any]] = [{"text": "a\nb", "timexes": [{"start": 2, "end": 3}]}]
    assert infer_scored_lines(docs) is None
    assert infer_scored_lines([{"text": "no annotation"}]) is None


def test_bad_json_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "t", "timexes": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        evaluate_dates(path, _predict)


def test_parts_split_by_topic(tmp_path: Path) -> None:
    text = "Title\nMay 19 , 2025\nShares fell on Monday ."
    timex = _timex(text, "Monday", "DATE", "2025-05-19")
    docs = [
        {"id": f"d{i}", "dct": "2025-05-19", "text": text, "timexes": [timex], "topic_corpus": t}
        for i, t in enumerate(["stock", "gm", "stock", "apple"])
    ]
    docs.append({"id": "untopical", "dct": "2025-05-19", "text": text, "timexes": [timex]})
    path = tmp_path / "parts.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    assert evaluate_dates(path, _predict).documents == 5
    assert evaluate_dates(path, _predict, part="held-out").documents == 2
    dev = evaluate_dates(path, _predict, part="dev")
    assert dev.documents == 3
    assert "part: dev" in format_scores(dev)
