"""Issue 15, thirty-fifth round: the rules the thirty-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire35.jsonl``: wire copy of 2011-2014 on
eight new beats) was written by a helper who had not seen the rules, committed
before any scoring and scored once (value F1 90.3). The sentences below are new
ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

THURSDAY = date(2012, 3, 8)
FRIDAY = date(2014, 6, 20)


def test_hoping_for_looks_ahead() -> None:
    text = "Shopkeepers, hoping for busier tills before Easter, cheered the decision."
    assert dated(text, THURSDAY) == [("Easter", "DATE", "2012-04-08")]


def test_a_count_of_times_a_year_is_one_set() -> None:
    text = "The committee sits seven times a year in the capital."
    assert dated(text, THURSDAY) == [("seven times a year", "SET", "P1Y")]


def test_pencilled_in_for_is_a_plan() -> None:
    text = "Traders had a rise pencilled in for the third quarter, one dealer said."
    assert dated(text, THURSDAY) == [("the third quarter", "DATE", "2012-Q3")]


def test_a_negated_past_until_a_weekday_looks_back() -> None:
    text = "The final, stopped by rain on Tuesday, was not finished until Wednesday evening."
    assert ("Wednesday evening", "TIME", "2014-06-18TEV") in dated(text, FRIDAY)


def test_until_alone_still_looks_ahead() -> None:
    # (a guard: no negated past, the span is still to come)
    text = "The stand will stay shut until Sunday."
    assert dated(text, FRIDAY) == [("Sunday", "DATE", "2014-06-22")]


def test_hours_and_a_half_are_whole_hours_and_minutes() -> None:
    text = "The climb took four and a half hours and the descent two and a half days."
    assert dated(text, FRIDAY) == [
        ("four and a half hours", "DURATION", "PT4H30M"),
        ("two and a half days", "DURATION", "P2DT12H"),
    ]


def test_years_and_a_half_keep_meantimes_decimal() -> None:
    # (a guard: MEANTIME writes "two and a half years" P2.5Y)
    text = "The inquiry lasted three and a half years."
    assert dated(text, FRIDAY) == [("three and a half years", "DURATION", "P3.5Y")]
