"""Session fixtures: the real local broker and search server, fresh names per test.

They never skip: if a service cannot start, the run fails and says why.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.settings import Settings
from pipeline.stack import LocalStack, StackState, free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def local_stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LocalStack, StackState]]:
    state_dir = tmp_path_factory.mktemp("stack")
    stack = LocalStack(state_dir)
    try:
        state = stack.up(kafka_port=free_port(), es_port=free_port(), timeout=60)
    except Exception as exc:  # noqa: BLE001 - any start failure fails the run, loudly
        pytest.fail(f"could not start the local stack: {exc}", pytrace=False)
    yield stack, state
    stack.down()


@pytest.fixture
def settings(local_stack: tuple[LocalStack, StackState], tmp_path: Path) -> Settings:
    """Settings pointing at the local stack with a fresh topic prefix, index and group."""
    _stack, state = local_stack
    tag = uuid.uuid4().hex[:8]
    return Settings(
        kafka_bootstrap=state.kafka_bootstrap,
        es_url=state.es_url,
        state_dir=tmp_path / "state",
        app_id=f"test-{tag}",
        topic_prefix=f"t{tag}.",
        index_prefix=f"t{tag}",
        partitions=2,
        enrich_within=0.2,
    )
