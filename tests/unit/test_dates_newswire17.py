"""Issue 15, seventeenth round: the rules the seventeenth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire17.jsonl``: TimeBank-style wire copy,
2011-2014) was written by a helper who had not seen the rules, and scored once
(value F1 93.8, the check after the sixteenth round) before these changes; the
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_following_month_counts_from_the_month_named_last() -> None:
    published = date(2013, 4, 12)
    text = (
        "He must report to prison by May 3. The fraud came to light in June 2008, when an "
        "auditor resigned. The following month, the firm hid its losses. Two years later, "
        "a clerk went to the police."
    )
    assert dated(text, published) == [
        ("May 3", "DATE", "2013-05-03"),
        ("June 2008", "DATE", "2008-06"),
        ("The following month", "DATE", "2008-07"),
        ("Two years later", "DATE", "2010"),
    ]
    # a comparison a year back from a month keeps the month
    assert dated("Exports fell in March from a year earlier.", published) == [
        ("March", "DATE", "2013-03"),
        ("a year earlier", "DATE", "2012-03"),
    ]


def test_a_score_is_no_verb_and_no_infinitive() -> None:
    published = date(2013, 4, 10)  # Wednesday
    assert dated("The bill passed by 210 votes to 180 in the vote Tuesday.", published) == [
        ("Tuesday", "DATE", "2013-04-09")
    ]


def test_the_quarter_is_the_one_the_report_is_about() -> None:
    published = date(2013, 10, 15)
    text = (
        "Sales fell 5 percent in the third quarter from a year earlier. The company will "
        "publish its full results for the quarter on Oct. 30."
    )
    assert dated(text, published) == [
        ("the third quarter", "DATE", "2013-Q3"),
        ("a year earlier", "DATE", "2012-Q3"),
        ("the quarter", "DATE", "2013-Q3"),
        ("Oct. 30", "DATE", "2013-10-30"),
    ]


def test_days_a_week_are_one_set() -> None:
    published = date(2013, 1, 28)
    assert dated("She sang five nights a week in the same club.", published) == [
        ("five nights a week", "SET", "P1W")
    ]
    assert dated("The strike lasted five days, a week ago.", published)[0] == (
        "five days",
        "DURATION",
        "P5D",
    )


def test_the_early_hours_of_a_day() -> None:
    published = date(2011, 11, 16)  # Wednesday
    assert dated("The fire broke out in the early hours of Sunday.", published) == [
        ("the early hours of Sunday", "TIME", "2011-11-13TMO")
    ]


def test_year_to_date() -> None:
    assert dated("The index is up 9 percent year-to-date.", date(2013, 6, 20)) == [
        ("year-to-date", "DATE", "2013")
    ]
