"""Issue 15, hundred-and-first round: the rules newswire115 and newswire116 led to.

The fixtures (``tests/fixtures/dates/newswire115.jsonl`` and
``newswire116.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 100:
value F1 94.7 and 97.4 (94.7 and 96.7 on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_weekday_counts_from_a_dateline_a_day_before_publication() -> None:
    got = dated(
        "Storm fills the reservoirs\nPORT LOUIS, Mauritius, Jan. 10 - Rain began late "
        "Sunday and had not stopped by this morning.",
        date(1998, 1, 11),  # a Sunday; the dateline's day, Jan. 10, a Saturday
    )
    assert ("late Sunday", "DATE", "1998-01-04") in got


def test_the_previous_month_of_a_year_the_sentence_names() -> None:
    got = dated(
        "The airline lost money in 2002, after the strike the previous November grounded "
        "its fleet.",
        date(2003, 6, 4),
    )
    assert got[-1] == ("previous November", "DATE", "2001-11")


def test_the_same_date_a_year_earlier() -> None:
    got = dated(
        "Growers had sold 9,000 tons by Monday, against 12,000 by the same date a year earlier.",
        date(2004, 6, 9),
    )
    assert got[-1] == ("the same date a year earlier", "DATE", "2003-06-07")


def test_a_deadline_given_is_the_nearest_such_day() -> None:
    got = dated("The council gave the owners until Aug. 3 to clear the site.", date(2017, 9, 12))
    assert got == [("Aug. 3", "DATE", "2017-08-03")]


def test_christmas_told_from_a_julian_calendar_country() -> None:
    got = dated(
        "ADDIS ABABA, Ethiopia (AP) -- Markets will close for Christmas.", date(2009, 12, 20)
    )
    assert got[-1] == ("Christmas", "DATE", "2010-01-07")
    got = dated("ATHENS, Greece (AP) -- Markets will close for Christmas.", date(2009, 12, 20))
    assert got[-1] == ("Christmas", "DATE", "2009-12-25")
    # a dateline in capitals alone names the place
    got = dated("MOSCOW (Reuters) - Markets will close for Christmas.", date(2009, 12, 20))
    assert got[-1] == ("Christmas", "DATE", "2010-01-07")


def test_the_fiscal_year_ending_on_a_day() -> None:
    got = dated(
        "The company expects a loss for the fiscal year ending Sept. 30 and a profit in "
        "fiscal 1992.",
        date(1990, 8, 1),
    )
    assert got[0] == ("the fiscal year", "DATE", "FY1990")
    # a retailer's year ending at the start of February: the year before
    got = dated("Earnings for the fiscal year ending Feb. 2 will fall.", date(2008, 11, 20))
    assert got[0] == ("the fiscal year", "DATE", "FY2008")


def test_the_foreseeable_future() -> None:
    got = dated("It will not pay a dividend in the foreseeable future.", date(1990, 8, 1))
    assert got == [("the foreseeable future", "DATE", "FUTURE_REF")]
