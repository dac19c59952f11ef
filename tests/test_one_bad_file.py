"""One bad file must never stall, crash or overwrite anything.

Each test is a case found by a hostile suite written apart from tests/hostile: a file built
to keep every command busy, to crash the scoring of every region, to slip past a limit, to
overwrite an input or to leak another file. Big inputs are measured in benchmarks/
(unknown_keys.py); the checks here use sizes that run in well under a second.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import REPO, Cli
from rich.console import Console

from s3engine.core import messages as M
from s3engine.core.findings import Finding, FirstOfAKind, S3Error
from s3engine.core.limits import MAX_EXPANDED_CHARACTERS, MAX_FINDINGS_OF_A_KIND
from s3engine.io.files import FileLock, Sink, atomic_write_set, load_document
from s3engine.io.yamlio import load_yaml_text
from s3engine.questionnaire import load_questionnaire
from s3engine.questionnaire.answers import check_answers
from s3engine.questionnaire.conditions import comparisons
from s3engine.responses.files import parse_response, read_response
from s3engine.survey.terminal import SurveySettings, run_survey

EXAMPLES = REPO / "examples"
DATA = EXAMPLES / "data" / "eurostat"
AT31 = sorted((EXAMPLES / "responses" / "AT31").glob("*.yaml"))
STRESS_TEST = REPO / "questionnaires" / "s3-stress-test.yaml"


def unknown_keys(count: int, indent: str) -> str:
    return "".join(f"{indent}k{i}: 0\n" for i in range(count))


def response_with(after: str, count: int) -> str:
    """The first AT31 example response with `count` unknown keys after the line `after`."""
    original = AT31[0].read_text(encoding="utf-8")
    assert after in original
    return original.replace(after, after + unknown_keys(count, "  "), 1)


# -- 1. unknown keys: linear time, findings of one kind capped -----------------------------


def refusal_seconds(path: Path) -> tuple[float, list[str]]:
    """Seconds to read and refuse the response at `path`, and the messages."""
    start = time.perf_counter()
    with pytest.raises(S3Error) as refused:
        parse_response(load_document(path))
    return time.perf_counter() - start, [f.render() for f in refused.value.findings]


@pytest.mark.timing
def test_unknown_keys_take_linear_time_and_twenty_are_listed(tmp_path: Path) -> None:
    """For each unknown key the allowed keys were found again (a walk over every model
    class): 10,000 unknown keys under `respondent:` kept `score` busy 12.6 s, 60,000 more
    than two minutes. Now ten times the keys take about ten times as long, and a file lists
    20 of them and counts the rest."""
    times = {}
    for count in (1_000, 10_000):
        path = tmp_path / f"r{count}.yaml"
        path.write_text(response_with("respondent:\n", count), encoding="utf-8")
        seconds, messages = min(refusal_seconds(path), refusal_seconds(path))
        times[count] = seconds
        assert len(messages) == MAX_FINDINGS_OF_A_KIND
        assert all("unknown key 'k" in m for m in messages)
        more = count - MAX_FINDINGS_OF_A_KIND
        assert messages[-1].endswith(f"(and {more:,} more of this kind in this file, not listed)")
    # linear: about 10; it was about 100
    assert times[10_000] / times[1_000] < 30, times


@pytest.mark.timing
def test_a_questionnaire_of_10000_unknown_keys_is_checked_in_seconds(
    cli: Cli, tmp_path: Path
) -> None:
    text = STRESS_TEST.read_text(encoding="utf-8")
    first = re.search(r"\n( +)- id: ", text)
    assert first is not None
    end = text.index("\n", first.end()) + 1
    path = tmp_path / "q.yaml"
    path.write_text(text[:end] + unknown_keys(10_000, first.group(1) + "  ") + text[end:])
    start = time.perf_counter()
    run = cli("check", path)
    assert time.perf_counter() - start < 10  # was more than 60 s
    assert run.code == 1
    assert run.output.count("unknown key 'k") == MAX_FINDINGS_OF_A_KIND
    assert "(and 9,980 more of this kind in this file, not listed)" in run.output
    # every one is counted, those not listed too
    assert "1 file checked: 1 invalid; 10,000 errors, 0 warnings" in run.output
    as_json = json.loads(cli("check", path, "--format", "json").out)
    assert as_json["errors"] == as_json["files"][0]["errors"] == 10_000
    assert [f["more"] for f in as_json["files"][0]["findings"]].count(9_980) == 1


def test_answers_to_unknown_questions_are_listed_twenty_and_counted() -> None:
    q, _ = load_questionnaire(STRESS_TEST)
    answers = {f"k{i}": 0 for i in range(5_000)}
    problems = check_answers(q, answers, group=None, lang="en", complete=False)
    unknown = [p for p in problems if "no question" in p[1]]
    assert len(unknown) == MAX_FINDINGS_OF_A_KIND
    assert unknown[-1][1].endswith("(and 4,980 more of this kind in this file, not listed)")


def test_rows_of_one_problem_keep_twenty_findings_and_count_the_others() -> None:
    """An import of 100,000 rows of another form version held 100,000 findings to print
    them all; the first twenty of a problem are kept, the others only counted, and a
    problem that differs in its words or its column is a kind of its own."""
    found = FirstOfAKind()
    for row in range(2, 100_002):
        found.add(Finding("kobo.csv", row, 3, "form_version", "version 0.9.0"))
        if row % 1000 == 0:
            found.add(Finding("kobo.csv", row, 3, "form_version", "version 0.8.0"))
            found.add(Finding("kobo.csv", row, 4, "other", "version 0.9.0"))
    assert len(found.listed) == 3 * MAX_FINDINGS_OF_A_KIND
    unlisted = found.unlisted()
    assert sorted((f.line, f.column, f.message, n) for f, n in unlisted.items()) == [
        (21, 3, "version 0.9.0", 100_000 - MAX_FINDINGS_OF_A_KIND),
        (20_000, 3, "version 0.8.0", 100 - MAX_FINDINGS_OF_A_KIND),
        (20_000, 4, "version 0.9.0", 100 - MAX_FINDINGS_OF_A_KIND),
    ]


def test_rows_whose_problem_differs_only_in_the_value_of_its_cell_are_one_kind() -> None:
    """A number column written with a decimal comma quotes another value on each of
    100,000 rows: one problem, twenty findings kept. What a message says besides the value
    of its cell keeps a kind apart (the other version a row answers, the hint it is given),
    and a message within another (an answer's problem after its question) is told apart
    by the same rule."""
    found = FirstOfAKind()
    for row in range(2, 100_002):
        comma = M.IMPORT_NOT_NUMBER.format(value=f"{row},5")
        found.add(Finding("kobo.csv", row, 39, "share", comma))
        if row % 1000:
            continue
        other = M.IMPORT_OTHER_VERSION.format(found=f"0.{row % 3}.0", id="s3", expected="1.0.0")
        found.add(Finding("kobo.csv", row, 3, "form_version", other))
        option = M.ANSWER_NOT_AN_OPTION.format(value=repr(f"x{row}"), options="a, b")
        found.add(Finding("kobo.csv", row, 7, "q1", M.AT.format(where="q1", problem=option)))
        hint = M.DID_YOU_MEAN.format(name="AT31" if row % 2000 else "AT32")
        region = M.SURVEY_BAD_NUTS.format(region=f"at{row}") + hint
        found.add(Finding("kobo.csv", row, 5, "region", region))
    # one kind of commas, three versions, one kind of options, two hints
    assert len(found.listed) == 7 * MAX_FINDINGS_OF_A_KIND
    assert sorted((f.column, n) for f, n in found.unlisted().items()) == [
        (3, 13), (3, 13), (3, 14), (5, 30), (5, 30), (7, 80), (39, 100_000 - MAX_FINDINGS_OF_A_KIND)
    ]  # fmt: skip


# -- 2. a whole number no float holds ------------------------------------------------------

HUGE = "9" * 400


def test_a_400_digit_answer_refuses_one_response_and_scores_the_rest(
    cli: Cli, tmp_path: Path
) -> None:
    """`math.isfinite` turned the number into a float: OverflowError, an internal error that
    stopped `score` and `plan` for every region. Now that one response is refused (exit 1)
    and the others are scored, from YAML and JSON Lines alike."""
    folder = tmp_path / "responses"
    folder.mkdir()
    for path in AT31:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = folder / AT31[0].name
    bad.write_text(
        re.sub(r"clusters_in_edp: \d+", f"clusters_in_edp: {HUGE}", bad.read_text("utf-8"))
    )
    lines = tmp_path / "responses.jsonl"
    data = parse_response(load_document(AT31[1])).model_dump(mode="json", by_alias=True)
    data["answers"]["clusters_in_edp"] = int(HUGE)
    data["answers"]["clusters_in_priority_setting"] = -int(HUGE)
    lines.write_text(json.dumps(data) + "\n")
    for args in ([folder], [lines, *AT31[2:]]):
        run = cli("score", *args, "--data", DATA, "--format", "json")
        assert run.code == 1, run.output
        assert "expected a whole number 0 to 5" in run.err
        assert json.loads(run.out)["regions"]
    run = cli(
        "plan",
        folder,
        "--data",
        DATA,
        "--out",
        tmp_path / "plan",
        "--format",
        "json",
        "--sensitivity",
        "0",
    )
    assert run.code == 1, run.output
    assert (tmp_path / "plan" / "plan.json").exists()


def test_every_question_answered_with_a_400_digit_number_gets_a_message() -> None:
    """Every answer rule and every condition meets the number without float(): each answer
    gets a message, but for those a condition on a refused answer hides (that answer's
    message says what to put right first)."""
    q, _ = load_questionnaire(STRESS_TEST)
    for value in (int(HUGE), -int(HUGE), [int(HUGE)]):
        answers = dict.fromkeys(q.question_index, value)
        problems = check_answers(q, answers, group=None, lang="en", complete=True)
        said = {qid for qid, _ in problems}
        assert said
        for section, question in q.questions():
            if question.id not in said:
                conditions = [c for c in (section.show_if, question.show_if) if c is not None]
                reads = {cmp.question for c in conditions for cmp, _ in comparisons(c)}
                assert reads & set(answers), question.id


# -- 3. a text repeated through aliases ----------------------------------------------------


@pytest.mark.timing
def test_a_text_repeated_through_aliases_is_refused_before_it_expands(
    cli: Cli, tmp_path: Path
) -> None:
    """A 1 MB description repeated by 3,000 aliases as option labels passed `check` (the
    count of values was small); `survey --answers` then grew to 2.9 GB hashing it."""
    text = STRESS_TEST.read_text(encoding="utf-8")
    big = "x" * 1_000_000
    text = text.replace("\ndescription:\n  en:", f'\ndescription:\n  en: &big "{big}"\n  es:', 1)
    text = re.sub(r"label: \{en: [^}\n]*\}", "label: *big", text)
    assert text.count("*big") > 21
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {}\n", encoding="utf-8")
    start = time.perf_counter()
    for run in (cli("check", path), cli("survey", path, "--answers", answers)):
        assert run.code == 1, run.output
        limit = f"{MAX_EXPANDED_CHARACTERS:,}"
        assert f"q.yaml:{line_of(text, '*big', 21)}:" in run.output
        assert f"aliases (*name) repeat more than {limit} characters of text" in run.output
    assert time.perf_counter() - start < 5


def line_of(text: str, needle: str, nth: int) -> int:
    """The line (from 1) of the `nth` occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def test_aliases_inside_an_anchored_list_count_at_their_full_length() -> None:
    text = 'a: &a "' + "y" * 100_000 + '"\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
    text += "c: [" + ", ".join(["*b"] * 25) + "]\n"  # 25 x 1 MB
    with pytest.raises(S3Error) as refused:
        load_yaml_text(text, "nested.yaml")
    [finding] = refused.value.findings
    assert finding.code == "yaml-expands-too-much" and finding.line == 3


def test_ordinary_aliases_and_merge_keys_still_load() -> None:
    text = 'base: &base {unit: "' + "z" * 10_000 + '", year: 2024}\n'
    text += "".join(f"s{i}: {{<<: *base, id: s{i}}}\n" for i in range(500))  # 5 MB in all
    data = load_yaml_text(text, "ok.yaml").data
    assert data["s499"]["year"] == 2024 and len(data["s0"]["unit"]) == 10_000


# -- 4. no writer replaces one of its inputs -----------------------------------------------


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Copies of a response folder, the model and the statistics, and a link to each."""
    responses = tmp_path / "responses"
    responses.mkdir()
    for path in AT31:
        (responses / path.name).write_bytes(path.read_bytes())
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.csv"):
        (data / path.name).write_bytes(path.read_bytes())
    model = tmp_path / "model.yaml"
    model.write_bytes((REPO / "scoring" / "s3-stress-test.yaml").read_bytes())
    found = {
        "response": responses / AT31[0].name,
        "model": model,
        "statistics": next(data.glob("*.csv")),
    }
    for name, path in list(found.items()):
        link = tmp_path / f"link-to-{name}"
        link.symlink_to(path)
        found[f"link to the {name}"] = link
    return {"responses": responses, "data": data, **found}


@pytest.mark.parametrize(
    "target",
    ["response", "model", "statistics", "link to the response", "link to the model"],
)
def test_score_out_never_replaces_an_input(cli: Cli, inputs: dict[str, Path], target: str) -> None:
    out = inputs[target]
    before = {p: p.read_bytes() for p in inputs.values() if p.is_file()}
    args = (inputs["responses"], "--model", inputs["model"], "--data", inputs["data"])
    run = cli("score", *args, "--format", "json", "--out", out)
    assert run.code == 1, run.output
    assert f"{out}: this is one of the files the command reads; nothing was written" in run.err
    assert {p: p.read_bytes() for p in before} == before
    assert not list(out.parent.glob(".*.tmp"))


def test_plan_out_never_replaces_an_input(cli: Cli, inputs: dict[str, Path]) -> None:
    """A response saved as plan.json in the folder the plan is written to."""
    folder = inputs["responses"]
    response = folder / "plan.json"
    data = parse_response(load_document(AT31[0])).model_dump(mode="json", by_alias=True)
    response.write_text(json.dumps(data), encoding="utf-8")
    before = response.read_bytes()
    args = ("--model", inputs["model"], "--data", inputs["data"], "--sensitivity", "0")
    run = cli("plan", folder, *args, "--out", folder, "--format", "json")
    assert run.code == 1, run.output
    assert "plan.json: this is one of the files the command reads" in run.err
    assert response.read_bytes() == before


def test_export_import_and_convert_never_replace_an_input(
    cli: Cli, inputs: dict[str, Path], tmp_path: Path
) -> None:
    response = inputs["response"]
    before = response.read_bytes()
    run = cli("export", inputs["responses"], "--questionnaire", STRESS_TEST, "--to", "csv",
              "--out", response)  # fmt: skip
    assert run.code == 1 and "one of the files the command reads" in run.err, run.output
    assert response.read_bytes() == before
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_bytes(STRESS_TEST.read_bytes())
    run = cli("convert", questionnaire, "--to", "xlsform", "--out", questionnaire)
    assert run.code == 1 and "one of the files the command reads" in run.err, run.output
    assert questionnaire.read_bytes() == STRESS_TEST.read_bytes()
    export = tmp_path / "kobo.jsonl"
    export.write_text("_uuid,start\n", encoding="utf-8")
    run = cli("import", export, "--from", "kobo", "--questionnaire", questionnaire,
              "--out", export)  # fmt: skip
    assert run.code == 1 and "one of the files the command reads" in run.err, run.output
    assert export.read_text(encoding="utf-8") == "_uuid,start\n"


def test_an_output_that_is_a_link_a_pipe_or_a_device_is_refused_and_left_as_it_is(
    cli: Cli, inputs: dict[str, Path], tmp_path: Path
) -> None:
    # A file is put in place by a rename, which would have replaced a link with a file
    # (its target untouched), a pipe with a file, and, as root, /dev/null itself (here a
    # node of the same device in tmp_path, which only root may make, as CI runs).
    target = tmp_path / "target.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    outs = [link, pipe]
    device = tmp_path / "null.csv"
    if os.geteuid() == 0:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        outs.append(device)
    said = "this path is no file but a link, a device, a pipe or a socket; nothing was written"
    before = set(tmp_path.iterdir())
    for out in outs:
        runs = [
            cli("score", inputs["responses"], "--model", inputs["model"], "--data",
                inputs["data"], "--format", "csv", "--out", out),
            cli("export", inputs["responses"], "--questionnaire", STRESS_TEST, "--to", "csv",
                "--out", out),
            cli("convert", STRESS_TEST, "--to", "limesurvey", "--out", out),
        ]  # fmt: skip
        for run in runs:
            assert run.code == 1 and f"{out}: {said}" in run.err, run.output
    assert link.is_symlink() and not target.exists()
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    if device in outs:
        assert stat.S_ISCHR(device.lstat().st_mode)
    assert set(tmp_path.iterdir()) == before  # no file beside them, temporary or not


def test_a_later_command_may_write_what_an_earlier_one_read(
    cli: Cli, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "scores.json"
    args = (inputs["responses"], "--model", inputs["model"], "--data", inputs["data"])
    assert cli("score", *args, "--format", "json", "--out", out).code == 0
    assert cli("check", out).code in (0, 1)  # reads it
    assert cli("score", *args, "--format", "json", "--out", out).code == 0


# -- 5. a model's sources stay inside the --data folders and the model's folder ------------


@pytest.mark.parametrize("where", ["absolute", "relative", "link"])
def test_a_source_outside_the_model_folder_is_refused_unread(
    cli: Cli, tmp_path: Path, where: str
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("root:*:19000:0:99999:7:::\n", encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir()
    named = {"absolute": str(secret), "relative": "../secret.csv", "link": "gdp.csv"}[where]
    if where == "link":
        (models / "gdp.csv").symlink_to(secret)
    text = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    text = text.replace("file: gdp_pps_per_head_pct_eu.csv", f"file: {named}", 1)
    model = models / "model.yaml"
    model.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.csv"):
        if not path.name.startswith("gdp_"):
            (data / path.name).write_bytes(path.read_bytes())
    run = cli("score", EXAMPLES / "responses", "--model", model, "--data", data)
    assert run.code == 1, run.output
    line = line_of(text, f"file: {named}", 1)
    assert f"model.yaml:{line}:" in run.err and "outside the model's folder" in run.err
    assert "19000" not in run.output and "99999" not in run.output
    assert "gerd" not in run.err


# -- 6. temporary files of killed saves ----------------------------------------------------


def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_stale_temporary_files_are_removed_on_the_next_survey_and_reported(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    folder.mkdir()
    copy = AT31[0].read_bytes()
    pid = dead_pid()
    stale = [
        folder / f".{AT31[0].name}.{pid}.0a1b2c3d.tmp",  # atomic_write's own
        folder / f".{AT31[1].name}.{pid}.tmp",  # an older version's
        folder / f".{AT31[4].name}.{pid}.87654321.tmp",  # its random part all digits
    ]
    live = [  # saves under way; the random part of the second looks like a process id
        folder / f".{AT31[2].name}.{os.getpid()}.0a1b2c3d.tmp",
        folder / f".{AT31[5].name}.{os.getpid()}.12345678.tmp",
    ]
    # a save under way by a survey on another machine (a shared folder): its process is not
    # one of this machine's, but the file was written a moment ago
    elsewhere = folder / f".{AT31[6].name}.{pid}.0f1e2d3c.tmp"
    other = folder / ".notes.txt"
    for path in (*stale, *live, elsewhere, other):
        path.write_bytes(copy)
    hour_ago = time.time() - 3600
    for path in (*stale, *live):
        os.utime(path, (hour_ago, hour_ago))
    lock = folder / f".{AT31[3].name}.lock"  # of a survey that was killed
    lock.write_text(f"pid: {pid}\nhost: {socket.gethostname()}\nsince: 2026-01-01\n")
    stale.append(lock)
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {}\n", encoding="utf-8")  # incomplete: nothing is saved
    run = cli("survey", STRESS_TEST, "--answers", answers, "--out", folder)
    assert f"{folder}: removed 4 file(s) left by surveys that were stopped" in run.err
    assert all(path.name in run.err for path in stale)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in live) and elsewhere.exists() and other.exists()


# -- 7. two surveys on one response --------------------------------------------------------


def spawn_survey(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "120"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    return pexpect.spawn(sys.executable, ["-m", "s3engine", "survey", *args], cwd=str(cwd),
                         env=env, encoding="utf-8", dimensions=(40, 120), timeout=30)  # fmt: skip


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_a_response_open_in_one_survey_is_not_resumed_by_another(tmp_path: Path) -> None:
    """Both ran, and the last to save replaced the other's answers. Now the second is told
    who has the response and stops; a lock left by a killed survey is taken over."""
    response = tmp_path / AT31[0].name
    response.write_bytes(AT31[0].read_bytes())
    lock = tmp_path / f".{response.name}.lock"
    q, _ = load_questionnaire(STRESS_TEST)
    first = spawn_survey(tmp_path, "s3-stress-test", "--resume", response.name)
    try:
        wait_for(lambda: lock.exists() and f"pid: {first.pid}" in lock.read_text())
        settings = SurveySettings(
            spec=str(STRESS_TEST), out=tmp_path, resume=read_response(response),
            resume_path=response,
        )  # fmt: skip
        with pytest.raises(S3Error) as refused:  # the second survey, before any question
            run_survey(q, settings, Console(file=io.StringIO()))
        said = refused.value.findings[0].render()
        assert f"this response is open in another survey (process {first.pid} on" in said
        assert response.read_bytes() == AT31[0].read_bytes()
    finally:
        first.kill(signal.SIGKILL)
        first.close()
    assert lock.exists()  # killed: left behind
    taken = FileLock(response)
    note = taken.acquire()
    assert note is not None and f"(process {first.pid}," in note
    assert "no longer running; its lock was taken over" in note
    taken.release()
    assert not lock.exists()


# -- exit 0 on bad input: every bad input is refused, with a non-zero exit -----------------


def test_entries_of_a_folder_that_cannot_be_read_are_refused_not_skipped(
    cli: Cli, tmp_path: Path
) -> None:
    """A dangling link, a pipe or a link to /dev/zero named like a response was skipped
    unsaid ("0 refused", exit 0); a pipe named on the command line blocked forever."""
    folder = tmp_path / "responses"
    folder.mkdir()
    (folder / AT31[0].name).write_bytes(AT31[0].read_bytes())
    (folder / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.json")
    run = cli("score", folder, "--data", DATA, "--format", "json")
    assert run.code == 1, run.output
    assert f"{folder / 'dangling.yaml'}: a link to a file that does not exist" in run.err
    assert f"{folder / 'zero.yaml'}: this is not a regular file" in run.err
    assert f"{folder / 'pipe.json'}: this is not a regular file" in run.err
    assert json.loads(run.out)["responses_refused"] == 3
    pipe = str(folder / "pipe.json")
    for command in (["check", pipe], ["score", pipe, "--data", str(DATA)]):
        done = subprocess.run(
            [sys.executable, "-m", "s3engine", *command],
            capture_output=True, text=True, timeout=60, cwd=REPO,
        )  # fmt: skip
        said = done.stdout + done.stderr
        assert done.returncode == 1 and "not a regular file" in said, said


def test_consent_is_true_or_nothing(cli: Cli, tmp_path: Path) -> None:
    """consent: "yes" (a text) counted as consent."""
    folder = tmp_path / "responses"
    folder.mkdir()
    response = folder / AT31[0].name
    response.write_text(
        AT31[0].read_text(encoding="utf-8").replace("consent: true", 'consent: "yes"')
    )
    for args in (["check", response], ["score", folder, "--data", DATA]):
        run = cli(*args)
        assert run.code == 1, run.output
        assert f"{response}:" in run.output and "consent" in run.output


def test_a_stray_quote_in_a_csv_never_swallows_rows_unsaid(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.csv"):
        (data / path.name).write_bytes(path.read_bytes())
    gerd = data / "tgs00042_gerd_pct_gdp.csv"
    lines = gerd.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",TOTAL,", ',"TOTAL,', 1)  # opens a value...
    lines[7] = lines[7].replace(",TOTAL,", ',TOTAL",', 1)  # ... closed two lines on
    gerd.write_text("".join(lines), encoding="utf-8")
    run = cli("score", EXAMPLES / "responses", "--data", data)
    assert run.code == 1, run.output
    assert f"{gerd}:8 sectperf: a value runs over several lines" in run.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--regions", "../../x,AT31"], "--regions '../../X': not a NUTS region code"),
        (["--regions", ",,,"], "--regions: no region code given"),
        (["--lang", "xx"], "--lang xx: the model has no texts in that language"),
    ],
)
def test_bad_options_are_usage_errors(cli: Cli, args: list[str], said: str) -> None:
    run = cli("score", *AT31, "--data", DATA, *args)
    assert run.code == 2, run.output
    assert said in run.err


def test_a_reference_region_missing_from_the_data_is_an_error_at_the_model_line(
    cli: Cli, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        kept = [line for line in text.splitlines(keepends=True) if ",EU27_2020," not in line]
        (data / path.name).write_text("".join(kept), encoding="utf-8")
    model = REPO / "scoring" / "s3-stress-test.yaml"
    run = cli("score", EXAMPLES / "responses", "--data", data)
    assert run.code == 1, run.output
    line = line_of(model.read_text(encoding="utf-8"), "reference_region: EU27_2020", 1)
    assert f"s3-stress-test.yaml:{line}:" in run.err
    assert "the reference region EU27_2020 has no value" in run.err


def test_decimals_are_one_rule_for_every_reader(cli: Cli, tmp_path: Path) -> None:
    government = next(p for p in sorted((EXAMPLES / "responses").rglob("*.yaml"))
                      if "s3_budget_share:" in p.read_text(encoding="utf-8"))  # fmt: skip
    folder = tmp_path / "responses"
    folder.mkdir()
    response = folder / government.name
    text = government.read_text(encoding="utf-8")
    response.write_text(re.sub(r"s3_budget_share: [\d.]+", "s3_budget_share: 12.25", text))
    for args in (["check", response], ["score", folder, "--data", DATA]):
        run = cli(*args)
        assert run.code == 1, run.output
        assert "s3_budget_share: too many decimals: at most 1 allowed" in run.output


# -- check and score: one reader, one verdict ----------------------------------------------


def test_check_and_score_give_one_verdict(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "responses"
    folder.mkdir()
    edited = folder / AT31[0].name  # another version, the hash of this one
    edited.write_text(
        AT31[0].read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1")
    )
    trailing = folder / "trailing.json"  # a trailing comma: YAML reads it, JSON does not
    data = parse_response(load_document(AT31[1])).model_dump(mode="json", by_alias=True)
    trailing.write_text(json.dumps(data, indent=1)[:-2] + ",\n}\n", encoding="utf-8")
    for path in (edited, trailing):
        checked = cli("check", "--strict", path)
        scored = cli("score", path, "--data", DATA)
        assert checked.code == scored.code == 1, (checked.output, scored.output)
    assert "trailing comma" in cli("check", trailing).output


# -- messages with their place -------------------------------------------------------------


def test_score_names_the_line_of_a_refused_answer_as_check_does(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "responses"
    folder.mkdir()
    response = folder / AT31[0].name
    text = AT31[0].read_text(encoding="utf-8").replace("clusters_in_edp: 4", "clusters_in_edp: 9")
    response.write_text(text, encoding="utf-8")
    at = f"{response}:{line_of(text, 'clusters_in_edp: 9', 1)}:3"
    assert at in cli("check", response).output
    assert at in cli("score", folder, "--data", DATA).err
    assert at in cli("plan", folder, "--data", DATA, "--out", tmp_path / "plan",
                     "--format", "json", "--sensitivity", "0").err  # fmt: skip


def test_a_filter_problem_is_shown_at_its_line_in_the_model(cli: Cli, tmp_path: Path) -> None:
    text = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    text = text.replace("filters: {unit: PPS_HAB_EU27_2020}", "filters: {unit: PPS_HAB}")
    model = tmp_path / "model.yaml"
    model.write_text(text, encoding="utf-8")
    run = cli("score", EXAMPLES / "responses", "--model", model, "--data", DATA)
    assert run.code == 1, run.output
    line = line_of(text, "filters: {unit: PPS_HAB}", 1)
    assert f"{model}:{line}:" in run.err and "sources.gdp_per_head.filters.unit" in run.err
    assert "gdp_pps_per_head_pct_eu.csv: the filter unit: PPS_HAB matches no row" in run.err


@pytest.mark.parametrize("name", ["questionnaire.yaml", "responses.jsonl", "response.json"])
def test_a_utf16_file_is_named_utf16_once(cli: Cli, tmp_path: Path, name: str) -> None:
    """Notepad's and the spreadsheets' "Unicode" is UTF-16: one message says so and how to
    save the file (not a byte 0xFF, nor one message per line of a JSON Lines file)."""
    source = REPO / "questionnaires" / "s3-stress-test.yaml" if name.endswith(".yaml") else AT31[0]
    text = source.read_text(encoding="utf-8")
    if name.endswith(".jsonl"):  # two responses, one a line
        data = load_document(AT31[0]).data
        line = json.dumps(data, ensure_ascii=False, default=str)
        text = f"{line}\n{line}\n"
    elif name.endswith(".json"):
        text = json.dumps(load_document(AT31[0]).data, default=str)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-16"))  # with its byte order mark, as Windows saves it
    run = cli("check", path)
    assert run.code == 1
    found = [line for line in run.output.splitlines() if line.startswith(str(path))]
    assert found == [
        f'{path}:1:1: the file is UTF-16 text (what some programs call "Unicode"), not UTF-8; '
        'save it as UTF-8 (from a spreadsheet: "CSV UTF-8")'
    ], run.output


def test_only_a_file_that_starts_as_utf16_is_named_utf16(cli: Cli, tmp_path: Path) -> None:
    """The same two bytes later in a file, or UTF-32's mark (which begins with them), are
    bytes that are not UTF-8, as any other."""
    later = tmp_path / "later.jsonl"
    later.write_bytes(b'{"a": 1}\n\xff\xfe caf\xe9\n')
    utf32 = tmp_path / "utf32.yaml"
    utf32.write_bytes("id: x\n".encode("utf-32"))
    for path, where in ((later, "2:1"), (utf32, "1:1")):
        run = cli("check", path)
        assert run.code == 1
        assert f"{path}:{where}: the file is not UTF-8 text (byte 0xFF here)" in run.output
        assert "UTF-16" not in run.output


def test_an_import_stopped_while_its_disk_is_full_stops_as_interrupted(tmp_path: Path) -> None:
    """Ctrl-C (or another error) while an import writes: the file is not kept, and the
    interruption is what the command reports, not the full disk met when closing the file.
    A kept file does report it, naming the output."""
    full = Path("/dev/full")  # every write to it fails: no space left on device
    with pytest.raises(KeyboardInterrupt), Sink(full, tmp_path / "out.jsonl") as sink:
        sink.write("{}\n" * 100)
        raise KeyboardInterrupt
    with pytest.raises(OSError) as caught, Sink(full, tmp_path / "out.jsonl") as sink:
        sink.write("{}\n" * 100)
    assert caught.value.filename == str(tmp_path / "out.jsonl")


def test_a_write_error_names_the_file_never_its_temporary(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    out.mkdir()  # a folder where the file should go
    run = cli("score", *AT31, "--data", DATA, "--format", "json", "--out", out)
    assert run.code == 1, run.output
    assert f"{out}:" in run.err and ".tmp" not in run.err


def test_a_file_where_an_output_needs_a_folder_is_named(cli: Cli, tmp_path: Path) -> None:
    """`--out report/scores.json` with `report` a file: the system says "File exists" or
    "Not a directory"; the message names the file in the way, for every command that
    writes."""
    (tmp_path / "report").write_text("notes\n", encoding="utf-8")
    responses = EXAMPLES / "responses"
    runs = {
        "report/scores.json": ["score", *AT31, "--data", DATA, "--format", "json"],
        "report/deeper/scores.csv": ["score", *AT31, "--data", DATA, "--format", "csv"],
        "report/plan": ["plan", responses, "--data", DATA],
        "report/responses.sav": ["export", responses, "--questionnaire", STRESS_TEST,
                                 "--to", "sav"],
        "report/form.xlsx": ["convert", STRESS_TEST, "--to", "xlsform"],
    }  # fmt: skip
    for out, command in runs.items():
        run = cli(*command, "--out", tmp_path / out)
        assert run.code == 1, run.output
        assert run.err.startswith(f"{tmp_path / out}: "), run.err
        assert (
            f"{tmp_path / 'report'} is a file, where this path needs a folder; choose another "
            "path, or move or rename that file"
        ) in run.err
        assert "File exists" not in run.err and "Not a directory" not in run.err
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_the_systems_reason_for_a_path_it_refuses_is_said_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """The system's own English ("Is a directory", "File name too long", "Not a directory")
    stood inside messages otherwise said in the language of --lang: the common reasons are
    said in s3engine's words, translated."""
    import errno

    from s3engine.core import messages as M
    from s3engine.i18n import translator

    say = translator(lang).message
    responses = EXAMPLES / "responses" / "AT31"
    export = ["export", responses, "--questionnaire", STRESS_TEST, "--to", "csv", "--lang", lang]
    folder = tmp_path / "table.csv"
    folder.mkdir()  # a folder given as the file to write
    run = cli(*export, "--out", folder)
    assert run.code == 1, run.output
    reason = M.SYSTEM_REASONS[errno.EISDIR]
    assert run.err == f"{folder}: {say(M.PATH_UNUSABLE.format(reason=reason))}\n", run.err
    importing = ["--from", "kobo", "--questionnaire", STRESS_TEST, "--lang", lang]
    importing += ["--out", str(tmp_path / "responses")]
    long = tmp_path / ("q" * 300 + ".csv")  # longer than a file system allows a name
    run = cli("import", long, *importing)
    assert run.code == 1, run.output
    reason = M.SYSTEM_REASONS[errno.ENAMETOOLONG]
    assert run.err == f"{long}: {say(M.FILE_UNREADABLE.format(reason=reason))}\n", run.err
    (tmp_path / "notes").write_text("notes\n", encoding="utf-8")
    under = tmp_path / "notes" / "kobo.csv"  # a path through a file: not a folder
    run = cli("import", under, *importing)
    assert run.code == 1, run.output
    reason = M.PATH_PART_IS_FILE.format(part=tmp_path / "notes")
    assert run.err == f"{under}: {say(M.FILE_UNREADABLE.format(reason=reason))}\n", run.err
    missing = tmp_path / "data.csv"
    run = cli("score", responses, "--data", missing, "--lang", lang)
    assert run.code == 2, run.output
    said = say(M.AT.format(where=str(missing), problem=M.NO_SUCH_PATH))
    assert run.err == f"s3engine: {said}\n", run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "table.csv"]


# -- plan --out: one whole set -------------------------------------------------------------


def test_a_plan_that_cannot_be_written_whole_leaves_the_old_one_whole(tmp_path: Path) -> None:
    """A disk full half-way left new files beside old ones. A file size limit (as a full
    disk would) stops the second set at its last, largest file: nothing of it is put in
    place, and no temporary file is left."""
    folder = tmp_path / "plans"
    code = f"""
import resource, signal
from pathlib import Path
from s3engine.io.files import atomic_write_set
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
folder = Path({str(folder)!r})
atomic_write_set(folder, {{"plan.md": b"old", "plan.json": b"old"}})
resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))
try:
    atomic_write_set(folder, {{"plan.md": b"new", "plan.json": b"x" * 20_000}})
except OSError as exc:
    print(exc.filename)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    assert done.stdout.strip() == str(folder / "plan.json")
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json", "plan.md"]
    assert {p.read_bytes() for p in folder.iterdir()} == {b"old"}


def test_a_folder_in_the_place_of_a_plan_file_leaves_the_old_set_whole(tmp_path: Path) -> None:
    """A folder named plan.md in the plans' folder: the set cannot be put in place whole,
    so none of it stays: plan.json and plan.html, renamed into place before plan.md failed,
    are taken back out (the old plan.json comes back, the new plan.html is gone), and the
    error names plan.md, not a temporary file."""
    folder = tmp_path / "plans"
    atomic_write_set(folder, {"plan.json": b"old"})
    (folder / "plan.md").mkdir()
    with pytest.raises(OSError) as caught:
        atomic_write_set(folder, {"plan.json": b"new", "plan.html": b"new", "plan.md": b"new"})
    assert caught.value.filename == str(folder / "plan.md")
    assert (folder / "plan.json").read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json", "plan.md"]


def test_two_plans_written_into_one_folder_at_once_leave_one_whole_set(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    names = [f"plan-{i}.txt" for i in range(8)]

    def write(mark: bytes) -> None:
        for _ in range(15):
            atomic_write_set(folder, dict.fromkeys(names, mark * 2000))

    threads = [threading.Thread(target=write, args=(mark,)) for mark in (b"a", b"b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({(folder / name).read_bytes() for name in names}) == 1
    assert sorted(p.name for p in folder.iterdir()) == names
    assert not (tmp_path / ".plans.lock").exists()
