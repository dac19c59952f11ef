"""`s3engine plan` end to end: real responses, the real scoring, every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from docx import Document
from openpyxl import load_workbook
from plan_fixtures import (
    SECTION_LEVELS,
    real_needs_response,
    stress_response,
    write_statistics,
)

from s3engine.core import messages as M
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.responses.files import response_text

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
GROUPS = ("government", "industry", "academia")
FILES = {
    "plan.md",
    "plan.html",
    "plan.json",
    "plan-scores.csv",
    "plan-recommendations.csv",
    "plan.xlsx",
    "plan.docx",
}


def levels(**overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(SECTION_LEVELS, 3), **overrides}


#: Illustrative answers: AT31 strong, ITH2 strong but for monitoring, SI03 weak.
REGIONS = {
    "AT31": levels(**dict.fromkeys(SECTION_LEVELS, 4)),
    "ITH2": levels(**{**dict.fromkeys(SECTION_LEVELS, 4), "monitoring": 1}),
    "SI03": levels(**dict.fromkeys(SECTION_LEVELS, 2)),
}


def write_responses(
    folder: Path,
    regions: Mapping[str, Mapping[str, int]],
    *,
    comments: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Path:
    stress, _ = load_questionnaire("s3-stress-test")
    needs, _ = load_questionnaire("stakeholder-needs")
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    for region, answer_levels in regions.items():
        for group in GROUPS:
            number += 1
            response = stress_response(
                stress,
                region,
                group,
                answer_levels,
                number=number,
                region_name=(names or {}).get(region),
            )
            (folder / f"{response.respondent.id}.yaml").write_text(response_text(response))
            ranking = ["skills_and_talent", "access_to_finance", "digitalisation"]
            if region == "SI03":
                ranking = ["access_to_finance", "rd_partners", "digitalisation"]
            comment = (comments or {}).get(f"{region}-{group}")
            reply = real_needs_response(
                needs, region, group, ranking, number=number, comment=comment
            )
            (folder / f"{reply.respondent.id}.yaml").write_text(response_text(reply))
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_statistics(tmp_path / "data")


def plan(cli: Cli, responses: Path, data: Path, out: Path, *extra: str) -> dict[str, object]:
    run = cli("plan", responses, "--data", data, "--out", out, "--sensitivity", "40", *extra)
    assert run.code == 0, run.output
    result: dict[str, object] = json.loads((out / "plan.json").read_text())
    return result


def test_plan_writes_every_format(cli: Cli, tmp_path: Path, data: Path) -> None:
    responses = write_responses(tmp_path / "responses", REGIONS)
    out = tmp_path / "out"
    run = cli("plan", responses, "--data", data, "--out", out, "--sensitivity", "40")
    assert run.code == 0, run.output
    assert {p.name for p in out.iterdir()} == FILES
    assert "wrote" in run.out and "ITH2" in run.out
    document = json.loads((out / "plan.json").read_text())
    assert [r["code"] for r in document["regions"]] == ["AT31", "ITH2", "SI03"]
    # 40 runs asked for, seven choices varied: a Saltelli design of 8 x (7 + 2) runs.
    assert document["regions"][0]["stability"]["runs"] == 72
    assert document["regions"][0]["needs_respondents"] == 3
    joint = document["transnational"]
    assert joint["rules"] and joint["peer_learning"]  # three regions: no action held by three


def region_of(document: Mapping[str, Any], code: str) -> dict[str, Any]:
    regions = document["regions"]
    assert isinstance(regions, list)
    found: dict[str, object] = next(r for r in regions if r["code"] == code)
    return found


def triggered_by(region: Mapping[str, object], dimension: str) -> set[str]:
    """The recommendations (those merged into another included) a dimension triggered."""
    recs, further = region["recommendations"], region["further"]
    assert isinstance(recs, list) and isinstance(further, list)
    return {
        ident
        for r in [*recs, *further]
        if any(e["kind"] == "dimension" and e["subject"] == dimension for e in r["evidence"])
        for ident in (r["id"], *(a["id"] for a in r["also"]))
    }


def test_strengthening_the_weakest_dimension_drops_its_recommendations(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    before = plan(cli, write_responses(tmp_path / "before", REGIONS), data, tmp_path / "o1")
    stronger = {**REGIONS, "ITH2": levels(**dict.fromkeys(SECTION_LEVELS, 4))}
    after = plan(cli, write_responses(tmp_path / "after", stronger), data, tmp_path / "o2")
    trento_before, trento_after = region_of(before, "ITH2"), region_of(after, "ITH2")
    weakest = min(trento_before["dimensions"], key=lambda d: d["score"])
    assert weakest["id"] == "monitoring"
    assert triggered_by(trento_before, "monitoring") >= {"s3_monitoring_system", "cluster_kpis"}
    assert triggered_by(trento_after, "monitoring") == set()
    # the class moves as the scores say: the composite crosses the threshold of 65
    assert trento_before["class_id"] == "convergence"
    assert trento_before["composite"] < 65 <= trento_after["composite"]
    assert trento_after["class_id"] == "advanced"
    # the other regions' own scores are untouched
    assert region_of(before, "SI03")["composite"] == region_of(after, "SI03")["composite"]


def test_hostile_free_text_shows_as_plain_text_everywhere(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    responses = write_responses(
        tmp_path / "responses",
        REGIONS,
        comments={"AT31-industry": SCRIPT, "AT31-academia": FORMULA},
        names={"SI03": FORMULA, "ITH2": SCRIPT},
    )
    out = tmp_path / "out"
    plan(cli, responses, data, out)
    html = (out / "plan.html").read_text()
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    markdown = (out / "plan.md").read_text()
    assert "<script" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    for name in ("plan-scores.csv", "plan-recommendations.csv"):
        rows = list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8-sig"))))
        names = {row[1] for row in rows[1:]}
        assert "'" + FORMULA in names and SCRIPT in names
    book = load_workbook(out / "plan.xlsx")
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "'" + FORMULA in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    comments = [row for row in book["Comments"].iter_rows(min_row=2, values_only=True)]
    assert {row[3] for row in comments} == {SCRIPT, "'" + FORMULA}
    document = Document(str(out / "plan.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert SCRIPT in text and FORMULA in text


def test_language_and_region_filter(cli: Cli, tmp_path: Path, data: Path) -> None:
    responses = write_responses(tmp_path / "responses", REGIONS)
    out = tmp_path / "out"
    run = cli(
        "plan",
        responses,
        "--data",
        data,
        "--out",
        out,
        "--lang",
        "fr",
        "--format",
        "md,json",
        "--region",
        "si03",
        "--sensitivity",
        "0",
    )
    assert run.code == 0, run.output
    assert {p.name for p in out.iterdir()} == {"plan.md", "plan.json"}
    document = json.loads((out / "plan.json").read_text())
    assert [r["code"] for r in document["regions"]] == ["SI03"]
    assert document["regions"][0]["stability"] is None
    markdown = (out / "plan.md").read_text()
    assert "## Plans d'action régionaux" in markdown
    assert "Moins avancée" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "md,pdf"), "--format pdf: unknown format; use one or more of"),
        (("--region", "XX99"), "--region XX99: no region of that code was scored"),
        (("--lang", "es"), "--lang es: the catalogue has no texts in that language"),
        (("--catalogue", "nowhere.yaml"), "nowhere.yaml: no such file"),
    ],
)
def test_usage_errors_name_the_problem(
    cli: Cli, tmp_path: Path, data: Path, args: tuple[str, ...], message: str
) -> None:
    responses = write_responses(tmp_path / "responses", {"AT31": REGIONS["AT31"]})
    run = cli(
        "plan", responses, "--data", data, "--out", tmp_path / "out", "--sensitivity", "0", *args
    )
    assert run.code == 2
    assert message in run.err
    assert not (tmp_path / "out").exists()


def test_responses_to_other_questionnaires_are_refused_but_the_plan_is_written(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    responses = write_responses(tmp_path / "responses", REGIONS)
    stray = next(responses.glob("nAT31*.yaml"))
    text = stray.read_text().replace("id: stakeholder-needs", "id: customer-survey")
    (responses / "stray.yaml").write_text(text.replace("nAT31", "xAT31"))
    out = tmp_path / "out"
    run = cli("plan", responses, "--data", data, "--out", out, "--sensitivity", "0")
    assert run.code == 1
    assert "stray.yaml" in run.err
    assert "it answers the questionnaire 'customer-survey'" in run.err
    assert (out / "plan.html").exists()


def test_an_invalid_catalogue_is_refused_with_its_place(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    catalogue = tmp_path / "catalogue.yaml"
    shipped = Path(__file__).resolve().parent.parent / "scoring" / "recommendations.yaml"
    catalogue.write_text(
        shipped.read_text().replace(
            "when: {dimension: monitoring, below: 50}", "when: {dimension: monitorin, below: 50}"
        )
    )
    responses = write_responses(tmp_path / "responses", {"AT31": REGIONS["AT31"]})
    run = cli(
        "plan",
        responses,
        "--data",
        data,
        "--out",
        tmp_path / "out",
        "--catalogue",
        catalogue,
        "--sensitivity",
        "0",
    )
    assert run.code == 1
    assert f"{catalogue}:" in run.err
    assert "there is no dimension 'monitorin' in the model; did you mean 'monitoring'?" in run.err


def test_needs_responses_to_an_earlier_comparable_version_count(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    """stakeholder-needs 1.1.0 only polished wording of 1.0.0: the catalogue declares 1.0.0
    comparable (needs.comparable_with), so a plan counts the responses to both versions; a
    version whose questions or options differ cannot be declared so."""
    responses = write_responses(tmp_path / "responses", {"AT31": REGIONS["AT31"]})
    earlier, _ = load_questionnaire("stakeholder-needs-1.0.0")
    current, _ = load_questionnaire("stakeholder-needs")
    assert (earlier.version, current.version) == ("1.0.0", "1.1.0")
    ranking = ["access_to_finance", "rd_partners", "digitalisation"]
    reply = real_needs_response(earlier, "AT31", "civil_society", ranking, number=99)
    (responses / "earlier.yaml").write_text(response_text(reply))
    document = plan(cli, responses, data, tmp_path / "out", "--sensitivity", "0")
    assert region_of(document, "AT31")["needs_respondents"] == 4  # three of 1.1.0, one of 1.0.0

    shipped = Path(__file__).resolve().parent.parent
    changed = (shipped / "questionnaires" / "stakeholder-needs-1.0.0.yaml").read_text()
    changed = changed.replace('version: "1.0.0"', 'version: "0.9.0"')
    (tmp_path / "needs-0.9.yaml").write_text(changed.replace("value: executive", "value: chief"))
    catalogue = tmp_path / "catalogue.yaml"
    text = (shipped / "scoring" / "recommendations.yaml").read_text()
    catalogue.write_text(text.replace("[stakeholder-needs-1.0.0]", "[needs-0.9]"))
    run = cli("check", catalogue)
    assert run.code == 1
    assert (
        "'needs-0.9' (stakeholder-needs 0.9.0) cannot be read as stakeholder-needs 1.1.0: the "
        "question 'role' differs in type, options or points"
    ) in " ".join(run.output.split())


def test_when_no_region_is_scored_the_count_is_of_the_refused_responses_and_the_end_says_why(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    """Every stress-test response of the one region answers another version: each is named,
    the count is of those (not of the line that ends it), and "no plan" comes last, once."""
    responses = write_responses(tmp_path / "responses", {"AT31": REGIONS["AT31"]})
    refused = sorted(p for p in responses.glob("*.yaml") if not p.name.startswith("n"))
    for path in refused:
        text = path.read_text()
        path.write_text(text.replace("version: 1.0.0", "version: 9.9.9", 1))
    out = tmp_path / "out"
    run = cli("plan", responses, "--data", data, "--out", out, "--sensitivity", "0")
    assert run.code == 1, run.output
    lines = run.err.strip().splitlines()
    assert lines[-2:] == [f"{len(refused)} problems", str(M.PLAN_NO_REGIONS)], run.err
    for path in refused:
        assert sum(line.startswith(f"{path} ") for line in lines) == 1, run.err
    assert not out.exists()


def test_the_plan_benchmark_generates_regions_that_are_planned_in_every_format(
    tmp_path: Path,
) -> None:
    """benchmarks/plan.py on a small partnership: each copied region is a real NUTS code of
    its own (a made-up code is refused, and the benchmark planned nothing then), every
    copy is planned, and each of the six formats is written."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("plan_bench", root / "benchmarks" / "plan.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(tmp_path, 14)
    times = bench.child(tmp_path, 20)
    assert times["regions"] == 14
    assert all(times[f"{name}_bytes"] > 0 for name in bench.FORMATS)
    lines = (tmp_path / "stress.jsonl").read_text(encoding="utf-8").splitlines()
    codes = {json.loads(line)["respondent"]["region"] for line in lines}
    assert len(codes) == 14 and codes == {bench._code(i) for i in range(14)}
