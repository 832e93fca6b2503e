"""Issue 15, forty-seventh round: the rules the forty-seventh newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire47.jsonl``: wire copy of 2002-2020 on
eight new beats) was written by a helper who had not seen the rules, committed
before any scoring and scored once (value F1 95.6). The sentences below are new
ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

FRIDAY_SEP = date(2008, 9, 19)
SATURDAY_AUG = date(2002, 8, 17)
MONDAY_NOV = date(2015, 11, 23)
SUNDAY_APR = date(2010, 4, 11)
WEDNESDAY_JUL = date(2017, 7, 12)


def test_the_end_of_a_day_range_follows_its_start() -> None:
    text = (
        "The dairy expanded its recall on Friday. It said it was withdrawing yoghurts "
        "with use-by dates from Sept. 27 through Oct. 20."
    )
    got = dated(text, FRIDAY_SEP)
    assert ("Sept. 27", "DATE", "2008-09-27") in got
    assert ("Oct. 20", "DATE", "2008-10-20") in got


def test_a_range_told_in_the_past_keeps_both_ends_back() -> None:
    # (a guard: a range that has been, told in the past, stays where it was)
    text = "The road was shut from June 2 to June 20 for resurfacing."
    assert dated(text, FRIDAY_SEP) == [
        ("June 2", "DATE", "2008-06-02"),
        ("June 20", "DATE", "2008-06-20"),
    ]


def test_a_speakers_day_in_an_opening_participle() -> None:
    text = (
        'Speaking to reporters in Leeds on Friday, the chief inspector said: "Tomorrow we '
        'will have more officers on the streets."'
    )
    assert ("Tomorrow", "DATE", "2002-08-17") in dated(text, SATURDAY_AUG)


def test_a_month_after_for_with_no_name_after_it() -> None:
    text = "Staff were told on Friday that they would not be paid for August."
    assert ("August", "DATE", "2002-08") in dated(text, SATURDAY_AUG)


def test_a_name_after_for_is_no_month() -> None:
    # (a guard)
    text = "The part was written for May Ellis, who sang it on Friday."
    assert dated(text, SATURDAY_AUG) == [("Friday", "DATE", "2002-08-16")]


def test_a_verb_after_a_numbered_name_tells_the_tense() -> None:
    text = "The players rest on Monday, and Stage 9 starts at 11 a.m. Tuesday."
    assert ("11 a.m. Tuesday", "TIME", "2015-11-24T11:00") in dated(text, MONDAY_NOV)


def test_a_counted_noun_is_still_no_verb() -> None:
    # (a guard: "by 212 votes to 97" counts votes)
    text = "The motion passed by 212 votes to 97 on Tuesday."
    assert dated(text, MONDAY_NOV) == [("Tuesday", "DATE", "2015-11-17")]


def test_a_winning_time_after_in_is_a_length() -> None:
    text = "The junior crew won the opening heat in 18:52 despite the stream."
    assert dated(text, SUNDAY_APR) == [("18:52", "DURATION", "PT18M52S")]


def test_a_short_time_after_won_in_is_left_alone() -> None:
    # (a guard: "won in 2:08" may be a marathon's hours)
    text = "She won in 2:08 on a cold morning."
    assert ("2:08", "DURATION", "PT2M8S") not in dated(text, SUNDAY_APR)


def test_later_than_planned_is_a_length() -> None:
    text = "The final started at 3.20pm, forty minutes later than planned."
    assert ("forty minutes", "DURATION", "PT40M") in dated(text, SUNDAY_APR)


def test_a_margin_of_a_second() -> None:
    text = '"We missed out by a second in March and that hurt," the coach said.'
    assert ("a second", "DURATION", "PT1S") in dated(text, SUNDAY_APR)


def test_a_second_before_a_noun_is_an_ordinal() -> None:
    # (a guard)
    text = "The result was decided by a second count on Sunday."
    assert dated(text, SUNDAY_APR) == [("Sunday", "DATE", "2010-04-11")]


def test_the_quarter_whose_results_are_still_to_come() -> None:
    text = (
        "Analysts said the fault would barely dent earnings for the second quarter, "
        "which the operator reports on July 26."
    )
    assert ("the second quarter", "DATE", "2017-Q2") in dated(text, WEDNESDAY_JUL)


def test_into_the_afternoon() -> None:
    text = "Crews cleared the last of the debris on Tuesday, working into the afternoon."
    assert ("the afternoon", "TIME", "2017-07-11TAF") in dated(text, WEDNESDAY_JUL)
