"""Issue 15, fifty-fourth round: the rules the fifty-fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire54.jsonl``: eight blind articles of
1989-2026 in the style of TimeML's news, with one clock time in all) was written
by a helper who had not seen the rules, committed before any scoring and scored
once: value F1 94.3, the same as on the code before round 50. Its misses were
fiscal years named without a number, Orthodox Easter, a plan read through
"another cut" and a trial "currently listed" for the autumn. "N weeks ago" as
an ISO week comes from TIDES (the unit's granularity) and six older blind
fixtures, not from this one. The sentences below are new ones. No blind check
follows this round.
"""

from __future__ import annotations

from datetime import date

from pipeline.enrich.dates import extract_dates, value_range
from tests.helpers import dated


def test_weeks_ago_is_the_week() -> None:
    published = date(2021, 5, 12)  # Wednesday of ISO week 19
    assert dated("The ferry ran aground two weeks ago.", published) == [
        ("two weeks ago", "DATE", "2021-W17")
    ]
    assert dated("The pier reopened a fortnight ago.", published) == [
        ("a fortnight ago", "DATE", "2021-W17")
    ]
    assert dated("Members will vote three weeks from now.", published) == [
        ("three weeks from now", "DATE", "2021-W22")
    ]


def test_a_week_ago_today_is_still_the_day() -> None:
    published = date(2021, 5, 12)
    assert dated("The ferry ran aground a week ago today.", published) == [
        ("a week ago today", "DATE", "2021-05-05")
    ]


def test_a_noun_after_another_sets_no_tense() -> None:
    published = date(2026, 1, 21)
    text = (
        "Economists polled earlier this week expect the bank to cut rates, with another "
        "cut between March and May."
    )
    assert [x for x in dated(text, published) if x[0] in ("March", "May")] == [
        ("March", "DATE", "2026-03"),
        ("May", "DATE", "2026-05"),
    ]


def test_currently_speaks_from_now_in_reported_speech() -> None:
    published = date(2013, 3, 14)
    said = "The judge said the appeal was currently listed for a hearing in the autumn."
    assert ("the autumn", "DATE", "2013-FA") in dated(said, published)
    held = "He said the hearing was currently set for the summer."
    assert ("the summer", "DATE", "2013-SU") in dated(held, published)


def test_reported_past_without_currently_is_unchanged() -> None:
    # guard: the past of the reporting still decides when nothing says "now"
    published = date(2013, 3, 14)
    text = "The judge said the appeal was heard in the autumn."
    assert ("the autumn", "DATE", "2012-FA") in dated(text, published)


def test_orthodox_easter_and_christmas() -> None:
    assert dated("Many will not be home for Orthodox Easter.", date(2006, 4, 13)) == [
        ("Orthodox Easter", "DATE", "2006-04-23")
    ]
    assert dated("Churches filled on Orthodox Easter.", date(2019, 5, 2)) == [
        ("Orthodox Easter", "DATE", "2019-04-28")
    ]
    assert dated("Crowds gathered in Belgrade on Orthodox Christmas.", date(2020, 1, 9)) == [
        ("Orthodox Christmas", "DATE", "2020-01-07")
    ]


def test_western_easter_is_unchanged() -> None:
    # guard: the Gregorian computus still names plain Easter
    assert dated("Shops will close for Easter.", date(2006, 4, 13)) == [
        ("Easter", "DATE", "2006-04-16")
    ]


def test_the_fiscal_year_takes_the_number_the_report_names() -> None:
    published = date(2008, 11, 12)
    text = (
        "Kestrel Foods said profit rose in the first half of its business year. It kept "
        "its forecast for fiscal 2008 and expects the fiscal year to end strongly."
    )
    assert dated(text, published) == [
        ("the first half of its business year", "DATE", "FY2008-H1"),
        ("fiscal 2008", "DATE", "FY2008"),
        ("the fiscal year", "DATE", "FY2008"),
    ]


def test_the_fiscal_year_without_a_number_is_the_publication_year() -> None:
    published = date(2014, 3, 5)
    assert dated("The council will set a budget for the financial year.", published) == [
        ("the financial year", "DATE", "FY2014")
    ]
    assert dated("Sales rose in the third quarter of the fiscal year.", published) == [
        ("the third quarter of the fiscal year", "DATE", "FY2014-Q3")
    ]


def test_a_fiscal_year_that_begins_is_named_by_the_year_it_ends_in() -> None:
    published = date(2013, 2, 27)
    text = "Talks on spending for the fiscal year that begins Oct. 1 have stalled."
    assert dated(text, published)[0] == ("the fiscal year", "DATE", "FY2014")


def test_a_companys_fiscal_calendar_is_no_date() -> None:
    # guard: said of every year, not one fiscal year; the day itself is every
    # year's June 30 since the sixtieth round (two blind writers wrote it so)
    published = date(2013, 11, 7)
    assert dated("The firm said its fiscal year ends on June 30.", published) == [
        ("June 30", "DATE", "XXXX-06-30")
    ]
    assert [x[0] for x in dated("Its fiscal year runs from July.", published)] == ["July"]


def test_the_same_period_after_a_fiscal_half_is_that_half_a_year_back() -> None:
    published = date(2004, 11, 10)
    text = (
        "Profit fell in the first half of the fiscal year. The group earned more in the "
        "same period a year earlier."
    )
    assert dated(text, published) == [
        ("the first half of the fiscal year", "DATE", "FY2004-H1"),
        ("the same period a year earlier", "DATE", "FY2003-H1"),
    ]


def test_a_named_fiscal_year_counts_the_halves_of_a_half_year_report() -> None:
    published = date(2004, 11, 10)
    text = (
        "Sales in the six months to Sept. 30 slipped 4 percent, and the first-half profit "
        "fell. The group cut its forecast for fiscal 2004, which ends on March 31. It "
        "assumes sales will grow 3 percent in the second half."
    )
    assert ("the second half", "DATE", "FY2004-H2") in dated(text, published)


def test_a_week_at_the_end_of_the_calendar_has_no_range() -> None:
    # "this week" on 31 December 9999 is 9999-W52, which ends in the year 10000:
    # its range is unknown, and the text is still read (it raised OverflowError)
    assert value_range("9999-W52") is None
    found = extract_dates("It happened this week.", date(9999, 12, 31))
    assert [(t.text, t.value) for t in found] == [("this week", "9999-W52")]


# The same round, second part: three kinds found by probing sentences written in
# the manner of TimeML's business news, before the next blind check was scored.


def test_years_end_is_the_year() -> None:
    published = date(1998, 10, 14)
    assert dated("The deal is expected to close by year's end.", published) == [
        ("year's end", "DATE", "1998")
    ]
    assert dated("Prices rose again at the year's end.", published) == [
        ("the year's end", "DATE", "1998")
    ]


def test_a_year_end_modifier_is_still_no_date() -> None:
    # guard: "year-end" before a noun names no time (round 36's rule, unchanged)
    assert dated("Staff will get a year-end bonus.", date(1998, 10, 14)) == []


def test_a_quarter_ended_in_a_month_is_that_months_quarter() -> None:
    published = date(1998, 10, 14)
    assert dated("The firm reported a loss for the quarter ended in June.", published) == [
        ("the quarter", "DATE", "1998-Q2"),
        ("June", "DATE", "1998-06"),
    ]
    assert dated("It will report results for the quarter ending in June.", published) == [
        ("the quarter", "DATE", "1999-Q2"),
        ("June", "DATE", "1999-06"),
    ]


def test_later_in_the_decade_is_the_decade_told_of() -> None:
    text = "The record was set in 1984, before a boom that collapsed later in the decade."
    assert ("the decade", "DATE", "198") in dated(text, date(1996, 9, 10))
    assert dated("Rates will rise later in the decade.", date(2012, 6, 21)) == [
        ("the decade", "DATE", "201")
    ]


# Left by round 54 and mended after round 55.


def test_the_previous_month_of_a_release_is_before_the_month_reported() -> None:
    text = (
        "Inflation slowed to 2.8 percent in June from 3.0 percent in May, the agency said "
        "on Wednesday. Prices rose 0.2 percent from the previous month."
    )
    assert ("the previous month", "DATE", "2021-05") in dated(text, date(2021, 7, 21))


def test_the_previous_month_after_a_plain_day_is_unchanged() -> None:
    # guard: no month reported, so the month before the day told
    text = "The plant closed on Monday. Output had fallen the previous month."
    assert ("the previous month", "DATE", "2021-06") in dated(text, date(2021, 7, 21))
