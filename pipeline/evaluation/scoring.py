"""Counts behind precision and recall, shared by every evaluation."""

from __future__ import annotations

from dataclasses import dataclass


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
