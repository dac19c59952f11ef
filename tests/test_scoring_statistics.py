"""Scoring regional statistics: normalisation, thresholds, gates and missing data.

Models of statistics alone, with their data written inline; every expected value is worked
out by hand or with the standard library (statistics, math), not with s3engine.
"""

from __future__ import annotations

import csv
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli, Write

from s3engine.cli.render_score import warning_summary
from s3engine.core.findings import UsageError
from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.inputs import ScoreRequest, load_statistics, score_files
from s3engine.scoring.results import INSUFFICIENT, ScoreResult

# AT11 = 1, AT12 = 2, AT13 = 4, AT21 empty; EU27_2020 = 2 (a reference, never scored)
WIDE = """
geo,x
AT11,1
AT12,2
AT13,4
AT21,
EU27_2020,2
"""

HEAD = """
id: stats
version: "1"
title: Statistics
languages: [en]
default_language: en
min_coverage: {coverage}
sources:
  x: {{file: x.csv, format: wide, value: x}}
classes:
  on_threshold: {on_threshold}
  levels:
    - {{id: advanced, label: Advanced, min: 60}}
    - {{id: convergence, label: Convergence, min: 40}}
    - {{id: less_advanced, label: Less advanced}}
"""


def run(
    write: Write,
    indicators: str,
    *,
    data: str = WIDE,
    on_threshold: str = "above",
    coverage: float = 0.5,
    extra: str = "",
    **kwargs: Any,
) -> ScoreResult:
    write("data/x.csv", data)
    text = HEAD.format(on_threshold=on_threshold, coverage=coverage) + extra
    text += "dimensions:\n  - id: dim\n    label: Dimension\n    indicators:\n" + indicators
    path = write("model.yaml", text)
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
    return score(model, statistics=tables, **kwargs)


def normalised(result: ScoreResult, ind: str = "i") -> dict[str, float | None]:
    return {
        r.code: next(i.normalised for d in r.dimensions for i in d.indicators if i.id == ind)
        for r in result.regions
    }


def one(method: str, **options: Any) -> str:
    extra = "".join(f", {k}: {v}" for k, v in options.items())
    return f"      - {{id: i, label: I, statistic: x, normalise: {{method: {method}{extra}}}}}\n"


def test_every_region_of_the_data_is_scored_but_not_aggregates(write: Write) -> None:
    result = run(write, one("minmax"))
    assert [r.code for r in result.regions] == ["AT11", "AT12", "AT13", "AT21"]


def test_minmax_over_the_regions_scored(write: Write) -> None:
    result = run(write, one("minmax"))
    # min 1, max 4: (v - 1) / 3 x 100; AT21 is empty: missing, not 0
    assert normalised(result) == {
        "AT11": 0.0,
        "AT12": pytest.approx(33.333333),
        "AT13": 100.0,
        "AT21": None,
    }
    at21 = result.region("AT21")
    assert at21 is not None and at21.class_id == INSUFFICIENT
    assert any("empty value" in w for w in at21.warnings)


def test_goalposts_clamp(write: Write) -> None:
    result = run(write, one("goalposts", min=0, max=2))
    assert normalised(result) == {"AT11": 50.0, "AT12": 100.0, "AT13": 100.0, "AT21": None}


def test_zscore_against_the_standard_library(write: Write) -> None:
    result = run(write, one("zscore", limit=2))
    values = {"AT11": 1.0, "AT12": 2.0, "AT13": 4.0}
    mean = statistics.fmean(values.values())
    sd = statistics.pstdev(values.values())
    expected = {c: min(100, max(0, 50 + 50 * (v - mean) / sd / 2)) for c, v in values.items()}
    got = normalised(result)
    for code, value in expected.items():
        assert got[code] == pytest.approx(value, abs=1e-6)


def test_rank_shares_ties(write: Write) -> None:
    data = "geo,x\nAT11,1\nAT12,2\nAT13,2\nAT21,7\n"
    result = run(write, one("rank"), data=data)
    # ranks 1, 2.5, 2.5, 4 of 4: (rank - 1) / 3 x 100
    assert normalised(result) == {
        "AT11": 0.0,
        "AT12": 50.0,
        "AT13": 50.0,
        "AT21": 100.0,
    }


def test_ratio_to_an_aggregate_of_the_same_source(write: Write) -> None:
    result = run(write, one("ratio", reference_region="EU27_2020", full_at=2))
    # value / 2 / 2 x 100
    assert normalised(result) == {"AT11": 25.0, "AT12": 50.0, "AT13": 100.0, "AT21": None}
    info = next(i for i in result.regions[0].dimensions[0].indicators)
    assert "EU27_2020 (2" in (info.normalisation or "")


def test_ratio_to_a_fixed_value(write: Write) -> None:
    result = run(write, one("ratio", reference=4, full_at=1))
    assert normalised(result) == {"AT11": 25.0, "AT12": 50.0, "AT13": 100.0, "AT21": None}


def test_a_missing_reference_value_is_reported_not_guessed(write: Write) -> None:
    data = "geo,x\nAT11,1\nAT12,2\n"
    result = run(write, one("ratio", reference_region="EU27_2020"), data=data)
    assert normalised(result) == {"AT11": None, "AT12": None}
    assert any("EU27_2020 has no value" in w for w in result.warnings)


def test_winsorising_and_log(write: Write) -> None:
    indicators = (
        "      - {id: w, label: W, statistic: x, normalise: {method: minmax},"
        " winsorise: {lower: 0, upper: 0.6}}\n"
        "      - {id: l, label: L, statistic: x, normalise: {method: goalposts, min: 0, max: 3},"
        " log: true}\n"
        "      - {id: r, label: R, statistic: x, normalise: {method: minmax},"
        " direction: lower_is_better}\n"
    )
    result = run(write, indicators)
    # the 0.6 quantile of 1, 2, 4 lies 0.2 of the way from 2 to 4: 2.4; so 1, 2, 2.4 ->
    # min-max 0, 1 / 1.4 x 100 = 71.43, 100
    assert normalised(result, "w") == {
        "AT11": 0.0,
        "AT12": pytest.approx(100 / 1.4, abs=1e-6),
        "AT13": 100.0,
        "AT21": None,
    }
    # ln(1 + v) / ln(4) x 100: 50, 79.25, clamped 100
    logged = normalised(result, "l")
    assert logged["AT11"] == pytest.approx(math.log(2) / math.log(4) * 100, abs=1e-6)
    assert logged["AT12"] == pytest.approx(math.log(3) / math.log(4) * 100, abs=1e-6)
    assert logged["AT13"] == 100.0
    at12 = result.region("AT12")
    assert at12 is not None
    shown = next(i for i in at12.dimensions[0].indicators if i.id == "l")
    assert shown.raw == 2.0 and shown.transformed == pytest.approx(math.log(3), abs=1e-6)
    # lower is better: 100 - min-max
    assert normalised(result, "r") == {
        "AT11": 100.0,
        "AT12": pytest.approx(66.666667),
        "AT13": 0.0,
        "AT21": None,
    }


# -- thresholds ------------------------------------------------------------------------------

BOUNDARY = "geo,x\nAT11,60\nAT12,40\nAT13,59.999\nAT21,39.9\n"


@pytest.mark.parametrize(
    ("on_threshold", "expected"),
    [
        ("above", ["advanced", "convergence", "convergence", "less_advanced"]),
        ("below", ["convergence", "less_advanced", "convergence", "less_advanced"]),
    ],
)
def test_a_composite_exactly_on_a_threshold(
    write: Write, on_threshold: str, expected: list[str]
) -> None:
    result = run(write, one("goalposts", min=0, max=100), data=BOUNDARY, on_threshold=on_threshold)
    assert [r.composite for r in result.regions] == [60.0, 40.0, 59.999, 39.9]
    assert [r.class_id for r in result.regions] == expected


def test_a_threshold_reached_up_to_float_noise_counts(write: Write) -> None:
    # (0.1 + 0.2) x 100 is 30.000000000000004 in floating point; three indicators averaging
    # 59.9, 60 and 60.1 give 60.00000000000001: the composite is 60 and the region advanced.
    data = "geo,a,b,c\nAT11,59.9,60,60.1\n"
    write("data/x.csv", data)
    indicators = "".join(
        f"      - {{id: {c}, label: {c}, statistic: {{file: x.csv, format: wide, value: {c}}},"
        " normalise: {method: goalposts, min: 0, max: 100}}\n"
        for c in "abc"
    )
    text = (
        HEAD.format(on_threshold="above", coverage=0.5)
        .replace("  x: {file: x.csv, format: wide, value: x}", "  {}")
        .replace("sources:\n  {}\n", "")
    )
    text += "dimensions:\n  - id: dim\n    label: D\n    indicators:\n" + indicators
    path = write("model.yaml", text)
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
    result = score(model, statistics=tables)
    assert result.regions[0].composite == 60.0
    assert result.regions[0].class_id == "advanced"


# -- gates -----------------------------------------------------------------------------------

GATE = """
gates:
  - {id: cohesion, label: Less developed, indicator: i, below: 75, class: less_advanced}
"""


def test_a_gate_holds_a_region_at_a_class_and_says_so(write: Write) -> None:
    data = "geo,x\nAT11,74.99\nAT12,75\nAT13,100\n"
    result = run(write, one("goalposts", min=0, max=100), data=data, extra=GATE)
    classes = {r.code: (r.composite_class, r.class_id, r.gate) for r in result.regions}
    assert classes == {
        "AT11": ("advanced", "less_advanced", "cohesion"),  # 74.99 < 75: the gate fires
        "AT12": ("advanced", "advanced", None),  # 75 is not below 75
        "AT13": ("advanced", "advanced", None),
    }
    at11 = result.region("AT11")
    assert at11 is not None
    assert at11.gates[0].fired and at11.gates[0].changed_class and at11.gates[0].value == 74.99
    assert "holds it at less_advanced" in at11.class_reason
    # The composite already reaches the class above: no gap to close.
    assert at11.next_class == "convergence" and at11.gap_to_next is None
    assert result.gate_labels == {"cohesion": "Less developed"}


def test_a_gate_without_its_value_is_ignored_or_blocks_the_class(write: Write) -> None:
    data = "geo,x,y\nAT11,30,\nAT12,30,80\n"
    indicators = one("goalposts", min=0, max=100)
    gate = """
gates:
  - {id: g, label: G, source: y, below: 75, class: less_advanced, if_missing: MODE}
"""
    extra = "  y: {file: x.csv, format: wide, value: y}\n"
    head_extra = gate
    for mode, expected in (("ignore", "less_advanced"), ("insufficient_evidence", INSUFFICIENT)):
        write("data/x.csv", data)
        text = HEAD.format(on_threshold="above", coverage=0.5).replace(
            "sources:\n", "sources:\n" + extra
        )
        text += head_extra.replace("MODE", mode)
        text += "dimensions:\n  - id: dim\n    label: D\n    indicators:\n" + indicators
        path = write("model.yaml", text)
        model, model_path, _ = load_model(path)
        tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
        result = score(model, statistics=tables)
        at11 = result.region("AT11")
        assert at11 is not None
        assert at11.class_id == expected
        assert at11.gates[0].value is None and not at11.gates[0].fired
        assert any("gate g: y has no value" in w for w in at11.warnings)


# -- missing data in Eurostat files ----------------------------------------------------------

SHORT = """
freq,unit,geo,time,obs_value
A,PC,AT11,2020,1.5
A,PC,AT11,2021,1.7 e
A,PC,AT12,2020,2.0
A,PC,AT13,2021,: c
A,PC,AT21,2021,3
A,PC,EU27_2020,2021,2.2
"""


def test_missing_years_flags_and_empty_values_are_reported_never_zero(write: Write) -> None:
    write("data/x.csv", SHORT)
    text = HEAD.format(on_threshold="above", coverage=1).replace(
        "  x: {file: x.csv, format: wide, value: x}", "  x: {file: x.csv, year: 2021}"
    )
    text += "dimensions:\n  - id: dim\n    label: D\n    indicators:\n" + one(
        "goalposts", min=0, max=4
    )
    path = write("model.yaml", text)
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [str(path.parent / "data")])
    result = score(model, statistics=tables, regions=["AT11", "AT12", "AT13"])
    by = {r.code: r for r in result.regions}
    at11 = by["AT11"].dimensions[0].indicators[0]
    assert (at11.raw, at11.year, at11.flags, at11.normalised) == (1.7, "2021", ["e"], 42.5)
    assert "the 2021 value is flagged e (estimated)" in " ".join(by["AT11"].warnings)
    notes = {code: by[code].dimensions[0].indicators[0].note for code in ("AT12", "AT13")}
    assert notes == {
        "AT12": "no value in x.csv under the source's year rule",
        "AT13": "empty value in x.csv for 2021, flagged c (confidential)",
    }
    for code in ("AT12", "AT13"):
        assert by[code].dimensions[0].indicators[0].normalised is None
        assert by[code].class_id == INSUFFICIENT
    # The warnings about single regions, by kind, for the summary under the table.
    kinds = {k.kind: (k.count, k.regions) for k in result.region_warnings}
    assert kinds["no_value_for_year"] == (1, ["AT12"])
    assert kinds["confidential"] == (1, ["AT13"])
    assert kinds["flagged"] == (1, ["AT11"])
    assert warning_summary(result)[0].startswith("5 warnings about single regions (")
    one_warning = score(model, statistics=tables, regions=["AT11"])
    assert warning_summary(one_warning)[0] == (
        "1 warning about a single region (--explain REGION lists it):"
    )
    # A code found nowhere is a typo, not a region without data.
    with pytest.raises(UsageError, match="AT14 is neither in the responses nor in the data"):
        score(model, statistics=tables, regions=["AT11", "AT14"])


def test_a_data_file_the_model_needs_must_be_given(write: Write, cli: Cli) -> None:
    path = write(
        "model.yaml",
        HEAD.format(on_threshold="above", coverage=0.5)
        + "dimensions:\n  - id: dim\n    label: D\n    indicators:\n"
        + one("minmax"),
    )
    run_ = cli("score", "--model", path)
    assert run_.code == 1
    assert "the source 'x' needs the file x.csv: give it with --data FILE" in run_.err
    elsewhere = write("elsewhere/renamed.csv", WIDE)
    bound = cli("score", "--model", path, "--data", f"x={elsewhere}", "--format", "csv")
    assert bound.code == 0, bound.output
    assert bound.out.splitlines()[1].startswith("AT11,Burgenland,less_advanced")
    unknown = cli("score", "--model", path, "--data", f"gerd={elsewhere}")
    assert unknown.code == 2
    assert "--data gerd=FILE: the model has no source 'gerd' (sources: x)" in unknown.err


# -- the real Eurostat extracts, against an independent reading of the CSV files -------------

EUROSTAT = REPO / "examples" / "data" / "eurostat"

CAPACITY = """
id: capacity
version: "1"
title: Regional capacity
languages: [en]
default_language: en
min_coverage: 0.6
sources:
  gdp: {file: gdp_pps_per_head_pct_eu.csv, filters: {unit: PPS_HAB_EU27_2020}}
  gerd: {file: tgs00042_gerd_pct_gdp.csv, filters: {sectperf: TOTAL, unit: PC_GDP}, year: 2019}
  tertiary:
    file: tgs00109_tertiary_education.csv
    filters: {sex: T, age: Y25-64, isced11: ED5-8}
    year: {mean: [2021, 2023]}
dimensions:
  - id: capacity
    label: Capacity
    indicators:
      - id: gdp
        label: GDP
        statistic: gdp
        normalise: {method: ratio, reference_region: EU27_2020, full_at: 1.5}
      - {id: gerd, label: GERD, statistic: gerd, normalise: {method: goalposts, min: 0, max: 4}}
      - {id: tertiary, label: Tertiary, statistic: tertiary, normalise: {method: minmax}}
classes:
  on_threshold: above
  levels:
    - {id: advanced, label: Advanced, min: 60}
    - {id: convergence, label: Convergence, min: 40}
    - {id: less_advanced, label: Less advanced}
gates:
  - {id: cohesion, label: Less developed, indicator: gdp, below: 75, class: less_advanced}
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _independent() -> dict[str, tuple[str, float | None]]:
    """Class and composite of every region, read and computed without s3engine."""
    gdp: dict[str, tuple[int, float]] = {}
    for row in _rows(EUROSTAT / "gdp_pps_per_head_pct_eu.csv"):
        year, value = int(row["time"]), float(row["obs_value"])
        if row["geo"] not in gdp or year > gdp[row["geo"]][0]:
            gdp[row["geo"]] = (year, value)
    eu = gdp.pop("EU27_2020")[1]
    gerd = {
        row["geo"]: float(row["OBS_VALUE"])
        for row in _rows(EUROSTAT / "tgs00042_gerd_pct_gdp.csv")
        if row["TIME_PERIOD"] == "2019" and row["OBS_VALUE"]
    }
    years: dict[str, list[float]] = {}
    for row in _rows(EUROSTAT / "tgs00109_tertiary_education.csv"):
        if 2021 <= int(row["TIME_PERIOD"]) <= 2023 and row["OBS_VALUE"] and row["sex"] == "T":
            years.setdefault(row["geo"], []).append(float(row["OBS_VALUE"]))
    tertiary = {geo: sum(v) / len(v) for geo, v in years.items()}
    low, high = min(tertiary.values()), max(tertiary.values())
    out: dict[str, tuple[str, float | None]] = {}
    for geo in sorted(set(gdp) | set(gerd) | set(tertiary)):
        scores = []
        if geo in gdp:
            scores.append(min(100.0, gdp[geo][1] / eu / 1.5 * 100))
        if geo in gerd:
            scores.append(min(100.0, max(0.0, gerd[geo] / 4 * 100)))
        if geo in tertiary:
            scores.append((tertiary[geo] - low) / (high - low) * 100)
        if len(scores) / 3 < 0.6:
            out[geo] = (INSUFFICIENT, None)
            continue
        composite = sum(scores) / len(scores)
        cls = (
            "advanced"
            if composite >= 60
            else "convergence"
            if composite >= 40
            else ("less_advanced")
        )
        if geo in gdp and gdp[geo][1] < 75:
            cls = "less_advanced"
        out[geo] = (cls, composite)
    return out


def test_real_eurostat_extracts_against_an_independent_computation(write: Write) -> None:
    path = write("capacity.yaml", CAPACITY)
    outcome = score_files(ScoreRequest(model=str(path), data=[str(EUROSTAT)]))
    expected = _independent()
    got = {r.code: (r.class_id, r.composite) for r in outcome.result.regions}
    assert set(got) == set(expected)
    for code, (cls, composite) in expected.items():
        assert got[code][0] == cls, code
        if composite is None:
            assert got[code][1] is None
        else:
            assert got[code][1] == pytest.approx(composite, abs=1e-5), code
    # Regions a source lacks are named, never scored as zero.
    de1 = outcome.result.region("DE1")
    assert de1 is not None
    assert "gerd: DE1 is not in tgs00042_gerd_pct_gdp.csv" in de1.warnings
    ch02 = outcome.result.region("CH02")
    assert ch02 is not None
    gdp = ch02.dimensions[0].indicators[0]
    assert gdp.year == "2019"  # Switzerland's latest GDP figure in the extract
