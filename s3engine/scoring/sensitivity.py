"""How much do a region's class and rank depend on the method? Uncertainty and sensitivity
analysis over every choice the model makes.

Each run of `score --sensitivity N` scores every region again with other choices, drawn from
the model's `sensitivity` settings:

* weights: every dimension weight times a factor from 1 - weight_spread to 1 + spread;
* aggregation: geometric in `geometric_share` of the runs, arithmetic otherwise;
* a dimension left out, in `leave_one_out_share` of the runs (each equally likely);
* an indicator left out, in `indicator_leave_out_share` of the runs;
* normalisation: each indicator normalised by its own method draws, equally often, its
  model's method or one of `normalisations` (min-max, z-score, rank), over the same regions;
  indicators the model leaves unnormalised (`none`: survey scores) keep it;
* respondents: group means or pooled answers, each in half of the runs;
* imputation: in half of the runs, a missing indicator score of a dimension that has enough
  indicators takes the indicator's mean score over the regions (instead of the dimension
  being the mean of the indicators present); the evidence rules count real values only.

Each run recomputes every dimension score, composite, class (with the gates) and rank, the
same way the result does (composite.py); it is vectorised with numpy, the runs a column each.

The runs follow Saltelli's design for Sobol' indices (SALib: `sample.sobol`, scrambled
Sobol' sequence, seeded): each choice is one input, or a group of inputs (the weights, the
normalisation of each indicator), drawn uniformly on [0, 1) and mapped onto its options by
share, as SALib's documentation shows for discrete choices. N runs are rounded up to
B x (choices + 2), B a power of two. All runs count for the uncertainty of each region (its
share of runs in each class, its median rank and 5-95 % rank interval); SALib's estimators
(`analyze.sobol`, with bootstrap confidence intervals) give each choice's first-order and
total-effect Sobol' index for two outputs: the average absolute shift of the regions' ranks
from their ranks in the result, and the share of regions whose class changes. Per region,
the total-effect index of each choice on its rank is kept too.

The same seed gives the same result, byte for byte.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from s3engine.scoring.composite import DECIMALS
from s3engine.scoring.model import Indicator, MinMax, NoNormalisation, Rank, ScoringModel, ZScore
from s3engine.scoring.normalise import normalise
from s3engine.scoring.region_scores import IndicatorData, Scored
from s3engine.scoring.results import (
    INSUFFICIENT,
    Choice,
    DimensionWeight,
    RegionScore,
    ScoreResult,
    Sensitivity,
    SensitivitySettings,
    SobolIndex,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]
    Ints = NDArray[np.int64]
    Bools = NDArray[np.bool_]

#: Labels of the choices, in the order they are drawn.
CHOICE_LABELS = {
    "weights": "dimension weights",
    "aggregation": "arithmetic or geometric aggregation",
    "dimension_left_out": "a dimension left out",
    "indicator_left_out": "an indicator left out",
    "normalisation": "normalisation method of each indicator",
    "respondents": "respondents rule (group means or pooled answers)",
    "imputation": "imputation of missing indicator scores",
}
#: Runs evaluated together (columns of one array): bounds the memory of a large analysis.
CHUNK = 256
#: Bootstrap resamples of the confidence intervals of Sobol' indices (SALib's default).
RESAMPLES = 100
#: Percentiles of the rank interval.
LOW, HIGH = 0.05, 0.95


def analyse(model: ScoringModel, scored: Scored, *, runs: int, seed: int) -> ScoreResult:
    """The result with a Sensitivity for every classified region (None for the others) and
    the settings, Sobol' indices and effective weights of the analysis."""
    import numpy as np

    if runs < 1:
        raise ValueError("the number of runs must be at least 1")
    result = scored.result
    problem = _Problem(model, scored)
    design = _design(problem, runs, seed)
    outcome = _evaluate(problem, design)
    base_class = np.array([problem.class_position(r.class_id) for r in result.regions])
    base_rank = np.array(
        [r.rank if r.rank is not None else 0 for r in result.regions], dtype=np.int64
    )
    indices = _indices(problem, design, outcome, base_class, base_rank, seed)
    regions = [
        _region(model, region, position, outcome, design, indices, seed)
        for position, region in enumerate(result.regions)
    ]
    rules = model.sensitivity
    settings = SensitivitySettings(
        runs=design.runs,
        seed=seed,
        weight_spread=rules.weight_spread,
        geometric_share=rules.geometric_share,
        leave_one_out_share=rules.leave_one_out_share,
        borderline_share=rules.borderline_share,
        choices=[
            Choice(id=c, label=CHOICE_LABELS[c], alternatives=problem.options[c])
            for c in design.groups
        ],
        base_samples=design.base,
        mean_rank_shift=indices.mean_rank_shift,
        class_change_share=indices.class_change_share,
        rank_indices=indices.rank,
        class_indices=indices.classes,
        dimension_weights=dimension_weights(model, result),
    )
    return result.model_copy(update={"regions": regions, "sensitivity": settings})


# -- what varies ---------------------------------------------------------------------------


class _Problem:
    """The model and its data as arrays: each indicator's scores under each of its variants
    (respondents rule x normalisation method), over the regions scored."""

    def __init__(self, model: ScoringModel, scored: Scored):
        import numpy as np

        self.model = model
        rules = model.sensitivity
        result = scored.result
        self.codes = [r.code for r in result.regions]
        self.class_ids = model.class_ids()
        self.dimensions = model.dimensions
        self.nominal = np.array([d.weight for d in model.dimensions], dtype=np.float64)
        #: per indicator, in model order: its dimension's position and its weight
        self.dimension_of: list[int] = []
        self.weights: list[float] = []
        for position, dimension in enumerate(model.dimensions):
            for indicator in dimension.indicators:
                self.dimension_of.append(position)
                self.weights.append(indicator.weight)
        data = {d.indicator.id: d for d in scored.indicators}
        survey = any(d.other_rule is not None for d in scored.indicators)
        self.rules = 2 if rules.respondents and survey else 1
        methods = list(dict.fromkeys(rules.normalisations))
        #: per indicator: the methods it draws (its own first)
        self.methods: list[list[str]] = []
        #: per indicator: what its score adds to its dimension in each variant, variants x 4 x
        #: regions (variant = (rule x len(methods) + method) x 2 + imputed): the score, the
        #: log of the score (floored), 1 where it counts, and 1 / weight where the region has
        #: a real value (times weight x included, they sum to the dimension's parts)
        self.tables: list[Floats] = []
        floor = model.geometric_floor
        for position, (_, indicator) in enumerate(model.indicators()):
            own = indicator.normalisation.method
            varied = [] if own == "none" else [m for m in methods if m != own]
            self.methods.append([own, *varied])
            variants: list[Floats] = []
            for rule in range(self.rules):
                item = data[indicator.id]
                raw = item.raw if rule == 0 or item.other_rule is None else item.other_rule
                for method in self.methods[-1]:
                    values = _normalised(indicator, method, raw, item)
                    known = [v for v in values.values() if v is not None]
                    # Imputation fills in the mean over every region normalised against.
                    mean = math.fsum(known) / len(known) if known else math.nan
                    scores = np.array([_nan(values.get(c)) for c in self.codes], dtype=np.float64)
                    present = ~np.isnan(scores)
                    for imputed in (False, True):
                        usable = present | (imputed and not math.isnan(mean))
                        value = np.where(present, scores, mean if imputed else 0.0)
                        value = np.where(usable, value, 0.0)
                        variants.append(
                            np.stack(
                                [
                                    value,
                                    np.where(usable, np.log(np.maximum(value, floor)), 0.0),
                                    usable.astype(np.float64),
                                    present / self.weights[position],
                                ]
                            )
                        )
            self.tables.append(np.stack(variants).reshape(len(variants), -1))
        self.options = self._options()
        # Gates on raw values (of indicators or sources) do not depend on the run but for
        # the respondents rule (survey indicators): per rule, the class each holds a region
        # at (-1: none) and whether a missing value makes it insufficient.
        self.caps = np.full((self.rules, len(self.codes)), -1, dtype=np.int64)
        self.blocked = np.zeros((self.rules, len(self.codes)), dtype=np.bool_)
        #: gates on dimension scores, tested in each run: (dimension, test, cap, insufficient);
        #: a gate's test compares an array of scores at once (NaN, no score, never holds)
        self.dimension_gates: list[tuple[int, Callable[[Any], Any], int, bool]] = []
        for g_index, gate in enumerate(model.gates):
            cap = self.class_ids.index(gate.class_)
            insufficient = gate.if_missing == "insufficient_evidence"
            kind, ref = gate.target
            if kind == "dimension":
                position = [d.id for d in model.dimensions].index(ref)
                self.dimension_gates.append((position, gate.holds, cap, insufficient))
                continue
            for rule in range(self.rules):
                for r_index, region in enumerate(result.regions):
                    tested = region.gates[g_index].value
                    if kind == "indicator" and rule == 1:
                        other = data[ref].other_rule
                        if other is not None:
                            found = other.get(region.code)
                            tested = None if found is None else round(found, DECIMALS)
                    if tested is None:
                        self.blocked[rule, r_index] |= insufficient
                    elif gate.holds(tested):
                        self.caps[rule, r_index] = max(self.caps[rule, r_index], cap)

    def _options(self) -> dict[str, str]:
        rules = self.model.sensitivity
        methods = sorted({m for own in self.methods for m in own[1:]})
        return {
            "weights": f"each dimension weight x {1 - rules.weight_spread:g} to "
            f"{1 + rules.weight_spread:g}",
            "aggregation": f"geometric in {rules.geometric_share:.0%} of the runs",
            "dimension_left_out": f"one dimension left out in {rules.leave_one_out_share:.0%} "
            "of the runs",
            "indicator_left_out": f"one indicator left out in "
            f"{rules.indicator_leave_out_share:.0%} of the runs",
            "normalisation": "the model's method or " + ", ".join(methods) + ", per indicator",
            "respondents": "group means or pooled answers, half of the runs each",
            "imputation": "none or the indicator's mean, half of the runs each",
        }

    def class_position(self, class_id: str) -> int:
        return self.class_ids.index(class_id) if class_id in self.class_ids else len(self.class_ids)


def _normalised(
    indicator: Indicator, method: str, raw: dict[str, float | None], item: IndicatorData
) -> dict[str, float | None]:
    """The indicator's scores with `method` instead of its own, over the same regions."""
    if method != indicator.normalisation.method:
        other = {"minmax": MinMax, "zscore": ZScore, "rank": Rank, "none": NoNormalisation}
        indicator = indicator.model_copy(update={"normalise": other[method](method=method)})
    return normalise(indicator, raw, item.reference).scores


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


# -- the design ------------------------------------------------------------------------------


@dataclass
class _Design:
    """The runs: SALib's sample and, decoded from it, the choices of every run."""

    groups: list[str]
    problem: dict[str, Any]
    base: int
    runs: int
    weights: Floats  # runs x dimensions
    geometric: Bools  # runs
    dimension_out: Ints  # runs (-1: none)
    indicator_out: Ints  # runs (-1: none)
    methods: Ints  # runs x indicators (position in the indicator's methods)
    rule: Ints  # runs
    impute: Bools  # runs


def _design(problem: _Problem, runs: int, seed: int) -> _Design:
    import numpy as np

    model = problem.model
    rules = model.sensitivity
    n_dims = len(problem.dimensions)
    n_inds = len(problem.weights)
    names: list[str] = []
    bounds: list[list[float]] = []
    groups: list[str] = []

    def add(name: str, group: str, low: float = 0.0, high: float = 1.0) -> None:
        names.append(name)
        bounds.append([low, high])
        groups.append(group)

    if rules.weight_spread > 0 and n_dims > 1:
        for d in problem.dimensions:
            add(f"weight:{d.id}", "weights", 1 - rules.weight_spread, 1 + rules.weight_spread)
    if 0 < rules.geometric_share < 1:
        add("aggregation", "aggregation")
    if rules.leave_one_out_share > 0 and n_dims > 1:
        add("dimension_left_out", "dimension_left_out")
    if rules.indicator_leave_out_share > 0 and n_inds > 1:
        add("indicator_left_out", "indicator_left_out")
    varied = [k for k, methods in enumerate(problem.methods) if len(methods) > 1]
    for k in varied:
        add(f"normalisation:{k}", "normalisation")
    if problem.rules > 1:
        add("respondents", "respondents")
    if rules.imputation:
        add("imputation", "imputation")
    order = list(dict.fromkeys(groups))
    spec: dict[str, Any] = {
        "num_vars": len(names),
        "names": names,
        "bounds": bounds,
        "groups": groups,
    }
    if order:
        from SALib.sample import sobol as sobol_sample

        base = 1
        while base * (len(order) + 2) < runs:
            base *= 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sample = sobol_sample.sample(
                spec, base, calc_second_order=False, scramble=True, seed=seed
            )
    else:
        base, sample = 1, np.zeros((1, 0))
    count = sample.shape[0]
    column = {name: i for i, name in enumerate(names)}

    def uniform(name: str) -> Floats | None:
        return sample[:, column[name]] if name in column else None

    weights = np.tile(problem.nominal, (count, 1))
    if "weights" in order:
        weights = (
            sample[:, [column[f"weight:{d.id}"] for d in problem.dimensions]] * problem.nominal
        )
    u = uniform("aggregation")
    geometric = (
        u < rules.geometric_share if u is not None else np.full(count, rules.geometric_share >= 1)
    )
    dimension_out = _left_out(
        uniform("dimension_left_out"), rules.leave_one_out_share, n_dims, count
    )
    indicator_out = _left_out(
        uniform("indicator_left_out"), rules.indicator_leave_out_share, n_inds, count
    )
    methods = np.zeros((count, n_inds), dtype=np.int64)
    for k in varied:
        u = sample[:, column[f"normalisation:{k}"]]
        methods[:, k] = np.minimum(
            (u * len(problem.methods[k])).astype(np.int64), len(problem.methods[k]) - 1
        )
    u = uniform("respondents")
    rule = (u >= 0.5).astype(np.int64) if u is not None else np.zeros(count, dtype=np.int64)
    u = uniform("imputation")
    impute = u >= 0.5 if u is not None else np.zeros(count, dtype=np.bool_)
    return _Design(
        order,
        spec,
        base,
        count,
        weights,
        geometric,
        dimension_out,
        indicator_out,
        methods,
        rule,
        impute,
    )


def _left_out(u: Floats | None, share: float, count: int, runs: int) -> Ints:
    """Which of `count` items a run leaves out (-1: none): one in `share` of the runs."""
    import numpy as np

    if u is None:
        return np.full(runs, -1, dtype=np.int64)
    chosen = np.minimum((u / share * count).astype(np.int64), count - 1)
    return np.where(u < share, chosen, -1)


# -- the runs ----------------------------------------------------------------------------------


@dataclass
class _Outcome:
    """Every run's class (position; len(classes) = insufficient) and rank (0: none) of every
    region, regions x runs."""

    classes: Ints
    ranks: Ints


def _evaluate(problem: _Problem, design: _Design) -> _Outcome:
    import numpy as np

    n = len(problem.codes)
    classes = np.empty((n, design.runs), dtype=np.int64)
    ranks = np.empty((n, design.runs), dtype=np.int64)
    for start in range(0, design.runs, CHUNK):
        runs = slice(start, min(start + CHUNK, design.runs))
        chunk_classes, chunk_ranks = _chunk(problem, design, runs)
        classes[:, runs], ranks[:, runs] = chunk_classes.T, chunk_ranks.T
    return _Outcome(classes, ranks)


def _chunk(problem: _Problem, design: _Design, runs: slice) -> tuple[Ints, Ints]:
    """The classes and ranks of the regions in the runs `runs` (runs x regions)."""
    import numpy as np

    model = problem.model
    floor = model.geometric_floor
    n = len(problem.codes)
    geometric = design.geometric[runs, None]
    rule = design.rule[runs]
    impute = design.impute[runs].astype(np.int64)
    indicator_out = design.indicator_out[runs]
    e = len(rule)
    n_dims = len(problem.dimensions)
    dims = np.full((n_dims, e, n), np.nan)
    dim_included = np.zeros((n_dims, e), dtype=np.bool_)
    k = 0
    for d, dimension in enumerate(problem.dimensions):
        needed = model.coverage_of(dimension)
        # The sums over the dimension's indicators: weighted scores, weighted logs, weights,
        # and real values (runs x 4 x regions).
        sums = np.zeros((e, 4 * n))
        count = np.zeros(e)
        for _ in dimension.indicators:
            included = indicator_out != k
            count += included
            variant = (rule * len(problem.methods[k]) + design.methods[runs, k]) * 2 + impute
            parts = problem.tables[k][variant]
            parts *= (problem.weights[k] * included)[:, None]
            sums += parts
            k += 1
        parts_of = sums.reshape(e, 4, n)
        weight, real = parts_of[:, 2], parts_of[:, 3]
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(geometric, np.exp(parts_of[:, 1] / weight), parts_of[:, 0] / weight)
            covered = (real > 0.5) & (real / np.maximum(count, 1)[:, None] + 1e-12 >= needed)
        dims[d] = np.where(covered, np.round(value, DECIMALS), np.nan)
        dim_included[d] = (count > 0) & (design.dimension_out[runs] != d)
    weights = design.weights[runs].T  # dimensions x runs
    present = ~np.isnan(dims) & dim_included[:, :, None]
    w = np.where(present, weights[:, :, None], 0.0)
    scores = np.where(present, dims, 1.0)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        arith = (w * scores).sum(axis=0) / total
        geom = np.exp((w * np.log(np.maximum(scores, floor))).sum(axis=0) / total)
    composite = np.round(np.where(geometric, geom, arith), DECIMALS)
    included = dim_included.sum(axis=0)[:, None]
    found = present.sum(axis=0)
    classified = (found > 0) & (
        found / np.maximum(included, 1) + 1e-12 >= model.min_dimension_share
    )
    position = class_positions(model, composite)
    position = np.maximum(position, problem.caps[rule])
    blocked = problem.blocked[rule].copy()
    for d, test, cap, insufficient in problem.dimension_gates:
        value = dims[d]
        position = np.where(test(value), np.maximum(position, cap), position)
        if insufficient:
            blocked |= np.isnan(value)
    insufficient = ~classified | blocked
    classes = np.where(insufficient, len(problem.class_ids), position)
    return classes, _ranks(np.where(insufficient, -np.inf, composite))


def class_positions(model: ScoringModel, composite: Floats) -> Ints:
    """The class each composite falls in (composite.class_index, for an array)."""
    import numpy as np

    levels = model.classes.levels
    above = model.classes.on_threshold == "above"
    position = np.full(composite.shape, len(levels) - 1, dtype=np.int64)
    for index in range(len(levels) - 1, -1, -1):
        minimum = levels[index].min
        if minimum is None:
            continue
        holds = composite >= minimum if above else composite > minimum
        position = np.where(holds, index, position)
    return position


def _ranks(composite: Floats) -> Ints:
    """Each region's rank in each run (runs x regions; 1 = highest; equal composites share
    the best rank; 0 for regions without a class, given as -inf)."""
    import numpy as np

    order = np.argsort(-composite, axis=1, kind="stable")
    ordered = np.take_along_axis(composite, order, axis=1)
    positions = np.arange(1, composite.shape[1] + 1)[None, :]
    starts = np.ones(ordered.shape, dtype=np.bool_)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.maximum.accumulate(np.where(starts, positions, 0), axis=1)
    ranks = np.empty_like(first)
    np.put_along_axis(ranks, order, first, axis=1)
    return np.where(np.isinf(composite), 0, ranks)


# -- what the runs say ----------------------------------------------------------------------


@dataclass
class _Indices:
    rank: list[SobolIndex]
    classes: list[SobolIndex]
    mean_rank_shift: float | None
    class_change_share: float | None
    #: region position -> choice -> total-effect index on its rank
    region_effects: dict[int, dict[str, float]]


def _indices(
    problem: _Problem,
    design: _Design,
    outcome: _Outcome,
    base_class: Ints,
    base_rank: Ints,
    seed: int,
) -> _Indices:
    import numpy as np

    ranked = base_rank > 0
    both = (outcome.ranks > 0) & ranked[:, None]
    with np.errstate(invalid="ignore"):
        shift = np.where(both, np.abs(outcome.ranks - base_rank[:, None]), 0).sum(
            axis=0
        ) / np.maximum(both.sum(axis=0), 1)
    classified = base_class < len(problem.class_ids)
    changed = (outcome.classes != base_class[:, None]) & classified[:, None]
    change = changed.sum(axis=0) / max(int(classified.sum()), 1)
    if not ranked.any():
        return _Indices([], [], None, None, {})
    mean_shift = _rounded(float(shift.mean()))
    mean_change = _rounded(float(change.mean()))
    if not design.groups:
        return _Indices([], [], mean_shift, mean_change, {})
    rank_indices = _sobol(design, shift.astype(np.float64), seed)
    class_indices = _sobol(design, change.astype(np.float64), seed + 1)
    return _Indices(
        rank_indices,
        class_indices,
        mean_shift,
        mean_change,
        _region_effects(design, outcome.ranks),
    )


def _sobol(design: _Design, output: Floats, seed: int) -> list[SobolIndex]:
    """SALib's first-order and total-effect indices of each choice, with bootstrap 95 %
    confidence intervals (none vary when the output does not)."""
    import numpy as np
    from SALib.analyze import sobol as sobol_analyze

    if float(np.ptp(output)) == 0.0:
        return [
            SobolIndex(choice=c, first_order=0.0, first_order_conf=0.0, total=0.0, total_conf=0.0)
            for c in design.groups
        ]
    # A seed of 0 would leave SALib's bootstrap unseeded: derive one that is never 0.
    bootstrap_seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = sobol_analyze.analyze(
            design.problem,
            output,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=0.95,
            seed=bootstrap_seed,
        )
    return [
        SobolIndex(
            choice=choice,
            first_order=_rounded(float(found["S1"][i])),
            first_order_conf=_rounded(float(found["S1_conf"][i])),
            total=_rounded(float(found["ST"][i])),
            total_conf=_rounded(float(found["ST_conf"][i])),
        )
        for i, choice in enumerate(design.groups)
    ]


def _region_effects(design: _Design, ranks: Ints) -> dict[int, dict[str, float]]:
    """The total-effect index of each choice on the rank of each region ranked in every run
    whose rank varies (SALib's estimator, applied to all those regions at once)."""
    import numpy as np
    from SALib.analyze.sobol import total_order

    steady = (ranks > 0).all(axis=1) & (ranks.min(axis=1) != ranks.max(axis=1))
    if not steady.any():
        return {}
    y = ranks[steady].T.astype(np.float64)  # runs x regions
    y = (y - y.mean(axis=0)) / y.std(axis=0)
    step = len(design.groups) + 2
    a, b = y[0::step], y[step - 1 :: step]
    effects: dict[int, dict[str, float]] = {}
    positions = np.flatnonzero(steady)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        totals = [total_order(a, y[j + 1 :: step], b) for j in range(len(design.groups))]
    for column, position in enumerate(positions):
        effects[int(position)] = {
            choice: _rounded(float(totals[j][column])) for j, choice in enumerate(design.groups)
        }
    return effects


def _region(
    model: ScoringModel,
    region: RegionScore,
    position: int,
    outcome: _Outcome,
    design: _Design,
    indices: _Indices,
    seed: int,
) -> RegionScore:
    import numpy as np

    if region.class_id == INSUFFICIENT:
        return region.model_copy(update={"sensitivity": None})
    ids = [*model.class_ids(), INSUFFICIENT]
    counts = np.bincount(outcome.classes[position], minlength=len(ids))
    shares = {
        ids[c]: round(int(counts[c]) / design.runs, DECIMALS) for c in range(len(ids)) if counts[c]
    }
    stability = shares.get(region.class_id, 0.0)
    ranks = np.sort(outcome.ranks[position][outcome.ranks[position] > 0])
    base = region.rank or 0
    low = high = median = None
    if ranks.size:
        low, median, high = (
            int(ranks[max(math.ceil(q * ranks.size) - 1, 0)]) for q in (LOW, 0.5, HIGH)
        )
    sensitivity = Sensitivity(
        runs=design.runs,
        seed=seed,
        class_shares=shares,
        rank_min=int(ranks[0]) if ranks.size else base,
        rank_max=int(ranks[-1]) if ranks.size else base,
        stability=stability,
        borderline=(1.0 - stability) > model.sensitivity.borderline_share + 1e-12,
        rank_median=median,
        rank_low=low,
        rank_high=high,
        rank_effects=indices.region_effects.get(position, {}),
    )
    return region.model_copy(update={"sensitivity": sensitivity})


def dimension_weights(model: ScoringModel, result: ScoreResult) -> list[DimensionWeight]:
    """Nominal against effective weights: each dimension's share of the weights, and its
    squared Pearson correlation with the composite over the regions scored, as a share of the
    sum over the dimensions (Paruolo, Saisana and Saltelli 2013: for a linear composite, the
    first-order effect of a dimension is its squared correlation with the composite)."""
    import numpy as np

    total = math.fsum(d.weight for d in model.dimensions)
    rows = [
        (r.composite, [d.score for d in r.dimensions])
        for r in result.regions
        if r.composite is not None and r.class_id != INSUFFICIENT
    ]
    correlations: list[float | None] = []
    for position, _ in enumerate(model.dimensions):
        pairs = [(c, s[position]) for c, s in rows if s[position] is not None]
        correlations.append(
            _pearson(np.array(pairs, dtype=np.float64)) if len(pairs) >= 3 else None
        )
    squares = [c * c for c in correlations if c is not None]
    sum_squares = math.fsum(squares)
    return [
        DimensionWeight(
            id=d.id,
            nominal=_rounded(d.weight / total),
            effective=_rounded(c * c / sum_squares) if c is not None and sum_squares > 0 else None,
            correlation=_rounded(c) if c is not None else None,
        )
        for d, c in zip(model.dimensions, correlations, strict=True)
    ]


def _pearson(pairs: Floats) -> float | None:
    import numpy as np

    x, y = pairs[:, 0], pairs[:, 1]
    if float(np.ptp(x)) == 0.0 or float(np.ptp(y)) == 0.0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _rounded(value: float) -> float:
    return round(value, DECIMALS) + 0.0
