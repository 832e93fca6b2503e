"""Entity canonicalisation over spaCy NER output.

spaCy's small English model finds names well but names them inconsistently:
the same person appears as "Vladimir Putin", "Putin" and "Putin's"; "Trump"
is tagged ORG in some sentences and PERSON in others; time zones ("GMT") come
out as organisations. Search facets and alerts aggregate on the *canonical*
name, so each article's mentions are folded into one :class:`Entity` per
real-world name before indexing.

The resolver works on ``doc.ents`` and the text around them only (no tagger,
parser or sentence boundaries needed), so it runs beside an NER-only
pipeline. Per article it:

1. cleans each mention (whitespace, quotes, possessive ``'s``, a trailing
   score) and derives a *matching form*: no leading "the", no honorific
   ("Mr.", "President") for PERSON mentions, no legal suffix ("Inc.", "plc")
   for ORG mentions; joins a name the model cut at a particle ("Ursula von
   der" + "Leyen"); drops a portfolio word tagged ORG inside a title
   ("Defence Minister ...") or widens it to its ministry ("Ministry of
   Defence"); makes nationality adjectives tagged GPE NORP;
2. applies the versioned alias table (``pipeline/resources/aliases.yaml``):
   relabel known model mistakes, drop known noise, map spelling variants to
   one canonical name and label; then relabels names the context shows are
   places ("the provinces of A, B and C", "the X region", "Vicenza, Italy.");
3. groups mentions by matching key, then folds short person references
   ("Putin", "Mr. Macron") into the one fuller name of the article that ends
   with them, a parenthesised acronym ("United States Air Force (USAF)")
   into its expansion, and a generic organisation head ("the Commission")
   into the one organisation ending with it;
4. labels each entity by a vote over its mentions; an alias fixes the label,
   a surname folded into a multi-token name makes the entity a PERSON, and
   an organisation head ("Systems", "Bank") rules PERSON out;
5. resolves a lone surname through ``known`` (names learned from earlier
   articles) and returns the surnames this article teaches.

Keys (alias variants, ``known``/``learned`` keys) are built by
:func:`name_key`: Unicode NFKC, curly apostrophes straightened, whitespace
collapsed, a leading "the" and a trailing possessive removed, case folded and
**accents stripped** ("Erdoğan" and "Erdogan" share the key ``erdogan``).
"""

from __future__ import annotations

import bisect
import importlib.resources
import itertools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from spacy.tokens import Doc

from pipeline.record import Entity, EntityLabel, Span

log = logging.getLogger(__name__)

KEEP_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")
_KEEP = frozenset(KEEP_LABELS)

ALIAS_RESOURCE = ("pipeline.resources", "aliases.yaml")

# Titles dropped from the front of PERSON mentions for matching, so "Mr. Macron"
# and "President Macron" both meet "Emmanuel Macron". Only whole tokens, folded.
_PERSON_TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame lord lady president
    vice-president senator sen. rep. gov. governor gen. lt. col. capt. sgt. adm. judge
    justice chancellor premier prime minister secretary ambassador treasurer spokesman
    spokeswoman spokesperson spaniard briton frenchman frenchwoman dutchman englishman
    scot irishman welshman""".split()  # noqa: SIM905
)
# The abbreviated ones are safe to strip from ORG mentions too (the model
# sometimes tags "Mr. Trump" ORG); "General Motors" must stay whole.
_ABBREV_TITLES = frozenset(t for t in _PERSON_TITLES if t.endswith(".")) | {"mr", "mrs", "ms"}
# Legal-form suffixes dropped from ORG names, so "Apple Inc." and "Apple" are
# one entity and the canonical name is stable across articles.
_LEGAL_SUFFIXES = frozenset(
    """inc inc. corp corp. corporation ltd ltd. llc plc co. ag n.v. nv s.a. sa se gmbh
    s.p.a. spa""".split()  # noqa: SIM905
)
# Generational suffixes: never a surname key.
_NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())  # noqa: SIM905
_EDGE_JUNK = "\"'“”‘’`()[]{},;:*|"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

# Lower-case particles inside personal names ("Ursula von der Leyen"). The model
# sometimes cuts such a name in two ("Ursula von der" PERSON, "Leyen" GPE).
_PARTICLES_RE = r"(?:van|von|de|da|di|del|della|der|den|du|dos|das|la|le|bin|ibn|al|el|ter|zu)"
_PARTICLE_GAP = re.compile(rf"^[ ]+(?:{_PARTICLES_RE}[ ]+)*$")
_ENDS_WITH_PARTICLE = re.compile(rf"[ ]{_PARTICLES_RE}$")
_STARTS_WITH_PARTICLE = re.compile(rf"^{_PARTICLES_RE}[ ]")
# Particles the model leaves out in front of a surname ("Von der Leyen told", with
# only "Leyen" tagged). Fewer than above: "La Paz", "Al Jazeera" are not people.
_PARTICLES_BEFORE = re.compile(r"(?:\b(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]e|ter|zu)[ ]+)+$")
# A score after a club name is not part of it ("Portmoor City 2-1").
_TRAILING_SCORE = re.compile(r"[ ]+\d{1,2}[-–]\d{1,2}$")
# A portfolio word tagged ORG beside a title is part of the title, not an
# organisation: "Defence Minister Rustem Umerov", "Secretary of State Marco Rubio".
# Beside "Ministry"/"Department" it is the organisation's name, which the model
# cut short: "Ministry of Defence", "the Defence Ministry".
_TITLE_AFTER = re.compile(r"^[ ]+(?:Minister|Secretary|Secretary-General)\b")
_TITLE_BEFORE = re.compile(r"\b(?:Minister|Secretary)[ ]+(?:of|for)[ ]+(?:the[ ]+)?$")
_MINISTRY_BEFORE = re.compile(r"\b(?:Ministry|Department)[ ]+(?:of|for)[ ]+(?:the[ ]+)?$")
_MINISTRY_AFTER = re.compile(r"^[ ]+(?:Ministry|Department)\b")
# A name after "the districts of" / before "region" is a place whatever the
# model says ("the provinces of Seville, Cordoba and Jaen", "the Alentejo region");
# the rest of a list joined by commas and "and" goes with it.
_PLACE_NOUNS = (
    r"(?:towns?|city|cities|villages?|provinces?|districts?|regions?|county|counties|"
    r"municipality|municipalities|oblasts?|states?|ports?)"
)
_LIST_SEP = r"(?:[ ]*,[ ]*(?:and[ ]+|or[ ]+)?|[ ]+(?:and|or)[ ]+)"
# list members the model did not tag count as list members all the same
# ("the Zhytomyr, Khmelnytskyi, Mykolaiv and Odesa regions": only two tagged)
_UNTAGGED = rf"(?:[A-Z][\w'’-]+{_LIST_SEP})"
_PLACE_BEFORE = re.compile(rf"\b{_PLACE_NOUNS}[ ]+of[ ]+(?:the[ ]+)?{_UNTAGGED}*$")
_PLACE_AFTER = re.compile(
    rf"(?:{_LIST_SEP}[A-Z][\w'’-]+)*[ ]+(?:{_PLACE_NOUNS}|(?P<loc>valley|peninsula))\b"
)
_LIST_GAP = re.compile(rf"^{_LIST_SEP}{_UNTAGGED}*$")
_PLACE_WORD = re.compile(rf"\b(?:{_PLACE_NOUNS}|valley|peninsula)\b")
# "Vicenza, Italy." / "Tromso, Norway,": a name before ", <country>" is a town.
_COUNTRY_AFTER_END = re.compile(r"^\s*(?:[.,;:)\n]|$)")
_PLACE_FROM = frozenset({"PERSON", "NORP", "ORG"})
# Nationality adjectives and plurals ("Ukrainian", "Ukrainians", "Japanese",
# "Polish") are NORP, never places; the model sometimes tags them GPE.
_DEMONYM = re.compile(r"^[A-Z][a-z]{2,}(?:ians?|eses?|ish)$")
_NOT_DEMONYMS = frozenset({"dalian", "xian"})  # cities spelled like adjectives
# Head nouns that make a name an organisation, whatever the model's vote says
# ("Halvorsen Systems, founded in 2009 by ...", tagged PERSON once and ORG once).
_ORG_HEADS = frozenset(
    """systems group bank corporation company holdings airlines airways motors industries
    technologies partners institute university council committee agency ministry party
    association federation foundation fund commission authority organisation organization
    board bureau department advisors advisers""".split()  # noqa: SIM905
)
# Generic heads that, alone, name the article's one organisation ending with
# them: "the Commission" after "the European Commission", "the Senate".
_SHORT_ORG_HEADS = _ORG_HEADS | frozenset(
    """senate parliament assembly congress court army navy police government administration
    service office cabinet""".split()  # noqa: SIM905
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _strip_possessive(text: str) -> str:
    low = text.lower()
    if low.endswith(("'s", "’s")) and len(text) > 2:
        return text[:-2].rstrip()
    return text


def _strip_the(text: str) -> str:
    if len(text) > 4 and text[:4].lower() == "the ":
        return text[4:]
    return text


@lru_cache(maxsize=32768)
def name_key(text: str) -> str:
    """The normalised key of a name: what aliases, ``known`` and ``learned`` use.

    Folding accents and case makes "Zelenskiy"/"ZELENSKIY" and "Erdoğan"/"Erdogan"
    meet; dropping "the" and the possessive makes "the Kremlin's" meet "Kremlin".
    Cached because the same few hundred names recur in every batch.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _strip_possessive(_strip_the(_collapse(text)))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _all_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text.upper() == text


# --------------------------------------------------------------------------
# Alias table
# --------------------------------------------------------------------------


class _AliasSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: EntityLabel
    variants: list[str] = Field(default_factory=list)


class _DropSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texts: list[str]
    labels: list[str] | None = None
    reason: str = ""


class _RelabelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    texts: list[str]
    to: EntityLabel
    from_labels: list[str] | None = Field(default=None, alias="from")
    reason: str = ""


class _AliasFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    aliases: dict[str, _AliasSpec] = Field(default_factory=dict)
    drop: list[_DropSpec] = Field(default_factory=list)
    relabel: list[_RelabelSpec] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) else v


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """Where a variant points: the canonical name and its (authoritative) label."""

    canonical: str
    label: str


@dataclass(frozen=True, slots=True)
class _Rule:
    """A lookup value plus the case rule: all-caps variants match all-caps text only.

    Without it the alias "US" would also catch a mention "Us", and "WHO" a band
    called "Who"; an entry listing both "NATO" and "Nato" matches either.
    """

    upper_only: bool
    value: Any


def _add_rule(table: dict[str, _Rule], text: str, value: Any, what: str) -> None:
    key = name_key(text)
    if not key:
        raise ValueError(f"{what}: empty name {text!r}")
    old = table.get(key)
    if old is not None and old.value != value:
        raise ValueError(f"{what}: {text!r} is listed twice with different meanings")
    upper = _all_upper(text) and (old is None or old.upper_only)
    table[key] = _Rule(upper_only=upper, value=value)


def _lookup(table: Mapping[str, _Rule], form: str, key: str) -> Any:
    rule = table.get(key)
    if rule is None or (rule.upper_only and not _all_upper(form)):
        return None
    return rule.value


@dataclass(frozen=True)
class AliasTable:
    """The hand-kept corrections applied on top of the model (see aliases.yaml).

    Versioned so an enriched article can say which corrections produced it
    and so a change to the file is a visible, reviewable behaviour change.
    """

    version: str
    aliases: Mapping[str, _Rule] = field(default_factory=dict)
    drops: Mapping[str, _Rule] = field(default_factory=dict)
    relabels: Mapping[str, _Rule] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> AliasTable:
        """Load and validate a table; the packaged ``aliases.yaml`` by default.

        Fails loudly (ValueError) on a malformed file: a worker must not start
        with half its corrections silently missing.
        """
        if path is None:
            package, name = ALIAS_RESOURCE
            text = importlib.resources.files(package).joinpath(name).read_text("utf-8")
            where = f"{package}/{name}"
        else:
            text = Path(path).read_text("utf-8")
            where = str(path)
        try:
            raw = yaml.safe_load(text)
            spec = _AliasFile.model_validate(raw)
        except (yaml.YAMLError, ValidationError) as exc:
            raise ValueError(f"bad alias file {where}: {exc}") from exc
        table = cls._from_spec(spec)
        log.info(
            "alias table %s version %s: %d alias keys, %d drop keys, %d relabel keys",
            where,
            table.version,
            len(table.aliases),
            len(table.drops),
            len(table.relabels),
        )
        return table

    @classmethod
    def _from_spec(cls, spec: _AliasFile) -> AliasTable:
        aliases: dict[str, _Rule] = {}
        drops: dict[str, _Rule] = {}
        relabels: dict[str, _Rule] = {}
        for canonical, a in spec.aliases.items():
            entry = AliasEntry(_collapse(canonical), a.label)
            for variant in [canonical, *a.variants]:
                _add_rule(aliases, variant, entry, "aliases")
        for d in spec.drop:
            # An empty set means "under any label".
            labels = _check_labels(d.labels, "drop") or frozenset()
            for text in d.texts:
                _add_rule(drops, text, labels, "drop")
        for r in spec.relabel:
            from_labels = _check_labels(r.from_labels, "relabel.from", any_label=True)
            for text in r.texts:
                _add_rule(relabels, text, (from_labels, r.to), "relabel")
        clash = sorted(aliases.keys() & drops.keys())
        if clash:
            raise ValueError(f"both an alias and dropped: {clash}")
        return cls(spec.version, aliases, drops, relabels)

    def alias(self, form: str) -> AliasEntry | None:
        """The canonical name and label a matching form maps to, if listed."""
        value: AliasEntry | None = _lookup(self.aliases, form, name_key(form))
        return value

    def dropped(self, form: str, label: str) -> bool:
        """True if this form, under this model label, is a known model mistake."""
        labels: frozenset[str] | None = _lookup(self.drops, form, name_key(form))
        if labels is None:
            return False
        return not labels or label in labels

    def relabel(self, form: str, label: str) -> str | None:
        """The corrected label for a form the model mislabels, else None."""
        value: tuple[frozenset[str] | None, str] | None = _lookup(
            self.relabels, form, name_key(form)
        )
        if value is None:
            return None
        from_labels, to = value
        if from_labels is not None and label not in from_labels:
            return None
        return to


def _check_labels(
    labels: Iterable[str] | None, what: str, any_label: bool = False
) -> frozenset[str] | None:
    """Validate a label list. ``None`` (absent) means any label.

    Drop labels must be ones we keep; relabel sources may be any spaCy label
    (e.g. PRODUCT), since that is how a mislabelled name gets rescued.
    """
    if labels is None:
        return None
    out = frozenset(labels)
    if not any_label and not out <= _KEEP:
        raise ValueError(f"{what}: unknown labels {sorted(out - _KEEP)}")
    return out


# --------------------------------------------------------------------------
# Resolver
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    surface: str
    form: str
    label: str
    alias: AliasEntry | None


@dataclass(slots=True)
class _Group:
    """Mentions sharing one matching key (or one alias canonical)."""

    key: str
    tokens: tuple[str, ...]
    first: int
    mentions: list[_Mention] = field(default_factory=list)
    alias: AliasEntry | None = None

    def labels(self) -> Counter[str]:
        return Counter(m.label for m in self.mentions)


@dataclass(slots=True)
class _Cluster:
    groups: list[_Group]
    person_merge: bool = False
    canonical: str = ""
    label: str = ""
    from_known: bool = False

    @property
    def mentions(self) -> list[_Mention]:
        return [m for g in self.groups for m in g.mentions]


class EntityResolver:
    """Turns a Doc's NER spans into canonical :class:`Entity` records.

    Stateless between calls apart from the alias table: cross-article memory
    lives in the caller's ``known`` mapping (a Faust table in the worker), so
    the resolver stays a pure function that is easy to test and to parallelise.
    ``label_flips`` only counts, for reports, the labels the stream vote changed.
    """

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.label_flips: Counter[tuple[str, str, str]] = Counter()  # (name, from, to)

    # -- step 1-2: mentions ---------------------------------------------------
    def _mention(self, text: str, start: int, end: int, label: str) -> _Mention | None:
        # Trim junk the model sometimes includes: quotes, brackets, a possessive.
        while start < end:
            before = (start, end)
            while start < end and (text[start].isspace() or text[start] in _EDGE_JUNK):
                start += 1
            while start < end and (text[end - 1].isspace() or text[end - 1] in _EDGE_JUNK):
                end -= 1
            if end - start > 2 and text[end - 2] in "'’" and text[end - 1] in "sS":
                end -= 2
            if (start, end) == before:
                break
        if start >= end:
            return None
        if label not in _KEEP and self.aliases.relabel(_strip_the(text[start:end]), label) is None:
            return None  # DATE, CARDINAL...: most spans stop here
        score = _TRAILING_SCORE.search(text, start, end)
        if score is not None and score.start() > start:
            end = score.start()
        if label == "ORG" and _portfolio_shaped(text[start:end]):
            left, right = text[max(0, start - 30) : start], text[end : end + 30]
            if _TITLE_AFTER.match(right) or _TITLE_BEFORE.search(left):
                return None
            if ministry := _MINISTRY_BEFORE.search(left):
                start -= len(left) - ministry.start()
            elif ministry := _MINISTRY_AFTER.match(right):
                end += ministry.end()
        surface = _collapse(text[start:end])
        form = _strip_the(surface)
        relabelled = self.aliases.relabel(form, label)
        if relabelled is not None:
            label = relabelled
        elif label in ("GPE", "LOC") and _demonym(form):
            label = "NORP"
        if label not in _KEEP:
            return None
        if label in ("PERSON", "ORG"):
            form = _strip_titles(form, _PERSON_TITLES if label == "PERSON" else _ABBREV_TITLES)
        if self.aliases.dropped(form, label):
            return None
        alias = self.aliases.alias(form)
        if alias is None and label == "ORG":
            stripped = _strip_legal(form)
            if stripped != form:
                form = stripped
                alias = self.aliases.alias(form)
        if alias is not None:
            return _Mention(start, end, surface, alias.canonical, alias.label, alias)
        if relabelled is None and not _plausible_name(form):
            return None
        return _Mention(start, end, surface, form, label, None)

    def _mentions(self, doc: Doc, text: str) -> list[_Mention]:
        out = []
        for start, end, label in _join_split_names(
            text, [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        ):
            m = self._mention(text, start, end, label)
            if m is not None:
                out.append(m)
            elif log.isEnabledFor(logging.DEBUG):
                log.debug("entity dropped: %r %s", text[start:end], label)
        _places_by_context(text, out)
        return out

    # -- main -----------------------------------------------------------------
    def resolve(
        self, doc: Doc, known: Mapping[str, str] | None = None, text: str | None = None
    ) -> tuple[list[Entity], dict[str, str]]:
        """Canonical entities of one article, and the surnames it teaches.

        ``known`` maps :func:`name_key` of a surname to a full PERSON name
        learned from earlier articles; it is read, never modified. The second
        value maps surname keys to full names this article introduces
        unambiguously; the caller stores them for later articles. ``text`` is
        ``doc.text`` when the caller has it (spaCy builds that from the tokens
        on each access).
        """
        if text is None:
            text = doc.text
        mentions = self._mentions(doc, text)
        if not mentions:
            return [], {}
        groups: dict[str, _Group] = {}
        for i, m in enumerate(mentions):
            key = name_key(m.form)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(key, tuple(key.split()), i)
            if g.alias is None:
                g.alias = m.alias
            g.mentions.append(m)
        parent: dict[str, str] = {k: k for k in groups}

        def root(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        person_merged: set[str] = set()
        self._merge_person_names(groups, parent, root, person_merged)
        self._merge_acronyms(text, mentions, groups, parent, root)
        self._merge_org_heads(groups, parent, root)

        clusters: dict[str, _Cluster] = {}
        for k in sorted(groups, key=lambda k: groups[k].first):
            r = root(k)
            c = clusters.setdefault(r, _Cluster([]))
            c.groups.append(groups[k])
            c.person_merge = c.person_merge or r in person_merged
        for c in clusters.values():
            _name_and_label(c)
        # "Halvorsen" beside "Halvorsen Systems" is the company's short name, not
        # a person remembered from another article
        org_heads = {
            name_key(c.canonical).split()[0]
            for c in clusters.values()
            if c.label == "ORG" and len(c.canonical.split()) > 1
        }
        for c in clusters.values():
            if c.groups[0].key not in org_heads:
                self._apply_known(c, known)

        # Two clusters may end on one canonical name (an alias and a known name).
        by_name: dict[str, _Cluster] = {}
        for c in clusters.values():
            ck = name_key(c.canonical)
            if ck in by_name:
                kept = by_name[ck]
                kept.groups.extend(c.groups)
                kept.person_merge = kept.person_merge or c.person_merge or c.from_known
                canonical = kept.canonical
                _name_and_label(kept)
                kept.canonical = canonical
            else:
                by_name[ck] = c

        tallies = {}
        for c in by_name.values():
            if (tally := self._stream_vote(c, known)) is not None:
                tallies[label_key(c.canonical)] = tally

        entities = []
        for c in by_name.values():
            ms = sorted(c.mentions, key=lambda m: m.start)
            entities.append(
                Entity(
                    text=ms[0].surface,
                    canonical=c.canonical,
                    label=cast(EntityLabel, c.label),
                    count=len(ms),
                    mentions=[Span(start=m.start, end=m.end) for m in ms],
                )
            )
        entities.sort(key=lambda e: e.mentions[0].start)
        return entities, _learned(by_name.values()) | tallies

    # -- step 3: grouping -----------------------------------------------------
    @staticmethod
    def _merge_person_names(
        groups: Mapping[str, _Group],
        parent: dict[str, str],
        root: Callable[[str], str],
        person_merged: set[str],
    ) -> None:
        """Fold "Putin" / "Mr. Macron" into the article's one fuller name ending so.

        A short group joins a longer one when its tokens are the longer name's
        last tokens (or its first and last), when the longer name reads as a
        person (PERSON is its most frequent label, or an alias says so: "Music
        Store" must not join an "iTunes Music Store"), and when the short group
        is not purely a place (so "Washington" the city stays apart from a
        "George Washington"). The short group may be tagged ORG: that is the
        model's common slip on surnames ("Trump"). If two different full
        names fit ("Bush" with "George Bush" and "Laura Bush"), nothing is merged.
        Longest names are settled first so "Vladimir Putin" joins "Vladimir
        Vladimirovich Putin" before "Putin" looks for its full name.
        """
        by_last: dict[str, list[_Group]] = {}
        for g in groups.values():
            by_last.setdefault(g.tokens[-1], []).append(g)
        for g in sorted(groups.values(), key=lambda g: -len(g.tokens)):
            if g.alias is not None:
                continue
            short = g.tokens
            g_labels = g.labels()
            if not (g_labels["PERSON"] or g_labels["ORG"]):
                continue
            targets: set[str] = set()
            for other in by_last.get(short[-1], ()):
                long = other.tokens
                if len(long) <= len(short):
                    continue
                fits = long[-len(short) :] == short or (len(short) == 2 and long[0] == short[0])
                if not fits:
                    continue
                if not _person_like(other):
                    continue
                targets.add(root(other.key))
            if len(targets) == 1:
                target = targets.pop()
                parent[root(g.key)] = target
                person_merged.add(target)

    @staticmethod
    def _merge_acronyms(
        text: str,
        mentions: list[_Mention],
        groups: Mapping[str, _Group],
        parent: dict[str, str],
        root: Callable[[str], str],
    ) -> None:
        """Join "United States Air Force ( USAF )": an acronym defined in parentheses."""
        for a, b in itertools.pairwise(mentions):
            if a.alias is not None and b.alias is not None:
                continue
            if text[a.end : b.start].strip() != "(" or not text[
                b.end : b.end + 3
            ].strip().startswith(")"):
                continue
            letters = [ch for ch in b.form if ch.isalpha()]
            words = a.form.split()
            if not (2 <= len(letters) <= 8 and _all_upper(b.form) and len(words) >= 2):
                continue
            initials = [w[0] for w in words if w[0].isupper()]
            if not initials or initials[0] != letters[0] or not _subsequence(letters, initials):
                continue
            ra, rb = root(name_key(a.form)), root(name_key(b.form))
            if ra != rb:
                # The expansion (or an alias) names the entity.
                if groups[rb].alias is not None and groups[ra].alias is None:
                    parent[ra] = rb
                else:
                    parent[rb] = ra

    @staticmethod
    def _merge_org_heads(
        groups: Mapping[str, _Group], parent: dict[str, str], root: Callable[[str], str]
    ) -> None:
        """Fold a generic one-word organisation into the article's one longer name ending so.

        "the Commission" after "the European Commission" is that Commission. Only
        generic heads ("Commission", "Senate", "Bank") and only the last word
        count: "Halvorsen" is not folded into "Halvorsen Systems" ("Apple" and
        "Apple Corps" are different companies), nor "GM" into "New GM".
        """
        for g in groups.values():
            if len(g.tokens) != 1 or g.alias is not None or root(g.key) != g.key:
                continue
            if g.tokens[0] not in _SHORT_ORG_HEADS:
                continue
            if set(g.labels()) != {"ORG"}:
                continue
            targets = {
                root(o.key)
                for o in groups.values()
                if len(o.tokens) > 1 and o.tokens[-1] == g.tokens[0] and _org_like(o)
            }
            if len(targets) == 1:
                parent[g.key] = targets.pop()

    # -- step 5: memory -------------------------------------------------------
    def _stream_vote(self, c: _Cluster, known: Mapping[str, str] | None) -> str | None:
        """Let the labels the stream gave a full name outvote this article's.

        The model's label for a name it sees once is a coin toss ("Rustem
        Umerov" tagged ORG in a one-mention article) while the stream has seen
        the same name in many. Each article adds its mentions (at most
        ``VOTE_CAP_PER_ARTICLE``) to the name's tally under the label the
        article itself gave, before the vote, so the tally stays the model's
        evidence and a vote cannot feed itself; the label is then the
        majority of tally plus this article, ties to the article. The vote
        only moves a name between PERSON and ORG, the model's common slip on
        people: measured on ECB+, letting it move places too ("Bandar Abbas"
        the port, tagged PERSON in earlier articles) did more harm than good.
        A name ending in an organisation word ("Gordon Advisors") or opening
        with an acronym ("INS Mysore") never becomes a PERSON. Only
        multi-token names vote: a lone "Jordan" is a country in one story
        and a player in another. An alias fixes its label and takes no part.
        A name enters the memory when an article calls it a PERSON (the
        mistake the vote is for); after that every label counts.

        Returns the new tally to remember, or None when nothing is kept.
        """
        if len(c.canonical.split()) < 2 or any(g.alias is not None for g in c.groups):
            return None
        key = label_key(c.canonical)
        stream = parse_tally(known.get(key) if known else None)
        if not stream and c.label != "PERSON":
            return None
        own = c.label
        weight = min(len(c.mentions), VOTE_CAP_PER_ARTICLE)
        if own in _VOTING_LABELS:
            votes = Counter({lab: stream[lab] for lab in _VOTING_LABELS})
            votes[own] += weight
            other = "ORG" if own == "PERSON" else "PERSON"
            if votes[other] > votes[own] and (other != "PERSON" or _could_be_person(c.canonical)):
                c.label = other
                self.label_flips[(c.canonical, own, other)] += 1
        if (
            c.label == own
            and stream[own] >= TALLY_SETTLED
            and stream[own] >= 9 * (sum(stream.values()) - stream[own])
        ):
            return None  # settled: one more vote changes nothing, so write nothing
        stream[own] += weight
        return format_tally(stream)

    @staticmethod
    def _apply_known(c: _Cluster, known: Mapping[str, str] | None) -> None:
        """Name a lone surname from earlier articles, only when it reads as a person.

        Requiring a PERSON majority keeps "Ford" the carmaker (tagged ORG)
        from becoming a remembered "Gerald Ford".
        """
        if not known or c.person_merge or c.label != "PERSON" or len(c.groups) != 1:
            return
        g = c.groups[0]
        if g.alias is not None or len(g.tokens) != 1:
            return
        full = known.get(g.key)
        if full:
            c.canonical = full
            c.from_known = True


_VOTING_LABELS = ("PERSON", "ORG")


def _could_be_person(name: str) -> bool:
    words = name.split()
    first = "".join(ch for ch in words[0] if ch.isalpha())
    if len(first) >= 3 and first.isupper():
        return False  # "INS Mysore", "USS Cole": a ship or an agency, not a person
    return words[-1].casefold() not in _ORG_HEADS


# A memory key that no surname key can collide with: name keys hold no tab.
LABEL_KEY_PREFIX = "label\t"
# One article adds at most this many mentions to a name's tally, so one long
# profile cannot outweigh many short reports; a tally past TALLY_CAP is halved,
# so the memory stays small and leans to recent articles.
VOTE_CAP_PER_ARTICLE = 3
TALLY_CAP = 1000
# A tally whose label holds this many votes and nine in ten is settled: a name
# in every article ("Vladimir Putin") stops costing a table write per article.
TALLY_SETTLED = 30


def label_key(name: str) -> str:
    """The ``known``/``learned`` key of a full name's label tally."""
    return LABEL_KEY_PREFIX + name_key(name)


def parse_tally(raw: str | None) -> Counter[str]:
    """``"PERSON:12 ORG:3"`` -> counts; anything unreadable counts as nothing."""
    out: Counter[str] = Counter()
    for part in (raw or "").split():
        label, _, n = part.partition(":")
        if label in _KEEP and n.isdigit():
            out[label] = int(n)
    return out


def format_tally(tally: Counter[str]) -> str:
    if sum(tally.values()) > TALLY_CAP:
        tally = Counter({lab: n // 2 for lab, n in tally.items() if n // 2})
    return " ".join(
        f"{lab}:{n}" for lab, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _join_split_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join a person's name the model cut at a particle: "Ursula von der" + "Leyen".

    Two neighbouring spans, one of them PERSON, separated by blanks and name
    particles only, where the cut falls at a particle, become one PERSON span.
    """
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        lead = _PARTICLES_BEFORE.search(text, max(0, start - 20), start) if label in _KEEP else None
        if lead is not None and (not out or out[-1][1] <= lead.start()):
            head = text[max(0, lead.start() - 30) : lead.start()].rstrip(" ")
            # the particles open the name: after a sentence break, a comma or a
            # lower-case word ("by van der Berg"), not after a name ("Rio de Janeiro")
            if not head or head[-1] in ".!?\n,;:(" or head.split()[-1][0].islower():
                start, label = lead.start(), "PERSON"
        if out:
            p_start, p_end, p_label = out[-1]
            gap = text[p_end:start]
            if (
                "PERSON" in (p_label, label)
                and _PARTICLE_GAP.match(gap)
                and text[start : start + 1].isalpha()
                and (
                    gap.strip()
                    or _ENDS_WITH_PARTICLE.search(text, p_start, p_end)
                    or _STARTS_WITH_PARTICLE.match(text[start:end])
                )
            ):
                out[-1] = (p_start, end, "PERSON")
                continue
        out.append((start, end, label))
    return out


def _places_by_context(text: str, mentions: list[_Mention]) -> None:
    """Relabel names the context shows are places (see ``_PLACE_BEFORE``), in place."""
    places: dict[int, str] = {}

    def chain(i: int, step: int, label: str) -> None:
        while 0 <= i < len(mentions):
            places.setdefault(i, label)
            j = i + step
            if not 0 <= j < len(mentions):
                return
            a, b = (mentions[i], mentions[j]) if step > 0 else (mentions[j], mentions[i])
            if not _LIST_GAP.match(text[a.end : b.start]):
                return
            i = j

    # one scan for the place nouns; the context patterns run only near a hit
    hits = [h.start() for h in _PLACE_WORD.finditer(text)]
    for i, m in enumerate(mentions):
        if hits:
            k = bisect.bisect_left(hits, m.start - 80)
            near_before = k < len(hits) and hits[k] < m.start
            if near_before and _PLACE_BEFORE.search(text, max(0, m.start - 80), m.start):
                chain(i, 1, "GPE")
            k = bisect.bisect_left(hits, m.end)
            near_after = k < len(hits) and hits[k] < m.end + 80
            if near_after and (after := _PLACE_AFTER.match(text, m.end, m.end + 80)):
                chain(i, -1, "LOC" if after["loc"] else "GPE")
        if i + 1 < len(mentions):
            n = mentions[i + 1]
            if (
                n.label == "GPE"
                and " " not in m.form
                and text[m.end : n.start] == ", "
                and _COUNTRY_AFTER_END.match(text[n.end : n.end + 3])
            ):
                places.setdefault(i, "GPE")
    for i, label in places.items():
        m = mentions[i]
        # "the Iberian peninsula": an adjective stays NORP
        if m.alias is None and m.label in _PLACE_FROM and not _demonym(m.form):
            m.label = label


def _portfolio_shaped(form: str) -> bool:
    """One to three capitalised words, none all capitals ("Defence", "Foreign Affairs")."""
    words = form.split()
    return 0 < len(words) <= 3 and all(
        w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words
    )


def _demonym(form: str) -> bool:
    return bool(_DEMONYM.match(form)) and form.casefold() not in _NOT_DEMONYMS


def _org_like(g: _Group) -> bool:
    if g.alias is not None:
        return g.alias.label == "ORG"
    votes = g.labels()
    return votes["ORG"] > 0 and votes["ORG"] == max(votes.values())


def _person_like(g: _Group) -> bool:
    if g.alias is not None:
        return g.alias.label == "PERSON"
    votes = g.labels()
    return votes["PERSON"] > 0 and votes["PERSON"] == max(votes.values())


def _strip_titles(form: str, titles: frozenset[str]) -> str:
    words = form.split(" ")
    i = 0
    while i < len(words) - 1 and words[i].casefold() in titles:
        i += 1
    if i and words[i][:1].isupper():
        return " ".join(words[i:])
    return form


def _strip_legal(form: str) -> str:
    words = form.split(" ")
    while len(words) > 1 and words[-1].casefold().rstrip(",") in _LEGAL_SUFFIXES:
        words.pop()
    words[-1] = words[-1].rstrip(",")
    return " ".join(words)


def _plausible_name(form: str) -> bool:
    """Reject what cannot be a name: one character, no letter, or all lower case.

    English names carry a capital; lower-case spans ("healthcare", "140bn")
    are model noise. "G7" and "3M" pass.
    """
    if len(form) < 2 or not any(ch.isalpha() for ch in form):
        return False
    return form.lower() != form


_NAME_PARTICLES = frozenset(
    """van von de da di del della der den du dos das la le bin ibn al el
    y ter zu""".split()  # noqa: SIM905
)


def _name_shaped(form: str) -> bool:
    """True if every word is capitalised or a name particle ("Ludwig van Beethoven")."""
    return all(w[:1].isupper() or w.casefold() in _NAME_PARTICLES for w in form.split())


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def _name_and_label(c: _Cluster) -> None:
    """Pick the canonical name (alias, else fullest form) and the label (vote)."""
    mentions = c.mentions
    aliased = Counter(m.alias for m in mentions if m.alias is not None)
    if aliased:
        entry = aliased.most_common(1)[0][0]
        c.canonical, c.label = entry.canonical, entry.label
        return
    forms: dict[str, tuple[bool, int, int, int]] = {}
    for i, m in enumerate(mentions):
        clean, n_tokens, count, first = forms.get(
            m.form, (not c.person_merge or _name_shaped(m.form), len(m.form.split()), 0, i)
        )
        forms[m.form] = (clean, n_tokens, count + 1, first)
    # Fullest form wins; for a person, a name-shaped one (the model sometimes
    # swallows a title: "the Air Force for Acquisition Marvin Sambur").
    c.canonical = max(forms, key=lambda f: (*forms[f][:3], -forms[f][3]))
    if c.person_merge or c.from_known:
        c.label = "PERSON"
        return
    votes = Counter(m.label for m in mentions)
    if votes["PERSON"] and c.canonical.split()[-1].casefold() in _ORG_HEADS:
        votes["ORG"] += votes.pop("PERSON")
    best = max(votes.values())
    tied = [lab for lab in votes if votes[lab] == best]
    if len(tied) > 1:
        # Ties go to what the model said of the canonical form, then to PERSON
        # for a multi-token name, then to the earliest label (Counter keeps order).
        own = Counter(m.label for m in mentions if m.form == c.canonical)
        own_best = [lab for lab in tied if own[lab] == max(own[t] for t in tied)]
        if len(own_best) == 1:
            tied = own_best
        elif "PERSON" in own_best and len(c.canonical.split()) > 1:
            tied = ["PERSON"]
        else:
            tied = own_best
    c.label = tied[0]


def _learned(clusters: Iterable[_Cluster]) -> dict[str, str]:
    """Surname keys -> full PERSON names introduced by this article, if unambiguous."""
    seen: dict[str, set[str]] = {}
    for c in clusters:
        if c.label != "PERSON" or c.from_known:
            continue
        words = [w for w in c.canonical.split() if w.casefold() not in _NAME_SUFFIXES]
        if len(words) < 2 or any(ch.isdigit() for ch in c.canonical):
            continue
        key = name_key(words[-1])
        if sum(ch.isalpha() for ch in key) < 2:
            continue
        seen.setdefault(key, set()).add(c.canonical)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
