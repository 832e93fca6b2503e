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


JULY = date(2013, 7, 16)


def test_the_last_three_months_of_a_year_is_its_fourth_quarter() -> None:
    # and the story goes on from it: the first quarter after, not before
    text = "Output fell in the last three months of 2012 and barely rose in the first quarter."
    assert dated(text, JULY) == [
        ("the last three months of 2012", "DATE", "2012-Q4"),
        ("the first quarter", "DATE", "2013-Q1"),
    ]


def test_a_compared_quarter_still_counts_back_from_the_one_named() -> None:
    # (a guard: "down from ... in the third quarter" is the one before)
    text = "Output grew 0.7 percent in the October-December quarter, down from 1.1 percent in the third quarter."
    assert dated(text, JULY) == [
        ("the October-December quarter", "DATE", "2012-Q4"),
        ("the third quarter", "DATE", "2012-Q3"),
    ]


def test_a_quarter_named_by_its_months_is_calendar_in_a_fiscal_report() -> None:
    text = (
        "Profit rose in the fiscal first quarter, the company said. Its rival reported "
        "lower sales for the April-June quarter."
    )
    assert ("the April-June quarter", "DATE", "2013-Q2") in dated(text, JULY)


def test_since_a_month_is_never_after_publication_whatever_year_the_sentence_names() -> None:
    text = (
        "Growth will pick up to 1.5 percent in 2014, the institute said, cutting its "
        "forecast for the second time since April."
    )
    assert ("April", "DATE", "2013-04") in dated(text, JULY)
