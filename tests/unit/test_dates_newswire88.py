"""Issue 15, eighty-eighth round: the rules newswire89 and newswire90 led to.

The fixtures (``tests/fixtures/dates/newswire89.jsonl`` and
``newswire90.jsonl``: sixteen blind articles of 1986-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 87:
value F1 93.9 and 92.0 (92.3 and 91.4 at the session's start). The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_fiscal_quarter_which_ends_on_a_coming_day() -> None:
    got = dated(
        "The toy maker's fiscal fourth quarter ended Sept. 30. Christmas falls in the "
        "fiscal first quarter, which ends Dec. 31.",
        date(1991, 11, 6),
    )
    assert ("the fiscal first quarter", "DATE", "FY1992-Q1") in got


def test_a_passive_agent_is_no_deadline() -> None:
    got = dated("Shops, shaken by March's floods, cut their orders.", date(1996, 5, 2))
    assert got == [("March", "DATE", "1996-03")]
    assert dated("The road must be rebuilt by March.", date(1996, 5, 2)) == [
        ("March", "DATE", "1997-03")
    ]


def test_a_quotations_closing_mark_ends_its_sentence() -> None:
    got = dated(
        '"This year will be hard. Next year depends on what the buyers do." He said the '
        "board would meet buyers in April.",
        date(2001, 2, 6),
    )
    assert got[-1] == ("April", "DATE", "2001-04")


def test_goods_named_by_a_holiday_are_no_date() -> None:
    got = dated(
        "Sales of Christmas trees and Easter eggs fell, but Christmas sales rose.",
        date(2003, 1, 15),
    )
    assert got == [("Christmas", "DATE", "2002-12-25")]


def test_a_season_under_way_in_the_present() -> None:
    got = dated(
        "The picking, which runs from early November to late January, is half done.",
        date(2009, 12, 3),
    )
    assert got == [("early November", "DATE", "2009-11"), ("late January", "DATE", "2010-01")]


def test_a_month_before_a_full_stop_takes_no_noun_from_the_next_sentence() -> None:
    got = dated("The rains come from November to March. Sales rose.", date(2008, 11, 18))
    assert got[-1] == ("March", "DATE", "2009-03")


def test_the_year_and_its_number_are_one_expression() -> None:
    assert dated("The plant was built for the year 1990.", date(1988, 4, 1)) == [
        ("the year 1990", "DATE", "1990")
    ]


def test_a_length_from_today_is_a_day() -> None:
    got = dated(
        "The vote is a week from today, and results come two days from tomorrow.", date(1997, 3, 4)
    )
    assert got == [
        ("a week from today", "DATE", "1997-03-11"),
        ("two days from tomorrow", "DATE", "1997-03-07"),
    ]


def test_a_month_and_a_spoken_ordinal() -> None:
    got = dated("The tower shuts from September first until spring.", date(2004, 8, 10))
    assert got[0] == ("September first", "DATE", "2004-09-01")


def test_a_promise_by_a_day_looks_ahead() -> None:
    got = dated("The ministry promised results by April 2.", date(2019, 3, 14))
    assert got == [("April 2", "DATE", "2019-04-02")]


def test_a_year_said_by_its_last_two_digits() -> None:
    got = dated(
        "GUEST: We lost the roof in eighty-nine, and in forty-two cases the insurers paid.",
        date(1996, 9, 9),
    )
    assert got == [("eighty-nine", "DATE", "1989")]


def test_a_present_headline_takes_the_nearest_month() -> None:
    got = dated(
        "Fewer tourists visit the islands in June\nVisitor numbers fell 4 percent in June.",
        date(2005, 7, 12),
    )
    assert got == [("June", "DATE", "2005-06"), ("June", "DATE", "2005-06")]


def test_more_holidays() -> None:
    cases = [
        ("Offices close for Meritxell Day.", date(2001, 9, 3), "2001-09-08"),
        (
            "HAMILTON, Bermuda -- Bermuda will mark Emancipation Day.",
            date(2022, 7, 20),
            "2022-07-28",
        ),
        (
            "HAMILTON, Bermuda -- Bermudians will mark Mary Prince Day.",
            date(2022, 7, 20),
            "2022-07-29",
        ),
        (
            "KINGSTON, Jamaica -- Jamaicans will mark Emancipation Day.",
            date(2022, 7, 20),
            "2022-08-01",
        ),
        ("HAGATNA, Guam -- Guam prepares for Liberation Day.", date(2011, 7, 1), "2011-07-21"),
        ("ASHGABAT -- Turkmenistan's farmers await Melon Day.", date(2016, 8, 1), "2016-08-14"),
        (
            "SANAA, Yemen -- Yemen's leaders will speak on Independence Day.",
            date(2006, 11, 20),
            "2006-11-30",
        ),
    ]
    for text, dct, want in cases:
        assert dated(text, dct)[-1][2] == want, text
    assert dated("Crowds gathered for Liberation Day.", date(2011, 7, 1)) == []


def test_a_relative_asides_past_verb_does_not_date_the_main_clause() -> None:
    got = dated(
        "The insurer, which moved its head office to Dublin from London in 2009, reports "
        "third-quarter results on Nov. 4.",
        date(2021, 8, 3),
    )
    assert got[-1] == ("Nov. 4", "DATE", "2021-11-04")
