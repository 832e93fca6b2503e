"""Issue 15, hundredth round: the rules newswire113 and newswire114 led to.

The fixtures (``tests/fixtures/dates/newswire113.jsonl`` and
``newswire114.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 99:
value F1 95.9 and 96.9 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_an_obligation_that_was_is_past() -> None:
    got = dated("Boats had to be licensed by Jan. 15, officials said.", date(2003, 2, 20))
    assert got[0] == ("Jan. 15", "DATE", "2003-01-15")


def test_still_open_is_a_state_not_a_verb() -> None:
    got = dated(
        "Crowds gathered outside the few pharmacies still open Friday night.", date(1999, 6, 12)
    )
    assert got == [("Friday night", "TIME", "1999-06-11TNI")]


def test_a_participle_shorn() -> None:
    got = dated(
        "Buyers expect the wool shorn in March to be sold by the end of June.",
        date(2001, 4, 10),
    )
    assert got[0] == ("March", "DATE", "2001-03")


def test_the_feast_of_st_john() -> None:
    got = dated("Bars fill up before the feast of St. John.", date(2011, 5, 30))
    assert got == [("feast of St. John", "DATE", "2011-06-24")]


def test_earlier_in_the_week() -> None:
    got = dated(
        "The ferry sailed on Friday after two cancelled crossings earlier in the week.",
        date(2016, 3, 12),
    )
    assert got[-1] == ("earlier in the week", "DATE", "2016-W10")


def test_the_same_period_after_a_span_of_months_is_the_year() -> None:
    got = dated(
        "Shipments fell 6 percent from March through August, compared with the same period "
        "of 2015.",
        date(2016, 9, 20),
    )
    assert got[-1] == ("the same period of 2015", "DATE", "2015")


def test_the_same_week_after_last_week() -> None:
    got = dated(
        "Traders were busy this week. The co-op paid 90 cents a pound last week, against 84 "
        "cents in the same week a year earlier.",
        date(2012, 5, 16),
    )
    assert got[-1] == ("the same week a year earlier", "DATE", "2011-W19")


def test_quarterly_in_the_quarter_unit() -> None:
    got = dated("The board cut the quarterly dividend.", date(1991, 3, 5))
    assert got == [("quarterly", "SET", "P1Q")]
