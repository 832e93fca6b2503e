"""Enrichment overhead: the worker's Enricher against bare spaCy NER, same articles, one run.

    .venv/bin/python bench/enrich_bench.py [--articles N] [--data ../shared/data]

Both sides use the same model, the same components (ner only), the same
batch size and one process; the Enricher adds dateline masking, canonical
names and TIMEX3 dates. Reports articles/s, words/s and the ratio.

Every text is distinct and each round starts a fresh Enricher, so the ratio is
the Enricher's own cost, not the reuse of wire copies' NER (``pipeline bench``
measures that, with its 20% copies). ECB+ itself holds a few near-duplicate
reports; ``copies_reused`` says how many the Enricher took from a copy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.bench.corpus import build_corpus, default_data_dir, load_base_texts
from pipeline.enrich.core import Enricher, load_nlp
from pipeline.record import Article


def corpus(n: int, data: Path) -> list[Article]:
    """``n`` distinct texts (demo, MEANTIME, ECB+), as the pipeline bench reads them, no copies."""
    available = len(load_base_texts(data))
    if n > available:
        raise SystemExit(
            f"only {available} distinct texts: ask for --articles {available} or fewer"
        )
    return build_corpus(n, data, duplicate_share=0.0).articles


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--data", type=Path, default=default_data_dir())
    args = ap.parse_args()
    arts = corpus(args.articles, args.data)
    words = sum(len(a.body.split()) for a in arts)
    nlp = load_nlp()
    # warm up both paths once
    list(nlp.pipe([a.body for a in arts[:16]], batch_size=args.batch))
    Enricher(nlp=nlp, batch_size=args.batch).enrich_many([a.model_copy() for a in arts[:16]])

    results = {}
    for rnd in range(2):  # alternate, so drift on a shared machine hits both sides alike
        t0 = time.perf_counter()
        for _ in nlp.pipe([a.body for a in arts], batch_size=args.batch):
            pass
        bare = time.perf_counter() - t0
        copies = [a.model_copy(deep=True) for a in arts]
        enricher = Enricher(nlp=nlp, batch_size=args.batch)  # nothing remembered yet
        t0 = time.perf_counter()
        for i in range(0, len(copies), args.batch):
            enricher.enrich_many(copies[i : i + args.batch])
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
    print(json.dumps(report))


if __name__ == "__main__":
    main()
