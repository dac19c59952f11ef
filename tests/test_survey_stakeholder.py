"""The terminal survey as a stakeholder meets it: nothing typed is lost, nothing is removed
without asking, and the command printed to resume runs as it stands."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from test_survey_support import CTRL_C, DOWN, ENTER, UP, drive, load, only_file, write_small

from s3engine.cli.survey import started_as
from s3engine.responses.files import read_response
from s3engine.survey.terminal import SurveySettings

# The small questionnaire (test_survey_support): consent, organisation, then "has your region
# a cluster policy?" (yes shows "how many cluster initiatives?", at most 500), ...
START = ENTER + "Cluster Holz & Bau" + ENTER
HAS_POLICY_YES = ENTER
REST = (
    "4"  # governance: the digit jumps to the point
    + ENTER
    + " "
    + DOWN
    + " "
    + ENTER  # domains: ict, energy
    + ENTER
    + ENTER
    + DOWN
    + DOWN
    + ENTER  # needs: finance, skills, done
    + "12,5"
    + ENTER
    + DOWN
    + ENTER  # industry plans: soon (a single choice starts on no option)
    + ENTER  # comment: skipped
    + "anna@example.org"
    + ENTER
)


def settings(small: Path, out: Path, lang: str = "de") -> SurveySettings:
    return SurveySettings(
        spec=str(small), region="AT31", group="industry", out=out, lang=lang, command="s3"
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "de",
            "Ihre begonnene Antwort auf „Wie viele Clusterinitiativen gibt es?“ ist gespeichert",
        ),
        ("en", "What you were typing for “How many cluster initiatives are there?” is kept"),
    ],
)
def test_ctrl_c_keeps_the_number_being_typed(tmp_path: Path, lang: str, said: str) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "out"
    run = drive(load(small), settings(small, out, lang), START + HAS_POLICY_YES + "12" + CTRL_C)
    assert run.code == 130
    assert read_response(only_file(out)).response.answers == {"has_policy": True, "clusters": 12}
    assert said in " ".join(run.printed.split())


def test_ctrl_c_keeps_the_text_being_typed(tmp_path: Path) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "out"
    before_comment = REST.removesuffix("anna@example.org" + ENTER)
    before_comment = before_comment.removesuffix(ENTER)  # at the comment, nothing typed yet
    keys = START + HAS_POLICY_YES + "12" + ENTER + before_comment + "Nur teilweise" + CTRL_C
    run = drive(load(small), settings(small, out), keys)
    assert run.code == 130, run.screen
    assert read_response(only_file(out)).response.answers["comment"] == "Nur teilweise"


def test_ctrl_c_keeps_no_typed_answer_that_breaks_a_rule(tmp_path: Path) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "out"
    run = drive(load(small), settings(small, out), START + HAS_POLICY_YES + "600" + CTRL_C)
    assert run.code == 130
    assert read_response(only_file(out)).response.answers == {"has_policy": True}
    assert "begonnene Antwort" not in run.printed


def test_a_change_that_removes_answers_asks_first_and_changing_back_restores_them(
    tmp_path: Path,
) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "out"
    # Review: "change an answer", the first question (has policy), "no".
    to_no = DOWN + ENTER + ENTER + DOWN + ENTER
    keep = ENTER  # the first entry: keep the previous answer
    accept = DOWN + ENTER
    to_yes = DOWN + ENTER + ENTER + UP + ENTER
    show = DOWN + DOWN + DOWN + ENTER  # "show all my answers again"
    submit = ENTER + ENTER  # "submit", "yes, submit"
    keys = START + HAS_POLICY_YES + "12" + ENTER + REST
    # Refused once, accepted once, then back to yes: the review comes back at once.
    keys += to_no + keep + show + to_no + accept + show + to_yes + submit
    run = drive(load(small), settings(small, out), keys)
    assert run.code == 0, run.screen
    text = " ".join(run.printed.split())
    assert text.count("Diese Änderung entfernt Ihre Antworten auf folgende Fragen (1):") == 2
    assert "• Wie viele Clusterinitiativen gibt es?" in text
    reviews = text.split("Ihre Antworten im Überblick")
    assert "Wie viele Clusterinitiativen gibt es?" in reviews[2]  # kept
    assert "Wie viele Clusterinitiativen gibt es?" not in reviews[3]  # removed
    answers = read_response(only_file(out)).response.answers
    assert answers["has_policy"] is True and answers["clusters"] == 12  # brought back


def test_the_resume_command_names_s3engine_as_it_was_started(tmp_path: Path) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "out"
    run = drive(load(small), settings(small, out), START + CTRL_C)
    assert f"s3 survey {small} --resume {only_file(out)}" in run.printed


def test_started_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "s3engine"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    python = bin_dir / "python3"
    python.write_text("#!/bin/sh\n", encoding="utf-8")
    python.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    # On the PATH: its name. Elsewhere: the path typed. python -m: the Python that runs it.
    assert started_as(str(script), str(python)) == "s3engine"
    assert started_as(".venv/bin/s3engine", str(python)) == ".venv/bin/s3engine"
    assert started_as("/opt/my tools/s3engine", str(python)) == "'/opt/my tools/s3engine'"
    assert started_as("/x/s3engine/__main__.py", str(python)) == "python3 -m s3engine"
    assert started_as("/x/__main__.py", "/venv/bin/python3") == "/venv/bin/python3 -m s3engine"


#: The small questionnaire in German, answered for an industry stakeholder of AT31.
SMALL_DE = ["small.yaml", "--lang", "de", "--region", "AT31", "--group", "industry"]


def terminal_env() -> dict[str, str]:
    """A terminal's environment, without colours (the texts are looked for as written)."""
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect never answers cursor position requests
    return env


def in_terminal(
    cwd: Path, program: str, args: list[str], env: dict[str, str] | None = None
) -> pexpect.spawn:
    """`program` run with `args` in a pseudo-terminal, in the folder `cwd`."""
    env = terminal_env() if env is None else env
    return pexpect.spawn(program, args, cwd=str(cwd), env=env, encoding="utf-8", timeout=20)


@pytest.mark.slow
def test_the_printed_resume_command_runs_in_a_shell(tmp_path: Path) -> None:
    """Started as the README says (`.venv/bin/s3engine`), stopped with Ctrl-C: the command
    printed, pasted into a shell in the same folder, resumes the survey."""
    write_small(tmp_path)
    script = Path(sys.executable).parent / "s3engine"
    assert script.exists(), script
    typed = os.path.relpath(script, tmp_path)
    env = terminal_env()
    env["PATH"] = "/usr/bin:/bin"  # no s3engine on the PATH
    # typed into a shell in that folder (pexpect would look the relative path up from here)
    first = in_terminal(tmp_path, "/bin/sh", ["-c", shlex.join([typed, "survey", *SMALL_DE])], env)
    first.expect("Ihre Entscheidung")
    first.send(ENTER)
    first.expect("Ihre Organisation")
    first.send("Cluster Holz & Bau" + ENTER)
    first.expect("Hat Ihre Region eine Clusterpolitik")
    first.send(CTRL_C)
    first.expect(
        r"\n(?:\x1b\[[0-9;]*m)* *([^\s\x1b]+ survey small\.yaml --resume [^\s\x1b]+\.yaml)"
    )
    command = first.match.group(1)
    first.expect(pexpect.EOF)
    assert command.startswith(typed + " survey"), command
    second = in_terminal(tmp_path, "/bin/sh", ["-c", command], env)
    second.expect("Willkommen zurück")
    # Ctrl-C once the question it resumes at is on the screen, as in the first run (a Ctrl-C
    # typed while the prompt is set up comes as SIGINT: test_sigint_at_any_prompt_...)
    second.expect("Hat Ihre Region eine Clusterpolitik")
    second.send(CTRL_C)
    second.expect(pexpect.EOF)


def test_response_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    small = write_small(tmp_path)
    out = tmp_path / "new" / "out"
    drive(load(small), settings(small, out), START + HAS_POLICY_YES + "12" + ENTER + CTRL_C)
    path = only_file(out)
    assert path.stat().st_mode & 0o777 == 0o600
    assert out.stat().st_mode & 0o777 == 0o700
    drive(
        load(small),
        SurveySettings(spec=str(small), out=out, resume=read_response(path), resume_path=path),
        ENTER + CTRL_C,
    )  # saved again (replaced): still private
    assert path.stat().st_mode & 0o777 == 0o600


def test_usage_errors_of_the_survey_exit_2(tmp_path: Path) -> None:
    """A missing --answers or --resume file, and a terminal that cannot show the survey."""
    import subprocess

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "s3engine", "survey", "s3-stress-test", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )

    missing = run("--answers", str(tmp_path / "missing.yaml"))
    assert missing.returncode == 2 and "missing.yaml: no such file" in missing.stderr
    resume = run("--resume", str(tmp_path / "missing.yaml"))
    assert resume.returncode == 2 and "missing.yaml: no such file" in resume.stderr


@pytest.mark.slow
def test_an_ascii_terminal_gets_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "s3engine", "survey", "s3-stress-test", "--lang", "de"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    # In the language asked for (--lang de), in letters any terminal shows.
    child.expect(r"Zeichensatz dieses Terminals \((ascii|ANSI_X3.4-1968)\) kann die Umlaute")
    child.expect("LC_ALL=C.UTF-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_a_submitted_response_reopened_and_saved_for_later_stays_submitted(
    tmp_path: Path,
) -> None:
    from s3engine.io.yamlio import load_yaml_text
    from s3engine.responses.files import create_response_file
    from s3engine.survey.script import response_from_answers

    small = write_small(tmp_path)
    out = tmp_path / "out"
    q = load(small)
    answers = load_yaml_text(
        "consent: true\nprofile: {region: AT31, group: industry}\n"
        "answers: {has_policy: true, clusters: 12, governance: 4}\n",
        "answers.yaml",
    )
    path = create_response_file(out, response_from_answers(q, answers))
    resumed = SurveySettings(
        spec=str(small), out=out, resume=read_response(path), resume_path=path, command="s3"
    )
    # Review: change the number of clusters to what it is (12), then "save and finish later".
    same = DOWN + ENTER + DOWN + ENTER + ENTER
    run = drive(q, resumed, same + DOWN + DOWN + ENTER)
    assert run.code == 0, run.screen
    assert read_response(path).response.status == "complete"


def test_without_a_terminal_the_message_speaks_the_users_language(tmp_path: Path) -> None:
    """One line, in --lang or the language of the environment, naming a command that exists
    wherever s3engine is installed (not a file of the source repository)."""
    import subprocess

    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    run = subprocess.run(
        [sys.executable, "-m", "s3engine", "survey", "s3-stress-test"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert run.returncode == 2
    assert "l'entrée standard n'est pas un terminal" in run.stderr
    assert "-m s3engine schema answers" in run.stderr and "docs/" not in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("shown", ["a yes/no question", "a number being typed"])
def test_sigint_at_any_prompt_stops_and_saves_as_ctrl_c_does(tmp_path: Path, shown: str) -> None:
    """SIGINT is what the terminal sends for a Ctrl-C typed before the prompt takes keys one
    by one, and what `kill -INT` sends. prompt_toolkit makes it a key of its own, which
    questionary's choice prompts did not take: the survey waited on at the question. It now
    stops as on Ctrl-C, what was answered saved, and an answer being typed that fits kept."""
    write_small(tmp_path)
    child = in_terminal(tmp_path, sys.executable, ["-m", "s3engine", "survey", *SMALL_DE])
    child.expect("Ihre Entscheidung")
    child.send(START)
    child.expect("Hat Ihre Region eine Clusterpolitik")  # drawn by the prompt
    if shown == "a number being typed":
        child.send(HAS_POLICY_YES)
        child.expect("Wie viele")
        child.send("12")
        child.expect("12")  # drawn by the prompt: it takes keys
    child.kill(signal.SIGINT)
    child.expect("Um dort weiterzumachen")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    response = read_response(only_file(tmp_path / "responses")).response
    assert response.respondent.organisation == "Cluster Holz & Bau"
    assert response.status == "partial"
    expected = {"has_policy": True, "clusters": 12} if shown == "a number being typed" else {}
    assert response.answers == expected
