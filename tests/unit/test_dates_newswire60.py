"""Issue 15, sixtieth round: the rules the sixtieth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire60.jsonl``: eight blind articles of
1988-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 95.2 on
the code after round 59, as on the code before it (94.7 before round 58). The
sentences below are new ones written for each rule. `newswire61`, the check
after it, scored 93.6 there, as on the code before this round.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_half_of_its_next_fiscal_year() -> None:
    got = dated(
        "The brewer expects to close the deal in the second half of its next fiscal year.",
        date(2005, 2, 3),
    )
    assert got == [("the second half of its next fiscal year", "DATE", "FY2006-H2")]


def test_a_year_earlier_after_a_half_is_that_half_a_year_back() -> None:
    got = dated(
        "Profit rose in the first half of its fiscal year, from 80 million a year earlier.",
        date(2005, 2, 3),
    )
    assert got[-1] == ("a year earlier", "DATE", "FY2004-H1")
    got = dated(
        "Sales grew 4 percent in the second half of 2012 from a year earlier.", date(2013, 3, 1)
    )
    assert got[-1] == ("a year earlier", "DATE", "2011-H2")
    # guard: "two years later" goes on with the story, a year
    got = dated(
        "Sales grew in the second half of 2012. Two years later the firm was sold.",
        date(2016, 1, 5),
    )
    assert got[-1] == ("Two years later", "DATE", "2014")


def test_the_day_a_company_s_year_ends_is_every_year_s() -> None:
    got = dated(
        "The insurer, whose financial year ends on March 31, cut its forecast.", date(2009, 11, 5)
    )
    assert got == [("March 31", "DATE", "XXXX-03-31")]
    # guard: a year's own start is that year's
    got = dated("The agency's new fiscal year begins on Oct. 1.", date(2009, 9, 5))
    assert got == [("Oct. 1", "DATE", "2009-10-01")]


def test_a_holiday_hoped_for_lies_ahead() -> None:
    got = dated("Tenants had hoped for lower rents from New Year's Day.", date(2007, 11, 20))
    assert got == [("New Year's Day", "DATE", "2008-01-01")]
    # guard: a past holiday without a hope stays past
    got = dated("Rents rose on New Year's Day.", date(2007, 11, 20))
    assert got == [("New Year's Day", "DATE", "2007-01-01")]


def test_another_year_of_a_state_is_a_length() -> None:
    got = dated("Critics said another year of drought would ruin the farms.", date(2007, 11, 20))
    assert got == [("another year", "DURATION", "P1Y")]
    # guard: after a copula it names a day like a thing (round 12)
    assert dated("It was another day of talks.", date(2007, 11, 20)) == []


def test_for_the_month_in_a_report_on_a_named_month() -> None:
    got = dated(
        "Exports fell 3 percent in March, the ministry said on Tuesday, leaving a "
        "deficit of 2 billion for the month.",
        date(2019, 4, 23),
    )
    assert got[-1] == ("the month", "DATE", "2019-03")
