"""Issue 15, seventy-seventh round: the rules the seventy-seventh newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire77.jsonl``: eight blind articles of
1986-2025 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 93.2 on
the code after round 76, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_present_passive_before_until_looks_ahead() -> None:
    got = dated("Livestock sales are held every week until March.", date(2011, 10, 5))
    assert got[-1] == ("March", "DATE", "2012-03")
    # guard: a verb of lasting in the past is a span that ended
    got = dated("The pass stayed closed until March.", date(2011, 10, 5))
    assert got == [("March", "DATE", "2011-03")]


def test_heads_home_is_a_verb_of_the_present() -> None:
    got = dated("The squad heads home Sunday after the tournament.", date(2012, 3, 9))
    assert got == [("Sunday", "DATE", "2012-03-11")]
    got = dated("The ferry sails for Tobago on Monday.", date(2012, 3, 9))
    assert got == [("Monday", "DATE", "2012-03-12")]
    # guard: the plural noun stays a noun
    got = dated("The heads of the two agencies met on Monday.", date(2012, 3, 9))
    assert got == [("Monday", "DATE", "2012-03-05")]


def test_a_possessive_between_set_and_for_still_fixes_a_date() -> None:
    got = dated("The judge set the defendant's sentencing for June 3.", date(2005, 2, 17))
    assert got == [("June 3", "DATE", "2005-06-03")]


def test_what_is_ordered_closed_takes_the_nearest_day() -> None:
    text = "Officials ordered schools and markets in the city closed Thursday because of the flood."
    assert dated(text, date(2010, 9, 7))[0] == ("Thursday", "DATE", "2010-09-09")  # a Tuesday
    assert dated(text, date(2010, 9, 11))[0] == ("Thursday", "DATE", "2010-09-09")  # a Saturday
    # and a month: the nearest such month
    got = dated("Regulators ordered the mine closed from March.", date(2015, 2, 10))
    assert got == [("March", "DATE", "2015-03")]


def test_every_alternate_day_is_a_set() -> None:
    got = dated("Tankers deliver water every alternate day.", None)
    assert got == [("every alternate day", "SET", "P2D")]


def test_a_republic_day_is_the_story_countrys() -> None:
    got = dated(
        "CHENNAI -- The new metro line will open on Republic Day, Indian officials said.",
        date(2014, 1, 6),
    )
    assert got == [("Republic Day", "DATE", "2014-01-26")]
    got = dated("Ankara will hold a parade on Republic Day.", date(2014, 10, 6))
    assert got == [("Republic Day", "DATE", "2014-10-29")]
    # no country with one named: India's, the Republic Day of most news in
    # English (round 89; until then no date, which lost newswire92's Nashik one)
    assert dated("The band will play on Republic Day.", date(2014, 1, 6)) == [
        ("Republic Day", "DATE", "2014-01-26")
    ]


def test_the_quarter_ended_a_day_in_a_fiscal_report_is_the_fiscal_quarter() -> None:
    text = (
        "The toolmaker said profit rose in its fiscal second quarter. Net for the quarter "
        "ended Dec. 31 was $4 million, against $3 million in the year-earlier period."
    )
    got = dated(text, date(1992, 1, 28))
    fiscal = got[0][2]  # the fiscal second quarter, as the rules read it (FY1991-Q2)
    assert fiscal is not None and fiscal.startswith("FY") and fiscal.endswith("-Q2")
    assert got[1] == ("the quarter", "DATE", fiscal)
    year_before = f"FY{int(fiscal[2:6]) - 1}-Q2"
    assert got[-1] == ("the year-earlier period", "DATE", year_before)
    # guard: with no fiscal quarter named, the calendar's
    text = "Net for the quarter ended Dec. 31 was $4 million."
    assert dated(text, date(1992, 1, 28))[0] == ("the quarter", "DATE", "1991-Q4")
