"""The editors' query language: what is parsed, and the DSL that is sent."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.index.query import (
    MAX_QUERY_CHARS,
    STORY_FIELDS,
    And,
    Not,
    Or,
    Phrase,
    Prefix,
    Word,
    explain,
    parse,
    required_count,
    text_query,
)
from pipeline.index.search import SearchQuery, build_query


def clauses(dsl: Any, kind: str) -> list[Any]:
    """Every ``kind`` clause anywhere in the DSL (e.g. all "match" bodies)."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == kind:
                    found.append(v)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(dsl)
    return found


def words_sent(dsl: Any) -> set[str]:
    return {body["query"] for m in clauses(dsl, "match") for body in m.values()}


def test_stopwords_never_reach_the_server() -> None:
    for q, left in [
        ("the Kremlin", {"Kremlin"}),
        ("accept an immediate ceasefire", {"accept", "immediate", "ceasefire"}),
        ("floods in Vienna", {"floods", "Vienna"}),
        ("a ceasefire", {"ceasefire"}),
    ]:
        dsl = text_query(q)
        assert words_sent(dsl) == left
        assert "simple_query_string" not in json.dumps(dsl)
        assert "query_string" not in json.dumps(dsl)


def test_every_word_match_keeps_zero_terms_and_operator() -> None:
    # A word the analyzer reduces to nothing ("it's") must not empty the query.
    for m in clauses(text_query("it's Kremlin"), "match"):
        for body in m.values():
            assert body["zero_terms_query"] == "all"
            assert body["operator"] == "and"


def test_only_stopwords_is_no_text_query() -> None:
    assert text_query("the") is None
    assert text_query("of the in") is None
    q = build_query(SearchQuery("the"))
    assert q["bool"]["must"] == [{"match_all": {}}]


def test_or_and_not_are_operators_in_capitals_only() -> None:
    assert parse("Istanbul OR Kremlin") == Or((And((Word("Istanbul"),)), And((Word("Kremlin"),))))
    dsl = text_query("Istanbul OR Kremlin")
    assert dsl is not None and dsl["bool"]["minimum_should_match"] == 1
    assert words_sent(dsl) == {"Istanbul", "Kremlin"}
    # lower-case "or" is a word (and a stopword), as in Kibana
    assert words_sent(text_query("Istanbul or Kremlin")) == {"Istanbul", "Kremlin"}
    assert parse("Istanbul or Kremlin") == And((Word("Istanbul"), Word("or"), Word("Kremlin")))


def test_negation_forms() -> None:
    for q in ("ceasefire -football", "ceasefire NOT football", "ceasefire AND NOT football"):
        dsl = text_query(q)
        assert dsl is not None
        assert words_sent(dsl["bool"]["must_not"]) == {"football"}
        assert words_sent(dsl["bool"]["must"]) == {"ceasefire"}
    # Lucene's other spellings are literal text here
    assert parse("ceasefire !football") == And((Word("ceasefire"), Word("!football")))
    assert words_sent(text_query("a && b || c")) == {"b", "c"}  # no operators, no words
    # a hyphen inside a word is part of it
    assert parse("cease-fire") == And((Word("cease-fire"),))
    # only a negation: everything except
    dsl = text_query("-football")
    assert dsl is not None and dsl["bool"]["must"] == [{"match_all": {}}]


def test_phrases_and_prefixes_use_the_plain_fields() -> None:
    dsl = text_query('"floods in Vienna" ceasefire*')
    phrases = clauses(dsl, "match_phrase")
    assert {next(iter(p)) for p in phrases} == {"title.plain", "body.plain"}
    assert all(next(iter(p.values()))["query"] == "floods in Vienna" for p in phrases)
    prefixes = clauses(dsl, "prefix")
    assert {next(iter(p)) for p in prefixes} == {"title.plain", "body.plain"}
    assert all(next(iter(p.values()))["value"] == "ceasefire" for p in prefixes)
    assert parse("Zelensk*") == Prefix("zelensk")
    # too short, or a wildcard elsewhere: literal
    assert parse("a*") == And((Word("a*"),))
    assert parse("ze*sk") == And((Word("ze*sk"),))
    assert parse("*kremlin") == And((Word("*kremlin"),))


def test_stories_use_their_own_fields() -> None:
    dsl = text_query('"peace talks" Kremlin', STORY_FIELDS)
    text = json.dumps(dsl)
    assert '"title.plain"' in text and '"body' not in text


def test_parentheses_group_and_stray_ones_are_ignored() -> None:
    assert parse('(Putin OR Kremlin) AND "phone call"') == And(
        (Or((And((Word("Putin"),)), And((Word("Kremlin"),)))), Phrase("phone call")),
        explicit=True,
    )
    assert explain(parse("((Kremlin")) == "Kremlin"
    assert explain(parse("Kremlin))")) == "Kremlin"
    assert explain(parse(")(")) == ""


def test_stray_quote_and_syntax_characters_stay_literal() -> None:
    assert parse('stray " quote') == And((Word("stray"), Word("quote")))
    node = parse('title:Putin {"bool": 1} \\ ~2 ^3 [x TO y]')
    text = json.dumps(text_query('title:Putin {"bool": 1} \\ ~2 ^3 [x TO y]'))
    assert node is not None
    assert "title:Putin" in text  # sent as text to analyse, never as a field query
    assert '"bool": 1' not in text


def test_dangling_operators_are_ignored() -> None:
    for q in ("NOT", "OR", "AND", "Kremlin OR", "OR Kremlin", "Kremlin AND", "- Kremlin"):
        dsl = text_query(q)
        if q in ("NOT", "OR", "AND"):
            assert dsl is None
        else:
            assert words_sent(dsl) == {"Kremlin"}, q


def test_long_natural_queries_relax_and_question_words_are_optional() -> None:
    assert [required_count(n) for n in range(1, 9)] == [1, 2, 3, 3, 4, 5, 6, 6]
    dsl = text_query("what did the Kremlin say about the memorandum")
    assert dsl is not None
    must = dsl["bool"]["must"]
    assert words_sent(must) == {"Kremlin", "say", "memorandum"}
    assert words_sent(dsl["bool"]["should"]) == {"what", "did", "about"}
    # four content words: three of them required
    dsl = text_query("Trump Putin phone call")
    assert dsl is not None
    assert dsl["bool"]["minimum_should_match"] == 3
    assert len(dsl["bool"]["should"]) == 4
    # explicit AND: all required
    dsl = text_query("Trump AND Putin AND phone AND call")
    assert dsl is not None and len(dsl["bool"]["must"]) == 4
    # a question word alone is searched for
    assert words_sent(text_query("who")) == {"who"}


def test_explain_shows_how_the_query_was_read() -> None:
    assert explain(parse("the Kremlin")) == "[the] Kremlin"
    assert explain(parse("zelensk* -drone")) == "zelensk* NOT drone"
    assert explain(parse("what did Putin say")) == "what? did? Putin say"


def test_query_is_bounded() -> None:
    node = parse("word " * 5000)
    assert node is not None and isinstance(node, And)
    assert len(node.children) <= 64
    assert parse("(" * 400 + "x" + ")" * 400) == And((Word("x"),))  # deeper than MAX_DEPTH
    dsl = json.dumps(text_query("x" * (MAX_QUERY_CHARS * 5)))
    assert len(dsl) < MAX_QUERY_CHARS * 4


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "()-*!:{}\\ORANDNOT\u00e9')), max_size=80))
def test_any_text_parses_and_builds(text: str) -> None:
    dsl = text_query(text)
    if dsl is not None:
        json.dumps(dsl)
    explain(parse(text))


def test_entity_filter_uses_resolved_names() -> None:
    from pipeline.index.names import NameResolution

    res = NameResolution(
        "Putin", "short", "Vladimir Putin", ("Vladimir Putin",), ("Vladimir Putin", "Putin")
    )
    q = build_query(SearchQuery(entities=["Putin"], label="PERSON"), [res])
    (f,) = q["bool"]["filter"]
    must = f["nested"]["query"]["bool"]["must"]
    assert {"terms": {"entities.canonical": ["Vladimir Putin", "Putin"]}} in must
    assert {"term": {"entities.label": "PERSON"}} in must
    # unknown: the literal name, case-insensitive, canonical or surface form
    unknown = NameResolution("Nobody", "unknown", match=("Nobody",))
    q = build_query(SearchQuery(entities=["Nobody"]), [unknown])
    assert "case_insensitive" in json.dumps(q)


def test_withdrawn_stay_hidden_and_not_used() -> None:
    _ = Not(Word("x"))
    q = build_query(SearchQuery("Kremlin"))
    assert q["bool"]["must_not"] == [{"term": {"status": "withdrawn"}}]
