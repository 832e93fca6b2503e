"""Issue 15, forty-second round: the rules the forty-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire42.jsonl``: wire copy of 2007-2019 on
eight new beats) was written by a helper who had not seen the rules, committed
before any scoring and scored once (value F1 94.7). The sentences below are new
ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

MARCH = date(2018, 3, 1)
JANUARY = date(2014, 1, 20)
JUNE = date(2019, 6, 24)


def test_a_fiscal_quarter_that_ended_in_january_is_of_the_year_it_ended() -> None:
    text = (
        "The software maker said Wednesday that revenue rose 18 percent in the fiscal "
        "fourth quarter, which ended Jan. 31. Growth had slowed to 12 percent in the "
        "third quarter. It will report first-quarter results in late May."
    )
    got = dated(text, MARCH)
    assert ("the fiscal fourth quarter", "DATE", "FY2018-Q4") in got
    assert ("the third quarter", "DATE", "FY2018-Q3") in got
    assert ("first-quarter", "DATE", "FY2019-Q1") in got


def test_a_fiscal_second_quarter_to_december_is_of_the_next_year() -> None:
    # a fiscal year to June: its second quarter ends in December of the year before
    text = "The airline returned to profit in its fiscal second quarter, which ended Dec. 31."
    assert ("fiscal second quarter", "DATE", "FY2014-Q2") in dated(text, JANUARY)


def test_a_fiscal_fourth_quarter_to_december_is_the_calendar_year() -> None:
    # (a guard: a fiscal year that is the calendar year keeps its number)
    text = "Profit doubled in the fiscal fourth quarter, which ended Dec. 31."
    assert ("the fiscal fourth quarter", "DATE", "FY2017-Q4") in dated(text, MARCH)


def test_the_first_half_of_the_new_fiscal_year_follows_the_reported_one() -> None:
    text = (
        "Revenue rose in the fiscal fourth quarter, which ended Jan. 31. The company "
        "will hire 900 engineers in the first half of the new fiscal year."
    )
    got = dated(text, MARCH)
    assert ("the first half of the new fiscal year", "DATE", "FY2019-H1") in got


def test_the_second_half_of_next_fiscal_year_without_a_report() -> None:
    text = "Hiring will slow in the second half of next fiscal year."
    assert dated(text, MARCH) == [("the second half of next fiscal year", "DATE", "FY2019-H2")]


def test_weekday_nights_in_the_plural_are_a_set() -> None:
    text = "Engineering works will close the line on Saturday nights through the summer."
    assert ("Saturday nights", "SET", "XXXX-WXX-6TNI") in dated(text, JUNE)


def test_one_weekday_night_is_still_a_time() -> None:
    # (a guard: the singular is that night)
    text = "Engineering works will close the line on Saturday night."
    assert dated(text, JUNE) == [("Saturday night", "TIME", "2019-06-29TNI")]


def test_years_ago_without_a_number_is_past_ref() -> None:
    text = "Campaigners said the repairs should have been done years ago."
    assert dated(text, JUNE) == [("years ago", "DATE", "PAST_REF")]


def test_several_months_ago_is_past_ref() -> None:
    # it had no value at all before
    text = "The plan was announced several months ago."
    assert dated(text, JUNE) == [("several months ago", "DATE", "PAST_REF")]


def test_two_years_ago_is_still_a_year() -> None:
    # (a guard: a counted distance keeps its value)
    text = "The bridge opened two years ago."
    assert dated(text, JUNE) == [("two years ago", "DATE", "2017")]


def test_a_split_past_the_hours_of_a_clock_is_a_length() -> None:
    text = "She came out of the river in 54:07 and rode the bike leg in 4:51:10."
    got = dated(text, JUNE)
    assert ("54:07", "DURATION", "PT54M7S") in got
    assert ("4:51:10", "DURATION", "PT4H51M10S") in got


def test_a_score_past_the_hours_of_a_clock_is_no_time() -> None:
    # (a guard: only "in", "of" or "clocked" before it)
    text = "The first set ended 25:23 after a long rally."
    assert dated(text, JUNE) == []
