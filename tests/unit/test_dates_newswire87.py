"""Issue 15, eighty-seventh round: the rules newswire87 and newswire88 led to.

The fixtures (``tests/fixtures/dates/newswire87.jsonl`` and
``newswire88.jsonl``: sixteen blind articles of 1987-2026 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 86:
value F1 94.8 and 97.8, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_clock_without_a_half_goes_on_into_the_afternoon() -> None:
    got = dated(
        "The ferry was due to sail at 11:30, but at 11:10 the harbour master held it until "
        "2 p.m. At 1:50 came a second hold, to 4:15, and it finally left at 4:40.",
        date(2011, 9, 14),
    )
    assert ("4:15", "TIME", "2011-09-14T16:15") in got
    assert ("4:40", "TIME", "2011-09-14T16:40") in got


def test_a_night_that_crosses_midnight_still_crosses() -> None:
    got = dated(
        "The count began at 9 p.m. Tuesday and the result came at 2:15.",
        date(2011, 9, 14),
    )
    assert got[-1] == ("2:15", "TIME", "2011-09-14T02:15")


def test_clock_times_told_after_tomorrows_first_one_stay_on_tomorrow() -> None:
    got = dated(
        "What happens tomorrow? The gates open at 8 o'clock and the first heat starts at "
        "9:45. If the track is still waterlogged at noon, the meeting will be abandoned.",
        date(2015, 4, 10),
    )
    assert got[-2:] == [
        ("9:45", "TIME", "2015-04-11T09:45"),
        ("noon", "TIME", "2015-04-11T12:00"),
    ]


def test_a_past_clause_keeps_the_clock_on_the_day_told() -> None:
    got = dated(
        "The march starts at 9 a.m. tomorrow. Police closed the square at 10:30.",
        date(2015, 4, 10),
    )
    assert got[-1] == ("10:30", "TIME", "2015-04-10T10:30")


def test_put_back_to_a_weekday_looks_ahead() -> None:
    got = dated("Fog puts island regatta back to Sunday", date(2009, 7, 9))
    assert got == [("Sunday", "DATE", "2009-07-12")]


def test_the_party_daily_is_a_newspaper() -> None:
    assert dated("The party daily Pravda reported the harvest.", date(1988, 9, 1)) == []
    assert dated("Buses run daily except Sunday.", date(1988, 9, 1))[0][2] == "P1D"


def test_the_year_earlier_period_after_days_inside_a_fiscal_quarter() -> None:
    got = dated(
        "The brewer lost $2 million in its fiscal second quarter, after a strike between "
        "Christmas and New Year's Day. In the year-earlier period it earned $1 million.",
        date(1990, 2, 20),
    )
    quarter = got[0]
    assert quarter[0] == "fiscal second quarter" and quarter[2].startswith("FY")
    year_before = f"FY{int(quarter[2][2:6]) - 1}-Q2"
    assert got[-1] == ("the year-earlier period", "DATE", year_before)


def test_flag_day_is_the_countrys() -> None:
    got = dated(
        "BUENOS AIRES, Argentina (AP) -- Argentina's banks will close on Flag Day.",
        date(2004, 6, 2),
    )
    assert got[-1] == ("Flag Day", "DATE", "2004-06-20")
    assert dated("Parades are planned for Flag Day.", date(2004, 6, 2)) == [
        ("Flag Day", "DATE", "2004-06-14")
    ]


def test_picnic_day_is_the_first_monday_of_august() -> None:
    got = dated("DARWIN: The show closes before Picnic Day.", date(2003, 7, 21))
    assert got == [("Picnic Day", "DATE", "2003-08-04")]


def test_more_independence_days_by_country_and_capital() -> None:
    cases = [
        ("CONAKRY, Guinea (Reuters) - Guinea's miners will rest on Independence Day.", "10-02"),
        ("APIA, Samoa (AP) -- Samoa's ferries will be full for Independence Day.", "06-01"),
        ("MASERU, Lesotho (AP) -- Lesotho's king will speak on Independence Day.", "10-04"),
        (
            "BISSAU, Guinea-Bissau (Reuters) - Guinea-Bissau plans a parade for Independence Day.",
            "09-24",
        ),
    ]
    for text, day in cases:
        got = dated(text, date(2010, 5, 3))
        assert got[-1] == ("Independence Day", "DATE", f"2010-{day}"), text


def test_a_first_name_or_a_us_town_is_no_country() -> None:
    cases = [
        "Coach Chad Miller said Chad Miller's team will march on Independence Day.",
        "ATHENS, Ga. (AP) -- Athens will close Main Street for Independence Day.",
        "MINEOLA, N.Y. (AP) -- Nassau County and Nassau's towns plan Independence Day parades.",
        "PAGO PAGO, American Samoa (AP) -- American Samoa's bands rehearse for Independence Day.",
    ]
    for text in cases:
        got = dated(text, date(2010, 6, 20))
        assert got[-1] == ("Independence Day", "DATE", "2010-07-04"), text
