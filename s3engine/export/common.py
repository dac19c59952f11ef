"""Helpers shared by the document exports: numbers, dates and headings in the plan's language."""

from __future__ import annotations

from s3engine import plan_texts as T
from s3engine.export.chart import Axis
from s3engine.plan_model import Plan, RegionPlan

DASH = "–"


class Words:
    def __init__(self, plan: Plan):
        self.lang = plan.language
        self.plan = plan

    def t(self, key: str, **values: str) -> str:
        return T.text(key, self.lang, **values)

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


def axes(region: RegionPlan) -> list[Axis]:
    return [Axis(label=d.label, score=d.score, mean=d.mean) for d in region.dimensions]


def anchor(code: str) -> str:
    return "region-" + "".join(ch for ch in code.lower() if ch.isalnum())


def region_title(region: RegionPlan) -> str:
    """'Name (CODE)', or the code alone when the region has no name of its own."""
    return region.code if region.name == region.code else f"{region.name} ({region.code})"
