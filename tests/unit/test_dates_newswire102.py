"""Issue 15, hundred-and-second round: the rules newswire117 and newswire118 led to.

The fixtures (``tests/fixtures/dates/newswire117.jsonl`` and
``newswire118.jsonl``: sixteen blind articles of 1985-2023 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 101:
value F1 93.8 and 97.8 (93.5 and 97.8 on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_season_begun_last_month_told_in_the_present() -> None:
    got = dated(
        "The grape harvest here begins in early September, and crews work six days a week.",
        date(2015, 10, 6),
    )
    assert got[0] == ("early September", "DATE", "2015-09")
    # a season that ends next spring is still ahead
    got = dated("The league opens on August 16 and ends in May.", date(2015, 6, 18))
    assert got[-1] == ("May", "DATE", "2016-05")


def test_reorders_for_a_holiday_look_ahead() -> None:
    got = dated("Stores said they were holding back reorders for Christmas.", date(1994, 11, 8))
    assert got == [("Christmas", "DATE", "1994-12-25")]


def test_an_aside_opened_by_whose() -> None:
    got = dated(
        "The mill, whose oldest kiln dates from 1801, held its dividend, payable on March 3.",
        date(1992, 1, 20),
    )
    assert got[-1] == ("March 3", "DATE", "1992-03-03")


def test_had_until_a_day_is_a_deadline_that_was() -> None:
    got = dated("Growers had until March 15 to register their plots.", date(2004, 6, 2))
    assert got == [("March 15", "DATE", "2004-03-15")]
    got = dated("Growers have until March 15 to register their plots.", date(2004, 6, 2))
    assert got == [("March 15", "DATE", "2005-03-15")]


def test_a_span_that_ended_before_a_when_clause() -> None:
    got = dated(
        "The drivers stayed off the roads until Sunday night, when the minister promised "
        "to raise their pay.",
        date(2012, 3, 6),
    )
    assert got[0] == ("Sunday night", "TIME", "2012-03-04TNI")


def test_to_beat_a_holiday() -> None:
    got = dated("Flower growers race to beat Lunar New Year", date(2019, 1, 10))
    assert got == [("Lunar New Year", "DATE", "2019-02-05")]


def test_a_balance_on_a_day_a_year_earlier() -> None:
    got = dated(
        "The bank's deposits at June 30 were $4 billion, against $3.6 billion a year earlier.",
        date(2009, 8, 12),
    )
    assert got[-1] == ("a year earlier", "DATE", "2008-06-30")


def test_nunavut_day() -> None:
    got = dated("Stores will close on Nunavut Day.", date(2010, 7, 1))
    assert got == [("Nunavut Day", "DATE", "2010-07-09")]
