"""Issue 15, eighty-sixth round: the rules the eighty-sixth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire86.jsonl``: eight blind articles of
1988-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 94.2 on
the code after round 85, the same as at that session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_before_the_fall_with_a_when_clause_is_the_season() -> None:
    got = dated(
        "Growers do not expect the mills to buy before the fall, when the new crop is picked.",
        date(1991, 4, 9),
    )
    assert got == [("the fall", "DATE", "1991-FA")]


def test_before_the_fall_in_prices_is_the_noun() -> None:
    got = dated("Shares had doubled before the fall in prices.", date(1991, 4, 9))
    assert got == []


def test_a_clock_time_after_at_about_takes_the_part_of_the_day() -> None:
    got = dated("At about 4:20 this afternoon a crane toppled onto the road.", date(1994, 3, 2))
    assert got == [("4:20 this afternoon", "TIME", "1994-03-02T16:20")]


def test_a_clock_time_with_a_part_of_the_day_needs_no_preposition() -> None:
    got = dated("Crews reported the leak 9:40 last night.", date(1994, 3, 2))
    assert got == [("9:40 last night", "TIME", "1994-03-01T21:40")]


def test_a_bare_ratio_is_still_no_time() -> None:
    assert dated("The board approved the split 2:15 and adjourned.", date(1994, 3, 2)) == []


def test_a_weekly_auction_compares_with_the_week_before_and_the_same_week_last_year() -> None:
    got = dated(
        "MOMBASA, Jan 16 (Reuters) - Prices eased at this week's Mombasa sale, brokers said, "
        "with a stronger shilling expected in March.\n"
        "Top grades fetched $2.40 a kg, against $2.55 a week earlier and $2.10 in the same "
        "week last year.",
        date(2003, 1, 16),
    )
    assert ("a week earlier", "DATE", "2003-W02") in got
    assert ("the same week last year", "DATE", "2002-W03") in got


def test_tet_is_the_vietnamese_new_year() -> None:
    got = dated(
        "HANOI, Jan 9 (Reuters) - Garment makers are racing to fill orders before Tet.",
        date(2007, 1, 9),
    )
    assert got[-1] == ("Tet", "DATE", "2007-02-17")


def test_the_tet_offensive_is_a_name() -> None:
    got = dated("The Tet Offensive is taught in every school.", date(2007, 1, 9))
    assert got == []


def test_an_aside_that_runs_past_its_year_does_not_date_the_main_clause() -> None:
    got = dated(
        "The coach, who took over in 2015 with the side in last place, said the players "
        "trained twice a day through June.",
        date(2019, 7, 22),
    )
    assert got[-1] == ("June", "DATE", "2019-06")


def test_a_holiday_apposed_to_its_day_and_the_range_end_after_it() -> None:
    got = dated(
        "ASUNCION, Paraguay (AP) -- The council voted Monday to move the fair from May 15, "
        "Paraguay's Independence Day, to August.",
        date(2018, 5, 2),
    )
    assert got[-2:] == [
        ("Independence Day", "DATE", "2018-05-15"),
        ("August", "DATE", "2018-08"),
    ]
