"""Issue 15, seventy-fifth round: the rules the seventy-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire75.jsonl``: eight blind articles of
1986-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 95.3 on
the code after round 74, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_month_range_in_the_subject_takes_the_tense_of_the_verb_after_it() -> None:
    # "to March" is no infinitive: the past verb after the range decides
    got = dated("Exports from January to March rose 9 percent.", date(2012, 7, 4))
    assert got == [("January", "DATE", "2012-01"), ("March", "DATE", "2012-03")]
    got = dated("Fares from February to May doubled, the airline said.", date(2012, 7, 4))
    assert got[0] == ("February", "DATE", "2012-02")
    # guard: a plan's infinitive still looks ahead
    got = dated("The board voted to cut fares in February.", date(2012, 7, 4))
    assert got == [("February", "DATE", "2013-02")]


def test_a_month_with_its_year_after_a_modifier_is_one_expression() -> None:
    got = dated("The licence lapses at the end of March 2019.", date(2017, 11, 2))
    assert got == [("the end of March 2019", "DATE", "2019-03")]
    got = dated("Work should start in early June 2018.", date(2017, 11, 2))
    assert got == [("early June 2018", "DATE", "2018-06")]
    # guard: without a year the month is still read by tense
    got = dated("The licence will lapse at the end of March.", date(2017, 11, 2))
    assert got == [("the end of March", "DATE", "2018-03")]


def test_orders_for_a_holiday_look_to_the_nearest_one() -> None:
    got = dated("Toy shops had trimmed their orders for Christmas by a fifth.", date(2016, 8, 30))
    assert got == [("Christmas", "DATE", "2016-12-25")]
    # guard: a month's orders reported after it are that month's
    got = dated("Factory orders for March fell 2 percent.", date(2016, 4, 28))
    assert got == [("March", "DATE", "2016-03")]


def test_east_timor_keeps_its_restoration_of_independence_day() -> None:
    got = dated(
        "DILI, East Timor -- Timor-Leste will open the new port before Independence Day.",
        date(2021, 5, 3),
    )
    assert got[-1] == ("Independence Day", "DATE", "2021-05-20")
    # guard: one mention is not enough to move the day from the American one
    got = dated("A Timorese choir will sing on Independence Day.", date(2021, 6, 20))
    assert got == [("Independence Day", "DATE", "2021-07-04")]


def test_a_bare_plural_before_late_or_early_is_a_vague_length() -> None:
    got = dated("The monsoon arrived weeks late and the ferries ran hours behind.", None)
    assert got == [("weeks", "DURATION", "PXW"), ("hours", "DURATION", "PTXH")]
    got = dated("The contractor finished the bridge months early.", None)
    assert got == [("months", "DURATION", "PXM")]


def test_a_countrys_own_figures_keep_the_calendars_halves() -> None:
    text = (
        "The miner's sales fell in the fiscal first quarter, the three months to June 30. "
        "Copper exports rose 7 percent in the first half, customs figures showed."
    )
    got = dated(text, date(2014, 8, 12))
    assert ("the first half", "DATE", "2014-H1") in got
    # guard: the company's own half in a report of fiscal quarters stays fiscal
    text = (
        "The miner's sales fell in the fiscal first quarter, the three months to June 30. "
        "It expects sales to recover in the second half."
    )
    got = dated(text, date(2014, 8, 12))
    assert got[-1] == ("the second half", "DATE", "FY2015-H2")
