"""Enrichment overhead: the worker's Enricher against bare spaCy NER, same articles, one run.

    .venv/bin/pipeline bench enrich [--articles N] [--data-dir ../shared/data]

Both sides use the same model, the same components (ner only), the same
batch size and one process; the Enricher adds dateline masking, canonical
names and TIMEX3 dates. Reports articles/s, words/s and the ratio.

Every text is distinct and each round starts a fresh Enricher, so the ratio is
the Enricher's own cost, not the reuse of wire copies' NER (``pipeline bench``
measures that, with its 20% copies). ECB+ itself holds a few near-duplicate
reports; ``copies_reused`` says how many the Enricher took from a copy.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.bench.corpus import build_corpus, default_data_dir, load_base_texts
from pipeline.console import fatal
from pipeline.enrich.core import Enricher, load_nlp
from pipeline.errors import FatalError
from pipeline.record import Article


def corpus(n: int, data: Path) -> list[Article]:
    """``n`` distinct texts (demo, MEANTIME, ECB+), as the pipeline bench reads them, no copies."""
    available = len(load_base_texts(data))
    if n > available:
        raise FatalError(
            f"only {available} distinct texts: ask for --articles {available} or fewer"
        )
    return build_corpus(n, data, duplicate_share=0.0).articles


def enrich_bench(articles: int, batch: int, data: Path) -> dict[str, Any]:
    """Bare ``nlp.pipe`` against the Enricher on the same texts, alternated twice, best of each."""
    arts = corpus(articles, data)
    words = sum(len(a.body.split()) for a in arts)
    nlp = load_nlp()
    # warm up both paths once
    list(nlp.pipe([a.body for a in arts[:16]], batch_size=batch))
    Enricher(nlp=nlp, batch_size=batch).enrich_many([a.model_copy() for a in arts[:16]])

    results = {}
    for rnd in range(2):  # alternate, so drift on a shared machine hits both sides alike
        t0 = time.perf_counter()
        for _ in nlp.pipe([a.body for a in arts], batch_size=batch):
            pass
        bare = time.perf_counter() - t0
        copies = [a.model_copy(deep=True) for a in arts]
        enricher = Enricher(nlp=nlp, batch_size=batch)  # nothing remembered yet
        t0 = time.perf_counter()
        for i in range(0, len(copies), batch):
            enricher.enrich_many(copies[i : i + batch])
        full = time.perf_counter() - t0
        results[rnd] = (bare, full)
        reused = enricher.copies_reused + enricher.near_copies
    bare = min(r[0] for r in results.values())
    full = min(r[1] for r in results.values())
    report = {
        "articles": len(arts),
        "words": words,
        "bare_spacy_articles_per_s": round(len(arts) / bare, 1),
        "bare_spacy_words_per_s": round(words / bare),
        "enricher_articles_per_s": round(len(arts) / full, 1),
        "enricher_words_per_s": round(words / full),
        "throughput_ratio": round(bare / full, 3),
        "copies_reused": reused,  # near-duplicates inside the texts themselves (ECB+ has some)
    }
    return report


def enrich_bench_command(
    articles: Annotated[int, typer.Option(min=1, help="Distinct texts to enrich")] = 600,
    batch: Annotated[int, typer.Option(min=1, help="nlp.pipe batch size, both sides")] = 32,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Shared evaluation data (MEANTIME, ECB+); default ../shared/data"),
    ] = None,
) -> None:
    """Enrichment overhead: the worker's Enricher against bare spaCy NER, same texts. Prints
    one JSON line."""
    try:
        report = enrich_bench(articles, batch, data_dir or default_data_dir())
    except FatalError as exc:
        raise fatal(exc) from None
    sys.stdout.write(json.dumps(report) + "\n")
