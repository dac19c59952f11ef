"""The fast answer check used while streaming agrees with answers.check_answers, always.

Scoring checks every response with the rules the survey and `check` apply; for speed it
first tries a memoised fast path. Property tests draw answers, valid and invalid, and compare
the verdict with check_answers on the same response.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3engine.io.yamlio import load_yaml_text
from s3engine.questionnaire.answers import check_answers
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.model import QuestionnaireRef, Respondent, Response
from s3engine.scoring.engine import AnswerChecker

QUESTIONNAIRE = load_yaml_text(
    """
id: props
version: "1"
title: Properties
languages: [en]
default_language: en
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points: [{value: 0, label: "0"}, {value: 1, label: "1"}, {value: 2, label: "2"},
             {value: 3, label: "3"}, {value: 4, label: "4"}, {value: 5, label: "5"}]
sections:
  - id: s1
    title: One
    questions:
      - {id: rate, type: scale, scale: wheel, text: R, required: true}
      - {id: has, type: yes_no, text: H, yes_score: 100, no_score: 0}
      - {id: follow, type: scale, scale: wheel, text: F, show_if: {question: has, equals: true},
         required: true}
      - id: pick
        type: single_choice
        text: P
        options: [{value: a, label: A, score: 0}, {value: b, label: B, score: 1}]
      - id: many
        type: multiple_choice
        text: M
        max_selections: 2
        options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]
      - {id: count, type: number, text: C, min: 0, integer: true}
      - id: part
        type: number
        text: Part
        show_if: {question: count, gt: 0}
        constraints: [{rule: {le: {answer_of: count}}, message: not more than count}]
      - {id: note, type: text, text: N, max_length: 5}
  - id: s2
    title: Two
    groups: [industry]
    questions:
      - {id: only, type: scale, scale: wheel, text: O, required: true}
"""
).data
Q = Questionnaire.model_validate(QUESTIONNAIRE)
IDS = [q.id for _, q in Q.questions()] + ["unknown"]
VALUES: list[Any] = [
    0,
    1,
    3,
    5,
    6,
    -1,
    2.0,
    2.5,
    True,
    False,
    "a",
    "b",
    "z",
    "",
    "toolong",
    ["a"],
    ["a", "b"],
    ["a", "b", "c"],
    ["a", "a"],
    [],
    10,
    0.0,
]

answers_strategy = st.dictionaries(st.sampled_from(IDS), st.sampled_from(VALUES), max_size=9)


def response(answers: dict[str, Any], group: str, complete: bool, skipped: list[str]) -> Response:
    now = datetime(2024, 5, 1, tzinfo=UTC)
    return Response(
        questionnaire=QuestionnaireRef(id=Q.id, version=Q.version, hash=Q.content_hash),
        respondent=Respondent(id="abcd1234", region="AT31", group=group),
        language="en",
        status="complete" if complete else "partial",
        started=now,
        updated=now,
        submitted=now if complete else None,
        answers=answers,
        skipped=skipped,
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=answers_strategy,
    group=st.sampled_from(["industry", "government"]),
    complete=st.booleans(),
    skipped=st.lists(st.sampled_from(IDS), max_size=2),
)
def test_the_fast_path_never_accepts_what_check_answers_refuses(
    answers: dict[str, Any], group: str, complete: bool, skipped: list[str]
) -> None:
    checker = AnswerChecker(Q)
    r = response(answers, group, complete, skipped)
    expected = check_answers(
        Q, r.answers, group=group, lang="en", complete=complete, skipped=skipped
    )
    counter: Counter[Any] = Counter()
    fast = checker.fast_ok(r.answers, group, complete, skipped, counter)
    if fast:
        assert expected == [], expected
        assert sum(counter.values()) == len(r.answers)
    else:
        assert counter == Counter() or all(n == 0 for n in counter.values())
    # The full check gives check_answers' own verdict either way.
    assert checker.problems(r) == expected
    # Asking again (with the memos filled) gives the same answer, and so does a checker
    # whose memos (shown questions, constraint verdicts) all the earlier draws filled.
    assert checker.fast_ok(r.answers, group, complete, skipped) == fast
    assert SHARED.fast_ok(r.answers, group, complete, skipped) == fast


SHARED = AnswerChecker(Q)


def test_common_answers_take_the_fast_path() -> None:
    checker = AnswerChecker(Q)
    answers = {
        "rate": 3,
        "has": True,
        "follow": 4,
        "pick": "a",
        "many": ["a", "c"],
        "count": 4,
        "part": 2,
        "note": "ok",
        "only": 0,
    }
    assert checker.fast_ok(answers, "industry", True, [])
    assert not checker.fast_ok({**answers, "part": 5}, "industry", True, [])  # constraint
    # the verdict on 5 is remembered with the answer the constraint reads, not alone
    assert checker.fast_ok({**answers, "part": 5, "count": 6}, "industry", True, [])
    assert not checker.fast_ok({**answers, "has": 1}, "industry", True, [])  # not a boolean
    assert not checker.fast_ok({**answers, "rate": True}, "industry", True, [])
    assert not checker.fast_ok({**answers, "has": False}, "industry", True, [])  # follow hidden
    without = {k: v for k, v in answers.items() if k != "only"}
    assert not checker.fast_ok(without, "industry", True, [])  # required for industry
    assert checker.fast_ok(without, "industry", False, [])  # but a partial response may lack it
