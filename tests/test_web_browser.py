"""The web survey in a real browser: Debian's Chromium driven by Playwright, against the real
`s3engine serve run` on 127.0.0.1.

Both shipped questionnaires are answered from start to submission in two languages (German
and Slovenian), one stopped and resumed from its link in a fresh browser (another device),
an answer changed on the review page after the warning of what it removes; the export is
then checked and scored. axe-core checks every kind of page for WCAG 2.1 A and AA problems,
the keyboard alone answers a page, and a 360 px wide phone never has to scroll sideways.

Screenshots of a question page and of the monitor at 1280 and 360 px are written to the
folder S3ENGINE_SCREENSHOTS names (if set), for people to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli
from web_support import (
    S3ENGINE,
    free_port,
    sample_answers,
    start_server,
)

from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.survey.flow import format_number

pytestmark = pytest.mark.slow

EXAMPLES = REPO / "examples"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# -- the browser and the server ---------------------------------------------------------------


@dataclass
class Server:
    """`s3engine serve run` in a child process, with both shipped questionnaires."""

    db: str
    url: str
    process: subprocess.Popen[bytes]
    admin: str
    axe: dict[str, list[str]] = field(default_factory=dict)

    def links(self, cli: Cli, questionnaire: str, rows: str, *extra: str) -> list[str]:
        contacts = Path(self.db.removeprefix("sqlite:///")).parent / f"{questionnaire}.csv"
        contacts.write_text(rows, encoding="utf-8")
        run = cli(
            "serve",
            "invite",
            "--db",
            self.db,
            "--questionnaire",
            questionnaire,
            "--base-url",
            self.url,
            *(["--list", str(contacts)] if rows else []),
            *extra,
        )
        assert run.code == 0, run.err
        return [line.rsplit(",", 1)[1] for line in run.out.splitlines()[1:]]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'survey.db'}"
    admin = ""
    for questionnaire in ("s3-stress-test", "stakeholder-needs"):
        init = [*S3ENGINE, "serve", "init", "--db", db, "--questionnaire", questionnaire]
        text = subprocess.run(init, capture_output=True, text=True, check=True).stdout
        if "keep it secret): " in text:
            admin = text.split("keep it secret): ")[1].split()[0]
    assert admin
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    child = start_server(db, port, folder, "--data", str(EXAMPLES / "data" / "eurostat"))
    server = Server(db, url, child, admin)
    try:
        yield server
    finally:
        child.terminate()
        child.wait(timeout=20)
        report = os.environ.get("S3ENGINE_SCREENSHOTS")
        if report:
            Path(report).mkdir(parents=True, exist_ok=True)
            (Path(report) / "axe.json").write_text(json.dumps(server.axe, indent=2))


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    errors: list[str] = []

    def console(message: Any) -> None:
        # A page answered with 4xx on purpose is logged as a failed load: the responses of
        # everything but pages are checked below instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(answer: Any) -> None:
        if answer.request.resource_type != "document" and answer.status >= 400:
            errors.append(f"{answer.url}: {answer.status}")

    tab.on("console", console)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", response)
    yield tab
    context.close()
    assert errors == [], errors  # no script error, CSP violation or missing file


# -- a respondent's hands --------------------------------------------------------------------


def accessible(server: Server, page: Any, kind: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA problem on this page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    server.axe[kind] = found
    assert found == [], f"{kind}: {found}"


def fill(page: Any, q: Questionnaire, answers: dict[str, Any], lang: str) -> None:
    """Give `answers` on the current page, as a respondent clicks and types them."""
    names = page.eval_on_selector_all(
        "[name^='q:'], [name^='r:']", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        kind, _, rest = name.partition(":")
        if kind == "r":
            qid, _, option = rest.partition(":")
            ranked = answers.get(qid) or []
            place = str(ranked.index(option) + 1) if option in ranked else ""
            page.select_option(f"select[name='{name}']", place)
            continue
        value = answers.get(rest)
        field = page.locator(f"[name='{name}']").first
        kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
        if kind == "radio":
            chosen = (
                ""
                if value is None
                else ("yes" if value is True else "no" if value is False else str(value))
            )
            if value is not None or page.locator(f"[name='{name}'][value='']").count():
                page.check(f"[name='{name}'][value='{chosen}']")
        elif kind == "checkbox":
            for box in page.locator(f"[name='{name}']").all():
                option = box.get_attribute("value")  # "" for the box "none of these"
                box.set_checked(option in value if value else option == "" and value == [])
        elif isinstance(value, int | float) and q.question_index[rest].type == "number":
            field.fill(format_number(value, lang))
        else:
            field.fill("" if value is None else str(value))


def next_page(page: Any) -> None:
    with page.expect_navigation():
        page.click("button[name='action'][value='next']")


def answer_all(page: Any, q: Questionnaire, answers: dict[str, Any], lang: str) -> None:
    for _ in range(30):
        if page.url.endswith("/survey/review") or "/survey/review?" in page.url:
            return
        fill(page, q, answers, lang)
        next_page(page)
    raise AssertionError(f"no review page: {page.url}")


def screenshot(page: Any, name: str) -> None:
    """The first screen as a person sees it (NAME.png) and the whole page (NAME-full.png)."""
    folder = os.environ.get("S3ENGINE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.screenshot(path=str(Path(folder) / f"{name}-full.png"), full_page=True)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


# -- the tests ---------------------------------------------------------------------------


def test_the_stress_test_answered_in_german_changed_on_review_submitted_exported_and_scored(
    page: Any, server: Server, cli: Cli, tmp_path: Path
) -> None:
    q, _ = load_questionnaire("s3-stress-test")
    answers, _ = sample_answers(q, "industry")
    answers["cooperation_agreements_exist"] = True
    (link,) = server.links(cli, q.id, "region,group,language\nAT31,industry,de\n")
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "de"
    assert "S3-Stresstest" in page.title()
    accessible(server, page, "start (consent)")
    with page.expect_navigation():
        page.click("button[value='start']")
    assert "/survey/section/" in page.url
    accessible(server, page, "question page")
    screenshot(page, "question-1280")
    # Required questions left empty: the errors are tied to their fields.
    next_page(page)
    assert page.locator(".error-summary").is_visible()
    accessible(server, page, "question page with errors")
    first_error = page.locator(".error-summary a").first
    target = first_error.get_attribute("href")
    first_error.click()
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
    answer_all(page, q, answers, "de")
    accessible(server, page, "review")
    # Change an answer that other questions depend on: warned first, then removed.
    page.click("#r-cooperation_agreements_exist a")
    page.check("[name='q:cooperation_agreements_exist'][value='no']")
    with page.expect_navigation():
        page.click("button[type='submit'].primary")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Diese Änderung entfernt")
    accessible(server, page, "confirm a change")
    with page.expect_navigation():
        page.click("button.warning")
    assert "/survey/review" in page.url
    assert page.locator("#r-cooperation_agreements_effect").count() == 0
    # ... and changing it back brings those answers back.
    page.click("#r-cooperation_agreements_exist a")
    page.check("[name='q:cooperation_agreements_exist'][value='yes']")
    with page.expect_navigation():
        page.click("button[type='submit'].primary")
    assert page.locator("#r-cooperation_agreements_effect .answer").inner_text().strip() != ""
    with page.expect_navigation():
        page.click(".submit-form button.primary")
    assert page.url.endswith("/survey/done")
    accessible(server, page, "thank you")

    out = tmp_path / "web.jsonl"
    assert (
        cli("serve", "export", "--db", server.db, "--questionnaire", q.id, "--out", out).code == 0
    )
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert exported[-1]["answers"]["cooperation_agreements_exist"] is True
    run = cli(
        "score",
        out,
        EXAMPLES / "responses",
        "--data",
        EXAMPLES / "data" / "eurostat",
        "--format",
        "json",
    )
    assert run.code == 0, run.err
    assert json.loads(run.out)["responses_read"] >= len(exported)


def test_the_needs_survey_in_slovenian_from_an_open_link_stopped_and_resumed_elsewhere(
    browser: Any, page: Any, server: Server, cli: Cli
) -> None:
    q, _ = load_questionnaire("stakeholder-needs")
    answers, _ = sample_answers(q, "civil_society")
    (link,) = server.links(cli, q.id, "", "--open", "--regions", str(EXAMPLES / "regions.yaml"))[
        -1:
    ]
    page.goto(link)  # the last region of the list: SI04, Zahodna Slovenija
    assert page.locator("html").get_attribute("lang") == "sl"
    assert "Zahodna Slovenija" in page.inner_text("main")
    page.click("button[value='start']")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()  # the group is required
    accessible(server, page, "start with errors")
    page.check("input[name='p:group'][value='civil_society']")
    with page.expect_navigation():
        page.click("button[value='start']")
    own = page.locator(".notice-link code").inner_text()
    assert own.startswith(server.url + "/s/") and own != link
    fill(page, q, answers, "sl")
    next_page(page)
    with page.expect_navigation():
        page.click("button[name='action'][value='later']")
    assert page.url.endswith("/survey/saved") and own in page.inner_text("main")
    accessible(server, page, "saved for later")
    # Another device: a new browser context, no cookie, the same personal link.
    other = browser.new_context(viewport={"width": 360, "height": 740}, locale="sl-SI")
    phone = other.new_page()
    phone.goto(own)
    assert "/survey/section/" in phone.url
    assert "Dobrodošli nazaj" in phone.inner_text("main")
    no_sideways_scroll(phone)
    screenshot(phone, "question-360")
    # The language switch, then back to Slovenian.
    with phone.expect_navigation():
        phone.click("button[name='lang'][value='en']")
    assert phone.locator("html").get_attribute("lang") == "en"
    with phone.expect_navigation():
        phone.click("button[name='lang'][value='sl']")
    answer_all(phone, q, answers, "sl")
    no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.click(".submit-form button.primary")
    assert phone.url.endswith("/survey/done")
    phone.goto(own)
    assert phone.url.endswith("/survey/done")  # submitted once
    with phone.expect_navigation():
        phone.click("a[href$='/survey/delete']")
    accessible(server, phone, "delete")
    other.close()


def test_a_page_can_be_answered_with_the_keyboard_alone_and_focus_is_visible(
    page: Any, server: Server, cli: Cli
) -> None:
    (link,) = server.links(cli, "s3-stress-test", "region,group,language\nITH2,academia,it\n")
    page.goto(link)
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.focus("button[value='start']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.focus("input[name='q:clusters_in_edp'][value='0']")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    assert page.evaluate("document.activeElement.value") == "1"
    assert page.is_checked("input[name='q:clusters_in_edp'][value='1']")


def seed_fieldwork(db: str) -> None:
    """Invitations and submitted responses in three regions, as after a week of fieldwork."""
    from dataclasses import replace

    from s3engine.responses.model import new_respondent_id, now
    from s3engine.web.storage import NewInvitation, Store, StoredResponse
    from s3engine.web.tokens import new_token, token_hash

    store = Store(db)
    published = store.latest("s3-stress-test")
    q = published.questionnaire
    plan = {
        ("AT32", "Salzburg"): {
            "government": (2, 2),
            "industry": (5, 3),
            "academia": (3, 2),
            "civil_society": (2, 0),
        },
        ("ITC4", "Lombardia"): {"industry": (4, 2), "academia": (2, 1), "government": (2, 0)},
        ("SI03", "Vzhodna Slovenija"): {"civil_society": (3, 1), "industry": (2, 0)},
    }
    for (code, name), groups in plan.items():
        for group, (invited, submitted) in groups.items():
            tokens = [new_token() for _ in range(invited)]
            store.add_invitations(
                q.id, [(t, NewInvitation("personal", code, name, group)) for t in tokens]
            )
            for token in tokens[:submitted]:
                invitation = store.invitation(token_hash(token))
                assert invitation is not None
                answers, skipped = sample_answers(q, group)
                moment = now()
                response = StoredResponse(
                    new_respondent_id(),
                    token_hash(token),
                    invitation.pk,
                    published.pk,
                    "en",
                    code,
                    name,
                    group,
                    None,
                    True,
                    moment,
                    moment,
                    None,
                )
                store.create_response(response)
                store.save(replace(response, answers=answers, skipped=skipped, submitted=moment))
    store.close()


def test_the_monitor_at_desktop_and_phone_width_and_the_problem_pages(
    browser: Any, page: Any, server: Server
) -> None:
    seed_fieldwork(server.db)
    page.goto(server.url + "/s/" + "x" * 24)
    assert page.locator("h1").inner_text() == "This link does not open a survey"
    accessible(server, page, "problem (wrong link)")
    page.goto(server.url + "/admin")
    accessible(server, page, "monitor login")
    # The checker works under the page's Content-Security-Policy: a field planted without a
    # label is found.
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    planted = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert "label" in [v["id"] for v in planted.response["violations"]]
    page.reload()
    page.fill("#f-token", server.admin)
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("h1").inner_text() == "Fieldwork monitor"
    assert "Salzburg" in page.inner_text("main") and "can be scored" in page.inner_text("main")
    accessible(server, page, "monitor")
    screenshot(page, "monitor-1280")
    assert page.locator("button[aria-pressed]").count() == 1  # the script's pause button
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["__Host-s3admin"]["secure"] and cookies["__Host-s3admin"]["httpOnly"]
    phone_context = browser.new_context(viewport={"width": 360, "height": 740})
    phone_context.add_cookies([cookies["__Host-s3admin"]])
    phone = phone_context.new_page()
    phone.goto(server.url + "/admin")
    no_sideways_scroll(phone)
    screenshot(phone, "monitor-360")
    phone_context.close()
