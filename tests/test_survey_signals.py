"""SIGTERM and SIGHUP stop the terminal survey at any moment, as Ctrl-C does, never with a
traceback: "The survey has been interrupted.", exit code 130, every answer given saved.

A Python signal handler runs between any two bytecodes of the main thread, and while a
prompt is open those are mostly inside prompt_toolkit's asyncio event loop, where an
exception is printed and swallowed. The survey's handler therefore never raises
(survey.terminal._Signals): an open prompt is made to exit from inside its loop, otherwise
the survey stops at its next safe point.

The first tests deliver real signals to this process at exact moments of a real survey (its
real prompts fed by a pipe): while a prompt is being drawn inside the event loop, while the
respondent types into it, while a background task of the prompt runs (there the survey used
to print "Unhandled exception in event loop" and wait for Enter), in a burst, before the
first question, between two questions, after the last save. Their screens are streams that
send the signal when a given text is written to them (Respondent); the keys the respondent
would type next follow the signal, so that a survey that missed the stop goes on and
submits. tests/test_crash_safety.py sends them to the real command in a pseudo-terminal.
"""

from __future__ import annotations

import inspect
import io
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from rich.console import Console
from test_crash_safety import (
    SUBMIT,
    answer_keys,
    crash_questionnaire,
    expected_answers,
    response_paths,
    temporary_files,
)
from test_survey_support import load

from s3engine.responses.files import read_response
from s3engine.responses.model import Response
from s3engine.survey.terminal import SurveySettings, run_survey

STOPS = [signal.SIGTERM, signal.SIGHUP]
#: The keys that answer each of the four questions (yes/no, number, text, yes/no).
KEYS = answer_keys("A", 0, 4)


class Respondent(io.StringIO):
    """A screen, and a respondent reading it: each step waits until its text has been
    written, then sends this process its signals and types its keys. The signals arrive
    exactly where that text is written: for a prompt, inside its event loop, as it is drawn.
    """

    def __init__(self, *steps: tuple[str, list[int], str]) -> None:
        super().__init__()
        self.steps = list(steps)
        self.keyboard: PipeInput | None = None
        self.seen = 0  # where the next step's text is looked for

    def write(self, s: str) -> int:
        written = super().write(s)
        screen = self.getvalue()
        while self.steps and self.steps[0][0] in screen[self.seen :]:
            text, signals, keys = self.steps.pop(0)
            self.seen = screen.index(text, self.seen) + len(text)
            self._act(signals, keys)
        return written

    def polled(self) -> None:
        """prompt_toolkit's background task asked the terminal's size: a POLLED step acts."""
        if self.steps and self.steps[0][0] is POLLED:
            _, signals, keys = self.steps.pop(0)
            self._act(signals, keys)

    def _act(self, signals: list[int], keys: str) -> None:
        for signum in signals:
            os.kill(os.getpid(), signum)
        if keys and self.keyboard is not None:
            self.keyboard.send_text(keys)


#: A step of a Respondent taken the next time prompt_toolkit polls the terminal's size.
POLLED = "<the terminal's size polled>"


class Terminal(PlainTextOutput):
    """A terminal of plain text, written to `screen`. While a prompt is open, prompt_toolkit
    asks its size every half second from a background task of the event loop (the task in
    which a signal handler's exception used to be printed as a traceback, with "Press ENTER
    to continue...", while the survey went on): the screen's POLLED step is taken there."""

    def __init__(self, screen: Respondent) -> None:
        super().__init__(screen)
        self.screen = screen

    def get_size(self) -> Size:
        caller = inspect.currentframe()
        caller = caller.f_back if caller is not None else None
        if caller is not None and caller.f_code.co_name == "_poll_output_size":
            self.screen.polled()
        return super().get_size()


@pytest.fixture
def stray() -> Iterator[list[int]]:
    """Signals that reached this process while the survey's handlers were not installed
    (they would otherwise end the test run)."""
    caught: list[int] = []

    def record(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {signum: signal.signal(signum, record) for signum in STOPS}
    try:
        yield caught
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def survey(
    tmp_path: Path, typed_ahead: str, printed: Respondent, prompts: Respondent
) -> tuple[int, Response]:
    """The real survey of four questions, `typed_ahead` in its input before it starts; its
    exit code and the response it saved. The input never ends: a survey that missed a stop
    goes on with the keys the respondent types after the signal, and submits."""
    path = tmp_path / "small.yaml"
    path.write_text(crash_questionnaire(4), encoding="utf-8")
    out = tmp_path / "out"
    settings = SurveySettings(spec=str(path), lang="en", region="SI04", group="academia", out=out)
    console = Console(file=printed, width=100, color_system=None, highlight=False)
    with create_pipe_input() as pipe:
        printed.keyboard = prompts.keyboard = pipe
        pipe.send_text(typed_ahead)
        with create_app_session(input=pipe, output=Terminal(prompts)):
            code = run_survey(load(path), settings, console)
    (saved,) = response_paths(out)
    assert temporary_files(out) == []  # nor the lock: the survey has ended
    return code, read_response(saved).response


def assert_quiet(capsys: pytest.CaptureFixture[str], prompts: Respondent) -> None:
    """No traceback anywhere: not on the prompts' screen (where prompt_toolkit prints an
    exception of its event loop), not on the process's stdout or stderr (asyncio's and
    Python's last resorts for exceptions nothing catches)."""
    captured = capsys.readouterr()
    for shown in (captured.out, captured.err, prompts.getvalue()):
        assert "Traceback" not in shown
        assert "exception" not in shown.lower()
        assert "Stopped" not in shown


def assert_stopped(code: int, printed: str, response: Response, answered: int) -> None:
    assert code == 130
    assert "Traceback" not in printed
    assert "The survey has been interrupted." in printed
    assert "To continue where you stopped, run:" in printed
    assert " --resume " in printed
    assert response.status == "partial"
    assert response.answers == dict(list(expected_answers("A", 4).items())[:answered])


def _as_drawn(signum: int) -> Respondent:
    """As question 2's prompt is drawn, the signal; then the keys that answer the rest."""
    return Respondent(("Question 2?", [signum], "".join(KEYS[2:]) + SUBMIT))


def _as_typed(signum: int) -> Respondent:
    """Between two keys: the prompt is drawn again after each key, from a callback of the
    loop."""
    return Respondent(
        ("Question 2?", [], KEYS[2][:4]),
        (KEYS[2][:4], [signum], KEYS[2][4:] + KEYS[3] + SUBMIT),
    )


def _as_polled(signum: int) -> Respondent:
    """In the prompt's background task, as it asks the terminal's size."""
    return Respondent(("Question 2?", [], ""), (POLLED, [signum], "".join(KEYS[2:]) + SUBMIT))


@pytest.mark.parametrize(
    "moment",
    [_as_drawn, _as_typed, _as_polled],
    ids=["as it is drawn", "as the respondent types", "in its background task"],
)
@pytest.mark.parametrize("signum", STOPS, ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_a_prompt_is_open_stops_the_survey(
    tmp_path: Path,
    stray: list[int],
    capsys: pytest.CaptureFixture[str],
    signum: int,
    moment: Callable[[int], Respondent],
) -> None:
    printed = Respondent()
    prompts = moment(signum)
    code, response = survey(tmp_path, KEYS[0] + KEYS[1], printed, prompts)
    assert_stopped(code, printed.getvalue(), response, answered=2)
    assert_quiet(capsys, prompts)
    assert stray == []


def test_a_burst_of_signals_while_a_prompt_is_drawn_stops_the_survey_once(
    tmp_path: Path, stray: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    printed = Respondent()
    burst: list[int] = [signal.SIGTERM, signal.SIGHUP] * 20
    prompts = Respondent(("Question 1?", burst, "".join(KEYS[1:]) + SUBMIT))
    code, response = survey(tmp_path, KEYS[0], printed, prompts)
    assert_stopped(code, printed.getvalue(), response, answered=1)
    assert printed.getvalue().count("The survey has been interrupted.") == 1
    assert_quiet(capsys, prompts)
    assert stray == []


@pytest.mark.parametrize("signum", STOPS, ids=["SIGTERM", "SIGHUP"])
def test_a_signal_before_the_first_question_stops_the_survey_there(
    tmp_path: Path, stray: list[int], signum: int
) -> None:
    printed = Respondent(("Part 1", [signum], ""))  # the first section's title, from rich
    code, response = survey(tmp_path, "".join(KEYS) + SUBMIT, printed, Respondent())
    assert_stopped(code, printed.getvalue(), response, answered=0)
    assert "Question 0?" not in printed.getvalue()
    assert stray == []


@pytest.mark.parametrize("signum", STOPS, ids=["SIGTERM", "SIGHUP"])
def test_a_signal_between_two_questions_keeps_the_answer_just_given(
    tmp_path: Path, stray: list[int], signum: int
) -> None:
    # The answer to question 0 is echoed before it is saved: the save finishes, then stops.
    printed = Respondent(("✔ Question 0?", [signum], ""))
    code, response = survey(tmp_path, "".join(KEYS) + SUBMIT, printed, Respondent())
    assert_stopped(code, printed.getvalue(), response, answered=1)
    assert stray == []


def test_a_signal_after_the_response_was_submitted_leaves_it_submitted(
    tmp_path: Path, stray: list[int]
) -> None:
    printed = Respondent(("Thank you!", [signal.SIGTERM, signal.SIGHUP], ""))
    code, response = survey(tmp_path, "".join(KEYS) + SUBMIT, printed, Respondent())
    assert code == 0
    assert "The survey has been interrupted." not in printed.getvalue()
    assert response.status == "complete"
    assert response.answers == expected_answers("A", 4)
    assert stray == []
