"""Declarative conditions: show a question only if earlier answers say so.

A condition is data, never code. It is one comparison on one earlier answer

    {question: has_s3_calls, equals: true}
    {question: cluster_count, ge: 5}
    {question: priority_domains, contains: ict}
    {question: role, in: [cluster_manager, agency]}
    {question: budget_comment, answered: true}

or a combination of conditions: `{all: [...]}`, `{any: [...]}`, `{not: {...}}`.

In a constraint the `question` key may be left out: it then means the answer being checked,
and a comparison value may name another answer: `{le: {answer_of: cluster_count}}`.
Evaluation never calls eval(); unanswered (and hidden) questions make every comparison false
except `answered: false` and `not_equals` / `not_in`, which ask for an answer too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    model_validator,
)

Scalar = str | int | float | bool


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class AnswerRef(_Strict):
    """The answer to another (earlier) question, as a comparison value."""

    answer_of: str


Number = float | AnswerRef

COMPARISON_OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "contains",
    "gt",
    "ge",
    "lt",
    "le",
    "answered",
)


class Compare(_Strict):
    """One comparison on one answer; exactly one operator is given."""

    question: str | None = Field(
        default=None, description="Id of an earlier question (in a constraint: this one)."
    )
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    not_in: list[Scalar] | None = Field(default=None, min_length=1)
    contains: str | None = Field(
        default=None, description="A multiple choice or ranking answer includes this option."
    )
    gt: Number | None = None
    ge: Number | None = None
    lt: Number | None = None
    le: Number | None = None
    answered: bool | None = None
    #: The operator and its operand, found once when the comparison is read: a survey of
    #: many responses evaluates each comparison for every one of them.
    _operator: str = PrivateAttr(default="")
    _operand: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_operator(self) -> Compare:
        given = self.operators()
        if len(given) != 1:
            listed = ", ".join(COMPARISON_OPERATORS)
            if not given:
                raise ValueError(f"a comparison needs one operator: one of {listed}")
            raise ValueError(
                f"a comparison takes one operator, this one has {len(given)} "
                f"({', '.join(given)}); combine them with all: [...]"
            )
        self._operator = given[0]
        self._operand = getattr(self, "in_" if given[0] == "in" else given[0])
        return self

    def operators(self) -> list[str]:
        names = []
        for name in COMPARISON_OPERATORS:
            attr = "in_" if name == "in" else name
            if getattr(self, attr) is not None:
                names.append(name)
        return names

    @property
    def operator(self) -> str:
        return self.found[1]

    @property
    def operand(self) -> Any:
        return self.found[2]

    @property
    def found(self) -> tuple[str | None, str, Any]:
        """(question, operator, operand): what `compare_values` takes."""
        private = cast(dict[str, Any], self.__pydantic_private__)  # quicker than self._operator
        return self.question, private["_operator"], private["_operand"]


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(_Strict):
    not_: Condition = Field(alias="not")


def _kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "compare"
    if isinstance(value, BaseModel):
        kinds: dict[type[BaseModel], str] = {AllOf: "all", AnyOf: "any", NotOf: "not"}
        return kinds.get(type(value), "compare")
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Compare, Tag("compare")],
    Discriminator(
        _kind,
        custom_error_type="condition",
        custom_error_message=(
            "a condition must be a mapping such as {question: q1, equals: x}, "
            "{all: [...]}, {any: [...]} or {not: {...}}"
        ),
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def comparisons(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Compare, tuple[str | int, ...]]]:
    """Every comparison inside a condition, with its key path relative to the condition."""
    if isinstance(condition, AllOf):
        for index, child in enumerate(condition.all):
            yield from comparisons(child, (*path, "all", index))
    elif isinstance(condition, AnyOf):
        for index, child in enumerate(condition.any):
            yield from comparisons(child, (*path, "any", index))
    elif isinstance(condition, NotOf):
        yield from comparisons(condition.not_, (*path, "not"))
    else:
        yield condition, path


def questions_read(condition: Condition, this: str | None = None) -> set[str]:
    """The questions whose answers `condition` reads: each comparison's question (`this`,
    the question a constraint checks, where it names none) and any answer it is compared
    with (`answer_of`)."""
    found: set[str] = set()
    for cmp, _ in comparisons(condition):
        question = cmp.question or this
        if question is not None:
            found.add(question)
        if isinstance(cmp.operand, AnswerRef):
            found.add(cmp.operand.answer_of)
    return found


def is_answered(value: Any) -> bool:
    """Whether a stored value is an answer. None and "" are none (an answers file's `q1:` or
    `q1: ""`); `[]` is one: a multiple choice with nothing ticked, "none of these options",
    which answers.value_problem takes where the question asks for no minimum of ticks."""
    return value is not None and value != ""


def evaluate(
    condition: Condition,
    answers: Mapping[str, Any],
    *,
    this: str | None = None,
    missing_points: Mapping[str, Any] | None = None,
) -> bool:
    """Whether `condition` holds for `answers` (question id -> answer value).

    `this` is the question a constraint belongs to. `missing_points` maps scale questions to
    their "no information" point, which counts as no answer in numeric comparisons.
    """
    if isinstance(condition, AllOf):
        return all(
            evaluate(c, answers, this=this, missing_points=missing_points) for c in condition.all
        )
    if isinstance(condition, AnyOf):
        return any(
            evaluate(c, answers, this=this, missing_points=missing_points) for c in condition.any
        )
    if isinstance(condition, NotOf):
        return not evaluate(condition.not_, answers, this=this, missing_points=missing_points)
    return compare(condition, answers, this, missing_points or {})


def compare(
    cmp: Compare, answers: Mapping[str, Any], this: str | None, missing: Mapping[str, Any]
) -> bool:
    """Whether one comparison holds (`evaluate`'s rule for a comparison)."""
    question, op, operand = cmp.found
    return compare_values(question or this, op, operand, answers, missing)


def compare_values(
    qid: str | None, op: str, operand: Any, answers: Mapping[str, Any], missing: Mapping[str, Any]
) -> bool:
    """`compare` of the comparison (question, operator, operand), for a caller that keeps them."""
    value = answers.get(qid) if qid is not None else None
    if op == "answered":
        return is_answered(value) is operand
    if not is_answered(value):
        return False
    if op == "equals":
        return _same(value, operand)
    if op == "not_equals":
        return not _same(value, operand)
    if op == "in":
        return any(_same(value, item) for item in operand)
    if op == "not_in":
        return not any(_same(value, item) for item in operand)
    if op == "contains":
        return isinstance(value, list) and operand in value
    # Numeric comparisons: the "no information" point of a scale is not a number.
    if qid is not None and qid in missing and value == missing[qid]:
        return False
    if isinstance(operand, AnswerRef):
        other = answers.get(operand.answer_of)
        if not is_answered(other) or (
            operand.answer_of in missing and other == missing[operand.answer_of]
        ):
            return True  # nothing to compare with: the constraint does not apply
        operand = other
    # Compared as they are, never through float(): another answer may be a whole number of
    # 400 digits, which no float holds (the answer rules refuse it).
    if not (_is_number(value) and _is_number(operand)):
        return False
    number, bound = cast(float, value), cast(float, operand)
    if op == "gt":
        return number > bound
    if op == "ge":
        return number >= bound
    if op == "lt":
        return number < bound
    return number <= bound  # le


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(value: Any, expected: Any) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    # Numbers compare exactly (2 == 2.0), never through float(): an answer may be a whole
    # number of 400 digits, which no float holds (the answer rules refuse it afterwards).
    return bool(value == expected)
