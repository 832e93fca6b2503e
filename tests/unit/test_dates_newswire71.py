"""Issue 15, seventy-first round: the rules the seventy-first newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire71.jsonl``: eight blind articles of
1989-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.8 on
the code after round 70, the same as on the code before it. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_year_in_an_aside_between_commas_does_not_date_the_main_clause() -> None:
    got = dated(
        "The brewery, nationalised in 1978, announced in February that it would cut 200 jobs.",
        date(1992, 5, 6),
    )
    assert got[:2] == [("1978", "DATE", "1978"), ("February", "DATE", "1992-02")]
    got = dated(
        "Car sales, which reached 41,500 in 2006, fell 12 percent between January and March.",
        date(2007, 4, 18),
    )
    assert got == [
        ("2006", "DATE", "2006"),
        ("January", "DATE", "2007-01"),
        ("March", "DATE", "2007-03"),
    ]
    # guards: a year that opens the clause dates it; so does a main clause's own
    got = dated("In 2006 car sales fell 12 percent in March.", date(2007, 4, 18))
    assert got[-1] == ("March", "DATE", "2006-03")
    got = dated(
        "In 2005 the dealers sold 41,500 cars, and in March they cut prices.", date(2007, 4, 18)
    )
    assert got[-1] == ("March", "DATE", "2005-03")


def test_a_plan_made_in_a_month_runs_on_from_that_month() -> None:
    got = dated(
        "The council pledged in October to repair the bridge by the end of December but "
        "has not started.",
        date(2013, 2, 12),
    )
    assert got == [("October", "DATE", "2012-10"), ("the end of December", "DATE", "2012-12")]
    # guard: a plan told now still looks ahead
    got = dated("The council pledged to repair the bridge by December.", date(2013, 2, 12))
    assert got == [("December", "DATE", "2013-12")]


def test_done_for_next_year_s_crop_is_done_before_it() -> None:
    got = dated(
        "Growers said ploughing for next year's harvest would begin in October.",
        date(2001, 8, 2),
    )
    assert got == [("next year", "DATE", "2002"), ("October", "DATE", "2001-10")]
    # guard: next year's event itself is next year's
    got = dated("Next year's harvest festival will open in October.", date(2001, 8, 2))
    assert got == [("Next year", "DATE", "2002"), ("October", "DATE", "2002-10")]


def test_bookings_for_a_quarter_look_ahead() -> None:
    got = dated(
        "The airline said bookings for the third quarter were weaker than it had hoped.",
        date(2003, 5, 20),
    )
    assert got == [("the third quarter", "DATE", "2003-Q3")]


def test_the_extra_weeks_are_a_stretch() -> None:
    got = dated("Nurses will be paid overtime for the extra weeks.", date(2003, 5, 20))
    assert got == [("weeks", "DURATION", "PXW")]


def test_a_national_day_is_the_story_s_country_s() -> None:
    got = dated(
        "DUBAI (Reuters) - The new metro line will open before National Day, officials said.",
        date(2009, 10, 5),
    )
    assert got == [("National Day", "DATE", "2009-12-02")]
    # the country named just before it wins over the story's
    got = dated(
        "Hotels in Dubai expect Chinese visitors over China's National Day holiday.",
        date(2019, 9, 12),
    )
    assert got[-1] == ("National Day", "DATE", "2019-10-01")
    # Qatar's moved to 18 December in 2007
    got = dated("Doha will hold a parade on National Day.", date(2005, 8, 1))
    assert got == [("National Day", "DATE", "2005-09-03")]
    # guard: a story that names no country with a National Day gets none
    got = dated("The parade was held on National Day.", date(2005, 8, 1))
    assert got == []
