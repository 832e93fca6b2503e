"""Hostile input through every way in, offline: crashes, event-loop stalls, items lost.

    pipeline bench hostile [--seeds 5] [--json] [--verbose]

Each case of ``pipeline/bench/hostile_cases.py`` (built with seeds 0..N-1, so sizes vary) is
read the way each door reads it, with the production code:

* the readers (``pipeline produce``, the drop folder; ``read_bytes`` with the
  case's format), then the wire encoding every parsed article would be sent
  with (``encode_wire``, size after escaping);
* ``pipeline serve``: ``read_request`` in a thread, as the handler runs it;
* the raw topic (JSON cases): the enrichment agent's decode
  (``decode_articles_off_loop``) on a batch holding the case, then the
  enrichment itself (spaCy NER, dates) for what decoded.

Counted per class: cases, crashes (any exception other than the contract's
``PermanentError`` leaving a door), stalls (the event loop kept from running
for more than 100 ms, measured by a 5 ms ticker beside the serve and worker
paths), items lost (an item with neither an article nor a reason), and the
longest parse, loop gap and enrichment. Only figures measured here are printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from functools import partial
from types import SimpleNamespace
from typing import Annotated, Any

import typer

from pipeline.agentkit import decode_articles_off_loop
from pipeline.bench.hostile_cases import CASES
from pipeline.enrich.core import Enricher
from pipeline.errors import PermanentError
from pipeline.feeds.http import ServeConfig, read_request
from pipeline.feeds.parse import article_from_bytes, encode_wire
from pipeline.feeds.readers import Parsed, Rejected, read_bytes
from pipeline.record import Article

LIMIT = 500_000
STALL_S = 0.1


async def max_loop_gap(work: Callable[[], Awaitable[Any]]) -> tuple[Any, float]:
    """Run ``work`` while a ticker measures the longest time the loop did not run it."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.monotonic()
            gaps.append(now - last - 0.005)
            last = now

    tick = asyncio.create_task(ticker())
    try:
        result = await work()
    finally:
        done.set()
        await tick
    return result, max(gaps, default=0.0)


def event(value: bytes, offset: int) -> Any:
    return SimpleNamespace(
        message=SimpleNamespace(value=value, topic="articles.raw", partition=0, offset=offset)
    )


def parse(value: bytes | None) -> Article:
    """The raw topic's contract, as the enrichment agent applies it."""
    return article_from_bytes(value, max_bytes=LIMIT)


async def measure(seeds: int, verbose: bool = False) -> dict[str, dict[str, Any]]:
    enricher = Enricher()
    enricher.enrich_many([article_from_bytes(b'{"body": "Warm up in Oslo."}', max_bytes=LIMIT)])
    config = ServeConfig(api_key="x" * 16, max_article_bytes=LIMIT)
    rows: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "cases": 0,
            "crashes": 0,
            "stalls": 0,
            "lost": 0,
            "max_parse_ms": 0.0,
            "max_loop_gap_ms": 0.0,
            "max_enrich_s": 0.0,
            "names": [],
        }
    )
    for case in CASES:
        row = rows[case.kind]
        row["names"].append(case.name)
        for seed in range(seeds):
            raw = case.build(random.Random(seed))
            row["cases"] += 1
            # readers: produce and the drop folder
            t = time.monotonic()
            try:
                items = list(read_bytes("bench", raw, LIMIT, case.fmt))
                for i in items:
                    if isinstance(i, Parsed):
                        with contextlib.suppress(PermanentError):
                            encode_wire(i.article, max_bytes=LIMIT)
                    elif not (isinstance(i, Rejected) and i.reason and i.code):
                        row["lost"] += 1
                if not items:
                    row["lost"] += 1
            except Exception:  # noqa: BLE001 - counting is the point
                row["crashes"] += 1
            row["max_parse_ms"] = max(row["max_parse_ms"], (time.monotonic() - t) * 1000)
            # serve: the handler's thread
            fmt = case.fmt if case.fmt != "jsonl" else "auto"
            try:
                got, gap = await max_loop_gap(
                    partial(asyncio.to_thread, read_request, raw, fmt, None, config)
                )
                if not got:
                    row["lost"] += 1
            except Exception:  # noqa: BLE001
                row["crashes"] += 1
                gap = 0.0
            row["stalls"] += gap > STALL_S
            row["max_loop_gap_ms"] = max(row["max_loop_gap_ms"], gap * 1000)
            if verbose and gap > 0.04:
                sys.stderr.write(f"serve gap {gap * 1000:.0f} ms: {case.name} ({len(raw)} bytes)\n")
            if case.fmt != "jsonl":
                continue
            # the raw topic: the worker's decode, then enrichment of what decoded
            batch = [event(b'{"id": "before", "body": "Ferries ran."}', 0), event(raw, 1)]
            try:
                (good, _, letters), gap = await max_loop_gap(
                    partial(decode_articles_off_loop, batch, "dlq", "enrich", parse)
                )
                if len(good) + len(letters) != len(batch):
                    row["lost"] += len(batch) - len(good) - len(letters)
                t = time.monotonic()
                enricher.enrich_many(good)
                row["max_enrich_s"] = max(row["max_enrich_s"], time.monotonic() - t)
            except Exception:  # noqa: BLE001
                row["crashes"] += 1
                gap = 0.0
            row["stalls"] += gap > STALL_S
            row["max_loop_gap_ms"] = max(row["max_loop_gap_ms"], gap * 1000)
    return dict(rows)


def table(rows: dict[str, dict[str, Any]]) -> str:
    """The README's Reliability rows, as Markdown."""
    lines = [
        "| class | cases | crashes | stalls > 100 ms | items lost "
        "| longest parse | longest loop gap | longest enrichment |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in rows.items():
        enrich = f"{r['max_enrich_s']:.1f} s" if r["max_enrich_s"] else "–"
        lines.append(
            f"| {kind} | {r['cases']} | {r['crashes']} | {r['stalls']} | {r['lost']} "
            f"| {r['max_parse_ms']:.0f} ms | {r['max_loop_gap_ms']:.0f} ms | {enrich} |"
        )
    return "\n".join(lines) + "\n"


def hostile_bench_command(
    seeds: Annotated[int, typer.Option(min=1, help="Builds of each case (seeds 0..N-1)")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name each case with a loop gap over 40 ms")
    ] = False,
) -> None:
    """Hostile input through every way in, offline (no broker, no search server): per class,
    crashes, event-loop stalls over 100 ms, items lost, and the longest parse and enrichment."""
    # Every dead letter would be logged; the counts are the output.
    logging.getLogger().setLevel(logging.CRITICAL)
    rows = asyncio.run(measure(seeds, verbose))
    sys.stdout.write(json.dumps(rows, indent=2) + "\n" if as_json else table(rows))
