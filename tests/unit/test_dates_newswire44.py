"""Issue 15, forty-fourth round: the rules the forty-fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire44.jsonl``: wire copy of 2005-2019 on
eight new beats, half British, Irish or Australian) was written by a helper who
had not seen the rules, committed before any scoring and scored once (value F1
92.2). The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

OCTOBER = date(2013, 10, 21)
APRIL = date(2016, 4, 20)


def test_st_patricks_day_ahead_in_a_timetable() -> None:
    text = "The reduced timetable runs until St Patrick's Day."
    assert dated(text, OCTOBER) == [("St Patrick's Day", "DATE", "2014-03-17")]


def test_st_patricks_day_with_a_dot_and_a_curly_apostrophe() -> None:
    text = "Parades on St. Patrick’s Day drew record crowds."
    assert dated(text, OCTOBER) == [("St. Patrick’s Day", "DATE", "2013-03-17")]


def test_national_days_of_the_commonwealth() -> None:
    text = "Veterans will march on Anzac Day, and the ferry adds sailings for Canada Day."
    got = dated(text, APRIL)
    assert ("Anzac Day", "DATE", "2016-04-25") in got
    assert ("Canada Day", "DATE", "2016-07-01") in got


def test_a_saints_street_is_no_holiday() -> None:
    # (a guard: only the day itself)
    text = "The shop on St Patrick Street and St George Road stays open."
    assert dated(text, OCTOBER) == []
