"""Issue 15, eighty-fifth round: the rules the eighty-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire85.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 97.0 on
the code after round 84, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_long_relative_aside_does_not_date_the_main_clause() -> None:
    got = dated(
        "The brewer, which has raised its dividend every year since it listed its shares in "
        "1972, declared a payout of 10 cents, payable Nov. 15.",
        date(1990, 10, 3),
    )
    assert got[-1] == ("Nov. 15", "DATE", "1990-11-15")


def test_mauritanias_independence_day() -> None:
    got = dated(
        "NOUAKCHOTT, Mauritania -- Mauritania will free 50 prisoners on Independence Day.",
        date(2001, 11, 20),
    )
    assert got[-1] == ("Independence Day", "DATE", "2001-11-28")
