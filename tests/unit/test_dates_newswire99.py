"""Issue 15, ninety-ninth round: the rules newswire111 and newswire112 led to.

The fixtures (``tests/fixtures/dates/newswire111.jsonl`` and
``newswire112.jsonl``: sixteen blind articles of 1986-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 98:
value F1 97.7 and 94.3 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_past_clock_in_a_story_dated_the_day_before_publication() -> None:
    got = dated(
        "Pilgrims queue for trains home\nLAHORE, Pakistan, March 3 -- The line stretched "
        "around the square. They were buying tickets for trains leaving on March 20, when "
        "the season begins. The booking office opened shortly after 9 a.m., and by noon "
        "every seat to Karachi was gone.",
        date(2014, 3, 4),
    )
    assert ("9 a.m.", "TIME", "2014-03-03T09:00") in got
    assert ("noon", "TIME", "2014-03-03T12:00") in got


def test_an_aside_with_three_words_before_its_participle() -> None:
    got = dated(
        "Halvorsen & Co., a family-owned distiller founded in 1821, said yesterday that net "
        "income in the six months ended June 30 fell 8%.",
        date(1994, 8, 10),
    )
    assert ("June 30", "DATE", "1994-06-30") in got


def test_a_month_before_shipment_after_for() -> None:
    got = dated("Buyers were bidding for October shipment at prices below cost.", date(1997, 9, 2))
    assert got == [("October", "DATE", "1997-10")]


def test_buying_for_a_holiday_looks_ahead() -> None:
    got = dated(
        "Dealers said buying for Christmas, when half the year's toys are sold, should "
        "begin in late November.",
        date(2001, 10, 16),
    )
    assert got[0] == ("Christmas", "DATE", "2001-12-25")


def test_the_easter_weekend() -> None:
    got = dated("A late frost struck over the Easter weekend.", date(2008, 4, 1))
    # Easter 2008 fell on March 23: its weekend is that of ISO week 12
    assert got == [("Easter weekend", "DATE", "2008-W12-WE")]


def test_chinese_spring_and_lantern_festivals_in_a_chinese_story() -> None:
    got = dated(
        "SHANGHAI -- Factories close for the Spring Festival and reopen after the Lantern "
        "Festival.",
        date(2019, 1, 15),
    )
    # the Lunar New Year 2019 fell on Feb. 5
    assert got[-2:] == [
        ("Spring Festival", "DATE", "2019-02-05"),
        ("Lantern Festival", "DATE", "2019-02-19"),
    ]
    assert dated("The village holds its Spring Festival each year.", date(2019, 1, 15)) == [
        ("each year", "SET", "P1Y")
    ]


def test_saba_saba_bengali_new_year_and_curacao_day() -> None:
    got = dated("Offices will close on Saba Saba Day.", date(2002, 6, 20))
    assert got == [("Saba Saba Day", "DATE", "2002-07-07")]
    got = dated("Shops will shut for Bengali New Year.", date(2012, 4, 2))
    assert got == [("Bengali New Year", "DATE", "2012-04-14")]
    got = dated("Parliament will sit again after Curaçao Day.", date(2021, 9, 28))
    assert got == [("Curaçao Day", "DATE", "2021-10-10")]
