"""Issue 15, sixty-first round: the rules the sixty-first newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire61.jsonl``: eight blind articles of
1987-2024 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 93.6 on
the code after round 60, the same as on the code before rounds 60, 59 and 58.
The sentences below are new ones written for each rule. `newswire62`, the
check after it, scored 90.1 there, as on the code before this round.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_half_whose_results_are_reported_is_the_latest_ended() -> None:
    got = dated("The carmaker will publish its first-half results on Thursday.", date(2011, 8, 1))
    assert got[0] == ("first-half", "DATE", "2011-H1")
    got = dated("Second-half figures are due in February.", date(2012, 1, 10))
    assert got[0] == ("Second-half", "DATE", "2011-H2")


def test_a_bare_half_beside_money_or_a_slowdown_is_the_year_s() -> None:
    got = dated("The airline lost 300 million euros in the first half.", date(2009, 11, 2))
    assert got == [("the first half", "DATE", "2009-H1")]
    got = dated("The slowdown should last through the second half.", date(2009, 3, 2))
    assert got == [("the second half", "DATE", "2009-H2")]
    # guard: a match's half is no date
    assert dated("Rovers scored twice in the second half.", date(2009, 3, 2)) == []


def test_a_year_after_an_said_eighteen_is_a_year() -> None:
    got = dated("The border follows an 1884 treaty between the two crowns.", date(2013, 10, 18))
    assert got == [("1884", "DATE", "1884")]


def test_a_holiday_with_its_day_written_beside_it() -> None:
    got = dated("Sales jumped before Mother's Day on May 10 this year.", date(2015, 6, 2))
    assert got[0] == ("Mother's Day", "DATE", "2015-05-10")
    # without a day written, the second Sunday of May
    got = dated("Florists expect a busy Mother's Day.", date(2015, 4, 20))
    assert got == [("Mother's Day", "DATE", "2015-05-10")]
    got = dated("Florists expect a busy Mother's Day.", date(2016, 4, 20))
    assert got == [("Mother's Day", "DATE", "2016-05-08")]


def test_a_deal_wanted_before_a_holiday_is_before_the_next_one() -> None:
    got = dated("The minister said he wanted an agreement before Christmas.", date(2010, 11, 3))
    assert got == [("Christmas", "DATE", "2010-12-25")]
    # guard: a past holiday without a deadline stays past
    got = dated("The minister said shops were busy at Christmas.", date(2010, 11, 3))
    assert got == [("Christmas", "DATE", "2009-12-25")]


def test_a_meeting_called_for_a_weekday_lies_ahead() -> None:
    got = dated("The mediator called both unions to talks on Tuesday.", date(2010, 11, 4))
    assert got == [("Tuesday", "DATE", "2010-11-09")]
    # guard: a meeting held on a weekday is past
    got = dated("The mediator met both unions on Tuesday.", date(2010, 11, 4))
    assert got == [("Tuesday", "DATE", "2010-11-02")]
