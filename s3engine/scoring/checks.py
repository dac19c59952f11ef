"""Static checks of a scoring model: references, classes, translations, and the questionnaire.

Every check adds findings with the key path of the offending value, so that `s3engine check`
points at file:line:column. A model that names a questionnaire is checked against it: every
question it uses must exist and have scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from s3engine.core import messages as M
from s3engine.core.findings import Finding, Report, S3Error, did_you_mean
from s3engine.io.files import load_yaml
from s3engine.io.validation import validate_loaded
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.file_checks import (
    FileChecker,
    file_report,
    first_problem,
    iter_texts,
    refuse_errors,
)
from s3engine.questionnaire.model import Questionnaire
from s3engine.scoring.model import (
    Goalposts,
    Indicator,
    NoNormalisation,
    Ratio,
    ScoringModel,
)
from s3engine.scoring.results import INSUFFICIENT

if TYPE_CHECKING:
    from s3engine.scoring.targets import Targets


def check_model(
    model: ScoringModel,
    loaded: Loaded,
    *,
    questionnaire: Questionnaire | None = None,
    questionnaire_problem: str | None = None,
) -> list[Finding]:
    """Every problem of a model; `questionnaire` is the one it names, when it could be loaded."""
    checker = _Checker(model, loaded)
    checker.run()
    if questionnaire is not None:
        checker.check_against(questionnaire)
    elif questionnaire_problem is not None:
        checker.error(("questionnaire",), questionnaire_problem)
    return checker.findings


def summarise(model: ScoringModel) -> dict[str, Any]:
    indicators = [i for _, i in model.indicators()]
    return {
        "id": model.id,
        "version": model.version,
        "questionnaire": model.questionnaire or "none",
        "dimensions": len(model.dimensions),
        "indicators": len(indicators),
        "survey indicators": sum(1 for i in indicators if i.kind == "survey"),
        "statistics": sum(1 for i in indicators if i.kind == "statistic"),
        "classes": " > ".join(model.class_ids()),
        "gates": len(model.gates),
        "aggregation": model.aggregation,
        "languages": " ".join(model.languages),
    }


# -- loading ---------------------------------------------------------------------------------


def resolve_questionnaire(model: ScoringModel, model_file: Path) -> Path:
    """The questionnaire a model names: a path relative to the model, or a shipped name."""
    from s3engine.io.resources import resolve

    assert model.questionnaire is not None
    beside = model_file.parent / model.questionnaire
    if beside.is_file():
        return beside
    return resolve(model.questionnaire, "questionnaires")


def load_named_questionnaire(
    model: ScoringModel, model_file: Path
) -> tuple[Questionnaire | None, str | None]:
    """The model's questionnaire, or why it cannot be used (as one line)."""
    from s3engine.questionnaire.checks import load_questionnaire

    if model.questionnaire is None:
        return None, None
    try:
        path = resolve_questionnaire(model, model_file)
        questionnaire, _ = load_questionnaire(path)
    except S3Error as exc:
        return None, M.MODEL_QUESTIONNAIRE_INVALID.format(
            name=model.questionnaire, problem=first_problem(exc)
        )
    return questionnaire, None


def load_model(spec: str | Path) -> tuple[ScoringModel, Path, Questionnaire | None]:
    """Load a model by path or shipped name, with its questionnaire; raise S3Error if invalid."""
    from s3engine.io.resources import resolve

    path = resolve(str(spec), "scoring")
    loaded = load_yaml(path)
    model = validate_loaded(ScoringModel, loaded)
    questionnaire, problem = load_named_questionnaire(model, path)
    refuse_errors(
        check_model(model, loaded, questionnaire=questionnaire, questionnaire_problem=problem)
    )
    return model, path, questionnaire


def check_model_file(loaded: Loaded, context: object) -> Report:
    """The `check` command's checker for files with a top-level `dimensions` key."""

    def check(model: ScoringModel) -> list[Finding]:
        questionnaire, problem = load_named_questionnaire(model, Path(loaded.file))
        return check_model(
            model, loaded, questionnaire=questionnaire, questionnaire_problem=problem
        )

    return file_report(loaded, "model", ScoringModel, check, summarise)


# -- the checks ------------------------------------------------------------------------------


class _Checker(FileChecker):
    def __init__(self, model: ScoringModel, loaded: Loaded):
        super().__init__(loaded)
        self.model = model
        self.indicator_paths: dict[str, KeyPath] = {}
        for d_index, dimension in enumerate(model.dimensions):
            for i_index, indicator in enumerate(dimension.indicators):
                self.indicator_paths.setdefault(
                    indicator.id, ("dimensions", d_index, "indicators", i_index)
                )

    def run(self) -> None:
        m = self.model
        self.check_languages(m.languages, m.default_language)
        self.check_ids()
        self.check_classes()
        self.check_indicators()
        self.check_gates()
        self.check_source_files()
        self.check_translations(iter_texts(m), m.languages, m.default_language)

    def check_source_files(self) -> None:
        """A source file named outside the model's folder is read only from --data (score
        refuses it otherwise, unread): said here too, so that check and score agree."""
        m = self.model
        for source_id, source in m.statistic_sources().items():
            file = Path(source.file)
            if not (file.is_absolute() or ".." in file.parts):
                continue
            if source_id in m.sources:
                path: KeyPath = ("sources", source_id, "file")
            else:
                path = (*self.indicator_paths.get(source_id, ()), "statistic", "file")
            self.warn(path, M.MODEL_SOURCE_OUTSIDE.format(file=source.file))

    # -- structure -----------------------------------------------------------------------

    def check_ids(self) -> None:
        m = self.model
        self.unique([(d.id, ("dimensions", i, "id")) for i, d in enumerate(m.dimensions)])
        self.unique(
            [
                (ind.id, ("dimensions", di, "indicators", ii, "id"))
                for di, dim in enumerate(m.dimensions)
                for ii, ind in enumerate(dim.indicators)
            ],
        )
        self.unique([(s.id, ("stages", i, "id")) for i, s in enumerate(m.stages)])
        self.unique(
            [(c.id, ("classes", "levels", i, "id")) for i, c in enumerate(m.classes.levels)],
        )
        self.unique([(g.id, ("gates", i, "id")) for i, g in enumerate(m.gates)])
        for d_index, dim in enumerate(m.dimensions):
            for i_index, ind in enumerate(dim.indicators):
                inline = ind.statistic is not None and not isinstance(ind.statistic, str)
                if inline and ind.id in m.sources:
                    self.error(
                        ("dimensions", d_index, "indicators", i_index, "id"),
                        M.MODEL_INLINE_SOURCE_CLASH.format(id=ind.id),
                    )

    def check_classes(self) -> None:
        levels = self.model.classes.levels
        previous: float | None = None
        for index, level in enumerate(levels):
            path: KeyPath = ("classes", "levels", index)
            if level.id == INSUFFICIENT:
                self.error((*path, "id"), M.MODEL_RESERVED_CLASS.format(id=INSUFFICIENT))
            last = index == len(levels) - 1
            if last and level.min is not None:
                self.error((*path, "min"), M.MODEL_LAST_CLASS_MIN.format(id=level.id))
            elif not last and level.min is None:
                self.error((*path,), M.MODEL_CLASS_NEEDS_MIN.format(id=level.id))
            elif level.min is not None:
                if previous is not None and level.min >= previous:
                    self.error(
                        (*path, "min"),
                        M.MODEL_CLASS_ORDER.format(id=level.id, value=level.min, previous=previous),
                    )
                previous = level.min

    def check_indicators(self) -> None:
        m = self.model
        stages = {s.id for s in m.stages}
        for d_index, dim in enumerate(m.dimensions):
            for i_index, ind in enumerate(dim.indicators):
                path: KeyPath = ("dimensions", d_index, "indicators", i_index)
                if ind.stage is not None and ind.stage not in stages:
                    self.error((*path, "stage"), _unknown(ind.stage, stages, "stages"))
                if isinstance(ind.statistic, str) and ind.statistic not in m.sources:
                    self.error(
                        (*path, "statistic"),
                        _unknown(ind.statistic, set(m.sources), "sources"),
                    )
                if ind.question is not None and m.questionnaire is None:
                    self.error((*path, "question"), M.MODEL_NEEDS_QUESTIONNAIRE)
                self.check_normalisation(ind, path)
        for source_id, source in m.sources.items():
            weight = source.children.weight if source.children is not None else None
            if weight is not None and (weight not in m.sources or weight == source_id):
                others = set(m.sources) - {source_id}
                self.error(
                    ("sources", source_id, "children", "weight"),
                    _unknown(weight, others, "sources"),
                )

    def check_normalisation(self, ind: Indicator, path: KeyPath) -> None:
        method = ind.normalisation
        if ind.kind == "statistic" and ind.normalise is None:
            self.error(
                (*path, "statistic"), M.MODEL_STATISTIC_NEEDS_NORMALISATION.format(id=ind.id)
            )
        elif ind.kind == "statistic" and isinstance(method, NoNormalisation):
            self.warn((*path, "normalise"), M.MODEL_STATISTIC_NOT_NORMALISED)
        if isinstance(method, Goalposts):
            if method.min >= method.max:
                self.error(
                    (*path, "normalise", "min"),
                    M.MODEL_GOALPOSTS_ORDER.format(low=method.min, high=method.max),
                )
            if ind.log and method.min <= -1:
                self.error((*path, "normalise", "min"), M.MODEL_LOG_GOALPOSTS)
        if isinstance(method, Ratio):
            if ind.log:
                self.error((*path, "log"), M.MODEL_LOG_RATIO)
            if ind.kind == "survey" and method.reference_region is not None:
                self.error((*path, "normalise", "reference_region"), M.MODEL_SURVEY_REFERENCE)

    def check_gates(self) -> None:
        m = self.model
        classes = m.class_ids()
        for index, gate in enumerate(m.gates):
            path: KeyPath = ("gates", index)
            kind, ref = gate.target
            known: set[str] = {
                "indicator": set(m.indicator_index),
                "dimension": set(m.dimension_index),
                "source": set(m.sources),
            }[kind]
            if ref not in known:
                where = {"indicator": "dimensions", "dimension": "dimensions", "source": "sources"}
                self.error((*path, kind), _unknown(ref, known, where[kind]))
            if gate.class_ not in classes:
                self.error(
                    (*path, "class"),
                    M.MODEL_UNKNOWN_CLASS.format(
                        id=gate.class_,
                        classes=", ".join(classes),
                        hint=did_you_mean(gate.class_, classes),
                    ),
                )
            elif gate.class_ == classes[0]:
                self.warn((*path, "class"), M.MODEL_GATE_TOP_CLASS.format(id=gate.class_))

    # -- against the questionnaire -------------------------------------------------------

    def check_against(self, q: Questionnaire) -> None:
        from s3engine.scoring.engine import AnswerScores

        groups = [g.id for g in q.profile.groups]
        for group in self.model.respondents.group_weights:
            if group not in groups:
                self.error(
                    ("respondents", "group_weights", group),
                    M.UNKNOWN_GROUP.format(group=group, groups=", ".join(groups)),
                )
        if self.model.respondents.min_groups > len(groups):
            self.error(
                ("respondents", "min_groups"),
                M.MODEL_TOO_MANY_GROUPS.format(
                    count=self.model.respondents.min_groups, groups=len(groups), id=q.id
                ),
            )
        for qid, path in self._questions():
            question = q.question_index.get(qid)
            if question is None:
                self.error(
                    (*path, "question"),
                    M.MODEL_UNKNOWN_QUESTION.format(
                        id=qid,
                        questionnaire=f"{q.id} {q.version}",
                        hint=did_you_mean(qid, q.question_index),
                    ),
                )
                continue
            if question.personal:
                self.error((*path, "question"), M.MODEL_PERSONAL_QUESTION.format(id=qid))
                continue
            try:
                AnswerScores.of(q, question, rescale=True)
            except ValueError as exc:
                self.error(
                    (*path, "question"),
                    M.MODEL_QUESTION_NOT_SCORED.format(id=qid, problem=str(exc)),
                )
                continue
            indicator = self.model.indicator_index.get(self._indicator_at(path))
            if (
                question.type == "number"
                and indicator is not None
                and isinstance(indicator.normalisation, NoNormalisation)
            ):
                self.warn((*path, "question"), M.MODEL_NUMBER_NOT_NORMALISED.format(id=qid))

    def _questions(self) -> Iterable[tuple[str, KeyPath]]:
        for d_index, dim in enumerate(self.model.dimensions):
            for i_index, ind in enumerate(dim.indicators):
                if ind.question is not None:
                    yield ind.question, ("dimensions", d_index, "indicators", i_index)

    def _indicator_at(self, path: KeyPath) -> str:
        d_index, i_index = int(path[1]), int(path[3])
        return self.model.dimensions[d_index].indicators[i_index].id


def _unknown(ref: str, known: set[str], under: str) -> str:
    """`ref` is none of the names under the key `under` (stages, sources, dimensions)."""
    return M.MODEL_UNKNOWN_REF.format(id=ref, under=under, hint=did_you_mean(ref, known))


def check_targets_file(loaded: Loaded, context: object) -> Report:
    """The `check` command's checker for targets files (a top-level `s3engine_targets`)."""
    from s3engine.scoring.targets import Targets, target_problems

    def check(targets: Targets) -> list[Finding]:
        beside = Path(loaded.file).parent / targets.model
        try:
            model, _, _ = load_model(beside if beside.is_file() else targets.model)
        except S3Error as exc:
            return [loaded.finding(("model",), M.TARGET_MODEL.format(problem=first_problem(exc)))]
        return [
            loaded.finding(("targets", index, key), message)
            for index, key, message in target_problems(targets, model)
        ]

    def summarise(targets: Targets) -> dict[str, Any]:
        return {
            "targets": len(targets.targets),
            "regions": len({t.region for t in targets.targets}),
        }

    return file_report(loaded, "targets", Targets, check, summarise)


def load_targets(path: Path) -> Targets:
    """A targets file, checked against its model; S3Error with every problem if any."""
    from s3engine.scoring.targets import Targets

    loaded = load_yaml(path)
    report = check_targets_file(loaded, None)
    refuse_errors(report.findings)
    return validate_loaded(Targets, loaded)
