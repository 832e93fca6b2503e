"""Alert rules: YAML files in a directory, checked, compiled into plain term trees.

One rule per ``*.yaml``/``*.yml`` file; the format is in ``docs/alerts.md`` and
its structure in ``schemas/alert-rule.schema.json``. Loading never raises on a
bad file: every problem comes back as a :class:`RuleError` naming the file,
the line and what is wrong, so ``check_rules`` can list them all in CI and the
worker can start with the good rules while it logs the bad ones.

Why no regular expressions: Python's ``re`` backtracks, so one careless
pattern can spend seconds on a long body and stall the stream for every
rule; ``re2`` is not available here; and a regex cannot be put in the term
index (:mod:`pipeline.alerts.matcher`), so each one would cost every article.
Whole-word keywords and phrases, combined with ``all``/``any``/``none``, cover
the tracked-name use case and are indexable. Text that looks like a wildcard
or a regex is refused at load time rather than silently matched literally.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from pipeline.alerts.terms import (
    TOKEN as TOKEN,
)
from pipeline.alerts.terms import (
    Condition as Condition,
)
from pipeline.alerts.terms import (
    EntityTerm as EntityTerm,
)
from pipeline.alerts.terms import (
    Group as Group,
)
from pipeline.alerts.terms import (
    Term as Term,
)
from pipeline.alerts.terms import (
    TextTerm as TextTerm,
)
from pipeline.alerts.terms import (
    cover,
)
from pipeline.alerts.terms import (
    entity_key as entity_key,
)
from pipeline.alerts.terms import (
    fold_name as fold_name,
)
from pipeline.alerts.terms import (
    fold_word as fold_word,
)
from pipeline.alerts.terms import (
    positive_terms as positive_terms,
)
from pipeline.alerts.terms import (
    words as words,
)
from pipeline.alerts.webhooks import WebhookPolicy, check_webhook_url
from pipeline.outbound import redact_target

ENTITY_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
DEFAULT_REALERT = 6 * 3600.0
MAX_WINDOW = 30 * 86400.0
MAX_RULE_BYTES = 256_000
MAX_DEPTH = 8
MAX_TERMS = 500
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 20_000
RULE_SUFFIXES = (".yaml", ".yml")

_REGEXISH = re.compile(r"[*?\[\]()|\\^$+{}]")
_DURATION = re.compile(r"(\d+)([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}

NodePath = tuple[str | int, ...]


# --- the compiled rule ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Threshold:
    type: Literal["frequency", "spike"]
    window: float
    count: int = 1
    factor: float = 3.0
    min_count: int = 3


@dataclass(frozen=True, slots=True)
class Rule:
    """A loaded rule. ``match`` is the compiled condition tree."""

    name: str
    match: Group
    description: str = ""
    sources: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    threshold: Threshold | None = None
    realert: float = DEFAULT_REALERT
    webhooks: tuple[str, ...] = ()
    file: str = ""
    enabled: bool = True
    entity_terms: tuple[EntityTerm, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.entity_terms:
            object.__setattr__(
                self,
                "entity_terms",
                tuple(t for t in positive_terms(self.match) if isinstance(t, EntityTerm)),
            )

    def admits(self, source: str | None, language: str | None) -> bool:
        """The source and language filters (an empty filter admits everything)."""
        if self.sources and (source or "").casefold() not in self.sources:
            return False
        if self.languages:
            lang = (language or "").casefold()
            if not any(lang == want or lang.startswith(want + "-") for want in self.languages):
                return False
        return True


@dataclass(frozen=True, slots=True)
class RuleError:
    """One problem in one rule file; ``line`` is 1-based (None if unknown)."""

    file: str
    line: int | None
    problem: str
    # A warning does not refuse the rule (a refused webhook only disables itself).
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {'warning: ' if self.warning else ''}{self.problem}"


# --- durations ---------------------------------------------------------------------


def parse_duration(text: str) -> float:
    """``90s``, ``15m``, ``6h``, ``1h30m``, ``2d``, ``1w`` -> seconds. Raises ValueError."""
    s = text.strip().lower()
    pos, total = 0, 0
    for m in _DURATION.finditer(s):
        if m.start() != pos:
            break
        total += int(m.group(1)) * _UNIT_SECONDS[m.group(2)]
        pos = m.end()
    if not s or pos != len(s):
        raise ValueError(
            f"bad duration {text!r}: use a number and a unit s/m/h/d/w, e.g. 30m, 6h, 1h30m, 2d"
        )
    return float(total)


# --- loading -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def rule_schema() -> dict[str, Any]:
    """``schemas/alert-rule.schema.json`` beside the package, else in the working directory."""
    here = Path(__file__).resolve().parents[2] / "schemas"
    base = here if here.is_dir() else Path.cwd() / "schemas"
    schema: dict[str, Any] = json.loads((base / "alert-rule.schema.json").read_text())
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(rule_schema())


class _Problem(Exception):
    def __init__(self, path: NodePath, message: str, *, key: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.key = key


class _Marks:
    """Line numbers by path into the document, from the composed YAML node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.values: dict[NodePath, int] = {}
        self.keys: dict[NodePath, int] = {}
        self.duplicates: list[tuple[int, str]] = []
        if root is not None:
            self._walk(root, (), 0)

    def _walk(self, node: yaml.Node, path: NodePath, depth: int) -> None:
        self.values[path] = node.start_mark.line + 1
        if depth > 4 * MAX_DEPTH + 8:
            return
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                name = str(k.value)
                if name in seen:
                    self.duplicates.append((k.start_mark.line + 1, name))
                seen.add(name)
                self.keys[(*path, name)] = k.start_mark.line + 1
                self._walk(v, (*path, name), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self._walk(v, (*path, i), depth + 1)

    def line(self, path: NodePath, *, key: bool = False) -> int | None:
        if key and path in self.keys:
            return self.keys[path]
        p = path
        while True:
            if p in self.values:
                return self.values[p]
            if not p:
                return None
            p = p[:-1]


def _where(path: NodePath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the rule"


def _schema_problems(data: Any) -> list[_Problem]:
    problems = []
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        problems.extend(_explain(err))
    return problems


def _explain(err: ValidationError) -> list[_Problem]:
    path: NodePath = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        schema = err.schema if isinstance(err.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in err.instance if k not in allowed]
        return [
            _Problem(
                (*path, str(k)),
                f"unknown field {k!r} in {_where(path)} (allowed: {', '.join(allowed)})",
                key=True,
            )
            for k in extras
        ]
    if err.validator == "required":
        return [_Problem(path, f"{_where(path)}: {err.message.replace('property', 'field')}")]
    if err.validator == "minProperties":
        return [_Problem(path, f"{_where(path)} is empty")]
    if err.validator == "minItems":
        return [_Problem(path, f"{_where(path)} is an empty list")]
    if err.validator == "pattern" and path == ("name",):
        return [
            _Problem(
                path,
                f"bad rule name {err.instance!r}: use lower-case letters, digits, "
                "'.', '_' and '-' (at most 80)",
            )
        ]
    return [_Problem(path, f"{_where(path)}: {err.message}")]


class _Compiler:
    def __init__(self, policy: WebhookPolicy, resolve: bool = False) -> None:
        self.policy = policy
        self.resolve = resolve
        self.problems: list[_Problem] = []
        self.warnings: list[_Problem] = []
        self.n_terms = 0

    def rule(self, data: Mapping[str, Any], file: str) -> Rule | None:
        match = self.group(data["match"], ("match",), 0)
        if match is not None and _cover_or_none(match) is None:
            self.problems.append(
                _Problem(
                    ("match",),
                    "match needs a positive term (an entity, keyword or phrase outside 'none') on "
                    "every branch: as written it can fire on articles that mention none of its terms",
                )
            )
        filters = data.get("filters") or {}
        sources = frozenset(s.strip().casefold() for s in filters.get("sources", ()))
        languages = tuple(s.strip().casefold() for s in filters.get("languages", ()))
        threshold = self.threshold(data.get("threshold"))
        realert = DEFAULT_REALERT
        if "realert" in data:
            realert = self.duration(data["realert"], ("realert",), allow_zero=True) or 0.0
        hooks = []
        for i, url in enumerate(data.get("webhooks", ())):
            problem = check_webhook_url(url, self.policy, resolve=self.resolve)
            if problem:
                # the URL may carry a secret in its path: name its host only
                self.warnings.append(
                    _Problem(
                        ("webhooks", i),
                        f"webhook {redact_target(url)} disabled: {problem}",
                    )
                )
            else:
                hooks.append(url)
        if self.problems or match is None:
            return None
        return Rule(
            name=data["name"],
            match=match,
            description=data.get("description", ""),
            sources=sources,
            languages=languages,
            threshold=threshold,
            realert=realert,
            webhooks=tuple(hooks),
            file=file,
            enabled=data.get("enabled", True),
        )

    def duration(self, text: str, path: NodePath, *, allow_zero: bool = False) -> float | None:
        try:
            seconds = parse_duration(text)
        except ValueError as exc:
            self.problems.append(_Problem(path, str(exc)))
            return None
        if seconds == 0 and not allow_zero:
            self.problems.append(_Problem(path, f"duration {text!r} must be more than zero"))
            return None
        if seconds > MAX_WINDOW:
            self.problems.append(_Problem(path, f"duration {text!r} is longer than 30d"))
            return None
        return seconds

    def threshold(self, data: Mapping[str, Any] | None) -> Threshold | None:
        if data is None:
            return None
        path: NodePath = ("threshold",)
        window = self.duration(data["window"], (*path, "window"))
        kind = data["type"]
        if kind == "frequency":
            for key in ("factor", "min_count"):
                if key in data:
                    self.problems.append(
                        _Problem((*path, key), f"{key!r} applies to spike thresholds only")
                    )
            if "count" not in data:
                self.problems.append(_Problem(path, "a frequency threshold needs 'count'"))
                return None
            if window is None:
                return None
            return Threshold("frequency", window, count=data["count"])
        if "count" in data:
            self.problems.append(
                _Problem(
                    (*path, "count"),
                    "'count' applies to frequency "
                    "thresholds; a spike uses 'factor' and 'min_count'",
                )
            )
        if window is None:
            return None
        return Threshold(
            "spike",
            window,
            factor=float(data.get("factor", 3.0)),
            min_count=int(data.get("min_count", 3)),
        )

    def group(self, data: Mapping[str, Any], path: NodePath, depth: int) -> Group | None:
        if depth > MAX_DEPTH:
            self.problems.append(_Problem(path, f"conditions nested deeper than {MAX_DEPTH}"))
            return None
        parts: dict[str, list[Condition]] = {"all": [], "any": [], "none": []}
        ok = True
        for key in ("all", "any", "none"):
            for i, item in enumerate(data.get(key, ())):
                cond = self.condition(item, (*path, key, i), depth + 1)
                if cond is None:
                    ok = False
                else:
                    parts[key].append(cond)
        if not ok:
            return None
        return Group(tuple(parts["all"]), tuple(parts["any"]), tuple(parts["none"]))

    def condition(self, data: Mapping[str, Any], path: NodePath, depth: int) -> Condition | None:
        leaf = [k for k in ("entity", "keyword", "phrase") if k in data]
        group = [k for k in ("all", "any", "none") if k in data]
        if len(leaf) > 1 or (leaf and group):
            self.problems.append(
                _Problem(
                    path,
                    "a condition is one of entity / keyword / phrase, or a group of "
                    f"all / any / none; this one has {' and '.join(leaf + group)} "
                    "(wrap them in 'all' or 'any')",
                )
            )
            return None
        if group:
            return self.group(data, path, depth)
        self.n_terms += 1
        if self.n_terms == MAX_TERMS + 1:
            self.problems.append(_Problem(path, f"more than {MAX_TERMS} terms in one rule"))
        kind = leaf[0]
        value = data[kind]
        if kind == "entity":
            name, label = (
                (value, None) if isinstance(value, str) else (value["name"], value.get("label"))
            )
            key = entity_key(name)
            if not key:
                self.problems.append(_Problem((*path, kind), "entity name is blank"))
                return None
            return EntityTerm(" ".join(name.split()), key, label)
        text: str = value
        if _REGEXISH.search(text):
            self.problems.append(
                _Problem(
                    (*path, kind),
                    f"{kind} {text!r} looks like a wildcard or regex: rules match "
                    "whole words only (see docs/alerts.md); list the forms with 'any'",
                )
            )
            return None
        tokens = tuple(words(text))
        if not tokens:
            self.problems.append(
                _Problem((*path, kind), f"{kind} {text!r} has no letters or digits")
            )
            return None
        if kind == "keyword" and len(text.split()) > 1:
            self.problems.append(
                _Problem((*path, kind), f"keyword {text!r} has several words: use phrase")
            )
            return None
        return TextTerm(
            " ".join(text.split()), tokens, "keyword" if kind == "keyword" else "phrase"
        )


def _cover_or_none(cond: Condition) -> list[Term] | None:
    """Any cover at all (the matcher picks the cheapest); None if a branch has no term."""
    return cover(cond)


def _yaml_shape_problem(text: str, file: str) -> RuleError | None:
    """Refuse anchors, aliases, deep nesting and huge node counts before composing.

    An alias makes a small file stand for an exponentially large document (a
    309-byte "billion laughs" made the line-number walk and the schema check
    exponential, on the worker's event loop); a rule has no use for them. The
    event stream is read once, in time linear in the text.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else None
                return RuleError(
                    file,
                    line,
                    "YAML anchors and aliases (&name, *name) are not allowed in rule files",
                )
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return RuleError(
                        file,
                        event.start_mark.line + 1 if event.start_mark else None,
                        f"nested deeper than {MAX_YAML_DEPTH} levels",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if nodes > MAX_YAML_NODES:
                return RuleError(file, None, f"more than {MAX_YAML_NODES} YAML nodes")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return RuleError(file, mark.line + 1 if mark else None, f"YAML syntax error: {problem}")
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        return RuleError(file, None, f"YAML error: {exc}".replace("<unicode string>", "the file"))
    return None


def parse_rule_text(
    text: str, file: str = "<rule>", policy: WebhookPolicy | None = None, *, resolve: bool = False
) -> tuple[Rule | None, list[RuleError]]:
    """Parse, validate and compile one rule file's text.

    Warnings (a refused webhook) come back with the rule; errors refuse it.
    """
    policy = policy if policy is not None else WebhookPolicy()
    if len(text.encode()) > MAX_RULE_BYTES:
        return None, [RuleError(file, None, f"file is larger than {MAX_RULE_BYTES} bytes")]
    shape = _yaml_shape_problem(text, file)
    if shape is not None:
        return None, [shape]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, [RuleError(file, line, f"YAML syntax error: {problem}")]
    except yaml.YAMLError as exc:
        return None, [RuleError(file, None, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    marks = _Marks(node)
    errors = [RuleError(file, line, f"duplicate key {name!r}") for line, name in marks.duplicates]
    if not isinstance(data, dict):
        return None, [
            *errors,
            RuleError(
                file, marks.line(()) or 1, "a rule file holds one mapping (name:, match:, ...)"
            ),
        ]
    problems = _schema_problems(data)
    warnings: list[_Problem] = []
    if not problems:
        compiler = _Compiler(policy, resolve)
        rule = compiler.rule(data, file)
        problems = compiler.problems
        warnings = compiler.warnings
    else:
        rule = None
    errors.extend(RuleError(file, marks.line(p.path, key=p.key), p.message) for p in problems)
    refused = bool(errors)
    errors.extend(
        RuleError(file, marks.line(p.path, key=p.key), p.message, warning=True) for p in warnings
    )
    return (None if refused else rule), errors


def rule_files(directory: str | Path) -> list[Path]:
    d = Path(directory)
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix in RULE_SUFFIXES)


def load_rules(
    directory: str | Path, policy: WebhookPolicy | None = None, *, resolve: bool = False
) -> tuple[list[Rule], list[RuleError]]:
    """Every good rule of ``directory`` (enabled ones only) and every problem found.

    A file with any problem contributes no rule: half a rule could fire on far
    more than its author meant.
    """
    d = Path(directory)
    if not d.is_dir():
        return [], [RuleError(str(d), None, "rules directory does not exist")]
    rules: list[Rule] = []
    errors: list[RuleError] = []
    names: dict[str, str] = {}
    for path in rule_files(d):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RuleError(str(path), None, f"cannot read: {exc}"))
            continue
        rule, errs = parse_rule_text(text, str(path), policy, resolve=resolve)
        errors.extend(errs)
        if rule is None:
            continue
        if rule.name in names:
            errors.append(
                RuleError(
                    str(path), 1, f"rule name {rule.name!r} is already used by {names[rule.name]}"
                )
            )
            continue
        names[rule.name] = str(path)
        if rule.enabled:
            rules.append(rule)
    return rules, errors


def check_rules(directory: str | Path, policy: WebhookPolicy | None = None) -> list[RuleError]:
    """All problems in a rules directory (empty when every rule is good)."""
    return load_rules(directory, policy)[1]
