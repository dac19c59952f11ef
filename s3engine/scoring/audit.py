"""Is the composite coherent? The statistical audit of a model on its data.

The JRC's ten-step guide to composite indicators asks, before any robustness analysis,
whether the indicators of a dimension measure one thing and can be added up. For a
ScoreResult (the regions scored, with every indicator's normalised score), `audit` computes:

* per dimension: Cronbach's alpha of its indicators (on the regions with all of them), and
  the share of their variance the first principal component carries (eigenvalues of their
  correlation matrix): how far the dimension is one latent quantity;
* the correlation matrices (Pearson and Spearman, over the regions with both values) of the
  indicators and of the dimensions;
* each indicator's correlation with its own dimension (flagged when negative: it pulls the
  dimension the other way) and with the composite;
* data availability: the share of regions with a value per indicator, and the regions whose
  share of indicators with a value falls below a chosen share (0.66 by default, the rule of
  thumb of the JRC and COINr for leaving a unit out);
* nominal against effective weights of the dimensions (sensitivity.dimension_weights).

numpy does the arithmetic (scipy would add nothing needed here): correlations, variances and
eigenvalues. Spearman's correlation is Pearson's on ranks, ties sharing their mean rank, as
the rank normalisation ranks (normalise.average_ranks). A correlation needs 3 regions with
both values, and none is given for a constant indicator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from s3engine.scoring.model import ScoringModel
from s3engine.scoring.normalise import average_ranks
from s3engine.scoring.results import (
    INSUFFICIENT,
    DimensionWeight,
    ResultWords,
    ScoreResult,
    SensitivitySettings,
)
from s3engine.scoring.sensitivity import dimension_weights

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: Regions a correlation (or alpha) needs.
MIN_REGIONS = 3
#: The default share of indicators a region needs not to be listed as short of data.
MIN_DATA_SHARE = 0.66
DECIMALS = 4


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Correlations(_Result):
    """A correlation matrix: rows and columns in the order of `ids` (None: not defined)."""

    ids: list[str]
    pearson: list[list[float | None]]
    spearman: list[list[float | None]]


class DimensionCoherence(_Result):
    id: str
    label: str
    indicators: list[str]
    regions: int = Field(description="Regions with a value for every indicator of the dimension.")
    cronbach_alpha: float | None = Field(
        description="Cronbach's alpha of the indicators (None with fewer than 2 indicators or "
        "3 regions)."
    )
    first_component_share: float | None = Field(
        description="Share of the indicators' variance on their first principal component."
    )


class IndicatorCoherence(_Result):
    id: str
    label: str
    dimension: str
    availability: float = Field(description="Share of the regions scored with a value.")
    with_dimension: float | None = Field(description="Pearson correlation with its dimension.")
    with_dimension_spearman: float | None
    with_composite: float | None = Field(description="Pearson correlation with the composite.")
    with_composite_spearman: float | None
    negative: bool = Field(description="True when it correlates negatively with its dimension.")


class RegionData(_Result):
    code: str
    name: str
    share: float = Field(description="Share of the model's indicators with a value.")
    missing: list[str] = Field(description="The indicators without a value.")


class Audit(_Result):
    """The statistical audit of a model on the regions scored."""

    model_id: str
    model_version: str
    regions: int = Field(description="Regions scored; correlations use those with a class.")
    min_data_share: float
    dimensions: list[DimensionCoherence]
    indicators: list[IndicatorCoherence]
    indicator_correlations: Correlations
    dimension_correlations: Correlations
    regions_short_of_data: list[RegionData] = Field(
        description="Regions with a smaller share of indicators than min_data_share."
    )
    dimension_weights: list[DimensionWeight]
    sensitivity: SensitivitySettings | None = Field(
        default=None, description="The uncertainty and sensitivity analysis, when run."
    )
    findings: list[str] = Field(
        default_factory=list, description="What the figures call for, in plain words."
    )


def audit(
    model: ScoringModel,
    result: ScoreResult,
    *,
    min_data_share: float = MIN_DATA_SHARE,
    lang: str | None = None,
) -> Audit:
    """The audit of `model` on `result` (with its sensitivity analysis, when it has one)."""
    import numpy as np

    words = ResultWords(result, lang or result.default_language)
    regions = result.regions
    ranked = [r for r in regions if r.composite is not None and r.class_id != INSUFFICIENT]
    ids = [i.id for _, i in model.indicators()]
    dims = [d.id for d in model.dimensions]
    # regions with a class x indicators / dimensions (NaN: no value)
    x = np.array(
        [[_nan(i.normalised) for d in r.dimensions for i in d.indicators] for r in ranked],
        dtype=np.float64,
    ).reshape(len(ranked), len(ids))
    y = np.array([[_nan(d.score) for d in r.dimensions] for r in ranked], dtype=np.float64).reshape(
        len(ranked), len(dims)
    )
    composite = np.array([_nan(r.composite) for r in ranked], dtype=np.float64)
    dimension_rows: list[DimensionCoherence] = []
    indicator_rows: list[IndicatorCoherence] = []
    position = 0
    for d_index, dimension in enumerate(model.dimensions):
        columns = list(range(position, position + len(dimension.indicators)))
        position += len(dimension.indicators)
        block = x[:, columns]
        complete = block[~np.isnan(block).any(axis=1)]
        dimension_rows.append(
            DimensionCoherence(
                id=dimension.id,
                label=words.pick(dimension.label),
                indicators=[i.id for i in dimension.indicators],
                regions=int(complete.shape[0]),
                cronbach_alpha=_alpha(complete),
                first_component_share=_first_component(complete),
            )
        )
        for column, indicator in zip(columns, dimension.indicators, strict=True):
            values = [
                r.dimensions[d_index].indicators[column - columns[0]].normalised for r in regions
            ]
            with_dim = _pair(x[:, column], y[:, d_index])
            indicator_rows.append(
                IndicatorCoherence(
                    id=indicator.id,
                    label=words.pick(indicator.label),
                    dimension=dimension.id,
                    availability=_round(
                        sum(v is not None for v in values) / len(values) if values else 0.0
                    ),
                    with_dimension=with_dim[0],
                    with_dimension_spearman=with_dim[1],
                    with_composite=_pair(x[:, column], composite)[0],
                    with_composite_spearman=_pair(x[:, column], composite)[1],
                    negative=with_dim[0] is not None and with_dim[0] < 0,
                )
            )
    short = [
        RegionData(
            code=r.code,
            name=r.name,
            share=r.coverage,
            missing=[i.id for d in r.dimensions for i in d.indicators if i.normalised is None],
        )
        for r in regions
        if r.coverage + 1e-12 < min_data_share
    ]
    report = Audit(
        model_id=result.model_id,
        model_version=result.model_version,
        regions=len(regions),
        min_data_share=min_data_share,
        dimensions=dimension_rows,
        indicators=indicator_rows,
        indicator_correlations=_matrix(ids, x),
        dimension_correlations=_matrix(dims, y),
        regions_short_of_data=short,
        dimension_weights=(
            result.sensitivity.dimension_weights
            if result.sensitivity is not None
            else dimension_weights(model, result)
        ),
        sensitivity=result.sensitivity,
    )
    return report.model_copy(update={"findings": findings(report, len(ranked))})


def findings(report: Audit, ranked: int) -> list[str]:
    """What an auditor would note, from the figures: each line names the figure and what to do."""
    out: list[str] = []
    if ranked < MIN_REGIONS:
        out.append(
            f"Only {ranked} regions have a class: correlations, alpha and principal components "
            f"need at least {MIN_REGIONS}."
        )
    for d in report.dimensions:
        if d.cronbach_alpha is not None and d.cronbach_alpha < 0.7:
            out.append(
                f"{d.id}: Cronbach's alpha {d.cronbach_alpha:.2f} is below 0.7, the usual "
                "threshold for adding indicators up; check whether they measure one thing, or "
                "split the dimension."
            )
        if d.first_component_share is not None and d.first_component_share < 0.6:
            out.append(
                f"{d.id}: the first principal component carries {d.first_component_share:.0%} "
                "of the indicators' variance; more than one quantity seems to be measured."
            )
    for i in report.indicators:
        if i.negative:
            out.append(
                f"{i.id}: correlates negatively with its dimension {i.dimension} "
                f"({i.with_dimension:.2f}): check its direction (higher_is_better or "
                "lower_is_better), or whether it belongs to this dimension."
            )
        elif i.with_dimension is not None and i.with_dimension < 0.3:
            out.append(
                f"{i.id}: correlates weakly with its dimension {i.dimension} "
                f"({i.with_dimension:.2f}): it adds little to the dimension's picture, or "
                "something the other indicators do not measure."
            )
        if i.availability < report.min_data_share:
            out.append(
                f"{i.id}: only {i.availability:.0%} of the regions have a value (below "
                f"{report.min_data_share:.0%})."
            )
    if report.regions_short_of_data:
        codes = ", ".join(r.code for r in report.regions_short_of_data[:10])
        out.append(
            f"{len(report.regions_short_of_data)} regions have fewer than "
            f"{report.min_data_share:.0%} of the indicators ({codes}): their scores rest on "
            "little data."
        )
    for w in report.dimension_weights:
        if w.effective is not None and abs(w.effective - w.nominal) > 0.5 * w.nominal:
            out.append(
                f"{w.id}: nominal weight {w.nominal:.2f}, effective weight {w.effective:.2f}: "
                "the dimension drives the composite "
                + ("far more" if w.effective > w.nominal else "far less")
                + " than its weight says."
            )
    s = report.sensitivity
    if s is not None and s.class_indices:
        top = max(s.class_indices, key=lambda i: i.total)
        if top.total > 0:
            out.append(
                f"The choice that moves classes most is {top.choice} (total effect "
                f"{top.total:.2f}): justify it first, or show the classes under its options."
            )
    return out


# -- arithmetic ------------------------------------------------------------------------------


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _round(value: float) -> float:
    return round(value, DECIMALS) + 0.0


def _alpha(block: NDArray[np.float64]) -> float | None:
    """Cronbach's alpha: k / (k - 1) x (1 - sum of the item variances / variance of the sum)."""
    import numpy as np

    n, k = block.shape
    if k < 2 or n < MIN_REGIONS:
        return None
    total = float(np.var(block.sum(axis=1), ddof=1))
    if total == 0.0:
        return None
    items = float(np.var(block, axis=0, ddof=1).sum())
    return _round(k / (k - 1) * (1.0 - items / total))


def _first_component(block: NDArray[np.float64]) -> float | None:
    """The largest eigenvalue of the indicators' correlation matrix, over their number."""
    import numpy as np

    n, k = block.shape
    if k < 2 or n < MIN_REGIONS or bool((np.ptp(block, axis=0) == 0).any()):
        return None
    eigenvalues = np.linalg.eigvalsh(np.corrcoef(block, rowvar=False))
    return _round(float(eigenvalues[-1]) / k)


def _pair(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[float | None, float | None]:
    """Pearson and Spearman correlations over the regions with both values."""
    import numpy as np

    both = ~np.isnan(a) & ~np.isnan(b)
    if int(both.sum()) < MIN_REGIONS:
        return None, None
    x, y = a[both], b[both]
    if float(np.ptp(x)) == 0.0 or float(np.ptp(y)) == 0.0:
        return None, None
    pearson = float(np.corrcoef(x, y)[0, 1])
    spearman = float(np.corrcoef(_ranks(x), _ranks(y))[0, 1])
    return _round(pearson), _round(spearman)


def _ranks(values: NDArray[np.float64]) -> NDArray[np.float64]:
    import numpy as np

    listed = [float(v) for v in values]
    ranks = average_ranks(listed)
    return np.array([ranks[v] for v in listed], dtype=np.float64)


def _matrix(ids: Sequence[str], data: NDArray[np.float64]) -> Correlations:
    size = len(ids)
    pearson: list[list[float | None]] = [[None] * size for _ in range(size)]
    spearman: list[list[float | None]] = [[None] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            p, s = _pair(data[:, i], data[:, j])
            pearson[i][j] = pearson[j][i] = p
            spearman[i][j] = spearman[j][i] = s
    return Correlations(ids=list(ids), pearson=pearson, spearman=spearman)
