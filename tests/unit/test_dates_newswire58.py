"""Issue 15, fifty-eighth round: the rules the fifty-eighth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire58.jsonl``: eight blind articles of
1989-2022 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 91.7 on
the code after round 57 (90.6 before round 54). The sentences below are new
ones written for each rule. `newswire59`, the check after it, scored 97.1
there (96.4 on the code before this round).
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_fiscal_year_written_as_two_years_is_named_by_the_year_it_ends_in() -> None:
    published = date(1991, 6, 4)
    assert dated("The shortfall for the 1990-91 financial year will top 3 billion.", published) == [
        ("the 1990-91 financial year", "DATE", "FY1991")
    ]
    # a named fiscal year with two years names the bare "fiscal year" after it too
    got = dated("Fiscal 2014-15 sales rose. The fiscal year was weak.", date(2015, 5, 1))
    assert got == [("Fiscal 2014-15", "DATE", "FY2015"), ("The fiscal year", "DATE", "FY2015")]


def test_the_previous_year_after_a_fiscal_year_is_the_fiscal_year_before() -> None:
    got = dated(
        "The council spent 40 million in fiscal 2012, up from 35 million in the previous year.",
        date(2012, 9, 1),
    )
    assert got == [("fiscal 2012", "DATE", "FY2012"), ("the previous year", "DATE", "FY2011")]
    # guard: after a calendar year it stays the calendar's
    got = dated("Sales rose in 2012, up from the previous year.", date(2013, 2, 1))
    assert got[-1] == ("the previous year", "DATE", "2011")


def test_a_month_quarter_without_the_and_with_its_year() -> None:
    published = date(1994, 8, 30)
    assert dated("Jobless rate falls in June quarter", published) == [
        ("June quarter", "DATE", "1994-Q2")
    ]
    assert dated("It was the weakest since the September quarter of 1991.", published) == [
        ("the September quarter of 1991", "DATE", "1991-Q3")
    ]
    # guard: a month's own name in lower case, and a quarter-point, are no quarter
    assert dated("A June quarter-point cut was priced in.", published)[0][0] == "June"


def test_a_fiscal_quarter_takes_its_year_from_the_three_months_named_after_it() -> None:
    got = dated(
        "The Pune software house said profit rose in its fiscal third quarter. It earned "
        "2 billion rupees in the three months to Dec. 31.",
        date(2011, 1, 20),
    )
    # a year to March: the quarter to December 2010 is in fiscal 2011
    assert got[0] == ("fiscal third quarter", "DATE", "FY2011-Q3")


def test_the_fiscal_year_is_the_latest_named_before_it() -> None:
    got = dated(
        "Profit rose in fiscal 2010. The group expects growth in fiscal 2011, and "
        "hiring should pick up in the second half of the fiscal year.",
        date(2010, 5, 6),
    )
    assert got[-1] == ("the second half of the fiscal year", "DATE", "FY2011-H2")
    # guard: a past fiscal year told after the current one does not move it
    got = dated(
        "It raised its fiscal 2011 forecast after taking in 3 billion in fiscal 2010. "
        "Growth would slow in the second half of the fiscal year.",
        date(2010, 11, 4),
    )
    assert got[-1] == ("the second half of the fiscal year", "DATE", "FY2011-H2")


def test_an_event_ahead_of_which_prices_moved_is_the_next_one() -> None:
    got = dated("The shares rose ahead of its general meeting on April 3.", date(2003, 3, 14))
    assert got == [("April 3", "DATE", "2003-04-03")]
    # guard: without "ahead of", a past clause's day is the last one
    assert dated("The shares rose on April 3.", date(2003, 3, 14)) == [
        ("April 3", "DATE", "2002-04-03")
    ]


def test_a_holiday_that_places_a_day_does_not_anchor_what_follows() -> None:
    got = dated(
        "The minister will table the bill on May 4, two days after Labour Day, and the "
        "vote is due the following week.",
        date(2015, 4, 20),
    )
    # Labour Day (1 May) is in week 18, 4 May in week 19: the week after is 20
    assert got[-1] == ("the following week", "DATE", "2015-W20")


def test_independence_day_is_the_country_s() -> None:
    published = date(2011, 8, 30)
    got = dated("Crowds in Kyiv marked Ukraine's Independence Day last week.", published)
    assert got[0] == ("Independence Day", "DATE", "2011-08-24")
    got = dated(
        "Kenya's parliament sat late. Kenyan officials said the vote would come after "
        "Independence Day.",
        date(2011, 11, 20),
    )
    assert got == [("Independence Day", "DATE", "2011-12-12")]
    # guard: one passing mention of another country does not move the American one
    got = dated("A Mexican band played at the Independence Day parade in Boston.", date(2011, 7, 6))
    assert got == [("Independence Day", "DATE", "2011-07-04")]


def test_lunar_new_year() -> None:
    got = dated("Factories will close for the Lunar New Year holiday.", date(2024, 2, 1))
    assert got == [("Lunar New Year", "DATE", "2024-02-10")]
    got = dated("Sales peaked before Chinese New Year's Eve.", date(2019, 2, 8))
    assert got == [("Chinese New Year's Eve", "DATE", "2019-02-04")]
    assert dated("It was Chinese New Year 1985.", date(2011, 1, 1)) == [
        ("Chinese New Year 1985", "DATE", "1985-02-20")
    ]


def test_a_month_in_a_yearly_clause_is_any_year_s() -> None:
    got = dated(
        "Locusts swarm across the plain every year, mostly between March and May.",
        date(2020, 7, 1),
    )
    assert got == [
        ("every year", "SET", "P1Y"),
        ("March", "DATE", "XXXX-03"),
        ("May", "DATE", "XXXX-05"),
    ]
    # guards: a year named between, and another clause, keep the month's year
    got = dated("Every year since 2010 it has grown, but in May it fell.", date(2020, 7, 1))
    assert got[-1] == ("May", "DATE", "2020-05")
    got = dated("Storms hit every year, and the season will last until October.", date(2020, 7, 1))
    assert got[-1] == ("October", "DATE", "2020-10")


def test_a_weekday_set_aside_lies_ahead_and_its_day_is_no_length() -> None:
    got = dated("The president declared Friday a day of national mourning.", date(2019, 3, 12))
    assert got == [("Friday", "DATE", "2019-03-15")]
    # guard: a day of talks is still a length
    assert dated("The envoys held a day of talks.", date(2019, 3, 12)) == [
        ("a day", "DURATION", "P1D")
    ]


def test_today_in_a_then_and_now_sentence_is_nowadays() -> None:
    got = dated("Years ago buyers paid cash; today most borrow.", date(2008, 4, 17))
    assert got[-1] == ("today", "DATE", "PRESENT_REF")
    # guard: a past clause after the contrast is the day
    got = dated("A year ago it was small; today it announced a merger.", date(2008, 4, 17))
    assert got[-1] == ("today", "DATE", "2008-04-17")


def test_a_half_in_a_market_report_is_the_year_s() -> None:
    got = dated("Dealers said the index could reach 4,000 in the first half.", date(1997, 1, 10))
    assert got == [("the first half", "DATE", "1997-H1")]


def test_a_holiday_beside_a_month_of_its_sentence_is_that_month_s() -> None:
    # newswire36 (not this fixture) lost a value to the Lunar New Year rule: a
    # forecast sends a passed holiday to next year unless the sentence dates it
    got = dated(
        "The carrier expects to earn 200 million dollars in 2014, with a loss likely in "
        "the first quarter because of a weak January and plant closures around Lunar "
        "New Year.",
        date(2014, 2, 26),
    )
    assert got[-1] == ("Lunar New Year", "DATE", "2014-01-31")
    # guard: a holiday far from the month named is read by tense as before
    got = dated(
        "Sales fell in March, and the chain will hire staff for Christmas.", date(2014, 4, 2)
    )
    assert got[-1] == ("Christmas", "DATE", "2014-12-25")
