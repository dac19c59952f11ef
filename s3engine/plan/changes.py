"""What changed since the baseline wave, in the plan's words (docs/waves.md).

With a baseline (`plan --wave W --baseline B`), each regional plan opens with the change of
its composite and whether it is more than the noise of who answered, its class in both waves,
and its dimensions sorted into improved, worsened and unchanged within uncertainty; each
recommendation says how its tracking indicators moved (or, when none was compared in both
waves, the dimension it improves); the joint plan lists the regions
that moved class. Every figure comes from the Comparison (scoring/comparison.py).
"""

from __future__ import annotations

from s3engine.plan.model import Changes, ClassMove, Labelled, PlannedRecommendation, RegionRef
from s3engine.plan.words import Words
from s3engine.scoring.comparison import Change, Comparison, RegionChange


def signed(words: Words, value: float) -> str:
    text = words.num(abs(value))
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def verdict(words: Words, change: Change) -> str:
    return words.t(f"changes.verdict.{change.verdict}")


def region_changes(region: RegionChange, comparison: Comparison, words: Words) -> Changes:
    baseline = comparison.baseline.id
    c = region.composite
    if c.baseline is None or c.current is None or c.change is None:
        opening = words.t("changes.missing", baseline=baseline, name=region.name)
    else:
        low = c.low if c.low is not None else c.change
        high = c.high if c.high is not None else c.change
        opening = words.t(
            "changes.opening",
            baseline=baseline,
            name=region.name,
            before=words.num(c.baseline),
            after=words.num(c.current),
            change=signed(words, c.change),
            low=signed(words, low),
            high=signed(words, high),
            verdict=verdict(words, c),
        )
    support = words.pct(region.transition_support) if region.transition_support is not None else "-"
    before, after = (
        words.class_label(region.class_baseline),
        words.class_label(region.class_current),
    )
    key = (
        "changes.class.same"
        if region.class_baseline == region.class_current
        else "changes.class.moved"
    )
    opening += " " + words.t(key, before=before, after=after, support=support)
    sorted_: dict[str, list[Labelled]] = {"improved": [], "worsened": [], "unchanged": []}
    for dimension in region.dimensions:
        if dimension.verdict in sorted_:
            label = words.dimension_label(dimension.id)
            shown = f"{label} ({signed(words, dimension.change or 0.0)})"
            sorted_[dimension.verdict].append(Labelled(id=dimension.id, label=shown))
    details = [
        words.t(f"changes.{kind}", items=words.join([i.label for i in items]))
        for kind, items in sorted_.items()
        if items
    ]
    return Changes(
        baseline_wave=baseline,
        current_wave=comparison.current.id,
        text=opening,
        improved=sorted_["improved"],
        worsened=sorted_["worsened"],
        unchanged=sorted_["unchanged"],
        details=details,
    )


def progress(
    region: RegionChange, rec: PlannedRecommendation, comparison: Comparison, words: Words
) -> str | None:
    """How a recommendation's tracking indicators moved since the baseline; for an item
    without one compared in both waves, how the dimension it improves moved."""
    indicators = {i.id: i for i in region.indicators}
    lines = [
        _moved(indicators[t.id], t.label, comparison, words)
        for t in rec.track
        if t.id in indicators
    ]
    shown = [line for line in lines if line is not None]
    if shown or rec.dimension is None:
        return " ".join(shown) or None
    found = next((d for d in region.dimensions if d.id == rec.dimension.id), None)
    if found is None:
        return None
    return _moved(found, words.dimension_label(found.id), comparison, words)


def _moved(found: Change, label: str, comparison: Comparison, words: Words) -> str | None:
    if found.change is None or found.baseline is None or found.current is None:
        return None
    return words.t(
        "changes.progress",
        baseline=comparison.baseline.id,
        label=label,
        before=words.num(found.baseline),
        after=words.num(found.current),
        change=signed(words, found.change),
        verdict=verdict(words, found),
    )


def class_moves(comparison: Comparison, chosen: set[str], words: Words) -> list[ClassMove]:
    """The regions planned that are in another class than in the baseline wave."""
    moves = []
    for region in comparison.regions:
        if region.code not in chosen or region.class_baseline == region.class_current:
            continue
        support = region.transition_support
        moves.append(
            ClassMove(
                region=RegionRef(code=region.code, name=region.name),
                baseline_class=Labelled(
                    id=region.class_baseline, label=words.class_label(region.class_baseline)
                ),
                current_class=Labelled(
                    id=region.class_current, label=words.class_label(region.class_current)
                ),
                support=support,
                text=words.t(
                    "changes.move",
                    name=region.name,
                    before=words.class_label(region.class_baseline),
                    after=words.class_label(region.class_current),
                    baseline=comparison.baseline.id,
                    support=words.pct(support) if support is not None else "-",
                ),
            )
        )
    return moves
