"""`score --sensitivity N`: how stable each region's class is under other reasonable choices."""

from __future__ import annotations

import pytest
from conftest import REPO, Cli, Write

from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.inputs import load_statistics
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import ScoreResult
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
               borderline_share: 0.2}}
"""


def base(
    write: Write,
    *,
    spread: float = 0.5,
    geometric: float = 0.5,
    leave: float = 0.25,
    share: float = 1.0,
) -> tuple[ScoringModel, ScoreResult]:
    write("data.csv", DATA)
    path = write(
        "model.yaml",
        MODEL.format(spread=spread, geometric=geometric, leave=leave, share=share),
    )
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [])
    return model, score(model, statistics=tables)


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
    assert analysed.sensitivity is not None and analysed.sensitivity.runs == 400


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
    assert first == again
    assert [r.sensitivity for r in first.regions] != [r.sensitivity for r in other.regions]


def test_unclassified_regions_get_no_sensitivity_and_leaving_out_a_dimension_counts(
    write: Write,
) -> None:
    model, result = base(write, leave=1.0, share=0.5, spread=0, geometric=0)
    at14 = result.region("AT14")  # y is empty: one of two dimensions, enough with share 0.5
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
    assert "Stable" in run.out and "share of 100 runs (seed 7)" in run.out
    run = cli("score", responses, "--data", data, "--sensitivity", "-3")
    assert run.code == 2 and "the number of runs must be from 0 to 100000" in run.err
