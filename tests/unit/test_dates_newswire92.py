"""Issue 15, ninety-second round: the rules newswire97 and newswire98 led to.

The fixtures (``tests/fixtures/dates/newswire97.jsonl`` and
``newswire98.jsonl``: sixteen blind articles of 1986-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 91:
value F1 92.6 and 92.7 (91.5 and 92.7 at the session's start). The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_year_earlier_period_after_a_fiscal_half_told_as_six_months() -> None:
    got = dated(
        "The toolmaker swung to a loss in its fiscal first half and expects a loss for the "
        "full year, which ends April 30. It lost $3 million in the six months ended Oct. 31, "
        "against a profit in the year-earlier period.",
        date(1992, 12, 2),
    )
    half = got[0][2]
    assert half.startswith("FY") and half.endswith("-H1")
    assert got[-1] == ("the year-earlier period", "DATE", f"FY{int(half[2:6]) - 1}-H1")


def test_the_full_year_which_ends_on_a_day() -> None:
    got = dated("It expects a loss for the full year, which ends April 30.", date(1991, 12, 4))
    assert got[0] == ("the full year", "DATE", "FY1992")


def test_st_james_day_and_niues_constitution_day() -> None:
    got = dated("Pilgrims will crowd the city before St. James' Day.", date(2010, 7, 6))
    assert got == [("St. James' Day", "DATE", "2010-07-25")]
    got = dated("ALOFI, Niue -- Niue will mark Constitution Day.", date(2024, 10, 2))
    assert got[-1] == ("Constitution Day", "DATE", "2024-10-19")


def test_put_off_past_a_holiday_looks_ahead() -> None:
    got = dated("The yard has put off the layoffs past Christmas.", date(1988, 12, 8))
    assert got == [("Christmas", "DATE", "1988-12-25")]


def test_a_deadline_after_a_noun_told_in_the_past() -> None:
    got = dated(
        "Dealers said order books pointed to a recovery by the second quarter.", date(2026, 2, 2)
    )
    assert got == [("the second quarter", "DATE", "2026-Q2")]
    # a clause opened by "and by" goes on with the story told
    got = dated(
        "She announced her run in February 2025, and by September she was level.",
        date(2026, 4, 22),
    )
    assert got[-1] == ("September", "DATE", "2025-09")
