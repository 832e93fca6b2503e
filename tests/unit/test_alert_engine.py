"""Hot reload: a bad file never silences the rules already active."""

from __future__ import annotations

from pathlib import Path

from pipeline.alerts.engine import AlertEngine
from pipeline.alerts.webhooks import WebhookPolicy
from pipeline.record import Article, Entity, Span

RULE = """name: {name}
match:
  all:
    - entity: {{name: {entity}}}
realert: 1h
"""


def putin_article(story: str) -> Article:
    return Article(
        id=f"a-{story}",
        title="Talks",
        body="Putin spoke about a ceasefire.",
        story_id=story,
        entities=[
            Entity(
                text="Putin",
                canonical="Vladimir Putin",
                label="PERSON",
                count=1,
                mentions=[Span(start=0, end=5)],
            )
        ],
    )


def test_reload_keeps_previous_rules_when_a_file_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "putin.yaml").write_text(RULE.format(name="putin", entity="Vladimir Putin"))
    engine = AlertEngine(tmp_path, WebhookPolicy())
    assert engine.rule_count == 1
    assert [f.alert.rule for f in engine.process(putin_article("s1"))] == ["putin"]

    (tmp_path / "broken.yaml").write_text("name: broken\nmatch: [unclosed\n")
    assert engine.reload() is False
    assert engine.rule_count == 1 and engine.errors
    assert "broken.yaml" in str(engine.errors[0])

    (tmp_path / "broken.yaml").write_text(RULE.format(name="nato", entity="NATO"))
    assert engine.reload() is True
    assert engine.rule_count == 2 and not engine.errors
    assert engine.reload() is False  # nothing changed since


def test_one_alert_per_rule_per_story(tmp_path: Path) -> None:
    (tmp_path / "putin.yaml").write_text(RULE.format(name="putin", entity="Vladimir Putin"))
    engine = AlertEngine(tmp_path, WebhookPolicy())
    first = engine.process(putin_article("s1"))
    again = engine.process(putin_article("s1"))
    other = engine.process(putin_article("s2"))
    assert len(first) == 1 and again == [] and len(other) == 1
    assert first[0].alert.story_id == "s1"
