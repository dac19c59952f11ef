"""The web survey killed with SIGKILL while respondents save pages: no saved page is lost, no
response is half-written. On SQLite and on a real PostgreSQL server.

Respondents (threads, each with its own cookies) answer a questionnaire of six pages of three
required questions as fast as they can, against the real `s3engine serve run`. Meanwhile
the server is killed with SIGKILL at random moments and started again, three times; a
respondent whose request fails opens their link again and goes on where the survey says
they are. A page counts as saved when the server answered its form with the redirect to the
next page (the answer comes after the commit). At the end every saved page must be in the
database, and every page must be there whole or not at all (its three answers, each with
the value sent), since each page is one transaction.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from web_support import free_port, loopback_client, start_server

from s3engine.web.storage import Store
from s3engine.web.tokens import token_hash

pytestmark = [
    pytest.mark.slow,
    # A respondent's thread that fails for any other reason fails the test.
    pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning"),
]

PAGES = 6
QUESTIONS = 3
RESPONDENTS = 8
KILLS = 3
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def questionnaire() -> str:
    lines = [
        "id: crash",
        'version: "1"',
        "title: Cluster survey",
        "languages: [en]",
        "default_language: en",
        "profile: {ask_organisation: false, ask_sector: false}",
        "sections:",
    ]
    for page in range(PAGES):
        lines += [f"  - id: p{page}", f"    title: Page {page + 1}", "    questions:"]
        for n in range(QUESTIONS):
            lines += [
                f"      - {{id: q{page}_{n}, type: number, integer: true, required: true,"
                f" text: 'Question {page}.{n}?'}}"
            ]
    return "\n".join(lines) + "\n"


def value(respondent: int, page: int, n: int) -> int:
    return respondent * 1000 + page * 10 + n


@dataclass
class Respondent:
    number: int
    token: str
    saved: set[int] = field(default_factory=set)
    retries: int = 0
    done: bool = False


def answer(base: str, person: Respondent, stop: threading.Event) -> None:
    """Answer page after page; after a failed request, open the link again and go on."""
    import httpx2

    with loopback_client(base, timeout=10, follow_redirects=True) as client:
        while not stop.is_set() and not person.done:
            try:
                walk(client, person, stop)
            except (httpx2.TransportError, AssertionError):
                # The server died in the middle: whatever was not answered counts as unsaved;
                # wait a little for it to come back.
                person.retries += 1
                time.sleep(0.3)


def walk(client: Any, person: Respondent, stop: threading.Event) -> None:
    page = client.get(f"/s/{person.token}")
    while not stop.is_set():
        path = page.url.path
        if path == "/survey/start":
            csrf = CSRF.search(page.text)
            assert csrf is not None
            page = client.post("/survey/start", data={"csrf": csrf.group(1), "action": "start"})
            continue
        if path in ("/survey/review", "/survey/done"):
            person.done = True
            return
        number = int(path.rsplit("/p", 1)[1])
        csrf = CSRF.search(page.text)
        assert csrf is not None, page.text
        fields = {
            f"q:q{number}_{n}": str(value(person.number, number, n)) for n in range(QUESTIONS)
        }
        reply = client.post(
            path,
            data={"csrf": csrf.group(1), "action": "next", **fields},
            follow_redirects=False,
        )
        assert reply.status_code == 303, (reply.status_code, reply.text[:300])
        person.saved.add(number)  # the server committed before it answered
        page = client.get(reply.headers["location"])


@pytest.mark.parametrize("kill_seed", [20260101])
def test_sigkill_during_saves_loses_no_saved_page_and_leaves_no_half_page(
    cli: Cli, tmp_path: Path, db_url: str, kill_seed: int
) -> None:
    source = tmp_path / "crash.yaml"
    source.write_text(questionnaire(), encoding="utf-8")
    assert cli("serve", "init", "--db", db_url, "--questionnaire", source).code == 0
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "region,group\n" + "".join("AT31,industry\n" for _ in range(RESPONDENTS)),
        encoding="utf-8",
    )
    run = cli("serve", "invite", "--db", db_url, "--list", contacts)
    tokens = [line.rsplit("/s/", 1)[1] for line in run.out.splitlines()[1:]]
    people = [Respondent(n + 1, token) for n, token in enumerate(tokens)]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db_url, port, tmp_path)
    stop = threading.Event()
    threads = [threading.Thread(target=answer, args=(base, p, stop)) for p in people]
    for thread in threads:
        thread.start()
    chance = random.Random(kill_seed)
    kills = 0
    deadline = time.monotonic() + 120
    try:
        while kills < KILLS and time.monotonic() < deadline:
            time.sleep(chance.uniform(0.3, 1.2))
            server.send_signal(signal.SIGKILL)
            server.wait()
            kills += 1
            server = start_server(db_url, port, tmp_path)
        while not all(p.done for p in people) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    assert kills == KILLS
    assert all(p.done for p in people), [(p.number, sorted(p.saved)) for p in people]
    assert sum(p.retries for p in people) >= KILLS  # the kills did interrupt requests
    store = Store(db_url)
    try:
        for person in people:
            stored = store.response(token_hash(person.token))
            assert stored is not None
            for page in range(PAGES):
                given = [stored.answers.get(f"q{page}_{n}") for n in range(QUESTIONS)]
                expected = [value(person.number, page, n) for n in range(QUESTIONS)]
                # Whole or nothing, and what was sent...
                assert given in (expected, [None] * QUESTIONS), (person.number, page, given)
                # ... and every page the server said it saved is there.
                if page in person.saved:
                    assert given == expected, (person.number, page)
            assert len(stored.answers) == PAGES * QUESTIONS  # everyone finished in the end
    finally:
        store.close()
    assert (
        cli(
            "serve", "export", "--db", db_url, "--include-partial", "--out", tmp_path / "all.jsonl"
        ).code
        == 0
    )
    assert cli("check", tmp_path / "all.jsonl", "--questionnaire", source).code == 0
