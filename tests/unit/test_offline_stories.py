"""`pipeline enrich --stories` on the order corpus, newest first: the real enrichment."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.offline import enrich_stream
from pipeline.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "stories" / "order-corpus.jsonl"


def test_newest_first_groups_stories_and_corrects_the_copy(tmp_path: Path) -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[::-1]
    gold = {json.loads(line)["id"]: json.loads(line)["story_cluster"] for line in lines}
    out = list(enrich_stream(lines, Settings(state_dir=tmp_path), stories=True))
    final = {o["id"]: o for o in out}  # the last line of an id is its final state
    # Written again: the copy's original, corrected, and the articles that an older
    # one, arriving later, moved to its story (settling to publication order).
    assert len(out) > len(lines)
    assert {i: o["duplicate_of"] for i, o in final.items() if o["duplicate_of"]} == {
        "ord-04": "ord-03"
    }
    stories: dict[str, set[str]] = {}
    for i, o in final.items():
        stories.setdefault(o["story_id"], set()).add(gold[i])
    assert all(len(g) == 1 for g in stories.values())
    assert len(stories) == len(set(gold.values()))
