"""Issue 15, seventy-fourth round: the rules the seventy-fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire74.jsonl``: eight blind articles of
1989-2023 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 95.1 on
the code after round 73, and 94.7 on the code before round 70 (round 71's
National Day is the difference). The sentences below are new ones written for
each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_figure_compared_with_in_any_unit_is_not_the_period_reported() -> None:
    got = dated(
        "Trucks waited 14 hours at the border in March, against 9 hours in the first "
        "quarter and 4 hours a year earlier.",
        date(2011, 4, 20),
    )
    assert got[-1] == ("a year earlier", "DATE", "2010-03")


def test_since_a_year_after_which_the_clause_tells_of_it() -> None:
    got = dated(
        "Lifejackets have been compulsory since 2009, after a ferry sank the year before.",
        date(2012, 6, 5),
    )
    assert got == [("2009", "DATE", "2009"), ("the year before", "DATE", "2008")]
    # guard: a span from a year does not anchor a later month
    got = dated("It was the first rate rise since 2009 and came in March.", date(2012, 6, 5))
    assert got[-1] == ("March", "DATE", "2012-03")
