"""Issue 15, fourteenth round: the rules the fourteenth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire14.jsonl``: weather, elections,
sport, science, courts, health, transport and culture news, 2005-2016) was
written by a helper who had not seen the rules, and scored once (value F1 90.8)
before these changes; the sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_a_day_that_names_a_kind_is_no_length_and_no_rate() -> None:
    published = date(2016, 3, 2)
    assert dated("The council is building a day care centre beside the school.", published) == []
    assert dated("Two porters took a night bus to the depot.", published) == []
    assert dated("The school ran a day trip to the coast.", published) == []
    # a rate and a length are unchanged
    assert dated("The kitchen serves 400 hot meals a day.", published) == [("a day", "SET", "P1D")]
    assert dated("The ferry was delayed for a day.", published) == [("a day", "DURATION", "P1D")]


def test_a_fiscal_year_written_as_two_years_is_one_expression() -> None:
    published = date(2019, 2, 5)
    # named by the year it ends in since the fifty-eighth round (as the rules name
    # every fiscal year, and as five of seven blind writers wrote it; this round's
    # writer and the eighth's wrote the first year)
    assert dated("The board cut spending in the 2017-18 tax year.", published) == [
        ("the 2017-18 tax year", "DATE", "FY2018")
    ]
    assert dated("Revenue will rise in fiscal year 2019/20.", published) == [
        ("fiscal year 2019/20", "DATE", "FY2020")
    ]
    # a season is one span too, named by its first year (since the twenty-eighth
    # round: four blind writers wrote it so, one wrote both years), with "the" and
    # its noun inside since the fiftieth (as those writers marked it)
    assert dated("He scored 12 goals in the 2017-18 season.", published) == [
        ("the 2017-18 season", "DATE", "2017"),
    ]


def test_weekends_after_a_verb_are_a_set() -> None:
    published = date(2014, 6, 11)
    assert dated("The depot now opens weekends.", published)[-1] == (
        "weekends",
        "SET",
        "XXXX-WXX-WE",
    )
    assert dated("Lifeguards are patrolling weekends until September.", published)[0] == (
        "weekends",
        "SET",
        "XXXX-WXX-WE",
    )
    assert dated("The rain spoiled three weekends in a row.", published) == [
        ("three weekends", "DURATION", "P3WE")
    ]
    assert dated("The weekends were quiet.", published) == []


def test_what_was_promised_lies_ahead() -> None:
    published = date(2010, 11, 23)  # Tuesday
    assert dated("The mayor has pledged a new bus route in the spring.", published) == [
        ("the spring", "DATE", "2011-SP")
    ]
    assert dated("Ministers promised an inquiry in March.", published) == [
        ("March", "DATE", "2011-03")
    ]
    # a promise told to someone in a past month stays in the past
    assert dated("The mayor promised the tenants in March that rents would fall.", published) == [
        ("March", "DATE", "2010-03")
    ]


def test_a_part_of_the_day_before_its_day_is_one_time() -> None:
    published = date(2013, 4, 19)  # Friday
    assert dated("The ferry sank in mid-afternoon on Tuesday.", published) == [
        ("mid-afternoon on Tuesday", "TIME", "2013-04-16TAF")
    ]
    assert dated("Divers found the wreck in the morning on Wednesday.", published) == [
        ("the morning on Wednesday", "TIME", "2013-04-17TMO")
    ]
    assert dated("The talks ended on the evening of Monday.", published) == [
        ("the evening of Monday", "TIME", "2013-04-15TEV")
    ]


def test_mid_morning_and_the_night_are_parts_of_the_day_told() -> None:
    published = date(2013, 4, 19)  # Friday
    assert dated("Polls opened on Thursday and turnout was high by midmorning.", published) == [
        ("Thursday", "DATE", "2013-04-18"),
        ("midmorning", "TIME", "2013-04-18TMO"),
    ]
    assert dated("The fire broke out on Wednesday and burned through the night.", published) == [
        ("Wednesday", "DATE", "2013-04-17"),
        ("the night", "TIME", "2013-04-17TNI"),
    ]
    # a past clause after a date still ahead is on the day of publication
    text = "The vote is set for May 2. Rescuers had reached the village by mid-afternoon."
    assert dated(text, published) == [
        ("May 2", "DATE", "2013-05-02"),
        ("mid-afternoon", "TIME", "2013-04-19TAF"),
    ]


def test_that_day_is_the_day_the_story_is_about() -> None:
    # left from the thirteenth round: "that day" past a reporting time points back
    # to the story's day, and "the following week" counts from it
    published = date(2011, 10, 14)  # Friday
    text = (
        "The ferry sank off Harrow Point on Oct. 2. A report published this morning "
        "said the crew had worked 15 hours that day. Divers reached the wreck the "
        "following week."
    )
    assert dated(text, published) == [
        ("Oct. 2", "DATE", "2011-10-02"),
        ("this morning", "TIME", "2011-10-14TMO"),
        ("15 hours", "DURATION", "PT15H"),
        ("that day", "DATE", "2011-10-02"),
        ("the following week", "DATE", "2011-W40"),
    ]
    # a moment foreseen, and a kind of shift, are no dates
    assert dated("She said she would leave when that day came.", published) == []
    assert dated("He was moved to that day shift in May.", published) == [
        ("May", "DATE", "2011-05")
    ]
