"""Issue 15, sixty-fifth round: the rules the sixty-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire65.jsonl``: eight blind articles of
1988-2022 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.6 on
the code after round 64, the same as on the code before round 63. The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_verb_in_s_after_a_subject_pronoun_is_present() -> None:
    got = dated(
        "The party has ruled for decades, and it picks its candidate in October.",
        date(2002, 8, 5),
    )
    assert got[-1] == ("October", "DATE", "2002-10")
    # guard: a past verb after the pronoun is past
    got = dated(
        "The party has ruled for decades, and it picked its candidate in October.", date(2002, 8, 5)
    )
    assert got[-1] == ("October", "DATE", "2001-10")


def test_a_plan_goes_on_from_its_own_dated_step() -> None:
    got = dated(
        "The vote will be held on March 3, 2003, and the winner will be sworn in on Sept. 1.",
        date(2002, 8, 20),
    )
    assert got == [("March 3, 2003", "DATE", "2003-03-03"), ("Sept. 1", "DATE", "2003-09-01")]
    # guard: a past step goes on in the past
    got = dated(
        "The plant opened on March 3, 2001, and it hired 300 people in September.",
        date(2002, 8, 20),
    )
    assert got[-1] == ("September", "DATE", "2001-09")


def test_the_previous_quarter_after_a_year_ago_one_is_before_the_quarter_reported() -> None:
    got = dated(
        "Third-quarter profit was 40 million, against 31 million in the same quarter last "
        "year and 36 million in the previous quarter.",
        date(2005, 11, 2),
    )
    assert got == [
        ("Third-quarter", "DATE", "2005-Q3"),
        ("the same quarter last year", "DATE", "2004-Q3"),
        ("the previous quarter", "DATE", "2005-Q2"),
    ]


def test_a_lapsed_plan_s_month_is_the_nearest() -> None:
    got = dated("The operator had planned to start production in October.", date(2016, 6, 8))
    assert got == [("October", "DATE", "2016-10")]
    got = dated("The operator had planned to start production in March.", date(2016, 6, 8))
    assert got == [("March", "DATE", "2016-03")]
