"""A multiple choice ticked empty ("none of these") is an answer, `[]`, told apart from a
question skipped or not reached (absent from `answers`), by one rule
(questionnaire.answers.takes_none_of_these) that the terminal, the web survey, answers
files, `check`, `score` and the statistical exports follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_survey_support import DOWN, ENTER, SPACE, drive, load, only_file, write_small
from web_support import Visitor

from s3engine.interop.statistical import SKIPPED, codebook
from s3engine.io.yamlio import load_yaml_text
from s3engine.questionnaire.answers import check_answers, takes_none_of_these
from s3engine.responses.files import read_response
from s3engine.scoring.answer_scores import AnswerScores
from s3engine.survey.flow import format_answer
from s3engine.survey.script import response_from_answers
from s3engine.survey.terminal import SurveySettings
from s3engine.web.app import create_app
from s3engine.web.storage import NewInvitation, Store
from s3engine.web.tokens import new_token, token_hash

SECTORS = """\
id: coop
version: "1"
title: {en: Cooperation, de: Kooperation}
languages: [en, de]
default_language: en
profile: {ask_organisation: false, ask_sector: false}
sections:
  - id: s
    title: {en: Cooperation, de: Kooperation}
    questions:
      - id: sectors
        type: multiple_choice
        text:
          en: "In which sectors would you cooperate across borders?"
          de: "In welchen Branchen würden Sie grenzüberschreitend zusammenarbeiten?"
        help: {en: "Leave empty if none applies.", de: "Leer lassen, wenn keine zutrifft."}
        options:
          - {value: energy, label: {en: Energy, de: Energie}, score: 2}
          - {value: health, label: {en: Health, de: Gesundheit}, score: 1}
          - {value: other, label: {en: Other, de: Andere}}
      - id: countries
        type: multiple_choice
        min_selections: 1
        text: {en: "With partners from which countries?", de: "Mit Partnern aus welchen Ländern?"}
        options:
          - {value: AT, label: {en: Austria, de: Österreich}}
          - {value: SI, label: {en: Slovenia, de: Slowenien}}
"""


@pytest.fixture
def coop(tmp_path: Path) -> Path:
    return write_small(tmp_path, SECTORS, "coop.yaml")


def test_the_rule_takes_an_empty_selection_only_where_no_minimum_is_asked(coop: Path) -> None:
    q = load(coop)
    sectors, countries = q.question_index["sectors"], q.question_index["countries"]
    assert takes_none_of_these(sectors) and not takes_none_of_these(countries)

    def problems(answers: dict[str, object], skipped: tuple[str, ...] = ()) -> list[str]:
        found = check_answers(q, answers, group=None, lang="en", complete=True, skipped=skipped)
        return [f"{qid}: {message}" for qid, message in found]

    assert problems({"sectors": []}, skipped=("countries",)) == []
    (problem,) = problems({"sectors": [], "countries": []})
    assert problem.startswith("countries:") and "at least 1" in problem
    # "None of these" reads as such; skipped is not answered at all.
    assert format_answer(q, sectors, [], "de") == "Nichts davon"


def test_an_answers_file_keeps_none_of_these_apart_from_skipped(coop: Path) -> None:
    q = load(coop)
    profile = "profile: {region: AT31, group: industry}\n"
    text = profile + "answers: {sectors: []}\nskipped: [countries]\n"
    response = response_from_answers(q, load_yaml_text(text, "answers.yaml"))
    assert response.answers == {"sectors": []}
    assert response.skipped == ["countries"]
    response = response_from_answers(q, load_yaml_text(profile + "answers: {}\n", "b.yaml"))
    assert response.answers == {}
    assert response.skipped == ["sectors", "countries"]


def test_nothing_ticked_scores_as_a_sum_of_nothing_and_exports_as_zeros(coop: Path) -> None:
    q = load(coop)
    scores = AnswerScores.of(q, q.question_index["sectors"], rescale=True)
    assert scores.score([]) == 0.0  # the lowest sum: nothing ticked
    assert scores.score(["energy", "health"]) == 100.0
    assert scores.score(["other"]) is None  # only an option without a score: missing
    assert scores.score(None) is None  # not answered: missing

    text = "profile: {region: AT31, group: industry}\nanswers: {sectors: []}\n"
    none = response_from_answers(q, load_yaml_text(text, "a.yaml"))
    skipped = response_from_answers(
        q, load_yaml_text(text.replace("{sectors: []}", "{}"), "b.yaml")
    )
    book = codebook(q, [none, skipped], "en")
    columns = [i for i, v in enumerate(book.variables) if v.question == "sectors"]
    assert [book.rows[0][i] for i in columns] == [0, 0, 0]  # answered, nothing ticked
    assert [book.rows[1][i] for i in columns] == [SKIPPED] * 3  # the missing code "skipped"


@pytest.mark.parametrize(
    ("lang", "after", "stored", "skipped"),
    [
        # Nothing ticked, then "none of these applies" (the first entry).
        ("de", ENTER, {"sectors": []}, ["countries"]),
        # Nothing ticked, then "skip this question".
        ("en", DOWN + ENTER, {}, ["sectors", "countries"]),
    ],
)
def test_the_terminal_asks_what_nothing_ticked_means(
    coop: Path, tmp_path: Path, lang: str, after: str, stored: dict[str, object], skipped: list[str]
) -> None:
    out = tmp_path / "out"
    settings = SurveySettings(spec=str(coop), region="AT31", group="industry", out=out, lang=lang)
    # sectors: Enter with nothing ticked, then what it means; countries: skipped (empty).
    run = drive(load(coop), settings, ENTER + after + ENTER + ENTER + ENTER)
    assert run.code == 0, run.screen
    response = read_response(only_file(out)).response
    assert (response.status, response.answers, response.skipped) == ("complete", stored, skipped)
    prompts = " ".join(run.prompts.split())
    if lang == "de":
        assert "nichts angekreuzt: nichts davon" in prompts
        assert "Sie haben nichts angekreuzt. Was bedeutet das?" in prompts
        assert "Nichts davon" in run.printed  # the echo and the review say so


def test_the_terminal_keeps_ticks_as_before(coop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = SurveySettings(spec=str(coop), region="AT31", group="industry", out=out, lang="en")
    run = drive(load(coop), settings, SPACE + ENTER + SPACE + ENTER + ENTER + ENTER)
    assert run.code == 0, run.screen
    assert read_response(only_file(out)).response.answers == {
        "sectors": ["energy"],
        "countries": ["AT"],
    }


def test_the_web_survey_has_a_box_for_none_of_these(coop: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'survey.db'}")
    store.upgrade()
    q = load(coop)
    store.publish(q, source="coop.yaml", model=None)
    try:
        token = new_token()
        invitation = NewInvitation("personal", "AT31", None, "industry", "de", "A", "a@example.eu")
        store.add_invitations(q.id, [(token, invitation)])
        visitor = Visitor(create_app(store), {})
        visitor.get(f"/s/{token}")
        visitor.post("/survey/start", [("action", "start")])
        assert 'id="f-sectors-none"' in visitor.html and "Nichts davon" in visitor.html
        assert 'id="f-countries-none"' not in visitor.html  # it needs a tick
        # Both "none of these" and an option: told, nothing stored.
        both = [("q:sectors", ""), ("q:sectors", "energy"), ("action", "next")]
        assert visitor.post("/survey/section/s", both).status_code == 422
        assert "nicht beides" in visitor.html
        # "None of these" alone is the answer []; nothing ticked skips the optional question.
        visitor.post("/survey/section/s", [("q:sectors", ""), ("action", "next")])
        assert visitor.path() == "/survey/review", visitor.html
        assert "Nichts davon" in visitor.html
        stored = store.response(token_hash(token))
        assert stored.answers == {"sectors": []} and stored.skipped == ["countries"]
    finally:
        store.close()
