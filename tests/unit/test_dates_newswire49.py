"""Issue 15, forty-ninth round: the rules the forty-ninth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire49.jsonl``: wire copy of 2000-2022 on
eight new beats) was written by a helper who had not seen the rules, committed
before any scoring and scored once (value F1 92.4). The sentences below are new
ones. No blind check followed this round.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

THURSDAY = date(2017, 9, 21)
MONDAY = date(2021, 6, 14)


def test_a_perfect_whose_participle_reads_as_a_base_form() -> None:
    text = "The army said the drill had run from 4 September to Sunday."
    assert ("Sunday", "DATE", "2017-09-17") in dated(text, THURSDAY)


def test_a_present_run_still_looks_ahead() -> None:
    # (a guard)
    text = "The drill runs until Sunday."
    assert dated(text, THURSDAY) == [("Sunday", "DATE", "2017-09-24")]


def test_a_day_that_bounds_a_span_is_not_the_speakers_day() -> None:
    text = (
        "Speaking in Cork this morning, the skipper said the crew had rested in turns "
        'since Friday. "Tonight we will sleep properly," she said.'
    )
    assert ("Tonight", "TIME", "2021-06-14TNI") in dated(text, MONDAY)


def test_the_speakers_day_is_still_read_after_said_on() -> None:
    # (a guard: round 43's rule)
    text = 'The skipper said on Friday that the boat was sound. "Tonight we sail," she said.'
    assert ("Tonight", "TIME", "2021-06-11TNI") in dated(text, MONDAY)


def test_a_plan_inside_the_subject_takes_the_clauses_tense() -> None:
    text = "Eleven ferries due to sail early Wednesday were cancelled."
    assert dated(text, date(2019, 11, 14)) == [("early Wednesday", "DATE", "2019-11-13")]


def test_due_to_after_a_copula_is_still_a_plan() -> None:
    # (a guard)
    text = "The ferry is due to sail early Wednesday."
    assert dated(text, date(2019, 11, 14)) == [("early Wednesday", "DATE", "2019-11-20")]


def test_just_over_and_just_under_stay_inside() -> None:
    text = "The runner-up finished just over two hours behind; the repair took just under a day."
    assert dated(text, MONDAY) == [
        ("just over two hours", "DURATION", "PT2H"),
        ("just under a day", "DURATION", "P1D"),
    ]
