"""Load of the web survey: many respondents answering at once, on SQLite, on 127.0.0.1.

Starts the real `s3engine serve run` (one process, as documented) on a fresh SQLite
database with the shipped s3-stress-test questionnaire, invites --respondents people, and
lets them all answer at once from this process (asyncio, one HTTP client with its own
cookies per respondent): open the link, start, each page of questions (a page save is the
POST of a page; the server answers after its commit), the review page, submit. Between two
pages a respondent "reads" for a random time around --think seconds (real respondents take
half a minute and more per page).

In the same run, each phase bounded in time and requests, stopping by itself:

1. baseline: the same respondents fetch a static file (the stylesheet) with the same pauses,
   to show what the server and the machine give for a request that does no work;
2. the survey: requests per second, p50 and p95 latency of a page save, and answers lost
   (pages the server said were saved but that the database does not hold: must be 0);
3. the survey again with the server killed (SIGKILL) midway and started again: the same
   figures, the requests that failed while it was down (respondents retry, as a browser
   does when reloaded), the seconds until it answered again, and answers lost (must be 0).

Goal: p95 of a page save under 100 ms with 200 respondents at once, on this 2-core machine.

    .venv/bin/python benchmarks/web_load.py [--respondents 200] [--think 2.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    YesNo,
)
from s3engine.survey.flow import SurveyState, answer_problem, ranking_bounds

S3ENGINE = [sys.executable, "-c", "from s3engine.cli.main import entry_point; entry_point()"]
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
FIELD = re.compile(r'name="((?:q|r):[^"]+)"')
#: No phase runs longer than this, whatever happens.
PHASE_LIMIT = 300.0


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Send the survey's Secure cookies to 127.0.0.1, as browsers do (a secure context)."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return urllib.parse.urlsplit(request.get_full_url()).hostname == "127.0.0.1"


# -- answers ------------------------------------------------------------------------------


def answers_for(q: Questionnaire, group: str) -> dict[str, Any]:
    """A full set of fitting answers for a respondent of `group` (every question shown)."""
    state = SurveyState(q, group)
    for _ in range(1000):
        index = state.first_open()
        if index is None:
            break
        question = state.visible()[index]
        options = [o.value for o in q.options_of(question)]
        candidates: list[Any] = ["Mehr Kooperation mit den Nachbarregionen."]
        if isinstance(question, SingleChoice):
            candidates = options[:2]
        elif isinstance(question, MultipleChoice):
            candidates = [options[: max(question.min_selections, 2)]]
        elif isinstance(question, Ranking):
            candidates = [options[: ranking_bounds(q, question)[1]]]
        elif isinstance(question, ScaleQuestion):
            candidates = [4, 3]
        elif isinstance(question, NumberQuestion):
            candidates = [12, 3, 1, 0]
        elif isinstance(question, YesNo):
            candidates = [True, False]
        for value in candidates:
            if answer_problem(q, question, value, state.answers, "en") is None:
                state.answer(question.id, value)
                break
        else:
            state.skip(question.id)
    return dict(state.answers)


def form_fields(q: Questionnaire, answers: dict[str, Any], html: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in dict.fromkeys(FIELD.findall(html)):
        kind, _, rest = name.partition(":")
        if kind == "r":
            qid, _, option = rest.partition(":")
            ranked = answers.get(qid) or []
            out.append((name, str(ranked.index(option) + 1) if option in ranked else ""))
            continue
        value = answers.get(rest)
        if isinstance(value, bool):
            out.append((name, "yes" if value else "no"))
        elif isinstance(value, list):
            out.extend((name, item) for item in value)
        elif value is not None:
            out.append((name, str(value)))
    return out


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(db: str, port: int, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start the server (in a process group of its own, with its workers); return it and
    the seconds until it answered."""
    began = time.monotonic()
    with (folder / "server.log").open("ab") as log:
        child = subprocess.Popen(
            [*S3ENGINE, "serve", "run", "--db", db, "--port", str(port), "--workers", str(workers)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,
        )
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return child, time.monotonic() - began
        except OSError:
            if child.poll() is not None or time.monotonic() - began > 60:
                stop(child, signal.SIGKILL)
                sys.exit("the server did not start: see " + str(folder / "server.log"))
            time.sleep(0.05)


def stop(server: subprocess.Popen[bytes], signum: int) -> None:
    """Send `signum` to the server and its workers, and wait for it."""
    try:
        os.killpg(server.pid, signum)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run(*args: str) -> str:
    done = subprocess.run([*S3ENGINE, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return done.stdout


# -- respondents -------------------------------------------------------------------------------


@dataclass
class Figures:
    saves: list[float] = field(default_factory=list)
    requests: int = 0
    failed: int = 0
    saved_pages: dict[str, set[str]] = field(default_factory=dict)
    finished: int = 0
    #: CPU seconds of this process (the simulated respondents) during the phase
    client_cpu: float = 0.0


class Respondent:
    def __init__(self, base: str, token: str, answers: dict[str, Any], think: float, seed: int):
        self.token = token
        self.answers = answers
        self.think = think
        self.random = random.Random(seed)
        self.client = httpx2.AsyncClient(base_url=base, timeout=30, follow_redirects=True)
        self.client.cookies.jar.set_policy(LoopbackCookies())

    async def pause(self) -> None:
        await asyncio.sleep(self.think * self.random.uniform(0.5, 1.5))

    async def request(self, figures: Figures, method: str, path: str, **kwargs: Any) -> Any:
        figures.requests += 1
        return await self.client.request(method, path, **kwargs)

    async def fetch_static(self, figures: Figures, times: int) -> None:
        await asyncio.sleep(self.think * self.random.random())
        for _ in range(times):
            began = time.perf_counter()
            await self.request(figures, "GET", "/static/s3engine.css")
            figures.saves.append(time.perf_counter() - began)
            await self.pause()

    async def answer(self, q: Questionnaire, figures: Figures, deadline: float) -> None:
        """Answer to the end; after a failure (the server is down), wait and go on."""
        saved = figures.saved_pages.setdefault(self.token, set())
        await asyncio.sleep(self.think * self.random.random())  # not all at the same instant
        while time.monotonic() < deadline:
            try:
                if await self._walk(q, figures, saved, deadline):
                    figures.finished += 1
                    return
            except httpx2.TransportError:
                figures.failed += 1
                await asyncio.sleep(0.5)

    async def _walk(
        self, q: Questionnaire, figures: Figures, saved: set[str], deadline: float
    ) -> bool:
        page = await self.request(figures, "GET", f"/s/{self.token}")
        while time.monotonic() < deadline:
            path = page.url.path
            csrf = CSRF.search(page.text)
            if path == "/survey/done":
                return True
            if csrf is None:
                raise httpx2.TransportError(f"{path}: {page.status_code}")
            if path == "/survey/start":
                page = await self.request(
                    figures, "POST", path, data={"csrf": csrf.group(1), "action": "start"}
                )
                continue
            if path == "/survey/review":
                await self.pause()
                page = await self.request(
                    figures, "POST", "/survey/submit", data={"csrf": csrf.group(1)}
                )
                continue
            await self.pause()
            fields = [("csrf", csrf.group(1)), *form_fields(q, self.answers, page.text)]
            began = time.perf_counter()
            reply = await self.request(
                figures,
                "POST",
                path,
                content=urllib.parse.urlencode([*fields, ("action", "next")]),
                headers={"content-type": "application/x-www-form-urlencoded"},
                follow_redirects=False,
            )
            if reply.status_code == 303:
                figures.saves.append(time.perf_counter() - began)
                saved.add(path)
                page = await self.request(figures, "GET", reply.headers["location"])
            else:
                page = reply  # new questions on the same page: answer them next round
        return False


def lost_answers(
    db: str, q: Questionnaire, people: dict[str, dict[str, Any]], figures: Figures
) -> int:
    """Answers of saved pages that the database does not hold (as they were sent)."""
    from s3engine.web.storage import Store
    from s3engine.web.tokens import token_hash

    sections = {s.id: s for s in q.sections}
    store = Store(db)
    lost = 0
    try:
        for token, answers in people.items():
            pages = figures.saved_pages.get(token, set())
            stored = store.response(token_hash(token))
            if stored is None:
                lost += sum(len(sections[p.rsplit("/", 1)[1]].questions) for p in pages)
                continue
            shown = {x.id for x in stored.state(q).visible()}
            for path in pages:
                for question in sections[path.rsplit("/", 1)[1]].questions:
                    sent = answers.get(question.id)
                    if question.id in shown and sent is not None:
                        lost += stored.answers.get(question.id) != sent
    finally:
        store.close()
    return lost


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


# -- the run -------------------------------------------------------------------------------


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) so far of the server's processes (its process group: the
    workers too), from /proc (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def phase(name: str, figures: Figures, wall: float, cpu: float) -> None:
    requests = max(figures.requests, 1)
    print(
        f"{name:<24} {figures.requests / wall:6.1f} req/s  "
        f"p50 {ms(statistics.median(figures.saves))}  p95 {ms(quantile(figures.saves, 0.95))}  "
        f"CPU per request: server {cpu * 1000 / requests:4.1f} ms, "
        f"respondents {figures.client_cpu * 1000 / requests:4.1f} ms  "
        f"({len(figures.saves)} timed, {figures.requests} requests, {wall:.1f} s)"
    )


async def survey(
    base: str,
    q: Questionnaire,
    people: dict[str, dict[str, Any]],
    think: float,
    seed: int,
    during: Any = None,
) -> tuple[Figures, float]:
    figures = Figures()
    cpu = time.process_time()
    deadline = time.monotonic() + PHASE_LIMIT
    respondents = [
        Respondent(base, token, answers, think, seed + n)
        for n, (token, answers) in enumerate(people.items())
    ]
    began = time.monotonic()
    tasks = [asyncio.create_task(r.answer(q, figures, deadline)) for r in respondents]
    if during is not None:
        await during()
    await asyncio.gather(*tasks)
    wall = time.monotonic() - began
    for respondent in respondents:
        await respondent.client.aclose()
    figures.client_cpu = time.process_time() - cpu
    return figures, wall


def invite(db: str, folder: Path, count: int, base: str, name: str) -> list[str]:
    groups = ("government", "industry", "academia", "civil_society")
    regions = ("AT31", "AT32", "ITC4", "SI04")
    rows = [f"{regions[n % 4]},{groups[(n // 4) % 4]},en" for n in range(count)]
    contacts = folder / f"{name}.csv"
    contacts.write_text("region,group,language\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = run("serve", "invite", "--db", db, "--list", str(contacts), "--base-url", base)
    return [line.rsplit("/s/", 1)[1] for line in out.splitlines()[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between pages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve run)")
    args = parser.parse_args()
    if not 1 <= args.respondents <= 2000:
        sys.exit("--respondents: from 1 to 2000")

    folder = Path(tempfile.mkdtemp(prefix="s3engine-web-load-"))
    db = f"sqlite:///{folder / 'survey.db'}"
    run("serve", "init", "--db", db, "--questionnaire", "s3-stress-test")
    q, _ = load_questionnaire("s3-stress-test")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server, started = start(db, port, folder, args.workers)
    print(
        f"web survey load: {args.respondents} respondents at once, a page every "
        f"{args.think:.1f} s on average, SQLite, {args.workers} server process(es) on 127.0.0.1 "
        f"({os.cpu_count()} cores; started in {started:.1f} s)"
    )
    try:
        # 1. Baseline: a static file, the same respondents, the same pauses.
        static = Figures()
        began = time.monotonic()
        clients = [
            Respondent(base, "", {}, args.think, args.seed + n) for n in range(args.respondents)
        ]

        async def baseline() -> None:
            await asyncio.gather(*(c.fetch_static(static, 5) for c in clients))
            for c in clients:
                await c.client.aclose()

        cpu = cpu_seconds(server.pid)
        static.client_cpu = -time.process_time()
        asyncio.run(baseline())
        static.client_cpu += time.process_time()
        phase(
            "baseline: static file", static, time.monotonic() - began, cpu_seconds(server.pid) - cpu
        )

        # 2. The survey.
        groups = ("government", "industry", "academia", "civil_society")
        tokens = invite(db, folder, args.respondents, base, "first")
        people = {t: answers_for(q, groups[(n // 4) % 4]) for n, t in enumerate(tokens)}
        cpu = cpu_seconds(server.pid)
        figures, wall = asyncio.run(survey(base, q, people, args.think, args.seed))
        phase("survey: page saves", figures, wall, cpu_seconds(server.pid) - cpu)
        lost = lost_answers(db, q, people, figures)
        print(
            f"{'':<24} {figures.finished} of {len(people)} submitted, "
            f"{figures.failed} failed requests, answers lost: {lost}"
        )
        ratio = quantile(figures.saves, 0.95) / quantile(static.saves, 0.95)
        print(f"{'':<24} p95 of a page save = {ratio:.1f} x p95 of the static file")

        # 3. The survey again, the server killed midway and started again.
        tokens = invite(db, folder, args.respondents, base, "second")
        people = {t: answers_for(q, groups[(n // 4) % 4]) for n, t in enumerate(tokens)}
        restart: dict[str, float] = {"cpu": -cpu_seconds(server.pid)}

        async def kill_midway() -> None:
            nonlocal server
            await asyncio.sleep(wall / 2)
            restart["cpu"] += cpu_seconds(server.pid)
            stop(server, signal.SIGKILL)
            loop = asyncio.get_running_loop()
            server, restart["seconds"] = await loop.run_in_executor(
                None, start, db, port, folder, args.workers
            )

        figures, wall = asyncio.run(
            survey(base, q, people, args.think, args.seed + 10_000, kill_midway)
        )
        phase("survey, killed midway", figures, wall, restart["cpu"] + cpu_seconds(server.pid))
        lost = lost_answers(db, q, people, figures)
        print(
            f"{'':<24} {figures.finished} of {len(people)} submitted, "
            f"{figures.failed} failed requests while down, back in "
            f"{restart.get('seconds', float('nan')):.1f} s, answers lost: {lost}"
        )
    finally:
        stop(server, signal.SIGTERM)


if __name__ == "__main__":
    main()
