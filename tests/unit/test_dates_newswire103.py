"""Issue 15, hundred-and-third round: the rules newswire119 and newswire120 led to.

The fixtures (``tests/fixtures/dates/newswire119.jsonl`` and
``newswire120.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 102:
value F1 92.5 and 97.2 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_an_orders_deadline_after_the_day_it_was_given() -> None:
    got = dated(
        "Crews found the shell last Thursday, and police ordered everyone nearby to leave "
        "by 7 a.m. Sunday.",
        date(2014, 3, 17),  # a Monday
    )
    assert got[-1] == ("7 a.m. Sunday", "TIME", "2014-03-16T07:00")


def test_a_charge_in_the_quarter_just_ended() -> None:
    got = dated(
        "The company said yesterday that it will take a charge of $20 million in the fourth "
        "quarter.",
        date(1996, 1, 24),
    )
    assert got[-1] == ("the fourth quarter", "DATE", "1995-Q4")
    # months later the fourth quarter ahead is this year's
    got = dated(
        "The company said it will take a charge of $20 million in the fourth quarter.",
        date(1996, 5, 24),
    )
    assert got[-1] == ("the fourth quarter", "DATE", "1996-Q4")


def test_a_period_starting_on_a_day_with_no_verb_of_its_own() -> None:
    got = dated(
        "The ministry said it would lower the cap on imports of frozen beef from Brazil to "
        "40,000 tonnes for the 12 months starting Oct. 1.",
        date(2016, 2, 24),
    )
    assert got[-1] == ("Oct. 1", "DATE", "2016-10-01")


def test_last_year_after_a_written_year_carries_the_story_on() -> None:
    got = dated(
        "The port first sought bids in 2004 but shelved the plan last year, and bids were "
        "reopened in October.",
        date(2006, 2, 9),
    )
    assert got[-1] == ("October", "DATE", "2005-10")


def test_a_forecast_with_its_subject_and_time() -> None:
    got = dated(
        "The bank now sees growth of 2 percent, down from the 2.5 percent it forecast in July.",
        date(2013, 2, 12),
    )
    assert got[-1] == ("July", "DATE", "2012-07")


def test_midsummer_eve_in_a_nordic_story_and_lebaran() -> None:
    got = dated("HELSINKI -- Shops close early on Midsummer Eve.", date(2010, 6, 1))
    assert got[-1] == ("Midsummer Eve", "DATE", "2010-06-25")
    assert dated("Shops close early on Midsummer Eve.", date(2010, 6, 1)) == []
    got = dated("JAKARTA -- Millions travel home for Lebaran.", date(2010, 8, 30))
    assert got[-1][:2] == ("Lebaran", "DATE")
    assert got[-1][2].startswith("2010-09-")
