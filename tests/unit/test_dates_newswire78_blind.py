"""Issue 15, seventy-eighth round: the rules the seventy-eighth newswire fixture led to
(``test_dates_newswire78.py`` is older: the ninth round, from fixtures 7 and 8).

The fixture (``tests/fixtures/dates/newswire78.jsonl``: eight blind articles of
1986-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.1 on
the code after round 77, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_an_aside_with_no_tense_of_its_own_takes_the_nearest_month() -> None:
    got = dated(
        "The statistics office, which estimate the harvest at 2 million tonnes in October, "
        "will revise the figure on March 4.",
        date(2009, 1, 14),
    )
    assert got[0] == ("October", "DATE", "2008-10")
    # guard: an aside with its own past verb keeps it
    got = dated("The mill, which closed in October, will reopen on March 4.", date(2009, 1, 14))
    assert got[0] == ("October", "DATE", "2008-10")


def test_a_contracts_month_does_not_anchor_a_year_ago() -> None:
    got = dated(
        "The contract for July delivery rose two cents to $1.10 a pound, well below the "
        "$1.50 it fetched a year ago.",
        date(1997, 2, 11),
    )
    assert got == [("July", "DATE", "1997-07"), ("a year ago", "DATE", "1996")]
    # guard: a month reported on still does ("sales in May rose from a year ago")
    got = dated("Sales in January rose 4 percent from a year ago.", date(1997, 2, 11))
    assert got[-1] == ("a year ago", "DATE", "1996-01")


def test_caribbean_independence_days_by_the_storys_country() -> None:
    text = (
        "ST. GEORGE'S, Grenada -- Grenada's schools will close early for Independence Day, "
        "officials said."
    )
    assert dated(text, date(2016, 1, 28))[-1] == ("Independence Day", "DATE", "2016-02-07")
    text = "Castries, St. Lucia -- The island will mark Independence Day with a parade."
    assert dated(text, date(2016, 2, 1))[-1] == ("Independence Day", "DATE", "2016-02-22")


def test_facing_weeks_of_is_a_vague_length() -> None:
    got = dated("Commuters face weeks of delays while the bridge is rebuilt.", None)
    assert got == [("weeks", "DURATION", "PXW")]
