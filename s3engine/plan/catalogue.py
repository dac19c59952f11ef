"""The recommendation catalogue: models of a catalogue file and its condition language.

A catalogue names the scoring model it is written for and the questionnaire whose answers
carry the stakeholders' needs. Each recommendation says when it applies, as data:

    when: {dimension: monitoring, below: 50}
    when: {all: [{class: [convergence, less_advanced]}, {need: skills_and_talent, rank_at_most: 3}]}

The leaves compare one piece of evidence of a region with a threshold:

    {class: less_advanced}                      the region's class (or one of a list)
    {dimension: ID, below: 50}                  a dimension score (0-100); also above,
                                                below_mean / above_mean (points from the mean
                                                of all regions scored), weakest: N
    {composite: {below: 55}}                    the composite score
    {statistic: ID, below: 1.5}                 the raw value of a statistics indicator
    {need: ID, share_at_least: 0.3}             share of stakeholders ranking the need; also
                                                unmet_share_at_least, rank_at_most
    {disagreement: ID, at_least: 30}            spread between stakeholder groups (points)
    {gate: ID}                                  the class was decided by this gate ('any')

and combine with `{all: [...]}`, `{any: [...]}`, `{not: {...}}`. Evaluation never calls
eval() (see plan_evidence.Evaluator). The format is documented in docs/action-plans.md;
`s3engine schema catalogue` prints the JSON Schema of these models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Discriminator, Field, StringConstraints, Tag, model_validator

from s3engine.core.models import Identifier, RegionCode, Strict, VersionedFile
from s3engine.i18n.texts import LanguageCode, Text
from s3engine.questionnaire.model import Questionnaire, Ranking

FORMAT_VERSION = 1

Actor = Literal[
    "policy_makers", "cluster_managers", "companies", "research_organisations", "programme_bodies"
]
ACTORS: tuple[str, ...] = (
    "policy_makers",
    "cluster_managers",
    "companies",
    "research_organisations",
    "programme_bodies",
)
Horizon = Literal["short", "medium", "long"]
HORIZONS: tuple[str, ...] = ("short", "medium", "long")


class _Leaf(Strict):
    """A comparison with exactly one operator among OPERATORS."""

    OPERATORS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _one_operator(self) -> _Leaf:
        given = self.operators()
        if len(given) != 1:
            listed = ", ".join(self.OPERATORS)
            if not given:
                raise ValueError(f"this test needs one operator: one of {listed}")
            raise ValueError(
                f"a test takes one operator, this one has {len(given)} ({', '.join(given)}); "
                "combine tests with all: [...]"
            )
        return self

    def operators(self) -> list[str]:
        return [name for name in self.OPERATORS if getattr(self, name) is not None]

    @property
    def operator(self) -> str:
        return self.operators()[0]

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)


class ClassTest(Strict):
    """The region is in this class (or one of these classes)."""

    class_: Identifier | list[Identifier] = Field(alias="class")

    @property
    def classes(self) -> list[str]:
        return [self.class_] if isinstance(self.class_, str) else list(self.class_)


Score = Annotated[float, Field(ge=0, le=100)]


class DimensionTest(_Leaf):
    OPERATORS = ("below", "above", "below_mean", "above_mean", "weakest")

    dimension: Identifier
    below: Score | None = Field(default=None, description="Score lower than this (0-100).")
    above: Score | None = Field(default=None, description="Score higher than this (0-100).")
    below_mean: Score | None = Field(
        default=None, description="At least this many points below the mean of all regions."
    )
    above_mean: Score | None = Field(
        default=None, description="At least this many points above the mean of all regions."
    )
    weakest: int | None = Field(
        default=None, ge=1, description="Among the region's N lowest dimension scores."
    )


class Bounds(_Leaf):
    OPERATORS = ("below", "above")

    below: Score | None = None
    above: Score | None = None


class CompositeTest(Strict):
    composite: Bounds


class StatisticTest(_Leaf):
    OPERATORS = ("below", "above")

    statistic: Identifier = Field(description="A statistics indicator of the model.")
    below: float | None = Field(default=None, description="Raw value lower than this.")
    above: float | None = Field(default=None, description="Raw value higher than this.")


Share = Annotated[float, Field(ge=0, le=1)]


class NeedTest(_Leaf):
    OPERATORS = ("share_at_least", "unmet_share_at_least", "rank_at_most")

    need: Identifier = Field(description="An option of the needs ranking question.")
    share_at_least: Share | None = Field(
        default=None, description="Share (0-1) of stakeholders ranking the need, groups balanced."
    )
    unmet_share_at_least: Share | None = Field(
        default=None, description="Share (0-1) of stakeholders saying no measure covers it."
    )
    rank_at_most: int | None = Field(
        default=None, ge=1, description="The need's place in the region's aggregated ranking."
    )


class DisagreementTest(Strict):
    disagreement: Identifier = Field(description="A dimension of the model.")
    at_least: Score = Field(description="Highest minus lowest group score, in points.")


class GateTest(Strict):
    gate: Identifier = Field(description="A gate of the model, or 'any'.")


class AllOf(Strict):
    all: list[When] = Field(min_length=1)


class AnyOf(Strict):
    any: list[When] = Field(min_length=1)


class NotOf(Strict):
    not_: When = Field(alias="not")


LEAF_KEYS = ("class", "dimension", "composite", "statistic", "need", "disagreement", "gate")
_MODELS: dict[type[BaseModel], str] = {
    AllOf: "all",
    AnyOf: "any",
    NotOf: "not",
    ClassTest: "class",
    DimensionTest: "dimension",
    CompositeTest: "composite",
    StatisticTest: "statistic",
    NeedTest: "need",
    DisagreementTest: "disagreement",
    GateTest: "gate",
}


def _kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("all", "any", "not", *LEAF_KEYS):
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return _MODELS.get(type(value))
    return None


When = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[ClassTest, Tag("class")]
    | Annotated[DimensionTest, Tag("dimension")]
    | Annotated[CompositeTest, Tag("composite")]
    | Annotated[StatisticTest, Tag("statistic")]
    | Annotated[NeedTest, Tag("need")]
    | Annotated[DisagreementTest, Tag("disagreement")]
    | Annotated[GateTest, Tag("gate")],
    Discriminator(
        _kind,
        custom_error_type="condition",
        custom_error_message=(
            "a condition must be a mapping with one of the keys "
            + ", ".join(LEAF_KEYS)
            + ", or all: [...], any: [...], not: {...}"
        ),
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()

Leaf = (
    ClassTest
    | DimensionTest
    | CompositeTest
    | StatisticTest
    | NeedTest
    | DisagreementTest
    | GateTest
)


def leaves(
    when: When, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Leaf, tuple[str | int, ...]]]:
    """Every test inside a condition, with its key path relative to the condition."""
    if isinstance(when, AllOf):
        for index, child in enumerate(when.all):
            yield from leaves(child, (*path, "all", index))
    elif isinstance(when, AnyOf):
        for index, child in enumerate(when.any):
            yield from leaves(child, (*path, "any", index))
    elif isinstance(when, NotOf):
        yield from leaves(when.not_, (*path, "not"))
    else:
        yield when, path


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""A country as the first two letters of its regions' NUTS codes (AT, CH, DE, EL for Greece)."""

Cost = Literal["low", "medium", "high"]
COSTS: tuple[str, ...] = ("low", "medium", "high")


class CountryGroup(Strict):
    """A named list of countries that eligibility rules can refer to (the EU Member States,
    the widening countries of Horizon Europe), with the text that defines it."""

    label: Text
    countries: list[CountryCode] = Field(min_length=1)
    source: str = Field(min_length=1, description="The legal or official text defining it.")


class Eligibility(Strict):
    """Where an instrument can fund actions: countries, groups of countries or regions.

    A region is covered when its country (the first two letters of its code) is listed or in
    a listed group, or its code starts with a listed region code (AT3 covers AT31), and its
    country is not excluded. Every rule names its source.
    """

    countries: list[CountryCode] = Field(default_factory=list)
    groups: list[Identifier] = Field(
        default_factory=list, description="Ids under the catalogue's country_groups."
    )
    regions: list[RegionCode] = Field(
        default_factory=list, description="NUTS codes: the region and every region within it."
    )
    except_countries: list[CountryCode] = Field(default_factory=list)
    source: str = Field(min_length=1, description="The legal or programme text of this rule.")

    @model_validator(mode="after")
    def _something(self) -> Eligibility:
        if not (self.countries or self.groups or self.regions):
            raise ValueError("name the countries, groups or regions the instrument covers")
        return self


class Instrument(Strict):
    """A funding instrument recommendations can suggest, and where it applies."""

    label: Text
    scope: Literal["regional", "national", "transnational", "eu"] = Field(
        description="Who runs it: a region, a country, a group of regions, or the EU directly."
    )
    eligible: Eligibility | None = Field(
        default=None,
        description="Where it can fund actions; without it, everywhere (a region's own budget).",
    )
    notes: dict[CountryCode, Text] = Field(
        default_factory=dict,
        description="What a reader in a country must know about it (shown in that country's "
        "plans), e.g. that Swiss partners of Interreg are funded nationally.",
    )


def country_of(region: str) -> str:
    """The country of a NUTS code: its first two letters."""
    return region[:2].upper()


def eligible(instrument: Instrument, region: str, groups: Mapping[str, CountryGroup]) -> bool:
    """Whether `instrument` can fund actions in `region` (a NUTS code)."""
    return covers(instrument.eligible, region, groups)


def covers(rule: Eligibility | None, region: str, groups: Mapping[str, CountryGroup]) -> bool:
    """Whether the eligibility `rule` (None: everywhere) holds in `region` (a NUTS code)."""
    if rule is None:
        return True
    country = country_of(region)
    if country in rule.except_countries:
        return False
    if country in rule.countries or any(region.startswith(r) for r in rule.regions):
        return True
    return any(country in groups[g].countries for g in rule.groups if g in groups)


def reaches(instrument: Instrument, country: str, groups: Mapping[str, CountryGroup]) -> bool:
    """Whether `instrument` can fund actions in some region of `country` (all or part)."""
    rule = instrument.eligible
    if rule is None:
        return True
    if country in rule.except_countries:
        return False
    return (
        country in rule.countries
        or any(r.startswith(country) for r in rule.regions)
        or any(country in groups[g].countries for g in rule.groups if g in groups)
    )


class Criterion(Strict):
    """A fulfilment criterion of the enabling condition, and the evidence that bears on it."""

    label: Text
    dimensions: list[Identifier] = Field(default_factory=list)
    indicators: list[Identifier] = Field(
        default_factory=list, description="Indicators of the model whose scores bear on it."
    )
    needs: list[Identifier] = Field(
        default_factory=list, description="Stakeholder needs that bear on it."
    )


class EnablingCondition(Strict):
    """The criteria a strategy is assessed on (for S3 in 2021-2027: enabling condition 1.1 of
    Regulation (EU) 2021/1060, Annex IV); recommendations are tagged with them and each
    region's plan lists the evidence it gives for each."""

    title: Text
    source: str = Field(min_length=1)
    eligible: Eligibility | None = Field(
        default=None,
        description="Where the condition binds (EU cohesion policy: the Member States); "
        "elsewhere the plan presents the criteria as a checklist of good practice.",
    )
    criteria: dict[Identifier, Criterion] = Field(min_length=1)


class Recommendation(Strict):
    id: Identifier
    title: Text
    text: Text = Field(description="What to do, addressed to the actors.")
    rationale: Text = Field(description="Why it works, in terms of the S3 method.")
    dimension: Identifier | None = Field(
        default=None,
        description="The dimension it improves: how far it is below its target is evidence.",
    )
    needs: list[Identifier] = Field(
        default_factory=list, description="Stakeholder needs it answers: their demand is evidence."
    )
    actors: list[Actor] = Field(min_length=1)
    owner: Actor | None = Field(
        default=None, description="The actor that leads it (one of actors; default the first)."
    )
    horizon: Horizon
    milestone: Text = Field(description="The first milestone, by which progress is checked.")
    cost: Cost = Field(description="low, medium or high (docs/action-plans.md).")
    track: list[Identifier] = Field(
        min_length=1, description="Indicators of the model to monitor it by."
    )
    criteria: list[Identifier] = Field(
        default_factory=list, description="Criteria of the enabling condition it serves."
    )
    funding: list[Identifier] = Field(min_length=1, description="Ids under instruments.")
    when: When
    joint: bool = Field(
        default=False,
        description="Transnational by nature: may become a joint action when enough regions "
        "share it.",
    )

    @property
    def lead(self) -> str:
        return self.owner or self.actors[0]


class NeedsSource(Strict):
    """Where stakeholders' needs are in the responses."""

    questionnaire: Identifier = Field(description="Id (and shipped name) of the questionnaire.")
    ranking: Identifier = Field(description="Ranking question of the most important needs.")
    unmet: Identifier | None = Field(
        default=None, description="Multiple choice question of needs no measure covers."
    )
    comments: list[Identifier] = Field(
        default_factory=list,
        description="Free-text questions quoted in the plan (never personal ones).",
    )
    comparable_with: list[str] = Field(
        default_factory=list,
        description="Earlier versions of the needs questionnaire (path or shipped name) whose "
        "responses count as responses to it: the same questions and options, only wording "
        "polished (docs/waves.md).",
    )


class PriorityWeights(Strict):
    """How much each kind of evidence counts (docs/action-plans.md, Priority)."""

    dimension: float = Field(
        default=1.0, ge=0, description="Multiplies the points a dimension is below its target."
    )
    need: float = Field(
        default=1.0, ge=0, description="Multiplies the points of stated, unmet demand."
    )

    @model_validator(mode="after")
    def _some(self) -> PriorityWeights:
        if self.dimension + self.need <= 0:
            raise ValueError("at least one priority weight must be above 0")
        return self


class Settings(Strict):
    """How plans are derived; every number is documented in docs/action-plans.md."""

    target: float | None = Field(
        default=None,
        ge=1,
        le=100,
        description="Dimension score to aim at; default: the composite of the top class.",
    )
    targets: dict[Identifier, Annotated[float, Field(ge=1, le=100)]] = Field(
        default_factory=dict, description="Targets of single dimensions."
    )
    priority: PriorityWeights = Field(default_factory=PriorityWeights)
    main_items: int = Field(
        default=7, ge=1, le=50, description="Items in a region's plan; the rest go to an annex."
    )
    lead_needs: int = Field(
        default=3,
        ge=0,
        le=12,
        description="The region's most-stated unmet needs the plan accounts for: answered "
        "among its first lead_places items, or the plan says why not.",
    )
    lead_places: int = Field(default=5, ge=1, le=50)
    top_needs: int = Field(default=5, ge=1, le=20, description="Needs listed per region.")
    disagreement: float = Field(
        default=30, ge=0, le=100, description="Spread between groups (points) called out."
    )
    joint_min_regions: int = Field(
        default=3, ge=2, description="Regions whose own plans hold an item before it is joint."
    )
    peer_weakest: int = Field(default=2, ge=1, description="Weakest dimensions per region.")
    peer_margin: float = Field(
        default=15, ge=0, le=100, description="Points a peer must be ahead to be proposed."
    )
    peer_mentors: int = Field(default=2, ge=1, description="Peers proposed per weak dimension.")
    sector_min_respondents: int = Field(
        default=3, ge=1, description="Respondents of a region in a sector before it counts there."
    )
    sector_min_groups: int = Field(
        default=2, ge=1, description="Stakeholder groups those respondents must come from."
    )
    meta_sectors: list[Identifier] | None = Field(
        default=None,
        description="Sectors in which meta-clusters are proposed; default every sector.",
    )
    meta_min_regions: int = Field(
        default=3, ge=2, description="Regions a meta-cluster needs, each active in the sector."
    )
    meta_max_regions: int = Field(
        default=5, ge=2, description="Regions proposed at most for one meta-cluster."
    )
    complement_share: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="Share of stakeholders that makes a need unmet in one region, and met in "
        "another (ranked by them, not reported as unmet), for meta-clusters.",
    )
    domain_min_share: float = Field(
        default=0.5, ge=0, le=1, description="Share of respondents naming a priority domain."
    )


class Catalogue(VersionedFile):
    s3engine_catalogue: Literal[1] = Field(
        default=1, description="Version of the catalogue file format."
    )
    id: Identifier
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    description: Text | None = None
    model: str = Field(description="The scoring model: a shipped name or a path.")
    needs: NeedsSource
    priority_domains: Identifier | None = Field(
        default=None,
        description="Multiple choice question of the model's questionnaire naming S3 domains.",
    )
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    settings: Settings = Field(default_factory=Settings)
    country_groups: dict[Identifier, CountryGroup] = Field(
        default_factory=dict, description="Named lists of countries for eligibility rules."
    )
    instruments: dict[Identifier, Instrument] = Field(min_length=1)
    enabling_condition: EnablingCondition | None = Field(
        default=None, description="Criteria recommendations are tagged with (S3: EC 1.1)."
    )
    recommendations: list[Recommendation] = Field(min_length=1)

    def instruments_for(self, recommendation: Recommendation, region: str) -> list[str]:
        """The instruments of `recommendation` that can fund it in `region`, in its order."""
        return [
            i
            for i in recommendation.funding
            if i in self.instruments and eligible(self.instruments[i], region, self.country_groups)
        ]

    def target_of(self, dimension: str, default: float) -> float:
        if dimension in self.settings.targets:
            return self.settings.targets[dimension]
        return self.settings.target if self.settings.target is not None else default


def need_options(catalogue: Catalogue, questionnaire: Questionnaire | None) -> list[str]:
    """The needs a catalogue can refer to: the options of its ranking question."""
    if questionnaire is None:
        return []
    question = questionnaire.question_index.get(catalogue.needs.ranking)
    if not isinstance(question, Ranking):
        return []
    return [o.value for o in questionnaire.options_of(question)]
