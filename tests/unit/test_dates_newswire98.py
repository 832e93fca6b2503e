"""Issue 15, ninety-eighth round: the rules newswire109 and newswire110 led to.

The fixtures (``tests/fixtures/dates/newswire109.jsonl`` and
``newswire110.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 97:
value F1 97.7 and 96.9 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_date_that_describes_a_subject_does_not_date_its_clause() -> None:
    got = dated("Councillors appointed in May 2017 took their seats on Jan. 1.", date(2018, 3, 6))
    assert got[-1] == ("Jan. 1", "DATE", "2018-01-01")


def test_a_participle_kept_by_a_verb_of_keeping() -> None:
    got = dated(
        "Flooding will keep three of the region's busiest roads closed well into April, "
        "officials said Monday.",
        date(2019, 3, 12),
    )
    assert got[0] == ("April", "DATE", "2019-04")
    got = dated("Floods kept the bridge closed until March.", date(2019, 5, 12))
    assert got == [("March", "DATE", "2019-03")]


def test_a_long_participle_aside_with_its_year() -> None:
    got = dated(
        "The mill, paid for with a grant from a regional development fund approved in 1991, "
        "was due to open in May but is still waiting for its turbines.",
        date(1993, 8, 4),
    )
    assert ("May", "DATE", "1993-05") in got


def test_two_seasons_joined_name_a_crop() -> None:
    got = dated(
        "Farmers are bringing in the winter-spring crop and will sow the summer-autumn crop "
        "from May.",
        date(2007, 3, 14),
    )
    assert got == [("May", "DATE", "2007-05")]


def test_an_hour_in_figures_before_last_night() -> None:
    got = dated("The ship radioed the coast guard at 10 last night.", date(2014, 2, 3))
    assert got == [("10 last night", "TIME", "2014-02-02T22:00")]
    got = dated("The ship radioed at 10 p.m. Sunday.", date(2014, 2, 3))
    assert got == [("10 p.m. Sunday", "TIME", "2014-02-02T22:00")]


def test_reunification_day() -> None:
    got = dated("HANOI -- Trains are full before Reunification Day.", date(2010, 4, 20))
    assert got[-1] == ("Reunification Day", "DATE", "2010-04-30")
