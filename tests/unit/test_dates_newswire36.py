"""Issue 15, thirty-sixth round: the rules the thirty-sixth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire36.jsonl``: wire copy of 2010-2015 on
eight new beats, some in British style) was written by a helper who had not
seen the rules, committed before any scoring and scored once (value F1 91.9).
The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

THURSDAY = date(2013, 7, 18)
WINTER = date(2010, 1, 14)


def test_a_dotted_clock_before_a_zone_is_a_time() -> None:
    text = "The eruption began at 21.40 GMT on Saturday."
    assert dated(text, THURSDAY) == [("21.40 GMT on Saturday", "TIME", "2013-07-13T21:40Z")]


def test_a_dotted_figure_without_a_zone_is_no_time() -> None:
    # (a guard: a price is not a clock)
    assert dated("Shares closed at 11.50 in London.", THURSDAY) == []


def test_a_race_gap_in_abbreviated_units_is_one_length() -> None:
    text = "Moreau won the stage in 5hr 3min 9sec and leads by 1min 4sec."
    assert dated(text, THURSDAY) == [
        ("5hr 3min 9sec", "DURATION", "PT5H3M9S"),
        ("1min 4sec", "DURATION", "PT1M4S"),
    ]


def test_a_gap_in_minutes_and_seconds_after_a_place_or_loss() -> None:
    text = "Lindqvist finished sixth at 2:14 and Costa lost 3:05, ending 4:40 behind the leader."
    assert dated(text, THURSDAY) == [
        ("2:14", "DURATION", "PT2M14S"),
        ("3:05", "DURATION", "PT3M5S"),
        ("4:40", "DURATION", "PT4M40S"),
    ]


def test_the_week_to_a_day_is_that_days_week() -> None:
    text = "Admissions fell to 31 in the week to 17 January, the agency said."
    assert ("the week to 17 January", "DATE", "2010-W02") in dated(text, WINTER)


def test_weeklong_is_a_week() -> None:
    assert dated("A weeklong recess follows.", WINTER) == [("weeklong", "DURATION", "P1W")]


def test_an_age_after_aged_is_no_length() -> None:
    text = "Children aged between six months and three years will be offered the jab."
    assert dated(text, WINTER) == []


def test_a_year_earlier_after_a_week_is_that_week_a_year_before() -> None:
    text = "Doctors saw 41 cases per 100,000 people last week, about the level of a year earlier."
    assert dated(text, WINTER) == [
        ("last week", "DATE", "2010-W01"),
        ("a year earlier", "DATE", "2009-W01"),
    ]


def test_a_month_with_last_year_is_one_date() -> None:
    text = "Okafor, who took charge in March last year, kept his seat."
    assert dated(text, WINTER) == [("March last year", "DATE", "2009-03")]


def test_a_day_with_this_year_stays_a_day_and_a_year() -> None:
    # (a guard: "10 February this year" is a day's date and "this year")
    text = "The holiday fell on 10 February this year."
    assert dated(text, THURSDAY) == [
        ("10 February", "DATE", "2013-02-10"),
        ("this year", "DATE", "2013"),
    ]
