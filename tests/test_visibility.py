"""The questions shown, remembered per outcome of the conditions, are those the walk shows.

`score`, `import` and `check` of many responses ask answers.Visibility which questions a
respondent saw: it walks visible_questions once per group and combination of the outcomes of
the show_if comparisons, and remembers the result. Property tests draw answers (valid or
not, to questions before and after the conditions that read them) and compare it with
visible_questions on the same answers, with one Visibility for all the draws, so that most
answers are served from what earlier draws left in the memo.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3engine.io.yamlio import load_yaml_text
from s3engine.questionnaire.answers import Visibility, visible_questions
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.conditions import compare_values
from s3engine.questionnaire.model import (
    MultipleChoice,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
)

CONDITIONS = Questionnaire.model_validate(
    load_yaml_text(
        """
id: conditions
version: "1"
title: Conditions
languages: [en]
default_language: en
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points: [{value: 0, label: "0"}, {value: 1, label: "1"}, {value: 3, label: "3"},
             {value: 5, label: "5"}]
sections:
  - id: s1
    title: One
    questions:
      - {id: rate, type: scale, scale: wheel, text: R}
      - {id: has, type: yes_no, text: H}
      - id: many
        type: multiple_choice
        text: M
        options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]
      - {id: count, type: number, text: C, min: 0, integer: true}
      - id: pick
        type: single_choice
        text: P
        options: [{value: x, label: X}, {value: y, label: Y}]
        show_if: {any: [{question: has, equals: true}, {question: later, answered: true}]}
      - id: part
        type: number
        text: Part
        show_if: {all: [{question: count, gt: 0}, {question: part_of, le: {answer_of: count}}]}
      - {id: part_of, type: number, text: Of, show_if: {question: rate, ge: 3}}
      - id: deep
        type: scale
        scale: wheel
        text: D
        show_if: {not: {any: [{question: many, contains: b}, {question: pick, in: [y]},
                              {question: rate, not_equals: 5}]}}
  - id: s2
    title: Two
    groups: [industry, academia]
    show_if: {question: pick, not_in: [x]}
    questions:
      - {id: later, type: text, text: L, required: true}
      - {id: last, type: scale, scale: wheel, text: O, show_if: {question: has, equals: false},
         groups: [industry]}
"""
    ).data
)
GROUPS = [g.id for g in CONDITIONS.profile.groups] + ["nobody"]
VALUES: list[Any] = [0, 1, 3, 5, 7, -1, 2.5, True, False, "x", "y", "b", "", [], ["b"], ["a", "c"]]
VALUES += [["c", "a"], ["b", "a"], ["a", "b", "c"], ["c", "b", "a"], ["b", "b"]]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=st.dictionaries(
        st.sampled_from([x.id for _, x in CONDITIONS.questions()]), st.sampled_from(VALUES)
    ),
    group=st.sampled_from(GROUPS),
)
def test_the_questions_shown_are_those_the_walk_shows(answers: dict[str, Any], group: str) -> None:
    shown = VISIBILITY.shown(answers, group)
    assert shown.questions == tuple(visible_questions(CONDITIONS, answers, group))
    assert shown.required == {x.id for x in shown.questions if x.required}


VISIBILITY = Visibility(CONDITIONS, 1_000)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    respondents=st.lists(
        st.tuples(
            st.dictionaries(
                st.sampled_from([x.id for _, x in CONDITIONS.questions()]),
                st.sampled_from(VALUES),
            ),
            st.sampled_from(GROUPS),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_questions_shown_to_many_at_once_are_those_the_walk_shows(
    respondents: list[tuple[dict[str, Any], str]],
) -> None:
    """shown_columns (scoring's batches of lines) takes the answers column by column."""
    visibility = Visibility(CONDITIONS, 50)
    read = {qid for qid, _, _ in visibility.by_question if qid is not None} | set(visibility.read)
    columns = {qid: [answers.get(qid) for answers, _ in respondents] for qid in read}
    found = visibility.shown_columns(columns, [group for _, group in respondents])
    for (answers, group), shown in zip(respondents, found, strict=True):
        assert shown.questions == tuple(visible_questions(CONDITIONS, answers, group))


#: Answers of one type each: True == 1 == 1.0, and [] is not None.
OF_ONE_TYPE: list[list[Any]] = [
    [True, False],
    [0, 1, 3, 5, 7, -1],
    [1.0, 2.5, 5.0, 0.0],
    ["x", "y", "b", ""],
    [[], ["b"], ["a", "c"], ["c", "a"], ["b", "b"]],
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), size=st.integers(1, 30))
def test_columns_of_one_type_of_answer_show_what_the_walk_shows(data: Any, size: int) -> None:
    """A column of answers of one type (and None) is looked up by its values themselves:
    the walk still tells True from 1 and 1.0, and [] from no answer. One Visibility for all
    the draws, asked one respondent at a time too, so that each way reads what the other
    remembered."""
    read = {qid for qid, _, _ in VISIBILITY.by_question if qid is not None} | set(VISIBILITY.read)
    columns: dict[str, list[Any]] = {}
    for qid in sorted(read):
        values = data.draw(st.sampled_from(OF_ONE_TYPE))
        given = st.none() | st.sampled_from(values)
        columns[qid] = data.draw(st.lists(given, min_size=size, max_size=size))
    groups = data.draw(st.lists(st.sampled_from(GROUPS), min_size=size, max_size=size))
    everyone = [
        {qid: column[i] for qid, column in columns.items() if column[i] is not None}
        for i in range(size)
    ]
    if data.draw(st.booleans()):
        VISIBILITY.shown(everyone[0], groups[0])
    found = VISIBILITY.shown_columns(columns, groups)
    for answers, group, shown in zip(everyone, groups, found, strict=True):
        assert shown.questions == tuple(visible_questions(CONDITIONS, answers, group))
        assert VISIBILITY.shown(answers, group).questions == shown.questions


def _shipped_values(q: Questionnaire) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for _, x in q.questions():
        if isinstance(x, ScaleQuestion):
            scale = q.scale_of(x)
            out[x.id] = [p.value for p in scale.points] if scale else [1]
        elif isinstance(x, SingleChoice):
            out[x.id] = [o.value for o in q.options_of(x)]
        elif isinstance(x, MultipleChoice | Ranking):
            options = [o.value for o in q.options_of(x)]
            out[x.id] = [options[:1], options[1:4], options[::2], options[-2:]]
        else:
            out[x.id] = [True, False, 0, 3, 12, "Ja"]
    return out


SHIPPED = load_questionnaire("s3-stress-test")[0]
SHIPPED_VALUES = _shipped_values(SHIPPED)
SHIPPED_VISIBILITY = Visibility(SHIPPED, 1_000)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), group=st.sampled_from([g.id for g in SHIPPED.profile.groups]))
def test_the_shipped_questionnaire_shows_what_the_walk_shows(data: Any, group: str) -> None:
    ids = data.draw(st.lists(st.sampled_from(sorted(SHIPPED_VALUES)), unique=True))
    answers = {qid: data.draw(st.sampled_from(SHIPPED_VALUES[qid])) for qid in ids}
    shown = SHIPPED_VISIBILITY.shown(answers, group)
    assert shown.questions == tuple(visible_questions(SHIPPED, answers, group))


def test_many_answers_share_few_walks() -> None:
    """The multiple choice and the number the shipped conditions read take many values, but
    only whether each comparison holds decides what is shown."""
    visibility = Visibility(SHIPPED, 1_000)
    domains = SHIPPED_VALUES["priority_domains"]
    for count in range(40):
        for chosen in domains:
            answers = {"cluster_initiatives_count": count, "priority_domains": chosen}
            visibility.shown(answers, "government")
    assert len(visibility) <= 2 * len(domains)


def test_each_value_new_to_a_batch_is_compared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of a thousand respondents giving four numbers no batch gave before: each
    number is compared once, and found in the memo for the respondents after its first,
    however many give it."""
    visibility = Visibility(SHIPPED, 1_000)
    compared: list[str | None] = []

    def counted(qid: str | None, *rest: Any) -> bool:
        compared.append(qid)
        return compare_values(qid, *rest)

    monkeypatch.setattr("s3engine.questionnaire.answers.compare_values", counted)
    size = 1_000
    columns: dict[str, list[Any]] = {
        qid: [None] * size for qid, _, _ in visibility.by_question if qid
    }
    columns["cluster_initiatives_count"] = [n % 4 for n in range(size)]
    found = visibility.shown_columns(columns, ["government"] * size)
    comparisons = {qid: len(cmps) for qid, cmps, _ in visibility.by_question}
    assert (
        compared.count("cluster_initiatives_count") == 4 * comparisons["cluster_initiatives_count"]
    )
    assert len(compared) == sum(comparisons.values()) + 3 * comparisons["cluster_initiatives_count"]
    for i in range(4):
        answers = {"cluster_initiatives_count": i}
        assert found[i].questions == tuple(visible_questions(SHIPPED, answers, "government"))
