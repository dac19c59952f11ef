"""The edge of `plan`: read the catalogue, model, statistics and responses, score, and plan.

Responses of both surveys may come in the same files: those to the model's questionnaire are
scored exactly as `score` scores them (scoring.SurveyTally, build_result, the sensitivity
analysis), those to the catalogue's needs questionnaire are checked with the same answer
rules and feed the needs. Anything else is refused with a message. The inputs are named and
read as `score` names and reads them (score_inputs, response_io.read_documents).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, UsageError
from s3engine.plan.model import Plan
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.answer_check import AnswerChecker
from s3engine.responses.model import Response, wave_of
from s3engine.scoring.comparison import Comparison
from s3engine.scoring.inputs import InputRequest
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.results import ScoreResult


@dataclass
class PlanRequest(InputRequest):
    """Everything `s3engine plan` is asked to do; `regions` are the regions to plan (all
    regions are scored)."""

    catalogue: str = "recommendations"
    lang: str | None = None
    sensitivity: int = 200


@dataclass
class PlanOutcome:
    plan: Plan
    result: ScoreResult
    problems: list[Finding] = field(default_factory=list)
    needs_read: int = 0


def plan_files(request: PlanRequest) -> PlanOutcome:
    from s3engine.core.collector import collector_paused
    from s3engine.plan.catalogue_checks import load_catalogue
    from s3engine.plan.recommend import build_plan, gather_inputs
    from s3engine.responses.files import read_documents
    from s3engine.scoring.engine import SurveyTally
    from s3engine.scoring.inputs import open_inputs, refusals
    from s3engine.scoring.region_scores import score_regions
    from s3engine.scoring.sensitivity import analyse

    catalogue, context = load_catalogue(request.catalogue)
    lang = request.lang or catalogue.default_language

    def check(model: ScoringModel) -> None:
        if catalogue.model != model.id and (context.model is None or context.model.id != model.id):
            raise UsageError(
                M.PLAN_MODEL_MISMATCH.format(catalogue_model=catalogue.model, model=model.id)
            )
        if lang not in catalogue.languages:
            raise UsageError(
                M.PLAN_UNKNOWN_LANGUAGE.format(lang=lang, languages=", ".join(catalogue.languages))
            )

    inputs = open_inputs(request, check=check)
    model, questionnaire = inputs.model, inputs.questionnaire
    needs_q = context.needs_questionnaire
    tally = SurveyTally(model, questionnaire) if model.uses_survey and questionnaire else None
    needs = _Needs(needs_q, context.needs_earlier) if needs_q is not None else None
    problems: list[Finding] = []
    model_responses: list[Response] = []
    with collector_paused():
        for document in read_documents(request.responses):
            try:
                response = document.response()
            except S3Error as exc:
                problems.extend(exc.findings)
                continue
            ref = response.questionnaire
            if (
                request.wave is not None
                and ref.id != (needs.q.id if needs is not None else None)
                and wave_of(response).id != request.wave
            ):
                continue  # another wave of the stress test
            if needs is not None and ref.id == needs.q.id:
                refused = needs.add(response)
            elif tally is not None and questionnaire is not None and ref.id == questionnaire.id:
                refused = tally.add(response)
                if not refused:
                    model_responses.append(response)
            else:
                refused = [
                    M.PLAN_OTHER_QUESTIONNAIRE.format(
                        id=ref.id,
                        model=questionnaire.id if questionnaire else model.id,
                        needs=catalogue.needs.questionnaire,
                    )
                ]
            problems.extend(refusals(document, response, refused))
        scores = score_regions(
            model,
            questionnaire=questionnaire,
            tally=tally,
            statistics=inputs.statistics,
            generated=request.generated,
            nuts_version=request.nuts_version,
        )
    result = scores.result
    if inputs.warnings:
        result = result.model_copy(update={"warnings": inputs.warnings + list(result.warnings)})
    if not result.regions:
        if problems:  # say why: the responses that could not be read or were refused
            raise S3Error(problems, conclusion=M.PLAN_NO_REGIONS)
        raise UsageError(M.PLAN_NO_REGIONS)
    if request.sensitivity:
        analysed = analyse(model, scores, runs=request.sensitivity, seed=request.seed)
        result = result.model_copy(
            update={"regions": analysed.regions, "sensitivity": analysed.sensitivity}
        )
    if request.regions:
        scored = [r.code for r in result.regions]
        for code in request.regions:
            if code not in scored:
                raise UsageError(M.PLAN_UNKNOWN_REGION.format(code=code, codes=", ".join(scored)))
    needs_responses = needs.responses if needs is not None else []
    plan_inputs = gather_inputs(
        catalogue,
        needs_questionnaire=needs_q,
        model_questionnaire=questionnaire,
        needs_responses=needs_responses,
        model_responses=model_responses,
        gate_labels={g.id: g.label for g in model.gates},
    )
    comparison = None
    if request.baseline is not None:
        comparison = _comparison(request)
    plan = build_plan(
        result, catalogue, plan_inputs, lang=lang, regions=request.regions, comparison=comparison
    )
    return PlanOutcome(plan, result, problems, len(needs_responses))


def _comparison(request: PlanRequest) -> Comparison:
    """The comparison of request.wave with request.baseline, as `score` makes it."""
    from s3engine.scoring.inputs import ScoreRequest, compare_files

    fields = {f.name: getattr(request, f.name) for f in dataclasses.fields(InputRequest)}
    return compare_files(ScoreRequest(**fields)).comparison


class _Needs:
    """The responses to the needs questionnaire, checked with the answer rules of `score`;
    responses to an earlier version the catalogue declares comparable (needs.comparable_with:
    the same questions and options) count too, each checked against the version it answered."""

    def __init__(self, questionnaire: Questionnaire, earlier: list[Questionnaire]):
        self.q = questionnaire
        self.checkers = {
            (v.version, v.content_hash): AnswerChecker(v) for v in [questionnaire, *earlier]
        }
        self.ids = RespondentIds()
        self.responses: list[Response] = []

    def add(self, response: Response) -> list[str]:
        """Keep a valid response; return why it is refused ([] when it is kept)."""
        ref, q = response.questionnaire, self.q
        versions = {version for version, _ in self.checkers}
        if ref.version not in versions:
            return [
                M.PLAN_NEEDS_OTHER_VERSION.format(
                    id=ref.id, version=ref.version, expected=q.version
                )
            ]
        checker = self.checkers.get((ref.version, ref.hash))
        if checker is None:
            return [M.PLAN_NEEDS_OTHER_CONTENT.format(id=ref.id, version=ref.version)]
        twice = self.ids.given_twice(response.respondent.id)
        if twice is not None:
            return [twice]
        refused: list[str] = [
            M.AT.format(where=qid, problem=message) for qid, message in checker.problems(response)
        ]
        if not refused:
            self.ids.add(response.respondent.id)
            self.responses.append(response)
        return refused
