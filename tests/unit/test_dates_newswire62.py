"""Issue 15, sixty-second round: the rules the sixty-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire62.jsonl``: eight blind articles of
1986-2021 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 90.1 on
the code after round 61, as on the code before it (89.0 before round 58). The
sentences below are new ones written for each rule. No blind check follows.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_fiscal_year_that_ended_on_a_day_names_the_report_s_year() -> None:
    # a year to December, reported in February: named by the year it ended in
    got = dated(
        "The miner said profit doubled in the financial year that ended on Dec. 31, "
        "with most of it earned in the second half of the financial year.",
        date(2012, 2, 20),
    )
    assert got[0] == ("the financial year", "DATE", "FY2011")
    assert got[-1] == ("the second half of the financial year", "DATE", "FY2011-H2")
    # guard: a fiscal year named by its number in between is the one meant
    got = dated(
        "Profit rose in the fiscal year that ended on March 31. In fiscal 2009 the fiscal "
        "year had been weak.",
        date(2011, 5, 12),
    )
    assert got[-1] == ("the fiscal year", "DATE", "FY2009")


def test_a_plan_reported_now_with_would_lies_ahead() -> None:
    got = dated(
        "Traders said they would stay out of the market until the vote was held, perhaps "
        "in early October.",
        date(2014, 9, 2),
    )
    assert got[-1] == ("early October", "DATE", "2014-10")


def test_a_deadline_set_with_by_lies_ahead() -> None:
    got = dated("The board asked for a new plan by April 30.", date(2006, 12, 5))
    assert got == [("April 30", "DATE", "2007-04-30")]
    # guard: "by" after a past event's verb is no deadline
    got = dated("The plant was shut by April 30.", date(2006, 12, 5))
    assert got == [("April 30", "DATE", "2006-04-30")]


def test_what_is_due_on_a_weekday_lies_ahead() -> None:
    got = dated(
        "The treasurer is due to unveil the budget, which takes effect on July 1, on Tuesday.",
        date(2010, 5, 6),
    )
    assert got[-1] == ("Tuesday", "DATE", "2010-05-11")


def test_victoria_day() -> None:
    got = dated("Offices in Ottawa were closed on Monday for Victoria Day.", date(2019, 5, 22))
    assert got[-1] == ("Victoria Day", "DATE", "2019-05-20")
