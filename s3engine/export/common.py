"""Helpers shared by the document exports: numbers, dates and headings in the plan's language,
and the parts every document lays out the same way (the facts of a recommendation, the
joint plan's proposals)."""

from __future__ import annotations

from s3engine.core.bidi import isolate
from s3engine.export.chart import Axis
from s3engine.plan import texts as T
from s3engine.plan.model import Funding, Plan, PlannedRecommendation, RegionPlan

DASH = "–"

#: Columns of the tables the documents share (keys of plan_texts).
OVERVIEW_COLUMNS = (
    "col.region",
    "col.class",
    "col.composite",
    "col.rank",
    "col.stability",
    "h.recommendations",
)
DIMENSION_COLUMNS = ("col.dimension", "col.score", "col.mean", "col.difference", "col.target")
NEED_COLUMNS = ("col.rank", "col.need", "col.share", "col.unmet")
#: The language tags documents declare (HTML lang, DOCX w:lang): the plan's language as
#: written in the Alpine regions.
LANGUAGE_TAGS = {"en": "en-GB", "de": "de-DE", "fr": "fr-FR", "it": "it-IT", "sl": "sl-SI"}


class Words:
    def __init__(self, plan: Plan):
        self.lang = plan.language
        self.plan = plan

    def t(self, key: str, **values: str) -> str:
        return T.text(key, self.lang, **values)

    def columns(self, *keys: str) -> list[str]:
        """Column headings: each key of plan_texts in the plan's language."""
        return [self.t(key) for key in keys]

    def num(self, value: float | None, digits: int = 1) -> str:
        return DASH if value is None else T.number(value, self.lang, digits)

    def signed(self, value: float | None) -> str:
        if value is None:
            return DASH
        text = T.number(value, self.lang, 1)
        return text if text.startswith("-") or text in ("0.0", "0,0") else "+" + text

    def pct(self, share: float | None) -> str:
        return DASH if share is None else T.percent(share, self.lang)

    def join(self, items: list[str]) -> str:
        return ", ".join(items)

    def composite(self, region: RegionPlan) -> str:
        """The composite, marked n/m when it is computed over n of the m dimensions only."""
        text = self.num(region.composite)
        if region.composite is not None and region.dimensions_scored < len(region.dimensions):
            text += f" ({region.dimensions_scored}/{len(region.dimensions)})"
        return text

    def partial(self) -> bool:
        """Whether some region's composite is marked n/m (the legend then explains it)."""
        return any(
            r.composite is not None and r.dimensions_scored < len(r.dimensions)
            for r in self.plan.regions
        )

    def generated(self) -> str:
        p = self.plan
        return self.t(
            "meta.generated",
            date=p.generated.date().isoformat(),
            model=p.model_id,
            model_version=p.model_version,
            catalogue=p.catalogue_id,
            catalogue_version=p.catalogue_version,
        )

    def respondents(self, region: RegionPlan) -> str:
        return self.t(
            "meta.respondents", n=str(region.respondents), m=str(region.needs_respondents)
        )

    def rank(self, region: RegionPlan) -> str:
        return DASH if region.rank is None else f"{region.rank}/{region.regions_ranked}"

    def stability(self, region: RegionPlan) -> str:
        return DASH if region.stability is None else self.pct(region.stability.stability)

    def funding(self, funding: Funding) -> str:
        """The instrument, with what a reader in the region's country must know about it."""
        if funding.note is None:
            return funding.label
        return f"{funding.label} ({funding.note.rstrip('.')})"

    def facts(self, rec: PlannedRecommendation) -> list[tuple[str, str]]:
        """Who leads, who takes part, when, how it is checked and funded, what it improves
        and answers: (heading, text) pairs."""
        facts = [
            (self.t("col.owner"), rec.owner.label),
            (self.t("col.actors"), self.join([a.label for a in rec.actors])),
            (self.t("col.horizon"), rec.horizon.label),
            (self.t("col.milestone"), rec.milestone),
            (self.t("col.cost"), rec.cost.label),
            (self.t("col.funding"), "; ".join(self.funding(f) for f in rec.funding)),
            (self.t("col.track"), "; ".join(t.text for t in rec.track)),
        ]
        if rec.dimension is not None:
            facts.append((self.t("col.improves"), rec.dimension.label))
        if rec.needs:
            facts.append((self.t("col.answers"), self.join([n.label for n in rec.needs])))
        if rec.criteria:
            facts.append((self.t("col.criteria"), "; ".join(c.label for c in rec.criteria)))
        if rec.progress:
            facts.append((self.t("col.progress"), rec.progress))
        return facts

    def items(self, refs: list[tuple[int, str]]) -> str:
        """'3. Title; 5. Title' of the recommendations serving a criterion."""
        return "; ".join(f"{place}. {title}" for place, title in refs)

    def changes(self, region: RegionPlan) -> tuple[str, list[str]] | None:
        """With a baseline wave: the heading and paragraphs of what changed since."""
        if region.changes is None:
            return None
        c = region.changes
        return self.t("h.changes", baseline=c.baseline_wave), [c.text, *c.details]

    def baseline_label(self, region: RegionPlan) -> str | None:
        """The chart's legend for the baseline wave (None without one)."""
        if region.changes is None:
            return None
        return self.t("chart.baseline", baseline=region.changes.baseline_wave)


def proposals(plan: Plan) -> list[tuple[str, list[tuple[str, str]]]]:
    """The sections of the joint plan made of titled proposals: (heading key, [(title, text)])."""
    tn = plan.transnational
    return [
        ("h.meta_clusters", [(m.sector.label, m.text) for m in tn.meta_clusters]),
        ("h.joint_calls", [(c.domain.label, c.text) for c in tn.joint_calls]),
    ]


def axes(region: RegionPlan) -> list[Axis]:
    return [
        Axis(label=d.label, score=d.score, mean=d.mean, baseline=d.baseline)
        for d in region.dimensions
    ]


def anchor(code: str) -> str:
    return "region-" + "".join(ch for ch in code.lower() if ch.isalnum())


def region_title(region: RegionPlan) -> str:
    """'Name (CODE)', or the code alone when the region has no name of its own; the name is
    isolated (core.bidi), so that it cannot change the direction of the code."""
    if region.name == region.code:
        return region.code
    return f"{isolate(region.name)} ({region.code})"
