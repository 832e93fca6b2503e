"""The part benchmarks run as `pipeline bench` subcommands and report what they measured."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.bench.corpus import default_data_dir
from pipeline.cli import app


def test_bench_alerts_agrees_with_the_naive_loop() -> None:
    result = CliRunner().invoke(
        app, ["bench", "alerts", "--rules", "60", "--passes", "1", "--repeat", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "same matches      : True" in result.output
    assert "rules             : 60 " in result.output


def test_bench_enrich_reports_both_sides() -> None:
    result = CliRunner().invoke(
        app, ["bench", "enrich", "--articles", "6", "--data-dir", str(default_data_dir())]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["articles"] == 6
    assert report["bare_spacy_articles_per_s"] > 0 and report["enricher_articles_per_s"] > 0


def test_bench_enrich_refuses_more_texts_than_it_has() -> None:
    result = CliRunner().invoke(
        app, ["bench", "enrich", "--articles", "100000", "--data-dir", str(default_data_dir())]
    )
    assert result.exit_code == 1
    assert "distinct texts" in result.output


def test_bench_stories_fills_the_window_and_reports() -> None:
    result = CliRunner().invoke(app, ["bench", "stories", "--articles", "400", "--extra", "50"])
    assert result.exit_code == 0, result.output
    assert "(* = timed with the window full: 400 articles live)" in result.output
    assert "duplicates marked" in result.output
