"""Alert rule files: the format, and errors that name file, line and problem.

Every rule here is written for these tests.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pipeline.alerts.rules import (
    EntityTerm,
    Group,
    Rule,
    RuleError,
    TextTerm,
    check_rules,
    load_rules,
    parse_duration,
    parse_rule_text,
    rule_schema,
)
from pipeline.alerts.webhooks import WebhookPolicy
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEMO_RULES = ROOT / "pipeline" / "demo" / "rules"

GOOD = """\
name: putin-ceasefire
description: Putin with a ceasefire term
match:
  all:
    - entity: {name: Vladimir Putin, label: PERSON}
    - any: [{keyword: ceasefire}, {keyword: truce}, {phrase: peace talks}]
  none: [{keyword: football}]
filters: {sources: [Northwind Wire], languages: [en]}
realert: 1h30m
webhooks: [https://hooks.example.test/newsroom]
"""


def parse(text: str, policy: WebhookPolicy | None = None) -> tuple[object, list[RuleError]]:
    return parse_rule_text(textwrap.dedent(text), "r.yaml", policy)


def only_error(text: str, policy: WebhookPolicy | None = None) -> RuleError:
    rule, errors = parse(text, policy)
    assert rule is None
    assert len(errors) == 1, errors
    return errors[0]


def test_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(rule_schema())


def test_a_good_rule_compiles_to_a_term_tree() -> None:
    rule, errors = parse(GOOD)
    assert errors == []
    assert rule is not None
    from pipeline.alerts.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.name == "putin-ceasefire"
    assert rule.realert == 5400
    assert rule.sources == frozenset({"northwind wire"})
    assert rule.languages == ("en",)
    assert rule.webhooks == ("https://hooks.example.test/newsroom",)
    assert rule.threshold is None
    putin, terms = rule.match.all
    assert putin == EntityTerm("Vladimir Putin", "vladimir putin", "PERSON")
    assert isinstance(terms, Group)
    assert terms.any[2] == TextTerm("peace talks", ("peace", "talks"), "phrase")
    assert rule.match.none == (TextTerm("football", ("football",), "keyword"),)
    assert rule.entity_terms == (putin,)


def test_entity_shorthand_and_default_realert() -> None:
    rule, errors = parse("name: z\nmatch:\n  any:\n    - entity: '  Volodymyr   Zelenskiy '\n")
    assert errors == []
    assert rule is not None
    from pipeline.alerts.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.match.any == (EntityTerm("Volodymyr Zelenskiy", "volodymyr zelenskiy", None),)
    assert rule.realert == 6 * 3600


def test_demo_rules_load_without_errors() -> None:
    rules, errors = load_rules(DEMO_RULES)
    assert errors == []
    assert {r.name for r in rules} == {"putin-ceasefire", "zelenskiy", "drone-attacks", "nato"}
    drone = next(r for r in rules if r.name == "drone-attacks")
    assert drone.threshold is not None
    assert (drone.threshold.type, drone.threshold.count, drone.threshold.window) == (
        "frequency",
        3,
        12 * 3600,
    )


def test_yaml_syntax_error_names_the_line() -> None:
    err = only_error("name: x\nmatch:\n  all:\n    - keyword: [unclosed\n")
    assert err.file == "r.yaml"
    assert err.problem.startswith("YAML syntax error")
    assert err.line in (4, 5)


def test_unknown_top_level_field_points_at_its_key() -> None:
    err = only_error("name: x\nmatch:\n  all: [{keyword: a}]\nrealret: 1h\n")
    assert err.line == 4
    assert "unknown field 'realret'" in err.problem
    assert "realert" in err.problem  # the allowed fields are listed


def test_unknown_field_inside_a_condition() -> None:
    err = only_error("""\
        name: x
        match:
          all:
            - keyword: drone
            - entity: {name: NATO, lable: ORG}
        """)
    assert err.line == 5
    assert "unknown field 'lable'" in err.problem


def test_missing_match() -> None:
    err = only_error("name: x\n")
    assert err.line == 1
    assert "'match' is a required field" in err.problem


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("name: x\nmatch: {}\n", "match is empty"),
        ("name: x\nmatch:\n  all: []\n", "match.all is an empty list"),
    ],
)
def test_empty_match_is_refused(text: str, needle: str) -> None:
    err = only_error(text)
    assert needle in err.problem
    assert err.line is not None


def test_match_made_only_of_none_is_refused() -> None:
    err = only_error("name: x\nmatch:\n  none: [{keyword: football}]\n")
    assert err.line == 3
    assert "positive term" in err.problem


def test_a_branch_without_positive_term_is_refused() -> None:
    err = only_error("""\
        name: x
        match:
          any:
            - keyword: drone
            - none: [{keyword: football}]
        """)
    assert "positive term" in err.problem


def test_a_condition_is_a_term_or_a_group_not_both() -> None:
    err = only_error("""\
        name: x
        match:
          all:
            - keyword: drone
              phrase: drone strike
        """)
    assert err.line == 4
    assert "keyword and phrase" in err.problem


@pytest.mark.parametrize(
    ("term", "needle"),
    [
        ("keyword: peace talks", "use phrase"),
        ("keyword: 'drone*'", "wildcard or regex"),
        ("phrase: 'cease(fire)?'", "wildcard or regex"),
        ("keyword: '!!!'", "no letters or digits"),
    ],
)
def test_bad_text_terms(term: str, needle: str) -> None:
    err = only_error(f"name: x\nmatch:\n  all:\n    - {term}\n")
    assert err.line == 4
    assert needle in err.problem


def test_bad_label() -> None:
    err = only_error("name: x\nmatch:\n  all:\n    - entity: {name: NATO, label: COMPANY}\n")
    assert err.line == 4
    assert "COMPANY" in err.problem


def test_bad_name() -> None:
    err = only_error("name: Putin Alerts\nmatch:\n  all: [{keyword: a}]\n")
    assert err.line == 1
    assert "bad rule name" in err.problem


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("15m", 900),
        ("6h", 21600),
        ("1h30m", 5400),
        ("2d", 172800),
        ("1w", 604800),
        (" 1H ", 3600),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1 hour", "h", "1.5h", "-1h", "", "10", "1y"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="bad duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("block", "line", "needle"),
    [
        ("realert: 1 hour", 4, "bad duration '1 hour'"),
        ("threshold: {type: frequency, count: 3, window: 0m}", 4, "more than zero"),
        ("threshold: {type: frequency, count: 3, window: 45d}", 4, "longer than 30d"),
        ("threshold: {type: frequency, window: 1h}", 4, "needs 'count'"),
        ("threshold: {type: spike, count: 3, window: 1h}", 4, "'count' applies to frequency"),
        ("threshold: {type: frequency, count: 2, factor: 2, window: 1h}", 4, "spike"),
    ],
)
def test_bad_durations_and_thresholds(block: str, line: int, needle: str) -> None:
    err = only_error(f"name: x\nmatch:\n  all: [{{keyword: drone}}]\n{block}\n")
    assert err.line == line
    assert needle in err.problem


def test_realert_zero_is_allowed() -> None:
    rule, errors = parse("name: x\nmatch:\n  all: [{keyword: drone}]\nrealert: 0s\n")
    assert errors == [] and rule is not None


def test_spike_defaults() -> None:
    rule, errors = parse(
        "name: x\nmatch:\n  all: [{keyword: drone}]\nthreshold: {type: spike, window: 1h}\n"
    )
    assert errors == []
    from pipeline.alerts.rules import Rule

    assert isinstance(rule, Rule) and rule.threshold is not None
    assert (rule.threshold.factor, rule.threshold.min_count) == (3.0, 3)


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("ftp://hooks.example.test/x", "only http and https"),
        ("hooks.example.test/x", "only http and https"),
        ("http://localhost:8080/hook", "localhost"),
        ("http://api.localhost/hook", "localhost"),
        ("http://127.0.0.1:9200/_bulk", "loopback"),
        ("http://127.1/x", "loopback"),
        ("http://2130706433/x", "loopback"),
        ("http://[::1]/x", "loopback"),
        ("http://[::ffff:127.0.0.1]/x", "loopback"),
        ("http://0.0.0.0/x", "unspecified"),
        ("http://169.254.169.254/latest/meta-data", "cloud metadata"),
        ("http://[fd00:ec2::254]/latest", "cloud metadata"),
        ("http://localhost.localdomain/x", "loopback"),
        ("http://ip6-localhost/x", "loopback"),
        ("https://kafka-1.internal:9092/", "deny list"),
        ("https://search.internal/", "deny list"),
        ("http://hooks.example.test:99999/", "not a valid URL"),
    ],
)
def test_bad_webhook_urls_are_refused(url: str, needle: str) -> None:
    """A refused webhook disables itself, not the rule: the rule loads without it,
    and the warning names the line, the cause and never the URL's path."""
    settings = Settings(
        kafka_bootstrap="kafka-1.internal:9092,kafka-2.internal:9092",
        es_url="https://search.internal:9200",
    )
    policy = WebhookPolicy.from_settings(settings)
    text = (
        "name: x\nmatch:\n  all: [{keyword: drone}]\nwebhooks:\n"
        f"  - '{url}'\n  - 'https://hooks.example.test/T000/B000/secretpath'\n"
    )
    rule, errors = parse(text, policy)
    assert isinstance(rule, Rule)
    assert rule.webhooks == ("https://hooks.example.test/T000/B000/secretpath",)
    [err] = errors
    assert err.warning and err.line == 5
    assert needle in err.problem
    assert "meta-data" not in str(err) and "_bulk" not in str(err)


def test_the_guard_can_allow_loopback_explicitly() -> None:
    text = "name: x\nmatch:\n  all: [{keyword: drone}]\nwebhooks: ['http://127.0.0.1:8123/h']\n"
    rule, errors = parse(text)
    assert isinstance(rule, Rule) and rule.webhooks == ()
    assert "allow it with WEBHOOK_ALLOW_HOSTS" in errors[0].problem
    rule, errors = parse(text, WebhookPolicy(allow_hosts=frozenset({"127.0.0.1"})))
    assert errors == [] and isinstance(rule, Rule) and rule.webhooks


def test_private_networks_are_refused_unless_allowed() -> None:
    text = "name: x\nmatch:\n  all: [{keyword: drone}]\nwebhooks: ['http://10.1.2.3/h']\n"
    [err] = parse(text)[1]
    assert err.warning and "10.1.2.3 is a private network address" in err.problem
    assert parse(text, WebhookPolicy(allow_hosts=frozenset({"10.1.2.0/24"})))[1] == []
    assert parse(text, WebhookPolicy(allow_private=True))[1] == []


def test_yaml_aliases_are_refused_before_any_walk() -> None:
    """A 309-byte alias bomb: refused in time linear in the text, naming the file."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}]\n"
        for i in range(8)
    )
    err = only_error(bomb)
    assert err.line == 1 and "anchors and aliases" in err.problem
    assert str(err).startswith("r.yaml:1:")
    err = only_error("name: x\nmatch: &m {all: [{keyword: drone}]}\nother: *m\n")
    assert "anchors and aliases" in err.problem


def test_deep_yaml_nesting_is_refused() -> None:
    err = only_error("[" * 5000 + "]" * 5000)
    assert "nested deeper than" in err.problem


def test_duplicate_yaml_key_is_reported() -> None:
    rule, errors = parse("name: x\nmatch:\n  all: [{keyword: drone}]\nname: y\n")
    assert rule is None
    assert [(e.line, e.problem) for e in errors] == [(4, "duplicate key 'name'")]


def test_a_file_that_is_not_a_mapping() -> None:
    err = only_error("- name: x\n")
    assert "one mapping" in err.problem


def test_too_deep_nesting_is_refused() -> None:
    cond = "{keyword: drone}"
    for _ in range(10):
        cond = f"{{all: [{cond}]}}"
    err = only_error(f"name: x\nmatch: {{all: [{cond}]}}\n")
    assert "nested deeper" in err.problem


def test_load_rules_reports_every_file_and_keeps_the_good(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yml").write_text("name: b\nmatch:\n  any: [{keyword: drone}]\nbogus: 1\n")
    (tmp_path / "c.yaml").write_text(GOOD.replace("realert: 1h30m", "realert: soon"))
    (tmp_path / "d.yaml").write_text(GOOD)  # same name as a.yaml
    (tmp_path / "e.yaml").write_text("name: e\nenabled: false\nmatch:\n  any: [{keyword: x}]\n")
    (tmp_path / "notes.txt").write_text("not a rule")
    rules, errors = load_rules(tmp_path)
    assert [r.name for r in rules] == ["putin-ceasefire"]
    assert rules[0].file == str(tmp_path / "a.yaml")
    got = sorted((Path(e.file).name, e.line, e.problem.split(" (")[0]) for e in errors)
    assert got == [
        ("b.yml", 4, "unknown field 'bogus' in the rule"),
        (
            "c.yaml",
            9,
            "bad duration 'soon': use a number and a unit s/m/h/d/w, e.g. 30m, 6h, 1h30m, 2d",
        ),
        ("d.yaml", 1, f"rule name 'putin-ceasefire' is already used by {tmp_path / 'a.yaml'}"),
    ]
    assert check_rules(tmp_path) == errors
    assert str(errors[0]).startswith(str(tmp_path / "b.yml") + ":4: ")


def test_missing_directory() -> None:
    rules, errors = load_rules("/nonexistent/rules")
    assert rules == [] and "does not exist" in errors[0].problem


def test_the_checker_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    good = runner.invoke(app, ["rules", "check", str(DEMO_RULES), "--no-index"])
    assert good.exit_code == 0, good.output
    assert "4 rule(s) valid, 0 problem(s)" in good.output
    (tmp_path / "bad.yaml").write_text("name: bad\nmatch:\n  none: [{keyword: x}]\n")
    bad = runner.invoke(app, ["rules", "check", str(tmp_path), "--no-index"])
    assert bad.exit_code == 1
    shown = " ".join(bad.output.split())  # the console wraps long lines
    assert f"{tmp_path / 'bad.yaml'}:3: match needs a positive term" in shown
