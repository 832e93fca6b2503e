"""The Kibana saved objects agree with the index templates, and the importer works.

``deploy/kibana/news.ndjson`` names fields in many places: data view time
fields, saved-search columns, sorts and KQL queries, aggregation fields inside
``visState``. Kibana accepts an object that names a field the index does not
have and only shows an empty panel later, so every such name is collected here
(embedded JSON strings are parsed first) and looked up in the mappings of the
template behind the object's data view. ``test_checker_catches`` proves the
lookup fails on a misspelling in each kind of place.

The importer is tested against a small HTTP server on 127.0.0.1 that records
what it receives and answers as Kibana does.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from pipeline.kibana import (
    KibanaImportError,
    default_objects_file,
    import_saved_objects,
    kibana_app,
    with_index_prefix,
)
from pipeline.settings import Settings
from pipeline.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
NDJSON = ROOT / "deploy" / "kibana" / "news.ndjson"
SCHEMAS = ROOT / "schemas"

# Kibana 8.15 migrates an object whose typeMigrationVersion is older than its
# own on import, and refuses one that is newer; these are versions every 8.10+
# Kibana knows (core 8.8.0 is the last core migration of 8.x).
CORE_MIGRATION_VERSION = "8.8.0"
TYPE_MIGRATION_VERSIONS = {
    "index-pattern": "8.0.0",
    "search": "8.0.0",
    "visualization": "8.5.0",
    "dashboard": "8.9.0",
}
# String attributes that hold JSON (Kibana stores them serialized).
EMBEDDED_JSON = {"visState", "fieldAttrs", "fieldFormatMap", "fields", "runtimeFieldMap"}
EMBEDDED_JSON |= {"sourceFilters", "typeMeta"}
NOT_AGGREGATABLE = {"text", "object", "nested", "date_range"}
DATE_TYPES = {"date", "date_nanos"}

Obj = dict[str, Any]


# ------------------------------------------------------------------ loading
def raw_objects(path: Path = NDJSON) -> list[Obj]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def decode(value: Any, key: str = "") -> Any:
    """``value`` with every embedded JSON string replaced by what it encodes."""
    if isinstance(value, str) and (key.endswith("JSON") or key in EMBEDDED_JSON):
        return decode(json.loads(value))  # raises on a string that does not parse
    if isinstance(value, dict):
        return {k: decode(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def decoded_objects() -> list[Obj]:
    return [decode(obj) for obj in raw_objects()]


# ----------------------------------------------------------------- mappings
@dataclass(frozen=True)
class Mapped:
    type: str
    nested: str | None  # path of the nearest enclosing nested field


def flatten(
    props: dict[str, Any], prefix: str = "", nested: str | None = None
) -> dict[str, Mapped]:
    """Every path a query can name: fields, object paths and multi-fields (title.raw)."""
    out: dict[str, Mapped] = {}
    for name, spec in props.items():
        path = prefix + name
        kind = spec.get("type", "object")
        out[path] = Mapped(kind, nested)
        for sub, subspec in spec.get("fields", {}).items():
            out[f"{path}.{sub}"] = Mapped(subspec["type"], nested)
        if "properties" in spec:
            inner = path if kind == "nested" else nested
            out.update(flatten(spec["properties"], path + ".", inner))
    return out


def template_fields() -> dict[str, dict[str, Mapped]]:
    """Data view title (an alias named as Settings names it) -> its template's fields."""
    names = Settings.model_construct()  # defaults only: the file is written for INDEX_PREFIX=news
    files = {
        names.index_alias: "news-template.json",
        names.alerts_alias: "alerts-template.json",
        names.stories_alias: "stories-template.json",
    }
    out = {}
    for alias, file in files.items():
        template = json.loads((SCHEMAS / file).read_text())
        out[alias] = flatten(template["template"]["mappings"]["properties"])
    return out


# ---------------------------------------------------------------- extractor
@dataclass(frozen=True)
class Ref:
    field: str
    kind: str  # time, column, sort, kql, filter, agg:<type>, field
    where: str
    nested_scope: str | None = None  # KQL: inside `path:{ ... }`


def kql_tokens(query: str) -> Iterator[str]:
    """KQL tokens: quoted strings (kept with their quotes), punctuation, bare words."""
    i = 0
    while i < len(query):
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j = i + 1
            while j < len(query) and query[j] != '"':
                j += 2 if query[j] == "\\" else 1
            if j >= len(query):
                raise ValueError(f"unterminated string in KQL {query!r}")
            yield query[i : j + 1]
            i = j + 1
        elif query.startswith(("<=", ">="), i):
            yield query[i : i + 2]
            i += 2
        elif c in "():{}<>":
            yield c
            i += 1
        else:
            j = i
            while j < len(query) and not query[j].isspace() and query[j] not in '():{}<>"':
                j += 2 if query[j] == "\\" else 1
            yield query[i:j]
            i = j


def kql_fields(query: str) -> list[tuple[str, str | None]]:
    """(full field path, enclosing nested group) for every field a KQL query names."""
    tokens = list(kql_tokens(query))
    found: list[tuple[str, str | None]] = []
    scopes: list[str] = []  # nested groups `path:{`
    depth = 0
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "{":
            depth += 1
        elif tok == "}":
            if not scopes:
                raise ValueError(f"unbalanced braces in KQL {query!r}")
            scopes.pop()
            depth -= 1
        elif nxt in (":", "<", ">", "<=", ">=") and not tok.startswith('"') and tok not in "(){}":
            path = ".".join([*scopes, tok])
            found.append((path, scopes[-1] if scopes else None))
            if nxt == ":" and i + 2 < len(tokens) and tokens[i + 2] == "{":
                scopes.append(path)
    if scopes or depth:
        raise ValueError(f"unbalanced braces in KQL {query!r}")
    if query.count("(") != query.count(")"):
        raise ValueError(f"unbalanced parentheses in KQL {query!r}")
    return found


def field_refs(obj: Obj) -> list[Ref]:
    """Every field name a decoded saved object uses, wherever it is."""
    refs: list[Ref] = []
    label = f"{obj['type']}/{obj['id']}"

    def walk(node: Any, where: str, agg_type: str | None) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]", agg_type)
            return
        if not isinstance(node, dict):
            return
        if isinstance(node.get("query"), str) and "language" in node:
            if node["language"] != "kuery":
                raise AssertionError(f"{label} {where}: only KQL queries are checked")
            for name, scope in kql_fields(node["query"]):
                refs.append(Ref(name, "kql", f"{where}.query", scope))
        if isinstance(node.get("schema"), str) and "params" in node:  # one aggregation
            agg_type = str(node["type"])
        meta = node.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get("key"), str):
            refs.append(Ref(meta["key"], "filter", f"{where}.meta.key"))
        for key, value in node.items():
            at = f"{where}.{key}"
            if key == "timeFieldName" and isinstance(value, str):
                refs.append(Ref(value, "time", at))
            elif key == "columns" and isinstance(value, list):
                refs.extend(Ref(v, "column", at) for v in value if isinstance(v, str))
            elif key == "sort" and isinstance(value, list) and value:
                pairs = [value] if isinstance(value[0], str) else value  # [f, dir] or [[f, dir]]
                refs.extend(Ref(pair[0], "sort", at) for pair in pairs)
            elif key in ("field", "sortField") and isinstance(value, str):
                refs.append(Ref(value, f"agg:{agg_type}" if agg_type else "field", at))
            else:
                walk(value, at, agg_type)

    walk(obj["attributes"], "attributes", None)
    return refs


# ------------------------------------------------------------------ checker
def by_id(objects: list[Obj]) -> dict[tuple[str, str], Obj]:
    return {(o["type"], o["id"]): o for o in objects}


def ref_target(obj: Obj, name: str, objects: dict[tuple[str, str], Obj]) -> Obj:
    for ref in obj["references"]:
        if ref["name"] == name:
            return objects[(ref["type"], ref["id"])]
    raise KeyError(f"{obj['type']}/{obj['id']}: no reference named {name!r}")


def data_views_of(obj: Obj, objects: dict[tuple[str, str], Obj]) -> list[Obj]:
    """The data views an object reads (a dashboard: those of all its panels)."""
    attrs = obj["attributes"]
    if obj["type"] == "index-pattern":
        return [obj]
    if obj["type"] == "dashboard":
        out: list[Obj] = []
        for ref in obj["references"]:
            for dv in data_views_of(objects[(ref["type"], ref["id"])], objects):
                if dv not in out:
                    out.append(dv)
        return out
    if "savedSearchRefName" in attrs:
        return data_views_of(ref_target(obj, attrs["savedSearchRefName"], objects), objects)
    source = attrs["kibanaSavedObjectMeta"]["searchSourceJSON"]
    if "indexRefName" not in source and is_text_panel(obj):
        return []
    return [ref_target(obj, source["indexRefName"], objects)]


def is_text_panel(obj: Obj) -> bool:
    """A markdown panel reads no data: it is the one object allowed no data view."""
    vis = obj["attributes"].get("visState")
    return obj["type"] == "visualization" and isinstance(vis, dict) and vis["type"] == "markdown"


def field_problems(objects: list[Obj]) -> list[str]:
    """Each field use that the mappings behind the object's data view(s) do not allow."""
    fields_by_alias = template_fields()
    index = by_id(objects)
    problems = []
    for obj in objects:
        label = f"{obj['type']}/{obj['id']}"
        views = data_views_of(obj, index)
        if not views and not is_text_panel(obj):
            problems.append(f"{label}: reads no data view")
        for dv in views:
            title = dv["attributes"]["title"]
            if title not in fields_by_alias:
                problems.append(f"{label}: data view over {title!r}, which no template backs")
                continue
            mapped = fields_by_alias[title]
            for ref in field_refs(obj):
                problems += check(ref, mapped, f"{label} ({title}) {ref.where}")
    return problems


def check(ref: Ref, mapped: dict[str, Mapped], where: str) -> list[str]:
    if "*" in ref.field:
        return [f"{where}: wildcard field {ref.field!r} cannot be checked"]
    m = mapped.get(ref.field)
    if m is None:
        return [f"{where}: no field {ref.field!r} in the index template"]
    out = []
    if ref.kind == "time" and m.type not in DATE_TYPES:
        out.append(f"{where}: time field {ref.field!r} is {m.type}, not a date")
    if ref.kind == "agg:date_histogram" and m.type not in DATE_TYPES:
        out.append(f"{where}: date histogram on {ref.field!r}, a {m.type}")
    if (ref.kind == "sort" or ref.kind.startswith("agg:")) and m.type in NOT_AGGREGATABLE:
        out.append(f"{where}: {ref.kind} on {ref.field!r}, a {m.type} field (not aggregatable)")
    if ref.kind != "kql" and ref.kind != "column" and m.nested:
        out.append(f"{where}: {ref.kind} on {ref.field!r} inside nested {m.nested!r}")
    if ref.kind == "kql" and m.nested != ref.nested_scope:
        out.append(
            f"{where}: KQL names {ref.field!r} (nested in {m.nested!r}) outside "
            f"`{m.nested}:{{ ... }}`; it would match nothing"
            if m.nested
            else f"{where}: {ref.field!r} is not inside nested {ref.nested_scope!r}"
        )
    return out


# ==================================================================== tests
def test_every_line_is_a_saved_object_with_embedded_json_that_parses() -> None:
    lines = NDJSON.read_text(encoding="utf-8").splitlines()
    assert lines, "no saved objects"
    for n, line in enumerate(lines, 1):
        obj = json.loads(line)
        assert isinstance(obj, dict), f"line {n}"
        assert {"id", "type", "attributes", "references"} <= obj.keys(), f"line {n}"
        assert isinstance(obj["attributes"], dict), f"line {n}"
        assert obj["coreMigrationVersion"] == CORE_MIGRATION_VERSION, f"line {n}"
        assert obj["typeMigrationVersion"] == TYPE_MIGRATION_VERSIONS[obj["type"]], f"line {n}"
        decode(obj)  # every embedded JSON string parses
    ids = [(o["type"], o["id"]) for o in raw_objects()]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_expected_objects_are_there() -> None:
    objects = by_id(decoded_objects())
    views = {o["id"]: o["attributes"] for (t, _), o in objects.items() if t == "index-pattern"}
    assert {(v["title"], v["timeFieldName"]) for v in views.values()} == {
        ("news", "published"),
        ("news-alerts", "fired_at"),
        ("news-stories", "last_seen"),
    }
    assert views["news-data-view"]["title"] == "news"
    searches = {o["attributes"]["title"] for (t, _), o in objects.items() if t == "search"}
    assert {"Ceasefire talks", "Tracked people"} <= searches
    ceasefire = objects[("search", "news-search-ceasefire")]["attributes"]
    assert ceasefire["columns"] == ["title", "source", "story_id", "entity_person"]
    dashboard = objects[("dashboard", "news-dashboard")]
    kinds = {(r["type"], r["id"]) for r in dashboard["references"]}
    assert ("visualization", "news-vis-articles-over-time") in kinds
    assert ("search", "news-search-stories") in kinds
    assert ("search", "news-search-alerts") in kinds


def test_every_field_the_objects_use_is_mapped() -> None:
    objects = decoded_objects()
    refs = [r for o in objects for r in field_refs(o)]
    # the extractor sees each kind of place, so an empty problem list means something
    assert {r.kind for r in refs} >= {"time", "column", "sort", "kql", "agg:terms"}
    assert {"agg:date_histogram"} <= {r.kind for r in refs}
    assert field_problems(objects) == []


def _set_query(obj: Obj, query: str) -> None:
    obj["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]["query"]["query"] = query


def _replace_in(seq: list[Any], old: Any, new: Any) -> None:
    seq[seq.index(old)] = new


def _agg_field(obj: Obj, agg_id: str, value: str) -> None:
    for agg in obj["attributes"]["visState"]["aggs"]:
        if agg["id"] == agg_id:
            agg["params"]["field"] = value


MUTATIONS: dict[str, tuple[tuple[str, str], Callable[[Obj], None], str]] = {
    "terms field": (
        ("visualization", "news-vis-top-people"),
        lambda o: _agg_field(o, "2", "entity_persn"),
        "entity_persn",
    ),
    "date histogram field": (
        ("visualization", "news-vis-articles-over-time"),
        lambda o: _agg_field(o, "2", "publised"),
        "publised",
    ),
    "date histogram on a keyword": (
        ("visualization", "news-vis-articles-over-time"),
        lambda o: _agg_field(o, "2", "source"),
        "date histogram",
    ),
    "terms on a text field": (
        ("visualization", "news-vis-top-places"),
        lambda o: _agg_field(o, "2", "title"),
        "not aggregatable",
    ),
    "terms on a nested field": (
        ("visualization", "news-vis-top-places"),
        lambda o: _agg_field(o, "2", "entities.canonical"),
        "inside nested",
    ),
    "column": (
        ("search", "news-search-ceasefire"),
        lambda o: _replace_in(o["attributes"]["columns"], "story_id", "storyid"),
        "storyid",
    ),
    "sort": (
        ("search", "news-search-stories"),
        lambda o: o["attributes"].__setitem__("sort", [["last_seen_at", "desc"]]),
        "last_seen_at",
    ),
    "KQL field": (
        ("search", "news-search-tracked-people"),
        lambda o: _set_query(o, 'entity_persons:("Donald Trump")'),
        "entity_persons",
    ),
    "KQL nested field without nested syntax": (
        ("search", "news-search-tracked-people"),
        lambda o: _set_query(o, 'entities.canonical:"Donald Trump"'),
        "would match nothing",
    ),
    "KQL field of another index": (
        ("search", "news-search-alerts"),
        lambda o: _set_query(o, "entity_person:x"),
        "entity_person",
    ),
    "time field": (
        ("index-pattern", "news-alerts-data-view"),
        lambda o: o["attributes"].__setitem__("timeFieldName", "fired"),
        "fired",
    ),
    "time field not a date": (
        ("index-pattern", "news-stories-data-view"),
        lambda o: o["attributes"].__setitem__("timeFieldName", "article_count"),
        "not a date",
    ),
    "dashboard query": (
        ("dashboard", "news-dashboard"),
        lambda o: _set_query(o, "status:withdrawn"),  # articles only, not stories or alerts
        "no field 'status'",
    ),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_checker_catches(case: str) -> None:
    key, mutate, expected = MUTATIONS[case]
    objects = decoded_objects()
    mutate(by_id(objects)[key])
    problems = field_problems(objects)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("key", "mutate"),
    [
        (
            ("search", "news-search-alerts"),
            lambda o: _replace_in(o["attributes"]["columns"], "article.title", "article.title.raw"),
        ),
        (
            ("search", "news-search-tracked-people"),
            lambda o: _set_query(o, 'entities:{ canonical:"Donald Trump" and label:PERSON }'),
        ),
        (
            ("visualization", "news-vis-top-places"),
            lambda o: _set_query(o, "mentioned_dates >= 2025-01-01 and title.raw:*"),
        ),
    ],
)
def test_checker_accepts_valid_paths(key: tuple[str, str], mutate: Callable[[Obj], None]) -> None:
    objects = decoded_objects()
    mutate(by_id(objects)[key])
    assert field_problems(objects) == []


def test_kql_fields() -> None:
    q = '(title:(a or "b c") or body:x) and not status:withdrawn and entities:{ canonical:"P" }'
    assert kql_fields(q) == [
        ("title", None),
        ("body", None),
        ("status", None),
        ("entities", None),
        ("entities.canonical", "entities"),
    ]
    assert kql_fields('title:"a:b" and published >= now-1d') == [
        ("title", None),
        ("published", None),
    ]
    with pytest.raises(ValueError):
        kql_fields('title:"open')


def test_references_resolve() -> None:
    objects = decoded_objects()
    index = by_id(objects)
    for obj in objects:
        label = f"{obj['type']}/{obj['id']}"
        names = [r["name"] for r in obj["references"]]
        assert len(names) == len(set(names)), f"{label}: duplicate reference names"
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in index, f"{label}: dangling reference {ref}"
        source = obj["attributes"].get("kibanaSavedObjectMeta", {}).get("searchSourceJSON", {})
        if "indexRefName" in source:
            target = ref_target(obj, source["indexRefName"], index)
            assert target["type"] == "index-pattern", label
        if obj["type"] != "dashboard":
            continue
        panels = obj["attributes"]["panelsJSON"]
        assert panels, f"{label}: no panels"
        used = set()
        for panel in panels:
            pid = panel["panelIndex"]
            assert panel["gridData"]["i"] == pid, f"{label}: panel {pid}"
            name = f"{pid}:{panel['panelRefName']}"  # how Kibana 8 names a panel's reference
            ref = next((r for r in obj["references"] if r["name"] == name), None)
            assert ref is not None, f"{label}: panel {pid} has no reference {name!r}"
            assert ref["type"] == panel["type"], f"{label}: panel {pid}"
            used.add(name)
        assert used == set(names), f"{label}: references no panel uses"
        assert len({p["panelIndex"] for p in panels}) == len(panels)


def test_dashboard_panels_fit_the_grid_without_overlap() -> None:
    dashboard = by_id(decoded_objects())[("dashboard", "news-dashboard")]
    cells: dict[tuple[int, int], str] = {}
    for panel in dashboard["attributes"]["panelsJSON"]:
        g = panel["gridData"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 48, panel["panelIndex"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{panel['panelIndex']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["panelIndex"]


def test_default_file_is_the_checked_in_one() -> None:
    assert default_objects_file() == NDJSON


def test_with_index_prefix_renames_only_data_view_titles() -> None:
    text = NDJSON.read_text(encoding="utf-8")
    assert with_index_prefix(text, "news") == text
    before = [json.loads(line) for line in text.splitlines()]
    after = [json.loads(line) for line in with_index_prefix(text, "t42").splitlines()]
    titles = {o["id"]: o["attributes"]["title"] for o in after if o["type"] == "index-pattern"}
    assert titles == {
        "news-data-view": "t42",
        "news-alerts-data-view": "t42-alerts",
        "news-stories-data-view": "t42-stories",
    }
    for b, a in zip(before, after, strict=True):
        if b["type"] == "index-pattern":
            a["attributes"]["title"] = b["attributes"]["title"]
        assert a == b


# ------------------------------------------------------- a small fake Kibana
@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def parts(self) -> list[tuple[str | None, str | None, str, bytes]]:
        """(field name, file name, content type, content) of each multipart part."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        msg = BytesParser(policy=HTTP).parsebytes(head + self.body)
        assert msg.is_multipart()
        out = []
        for part in msg.iter_parts():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            name = part.get_param("name", header="content-disposition")
            out.append(
                (
                    name if isinstance(name, str) else None,
                    part.get_filename(),
                    part.get_content_type(),
                    payload,
                )
            )
        return out


@dataclass
class FakeKibana:
    """Answers each POST with the next scripted (status, body); the last one repeats."""

    answers: list[tuple[int, Any]]
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer(self, req: Received) -> tuple[int, Any]:
        self.received.append(req)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def kibana() -> Iterator[Callable[..., FakeKibana]]:
    servers: list[HTTPServer] = []

    def start(*answers: tuple[int, Any]) -> FakeKibana:
        fake = FakeKibana(list(answers))

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                url = urlsplit(self.path)
                req = Received(
                    "POST",
                    url.path,
                    parse_qs(url.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                status, body = fake.answer(req)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = HTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        return fake

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def ok(n: int = 12) -> tuple[int, Any]:
    return 200, {"success": True, "successCount": n, "successResults": [], "warnings": []}


def test_import_posts_the_file_as_kibana_expects(
    kibana: Callable[..., FakeKibana],
) -> None:
    fake = kibana(ok())
    result = import_saved_objects(fake.url, NDJSON, username="editor", password="pw")
    assert result["success"] is True and result["successCount"] == 12
    [req] = fake.received
    assert req.path == "/api/saved_objects/_import"
    assert req.query == {"overwrite": ["true"]}
    assert req.headers["kbn-xsrf"] == "true"
    assert req.headers["authorization"] == "Basic " + base64.b64encode(b"editor:pw").decode()
    assert req.headers["content-type"].startswith("multipart/form-data; boundary=")
    [(name, filename, _ctype, content)] = req.parts()
    assert (name, filename) == ("file", "news.ndjson")
    assert content == NDJSON.read_bytes()


def test_import_retries_a_503_then_succeeds(kibana: Callable[..., FakeKibana]) -> None:
    fake = kibana((503, {"message": "Kibana server is not ready yet"}), ok())
    result = import_saved_objects(fake.url, NDJSON, backoff=0.01)
    assert result["success"] is True
    assert len(fake.received) == 2
    assert fake.received[0].parts() == fake.received[1].parts()


def test_import_gives_up_after_bounded_retries(kibana: Callable[..., FakeKibana]) -> None:
    fake = kibana((503, {"message": "not ready"}))
    with pytest.raises(KibanaImportError, match=r"after 3 attempt\(s\) \(last: HTTP 503\)"):
        import_saved_objects(fake.url, NDJSON, attempts=3, backoff=0.01)
    assert len(fake.received) == 3


def test_import_retries_connection_errors() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(KibanaImportError, match=r"after 2 attempt\(s\) \(last: ConnectError"):
        import_saved_objects(url, NDJSON, attempts=2, backoff=0.01)


def test_import_reports_each_refused_object(kibana: Callable[..., FakeKibana]) -> None:
    errors = [
        {
            "id": "news-dashboard",
            "type": "dashboard",
            "meta": {"title": "News overview"},
            "error": {
                "type": "missing_references",
                "references": [{"type": "visualization", "id": "news-vis-top-people"}],
            },
        },
        {
            "id": "news-search-alerts",
            "type": "search",
            "title": "Alerts",
            "error": {"type": "unknown", "message": "bad request", "statusCode": 400},
        },
    ]
    fake = kibana((200, {"success": False, "successCount": 10, "errors": errors}))
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(fake.url, NDJSON)
    msg = str(info.value)
    assert "imported 10 object(s) from news.ndjson and refused 2" in msg
    assert (
        'dashboard/news-dashboard "News overview": missing references: '
        "visualization/news-vis-top-people" in msg
    )
    assert 'search/news-search-alerts "Alerts": unknown (400): bad request' in msg
    assert len(fake.received) == 1  # a refusal is an answer, not a reason to retry


def test_import_refusal_is_not_retried_and_hides_credentials(
    kibana: Callable[..., FakeKibana], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = kibana((503, {}), (401, {"statusCode": 401, "message": "Unauthorized"}))
    url = fake.url.replace("http://", "http://editor:url-secret@")
    with pytest.raises(KibanaImportError) as info:
        import_saved_objects(url, NDJSON, password="pw-secret", username="x", backoff=0.01)
    assert len(fake.received) == 2
    assert "401 Unauthorized" in str(info.value)
    for text in (str(info.value), caplog.text):
        assert "url-secret" not in text and "pw-secret" not in text
    expected = "Basic " + base64.b64encode(b"x:pw-secret").decode()
    assert {r.headers["authorization"] for r in fake.received} == {expected}


def test_credentials_in_the_url_become_basic_auth(
    kibana: Callable[..., FakeKibana], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = kibana(ok())
    import_saved_objects(fake.url.replace("http://", "http://ed%40news:p%3Ass@"), NDJSON)
    [req] = fake.received
    assert req.headers["authorization"] == "Basic " + base64.b64encode(b"ed@news:p:ss").decode()
    assert "p%3Ass" not in caplog.text and "ed%40news" not in caplog.text


def test_import_in_a_space_with_an_api_key(kibana: Callable[..., FakeKibana]) -> None:
    fake = kibana(ok())
    import_saved_objects(fake.url + "/", NDJSON, api_key="a2V5OnNlY3JldA==", space="newsroom")
    [req] = fake.received
    assert req.path == "/s/newsroom/api/saved_objects/_import"
    assert req.headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="


def test_import_rejects_a_file_kibana_would_refuse(tmp_path: Path) -> None:
    other = tmp_path / "objects.json"
    other.write_text("{}")
    with pytest.raises(KibanaImportError, match=r"only \.ndjson"):
        import_saved_objects("http://127.0.0.1:9", other)


def test_cli_import_uses_settings_credentials_and_prefix(
    kibana: Callable[..., FakeKibana], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = kibana(ok())
    monkeypatch.setenv("STATE_DIR", str(tmp_path))  # no local stack state file
    monkeypatch.setenv("INDEX_PREFIX", "t42")
    monkeypatch.setenv("ES_API_KEY", "cGlwZWxpbmU6a2V5")
    result = CliRunner().invoke(kibana_app, ["import", "--url", fake.url])
    assert result.exit_code == 0, result.output
    assert "imported 12 saved objects" in result.output
    [req] = fake.received
    assert req.headers["authorization"] == "ApiKey cGlwZWxpbmU6a2V5"
    [(_, _, _, content)] = req.parts()
    views = [json.loads(line) for line in content.decode().splitlines()]
    titles = {o["attributes"]["title"] for o in views if o["type"] == "index-pattern"}
    assert titles == {"t42", "t42-alerts", "t42-stories"}


def test_cli_import_fails_loudly(kibana: Callable[..., FakeKibana], tmp_path: Path) -> None:
    fake = kibana((200, {"success": False, "successCount": 0, "errors": []}))
    env = {"STATE_DIR": str(tmp_path)}
    result = CliRunner().invoke(kibana_app, ["import", "--url", fake.url], env=env)
    assert result.exit_code == 1
    assert "refused 0" in result.output


def test_dashboard_says_where_the_demo_data_is() -> None:
    """The dashboard opens on the last 7 days; its text panel must name the demo corpus's dates.

    The demo corpus is dated in May 2025, so every panel is empty on the default range until
    the editor widens it. The panel says so, and this keeps it true when the corpus changes.
    """
    corpus = ROOT / "pipeline" / "demo" / "corpus"
    days = [
        json.loads(line)["published"][:10]
        for line in (corpus / "wire.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    days += [f.name[len("agency-") :][:10] for f in corpus.glob("agency-*.txt")]
    first, last = min(days), max(days)
    objects = by_id(decoded_objects())
    dashboard = objects[("dashboard", "news-dashboard")]
    assert ("visualization", "news-vis-about") in {
        (r["type"], r["id"]) for r in dashboard["references"]
    }
    about = objects[("visualization", "news-vis-about")]
    text = about["attributes"]["visState"]["params"]["markdown"]
    assert first[:7] == last[:7] == "2025-05", "reword the panel when the corpus spans months"
    assert f"{int(first[8:])}–{int(last[8:])} May {first[:4]}" in text, (first, last)
