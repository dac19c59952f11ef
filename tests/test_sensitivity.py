"""`score --sensitivity N`: how stable each region's class is under other reasonable choices."""

from __future__ import annotations

import pytest
from conftest import REPO, Cli, Write

from s3engine.scoring.checks import load_model
from s3engine.scoring.inputs import load_statistics
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.region_scores import Scored, score_regions
from s3engine.scoring.sensitivity import analyse

# Two dimensions of one statistic each; AT11 is far from every threshold, AT12 right on one.
DATA = "geo,x,y\nAT11,95,90\nAT12,61,59\nAT13,20,30\nAT14,50,\n"
MODEL = """
id: two
version: "1"
title: Two dimensions
languages: [en]
default_language: en
min_dimension_share: {share}
sources:
  x: {{file: data.csv, format: wide, value: x}}
  y: {{file: data.csv, format: wide, value: y}}
dimensions:
  - id: dx
    label: X
    indicators:
      - {{id: x, label: X, statistic: x, normalise: {{method: goalposts, min: 0, max: 100}}}}
  - id: dy
    label: Y
    indicators:
      - {{id: y, label: Y, statistic: y, normalise: {{method: goalposts, min: 0, max: 100}}}}
classes:
  on_threshold: above
  levels:
    - {{id: advanced, label: Advanced, min: 60}}
    - {{id: convergence, label: Convergence, min: 40}}
    - {{id: less_advanced, label: Less advanced}}
sensitivity: {{weight_spread: {spread}, geometric_share: {geometric}, leave_one_out_share: {leave},
               borderline_share: 0.2, indicator_leave_out_share: {indicator},
               normalisations: {methods}, imputation: {imputation}}}
"""


def base(
    write: Write,
    *,
    spread: float = 0.5,
    geometric: float = 0.5,
    leave: float = 0.25,
    share: float = 1.0,
    indicator: float = 0.0,
    methods: str = "[]",
    imputation: str = "false",
    data: str = DATA,
) -> tuple[ScoringModel, Scored]:
    write("data.csv", data)
    path = write(
        "model.yaml",
        MODEL.format(
            spread=spread,
            geometric=geometric,
            leave=leave,
            share=share,
            indicator=indicator,
            methods=methods,
            imputation=imputation,
        ),
    )
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [])
    return model, score_regions(model, questionnaire=None, tally=None, statistics=tables)


def test_far_from_thresholds_is_stable_and_on_a_threshold_is_borderline(write: Write) -> None:
    model, result = base(write)
    analysed = analyse(model, result, runs=400, seed=3)
    at11 = analysed.region("AT11")
    at12 = analysed.region("AT12")
    assert at11 is not None and at11.sensitivity is not None
    assert at12 is not None and at12.sensitivity is not None
    assert at11.sensitivity.class_shares == {"advanced": 1.0}
    assert at11.sensitivity.stability == 1.0 and not at11.sensitivity.borderline
    assert (at11.sensitivity.rank_min, at11.sensitivity.rank_max) == (1, 1)
    # AT12 scores 61 and 59: its composite is 60, exactly on the threshold; any change of the
    # weights or the aggregation moves it to one side or the other.
    assert at12.composite == 60.0 and at12.class_id == "advanced"
    shares = at12.sensitivity.class_shares
    assert set(shares) == {"advanced", "convergence"}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert at12.sensitivity.borderline
    assert at12.sensitivity.stability == shares["advanced"] < 0.8
    # 400 runs asked for, three choices varied: a Saltelli design of 128 x (3 + 2) runs.
    settings = analysed.sensitivity
    assert settings is not None and settings.runs == 640 and settings.base_samples == 128
    assert [c.id for c in settings.choices] == ["weights", "aggregation", "dimension_left_out"]


def test_without_variation_every_run_gives_the_base_class(write: Write) -> None:
    model, result = base(write, spread=0, geometric=0, leave=0)
    analysed = analyse(model, result, runs=50, seed=1)
    for region in analysed.regions:
        if region.sensitivity is None:
            continue
        assert region.sensitivity.class_shares == {region.class_id: 1.0}
        assert region.sensitivity.rank_min == region.sensitivity.rank_max == region.rank


def test_the_same_seed_gives_the_same_result(write: Write) -> None:
    model, result = base(write)
    first = analyse(model, result, runs=200, seed=11)
    again = analyse(model, result, runs=200, seed=11)
    other = analyse(model, result, runs=200, seed=12)
    assert first.model_dump_json() == again.model_dump_json()
    assert [r.sensitivity for r in first.regions] != [r.sensitivity for r in other.regions]


def test_unclassified_regions_get_no_sensitivity_and_leaving_out_a_dimension_counts(
    write: Write,
) -> None:
    model, result = base(write, leave=1.0, share=0.5, spread=0, geometric=0)
    at14 = result.result.region("AT14")  # y is empty: one of two dimensions, enough with share 0.5
    assert at14 is not None and at14.class_id == "convergence" and at14.composite == 50.0
    analysed = analyse(model, result, runs=300, seed=5)
    at14 = analysed.region("AT14")
    assert at14 is not None and at14.sensitivity is not None
    # Every run leaves one dimension out: without dx, AT14 has no dimension left.
    shares = at14.sensitivity.class_shares
    assert set(shares) == {"convergence", "insufficient_evidence"}
    assert 0.35 < shares["insufficient_evidence"] < 0.65


def test_the_cli_shows_stability(cli: Cli) -> None:
    responses = REPO / "examples" / "responses"
    data = REPO / "examples" / "data" / "eurostat"
    run = cli("score", responses, "--data", data, "--sensitivity", "100", "--seed", "7")
    assert run.code == 0
    # Seven choices vary (the shipped model has survey and statistic indicators): 100 runs
    # are rounded up to a Saltelli design of 16 x (7 + 2).
    assert "Stable" in run.out and "share of 144 runs (seed 7)" in run.out
    assert "Sobol' total effects on the ranks:" in run.out
    run = cli("score", responses, "--data", data, "--sensitivity", "-3")
    assert run.code == 2 and "the number of runs must be from 0 to 100000" in run.err


def test_the_analysis_reproduces_the_result_when_nothing_varies(write: Write) -> None:
    """With every choice fixed, the one run is the model itself: each region's class and rank
    are those of the result (the vectorised runs compute what composite.py computes)."""
    model, scored = base(write, spread=0, geometric=0, leave=0)
    analysed = analyse(model, scored, runs=1000, seed=2)
    assert analysed.sensitivity is not None and analysed.sensitivity.runs == 1
    assert analysed.sensitivity.choices == [] and analysed.sensitivity.rank_indices == []
    for region in analysed.regions:
        if region.sensitivity is not None:
            assert region.sensitivity.class_shares == {region.class_id: 1.0}
            low, median, high = (
                region.sensitivity.rank_low,
                region.sensitivity.rank_median,
                region.sensitivity.rank_high,
            )
            assert low == median == high == region.rank


def test_sobol_indices_name_the_choice_that_moves_ranks_and_classes(write: Write) -> None:
    """Only the normalisation and the imputation vary; no value is missing, so imputation
    changes nothing (both its indices are 0), while min-max, z-scores and ranks instead of the
    goalposts move composites across thresholds."""
    model, scored = base(
        write,
        spread=0,
        geometric=0,
        leave=0,
        methods="[minmax, zscore, rank]",
        imputation="true",
        data="geo,x,y\nAT11,95,90\nAT12,61,59\nAT13,20,30\nAT14,50,52\nAT15,40,75\n",
    )
    analysed = analyse(model, scored, runs=2000, seed=4)
    settings = analysed.sensitivity
    assert settings is not None
    assert [c.id for c in settings.choices] == ["normalisation", "imputation"]
    assert settings.runs == 512 * 4  # 2000 runs: 512 x (2 + 2)
    by_choice = {i.choice: i for i in settings.class_indices}
    assert by_choice["imputation"].total == 0 and by_choice["imputation"].first_order == 0
    assert by_choice["normalisation"].total > 0.9
    assert by_choice["normalisation"].total_conf >= 0
    ranks = {i.choice: i for i in settings.rank_indices}
    assert ranks["normalisation"].total > 0.9 and ranks["imputation"].total == 0
    assert settings.mean_rank_shift is not None and settings.mean_rank_shift > 0
    # Each region's rank interval holds its median, and a region whose rank moves names the
    # choices that move it.
    moved = [r for r in analysed.regions if r.sensitivity and r.sensitivity.rank_effects]
    assert moved
    for region in analysed.regions:
        s = region.sensitivity
        assert s is not None and s.rank_low is not None and s.rank_high is not None
        assert s.rank_min <= s.rank_low <= (s.rank_median or 0) <= s.rank_high <= s.rank_max
    assert all(r.sensitivity.rank_effects["imputation"] == 0 for r in moved if r.sensitivity)


def test_imputation_fills_a_missing_indicator_of_a_covered_dimension(write: Write) -> None:
    """AT14 has x but not y2 (one of the two indicators of dimension dy): without imputation
    its dy is y1 alone; imputing y2's mean changes dy, so its class depends on imputation."""
    write("data.csv", "geo,x,y1,y2\nAT11,50,70,90\nAT12,50,70,90\nAT13,50,40,50\nAT14,52,60,\n")
    goalposts = "normalise: {method: goalposts, min: 0, max: 100}"
    text = (
        MODEL.format(
            spread=0, geometric=0, leave=0, share=1.0, indicator=0, methods="[]", imputation="true"
        )
        .replace(
            f"      - {{id: y, label: Y, statistic: y, {goalposts}}}",
            f"      - {{id: y1, label: Y1, statistic: y1, {goalposts}}}\n"
            f"      - {{id: y2, label: Y2, statistic: y2, {goalposts}}}",
        )
        .replace(
            "  y: {file: data.csv, format: wide, value: y}",
            "  y1: {file: data.csv, format: wide, value: y1}\n"
            "  y2: {file: data.csv, format: wide, value: y2}",
        )
    )
    path = write("model.yaml", text)
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [])
    scored = score_regions(model, questionnaire=None, tally=None, statistics=tables)
    at14 = scored.result.region("AT14")
    # dy = 60 (y1 alone): composite (52 + 60) / 2 = 56, convergence. With y2 imputed by the
    # mean of the others, (90 + 90 + 50) / 3 = 76.67: dy = 68.33, composite 60.17, advanced.
    assert at14 is not None and at14.composite == 56.0 and at14.class_id == "convergence"
    analysed = analyse(model, scored, runs=100, seed=1)
    region = analysed.region("AT14")
    assert region is not None and region.sensitivity is not None
    assert set(region.sensitivity.class_shares) == {"convergence", "advanced"}
    assert 0.3 < region.sensitivity.class_shares["advanced"] < 0.7


def test_effective_weights_show_what_drives_the_composite(write: Write) -> None:
    model, scored = base(write)
    analysed = analyse(model, scored, runs=100, seed=1)
    assert analysed.sensitivity is not None
    weights = {w.id: w for w in analysed.sensitivity.dimension_weights}
    assert weights["dx"].nominal == weights["dy"].nominal == 0.5
    effective = [w.effective for w in weights.values()]
    assert all(e is not None for e in effective)
    assert sum(e for e in effective if e is not None) == pytest.approx(1.0)
