"""Issue 15, seventy-ninth round: the rules the seventy-ninth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire79.jsonl``: eight blind articles of
1986-2023 in the manner of TimeML's news) was written by a helper who had not
seen the rules, committed before any scoring and scored once: value F1 98.1 on
the code after round 78, the same as at the session's start. The sentences
below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_fiscal_quarter_counts_from_the_end_of_the_fiscal_year_named() -> None:
    text = (
        "The brewer earned $80 million in fiscal 1994, which ended March 31, and its "
        "fiscal second-quarter profit rose 5%."
    )
    got = dated(text, date(1994, 11, 9))
    # July to September 1994: the second quarter of the year that ends in March 1995
    assert got[-1] == ("fiscal second-quarter", "DATE", "FY1995-Q2")
    # a report that names its years by the year they start in keeps doing so
    text = (
        "The chain earned $40 million in fiscal 2010, which ended Jan. 29, and will "
        "report fiscal first-quarter results in June."
    )
    got = dated(text, date(2011, 5, 12))
    assert ("fiscal first-quarter", "DATE", "FY2011-Q1") in got


def test_a_year_in_a_title_case_headline_is_the_year() -> None:
    text = "Pacific Timber Cuts 2019 Harvest Target\nVANCOUVER -- The company said on Monday."
    got = dated(text, date(2018, 10, 3))
    assert got[0] == ("2019", "DATE", "2019")
    # guard: a name inside a sentence stays a name
    assert dated("The Russell 2000 Index fell.", date(2018, 10, 3)) == []


def test_spring_training_is_no_season() -> None:
    assert dated("Pitchers report for spring training in February.", date(2013, 11, 1)) == [
        ("February", "DATE", "2014-02")
    ]


def test_japans_equinox_days() -> None:
    got = dated("TOKYO -- The exhibition opens on Vernal Equinox Day.", date(2023, 3, 1))
    assert got == [("Vernal Equinox Day", "DATE", "2023-03-21")]
    got = dated("TOKYO -- Trains were full before Autumnal Equinox Day.", date(2024, 9, 30))
    assert got == [("Autumnal Equinox Day", "DATE", "2024-09-22")]
