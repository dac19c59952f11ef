"""Fuzz the readers of regional statistics: both Eurostat layouts and plain wide CSV.

The shipped Eurostat extracts (the short layout and SDMX-CSV with labels), an SDMX-CSV
without labels and wide CSVs (comma, and semicolon with decimal commas) made from them are
mutated: cells replaced by hostile values (NaN, 1e999, formulas, paths, quotes, NUL, long
text), rows made ragged, delimiters mixed, header cells renamed or repeated, a line of a
hundred thousand commas, a huge cell, stray quotes, and the text mutations of every file
(lines deleted, duplicated, swapped, truncation, flipped bytes, other encodings). Each file
is read with every year rule, and what it gives is scored (the statistics-only path scores
every region in the data). The only exception allowed is S3Error; every error names the
file and, when it is about a row, its line.
"""

from __future__ import annotations

import csv
import io
import random
from functools import cache
from pathlib import Path

import pytest
from hostile.fuzzing import fuzz_settings
from hostile.harness import REPO, assert_located, outcome
from hostile.mutate import CSV_MUTATIONS, Mutation, apply
from hypothesis import given
from hypothesis import strategies as st

from s3engine.core.findings import Finding, S3Error
from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import build_result
from s3engine.scoring.model import ScoringModel
from s3engine.statistics.reading import read_source
from s3engine.statistics.sources import DataSource, SourceTable

DATA = REPO / "examples" / "data" / "eurostat"


@cache
def shipped_model() -> ScoringModel:
    return load_model("s3-stress-test")[0]


@cache
def tables() -> dict[str, bytes]:
    """Valid tables of every layout: name -> bytes."""
    gdp = (DATA / "gdp_pps_per_head_pct_eu.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(gdp.decode("utf-8"))))
    sdmx = io.StringIO()
    writer = csv.writer(sdmx, lineterminator="\n")
    writer.writerow(["DATAFLOW", "LAST UPDATE", "freq", "unit", "geo", "TIME_PERIOD", "OBS_VALUE"])
    for row in rows:
        flow, updated = "ESTAT:NAMA_10R_2GDP(1.0)", "01/01/24"
        writer.writerow(
            [flow, updated, "A", row["unit"], row["geo"], row["time"], row["obs_value"]]
        )
    wide = "geo;year;gdp_pps\n" + "".join(
        f"{r['geo']};{r['time']};{r['obs_value'].replace('.', ',')}\n" for r in rows
    )
    latest: dict[str, str] = {}
    for row in rows:
        latest[row["geo"]] = row["obs_value"]
    plain = "region,gdp_pps,label\n" + "".join(f"{g},{v},x\n" for g, v in latest.items())
    return {
        "short": gdp,
        "sdmx-labels": (DATA / "tgs00042_gerd_pct_gdp.csv").read_bytes(),
        "sdmx-labels-2": (DATA / "tgs00109_tertiary_education.csv").read_bytes(),
        "sdmx": sdmx.getvalue().encode(),
        "wide-years": wide.encode(),
        "wide": plain.encode(),
    }


def sources(layout: str) -> list[tuple[str, DataSource]]:
    """(source id of the shipped model, a data source reading the table) for each year rule."""
    model = shipped_model().sources
    if layout == "short" or layout == "sdmx":
        base = ("gdp_per_head", model["gdp_per_head"])
    elif layout == "sdmx-labels":
        base = ("gerd", model["gerd"])
    elif layout == "sdmx-labels-2":
        base = ("tertiary", model["tertiary"])
    elif layout == "wide-years":
        base = (
            "gdp_per_head",
            DataSource(file="x", format="wide", value="gdp_pps", year_column="year"),
        )
    else:
        base = ("gdp_per_head", DataSource(file="x", value="gdp_pps", region_column="region"))
    source_id, source = base
    rules: list[dict[str, object]] = [{"year": "latest", "max_age": None}]
    if layout != "wide":
        rules += [
            {"year": "latest", "max_age": 3},
            {"year": 2021, "max_age": None},
            {"year": {"mean": [2015, 2020]}, "max_age": None},
        ]
    return [
        (source_id, DataSource.model_validate({**source.model_dump(), **rule})) for rule in rules
    ]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-csv")


def read_and_score(path: Path, layout: str) -> None:
    model = shipped_model()

    def call() -> list[Finding]:
        findings: list[Finding] = []
        for source_id, source in sources(layout):
            try:
                table = read_source(source.model_copy(update={"file": str(path)}), Path("."))
            except S3Error as exc:
                findings.extend(exc.findings)
                continue
            findings.extend(table.warnings)
            statistics: dict[str, SourceTable] = {source_id: table}
            build_result(model, questionnaire=None, tally=None, statistics=statistics)
        return findings

    assert_located(outcome(f"csv {layout}", call), path)


layouts = st.sampled_from(sorted(tables()))


@fuzz_settings(500)
@given(
    layout=layouts,
    chosen=st.lists(st.sampled_from(CSV_MUTATIONS), min_size=1, max_size=3),
    rng=st.randoms(use_true_random=False),
)
def test_mutated_tables(
    workdir: Path, layout: str, chosen: list[Mutation], rng: random.Random
) -> None:
    path = workdir / "table.csv"
    path.write_bytes(apply(tables()[layout], chosen, rng))
    read_and_score(path, layout)


@fuzz_settings(60)
@given(
    layout=layouts,
    rows=st.lists(
        st.lists(st.text(max_size=12) | st.sampled_from(["AT31", "2021", "1.5", ":", "A"])),
        max_size=8,
    ),
)
def test_random_rows_under_a_real_header(workdir: Path, layout: str, rows: list[list[str]]) -> None:
    header = tables()[layout].split(b"\n", 1)[0]
    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerows(rows)
    path = workdir / "random.csv"
    path.write_bytes(header + b"\n" + body.getvalue().encode("utf-8", "surrogatepass"))
    read_and_score(path, layout)


def test_the_unmutated_tables_are_read_and_scored(workdir: Path) -> None:
    """The fuzz cases start from valid tables: otherwise they would test nothing."""
    for layout, text in tables().items():
        path = workdir / f"valid-{layout}.csv"
        path.write_bytes(text)
        for _, source in sources(layout):
            table = read_source(source.model_copy(update={"file": str(path)}), Path("."))
            assert "AT31" in table.values, layout
