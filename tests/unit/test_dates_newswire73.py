"""Issue 15, seventy-third round: the rules the seventy-third newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire73.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.6 on
the code after round 72, and 96.0 on the code before round 70 (round 71's
"bookings for Christmas" is the difference). The sentences below are new ones
written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_what_is_due_falls_due_at_the_nearest_such_time() -> None:
    got = dated(
        "The ministry said on Monday it would sell the two frequencies in January, with "
        "sealed tenders due between Dec. 3 and Dec. 7.",
        date(2009, 11, 2),
    )
    assert got[-2:] == [("Dec. 3", "DATE", "2009-12-03"), ("Dec. 7", "DATE", "2009-12-07")]


def test_bookings_for_two_holidays_look_ahead_to_both() -> None:
    got = dated(
        "Hoteliers said bookings for Christmas and New Year's Eve were already strong.",
        date(2015, 9, 30),
    )
    assert got == [("Christmas", "DATE", "2015-12-25"), ("New Year's Eve", "DATE", "2015-12-31")]


def test_bhutan_s_national_day() -> None:
    got = dated(
        "THIMPHU (Reuters) - The first turbine should turn before National Day.",
        date(2016, 11, 21),
    )
    assert got == [("National Day", "DATE", "2016-12-17")]


def test_a_season_opening_a_sentence_before_a_name_is_a_name() -> None:
    got = dated("Winter Harbour Capital, a fund based in Oslo, bought the stake.", date(2001, 5, 4))
    assert got == []
    # guard: a season opening a sentence is still a season
    got = dated("Winter came early, and the fund sold.", date(2001, 5, 4))
    assert got[0][0] == "Winter"


def test_a_verb_of_lasting_takes_a_length() -> None:
    got = dated("The vines had taken years to recover.", date(2001, 5, 4))
    assert got == [("years", "DURATION", "PXY")]
