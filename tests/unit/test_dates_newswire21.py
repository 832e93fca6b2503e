"""Issue 15, twenty-first round: the rules the twenty-first newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire21.jsonl``: TempEval-3-style wire
copy, 2012-2013) was written by a helper who had not seen the rules, and scored
once (value F1 94.4, the check after the twentieth round) before these
changes; the sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_second_weekday_of_a_pair_follows_the_first() -> None:
    published = date(2013, 11, 18)  # Monday
    text = (
        "Under a timetable released by the mediator, the delegations will spend Monday and "
        "Tuesday on the release of detainees, then turn to border questions on Wednesday "
        "and Thursday."
    )
    assert dated(text, published) == [
        ("Monday", "DATE", "2013-11-18"),
        ("Tuesday", "DATE", "2013-11-19"),
        ("Wednesday", "DATE", "2013-11-20"),
        ("Thursday", "DATE", "2013-11-21"),
    ]
    # a pair told in the past goes forward from its first day too
    assert dated("Clashes broke out on Saturday and Sunday, police said.", published) == [
        ("Saturday", "DATE", "2013-11-16"),
        ("Sunday", "DATE", "2013-11-17"),
    ]


def test_no_later_than_is_a_deadline_ahead() -> None:
    published = date(2013, 11, 18)
    assert dated(
        "A panel must hand its report to parliament no later than March 31.", published
    ) == [("March 31", "DATE", "2014-03-31")]


def test_an_aside_between_commas_keeps_its_own_year() -> None:
    published = date(2012, 1, 17)
    assert dated(
        "The ferry, built in Norway in 1979, failed an inspection in November.", published
    ) == [
        ("1979", "DATE", "1979"),
        ("November", "DATE", "2011-11"),
    ]
    # a year that opens the sentence still tells it
    assert dated("In 1979 the yard built a ferry and in November it sank.", published)[-1] == (
        "November",
        "DATE",
        "1979-11",
    )


def test_a_date_set_and_then_put_off_is_the_nearest() -> None:
    published = date(2013, 4, 26)
    assert dated("A hearing set for December was postponed twice.", published) == [
        ("December", "DATE", "2012-12")
    ]


def test_a_month_naming_figures_is_a_month_even_when_it_reads_as_a_word() -> None:
    published = date(2012, 9, 4)
    assert dated("The bureau will publish its August figures on Friday.", published)[0] == (
        "August",
        "DATE",
        "2012-08",
    )
    assert dated("It was an august gathering.", published) == []


def test_the_fourth_of_july() -> None:
    assert dated("Fireworks lit the sky on the Fourth of July.", date(2012, 8, 4)) == [
        ("Fourth of July", "DATE", "2012-07-04")
    ]
