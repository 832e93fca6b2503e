"""The bench's ceiling: two measurements bracketing the pipeline runs, pooled."""

from __future__ import annotations

import pytest

from pipeline.bench.results import Ceiling, pooled


def test_pooled_ceiling_is_all_articles_over_all_time_and_keeps_each_round() -> None:
    before = Ceiling(processes=2, articles=2000, words=600_000, wall_s=25.0, cpu_s=49.0,
                     machine_busy_s=50.0)  # fmt: skip
    after = Ceiling(processes=2, articles=2000, words=600_000, wall_s=20.0, cpu_s=39.0,
                    machine_busy_s=40.0)  # fmt: skip
    both = pooled(before, after)
    assert both.rounds == [80.0, 100.0]
    # not the mean of the two rates (90): the slower round weighs more, as its time does
    assert both.articles_per_s == pytest.approx(4000 / 45.0)
    assert both.words_per_s == pytest.approx(1_200_000 / 45.0)
    assert both.articles_per_cpu_s == pytest.approx(4000 / 88.0)
    assert both.others_cpu_s == pytest.approx(2.0)
    assert pooled(both, after).rounds == [80.0, 100.0, 100.0]
