"""``pipeline bench --smoke`` completes against the session's local stack.

No timing thresholds: CI machines vary. It checks that every phase ran and
left its figures, report and chart, and that the bench cleaned up after itself.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from pipeline.bench.run import run_bench
from pipeline.settings import Settings
from tests.helpers import es_call

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

POSITIVE = (
    "throughput_ratio",
    "articles_per_s",
    "words_per_s",
    "ceiling_articles_per_s",
    "ceiling_words_per_s",
    "ceiling_1proc_articles_per_s",
    "ceiling_articles_per_cpu_s",
    "articles_per_worker_cpu_s",
    "cpu_ratio",
    "one_worker_articles_per_s",
    "two_worker_articles_per_s",
    "two_worker_speedup",
    "cpu_scaling_efficiency",
    "ceiling_cpu_scaling",
    "two_worker_speedup_bound",
    "speedup_share_of_bound",
    "offered_rate",
    "indexed_p50_s",
    "indexed_p99_s",
    "searchable_p50_s",
    "searchable_p99_s",
    "alert_p50_s",
    "alert_p99_s",
    "offered_rate_80",
    "searchable_p99_s_80",
    "peak_rss_mb",
    "bulk_docs_per_s",
)


def test_bench_smoke_completes(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "bench"
    summary = run_bench(settings, articles=60, workers=2, out=out, smoke=True)

    for key in POSITIVE:
        value = summary.get(key)
        assert isinstance(value, int | float), f"{key} missing: {value!r}"
        assert math.isfinite(value) and value > 0, f"{key} = {value}"
    assert summary["articles"] == 60
    assert summary["alerts_timed"] >= 1
    assert 0.1 < summary["duplicate_share"] < 0.3
    json.dumps(summary)  # the one JSON line the command prints

    report = out / "report.md"
    assert report.is_file() and "throughput_ratio" in report.read_text()
    png = out / "bench.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    async def bench_indices(client: Any) -> list[str]:
        resp = await client.indices.get(
            index=f"{settings.index_prefix}-bench-*", allow_no_indices=True
        )
        return list(resp)

    assert es_call(settings, bench_indices) == []  # every deployment cleaned up
