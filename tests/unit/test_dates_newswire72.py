"""Issue 15, seventy-second round: the rules the seventy-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire72.jsonl``: eight blind articles of
1988-2023 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 92.8 on
the code after round 71, the same as on the code before round 70. The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_deadline_is_not_the_time_a_results_story_is_at() -> None:
    got = dated(
        "The brewer lost 4 million dollars in the fourth quarter, as pubs cut orders before "
        "Christmas. In the year-earlier period it earned 2 million dollars.",
        date(1996, 2, 14),
    )
    assert got[-1] == ("the year-earlier period", "DATE", "1994-Q4")


def test_a_weekday_or_midnight_inside_a_name_is_no_time() -> None:
    got = dated(
        "The maker of Friday Fred puppets and Midnight Express model trains lost money "
        "in the previous quarter.",
        date(1996, 2, 14),
    )
    assert [g[0] for g in got] == ["the previous quarter"]
    # guards: midnight in lower case, a weekday after "of" before a month
    assert [g[0] for g in dated("Trading stopped at midnight.", date(1996, 3, 12))] == ["midnight"]
    got = dated("Prices fell on the night of Friday March 8.", date(1996, 3, 12))
    assert got[0][2] == "1996-03-08TNI"


def test_a_promise_told_in_the_pluperfect_has_lapsed() -> None:
    got = dated(
        "The ministry had pledged to reopen the bridge on Labor Day, Sept. 4, but floods in "
        "July and a shortage of steel delayed the repairs.",
        date(2023, 11, 2),
    )
    assert got == [
        ("Labor Day", "DATE", "2023-09-04"),
        ("Sept. 4", "DATE", "2023-09-04"),
        ("July", "DATE", "2023-07"),
    ]


def test_what_is_booked_lies_ahead_of_the_booking() -> None:
    got = dated(
        "Airlines have booked 40 extra flights between December and March, including "
        "eight over New Year's Day.",
        date(2018, 10, 30),
    )
    assert got == [
        ("December", "DATE", "2018-12"),
        ("March", "DATE", "2019-03"),
        ("New Year's Day", "DATE", "2019-01-01"),
    ]
    # guard: orders booked in a month were booked then
    got = dated("Orders booked in July were 6 percent lower.", date(2018, 10, 30))
    assert got == [("July", "DATE", "2018-07")]


def test_by_midyear_is_the_year() -> None:
    got = dated("The company said it would shut the mill by midyear.", date(1994, 3, 1))
    assert got == [("midyear", "DATE", "1994")]
    # guard: a kind of report is no time
    assert dated("Its mid-year results were weak.", date(1994, 3, 1)) == []
