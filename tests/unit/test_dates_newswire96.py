"""Issue 15, ninety-sixth round: the rules newswire105 and newswire106 led to.

The fixtures (``tests/fixtures/dates/newswire105.jsonl`` and
``newswire106.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 95:
value F1 91.5 and 96.2 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_easter_feasts_in_a_story_told_from_an_orthodox_country() -> None:
    text = "NICOSIA, Cyprus (AP) -- Bakeries will stay open on Good Friday and Easter Monday."
    got = dated(text, date(2001, 4, 2))
    # 2001: both Easters on April 15
    assert got[-2:] == [
        ("Good Friday", "DATE", "2001-04-13"),
        ("Easter Monday", "DATE", "2001-04-16"),
    ]
    text = "NICOSIA, Cyprus (AP) -- Bakeries will stay open on Good Friday and Easter Monday."
    got = dated(text, date(2002, 4, 2))
    # 2002: Western Easter March 31, Orthodox May 5
    assert got[-2:] == [
        ("Good Friday", "DATE", "2002-05-03"),
        ("Easter Monday", "DATE", "2002-05-06"),
    ]
    got = dated("LYON, France -- Bakeries will stay open on Good Friday.", date(2002, 3, 20))
    assert got[-1] == ("Good Friday", "DATE", "2002-03-29")


def test_a_year_in_a_since_clause_is_no_anchor_for_a_year_earlier() -> None:
    got = dated(
        "The brewer lost 3 million pounds in the first half and cut its dividend for the "
        "first time since it was listed in 1968. A year earlier, it earned 5 million pounds.",
        date(1992, 9, 10),
    )
    assert got[-1] == ("A year earlier", "DATE", "1991-H1")


def test_a_relative_aside_from_a_year_does_not_date_the_months_after_it() -> None:
    got = dated(
        "The drought, which gripped the plains from mid-2011, kept the barges idle from "
        "March to June.",
        date(2012, 10, 3),
    )
    assert got[-2:] == [("March", "DATE", "2012-03"), ("June", "DATE", "2012-06")]


def test_as_recently_as_marks_only_the_date() -> None:
    got = dated("The mine employed 900 people as recently as 2009.", date(2015, 4, 1))
    assert got == [("2009", "DATE", "2009")]


def test_a_loss_is_a_figure_for_a_half() -> None:
    got = dated("He said the second half would bring another loss.", date(1986, 8, 14))
    assert got == [("the second half", "DATE", "1986-H2")]


def test_a_time_put_first_in_a_reported_clause() -> None:
    got = dated(
        "The agency said in January that from April 1 importers would need a licence.",
        date(2004, 2, 18),
    )
    assert got[-1] == ("April 1", "DATE", "2004-04-01")


def test_a_season_opening_on_a_weekday() -> None:
    got = dated(
        "Ministers set a quota of 40,000 tonnes for a season opening on Monday, the ministry "
        "said on Thursday.",
        date(2009, 3, 19),
    )
    assert got[0] == ("Monday", "DATE", "2009-03-23")
    got = dated("The opening on Monday drew 3,000 people.", date(2009, 3, 19))
    assert got == [("Monday", "DATE", "2009-03-16")]


def test_the_late_news_hour() -> None:
    got = dated(
        "Crews will work through the night and into tomorrow. Full details on the 10 o'clock news.",
        date(2012, 2, 7),
    )
    assert got[-1] == ("10 o'clock", "TIME", "2012-02-07T22:00")


def test_a_plan_for_a_weekday_reported_in_the_pluperfect() -> None:
    got = dated("The railway said it had added six trains for Friday.", date(2011, 5, 10))
    assert got == [("Friday", "DATE", "2011-05-13")]
    got = dated("The vote had been set for Friday.", date(2011, 5, 10))
    assert got == [("Friday", "DATE", "2011-05-06")]


def test_canary_columbus_and_the_october_bank_holiday() -> None:
    got = dated("Growers want aid before Canary Islands Day.", date(1995, 5, 3))
    assert got == [("Canary Islands Day", "DATE", "1995-05-30")]
    got = dated("Banks will close on Columbus Day.", date(2019, 10, 2))
    assert got == [("Columbus Day", "DATE", "2019-10-14")]
    got = dated("Pubs expect crowds for the October bank holiday.", date(2019, 10, 2))
    assert got == [("October bank holiday", "DATE", "2019-10-28")]


def test_a_headlines_after_dry_summer() -> None:
    got = dated(
        "Olive oil output falls after hot summer\nJAEN, Spain -- Output fell after a hot summer.",
        date(2017, 11, 8),
    )
    assert got == [("summer", "DATE", "2017-SU")]
