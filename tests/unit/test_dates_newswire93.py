"""Issue 15, ninety-third round: the rules newswire99 and newswire100 led to.

The fixtures (``tests/fixtures/dates/newswire99.jsonl`` and
``newswire100.jsonl``: sixteen blind articles of 1986-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 92:
value F1 94.1 and 98.7 (94.1 and 97.6 at the session's start). The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_current_fiscal_year_after_the_one_that_ended() -> None:
    got = dated(
        "The port earned $2 million in the fiscal year that ended on Sept. 30 and expects $3 "
        "million in the current fiscal year.",
        date(2001, 11, 14),
    )
    assert got[-1] == ("the current fiscal year", "DATE", "FY2002")


def test_family_day_in_a_canadian_story() -> None:
    got = dated(
        "EDMONTON, Alberta (CP) -- Edmonton's rinks and Alberta's parks will be free on "
        "Family Day.",
        date(2019, 2, 1),
    )
    assert got[-1] == ("Family Day", "DATE", "2019-02-18")
    assert dated("Picnics are planned for Family Day.", date(2019, 2, 1)) == []


def test_japans_spring_holidays() -> None:
    got = dated(
        "OSAKA, Japan -- Trains will be full between Showa Day and Children's Day.",
        date(2016, 4, 20),
    )
    assert got[-2:] == [
        ("Showa Day", "DATE", "2016-04-29"),
        ("Children's Day", "DATE", "2016-05-05"),
    ]
    assert dated("Parks were free on Children's Day.", date(2016, 4, 20)) == []
