"""Entity canonicalisation over spaCy NER output.

spaCy's small English model finds names well but names them inconsistently:
the same person appears as "Vladimir Putin", "Putin" and "Putin's"; "Trump"
is tagged ORG in some sentences and PERSON in others; time zones ("GMT") come
out as organisations. Search facets and alerts aggregate on the *canonical*
name, so each article's mentions are folded into one :class:`Entity` per
real-world name before indexing.

The resolver works on ``doc.ents`` only (no tagger, parser or sentence
boundaries needed), so it runs beside an NER-only pipeline. Per article it:

1. cleans each mention (whitespace, quotes, possessive ``'s``) and derives a
   *matching form*: no leading "the", no honorific ("Mr.", "President") for
   PERSON mentions, no legal suffix ("Inc.", "plc") for ORG mentions;
2. applies the versioned alias table (``pipeline/resources/aliases.yaml``):
   relabel known model mistakes, drop known noise, map spelling variants to
   one canonical name and label;
3. groups mentions by matching key, then folds short person references
   ("Putin", "Mr. Macron") into the one fuller name of the article that ends
   with them, and a parenthesised acronym ("United States Air Force (USAF)")
   into its expansion;
4. labels each entity by a vote over its mentions; an alias fixes the label,
   and a surname folded into a multi-token name makes the entity a PERSON;
5. resolves a lone surname through ``known`` (names learned from earlier
   articles) and returns the surnames this article teaches.

Keys (alias variants, ``known``/``learned`` keys) are built by
:func:`name_key`: Unicode NFKC, curly apostrophes straightened, whitespace
collapsed, a leading "the" and a trailing possessive removed, case folded and
**accents stripped** ("Erdoğan" and "Erdogan" share the key ``erdogan``).
"""

from __future__ import annotations

import importlib.resources
import itertools
import logging
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
    justice chancellor premier prime minister secretary ambassador""".split()  # noqa: SIM905
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
    """

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases

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
        surface = _collapse(text[start:end])
        form = _strip_the(surface)
        relabelled = self.aliases.relabel(form, label)
        if relabelled is not None:
            label = relabelled
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
        for ent in doc.ents:
            m = self._mention(text, ent.start_char, ent.end_char, ent.label_)
            if m is not None:
                out.append(m)
            elif log.isEnabledFor(logging.DEBUG):
                log.debug("entity dropped: %r %s", ent.text, ent.label_)
        return out

    # -- main -----------------------------------------------------------------
    def resolve(
        self, doc: Doc, known: Mapping[str, str] | None = None
    ) -> tuple[list[Entity], dict[str, str]]:
        """Canonical entities of one article, and the surnames it teaches.

        ``known`` maps :func:`name_key` of a surname to a full PERSON name
        learned from earlier articles; it is read, never modified. The second
        value maps surname keys to full names this article introduces
        unambiguously; the caller stores them for later articles.
        """
        text = doc.text  # built from the tokens on each access: once only
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

        clusters: dict[str, _Cluster] = {}
        for k in sorted(groups, key=lambda k: groups[k].first):
            r = root(k)
            c = clusters.setdefault(r, _Cluster([]))
            c.groups.append(groups[k])
            c.person_merge = c.person_merge or r in person_merged
        for c in clusters.values():
            _name_and_label(c)
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
        return entities, _learned(by_name.values())

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

    # -- step 5: memory -------------------------------------------------------
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
