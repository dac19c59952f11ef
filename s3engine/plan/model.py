"""The action plan: what `plan` computes and every export writes.

Every text in a plan is already in the plan's language, so exports only lay it out; the
headings they add come from plan_texts. `s3engine schema plan` prints the JSON Schema of
this model, which is also the format of `plan.json`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSION = 2


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


EvidenceKind = Literal[
    "class", "dimension", "composite", "statistic", "need", "disagreement", "gate"
]


class Evidence(_Plan):
    """One fact behind a recommendation, and whether it held."""

    kind: EvidenceKind
    subject: str = Field(description="The id of the class, dimension, indicator or need.")
    held: bool
    value: float | None = None
    threshold: float | None = None
    text: str = Field(description="The fact in plain words, in the plan's language.")


class Labelled(_Plan):
    id: str
    label: str


class Funding(_Plan):
    """An instrument that can fund an item in the region (its eligibility rules hold there)."""

    id: str
    label: str
    note: str | None = Field(
        default=None, description="What a reader in the region's country must know about it."
    )


class Track(_Plan):
    """An indicator of the model to monitor an item by, with the region's value today."""

    id: str
    label: str
    score: float | None = Field(description="The indicator's 0-100 score in the region today.")
    text: str = Field(description="The indicator and its baseline in plain words.")


class Related(_Plan):
    """A recommendation that answers the same evidence as the item it is merged into."""

    id: str
    title: str
    text: str


class PlannedRecommendation(_Plan):
    id: str
    place: int = Field(description="1 for the first item of the region's plan.")
    title: str
    opening: str = Field(description="Why here: the region's own figures behind the item.")
    text: str
    rationale: str
    also: list[Related] = Field(
        default_factory=list, description="Recommendations merged into this item."
    )
    dimension: Labelled | None = None
    needs: list[Labelled] = Field(default_factory=list)
    owner: Labelled = Field(description="The actor that leads the item.")
    actors: list[Labelled]
    horizon: Labelled
    milestone: str = Field(description="The first milestone.")
    cost: Labelled = Field(description="Cost class: low, medium or high.")
    track: list[Track]
    criteria: list[Labelled] = Field(
        default_factory=list, description="Criteria of the enabling condition it serves."
    )
    funding: list[Funding]
    priority: float = Field(description="0-100; see docs/action-plans.md for the formula.")
    dimension_points: float = Field(
        description="0-100: points the dimension falls short of its target (weighted)."
    )
    need_points: float = Field(
        description="0-100: mean of the shares of stakeholders naming the need and saying "
        "no measure covers it, in points (weighted)."
    )
    evidence: list[Evidence]
    progress: str | None = Field(
        default=None,
        description="With a baseline wave: how its tracking indicators moved since then (the "
        "dimension it improves when none was compared in both waves).",
    )


class DimensionLine(_Plan):
    id: str
    label: str
    weight: float
    score: float | None
    coverage: float = Field(description="Share of the dimension's indicators with a value.")
    mean: float | None = Field(description="Mean of the dimension over all regions scored.")
    difference: float | None = Field(description="Score minus mean, in points.")
    target: float
    group_means: dict[str, float | None] = Field(default_factory=dict)
    baseline: float | None = Field(
        default=None, description="With a baseline wave: the score in that wave."
    )


class NeedLine(_Plan):
    id: str
    label: str
    rank: int | None
    points: float = Field(description="Mean Borda points, groups balanced.")
    share: float = Field(description="Share of stakeholders ranking it (0-1), groups balanced.")
    unmet_share: float = Field(description="Share saying no measure covers it (0-1).")


class GroupNeedsLine(_Plan):
    group: str
    label: str
    respondents: int
    needs: list[NeedLine]


class Disagreement(_Plan):
    dimension: str
    label: str
    high_group: str
    high_label: str
    high_score: float
    low_group: str
    low_label: str
    low_score: float
    spread: float
    text: str


class Stability(_Plan):
    stability: float = Field(description="Share of sensitivity runs in the region's class.")
    borderline: bool
    runs: int
    class_shares: dict[str, float]
    text: str


class Comment(_Plan):
    question: str
    question_label: str
    text: str = Field(description="A respondent's own words, verbatim (escaped on export).")
    count: int = Field(default=1, description="Respondents who wrote exactly these words.")


class CommentGroup(_Plan):
    """The answers to one free-text question: the question once, identical answers once."""

    question: str
    question_label: str
    answers: list[Comment]


class LeadNeed(_Plan):
    """One of the region's most-stated unmet needs, and where the plan answers it."""

    need: Labelled
    share: float
    unmet_share: float
    place: int | None = Field(description="The first item answering it; None when none does.")
    text: str = Field(description="Where the plan answers it, or why not among the first.")


class ItemRef(_Plan):
    id: str
    place: int
    title: str


class CriterionLine(_Plan):
    """A criterion of the enabling condition: the evidence the plan gives, and its items."""

    id: str
    label: str
    evidence: list[str]
    items: list[ItemRef]


class Changes(_Plan):
    """What changed in a region since the baseline wave (scoring/comparison.py)."""

    baseline_wave: str
    current_wave: str
    text: str = Field(description="The opening paragraph: the composite and the class.")
    improved: list[Labelled]
    worsened: list[Labelled]
    unchanged: list[Labelled] = Field(description="Dimensions unchanged within uncertainty.")
    details: list[str] = Field(description="One sentence per list above that is not empty.")


class RegionPlan(_Plan):
    code: str
    name: str
    country: str = Field(description="The first two letters of the code.")
    class_id: str
    class_label: str
    composite: float | None
    dimensions_scored: int = Field(description="Dimensions the composite is computed over.")
    rank: int | None
    regions_ranked: int
    coverage: float
    respondents: int
    needs_respondents: int
    summary: str = Field(description="Class, rank and stability in one paragraph.")
    changes: Changes | None = Field(
        default=None, description="With a baseline wave: what changed since (opens the plan)."
    )
    stability: Stability | None
    dimensions: list[DimensionLine]
    needs: list[NeedLine]
    needs_by_group: list[GroupNeedsLine]
    lead_needs: list[LeadNeed] = Field(
        description="The most-stated unmet needs, and where the plan answers them."
    )
    recommendations: list[PlannedRecommendation] = Field(
        description="The plan's items by priority (at most settings.main_items)."
    )
    further: list[PlannedRecommendation] = Field(
        default_factory=list, description="Further items that apply, for the annex."
    )
    criteria: list[CriterionLine] = Field(
        default_factory=list, description="The enabling condition's criteria, for the annex."
    )
    criteria_note: str | None = Field(
        default=None, description="Why the condition does not bind the region, if it does not."
    )
    partnership: list[str] = Field(
        default_factory=list, description="What the joint plan proposes for this region."
    )
    disagreements: list[Disagreement]
    comments: list[CommentGroup]
    notes: list[str] = Field(
        default_factory=list, description="Notes on the data, in the plan's language."
    )
    warnings: list[str] = Field(
        default_factory=list, description="The scoring's own messages about the region (English)."
    )


class RegionRef(_Plan):
    code: str
    name: str


class JointAction(_Plan):
    recommendation: str
    title: str
    text: str
    regions: list[RegionRef]
    priority: float = Field(description="Mean priority over the regions sharing it.")
    funding: list[Funding]
    summary: str = Field(description="The evidence the regions share, in their own figures.")


class PeerPair(_Plan):
    dimension: Labelled
    learner: RegionRef
    learner_score: float
    peer: RegionRef
    peer_score: float
    peer_partial: bool = Field(
        default=False,
        description="The peer's score rests on part of the dimension's indicators only.",
    )
    text: str


class MetaClusterMember(_Plan):
    region: RegionRef
    respondents: int = Field(description="Respondents of the region working in the sector.")
    groups: list[Labelled] = Field(description="Their stakeholder groups.")
    offers: list[Labelled] = Field(
        description="Needs its stakeholders name and find covered, which others lack."
    )
    needs: list[Labelled] = Field(
        description="Needs its stakeholders say no measure covers, which others have covered."
    )


class MetaCluster(_Plan):
    sector: Labelled
    members: list[MetaClusterMember]
    text: str


class JointCallMember(_Plan):
    region: RegionRef
    instruments: list[Funding]


class JointCall(_Plan):
    domain: Labelled
    regions: list[RegionRef]
    members: list[JointCallMember]
    text: str


class ClassMove(_Plan):
    region: RegionRef
    baseline_class: Labelled
    current_class: Labelled
    support: float | None = Field(description="Share of bootstrap runs with the same move.")
    text: str


class Transnational(_Plan):
    needs: list[NeedLine] = Field(description="Needs over all regions, each region once.")
    joint_actions: list[JointAction]
    peer_learning: list[PeerPair]
    meta_clusters: list[MetaCluster]
    joint_calls: list[JointCall]
    class_moves: list[ClassMove] = Field(
        default_factory=list, description="With a baseline wave: regions that moved class."
    )
    rules: list[str] = Field(
        default_factory=list, description="The thresholds of the joint plan, in plain words."
    )


class Method(_Plan):
    target: str
    priority: str
    weights: dict[str, float]
    notes: list[str] = Field(default_factory=list, description="Further rules, in plain words.")


class Plan(_Plan):
    s3engine_plan: Literal[2] = 2
    language: str
    generated: datetime
    title: str
    model_id: str
    model_version: str
    catalogue_id: str
    catalogue_version: str
    classes: list[Labelled]
    dimensions: list[Labelled]
    dimension_means: dict[str, float | None]
    criteria_title: str | None = Field(
        default=None, description="The enabling condition the criteria belong to, and its source."
    )
    regions: list[RegionPlan]
    transnational: Transnational
    method: Method
    notes: list[str] = Field(
        default_factory=list, description="Notes on the data, in the plan's language."
    )
    warnings: list[str] = Field(
        default_factory=list, description="The scoring's own messages (English, for analysts)."
    )
