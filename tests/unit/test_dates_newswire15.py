"""Issue 15, fifteenth round: the rules the fifteenth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire15.jsonl``: international wire copy,
2010-2013) was written by a helper who had not seen the rules, and scored once
(value F1 93.8, the check after the fourteenth round) before these changes; the
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_previous_quarter_is_next_to_the_quarter_named() -> None:
    published = date(2012, 5, 9)
    assert dated("Output rose in the first quarter from the previous quarter.", published) == [
        ("the first quarter", "DATE", "2012-Q1"),
        ("the previous quarter", "DATE", "2011-Q4"),
    ]


def test_a_quarter_point_is_a_share() -> None:
    published = date(2012, 5, 9)
    assert dated("The bank cut its rate by a quarter point.", published) == []
    assert dated("Rates fell three quarter points in a year.", published) == [
        ("a year", "DURATION", "P1Y")
    ]


def test_until_after_a_verb_of_lasting_is_a_day_gone() -> None:
    published = date(2012, 10, 15)  # Monday
    assert dated("The pass remained closed until Thursday, police said.", published) == [
        ("Thursday", "DATE", "2012-10-11")
    ]
    # without one, "until" looks ahead
    assert dated("The pass will stay closed until Thursday.", published) == [
        ("Thursday", "DATE", "2012-10-18")
    ]
    assert dated("Talks were suspended until Thursday.", published) == [
        ("Thursday", "DATE", "2012-10-18")
    ]


def test_the_second_day_of_a_pair_is_a_date_of_its_own() -> None:
    published = date(2012, 10, 15)
    assert dated("Envoys will meet on November 6 and 7.", published) == [
        ("November 6", "DATE", "2012-11-06"),
        ("7", "DATE", "2012-11-07"),
    ]
    assert dated("The fair runs from November 6 to 9, organisers said.", published) == [
        ("November 6", "DATE", "2012-11-06"),
        ("9", "DATE", "2012-11-09"),
    ]
    # a count after the pair, or a percentage, is no day
    assert dated("On October 6 and 7 people were hurt.", published) == [
        ("October 6", "DATE", "2012-10-06")
    ]


def test_a_date_being_fixed_lies_ahead() -> None:
    published = date(2012, 10, 15)
    assert dated("The premier called a referendum for February 10.", published) == [
        ("February 10", "DATE", "2013-02-10")
    ]
    assert dated("Referendum called for February", published) == [("February", "DATE", "2013-02")]
    assert dated("The premier resigned in February.", published) == [
        ("February", "DATE", "2012-02")
    ]


def test_a_quarter_named_by_its_last_month() -> None:
    published = date(2012, 10, 15)
    assert dated("Copper output fell in the June quarter.", published) == [
        ("the June quarter", "DATE", "2012-Q2")
    ]
    assert dated("The miner expects a profit in the March quarter.", published) == [
        ("the March quarter", "DATE", "2013-Q1")
    ]
