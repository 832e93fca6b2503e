"""Matching articles against rules through the term index.

Hand-written articles and rules test the logic; the demo corpus, enriched by
the real model, tests the demo rules. Every sentence here is written for
these tests.
"""

from __future__ import annotations

import json
import random
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from pipeline.alerts.matcher import (
    ArticleView,
    RuleIndex,
    cover,
    covers,
    frequency_cost,
    naive_match,
    snippet,
)
from pipeline.alerts.rules import EntityTerm, Group, Rule, TextTerm, load_rules, parse_rule_text
from pipeline.record import Article, Entity, Span

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "pipeline" / "demo" / "corpus"


def make_article(
    body: str,
    title: str = "",
    ents: Iterable[tuple[str, str, Sequence[str]]] = (),
    **fields: str,
) -> Article:
    """An article whose entities have mentions at every occurrence of their surfaces."""
    entities = []
    for canonical, label, surfaces in ents:
        spans = []
        for s in surfaces:
            start = body.find(s)
            while start >= 0:
                spans.append(Span(start=start, end=start + len(s)))
                start = body.find(s, start + 1)
        entities.append(
            Entity(
                text=surfaces[0] if surfaces else canonical,
                canonical=canonical,
                label=label,
                count=max(1, len(spans)),
                mentions=spans,
            )
        )
    return Article.model_validate(
        {
            "id": fields.pop("id", "a1"),
            "title": title,
            "body": body,
            "entities": [e.model_dump() for e in entities],
            **fields,
        }
    )


def make_rule(text: str) -> Rule:
    rule, errors = parse_rule_text(textwrap.dedent(text))
    assert errors == [], errors
    assert rule is not None
    return rule


PUTIN = make_rule("""\
    name: putin-ceasefire
    match:
      all:
        - entity: {name: Vladimir Putin, label: PERSON}
        - any: [{keyword: ceasefire}, {keyword: truce}, {phrase: peace talks}]
      none: [{keyword: football}]
    """)

BODY = (
    "MOSCOW, May 20 (Test Wire) - Vladimir Putin said on Tuesday that Russia was open to "
    "peace talks. Officials gave no details. Putin's aide said a truce was possible but "
    "not imminent.\n\nMarkets were calm."
)
PUTIN_ENT = ("Vladimir Putin", "PERSON", ["Vladimir Putin", "Putin"])


def names(matches: Iterable[object]) -> list[str]:
    return [m.rule.name for m in matches]  # type: ignore[attr-defined]


# --- terms ------------------------------------------------------------------------------


def test_entity_and_any_term_match_with_all_matched_terms_reported() -> None:
    [m] = RuleIndex([PUTIN]).match(make_article(BODY, ents=[PUTIN_ENT]))
    assert m.rule is PUTIN
    assert m.entities == ("Vladimir Putin",)
    assert m.terms == ("truce", "peace talks")


def test_entity_label_must_agree_when_given() -> None:
    art = make_article(BODY, ents=[("Vladimir Putin", "ORG", ["Vladimir Putin"])])
    assert RuleIndex([PUTIN]).match(art) == []
    no_label = make_rule("name: p\nmatch:\n  all: [{entity: vladimir  PUTIN}]\n")
    assert names(RuleIndex([no_label]).match(art)) == ["p"]


def test_entity_names_fold_case_and_accents() -> None:
    rule = make_rule("name: e\nmatch:\n  all: [{entity: recep tayyip erdogan}]\n")
    art = make_article(
        "Recep Tayyip Erdoğan spoke.",
        ents=[("Recep Tayyip Erdoğan", "PERSON", ["Recep Tayyip Erdoğan"])],
    )
    assert names(RuleIndex([rule]).match(art)) == ["e"]


def test_an_entity_rule_needs_the_entity_not_the_word() -> None:
    # The word is in the text but enrichment found no such entity.
    assert RuleIndex([PUTIN]).match(make_article(BODY)) == []


def test_none_excludes() -> None:
    art = make_article(BODY + " He also spoke about football.", ents=[PUTIN_ENT])
    assert RuleIndex([PUTIN]).match(art) == []


@pytest.mark.parametrize(
    ("body", "hit"),
    [
        ("A drone was shot down.", True),
        ("A DRONE was shot down.", True),
        ("Drone, drone, drone.", True),
        ("Drones were shot down.", False),  # whole words: no stemming
        ("The dronement was long.", False),
        ("An anti-drone system.", True),  # a hyphen separates words
    ],
)
def test_keywords_are_case_insensitive_whole_words(body: str, hit: bool) -> None:
    rule = make_rule("name: d\nmatch:\n  all: [{keyword: drone}]\n")
    assert bool(RuleIndex([rule]).match(make_article(body))) is hit


@pytest.mark.parametrize(
    ("title", "body", "hit"),
    [
        ("", "They opened peace talks today.", True),
        ("", "They opened Peace-Talks today.", True),
        ("", "They opened peace, talks today.", True),  # punctuation is not a word
        ("", "They opened talks on peace today.", False),
        ("", "They opened peace and talks today.", False),
        ("Peace talks open", "Delegates arrived.", True),
        ("Hopes for peace", "Talks open today.", False),  # no phrase across title and body
    ],
)
def test_phrases_are_word_sequences(title: str, body: str, hit: bool) -> None:
    rule = make_rule("name: p\nmatch:\n  all: [{phrase: peace talks}]\n")
    assert bool(RuleIndex([rule]).match(make_article(body, title=title))) is hit


def test_hyphenated_keyword_matches_the_word_sequence() -> None:
    rule = make_rule("name: h\nmatch:\n  all: [{keyword: data-centre}]\n")
    assert names(RuleIndex([rule]).match(make_article("New data centre demand."))) == ["h"]
    assert RuleIndex([rule]).match(make_article("New data for the centre.")) == []


def test_source_and_language_filters() -> None:
    rule = make_rule("""\
        name: f
        match: {all: [{keyword: drone}]}
        filters: {sources: [Northwind Wire], languages: [en]}
        """)
    idx = RuleIndex([rule])
    body = "A drone was seen."
    assert idx.match(make_article(body, source="northwind wire", language="en-GB"))
    assert not idx.match(make_article(body, source="Other Wire", language="en"))
    assert not idx.match(make_article(body, source="Northwind Wire", language="de"))
    assert not idx.match(make_article(body, language="en"))  # no source at all


# --- the index ----------------------------------------------------------------------------


def test_cover_picks_one_required_term_or_every_branch() -> None:
    putin, truce = EntityTerm("Putin", "putin"), TextTerm("truce", ("truce",))
    said = TextTerm("said", ("said",))
    assert cover(Group(all=(putin, said))) == [putin]
    assert cover(Group(all=(said, truce))) == [truce]
    assert cover(Group(any=(putin, truce))) == [putin, truce]
    assert cover(Group(all=(said,), any=(putin, Group(all=(truce, said))))) == [putin, truce]
    assert cover(Group(none=(putin,))) is None
    assert cover(Group(any=(putin, Group(none=(truce,))))) is None


def test_observed_frequencies_change_the_choice() -> None:
    russia, truce = EntityTerm("Russia", "russia"), TextTerm("truce", ("truce",))
    assert cover(Group(all=(russia, truce))) == [russia]
    cost = frequency_cost({"e:russia": 0.4, "w:truce": 0.01})
    assert cover(Group(all=(russia, truce)), cost) == [truce]


def test_phrases_are_filed_under_their_rarest_word() -> None:
    rule = make_rule("name: p\nmatch:\n  all: [{phrase: the peace talks}]\n")
    idx = RuleIndex([rule])
    assert idx.by_word == {"peace": [0]}


def test_only_rules_that_could_match_are_evaluated() -> None:
    rules = [
        make_rule(f"name: r{i}\nmatch:\n  all: [{{keyword: word{i}}}, {{keyword: the}}]\n")
        for i in range(500)
    ]
    idx = RuleIndex(rules)
    view = ArticleView(make_article("The word7 and the word42 appear here."))
    assert idx.candidates(view) == [7, 42]
    assert names(idx.match(view)) == ["r7", "r42"]


def test_a_rule_with_two_required_parts_needs_a_term_of_each() -> None:
    idx = RuleIndex([PUTIN])
    only_putin = ArticleView(make_article("Vladimir Putin spoke.", ents=[PUTIN_ENT]))
    only_truce = ArticleView(make_article("A truce was agreed."))
    both = ArticleView(make_article("Vladimir Putin spoke of a truce.", ents=[PUTIN_ENT]))
    assert idx.candidates(only_putin) == []
    assert idx.candidates(only_truce) == []
    assert idx.candidates(both) == [0]
    assert covers(PUTIN.match) == [
        [EntityTerm("Vladimir Putin", "vladimir putin", "PERSON")],
        [
            TextTerm("ceasefire", ("ceasefire",)),
            TextTerm("truce", ("truce",)),
            TextTerm("peace talks", ("peace", "talks"), "phrase"),
        ],
    ]


def test_a_hand_built_rule_without_cover_is_always_evaluated() -> None:
    rule = Rule("anything-but-football", Group(none=(TextTerm("football", ("football",)),)))
    idx = RuleIndex([rule])
    assert idx.always == [0]
    assert names(idx.match(make_article("Rain today."))) == ["anything-but-football"]
    assert idx.match(make_article("Football today.")) == []


def _random_condition(
    rng: random.Random, vocab: list[str], ents: list[str], depth: int
) -> EntityTerm | TextTerm | Group:
    roll = rng.random()
    if depth >= 2 or roll < 0.5:
        if rng.random() < 0.4:
            name = rng.choice(ents)
            return EntityTerm(name, name.lower(), rng.choice([None, None, "PERSON", "ORG"]))
        n = rng.choice([1, 1, 1, 2])
        toks = tuple(rng.choice(vocab) for _ in range(n))
        return TextTerm(" ".join(toks), toks, "keyword" if n == 1 else "phrase")

    def items(k: int) -> tuple[EntityTerm | TextTerm | Group, ...]:
        return tuple(_random_condition(rng, vocab, ents, depth + 1) for _ in range(k))

    return Group(
        all=items(rng.randint(0, 2)),
        any=items(rng.randint(0, 3)),
        none=items(rng.choice([0, 0, 1])),
    )


def test_the_index_finds_exactly_what_the_naive_loop_finds() -> None:
    rng = random.Random(7)
    vocab = [
        "drone",
        "strike",
        "peace",
        "talks",
        "truce",
        "oil",
        "price",
        "the",
        "said",
        "storm",
        "rate",
        "cut",
        "bank",
        "heat",
        "war",
    ]
    ents = ["Putin", "NATO", "Kyiv", "Reserve Bank", "Merz"]
    rules = []
    for i in range(400):
        g = _random_condition(rng, vocab, ents, 0)
        match = g if isinstance(g, Group) else Group(all=(g,))
        rules.append(Rule(f"r{i}", match))
    idx = RuleIndex(rules)
    assert len(idx.always) < 60  # most random rules have a cover
    total = 0
    for j in range(150):
        body = " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 30))) + "."
        picked = rng.sample(ents, rng.randint(0, 3))
        art = make_article(
            body,
            title=" ".join(rng.sample(vocab, 3)),
            id=f"a{j}",
            ents=[(e, rng.choice(["PERSON", "ORG"]), []) for e in picked],
        )
        view = ArticleView(art)
        got = [(m.rule.name, m.entities, m.terms) for m in idx.match(view)]
        want = [(m.rule.name, m.entities, m.terms) for m in naive_match(rules, view)]
        assert got == want
        total += len(got)
    assert total > 1000  # the comparison is about real matches, not empty lists


# --- snippets -----------------------------------------------------------------------------


def test_snippet_marks_terms_in_the_sentences_that_hold_them() -> None:
    [m] = RuleIndex([PUTIN]).match(make_article(BODY, ents=[PUTIN_ENT]))
    assert m.snippet == (
        "MOSCOW, May 20 (Test Wire) - «Vladimir Putin» said on Tuesday that Russia was open to "
        "«peace talks». … «Putin»'s aide said a «truce» was possible but not imminent."
    )


def test_snippet_takes_one_sentence_when_it_holds_every_term() -> None:
    body = (
        "Officials met. Vladimir Putin spoke of a truce on Monday. Later, Vladimir Putin "
        "left. A truce is near."
    )
    [m] = RuleIndex([PUTIN]).match(make_article(body, ents=[PUTIN_ENT]))
    assert m.snippet == "«Vladimir Putin» spoke of a «truce» on Monday."


def test_snippet_falls_back_to_the_title() -> None:
    rule = make_rule("name: t\nmatch:\n  all: [{keyword: tornado}]\n")
    [m] = RuleIndex([rule]).match(make_article("Storms hit the plains.", title="Tornado hits"))
    assert m.snippet == "«Tornado» hits"


def test_snippet_of_entity_without_mentions_searches_its_name() -> None:
    view = ArticleView(
        make_article("NATO met in Brussels. Nothing else.", ents=[("NATO", "ORG", [])])
    )
    assert snippet(view, [EntityTerm("NATO", "nato")]) == "«NATO» met in Brussels."


def test_long_sentences_are_clipped_around_the_mark() -> None:
    body = "word " * 200 + "drone " + "word " * 200 + "."
    rule = make_rule("name: d\nmatch:\n  all: [{keyword: drone}]\n")
    [m] = RuleIndex([rule]).match(make_article(body))
    assert "«drone»" in m.snippet
    assert len(m.snippet) <= 410 and m.snippet.startswith("…") and m.snippet.endswith("…")


# --- the demo rules on the demo corpus (real model) ------------------------------------------

CEASEFIRE_STORIES = {  # from pipeline/demo/corpus/README.md
    "S01": ["demo-004", "demo-005", "demo-006", "demo-008"],
    "S02": ["demo-013", "demo-015", "demo-016", "demo-017", "demo-021"],
    "S03": ["demo-010", "demo-011", "demo-012", "demo-014"],
    "S04": ["demo-024", "demo-026", "demo-028"],
    "S05": ["demo-031", "demo-032", "demo-033", "demo-034"],
}


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    from pipeline.enrich.core import Enricher

    lines = (CORPUS / "wire.jsonl").read_text().splitlines()
    articles = [Article.model_validate(json.loads(line)) for line in lines if line.strip()]
    Enricher().enrich_many(articles)
    return articles


def test_demo_putin_rule_matches_the_ceasefire_stories_only(corpus: list[Article]) -> None:
    rules, errors = load_rules(ROOT / "pipeline" / "demo" / "rules")
    assert errors == []
    idx = RuleIndex(rules)
    hit = {a.id for a in corpus for m in idx.match(a) if m.rule.name == "putin-ceasefire"}
    related = {i for ids in CEASEFIRE_STORIES.values() for i in ids}
    assert hit <= related, f"unrelated articles matched: {sorted(hit - related)}"
    # Putin and a ceasefire term are in every wire article of S01, S02 and S04.
    for story in ("S01", "S02", "S04"):
        assert set(CEASEFIRE_STORIES[story]) <= hit, story
    assert hit & set(CEASEFIRE_STORIES["S03"])


def test_demo_zelenskiy_and_nato_rules(corpus: list[Article]) -> None:
    rules, _ = load_rules(ROOT / "pipeline" / "demo" / "rules")
    idx = RuleIndex(rules)
    by_rule: dict[str, set[str]] = {}
    for a in corpus:
        for m in idx.match(a):
            by_rule.setdefault(m.rule.name, set()).add(a.id)
    related = {i for ids in CEASEFIRE_STORIES.values() for i in ids}
    assert by_rule["zelenskiy"] and by_rule["zelenskiy"] <= related
    assert by_rule["nato"] and by_rule["nato"] <= related
    assert by_rule["drone-attacks"] >= {"demo-031", "demo-032", "demo-033", "demo-034"}
