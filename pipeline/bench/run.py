"""``pipeline bench``: what the pipeline does per second, how that compares with bare
spaCy on the same machine, how it scales from one worker to two, how long an
article takes to become searchable and to fire an alert, and what it costs.

Every deployment the bench starts gets its own topic prefix, index prefix and
consumer group (``bench-<run tag>-<phase>``), so runs never read each other's
messages or documents; they are deleted afterwards unless ``keep`` is set.

Measurement choices, and why:

* **Ceiling**: the same model with the same components (``load_nlp``), the
  same ``nlp.pipe`` batch size and as many processes as workers, on the same
  bodies as the worker's NER sees them. It is what the pipeline could reach if
  Kafka, Faust, dates, stories and indexing were free.
* **Throughput** is timed from the first produce to the moment a reader sees
  the last document (``mget`` of the still-missing ids every 0.5 s: a GET by
  id, cheap even on the local search server, unlike a search). The workers are
  warmed up first and every worker must have taken a message, so the timing
  holds no start-up and no rebalance.
* **Latency** at a steady offered load of half the measured one-worker
  capacity: produce time is stamped by the producer (``produced_at``), the
  index stamps ``indexed_at`` when it sends the bulk, and visibility is
  measured, not assumed: the ids not yet seen are searched (an ``ids`` query,
  which honours the refresh interval) every 0.2 s on a small fresh index.
* **Alerts**: ``fired_at - produced_at`` of the alerts in the deployment's
  alerts index. Only ``new``/``realert`` alerts are timed; an ``update`` keeps
  the first ``fired_at``.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.bench.ceiling import load1, measure_ceiling, ner_texts
from pipeline.bench.corpus import build_corpus, default_data_dir
from pipeline.bench.deployment import (
    BENCH_RULES,
    BULK_DOCS,
    SMOKE_BULK_DOCS,
    derive,
    ensure_stack,
    measure_bulk,
)
from pipeline.bench.phases import (
    LATENCY_S,
    SMOKE_ARTICLES,
    SMOKE_LATENCY_S,
    run_latency,
    run_throughput,
)
from pipeline.bench.report import machine_info, plot, summarize, write_report
from pipeline.bench.results import PipelineRun, pooled
from pipeline.console import fatal, settings_or_exit
from pipeline.errors import FatalError
from pipeline.settings import Settings, redact_url

log = logging.getLogger(__name__)

# Measurement and plotting only: kept out of the runtime dependencies so that a
# worker image does not carry them (pyproject.toml: the `bench` extra).
BENCH_MODULES = ("psutil", "matplotlib")


def check_bench_extra() -> None:
    """Fail before any deployment starts when the bench extra is not installed."""
    missing = [m for m in BENCH_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise FatalError(
            f"pipeline bench needs {', '.join(missing)}: install the bench extra "
            "(pip install 'news-pipeline[bench]'; make install does)"
        )


# ------------------------------------------------------------------- main
def run_bench(
    settings: Settings,
    articles: int,
    workers: int,
    out: Path,
    smoke: bool = False,
    data_dir: Path | None = None,
    keep: bool = False,
    command: str | None = None,
) -> dict[str, Any]:
    """Run every phase; write ``out/report.md``, ``out/bench.png``, ``out/bench.json``."""
    check_bench_extra()
    if workers < 1:
        raise ValueError("workers must be at least 1")
    n = min(articles, SMOKE_ARTICLES) if smoke else articles
    if n < 2:
        raise ValueError("the bench needs at least 2 articles")
    command = command or (
        f"pipeline bench --articles {articles} --workers {workers} --out {out}"
        + (" --smoke" if smoke else "")
    )
    t_start = time.monotonic()
    load_start = load1()
    out.mkdir(parents=True, exist_ok=True)
    rules = (out / "rules").resolve()
    rules.mkdir(exist_ok=True)
    for fname, text in BENCH_RULES.items():
        (rules / fname).write_text(text)
    data_dir = default_data_dir() if data_dir is None else data_dir
    s = ensure_stack(settings)
    counts = sorted({1, 2, workers})
    partitions = max(s.partitions, 2, *counts)
    tag = uuid.uuid4().hex[:8]
    info = machine_info()
    log.info(
        "bench %s: %d articles, workers %s, broker %s, search %s",
        tag,
        n,
        counts,
        s.kafka_bootstrap,
        redact_url(s.es_url),
    )

    corpus = build_corpus(n, data_dir, id_prefix=f"b-{tag}")
    texts = ner_texts(corpus)
    log.info("ceiling: bare spaCy, %d process(es), %d articles", workers, len(texts))
    before = measure_ceiling(texts, s.spacy_model, s.enrich_batch, workers)
    subset = texts[: min(len(texts), max(SMOKE_ARTICLES, len(texts) // 4))]
    ceiling1 = before if workers == 1 else measure_ceiling(subset, s.spacy_model, s.enrich_batch, 1)
    log.info(
        "ceiling: %.2f articles/s (%d proc), %.2f (1 proc)",
        before.articles_per_s,
        before.processes,
        ceiling1.articles_per_s,
    )
    bulk_dps = measure_bulk(
        s, f"{s.index_prefix}-bench-{tag}-bulk", SMOKE_BULK_DOCS if smoke else BULK_DOCS
    )
    log.info("bulk: %.0f docs/s", bulk_dps)

    runs: dict[int, PipelineRun] = {}
    for k in counts:
        runs[k] = run_throughput(s, tag, k, partitions, corpus, rules, out, keep)
    log.info("ceiling again, after the pipeline runs")
    ceiling = pooled(before, measure_ceiling(texts, s.spacy_model, s.enrich_batch, workers))
    if workers == 1:
        ceiling1 = ceiling
    log.info("ceiling rounds %s articles/s", [round(x, 2) for x in ceiling.rounds])
    # The latency goals hold at half load and at 80% of one worker's capacity.
    lat, lat80 = (
        run_latency(
            s,
            tag,
            share * runs[1].articles_per_s,
            SMOKE_LATENCY_S if smoke else LATENCY_S,
            partitions,
            data_dir,
            rules,
            out,
            keep,
            phase=phase,
        )
        for share, phase in ((0.5, "latency"), (0.8, "latency80"))
    )
    args = {"articles": n, "workers": workers, "smoke": smoke}
    measured = derive(s, partitions=partitions)  # as the deployments ran
    summary = summarize(
        args,
        corpus,
        ceiling,
        ceiling1,
        runs,
        lat,
        bulk_dps,
        load=(load_start, load1()),
        lat80=lat80,
        wall=time.monotonic() - t_start,
        cores=int(info["cores"]) or 1,
    )
    write_report(
        out,
        summary,
        info,
        command,
        measured,
        corpus,
        ceiling,
        ceiling1,
        runs,
        lat,
    )
    plot(out, runs, lat, ceiling)
    (out / "bench.json").write_text(
        json.dumps(
            {
                "summary": summary,
                "machine": info,
                "command": command,
                "runs": {k: asdict(v) for k, v in runs.items()},
                "latency": asdict(lat),
                "latency_80": asdict(lat80),
                "ceiling": asdict(ceiling),
                "ceiling_1proc": asdict(ceiling1),
                "settings": measured.model_dump(mode="json"),
            },
            default=str,
        )
    )
    return summary


def bench_command(
    ctx: typer.Context,
    articles: Annotated[int, typer.Option(min=2, help="Articles per throughput run")] = 2000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (1 and 2 are always measured too)")
    ] = 2,
    out: Annotated[
        Path, typer.Option(help="Directory for report.md, bench.png, bench.json, logs")
    ] = Path("bench-out"),
    smoke: Annotated[
        bool, typer.Option(help="Tiny run (60 articles, 6 s latency phase): CI checks it completes")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Shared evaluation data (MEANTIME, ECB+); default ../shared/data"),
    ] = None,
    keep: Annotated[bool, typer.Option(help="Keep the bench topics and indices")] = False,
) -> None:
    """Benchmark the pipeline on the local stack (or KAFKA_BOOTSTRAP/ES_URL): throughput
    against bare spaCy, 1 vs 2 workers, produce->searchable/alert latency, footprint.
    Prints one JSON line."""
    if ctx.invoked_subcommand is not None:
        return  # `pipeline bench enrich|alerts|stories`: only the part asked for

    s = settings_or_exit()
    command = " ".join(["pipeline", *sys.argv[1:]]) if sys.argv[1:2] == ["bench"] else None
    try:
        summary = run_bench(s, articles, workers, out, smoke, data_dir, keep, command)
    except FatalError as exc:
        raise fatal(exc) from None
    sys.stdout.write(json.dumps(summary) + "\n")
