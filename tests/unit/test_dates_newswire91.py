"""Issue 15, ninety-first round: the rules newswire95 and newswire96 led to.

The fixtures (``tests/fixtures/dates/newswire95.jsonl`` and
``newswire96.jsonl``: sixteen blind articles of 1986-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 90:
value F1 95.4 and 95.8 (94.3 and 95.2 at the session's start). The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_month_after_an_article_and_two_adjectives() -> None:
    got = dated("The crop recovered after a cool, wet August.", date(1994, 2, 8))
    assert got == [("August", "DATE", "1993-08")]
    assert dated("Voters queued at a church hall on May Street.", date(1994, 2, 8)) == []


def test_a_quarter_before_a_report_noun_one_word_on() -> None:
    got = dated(
        "The bureau will publish first-quarter trade figures next month.", date(1995, 4, 20)
    )
    assert got[0] == ("first-quarter", "DATE", "1995-Q1")


def test_the_same_quarter_of_a_year_after_three_months_to_a_day() -> None:
    got = dated(
        "Sales reached 90 million in the three months to June 30, against 80 million in the "
        "same quarter of 1996.",
        date(1997, 7, 22),
    )
    assert got[-1] == ("the same quarter of 1996", "DATE", "1996-Q2")


def test_a_year_before_a_when_clause() -> None:
    got = dated("Most growers passed over 1996, when frost hit in April.", date(1998, 5, 5))
    assert got[0] == ("1996", "DATE", "1996")


def test_wanted_done_by_a_day_looks_ahead() -> None:
    got = dated('"Our buyers want everything shipped by mid-June."', date(2011, 4, 14))
    assert got == [("mid-June", "DATE", "2011-06")]


def test_a_months_wages_have_been() -> None:
    got = dated(
        "They vowed to strike unless March's wages are paid by the end of the week.",
        date(2002, 4, 9),
    )
    assert ("March", "DATE", "2002-03") in got


def test_more_holidays() -> None:
    cases = [
        (
            "BOSTON (AP) -- He may run the marathon on Patriots' Day.",
            date(1997, 4, 9),
            "1997-04-21",
        ),
        (
            "TANGIER, Morocco (AP) -- Ferries fill up around Throne Day.",
            date(2008, 6, 10),
            "2008-07-30",
        ),
        ("The park will close on Malaysia Day.", date(2026, 1, 14), "2026-09-16"),
    ]
    for text, dct, want in cases:
        assert dated(text, dct)[-1][2] == want, text
