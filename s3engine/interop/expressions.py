"""Declarative conditions written in a survey tool's own expression language.

A questionnaire's `show_if` conditions, group targeting and constraints are data (see
questionnaire/conditions.py); a converted form needs them as an XLSForm expression (XPath
with `${name}` references) or as LimeSurvey's ExpressionScript. Both are written here from
the same reading of a condition, so that the tools show a question exactly when s3engine
would:

* an unanswered (or hidden) question makes every comparison false, except `answered: false`,
  and `not_equals` / `not_in` ask for an answer too; so does a number compared for
  equality, which LimeSurvey's page would otherwise find equal to 0 while empty (its
  JavaScript compares `'' == 0`);
* the "no information" point of a scale is no number: numeric comparisons on it are false;
* a comparison with another answer (`{le: {answer_of: q}}`) holds when that answer is
  missing.

A part that a tool cannot write raises `Unexpressible`, which the converter reports with the
question id instead of dropping the condition.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from s3engine.questionnaire.conditions import AllOf, AnswerRef, AnyOf, Compare, Condition, NotOf
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    YesNo,
)

_NUMERIC = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}


class Unexpressible(Exception):
    """A condition, or part of one, that the tool's expression language cannot say."""


class Dialect(ABC):
    """How one tool writes answers, literals and logic. Subclasses fill in the words."""

    AND = " and "
    OR = " or "
    EQ = " = "

    def __init__(self, q: Questionnaire):
        self.q = q

    # -- what subclasses say -------------------------------------------------------------

    @abstractmethod
    def field(self, qid: str, current: str | None) -> str:
        """The answer to a question of one field (`current`: the question being checked)."""
        ...

    @abstractmethod
    def place(self, qid: str, rank: int) -> str: ...

    @abstractmethod
    def option(self, question: Question, value: Any) -> str:
        """The literal an answer of `question` equal to `value` has in the tool."""
        ...

    @abstractmethod
    def selected(self, question: Question, value: str, current: str | None) -> str: ...

    @abstractmethod
    def text(self, value: str) -> str: ...

    @abstractmethod
    def negate(self, expression: str) -> str: ...

    @abstractmethod
    def answered(self, question: Question, current: str | None) -> str:
        """Whether `question` has an answer (every type, including lists)."""
        ...

    @abstractmethod
    def group_is(self, groups: Sequence[str]) -> str:
        """Whether the respondent belongs to one of `groups`."""
        ...

    # -- the shared reading of a condition -------------------------------------------------

    def number(self, value: float) -> str:
        return str(int(value)) if float(value).is_integer() else repr(float(value))

    def all(self, parts: Sequence[str]) -> str:
        return parts[0] if len(parts) == 1 else self.AND.join(f"({p})" for p in parts)

    def any(self, parts: Sequence[str]) -> str:
        return parts[0] if len(parts) == 1 else self.OR.join(f"({p})" for p in parts)

    def condition(self, condition: Condition, current: str | None = None) -> str:
        """`condition` in the tool's language; `current` is the question a constraint checks."""
        if isinstance(condition, AllOf):
            return self.all([self.condition(c, current) for c in condition.all])
        if isinstance(condition, AnyOf):
            return self.any([self.condition(c, current) for c in condition.any])
        if isinstance(condition, NotOf):
            return self.negate(self.condition(condition.not_, current))
        return self.compare(condition, current)

    def compare(self, cmp: Compare, current: str | None) -> str:
        qid = cmp.question or current
        question = self.q.question_index.get(qid or "")
        if question is None:
            raise Unexpressible(f"the condition names no known question ({qid})")
        op, operand = cmp.operator, cmp.operand
        if op == "answered":
            answered = self.answered(question, current)
            return answered if operand else self.negate(answered)
        if op == "contains":
            return self.contains(question, str(operand), current)
        if isinstance(question, MultipleChoice | Ranking):
            raise Unexpressible(f"'{op}' on the list answer of '{question.id}'")
        value = self.field(question.id, current)
        if op in ("equals", "not_equals", "in", "not_in"):
            items = operand if op in ("in", "not_in") else [operand]
            matches = self.any([f"{value}{self.EQ}{self.option(question, item)}" for item in items])
            if op in ("equals", "in"):
                if isinstance(question, NumberQuestion):
                    # a tool may take an empty answer for 0 (ExpressionScript's `'' == 0`)
                    return self.all([self.answered(question, current), matches])
                return matches
            return self.all([self.answered(question, current), self.negate(matches)])
        return self.numeric(question, value, _NUMERIC[op], operand, current)

    def contains(self, question: Question, option: str, current: str | None) -> str:
        if isinstance(question, MultipleChoice):
            return self.selected(question, option, current)
        if isinstance(question, Ranking):
            literal = self.option(question, option)
            places = [self.place(question.id, rank) for rank in range(1, question.top + 1)]
            return self.any([f"{place}{self.EQ}{literal}" for place in places])
        raise Unexpressible(f"'contains' on '{question.id}', which is not a list of options")

    def numeric(
        self, question: Question, value: str, sign: str, operand: Any, current: str | None
    ) -> str:
        if not isinstance(question, NumberQuestion | ScaleQuestion):
            raise Unexpressible(f"a numeric comparison on '{question.id}'")
        parts = [self.answered(question, current), *self.not_missing(question, value)]
        if isinstance(operand, AnswerRef):
            other = self.q.question_index.get(operand.answer_of)
            if other is None:
                raise Unexpressible(f"the condition names no known question ({operand.answer_of})")
            other_value = self.field(other.id, current)
            absent = [self.negate(self.answered(other, current))]
            absent += [self.negate(p) for p in self.not_missing(other, other_value)]
            parts.append(self.any([*absent, f"{value} {sign} {other_value}"]))
        else:
            parts.append(f"{value} {sign} {self.number(float(operand))}")
        return self.all(parts)

    def not_missing(self, question: Question, value: str) -> list[str]:
        """That the answer is not the scale's "no information" point (which is no number)."""
        missing = self.q.missing_points.get(question.id)
        if missing is None:
            return []
        return [self.negate(f"{value}{self.EQ}{self.option(question, missing)}")]


# -- XLSForm (XPath) ------------------------------------------------------------------------


class XPath(Dialect):
    """XLSForm expressions: `${name}` for an answer, `.` for the answer being checked."""

    def field(self, qid: str, current: str | None) -> str:
        return "." if qid == current else f"${{{qid}}}"

    def place(self, qid: str, rank: int) -> str:
        from s3engine.interop.form import rank_field

        return f"${{{rank_field(qid, rank)}}}"

    def option(self, question: Question, value: Any) -> str:
        if isinstance(question, YesNo):
            return "'yes'" if value is True else "'no'"
        if isinstance(question, NumberQuestion | ScaleQuestion) and not isinstance(value, str):
            return self.number(float(value))
        return self.text(str(value))

    def selected(self, question: Question, value: str, current: str | None) -> str:
        return f"selected({self.field(question.id, current)}, {self.text(value)})"

    def text(self, value: str) -> str:
        if "'" not in value:
            return f"'{value}'"
        if '"' not in value:
            return f'"{value}"'
        raise Unexpressible("a text holding both kinds of quotes, which XPath cannot write")

    def negate(self, expression: str) -> str:
        return f"not({expression})"

    def answered(self, question: Question, current: str | None) -> str:
        if isinstance(question, Ranking):
            return f"{self.place(question.id, 1)} != ''"
        return f"{self.field(question.id, current)} != ''"

    def group_is(self, groups: Sequence[str]) -> str:
        from s3engine.interop.form import PROFILE_FIELDS

        name = PROFILE_FIELDS["group"]
        return self.any([f"${{{name}}} = {self.text(group)}" for group in groups])


# -- LimeSurvey (ExpressionScript) ------------------------------------------------------------


class Expression(Dialect):
    """LimeSurvey's ExpressionScript. Answers are read with `.NAOK` ("not applicable OK"),
    so that a hidden question reads as empty and the comparisons above decide."""

    EQ = " == "

    def __init__(self, q: Questionnaire, codes: Any):
        super().__init__(q)
        #: the LimeSurvey codes of the questionnaire (limesurvey.Codes)
        self.codes = codes

    def field(self, qid: str, current: str | None) -> str:
        return f"{self.codes.question[qid]}.NAOK"

    def place(self, qid: str, rank: int) -> str:
        return f"{self.codes.question[qid]}_{rank}.NAOK"

    def option(self, question: Question, value: Any) -> str:
        if isinstance(question, YesNo):
            return "'Y'" if value is True else "'N'"
        if isinstance(question, NumberQuestion):
            return self.number(float(value))
        if isinstance(question, ScaleQuestion | SingleChoice | Ranking):
            code = self.codes.answer.get((question.id, value))
            if code is None:
                raise Unexpressible(f"'{value}' is no option of '{question.id}'")
            return self.text(code)
        return self.text(str(value))

    def selected(self, question: Question, value: str, current: str | None) -> str:
        sub = self.codes.sub.get((question.id, value))
        if sub is None:
            raise Unexpressible(f"'{value}' is no option of '{question.id}'")
        return f"{self.codes.question[question.id]}_{sub}.NAOK == 'Y'"

    def text(self, value: str) -> str:
        if "'" in value or "{" in value or "}" in value:
            raise Unexpressible("a text holding ' or braces, which ExpressionScript cannot write")
        return f"'{value}'"

    def negate(self, expression: str) -> str:
        return f"!({expression})"

    def answered(self, question: Question, current: str | None) -> str:
        if isinstance(question, Ranking):
            return f"!is_empty({self.place(question.id, 1)})"
        if isinstance(question, MultipleChoice):
            code = self.codes.question[question.id]
            subs = [self.codes.sub[(question.id, o.value)] for o in self.q.options_of(question)]
            return self.any([f"{code}_{sub}.NAOK == 'Y'" for sub in subs])
        return f"!is_empty({self.field(question.id, current)})"

    def group_is(self, groups: Sequence[str]) -> str:
        code = self.codes.profile["group"]
        literals = [self.text(self.codes.answer[("profile:group", group)]) for group in groups]
        return self.any([f"{code}.NAOK == {literal}" for literal in literals])
