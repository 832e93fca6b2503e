"""Match articles against many rules at once: an index from terms to rules.

This is the percolator idea turned around: instead of running every rule
against every article, each rule is filed under a small set of terms of
which at least one *must* appear for the rule to match (its *cover*), and an
article only wakes the rules filed under its own entities and words. The
cost per article is then its number of distinct words plus the rules that
could match, not the number of rules.

A cover is chosen per rule from its condition tree: one required item of an
``all`` is enough, while an ``any`` needs a term from every branch; among the
possible covers the cheapest wins, where an entity or a long rare-looking
word is cheap and a very common word is dear (``RuleIndex(rules,
cost=frequency_cost(observed))`` does better than that guess). A rule with
two required parts is filed under a cover of each, and is a candidate only
when the article hits both. Phrases are filed under their rarest word and
checked as whole word sequences afterwards. Rules without any cover (only
``none``) are refused by ``load_rules`` and, if built by hand, kept in a
small list evaluated for every article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.alerts.rules import Rule
from pipeline.alerts.terms import (
    COMMON_WORDS as COMMON_WORDS,
)
from pipeline.alerts.terms import (
    TOKEN,
    Condition,
    EntityTerm,
    Group,
    Term,
    TextTerm,
    covers,
    fold_name,
    fold_word,
    index_word,
)
from pipeline.alerts.terms import (
    CostFn as CostFn,
)
from pipeline.alerts.terms import (
    cover as cover,
)
from pipeline.alerts.terms import (
    default_cost as default_cost,
)
from pipeline.alerts.terms import (
    frequency_cost as frequency_cost,
)
from pipeline.index.names import entity_keys
from pipeline.record import Article, Entity

MARK_OPEN, MARK_CLOSE = "«", "»"
MAX_SNIPPET_SENTENCES = 2
MAX_SENTENCE_CHARS = 400

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")


# --- the article side ---------------------------------------------------------------------


class ArticleView:
    """What matching needs of an article, computed once per article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: dict[str, list[Entity]] = {}
        for e in article.entities:
            # Canonical name, surface form and a person's short forms: what a
            # rule's name may be (pipeline.index.names resolves search the same way).
            for key in {fold_name(e.canonical), *entity_keys(e.canonical, e.text, e.label)}:
                self.entities.setdefault(key, []).append(e)
        self.title_words = _fold_all(article.title)
        self.body_words = _fold_all(article.body)
        # Title and body joined by an empty token, so no phrase spans the two.
        self.seq: list[str] = [*self.title_words, "", *self.body_words]
        self.words: set[str] = set(self.seq)
        self._term_spans: dict[Term, tuple[list[tuple[int, int]], bool]] = {}

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        pos: dict[str, list[int]] = {}
        for i, w in enumerate(self.seq):
            pos.setdefault(w, []).append(i)
        return pos

    def has_entity(self, term: EntityTerm) -> list[Entity]:
        found = self.entities.get(term.key)
        if not found:
            return []
        if term.label is None:
            return found
        return [e for e in found if e.label == term.label]

    def find(self, tokens: Sequence[str]) -> list[int]:
        """Start positions in ``seq`` of the word sequence ``tokens``."""
        if len(tokens) == 1:
            return self.positions.get(tokens[0], []) if tokens[0] in self.words else []
        if not all(t in self.words for t in tokens):
            return []
        n = len(tokens)
        seq = self.seq
        return [
            p for p in self.positions.get(tokens[0], ()) if tuple(seq[p : p + n]) == tuple(tokens)
        ]

    def has_text(self, term: TextTerm) -> bool:
        if len(term.tokens) == 1:
            return term.tokens[0] in self.words
        return bool(self.find(term.tokens))

    # -- snippets -----------------------------------------------------------------------

    @cached_property
    def body_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in TOKEN.finditer(self.article.body)]

    @cached_property
    def title_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in TOKEN.finditer(self.article.title)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        body = self.article.body
        out, start = [], 0
        for m in _SENTENCE_END.finditer(body):
            if body[start : m.start()].strip():
                out.append((start, m.start()))
            start = m.end()
        if body[start:].strip():
            out.append((start, len(body.rstrip())))
        return out

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def term_spans(self, term: Term) -> tuple[list[tuple[int, int]], bool]:
        """Where a matched term is: body spans (True) or, failing those, title spans."""
        cache = self._term_spans
        found = cache.get(term)
        if found is None:
            if isinstance(term, EntityTerm):
                spans = [(m.start, m.end) for e in self.has_entity(term) for m in e.mentions]
                found = (spans, True) if spans else self.text_spans(tuple(term.key.split()))
            else:
                found = self.text_spans(term.tokens)
            cache[term] = found
        return found

    def text_spans(self, tokens: Sequence[str]) -> tuple[list[tuple[int, int]], bool]:
        """Character spans of a word sequence: in the body if there, else in the title."""
        n = len(tokens)
        offset = len(self.title_words) + 1
        body, title = [], []
        for p in self.find(tokens):
            if p >= offset:
                i = p - offset
                body.append((self.body_spans[i][0], self.body_spans[i + n - 1][1]))
            else:
                title.append((self.title_spans[p][0], self.title_spans[p + n - 1][1]))
        return (body, True) if body else (title, False)


def _fold_all(text: str) -> list[str]:
    if text.isascii():
        return TOKEN.findall(text.lower())
    return [fold_word(w) for w in TOKEN.findall(text)]


# --- matching --------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Match:
    """A rule that matched an article, with what matched and where.

    The snippet is built on first use: most matches of a developing story are
    suppressed by :mod:`pipeline.alerts.dedup`, and they need none.
    """

    rule: Rule
    article: Article
    entities: tuple[str, ...]
    terms: tuple[str, ...]
    hits: tuple[Term, ...] = field(repr=False)
    view: ArticleView = field(repr=False)
    _snippet: str | None = field(default=None, repr=False)

    @property
    def snippet(self) -> str:
        if self._snippet is None:
            self._snippet = snippet(self.view, self.hits)
        return self._snippet


# A compiled condition: does it hold for the view? Matched positive terms are
# appended to the list. Closures rather than a walk over the tree, which spends
# most of its time on isinstance dispatch.
Predicate = Callable[[ArticleView, list[Term]], bool]


def compile_condition(cond: Condition) -> Predicate:
    if isinstance(cond, EntityTerm):
        return _entity_predicate(cond)
    if isinstance(cond, TextTerm):
        return _text_predicate(cond)
    return _group_predicate(cond)


def _entity_predicate(term: EntityTerm) -> Predicate:
    key, label = term.key, term.label
    if label is None:

        def entity(view: ArticleView, hits: list[Term]) -> bool:
            if key in view.entities:
                hits.append(term)
                return True
            return False

        return entity

    def labelled(view: ArticleView, hits: list[Term]) -> bool:
        found = view.entities.get(key)
        if found and any(e.label == label for e in found):
            hits.append(term)
            return True
        return False

    return labelled


def _text_predicate(term: TextTerm) -> Predicate:
    if len(term.tokens) == 1:
        word = term.tokens[0]

        def keyword(view: ArticleView, hits: list[Term]) -> bool:
            if word in view.words:
                hits.append(term)
                return True
            return False

        return keyword

    tokens = term.tokens

    def phrase(view: ArticleView, hits: list[Term]) -> bool:
        if view.find(tokens):
            hits.append(term)
            return True
        return False

    return phrase


def _group_predicate(group: Group) -> Predicate:
    all_p = tuple(compile_condition(c) for c in group.all)
    any_p = tuple(compile_condition(c) for c in group.any)
    none_p = tuple(compile_condition(c) for c in group.none)

    def holds(view: ArticleView, hits: list[Term]) -> bool:
        mark = len(hits)  # on failure, take back what this group appended
        for p in all_p:
            if not p(view, hits):
                del hits[mark:]
                return False
        if any_p:
            found = False
            for p in any_p:  # every branch, so every matched term is reported
                if p(view, hits):
                    found = True
            if not found:
                del hits[mark:]
                return False
        if none_p:
            scratch: list[Term] = []
            for p in none_p:
                if p(view, scratch):
                    del hits[mark:]
                    return False
        return True

    return holds


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    holds: Predicate
    filtered: bool

    @classmethod
    def of(cls, rule: Rule) -> CompiledRule:
        return cls(rule, compile_condition(rule.match), bool(rule.sources or rule.languages))

    def check(self, view: ArticleView) -> Match | None:
        """The full check of the rule against one article (filters, then terms)."""
        if self.filtered:
            a = view.article
            if not self.rule.admits(a.source, a.language):
                return None
        hits: list[Term] = []
        if not self.holds(view, hits):
            return None
        return _build_match(self.rule, view, hits)


def evaluate(rule: Rule, view: ArticleView) -> Match | None:
    """One rule against one article (compiles the rule on each call: for tests and tools)."""
    return CompiledRule.of(rule).check(view)


def _build_match(rule: Rule, view: ArticleView, hits: list[Term]) -> Match:
    entities: dict[str, None] = {}
    terms: dict[str, None] = {}
    for t in hits:
        if isinstance(t, EntityTerm):
            for e in view.entities[t.key]:
                if t.label is None or e.label == t.label:
                    entities[e.canonical] = None
        else:
            terms[t.text] = None
    return Match(rule, view.article, tuple(entities), tuple(terms), tuple(hits), view)


def snippet(view: ArticleView, hits: Iterable[Term]) -> str:
    """The body sentence(s) holding the matched terms, each term marked «like this».

    The sentence with the most distinct matched terms comes first in the
    choice; a second is added only if it brings a term the first lacks. When
    everything matched in the title only, the marked title is the snippet.
    """
    body_spans: dict[int, list[tuple[int, int]]] = {}
    title_spans: list[tuple[int, int]] = []
    for i, t in enumerate(dict.fromkeys(hits)):
        spans, in_body = view.term_spans(t)
        if in_body:
            body_spans[i] = spans
        else:
            title_spans.extend(spans)
    if not body_spans:
        return _mark(view.article.title, title_spans) if title_spans else ""
    sentences = view.sentences
    starts = view.sentence_starts
    holds: dict[int, set[int]] = {}  # sentence -> matched terms in it
    for i, spans in body_spans.items():
        for a, _ in spans:
            k = bisect.bisect_right(starts, a) - 1
            if k >= 0 and a < sentences[k][1]:
                holds.setdefault(k, set()).add(i)
    chosen: list[tuple[int, int]] = []
    covered: set[int] = set()
    for _ in range(MAX_SNIPPET_SENTENCES):
        best, best_new = -1, 0
        for k in sorted(holds):
            new = len(holds[k] - covered)
            if new > best_new:
                best, best_new = k, new
        if best < 0:
            break
        chosen.append(sentences[best])
        covered |= holds.pop(best)
    all_spans = [sp for spans in body_spans.values() for sp in spans]
    body = view.article.body
    parts = []
    for start, end in sorted(chosen):
        inside = [(a - start, b - start) for a, b in all_spans if start <= a and b <= end]
        parts.append(_clip(_mark(body[start:end], inside)))
    return " … ".join(parts)


def _mark(text: str, spans: Iterable[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(text[pos:a])
        out.append(MARK_OPEN + text[a:b] + MARK_CLOSE)
        pos = b
    out.append(text[pos:])
    return " ".join("".join(out).split())


def _clip(sentence: str) -> str:
    """Shorten a very long sentence around its first mark."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    first = max(0, sentence.find(MARK_OPEN))
    start = max(0, min(first - MAX_SENTENCE_CHARS // 3, len(sentence) - MAX_SENTENCE_CHARS))
    cut = sentence[start : start + MAX_SENTENCE_CHARS]
    return (
        ("…" if start else "") + cut + ("…" if start + MAX_SENTENCE_CHARS < len(sentence) else "")
    )


class RuleIndex:
    """Rules filed under their cover terms; ``match`` evaluates only the candidates.

    A rule with one cover is a candidate when the article has any of its
    terms; a rule with two covers (two required parts) when it has a term of
    each, which the index finds with set intersections, not per-rule counting.
    """

    def __init__(self, rules: Iterable[Rule], cost: CostFn = default_cost) -> None:
        self.rules: list[Rule] = list(rules)
        self.compiled = [CompiledRule.of(r) for r in self.rules]
        # tables[0]: single-cover rules; tables[1], tables[2]: first and second cover of pairs
        self.tables: tuple[_Table, _Table, _Table] = (_Table(), _Table(), _Table())
        self.always: list[int] = []
        for i, rule in enumerate(self.rules):
            found = covers(rule.match, cost)
            if not found:
                self.always.append(i)
            elif len(found) == 1:
                self.tables[0].add(i, found[0], cost)
            else:
                self.tables[1].add(i, found[0], cost)
                self.tables[2].add(i, found[1], cost)
        for table in self.tables:
            table.freeze()

    @property
    def by_entity(self) -> dict[str, list[int]]:
        """Entity key -> rules filed under it (any table), for inspection."""
        return _merged(t.by_entity for t in self.tables)

    @property
    def by_word(self) -> dict[str, list[int]]:
        """Word -> rules filed under it (any table), for inspection."""
        return _merged(t.by_word for t in self.tables)

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, view: ArticleView) -> list[int]:
        """Indices of the rules that could match (sorted, so results keep rule order)."""
        single, first, second = (t.hits(view) for t in self.tables)
        found = single | (first & second)
        found.update(self.always)
        return sorted(found)

    def match(self, article: Article | ArticleView) -> list[Match]:
        view = article if isinstance(article, ArticleView) else ArticleView(article)
        compiled = self.compiled
        out = []
        for i in self.candidates(view):
            m = compiled[i].check(view)
            if m is not None:
                out.append(m)
        return out


class _Table:
    """Rule ids by entity key and by word."""

    def __init__(self) -> None:
        self.by_entity: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = {}

    def add(self, rule: int, terms: list[Term], cost: CostFn) -> None:
        for t in terms:
            if isinstance(t, EntityTerm):
                self.by_entity.setdefault(t.key, []).append(rule)
            else:
                self.by_word.setdefault(index_word(t, cost), []).append(rule)

    def freeze(self) -> None:
        for table in (self.by_entity, self.by_word):
            for key, ids in table.items():
                table[key] = sorted(set(ids))

    def hits(self, view: ArticleView) -> set[int]:
        found: set[int] = set()
        by_entity, by_word = self.by_entity, self.by_word
        if by_entity:
            for key in view.entities:
                ids = by_entity.get(key)
                if ids:
                    found.update(ids)
        if by_word:
            for w in view.words:
                ids = by_word.get(w)
                if ids:
                    found.update(ids)
        return found


def _merged(tables: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for table in tables:
        for key, ids in table.items():
            out[key] = sorted({*out.get(key, ()), *ids})
    return out


class NaiveMatcher:
    """Every rule against the article, no index: the baseline the index must equal."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.compiled = [CompiledRule.of(r) for r in rules]

    def match(self, article: Article | ArticleView) -> list[Match]:
        view = article if isinstance(article, ArticleView) else ArticleView(article)
        return [m for c in self.compiled if (m := c.check(view)) is not None]


def naive_match(rules: Sequence[Rule], article: Article | ArticleView) -> list[Match]:
    """The naive loop in one call (compiles every rule: for tests)."""
    return NaiveMatcher(rules).match(article)
