"""Every hostile file of tests/hostile/ fed to every command that reads its kind.

Each of the few hundred files (written by tests/hostile/make_corpus.py, which says what each
must get) goes to `check`, `survey --answers`, `score` and `plan --out` as its kind allows,
through `s3engine.cli.main.main` (and, for a sample, a real `python -m s3engine` process). Each
gets a clear message (the file, its line where the problem has one, the words its case
names), a non-zero exit and no traceback; no command changes an existing response file
(the response folders used are checksummed before and after). Files too large to commit are
made here. The end of the file holds the regression tests of the crashes the corpus and the
fuzz tests found.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write, count_case
from hostile import make_corpus
from hostile.make_corpus import Case

from s3engine.cli.main import main
from s3engine.core import messages as M

CORPUS = Path(make_corpus.__file__).resolve().parent
DATA = REPO / "examples" / "data" / "eurostat"
CASES = {case.path: case for case in make_corpus.cases()}
FILES = sorted(
    p.relative_to(CORPUS).as_posix()
    for kind in make_corpus.KINDS
    for p in (CORPUS / kind).iterdir()
)
REGIONS = ("AT31", "SI03")
#: The data file of each source of the shipped model.
SOURCE_FILES = {
    "gdp_per_head": "gdp_pps_per_head_pct_eu.csv",
    "gerd": "tgs00042_gerd_pct_gdp.csv",
    "tertiary": "tgs00109_tertiary_education.csv",
}


@dataclass
class Env:
    """Valid inputs the hostile files are given with, in a folder of their own."""

    root: Path
    responses: Path
    needs: Path
    questionnaire_answers: Path

    def model_for(self, questionnaire: Path) -> Path:
        """A model of the corpus' small questionnaire, pointed at `questionnaire`."""
        path = self.root / "models" / f"{questionnaire.stem}.yaml"
        path.parent.mkdir(exist_ok=True)
        text = make_corpus.QUESTIONNAIRE_MODEL.format(questionnaire=questionnaire)
        path.write_text(text, encoding="utf-8")
        return path

    def data_for(self, table: Path, source: str) -> list[str]:
        """--data arguments: `table` bound to `source`, the shipped files for the others."""
        return [
            f"{source}={table}" if name == source else str(DATA / file)
            for name, file in SOURCE_FILES.items()
        ]


def checksums(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    root = tmp_path_factory.mktemp("hostile")
    responses, needs = root / "responses", root / "needs"
    for region in REGIONS:
        shutil.copytree(REPO / "examples" / "responses" / region, responses / region)
        shutil.copytree(REPO / "examples" / "needs-responses" / region, needs / region)
    answers = root / "questionnaire-answers.yaml"
    answers.write_text(make_corpus.QUESTIONNAIRE_ANSWERS, encoding="utf-8")
    before = checksums(responses, needs)
    yield Env(root, responses, needs, answers)
    assert checksums(responses, needs) == before, "a command changed a response file"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in CI: standard input is not a terminal."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def commands(case: Case, path: Path, env: Env) -> list[tuple[str, list[str]]]:
    """(command, arguments) for every command that reads a file of this kind."""
    plan_out = ["--out", str(env.root / "plans"), "--format", "md,csv", "--sensitivity", "0"]
    inputs = [str(env.responses), str(env.needs)]
    data = ["--data", str(DATA)]
    file = str(path)
    if case.kind == "questionnaires":
        model = str(env.model_for(path))
        answers = str(env.questionnaire_answers)
        return [
            ("check", ["check", file]),
            ("survey", ["survey", file, "--answers", answers, "--out", str(env.responses)]),
            ("score", ["score", str(env.responses), *data, "--model", model]),
            ("plan", ["plan", *inputs, *data, "--model", model, *plan_out]),
        ]
    if case.kind == "models":
        return [
            ("check", ["check", file]),
            ("score", ["score", str(env.responses), *data, "--model", file]),
            ("plan", ["plan", *inputs, *data, "--model", file, *plan_out]),
        ]
    if case.kind == "catalogues":
        return [
            ("check", ["check", file]),
            ("plan", ["plan", *inputs, *data, "--catalogue", file, *plan_out]),
        ]
    if case.kind == "responses":
        return [
            ("check", ["check", file]),
            ("score", ["score", str(env.responses), file, *data]),
            ("plan", ["plan", *inputs, file, *data, *plan_out]),
        ]
    if case.kind == "answers":
        out = ["--out", str(env.responses)]  # nothing may be written there
        return [("survey", ["survey", "s3-stress-test", "--answers", file, *out])]
    assert case.kind == "csv"
    data = ["--data", *env.data_for(path, case.source)]
    return [
        ("score", ["score", str(env.responses), *data]),
        ("plan", ["plan", *inputs, *data, *plan_out]),
    ]


def run(capsys: pytest.CaptureFixture[str], args: list[str], name: str) -> tuple[int, str]:
    try:
        code = main(args)
    except BaseException:
        count_case(f"hostile {name}", traceback=True)
        raise
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# -- the corpus -------------------------------------------------------------------------------


def test_the_corpus_on_disk_is_what_make_corpus_writes() -> None:
    """Every committed file is a case of make_corpus.py, with its content (no drift)."""
    assert sorted(c.path for c in CASES.values() if c.kind != "accepted") == FILES
    accepted = sorted(f"accepted/{p.name}" for p in (CORPUS / "accepted").iterdir())
    assert accepted == sorted(c.path for c in CASES.values() if c.kind == "accepted")
    for name in [*FILES, *accepted]:
        assert (CORPUS / name).read_bytes() == CASES[name].content, name
    assert len(FILES) >= 250
    size = sum((CORPUS / name).stat().st_size for name in FILES)
    assert size < 2 * 1024 * 1024


@pytest.mark.parametrize("name", FILES)
def test_each_hostile_file_gets_a_clear_message(
    name: str, env: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    path = CORPUS / name
    for command, args in commands(case, path, env):
        code, output = run(capsys, args, command)
        count_case(f"hostile {command}")
        count_case("hostile (file, command) pairs")
        where = f"{command} {name}:\n{output}"
        assert "Traceback" not in output, where
        assert "internal error" not in output, where
        assert code != 3, where
        assert len(output) < 30_000, where  # a message, not a dump of the file
        if command == "check" and case.check == "warning":
            assert code == 0 and "warning" in output, where
        else:
            assert code != 0, where
        assert path.name in output, where
        assert case.says in output.lower(), where
        if case.line is not None and (command in ("check", "survey") or case.line_everywhere):
            assert f"{path.name}:{case.line}" in output, where


def test_a_sample_gives_the_same_in_a_real_process(env: Env) -> None:
    """The installed entry point, in a process of its own, with nothing on standard input."""
    sample = FILES[:: max(1, len(FILES) // 8)]
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    for name in sample:
        case = CASES[name]
        _, args = commands(case, CORPUS / name, env)[0]
        process = subprocess.run(
            [sys.executable, "-m", "s3engine", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            check=False,
        )
        output = process.stdout + process.stderr
        count_case("hostile subprocess")
        assert "Traceback" not in output, output
        assert process.returncode not in (0, 3) or case.check == "warning", output
        assert (CORPUS / name).name in output, output


def test_hostile_text_in_valid_files_is_accepted_and_stays_inert(
    env: Env, cli: Cli, tmp_path: Path
) -> None:
    """Script tags, formulas and terminal markup in free text and names: the files are
    valid, the plan quotes the needs comments, and no output runs or renders them."""
    from openpyxl import load_workbook

    accepted = sorted((CORPUS / "accepted").iterdir())
    for path in accepted:
        run_check = cli("check", path)
        assert run_check.code == 0, run_check.output
    scored = [p for p in accepted if p.name.startswith("response-")]  # not the needs survey
    table = cli("score", env.responses, *scored, "--data", DATA)
    assert table.code == 0, table.output
    csv = cli("score", env.responses, *scored, "--data", DATA, "--format", "csv")
    assert "\n=" not in csv.out and ",=" not in csv.out  # no cell starts a formula
    out = tmp_path / "plan"
    plan = cli(
        "plan", env.responses, env.needs, *accepted, "--data", DATA, "--out", out,
        "--format", "html,md,csv,xlsx", "--sensitivity", "0",
    )  # fmt: skip
    assert plan.code == 0, plan.output
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # quoted, as text
    assert "<script>alert" not in html and "<b>&amp;" not in html
    markdown = (out / "plan.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown and "\\[bold red\\]" in markdown
    cells = [
        cell
        for sheet in load_workbook(out / "plan.xlsx")
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)  # text, never a formula
    for table_file in out.glob("*.csv"):
        for line in table_file.read_text(encoding="utf-8").splitlines():
            assert not any(cell.startswith(("=", "+", "@")) for cell in line.split(","))


# -- inputs too large to commit ---------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk (its size is all that is read)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_files_of_100_mb_are_refused_at_once(env: Env, cli: Cli, tmp_path: Path) -> None:
    big = 100 * 1024 * 1024
    yaml_file = sparse(tmp_path / "huge.yaml", big)
    runs = [
        cli("check", yaml_file),
        cli("survey", "s3-stress-test", "--answers", yaml_file, "--out", env.responses),
        cli("score", env.responses, "--data", DATA, "--model", yaml_file),
        cli("score", env.responses, yaml_file, "--data", DATA),
        cli("plan", env.responses, env.needs, "--data", DATA, "--catalogue", yaml_file,
            "--out", tmp_path / "plan"),
    ]  # fmt: skip
    for run_ in runs:
        assert run_.code == 1, run_.output
        assert "huge.yaml" in run_.output and "larger than the limit" in run_.output
    csv_file = sparse(tmp_path / "huge.csv", 201 * 1024 * 1024)
    scored = cli("score", env.responses, "--data", *env.data_for(csv_file, "gdp_per_head"))
    assert scored.code == 1 and "larger than the limit" in scored.err


def test_a_million_commas_on_one_line(env: Env, cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "commas.csv"
    table.write_text(make_corpus.csv_base() + "," * 1_000_000 + "\n", encoding="utf-8")
    run_ = cli("score", env.responses, "--data", *env.data_for(table, "gdp_per_head"))
    assert run_.code == 1
    assert "commas.csv:41" in run_.err and "1000001 fields" in run_.err


def test_a_json_lines_file_with_a_line_of_two_megabytes(env: Env, cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "big-line.jsonl"
    lines.write_text('{"a": "' + "x" * 2_000_000 + '"}\n', encoding="utf-8")
    run_ = cli("score", env.responses, lines, "--data", DATA)
    assert run_.code == 1 and "big-line.jsonl:1" in run_.err


# -- regressions: crashes and unclear messages the corpus and the fuzz tests found ---------------

MODEL = make_corpus.MODEL


def test_infinite_and_huge_weights_are_refused_where_they_stand(cli: Cli, write: Write) -> None:
    """Was: `.inf` gave a composite of nan for every region; 1e308 an internal error
    (OverflowError in the sum of the weights); 'NaN' as text was read as a number."""
    for value in (".inf", "1e308", "'1e308'", "123456789012345678901", "'NaN'"):
        model = write("model.yaml", MODEL.replace("    weight: 1\n", f"    weight: {value}\n", 1))
        run_ = cli("score", REPO / "examples" / "responses", "--data", DATA, "--model", model)
        assert run_.code == 1, (value, run_.output)
        assert f"{model}:14:5 dimensions[0].weight:" in run_.err, (value, run_.err)


def test_statistics_too_large_to_compute_with_are_refused(cli: Cli, tmp_path: Path) -> None:
    """Was: values of 1e308 overflowed the mean of a year range (internal error)."""
    table = tmp_path / "gdp.csv"
    text = make_corpus.csv_base().replace(",127\n", ",1.5e308\n").replace(",125\n", ",1.7e308\n")
    table.write_text(text, encoding="utf-8")
    model = tmp_path / "model.yaml"
    model.write_text(
        MODEL.replace("PPS_HAB_EU27_2020}}", "PPS_HAB_EU27_2020}, year: {mean: [2021, 2023]}}"),
        encoding="utf-8",
    )
    run_ = cli("score", REPO / "examples" / "responses", "--model", model, "--data", f"gdp={table}")
    assert run_.code == 1
    assert f"{table}:2 obs_value: '1.5e308' is too large to compute with" in run_.err


def test_a_scale_of_a_trillion_points_is_checked_at_once(cli: Cli) -> None:
    """Was: `check` built the set of every point and ran out of memory."""
    path = CORPUS / "questionnaires" / "scale-of-a-trillion-points.yaml"
    run_ = cli("check", path)
    assert run_.code == 1
    assert "no point for 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 and 999999999985 more" in run_.out


def test_a_device_is_not_read_as_a_file(cli: Cli, write: Write, env: Env) -> None:
    """Was: /dev/zero as a questionnaire was read until the memory ran out."""
    model = write(
        "model.yaml", MODEL.replace("questionnaire: s3-stress-test", "questionnaire: /dev/zero")
    )
    run_ = cli("check", model)
    assert run_.code == 1 and "/dev/zero: this is not a regular file" in run_.out
    scored = cli("score", env.responses, "--data", *env.data_for(Path("/dev/zero"), "gerd"))
    assert scored.code == 1 and "/dev/zero: this is not a regular file" in scored.err


def test_a_file_name_too_long_for_the_system_is_a_clear_message(cli: Cli, write: Write) -> None:
    """Was: an internal error (OSError: File name too long). The reason is said in
    s3engine's words, translated with --lang."""
    long_name = "q" * 5000
    run_ = cli("check", long_name)
    assert run_.code in (1, 2) and len(run_.err) < 1000
    model = write(
        "model.yaml", MODEL.replace("questionnaire: s3-stress-test", f"questionnaire: {long_name}")
    )
    scored = cli("score", REPO / "examples" / "responses", "--data", DATA, "--model", model)
    assert scored.code == 1
    too_long = M.SYSTEM_REASONS[errno.ENAMETOOLONG]
    assert f" characters): cannot use this path: {too_long}" in scored.err


def test_terminal_markup_in_labels_and_names_is_printed_as_written(
    cli: Cli, write: Write, env: Env
) -> None:
    """Was: a model title or region name holding `[/]` crashed the score table (rich
    MarkupError); `:x:` became an emoji and `[link=...]` a hyperlink."""
    model = write(
        "model.yaml",
        MODEL.replace(
            "title: Clusters and capacity", "title: 'Tiny [/] :x: [link=http://x]y[/link]'"
        ),
    )
    run_ = cli("score", env.responses, "--data", DATA, "--model", model)
    assert run_.code == 0, run_.output
    assert "Tiny [/] :x: [link=http://x]y[/link]" in run_.out
    response = CORPUS / "accepted" / "response-with-hostile-names.yaml"
    table = cli("score", env.responses, response, "--data", DATA, "--regions", "AT31")
    assert table.code == 0, table.output


def test_regions_that_are_paths_or_markup_are_refused_in_statistics(
    cli: Cli, tmp_path: Path
) -> None:
    """Was: '../../etc/passwd', '<script>' or '[/]' in the geo column were scored as
    regions (and crashed the table)."""
    model = tmp_path / "model.yaml"
    model.write_text(
        MODEL.replace("questionnaire: s3-stress-test\n", "").replace(
            """      - id: discovery
        label: Discovery process
        question: clusters_in_edp
        weight: 1
      - id: priorities
        label: Priority setting
        question: clusters_in_priority_setting
        weight: 1
""",
            """      - id: gdp_again
        label: GDP per head again
        statistic: gdp
        normalise: {method: goalposts, min: 0, max: 200}
""",
        ),
        encoding="utf-8",
    )
    table = tmp_path / "gdp.csv"
    rows = ["../../etc/passwd", "<script>alert(1)</script>", "[/]", "=cmd|' /C calc'!A0"]
    extra = "".join(f'A,PPS_HAB_EU27_2020,"{code}",2023,90\n' for code in rows)
    table.write_text(make_corpus.csv_base() + extra, encoding="utf-8")
    run_ = cli("score", "--model", model, "--data", f"gdp={table}")
    assert run_.code == 1, run_.output
    for line, code in enumerate(rows, 41):
        assert f"{table}:{line} geo: '{code}' is not a region code" in run_.err


def test_json_duplicate_keys_name_both_lines(cli: Cli, write: Write) -> None:
    """Was: a duplicate key in a JSON response said which key, but not where."""
    path = write(
        "r.json", '{\n  "s3engine_response": 1,\n  "language": "de",\n  "language": "en"\n}\n'
    )
    run_ = cli("check", path)
    assert f"{path}:4:3 language: the key 'language' is given twice (first on line 3)" in run_.out


def test_csv_messages_about_the_header_name_line_1_and_cut_long_cells(
    cli: Cli, tmp_path: Path, env: Env
) -> None:
    """Was: a missing filter column had no line (now: the filter's line in the model, and
    the header's in the file); a cell of 200,000 characters was quoted
    whole; a file of only a header said 'values present: ' (nothing)."""
    table = tmp_path / "gdp.csv"
    table.write_text(make_corpus.csv_base().replace("unit,", "units,", 1), encoding="utf-8")
    run_ = cli("score", env.responses, "--data", *env.data_for(table, "gdp_per_head"))
    # at the filter's line in the model, naming the file and its header line
    assert "s3-stress-test.yaml:98:15 sources.gdp_per_head.filters.unit: " in run_.err
    assert f"{table}:1: the filter on 'unit' names a column" in run_.err
    table.write_text(make_corpus.CSV_HEADER + "\n", encoding="utf-8")
    run_ = cli("score", env.responses, "--data", *env.data_for(table, "gdp_per_head"))
    assert "the file has column names but no data rows" in run_.err
    table.write_text(make_corpus.csv_base().replace("AT31,2021", "A" * 300 + ",2021"), "utf-8")
    run_ = cli("score", env.responses, "--data", *env.data_for(table, "gdp_per_head"))
    assert "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...' is not a region code" in run_.err
    assert len(run_.err) < 2000


def test_a_single_value_is_quoted_short(cli: Cli, write: Write) -> None:
    """Was: a questionnaire path naming a text file (such as /etc/passwd) quoted all of it."""
    text = write("notes.yaml", "word " * 2000)
    run_ = cli("check", text)
    assert "not a single value ('word word word" in run_.out and len(run_.out) < 400


def test_a_misspelt_key_in_a_scale_question_gets_its_suggestion(cli: Cli) -> None:
    """Was: 'unknown key' without 'did you mean': the question's type `scale` is also one
    of its keys (`scale: wheel`), and the allowed keys were looked up under it."""
    run_ = cli("check", CORPUS / "questionnaires" / "misspelt-key.yaml")
    assert "requird: unknown key 'requird'; did you mean 'required'?" in run_.out


def test_check_reads_json_lines_line_by_line(cli: Cli, tmp_path: Path) -> None:
    """Was: `check` read a .jsonl file as one YAML document ('invalid YAML' on line 2)."""
    run_ = cli("check", CORPUS / "responses" / "jsonl-broken-line.jsonl")
    assert run_.code == 1
    assert "jsonl-broken-line.jsonl:3:" in run_.out
    assert "a text value runs to the end of the line without its closing quote" in run_.out
    lines = (CORPUS / "responses" / "jsonl-broken-line.jsonl").read_text().splitlines()
    valid = tmp_path / "valid.jsonl"
    valid.write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n", encoding="utf-8")
    assert cli("check", valid).code == 0


def test_an_unclosed_quote_in_a_csv_names_the_line_it_opens(cli: Cli, env: Env) -> None:
    """Was: the last line of the file, where the reader gave up."""
    table = CORPUS / "csv" / "unterminated-quote.csv"
    run_ = cli("score", env.responses, "--data", *env.data_for(table, "gdp_per_head"))
    assert f"{table}:21: the file ends inside a quoted value" in run_.err
