"""Score online story clustering against ECB+-style gold.

The gold is a JSON-lines file of documents with ``id``, ``story_cluster``
(documents reporting the same real-world event share it) and either
``text`` (ECB+: a source URL line, then the text) or the wire fields
``title``, ``body`` and optionally ``published``/``source``; ``topic`` is
carried along but never shown to the clusterer.

**Arrival order** is part of the result. ``shuffled`` streams the documents
in a fixed order given by the seed. ``published`` sorts them by publication
time (ties, and documents without a date, keep the seeded order),
``reversed`` streams that newest first, and ``blocks`` cuts it into blocks of
``block`` documents sent newest block first, each block in order (a backfill
that pages backwards). A document without a date gets :data:`EVAL_PUBLISHED`
for clustering, so the time gates never separate it from anything; in ECB+,
which has no dates, ``published`` is therefore the shuffled order and the
order modes measure order sensitivity alone, never a date (dates made up per
gold cluster would leak the gold).

Each document goes through the path the worker runs: it becomes an
:class:`~pipeline.record.Article` (the tokenised text lightly detokenised, an
ECB+ source URL line moved to ``url``/``source``, the first line as title),
is enriched in arrival order by :class:`~pipeline.enrich.core.Enricher` in
small batches (surnames learned from earlier batches carried forward, as the
enrich agent does), and is then assigned by one
:class:`~pipeline.stories.cluster.StoryClusterer` in the same order, with no
look-ahead. Enrichment runs with the document's own publication date, or
without one, so that relative expressions ("on Saturday") are never
resolved against an invented date. Enrichment costs far more than
clustering, so ``cache_dir`` keeps each run's enriched articles, keyed by
the exact input sequence.

Two scores, both over the documents of the file:

* **pairwise** precision/recall/F1 over document pairs placed in one cluster;
* **B-cubed** precision/recall/F1 (Bagga and Baldwin, 1998), averaged over
  documents.

The data: ECB+ (Cybulska and Vossen, LREC 2014), annotation CC BY 3.0.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.enrich.dates import CALENDAR_WORDS
from pipeline.evaluation.scoring import f1, gold_lines
from pipeline.record import Article, Entity, TimeExpr
from pipeline.stories.cluster import ClusterConfig, StoryClusterer
from pipeline.stories.titles import derive_title

log = logging.getLogger(__name__)

CITATION = "ECB+ (Cybulska and Vossen, LREC 2014), annotation CC BY 3.0"
# One date for every document: ECB+ carries none, and a shared date keeps the
# clusterer's time logic on its ordinary path without ever separating two
# documents.
EVAL_PUBLISHED = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)
ENRICH_BATCH = 16
ORDERS = ("shuffled", "published", "reversed", "blocks")
BLOCK = 32
# Where titles come from: the document's (ECB+: its first line that is not a
# time stamp), a title derived from the body as for a headline-less feed
# (``derive_title``), or none at all.
TITLES = ("given", "derived", "none")
# Gold stories listed per kind of error in the report.
ERRORS_SHOWN = 4

# An enrichment step: fills ``entities``/``dates`` of the articles in place.
# ``known`` is the surname memory carried between batches; the step returns
# what the batch taught.
EnrichStep = Callable[[list[Article], Mapping[str, str]], Mapping[str, str]]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True)
class StoryScores:
    gold_path: str
    seed: int
    documents: int
    order: str = "shuffled"
    titles: str = "given"
    dated: int = 0  # documents clustered with their own publication date
    gold_clusters: int = 0
    predicted_stories: int = 0
    duplicates: int = 0
    pairwise: PRF = PRF(0.0, 0.0)
    bcubed: PRF = PRF(0.0, 0.0)
    gold_pairs: int = 0
    predicted_pairs: int = 0
    enrich_seconds: float = 0.0
    assign_seconds: float = 0.0
    # Predicted story -> gold clusters it mixes, for error analysis.
    impure: dict[str, dict[str, int]] = field(default_factory=dict)
    # Where the pairs went wrong, worst first (see merged_events / split_events).
    merged: list[tuple[str, str, int]] = field(default_factory=list)
    split: list[tuple[str, int, list[int]]] = field(default_factory=list)
    # Document -> predicted story, to compare one arrival order's stories with another's.
    predicted: dict[str, str] = field(default_factory=dict, repr=False)


# --- the documents as articles ---------------------------------------------------------

_DETOK = [
    (re.compile(r"``|''"), '"'),
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (['’](?:s|re|ve|ll|d|m)\b|n['’]t\b)", re.IGNORECASE), r"\1"),
    (re.compile(r"(\d) ?([:/]) ?(?=\d)"), r"\1\2"),
]
_QUOTED = re.compile(r'" ([^"\n]*?) "')


def detokenize(text: str) -> str:
    """Undo ECB+'s tokenisation well enough for NER ("Reid 's" -> "Reid's").

    Light on purpose: spacing around punctuation, straight quotes, clock times
    and numeric dates. The words themselves are never changed.
    """
    lines = []
    for line in text.split("\n"):
        for pattern, repl in _DETOK:
            line = pattern.sub(repl, line)
        lines.append(_QUOTED.sub(r'"\1"', line).strip())
    return "\n".join(lines)


def _url_line(line: str) -> str | None:
    squeezed = line.replace(" ", "")
    if squeezed.lower().startswith(("http://", "https://")) and len(squeezed) < 600:
        return squeezed
    return None


# Words a web page's time stamp is made of besides figures: "Published on Friday,
# 27 September 2013", "Updated 4:08 p. m. ET", "Article posted on 08. 07. 2012".
_STAMP_WORDS = CALENDAR_WORDS | frozenset([
    "published", "updated", "posted", "article", "first", "last", "on", "at", "am", "pm",
    "a", "p", "m", "et", "edt", "est", "pdt", "pst", "cst", "cdt", "gmt", "bst", "ist", "utc",
    "st", "nd", "rd", "th",
])  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+")


def _is_time_stamp(line: str) -> bool:
    """A line that only says when the page was published ("DECEMBER 16, 2008")."""
    return (
        len(line) < 80
        and any(c.isdigit() for c in line)
        and all(w.casefold() in _STAMP_WORDS for w in _LETTERS.findall(line))
    )


def _published(doc: Mapping[str, object]) -> datetime | None:
    value = doc.get("published")
    if not value:
        return None
    p = datetime.fromisoformat(str(value))
    return p if p.tzinfo else p.replace(tzinfo=UTC)


def doc_to_article(
    doc: Mapping[str, object], published: datetime | None = None, titles: str = "given"
) -> Article:
    """One gold document as the producer would send it.

    A document in wire form (``body``) keeps its fields; ``titles`` replaces
    its title with one derived from the body, or with none (see
    :data:`TITLES`). An ECB+ document (``text``) is read as follows.

    ECB+ documents from the web start with their source URL: it becomes
    ``url`` and its host the ``source``, as a feed reader would fill them. The
    first remaining line that is not a bare time stamp ("DECEMBER 16, 2008") is
    the title; the body keeps the whole text, title and stamps included, as many
    feeds do (the clusterer does not count a title twice).
    """
    if titles not in TITLES:
        raise ValueError(f"titles must be one of {', '.join(TITLES)}")
    if "body" in doc:
        body = str(doc["body"])
        title = str(doc.get("title") or "")
        source = doc.get("source")
        return Article(
            id=str(doc["id"]),
            title=title if titles == "given" else derive_title(body) if titles == "derived" else "",
            body=body,
            published=published,
            source=str(source) if source else None,
        )
    text = str(doc["text"])
    lines = [ln for ln in text.split("\n") if ln.strip()]
    url = _url_line(lines[0]) if lines else None
    if url is not None:
        lines = lines[1:] or lines
    body = detokenize("\n".join(lines))
    host = urlsplit(url).netloc.lower().removeprefix("www.") if url else None
    # Web pages put their time stamp above or below the headline; a feed would
    # carry it as metadata, never as the title.
    heads = [ln for ln in body.split("\n") if ln.strip()]
    title = next((ln for ln in heads if not _is_time_stamp(ln)), heads[0] if heads else "")[:300]
    if titles == "derived":
        title = derive_title("\n".join(ln for ln in heads if not _is_time_stamp(ln)) or body)
    elif titles == "none":
        title = ""
    return Article(
        id=str(doc["id"]),
        title=title,
        body=body,
        published=published,
        source=host or None,
        url=url,
    )


def read_gold(gold_path: Path) -> list[dict[str, object]]:
    """Documents of a JSON-lines gold file (blank lines skipped)."""
    docs: list[dict[str, object]] = []
    for n, doc in gold_lines(gold_path):
        if (
            not isinstance(doc, dict)
            or not {"id", "story_cluster"} <= doc.keys()
            or not ({"text", "body"} & doc.keys())
        ):
            raise ValueError(f"{gold_path}:{n}: needs id, story_cluster and text or body")
        try:
            _published(doc)
        except ValueError:
            raise ValueError(f"{gold_path}:{n}: published is not an ISO 8601 date") from None
        docs.append(doc)
    return docs


def stream_order(docs: Sequence[dict[str, object]], seed: int) -> list[dict[str, object]]:
    """The arrival order for ``seed``: sorted by id, then shuffled (file order never leaks)."""
    ordered = sorted(docs, key=lambda d: str(d["id"]))
    random.Random(seed).shuffle(ordered)
    return ordered


def arrival_order(
    docs: Sequence[dict[str, object]], seed: int, order: str = "shuffled", block: int = BLOCK
) -> list[dict[str, object]]:
    """The documents in the arrival ``order`` for ``seed`` (see the module docstring)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    shuffled = stream_order(docs, seed)
    if order == "shuffled":
        return shuffled
    # A stable sort: equal times and undated documents keep the seeded order.
    by_time = sorted(shuffled, key=lambda d: p.timestamp() if (p := _published(d)) else 0.0)
    if order == "published":
        return by_time
    if order == "reversed":
        return by_time[::-1]
    blocks = [by_time[i : i + block] for i in range(0, len(by_time), max(1, block))]
    return [d for b in reversed(blocks) for d in b]


def _lazy_enricher() -> EnrichStep:
    """:func:`enricher_step`, loading the model only if a batch is not cached."""
    real: list[EnrichStep] = []

    def step(batch: list[Article], known: Mapping[str, str]) -> Mapping[str, str]:
        if not real:
            real.append(enricher_step())
        return real[0](batch, known)

    return step


def enricher_step() -> EnrichStep:
    """The real enrichment (spaCy NER, canonical names, dates) as an :data:`EnrichStep`."""
    from pipeline.enrich.core import Enricher

    enricher = Enricher()

    def step(batch: list[Article], known: Mapping[str, str]) -> Mapping[str, str]:
        return enricher.enrich_many(batch, known=known).learned

    return step


# --- scores ----------------------------------------------------------------------------


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[PRF, int, int]:
    """Pairwise P/R over the documents in ``gold``; also the gold and predicted pair counts."""
    joint = Counter((gold[d], predicted[d]) for d in gold)
    together = _pairs(joint.values())
    gold_pairs = _pairs(Counter(gold.values()).values())
    pred_pairs = _pairs(Counter(predicted[d] for d in gold).values())
    prf = PRF(
        together / pred_pairs if pred_pairs else 1.0,
        together / gold_pairs if gold_pairs else 1.0,
    )
    return prf, gold_pairs, pred_pairs


def bcubed_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> PRF:
    """B-cubed P/R: per document, the share of its predicted (gold) cluster that is right."""
    if not gold:
        return PRF(0.0, 0.0)
    joint = Counter((gold[d], predicted[d]) for d in gold)
    gold_size = Counter(gold.values())
    pred_size = Counter(predicted[d] for d in gold)
    p = sum(n * n / pred_size[pc] for (_, pc), n in joint.items()) / len(gold)
    r = sum(n * n / gold_size[gc] for (gc, _), n in joint.items()) / len(gold)
    return PRF(p, r)


def merged_events(
    gold: Mapping[str, str], predicted: Mapping[str, str]
) -> list[tuple[str, str, int]]:
    """Gold stories placed together: ``(gold a, gold b, document pairs wrongly joined)``.

    The pair counts add up to the pairwise false positives; most first. On
    ECB+ this names the "same kind of event" topics whose two events merged.
    """
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    for d, g in gold.items():
        by_story[predicted[d]][g] += 1
    wrong: Counter[tuple[str, str]] = Counter()
    for mix in by_story.values():
        events = sorted(mix)
        for i, a in enumerate(events):
            for b in events[i + 1 :]:
                wrong[(a, b)] += mix[a] * mix[b]
    return [(a, b, n) for (a, b), n in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))]


def split_events(
    gold: Mapping[str, str], predicted: Mapping[str, str]
) -> list[tuple[str, int, list[int]]]:
    """Gold stories cut into pieces: ``(gold, document pairs missed, piece sizes)``.

    The pair counts add up to the pairwise false negatives; most first, piece
    sizes largest first (``[6, 1, 1]``: one story and two stray documents).
    """
    by_event: dict[str, Counter[str]] = defaultdict(Counter)
    for d, g in gold.items():
        by_event[g][predicted[d]] += 1
    out = []
    for g, pieces in by_event.items():
        if len(pieces) > 1:
            sizes = sorted(pieces.values(), reverse=True)
            out.append((g, _pairs([sum(sizes)]) - _pairs(sizes), sizes))
    return sorted(out, key=lambda x: (-x[1], x[0]))


def _enrich(
    articles: list[Article], step: EnrichStep, cache_dir: Path | None
) -> tuple[float, bool]:
    """Enrich ``articles`` in order (from the cache when this exact run was seen);
    returns the seconds spent and whether the cache answered."""
    path: Path | None = None
    if cache_dir is not None:
        key = hashlib.sha1(ENRICH_KEY_VERSION.encode())
        for a in articles:
            # Enrichment reads the body and the date, never the headline.
            key.update(a.model_dump_json(include={"id", "body", "published"}).encode())
        path = Path(cache_dir) / f"enriched-{key.hexdigest()[:24]}.json"
        if path.is_file():
            cached = json.loads(path.read_text(encoding="utf-8"))
            for a, c in zip(articles, cached, strict=True):
                a.entities = [Entity.model_validate(e) for e in c["entities"]]
                a.dates = [TimeExpr.model_validate(d) for d in c["dates"]]
                a.dateline = c["dateline"]
            return 0.0, True
    t0 = time.perf_counter()
    known: dict[str, str] = {}
    for i in range(0, len(articles), ENRICH_BATCH):
        known.update(step(articles[i : i + ENRICH_BATCH], known))
    seconds = time.perf_counter() - t0
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = [
            {
                "entities": [e.model_dump(mode="json") for e in a.entities],
                "dates": [d.model_dump(mode="json") for d in a.dates],
                "dateline": a.dateline,
            }
            for a in articles
        ]
        path.write_text(json.dumps(data), encoding="utf-8")
    return seconds, False


# Part of every cache key: bump when enrichment changes what it writes.
ENRICH_KEY_VERSION = "2"


def evaluate_stories(
    gold_path: Path | str,
    seed: int = 0,
    config: ClusterConfig | None = None,
    enrich: EnrichStep | None = None,
    limit: int | None = None,
    order: str = "shuffled",
    block: int = BLOCK,
    titles: str = "given",
    dates: bool = True,
    cache_dir: Path | None = None,
) -> StoryScores:
    """Stream the gold documents in ``order`` for ``seed`` and score the stories found.

    ``enrich`` defaults to the real :class:`~pipeline.enrich.core.Enricher`
    (a test may pass a cheaper step); ``limit`` keeps the first documents of
    the shuffled stream only. ``dates=False`` clusters every document with
    :data:`EVAL_PUBLISHED` (and enriches it without a date), to measure what
    publication dates add; ``titles`` is one of :data:`TITLES`. ``cache_dir``
    keeps enriched runs for the next evaluation (delete it when the
    enrichment code changes, or bump :data:`ENRICH_KEY_VERSION`).
    """
    all_docs = read_gold(Path(gold_path))
    docs = stream_order(all_docs, seed)
    if limit is not None:
        keep = {str(d["id"]) for d in docs[:limit]}
        all_docs = [d for d in all_docs if str(d["id"]) in keep]
    docs = arrival_order(all_docs, seed, order, block)
    step = enrich if enrich is not None else _lazy_enricher()
    articles = [doc_to_article(d, _published(d) if dates else None, titles=titles) for d in docs]
    enrich_seconds, _ = _enrich(articles, step, cache_dir)

    clusterer = StoryClusterer(config if config is not None else ClusterConfig())
    predicted: dict[str, str] = {}
    copy_of: dict[str, str | None] = {}
    dated = 0
    t0 = time.perf_counter()
    for article in articles:
        if article.published is None:
            article.published = EVAL_PUBLISHED
        else:
            dated += 1
        got = clusterer.assign(article)
        predicted[article.id] = got.story_id
        copy_of[article.id] = got.duplicate_of
        copy_of.update(got.corrected)  # pointers as the index ends up with them
        predicted.update(got.moved)  # and stories, settled to publication order
    assign_seconds = time.perf_counter() - t0
    duplicates = sum(1 for v in copy_of.values() if v is not None)

    gold = {str(d["id"]): str(d["story_cluster"]) for d in docs}
    pairwise, gold_pairs, pred_pairs = pairwise_scores(gold, predicted)
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, story in predicted.items():
        mix[story][gold[doc_id]] += 1
    return StoryScores(
        gold_path=str(gold_path),
        seed=seed,
        documents=len(docs),
        order=order,
        titles=titles,
        dated=dated,
        gold_clusters=len(set(gold.values())),
        predicted_stories=len(set(predicted.values())),
        duplicates=duplicates,
        pairwise=pairwise,
        bcubed=bcubed_scores(gold, predicted),
        gold_pairs=gold_pairs,
        predicted_pairs=pred_pairs,
        enrich_seconds=enrich_seconds,
        assign_seconds=assign_seconds,
        impure={s: dict(c) for s, c in mix.items() if len(c) > 1},
        merged=merged_events(gold, predicted),
        split=split_events(gold, predicted),
        predicted=dict(predicted),
    )


def format_scores(scores: StoryScores) -> str:
    """A short plain-text report, with the data citation the licence asks for."""
    pw, b3 = scores.pairwise, scores.bcubed
    per_doc = 1000 * scores.assign_seconds / scores.documents if scores.documents else 0.0
    lines = [
        f"Stories: {scores.gold_path} (stream seed {scores.seed}, order {scores.order}, "
        f"titles {scores.titles}, {scores.dated} dated)",
        f"  {scores.documents} documents, {scores.gold_clusters} gold stories, "
        f"{scores.predicted_stories} predicted, {scores.duplicates} marked duplicate",
        f"  {'':9}{'P':>7}{'R':>7}{'F1':>7}",
        f"  {'pairwise':9}{pw.precision:7.3f}{pw.recall:7.3f}{pw.f1:7.3f}"
        f"   ({scores.predicted_pairs} predicted pairs, {scores.gold_pairs} gold)",
        f"  {'B-cubed':9}{b3.precision:7.3f}{b3.recall:7.3f}{b3.f1:7.3f}",
        f"  enrichment {scores.enrich_seconds:.1f} s, assignment {per_doc:.2f} ms/document",
    ]
    if scores.merged:
        worst = ", ".join(f"{a}+{b} {n}" for a, b, n in scores.merged[:ERRORS_SHOWN])
        lines.append(f"  merged (wrong pairs): {worst}")
    if scores.split:
        worst = ", ".join(f"{g} {n} {sizes}" for g, n, sizes in scores.split[:ERRORS_SHOWN])
        lines.append(f"  split (missed pairs, pieces): {worst}")
    if "ecb" in Path(scores.gold_path).name.lower():
        lines.append(f"  Data: {CITATION}")
    return "\n".join(lines)


def order_agreement(reference: StoryScores, other: StoryScores) -> float:
    """Pairwise F1 of ``other``'s stories against ``reference``'s: 1.0 when the two
    arrival orders grouped the documents identically (gold plays no part)."""
    return pairwise_scores(reference.predicted, other.predicted)[0].f1


def format_orders(results: Sequence[StoryScores]) -> str:
    """One line per arrival order, and the spread: the goal is no spread at all.

    ``same as published`` compares each order's stories with those of the
    publication order directly, without gold: the issue's goal is that the
    stories do not depend on arrival order, which F1 against gold alone can hide
    (two orders can score alike with different mistakes).
    """
    ref = next((r for r in results if r.order == "published" and r.predicted), None)
    lines = [
        f"  {'order':10}{'pairwise F1':>12}{'B-cubed F1':>12}{'stories':>9}{'copies':>8}"
        + (f"{'same as published':>19}" if ref else "")
    ]
    for r in results:
        same = f"{order_agreement(ref, r):19.3f}" if ref and r.predicted else ""
        lines.append(
            f"  {r.order:10}{r.pairwise.f1:12.3f}{r.bcubed.f1:12.3f}"
            f"{r.predicted_stories:9d}{r.duplicates:8d}{same}"
        )
    f1s = [r.pairwise.f1 for r in results]
    lines.append(f"  spread of pairwise F1 over orders: {max(f1s) - min(f1s):.3f}")
    if results and not any(r.dated for r in results):
        lines.append("  (no publication dates: 'published' is the shuffled order)")
    return "\n".join(lines)
