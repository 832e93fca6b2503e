"""Issue 15, eightieth round: the rules the eightieth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire80.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.2 on
the code after round 79, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_called_to_talks_in_a_city_on_a_day_is_ahead() -> None:
    got = dated(
        "The ministry said it had called both unions to talks in Lusaka on Thursday.",
        date(1993, 6, 8),
    )
    assert got == [("Thursday", "DATE", "1993-06-10")]


def test_goods_sold_for_shipment_go_out_at_the_nearest_months() -> None:
    got = dated(
        "Mills have bought 300,000 tonnes of sugar for shipment between January and April.",
        date(2002, 10, 21),
    )
    assert got == [("January", "DATE", "2003-01"), ("April", "DATE", "2003-04")]


def test_the_end_of_a_month_range_follows_its_start() -> None:
    got = dated(
        "A weekend-only timetable, between December and March, is planned.", date(2002, 11, 5)
    )
    assert got[1:] == [("December", "DATE", "2002-12"), ("March", "DATE", "2003-03")]


def test_a_forecast_compared_with_was_made_before() -> None:
    got = dated(
        "The storm will reach the coast on Friday, later than they forecast on Tuesday.",
        date(2007, 9, 12),
    )
    assert got[-1] == ("Tuesday", "DATE", "2007-09-11")


def test_a_quarter_named_before_a_fiscal_half_is_the_calendars() -> None:
    text = (
        "Net income at Norrland Board rose in the first quarter. Its rival said earnings "
        "for its fiscal first half, the six months ended Feb. 28, fell."
    )
    got = dated(text, date(1988, 5, 11))
    assert got[0] == ("the first quarter", "DATE", "1988-Q1")


def test_kenyan_holidays_and_citing_months_of() -> None:
    got = dated("The court will not sit on Jamhuri Day.", date(2018, 12, 6))
    assert got == [("Jamhuri Day", "DATE", "2018-12-12")]
    got = dated("The exchange cut its forecast, citing months of drought.", None)
    assert got == [("months", "DURATION", "PXM")]
