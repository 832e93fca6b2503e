"""The desk's pure parts: copy collapsing, story grouping, escaping, bind and auth checks."""

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
    collapse_copies,
    group_by_story,
    latest,
)
from pipeline.errors import FatalError
from pipeline.stack import LocalStack


def art(aid: str, story: str | None, published: str, dup: str | None = None) -> dict[str, object]:
    return {
        "id": aid,
        "title": f"title {aid}",
        "source": f"src-{aid}",
        "published": published,
        "story_id": story,
        "duplicate_of": dup,
        "entities": [],
        "dates": [],
        "copies": [],
    }


def test_copies_fold_into_the_earliest_published_copy_at_the_best_rank() -> None:
    ranked = [
        art("late-copy", "s1", "2025-05-20T12:00:00Z", dup="first"),
        art("other", "s1", "2025-05-20T09:00:00Z"),
        art("first", "s1", "2025-05-20T08:00:00Z"),
        art("early-copy", "s1", "2025-05-20T07:59:00Z", dup="first"),
    ]
    rows = collapse_copies(ranked)
    assert [r["id"] for r in rows] == ["early-copy", "other"]
    assert sorted(c["id"] for c in rows[0]["copies"]) == ["first", "late-copy"]
    assert rows[1]["copies"] == []


def test_stories_rank_by_their_best_article_and_loose_articles_stand_alone() -> None:
    ranked = [
        art("a1", "s2", "2025-05-21T10:00:00Z"),
        art("b1", "s1", "2025-05-20T10:00:00Z"),
        art("a2", "s2", "2025-05-19T10:00:00Z"),
        art("c1", None, "2025-05-22T10:00:00Z"),
    ]
    groups = group_by_story(ranked)
    assert [g["story_id"] for g in groups] == ["s2", "s1", None]
    assert [a["id"] for a in groups[0]["articles"]] == ["a1", "a2"]
    assert groups[0]["first"] == "2025-05-19T10:00:00Z"
    assert groups[0]["last"] == "2025-05-21T10:00:00Z"
    assert groups[0]["hits"] == 2


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
                ("entity", "Vladimir Putin"),
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
