"""The result of a stress test: what `score` returns and what `plan` reads.

One object feeds the terminal table, `--format json`, the explanation of a region and every
export, so they can never disagree. `s3engine schema result` prints its JSON Schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from s3engine.i18n import Text

INSUFFICIENT = "insufficient_evidence"


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
        description="effective_weight x normalised: the points it adds to the dimension score."
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


class Sensitivity(_Result):
    runs: int
    seed: int
    class_shares: dict[str, float] = Field(description="Share of runs ending in each class.")
    rank_min: int
    rank_max: int
    stability: float = Field(description="Share of runs in the region's own class.")
    borderline: bool


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


class ClassInfo(_Result):
    id: str
    label: Text
    min_composite: float | None


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

    def region(self, code: str) -> RegionScore | None:
        return next((r for r in self.regions if r.code == code), None)
