"""`s3engine score` as a user runs it: the shipped model on the example regions, the output
formats, the explanation, reading responses in bulk, and what goes wrong."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write

from s3engine.scoring.inputs import ScoreRequest, generated_time, score_files
from s3engine.scoring.results import INSUFFICIENT, ScoreResult

RESPONSES = REPO / "examples" / "responses"
DATA = REPO / "examples" / "data" / "eurostat"
EPOCH = "1717236000"  # 2024-06-01T10:00:00Z


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_the_table_of_the_example_regions(cli: Cli) -> None:
    run = cli("score", RESPONSES, "--data", DATA)
    assert run.code == 0, run.output
    for code in ("AT31", "CH02", "DE1", "FRC2", "ITH2", "SI03", "SI04"):
        assert re.search(rf"^ {code} ", run.out, re.MULTILINE), code
    assert "S3 stress test: clusters and smart specialisation (s3-stress-test 1.0.0)" in run.out
    assert "D7 Regional innovation capacity" in run.out
    assert "Responses: 159 counted, 0 refused (questionnaire s3-stress-test 1.0.0)." in run.out
    assert "Less advanced (gate)" in run.out  # SI03 and FRC2: GDP per head below 75 %


def test_json_equals_what_the_library_returns(cli: Cli, fixed_time: None) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--format", "json", "--sensitivity", "50")
    assert run.code == 0, run.err
    library = score_files(
        ScoreRequest(
            responses=[str(RESPONSES)],
            data=[str(DATA)],
            sensitivity=50,
            generated=generated_time(),
        )
    ).result
    assert run.out == library.model_dump_json(indent=2) + "\n"
    parsed = ScoreResult.model_validate_json(run.out)
    assert parsed.generated.isoformat() == "2024-06-01T10:00:00+00:00"
    assert {r.class_id for r in parsed.regions} <= {"advanced", "convergence", "less_advanced"}
    assert all(r.sensitivity is not None for r in parsed.regions)


def test_the_json_schema_of_the_result_and_of_models(cli: Cli) -> None:
    for kind in ("result", "model"):
        run = cli("schema", kind)
        assert run.code == 0
        schema = json.loads(run.out)
        assert schema["title"] == f"s3engine {kind}"
    model_schema = json.loads(cli("schema", "model").out)
    assert "on_threshold" in json.dumps(model_schema)


def test_csv_has_a_row_per_region_and_quotes_formula_like_text(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [r["code"] for r in rows][:3] == ["AT31", "AT32", "CH02"]
    assert set(rows[0]) >= {
        "composite",
        "class",
        "rank",
        "role_of_clusters",
        "stage_implementation",
    }
    si03 = next(r for r in rows if r["code"] == "SI03")
    assert si03["class"] == "less_advanced" and si03["gate"] == "cohesion_less_developed"
    # A region name that a spreadsheet would run as a formula is written as text.
    folder = tmp_path / "responses"
    shutil.copytree(RESPONSES / "AT32", folder / "AT32")
    for path in (folder / "AT32").glob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("region_name: Salzburg", "region_name: =1+1"),
            encoding="utf-8",
        )
    run = cli("score", folder, "--data", DATA, "--format", "csv")
    row = next(csv.DictReader(io.StringIO(run.out)))
    assert row["name"] == "'=1+1"


def test_explain_lets_a_reader_recompute_the_composite(cli: Cli) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--explain", "ith2")
    assert run.code == 0, run.output
    text = run.out
    assert text.startswith("ITH2 Provincia Autonoma di Trento: ")
    # The composite line is the weighted mean of the dimension scores shown above it: a reader
    # recomputes it from the printed figures (rounded to two decimals).
    dims = re.findall(r"\((\w+)\): score ([\d.]+), weight ([\d.]+), effective weight", text)
    assert len(dims) == 7
    line = next(x for x in text.splitlines() if x.startswith("Composite (arithmetic mean"))
    composite = float(line.rsplit("= ", 1)[1])
    weights = sum(float(w) for _, _, w in dims)
    recomputed = sum(float(s) * float(w) for _, s, w in dims) / weights
    assert recomputed == pytest.approx(composite, abs=0.01)
    # Every indicator row: normalised x effective weight = contribution.
    rows = re.findall(r"\s([\d.]+)\s+1\s+(0\.\d{4})\s+([\d.]+)\n", text)
    assert len(rows) >= 30
    for normalised, weight, contribution in rows:
        assert float(normalised) * float(weight) == pytest.approx(float(contribution), abs=0.01)
    for needle in (
        "gate cohesion_less_developed",
        "group means:",
        "disagreement",
        "A composite exactly on a threshold belongs to the class above it.",
        "Next class:",
        "normalised by goalposts 0 = 0 and 4 = 100, clamped",
        "normalised by ratio to EU27_2020 (100, 2023)",
    ):
        assert needle in text, needle


def test_explain_of_a_region_that_was_not_scored(cli: Cli) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--explain", "AT33")
    assert run.code == 2
    assert "--explain AT33: this region was not scored" in run.err
    assert "did you mean 'AT31'?" in run.err or "did you mean 'AT32'?" in run.err


def test_explain_as_json(cli: Cli) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--explain", "SI03", "--format", "json")
    data = json.loads(run.out)
    assert data["code"] == "SI03"
    assert data["class_id"] == "less_advanced"
    assert data["gates"][0]["fired"] is True
    assert len(data["dimensions"]) == 7


def test_out_writes_the_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "scores.json"
    run = cli("score", RESPONSES, "--data", DATA, "--format", "json", "--out", target)
    assert run.code == 0
    assert run.out.strip() == f"wrote {target} (12 regions, json)"
    assert len(ScoreResult.model_validate_json(target.read_text()).regions) == 12


def test_regions_and_nuts_level(cli: Cli) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--regions", "AT31,DE1", "--format", "csv")
    assert [r["code"] for r in csv.DictReader(io.StringIO(run.out))] == ["AT31", "DE1"]
    run = cli("score", RESPONSES, "--data", DATA, "--nuts-level", "1", "--format", "csv")
    assert [r["code"] for r in csv.DictReader(io.StringIO(run.out))] == ["DE1", "DE2"]


def test_the_german_laender_get_capacity_from_nuts2_and_swiss_gerd_stays_missing(
    cli: Cli,
) -> None:
    run = cli("score", RESPONSES, "--data", DATA, "--format", "json")
    result = ScoreResult.model_validate_json(run.out)
    de1 = result.region("DE1")
    assert de1 is not None
    capacity = next(d for d in de1.dimensions if d.id == "regional_capacity")
    assert capacity.score is not None  # GERD and tertiary education: means of DE11 ... DE14
    assert all(i.aggregated_from for i in capacity.indicators if i.id != "gdp_per_head")
    ch02 = result.region("CH02")
    assert ch02 is not None and ch02.class_id != INSUFFICIENT
    gerd = next(i for d in ch02.dimensions for i in d.indicators if i.id == "gerd_pct_gdp")
    assert gerd.raw is None and gerd.normalised is None  # missing, never zero
    assert "gerd_pct_gdp: CH02 is not in tgs00042_gerd_pct_gdp.csv" in ch02.warnings


# -- reading responses in bulk ---------------------------------------------------------------


def _jsonl(folder: Path, target: Path) -> list[str]:
    """The example responses as JSON Lines (what an export of many responses looks like)."""
    from s3engine.responses.files import read_response, response_files

    lines = [read_response(path).response.model_dump_json() for path in response_files([folder])]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_json_lines_score_like_the_yaml_files(cli: Cli, tmp_path: Path, fixed_time: None) -> None:
    _jsonl(RESPONSES, tmp_path / "all.jsonl")
    from_yaml = cli("score", RESPONSES, "--data", DATA, "--format", "json").out
    from_jsonl = cli("score", tmp_path / "all.jsonl", "--data", DATA, "--format", "json").out
    assert from_jsonl == from_yaml


def test_bad_lines_are_reported_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    lines = _jsonl(RESPONSES / "AT31", tmp_path / "at31.jsonl")
    record = json.loads(lines[0])
    broken = lines[1][:-10]  # cut short
    repeated = lines[2].replace('"answers":{', '"answers":{"clusters_in_edp":1,', 1)
    other = dict(record, questionnaire=dict(record["questionnaire"], version="0.9"))
    other["respondent"] = dict(record["respondent"], id="other-version")
    wrong = dict(record, respondent=dict(record["respondent"], id="wrong-answer"))
    wrong["answers"] = dict(record["answers"], clusters_in_edp=9)
    null = dict(record, respondent=dict(record["respondent"], id="null-answer"))
    null["answers"] = dict(record["answers"], clusters_in_edp=None)
    text = "\n".join(
        [
            *lines[3:],
            broken,
            repeated,
            json.dumps(other),
            json.dumps(wrong),
            lines[0],
            json.dumps(null),
            "",
        ]
    )
    path = tmp_path / "bad.jsonl"
    path.write_text(text, encoding="utf-8")
    run = cli("score", path, "--data", DATA, "--format", "csv")
    assert run.code == 1
    n = len(lines) - 3
    err = run.err
    assert f"{path}:{n + 1}:" in err and "invalid JSON" in err
    assert f"{path}:{n + 2}: the key 'clusters_in_edp' is given twice; keep one" in err
    assert f"{path}:{n + 3} respondent other-version: it answers version 0.9" in err
    # a refused answer: its line, and its column, as check shows it
    wrong_at = rf"{re.escape(str(path))}:{n + 4}:\d+ respondent wrong-answer: clusters_in_edp:"
    assert re.search(wrong_at, err)
    # null is not an answer: the line, and the column of the key within it
    assert re.search(rf"{re.escape(str(path))}:{n + 6}:\d+ answers.clusters_in_edp: ", err)
    counted = next(csv.DictReader(io.StringIO(run.out)))
    assert counted["respondents"] == str(len(lines) - 3 + 1)


def test_a_yaml_response_with_a_duplicate_key_is_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "responses"
    shutil.copytree(RESPONSES / "ITC1", folder)
    first = sorted(folder.glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("answers:\n", "answers:\n  clusters_in_edp: 1\n", 1))
    run = cli("score", folder, "--data", DATA)
    assert run.code == 1
    assert f"{first}:" in run.err and "'clusters_in_edp' is given twice" in run.err


def test_a_survey_model_needs_responses(cli: Cli, tmp_path: Path) -> None:
    run = cli("score", "--data", DATA)
    assert run.code == 2
    assert "scores survey answers: give the response files or folders" in run.err
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("score", empty, "--data", DATA)
    assert run.code == 2 and "no response files" in run.err


def test_the_examples_are_what_the_generator_writes(tmp_path: Path) -> None:
    """examples/responses is up to date with the questionnaire and examples/make_examples.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_examples", REPO / "examples" / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_examples"] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        assert module.main(["--out", str(tmp_path)]) == 0
    finally:
        del sys.modules["make_examples"]
    written = {p.relative_to(tmp_path): p.read_text() for p in tmp_path.rglob("*.yaml")}
    shipped = {p.relative_to(RESPONSES): p.read_text() for p in RESPONSES.rglob("*.yaml")}
    assert written.keys() == shipped.keys(), "run: python examples/make_examples.py"
    assert written == shipped, "run: python examples/make_examples.py"
    per_region: dict[str, int] = {}
    for path in written:
        per_region[path.parts[0]] = per_region.get(path.parts[0], 0) + 1
    assert len(per_region) == 12 and all(8 <= n <= 20 for n in per_region.values())
    texts = list(written.values())
    assert all(t.startswith("# ILLUSTRATIVE example response") for t in texts)
    assert any("status: partial" in t for t in texts)
    assert any(re.search(r"^  \w+: 0$", t, re.MULTILINE) for t in texts)  # no information


def test_the_demo_runs_from_a_clean_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("demo", REPO / "examples" / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import os

    here = os.getcwd()
    try:
        assert module.main(["--out", str(tmp_path)]) == 0
    finally:
        os.chdir(here)
    out = capsys.readouterr().out
    assert "$ s3engine score examples/responses --data examples/data/eurostat" in out
    assert (tmp_path / "scores.json").is_file() and (tmp_path / "scores.csv").is_file()
    assert ScoreResult.model_validate_json((tmp_path / "scores.json").read_text()).sensitivity


def test_the_benchmark_generates_valid_input_and_measures_it(tmp_path: Path) -> None:
    """benchmarks/score.py on tiny inputs: every generated response is counted, on the
    simplified questionnaire and on the shipped one (by the command itself)."""
    import importlib.util
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))  # score.py imports shipped_data beside it
    try:
        spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "score.py")
        assert spec is not None and spec.loader is not None
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        import shipped_data
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    model, jsonl, tenth, yaml_dir = bench.generate_simple(tmp_path, 3, 8, 24, 10)
    for kind, path, count in (("json.loads", jsonl, 24), ("yaml.load", yaml_dir, 10)):
        assert bench.child(kind, path, model)["count"] == count, kind
    parts = bench.child("parts", jsonl, model)
    assert parts["count"] == 24 and parts["result"] > 0 and parts["ids_mib"] > 0
    assert bench.child("parts", tenth, model)["count"] == 12  # respondents 0-3: every group
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    model, jsonl, _, _ = shipped_data.generate(shipped, 2, 12)
    measured = bench.measure("command", jsonl, model)
    assert measured["count"] == 24 and measured["seconds"] > 0
    # written in the order they were started, as `serve export` writes a survey's: the
    # regions mixed, each response the same whatever the order
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    started = [line["started"] for line in lines]
    assert started == sorted(started)
    regions = [line["respondent"]["region"] for line in lines]
    assert regions != sorted(regions)
    again = tmp_path / "again"
    again.mkdir()
    _, fewer, _, _ = shipped_data.generate(again, 2, 6)
    assert all(line in lines for line in map(json.loads, fewer.read_text().splitlines()))
    # the peak memory of the command alone, not that of the benchmark that starts it (Linux
    # keeps a process's peak across exec): measured here beside 400 MiB held by this one
    held = b"x" * (400 << 20)
    assert 20 < bench.peak_of(jsonl, model, "1", "") < 300
    del held


def test_responses_after_data_are_still_responses(cli: Cli, fixed_time: None) -> None:
    usual = cli("score", RESPONSES, "--data", DATA, "--format", "json")
    swapped = cli("score", "--format", "json", "--data", DATA, RESPONSES)
    assert swapped.code == 0, swapped.err
    assert swapped.out == usual.out


def test_plan_and_score_take_the_same_inputs(cli: Cli, tmp_path: Path, fixed_time: None) -> None:
    """--data before the responses, and --regions comma-separated or repeated, for both."""
    scored = cli("score", "--data", DATA, RESPONSES, "--regions", "at31,ITH2", "--format", "json")
    again = cli("score", RESPONSES, "--data", DATA, "--region", "AT31", "--region", "ith2")
    assert scored.code == 0, scored.err
    assert [r["code"] for r in json.loads(scored.out)["regions"]] == ["AT31", "ITH2"]
    assert again.code == 0 and "AT31" in again.out and "ITH2" in again.out
    out = tmp_path / "plans"
    needs = REPO / "examples" / "needs-responses"
    planned = cli(
        "plan",
        "--data",
        DATA,
        RESPONSES,
        needs,
        "--out",
        out,
        "--regions",
        "AT31",
        "--format",
        "json",
        "--sensitivity",
        "0",
    )
    assert planned.code == 0, planned.err
    assert [r["code"] for r in json.loads((out / "plan.json").read_text())["regions"]] == ["AT31"]
    bad = cli("plan", RESPONSES, "--data", DATA, "--out", out, "--sensitivity", "-1")
    assert bad.code == 2 and "--sensitivity: the number of runs must be from 0 to 100000" in bad.err


# -- refusals in the language of --lang ------------------------------------------------------

#: The stakeholder groups and sectors of the stress test, as a refusal lists them.
STRESS_GROUPS = "government, industry, academia, civil_society"
STRESS_SECTORS = (
    "energy_green_tech, mechatronics_engineering, chemistry_materials, ict, "
    "health_life_sciences, agrifood, wood_construction, mobility_logistics, tourism_creative, "
    "other"
)


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
@pytest.mark.parametrize("command", ["score", "export", "plan", "audit"])
def test_a_refused_response_is_said_in_the_language_of_lang_its_keys_as_written(
    cli: Cli, tmp_path: Path, command: str, lang: str
) -> None:
    """`score --lang de` (and `export`, `plan`, `audit`) said "respondent 7: respondent.group:
    'x' is not a stakeholder group" in English: the respondent and the problem are said in
    the language of --lang, the key of the response file (respondent.group, language) as it
    is written there."""
    from s3engine.core import messages as M
    from s3engine.i18n import translator

    folder = tmp_path / "responses"
    shutil.copytree(RESPONSES / "AT31", folder)
    edits = [
        ("respondent.group", r"(?m)^  group: .*$", "  group: business"),
        ("respondent.sector", r"(?m)^  sector: .*$", "  sector: mining"),
        ("language", r"(?m)^language: .*$", "language: es"),
    ]
    problems = [
        M.SURVEY_BAD_GROUP.format(group="business", groups=STRESS_GROUPS),
        M.SURVEY_BAD_SECTOR.format(sector="mining", sectors=STRESS_SECTORS),
        M.SURVEY_BAD_LANGUAGE.format(
            lang="es", id="s3-stress-test", languages="en, de, fr, it, sl"
        ),
    ]
    edited = sorted(folder.glob("*.yaml"))[: len(edits)]
    who = []
    for path, (_, pattern, line) in zip(edited, edits, strict=True):
        text = path.read_text(encoding="utf-8")
        who.append(text.split("\nrespondent:\n  id: ", 1)[1].split("\n", 1)[0])
        path.write_text(re.sub(pattern, line, text), encoding="utf-8")
    if command in ("score", "audit"):
        run = cli(command, folder, "--data", DATA, "--lang", lang)
    elif command == "plan":
        argv = ["--format", "json", "--sensitivity", "0", "--lang", lang]
        run = cli("plan", folder, "--data", DATA, *argv, "--out", tmp_path / "plan")
    else:
        argv = ["--questionnaire", "s3-stress-test", "--to", "csv", "--lang", lang]
        run = cli("export", folder, *argv, "--out", tmp_path / "table.csv")
    assert run.code == 1
    say = translator(lang).message
    lines = run.err.splitlines()
    for path, respondent, (key, _, _), problem in zip(edited, who, edits, problems, strict=True):
        where = say(M.RESPONDENT.format(id=respondent))
        assert f"{path} {where}: {say(M.AT.format(where=key, problem=problem))}" in lines, run.err
    if lang != "en":
        assert "is not a" not in run.err, run.err
