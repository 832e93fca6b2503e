"""Issue 15, eighty-third round: the rules the eighty-third newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire83.jsonl``: eight blind articles of
1987-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 98.1 on
the code after round 82, and 97.5 at the session's start. The sentences below
are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_over_months_of_is_a_vague_length() -> None:
    got = dated("Patients paid heavily over months of treatment.", None)
    assert got == [("months", "DURATION", "PXM")]
    got = dated("Roads flooded during weeks of rain.", None)
    assert got == [("weeks", "DURATION", "PXW")]


def test_japans_health_and_sports_day() -> None:
    got = dated("TOKYO -- Stadiums will be full on Health and Sports Day.", date(2014, 10, 1))
    assert got == [("Health and Sports Day", "DATE", "2014-10-13")]
    got = dated("TOKYO -- Stadiums will be full on Health and Sports Day.", date(1995, 10, 1))
    assert got == [("Health and Sports Day", "DATE", "1995-10-10")]
