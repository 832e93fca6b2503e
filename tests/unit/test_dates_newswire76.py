"""Issue 15, seventy-sixth round: the rules the seventy-sixth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire76.jsonl``: eight blind articles of
1986-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.0 on
the code after round 75, and 91.9 at the session's start (round 75's "orders
for" and month-range rules are the difference). The sentences below are new
ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_month_or_season_of_a_relative_year_is_one_date() -> None:
    got = dated("The old record was set in April of last year.", date(2015, 3, 9))
    assert got == [("April of last year", "DATE", "2014-04")]
    got = dated("The dam should be finished in the spring of next year.", date(2015, 3, 9))
    assert got == [("the spring of next year", "DATE", "2016-SP")]
    # guard: a possessive year stays its own ("the fall of last year's leader")
    got = dated("It came after the fall of last year's government.", date(2015, 3, 9))
    assert got == [("last year", "DATE", "2014")]


def test_a_year_earlier_after_the_six_months_to_a_halfs_end_is_that_half() -> None:
    got = dated(
        "The insurer earned 41 million euros in the six months to June 30, against "
        "37 million a year earlier.",
        date(2016, 8, 24),
    )
    assert got[-1] == ("a year earlier", "DATE", "2015-H1")
    # guard: six months to another day keep the year
    got = dated(
        "It earned 41 million in the six months to March 31, against 37 million a year earlier.",
        date(2016, 5, 24),
    )
    assert got[-1] == ("a year earlier", "DATE", "2015")


def test_went_weeks_without_is_a_vague_length() -> None:
    got = dated("Some villages went months without clean water.", None)
    assert got == [("months", "DURATION", "PXM")]


def test_a_plan_told_in_an_aside_takes_the_nearest_month() -> None:
    got = dated(
        "The dockers' union, which threatened to walk out in February, backed the deal.",
        date(2018, 5, 30),
    )
    assert got == [("February", "DATE", "2018-02")]
    # guard: a plan in the main clause lies ahead of its making
    got = dated("The dockers' union threatened to walk out in February.", date(2018, 5, 30))
    assert got == [("February", "DATE", "2019-02")]


def test_a_fiscal_quarter_which_ended_is_the_period_a_year_ago_compares_with() -> None:
    text = (
        "Net income for the fiscal fourth quarter, which ended Jan. 30, rose to $12 million "
        "from $10 million in the year-ago period. For fiscal 2009, the chain earned $40 million."
    )
    got = dated(text, date(2010, 3, 4))
    # the report names its fiscal year by the year it starts in, as retailers do
    assert got[0] == ("the fiscal fourth quarter", "DATE", "FY2009-Q4")
    assert ("the year-ago period", "DATE", "FY2008-Q4") in got
