"""From matches to alerts: one per rule and story, updates, re-alerts, thresholds.

Every article here is written for these tests.
"""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pipeline.alerts.dedup import (
    Alert,
    Deduper,
    StoryState,
    ThresholdState,
    alert_id,
    decide_match,
    story_state_key,
)
from pipeline.alerts.matcher import Match, RuleIndex
from pipeline.alerts.rules import Rule, parse_rule_text
from pipeline.record import Article, Entity

T0 = datetime(2025, 5, 19, 12, 0, tzinfo=UTC)
NOW = datetime(2025, 5, 26, 9, 0, tzinfo=UTC)


def make_rule(text: str) -> Rule:
    rule, errors = parse_rule_text(textwrap.dedent(text))
    assert errors == [] and rule is not None, errors
    return rule


TALKS = make_rule("""\
    name: talks
    match:
      all:
        - keyword: talks
        - any:
            - entity: Vladimir Putin
            - entity: Volodymyr Zelenskiy
            - entity: Recep Tayyip Erdogan
    realert: 6h
    """)


def article(
    aid: str, minutes: float, who: list[str], story: str | None = "s1", **fields: Any
) -> Article:
    body = "Delegations prepared for talks. " + " ".join(f"{w} attended." for w in who)
    ents = [Entity(text=w, canonical=w, label="PERSON", count=1) for w in who]
    return Article(
        id=aid,
        title=f"Talks {aid}",
        body=body,
        entities=ents,
        story_id=story,
        published=T0 + timedelta(minutes=minutes),
        url=f"https://news.test/{aid}",
        **fields,
    )


def match_of(rule: Rule, art: Article) -> Match:
    [m] = RuleIndex([rule]).match(art)
    return m


def roundtrip(d: Deduper) -> Deduper:
    """Through JSON, as a Faust table would keep it."""
    return Deduper.from_dict(json.loads(json.dumps(d.to_dict())))


def test_first_match_fires_a_new_alert() -> None:
    d = Deduper()
    a = d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"])), NOW)
    assert a is not None
    assert (a.kind, a.change, a.version, a.rule, a.story_id) == ("match", "new", 1, "talks", "s1")
    assert a.id == alert_id("talks", "s1")
    assert a.article.id == "a1" and a.article.url == "https://news.test/a1"
    assert a.article.published == T0
    assert a.matched.entities == ["Vladimir Putin"] and a.matched.terms == ["talks"]
    assert "«talks»" in a.snippet
    assert a.fired_at == a.updated_at == NOW


def test_same_story_nothing_new_is_suppressed_and_new_entity_updates() -> None:
    d = Deduper()
    first = d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"])), NOW)
    assert first is not None
    assert d.process(match_of(TALKS, article("a2", 30, ["Vladimir Putin"])), NOW) is None
    later = NOW + timedelta(minutes=5)
    upd = d.process(
        match_of(TALKS, article("a3", 60, ["Vladimir Putin", "Volodymyr Zelenskiy"])), later
    )
    assert upd is not None
    assert (upd.id, upd.change, upd.version) == (first.id, "update", 2)
    assert upd.matched.entities == ["Vladimir Putin", "Volodymyr Zelenskiy"]
    assert upd.article.id == "a3"
    assert upd.fired_at == NOW and upd.updated_at == later
    # Zelenskiy is no longer new.
    assert d.process(match_of(TALKS, article("a4", 90, ["Volodymyr Zelenskiy"])), NOW) is None


def test_entity_spelling_variants_are_not_new() -> None:
    d = Deduper()
    assert d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"])), NOW)
    rule = make_rule("name: talks\nmatch:\n  all: [{keyword: talks}, {entity: vladimir putin}]\n")
    assert d.process(match_of(rule, article("a2", 5, ["VLADIMIR PUTIN"])), NOW) is None


def test_after_the_realert_window_it_fires_again_with_the_same_id() -> None:
    d = Deduper()
    first = d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"])), NOW)
    assert d.process(match_of(TALKS, article("a2", 359, ["Vladimir Putin"])), NOW) is None
    again = d.process(match_of(TALKS, article("a3", 360, ["Vladimir Putin"])), NOW)
    assert first is not None and again is not None
    assert (again.id, again.change, again.version) == (first.id, "realert", 2)
    # The window restarts from the re-alert.
    assert d.process(match_of(TALKS, article("a4", 400, ["Vladimir Putin"])), NOW) is None


def test_a_late_article_is_inside_the_window() -> None:
    d = Deduper()
    assert d.process(match_of(TALKS, article("a1", 600, ["Vladimir Putin"])), NOW)
    assert d.process(match_of(TALKS, article("a0", 0, ["Vladimir Putin"])), NOW) is None


def test_stories_and_rules_are_separate() -> None:
    d = Deduper()
    a = d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"], story="s1")), NOW)
    b = d.process(match_of(TALKS, article("a2", 1, ["Vladimir Putin"], story="s2")), NOW)
    other = make_rule("name: other\nmatch:\n  all: [{keyword: talks}]\n")
    c = d.process(match_of(other, article("a3", 2, ["Vladimir Putin"], story="s1")), NOW)
    assert a and b and c
    assert len({a.id, b.id, c.id}) == 3


def test_without_story_the_article_is_the_story() -> None:
    d = Deduper()
    a = d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"], story=None)), NOW)
    dup = article("a2", 1, ["Vladimir Putin"], story=None, duplicate_of="a1")
    assert a is not None and a.story_id == "a1"
    assert d.process(match_of(TALKS, dup), NOW) is None


def test_decisions_survive_a_json_roundtrip_of_the_state() -> None:
    arts = [
        article("a1", 0, ["Vladimir Putin"]),
        article("a2", 10, ["Vladimir Putin"]),
        article("a3", 20, ["Volodymyr Zelenskiy"]),
        article("a4", 400, ["Vladimir Putin"]),
    ]
    live, replay = Deduper(), Deduper()
    got_live, got_replay = [], []
    for a in arts:
        got_live.append(live.process(match_of(TALKS, a), NOW))
        got_replay.append(replay.process(match_of(TALKS, a), NOW))
        replay = roundtrip(replay)
    assert [(x.change, x.version) if x else None for x in got_replay] == [
        ("new", 1),
        None,
        ("update", 2),
        ("realert", 3),
    ]
    assert got_live == got_replay
    key = story_state_key("talks", "s1")
    state = StoryState.from_dict(replay.store[key])
    assert state.version == 3 and state.to_dict() == replay.store[key]


def test_decide_match_is_a_pure_function_of_its_state() -> None:
    m = match_of(TALKS, article("a1", 0, ["Vladimir Putin"]))
    alert, state = decide_match(m, None, NOW)
    assert alert is not None and state is not None
    again, state2 = decide_match(m, state, NOW)
    assert again is None and state2 is not None and state2.version == 1
    assert state.version == 1  # the input state was not modified


def test_alert_serialises_for_the_topic() -> None:
    a = Deduper().process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"])), NOW)
    assert a is not None
    data = json.loads(a.to_json())
    assert data["kind"] == "match" and data["article"]["published"].startswith("2025-05-19T12")
    assert "count" not in data
    assert Alert.model_validate(data) == a


def test_prune_forgets_old_stories() -> None:
    d = Deduper()
    d.process(match_of(TALKS, article("a1", 0, ["Vladimir Putin"], story="old")), NOW)
    d.process(match_of(TALKS, article("a2", 600, ["Vladimir Putin"], story="new")), NOW)
    assert d.prune((T0 + timedelta(minutes=300)).timestamp()) == 1
    assert list(d.store) == [story_state_key("talks", "new")]


# --- thresholds ------------------------------------------------------------------------------

DRONES = make_rule("""\
    name: drones
    match:
      all: [{keyword: drone}]
    threshold: {type: frequency, count: 3, window: 1h}
    realert: 2h
    """)


def drone(aid: str, minutes: float, **fields: Any) -> Article:
    return Article(
        id=aid,
        title="Drone",
        body="A drone attack was reported.",
        published=T0 + timedelta(minutes=minutes),
        **fields,
    )


def feed(d: Deduper, rule: Rule, arts: list[Article]) -> list[Alert | None]:
    out = []
    for a in arts:
        out.append(d.process(match_of(rule, a), NOW))
        d = roundtrip(d)
    return out


def test_frequency_fires_when_count_arrive_within_the_window() -> None:
    d = Deduper()
    got = feed(d, DRONES, [drone("d1", 0), drone("d2", 30), drone("d3", 61), drone("d4", 80)])
    assert [a is not None for a in got] == [False, False, False, True]
    alert = got[3]
    assert alert is not None
    assert (alert.kind, alert.count, alert.previous_count, alert.article.id) == (
        "frequency",
        3,
        None,
        "d4",
    )


def test_frequency_stays_quiet_then_fires_again() -> None:
    d = Deduper()
    arts = [drone(f"d{i}", m) for i, m in enumerate([0, 10, 20, 30, 40, 150, 160, 170])]
    got = [d.process(match_of(DRONES, a), NOW) for a in arts]
    fired = [i for i, a in enumerate(got) if a is not None]
    assert fired == [2, 7]  # 20: three in the hour; quiet for 2h; 170: three again
    first, second = got[2], got[7]
    assert first is not None and second is not None and first.id != second.id


def test_frequency_ignores_copies_and_redeliveries() -> None:
    d = Deduper()
    got = feed(
        d,
        DRONES,
        [drone("d1", 0), drone("d1", 1), drone("d2", 2, duplicate_of="d1"), drone("d3", 3)],
    )
    assert got == [None, None, None, None]  # only d1 and d3 count: two of three
    d2 = Deduper()
    for a in [drone("d1", 0), drone("d1", 1), drone("d2", 2, duplicate_of="d1"), drone("d3", 3)]:
        d2.process(match_of(DRONES, a), NOW)
    events = ThresholdState.from_dict(d2.store["t|drones"]).events
    assert [aid for _, aid in events] == ["d1", "d3"]


def test_frequency_counts_late_articles_by_their_own_time() -> None:
    d = Deduper()
    got = [
        d.process(match_of(DRONES, a), NOW)
        for a in [drone("d1", 50), drone("d2", 55), drone("d0", -30), drone("d9", 20)]
    ]
    # d0 is older than the window ending at 55 and is not counted; d9 is inside it.
    assert [a is not None for a in got] == [False, False, False, True]


SPIKE = make_rule("""\
    name: spike
    match:
      all: [{keyword: drone}]
    threshold: {type: spike, window: 1h, factor: 3, min_count: 3}
    """)


@pytest.mark.parametrize(
    ("minutes", "fires_at"),
    [
        ([0, 70, 80, 90], 3),  # 1 -> 3: a spike
        ([0, 10, 70, 80, 90], None),  # 2 -> 3: not three times as many
        ([0, 10, 70, 80, 90, 95, 100, 105], 7),  # 2 -> 6
        ([200, 210], None),  # below min_count
        ([300, 310, 320], 2),  # from nothing to min_count
    ],
)
def test_spike_against_the_previous_window(minutes: list[int], fires_at: int | None) -> None:
    d = Deduper()
    got = feed(d, SPIKE, [drone(f"d{i}", m) for i, m in enumerate(minutes)])
    fired = [i for i, a in enumerate(got) if a is not None]
    assert fired == ([] if fires_at is None else [fires_at])
    if fires_at is not None:
        alert = got[fires_at]
        assert alert is not None and alert.kind == "spike"
        assert alert.count is not None and alert.previous_count is not None
        assert alert.count >= 3 * alert.previous_count


def test_threshold_state_is_bounded_by_the_window() -> None:
    d = Deduper()
    for i in range(50):
        d.process(match_of(DRONES, drone(f"d{i}", i * 30)), NOW)
    events = ThresholdState.from_dict(d.store["t|drones"]).events
    assert len(events) == 2  # only the last hour is kept for a frequency rule
