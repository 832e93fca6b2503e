"""Issue 15, twenty-second round: the rules the twenty-second newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire22.jsonl``: TimeBank/AQUAINT-style
news, 1998-2008) was written by a helper who had not seen the rules, and scored
once (value F1 94.2, the check after the twenty-first round) before these
changes; the sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated


def test_the_most_likely_cause_is_no_forecast() -> None:
    published = date(2002, 11, 6)
    text = "Inspectors said a worn bearing was the most likely cause of the May 4 derailment."
    assert dated(text, published) == [("May 4", "DATE", "2002-05-04")]


def test_the_september_11_attacks() -> None:
    assert dated("Air travel has not recovered since the Sept. 11 attacks.", date(2003, 2, 3)) == [
        ("Sept. 11", "DATE", "2001-09-11")
    ]


def test_the_fall_after_another_season() -> None:
    assert dated("Farmers waited through the spring and the fall for rain.", date(1999, 11, 2)) == [
        ("the spring", "DATE", "1999-SP"),
        ("the fall", "DATE", "1999-FA"),
    ]


def test_by_late_afternoon_is_the_day_told() -> None:
    published = date(2004, 9, 5)
    text = "The storm reached the coast early Saturday. By late afternoon it had weakened."
    assert dated(text, published) == [
        ("early Saturday", "DATE", "2004-09-04"),
        ("late afternoon", "TIME", "2004-09-04TAF"),
    ]


def test_the_next_decade_as_a_time_and_as_a_length() -> None:
    published = date(1999, 3, 17)
    assert dated("Two more probes are planned for the next decade.", published) == [
        ("the next decade", "DATE", "200")
    ]
    assert dated(
        "The orbit will not bring it back until well into the next century.", published
    ) == [("the next century", "DATE", "20")]
    assert dated("Costs will rise over the next decade.", published) == [
        ("the next decade", "DURATION", "P1DE")
    ]
