"""The survey's logic apart from its prompts: state, progress, numbers, messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_survey_support import load, write_small

from s3engine.i18n import LANGUAGES as SHIPPED_LANGUAGES
from s3engine.questionnaire.answers import profile_problems
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Questionnaire,
    Ranking,
    TextQuestion,
)
from s3engine.survey.flow import (
    SurveyState,
    answer_problem,
    format_answer,
    format_number,
    number_hint,
    number_problem,
    parse_number,
    ranking_rule,
    read_number,
    removed_by_answer,
    removed_by_group,
    selection_problem,
    text_problem,
)


@pytest.fixture
def q(tmp_path: Path) -> Questionnaire:
    return load(write_small(tmp_path))


# -- numbers as people type them -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("12", "en", 12),
        ("3,5", "de", 3.5),
        ("3.5", "de", 3.5),
        ("1.200", "de", 1200),  # a German thousands separator
        ("1.200", "en", 1.2),
        ("1,200", "en", 1200),
        ("1,200", "it", 1.2),
        ("1 234,5", "fr", 1234.5),
        ("1\u202f234,5", "fr", 1234.5),
        ("1'234.5", "de", 1234.5),
        ("1.234.567", "sl", 1234567),
        ("1.234,5", "en", 1234.5),
        ("-2", "en", -2),
        (".5", "en", 0.5),
        (" 7 ", "en", 7),
    ],
)
def test_numbers_are_read_the_way_people_write_them(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1e5", "1,2,3.4.5", "--1", "12%"])
def test_what_is_not_a_number(text: str) -> None:
    assert parse_number(text, "en") is None


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 3)),
    st.sampled_from(SHIPPED_LANGUAGES),
)
def test_a_number_shown_to_a_respondent_reads_back_as_the_same_number(
    value: float, lang: str
) -> None:
    assert parse_number(format_number(value, lang), lang) == pytest.approx(value)


def test_number_messages_in_the_respondents_language(q: Questionnaire) -> None:
    clusters = q.question_index["clusters"]
    share = q.question_index["rd_share"]
    assert isinstance(clusters, NumberQuestion) and isinstance(share, NumberQuestion)
    assert number_problem(clusters, "zwölf", "de") == "Bitte geben Sie eine Zahl ein, z. B. 250."
    assert number_problem(clusters, "2,5", "de") == "Bitte geben Sie eine ganze Zahl ein."
    assert number_problem(clusters, "600", "fr") == ("Le nombre doit être inférieur ou égal à 500.")
    assert number_problem(clusters, "-1", "it") == "Il numero deve essere almeno 0."
    assert number_problem(share, "12,25", "sl") == ("Število decimalnih mest je lahko največ 1.")
    assert number_problem(share, "12,5", "de") is None
    assert read_number(share, "12,5", "de") == 12.5
    assert read_number(clusters, "12", "de") == 12
    assert number_hint(q, share, "de") == "0 bis 100 %"
    assert number_hint(q, clusters, "fr") == "de 0 à 500"


def test_constraints_speak_the_questionnaires_words(q: Questionnaire) -> None:
    share = q.question_index["rd_share"]
    assert answer_problem(q, share, 60, {}, "de") == "Mehr als 50 % ist unplausibel."
    assert answer_problem(q, share, 60, {}, "en") == "More than 50 % is implausible."
    assert answer_problem(q, share, 40, {}, "en") is None


def test_selection_and_length_messages(q: Questionnaire) -> None:
    domains = q.question_index["domains"]
    comment = q.question_index["comment"]
    assert isinstance(domains, MultipleChoice) and isinstance(comment, TextQuestion)
    assert selection_problem(domains, ["ict", "energy", "health"], "it") == (
        "Selezioni al massimo 2 opzioni."
    )
    assert selection_problem(domains, [], "it") is None  # no answer: skipped, not wrong
    one_at_least = domains.model_copy(update={"min_selections": 1, "max_selections": 1})
    assert selection_problem(one_at_least, ["ict", "energy"], "sl") == "Izberite samo eno možnost."
    assert text_problem(comment, "x" * 41, "en") == (
        "Please shorten your answer to 40 characters (it has 41)."
    )


def test_a_ranking_of_too_few_or_too_many_options_is_told_in_the_respondents_language(
    q: Questionnaire,
) -> None:
    needs = q.question_index["needs"]
    assert isinstance(needs, Ranking)
    assert answer_problem(q, needs, ["finance"], {}, "de") == ranking_rule(q, needs, "de")
    assert "2" in ranking_rule(q, needs, "de") and "3" in ranking_rule(q, needs, "de")
    assert answer_problem(q, needs, ["finance", "skills", "export", "digital"], {}, "en") == (
        ranking_rule(q, needs, "en")
    )
    assert answer_problem(q, needs, ["finance", "skills"], {}, "en") is None


def test_answers_read_as_labels(q: Questionnaire) -> None:
    def shown(qid: str, value: object, lang: str = "de") -> str:
        return format_answer(q, q.question_index[qid], value, lang)

    assert shown("has_policy", True) == "Ja"
    assert shown("has_policy", False, "sl") == "Ne"
    assert shown("governance", 0) == "0 – keine Information"
    assert shown("domains", ["ict", "health"]) == "IKT; Gesundheit"
    assert shown("needs", ["skills", "finance"]) == "1. Fachkräfte  2. Finanzierung"
    assert shown("rd_share", 12.5) == "12,5 %"
    assert shown("rd_share", 12.5, "en") == "12.5 %"


# -- the state of one respondent ---------------------------------------------------------


def test_skip_logic_and_group_targeting(q: Questionnaire) -> None:
    industry = SurveyState(q, "industry")
    academia = SurveyState(q, "academia")
    assert "industry_plans" in [x.id for x in industry.visible()]
    assert "industry_plans" not in [x.id for x in academia.visible()]
    assert "clusters" not in [x.id for x in industry.visible()]  # until has_policy is yes
    industry.answer("has_policy", True)
    assert "clusters" in [x.id for x in industry.visible()]


def test_an_answer_that_hides_questions_drops_their_answers_and_skips(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("has_policy", True)
    state.answer("clusters", 12)
    assert state.answer("has_policy", False) == ["clusters"]
    assert state.answers == {"has_policy": False}
    state.answer("has_policy", True)
    state.skip("clusters")
    state.answer("has_policy", False)
    assert state.skipped == []


def test_skipping_replaces_an_answer(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("comment", "gut")
    state.skip("comment")
    assert "comment" not in state.answers
    assert state.skipped == ["comment"]
    state.answer("comment", "doch")
    assert state.skipped == []


def test_the_first_open_question_passes_over_answers_and_skips(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    assert state.first_open() == 0
    state.answer("has_policy", False)
    state.answer("governance", 3)
    state.skip("domains")
    visible = [x.id for x in state.visible()]
    first = state.first_open()
    assert first is not None and visible[first] == "needs"


def test_progress_counts_sections_and_questions_that_apply(q: Questionnaire) -> None:
    state = SurveyState(q, "academia")
    state.answer("has_policy", False)
    progress = state.progress(1)
    assert (progress.section_number, progress.section_count) == (1, 2)
    assert (progress.question_number, progress.question_count) == (2, 7)
    assert progress.done == 1
    state.answer("has_policy", True)
    assert state.progress(1).question_count == 8
    last = state.progress(7)
    assert (last.section_number, last.section.id) == (2, "priorities")


def test_changing_an_answer_back_restores_the_answers_it_had_hidden(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("has_policy", True)
    state.answer("clusters", 12)
    assert state.answer("has_policy", False) == ["clusters"]
    assert state.answers == {"has_policy": False}
    assert state.answer("has_policy", True) == []
    assert state.answers == {"has_policy": True, "clusters": 12}
    assert state.set_aside == {}


def test_a_set_aside_answer_that_no_longer_fits_is_forgotten(tmp_path: Path) -> None:
    q = load(
        write_small(
            tmp_path,
            """\
            id: limits
            version: "1"
            title: Limits
            languages: [en]
            default_language: en
            sections:
              - id: s
                title: S
                questions:
                  - {id: total, type: number, text: Total}
                  - {id: open, type: yes_no, text: Open?}
                  - id: part
                    type: number
                    text: Part
                    show_if: {question: open, equals: true}
                    constraints:
                      - rule: {le: {answer_of: total}}
                        message: At most the total.
            """,
        )
    )
    state = SurveyState(q, "industry")
    state.answer("total", 10)
    state.answer("open", True)
    state.answer("part", 8)
    state.answer("open", False)
    state.answer("total", 5)
    state.answer("open", True)
    assert "part" not in state.answers  # 8 is more than the total now
    assert state.set_aside == {}


def test_what_a_change_would_remove_is_known_before_it_is_made(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("has_policy", True)
    state.answer("clusters", 12)
    state.answer("industry_plans", "soon")
    assert [x.id for x in removed_by_answer(state, "has_policy", False)] == ["clusters"]
    assert removed_by_answer(state, "has_policy", True) == []
    assert removed_by_answer(state, "comment", None) == []
    assert [x.id for x in removed_by_group(state, "academia")] == ["industry_plans"]
    assert state.answers == {"has_policy": True, "clusters": 12, "industry_plans": "soon"}


def test_an_answer_taken_back_opens_its_question_again(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("has_policy", True)
    state.answer("clusters", 12)
    state.skip("comment")
    assert state.clear("has_policy") == ["clusters"]
    assert state.clear("comment") == []
    assert state.answers == {} and state.skipped == []
    assert state.first_open() == 0


def test_a_group_change_hides_and_restores_the_groups_questions(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    state.answer("industry_plans", "later")
    assert state.set_group("academia") == ["industry_plans"]
    assert state.set_group("industry") == []
    assert state.answers == {"industry_plans": "later"}


def test_pages_are_the_sections_that_apply_with_their_questions(q: Questionnaire) -> None:
    state = SurveyState(q, "academia")
    pages = state.pages()
    assert [p.section.id for p in pages] == ["basics", "priorities"]
    assert [x.id for x in pages[0].questions] == ["has_policy", "governance"]
    assert "industry_plans" not in [x.id for x in pages[1].questions]
    assert state.first_open_page() == 0
    state.answer("has_policy", True)
    assert [x.id for x in state.pages()[0].questions] == ["has_policy", "clusters", "governance"]
    state.skip("clusters")
    state.answer("governance", 4)
    assert state.first_open_page() == 1
    for question in state.pages()[1].questions:
        state.skip(question.id)
    assert state.first_open_page() is None


def test_missing_required_answers(q: Questionnaire) -> None:
    state = SurveyState(q, "industry")
    assert [x.id for x in state.missing_required()] == ["has_policy", "governance"]


def test_profile_problems(q: Questionnaire) -> None:
    assert profile_problems(q, region="AT31", group="industry", sector=None, language="de") == []
    problems = dict(profile_problems(q, region=None, group="goverment", sector="x", language="es"))
    assert set(problems) == {"language", "region", "group", "sector"}
    assert "did you mean 'government'?" in problems["group"]
    # Flags are checked one by one: nothing given, nothing wrong.
    assert (
        profile_problems(q, region=None, group=None, sector=None, language=None, complete=False)
        == []
    )
