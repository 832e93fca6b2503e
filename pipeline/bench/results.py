"""What the bench measures, as plain records: rates, CPU footprints, latency runs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


# ----------------------------------------------------------------- results
class _Rates:
    """Articles and words a second over a timed wall-clock interval."""

    articles: int
    words: int
    wall_s: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s if self.wall_s > 0 else 0.0


@dataclass
class Ceiling(_Rates):
    processes: int
    articles: int
    words: int
    wall_s: float
    cpu_s: float  # CPU time of the spaCy processes while timed
    machine_busy_s: float  # busy time of every core meanwhile (others included)
    rounds: list[float] = field(default_factory=list)  # articles/s of each measurement pooled

    @property
    def articles_per_cpu_s(self) -> float:
        return self.articles / self.cpu_s if self.cpu_s > 0 else 0.0

    @property
    def others_cpu_s(self) -> float:
        return max(0.0, self.machine_busy_s - self.cpu_s)


@dataclass
class Footprint:
    """Per worker: peak RSS (with children) and an RSS timeline; CPU seconds per party."""

    peak_rss_mb: list[float] = field(default_factory=list)
    rss_timeline: list[tuple[float, list[float]]] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)
    load_start: float = 0.0
    load_end: float = 0.0


@dataclass
class PipelineRun(_Rates):
    workers: int
    articles: int
    words: int
    startup_s: float
    produce_s: float
    wall_s: float
    indexed_offsets: list[float]  # indexed_at - first produce, per article
    copies_detected: int
    footprint: Footprint

    @property
    def articles_per_cpu_s(self) -> float:
        """Articles per CPU second of the worker processes (broker and search not counted)."""
        cpu = self.footprint.cpu_s.get("workers", 0.0)
        return self.articles / cpu if cpu > 0 else 0.0

    @property
    def worker_cores(self) -> float:
        """Cores' worth of CPU the worker processes got while timed."""
        cpu = self.footprint.cpu_s.get("workers", 0.0)
        return cpu / self.wall_s if self.wall_s > 0 else 0.0

    def others_share(self, cores: int) -> float:
        """Share of the machine's CPU that other users took while this run was timed."""
        avail = self.wall_s * cores
        return self.footprint.cpu_s.get("others", 0.0) / avail if avail > 0 else 0.0


@dataclass
class LatencyRun:
    workers: int
    rate: float
    duration_s: float
    articles: int
    startup_s: float
    indexed: list[float]  # indexed_at - produced_at
    enriched: list[float]  # enriched_at - produced_at
    searchable: list[float]  # first seen by a search - produced_at
    alerts: list[float]  # fired_at - produced_at (new/realert)
    alerts_total: int
    footprint: Footprint


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def iso_ts(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def pooled(a: Ceiling, b: Ceiling) -> Ceiling:
    """Two measurements as one: all their articles over all their time.

    The ceiling is measured before and after the pipeline runs, so a machine
    that speeds up or slows down during the bench moves both sides alike.
    """
    return Ceiling(
        processes=a.processes,
        articles=a.articles + b.articles,
        words=a.words + b.words,
        wall_s=a.wall_s + b.wall_s,
        cpu_s=a.cpu_s + b.cpu_s,
        machine_busy_s=a.machine_busy_s + b.machine_busy_s,
        rounds=[*(a.rounds or [a.articles_per_s]), *(b.rounds or [b.articles_per_s])],
    )


def r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, nd)


def hop(later: list[float], earlier: list[float]) -> float | None:
    a, b = percentile(later, 50), percentile(earlier, 50)
    return None if a is None or b is None else a - b
