"""Counts behind precision and recall, shared by every evaluation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class PRF:
    """Counts behind one precision/recall pair, kept so that scores can be summed."""

    pred_correct: int
    pred_total: int
    gold_found: int
    gold_total: int

    @property
    def precision(self) -> float:
        return self.pred_correct / self.pred_total if self.pred_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def gold_lines(gold_path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) of a JSON-lines gold file; blank lines skipped."""
    with Path(gold_path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{gold_path}:{n}: not JSON: {exc}") from exc


def scored_end(text: str, lines: int | None) -> int:
    """Offset where the first ``lines`` lines of ``text`` end (the annotated region)."""
    if lines is None:
        return len(text)
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end
