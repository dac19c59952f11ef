"""Which questions a respondent sees, and whether their answers fit the questionnaire.

Pure functions shared by the terminal survey, its scripted twin (`--answers`), `check` of
response files and the scoring engine, so that all of them apply exactly the same rules.
"""

from __future__ import annotations

import math
import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence, Sized
from itertools import repeat
from typing import Any, cast

from s3engine.core import messages as M
from s3engine.core.findings import control_character, suggest
from s3engine.core.limits import MAX_FINDINGS_OF_A_KIND, MAX_NUMBER
from s3engine.i18n.texts import builtin, pick
from s3engine.questionnaire.conditions import (
    AnswerRef,
    Compare,
    compare_values,
    comparisons,
    evaluate,
    is_answered,
    questions_read,
)
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    Section,
    SingleChoice,
    TextQuestion,
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


class Shown:
    """What `visible_questions` gives for one respondent, with the sets checks ask for."""

    __slots__ = ("ids", "optional", "questions", "required")

    def __init__(self, questions: list[Question]):
        self.questions = tuple(questions)
        self.ids = frozenset(x.id for x in questions)
        self.required = frozenset(x.id for x in questions if x.required)
        self.optional = tuple(x.id for x in questions if not x.required)


class Visibility:
    """`visible_questions`, worked out once per combination of what its conditions see.

    Which questions are shown depends only on the group and on the outcome of each comparison
    of the show_if conditions (sections' and questions'). visible_questions walks the
    questions in order; a comparison sees the answer given to its question once the walk has
    shown that question, and no answer before (the same for every respondent). So two
    respondents of one group for whom every comparison has the same outcome on the answers
    they gave take the same walk, step by step, and see the same questions: the outcomes are
    the key, a few booleans, however varied the answers they read (a multiple choice, a
    number). A comparison with another answer (`answer_of`) sees two answers, each shown or
    not: both answers are then part of the key. `limit` bounds each memo (of the walks, and
    of a question's outcomes per type of answer); beyond it the walk is made each time.
    tests/test_visibility.py proves on drawn answers that `shown` and visible_questions
    agree.
    """

    def __init__(self, q: Questionnaire, limit: int):
        self.q = q
        self.limit = limit
        found: list[Compare] = []
        conditions = [s.show_if for s in q.sections if s.show_if is not None]
        conditions += [x.show_if for _, x in q.questions() if x.show_if is not None]
        for condition in conditions:
            found.extend(cmp for cmp, _ in comparisons(condition))
        #: each different comparison once (conditions often repeat one: "no clusters")
        compared = {repr(c.found): c.found for c in found if not isinstance(c.operand, AnswerRef)}
        self.compared = tuple(compared.values())
        self.read = tuple(
            sorted(
                {c.question or "" for c in found if isinstance(c.operand, AnswerRef)}
                | {c.operand.answer_of for c in found if isinstance(c.operand, AnswerRef)}
            )
        )
        self.missing = q.missing_points
        #: the comparisons of one answer each, by the question whose answer they compare:
        #: (question id, its comparisons, the outcomes remembered per value of the answer)
        by_question: dict[str | None, list[tuple[str | None, str, Any]]] = {}
        for found_cmp in self.compared:
            by_question.setdefault(found_cmp[0], []).append(found_cmp)
        self.by_question = tuple(
            (qid, tuple(cmps), dict[type, dict[Any, tuple[bool, ...]]]())
            for qid, cmps in by_question.items()
        )
        #: the questions whose comparisons see a list of options as a set (whether it is
        #: empty, which options it holds): a list is remembered by its options, in any order
        self.unordered = frozenset(
            qid for qid, cmps in by_question.items() if all(op in _UNORDERED for _, op, _ in cmps)
        )
        self._memo: dict[tuple[Any, ...], Shown] = {}

    def __len__(self) -> int:
        """How many walks are remembered."""
        return len(self._memo)

    def shown(self, answers: Mapping[str, Any], group: str | None) -> Shown:
        """The questions shown to a respondent of `group` who gave `answers`."""
        key: list[Any] = [group]
        unordered = self.unordered
        for qid, cmps, outcomes in self.by_question:
            # A comparison of one answer has the same outcome for the same value of that
            # answer: remembered per type of the value (True == 1, and `equals: true` tells
            # them apart), then per value, a list as the tuple of its items (or their set).
            given: Any = answers.get(qid) if qid is not None else None
            kind = given.__class__
            value = given
            if kind is list:
                value = frozenset(given) if qid in unordered else tuple(given)
            of_kind = outcomes.get(kind)
            if of_kind is None:
                of_kind = outcomes[kind] = {}
            found = of_kind.get(value)
            if found is None:
                found = self._compare(qid, cmps, given, of_kind, value)
            key.append(found)
        key.extend(_hashable(answers.get(qid)) for qid in self.read)
        shown = self._memo.get(walk := tuple(key))
        return self._walk(walk, answers, group) if shown is None else shown

    def _compare(
        self,
        qid: str | None,
        cmps: tuple[tuple[str | None, str, Any], ...],
        value: Any,
        outcomes: dict[Any, tuple[bool, ...]],
        key: Any,
    ) -> tuple[bool, ...]:
        """The outcome of each comparison of `cmps` (those of question `qid`) on the answer
        `value` (None: not answered), remembered in `outcomes` under `key` (up to `limit`): a
        comparison of one answer reads that answer alone."""
        answers = {} if value is None or qid is None else {qid: value}
        outcome = tuple(compare_values(*cmp, answers, self.missing) for cmp in cmps)
        if len(outcomes) < self.limit:
            outcomes[key] = outcome
        return outcome

    def _walk(self, walk: tuple[Any, ...], answers: Mapping[str, Any], group: str | None) -> Shown:
        """The questions shown to a respondent of `group` who gave `answers`, whose key is
        `walk` (shown's), found by walking the questionnaire; remembered (up to `limit`)."""
        shown = Shown(visible_questions(self.q, answers, group))
        if len(self._memo) < self.limit:
            self._memo[walk] = shown
        return shown

    def shown_columns(
        self, columns: Mapping[str, Sequence[Any]], groups: Sequence[str | None]
    ) -> list[Shown]:
        """`shown` for many respondents at once: respondent i is of group groups[i] and
        answered columns[qid][i] to question qid (None: not answered). `columns` holds the
        answers the conditions read (by_question's and `read`'s questions), and others
        are not needed. The key of each respondent's walk is `shown`'s, made column by
        column; each different value of a column is compared once. A column of one type of
        value (and None, which equals no value of it) is looked up in the outcomes of that
        type, each value as itself: a column of yes or no, or of numbers, needs no key made."""
        count = len(groups)
        nothing = [None] * count
        keys: list[Sequence[Any]] = [groups]
        for qid, cmps, outcomes in self.by_question:
            column = columns.get(qid, nothing) if qid is not None else nothing
            lists = frozenset if qid in self.unordered else tuple
            types = list(map(type, column))
            kinds = set(types)
            if len(kinds) > 1:
                kinds.discard(_NONE)
            of_kinds: Iterable[dict[Any, tuple[bool, ...]]]
            values: Sequence[Any] = column
            if len(kinds) == 1:  # one type (with None, or None alone)
                kind = kinds.pop()
                of_kind = outcomes.setdefault(kind, {})
                if kind is list:
                    values = _keys(column, lists)
                found = list(map(of_kind.get, values))
                of_kinds = repeat(of_kind)
            else:  # several types: each value with the outcomes of its own
                of_type = {kind: outcomes.setdefault(kind, {}) for kind in set(types)}
                of_kinds = list(map(of_type.__getitem__, types))
                values = _keys(column, lists)
                found = list(map(dict.get, of_kinds, values))
            if None in found:
                for i, (value, of_value) in enumerate(zip(column, of_kinds, strict=False)):
                    if found[i] is None:
                        # compared for a respondent before in this batch, else compared here
                        outcome = of_value.get(values[i])
                        if outcome is None:
                            outcome = self._compare(qid, cmps, value, of_value, values[i])
                        found[i] = outcome
            keys.append(found)
        keys.extend([_hashable(v) for v in columns.get(qid, nothing)] for qid in self.read)
        walks = list(zip(*keys, strict=True))
        memo = self._memo
        shown = list(map(memo.get, walks))
        if None in shown:  # walked here, once for each walk new to the memo
            for i in [i for i, found_shown in enumerate(shown) if found_shown is None]:
                found_shown = memo.get(walks[i])  # the walk of a respondent before in `groups`
                if found_shown is None:
                    answers = {
                        qid: column[i] for qid, column in columns.items() if column[i] is not None
                    }
                    found_shown = self._walk(walks[i], answers, groups[i])
                shown[i] = found_shown
        return cast(list[Shown], shown)


def typed_keys(column: Sequence[Any], lists: Callable[[list[Any]], Any] = tuple) -> list[Any]:
    """The values of a column as keys that tell True from 1 and 1 from 1.0: each with its
    type, a list as `lists` of its items (a tuple, or a frozenset where order and repeats
    do not matter)."""
    types = list(map(type, column))
    if list in types:
        return [(t, lists(v) if t is list else v) for t, v in zip(types, column, strict=True)]
    return list(zip(types, column, strict=True))


_NONE = type(None)
#: The comparisons that see a list of options as a set.
_UNORDERED = frozenset({"contains", "answered"})


def _keys(column: Sequence[Any], lists: Callable[[list[Any]], Any]) -> list[Any]:
    """The values of a column as keys: a list as `lists` of its items (a tuple, or a
    frozenset where order and repeats do not matter), any other value as itself."""
    return [lists(v) if v.__class__ is list else v for v in column]


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def prune_hidden(q: Questionnaire, answers: Mapping[str, Any], group: str | None) -> dict[str, Any]:
    """The answers without those to questions the other answers now hide."""
    keep = {question.id for question in visible_questions(q, answers, group)}
    return {qid: value for qid, value in answers.items() if qid in keep}


#: How a refused answer is worded: say(rule, **values) -> message. The rules below say which
#: rule refused an answer, with its values (numbers as numbers); each reader words it: files
#: and `check` in English (file_words), the survey in the respondent's language.
Say = Callable[..., str]

#: rule -> template (core.messages) of file_words
_FILE_WORDS = {
    "choice.not_option": M.ANSWER_NOT_AN_OPTION,
    "choices.not_list": M.ANSWER_NOT_A_LIST,
    "choices.unknown": M.ANSWER_UNKNOWN_OPTIONS,
    "choices.twice": M.ANSWER_OPTION_TWICE,
    "choices.at_least": M.ANSWER_CHOOSE_AT_LEAST,
    "choices.at_most": M.ANSWER_CHOOSE_AT_MOST,
    "ranking.count": M.ANSWER_RANK_COUNT,
    "scale.point": M.ANSWER_SCALE_POINT,
    "scale.none": M.ANSWER_NO_SCALE,
    "number.type": M.ANSWER_NOT_A_NUMBER,
    "number.range": M.ANSWER_NUMBER_RANGE,
    "number.whole": M.ANSWER_WHOLE_NUMBER,
    "number.decimals": M.ANSWER_DECIMALS,
    "number.min": M.ANSWER_AT_LEAST,
    "number.max": M.ANSWER_AT_MOST,
    "yes_no.type": M.ANSWER_YES_NO,
    "text.type": M.ANSWER_NOT_A_TEXT,
    "text.too_long": M.ANSWER_TEXT_TOO_LONG,
    "text.control": M.CONTROL_CHARACTER,
}


def file_words(rule: str, **values: Any) -> str:
    """A refused answer in the words of response files and `check` (English)."""
    shown = {k: _num(v) if k in ("min", "max") else v for k, v in values.items()}
    return _FILE_WORDS[rule].format(**shown)


def check_value(
    q: Questionnaire,
    question: Question,
    value: Any,
    answers: Mapping[str, Any],
    lang: str,
    say: Say = file_words,
) -> str | None:
    """Why `value` is not an acceptable answer to `question`, or None when it is.

    The one place of the answer rules: the terminal survey (survey.flow.answer_problem, with
    the respondent's words), answers files, `check` and `score` all call it. The rules of
    the question's type come first (value_problem: options, bounds, decimals, lengths), then
    its constraints, whose messages come from the questionnaire in language `lang`.
    """
    problem = value_problem(q, question, value, say)
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


def value_problem(q: Questionnaire, question: Question, value: Any, say: Say) -> str | None:
    """The rules of the question's type (not its constraints), worded by `say`."""
    if isinstance(question, SingleChoice):
        options = [o.value for o in q.options_of(question)]
        if not isinstance(value, str) or value not in options:
            return say("choice.not_option", value=repr(value), options=", ".join(options))
        return None
    if isinstance(question, MultipleChoice | Ranking):
        options = [o.value for o in q.options_of(question)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return say("choices.not_list")
        unknown = [v for v in value if v not in options]
        if unknown:
            return say("choices.unknown", unknown=", ".join(unknown), options=", ".join(options))
        if len(set(value)) != len(value):
            return say("choices.twice")
        if isinstance(question, MultipleChoice):
            return selection_count_problem(question, value, say)
        low, high = ranking_bounds(q, question)
        if not low <= len(value) <= high:
            return say("ranking.count", low=low, high=high)
        return None
    if isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        if scale is None:
            return say("scale.none")
        if isinstance(value, bool) or scale.point(value) is None:
            return say("scale.point", low=scale.min, high=scale.max)
        return None
    if isinstance(question, NumberQuestion):
        return number_problem(question, value, say)
    if isinstance(question, YesNo):
        return None if isinstance(value, bool) else say("yes_no.type")
    return text_problem(question, value, say)


def choices_rule(q: Questionnaire, question: MultipleChoice | Ranking) -> Callable[[Any], bool]:
    """value_problem of a multiple choice or ranking, as a test of many answers: whether a
    non-empty list of options is an answer value_problem takes (each option once, as many
    as the question asks for). tests/test_visibility.py draws answers and compares."""
    options = frozenset(o.value for o in q.options_of(question))
    if isinstance(question, MultipleChoice):
        low, high = question.min_selections, question.max_selections or len(options) + 1
    else:
        low, high = ranking_bounds(q, question)

    def test(value: Any) -> bool:
        if value.__class__ is not list:
            return False
        chosen = set(value)  # TypeError for a list holding a list or mapping: no answer
        return chosen <= options and len(chosen) == len(value) and low <= len(value) <= high

    return test


def number_problem(question: NumberQuestion, value: Any, say: Say) -> str | None:
    """The rules of a number question: a finite number within 10^15, whole when `integer`
    or `decimals: 0`, with at most `decimals` decimal places, from `min` to `max`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return say("number.type")
    if isinstance(value, float) and not math.isfinite(value):  # no whole number is infinite
        return say("number.type")
    # Compared as they are: a whole number of 400 digits overflows float(), not this.
    if not -MAX_NUMBER <= value <= MAX_NUMBER:  # sums of such numbers overflow
        return say("number.range")
    places = decimals_of(value)
    if (question.integer or question.decimals == 0) and places:
        return say("number.whole")
    if question.decimals is not None and places > question.decimals:
        return say("number.decimals", decimals=question.decimals)
    if question.min is not None and value < question.min:
        return say("number.min", min=question.min)
    if question.max is not None and value > question.max:
        return say("number.max", max=question.max)
    return None


def decimals_of(value: float | int) -> int:
    """How many decimal places a number has (10 for one written with an exponent)."""
    if isinstance(value, int) or float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 10
    return len(text.partition(".")[2].rstrip("0"))


def text_problem(question: TextQuestion, value: Any, say: Say) -> str | None:
    """The rules of a text question: a text of at most `max_length` characters, without
    the control characters a terminal would act on."""
    if not isinstance(value, str):
        return say("text.type")
    if len(value) > question.max_length:
        return say("text.too_long", length=len(value), max=question.max_length)
    character = control_character(value)
    if character is not None:  # it would act on the terminal of whoever reads it
        return say("text.control", character=character)
    return None


def texts_rule(question: TextQuestion) -> Callable[[Sequence[Any]], bool]:
    """text_problem as a test of a column of answers at once: whether it takes every
    answer of the column that is given (None: not answered). Most comments differ from
    each other, and asking text_problem of each costs more than asking the column: every
    answer a text, the longest no longer than max_length, and no control character in the
    texts joined (control_character looks for one character, and joining adds none).
    tests/test_typed_lines.py draws columns and compares."""
    limit = question.max_length

    def test(column: Sequence[Any]) -> bool:
        texts = [value for value in column if value is not None]
        return (
            all(value.__class__ is str for value in texts)
            and max(map(len, texts), default=0) <= limit
            and control_character("".join(texts)) is None
        )

    return test


def takes_none_of_these(question: Question) -> bool:
    """Whether `[]` answers `question`: a multiple choice that asks for no minimum of ticks
    ("leave empty if none applies") takes nothing ticked as "none of these options", an
    answer of its own, told apart from a question skipped or not reached (absent from
    `answers`). The terminal, the web survey, answers files, `check` and `score` follow it;
    a multiple choice with `min_selections` of 1 or more refuses `[]` (too few ticked)."""
    return isinstance(question, MultipleChoice) and question.min_selections == 0


def not_comparable(q: Questionnaire, earlier: Questionnaire) -> str | None:
    """Why answers to `earlier` are not answers to `q` (None when they are): another
    questionnaire, or a question whose id, type, options or scale points differ. Texts may
    differ: a version that only polished its wording compares."""
    if earlier.id != q.id:
        return M.NOT_COMPARABLE_OTHER.format(id=earlier.id)
    if earlier.version == q.version:
        return M.NOT_COMPARABLE_SAME_VERSION.format(version=q.version)

    def shape(questionnaire: Questionnaire, question: Question) -> tuple[Any, ...]:
        options = [o.value for o in questionnaire.options_of(question)]
        scale = questionnaire.scale_of(question)
        points = [p.value for p in scale.points] if scale is not None else []
        return (question.type, options, points)

    if list(q.question_index) != list(earlier.question_index):
        return M.NOT_COMPARABLE_QUESTIONS.format()
    for qid, question in q.question_index.items():
        if shape(q, question) != shape(earlier, earlier.question_index[qid]):
            return M.NOT_COMPARABLE_QUESTION.format(id=qid)
    return None


def selection_count_problem(question: MultipleChoice, chosen: Sized, say: Say) -> str | None:
    """How many options a multiple choice answer ticks: from `min_selections` to
    `max_selections` (none at all, `[]`, where `min_selections` is 0: takes_none_of_these)."""
    if len(chosen) < question.min_selections:
        return say("choices.at_least", n=question.min_selections)
    if question.max_selections is not None and len(chosen) > question.max_selections:
        return say("choices.at_most", n=question.max_selections)
    return None


def ranking_bounds(q: Questionnaire, question: Ranking) -> tuple[int, int]:
    """How many options a ranking needs at least and takes at most."""
    high = min(question.top, len(q.options_of(question)))
    return min(question.min_ranked, high), high


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
    left unanswered. An answer refused is one problem: the questions whose conditions it
    would then decide are not also said to be hidden (hidden_by).
    """

    problems: list[Problem] = []
    known = q.question_index
    unknown = [qid for qid in answers if qid not in known]
    for qid in unknown[:MAX_FINDINGS_OF_A_KIND]:  # a hostile file may hold 100,000
        hint = suggest(qid, known)
        extra = M.DID_YOU_MEAN.format(name=hint) if hint else ""
        message = M.ANSWER_UNKNOWN_QUESTION.format(qid=qid, id=q.id, version=q.version, hint=extra)
        problems.append((qid, message))
    if len(unknown) > MAX_FINDINGS_OF_A_KIND:
        qid, message = problems[-1]
        more = len(unknown) - MAX_FINDINGS_OF_A_KIND
        problems[-1] = (qid, message + M.MORE_OF_A_KIND.format(count=more))
    visible = visible_questions(q, answers, group)
    visible_ids = {question.id for question in visible}
    shown: list[Problem] = []  # of the questions shown: answers refused, required missing
    refused: set[str] = set()
    for question in visible:
        if question.id in answers:
            value = answers[question.id]
            if not is_answered(value):
                continue
            problem = check_value(q, question, value, answers, lang)
            if problem is not None:
                shown.append((question.id, problem))
                refused.add(question.id)
        elif complete and question.required:
            shown.append(
                (question.id, M.ANSWER_REQUIRED.format(message=required_message(q, question, lang)))
            )
    hidden = [qid for qid in answers if qid in known and qid not in visible_ids]
    if hidden and refused:  # hidden by an answer refused: that answer's problem says it all
        follows = hidden_by(q, refused, set(hidden), group)
        hidden = [qid for qid in hidden if qid not in follows]
    problems.extend((qid, M.ANSWER_HIDDEN) for qid in hidden)
    problems.extend(shown)
    for qid in skipped:
        skipped_question = known.get(qid)
        if skipped_question is None:
            problems.append((qid, M.ANSWER_SKIPPED_UNKNOWN.format(qid=qid)))
        elif skipped_question.required:
            problems.append((qid, M.ANSWER_REQUIRED_SKIPPED))
    return problems


def hidden_by(q: Questionnaire, refused: set[str], hidden: set[str], group: str | None) -> set[str]:
    """The questions of `hidden` whose show_if (or their section's) reads an answer of
    `refused`, or of a question so hidden: whether they are shown cannot be known
    before that answer is put right. A question not for `group` is hidden whatever the
    answers."""
    follows: set[str] = set()
    doubtful = set(refused)
    for section, question in q.questions():
        if question.id not in hidden or any(
            x.groups and group not in x.groups for x in (section, question)
        ):
            continue
        conditions = [c for c in (section.show_if, question.show_if) if c is not None]
        reads = set().union(*map(questions_read, conditions))
        if reads & doubtful:
            follows.add(question.id)
            doubtful.add(question.id)
    return follows


def skipped_and_answered(
    answers: Mapping[str, Any], skipped: list[str] | tuple[str, ...]
) -> list[tuple[int, str]]:
    """The questions both answered and skipped, as (place in `skipped`, question id)."""
    if not skipped or answers.keys().isdisjoint(skipped):
        return []
    return [(index, qid) for index, qid in enumerate(skipped) if qid in answers]


def consent_missing(q: Questionnaire, consent: bool | None) -> bool:
    """Whether a response lacks the consent its questionnaire asks for (declining stores
    nothing, so a stored response to such a questionnaire has `consent: true`)."""
    return q.consent is not None and consent is not True


# -- the respondent profile ---------------------------------------------------------------


def region_name(q: Questionnaire, code: str) -> str | None:
    """The region's name: the questionnaire's, else its national name in NUTS 2021."""
    from s3engine.nuts import nuts_name  # see region_problem

    for region in q.profile.regions or []:
        if region.code == code:
            return region.name
    return nuts_name(code)


def region_problem(code: str, regions: list[str] | None = None) -> str | None:
    """Why `code` cannot be a respondent's region, in English; None when it can.

    The one rule of region codes, for the survey's command line, answers files, `check` of
    responses, imports, questionnaires and region lists: one of `regions` when a list is
    given (the questionnaire's), else a NUTS code (s3engine.nuts). A name typed for a code
    (`TIROL`) gets the region it names as a hint.
    """
    # s3engine.nuts is imported where a region is looked at, not with this module: a
    # questionnaire without a list of regions is checked without it.
    from s3engine.nuts import is_nuts_code, region_hint

    if regions:
        if code in regions:
            return None
        hint = region_hint(code, within=regions) or suggest(code, regions)
        message = M.SURVEY_BAD_REGION.format(region=code, regions=", ".join(regions))
    else:
        if REGION_CODE.match(code) and is_nuts_code(code):
            return None
        hint = region_hint(code)
        message = M.SURVEY_BAD_NUTS.format(region=code)
    return message + (M.DID_YOU_MEAN.format(name=hint) if hint else "")


def search_regions(q: Questionnaire, text: str, limit: int = 20) -> list[str]:
    """The codes of the regions `text` names or codes, best first: among the
    questionnaire's regions when it lists them, else among every NUTS 2021 region."""
    from s3engine.nuts import find_regions  # see region_problem

    regions = [r.code for r in q.profile.regions or []]
    if not regions:
        return [region.code for region in find_regions(text, limit=limit)]
    query = " ".join(text.casefold().split())
    by_own_name = [r.code for r in q.profile.regions or [] if query and query in r.name.casefold()]
    found = [region.code for region in find_regions(text, within=regions, limit=limit)]
    return list(dict.fromkeys([*found, *by_own_name]))[:limit]


def language_problem(q: Questionnaire, language: str) -> str | None:
    """Why `q` cannot be answered (or its answers exported) in `language`, if it cannot: the
    languages it has. The one rule of a survey's, an answers file's, an import's and an
    export's language."""
    if language in q.languages:
        return None
    return M.SURVEY_BAD_LANGUAGE.format(lang=language, id=q.id, languages=", ".join(q.languages))


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
    if language is not None and (wrong := language_problem(q, language)) is not None:
        problems.append(("language", wrong))
    regions = [r.code for r in q.profile.regions or []]
    if region is None:
        if complete:
            problems.append(("region", M.SURVEY_MISSING_PROFILE.format(key="region")))
    else:
        problem = region_problem(region, regions)
        if problem is not None:
            problems.append(("region", problem))
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
