"""A headline for an article that came without one.

Plain agency copy, some feeds and most scraped pages give no headline, and a
story whose title is cut mid-word ("Fishing crews in the northern port of
Ari") reads as broken in every list that shows it. The derived title is the
first sentence of the body, after the dateline. When that sentence is too
long it is cut at the last clause boundary (comma, semicolon, colon, dash,
bracket) that leaves a title of some length; failing that, at the last whole
word, with an ellipsis to say that it goes on. Dangling little words ("and",
"the", "of") are dropped from the end of a cut. A whole sentence that fits is
kept as it is.
"""

from __future__ import annotations

import re

from pipeline.enrich.dateline import parse_dateline

__all__ = ["derive_title"]

MAX_CHARS = 120
# A clause cut that leaves less than this is too short to name a story.
MIN_CLAUSE_CHARS = 40

# A sentence ends after a lower-case letter or digit and [.!?], before a capital
# or a quote: "U.S. officials" and "No. 3" stay whole.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)][.!?])[\"”’']?\s+(?=[A-Z\"“‘'(])")
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\s\()")
_WORD_END = re.compile(r"\S+")
# fmt: off
_DANGLING = frozenset([
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
    "with", "from", "as", "that", "which", "who", "whose", "while", "after", "before", "than",
    "its", "their", "his", "her", "into", "over", "under", "about", "said", "says", "is",
    "are", "was", "were", "be", "has", "have", "had", "will", "would",
])
# fmt: on


def derive_title(body: str, max_chars: int = MAX_CHARS) -> str:
    """The title of a headline-less article: see the module docstring."""
    text = body.strip()
    start = parse_dateline(text)[1]
    line = text[start:].strip().split("\n", 1)[0].strip()
    if not line:
        return ""
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0].strip()
    if len(sentence) <= max_chars:
        return sentence
    head = sentence[: max_chars + 1]
    cuts = [m.start() for m in _CLAUSE.finditer(head) if m.start() >= MIN_CLAUSE_CHARS]
    if cuts:
        clause = _trim(head[: cuts[-1]])
        if len(clause) >= MIN_CLAUSE_CHARS:
            return clause
    ends = [m.end() for m in _WORD_END.finditer(sentence) if m.end() <= max_chars - 1]
    if not ends:  # one enormous token: nothing to cut at but the limit itself
        return sentence[: max_chars - 1] + "…"
    return _trim(sentence[: ends[-1]]) + "…"


def _trim(text: str) -> str:
    """Drop trailing punctuation and dangling function words."""
    words = text.rstrip(" ,;:-–—(").split()
    while len(words) > 1 and words[-1].casefold().strip("\"“”'’") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—(")
