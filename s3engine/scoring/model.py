"""The scoring model: how survey answers and regional statistics become a class per region.

A model file (YAML, documented in docs/scoring-model.md; `s3engine schema model` prints its
JSON Schema) names the questionnaire it scores, its dimensions with their weights and
indicators, how each indicator is normalised to 0-100, how respondents are combined into a
region value, how indicators and dimensions are aggregated, the classes with their thresholds
and gates, and the settings of the sensitivity analysis. Static checks that need the whole
model, or the questionnaire it names, live in model_checks.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from s3engine.core.models import Identifier, Strict, VersionedFile
from s3engine.i18n.texts import LanguageCode, Text
from s3engine.statistics.nuts import NutsVersion
from s3engine.statistics.sources import DataSource

FORMAT_VERSION = 1

Direction = Literal["higher_is_better", "lower_is_better"]
Aggregation = Literal["arithmetic", "geometric"]
RegionLike = Annotated[str, StringConstraints(min_length=2, max_length=20)]

# -- normalisation ---------------------------------------------------------------------------


class NoNormalisation(Strict):
    """The value is a 0-100 score already (survey answers are rescaled to 0-100)."""

    method: Literal["none"]


class Goalposts(Strict):
    """Fixed bounds: min scores 0, max scores 100, values outside are clamped."""

    method: Literal["goalposts"]
    min: float
    max: float


class MinMax(Strict):
    """The lowest value among the regions scored scores 0, the highest 100."""

    method: Literal["minmax"]


class ZScore(Strict):
    """Standard score over the regions scored: the mean scores 50."""

    method: Literal["zscore"]
    limit: float = Field(
        default=2.5,
        gt=0,
        description="Standard deviations at which the score reaches 0 and 100 (clamped beyond).",
    )


class Rank(Strict):
    """Rank among the regions scored: the lowest scores 0, the highest 100, ties share."""

    method: Literal["rank"]


class Ratio(Strict):
    """The value as a ratio to a reference value (a number, or a region of the same source)."""

    method: Literal["ratio"]
    reference: float | None = Field(default=None, description="A fixed reference value.")
    reference_region: RegionLike | None = Field(
        default=None,
        description="Take the reference from this region or aggregate of the same source, "
        "e.g. EU27_2020.",
    )
    full_at: float = Field(
        default=2.0,
        gt=0,
        description="The ratio that scores 100; the reference value itself scores 100/full_at.",
    )

    @model_validator(mode="after")
    def _one_reference(self) -> Ratio:
        if (self.reference is None) == (self.reference_region is None):
            raise ValueError("give either 'reference' (a number) or 'reference_region'")
        if self.reference is not None and self.reference <= 0:
            raise ValueError("the reference value must be larger than 0")
        return self


Normalisation = Annotated[
    NoNormalisation | Goalposts | MinMax | ZScore | Rank | Ratio,
    Field(discriminator="method"),
]
NORMALISATION_METHODS = ("none", "goalposts", "minmax", "zscore", "rank", "ratio")


class Winsorise(Strict):
    """Clip outliers to quantiles of the values of the regions scored."""

    lower: float = Field(default=0.05, ge=0, lt=0.5, description="Lower quantile (0-0.5).")
    upper: float = Field(default=0.95, gt=0.5, le=1, description="Upper quantile (0.5-1).")


# -- indicators and dimensions ---------------------------------------------------------------


class Indicator(Strict):
    """A survey question or a regional statistic, normalised to a 0-100 score."""

    id: Identifier
    label: Text
    description: Text | None = None
    question: Identifier | None = Field(
        default=None, description="A question of the model's questionnaire (its scores)."
    )
    statistic: Identifier | DataSource | None = Field(
        default=None, description="The name of a source under `sources:`, or a source itself."
    )
    weight: float = Field(default=1.0, gt=0, description="Weight within the dimension.")
    direction: Direction = "higher_is_better"
    stage: Identifier | None = Field(
        default=None, description="The stage of the policy cycle this indicator informs."
    )
    normalise: Normalisation | None = Field(
        default=None,
        description="How the value becomes 0-100; survey questions default to 'none' (their "
        "answers are rescaled to 0-100), statistics must say.",
    )
    winsorise: Winsorise | None = None
    log: bool = Field(default=False, description="Use ln(1 + value) before normalising.")
    rescale: bool = Field(
        default=True,
        description="Survey questions: rescale the answer scores so that the lowest possible "
        "score is 0 and the highest 100.",
    )

    @model_validator(mode="after")
    def _one_origin(self) -> Indicator:
        if (self.question is None) == (self.statistic is None):
            raise ValueError("an indicator takes either 'question' or 'statistic'")
        return self

    @property
    def kind(self) -> Literal["survey", "statistic"]:
        return "survey" if self.question is not None else "statistic"

    @property
    def normalisation(self) -> Normalisation:
        if self.normalise is not None:
            return self.normalise
        return NoNormalisation(method="none")


class Dimension(Strict):
    id: Identifier
    label: Text
    description: Text | None = None
    weight: float = Field(default=1.0, gt=0, description="Weight in the composite.")
    min_coverage: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Share of indicators needed for a score (default: the model's).",
    )
    indicators: list[Indicator] = Field(min_length=1)


class Stage(Strict):
    id: Identifier
    label: Text
    description: Text | None = None


# -- respondents, classes, gates -------------------------------------------------------------


class Respondents(Strict):
    """How the answers of a region's respondents become one value per indicator."""

    aggregation: Literal["group_mean", "pooled"] = Field(
        default="group_mean",
        description="group_mean: the mean of each stakeholder group, the groups weighted "
        "equally (or by group_weights); pooled: the mean over all respondents.",
    )
    group_weights: dict[Identifier, float] = Field(
        default_factory=dict, description="Weights of stakeholder groups (default 1 each)."
    )
    min_respondents: int = Field(
        default=3, ge=1, description="Answers an indicator needs in a region."
    )
    min_groups: int = Field(
        default=2, ge=1, description="Stakeholder groups those answers must come from."
    )

    @model_validator(mode="after")
    def _positive_weights(self) -> Respondents:
        for group, weight in self.group_weights.items():
            if weight <= 0:
                raise ValueError(f"the weight of group '{group}' must be larger than 0")
        return self


class ClassLevel(Strict):
    id: Identifier
    label: Text
    description: Text | None = None
    min: float | None = Field(
        default=None,
        description="Lowest composite of the class; the last (lowest) class has none.",
    )


class Classes(Strict):
    on_threshold: Literal["above", "below"] = Field(
        description="Where a composite exactly on a threshold belongs: 'above' (the threshold "
        "is the lowest value of the upper class) or 'below' (the upper class starts above it)."
    )
    levels: list[ClassLevel] = Field(min_length=2, description="Best class first.")


GATE_OPERATORS = ("below", "at_most", "above", "at_least")


class Gate(Strict):
    """Hold a region at a class (or lower) whenever a value passes a bound."""

    id: Identifier
    label: Text
    description: Text | None = None
    indicator: Identifier | None = Field(default=None, description="Test an indicator's raw value.")
    dimension: Identifier | None = Field(default=None, description="Test a dimension score.")
    source: Identifier | None = Field(default=None, description="Test a source's value.")
    below: float | None = None
    at_most: float | None = None
    above: float | None = None
    at_least: float | None = None
    class_: Identifier = Field(
        alias="class", description="When the test holds, the region is at most in this class."
    )
    if_missing: Literal["ignore", "insufficient_evidence"] = Field(
        default="ignore",
        description="What a missing value does: ignore the gate (with a warning), or make the "
        "region 'insufficient evidence'.",
    )

    @model_validator(mode="after")
    def _one_target_one_bound(self) -> Gate:
        targets = [t for t in (self.indicator, self.dimension, self.source) if t is not None]
        if len(targets) != 1:
            raise ValueError("a gate tests exactly one of 'indicator', 'dimension' or 'source'")
        if len(self.bounds) != 1:
            raise ValueError("a gate takes exactly one of 'below', 'at_most', 'above', 'at_least'")
        return self

    @property
    def bounds(self) -> list[tuple[str, float]]:
        return [(op, v) for op in GATE_OPERATORS if (v := getattr(self, op)) is not None]

    @property
    def target(self) -> tuple[Literal["indicator", "dimension", "source"], str]:
        if self.indicator is not None:
            return "indicator", self.indicator
        if self.dimension is not None:
            return "dimension", self.dimension
        assert self.source is not None
        return "source", self.source

    def holds(self, value: float) -> bool:
        op, bound = self.bounds[0]
        if op == "below":
            return value < bound
        if op == "at_most":
            return value <= bound
        if op == "above":
            return value > bound
        return value >= bound

    def describe(self) -> str:
        op, bound = self.bounds[0]
        symbol = {"below": "<", "at_most": "<=", "above": ">", "at_least": ">="}[op]
        return f"{self.target[1]} {symbol} {bound:g}"


AlternativeMethod = Literal["minmax", "zscore", "rank"]
ALTERNATIVE_METHODS: tuple[AlternativeMethod, ...] = ("minmax", "zscore", "rank")


class SensitivityRules(Strict):
    """Settings of `score --sensitivity N`."""

    weight_spread: float = Field(
        default=0.5,
        ge=0,
        lt=1,
        description="Each run multiplies every dimension weight by a factor drawn uniformly "
        "from 1 - spread to 1 + spread.",
    )
    geometric_share: float = Field(
        default=0.5, ge=0, le=1, description="Share of runs that aggregate geometrically."
    )
    leave_one_out_share: float = Field(
        default=0.25, ge=0, le=1, description="Share of runs that leave one dimension out."
    )
    borderline_share: float = Field(
        default=0.2,
        gt=0,
        lt=1,
        description="A region whose class changes in more than this share of runs is borderline.",
    )
    indicator_leave_out_share: float = Field(
        default=0.25, ge=0, le=1, description="Share of runs that leave one indicator out."
    )
    normalisations: list[AlternativeMethod] = Field(
        default_factory=lambda: list(ALTERNATIVE_METHODS),
        description="Other normalisation methods each indicator may draw (indicators "
        "normalised by 'none', survey scores among them, keep it); each method, the model's "
        "included, is drawn equally often. An empty list keeps every model's method.",
    )
    respondents: bool = Field(
        default=True,
        description="Draw the respondents rule too: group means or pooled answers, each in half "
        "of the runs.",
    )
    imputation: bool = Field(
        default=True,
        description="Impute too: in half of the runs, a missing indicator score (of a dimension "
        "that has enough indicators) takes the indicator's mean score over the regions.",
    )


# -- the model -------------------------------------------------------------------------------


class ComparableWith(Strict):
    """An earlier version of the model's questionnaire that a baseline wave may have answered,
    and which questions compare across the two versions (docs/waves.md)."""

    questionnaire: str = Field(
        description="The earlier version: a path relative to this file, or a shipped name."
    )
    questions: dict[Identifier, Identifier] = Field(
        default_factory=dict,
        description="Question of the model's questionnaire -> the question of the earlier "
        "version it compares with (the same id when only the wording was polished). A "
        "question not listed changed: its indicators are left out of the comparison.",
    )


class ScoringModel(VersionedFile):
    s3engine_model: Literal[1] = Field(default=1, description="Version of the model file format.")
    id: Identifier
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    description: Text | None = None
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    questionnaire: str | None = Field(
        default=None,
        description="The questionnaire the survey indicators come from: a shipped name or a "
        "path relative to this file.",
    )
    respondents: Respondents = Field(default_factory=Respondents)
    aggregation: Aggregation = Field(
        default="arithmetic",
        description="Weighted mean of indicators into dimensions and of dimensions into the "
        "composite: arithmetic (fully compensatory) or geometric (less so).",
    )
    geometric_floor: float = Field(
        default=1.0,
        gt=0,
        le=100,
        description="Geometric aggregation raises scores below this value to it (a zero would "
        "make the whole mean zero).",
    )
    min_coverage: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="Share of its indicators a dimension needs for a score.",
    )
    min_dimension_share: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Share of the dimensions a region needs for a composite and a class.",
    )
    nuts_level: int | None = Field(
        default=None,
        ge=0,
        le=3,
        description="The NUTS level scored when no regions are named (score --nuts-level "
        "overrides it); by default every region of the responses, or of the data.",
    )
    nuts_version: NutsVersion | None = Field(
        default=None,
        description="Recode the region codes of every source to this NUTS version where a "
        "region maps one-to-one (score --nuts-version overrides it).",
    )
    stages: list[Stage] = Field(default_factory=list)
    sources: dict[Identifier, DataSource] = Field(
        default_factory=dict, description="Named regional statistics, used by indicators."
    )
    dimensions: list[Dimension] = Field(min_length=1)
    classes: Classes
    gates: list[Gate] = Field(default_factory=list)
    sensitivity: SensitivityRules = Field(default_factory=SensitivityRules)
    comparable_with: list[ComparableWith] = Field(
        default_factory=list,
        description="Earlier versions of the questionnaire, and which of their questions the "
        "current ones compare with, for comparing survey waves (docs/waves.md).",
    )

    # -- navigation ------------------------------------------------------------------------

    def indicators(self) -> Iterator[tuple[Dimension, Indicator]]:
        for dimension in self.dimensions:
            for indicator in dimension.indicators:
                yield dimension, indicator

    @cached_property
    def indicator_index(self) -> dict[str, Indicator]:
        return {i.id: i for _, i in self.indicators()}

    @cached_property
    def dimension_index(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @property
    def uses_survey(self) -> bool:
        return any(i.question is not None for _, i in self.indicators())

    def coverage_of(self, dimension: Dimension) -> float:
        return dimension.min_coverage if dimension.min_coverage is not None else self.min_coverage

    def source_id(self, indicator: Indicator) -> str | None:
        """The id under which an indicator's statistic is read: the named source, or its own."""
        if indicator.statistic is None:
            return None
        return indicator.statistic if isinstance(indicator.statistic, str) else indicator.id

    def statistic_sources(self) -> dict[str, DataSource]:
        """Every data source the model reads (named ones that are used, and inline ones)."""
        used: dict[str, DataSource] = {}
        for _, indicator in self.indicators():
            if isinstance(indicator.statistic, str):
                source = self.sources.get(indicator.statistic)
                if source is not None:
                    used[indicator.statistic] = source
            elif indicator.statistic is not None:
                used[indicator.id] = indicator.statistic
        for gate in self.gates:
            if gate.source is not None and gate.source in self.sources:
                used[gate.source] = self.sources[gate.source]
        for source in list(used.values()):  # the weights of an aggregate from children
            weight = source.children.weight if source.children is not None else None
            if weight is not None and weight in self.sources:
                used.setdefault(weight, self.sources[weight])
        return used

    def class_ids(self) -> list[str]:
        return [level.id for level in self.classes.levels]
