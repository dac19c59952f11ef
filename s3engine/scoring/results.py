"""The result of a stress test: what `score` returns and what `plan` reads.

One object feeds the terminal table, `--format json`, the explanation of a region and every
export, so they can never disagree. `s3engine schema result` prints its JSON Schema.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from s3engine.i18n.texts import Text, pick

INSUFFICIENT = "insufficient_evidence"
#: The label of INSUFFICIENT in the languages s3engine ships.
INSUFFICIENT_LABEL: dict[str, str] = {
    "en": "insufficient evidence",
    "de": "unzureichende Datengrundlage",
    "fr": "données insuffisantes",
    "it": "dati insufficienti",
    "sl": "premalo podatkov",
}


class _Result(BaseModel):
    # defer_build: the engine builds results without validating them (`made`) and `score`
    # writes them without pydantic's serialiser (cli.render_score), so a model's validator
    # and serialiser are built only when something asks for them (`schema result`, or a
    # result validated again): 17 ms less at the start of every `score`.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def made(cls, values: dict[str, Any]) -> Self:
        """The object of `values` that the engine computed itself, without validating them
        again: tens of thousands are built for a thousand regions, and validating values
        already of their fields' types would only copy them.

        Each value must already be what validation would make of it (a float for a float,
        a list for a list, a dict for a dict); the fields left out take their defaults.
        Given every field in the order of the model (the quickest), `values` becomes the
        object's own. tests/test_scoring_result_built.py checks that validating a result
        again changes nothing, its JSON included.
        """
        layout = _layout(cls)
        given: set[str]
        if len(values) == len(layout.names) and list(values) == layout.names:
            data, given = values, layout.every
        else:
            data = {
                name: values[name] if name in values else default()
                for name, default in layout.defaults.items()
            }
            given = set(values)
        return _new(cls, data, given)


ResultT = TypeVar("ResultT", bound=_Result)
#: What sets the four slots of a pydantic model (BaseModel.__slots__), called directly:
#: object.__setattr__ looks each name up first, and tens of thousands of objects are made.
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__
_object = object.__new__


def _new(model: type[ResultT], data: dict[str, Any], given: set[str]) -> ResultT:
    """The object of `data` (every field, in order) and the fields given `given`: what
    pydantic's model_construct makes, without its look at aliases and defaults."""
    made = _object(model)
    _SET_DICT(made, data)
    _SET_FIELDS_SET(made, given)
    _SET_EXTRA(made, None)
    _SET_PRIVATE(made, None)
    return made


class _Layout:
    """The fields of a result model in their order (the order they are written out in), and
    what gives the default of each."""

    def __init__(self, model: type[_Result]):
        self.names = list(model.model_fields)
        #: the fields set of every object made with all its fields, shared by them all
        self.every = _AllFields(self.names)
        self.defaults = {name: _default_of(model, name) for name in self.names}


_LAYOUTS: dict[type[_Result], _Layout] = {}


class _AllFields(set[str]):
    """The names of every field of a result model: the fields set (`model_fields_set`) of
    each object `made` with all of them, one set shared by the tens of thousands of objects
    (a copy for each was a third of the memory of a result of a thousand regions). So it
    cannot be changed in place; a copy of it (which pydantic's model_copy makes) can."""

    __slots__ = ()

    def _refuse(self, *_: object) -> Any:
        raise TypeError("the fields set of a result made with all its fields is shared")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[type[set[str]], tuple[list[str]]]:
        return set, (list(self),)  # unpickled (or deep-copied) as a set of its own


def maker(model: type[ResultT]) -> Callable[[dict[str, Any]], ResultT]:
    """`model.made` for objects built by the ten thousand (the indicators of every region):
    the values must be given for every field, in the order of the fields."""
    every = _layout(model).every

    def made(values: dict[str, Any]) -> ResultT:
        return _new(model, values, every)

    return made


def _layout(model: type[_Result]) -> _Layout:
    layout = _LAYOUTS.get(model)
    if layout is None:
        layout = _LAYOUTS[model] = _Layout(model)
    return layout


def _default_of(model: type[_Result], name: str) -> Callable[[], Any]:
    field = model.model_fields[name]

    def default() -> Any:
        if field.is_required():
            raise TypeError(f"{model.__name__}.{name} is required")
        return field.get_default(call_default_factory=True)

    return default


class IndicatorScore(_Result):
    id: str
    label: Text
    source: Literal["survey", "statistic"]
    raw: float | None = Field(description="The region's value before normalisation.")
    normalised: float | None = Field(description="0-100 after normalisation; None if missing.")
    weight: float = Field(description="Weight within its dimension (as in the model).")
    effective_weight: float = Field(
        description="Share of the dimension score this indicator carries (weights of present "
        "indicators, rescaled to sum to 1); 0 when missing."
    )
    contribution: float | None = Field(
        description="Arithmetic aggregation: effective_weight x normalised, the points it adds "
        "to the dimension score. Geometric aggregation: max(normalised, floor) ** "
        "effective_weight, the factor it multiplies the dimension score by."
    )
    direction: Literal["higher_is_better", "lower_is_better"] = "higher_is_better"
    stage: str | None = None
    year: str | None = Field(default=None, description="Year or range of a statistic.")
    flags: list[str] = Field(default_factory=list, description="Eurostat flags of the value.")
    respondents: int | None = Field(default=None, description="Answers behind a survey value.")
    group_means: dict[str, float | None] = Field(
        default_factory=dict, description="Mean answer score per stakeholder group."
    )
    note: str | None = None
    origin: str | None = Field(
        default=None, description="Where the value comes from: a question id or a data file."
    )
    transformed: float | None = Field(
        default=None,
        description="The value after winsorising and/or the log transform, when the model "
        "asks for them; normalisation starts from it.",
    )
    normalisation: str | None = Field(
        default=None,
        description="The normalisation applied, with the parameters used (goalposts, the "
        "minimum and maximum, mean and standard deviation, or the reference value).",
    )
    disagreement: float | None = Field(
        default=None, description="Highest minus lowest group mean (survey indicators)."
    )
    aggregated_from: list[str] = Field(
        default_factory=list,
        description="A statistic the file lacks for the region, aggregated (as the model's "
        "source asks) from these regions within it; empty for a value of the region's own.",
    )
    yearly: dict[str, float | None] | None = Field(
        default=None,
        description="A mean of years: the value of each year of the range the file has "
        "(None: empty in the file).",
    )


class DimensionScore(_Result):
    id: str
    label: Text
    weight: float
    score: float | None = Field(description="0-100; None when coverage is too low.")
    coverage: float = Field(description="Share of the dimension's indicators with a value.")
    contribution: float | None = Field(
        default=None, description="Points this dimension adds to the composite."
    )
    group_means: dict[str, float | None] = Field(
        default_factory=dict, description="The dimension's survey score per stakeholder group."
    )
    disagreement: float | None = Field(
        default=None, description="Highest minus lowest group score (0-100 points)."
    )
    indicators: list[IndicatorScore]
    effective_weight: float = Field(
        default=0.0,
        description="Share of the composite this dimension carries (weights of the dimensions "
        "with a score, rescaled to sum to 1); 0 when it has no score.",
    )
    min_coverage: float = Field(
        default=0.0, description="The share of indicators the dimension needs for a score."
    )


class GateCheck(_Result):
    """One gate of the model, evaluated for one region."""

    id: str
    label: Text
    condition: str = Field(description="The gate's test in plain words, e.g. 'gdp < 75'.")
    value: float | None = Field(description="The value tested; None when it is missing.")
    fired: bool = Field(description="True when the test holds.")
    class_id: str = Field(description="The class the region is held at (at most) when fired.")
    changed_class: bool = Field(
        default=False, description="True when the gate moved the region to a lower class."
    )
    note: str | None = None


class Sensitivity(_Result):
    runs: int
    seed: int
    class_shares: dict[str, float] = Field(description="Share of runs ending in each class.")
    rank_min: int
    rank_max: int
    stability: float = Field(description="Share of runs in the region's own class.")
    borderline: bool
    rank_median: int | None = Field(
        default=None, description="Median rank over the runs in which the region has a class."
    )
    rank_low: int | None = Field(
        default=None,
        description="5th percentile of the rank over those runs: the best rank of the 5-95 % "
        "interval.",
    )
    rank_high: int | None = Field(
        default=None, description="95th percentile of the rank: the worst rank of the interval."
    )
    rank_effects: dict[str, float] = Field(
        default_factory=dict,
        description="Total-effect Sobol index of each choice on the region's rank (regions "
        "ranked in every run, whose rank varies).",
    )


class RegionScore(_Result):
    code: str
    name: str
    respondents: int
    respondents_by_group: dict[str, int]
    composite: float | None
    class_id: str = Field(description=f"A class of the model, or '{INSUFFICIENT}'.")
    class_reason: str = Field(description="Why the region is in its class, in plain words.")
    gate: str | None = Field(default=None, description="The gate that decided the class, if any.")
    rank: int | None = None
    coverage: float
    dimensions: list[DimensionScore]
    stages: dict[str, float | None] = Field(default_factory=dict)
    next_class: str | None = None
    gap_to_next: float | None = Field(
        default=None, description="Composite points missing to reach the next class up."
    )
    fastest_dimension: str | None = Field(
        default=None, description="The dimension whose improvement closes that gap fastest."
    )
    sensitivity: Sensitivity | None = None
    warnings: list[str] = Field(default_factory=list)
    composite_class: str | None = Field(
        default=None, description="The class the composite alone gives, before any gate."
    )
    gates: list[GateCheck] = Field(default_factory=list)
    fastest_dimension_points: float | None = Field(
        default=None,
        description="Points the fastest dimension must gain to close the gap on its own (or, "
        "when no dimension can, to reach 100).",
    )
    fastest_closes_gap: bool | None = Field(
        default=None, description="False when no single dimension can close the gap alone."
    )


class ClassInfo(_Result):
    id: str
    label: Text
    min_composite: float | None


class SourceInfo(_Result):
    """A regional statistic the model used, and what was taken from it."""

    id: str
    file: str
    description: str = Field(description="Value, filters and year rule, in plain words.")
    regions: int = Field(description="Regions (and aggregates) the file holds a value for.")
    years: list[int] = Field(default_factory=list)


class SobolIndex(_Result):
    """The Sobol' indices of one choice for one output, with bootstrap confidence intervals."""

    choice: str
    first_order: float = Field(
        description="Share of the output's variance due to the choice alone."
    )
    first_order_conf: float = Field(description="Half-width of the 95 % confidence interval.")
    total: float = Field(
        description="Share of the variance due to the choice, alone or with the others."
    )
    total_conf: float = Field(description="Half-width of the 95 % confidence interval.")


class Choice(_Result):
    """A choice of the method that the analysis varies, and how."""

    id: str
    label: str
    alternatives: str = Field(description="What the runs draw, in plain words.")


class DimensionWeight(_Result):
    """How much a dimension really drives the composite, against its nominal weight."""

    id: str
    nominal: float = Field(description="Its weight's share of all dimension weights.")
    effective: float | None = Field(
        description="Its squared correlation with the composite over the regions scored, as a "
        "share of the sum over all dimensions (the first-order effect for a linear composite)."
    )
    correlation: float | None = Field(description="Pearson correlation with the composite.")


class SensitivitySettings(_Result):
    runs: int
    seed: int
    weight_spread: float = Field(description="Dimension weights vary by up to this share.")
    geometric_share: float = Field(description="Share of runs using geometric aggregation.")
    leave_one_out_share: float = Field(description="Share of runs leaving one dimension out.")
    borderline_share: float = Field(
        description="A region is borderline when it changes class in more than this share."
    )
    choices: list[Choice] = Field(
        default_factory=list, description="Every choice the runs vary, with its alternatives."
    )
    base_samples: int = Field(
        default=0,
        description="Size of the Saltelli design: runs = base_samples x (choices + 2).",
    )
    mean_rank_shift: float | None = Field(
        default=None,
        description="Mean over the runs of the average absolute shift of the regions' ranks "
        "from their ranks in the result.",
    )
    class_change_share: float | None = Field(
        default=None,
        description="Mean over the runs of the share of regions whose class differs from their "
        "class in the result.",
    )
    rank_indices: list[SobolIndex] = Field(
        default_factory=list,
        description="Sobol' indices of each choice for the average absolute rank shift.",
    )
    class_indices: list[SobolIndex] = Field(
        default_factory=list,
        description="Sobol' indices of each choice for the share of regions changing class.",
    )
    dimension_weights: list[DimensionWeight] = Field(
        default_factory=list, description="Nominal against effective weights of the dimensions."
    )


class WarningKind(_Result):
    """One kind of warning about single regions: how many, and the first regions concerned."""

    kind: str
    label: str
    count: int
    regions: list[str]


class ScoreResult(_Result):
    model_id: str
    model_version: str
    questionnaire: str | None = None
    aggregation: str
    generated: datetime
    languages: list[str]
    default_language: str
    classes: list[ClassInfo]
    dimensions: list[str]
    dimension_labels: dict[str, Text]
    dimension_means: dict[str, float | None] = Field(
        description="Mean score of each dimension over the regions scored."
    )
    regions: list[RegionScore]
    warnings: list[str] = Field(default_factory=list)
    on_threshold: Literal["above", "below"] = Field(
        default="above",
        description="A composite exactly on a threshold belongs to the class above it "
        "('above') or below it ('below').",
    )
    geometric_floor: float = Field(
        default=1.0, description="Geometric aggregation raises scores below this to it."
    )
    min_dimension_share: float = Field(
        default=1.0, description="Share of dimensions a region needs for a composite."
    )
    respondent_aggregation: str = Field(
        default="group_mean",
        description="'group_mean': each stakeholder group's mean counts equally; "
        "'pooled': every respondent counts equally.",
    )
    min_respondents: int = 0
    min_groups: int = 0
    stage_labels: dict[str, Text] = Field(default_factory=dict)
    group_labels: dict[str, Text] = Field(default_factory=dict)
    gate_labels: dict[str, Text] = Field(default_factory=dict)
    sources: list[SourceInfo] = Field(default_factory=list)
    responses_read: int = Field(default=0, description="Responses counted in the scores.")
    responses_refused: int = Field(
        default=0, description="Responses refused (invalid, or for another questionnaire)."
    )
    sensitivity: SensitivitySettings | None = None
    model_title: Text | None = None
    insufficient_label: Text = Field(
        default_factory=lambda: dict(INSUFFICIENT_LABEL),
        description=f"The label of the class '{INSUFFICIENT}'.",
    )
    region_warnings: list[WarningKind] = Field(
        default_factory=list,
        description="The warnings about single regions by kind, most frequent first.",
    )

    def region(self, code: str) -> RegionScore | None:
        return next((r for r in self.regions if r.code == code), None)


# -- reading a result ------------------------------------------------------------------------

ViewT = TypeVar("ViewT", bound=BaseModel)


def view(model: type[ViewT], source: BaseModel, **changed: Any) -> ViewT:
    """A `model` with the fields of `source` of the same name, and the fields `changed`.

    The explanation of a region and its action plan show parts of a result with labels in one
    language; the figures they carry over unchanged are taken by name, so none is left out.
    """
    shared = type(source).model_fields
    values = {name: getattr(source, name) for name in model.model_fields if name in shared}
    return model.model_validate({**values, **changed})


class ResultWords:
    """The labels of a result in one language (its default language where one is missing)."""

    def __init__(self, result: ScoreResult, lang: str):
        self.result = result
        self.lang = lang

    def pick(self, text: Text | None) -> str:
        return pick(text, self.lang, self.result.default_language)

    def class_label(self, class_id: str) -> str:
        if class_id == INSUFFICIENT:
            return self.pick(self.result.insufficient_label)
        for info in self.result.classes:
            if info.id == class_id:
                return self.pick(info.label)
        return class_id

    def dimension(self, dimension_id: str) -> str:
        label = self.result.dimension_labels.get(dimension_id)
        return self.pick(label) if label is not None else dimension_id
