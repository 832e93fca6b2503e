"""Issue 15, ninetieth round: the rules newswire93 and newswire94 led to.

The fixtures (``tests/fixtures/dates/newswire93.jsonl`` and
``newswire94.jsonl``: sixteen blind articles of 1988-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 89:
value F1 94.2 and 96.2 (the same at the session's start). The sentences below
are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_year_earlier_after_a_fiscal_quarter_ended_a_day() -> None:
    got = dated(
        "The publisher will close the sale in its fiscal fourth quarter. Separately, net in "
        "the fiscal first quarter, ended Dec. 31, fell to $4 million from $5 million a year "
        "earlier.",
        date(1990, 1, 24),
    )
    quarter = next(g[2] for g in got if g[0] == "the fiscal first quarter")
    assert got[-1] == ("a year earlier", "DATE", f"FY{int(quarter[2:6]) - 1}-Q1")


def test_a_plan_that_was_meant_to_be_takes_the_nearest_holiday() -> None:
    got = dated(
        "The repairs were meant to be finished by Easter but were held up.", date(1995, 9, 28)
    )
    assert got == [("Easter", "DATE", "1995-04-16")]


def test_booked_for_the_weekend_on_a_thursday_is_the_coming_one() -> None:
    got = dated("Hotels said they were full for the weekend.", date(2003, 6, 12))
    assert got == [("the weekend", "DATE", "2003-W24-WE")]


def test_youth_day_and_the_holiday_on_its_weekday() -> None:
    got = dated(
        "DURBAN, June 12 (Reuters) - Hotels expect crowds for the Youth Day holiday on Monday.",
        date(2003, 6, 12),
    )
    assert got[-2:] == [("Youth Day", "DATE", "2003-06-16"), ("Monday", "DATE", "2003-06-16")]
    assert dated("Youth Day rallies were held.", date(2003, 6, 12)) == []


def test_the_queens_birthday_in_australia_and_new_zealand() -> None:
    got = dated("PERTH, Australia -- Sowing must end by the Queen's Birthday.", date(1999, 5, 4))
    assert got[-1] == ("Queen's Birthday", "DATE", "1999-06-14")
    got = dated("AUCKLAND, New Zealand -- Shops close for the Queen's Birthday.", date(1999, 5, 4))
    assert got[-1] == ("Queen's Birthday", "DATE", "1999-06-07")
    assert dated("LONDON -- Crowds watched the Queen's Birthday parade.", date(1999, 5, 4)) == []


def test_a_dateline_a_day_before_publication_is_todays_day() -> None:
    got = dated(
        "Dry Spring Ahead\nNICOSIA, Cyprus, April 7 -- Farmers met this morning, and the "
        "ministry said today that quotas would fall.",
        date(2001, 4, 8),
    )
    assert ("this morning", "TIME", "2001-04-07TMO") in got
    assert ("today", "DATE", "2001-04-07") in got


def test_carnival_and_feast_days() -> None:
    got = dated(
        "Parades roll until Mardi Gras; the season opened on Twelfth Night.", date(2008, 1, 9)
    )
    assert got == [("Mardi Gras", "DATE", "2008-02-05"), ("Twelfth Night", "DATE", "2008-01-06")]
    got = dated("Runners gathered for San Fermin's Day.", date(2019, 7, 2))
    assert got == [("San Fermin's Day", "DATE", "2019-07-07")]
    got = dated("The bridge reopens before Saint-Jean-Baptiste Day.", date(2019, 3, 2))
    assert got == [("Saint-Jean-Baptiste Day", "DATE", "2019-06-24")]


def test_a_weekday_apposed_to_the_holiday_it_falls_on() -> None:
    got = dated(
        "Hospitals have treated 31 runners since the first run on Saturday, St. Patrick's Day.",
        date(2018, 3, 20),
    )
    assert got[0] == ("Saturday", "DATE", "2018-03-17")
