"""Issue 15, sixty-seventh round: the rules the sixty-seventh newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire67.jsonl``: eight blind articles of
1986-2023 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 96.7 on
the code after round 66, the same as on the code before round 63. The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_independence_days_of_more_countries() -> None:
    got = dated(
        "The parliament of Papua New Guinea will not sit until after Independence Day, "
        "Papua New Guinea's Speaker said.",
        date(2023, 8, 1),
    )
    assert got == [("Independence Day", "DATE", "2023-09-16")]
    # guard: Mexico shares the day, and keeps it
    got = dated("Mexico's Independence Day parade will close streets.", date(2023, 8, 1))
    assert got == [("Independence Day", "DATE", "2023-09-16")]
    got = dated("Shops in Gaborone will shut for Botswana Day.", date(1999, 9, 1))
    assert got == [("Botswana Day", "DATE", "1999-09-30")]
    # guard: the Niger Delta is Nigeria's, not Niger's
    got = dated(
        "Output in the Niger Delta fell. Niger Delta militants met Nigeria's army, and "
        "Nigeria's navy patrolled before Independence Day.",
        date(2012, 9, 3),
    )
    assert got[-1] == ("Independence Day", "DATE", "2012-10-01")


def test_a_morning_told_after_a_late_evening_is_the_next_one() -> None:
    got = dated(
        "Forecasters raised a class 4 warning at 10 p.m. on Thursday. All warnings were "
        "lifted at 11 a.m.",
        date(2002, 2, 22),
    )
    assert got[-1] == ("11 a.m.", "TIME", "2002-02-22T11:00")
    # guard: a morning told as earlier stays on the day
    got = dated(
        "Forecasters raised a class 4 warning at 10 p.m. on Thursday. Earlier, the first "
        "warning was raised at 11 a.m.",
        date(2002, 2, 22),
    )
    assert got[-1] == ("11 a.m.", "TIME", "2002-02-21T11:00")


def test_a_time_a_request_asks_money_for_lies_ahead() -> None:
    got = dated(
        "The minister asked donors for 2.6 million dollars to pay for a second round of "
        "vaccination in November.",
        date(2012, 3, 20),
    )
    assert got == [("November", "DATE", "2012-11")]


def test_a_closing_price_on_a_weekday_has_been() -> None:
    got = dated(
        "The offer is 31 percent above the target's closing price on Wednesday.",
        date(1999, 4, 22),
    )
    assert got == [("Wednesday", "DATE", "1999-04-21")]
    # guard: the verb "close" is no market's close
    got = dated("Schools in the city will close on Friday.", date(1999, 4, 20))
    assert got == [("Friday", "DATE", "1999-04-23")]
