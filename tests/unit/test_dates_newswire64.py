"""Issue 15, sixty-fourth round: the rules the sixty-fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire64.jsonl``: eight blind articles of
1985-2022 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.6 on
the code after round 63, the same as on the code before round 63 and before
round 58. The sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_span_of_six_months_is_a_half() -> None:
    got = dated(
        "Net profit rose to 40 million in the January-June period, from 31 million a year earlier.",
        date(2012, 8, 20),
    )
    assert got == [
        ("the January-June period", "DATE", "2012-H1"),
        ("a year earlier", "DATE", "2011-H1"),
    ]
    got = dated("Sales fell in the July-December period.", date(2012, 2, 20))
    assert got == [("the July-December period", "DATE", "2011-H2")]


def test_more_church_holidays() -> None:
    published = date(2003, 10, 8)  # Easter 2003 fell on 20 April
    got = dated("Arrivals peaked around Assumption Day.", published)
    assert got == [("Assumption Day", "DATE", "2003-08-15")]
    got = dated("Banks closed on Whit Monday and on Ascension Day.", published)
    assert got == [("Whit Monday", "DATE", "2003-06-09"), ("Ascension Day", "DATE", "2003-05-29")]
    got = dated("Cemeteries will be crowded on All Saints' Day.", published)
    assert got == [("All Saints' Day", "DATE", "2003-11-01")]


def test_a_list_of_days_runs_forward_over_new_year() -> None:
    got = dated(
        "Health workers will give polio drops to every child under five in a nationwide "
        "campaign on December 9 and January 12, the ministry said on Tuesday.",
        date(2004, 11, 30),
    )
    assert got[:2] == [("December 9", "DATE", "2004-12-09"), ("January 12", "DATE", "2005-01-12")]
    # guard: a past day in its own clause stays past
    got = dated(
        "The rounds were held on December 9 and were repeated on January 12.", date(2004, 12, 30)
    )
    assert got[-1] == ("January 12", "DATE", "2004-01-12")


def test_the_base_of_a_comparison_in_any_unit_has_been() -> None:
    got = dated(
        "Ships waited 31 hours to make the transit last week, up from 24 hours in January.",
        date(1998, 3, 19),
    )
    assert got[-1] == ("January", "DATE", "1998-01")


def test_a_time_inside_a_plan_just_made_lies_ahead() -> None:
    got = dated("The minister offered on Friday to pay the arrears in July.", date(1985, 5, 14))
    assert got[-1] == ("July", "DATE", "1985-07")
    # guard: a past time inside the plan's own relative clause stays past
    got = dated("The firm agreed to rehire workers who were laid off in July.", date(1985, 5, 14))
    assert got == [("July", "DATE", "1984-07")]


def test_a_stoppage_called_from_a_weekday_lies_ahead() -> None:
    got = dated("The federation has called a general strike from Thursday.", date(1985, 5, 14))
    assert got == [("Thursday", "DATE", "1985-05-16")]
    # guard: a strike held from a weekday is past
    got = dated("Dockers held a strike from Thursday.", date(1985, 5, 14))
    assert got == [("Thursday", "DATE", "1985-05-09")]
