"""Latency at a fixed rate, settings side by side: one worker, a fresh deployment per run.

    .venv/bin/pipeline bench latency --rate 22.4 --duration 30 --rounds 2 \\
        --variant "" --variant stage_within=0.03 --variant "enrich_within=0.02"

Each variant is the configured settings with some fields changed (``name=value``,
comma-separated; ``""`` for the settings as they are). Rounds alternate the
variants, so drift on a shared machine hits them alike. Every run prints one JSON
line: p50 / p99 of produce -> enriched, searchable and alert in seconds, and the
CPU seconds each party spent (the worker with its NER child, broker, search
server). The worker rate to use is ~80% of what one worker sustains
(``pipeline bench`` reports it).
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.console import fatal
from pipeline.errors import FatalError
from pipeline.settings import Settings


def parse_variant(text: str) -> dict[str, str]:
    """``"a=1,b=x"`` -> ``{"a": "1", "b": "x"}``; only fields of Settings, each once."""
    changes: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise FatalError(f"variant {text!r}: expected name=value, got {part!r}")
        if name not in Settings.model_fields:
            raise FatalError(f"variant {text!r}: {name!r} is not a setting")
        if name in changes:
            raise FatalError(f"variant {text!r}: {name!r} given twice")
        changes[name] = value.strip()
    return changes


def summary(variant: str, run: Any) -> dict[str, Any]:
    from pipeline.bench.results import percentile

    def pair(xs: list[float]) -> list[float | None]:
        return [None if (v := percentile(xs, q)) is None else round(v, 3) for q in (50, 99)]

    fp = run.footprint
    return {
        "variant": variant,
        "articles": run.articles,
        "enriched_p50_p99": pair(run.enriched),
        "searchable_p50_p99": pair(run.searchable),
        "alert_p50_p99": pair(run.alerts),
        "alerts": len(run.alerts),
        "cpu_s": {k: round(v, 2) for k, v in fp.cpu_s.items()},
        "load_start_end": [round(fp.load_start, 2), round(fp.load_end, 2)],
    }


def latency_ab(
    settings: Settings,
    rate: float,
    duration: float,
    rounds: int,
    variants: list[str],
    partitions: int,
    data_dir: Path,
    out: Path,
) -> list[dict[str, Any]]:
    from pipeline.bench.deployment import BENCH_RULES, derive, ensure_stack
    from pipeline.bench.phases import run_latency
    from pipeline.bench.run import check_bench_extra

    check_bench_extra()
    from pydantic import ValidationError

    configured = []
    for v in variants:  # every variant checked before any deployment starts
        try:
            configured.append(derive(settings, partitions=partitions, **parse_variant(v)))
        except ValidationError as exc:
            errors = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            raise FatalError(f"variant {v!r}: {errors}") from None
    out.mkdir(parents=True, exist_ok=True)
    rules = (out / "rules").resolve()
    rules.mkdir(exist_ok=True)
    for fname, text in BENCH_RULES.items():
        (rules / fname).write_text(text)
    stack = ensure_stack(settings)
    results = []
    for rnd in range(rounds):
        for i, (variant, s) in enumerate(zip(variants, configured, strict=True)):
            s = derive(s, kafka_bootstrap=stack.kafka_bootstrap, es_url=stack.es_url)
            tag = uuid.uuid4().hex[:6]
            run = run_latency(
                s, tag, rate, duration, partitions, data_dir, rules, out, False, f"ab{rnd}v{i}"
            )
            line = {"round": rnd + 1, **summary(variant, run)}
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()
            results.append(line)
    return results


def latency_bench_command(
    rate: Annotated[float, typer.Option(min=0.1, help="Articles per second published")],
    variant: Annotated[
        list[str],
        typer.Option(help='Settings changed for one variant, "name=value,..."; "" for none'),
    ],
    duration: Annotated[float, typer.Option(min=1, help="Seconds of publishing per run")] = 30,
    rounds: Annotated[int, typer.Option(min=1, help="Runs of every variant, alternated")] = 2,
    partitions: Annotated[int, typer.Option(min=1, help="Partitions per topic")] = 4,
    data_dir: Annotated[
        Path | None, typer.Option(help="Shared evaluation data; default ../shared/data")
    ] = None,
    out: Annotated[Path, typer.Option(help="Directory for the worker logs")] = Path(
        "bench-out/latency"
    ),
) -> None:
    """Latency at a fixed rate for settings side by side (one worker; one JSON line per run)."""
    from pipeline.bench.corpus import default_data_dir
    from pipeline.console import settings_or_exit

    s = settings_or_exit()
    try:
        latency_ab(
            s,
            rate,
            duration,
            rounds,
            variant,
            partitions,
            default_data_dir() if data_dir is None else data_dir,
            out,
        )
    except FatalError as exc:
        raise fatal(exc) from None
