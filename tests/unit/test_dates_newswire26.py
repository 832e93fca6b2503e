"""Issue 15, twenty-sixth round: the rules the twenty-sixth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire26.jsonl``: English-language press
outside the US and UK, 2011–2014) was written by a helper who had not seen
the rules, committed before any scoring and scored once (value F1 87.2)
before these changes. The sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

TUESDAY = date(2013, 10, 8)


def test_a_span_start_in_a_quote_does_not_move_the_clock_day() -> None:
    text = (
        '"We have had no power since Saturday," a shopkeeper said. Engineers restored '
        "the line at 6 a.m."
    )
    assert dated(text, TUESDAY)[-1] == ("6 a.m.", "TIME", "2013-10-08T06:00")


def test_numeric_dates_follow_the_papers_own_order() -> None:
    day_first = "LAGOS, 8 October - The contract signed on 04/10/2013 was cancelled on 7 October."
    month_first = "HOUSTON, Oct. 8 - The contract signed on 04/10/2013 was cancelled on Oct. 7."
    assert ("04/10/2013", "DATE", "2013-10-04") in dated(day_first, TUESDAY)
    assert ("04/10/2013", "DATE", "2013-04-10") in dated(month_first, TUESDAY)


def test_the_day_a_report_was_made_stays_near_publication() -> None:
    text = "The licence issued on 03/02/2009 was void, the regulator said on October 4."
    assert dated(text, TUESDAY)[-1] == ("October 4", "DATE", "2013-10-04")


def test_a_month_then_last_year_is_that_years_month() -> None:
    # one expression since round 36, as the three fixture writers who met the
    # form marked it ("October of next year", with "of", stays two)
    text = "She joined the board in March last year and will stand down in May next year."
    assert dated(text, TUESDAY) == [
        ("March last year", "DATE", "2012-03"),
        ("May next year", "DATE", "2014-05"),
    ]


def test_results_for_the_year_told_early_in_the_next() -> None:
    published = date(2014, 2, 20)
    said = "For the year, revenue was $2.1 billion."
    planned = "The miner forecast output of 40,000 tonnes for the year."
    assert dated(said, published) == [("the year", "DATE", "2013")]
    assert dated(planned, published) == [("the year", "DATE", "2014")]


def test_a_dividend_record_date_is_ahead() -> None:
    text = (
        "The board declared a dividend of 9 cents, payable May 2 to holders of record on April 11."
    )
    assert dated(text, date(2014, 2, 20)) == [
        ("May 2", "DATE", "2014-05-02"),
        ("April 11", "DATE", "2014-04-11"),
    ]


def test_its_season_report_has_been_published() -> None:
    text = "The agency expects growth of 2 per cent, up from 1.5 per cent in its autumn outlook."
    assert dated(text, date(2013, 4, 10)) == [("autumn", "DATE", "2012-FA")]


def test_a_part_of_the_day_forecast_is_today() -> None:
    text = (
        "The blaze started on Saturday near the river. Strong winds are forecast from late "
        "afternoon."
    )
    assert dated(text, TUESDAY) == [
        ("Saturday", "DATE", "2013-10-05"),
        ("late afternoon", "TIME", "2013-10-08TAF"),
    ]
