"""Issue 15, sixty-eighth round: the rules the sixty-eighth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire68.jsonl``: eight blind articles of
1987-2013 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.9 on
the code after round 67, the same as on the code before round 63. The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_two_eids() -> None:
    got = dated(
        "Markets in Doha will shut for Eid al-Fitr, and reopen after Eid al-Adha in November.",
        date(2011, 8, 24),
    )
    assert got[:2] == [("Eid al-Fitr", "DATE", "2011-08-30"), ("Eid al-Adha", "DATE", "2011-11-06")]
    # a bare Eid is the one the story names in full
    got = dated("Shares slip before Eid\nTraders sold ahead of Eid al-Fitr.", date(2011, 8, 24))
    assert got == [("Eid", "DATE", "2011-08-30"), ("Eid al-Fitr", "DATE", "2011-08-30")]
    # guards: a bare Eid alone, and a man named Eid, are no dates
    assert dated("Traders sold ahead of Eid.", date(2011, 8, 24)) == []
    got = dated("Police held Mohamed Eid before Eid al-Fitr.", date(2011, 8, 24))
    assert got == [("Eid al-Fitr", "DATE", "2011-08-30")]


def test_a_year_earlier_after_a_fiscal_year_and_the_month_it_ended() -> None:
    got = dated(
        "The maker lost 9.6 million dollars in fiscal 2000, which ended in October, after a "
        "profit of 2.1 million dollars a year earlier.",
        date(2001, 2, 13),
    )
    assert got == [
        ("fiscal 2000", "DATE", "FY2000"),
        ("October", "DATE", "2000-10"),
        ("a year earlier", "DATE", "FY1999"),
    ]
