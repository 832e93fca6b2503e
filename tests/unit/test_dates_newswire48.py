"""Issue 15, forty-eighth round: the rules the forty-eighth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire48.jsonl``: wire copy of 2001-2021 on
eight new beats, three of them British and two Australian) was written by a
helper who had not seen the rules, committed before any scoring and scored once
(value F1 90.2). The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

SUNDAY_MAR = date(2008, 3, 16)
TUESDAY_MAR = date(2001, 3, 6)
WEDNESDAY_FEB = date(2013, 2, 13)
JULY = date(2009, 7, 22)
SEPTEMBER = date(2016, 9, 8)


def test_words_said_at_the_event_count_from_its_day() -> None:
    text = (
        'The home side won the final on Saturday. "Tonight we dance, and tomorrow we '
        'sleep," the captain said after the match.'
    )
    got = dated(text, SUNDAY_MAR)
    assert ("Tonight", "TIME", "2008-03-15TNI") in got
    assert ("tomorrow", "DATE", "2008-03-16") in got


def test_a_quotation_resumed_after_an_attribution_at_the_event() -> None:
    text = (
        'The poet won the prize last night. "I never expected it," Hale said as she '
        'accepted the award. "Tonight belongs to my mother."'
    )
    assert ("Tonight", "TIME", "2008-03-15TNI") in dated(text, SUNDAY_MAR)


def test_a_plain_attribution_is_still_the_day_of_publication() -> None:
    # (a guard: no word that the speaker was at the event)
    text = 'The home side won the final on Saturday. "Tonight we dance," the captain said.'
    assert ("Tonight", "TIME", "2008-03-16TNI") in dated(text, SUNDAY_MAR)


def test_a_small_hours_clock_with_a_zone_crosses_midnight() -> None:
    text = (
        "The levee broke at about 11:40 p.m. Monday. The sheriff ordered an evacuation at "
        "2:10 a.m. MST, and by 5 a.m. the water had reached the school."
    )
    got = dated(text, TUESDAY_MAR)
    assert ("2:10 a.m. MST", "TIME", "2001-03-06T02:10") in got
    assert ("5 a.m.", "TIME", "2001-03-06T05:00") in got


def test_a_negated_past_before_until_reaches_back_eight_words() -> None:
    text = "Staff did not notice the two inmates were gone until a roll call at 6 a.m. Tuesday."
    assert dated(text, WEDNESDAY_FEB) == [("6 a.m. Tuesday", "TIME", "2013-02-12T06:00")]


def test_a_plan_that_had_been_due_is_the_nearest_month() -> None:
    text = "The excavation had been due to end in August, but the team will stay until October."
    got = dated(text, SEPTEMBER)
    assert ("August", "DATE", "2016-08") in got


def test_a_plan_that_had_been_due_may_still_be_ahead() -> None:
    # (a guard: "had been due to" is not read as a lapsed past)
    text = "The company had been due to publish its figures on May 15."
    assert dated(text, date(2013, 4, 8)) == [("May 15", "DATE", "2013-05-15")]


def test_a_plan_told_in_a_month_counts_from_that_month() -> None:
    text = "In April the builder said it would open the bridge in June, but tests ran long."
    got = dated(text, JULY)
    assert ("June", "DATE", "2009-06") in got


def test_a_plan_told_with_will_counts_from_publication() -> None:
    # (a guard: a plan in the present speaks from today)
    text = "In April the builder said it will open the bridge in June."
    assert ("June", "DATE", "2010-06") in dated(text, JULY)


def test_every_half_hour_and_the_past_day() -> None:
    text = "Buses run every half hour, and police have visited 80 farms over the past day."
    assert dated(text, SEPTEMBER) == [
        ("every half hour", "SET", "PT30M"),
        ("the past day", "DURATION", "P1D"),
    ]


def test_years_of_the_era() -> None:
    text = "The coins date from between AD 240 and AD 275; the fort fell in 410 AD."
    assert dated(text, SEPTEMBER) == [
        ("AD 240", "DATE", "0240"),
        ("AD 275", "DATE", "0275"),
        ("410 AD", "DATE", "0410"),
    ]


def test_an_advert_is_no_year() -> None:
    # (a guard: lower-case "ad" is a word)
    assert dated("He bought an ad 30 pages in.", SEPTEMBER) == []


def test_a_decade_later_after_a_decade() -> None:
    text = "The pier was built in the 1890s and rebuilt a decade later."
    assert ("a decade later", "DATE", "190") in dated(text, SEPTEMBER)


def test_first_after_a_possessive_is_inside_the_length() -> None:
    text = "The bridge carried 12,000 cars in its first 24 hours."
    assert dated(text, JULY) == [("first 24 hours", "DURATION", "PT24H")]


def test_seasons_told_from_australia_are_the_souths() -> None:
    text = (
        "SYDNEY - The publisher said on Wednesday it would release a paperback in the "
        "spring and a film tie-in in the autumn."
    )
    got = dated(text, date(2021, 6, 16))
    assert ("the spring", "DATE", "2021-SP") in got
    assert ("the autumn", "DATE", "2022-FA") in got


def test_seasons_told_from_the_north_are_unchanged() -> None:
    # (a guard: the same sentence from London)
    text = (
        "LONDON - The publisher said on Wednesday it would release a paperback in the "
        "spring and a film tie-in in the autumn."
    )
    got = dated(text, date(2021, 6, 16))
    assert ("the spring", "DATE", "2022-SP") in got
    assert ("the autumn", "DATE", "2021-FA") in got
