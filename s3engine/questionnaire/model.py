"""The questionnaire language: models of a questionnaire file.

The format is documented in docs/questionnaire-format.md; `s3engine schema questionnaire`
prints the JSON Schema generated from these models. Static checks that need the whole
questionnaire (references, conditions, translations) live in questionnaire_checks.py.
"""

# The annotations are evaluated as the classes are defined, not kept as text (no `from
# __future__ import annotations`): pydantic would compile and evaluate each text, those of
# QuestionBase once for every question type, 2 ms of every start.

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from s3engine.core.models import Identifier, Name, OptionValue, RegionCode, Strict, VersionedFile
from s3engine.i18n.texts import DEFAULT_GROUPS, DEFAULT_SECTORS, LanguageCode, Text, builtin_text
from s3engine.questionnaire.conditions import Condition


# The factories of empty defaults are these functions, not `list` and `dict`: pydantic reads
# the signature of each default factory, and that of a built-in type is parsed from its text
# by the tokenizer (its patterns compiled first): some 7 ms of the start of every command.
def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[Any, Any]:
    return {}


class Option(Strict):
    """One choice of a single choice, multiple choice or ranking question."""

    value: OptionValue = Field(description="Stored in responses; letters, digits, _ and -.")
    label: Text
    score: float | None = Field(default=None, description="Used by scoring models.")
    help: Text | None = None


class ScalePoint(Strict):
    value: int
    label: Text
    score: float | None = Field(
        default=None, description="Score of this point; defaults to its value."
    )


class Scale(Strict):
    """An ordered scale with a label on every point, such as the RIS3 assessment wheel."""

    min: int
    max: int
    missing: int | None = Field(
        default=None,
        description='The point that means "no information": stored, but counted as missing.',
    )
    points: list[ScalePoint] = Field(min_length=2)

    def point(self, value: Any) -> ScalePoint | None:
        for point in self.points:
            if point.value == value and not isinstance(value, bool):
                return point
        return None

    def score_of(self, value: int) -> float | None:
        if value == self.missing:
            return None
        point = self.point(value)
        if point is None:
            return None
        return point.score if point.score is not None else float(point.value)


class Constraint(Strict):
    """A rule the answer must satisfy, with the message shown when it does not."""

    rule: Condition
    message: Text


class QuestionBase(Strict):
    # The question types are validated within a section, whose validator holds theirs: their
    # own validators are built only if one is validated alone (some 3 ms of every start).
    model_config = ConfigDict(defer_build=True)

    id: Identifier
    text: Text
    help: Text | None = None
    required: bool = False
    required_message: Text | None = None
    show_if: Condition | None = None
    groups: list[Identifier] | None = Field(
        default=None, description="Ask only respondents of these stakeholder groups."
    )
    constraints: list[Constraint] = Field(default_factory=_empty_list)
    personal: bool = Field(
        default=False, description="Personal data: kept in the response, never in results."
    )


class SingleChoice(QuestionBase):
    type: Literal["single_choice"]
    options: list[Option] | Identifier = Field(
        description="The options, or the name of a list under choice_lists."
    )


class MultipleChoice(QuestionBase):
    type: Literal["multiple_choice"]
    options: list[Option] | Identifier
    min_selections: int = Field(default=0, ge=0)
    max_selections: int | None = Field(default=None, ge=1)


class Ranking(QuestionBase):
    type: Literal["ranking"]
    options: list[Option] | Identifier
    top: int = Field(ge=1, description="Pick and order at most this many options.")
    min_ranked: int = Field(default=1, ge=1, description="Rank at least this many.")


class ScaleQuestion(QuestionBase):
    type: Literal["scale"]
    scale: Scale | Identifier = Field(description="A scale, or the name of one under scales.")


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    integer: bool = False
    decimals: int | None = Field(default=None, ge=0, le=10)
    unit: Text | None = None


class YesNo(QuestionBase):
    type: Literal["yes_no"]
    yes_score: float | None = None
    no_score: float | None = None


class TextQuestion(QuestionBase):
    type: Literal["text"]
    max_length: int = Field(default=2000, ge=1, le=100_000)
    multiline: bool = False


Question = Annotated[
    SingleChoice | MultipleChoice | Ranking | ScaleQuestion | NumberQuestion | YesNo | TextQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "ranking",
    "scale",
    "number",
    "yes_no",
    "text",
)
ChoiceQuestion = SingleChoice | MultipleChoice | Ranking


class Section(Strict):
    id: Identifier
    title: Text
    description: Text | None = None
    show_if: Condition | None = None
    groups: list[Identifier] | None = None
    questions: list[Question] = Field(min_length=1)


class Group(Strict):
    id: Identifier
    label: Text


class Region(Strict):
    code: RegionCode = Field(description="NUTS code, e.g. AT31.")
    name: Name = Field(description="The region's name as documents show it (one line).")
    languages: list[LanguageCode] = Field(default_factory=_empty_list)


def _default_groups() -> list[Group]:
    return [Group(id=g, label=builtin_text(f"group.{g}")) for g in DEFAULT_GROUPS]


def _default_sectors() -> list[Option]:
    return [Option(value=s, label=builtin_text(f"sector.{s}")) for s in DEFAULT_SECTORS]


class Profile(Strict):
    """The respondent profile asked before the first section."""

    regions: list[Region] | None = Field(
        default=None, description="Regions to choose from; if absent any NUTS code is accepted."
    )
    groups: list[Group] = Field(default_factory=_default_groups, min_length=1)
    ask_organisation: bool = True
    ask_sector: bool = True
    sectors: list[Option] = Field(default_factory=_default_sectors, min_length=1)


class Questionnaire(VersionedFile):
    VERSION_TYPES = (int, float, date)  # `version: 2024-05-01` reads as a date

    id: Identifier
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    description: Text | None = None
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    consent: Text | None = Field(
        default=None, description="Shown before the first question; declining stores nothing."
    )
    profile: Profile = Field(default_factory=Profile)
    choice_lists: dict[Identifier, list[Option]] = Field(default_factory=_empty_dict)
    scales: dict[Identifier, Scale] = Field(default_factory=_empty_dict)
    sections: list[Section] = Field(min_length=1)

    # -- navigation ------------------------------------------------------------------------

    def questions(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question

    @cached_property
    def question_index(self) -> dict[str, Question]:
        return {q.id: q for _, q in self.questions()}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {q.id: s for s, q in self.questions()}

    def options_of(self, question: Question) -> list[Option]:
        options = getattr(question, "options", None)
        if options is None:
            return []
        if isinstance(options, str):
            return self.choice_lists.get(options, [])
        return list(options)

    def scale_of(self, question: Question) -> Scale | None:
        if not isinstance(question, ScaleQuestion):
            return None
        if isinstance(question.scale, str):
            return self.scales.get(question.scale)
        return question.scale

    @cached_property
    def missing_points(self) -> dict[str, int]:
        out = {}
        for _, question in self.questions():
            scale = self.scale_of(question)
            if scale is not None and scale.missing is not None:
                out[question.id] = scale.missing
        return out

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the questionnaire's content, independent of YAML layout and comments."""
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False
        )
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
