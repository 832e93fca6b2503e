"""Issue 15: one step decides the tense that picks a year-less time's year.

A month, a day, a quarter and a holiday named without a year take their year
from the tense of their clause, unless the words around say the time is a plan,
a deadline or a hope told in the past (``_Scan.told_tense``). Before, the
holiday resolver kept its own, shorter list of those signs, so "a hearing was
set for Easter" went back a year while "a hearing was set for April" did not.
The tests below hold the two kinds of expression to the same reading.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import dated

PUBLISHED = date(2024, 3, 5)  # Easter 2024 fell on 31 March; Christmas is 25 December


@pytest.mark.parametrize(
    ("sentence", "mon", "month", "hol", "holiday"),
    [
        # a plan set in the past lies ahead
        (
            "A second hearing was set for {}, the court said.",
            "April",
            "2024-04",
            "Easter",
            "2024-03-31",
        ),
        # a deadline asked for lies ahead
        (
            "The council asked for a full report by {}.",
            "December",
            "2024-12",
            "Christmas",
            "2024-12-25",
        ),
    ],
)
def test_a_plan_told_in_the_past_lies_ahead_for_months_and_holidays(
    sentence: str, mon: str, month: str, hol: str, holiday: str
) -> None:
    assert dated(sentence.format(mon), PUBLISHED)[0] == (mon, "DATE", month)
    assert dated(sentence.format(hol), PUBLISHED)[0] == (hol, "DATE", holiday)


def test_a_hope_told_in_the_past_looks_to_the_nearest_month() -> None:
    got = dated("Landlords had hoped for higher rents from October.", date(2010, 6, 1))
    assert got == [("October", "DATE", "2010-10")]
    # guard: a month told in the past without a hope is the last one
    got = dated("Landlords raised rents in October.", date(2010, 6, 1))
    assert got == [("October", "DATE", "2009-10")]


def test_a_holiday_told_in_the_past_without_a_plan_stays_past() -> None:
    got = dated("The court heard the case at Easter, its clerk said.", date(2024, 6, 5))
    assert got[0] == ("Easter", "DATE", "2024-03-31")
    got = dated("Shops were busy at Christmas, the chamber said.", PUBLISHED)
    assert got[0] == ("Christmas", "DATE", "2023-12-25")
