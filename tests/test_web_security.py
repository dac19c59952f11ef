"""The web survey against hostile input: every case gets one clear page and a 4xx status, no
traceback, and nothing stored that should not be.

Oversized bodies, wrong content types, forms without or with a forged CSRF signature, unknown
fields, values no page offers, XSS payloads in every text, control characters, a token of
another region or respondent, guessed tokens (slowed down per address), and an internal
error (a page without detail; the traceback goes to the server's log only).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_survey_support import load, write_small
from test_web_survey import ANSWERS, Served, answer_pages, start
from web_support import Visitor

from s3engine.core.limits import WEB_MAX_BODY_BYTES
from s3engine.web.app import WebSettings, create_app
from s3engine.web.security import CONTENT_SECURITY_POLICY, Throttle
from s3engine.web.storage import Store
from s3engine.web.tokens import new_token

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    store = Store(f"sqlite:///{tmp_path / 'survey.db'}")
    store.upgrade()
    q = load(write_small(tmp_path))
    store.publish(q, source="small.yaml", model=None)
    yield Served(store, q, create_app(store))
    store.close()


def started(served: Served, **profile: str) -> tuple[str, Visitor]:
    token = served.invite()
    visitor = served.visitor(token)
    start(visitor, **profile)
    return token, visitor


def raw_post(visitor: Visitor, path: str, body: bytes | str, kind: str) -> Any:
    return visitor.client.post(path, content=body, headers={"content-type": kind})


def test_every_page_carries_a_strict_policy_and_no_cache(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    for path in ("/", "/survey/start", "/admin", "/no/such/page"):
        page = visitor.get(path)
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["cache-control"] == "no-store"
        assert "<script>" not in page.text and " style=" not in page.text


def test_cookies_are_secure_http_only_and_same_site(served: Served) -> None:
    token = served.invite()
    page = Visitor(served.app).client.get(f"/s/{token}", follow_redirects=False)
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("__Host-s3=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie and "Path=/" in cookie


def test_an_oversized_body_is_refused_before_it_is_read(served: Served) -> None:
    _, visitor = started(served)
    body = "q:comment=" + "x" * (WEB_MAX_BODY_BYTES + 1)
    page = raw_post(
        visitor, "/survey/section/priorities", body, "application/x-www-form-urlencoded"
    )
    assert page.status_code == 413 and "Too much was sent at once" in page.text

    def chunks() -> Iterator[bytes]:
        for _ in range(WEB_MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536

    page = visitor.client.post(
        "/survey/section/priorities",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 413


def test_a_form_of_another_kind_is_refused(served: Served) -> None:
    _, visitor = started(served)
    page = raw_post(
        visitor, "/survey/section/basics", '{"q:has_policy": "yes"}', "application/json"
    )
    assert page.status_code == 415
    page = raw_post(
        visitor, "/survey/section/basics", b"--x\r\n", "multipart/form-data; boundary=x"
    )
    assert page.status_code == 415


def test_a_form_without_or_with_a_forged_signature_is_refused(served: Served) -> None:
    token, visitor = started(served)
    body = "action=next&q%3Ahas_policy=yes&q%3Agovernance=3"
    kind = "application/x-www-form-urlencoded"
    page = raw_post(visitor, "/survey/section/basics", body, kind)
    assert page.status_code == 403 and "This page has expired" in page.text
    page = raw_post(visitor, "/survey/section/basics", body + "&csrf=" + "0" * 64, kind)
    assert page.status_code == 403
    # A signature copied from another browser does not fit this browser's cookie.
    other = served.visitor(served.invite())
    page = raw_post(visitor, "/survey/section/basics", body + "&csrf=" + other.csrf(), kind)
    assert page.status_code == 403
    assert served.stored(token).answers == {}


@pytest.mark.parametrize(
    ("fields", "what"),
    [
        ([("q:has_policy", "maybe")], "not yes or no"),
        ([("q:governance", "9")], "a point the scale has not"),
        ([("q:governance", "3"), ("q:governance", "4")], "two values for one answer"),
        ([("q:has_policy", "yes"), ("q:unknown", "1")], "an unknown field"),
        ([("q:domains", "ict")], "a question of another page"),
        ([("p:region", "SI04")], "a tampered region"),
        ([("action", "jump")], "an action no button sends"),
        ([("action", "next"), ("action", "back")], "two actions"),
    ],
)
def test_a_form_no_page_could_send_gets_400_and_changes_nothing(
    served: Served, fields: list[tuple[str, str]], what: str
) -> None:
    token, visitor = started(served)
    if not any(name == "action" for name, _ in fields):
        fields = [*fields, ("action", "next")]
    page = visitor.post("/survey/section/basics", fields)
    assert page.status_code == 400, what
    assert "The form does not fit this survey" in page.text
    assert "Traceback" not in page.text
    assert served.stored(token).answers == {}


def test_tampered_choices_rankings_and_profiles_get_400(served: Served) -> None:
    token, visitor = started(served)
    visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "no"), ("q:governance", "3"), ("action", "next")],
    )
    for fields in (
        [("q:domains", "space")],
        [("q:domains", "ict"), ("q:domains", "ict")],
        [("r:needs:finance", "7")],
        [("r:needs:finance", "one")],
        [("r:needs:wealth", "1")],
        [("q:industry_plans", "never")],
    ):
        page = visitor.post("/survey/section/priorities", [*fields, ("action", "next")])
        assert page.status_code == 400, fields
    for fields in ([("p:group", "academia")], [("p:sector", "space")]):
        page = visitor.post("/survey/profile", fields)
        assert page.status_code == 400, fields
    page = visitor.post("/survey/language", [("lang", "xx"), ("back", "/survey")])
    assert page.status_code == 400
    page = visitor.post("/survey/language", [("lang", "de"), ("back", "https://evil.example/")])
    assert page.status_code == 400
    assert served.stored(token).answers == {"has_policy": False, "governance": 3}


def test_xss_payloads_in_every_text_are_stored_as_text_and_shown_escaped(served: Served) -> None:
    token, visitor = started(served, organisation=XSS)
    answers = {**ANSWERS, "comment": XSS[:40], "email": XSS}
    answer_pages(visitor, served.q, answers, "en")
    assert visitor.page.status_code == 200
    assert "<script>" not in visitor.html and "<img" not in visitor.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in visitor.html
    stored = served.stored(token)
    assert stored.organisation == XSS and stored.answers["email"] == XSS
    page = visitor.get("/survey/change/comment")
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text


def test_a_control_character_in_a_text_is_refused_with_a_message(served: Served) -> None:
    token, visitor = started(served)
    visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "no"), ("q:governance", "3"), ("action", "next")],
    )
    page = visitor.post(
        "/survey/section/priorities", [("q:comment", "a\x1b[2Jb"), ("action", "next")]
    )
    assert page.status_code == 422 and "control character U+001B" in page.text
    assert "comment" not in served.stored(token).answers


def test_a_token_opens_only_its_own_response(served: Served) -> None:
    mine, visitor = started(served)
    other = served.invite(region="SI04", group="academia")
    theirs = served.visitor(other)
    start(theirs)
    visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "yes"), ("q:governance", "1"), ("action", "next")],
    )
    assert served.stored(other).answers == {}
    assert served.stored(mine).region == "AT31" and served.stored(other).region == "SI04"
    # A cookie holding something else than a token opens nothing.
    stranger = Visitor(served.app)
    stranger.client.cookies.set("__Host-s3", "../../etc/passwd", domain="testserver")
    assert stranger.get("/survey").status_code == 404


def test_wrong_tokens_get_one_page_in_the_respondents_language_and_are_slowed_down(
    served: Served,
) -> None:
    visitor = Visitor(served.app, {"accept-language": "sl"})
    for _ in range(5):
        page = visitor.get(f"/s/{new_token()}")
        assert page.status_code == 404 and "Ta povezava ne odpre vprašalnika" in page.text
    page = visitor.get(f"/s/{new_token()}")
    assert page.status_code == 404
    page = visitor.get(f"/s/{served.invite()}")  # even a right token must wait now
    assert page.status_code == 429 and int(page.headers["retry-after"]) >= 1
    for junk in ("x", "a" * 500, "%00", "..%2f..%2fetc"):
        assert visitor.get(f"/s/{junk}").status_code in (404, 429)


def test_the_throttle_doubles_the_wait_and_forgets_after_the_window() -> None:
    now = [0.0]
    throttle = Throttle(free=2, window=60, longest=8, clock=lambda: now[0])
    for _ in range(2):
        throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 0
    waits = []
    for _ in range(5):
        throttle.failed("10.0.0.1")
        waits.append(throttle.wait("10.0.0.1"))
    assert waits == [1, 2, 4, 8, 8]
    assert throttle.wait("10.0.0.2") == 0
    now[0] = 120.0
    assert throttle.wait("10.0.0.1") == 0


def test_an_internal_error_shows_a_page_without_detail(
    served: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    token = served.invite()

    def broken(hashed: str) -> None:
        raise RuntimeError("secret detail of the database")

    monkeypatch.setattr(served.store, "response", broken)
    page = Visitor(served.app).get(f"/s/{token}")
    assert page.status_code == 500 and "Something went wrong on our side" in page.text
    assert "secret detail" not in page.text and "Traceback" not in page.text
    assert "secret detail of the database" in caplog.text  # the server's log has it


def test_the_debug_switch_is_what_shows_a_traceback(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'survey.db'}")
    store.upgrade()
    app = create_app(store, WebSettings(debug=True))
    assert app.debug is True
    assert create_app(store).debug is False
    store.close()


def test_the_monitor_needs_the_analysts_token_and_shows_no_personal_data(
    served: Served,
) -> None:
    admin = served.store.new_admin_token()
    token, visitor = started(served, organisation="Confidential Org")
    answer_pages(visitor, served.q, ANSWERS, "en")
    visitor.post("/survey/submit")
    analyst = Visitor(served.app)
    assert "Analyst" in analyst.get("/admin").text
    assert analyst.get("/admin/fieldwork.json").status_code == 403
    page = analyst.post("/admin", [("token", new_token())])
    assert page.status_code == 401
    page = analyst.post("/admin", [("token", admin)])
    assert analyst.path() == "/admin" and "Fieldwork monitor" in page.text
    assert "Submitted: <strong>1</strong>" in page.text
    for secret in ("Confidential Org", "ana@example.eu", "Ana Novak", token):
        assert secret not in page.text
    data = analyst.get("/admin/fieldwork.json").json()
    assert data["questionnaires"][0]["submitted"] == 1
    assert "ana@example.eu" not in str(data)
    analyst.post("/admin/logout")
    assert "Analyst" in analyst.get("/admin").text
