"""Issue 15, sixth round: the rules the fourth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire4.jsonl``) was scored once before
any of these changes; the sentences below are new ones written for each rule,
not the fixture's. Each gives the TIMEX3 value TimeML 1.2.1 / TIDES would give.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_participle_after_an_article_is_an_adjective_not_a_past_verb() -> None:
    monday = date(2025, 3, 10)
    # "updated" and "amended" describe the noun; "will" decides: the coming day
    assert dated("The council will issue an updated map by Thursday.", monday) == [
        ("Thursday", "DATE", "2025-03-13")
    ]
    assert dated("Lawyers expect to file the amended claim on Wednesday.", monday) == [
        ("Wednesday", "DATE", "2025-03-12")
    ]
    # a past verb still looks back, and "that" opens a clause with its verb
    assert dated("The rule that changed on Friday hit exporters.", monday) == [
        ("Friday", "DATE", "2025-03-07")
    ]


def test_a_title_ending_in_a_holiday_is_not_a_name_with_the_next_line() -> None:
    published = date(2025, 11, 20)
    text = "Post office hires extra staff for Easter\nSorting offices will take on 900 people."
    assert dated(text, published) == [("Easter", "DATE", "2026-04-05")]
    # on one line, a capital after the holiday is still a name
    assert dated("Flights to Christmas Island resume.", published) == []


def test_year_end_is_the_end_of_this_year_and_no_date_as_a_modifier() -> None:
    autumn = date(2025, 10, 8)
    assert dated("The lender plans to sell the unit before year-end.", autumn) == [
        ("year-end", "DATE", "2025")
    ]
    assert dated("Staff will get a year-end bonus.", autumn) == []
    assert dated("The year-end accounts were filed.", autumn) == []
    # told in the past early in the year, it is the year that just ended
    january = date(2026, 1, 12)
    assert dated("Orders slowed toward year end, the firm said.", january) == [
        ("year end", "DATE", "2025")
    ]
    assert dated("Demand cooled toward the end of the year.", january) == [
        ("the end of the year", "DATE", "2025")
    ]


def test_a_unit_opening_a_compound_is_no_length() -> None:
    d = date(2025, 10, 8)
    for text in (
        "Exports rose on a year-on-year basis.",
        "He left a day-to-day role.",
        "The month-end review found gaps.",
        "It was a year-over-year gain.",
    ):
        assert dated(text, d) == [], text
    # "-long" stays a length
    assert dated("A week-long strike closed the port.", d) == [("A week-long", "DURATION", "P1W")]


def test_a_holiday_in_a_present_timetable_is_the_coming_one() -> None:
    june = date(2025, 6, 18)
    text = "The school year starts in September, with a two-week break at Christmas."
    assert ("Christmas", "DATE", "2025-12-25") in dated(text, june)
    # in January the present still means the one just past, not next December
    january = date(2026, 1, 6)
    assert ("Christmas", "DATE", "2025-12-25") in dated(
        "Shops say Christmas trade is the weakest in years.", january
    )
