"""`s3engine audit`: the coherence of a model on its data, as a table, JSON and HTML.

Expected figures are computed here with the standard library (statistics.correlation, the
textbook formula of Cronbach's alpha), not with the code under test.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write

from s3engine.scoring.audit import audit
from s3engine.scoring.checks import load_model
from s3engine.scoring.inputs import load_statistics
from s3engine.scoring.region_scores import score_regions

# a, b and c measure one thing (c a little less); d runs the other way; e is missing in AT15.
DATA = """\
geo,a,b,c,d,e
AT11,10,12,20,90,50
AT12,30,28,25,70,55
AT13,50,55,60,40,40
AT14,70,68,50,30,65
AT15,90,95,85,10,
"""
GOAL = "normalise: {method: goalposts, min: 0, max: 100}"
MODEL = f"""\
id: audited
version: "1"
title: Audited
languages: [en]
default_language: en
min_coverage: 0.5
min_dimension_share: 1
sources:
  a: {{file: data.csv, format: wide, value: a}}
  b: {{file: data.csv, format: wide, value: b}}
  c: {{file: data.csv, format: wide, value: c}}
  d: {{file: data.csv, format: wide, value: d}}
  e: {{file: data.csv, format: wide, value: e}}
dimensions:
  - id: one
    label: One thing
    indicators:
      - {{id: a, label: A, statistic: a, {GOAL}}}
      - {{id: b, label: B, statistic: b, {GOAL}}}
      - {{id: c, label: C, statistic: c, {GOAL}}}
  - id: mixed
    label: "Mixed <things>"
    indicators:
      - {{id: d, label: D, statistic: d, {GOAL}}}
      - {{id: e, label: E, statistic: e, {GOAL}}}
classes:
  on_threshold: above
  levels:
    - {{id: high, label: High, min: 60}}
    - {{id: low, label: Low}}
"""
COLUMNS = {
    "a": [10, 30, 50, 70, 90],
    "b": [12, 28, 55, 68, 95],
    "c": [20, 25, 60, 50, 85],
    "d": [90, 70, 40, 30, 10],
}


def setup(write: Write) -> Path:
    write("data.csv", DATA)
    return write("model.yaml", MODEL)


def alpha(columns: list[list[float]]) -> float:
    k = len(columns)
    totals = [sum(values) for values in zip(*columns, strict=True)]
    items = sum(statistics.variance(c) for c in columns)
    return k / (k - 1) * (1 - items / statistics.variance(totals))


def test_coherence_figures_match_the_textbook_formulas(write: Write) -> None:
    path = setup(write)
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [])
    result = score_regions(model, questionnaire=None, tally=None, statistics=tables).result
    report = audit(model, result, min_data_share=0.9)
    one, mixed = report.dimensions
    expected = alpha([COLUMNS["a"], COLUMNS["b"], COLUMNS["c"]])
    assert one.cronbach_alpha == pytest.approx(expected, abs=1e-4)
    assert one.regions == 5 and mixed.regions == 4
    assert one.first_component_share is not None and one.first_component_share > 0.9
    by = {i.id: i for i in report.indicators}
    assert by["a"].with_dimension is not None
    one_scores = [r.dimensions[0].score for r in result.regions]
    assert by["a"].with_dimension == pytest.approx(
        statistics.correlation(COLUMNS["a"], [s for s in one_scores if s is not None]), abs=1e-4
    )
    # d runs against e and against the composite: flagged within its dimension? e has only
    # four values, so the dimension follows d; against the composite d is negative.
    assert by["d"].with_composite is not None and by["d"].with_composite < 0
    assert by["e"].availability == 0.8 and by["a"].availability == 1.0
    negative = [i.id for i in report.indicators if i.negative]
    assert all((by[i].with_dimension or 0) < 0 for i in negative)
    # Spearman on ranks: a and b have the same order, so their rho is 1.
    ids = report.indicator_correlations.ids
    assert report.indicator_correlations.spearman[ids.index("a")][ids.index("b")] == 1.0
    pearson_ab = report.indicator_correlations.pearson[ids.index("a")][ids.index("b")]
    assert pearson_ab == pytest.approx(statistics.correlation(COLUMNS["a"], COLUMNS["b"]), abs=1e-4)
    # AT15 lacks e: 4 of 5 indicators, below 0.9.
    assert [r.code for r in report.regions_short_of_data] == ["AT15"]
    assert report.regions_short_of_data[0].missing == ["e"]
    assert sum(w.nominal for w in report.dimension_weights) == pytest.approx(1.0)
    assert any("AT15" in line for line in report.findings)


def test_the_command_writes_a_table_json_and_an_html_report(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = setup(write)
    table = cli("audit", "--model", path, "--data", path.parent, "--sensitivity", "64")
    assert table.code == 0, table.output
    assert "Coherence of the dimensions" in table.out and "Cronbach" not in table.err
    assert "Sobol' total effects on the ranks" in table.out
    data = cli("audit", "--model", path, "--data", path.parent, "--format", "json", "--seed", "3")
    report = json.loads(data.out)
    assert {d["id"] for d in report["dimensions"]} == {"one", "mixed"}
    assert report["sensitivity"]["runs"] >= 1000 and report["sensitivity"]["seed"] == 3
    again = cli("audit", "--model", path, "--data", path.parent, "--format", "json", "--seed", "3")
    assert again.out == data.out  # the same seed, byte for byte
    out = tmp_path / "audit.html"
    html = cli("audit", "--model", path, "--data", path.parent, "--format", "html", "--out", out)
    assert html.code == 0 and "wrote" in html.out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert 'class="heat"' in page and "background:rgb(" in page
    assert "Mixed &lt;things&gt;" in page and "<things>" not in page
    bad = cli("audit", "--model", path, "--data", path.parent, "--min-data-share", "2")
    assert bad.code == 2 and "--min-data-share must be from 0 to 1" in bad.err


def test_the_shipped_model_on_the_examples(cli: Cli) -> None:
    """The worked audit of docs/method-audit.md: regional_capacity is the least coherent
    dimension, and cluster_portfolio barely moves the composite."""
    run = cli(
        "audit",
        REPO / "examples" / "responses",
        "--data",
        REPO / "examples" / "data" / "eurostat",
        "--format",
        "json",
        "--sensitivity",
        "0",
    )
    assert run.code == 0
    report = json.loads(run.out)
    alphas = {d["id"]: d["cronbach_alpha"] for d in report["dimensions"]}
    assert min(alphas, key=lambda k: alphas[k]) == "regional_capacity"
    weights = {w["id"]: w for w in report["dimension_weights"]}
    assert (
        weights["cluster_portfolio"]["effective"] < 0.05 < weights["cluster_portfolio"]["nominal"]
    )
    assert report["sensitivity"] is None
