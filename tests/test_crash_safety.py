"""What a respondent has answered survives kill -9, a closed terminal, SIGTERM, SIGHUP, and a
second survey answering into the same folder at the same time.

The survey saves after every answer: a temporary file, fsync, rename (docs/security.md).
Most tests here run the real survey (s3engine.survey.terminal.run_survey, its real prompts fed by a
pipe) in child processes forked by one helper process, so that twenty runs cost a fraction
of a second each; the helper stops them at random moments, or exactly while a file is being
written, which it sees by its temporary file. The children write to a slow disk (fsync takes
3 ms longer) so that those moments are wide enough to hit. The other tests drive the real
command in a pseudo-terminal, as a respondent meets it.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import Cli

from s3engine.responses.files import read_response, response_files
from s3engine.responses.model import Response

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and signals are POSIX")

TESTS = Path(__file__).resolve().parent
#: Questions of the questionnaire the forked surveys answer.
QUESTIONS = 6
#: The review's "submit my answers", then "yes, submit".
SUBMIT = "\r\r"
#: What the slow disk adds to every fsync, in seconds.
SLOW_DISK = 0.003


def crash_questionnaire(n: int) -> str:
    """n required questions (yes/no, whole number, text, in turn), six to a section."""
    lines = [
        "id: crash",
        'version: "1"',
        "title: Cluster survey",
        "languages: [en]",
        "default_language: en",
        "profile: {ask_organisation: false, ask_sector: false}",
        "sections:",
    ]
    for i in range(n):
        if i % 6 == 0:
            lines += [f"  - id: part{i // 6}", f"    title: Part {i // 6 + 1}", "    questions:"]
        lines += [f"      - id: q{i}", f'        text: "Question {i}?"', "        required: true"]
        kind = i % 3
        if kind == 0:
            lines.append("        type: yes_no")
        elif kind == 1:
            lines += ["        type: number", "        integer: true"]
        else:
            lines += ["        type: text", "        max_length: 100"]
    return "\n".join(lines) + "\n"


def answer_keys(who: str, first: int, n: int) -> list[str]:
    """The keys that answer questions first..n-1: yes, the question's number, a note."""
    keys = []
    for i in range(first, n):
        kind = i % 3
        keys.append("\r" if kind == 0 else f"{i}\r" if kind == 1 else f"{who} note {i}\r")
    return keys


def expected_answers(who: str, n: int) -> dict[str, Any]:
    """What answer_keys(who, 0, n) answers."""
    answers: dict[str, Any] = {}
    for i in range(n):
        kind = i % 3
        answers[f"q{i}"] = True if kind == 0 else i if kind == 1 else f"{who} note {i}"
    return answers


def assert_saved_so_far(response: Response, who: str) -> int:
    """The answers are those of the first k questions, exactly; return k."""
    expected = expected_answers(who, QUESTIONS)
    k = len(response.answers)
    assert response.answers == dict(list(expected.items())[:k])
    assert (response.status == "complete") == (k == QUESTIONS and response.submitted is not None)
    return k


def temporary_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("."))


def response_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


# -- the helper process: forks surveys and stops them ------------------------------------------


def _survey_child(questionnaire: Path, out: Path, keys: str) -> int:
    """In a forked child: the real survey, answering `keys`, on a slow disk."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput
    from rich.console import Console

    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.survey.terminal import SurveySettings, run_survey

    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        time.sleep(SLOW_DISK)
        real_fsync(fd)

    os.fsync = slow_fsync
    q, _ = load_questionnaire(questionnaire)
    # Everyone in one region and group: the file names differ only by the respondent's id.
    settings = SurveySettings(
        spec=str(questionnaire), lang="en", region="AT31", group="industry", out=out
    )
    console = Console(file=io.StringIO(), width=100, color_system=None)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=PlainTextOutput(io.StringIO())):
            return run_survey(q, settings, console)


def _fork(task: Callable[[], int]) -> int:
    pid = os.fork()
    if pid == 0:  # the child never returns into the helper
        code = 3
        try:
            code = task()
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def _writing(folder: Path, pid: int) -> bool:
    """Whether the child `pid` has a temporary file open in `folder` right now."""
    mark = f".{pid}."  # io.files.atomic_write names it .<name>.<pid>.<random>.tmp
    with os.scandir(folder) as entries:
        return any(
            e.name.startswith(".") and mark in e.name and e.name.endswith(".tmp") for e in entries
        )


def _exit_code(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _stop_runs(
    questionnaire: Path, out: Path, seed: int, runs: int, signum: int
) -> list[dict[str, Any]]:
    """Run 0 answers everything; runs 1.. are sent `signum` at a random moment, every other
    one exactly while its file is being written (SIGTERM: every one, for a SIGTERM before
    the survey has begun ends the process the default way, with nothing to keep)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    keys = "".join(answer_keys("A", 0, QUESTIONS)) + SUBMIT
    started = time.monotonic()
    pid = _fork(lambda: _survey_child(questionnaire, out, keys))
    report = [{"moment": "never", "code": _exit_code(pid), "mid_write": False}]
    duration = time.monotonic() - started
    report[0]["seconds"] = duration
    for run in range(1, runs):
        moment = "while writing" if run % 2 or signum != signal.SIGKILL else "any"
        # A write is waited for in the first half of a run, when some are still to come.
        delay = rng.uniform(0.0, duration if moment == "any" else duration / 2)
        for _ in range(ATTEMPTS):
            stopped = _stop_one(questionnaire, out, keys, moment, delay, duration, signum)
            if stopped is not None:
                report.append(stopped)
                break
            # Done before its moment: this run was quicker than run 0 (the machine less
            # busy). A moment within its own time is drawn, and a survey run again.
            delay = rng.uniform(0.0, delay)
        else:
            report.append({"moment": moment, "code": 0, "mid_write": False})
    return report


#: How many surveys a run of _stop_runs starts, at most, to stop one before it ends.
ATTEMPTS = 4


def _stop_one(
    questionnaire: Path,
    out: Path,
    keys: str,
    moment: str,
    delay: float,
    duration: float,
    signum: int,
) -> dict[str, Any] | None:
    """One survey, sent `signum` `delay` seconds after it starts (at `moment`: "any", or
    "while writing", at its next write after the delay); its report, or None when it ended
    by itself before then."""
    started = time.monotonic()
    pid = _fork(lambda: _survey_child(questionnaire, out, keys))
    while True:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            assert os.waitstatus_to_exitcode(status) == 0, status
            return None
        now = time.monotonic()
        if now - started < delay:
            time.sleep(0.0005)
            continue
        if moment == "any" or now - started > delay + 2 * duration:
            mid_write = _writing(out, pid)
        elif not _writing(out, pid):
            continue  # wait for the next file to be written, then stop it there
        else:
            mid_write = True
        os.kill(pid, signum)
        return {"moment": moment, "code": _exit_code(pid), "mid_write": mid_write}


def _side_by_side(questionnaire: Path, out: Path, rounds: int) -> list[int]:
    """Two surveys at once into `out`, `rounds` times; their exit codes."""
    codes = []
    for _ in range(rounds):
        pids = [
            _fork(
                lambda who=who: _survey_child(
                    questionnaire, out, "".join(answer_keys(who, 0, QUESTIONS)) + SUBMIT
                )
            )
            for who in ("A", "B")
        ]
        codes += [_exit_code(pid) for pid in pids]
    return codes


def _answer_files_side_by_side(
    questionnaire: Path, out: Path, files: list[Path], rounds: int
) -> list[int]:
    """`s3engine survey Q --answers FILE`, `rounds` times in each of two processes at once."""
    from s3engine.cli.main import main

    def task(path: Path) -> int:
        codes = []
        for _ in range(rounds):
            with redirect_stdout(io.StringIO()):
                codes.append(
                    main(["survey", str(questionnaire), "--answers", str(path), "--out", str(out)])
                )
        return max(codes)

    pids = [_fork(lambda path=path: task(path)) for path in files]
    return [_exit_code(pid) for pid in pids]


def helper(argv: list[str]) -> None:
    """The helper process's entry point: run one experiment, print its report as JSON."""
    # Imported once here, not in every child.
    importlib.import_module("prompt_toolkit")
    importlib.import_module("s3engine.survey.terminal")

    what, questionnaire, out, *rest = argv
    report: Any
    if what == "stop":
        seed, runs, signame = rest
        signum = getattr(signal, signame)
        report = _stop_runs(Path(questionnaire), Path(out), int(seed), int(runs), signum)
    elif what == "side-by-side":
        report = _side_by_side(Path(questionnaire), Path(out), int(rest[0]))
    else:
        rounds, *files = rest
        report = _answer_files_side_by_side(
            Path(questionnaire), Path(out), [Path(f) for f in files], int(rounds)
        )
    print(json.dumps(report))


def run_helper(*args: str | Path) -> Any:
    code = (
        f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
        "import test_crash_safety as t; t.helper(sys.argv[1:])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    HELPER_STDERR[:] = [done.stderr]
    return json.loads(done.stdout)


#: What the last helper process wrote to stderr, shown when its report is not the one expected.
HELPER_STDERR: list[str] = []


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    path = tmp_path / "crash.yaml"
    path.write_text(crash_questionnaire(QUESTIONS), encoding="utf-8")
    return path


# -- kill -9 ------------------------------------------------------------------------------------


@pytest.mark.timing
@pytest.mark.slow
def test_kill_9_at_random_moments_never_leaves_a_broken_response(
    cli: Cli, questionnaire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    report = run_helper("stop", questionnaire, out, 6, 20, "SIGKILL")

    assert report[0]["code"] == 0  # the run that was left alone submitted
    killed = [r for r in report[1:] if r["code"] == -signal.SIGKILL]
    assert len(killed) >= 12, report
    mid_write = [r for r in killed if r["mid_write"]]
    assert len(mid_write) >= 5, report

    files = response_paths(out)
    # the lock of each killed survey is left too (the next survey there removes it)
    leftovers = [p for p in temporary_files(out) if not p.name.endswith(".lock")]
    # A kill while writing leaves that write's temporary file (unless the rename came
    # first), never a broken response file.
    assert leftovers
    assert all(p.name.endswith(".tmp") for p in leftovers)
    # Every response file is whole, and holds exactly the answers saved before the kill.
    saved = [assert_saved_so_far(read_response(path).response, "A") for path in files]
    assert saved.count(QUESTIONS) >= 1 and min(saved) < QUESTIONS
    # Reading the folder sees the response files, never the temporary ones.
    assert response_files([out]) == files
    run = cli("check", "--questionnaire", questionnaire, out)
    assert run.code == 0, run.out
    assert f"{len(files)} files checked: all valid" in run.out


@pytest.mark.timing
def test_a_survey_killed_with_kill_9_resumes_from_its_last_answer(
    questionnaire: Path, tmp_path: Path
) -> None:
    from test_survey_support import drive, load

    from s3engine.survey.terminal import SurveySettings

    out = tmp_path / "responses"
    report = run_helper("stop", questionnaire, out, 11, 4, "SIGKILL")
    assert [r["code"] for r in report[1:]].count(-signal.SIGKILL) >= 2, report
    partial = [p for p in response_paths(out) if read_response(p).response.status == "partial"]
    assert partial, report
    path = min(partial, key=lambda p: len(read_response(p).response.answers))
    loaded = read_response(path)
    k = assert_saved_so_far(loaded.response, "A")

    settings = SurveySettings(spec=str(questionnaire), out=out, resume=loaded, resume_path=path)
    keys = "".join(answer_keys("A", k, QUESTIONS)) + SUBMIT
    driven = drive(load(questionnaire), settings, keys)
    assert driven.code == 0, driven.screen[-2000:]
    resumed = read_response(path).response
    assert resumed.status == "complete"
    assert resumed.answers == expected_answers("A", QUESTIONS)
    assert resumed.respondent == loaded.response.respondent
    assert resumed.started == loaded.response.started


@pytest.mark.slow
def test_sigterm_while_a_file_is_written_lets_the_write_finish(
    questionnaire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    report = run_helper("stop", questionnaire, out, 3, 6, "SIGTERM")
    stopped = [r for r in report[1:] if r["code"] == 130]
    assert len(stopped) >= 3, report
    assert sum(r["mid_write"] for r in stopped) >= 2, report
    assert all(r["code"] in (0, 130) for r in report), report  # stopped, never killed
    # The survey saved what it had, and cleaned up after itself.
    assert temporary_files(out) == []
    for path in response_paths(out):
        assert_saved_so_far(read_response(path).response, "A")


# -- two surveys into one folder --------------------------------------------------------------


@pytest.mark.slow
def test_two_surveys_answering_into_one_folder_keep_each_others_answers(
    cli: Cli, questionnaire: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    codes = run_helper("side-by-side", questionnaire, out, 3)
    assert codes == [0] * 6
    files = response_paths(out)
    assert len(files) == 6 and temporary_files(out) == []
    by_who: dict[str, int] = {"A": 0, "B": 0}
    for path in files:
        response = read_response(path).response
        who = str(response.answers["q2"])[0]
        by_who[who] += 1
        assert response.status == "complete"
        assert response.answers == expected_answers(who, QUESTIONS)
    assert by_who == {"A": 3, "B": 3}
    # Same region, group and second: the names differ by the respondent's random id.
    assert len({p.name.rsplit("-", 1)[1] for p in files}) == 6
    assert cli("check", "--questionnaire", questionnaire, out).code == 0


@pytest.mark.timing  # two processes race: alone, not beside another worker
def test_two_answer_files_at_once_into_one_folder_lose_nothing(
    questionnaire: Path, tmp_path: Path
) -> None:
    files = []
    for who in ("A", "B"):
        answers = expected_answers(who, QUESTIONS)
        path = tmp_path / f"answers-{who}.json"
        path.write_text(
            json.dumps(
                {
                    "language": "en",
                    "profile": {"region": "AT31", "group": "industry"},
                    "answers": answers,
                }
            ),
            encoding="utf-8",
        )
        files.append(path)
    out = tmp_path / "responses"
    assert run_helper("answers", questionnaire, out, 10, *files) == [0, 0], HELPER_STDERR
    written = response_paths(out)
    assert len(written) == 20 and temporary_files(out) == []
    whos = sorted(str(read_response(p).response.answers["q2"])[0] for p in written)
    assert whos == ["A"] * 10 + ["B"] * 10
    for path in written:
        response = read_response(path).response
        assert response.answers == expected_answers(str(response.answers["q2"])[0], QUESTIONS)


# -- in a pseudo-terminal: Ctrl-C, SIGTERM, SIGHUP, a closed terminal, two respondents ----------


def spawn(cwd: Path, *args: str) -> Any:
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "120"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect never answers cursor position requests
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "s3engine", "survey", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=15,
    )
    child.delaybeforesend = None
    return child


def start_small(tmp_path: Path, who: str = "A") -> Any:
    """A survey of four questions in a terminal, stopped at the third question."""
    (tmp_path / "small.yaml").write_text(crash_questionnaire(4), encoding="utf-8")
    child = spawn(
        tmp_path,
        "small.yaml",
        "--lang",
        "en",
        "--region",
        "SI04",
        "--group",
        "academia",
        "--out",
        "out",
    )
    keys = answer_keys(who, 0, 4)
    for i in range(2):
        child.expect(f"Question {i}\\?")
        child.send(keys[i])
    child.expect("Question 2\\?")
    return child


@pytest.mark.slow
@pytest.mark.parametrize("how", ["Ctrl-C", "SIGTERM", "SIGHUP", "a burst of SIGTERM and SIGHUP"])
def test_ctrl_c_sigterm_and_sighup_stop_the_survey_alike(tmp_path: Path, how: str) -> None:
    child = start_small(tmp_path)  # the prompt of question 2 is on the screen
    shown = io.StringIO()
    child.logfile_read = shown
    if how == "Ctrl-C":
        child.send("\x03")
    elif how.startswith("a burst"):
        for signum in [signal.SIGTERM, signal.SIGHUP] * 15:
            child.kill(signum)
    else:
        child.kill(getattr(signal, how))
    child.expect("The survey has been interrupted.")
    child.expect("Your answers so far are saved in")
    child.expect("To continue where you stopped, run:")
    child.expect(r"s3engine survey small\.yaml --resume (out/\S+\.yaml)")
    command, saved = child.match.group(0), child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in shown.getvalue()
    response = read_response(tmp_path / saved).response
    assert response.status == "partial"
    assert response.answers == {"q0": True, "q1": 1}
    assert temporary_files(tmp_path / "out") == []

    # The command printed continues where the respondent stopped.
    resumed = spawn(tmp_path, *shlex.split(command)[2:])
    resumed.expect("We continue with question 3 of 4")
    for i, keys in enumerate(answer_keys("A", 2, 4), start=2):
        resumed.expect(f"Question {i}\\?")
        resumed.send(keys)
    resumed.expect("What would you like to do")
    resumed.send("\r")
    resumed.expect("Submit your answers now?")
    resumed.send("\r")
    resumed.expect("Thank you!")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    assert read_response(tmp_path / saved).response.answers == expected_answers("A", 4)


@pytest.mark.slow
def test_a_closed_terminal_keeps_what_was_answered(tmp_path: Path) -> None:
    child = start_small(tmp_path)
    child.ptyproc.fileobj.close()  # the terminal window is closed: the kernel sends SIGHUP
    deadline = time.monotonic() + 15
    while child.ptyproc.isalive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not child.ptyproc.isalive()
    assert child.ptyproc.exitstatus == 130  # stopped as on Ctrl-C, not killed
    (saved,) = response_paths(tmp_path / "out")
    response = read_response(saved).response
    assert (response.status, response.answers) == ("partial", {"q0": True, "q1": 1})
    assert temporary_files(tmp_path / "out") == []


@pytest.mark.slow
def test_two_respondents_in_two_terminals_answer_into_one_folder(tmp_path: Path) -> None:
    (tmp_path / "small.yaml").write_text(crash_questionnaire(4), encoding="utf-8")
    args = ("small.yaml", "--lang", "en", "--region", "SI04", "--group", "academia", "--out", "out")
    children = {"A": spawn(tmp_path, *args), "B": spawn(tmp_path, *args)}
    keys = {who: answer_keys(who, 0, 4) for who in children}
    for i in range(4):  # one answer each, in turn
        for who, child in children.items():
            child.expect(f"Question {i}\\?")
            child.send(keys[who][i])
    for child in children.values():
        child.expect("What would you like to do")
        child.send("\r")
        child.expect("Submit your answers now?")
        child.send("\r")
        child.expect("Thank you!")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    files = response_paths(tmp_path / "out")
    assert len(files) == 2
    answers = sorted((read_response(p).response.answers for p in files), key=lambda a: str(a["q2"]))
    assert answers == [expected_answers("A", 4), expected_answers("B", 4)]
