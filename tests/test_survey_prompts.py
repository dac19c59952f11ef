"""The interactive survey, driven through its real questionary prompts by key presses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from questionary import Separator
from rich.console import Console
from test_survey_support import (
    BACKSPACE,
    CTRL_B,
    CTRL_C,
    DOWN,
    ENTER,
    SPACE,
    UP,
    drive,
    load,
    only_file,
    write_small,
)

from s3engine.io.files import load_yaml
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Questionnaire,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.files import read_response
from s3engine.survey.flow import SurveyState
from s3engine.survey.terminal import BACK, SKIP, Prompter, SurveySettings

# Keys for the small questionnaire, from the consent statement to the review, for a
# respondent of the industry group (region and group given as flags).
CONSENT = ENTER
ORGANISATION = "Cluster Holz & Bau" + ENTER
HAS_POLICY_YES = ENTER
CLUSTERS_12 = "12" + ENTER
GOVERNANCE_4 = "4" + ENTER  # the digit jumps to the point
DOMAINS_ICT_ENERGY = SPACE + DOWN + SPACE + ENTER
# Finance first, skills second, then "done" (below the two options left and a separator).
NEEDS_FINANCE_SKILLS = ENTER + ENTER + DOWN + DOWN + ENTER
RD_SHARE = "12,5" + ENTER
INDUSTRY_SOON = DOWN + ENTER  # a single choice starts on no option
SKIP_TEXT = ENTER
EMAIL = "anna@example.org" + ENTER
SUBMIT = ENTER + ENTER  # "Submit my answers", then "Yes, submit"
SHOW = DOWN + DOWN + DOWN + ENTER  # "Show all my answers again" on the review

ALL_QUESTIONS = (
    HAS_POLICY_YES
    + CLUSTERS_12
    + GOVERNANCE_4
    + DOMAINS_ICT_ENERGY
    + NEEDS_FINANCE_SKILLS
    + RD_SHARE
    + INDUSTRY_SOON
    + SKIP_TEXT
    + EMAIL
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_small(tmp_path)


def settings(
    small: Path,
    out: Path,
    *,
    lang: str | None = "de",
    region: str | None = "AT31",
    group: str | None = "industry",
) -> SurveySettings:
    return SurveySettings(spec=str(small), region=region, group=group, out=out, lang=lang)


def test_a_full_survey_in_german_writes_a_complete_response(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out), CONSENT + ORGANISATION + ALL_QUESTIONS + SUBMIT)

    assert run.code == 0, run.screen
    response = read_response(only_file(out)).response
    assert response.status == "complete"
    assert response.language == "de"
    assert response.consent is True
    assert response.respondent.region == "AT31"
    assert response.respondent.region_name == "Oberösterreich"
    assert response.respondent.organisation == "Cluster Holz & Bau"
    assert response.answers == {
        "has_policy": True,
        "clusters": 12,
        "governance": 4,
        "domains": ["ict", "energy"],
        "needs": ["finance", "skills"],
        "rd_share": 12.5,
        "industry_plans": "soon",
        "email": "anna@example.org",
    }
    assert response.skipped == ["comment"]
    assert response.submitted is not None
    # What the respondent read: German throughout, with progress and the review table.
    assert "Abschnitt 1 von 2 · Grundlagen" in run.printed
    assert "Frage 2 von 9" in run.printed
    assert "Ihre Antworten im Überblick" in run.printed
    assert "12,5 %" in run.printed  # a decimal comma, and the unit
    assert "Vielen Dank!" in run.printed
    assert "Strg-B zurück" in run.prompts
    assert "Use arrow keys" not in run.prompts  # none of questionary's English hints
    assert "Description:" not in run.prompts


def test_the_file_says_which_personal_data_it_holds(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    drive(load(small), settings(small, out), CONSENT + ORGANISATION + ALL_QUESTIONS + SUBMIT)
    header = only_file(out).read_text(encoding="utf-8").splitlines()[:3]
    assert any("personal data (email, organisation)" in line for line in header), header


def test_declining_consent_stores_nothing(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out), DOWN + ENTER)
    assert run.code == 0
    assert not out.exists()
    assert "Sie haben nicht eingewilligt" in run.printed
    assert "es wurde nichts gespeichert" in run.printed


def test_ctrl_c_saves_a_partial_response_and_prints_the_resume_command(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    run = drive(
        load(small),
        settings(small, out),
        CONSENT + ORGANISATION + HAS_POLICY_YES + CLUSTERS_12 + CTRL_C,
    )

    assert run.code == 130
    path = only_file(out)
    response = read_response(path).response
    assert response.status == "partial"
    assert response.answers == {"has_policy": True, "clusters": 12}
    assert "Die Befragung wurde unterbrochen." in run.printed
    assert f"s3engine survey {small} --resume {path}" in run.printed


def test_resume_continues_at_the_first_unanswered_question(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    q = load(small)
    drive(q, settings(small, out), CONSENT + ORGANISATION + HAS_POLICY_YES + CLUSTERS_12 + CTRL_C)
    path = only_file(out)

    resumed = drive(
        q,
        SurveySettings(spec=str(small), out=out, resume=read_response(path), resume_path=path),
        GOVERNANCE_4
        + DOMAINS_ICT_ENERGY
        + NEEDS_FINANCE_SKILLS
        + RD_SHARE
        + INDUSTRY_SOON
        + SKIP_TEXT
        + EMAIL
        + SUBMIT,
    )

    assert resumed.code == 0, resumed.screen
    assert "Willkommen zurück! Es geht weiter mit Frage 3 von 9." in resumed.printed
    assert "Einwilligung" not in resumed.printed  # consent and profile are not asked again
    response = read_response(path).response  # the same file, now complete
    assert sorted(out.glob("*.yaml")) == [path]
    assert response.status == "complete"
    assert response.answers["clusters"] == 12
    assert response.answers["governance"] == 4


def test_a_closed_input_stops_like_ctrl_c_and_keeps_the_answers(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out), CONSENT + ORGANISATION + HAS_POLICY_YES)
    assert run.code == 130
    assert read_response(only_file(out)).response.answers == {"has_policy": True}


def test_stopping_before_the_profile_is_complete_stores_nothing(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out), CONSENT + CTRL_C)
    assert run.code == 130
    assert not out.exists()
    assert "Vor Beginn der Fragen abgebrochen" in run.printed


def test_back_returns_to_the_previous_question_and_keeps_its_answer(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    keys = (
        CONSENT
        + ORGANISATION
        + HAS_POLICY_YES
        + CLUSTERS_12
        + CTRL_B  # from the governance question back to the number of clusters
        + BACKSPACE
        + "3"
        + ENTER  # 12 becomes 13
        + GOVERNANCE_4
        + DOMAINS_ICT_ENERGY
        + NEEDS_FINANCE_SKILLS
        + RD_SHARE
        + INDUSTRY_SOON
        + SKIP_TEXT
        + EMAIL
        + SUBMIT
    )
    run = drive(load(small), settings(small, out), keys)
    assert run.code == 0, run.screen
    assert read_response(only_file(out)).response.answers["clusters"] == 13


def test_answers_that_break_the_rules_are_refused_in_the_respondents_language(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    keys = (
        CONSENT
        + ORGANISATION
        + HAS_POLICY_YES
        + "600"
        + ENTER
        + BACKSPACE * 3
        + "12"
        + ENTER  # above the maximum of 500
        + GOVERNANCE_4
        + SPACE
        + DOWN
        + SPACE
        + DOWN
        + SPACE
        + ENTER
        + SPACE
        + ENTER  # three ticks, at most two
        + NEEDS_FINANCE_SKILLS
        + "60"
        + ENTER
        + BACKSPACE * 2
        + "7,5"
        + ENTER  # the questionnaire's own constraint
        + INDUSTRY_SOON
        + "x" * 41
        + ENTER
        + BACKSPACE
        + ENTER  # at most 40 characters
        + EMAIL
        + SUBMIT
    )
    run = drive(load(small), settings(small, out), keys)
    assert run.code == 0, run.screen
    answers = read_response(only_file(out)).response.answers
    assert answers["clusters"] == 12
    assert answers["domains"] == ["ict", "energy"]
    assert answers["rd_share"] == 7.5
    assert answers["comment"] == "x" * 40
    # (The messages shown meanwhile are checked in test_survey_flow.py and, on a real
    # terminal, in test_survey_terminal.py: a pipe is read faster than the screen redraws.)


def test_a_required_question_offers_no_skip_and_an_optional_one_does(small: Path) -> None:
    q = load(small)
    prompter = Prompter(q, "en", Console(file=io.StringIO()))

    def entries(question_id: str, back: str | None) -> list[object]:
        choices = prompter.nav_choices(q.question_index[question_id], back)
        return [c.value for c in choices if not isinstance(c, Separator)]

    assert entries("has_policy", back=None) == []  # required, and the first question
    assert entries("governance", back="back") == [BACK]
    assert entries("industry_plans", back="back") == [SKIP, BACK]


def test_an_empty_answer_skips_an_optional_question_but_not_a_required_one(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    run = drive(
        load(small),
        settings(small, out),
        CONSENT + ORGANISATION + HAS_POLICY_YES + ENTER + GOVERNANCE_4 + CTRL_C,
    )
    response = read_response(only_file(out)).response
    assert run.code == 130
    assert response.skipped == ["clusters"]
    assert response.answers == {"has_policy": True, "governance": 4}


def test_skip_logic_applies_live_when_an_answer_changes_on_the_review_screen(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    # The change removes the answer to "how many clusters": the survey asks first.
    change_first_answer_to_no = DOWN + ENTER + ENTER + DOWN + ENTER + DOWN + ENTER
    run = drive(
        load(small),
        settings(small, out),
        CONSENT + ORGANISATION + ALL_QUESTIONS + change_first_answer_to_no + SHOW + SUBMIT,
    )
    assert run.code == 0, run.screen
    answers = read_response(only_file(out)).response.answers
    assert answers["has_policy"] is False
    assert "clusters" not in answers  # hidden by the new answer, so dropped
    # The overview asked for again after the change no longer lists the hidden question.
    first_review, last_review = run.printed.split("Ihre Antworten im Überblick")[1:]
    assert "Wie viele Clusterinitiativen gibt es?" in first_review
    assert "Wie viele Clusterinitiativen gibt es?" not in last_review


def test_the_review_table_is_printed_once_and_submitting_is_confirmed(
    small: Path, tmp_path: Path
) -> None:
    """A change shows what it changed, not the whole table again; "Submit" asks first, and
    "No" returns to the review with every answer kept."""
    out = tmp_path / "responses"
    change_clusters = DOWN + ENTER + DOWN + ENTER + BACKSPACE + BACKSPACE + "14" + ENTER
    submit_then_no = ENTER + DOWN + ENTER
    run = drive(
        load(small),
        settings(small, out),
        CONSENT + ORGANISATION + ALL_QUESTIONS + change_clusters + submit_then_no + CTRL_C,
    )
    assert run.code == 130, run.screen
    assert run.printed.count("Ihre Antworten im Überblick") == 1
    assert run.printed.count("Wie viele Clusterinitiativen gibt es?") == 3  # asked, table, change
    assert "Antworten jetzt absenden?" in run.prompts
    response = read_response(only_file(out)).response
    assert response.status == "partial"  # "No": not submitted
    assert response.answers["clusters"] == 14
    assert response.answers["email"] == "anna@example.org"

    # Resumed, the same steps end with "Yes": submitted.
    path = only_file(out)
    resumed = drive(
        load(small),
        SurveySettings(spec=str(small), out=out, resume=read_response(path), resume_path=path),
        submit_then_no + SUBMIT,
    )
    assert resumed.code == 0, resumed.screen
    assert resumed.printed.count("Ihre Antworten im Überblick") == 1
    assert read_response(path).response.status == "complete"


def test_a_question_brought_up_by_a_change_is_asked_before_the_review(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    no_policy = DOWN + ENTER
    rest = GOVERNANCE_4 + DOMAINS_ICT_ENERGY + NEEDS_FINANCE_SKILLS + RD_SHARE + INDUSTRY_SOON
    rest += SKIP_TEXT + EMAIL
    change_to_yes = DOWN + ENTER + ENTER + UP + ENTER
    run = drive(
        load(small),
        settings(small, out),
        CONSENT + ORGANISATION + no_policy + rest + change_to_yes + "42" + ENTER + SUBMIT,
    )
    assert run.code == 0, run.screen
    answers = read_response(only_file(out)).response.answers
    assert answers["has_policy"] is True
    assert answers["clusters"] == 42


def test_changing_the_group_on_the_review_screen_drops_answers_it_hides(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    group_industry = DOWN + ENTER  # second of the four default groups
    # Review: "change"; up from the first question wraps round to the end of the list:
    # "back to the overview", (separator), organisation, group.
    to_group = DOWN + ENTER + UP * 3 + ENTER
    academia = DOWN + ENTER + DOWN + ENTER  # from industry, one down; yes, drop its answers
    run = drive(
        load(small),
        settings(small, out, group=None),
        CONSENT + group_industry + ORGANISATION + ALL_QUESTIONS + to_group + academia + SUBMIT,
    )
    assert run.code == 0, run.screen
    response = read_response(only_file(out)).response
    assert response.respondent.group == "academia"
    assert "industry_plans" not in response.answers


def test_the_region_is_asked_from_the_questionnaires_list(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    run = drive(
        load(small),
        settings(small, out, region=None, lang="en"),
        CONSENT + DOWN + ENTER + ORGANISATION + CTRL_C,
    )
    assert run.code == 130
    response = read_response(only_file(out)).response
    assert response.respondent.region == "SI04"
    assert response.respondent.region_name == "Zahodna Slovenija"
    assert "Which region are you answering for?" in run.printed


@pytest.mark.parametrize(("locale", "keys"), [("C.UTF-8", DOWN + ENTER), ("de_AT.UTF-8", ENTER)])
def test_the_language_is_asked_when_not_given(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, keys: str
) -> None:
    """English comes first; the terminal's own language is preselected."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", locale)
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out, lang=None), keys + CONSENT + CTRL_C)
    assert "Language / Sprache" in run.prompts
    assert "Einwilligung" in run.printed


def test_save_and_continue_later_from_the_review(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses"
    later = DOWN + DOWN + ENTER
    run = drive(load(small), settings(small, out), CONSENT + ORGANISATION + ALL_QUESTIONS + later)
    assert run.code == 0
    path = only_file(out)
    assert read_response(path).response.status == "partial"
    assert f"--resume {path}" in run.printed

    # Resumed with everything answered, the survey opens on the review.
    resumed = drive(
        load(small),
        SurveySettings(spec=str(small), out=out, resume=read_response(path), resume_path=path),
        SUBMIT,
    )
    assert resumed.code == 0
    assert "Alle Fragen sind beantwortet" in resumed.printed
    assert read_response(path).response.status == "complete"


def deliberate_keys(q: Questionnaire, group: str) -> tuple[str, dict[str, object], list[str]]:
    """Keys that answer every question of `q` shown to `group` by a deliberate choice, as
    a respondent would: a mark by its digit, the second option of a single choice, "yes",
    the first option ticked, a number typed; texts left empty. Returns the keys, the answers
    they give and the questions they skip (the questions shown follow the answers)."""
    state = SurveyState(q, group)
    keys = ""
    index = 0
    while index < len(visible := state.visible()):
        question = visible[index]
        if isinstance(question, ScaleQuestion):
            keys += "4" + ENTER
            state.answer(question.id, 4)
        elif isinstance(question, SingleChoice):
            keys += DOWN + DOWN + ENTER
            state.answer(question.id, q.options_of(question)[1].value)
        elif isinstance(question, YesNo):
            keys += ENTER
            state.answer(question.id, True)
        elif isinstance(question, MultipleChoice):
            keys += SPACE + ENTER
            state.answer(question.id, [q.options_of(question)[0].value])
        elif isinstance(question, NumberQuestion):
            keys += "3" + ENTER
            state.answer(question.id, 3)
        else:
            assert isinstance(question, TextQuestion), question
            keys += ENTER
            state.skip(question.id)
        index = next(i for i, x in enumerate(state.visible()) if x.id == question.id) + 1
    return keys, dict(state.answers), list(state.skipped)


def test_the_shipped_stress_test_in_italian(tmp_path: Path) -> None:
    """Every question answered by a deliberate choice: the survey completes, in Italian."""
    from conftest import REPO

    path = REPO / "questionnaires" / "s3-stress-test.yaml"
    q = load(path)
    out = tmp_path / "responses"
    keys, answers, skipped = deliberate_keys(q, "government")
    run = drive(
        q,
        SurveySettings(
            spec="s3-stress-test", lang="it", region="ITC2", group="government", out=out
        ),
        # consent, no organisation, the second sector of the list, then the questions
        ENTER + ENTER + DOWN + ENTER + keys + SUBMIT,
    )
    assert run.code == 0, run.printed[-2000:]
    response = read_response(only_file(out)).response
    assert response.language == "it"
    assert response.status == "complete"
    assert response.answers == answers
    assert response.skipped == skipped
    assert "Controlli le Sue risposte" in run.printed
    assert "Sezione 1 di 6" in run.printed
    assert "Inviare ora le risposte?" in run.prompts
    assert "Grazie!" in run.printed
    assert load_yaml(only_file(out)).data["questionnaire"]["id"] == "s3-stress-test"


def test_enter_alone_never_answers_a_scale_or_a_single_choice(tmp_path: Path) -> None:
    """A scale starts on no point: Enter says what to do and the question stays open, so
    that pressing Enter throughout cannot make an all-"no information" complete response."""
    from conftest import REPO

    q = load(REPO / "questionnaires" / "s3-stress-test.yaml")
    out = tmp_path / "responses"
    italian = SurveySettings(
        spec="s3-stress-test", lang="it", region="ITC2", group="government", out=out
    )
    run = drive(q, italian, ENTER * 60)
    assert run.code == 130  # still on the first question when the keys ran out
    response = read_response(only_file(out)).response
    assert response.status == "partial"
    assert response.answers == {}
    refused = "✘ Nessun valore ancora scelto: ne scelga uno con ↑↓ o con la sua cifra"
    assert refused in " ".join(run.prompts.split())

    # In German: the refusal is shown, then a deliberate 0 ("no information") answers the
    # scale; a single choice refuses Enter alone too.
    small = write_small(tmp_path)
    out = tmp_path / "small"
    before = CONSENT + ORGANISATION + HAS_POLICY_YES + CLUSTERS_12
    refused_scale = drive(load(small), settings(small, out), before + ENTER + ENTER)
    assert "Noch ist kein Wert gewählt" in " ".join(refused_scale.prompts.split())
    assert "governance" not in read_response(only_file(out)).response.answers

    out = tmp_path / "small-2"
    governance = ENTER + ENTER + "0" + ENTER  # refused twice, then 0 by its digit
    rest = DOMAINS_ICT_ENERGY + NEEDS_FINANCE_SKILLS + RD_SHARE
    run = drive(load(small), settings(small, out), before + governance + rest + ENTER)
    answers = read_response(only_file(out)).response.answers
    assert answers["governance"] == 0  # "no information", chosen deliberately
    assert "industry_plans" not in answers
    assert "Noch ist keine Antwort gewählt" in " ".join(run.prompts.split())


def test_esc_then_enter_on_a_list_is_no_answer(small: Path, tmp_path: Path) -> None:
    """Alt-Enter in a list used to end it with an empty text, which read as "decline"."""
    out = tmp_path / "responses"
    run = drive(load(small), settings(small, out), "\x1b\r" + CONSENT + ORGANISATION + CTRL_C)
    assert run.code == 130
    assert read_response(only_file(out)).response.consent is True


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        # Typed paragraphs: Enter starts a new line, even an empty one; Ctrl-D confirms.
        ("First" + ENTER + "second" + ENTER + ENTER + "third" + "\x04", "First\nsecond\n\nthird"),
        # Alt-Enter (Esc, Enter) confirms too.
        ("One" + ENTER + ENTER + "two" + "\x1b\r", "One\n\ntwo"),
        # Pasted without bracketed paste: the terminal sends the newlines as Enter.
        ("A\r\rB\rC" + "\x04", "A\n\nB\nC"),
        # Pasted with bracketed paste.
        ("\x1b[200~A\n\nB\nC\x1b[201~" + "\x04", "A\n\nB\nC"),
    ],
)
def test_a_multiline_text_keeps_paragraphs_and_ends_with_its_submit_key(
    tmp_path: Path, keys: str, expected: str
) -> None:
    path = write_small(tmp_path, SMALL_MULTILINE)
    out = tmp_path / "responses"
    run = drive(
        load(path),
        SurveySettings(spec=str(path), region="AT31", group="industry", out=out, lang="en"),
        keys + SUBMIT,
    )
    assert run.code == 0, run.screen
    assert read_response(only_file(out)).response.answers == {"story": expected}
    hint = "Enter for a new line · Ctrl-D or Alt-Enter to confirm"
    assert hint in " ".join(run.prompts.split())  # wrapped at the width of the terminal


SMALL_MULTILINE = """\
id: story
version: "1"
title: A story
languages: [en]
default_language: en
profile: {ask_organisation: false, ask_sector: false}
sections:
  - id: s
    title: Story
    questions:
      - id: story
        type: text
        multiline: true
        required: true
        text: Tell us what happened.
"""


def test_reopening_a_submitted_response_and_leaving_keeps_it_complete(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "responses"
    q = load(small)
    drive(q, settings(small, out), CONSENT + ORGANISATION + ALL_QUESTIONS + SUBMIT)
    path = only_file(out)
    submitted = read_response(path).response.submitted

    def reopen(keys: str) -> None:
        drive(
            q,
            SurveySettings(spec=str(small), out=out, resume=read_response(path), resume_path=path),
            keys,
        )

    reopen(CTRL_C)  # looked at the review, changed nothing
    assert read_response(path).response.submitted == submitted
    # Changed an answer (and accepted what it removes), did not submit.
    reopen(DOWN + ENTER + ENTER + DOWN + ENTER + DOWN + ENTER + CTRL_C)
    response = read_response(path).response
    assert response.status == "partial"
    assert response.answers["has_policy"] is False


def test_a_resize_erases_the_prompt_as_the_terminal_rewrapped_it() -> None:
    """A terminal that re-wraps lines when it gets narrower makes the prompt taller; the
    erase before the redraw counts its rows at the new width, so that no first line of the
    question stays on the screen (the question shown twice)."""
    from prompt_toolkit.data_structures import Point
    from prompt_toolkit.layout.screen import Char, Screen

    from s3engine.survey.terminal import _reflowed

    screen = Screen()
    rows = ["? How good is the S3 governance?", "  " + "hints " * 15, "   0  no information"]
    for y, text in enumerate(rows):
        for x, char in enumerate(text):
            screen.data_buffer[y][x] = Char(char)
    cursor = Point(x=3, y=3)
    assert _reflowed(screen, cursor, 100) == cursor  # as wide as before: as drawn
    # At 60 columns the hints (92 characters wide) take two rows: one more to go up.
    assert _reflowed(screen, cursor, 60) == Point(x=3, y=4)
    assert _reflowed(screen, Point(x=70, y=1), 60) == Point(x=10, y=2)
