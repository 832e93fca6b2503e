"""Issue 15, fifty-fifth round: the rules the fifty-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire55.jsonl``: eight blind articles of
1988-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.8 on
round 54's code, against 95.7 on the code before it (the first blind check in
five rounds that its round moved). The sentences below are new ones. No blind
check follows this round.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_figure_compared_with_a_year_ago_is_the_period_a_year_back() -> None:
    published = date(2015, 4, 15)
    text = "Flu cases rose in the first quarter, twice as many as a year ago."
    assert ("a year ago", "DATE", "2014-Q1") in dated(text, published)
    text = "Exports rose 4 percent in March from a year ago."
    assert ("a year ago", "DATE", "2014-03") in dated(text, published)


def test_the_reports_quarter_not_the_one_compared_first() -> None:
    # "a year ago" beside "the prior quarter" compares the quarter reported
    published = date(2016, 8, 18)
    text = (
        "Joblessness averaged 4.6 percent in the second quarter, down from 5.0 percent in "
        "the prior quarter and 5.4 percent a year ago."
    )
    assert ("a year ago", "DATE", "2015-Q2") in dated(text, published)


def test_a_year_ago_stays_the_year_without_a_period_in_its_sentence() -> None:
    # guards: a period in another sentence, or a day last, leave the year
    published = date(2015, 4, 15)
    text = "Flu cases rose in the first quarter. A year ago, the clinic had one nurse."
    assert ("A year ago", "DATE", "2014") in dated(text, published)
    text = "Bookings for the quarter, which ends June 30, are 4 percent ahead of a year ago."
    assert ("a year ago", "DATE", "2014") in dated(text, published)


def test_as_soon_as_is_no_time() -> None:
    published = date(1999, 10, 15)
    assert dated("Counting starts as soon as voting ends on Nov. 14.", published) == [
        ("Nov. 14", "DATE", "1999-11-14")
    ]


def test_soon_alone_is_still_the_future() -> None:
    # guard
    assert dated("Talks will resume soon.", date(1999, 10, 15)) == [("soon", "DATE", "FUTURE_REF")]


def test_a_plural_unit_of_something_is_a_vague_length() -> None:
    published = date(1996, 5, 22)
    assert dated("Traders were spoiled by years of falling yields.", published) == [
        ("years", "DURATION", "PXY")
    ]
    assert dated("The release followed months of contacts.", published) == [
        ("months", "DURATION", "PXM")
    ]
    assert dated("The vote set the stage for days of bargaining.", published) == [
        ("days", "DURATION", "PXD")
    ]


def test_a_report_in_fiscal_quarters_counts_fiscal_halves() -> None:
    published = date(2019, 11, 14)
    text = (
        "In the fiscal fourth quarter, volumes rose 4 percent, but margins narrowed for "
        "the second half as a whole."
    )
    assert ("the second half", "DATE", "FY2019-H2") in dated(text, published)


def test_a_calendar_report_keeps_calendar_halves() -> None:
    # guard: no fiscal quarter named, so the half is the calendar's
    published = date(1996, 5, 22)
    text = "The economy shrank in the first quarter and should grow 1 percent in the second half."
    assert ("the second half", "DATE", "1996-H2") in dated(text, published)


def test_kings_day_is_the_dutch_holiday() -> None:
    # 27 April, or the 26th when the 27th is a Sunday (as in 2014 and 2025)
    assert dated("Sales around King's Day were the best in a decade.", date(2019, 11, 14))[0] == (
        "King's Day",
        "DATE",
        "2019-04-27",
    )
    assert dated("Crowds wore orange on King's Day.", date(2025, 5, 2)) == [
        ("King's Day", "DATE", "2025-04-26")
    ]
