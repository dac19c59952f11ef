"""The priority of a recommendation in a region's plan (docs/action-plans.md).

priority = 100 x (gap x g + weight x w + demand x d) / (g + w + d), with the catalogue's
priority weights g, w and d, and three terms from 0 to 1:

- gap: how far the dimension the recommendation improves is below its target;
- weight: that dimension's weight in the model, relative to the largest weight;
- demand: the largest share of stakeholders naming a need the recommendation answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from s3engine.plan.catalogue import Catalogue, Recommendation
from s3engine.plan.evidence import RegionFacts


@dataclass(frozen=True)
class Priority:
    value: float
    gap: float
    weight: float
    demand: float


def priority_of(
    recommendation: Recommendation,
    facts: RegionFacts,
    catalogue: Catalogue,
    default_target: float,
    max_weight: float,
) -> Priority:
    """The priority of `recommendation` for the region of `facts`, with its three terms."""
    gap = weight = demand = 0.0
    if recommendation.dimension is not None:
        dim = facts.dimension(recommendation.dimension)
        if dim is not None:
            weight = dim.weight / max_weight if max_weight > 0 else 0.0
            if dim.score is not None:
                target = catalogue.target_of(dim.id, default_target)
                gap = min(1.0, max(0.0, (target - dim.score) / target))
    if facts.needs is not None:
        shares = [f.share for n in recommendation.needs if (f := facts.needs.figure(n))]
        demand = max(shares, default=0.0)
    w = catalogue.settings.priority
    value = (
        100 * (w.gap * gap + w.weight * weight + w.demand * demand) / (w.gap + w.weight + w.demand)
    )
    return Priority(value=value, gap=gap, weight=weight, demand=demand)
