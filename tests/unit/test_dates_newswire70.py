"""Issue 15, seventieth round: the rules the seventieth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire70.jsonl``: eight blind articles of
1989-2021 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.7 on
the code after round 69, the same as on the code before round 63. The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_may_day_bank_holiday_is_the_first_monday_of_may() -> None:
    got = dated(
        "Ferry crews will walk out on the eve of the May Day bank holiday, the union said.",
        date(2002, 4, 16),
    )
    assert got == [("May Day", "DATE", "2002-05-06")]
    # moved to the 8th for VE Day's anniversary
    got = dated("Pubs expect a busy May Day bank holiday.", date(1995, 4, 20))
    assert got == [("May Day", "DATE", "1995-05-08")]
    # guard: May Day itself is the first of May
    got = dated("Unions will march through the city on May Day.", date(2002, 4, 16))
    assert got == [("May Day", "DATE", "2002-05-01")]


def test_getting_ready_for_a_month_looks_to_the_nearest_one() -> None:
    got = dated(
        "Toy sellers said they were taking on extra packers and hiring drivers for December.",
        date(2011, 11, 15),
    )
    assert got == [("December", "DATE", "2011-12")]
    got = dated(
        "The ski resorts were gearing up for a snowy January, their owners said.",
        date(2011, 12, 2),
    )
    assert got == [("January", "DATE", "2012-01")]
    # guard: the same words told after the month look back to it
    got = dated("Shops were hiring drivers for December.", date(2012, 1, 20))
    assert got == [("December", "DATE", "2011-12")]
    # guard: a past month with no getting ready stays past
    got = dated("Toy sellers said they hired drivers in December.", date(2011, 11, 15))
    assert got == [("December", "DATE", "2010-12")]


def test_a_half_written_as_a_fraction() -> None:
    got = dated(
        "The mill had been idle for 2 1/2 years, and the talks lasted 4 1/2 hours.",
        date(1990, 3, 8),
    )
    assert got == [("2 1/2 years", "DURATION", "P2.5Y"), ("4 1/2 hours", "DURATION", "PT4H30M")]
    got = dated("The repairs took 3½ weeks.", date(1990, 3, 8))
    assert got == [("3½ weeks", "DURATION", "P3.5W")]
    # guard: a date written with slashes is not a half
    got = dated("The loan fell due on 4/1/1990.", date(1990, 3, 8))
    assert got[-1][2] == "1990-04-01"
