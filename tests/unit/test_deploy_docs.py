"""The deployment docs say what the deployment files and the code do.

The compose file, the Dockerfile, ``deploy/production/README.md``,
``deploy/kibana/README.md`` and ``pipeline/settings.py`` describe one
deployment from four sides. Each drifted from the others once (a topic table
with the wrong partition counts and a missing topic, a body cap quoted as
900 KB against a default of 500,000, a worker without alert rules, a note that
the image does not copy the Kibana objects when it does), so they are read
together here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.settings import Settings
from pipeline.topics import topic_specs

ROOT = Path(__file__).resolve().parents[2]
PROD_README = ROOT / "deploy" / "production" / "README.md"
KIBANA_README = ROOT / "deploy" / "kibana" / "README.md"
MAIN_README = ROOT / "README.md"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
TOPICS_SCRIPT = ROOT / "deploy" / "production" / "topics.sh"

# Names the docs may quote that are not pipeline settings: variables of the
# Kafka, Elasticsearch and Kibana images, and protocol values.
IMAGE_AND_PROTOCOL_NAMES = {
    "KAFKA_SSL_KEYSTORE_FILENAME",
    "KAFKA_OPTS",
    "ELASTICSEARCH_USERNAME",
    "ELASTICSEARCH_PASSWORD",
    "ELASTIC_PASSWORD",
    "ES_JAVA_OPTS",
    "PLAIN",
    "PLAINTEXT",
    "SSL",
    "SASL_SSL",
    "SASL_PLAINTEXT",
    "PREFIX",  # "the command points the data views at `PREFIX`": a placeholder
}


def settings_env_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict)
    return data


def compose_knobs() -> set[str]:
    """Variables compose reads from the shell (``${NAME...}``)."""
    return set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", COMPOSE_FILE.read_text()))


def topics_script_knobs() -> set[str]:
    return set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", TOPICS_SCRIPT.read_text()))


@pytest.mark.parametrize("doc", [PROD_README, KIBANA_README], ids=lambda p: p.parent.name)
def test_every_quoted_variable_exists(doc: Path) -> None:
    known = settings_env_names() | compose_knobs() | topics_script_knobs()
    known |= IMAGE_AND_PROTOCOL_NAMES
    quoted = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", doc.read_text()))
    assert quoted - known == set(), f"{doc.name} names variables nobody reads"


def test_topics_table_matches_the_declared_topics() -> None:
    """The table's partition column says `PARTITIONS` exactly where the count follows it."""
    sentinel = 7  # a count no topic has on its own
    names = Settings(partitions=sentinel)
    declared = {}
    for spec in topic_specs(names):
        count = "`PARTITIONS`" if spec.partitions == sentinel else str(spec.partitions)
        declared[spec.name] = count
    rows = re.findall(r"^\| `([a-z.]+)` \| ([^|]+?) \|", PROD_README.read_text(), re.M)
    table = {name: count.strip() for name, count in rows}
    assert table == declared


# "`NAME` (500,000 bytes)", "`NAME` (6 s)", "`NAME` (8, for ...)"
_QUOTED_DEFAULT = re.compile(r"`([A-Z][A-Z0-9_]+)` \(([0-9][0-9,]*(?:\.[0-9]+)?)")


@pytest.mark.parametrize("doc", [PROD_README, MAIN_README], ids=lambda p: p.parent.name or "main")
def test_quoted_defaults_are_the_settings_defaults(doc: Path) -> None:
    fields = Settings.model_fields
    checked = 0
    for name, number in _QUOTED_DEFAULT.findall(doc.read_text()):
        field = fields.get(name.lower())
        if field is None or not isinstance(field.default, int | float):
            continue
        assert float(number.replace(",", "")) == float(field.default), (
            f"{doc.name} quotes {name} as {number}; its default is {field.default}"
        )
        checked += 1
    if doc == PROD_README:
        assert checked >= 5, "the sizing notes quote defaults; the pattern no longer finds them"


def test_worker_gets_the_alert_rules() -> None:
    """Without RULES_DIR no alert fires in production, so the worker must get a mounted one."""
    worker = compose()["services"]["worker"]
    rules_dir = worker["environment"]["RULES_DIR"]
    # "${HOST_DIR:-default}:TARGET:ro": the target is what follows the interpolation
    mounts = [re.sub(r"^\$\{[^}]*\}", "HOST", v).split(":") for v in worker.get("volumes", [])]
    ours = [m for m in mounts if len(m) >= 2 and m[1] == rules_dir]
    assert ours, f"nothing is mounted at RULES_DIR={rules_dir}"
    assert ours[0][2:] == ["ro"], "the worker only reads its rules"
    text = PROD_README.read_text()
    assert "`RULES_DIR`" in text and rules_dir in text


def test_kibana_readme_says_what_the_image_holds() -> None:
    copies = re.search(r"^COPY (deploy/kibana/?) ", DOCKERFILE.read_text(), re.M)
    text = KIBANA_README.read_text()
    if copies:
        assert "does not copy" not in text
        assert f"COPY {copies.group(1)}" in text
    else:
        assert "does not copy" in text
