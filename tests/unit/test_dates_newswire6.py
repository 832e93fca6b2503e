"""Issue 15, eighth round: the rules the sixth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire6.jsonl``) was written by a helper
who had not seen the rules, in the style of the TimeML news corpora, and scored
once before any of these changes; the sentences below are new ones written for
each rule, not the fixture's.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_clock_before_its_day_ends_no_sentence() -> None:
    tuesday = date(2023, 7, 18)
    # "a.m. Friday": the clause's "will" still reaches the day, which is ahead
    assert dated("The ban will lift at 8 a.m. Friday, officials said.", tuesday) == [
        ("8 a.m. Friday", "TIME", "2023-07-21T08:00")
    ]
    # a clock that does end a sentence still ends it
    assert dated("Polls closed at 9 p.m. The count begins on Friday.", tuesday) == [
        ("9 p.m.", "TIME", "2023-07-18T21:00"),
        ("Friday", "DATE", "2023-07-21"),
    ]


def test_a_payment_date_is_ahead_of_the_declaration() -> None:
    published = date(2002, 8, 29)
    text = "The board declared a dividend of 9 cents, payable Oct. 1 to holders of record."
    assert dated(text, published) == [("Oct. 1", "DATE", "2002-10-01")]


def test_within_days_of_an_event_is_a_vague_length() -> None:
    published = date(2025, 3, 13)
    assert dated("Rivals copied the design within weeks of its launch.", published) == [
        ("weeks", "DURATION", "PXW")
    ]
    # a quantity is still none
    assert dated("The archive has years of recordings.", published) == []


def test_a_holiday_in_a_named_week_or_year_is_that_one() -> None:
    friday = date(2024, 11, 22)
    assert ("Thanksgiving", "DATE", "2024-11-28") in dated(
        "Volumes were thin before next week's Thanksgiving break.", friday
    )
    assert ("Christmas", "DATE", "2023-12-25") in dated(
        "Toy sales are tracking last year's Christmas peak.", friday
    )


def test_a_market_report_ends_its_own_week() -> None:
    friday = date(2024, 11, 22)
    assert dated("Oil finished the week 3% lower.", friday) == [("the week", "DATE", "2024-W47")]
    # the year just ended, told in January
    assert dated("The index closed the year up 12%.", date(2025, 1, 3)) == [
        ("the year", "DATE", "2024")
    ]


def test_the_year_ago_period_of_a_quarter_is_that_quarter() -> None:
    published = date(1999, 1, 21)
    text = (
        "Profit in the quarter that ended Dec. 31 rose 8%. Sales were flat against the "
        "year-ago period."
    )
    assert ("the year-ago period", "DATE", "1997-Q4") in dated(text, published)


def test_the_same_period_of_a_named_year() -> None:
    published = date(2001, 6, 14)
    text = "Imports fell 3% in the second quarter from the same period of 1999."
    assert dated(text, published) == [
        ("the second quarter", "DATE", "2001-Q2"),
        ("the same period of 1999", "DATE", "1999-Q2"),
    ]
