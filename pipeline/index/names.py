"""Names as editors spell them, resolved to the canonical names the index holds.

An editor types "Zelensky", "Putin" or "Peskov"; the index holds canonical
names ("Volodymyr Zelenskiy", "Vladimir Putin", "Dmitry Peskov"). A name is
resolved, case- and accent-insensitively, in this order:

1. the alias file (``pipeline/resources/aliases.yaml``): a listed variant
   names its canonical form, whatever the index holds;
2. names learned in the stream, read back from the index: a canonical name
   equal to the query, a surface form the enrichment mapped to a canonical
   name (``entities.text`` -> ``entities.canonical``), or a person's short
   form (the query is the end of the full name: "Peskov", "von der Leyen").

A short form that fits two people ("Smith": John and Jane) is *ambiguous*:
the filter then matches every candidate and the resolution says so, rather
than picking one silently. A name nothing knows is *unknown* and is matched
literally (canonical or surface form), as before.

Alert rules resolve their entity names with the same functions
(:func:`entity_keys` for the article side, :func:`alias_canonical` at load
time), so ``entity: Zelensky`` in a rule fires on articles about Volodymyr
Zelenskiy. The pure part (:func:`resolve_name`) is tested without a server;
:func:`names_seen` is the one index read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from elasticsearch import AsyncElasticsearch, NotFoundError

from pipeline.enrich.entities import AliasTable, name_key

Status = Literal["alias", "canonical", "variant", "short", "ambiguous", "unknown"]
MAX_NAMES = 200  # canonical names read back per query: a name is rarely shared by more


@lru_cache(maxsize=1)
def default_aliases() -> AliasTable:
    """The packaged alias table, loaded once per process."""
    return AliasTable.load()


@dataclass(frozen=True, slots=True)
class SeenName:
    """A canonical name as the index holds it, with its labels and surface forms."""

    canonical: str
    labels: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    count: int = 0  # entity records (about one per article)

    @property
    def person(self) -> bool:
        return "PERSON" in self.labels


@dataclass(frozen=True, slots=True)
class NameResolution:
    """What a typed name was taken to mean, and which canonical names it filters on."""

    query: str
    status: Status
    canonical: str | None = None
    candidates: tuple[str, ...] = ()
    match: tuple[str, ...] = ()  # entities.canonical values the filter accepts
    label: str | None = None

    @property
    def resolved(self) -> bool:
        return self.status not in ("ambiguous", "unknown")

    def describe(self) -> str:
        """One line for the command line and ``rules check``."""
        if self.status == "unknown":
            return f"{self.query!r} -> nothing known (matched literally)"
        if self.status == "ambiguous":
            return f"{self.query!r} -> ambiguous: {' | '.join(self.candidates)} (all matched)"
        how = {
            "alias": "alias file",
            "canonical": "canonical name",
            "variant": "spelling seen in articles",
            "short": "short form",
        }[self.status]
        return f"{self.query!r} -> {self.canonical} ({how})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "status": self.status,
            "canonical": self.canonical,
            "candidates": list(self.candidates),
            "match": list(self.match),
            "label": self.label,
        }


def _tokens(name: str) -> list[str]:
    return name_key(name).split()


def _ends_with(full: list[str], short: list[str]) -> bool:
    return 0 < len(short) < len(full) and full[-len(short) :] == short


def alias_canonical(name: str, aliases: AliasTable | None = None) -> str | None:
    """The canonical name the alias file gives ``name``, if it lists it."""
    entry = (aliases or default_aliases()).alias(name.strip())
    return entry.canonical if entry is not None else None


def resolve_name(
    query: str,
    seen: Sequence[SeenName] = (),
    aliases: AliasTable | None = None,
    label: str | None = None,
) -> NameResolution:
    """Resolve an editor's name against the alias file and the names seen in the index.

    Pure: ``seen`` is whatever :func:`names_seen` read (or a test's list).
    """
    name = " ".join(query.split())
    key = name_key(name)
    label = label.upper() if label else None
    table = aliases or default_aliases()
    fits = [s for s in seen if label is None or label in s.labels or not s.labels]

    entry = table.alias(name)
    if entry is not None:
        # Canonical names in the index that the alias file folds into the same
        # name (an index written under an older alias file) are matched too.
        same = [s.canonical for s in fits if table.alias(s.canonical) == entry]
        status: Status = "canonical" if name_key(entry.canonical) == key else "alias"
        return NameResolution(
            name,
            status,
            entry.canonical,
            (entry.canonical,),
            tuple(dict.fromkeys([entry.canonical, *same])),
            label,
        )

    qtok = key.split()
    by_name: dict[str, tuple[SeenName, Status]] = {}
    for s in fits:
        ckey = name_key(s.canonical)
        if ckey == key:
            by_name.setdefault(s.canonical, (s, "canonical"))
        elif any(name_key(t) == key for t in s.texts):
            by_name.setdefault(s.canonical, (s, "variant"))
        elif s.person and _ends_with(ckey.split(), qtok):
            by_name.setdefault(s.canonical, (s, "short"))
    if not by_name:
        return NameResolution(name, "unknown", None, (), (name,), label)

    # A candidate that is itself the short form of another ("Putin" left
    # unresolved in one article, "Vladimir Putin" elsewhere) folds into it.
    absorbed: dict[str, str] = {}
    for cand, (s, _) in by_name.items():
        ctok = _tokens(cand)
        owners = [
            other
            for other, (o, _) in by_name.items()
            if other != cand and o.person and _ends_with(_tokens(other), ctok)
        ]
        if len(owners) == 1 and (s.person or not s.labels):
            absorbed[cand] = owners[0]
    heads = [c for c in by_name if c not in absorbed]
    # Case variants of one name ("KREMLIN", "Kremlin") are one candidate.
    groups: dict[str, list[str]] = {}
    for c in heads:
        groups.setdefault(name_key(c), []).append(c)
    if len(groups) == 1:
        members = next(iter(groups.values()))
        best = max(members, key=lambda c: by_name[c][0].count)
        match = [*members, *(c for c, owner in absorbed.items() if owner in members)]
        return NameResolution(
            name, by_name[best][1], best, (best,), tuple(dict.fromkeys(match)), label
        )
    ranked = sorted(
        heads, key=lambda c: (-by_name[c][0].count, c)
    )  # most mentioned first, for the report
    return NameResolution(
        name,
        "ambiguous",
        None,
        tuple(dict.fromkeys(ranked)),
        tuple(dict.fromkeys([*ranked, *absorbed])),
        label,
    )


def entity_keys(canonical: str, text: str | None, label: str) -> set[str]:
    """Keys under which an article's entity answers a name: its canonical name,
    its surface form and, for a person, each ending of the full name ("peskov",
    "von der leyen"). Alert matching files entities under these keys, so a rule
    finds what a search for the same name finds."""
    keys = {name_key(canonical)}
    if text:
        keys.add(name_key(text))
    if label == "PERSON":
        toks = _tokens(canonical)
        for i in range(1, len(toks)):
            keys.add(" ".join(toks[i:]))
    keys.discard("")
    return keys


# ------------------------------------------------------------------ the index
def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _escape_wildcard(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def seen_names_query(names: Iterable[str], aliases: AliasTable | None = None) -> dict[str, Any]:
    """The nested filter that finds the canonical names a set of typed names could mean.

    Case-insensitive terms on the canonical and surface forms, the alias
    file's canonical form, and a suffix wildcard for a person's short form.
    """
    should: list[dict[str, Any]] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        # The typed form and its accent-free form ("Erdoğan" -> "Erdogan"): a
        # case-insensitive term does not fold accents, resolve_name does.
        for form in dict.fromkeys([name, _unaccented(name)]):
            for fld in ("entities.canonical", "entities.text"):
                should.append({"term": {fld: {"value": form, "case_insensitive": True}}})
            should.append(
                {
                    "wildcard": {
                        "entities.canonical": {
                            "value": "* " + _escape_wildcard(form),
                            "case_insensitive": True,
                        }
                    }
                }
            )
        canon = alias_canonical(name, aliases)
        if canon:
            should.append({"term": {"entities.canonical": canon}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


async def names_seen(
    client: AsyncElasticsearch, index: str, names: Iterable[str], aliases: AliasTable | None = None
) -> list[SeenName]:
    """Canonical names in the index that ``names`` could refer to (one aggregation)."""
    names = [n for n in names if n.strip()]
    if not names:
        return []
    aggs = {
        "ents": {
            "nested": {"path": "entities"},
            "aggs": {
                "hit": {
                    "filter": seen_names_query(names, aliases),
                    "aggs": {
                        "canonical": {
                            "terms": {"field": "entities.canonical", "size": MAX_NAMES},
                            "aggs": {
                                "labels": {"terms": {"field": "entities.label", "size": 8}},
                                "texts": {"terms": {"field": "entities.text", "size": 20}},
                            },
                        }
                    },
                }
            },
        }
    }
    try:
        resp = await client.search(index=index, size=0, aggs=aggs)
    except NotFoundError:
        return []
    buckets = resp["aggregations"]["ents"]["hit"]["canonical"]["buckets"]
    return [
        SeenName(
            canonical=b["key"],
            labels=tuple(x["key"] for x in b["labels"]["buckets"]),
            texts=tuple(x["key"] for x in b["texts"]["buckets"]),
            count=int(b["doc_count"]),
        )
        for b in buckets
    ]


async def resolve_names(
    client: AsyncElasticsearch,
    index: str,
    names: Sequence[str],
    label: str | None = None,
    aliases: AliasTable | None = None,
) -> list[NameResolution]:
    """Resolve several typed names with one index read."""
    seen = await names_seen(client, index, names, aliases)
    return [resolve_name(n, seen, aliases, label) for n in names]
