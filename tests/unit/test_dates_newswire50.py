"""Issue 15, fiftieth round: the day of a clock time told through a night.

The round took the clock and night misses of the blind fixtures that came before
it (``newswire36``, ``43``, ``47``, ``48`` and ``49``: counts told into the small
hours, a storm's closures, an outage mended overnight, a drone closure told hour
by hour). ``newswire50``, written blind after round 49, was scored once before
any of it (value F1 97.9); its misses then gave the round's last three rules (a
morning after tonight, the winner's tonight, a season's extent). ``newswire51``
is the check after this round. The sentences below are new ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated, timed


def test_a_night_named_later_does_not_move_an_earlier_morning() -> None:
    # the second pass had kept the last night of the whole text from the first
    text = (
        "The siege began at 5:40 a.m. on Tuesday, when a man with a rifle walked into "
        "the depot. By 6:15 a.m. police had closed the road. Negotiators talked to him "
        "through Tuesday night."
    )
    assert ("6:15 a.m.", "TIME", "2013-03-12T06:15") in timed(text, date(2013, 3, 13))


def test_midnight_ends_its_day_for_the_small_hours_after_it() -> None:
    text = (
        "Counting began shortly before midnight on Thursday. The first result came at "
        "2.50am, and the last at 6.10am."
    )
    assert timed(text, date(2014, 5, 23)) == [
        ("midnight on Thursday", "TIME", "2014-05-22T24:00"),
        ("2.50am", "TIME", "2014-05-23T02:50"),
        ("6.10am", "TIME", "2014-05-23T06:10"),
    ]


def test_the_small_hours_of_a_day_called_early() -> None:
    text = (
        "The senate passed the bill early Friday after a debate that began on Thursday "
        "afternoon. The vote came at 1:50 a.m."
    )
    assert ("1:50 a.m.", "TIME", "2011-06-24T01:50") in timed(text, date(2011, 6, 24))


def test_without_early_the_small_hours_stay_on_the_day_named() -> None:
    # (a guard: nothing says the debate ran past midnight)
    text = "The senate debated the bill on Thursday afternoon. The vote came at 1:50 a.m."
    assert ("1:50 a.m.", "TIME", "2011-06-23T01:50") in timed(text, date(2011, 6, 24))


def test_a_past_morning_after_an_evening_is_the_next_day() -> None:
    text = "The club agreed terms with the winger on Monday evening, and he flew in at 9.15am."
    assert ("9.15am", "TIME", "2015-08-11T09:15") in timed(text, date(2015, 8, 11))


def test_a_planned_morning_after_a_planned_night_is_the_next_day() -> None:
    text = "Crews will close the bridge on Saturday night. The parade starts at 9 a.m."
    assert ("9 a.m.", "TIME", "2016-09-18T09:00") in timed(text, date(2016, 9, 15))


def test_a_plans_morning_after_a_night_past_is_not_moved() -> None:
    # (a guard: the vote was on Tuesday night; the lessons' hour is no morning after it)
    text = (
        "The board voted for later school hours on Tuesday night. Lessons will begin at 8:40 a.m."
    )
    assert ("8:40 a.m.", "TIME", "2014-03-11T08:40") in timed(text, date(2014, 3, 12))


def test_the_night_between_late_and_early_days() -> None:
    text = (
        "Trains were halted late Monday, and services due to leave early Tuesday were "
        "cancelled. Engineers worked overnight, and the line reopened at 10.20am."
    )
    assert timed(text, date(2018, 10, 17)) == [
        ("overnight", "TIME", "2018-10-15TNI"),
        ("10.20am", "TIME", "2018-10-16T10:20"),
    ]


def test_the_night_before_a_day_in_a_pluperfect_clause() -> None:
    text = "The final kicked off at 2 p.m. on Sunday in bright sun, which had dried the pitch overnight."
    assert ("overnight", "TIME", "2016-04-30TNI") in timed(text, date(2016, 5, 3))


def test_a_reported_pluperfect_is_the_telling_past() -> None:
    # (a guard: "had" in reported speech is the simple past moved back)
    text = "A spokesman said on Sunday that rebels had shelled the town overnight."
    assert timed(text, date(2016, 5, 3)) == [("overnight", "TIME", "2016-05-02TNI")]


def test_noon_goes_on_from_the_day_the_night_crossed_into() -> None:
    text = (
        "The worst gusts came between 11 p.m. Monday and 3 a.m., and power was back "
        "in most homes by 9 a.m. As of noon, 2,000 people were still in shelters."
    )
    assert ("noon", "TIME", "2011-03-15T12:00") in timed(text, date(2011, 3, 16))


def test_dawn_after_the_small_hours_is_that_days() -> None:
    # round 18's rule did not run: dawn was read in the first pass, before any clock
    text = (
        "Fire crews reached the burning barn at 11:40 p.m. on Sunday, and the roof "
        "fell in shortly after 1 a.m. By dawn only the walls stood."
    )
    assert ("dawn", "TIME", "2004-02-09TMO") in timed(text, date(2004, 2, 10))


def test_dusk_of_the_day_named_stays_there() -> None:
    # (a guard: no night was crossed)
    text = "The roof fell in at 4 p.m. Monday. By dusk only the walls stood."
    assert ("dusk", "TIME", "2004-02-09TEV") in timed(text, date(2004, 2, 10))


def test_the_following_morning_after_a_small_hours_clock_is_that_days() -> None:
    text = (
        "Paramedics pronounced her dead at 12.40am on 15 February. He was arrested "
        "the following morning at a friend's house."
    )
    assert ("the following morning", "TIME", "2014-02-15TMO") in timed(text, date(2014, 11, 21))


def test_the_afternoon_after_a_crossing_is_the_next_days() -> None:
    text = (
        "The payment system failed at 10:50 p.m. on Monday. Engineers had it running "
        "by 2:40 a.m. and checked every till by 9:15 a.m., though some shops reported "
        "problems into the afternoon."
    )
    assert ("the afternoon", "TIME", "2019-05-21TAF") in timed(text, date(2019, 5, 22))


def test_a_morning_after_tonight_is_still_today() -> None:
    # (a guard, from newswire50's check: the morning after a planned night moves
    # only when that night is after the day of publication)
    text = (
        "The men will spend tonight in hospital. The rescue chief, who will brief "
        "reporters at 10.30am, praised the crews."
    )
    assert ("10.30am", "TIME", "2006-10-19T10:30") in timed(text, date(2006, 10, 19))


def test_the_winners_tonight_in_a_report_of_the_win() -> None:
    text = (
        "Aoife Brennan won the national chess title in Galway on Sunday, beating the "
        'holder in 61 moves. "I will sleep well tonight," Brennan said.'
    )
    assert ("tonight", "TIME", "2019-03-10TNI") in timed(text, date(2019, 3, 11))


def test_tonight_in_a_report_of_no_win_is_publication_night() -> None:
    # (a guard)
    text = (
        "The council approved the budget in Galway on Sunday after a long debate. "
        '"We meet again tonight," the mayor said.'
    )
    assert ("tonight", "TIME", "2019-03-11TNI") in timed(text, date(2019, 3, 11))


def test_a_season_of_two_years_keeps_its_noun_and_the() -> None:
    text = "She retired after the 2017-18 season and coached through the 2019-20 school year."
    assert dated(text, date(2021, 1, 5)) == [
        ("the 2017-18 season", "DATE", "2017"),
        ("the 2019-20 school year", "DATE", "2019"),
    ]
