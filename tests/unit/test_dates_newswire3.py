"""Issue 15, fifth round: the rules the third newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire3.jsonl``) was scored once before
any of these changes; the sentences below are new ones written for each rule,
not the fixture's. Each gives the TIMEX3 value TimeML 1.2.1 / TIDES would give.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_season_as_a_habit_is_any_season() -> None:
    published = date(2024, 10, 9)
    text = (
        "In summer the ferry sails to the island. Hay fever is worst in the spring "
        "months, and the harbour, in winter, is often closed. The new route starts next "
        "spring, and last winter was mild."
    )
    assert dated(text, published) == [
        ("summer", "DATE", "XXXX-SU"),
        ("the spring months", "DATE", "XXXX-SP"),
        ("winter", "DATE", "XXXX-WI"),
        ("next spring", "DATE", "2025-SP"),
        ("last winter", "DATE", "2023-WI"),
    ]
    # a bare season inside a clause is still the nearest one
    assert dated("The vote will be held in spring.", published) == [("spring", "DATE", "2025-SP")]


def test_a_century_ago_is_the_century() -> None:
    published = date(2025, 2, 3)
    text = "The bridge was built a century ago, and two centuries ago the town was a village."
    assert dated(text, published) == [
        ("a century ago", "DATE", "19"),
        ("two centuries ago", "DATE", "18"),
    ]
    # years ago stay years
    assert dated("The mill closed 40 years ago.", published) == [("40 years ago", "DATE", "1985")]


def test_each_end_of_a_day_range_is_a_date() -> None:
    published = date(2025, 3, 4)
    text = "The fair runs from 3 to 5 May, and the talks on July 8-9, in Lisbon."
    assert dated(text, published) == [
        ("3", "DATE", "2025-05-03"),
        ("5 May", "DATE", "2025-05-05"),
        ("July 8", "DATE", "2025-07-08"),
        ("9", "DATE", "2025-07-09"),
    ]
    # a count after a date is no range end (past tense: last May)
    assert dated("On May 5 to 10 people left.", published) == [("May 5", "DATE", "2024-05-05")]
    assert dated("On May 5 to 10 percent of staff left.", published) == [
        ("May 5", "DATE", "2024-05-05")
    ]
