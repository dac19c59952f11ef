"""Scoring EU regions from Eurostat downloads, without silent traps.

Each test writes a small file with the trap a full download holds (real Eurostat rows where
the trap is in the shipped extracts, synthetic rows otherwise: extra-regio codes, NUTS
versions mixed, subsets, typos, mixed levels, years missing from a mean, warnings by kind,
values clamped) and checks that the trap is either handled or named in one clear message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, Cli, Write

from s3engine.core.findings import UsageError
from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.explain import explain
from s3engine.scoring.inputs import load_statistics
from s3engine.scoring.results import ScoreResult
from s3engine.statistics.nuts import nuts_table
from s3engine.statistics.sources import is_extra_regio, is_region

EXAMPLES = REPO / "examples" / "data" / "eurostat"

# GERD, % of GDP, in Eurostat's short layout. BEZZ (extra-regio) has 0: left in, it would be
# the floor of min-max and push every real region up.
GERD = """\
freq,unit,geo,time,obs_value
A,PC_GDP,BE10,2021,1.9
A,PC_GDP,BE21,2021,3.4
A,PC_GDP,BEZZ,2021,0
A,PC_GDP,DEA4,2021,1.3
A,PC_GDP,ES11,2021,0.9
A,PC_GDP,AT11,2021,0.8
A,PC_GDP,AT12,2021,1.1
"""

MODEL = """\
id: capacity
version: "1"
title: Capacity
languages: [en]
default_language: en
{extra}
sources:
  gerd: {{file: gerd.csv, filters: {{unit: PC_GDP}}{year}}}
dimensions:
  - id: research
    label: Research
    indicators:
      - {{id: gerd, label: GERD, statistic: gerd, normalise: {{method: {method}}}}}
classes:
  on_threshold: above
  levels:
    - {{id: advanced, label: Advanced, min: 50}}
    - {{id: convergence, label: Convergence, min: 20}}
    - {{id: less_advanced, label: Less advanced}}
"""


def scored(
    write: Write,
    data: str = GERD,
    *,
    method: str = "minmax",
    year: str = "",
    extra: str = "",
    regions: list[str] | None = None,
    nuts_version: int | None = None,
) -> ScoreResult:
    write("gerd.csv", data)
    path = write("model.yaml", MODEL.format(method=method, year=year, extra=extra))
    model, model_path, _ = load_model(path)
    tables, _ = load_statistics(model, model_path, [], nuts_version)
    return score(model, statistics=tables, regions=regions, nuts_version=nuts_version)


def composites(result: ScoreResult) -> dict[str, float | None]:
    return {r.code: r.composite for r in result.regions}


def test_extra_regio_codes_are_never_regions_and_the_left_out_ones_are_named(
    write: Write,
) -> None:
    assert is_extra_regio("BEZZ") and is_extra_regio("dez") and is_extra_regio("ITZZZ")
    assert not is_extra_regio("CZ01") and not is_extra_regio("CZ") and is_region("CZ01")
    result = scored(write)
    assert "BEZZ" not in composites(result)
    assert any("1 extra-regio codes left out (BEZZ)" in w for w in result.warnings)
    # min-max runs from the lowest region, AT11 (0.8), not from BEZZ's 0: DEA4 scores
    # (1.3 - 0.8) / (3.4 - 0.8) x 100 = 19.23, less advanced; with BEZZ it would be 38.2.
    assert composites(result)["DEA4"] == pytest.approx(19.230769)
    dea4 = result.region("DEA4")
    assert dea4 is not None and dea4.class_id == "less_advanced"
    with pytest.raises(UsageError, match="BEZZ: an extra-regio code"):
        scored(write, regions=["BE10", "BEZZ"])


def test_a_subset_is_normalised_against_every_region_of_the_data(write: Write) -> None:
    """--regions AT11 used to score AT11 as the only region ("all equal", 50)."""
    every = composites(scored(write))
    alone = scored(write, regions=["AT11"])
    assert composites(alone) == {"AT11": every["AT11"]} == {"AT11": 0.0}
    indicator = alone.regions[0].dimensions[0].indicators[0]
    assert indicator.normalisation is not None and "over 6 regions" in indicator.normalisation
    for method in ("zscore", "rank"):
        assert composites(scored(write, method=method, regions=["ES11", "DEA4"])) == {
            code: value
            for code, value in composites(scored(write, method=method)).items()
            if code in ("ES11", "DEA4")
        }


def test_a_typo_in_regions_is_an_error_with_the_nearest_code(cli: Cli, write: Write) -> None:
    write("gerd.csv", GERD)
    path = write("model.yaml", MODEL.format(method="minmax", year="", extra=""))
    run = cli("score", "--model", path, "--data", path.parent, "--regions", "AT11,AT1l")
    assert run.code == 2
    assert "AT1L is neither in the responses nor in the data (did you mean AT11?)" in run.err
    assert "insufficient" not in run.out


def test_mixed_nuts_levels_are_named_or_filtered_by_the_model(write: Write) -> None:
    data = GERD + "A,PC_GDP,DE,2021,3.1\nA,PC_GDP,DEA,2021,2.2\nA,PC_GDP,AT1,2021,0.9\n"
    mixed = scored(write, data)
    assert any(
        "NUTS levels 0, 1, 2 and are ranked together (for example DE, AT1, AT11)" in w
        for w in mixed.warnings
    )
    level2 = scored(write, data, extra="nuts_level: 2")
    assert "DE" not in composites(level2) and "DEA" not in composites(level2)
    assert not any("ranked together" in w for w in level2.warnings)
    # At level 2 the country and NUTS-1 values do not enter min-max either.
    assert composites(level2) == composites(scored(write))


def test_nuts_versions_mixed_are_reported_once_per_source_and_recoded_on_request(
    write: Write,
) -> None:
    table = nuts_table()
    assert table.versions_of("HR04") == (2013, 2016)
    assert table.versions_of("HR02") == (2021, 2024)
    assert table.recode("FR24", 2021) == "FRB0" and table.recode("HR04", 2021) is None
    assert table.recode("NL33", 2024) == "NL36" and table.recode("PT16", 2024) is None
    # GERD for 2019 in the codes of its time: FR24 (NUTS 2013) and HR04 (NUTS 2016), beside
    # regions that kept their codes.
    data = (
        "freq,unit,geo,time,obs_value\n"
        "A,PC_GDP,FR24,2019,2.1\nA,PC_GDP,HR03,2019,0.6\nA,PC_GDP,HR04,2019,1.4\n"
        "A,PC_GDP,FRC2,2019,1.5\nA,PC_GDP,AT11,2019,0.8\nA,PC_GDP,AT12,2019,1.1\n"
        "A,PC_GDP,HR05,2021,2.0\n"
    )
    plain = scored(write, data)
    mixed = [w for w in plain.warnings if "not codes of NUTS" in w]
    # The other codes are codes of NUTS 2021 and of 2024: the newest is taken.
    assert len(mixed) == 1
    assert mixed[0].startswith("gerd.csv: 2 region codes are not codes of NUTS 2024")
    assert "FR24 (NUTS 2013)" in mixed[0] and "HR04 (NUTS 2013-2016)" in mixed[0]
    assert "1 of them map one-to-one onto NUTS 2024 regions (FR24 -> FRB0)" in mixed[0]
    assert "--nuts-version 2024" in mixed[0]
    recoded = scored(write, data, nuts_version=2021)
    assert "FRB0" in composites(recoded) and "FR24" not in composites(recoded)
    assert any("1 region codes recoded to NUTS 2021: FR24 -> FRB0" in w for w in recoded.warnings)
    left = [w for w in recoded.warnings if "no one-to-one counterpart in NUTS 2021" in w]
    assert left == [
        "gerd.csv: 1 region codes have no one-to-one counterpart in NUTS 2021 (their "
        "boundaries changed) and keep their code: HR04 (NUTS 2013-2016)"
    ]


def test_real_extracts_use_one_nuts_version(write: Write) -> None:
    model, model_path, _ = load_model(REPO / "scoring" / "s3-stress-test.yaml")
    tables, _ = load_statistics(model, model_path, [str(EXAMPLES)])
    table = nuts_table()
    for source in tables.values():
        codes = [c for c in source.values if is_region(c) and c != "CH02"]
        assert codes and all(2021 in table.versions_of(c) for c in codes), source.file
    # FRC2 (Franche-Comte) and SI03 exist since NUTS 2016: FR43 and SI01 before.
    assert table.versions_of("FRC2") == (2016, 2021, 2024)
    assert table.recode("FRC2", 2013) == "FR43"


def test_a_mean_of_years_needs_min_years_and_explains_each_year(write: Write) -> None:
    data = (
        "freq,unit,geo,time,obs_value\n"
        "A,PC_GDP,AT11,2019,1.0\nA,PC_GDP,AT11,2020,1.2\nA,PC_GDP,AT11,2021,1.4\n"
        "A,PC_GDP,AT12,2019,2.0\nA,PC_GDP,AT12,2021,: c\n"
        "A,PC_GDP,AT13,2020,3.0\nA,PC_GDP,AT13,2021,3.0\n"
    )
    result = scored(
        write,
        data,
        method="goalposts, min: 0, max: 4",
        year=", year: {mean: [2019, 2021], min_years: 2}",
    )
    by = {r.code: r.dimensions[0].indicators[0] for r in result.regions}
    assert by["AT11"].raw == pytest.approx(1.2) and by["AT11"].yearly == {
        "2019": 1.0,
        "2020": 1.2,
        "2021": 1.4,
    }
    assert by["AT12"].raw is None and by["AT12"].note == (
        "only 1 of the years 2019-2021 have a value in gerd.csv (2019); the source needs 2"
    )
    assert by["AT12"].yearly == {"2019": 2.0, "2021": None}
    assert by["AT13"].raw == pytest.approx(3.0)
    kinds = {k.kind: k.regions for k in result.region_warnings}
    assert kinds["too_few_years"] == ["AT12"]
    explanation = explain(result, "AT11")
    assert explanation.dimensions[0].indicators[0].yearly == {"2019": 1.0, "2020": 1.2, "2021": 1.4}


def test_the_explanation_shows_yearly_values_and_the_table_sums_warnings_up(
    cli: Cli, write: Write
) -> None:
    data = (
        "STRUCTURE,STRUCTURE_ID,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
        "dataflow,ESTAT:X(1.0),A,PC_GDP,AT11,2020,1.2,,\n"
        "dataflow,ESTAT:X(1.0),A,PC_GDP,AT11,2021,1.4,e,\n"
        "dataflow,ESTAT:X(1.0),A,PC_GDP,AT12,2020,,,C\n"
        "dataflow,ESTAT:X(1.0),A,PC_GDP,AT12,2021,,,C\n"
        "dataflow,ESTAT:X(1.0),A,PC_GDP,AT13,2021,2.2,,\n"
    )
    write("gerd.csv", data)
    path = write(
        "model.yaml",
        MODEL.format(
            method="goalposts, min: 0, max: 4", year=", year: {mean: [2020, 2021]}", extra=""
        ),
    )
    shown = cli("score", "--model", path, "--data", path.parent, "--explain", "AT11")
    assert shown.code == 0
    assert "gerd: yearly values 2020 1.20, 2021 1.40" in shown.out
    table = cli("score", "--model", path, "--data", path.parent)
    assert "warnings about single regions (--explain REGION lists a region's):" in table.out
    assert "value withheld as confidential: 1 (AT12)" in table.out
    assert "value flagged (estimated, provisional, break in series...): 1 (AT11)" in table.out
    explained = cli("score", "--model", path, "--data", path.parent, "--explain", "AT12")
    assert "flagged C (confidential)" in explained.out


def test_clamping_that_ties_many_regions_is_named(write: Write) -> None:
    """GDP per head in % of the EU average under `none`: every value above 100 scores 100."""
    data = (
        "freq,unit,geo,time,obs_value\n"
        "A,PC_GDP,AT11,2021,108\nA,PC_GDP,AT12,2021,131\nA,PC_GDP,AT13,2021,95\n"
        "A,PC_GDP,AT21,2021,112\nA,PC_GDP,AT22,2021,74\n"
    )
    result = scored(write, data, method="none")
    assert [r.rank for r in result.regions if r.composite == 100.0] == [1, 1, 1]
    assert any(
        "gerd: 3 of the 5 regions scored lie above the range of 'none' and all score 100 "
        "(clamped)" in w
        for w in result.warnings
    )
    assert not any("clamped" in w for w in scored(write, data, method="minmax").warnings)


def test_eurostat_rows_of_the_shipped_extracts_score_as_before(tmp_path: Path, cli: Cli) -> None:
    """The shipped model on the real extracts: no NUTS or level warning, the same classes."""
    run = cli("score", REPO / "examples" / "responses", "--data", EXAMPLES, "--format", "csv")
    assert run.code == 0
    rows = {line.split(",")[0]: line.split(",")[2] for line in run.out.splitlines()[1:]}
    assert rows["AT31"] == "advanced" and rows["SI03"] == "less_advanced"
    table = cli("score", REPO / "examples" / "responses", "--data", EXAMPLES)
    assert "NUTS" not in table.out and "ranked together" not in table.out
