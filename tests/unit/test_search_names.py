"""Names as editors spell them; rules resolve them the same way; copies fold; metrics."""

from __future__ import annotations

import json
import math

import pytest

from pipeline.alerts.matcher import RuleIndex
from pipeline.alerts.rules import parse_rule_text
from pipeline.evaluation.search import gains, load_queries, ndcg_at, precision_at, recall_at
from pipeline.index.names import SeenName, entity_keys, resolve_name, seen_names_query
from pipeline.index.search import fold_copies
from pipeline.record import Article, Entity

SEEN = [
    SeenName("Vladimir Putin", ("PERSON",), ("Vladimir Putin", "Putin"), 20),
    SeenName("Putin", ("PERSON",), ("Putin",), 1),
    SeenName("Dmitry Peskov", ("PERSON",), ("Dmitry Peskov",), 3),
    SeenName("Ursula von der Leyen", ("PERSON",), ("Ursula von der Leyen",), 5),
    SeenName("Volodymyr Zelenskiy", ("PERSON", "ORG"), ("Volodymyr Zelenskiy",), 15),
    SeenName("John Smith", ("PERSON",), ("John Smith",), 2),
    SeenName("Jane Smith", ("PERSON",), ("Jane Smith",), 3),
    SeenName("Kremlin", ("ORG",), ("Kremlin", "the Kremlin"), 12),
    SeenName("Jordan", ("GPE",), ("Jordan",), 2),
]


@pytest.mark.parametrize(
    ("typed", "status", "canonical"),
    [
        ("Zelensky", "alias", "Volodymyr Zelenskiy"),
        ("zelenskyy", "alias", "Volodymyr Zelenskiy"),
        ("VOLODYMYR ZELENSKIY", "canonical", "Volodymyr Zelenskiy"),
        ("Putin", "variant", "Vladimir Putin"),  # seen as a surface form
        ("putin", "variant", "Vladimir Putin"),
        ("Peskov", "short", "Dmitry Peskov"),
        ("von der Leyen", "short", "Ursula von der Leyen"),
        ("the Kremlin", "canonical", "Kremlin"),
        ("vladimir putin", "canonical", "Vladimir Putin"),
    ],
)
def test_names_resolve(typed: str, status: str, canonical: str) -> None:
    res = resolve_name(typed, SEEN)
    assert (res.status, res.canonical) == (status, canonical), res
    assert canonical in res.match


def test_a_lone_short_form_in_the_index_folds_into_the_full_name() -> None:
    res = resolve_name("Putin", SEEN)
    assert set(res.match) == {"Vladimir Putin", "Putin"}


def test_ambiguous_short_name_is_reported_not_guessed() -> None:
    res = resolve_name("Smith", SEEN)
    assert res.status == "ambiguous" and res.canonical is None
    assert res.candidates == ("Jane Smith", "John Smith")  # most mentioned first
    assert set(res.match) == {"Jane Smith", "John Smith"}
    assert "ambiguous" in res.describe()
    assert json.loads(json.dumps(res.as_dict()))["candidates"] == ["Jane Smith", "John Smith"]


def test_label_narrows_and_unknown_is_literal() -> None:
    assert resolve_name("Jordan", SEEN).canonical == "Jordan"
    assert resolve_name("Jordan", SEEN, label="PERSON").status == "unknown"
    res = resolve_name("Nobody Atall", SEEN)
    assert res.status == "unknown" and res.match == ("Nobody Atall",)
    # the alias file alone resolves, with nothing seen
    assert resolve_name("Zelensky").canonical == "Volodymyr Zelenskiy"


def test_index_lookup_escapes_wildcards_and_folds_accents() -> None:
    q = json.dumps(seen_names_query(["Erdoğan", "a*b?"]))
    assert "* Erdogan" in q and "* Erdo\\u011fan" in q
    assert "a\\\\*b\\\\?" in q


def test_entity_keys_cover_short_forms_of_people_only() -> None:
    assert entity_keys("Dmitry Peskov", "Peskov", "PERSON") == {"dmitry peskov", "peskov"}
    assert entity_keys("European Union", "EU", "ORG") == {"european union", "eu"}


def rule(text: str):  # type: ignore[no-untyped-def]
    r, errors = parse_rule_text(text)
    assert not errors, errors
    return r


def article(*ents: tuple[str, str, str]) -> Article:
    return Article(
        id="a1",
        title="t",
        body="Some text about the talks.",
        entities=[Entity(text=t, canonical=c, label=lab, count=1) for t, c, lab in ents],  # type: ignore[arg-type]
    )


def test_rules_resolve_names_like_search() -> None:
    zel = rule("name: z\nmatch:\n  any:\n    - entity: Zelensky\n")
    pes = rule("name: p\nmatch:\n  any:\n    - entity: {name: Peskov, label: PERSON}\n")
    index = RuleIndex([zel, pes])
    about_zel = article(("Volodymyr Zelenskiy", "Volodymyr Zelenskiy", "PERSON"))
    about_pes = article(("Dmitry Peskov", "Dmitry Peskov", "PERSON"))
    other = article(("Vladimir Putin", "Vladimir Putin", "PERSON"))
    assert [m.rule.name for m in index.match(about_zel)] == ["z"]
    assert [m.rule.name for m in index.match(about_pes)] == ["p"]
    assert index.match(other) == []
    (m,) = index.match(about_zel)
    assert m.entities == ("Volodymyr Zelenskiy",)


def raw(i: str, group: str, published: str, score: float = 1.0) -> dict[str, object]:
    return {
        "_id": i,
        "_score": score,
        "_source": {"title": f"title {i}", "published": published, "copy_group": group},
        "highlight": {"title": [f"«{i}»"]},
    }


def test_copies_fold_into_the_earliest_published_copy() -> None:
    # the later copy matched (and was marked the original by processing order)
    hit = raw("late", "late", "2025-05-19T19:53:00Z", 5.0)
    members = {
        "late": [
            raw("late", "late", "2025-05-19T19:53:00Z"),
            raw("early", "late", "2025-05-19T19:40:00Z"),
        ]
    }
    (h,) = fold_copies([hit], members, collapse=True)
    assert h.id == "early" and h.copies == ["late"] and h.matched_id == "late"
    assert h.score == 5.0 and h.highlight == ["«late»"]
    # all copies: each stays, and says which others exist
    hits = fold_copies([hit, members["late"][1]], members, collapse=False)
    assert [(x.id, x.copies) for x in hits] == [("late", ["early"]), ("early", ["late"])]


def test_metrics() -> None:
    g = gains([["a"], ["x"], ["b", "a"], ["a"]], {"a", "b", "c"})
    assert g == [1, 0, 1, 0]
    assert precision_at(g, 5) == pytest.approx(2 / 5)
    assert recall_at(g, 10, 3) == pytest.approx(2 / 3)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(g, 10, 3) == pytest.approx((1 + 1 / math.log2(4)) / ideal)
    assert ndcg_at([1, 1], 10, 2) == pytest.approx(1.0)


def test_the_judged_set_loads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    judged = load_queries(Path(__file__).resolve().parents[2] / "pipeline/demo/queries.jsonl")
    assert len(judged) >= 40
    kinds = {q.kind for q in judged}
    assert {"phrase", "question", "names", "dates", "stories", "stopwords"} <= kinds
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"query": "x", "relevant": []}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_queries(bad)


def test_rules_check_prints_what_names_resolve_to(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "r.yaml").write_text(
        "name: people\nmatch:\n  any:\n    - entity: Zelensky\n    - entity: Nobody Atall\n"
    )
    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(app, ["rules", "check", "--no-index", str(tmp_path)])
    out = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "'Zelensky' -> Volodymyr Zelenskiy (alias file)" in out
    assert "warning people: entity 'Nobody Atall' resolves to nothing known" in out
    assert "1 rule(s) valid, 0 problem(s), 1 name warning(s)" in out
