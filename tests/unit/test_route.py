"""The route stage without a broker: stories, alerts with their targets, per-article failures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.alerts.engine import AlertEngine
from pipeline.alerts.webhooks import WebhookPolicy
from pipeline.record import Article, Entity
from pipeline.route.stage import (
    STATS_EVERY_S,
    AlertMessage,
    RouteState,
    copy_key,
    restore_clusterer,
    write_snapshot,
)
from pipeline.stories.cluster import StoryClusterer
from pipeline.tablestore import JsonTableStore

RULE = """\
name: harbour-strike
match:
  all:
    - entity: {name: Marta Lindqvist, label: PERSON}
    - keyword: strike
webhooks:
  - https://hooks.example.test/desk
"""

BODY = (
    "GOTHENBURG, May 20 (Test Wire) - Dock workers began a strike at the port of "
    "Gothenburg on Tuesday, union leader Marta Lindqvist said, after talks on pay and "
    "shift rotas broke down overnight. Container ships queued outside the harbour."
)


def art(i: int, body: str = BODY, **extra: object) -> Article:
    a = Article(
        id=f"r-{i}",
        title=f"Gothenburg dock workers strike over pay, report {i}",
        body=body,
        published=datetime(2025, 5, 20, 8, i, tzinfo=UTC),
        source=f"Wire {i}",
        **extra,  # type: ignore[arg-type]
    )
    start = body.find("Marta Lindqvist")
    a.entities = [
        Entity(
            text="Marta Lindqvist",
            canonical="Marta Lindqvist",
            label="PERSON",
            count=1,
            mentions=[{"start": start, "end": start + 15}],  # type: ignore[list-item]
        )
    ]
    return a


@pytest.fixture
def state(tmp_path: Path) -> RouteState:
    (tmp_path / "harbour.yaml").write_text(RULE)
    engine = AlertEngine(tmp_path, WebhookPolicy())
    assert engine.rule_count == 1
    return RouteState(StoryClusterer(), engine)


def test_reports_of_one_event_share_a_story_and_the_alert_names_its_targets(
    state: RouteState,
) -> None:
    out = state.route([art(1), art(2, body=BODY.replace("Container", "Cargo"))])
    assert [a.id for a in out.records] == ["r-1", "r-2"]
    assert out.records[0].story_id and out.records[0].story_id == out.records[1].story_id
    assert out.failed == []
    assert len(out.alerts) == 1  # one alert per rule and story
    msg = out.alerts[0]
    assert msg.alert.rule == "harbour-strike"
    assert msg.webhooks == ("https://hooks.example.test/desk",)


def test_one_failing_article_is_handed_back_and_the_batch_goes_on(
    state: RouteState, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = state.engine.process

    def process(article: Article, now: datetime | None = None) -> list[object]:
        if article.id == "r-2":
            raise KeyError("a rule bug")
        return real(article, now)  # type: ignore[return-value]

    monkeypatch.setattr(state.engine, "process", process)
    out = state.route([art(1), art(2), art(3)])
    assert [a.id for a in out.records] == ["r-1", "r-3"]
    assert [(a.id, reason.startswith("route failed: KeyError")) for a, reason in out.failed] == [
        ("r-2", True)
    ]


def test_a_kill_notice_passes_through_without_a_story(state: RouteState) -> None:
    out = state.route([art(5, status="withdrawn")])
    assert [a.id for a in out.records] == ["r-5"]
    assert out.records[0].story_id is None and out.alerts == []


def test_statistics_are_drained_when_due_and_summaries_for_changed_stories(
    state: RouteState,
) -> None:
    state.route([art(1)])
    first = state.drain(now=1000.0)
    assert first.stats is not None and set(first.summaries) == set(first.stories)
    assert len(first.stories) == 1
    quiet = state.drain(now=1001.0)  # nothing new, not yet due
    assert quiet.stats is None and quiet.stories == {}
    other = (
        "LULEA, May 20 (Test Wire) - A late frost damaged strawberry fields across the "
        "north on Tuesday, growers said, and the regional board promised help."
    )
    state.route([art(2, body=other)])  # statistics doubled: a successor must not score with half
    assert state.drain(now=1002.0).stats is not None
    assert state.drain(now=1003.0).stats is None
    assert state.drain(now=1002.0 + STATS_EVERY_S).stats is not None  # due by time


def test_alert_message_keeps_targets_out_of_the_alert(state: RouteState) -> None:
    msg = state.route([art(1)]).alerts[0]
    raw = msg.to_bytes()
    again = AlertMessage.model_validate_json(raw)
    assert again == msg
    assert "hooks.example.test" not in msg.alert.model_dump_json()  # not indexed, not posted
    # a message from before the envelope: a bare alert, delivered nowhere
    bare = AlertMessage.model_validate_json(msg.alert.to_json())
    assert bare.alert == msg.alert and bare.webhooks == ()


LATER = (
    "Marta Lindqvist, who leads the dock workers' union, told reporters in Gothenburg that "
    "the strike at the port would go on until the employers improved their pay offer. "
    "Ships waited outside the harbour for a second day and the port was quiet."
)


def test_an_older_report_arriving_late_re_sends_the_moved_record(state: RouteState) -> None:
    """Settling: the older report opens the story, the newer one is sent again in it,
    and the story the newer one had opened leaves the stories index."""
    first = state.route([art(3, body=LATER)])
    newer_story = first.records[0].story_id
    state.drain(now=1000.0)
    out = state.route([art(1)])
    assert [a.id for a in out.records] == ["r-1", "r-3"]
    older, moved = out.records
    assert moved.story_id == older.story_id != newer_story
    assert moved.body == LATER and out.to_read_back == []  # the cached record, updated
    snap = state.drain(now=1001.0)
    assert snap.dissolved == {newer_story} and newer_story in snap.expired
    assert set(snap.summaries) == {older.story_id}
    assert snap.summaries[older.story_id][0] == 2  # both articles counted


def test_with_settling_off_a_late_report_leaves_the_newer_one_where_it_was(
    tmp_path: Path,
) -> None:
    """STORY_SETTLE=false reaches the clusterer the route stage restores: arrival order
    decides again, and nothing is sent a second time."""
    (tmp_path / "harbour.yaml").write_text(RULE)
    state = RouteState(restore_clusterer({}, settle=False), AlertEngine(tmp_path, WebhookPolicy()))
    first = state.route([art(3, body=LATER)])
    state.drain(now=1000.0)
    out = state.route([art(1)])
    assert [a.id for a in out.records] == ["r-1"]
    assert restore_clusterer({}).config.settle is True  # the default settles
    assert first.records[0].story_id  # the newer report kept its own story


def test_an_older_version_after_a_newer_one_fires_nothing_and_changes_no_story(
    state: RouteState,
) -> None:
    # a replay or a backfill delivers version 1 after version 2 was routed
    newer = state.route([art(1, version=2)])
    assert len(newer.alerts) == 1
    late = state.route([art(1, version=1)])
    assert late.stale == ["r-1"] and late.records == [] and late.alerts == []
    # the same version again (a redelivery after a crash) is routed as before
    again = state.route([art(1, version=2)])
    assert [a.id for a in again.records] == ["r-1"] and again.stale == []


def test_a_report_after_its_kill_notice_fires_no_alert(state: RouteState) -> None:
    killed = state.route([art(7, version=2, status="withdrawn")])
    assert [a.id for a in killed.records] == ["r-7"]
    late = state.route([art(7, version=1), art(7, version=2)])
    assert late.stale == ["r-7", "r-7"] and late.alerts == [] and late.records == []
    # a newer version than the kill is news again
    revived = state.route([art(7, version=3)])
    assert [a.id for a in revived.records] == ["r-7"] and revived.stale == []


def test_copies_are_table_records_of_their_own_and_come_back(state: RouteState) -> None:
    # The agent's table writes, on a plain dict in place of the Faust table.
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table)

    state.route([art(1), art(2)])
    write_snapshot(store, state.drain(1000.0))
    assert {k for k in store if k.startswith("c-")} == {copy_key("r-1"), copy_key("r-2")}
    assert all("copies" not in store[k] for k in store if k.startswith("s-"))
    snap = state.drain(1001.0)
    assert snap.copies == {} and snap.copies_gone == set()  # nothing new: nothing written
    # A hostile id makes an ordinary key.
    assert copy_key("x#part-0" + "y" * 500) == copy_key("x#part-0" + "y" * 500)
    assert len(copy_key("z" * 512)) == 26
    # A successor restores the memory and finds the next copy of report 1.
    restored = RouteState(restore_clusterer(store), state.engine)
    copy = art(9)
    copy.body, copy.published = BODY, datetime(2025, 5, 20, 9, tzinfo=UTC)
    routed = restored.route([copy])
    assert routed.records[0].duplicate_of == "r-1"
