"""Every answer rule gives one verdict, whoever asks: the terminal, answers files, check, score.

The questionnaire below holds a question of every type with each of its rules (options,
counts, bounds, decimals, lengths) and a question for each constraint key of the
questionnaire language (equals ... answered, all/any/not, answer_of). Each answer is put to

* the rule the terminal survey calls before it accepts an answer (survey.flow.answer_problem);
* a file of answers (`survey --answers`: survey.script.response_from_answers);
* `check` of a response file holding it, as YAML and as JSON;
* `score` of the same response, as a YAML file and as a line of a JSON Lines file;

and every one of them must accept it or refuse it, as the case says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Write

from s3engine.cli.checking import check_paths
from s3engine.core.findings import S3Error
from s3engine.io.files import load_document
from s3engine.io.yamlio import dump_yaml
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.scoring.inputs import ScoreRequest, score_files
from s3engine.survey.flow import answer_problem
from s3engine.survey.script import response_from_answers

QUESTIONNAIRE = """\
id: rules
version: "1"
title: Every answer rule
languages: [en, de]
default_language: en
choice_lists:
  abc:
    - {value: a, label: A}
    - {value: b, label: B}
    - {value: c, label: C}
scales:
  five:
    min: 1
    max: 5
    points: [{value: 1, label: one}, {value: 2, label: two}, {value: 3, label: three},
             {value: 4, label: four}, {value: 5, label: five}]
sections:
  - id: types
    title: Every type
    questions:
      - {id: rate, type: scale, scale: five, text: Rate, required: true}
      - {id: pick, type: single_choice, options: abc, text: Pick}
      - {id: many, type: multiple_choice, options: abc, text: Many,
         min_selections: 2, max_selections: 2}
      - {id: order, type: ranking, options: abc, text: Order, top: 2, min_ranked: 2}
      - {id: count, type: number, text: Count, integer: true, min: 0, max: 100}
      - {id: share, type: number, text: Share, decimals: 2, min: -1.5, max: 99.5}
      - {id: whole, type: number, text: Whole, decimals: 0}
      - {id: has, type: yes_no, text: Has}
      - {id: note, type: text, text: Note, max_length: 10}
  - id: constraints
    title: Every constraint key
    questions:
      - {id: c_equals, type: single_choice, options: abc, text: E,
         constraints: [{rule: {equals: a}, message: must be a}]}
      - {id: c_not_equals, type: single_choice, options: abc, text: NE,
         constraints: [{rule: {not_equals: a}, message: must not be a}]}
      - {id: c_in, type: single_choice, options: abc, text: I,
         constraints: [{rule: {in: [a, b]}, message: a or b}]}
      - {id: c_not_in, type: single_choice, options: abc, text: NI,
         constraints: [{rule: {not_in: [a]}, message: not a}]}
      - {id: c_contains, type: multiple_choice, options: abc, text: C,
         constraints: [{rule: {contains: a}, message: with a}]}
      - {id: c_gt, type: number, text: GT, constraints: [{rule: {gt: 5}, message: over 5}]}
      - {id: c_ge, type: number, text: GE, constraints: [{rule: {ge: 5}, message: 5 or more}]}
      - {id: c_lt, type: number, text: LT, constraints: [{rule: {lt: 5}, message: under 5}]}
      - {id: c_le, type: number, text: LE,
         constraints: [{rule: {le: {answer_of: count}}, message: at most the count}]}
      - {id: c_answered, type: number, text: A,
         constraints: [{rule: {question: has, answered: true}, message: answer has first}]}
      - {id: c_all, type: number, text: ALL,
         constraints: [{rule: {all: [{ge: 1}, {le: 3}]}, message: 1 to 3}]}
      - {id: c_any, type: number, text: ANY,
         constraints: [{rule: {any: [{equals: 1}, {equals: 3}]}, message: 1 or 3}]}
      - {id: c_not, type: number, text: NOT,
         constraints: [{rule: {not: {equals: 2}}, message: not 2}]}
"""

MODEL = """\
id: rules-model
version: "1"
title: Rules
languages: [en]
default_language: en
questionnaire: questionnaire.yaml
dimensions:
  - id: d
    label: D
    indicators: [{id: rate, label: Rate, question: rate}]
classes:
  on_threshold: above
  levels: [{id: high, label: High, min: 50}, {id: low, label: Low}]
"""

#: Answers every case starts from (the case's answer is added, or replaces one of them).
BASE: dict[str, Any] = {"rate": 3, "count": 10, "has": True}

#: (question, answer, accepted); `None` as the answer removes the question from BASE.
CASES: list[tuple[str, Any, bool]] = [
    ("rate", 5, True),
    ("rate", 6, False),
    ("rate", 2.5, False),
    ("rate", True, False),
    ("pick", "b", True),
    ("pick", "d", False),
    ("pick", 1, False),
    ("many", ["a", "b"], True),
    ("many", ["a"], False),  # too few
    ("many", ["a", "b", "c"], False),  # too many
    ("many", ["a", "a"], False),  # twice
    ("many", ["a", "x"], False),  # not an option
    ("many", "a", False),  # not a list
    ("order", ["c", "a"], True),
    ("order", ["c"], False),
    ("order", ["c", "a", "b"], False),
    ("count", 100, True),
    ("count", 101, False),
    ("count", -1, False),
    ("count", 2.5, False),  # integer
    ("count", "7", False),
    ("count", 10**16, False),  # beyond what sums can hold
    ("share", 12.12, True),
    ("share", 12.123456, False),  # decimals: 2
    ("share", -1.5, True),
    ("share", -1.75, False),  # below min
    ("share", 99.6, False),  # above max
    ("whole", 1200, True),
    ("whole", 12.5, False),  # decimals: 0
    ("has", False, True),
    ("has", "yes", False),
    ("note", "short", True),
    ("note", "far too long", False),
    ("note", "a\x1b[2Jb", False),  # a control character
    ("note", 5, False),
    ("c_equals", "a", True),
    ("c_equals", "b", False),
    ("c_not_equals", "b", True),
    ("c_not_equals", "a", False),
    ("c_in", "b", True),
    ("c_in", "c", False),
    ("c_not_in", "c", True),
    ("c_not_in", "a", False),
    ("c_contains", ["a", "c"], True),
    ("c_contains", ["b"], False),
    ("c_gt", 6, True),
    ("c_gt", 5, False),
    ("c_ge", 5, True),
    ("c_ge", 4.5, False),
    ("c_lt", 4, True),
    ("c_lt", 5, False),
    ("c_le", 10, True),
    ("c_le", 11, False),  # more than the answer to `count`
    ("c_answered", 1, True),
    ("c_all", 2, True),
    ("c_all", 4, False),
    ("c_any", 3, True),
    ("c_any", 2, False),
    ("c_not", 3, True),
    ("c_not", 2, False),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def q(folder: Path) -> Questionnaire:
    return load_questionnaire(folder / "questionnaire.yaml")[0]


def answers_of(qid: str, value: Any) -> dict[str, Any]:
    return {**BASE, qid: value}


def response(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "s3engine_response": 1,
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "respondent": {"id": "abcd1234", "region": "AT31", "group": "industry"},
        "language": "en",
        "status": "complete",
        "started": "2024-05-01T10:00:00Z",
        "updated": "2024-05-01T10:20:00Z",
        "submitted": "2024-05-01T10:20:00Z",
        "answers": answers,
    }


def terminal_accepts(q: Questionnaire, qid: str, answers: dict[str, Any]) -> bool:
    question = q.question_index[qid]
    return all(
        answer_problem(q, question, answers[qid], answers, lang) is None for lang in q.languages
    )


def answers_file_accepts(q: Questionnaire, write: Write, answers: dict[str, Any]) -> bool:
    document = {"language": "en", "profile": {"region": "AT31", "group": "industry"}}
    path = write("answers.yaml", dump_yaml({**document, "answers": answers}))
    try:
        response_from_answers(q, load_document(path))
    except S3Error:
        return False
    return True


def check_accepts(folder: Path, path: Path) -> bool:
    (report,) = check_paths([str(path)], questionnaires=[str(folder / "questionnaire.yaml")])
    return report.ok


def score_accepts(folder: Path, path: Path) -> bool:
    outcome = score_files(ScoreRequest(responses=[str(path)], model=str(folder / "model.yaml")))
    result = outcome.result
    assert result.responses_read + result.responses_refused == 1
    return result.responses_read == 1


@pytest.mark.parametrize(("qid", "value", "accepted"), CASES, ids=lambda c: repr(c)[:20])
def test_every_answer_rule_gives_one_verdict_everywhere(
    folder: Path, q: Questionnaire, write: Write, qid: str, value: Any, accepted: bool
) -> None:
    answers = answers_of(qid, value)
    data = response(q, answers)
    as_yaml = write("response.yaml", dump_yaml(data))
    as_json = write("response.json", json.dumps(data, ensure_ascii=False))
    as_lines = write("responses.jsonl", json.dumps(data, ensure_ascii=False) + "\n")
    verdicts = {
        "terminal": terminal_accepts(q, qid, answers),
        "answers file": answers_file_accepts(q, write, answers),
        "check (YAML)": check_accepts(folder, as_yaml),
        "check (JSON)": check_accepts(folder, as_json),
        "score (YAML)": score_accepts(folder, as_yaml),
        "score (JSON Lines)": score_accepts(folder, as_lines),
    }
    assert verdicts == dict.fromkeys(verdicts, accepted)


def test_a_constraint_on_an_unanswered_question_gives_one_verdict(
    folder: Path, q: Questionnaire, write: Write
) -> None:
    """`answered` reads another answer: without it, every reader refuses the answer."""
    answers = {k: v for k, v in answers_of("c_answered", 1).items() if k != "has"}
    data = response(q, answers)
    as_yaml = write("response.yaml", dump_yaml(data))
    assert not terminal_accepts(q, "c_answered", answers)
    assert not answers_file_accepts(q, write, answers)
    assert not check_accepts(folder, as_yaml)
    assert not score_accepts(folder, as_yaml)


def test_the_cases_cover_every_question_type_and_constraint_key(q: Questionnaire) -> None:
    from s3engine.questionnaire.conditions import COMPARISON_OPERATORS
    from s3engine.questionnaire.model import QUESTION_TYPES

    asked = {q.question_index[qid].type for qid, _, _ in CASES}
    assert asked == set(QUESTION_TYPES)
    keys = {f"c_{key}" for key in (*COMPARISON_OPERATORS, "all", "any", "not")}
    assert keys <= {qid for qid, _, _ in CASES} | {"c_answered"}
    for qid in {qid for qid, _, _ in CASES}:  # each rule is seen accepting and refusing
        verdicts = {accepted for case, _, accepted in CASES if case == qid}
        assert verdicts == {True, False} or qid == "c_answered", qid


def test_the_terminal_words_a_refusal_in_the_respondents_language(q: Questionnaire) -> None:
    question = q.question_index["share"]
    answers = answers_of("share", 12.123456)
    assert answer_problem(q, question, 12.123456, answers, "de") == (
        "Bitte höchstens 2 Nachkommastellen angeben."
    )
    assert answer_problem(q, question, 99.6, answers, "de") == (
        "Die Zahl darf höchstens 99,5 betragen."
    )


def test_the_cases_refuse_by_every_rule_of_the_question_types(q: Questionnaire) -> None:
    """Every rule answers.value_problem knows is among the refusals walked above (but
    `scale.none`, a scale the questionnaire lacks, which its own check refuses first)."""
    from s3engine.questionnaire.answers import _FILE_WORDS, file_words, value_problem

    seen: set[str] = set()

    def record(rule: str, **values: Any) -> str:
        seen.add(rule)
        return file_words(rule, **values)

    for qid, value, accepted in CASES:
        if not accepted:
            value_problem(q, q.question_index[qid], value, record)
    assert seen == set(_FILE_WORDS) - {"scale.none"}


def test_a_region_that_is_no_nuts_code_gets_one_verdict(
    folder: Path, q: Questionnaire, write: Write
) -> None:
    """`TIROL` (a name typed for a code) is refused by answers files, check and score alike."""
    data = response(q, dict(BASE))
    data["respondent"]["region"] = "TIROL"
    as_yaml = write("response.yaml", dump_yaml(data))
    document = {"language": "en", "profile": {"region": "TIROL", "group": "industry"}}
    path = write("answers.yaml", dump_yaml({**document, "answers": dict(BASE)}))
    with pytest.raises(S3Error, match=r"did you mean .AT33 \(Tirol\)."):
        response_from_answers(q, load_document(path))
    assert not check_accepts(folder, as_yaml)
    assert not score_accepts(folder, as_yaml)
    data["respondent"]["region"] = "AT33"
    assert check_accepts(folder, write("response.yaml", dump_yaml(data)))
