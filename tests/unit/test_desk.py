"""The desk's pure parts: rows from search hits, story grouping, escaping, bind and auth checks."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest

from pipeline.desk.app import authorized, check_bind, marked, with_params
from pipeline.desk.data import (
    MARK_CLOSE,
    MARK_OPEN,
    DeskQuery,
    hit_row,
    latest,
    stories_of,
)
from pipeline.errors import FatalError
from pipeline.index.search import fold_copies, group_of
from pipeline.stack import LocalStack


def raw(
    aid: str, story: str | None, published: str, group: str | None = None, **marks: list[str]
) -> dict[str, object]:
    return {
        "_id": aid,
        "_score": 1.0,
        "_source": {
            "title": f"title {aid}",
            "source": f"src-{aid}",
            "published": published,
            "story_id": story,
            "copy_group": group or aid,
            "duplicate_of": group if group and group != aid else None,
            "entities": [
                {"text": "Putin", "canonical": "Vladimir Putin", "label": "PERSON", "count": 2},
                {"text": "Vladimir Putin", "canonical": "Vladimir Putin", "label": "PERSON"},
            ],
            "dates": [
                {"text": "Friday", "value": "2025-05-23", "type": "DATE", "gte": "2025-05-23"},
                {"text": "Friday", "value": "2025-05-23", "type": "DATE", "gte": "2025-05-23"},
                {"text": "noon", "value": "12:00", "type": "TIME"},
            ],
        },
        "highlight": {k.replace("_", "."): v for k, v in marks.items()},
    }


def rows(
    hits: list[dict[str, object]], members: list[dict[str, object]]
) -> list[dict[str, object]]:
    by_group: dict[str, list[dict[str, object]]] = {}
    for m in members:
        by_group.setdefault(group_of(m), []).append(m)
    return [hit_row(h) for h in fold_copies(hits, by_group, collapse=True)]


def test_a_row_is_the_earliest_copy_with_the_others_listed() -> None:
    # the later copy matched; the row is the original, its copies listed with their sources
    late = raw("late", "s1", "2025-05-20T12:00:00Z", "first", body=[f"{MARK_OPEN}x{MARK_CLOSE}"])
    first = raw("first", "s1", "2025-05-20T08:00:00Z", "first")
    (row,) = rows([late], [late, first])
    assert row["id"] == "first" and row["matched_id"] == "late"
    assert row["copies"] == [
        {"id": "late", "source": "src-late", "published": "2025-05-20T12:00:00Z"}
    ]
    assert row["highlight"] == [f"{MARK_OPEN}x{MARK_CLOSE}"]
    # entity records add up per name; a date mentioned twice is one chip; times are not dates
    assert row["entities"] == [{"name": "Vladimir Putin", "label": "PERSON", "count": 3}]
    assert [d["value"] for d in row["dates"]] == ["2025-05-23"]


def test_a_marked_title_is_shown_only_on_its_own_article() -> None:
    marked_late = f"title {MARK_OPEN}late{MARK_CLOSE}"
    late = raw("late", "s1", "2025-05-20T12:00:00Z", "first", title=[marked_late])
    first = raw("first", "s1", "2025-05-20T08:00:00Z", "first")
    (row,) = rows([late], [late, first])
    assert row["title"] == "title first" and row["title_marked"] is None
    alone = raw(
        "solo", None, "2025-05-20T08:00:00Z", title_plain=[f"{MARK_OPEN}title{MARK_CLOSE} solo"]
    )
    (row,) = rows([alone], [alone])
    assert row["title_marked"] == f"{MARK_OPEN}title{MARK_CLOSE} solo"


def test_stories_rank_by_their_best_row_and_loose_articles_stand_alone() -> None:
    hits = [
        raw("a1", "s2", "2025-05-21T10:00:00Z"),
        raw("b1", "s1", "2025-05-20T10:00:00Z"),
        raw("a2", "s2", "2025-05-19T10:00:00Z"),
        raw("c1", None, "2025-05-22T10:00:00Z"),
    ]
    copy = raw("a2-copy", "s2", "2025-05-19T11:00:00Z", "a2")
    groups = stories_of(rows(hits, [*hits, copy]))
    assert [g["story_id"] for g in groups] == ["s2", "s1", None]
    assert [a["id"] for a in groups[0]["articles"]] == ["a1", "a2"]
    assert groups[0]["first"] == "2025-05-19T10:00:00Z"
    assert groups[0]["last"] == "2025-05-21T10:00:00Z"
    assert groups[0]["hits"] == 3  # two rows and the copy folded into one
    assert groups[0]["sources"] == ["src-a1", "src-a2", "src-a2-copy"]


def test_highlights_escape_the_text_and_mark_only_our_markers() -> None:
    frag = f"<img src=x onerror=alert(1)> {MARK_OPEN}ceasefire{MARK_CLOSE} «talks» {MARK_OPEN}open"
    out = str(marked(frag))
    assert out.startswith("&lt;img src=x onerror=alert(1)&gt; <mark>ceasefire</mark>")
    assert "«talks»" in out
    assert out.endswith("<mark>open</mark>")  # an unclosed marker is closed
    assert "<img" not in out
    assert str(marked(f"{MARK_CLOSE}stray")) == "stray"


def test_the_desk_refuses_other_addresses_without_a_token() -> None:
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        check_bind(host, None)
    for host in ("0.0.0.0", "192.168.1.4", "::", "desk.example.test"):
        with pytest.raises(FatalError, match="DESK_TOKEN"):
            check_bind(host, None)
        check_bind(host, "x" * 16)
    with pytest.raises(FatalError, match="16 characters"):
        check_bind("127.0.0.1", "short")


def test_basic_and_bearer_authentication() -> None:
    token = "t" * 20
    basic = base64.b64encode(f"editor:{token}".encode()).decode()
    assert authorized(f"Basic {basic}", token)
    assert authorized(f"Bearer {token}", token)
    wrong = base64.b64encode(b"editor:nope").decode()
    for header in ("", f"Basic {wrong}", "Basic !!!", f"Bearer {token}x", token):
        assert not authorized(header, token)


def test_links_keep_the_search_and_change_one_thing() -> None:
    params = [("q", "ceasefire"), ("entity", "Vladimir Putin"), ("from", "2025-05-19")]
    assert with_params(params, drop=("from",)) == "?q=ceasefire&entity=Vladimir+Putin"
    assert with_params(params, mfrom="2025-05") == (
        "?q=ceasefire&entity=Vladimir+Putin&from=2025-05-19&mfrom=2025-05"
    )


def test_cursor_compares_times_not_spellings() -> None:
    assert latest(["2025-05-20T10:00:00.5+00:00", "2025-05-20T10:00:01Z", None]) == (
        "2025-05-20T10:00:01+00:00"
    )
    assert latest([None, ""]) is None


def test_stack_down_stops_a_desk_left_running(tmp_path: Path) -> None:
    """The demo records its desk beside the stack; ``down`` stops it (and only it)."""
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        stack = LocalStack(tmp_path)
        stack.record_desk(proc.pid, "http://127.0.0.1:8090/")
        assert stack.desk() == {"pid": proc.pid, "url": "http://127.0.0.1:8090/"}
        assert stack.down() is True  # no broker or search server recorded: just the desk
        assert proc.wait(10) is not None
        assert stack.desk() is None and not stack.desk_file.exists()
        assert stack.down() is False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_date_filters_from_the_url_are_dates_or_dropped() -> None:
    from multidict import MultiDict

    q = DeskQuery.from_params(
        MultiDict(
            [
                ("q", "ceasefire"),
                ("from", "2025-05-19"),
                ("to", "2025-05-19T20:59:59Z"),
                ("mfrom", "garbage"),
                ("mto", "2025-05||+1d"),
                ("entity", " Vladimir  Putin "),  # spaced as typed: resolved as one name
                ("entity", "   "),
            ]
        )
    )
    assert (q.date_from, q.date_to) == ("2025-05-19", "2025-05-19T20:59:59Z")
    assert (q.mentions_from, q.mentions_to) == (None, None)
    assert q.params() == [
        ("q", "ceasefire"),
        ("entity", "Vladimir Putin"),
        ("from", "2025-05-19"),
        ("to", "2025-05-19T20:59:59Z"),
    ]
