"""Issue 15, eighty-ninth round: the rules newswire91 and newswire92 led to.

The fixtures (``tests/fixtures/dates/newswire91.jsonl`` and
``newswire92.jsonl``: sixteen blind articles of 1986-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 88:
value F1 93.6 and 95.5 (the same at the session's start). The sentences below
are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_nth_weekday_of_a_month_is_one_day() -> None:
    got = dated(
        "The carnival, which opens on the first Saturday of March, is sold out. Voting is "
        "on the last Tuesday in May 2001.",
        date(2001, 1, 17),
    )
    assert got == [
        ("the first Saturday of March", "DATE", "2001-03-03"),
        ("the last Tuesday in May 2001", "DATE", "2001-05-29"),
    ]


def test_nowruz_follows_the_equinox_in_tehran() -> None:
    assert dated("Families travel before Nowruz.", date(2024, 3, 5)) == [
        ("Nowruz", "DATE", "2024-03-20")
    ]
    assert dated("Families travel before Nowruz.", date(2025, 3, 5)) == [
        ("Nowruz", "DATE", "2025-03-21")
    ]


def test_the_day_of_the_telling_after_a_plan_due() -> None:
    got = dated("The bridge is due to open in 2012, an engineer said on Monday.", date(2010, 6, 9))
    assert got[-1] == ("Monday", "DATE", "2010-06-07")


def test_starting_in_a_month_looks_ahead() -> None:
    got = dated(
        "Residents will put their blue and green garden waste carts out every other week "
        "instead of weekly starting in March, after the council voted Monday.",
        date(2016, 10, 12),
    )
    assert ("March", "DATE", "2017-03") in got


def test_a_plan_verb_before_its_day_and_infinitive_is_the_days_verb() -> None:
    got = dated("Dock workers agreed Monday to end their strike.", date(1993, 6, 2))
    assert got == [("Monday", "DATE", "1993-05-31")]


def test_this_fall_told_in_the_past_in_spring_is_this_years() -> None:
    got = dated("Some buyers had hoped for a recovery as early as this fall.", date(1992, 4, 8))
    assert got == [("this fall", "DATE", "1992-FA")]
    got = dated("This summer, whales were seen near the bay.", date(1992, 1, 8))
    assert got == [("This summer", "DATE", "1991-SU")]


def test_a_half_or_quarter_of_calendar_year() -> None:
    got = dated(
        "Orders will not recover before the second half of calendar 1994.", date(1993, 2, 3)
    )
    assert got == [("the second half of calendar 1994", "DATE", "1994-H2")]


def test_the_spring_tides_are_no_season() -> None:
    assert dated("Boats go out at the spring tides.", date(2004, 12, 8)) == []


def test_one_years_fiscal_end_is_dated() -> None:
    got = dated("Prices stay frozen until the fiscal year ends on June 30.", date(2017, 4, 19))
    assert got == [("June 30", "DATE", "2017-06-30")]


def test_more_country_days() -> None:
    cases = [
        ("MAJURO, Marshall Islands (AP) -- Shops close on Constitution Day.", "2017-05-01"),
        ("The market will be closed on Republic Day, the traders said.", "2017-01-26"),
        ("ZANZIBAR, Tanzania -- Zanzibar marks Revolution Day.", "2017-01-12"),
        ("GUADALAJARA, Jalisco -- Guadalajara's bars close for Independence Day.", "2016-09-16"),
    ]
    for text, want in cases:
        assert dated(text, date(2016, 12, 20))[-1][2] == want, text


def test_a_plan_named_with_its_year_is_no_date() -> None:
    got = dated("Oman wants more visitors by 2040 under its Vision 2040 plan.", date(2025, 9, 24))
    assert got == [("2040", "DATE", "2040")]


def test_a_fiscal_quarter_told_as_three_months_ended() -> None:
    got = dated(
        "The toolmaker posted a loss for its fiscal second quarter. For the three months "
        "ended Dec. 31, it lost $2 million, against a profit in the year-earlier period.",
        date(1997, 1, 28),
    )
    assert got[0] == ("fiscal second quarter", "DATE", "FY1997-Q2")
    assert got[-1] == ("the year-earlier period", "DATE", "FY1996-Q2")
