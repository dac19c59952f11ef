"""The real `s3engine survey` command in a pseudo-terminal, as a respondent meets it.

Answer some questions, stop with Ctrl-C, resume, change an answer on the review screen,
submit; then the response file holds the answers and `s3engine check` accepts it.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from test_survey_support import write_small

from s3engine.cli.main import main
from s3engine.responses.files import read_response

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]

DOWN = "\x1b[B"


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "120"}
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor position
    # requests, which would cost a second per prompt.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "s3engine", "survey", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=15,
    )


def test_stop_resume_change_and_submit_in_a_terminal(tmp_path: Path) -> None:
    write_small(tmp_path)
    first = spawn(
        tmp_path,
        "small.yaml",
        "--lang",
        "de",
        "--region",
        "AT31",
        "--group",
        "industry",
        "--out",
        "out",
    )
    first.expect("Ihre Entscheidung")
    first.send("\r")
    first.expect("Ihre Organisation")
    first.send("Cluster Holz & Bau\r")
    first.expect("Hat Ihre Region eine Clusterpolitik")
    first.send("\r")
    first.expect("Wie viele Clusterinitiativen")
    first.expect("Strg-B zurück")
    first.send("600\r")
    first.expect("Die Zahl darf höchstens 500 betragen.")
    first.send("\x7f\x7f\x7f12\r")
    first.expect("Wie gut ist die S3-Governance")
    first.send("\x03")  # Ctrl-C
    first.expect("Die Befragung wurde unterbrochen.")
    first.expect(r"--resume (\S+\.yaml)")
    saved = first.match.group(1)
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 130
    partial = read_response(tmp_path / saved).response
    assert partial.status == "partial"
    assert partial.answers == {"has_policy": True, "clusters": 12}

    second = spawn(tmp_path, "small.yaml", "--resume", saved)
    second.expect("Es geht weiter mit Frage 3 von 9")
    second.expect("Wie gut ist die S3-Governance")
    second.send("4\r")
    second.expect("Welche Bereiche sind am wichtigsten")
    second.send(" \r")
    second.expect("Platz 1")
    second.send("\r")
    second.expect("Platz 2")
    second.send("\r")
    second.expect("Platz 3")
    second.send(DOWN + DOWN + "\r")  # "done", below the two options left
    second.expect("Anteil der FuE am Umsatz")
    second.send("\r")  # empty: skipped
    second.expect("Wann werden Sie investieren")
    second.send("\r")  # no option chosen yet: the survey says what to do
    second.expect("Noch ist keine Antwort gewählt")
    second.send(DOWN + "\r")
    second.expect("Sonst noch etwas")
    second.send("\r")
    second.expect("Ihre E-Mail-Adresse")
    second.send("\r")
    second.expect("Ihre Antworten im Überblick")
    second.expect("Wie möchten Sie fortfahren")
    second.send(DOWN + "\r")  # change an answer
    second.expect("Welche Antwort möchten Sie ändern")
    second.send(DOWN + DOWN + "\r")  # the third: governance
    second.expect("Wie gut ist die S3-Governance")
    second.send("5\r")
    second.expect("5 – ausgezeichnet")
    second.expect("Wie möchten Sie fortfahren")
    second.send("\r")  # submit
    second.expect("Antworten jetzt absenden?")
    second.send("\r")  # yes
    second.expect("Vielen Dank!")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0

    response = read_response(tmp_path / saved).response
    assert response.status == "complete"
    assert response.answers == {
        "has_policy": True,
        "clusters": 12,
        "governance": 5,
        "domains": ["ict"],
        "needs": ["finance", "skills"],
        "industry_plans": "soon",
    }
    assert response.skipped == ["rd_share", "comment", "email"]
    assert main(["check", str(tmp_path / "small.yaml"), str(tmp_path / "out")]) == 0


def test_sigterm_saves_what_was_answered(tmp_path: Path) -> None:
    write_small(tmp_path)
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
    child.expect("Your decision")
    child.send("\r")
    child.expect("Your organisation")
    child.send("\r")
    child.expect("cluster policy")
    child.send(DOWN + "\r")
    child.expect("How good is the S3 governance")
    child.kill(signal.SIGTERM)
    child.expect("The survey has been interrupted.")
    child.expect(r"--resume (\S+\.yaml)")
    saved = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert read_response(tmp_path / saved).response.answers == {"has_policy": False}
    assert re.fullmatch(r"out/SI04-academia-\d{8}T\d{6}Z-[0-9a-f]{12}\.yaml", saved)
