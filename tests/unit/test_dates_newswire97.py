"""Issue 15, ninety-seventh round: the rules newswire107 and newswire108 led to.

The fixtures (``tests/fixtures/dates/newswire107.jsonl`` and
``newswire108.jsonl``: sixteen blind articles of 1985-2025 in the manner of
TimeML's news) were written by two helpers who had not seen the rules,
committed before any scoring and scored once, on the code after round 96:
value F1 99.0 and 95.6 (the same on the session's starting code). The
sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_evening_clocks_after_late_one_day_and_the_small_hours_of_the_next() -> None:
    got = dated(
        "Police sealed the harbour late Saturday and cleared the last boats by 3 a.m. "
        "Sunday. Divers searched the wreck between 7 p.m. and 9 p.m., officials said. "
        "At 5:30 a.m. the crane arrived.",
        date(2013, 6, 9),
    )
    assert ("7 p.m.", "TIME", "2013-06-08T19:00") in got
    assert ("9 p.m.", "TIME", "2013-06-08T21:00") in got
    assert ("5:30 a.m.", "TIME", "2013-06-09T05:30") in got
    # without the evening before named "late", a later clock stays on the day
    got = dated(
        "The storm hit at 3 a.m. Sunday. Power came back at 7 p.m., officials said.",
        date(2013, 6, 10),
    )
    assert ("7 p.m.", "TIME", "2013-06-09T19:00") in got


def test_the_current_fiscal_year_after_fiscal_yyyy_which_ended() -> None:
    got = dated(
        "Net for fiscal 1990, which ended June 30, rose 5%. The company expects flat sales "
        "in the current fiscal year.",
        date(1990, 8, 15),
    )
    assert got[-1] == ("the current fiscal year", "DATE", "FY1991")


def test_the_same_period_after_a_half_named_with_its_year() -> None:
    got = dated(
        "NEWCASTLE, Australia, July 20 (Reuters) - Coal shipments rose 9 percent in the "
        "first half of 2001, the port said on Friday. It loaded 4 million tonnes in the six "
        "months to June 30, against 3.7 million in the same period of 2000.",
        date(2001, 7, 20),
    )
    assert got[-1] == ("the same period of 2000", "DATE", "2000-H1")


def test_a_forecast_month_as_an_object() -> None:
    got = dated("Dealers expect March to be the busiest month.", date(2016, 2, 10))
    assert got == [("March", "DATE", "2016-03")]
    assert dated("Veterans will march to the square.", date(2016, 2, 10)) == []


def test_about_a_second_before_a_noun_is_an_ordinal() -> None:
    assert dated("They argued for years about a second bridge.", date(2016, 2, 10)) == [
        ("years", "DURATION", "PXY")
    ]
    got = dated("The lights failed for about a second.", date(2016, 2, 10))
    assert got == [("about a second", "DURATION", "PT1S")]


def test_armistice_day() -> None:
    got = dated("Museums will open on Armistice Day.", date(2018, 10, 30))
    assert got == [("Armistice Day", "DATE", "2018-11-11")]
