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
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest

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
