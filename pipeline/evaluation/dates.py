"""Score temporal expressions against TIMEX3 gold, the TempEval-3 (task A) way.

A predicted expression matches a gold one when their character spans overlap
(relaxed match). Span P/R/F1 count matches over all predicted / all gold
expressions; value P/R/F1 count the matches whose normalised ``value`` equals
the gold value, again over all predicted (precision) and all gold (recall).
Matching is one-to-one: one long prediction cannot be credited for two gold
expressions. Among overlapping pairs those with equal values are matched
first, then equal types, then the larger overlap.

Conventions worth knowing when reading the figures:

* The document creation time (``functionInDocument = CREATION_TIME``, the
  date line) is left out: its gold is dropped and a prediction overlapping it
  is ignored rather than counted as a false positive.
* Gold expressions without offsets (implicit timexes) cannot be matched and
  are not counted; their number is reported.
* MEANTIME annotates only the head of each article (title, date line and
  four sentences: the first six lines of ``text``). Predictions beyond the
  annotated region are ignored. ``scored_lines="auto"`` infers the region
  from the gold file (the deepest line holding any annotation, timex or
  entity mention, over the whole file); pass an int to force it or ``None``
  to score whole texts.
* A missing ``dct`` is passed to ``predict`` as ``None``; a malformed one
  (MEANTIME has ``03-02-2009``) is repaired when its reading is unambiguous
  or the date line settles it, and otherwise passed as ``None``.
* ``part`` scores a deterministic share of the documents: MEANTIME's
  ``stock`` topic (30 documents) is held out of tuning (``held-out``), the
  ``airbus``, ``apple`` and ``gm`` topics are the development part (``dev``).
  A whole topic rather than a hash of the id, because unseen news differs
  from the tuning data by subject, not by sampling; ``stock`` because it has
  the most gold expressions of the four, so the held-out figure is the least
  noisy. Documents without a ``topic_corpus`` belong to ``dev``. A document
  with its own ``part`` key (``dev`` or ``held-out``) is in that part: our
  newswire fixture (``tests/fixtures/dates/newswire.jsonl``) marks the half
  written after the rules were tuned as ``held-out``; the second one
  (``newswire2.jsonl``) is ``held-out`` throughout.
* Values are compared as strings, except that decade and century values with
  trailing ``X`` padding equal their TimeML short form (``196X`` == ``196``,
  ``19XX`` == ``19``): the same value in two spellings.

The MEANTIME data: NewsReader MEANTIME English (Minard et al., LREC 2016),
CC BY 4.0.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pipeline.evaluation.scoring import PRF, gold_lines, scored_end
from pipeline.record import TimeExpr

logger = logging.getLogger(__name__)

CITATION = "NewsReader MEANTIME English (Minard et al., LREC 2016), CC BY 4.0"
TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")

Predict = Callable[[str, str | None], list[TimeExpr]]
Part = Literal["all", "dev", "held-out"]
PARTS: tuple[Part, ...] = ("all", "dev", "held-out")
# MEANTIME topics never looked at while tuning the rules (see the module doc).
HELD_OUT_TOPICS: frozenset[str] = frozenset({"stock"})


def in_part(doc: dict[str, Any], part: Part) -> bool:
    """Whether a gold document belongs to ``part`` of the development data."""
    if part == "all":
        return True
    own = doc.get("part")
    if own in ("dev", "held-out"):
        # A fixture written in halves says which half a document is in.
        return bool(own == part)
    held_out = doc.get("topic_corpus") in HELD_OUT_TOPICS
    return held_out == (part == "held-out")


@dataclass(frozen=True)
class TypeScores:
    """Scores for one TIMEX3 type: precision over predictions of that type,
    recall over gold expressions of that type."""

    span: PRF
    value: PRF


@dataclass(frozen=True)
class DateError:
    """One disagreement, for reading what went wrong (not part of the score)."""

    doc_id: str
    kind: Literal["missed", "spurious", "value"]
    text: str
    gold_value: str | None = None
    pred_value: str | None = None
    gold_type: str | None = None
    pred_type: str | None = None


@dataclass(frozen=True)
class DateScores:
    """Relaxed span and value scores over one gold file."""

    gold_path: str
    documents: int
    span: PRF
    value: PRF
    # matched pairs whose TIMEX3 type agrees, over all matched pairs
    type_agree: int
    matched: int
    by_type: dict[str, TypeScores] = field(default_factory=dict)
    scored_lines: int | None = None
    part: Part = "all"
    docs_without_dct: int = 0
    docs_dct_repaired: int = 0
    gold_without_offsets: int = 0
    predict_seconds: float = 0.0
    seconds: float = 0.0
    errors: list[DateError] = field(default_factory=list)

    @property
    def ms_per_doc(self) -> float:
        return 1000 * self.predict_seconds / self.documents if self.documents else 0.0


# --------------------------------------------------------------------------


def read_gold(gold_path: Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSON-lines gold file (blank lines skipped)."""
    for n, doc in gold_lines(gold_path):
        if isinstance(doc, dict):
            yield doc
        else:
            logger.warning("%s:%d: not a JSON object; skipped", gold_path, n)


_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_dct(raw: object, creation_text: str | None = None) -> date | None:
    """The document creation date from a gold ``dct`` field, or None.

    ``03-02-2009`` reads as 3 February or 2 March: when both are valid the
    creation-time line of the text ("February 03 , 2009") decides; when
    nothing decides, None (the predictor then leaves relative dates
    unresolved rather than scoring against a guessed anchor).
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    if m := _ISO_RE.match(raw):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY_RE.match(raw)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    readings = {d for d in (_safe_date(y, b, a), _safe_date(y, a, b)) if d is not None}
    if len(readings) == 1:
        return readings.pop()
    if creation_text:
        from pipeline.enrich.dates import extract_dates

        for t in extract_dates(creation_text, None):
            if t.value and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value):
                stated = date.fromisoformat(t.value)
                if stated in readings:
                    return stated
    return None


def same_value(pred: str | None, gold: str | None) -> bool:
    """Value equality, with decade/century X padding ignored (196X == 196)."""
    if pred is None or gold is None:
        return False
    if pred == gold:
        return True

    def short(v: str) -> str:
        if re.fullmatch(r"\d{3}X|\d{2}XX", v):
            return v.rstrip("X")
        return v

    return short(pred) == short(gold)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos)


def _has_span(t: dict[str, Any]) -> bool:
    return isinstance(t.get("start"), int) and isinstance(t.get("end"), int)


def infer_scored_lines(docs: Sequence[dict[str, Any]]) -> int | None:
    """The number of leading lines that carry annotation, over the whole gold file.

    Uses every annotation with offsets (timexes and entity mentions), so a
    sentence without any timex still counts as annotated if it has a mention.
    Returns None (score whole texts) when no document is longer than that.
    """
    deepest = -1
    longest = 0
    for doc in docs:
        text = doc.get("text")
        if not isinstance(text, str):
            continue
        longest = max(longest, text.count("\n") + 1)
        for key in ("timexes", "entity_mentions"):
            for a in doc.get(key) or []:
                if isinstance(a, dict) and _has_span(a):
                    deepest = max(deepest, _line_of(text, int(a["start"])))
    if deepest < 0 or deepest + 1 >= longest:
        return None
    return deepest + 1


def _match(preds: list[TimeExpr], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one relaxed matching: value-equal pairs first, then same type, then overlap."""
    pairs: list[tuple[int, int, int, int, int]] = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            ov = min(p.end, g["end"]) - max(p.start, g["start"])
            if ov > 0:
                pairs.append(
                    (
                        -int(same_value(p.value, g.get("value"))),
                        -int(p.type == g.get("type")),
                        -ov,
                        i,
                        j,
                    )
                )
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, _, _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def evaluate_dates(
    gold_path: Path,
    predict: Predict,
    scored_lines: int | Literal["auto"] | None = "auto",
    part: Part = "all",
) -> DateScores:
    """Run ``predict(text, dct)`` on every gold document and score it (see module doc).

    ``predict`` gets the document's whole ``text`` (offsets must index it) and
    its creation date as an ISO string, or None when the gold has none.
    ``part`` picks the development or the held-out documents (``in_part``);
    the annotated region is inferred from the whole file either way.
    """
    t_start = time.perf_counter()
    docs = list(read_gold(gold_path))
    lines = infer_scored_lines(docs) if scored_lines == "auto" else scored_lines
    if scored_lines == "auto":
        logger.info("scoring the first %s lines of each document", lines or "all")

    counts: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = {t: Counter() for t in TIMEX_TYPES}
    errors: list[DateError] = []
    n_docs = no_dct = repaired = no_offsets = 0
    predict_s = 0.0
    for doc in docs:
        if not in_part(doc, part):
            continue
        text = doc.get("text")
        if not isinstance(text, str):
            logger.warning("gold document %s has no text; skipped", doc.get("id"))
            continue
        n_docs += 1
        doc_id = str(doc.get("id", n_docs))
        timexes = [t for t in doc.get("timexes") or [] if isinstance(t, dict)]
        creation = [
            t for t in timexes if t.get("functionInDocument") == "CREATION_TIME" and _has_span(t)
        ]
        creation_text = text[creation[0]["start"] : creation[0]["end"]] if creation else None
        raw_dct = doc.get("dct")
        dct = parse_dct(raw_dct, creation_text)
        if dct is None:
            no_dct += 1
            if raw_dct:
                logger.warning(
                    "document %s: dct %r unusable; predicting without it", doc_id, raw_dct
                )
        elif not (isinstance(raw_dct, str) and _ISO_RE.match(raw_dct)):
            repaired += 1

        limit = scored_end(text, lines)
        golds: list[dict[str, Any]] = []
        for t in timexes:
            if t.get("functionInDocument") == "CREATION_TIME":
                continue
            if not _has_span(t):
                no_offsets += 1
                continue
            if t["start"] < limit:
                golds.append(t)

        t0 = time.perf_counter()
        predicted = predict(text, dct.isoformat() if dct else None)
        predict_s += time.perf_counter() - t0
        preds = [
            p
            for p in predicted
            if p.start < limit
            and not any(p.start < c["end"] and c["start"] < p.end for c in creation)
        ]

        matches = _match(preds, golds)
        matched_p = {i for i, _ in matches}
        matched_g = {j for _, j in matches}
        counts["pred"] += len(preds)
        counts["gold"] += len(golds)
        counts["span"] += len(matches)
        for p in preds:
            by_type[p.type]["pred"] += 1
        for g in golds:
            gt = str(g.get("type"))
            if gt in by_type:
                by_type[gt]["gold"] += 1
        for i, j in matches:
            p, g = preds[i], golds[j]
            ok = same_value(p.value, g.get("value"))
            gt = str(g.get("type"))
            counts["value"] += ok
            counts["type"] += p.type == gt
            by_type[p.type]["pred_span"] += 1
            by_type[p.type]["pred_value"] += ok
            if gt in by_type:
                by_type[gt]["gold_span"] += 1
                by_type[gt]["gold_value"] += ok
            if not ok:
                errors.append(
                    DateError(doc_id, "value", p.text, g.get("value"), p.value, gt, p.type)
                )
        for i, p in enumerate(preds):
            if i not in matched_p:
                errors.append(DateError(doc_id, "spurious", p.text, None, p.value, None, p.type))
        for j, g in enumerate(golds):
            if j not in matched_g:
                errors.append(
                    DateError(
                        doc_id,
                        "missed",
                        str(g.get("text", "")),
                        g.get("value"),
                        None,
                        str(g.get("type")),
                        None,
                    )
                )

    return DateScores(
        gold_path=str(gold_path),
        part=part,
        documents=n_docs,
        span=PRF(counts["span"], counts["pred"], counts["span"], counts["gold"]),
        value=PRF(counts["value"], counts["pred"], counts["value"], counts["gold"]),
        type_agree=counts["type"],
        matched=counts["span"],
        by_type={
            t: TypeScores(
                span=PRF(c["pred_span"], c["pred"], c["gold_span"], c["gold"]),
                value=PRF(c["pred_value"], c["pred"], c["gold_value"], c["gold"]),
            )
            for t, c in by_type.items()
        },
        scored_lines=lines,
        docs_without_dct=no_dct,
        docs_dct_repaired=repaired,
        gold_without_offsets=no_offsets,
        predict_seconds=predict_s,
        seconds=time.perf_counter() - t_start,
        errors=errors,
    )


def format_scores(scores: DateScores, show_errors: int = 0) -> str:
    """A plain-text report, with the data citation the licence asks for."""
    s, v = scores.span, scores.value
    lines = [
        f"Temporal expressions: {scores.gold_path}"
        + ("" if scores.part == "all" else f" (part: {scores.part})"),
        f"  {scores.documents} documents, {s.gold_total} gold expressions, "
        f"{s.pred_total} predicted (scored lines: {scores.scored_lines or 'all'}; "
        f"creation time excluded; {scores.gold_without_offsets} gold without offsets "
        "not counted)",
        f"  {'':8}{'P':>7}{'R':>7}{'F1':>7}",
        f"  {'span':8}{100 * s.precision:7.1f}{100 * s.recall:7.1f}{100 * s.f1:7.1f}"
        f"   (relaxed: {s.pred_correct} matched)",
        f"  {'value':8}{100 * v.precision:7.1f}{100 * v.recall:7.1f}{100 * v.f1:7.1f}"
        f"   ({v.pred_correct} with the gold value)",
        f"  type agreement on matches: {scores.type_agree}/{scores.matched}",
        "  by type (precision over predicted of the type, recall over gold of the type):",
        f"    {'':9}{'pred':>5}{'gold':>5}  {'span P':>7}{'R':>6}{'F1':>6}  "
        f"{'value P':>7}{'R':>6}{'F1':>6}",
    ]
    for t, ts in scores.by_type.items():
        a, b = ts.span, ts.value
        lines.append(
            f"    {t:9}{a.pred_total:5d}{a.gold_total:5d}  {100 * a.precision:7.1f}"
            f"{100 * a.recall:6.1f}{100 * a.f1:6.1f}  {100 * b.precision:7.1f}"
            f"{100 * b.recall:6.1f}{100 * b.f1:6.1f}"
        )
    lines.append(
        f"  documents without a usable dct: {scores.docs_without_dct}; "
        f"dct repaired: {scores.docs_dct_repaired}"
    )
    lines.append(f"  predict: {scores.ms_per_doc:.2f} ms/document; total {scores.seconds:.1f} s")
    if show_errors:
        lines.append(f"  first {show_errors} disagreements:")
        for e in scores.errors[:show_errors]:
            lines.append(
                f"    {e.doc_id:>8} {e.kind:8} {e.text!r}: gold {e.gold_type}/{e.gold_value} "
                f"pred {e.pred_type}/{e.pred_value}"
            )
    if "meantime" in Path(scores.gold_path).name.lower():
        lines.append(f"  Data: {CITATION}")
    return "\n".join(lines)
