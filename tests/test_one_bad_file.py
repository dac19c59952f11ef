"""One bad file must never stall, crash or overwrite anything.

Each test is a case found by a hostile suite written apart from tests/hostile: a file built
to keep every command busy, to crash the scoring of every region, to slip past a limit, to
overwrite an input or to leak another file. Big inputs are measured in benchmarks/
(unknown_keys.py); the checks here use sizes that run in well under a second.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import REPO, Cli

from s3engine.core.findings import S3Error
from s3engine.core.limits import MAX_EXPANDED_CHARACTERS, MAX_FINDINGS_OF_A_KIND
from s3engine.io.files import load_document
from s3engine.io.yamlio import load_yaml_text
from s3engine.questionnaire import load_questionnaire
from s3engine.questionnaire.answers import check_answers
from s3engine.responses.files import parse_response

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


def test_answers_to_unknown_questions_are_listed_twenty_and_counted() -> None:
    q, _ = load_questionnaire(STRESS_TEST)
    answers = {f"k{i}": 0 for i in range(5_000)}
    problems = check_answers(q, answers, group=None, lang="en", complete=False)
    unknown = [p for p in problems if "no question" in p[1]]
    assert len(unknown) == MAX_FINDINGS_OF_A_KIND
    assert unknown[-1][1].endswith("(and 4,980 more of this kind in this file, not listed)")


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
    """Every answer rule and every condition meets the number without float()."""
    q, _ = load_questionnaire(STRESS_TEST)
    for value in (int(HUGE), -int(HUGE), [int(HUGE)]):
        answers = dict.fromkeys(q.question_index, value)
        problems = check_answers(q, answers, group=None, lang="en", complete=True)
        assert {qid for qid, _ in problems} == set(answers)


# -- 3. a text repeated through aliases ----------------------------------------------------


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
    start = time.perf_counter()
    for run in (cli("check", path), cli("survey", path, "--answers", tmp_path / "none.yaml")):
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
    assert finding.code == "limit" and finding.line == 3


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
    ]
    live = folder / f".{AT31[2].name}.{os.getpid()}.0a1b2c3d.tmp"  # a save under way
    other = folder / ".notes.txt"
    for path in (*stale, live, other):
        path.write_bytes(copy)
    run = cli("survey", STRESS_TEST, "--answers", tmp_path / "answers.yaml", "--out", folder)
    assert f"{folder}: removed 2 temporary file(s) of saves that were interrupted" in run.err
    assert all(path.name in run.err for path in stale)
    assert not any(path.exists() for path in stale)
    assert live.exists() and other.exists()


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


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_response_open_in_one_survey_is_not_resumed_by_another(tmp_path: Path) -> None:
    """Both ran, and the last to save replaced the other's answers. Now the second is told
    who has the response and stops; a lock left by a killed survey is taken over."""
    response = tmp_path / AT31[0].name
    response.write_bytes(AT31[0].read_bytes())
    lock = tmp_path / f".{response.name}.lock"
    first = spawn_survey(tmp_path, "s3-stress-test", "--resume", response.name)
    try:
        wait_for(lambda: lock.exists() and f"pid: {first.pid}" in lock.read_text())
        second = spawn_survey(tmp_path, "s3-stress-test", "--resume", response.name)
        second.expect(pexpect.EOF)
        second.close()
        assert second.exitstatus == 1
        said = " ".join(str(second.before).split())
        assert f"this response is open in another survey (process {first.pid} on" in said
        assert response.read_bytes() == AT31[0].read_bytes()
    finally:
        first.kill(signal.SIGKILL)
        first.close()
    assert lock.exists()  # killed: left behind
    third = spawn_survey(tmp_path, "s3-stress-test", "--resume", response.name)
    try:
        third.expect(r"no\s+longer\s+running;\s+its\s+lock\s+was\s+taken\s+over")
        wait_for(lambda: f"pid: {third.pid}" in lock.read_text())
    finally:
        third.kill(signal.SIGTERM)  # saves and exits
        third.expect(pexpect.EOF)
        third.close()
    assert not lock.exists()
