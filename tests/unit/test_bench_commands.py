"""The part benchmarks run as `pipeline bench` subcommands and report what they measured."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.bench.corpus import default_data_dir
from pipeline.bench.hostile_cases import CASES
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


def test_bench_hostile_counts_every_case_and_loses_none() -> None:
    result = CliRunner().invoke(app, ["bench", "hostile", "--seeds", "1", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sum(r["cases"] for r in rows.values()) == len(CASES)
    assert {kind: (r["crashes"], r["lost"]) for kind, r in rows.items()} == {
        kind: (0, 0) for kind in rows
    }


def test_bench_hostile_prints_the_readme_table() -> None:
    result = CliRunner().invoke(app, ["bench", "hostile", "--seeds", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("| class | cases | crashes | stalls > 100 ms | items lost")


def test_bench_desk_refuses_an_unknown_mode_before_starting_anything() -> None:
    result = CliRunner().invoke(app, ["bench", "desk", "--modes", "poll,websocket"])
    assert result.exit_code == 2
    assert "poll and/or sse" in result.output


def test_bench_latency_variants_are_settings_changes() -> None:
    from pipeline.bench.latency import parse_variant
    from pipeline.errors import FatalError

    assert parse_variant("") == {}
    assert parse_variant("stage_within=0.03, enrich_within=0.02") == {
        "stage_within": "0.03",
        "enrich_within": "0.02",
    }
    for bad in ("stage_within", "no_such_knob=1", "enrich_batch=8,enrich_batch=4", "=3"):
        try:
            parse_variant(bad)
        except FatalError as exc:
            assert repr(bad) in str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_bench_latency_refuses_a_bad_variant_before_any_deployment() -> None:
    result = CliRunner().invoke(
        app, ["bench", "latency", "--rate", "5", "--variant", "stage_within=-1"]
    )
    assert result.exit_code != 0
    assert "stage_within" in result.output
