"""Targets: the value a region means to reach, by a year, and whether it is on track.

A targets file (`s3engine schema targets`, checked by `s3engine check`) names, per region,
an indicator, a dimension or the composite, a target value and the year it is due. With two
waves compared (`score --wave W --baseline B --targets FILE`), each target gets its distance
(target minus the current value) and the pace of change observed so far: the change per year
between the waves' years, carried forward to the target's year. A target is *reached* when
the current value is at it or beyond, *on track* when that pace reaches it by its year, *off
track* otherwise (a pace of zero or the wrong way included). Indicator targets are in the
indicator's own unit (GERD in % of GDP, survey answers on 0-100), as strategies write them;
dimension and composite targets are scores 0-100. For an indicator scored 'lower is better'
(an unemployment rate) the target is reached at or below it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from s3engine.core import messages as M
from s3engine.core.models import Identifier, RegionCode, Strict
from s3engine.scoring.comparison import Change, Comparison, TargetProgress
from s3engine.scoring.composite import DECIMALS
from s3engine.scoring.model import ScoringModel


class Target(Strict):
    region: RegionCode
    indicator: Identifier | None = Field(default=None, description="An indicator of the model.")
    dimension: Identifier | None = Field(default=None, description="A dimension of the model.")
    composite: bool = Field(default=False, description="true: the composite score.")
    value: float = Field(
        description="The target: in the indicator's own unit (its raw value), or a score 0-100 "
        "for a dimension or the composite."
    )
    year: int = Field(ge=2000, le=2100, description="The year the target is due.")
    source: str | None = Field(
        default=None, description="Where the target comes from (the strategy, its page)."
    )

    @model_validator(mode="after")
    def _one_thing(self) -> Target:
        named = [self.indicator is not None, self.dimension is not None, self.composite]
        if sum(named) != 1:
            raise ValueError(M.TARGET_ONE_THING)
        return self

    @property
    def what(self) -> tuple[Literal["indicator", "dimension", "composite"], str]:
        if self.indicator is not None:
            return "indicator", self.indicator
        if self.dimension is not None:
            return "dimension", self.dimension
        return "composite", "composite"


class Targets(Strict):
    s3engine_targets: Literal[1] = Field(description="Version of the targets file format.")
    model: str = Field(
        default="s3-stress-test",
        description="The scoring model the indicators and dimensions are of: a shipped name or "
        "a path relative to this file.",
    )
    targets: list[Target] = Field(min_length=1)


def target_problems(targets: Targets, model: ScoringModel) -> list[tuple[int, str, str]]:
    """What is wrong with targets against their model: (target index, key, message)."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    dimensions = {d.id for d in model.dimensions}
    for index, target in enumerate(targets.targets):
        kind, ident = target.what
        if kind == "indicator" and ident not in model.indicator_index:
            problems.append((index, "indicator", M.TARGET_UNKNOWN_INDICATOR.format(id=ident)))
        if kind == "dimension" and ident not in dimensions:
            problems.append((index, "dimension", M.TARGET_UNKNOWN_DIMENSION.format(id=ident)))
        if kind != "indicator" and not 0 <= target.value <= 100:
            problems.append(
                (index, "value", M.TARGET_SCORE_RANGE.format(value=f"{target.value:g}"))
            )
        key = (target.region, kind, ident)
        if key in seen:
            problems.append((index, "region", M.TARGET_TWICE.format(first=seen[key] + 1)))
        seen.setdefault(key, index)
    return problems


def target_progress(
    targets: Targets, comparison: Comparison, model: ScoringModel
) -> list[TargetProgress]:
    """Distance and pace of every target whose region the comparison holds."""
    regions = {r.code: r for r in comparison.regions}
    years = comparison.current.year - comparison.baseline.year
    out: list[TargetProgress] = []
    for target in targets.targets:
        region = regions.get(target.region)
        if region is None:
            continue
        kind, ident = target.what
        lower = False
        if kind == "composite":
            base, current = region.composite.baseline, region.composite.current
        elif kind == "dimension":
            found: Change = next(d for d in region.dimensions if d.id == ident)
            base, current = found.baseline, found.current
        else:
            item = next(i for i in region.indicators if i.id == ident)
            base, current = item.raw_baseline, item.raw_current
            lower = model.indicator_index[ident].direction == "lower_is_better"
        out.append(_progress(target, kind, ident, base, current, years, comparison, lower))
    return out


def _progress(
    target: Target,
    kind: Literal["indicator", "dimension", "composite"],
    ident: str,
    base: float | None,
    current: float | None,
    years: int,
    comparison: Comparison,
    lower: bool,
) -> TargetProgress:
    sign = -1.0 if lower else 1.0
    distance = pace = projected = None
    status: Literal["reached", "on_track", "off_track", "unknown"] = "unknown"
    if current is not None:
        distance = round(target.value - current, DECIMALS) + 0.0
        if sign * (current - target.value) >= 0:
            status = "reached"
        elif base is not None and years > 0:
            pace = round((current - base) / years, DECIMALS) + 0.0
            ahead = max(target.year - comparison.current.year, 0)
            projected = round(current + pace * ahead, DECIMALS) + 0.0
            status = "on_track" if sign * (projected - target.value) >= 0 else "off_track"
    return TargetProgress(
        region=target.region,
        kind=kind,
        id=ident,
        target=target.value,
        year=target.year,
        baseline=base,
        current=current,
        distance=distance,
        pace=pace,
        projected=projected,
        status=status,
        source=target.source,
    )
