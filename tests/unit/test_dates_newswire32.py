"""Issue 15, thirty-second round: the rules the thirty-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire32.jsonl``: agency wire of 2013 on
eight beats, the check after round 31) was written by a helper who had not
seen the rules, committed before any scoring and scored once (value F1 92.3).
The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

FRIDAY = date(2013, 11, 8)


def test_a_past_clock_after_an_evening_ahead_is_not_the_next_morning() -> None:
    text = (
        "Gales will reach the port by late evening, the forecaster said in a "
        "bulletin issued at 5 a.m."
    )
    assert dated(text, FRIDAY)[-1] == ("5 a.m.", "TIME", "2013-11-08T05:00")


def test_a_clock_range_over_midnight_starts_the_day_before_its_end() -> None:
    text = "The bridge will be shut from 8 p.m. until 5 a.m. on Sunday."
    assert dated(text, FRIDAY) == [
        ("8 p.m.", "TIME", "2013-11-09T20:00"),
        ("5 a.m. on Sunday", "TIME", "2013-11-10T05:00"),
    ]


def test_a_clock_range_within_a_day_keeps_its_day() -> None:
    # (a guard for the rule above: the twenty-eighth round's range)
    text = "The museum will be open from 9 a.m. to 4 p.m. Sunday."
    assert dated(text, FRIDAY) == [
        ("9 a.m.", "TIME", "2013-11-10T09:00"),
        ("4 p.m. Sunday", "TIME", "2013-11-10T16:00"),
    ]


def test_the_minutes_of_a_meeting_are_a_record() -> None:
    text = "Minutes of the October meeting were released on Thursday."
    assert dated(text, FRIDAY) == [
        ("October", "DATE", "2013-10"),
        ("Thursday", "DATE", "2013-11-07"),
    ]


def test_within_minutes_of_an_event_is_still_a_length() -> None:
    # (a guard: "minutes of" before anything but a meeting)
    assert dated("Within minutes of the blast, sirens sounded.", FRIDAY) == [
        ("minutes", "DURATION", "PTXM")
    ]


def test_every_month_and_day_is_a_set_of_that_day() -> None:
    text = "Veterans gather at the memorial every November 11."
    assert dated(text, FRIDAY) == [("every November 11", "SET", "XXXX-11-11")]


def test_a_winter_storm_is_a_kind_of_storm() -> None:
    assert dated("A powerful winter storm is moving east.", FRIDAY) == []
