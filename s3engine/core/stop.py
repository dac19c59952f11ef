"""A request to stop the command (SIGTERM), and the points where long loops honour it.

The command line turns SIGTERM into Terminated, raised wherever the process is, so that
what a command was writing is taken back as after Ctrl-C (cli/main.py). A raise can be
lost: when the signal comes while a library runs Python code for itself and discards its
errors (pydantic's serialiser calling a discriminator, for one), the command would go on
to its end. So the request is also remembered, and the loops that read many rows (an
import's rows, a file of responses a batch at a time) call `stop_point` between two rows:
a request the raise did not carry out stops the command there.
"""

from __future__ import annotations


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM: `kill`, a job scheduler, a container's
    stop): handled as Ctrl-C is, then exit 143."""


_requested = False


def request_stop() -> None:
    """Remember that the process was asked to stop (the signal's handler calls this)."""
    global _requested
    _requested = True


def clear_stop() -> None:
    """Forget a request (a command run again in this process: tests, the web)."""
    global _requested
    _requested = False


def stop_point() -> None:
    """Raise Terminated if the process was asked to stop: a point between two rows where
    nothing is half done."""
    if _requested:
        raise Terminated
