"""SIGTERM and SIGHUP stop the terminal survey only where the stop is caught.

A Python signal handler runs between any two bytecodes of the main thread. The survey's
handler raises Stopped (a KeyboardInterrupt) only while the questions run inside the `try`
of Survey.run that turns it into "The survey has been interrupted."; a signal that comes
before, a second one while the answers are saved and the stop is printed, or one after
the survey ended must not escape as a traceback. These tests deliver real signals to this
process at those moments (deterministically, without a terminal)."""

from __future__ import annotations

import os
import signal

import pytest

from s3engine.survey.terminal import Stopped, _Signals, _stop_signals


def test_a_signal_before_the_questions_start_stops_them_when_they_start() -> None:
    signals = _Signals()
    with _stop_signals(signals):
        os.kill(os.getpid(), signal.SIGHUP)  # the handler is installed, not yet armed
        with pytest.raises(Stopped) as stopped:
            signals.arm()
    assert stopped.value.args == (signal.SIGHUP,)


def test_a_second_signal_while_the_survey_stops_is_not_raised() -> None:
    signals = _Signals()
    with _stop_signals(signals):
        signals.arm()
        with pytest.raises(Stopped):
            os.kill(os.getpid(), signal.SIGTERM)
        # The answers are being saved and the stop printed: the hang-up that follows a
        # SIGTERM (or a second SIGHUP) must not interrupt that with a traceback.
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGTERM)
    assert not signals.armed


def test_a_signal_while_a_file_is_saved_stops_the_survey_once_it_is_written() -> None:
    signals = _Signals()
    written = []
    with _stop_signals(signals):
        signals.arm()
        with pytest.raises(Stopped) as stopped, signals.saving_file():
            os.kill(os.getpid(), signal.SIGTERM)
            written.append(True)
    assert written == [True]
    assert stopped.value.args == (signal.SIGTERM,)
