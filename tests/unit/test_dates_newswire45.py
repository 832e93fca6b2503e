"""Issue 15, forty-fifth round: the rules the forty-fifth newswire fixture led to.

The fixture (``tests/fixtures/dates/newswire45.jsonl``: wire copy of 2006-2019 on
eight new beats) was written by a helper who had not seen the rules, committed
before any scoring and scored once (value F1 91.3). The sentences below are new
ones.
"""

from __future__ import annotations

from datetime import date

from tests.helpers import dated

THURSDAY = date(2007, 9, 6)
TUESDAY = date(2006, 1, 10)


def test_on_track_to_looks_ahead_in_a_past_clause() -> None:
    text = "The storm was on track to reach the coast late Friday or early Saturday."
    got = dated(text, THURSDAY)
    assert ("late Friday", "DATE", "2007-09-07") in got
    assert ("early Saturday", "DATE", "2007-09-08") in got


def test_back_on_track_is_no_forecast() -> None:
    # (a guard: only "on track to")
    text = "The trains were back on track on Tuesday."
    assert dated(text, THURSDAY) == [("Tuesday", "DATE", "2007-09-04")]


def test_a_perfect_infinitive_tells_what_has_been_done() -> None:
    text = "The thieves are believed to have broken in through a roof light on Sunday night."
    assert dated(text, TUESDAY) == [("Sunday night", "TIME", "2006-01-08TNI")]


def test_to_have_before_a_noun_is_still_a_plan() -> None:
    # (a guard: "to have" and a participle only)
    text = "The council wants to have the road open again on Sunday."
    assert dated(text, TUESDAY) == [("Sunday", "DATE", "2006-01-15")]


def test_today_opening_a_speakers_sentence_is_the_day() -> None:
    text = (
        'The director said: "We were open as normal until 5pm on Sunday. Today we are '
        'simply relieved that someone is in custody."'
    )
    assert ("Today", "DATE", "2006-01-10") in dated(text, TUESDAY)


def test_today_set_against_a_speakers_distant_past_is_nowadays() -> None:
    # (a guard: after "When I started, in the 1960s" the speaker means nowadays)
    text = (
        '"When I started, in the 1960s, a woman in a courtroom was taken for a typist," '
        'she said. "Today half the judges are women."'
    )
    assert ("Today", "DATE", "PRESENT_REF") in dated(text, TUESDAY)
