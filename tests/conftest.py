"""Fixtures shared by every test module: keep them small and generic.

* `write(name, text)` writes a file below tmp_path (dedented) and returns its path;
* `cli(*args)` runs `s3engine.cli.main.main` and returns exit code, stdout and stderr, and fails
  the test if anything printed a Python traceback;
* `REPO` is the checkout, `SHIPPED_QUESTIONNAIRES` its shipped questionnaire files.
"""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from web_support import CHROMIUM, CHROMIUM_FLAGS, PostgresServer, missing, postgres_bin

from s3engine.cli.main import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED_QUESTIONNAIRES = sorted((REPO / "questionnaires").glob("*.yaml"))


@dataclass
class Run:
    """What one run of the command-line interface returned and printed."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


Write = Callable[[str, str], Path]
Cli = Callable[..., Run]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def _run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        run = Run(code, captured.out, captured.err)
        assert "Traceback" not in run.output, run.output
        assert "internal error" not in run.err, run.err
        # score, plan and import pause the cycle collector while they build many objects
        assert gc.isenabled(), "the command left Python's cycle collector paused"
        return run

    return _run


# -- databases of the web survey: every storage test runs on SQLite and on PostgreSQL ------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the session (tests/web_support.py)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        missing("PostgreSQL", "apt-get install postgresql")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database: an SQLite file, or a database on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'survey.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


# -- the browser of the web survey's and the plans' page tests --------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module: Debian's (web_support.CHROMIUM), never a download. Not
    per session: Playwright's event loop would stay open in the worker and refuse the
    asyncio.run of the tests that follow."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright", "make install-test")
    if not Path(CHROMIUM).exists():
        missing("Chromium", "apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


# -- counts of the fuzz and hostile-input tests, shown at the end of every run ---------------

#: What was run -> [cases, tracebacks]: tests/test_fuzz_*.py count per loader ("fuzz
#: questionnaire"), tests/test_hostile.py per command ("hostile check"); the counts are
#: printed at the end of the run, so that `make test` shows how many cases ran.
FUZZ_COUNTS: dict[str, list[int]] = {}


def count_case(name: str, *, traceback: bool = False) -> None:
    """Count one case of `name`, and whether it ended in a traceback."""
    counts = FUZZ_COUNTS.setdefault(name, [0, 0])
    counts[0] += 1
    counts[1] += int(traceback)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its counts to the controller, which prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fuzz_counts"] = FUZZ_COUNTS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """The controller of pytest-xdist adds up the counts of each worker as it ends."""
    for name, (cases, tracebacks) in (
        getattr(node, "workeroutput", {}).get("fuzz_counts", {}).items()
    ):
        count = FUZZ_COUNTS.setdefault(name, [0, 0])
        count[0] += cases
        count[1] += tracebacks


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for name, (cases, tracebacks) in sorted(FUZZ_COUNTS.items()):
        terminalreporter.write_line(f"{name}: {cases} cases, {tracebacks} tracebacks")
