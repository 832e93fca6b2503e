"""The vocabulary of alert rules: folded words and names, the terms and condition
tree a rule compiles to, and covers (the terms an article must have for a rule to
possibly match, which the term index files rules under).

Both the rule loader (``rules.py``, which checks that every rule has a cover) and
the matcher (``matcher.py``) need these, so they live here, below both: no module
of the two imports the other back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

# Words: letters and digits only, so "Putin's" -> putin, s and "30-day" -> 30, day.
TOKEN = re.compile(r"[^\W_]+")


# --- text folding shared with the matcher -------------------------------------


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Case-fold and strip accents, so "Erdoğan" meets "erdogan"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_name(name: str) -> str:
    """The matching key of an entity name: folded words joined by one space."""
    return " ".join(fold_word(w) for w in name.split())


def entity_key(name: str) -> str:
    """The key a rule's entity name is filed under: its alias-file canonical form
    ("Zelensky" -> "volodymyr zelenskiy"), keyed as search keys names, so a rule
    resolves a name the way ``pipeline search --entity`` does (names.py)."""
    from pipeline.enrich.entities import name_key
    from pipeline.index.names import alias_canonical

    return name_key(alias_canonical(name) or name) if name.strip() else ""


def words(text: str) -> list[str]:
    """Folded whole words of ``text`` (the same tokenisation the matcher applies)."""
    return [fold_word(m.group()) for m in TOKEN.finditer(text)]


# --- the compiled condition tree -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityTerm:
    """A canonical entity name, with the label it must carry if one is given."""

    name: str
    key: str
    label: str | None = None

    def describe(self) -> str:
        return f"{self.name} ({self.label})" if self.label else self.name


@dataclass(frozen=True, slots=True)
class TextTerm:
    """A keyword (one word) or phrase: a sequence of folded whole words."""

    text: str
    tokens: tuple[str, ...]
    kind: Literal["keyword", "phrase"] = "keyword"

    def describe(self) -> str:
        return self.text


Term = EntityTerm | TextTerm


@dataclass(frozen=True, slots=True)
class Group:
    """``all`` items match, at least one of ``any`` matches, no ``none`` item matches."""

    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    none: tuple[Condition, ...] = ()


Condition = Term | Group


def positive_terms(cond: Condition) -> Iterator[Term]:
    """Terms that count towards a match (everything outside ``none``)."""
    if isinstance(cond, Group):
        for c in (*cond.all, *cond.any):
            yield from positive_terms(c)
    else:
        yield cond


# --- covers ----------------------------------------------------------------------------

# Words too common to file a rule under when a better term exists.
_COMMON = """a about after all also an and any are as at be been before but by can could did do
    does for from had has have he her his how i if in into is it its last more most new no
    not now of on one or other our out over said say says she so some than that the their
    them then there these they this to two up us was we were what when which while who will
    with would year years you"""
COMMON_WORDS = frozenset(_COMMON.split())

CostFn = Callable[[Term], float]


def default_cost(term: Term) -> float:
    """A guess at how often a term occurs: low is rare, a good index key."""
    if isinstance(term, EntityTerm):
        return 1.5
    return min(_word_cost(t) for t in term.tokens)


def _word_cost(word: str) -> float:
    if word in COMMON_WORDS or len(word) <= 2:
        return 20.0
    return 1.0 + 6.0 / len(word)


def frequency_cost(freq: Mapping[str, float]) -> CostFn:
    """Costs from observed document frequencies, keyed ``e:<entity key>`` / ``w:<word>``.

    A term missing from ``freq`` was never seen, so it costs 0: the best key.
    """

    def cost(term: Term) -> float:
        if isinstance(term, EntityTerm):
            return freq.get("e:" + term.key, 0.0)
        return min(freq.get("w:" + t, 0.0) for t in term.tokens)

    return cost


def _cover(cond: Condition, cost: CostFn) -> tuple[float, list[Term]] | None:
    if not isinstance(cond, Group):
        return cost(cond), [cond]
    options: list[tuple[float, list[Term]]] = []
    for c in cond.all:
        found = _cover(c, cost)
        if found is not None:
            options.append(found)
    if cond.any:
        branches = [_cover(c, cost) for c in cond.any]
        if all(b is not None for b in branches):
            terms = [t for b in branches if b is not None for t in b[1]]
            options.append((sum(b[0] for b in branches if b is not None), terms))
    if not options:
        return None
    return min(options, key=lambda o: o[0])


def cover(cond: Condition, cost: CostFn = default_cost) -> list[Term] | None:
    """Terms of which at least one is in every article ``cond`` matches; None if none exist."""
    found = _cover(cond, cost)
    return found[1] if found is not None else None


def _conjuncts(group: Group) -> list[Condition]:
    """The parts that must all hold: ``all`` items (flattened) and the ``any`` block."""
    out: list[Condition] = []
    for c in group.all:
        if isinstance(c, Group) and not c.any and not c.none:
            out.extend(_conjuncts(c))
        else:
            out.append(c)
    if group.any:
        out.append(Group(any=group.any))
    return out


def covers(cond: Condition, cost: CostFn = default_cost, k: int = 2) -> list[list[Term]]:
    """Up to ``k`` covers of different required parts of ``cond``, cheapest first.

    A rule can match only if *every* one of them is hit, so an article wakes
    a rule with two covers only when it has a term of each: "Putin and one of
    ceasefire/truce" is not evaluated for every article about Putin.
    """
    if not isinstance(cond, Group):
        return [[cond]]
    found = [c for c in (_cover(x, cost) for x in _conjuncts(cond)) if c is not None]
    found.sort(key=lambda c: c[0])
    return [terms for _, terms in found[:k]]


def index_word(term: TextTerm, cost: CostFn = default_cost) -> str:
    """The word a keyword or phrase is filed under: its rarest."""
    return min(term.tokens, key=lambda t: cost(TextTerm(t, (t,))))
