"""The package stays easy to follow: no import cycles, no module too long to read.

Every ``import`` of a ``pipeline`` module counts, at the top of a file or inside a
function: a function-level import that closes a cycle is still a cycle a reader
has to untangle (three once hid in the command-line modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
MAX_LINES = 1000
# The TIMEX3 rules are one table of patterns with their resolvers; split by line
# count they would read worse, not better.
LONG_ON_PURPOSE = {"pipeline.enrich.dates"}


def modules() -> dict[str, Path]:
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in mods and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_over_a_thousand_lines() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= LONG_ON_PURPOSE, long


def test_one_command_line() -> None:
    """Every command is a subcommand of the one typer CLI (``pipeline``): no module
    parses arguments on its own, and no script outside the package imports the tests."""
    own_parsers = {
        name
        for name, path in modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(a.name == "argparse" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and node.module == "argparse")
    }
    assert own_parsers == set()
    root = PACKAGE.parent
    scripts = [p for p in root.glob("*/*.py") if p.parts[-2] not in {"pipeline", "tests"}]
    assert [str(p.relative_to(root)) for p in scripts if not p.is_relative_to(root / ".venv")] == []


def test_the_package_never_imports_the_tests() -> None:
    leaks = {
        name: dep
        for name, path in modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom | ast.Import)
        for dep in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
        if dep == "tests" or dep.startswith("tests.")
    }
    assert leaks == {}


def test_every_agent_takes_its_batches_through_the_ledger() -> None:
    """A worker commits only what ``agentkit.batches`` reports finished: an agent
    iterating its stream any other way would never have its offsets committed
    (or, through Faust's own acks, have them committed unprocessed)."""
    stream_reads = {"take_events", "take", "take_with_timestamp", "events", "noack", "items"}
    direct: dict[str, list[str]] = {}
    agents_without_batches: list[str] = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        reads = [
            c.func.attr
            for c in calls
            if isinstance(c.func, ast.Attribute)
            and c.func.attr in stream_reads
            and isinstance(c.func.value, ast.Name)
            and c.func.value.id == "stream"
        ]
        if reads and name != "pipeline.agentkit":
            direct[name] = reads
        is_agent_module = any(
            isinstance(c.func, ast.Attribute)
            and c.func.attr == "agent"
            and isinstance(c.func.value, ast.Name)
            and c.func.value.id == "app"
            for c in calls
        )
        uses_batches = any(isinstance(c.func, ast.Name) and c.func.id == "batches" for c in calls)
        if is_agent_module and not uses_batches:
            agents_without_batches.append(name)
    assert direct == {}
    assert agents_without_batches == []
    # enrich, route (which writes the index) and alerts: the check saw them all
    assert sorted(m for m in modules() if m.endswith(".agents")) == [
        "pipeline.alerts.agents",
        "pipeline.enrich.agents",
        "pipeline.route.agents",
    ]
