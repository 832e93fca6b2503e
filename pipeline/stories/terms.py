"""What the clusterer reads of an article's text: evidence channels, folded terms,
names, and the decaying document frequencies that weight them.

Kept apart from ``cluster.py`` (which decides where an article goes) so that the
text rules can be read and tested on their own.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

# Evidence channels. Every feature key lives in exactly one; person, entity
# and date keys carry a control-character prefix so they never meet a word,
# and all share one document-frequency table.
WORD, NUMBER, YEAR, PERSON, ENTITY, DATE = range(6)
CHANNELS = ("word", "number", "year", "person", "entity", "date")
NAME = "\x01"
ENT = "\x02"
DAY = "\x03"
_PREFIX_CHANNEL = {NAME: PERSON, ENT: ENTITY, DAY: DATE}
_ENTITY_CHANNELS = (PERSON, ENTITY)
# Labels whose names are left out of the content-word floor.
_WEAK_LABELS = frozenset(["PERSON", "GPE", "LOC"])
_WORD_CHANNELS = (WORD, NUMBER, YEAR)

# Reporting verbs and honorifics say nothing about which event it is.
# fmt: off
_EXTRA_STOP = frozenset([
    "said", "says", "say", "saying", "told", "tell", "tells", "according", "reported",
    "reports", "added", "adds", "mr", "mrs", "ms", "dr", "just", "also", "would", "could",
    "like",
])
# fmt: on
STOP = frozenset(w.replace("’", "'") for w in STOP_WORDS) | _EXTRA_STOP

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted acronyms: U.S., U.N.
    r"|\d+(?:st|nd|rd|th)\b"  # ordinals: 6th
    r"|\d+(?:[.,:/-]\d+)*(?:-[^\W\d_]+)?"  # numbers: 485, 52-3, 7:40, 90-day
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*",  # words, with inner apostrophes
    re.UNICODE,
)
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_DAY_OR_MONTH = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def channel_of(key: str) -> int:
    """The evidence channel of a feature key (a pure function of the key)."""
    c = key[0]
    if c.isdigit():
        if len(key) == 4 and key.isdigit() and key[:2] in ("18", "19", "20"):
            return YEAR
        return NUMBER
    return _PREFIX_CHANNEL.get(c, WORD)


# Numbers spelt out are as specific as digits ("five hurt", "the sixth round"):
# they become the digit form. "one"/"first" are left out, being mostly idiom.
# fmt: off
_CARDINALS = [
    "zero", "-", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]
_ORDINALS = [
    "-", "-", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_CARDINALS) if w != "-"} | {
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "dozen": "12",
}
# fmt: on
_ORDINAL_WORDS = {w: f"{i}th" for i, w in enumerate(_ORDINALS) if w != "-"}


# letters NFKD leaves whole: "Møller" and "Moller", "Łódź" and "Lodz" are one name
_UNACCENT = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def unaccented(token: str) -> str:
    """``token`` without its accents ("erdoğan" -> "erdogan", "møller" -> "moller"):
    wire copy often comes in ASCII while other outlets keep the spelling."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token.translate(_UNACCENT))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=16384)
def fold(token: str) -> str | None:
    """Normalise one token: case-folded, unaccented, possessive and plural folded;
    ``None`` to drop."""
    t = unaccented(token.casefold().replace("’", "'"))
    if t.endswith("'s"):
        t = t[:-2]
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    if t in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[t]
    if t[:1].isdigit() and t[-2:] in ("st", "nd", "rd", "th"):
        return t[:-2] + "th"
    if t[:1].isdigit():
        # Clock times ("4:59") date the copy, not the event.
        return None if _CLOCK.match(t) else t.replace(",", "")
    if len(t) < 2 or t in STOP:
        return None
    if len(t) > 4 and t.endswith("ies"):
        t = t[:-3] + "y"
    elif len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is", "ous")):
        t = t[:-1]
    return None if t in STOP else t


def _lead_end(body: str, start: int, words: int) -> int:
    """Where the lead (the first ``words`` words after ``start``) ends."""
    if words <= 0:
        return start
    for n, m in enumerate(_TOKEN.finditer(body, start), 1):
        if n >= words:
            return m.end()
    return len(body)


def terms_of(text: str) -> list[str]:
    """The folded content words and numbers of ``text``, in order."""
    out = []
    for tok in _TOKEN.findall(text):
        t = fold(tok)
        if t is not None:
            out.append(t)
    return out


@lru_cache(maxsize=16384)
def name_tokens_of(name: str) -> frozenset[str]:
    """The folded word tokens of an entity name ("Lindsay Lohan" -> lindsay, lohan)."""
    return frozenset(t for t in terms_of(name) if not t[0].isdigit())


@lru_cache(maxsize=16384)
def given_and_surname(name: str) -> tuple[str, str] | None:
    """The first and last word tokens of a name of two words or more, else ``None``."""
    tokens = [t for t in terms_of(name) if not t[0].isdigit()]
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 and tokens[0] != tokens[-1] else None


def story_id_for(article_id: str) -> str:
    """The id of a story opened by ``article_id``: stable across runs and restarts."""
    return "s-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:20]


class _TermStats:
    """Document frequencies learned from the stream, bounded in size and age.

    Every ``halflife`` documents all counts are halved (those falling below one
    dropped), so statistics follow recent news; if the table outgrows
    ``max_keys`` it is halved at once.
    """

    def __init__(self, max_keys: int, halflife: int) -> None:
        self.max_keys = max_keys
        self.halflife = halflife
        self.docs = 0.0
        self.df: dict[str, float] = {}
        self.since_decay = 0

    def observe(self, keys: Iterable[str]) -> None:
        df = self.df
        for k in keys:
            df[k] = df.get(k, 0.0) + 1.0
        self.docs += 1.0
        self.since_decay += 1
        if self.since_decay >= self.halflife or len(df) > self.max_keys:
            self.decay()

    def decay(self) -> None:
        self.docs /= 2.0
        self.df = {k: v / 2.0 for k, v in self.df.items() if v >= 1.0}
        self.since_decay = 0

    def idf(self, key: str) -> float:
        return math.log(1.0 + (self.docs + 1.0) / (self.df.get(key, 0.0) + 0.5))
