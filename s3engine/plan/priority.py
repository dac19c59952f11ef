"""The priority of a recommendation in a region's plan (docs/action-plans.md, Priority).

Two kinds of evidence count, on one scale of points from 0 to 100:

- dimension points D: how many points the dimension the recommendation improves falls short
  of its target (0 at or above it), times the dimension's weight relative to the largest
  weight and the catalogue's `priority.dimension`;
- need points N: for the need it answers that stakeholders press most, the mean of the share
  of stakeholders who rank the need among their most important and the share who say no
  support measure covers it, in percentage points, times `priority.need`.

priority = D + N - D x N / 100 = 100 - (100 - D)(100 - N) / 100. Either kind alone can put
an item first (an item answering a need that all stakeholders rank and none finds covered
reaches 100 without any dimension), and an item with both kinds of evidence comes before an
item with one kind only of the same strength. Ties are broken by the need points, then the
dimension points, then the number of facts that held, then the catalogue's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from s3engine.plan.catalogue import Catalogue, Recommendation
from s3engine.plan.evidence import RegionFacts


@dataclass(frozen=True)
class Priority:
    value: float
    #: D: weighted points below target (0-100)
    dimension: float
    #: N: weighted points of stated, unmet demand (0-100)
    need: float
    #: points the dimension is below its target, before weighting (0 when at or above it)
    gap: float
    #: the target of the dimension, when the recommendation has one
    target: float | None
    #: the need that gave N (None when no need of it was named)
    need_id: str | None


def combine(dimension: float, need: float) -> float:
    """Both kinds of evidence on one scale: 100 - (100 - D)(100 - N) / 100."""
    return 100 - (100 - dimension) * (100 - need) / 100


def priority_of(
    recommendation: Recommendation,
    facts: RegionFacts,
    catalogue: Catalogue,
    default_target: float,
    max_weight: float,
) -> Priority:
    """The priority of `recommendation` for the region of `facts`, with its parts."""
    weights = catalogue.settings.priority
    gap = dimension = 0.0
    target: float | None = None
    if recommendation.dimension is not None:
        dim = facts.dimension(recommendation.dimension)
        target = catalogue.target_of(recommendation.dimension, default_target)
        if dim is not None and dim.score is not None:
            gap = max(0.0, target - dim.score)
            relative = dim.weight / max_weight if max_weight > 0 else 0.0
            dimension = min(100.0, gap * relative * weights.dimension)
    need = 0.0
    need_id: str | None = None
    if facts.needs is not None and facts.needs.respondents:
        for need_ref in recommendation.needs:
            figure = facts.needs.figure(need_ref)
            if figure is None:
                continue
            points = min(100.0, 100 * (figure.share + figure.unmet_share) / 2 * weights.need)
            if points > need:
                need, need_id = points, need_ref
    return Priority(combine(dimension, need), dimension, need, gap, target, need_id)
