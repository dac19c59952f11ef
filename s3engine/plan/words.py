"""The words of one action plan: labels, numbers and labelled lines in the plan's language.

Labels come from the result (classes, dimensions), the catalogue (instruments) and the
questionnaires (needs, groups, gates, via PlanInputs); fixed sentences from plan_texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from s3engine.core.bidi import isolate
from s3engine.i18n.texts import Text, pick
from s3engine.plan import texts as T
from s3engine.plan.catalogue import Catalogue
from s3engine.plan.inputs import PlanInputs
from s3engine.plan.model import Funding, NeedLine
from s3engine.plan.needs import NeedFigure
from s3engine.scoring.results import INSUFFICIENT, ScoreResult

#: At most this many partners are named in a sentence of a region's plan; then "and 12 more".
NAMES_SHOWN = 8


class Words:
    """Labels and numbers in the plan's language."""

    def __init__(self, result: ScoreResult, catalogue: Catalogue, inputs: PlanInputs, lang: str):
        self.result = result
        self.catalogue = catalogue
        self.inputs = inputs
        self.lang = lang
        self.default = catalogue.default_language
        self._classes = {c.id: c.label for c in result.classes}

    def t(self, key: str, **values: str) -> str:
        return T.text(key, self.lang, **values)

    def name(self, name: str) -> str:
        """A region's name as it goes into a sentence: isolated (core.bidi), so that it can
        never reorder the words around it."""
        return isolate(name)

    def names(self, names: Sequence[str]) -> str:
        """'A, B and C' of region names, each isolated."""
        return self.join([isolate(n) for n in names])

    def others(self, regions: Iterable[tuple[str, str]], code: str, total: int) -> str:
        """The names of `regions` (code, name), `code`'s left out: all of them, or, when
        there are more than NAMES_SHOWN, the first few and how many more. A region's plan
        names its partners in a sentence, which must stay short (and cheap) when a joint
        action is held by hundreds of regions. `total`: how many there are, `code`'s counted."""
        shown = list(islice((n for c, n in regions if c != code), NAMES_SHOWN + 1))
        if len(shown) <= NAMES_SHOWN:
            return self.names(shown)
        shown = shown[:NAMES_SHOWN]
        more = total - 1 - len(shown)
        return ", ".join(isolate(n) for n in shown) + self.t("note.more", n=str(more))

    def pick(self, text: Text | None) -> str:
        return pick(text, self.lang, self.default)

    def class_label(self, class_id: str) -> str:
        if class_id in self._classes:
            return pick(self._classes[class_id], self.lang, self.result.default_language)
        if class_id == INSUFFICIENT:
            return self.t("class.insufficient_evidence")
        return class_id

    def dimension_label(self, dimension_id: str) -> str:
        label = self.result.dimension_labels.get(dimension_id)
        return pick(label, self.lang, self.result.default_language) if label else dimension_id

    def need_label(self, need: str) -> str:
        return self.pick(self.inputs.need_labels.get(need)) or need

    def group_label(self, group: str) -> str:
        return self.pick(self.inputs.group_labels.get(group)) or group

    def gate_label(self, gate: str) -> str:
        return self.pick(self.inputs.gate_labels.get(gate)) or gate

    def funding(self, instrument: str, country: str) -> Funding:
        """A funding instrument of the catalogue, with its note for `country` if it has one."""
        found = self.catalogue.instruments.get(instrument)
        if found is None:
            return Funding(id=instrument, label=instrument)
        note = found.notes.get(country)
        return Funding(
            id=instrument, label=self.pick(found.label), note=self.pick(note) if note else None
        )

    def flag(self, flag: str) -> str:
        """A Eurostat flag in words ('b': break in time series), or the flag itself."""
        key = f"flag.{flag.lower()}"
        return self.t(key) if T.has(key) else flag

    def num(self, value: float, digits: int = 1) -> str:
        return T.number(value, self.lang, digits)

    def pct(self, share: float) -> str:
        return T.percent(share, self.lang)

    def join(self, items: Sequence[str]) -> str:
        return T.join(items, self.lang, "and")

    def join_or(self, items: Sequence[str]) -> str:
        return T.join(items, self.lang, "or")


def need_lines(figures: Sequence[NeedFigure], top: int, words: Words) -> list[NeedLine]:
    """The `top` ranked needs, labelled: of a region, a stakeholder group or the partnership."""
    return [
        NeedLine(
            id=f.need,
            label=words.need_label(f.need),
            rank=f.rank,
            points=f.points,
            share=f.share,
            unmet_share=f.unmet_share,
        )
        for f in figures
        if f.rank is not None
    ][:top]
