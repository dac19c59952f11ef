"""A region's statistic from the regions within it, when the model's source asks for it.

Eurostat publishes R&D expenditure for NUTS-2 regions only: a German Land (NUTS-1) has no
row. With `children:` the Land gets the mean of its NUTS-2 regions, labelled as aggregated;
without it, or when a child lacks a value, it has none (never zero). Expected values are
worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write

from s3engine.core.findings import UsageError
from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.inputs import load_statistics
from s3engine.scoring.results import IndicatorScore, ScoreResult

#: DE1 has no row of its own; its children DE11 = 4, DE12 = 2; DE2's child DE21 is empty;
#: AT31 has its own value. Population weights: DE11 = 3, DE12 = 1.
DATA = """
geo,rd,pop
DE11,4,3
DE12,2,1
DE21,,5
DE2,,
AT31,3,2
"""

MODEL = """
id: stats
version: "1"
title: Statistics
languages: [en]
default_language: en
sources:
  rd: {{file: x.csv, format: wide, value: rd{children}}}
  pop: {{file: x.csv, format: wide, value: pop}}
classes:
  on_threshold: above
  levels:
    - {{id: advanced, label: Advanced, min: 60}}
    - {{id: other, label: Other}}
dimensions:
  - id: dim
    label: Dimension
    indicators:
      - {{id: rd, label: R&D, statistic: rd, normalise: {{method: goalposts, min: 0, max: 4}}}}
"""


def _run(write: Write, children: str = "") -> ScoreResult:
    write("data/x.csv", DATA)
    path = write("model.yaml", MODEL.format(children=children))
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
    return score(model, statistics=tables, regions=["AT31", "DE1", "DE2"])


def _indicator(result: ScoreResult, code: str) -> IndicatorScore:
    region = next(r for r in result.regions if r.code == code)
    return region.dimensions[0].indicators[0]


def test_without_the_rule_a_region_the_file_lacks_is_unknown(write: Write) -> None:
    with pytest.raises(UsageError, match="DE1 is neither in the responses nor in the data"):
        _run(write)


def test_a_region_gets_the_mean_of_its_children_labelled_as_aggregated(write: Write) -> None:
    result = _run(write, ", children: {method: mean}")
    de1 = _indicator(result, "DE1")
    assert de1.raw == 3.0  # (4 + 2) / 2
    assert de1.normalised == 75.0
    assert de1.aggregated_from == ["DE11", "DE12"]
    assert (
        de1.note == "aggregated: the mean of the 2 NUTS-2 regions within DE1 in x.csv (DE11, DE12)"
    )
    at31 = _indicator(result, "AT31")  # a region with a value of its own keeps it
    assert at31.raw == 3.0 and at31.aggregated_from == [] and at31.note is None


def test_a_weighted_mean_uses_the_other_source(write: Write) -> None:
    result = _run(write, ", children: {method: weighted, weight: pop}")
    de1 = _indicator(result, "DE1")
    assert de1.raw == 3.5  # (4 x 3 + 2 x 1) / 4
    assert de1.note is not None and "weighted mean of the 2 NUTS-2 regions" in de1.note


def test_a_child_without_a_value_leaves_the_region_without_one(write: Write) -> None:
    result = _run(write, ", children: {method: mean}")
    de2 = _indicator(result, "DE2")  # DE2 is in the file but empty: its own row counts
    assert de2.raw is None
    write("data/x.csv", DATA.replace("DE2,,\n", ""))
    path = write("model.yaml", MODEL.format(children=", children: {method: mean}"))
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
    de2 = _indicator(score(model, statistics=tables, regions=["DE2"]), "DE2")
    assert de2.raw is None and de2.aggregated_from == []
    assert de2.note == (
        "DE2 is not in x.csv, and DE21 of the NUTS-2 regions within it have no value there "
        "(or no weight), so no aggregate is taken"
    )


def test_a_weight_that_names_no_source_is_refused_at_its_place(cli: Cli, write: Write) -> None:
    write("data/x.csv", DATA)
    path = write(
        "model.yaml", MODEL.format(children=", children: {method: weighted, weight: popp}")
    )
    run = cli("check", path)
    assert run.code == 1
    assert "sources.rd.children.weight" in run.out and "'pop'" in run.out
    path = write("model.yaml", MODEL.format(children=", children: {method: weighted}"))
    run = cli("check", path)
    assert run.code == 1 and "give 'weight'" in run.out


def test_the_german_laender_get_their_research_statistics_from_their_nuts2_regions(
    cli: Cli, tmp_path: Path
) -> None:
    """The shipped model on the shipped data: DE1 and DE2 have a regional capacity score."""
    out = tmp_path / "scores.json"
    data = REPO / "examples" / "data" / "eurostat"
    args = ("--data", data, "--format", "json", "--out", out, "--region", "DE1")
    assert cli("score", REPO / "examples" / "responses", *args).code == 0
    (region,) = json.loads(out.read_text(encoding="utf-8"))["regions"]
    capacity = next(d for d in region["dimensions"] if d["id"] == "regional_capacity")
    assert capacity["score"] is not None
    gerd = next(i for i in capacity["indicators"] if i["id"] == "gerd_pct_gdp")
    assert gerd["aggregated_from"] == ["DE11", "DE12", "DE13", "DE14"]
    assert gerd["note"].startswith("aggregated: the mean of the 4 NUTS-2 regions within DE1")
