"""TIMEX3-style temporal expressions for English news, normalised against the publication date.

Why rules and not ``dateparser`` on spaCy DATE entities: that naive route loses
granularity ("February 2022" becomes a day), turns durations into dates ("a
week" becomes a day) and resolves weekdays without tense ("on Monday" in an
article of Monday becomes the Monday before). Here every expression keeps the
granularity it was written at (day, week, month, quarter, season, year,
decade, century), durations and sets stay apart from points in time, and
weekdays / year-less months are resolved by the tense of the clause around
them.

The output follows the TimeML/TIMEX3 conventions used by TempEval-3 and the
MEANTIME corpus (``value`` strings such as ``2025-05-19``, ``2025-W20``,
``2025-Q1``, ``2025-SU``, ``2025-05-19TMO``, ``P30D``, ``PXY``, ``PAST_REF``,
``XXXX-WXX-1``), plus the inclusive day range (``gte``/``lte``) a point covers
so that the index can range-query it. Decades and centuries take TimeML's
short form: ``196`` is the 1960s, ``19`` the 20th century (1900-1999).

Speed: patterns are compiled once at import. Each pattern is found through a
cheap keyword trigger and tried only at the few word starts before a hit, so
a 500-word article costs about 1.4 ms (spaCy NER on it: ~55 ms). Hostile
input is bounded by ``MAX_CHARS`` and per-pattern caps (see ``docs/dates.md``).
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pipeline.enrich.calendars import (
    eid_al_adha,
    eid_al_fitr,
    hanukkah,
    lunar_new_year,
    nowruz,
    passover,
    rosh_hashanah,
    tet,
    yom_kippur,
)
from pipeline.enrich.dates_compound import merge_compound_durations
from pipeline.enrich.dates_lexicon import (
    CLAUSE_JOINERS as _CLAUSE_JOINERS,
)
from pipeline.enrich.dates_lexicon import (
    COPULA_OTHER as _COPULA_OTHER,
)
from pipeline.enrich.dates_lexicon import (
    COPULA_PRESENT as _COPULA_PRESENT,
)
from pipeline.enrich.dates_lexicon import (
    COULD_NOT_BEFORE as _COULD_NOT_BEFORE,
)
from pipeline.enrich.dates_lexicon import (
    DETERMINERS as _DETERMINERS,
)
from pipeline.enrich.dates_lexicon import (
    DUE_FORWARD as _DUE_FORWARD,
)
from pipeline.enrich.dates_lexicon import (
    ED_NOT_PAST as _ED_NOT_PAST,
)
from pipeline.enrich.dates_lexicon import (
    EXPECT_NOT_AFTER as _EXPECT_NOT_AFTER,
)
from pipeline.enrich.dates_lexicon import (
    EXPECT_WORDS as _EXPECT_WORDS,
)
from pipeline.enrich.dates_lexicon import (
    FORECAST_NOUN_AFTER as _FORECAST_NOUN_AFTER,
)
from pipeline.enrich.dates_lexicon import (
    FORWARD_PREPS as _FORWARD_PREPS,
)
from pipeline.enrich.dates_lexicon import (
    FUTURE_BEFORE_TO as _FUTURE_BEFORE_TO,
)
from pipeline.enrich.dates_lexicon import (
    FUTURE_WORDS as _FUTURE_WORDS,
)
from pipeline.enrich.dates_lexicon import (
    IRREGULAR_PARTICIPLES as _IRREGULAR_PARTICIPLES,
)
from pipeline.enrich.dates_lexicon import (
    IRREGULAR_PAST as _IRREGULAR_PAST,
)
from pipeline.enrich.dates_lexicon import (
    JOINER_RE as _JOINER_RE,
)
from pipeline.enrich.dates_lexicon import (
    LEFT_BEFORE_TO_GO as _LEFT_BEFORE_TO_GO,
)
from pipeline.enrich.dates_lexicon import (
    MODALS as _MODALS,
)
from pipeline.enrich.dates_lexicon import (
    NO_STOP as _NO_STOP,
)
from pipeline.enrich.dates_lexicon import (
    NOT_A_PLAN_BEFORE_TO as _NOT_A_PLAN_BEFORE_TO,
)
from pipeline.enrich.dates_lexicon import (
    OBJECT_PRONOUNS as _OBJECT_PRONOUNS,
)
from pipeline.enrich.dates_lexicon import (
    PAST_LIKE_BASE as _PAST_LIKE_BASE,
)
from pipeline.enrich.dates_lexicon import (
    PAYABLE_NEXT as _PAYABLE_NEXT,
)
from pipeline.enrich.dates_lexicon import (
    PLAN_BEFORE_TO as _PLAN_BEFORE_TO,
)
from pipeline.enrich.dates_lexicon import (
    POSTPONED_TO_RE as _POSTPONED_TO_RE,
)
from pipeline.enrich.dates_lexicon import (
    PRESENT_VERBS as _PRESENT_VERBS,
)
from pipeline.enrich.dates_lexicon import (
    SPEAKS_FROM_NOW_RE as _SPEAKS_FROM_NOW_RE,
)
from pipeline.enrich.dates_lexicon import (
    TIME_PHRASE_WORDS as _TIME_PHRASE_WORDS,
)
from pipeline.record import TimeExpr, TimexType

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

__all__ = ["CALENDAR_WORDS", "extract_dates", "value_range"]

Tense = Literal["PAST", "FUTURE", "PRESENT", "NONE"]

# Text beyond this is not scanned: a pathological body must not stall the
# stream, and no news article is this long (enrichment caps NER at 100k).
MAX_CHARS = 200_000
# Matches kept per pattern: an article naming 500 months is a table, not news,
# and the cap bounds the time a hostile text can cost (~10 µs per match).
MAX_MATCHES_PER_PATTERN = 500
MAX_TRIGGERS_PER_PATTERN = 2000

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_ABBR = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_MONTH_FULL = [k for k in _MONTHS if k not in _MONTH_ABBR]

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
# Month and weekday names, full and short, lower-case: "sept", "thurs", "friday".
CALENDAR_WORDS = (
    frozenset(_MONTHS)
    | frozenset(_WEEKDAYS)
    | frozenset(["mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"])
)

_NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "single": 1, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5, "half an": 0.5,
    "a half": 0.5,
}  # fmt: skip
_VAGUE_NUMBERS = (
    "a few", "few", "several", "some", "many", "numerous", "multiple", "a number of",
    "dozens of", "hundreds of", "a couple more", "more", "countless",
)  # fmt: skip
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4,
}  # fmt: skip

# unit word -> (TIMEX3 duration letter, is a time-of-day unit, multiplier);
# decades, centuries and millennia take TIDES's own units ("a decade" P1DE)
_UNIT_YEARS = {"DE": 10, "CE": 100, "ML": 1000}
_UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1), "sec": ("S", True, 1), "minute": ("M", True, 1),
    "min": ("M", True, 1), "hour": ("H", True, 1), "hr": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1),
    "weekend": ("WE", False, 1), "fortnight": ("W", False, 2), "month": ("M", False, 1),
    "quarter": ("Q", False, 1), "year": ("Y", False, 1), "decade": ("DE", False, 1),
    "century": ("CE", False, 1), "centurie": ("CE", False, 1), "millennium": ("ML", False, 1),
    "yr": ("Y", False, 1),
}  # fmt: skip
# vague plural ("for decades") -> TIMEX3 unit with X
_VAGUE_UNIT: dict[str, str] = {
    "second": "PTXS", "minute": "PTXM", "hour": "PTXH", "day": "PXD", "night": "PXD",
    "week": "PXW", "weekend": "PXWE", "month": "PXM", "quarter": "PXQ", "year": "PXY",
    "decade": "PXDE", "century": "PXCE", "millennium": "PXML", "centurie": "PXCE", "fortnight": "PXW",
}  # fmt: skip

_SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
# meteorological seasons; winter YYYY-WI runs from December of YYYY
_SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}
_PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI", "tonight": "NI",
}  # fmt: skip

_UNIT_WORDS = _words(
    "second seconds minute minutes hour hours day days week weeks weekend weekends month "
    "months quarter quarters year years decade decades century centuries"
)
_REF_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "these days": "PRESENT_REF",
    "the time being": "PRESENT_REF", "for the time being": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "more recently": "PAST_REF", "most recently": "PAST_REF", "the past": "PAST_REF",
    "in the past": "PAST_REF",
    "soon": "FUTURE_REF", "very soon": "FUTURE_REF", "shortly": "FUTURE_REF",
    "the future": "FUTURE_REF", "in future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the longer term": "FUTURE_REF",
    "short-term": "FUTURE_REF", "long-term": "FUTURE_REF", "near-term": "FUTURE_REF",
}  # fmt: skip

# ("quarterly" in TIDES's quarter unit, as "every quarter" is: ten blind writers'
# "quarterly" were P1Q seven times and P3M three times, "every quarter" P1Q 32 of 33)
_SET_WORDS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "annual": "P1Y", "hourly": "PT1H", "quarterly": "P1Q", "nightly": "P1D",
    "biannual": "P6M", "semiannual": "P6M", "semi-annual": "P6M", "fortnightly": "P2W",
    "bi-weekly": "P2W", "biweekly": "P2W", "semiannually": "P6M", "biannually": "P6M",
}  # fmt: skip

# Weekday / holiday names that are events, not dates ("Black Monday").
_EVENT_PREFIXES = _words(
    "black bloody super cyber blue fat ash palm holy good easter maundy giving shrove whit"
)
# Plural nouns after a bare four-digit number that make it a count, not a year.
_COUNT_NOUN_RE = re.compile(
    r"(?:people|persons|jobs|workers|employees|staff|units|points|shares|cars|vehicles|"
    r"planes|aircraft|jets|dealers|dealerships|stores|homes|houses|troops|soldiers|"
    r"civilians|deaths|dead|casualties|victims|cases|votes|seats|members|customers|"
    r"users|passengers|copies|tons|tonnes|miles|kilometres|kilometers|km|metres|meters|"
    r"feet|ft|pounds|kg|dollars|euros|yen|barrels|acres|hectares|sq|square|new|more|"
    r"other|additional|extra|times|hours|minutes|days|weeks|months|years|rounds|"
    r"positions|posts|plants|companies|firms|banks|mw|gw|kw|kwh|mph|km/h|bpd|"
    r"rpm|calories|words|pages|lines|bytes|gb|mb|tb)\b",
    re.I,
)
# --------------------------------------------------------------------------
# Pattern building blocks
# --------------------------------------------------------------------------


def _cs(words: list[str] | tuple[str, ...]) -> str:
    """A case-sensitive alternation (Title and UPPER case) inside an IGNORECASE pattern.

    Month and weekday names must be capitalised: lower-case "may", "march" and
    "sun" are ordinary English words.
    """
    alts: set[str] = set()
    for w in words:
        alts.add(w.capitalize())
        alts.add(w.upper())
    return "(?-i:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


_MON_FULL = _cs(_MONTH_FULL)
_MON_ANY = "(?:" + _cs(_MONTH_FULL) + r"|" + _cs(_MONTH_ABBR) + r"\.?)"


def _plain_cs(words: list[str] | tuple[str, ...], suffix: str = "") -> str:
    """A plain case-sensitive alternation for a trigger: ``re`` scans these fast."""
    alts = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "(?-i:(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")" + suffix + r"\b)"


_MON_TRIGGER = _plain_cs(list(_MONTHS))
_WD = _cs(list(_WEEKDAYS))
_NUMW = "|".join(
    sorted((re.escape(k) for k in _NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True)
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:\s+1/2(?![\d/])|½)|\d+(?:\.\d+)?|(?:{_TENS})[-\s](?:one|two|three|four|five|six|seven|eight|nine)"
    rf"|(?:{_NUMW}|an?)(?:\s+and\s+a\s+half)?)"
)
_VAGUE = "|".join(sorted((re.escape(v) for v in _VAGUE_NUMBERS), key=len, reverse=True))
_UNIT = (
    r"(?:second|sec|minute|min|hour|hr|day|night|weekend|week|fortnight|month|quarter|"
    r"year|yr|decade|centur(?:y|ie)|millennium)"
)
_ADJ = (
    r"(?:straight|consecutive|successive|trading|business|working|full|long|short|more|"
    r"additional|further|calendar|whole|entire|extra|record)"
)
_APPROX = (
    r"(?:about|around|nearly|almost|roughly|approximately|some|over|under|more\s+than|"
    r"less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|just|"
    r"only|another|barely|"
    r"well\s+over|close\s+to|the\s+(?:past|last|next|first|coming|previous|following|"
    r"final|latest))"
)
_DAYNUM = r"(?<![\d.,])(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)(?:\s*(?:st|nd|rd|th)\b)?(?![:.]\d)"
_YEAR4 = r"(?P<year>1\d{3}|20\d{2})(?![\d%])(?!\s*%)(?![.,]\d)"
_YEAR = r"(?P<year>1\d{3}|20\d{2}|['’]\d\d)(?![\d%])(?![.,]\d)"
_TZ = (
    r"(?P<tz>UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|MSK|JST|"
    r"IST|AEST|AEDT|ET|PT|CT|HKT|SGT|KST|"
    # Atlantic and Newfoundland Canada, Alaska, Hawaii, western and central
    # Australia, New Zealand, South Africa (not "CAT"/"EAT"/"WAT": words)
    r"ADT|AST|NDT|NST|AKST|AKDT|HST|AWST|ACST|ACDT|NZST|NZDT|SAST)"
)
# the zones written as UTC ("Z"); a named local zone stays out of the value
_UTC_ZONES = frozenset({"UTC", "GMT", "Z"})


_HSPACE = " \\t\\xa0\\u2009\\u202f"


def _no_newline(pattern: str) -> str:
    """Rewrite ``\\s`` as horizontal whitespace: an expression never spans a line break.

    Titles, date lines and paragraphs are separated by newlines; "until
    Friday" at the end of a headline must not run into the date line below.
    """
    out: list[str] = []
    in_class = escaped = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escaped:
            escaped = False
            if ch == "s":
                out[-1] = _HSPACE if in_class else f"[{_HSPACE}]"
            else:
                out.append(ch)
        elif ch == "\\":
            escaped = True
            out.append(ch)
        else:
            if ch == "[" and not in_class:
                in_class = True
            elif ch == "]" and in_class and pattern[i - 1] != "[":
                in_class = False
            out.append(ch)
        i += 1
    return "".join(out)


_Trie = dict[str, "_Trie"]


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of literal words as a trie ("s(?:econd|ixth)|..."): ``re``
    then follows one branch per letter instead of trying every word at every
    position, about twice as fast as the flat list for a trigger scan."""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(root) + ")"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(_no_newline(pattern), re.IGNORECASE)


# (a quotation's closing mark may come between: '... do." He said')
_SENT_SPLIT_RE = re.compile(r"\n|(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“'‘(]?[A-Z0-9])")
# "6 a.m. Thursday", "5 p.m. EST": the clock's period ends no sentence before the
# day or the zone it is given in
_CLOCK_BEFORE_RE = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_DAY_AFTER_CLOCK_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|May|Jun|"
    r"Jul|Aug|Sep|Oct|Nov|Dec|[A-Z]{2,4}\b)"
)
# "Feb. 12", "Dr. Lund", "No. 10": a period that ends an abbreviation, not a sentence
_ABBREV_BEFORE_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|"
    r"Gen|Prof|No)\.$"
)
# a colon inside a clock time ("15:00") is not a clause boundary
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;()\"“”]|(?<!\d):(?!\d)|--|—|–")
_PREV_WORD_RE = re.compile(r"([A-Za-z$£€#][\w$'’.-]*)\W*$")
_NEXT_WORD_RE = re.compile(r"^\W*?([A-Za-z][\w'’-]*)")

# --------------------------------------------------------------------------
# Value helpers
# --------------------------------------------------------------------------


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _iso_week(d: date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy:04d}-W{iw:02d}"


def _last_day_of(v: _Val | None) -> date | None:
    """The last day of a resolved day or month value (where a period named by
    its end ends: "the week ended Friday", "the quarter ended in June")."""
    if v is None or not v.resolved:
        return None
    if v.day is not None:
        return v.day
    span = value_range(v.value) if _VALUE_MONTH_RE.match(v.value or "") else None
    return date.fromisoformat(span[1]) if span is not None else None


def _valid_day(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


# a figure for a whole year just ended: "earned about 700 million dollars in 1989"
_ANNUAL_FIGURE_RE = re.compile(r"\d[^.;:!?]{0,50}\bin\s+(?:19|20)\d\d$")
_AND_NEXT_RE = re.compile(r",?\s+and\b")  # (a new clause, not "in 2018, when ...")


def _years_near(
    key: tuple[int, int], ref: date, years: Iterable[int], lo: int, hi: int
) -> Iterator[int]:
    """Those of ``years``, in their order, in which the day ``key`` (month, day)
    exists and falls ``lo`` to ``hi`` days from ``ref``."""
    for y in years:
        if _valid_day(y, *key) and lo <= (date(y, *key) - ref).days <= hi:
            yield y


def _num_value(s: str) -> float | None:
    """The number a duration quantity denotes; None when vague ("several")."""
    s = re.sub(r"\s+", " ", s.lower().strip())
    half = 0.0
    if s.endswith(" and a half"):
        half, s = 0.5, s[: -len(" and a half")]
    elif s.endswith(("1/2", "½")) and s[:1].isdigit():
        # "2 1/2 years", "3½ hours": the wire's way of writing a half
        half, s = 0.5, s[: -3 if s.endswith("1/2") else -1].rstrip()
    if s in _NUMBER_WORDS:
        return _NUMBER_WORDS[s] + half
    m = re.fullmatch(rf"({_TENS})[- ](one|two|three|four|five|six|seven|eight|nine)", s)
    if m:
        return _NUMBER_WORDS[m.group(1)] + _NUMBER_WORDS[m.group(2)] + half
    try:
        return float(s.replace(",", "")) + half
    except ValueError:
        return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration_value(n: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    letter, is_time, mult = _UNITS.get(unit, ("D", False, 1))
    if n is None:
        return _VAGUE_UNIT.get(unit, "PXD")
    n = n * mult
    if letter in _UNIT_YEARS and n != int(n):
        # "a quarter of a century", "half a decade": whole years (P25Y, P5Y)
        letter, n = "Y", n * _UNIT_YEARS[letter]
    if n != int(n) and n > 1:
        # "three and a half hours" = PT3H30M: the whole units, then the rest one
        # unit down, as every fixture writer wrote. Not years: MEANTIME writes
        # "almost two and a half years" P2.5Y (our writers wrote P6Y6M)
        whole, rest = int(n), n - int(n)
        down = {"H": (60, "M", True), "D": (24, "H", True)}
        if letter == "M" and is_time:
            down["M"] = (60, "S", True)
        if letter in down:
            k, unit2, time2 = down[letter]
            if rest * k == int(rest * k):
                head = f"PT{whole}{letter}" if is_time else f"P{whole}{letter}"
                if time2 and not is_time:
                    head += "T"  # "two and a half days" = P2DT12H
                return f"{head}{int(rest * k)}{unit2}"
    if n != int(n):
        # half units read better one unit down ("half an hour" = PT30M)
        if letter == "H" and (n * 60) == int(n * 60):
            return f"PT{int(n * 60)}M"
        if letter == "M" and is_time and (n * 60) == int(n * 60):
            return f"PT{int(n * 60)}S"
        if letter == "D" and (n * 24) == int(n * 24):
            return f"PT{int(n * 24)}H"
        if letter == "Y" and n < 1 and (n * 12) == int(n * 12):
            return f"P{int(n * 12)}M"
    return f"PT{_fmt_num(n)}{letter}" if is_time else f"P{_fmt_num(n)}{letter}"


def _year_from_2digits(yy: int, dct: date | None) -> int:
    """'82 -> 1982, '07 -> 2007: the century that puts it closest before the anchor."""
    ref = dct.year if dct else 2030
    y = (ref // 100) * 100 + yy
    if y > ref + 10:
        y -= 100
    return y


def _parse_year(s: str, dct: date | None) -> int:
    s = s.strip()
    if s[0] in "'’":
        return _year_from_2digits(int(s[1:]), dct)
    return int(s)


_VALUE_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_VALUE_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_VALUE_YEAR_RE = re.compile(r"^(\d{4})$")
_VALUE_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_VALUE_QUARTER_RE = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_VALUE_DECADE_RE = re.compile(r"^(\d{3})X?$")
_VALUE_CENTURY_RE = re.compile(r"^(\d{2})(?:XX)?$")


def value_range(value: str | None) -> tuple[str, str] | None:
    """The inclusive ISO day range a DATE/TIME value covers, None if it is not a point.

    This is what the index stores in its ``date_range`` field, so a query for
    a day inside February 2022 finds an article that mentions "February 2022".
    """
    if not value:
        return None
    try:
        if m := _VALUE_DAY_RE.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.isoformat()
        if m := _VALUE_MONTH_RE.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1).isoformat(), date(
                y, mo, calendar.monthrange(y, mo)[1]
            ).isoformat()
        if m := _VALUE_YEAR_RE.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        if m := _VALUE_WEEK_RE.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return (monday + timedelta(5)).isoformat(), (monday + timedelta(6)).isoformat()
            return monday.isoformat(), (monday + timedelta(6)).isoformat()
        if m := _VALUE_QUARTER_RE.match(value):
            y, part = int(m[1]), m[2]
            if part[0] == "Q":
                first = (int(part[1]) - 1) * 3 + 1
                span = (first, first + 2)
            elif part[0] == "H":
                span = (1, 6) if part == "H1" else (7, 12)
            elif part == "WI":
                return date(y, 12, 1).isoformat(), date(
                    y + 1, 2, calendar.monthrange(y + 1, 2)[1]
                ).isoformat()
            else:
                span = _SEASON_MONTHS[part]
            return date(y, span[0], 1).isoformat(), date(
                y, span[1], calendar.monthrange(y, span[1])[1]
            ).isoformat()
        if m := _VALUE_DECADE_RE.match(value):
            return f"{m[1]}0-01-01", f"{m[1]}9-12-31"
        if m := _VALUE_CENTURY_RE.match(value):
            return f"{m[1]}00-01-01", f"{m[1]}99-12-31"
    except (ValueError, OverflowError):  # "9999-W52" ends in the year 10000
        return None
    return None


# --------------------------------------------------------------------------
# Candidates and their resolution
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Val:
    """A resolved value; ``day`` is set when the value names one day (an anchor)."""

    value: str | None
    resolved: bool
    day: date | None = None


_Resolve = Callable[["_Resolver", "_Cand"], _Val]


@dataclass(slots=True)
class _Cand:
    """One matched expression before overlap resolution and normalisation."""

    start: int
    end: int
    type: TimexType
    resolve: _Resolve
    rank: int = 0  # tie-break between same-length overlapping matches
    blocker: bool = False  # an impossible date: claims its span, emits nothing
    weak: bool = False  # a bare number read as a year: yields to NER CARDINAL/MONEY
    kind: str = ""  # "time", "day", "dayref" ...: drives time/day merging
    explicit: bool = False  # a date written with its year: anchors its sentence


def _const(value: str | None, resolved: bool = True) -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        return _Val(value, resolved)

    return f


def _day_val(d: date, suffix: str = "") -> _Val:
    return _Val(d.isoformat() + suffix, True, d)


def _perfect(lw: str, words: list[tuple[str, int]], i: int) -> Tense | None:
    """PAST for a present perfect ("has risen", "have been", "has already said")."""
    if lw not in ("has", "have", "'ve"):
        return None
    been = False
    for w, _ in words[i + 1 : i + 4]:
        n = w.lower()
        if n in _FUTURE_WORDS or n == "planned":
            return "FUTURE"  # "has been scheduled for June 3"
        if n == "been":
            been = True
            continue
        if (
            n in _IRREGULAR_PARTICIPLES
            or n in _IRREGULAR_PAST
            or (n.endswith("ed") and len(n) > 4 and n not in _ED_NOT_PAST)
        ):
            return "PAST"
        if n not in ("already", "also", "not", "never", "just", "since", "now", "long", "yet"):
            break
    return "PAST" if been else None


# plural units of time, which may follow an object "it" ("sold it months ago")
_UNIT_PLURALS = _words("seconds minutes hours days nights weeks months years decades times")


class _Resolver:
    """Resolves candidates in text order against the publication date.

    It keeps a narrative anchor (the last day the text talked about) for
    anaphoric expressions such as "the day", "the same day", "the next day"
    and for clock times ("at 18:00 UTC" after "on Tuesday").
    """

    def __init__(self, text: str, dct: date | None, doc: Doc | None) -> None:
        self.text = text
        self.dct = dct
        # the story's "today": its dateline's day, when that is the day before
        # publication, else the publication day
        self.today: date | None = _dateline_day(text, dct) or dct
        self.anchor_day: date | None = self.today
        self.anchor_end: int | None = None  # where the day that set it is written
        # the days within a week of publication named so far, by weekday:
        # "Saturday's programme" is the Saturday the story already named
        self.weekdays_named: dict[int, date] = {}
        # the last recent day named that is not the publication day: what "that
        # day" points back to past a reporting time ("said this afternoon")
        self.story_day: date | None = None
        # a day far from publication that a story tells from, and where it was
        # written: anaphora right after it ("two days later police searched the
        # town hall, and the next morning ...") read from it
        self.far_day: tuple[date, int] | None = None
        self.anchor_value: str | None = dct.isoformat() if dct else None
        self.last_value: str | None = self.anchor_value
        self.last_value_end = -1  # where the expression that set it ends
        # where the expression just resolved ends, if it named a day ("from Monday")
        self.last_day_end: int | None = None
        # the last clock time resolved (a local time of day) and where it ends:
        # "an hour later" counts from it
        self.last_clock: tuple[datetime, int] | None = None
        # the day a night told in order crossed into, once it has (see _crossed_into)
        self.crossed_day: date | None = None
        # the last day written "early Friday" and where it ends (for clock times)
        self.early_day: tuple[date, int] | None = None
        # the last day written "late Wednesday" and where it ends
        self.late_day: tuple[date, int] | None = None
        # whether the clock time being resolved has its day named beside it
        self.clock_day_named = False
        # the day a period named by its end ends on ("the week ended Friday")
        self.period_end: date | None = None
        # the last date written with its year: its sentence start, its end,
        # its first day and whether it names a whole year ("in 2019")
        self.sentence_anchor: tuple[int, int, date, bool] | None = None
        # the last month resolved without a written year: its sentence start,
        # its end and its first day ("In March the contractor said ...")
        self.sentence_month: tuple[int, int, date] | None = None
        self._southern: bool | None = None
        # "next year's edition will take place on Nov. 3": a relative year that
        # owns what follows in its sentence (sentence start, end, year)
        self.owning_year: tuple[int, int, int] | None = None
        # the first fiscal quarter the text names (year, quarter): an earnings
        # report in fiscal terms keeps to them ("the fiscal fourth quarter ...
        # the year-ago quarter ... first-quarter results")
        self.fiscal_quarter: tuple[int, int] | None = None
        # the first calendar quarter it names: the one a report is about
        self.first_quarter: tuple[int, int] | None = None
        # the last evening or night named, and where it ends: "had gone down the
        # shaft the previous evening ... at about 3 a.m." is the next day
        self.last_night: tuple[date, int] | None = None
        # the last afternoon named, and where it ends: "the washes flooded this
        # afternoon ... the storm broke at about 3:40" is 15:40
        self.last_afternoon: tuple[date, int] | None = None
        # the first month or quarter it names, the period a report is about:
        # "rose in October ... from the prior month, the government said
        # Tuesday ... up from a year earlier" compares with October
        self.first_period: str | None = None
        self.first_week: str | None = None  # the first ISO week told ("this week's auction")
        self.last_fiscal_quarter: tuple[int, int] | None = None  # the latest one told
        self.last_fiscal_half: str | None = None  # the latest fiscal half told
        self._sent_starts = [0] + [
            m.end()
            for m in _SENT_SPLIT_RE.finditer(text)
            if not _ABBREV_BEFORE_RE.search(text, max(0, m.start() - 6), m.start())
            and not (
                _CLOCK_BEFORE_RE.search(text, max(0, m.start() - 5), m.start())
                and _DAY_AFTER_CLOCK_RE.match(text, m.end())
            )
        ]
        self._tags: dict[int, str] | None = None
        if doc is not None and doc.has_annotation("TAG"):
            self._tags = {t.idx: t.tag_ for t in doc}

    # -- sentence and tense --------------------------------------------------

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        start = self._sent_starts[max(i, 0)]
        end = self._sent_starts[i + 1] if i + 1 < len(self._sent_starts) else len(self.text)
        return start, end

    @staticmethod
    def _kept_object(words: list[tuple[str, int]], i: int) -> bool:
        """Whether a verb of keeping comes within the nine words before
        ``words[i]``, in its clause ("will keep two of the passes closed")."""
        for j in range(i - 1, max(-1, i - 10), -1):
            w = words[j][0].lower()
            if w in _KEEP_VERBS:
                return True
            if not w[:1].isalnum() or w in ("and", "but", "or"):
                return False
        return False

    def _past_before(self, words: list[tuple[str, int]], i: int) -> bool:
        """Whether a past form of a verb of lasting ("stayed", "remained") comes
        within the five words before ``words[i]``, in its clause, or a negated
        past within eight ("was not completed until Wednesday", "did not notice
        the men were missing until a head count at 5:30 a.m. Tuesday")."""
        negated = past = False
        for j in range(i - 1, max(-1, i - 9), -1):
            if j < i - 5 and words[j][0].lower() in _LASTED_VERBS:
                continue  # (a verb of lasting counts within five words only)
            w = words[j][0]
            lw = w.lower()
            if lw in _CLAUSE_STOPS or not w[:1].isalpha():
                break
            if lw in _LASTED_VERBS:
                # (not a present passive: "auctions are held every fortnight until
                # May" go on ahead)
                return j == 0 or words[j - 1][0].lower() not in ("is", "are", "am", "be")
            negated = negated or lw in ("not", "n't", "never")
            past = past or lw in _PAST_AUX
        return negated and past

    def _cue(self, words: list[tuple[str, int]], i: int, follows: bool = False) -> Tense | None:
        """The tense one word signals, if any (a verb form, a modal, "ago"...);
        ``follows``: the word comes after the expression."""
        w, pos = words[i]
        lw = w.lower().replace("’", "'")
        nxt = words[i + 1][0].lower() if i + 1 < len(words) else ""
        # lower-cased, except the month "May" which must not read as the modal
        prev = [x[0] if x[0] == "May" else x[0].lower() for x in words[max(0, i - 3) : i]]
        participle = lw.endswith("ed") or lw in _IRREGULAR_PAST
        if w[:1].isupper() and w != "May" and i > 0 and words[i - 1][0][:1].isalpha():
            return None  # a capital inside a sentence is a name: "the Fed to cut rates"
        if lw == "am" and self.text[pos - 1 : pos].isdigit():
            return None  # "4am on Sunday": a clock time, not "I am"
        if lw.endswith("'ll") and len(lw) > 3:
            return "FUTURE"  # "We'll be back Monday", "they'll vote Thursday"
        if lw in ("was", "were") and nxt == "currently":
            return "PRESENT"  # reported as it stands now (see :meth:`_participle`)
        if lw in ("open", "closed", "shut") and prev[-1:] == ["still"] and i > 1:
            # "the few bakeries still open Tuesday night": a state, no verb
            return None
        if participle and self._kept_object(words, i):
            # "will keep two passes closed well into June": the participle is the
            # object's state; the verb of keeping tells the tense
            return None
        if participle and _REDUCED_RELATIVE_RE.search(self.text, max(0, pos - 50), pos):
            # "will rise to No. 3 in the rankings published on Monday": a participle
            # after the noun it describes is no verb of the clause
            return None
        if (
            lw in ("is", "are")
            and nxt == "due"
            and i + 2 < len(words)
            and words[i + 2][0].lower() == "to"
        ):
            # "The next change, on 20 May, is due to bring longer trains" (not
            # "figures for the April-June period are due on Aug. 14")
            return "FUTURE"
        if participle and _WILL_HAVE_RE.search(self.text, max(0, pos - 40), pos):
            # "We will have this budget signed by Christmas": done by a time ahead
            return "FUTURE"
        if lw == "followed" and nxt == "by" and prev[-1:] not in _AUX_BEFORE_FOLLOWED:
            # "an election on Feb. 18, followed by the primary in May": a reduced
            # clause; the verb of the clause it hangs on decides
            return None
        if lw in _SAY_WORDS and _ASIDE_SAY_RE.match(self.text, pos + len(w)):
            before = self.text[max(0, pos - 30) : pos]
            if _ASIDE_SUBJECT_RE.search(before):
                # "talks will be held in Bamako, he said, with a second round in
                # January": a reporting aside between commas is not the clause's verb
                return None
        if (
            lw == "to"
            and nxt.isalpha()
            and words[i + 1][0].islower()
            and nxt not in _DETERMINERS
            and nxt not in _OBJECT_PRONOUNS
            # "by 112 votes to 97 in the vote": a figure between them, no infinitive
            and not self.text[pos + 2 : words[i + 1][1]].strip()
        ):
            # "hoped to form a government by the end of June", "ordered him to
            # report", "agreed on Monday to pause": the plan verb, past an
            # object pronoun or a short time phrase
            for j in range(i - 1, max(-1, i - 6), -1):
                wj = words[j][0].lower()
                if wj in _PLAN_BEFORE_TO:
                    return "FUTURE"
                if wj not in _OBJECT_PRONOUNS and wj not in _TIME_PHRASE_WORDS:
                    break
        if lw in ("until", "till") and self._past_before(words, i):
            # "the road stayed blocked by landslides until Friday": a span that
            # ended, told in the past; "until" alone looks ahead ("closed until",
            # and "talks were suspended until Friday" may still be to come)
            return "PAST"
        if lw in ("hoping", "hopes", "hope") and nxt == "for":
            return "FUTURE"  # "hoping for stronger trade before Easter": what is hoped lies ahead
        if lw in _PROMISE_WORDS and nxt in ("a", "an") and not follows:
            # "has promised a review of the timetable in the spring": what is
            # promised lies ahead, whatever the tense of the promise (not "On
            # Azores Day, officials promised an aid fund": the day of promising)
            return "FUTURE"
        if lw == "track" and nxt == "to" and prev[-1:] == ["on"]:
            return "FUTURE"  # "was on track to reach the coast late Friday": a forecast
        if (
            lw in _FUTURE_WORDS
            or (
                lw in _FUTURE_BEFORE_TO
                and nxt == "to"
                # (the very next word: "agreed Tuesday to end the strike" was agreed
                # on Tuesday; the expression itself is left out of ``words``)
                and not self.text[pos + len(w) : words[i + 1][1]].strip()
            )
        ):
            after_to = words[i + 2][0].lower() if i + 2 < len(words) else ""
            if lw == "due" and after_to in _DETERMINERS:
                return None  # "due to the weather" gives a cause, not a plan
            if (
                lw in ("due", "scheduled", "slated")
                and nxt == "to"
                and i > 0
                and words[i - 1][0].isalpha()
                and words[i - 1][0].islower()
                and words[i - 1][0] not in _NOT_A_NOUN_BEFORE
                and not any(
                    v[0].lower() in _OBJECT_AFTER or v[0].lower().endswith("ed")
                    for v in words[max(0, i - 5) : i - 1]
                )
            ):
                # "23 departures due to leave early Wednesday were cancelled": a
                # plan inside the subject; the clause's verb decides (not after a
                # verb: "has cancelled the cruises due to leave on Friday" are ahead)
                return None
            return "FUTURE"
        if w == "may":  # the modal; "May" is the month
            return "FUTURE"
        if (lw == "due" and nxt in _DUE_FORWARD) or (lw == "payable" and nxt in _PAYABLE_NEXT):
            # "elections are due in March" (not "due to the strike"), "a dividend
            # payable on May 3": a date ahead, unless told in the past ("was due")
            return "PAST" if prev[-1:] in (["was"], ["were"]) else "FUTURE"
        if lw == "n't" and prev and prev[-1] == "wo":
            return "FUTURE"
        if (
            lw in ("forecast", "predicted", "estimated", "expected", "projected")
            and prev[-2:-1] == ["than"]
            and prev[-1].isalpha()
        ):
            # "later than they forecast on Wednesday": a forecast compared with
            # was made before (not "more than expected", which names no time)
            return "PAST"
        if lw in _EXPECT_WORDS:
            if lw == "could" and nxt in _COULD_NOT_BEFORE:
                return None
            if lw in ("likely", "unlikely", "possible") and prev[-1:] in (
                ["most"],
                ["more"],
                ["the"],
                ["a"],
            ):
                return None  # "the most likely cause of the July 17 crash": an adjective
            if any(p in _EXPECT_NOT_AFTER for p in prev[-2:]):
                return None  # "more than expected", "had been widely expected"
            if lw == "forecasts" and prev[-1:] and prev[-1] in _FORECAST_NOUN_AFTER:
                return None  # "fell short of forecasts in March": the noun
            return "FUTURE"
        # "to be held", "will be signed", "may be signed": a participle after a modal + be
        # ("could not be reached" reports a past attempt)
        passive_future = (
            bool(prev)
            and prev[-1] == "be"
            and any(p in _MODALS for p in prev[:-1])
            and prev[-3:-1] != ["could", "not"]
            # ("Stills had to be registered by Feb. 28": an obligation that was)
            and prev[-3:-1] != ["had", "to"]
        )
        if prev and prev[-1] in _ARTICLES_BEFORE_ADJ and participle:
            return None  # "a revised timetable", "the proposed merger": an adjective
        if (
            len(prev) >= 2
            and prev[-2] in _MODALS
            and prev[-1].isalpha()
            and prev[-1] not in _AUX_BEFORE_PARTICIPLE
            # (not a name: "from January to March rose" has no infinitive)
            and words[i - 1][0].islower()
            and participle
            # the infinitive's verb right after "to"/the modal ("to 10 people left"
            # has a count between them: "people" is no verb)
            and not self.text[words[i - 2][1] + len(words[i - 2][0]) : words[i - 1][1]].strip()
        ):
            # "to present delayed budget", "would publish revised figures": the
            # object's adjective after an infinitive; the modal decides
            return None
        if lw in _MOTION_VERBS_S and i > 0 and words[i - 1][0][:1].isalpha():
            after = words[i + 2][0] if i + 2 < len(words) else ""
            if nxt in _MOTION_HOME or (
                nxt in ("to", "for", "into")
                and (after[:1].isupper() or after.lower() in _DETERMINERS)
            ):
                # "the team bus heads home Sunday morning", "the ship sails for
                # Miami on Friday": the verb, which a tagger may read as a noun
                return "PRESENT"
        tag = self._tags.get(pos) if self._tags is not None else None
        if tag is not None:
            if tag == "MD" and lw in ("will", "shall", "'ll", "wo", "would"):
                return "FUTURE"
            if tag in ("VBD", "VBN"):
                if tag == "VBN" and passive_future:
                    return "FUTURE"
                return self._participle(prev) if tag == "VBN" else "PAST"
            if lw in ("ago", "yesterday", "earlier", "previously"):
                return "PAST"
            if tag in ("VBZ", "VBP"):
                return _perfect(lw, words, i) or "PRESENT"
            return None
        past = lw in _IRREGULAR_PAST or (
            lw.endswith("ed") and len(lw) > 4 and lw not in _ED_NOT_PAST and "-" not in lw
        )
        if (
            past
            and lw in _PAST_LIKE_BASE
            and any(p in _MODALS or p in ("not", "n't", "do", "does", "did") for p in prev[-2:])
        ):
            return None  # "will hit", "to cut": the base form; the modal decides
        if past and prev[-1:] in (["and"], ["or"]):
            # "should be chosen by mid-March and installed before Easter": the
            # second of two verbs shares the first's tense; the scan goes on to it
            return None
        if past:
            return "FUTURE" if passive_future else self._participle(prev)
        if lw in _PRESENT_VERBS:
            if prev[-1:] in (["had"], ["has"], ["have"]) and lw in ("run", "come"):
                # "an exercise had run from 11 September to Sunday": a participle
                # that reads as a base form, after "have", is a perfect
                return "PAST"
            if prev[-1:] in (["and"], ["or"]) and not lw.endswith("s"):
                # "will arrive on Monday and hold talks on Tuesday": a base form that
                # shares the verb before it; the modal further back decides
                return None
            if (
                lw == "go"
                and prev[-1:] == ["to"]
                and prev[-2:-1]
                and prev[-2] in _LEFT_BEFORE_TO_GO
            ):
                return None  # "halting the countdown with seven minutes to go": time left
            if (
                lw == "have"
                and prev[-1:] == ["to"]
                and (nxt.endswith(("ed", "en")) or nxt in _IRREGULAR_PAST or nxt == "been")
            ):
                return "PAST"  # "are believed to have broken in on Sunday night": done
            if prev[-1:] == ["to"] and (len(prev) < 2 or prev[-2] not in _NOT_A_PLAN_BEFORE_TO):
                return "FUTURE"  # "voted to close the library in June": a plan
            # a base form after "to"/a modal is not present tense ("will meet", "set to begin")
            if any(p in _MODALS or p in ("not", "n't", "do", "does", "did") for p in prev[-2:]):
                return None
            if prev[-1:] in (["that"], ["which"], ["who"]) and (
                lw.endswith("s") or lw in _VERB_ONLY_BASE
            ):
                # "cuts that take effect on Friday", "the fiscal year that begins
                # Oct. 1": a relative clause's verb (a determiner "that" would
                # need a singular noun)
                return _perfect(lw, words, i) or "PRESENT"
            if prev and (prev[-1] in _DETERMINERS or prev[-1] in ("s", "'s", "’s")):
                return None  # a noun: "Tuesday's vote", "the plays", "its visits"
            if not lw.endswith("s") and any(p in ("a", "an") for p in prev[-3:]):
                return None  # "cleared a critical test vote": a noun after "a"
            if self.text[max(0, pos - 2) : pos].strip()[-1:].isdigit() and not (
                _NAMED_NUMBER_BEFORE_RE.search(self.text, max(0, pos - 24), pos)
            ):
                # a counted noun: "by 112 votes to 97"; not after a numbered name
                # ("Game 9 begins at 2 p.m. Tuesday", "Stage 4 starts")
                return None
            return _perfect(lw, words, i) or "PRESENT"
        if (
            prev[-1:] in (["he"], ["she"], ["it"])
            and lw.isalpha()
            and lw.endswith("s")
            and not lw.endswith(("ss", "us", "is"))
            and lw not in _UNIT_PLURALS
        ):
            # "and it chooses its own candidate in September": after a subject
            # pronoun, a word in -s is a verb of the present (not "sold it
            # months ago", "called it days before")
            return "PRESENT"
        return None

    @staticmethod
    def _participle(prev: list[str]) -> Tense | None:
        """The tense of a past form, read through the copula before it, if any.

        "is awarded on Saturday" is present (a schedule), "was awarded" past; after
        "be"/"remain" the copula's own context decides ("will remain closed until
        Friday"), so the scan goes on.
        """
        p1 = prev[-1] if prev else ""
        if (prev[-2:-1] in _COUNTERFACTUAL and p1 == "have") or (
            prev[-3:-2] in _COUNTERFACTUAL and prev[-2:] == ["have", "been"]
        ):
            # "the mules would have been stabled for much of July": what would
            # have happened then, had the rule stood; a time behind the report
            return "PAST"
        if p1 == "currently":
            # "said the trial was currently set for the autumn": told as it
            # stands now, whatever the tense of the reporting
            return "PRESENT"
        if (p1.endswith("ly") or p1 in _ADVERBS_IN_PASSIVE) and len(prev) > 1:
            p1 = prev[-2]  # "is usually held", "is still fogged in"
        if p1 in _COPULA_PRESENT:
            return "PRESENT"
        if p1 in _COPULA_OTHER:
            return None
        return "PAST"

    def day_named_near(self, c: _Cand, sentences_back: int = 0) -> bool:
        """The last day resolved was written in ``c``'s sentence or in one of the
        ``sentences_back`` sentences before it."""
        if self.last_day_end is None:
            return False
        start = self.sentence(c.start)[0]
        for _ in range(sentences_back):
            start = self.sentence(max(0, start - 1))[0]
        return self.last_day_end >= start

    def unless_ahead_in_past(self, c: _Cand, day: date) -> date:
        """``day``, or the publication day when ``day`` is still ahead of it while
        ``c`` sits in a past clause (a clock or part of the day told as past)."""
        if self.today is not None and day > self.today and self.tense(c) == "PAST":
            return self.today
        return day

    def tense(self, c: _Cand) -> Tense:
        """The tense of the clause around an expression (see :meth:`tense_detail`)."""
        return self.tense_detail(c)[0]

    def tense_detail(self, c: _Cand) -> tuple[Tense, bool]:
        """The tense of the clause around an expression, from nearby verbs, and
        whether it came from the expression's own clause (True) or from wider.

        Looks back within the clause first (the verb a time phrase modifies
        usually precedes it: "said on Monday", "will meet on Friday"), then
        forward ("On Sunday, Russia launched"; not past "and"/"but", which open
        a clause of their own). With no verb there, a forward-looking
        preposition ("by Wednesday", "from Tuesday") means the future, and
        "since" always the past. Then it looks wider in the sentence.
        """
        s_start, s_end = self.sentence(c.start)
        lo = max(s_start, c.start - 120)
        hi = min(s_end, c.end + 100)
        before = [(m.group(), m.start()) for m in _WORD_RE.finditer(self.text, lo, c.start)]
        after = [(m.group(), m.start()) for m in _WORD_RE.finditer(self.text, c.end, hi)]
        words = before + after
        nb = len(before)
        boundary = {",", ";", ":", "(", ")", "--", "—", "–", '"', "“", "”"}

        def scan(
            indices: range | list[int], stop_at_boundary: bool, limit: int, stop: frozenset[str]
        ) -> Tense | None:
            seen = 0
            crossed = False
            for i in indices:
                if words[i][0].lower() in stop:
                    return None
                if words[i][0] in boundary:
                    if stop_at_boundary:
                        return None
                    crossed = True
                    continue
                if crossed and i < nb and words[i][0].lower() in _ANNOUNCE_WORDS:
                    # "organisers announced on Tuesday, completing the line-up for
                    # the event in July": the telling is past, not what it tells of
                    continue
                w = words[i][0]
                # A name inside the sentence ("the National League play-off final")
                # is part of a noun phrase, not a step away from its verb.
                if not (w[:1].isupper() and i > 0 and words[i - 1][0][:1].isalpha()):
                    seen += 1
                if seen > limit:
                    return None
                if i > nb and _participle_of_subject(words, i, boundary):
                    continue
                t = self._cue(words, i, follows=i >= nb)
                if t is not None:
                    return t
            return None

        back = range(nb - 1, -1, -1)
        fwd = range(nb, len(words))
        clock = _CLOCK_LEAD_RE.search(self.text, max(s_start, c.start - 16), c.start)
        # "by 6 a.m. Monday": the words before the clock time lead to the weekday
        lead = [(w, p) for w, p in before if p < clock.start()] if clock else before
        prev = [w.lower() for w, _ in lead[-3:]]
        if prev[-1:] == ["by"] and (
            self._infinitive_before(lead, s_start)
            or _PROMISED_BY_RE.search(self.text, max(s_start, c.start - 60), c.start)
        ):
            # "ordered the strikers to return to work by Monday": a deadline of
            # the plan the infinitive names, ahead of the order; "promised
            # results by March 13": a deadline promised
            return "FUTURE", True
        if prev[-1:] == ["the"]:
            prev.pop()  # "ahead of the Memorial Day holiday"
        prev = prev[-2:]
        if prev[-1:] == ["since"]:
            return "PAST", True  # "since November": a starting point, never ahead
        if (
            len(before) >= 3
            and before[-1][0].lower() in ("in", "on")
            and before[-2][0].lower() in _FORECAST_PAST_FORMS
            and before[-3][0].lower() in _SUBJECT_PRONOUNS
        ):
            # "up from the NZ$9.40 it forecast in December": the time of the
            # forecasting, a verb in the past with its subject before it
            return "PAST", True
        if prev[-1:] in (["until"], ["till"]) and _GAVE_UNTIL_RE.search(
            self.text, max(s_start, c.start - 50), c.start
        ):
            # "the city gave them until July 10 to remove them": a deadline set in
            # the past or the present; the nearest such day
            return "NONE", True
        if prev[-1:] in (["until"], ["till"]) and scan(fwd, True, 3, _CLAUSE_JOINERS) == "PAST":
            # "warm weather until mid-December left the chain with too many
            # coats": the verb after the span tells it in the past
            return "PAST", True
        if prev[-1:] == ["payable"]:
            # "a dividend of 18 cents, payable Nov. 16": the payment is ahead of the
            # declaration, unless told in the past ("was payable")
            told_past = [w.lower() for w, _ in before[-2:-1]] in (["was"], ["were"])
            return ("PAST" if told_past else "FUTURE"), True
        if prev[-1:] in (["until"], ["till"]) and self._past_before(before, len(before) - 1):
            # "the union kept its members out until Monday night, when the mayor
            # promised to pay": a span that ended, whatever the clause after it
            return "PAST", True
        if len(after) > 2 and after[0][0] == "," and after[1][0].lower() == "when":
            # "a sharp reversal from January, when it led comfortably": the
            # clause that says what happened then tells its tense
            told = scan(range(nb + 2, len(words)), True, 4, _CLAUSE_JOINERS)
            if told is not None:
                return told, True
        if _POSTPONED_TO_RE.search(self.text, max(s_start, c.start - 70), c.start):
            return "FUTURE", True  # "postponed the concert to Sunday": the new date
        if _LAPSED_PLAN_RE.search(self.text, max(s_start, c.start - 90), c.start):
            # "Aldera had originally hoped to launch in the spring": a plan told in
            # the pluperfect lapsed, and its time lies behind the report
            return "PAST", True
        if prev[-1:] == ["through"] and _REPORTED_STATE_THROUGH_RE.search(
            self.text, max(s_start, c.start - 140), c.start
        ):
            return "PRESENT", True
        if _NO_LATER_THAN_RE.search(self.text, max(s_start, c.start - 20), c.start):
            return "FUTURE", True  # "must send the law to Congress no later than March 31"
        if (
            after
            and after[0][0] in _MODAL_AFTER_SUBJECT
            and not (before and before[-1][0].lower() in _PREP_BEFORE_SUBJECT)
        ):
            # "said Friday would be spent on the telephone": the expression is the
            # subject of a clause whose modal decides; not after a preposition ("a
            # campaign launched on April 22 will run": the participle tells it)
            return "FUTURE", True
        if (
            len(before) >= 2
            and before[-1][0].lower() in _FRONTED_PREPS
            and before[-2][0].lower() == "that"
        ):
            # "said last month that from July 1 exporters would have to post a
            # bond": a time put first in the reported clause takes that clause's
            # verb, after it, not the telling's
            cue = scan(fwd, True, 8, _CLAUSE_JOINERS)
            if cue:
                return cue, True
        cue = scan(back, True, 10, _NO_STOP) or scan(fwd, True, 8, _CLAUSE_JOINERS)
        if cue:
            return cue, True
        if _opens_subject(before):
            # "but storm damage in August and late deliveries of steel piles held
            # up the work": the time sits in the subject of a clause "but" opened
            # (no verb before it); its verb comes after, past the "and" that
            # joins the subject's nouns
            cue = scan(fwd, True, 12, _NO_STOP)
            if cue:
                return cue, True
        if self._headline_plan(s_start, s_end, c.start):
            return "FUTURE", True  # "Minister to announce new rules in January"
        # no verb in the clause: a forward-looking preposition decides
        # ("forecasting highs ... by Wednesday", "from Tuesday morning", "ahead of")
        # (not through a relative aside closed before it: "The company, which
        # moved its office to Hamilton in 2003, reports results on Oct. 28")
        closed = [
            (a.start(), a.end()) for a in _CLOSED_ASIDE_RE.finditer(self.text, s_start, c.start)
        ]
        back_wide = (
            [i for i in back if not closed[-1][0] <= words[i][1] < closed[-1][1]]
            if closed
            else back
        )
        wide = scan(back_wide, False, 14, _NO_STOP) or scan(fwd, False, 10, _CLAUSE_JOINERS)
        agent = (
            # "shaken by October's crash", "hit by March's floods": a passive's
            # agent, not a deadline
            prev[-1:] == ["by"]
            and len(prev) == 2
            and (prev[0].endswith(("ed", "en")) or prev[0] in _IRREGULAR_PAST)
        )
        if (
            (prev[-1:] and prev[-1] in _FORWARD_PREPS)
            or prev in (["ahead", "of"], ["starting", "in"], ["beginning", "in"])
        ) and not agent:
            # ("will put the carts out every other week starting in January")
            # ... unless a past perfect looks back from it ("By Friday, the toll had risen")
            had = wide == "PAST" and any(w.lower() == "had" for w, _ in words)
            # ... or the range is an aside that names a period's months ("In the
            # fiscal fourth quarter, from April through June, net was ...")
            aside = wide == "PAST" and _APPOSED_RANGE_RE.search(
                self.text, max(0, c.start - 12), c.start
            )
            return ("PAST" if had or aside else "FUTURE"), True
        if _ASIDE_OPEN_RE.search(self.text, max(s_start, c.start - 120), c.start):
            # "The Agriculture Department, which forecast a crop of 118 million boxes
            # in December, will issue ...": an aside whose own verb told no tense
            # does not take the main clause's; the nearest December
            return "NONE", False
        return wide or "NONE", False

    def _infinitive_before(self, before: list[tuple[str, int]], s_start: int) -> bool:
        """An infinitive ("to return", "to call off") among the eight words before
        ``by``, within its clause."""
        for i in range(len(before) - 2, max(-1, len(before) - 10), -1):
            w, pos = before[i]
            lw = w.lower()
            if w in (",", ";", ":") or lw in ("and", "but") or pos < s_start:
                return False
            if lw == "to" and i + 1 < len(before) - 1:
                nxt, at = before[i + 1]
                if self.text[pos + 2 : at].strip():
                    continue  # "rose to 5 percent": a figure between them
                verb = before[i - 1][0].lower() if i > 0 else ""
                if verb not in _PLAN_BEFORE_TO and (
                    verb.endswith("ed") or verb in _IRREGULAR_PAST or verb in _PARTICIPLES_EN
                ):
                    # "rose to record levels", "moved to larger offices", "had
                    # fallen to less than two days by Tuesday"
                    return False
                if nxt.isalpha() and nxt.islower() and nxt not in _DETERMINERS:
                    return nxt not in _OBJECT_PRONOUNS
        return False

    def _headline_plan(self, s_start: int, s_end: int, pos: int) -> bool:
        """A title's infinitive before ``pos``: "Kessaria to present budget in
        March" is news of a plan. Only on a first line that a body follows and
        that ends without a full stop, which is how a headline reads."""
        if s_start != 0 or pos > 300 or self.text[s_end - 1 : s_end] != "\n":
            return False  # a headline is short: this also bounds the search below
        if self.text[: s_end - 1].rstrip().endswith((".", "!", "?")):
            return False
        return _HEADLINE_TO_RE.search(self.text, 0, pos) is not None

    def in_headline(self, pos: int) -> bool:
        """Whether ``pos`` lies on a first line that a body follows and that ends
        without a full stop: a headline."""
        s_start, s_end = self.sentence(pos)
        if s_start != 0 or pos > 300 or self.text[s_end - 1 : s_end] != "\n":
            return False
        return not self.text[: s_end - 1].rstrip().endswith((".", "!", "?"))

    # -- helpers for year-less expressions --------------------------------------

    def southern(self) -> bool:
        """Whether the story is told from Australia or New Zealand: a place of
        theirs, or their clock zone, in its first 300 characters (its
        headline and dateline), where the seasons are the south's."""
        if self._southern is None:
            self._southern = bool(_SOUTHERN_PLACE_RE.search(self.text, 0, 300))
        return self._southern

    def sentence_anchor_for(self, c: _Cand) -> tuple[date, bool] | None:
        """A date written with its year earlier in the expression's sentence, if
        the expression is told from it.

        "In a statement on 3 January 2024, the firm said sales had fallen in
        November" means November 2023, and "In 2019 the firm said it would open
        a plant in March" March 2019, whatever the publication date. A clause
        in the present or with "will" between them speaks from the
        publication date again ("The bridge, built in 1962, will reopen in
        March").
        """
        anchor = self.sentence_anchor
        if anchor is None or anchor[0] != self.sentence(c.start)[0] or anchor[1] > c.start:
            return None
        between = self.text[anchor[1] : c.start]
        if _SPEAKS_FROM_NOW_RE.search(between):
            return None
        if _JOINER_RE.search(between):
            return None  # another clause: see :meth:`narrative_anchor_for`
        return anchor[2], anchor[3]

    def narrative_anchor_for(self, c: _Cand) -> date | None:
        """A dated anchor that a following past-tense clause carries on from.

        "In July 2020 the brewer moved to Leeds, and in September it hired
        300 people": the second clause goes on with the story (September
        2020), it is not reported from July (which would look back to 2019)
        nor told from today. Only for a past clause after "and"/"but" and an
        anchor before the publication date, or a future clause and an anchor
        after it ("the election will be held on May 10, 1998, and the winner
        will take office on Aug. 15": the August after the vote); otherwise a
        clause speaks from the publication date.
        """
        anchor = self.sentence_anchor
        if anchor is None or anchor[0] != self.sentence(c.start)[0] or anchor[1] > c.start:
            return None
        if self.dct is None or anchor[2] == self.dct:
            return None
        between = self.text[anchor[1] : c.start]
        if not _JOINER_RE.search(between):
            return None
        t, own_clause = self.tense_detail(c)
        if anchor[2] > self.dct:
            # "the election will be held on May 10, 1998, and the winner will take
            # office on Aug. 15": a plan goes on from its own dated step (a day
            # or a month; not a year: "could save 5 million a year by 2009 and
            # would add to earnings from the second half" is this year's half)
            return anchor[2] if t == "FUTURE" and own_clause and not anchor[3] else None
        if _SPEAKS_FROM_NOW_RE.search(between):
            return None
        if (
            anchor[3]
            and anchor[2].year == self.dct.year - 1
            and _ANNUAL_FIGURE_RE.search(self.text, max(0, anchor[1] - 80), anchor[1])
            and _AND_NEXT_RE.match(between)
        ):
            # "earned 6.3 million dinars in 1994, and its profit in the first quarter
            # rose", told in June 1995: last year's total, then this year's news
            return None
        return anchor[2] if t == "PAST" and own_clause else None

    def reference_day(self, c: _Cand) -> date | None:
        """The day a year-less expression is read from: its sentence's anchor
        (:meth:`sentence_anchor_for`), else the publication date."""
        anchor = self.sentence_anchor_for(c)
        return anchor[0] if anchor is not None else self.dct

    def year_for(self, c: _Cand, key: tuple[int, int], unit: str = "month") -> int:
        """The year of a year-less month/day/quarter/season, by tense.

        ``key`` is (month, day) for a day, (month, 0) for a month and
        (last month of the quarter, 0) for a quarter; the reference day is
        :meth:`reference_day`. Past tense and later in the calendar than the
        reference: the year before; future tense and earlier: the year after;
        no tense: whichever lies within six months of the reference. A day
        within two weeks of the reference (either side of New Year) is that
        day whatever the tense:
        news gives the year of a date that far back ("the date of May 29
        proposed by Turkey", written on May 23, is this May 29).
        """
        if (
            key[1]
            and self.dct is not None
            and _SAID_ON_RE.search(self.text, max(0, c.start - 30), c.start)
        ):
            # "..., the court said on November 12": the day of the report, near
            # publication, whatever year the sentence told of before
            y = self.dct.year
            near = next(_years_near(key, self.dct, (y, y - 1, y + 1), -14, 1), None)
            if near is not None:
                return near  # (a report's day has been)
        if (
            key[1]
            and self.anchor_day is not None
            and self.last_day_end is not None
            and key == (self.anchor_day.month, self.anchor_day.day)
            and _APPOSED_DAY_RE.fullmatch(self.text, self.last_day_end, c.start)
        ):
            return self.anchor_day.year  # "on Independence Day, Sept. 21": the same day
        anchor = self.sentence_anchor_for(c)
        if (
            anchor is not None
            and anchor[1]
            and self.dct is not None
            and (anchor[0].year, *key) > (self.dct.year, self.dct.month, self.dct.day)
            and _SINCE_BEFORE_RE.search(self.text, max(0, c.start - 8), c.start)
        ):
            anchor = None  # "picking up in 2014, ... for the second time since March"
        if anchor is not None and anchor[1]:
            return anchor[0].year  # "in 2019 ... in March": that year's March
        in_year = _IN_YEAR_AFTER_RE.match(self.text, c.end)
        if in_year:
            return int(in_year[1])  # "fell on 10 February this year but on 23 January in 2012"
        rel_year = _REL_YEAR_AFTER_RE.match(self.text, c.end)
        if rel_year and self.dct is not None:
            # "fell on Feb. 14 this year but on Jan. 26 last year": the year said after it
            return self.dct.year + _REL_YEAR_OFFSET[rel_year[1].lower()]
        own = self.owning_year
        if (
            own is not None
            and own[0] == self.sentence(c.start)[0]
            and own[1] <= c.start <= own[1] + _OWNED_REACH
            and not _JOINER_RE.search(_SAME_SUBJECT_JOIN_RE.sub(" ", self.text[own[1] : c.start]))
            and (
                _OWNED_VERB_RE.search(self.text, own[1], c.start)
                or _OWNED_APPOSITIVE_RE.fullmatch(self.text, own[1], c.start)
            )
        ):
            # "next year's race will be held on Nov. 3": the subject's year; not
            # "will announce the date of next year's race in June" (the object)
            return own[2]
        told = self.sentence_month
        if (
            not key[1]
            and told is not None
            and told[1] <= c.start
            and _MONTH_RANGE_GAP_RE.fullmatch(self.text, told[1], c.start)
            and _MONTH_RANGE_OPEN_RE.search(self.text, max(0, told[1] - 24), told[1])
        ):
            # "for shipment between December and March": a range's end is the
            # first such month on from its start
            return told[2].year + (key[0] < told[2].month)
        day = self.anchor_day
        if (
            not key[1]
            and day is not None
            and self.anchor_end is not None
            and self.anchor_end <= c.start
            and _DAY_TO_MONTH_GAP_RE.fullmatch(self.text, self.anchor_end, c.start)
            and _DAY_RANGE_OPEN_RE.search(self.text, max(0, self.anchor_end - 50), self.anchor_end)
        ):
            # "put off the opening from July 28, Peru's Independence Day, to
            # October": a range's end month is the first such month on from its day
            return day.year + (key[0] < day.month)
        story = self.narrative_anchor_for(c) if anchor is None else None
        if story is not None and self.dct is not None:
            # the first such month/day at or after the anchor, if it is not past today
            y = story.year
            if key < (story.month, story.day if key[1] else 0):
                y += 1
            if story > self.dct or (y, *key) <= (
                self.dct.year,
                self.dct.month,
                self.dct.day if key[1] else 0,
            ):
                return y  # (a plan's later step is after its dated one)
        ref = anchor[0] if anchor is not None else self.dct
        assert ref is not None
        if unit == "quarter":
            now = (((ref.month - 1) // 3 + 1) * 3, 0)
        elif unit == "day":
            now = (ref.month, ref.day)
        else:
            now = (ref.month, 0)
        y = ref.year
        if key == now:
            return y
        if key[1]:
            # across New Year too: "the vote was set for January 8", written on
            # December 30, is eight days ahead, not a year back
            for near in _years_near(key, ref, (y, y + 1, y - 1), -14, 14):
                if near > ref.year and self._told_as_past(c):
                    # "On January 8 the maker said it would shut", in a review
                    # of the year written on December 29: that year's January
                    continue
                return near
        t, own_clause = self.tense_detail(c)
        told = self.sentence_month
        if (
            t == "FUTURE"
            and told is not None
            and told[0] == self.sentence(c.start)[0]
            and told[1] <= c.start
            and told[2] < (self.dct or told[2])
            and (
                _SAID_WOULD_RE.search(self.text, max(told[1], c.start - 160), c.start)
                or _TOLD_PLAN_TO_RE.fullmatch(self.text, told[1], c.start)
            )
        ):
            # "In March the contractor said it would hand the tunnel over in May",
            # told in July: the first May after the telling, not next year's (so
            # "promised in January to pay by the end of February", told in March)
            return told[2].year + (key[0] < told[2].month)
        t = self.told_tense(c, t, own_clause, day=bool(key[1]))
        if (
            self.last_day_end is not None
            and self.anchor_day is not None
            and self.last_day_end <= c.start
            and self.sentence(self.last_day_end)[0] == self.sentence(c.start)[0]
            and _FOLLOWED_BY_RE.search(self.text, self.last_day_end, c.start)
        ):
            # "an election on Feb. 18, followed by the primary in May": the next May
            # after the day just named
            a = self.anchor_day
            return a.year + 1 if key < (a.month, a.day if key[1] else 0) else a.year
        if (
            key[1]
            and self.last_day_end is not None
            and self.anchor_day is not None
            and self.dct is not None
            and self.last_day_end <= c.start
            and _DAY_LIST_GAP_RE.fullmatch(self.text, self.last_day_end, c.start)
            and key < (self.anchor_day.month, self.anchor_day.day)
            and _valid_day(self.anchor_day.year + 1, *key)
            and not (t == "PAST" and own_clause and date(self.anchor_day.year + 1, *key) > self.dct)
        ):
            # "a campaign on December 16 and January 16": a list of days runs
            # forward, over New Year (unless its own clause tells a past day)
            return self.anchor_day.year + 1
        if t == "PAST":
            return y - 1 if key > now else y
        if (
            t == "FUTURE"
            and unit == "quarter"
            and (now[0] - key[0]) % 12 == 3
            and self.dct is not None
            and (self.dct - _quarter_end(ref.year - (key[0] > now[0]), key[0])).days <= 45
            and _QUARTER_BOOKED_RE.search(self.text, *self.sentence(c.start))
        ):
            # "will take a pretax charge of $38 million in the fourth quarter",
            # told on Jan. 18: the quarter just ended, whose books are still open
            return y - 1 if key > now else y
        if t == "FUTURE" or (unit != "quarter" and _looks_ahead(t, own_clause)):
            # future, or a timetable in the present ("goes on sale in September")
            running = _RANGE_END_MONTH_RE.match(self.text, c.end) if t != "FUTURE" else None
            if running is not None and not key[1]:
                # "The harvest, which runs from late October to mid-December", told
                # in November: the season under way, begun this year (or last)
                end = _month_num(running["mon"])
                if key[0] <= now[0] <= end:
                    return y
                if end < key[0] and (now[0] >= key[0] or now[0] <= end):
                    return y if now[0] >= key[0] else y - 1
            if (
                t == "PRESENT"
                and not key[1]
                and now[0] - key[0] == 1
                and _BEGINS_BEFORE_RE.search(self.text, max(0, c.start - 30), c.start)
            ):
                # "The harvest here begins in mid-August", told in September: the
                # season begun last month, under way (not next year's)
                return y
            return y + 1 if key < now else y
        months = key[0] - now[0]
        if months > 6:
            return y - 1
        if months < -8:
            return y + 1
        return y

    def told_tense(self, c: _Cand, t: Tense, own_clause: bool, day: bool) -> Tense:
        """The tense that picks the year of a year-less month, day, quarter or
        holiday: the clause's tense ``t`` (from :meth:`tense_detail`), unless
        the words around it say the time is a plan, a deadline or a hope told
        in the past (which look ahead, or to the nearest one), or a past
        subject of its own. ``day`` is True for a day or a holiday.

        One place for both :meth:`year_for` and the holiday resolver, so that
        a rule learned for "May" holds for "Christmas" too.
        """
        if (
            t == "PAST"
            and not own_clause
            and _SAID_WOULD_RE.search(
                self.text, max(self.sentence(c.start)[0], c.start - 160), c.start
            )
        ):
            # "fund managers said they would wait until the budget was out, perhaps
            # in early July", told in June: a plan reported now, still ahead
            t = "FUTURE"
        if t == "PRESENT" and _FUTURE_TIME_CLAUSE_RE.search(
            self.text, max(self.sentence(c.start)[0], c.start - 200), c.start
        ):
            # "profit would drop in the first half before new contracts begin to
            # pay off in the second half": the present of a clause of time
            t = "FUTURE"
        if t == "PAST" and _PLAN_INFINITIVE_BEFORE_RE.search(
            self.text, max(0, c.start - 100), c.start
        ):
            # "the minister offered on Friday to pay the arrears in June", in May
            t = "FUTURE"
        if t in ("PAST", "FUTURE") and _ASIDE_PLAN_RE.search(
            self.text, max(0, c.start - 100), c.start
        ):
            # "The union, which threatened to strike in January, welcomed the plan":
            # a plan told in an aside, its making untold, may have come and gone
            # (the nearest January)
            t = "NONE"
        if t == "NONE" and _STARTING_BEFORE_RE.search(self.text, max(0, c.start - 14), c.start):
            # "cut the ceiling for the 12 months starting Oct. 1", told in February
            # with no verb of its own: a period that begins ahead
            t = "FUTURE"
        if t == "PAST" and _ORDERED_DONE_RE.search(self.text, max(0, c.start - 120), c.start):
            # "Authorities ordered schools and offices closed Wednesday", told on
            # Tuesday: what is ordered follows the order, to the nearest such day
            t = "NONE"
        if t == "PAST" and _ASKED_BY_RE.search(self.text, max(0, c.start - 60), c.start):
            # "the council asked for a new report by May 15", in December: a
            # deadline set now lies ahead
            t = "FUTURE"
        if t != "PAST" and not day and _PAST_COPULA_NEXT_RE.match(self.text, c.end):
            # "warned the quarter would be weak because prices in October were the
            # lowest": the month ends its own subject, whose verb is past
            t = "PAST"
        if t == "PAST" and (
            _DEADLINE_BEFORE_RE.search(self.text, max(0, c.start - 16), c.start)
            or _AHEAD_OF_EVENT_ON_RE.search(self.text, max(0, c.start - 60), c.start)
            or _HOPED_BEFORE_RE.search(self.text, max(0, c.start - 80), c.start)
            or _PREPARING_FOR_RE.search(self.text, max(0, c.start - 80), c.start)
            or _DUE_BEFORE_RE.search(self.text, max(0, c.start - 24), c.start)
            or _FOR_SHIPMENT_RE.search(self.text, max(0, c.start - 40), c.start)
            or (
                _FOR_BEFORE_RE.search(self.text, max(0, c.start - 5), c.start)
                and _SHIPMENT_AFTER_RE.match(self.text, c.end)
            )
            or _BY_DEADLINE_BEFORE_RE.search(self.text, max(0, c.start - 24), c.start)
        ):
            # "had been buying ahead of the summer", "jumped ahead of its interim
            # results on March 12", "landlords who had hoped for sharp increases
            # from New Year's Day": a deadline or a hope looks ahead, to the
            # nearest one
            t = "NONE"
        if (
            _PLANNED_PASSIVE_RE.search(self.text, max(0, c.start - 60), c.start)
            or _LAPSED_PLAN_RE.search(self.text, max(0, c.start - 90), c.start)
            or _LAPSED_AFTER_RE.match(self.text, c.end)
            or _WAS_DUE_TO_RE.search(self.text, max(0, c.start - 60), c.start)
        ):
            # "it was originally planned for October", "was first scheduled for
            # October", "a hearing set for December was postponed", "had planned
            # to start production in September": a plan told in the past that
            # may have lapsed, so the nearest October
            t = "NONE"
        elif t == "PAST" and _OF_RECORD_RE.search(self.text, max(0, c.start - 30), c.start):
            # "payable April 1 to shareholders of record on March 15": a dividend's
            # record date is ahead, whatever the tense of the declaring
            t = "FUTURE"
        elif t == "PAST" and _BOOKED_RE.search(self.text, max(0, c.start - 90), c.start):
            # "cruise lines have booked 212 calls between November and April,
            # including six over Christmas": what is booked lies ahead of the booking
            t = "FUTURE"
        elif t == "PAST" and _PLAN_FOR_RE.search(self.text, max(0, c.start - 60), c.start):
            # "called a snap election for January 30": set for a month ahead,
            # whatever the tense of the calling (as "a strike for Friday")
            t = "FUTURE"
        if _AS_RECENTLY_AS_RE.search(self.text, max(0, c.start - 20), c.start):
            t = "PAST"  # "as recently as August": a bound that has been
        if t == "PRESENT" and self.in_headline(c.start):
            # "Fewer French shoppers cross into Andorra in August", told in
            # September: a headline's present tells news, past or coming; the
            # nearest August
            t = "NONE"
        return t

    def _told_as_past(self, c: _Cand) -> bool:
        """The expression's own clause is in the past and sets no plan ("the vote
        was set for January 8" is a plan; "On January 8 the maker said" is not)."""
        t, own = self.tense_detail(c)
        return (
            t == "PAST"
            and own
            and not _PLAN_FOR_RE.search(self.text, max(0, c.start - 60), c.start)
            and not _PLANNED_PASSIVE_RE.search(self.text, max(0, c.start - 60), c.start)
        )

    def told_on_report_day(self) -> bool:
        """Whether the last date the text gave is the report's own day (within a
        week of publication: "the agency said on Wednesday"), which names when
        it was told rather than the period it tells of."""
        day = _VALUE_DAY_RE.match(self.last_value or "")
        if day is None or self.dct is None:
            return False
        try:
            told = date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            return False
        return abs((told - self.dct).days) <= 7

    def narrative_day(self, c: _Cand) -> date | None:
        """The day anaphora ("the same day", "the next morning", "the previous
        month") count from: the last recent day named, or a day far from
        publication named just before (within ``_FAR_DAY_REACH`` characters)."""
        if self.far_day is not None and 0 <= c.start - self.far_day[1] <= _FAR_DAY_REACH:
            return self.far_day[0]
        return self.anchor_day

    def note(self, val: _Val, end: int | None = None, anchors: bool = True) -> None:
        """Remember what later expressions count from. ``anchors=False`` for the
        start of a span ("the first decline since the third quarter of 2010")
        and for a period compared with ("up from the previous quarter"): neither
        is a time the story is told at, so "the second quarter" and "a year
        earlier" after them do not count from them."""
        if val.day is not None and end is not None and (val.value or "").endswith(("TEV", "TNI")):
            self.last_night = (val.day, end)
        if val.day is not None and end is not None and (val.value or "").endswith("TAF"):
            self.last_afternoon = (val.day, end)
        quarter = _QUARTER_VALUE_RE.match(val.value or "") if val.resolved else None
        if quarter and quarter[1]:
            self.last_fiscal_quarter = (int(quarter[2]), int(quarter[3]))
        if val.resolved and _FISCAL_HALF_VALUE_RE.match(val.value or ""):
            self.last_fiscal_half = val.value
        if quarter:
            if quarter[1] and self.fiscal_quarter is None:
                self.fiscal_quarter = (int(quarter[2]), int(quarter[3]))
            elif not quarter[1] and self.first_quarter is None:
                self.first_quarter = (int(quarter[2]), int(quarter[3]))
        if (
            self.first_period is None
            and val.resolved
            and (quarter or _MONTH_VALUE_RE.match(val.value or ""))
        ):
            self.first_period = val.value
        if self.first_week is None and val.resolved and _WEEK_ONLY_RE.match(val.value or ""):
            self.first_week = val.value
        if (
            anchors
            and val.value
            and val.resolved
            and (val.value[:1].isdigit() or _FISCAL_RE.match(val.value))
            and "T" not in val.value
        ):
            # for "two days later": any date, however far back; a fiscal year
            # too, so "a year earlier" after "fiscal 2023" is fiscal 2022. Not a
            # time of day: "killed on September 8 ... found the following morning,
            # and arrested two days later" counts from the event's day
            self.last_value = val.value
            self.last_value_end = -1 if end is None else end
        if anchors and val.value and val.resolved and not val.value.endswith("_REF"):
            if val.day is not None:
                # only recent days anchor anaphora: "the day" after a birth date is not 1955
                if self.dct is not None and abs((val.day - self.dct).days) < 7:
                    self.weekdays_named[val.day.weekday()] = val.day
                if self.dct is None or abs((val.day - self.dct).days) <= 62:
                    self.anchor_day = val.day
                    self.anchor_end = end
                    self.anchor_value = val.value
                    self.far_day = None
                    if val.day != self.dct:
                        self.story_day = val.day
                elif end is not None:
                    self.far_day = (val.day, end)
            elif val.value[:1].isdigit():
                self.anchor_value = val.value


# --------------------------------------------------------------------------
# Resolution functions used by the handlers
# --------------------------------------------------------------------------


def _relative(unit: str, offset: int, base: date) -> _Val:
    """A calendar unit shifted from a base day: 'last week', 'next month', ..."""
    if unit == "day":
        d = base + timedelta(days=offset)
        return _day_val(d)
    if unit == "week":
        return _Val(_iso_week(base + timedelta(weeks=offset)), True)
    if unit == "weekend":
        return _Val(_iso_week(base + timedelta(weeks=offset)) + "-WE", True)
    if unit == "month":
        y, m = _add_months(base.year, base.month, offset)
        return _Val(f"{y:04d}-{m:02d}", True)
    if unit == "quarter":
        q = (base.month - 1) // 3 + offset
        return _Val(f"{base.year + q // 4:04d}-Q{q % 4 + 1}", True)
    if unit == "half":
        h = (base.month - 1) // 6 + offset
        return _Val(f"{base.year + h // 2:04d}-H{h % 2 + 1}", True)
    if unit == "year":
        return _Val(f"{base.year + offset:04d}", True)
    if unit == "decade":
        return _Val(f"{base.year // 10 + offset:03d}", True)
    if unit == "century":
        return _Val(f"{base.year // 100 + offset:02d}", True)
    return _Val(None, False)


def _rel_resolve(unit: str, offset: int, anchor: Literal["dct", "narrative"] = "dct") -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        base = r.narrative_day(c) if anchor == "narrative" else r.dct
        if anchor == "narrative" and unit == "month":
            # "began to unravel in March 2009 ... The following month": the month
            # the text named last, even one too far back to anchor days
            named = _MONTH_VALUE_RE.match(r.last_value or "")
            if named:
                base = date(int(named[1]), int(named[2]), 1)
            elif offset < 0 and base is not None and r.told_on_report_day():
                # "inflation slowed in December from November, the agency said on
                # Wednesday. Prices rose 0.1 percent from the previous month": the
                # month before the one reported, as "a year earlier" compares
                reported = _MONTH_VALUE_RE.match(r.first_period or "")
                if reported:
                    base = date(int(reported[1]), int(reported[2]), 1)
        if anchor == "narrative" and unit == "week":
            # "61.4 consultations last week, down from 78.9 in the previous week":
            # the week before the week the text named last
            week = _VALUE_WEEK_RE.match(r.last_value or "")
            if week and not week[3] and 1 <= int(week[2]) <= 53:
                with contextlib.suppress(ValueError):
                    base = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        if base is None:
            return _Val(None, False)
        return _relative(unit, offset, base)

    return f


_MONTH_VALUE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DAY_VALUE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
_FISCAL_HALF_VALUE_RE = re.compile(r"^FY\d{4}-H[12]$")
_SOUTHERN_PLACE_RE = re.compile(
    r"\b(?:Australian?|New\s+Zealand|Sydney|Melbourne|Brisbane|Perth|Adelaide|Hobart|"
    r"Canberra|Auckland|Wellington|Christchurch|Queensland|Tasmania|"
    r"New\s+South\s+Wales|AEST|AEDT|ACST|AWST|NZST|NZDT)\b",
    re.IGNORECASE,  # ("SYDNEY -" in a dateline)
)


# base forms that are no noun, so "that take" is a relative clause's verb
_VERB_ONLY_BASE = _words("take begin come go make get remain continue meet expire arrive")


# determiners before which a past form is an adjective ("a revised timetable"); not
# "that" or "this", which also open a clause ("the law that changed")
# "another cut between March and May": a noun after "another", as after "a"
_ARTICLES_BEFORE_ADJ = (_DETERMINERS - frozenset({"this", "that"})) | frozenset({"another"})


# a clock time just before a weekday: "by 6 a.m. Monday", "at 9:30 Tuesday"
_CLOCK_LEAD_RE = re.compile(
    r"\b\d{1,2}(?:[:.][0-5]\d)?\s*(?:[ap]\.\s?m\.?|[ap]m)\s*$|\b\d{1,2}:[0-5]\d\s*$",
    re.IGNORECASE,
)
# "Minister to announce ...": a capitalised subject, "to" and a verb in lower case
_HEADLINE_TO_RE = re.compile(r"^[A-Z][^\n]*?\s+to\s+[a-z]+\b")

# verbs after which a participle is a verb form, not an adjective ("will be
# delayed", "to have finished", "would get married")
_AUX_BEFORE_PARTICIPLE = _words("be been being have has had get got become remain seem stay")


# a telling and its plan in the past's future: "said it would", "announced they
# would", "told staff it would"
_SAID_WOULD_RE = re.compile(
    r"\b(?:said|announced|told|promised|pledged|predicted|forecast|expected)\b"
    r"[^.;!?\"“”]{0,60}?\b(?:would|'d)\b[^.;!?\"“”]{0,80}$",
    re.IGNORECASE,
)
# "before the summer", "ahead of August": a deadline. The past tense of the
# sentence dates the buying or the expecting, not the deadline, which is the
# nearest such month or season (usually the coming one).
# ("the" too: "before the Nov. 7 election", whose extent leaves the article out)
# "prices in October were the lowest": the month's subject has a past verb of its
# own (not a plan told in the past: "sales in December were expected to rise")
_PAST_COPULA_NEXT_RE = re.compile(
    r"\s+(?:was|were)\b(?!\s+(?:to|due|set|scheduled|expected|forecast|projected|likely|"
    r"planned|slated|going)\b)",
    re.IGNORECASE,
)
_DEADLINE_BEFORE_RE = re.compile(r"\b(?:before|ahead\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
# "chains said they were hiring extra staff for December", "was preparing for a
# busy Christmas", "forward bookings for the fourth quarter were down": getting
# ready for a time looks ahead of the telling, to the nearest one, whatever the
# tense
_PREPARING_FOR_RE = re.compile(
    r"\b(?:hiring|preparing|prepared|gearing\s+up|geared\s+up|stocking\s+up|stocked\s+up|buying|reorders|"
    r"bracing|braced|readying|getting\s+ready|bookings|reservations|orders)\b(?:\s+[\w-]+){0,4}?\s+for\s+"
    r"(?:(?:a|an|the)\s+(?:[\w-]+\s+)?)?(?:[A-Z][\w'’-]+\s+and\s+)?$",  # ("for Christmas and")
    re.IGNORECASE,
)
# "with sealed bids due between Nov. 19 and Nov. 23", told in October: what is
# due falls due at the nearest such time, whatever the tense of the telling (not
# "the report was due in September": that tells of the past)
_DUE_BEFORE_RE = re.compile(
    r"(?<!\bwas\s)(?<!\bwere\s)\bdue\s+(?:on|by|between|from|in|before)\s+(?:[A-Z][a-z]+\.?\s+\d{1,2}\s+(?:and|to)\s+)?$"
)
# "have sold 1.5 million tonnes for shipment between December and March": goods
# sold for a time go out at the nearest such time, whatever the tense of the sale
_FOR_SHIPMENT_RE = re.compile(
    r"\bfor\s+(?:shipment|delivery|loading|export)\s+(?:in|between|from|by|during|before)\s+"
    r"(?:[A-Z][a-z]+\.?\s+(?:and|to|through)\s+)?$",  # (a range's end too)
    re.IGNORECASE,
)
# a month before a shipment noun, after "for": "bidding for September shipment"
_SHIPMENT_AFTER_RE = re.compile(r"[ \t]+(?:shipment|loading|arrival)\b", re.IGNORECASE)
# between the two months of a range, and before its first
_MONTH_RANGE_GAP_RE = re.compile(r"\s*(?:and|to|through|till|until|-|–)\s*", re.IGNORECASE)
# the end of a range of months after its start: " to mid-December", " through March"
_RANGE_END_MONTH_RE = re.compile(
    rf"\s*(?:to|through|till|until|-|–)\s*(?:(?:late|early|mid)[-\s]+)?(?P<mon>{_MON_ANY})",
    re.IGNORECASE,
)
# a range from a day to a month: "from July 28 to October", "from May 3, Constitution
# Day, until September"
_DAY_TO_MONTH_GAP_RE = re.compile(r"\s*,?\s*(?:to|through|till|until)\s+", re.IGNORECASE)
_DAY_RANGE_OPEN_RE = re.compile(r"\bfrom\s+[^.;:!?\n]{0,45}$", re.IGNORECASE)
_MONTH_RANGE_OPEN_RE = re.compile(r"\b(?:between|from)\s+(?:late\s+|early\s+|mid-?)?[A-Z][a-z]+$")
_HOPED_BEFORE_RE = re.compile(r"\b(?:hoped|hoping)\s+(?:for|to)\b[^.;!?]{0,60}$", re.IGNORECASE)
# "profit would drop before new contracts begin to pay off in the second half":
# a clause of time ("before", "until", "once" ...) told in the present after a
# future main clause speaks of the future (English puts no "will" there)
_FUTURE_TIME_CLAUSE_RE = re.compile(
    r"\b(?:will|would|shall|going\s+to)\b[^.;!?\"“”]{0,100}?"
    r"\b(?:before|until|till|once|after|when|as\s+soon\s+as)\s+[^.;!?,\"“”]{0,80}$",
    re.IGNORECASE,
)
# the verbs that make a plan with an infinitive after them ("promised to pay")
_PLAN_VERBS = (
    "promised|agreed|pledged|vowed|undertook|offered|decided|voted|proposed|threatened|"
    "planned|intended|aimed|hoped|wanted|expected"
)
# "promised in January to pay all growers by the end of February": a plan's
# infinitive straight after the month it was made in (or after its verb)
_TOLD_PLAN_TO_RE = re.compile(
    r"(?:(?:\s+[\w,'’-]+){0,5}?\s+(?:" + _PLAN_VERBS + r"))?"
    r"\s+to\s+[a-z]+\b(?:(?!\b(?:will|shall|is|are|has|have)\b)[^.;!?\"“”]){0,80}",
    re.IGNORECASE,
)
# "offered on Friday to pay the arrears in June and July": a time inside a plan
# just made (the infinitive after the verb that made it) lies ahead of the making
_PLAN_INFINITIVE_BEFORE_RE = re.compile(
    r"(?<!\bhad\s)"  # (not a pluperfect: "had asked for money to raise them")
    r"(?:\b(?:" + _PLAN_VERBS + r")"
    r"(?:\s+on\s+\w+)?"
    # "asked donors for 2.6 million dollars to pay for a second round in November"
    r"|\b(?:asked|sought|requested)(?:\s+[\w$%-]+(?:[.,]\d+)*){1,6}?)"
    r"\s+to\s+[a-z]+\b"
    r"(?:(?!\b(?:who|which|that|when|after|since|because|had|has|have|was|were|did)\b)"
    r"[^.;!?\"“”]){0,60}$",
    re.IGNORECASE,
)
_APPOSED_RANGE_RE = re.compile(r",\s*(?:from|between)\s+$", re.IGNORECASE)
# the open of an aside, no comma since: ", which forecast a crop ... in "
_ASIDE_OPEN_RE = re.compile(r",\s*(?:which|who)\s+[^,;:.!?\"“”()]*$", re.IGNORECASE)
_ASIDE_PLAN_RE = re.compile(
    r",\s*(?:which|who)\s+(?:" + _PLAN_VERBS + r")\s+to\s+[a-z]+\b[^.;:!?,\"“”]{0,60}$",
    re.IGNORECASE,
)
# an order and the state it orders, right before the time: "ordered schools,
# universities and offices in Tehran closed", "ordered the ferries suspended on"
_ORDERED_DONE_RE = re.compile(
    r"\b(?:ordered|told|instructed|directed)\s+(?:[\w,'’-]+\s+){1,10}?"
    r"(?:closed|shut|reopened|evacuated|suspended|grounded|halted)\s+(?:on\s+|from\s+|until\s+)?$",
    re.IGNORECASE,
)
_AS_RECENTLY_AS_RE = re.compile(r"\bas\s+recently\s+as\s+$", re.IGNORECASE)
# an order's deadline before a weekday, a clock time allowed between: "ordered
# everyone to leave by 8 a.m. Sunday"
_ORDERED_BY_RE = re.compile(
    r"\b(?:ordered|told|instructed|directed)\b[^.;!?]{0,60}?\bto\s+[a-z]+\b[^.;!?]{0,30}?"
    r"\bby\s+(?:(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?\s?m\b\.?)?|noon|midnight)\s+(?:on\s+)?)?$",
    re.IGNORECASE,
)
# a deadline set in the past: "the council asked for a new report by May 15"
_ASKED_BY_RE = re.compile(
    r"\b(?:asked|told|ordered|required|instructed|urged|gave)\b[^.;!?]{0,50}?\bby\s+$",
    re.IGNORECASE,
)
_AHEAD_OF_EVENT_ON_RE = re.compile(
    r"\bahead\s+of\s+(?:[\w'’-]+\s+){1,5}(?:due\s+)?(?:on|in)\s+$", re.IGNORECASE
)


def _looks_ahead(t: Tense, own_clause: bool) -> bool:
    """Future, or the present of the weekday's own clause: a timetable ("matches
    begin on Sunday", "the prize is awarded on Saturday")."""
    return t == "FUTURE" or (t == "PRESENT" and own_clause)


_AUX_BEFORE_FOLLOWED = (["was"], ["were"], ["is"], ["are"], ["be"], ["been"], ["being"])
_NAMED_NUMBER_BEFORE_RE = re.compile(r"\b[A-Z][a-z]+[ \t]+\d{1,3}[ \t]+$")
_SAY_WORDS = frozenset(["said", "says", "added", "told", "stated"])
# the past of a telling: behind a comma, it says nothing of the time told of
_ANNOUNCE_WORDS = _SAY_WORDS | _words("announced confirmed revealed unveiled disclosed")
# the comma that closes a reporting aside: "..., he said, with ..."
_ASIDE_SAY_RE = re.compile(r"\s*,")
# the comma and short subject that open it: ", he said", ", the minister said"
_ASIDE_SUBJECT_RE = re.compile(r",\s*(?:[\w'’.-]+\s+){1,3}$")
_OF_RECORD_RE = re.compile(r"\bof\s+record\s+(?:on\s+|as\s+of\s+|at\s+the\s+close\s+of\s+)?$", re.I)
# a report's own day: "the court said on November 12", "announced Nov. 12"
_SAID_ON_RE = re.compile(
    r"\b(?:said|says|announced|reported|confirmed|told\s+\w+)\s+(?:on\s+)?$", re.IGNORECASE
)
# between two days of a list: "on December 16 and January 16"
_DAY_LIST_GAP_RE = re.compile(r",?\s+and\s+(?:on\s+)?", re.IGNORECASE)
_FOLLOWED_BY_RE = re.compile(r",\s*(?:followed\s+by|then)\b", re.IGNORECASE)
_NO_LATER_THAN_RE = re.compile(r"\b(?:no|not)\s+later\s+than\s+$", re.IGNORECASE)
# what a company books to a quarter after it ends: "a charge in the fourth quarter"
_QUARTER_BOOKED_RE = re.compile(
    r"\b(?:charge|write-?downs?|write-?offs?|provision|results|report|earnings)\b", re.IGNORECASE
)


def _quarter_end(year: int, month: int) -> date:
    """The last day of the quarter whose last month is ``month``."""
    return date(year, month, calendar.monthrange(year, month)[1])


# a season's start in the present: "The harvest here begins in mid-August"
_BEGINS_BEFORE_RE = re.compile(
    r"\b(?:begins|starts|opens|gets\s+under\s*way)\b[^.;:!?,]{0,12}$", re.IGNORECASE
)
# a state told in reported speech that lasts through a time: "told the meeting
# that orders were firm through the third quarter" (the past tense is the
# report's; the orders are firm now and on to that quarter)
# forecasts told with their subject and their time: "it forecast in December"
_FORECAST_PAST_FORMS = _words("forecast predicted projected estimated expected")
_SUBJECT_PRONOUNS = _words("it they he she we i")
# a deadline given: "gave them until July 10", "was granted until March"
_GAVE_UNTIL_RE = re.compile(
    r"\b(?:gave|given|give|gives|granted|grants|allowed|allows)\b(?:\s+[\w'’-]+){0,3}\s+"
    r"(?:until|till)\s+$"
    # ("Residents had until April 21 to book space"; not "they have until June",
    # which looks ahead)
    r"|\bhad\s+(?:until|till)\s+$",
    re.IGNORECASE,
)
_REPORTED_STATE_THROUGH_RE = re.compile(
    r"\b(?:said|told|added|noted|warned)\b[^.;:!?]{0,50}?\bthat\s+[^.;:!?,]{1,40}?"
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?!\w+(?:ed|en)\b)[a-z]+\s+through\s+$",
    re.IGNORECASE,
)
_WEEKDAY_PAIR_RE = re.compile(r"\s*(?:and|or|,)\s*(?:on\s+)?$", re.IGNORECASE)
# the end of a range of days, a clock time allowed before it: "from Monday to
# Wednesday", "from 9 p.m. Wednesday to 6 a.m. Thursday"
_RANGE_TO_RE = re.compile(
    r"\s*(?:to|through|thru|until|till|-|–|—)\s*"
    r"(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?\s*)?$",
    re.IGNORECASE,
)
_FOR_BEFORE_RE = re.compile(r"\bfor\s+$", re.IGNORECASE)
# "called a snap parliamentary election for", "set the vote for", "set Smith's
# sentencing for": a date being fixed
_PLAN_FOR_RE = re.compile(
    r"\b(?:called|set|scheduled|planned|slated|fixed|booked|pencilled|penciled|election|elections|vote|poll|"
    r"referendum|hearing|summit|strike|walkout)\b(?:\s+[\w'’-]+){0,4}?\s+for\s+$",
    re.IGNORECASE,
)
_BOOKED_RE = re.compile(
    # (an object between: "orders booked in July" were booked then)
    r"\b(?:booked|reserved)\b(?:\s+[\w,'’-]+){1,10}?\s+(?:between|for|over|from|during)\s+"
    r"(?:the\s+)?(?:[A-Z][a-z]+\.?\s+(?:and|to|through)\s+)?$",  # (a range's end too)
    re.IGNORECASE,
)
# prepositions that open a time put first in a clause: "that from July 1 ..."
_FRONTED_PREPS = _words("from on in by until after before starting")
_SUBJECT_OPENERS = frozenset(["but", "although", "though", "whereas", "because", "after"])
# present verbs of going that read as plural nouns ("heads", "flies"), and the
# words that make them verbs after them ("heads home", "sails for Miami")
_MOTION_VERBS_S = _words("heads returns leaves flies sails travels")
_MOTION_HOME = _words("home back north south east west homeward")


def _opens_subject(before: list[tuple[str, int]]) -> bool:
    """Whether a clause opener ("but", "because") stands among the eight words
    before an expression, with no punctuation between (the caller has found no
    verb there): the expression is then inside the new clause's subject."""
    for w, _ in before[::-1][:8]:
        lw = w.lower()
        if lw in _SUBJECT_OPENERS:
            return True
        if not w[:1].isalnum():
            return False
    return False


# "on Independence Day, Sept. 21": a day set beside the one just named
_APPOSED_DAY_RE = re.compile(r"\s*[,(]\s*(?:on\s+)?")
_REL_YEAR_TEXT_RE = re.compile(r"\b(?:next|last|this|the\s+following)\s+year$", re.IGNORECASE)
# "Next year's race, on Oct. 25, will add a half marathon": the date of the
# subject set off between commas straight after it
_OWNED_APPOSITIVE_RE = re.compile(r"['’]s(?:\s+[\w-]+){1,3}\s*,\s+(?:on|in|from)\s+")
_OWNED_VERB_RE = re.compile(
    r"\b(?:will|would|is|are|was|were|did|does|had|has|takes?|took|opens?|starts?|begins?)\b"
)
_OWNED_REACH = 200  # characters: a subject's year governs its own clause, not a page
# "was mild and did not peak until mid-March": "and" before a verb with no subject
# of its own goes on with the same subject
_SAME_SUBJECT_JOIN_RE = re.compile(
    r"\b(?:and|but)\s+(?:did|does|was|were|is|are|had|has|will|would|could)\b", re.IGNORECASE
)
_APPOSITIVE_BEFORE_RE = re.compile(
    # (not a clause of its own: ", was convicted in 2015, but"; a past participle,
    # not any word in -ed or -en: ", then in 2008,")
    r",\s*(?!(?:was|were|is|are|had|has|have|been|and|but)\b)"
    # (", a family-owned brewer founded in 1743,")
    r"(?:(?:[\w-]+\s+){0,4}(?:built|founded|born|established|opened|launched|created|formed|"
    r"completed|elected|appointed|(?!(?:indeed|hundred|need|speed|seed|feed|breed|greed|creed|shed)\s)[a-z]{2,}ed|"
    r"taken|given|written|broken|chosen|driven|fallen|frozen|hidden|risen|shaken|spoken|stolen|"
    r"sworn|beaten|proven|overtaken|undertaken|shown|known|grown|drawn|flown|thrown|built|"
    r"dealt|felt|bought|brought|caught|fought|sought|taught|thought|sold|held|hit|set|won|paid|made|put|cut)"
    # (", built with a loan from a Dutch development bank approved in 1984,")
    r"\s+(?:[\w-]+\s+){0,12}in\s+"
    # ", which topped 680,000 in 2008,": a relative clause set off by commas
    # (", which warmed the sea from mid-1997,")
    # (", whose oldest works dates from 1793,")
    r"|(?:which|who|whose)\s+(?:[^,;.!?]|(?<=\d)[,.](?=\d)){0,80}?\b(?:in|during|from|since|until)\s+)$",
    re.IGNORECASE,
)
# the rest of an aside after its date, up to the comma that closes it
_ASIDE_REST_RE = re.compile(r"[^,;:.!?\n\"“”()]{0,60},")
_LAPSED_AFTER_RE = re.compile(
    r"\s+(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?:postponed|delayed|cancell?ed|scrapped|"
    r"called\s+off|put\s+off|pushed\s+back|moved)\b",
    re.IGNORECASE,
)
_PLANNED_PASSIVE_RE = re.compile(
    r"\b(?:was|were|had(?:\s+(?:\w+ly|first))?\s+been)\s+(?:(?:\w+ly|first)\s+)?"
    r"(?:planned|scheduled|set|slated|fixed|booked)"
    r"\s+for\s+$",
    re.IGNORECASE,
)
_DETERMINER_ALT = "|".join(sorted(_DETERMINERS))
_RELATIVE_PREPS = _words("for by in on at from to under with during since after before")
_SUBJECT_MODALS = _words("will would shall must can could should might")
_NOT_A_NOUN_BEFORE = _AUX_BEFORE_PARTICIPLE | _words(
    "is are was were it he she they we who that which on in at by for to of from with the a "
    "an this and or not also then"
)


def _participle_of_subject(
    words: list[tuple[str, int]], i: int, boundary: set[str] | frozenset[str]
) -> bool:
    """ "Starting March 1, award seats booked for travel on weekends will cost 10%
    more": a participle after a plain noun, its subject's modal a few words on, is
    a reduced relative in the subject, no verb of the clause after the expression.
    Read only for a noun and participle after the expression: in "workers laid
    off in March will get" the participle is the month's own verb."""
    w = words[i][0].lower()
    if not (w.endswith("ed") or w in _IRREGULAR_PAST):
        return False
    noun = words[i - 1][0]
    if not (noun.isalpha() and noun.islower()) or noun in _NOT_A_NOUN_BEFORE:
        return False
    if i + 1 >= len(words) or words[i + 1][0].lower() not in _RELATIVE_PREPS:
        # "a naval commander said attacking ports would not work": the participle
        # takes an object, a verb of the clause; a reduced relative goes on with a
        # preposition ("seats booked for travel", "goods made in China")
        return False
    for nxt, _ in words[i + 1 : i + 8]:
        if nxt in boundary or nxt.lower() in _CLAUSE_JOINERS:
            return False
        if nxt.lower() in _SUBJECT_MODALS:
            return True
    return False


# a participle after a noun that a preposition governs: "in the rankings
# published", "for the 70 seats filled"
_REDUCED_RELATIVE_RE = re.compile(
    rf"\b(?:in|for|from|into|among)\s+(?:{_DETERMINER_ALT})"
    r"\s+(?:[\w-]+\s+){0,2}[a-z][\w-]*s\s+$"
)
# "training that was due to finish in November", "the dig had been due to finish
# in August": a plan told in the past, which may have lapsed or may still be
# ahead, so the nearest November
_WAS_DUE_TO_RE = re.compile(
    rf"\b(?:(?:was|were|had\s+been)\s+due|(?:was|were)\s+(?:meant|supposed)|"
    rf"had\s+been\s+(?:scheduled|set|supposed|meant))"
    rf"\s+to\s+(?!(?:{_DETERMINER_ALT})\b)"
    r"[a-z]+\b[^.;:!?\"“”]{0,40}$",
    re.IGNORECASE,
)
# the modal of a past that did not happen: "would have been stabled in July"
_COUNTERFACTUAL = (["would"], ["could"], ["might"], ["should"])
# participles of motion and change that take "to" before a figure or level
_PARTICIPLES_EN = _words("fallen risen grown gone driven shrunk sunk")
# verbs of keeping, whose object's participle is no verb ("keep the road closed")
_KEEP_VERBS = _words("keep keeps kept keeping")
# "will have this budget signed by Christmas", "they'll have it finished by May"
_WILL_HAVE_RE = re.compile(
    r"(?:\bwill|\bshall|'ll|’ll)\s+have\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE
)
_OF_BEFORE_RE = re.compile(r"(?<!ahead )\bof\s+$", re.IGNORECASE)
# a plan "for Friday" that may have lapsed ("had been set for Friday", "had
# hoped for Friday"); not one reported in the pluperfect ("said it had put on
# 14 extra flights for Wednesday", told on a Tuesday)
_HAD_RE = re.compile(
    r"\bhad\s+(?:(?:\w+ly|first)\s+)?(?:been|planned|hoped|intended|wanted|waited|expected|"
    r"aimed|meant)\b",
    re.IGNORECASE,
)
# "declared three days of mourning starting Friday": the start of what was declared
_HOLIDAY_ON_BEFORE_RE = re.compile(r"\bholiday\s+on\s+$", re.IGNORECASE)
# (and "in a season opening on Monday"; not the noun: "the opening on Monday")
_STARTING_BEFORE_RE = re.compile(
    r"\b(?:starting|beginning|effective|(?<!\bthe\s)(?<!\bits\s)opening)\s+(?:on\s+)?$", re.I
)
# a market's close on a weekday: "above its closing price on Wednesday" (not the
# verb: "schools will close on Friday")
_CLOSE_ON_BEFORE_RE = re.compile(
    r"\b(?:closing\s+(?:price|level|rate)|(?:its|the|their|a)\s+close)\s+on\s+$", re.I
)
# "has called a 48-hour general strike from Thursday": a stoppage called to start
# on a day (a plan), not one held from it ("held a strike from Monday")
_CALLED_FROM_BEFORE_RE = re.compile(
    r"\b(?:called|declared|announced|threatened|planned|set)\b[^.;!?]{0,50}"
    r"\b(?:strike|stoppage|walkout|shutdown|blockade|boycott|closure|curfew)\s+from\s+$",
    re.I,
)


# how many days past the last day ahead named a weekday may lie and still be a
# step of the same plan ("arrive on Monday ... return on Thursday")
_PLAN_GOES_ON = 3


def _weekday_resolve(wd: int, mod: str, part: str = "") -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None or r.today is None:
            return _Val(f"XXXX-WXX-{wd + 1}" + part, False)
        # (the story's "today": its dateline's day when that is the day before
        # publication, as the New York Times's: "FLYING FISH COVE, Dec. 6 -
        # Heavy rain fell late Sunday", published on Sunday, Dec. 7)
        d0 = r.today
        back = (d0.weekday() - wd) % 7
        fwd = (wd - d0.weekday()) % 7
        if mod in ("last", "past", "previous"):
            d = d0 - timedelta(days=back or 7)
        elif mod in ("next", "coming", "following"):
            d = d0 + timedelta(days=fwd or 7)
        elif mod == "this":
            d = d0 - timedelta(days=d0.weekday()) + timedelta(days=wd)
        elif (
            r.anchor_day is not None
            and r.last_day_end is not None
            and (
                _RANGE_TO_RE.match(r.text, r.last_day_end, c.start)
                or _WEEKDAY_PAIR_RE.match(r.text, r.last_day_end, c.start)
            )
            and abs((r.anchor_day - d0).days) <= 7
        ):
            # "from Monday to Wednesday", "on Wednesday and Thursday": the end of a
            # range, the second of a pair, comes after the first
            a = r.anchor_day
            d = a + timedelta(days=((wd - a.weekday()) % 7) or 7)
        elif back == 0:
            d = d0
            ahead = r.anchor_day
            if (
                ahead is not None
                and 0 < (ahead - d0).days <= 7
                and (d0 - ahead).days + 7 <= _PLAN_GOES_ON
                and r.day_named_near(c, sentences_back=1)
                and _looks_ahead(*r.tense_detail(c))
            ):
                # "will arrive on Monday ... and return on Thursday", told on a
                # Thursday: a plan already in next week goes on from there (the
                # day ahead named in this sentence or the one before: "opens at 7
                # p.m. Friday", four sentences after Sunday's events, is today;
                # so is "call both sides back on Friday afternoon", told on a
                # Friday after a strike planned for this weekend: next Friday
                # would lie five days past it, no step of the same plan)
                d = d0 + timedelta(days=7)
        elif r.text[c.end : c.end + 2] in ("'s", "’s") and wd in r.weekdays_named:
            d = r.weekdays_named[wd]  # "Saturday's programme": the Saturday named before
        elif r.text[c.end : c.end + 2] in ("'s", "’s") and _OF_BEFORE_RE.search(
            r.text, max(0, c.start - 12), c.start
        ):
            # "the victims of Monday's attack": an event the story looks back on,
            # whatever the main verb ("a funeral will be held on Saturday for ...")
            d = d0 - timedelta(days=back)
        elif _CALLED_TO_MEETING_RE.search(r.text, max(0, c.start - 80), c.start) or (
            _IS_DUE_TO_RE.search(r.text, max(r.sentence(c.start)[0], c.start - 120), c.start)
            # (not the day of the telling: "is due to be finished in 2009, an
            # engineer said on Monday")
            and not _SAID_ON_RE.search(r.text, max(0, c.start - 30), c.start)
        ):
            # "called both sides to a meeting on Monday", told on a Thursday: the
            # meeting is ahead, whatever the tense of the call
            d = d0 + timedelta(days=fwd)
        elif _ORDERED_DONE_RE.search(r.text, max(0, c.start - 120), c.start):
            # "ordered schools and offices closed Wednesday", told on a Tuesday:
            # what is ordered follows the order; the nearest such day
            d = d0 + timedelta(days=fwd) if fwd <= back else d0 - timedelta(days=back)
        elif _CLOSE_ON_BEFORE_RE.search(r.text, max(0, c.start - 24), c.start):
            # "31 percent above its closing price on Wednesday": a market's close
            # has been, whatever the tense of the comparison
            d = d0 - timedelta(days=back)
        elif _DAY_SET_ASIDE_NEXT_RE.match(r.text, c.end) and _DAY_SET_ASIDE_BEFORE_RE.search(
            r.text, max(0, c.start - 40), c.start
        ):
            # "declared Tuesday a day of national mourning", told on a Monday: a
            # day set aside lies ahead, whatever the tense of the verb that set it
            d = d0 + timedelta(days=fwd)
        elif (
            r.anchor_day is not None
            and r.anchor_day < d0
            and r.last_day_end is not None
            and r.last_day_end >= r.sentence(c.start)[0]
            and _ORDERED_BY_RE.search(r.text, max(r.last_day_end, c.start - 90), c.start)
        ):
            # "struck the bomb last Wednesday, and the city ordered everyone to
            # leave by 8 a.m. Sunday", told on Monday: a deadline the order set,
            # the first such day after the day told
            a = r.anchor_day
            d = a + timedelta(days=((wd - a.weekday()) % 7) or 7)
        elif (
            _DEADLINE_BEFORE_RE.search(r.text, max(0, c.start - 16), c.start)
            and r.tense(c) == "PAST"
        ):
            # "Trading was thin ahead of Friday's market holiday", told on a
            # Thursday: the past tense dates the trading, not the day it led up
            # to; the nearest such day
            d = d0 + timedelta(days=fwd) if fwd <= back else d0 - timedelta(days=back)
        elif (
            _FOR_BEFORE_RE.search(r.text, max(0, c.start - 5), c.start)
            or _STARTING_BEFORE_RE.search(r.text, max(0, c.start - 14), c.start)
            or _CALLED_FROM_BEFORE_RE.search(r.text, max(0, c.start - 90), c.start)
        ) and not _HAD_RE.search(
            # (its clause, within the 200 characters before it)
            _JOINER_RE.split(
                r.text[max(r.sentence(c.start)[0], c.start - 200) : c.start].replace(",", ";")
            )[-1]
        ):
            # "called a strike for Friday", "set a vote for Thursday", "declared
            # three days of mourning starting Friday", "called a strike from
            # Thursday": a plan, whatever the tense of the verb that made it
            d = d0 + timedelta(days=fwd)
        else:
            t, own_clause = r.tense_detail(c)
            same = r.anchor_day
            if (
                (
                    not own_clause
                    # "full for the weekend and the Youth Day holiday on Monday"
                    or _HOLIDAY_ON_BEFORE_RE.search(r.text, max(0, c.start - 12), c.start)
                )
                and same is not None
                and same.weekday() == wd
                and abs((same - d0).days) < 7
            ):
                # no verb of its own: the weekday the text just named ("ahead of the
                # Memorial Day holiday on Monday")
                d = same
            elif _looks_ahead(t, own_clause):
                d = d0 + timedelta(days=fwd)
            elif t in ("NONE", "PRESENT") and same is not None and 0 < (same - d0).days < 7:
                # "snow begins early Tuesday ... tapers off by Wednesday", "runs from
                # 10 a.m. Saturday and from 11 a.m. Sunday": a story told in the
                # coming days goes on in them (no past verb read): the coming one
                d = d0 + timedelta(days=fwd or 7)
            else:  # news reports the past: an untensed weekday is the last one
                d = d0 - timedelta(days=back)
        return _day_val(d, part)

    return f


def _weekend_resolve(mod: str, narrative: bool = False) -> _Resolve:
    """A weekend as ``YYYY-Www-WE``: the one of the publication week, or the one
    before it when the clause is past ("met over the weekend" on a Monday).
    ``narrative`` ("the previous weekend", "the following weekend") counts from
    the day the text is talking about instead: "drew on Saturday ... missed the
    previous weekend's match" is the weekend before that Saturday's."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        d0 = r.narrative_day(c) if narrative else r.dct
        if d0 is None:
            return _Val("XXXX-WXX-WE", False)
        monday = d0 - timedelta(days=d0.weekday())
        in_weekend = d0.weekday() >= 5
        if mod in ("last", "past", "previous"):
            shift = -1
        elif mod in ("next", "coming", "following"):
            shift = 1 if in_weekend else 0
        elif in_weekend or (mod == "this" and d0.weekday() >= 3):
            # (on a Thursday or Friday "this weekend" is the one ahead, whatever the
            # tense: "too late to stop a walkout this weekend")
            shift = 0
        elif d0.weekday() >= 2 and _FOR_BEFORE_RE.search(r.text, max(0, c.start - 5), c.start):
            # "hotels said they were full for the weekend", told on a Thursday:
            # what is booked for it lies ahead, whatever the tense
            shift = 0
        else:
            # "is forecast for the weekend" looks ahead; "met over the weekend" back
            t = r.tense(c)
            shift = 0 if t in ("FUTURE", "PRESENT") or (t == "NONE" and mod == "this") else -1
        return _Val(_iso_week(monday + timedelta(weeks=shift)) + "-WE", True)

    return f


# a company's calendar, in the present: "whose fiscal year ends on June 30" (not
# one year's: "whose new financial year begins on July 1")
_FISCAL_YEAR_ENDS_BEFORE_RE = re.compile(
    r"(?<!\bnew\s)(?<!\bnext\s)(?<!\bthis\s)(?<!\bcoming\s)(?<!\bcurrent\s)"
    # (one year's end: "stay there until the fiscal year ends on Sept. 30")
    r"(?<!until\sthe\s)(?<!before\sthe\s)(?<!after\sthe\s)(?<!when\sthe\s)(?<!once\sthe\s)"
    r"\b(?:fiscal|financial|business|tax)\s+year\s+(?:ends|begins|starts|closes|"
    r"runs\s+(?:from|to|through|until))\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# "every year" or "each year" before a month of its clause, with no year named
# between ("each year between June and September"; not "every year since 2010 ...
# in June 2014", nor "every year, and the rainy season will last until October";
# "usually" or "normally" is not enough: three blind writers dated "normally
# harvested by mid-November" and "usually peak in late January" to the year)
_EVERY_YEAR_BEFORE_RE = re.compile(
    r"\b(?:every|each)\s+year\b(?:(?!\b(?:1[89]|20)\d\d\b|,\s+(?:and|but)\s)[^.;!?])*$",
    re.IGNORECASE,
)


def _month_resolve(
    month: int, mod: str, day: int | None = None, part: str = "", wd: int | None = None
) -> _Resolve:
    """A month or a month's day without a year; ``wd`` the weekday written with the
    day ("Saturday 16 July"), which a year read from tense must agree with."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            v = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
            return _Val(v + part, False)
        d0 = r.dct
        if mod == "previous":
            # "cautioned the previous October", in a story told about March 2011:
            # the October before the day the story is on
            base = r.narrative_day(c) or d0
            y = base.year if month < base.month else base.year - 1
            told = r.sentence_anchor_for(c)
            if told is not None and told[1]:
                # "no profit in 1995, when the peso's collapse the previous
                # December ...": the December before the year the sentence is in
                y = told[0].year - 1
        elif mod in ("last", "past"):
            y = d0.year if month < d0.month else d0.year - 1
        elif mod in ("next", "coming"):
            y = d0.year if month > d0.month else d0.year + 1
        elif mod == "this":
            y = d0.year
        elif mod == "delivery":  # a futures month is this one or one ahead
            y = d0.year if month >= d0.month else d0.year + 1
        elif mod == "reported":  # figures for a month: this one or one that has been
            y = d0.year if month <= d0.month else d0.year - 1
        elif day is not None and _FISCAL_YEAR_ENDS_BEFORE_RE.search(
            r.text, max(0, c.start - 40), c.start
        ):
            # "Nordvik, whose fiscal year ends on April 30": the day of every year
            # (two blind writers wrote ``XXXX-04-30``)
            return _Val(f"XXXX-{month:02d}-{day:02d}" + part, True)
        elif day is not None:
            y = r.year_for(c, (month, day), "day")
        elif _EVERY_YEAR_BEFORE_RE.search(
            r.text, max(r.sentence(c.start)[0], c.start - 60), c.start
        ):
            # "people die in ferry accidents every year, most of them between June
            # and September": the month of any year (TimeML's ``XXXX-06``)
            return _Val(f"XXXX-{month:02d}", True)
        else:
            y = r.year_for(c, (month, 0))
        if day is None:
            return _Val(f"{y:04d}-{month:02d}", True)
        if not _valid_day(y, month, day):
            return _Val(f"XXXX-{month:02d}-{day:02d}", False)
        if wd is not None and date(y, month, day).weekday() != wd:
            # "Saturday 16 July belongs to guitar bands", after a past clause: the
            # weekday names the year (16 July was a Saturday in 2016, not 2015)
            # (another year only if nearer publication or on the tense's side of it:
            # "died Thursday, December 11", in a January, is no December ahead)
            t = r.tense(c)
            away = abs((date(y, month, day) - d0).days)
            for z in (y - 1, y + 1):
                if not _valid_day(z, month, day) or date(z, month, day).weekday() != wd:
                    continue
                dz = date(z, month, day)
                if (
                    abs((dz - d0).days) < away
                    or (t == "PAST" and dz <= d0)
                    or (t == "FUTURE" and dz >= d0)
                ):
                    y = z
                    break
        return _day_val(date(y, month, day), part)

    return f


# what a company reports about a quarter after it ends ("first-quarter results")
_REPORT_NOUNS = _words(
    "results figures earnings profit profits sales report reports numbers revenue revenues "
    "data loss losses accounts hiring payrolls employment shipments"
)


_REPORT_FOR_BEFORE_RE = re.compile(
    r"\b(?:results|figures|earnings|profit|profits|sales|numbers|revenue|accounts)\s+"
    r"(?:for|from|in)\s+$",
    re.IGNORECASE,
)


def _next_word_at(text: str, pos: int) -> str:
    m = _NEXT_WORD_RE.search(text[pos : pos + 40])
    return m.group(1).lower() if m else ""


def _quarter_resolve(
    q: int,
    mod: str,
    year: int | None,
    rel_year: int | None,
    calendar: bool = False,
    half: tuple[int, int] | None = None,
) -> _Resolve:
    """A quarter; ``calendar`` when its months are named ("the July-September
    quarter"), which no company's fiscal year can shift; ``half`` the fiscal
    half a report is of (:meth:`_Scan.fiscal_half`), whose quarters are fiscal."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if year is not None:
            return _Val(f"{year:04d}-Q{q}", True)
        if r.dct is None:
            return _Val(f"XXXX-Q{q}", False)
        if rel_year is not None:
            return _Val(f"{r.dct.year + rel_year:04d}-Q{q}", True)
        if r.fiscal_quarter is not None and not calendar:
            return _fiscal_quarter_near(r, c, q, r.fiscal_quarter)
        if half is not None and not calendar:
            # "will give a third-quarter trading update in May" after a first
            # half to December: the report's year, its second quarter just ended
            return _fiscal_quarter_near(r, c, q, (half[0], 2 * half[1]))
        named = _QUARTER_VALUE_RE.match(r.last_value or "")
        if (
            named
            and not named[1]
            and r.tense(c) in ("PAST", "NONE")
            # (not "shrank in the last three months of 2012 and barely grew in
            # the first quarter": a story told on, see narrative_anchor_for)
            and r.narrative_anchor_for(c) is None
        ):
            # "grew 0.7 per cent in the October-December quarter, down from 1.1 per
            # cent in the third quarter": the latest such quarter up to the one named
            n0 = int(named[2]) * 4 + int(named[3]) - 1
            if r.first_quarter is not None:
                # "grew 2.1% in the July-September period ... lifted growth for
                # the first quarter ... Output in the third quarter": up to the
                # report's own quarter (the first named), when it is the later
                first = r.first_quarter[0] * 4 + r.first_quarter[1] - 1
                n0 = first if 0 < first - n0 < 4 else n0
            n = n0 - (n0 % 4 + 1 - q) % 4
            return _Val(f"{n // 4:04d}-Q{n % 4 + 1}", True)
        cur = (r.dct.month - 1) // 3 + 1
        reported = _report_noun_after(r.text, c.end) or bool(
            # "unlikely to dent results for the second quarter, which it reports
            # on July 27": the report's noun before the quarter
            _REPORT_FOR_BEFORE_RE.search(r.text, max(0, c.start - 30), c.start)
        )
        if q == (cur - 2) % 4 + 1 and reported and r.tense(c) == "FUTURE":
            # the quarter just ended: its figures are still to come ("first-quarter
            # results will be released next week", written in April)
            return _Val(f"{r.dct.year - (cur == 1):04d}-Q{q}", True)
        y = r.year_for(c, (q * 3, 0), "quarter") if q != cur else r.dct.year
        return _Val(f"{y:04d}-Q{q}", True)

    return f


def _report_noun_after(text: str, end: int) -> bool:
    """A report's noun right after a period, or after one more word: "first-quarter
    results", "first-quarter export figures"."""
    nxt = _WORD_AT_RE.match(text, end)
    if nxt is None:
        return False
    if nxt[1].lower() in _REPORT_NOUNS:
        return True
    after = _WORD_AT_RE.match(text, nxt.end())
    return after is not None and nxt[1].islower() and after[1].lower() in _REPORT_NOUNS


# the next word from a position, past spaces and punctuation (bounded)
_WORD_AT_RE = re.compile(r"[^\w\n]{0,4}([A-Za-z][\w'’-]*)")


def _fiscal_quarter_near(r: _Resolver, c: _Cand, q: int, ref: tuple[int, int]) -> _Val:
    """ "will report first-quarter results" after "the fiscal fourth quarter of
    2012" (``ref``, the report's fiscal year and quarter): the fiscal quarter
    ``q`` next after the report's (``FY2013-Q1``) in a forecast, else the
    latest at or before it."""
    y, q0 = ref
    n0 = y * 4 + q0 - 1
    n = n0 - (q0 - q) % 4  # the latest at or before the report's quarter
    ahead = r.tense(c) == "FUTURE" or (
        # "The company reports fiscal third-quarter results in early May": a
        # present of schedule before the results it names
        _REPORTS_BEFORE_RE.search(r.text, max(0, c.start - 24), c.start) is not None
        and _next_word_at(r.text, c.end) in _REPORT_NOUNS
    )
    if n != n0 and ahead:
        n += 4
    return _Val(f"FY{n // 4:04d}-Q{n % 4 + 1}", True)


_REPORTS_BEFORE_RE = re.compile(
    r"\b(?:reports|releases|publishes|announces|posts|issues)\s+(?:its\s+|their\s+)?$",
    re.IGNORECASE,
)


_SEASON_ORDER = ("SP", "SU", "FA", "WI")
# "this summer" written before "last summer": the one of this year is named
_THIS_SEASON_RE = {
    code: re.compile(
        r"\bthis\s+(?:" + "|".join(w for w, c in _SEASONS.items() if c == code) + r")\b",
        re.IGNORECASE,
    )
    for code in _SEASON_ORDER
}
_SEASON_VALUE_RE = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")


def _season_resolve(code: str, mod: str, year: int | None) -> _Resolve:
    """A season as ``YYYY-SP/SU/FA/WI``; a year-less one by modifier or tense.

    Seasons are counted on one line (year * 4 + index, winter carrying the
    year of its December) so that "last winter" in January is the winter
    that began thirteen months ago and "this summer" in June is this one.
    """
    target = _SEASON_ORDER.index(code)

    def f(r: _Resolver, c: _Cand) -> _Val:
        if year is not None:
            return _Val(f"{year:04d}-{code}", True)
        if r.dct is None:
            return _Val(f"XXXX-{code}", False)
        told = _ANCHOR_VALUE_RE.match(r.last_value or "")
        told_season = _SEASON_VALUE_RE.match(r.last_value or "")
        if mod == "following" and (told is not None or told_season is not None):
            # "opened in 1968 ... the following spring": the first one after the
            # time the story has reached (1969's; after "that February", 1968's)
            if told_season is not None:
                k = int(told_season[1]) * 4 + _SEASON_ORDER.index(told_season[2])
            else:
                assert told is not None
                y0, m0 = int(told[1]), int(told["m"] or 12)
                k = (y0 - 1 if m0 <= 2 else y0) * 4 + ((m0 - 3) % 12) // 3
            k += (target - k) % 4 or 4
            return _Val(f"{k // 4:04d}-{code}", True)
        told_year = _VALUE_YEAR_PREFIX_RE.match(r.last_value or "")
        if mod == "that" and told_year is not None and r.last_value != r.dct.isoformat():
            # "a licence granted in March 2008 led to a standoff that summer": the
            # season of the year the story is told in
            return _Val(f"{int(told_year[1]):04d}-{code}", True)
        if mod in ("", "the", "early", "late", "mid", "that"):
            # "from March to June 2012, and in the autumn they arrested him": the
            # season of the year the sentence is told in
            story = r.narrative_anchor_for(c)
            anchor = r.sentence_anchor_for(c) if story is None else None
            base = story or (anchor[0] if anchor is not None and anchor[1] else None)
            if base is not None:
                return _Val(f"{base.year:04d}-{code}", True)
        south = r.southern()
        # in Australia or New Zealand the seasons run six months from the
        # north's: read them on a line shifted by six months ("a paperback in the
        # spring", told in Sydney in June, is this September's spring)
        y_now, m = r.dct.year, r.dct.month
        if south:
            y_now, m = y_now + (m > 6), (m + 5) % 12 + 1
        cur_year = y_now - 1 if m <= 2 else y_now
        now = cur_year * 4 + ((m - 3) % 12) // 3
        prev = now - (now - target) % 4  # latest occurrence not after now
        nxt = prev if prev == now else prev + 4
        if mod == "latest":
            k = prev  # "the driest summer since 1976": the one that has been
        elif mod in ("last", "past", "previous"):
            k = prev if prev < now else prev - 4
            if k == now - 1 and _THIS_SEASON_RE[code].search(r.text, 0, c.start):
                # in September, after "this summer was the hottest on record",
                # "last summer" is the one before it
                k -= 4
        elif mod in ("next", "coming", "following"):
            k = nxt if nxt > now else nxt + 4
        else:
            # "nearest": a noun modifier; "this winter" follows a clear tense
            t = r.tense(c) if mod in ("", "this") else "NONE"
            deadline = _DEADLINE_BEFORE_RE.search(r.text, max(0, c.start - 12), c.start)
            if t == "PAST" and deadline:
                t = "NONE"  # "had not expected a change before the summer"
            elif t != "PAST" and deadline and not mod:
                t = "FUTURE"  # "every patient needs a shot before winter": the coming one
            if (
                t == "PAST"
                and mod == "this"
                and (
                    now - prev >= 3
                    or (code != "WI" and not south and m >= 3 and prev // 4 < r.dct.year)
                )
            ):
                # "have called off this summer's event", in May: "this" is never
                # last year's summer, whatever the tense ("had been looking for a
                # turn as soon as this fall", in April: this year's fall; but "This
                # summer, bears were seen swimming", in January, is last year's)
                k = nxt
            elif t != "PAST" and mod == "this" and code == "FA" and m <= 2:
                # "the plan begins this fall", in January: the autumn of this
                # calendar year, not the one that ended weeks ago
                k = nxt
            elif t == "PAST":
                k = prev
            elif t == "FUTURE":
                k = nxt
            else:
                k = prev if now - prev < nxt - now else nxt
        # (the shifted spring and summer began in the calendar year before)
        label_year = k // 4 - (south and k % 4 in (0, 1))
        return _Val(f"{label_year:04d}-{_SEASON_ORDER[k % 4]}", True)

    return f


def _ref_day_resolve(offset: int, part: str = "") -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        return _day_val(r.dct + timedelta(days=offset), part)

    return f


# how far after a day far from publication its anaphora may stand: about three
# sentences of news
_FAR_DAY_REACH = 400


def _anchor_day_resolve(offset: int, part: str = "") -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.narrative_day(c)
        if day is None:
            return _Val(None, False)
        if offset == 0:
            # "had lost 400 seats by mid-morning" after a meeting set for May 16:
            # a past clause's part of the day is not on a day still ahead
            day = r.unless_ahead_in_past(c, day)
        return _day_val(day + timedelta(days=offset), part)

    return f


# a figure compared just before "a year ago": "from $131 million a year ago", "5.4
# percent a year ago", "as many as a year ago", "lower than a year ago"
_YEAR_AGO_COMPARED_RE = re.compile(
    r"(?:\d|%|\bper\s*cent|\b(?:from|than|as|with|over|versus|vs\.?))[^.;:!?\d]{0,30}$", re.I
)


def _compared_period(r: _Resolver, c: _Cand) -> _Val | None:
    """ "Cases rose in the first quarter, nearly four times as many as a year ago":
    a figure compared with a year ago, in a sentence that named a quarter or a
    month, compares that period a year back (``2014-Q1``), as "a year earlier"
    does; else ``None`` (the year). Not a period from an earlier sentence, nor
    after a day ("ahead of a year ago" after "the quarter, which ends March 31"
    stays the year, as its writer had it)."""
    if r.last_value_end < r.sentence(c.start)[0] or r.last_value_end > c.start:
        return None
    if not _YEAR_AGO_COMPARED_RE.search(r.text, max(0, c.start - 40), c.start):
        return None
    period = _period_years_on(r.last_value or "", -1)
    return _Val(period, True) if period is not None else None


def _period_years_on(value: str, k: int) -> str | None:
    """The quarter, half or month ``value`` names, ``k`` years on: the period a
    year-ago comparison is with ("2014-Q1" is ``2013-Q1`` at ``k=-1``; a fiscal
    quarter or half keeps its prefix, "FY1988-H1" ``FY1987-H1``). None for any
    other value (a year, a day), which the callers read as a year."""
    fiscal = "FY" if _FISCAL_RE.match(value) else ""
    am = _ANCHOR_VALUE_RE.match(value[len(fiscal) :])
    if am is None:
        return None
    if am["q"]:
        return f"{fiscal}{int(am[1]) + k:04d}-Q{am['q']}"
    if am["h"]:
        return f"{fiscal}{int(am[1]) + k:04d}-H{am['h']}"
    if am["m"] and not am["d"] and not fiscal:
        return f"{int(am[1]) + k:04d}-{am['m']}"
    return None


def _ago_resolve(n: float | None, unit: str, sign: int) -> _Resolve:
    """'two years ago' / 'three weeks from now': a point at the unit's granularity."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if n == 1 and unit in ("year", "yr") and sign < 0:
            compared = _compared_period(r, c)
            if compared is not None:
                return compared
        if n is None:
            # "several years ago", "many months from now": TimeML's PAST_REF /
            # FUTURE_REF, a point whose distance is not told
            return _Val("PAST_REF" if sign < 0 else "FUTURE_REF", True)
        if r.dct is None:
            return _Val(None, False)
        k = round(n) * sign
        d0 = r.dct
        if n != int(n) and unit in ("year", "yr", "decade"):
            # "half a decade ago" is five years back, "half a year ago" six months
            months = round(n * (120 if unit == "decade" else 12)) * sign
            if unit == "decade":
                return _Val(f"{d0.year + months // 12:04d}", True)  # half a decade: a year
            y, m = _add_months(d0.year, d0.month, months)
            return _Val(f"{y:04d}-{m:02d}", True)
        if unit in ("day", "night"):
            return _day_val(d0 + timedelta(days=k))
        if unit in ("week", "fortnight"):
            # TIDES: the unit's granularity, "two weeks ago" is that ISO week (a
            # day only with "today": "a week ago today")
            return _relative("week", k * (2 if unit == "fortnight" else 1), d0)
        if unit == "month":
            y, m = _add_months(d0.year, d0.month, k)
            return _Val(f"{y:04d}-{m:02d}", True)
        if unit == "quarter":
            return _relative("quarter", k, d0)
        if unit in ("year", "yr"):
            return _Val(f"{d0.year + k:04d}", True)
        if unit == "decade":
            # TIDES: the unit's granularity, "a decade ago" (2013) is the 2000s, ``200``
            return _Val(f"{(d0.year + 10 * k) // 10:03d}", True)
        if unit in ("century", "centurie"):
            # TIDES: "a century ago" is the century it points into ("19"), not a year
            return _Val(f"{(d0.year + 100 * k) // 100:02d}", True)
        return _Val(d0.isoformat(), True, d0)  # hours/minutes ago: today

    return f


_FISCAL_RE = re.compile(r"^FY\d{4}(?:-Q[1-4]|-H[12])?$")
_FISCAL_YEAR_VALUE_RE = re.compile(r"^FY(\d{4})$")
_ANCHOR_VALUE_RE = re.compile(
    r"^(\d{4})(?:-(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?$"
)


# a balance's day: "the order backlog at Dec. 31", "debt as of June 30"
_AS_AT_DAY_BEFORE_RE = re.compile(
    rf"\b(?:at|as\s+of)\s+{_MON_ANY}\s*(?:3[01]|[12]\d|0?[1-9])$", re.IGNORECASE
)


def _shifted_resolve(n: float | None, unit: str, sign: int, length: str) -> _Resolve:
    """'a year earlier', 'three days later': a point shifted from the narrative's anchor.

    TIDES and TimeML read these as dates (MEANTIME too: "three days later" is
    a day). The anchor is the last date the text gave, else the publication
    date; when it is coarser than the unit ("in 1996 ... three days later")
    the day cannot be known and the expression stays a duration, ``length``.
    """

    def f(r: _Resolver, c: _Cand) -> _Val:
        last = r.last_value or ""
        fiscal = "FY" if _FISCAL_RE.match(last) else ""
        am = _ANCHOR_VALUE_RE.match(last[len(fiscal) :])
        from_now = r.dct is not None and last == r.dct.isoformat()
        week = _VALUE_WEEK_RE.match(last)
        if (
            week
            and not week[3]
            and unit in ("year", "yr")
            and sign < 0
            and n is not None
            and n == int(n)
        ):
            # "38 consultations last week, close to the level of a year earlier":
            # the same week a year before
            return _Val(f"{int(week[1]) - int(n):04d}-W{int(week[2]):02d}", True)
        decade = re.fullmatch(r"(\d{3})", last)
        if decade and unit == "decade" and n is not None and n == int(n) and n < 100:
            # "found in the 1950s but lost under a car park a decade later": the
            # decade after the one told (``196``)
            shifted = int(decade[1]) + int(n) * sign
            return _Val(f"{shifted:03d}", True) if 0 <= shifted <= 999 else _Val(None, False)
        if am is None or n is None or n != int(n) or (from_now and sign > 0):
            # no date told yet: "a year later" follows an event, not today
            c.type = "DURATION"
            return _Val(length, True)
        k, y = int(n) * sign, int(am[1])
        if (
            unit in ("year", "yr")
            and k == -1
            and am["d"]
            and r.fiscal_quarter is not None
            and r.first_quarter is None
            and not fiscal
            and _valid_day(y, int(am["m"]), int(am["d"]))
            and int(am["d"]) == calendar.monthrange(y, int(am["m"]))[1]
        ):
            # "net in the fiscal second quarter, ended March 31, fell ... from
            # $7.6 million a year earlier": the fiscal quarter a year back (the
            # latest one told: a report may name the quarter a deal closes in first)
            fy, q = r.last_fiscal_quarter or r.fiscal_quarter
            return _Val(f"FY{fy - 1:04d}-Q{q}", True)
        if unit in ("year", "yr"):
            base = last
            if (
                sign < 0
                and am["d"]
                and r.first_period is not None
                and _ANCHOR_VALUE_RE.match(r.first_period)
                and r.told_on_report_day()
            ):
                # the last date is the report's ("the government said Tuesday"): a
                # year-earlier comparison is with the period reported
                base, y = r.first_period, int(r.first_period[:4])
            if (
                sign < 0
                and am["d"]
                and base == last
                and r.last_value_end >= r.sentence(c.start)[0]
                and _AS_AT_DAY_BEFORE_RE.search(
                    r.text, max(0, r.last_value_end - 24), r.last_value_end
                )
                and _valid_day(y + k, int(am["m"]), int(am["d"]))
            ):
                # "the order backlog at Dec. 31 was $22 million, against $35
                # million a year earlier": a balance on a day, that day a year back
                return _day_val(date(y + k, int(am["m"]), int(am["d"])))
            # "a year earlier" after a quarter is that quarter; after a month
            # ("exports fell last month from a year earlier") that month, a
            # comparison, but "two years later" goes on with the story: a year
            period = _period_years_on(base, k)
            if period is not None and (sign < 0 or "-Q" in period):
                return _Val(period, True)
            return _Val(f"{fiscal}{y + k:04d}", True)
        if fiscal:
            c.type = "DURATION"  # a fiscal year has no known months or days
            return _Val(length, True)
        if unit in ("decade", "century"):
            # "a decade later", "A century later the firm employs 340": the year
            return _Val(f"{y + (10 if unit == 'decade' else 100) * k:04d}", True)
        if unit == "month" and am["m"]:
            yy, mm = _add_months(y, int(am["m"]), k)
            return _Val(f"{yy:04d}-{mm:02d}", True)
        if unit in ("day", "week") and am["d"]:
            d0 = date(y, int(am["m"]), int(am["d"])) + timedelta(
                days=k * (7 if unit == "week" else 1)
            )
            return _day_val(d0)
        if (
            unit in ("day", "week")
            and sign < 0
            and r.dct is not None
            and _COMPARED_FROM_RE.search(r.text, max(0, c.start - 40), c.start)
        ):
            # "little changed from a day earlier" after "sales in March": a market
            # report compares with the day (or week) before its own; "61 rupees at
            # this week's auction, against 64 rupees a week earlier": the week before
            if unit == "week" and r.first_week is not None:
                return _Val(_week_shift(r.first_week, k), True)
            return _day_val(r.dct + timedelta(days=k * (7 if unit == "week" else 1)))
        c.type = "DURATION"
        return _Val(length, True)

    return f


# a participle that dates the noun before it: "vehicles made between March 1 and",
# "cars built in the second half of"; the date between it and the expression is
# the noun's (a month's abbreviation point is allowed: "from Aug. 15, 2010, through")
_DESCRIBES_NOUN_RE = re.compile(
    r"\b(?:made|built|produced|manufactured|assembled|sold|delivered|registered|issued|"
    r"bought|purchased|shipped|"
    # "mayors elected in October 2008 took office on Jan. 1" (not "were elected in")
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)"
    r"(?:elected|appointed|chosen|hired|named|recruited))"
    r"\s+(?:between|in|from|during|before|after|on|through|since)\s+"
    r"(?:[^.;:!?\n]|\.(?=\s*\d))*$",
    re.IGNORECASE,
)

# the base of a comparison right before "a day earlier": "unchanged from", "than"
_COMPARED_FROM_RE = re.compile(
    r"\b(?:from|than|versus|vs\.?|against)\s+"
    r"(?:[$€£¥]?\d[\d.,]*(?:\s+(?:percent|per\s+cent|rupees|dollars|cents|yen|euros|[a-z]+s))?\s+)?$",
    re.IGNORECASE,
)
# an ISO week alone ("2002-W31"), no day or weekend
_WEEK_ONLY_RE = re.compile(r"^\d{4}-W\d\d$")


def _week_shift(week: str, k: int) -> str:
    """The ISO week ``k`` weeks from ``week`` ("2002-W32", -1: "2002-W31")."""
    monday = date.fromisocalendar(int(week[:4]), int(week[6:8]), 1) + timedelta(weeks=k)
    year, num, _ = monday.isocalendar()
    return f"{year:04d}-W{num:02d}"


# an age after "aged": "children aged between six months and five years", "aged 65"
_AGED_BEFORE_RE = re.compile(
    r"\baged\s+(?:between\s+|from\s+|under\s+|over\s+|up\s+to\s+)?"
    r"(?:[\w.]+\s+(?:months?|years?|weeks?)\s+(?:and|to|or)\s+)?$",
    re.IGNORECASE,
)

# "three hours and 40 minutes later": the minutes end a compound length, which
# ``merge_compound_durations`` joins; they are no clock step of their own
_COMPOUND_BEFORE_RE = re.compile(r"\b(?:hours?|minutes?)\s*,?\s+(?:and\s+)?$", re.IGNORECASE)


def _clock_shift_resolve(n: float, unit: str, sign: int, length: str) -> _Resolve:
    """ "an hour later", "20 minutes later": the clock time last written, shifted
    (a TIME); with no clock time before it in the text, a length."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        base = r.last_clock
        if base is None or not 0 <= c.start - base[1] <= _FAR_DAY_REACH:
            c.type = "DURATION"
            return _Val(length, True)
        minutes = n * (60 if unit == "hour" else 1) * sign
        t = base[0] + timedelta(minutes=minutes)
        c.type = "TIME"
        return _Val(t.strftime("%Y-%m-%dT%H:%M"), True, t.date())

    return f


# a week named as a comparison itself ("a week earlier"), not a point to compare
_COMPARED_WEEK_END_RE = re.compile(r"(?:earlier|ago|before|previous|prior)$", re.IGNORECASE)
_HALF_OR_QUARTER_RE = re.compile(r"^\d{4}-[HQ]\d$")


def _same_period_resolve(offset_years: int, unit: str = "period") -> _Resolve:
    """'the same period last year': the last point mentioned, a year earlier.

    A named unit keeps its own granularity when the point is a day: "the
    same week last year" is that day's ISO week a year back (not its month),
    "the same quarter" its quarter, "the same day" the day itself.
    """

    def f(r: _Resolver, c: _Cand) -> _Val:
        last = r.last_value
        if last is not None and _FISCAL_RE.match(last) and "-" in last:
            # "the first half of its business year ... the same period a year
            # earlier": that half of the fiscal year before
            return _Val(f"FY{int(last[2:6]) + offset_years:04d}{last[6:]}", True)
        if (
            unit == "period"
            and r.fiscal_quarter is not None
            and last is not None
            and _DAY_VALUE_RE.match(last)
        ):
            # "a loss in its fiscal first quarter, after a thaw between Christmas
            # and New Year's Day. In the year-earlier period": a day told inside
            # the report leaves the fiscal quarter it reports
            y, q = r.fiscal_quarter
            return _Val(f"FY{y + offset_years:04d}-Q{q}", True)
        if unit == "period" and last is not None and _HALF_OR_QUARTER_RE.match(last):
            # "rose in the first half of 1993 ... 612,000 tonnes in the six months
            # to June 30, against 523,000 in the same period of 1992": the half
            return _Val(f"{int(last[:4]) + offset_years:04d}{last[4:]}", True)
        if (
            unit == "week"
            and last is not None
            and _WEEK_ONLY_RE.match(last)
            and r.last_value_end >= r.sentence(c.start)[0]
            and not _COMPARED_WEEK_END_RE.search(
                r.text, max(0, r.last_value_end - 12), r.last_value_end
            )
        ):
            # "paid C$2.05 a pound last week, down from C$2.30 in the same week a
            # year earlier": the week the sentence just named
            return _Val(f"{int(last[:4]) + offset_years:04d}{last[4:]}", True)
        v = r.anchor_value
        if unit == "week" and v is not None and not re.match(r"^\d{4}-\d\d-", v):
            # "at this week's auction ... in October ... 64 rupees a week earlier
            # and 72 in the same week last year": a week's comparison is with the
            # week the story reports, not the month or the week before it
            if r.first_week is not None:
                return _Val(f"{int(r.first_week[:4]) + offset_years:04d}{r.first_week[4:]}", True)
            if r.dct is not None:
                v = r.dct.isoformat()
        if v is None or not re.match(r"^\d{4}", v):
            return _Val(None, False)
        y = int(v[:4]) + offset_years
        rest = v[4:]
        if dm := re.match(r"^-(\d\d)-(\d\d)", rest):  # a day
            month, day = int(dm[1]), int(dm[2])
            if unit == "week":
                year, week, _ = date(int(v[:4]), month, day).isocalendar()
                return _Val(f"{year + offset_years:04d}-W{week:02d}", True)
            quarter_end = (month, day) in ((3, 31), (6, 30), (9, 30), (12, 31))
            if unit == "quarter" or (
                unit == "period"
                and quarter_end
                and "quarter" in r.text[max(0, c.start - 300) : c.start].lower()
            ):
                # "the quarter, which ended Sept. 30 ... the year-ago period": the
                # period is the quarter that day closed
                return _Val(f"{y:04d}-Q{(month - 1) // 3 + 1}", True)
            if unit == "day" and _valid_day(y, month, day):
                return _day_val(date(y, month, day))
            rest = rest[:3]  # keep the month
        return _Val(f"{y:04d}{rest}", True)

    return f


def _time_resolve(hh: int, mm: int, zone: str) -> _Resolve:
    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.anchor_day
        far = r.far_day
        if far is not None and far[1] >= r.sentence(c.start)[0] and far[1] <= c.start:
            # "Next year's race, on Oct. 25, will add a half marathon starting at 8
            # a.m.": a day far from publication named earlier in the clock's sentence
            day = far[0]
        clock = f"T{hh:02d}:{mm:02d}{zone}"
        if day is None:
            return _Val("XXXX-XX-XX" + clock, False)
        if not r.clock_day_named:
            # "OPEC meets on Nov. 27. By 1430 GMT, Brent was up": a clock in a
            # past clause is not on a day still ahead
            day = r.unless_ahead_in_past(c, day)
        return _Val(day.isoformat() + clock, True, day)

    return f


# --------------------------------------------------------------------------
# Scanner: patterns and handlers
# --------------------------------------------------------------------------


# how the text writes its dates in words: "3 September" / "1st April" or "September 3"
_STYLE_CHARS = 20_000
_DAY_MONTH_STYLE_RE = re.compile(
    rf"\b(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON_FULL}"
)
_MONTH_DAY_STYLE_RE = re.compile(rf"{_MON_ANY}\s+(?:3[01]|[12]\d|0?[1-9])\b(?!\s*%)")


_SIX_MONTHS_TO_RE = re.compile(
    rf"\b(?:six|6)\s+months\s+(?:to|ended|ending|through)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:\d{{1,2}}\s+(?P<m1>{_MON_ANY})|(?P<m2>{_MON_ANY})(?:\s*\d{{1,2}})?)"
)
_FIRST_HALF_WORD_RE = re.compile(r"\b(?:first[-\s]half|interim|half-year)\b", re.IGNORECASE)


def _read_fiscal_half(text: str, dct: date | None) -> tuple[int, int] | None:
    """See :meth:`_Scan.fiscal_half`. Only a first half is read: a report of
    the six months to December with "first-half" is of a year to June; one
    to June or of a second half is left as the calendar's."""
    m = _SIX_MONTHS_TO_RE.search(text)
    if m is None or dct is None or not _FIRST_HALF_WORD_RE.search(text):
        return None
    month = _month_num(m["m1"] or m["m2"])
    if month == 6:
        return None  # a first half to June: the calendar's
    y = dct.year if month <= dct.month else dct.year - 1  # the latest such month
    return (_fiscal_year_of(2, month, y), 1)  # a first half ends with the second quarter


def _fiscal_year_of(q: int, month: int, year: int) -> int:
    """The fiscal year whose quarter ``q`` ends in ``month`` of ``year``, named
    (as TIDES's FY values and most companies) by the calendar year it ends in:
    a fourth quarter to January 2018 is of FY2018, a second quarter to
    December 2013 (a year to June) of FY2014."""
    return year + (month - 1 + 3 * (4 - q)) // 12


_QUOTE_CHARS = 1500
_QUOTE_SPAN_RE = re.compile(rf'"[^"\n]{{1,{_QUOTE_CHARS}}}"|“[^”“\n]{{1,{_QUOTE_CHARS}}}”')


class _Scan:
    """Text access helpers for handlers (previous/next word, capitalisation)."""

    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        self._day_first: bool | None = None
        self._quotes: list[tuple[int, int]] | None = None
        self._fiscal_half: tuple[tuple[int, int] | None] | None = None
        self._named_fiscal: list[tuple[int, int]] | None = None
        self._country: str | None = None
        self._named_country: dict[str, str | None] = {}
        self._mentions: dict[str, bool] = {}
        self._half_words_at: int | None = None
        self._canadian: bool | None = None
        self._fiscal_named_ended: tuple[re.Match[str] | None] | None = None
        self._fiscal_ended: tuple[re.Match[str] | None] | None = None
        self._eid_named: tuple[re.Match[str] | None] | None = None
        # the start of a month-day range, by where its end's month is written
        self.range_starts: dict[int, _Cand] = {}

    def day_first(self) -> bool:
        """Whether the text writes the day before the month ("3 September",
        "1st April") more often than after it ("September 3"): then "03/09/2013"
        is 3 September, as the paper writes it. Counted once, over the first
        ``_STYLE_CHARS`` characters."""
        if self._day_first is None:
            head = self.text[:_STYLE_CHARS]
            dm = len(_DAY_MONTH_STYLE_RE.findall(head))
            md = len(_MONTH_DAY_STYLE_RE.findall(head))
            self._day_first = dm > md
        return self._day_first

    def fiscal_half(self) -> tuple[int, int] | None:
        """A report of a half of a fiscal year that is not the calendar's: the
        fiscal year (named by the calendar year it ends in) and the half
        reported, from "the six months to 31 December" with "first-half" or
        "interim" (a year to June: ``(2019, 1)`` in February 2019). Read once,
        over the first ``_STYLE_CHARS`` characters."""
        if self._fiscal_half is None:
            self._fiscal_half = (_read_fiscal_half(self.text[:_STYLE_CHARS], self.dct),)
        return self._fiscal_half[0]

    def fiscal_half_told_after(self, pos: int) -> bool:
        """Whether the words that make a report one of a fiscal half ("the six
        months to 31 December", "first-half", "interim") all come after ``pos``:
        "net income in the first quarter rose ... Tammer said earnings for its
        fiscal first half, the six months ended Feb. 28" is another company's
        calendar quarter."""
        if self._half_words_at is None:
            found = [
                h.start()
                for h in (
                    _SIX_MONTHS_TO_RE.search(self.text, 0, _STYLE_CHARS),
                    _FIRST_HALF_WORD_RE.search(self.text, 0, _STYLE_CHARS),
                )
                if h is not None
            ]
            self._half_words_at = min(found, default=len(self.text))  # read once
        return self._half_words_at >= pos

    def story_country(self) -> str:
        """The country whose Independence Day a story means (a group name of
        ``_INDEPENDENCE_RE``, "c1001"): the one it names most, at least twice
        and more often than the United States ("a Mexican band" at a Boston
        parade is not enough); else the American one. Read once, over the first
        ``_STYLE_CHARS`` characters."""
        if self._country is None:
            found = _INDEPENDENCE_RE.finditer(self.text, 0, _STYLE_CHARS)
            counts = Counter(h.lastgroup for h in found)
            top = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "c0704"), default=None)
            self._country = top[0] if top is not None and top[0] and top[1] >= 2 else "c0704"
        return self._country

    def named_country(self, table: re.Pattern[str]) -> str | None:
        """The country whose National, Republic or Constitution Day a story
        means (a group name of ``table``, ``_NATIONAL_DAY_RE``,
        ``_REPUBLIC_DAY_RE`` or ``_CONSTITUTION_DAY_RE``: "n1202"):
        the one it names most; None when it names none. Read once per table,
        over the first ``_STYLE_CHARS`` characters."""
        if table.pattern not in self._named_country:
            found = table.finditer(self.text, 0, _STYLE_CHARS)
            counts = Counter(h.lastgroup for h in found)
            top = max(counts.items(), key=lambda kv: kv[1], default=None)
            self._named_country[table.pattern] = top[0] if top is not None else None
        return self._named_country[table.pattern]

    def mentions(self, names: re.Pattern[str]) -> bool:
        """Whether the story names any of ``names`` in its first ``_STYLE_CHARS``
        characters (South Africa for its Youth Day, Japan or Korea for their
        Children's Day). Read once per pattern."""
        hit = self._mentions.get(names.pattern)
        if hit is None:
            hit = names.search(self.text, 0, _STYLE_CHARS) is not None
            self._mentions[names.pattern] = hit
        return hit

    def canadian(self) -> bool:
        """Whether the story is told from Canada: it names Canada, Canadians or a
        province or city of theirs at least twice, and more often than the
        United States, so that its Thanksgiving is the second Monday of October.
        Read once, over the first ``_STYLE_CHARS`` characters."""
        if self._canadian is None:
            ca = len(_CANADA_RE.findall(self.text, 0, _STYLE_CHARS))
            us = len(_USA_RE.findall(self.text, 0, _STYLE_CHARS))
            self._canadian = ca >= 2 and ca > us
        return self._canadian

    def eid_named(self) -> re.Match[str] | None:
        """The first Eid the text names in full ("Eid al-Fitr"), which a bare
        "Eid" means. Read once, over the first ``_STYLE_CHARS`` characters."""
        if self._eid_named is None:
            self._eid_named = (_EID_NAMED_RE.search(self.text, 0, _STYLE_CHARS),)
        return self._eid_named[0]

    def fiscal_year_ended(self) -> re.Match[str] | None:
        """The first "fiscal year that ended on June 30" the text tells of (its
        month, day and year groups), which names the report's fiscal year. Read
        once, over the first ``_STYLE_CHARS`` characters."""
        if self._fiscal_ended is None:
            self._fiscal_ended = (_FISCAL_YEAR_ENDED_RE.search(self.text, 0, _STYLE_CHARS),)
        return self._fiscal_ended[0]

    def fiscal_named_ended(self) -> re.Match[str] | None:
        """The first fiscal year the text names by its number with the day it
        ended ("fiscal 1986, which ended June 30": ``_FISCAL_NAMED_ENDED_RE``).
        Read once, over the first ``_STYLE_CHARS`` characters."""
        if self._fiscal_named_ended is None:
            found = _FISCAL_NAMED_ENDED_RE.search(self.text, 0, _STYLE_CHARS)
            self._fiscal_named_ended = (found,)
        return self._fiscal_named_ended[0]

    def named_fiscal_year_between(self, lo: int, hi: int) -> bool:
        """Whether the text names a fiscal year by its number between two offsets."""
        self.named_fiscal_year()
        return any(lo <= at < hi for at, _ in self._named_fiscal or [])

    def named_fiscal_year(self, before: int | None = None) -> int | None:
        """The first fiscal year the text names with its number ("fiscal 1999",
        "FY2014"); with ``before``, the latest one named before that offset (if
        any), which a bare "the fiscal year" of the same report is: "For all of
        fiscal 2008 ... in fiscal 2009 ... the second half of the fiscal year" is
        2009's, "expects fiscal 2014 revenue ... took in $3.86 billion in fiscal
        2013 ... the second half of the fiscal year" 2014's. Read once, over the
        first ``_STYLE_CHARS`` characters."""
        if self._named_fiscal is None:
            named: list[tuple[int, int]] = []
            for m in _NAMED_FISCAL_RE.finditer(self.text, 0, _STYLE_CHARS):
                y = int(m["year"])
                if _FISCAL_SPLIT_NEXT_RE.match(self.text, m.end(), m.end() + 3):
                    tail = self.text[m.end() + 1 : m.end() + 3]
                    y += tail == f"{(y + 1) % 100:02d}"  # "fiscal 2014-15" ends in 2015
                named.append((m.start(), y))
            self._named_fiscal = named
        if not self._named_fiscal:
            return None
        if before is not None:
            earlier = [y for at, y in self._named_fiscal if at < before]
            if earlier:
                return max(earlier)
        return self._named_fiscal[0][1]

    def quote_at(self, pos: int) -> tuple[int, int] | None:
        """The double-quoted passage (open and close quote) holding ``pos``,
        if any. Found once per text, in one regex pass; a passage is at most
        ``_QUOTE_CHARS`` long and never crosses a line."""
        if self._quotes is None:
            self._quotes = [(q.start(), q.end() - 1) for q in _QUOTE_SPAN_RE.finditer(self.text)]
        i = bisect.bisect_right(self._quotes, (pos, len(self.text))) - 1
        if i >= 0 and self._quotes[i][0] < pos < self._quotes[i][1]:
            return self._quotes[i]
        return None

    def prev_word(self, pos: int, window: int = 40) -> str:
        m = _PREV_WORD_RE.search(self.text, max(0, pos - window), pos)
        return m.group(1).lower() if m else ""

    def next_word(self, pos: int) -> str:
        return _next_word_at(self.text, pos)

    def at_sentence_start(self, pos: int) -> bool:
        before = self.text[max(0, pos - 4) : pos].rstrip(" \t\"“'‘(`")
        return not before or before[-1] in ".!?\n:"


_Handler = Callable[[re.Match[str], _Scan], Iterator[_Cand]]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A pattern, its handler and an optional cheap trigger.

    Patterns that open with optional words ("about", "the past", a weekday)
    cannot be prefix-scanned by ``re``: trying them at every character costs
    about a millisecond per article each. Those get a trigger, the keyword
    every match must contain (a unit, a month name...), found by a fast
    case-sensitive scan; the full pattern is then tried only at the starts of
    the few words just before each hit.
    """

    regex: re.Pattern[str]
    handler: _Handler
    trigger: re.Pattern[str] | None
    trigger_on_lower: bool  # the trigger is lower-case and scans the lower-cased text
    back_words: int  # how many words before a trigger a match may start
    mid_word: bool  # the trigger may start inside a word ("ly" of "daily")


_PATTERNS: list[_Pattern] = []
_BACK_CHARS = 90  # longest optional prefix before a trigger ("approximately twenty-five ...")
_FWD_CHARS = 110  # longest match after a trigger, plus room for lookaheads
_WORD_START_RE = re.compile(r"[\w'’$]+")
# ASCII-only lower-casing keeps every offset (str.lower() may change lengths)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _pattern(
    regex: str,
    trigger: str | None = None,
    back_words: int = 8,
    mid_word: bool = False,
) -> Callable[[_Handler], _Handler]:
    compiled = _rx(regex)
    trig: re.Pattern[str] | None = None
    on_lower = False
    if trigger is not None:
        if trigger.startswith("(?-i:"):
            trig = re.compile(_no_newline(trigger[5:-1]))
        else:
            trig, on_lower = re.compile(_no_newline(trigger)), True

    def register(fn: _Handler) -> _Handler:
        _PATTERNS.append(_Pattern(compiled, fn, trig, on_lower, back_words, mid_word))
        return fn

    return register


class _Words:
    """Where the words of a text start and end, found once per text: each trigger
    hit then takes the starts just before it by bisection, instead of a scan."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for w in _WORD_START_RE.finditer(text):
            self.starts.append(w.start())
            self.ends.append(w.end())

    def before(self, lo: int, hi: int, count: int) -> list[int]:
        """The last ``count`` word starts in ``[lo, hi)``, as a scan of that window
        finds them: a word cut by ``lo`` starts at ``lo``."""
        i = bisect.bisect_left(self.starts, lo)
        j = bisect.bisect_left(self.starts, hi)
        if j - i >= count:
            return self.starts[j - count : j]
        words = self.starts[i:j]
        if i > 0 and self.ends[i - 1] > lo and lo < hi:
            words = [lo, *words][-count:]
        return words


def _matches(p: _Pattern, text: str, lower: str, words: _Words) -> Iterator[re.Match[str]]:
    """The matches of a pattern that contain a trigger hit (all matches without a trigger)."""
    if p.trigger is None:
        yield from p.regex.finditer(text)
        return
    seen_end = -1
    back = p.back_words
    for n, t in enumerate(p.trigger.finditer(lower if p.trigger_on_lower else text)):
        if n >= MAX_TRIGGERS_PER_PATTERN:
            logger.warning("more than %d %s triggers: the rest is skipped", n, p.handler.__name__)
            return
        ts = t.start()
        if ts < seen_end:
            continue  # inside the previous match
        if not p.mid_word and ts > 0 and text[ts - 1].isalpha():
            continue  # "day" inside "Monday": triggers have no leading \b (it slows re down)
        hi = min(len(text), t.end() + _FWD_CHARS)
        starts: list[int] = []
        for pos in words.before(max(0, ts - _BACK_CHARS), ts, back) if back else ():
            starts.append(pos)
            if text[pos] in "'’":
                starts.append(pos + 1)  # "'A year ago I was sure,' he said": after the quote
        starts.append(ts)
        for pos in starts:  # earliest start first: the longest match wins
            if pos < seen_end:
                continue
            m = p.regex.match(text, pos, hi)
            if m and m.end() > ts:
                seen_end = m.end()
                yield m
                break


def _g(m: re.Match[str], name: str) -> str:
    v = m.groupdict().get(name)
    return v or ""


def _blocker(m: re.Match[str]) -> _Cand:
    return _Cand(m.start(), m.end(), "DATE", _const(None, False), rank=100, blocker=True)


@_pattern(
    r"(?<![\w.-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?![\w-])",
    trigger=r"\d{4}-\d\d-\d\d",
)
def _h_iso(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    y, mo, d = int(m["year"]), int(m["mon"]), int(m["day"])
    if not _valid_day(y, mo, d):
        yield _blocker(m)
        return
    if m["hh"] and int(m["hh"]) < 24 and int(m["mm"]) < 60:
        tz = m["tz"] or ""
        tz = "Z" if tz in ("Z", "+00:00", "+0000", "-00:00") else tz
        v = f"{y:04d}-{mo:02d}-{d:02d}T{m['hh']}:{m['mm']}{tz}"
        dd = date(y, mo, d)
        yield _Cand(m.start(), m.end(), "TIME", lambda r, c: _Val(v, True, dd), rank=10)
        return
    dd = date(y, mo, d)
    yield _Cand(
        m.start(), m.end(), "DATE", lambda r, c: _day_val(dd), rank=10, kind="day", explicit=True
    )


@_pattern(
    r"(?<![\w/.,-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/]|[.,]\d)",
    trigger=r"\d[/.]\d{1,2}[/.]\d",
)
def _h_numeric(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    a, b = int(m["a"]), int(m["b"])
    if m["sep"] == "." and len(m["y"]) == 2:
        return  # "1.16.55" is more likely a number than a date
    y = int(m["y"]) if len(m["y"]) == 4 else _year_from_2digits(int(m["y"]), s.dct)
    # English news: month/day (US) unless the first number cannot be a month, or
    # the text writes its other dates day first ("12 March")
    month_first = m["sep"] == "/" and a <= 12 and not (b <= 12 and s.day_first())
    mo, d = (a, b) if month_first else (b, a)
    if not _valid_day(y, mo, d):
        yield _blocker(m)
        return
    dd = date(y, mo, d)
    yield _Cand(
        m.start(), m.end(), "DATE", lambda r, c: _day_val(dd), rank=5, kind="day", explicit=True
    )


_PART_OF_BEFORE_RE = _rx(
    r"(?:\bthe\s+(?:(?:early|late)\s+)?(?P<part>morning|afternoon|evening|night)\s+of|"
    r"\bthe\s+(?:early|small|wee)\s+(?P<hours>hours)\s+of|"
    r"\b(?:the\s+)?(?:(?:early|late)\s+|mid[-‐]?)?(?P<part2>morning|afternoon|evening)\s+on)\s+$"
)


def _part_of(cand: _Cand, s: _Scan) -> _Cand:
    """ "the morning of June 4": TimeML marks one TIME, the day with its part (2025-06-04TMO)."""
    if cand.kind != "day" or cand.blocker:
        return cand
    pm = _PART_OF_BEFORE_RE.search(s.text, max(0, cand.start - 25), cand.start)
    if pm is None:
        return cand
    inner = cand.resolve
    # "the early hours of Sunday" are its first hours: TIMEX3's morning (TMO)
    part = "TMO" if pm["hours"] else "T" + _PARTS_OF_DAY[(pm["part"] or pm["part2"]).lower()]

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = inner(r, c)
        if v.value and len(v.value) == 10 and v.resolved:
            return _Val(v.value + part, True, v.day)
        return v

    return _Cand(pm.start(), cand.end, "TIME", f, cand.rank, kind="day", explicit=cand.explicit)


def _emit_date(
    m: re.Match[str], s: _Scan, month: int, day: int | None, year_s: str, rank: int
) -> Iterator[_Cand]:
    for cand in _emit_date_plain(m, s, month, day, year_s, rank):
        cand = _part_of(cand, s)
        yield cand
        if day is not None and not cand.blocker and cand.type == "DATE":
            yield from _second_day(cand, s)


# "talks on May 20 and 21", "June 12-13", "from June 3 to 5": the bare day after a
# date is a date of its own in the same month (TIDES marks each end), unless a
# noun follows it ("on May 20 and 21 people died" counts people).
_SECOND_DAY_RE = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![-–:.]\d|\s*%|\s*,?\s*\d{4})"
    r"(?=\s*(?:[,.;:)]|$|(?:in|at|on|for|when|before|after|and|to|with|while)\b))",
    re.IGNORECASE,
)


# "the March 8-9 election": a day range written tight is two days whatever follows
_TIGHT_SECOND_DAY_RE = re.compile(r"[-–](?P<d>[0-3]?\d)\b(?![-–:.]\d|\s*%|\s*,?\s*\d{4})")


def _second_day(first: _Cand, s: _Scan) -> Iterator[_Cand]:
    sm = _SECOND_DAY_RE.match(s.text, first.end) or _TIGHT_SECOND_DAY_RE.match(s.text, first.end)
    if sm is None:
        return
    d2 = int(sm["d"])
    inner = first.resolve

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = inner(r, first)
        if v.day is None or not v.resolved or not 1 <= d2 <= 31 or d2 <= v.day.day:
            return _Val(None, False)
        try:
            return _day_val(v.day.replace(day=d2))
        except ValueError:
            return _Val(None, False)

    yield _Cand(sm.start("d"), sm.end("d"), "DATE", f, rank=first.rank, kind="day")


def _emit_date_plain(
    m: re.Match[str], s: _Scan, month: int, day: int | None, year_s: str, rank: int
) -> Iterator[_Cand]:
    if year_s:
        y = _parse_year(year_s, s.dct)
        if day is None:
            v = f"{y:04d}-{month:02d}"
            yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=rank, explicit=True)
            return
        if not _valid_day(y, month, day):
            yield _blocker(m)
            return
        dd = date(y, month, day)
        yield _Cand(
            m.start(),
            m.end(),
            "DATE",
            lambda r, c: _day_val(dd),
            rank=rank,
            kind="day",
            explicit=True,
        )
        return
    if day is not None and not _valid_day(2000, month, day):  # 2000 is a leap year
        yield _blocker(m)
        return
    kind = "day" if day is not None else ""
    if (month, day) == (9, 11) and _NINE_ELEVEN_AFTER_RE.match(s.text, m.end()):
        nine_eleven = date(2001, 9, 11)
        yield _Cand(
            m.start(), m.end(), "DATE", lambda r, c: _day_val(nine_eleven), rank=rank, kind=kind
        )
        return
    wd_s = _g(m, "wd")
    wd = _WEEKDAYS[wd_s.lower()] if wd_s and day is not None else None
    resolve = _month_resolve(month, "", day, wd=wd)
    yield _Cand(m.start(), m.end(), "DATE", resolve, rank=rank, kind=kind)


def _month_num(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


@_pattern(
    rf"(?:(?P<wd>{_WD})\s*,?\s*)?(?P<mon>{_MON_ANY})\s*{_DAYNUM}"
    rf"(?:(?:\s*,\s*|\s+)(?:of\s+)?{_YEAR}(?!\w))?",
    trigger=_MON_TRIGGER,
    back_words=3,
)
def _h_month_day(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    ry = _RANGE_YEAR_RE.match(s.text, m.end()) if m["year"] is None else None
    if ry is not None and int(ry["day"]) > int(m["day"]):
        # "June 3-5, 2014": the year written after the range is the first day's too
        yield from _emit_date(m, s, _month_num(m["mon"]), int(m["day"]), ry["year"], 8)
        sub = _DAY_YEAR_RE.match(s.text, ry.start("day"), ry.end())
        assert sub is not None
        yield from _emit_date(sub, s, _month_num(m["mon"]), int(ry["day"]), ry["year"], 8)
        return
    md_range = _MD_RANGE_YEAR_RE.match(s.text, m.end()) if m["year"] is None else None
    if md_range is not None and not _g(m, "wd"):
        # "made between March 1 and June 30, 2011": the year written at the
        # range's end is its first day's too (or the year before, across New Year)
        mon, day = _month_num(m["mon"]), int(m["day"])
        last = (_month_num(md_range["mon"]), int(md_range["d2"]))
        y = int(md_range["year"]) - (last < (mon, day))
        yield from _emit_date(m, s, mon, day, str(y), 8)
        return
    end_md = _MD_RANGE_END_RE.match(s.text, m.end()) if m["year"] is None else None
    range_start = s.range_starts.get(m.start("mon")) if m["year"] is None else None
    for cand in _emit_date(m, s, _month_num(m["mon"]), int(m["day"]), _g(m, "year"), 8):
        if end_md is not None and cand.start == m.start() and not cand.blocker:
            # "a season that runs from June 1 to Nov. 30", told in September: the
            # start is not after the end
            cand.resolve = _range_start_resolve(
                cand.resolve, _month_num(end_md["mon"]), int(end_md["d2"])
            )
            s.range_starts[end_md.start("mon")] = cand
        if range_start is not None and cand.start == m.start() and not cand.blocker:
            # "sell-by dates from Sept. 28 through Oct. 24", told on Sept. 19 in
            # the past tense: the end is the first Oct. 24 after the start
            cand.resolve = _range_end_resolve(cand.resolve, range_start)
        yield cand
    if m["year"] is None:
        # "June 12-13", "June 12 to 14": TIDES marks each end of a day range
        end = _RANGE_END_RE.match(s.text, m.end(), min(len(s.text), m.end() + 24))
        if end is not None and int(end["day2"]) > int(m["day"]):
            sub = _RANGE_DAY_RE.match(s.text, end.start("day2"), end.end("day2"))
            assert sub is not None
            yield from _emit_date(sub, s, _month_num(m["mon"]), int(end["day2"]), "", 8)


# "June 3-5, 2014": a day range with its year after the second day
_RANGE_YEAR_RE = re.compile(
    r"[ \t]*[-–][ \t]*(?P<day>[0-3]?\d)\b,?[ \t]+(?P<year>1\d{3}|20\d{2})(?![\d%])(?![.,]\d)"
)
_DAY_YEAR_RE = re.compile(r"(?P<day>[0-3]?\d),?[ \t]+(?P<year>\d{4})")
# "March 1 and June 30, 2011", "Aug. 15 through Feb. 28, 2011": a range of two
# month-days whose year is written once, at its end
_MD_RANGE_YEAR_RE = _rx(
    rf"[ \t]*,?[ \t]*(?:and|to|through|until|till|-|–)[ \t]*(?P<mon>{_MON_ANY})[ \t]*"
    r"(?P<d2>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?,?[ \t]+(?P<year>1[89]\d\d|20\d\d)"
    r"(?![\d%])(?![.,]\d)"
)
# "to Nov. 30", "through Feb. 2": the end of a month-day range, with no year after it
_MD_RANGE_END_RE = _rx(
    rf"[ \t]*(?:to|through|until|till|-|–)[ \t]*(?P<mon>{_MON_ANY})[ \t]*"
    r"(?P<d2>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?(?![ \t]*,?[ \t]*(?:1[89]|20)\d\d)"
)


def _range_end_resolve(inner: _Resolve, start: _Cand) -> _Resolve:
    """The end of "from Sept. 28 through Oct. 24": within the year after its start."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = inner(r, c)
        first = start.resolve(r, start).day
        if v.day is None or first is None:
            return v
        d = v.day
        with contextlib.suppress(ValueError):  # (Feb. 29)
            if d < first:
                d = d.replace(year=d.year + 1)
            elif (d - first).days > 366:
                d = d.replace(year=d.year - 1)
        return _day_val(d) if first <= d and (d - first).days <= 366 else v

    return f


def _range_start_resolve(inner: _Resolve, month: int, day: int) -> _Resolve:
    """The start of "from June 1 to Nov. 30": as resolved, or a year earlier when
    that would put it after the range's end (each end read on its own)."""
    end_resolve = _month_resolve(month, "", day)

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = inner(r, c)
        if v.day is None:
            return v
        e = end_resolve(r, c).day
        if e is None or v.day <= e or (v.day - e).days > 366:
            return v
        if r.dct is not None and abs((v.day - r.dct).days) <= 14:
            # "use-by dates from Sept. 27 through Oct. 20", told on Sept. 19: a
            # start within two weeks of publication is that day (the end follows)
            return v
        with contextlib.suppress(ValueError):  # (Feb. 29)
            return _day_val(v.day.replace(year=v.day.year - 1))
        return v

    return f


# the second day of a range after "June 12": "-13", " to 14"; not a count or a score
_RANGE_END_RE = re.compile(
    r"[ \t]*(?:[-–]|to[ \t])[ \t]*(?P<day2>\d{1,2})\b(?![-–.,:]?\d)"
    r"(?![ \t]*(?:%|percent|per|days?|weeks?|months?|years?|hours?|minutes?|[A-Za-z]{3}))"
)
# the first day of a range before "11 June": "9 to ", "3-"; not after a digit or sign
_RANGE_START_RE = re.compile(r"(?<![\d.,:$£€%+-])\b(?P<day1>\d{1,2})[ \t]*(?:[-–]|[ \t]to)[ \t]*$")
_RANGE_DAY_RE = re.compile(r"(?P<day>\d{1,2})")


@_pattern(
    rf"(?:(?P<wd>{_WD})\s*,?\s*)?(?:the\s+)?{_DAYNUM}(?:\s+of)?\s+(?P<mon>{_MON_ANY})"
    rf"(?:(?:\s*,\s*|\s+){_YEAR}(?!\w))?",
    trigger=_MON_TRIGGER,
    back_words=3,
)
def _h_day_month(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if m["wd"] is None and m.start() == m.start("day"):
        # "12 to 14 June", "3-5 May": the first day of the range, its own date
        lo = max(0, m.start() - 12)
        first = _RANGE_START_RE.search(s.text, lo, m.start())
        if first is not None and int(first["day1"]) < int(m["day"]):
            sub = _RANGE_DAY_RE.match(s.text, first.start("day1"), first.end("day1"))
            assert sub is not None
            yield from _emit_date(
                sub, s, _month_num(m["mon"]), int(first["day1"]), _g(m, "year"), 7
            )
    yield from _emit_date(m, s, _month_num(m["mon"]), int(m["day"]), _g(m, "year"), 7)


@_pattern(
    rf"(?P<mon>{_MON_ANY})(?:\s+of)?\s*,?\s+{_YEAR}(?!\w)",
    trigger=_MON_TRIGGER,
    back_words=0,
)
def _h_month_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    yield from _emit_date(m, s, _month_num(m["mon"]), None, m["year"], 6)


# the year after a month, as :func:`_h_month_year` reads it
_YEAR_AFTER_MONTH_RE = re.compile(rf"(?:\s+of)?\s*,?\s+{_YEAR}(?!\w)")
_OF_REL_YEAR_RE = _rx(
    r"\s+(?:of\s+)?(?P<rel>this|last|next|the\s+previous|the\s+following)\s+year\b"
)
# "the launch had been set for August", "postponed for March": a plan's month
_SET_FOR_BEFORE_RE = re.compile(
    r"\b(?:set|scheduled|planned|slated|due|booked|postponed|delayed|earmarked|penciled|"
    r"pencilled|timetabled)\s+for\s+$",
    re.IGNORECASE,
)
# "since at least March", "as early as May", "no later than August": a bound
# set between the preposition and the month
_BOUND_BEFORE_RE = re.compile(
    r"\b(?:(?:since|until|till|by|from|before)\s+at\s+least|as\s+(?:early|late|soon|recently)\s+as|"
    r"no\s+(?:later|earlier|sooner)\s+than)\s+$",
    re.IGNORECASE,
)
# "helped by a warm May", "after a wet March": an article (and an adjective)
# before a capitalised month make it a noun, no modal or verb
# ("after a hot, dry August": adjectives, a comma between them)
_ARTICLE_BEFORE_RE = re.compile(r"\b[Aa]n?\s+(?:[a-z]+,\s+)?(?:[a-z]+\s+)?$")
_NAME_AFTER_RE = re.compile(r"[ \t]+[A-Z]")
_NEXT_LOWER_RE = re.compile(r"[ \t]+[a-z]")
# a capitalised word just before, not a sentence's first word ("In March's vote")
_NAME_BEFORE_RE = re.compile(
    r"(?<![.!?\n]\s)\b(?!(?:In|On|At|By|Since|Until|For|From|During|After|Before|Last|This|"
    r"Next|Through)\b)[A-Z][a-z]+[ \t]+$"
)
_MONTH_CONTEXT = _words(
    "in since until till by from to of during before after early late mid last next this "
    "through between and or end start beginning middle throughout its their our"
)


# "past" as a month's or weekday's modifier only after "the" or "this" ("this
# past January"); else it is the preposition: "if this goes on past January"
_PAST_MOD = r"(?:(?<=\bthe\s)|(?<=\bthis\s))past"


# verbs of forecasting whose object a capitalised "March" or "August" is
_MONTH_OBJECT_VERBS = _words(
    "expects expect expected sees saw forecasts forecast predicts predicted"
)


@_pattern(
    rf"(?:(?P<pre>earlier|later|early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|"
    rf"the\s+middle\s+of)[-\s]+)?(?:(?P<mod>last|next|this|coming|{_PAST_MOD}|previous)\s+)?"
    rf"(?P<mon>{_MON_FULL})\b(?![-‐](?!{_MON_FULL}\b)\w)",
    trigger=_MON_TRIGGER,
    back_words=3,
)
def _h_month(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A month without a day ("in October"); also each end of "March-April"."""
    name = m["mon"].lower()
    bare = not (m["mod"] or m["pre"])
    if m["pre"] and not m["mod"] and _YEAR_AFTER_MONTH_RE.match(s.text, m.end()):
        # "at the end of September 2015", "early September 2015": the month with
        # its year (:func:`_h_month_year`), widened over the modifier later
        return
    delivery = bare and s.next_word(m.end()) in _DELIVERY_NOUNS and m["mon"][:1].isupper()
    if (
        bare
        and name in ("may", "march", "august")
        and s.prev_word(m.start()) not in _MONTH_CONTEXT
        and not _SET_FOR_BEFORE_RE.search(s.text, max(0, m.start() - 30), m.start())
        and not (
            m["mon"][:1].isupper()
            and _BOUND_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start())
        )
        and not delivery
        and not (
            m["mon"][:1].isupper()
            and _ARTICLE_BEFORE_RE.search(s.text, max(0, m.start() - 20), m.start())
        )
        and not (m["mon"][:1].isupper() and _reported_month(s.text, m.start(), m.end()))
        and not (
            # "missed March's tournament": a possessive month before a noun (not
            # "May's", which is as often a name's)
            name != "may"
            and m["mon"][:1].isupper()
            and s.text[m.end() : m.end() + 2] in ("'s", "’s")
            and _NEXT_LOWER_RE.match(s.text, m.end() + 2) is not None
            and not _NAME_BEFORE_RE.search(s.text, max(0, m.start() - 24), m.start())
        )  # (but "Fredric March's films": a surname)
        and not (
            # "would not be paid for August": after "for", "August" and "March"
            # are no adjective or verb; but a capitalised word after them makes
            # a name ("written for August Wilson"), and "May" after "for" is
            # one too ("little support for May in the party")
            name != "may"
            and s.prev_word(m.start()) == "for"
            and m["mon"][:1].isupper()
            and not _NAME_AFTER_RE.match(s.text, m.end())
        )
        and not (
            # "expects March to set a record": the month as a forecast's object
            name != "may"
            and m["mon"][:1].isupper()
            and s.prev_word(m.start()) in _MONTH_OBJECT_VERBS
        )
        and not (
            name != "may"
            and m["mon"][:1].isupper()
            and (
                s.next_word(m.end()) in _MONTH_SUBJECT_VERBS
                or _THAT_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start())
            )
        )
    ):
        return  # "May" the modal, "March" the verb/noun, "August" the adjective
        # (but "March was the coldest" and "that August" are the month)
        # (but "its August figures", "wait for March data" are months)
    mod = (m["mod"] or "").lower()
    if delivery:
        mod = "delivery"  # "copper for May delivery", "the March contract": ahead
    elif bare and _FIGURE_FROM_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start()):
        mod = "reported"  # "to rise to 13 percent from 10.5 percent in December": the base
    elif bare and _reported_month(s.text, m.start(), m.end()):
        mod = "reported"  # "the February inflation figures": a month that has been
    # "October of next year": the month takes its year from what follows,
    # and "next year" stays an expression of its own
    of_year = _OF_REL_YEAR_RE.match(s.text, m.end())
    if of_year and not mod:
        off = {"this": 0, "last": -1, "next": 1, "the previous": -1, "the following": 1}[
            re.sub(r"\s+", " ", of_year["rel"].lower())
        ]
        month = _MONTHS[name]

        def f(r: _Resolver, c: _Cand) -> _Val:
            if r.dct is None:
                return _Val(f"XXXX-{month:02d}", False)
            return _Val(f"{r.dct.year + off:04d}-{month:02d}", True)

        # "September last year" and "May of last year" are one DATE (every
        # fixture writer who met them marked them so, as TIDES does; MEANTIME
        # leaves "next year" its own in "October of next year")
        joined = not re.search(
            r"\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?$", s.text[max(0, m.start() - 8) : m.start()]
        )  # (not inside "10 February this year", a day's date)
        end = of_year.end() if joined else m.end()
        yield _Cand(m.start(), end, "DATE", f, rank=4 if joined else 0)
        return
    if (
        bare
        and _THAT_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start())
        # (not "said yesterday that December sales totaled": "that" opens a clause)
        and not _SAID_THAT_RE.search(s.text, max(0, m.start() - 60), m.start())
    ):
        # "left office in the fall of 2011; he resigned that December": the
        # month in the year the story is told in, not the nearest one
        yield _Cand(m.start(), m.end(), "DATE", _that_month_resolve(_MONTHS[name]))
        return
    ahead = _MONTH_RANGE_YEAR_RE.match(s.text, m.end())
    if ahead is not None and not mod and not m["pre"]:
        # "from March to June 2012": the range's first month takes the year
        # written at its end
        end_month = _MONTHS[ahead["mon"].lower()]
        if end_month != _MONTHS[name]:
            # ... or the year before it ("from November to February 2020")
            y = int(ahead["year"]) - (end_month < _MONTHS[name])
            v = f"{y:04d}-{_MONTHS[name]:02d}"
            yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=5)
            return
    if not mod and not m["pre"]:
        first = _MONTH_RANGE_START_RE.search(s.text, max(0, m.start() - 24), m.start())
        if first is not None and _MONTHS[first["mon"].lower()] != _MONTHS[name]:
            # "the outlook for December through February": the range's end is
            # the first such month after its start
            resolve = _range_end_month_resolve(_MONTHS[first["mon"].lower()], _MONTHS[name])
            yield _Cand(m.start(), m.end(), "DATE", resolve)
            return
    yield _Cand(m.start(), m.end(), "DATE", _month_resolve(_MONTHS[name], mod))


# "December through ", "November to ": the start of a month range, right before its end
_MONTH_RANGE_START_RE = _rx(rf"\b(?P<mon>{_MON_FULL})[ \t]+(?:through|to|until|till|-|–)[ \t]*$")


def _range_end_month_resolve(start_month: int, month: int) -> _Resolve:
    """The end of "December through February": the year of the start as it was
    resolved (the value just before), or the next one across New Year."""
    plain = _month_resolve(month, "")

    def f(r: _Resolver, c: _Cand) -> _Val:
        told = _MONTH_VALUE_RE.match(r.last_value or "")
        if told is None or int(told[2]) != start_month:
            return plain(r, c)
        return _Val(f"{int(told[1]) + (month < start_month):04d}-{month:02d}", True)

    return f


# the year a value lies in: "2011-FA", "2011-Q3", "2011-12-05"
_VALUE_YEAR_PREFIX_RE = re.compile(r"^(\d{4})(?![\d])")
# the base of a comparison: "from 10.5 percent in December", "from $2.1 billion in March",
# "up from 24 hours in January"
_FIGURE_FROM_BEFORE_RE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+)?[$€£]?\d[\d.,]*\s*(?:%|percent|per\s+cent|"
    r"(?:million|billion|trillion)(?:\s+\w+)?|(?-i:[a-z]+))?\s+in\s+$",
    re.IGNORECASE,
)
# "that December", "that same March"; not "said that March sales fell"
# a verb of saying and a few words before "that": the conjunction ("said
# yesterday that", "announced on Monday that")
_SAID_THAT_RE = re.compile(
    r"\b(?:said|says|announced|reported|added|noted|warned|told\s+\w+)\s+(?:[\w.,]+\s+){0,3}?"
    r"that\s+$",
    re.IGNORECASE,
)
_THAT_BEFORE_RE = re.compile(
    r"(?<!\bsaid )(?<!\bsays )(?<!\bnoted )(?<!\bthinks )(?<!\bhopes )(?<!\bbelieves )"
    r"\bthat\s+(?:same\s+)?$",
    re.IGNORECASE,
)


def _that_month_resolve(month: int) -> _Resolve:
    plain = _month_resolve(month, "")

    def f(r: _Resolver, c: _Cand) -> _Val:
        told = _VALUE_YEAR_PREFIX_RE.match(r.last_value or "")
        if told is None or r.dct is None or r.last_value == r.dct.isoformat():
            return plain(r, c)  # no year told yet: the nearest such month
        return _Val(f"{int(told[1]):04d}-{month:02d}", True)

    return f


# "March was the coldest we have seen": a month as the subject (not "May was
# elected", where May may be a name)
_MONTH_SUBJECT_VERBS = _words("was is has had saw brought began ended marked will")
# a futures month: "for May delivery", "the March contract"
_DELIVERY_NOUNS = _words("delivery contract contracts futures")
# what is measured for a month: "the February inflation figures", "January's trade data"
_MONTH_DATA_WORDS = _words(
    "inflation trade jobs retail unemployment payrolls factory industrial housing consumer "
    "producer price prices car auto export import current-account budget"
)
_DATA_FOR_RE = re.compile(
    r"\b(?:figures|data|statistics|numbers|results|readings?|reports?)\s+for\s+$", re.IGNORECASE
)


# what a month's name owns that has been: "January's sales", "February's wages"
_MONTHS_DUES = frozenset(
    ("sales", "index", "starts", "data", "wages", "salaries", "salary", "pay", "rent", "bills")
)


def _reported_month(text: str, start: int, end: int) -> bool:
    """A month whose figures are told ("the February inflation figures", "trade
    figures for January", "January's retail sales"): the month has been, whatever
    the tense of the sentence that says when they come out."""
    if text[end : end + 1] not in (" ", "\t", "'", "’", "-"):
        # "from November to March. Sales rose": the next sentence's noun is not
        # the month's
        return _DATA_FOR_RE.search(text, max(0, start - 30), start) is not None
    nxt = _next_word_at(text, end)
    if nxt == "s" and text[end : end + 1] in ("'", "’"):  # "January's": the word after
        end += 2
        nxt = _next_word_at(text, end)
        m = _NEXT_WORD_RE.search(text[end : end + 40])
        after = _next_word_at(text, end + m.end()) if m else ""
        if after in _REPORT_NOUNS or after in _MONTHS_DUES or nxt in _MONTHS_DUES:
            return True  # "October's new-home sales", "February's wages"
    if nxt in _REPORT_NOUNS:
        return True
    if nxt in _MONTH_DATA_WORDS:
        m = _NEXT_WORD_RE.search(text[end : end + 40])
        after = _next_word_at(text, end + m.end()) if m else ""
        if after in _REPORT_NOUNS or after in ("index", "sales", "deficit", "surplus", "rate"):
            return True
    return _DATA_FOR_RE.search(text, max(0, start - 30), start) is not None


_MONTH_RANGE_YEAR_RE = _rx(
    rf"\s*(?:to|until|till|through|and|-|–)\s*(?P<mon>{_MON_FULL})\s*,?\s+(?P<year>(?:1[89]|20)\d\d)\b"
)

_HALF_MONTHS = {("january", "june"): 1, ("july", "december"): 2}
_QUARTER_MONTHS = {("january", "march"): 1, ("april", "june"): 2, ("july", "september"): 3,
                   ("october", "december"): 4}  # fmt: skip


@_pattern(
    rf"\bthe\s+(?P<m1>{_MON_FULL})\s*[-–]\s*(?P<m2>{_MON_FULL})\s+(?:period|quarter)\b",
    trigger=r"quarter|period",
)
def _h_month_span_quarter(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the April-June quarter": the calendar quarter those months make up;
    "the January-June period" the half (``2007-H1``), as "the first half"."""
    span = (m["m1"].lower(), m["m2"].lower())
    q = _QUARTER_MONTHS.get(span)
    if q is not None:
        resolve = _quarter_resolve(q, "", None, None, calendar=True)
        yield _Cand(m.start(), m.end(), "DATE", resolve, rank=5)
        return
    h = _HALF_MONTHS.get(span)
    if h is not None and m.group().lower().endswith("period"):

        def f(r: _Resolver, c: _Cand) -> _Val:
            if r.dct is None:
                return _Val(f"XXXX-H{h}", False)
            return _Val(f"{r.year_for(c, (h * 6, 0), 'quarter'):04d}-H{h}", True)

        yield _Cand(m.start(), m.end(), "DATE", f, rank=5)


@_pattern(
    r"\bthe\s+(?P<pos>first|last|final)\s+(?P<n>three|six|3|6)\s+months\s+of\s+"
    r"(?:(?P<year>1[89]\d\d|20\d\d)\b(?![\d%])|(?P<rel>the|this|last|next)\s+year\b(?![-‐'’]))",
    trigger=r"months\s+of",
)
def _h_months_of_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the last three months of 2012": that year's fourth quarter; "the first
    six months of 2011" its first half (one DATE, not a length and a year); "the
    first three months of the year", "of last year": the same of the year told
    (the publication's, or the one before or after it)."""
    first = m["pos"].lower() == "first"
    part = ("Q1" if first else "Q4") if m["n"] in ("three", "3") else ("H1" if first else "H2")
    if m["year"]:
        v = f"{int(m['year']):04d}-{part}"
        yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=8, explicit=True)
        return
    shift = {"last": -1, "next": 1}.get(m["rel"].lower(), 0)

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(f"XXXX-{part}", False)
        return _Val(f"{r.dct.year + shift:04d}-{part}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=8)


_PERCENT_OR_RANGE_RE = re.compile(r"\s*(?:%|percent|per\s*cent|-\s*\d|–\s*\d)", re.I)
_YEAR_RANGE_RE = re.compile(r"\s*[-–]\s*(?:\d{2}|\d{4})\b(?!\s*%)")
_YEAR_CONTEXT = _words(
    "in since until till by from to of during before after early late mid and or the "
    "year years season class fiscal fy between through circa c. ca. spring summer autumn "
    "fall winter around"
)
_NOT_YEAR_PREV = _words(
    "$ us$ £ € # no. no number about some nearly over than only just approximately around "
    "almost up page pages flight route model version v. at"
)


_FISCAL_LIST_RE = re.compile(
    r"\b(?:fiscal(?:\s+years?)?|FY)\s*\d{4}(?:\s*,\s*\d{4})*\s*(?:,\s*)?(?:and|or|,)\s*$",
    re.IGNORECASE,
)


# "the longest strike since 1995, when walkouts ... in December": the clause tells 1995
_IN_YEAR_AFTER_RE = re.compile(r"\s+in\s+(1\d{3}|20\d{2})\b(?![\d%-])")
_REL_YEAR_AFTER_RE = re.compile(r"\s+(last|this|next)\s+year\b(?![-‐'’])", re.IGNORECASE)
_REL_YEAR_OFFSET = {"last": -1, "this": 0, "next": 1}
# "since 1995, when ...", "since 2015, after four men were lost the year before":
# the clause after tells of that year, which then anchors what follows
_WHEN_AFTER_RE = re.compile(r"\s*,\s*(?:when|after)\b", re.IGNORECASE)
# "the Sept. 11 attacks": the day of 2001 that news names by its date alone
_NINE_ELEVEN_AFTER_RE = re.compile(
    r"\s+(?:attacks?|terror(?:ist)?\s+attacks?|hijack(?:ers|ings?)|commission|memorial)\b",
    re.IGNORECASE,
)
_DESIGNATION_AFTER_RE = re.compile(r"[ \t]+[A-Z]{1,2}\d{1,3}\b")
# a game told around a "third quarter": periods of play, not of a year
_GAME_WORDS_RE = re.compile(
    r"\b(?:touchdowns?|field\s+goals?|halftime|half-time|interceptions?|quarterbacks?|"
    r"kickoff|free\s+throws?|buzzer|tip-off|three-pointers?)\b",
    re.IGNORECASE,
)
# "the Town and Country Planning Act 1990": a year that is part of a law's name
_ACT_BEFORE_RE = re.compile(r"\b(?:Acts?|Regulations)[ \t]+$")
# "highs in the 30s", "temperatures in the low 20s", "wind chills in the teens"
_TEMPERATURE_BEFORE_RE = re.compile(
    r"\b(?:temperatures?|highs?|lows?|degrees|wind\s+chills?|readings?|mercury)\b[^.;]*$",
    re.IGNORECASE,
)


@_pattern(
    r"(?<![\w$£€#@./:-])(?:(?P<y1>1\d{3}|20\d{2})(?P<sep>\s*[-–/]\s*|\s+to\s+)"
    r"(?P<y2>\d{2}|1\d{3}|20\d{2})(?![\w%/:-]|[.,]\d|\s*%)|"
    rf"(?P<pre>(?:early|late|mid)[-\s]+)?{_YEAR4}(?![\w/:-]|\.\w))",
    trigger=r"\d{4}",
    back_words=1,
)
def _h_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if m["y1"]:
        yield from _year_range(m, s)
        return
    y = int(m["year"])
    prev = s.prev_word(m.start())
    nxt_text = s.text[m.end() : m.end() + 30]
    if _ACT_BEFORE_RE.search(s.text, max(0, m.start() - 8), m.start()):
        return  # "the Town and Country Planning Act 1990": part of a law's name
    # "an 1890 agreement": "an" before a number said "eighteen-..." or "eleven-..."
    # reads it as a year
    strong = (
        bool(m["pre"]) or prev in _YEAR_CONTEXT or (prev == "an" and m.group()[:2] in ("18", "11"))
    )
    # "Most shippers passed over 1992, when rain fell during picking": a year
    when_after = 1000 <= y <= 2099 and _WHEN_CLAUSE_AFTER_RE.match(nxt_text) is not None
    strong = strong or when_after
    if prev in _NOT_YEAR_PREV and prev not in _YEAR_CONTEXT and not when_after:
        return
    if _PERCENT_OR_RANGE_RE.match(nxt_text) and not _YEAR_RANGE_RE.match(nxt_text):
        return  # "2000 %", "1500-2000 people"
    if _COUNT_NOUN_RE.match(nxt_text.lstrip()) and prev not in ("in", "since", "during", "until"):
        return  # "2000 people", "a crowd of 2000 workers"
    if _DESIGNATION_AFTER_RE.match(nxt_text):
        return  # "the asteroid 2012 DA14", "comet 1996 B2": a catalogue name
    if not (1900 <= y <= 2099) and not strong:
        return
    if not strong and not s.at_sentence_start(m.start()):
        before = s.text[max(0, m.start() - 30) : m.start()].split()
        after = nxt_text.split("\n")[0].split()
        if (
            before
            and after
            and before[-1][:1].isupper()
            and after[0][:1].isupper()
            and not (
                # "Bowmont Energy Posts Third-Quarter Loss, Trims 2016 Spending": in
                # a headline in title case, a year near publication is the year
                s.dct is not None
                and abs(y - s.dct.year) <= 5
                and _title_case_line(s.text, m.start())
            )
        ):
            return  # "Russell 2000 Index", "Windows 2000 Server": a name
        if (
            before
            and after
            and before[-1][:1].isupper()
            and before[-1].isalpha()
            and _PLAN_NAME_NEXT_RE.match(after[0])
        ):
            return  # "under its Vision 2040 plan", "the Agenda 2063 strategy": a name
    if y < 1000:
        return
    if _FISCAL_LIST_RE.search(s.text, max(0, m.start() - 60), m.start()):
        # "fiscal 1997 and 1998": the list shares the fiscal year
        yield _Cand(m.start(), m.end(), "DATE", _const(f"FY{y:04d}"), rank=2)
        return
    # "We built for the year 2000": one expression, as TIDES marks it
    lead = _THE_YEAR_BEFORE_RE.search(s.text, max(0, m.start() - 10), m.start())
    yield _Cand(
        lead.start() if lead else m.start(),
        m.end(),
        "DATE",
        _const(f"{y:04d}"),
        rank=2,
        weak=not strong,
        explicit=strong,
    )


_WHEN_CLAUSE_AFTER_RE = re.compile(r",\s+when\s+[a-z]")
# "a week from today": a length counted from a day named after it
_FROM_DAY_AFTER_RE = re.compile(r"\s+from\s+(?P<d>today|tomorrow|yesterday)\b", re.IGNORECASE)
_FROM_DAY_UNITS = frozenset(("day", "week", "month", "year"))
# a plan named with its year: "Vision 2040 plan", "Agenda 2063 strategy"
_PLAN_NAME_NEXT_RE = re.compile(
    r"(?:plan|strategy|agenda|programme|program|initiative|project|blueprint)\b", re.I
)
_THE_YEAR_BEFORE_RE = re.compile(r"\bthe\s+year\s+$", re.IGNORECASE)
_LONG_WORD_RE = re.compile(r"[A-Za-z][\w'’-]{3,}")


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a headline in title case: at least
    three words of four letters or more, all capitalised (bounded: 200
    characters either side)."""
    lo = text.rfind("\n", max(0, pos - 200), pos) + 1 or max(0, pos - 200)
    hi = text.find("\n", pos, pos + 200)
    words = _LONG_WORD_RE.findall(text, lo, hi if hi != -1 else min(len(text), pos + 200))
    return len(words) >= 3 and all(w[0].isupper() for w in words)


@_pattern(r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%]|\s*s\b|[.,]\d)", trigger=r"['’]\d\d")
def _h_short_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if s.prev_word(m.start()) not in _YEAR_CONTEXT:
        return
    y = _year_from_2digits(int(m["yy"]), s.dct)
    yield _Cand(m.start(), m.end(), "DATE", _const(f"{y:04d}"), rank=2)


@_pattern(
    r"(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?"
    r"(?:(?P<c4>1\d|20)(?P<d4>\d)0['’]?s|(?<![\w'’])(?P<q>['’])?(?P<d2>\d)0['’]?s)\b",
    trigger=r"\d0['’]?s\b",
)
def _h_decade(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if m["d2"] and _TEMPERATURE_BEFORE_RE.search(s.text, max(0, m.start() - 60), m.start()):
        return  # "highs in the 30s", "temperatures in the low 20s": degrees
    if m["c4"] and m["d4"] == "0" and m["c4"] != "20":
        # "the 1800s" is the century (TIDES: 18), not the decade 1800-1809;
        # "the 2000s" is read as the decade, as news uses it
        v = m["c4"]
    elif m["c4"]:
        v = f"{m['c4']}{m['d4']}"
    else:
        prev = s.prev_word(m.start())
        text = m.group().lower()
        if not (m["q"] or text.startswith("the") or prev in ("and", "or", "to", "of", "the")):
            return
        if prev in ("his", "her", "their", "my", "our", "your", "its"):
            return  # "in his 60s" is an age
        d2 = int(m["d2"])
        century = 19 if d2 >= 3 else 20
        if s.dct is not None and century == 20 and s.dct.year < 2000 + d2 * 10:
            century = 19
        v = f"{century}{d2}"
    yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=3)


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


@_pattern(
    r"\bthe\s+(?:(?:early|mid|late)[-\s]+)?(?P<w>twenties|thirties|forties|fifties|sixties|"
    r"seventies|eighties|nineties)\b",
    trigger=r"ties\b",
    mid_word=True,
)
def _h_decade_word(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the eighties", "the late nineties": decades of the 1900s (TimeML 198, 199).

    Only after "the": "in his eighties" is an age.
    """
    yield _Cand(m.start(), m.end(), "DATE", _const(f"19{_DECADE_WORDS[m['w'].lower()]}"), rank=3)


@_pattern(r"\b(?:the\s+)?mid[-‐\s]decade\b(?![-‐])", trigger=r"decade")
def _h_mid_decade(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "five electric models by mid-decade": the decade whose middle is meant
    (TIDES: the decade, ``202``). Its own decade's, unless a deadline ("by",
    "until", "before") falls after a middle already past: in 2019 that is the
    2020s."""
    ahead = s.prev_word(m.start()) in ("by", "until", "till", "before")

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        y = r.dct.year
        return _Val(f"{y // 10 + (ahead and y % 10 >= 5):03d}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=3)


_ORDINAL_CENTURY = (
    r"(?P<ord>\d{1,2})(?:st|nd|rd|th)|(?P<word>first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty-second)"
)


@_pattern(
    rf"(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:{_ORDINAL_CENTURY})[-\s]+century\b",
    trigger=r"century",
)
def _h_century(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if m["ord"]:
        n = int(m["ord"])
    else:
        word = m["word"].lower()
        n = {"twenty-first": 21, "twenty-second": 22}.get(word) or _ORDINALS.get(word, 0)
        if word in ("last", "final"):
            return
    if not 1 <= n <= 22:
        return
    if (
        m["word"]
        and m.group()[:3].lower() != "the"
        and "-" not in m.group()
        and (
            s.prev_word(m.start()) in ("his", "her", "their", "a", "an", "maiden")
            or _CRICKET_RE.search(s.text, max(0, m.start() - 120), m.end() + 120)
        )
    ):
        return  # "made an unbeaten 104, his third century since December": 100 runs
    yield _Cand(m.start(), m.end(), "DATE", _const(f"{n - 1:02d}"), rank=3)


_CRICKET_RE = re.compile(
    r"\b(?:unbeaten|not\s+out|wickets?|innings|bowled|bowlers?|batsman|batsmen|batting|runs)\b",
    re.IGNORECASE,
)


@_pattern(
    r"(?:the\s+)?(?:(?P<fy0>fiscal)\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
    r"[-\s]+(?:(?P<fy1>fiscal)[-\s]+)?quarter\b"
    r"(?:\s+(?:of\s+)?(?:(?:the\s+)?(?P<fy2>fiscal\s+)?(?:calendar\s+)?(?:year\s+)?(?P<year>\d{4})|"
    r"(?P<rel>this|last|next|the\s+previous|the\s+current|the\s+same|the)\s+(?:fiscal\s+)?year))?",
    trigger=r"quarter",
)
def _h_quarter(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if s.next_word(m.end()) == "of":
        return  # "the third quarter of the game": not of a year
    if not m["year"] and _GAME_WORDS_RE.search(s.text, max(0, m.start() - 200), m.end() + 200):
        return  # "a touchdown in the third quarter": a period of play
    o = m["ord"].lower()
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    rel_year = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "next": 1,
                "the": 0, "the same": 0}.get(rel)  # fmt: skip
    year = int(m["year"]) if m["year"] else None
    if o in ("last",) and year is None and rel_year is None:
        # "the last quarter": the previous quarter, not the fourth
        yield _Cand(m.start(), m.end(), "DATE", _rel_resolve("quarter", -1), rank=4)
        return
    q = _ORDINALS[o]
    fiscal = bool(m["fy0"] or m["fy1"] or m["fy2"])
    if year is not None and fiscal:
        # "the third quarter of fiscal 2025": TIDES writes fiscal quarters FY2025-Q3
        yield _Cand(m.start(), m.end(), "DATE", _const(f"FY{year:04d}-Q{q}"), rank=4)
        return
    half = s.fiscal_half()
    if half is not None and s.fiscal_half_told_after(m.start()):
        half = None
    resolve = _quarter_resolve(q, "", year, rel_year, half=half)
    ended = _FISCAL_QUARTER_ENDED_RE.match(s.text, m.end()) if fiscal and not rel else None
    if ended is None and fiscal and not rel:
        # "net profit rose in the fiscal fourth quarter ... earned 4.1 billion in the
        # three months to March 31": the report's next sentences give its end
        ended = _QUARTER_TO_DAY_RE.search(s.text, m.end(), m.end() + 400)
    if ended is not None:
        # "the fiscal fourth quarter, which ended Jan. 31": the fiscal year is
        # named by the calendar year it ends in, nine months after this
        # quarter's end for a third quarter, none for a fourth (FY2018-Q4)
        named = s.named_fiscal_year()
        yield _Cand(m.start(), m.end(), "DATE", _fiscal_quarter_ended(q, ended, named), rank=4)
        return
    year_end = s.fiscal_named_ended() if fiscal and not rel else None
    if year_end is not None:
        # "sales of $1.4 billion in fiscal 1986, which ended June 30, and its fiscal
        # first-quarter profit rose": the quarter ends three months on from the
        # year's end for each quarter (September), its year by tense, and its
        # fiscal year named as the report names the year that ended
        after = _WORD_AFTER_RE.match(s.text, m.end())
        report = after is not None and after[1].lower() in _REPORT_NOUNS
        resolve = _fiscal_quarter_by_year_end(q, year_end, report)
        yield _Cand(m.start(), m.end(), "DATE", resolve, rank=4)
        return
    if fiscal:
        # "the fiscal first quarter": the quarter's year as for a calendar one, marked FY
        plain = resolve

        def resolve(r: _Resolver, c: _Cand) -> _Val:
            v = plain(r, c)
            if v.value and v.value.startswith("FY"):
                return v  # already read as a fiscal quarter, from the report's
            return _Val(f"FY{v.value}" if v.value else None, v.resolved)

    yield _Cand(m.start(), m.end(), "DATE", resolve, rank=4)


_FISCAL_QUARTER_ENDED_RE = re.compile(
    # ("the fiscal second quarter, which ends May 31": the coming such day)
    r",?\s+(?:(?:which|that)\s+)?(?:(?P<ends>ends|will\s+end|closes)|ended|closed)\s+(?:on\s+)?"
    rf"(?P<mon>{_MON_ANY})\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)(?:\s*,\s*(?P<year>(?:19|20)\d\d))?"
)


_QUARTER_TO_DAY_RE = re.compile(
    r"\b(?:three|3)\s+months\s+(?:to|ended|ending|through)\s+(?:on\s+)?"
    rf"(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)(?:\s*,\s*(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)


# a fiscal year named by its number and the day it ended: "fiscal 1986, which
# ended June 30", "fiscal 2000, which ended Feb. 3"
_FISCAL_NAMED_ENDED_RE = re.compile(
    r"\b(?:fiscal|FY)\s*(?:year\s+)?(?P<fy>(?:19|20)\d\d),?\s+(?:which|that)\s+"
    r"(?:(?P<ends>ends|will\s+end|closes)|ended|closed)\s+(?:on\s+)?"
    rf"(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])?\b"
    r"(?:\s*,\s*(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)


def _naming_shift(year_end: re.Match[str], dct: date) -> int:
    """How a report names its fiscal years, from one it named with its end day
    (``_FISCAL_NAMED_ENDED_RE``): 0 by the calendar year a year ends in ("fiscal
    1986, which ended June 30", 1986), -1 by the year it starts in, as
    retailers do ("fiscal 1986, which ends Jan. 31", told on Jan. 8, 1987)."""
    ended = _ended_year(year_end, dct)
    if year_end["ends"] and not year_end["year"]:
        # "ends": the coming such day, not the latest one
        month = _month_num(year_end["mon"])
        day = int(year_end["day"]) if year_end["day"] else 1
        if _valid_day(ended, month, day) and date(ended, month, day) < dct:
            ended += 1
    return int(year_end["fy"]) - ended


def _fiscal_quarter_by_year_end(q: int, year_end: re.Match[str], report: bool) -> _Resolve:
    """A fiscal quarter in a report that told when a named fiscal year ended
    (``_FISCAL_NAMED_ENDED_RE``): quarter ``q`` ends ``3q`` months after that
    month; its calendar year by tense (:meth:`_Resolver.year_for`), or, before
    a report noun ("will report fiscal first-quarter results in June"), the
    latest such quarter that has ended; its fiscal year named as the report
    named that one (by the calendar year it ended in, or, as retailers do,
    the year before)."""
    end_month = _month_num(year_end["mon"])
    q_month = (end_month - 1 + 3 * q) % 12 + 1

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(f"FYXXXX-Q{q}", False)
        shift = _naming_shift(year_end, r.dct)
        # (by the month it ends in: a fiscal quarter is no calendar quarter)
        y = r.dct.year - (q_month >= r.dct.month) if report else r.year_for(c, (q_month, 0))
        return _Val(f"FY{_fiscal_year_of(q, q_month, y) + shift:04d}-Q{q}", True)

    return f


def _fiscal_quarter_ended(q: int, ended: re.Match[str], named: int | None) -> _Resolve:
    """ "the fiscal fourth quarter, which ended Feb. 3": the fiscal year by the
    calendar year it ends in, unless the report names it by the year it starts
    in ("For fiscal 2000, it earned ...", of a year that ended in February
    2001, as retailers do): ``named``, the first fiscal year the text names."""
    month = _month_num(ended["mon"])

    def f(r: _Resolver, c: _Cand) -> _Val:
        if not ended["year"] and r.dct is None:
            return _Val(f"FYXXXX-Q{q}", False)
        y = _ended_year(ended, r.dct)
        fy = _fiscal_year_of(q, month, y)
        if named is not None and named == fy - 1 and q == 4:
            fy = named
        return _Val(f"FY{fy:04d}-Q{q}", True)

    return f


@_pattern(
    r"(?-i:\b(?:Q(?P<q>[1-4])|(?P<h>H[12]))(?:\s*(?:of\s+)?(?:FY\s*)?(?P<year>\d{4}|['’]\d\d))?\b)",
    trigger=r"(?-i:Q[1-4]|H[12])",
)
def _h_q_abbr(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if not m["year"]:
        if m["h"]:
            return
        yield _Cand(m.start(), m.end(), "DATE", _quarter_resolve(int(m["q"]), "", None, None))
        return
    y = _parse_year(m["year"], s.dct)
    v = f"{y:04d}-Q{m['q']}" if m["q"] else f"{y:04d}-{m['h']}"
    yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=4)


@_pattern(
    r"(?:the\s+)?(?P<which>first|second|1st|2nd)\s+half\s+of\s+"
    # ("the second half of calendar 1987": the calendar's, told apart from a fiscal one)
    r"(?:(?:the\s+)?(?P<fy>fiscal\s+)?(?:calendar\s+)?(?:year\s+)?(?P<year>\d{4})|"
    r"(?P<rel>this|last|next|the)\s+year|"
    r"(?:(?:the|its|their)\s+)?(?P<frel>new|next|current|coming|this|last|previous)\s+"
    r"(?:fiscal|financial)\s+year)",
    trigger=r"half",
)
def _h_half(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    h = 1 if m["which"].lower() in ("first", "1st") else 2
    if m["frel"]:
        yield _Cand(m.start(), m.end(), "DATE", _fiscal_half(h, m["frel"].lower()), rank=5)
        return
    if m["year"]:
        # "the second half of fiscal 2013": a fiscal half (TIDES: FY2013-H2)
        fiscal = "FY" if m["fy"] else ""
        yield _Cand(m.start(), m.end(), "DATE", _const(f"{fiscal}{m['year']}-H{h}"), rank=5)
        return
    off = {"this": 0, "the": 0, "last": -1, "next": 1}[m["rel"].lower()]

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(f"XXXX-H{h}", False)
        return _Val(f"{r.dct.year + off:04d}-H{h}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=5)


# "this", "next", "the new" ... fiscal year: how many years on from the current one
_FISCAL_REL_OFFSET = {
    "this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1, "new": 1,
}  # fmt: skip


def _fiscal_half(h: int, rel: str) -> _Resolve:
    """ "the first half of the new fiscal year": a fiscal half (TIDES: FY2019-H1),
    counted from the fiscal quarter the report names (after its fourth
    quarter the current fiscal year is the next one), else from publication."""
    off = _FISCAL_REL_OFFSET[rel]

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.fiscal_quarter is not None:
            y0, q0 = r.fiscal_quarter
            if off > 0:
                y = y0 + 1  # "the new fiscal year": the one after the report's
            elif off == 0:
                y = y0 + (q0 == 4)  # after a fourth quarter the next one has begun
            else:
                y = y0 - (q0 != 4)  # after a fourth quarter "last" is the report's own
        elif r.dct is not None:
            y = r.dct.year + off
        else:
            return _Val(f"FYXXXX-H{h}", False)
        return _Val(f"FY{y:04d}-H{h}", True)

    return f


_HALF_YEAR_CUE_RE = re.compile(
    r"\b(?:profits?|loss(?:es)?|sales|revenues?|earnings|growth|economy|economic|quarters?|"
    r"(?<![-‐])year(?![-‐])|"
    r"percent|per\s+cent|"
    r"output|prices|inflation|results|forecasts?|demand|exports|imports|deliveries|orders|"
    r"index|stocks|shares|bonds|yields|figures|decline|slowdown|recession|recovery|"
    r"million|billion|euros?|dollars?|pounds|yen|"
    r"cents|a\s+(?:pound|barrel|ounce|ton|tonne|share|bushel))\b|%|[$€£]\s?\d",
    re.IGNORECASE,
)


# ... and not in a match report: "both goals came in the second half"
_HALF_MATCH_CUE_RE = re.compile(
    r"\b(?:goals?|scored|scoring|match|striker|penalty|half-time|halftime|kick-?off|whistle|"
    r"referee|equali[sz]er|innings|quarterback|touchdowns?|tries|header)\b",
    re.IGNORECASE,
)


@_pattern(
    r"\b(?:earlier|later)\s+in\s+the\s+(?P<unit>week|month)\b",
    trigger=r"in\s+the\s+(?:week|month)",
)
def _h_earlier_in_the_unit(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "after two failed attempts earlier in the week": the week (or month) of
    the day the story is at."""
    week = m["unit"].lower() == "week"

    def f(r: _Resolver, c: _Cand) -> _Val:
        d = r.narrative_day(c)
        if d is None:
            return _Val("XXXX-WXX" if week else "XXXX-XX", False)
        return _Val(_iso_week(d) if week else f"{d.year:04d}-{d.month:02d}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=3)


@_pattern(
    r"\b(?:by|at|until|till|before|after|around|from|since|through|toward|towards)\s+"
    r"(?P<w>mid-?year)\b(?![-‐]|\s+\d)",
    trigger=r"mid-?year",
)
def _h_midyear(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "would close the plant by midyear": the middle of a year, which TimeML
    values as the year (the "mid" goes to ``mod``), chosen by tense as June's
    year would be. Not "mid-year results" (a kind of report)."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        return _Val(f"{r.year_for(c, (6, 0)):04d}", True)

    yield _Cand(m.start("w"), m.end("w"), "DATE", f, rank=3)


@_pattern(
    r"\bthe\s+(?P<year>(?:19|20)\d\d)\s+(?P<fy>fiscal\s+)?"
    r"(?P<which>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?P<unit>quarter|half)\b",
    trigger=r"quarter|half",
)
def _h_year_ordinal_period(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "against net income in the 1984 first half", "the 1984 third quarter":
    the year written before the period, one date (not 1984 and this year's
    half)."""
    n = _NTH_WORDS[m["which"].lower()]  # (defined with the other ordinal patterns)
    unit = "Q" if m["unit"].lower() == "quarter" else "H"
    if unit == "H" and n > 2:
        return
    fiscal = "FY" if m["fy"] else ""
    yield _Cand(m.start(), m.end(), "DATE", _const(f"{fiscal}{m['year']}-{unit}{n}"), rank=5)


# a modal or a forecast after a half's report noun: "second-half earnings
# should improve" (the half ahead, not the last one reported)
_MODAL_NEXT_RE = re.compile(
    r"\s+(?:should|will|would|could|may|might|are\s+(?:expected|likely|forecast)|"
    r"is\s+(?:expected|likely|forecast))\b",
    re.IGNORECASE,
)


@_pattern(
    r"(?:the\s+)?(?P<which>first|second|1st|2nd)[-\s]+half\b(?!\s+of\b)",
    trigger=r"half",
)
def _h_half_bare(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "sales should pick up in the second half": a half of the year, by tense.

    Only in a sentence about figures ("profit", "sales", "%"...): the second
    half of a match is no date.
    """
    h = 1 if m["which"].lower() in ("first", "1st") else 2
    lo, hi = max(0, m.start() - 300), min(len(s.text), m.end() + 300)  # bounded: linear time
    sent_lo = max(s.text.rfind(".", lo, m.start()), s.text.rfind("\n", lo, m.start()), lo)
    sent_hi = s.text.find(".", m.end(), hi)
    sent = s.text[sent_lo : sent_hi if sent_hi != -1 else hi]
    if not _HALF_YEAR_CUE_RE.search(sent) or _HALF_MATCH_CUE_RE.search(sent):
        return

    # "in the first half of 2014 and not at all in the second half": that year's
    first = (
        _FIRST_HALF_OF_RE.search(s.text, max(sent_lo, m.start() - 200), m.start())
        if h == 2
        else None
    )
    year = int(first["year"]) if first else None
    fiscal = s.fiscal_half() if year is None else None
    named = s.named_fiscal_year()
    year_end = s.fiscal_named_ended()
    if fiscal is not None and year_end is not None and s.dct is not None:
        # "In fiscal 1985, which ended June 30, it earned ...": the report's own
        # naming, read from the year it named with its end day
        fiscal = (fiscal[0] + _naming_shift(year_end, s.dct), fiscal[1])
    elif fiscal is not None and named is not None and abs(named - fiscal[0]) == 1:
        # "fiscal 1999, which ends on March 31": the report names its fiscal years
        # by the year they start in, where the rules count by the year they end in
        fiscal = (named, fiscal[1])

    # "Textile exports fell in the first half, central bank figures showed": a
    # country's figures keep the calendar's halves, whatever the company's quarters
    national = _NATIONAL_FIGURES_RE.search(sent) is not None
    # "first-half figures": the noun right after it, in the same sentence
    after = _WORD_AFTER_RE.match(s.text, m.end())
    report = after is not None and after[1].lower() in _REPORT_NOUNS

    def f(r: _Resolver, c: _Cand) -> _Val:
        if year is not None:
            return _Val(f"{year:04d}-H2", True)
        if fiscal is not None:
            # "first-half cash profit", "the second half had begun slowly" in a
            # report of the six months to December: halves of a year to June
            return _Val(f"FY{fiscal[0]:04d}-H{h}", True)
        if r.fiscal_quarter is not None and not national:
            # "In the fiscal fourth quarter, volumes rose ... but margins narrowed
            # for the second half": a report in fiscal quarters counts fiscal halves
            return _Val(f"FY{r.fiscal_quarter[0]:04d}-H{h}", True)
        if r.dct is None:
            return _Val(f"XXXX-H{h}", False)
        # the half not yet ended: "second-half earnings should improve", told in
        # August; "Nobody is looking for a recovery before the second half", in
        # January
        ahead = r.dct.year + (r.dct.month > 6 * h)
        if report:
            if _MODAL_NEXT_RE.match(r.text, after.end() if after else c.end):
                return _Val(f"{ahead:04d}-H{h}", True)
            # "will publish its first-half figures next week", in August: what a
            # company reports about a half after it ends, the latest one ended
            return _Val(f"{r.dct.year - (r.dct.month <= 6 * h):04d}-H{h}", True)
        if _DEADLINE_BEFORE_RE.search(r.text, max(0, c.start - 16), c.start) and r.tense(c) in (
            "PRESENT",
            "FUTURE",
        ):
            return _Val(f"{ahead:04d}-H{h}", True)
        return _Val(f"{r.year_for(c, (h * 6, 0), 'quarter'):04d}-H{h}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=4)


@_pattern(
    r"\bthe\s+(?:(?P<half>previous|prior|preceding)\s+half(?:[-\s]year)?|"
    r"(?:prior|previous)\s+corresponding\s+(?:period|half|six\s+months))\b",
    trigger=r"half|corresponding",
)
def _h_fiscal_half_rel(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """In a report of a fiscal half (:meth:`_Scan.fiscal_half`): "the previous
    half" is the one before it (``FY2018-H2`` after ``FY2019-H1``), "the prior
    corresponding period" the same half a year back (``FY2018-H1``). Elsewhere
    these are left alone."""
    fiscal = s.fiscal_half()
    if fiscal is None:
        return
    fy = fiscal[0]
    v = f"FY{fy - 1:04d}-H2" if m["half"] else f"FY{fy - 1:04d}-H1"
    yield _Cand(m.start(), m.end(), "DATE", _const(v), rank=5)


_WORD_AFTER_RE = re.compile(r"[ \t]+([A-Za-z]+)")
# a country's own figures: a central bank's, a statistics office's, customs'
_NATIONAL_FIGURES_RE = re.compile(
    r"\b(?:central\s+bank|statistics|statistical|census|customs|"
    r"(?:government|official|national)\s+(?:figures|data))\b",
    re.IGNORECASE,
)
_FIRST_HALF_OF_RE = re.compile(
    r"\b(?:first|1st)[-\s]+half\s+of\s+(?P<year>(?:1[89]|20)\d\d)\b", re.I
)


# "fiscal 2014", "fiscal year 2014", "FY2014": a fiscal year named by its number
_FISCAL_NAMED_PREFIX = r"(?:fiscal(?:\s+year)?|FY)\s*"


@_pattern(rf"{_FISCAL_NAMED_PREFIX}(?P<year>\d{{4}}|['’]?\d\d)\b", trigger=r"fiscal|fy")
def _h_fiscal(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    raw = m["year"]
    y = int(raw) if len(raw) == 4 else _year_from_2digits(int(raw.lstrip("'’")), s.dct)
    yield _Cand(m.start(), m.end(), "DATE", _const(f"FY{y:04d}"), rank=5)


# a noun a bare season names a kind of ("winter storm", "summer wheat")
_SEASON_KIND_NEXT_RE = re.compile(
    r"[ \t]+(?:storms?|weather|wheat|barley|crops?|tyres|tires|coats?|clothing|sports?|training|"
    r"timetables?|schedules?)\b",
    re.IGNORECASE,
)


_SEASON_OF_REL_YEAR_RE = re.compile(
    r"\s+of\s+(?P<rel>this|last|next)\s+year\b(?!['’])",
    re.IGNORECASE,  # (not "year's")
)
_SPRING_TIDE_RE = re.compile(r"[ \t]+tides?\b", re.IGNORECASE)
_SPRING_VERB_NEXT_RE = re.compile(r"[ \t]+(?:forward|ahead|back|up|into|to\s+life)\b", re.I)


_SEASON_PAIR_NEXT_RE = re.compile(r"-(?:spring|summer|autumn|winter)\b", re.IGNORECASE)
_SEASON_PAIR_BEFORE_RE = re.compile(r"\b(?:spring|summer|autumn|winter)-$", re.IGNORECASE)
_HEADLINE_AFTER_WEATHER_RE = re.compile(r"\bafter\s+(?:a\s+)?[a-z]+\s+$", re.IGNORECASE)


@_pattern(
    r"(?:(?P<mod>this|last|next|past|coming|previous|the\s+following|early|late|mid|the|that)[-\s]+)?"
    r"(?P<season>spring|summer|autumn|winter|fall)"
    r"(?:\s+(?:of\s+)?(?P<year>\d{4})|(?P<months>\s+months))?\b",
    trigger=r"spring|summer|autumn|winter|fall",
)
def _h_season(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    season = m["season"].lower()
    if _SEASON_PAIR_NEXT_RE.match(s.text, m.end()) or _SEASON_PAIR_BEFORE_RE.search(
        s.text, max(0, m.start("season") - 8), m.start("season")
    ):
        return  # "the winter-spring crop", "the summer-autumn crop": a crop's name
    mod = re.sub(r"^the\s+", "", (m["mod"] or "").lower())
    year = int(m["year"]) if m["year"] else None
    if (
        not m["mod"]
        and not year
        and _HEADLINE_AFTER_WEATHER_RE.search(s.text, max(0, m.start() - 30), m.start())
    ):
        nl = s.text.find("\n", 0, 300)
        if nl >= m.end() and not s.text[:nl].rstrip().endswith((".", "!", "?")):
            # a headline's "... after dry summer": three blind writers of three
            # left it unmarked (the body's "after a hot, dry summer" marked)
            return
    of_year = _SEASON_OF_REL_YEAR_RE.match(s.text, m.end())
    if (
        of_year is not None
        and year is None
        and mod in ("", "the", "early", "late", "mid")
        and (m["season"].islower() or s.at_sentence_start(m.start("season")))
    ):
        # "the summer of last year", "the fall of next year": one DATE, as "the
        # first quarter of last year" is (TIDES takes a season's "of" phrase in)
        off = _REL_YEAR_OFFSET[of_year["rel"].lower()]
        code = _SEASONS[season]

        def f(r: _Resolver, c: _Cand) -> _Val:
            if r.dct is None:
                return _Val(f"XXXX-{code}", False)
            return _Val(f"{r.dct.year + off:04d}-{code}", True)

        yield _Cand(m.start(), of_year.end(), "DATE", f, rank=4)
        return
    if season == "fall" and not (
        year
        or mod in ("this", "last", "next", "coming", "past")
        or (
            mod == "the"
            and (fall_prep := _FALL_PREP_RE.search(s.text, max(0, m.start() - 20), m.start()))
            and not _OF_AFTER_RE.match(s.text, m.end())
            and not (fall_prep["before"] and _FALL_NOUN_AFTER_RE.match(s.text, m.end()))
            and not _FALL_INJURY_RE.search(s.text, max(0, m.start() - 40), m.start())
        )
    ):
        return  # "fall" the verb / "the fall of Rome"; "in the fall" is the season
    word = s.text[m.start("season") : m.end("season")]
    if word[0].isupper() and not s.at_sentence_start(m.start("season")):
        nxt = s.text[m.end() : m.end() + 20].lstrip()
        prev = s.text[max(0, m.start("season") - 20) : m.start("season")].rstrip()
        if (nxt[:1].isupper()) or (prev[-1:].isalpha() and prev.split()[-1][:1].isupper()):
            return  # "Summer Olympics", "Arab Spring"
    elif word[0].isupper() and not (year or mod) and _NAME_AFTER_DAY_RE.match(s.text, m.end()):
        return  # "Autumn Ridge, a Chicago partnership, ...": a name opening a sentence
    if not year and re.match(
        r"[ \t]+(?:Olympics|Olympic|Games|Paralympics)\b", s.text[m.end() :][:14]
    ):
        return  # "the winter Olympics": an event's name, in any case
    if not (year or mod) and _SEASON_KIND_NEXT_RE.match(s.text, m.end()):
        return  # "a severe winter storm", "winter wheat": a kind, not a time
    if season == "spring" and not year and _SPRING_TIDE_RE.match(s.text, m.end()):
        return  # "harvest at the spring tides": the tide, no season
    if season == "spring" and not (year or mod) and _SPRING_VERB_NEXT_RE.match(s.text, m.end()):
        return  # "clocks spring forward Sunday": the verb
    if _generic_season(m, s, mod, year):
        # "In winter, the resort draws...", "peak in the winter months": any
        # winter, a habit (TIDES: XXXX-WI), not the last or the next one
        yield _Cand(m.start(), m.end(), "DATE", _const(f"XXXX-{_SEASONS[season]}"))
        return
    if m["months"]:
        return  # "this winter months" is no phrase; leave the words alone
    start = m.start()
    if mod == "that" and (
        s.prev_word(m.start()) in _THAT_CONJUNCTION_AFTER
        or not _THAT_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start("season"))
    ):
        # "he said that summer would be dry": "that" opens a clause
        mod, start = "", m.start("season")
    if mod in ("early", "late", "mid", "the"):
        mod = ""  # the value keeps the season's granularity
    # "summer heat", "the summer driving season": a season naming a kind of thing
    # takes the nearest one, not the tense of the clause ("were bracing for summer heat")
    follow = _NEXT_LOWER_WORD_RE.match(s.text, m.end())
    if not mod and not year and follow is not None and follow.group(1) in _SEASON_GOODS:
        return  # "too many winter coats", "summer tyres": a kind of goods, no time
    nearest = not mod and not year and follow is not None and _modifies_noun(follow.group(1))
    if not mod and not year and _RECORD_AFTER_RE.match(s.text, m.end()):
        mod = "latest"  # a record is told about a season that has been
    elif (
        not mod
        and not year
        and s.prev_word(m.start()) == "from"
        and m.group().lower().startswith("the")
    ):
        mod = "latest"  # "a real change from the fall": compared with the one gone by
    elif not mod and not year and s.prev_word(m.start()) == "since":
        mod = "latest"  # "had changed little since the spring": a start that has been
    resolve = _season_resolve(_SEASONS[season], "nearest" if nearest else mod, year)
    if (
        not mod
        and not year
        and follow is not None
        and follow.group(1) in _SEASON_REPORTS
        and (
            s.prev_word(m.start()) in _POSSESSIVES
            or s.text[: m.start()].rstrip().endswith(("'s", "’s"))
        )
    ):
        # "down from 2.5 per cent in its spring forecast": its report, already
        # out (not "the autumn statement will be published", still to come)
        resolve = _season_resolve(_SEASONS[season], "latest", None)

    yield _Cand(start, m.end(), "DATE", resolve)


@_pattern(r"(?<![\w-])year[-‐\s]to[-‐\s]date\b", trigger=r"year")
def _h_year_to_date(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "up 11 percent year-to-date": the year so far, the year of publication."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        return _Val(f"{r.dct.year:04d}", True) if r.dct is not None else _Val(None, False)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=4)


@_pattern(
    r"\bthe\s+new\s+year\b(?!['’-]|\s+(?:Day|Eve|holiday|honours|resolution)s?\b)", trigger=r"new"
)
def _h_new_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "unlikely to recover before the new year": the year that begins next, told
    in its second half; from January to June the one just begun ("since the New
    Year")."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        return _Val(f"{r.dct.year + (1 if r.dct.month >= 7 else 0):04d}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=3)


_SEASON_GOODS = _words(
    "coat coats jacket jackets clothes clothing boots shoes tyres tires apparel wear gear "
    "wheat barley crop crops fashion fashions collection collections"
)
_IN_BEFORE_RE = re.compile(r"[Ii]n[ \t\xa0]+$")
# "before the fall, when the crop is in": the season ("before the fall in
# prices" is the noun, as "the fall of Rome" is)
_FALL_NOUN_AFTER_RE = re.compile(r"[ \t]+(?:in|of|was|is|has|had|came|comes)\b", re.I)
_FALL_PREP_RE = re.compile(
    r"\b(?:in|by|until|till|during|through|over|since|from|(?P<before>before)|"
    r"(?:spring|summer|winter)\s+and)\s+$",
    re.IGNORECASE,
)
_OF_AFTER_RE = re.compile(r"\s+of\b", re.IGNORECASE)
# "was injured in the fall", "died in the fall from a ladder": an accident
_FALL_INJURY_RE = re.compile(
    r"\b(?:injur\w*|hurt|kill\w*|died|dies|broke|broken|fractur\w*|surviv\w*|wounded)\b",
    re.IGNORECASE,
)
# "the driest summer since 1976", "the wettest winter on record"
_RECORD_AFTER_RE = re.compile(
    r"\s+(?:since\s+(?:1[89]|20)\d\d\b|on\s+record\b|in\s+(?:decades|years|a\s+century)\b)"
)


def _generic_season(m: re.Match[str], s: _Scan, mod: str, year: int | None) -> bool:
    """A season as a habit: "the winter months", or a bare "in winter" that
    opens its sentence or clause ("In winter, ...", "In summer the lifts...").
    A bare season elsewhere ("to be held in spring") stays the nearest one."""
    if year is not None:
        return False
    if m["months"]:
        return mod == "the"
    if mod:
        return False
    start = m.start("season")
    before = s.text[max(0, start - 6) : start]
    found = _IN_BEFORE_RE.search(before)
    if found is None:
        return False
    in_at = start - len(before) + found.start()
    if in_at > 0 and s.text[in_at - 1].isalnum():
        return False  # "within winter", "begin winter"
    opens = s.at_sentence_start(in_at) or s.text[max(0, in_at - 2) : in_at].strip() in (",", ";")
    return opens or s.text[m.end() : m.end() + 1] == ","


_NEXT_LOWER_WORD_RE = re.compile(r"[ \t\xa0]+([a-z]+)\b")
# Words after a season that show it is not a noun modifier ("summer is", "summer and").
_NOT_A_NOUN = _words(
    "and or but nor to of in on at for from by with as than that which who when where while "
    "before after until since if is are was were be been will would could should may might "
    "can must has have had also it he she they we i you its his her their our this these those "
    "except during through over under because despite without within so then there now "
    "too again only just ago about amid against toward towards instead not yet once already "
    "even still unless though although"
)


def _modifies_noun(word: str) -> bool:
    """True if the word after a season reads as the noun it modifies ("heat", "plan")."""
    if not word.isalpha() or word in _NOT_A_NOUN or word in _IRREGULAR_PAST:
        return False
    return word not in _PRESENT_VERBS and not (word.endswith("ed") and word not in _ED_NOT_PAST)


@_pattern(r"\b(?P<prep>(?:on|at)\s+)?(?P<w>weekends)\b", trigger=r"weekends")
def _h_on_weekends(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "opens on weekends", "have started working weekends": every weekend, a SET
    like "on Mondays". Bare, only right after a verb ("the weekends", "two
    weekends", "long weekends" are not sets)."""
    if not m["prep"]:
        prev = s.prev_word(m.start())
        if not (prev in _WEEKEND_VERBS or (prev.endswith("ing") and len(prev) > 5)):
            return
    yield _Cand(m.start("w"), m.end(), "SET", _const("XXXX-WXX-WE"), rank=2)


_OWN_FIRST_BEFORE_RE = re.compile(
    r"\b(?:his|her|its|their|our|my|your)\s+(?P<first>first)\s+$", re.IGNORECASE
)
# the words after which "over" means "more than" ("in over a decade")
_OVER_MEANS_MORE_AFTER = _words(
    "in for of after within than to by ago lasted last lasts lasting took take takes taking "
    "spent spend spends waited wait been be is are was were"
)
_WEEKEND_VERBS = _words("work works worked open opens opened close closes closed run runs")
# a capitalised word right after "the Sunday" that is no month or day: a title
# ("the Sunday Courier", "the Sunday Times"), not "the Sunday Oct. 5 vote"
_NAME_AFTER_DAY_RE = re.compile(
    r"[ \t]+(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Sept)[a-z]*\b)[A-Z][a-z]{2,}\b"
)


@_pattern(
    rf"(?:(?P<mod>last|next|this|coming|{_PAST_MOD}|previous)\s+)?(?P<wd>{_WD})(?P<plural>s)?\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night|overnight)(?P<partpl>s)?\b)?",
    trigger=_plain_cs(list(_WEEKDAYS), suffix="s?"),
    back_words=1,
)
def _h_weekday(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    wd = _WEEKDAYS[m["wd"].lower()]
    prev = s.text[max(0, m.start() - 30) : m.start()].split()
    if prev and prev[-1].lower().strip("`'‘") in _EVENT_PREFIXES and prev[-1][:1].isupper():
        return  # "Black Monday", "Super Tuesday"
    if (
        not (m["mod"] or m["plural"] or m["part"])
        and s.prev_word(m.start()) in ("the", "of")
        and _NAME_AFTER_DAY_RE.match(s.text, m.end())
    ):
        # "a poll published by the Sunday Courier newspaper", "the maker of
        # Saturday Sam dolls": a name
        return
    if m["plural"] or (m["partpl"] and not m["mod"]):
        # "on Saturdays", "on Saturday nights": every one (with its part of the
        # day); the preposition stays out, as every blind fixture's writer left it
        part = f"T{_PARTS_OF_DAY[m['part'].lower()]}" if m["part"] else ""
        yield _Cand(m.start(), m.end(), "SET", _const(f"XXXX-WXX-{wd + 1}{part}"))
        return
    if m["partpl"]:
        return  # "last Saturday nights" is no phrase
    part = f"T{_PARTS_OF_DAY[m['part'].lower()]}" if m["part"] else ""
    typ: TimexType = "TIME" if part else "DATE"
    mod = (m["mod"] or "").lower()
    cand = _Cand(m.start(), m.end(), typ, _weekday_resolve(wd, mod, part), kind="day")
    # "in mid-afternoon on Tuesday", "the morning of Friday": one TIME
    yield cand if part else _part_of(cand, s)


# "close on the Sunday night", "stay until the Monday": the prepositions before,
# and the words after that show it is no noun's modifier ("the Friday shooting")
_THE_WEEKDAY_PREPS = _words("on until till by from to through before after")
_THE_WEEKDAY_NEXT = _words("and or but when after before with at in to as of for")
_LOWER_WORD_AFTER_RE = re.compile(r"[ \t]+([a-z]+)")


@_pattern(
    rf"\bthe\s+(?P<wd>{_WD})\b(?!['’])(?:\s+(?P<part>morning|afternoon|evening|night))?",
    trigger=_plain_cs(list(_WEEKDAYS)),
    back_words=1,
)
def _h_the_weekday(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "open on Friday 7 September and close on the Sunday night": with "the",
    a weekday of the period the story is told in, when that lies more than a
    week from publication (else the plain weekday's reading)."""
    if _NAME_AFTER_DAY_RE.match(s.text, m.end("wd")):
        return  # "the Sunday Courier": a name
    if s.prev_word(m.start()) not in _THE_WEEKDAY_PREPS:
        return
    nxt = _LOWER_WORD_AFTER_RE.match(s.text, m.end())
    if nxt is not None and nxt[1] not in _THE_WEEKDAY_NEXT:
        return  # "after the Monday morning attack": a modifier of the noun
    wd = _WEEKDAYS[m["wd"].lower()]
    part = f"T{_PARTS_OF_DAY[m['part'].lower()]}" if m["part"] else ""
    plain = _weekday_resolve(wd, "", part)

    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.narrative_day(c)
        if day is None or r.dct is None or abs((day - r.dct).days) <= 7:
            return plain(r, c)
        return _day_val(day + timedelta(days=(wd - day.weekday()) % 7), part)

    yield _Cand(m.start(), m.end(), "TIME" if part else "DATE", f, rank=3, kind="day")


@_pattern(
    rf"\bthe\s+following\s+(?P<wd>{_WD})\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night|overnight))?",
    trigger=r"following",
)
def _h_following_weekday(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "Jury selection began on Sept. 23 ... Testimony opened the following
    Monday": the first such weekday after the day the text is talking about."""
    wd = _WEEKDAYS[m["wd"].lower()]
    part = f"T{_PARTS_OF_DAY[m['part'].lower()]}" if m["part"] else ""

    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.narrative_day(c)
        if day is None:
            return _Val(f"XXXX-WXX-{wd + 1}" + part, False)
        return _day_val(day + timedelta(days=((wd - day.weekday()) % 7) or 7), part)

    yield _Cand(m.start(), m.end(), "TIME" if part else "DATE", f, rank=4, kind="day")


_SPEECH_VERB = r"\b(?:said|told|added|wrote|declared|announced|insisted|warned|conceded)\b"
# (not a day that bounds a span: "said the crew had slept in shifts since Friday")
_SPEECH_DAY = (
    r"(?<!since )(?<!from )(?<!until )(?<!till )(?<!before )(?<!after )"
    rf"\b(?:(?P<wd>{_WD})(?!\s*,?\s*(?:{_MON_FULL}|\d))|(?P<back>yesterday|last\s+night))\b"
)
# "told supporters late Sunday", "said on Sunday", "told a briefing last night"
_SPEECH_WITH_DAY = rf"{_SPEECH_VERB}[^.!?\n\"“”]{{0,60}}?{_SPEECH_DAY}"
# '," Ruiz told supporters late Sunday.': the attribution after a quotation,
# to the end of its sentence; 'said after stumps on Sunday: "': before one
_SPEECH_AFTER_RE = re.compile(rf"\s+[^.!?\n\"“”]{{0,100}}?{_SPEECH_WITH_DAY}")
_SPEECH_BEFORE_RE = re.compile(rf"{_SPEECH_WITH_DAY}[^.!?\n\"“”:]{{0,30}}:\s*$")
_SPEECH_IN_SENTENCE_RE = re.compile(_SPEECH_WITH_DAY)
# 'Speaking at Manchester airport on Friday, the regulator's chief executive,
# Margaret Oyelaran, said: "': the day in the opening participle
_SPEAKING_BEFORE_RE = re.compile(
    rf"\b[Ss]peaking\b[^.!?\n\"“”]{{0,60}}?{_SPEECH_DAY}[^.!?\n\"“”:]{{0,100}}?"
    rf"{_SPEECH_VERB}[^.!?\n\"“”:]{{0,30}}:\s*$"
)
# '," she said.' / '," the minister told reporters.': an attribution with no day
_SPEAKER_AFTER_RE = re.compile(
    r"\s+(?:(?:he|she|they)\s+(?:said|told|added)|said\s+\w+|"
    r"(?:\w+\s+){1,3}(?:said|told|added))\b[^.!?\n\"“”]{0,30}[.!?]"
)
# the whole sentence just before a quotation (it ends at the quotation's opening)
_PREV_SENTENCE_RE = re.compile(r"(?:^|[.!?]\s+)([^.!?\n]{10,280}[.!?])\s*$")


# '," she said after the race.', '," Corrigan said as she accepted the prize':
# words said at the event the story reports
_AT_EVENT_AFTER_RE = re.compile(
    r"\s+[^.!?\n\"“”]{0,60}?\b(?:said|says|told\s+\w+)\b[^.!?\n\"“”]{0,40}?\b(?:"
    r"after\s+(?:the|her|his|their|its)\s+(?:race|match|game|final|fight|bout|win|victory|"
    r"ceremony|dinner|concert|show|premiere|verdict|vote|count)\b|"
    r"as\s+(?:she|he|they)\s+(?:accepted|collected|received|celebrated|lifted)\b)"
)


_AT_EVENT_BEFORE_RE = re.compile(
    r"[,?!][\"”]" + _AT_EVENT_AFTER_RE.pattern + r"[^.!?\n\"“”]{0,40}[.]\s*$"
)


def _said_at_the_event(s: _Scan, pos: int) -> bool:
    """A quotation holding ``pos`` whose attribution says it was spoken at the
    event ('"Tonight feels unreal," Corrigan said as she accepted the prize')."""
    q = s.quote_at(pos)
    if q is None:
        return False
    if s.text[q[1] - 1 : q[1]] in (",", "?", "!"):
        return _AT_EVENT_AFTER_RE.match(s.text, q[1] + 1, min(len(s.text), q[1] + 160)) is not None
    # '," Pryce said on the bank after the race. "Tonight we celebrate."': the
    # quotation resumed after that attribution
    return _AT_EVENT_BEFORE_RE.search(s.text, max(0, q[0] - 200), q[0]) is not None


def _winners_night(s: _Scan, pos: int) -> bool:
    """A quotation holding ``pos`` in a report that opens on a win, attributed
    with a plain "said": '"We'll celebrate tonight," said Whitfield' under "Dana
    Whitfield won the Heartland 400 on Sunday" is the winner's night, not the
    night after publication."""
    q = s.quote_at(pos)
    if q is None or s.text[q[1] - 1 : q[1]] not in (",", "?", "!"):
        return False
    if _PLAIN_SAID_AFTER_RE.match(s.text, q[1] + 1, min(len(s.text), q[1] + 80)) is None:
        return False
    return _WIN_LEAD_RE.search(s.text, 0, min(len(s.text), 400)) is not None


# '," said Whitfield', '," Maddox said', '," he said.'
_PLAIN_SAID_AFTER_RE = re.compile(
    r"\s+(?:said\b|(?:[A-Z][\w'’-]*\s+){1,3}said\b|(?:he|she|they)\s+said\b)"
)
# a report that opens on a win: "won the world title late on Monday"
_WIN_LEAD_RE = re.compile(
    r"\b(?:won|wins|beat|beats|clinched|clinches|defeated|claimed|captured|holds\s+on|"
    r"held\s+on)\b"
)


def _event_day_resolve(offset: int, part: str = "") -> _Resolve:
    """ "Today" or "tonight" said at the event: the latest of the day the story
    has reached and the days named in the week that lies one to three days
    before publication (a Saturday race in Sunday's paper); else publication
    day."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        near = [
            d
            for d in (r.narrative_day(c), *r.weekdays_named.values())
            if d is not None and 1 <= (r.dct - d).days <= 3
        ]
        # the latest of them: '"Tonight the ball bounced our way," he told reporters
        # after the final' is Saturday's final, not Friday's pool matches told since
        base = max(near, default=r.dct)
        return _day_val(base + timedelta(days=offset), part)

    return f


# a dated dateline after an optional headline: "HAIFA, Israel, March 2 -- "
_DATED_DATELINE_RE = re.compile(
    rf"^(?:[^\n]{{0,200}}\n)?[A-Z][A-Z .'’-]{{1,40}},(?:[^\n,]{{1,40}},)?\s*"
    rf"(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*(?:--|—|–|-|\()"
)


def _dateline_day(text: str, dct: date | None) -> date | None:
    """The day before publication when the story's dateline names it, as the
    New York Times's did ("HAIFA, Israel, March 2 --" in the paper of March 3):
    the story's own "today". Else None."""
    if dct is None or dct == date.min:
        return None
    m = _DATED_DATELINE_RE.match(text)
    if m is None:
        return None
    before = dct - timedelta(days=1)
    return before if (before.month, before.day) == (_month_num(m["mon"]), int(m["day"])) else None


def _dateline_shift(s: _Scan) -> int:
    """-1 when the story's dateline names the day before publication
    (:func:`_dateline_day`): its "today" and "this morning" are the dateline's
    day. Else 0."""
    return -1 if _dateline_day(s.text, s.dct) is not None else 0


def _speech_day_shift(s: _Scan, pos: int) -> int:
    """How many days before publication a quotation holding ``pos`` was
    spoken, when its attribution names the day: '"Tonight Paraguay chose a
    new path," Ruiz told supporters late Sunday' in Monday's paper, or 'said
    on Sunday: "We will declare tomorrow"'. The speaker's "tonight" and
    "tomorrow" count from that day. Else 0 (no quotation, no day, or today)."""
    q = s.quote_at(pos)
    if q is None or s.dct is None:
        return 0
    said = None
    attributed = s.text[q[1] - 1 : q[1]] in (",", "?", "!", "—", "-")
    if attributed:
        said = _SPEECH_AFTER_RE.match(s.text, q[1] + 1, min(len(s.text), q[1] + 240))
    if said is None:
        said = _SPEECH_BEFORE_RE.search(s.text, max(0, q[0] - 160), q[0])
    if said is None:
        said = _SPEAKING_BEFORE_RE.search(s.text, max(0, q[0] - 260), q[0])
    if (
        said is None
        and attributed
        and _SPEAKER_AFTER_RE.match(s.text, q[1] + 1, min(len(s.text), q[1] + 60))
    ):
        # 'She said on Sunday that the doses had left. "They will be in
        # pharmacies tomorrow," she said.': the sentence before, if it tells
        # of the speech and its day, is the same occasion
        prev = _PREV_SENTENCE_RE.search(s.text, max(0, q[0] - 300), q[0])
        if prev is not None:
            said = _SPEECH_IN_SENTENCE_RE.search(prev.group(1))
    if said is None:
        return 0
    if said["back"]:
        return -1
    return -((s.dct.weekday() - _WEEKDAYS[said["wd"].lower()]) % 7)


@_pattern(
    r"(?:(?P<pre>earlier|later|early|late)\s+)?"
    r"\b(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
    r"the\s+day\s+after\s+tomorrow)\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
    trigger=r"today|tonight|yesterday|tomorrow",
)
def _h_today(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    w = re.sub(r"\s+", " ", m["w"].lower())
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2}[w]  # fmt: skip
    part = ""
    if w == "tonight":
        part = "TNI"
    if m["part"]:
        part = f"T{_PARTS_OF_DAY[m['part'].lower()]}"
    typ: TimexType = "TIME" if part else "DATE"
    shift = _speech_day_shift(s, m.start()) or _dateline_shift(s)
    resolve = _ref_day_resolve(off + shift, part)
    if not shift and (
        _said_at_the_event(s, m.start()) or (w == "tonight" and _winners_night(s, m.start()))
    ):
        resolve = _event_day_resolve(off, part)
    if (
        w == "today"
        and not m["pre"]
        and not part
        and m["w"][0] == "T"
        and s.at_sentence_start(m.start())
        and s.text[m.end() : m.end() + 1] not in ("'", "’")
        and not _TODAY_SUBJECT_RE.match(s.text, m.end())
        and not shift
        and not _speaker_today(s, m.start())
    ):
        resolve = _nowadays_resolve(resolve)
    elif (
        m["w"] == "today"
        and not part
        and not shift
        and _CONTRAST_BEFORE_RE.search(s.text, max(0, m.start() - 12), m.start())
        and _CLAUSE_PAST_RE.search(
            s.text,
            max(lo := max(0, m.start() - 200), s.text.rfind(". ", lo, m.start()) + 1),
            m.start(),
        )
    ):
        # "A year ago they wanted five-year deals; today most want two years": the
        # second half of a then-and-now contrast, nowadays (unless its own clause
        # is past: "...; today it announced a merger")
        resolve = _nowadays_resolve(resolve, contrast=True)
    yield _Cand(m.start(), m.end(), typ, resolve, kind="dayref", rank=3)


# a speaker's contrast with a distant past: "Five years ago ...", "When I
# started, in the 1960s, ...", "we used to ..."
_DISTANT_PAST_RE = re.compile(
    r"\b(?:(?:years|decades|generations|a\s+decade|a\s+century)\s+ago|(?:1[89]|20)\d0s|"
    r"in\s+(?:1[89]|20)\d\d|when\s+(?:I|we)\s+(?:started|began|was|were)|used\s+to|back\s+then|"
    r"in\s+those\s+days)\b",
    re.IGNORECASE,
)
_CONTRAST_BEFORE_RE = re.compile(r"(?:[;:]|,\s+(?:but|while|whereas))\s+$", re.IGNORECASE)
# the first half of a then-and-now contrast, in the same sentence
_CLAUSE_PAST_RE = re.compile(rf"{_DISTANT_PAST_RE.pattern}|\ba\s+year\s+ago\b", re.IGNORECASE)
# '," she said. "': a quotation resumed after its attribution
_QUOTE_RESUMED_RE = re.compile(r'[,.?!]["”]\s+[^"“”.]{1,60}\.\s*$')


def _speaker_today(s: _Scan, pos: int) -> bool:
    """A "Today" opening a sentence inside a quotation is the day the speaker
    speaks ('"Today we are simply relieved that someone is in custody"'),
    unless the speaker has just set it against a distant past ('"Five years
    ago most bought a disc. Today three in four rent"': nowadays). The
    speaker's words before it are read, with the part of the quotation
    before an attribution ('," she said. "Today')."""
    q = s.quote_at(pos)
    if q is None:
        return False
    lo = q[0]
    prev = s.quote_at(max(0, lo - 2))
    if prev is None and lo >= 2:
        # the quotation before the attribution: find its closing mark's start
        gap = _QUOTE_RESUMED_RE.search(s.text, max(0, lo - 80), lo)
        if gap is not None:
            prev = s.quote_at(gap.start())
    if prev is not None:
        lo = prev[0]
    return not _DISTANT_PAST_RE.search(s.text, max(lo, pos - 400), pos)


# "Today is the deadline", "Today marks ...": the day itself is the subject
_TODAY_SUBJECT_RE = re.compile(r"\s+(?:is|was|marks|will|has\s+been)\b")


def _nowadays_resolve(day: _Resolve, contrast: bool = False) -> _Resolve:
    """ "Today the bridge is used by 60,000 drivers": a sentence that opens on
    "Today" and goes on in the present tense means nowadays (``PRESENT_REF``);
    news of the day is told in the past ("Today the firm said"). With
    ``contrast`` (the second half of a then-and-now sentence) any clause not
    told in the past will do."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        t, own = r.tense_detail(c)
        if r.dct is not None and (
            (t, own) == ("PRESENT", True) or (contrast and not (own and t == "PAST"))
        ):
            return _Val("PRESENT_REF", True)
        return day(r, c)

    return f


@_pattern(
    r"\b(?:(?P<mod>this|last|early\s+this|late\s+this)\s+)(?P<part>morning|afternoon|evening|night)\b",
    trigger=r"morning|afternoon|evening|night",
)
def _h_this_morning(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    mod = m["mod"].lower().split()[-1]
    part = "T" + _PARTS_OF_DAY[m["part"].lower()]
    off = (-1 if mod == "last" else 0) + (_speech_day_shift(s, m.start()) or _dateline_shift(s))
    yield _Cand(m.start(), m.end(), "TIME", _ref_day_resolve(off, part), kind="dayref", rank=3)


@_pattern(
    r"\b(?:(?:in|by|into)\s+(?P<the>the\s+)?(?:early\s+|late\s+)?|(?:from|until|till)\s+"
    r"(?:the\s+)?(?:early|late)\s+)(?P<part>morning|afternoon|evening)\b",
    trigger=r"morning|afternoon|evening",
)
def _h_in_morning(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "in the afternoon", "by late morning", "ran into the evening": a part of
    the day the text is about; "the" inside the extent, as in "the night", when
    it stands right before the part of the day."""
    start = m.start("part")
    if m["the"] and m.end("the") == m.start("part"):
        start = m.start("the")
    part = "T" + _PARTS_OF_DAY[m["part"].lower()]
    told = _anchor_day_resolve(0, part)

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = told(r, c)
        if (
            v.day is not None
            and r.dct is not None
            and v.day < r.dct
            and _looks_ahead(*r.tense_detail(c))
            and not _WOULD_BEFORE_RE.search(r.text, *r.sentence(c.start))
        ):
            # "winds are forecast from late morning" after Sunday's fire: a part
            # of the day still to come is today's, not one gone by
            return _day_val(r.dct, part)
        return _on_clocks_day(r, v, part)

    yield _Cand(start, m.end(), "TIME", f, kind="time")


_WOULD_BEFORE_RE = re.compile(r"\b(?:would|was\s+to|were\s+to|'d)\b", re.IGNORECASE)


@_pattern(r"\b(?:through|throughout|during)\s+(?P<w>the\s+night)\b(?!\s+of\b)", trigger=r"night")
def _h_through_the_night(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "went on through the night", "during the night": the night of the day
    the text is about (TimeML marks "the night", a TIME); told in the past on the
    day of publication, the night just gone ("talks ran through the night")."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.narrative_day(c)
        if day is not None and day == r.dct and r.tense(c) == "PAST":
            return _day_val(day - timedelta(days=1), "TNI")
        return _anchor_day_resolve(0, "TNI")(r, c)

    yield _Cand(m.start("w"), m.end(), "TIME", f, rank=2)


@_pattern(
    r"\bmid[-‐]?(?P<part>morning|afternoon|evening)\b(?!\s+(?:of|on)\b)",
    trigger=r"mid[-‐]?(?:morning|afternoon|evening)",
)
def _h_mid_part(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "by mid-morning", "in midafternoon": a part of the day the text is about;
    "midmorning Wednesday" takes the day after it (merged as a clock time is)."""
    part = "T" + _PARTS_OF_DAY[m["part"].lower()]
    yield _Cand(m.start(), m.end(), "TIME", _anchor_day_resolve(0, part), rank=2, kind="time")


@_pattern(r"\bfor\s+the\s+(?P<unit>week|month)\b(?=\s*[,.;])", trigger=r"week|month")
def _h_for_the_week(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "For the week, the Dow fell 2%": a market report's own week or month; in a
    report on a month already named ("exports fell in April ... a deficit of 1.5
    billion for the month"), that month."""
    unit = m["unit"].lower()
    this = _rel_resolve(unit, 0)
    if unit == "week":
        yield _Cand(m.start() + 4, m.end(), "DATE", this, rank=3)
        return

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.first_period is not None and _MONTH_VALUE_RE.match(r.first_period):
            return _Val(r.first_period, True)
        return this(r, c)

    yield _Cand(m.start() + 4, m.end(), "DATE", f, rank=3)


@_pattern(
    r"\b(?:end|ends|ended|ending|close|closes|closed|closing|finish|finishes|finished)\s+"
    r"(?P<span>the\s+(?P<unit>week|month|year))\b(?!\s+(?:of|before|after|earlier|ago)\b)",
    trigger=r"week|month|year",
)
def _h_ended_the_week(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the Dow ended the week up 2%": a market report's own week, month or year
    (a year that just ended, when told in January or February)."""
    unit = m["unit"].lower()
    resolve = _year_end_resolve if unit == "year" else _rel_resolve(unit, 0)
    if unit == "week" and m.group().lower().startswith(("ended", "closed", "finished")):
        # "jumped on Friday ... It still ended the week down", told on Monday: the
        # week of the day the report is about, not the week it is told in
        resolve = _rel_resolve(unit, 0, "narrative")
    yield _Cand(m.start("span"), m.end("span"), "DATE", resolve, rank=3)


_QUARTER_VALUE_RE = re.compile(r"^(FY)?(\d{4})-Q([1-4])$")
_QUARTER_SHARE_NEXT = _words("of point points percentage")
_QUARTER_END_MONTHS = {"march": 1, "june": 2, "september": 3, "december": 4}


@_pattern(
    r"\b(?:the\s+)?(?P<mon>March|June|September|December)(?:[-\s]+ended)?\s+quarter\b"
    r"(?![-\s]+point)(?:\s+of\s+(?P<year>(?:19|20)\d\d)\b)?",
    trigger=r"quarter",
)
def _h_month_quarter(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "output rose in the June quarter": the quarter ending that month (calendar
    quarters; the latest one at or before publication unless the clause looks ahead).
    "the June quarter of 1988" is that year's; a headline's "narrows in March
    quarter" needs no "the", but the month must be capitalised there."""
    q = _QUARTER_END_MONTHS[m["mon"].lower()]
    if m["year"]:
        yield _Cand(m.start(), m.end(), "DATE", _const(f"{m['year']}-Q{q}"), rank=6, explicit=True)
        return
    if (
        not s.text[m.start() : m.start() + 4].lower().startswith("the")
        and not m["mon"][0].isupper()
    ):
        return

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(f"XXXX-Q{q}", False)
        y, now = r.dct.year, (r.dct.month - 1) // 3 + 1
        # (the words around it too: "bookings for the September quarter were the
        # best she had seen" look ahead)
        t = r.told_tense(c, *r.tense_detail(c), day=False)
        if t == "FUTURE":
            y = y if q >= now else y + 1
        elif q > now or (q == now and t == "PAST"):
            y -= 1  # a quarter reported on in the past tense has ended
        return _Val(f"{y:04d}-Q{q}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=5)


def _narrative_quarter(offset: int) -> _Resolve:
    """ "grew in the fourth quarter from the previous quarter": next to the last
    quarter the text named, else to the quarter of the day it is about."""
    by_day = _rel_resolve("quarter", offset, "narrative")

    def f(r: _Resolver, c: _Cand) -> _Val:
        named = _QUARTER_VALUE_RE.match(r.last_value or "")
        if not named:
            return by_day(r, c)
        y, q = int(named[2]), int(named[3])
        n = y * 4 + q - 1
        first = r.first_quarter
        if offset < 0 and not named[1] and first is not None and first == (y + 1, q):
            # "profit was 190 million, against 85 million in the same quarter last
            # year and 122 million in the previous quarter": both are compared
            # with the quarter reported, not one with the other
            n = first[0] * 4 + first[1] - 1
        n += offset
        return _Val(f"{named[1] or ''}{n // 4:04d}-Q{n % 4 + 1}", True)

    return f


@_pattern(
    r"\bthe\s+(?:(?P<adj>latest|most\s+recent|just[-\s]ended|year[-\s](?:earlier|ago))\s+)?"
    r"quarter\b(?![-‐])(?!\s+(?:of|century|mile|final)\b)",
    trigger=r"quarter",
)
def _h_the_quarter(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "profit for the quarter", "the year-earlier quarter": the quarter the report is about.

    That is the last quarter the text named; else the last one completed
    (a report looks back) or, in a forecast, the current one. "The quarter
    ended June 30" is the quarter that ends on that day (see
    :data:`_PERIOD_ENDED_RE`).
    """
    adj = re.sub(r"[-\s]+", " ", (m["adj"] or "").lower())
    back = 1 if adj.startswith("year") else 0
    ended = not adj and _PERIOD_ENDED_RE.match(s.text, m.end()) is not None

    def f(r: _Resolver, c: _Cand) -> _Val:
        if ended and r.period_end is not None:
            if r.fiscal_quarter is not None:
                # "said net income fell in its fiscal first quarter. Net for the
                # quarter ended Sept. 30 was ...": the fiscal quarter reported
                return _Val(f"FY{r.fiscal_quarter[0]:04d}-Q{r.fiscal_quarter[1]}", True)
            return _relative("quarter", 0, r.period_end)
        named = _QUARTER_VALUE_RE.match(r.last_value or "")
        fiscal = ""
        if r.fiscal_quarter is not None and not (back and named and named[1]):
            # a report in fiscal quarters: "the quarter" is the one it reports,
            # "the year-ago quarter" a year before it or the fiscal one just named
            fiscal, (y, q) = "FY", r.fiscal_quarter
        elif not back and r.first_quarter is not None:
            # "shipments fell in the third quarter from a year earlier ... results
            # for the quarter": the quarter the report is about, the first named
            y, q = r.first_quarter
        elif named:
            # a fiscal quarter named before stays fiscal ("the year-earlier quarter")
            fiscal, y, q = named[1] or "", int(named[2]), int(named[3])
        elif r.dct is None:
            return _Val("XXXX-QX", False)
        else:
            y, q = r.dct.year, (r.dct.month - 1) // 3 + 1
            if r.tense(c) != "FUTURE":
                y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        return _Val(f"{fiscal}{y - back:04d}-Q{q}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=3, kind="period_end" if ended else "")


# "the week ended Friday", "the month ending March 15", "the quarter to June 30":
# a period named by the day it ends on. TIMEX3 tags do not nest, so the period
# and the day are two expressions; the period is resolved after its day.
_PERIOD_ENDED_RE = _rx(
    rf"\s+(?:ended|ending|to|through)\s+(?:on\s+|in\s+)?(?:{_WD}|{_MON_ANY}|\d{{1,2}}\s+{_MON_ANY})"
)
_PERIOD_ENDED_GAP_RE = re.compile(r"\s+(?:ended|ending|to|through)\s+(?:on\s+)?", re.IGNORECASE)
# "the quarter ended in June": a period that ends with a month named
_PERIOD_ENDED_IN_GAP_RE = re.compile(r"\s+(?:ended|ending)\s+in\s+", re.IGNORECASE)


@_pattern(r"\bthe\s+(?P<unit>week|month)\b", trigger=r"week|month", back_words=1)
def _h_period_ended(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if _PERIOD_ENDED_RE.match(s.text, m.end()) is None:
        return
    unit = m["unit"].lower()

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.period_end is None:
            return _Val(None, False)
        return _relative(unit, 0, r.period_end)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=3, kind="period_end")


@_pattern(
    r"\b(?:(?P<pre>earlier|later|early|late)\s+)?(?P<the>the\s+)?"
    r"(?P<mod>this|last|next|past|coming|previous|prior|following|current)\s+"
    r"(?P<unit>week|weekend|fortnight|month|year|decade|century|quarter)\b",
    trigger=r"week|fortnight|month|year|decade|century|quarter",
)
def _h_rel_unit(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    mod = m["mod"].lower()
    unit = m["unit"].lower()
    the = bool(m["the"])
    if unit == "fortnight":
        # "over the next fortnight", "in the past fortnight": no calendar unit
        # is two weeks long, so always the stretch (P2W)
        yield _Cand(m.start(), m.end(), "DURATION", _const(_duration_value(1, unit)), rank=3)
        return
    if unit == "weekend":
        narrative = the and mod in ("previous", "prior", "following")
        yield _Cand(m.start(), m.end(), "DATE", _weekend_resolve(mod, narrative), rank=3)
        return
    if mod == "past" and not the and s.prev_word(m.start()) == "this":
        # "this past week": the last calendar week, a point like "last week"
        lo = max(0, m.start() - 6)
        at = s.text[lo : m.start()].lower().rfind("this")
        start = lo + at if at >= 0 else m.start()
        yield _Cand(start, m.end(), "DATE", _rel_resolve(unit, -1), rank=4)
        return
    # "the past week", "over the last year", "past decades": a stretch of time, not a point;
    # "the last quarter" / "the last year" alone name the previous calendar unit
    stretch_prep = s.prev_word(m.start()) in ("over", "for", "within", "throughout")
    planned_for = _PLAN_FOR_RE.search(s.text, max(0, m.start() - 60), m.start()) is not None
    if (
        the
        and mod == "next"
        and unit in ("decade", "century")
        and (not stretch_prep or planned_for)
    ):
        # "missions planned for the next decade", "well into the next century": the
        # decade or century after this one (two blind writers; TIDES's point)
        yield _Cand(m.start(), m.end(), "DATE", _rel_resolve(unit, 1), rank=3)
        return
    if (
        (the and mod in ("past", "next", "coming"))
        or (not the and mod == "past")
        or (the and mod == "last" and unit != "quarter" and (stretch_prep or unit != "year"))
    ):
        yield _Cand(m.start(), m.end(), "DURATION", _const(_duration_value(1, unit)), rank=3)
        return
    offset = {"this": 0, "current": 0, "last": -1, "previous": -1, "prior": -1, "next": 1,
              "coming": 1, "following": 1}[mod]  # fmt: skip
    if the and mod in ("previous", "prior", "following"):
        # "the following week": relative to the time the text is talking about
        if unit == "year":
            resolve = _narrative_year(offset)
        elif unit == "decade":
            resolve = _narrative_decade(offset)
        elif unit == "quarter":
            resolve = _narrative_quarter(offset)
        else:
            resolve = _rel_resolve(unit, offset, "narrative")
        yield _Cand(m.start(), m.end(), "DATE", resolve, rank=3)
        return
    resolve = _rel_resolve(unit, offset)
    if unit == "quarter" and mod in ("this", "current", "next"):
        resolve = _fiscal_or(resolve, offset + 1)
    yield _Cand(m.start(), m.end(), "DATE", resolve, rank=3)


def _fiscal_or(calendar: _Resolve, after_report: int) -> _Resolve:
    """ "forecast sales for the current quarter" after "the fiscal fourth
    quarter": in a report in fiscal quarters, counted from the reported one
    (which has ended: the current quarter is the next), else by the calendar."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.fiscal_quarter is None:
            return calendar(r, c)
        y, q = r.fiscal_quarter
        n = y * 4 + q - 1 + after_report
        return _Val(f"FY{n // 4:04d}-Q{n % 4 + 1}", True)

    return f


@_pattern(
    r"\bthe\s+(?P<unit>day|week|month|year|days|weeks|months|years)\s+ahead\b",
    trigger=r"ahead",
)
def _h_ahead(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A stretch that starts now, like "the coming week": "the week ahead" is
    P1W, "the months ahead" PXM."""
    unit = m["unit"].lower()
    value = _VAGUE_UNIT[unit[:-1]] if unit.endswith("s") else _duration_value(1, unit)
    yield _Cand(m.start(), m.end(), "DURATION", _const(value), rank=3)


def _narrative_decade(offset: int) -> _Resolve:
    """ "busy in the 1980s ... fell by half in the following decade": the decade
    after the one the text named last (``199``), else after the narrative day's."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        v = r.last_value
        if v is not None and re.fullmatch(r"\d{3}", v):
            return _Val(f"{int(v) + offset:03d}", True)
        return _rel_resolve("decade", offset, "narrative")(r, c)

    return f


def _narrative_year(offset: int) -> _Resolve:
    """'the previous year': relative to the last year the text talked about."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        fy = _FISCAL_YEAR_VALUE_RE.match(r.last_value or "")
        if fy and r.last_value_end >= r.sentence(c.start)[0]:
            # "the deficit for the 1988-89 financial year ... up from 11 billion in
            # the previous year": the fiscal year before, in the same sentence
            return _Val(f"FY{int(fy[1]) + offset:04d}", True)
        v = r.anchor_value
        if v is not None and re.match(r"^\d{4}", v):
            return _Val(f"{int(v[:4]) + offset:04d}", True)
        if r.dct is None:
            return _Val(None, False)
        return _Val(f"{r.dct.year + offset:04d}", True)

    return f


# "over the whole of that year", "for all of that year": the year itself
_WHOLE_OF_BEFORE_RE = re.compile(r"\b(?:whole|all|most|much)\s+of\s+$", re.IGNORECASE)


@_pattern(r"\b(?:that|the\s+same)\s+year\b(?![-‐])", trigger=r"year")
def _h_that_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "in the autumn they arrested him. That year prosecutors ...": the year the
    story last named (TimeML resolves the anaphor to it)."""
    if s.prev_word(m.start()) in ("of", "for") and not _WHOLE_OF_BEFORE_RE.search(
        s.text, max(0, m.start() - 20), m.start()
    ):
        return  # "the end of that year" is its own pattern; "for that year's budget"
    yield _Cand(m.start(), m.end(), "DATE", _narrative_year(0), rank=2)


@_pattern(
    r"\bthe\s+(?P<unit>year|month|week|day)\s+(?P<rel>before|previous|earlier|after|following)\b"
    r"(?=\s*(?:[,.;:!?)\"”]|--|$|and\b|when\b|to\s+[a-z]))",
    trigger=r"before|previous|earlier|after|following",
)
def _h_unit_before(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    unit = m["unit"].lower()
    off = -1 if m["rel"].lower() in ("before", "previous", "earlier") else 1
    if unit == "year":
        yield _Cand(m.start(), m.end(), "DATE", _narrative_year(off), rank=4)
    elif unit == "day":
        yield _Cand(m.start(), m.end(), "DATE", _anchor_day_resolve(off), rank=4, kind="day")
    else:
        yield _Cand(m.start(), m.end(), "DATE", _rel_resolve(unit, off, "narrative"), rank=4)


@_pattern(
    r"\b(?:the\s+)?(?P<mod>same|next|following|previous|prior|that)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night)\b",
    trigger=r"same|next|following|previous|prior|that",
)
def _h_anaphoric_day(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    mod = m["mod"].lower()
    if mod == "that" and s.prev_word(m.start()) in _THAT_CONJUNCTION_AFTER:
        return  # "he said that morning was cold": "that" opens a clause
    if mod == "that" and m["unit"].lower() == "day":
        if _DAY_HAS_COME_RE.match(s.text, m.end()) or s.next_word(m.end()) in _DAY_COMPOUND_HEADS:
            return  # "that day has come": a moment foreseen; "that day shift": a kind
        # "had flown six legs that day": the day the story is about, not the
        # day it is told on ("released this afternoon")
        yield _Cand(m.start(), m.end(), "DATE", _that_day_resolve, rank=3, kind="day")
        return
    off = {"same": 0, "that": 0, "next": 1, "following": 1, "previous": -1, "prior": -1}[mod]
    unit = m["unit"].lower()
    part = "" if unit == "day" else "T" + _PARTS_OF_DAY[unit]
    typ: TimexType = "TIME" if part else "DATE"
    if mod == "next" and not m.group().lower().startswith("the"):
        # "next morning" without "the": relative to today
        yield _Cand(m.start(), m.end(), typ, _ref_day_resolve(1, part), rank=3)
        return
    yield _Cand(m.start(), m.end(), typ, _anchor_day_resolve(off, part), rank=3, kind="day")


@_pattern(
    r"\b(?:the\s+same|that(?:\s+same)?)\s+(?P<unit>week|month)\b(?![-‐])", trigger=r"week|month"
)
def _h_same_week(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "a rival bid for the company the same week", "that month": the week or
    month of the day the story is about."""
    if m.group().lower().startswith("that") and s.prev_word(m.start()) in _THAT_CONJUNCTION_AFTER:
        return  # "he said that week was the worst": "that" opens a clause
    if s.next_word(m.end()) in ("last", "next", "a", "of", "in"):
        return  # "the same week last year", "the same month a year earlier": elsewhere
    yield _Cand(m.start(), m.end(), "DATE", _rel_resolve(m["unit"].lower(), 0, "narrative"), rank=3)


_DAY_HAS_COME_RE = re.compile(r"\s+(?:has\s+|had\s+|will\s+|would\s+)?(?:come|came|comes)\b")


def _that_day_resolve(r: _Resolver, c: _Cand) -> _Val:
    far = r.far_day
    if far is not None and 0 <= c.start - far[1] <= _FAR_DAY_REACH:
        day: date | None = far[0]  # "on 12 March 2011 ... Later that day"
    else:
        day = r.story_day if r.story_day is not None else r.narrative_day(c)
    if day is None:
        return _Val(None, False)
    return _day_val(day)


_THAT_CONJUNCTION_AFTER = _words(
    "said says say added noted announced reported warned thought believed knew know so such"
)
_TIME_OF_DAY_NOUNS = _words("hour hours time times part parts")
# the office or order "of the day": who held it or what ruled then
_OF_THE_DAY_HEADS = _words(
    "governor government president premier minister ministers king queen ruler rulers "
    "administration regime leader leaders order fashion"
)


@_pattern(
    r"\b[Tt]he\s+year\s+(?=(?:opened|began|started|ended|closed|saw|brought|was|has\s+been)\b)",
    trigger=r"the\s+year\s",
)
def _h_the_year_subject(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "The year opened with bad news", "the year saw record rainfall": the year
    the text looks back on, the one it is written in."""
    end = m.start() + len(m.group().rstrip())
    yield _Cand(m.start(), end, "DATE", _rel_resolve("year", 0), rank=2)


@_pattern(
    r"\b(?:(?P<verb>(?:to\s+)?(?:end|start|begin|close|open|finish)(?:s|ed|ing|ning)?|"
    r"began|for|(?:later|earlier)\s+in|of|throughout|during)\s+|(?:the\s+)?(?:start|end|close|"
    r"beginning|rest|remainder|middle)\s+of\s+|late\s+in\s+|early\s+in\s+)the\s+"
    r"(?:(?P<whole>entire|whole|full)\s+)?(?P<unit>day|year)\b(?![-‐]|\s+(?:of|when)\b)",
    trigger=r"the\s+(?:(?:entire|whole|full)\s+)?(?:day|year)\b",
)
def _h_the_day(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    unit = m["unit"].lower()
    if unit == "day" and m["verb"] == "of" and s.prev_word(m.start()) in _TIME_OF_DAY_NOUNS:
        return  # "the hottest hours of the day": any day, not a date
    if unit == "day" and m["verb"] == "of" and s.prev_word(m.start()) in _OF_THE_DAY_HEADS:
        return  # "given by the governor of the day": who held it then, no date
    start = m.start()
    if m["verb"]:
        start = m.end("verb") + len(s.text[m.end("verb") :]) - len(s.text[m.end("verb") :].lstrip())
    if unit == "year" and m["whole"]:
        yield _Cand(start, m.end(), "DATE", _narrative_year(0), rank=2)
        return
    if unit == "day":
        yield _Cand(start, m.end(), "DATE", _anchor_day_resolve(0), rank=2)
    elif s.prev_word(start) == "for":
        yield _Cand(start, m.end(), "DATE", _results_year_resolve, rank=2)
    else:
        yield _Cand(start, m.end(), "DATE", _rel_resolve("year", 0), rank=2)


@_pattern(
    r"\bthe\s+(?:rest|remainder|balance)\s+of\s+(?P<the>the\s+(?P<unit>week|month))\b(?![-‐])",
    trigger=r"the\s+(?:week|month)\b",
)
def _h_rest_of_unit(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "could gain for the remainder of the week": MEANTIME marks the unit
    alone, a length (``the week``, ``P1W``); the one fixture writer who met
    it wrote the week itself (``docs/dates.md``, forty-first round)."""
    unit = m["unit"].lower()
    yield _Cand(m.start("the"), m.end(), "DURATION", _const(_duration_value(1, unit)), rank=2)


def _results_year_resolve(r: _Resolver, c: _Cand) -> _Val:
    """ "For the year, profit was $173 million", published in February: the year
    the results are for, the one just ended; later in the year, this one."""
    if r.dct is None:
        return _Val("XXXX", False)
    lo, hi = r.sentence(c.start)
    back = (
        r.dct.month <= 3
        and r.tense(c) == "PAST"
        # "forecast earnings of $3.05 a share for the year": this one
        and not _FORECAST_WORDS_RE.search(r.text, lo, hi)
    )
    return _Val(f"{r.dct.year - back:04d}", True)


_FORECAST_WORDS_RE = re.compile(
    r"\b(?:forecasts?|expects?|expected|projects?|projected|predicts?|predicted|guidance|"
    r"outlook|targets?|sees|plans?|budgets?|budgeted|estimates?)\b",
    re.IGNORECASE,
)


@_pattern(
    r"\b(?:the\s+)?(?:very\s+)?(?P<part>start|end|close|beginning|middle)\s+of\s+"
    r"(?P<mod>this|last|next|the)\s+(?P<unit>year|month|week|quarter|decade|century)\b",
    trigger=r"start|end|close|beginning|middle",
)
def _h_end_of(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    mod = m["mod"].lower()
    unit = m["unit"].lower()
    if mod == "the" and unit == "year" and m["part"].lower() in ("end", "close"):
        yield _Cand(m.start(), m.end(), "DATE", _year_end_resolve, rank=4)
        return
    off = {"this": 0, "the": 0, "last": -1, "next": 1}[mod]
    if mod == "the" and unit == "month" and m["part"].lower() in ("end", "close"):
        yield _Cand(m.start(), m.end(), "DATE", _reported_month_resolve, rank=4)
        return
    yield _Cand(m.start(), m.end(), "DATE", _rel_resolve(unit, off), rank=4)


def _reported_month_resolve(r: _Resolver, c: _Cand) -> _Val:
    """ "the end of the month": this month, but in a past clause of a monthly
    release on the month before publication ("unemployment rose to 8.9
    percent in March ... 17,200 people were on the register at the end of the
    month", told in April), that month."""
    reported = _MONTH_VALUE_RE.match(r.first_period or "")
    if (
        reported is not None
        and r.dct is not None
        and (int(reported[1]), int(reported[2])) == _add_months(r.dct.year, r.dct.month, -1)
        and r.tense_detail(c) == ("PAST", True)
    ):
        return _Val(reported.group(), True)
    return _rel_resolve("month", 0)(r, c)


@_pattern(r"\b(?:later|earlier)\s+in\s+(?P<span>the\s+decade)\b(?![-‐])", trigger=r"decade")
def _h_in_the_decade(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "set in 1984, near the top of a boom that collapsed later in the decade":
    in a past clause, the decade of the last date the text gave (``198``); else
    the publication's decade."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        told = re.match(r"^(\d{3})(?:\d|$)", r.last_value or "")
        if told is not None and r.tense(c) == "PAST":
            return _Val(told[1], True)
        if r.dct is None:
            return _Val(None, False)
        return _Val(f"{r.dct.year // 10:03d}", True)

    yield _Cand(m.start("span"), m.end("span"), "DATE", f, rank=4)


def _year_end_resolve(r: _Resolver, c: _Cand) -> _Val:
    """ "the end of the year", "year-end": the publication year, except in a past
    clause early in the year ("sales slowed toward year-end", published on 10
    January), which looks back on the year just ended."""
    if r.dct is None:
        return _Val(None, False)
    year = r.dct.year
    if r.dct.month <= 2 and r.tense(c) == "PAST":
        year -= 1
    return _Val(f"{year:04d}", True)


# words after which "year-end" is still the noun ("by year-end, the bank ...")
_AFTER_YEAR_END = _words(
    "and or as when if but to in at on with after before than from for because while so the"
)


_YEAR_END_NEXT_RE = re.compile(r"[ \t]+([a-z]+)\b")


@_pattern(
    r"\b(?P<prev>by|before|until|till|at|after|since|around|toward|towards|near|from|to|the)\s+"
    r"(?P<ye>year[-\s]end|(?P<poss>year['’]s\s+end))\b(?!-)",
    trigger=r"year[-\s]end|year['’]s\s+end",
)
def _h_year_end(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "before year-end", "at the year-end", "by year's end": the end of this year,
    a DATE like "the end of the year" (TimeML puts "end" in ``mod``, which is not
    scored). As a modifier ("a year-end bonus", "the year-end results") it is no
    date. "The" stays inside "the year's end", as in "the end of the year"."""
    after = _YEAR_END_NEXT_RE.match(s.text, m.end())
    if after is not None and after.group(1) not in _AFTER_YEAR_END:
        return
    start = m.start() if m["poss"] and m["prev"].lower() == "the" else m.start("ye")
    yield _Cand(start, m.end("ye"), "DATE", _year_end_resolve, rank=4)


@_pattern(
    rf"\bthe\s+(?:first|second|third|fourth|last|final)\s+(?:{_WD}|week|weekend|day)\s+of\s+"
    r"(?:every|each)\s+(?P<unit>month|quarter|year)\b",
    trigger=r"every|each",
)
def _h_nth_of_every(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the first Monday of every month" is one SET; TIMEX3 has no value for the
    day within each period, so it takes the period (P1M), as "every month" does."""
    yield _Cand(m.start(), m.end(), "SET", _const(_duration_value(1, m["unit"].lower())), rank=7)


@_pattern(
    rf"\bthe\s+(?P<ord>first|second|third|fourth|last|final)\s+(?P<unit>week|weekend)\s+of\s+"
    rf"(?P<mon>{_MON_FULL})(?:\s*,?\s*(?P<year>\d{{4}}))?",
    trigger=r"week",
)
def _h_week_of_month(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    month = _MONTHS[m["mon"].lower()]
    o = m["ord"].lower()
    weekend = m["unit"].lower() == "weekend"
    year = int(m["year"]) if m["year"] else None

    def f(r: _Resolver, c: _Cand) -> _Val:
        y = year
        if y is None:
            if r.dct is None:
                return _Val(None, False)
            y = r.year_for(c, (month, 0))
        # a week belongs to the month holding its Thursday (the ISO rule);
        # a weekend to the month holding its Saturday
        key_day = 5 if weekend else 3
        if o in ("last", "final"):
            d = _nth_weekday(y, month, key_day, -1)
        else:
            d = _nth_weekday(y, month, key_day, _ORDINALS[o])
        return _Val(_iso_week(d) + ("-WE" if weekend else ""), True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=6)


@_pattern(
    r"\bthe\s+same\s+(?P<unit>period|month|quarter|week|day|date|time|season)\s+"
    r"(?:of\s+)?(?P<rel>last\s+year|the\s+last\s+year|the\s+previous\s+year|a\s+year\s+(?:ago|earlier|"
    r"before)|the\s+year\s+before|one\s+year\s+(?:ago|earlier))",
    trigger=r"same\b",
)
def _h_same_period(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    # ("by the same date a year earlier": the day)
    unit = m["unit"].lower().replace("date", "day")
    yield _Cand(m.start(), m.end(), "DATE", _same_period_resolve(-1, unit), rank=6)


# a span of months told just before: "from January through September"
_MONTH_SPAN_BEFORE_RE = re.compile(
    rf"\b(?:from|between)\s+{_MON_ANY}\s+(?:through|to|until|and)\s+{_MON_ANY}\b", re.IGNORECASE
)


@_pattern(
    r"\bthe\s+same\s+(?P<unit>period|month|quarter|week|season)\s+(?:of|in)\s+"
    r"(?P<year>(?:1[89]|20)\d\d)\b",
    trigger=r"same\b",
)
def _h_same_period_of(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "in the first quarter from the same period of 2000": the period last named,
    in that year (``2000-Q1``); the year alone if nothing was named."""
    year, unit = int(m["year"]), m["unit"].lower()

    def f(r: _Resolver, c: _Cand) -> _Val:
        if unit == "period" and _MONTH_SPAN_BEFORE_RE.search(
            r.text, max(r.sentence(c.start)[0], c.start - 200), c.start
        ):
            # "fell 14 percent from January through September, compared with the
            # same period of 2018": a span of months has no one value; the year
            return _Val(f"{year:04d}", True)
        told = _QUARTER_VALUE_RE.match(r.last_value or "")
        if unit == "quarter" and told is not None:
            # "812 million in the three months to March 31, against 731 million in
            # the same quarter of 1985": the quarter just told, in that year
            return _Val(f"{told[1] or ''}{year:04d}-Q{told[3]}", True)
        v = r.anchor_value
        if v is None or not re.match(r"^\d{4}", v):
            return _Val(f"{year:04d}", True)
        return _same_period_resolve(year - int(v[:4]), unit)(r, c)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=6)


@_pattern(
    r"\bthe\s+year[-\s](?:earlier|ago)\s+(?P<unit>period|month|week|day|half)\b",
    trigger=r"year[-\s](?:earlier|ago)",
)
def _h_year_earlier_period(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the year-earlier period", "the year-ago month": the same period last year
    (TimeML marks the phrase as the period it compares with; the quarter is
    :func:`_h_the_quarter`'s)."""
    yield _Cand(m.start(), m.end(), "DATE", _same_period_resolve(-1, m["unit"].lower()), rank=6)


# a number and one or two words just before "a year": a rate ("5,000 tractors a
# year", "three meals a day"), unless what follows makes it a point or a length
_QUANTITY_BEFORE_RE = re.compile(
    r"(?:\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|"
    r"hundred|thousand|million|billion))(?:\s+[a-z]+){1,2}\s+$"
)
_NOT_A_RATE = _words("into since from ahead prior until till earlier later on")
# "3 people for a year", "10 days in a week", "lasted nearly a year": a length
_NOT_A_RATE_BEFORE = _words(
    "for in within over about after than nearly almost around of to by at under up last more "
    "less only just lasted lasts took takes spent spend waited than barely roughly some once"
)


# Nouns that "day" or "night" modifies as a kind ("a day surgery unit", "a night
# bus", "a day return"), not as a length or a rate.
_DAY_COMPOUND_HEADS = _words(
    "surgery shift shifts trip trips job jobs care centre center nursery school schools "
    "pupil pupils student students patient patients ward unit pass passes ticket tickets "
    "return rate rates visitor visitors worker workers labourer labourers laborer laborers "
    "bus buses train trains flight flights club clubs porter nurse nurses watchman "
    "release session sessions run runs raid raids game games match race races"
)
_TODAY_AFTER_RE = re.compile(r"\s+today\b", re.IGNORECASE)
# a day set aside: "declared Tuesday a day of mourning", "named Friday as a day of"
_DAY_SET_ASIDE_BEFORE_RE = re.compile(
    r"\b(?:declared|declares|declare|proclaimed|proclaims|designated|designates|named|names)"
    r"\s+(?:\w+\s+){0,3}(?:as\s+)?$",
    re.IGNORECASE,
)
# a timetable in the present: "the ministry is due to present its budget, which
# starts on July 1, on Friday"
_IS_DUE_TO_RE = re.compile(r"\b(?:is|are)\s+due\s+to\b[^.;!?]*$", re.IGNORECASE)
# a meeting called for a weekday: "called both sides to a meeting on Monday",
# "summoned the envoys to talks on Friday"
_CALLED_TO_MEETING_RE = re.compile(
    r"\b(?:called|summoned|invited)\b[^.;!?]{0,40}?\bto\s+(?:a\s+|the\s+|fresh\s+|new\s+)?"
    # (a place between: "called both sides to talks in Harare on Friday")
    r"(?:meeting|talks|hearing|session|summit)(?:\s+(?:in|at)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# a weekday set aside ahead: "declared Tuesday a day of national mourning",
# "proclaimed Friday a public holiday"
_DAY_SET_ASIDE_NEXT_RE = re.compile(
    r"\s+(?:as\s+)?an?\s+(?:(?:national|public|bank|special)\s+)?(?:day|holiday)\b", re.IGNORECASE
)
_DAYS_A_WEEK_RE = re.compile(
    r"\s+a\s+week\b(?!\s+(?:ago|earlier|later|before|after)\b)", re.IGNORECASE
)
_UNIT_COMPOUND_RE = re.compile(r"[-‐](?:end|ender|on|over|to|by|in)\b", re.IGNORECASE)


@_pattern(
    r"\banother\s+(?P<unit>minute|hour|day|week|month|quarter|year|decade)\b(?![-‐])",
    trigger=r"another",
)
def _h_another(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "if the strike lasted another month": one more unit, a length (TimeML
    ``P1M``), as "another two weeks" is; so is "another year of frozen rents
    would ...". Not "It was another day of talks", where the unit after a
    copula counts days like things, nor "another year's" (a possessive)."""
    nxt = s.next_word(m.end())
    if nxt == "s" or s.text[m.end() : m.end() + 1] in ("'", "’"):
        return
    if nxt == "of" and s.prev_word(m.start()) in _COPULA_WORDS:
        return
    yield _Cand(
        m.start(), m.end(), "DURATION", _const(_duration_value(1, m["unit"].lower())), rank=3
    )


_COPULA_WORDS = _words("is was were are be been being 's")
# "the first dose at 12 months of age": an age, as "a 12-month-old" is
_OF_AGE_AFTER_RE = re.compile(r"\s+of\s+age\b", re.IGNORECASE)


@_pattern(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?P<num>{_NUM}|{_VAGUE})(?P<hy>[-‐\s]+)"
    rf"(?:(?P<adj>{_ADJ})[-\s]+)?(?P<unit>{_UNIT})s?\b(?P<half>\s+and\s+a\s+half\b)?"
    r"(?P<tail>\s+(?:ago|earlier|later|before|after|from\s+now|hence|old|older|younger|long)\b"
    r"|[-‐](?:old|long)\b)?",
    trigger=rf"{_UNIT}s?\b",
)
def _h_duration(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    num_s = m["num"].lower()
    unit = m["unit"].lower()
    unit = "century" if unit.startswith("centur") else unit
    tail = (m["tail"] or "").strip(" -‐").lower()
    approx = (m["approx"] or "").lower()
    n = None if re.fullmatch(_VAGUE, num_s) else _num_value(num_s)
    if num_s in ("more",) and not approx:
        return
    if m["half"] and n is not None:
        n += 0.5  # "an hour and a half", "two years and a half"
    if (
        unit == "quarter"
        and not tail
        and num_s in ("a", "an", "one")
        and s.prev_word(m.start()) in ("by", "than")
    ):
        yield _blocker(m)  # "the tugrik was cut by a quarter": a share
        return
    if unit == "quarter" and not tail and s.next_word(m.end()) in _QUARTER_SHARE_NEXT:
        # "about a quarter of its dealers", "three quarters of voters", "by a
        # quarter point": a share
        yield _blocker(m)
        return
    if (
        tail in ("old", "older", "younger")
        or (not tail and _AGED_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start()))
        or (not tail and _OF_AGE_AFTER_RE.match(s.text, m.end()))
    ):
        # an age ("a 45-year-old", "three years older"): TimeML marks no timex,
        # and the blocker keeps "year" from being read on its own
        yield _blocker(m)
        return
    if not tail and _UNIT_COMPOUND_RE.match(s.text, m.end()):
        # "a year-end bonus", "a year-on-year rise", "a day-to-day job": the unit
        # opens a compound that is no length ("-long" and "-old" are handled above)
        yield _blocker(m)
        return
    if unit == "hour" and n == 24 and m["hy"].strip() and s.next_word(m.end()) == "clock":
        yield _blocker(m)  # "the 24-hour clock that governs the body": no length
        return
    if (
        unit == "second"
        and num_s in ("a", "an")
        and approx
        and _ORDINAL_NOUN_NEXT_RE.match(s.text, m.end())
    ):
        return  # "talked for decades about a second railway": an ordinal
    if (
        unit == "second"
        and num_s in ("a", "an")
        and not approx
        and not (
            s.prev_word(m.start()) == "by"
            and not m["hy"].strip()
            and _MARGIN_AFTER_RE.match(s.text, m.end())
        )
    ):
        # "a second plane" is an ordinal; "lost this race by a second last year"
        # is a margin, one second long
        return
    if (
        num_s in ("a", "an", "one")
        and not tail
        and unit in ("day", "night")
        and s.next_word(m.end()) in _DAY_COMPOUND_HEADS
        # (the noun right after it: not "twice a day. Visitors stay")
        and _NEXT_LOWER_RE.match(s.text, m.end()) is not None
    ):
        yield _blocker(m)  # "a day surgery unit", "a night shift": a kind, no length
        return
    if (
        num_s in ("a", "an")
        and not tail
        and unit == "day"
        and _DAY_SET_ASIDE_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start())
        and _OF_AFTER_RE.match(s.text, m.end())
    ):
        # "declared Tuesday a day of national mourning": the day named, no length
        yield _blocker(m)
        return
    if n is not None and n > 10000 and (unit not in ("year", "decade", "century") or tail):
        # a count, not a length ("about 130,000 years" of ice is one); and no date
        # lies "130,000 years ago": the blocker keeps "years" from being read alone
        yield _blocker(m)
        return
    if (
        not tail
        and not approx
        and unit in ("day", "night")
        and n is not None
        and _DAYS_A_WEEK_RE.match(s.text, m.end())
    ):
        yield _blocker(m)  # "six nights a week": the rate's count, one SET with "a week"
        return
    start = m.start()
    first = (
        _OWN_FIRST_BEFORE_RE.search(s.text, max(0, m.start() - 14), m.start())
        if not approx and not tail
        else None
    )
    if first is not None:
        # "used the crossing in its first 12 hours", "his first 100 days": as
        # "the first nine months", "first" inside (two of three blind writers)
        start = first.start("first")
    if approx == "over" and not tail and s.prev_word(m.start()) not in _OVER_MEANS_MORE_AFTER:
        # "a rise of 2 per cent spread over two years", "jurors deliberated over
        # three days": the preposition, out of the extent as TimeML leaves it; "in
        # over six years", "lasted over two hours": more than, inside it
        start = m.start("num")
    if num_s in ("a", "an", "one") and not approx and not tail:
        before = s.text[max(0, m.start() - 25) : m.start()]
        # "15 a year", "twice a week", "$2bn a year": a frequency
        fm = re.search(
            r"(?:(?P<freq>once|twice|thrice|\d+\s+times|(?:two|three|four|five|six|several|"
            r"many|seven|eight|nine|ten|eleven|twelve)\s+times|(?:[1-7]|one|two|three|four|five|six|seven)\s+(?:days|nights))|(?P<num>(?<![\d:])\d(?:[\d,.]*\d)?\s*(?:%|percent|billion|million|thousand|bn|m)?|"
            r"\b(?:billion|million|thousand|percent|dollars|euros|pounds|two|three|four|five|six|"
            r"seven|eight|nine|ten|twelve|fifteen|twenty|fifty|hundred)))\s*$",
            before,
            re.I,
        )
        if fm is None and num_s in ("a", "an") and s.next_word(m.end()) not in _NOT_A_RATE:
            # "turns out 5,000 tractors a year", "three meals a day": a rate
            qm = _QUANTITY_BEFORE_RE.search(before + " ")
            last = qm.group().split()[-1].lower() if qm else ""
            # "six weeks turning a day surgery unit": a verb's object, no rate
            if (
                qm
                and not (_words(qm.group().lower()) & _NOT_A_RATE_BEFORE)
                and not (last.endswith("ing") and len(last) > 5)
            ):
                fm = qm
        if fm and num_s in ("a", "an"):
            if fm.groupdict().get("freq"):
                start = m.start() - (len(before) - fm.start())
            yield _Cand(start, m.end(), "SET", _const(_duration_value(1, unit)), rank=3)
            return
        if (
            unit in ("day",)
            and num_s in ("one",)
            and s.next_word(m.end()) in ("when", "he", "she", "they", "we", "i", "it")
        ):
            return  # "one day he will..." is not a duration
    if tail == "ago" and n is not None and n == int(n) and unit in ("year", "month", "week"):
        today = _TODAY_AFTER_RE.match(s.text, m.end())
        if today is not None:
            # "A year ago today": that very day, a year back
            k, u = int(n), unit

            def same_day(r: _Resolver, c: _Cand) -> _Val:
                if r.dct is None:
                    return _Val(None, False)
                if u == "week":
                    return _day_val(r.dct - timedelta(weeks=k))
                months = k * (12 if u == "year" else 1)
                y, mo = _add_months(r.dct.year, r.dct.month, -months)
                d = min(r.dct.day, calendar.monthrange(y, mo)[1])
                return _day_val(date(y, mo, d))

            yield _Cand(m.start(), today.end(), "DATE", same_day, rank=5)
            return
    from_day = _FROM_DAY_AFTER_RE.match(s.text, m.end()) if not tail else None
    if from_day is not None and n is not None and n == int(n) and unit in _FROM_DAY_UNITS:
        # "by Independence Day, a week from today", "two days from tomorrow": one
        # point, counted from the day named
        k, u = int(n), unit
        base = {"today": 0, "tomorrow": 1, "yesterday": -1}[from_day["d"].lower()]

        def from_named(r: _Resolver, c: _Cand) -> _Val:
            if r.dct is None:
                return _Val(None, False)
            day = r.dct + timedelta(days=base)
            if u in ("day", "week"):
                return _day_val(day + timedelta(days=k * (7 if u == "week" else 1)))
            y, mo = _add_months(day.year, day.month, k * (12 if u == "year" else 1))
            return _day_val(date(y, mo, min(day.day, calendar.monthrange(y, mo)[1])))

        yield _Cand(m.start(), from_day.end(), "DATE", from_named, rank=5)
        return
    if tail == "ago" or tail in ("from now", "hence"):
        sign = -1 if tail == "ago" else 1
        yield _Cand(m.start(), m.end(), "DATE", _ago_resolve(n, unit, sign), rank=4)
        return
    end = m.end("unit")
    if s.text[end : end + 1].lower() == "s":
        end += 1
    if m["half"]:
        end = m.end("half")
    if tail in ("later", "earlier", "long") and s.next_word(m.end()) != "than":
        # "three days later" (a duration whose anchor we do not know), "a
        # decade-long war": TimeML reads both as durations; "half an hour later
        # than planned" is a comparison, whose length is "half an hour"
        end = m.end()
    dv = _duration_value(n, unit)
    if unit == "weekend" and n is not None:
        dv = f"P{_fmt_num(n)}WE"
    if tail in ("later", "earlier") and not m["adj"] and s.next_word(m.end()) != "than":
        # ("three days later than planned" is a delay, a length)
        sign = 1 if tail == "later" else -1
        compound = _COMPOUND_BEFORE_RE.search(s.text, max(0, start - 30), start)
        if unit in ("hour", "minute") and n is not None and compound is None:
            # "an hour later" after "at 9:15 p.m.": a clock time, resolved with the
            # clock times (second pass), from the last one the text gave
            shift = _clock_shift_resolve(n, unit, sign, dv)
            yield _Cand(start, end, "DURATION", shift, rank=3, kind="time")
            return
        yield _Cand(start, end, "DATE", _shifted_resolve(n, unit, sign, dv), rank=3)
        return
    # "the three months to September 30": a quarter told by its length and last
    # day. It stays a length (TimeML), but what follows compares with that quarter
    # (and "the six months to June 30" a half)
    ended = dv in ("P3M", "P6M") and _PERIOD_ENDED_RE.match(s.text, end) is not None
    yield _Cand(start, end, "DURATION", _const(dv), rank=3, kind="period_end" if ended else "")


@_pattern(
    rf"(?:{_APPROX}\s+)?\b(?:an?\s+)?quarter(?:\s+of\s+an?\s+|[-\s]+)century\b",
    trigger=r"century",
)
def _h_quarter_century(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "for a quarter of a century", "a quarter-century": 25 years (read as "a
    quarter" plus "a century", it was P1Q or P100Y)."""
    yield _Cand(m.start(), m.end(), "DURATION", _const("P25Y"), rank=4)


@_pattern(
    rf"(?<![\w.,])(?P<n1>\d+(?:\.\d+)?|{_NUMW})\s*(?:and|to|or|-|–)\s*(?:{_NUM})[-\s]+"
    rf"(?P<unit>{_UNIT})s?\b",
    trigger=rf"{_UNIT}s?\b",
)
def _h_range_first(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """'between 60 and 90 days': the first number is a duration in the shared unit."""
    n = _num_value(m["n1"])
    if n is None or n > 10000:
        return
    unit = m["unit"].lower()
    unit = "century" if unit.startswith("centur") else unit
    yield _Cand(m.start(), m.end("n1"), "DURATION", _const(_duration_value(n, unit)), rank=2)


@_pattern(
    r"\b(?P<pre>for|in|over\s+the|within|after|since|during|throughout|from|over|"
    # ("crops that had taken months to grow": a verb of lasting takes a length)
    r"took|taken|takes|take|taking|lasted|spent|spends|spend|spending|waited)\s+"
    # ("a bonus for the extra weeks": the weeks are the stretch)
    r"(?:the\s+)?(?:(?:just|only|mere|a\s+matter\s+of|extra|additional)\s+)?"
    r"(?P<unit>years|decades|months|weeks|days|hours|minutes|seconds|centuries|millennia)\b"
    r"(?!\s+of\b)",
    trigger=r"years|decades|months|weeks|days|hours|minutes|seconds|centuries|millennia",
)
def _h_bare_plural(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    unit = m["unit"].lower()
    if re.match(r"\s+(?:1\d|20)\d\d\b", s.text[m.end() : m.end() + 8]):
        return  # "in the years 2001, 2002 and 2003": the years are the timexes
    start = m.start("unit")
    pre = m["pre"].lower()
    if pre.startswith("over the"):
        start = m.start()
    if pre == "over":
        start = m.start("unit")
    if (
        pre == "after"
        and unit == "hours"
        and s.next_word(m.end()) in ("trading", "deals", "session")
    ):
        return  # "after hours trading" is a market session
    u = {"centuries": "century", "millennia": "millennium"}.get(unit, unit[:-1])
    yield _Cand(start, m.end(), "DURATION", _const(_VAGUE_UNIT[u]), rank=1)


@_pattern(
    r"\b(?:by|for|followed|following|despite|amid|with|face|faces|faced|facing|citing)\s+"
    r"(?P<unit>years|decades|months|weeks|days|hours)\s+of\s+(?=[a-z])",
    trigger=r"years|decades|months|weeks|days|hours",
)
def _h_plural_of(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "spoiled by years of falling yields", "followed months of contacts", "the
    stage for days of bargaining": a stretch of no told length (``PXY``), as
    every blind writer marked "after months of" and "ending months of"."""
    unit = m["unit"].lower()[:-1]
    yield _Cand(m.start("unit"), m.end("unit"), "DURATION", _const(_VAGUE_UNIT[unit]), rank=1)


@_pattern(
    r"(?<![\w-])(?P<w>decades|years)(?=-long\b|\s+(?:of\s+)?(?:later|earlier|ago)\b)",
    trigger=r"decades|years",
)
def _h_bare_decades(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    w = m["w"].lower()
    yield _Cand(m.start(), m.end(), "DURATION", _const("PXDE" if w == "decades" else "PXY"))


@_pattern(
    r"(?<![\w-])(?P<unit>years|decades|months|weeks|centuries)\s+ago\b",
    trigger=r"years|decades|months|weeks|centuries",
)
def _h_units_ago(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "should have been done years ago": a time in the past at no told
    distance, TimeML's ``PAST_REF`` (with a number or "several" before it,
    the counted pattern takes the words)."""
    yield _Cand(m.start(), m.end(), "DATE", _const("PAST_REF"), rank=3)


@_pattern(r"\bthe\s+(?:early|small|wee)\s+hours\b(?!\s+of\b)", trigger=r"hours")
def _h_early_hours(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "they met again in the street in the early hours": the first hours of
    the day after the one the story is at (TMO, as "the early hours of Sunday"
    is); of today when the story is at today."""

    small = m.group().split()[1].lower() in ("small", "wee")

    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.narrative_day(c)
        if day is None:
            return _Val("XXXX-XX-XXTNI" if small else "XXXX-XX-XXTMO", False)
        if r.dct is not None and day != r.dct:
            day += timedelta(days=1)
        if small and day > date.min:
            # "the small hours" are written as the night they end (TNI of the day
            # before), as both blind writers who met them marked them; "the early
            # hours" as the morning they begin (TMO), as both who met those did
            return _day_val(day - timedelta(days=1), "TNI")
        return _day_val(day, "TMO")

    # resolved at its place, like a clock time: "arrested the following morning"
    # after it still counts from the evening's day
    yield _Cand(m.start(), m.end(), "TIME", f, rank=2, kind="time")


@_pattern(r"\bovernight\b(?![-‐])", trigger=r"overnight")
def _h_overnight(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "talks broke down overnight", "talks collapse overnight" (a headline): last
    night; "rain is expected overnight": tonight. As a modifier ("the overnight rate", "an
    overnight stay") it is no time."""
    after = _NEXT_LOWER_WORD_RE.match(s.text, m.end())
    if after is not None and _modifies_noun(after.group(1)):
        return
    if _SUDDENLY_RE.search(s.text, max(0, m.start() - 50), m.start()) or _OVERNIGHT_FAME_RE.match(
        s.text, m.end()
    ):
        return  # "could not be changed overnight", "an overnight success": all at once

    def f(r: _Resolver, c: _Cand) -> _Val:
        day = r.reference_day(c)  # not the last day named: that may be a night itself
        if day is None:
            return _Val("XXXX-XX-XXTNI", False)
        # news reports the night just past, a forecast the night to come
        if r.tense(c) == "FUTURE":
            ahead = r.anchor_day
            if ahead is not None and 0 < (ahead - day).days <= 7 and r.day_named_near(c):
                # "polls close at 8 p.m. on Sunday, and counting will go on
                # overnight": the night of the day ahead the sentence named
                return _day_val(ahead, "TNI")
            return _day_val(day, "TNI")
        named = r.anchor_day
        if (
            named is not None
            and r.last_day_end is not None
            and 0 < (day - named).days <= 6
            and r.day_named_near(c)
            and _THEN_CLAUSE_RE.search(r.text, max(r.last_day_end, c.start - 120), c.start)
        ):
            # "Rain on Saturday had raised fears of a slow race, but the skies
            # cleared overnight": the night after the day the sentence told of
            return _day_val(named, "TNI")
        if (
            named is not None
            and named > date.min
            and 0 < (day - named).days <= 7
            and r.anchor_end is not None
            and c.start - r.anchor_end <= 400
            and (had := _PLUPERFECT_BEFORE_RE.search(r.text, max(0, c.start - 80), c.start))
            and not _SPEECH_VERB_RE.search(
                r.text, max(r.sentence(c.start)[0], had.start() - 200), had.start()
            )
        ):
            # "won the cup on Tuesday ... in steady rain, which had soaked the
            # track overnight": the night before the day the story is at (not
            # reported speech: "said rebels had shelled a camp overnight" is the
            # telling's past)
            return _day_val(named - timedelta(days=1), "TNI")
        edges = list(_EDGE_OF_DAY_RE.finditer(r.text, max(0, c.start - 160), c.start))
        edge = edges[-1] if edges else None
        if (
            edge is not None
            and named is not None
            and date.min < named < day
            and _WEEKDAYS[edge["day"].lower()] == named.weekday()
            and r.day_named_near(c, 1)
        ):
            # "diverted late Tuesday, and departures due early Wednesday were
            # cancelled. Police reported more sightings overnight": the night
            # between, the one that ends early on the day or that a late day runs into
            late = edge["edge"].lower() == "late"
            return _day_val(named if late else named - timedelta(days=1), "TNI")
        return _day_val(day - timedelta(days=1), "TNI")

    yield _Cand(m.start(), m.end(), "TIME", f, rank=2)


_SPEECH_VERB_RE = re.compile(_SPEECH_VERB, re.IGNORECASE)
# a pluperfect in the clause before: "which had soaked the track overnight"
_PLUPERFECT_BEFORE_RE = re.compile(r"\bhad\s+(?:[a-z]+\s+)?[a-z]+(?:ed|en|t)\b[^.;:!?,]*$", re.I)
# a day named with its edge: "late Tuesday", "early on Wednesday", "in the early
# hours of Thursday" (the last two: the small hours of that day)
_EDGE_OF_DAY_RE = re.compile(
    r"\b(?P<edge>early|late|the\s+early\s+hours\s+of)\s+(?:on\s+)?"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# a clause that follows on from the one before: "..., but the skies cleared overnight"
_THEN_CLAUSE_RE = re.compile(r",\s*(?:but|and\s+then|then)\b|;\s*then\b", re.IGNORECASE)
# "rotas could not be changed overnight", "it won't happen overnight": at once,
# not a night; the negation within the clause before it
_SUDDENLY_RE = re.compile(r"\b(?:not|n't|never|cannot)\b[^.;:,!?]*$", re.IGNORECASE)
_OVERNIGHT_FAME_RE = re.compile(r"\s+(?:success|sensation|star|celebrity|hit)\b", re.IGNORECASE)

# "had hoped to launch in the spring", "had originally planned to open the pool in
# March": a plan told in the pluperfect, the time in its own clause. Fewer verbs
# than _PLAN_VERBS: a threat or an offer told in the pluperfect still stands ("had
# threatened to shoot a cashier by morning", told at 11 p.m., is the next morning)
_LAPSED_PLAN_RE = re.compile(
    r"\bhad\s+(?:(?:originally|initially|first|once|long|always|also|earlier)\s+)?"
    r"(?:hoped|planned|intended|aimed|wanted|expected|promised|pledged|vowed|agreed)\s+to\s+[a-z]+\b"
    r"(?:[^.;:!?,\"“”]|,(?=\d)){0,60}$",
    re.IGNORECASE,
)

# a preposition before an expression: it cannot be the subject of a modal
_PREP_BEFORE_SUBJECT = frozenset(["on", "in", "at", "since", "from", "during", "of"])
# a verb before a noun makes it an object: "has cancelled the cruises due to leave"
_OBJECT_AFTER = _words("has have had is are was were will would cancel cancels scrap scraps")
# modals that make a time expression before them the subject of a plan ("Friday
# would be spent ..."); not "may" (the month) or "can" (a present ability)
_MODAL_AFTER_SUBJECT = frozenset({"will", "would", "shall", "should", "could", "might"})

_CLAUSE_STOPS = _words("and but or while whereas although though which that who when")
_LASTED_VERBS = _words("stayed remained lasted continued persisted waited stood went held kept")
# the past auxiliaries of a negated past: "was not completed until", "did not end until"
_PAST_AUX = _words("was were did had")
_PROMISE_WORDS = _words("promise promises promised pledge pledges pledged vow vows vowed")
# modals before "now" ("will now ship"); not "has/have/had now", four of whose five
# uses in the blind fixtures are marked (round 57)
_AUX_BEFORE_NOW = _words("will would must shall should can could may might 'll")


@_pattern(
    r"\b(?P<w>at\s+present|at\s+the\s+moment|these\s+days|(?:for\s+)?the\s+time\s+being|"
    r"nowadays|presently|currently|current|now|more\s+recently|most\s+recently|recently|recent|"
    r"lately|in\s+the\s+past|the\s+past|very\s+soon|soon|shortly|in\s+future|"
    r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+(?:near|long|short|longer)\s+term|"
    r"(?:short|long|near|medium|mid)-term|later)\b(?![-‐])",
    trigger=r"present|moment|days|time|now|current|recent|late|past|soon|short|future|term",
)
def _h_ref(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    w = re.sub(r"\s+", " ", m["w"].lower())
    nxt = s.next_word(m.end())
    if w in ("the past", "in the past") and (
        nxt in _UNIT_WORDS or nxt in _NUMBER_WORDS or nxt in ("few", "several", "couple", "many")
    ):
        return  # "the past five days" is a duration
    if w == "recently" and nxt == "as" and s.prev_word(m.start()) == "as":
        return  # "as recently as early 1985": the date after it is the expression
    if w == "now" and nxt == "that":
        return  # "now that" is a conjunction
    if w == "now" and s.prev_word(m.start()) in _AUX_BEFORE_NOW:
        # "will now ship", "must now win": a step in a sequence, not a time;
        # MEANTIME's annotators left such "now" unmarked (the blind fixtures
        # split: seven such "now" are marked, five are not)
        return
    if w.endswith("-term"):
        # "long-term debt", "short-term rates": a compound adjective, which TimeML
        # does not mark (the issue's held-out news counts it as spurious)
        yield _blocker(m)
        return
    if w == "later" and nxt in ("this", "that", "today", "tonight", "in", "on", "than"):
        return  # part of a longer expression
    if w == "current" and nxt not in _UNIT_WORDS:
        return  # "the current plan": an adjective, not a time TimeML marks
    if w == "recent" and nxt in _UNIT_WORDS:
        return  # "recent years": a vague duration (``_h_recent_plural``)
    if w == "recent" and s.prev_word(m.start()) in ("most", "more"):
        # "its most recent inspection", "their most recent iPhone model": the
        # latest of a series, which MEANTIME and the blind fixtures leave unmarked
        return
    start, end = m.start(), m.end()
    if w.startswith("for the time being"):
        start, w = m.start() + 4, "the time being"
    if w == "recent" and nxt in ("years", "months", "weeks", "days", "decades", "history"):
        end = (
            s.text.index(nxt, m.end()) + len(nxt) if nxt in s.text[m.end() : m.end() + 20] else end
        )
    if w in ("later", "soon", "shortly") and nxt in ("after", "before", "afterwards"):
        # "soon after its launch": relative to an event we cannot date; TimeML
        # treats it as a sequencing word, not a time, and we could give no value
        yield _blocker(m)
        return
    if w in ("soon", "sooner") and nxt == "as" and s.prev_word(m.start()) == "as":
        # "counting starts as soon as voting ends": a conjunction (no blind writer
        # of the four fixtures that use it marked it)
        yield _blocker(m)
        return
    if w == "later":
        # bare "later" means "after the event just told": sequencing, not a time
        yield _blocker(m)
        return
    value = _REF_WORDS.get(w) or ("FUTURE_REF" if "future" in w or "term" in w else "PRESENT_REF")
    yield _Cand(start, end, "DATE", _const(value), rank=1, kind="ref")


@_pattern(
    r"\b(?P<pre>over\s+|during\s+|at\s+|on\s+)?the\s+weekend\b",
    trigger=r"weekend",
)
def _h_the_weekend(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    start = m.end("pre") if m["pre"] else m.start()
    yield _Cand(start, m.end(), "DATE", _weekend_resolve(""), rank=2)


@_pattern(
    rf"\bthe\s+(?:weekend\s+of|(?P<week>week)\s+(?:of|to|ending|ended|beginning|starting|commencing))\s+(?:(?P<mon>{_MON_ANY})\s*{_DAYNUM}|"
    rf"(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MON_ANY}))"
    rf"(?:\s*,?\s*{_YEAR4})?",
    trigger=r"weekend\s+of|week\s+(?:of|to|ending|ended|beginning|starting|commencing)",
)
def _h_weekend_of(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """'the weekend of June 7': the ISO week of that day, at weekend granularity;
    "the week of March 21", "the week to 10 January", "the week ending Feb. 10",
    "the week beginning 5 November": the ISO week holding that day, one DATE
    (as six of seven fixture writers marked it)."""
    tail = "" if m["week"] else "-WE"
    starts = re.search(r"beginning|starting|commencing", m.group(), re.IGNORECASE) is not None
    month = _month_num(m["mon"] or m["mon2"])
    day = int(m["day"] or m["day2"])
    year = int(m["year"]) if m["year"] else None
    day_resolve = _month_resolve(month, "", day)

    def f(r: _Resolver, c: _Cand) -> _Val:
        if year is not None:
            d: date | None = date(year, month, day) if _valid_day(year, month, day) else None
        else:
            d = day_resolve(r, c).day
        if d is None:
            return _Val("XXXX-WXX" + tail, False)
        if starts and d.weekday() == 6:
            d += timedelta(days=1)  # "the week beginning 4 November" (a Sunday): 4-10
        return _Val(_iso_week(d) + tail, True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=6)


@_pattern(
    r"(?<![\w:.])(?P<hh>[01]?\d|2[0-3])(?::(?P<mm>[0-5]\d)(?::[0-5]\d)?"
    # British "10.30pm", "6.04 am", "22.10 GMT": a dot between hour and minutes,
    # only before am/pm or a zone of the British and European wires
    r"|\.(?P<mm2>[0-5]\d)(?=\s?[ap]\.?\s?m\b|\s*(?:GMT|UTC|BST|CET|CEST)\b))?"
    # "p.m." keeps its last dot; "pm." does not (that one ends the sentence)
    r"(?:\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]\s?m\b))?"
    rf"(?:\s*\(?\s*{_TZ}(?:\s*(?P<off>[+-]\s*\d{{1,2}}(?::?\d\d)?))?\s*\)?)?(?![\w:])",
    trigger=r"\d:\d\d|\d\s*[ap]\.?\s?m\b|\d\.\d\d\s?[ap]\.?\s?m\b|\d\.\d\d\s*(?:gmt|utc|bst|cet|cest)\b",
)
def _h_clock(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if not m["mm"] and not m["mm2"] and not m["ampm"]:
        return
    hh = int(m["hh"])
    mm = int(m["mm"] or m["mm2"] or 0)
    if m["ampm"]:
        if hh > 12 or hh == 0:
            return
        pm = m["ampm"].lower().startswith("p")
        hh = (hh % 12) + (12 if pm else 0)
    elif not m["tz"] and not _CLOCK_PREP_BEFORE_RE.search(
        s.text, max(0, m.start() - 24), m.start()
    ):
        part = _SPOKEN_PART_RE.match(s.text, m.end())
        if part is None or not any(part.group(g) for g in _CLOCK_PART_GROUPS):
            return  # a bare "3:1" or "2:30" without "at" is more often a score or ratio
    if not m["ampm"] and 1 <= hh <= 11:
        # "the final chase starts at 7:30 tonight", "at 2:15 this afternoon": the
        # part of the day after it says which half of the clock
        part = _SPOKEN_PART_RE.match(s.text, m.end())
        if part is not None and (
            part["pm"] or part["pm2"] or ((part["night"] or part["night3"]) and hh >= 6)
        ):
            hh += 12
    zone = _zone(m["tz"], m["off"])
    yield _Cand(m.start(), m.end(), "TIME", _time_resolve(hh, mm, zone), rank=5, kind="time")


def _zone(tz: str | None, offset: str | None) -> str:
    """The ISO zone suffix of a clock time: ``Z`` for UTC/GMT, ``+HH:MM`` for a
    written offset ("GMT+8"), and nothing for a named local zone ("4:30 a.m.
    EST" is ``T04:30``: the clock as read, as HeidelTime gives it; MEANTIME
    has only UTC, and the blind fixture writers split, 13 of 28 such times
    without an offset and the rest in two formats; ``docs/dates.md``)."""
    if offset:
        off = offset.replace(" ", "")
        sign, rest = off[0], off[1:]
        if ":" in rest:
            h, mins = rest.split(":", 1)
        else:
            h, mins = rest[:-2] or rest, rest[-2:] if len(rest) > 2 else "0"
        return f"{sign}{int(h):02d}:{int(mins):02d}"
    return "Z" if tz and tz.upper() in _UTC_ZONES else ""


# "at 2:30", "at about 2:30", "shortly after 2:30": a clock time, not a score
_CLOCK_PREP_BEFORE_RE = re.compile(
    r"\b(?:at|by|until|from|to|since|before|after)"
    r"(?:\s+(?:about|around|approximately|roughly|nearly|almost|precisely|exactly))?\s*$",
    re.IGNORECASE,
)
# "2:30 this afternoon", "9:40 last night": the part of the day makes it a time
_CLOCK_PART_GROUPS = ("am", "pm", "night", "am2", "pm2", "night2", "night3")


@_pattern(
    rf"(?<![\w:.])(?P<hhmm>[01]\d[0-5]\d|2[0-3][0-5]\d)\s*(?:hours|hrs|h\b|{_TZ})(?![\w])",
    trigger=r"\d{4}\s*[a-z]",
)
def _h_military(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    hh, mm = int(m["hhmm"][:2]), int(m["hhmm"][2:])
    zone = _zone(m["tz"], None)
    yield _Cand(m.start(), m.end(), "TIME", _time_resolve(hh, mm, zone), rank=5, kind="time")


@_pattern(r"\b(?:at\s+)?(?P<w>noon|midnight|midday)\b", trigger=r"noon|midnight|midday")
def _h_noon(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    w = m["w"].lower()
    before = s.text[max(0, m.start("w") - 3) : m.start("w")].rstrip(" \t")
    if m["w"][0].isupper() and before[-1:].isalnum() and _NAME_AFTER_DAY_RE.match(s.text, m.end()):
        return  # "the maker of Midnight Racer toy cars": a name inside a sentence
    hh = 24 if w == "midnight" else 12
    yield _Cand(m.start("w"), m.end(), "TIME", _time_resolve(hh, 0, ""), rank=2, kind="time")


# --- spoken forms: bulletins, transcripts and quoted speech -------------------

_HOUR_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_HOURW = "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# a year as said: "nineteen ninety-one", "nineteen oh-four", "twenty thirteen",
# "nineteen hundred", "two thousand and nine"
_SPOKEN_YEAR_SRC = (
    rf"(?:eighteen|nineteen|twenty)[-\s](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    rf"ninety)(?:[-\s](?:{_ONES}))?|{_TEENS}|oh[-\s](?:{_ONES})|hundred)"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{_TEENS}|{_ONES}))?"
)
# minutes past or to the hour: "five", "twenty-five", "four minutes"
_MINW = rf"(?:twenty[-\s](?:{_ONES})|{_TEENS}|twenty|{_ONES})"
# what may follow a spoken clock time: a part of the day, a day, or the clause's end
_SPOKEN_CLOCK_NEXT_RE = re.compile(
    r"(?:\s*(?:[,.;:!?)\"”’'—–-]|$)|\s+(?:this|tonight|tomorrow|yesterday|last|in|on|at|when|and|"
    r"or|local|gmt|utc|[ap]\.?m\b|sharp|precisely|exactly|the|that|with|to|until|before|after|"
    r"while|but|as|so|he|she|they|we|it|i|you|there|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b)",
    re.IGNORECASE,
)
_SPOKEN_PART_RE = re.compile(
    r"\s*(?:[ap]\.?\s?m\b\.?|(?:this|tomorrow|yesterday|on\s+\w+|that)?\s*"
    r"(?:(?P<am>morning)|(?P<pm>afternoon|evening|tonight)|(?P<night>night))\b|"
    r"in\s+the\s+(?:(?P<am2>morning)|(?P<pm2>afternoon|evening))\b|at\s+(?P<night2>night)\b|"
    r"last\s+(?P<night3>night)\b)",
    re.IGNORECASE,
)


_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ONES_WORDS = {w: i + 1 for i, w in enumerate(_ONES.split("|"))}


@_pattern(
    r"\b(?:in|since|until|till|before|after)\s+"
    rf"(?P<y>(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?P<ones>{_ONES})"
    rf"|oh-(?P<oh>{_ONES}))"
    r"(?=\s*[,.;:!?]|\s+(?:when|and|but|after|before)\b)",
    trigger=r"(?:ty|oh)-(?:one|two|three|four|five|six|seven|eight|nine)\b",
    mid_word=True,
    back_words=2,
)
def _h_spoken_short_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A year said by its last two digits, as in speech: "the earthquake in
    ninety-three", "since oh-four" (the century nearest before publication);
    only after a preposition of time and before the clause ends, so that "in
    ninety-three cases" is a count."""
    if m["oh"]:
        yy = _ONES_WORDS[m["oh"].lower()]
    else:
        yy = _TENS_WORDS[m["tens"].lower()] + _ONES_WORDS[m["ones"].lower()]

    def f(r: _Resolver, c: _Cand) -> _Val:
        return _Val(f"{_year_from_2digits(yy, r.dct):04d}", True)

    yield _Cand(m.start("y"), m.end("y"), "DATE", f, rank=2)


def _spoken_hour(h: int, after: str) -> int:
    """The 24-hour hour of a spoken "h o'clock", by what follows it ("this
    morning", "tonight", "p.m.") or else by the working day (seven to eleven in
    the morning, twelve to six in the afternoon and evening)."""
    pm = re.match(r"\s*([ap])\.?\s?m\b", after, re.IGNORECASE)
    part = _SPOKEN_PART_RE.match(after)
    if pm is not None:
        afternoon = pm[1].lower() == "p"
    elif part is not None and (part["am"] or part["am2"]):
        afternoon = False
    elif part is not None and (part["pm"] or part["pm2"]):
        afternoon = True
    elif part is not None and (part["night"] or part["night2"] or part["night3"]):
        afternoon = h >= 6 and h != 12
    else:
        afternoon = h == 12 or h <= 6
    return (h % 12) + (12 if afternoon else 0)


# "rose from one to two", "between five to ten", "the committee split five to
# four", "voted seven to two": counts and tallies, no clock time
_COUNTS_BEFORE_CLOCK = _words("from between split voted vote votes ruled margin")


@_pattern(
    rf"\b(?:(?P<h1>{_HOURW}|1[0-2]|[1-9])\s*o['’]\s?clock"
    rf"|(?P<frac>half|(?:a\s+)?quarter|{_MINW}(?:\s+minutes?)?)\s+(?P<dir>past|to|after)\s+"
    rf"(?P<h2>{_HOURW})"
    rf"|(?P<h3>{_HOURW}|(?<=\bat\s)(?:1[0-2]|[1-9])(?![\d:.]))"
    r"(?:\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]m\b)|\s+(?:this\s+(?:morning|afternoon|"
    r"evening)|tonight|last\s+night|tomorrow\s+(?:morning|afternoon|evening|night)|"
    r"in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))",
    # each branch's own words: "to", "this" and "in the" alone are everywhere
    trigger=rf"o['’]\s?clock|(?:past|to|after)\s+(?:{_HOURW})|this\s+(?:morning|afternoon|evening)"
    r"|tonight|last\s+night|tomorrow\s+(?:morning|afternoon|evening|night)"
    r"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|[ap]\.?\s?m\b",
    back_words=4,
)
def _h_spoken_clock(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """Clock times as they are said: "six o'clock", "half past six", "four minutes
    to five", "eleven last night", "five p.m." (TIME on the day they fall on)."""
    after = s.text[m.end() : m.end() + 40]
    if m["h1"]:
        word = m["h1"].lower()
        h, mm = _HOUR_WORDS.get(word) or int(word), 0
    elif m["h2"]:
        if not _SPOKEN_CLOCK_NEXT_RE.match(after):
            return  # "from five to ten people": a range of counts, no time
        said = m["frac"].lower()
        frac = re.sub(r"\s+minutes?$", "", said)
        if frac == "half":
            mins = 30
        elif frac.endswith("quarter"):
            mins = 15
        else:
            n = _num_value(frac)
            if n is None:
                return
            mins = int(n)
            if frac == said and (
                mins not in (5, 10, 20, 25) or s.prev_word(m.start()) in _COUNTS_BEFORE_CLOCK
            ):
                return  # "rose from one to two", "between five to ten": counts
        if frac == "half" and m["dir"].lower() != "past":
            return  # "half to": no clock time
        h = _HOUR_WORDS[m["h2"].lower()]
        if m["dir"].lower() == "to":
            h, mm = (h - 2) % 12 + 1, 60 - mins
        else:
            mm = mins
    else:
        # "eleven last night": the hour is the clock time, and the part of the day
        # after it its own expression, merged with it as "11 p.m. last night" is
        if not m["ampm"] and s.prev_word(m.start()) not in _BEFORE_SPOKEN_HOUR:
            return  # "he has one this morning": a number, not a time
        if m["h3"].isdigit() and m["ampm"]:
            return  # "at 11 p.m.": the written clock's (:func:`_h_clock`)
        # ("at 11 last night": the hour in figures, as said)
        h, mm = _HOUR_WORDS.get(m["h3"].lower()) or int(m["h3"]), 0
        end = m.end() if m["ampm"] else m.end("h3")
        hh = _spoken_hour(h, s.text[m.end("h3") : m.end("h3") + 40])
        yield _Cand(m.start(), end, "TIME", _time_resolve(hh, mm, ""), rank=5, kind="time")
        return
    if m["h1"] and not m["h1"].isdigit() and not _SPOKEN_CLOCK_NEXT_RE.match(after):
        return
    hh = _spoken_hour(h, after)
    resolve = _time_resolve(hh, mm, "")
    if hh != h % 12 and h % 12 < 7 and _spoken_hour(h, "") == hh:
        # (an afternoon read only from the working day: nothing said it)
        resolve = _night_hour_resolve(h % 12, mm, resolve)
    yield _Cand(m.start(), m.end(), "TIME", resolve, rank=5, kind="time")


def _night_hour_resolve(small: int, mm: int, by_day: _Resolve) -> _Resolve:
    """A spoken hour that nothing marks as morning or afternoon ("at about 2
    o'clock the carport went", "declared at four minutes to five"), told after a
    clock late in the evening or in the small hours: the small hours of that
    night. Else the working day's reading, ``by_day``."""

    def f(r: _Resolver, c: _Cand) -> _Val:
        last = r.last_clock
        if last is not None and c.start - last[1] <= 600:
            when = last[0]
            day = None
            if when.hour >= 20 and when.date() < date.max:
                day = when.date() + timedelta(days=1)
            elif when.hour < 7:
                day = when.date()
            if day is not None:
                return _Val(f"{day.isoformat()}T{small:02d}:{mm:02d}", True, day)
        return by_day(r, c)

    return f


_ORDINAL_UNITS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)
_ORDINAL_TEENS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
# "fifth" 5, "twenty-first" 21, "thirty first" 31: the days of a month as said
_DAY_ORDINAL_WORDS: dict[str, int] = {
    w: i + 1 for i, w in enumerate(_ORDINAL_UNITS + _ORDINAL_TEENS)
}
for _i, _w in enumerate(_ORDINAL_UNITS):
    _DAY_ORDINAL_WORDS[f"twenty-{_w}"] = 21 + _i
    _DAY_ORDINAL_WORDS[f"twenty {_w}"] = 21 + _i
_DAY_ORDINAL_WORDS.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_ORDW = "|".join(sorted((w.replace(" ", r"\s") for w in _DAY_ORDINAL_WORDS), key=len, reverse=True))
_ORD_LAST = _word_trie(_ORDINAL_UNITS + _ORDINAL_TEENS + ("thirtieth",))

# after "on the twenty-first" with no month: the clause goes on or ends
_BARE_ORDINAL_NEXT_RE = re.compile(
    r"\s*(?:[,.;:!?)\"”’'—–]|$)|\s+(?:and|or|when|at|in|with|but|to|until|before|after|"
    r"so|while|as)\b",
    re.IGNORECASE,
)


@_pattern(
    r"\bthe\s+(?:full|whole|current)\s+(?:fiscal\s+)?year"
    rf"(?=,?\s+(?:which|that)\s+(?:ends|will\s+end|closes)\s+(?:on\s+)?(?P<mon>{_MON_ANY})\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])\b)",
    trigger=r"year",
    back_words=3,
)
def _h_year_which_ends(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "expects to lose money for the full year, which ends March 31", told in
    November 1986: the company's fiscal year, named by the calendar year of the
    coming such day (``FY1987``)."""
    month, day = _month_num(m["mon"]), int(m["day"])

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val("FYXXXX", False)
        y = r.dct.year
        if not _valid_day(y, month, day) or date(y, month, day) < r.dct:
            y += 1
        return _Val(f"FY{y:04d}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=7)


_NTH_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
              "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1}  # fmt: skip


@_pattern(
    rf"\b(?:the\s+)?(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+"
    rf"(?P<wd>{_WD})\s+(?:of|in)\s+(?P<mon>{_MON_FULL})(?:\s*,?\s*(?P<year>(?:1[89]|20)\d\d))?\b",
    trigger=_WD,
    back_words=2,
)
def _h_nth_weekday_of_month(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the first Friday of February", "the second Tuesday in March 1998": one
    day, in the month's year (written, or by tense as for the month alone)."""
    n = _NTH_WORDS[m["n"].lower()]
    wd = _WEEKDAYS[m["wd"].lower()]
    month = _month_num(m["mon"])
    year = int(m["year"]) if m["year"] else None

    def f(r: _Resolver, c: _Cand) -> _Val:
        y = year
        if y is None:
            if r.dct is None:
                return _Val(None, False)
            y = r.year_for(c, (month, 0))
        d = _nth_weekday(y, month, wd, n)
        return _day_val(d) if d.month == month else _Val(None, False)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=6, kind="day")


@_pattern(
    rf"\b(?P<mon>{_MON_FULL})\s+(?P<ord>{_ORDW})\b(?![-‐\w])",
    trigger=rf"(?:{_ORD_LAST})\b",
    back_words=3,
)
def _h_month_ordinal_word(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A day said as its month and an ordinal word: "from August first until at
    least Christmas", "on March twenty-second" (the month capitalised; not "May
    first-quarter" nor "May second" after a modal's place)."""
    if not m["mon"][0].isupper() or (
        m["mon"].lower() == "may"
        and not _MAY_DAY_PREP_RE.search(s.text, max(0, m.start() - 8), m.start())
    ):
        return
    day = _DAY_ORDINAL_WORDS.get(re.sub(r"\s+", " ", m["ord"].lower()), 0)
    if 1 <= day <= 31:
        yield from _emit_date(m, s, _month_num(m["mon"]), day, "", 6)


# a deadline after a noun: "order books pointed to a recovery by the second
# quarter" (not a passive's agent: "shaken by", "hit by", "led by"; nor a
# clause's opening: "and by September she was level")
_BY_DEADLINE_BEFORE_RE = re.compile(
    r"\b(?!(?:\w+ed|\w+en|hit|led|held|made|set|cut|put|paid|sold|won|caused|and|but|"
    r"then|yet|and|or|so)\s)[a-z]{3,}"
    r"\s+by\s+(?:the\s+)?$"
)
# a relative aside set off by commas: ", which moved its office in 2003,"
_CLOSED_ASIDE_RE = re.compile(r",\s*(?:which|who)\b[^,;:.!?]{0,100},")
# a promise with its deadline: "promised results by", "pledged a decision by"
_PROMISED_BY_RE = re.compile(
    r"\b(?:promised|promising|pledged|pledging|vowed|guaranteed|demanded|demanding|"
    r"wants?|wanted|needs?|needed)\s+"
    r"(?:[\w'’-]+\s+){0,5}by\s+$",
    re.IGNORECASE,
)
# a preposition before "May first": the month, not the modal
_MAY_DAY_PREP_RE = re.compile(r"\b(?:on|from|by|until|till|since|before|after)\s+$", re.I)


@_pattern(
    rf"\b(?:(?P<wd>{_WD})\s*,?\s+)?the\s+(?P<ord>{_ORDW}|[12]?\d(?:st|nd|rd|th)|3[01](?:st|th))\b"
    rf"(?:\s+of\s+(?P<mon>{_MON_FULL})(?:\s*,?\s*(?P<year>\d{{4}}\b|{_SPOKEN_YEAR_SRC}))?)?",
    # the ordinal's last word ("first" of "twenty-first"): one short alternation
    trigger=rf"(?:{_ORD_LAST})\b|\d(?:st|nd|rd|th)\b",
    back_words=4,
)
def _h_spoken_day(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """Days as they are said: "the first of September", "Monday the seventeenth of
    May", "the fifth of March, two thousand and four", "on the twenty-first"."""
    word = re.sub(r"\s+", " ", m["ord"].lower())
    day = _DAY_ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= day <= 31:
        return
    if m["mon"]:
        if m["ord"][0].isdigit() and not m["year"]:
            return  # "the 5th of March": the day-month pattern has it
        if m["ord"][0].isupper() and s.prev_word(m.start("ord")) == "the" and not m["wd"]:
            return  # "the Fourth of July": a holiday's name (the holiday patterns)
        year = ""
        if m["year"]:
            y = re.search(rf"\b(?:{_SPOKEN_YEAR_SRC})\b", m["year"], re.IGNORECASE)
            year = m["year"] if y is None else str(_spoken_year_value(m["year"]))
        yield from _emit_date(m, s, _month_num(m["mon"]), day, year, 7)
        return
    if not _BARE_ORDINAL_NEXT_RE.match(s.text, m.end()) or (
        m["wd"] is None and s.prev_word(m.start()) != "on"
    ):
        # "the fifth round", "on the first of many", "announced on Tuesday the first
        # generation", "Friday, the third straight outflow": no day of a month
        return
    wd = _WEEKDAYS[m["wd"].lower()] if m["wd"] else None
    start = m.start()

    def f(r: _Resolver, c: _Cand) -> _Val:
        dct = r.dct
        if dct is None:
            return _Val(f"XXXX-XX-{day:02d}", False)
        options = []
        for k in (-1, 0, 1, 2):
            y, mo = _add_months(dct.year, dct.month, k)
            if _valid_day(y, mo, day) and (wd is None or date(y, mo, day).weekday() == wd):
                options.append(date(y, mo, day))
        if not options:
            return _Val(None, False)
        t, own = r.tense_detail(c)
        if t == "PAST":
            past = [d for d in options if d <= dct]
            options = past or options
        elif _looks_ahead(t, own) or wd is not None:
            ahead = [d for d in options if d >= dct]
            options = ahead or options
        return _day_val(min(options, key=lambda d: abs((d - dct).days)))

    yield _Cand(start, m.end(), "DATE", f, rank=7, kind="day")


def _spoken_year_value(text: str) -> int:
    words = re.split(r"[-\s]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (int(_NUMBER_WORDS[rest[0]]) if rest else 0)
    year = _CENTURY_WORDS[words[0]] * 100
    rest = [w for w in words[1:] if w not in ("oh", "hundred")]
    return year + sum(int(_NUMBER_WORDS[w]) for w in rest)


@_pattern(r"\b(?:every|each)\s+(?P<w>half|quarter)[-\s]hour\b", trigger=r"hour")
def _h_every_half_hour(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "guided tours every half hour", "each quarter-hour": a set of that length."""
    v = "PT30M" if m["w"].lower() == "half" else "PT15M"
    yield _Cand(m.start(), m.end(), "SET", _const(v), rank=4)


@_pattern(
    r"\b(?-i:AD)[ \t]+(?P<y1>\d{1,4})\b(?![.,]?\d)|\b(?P<y2>\d{1,4})[ \t]+(?-i:AD)\b",
    trigger=r"(?-i:AD)",
)
def _h_anno_domini(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "between AD 210 and AD 260", "in 410 AD": a year of the era, written with
    four digits (``0210``)."""
    y = int(m["y1"] or m["y2"])
    if 1 <= y <= 2100:
        yield _Cand(m.start(), m.end(), "DATE", _const(f"{y:04d}"), rank=6, explicit=True)


@_pattern(r"\bthe\s+past\s+day\b(?!['’])(?!\s+or\b)", trigger=r"day")
def _h_past_day(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "searched more than 200 properties over the past day": the last 24 hours
    as a length, as "the past week" is one."""
    yield _Cand(m.start(), m.end(), "DURATION", _const("P1D"), rank=3)


@_pattern(
    r"\ba\s+(?:short\s+|little\s+)?(?:while|time)\s+ago\b",
    trigger=r"ago",
    back_words=4,
)
def _h_while_ago(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "a short while ago", "a little while ago": some time before now (PAST_REF)."""
    if "time" in m.group(0).lower() and "short" not in m.group(0).lower():
        return  # "a time ago" is no English
    yield _Cand(m.start(), m.end(), "DATE", _const("PAST_REF"), rank=3, kind="ref")


@_pattern(rf"\ba\s+week\s+on\s+(?P<wd>{_WD})\b|\b(?P<wd2>{_WD})\s+week\b(?![-'’])", trigger=r"week")
def _h_weekday_week(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "a week on Thursday", "Thursday week": the Thursday after the coming one."""
    if m["wd2"] and s.prev_word(m.start()) not in ("on", "by", "until", "till", "from", "before"):
        return
    wd = _WEEKDAYS[(m["wd"] or m["wd2"]).lower()]

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(f"XXXX-WXX-{wd + 1}", False)
        coming = r.dct + timedelta(days=((wd - r.dct.weekday()) % 7) or 7)
        return _day_val(coming + timedelta(days=7))

    yield _Cand(m.start(), m.end(), "DATE", f, rank=7, kind="day")


_BEFORE_SPOKEN_HOUR = _words(
    "at from until till by about around after before since to between and nearly almost past gone"
)
_CENTURY_WORDS = {"eighteen": 18, "nineteen": 19, "twenty": 20}
# what a spoken year may follow: a preposition, a list, or a date ("the fifth of
# March, two thousand and four")
_SPOKEN_YEAR_BEFORE_RE = re.compile(
    r"(?:\b(?:in|since|of|from|until|till|by|before|after|to|and|or|during|through|year)"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|nineteen\s+[\w-]+|two\s+thousand(?:\s+and)?\s+\w+)\s*,)\s+$",
    re.IGNORECASE,
)
_SPOKEN_YEAR_NEXT_RE = re.compile(
    r"\s*(?:[,.;:!?)\"”’'—–]|$)|\s+(?:and|or|when|but|to|until|after|before|the|he|she|they|"
    r"we|it|i|his|her|their|its|was|were|had|as|in|at|on|with|so|then|while|that|which)\b",
    re.IGNORECASE,
)


@_pattern(
    rf"\b(?:{_SPOKEN_YEAR_SRC})\b(?!-)",
    trigger=r"eighteen|nineteen|twenty|thousand",
    back_words=3,
)
def _h_spoken_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """Years as they are said: "nineteen ninety-one", "two thousand and nine",
    "twenty thirteen". Only after a preposition or in a list, and before the
    clause goes on, so "nineteen ninety people" stays a count."""
    if not _SPOKEN_YEAR_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start()):
        return
    if not _SPOKEN_YEAR_NEXT_RE.match(s.text, m.end()):
        return
    year = _spoken_year_value(m.group())
    yield _Cand(m.start(), m.end(), "DATE", _const(f"{year:04d}"), rank=6, explicit=True)


@_pattern(
    r"\b(?:at|by|before|after|until|till|from|since|around)\s+(?P<w>dawn|daybreak|dusk|nightfall)\b"
    r"(?!\s+(?:of|on)\b)",
    trigger=r"dawn|daybreak|dusk|nightfall",
)
def _h_dawn(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "by nightfall the toll had passed 1,000": the evening (``TEV``) of the day
    the story is on; "at dawn" its morning (``TMO``). Not "the dawn of an era"."""
    part = "TEV" if m["w"].lower() in ("dusk", "nightfall") else "TMO"
    on_day = _anchor_day_resolve(0, part)

    def f(r: _Resolver, c: _Cand) -> _Val:
        return _on_clocks_day(r, on_day(r, c), part)

    # resolved at its place, like a clock time, so the clocks before it are known
    yield _Cand(m.start("w"), m.end(), "TIME", f, rank=2, kind="time")


def _on_clocks_day(r: _Resolver, v: _Val, part: str) -> _Val:
    """A part of the day ``v`` on the day after it when the clock told last is
    there: "at 2 a.m., when the deck grew too hot ... By dawn", "service was
    back by 8:30 a.m. ... problems into the afternoon": the night the story told
    has crossed into the next day (resolve it at its place, ``kind="time"``)."""
    if v.day is not None and r.last_clock is not None:
        clock_day = r.last_clock[0].date()
        if (clock_day - v.day).days == 1:
            return _day_val(clock_day, part)
    return v


_POSSESSIVES = _words("its their his her our")
# what a season's report is called: "its spring forecast", "the autumn statement"
_SEASON_REPORTS = _words(
    "forecast forecasts statement report survey review outlook projections update budget"
)
_PART_AFTER_RE = _rx(r"[ \t]+(?P<part>morning|afternoon|evening|night)s?\b")
# "each fall in prices", "every fall of the index": the noun "fall"
_FALL_NOUN_NEXT = _words("in of was is has had came comes")
# a clock time as a set's hour: "08:00", "10.30am", "9 a.m."
_SET_CLOCK = (
    r"(?P<hh>[01]?\d|2[0-3])(?:(?P<sep>[:.])(?P<mm>[0-5]\d))?"
    r"(?:\s?(?P<ap>[ap])(?:m\b|\.m\.))?"
)
_AT_CLOCK_RE = _rx(rf"\s+at\s+{_SET_CLOCK}(?![\w:])")
# "with play starting at 10.30am each day": the clock just before the set
_CLOCK_BEFORE_SET_RE = re.compile(rf"(?<![\w:.]){_SET_CLOCK}\s+$", re.IGNORECASE)


def _set_clock(m: re.Match[str]) -> tuple[int, int] | None:
    """Hour and minute of a ``_SET_CLOCK`` match; None without "am"/"pm" or a
    colon ("at 9 each day" may be a count), or past 12 with "am"/"pm"."""
    hh, mm = int(m["hh"]), int(m["mm"] or 0)
    if m["ap"]:
        if not 1 <= hh <= 12:
            return None
        return (hh % 12 + (12 if m["ap"].lower() == "p" else 0), mm)
    return (hh, mm) if m["sep"] == ":" else None


@_pattern(
    rf"\b(?P<q>every|each)\s+(?:(?P<n>{_NUM}|few|several|couple\s+of)\s+)?(?P<other>(?:other|alternate)\s+)?"
    r"(?P<unit>second|minute|hour|day|night|week|weekend|fortnight|"
    r"month|quarter|year|decade|morning|afternoon|evening|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter|fall)"
    rf"(?P<pl>s)?\b|\b(?:every|each)\s+(?P<mon>{_MON_FULL})(?:\s+(?P<day>3[01]|[12]\d|0?[1-9])\b)?\b",
    trigger=r"every|each",
)
def _h_every(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if (m["unit"] or "").lower() == "fall" and (m["pl"] or s.next_word(m.end()) in _FALL_NOUN_NEXT):
        return  # "each fall in the index": the noun, not the season
    if m["mon"]:
        # "each September": TimeML's set of that month in every year; "every
        # May 9", "each June 30": of that day
        month = _MONTHS[m["mon"].lower()]
        v = f"XXXX-{month:02d}"
        if m["day"] and _valid_day(2000, month, int(m["day"])):
            v += f"-{int(m['day']):02d}"
        yield _Cand(m.start(), m.end(), "SET", _const(v), rank=4)
        return
    unit = m["unit"].lower()
    if m["n"]:
        # "every two years" (P2Y), "every few months" (PXM): one set, not a duration
        if m["q"].lower() != "every" or not m["pl"] or unit not in _UNITS:
            return
        n_s = m["n"].lower()
        n = None if n_s in ("few", "several") or n_s.startswith("couple") else _num_value(n_s)
        if n_s.startswith("couple"):
            n = 2
        if n is not None and n > 1000:
            return
        yield _Cand(m.start(), m.end(), "SET", _const(_duration_value(n, unit)), rank=6)
        return
    if m["pl"]:
        return
    k = 2 if m["other"] else 1
    end = m.end()
    at = _AT_CLOCK_RE.match(s.text, end)
    before = _CLOCK_BEFORE_SET_RE.search(s.text, max(0, m.start() - 16), m.start())
    if unit in ("day", "morning", "afternoon", "evening", "night") and not m["other"]:
        # "every morning at 08:00", "at 10.30am each day": one set of clock
        # times, not a date at 10:30 and a set of days
        sets = [(m.start(), at.end(), _set_clock(at))] if at else []
        if before:
            sets.append((before.start(), m.end(), _set_clock(before)))
        for lo, hi, hm in sets:
            if hm is not None:
                v = f"XXXX-XX-XXT{hm[0]:02d}:{hm[1]:02d}"
                yield _Cand(lo, hi, "SET", _const(v), rank=6)
                return
    if unit in _WEEKDAYS:
        v = f"XXXX-WXX-{_WEEKDAYS[unit] + 1}"
        pod = _PART_AFTER_RE.match(s.text, end)
        if pod:  # "every Friday night": one set of that part of the day
            v += "T" + _PARTS_OF_DAY[pod["part"].lower()]
            end = pod.end()
    elif unit in _PARTS_OF_DAY:
        v = "XXXX-XX-XXT" + _PARTS_OF_DAY[unit]
    elif unit in _SEASONS:
        v = "XXXX-" + _SEASONS[unit]
    elif unit == "weekend":
        v = "XXXX-WXX-WE"
    else:
        v = _duration_value(k, unit)
    yield _Cand(m.start(), end, "SET", _const(v), rank=4)


@_pattern(
    r"\b(?P<w>daily|weekly|monthly|yearly|annually|annual|hourly|quarterly|nightly|"
    r"biannual|semi-?annual|semi-?annually|bi-?annually|fortnightly|bi-?weekly|"
    r"twice\s+(?:daily|weekly|monthly|yearly|annually))\b",
    trigger=r"ly\b|annual",
    mid_word=True,
)
def _h_set_word(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    word = s.text[m.start() : m.end()]
    if word[0].isupper() and not s.at_sentence_start(m.start()):
        prev = s.text[max(0, m.start() - 20) : m.start()].split()
        nxt = s.text[m.end() : m.end() + 20].split()
        if (prev and prev[-1][:1].isupper()) or (nxt and nxt[0][:1].isupper()):
            return  # "People's Daily", "Daily Mail"
    if m["w"].lower() == "daily" and _PAPER_NAME_AFTER_RE.match(s.text, m.end()):
        # "the Communist Party daily Granma reported": a newspaper ("the weekly
        # Quayside night market" is a set: a weekly's name is left alone)
        return
    w = m["w"].lower().replace("-", "").split()[-1]  # "twice weekly": the set is weekly
    v = _SET_WORDS.get(w) or _SET_WORDS.get(m["w"].lower(), "P1Y")
    yield _Cand(m.start(), m.end(), "SET", _const(v), rank=1)


# a newspaper's name after "daily": "the party daily Granma reported"
_PAPER_NAME_AFTER_RE = re.compile(
    rf"[ \t]+(?!(?:{_MON_ANY}|{_WD}|Except|Through|Until|From|At|In|On|And|But|The)\b)"
    r"(?-i:[A-Z][\w'’.-]*)",
    re.IGNORECASE,
)
_SPEED_UNIT_RE = _rx(
    r"\b(?:km|kms|kilometres?|kilometers?|miles?|metres?|meters?|feet|knots?|"
    r"litres?|liters?|gallons?|barrels?|beats?|words?|revolutions?|cubic\s+\w+)\s+$"
)


@_pattern(
    r"\bper\s+(?P<unit>second|minute|hour|day|night|week|month|quarter|year|annum)\b",
    trigger=r"per\s",
)
def _h_per(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    if _SPEED_UNIT_RE.search(s.text, max(0, m.start() - 20), m.start()):
        return  # "180 km per hour" is a speed (a measure), not a set of times
    unit = m["unit"].lower()
    unit = "year" if unit == "annum" else unit
    yield _Cand(m.start(), m.end(), "SET", _const(_duration_value(1, unit)), rank=1)


def _pt(h: int, mi: int, seconds: str) -> str:
    """A clock-written length as TIMEX3 writes it: "PT4H52M17S", units that are
    zero left out ("PT" alone when all are)."""
    return (
        "PT"
        + (f"{h}H" if h else "")
        + (f"{mi}M" if mi else "")
        + (f"{seconds}S" if seconds not in ("0", "") else "")
    )


@_pattern(
    r"(?<![\w:.,])(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?P<frac>\.\d+)?(?![\w:]|[.,]\d)"
    r"|(?<![\w:.,])(?P<m2>\d{1,2}):(?P<s2>[0-5]\d)(?P<frac2>\.\d+)(?![\w:]|[.,]\d)",
    trigger=r"\d:\d\d",
)
def _h_clock_duration(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A race or record time ("won in 2:05:37", "ran 3:41.2"): a duration.

    After "at", "by", "until" ... the same digits are a clock time (left to
    ``_h_clock``); without seconds ("2:05") they are more often a score.
    """
    if re.search(
        r"\b(?:at|by|until|till|from|to|since|before|after|around)\s*$",
        s.text[max(0, m.start() - 12) : m.start()],
        re.I,
    ) and not (m["h"] is not None and _RIDING_AFTER_RE.match(s.text, m.end())):
        # (but "won a sprint after 6:02:18 in the saddle" is the race's length)
        return
    if m["h"] is not None:
        h, mi, sec, frac = int(m["h"]), int(m["m"]), m["s"], m["frac"] or ""
    else:
        h, mi, sec, frac = 0, int(m["m2"]), m["s2"], m["frac2"] or ""
    seconds = str(int(sec)) + frac.rstrip("0").rstrip(".") if frac else str(int(sec))
    v = _pt(h, mi, seconds)
    if v == "PT":
        return
    yield _Cand(m.start(), m.end(), "DURATION", _const(v), rank=6)


@_pattern(
    r"(?<![\w.:])(?:(?P<h>\d{1,2})\s?hrs?\b\s*)?(?:(?P<m>\d{1,3})\s?mins?\b\s*)?"
    r"(?:(?P<s>\d{1,2})\s?secs?\b)?",
    trigger=r"\d\s?(?:hrs?|mins?|secs?)\b",
)
def _h_race_gap(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A race time or gap written with abbreviated units, as British sports
    copy does: "4hr 52min 17sec", "2min 10sec clear", "34sec": one length."""
    if not (m["h"] or m["m"] or m["s"]):
        return
    v = _pt(int(m["h"] or 0), int(m["m"] or 0), str(int(m["s"] or 0)))
    if v == "PT":
        return
    end = m.end()
    while end > m.start() and s.text[end - 1].isspace():
        end -= 1
    yield _Cand(m.start(), end, "DURATION", _const(v), rank=7)


@_pattern(
    r"(?<![\w:.,])(?P<m>\d{1,2}):(?P<s>[0-5]\d)(?![\w:]|[.,]\d)",
    trigger=r"\d:\d\d",
)
def _h_race_gap_clock(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A gap in minutes and seconds: "lost 4:35", "1:50 behind the winner",
    "finished fourth at 1:12" after a rider's place; a split that no clock
    can be ("swam the leg in 54:07"). A clock time otherwise."""
    after = _GAP_AFTER_RE.match(s.text, m.end())
    before = _GAP_BEFORE_RE.search(s.text, max(0, m.start() - 30), m.start())
    # "came out of the water in 54:07": past 23 it is no clock; "in" a time
    no_clock = int(m["m"]) >= 24 and s.prev_word(m.start()) in ("in", "clocked", "of")
    # "won the earlier race for the Ladies' Plate in 19:36": a winner's time
    # (from ten minutes up: "won in 2:08" may be hours, a marathon's)
    no_clock = no_clock or (
        int(m["m"]) >= 10
        and s.prev_word(m.start()) == "in"
        and _RACE_VERB_BEFORE_RE.search(s.text, max(0, m.start() - 80), m.start()) is not None
    )
    if after is None and before is None and not no_clock:
        return
    v = _pt(0, int(m["m"]), str(int(m["s"])))
    if v != "PT":
        yield _Cand(m.start(), m.end(), "DURATION", _const(v), rank=7)


# a noun after "a second": the ordinal ("about a second railway"), not a length
# ("about a second later", "about a second faster", "about a second, then")
_ORDINAL_NOUN_NEXT_RE = re.compile(
    r"[ \t]+(?!(?:ago|later|earlier|before|after|or|and|to|of|in|for|off|on|at|per|each|"
    r"faster|slower|longer|shorter|behind|ahead|late|early|apart|too|more|less)\b)"
    r"[a-z][a-z-]+\b"
)
# what follows a margin of "by a second": the clause goes on or ends
_MARGIN_AFTER_RE = re.compile(
    r"\s*(?:[,.;:!?)\"”’]|$|(?:last|this|in|at|on|and|or|to|over|from|after|with)\b)",
    re.IGNORECASE,
)
# a race won or run, in the clause before "in 19:36"
_RACE_VERB_BEFORE_RE = re.compile(
    r"\b(?:won|finished|ran|rowed|swam|completed|covered|crossed\s+the\s+line|clocked)\b"
    r"[^.;:!?\n]{0,70}$",
    re.IGNORECASE,
)
# "1:50 behind", "4:35 down on the leader"; "lost 4:35", "finished fourth at 1:12"
_GAP_AFTER_RE = re.compile(r"\s+(?:behind|adrift|clear|down\s+on)\b", re.IGNORECASE)
_GAP_BEFORE_RE = re.compile(
    r"\b(?:lost|gained|conceded|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|\d+(?:st|nd|rd|th))\s+at)\s+$",
    re.IGNORECASE,
)


# what follows a race's length: "after 6:02:18 in the saddle", "of racing"
_RIDING_AFTER_RE = re.compile(
    r"\s+(?:in\s+the\s+(?:saddle|water|pool|car)|of\s+(?:racing|riding|running|play|swimming))\b",
    re.IGNORECASE,
)


@_pattern(
    r"(?<![\w-])(?P<unit>hour|day|week|month|year|decade)[-‐]?long\b",
    trigger=r"long\b",
    mid_word=True,
)
def _h_unit_long(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the month-long strike": one unit of length, as "a week-long festival"."""
    unit = m["unit"].lower()
    yield _Cand(m.start(), m.end(), "DURATION", _const(_duration_value(1, unit)), rank=1)


_AFTER_A_SPELL = _words(
    "after following despite amid ending end ended ends within over during through"
)


_VAGUE_PLURAL_UNITS = r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades)"


_RECORD_VERBS = _words(
    "release releases released publish publishes published issue issues issued approve "
    "approves approved circulate circulates circulated"
)
# "minutes of the March meeting", "the minutes of its last session": the record
_MEETING_MINUTES_RE = re.compile(
    r"\s+of\s+(?:[\w'’.-]+\s+){0,4}?(?:meeting|meetings|session|sitting|hearing|deliberations)\b",
    re.IGNORECASE,
)


@_pattern(
    r"(?<![\w-])(?:(?P<verb>(?:took|take|takes|taking|spent|spend|spends|spending|waited|wait|"
    r"waits|waiting|lasted|last|lasts|lasting|needed|needs|required|requires|delayed|"
    r"stalled|dragged\s+on\s+for|went|go|goes|going|gone)\s+)|"
    r"(?P<the>the\s+)?(?P<adj>coming|recent|past|last|next|previous|following)\s+)?"
    + _VAGUE_PLURAL_UNITS
    # ("the rains came weeks late", "years behind schedule": a length of no told size)
    + r"\b(?P<after>\s+(?:after|before|later|earlier|late|early|behind|ahead)\b)?",
    trigger=r"seconds|minutes|hours|days|weeks|months|years|decades",
    back_words=3,
)
def _h_vague_plural(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """A plural unit with no number is a vague duration: "it took hours"
    (PTXH), "months later" (PXM), "hours after the attack" (PTXH), "in recent
    years" (PXY), "in the coming weeks" (PXW)."""
    unit = m["unit"].lower()[:-1]
    value = _const(_VAGUE_UNIT[unit])
    spell_after = (
        m["adj"] is not None
        and m["adj"].lower() == "following"
        and not m["the"]
        and s.next_word(m.end("unit")) == "of"
    )
    if spell_after:
        # "following months of delays": the preposition, not "the following months"
        yield _Cand(m.start("unit"), m.end("unit"), "DURATION", value, rank=1)
        return
    if m["adj"]:
        if m["adj"].lower() != "recent" and not m["the"]:
            return  # "next weeks" alone is unusual; "past months" too
        if s.next_word(m.end("unit")) == "of":
            return  # "the past months of talks" is left to the duration rules
        yield _Cand(m.start(), m.end("unit"), "DURATION", value, rank=2)
        return
    if not (m["verb"] or m["after"]):
        if unit == "minute" and _MEETING_MINUTES_RE.match(s.text, m.end("unit")):
            return  # "Minutes of Thursday's meeting will be published": a record
        if s.next_word(m.end("unit")) == "of" and (
            s.at_sentence_start(m.start("unit")) or s.prev_word(m.start("unit")) in _AFTER_A_SPELL
        ):
            # "Decades of neglect ...", "after years of talks": a vague length
            # (not "has years of experience", a quantity)
            yield _Cand(m.start("unit"), m.end("unit"), "DURATION", value, rank=1)
        return
    if unit == "minute" and s.prev_word(m.start("unit")) in _RECORD_VERBS:
        return  # "releases minutes after each meeting": the record of it
    if m["verb"] and m["verb"].lower().startswith("spen") and s.next_word(m.end("unit")) == "of":
        return  # "spent hours of footage": a quantity (but "would take months of rain")
    if (
        m["verb"]
        and m["verb"].lower().startswith(("go", "went"))
        and (s.next_word(m.end("unit")) != "without")
    ):
        return  # "went weeks without pay" is a length; "goes days" alone is not
    yield _Cand(m.start("unit"), m.end("unit"), "DURATION", value, rank=1)


def _year_range(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "2010-14", "the 2008/09 season", "1998–2003": both ends are years.

    The bare-year rule refuses a number followed by a dash (it is more often
    a count range, "1500-2000 people"); here the second number must read as a
    later year within fifty years, and no count noun may follow.
    """
    y1 = int(m["y1"])
    raw2 = m["y2"]
    if len(raw2) == 2:
        y2 = (y1 // 100) * 100 + int(raw2)
        if y2 <= y1:
            y2 += 100
    else:
        y2 = int(raw2)
    if not (y1 < y2 <= y1 + 50) or not (1800 <= y1 <= 2099):
        return
    if m["sep"].strip() == "to" and len(raw2) == 2:
        return  # "2010 to 14" is not how a year range is written
    if _COUNT_NOUN_RE.match(s.text[m.end() : m.end() + 30].lstrip()):
        return  # "1500-2000 people"
    before = _FISCAL_SPAN_BEFORE_RE.search(s.text, max(0, m.start() - 30), m.start())
    after = _FISCAL_SPAN_AFTER_RE.match(s.text, m.end())
    if (before or after) and y2 == y1 + 1 and m["sep"].strip() in ("-", "–", "/"):
        # "the 2015-16 financial year", "financial year 2023-24", "FY2015/16": one
        # fiscal year spanning two calendar years, named by the year it ends in
        # (``FY2016``), as the rules name every fiscal year and as five of seven
        # blind writers did (docs/dates.md, fifty-eighth round)
        start = before.start() if before else m.start()
        if not before and s.text[max(0, start - 4) : start].lower() == "the ":
            start -= 4
        end = after.end() if after else m.end()
        yield _Cand(start, end, "DATE", _const(f"FY{y2:04d}"), rank=5)
        return
    if s.prev_word(m.start()) in _NOT_YEAR_PREV and s.prev_word(m.start()) not in _YEAR_CONTEXT:
        return
    if y2 == y1 + 1 and len(raw2) == 2 and m["sep"].strip() in ("-", "–", "/"):
        # "the 2014-15 school year", "the 2012-13 budget", "the 2008/09 season":
        # one span of two calendar years, named by the year it starts in; with
        # its noun and "the" inside the extent, as every blind writer marked it
        start, end = m.start(), m.end()
        noun = _SPAN_NOUN_AFTER_RE.match(s.text, end)
        if noun is not None:
            end = noun.end()
            if s.text[max(0, start - 4) : start].lower() == "the ":
                start -= 4
        yield _Cand(start, end, "DATE", _const(f"{y1:04d}"), rank=3)
        return
    yield _Cand(m.start("y1"), m.end("y1"), "DATE", _const(f"{y1:04d}"), rank=3)
    yield _Cand(m.start("y2"), m.end("y2"), "DATE", _const(f"{y2:04d}"), rank=3)


_FISCAL_SPAN_BEFORE_RE = re.compile(
    r"(?:\bthe\s+)?(?:\b(?:fiscal|financial|tax)\s+year|\bfiscal|\bFY)\s*$", re.IGNORECASE
)
_FISCAL_SPAN_AFTER_RE = re.compile(r"\s+(?:fiscal|financial|tax)\s+year\b", re.IGNORECASE)
_SPAN_NOUN_AFTER_RE = re.compile(r"\s+(?:season|school\s+year|academic\s+year)\b", re.IGNORECASE)


@_pattern(
    r"\b(?:(?P<rel>this|last|next|the\s+current|the\s+previous|the\s+coming|the\s+next|the\s+last)"
    r"\s+)(?:fiscal|financial)\s+year\b",
    trigger=r"fiscal|financial",
)
def _h_fiscal_rel(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "next fiscal year" is FY plus the calendar year the offset gives; where
    the fiscal year starts is the company's, so the year is the best we know."""
    rel = re.sub(r"\s+", " ", m["rel"].lower()).removeprefix("the ")
    off = _FISCAL_REL_OFFSET[rel]
    ended = s.fiscal_year_ended()
    if ended is not None and ended.start() >= m.start():
        ended = None  # told after it

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        if ended is not None:
            # "earned 1.78 billion in the fiscal year that ended on June 30, and
            # has budgeted 1.80 billion for the current fiscal year", told in
            # December 1998: counted from the year that ended (FY1998), FY1999
            return _Val(f"FY{_ended_year(ended, r.dct) + 1 + off:04d}", True)
        return _Val(f"FY{r.dct.year + off:04d}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=5)


# (the years :func:`_h_fiscal` reads, with four digits only: read once per text)
_NAMED_FISCAL_RE = re.compile(rf"\b{_FISCAL_NAMED_PREFIX}(?P<year>(?:19|20)\d\d)\b", re.I)
_FISCAL_SPLIT_NEXT_RE = re.compile(r"[-/–]\d\d")
# "the financial year that ended on June 30": the report's own fiscal year
_FISCAL_YEAR_ENDED_RE = re.compile(
    # (and "fiscal 1985, which ended March 31")
    r"\b(?:fiscal|financial|business)\s+(?:year|(?:19|20)\d\d),?\s+(?:that|which)\s+"
    r"(?:ended|closed)\s+(?:on\s+)?"
    rf"(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])?\b(?:\s*,\s*(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)


def _ended_year(ended: re.Match[str], dct: date | None) -> int:
    """The calendar year of a fiscal period's last day as written (``mon``,
    ``day`` and ``year`` groups: "ended on June 30", "which ended Jan. 31",
    "ended on Sept. 30, 2009"): the year given, else the latest such day by
    publication."""
    if ended["year"]:
        return int(ended["year"])
    assert dct is not None
    month = _month_num(ended["mon"])
    day = int(ended["day"]) if ended["day"] else 1
    y = dct.year
    if "ends" in ended.re.groupindex and ended["ends"]:
        if _valid_day(y, month, day) and date(y, month, day) < dct:
            y += 1  # "which ends May 31": the coming such day
        return y
    if _valid_day(y, month, day) and date(y, month, day) > dct:
        y -= 1  # "ended": the latest such day by publication
    return y


# "the fiscal year that begins Oct. 1": the next one to start in that month
_FISCAL_BEGINS_AFTER_RE = re.compile(
    r"\s+(?:that\s+|which\s+)?(?:begins|starts|beginning|starting)\s+(?:on\s+|in\s+)?"
    rf"(?P<month>{_MON_ANY})",
    re.IGNORECASE,
)
# "the fiscal year ending July 31", "... that ended March 31": one year's end day
_FISCAL_ENDING_AFTER_RE = re.compile(
    r"\s+(?:that\s+|which\s+)?(?:(?P<ends>ending|ends)|ended|closing|closed)\s+(?:on\s+)?"
    rf"(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])?\b(?:\s*,\s*(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
# "its fiscal year ends on June 30", "the fiscal year runs from July": a company's
# calendar, said of every year, is no date
_FISCAL_GENERIC_AFTER_RE = re.compile(r"\s+(?:ends|begins|starts|runs|closes)\b", re.I)


@_pattern(
    r"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>half|quarter)"
    r"\s+of\s+)?"
    r"(?:the|its|their)\s+(?:fiscal|financial|business)\s+year\b(?![-\s]*(?:\d|to\s+date))",
    trigger=r"fiscal|financial|business",
)
def _h_fiscal_the(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the fiscal year", "the first half of its business year", "the third quarter
    of the fiscal year": the report's own fiscal year (TIDES: ``FY1999``,
    ``FY1999-H1``, ``FY1999-Q3``), where the company's year
    starts being unknown. Its number is the latest the text names before it
    ("fiscal 1999"; else the first it names), or, for "the fiscal year that
    begins Oct. 1", the calendar year that year ends in (the US federal style),
    else the publication year."""
    if not m["part"] and _FISCAL_GENERIC_AFTER_RE.match(s.text, m.end()):
        return
    part = ""
    if m["part"]:
        n = _ORDINALS[m["ord"].lower()]
        if m["part"].lower() == "half" and n > 2:
            return  # no "third half"
        part = f"-{m['part'][0].upper()}{n}"  # "-H1", "-Q3"
    begins = _FISCAL_BEGINS_AFTER_RE.match(s.text, m.end())
    ending = _FISCAL_ENDING_AFTER_RE.match(s.text, m.end())
    named = s.named_fiscal_year(m.start())
    ended = s.fiscal_year_ended()
    if ended is not None and (
        ended.start() >= m.end() or s.named_fiscal_year_between(ended.start(), m.start())
    ):
        ended = None  # told later, or a fiscal year named by its number since

    def f(r: _Resolver, c: _Cand) -> _Val:
        if begins is not None and r.dct is not None:
            month = _MONTHS[begins["month"].lower().rstrip(".")]
            start = r.dct.year + (month <= r.dct.month)  # the next start of that month
            y = start + (month > 1)
        elif ending is not None and (ending["year"] or r.dct is not None):
            # "expects another loss for the fiscal year ending July 31", told in
            # June 1985: named by the calendar year of the day it ends on (a
            # retailer's year ending in January or at the start of February by
            # the year before, the one it mostly covers: "ending Feb. 1" 2014 is
            # fiscal 2013)
            y = _ended_year(ending, r.dct)
            month = _month_num(ending["mon"])
            if month == 1 or (month == 2 and ending["day"] and int(ending["day"]) <= 7):
                y -= 1
        elif ended is not None and (ended["year"] or r.dct is not None):
            # "in the financial year that ended on June 30", and its halves after:
            # named by the calendar year of that day, the latest one by publication
            y = _ended_year(ended, r.dct)
        elif named is not None:
            y = named
        elif r.dct is not None:
            y = r.dct.year
        else:
            return _Val(f"FYXXXX{part}", False)
        return _Val(f"FY{y:04d}{part}", True)

    yield _Cand(m.start(), m.end(), "DATE", f, rank=5)


@_pattern(
    r"\bthe\s+(?P<year>(?:19|20)\d\d)\s+(?:fiscal|financial)\s+year\b",
    trigger=r"fiscal|financial",
)
def _h_year_fiscal_year(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "the 2013 financial year": that fiscal year, one DATE (``FY2013``), as
    "fiscal 2013" and "financial year 2013" are."""
    yield _Cand(m.start(), m.end(), "DATE", _const(f"FY{m['year']}"), rank=6, explicit=True)


@_pattern(
    r"\b(?:fiscal|FY)\s*(?P<year>\d{4})['’]s\s+(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)"
    r"[-\s]+quarter\b",
    trigger=r"fiscal|fy",
)
def _h_fiscal_quarter(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    """ "fiscal 2024's second quarter": FY2024-Q2, as TIDES writes fiscal quarters."""
    q = _ORDINALS[m["ord"].lower()]
    yield _Cand(m.start(), m.end(), "DATE", _const(f"FY{m['year']}-Q{q}"), rank=6)


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = ((h + ll - 7 * m + 114) % 31) + 1
    return date(y, month, day)


def _orthodox_easter(y: int) -> date:
    """Orthodox Easter Sunday: the Julian computus (Meeus), moved onto the
    Gregorian calendar (13 days in 1900-2099)."""
    d = (19 * (y % 19) + 15) % 30
    e = (2 * (y % 4) + 4 * (y % 7) - d + 34) % 7
    julian = date(y, (d + e + 114) // 31, (d + e + 114) % 31 + 1)
    return julian + timedelta(days=y // 100 - y // 400 - 2)


def _julian_christmas(y: int) -> date:
    """Orthodox Christmas in year ``y``: the Julian 25 December of the year before
    (7 January in 1901-2099)."""
    return date(y - 1, 12, 25) + timedelta(days=(y - 1) // 100 - (y - 1) // 400 - 2)


def _nth_weekday(y: int, month: int, wd: int, n: int) -> date:
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = date(y, month, calendar.monthrange(y, month)[1])
    return last - timedelta(days=(last.weekday() - wd) % 7)


# a story told from Canada names these; one from the United States those
_CANADA_RE = re.compile(
    r"\b(?:Canada|Canadians?|Ontario|Quebec|Québec|Alberta|Manitoba|Saskatchewan|Nova\s+Scotia|"
    r"New\s+Brunswick|Newfoundland|Prince\s+Edward\s+Island|British\s+Columbia|Toronto|Montreal|"
    r"Montréal|Ottawa|Vancouver|Calgary|Edmonton|Winnipeg|Halifax|Charlottetown|Saskatoon|"
    r"Fredericton)\b"
)
_USA_RE = re.compile(r"\b(?:United\s+States|U\.S\.|America|Americans?|Washington)\b")


def _canadian_thanksgiving(y: int) -> date:
    """Canada's Thanksgiving: the second Monday of October."""
    return _nth_weekday(y, 10, 0, 2)


def _equinox_day(y: int, month: int, base: float) -> date:
    """Japan's Vernal (March) or Autumnal (September) Equinox Day, by the usual
    approximation of the equinox's day in Japan, good from 1980 to 2099; kept
    within the 19th-24th outside those years (any year must give a day)."""
    n = y - 1980
    day = int(base + 0.242194 * n) - n // 4
    return date(y, month, min(24, max(19, day)))


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas": lambda y: date(y, 12, 25),
    "boxing day": lambda y: date(y, 12, 26),
    "new year's eve": lambda y: date(y, 12, 31),
    "new year's day": lambda y: date(y, 1, 1),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "independence day": lambda y: date(y, 7, 4),
    "fourth of july": lambda y: date(y, 7, 4),
    "bastille day": lambda y: date(y, 7, 14),
    "easter sunday": _easter,
    "easter": _easter,
    "easter monday": lambda y: _easter(y) + timedelta(days=1),
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "ascension day": lambda y: _easter(y) + timedelta(days=39),
    "pentecost": lambda y: _easter(y) + timedelta(days=49),
    "whit monday": lambda y: _easter(y) + timedelta(days=50),
    "assumption day": lambda y: date(y, 8, 15),
    "all saints' day": lambda y: date(y, 11, 1),
    "all saints day": lambda y: date(y, 11, 1),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    # the second Sunday of May in most countries ("Mother's Day on May 10", the
    # Mexican day, is read from the day written beside it)
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "ash wednesday": lambda y: _easter(y) - timedelta(days=46),
    "palm sunday": lambda y: _easter(y) - timedelta(days=7),
    "maundy thursday": lambda y: _easter(y) - timedelta(days=3),
    "shrove tuesday": lambda y: _easter(y) - timedelta(days=47),
    "mardi gras": lambda y: _easter(y) - timedelta(days=47),
    "fat tuesday": lambda y: _easter(y) - timedelta(days=47),
    # the eve of the Epiphany, when New Orleans's Carnival season opens
    "twelfth night": lambda y: date(y, 1, 6),
    # Pamplona's feast, 7 July; Quebec's Fete nationale, 24 June
    "san fermin's day": lambda y: date(y, 7, 7),
    "saint-jean-baptiste day": lambda y: date(y, 6, 24),
    "st jean baptiste day": lambda y: date(y, 6, 24),
    "san fermín's day": lambda y: date(y, 7, 7),
    "orthodox easter": _orthodox_easter,
    "orthodox easter sunday": _orthodox_easter,
    "orthodox good friday": lambda y: _orthodox_easter(y) - timedelta(days=2),
    "orthodox christmas": lambda y: _julian_christmas(y),
    "orthodox christmas eve": lambda y: _julian_christmas(y) - timedelta(days=1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "black friday": lambda y: _nth_weekday(y, 11, 3, 4) + timedelta(days=1),
    "cyber monday": lambda y: _nth_weekday(y, 11, 3, 4) + timedelta(days=4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "labour day": lambda y: date(y, 5, 1),
    "may day": lambda y: date(y, 5, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "martin luther king jr day": lambda y: _nth_weekday(y, 1, 0, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "remembrance day": lambda y: date(y, 11, 11),
    "veterans day": lambda y: date(y, 11, 11),
    "st patrick's day": lambda y: date(y, 3, 17),
    "st david's day": lambda y: date(y, 3, 1),
    "st george's day": lambda y: date(y, 4, 23),
    "st andrew's day": lambda y: date(y, 11, 30),
    "burns night": lambda y: date(y, 1, 25),
    "bonfire night": lambda y: date(y, 11, 5),
    "australia day": lambda y: date(y, 1, 26),
    "anzac day": lambda y: date(y, 4, 25),
    "waitangi day": lambda y: date(y, 2, 6),
    # Canada's Family Day (Ontario, Alberta and others), the third Monday of
    # February; Japan's Showa Day, 29 April (from 2007; Greenery Day before);
    # Children's Day in Japan and Korea, 5 May (elsewhere none: ``_h_holiday``)
    "family day": lambda y: _nth_weekday(y, 2, 0, 3),
    "showa day": lambda y: date(y, 4, 29),
    "children's day": lambda y: date(y, 5, 5),
    # Spain's and Galicia's feast of St. James, 25 July
    "st james' day": lambda y: date(y, 7, 25),
    "st james's day": lambda y: date(y, 7, 25),
    # Massachusetts's and Maine's Patriots' Day, the third Monday of April;
    # Morocco's Throne Day, 30 July; Malaysia Day, 16 September
    "patriots' day": lambda y: _nth_weekday(y, 4, 0, 3),
    "patriot's day": lambda y: _nth_weekday(y, 4, 0, 3),
    "throne day": lambda y: date(y, 7, 30),
    "malaysia day": lambda y: date(y, 9, 16),
    # South Africa's Youth Day, 16 June (elsewhere none: ``_h_holiday``)
    "youth day": lambda y: date(y, 6, 16),
    # the Queen's (King's, from 2023) Birthday holiday: Australia's second Monday
    # of June, New Zealand's first (elsewhere none: ``_h_holiday``)
    "queen's birthday": lambda y: _nth_weekday(y, 6, 0, 2),
    "king's birthday": lambda y: _nth_weekday(y, 6, 0, 2),
    # the Northern Territory's Picnic Day: the first Monday of August
    "picnic day": lambda y: _nth_weekday(y, 8, 0, 1),
    # Andorra's national day, 8 September
    "meritxell day": lambda y: date(y, 9, 8),
    # Bermuda's Cup Match holidays: Emancipation Day, the Thursday before the
    # first Monday of August, then Mary Prince Day (Somers Day until 2019); an
    # Emancipation Day elsewhere is the country's (``_emancipation_day``)
    "mary prince day": lambda y: _nth_weekday(y, 8, 0, 1) - timedelta(days=3),
    "emancipation day": lambda y: date(y, 8, 1),
    # a Liberation or Revolution Day is the country's (``_COUNTRY_DAY_TABLES``;
    # none without one: these two days only give the pattern its names)
    "liberation day": lambda y: date(y, 7, 21),
    "revolution day": lambda y: date(y, 1, 12),
    "navy day": lambda y: date(y, 6, 1),  # (by ``_COUNTRY_DAY_TABLES`` only)
    # Portugal's 10 June, and the Azores' Day, the Monday after Pentecost
    "portugal day": lambda y: date(y, 6, 10),
    "azores day": lambda y: _easter(y) + timedelta(days=50),
    # Turkmenistan's Melon Day, the second Sunday of August; Benin's Vodun Day,
    # 10 January
    "melon day": lambda y: _nth_weekday(y, 8, 6, 2),
    "vodun day": lambda y: date(y, 1, 10),
    "voodoo day": lambda y: date(y, 1, 10),
    # Flag Day: the American 14 June, else the country's (``_FLAG_DAY``)
    "flag day": lambda y: date(y, 6, 14),
    "canada day": lambda y: date(y, 7, 1),
    # Spain's Canary Islands Day, 30 May; the American Columbus Day, the second
    # Monday of October (since 1971); Ireland's October bank holiday, its last
    # Monday
    "canary islands day": lambda y: date(y, 5, 30),
    "columbus day": lambda y: _nth_weekday(y, 10, 0, 2),
    "october bank holiday": lambda y: _nth_weekday(y, 10, 0, -1),
    "armistice day": lambda y: date(y, 11, 11),  # France's and Belgium's 11 November
    "reunification day": lambda y: date(y, 4, 30),  # Vietnam's 30 April
    # the feast of St. John the Baptist, 24 June (Midsummer's in much of Europe)
    "feast of st john": lambda y: date(y, 6, 24),
    "st john's day": lambda y: date(y, 6, 24),
    "curaçao day": lambda y: date(y, 10, 10),  # Curaçao's country status, 10 October 2010
    "curacao day": lambda y: date(y, 10, 10),
    "saba saba day": lambda y: date(y, 7, 7),  # Tanzania's 7 July
    "nunavut day": lambda y: date(y, 7, 9),  # Nunavut's 9 July
    # Sweden's and Finland's Midsummer Eve, the Friday from 19 to 25 June (in a
    # Nordic story only)
    "midsummer eve": lambda y: date(y, 6, 19) + timedelta(days=(4 - date(y, 6, 19).weekday()) % 7),
    # Bangladesh's Pohela Boishakh, 14 April (the revised Bengali calendar)
    "bengali new year": lambda y: date(y, 4, 14),
    "pohela boishakh": lambda y: date(y, 4, 14),
    # the American 19 June (a federal holiday since 2021)
    "juneteenth": lambda y: date(y, 6, 19),
    # the Monday before 25 May (Canada)
    "victoria day": lambda y: date(y, 5, 24) - timedelta(days=date(y, 5, 24).weekday()),
    # Botswana's Independence Day, by its own name
    "botswana day": lambda y: date(y, 9, 30),
    # a National Day is the story's country's: ``_h_holiday`` always replaces
    # this entry with ``_national_day`` (none when the story names no country
    # with one); the key is here so that the holiday pattern knows the name
    "national day": lambda y: date(y, 10, 1),
    # so is a Republic Day (India's, Turkey's, Italy's) and a Constitution Day (both
    # ``_COUNTRY_DAY_TABLES``)
    "republic day": lambda y: date(y, 1, 26),
    "constitution day": lambda y: date(y, 8, 4),
    # the Netherlands' King's Day: 27 April, or the 26th when the 27th is a Sunday
    "king's day": lambda y: date(y, 4, 26 if date(y, 4, 27).weekday() == 6 else 27),
    # Kenya's: Madaraka Day (self-rule, 1963), Mashujaa Day (heroes; Kenyatta Day
    # until 2010, the same day), Jamhuri Day (the republic, 1964)
    "madaraka day": lambda y: date(y, 6, 1),
    "mashujaa day": lambda y: date(y, 10, 20),
    "kenyatta day": lambda y: date(y, 10, 20),
    "jamhuri day": lambda y: date(y, 12, 12),
    # Japan's Health and Sports Day: 10 October until 1999, then the second Monday
    # of October
    "health and sports day": lambda y: date(y, 10, 10) if y < 2000 else _nth_weekday(y, 10, 0, 2),
    # Japan's equinox holidays (``_equinox_day``)
    "vernal equinox day": lambda y: _equinox_day(y, 3, 20.8431),
    "autumnal equinox day": lambda y: _equinox_day(y, 9, 23.2488),
    # the first day of the Chinese year, computed from the new moons, and the
    # Hebrew calendar's holidays, computed from its rules (calendars.py)
    "rosh hashanah": rosh_hashanah,
    "rosh hashana": rosh_hashanah,
    "jewish new year": rosh_hashanah,
    "yom kippur": yom_kippur,
    "passover": passover,
    "hanukkah": hanukkah,
    "hanukah": hanukkah,
    "chanukah": hanukkah,
    # the Islamic calendar's two Eids, from the new moons and the Umm al-Qura
    # rule (a day off in some years and countries: calendars.py)
    "eid al-fitr": eid_al_fitr,
    "lebaran": eid_al_fitr,  # Indonesia's name for it
    "idul fitri": eid_al_fitr,
    "eid ul-fitr": eid_al_fitr,
    "eid al fitr": eid_al_fitr,
    "eid al-adha": eid_al_adha,
    "eid ul-adha": eid_al_adha,
    "eid al adha": eid_al_adha,
    "eid": eid_al_fitr,  # (bare: the Eid the text names in full, see _h_holiday)
    "lunar new year": lunar_new_year,
    # China's Spring Festival (the Lunar New Year) and the Lantern Festival, the
    # fifteenth day of the first month (in a story that names China only)
    "spring festival": lunar_new_year,
    "lantern festival": lambda y: lunar_new_year(y) + timedelta(days=14),
    "chinese new year": lunar_new_year,
    "lunar new year's eve": lambda y: lunar_new_year(y) - timedelta(days=1),
    "chinese new year's eve": lambda y: lunar_new_year(y) - timedelta(days=1),
    "tet": tet,  # the Vietnamese new year (calendars.py)
    # the Iranian new year, from the March equinox (calendars.py)
    "nowruz": nowruz,
    "norouz": nowruz,
    "nowrouz": nowruz,
    "noruz": nowruz,
    "novruz": nowruz,
    "navruz": nowruz,
}
_HOLIDAY_RE = "|".join(
    sorted(
        (
            re.sub(r"^st ", r"st\\.?\\s+", k)
            .replace("'", "['’]?")
            .replace(" jr ", r" jr\.? ")
            .replace(" st ", r" st\.? ")
            .replace(" ", r"\s+")
            for k in _HOLIDAYS
        ),
        key=len,
        reverse=True,
    )
)


# "the May Day bank holiday": Britain's and Ireland's early-May bank holiday,
# the first Monday of May since 1978, not the first of May (moved to the 8th
# in 1995 and 2020 for the anniversaries of VE Day)
_BANK_HOLIDAY_NEXT_RE = re.compile(r"\s+bank\s+holiday\b", re.IGNORECASE)


# the holidays each country keeps on its own day
_COUNTRY_DAY_KEYS = frozenset(
    ("independence day", "national day", "republic day", "constitution day", "flag day")
)
# between a day and the holiday that names it again: "July 28, Peru's ", "Nov. 11, "
_HOLIDAY_APPOSED_GAP_RE = re.compile(
    r"\s*,\s*(?:the\s+|(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s?\s+)?", re.IGNORECASE
)
# goods named by a holiday: "Christmas cards", "Easter eggs", "Valentine's Day
# roses" (the blind writers leave them unmarked; "Christmas sales" is a time)
_HOLIDAY_GOODS_NEXT_RE = re.compile(
    r"[ \t]+(?:cards?|trees?|lights|decorations?|ornaments?|gifts?|presents?|eggs?|candy|"
    r"carols?|crackers?|wrap|wrapping\s+paper|stockings?|wreaths?|toys?|cakes?|puddings?|"
    r"roses|flowers|chocolates?|bunn(?:y|ies)|turkeys?|hampers?)\b"
)
# "the Tet Offensive", "Tet offensive": the 1968 campaign's name, not the holiday
_TET_NAME_NEXT_RE = re.compile(r"\s+[Oo]ffensive\b")


def _may_bank_holiday(y: int) -> date:
    if y in (1995, 2020):
        return date(y, 5, 8)
    return _nth_weekday(y, 5, 0, 1)


_HOLIDAY_ON_DAY_RE = re.compile(
    rf"\s*,?\s+on\s+(?P<mon>{_MON_ANY})\s*(?P<day>3[01]|[12]\d|0?[1-9])\b(?!\s*,?\s*\d)"
)
_OWN_PERIOD_BEFORE_RE = re.compile(
    r"\b(?P<rel>next|this|last)\s+(?P<unit>week|month|year)['’]s\s+$", re.IGNORECASE
)


def _holiday_in(fn: Callable[[int], date], dct: date, rel: str, unit: str) -> date | None:
    """The holiday that falls in the week, month or year ``rel`` names, if any."""
    off = {"last": -1, "this": 0, "next": 1}[rel]
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = fn(y)
        if unit == "year" and y == dct.year + off:
            return d
        if unit == "month" and _add_months(dct.year, dct.month, off) == (d.year, d.month):
            return d
        if unit == "week" and _iso_week(d) == _iso_week(dct + timedelta(weeks=off)):
            return d
    return None


# Independence Days on a fixed day of the Gregorian calendar, by the names a
# story gives the country (its name and its people's): "Nigeria's Independence
# Day" is 1 October, not the American 4 July
_INDEPENDENCE: dict[tuple[int, int], str] = {
    (7, 4): "United States|U\\.S\\.|US|America|Americans?",
    (8, 15): "India|Indians?|New\\s+Delhi|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras",
    (8, 14): "Pakistan|Pakistanis?|Islamabad|Karachi|Lahore",
    (3, 26): "Bangladesh|Bangladeshis?|Dhaka",
    (2, 4): "Sri\\s+Lanka|Sri\\s+Lankans?|Colombo",
    (10, 1): "Nigeria|Nigerians?|Cyprus|Cypriots?|Lagos|Abuja|Nicosia|Tuvalu|Tuvaluans?|Funafuti",
    (3, 6): "Ghana|Ghanaians?|Accra",
    (12, 12): "Kenya|Kenyans?",
    (9, 16): "Mexico|Mexicans?|Guadalajara|Monterrey|Jalisco|Papua\\s+New\\s+Guinea|"
    "Papua\\s+New\\s+Guineans?|Port\\s+Moresby",
    (9, 7): "Brazil|Brazilians?|Bras[ií]lia|Rio\\s+de\\s+Janeiro|S[aã]o\\s+Paulo",
    (7, 9): "Argentina|Argentines?|Argentinians?|South\\s+Sudan|South\\s+Sudanese|"
    "Buenos\\s+Aires|Juba",
    (9, 18): "Chile|Chileans?",
    (7, 20): "Colombia|Colombians?|Bogot[aá]|Medell[ií]n",
    (7, 28): "Peru|Peruvians?|Lima",
    (7, 5): "Venezuela|Venezuelans?|Algeria|Algerians?|Cape\\s+Verde|Cape\\s+Verdeans?|"
    "Caracas|Algiers|Praia",
    (6, 12): "Philippines|Filipinos?|Philippine|Manila",
    (8, 17): "Indonesia|Indonesians?|Jakarta|Gabon|Gabonese|Libreville",
    (8, 24): "Ukraine|Ukrainians?",
    (7, 3): "Belarus|Belarusians?|Minsk",
    (12, 16): "Kazakhstan|Kazakhs?",
    (11, 18): "Morocco|Moroccans?|Latvia|Latvians?|Rabat|Casablanca|Riga",
    (3, 20): "Tunisia|Tunisians?|Tunis",
    (4, 18): "Zimbabwe|Zimbabweans?|Harare",
    (10, 9): "Uganda|Ugandans?|Kampala",
    (8, 6): "Jamaica|Jamaicans?|Bolivia|Bolivians?|La\\s+Paz",
    (12, 6): "Finland|Finns?|Finnish|Helsinki",
    (11, 11): "Poland|Poles|Polish|Angola|Angolans?",
    (2, 24): "Estonia|Estonians?|Tallinn",
    (3, 25): "Greece|Greeks?",
    (8, 31): "Malaysia|Malaysians?|Kyrgyzstan|Kyrgyz|Trinidad(?:\\s+and\\s+Tobago)?|Trinidadians?",
    (9, 2): "Vietnam|Vietnamese",
    (8, 10): "Ecuador|Ecuadorians?|Quito|Guayaquil",
    (9, 15): "Guatemala|Guatemalans?|Honduras|Hondurans?|Costa\\s+Rica|Costa\\s+Ricans?|"
    "El\\s+Salvador|Salvadorans?|Nicaragua|Nicaraguans?|Guatemala\\s+City|Tegucigalpa|San\\s+Salvador|Managua",
    (1, 1): "Haiti|Haitians?|Sudan|Sudanese|Port-au-Prince|Khartoum|Cameroon|"
    "Cameroonians?|Yaound[eé]|Douala",
    (9, 30): "Botswana|Batswana|Gaborone",
    (3, 21): "Namibia|Namibians?|Windhoek",
    (6, 25): "Mozambique|Mozambicans?|Maputo",
    (12, 9): "Tanzania|Tanzanians?|Dar\\s+es\\s+Salaam|Dodoma",
    (10, 24): "Zambia|Zambians?|Lusaka",
    (7, 6): "Malawi|Malawians?|Lilongwe|Blantyre",
    (7, 1): "Rwanda|Rwandans?|Burundi|Burundians?|Kigali|Bujumbura|Somalia|Somalis?|Mogadishu",
    (4, 4): "Senegal|Senegalese|Dakar",
    (9, 22): "Mali|Malians?|Bulgaria|Bulgarians?|Bamako",
    (8, 3): "Niger(?!\\s+(?:[Dd]elta|[Rr]iver))|Nigeriens?|Niamey",
    (4, 27): "Togo|Togolese|Lom[eé]|Sierra\\s+Leone|Sierra\\s+Leoneans?|Freetown",
    (7, 26): "Liberia|Liberians?|Monrovia|Maldives|Maldivians?",
    (2, 18): "Gambia|Gambians?|Banjul",
    (5, 24): "Eritrea|Eritreans?|Asmara",
    (6, 27): "Djibouti|Djiboutians?",
    (6, 26): "Madagascar|Malagasy|Antananarivo",
    (3, 12): "Mauritius|Mauritians?|Port\\s+Louis",
    (11, 22): "Lebanon|Lebanese|Beirut",
    (10, 10): "Fiji|Fijians?|Suva",
    (9, 21): "Armenia|Armenians?|Belize|Belizeans?|Yerevan|Belmopan|Malta|Maltese|Valletta",
    (8, 27): "Moldova|Moldovans?|Chisinau|Chi[sș]in[aă]u",
    (9, 9): "Tajikistan|Tajiks?|Dushanbe",
    (9, 1): "Uzbekistan|Uzbeks?|Tashkent",
    (11, 28): "Albania|Albanians?|Mauritania|Mauritanians?|Nouakchott|Nouadhibou|Tirana",
    (8, 25): "Uruguay|Uruguayans?|Montevideo",
    (2, 27): "Dominican\\s+Republic|Dominicans?|Santo\\s+Domingo",
    (7, 10): "Bahamas|Bahamians?",
    (11, 30): "Barbados|Barbadians?|Bridgetown|Yemen|Yemenis?|Sanaa|Aden|Mukalla",
    (5, 26): "Guyana|Guyanese",
    (11, 25): "Suriname|Surinamese|Paramaribo",
    (11, 9): "Cambodia|Cambodians?|Phnom\\s+Penh",
    (1, 4): "Myanmar|Burma|Burmese|Yangon|Rangoon",
    # (its Restoration of Independence Day, 2002; the 1975 proclamation is 28 November)
    (5, 20): "Timor[-\\s]Leste|East\\s+Timor|Timorese|Dili",
    (7, 7): "Solomon\\s+Islands?|Solomon\\s+Islanders?|Honiara",
    (2, 22): "(?:St\\.?|Saint)\\s+Lucia|(?:St\\.?|Saint)\\s+Lucians?|Castries",
    (2, 7): "Grenada|Grenadians?",
    (11, 1): "Antigua(?:\\s+and\\s+Barbuda)?|Antiguans?",
    (9, 19): "(?:St\\.?|Saint)\\s+Kitts(?:\\s+and\\s+Nevis)?|Kittitians?",
    (10, 27): "(?:St\\.?|Saint)\\s+Vincent(?:\\s+and\\s+the\\s+Grenadines)?|Vincentians?",
    # (more countries and their capitals; Guinea is not Papua New Guinea, Equatorial
    # Guinea or Guinea-Bissau)
    (10, 2): "(?<!New\\s)(?<!Equatorial\\s)Guinea(?![-\\s]Bissau)|Guineans?|Conakry",
    (9, 24): "Guinea[-\\s]Bissau|Bissau[-\\s]Guineans?|Bissau",
    (10, 12): "Equatorial\\s+Guinea|Equatoguineans?|Malabo",
    (7, 12): "Kiribati|I-Kiribati|Tarawa|S[aã]o\\s+Tom[eé]",
    (6, 1): "(?<!American\\s)Samoa|Samoans?|Apia",
    (7, 30): "Vanuatu|Ni-Vanuatu|Port\\s+Vila",
    (10, 4): "Lesotho|Basotho|Maseru",
    (9, 6): "Eswatini|Swaziland|Swazis?|Mbabane",
    (6, 30): "Democratic\\s+Republic\\s+of\\s+(?:the\\s+)?Congo|DR\\s+Congo|Kinshasa",
    (8, 11): "Chad(?![ \\t]+[A-Z])|Chadians?|N['’]Djamena",
    (8, 13): "Central\\s+African\\s+Republic|Bangui",
    (8, 1): "Benin(?!\\s+City)|Beninese|Cotonou|Porto-Novo",
    (8, 5): "Burkina\\s+Faso|Burkinab[eè]|Ouagadougou",
    (8, 7): "Ivory\\s+Coast|C[oô]te\\s+d['’]Ivoire|Ivorians?|Abidjan",
    (12, 24): "Libya|Libyans?|Tripoli",
    (6, 29): "Seychelles|Seychellois",
    (5, 25): "Jordanians?|Amman",
    (4, 17): "Syria|Syrians?|Damascus",
    (2, 17): "Kosovo|Kosovars?|Pristina",
    (5, 21): "Montenegro|Montenegrins?|Podgorica",
    (9, 8): "North\\s+Macedonia|Macedonians?|Skopje",
    (3, 1): "Bosnia|Bosnians?|Sarajevo",
    (5, 15): "Paraguay|Paraguayans?|Asunci[oó]n",
    (11, 3): "Panama(?!\\s+City,\\s+Fla)|Panamanians?|Dominica(?!n)|Roseau",
    (1, 31): "Nauru|Nauruans?",
    (9, 27): "Turkmenistan|Turkmens?|Ashgabat",
    (10, 18): "Azerbaijan|Azerbaijanis?|Baku",
}
_INDEPENDENCE_RE = re.compile(
    "|".join(rf"\b(?P<c{m:02d}{d:02d}>{names})\b" for (m, d), names in _INDEPENDENCE.items())
)
_INDEPENDENCE_OWNER_RE = re.compile(rf"(?:{_INDEPENDENCE_RE.pattern})(?:['’]s)?\s+$")


# National Days on a fixed day, by the names a story gives the country (and, in
# Asia and the Gulf, its main cities, which datelines name): the Emirates' is
# 2 December, China's 1 October. Qatar's moved from 3 September to
# 18 December in 2007 (``_national_day``).
_NATIONAL_DAY: dict[tuple[int, int], str] = {
    (10, 1): "China|Chinese|Beijing|Shanghai",
    (10, 10): "Taiwan|Taiwanese|Taipei",
    (12, 2): "United\\s+Arab\\s+Emirates|UAE|Emiratis?|Dubai|Abu\\s+Dhabi|Sharjah|"
    "Laos|Lao|Laotians?|Vientiane",
    (9, 23): "Saudi\\s+Arabia|Saudis?|Riyadh|Jeddah",
    (12, 18): "Qatar|Qataris?|Doha",
    (2, 25): "Kuwait|Kuwaitis?",
    (12, 16): "Bahrain|Bahrainis?|Manama",
    (8, 9): "Singapore|Singaporeans?",
    (9, 2): "Vietnam|Vietnamese|Hanoi",
    (8, 31): "Malaysia|Malaysians?|Kuala\\s+Lumpur",
    (2, 23): "Brunei|Bruneians?",
    (8, 1): "Switzerland|Swiss",
    (7, 21): "Belgium|Belgians?",
    (6, 23): "Luxembourg|Luxembourgers?",
    (10, 26): "Austria|Austrians?",
    (12, 1): "Romania|Romanians?",
    (6, 6): "Sweden|Swedes|Swedish",
    (10, 12): "Spain|Spaniards?|Spanish",
    (7, 14): "France|French",
    (6, 17): "Iceland|Icelanders?|Icelandic",
    (6, 10): "Portugal|Portuguese",
    (6, 2): "Italy|Italians?",
    (5, 17): "Norway|Norwegians?",
    (12, 17): "Bhutan|Bhutanese|Thimphu",
}


def _country_day_res(
    table: dict[tuple[int, int], str], letter: str
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A country table's names as one regex, each group named by its letter and
    day ("n1202"), case-blind (a dateline: "DUBAI (Reuters) -"); and the same
    names just before a holiday ("China's National Day", "Turkey's")."""
    names_re = re.compile(
        "|".join(rf"\b(?P<{letter}{m:02d}{d:02d}>{names})\b" for (m, d), names in table.items()),
        re.IGNORECASE,
    )
    owner_re = re.compile(rf"(?:{names_re.pattern})(?:['’]s?)?\s+(?:\w+\s+)?$", re.IGNORECASE)
    return names_re, owner_re


_NATIONAL_DAY_RE, _NATIONAL_OWNER_RE = _country_day_res(_NATIONAL_DAY, "n")


# Republic Days on a fixed day, by the names a story gives the country and its
# main cities: India's is 26 January (1950), Turkey's 29 October, Italy's 2 June
_REPUBLIC_DAY: dict[tuple[int, int], str] = {
    (1, 26): "India|Indians?|New\\s+Delhi|Delhi|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras|"
    "Hyderabad|Bangalore|Bengaluru",
    (10, 29): "Turkey|Turks?|Turkish|Ankara|Istanbul",
    (6, 2): "Italy|Italians?|Rome|Milan",
}
# Constitution Days on a fixed day, the same way: the Cook Islands' 4 August,
# Norway's 17 May, Denmark's 5 June, Japan's and Poland's 3 May, Spain's
# 6 December, Ukraine's 28 June, Kazakhstan's 30 August
_CONSTITUTION_DAY: dict[tuple[int, int], str] = {
    (8, 4): "Cook\\s+Islands?|Cook\\s+Islanders?|Rarotonga|Avarua",
    (5, 17): "Norway|Norwegians?|Oslo",
    (6, 5): "Denmark|Danes?|Danish|Copenhagen",
    (5, 3): "Japan|Japanese|Tokyo|Poland|Poles|Polish|Warsaw",
    (12, 6): "Spain|Spaniards?|Spanish|Madrid",
    (6, 28): "Ukraine|Ukrainians?|Kyiv|Kiev",
    (8, 30): "Kazakhstan|Kazakhs?|Astana|Almaty",
    (5, 1): "Marshall\\s+Islands?|Marshallese|Majuro",
    (10, 19): "Niue|Niueans?|Alofi",
}
# Flag Days other than the American 14 June: Haiti's 18 May, Mexico's 24
# February, Argentina's 20 June, Peru's 7 June, Brazil's 19 November,
# Venezuela's 3 August
_FLAG_DAY: dict[tuple[int, int], str] = {
    (5, 18): "Haiti|Haitians?|Port-au-Prince",
    (2, 24): "(?<!New\\s)Mexico|Mexicans?",
    (6, 20): "Argentina|Argentines?|Argentinians?|Buenos\\s+Aires",
    (6, 7): "Peru|Peruvians?|Lima",
    (11, 19): "Brazil|Brazilians?|Bras[ií]lia|Rio\\s+de\\s+Janeiro|S[aã]o\\s+Paulo",
    (8, 3): "Venezuela|Venezuelans?|Caracas",
}
_CONSTITUTION_DAY_RE, _CONSTITUTION_OWNER_RE = _country_day_res(_CONSTITUTION_DAY, "k")
_FLAG_DAY_RE, _FLAG_OWNER_RE = _country_day_res(_FLAG_DAY, "f")
# Liberation Days: Guam's 21 July, Italy's 25 April, the Netherlands' and
# Denmark's 5 May, Norway's 8 May, Korea's 15 August, Kuwait's 26 February,
# Jersey's and Guernsey's 9 May
_LIBERATION_DAY: dict[tuple[int, int], str] = {
    (7, 21): "Guam|Guamanians?|Chamorros?|Hag[aå]t[nñ]a|Tumon",
    (4, 25): "Italy|Italians?|Rome|Milan",
    (5, 5): "Netherlands|Dutch|Amsterdam|Rotterdam|Denmark|Danes?|Danish|Copenhagen",
    (5, 8): "Norway|Norwegians?|Oslo",
    (8, 15): "Korea|Koreans?|Seoul",
    (2, 26): "Kuwait|Kuwaitis?",
    (5, 9): "Jersey|Guernsey|St\\.?\\s+Helier|St\\.?\\s+Peter\\s+Port",
}
_LIBERATION_DAY_RE, _LIBERATION_OWNER_RE = _country_day_res(_LIBERATION_DAY, "l")
_SOUTH_AFRICA_RE = re.compile(
    r"\b(?:South\s+Africa|South\s+Africans?|Johannesburg|Durban|Cape\s+Town|Pretoria|Soweto)\b",
    re.IGNORECASE,
)
_JAPAN_KOREA_RE = re.compile(
    r"\b(?:Japan|Japanese|Tokyo|Osaka|Sendai|Kyoto|Nagoya|Korea|Koreans?|Seoul|Busan)\b",
    re.IGNORECASE,
)
_NEW_ZEALAND_RE = re.compile(
    r"\b(?:New\s+Zealand|Auckland|Wellington|Christchurch|Dunedin|Hamilton,\s+New)\b"
)
# Revolution Days: Zanzibar's 12 January, Egypt's 23 July, Mexico's 20 November
_REVOLUTION_DAY: dict[tuple[int, int], str] = {
    (1, 12): "Zanzibar|Zanzibaris?|Stone\\s+Town",
    (7, 23): "Egypt|Egyptians?|Cairo|Alexandria",
    (11, 20): "(?<!New\\s)Mexico|Mexicans?",
}
_REVOLUTION_DAY_RE, _REVOLUTION_OWNER_RE = _country_day_res(_REVOLUTION_DAY, "v")
# Navy Days that are a national day: Mexico's 1 June, Chile's 21 May, Peru's
# 8 October (elsewhere the day moves or is no holiday)
_NAVY_DAY: dict[tuple[int, int], str] = {
    (6, 1): "(?<!New\\s)Mexico|Mexicans?|Veracruz|Acapulco|Tampico",
    (5, 21): "Chile|Chileans?|Santiago|Valpara[ií]so",
    (10, 8): "Peru|Peruvians?|Lima|Callao",
}
_NAVY_DAY_RE, _NAVY_OWNER_RE = _country_day_res(_NAVY_DAY, "y")
# Emancipation Days other than the Caribbean's 1 August: Bermuda's (the Thursday
# before the first Monday of August), the Bahamas' (the first Monday of
# August), Washington's 16 April
_EMANCIPATION_RE = re.compile(
    r"\b(?:(?P<bm>Bermuda|Bermudians?)\b|(?P<bs>Bahamas|Bahamians?)\b|"
    r"(?P<dc>Washington,?\s+D\.?C\b\.?|District\s+of\s+Columbia\b))"
)


def _emancipation_day(s: _Scan, at: int) -> Callable[[int], date]:
    """Which Emancipation Day: the place named most in the story's opening
    (Bermuda, the Bahamas, Washington), else the Caribbean's 1 August."""
    top = s.named_country(_EMANCIPATION_RE)  # (read once per text)
    if top == "bm":
        return lambda y: _nth_weekday(y, 8, 0, 1) - timedelta(days=4)
    if top == "bs":
        return lambda y: _nth_weekday(y, 8, 0, 1)
    if top == "dc":
        return lambda y: date(y, 4, 16)
    return lambda y: date(y, 8, 1)


_REPUBLIC_DAY_RE, _REPUBLIC_OWNER_RE = _country_day_res(_REPUBLIC_DAY, "r")
# the holidays read from a country table (owner names, table, and whether the day
# in ``_HOLIDAYS`` stands when the story names no country in the table: India's
# Republic Day, "The market will be closed on Republic Day", told from Nashik;
# the American Flag Day)
_COUNTRY_DAY_TABLES: dict[str, tuple[re.Pattern[str], re.Pattern[str], bool]] = {
    "republic day": (_REPUBLIC_OWNER_RE, _REPUBLIC_DAY_RE, True),
    "constitution day": (_CONSTITUTION_OWNER_RE, _CONSTITUTION_DAY_RE, False),
    "flag day": (_FLAG_OWNER_RE, _FLAG_DAY_RE, True),
    "revolution day": (_REVOLUTION_OWNER_RE, _REVOLUTION_DAY_RE, False),
    "liberation day": (_LIBERATION_OWNER_RE, _LIBERATION_DAY_RE, False),
    "navy day": (_NAVY_OWNER_RE, _NAVY_DAY_RE, False),
}


def _national_day(s: _Scan, at: int) -> Callable[[int], date] | None:
    """Which National Day: the country named just before it ("China's"), else
    the one the story names most (:meth:`_Scan.named_country`); None when it
    names none."""
    best = _country_of(s, at, _NATIONAL_OWNER_RE, _NATIONAL_DAY_RE)
    if best is None:
        return None
    if best == "n1218":
        return lambda y: date(y, 12, 18) if y >= 2007 else date(y, 9, 3)
    return _day_of_group(best)


def _table_day(
    s: _Scan, at: int, owner: re.Pattern[str], table: re.Pattern[str]
) -> Callable[[int], date] | None:
    """Which Republic or Constitution Day, as :func:`_national_day` (none when
    the story names no country with one)."""
    best = _country_of(s, at, owner, table)
    return _day_of_group(best) if best is not None else None


def _country_of(s: _Scan, at: int, owner: re.Pattern[str], table: re.Pattern[str]) -> str | None:
    """The group name of the country a National, Republic or Constitution Day
    at ``at`` belongs to: the one named just before it, else the story's."""
    own = owner.search(s.text, max(0, at - 40), at)
    return (own.lastgroup if own is not None else None) or s.named_country(table)


_EID_NAMED_RE = re.compile(r"\bEid\s+(?:al|ul)[-\s]+(Fitr|Adha)\b", re.IGNORECASE)


def _independence_day(s: _Scan, at: int) -> Callable[[int], date]:
    """Which Independence Day: the country named just before it ("Nigeria's",
    "Ukrainian"), else the story's (:meth:`_Scan.story_country`)."""
    own = _INDEPENDENCE_OWNER_RE.search(s.text, max(0, at - 30), at)
    best = (own.lastgroup if own is not None else None) or s.story_country()
    return _day_of_group(best)


def _day_of_group(name: str) -> Callable[[int], date]:
    """The fixed day a country table's group name holds ("c0704", "n1202": the
    month and day after the letter), for any year."""
    month, day = int(name[1:3]), int(name[3:5])
    return lambda y: date(y, month, day)


# the feasts that move with Easter, and a story told from an Orthodox country
# (its dateline, in the first 300 characters), where they move with Orthodox
# Easter instead
_EASTER_FEASTS = frozenset(
    ("easter", "easter sunday", "easter monday", "good friday", "ascension day", "pentecost",
     "whit monday", "palm sunday", "maundy thursday")
)  # fmt: skip
# the places whose churches keep Christmas by the Julian calendar (7 January);
# they, Greece, Cyprus, Romania, Bulgaria, Ukraine and Moldova keep Orthodox Easter
_JULIAN_PLACES = (
    r"Ethiopia|Ethiopians?|Addis\s+Ababa|Eritrea|Asmara|Russia|Russians?|Moscow|Serbia|"
    r"Serbs?|Belgrade|Belarus|Minsk|Montenegro|Podgorica|Skopje|Tbilisi"
)
_ORTHODOX_PLACE_RE = re.compile(
    r"\b(?:Greece|Greeks?|Athens|Piraeus|Thessaloniki|Crete|Cyprus|Nicosia|Limassol|Larnaca|"
    r"Romania|Romanians?|Bucharest|Bulgaria|Bulgarians?|Sofia|Ukraine|Ukrainians?|Kyiv|Kiev|"
    rf"Moldova|Chisinau|{_JULIAN_PLACES})\b",
    re.IGNORECASE,  # (a dateline: "ATHENS (AP) -")
)
_JULIAN_CHRISTMAS_PLACE_RE = re.compile(
    rf"\b(?:{_JULIAN_PLACES})\b",
    re.IGNORECASE,  # (a dateline: "MOSCOW (Reuters) -")
)


_WEEKEND_NEXT_RE = re.compile(r"[ \t]+weekend\b", re.IGNORECASE)
_NORDIC_RE = re.compile(
    r"\b(?:Sweden|Swedish|Swedes?|Stockholm|Gothenburg|Malmo|Malmö|Uppsala|Finland|Finnish|"
    r"Finns?|Helsinki|Tampere|Turku)\b",
    re.IGNORECASE,
)
_CHINA_RE = re.compile(
    r"\b(?:China|Chinese|Beijing|Shanghai|Guangzhou|Shenzhen|Chongqing|Chengdu|Wuhan|Tianjin|"
    r"Hong\s+Kong|Taiwan|Taipei|Macau)\b",
    re.IGNORECASE,  # (a dateline: "SHANGHAI -")
)


def _orthodox_feast(fn: Callable[[int], date]) -> Callable[[int], date]:
    """A Western feast's day moved by the gap between the two Easters."""
    return lambda y: fn(y) + (_orthodox_easter(y) - _easter(y))


@_pattern(
    rf"(?-i:\b(?P<h>(?i:{_HOLIDAY_RE}))(?:\s*,?\s*(?P<year>\d{{4}}))?\b)",
    trigger=r"(?-i:Christmas|Boxing|New|Halloween|Valentine|Independence|Bastille|Easter|Good|Orthodox|"
    r"Ash|Palm|Maundy|Shrove|Father|Mother|Fourth|Ascension|Pentecost|Whit|Assumption|All\s+Saints|"
    r"Thanksgiving|Black|Cyber|Labou?r|May|Memorial|Martin|Presidents|Remembrance|Veterans|"
    r"St\.?\s+(?:Patrick|David|George|Andrew|John)|Burns|Bonfire|Australia\s+Day|Anzac|Canada\s+Day|King|"
    r"Victoria\s+Day|Botswana\s+Day|National\s+Day|Republic\s+Day|Constitution\s+Day|"
    r"Health\s+and\s+Sports|Waitangi|Vernal|Autumnal|Madaraka|Mashujaa|Kenyatta\s+Day|Jamhuri|"
    r"Lunar|Chinese|Rosh|Jewish|Yom|Passover|Hanuk|Chanuk|Eid|Tet|Picnic|Flag|Meritxell|"
    r"Emancipation|Mary\s+Prince|Liberation|Revolution|Melon|Vodun|Voodoo|No[wv]?r[ou]{1,2}z|"
    r"Navruz|Youth|Queen|King['’]s\s+Birthday|Mardi|Fat\s+Tuesday|Twelfth|San\s+Ferm|"
    r"Saint-Jean|St\.?\s+Jean|St\.?\s+James|Patriot|Throne|Malaysia\s+Day|Family\s+Day|"
    r"Showa|Children|Juneteenth|Navy\s+Day|Portugal\s+Day|Azores\s+Day|Canary|Columbus|"
    r"October\s+bank|Armistice|Reunification|Spring\s+Festival|Lantern|Cura|Saba|Bengali|Pohela|"
    r"Feast\s+of\s+St|feast\s+of\s+St|Nunavut|Lebaran|Idul|Midsummer|"
    r"CHRISTMAS|NEW|EASTER|THANKSGIVING)",
)
def _h_holiday(m: re.Match[str], s: _Scan) -> Iterator[_Cand]:
    word = s.text[m.start("h") : m.end("h")]
    if not word[0].isupper() and not word.startswith("feast of"):
        return  # (but "the feast of St. John" is one)
    key = re.sub(
        r"\s+", " ", word.lower().replace("’", "'").replace("st.", "st").replace("jr.", "jr")
    )
    key = key if key in _HOLIDAYS else key.replace("s day", "'s day").replace("s eve", "'s eve")
    fn = _HOLIDAYS.get(key)
    if key == "independence day":
        fn = _independence_day(s, m.start())
    if key == "national day":
        fn = _national_day(s, m.start())
    table = _COUNTRY_DAY_TABLES.get(key)
    if table is not None:
        # the day of the country the story names; else the listed one, or none
        owner, names, listed = table
        fn = _table_day(s, m.start(), owner, names) or (fn if listed else None)
    if key == "midsummer eve" and not s.mentions(_NORDIC_RE):
        return  # Midsummer Eve elsewhere (23 June in Britain) has no table here
    if key in ("spring festival", "lantern festival") and not s.mentions(_CHINA_RE):
        return  # a town's spring festival, a lantern festival elsewhere: no fixed day
    if key == "family day" and not s.canadian():
        return  # a Family Day outside Canada has no fixed day
    if key == "children's day" and not s.mentions(_JAPAN_KOREA_RE):
        return  # Children's Days differ by country (1 June, 14 November ...)
    if key == "youth day" and not s.mentions(_SOUTH_AFRICA_RE):
        return  # Youth Days differ by country; South Africa's only
    if key in ("queen's birthday", "king's birthday"):
        if _NEW_ZEALAND_RE.search(s.text, 0, 300):
            fn = lambda y: _nth_weekday(y, 6, 0, 1)  # noqa: E731
        elif not s.mentions(_SOUTHERN_PLACE_RE):
            return  # Britain's official birthday moves: no fixed day
    if key == "emancipation day":
        fn = _emancipation_day(s, m.start())
    if key in _EASTER_FEASTS and fn is not None and _ORTHODOX_PLACE_RE.search(s.text, 0, 300):
        # "Good Friday", told from Piraeus: the Orthodox one (a week or more
        # after the Western feast in most years)
        fn = _orthodox_feast(fn)
    if key in ("christmas", "christmas day") and _JULIAN_CHRISTMAS_PLACE_RE.search(s.text, 0, 300):
        # told from Ethiopia, Russia or Serbia: the Orthodox Christmas, on 7
        # January ("over Christmas, which the Ethiopian Orthodox Church
        # celebrates on Jan. 7")
        fn = _julian_christmas
    if key == "thanksgiving" and s.canadian():
        fn = _canadian_thanksgiving
    if _HOLIDAY_GOODS_NEXT_RE.match(s.text, m.end()):
        return  # "reorders of Christmas cards", "Easter eggs": a kind of goods, no time
    if key == "tet" and (word != "Tet" or _TET_NAME_NEXT_RE.match(s.text, m.end())):
        return  # "TET" (an acronym), "the Tet Offensive" (an event's name)
    if key == "eid":
        # "before Eid", in a story that names Eid al-Fitr: that one; a bare Eid in
        # a story that names neither, or after a name ("Mohamed Eid"), is none
        named = s.eid_named()
        if named is None or _NAME_BEFORE_RE.search(s.text, max(0, m.start() - 24), m.start()):
            return
        fn = eid_al_adha if named[1].lower() == "adha" else eid_al_fitr
    if fn is None:
        return
    if key == "may day" and _BANK_HOLIDAY_NEXT_RE.match(s.text, m.end()):
        fn = _may_bank_holiday
    on = _HOLIDAY_ON_DAY_RE.match(s.text, m.end())
    if on is not None and _valid_day(2000, _month_num(on["mon"]), int(on["day"])):
        # "Mother's Day on May 10": the holiday is the day written beside it
        fixed = (_month_num(on["mon"]), int(on["day"]))
        fn = lambda y: date(y, *fixed)  # noqa: E731
    # the same line only: a title ending in "Christmas" is followed by its body
    nxt = s.text[m.end() : m.end() + 20].lstrip(" \t")
    if key in ("christmas", "easter", "thanksgiving") and nxt[:1].isupper():
        return  # "Christmas Island", "Easter Island"
    if m["year"]:
        d = fn(int(m["year"]))
        yield _Cand(m.start(), m.end(), "DATE", lambda r, c: _day_val(d), rank=4, kind="day")
        return

    own = _OWN_PERIOD_BEFORE_RE.search(s.text, max(0, m.start() - 24), m.start())

    def f(r: _Resolver, c: _Cand) -> _Val:
        if r.dct is None:
            return _Val(None, False)
        y = r.dct.year
        if own is not None:
            # "next week's Thanksgiving holiday", "last year's Christmas": the one
            # in that period, whatever the tense of the clause
            hit = _holiday_in(fn, r.dct, own["rel"].lower(), own["unit"].lower())
            if hit is not None:
                return _day_val(hit)
        day = r.anchor_day
        if (
            day is not None
            and r.anchor_end is not None
            and _HOLIDAY_APPOSED_GAP_RE.fullmatch(r.text, r.anchor_end, c.start)
            and (fn(day.year) == day or key in _COUNTRY_DAY_KEYS)
        ):
            # "from July 28, Peru's Independence Day, to October": the day just
            # written, which the holiday names again (a country's day that no
            # table holds, "May 15, Paraguay's Independence Day", too)
            return _day_val(day)
        this = fn(y)
        dct = r.dct
        month = _MONTH_VALUE_RE.match(r.last_value or "")
        if (
            month is not None
            and r.last_value_end >= r.sentence(c.start)[0]
            # (not past a clause that speaks from now: "will serve until the
            # election in November 2026 and is to be sworn in after Remembrance
            # Day" is this year's; the text between lies within the sentence)
            and not (
                _JOINER_RE.search(r.text, r.last_value_end, c.start)
                and _SPEAKS_FROM_NOW_RE.search(r.text, r.last_value_end, c.start)
            )
        ):
            # "a slow January and factory closures around Lunar New Year": the one
            # in or by the month the sentence just named (within a month of it)
            mid = date(int(month[1]), int(month[2]), 15)
            years = (mid.year - 1, mid.year, mid.year + 1)
            by_month = [d for d in map(fn, years) if abs((d - mid).days) <= 31]
            if by_month:
                return _day_val(min(by_month, key=lambda d: abs((d - mid).days)))
        near = [d for d in (fn(y - 1), this, fn(y + 1)) if abs((d - dct).days) <= 14]
        if near:
            # within two weeks, as for a day: "gifts for Father's Day" on the
            # Saturday before, "celebrated Christmas" on January 2
            return _day_val(min(near, key=lambda d: abs((d - dct).days)))
        t = r.told_tense(c, *r.tense_detail(c), day=True)
        if t == "PAST" and this > r.dct:
            this = fn(y - 1)
        elif t == "FUTURE" and this < r.dct:
            this = fn(y + 1)
        elif t == "PRESENT" and this < r.dct and (fn(y + 1) - r.dct).days <= 240:
            # a timetable in the present ("the season ... breaks over Christmas",
            # published in June) looks ahead to the next one, if it is this season's
            this = fn(y + 1)
        elif (this - r.dct).days > (240 if t == "PRESENT" else 183) and t in ("PRESENT", "NONE"):
            this = fn(y - 1)
        elif t == "NONE" and (r.dct - this).days > 183 and fn(y + 1) - r.dct < r.dct - this:
            # (the nearer one: "was meant to be finished by Easter", told in late
            # September, is the Easter 185 days back, not the one 200 days ahead)
            this = fn(y + 1)
        return _day_val(this)

    weekend = _WEEKEND_NEXT_RE.match(s.text, m.end()) if key == "easter" else None
    if weekend is not None:
        # "a hard freeze over the Easter weekend": the weekend of Easter's week
        def g(r: _Resolver, c: _Cand) -> _Val:
            v = f(r, c)
            return _Val(_iso_week(v.day) + "-WE", True) if v.day is not None else v

        yield _Cand(m.start(), weekend.end(), "DATE", g, rank=4)
        return
    yield _Cand(m.start(), m.end(), "DATE", f, rank=4, kind="day")


# --------------------------------------------------------------------------
# Selection, merging, output
# --------------------------------------------------------------------------

_TIME_DAY_GAP_RE = re.compile(r"^\s*(?:,\s*)?(?:local\s+time\s*(?:,\s*)?)?(?:on\s+)?$", re.I)
_MOD_PREFIX_RE = re.compile(
    r"(?:\b(?:early|late|mid|earlier|later)[-\s]+|\bthe\s+(?:very\s+)?(?:start|end|beginning|"
    r"middle|close)\s+of\s+(?:the\s+)?)$",
    re.I,
)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping matches (ties: higher rank, then leftmost)."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.rank, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    for c in cands:
        i = bisect.bisect_left(taken, (c.start, c.start))
        overlap = (i > 0 and taken[i - 1][1] > c.start) or (i < len(taken) and taken[i][0] < c.end)
        if overlap:
            continue
        taken.insert(i, (c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _to_date(published: datetime | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    return published


def _ner_spans(doc: Doc | None, labels: frozenset[str]) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in labels]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


_NUMERIC_ENT_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT"})


def extract_dates(
    text: str, published: datetime | date | None, doc: Doc | None = None
) -> list[TimeExpr]:
    """Find and normalise the temporal expressions of an English news text.

    ``published`` anchors relative expressions ("yesterday", "last week", an
    untensed weekday); a datetime counts by its own calendar day. Without it
    those come back with ``resolved=False`` and a value that is ``None`` or
    carries ``X`` placeholders: never a silent guess. ``doc`` (``nlp(text)``)
    is optional: its numeric entities veto bare numbers read as years ("2000"
    that NER calls CARDINAL) and, when the pipeline has a tagger, its verb
    tags decide tense. Offsets index into ``text``; ``end`` is exclusive.
    """
    if not text:
        return []
    if len(text) > MAX_CHARS:
        logger.warning("date extraction truncated a %d-char text to %d", len(text), MAX_CHARS)
        text = text[:MAX_CHARS]
    dct = _to_date(published)
    chosen = _select(_candidates(text, dct, doc))
    for c in chosen:
        # widen over modifiers that keep the value ("early 2009", "the end of last year")
        if c.type in ("DATE", "TIME") and not c.blocker and c.kind != "ref":
            pm = _MOD_PREFIX_RE.search(text, max(0, c.start - 30), c.start)
            if pm and pm.end() == c.start:
                c.start = pm.start()
    vals, merged = _resolve_all(chosen, _Resolver(text, dct, doc))

    out: list[TimeExpr] = []
    for i, c in enumerate(chosen):
        v = vals[i]
        if c.blocker or v is None or i in merged:
            continue
        # patterns may swallow trailing blanks or an unopened ")" ("16:30 UTC )")
        while c.end > c.start and (
            text[c.end - 1].isspace()
            or (text[c.end - 1] == ")" and "(" not in text[c.start : c.end])
        ):
            c.end -= 1
        rng = value_range(v.value) if v.resolved and c.type in ("DATE", "TIME") else None
        out.append(
            TimeExpr(
                text=text[c.start : c.end],
                start=c.start,
                end=c.end,
                type=c.type,
                value=v.value,
                resolved=v.resolved,
                gte=rng[0] if rng else None,
                lte=rng[1] if rng else None,
            )
        )
    out = _weekday_apposed_to_day(_merge_weekday_of_day(out, text), text)
    return merge_compound_durations(out, text)


_WEEKDAY_OF_RE = re.compile(rf"(?:the\s+)?(?P<wd>{_WD})", re.IGNORECASE)
_THE_BEFORE_RE = re.compile(r"\b[Tt]he\s+$")
_BEFORE_AFTER_GAP_RE = re.compile(r"\s+(?P<rel>before|after)\s+(?:the\s+)?", re.IGNORECASE)


# between a weekday and the holiday that names it: "on Friday, San Fermin's Day"
_WEEKDAY_APPOSED_GAP_RE = re.compile(r",\s*(?:the\s+)?")


def _weekday_apposed_to_day(out: list[TimeExpr], text: str) -> list[TimeExpr]:
    """ "since the first run on Friday, San Fermin's Day": a weekday followed by
    a day that falls on that weekday, within a week of it, is that day (read
    alone it was a weekday near publication)."""
    for a, b in itertools.pairwise(out):
        wd = _WEEKDAY_OF_RE.fullmatch(a.text)
        day = _VALUE_DAY_RE.fullmatch(b.value or "") if b.resolved else None
        mine = _VALUE_DAY_RE.fullmatch(a.value or "") if a.resolved else None
        if (
            wd is None
            or day is None
            or mine is None
            or not _WEEKDAY_APPOSED_GAP_RE.fullmatch(text, a.end, b.start)
        ):
            continue
        try:
            d = date(int(day[1]), int(day[2]), int(day[3]))
            d0 = date(int(mine[1]), int(mine[2]), int(mine[3]))
        except ValueError:
            continue
        if d != d0 and d.weekday() == _WEEKDAYS[wd["wd"].lower()] and abs((d - d0).days) <= 7:
            a.value = d.isoformat()
            rng = value_range(a.value)
            a.gte, a.lte = (rng[0], rng[1]) if rng else (None, None)
    return out


def _merge_weekday_of_day(out: list[TimeExpr], text: str) -> list[TimeExpr]:
    """ "the Saturday before Christmas", "the Monday after Thanksgiving": one
    DATE, the nearest such weekday before (after) the day named, as TIDES marks
    it; read as two it was a weekday near publication and the holiday."""
    merged: list[TimeExpr] = []
    i = 0
    while i < len(out):
        a = out[i]
        b = out[i + 1] if i + 1 < len(out) else None
        wd = _WEEKDAY_OF_RE.fullmatch(a.text)
        start = a.start
        if wd is not None and not a.text.lower().startswith("the"):
            the = _THE_BEFORE_RE.search(text, max(0, a.start - 5), a.start)
            wd = wd if the is not None else None  # ("Saturday before Christmas" alone is two)
            start = the.start() if the is not None else start
        gap = _BEFORE_AFTER_GAP_RE.fullmatch(text, a.end, b.start) if b is not None else None
        day = _VALUE_DAY_RE.match(b.value or "") if b is not None and b.resolved else None
        if wd is not None and gap is not None and day is not None and b is not None:
            try:
                d = date(int(day[1]), int(day[2]), int(day[3]))
            except ValueError:
                d = None
            if d is not None and date.min + timedelta(days=7) < d < date.max - timedelta(days=7):
                k = _WEEKDAYS[wd["wd"].lower()]
                if gap["rel"].lower() == "before":
                    d = d - timedelta(days=(d.weekday() - k) % 7 or 7)
                else:
                    d = d + timedelta(days=(k - d.weekday()) % 7 or 7)
                rng = value_range(d.isoformat())
                merged.append(
                    TimeExpr(
                        text=text[start : b.end],
                        start=start,
                        end=b.end,
                        type="DATE",
                        value=d.isoformat(),
                        resolved=True,
                        gte=rng[0] if rng else None,
                        lte=rng[1] if rng else None,
                    )
                )
                i += 2
                continue
        merged.append(a)
        i += 1
    return merged


def _candidates(text: str, dct: date | None, doc: Doc | None) -> list[_Cand]:
    """Every pattern match as a candidate, before overlaps are resolved."""
    scan = _Scan(text, dct)
    lower = text.translate(_ASCII_LOWER)
    words = _Words(text)
    cands: list[_Cand] = []
    for p in _PATTERNS:
        for n, m in enumerate(_matches(p, text, lower, words)):
            if n >= MAX_MATCHES_PER_PATTERN:
                logger.warning(
                    "more than %d %s matches: the rest of the text is skipped for it",
                    MAX_MATCHES_PER_PATTERN,
                    p.handler.__name__,
                )
                break
            try:
                cands.extend(p.handler(m, scan))
            except (ValueError, KeyError, OverflowError) as exc:  # one bad match never sinks a text
                logger.debug("date handler %s failed on %r: %s", p.handler.__name__, m.group(), exc)
    numeric = _ner_spans(doc, _NUMERIC_ENT_LABELS)
    if numeric:
        cands = [c for c in cands if not (c.weak and _inside(numeric, c.start, c.end))]
    titles = _quoted_titles(text)
    if titles:
        cands = [c for c in cands if not _inside(titles, c.start, c.end)]
    return cands


# a short quotation with no sentence punctuation inside: a title or a quoted word
_QUOTED_RE = re.compile(r"[\"“]([^\"“”\n.!?;:]{1,80}?)[,.]?[\"”]")
_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*|\d+")
_TITLE_SMALL = _words("a an the of in on at to for and or but nor with without from by as into")
_TITLE_DATE_WORDS = (
    frozenset(_MONTH_FULL)
    | frozenset(_WEEKDAYS)
    | frozenset(_SEASONS)
    | _words(
        "year years day days week weeks month months night midnight noon morning evening "
        "today tonight tomorrow yesterday next last this new eve christmas easter hour hours"
    )
)
# what names a work before its title: "the drama "A Year Without Rain"", "best
# actress for "A Thursday in March""
_TITLE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:film|films|movie|drama|comedy|thriller|documentary|novel|book|memoir|song|single|"
    r"album|play|musical|opera|series|show|sitcom|painting|poem|exhibition|titled|entitled|"
    r"called|named|for|in)\s+$",
    re.IGNORECASE,
)


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Quoted titles of works ("Midnight Shift", "A Thursday in March"): every
    word capitalised but the small ones, and either a word in it that is no time
    word after the first or a noun naming a work just before it. A date inside
    one is part of a name ("best actress for "A Thursday in March""), not a time;
    a quoted "Next Monday" after "said" stays a date."""
    out: list[tuple[int, int]] = []
    for m in _QUOTED_RE.finditer(text):
        ws = _TITLE_WORD_RE.findall(m[1])
        if not 2 <= len(ws) <= 10 or not ws[0][0].isupper():
            continue
        if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in ws):
            continue
        named = any(
            w[0].isupper() and w.lower() not in _TITLE_DATE_WORDS and w.lower() not in _TITLE_SMALL
            for w in ws[1:]
        )
        if named or _TITLE_NOUN_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
            out.append(m.span())
    return out


def _safe_resolve(c: _Cand, r: _Resolver) -> _Val:
    try:
        return c.resolve(r, c)
    except (ValueError, OverflowError) as exc:  # e.g. a year past 9999
        logger.debug("could not resolve %r: %s", r.text[c.start : c.end], exc)
        return _Val(None, False)


_SINCE_BEFORE_RE = re.compile(r"\bsince\s+$", re.IGNORECASE)
# the year of a clause "since" opens: "has been fierce since the industry was
# deregulated in 1980, he said, and tonnage fell in June" (June is this year's)
# (and "for the first time since it went public in 1973. A year earlier ..."
# counts from the report, not from 1973)
# (a "since" phrase of words, not a date: "won for the first time since 1987 on
# Saturday" is told on that Saturday)
_SINCE_CLAUSE_BEFORE_RE = re.compile(
    rf"\bsince\s+(?!then\b|\d|{_MON_ANY}|{_WD}|(?:the\s+)?(?:start|end|beginning|middle)\b)"
    r"[^,;.:!?()\"“”]{1,60}?\s(?:in|on)\s+$",
    re.IGNORECASE,
)
_BEGAN_BEFORE_RE = re.compile(r"\b(?:began|started|begun)\s+(?:on\s+)?$", re.IGNORECASE)
_GOES_ON_AFTER_RE = re.compile(r"\s*,?\s+and\s+(?:has|have)\b", re.IGNORECASE)
_OFFSET_APPOSITIVE_RE = re.compile(
    r",\s+(?:a|an|one|two|three|four|five|six|seven|ten|\d{1,2})\s+(?:days?|weeks?)\s+"
    r"(?:after|before)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DELIVERY_AFTER_RE = re.compile(r"[ \t]+(?:delivery|contracts?|futures)\b", re.IGNORECASE)
_PERIOD_END_BEFORE_RE = re.compile(
    r"\b(?:months|weeks|year|quarter|half|period)\s+(?:to|ended|ending|through)\s+$"
    # "lost 9.6 million in fiscal 2000, which ended in October": the fiscal year's end
    r"|\b(?:fiscal|FY)\s*(?:year\s+)?\d{4},?\s+which\s+(?:ended|ends|closed)\s+(?:on\s+|in\s+)?$"
    # "the fiscal fourth quarter, which ended Feb. 3": the quarter's end
    r"|\bfiscal\s+\w+\s+quarter,?\s+which\s+(?:ended|ends|closed)\s+(?:on\s+)?$",
    re.IGNORECASE,
)


def _after_since(text: str, start: int) -> bool:
    """Whether the expression at ``start`` is inside a "since" phrase: right
    after "since" ("since 2019") or at the end of a clause it opens ("since
    the industry was deregulated in 1980"). A starting point, not a time the
    story is told at."""
    return bool(
        _SINCE_BEFORE_RE.search(text, max(0, start - 8), start)
        or _SINCE_CLAUSE_BEFORE_RE.search(text, max(0, start - 90), start)
    )


def _anchors_story(text: str, c: _Cand) -> bool:
    """Whether an expression tells a time the story is at (see :meth:`_Resolver.note`):
    not the start of a span ("since the third quarter of 2010", but "since
    1995, when ..." is), nor a period compared with ("from the previous quarter"),
    nor the end of a period reported on ("in the three months to Sept. 30")."""
    if _after_since(text, c.start):
        return _WHEN_AFTER_RE.match(text, c.end) is not None
    if _PERIOD_END_BEFORE_RE.search(text, max(0, c.start - 40), c.start):
        return False  # "earned 212 million in the three months to Sept. 30": a period's end
    if _DELIVERY_AFTER_RE.match(text, c.end):
        # "the contract for March delivery rose ... below the $1.80 it fetched a
        # year ago": a contract's month names what is traded, not when it is told
        return False
    if _DEADLINE_BEFORE_RE.search(text, max(0, c.start - 16), c.start):
        # "lost 18 million in the fourth quarter, as retailers cut orders before
        # Christmas ... in the year-earlier period": a deadline is not the time
        # the story is at; the quarter stays the period reported
        return False
    lo = max(0, c.start - 40)
    if _BEGAN_BEFORE_RE.search(text, max(0, c.start - 16), c.start) and _GOES_ON_AFTER_RE.match(
        text, c.end
    ):
        # "The strike began on Sept. 3 and has shut most branches ... he told
        # clerks that evening": the start of what still goes on, not the story's day
        return False
    if _OFFSET_APPOSITIVE_RE.search(text, lo, c.start):
        # "will present it on April 6, two days after Easter, and ... the following
        # week": Easter only places the day told; the story stays on April 6
        return False
    if _COMPARED_BEFORE_RE.search(text, lo, c.start) is not None:
        # "down from 1.59 million in September": the month compared with too
        return not (
            _COMPARISON_RE.fullmatch(text, c.start, c.end)
            or _COMPARED_PERIOD_RE.fullmatch(text, c.start, c.end)
        )
    # "... and 1.71 million a year earlier": a figure's comparison base
    return not (
        _FIGURE_BEFORE_RE.search(text, lo, c.start)
        and _COMPARISON_RE.fullmatch(text, c.start, c.end)
    )


# "rose 1.2 percent from the previous quarter and 5.6 percent from a year
# earlier", "down from 78.9 in the previous week", "against 530 the week before":
# the period compared with is no time the story moves to
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:from|over|than|against|versus|vs\.?)\s+"
    # ("against 18 days in the fourth quarter": a figure in any unit)
    r"(?:[$€£]?\d[\d.,]*\s*(?:%|percent|per\s+cent|million|billion|bn|m|[a-z]+)?\s+)?"
    r"(?:in\s+|during\s+)?$",
    re.IGNORECASE,
)
_COMPARISON_RE = re.compile(
    r"the\s+(?:previous|prior|preceding)\s+(?:week|month|quarter)"
    r"|the\s+(?:week|month|quarter)\s+(?:before|earlier)"
    # "rose 3.1 percent in the fourth quarter from a year earlier, up from 2.6
    # percent in the previous quarter": the quarter before the fourth
    r"|an?\s+year\s+(?:earlier|before|ago)",
    re.IGNORECASE,
)


# a month or quarter named as the period compared with ("from 1.59 million in September")
_COMPARED_PERIOD_RE = _rx(rf"(?:{_MON_FULL})|the\s+(?:first|second|third|fourth)\s+quarter|Q[1-4]")
# a figure just before: "1.71 million a year earlier", "281 billion won a year earlier"
_FIGURE_BEFORE_RE = re.compile(
    r"\d[\d.,]*\s*(?:%|percent|per\s+cent|(?:million|billion|trillion|bn|m)(?:\s+[a-z]+)?)?\s+$",
    re.IGNORECASE,
)

_CLOCK_VALUE_RE = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)")


def _clock_of(value: str | None) -> datetime | None:
    """The local date and time a TIME value names ("T24:00", midnight, is the next
    day's 00:00), or None."""
    m = _CLOCK_VALUE_RE.match(value or "")
    if m is None:
        return None
    try:
        day = date.fromisoformat(m[1])
    except ValueError:
        return None
    hh, mm = int(m[2]), int(m[3])
    if hh > 24 or mm > 59:
        return None
    return datetime(day.year, day.month, day.day) + timedelta(hours=hh, minutes=mm)


def _resolve_all(chosen: list[_Cand], r: _Resolver) -> tuple[list[_Val | None], set[int]]:
    """Values in text order; clock times last, so they can take a day written after them.

    Returns the values (None for blockers) and the indices of day expressions
    merged into the clock time before them ("12:00 UTC Monday").
    """
    vals: list[_Val | None] = [None] * len(chosen)
    order = list(range(len(chosen)))
    for i in range(len(chosen) - 1):
        # "the week ended Friday": the day first, then the week it ends
        a, b = chosen[i], chosen[i + 1]
        if a.kind == "period_end" and (
            (b.kind == "day" and _PERIOD_ENDED_GAP_RE.fullmatch(r.text, a.end, b.start))
            or (b.kind == "" and _PERIOD_ENDED_IN_GAP_RE.fullmatch(r.text, a.end, b.start))
        ):
            order[i], order[i + 1] = order[i + 1], order[i]
    ends_next: int | None = None
    for i in order:
        c = chosen[i]
        if c.blocker or c.kind == "time":
            continue
        r.period_end = None
        if c.kind == "period_end" and ends_next == i + 1:
            r.period_end = _last_day_of(vals[i + 1])
        ends_next = i
        v = _safe_resolve(c, r)
        r.note(v, c.end, anchors=_anchors_story(r.text, c))
        r.last_day_end = c.end if v.day is not None else None
        told = _MONTH_VALUE_RE.match(v.value or "") if v.resolved and not c.explicit else None
        if told is not None and int(told[1]) >= 1:  # (no year 0 in a date)
            r.sentence_month = (r.sentence(c.start)[0], c.end, date(int(told[1]), int(told[2]), 1))
        if (
            (c.explicit or _told_year_lead(r, c, v))
            and v.value
            and (not _after_since(r.text, c.start) or _WHEN_AFTER_RE.match(r.text, c.end))
        ):
            # "since 2019" starts a span that runs to today: the sentence is not
            # told from 2019 ("the first rate rise since 2019 came in March")
            first = value_range(v.value)
            appositive = (
                # (an aside's relative clause may run long: ", which has paid a
                # dividend every quarter since going public in 1961,")
                # ", who took over in 2009 with the club near the bottom," too
                _APPOSITIVE_BEFORE_RE.search(r.text, max(0, c.start - 100), c.start)
                and _ASIDE_REST_RE.match(r.text, c.end)
            )
            describes = _DESCRIBES_NOUN_RE.search(r.text, max(0, c.start - 60), c.start)
            if first is not None and not appositive and not describes:
                # (not "The ship, built in Japan in 1984, passed an inspection in
                # November": an aside between commas tells its own time; nor
                # "recalled vehicles made between March 1 and June 30, 2011 on
                # July 24": the date tells which vehicles, not when it is told)
                whole_year = bool(_VALUE_YEAR_RE.match(v.value))
                day0 = date.fromisoformat(first[0])
                r.sentence_anchor = (r.sentence(c.start)[0], c.end, day0, whole_year)
        if (
            v.value
            and _VALUE_YEAR_RE.match(v.value)
            and r.text[c.end : c.end + 2] in ("'s", "’s")
            and _REL_YEAR_TEXT_RE.search(r.text, c.start, c.end)
            and not _FOR_BEFORE_RE.search(r.text, max(0, c.start - 6), c.start)
        ):
            # (not "planting for next year's crop would start in September": what
            # is done for next year's crop is done before it)
            r.owning_year = (r.sentence(c.start)[0], c.end, int(v.value[:4]))
        if c.type == "DURATION" and r.period_end is not None:
            # the three months to a quarter's last day are that quarter: "up from
            # $75m a year earlier" compares with it; the six months to June 30 or
            # Dec. 31 are that half ("down from 20.9 million a year earlier")
            starts = r.period_end + timedelta(days=1)  # (the day the next period starts)
            if v.value == "P3M" and starts.month in (1, 4, 7, 10):
                r.last_value = _relative("quarter", 0, r.period_end).value
                if r.fiscal_quarter is not None and r.first_quarter is None:
                    # "a loss for its fiscal third quarter ... For the three months
                    # ended March 31": the fiscal quarter the report named
                    r.last_value = f"FY{r.fiscal_quarter[0]:04d}-Q{r.fiscal_quarter[1]}"
                r.last_value_end = c.end
            elif (
                v.value == "P6M"
                and starts.month in (1, 7)
                and starts.day == 1
                # (not after a fiscal half it is told with: "for the fiscal first
                # half, the six months ended Dec. 31")
                and not (r.last_value or "").startswith("FY")
            ):
                r.last_value = f"{r.period_end.year:04d}-H{1 if starts.month == 7 else 2}"
                r.last_value_end = c.end
            elif v.value == "P6M" and r.last_fiscal_half is not None:
                # "a loss in its fiscal first half ... for the six months ended
                # Sept. 30. It earned 2.9 billion yen in the year-earlier period":
                # the fiscal half the report named
                r.last_value = r.last_fiscal_half
                r.last_value_end = c.end
        vals[i] = v
    r.period_end = None

    # second pass: replay the narrative anchor and resolve clock times at their place
    r.anchor_day = r.today
    r.far_day = None
    r.anchor_end = None
    r.last_night = None  # (the first pass saw every night, those after a clock too)
    r.last_afternoon = None
    r.early_day = None
    r.late_day = None
    merged: set[int] = set()
    for i, c in enumerate(chosen):
        if c.blocker:
            continue
        if c.kind != "time":
            done = vals[i]
            if done is not None and done.day is not None:
                after = _part_after_clock(r, c, done)
                if after is not None:
                    done = vals[i] = after
                if _told_on_after_event(r, c, done):
                    continue
                r.note(done, c.end, anchors=_anchors_story(r.text, c))
                edges = [
                    e["edge"].lower()
                    for e in _EDGE_OF_DAY_RE.finditer(r.text, max(0, c.start - 20), c.end)
                ]
                if done.day is not None and any(e != "late" for e in edges):
                    r.early_day = (done.day, c.end)  # "early Friday": its small hours
                if done.day is not None and "late" in edges:
                    r.late_day = (done.day, c.end)  # "late Wednesday": its evening
            continue
        saved = r.anchor_day
        nxt = vals[i + 1] if i + 1 < len(chosen) else None
        later = _day_after_clocks(chosen, vals, i, r.text)
        anchored = False  # by the day named right after it (even the story's own)
        if (
            nxt is not None
            and nxt.day is not None
            and chosen[i + 1].kind in ("day", "dayref")
            and _TIME_DAY_GAP_RE.match(r.text[c.end : chosen[i + 1].start])
        ):
            r.anchor_day, anchored = nxt.day, True
            if "," not in r.text[c.end : chosen[i + 1].start]:
                merged.add(i + 1)
                c.end = chosen[i + 1].end
        elif later is not None:
            # "at 8 p.m. (1900 GMT) on Feb. 28": the day after a bracketed clock
            r.anchor_day, anchored = later, True
        r.clock_day_named = r.anchor_day != saved
        done = vals[i] = _safe_resolve(c, r)
        r.clock_day_named = False
        r.anchor_day = saved
        clock = _clock_of(done.value)
        if (
            clock is not None
            and not anchored
            and done.day is not None
            and _BARE_CLOCK_RE.fullmatch(r.text, c.start, c.end)
        ):
            on = done.day
            moved = (
                _news_hour(r, c, clock)
                or _afternoon_goes_on(r, c, clock)
                or _clock_day_goes_on(r, c, clock)
            )
            if moved is not None:
                # (the zone, if any, stays: "T03:30Z" read as "T15:30Z")
                on, clock = moved.date(), moved
                done = vals[i] = _day_val(on, f"T{moved:%H:%M}{(done.value or '')[16:]}")
            crossed = _crossed_into(r, c, on, clock) or _eve_of_early_day(r, c, on, clock)
            if crossed is not None and r.unless_ahead_in_past(c, crossed) != crossed:
                # "reach Hamburg by early evening, the forecaster said in a
                # bulletin issued at 6 a.m.": a past clock is not a morning ahead
                crossed = None
            if crossed is not None:
                if crossed > on:
                    r.crossed_day = crossed
                done = vals[i] = _day_val(crossed, (done.value or "")[10:])
                clock = _clock_of(done.value)
        twin = (
            i > 0
            and chosen[i - 1].kind == "time"
            and _CLOCK_PAREN_GAP_RE.match(r.text[chosen[i - 1].end : c.start])
        )
        if clock is not None and not twin:
            # (a bracketed twin in another zone is not the story's clock)
            r.last_clock = (clock, c.end)
            if anchored and clock.hour < 6 and r.late_day is not None:
                # "raised the alert late Wednesday ... moved the villagers by 4
                # a.m. Thursday": Thursday's small hours, after that evening
                r.early_day = (clock.date(), c.end)
    return vals, merged


# "the following morning", "the next evening": told from the day before
_NEXT_PART_RE = re.compile(
    r"(?:the\s+)?(?:next|following)\s+(?P<part>morning|afternoon|evening|night)", re.IGNORECASE
)
_PART_STARTS = {"morning": 6, "afternoon": 12, "evening": 18, "night": 21}


def _part_after_clock(r: _Resolver, c: _Cand, done: _Val) -> _Val | None:
    """ "The following morning" after clock times told since the day it counted
    from: the first such part of the day after the last clock, or None to keep
    ``done``.

    "... left at 8.20am. Some passengers did not get away until the following
    morning" is the morning after the day of the clocks; "pronounced dead at
    12.40am on 15 February. He was arrested the following morning" is that
    day's morning, which had not yet come.
    """
    m = _NEXT_PART_RE.fullmatch(r.text, c.start, c.end)
    last = r.last_clock
    if m is None or last is None or done.day is None:
        return None
    if r.anchor_end is not None and last[1] < r.anchor_end:
        return None  # a day named since the clock: counted from it
    clock = last[0]
    day = clock.date()
    if clock.hour >= _PART_STARTS[m["part"].lower()]:
        if day == date.max:
            return None
        day += timedelta(days=1)
    if day == done.day or abs((day - done.day).days) > 2:
        return None
    return _day_val(day, (done.value or "")[10:])


# an adverb between a copula and its participle: "is still closed", "are not held"
_ADVERBS_IN_PASSIVE = frozenset(("still", "also", "not", "already", "again", "often", "now"))
# a clock time written without a half of the day: "3:30", "at 3.20"
_HALFLESS_CLOCK_RE = re.compile(r"(?:[1-9]|1[01])(?:[:.][0-5]\d|\s+o['’]clock)")


_NEWS_AFTER_RE = re.compile(r"\s+(?:news|newscast|bulletin)\b", re.IGNORECASE)


def _news_hour(r: _Resolver, c: _Cand, clock: datetime) -> datetime | None:
    """ "We'll have more on the 11 o'clock news": a broadcast's evening hour on
    the day of the telling (a bare hour from 5 to 11 before "news"); else None."""
    if (
        r.dct is None
        or not 5 <= clock.hour <= 11
        or not _NEWS_AFTER_RE.match(r.text, c.end)
        or not _HALFLESS_CLOCK_RE.fullmatch(r.text, c.start, c.end)
    ):
        return None
    return datetime.combine(r.dct, clock.time()) + timedelta(hours=12)


def _afternoon_goes_on(r: _Resolver, c: _Cand, clock: datetime) -> datetime | None:
    """The afternoon reading of a clock time written without "a.m." or "p.m."
    when the story's clock has already passed noon that day and goes on in
    order: "put it back to 1 p.m. At 12:40 came a second delay, to 3:30" is
    15:30, and "at 2:50 this afternoon ... The roads reopened at 3:20" is 15:20.
    Only an hour from 1 to 7 after a clock from noon to 7 p.m. on the same day,
    no more than 600 characters back (a night that crosses midnight is
    :func:`_crossed_into`'s), and no more than an hour before that clock ("held
    it until 2 p.m. At 1:50 came a second hold": the hold came before the time
    it had set); else None.

    An afternoon named on the clock's day no more than 600 characters back, with
    no morning clock told since, does the same: "flooded the washes this
    afternoon ... until 9 o'clock tonight ... the storm broke at about 3:40" is
    15:40."""
    if not 1 <= clock.hour <= 7 or not _HALFLESS_CLOCK_RE.fullmatch(r.text, c.start, c.end):
        return None
    after = datetime.combine(clock.date(), clock.time()) + timedelta(hours=12)
    last, noon = r.last_clock, r.last_afternoon
    if (
        noon is not None
        and noon[0] == clock.date()
        and 0 <= c.start - noon[1] <= 600
        # (a day named since, unless that same day: "until 9 o'clock tonight")
        and not (r.anchor_end is not None and r.anchor_end > noon[1] and r.anchor_day != noon[0])
        and (last is None or last[1] < noon[1] or last[0] >= after.replace(hour=12, minute=0))
    ):
        return after
    if (
        last is None
        or not 12 <= last[0].hour <= 19
        or not 0 <= c.start - last[1] <= 600
        or (r.anchor_end is not None and r.anchor_end > last[1])
    ):
        return None
    # (on the day of the clock before it, no day being named since)
    after = datetime.combine(last[0].date(), clock.time()) + timedelta(hours=12)
    return after if after >= last[0] - timedelta(hours=1) else None


def _clock_day_goes_on(r: _Resolver, c: _Cand, clock: datetime) -> datetime | None:
    """A clock time on the day of the clock told just before it, when that one
    was on another day and no day was named since: "The roads close again at 9
    o'clock [tomorrow] and ... the first rider sets off at 10:30" is tomorrow's
    10:30. Only later in the day than the last clock, no more than 300
    characters on, and not a day ahead told in the past; else None."""
    last = r.last_clock
    if (
        last is None
        or last[0].date() == clock.date()
        or last[0].time() > clock.time()
        or not 0 <= c.start - last[1] <= 300
        or (r.anchor_end is not None and r.anchor_end > last[1])
        or r.dct is None
        or abs((last[0].date() - r.dct).days) > 1
    ):
        return None
    if r.tense_detail(c) == ("PAST", True):
        return None  # "Police closed the road at 10:30": its own clause is past
    return datetime.combine(last[0].date(), clock.time())


def _eve_of_early_day(r: _Resolver, c: _Cand, day: date, clock: datetime) -> date | None:
    """The day before ``day`` for a past evening clock when the story called
    ``day`` early and has not yet crossed into it: "approved the merger in a
    referendum Monday, but the result was not known until early Tuesday ... Polls
    closed at 8 p.m." is Monday's evening. Else None."""
    early, last = r.early_day, r.last_clock
    if (
        early is None
        or early[0] != day
        or clock.hour < 15
        or day == date.min
        or r.crossed_day == day
        or (last is not None and last[0].date() == day and last[1] != early[1])
    ):
        return None
    eve = day - timedelta(days=1)
    if (
        last is not None
        and last[1] == early[1]
        and not (r.late_day is not None and r.late_day[0] == eve)
    ):
        # after a small-hours clock that named its day, only when the evening
        # before was named "late" ("late Wednesday ... by 4 a.m. Thursday ...
        # quakes between 6 p.m. and 10 p.m.")
        return None
    goes_on = last is not None and last[0].date() == eve and last[0].time() <= clock.time()
    tense = r.tense(c)
    if tense == "PAST" or (goes_on and tense != "FUTURE"):
        # (the evening told in order goes on: "... before, at 11:30 p.m., the
        # returning officer moved the count")
        return eve
    return None


def _told_on_after_event(r: _Resolver, c: _Cand, v: _Val) -> bool:
    """A day of telling after the day of the event in one sentence ("spent
    Tuesday night in school halls after chlorine escaped, officials said on
    Wednesday"): the clock times told next are the event's, so for them the
    story stays on its day. Not after a day that only names a thing ("no one
    won a majority in Sunday's first round, the commission said on Monday ...
    results read out at 4 a.m.")."""
    return (
        v.day is not None
        and r.anchor_end is not None
        and r.anchor_end >= r.sentence(c.start)[0]
        and r.anchor_day is not None
        and r.anchor_day < v.day
        and r.text[r.anchor_end : r.anchor_end + 2] not in ("'s", "’s")
        and _SAID_ON_RE.search(r.text, max(0, c.start - 30), c.start) is not None
    )


def _told_year_lead(r: _Resolver, c: _Cand, v: _Val) -> bool:
    """ "Last year" or "next year" opening its sentence: it tells that sentence's
    year as a written year would ("Last year the monsoon reached Kerala on May
    29" is the May 29 of last year)."""
    return (
        v.resolved
        and _VALUE_YEAR_RE.fullmatch(v.value or "") is not None
        and _LEAD_YEAR_RE.fullmatch(r.text, c.start, c.end) is not None
        and (
            r.sentence(c.start)[0] == c.start
            # (or later in a sentence that wrote a year before it: "invited bids
            # in 1997 but put the tender on hold last year ..., and bids were
            # reopened in November" is last year's November)
            or (
                r.sentence_anchor is not None
                and r.sentence_anchor[0] == r.sentence(c.start)[0]
                and r.sentence_anchor[3]
                # (a story going on in time; not "earn more in 1988 than it
                # earned last year, unless Detroit stumbles in the second half")
                and int((v.value or "0")[:4]) > r.sentence_anchor[2].year
            )
        )
    )


_LEAD_YEAR_RE = re.compile(r"(?:last|next)\s+year", re.IGNORECASE)


def _crossed_into(r: _Resolver, c: _Cand, day: date, clock: datetime) -> date | None:
    """The day a bare clock time falls on when a night told in order has crossed
    midnight, or None when it stays on ``day`` (the day it would otherwise take).

    - after an evening clock on that day: "the last lifeboats were in the water
      at 11:25 p.m. ... shortly after 2 a.m.", "starting at 4 p.m. Sunday, before
      breaking off at 6 a.m.";
    - after an evening or night named on that day, with no clock since: "had gone
      down the shaft the previous evening. Water broke through at about 3 a.m.";
    - going on from the day the night crossed into: "... at 3 a.m. ... at
      9:30 a.m. they heard tapping".
    """
    if day == date.max:
        return None
    last, night = r.last_clock, r.last_night
    small_hours = clock.hour < 7
    next_day = day + timedelta(days=1)
    if (
        small_hours
        and last is not None
        and (
            (last[0].date() == day and last[0].hour >= 15)
            # "counting began shortly before midnight. The first count, completed
            # at 3.40am", "searched between midnight and 3am": midnight ("T24:00")
            # ends the day it is on
            or last[0] == datetime(next_day.year, next_day.month, next_day.day)
        )
    ):
        return next_day
    if (
        not small_hours
        and clock.hour < 12
        and last is not None
        and last[0].date() == day
        and last[0].hour >= 20
        and r.dct is not None
        and next_day <= r.dct
        and r.tense(c) == "PAST"
        and not _EARLIER_BEFORE_RE.search(r.text, max(0, c.start - 80), c.start)
    ):
        # "a class 4 warning at 10 p.m. ... All warnings were lifted at 11 a.m.":
        # a morning told after a late evening, in the past, is the next one
        return next_day
    if small_hours and r.early_day is not None and r.early_day[0] == next_day:
        # "approved the budget early Thursday, ending a debate that began on
        # Wednesday afternoon ... The vote, held at 2:15 a.m.": the small hours
        # of the day the story called early
        return next_day
    if (
        night is not None
        and night[0] == day
        and (last is None or last[1] < night[1])
        and (
            small_hours
            or (clock.hour < 12 and (r.tense(c) == "PAST" or (r.dct is not None and day > r.dct)))
        )
    ):
        # "agreed a fee on Thursday evening, and he landed at 7.30am", "engineers
        # worked overnight ... service again by 8:30 a.m.", "barriers go up
        # Saturday night. The race starts at 7 a.m.": the morning after; not a
        # plan's morning after a night past ("voted on Tuesday night ... the first
        # bell will ring at 8:15 a.m.") or tonight ("will spend tonight in
        # hospital ... will brief reporters at 10.30am", told in the morning)
        return next_day
    if (
        last is not None
        and last[0].date() == next_day
        and last[0].date() == r.crossed_day
        and (clock.hour < 12 or clock.time() >= last[0].time())
    ):
        # the story goes on from the day the night crossed into, its morning in
        # any order ("from 2 a.m. until noon" after "by 9 a.m."); only after a
        # crossing: "until noon Wednesday ... between 3 p.m. and 9 p.m." after
        # "Tuesday afternoon" stays on Tuesday
        return last[0].date()
    return None


# "earlier, at 11 a.m.": a clock told out of order
_EARLIER_BEFORE_RE = re.compile(r"\b(?:earlier|before\s+that|previously)\b[^.;!?]*$", re.I)
# a clock alone ("2 a.m.", "1:30 a.m. MST", "noon"), not "midnight tonight" or "4am on Sunday"
_BARE_CLOCK_RE = re.compile(
    rf"(?:\d{{1,2}}(?:[:.]\d\d|\s+o['’]clock)?\s*(?:[ap]\.?\s?m\.?)?|noon|midday)(?:\s*{_TZ})?",
    re.IGNORECASE,
)
# a clock time, then its bracketed twin in another zone, then the day:
# "at 9:20 a.m. local time (0320 GMT) on Friday"
_CLOCK_PAREN_GAP_RE = re.compile(r"^\s*(?:local\s+time\s*)?[(\[]\s*$", re.IGNORECASE)
_PAREN_DAY_GAP_RE = re.compile(r"^\s*[)\]]\s*(?:,\s*)?(?:on\s+)?$", re.IGNORECASE)


def _day_after_clocks(
    chosen: list[_Cand], vals: list[_Val | None], i: int, text: str
) -> date | None:
    """The day named right after the clock time ``chosen[i]`` and its bracketed
    twin ("8 p.m. (1900 GMT) on Feb. 28"), or after the range it opens ("from
    10 a.m. to 6 p.m. Saturday"), or None."""
    k = i + 1
    day_gap = _PAREN_DAY_GAP_RE
    if k < len(chosen) and chosen[k].kind == "time":
        gap = text[chosen[i].end : chosen[k].start]
        if _CLOCK_RANGE_GAP_RE.match(gap):
            day_gap = _TIME_DAY_GAP_RE  # the range's end is merged with its day
        elif not _CLOCK_PAREN_GAP_RE.match(gap):
            return None
        k += 1
    if k >= len(chosen) or chosen[k].kind not in ("day", "dayref"):
        return None
    v = vals[k]
    if v is None or v.day is None:
        return None
    if not day_gap.match(text[chosen[k - 1].end : chosen[k].start]):
        return None
    if k == i + 2 and day_gap is _TIME_DAY_GAP_RE:
        start, end = _clock_minutes(chosen[i], text), _clock_minutes(chosen[i + 1], text)
        if start is not None and end is not None and end < start:
            # "from 6 p.m. until noon on Friday": a range over midnight starts
            # the day before the day its end is on
            return v.day - timedelta(days=1)
    return v.day


_CLOCK_TEXT_RE = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s*(?P<ap>[ap])\.?\s?m\b|(?P<noon>noon|midday)",
    re.IGNORECASE,
)


def _clock_minutes(c: _Cand, text: str) -> int | None:
    """Minutes after midnight of a 12-hour clock time as written ("6 p.m.",
    "noon", "9:30 a.m."), or None for any other form."""
    m = _CLOCK_TEXT_RE.match(text, c.start, c.end)
    if m is None:
        return None
    if m["noon"]:
        return 12 * 60
    h = int(m["h"])
    if not 1 <= h <= 12:
        return None
    return (h % 12 + (12 if m["ap"].lower() == "p" else 0)) * 60 + int(m["m"] or 0)


# between the two ends of a clock range: "10 a.m. to 6 p.m.", "9-11 a.m."
_CLOCK_RANGE_GAP_RE = re.compile(r"^\s*(?:to|until|till|through|-|–|and)\s*$", re.IGNORECASE)
