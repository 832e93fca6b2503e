"""Cost of online story assignment with 100,000 articles in the window.

Synthetic articles (no model needed): a Zipf-distributed background
vocabulary, plus per-event words, numbers and named entities drawn from a
large pool, so that events look like news events (a few specific names and
figures among common words). Events have geometric sizes (mean ~4 articles),
arrive interleaved over ``--days`` of article time (less than the clusterer's
window, so every article stays live), and ``--dup-rate`` of the articles are
wire copies of an earlier one with a few words changed.

It prints the time per ``assign`` (mean, median, 99th percentile) in blocks
of 10,000 as the window fills and for a final timed block at full window, and
the process RSS (psutil) before and after. A benchmark, not a test:

    .venv/bin/pipeline bench stories                    # 100,000 articles
    .venv/bin/pipeline bench stories --articles 20000
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

import numpy as np
import psutil
import typer

from pipeline.record import Article, Entity
from pipeline.stories import ClusterConfig, StoryClusterer

START = datetime(2031, 1, 1, tzinfo=UTC)
LABELS = ("PERSON", "ORG", "GPE", "PERSON", "ORG", "FAC")


def syllable_words(rng: np.random.Generator, n: int, parts: int) -> list[str]:
    """``n`` distinct made-up words of ``parts`` syllables each (80 ** parts possible)."""
    if n > 80**parts:
        raise ValueError(f"only {80**parts} words of {parts} syllables")
    cons = list("bcdfghklmnprstvz")
    vows = list("aeiou")
    out: set[str] = set()
    while len(out) < n:
        k = n - len(out)
        c = rng.choice(cons, size=(k, parts))
        v = rng.choice(vows, size=(k, parts))
        out.update(
            "".join(a + b for a, b in zip(cc, vv, strict=True)) for cc, vv in zip(c, v, strict=True)
        )
    return sorted(out)[:n]


class Synth:
    """A reproducible stream of synthetic enriched articles."""

    def __init__(self, seed: int, vocab: int, names: int, days: float, dup_rate: float) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = syllable_words(self.rng, vocab, 3)
        ranks = np.arange(1, vocab + 1, dtype=np.float64)
        p = 1.0 / ranks**1.05
        self.cdf = np.cumsum(p / p.sum())
        self.names = [n.capitalize() for n in syllable_words(self.rng, names, 3)]
        self.days = days
        self.dup_rate = dup_rate

    def zipf_words(self, k: int) -> list[str]:
        idx = np.searchsorted(self.cdf, self.rng.random(k) * self.cdf[-1])
        return [self.words[i] for i in idx.tolist()]

    def event(self) -> dict[str, object]:
        rng = self.rng
        ents = rng.choice(len(self.names), size=(int(rng.integers(2, 6)), 2))
        return {
            "words": self.zipf_words(10),
            "numbers": [str(int(x)) for x in rng.integers(2, 5000, size=3)],
            "ents": [
                (f"{self.names[a]} {self.names[b]}", LABELS[int(rng.integers(len(LABELS)))])
                for a, b in ents
            ],
        }

    def article(self, i: int, ev: dict[str, object], t: float) -> Article:
        rng = self.rng
        words = self.zipf_words(int(rng.integers(120, 320)))
        ev_words: list[str] = ev["words"]  # type: ignore[assignment]
        nums: list[str] = ev["numbers"]  # type: ignore[assignment]
        ents: list[tuple[str, str]] = ev["ents"]  # type: ignore[assignment]
        specific = ev_words + nums + [n for n, _ in ents]
        for _ in range(len(words) // 5):
            words.insert(int(rng.integers(len(words))), specific[int(rng.integers(len(specific)))])
        sentences = [
            " ".join(words[j : j + 18]).capitalize() + "." for j in range(0, len(words), 18)
        ]
        body = " ".join(sentences)
        title = " ".join([*ev_words[:3], ents[0][0], *words[:3]]).capitalize()
        entities = [
            Entity(text=n, canonical=n, label=lab, count=max(1, body.count(n))) for n, lab in ents
        ]
        return Article(
            id=f"syn-{i:07d}",
            title=title,
            body=body,
            entities=entities,
            source=f"outlet-{int(rng.integers(40))}.example",
            published=START + timedelta(seconds=t),
        )

    def stream(self, n: int) -> Iterator[Article]:
        """``n`` articles in time order; events open at a steady rate and run for a few hours."""
        rng = self.rng
        span = self.days * 86400.0
        live: list[tuple[dict[str, object], int]] = []
        recent: list[Article] = []
        for i in range(n):
            t = span * i / n
            if rng.random() < self.dup_rate and recent:
                orig = recent[int(rng.integers(len(recent)))]
                words = orig.body.split(" ")
                for _ in range(3):
                    words[int(rng.integers(len(words)))] = self.words[int(rng.integers(2000))]
                yield orig.model_copy(
                    update={
                        "id": f"syn-{i:07d}",
                        "body": " ".join(words),
                        "published": START + timedelta(seconds=t),
                        "source": "reprint.example",
                    }
                )
                continue
            if not live or rng.random() < 0.22:
                live.append((self.event(), int(rng.geometric(0.25))))
            # Events run for a while, interleaved with the 30 most recent others.
            k = len(live) - 1 - int(rng.integers(min(30, len(live))))
            ev, left = live[k]
            art = self.article(i, ev, t)
            if left <= 1:
                live.pop(k)
            else:
                live[k] = (ev, left - 1)
            recent.append(art)
            if len(recent) > 200:
                recent.pop(0)
            yield art


def stories_bench_command(
    articles: Annotated[int, typer.Option(min=1, help="Articles that fill the window")] = 100_000,
    extra: Annotated[int, typer.Option(min=1, help="Timed articles after the fill")] = 5_000,
    days: Annotated[float, typer.Option(help="Article time the fill spans")] = 5.0,
    vocab: Annotated[int, typer.Option(help="Background vocabulary size")] = 50_000,
    names: Annotated[int, typer.Option(help="Named-entity pool size")] = 40_000,
    dup_rate: Annotated[float, typer.Option(help="Share of wire copies")] = 0.05,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic stream")] = 7,
) -> None:
    """Cost of online story assignment with a full window of synthetic articles: time per
    assign as the window fills, and the memory it takes."""
    proc = psutil.Process()
    synth = Synth(
        seed,
        vocab,
        names,
        days * (1 + extra / articles),
        dup_rate,
    )
    gc.collect()
    rss0 = proc.memory_info().rss
    clusterer = StoryClusterer(ClusterConfig())
    block: list[float] = []
    total = articles + extra
    dups = new = 0
    print(f"{'articles':>9} {'stories':>8} {'mean ms':>8} {'p50 ms':>7} {'p99 ms':>7}")
    rss_fill = rss0
    for i, art in enumerate(synth.stream(total), 1):
        t0 = time.perf_counter()
        got = clusterer.assign(art)
        block.append(time.perf_counter() - t0)
        dups += got.duplicate_of is not None
        new += got.new_story
        if i % 10_000 == 0 or i in (total, articles):
            ms = sorted(x * 1000 for x in block)
            label = f"{i:>9}" + ("*" if i > articles else " ")
            print(
                f"{label}{len(clusterer):>8} {statistics.fmean(ms):>8.2f} "
                f"{ms[len(ms) // 2]:>7.2f} {ms[int(len(ms) * 0.99)]:>7.2f}",
                flush=True,
            )
            block = []
        if i == articles:
            gc.collect()
            rss_fill = proc.memory_info().rss
    print(f"(* = timed with the window full: {articles:,} articles live)")
    print(
        f"stories live: {len(clusterer):,}; new stories opened: {new:,}; "
        f"duplicates marked: {dups:,}"
    )
    print(
        f"RSS: {rss0 / 2**20:.0f} MiB before, {rss_fill / 2**20:.0f} MiB after "
        f"{articles:,} articles (+{(rss_fill - rss0) / 2**20:.0f} MiB)"
    )
