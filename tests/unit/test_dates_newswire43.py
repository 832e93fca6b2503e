"""Issue 15, forty-third round: the rules the forty-third newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire43.jsonl``: wire copy of 2006-2019 on
eight new beats, half British or Australian) was written by a helper who had not
seen the rules, committed before any scoring and scored once (value F1 88.4).
The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

MONDAY = date(2017, 4, 10)
FEBRUARY = date(2019, 2, 13)
AUGUST = date(2019, 8, 13)

HALF_YEAR = (
    "The lender reported a 6 per cent rise in first-half profit. Earnings for the six "
    "months to 31 December were up from the prior corresponding period, and the margin "
    "widened from the previous half. The chief executive said the second half had begun "
    "with loan approvals up 3 per cent. The bank will give a third-quarter update in May."
)


def test_every_fortnight_is_a_set_of_two_weeks() -> None:
    text = "Stock at the depots will be topped up every fortnight."
    assert dated(text, MONDAY) == [("every fortnight", "SET", "P2W")]


def test_a_quotation_takes_the_day_of_the_speech_told_just_before_it() -> None:
    text = (
        "The health minister said on Sunday that the first boxes had left the depot. "
        '"The doses will be in pharmacies tomorrow," she said.'
    )
    assert ("tomorrow", "DATE", "2017-04-10") in dated(text, MONDAY)


def test_a_quotation_after_a_sentence_with_no_speech_counts_from_publication() -> None:
    # (a guard: the sentence before must tell of the speech)
    text = (
        "The first boxes left the depot on Sunday. "
        '"The doses will be in pharmacies tomorrow," she said.'
    )
    assert ("tomorrow", "DATE", "2017-04-11") in dated(text, MONDAY)


def test_a_quotation_with_its_own_day_keeps_it() -> None:
    # (a guard: the attribution's own day comes first)
    text = (
        "The minister said on Sunday that the boxes had left. "
        '"They arrive tomorrow," she said on Monday.'
    )
    assert ("tomorrow", "DATE", "2017-04-11") in dated(text, MONDAY)


def test_before_winter_in_a_present_clause_is_the_coming_one() -> None:
    text = "The clinic says every older patient needs a shot before winter."
    assert dated(text, MONDAY) == [("winter", "DATE", "2017-WI")]


def test_before_winter_in_a_past_clause_is_the_one_gone_by() -> None:
    # (a guard: told in the past, the deadline was last winter's)
    text = "The bridge was finished before winter."
    assert dated(text, MONDAY) == [("winter", "DATE", "2016-WI")]


def test_a_first_half_to_december_is_of_a_fiscal_year_to_june() -> None:
    got = dated(HALF_YEAR, FEBRUARY)
    assert ("first-half", "DATE", "FY2019-H1") in got
    assert ("the prior corresponding period", "DATE", "FY2018-H1") in got
    assert ("the previous half", "DATE", "FY2018-H2") in got
    assert ("the second half", "DATE", "FY2019-H2") in got
    assert ("third-quarter", "DATE", "FY2019-Q3") in got


def test_a_first_half_to_june_is_the_calendars() -> None:
    # (a guard: six months to June are the calendar's first half)
    text = (
        "Profit rose 4 per cent in the six months to June 30, its first half. Sales should "
        "pick up in the second half, and third-quarter results come in October."
    )
    got = dated(text, AUGUST)
    assert ("the second half", "DATE", "2019-H2") in got
    assert ("third-quarter", "DATE", "2019-Q3") in got


def test_the_previous_half_outside_a_half_year_report_is_no_date() -> None:
    # (a guard: with no fiscal half read, the words are left alone)
    text = "The striker scored twice, as he had in the previous half."
    assert dated(text, AUGUST) == []
