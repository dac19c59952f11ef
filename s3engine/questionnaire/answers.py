"""Which questions a respondent sees, and whether their answers fit the questionnaire.

Pure functions shared by the terminal survey, its scripted twin (`--answers`), `check` of
response files and the scoring engine, so that all of them apply exactly the same rules.
"""

from __future__ import annotations

import math
import re
from collections import ChainMap
from collections.abc import Mapping, MutableMapping
from typing import Any, cast

from s3engine.core import messages as M
from s3engine.core.findings import control_character, suggest
from s3engine.core.limits import MAX_NUMBER
from s3engine.i18n.texts import builtin, pick
from s3engine.questionnaire.conditions import evaluate, is_answered
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    Section,
    SingleChoice,
    YesNo,
)

#: A NUTS code as responses write it: two letters and up to three letters or digits.
REGION_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")

Problem = tuple[str, str]  # (question id or profile key, message)


def applies(
    q: Questionnaire, item: Section | Question, answers: Mapping[str, Any], group: str | None
) -> bool:
    """Whether a section or question is shown: its target groups and its show_if condition."""
    if item.groups and group not in item.groups:
        return False
    return item.show_if is None or evaluate(item.show_if, answers, missing_points=q.missing_points)


def visible_questions(
    q: Questionnaire, answers: Mapping[str, Any], group: str | None
) -> list[Question]:
    """The questions this respondent is asked, in order, given their answers so far.

    Conditions see only the answers to questions that are themselves visible: an answer
    left over from a question that a later change hid does not count.
    """
    seen: dict[str, Any] = {}
    visible: list[Question] = []
    for section in q.sections:
        if not applies(q, section, seen, group):
            continue
        for question in section.questions:
            if applies(q, question, seen, group):
                visible.append(question)
                if question.id in answers:
                    seen[question.id] = answers[question.id]
    return visible


def prune_hidden(q: Questionnaire, answers: Mapping[str, Any], group: str | None) -> dict[str, Any]:
    """The answers without those to questions the other answers now hide."""
    keep = {question.id for question in visible_questions(q, answers, group)}
    return {qid: value for qid, value in answers.items() if qid in keep}


def check_value(
    q: Questionnaire, question: Question, value: Any, answers: Mapping[str, Any], lang: str
) -> str | None:
    """Why `value` is not an acceptable answer to `question`, or None when it is.

    Type, options, bounds and lengths are checked first, then the question's constraints,
    whose messages come from the questionnaire in language `lang`.
    """
    problem = _type_problem(q, question, value)
    if problem is not None:
        return problem
    if not question.constraints:
        return None
    # The answers with this one, without copying them (thousands, for every question); the
    # chain is only read, never written to.
    context = ChainMap({question.id: value}, cast(MutableMapping[str, Any], answers))
    for constraint in question.constraints:
        if not evaluate(
            constraint.rule, context, this=question.id, missing_points=q.missing_points
        ):
            own = pick(constraint.message, lang, q.default_language)
            return M.ANSWER_CONSTRAINT.format(message=own or builtin("answer.constraint", lang))
    return None


def required_message(q: Questionnaire, question: Question, lang: str) -> str:
    return pick(question.required_message, lang, q.default_language) or builtin(
        "answer.required", lang
    )


def _type_problem(q: Questionnaire, question: Question, value: Any) -> str | None:
    if isinstance(question, SingleChoice):
        options = [o.value for o in q.options_of(question)]
        if not isinstance(value, str) or value not in options:
            return M.ANSWER_NOT_AN_OPTION.format(value=value, options=", ".join(options))
        return None
    if isinstance(question, MultipleChoice | Ranking):
        options = [o.value for o in q.options_of(question)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return M.ANSWER_NOT_A_LIST
        unknown = [v for v in value if v not in options]
        if unknown:
            return M.ANSWER_UNKNOWN_OPTIONS.format(
                unknown=", ".join(unknown), options=", ".join(options)
            )
        if len(set(value)) != len(value):
            return M.ANSWER_OPTION_TWICE
        if isinstance(question, MultipleChoice):
            if len(value) < question.min_selections:
                return M.ANSWER_TOO_FEW_CHOSEN.format(count=question.min_selections)
            if question.max_selections is not None and len(value) > question.max_selections:
                return M.ANSWER_TOO_MANY_CHOSEN.format(count=question.max_selections)
        else:
            low, high = question.min_ranked, min(question.top, len(options))
            if not low <= len(value) <= high:
                return M.ANSWER_RANK_COUNT.format(low=low, high=high)
        return None
    if isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        if scale is None or isinstance(value, bool) or scale.point(value) is None:
            if scale is None:
                return M.ANSWER_NO_SCALE
            return M.ANSWER_SCALE_POINT.format(low=scale.min, high=scale.max)
        return None
    if isinstance(question, NumberQuestion):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return M.ANSWER_NOT_A_NUMBER
        if not -MAX_NUMBER <= value <= MAX_NUMBER:  # sums of such numbers overflow
            return M.ANSWER_NUMBER_RANGE
        if question.integer and float(value) != int(value):
            return M.ANSWER_NOT_WHOLE
        if question.min is not None and value < question.min:
            return M.ANSWER_BELOW_MIN.format(min=_num(question.min))
        if question.max is not None and value > question.max:
            return M.ANSWER_ABOVE_MAX.format(max=_num(question.max))
        return None
    if isinstance(question, YesNo):
        return None if isinstance(value, bool) else M.ANSWER_NOT_YES_NO
    # The last type: a text question.
    if not isinstance(value, str):
        return M.ANSWER_NOT_TEXT
    if len(value) > question.max_length:
        return M.ANSWER_TEXT_TOO_LONG.format(length=len(value), max=question.max_length)
    character = control_character(value)
    if character is not None:  # it would act on the terminal of whoever reads it
        return M.CONTROL_CHARACTER.format(character=character)
    return None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_answers(
    q: Questionnaire,
    answers: Mapping[str, Any],
    *,
    group: str | None,
    lang: str,
    complete: bool,
    skipped: list[str] | tuple[str, ...] = (),
) -> list[Problem]:
    """Every problem of a set of answers, as (question id, message) pairs.

    Unknown ids, values that do not fit, answers to questions the other answers hide,
    broken constraints and, when the response claims to be complete, required questions
    left unanswered.
    """

    problems: list[Problem] = []
    known = q.question_index
    for qid in answers:
        if qid not in known:
            hint = suggest(qid, known)
            extra = M.DID_YOU_MEAN.format(name=hint) if hint else ""
            problems.append(
                (
                    qid,
                    M.ANSWER_UNKNOWN_QUESTION.format(
                        qid=qid, id=q.id, version=q.version, hint=extra
                    ),
                )
            )
    visible = visible_questions(q, answers, group)
    visible_ids = {question.id for question in visible}
    for qid in answers:
        if qid in known and qid not in visible_ids:
            problems.append((qid, M.ANSWER_HIDDEN))
    for question in visible:
        if question.id in answers:
            value = answers[question.id]
            if not is_answered(value):
                continue
            problem = check_value(q, question, value, answers, lang)
            if problem is not None:
                problems.append((question.id, problem))
        elif complete and question.required:
            problems.append(
                (question.id, M.ANSWER_REQUIRED.format(message=required_message(q, question, lang)))
            )
    for qid in skipped:
        skipped_question = known.get(qid)
        if skipped_question is None:
            problems.append((qid, M.ANSWER_SKIPPED_UNKNOWN.format(qid=qid)))
        elif skipped_question.required:
            problems.append((qid, M.ANSWER_REQUIRED_SKIPPED))
    return problems


# -- the respondent profile ---------------------------------------------------------------


def region_name(q: Questionnaire, code: str) -> str | None:
    for region in q.profile.regions or []:
        if region.code == code:
            return region.name
    return None


def profile_problems(
    q: Questionnaire,
    *,
    region: str | None,
    group: str | None,
    sector: str | None,
    language: str | None,
    complete: bool = True,
) -> list[Problem]:
    """What is wrong with a respondent profile, as (key, message) pairs, in English.

    With `complete`, a missing region or group is a problem; without, only the values given
    are checked.

    These messages are for whoever prepares a file of answers or checks response files; the
    interactive survey offers only valid choices.
    """
    problems: list[Problem] = []
    if language is not None and language not in q.languages:
        problems.append(
            (
                "language",
                M.SURVEY_BAD_LANGUAGE.format(
                    lang=language, id=q.id, languages=", ".join(q.languages)
                ),
            )
        )
    regions = [r.code for r in q.profile.regions or []]
    if region is None:
        if complete:
            problems.append(("region", M.SURVEY_MISSING_PROFILE.format(key="region")))
    elif regions and region not in regions:
        hint = suggest(region, regions)
        problems.append(
            (
                "region",
                M.SURVEY_BAD_REGION.format(region=region, regions=", ".join(regions))
                + (M.DID_YOU_MEAN.format(name=hint) if hint else ""),
            )
        )
    elif not regions and not REGION_CODE.match(region):
        problems.append(("region", M.SURVEY_BAD_NUTS.format(region=region)))
    groups = [g.id for g in q.profile.groups]
    if group is None:
        if complete:
            problems.append(("group", M.SURVEY_MISSING_PROFILE.format(key="group")))
    elif group not in groups:
        hint = suggest(group, groups)
        problems.append(
            (
                "group",
                M.SURVEY_BAD_GROUP.format(group=group, groups=", ".join(groups))
                + (M.DID_YOU_MEAN.format(name=hint) if hint else ""),
            )
        )
    sectors = [s.value for s in q.profile.sectors]
    if sector is not None and sector not in sectors:
        hint = suggest(sector, sectors)
        problems.append(
            (
                "sector",
                M.SURVEY_BAD_SECTOR.format(sector=sector, sectors=", ".join(sectors))
                + (M.DID_YOU_MEAN.format(name=hint) if hint else ""),
            )
        )
    return problems
