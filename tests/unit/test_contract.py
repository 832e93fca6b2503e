"""The record, the wire JSON Schema and the index template agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline.record import ENTITY_LABELS, Article, Entity, Span, TimeExpr

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "article.schema.json").read_text())
TEMPLATE = json.loads((ROOT / "schemas" / "news-template.json").read_text())
MAPPING = TEMPLATE["template"]["mappings"]["properties"]


def test_schema_is_valid_and_wire_fields_exist_on_record() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert set(SCHEMA["properties"]) <= set(Article.model_fields)
    assert SCHEMA["required"] == ["body"]


def test_every_document_field_is_mapped() -> None:
    doc_fields = set(Article.model_fields) - {"id"}
    doc_fields |= {f"entity_{label.lower()}" for label in ENTITY_LABELS}
    doc_fields |= {"mentioned_dates", "indexed_at", "copy_group"}
    assert doc_fields == set(MAPPING)
    assert set(Entity.model_fields) == set(MAPPING["entities"]["properties"])
    assert set(TimeExpr.model_fields) == set(MAPPING["dates"]["properties"])
    assert MAPPING["mentioned_dates"]["type"] == "date_range"
    assert TEMPLATE["template"]["mappings"]["dynamic"] == "strict"


def test_full_record_document_validates_against_schema_and_mapping() -> None:
    a = Article(
        id="x",
        title="t",
        body="b",
        version=2,
        source="s",
        url="https://x.test/",
        entities=[
            Entity(
                text="Putin",
                canonical="Vladimir Putin",
                label="PERSON",
                count=1,
                mentions=[Span(start=0, end=5)],
            )
        ],
        dates=[
            TimeExpr(
                text="May",
                start=0,
                end=3,
                type="DATE",
                value="2025-05",
                gte="2025-05-01",
                lte="2025-05-31",
            )
        ],
    )
    wire = json.loads(a.to_json())
    jsonschema.validate({k: v for k, v in wire.items() if k in SCHEMA["properties"]}, SCHEMA)
    doc = a.to_document()
    assert set(doc) <= set(MAPPING)
    assert doc["entity_person"] == ["Vladimir Putin"]


def test_alert_and_story_templates_match_their_records() -> None:
    from pipeline.alerts.dedup import Alert, ArticleRef, Matched
    from pipeline.stories.cluster import StorySummary

    alerts = json.loads((ROOT / "schemas" / "alerts-template.json").read_text())
    amap = alerts["template"]["mappings"]["properties"]
    assert set(Alert.model_fields) == set(amap)
    assert set(ArticleRef.model_fields) == set(amap["article"]["properties"])
    assert set(Matched.model_fields) == set(amap["matched"]["properties"])
    stories = json.loads((ROOT / "schemas" / "stories-template.json").read_text())
    smap = stories["template"]["mappings"]["properties"]
    assert set(StorySummary.__dataclass_fields__) | {"articles"} == set(smap)


def test_readme_documents_every_setting() -> None:
    from pipeline.settings import Settings

    readme = (ROOT / "README.md").read_text()
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}" not in readme]
    assert missing == []
