"""`answers.check_answers`, with a memoised fast path for the answers most responses give.

Scoring checks every response against the questionnaire with the rules the survey and
`check` apply. Most responses give answers that have been seen before, so the fast path
looks them up: the questions a respondent sees are computed once per stakeholder group and
combination of the outcomes of the conditions' comparisons (answers.Visibility); each
(question, answer) pair is looked up among the pairs known to be valid (every scale point,
option and yes/no of the questionnaire, and the answers `check_value` has accepted before).
An answer to a question with constraints is checked every time (constraints read other
answers). Whatever the fast path cannot vouch for is left to check_answers, which then says
what is wrong. tests/test_scoring_checker.py proves, on drawn answers, that the fast path
never accepts what check_answers refuses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any

from s3engine.questionnaire.answers import (
    Problem,
    Visibility,
    check_answers,
    check_value,
    choices_rule,
    file_words,
    text_problem,
    typed_keys,
)
from s3engine.questionnaire.conditions import is_answered, questions_read
from s3engine.questionnaire.model import (
    MultipleChoice,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.model import Response

#: The key under which valid answers that no indicator scores are counted.
UNSCORED = 0
#: Bound on each memo of the fast path (visible questions, valid answers).
MAX_MEMO = 50_000

_NONE = type(None)
#: Stands for a list of options that answers.choices_rule accepted (AnswerChecker.choices).
_CHOSEN = object()


class AnswerChecker:
    """check_answers with a fast path; `fast_ok` can count the answers it accepts.

    `scored` maps the (question, answer) pairs a model scores to the key they are counted
    under (a number from 1); every other valid answer is counted under UNSCORED (0).
    """

    def __init__(self, q: Questionnaire, scored: Mapping[tuple[str, Any], int] | None = None):
        self.q = q
        self.scored = dict(scored or {})
        self.groups = frozenset(g.id for g in q.profile.groups)
        self.known = q.question_index
        #: the questions shown, once per combination of what the conditions see
        self.visibility = Visibility(q, MAX_MEMO)
        #: (question id, answer) -> count key, for every answer known to be valid by itself;
        #: looking up another answer checks it (check_value), and remembers it when valid
        self.valid = _Known(self)
        yes_no: list[str] = []
        constrained: list[str] = []
        for _, question in q.questions():
            if isinstance(question, YesNo):
                yes_no.append(question.id)
            if question.constraints:
                constrained.append(question.id)
            values: list[Any] = []
            if isinstance(question, ScaleQuestion):
                scale = q.scale_of(question)
                values = [p.value for p in scale.points] if scale is not None else []
            elif isinstance(question, SingleChoice):
                values = [o.value for o in q.options_of(question)]
            elif isinstance(question, YesNo):
                values = [True, False]
            for value in values:
                pair = (question.id, value)
                self.valid[pair] = self.scored.get(pair, UNSCORED)
        self.key_of = self.valid.__getitem__
        self.yes_no = tuple(yes_no)
        #: the questions with constraints, each with the other answers its constraints read:
        #: check_value's verdict depends on nothing else, so it is remembered per value of
        #: the answer and of those answers (with their types: True == 1 in Python)
        self.constrained = tuple(
            (qid, tuple(sorted(_read_by(q, qid) - {qid}))) for qid in constrained
        )
        self._constraint_verdicts: dict[tuple[Any, ...], bool] = {}
        self.texts = frozenset(x.id for _, x in q.questions() if isinstance(x, TextQuestion))
        #: the text questions without constraints
        self.plain_texts = {
            x.id: x for _, x in q.questions() if isinstance(x, TextQuestion) and not x.constraints
        }
        self.optional = frozenset(x.id for _, x in q.questions() if not x.required)
        #: the multiple choices and rankings without constraints that no table scores: a
        #: list of options is checked by its rule (answers.choices_rule) and counted under
        #: UNSCORED, not remembered (the orders and combinations of options are many)
        self.choices = tuple(
            (x.id, choices_rule(q, x))
            for _, x in q.questions()
            if isinstance(x, MultipleChoice | Ranking)
            and not x.constraints
            and not any(qid == x.id for qid, _ in self.scored)
        )
        for qid, _ in self.choices:
            self.valid[(qid, _CHOSEN)] = UNSCORED

    def problems(self, response: Response) -> list[Problem]:
        """(question id, message) for every problem of the response's answers; [] if valid."""
        group = response.respondent.group
        complete = response.status == "complete"
        if self.fast_ok(response.answers, group, complete, response.skipped):
            return []
        return check_answers(
            self.q,
            response.answers,
            group=group,
            lang=response.language,
            complete=complete,
            skipped=response.skipped,
        )

    def fast_ok(
        self,
        answers: dict[str, Any],
        group: str,
        complete: bool,
        skipped: Sequence[str],
        counter: Counter[Any] | None = None,
    ) -> bool:
        """True only if check_answers finds nothing wrong; False means: ask check_answers.

        With `counter`, the answers of an accepted response are counted in it (one count per
        answer, under its key); a refused response leaves it as it was. `answers` may hold
        values no response may (a parsed document not validated yet): they are refused.
        """
        try:
            items = self._fast_items(answers, group, complete, skipped)
            if items is None:
                return False
        except TypeError:  # a value no answer can be (a mapping, a list of them, ...)
            return False
        key_of = self.key_of
        if counter is None:
            return None not in map(key_of, items)
        # Count first, then see whether an answer had no key (None): rarely so.
        before = counter.get(None, 0)
        counter.update(map(key_of, items))
        if counter.get(None, 0) == before:
            return True
        counter.subtract(map(key_of, items))
        if not before:
            del counter[None]
        return False

    def count(self, answers: Mapping[str, Any], counter: Counter[Any]) -> None:
        """Count the answers of a response check_answers accepted."""
        scored = self.scored
        counter.update(scored.get((k, _hashable(v)), UNSCORED) for k, v in answers.items())

    def _fast_items(
        self, answers: dict[str, Any], group: str, complete: bool, skipped: Sequence[str]
    ) -> Iterable[tuple[str, Any]] | None:
        """The (question, answer) pairs to look up, or None when the rules refuse them.

        Whatever this lets through still has to be a known pair (a key in `valid`) or pass
        check_value (`learn`) when it is looked up.
        """
        if group not in self.groups:
            return None
        if skipped and not self.optional.issuperset(skipped):
            return None
        kinds = list(map(type, answers.values()))
        if self.yes_no or bool in kinds:
            # True == 1 in Python: only yes/no questions may hold booleans, and only those.
            get = answers.get
            booleans = 0
            for qid in self.yes_no:
                kind = get(qid).__class__
                if kind is bool:
                    booleans += 1
                elif kind is not _NONE:
                    return None
            if kinds.count(bool) != booleans:
                return None
        if dict in kinds:
            return None
        shown = self.visibility.shown(answers, group)
        if not answers.keys() <= shown.ids:
            return None
        if complete and not shown.required <= answers.keys():
            return None
        if self.constrained and not self.constraints_hold(answers):
            return None
        if list not in kinds:
            return answers.items()
        answers = answers.copy()
        for qid, test in self.choices:  # most lists: a test, no lookup
            value = answers.get(qid)
            if value and test(value):
                answers[qid] = _CHOSEN
        if list in map(type, answers.values()):
            items = [(k, tuple(v) if v.__class__ is list else v) for k, v in answers.items()]
            hash(tuple(items))  # a list holding a mapping is no answer: TypeError here
            return items
        return answers.items()

    def constraints_hold(self, answers: dict[str, Any]) -> bool:
        """Whether the constraints of the answered questions hold (check_value's verdict,
        remembered per value of the answer and of the answers its constraints read)."""
        verdicts = self._constraint_verdicts
        for qid, reads in self.constrained:  # constraints read other answers
            value = answers.get(qid)
            if value is None or not is_answered(value):
                continue
            key = (qid, _typed(value), *[_typed(answers.get(r)) for r in reads])
            ok = verdicts.get(key)
            if ok is None:
                ok = check_value(self.q, self.known[qid], value, answers, "en") is None
                if len(verdicts) < MAX_MEMO:
                    verdicts[key] = ok
            if not ok:
                return False
        return True

    def constraints_hold_columns(
        self, columns: Mapping[str, Sequence[Any]], count: int
    ) -> list[bool]:
        """`constraints_hold` for `count` responses at once: columns[qid][i] is the answer of
        response i to question qid (None: not answered), for the constrained questions and
        the answers their constraints read. The verdict of each different key is found
        once, and remembered as constraints_hold remembers it."""
        holds = [True] * count
        verdicts = self._constraint_verdicts
        nothing = [None] * count
        for qid, reads in self.constrained:
            values = columns.get(qid, nothing)
            others = [columns.get(r, nothing) for r in reads]
            # constraints_hold's keys, a column at a time
            keys = list(zip(repeat(qid), *map(typed_keys, (values, *others)), strict=False))
            for i, key in enumerate(keys):
                value = values[i]
                if value is None or not holds[i]:
                    continue
                ok = verdicts.get(key)
                if ok is None:
                    if not is_answered(value):
                        continue
                    answers = {qid: value} | {
                        r: other[i]
                        for r, other in zip(reads, others, strict=True)
                        if other[i] is not None
                    }
                    ok = check_value(self.q, self.known[qid], value, answers, "en") is None
                    if len(verdicts) < MAX_MEMO:
                        verdicts[key] = ok
                holds[i] = ok
        return holds

    def learn(self, pair: tuple[str, Any]) -> Any:
        """The count key of an answer not looked up before; None when it is not valid.

        Constraints are not checked here: _fast_items checks them for every response, with
        its other answers. Texts are checked every time, since they rarely repeat.
        """
        qid, value = pair
        text = self.plain_texts.get(qid)
        if text is not None:  # check_value's rules for such a text, without the rest
            return UNSCORED if text_problem(text, value, file_words) is None else None
        question = self.known.get(qid)
        if question is None or value is None:
            return None
        if isinstance(value, tuple):
            value = list(value)
        if (
            is_answered(value)
            and not question.constraints
            and check_value(self.q, question, value, {}, "en") is not None
        ):
            return None
        key = self.scored.get(pair, UNSCORED)
        if qid not in self.texts and len(self.valid) < MAX_MEMO:
            self.valid[pair] = key
        return key


class _Known(dict[tuple[str, Any], Any]):
    """The answers known to be valid by themselves; a miss asks the checker."""

    def __init__(self, checker: AnswerChecker):
        super().__init__()
        self.checker = checker

    def __missing__(self, pair: tuple[str, Any]) -> Any:
        return self.checker.learn(pair)


def _typed(value: Any) -> tuple[type, Any]:
    """A value as a key that tells True from 1 and a list from its tuple."""
    return (type(value), tuple(value) if isinstance(value, list) else value)


def _read_by(q: Questionnaire, qid: str) -> set[str]:
    """The answers the constraints of question `qid` read (their own answer included)."""
    found: set[str] = set()
    for constraint in q.question_index[qid].constraints:
        found |= questions_read(constraint.rule, qid)
    return found


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
