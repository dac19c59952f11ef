"""The web survey as a respondent meets it, page by page (Starlette's test client; the browser
tests in test_web_browser.py drive a real Chromium).

Every test runs on SQLite and on a real PostgreSQL server (the `db_url` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_survey_support import load, write_small
from web_support import Visitor, form_fields

from s3engine.questionnaire.model import Questionnaire
from s3engine.survey.flow import tr
from s3engine.web.app import create_app
from s3engine.web.storage import NewInvitation, Store
from s3engine.web.tokens import new_token, token_hash


@dataclass
class Served:
    """A survey published on a fresh database, and its application."""

    store: Store
    q: Questionnaire
    app: Any

    def invite(
        self, region: str = "AT31", group: str | None = "industry", lang: str | None = "en"
    ) -> str:
        token = new_token()
        kind = "personal" if group is not None else "open"
        invitation = NewInvitation(kind, region, None, group, lang, "Ana Novak", "ana@example.eu")
        self.store.add_invitations(self.q.id, [(token, invitation)])
        return token

    def visitor(self, token: str | None = None, **headers: str) -> Visitor:
        visitor = Visitor(self.app, headers)
        if token is not None:
            visitor.get(f"/s/{token}")
        return visitor

    def stored(self, token: str) -> Any:
        return self.store.response(token_hash(token))


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[Served]:
    store = Store(db_url)
    store.upgrade()
    q = load(write_small(tmp_path))
    store.publish(q, source="small.yaml", model=None)
    yield Served(store, q, create_app(store))
    store.close()


ANSWERS: dict[str, Any] = {
    "has_policy": True,
    "clusters": 12,
    "governance": 4,
    "domains": ["ict", "health"],
    "needs": ["skills", "finance"],
    "rd_share": 3.5,
    "industry_plans": "soon",
    "comment": "Gut so",
    "email": "ana@example.eu",
}


def fill(visitor: Visitor, q: Questionnaire, answers: dict[str, Any], lang: str) -> Any:
    """Fill in the fields of the current page from `answers` and go on."""
    fields = form_fields(q, answers, visitor.fields(), lang)
    return visitor.post(visitor.path(), [*fields, ("action", "next")])


def answer_pages(visitor: Visitor, q: Questionnaire, answers: dict[str, Any], lang: str) -> None:
    """Answer page after page until the review page."""
    for _ in range(20):
        if visitor.path() == "/survey/review":
            return
        assert visitor.path().startswith("/survey/section/"), visitor.html
        assert fill(visitor, q, answers, lang).status_code == 200, visitor.html
    raise AssertionError("the survey did not reach its review page")


def start(visitor: Visitor, **profile: str) -> None:
    fields = [(f"p:{key}", value) for key, value in profile.items()]
    visitor.post("/survey/start", [*fields, ("action", "start")])
    assert visitor.page.status_code == 200, visitor.html


def test_a_respondent_answers_every_page_reviews_and_submits(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    assert visitor.path() == "/survey/start"
    assert "Your answers are used for the stress test" in visitor.html  # consent first
    start(visitor, organisation="Cluster Agency")
    assert visitor.path() == "/survey/section/basics"
    answer_pages(visitor, served.q, ANSWERS, "en")
    assert "Check your answers" in visitor.html
    assert "ICT; Health" in visitor.html and "1. Skills" in visitor.html
    visitor.post("/survey/submit")
    assert visitor.path() == "/survey/done"
    stored = served.stored(token)
    assert stored.complete and stored.answers == ANSWERS and stored.skipped == []
    assert stored.organisation == "Cluster Agency" and stored.consent is True
    # Submitted once: the pages no longer take answers.
    again = visitor.post("/survey/section/basics", [("action", "next")])
    assert again.status_code == 409
    assert visitor.get("/survey").url.path == "/survey/done"


def test_a_conditional_question_appears_on_the_same_page(served: Served) -> None:
    visitor = served.visitor(served.invite())
    start(visitor)
    assert "q:clusters" not in visitor.fields()
    visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "yes"), ("q:governance", "3"), ("action", "next")],
    )
    assert visitor.path() == "/survey/section/basics"
    assert "q:clusters" in visitor.fields()
    assert "Your answers opened further questions" in visitor.html
    assert 'class="question is-new" id="q-clusters"' in visitor.html


def test_required_and_invalid_answers_are_told_at_their_fields_and_the_rest_is_kept(
    served: Served,
) -> None:
    token = served.invite(lang="de")
    visitor = served.visitor(token)
    start(visitor)
    page = visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "yes"), ("action", "next")],
    )
    page = visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "yes"), ("q:clusters", "12,5"), ("action", "next")],
    )
    assert page.status_code == 422
    assert 'aria-describedby="d-clusters h-clusters e-clusters" aria-invalid="true"' in page.text
    assert 'href="#f-clusters"' in page.text  # the summary links to the field
    assert tr("survey.number.whole", "de") in page.text
    assert 'value="12,5"' in page.text  # what was typed stays
    assert served.stored(token).answers == {"has_policy": True}  # what fitted is saved
    page = visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "yes"), ("q:clusters", "12"), ("action", "next")],
    )
    assert page.status_code == 422 and 'id="e-governance"' in page.text


def test_the_questionnaires_constraint_message_is_shown_in_the_respondents_language(
    served: Served,
) -> None:
    visitor = served.visitor(served.invite(lang="de"))
    start(visitor)
    answer = {**ANSWERS, "rd_share": 60}
    while visitor.path() == "/survey/section/basics":
        fill(visitor, served.q, answer, "de")
    page = fill(visitor, served.q, answer, "de")
    assert page.status_code == 422 and "Mehr als 50 % ist unplausibel." in page.text


def test_closing_the_browser_loses_nothing_and_the_link_resumes_at_the_first_open_question(
    served: Served,
) -> None:
    token = served.invite()
    first = served.visitor(token)
    start(first)
    first.post(
        "/survey/section/basics",
        [("q:has_policy", "no"), ("q:governance", "2"), ("action", "next")],
    )
    first.post("/survey/section/priorities", [("q:domains", "ict"), ("action", "later")])
    assert first.path() == "/survey/saved" and f"/s/{token}" in first.html
    # Another device: the same link, no cookie of the first.
    second = served.visitor(token)
    assert second.path() == "/survey/section/priorities"
    assert "Welcome back" in second.html
    assert 'value="ict" checked' in second.html
    assert second.page.history[-1].headers["location"].endswith("#q-needs")


def test_back_keeps_what_was_given_on_the_page(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    start(visitor)
    visitor.post(
        "/survey/section/basics",
        [("q:has_policy", "no"), ("q:governance", "2"), ("action", "next")],
    )
    visitor.post("/survey/section/priorities", [("q:comment", "erst später"), ("action", "back")])
    assert visitor.path() == "/survey/section/basics"
    assert served.stored(token).answers["comment"] == "erst später"
    assert 'value="no" checked' in visitor.html


def test_a_change_on_review_warns_what_it_removes_and_changing_back_restores_it(
    served: Served,
) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    start(visitor)
    answer_pages(visitor, served.q, ANSWERS, "en")
    page = visitor.get("/survey/change/has_policy")
    assert 'name="q:has_policy"' in page.text
    page = visitor.post("/survey/change/has_policy", [("q:has_policy", "no")])
    assert "This change removes 1 answer" in page.text
    assert "How many cluster initiatives are there?" in page.text and "12" in page.text
    assert served.stored(token).answers["has_policy"] is True  # nothing changed yet
    page = visitor.post("/survey/change/has_policy", [("q:has_policy", "no"), ("confirm", "yes")])
    assert visitor.path() == "/survey/review"
    assert "clusters" not in served.stored(token).answers
    visitor.post("/survey/change/has_policy", [("q:has_policy", "yes")])
    assert served.stored(token).answers["clusters"] == 12  # restored, nothing to re-type
    assert visitor.path() == "/survey/review"


def test_an_open_link_asks_for_the_group_and_gives_a_personal_link(served: Served) -> None:
    link = served.invite(region="SI04", group=None, lang=None)
    visitor = served.visitor(link, **{"accept-language": "de-AT,de;q=0.9,en;q=0.5"})
    assert visitor.path() == "/survey/start" and 'lang="de"' in visitor.html
    page = visitor.post("/survey/start", [("action", "start")])
    assert page.status_code == 422 and 'id="e-group"' in page.text
    start(visitor, group="academia")
    assert "personal link" in visitor.html or "persönlicher Link" in visitor.html
    own = visitor.html.split("/s/")[1].split("<")[0]
    assert own != link
    stored = served.stored(own)
    assert (stored.region, stored.group, stored.language) == ("SI04", "academia", "de")
    # The open link opens a new response for the next respondent; the own link resumes.
    assert served.visitor(link).path() == "/survey/start"
    assert served.visitor(own).path() == "/survey/section/basics"


def test_the_language_switch_changes_the_survey_and_the_response(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    start(visitor)
    assert "Does your region have a cluster policy?" in visitor.html
    visitor.post("/survey/language", [("lang", "de"), ("back", "/survey/section/basics")])
    assert visitor.path() == "/survey/section/basics"
    assert "Hat Ihre Region eine Clusterpolitik?" in visitor.html
    assert "Speichern und weiter" in visitor.html or 'lang="de"' in visitor.html
    assert served.stored(token).language == "de"


def test_declining_consent_stores_nothing(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    visitor.post("/survey/start", [("action", "decline")])
    assert visitor.page.status_code == 200 and "Nothing was stored" in visitor.html
    assert served.stored(token) is None


def test_a_respondent_deletes_their_data_by_their_link(served: Served) -> None:
    token = served.invite()
    visitor = served.visitor(token)
    start(visitor, organisation="Cluster Agency")
    visitor.get("/survey/delete")
    visitor.post("/survey/delete")
    assert visitor.path() == "/deleted"
    assert served.stored(token) is None
    gone = served.visitor(token)
    assert gone.page.status_code == 404 and "does not open a survey" in gone.html
