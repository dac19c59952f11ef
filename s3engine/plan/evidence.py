"""Whether a recommendation applies to a region: its catalogue condition, with the evidence.

A condition (catalogue.When) is evaluated against what is known of one region (RegionFacts)
in Kleene's three-valued logic: a test whose evidence is missing is neither true nor false,
so missing evidence never makes a recommendation apply. Every test leaves a sentence in the
plan's language saying what was found, which the plan shows under the recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from s3engine.plan.catalogue import (
    AllOf,
    AnyOf,
    ClassTest,
    CompositeTest,
    DimensionTest,
    DisagreementTest,
    GateTest,
    Leaf,
    NeedTest,
    NotOf,
    StatisticTest,
    When,
)
from s3engine.plan.model import Evidence, EvidenceKind
from s3engine.plan.needs import RegionNeeds
from s3engine.plan.words import Words
from s3engine.scoring.results import DimensionScore, IndicatorScore, RegionScore


@dataclass(frozen=True)
class RegionFacts:
    """Everything a condition can ask about one region."""

    region: RegionScore
    means: Mapping[str, float | None]
    needs: RegionNeeds | None

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        return next((d for d in self.region.dimensions if d.id == dimension_id), None)

    def statistic(self, indicator_id: str) -> IndicatorScore | None:
        for dimension in self.region.dimensions:
            for indicator in dimension.indicators:
                if indicator.id == indicator_id and indicator.source == "statistic":
                    return indicator
        return None

    def weakest(self) -> list[str]:
        scored = [d for d in self.region.dimensions if d.score is not None]
        return [d.id for d in sorted(scored, key=lambda d: (d.score, d.id))]


Truth = bool | None  # None: the evidence is missing, so the test can be neither true nor false
Found = tuple[Truth, list[Evidence]]


def _found(
    kind: EvidenceKind,
    subject: str,
    truth: Truth,
    text: str,
    *,
    value: float | None = None,
    threshold: float | None = None,
) -> Found:
    """The outcome of one test and its evidence (a test without evidence did not hold)."""
    evidence = Evidence(
        kind=kind, subject=subject, held=truth is True, value=value, threshold=threshold, text=text
    )
    return truth, [evidence]


def _beyond(op: str, value: float, bound: float) -> bool:
    """The test `below` (value < bound) or `above` (value > bound)."""
    return value < bound if op == "below" else value > bound


def _outcome(held: bool) -> str:
    """The last part of the key of an evidence sentence: 'held' or 'not'."""
    return "held" if held else "not"


class Evaluator:
    """Evaluates a catalogue condition for one region, collecting its evidence in words."""

    def __init__(self, facts: RegionFacts, words: Words):
        self.facts = facts
        self.words = words

    def evaluate(self, when: When) -> Found:
        """Kleene's three-valued logic: missing evidence never makes a recommendation apply."""
        if isinstance(when, AllOf):
            results = [self.evaluate(child) for child in when.all]
            truths = [t for t, _ in results]
            value: Truth = False if False in truths else (None if None in truths else True)
            if value is False:
                return False, [e for t, ev in results if t is False for e in ev]
            return value, [e for _, ev in results for e in ev]
        if isinstance(when, AnyOf):
            results = [self.evaluate(child) for child in when.any]
            truths = [t for t, _ in results]
            value = True if True in truths else (None if None in truths else False)
            if value is True:
                return True, [e for t, ev in results if t is True for e in ev]
            return value, [e for _, ev in results for e in ev]
        if isinstance(when, NotOf):
            truth, evidence = self.evaluate(when.not_)
            return (None if truth is None else not truth), evidence
        return self.leaf(when)

    def leaf(self, test: Leaf) -> Found:
        if isinstance(test, ClassTest):
            return self._class(test)
        if isinstance(test, DimensionTest):
            return self._dimension(test)
        if isinstance(test, CompositeTest):
            return self._composite(test)
        if isinstance(test, StatisticTest):
            return self._statistic(test)
        if isinstance(test, NeedTest):
            return self._need(test)
        if isinstance(test, DisagreementTest):
            return self._disagreement(test)
        return self._gate(test)

    def _class(self, test: ClassTest) -> Found:
        w = self.words
        actual = self.facts.region.class_id
        held = actual in test.classes
        expected = w.join_or([w.class_label(c) for c in test.classes])
        text = w.t(f"ev.class.{_outcome(held)}", value=w.class_label(actual), expected=expected)
        return _found("class", actual, held, text)

    def _compared(
        self,
        kind: EvidenceKind,
        subject: str,
        key: str,
        held: bool,
        value: float,
        bound: float,
        shown: tuple[str, str],
        **fields: str,
    ) -> Found:
        """A value tested against a threshold: the sentence `key`.held or `key`.not shows both."""
        text = self.words.t(f"{key}.{_outcome(held)}", value=shown[0], threshold=shown[1], **fields)
        return _found(kind, subject, held, text, value=value, threshold=bound)

    def _dimension(self, test: DimensionTest) -> Found:
        w = self.words
        dim = self.facts.dimension(test.dimension)
        label = w.dimension_label(test.dimension)
        op, bound = test.operator, float(test.operand)
        missing = w.t("ev.dimension.missing", label=label)
        if dim is None or dim.score is None:
            return _found("dimension", test.dimension, None, missing, threshold=bound)
        score = dim.score
        shown = (w.num(score), w.num(bound))
        if op == "weakest":
            n = int(bound)
            held = test.dimension in self.facts.weakest()[:n]
            kind = "weakest_one" if n == 1 else "weakest"
            text = w.t(
                f"ev.dimension.{kind}.{_outcome(held)}", label=label, value=shown[0], n=str(n)
            )
            return _found("dimension", test.dimension, held, text, value=score, threshold=bound)
        if op in ("below_mean", "above_mean"):
            mean = self.facts.means.get(test.dimension)
            if mean is None:
                return _found(
                    "dimension", test.dimension, None, missing, value=score, threshold=bound
                )
            diff = score - mean
            held = diff <= -bound if op == "below_mean" else diff >= bound
            extra = {"mean": w.num(mean), "diff": w.num(abs(diff))}
        else:
            held = _beyond(op, score, bound)
            extra = {}
        key = f"ev.dimension.{op}"
        return self._compared(
            "dimension", test.dimension, key, held, score, bound, shown, label=label, **extra
        )

    def _composite(self, test: CompositeTest) -> Found:
        w = self.words
        op, bound = test.composite.operator, float(test.composite.operand)
        value = self.facts.region.composite
        if value is None:
            return _found(
                "composite", "composite", None, w.t("ev.composite.missing"), threshold=bound
            )
        held = _beyond(op, value, bound)
        shown = (w.num(value), w.num(bound))
        return self._compared(
            "composite", "composite", f"ev.composite.{op}", held, value, bound, shown
        )

    def _statistic(self, test: StatisticTest) -> Found:
        w = self.words
        indicator = self.facts.statistic(test.statistic)
        op, bound = test.operator, float(test.operand)
        label = w.pick(indicator.label) if indicator is not None else test.statistic
        if indicator is None or indicator.raw is None:
            text = w.t("ev.statistic.missing", label=label)
            return _found("statistic", test.statistic, None, text, threshold=bound)
        raw = indicator.raw
        year = f" ({indicator.year})" if indicator.year else ""
        if indicator.aggregated_from:  # labelled wherever it is shown
            year += " " + w.t("ev.aggregated", n=str(len(indicator.aggregated_from)))
        shown = (w.num(raw, 2) + year, w.num(bound, 2))
        held = _beyond(op, raw, bound)
        key = f"ev.statistic.{op}"
        return self._compared(
            "statistic", test.statistic, key, held, raw, bound, shown, label=label
        )

    def _need(self, test: NeedTest) -> Found:
        w = self.words
        label = w.need_label(test.need)
        needs = self.facts.needs
        figure = needs.figure(test.need) if needs is not None and needs.respondents else None
        op = test.operator
        if figure is None:
            text = w.t("ev.need.missing", label=label)
            return _found("need", test.need, None, text, threshold=float(test.operand))
        if op == "rank_at_most":
            bound = int(test.operand)
            held = figure.rank is not None and figure.rank <= bound
            if figure.rank is None:
                text = w.t("ev.need.rank.unranked", label=label)
            else:
                text = w.t(
                    f"ev.need.rank.{_outcome(held)}",
                    label=label,
                    value=str(figure.rank),
                    threshold=str(bound),
                )
            rank = None if figure.rank is None else float(figure.rank)
            return _found("need", test.need, held, text, value=rank, threshold=float(bound))
        share = figure.share if op == "share_at_least" else figure.unmet_share
        bound_share = float(test.operand)
        key = "ev.need.share" if op == "share_at_least" else "ev.need.unmet"
        shown = (w.pct(share), w.pct(bound_share))
        held = share >= bound_share
        return self._compared("need", test.need, key, held, share, bound_share, shown, label=label)

    def _disagreement(self, test: DisagreementTest) -> Found:
        w = self.words
        dim = self.facts.dimension(test.disagreement)
        label = w.dimension_label(test.disagreement)
        bound = test.at_least
        if dim is None or dim.disagreement is None:
            text = w.t("ev.disagreement.missing", label=label)
            return _found("disagreement", test.disagreement, None, text, threshold=bound)
        spread = dim.disagreement
        shown = (w.num(spread), w.num(bound))
        held = spread >= bound
        return self._compared(
            "disagreement",
            test.disagreement,
            "ev.disagreement",
            held,
            spread,
            bound,
            shown,
            label=label,
        )

    def _gate(self, test: GateTest) -> Found:
        w = self.words
        gate = self.facts.region.gate
        held = gate is not None and (test.gate == "any" or gate == test.gate)
        if gate is None:
            text = w.t("ev.gate.none")
        elif held:
            text = w.t(
                "ev.gate.held",
                label=w.gate_label(gate),
                value=w.class_label(self.facts.region.class_id),
            )
        else:
            text = w.t("ev.gate.not", label=w.gate_label(gate), expected=w.gate_label(test.gate))
        return _found("gate", gate or test.gate, held, text)
