"""Issue 15, twenty-fourth and twenty-fifth rounds: the rules two blind fixtures led to.

``tests/fixtures/dates/newswire24.jsonl`` (broadcast transcripts and wire copy,
1997–2013) and ``newswire25.jsonl`` (TempEval-3-style wire copy of 2013) were
written by helpers who had not seen the rules, committed before any scoring
and scored once (value F1 80.6 and 93.6) before these changes. The sentences
below are new ones written for each rule, not the fixtures'.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

MONDAY = date(2014, 3, 10)


def test_clock_times_as_they_are_said() -> None:
    text = (
        "Good morning, it's eight o'clock. The ferry sailed at half past six and docked "
        "at a quarter to ten. The harbour office opens at twenty past nine."
    )
    assert dated(text, MONDAY) == [
        ("eight o'clock", "TIME", "2014-03-10T08:00"),
        ("half past six", "TIME", "2014-03-10T18:30"),
        ("a quarter to ten", "TIME", "2014-03-10T09:45"),
        ("twenty past nine", "TIME", "2014-03-10T09:20"),
    ]


def test_a_spoken_hour_takes_its_part_of_the_day() -> None:
    text = (
        "Winds rose from about ten last night until four this morning. A curfew runs "
        "from nine tonight until five tomorrow morning, and the next update is at six p.m."
    )
    assert dated(text, MONDAY) == [
        ("ten last night", "TIME", "2014-03-09T22:00"),
        ("four this morning", "TIME", "2014-03-10T04:00"),
        ("nine tonight", "TIME", "2014-03-10T21:00"),
        ("five tomorrow morning", "TIME", "2014-03-11T05:00"),
        ("six p.m.", "TIME", "2014-03-11T18:00"),
    ]


def test_counts_are_not_spoken_clock_times() -> None:
    text = (
        "Between five to ten people were hurt, and she has one this morning. "
        "Turnout rose from one to two."
    )
    assert dated(text, MONDAY) == [("this morning", "TIME", "2014-03-10TMO")]


def test_years_as_they_are_said() -> None:
    text = (
        "The mill closed in nineteen eighty-six, reopened in two thousand and one, and "
        "changed hands in twenty twelve. Nineteen ninety people signed the petition."
    )
    assert dated(text, MONDAY) == [
        ("nineteen eighty-six", "DATE", "1986"),
        ("two thousand and one", "DATE", "2001"),
        ("twenty twelve", "DATE", "2012"),
    ]


def test_days_as_they_are_said() -> None:
    text = (
        "Rents rose on the first of February. The vote is on Thursday the thirteenth, and "
        "the hall was opened on the second of June, nineteen ninety-eight. Council sits "
        "again on the twenty-fourth. It was the third of five rounds."
    )
    assert dated(text, MONDAY) == [
        ("the first of February", "DATE", "2014-02-01"),
        ("Thursday the thirteenth", "DATE", "2014-03-13"),
        ("the second of June, nineteen ninety-eight", "DATE", "1998-06-02"),
        ("the twenty-fourth", "DATE", "2014-03-24"),
    ]


def test_a_weekday_then_an_ordinal_noun_is_no_date() -> None:
    text = "The firm showed on Tuesday the first model of its new range."
    assert dated(text, MONDAY) == [("Tuesday", "DATE", "2014-03-04")]


def test_a_short_while_ago_and_a_week_on_thursday() -> None:
    text = (
        "The jury returned a short while ago. Sentencing is set for a week on Wednesday, "
        "and appeals close on Friday week."
    )
    assert dated(text, MONDAY) == [
        ("a short while ago", "DATE", "PAST_REF"),
        ("a week on Wednesday", "DATE", "2014-03-19"),
        ("Friday week", "DATE", "2014-03-21"),
    ]


def test_the_same_week_is_the_week_of_the_story() -> None:
    text = "A rival bid for the mill on March 3. A third buyer came forward the same week."
    assert dated(text, MONDAY) == [
        ("March 3", "DATE", "2014-03-03"),
        ("the same week", "DATE", "2014-W10"),
    ]


def test_a_period_compared_with_does_not_move_the_story() -> None:
    text = (
        "Output rose 0.8 percent in the third quarter from the previous quarter and "
        "2.1 percent from a year earlier."
    )
    assert dated(text, date(2013, 11, 14)) == [
        ("the third quarter", "DATE", "2013-Q3"),
        ("the previous quarter", "DATE", "2013-Q2"),
        ("a year earlier", "DATE", "2012-Q3"),
    ]


def test_a_span_start_does_not_set_the_year_of_what_follows() -> None:
    text = (
        "Orders fell, the first drop since the second quarter of 2009. The group said it "
        "would shut two depots over the next year, most of them in Wales, and book costs "
        "in the third quarter."
    )
    got = dated(text, date(2013, 5, 2))
    assert ("the third quarter", "DATE", "2013-Q3") in got


def test_that_month_is_in_the_year_told() -> None:
    text = "The mayor took office in the spring of 2009 and quit that November."
    assert dated(text, date(2013, 5, 2)) == [
        ("the spring of 2009", "DATE", "2009-SP"),
        ("November", "DATE", "2009-11"),
    ]


def test_a_reporting_aside_is_not_the_clause_verb() -> None:
    text = (
        "A review will be published in Cardiff, the minister said, with a second one in February."
    )
    assert dated(text, date(2013, 11, 20)) == [("February", "DATE", "2014-02")]


def test_followed_by_goes_on_from_the_day_named() -> None:
    text = "The first hearing is on Jan. 14, followed by the full trial in April."
    assert dated(text, date(2013, 12, 20)) == [
        ("Jan. 14", "DATE", "2014-01-14"),
        ("April", "DATE", "2014-04"),
    ]


def test_the_start_of_the_year_has_begun_whatever_the_tense() -> None:
    text = "LIMA, Feb 2 (Wire) - Floods have forced 4,000 from their homes since the start of the year."
    assert dated(text, date(2013, 2, 2))[-1] == ("the start of the year", "DATE", "2013")


def test_a_fortnight_ahead_or_back_is_a_stretch() -> None:
    text = "Inspectors will visit over the next fortnight, after a quiet past fortnight."
    assert dated(text, MONDAY) == [
        ("the next fortnight", "DURATION", "P2W"),
        ("past fortnight", "DURATION", "P2W"),
    ]


def test_a_month_as_the_subject() -> None:
    text = '"August was the wettest on record," the farmer said.'
    assert dated(text, date(2013, 10, 2)) == [("August", "DATE", "2013-08")]


def test_the_end_of_a_weekday_range_a_week_ahead() -> None:
    text = "The summit opens next Tuesday. Committees will meet from Tuesday to Thursday."
    assert dated(text, date(2013, 11, 19)) == [
        ("next Tuesday", "DATE", "2013-11-26"),
        ("Tuesday", "DATE", "2013-11-26"),
        ("Thursday", "DATE", "2013-11-28"),
    ]
