"""Issue 15, sixty-ninth round: the rules the sixty-ninth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire69.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.4 on
the code after round 68, and 93.7 on the code before round 63. Round 64's rule
for a time inside a plan just made ("offered to pay half the money owed by the
end of April") is what moved it. The sentences below are new ones written for
each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_last_year_s_total_then_this_year_s_news() -> None:
    got = dated(
        "The bank earned 8.1 million dinars in 2003, and its profit in the first quarter "
        "rose to 2.4 million dinars.",
        date(2004, 6, 9),
    )
    assert got == [("2003", "DATE", "2003"), ("the first quarter", "DATE", "2004-Q1")]
    # guards: a clause with "when" tells of that year; so does an older year's
    got = dated(
        "Yields were up from 7.4 tonnes in 2018, when a scorching summer cut output.",
        date(2019, 10, 3),
    )
    assert got[-1] == ("summer", "DATE", "2018-SU")
    got = dated(
        "The bank earned 8.1 million dinars in 2001, and its profit in the first quarter "
        "rose to 2.4 million dinars.",
        date(2004, 6, 9),
    )
    assert got[-1] == ("the first quarter", "DATE", "2001-Q1")


def test_as_recently_as_a_month_is_a_month_that_has_been() -> None:
    got = dated(
        "The council had asked for money to raise the levees as recently as August.",
        date(2018, 10, 22),
    )
    assert got[-1] == ("August", "DATE", "2018-08")
