"""Issue 15, eighty-fourth round: the rules the eighty-fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire84.jsonl``: eight blind articles of
1986-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.3 on
the code after round 83, and 95.7 at the session's start. The sentences below
are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_month_range_apposed_to_a_period_takes_the_clause_after_it() -> None:
    got = dated(
        "In the second quarter, from April through June, sales were flat.", date(1990, 8, 1)
    )
    assert got[1:] == [("April", "DATE", "1990-04"), ("June", "DATE", "1990-06")]
    # guard: "from" with no past clause still looks ahead
    got = dated("Fares rise from April.", date(1990, 8, 1))
    assert got == [("April", "DATE", "1991-04")]


def test_a_cricket_century_is_a_hundred_runs() -> None:
    got = dated("She made an unbeaten 112, her second century this season.", None)
    assert got == []
    # guard: a century of history keeps its value
    got = dated("The mill dates from the 18th century and a 16th-century chapel.", None)
    assert got == [("the 18th century", "DATE", "17"), ("16th-century", "DATE", "15")]


def test_the_governor_of_the_day_is_no_date() -> None:
    got = dated("The cup was given by the governor of the day, Lord Ranfurly.", date(2002, 2, 11))
    assert got == []


def test_waitangi_day() -> None:
    got = dated("The final was played after Waitangi Day.", date(2002, 2, 11))
    assert got == [("Waitangi Day", "DATE", "2002-02-06")]
