"""Issue 15, eighty-first round: the rules the eighty-first newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire81.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.9 on
the code after round 80, and 93.7 at the session's start. The sentences below
are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_weekday_before_a_holiday_is_one_date() -> None:
    got = dated("Crowds peaked on the Friday before Easter.", date(2013, 4, 10))
    assert got == [("the Friday before Easter", "DATE", "2013-03-29")]
    got = dated("The Monday after Thanksgiving is the busiest day online.", date(2014, 11, 3))
    assert got == [("The Monday after Thanksgiving", "DATE", "2014-12-01")]
    # guard: without "the" the weekday and the holiday stay two
    got = dated("They met on Saturday before Christmas.", date(2014, 12, 29))
    assert [t[0] for t in got] == ["Saturday", "Christmas"]


def test_a_fiscal_year_that_ends_on_a_day_ahead() -> None:
    text = (
        "Sales for fiscal 1991, which ends Jan. 31, rose 3%, and margins will narrow in "
        "the fiscal fourth quarter."
    )
    # the year names its start (1991) and ends in January 1992: its fourth quarter
    assert dated(text, date(1992, 1, 9))[-1] == ("the fiscal fourth quarter", "DATE", "FY1991-Q4")


def test_a_holiday_after_a_clause_that_speaks_from_now() -> None:
    got = dated(
        "She will serve until the election in September 2027 and is to be sworn in after Labor Day.",
        date(2025, 7, 1),
    )
    assert got[-1] == ("Labor Day", "DATE", "2025-09-01")


def test_canadian_thanksgiving() -> None:
    text = "HALIFAX, Nova Scotia -- Halifax stores will close for Thanksgiving."
    assert dated(text, date(2021, 10, 1))[-1] == ("Thanksgiving", "DATE", "2021-10-11")
    # guard: an American story keeps the fourth Thursday of November
    text = "DETROIT -- Stores in Detroit will close for Thanksgiving."
    assert dated(text, date(2021, 10, 1))[-1] == ("Thanksgiving", "DATE", "2021-11-25")


def test_said_yesterday_that_opens_a_clause() -> None:
    got = dated("The chain said yesterday that December sales rose 4%.", date(1991, 1, 10))
    assert got[-1] == ("December", "DATE", "1990-12")


def test_a_night_run_and_a_winter_timetable_are_kinds() -> None:
    assert dated("She led after a night run across the lake.", None) == []
    assert dated("The airline's winter timetable adds two routes.", date(2009, 10, 20)) == []
