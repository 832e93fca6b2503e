"""The deployment files agree with the code they deploy.

docker-compose.yml, the Dockerfile and deploy/production/topics.sh are never
run in CI (no container engine there), so what can drift silently is checked
here instead: every variable handed to the pipeline is a Settings field and
validates as one, images are pinned, the worker waits for its dependencies,
the image runs the console script pyproject.toml declares, and topics.sh
creates exactly the topics pipeline/topics.py declares.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.settings import Settings
from pipeline.topics import topic_specs

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
TOPICS_SCRIPT = ROOT / "deploy" / "production" / "topics.sh"

PIPELINE_SERVICES = ("worker", "producer")

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict) and "services" in data
    return data


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _interpolate(value: str) -> str:
    """Resolve compose interpolation as with an empty shell: defaults apply."""

    def repl(m: re.Match[str]) -> str:
        op, arg = m.group(2), m.group(3)
        if op and op.endswith("?"):
            raise AssertionError(f"compose requires {m.group(1)} to be set: {arg}")
        return arg if op and op.endswith("-") else ""

    return _INTERPOLATION.sub(repl, value).replace("$$", "$")


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment as a dict, whichever of the two forms it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        env = dict(pairs)
    return {str(k): _interpolate(str(v)) if v is not None else "" for k, v in env.items()}


def _settings_env_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def _image_tag(image: str) -> str | None:
    """The tag of an image reference, or None (a digest counts as a tag)."""
    if "@sha256:" in image:
        return image.split("@", 1)[1]
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, args = line.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


# --- (1) the pipeline is configured only through Settings --------------------


@pytest.mark.parametrize("name", PIPELINE_SERVICES)
def test_pipeline_env_vars_are_settings_fields(compose: dict[str, Any], name: str) -> None:
    env = _environment(compose["services"][name])
    assert env, f"{name} sets no environment at all"
    unknown = sorted(set(env) - _settings_env_names())
    assert not unknown, f"{name} sets variables Settings does not know: {unknown}"


@pytest.mark.parametrize("name", PIPELINE_SERVICES)
def test_pipeline_env_validates_as_settings(compose: dict[str, Any], name: str) -> None:
    """Known names are not enough: a value Settings rejects stops the worker at start."""
    env = _environment(compose["services"][name])
    settings = Settings(**{key.lower(): value for key, value in env.items()})
    assert settings.kafka_bootstrap == "kafka:9092"
    assert settings.es_url == "http://elasticsearch:9200"


def test_topics_and_worker_agree_on_partitions(compose: dict[str, Any]) -> None:
    services = compose["services"]
    topics_env, worker_env = _environment(services["topics"]), _environment(services["worker"])
    for key in ("PARTITIONS", "REPLICATION", "TOPIC_PREFIX", "KAFKA_BOOTSTRAP"):
        assert topics_env.get(key) == worker_env.get(key), key


# --- (2) images are pinned ---------------------------------------------------------


def test_compose_images_are_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        image = service.get("image")
        if image is None:
            assert "build" in service, f"{name} has neither image nor build"
            continue
        tag = _image_tag(image)
        assert tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest", f"{name}: image {image!r} is not pinned"


def test_built_images_carry_the_package_version(
    compose: dict[str, Any], pyproject: dict[str, Any]
) -> None:
    version = pyproject["project"]["version"]
    for name in PIPELINE_SERVICES:
        service = compose["services"][name]
        assert "build" in service, f"{name} is not built from the Dockerfile"
        assert _image_tag(service["image"]) == version, name


def test_kibana_matches_elasticsearch(compose: dict[str, Any]) -> None:
    services = compose["services"]
    es_tag = _image_tag(services["elasticsearch"]["image"])
    assert es_tag and es_tag.startswith("8."), "production runs Elasticsearch 8"
    assert _image_tag(services["kibana"]["image"]) == es_tag
    assert services["topics"]["image"] == services["kafka"]["image"]


def test_dockerfile_base_images_are_pinned() -> None:
    instructions = _dockerfile_instructions()
    args: dict[str, str] = {}
    for keyword, rest in instructions:
        if keyword == "ARG" and "=" in rest:
            key, _, value = rest.partition("=")
            args[key] = value
    bases = [rest.split()[0] for keyword, rest in instructions if keyword == "FROM"]
    assert bases
    stages = {
        rest.split()[-1]
        for keyword, rest in instructions
        if keyword == "FROM" and " AS " in rest.upper()
    }
    for base in bases:
        resolved = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), base)
        if resolved in stages:
            continue
        tag = _image_tag(resolved)
        assert tag and tag != "latest", f"Dockerfile base {base!r} ({resolved!r}) is not pinned"
        assert resolved.startswith("python:3.11"), "pyproject requires Python 3.11"


# --- (3) the worker waits for what it needs ---------------------------------------


def test_worker_depends_on_kafka_and_elasticsearch(compose: dict[str, Any]) -> None:
    depends = compose["services"]["worker"]["depends_on"]
    assert isinstance(depends, dict), "use the long form, with conditions"
    assert depends["kafka"]["condition"] == "service_healthy"
    assert depends["elasticsearch"]["condition"] == "service_healthy"
    assert depends["topics"]["condition"] == "service_completed_successfully"
    for dependency in ("kafka", "elasticsearch"):
        assert "healthcheck" in compose["services"][dependency], dependency


def test_worker_can_scale(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    assert "container_name" not in worker, "a fixed name forbids a second replica"
    assert not worker.get("ports"), "a published port forbids a second replica"


# --- (4) the image runs the console script ------------------------------------------


def test_dockerfile_entrypoint_is_the_console_script(
    compose: dict[str, Any], pyproject: dict[str, Any]
) -> None:
    entrypoints = [rest for keyword, rest in _dockerfile_instructions() if keyword == "ENTRYPOINT"]
    assert entrypoints, "Dockerfile has no ENTRYPOINT"
    entrypoint = json.loads(entrypoints[-1])  # exec form, so signals reach Faust
    assert entrypoint == ["pipeline"]
    assert entrypoint[0] in pyproject["project"]["scripts"]
    services = compose["services"]
    assert services["worker"]["command"] == ["worker"]
    assert services["producer"]["command"] == ["produce", "/data"]
    assert services["producer"]["profiles"] == ["tools"]


def test_dockerfile_installs_runtime_only_as_non_root() -> None:
    instructions = _dockerfile_instructions()
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert "pip install" in runs
    assert "[local" not in runs and "[dev" not in runs, "the image must not carry the extras"
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}, "the app must not run as root"
    workdirs = [rest for keyword, rest in instructions if keyword == "WORKDIR"]
    assert workdirs[-1] == "/app"
    copies = [rest.split() for keyword, rest in instructions if keyword == "COPY"]
    assert ["schemas/", "/app/schemas/"] in copies, "index templates must be at /app/schemas"


def test_dockerfile_env_is_settings_or_runtime() -> None:
    """The image's own defaults obey the same rule as compose: only Settings fields."""
    runtime = {"PATH"}
    for keyword, rest in _dockerfile_instructions():
        if keyword != "ENV":
            continue
        for pair in rest.split():
            name = pair.split("=", 1)[0]
            if name in runtime or name.startswith(("PYTHON", "PIP_")):
                continue
            assert name in _settings_env_names(), f"Dockerfile ENV {name} is not a Settings field"


def test_build_context_holds_what_the_dockerfile_copies() -> None:
    """The .dockerignore is an allow-list; a COPY of an excluded path fails the build."""
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", ".dockerignore should start by excluding everything"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    for secret_prone in (".state", ".venv", ".env", ".git"):
        assert secret_prone not in allowed
    for keyword, rest in _dockerfile_instructions():
        if keyword != "COPY" or rest.startswith("--from"):
            continue
        *sources, _dest = rest.split()
        for source in sources:
            path = source.rstrip("/")
            assert any(path == a or path.startswith(a + "/") for a in allowed), (
                f"COPY {source}: excluded by .dockerignore"
            )
            assert (ROOT / source).exists(), f"COPY {source}: no such path"


# --- topics.sh creates the topics Settings names ------------------------------------


_FAKE_KAFKA_TOPICS = r"""#!/bin/sh
# kafka-topics.sh stand-in: a "broker" whose topics are files under STATE.
echo "$*" >> "LOG"
topic=""; parts=""; describe=""
while [ $# -gt 0 ]; do
    case "$1" in
        --topic) topic="$2"; shift ;;
        --partitions) parts="$2"; shift ;;
        --describe) describe=1 ;;
    esac
    shift
done
if [ -n "$describe" ]; then
    printf 'Topic: %s\tTopicId: y\tPartitionCount: %s\tReplicationFactor: 1\n' \
        "$topic" "$(cat "STATE/$topic")"
elif [ ! -e "STATE/$topic" ]; then
    echo "$parts" > "STATE/$topic"
fi
"""


def _fake_kafka_bin(tmp_path: Path, existing: dict[str, int] | None = None) -> Path:
    """A directory with a fake kafka-topics.sh; ``existing`` topics are there already."""
    bin_dir, state = tmp_path / "bin", tmp_path / "topics"
    bin_dir.mkdir()
    state.mkdir()
    for topic, partitions in (existing or {}).items():
        (state / topic).write_text(f"{partitions}\n")
    tool = bin_dir / "kafka-topics.sh"
    tool.write_text(
        _FAKE_KAFKA_TOPICS.replace("LOG", str(tmp_path / "calls.log")).replace("STATE", str(state))
    )
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _run_topics(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    sh = shutil.which("sh")
    assert sh, "a POSIX sh is needed to run topics.sh"
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sh, str(TOPICS_SCRIPT)], env=full_env, capture_output=True, text=True, timeout=60
    )


def test_topics_script_creates_the_declared_topics(tmp_path: Path) -> None:
    """Names and partition counts are those of pipeline/topics.py, which the worker declares."""
    bin_dir = _fake_kafka_bin(tmp_path)
    result = _run_topics(
        tmp_path,
        KAFKA_BIN=str(bin_dir),
        KAFKA_BOOTSTRAP="broker:9092",
        TOPIC_PREFIX="t1-",
        PARTITIONS="6",
        REPLICATION="3",
    )
    assert result.returncode == 0, result.stderr
    calls = [c.split() for c in (tmp_path / "calls.log").read_text().splitlines()]
    creates = [c for c in calls if "--create" in c]
    created = {c[c.index("--topic") + 1]: int(c[c.index("--partitions") + 1]) for c in creates}
    declared = topic_specs(Settings(topic_prefix="t1-", partitions=6, replication=3))
    assert created == {spec.name: spec.partitions for spec in declared}
    for call in creates:
        assert call[call.index("--bootstrap-server") + 1] == "broker:9092"
        assert call[call.index("--replication-factor") + 1] == "3"
        assert "--if-not-exists" in call
        assert "min.insync.replicas=2" in call


def test_topics_script_is_idempotent(tmp_path: Path) -> None:
    bin_dir = _fake_kafka_bin(tmp_path)
    for _ in range(2):
        result = _run_topics(tmp_path, KAFKA_BIN=str(bin_dir), PARTITIONS="4")
        assert result.returncode == 0, result.stderr


def test_topics_script_fails_on_a_partition_mismatch(tmp_path: Path) -> None:
    bin_dir = _fake_kafka_bin(tmp_path, existing={"articles.raw": 2})
    result = _run_topics(tmp_path, KAFKA_BIN=str(bin_dir), PARTITIONS="4")
    assert result.returncode != 0
    assert "articles.raw has 2 partitions, 4 expected" in result.stderr
