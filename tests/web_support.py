"""What the web survey's tests share: a real PostgreSQL server, a real Chromium, survey data.

PostgreSQL: Debian's `postgresql` package puts initdb and pg_ctl in
/usr/lib/postgresql/<version>/bin. The tests start a throwaway server of their own in a
temporary folder (unix socket only, no TCP port, fsync off: its data is thrown away), as the
`postgres` system user when they run as root (initdb refuses root), give every test a fresh
database, and stop the server at the end of the session.

Chromium: Debian's `chromium` package (/usr/bin/chromium), driven by Playwright, one browser
for the whole session.

When either is missing, `missing()` says what to install: under CI=true the test fails,
elsewhere it is skipped with that reason. That rule lives in `missing` alone.
"""

from __future__ import annotations

import glob
import http.cookiejar
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlencode

import pytest

from s3engine.questionnaire.model import Questionnaire

#: Chromium's flags on a machine without display, sandbox or network (docs/web-survey.md).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM = "/usr/bin/chromium"


def missing(what: str, install: str) -> NoReturn:
    """A test cannot run without `what`: fail under CI=true, skip elsewhere."""
    message = f"{what} is not available here; install it with: {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (the newest installed), if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """A throwaway PostgreSQL server on a unix socket in a temporary folder."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="s3engine-pg-"))
        self.data = self.folder / "data"
        self.port = 5432
        self.user = "s3engine"
        self._names = itertools.count(1)
        self._as: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses to run as root: the server runs as the postgres system user.
            shutil.chown(self.folder, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as, *args], check=True, capture_output=True, text=True, cwd=self.folder
        )

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = f"-k {self.folder} -c listen_addresses='' -p {self.port} -F"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(
            host=str(self.folder),
            port=self.port,
            user=self.user,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


# -- a respondent's browser without a browser: Starlette's test client ---------------------

CSRF_FIELD = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class Visitor:
    """One respondent's browser session on the web survey, through Starlette's test client
    (https, so that the survey's Secure cookies are kept). `post` sends the form's CSRF
    signature from the last page seen, as the page's own form would."""

    def __init__(self, app: Any, headers: dict[str, str] | None = None):
        from starlette.testclient import TestClient

        self.client = TestClient(
            app, base_url="https://testserver", headers=headers or {}, raise_server_exceptions=False
        )
        self.page: Any = None

    @property
    def html(self) -> str:
        return str(self.page.text)

    def get(self, path: str, **kwargs: Any) -> Any:
        self.page = self.client.get(path, **kwargs)
        return self.page

    def csrf(self) -> str:
        if self.page is None or CSRF_FIELD.search(self.page.text) is None:
            self.get("/")
        found = CSRF_FIELD.search(self.page.text)
        assert found is not None, self.page.text
        return found.group(1)

    def post(
        self, path: str, fields: Sequence[tuple[str, str]] | dict[str, Any] = (), **kwargs: Any
    ) -> Any:
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode([("csrf", self.csrf()), *items])
        headers = {"content-type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
        self.page = self.client.post(path, content=body, headers=headers, **kwargs)
        return self.page

    def fields(self) -> list[str]:
        """The names of the question fields on the current page, in order."""
        return list(dict.fromkeys(re.findall(r'name="((?:q|r|p):[^"]+)"', self.html)))

    def path(self) -> str:
        return str(self.page.url.path)


def form_fields(
    q: Questionnaire, answers: dict[str, Any], names: Sequence[str], lang: str
) -> list[tuple[str, str]]:
    """The form fields a respondent fills in on a page to give `answers` (file format)."""
    from s3engine.survey.flow import format_number

    out: list[tuple[str, str]] = []
    for name in names:
        kind, _, rest = name.partition(":")
        if kind == "r":
            qid, _, option = rest.partition(":")
            ranked = answers.get(qid) or []
            out.append((name, str(ranked.index(option) + 1) if option in ranked else ""))
            continue
        if kind != "q":
            continue
        value = answers.get(rest)
        multiple = q.question_index[rest].type == "multiple_choice"
        if multiple and value is None:
            continue  # a browser sends no unticked box
        if multiple and value == []:
            out.append((name, ""))  # the box "none of these"
        elif value is None:
            out.append((name, ""))
        elif isinstance(value, bool):
            out.append((name, "yes" if value else "no"))
        elif isinstance(value, list):
            out.extend((name, item) for item in value)
        elif isinstance(value, int | float) and q.question_index[rest].type == "number":
            out.append((name, format_number(value, lang)))
        else:
            out.append((name, str(value)))
    return out


def sample_answers(
    q: Questionnaire, group: str, *, skip_every: int = 4
) -> tuple[dict[str, Any], list[str]]:
    """Answers a careful respondent of `group` might give: every question that applies, in
    order, with a value that fits (conditions and constraints included); every
    `skip_every`-th optional question is skipped. Returns (answers, skipped)."""
    from s3engine.questionnaire.model import (
        MultipleChoice,
        NumberQuestion,
        Ranking,
        ScaleQuestion,
        SingleChoice,
        TextQuestion,
        YesNo,
    )
    from s3engine.survey.flow import SurveyState, answer_problem, ranking_bounds

    state = SurveyState(q, group)
    optional = 0
    for _ in range(1000):
        index = state.first_open()
        if index is None:
            break
        question = state.visible()[index]
        if not question.required:
            optional += 1
            if optional % skip_every == 0:
                state.skip(question.id)
                continue
        options = [o.value for o in q.options_of(question)]
        candidates: list[Any]
        if isinstance(question, SingleChoice):
            candidates = options[1:2] + options[:1]
        elif isinstance(question, MultipleChoice):
            low = max(question.min_selections, 1)
            candidates = [
                options[: low + 1][: question.max_selections or len(options)],
                options[:low],
            ]
        elif isinstance(question, Ranking):
            low, high = ranking_bounds(q, question)
            candidates = [list(reversed(options))[:high], options[:low]]
        elif isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            assert scale is not None
            candidates = [p.value for p in scale.points][::-1][1:3]
        elif isinstance(question, NumberQuestion):
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else low + 100
            candidates = [int(low + (high - low) / 4), int(low), 0, 1]
        elif isinstance(question, YesNo):
            candidates = [True, False]
        elif isinstance(question, TextQuestion):
            text = "a@example.eu" if question.personal else "Mehr Kooperation, <b>bitte</b> & danke"
            candidates = [text[: question.max_length]]
        else:  # pragma: no cover - every type is above
            raise AssertionError(question)
        for value in candidates:
            if answer_problem(q, question, value, state.answers, "en") is None:
                state.answer(question.id, value)
                break
        else:
            raise AssertionError(f"no sample answer fits {question.id}")
    return dict(state.answers), list(state.skipped)


# -- the real server in a child process ---------------------------------------------------------

#: `python -c ...` runs the real command line (the same as the installed `s3engine`).
S3ENGINE = [sys.executable, "-c", "from s3engine.cli.main import entry_point; entry_point()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: str, port: int, folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`s3engine serve run` on 127.0.0.1:`port`, once it answers (its output: server.log)."""
    log = (folder / "server.log").open("ab")
    child = subprocess.Popen(
        [*S3ENGINE, "serve", "run", "--db", db, "--port", str(port), *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
        # A server that does not come up says where it hangs (SIGABRT below).
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    log.close()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return child
        except OSError:
            if time.monotonic() > deadline or child.poll() is not None:
                if child.poll() is None:
                    child.send_signal(signal.SIGABRT)
                    child.wait(timeout=10)
                raise AssertionError((folder / "server.log").read_text()) from None
            time.sleep(0.05)


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://127.0.0.1 as a secure context and send Secure cookies there
    (the survey's cookies are all Secure); Python's cookie jar does too, with this policy."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        host = urllib.parse.urlsplit(request.get_full_url()).hostname
        return host in ("127.0.0.1", "localhost") or super().return_ok_secure(cookie, request)


def loopback_client(base: str, **options: Any) -> Any:
    """An HTTP client of the survey on 127.0.0.1 that keeps its cookies like a browser."""
    import httpx2

    client = httpx2.Client(base_url=base, **options)
    client.cookies.jar.set_policy(LoopbackCookies())
    return client
