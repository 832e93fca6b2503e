"""Score online story clustering against ECB+-style gold.

The gold is a JSON-lines file of documents with ``id``, ``text`` and
``story_cluster`` (documents reporting the same real-world event share it);
``topic`` is carried along but never shown to the clusterer. ECB+ has no
publication dates, so the documents are streamed in one fixed shuffled order
(the seed is part of the result) and all get the same publication date: the
clusterer's time gates then never fire and the score measures the text,
entity and number evidence alone.

Each document goes through the path the worker runs: it becomes an
:class:`~pipeline.record.Article` (the tokenised text lightly detokenised, an
ECB+ source URL line moved to ``url``/``source``, the first line as title),
is enriched in arrival order by :class:`~pipeline.enrich.core.Enricher` in
small batches (surnames learned from earlier batches carried forward, as the
enrich agent does), and is then assigned by one
:class:`~pipeline.stories.cluster.StoryClusterer` in the same order, with no
look-ahead. Enrichment runs without a publication date so that relative
expressions ("on Saturday") are not resolved against an invented one.

Two scores, both over the documents of the file:

* **pairwise** precision/recall/F1 over document pairs placed in one cluster;
* **B-cubed** precision/recall/F1 (Bagga and Baldwin, 1998), averaged over
  documents.

The data: ECB+ (Cybulska and Vossen, LREC 2014), annotation CC BY 3.0.
"""

from __future__ import annotations

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
from pipeline.record import Article
from pipeline.stories.cluster import ClusterConfig, StoryClusterer

log = logging.getLogger(__name__)

CITATION = "ECB+ (Cybulska and Vossen, LREC 2014), annotation CC BY 3.0"
# One date for every document: ECB+ carries none, and a shared date keeps the
# clusterer's time logic on its ordinary path without ever separating two
# documents.
EVAL_PUBLISHED = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)
ENRICH_BATCH = 16
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
    gold_clusters: int
    predicted_stories: int
    duplicates: int
    pairwise: PRF
    bcubed: PRF
    gold_pairs: int
    predicted_pairs: int
    enrich_seconds: float = 0.0
    assign_seconds: float = 0.0
    # Predicted story -> gold clusters it mixes, for error analysis.
    impure: dict[str, dict[str, int]] = field(default_factory=dict)
    # Where the pairs went wrong, worst first (see merged_events / split_events).
    merged: list[tuple[str, str, int]] = field(default_factory=list)
    split: list[tuple[str, int, list[int]]] = field(default_factory=list)


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


def doc_to_article(doc: Mapping[str, object], published: datetime | None = None) -> Article:
    """One gold document as the producer would send it.

    ECB+ documents from the web start with their source URL: it becomes
    ``url`` and its host the ``source``, as a feed reader would fill them. The
    first remaining line that is not a bare time stamp ("DECEMBER 16, 2008") is
    the title; the body keeps the whole text, title and stamps included, as many
    feeds do (the clusterer does not count a title twice).
    """
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
        if not isinstance(doc, dict) or not {"id", "text", "story_cluster"} <= doc.keys():
            raise ValueError(f"{gold_path}:{n}: needs id, text and story_cluster")
        docs.append(doc)
    return docs


def stream_order(docs: Sequence[dict[str, object]], seed: int) -> list[dict[str, object]]:
    """The arrival order for ``seed``: sorted by id, then shuffled (file order never leaks)."""
    ordered = sorted(docs, key=lambda d: str(d["id"]))
    random.Random(seed).shuffle(ordered)
    return ordered


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


def evaluate_stories(
    gold_path: Path | str,
    seed: int = 0,
    config: ClusterConfig | None = None,
    enrich: EnrichStep | None = None,
    limit: int | None = None,
) -> StoryScores:
    """Stream the gold documents in the order of ``seed`` and score the stories found.

    ``enrich`` defaults to the real :class:`~pipeline.enrich.core.Enricher`
    (a test may pass a cheaper step); ``limit`` keeps the first documents of
    the shuffled stream only.
    """
    docs = stream_order(read_gold(Path(gold_path)), seed)
    if limit is not None:
        docs = docs[:limit]
    step = enrich if enrich is not None else enricher_step()
    articles = [doc_to_article(d) for d in docs]

    t0 = time.perf_counter()
    known: dict[str, str] = {}
    for i in range(0, len(articles), ENRICH_BATCH):
        known.update(step(articles[i : i + ENRICH_BATCH], known))
    enrich_seconds = time.perf_counter() - t0

    clusterer = StoryClusterer(config if config is not None else ClusterConfig())
    predicted: dict[str, str] = {}
    duplicates = 0
    t0 = time.perf_counter()
    for article in articles:
        article.published = EVAL_PUBLISHED
        got = clusterer.assign(article)
        predicted[article.id] = got.story_id
        duplicates += got.duplicate_of is not None
    assign_seconds = time.perf_counter() - t0

    gold = {str(d["id"]): str(d["story_cluster"]) for d in docs}
    pairwise, gold_pairs, pred_pairs = pairwise_scores(gold, predicted)
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, story in predicted.items():
        mix[story][gold[doc_id]] += 1
    return StoryScores(
        gold_path=str(gold_path),
        seed=seed,
        documents=len(docs),
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
    )


def format_scores(scores: StoryScores) -> str:
    """A short plain-text report, with the data citation the licence asks for."""
    pw, b3 = scores.pairwise, scores.bcubed
    per_doc = 1000 * scores.assign_seconds / scores.documents if scores.documents else 0.0
    lines = [
        f"Stories: {scores.gold_path} (stream seed {scores.seed})",
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
