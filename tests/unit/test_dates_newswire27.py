"""Issue 15, twenty-seventh round: the rules the twenty-seventh newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire27.jsonl``: obituaries, anniversaries,
profiles and histories, 2009–2015) was written by a helper who had not seen the
rules, committed before any scoring and scored once (value F1 92.2, the check
after the twenty-sixth round). The sentences below are new ones for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

PUBLISHED = date(2014, 6, 11)


def test_a_figure_with_thousands_separators_is_one_length() -> None:
    text = "The core holds about 120,000 years of snowfall; the first farmers came 9,000 years ago."
    got = dated(text, PUBLISHED)
    assert got[0] == ("about 120,000 years", "DURATION", "P120000Y")
    assert all(value != "P0Y" and text_ != "000 years" for text_, _, value in got)


def test_a_century_later_counts_from_the_story() -> None:
    text = "On June 2, 1914, two brothers opened a forge. A century later the firm employs 90."
    assert dated(text, PUBLISHED) == [
        ("June 2, 1914", "DATE", "1914-06-02"),
        ("A century later", "DATE", "2014"),
    ]


def test_that_august_and_that_summer_are_in_the_year_told() -> None:
    text = (
        "The canal opened in May 1882, and that August the first barges arrived. A strike "
        "began in April 1926 and spread that summer."
    )
    assert dated(text, PUBLISHED) == [
        ("May 1882", "DATE", "1882-05"),
        ("August", "DATE", "1882-08"),
        ("April 1926", "DATE", "1926-04"),
        ("that summer", "DATE", "1926-SU"),
    ]


def test_millennia_is_a_vague_length() -> None:
    assert dated("The terraces have been farmed for millennia.", PUBLISHED) == [
        ("millennia", "DURATION", "PXML")
    ]


def test_a_past_report_early_in_the_year_reviewed_at_its_end() -> None:
    text = "On January 6 the council said it would close two libraries. The vote was set for January 9."
    assert dated(text, date(2013, 12, 30)) == [
        ("January 6", "DATE", "2013-01-06"),
        ("January 9", "DATE", "2014-01-09"),
    ]


def test_the_year_as_the_subject_of_a_review() -> None:
    assert dated("The year began with floods.", date(2013, 12, 30)) == [
        ("The year", "DATE", "2013")
    ]
