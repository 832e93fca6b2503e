"""Issue 15, fifty-ninth round: the rules the fifty-ninth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire59.jsonl``: eight blind articles of
1985-2023 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 97.1 on
the code after round 58 (96.4 before it, 95.8 before round 54). The sentences
below are new ones written for each rule. `newswire60`, the check after it,
scored 95.2 there, as on the code before this round.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_day_followed_by_last_or_next_year_is_in_that_year() -> None:
    got = dated("The fair opened on May 2 this year but on April 27 last year.", date(2016, 6, 1))
    assert got == [
        ("May 2", "DATE", "2016-05-02"),
        ("this year", "DATE", "2016"),
        ("April 27", "DATE", "2015-04-27"),
        ("last year", "DATE", "2015"),
    ]
    # guard: a possessive year is the next expression's, not the day's
    got = dated("He will meet on June 3 next year's envoys.", date(2016, 6, 1))
    assert got[0] == ("June 3", "DATE", "2016-06-03")
    # guard: after a comma "next year" starts another clause
    got = dated("The plant opened on May 3, next year it will expand.", date(2016, 9, 1))
    assert got[0] == ("May 3", "DATE", "2016-05-03")


def test_the_whole_of_that_year_is_the_year() -> None:
    got = dated(
        "Sales collapsed in March 2001 and fell 6 percent over the whole of that year.",
        date(2002, 2, 1),
    )
    assert got[-1] == ("that year", "DATE", "2001")
    # guard: "of that year" after another noun stays unmarked as before
    got = dated("Sales collapsed in March 2001, the worst month of that year.", date(2002, 2, 1))
    assert got == [("March 2001", "DATE", "2001-03")]


def test_jewish_holidays() -> None:
    got = dated(
        "The exchange will close for the Jewish New Year and again for Yom Kippur.",
        date(2016, 9, 28),
    )
    assert got == [
        ("Jewish New Year", "DATE", "2016-10-03"),
        ("Yom Kippur", "DATE", "2016-10-12"),
    ]
    assert dated("Bakers expect a busy Passover.", date(2016, 3, 1)) == [
        ("Passover", "DATE", "2016-04-23")
    ]


def test_a_month_whose_own_verb_is_past_is_the_last_one() -> None:
    got = dated(
        "The airline said the winter would be hard because fares in January were the "
        "lowest in a decade.",
        date(2013, 2, 14),
    )
    assert ("January", "DATE", "2013-01") in got
    # guard: a month with no verb of its own after it still follows the clause
    got = dated("The airline said fares would rise in January.", date(2013, 2, 14))
    assert got == [("January", "DATE", "2014-01")]


def test_the_start_of_what_still_goes_on_anchors_nothing() -> None:
    got = dated(
        "Nurses voted on Tuesday to stay out. Their walkout began on May 2 and has closed "
        "two wards. Their leader spoke to a rally that evening.",
        date(2019, 5, 15),
    )
    assert got[-1] == ("that evening", "TIME", "2019-05-14TEV")
    # guard: a start told alone is where the story is
    got = dated("The trial began on Monday. That afternoon the judge spoke.", date(2019, 5, 15))
    assert got[-1] == ("That afternoon", "TIME", "2019-05-13TAF")
