"""The edge of `plan`: read the catalogue, model, statistics and responses, score, and plan.

Responses of both surveys may come in the same files: those to the model's questionnaire are
scored exactly as `score` scores them (scoring.SurveyTally, build_result, the sensitivity
analysis), those to the catalogue's needs questionnaire are checked with the same answer
rules and feed the needs. Anything else is refused with a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from s3engine import messages as M
from s3engine.findings import Finding, UsageError
from s3engine.plan_model import Plan
from s3engine.questionnaire import Questionnaire
from s3engine.responses import Response
from s3engine.results import ScoreResult
from s3engine.scoring import AnswerChecker


@dataclass
class PlanRequest:
    responses: Sequence[str] = ()
    data: Sequence[str] = ()
    model: str = "s3-stress-test"
    catalogue: str = "recommendations"
    lang: str | None = None
    regions: Sequence[str] | None = None
    sensitivity: int = 200
    seed: int = 1
    generated: datetime | None = None


@dataclass
class PlanOutcome:
    plan: Plan
    result: ScoreResult
    problems: list[Finding] = field(default_factory=list)
    needs_read: int = 0


def plan_files(request: PlanRequest) -> PlanOutcome:
    from s3engine.catalogue_checks import load_catalogue
    from s3engine.model_checks import load_model
    from s3engine.recommend import build_plan, gather_inputs
    from s3engine.response_io import load_responses, response_files
    from s3engine.score_inputs import load_statistics
    from s3engine.scoring import SurveyTally, build_result
    from s3engine.sensitivity import analyse

    catalogue, context = load_catalogue(request.catalogue)
    model, model_path, questionnaire = load_model(request.model)
    if catalogue.model != model.id and (context.model is None or context.model.id != model.id):
        raise UsageError(
            M.PLAN_MODEL_MISMATCH.format(catalogue_model=catalogue.model, model=model.id)
        )
    lang = request.lang or catalogue.default_language
    if lang not in catalogue.languages:
        raise UsageError(
            M.PLAN_UNKNOWN_LANGUAGE.format(lang=lang, languages=", ".join(catalogue.languages))
        )
    files = response_files(request.responses)
    if request.responses and not files:
        raise UsageError(M.SCORE_NO_RESPONSE_FILES.format(paths=" ".join(request.responses)))
    if model.uses_survey and not files:
        raise UsageError(M.SCORE_NEEDS_RESPONSES.format(model=model.id))
    statistics, data_warnings = load_statistics(model, model_path, request.data)
    needs_q = context.needs_questionnaire
    tally = SurveyTally(model, questionnaire) if model.uses_survey and questionnaire else None
    checker = AnswerChecker(needs_q) if needs_q is not None else None
    problems: list[Finding] = []
    model_responses: list[Response] = []
    needs_responses: list[Response] = []
    seen_needs: set[str] = set()
    loaded, unreadable = load_responses(files)
    problems.extend(unreadable)
    for item in loaded:
        response, file = item.response, item.loaded.file
        line = item.loaded.positions.get((), (None, None))[0]
        who = response.respondent
        where = f"respondent {who.id}"
        ref = response.questionnaire
        if needs_q is not None and checker is not None and ref.id == needs_q.id:
            refused = _needs_problems(response, needs_q, checker, seen_needs)
            if refused:
                problems.extend(
                    Finding(
                        file,
                        line,
                        None,
                        where,
                        M.SCORE_REFUSED.format(id=who.id, region=who.region, problem=message),
                    )
                    for message in refused[:1]
                )
            else:
                seen_needs.add(who.id)
                needs_responses.append(response)
        elif tally is not None and questionnaire is not None and ref.id == questionnaire.id:
            refused = tally.add(response)
            if refused:
                problems.append(
                    Finding(
                        file,
                        line,
                        None,
                        where,
                        M.SCORE_REFUSED.format(id=who.id, region=who.region, problem=refused[0]),
                    )
                )
            else:
                model_responses.append(response)
        else:
            message = M.PLAN_OTHER_QUESTIONNAIRE.format(
                id=ref.id,
                model=questionnaire.id if questionnaire else model.id,
                needs=catalogue.needs.questionnaire,
            )
            problems.append(
                Finding(
                    file,
                    line,
                    None,
                    where,
                    M.SCORE_REFUSED.format(id=who.id, region=who.region, problem=message),
                )
            )
    result = build_result(
        model,
        questionnaire=questionnaire,
        tally=tally,
        statistics=statistics,
        generated=request.generated,
    )
    if data_warnings:
        result = result.model_copy(update={"warnings": data_warnings + list(result.warnings)})
    if not result.regions:
        raise UsageError(M.PLAN_NO_REGIONS)
    if request.sensitivity:
        result = analyse(model, result, runs=request.sensitivity, seed=request.seed)
    if request.regions:
        scored = [r.code for r in result.regions]
        for code in request.regions:
            if code not in scored:
                raise UsageError(M.PLAN_UNKNOWN_REGION.format(code=code, codes=", ".join(scored)))
    inputs = gather_inputs(
        catalogue,
        needs_questionnaire=needs_q,
        model_questionnaire=questionnaire,
        needs_responses=needs_responses,
        model_responses=model_responses,
        gate_labels={g.id: g.label for g in model.gates},
    )
    plan = build_plan(result, catalogue, inputs, lang=lang, regions=request.regions)
    return PlanOutcome(plan, result, problems, len(needs_responses))


def _needs_problems(
    response: Response, questionnaire: Questionnaire, checker: AnswerChecker, seen: set[str]
) -> list[str]:
    ref = response.questionnaire
    if ref.version != questionnaire.version:
        return [
            M.PLAN_NEEDS_OTHER_VERSION.format(
                id=ref.id, version=ref.version, expected=questionnaire.version
            )
        ]
    if ref.hash != questionnaire.content_hash:
        return [M.PLAN_NEEDS_OTHER_CONTENT.format(id=ref.id, version=ref.version)]
    if response.respondent.id in seen:
        return [M.SCORE_DUPLICATE.format(id=response.respondent.id)]
    return [f"{qid}: {message}" for qid, message in checker.problems(response)]
