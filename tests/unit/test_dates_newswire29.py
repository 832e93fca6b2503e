"""Issue 15, twenty-ninth round: the rules the twenty-ninth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire29.jsonl``: AP-style wire copy of
2013) was written by a helper who had not seen the rules, committed before any
scoring and scored once (value F1 94.3, the check after the twenty-eighth
round). The sentences below are new ones written for each rule.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

FRIDAY = date(2013, 11, 15)


def test_a_contracted_will_looks_ahead() -> None:
    assert dated('"They\'ll be back Tuesday," the coach said.', FRIDAY) == [
        ("Tuesday", "DATE", "2013-11-19")
    ]


def test_a_noun_after_a_is_no_present_verb() -> None:
    text = "The bill passed a key procedural vote in the House Thursday, aides said."
    assert dated(text, FRIDAY) == [("Thursday", "DATE", "2013-11-14")]


def test_a_months_hiring_is_reported_after_it() -> None:
    text = "The Labor Department will report on November hiring next Friday."
    assert dated(text, date(2013, 12, 2))[0] == ("November", "DATE", "2013-11")


def test_their_august_recess_and_from_the_fall() -> None:
    recess = "Lawmakers leave for their August recess next week."
    assert dated(recess, date(2013, 7, 24))[0] == ("August", "DATE", "2013-08")
    change = '"It\'s a big change from the fall," one aide said.'
    assert dated(change, date(2013, 1, 10)) == [("the fall", "DATE", "2012-FA")]
