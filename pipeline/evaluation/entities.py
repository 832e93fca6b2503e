"""Score entity mention spans against MEANTIME-style gold.

MEANTIME's ``entity_mentions`` are not typed PERSON/ORG; they carry a
*syntactic* type: ``NAM`` (a proper-name mention, "the United States Air
Force"), ``PRE.NAM`` (a name used as a pre-modifier, "U.S." in "U.S.
automaker"), ``NOM``/``PRO`` (common nouns, pronouns) and others. Our NER
produces names, so the gold we count is NAM and PRE.NAM by default.

MEANTIME annotates only the title and the first sentences of each article
(title, date line and four sentences: the first six lines of ``text``), so
predictions beyond that region are ignored; counting them would punish every
correct name found further down.

Two scores:

* **relaxed** (overlap): a prediction is correct if it overlaps a gold span; a
  gold span is found if some prediction overlaps it. Gold NAM spans are whole
  noun phrases ("Presiding Judge Martin Mann", "the Moscone West center in San
  Francisco") while NER spans are the name alone, so this is the headline
  figure.
* **strict** (exact): start and end offsets equal.

Precision is over predictions in the scored region, recall over gold spans.
The data: NewsReader MEANTIME, English (Minard et al., LREC 2016), CC BY 4.0.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluation.dates import Part, in_part
from pipeline.evaluation.scoring import PRF, gold_lines, scored_end
from pipeline.record import Entity

log = logging.getLogger(__name__)

DEFAULT_GOLD_TYPES: tuple[str, ...] = ("NAM", "PRE.NAM")
# Lines of MEANTIME ``text`` that carry annotation: title, date line, 4 sentences.
MEANTIME_SCORED_LINES = 6
CITATION = "NewsReader MEANTIME English (Minard et al., LREC 2016), CC BY 4.0"


@dataclass(frozen=True)
class EntityScores:
    """Mention-span scores over one gold file."""

    gold_path: str
    gold_types: tuple[str, ...]
    documents: int
    relaxed: PRF
    strict: PRF
    # Relaxed precision per predicted label: label -> (correct, predicted).
    by_label: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Entities predicted (one per canonical name and document): the base of the flip rate.
    entities: int = 0
    seconds: float = 0.0


def _overlaps(span: tuple[int, int], sorted_spans: Sequence[tuple[int, int]], max_len: int) -> bool:
    """True if ``span`` overlaps one of ``sorted_spans`` (sorted by start)."""
    s, e = span
    # Candidates start before e and no earlier than s - max_len.
    i = bisect_left(sorted_spans, (s - max_len, -1))
    while i < len(sorted_spans) and sorted_spans[i][0] < e:
        if sorted_spans[i][1] > s:
            return True
        i += 1
    return False


def read_gold(gold_path: Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSON-lines gold file (blank lines skipped)."""
    for _, doc in gold_lines(gold_path):
        yield doc


def evaluate_entities(
    gold_path: Path,
    predict: Callable[[str], list[Entity]],
    gold_types: Sequence[str] = DEFAULT_GOLD_TYPES,
    scored_lines: int | None = MEANTIME_SCORED_LINES,
    part: Part = "all",
) -> EntityScores:
    """Run ``predict`` on each gold document's ``text`` and score its mention spans.

    ``predict`` gets the whole ``text`` (offsets must index it) and returns
    entities whose ``mentions`` are scored; labels are not compared (the gold
    has none) but relaxed precision is broken down by predicted label.
    ``scored_lines`` limits scoring to the annotated head of each document
    (``None``: the whole text). ``part`` picks the development or held-out
    documents, as for dates (:func:`pipeline.evaluation.dates.in_part`).
    """
    types = tuple(gold_types)
    wanted = set(types)
    t0 = time.perf_counter()
    docs = n_entities = 0
    r_pc = r_pt = r_gf = r_gt = 0
    s_pc = s_gf = 0
    label_ok: Counter[str] = Counter()
    label_all: Counter[str] = Counter()
    for doc in read_gold(gold_path):
        if not isinstance(doc, dict) or not in_part(doc, part):
            continue
        text = doc.get("text")
        if not isinstance(text, str):
            log.warning("gold document %s has no text; skipped", doc.get("id"))
            continue
        docs += 1
        limit = scored_end(text, scored_lines)
        mentions = doc.get("entity_mentions") or []
        gold = sorted(
            {
                (int(m["start"]), int(m["end"]))
                for m in mentions
                if isinstance(m, dict)
                and m.get("syntactic_type") in wanted
                and m.get("start") is not None
                and m.get("end") is not None
            }
        )
        predicted = predict(text)
        n_entities += len(predicted)
        pred_labelled = sorted(
            {(s.start, s.end, e.label) for e in predicted for s in e.mentions if s.start < limit}
        )
        pred = sorted({(s, e) for s, e, _ in pred_labelled})
        max_gold = max((e - s for s, e in gold), default=0)
        max_pred = max((e - s for s, e in pred), default=0)
        for s, e, label in pred_labelled:
            ok = _overlaps((s, e), gold, max_gold)
            label_all[label] += 1
            label_ok[label] += ok
        r_pc += sum(_overlaps(p, gold, max_gold) for p in pred)
        r_pt += len(pred)
        r_gf += sum(_overlaps(g, pred, max_pred) for g in gold)
        r_gt += len(gold)
        exact = set(gold) & set(pred)
        s_pc += len(exact)
        s_gf += len(exact)
    return EntityScores(
        gold_path=str(gold_path),
        gold_types=types,
        documents=docs,
        relaxed=PRF(r_pc, r_pt, r_gf, r_gt),
        strict=PRF(s_pc, r_pt, s_gf, r_gt),
        by_label={lab: (label_ok[lab], label_all[lab]) for lab in sorted(label_all)},
        entities=n_entities,
        seconds=time.perf_counter() - t0,
    )


def format_scores(scores: EntityScores) -> str:
    """A short plain-text report, with the data citation the licence asks for."""
    r, s = scores.relaxed, scores.strict
    lines = [
        f"Entity mentions: {scores.gold_path}",
        f"  {scores.documents} documents, gold types {', '.join(scores.gold_types)}: "
        f"{r.gold_total} gold spans, {r.pred_total} predicted",
        f"  {'':8}{'P':>7}{'R':>7}{'F1':>7}",
        f"  {'relaxed':8}{r.precision:7.3f}{r.recall:7.3f}{r.f1:7.3f}"
        f"   (overlap: {r.pred_correct}/{r.pred_total} predicted, "
        f"{r.gold_found}/{r.gold_total} gold)",
        f"  {'strict':8}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
        f"   (exact: {s.pred_correct} spans)",
    ]
    if scores.by_label:
        parts = [f"{lab} {ok}/{n} ({ok / n:.2f})" for lab, (ok, n) in scores.by_label.items() if n]
        lines.append("  relaxed precision by label: " + ", ".join(parts))
    lines.append(f"  {scores.seconds:.1f} s")
    if "meantime" in Path(scores.gold_path).name.lower():
        lines.append(f"  Data: {CITATION}")
    return "\n".join(lines)


def format_flips(flips: Mapping[tuple[str, str, str], int], scores: EntityScores) -> str:
    """How often the stream's label vote changed a label, with each change."""
    total = sum(flips.values())
    rate = total / scores.entities if scores.entities else 0.0
    lines = [
        f"  labels changed by the stream vote: {total} of {scores.entities} entities "
        f"({100 * rate:.2f}%)"
    ]
    for (name, before, after), n in sorted(flips.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"    {name}: {before} -> {after} ({n}x)")
    return "\n".join(lines)
