"""Issue 15, ninety-fifth round: the rules newswire103 and newswire104 led to.

The fixtures (``tests/fixtures/dates/newswire103.jsonl`` and
``newswire104.jsonl``: sixteen blind articles of 1985-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 94:
value F1 94.2 and 97.7 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_year_in_a_since_clause_does_not_date_the_sentence() -> None:
    got = dated(
        "Competition has been fierce since the market was opened in 1981, she said, and "
        "bookings fell 4% in May from a year earlier.",
        date(1986, 6, 18),
    )
    assert ("May", "DATE", "1986-05") in got
    assert got[-1] == ("a year earlier", "DATE", "1985-05")


def test_a_year_written_before_a_quarter_or_half() -> None:
    got = dated(
        "Net income was $2 million, against $3 million in the 1986 second quarter and a "
        "loss in the 1986 first half.",
        date(1987, 7, 29),
    )
    assert got == [
        ("the 1986 second quarter", "DATE", "1986-Q2"),
        ("the 1986 first half", "DATE", "1986-H1"),
    ]


def test_ahead_of_a_weekday_in_a_past_clause_is_the_nearest() -> None:
    # told on a Wednesday: the Thursday after it, not the one before
    got = dated("Shops were crowded ahead of Thursday's public holiday.", date(2014, 3, 19))
    assert got == [("Thursday", "DATE", "2014-03-20")]
    # told on a Monday: the Friday just gone
    got = dated("Stocks rose last week ahead of Friday's jobs report.", date(2014, 3, 17))
    assert got[-1] == ("Friday", "DATE", "2014-03-14")


def test_a_half_ahead_after_a_forecast_or_a_deadline() -> None:
    got = dated(
        "The president said yesterday that second-half sales should recover.",
        date(1991, 9, 12),
    )
    assert got[-1] == ("second-half", "DATE", "1991-H2")
    got = dated("No one expects sales to recover before the second half.", date(2004, 2, 5))
    assert got == [("the second half", "DATE", "2004-H2")]
    # a half's figures reported, with no forecast: the last one ended
    got = dated("It will publish second-half results next month.", date(1991, 2, 12))
    assert got[0] == ("second-half", "DATE", "1990-H2")


def test_a_promise_told_after_the_time_it_was_made() -> None:
    got = dated("In May, the minister promised a review of fares.", date(2008, 7, 9))
    assert got == [("May", "DATE", "2008-05")]
    # what is promised, told after the promise, still lies ahead
    got = dated("The minister promised a review of fares in May.", date(2008, 7, 9))
    assert got == [("May", "DATE", "2009-05")]


def test_had_fallen_to_a_level_by_a_weekday() -> None:
    got = dated("Waiting times had fallen to under an hour by Monday.", date(1990, 5, 16))
    assert got[-1] == ("Monday", "DATE", "1990-05-14")


def test_navy_portugal_azores_and_king_days() -> None:
    got = dated("VERACRUZ, Mexico (AP) -- Sailors will parade on Navy Day.", date(1994, 5, 25))
    assert got[-1] == ("Navy Day", "DATE", "1994-06-01")
    assert dated("Sailors will parade on Navy Day.", date(1994, 5, 25)) == []
    got = dated(
        "Farmers will march on Portugal Day, as they did on Azores Day.",
        date(2017, 5, 3),
    )
    assert ("Portugal Day", "DATE", "2017-06-10") in got
    assert ("Azores Day", "DATE", "2016-05-16") in got  # (the one gone)
    got = dated("Markets close for Martin Luther King Jr. Day.", date(2010, 1, 12))
    assert got == [("Martin Luther King Jr. Day", "DATE", "2010-01-18")]
