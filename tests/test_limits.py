"""Very large inputs: each is handled within seconds and bounded memory, or refused at once
with one message naming the file and the limit. docs/limits.md has the figures measured.

Every measurement runs the command-line interface in a fresh process (so that the peak
memory is that of the commands alone) and reports seconds per command and the process's
peak resident set size. The bounds are about ten times what was measured on a 2-core
machine, generous enough for a busy CI runner, tight enough to catch a reader that reads a
refused file whole or a loop that turned quadratic.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Cli

from s3engine.core import messages as M
from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.io import yamlio
from s3engine.questionnaire.answers import check_answers
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import read_response
from s3engine.statistics import eurostat_csv

EXAMPLES = REPO / "examples"
RESPONSES = EXAMPLES / "responses"
DATA = EXAMPLES / "data" / "eurostat"
GERD = DATA / "tgs00042_gerd_pct_gdp.csv"
TERTIARY = DATA / "tgs00109_tertiary_education.csv"
AT31_RESPONSE = sorted((RESPONSES / "AT31").glob("*.yaml"))[0]
MIB = 1024 * 1024

#: Runs `s3engine.cli.main.main` on each argument list (argv[1], JSON) in this one process and
#: prints, as JSON, what each returned and printed, its seconds, and the peak RSS in KiB.
_RUNNER = """
import contextlib, io, json, resource, sys, time
from s3engine.cli.main import main
import s3engine.cli.checking, s3engine.scoring.inputs, s3engine.plan.files, s3engine.cli.render
results = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    seconds = time.perf_counter() - start
    results.append({"code": code, "seconds": seconds, "out": out.getvalue(), "err": err.getvalue()})
# Linux: the high-water mark of this program alone (ru_maxrss would include the memory of
# the test process that started it, as it stood before exec).
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        peak //= 1024
print(json.dumps({"results": results, "peak_kib": peak}))
"""


@dataclass
class Measured:
    code: int
    seconds: float
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


#: A prelude for `measure` that makes s3engine read YAML with PyYAML's pure-Python parser.
PURE_PYTHON_YAML = "import yaml, s3engine.io.yamlio as y; y._Loader = yaml.SafeLoader\n"


def measure(
    *commands: list[str | Path], cwd: Path = REPO, prelude: str = ""
) -> tuple[list[Measured], float]:
    """Run the commands in one fresh process; their results and its peak RSS in MiB.

    `prelude` is Python run before the commands (to choose a parser, say)."""
    argv = [[str(a) for a in command] for command in commands]
    done = subprocess.run(
        [sys.executable, "-c", prelude + _RUNNER, json.dumps(argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # A negative return code is a signal: -11 would be a crash of the YAML parser.
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    report = json.loads(done.stdout)
    results = [Measured(**r) for r in report["results"]]
    for result in results:
        assert "Traceback" not in result.output, result.output
        assert "internal error" not in result.output, result.output
    return results, report["peak_kib"] / 1024


def padded(head: str, path: Path, size: int = 100 * MIB) -> Path:
    """`head` (a real file's text) followed by YAML comments up to `size` bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = "# " + "padding " * 9 + "\n"
    block = (line * (MIB // len(line))).encode()
    with path.open("wb") as handle:
        handle.write(head.encode())
        written = len(head.encode())
        while written < size:
            handle.write(block)
            written += len(block)
    return path


def too_large(path: Path, limit: str = "20.0 MiB", message: str = M.FILE_TOO_LARGE) -> str:
    size = f"{path.stat().st_size / MIB:.1f} MiB"
    return f"{path}: " + message.format(size=size, limit=limit)


# -- 100 MB YAML files ---------------------------------------------------------------------


@pytest.mark.timing
@pytest.mark.slow
def test_a_100_mb_yaml_file_of_every_kind_is_refused_at_once(tmp_path: Path) -> None:
    shipped = REPO / "questionnaires" / "s3-stress-test.yaml"
    questionnaire = padded(shipped.read_text(encoding="utf-8"), tmp_path / "big-survey.yaml")
    model = padded(
        (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8"),
        tmp_path / "big-model.yaml",
    )
    catalogue = padded(
        (REPO / "scoring" / "recommendations.yaml").read_text(encoding="utf-8"),
        tmp_path / "big-catalogue.yaml",
    )
    response = padded(AT31_RESPONSE.read_text(encoding="utf-8"), tmp_path / "big" / "r.yaml")
    answers = padded("profile: {region: AT31, group: industry}\n", tmp_path / "answers.yaml")
    out = tmp_path / "out"

    results, peak = measure(
        ["check", questionnaire],
        ["check", model],
        ["check", catalogue],
        ["check", response],
        ["survey", questionnaire, "--answers", answers, "--out", out],
        ["survey", "s3-stress-test", "--answers", answers, "--out", out],
        ["score", "--model", model, "--data", DATA],
        ["score", response, "--data", DATA],
        ["plan", RESPONSES, "--catalogue", catalogue, "--data", DATA, "--out", out],
        ["plan", response, "--data", DATA, "--out", out],
    )
    check_q, check_m, check_c, check_r, survey_q, survey_a, score_m, score_r, plan_c, plan_r = (
        results
    )
    for checked, path in zip(
        (check_q, check_m, check_c, check_r),
        (questionnaire, model, catalogue, response),
        strict=True,
    ):
        assert checked.code == 1
        assert too_large(path) in checked.out
    assert survey_q.code == 1 and too_large(questionnaire) in survey_q.err
    assert survey_a.code == 1 and too_large(answers) in survey_a.err
    assert M.SURVEY_NOTHING_WRITTEN in survey_a.err
    assert score_m.code == 1 and too_large(model) in score_m.err
    # `score` and `plan` read response files of at most 1 MiB (one response each).
    for scored in (score_r, plan_r):
        assert scored.code == 1
        assert too_large(response, "1.0 MiB", M.RESPONSE_FILE_TOO_LARGE) in scored.err
    assert plan_c.code == 1 and too_large(catalogue) in plan_c.err
    assert M.PLAN_NO_REGIONS in plan_r.err  # and why there is no plan
    assert not out.exists()  # nothing written anywhere
    # Refused by size before a byte is read: reading one of them would add 200 MiB or more
    # (bytes and text), and take a second.
    assert peak < 160, f"peak RSS {peak:.0f} MiB"
    # Measured: 0.01 to 0.14 s each (the model and the catalogue are read first).
    assert max(r.seconds for r in results) < 2.0, [round(r.seconds, 2) for r in results]


def test_resuming_from_a_100_mb_file_is_refused_before_any_question(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = padded(AT31_RESPONSE.read_text(encoding="utf-8"), tmp_path / "r.yaml")

    class Terminal:
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 0

    monkeypatch.setattr(sys, "stdin", Terminal())
    run = cli("survey", "s3-stress-test", "--resume", response)
    assert run.code == 1
    assert too_large(response) in run.err
    assert response.stat().st_size > 100 * MIB - 1  # never touched


# -- a questionnaire of 5,000 questions ------------------------------------------------------


def big_questionnaire(n: int) -> str:
    """n questions in sections of 50, of five types, two in five shown by a condition."""
    out = [
        "id: big",
        'version: "1.0"',
        "title: {en: Regional innovation census, de: Regionale Innovationserhebung}",
        "languages: [en, de]",
        "default_language: en",
        "profile:",
        "  regions:",
        "    - {code: AT31, name: Oberösterreich}",
        "scales:",
        "  wheel:",
        "    min: 0",
        "    max: 5",
        "    missing: 0",
        "    points:",
    ]
    labels = [
        ("no information", "keine Information"),
        ("poor", "schwach"),
        ("to be improved", "verbesserungsbedürftig"),
        ("fair", "ausreichend"),
        ("strong", "stark"),
        ("excellent", "ausgezeichnet"),
    ]
    out += [
        f"      - {{value: {v}, label: {{en: {en}, de: {de}}}}}"
        for v, (en, de) in enumerate(labels)
    ]
    out.append("sections:")
    for i in range(n):
        if i % 50 == 0:
            s = i // 50
            out += [
                f"  - id: s{s}",
                f"    title: {{en: Part {s}, de: Teil {s}}}",
                "    questions:",
            ]
        out += [
            f"      - id: q{i}",
            f'        text: {{en: "Item {i}?", de: "Punkt {i}?"}}',
        ]
        kind = i % 5
        if kind == 0:
            out.append("        type: yes_no")
        elif kind == 1:
            out += [
                "        type: scale",
                "        scale: wheel",
                f"        show_if: {{question: q{i - 1}, equals: true}}",
            ]
        elif kind == 2:
            out += [
                "        type: number",
                "        integer: true",
                "        min: 0",
                "        max: 1000",
            ]
        elif kind == 3:
            out += [
                "        type: single_choice",
                f"        show_if: {{question: q{i - 1}, ge: 10}}",
                "        options:",
                "          - {value: a, label: {en: A, de: A}}",
                "          - {value: b, label: {en: B, de: B}}",
            ]
        else:
            out += ["        type: text", "        max_length: 200"]
    return "\n".join(out) + "\n"


def big_answers(n: int) -> str:
    values = {0: "true", 1: "4", 2: "12", 3: "a", 4: '"in my own words"'}
    lines = ["language: en", "profile: {region: AT31, group: industry}", "answers:"]
    lines += [f"  q{i}: {values[i % 5]}" for i in range(n)]
    return "\n".join(lines) + "\n"


@pytest.mark.timing
@pytest.mark.slow
def test_a_questionnaire_of_5000_questions_is_checked_and_answered_in_seconds(
    tmp_path: Path,
) -> None:
    survey = tmp_path / "census.yaml"
    survey.write_text(big_questionnaire(5000), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(big_answers(5000), encoding="utf-8")
    out = tmp_path / "responses"

    (check, answer, check_response), peak = measure(
        ["check", survey],
        ["survey", survey, "--answers", answers, "--out", out],
        ["check", "--questionnaire", survey, out],
    )
    assert check.code == 0, check.output
    # counted as score counts, the thousands grouped
    assert "5,000 questions (1,000 number, 1,000 scale" in check.out
    assert "; 2,000 conditional, 0 for some groups;" in check.out
    assert answer.code == 0, answer.output
    written = Path(answer.out.strip())
    assert written.parent == out
    response = read_response(written).response
    assert len(response.answers) == 5000 and response.status == "complete"
    assert check_response.code == 0, check_response.output
    assert "answers 5,000" in check_response.out
    # Measured: 0.73 s, 1.2 s and 0.63 s; 84 MiB.
    assert check.seconds < 6 and answer.seconds < 8 and check_response.seconds < 7
    assert peak < 400, f"peak RSS {peak:.0f} MiB"


# -- CSV statistics ------------------------------------------------------------------------


def eurostat_rows(regions: int, years: int = 25) -> list[str]:
    """Eurostat's short layout: `freq,unit,geo,time,obs_value`; AT31 last at 131."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    codes = ["AT31"] + [
        "XZ" + letters[i // 1296 % 36] + letters[i // 36 % 36] + letters[i % 36]
        for i in range(regions - 1)
    ]
    rows = ["freq,unit,geo,time,obs_value\n"]
    for n, code in enumerate(codes):
        rows += [
            f"A,PPS_HAB_EU27_2020,{code},{year},{60 + (n + year) % 80}\n"
            for year in range(2000, 2000 + years)
        ]
    rows[years] = f"A,PPS_HAB_EU27_2020,AT31,{1999 + years},131\n"
    return rows


@pytest.mark.timing
@pytest.mark.slow
def test_a_csv_of_a_million_rows_is_scored_in_seconds(tmp_path: Path) -> None:
    big = tmp_path / "gdp.csv"
    rows = eurostat_rows(40_000)
    rows.append("A,PPS_HAB_EU27_2020,EU27_2020,2024,100\n")  # the model's reference region
    big.write_text("".join(rows), encoding="utf-8")
    assert len(rows) == 1_000_002

    (score,), peak = measure(
        [
            "score",
            RESPONSES,
            "--data",
            f"gdp_per_head={big}",
            GERD,
            TERTIARY,
            "--format",
            "json",
        ]
    )
    assert score.code == 0, score.err
    result = json.loads(score.out)
    at31 = next(r for r in result["regions"] if r["code"] == "AT31")
    gdp = next(i for d in at31["dimensions"] for i in d["indicators"] if i["id"] == "gdp_per_head")
    assert (gdp["raw"], gdp["year"]) == (131.0, "2024")
    # Measured: 1.2 s and 61 MiB (the rows are streamed, never held).
    assert score.seconds < 12, score.seconds
    assert peak < 250, f"peak RSS {peak:.0f} MiB"


@pytest.mark.timing
@pytest.mark.slow
def test_a_million_different_series_take_bounded_memory(tmp_path: Path) -> None:
    """Every row of another series (an unfiltered column): refused, in bounded memory."""
    data = tmp_path / "gdp.csv"
    with data.open("w", encoding="utf-8") as handle:
        handle.write("freq,unit,nace_r2,geo,time,obs_value\n")
        handle.writelines(
            f"A,PPS_HAB_EU27_2020,N{i},AT31,2020,{i % 100}\n" for i in range(1_000_000)
        )

    (score,), peak = measure(["score", RESPONSES, "--data", f"gdp_per_head={data}", GERD, TERTIARY])
    assert score.code == 1
    assert f"{data} nace_r2: the column 'nace_r2' holds several values (N0, N1, N10," in score.err
    assert "N123, N124 and more) in the rows selected" in score.err
    # Measured: 1.1 s and 39 MiB (a set of every combination took 260 MiB).
    assert score.seconds < 15, score.seconds
    assert peak < 150, f"peak RSS {peak:.0f} MiB"


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gdp_pps_per_head_pct_eu.csv"
    data.write_text("".join(eurostat_rows(3)), encoding="utf-8")
    # The size is checked before a byte is read: the rest of the file is a hole on disk.
    with data.open("r+b") as handle:
        handle.truncate(eurostat_csv.MAX_BYTES + 1)
    run = cli("score", RESPONSES, "--data", f"gdp_per_head={data}", GERD, TERTIARY)
    assert run.code == 1
    assert too_large(data, "200.0 MiB", M.DATA_FILE_TOO_LARGE) in run.err


# -- JSON Lines and nesting ----------------------------------------------------------------


def json_response(path: Path) -> str:
    """An example response as one line of JSON."""
    return json.dumps(read_response(path).response.to_data()) + "\n"


@pytest.mark.timing
@pytest.mark.slow
def test_a_json_lines_line_longer_than_one_response_is_refused_without_reading_it(
    tmp_path: Path,
) -> None:
    lines = tmp_path / "responses.jsonl"
    with lines.open("w", encoding="utf-8") as handle:
        handle.write('{"note": "' + "x" * (60 * MIB) + '"}\n')
        handle.write(json_response(AT31_RESPONSE))

    (score,), peak = measure(["score", lines, "--data", DATA])
    assert score.code == 1
    too_long = M.JSONL_LINE_TOO_LONG.format(size="60.0 MiB", limit="1.0 MiB")
    assert f"{lines}:1: {too_long}" in score.err
    assert "Responses: 1 counted" in score.out  # the next line is read as usual
    # Reading the line whole cost ten times its size (300 MiB: 3 GiB).
    assert peak < 160, f"peak RSS {peak:.0f} MiB"
    assert score.seconds < 5, score.seconds
    assert MAX_RESPONSE_BYTES == MIB


@pytest.mark.parametrize("parser", ["C", "python"])
def test_a_response_nested_100000_deep_is_refused_by_every_reader(
    tmp_path: Path, parser: str
) -> None:
    """PyYAML's C parser recurses once per level and crashed `score` with a segmentation
    fault; Python's json module raised RecursionError (an internal error); libyaml's scanner
    (PyYAML 6.0.4) stops at 1,000 levels with words of its own. Whichever layer stops it,
    every reader gives the one nesting finding, at its file and line."""
    deep = "[" * 100_000 + "]" * 100_000
    folder = tmp_path / "deep"
    folder.mkdir()
    (folder / "flow.yaml").write_text(f"answers: {deep}\n", encoding="utf-8")
    (folder / "block.yaml").write_text("- " * 100_000 + "x\n", encoding="utf-8")
    (folder / "r.json").write_text(f'{{"answers": {deep}}}\n', encoding="utf-8")
    (folder / "r.jsonl").write_text(f'\n{{"answers": {deep}}}\n', encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(f'{{"answers": {deep}}}\n', encoding="utf-8")

    out = tmp_path / "out"
    prelude = "" if parser == "C" else PURE_PYTHON_YAML
    (check, score, plan, survey), _ = measure(
        ["check", "--format", "json", *sorted(folder.iterdir())],
        ["score", folder, "--data", DATA],
        ["plan", folder, "--data", DATA, "--out", out],
        ["survey", "s3-stress-test", "--answers", answers, "--out", out],
        prelude=prelude,
    )
    lines = {"flow.yaml": 1, "block.yaml": 1, "r.json": 1, "r.jsonl": 2}
    deep_message = M.TOO_DEEP.format(limit=yamlio.MAX_DEPTH)
    assert check.code == 1
    reports = {Path(r["file"]).name: r for r in json.loads(check.out)["files"]}
    for name, line in lines.items():
        (finding,) = reports[name]["findings"]
        assert (finding["code"], finding["line"]) == (yamlio.TOO_DEEP_CODE, line), name
        assert finding["message"] == deep_message
    for run in (score, plan):
        assert run.code == 1
        for name, line in lines.items():
            assert f"{folder / name}:{line}" in run.err, (name, run.err)
        assert run.err.count(deep_message) == 4, run.err
        assert "YAML" not in run.err, run.err
    assert survey.code == 1
    assert f"{answers}:1:" in survey.err and deep_message in survey.err
    assert "YAML" not in survey.err
    assert not out.exists()


@pytest.mark.timing
def test_checking_the_answers_to_20000_questions_takes_linear_time() -> None:
    """Each answer's constraints were checked against a copy of all the answers: 20,000
    answers took 5.6 s (400 million copied entries); now 0.1 s."""
    n = 20_000
    sections = [
        {
            "id": f"s{s}",
            "title": f"Part {s}",
            "questions": [
                {
                    "id": f"q{i}",
                    "type": "number",
                    "text": f"Item {i}?",
                    "min": 0,
                    "max": 100,
                    "constraints": [{"rule": {"le": 99}, "message": "At most 99, please."}],
                }
                for i in range(s * 100, (s + 1) * 100)
            ],
        }
        for s in range(n // 100)
    ]
    q = Questionnaire.model_validate(
        {
            "id": "census",
            "version": "1",
            "title": "Census",
            "languages": ["en"],
            "default_language": "en",
            "sections": sections,
        }
    )
    answers = {f"q{i}": 100 if i % 100 == 99 else i % 100 for i in range(n)}  # 200 too high
    start = time.perf_counter()
    problems = check_answers(q, answers, group=None, lang="en", complete=True)
    seconds = time.perf_counter() - start
    assert problems == [(f"q{i}", "At most 99, please.") for i in range(99, n, 100)]
    assert seconds < 2.0, seconds


# -- start-up ------------------------------------------------------------------------------

#: Modules that cost tens (numpy, SQLAlchemy, starlette) to hundreds (pandas, SALib, scipy)
#: of milliseconds to import, and what needs them.
HEAVY = (
    *("pydantic", "rich", "yaml", "questionary", "prompt_toolkit", "openpyxl", "docx"),
    *("numpy", "pandas", "SALib", "scipy", "sqlalchemy", "starlette", "matplotlib"),
)


def modules_after(*args: str) -> set[str]:
    """Every module a fresh process has imported after `main(args)`."""
    code = (
        "import contextlib, io, json, sys\n"
        "from s3engine.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({list(args)!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def imported_by(*args: str) -> set[str]:
    """The heavy top-level packages a fresh process has imported after `main(args)`."""
    return {name.split(".")[0] for name in modules_after(*args)} & set(HEAVY)


def test_help_imports_none_of_the_heavy_libraries() -> None:
    """`s3engine --help` starts in about 35 ms because it imports only argparse and the
    commands' `register` functions; pydantic alone would add 30 ms, rich 15 ms."""
    assert imported_by("--help") == set()
    assert imported_by("score", "--help") == set()


def test_check_imports_what_checking_needs_only() -> None:
    """`s3engine check` needs the models and YAML; it never pays for the survey's prompts,
    the document writers, or rich where its output goes to a file or a pipe (no colour)."""
    shipped = str(REPO / "questionnaires" / "s3-stress-test.yaml")
    assert imported_by("check", shipped) == {"pydantic", "yaml"}


def test_check_of_a_valid_questionnaire_leaves_out_what_it_does_not_use() -> None:
    """What `check` of a valid questionnaire without a list of regions never uses is imported
    where it is used: the NUTS tables (a region), the JSON reader and jiter (a JSON file),
    difflib (a misspelling). Each cost 2 to 4 ms of its start."""
    shipped = str(REPO / "questionnaires" / "s3-stress-test.yaml")
    unused = {"s3engine.nuts", "s3engine.io.jsonio", "jiter", "difflib"}
    assert modules_after("check", shipped) & unused == set()


def test_score_builds_no_validator_of_the_result_it_writes(tmp_path: Path) -> None:
    """The engine makes the result without validating it, and `--format json` writes it
    without pydantic's serialiser: the result models' validators and serialisers are never
    built (17 ms of `score`'s imports, and 12 ms more for ScoreResult's at its first
    result)."""
    out = tmp_path / "scores.json"
    code = (
        "import contextlib, io, json\n"
        "from s3engine.cli.main import main\n"
        "from s3engine.scoring import results\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['score', 'examples/responses', '--data', 'examples/data/eurostat',\n"
        f"                 '--format', 'json', '--out', {str(out)!r}])\n"
        "models = ('ScoreResult', 'RegionScore', 'DimensionScore', 'IndicatorScore', 'GateCheck')\n"
        "print(json.dumps([code, [getattr(results, m).__pydantic_complete__ for m in models]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == [0, [False] * 5]
    assert json.loads(out.read_text(encoding="utf-8"))["regions"]
