"""Issue 15, eighty-second round: the rules the eighty-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire82.jsonl``: eight blind articles of
1986-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 95.7 on
the code after round 81, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_fiscal_half_named_by_the_year_its_report_named() -> None:
    text = (
        "The miner lost 2 million dollars in the fiscal first half, the six months ended "
        "Dec. 31, against a profit of 3 million dollars a year earlier. In fiscal 1990, "
        "which ended June 30, it earned 9 million dollars."
    )
    got = dated(text, date(1991, 2, 12))
    assert ("first half", "DATE", "FY1991-H1") in got
    assert ("a year earlier", "DATE", "FY1990-H1") in got


def test_a_clock_time_before_tonight_is_in_the_evening() -> None:
    got = dated("The final starts at 8:15 tonight.", date(2001, 3, 2))
    assert got == [("8:15 tonight", "TIME", "2001-03-02T20:15")]
    # guard: "this morning" keeps the morning
    got = dated("The market opened at 9:30 this morning.", date(2001, 3, 2))
    assert got == [("9:30 this morning", "TIME", "2001-03-02T09:30")]


def test_a_rate_before_a_new_sentence_is_a_set() -> None:
    got = dated("Buses leave for the coast twice a day. Visitors pay a fee.", None)
    assert got == [("twice a day", "SET", "P1D")]
    # guard: "a day visitor" is a kind
    assert dated("A day visitor pays a fee.", None) == []


def test_a_quarter_named_by_its_month_takes_the_words_around_it() -> None:
    got = dated("Bookings for the December quarter were the best she had seen.", date(2016, 10, 12))
    assert got == [("the December quarter", "DATE", "2016-Q4")]


def test_independence_and_constitution_days_of_more_countries() -> None:
    text = "HONIARA, Solomon Islands -- Honiara will hold a parade on Independence Day."
    assert dated(text, date(2015, 6, 30))[-1] == ("Independence Day", "DATE", "2015-07-07")
    text = "OSLO -- Norway's Constitution Day parade drew crowds in Oslo."
    assert dated(text, date(2015, 5, 18))[-1] == ("Constitution Day", "DATE", "2015-05-17")
    # guard: no country with one named, no date
    assert dated("The band played on Constitution Day.", date(2015, 5, 18)) == []
