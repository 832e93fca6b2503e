"""Stories and alerts in the stream: a wire copy joins its original's story, an alert fires
once per story, and nothing fires for unrelated news."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.index.views import list_alerts
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import es_call, fetch_docs, running_worker, wait_for

RULE = """name: putin-ceasefire
match:
  all:
    - entity: {name: Vladimir Putin}
    - any: [{keyword: ceasefire}, {keyword: truce}]
realert: 1d
"""
CALL = (
    "MOSCOW: Vladimir Putin and Donald Trump spoke by telephone for two hours on Monday "
    "about a possible ceasefire in Ukraine, the Kremlin said. Putin told Trump that Moscow "
    "was ready to work with Kyiv on a memorandum about a future peace accord, and that a "
    "ceasefire could follow if the right agreements were reached. Trump said the call had "
    "gone very well and that talks between Russia and Ukraine would start immediately."
)
COPY = CALL.replace("spoke by telephone", "talked by phone").replace("very well", "well")
FOOTBALL = (
    "MADRID: Real Madrid beat Sevilla 3-1 on Sunday to close the league season in "
    "second place, with two goals from their young forward in the second half. The "
    "coach said the team would rest for a week before pre-season training in July."
)


def test_copy_joins_story_and_alert_fires_once(settings: Settings, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "putin.yaml").write_text(RULE)
    ensure_topics(settings)
    t = datetime(2025, 5, 19, 18, 0, tzinfo=UTC)
    arts = [
        Article(
            id="call-1",
            title="Putin and Trump discuss ceasefire",
            body=CALL,
            published=t,
            source="Wire A",
        ),
        Article(
            id="call-2",
            title="Putin and Trump discuss truce",
            body=COPY,
            published=t,
            source="Wire B",
        ),
        Article(
            id="sport-1",
            title="Madrid close season with win",
            body=FOOTBALL,
            published=t,
            source="Wire A",
        ),
    ]
    log = tmp_path / "worker.log"
    with running_worker(settings, log, RULES_DIR=str(rules)) as proc:
        # The copy comes after its original, as on a wire: sent together, the two
        # may sit on different raw partitions (placement follows the text) and
        # reach the route stage in either order, and the alert goes to the
        # first of the story to arrive.
        pub = Publisher(settings)
        pub.publish(Parsed("t", i, a) for i, a in enumerate([arts[0], arts[2]]))
        wait_for(
            lambda: "call-1" in fetch_docs(settings, ["call-1"]),
            120,
            "the original indexed",
            proc=proc,
            log=log,
        )
        pub.publish([Parsed("t", 1, arts[1])])
        pub.close()
        docs = wait_for(
            lambda: len(d := fetch_docs(settings, [a.id for a in arts])) == 3 and d,
            120,
            "articles indexed",
            proc=proc,
            log=log,
        )
        alerts: list[dict[str, Any]] = wait_for(
            lambda: es_call(settings, lambda c: list_alerts(c, settings)),
            60,
            "alert indexed",
            proc=proc,
            log=log,
        )
    call, copy, sport = (docs[i]["_source"] for i in ("call-1", "call-2", "sport-1"))
    assert copy["duplicate_of"] == "call-1"
    assert copy["story_id"] == call["story_id"] != sport["story_id"]
    assert len(alerts) == 1
    (alert,) = alerts
    assert (alert["rule"], alert["article_id"], alert["story_id"]) == (
        "putin-ceasefire",
        "call-1",
        call["story_id"],
    )
    assert "Vladimir Putin" in alert["matched"]["entities"]
    assert "ceasefire" in alert["snippet"].lower()
