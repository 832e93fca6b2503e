"""The editors' query language, parsed here and turned into Elasticsearch DSL.

Editors type what they would type in Kibana or a web search: plain words,
``"quoted phrases"``, ``OR`` / ``AND`` / ``NOT`` and ``-word``, a trailing
``*`` for a prefix, and parentheses. Everything else is literal text: the
query is never handed to Elasticsearch as query syntax (no
``query_string``/``simple_query_string``), so a stray quote, a colon or a
brace cannot raise an error or reach a field the editor did not mean.

Why the DSL is built from ``match``/``match_phrase``/``prefix`` and ``bool``
only: the local search server keeps the ``english`` analyzer's stopwords
inside a ``simple_query_string`` while Elasticsearch drops them, so "the
Kremlin" found nothing locally (docs/PLATFORM notes). Here stopwords are
dropped before the DSL is built (the list is Lucene's English stop set,
which is what the ``english`` analyzer removes), and every word query also
carries ``zero_terms_query: all`` so a word that the analyzer reduces to
nothing ("it's") never empties a conjunction. Phrases and prefixes run on
the ``.plain`` sub-fields (standard analyzer: lower-cased, unstemmed, no
stopwords removed): a phrase in quotes is the exact words, on every backend,
and ``ceasefire*`` finds "ceasefires" although the stemmed field holds
"ceasefir".

Plain words in a row are a conjunction, relaxed for long natural queries:
up to three content words must all occur; from four on, three quarters of
them (rounded up), like Elasticsearch's ``minimum_should_match: "3<75%"``.
Question words ("what", "did", "how") are optional: they only add to the
score, so "what did the Kremlin say about the memorandum" behaves like
"Kremlin say memorandum". An explicit ``AND`` makes every word required.

The functions are pure and bounded (``MAX_QUERY_CHARS`` characters,
``MAX_TERMS`` terms, ``MAX_DEPTH`` nested parentheses); the desk and the
command line share them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MAX_DEPTH = 8

# Lucene's EnglishAnalyzer stop set: what the `english` analyzer removes.
STOPWORDS: frozenset[str] = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the
    their then there these they this to was will with""".split()  # noqa: SIM905
)
# Words that make a question but say nothing about the subject.
QUESTION_WORDS: frozenset[str] = frozenset(
    """what when where which who whom whose why how did does do has have had can could
    would should shall may might must were been being about""".split()  # noqa: SIM905
)

# (field, boost): the stemmed English fields for words, the plain ones for phrases.
TEXT_FIELDS: tuple[tuple[str, float], ...] = (("title", 3.0), ("body", 1.0))
PLAIN_FIELDS: tuple[tuple[str, float], ...] = (("title.plain", 3.0), ("body.plain", 1.0))


# --------------------------------------------------------------------- the AST
@dataclass(frozen=True, slots=True)
class Word:
    """A plain word, as typed: the field's analyzer stems and splits it."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in quotes: all of them, in this order, unstemmed."""

    text: str


@dataclass(frozen=True, slots=True)
class Prefix:
    """``word*``: any word starting with ``stem`` (lower-cased)."""

    stem: str


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """Children that must all hold; ``explicit`` when the editor wrote ``AND``."""

    children: tuple[Node, ...]
    explicit: bool = False


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | Prefix | Not | And | Or


# ------------------------------------------------------------------- the lexer
TokKind = Literal["word", "phrase", "and", "or", "not", "neg", "(", ")"]


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: TokKind
    text: str = ""


_OPERATORS: dict[str, TokKind] = {"AND": "and", "OR": "or", "NOT": "not"}
_SPECIAL = '"()'


def _has_word_char(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def tokenize(text: str) -> list[_Tok]:
    """Tokens of a query; a quote without its partner is read as a space.

    Linear in the length of the (already bounded) text.
    """
    toks: list[_Tok] = []
    i, n = 0, len(text)
    depth = 0
    while i < n and len(toks) < 4 * MAX_TERMS:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:  # a stray quote: the words after it stay words
                i += 1
                continue
            inner = " ".join(text[i + 1 : end].split())
            if _has_word_char(inner):
                toks.append(_Tok("phrase", inner))
            i = end + 1
        elif ch == "(":
            depth += 1
            if depth <= MAX_DEPTH:
                toks.append(_Tok("("))
            i += 1
        elif ch == ")":
            if 0 < depth <= MAX_DEPTH:
                toks.append(_Tok(")"))
            depth = max(depth - 1, 0)
            i += 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            # "-word", -"phrase", -(group): a negation only at the start of a term
            toks.append(_Tok("neg"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            raw = text[i:j]
            op = _OPERATORS.get(raw)
            if op is not None:
                toks.append(_Tok(op, raw))
            else:
                raw = raw.lstrip("+")
                if _has_word_char(raw):
                    toks.append(_Tok("word", raw))
            i = j
    return toks


# ------------------------------------------------------------------ the parser
class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary ((AND)? unary)*."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.pos = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                parts.append(node)
            tok = self.peek()
            if tok is not None and tok.kind == ")":  # a stray closing parenthesis
                self.pos += 1
        return _simplify(And(tuple(parts))) if parts else None

    def parse_or(self) -> Node | None:
        parts: list[Node] = []
        node = self.parse_and()
        if node is not None:
            parts.append(node)
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            node = self.parse_and()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Node | None:
        parts: list[Node] = []
        explicit = False
        while (tok := self.peek()) is not None and tok.kind not in ("or", ")"):
            if tok.kind == "and":
                explicit = True
                self.pos += 1
                continue
            node = self.parse_unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        if len(parts) == 1 and not isinstance(parts[0], Word):
            return parts[0]
        return And(tuple(parts), explicit)

    def parse_unary(self) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        self.pos += 1
        if tok.kind in ("not", "neg"):
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", ")"):
                return None  # "NOT" with nothing after it
            child = self.parse_unary()
            return Not(child) if child is not None else None
        if tok.kind == "(":
            node = self.parse_or()
            nxt = self.peek()
            if nxt is not None and nxt.kind == ")":
                self.pos += 1
            return node
        if tok.kind in ("word", "phrase"):
            self.terms += 1
            if self.terms > MAX_TERMS:
                return None
            return _phrase(tok.text) if tok.kind == "phrase" else _word(tok.text)
        return None  # an operator where a term belongs: ignored


def _word(raw: str) -> Node:
    if raw.endswith("*"):
        stem = raw.rstrip("*")
        if "*" not in stem and sum(ch.isalnum() for ch in stem) >= 2:
            return Prefix(stem.lower())
    return Word(raw)


def _phrase(text: str) -> Node:
    return Phrase(text)


def _simplify(node: Node) -> Node:
    """Drop one-child wrappers the top level adds."""
    if isinstance(node, And) and len(node.children) == 1:
        child = node.children[0]
        if not isinstance(child, Word):
            return child
    return node


def parse(text: str) -> Node | None:
    """The query's AST, or None when it has no term at all."""
    return _Parser(tokenize(text[:MAX_QUERY_CHARS])).parse()


# -------------------------------------------------------------- words, as seen
def _bare(word: str) -> str:
    """A word without the punctuation around it, lower-cased: how it is compared."""
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end].lower()


def is_stopword(word: str) -> bool:
    return _bare(word) in STOPWORDS


def is_question_word(word: str) -> bool:
    return _bare(word) in QUESTION_WORDS


def required_count(n: int) -> int:
    """How many of ``n`` content words must occur: all up to three, then 75% rounded up."""
    return n if n <= 3 else math.ceil(0.75 * n)


# --------------------------------------------------------------------- the DSL
def _fields_query(kind: str, value: str, fields: tuple[tuple[str, float], ...]) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = []
    for name, boost in fields:
        if kind == "match":
            body: dict[str, Any] = {
                "query": value,
                "operator": "and",
                "zero_terms_query": "all",
            }
        elif kind == "match_phrase":
            body = {"query": value}
        else:  # prefix
            body = {"value": value}
        if boost != 1.0:
            body["boost"] = boost
        clauses.append({kind: {name: body}})
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


@dataclass(frozen=True, slots=True)
class Fields:
    """Where words go (stemmed fields) and where phrases and prefixes go (plain ones)."""

    text: tuple[tuple[str, float], ...] = TEXT_FIELDS
    plain: tuple[tuple[str, float], ...] = PLAIN_FIELDS


ARTICLE_FIELDS = Fields()
STORY_FIELDS = Fields((("title", 1.0),), (("title.plain", 1.0),))


def _leaf(node: Word | Phrase | Prefix, f: Fields) -> dict[str, Any]:
    if isinstance(node, Word):
        return _fields_query("match", node.text, f.text)
    if isinstance(node, Phrase):
        return _fields_query("match_phrase", node.text, f.plain)
    return _fields_query("prefix", node.stem, f.plain)


def to_dsl(node: Node | None, f: Fields = ARTICLE_FIELDS) -> dict[str, Any] | None:
    """Elasticsearch DSL for the AST; None when nothing searchable is left (only stopwords)."""
    if node is None:
        return None
    if isinstance(node, Word):
        return _conjunction((node,), False, f)
    if isinstance(node, Phrase | Prefix):
        return _leaf(node, f)
    if isinstance(node, Not):
        inner = to_dsl(node.child, f)
        if inner is None:
            return None
        return {"bool": {"must": [{"match_all": {}}], "must_not": [inner]}}
    if isinstance(node, Or):
        parts = [q for q in (to_dsl(c, f) for c in node.children) if q is not None]
        if not parts:
            return None
        return (
            parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}
        )
    return _conjunction(node.children, node.explicit, f)


def _conjunction(children: tuple[Node, ...], explicit: bool, f: Fields) -> dict[str, Any] | None:
    must: list[dict[str, Any]] = []
    must_not: list[dict[str, Any]] = []
    content: list[Word] = []
    questions: list[Word] = []
    for child in children:
        if isinstance(child, Word):
            if is_stopword(child.text):
                continue
            (questions if is_question_word(child.text) else content).append(child)
        elif isinstance(child, Not):
            inner = to_dsl(child.child, f)
            if inner is not None:
                must_not.append(inner)
        else:
            q = to_dsl(child, f)
            if q is not None:
                must.append(q)
    if not content and not must:  # "who", "how did": the question words are all there is
        content, questions = questions, []
    optional = [_leaf(w, f) for w in questions]
    if content:
        words = [_leaf(w, f) for w in content]
        need = len(words) if explicit else required_count(len(words))
        if need == len(words):
            must.extend(words)
        else:
            must.append({"bool": {"should": words, "minimum_should_match": need}})
    if not must and not must_not:
        return None
    out: dict[str, Any] = {"must": must or [{"match_all": {}}]}
    if must_not:
        out["must_not"] = must_not
    if optional:
        out["should"] = optional
    if len(out) == 1 and len(must) == 1:
        return must[0]
    return {"bool": out}


def text_query(text: str, f: Fields = ARTICLE_FIELDS) -> dict[str, Any] | None:
    """Parse and build in one step: the DSL of an editor's query, or None."""
    return to_dsl(parse(text), f)


# ----------------------------------------------------------------- explaining
def explain(node: Node | None) -> str:
    """The query as it was understood, for ``--json`` and the desk: stopwords
    shown in brackets, question words with ``?``, operators in capitals."""
    if node is None:
        return ""
    if isinstance(node, Word):
        if is_stopword(node.text):
            return f"[{node.text}]"
        return f"{node.text}?" if is_question_word(node.text) else node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Prefix):
        return f"{node.stem}*"
    if isinstance(node, Not):
        return f"NOT {_wrapped(node.child)}"
    if isinstance(node, Or):
        return " OR ".join(_wrapped(c) for c in node.children)
    sep = " AND " if node.explicit else " "
    return sep.join(_wrapped(c) for c in node.children)


def _wrapped(node: Node) -> str:
    text = explain(node)
    return f"({text})" if isinstance(node, And | Or) and len(node.children) > 1 else text
