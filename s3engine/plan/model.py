"""The action plan: what `plan` computes and every export writes.

Every text in a plan is already in the plan's language, so exports only lay it out; the
headings they add come from plan_texts. `s3engine schema plan` prints the JSON Schema of
this model, which is also the format of `plan.json`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSION = 1


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


class PlannedRecommendation(_Plan):
    id: str
    title: str
    text: str
    rationale: str
    dimension: Labelled | None = None
    needs: list[Labelled] = Field(default_factory=list)
    actors: list[Labelled]
    horizon: Labelled
    funding: list[Labelled]
    priority: float = Field(description="0-100; see docs/action-plans.md for the formula.")
    gap: float = Field(description="0-1: how far the dimension is below its target.")
    weight: float = Field(description="0-1: the dimension's weight relative to the largest.")
    demand: float = Field(description="0-1: share of stakeholders naming a need it answers.")
    evidence: list[Evidence]
    progress: str | None = Field(
        default=None,
        description="With a baseline wave: how the dimension it improves moved since then.",
    )


class DimensionLine(_Plan):
    id: str
    label: str
    weight: float
    score: float | None
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
    class_id: str
    class_label: str
    composite: float | None
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
    recommendations: list[PlannedRecommendation]
    disagreements: list[Disagreement]
    comments: list[Comment]
    warnings: list[str] = Field(default_factory=list)


class RegionRef(_Plan):
    code: str
    name: str


class JointAction(_Plan):
    recommendation: str
    title: str
    text: str
    regions: list[RegionRef]
    priority: float = Field(description="Mean priority over the regions sharing it.")
    funding: list[Labelled]
    summary: str


class PeerPair(_Plan):
    dimension: Labelled
    learner: RegionRef
    learner_score: float
    peer: RegionRef
    peer_score: float
    text: str


class MetaClusterMember(_Plan):
    region: RegionRef
    respondents: int = Field(description="Respondents of the region working in the sector.")
    strengths: list[Labelled]


class MetaCluster(_Plan):
    sector: Labelled
    members: list[MetaClusterMember]
    text: str


class JointCall(_Plan):
    domain: Labelled
    regions: list[RegionRef]
    instruments: list[Labelled]
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


class Method(_Plan):
    target: str
    priority: str
    weights: dict[str, float]


class Plan(_Plan):
    s3engine_plan: Literal[1] = 1
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
    regions: list[RegionPlan]
    transnational: Transnational
    method: Method
    warnings: list[str] = Field(default_factory=list)
