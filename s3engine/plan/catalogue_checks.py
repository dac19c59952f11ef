"""Static checks of a recommendation catalogue against the model and questionnaires it names.

Every dimension, class, statistic, gate and need a catalogue refers to must exist; the needs
questions must have the right types; texts should exist in every language of the catalogue;
every dimension of the model and every need should be addressed by some recommendation.
`load_catalogue` is what `plan` uses: it refuses a catalogue with errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from s3engine.core import messages as M
from s3engine.core.findings import Finding, Report, S3Error, did_you_mean
from s3engine.i18n.texts import Text
from s3engine.io.files import load_yaml
from s3engine.io.validation import validate_loaded
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.plan.catalogue import (
    Catalogue,
    ClassTest,
    DimensionTest,
    DisagreementTest,
    GateTest,
    NeedTest,
    StatisticTest,
    leaves,
    need_options,
    reaches,
)
from s3engine.questionnaire.answers import not_comparable
from s3engine.questionnaire.file_checks import (
    FileChecker,
    file_report,
    first_problem,
    refuse_errors,
)
from s3engine.questionnaire.model import (
    MultipleChoice,
    QuestionBase,
    Questionnaire,
    Ranking,
    TextQuestion,
)
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import INSUFFICIENT

QuestionT = TypeVar("QuestionT", bound=QuestionBase)


@dataclass
class CatalogueContext:
    """The model and questionnaires a catalogue names, once loaded (None if unusable)."""

    model: ScoringModel | None = None
    model_questionnaire: Questionnaire | None = None
    needs_questionnaire: Questionnaire | None = None
    #: earlier versions of the needs questionnaire whose responses count (needs.comparable_with)
    needs_earlier: list[Questionnaire] = field(default_factory=list)
    model_path: Path | None = None
    problems: list[Finding] = field(default_factory=list)


def _beside_or_shipped(name: str, base: Path, kind: str) -> Path:
    from s3engine.io.resources import resolve

    beside = base.parent / name
    if beside.is_file():
        return beside
    for suffix in (".yaml", ".yml"):
        candidate = base.parent / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return resolve(name, kind)


def load_context(catalogue: Catalogue, loaded: Loaded) -> CatalogueContext:
    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.scoring.checks import load_model

    context = CatalogueContext()
    base = Path(loaded.file)
    try:
        model, path, questionnaire = load_model(
            _beside_or_shipped(catalogue.model, base, "scoring")
        )
        context.model, context.model_path, context.model_questionnaire = model, path, questionnaire
    except S3Error as exc:
        context.problems.append(
            loaded.finding(
                ("model",),
                M.CATALOGUE_MODEL_UNUSABLE.format(name=catalogue.model, problem=first_problem(exc)),
            )
        )
    name = catalogue.needs.questionnaire
    try:
        context.needs_questionnaire, _ = load_questionnaire(
            _beside_or_shipped(name, base, "questionnaires")
        )
    except S3Error as exc:
        context.problems.append(
            loaded.finding(
                ("needs", "questionnaire"),
                M.CATALOGUE_QUESTIONNAIRE_UNUSABLE.format(name=name, problem=first_problem(exc)),
            )
        )
    for index, earlier_name in enumerate(catalogue.needs.comparable_with):
        where: KeyPath = ("needs", "comparable_with", index)
        try:
            earlier, _ = load_questionnaire(
                _beside_or_shipped(earlier_name, base, "questionnaires")
            )
        except S3Error as exc:
            problem = first_problem(exc)
            context.problems.append(
                loaded.finding(
                    where,
                    M.CATALOGUE_QUESTIONNAIRE_UNUSABLE.format(name=earlier_name, problem=problem),
                )
            )
            continue
        needs = context.needs_questionnaire
        why = not_comparable(needs, earlier) if needs is not None else None
        if needs is not None and why is not None:
            context.problems.append(
                loaded.finding(
                    where,
                    M.CATALOGUE_NEEDS_NOT_COMPARABLE.format(
                        name=earlier_name,
                        id=earlier.id,
                        version=earlier.version,
                        expected=f"{needs.id} {needs.version}",
                        problem=why,
                    ),
                )
            )
            continue
        context.needs_earlier.append(earlier)
    return context


def check_catalogue(
    catalogue: Catalogue, loaded: Loaded, context: CatalogueContext
) -> list[Finding]:
    checker = _Checker(catalogue, loaded, context)
    checker.run()
    return [*context.problems, *checker.findings]


class _Checker(FileChecker):
    def __init__(self, catalogue: Catalogue, loaded: Loaded, context: CatalogueContext):
        super().__init__(loaded)
        self.c = catalogue
        self.context = context
        model = context.model
        self.dimensions = {d.id for d in model.dimensions} if model else None
        self.classes = {*model.class_ids(), INSUFFICIENT} if model else None
        self.statistics = (
            {i.id for _, i in model.indicators() if i.kind == "statistic"} if model else None
        )
        self.gates = {g.id for g in model.gates} | {"any"} if model else None
        self.indicators = {i.id for _, i in model.indicators()} if model else None
        #: every country the eligibility rules name (directly or through a group)
        self.countries = sorted(
            {
                country
                for instrument in catalogue.instruments.values()
                if instrument.eligible is not None
                for country in [
                    *instrument.eligible.countries,
                    *instrument.eligible.except_countries,
                    *(
                        c
                        for g in instrument.eligible.groups
                        if g in catalogue.country_groups
                        for c in catalogue.country_groups[g].countries
                    ),
                ]
            }
        )
        options = need_options(catalogue, context.needs_questionnaire)
        self.needs = set(options) if options else None

    def known(
        self, what: str, ident: str, known: set[str] | None, where: str, path: KeyPath
    ) -> None:
        if known is None or ident in known:
            return
        self.error(
            path,
            M.CATALOGUE_UNKNOWN.format(
                what=what, id=ident, where=where, hint=did_you_mean(ident, known)
            ),
        )

    def run(self) -> None:
        self.check_languages(self.c.languages, self.c.default_language)
        self.check_ids()
        self.check_needs_source()
        self.check_settings()
        self.check_instruments()
        self.check_enabling_condition()
        for index in range(len(self.c.recommendations)):
            self.check_recommendation(index)
        self.check_coverage()
        self.check_translations(_texts(self.c), self.c.languages, self.c.default_language)

    def check_ids(self) -> None:
        first: dict[str, int] = {}
        for index, rec in enumerate(self.c.recommendations):
            if rec.id in first:
                line = self.loaded.where(("recommendations", first[rec.id]))[0]
                self.error(
                    ("recommendations", index, "id"),
                    M.DUPLICATE_ID.format(id=rec.id, first=line),
                )
            else:
                first[rec.id] = index

    def check_needs_source(self) -> None:
        q = self.context.needs_questionnaire
        source = self.c.needs
        if q is not None:
            self._question(q, source.ranking, ("needs", "ranking"), Ranking, "ranking", "ranking")
            if source.unmet is not None:
                unmet = self._question(
                    q, source.unmet, ("needs", "unmet"), MultipleChoice, "unmet", "multiple_choice"
                )
                if (
                    unmet is not None
                    and self.needs is not None
                    and {o.value for o in q.options_of(unmet)} != self.needs
                ):
                    self.error(
                        ("needs", "unmet"),
                        M.CATALOGUE_OPTIONS_DIFFER.format(id=source.unmet, ranking=source.ranking),
                    )
            for index, qid in enumerate(source.comments):
                path: KeyPath = ("needs", "comments", index)
                comment = self._question(q, qid, path, TextQuestion, "a comment", "text")
                if comment is not None and comment.personal:
                    self.error(path, M.CATALOGUE_PERSONAL_COMMENT.format(id=qid))
        mq = self.context.model_questionnaire
        if self.c.priority_domains is not None and mq is not None:
            self._question(
                mq,
                self.c.priority_domains,
                ("priority_domains",),
                MultipleChoice,
                "priority_domains",
                "multiple_choice",
            )

    def _question(
        self,
        q: Questionnaire,
        qid: str,
        path: KeyPath,
        kind: type[QuestionT],
        role: str,
        expected: str,
    ) -> QuestionT | None:
        """The question `qid` of `q` when it exists and is a `kind`; else says what is wrong."""
        question = q.question_index.get(qid)
        if question is None:
            self.known("question", qid, set(q.question_index), q.id, path)
            return None
        if not isinstance(question, kind):
            self.error(
                path,
                M.CATALOGUE_QUESTION_TYPE.format(
                    id=qid, found=question.type, role=role, expected=expected
                ),
            )
            return None
        return question

    def check_settings(self) -> None:
        for dim in self.c.settings.targets:
            self.known("dimension", dim, self.dimensions, "the model", ("settings", "targets", dim))

    def check_recommendation(self, index: int) -> None:
        rec = self.c.recommendations[index]
        base: KeyPath = ("recommendations", index)
        if rec.dimension is not None:
            self.known(
                "dimension", rec.dimension, self.dimensions, "the model", (*base, "dimension")
            )
        for n, need in enumerate(rec.needs):
            self.known(
                "need",
                need,
                self.needs,
                f"the options of '{self.c.needs.ranking}'",
                (*base, "needs", n),
            )
        for n, instrument in enumerate(rec.funding):
            self.known(
                "instrument",
                instrument,
                set(self.c.instruments),
                "instruments",
                (*base, "funding", n),
            )
        if rec.owner is not None and rec.owner not in rec.actors:
            self.error(
                (*base, "owner"),
                M.CATALOGUE_OWNER_NOT_ACTOR.format(owner=rec.owner, actors=", ".join(rec.actors)),
            )
        for n, indicator in enumerate(rec.track):
            self.known("indicator", indicator, self.indicators, "the model", (*base, "track", n))
        criteria = self.c.enabling_condition.criteria if self.c.enabling_condition else None
        if rec.criteria and criteria is None:
            self.error((*base, "criteria"), M.CATALOGUE_NO_CRITERIA)
        for n, criterion in enumerate(rec.criteria):
            known = set(criteria) if criteria is not None else None
            self.known("criterion", criterion, known, "enabling_condition", (*base, "criteria", n))
        self.check_funding_everywhere(index)
        for leaf, rel in leaves(rec.when):
            path: KeyPath = (*base, "when", *rel)
            if isinstance(leaf, ClassTest):
                for ident in leaf.classes:
                    self.known("class", ident, self.classes, "the model", (*path, "class"))
            elif isinstance(leaf, DimensionTest):
                self.known(
                    "dimension", leaf.dimension, self.dimensions, "the model", (*path, "dimension")
                )
            elif isinstance(leaf, DisagreementTest):
                self.known(
                    "dimension",
                    leaf.disagreement,
                    self.dimensions,
                    "the model",
                    (*path, "disagreement"),
                )
            elif isinstance(leaf, StatisticTest):
                self.known(
                    "statistics indicator",
                    leaf.statistic,
                    self.statistics,
                    "the model",
                    (*path, "statistic"),
                )
            elif isinstance(leaf, GateTest):
                self.known("gate", leaf.gate, self.gates, "the model", (*path, "gate"))
            elif isinstance(leaf, NeedTest):
                self.known(
                    "need",
                    leaf.need,
                    self.needs,
                    f"the options of '{self.c.needs.ranking}'",
                    (*path, "need"),
                )
                if leaf.unmet_share_at_least is not None and self.c.needs.unmet is None:
                    self.error((*path, "unmet_share_at_least"), M.CATALOGUE_UNMET_UNDEFINED)

    def check_funding_everywhere(self, index: int) -> None:
        """Warn when no instrument of a recommendation can fund it in a country the catalogue's
        eligibility rules name (plans for regions there leave the recommendation out)."""
        rec = self.c.recommendations[index]
        groups = self.c.country_groups
        missing = [
            country
            for country in self.countries
            if not any(
                reaches(self.c.instruments[i], country, groups)
                for i in rec.funding
                if i in self.c.instruments
            )
        ]
        if missing:
            self.warn(
                ("recommendations", index, "funding"),
                M.CATALOGUE_NO_FUNDING_IN.format(id=rec.id, countries=", ".join(missing)),
            )

    def check_instruments(self) -> None:
        groups = set(self.c.country_groups)
        for ident, instrument in self.c.instruments.items():
            rule = instrument.eligible
            for n, group in enumerate(rule.groups if rule is not None else []):
                path: KeyPath = ("instruments", ident, "eligible", "groups", n)
                self.known("country group", group, groups, "country_groups", path)

    def check_enabling_condition(self) -> None:
        condition = self.c.enabling_condition
        if condition is None:
            return
        for ident, criterion in condition.criteria.items():
            base: KeyPath = ("enabling_condition", "criteria", ident)
            for n, dim in enumerate(criterion.dimensions):
                self.known("dimension", dim, self.dimensions, "the model", (*base, "dimensions", n))
            for n, ind in enumerate(criterion.indicators):
                self.known("indicator", ind, self.indicators, "the model", (*base, "indicators", n))
            for n, need in enumerate(criterion.needs):
                where = f"the options of '{self.c.needs.ranking}'"
                self.known("need", need, self.needs, where, (*base, "needs", n))

    def check_coverage(self) -> None:
        addressed: set[str] = set()
        answered: set[str] = set()
        for rec in self.c.recommendations:
            if rec.dimension:
                addressed.add(rec.dimension)
            answered.update(rec.needs)
            for leaf, _ in leaves(rec.when):
                if isinstance(leaf, DimensionTest):
                    addressed.add(leaf.dimension)
                elif isinstance(leaf, NeedTest):
                    answered.add(leaf.need)
        if self.context.model is not None:
            for dim in self.context.model.dimensions:
                if dim.id not in addressed:
                    self.warn(
                        ("recommendations",),
                        M.CATALOGUE_DIMENSION_UNUSED.format(id=dim.id),
                    )
        if self.needs is not None:
            for need in need_options(self.c, self.context.needs_questionnaire):
                if need not in answered:
                    self.warn(("recommendations",), M.CATALOGUE_NEED_UNUSED.format(id=need))


def _texts(c: Catalogue) -> Iterable[tuple[KeyPath, Text]]:
    yield ("title",), c.title
    if c.description is not None:
        yield ("description",), c.description
    for ident, group in c.country_groups.items():
        yield ("country_groups", ident, "label"), group.label
    for ident, instrument in c.instruments.items():
        yield ("instruments", ident, "label"), instrument.label
        for country, note in instrument.notes.items():
            yield ("instruments", ident, "notes", country), note
    if c.enabling_condition is not None:
        yield ("enabling_condition", "title"), c.enabling_condition.title
        for ident, criterion in c.enabling_condition.criteria.items():
            yield ("enabling_condition", "criteria", ident, "label"), criterion.label
    for index, rec in enumerate(c.recommendations):
        for key in ("title", "text", "rationale", "milestone"):
            yield ("recommendations", index, key), getattr(rec, key)


def summarise(c: Catalogue) -> dict[str, Any]:
    return {
        "id": c.id,
        "version": c.version,
        "model": c.model,
        "recommendations": len(c.recommendations),
        "instruments": len(c.instruments),
        "languages": " ".join(c.languages),
    }


def check_catalogue_file(loaded: Loaded, context: object) -> Report:
    """The `check` command's checker for files with a top-level `recommendations` key."""

    def check(catalogue: Catalogue) -> list[Finding]:
        return check_catalogue(catalogue, loaded, load_context(catalogue, loaded))

    return file_report(loaded, "catalogue", Catalogue, check, summarise)


def load_catalogue(spec: str | Path) -> tuple[Catalogue, CatalogueContext]:
    """Load and check a catalogue by path or shipped name; raise S3Error if it has errors."""
    from s3engine.io.resources import resolve

    path = resolve(str(spec), "scoring")
    loaded = load_yaml(path)
    catalogue = validate_loaded(Catalogue, loaded)
    context = load_context(catalogue, loaded)
    refuse_errors(check_catalogue(catalogue, loaded, context))
    return catalogue, context
