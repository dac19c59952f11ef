"""The stress test's arithmetic: responses + statistics + model -> a ScoreResult.

Pure functions and in-memory accumulators, no files and no printing. The work is split
into modules with one job each; this one is the library's entry point (`score`) and names
what other modules use:

* answer_scores.py: how one answer becomes a number (scale points, options, yes/no);
* answer_check.py: the answer rules of answers.check_answers, with a memoised fast path;
* tally.py: responses, checked one at a time, become counts per region, group and answer
  (plain_response.py: the same, from a document's plain values; respondent_ids.py: the
  respondents read, to refuse a response given twice);
* normalise.py: each indicator's raw values become 0-100 scores over the regions scored;
* composite.py: weighted means, classes, gates, stages and the distance to the next class;
* region_scores.py: the tallies and statistics become the ScoreResult, built once.

docs/scoring-model.md describes the method step by step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.answer_check import UNSCORED, AnswerChecker
from s3engine.responses.model import Response
from s3engine.scoring.answer_scores import AnswerScores
from s3engine.scoring.composite import (
    DECIMALS,
    aggregate,
    class_index,
    fastest_dimension,
    rounded,
)
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.normalise import average_ranks, quantile
from s3engine.scoring.region_scores import build_result, select_regions
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.results import ScoreResult
from s3engine.scoring.tally import MAX_REFUSALS_LISTED, SurveyTally
from s3engine.scoring.tally_counts import GroupTotals
from s3engine.scoring.words import describe_flags
from s3engine.statistics.sources import SourceTable

__all__ = [
    "DECIMALS",
    "MAX_REFUSALS_LISTED",
    "UNSCORED",
    "AnswerChecker",
    "AnswerScores",
    "GroupTotals",
    "RespondentIds",
    "SurveyTally",
    "aggregate",
    "average_ranks",
    "build_result",
    "class_index",
    "describe_flags",
    "fastest_dimension",
    "quantile",
    "rounded",
    "score",
    "select_regions",
]


def score(
    model: ScoringModel,
    *,
    questionnaire: Questionnaire | None = None,
    responses: Iterable[Response] = (),
    statistics: Mapping[str, SourceTable] | None = None,
    regions: Sequence[str] | None = None,
    level: int | None = None,
    generated: datetime | None = None,
    nuts_version: int | None = None,
) -> ScoreResult:
    """Score regions: the library's one call. `statistics` maps source ids to their tables.

    Responses that do not fit the questionnaire are refused (counted, and described in the
    result's warnings), never misread.
    """
    tally: SurveyTally | None = None
    if model.uses_survey:
        if questionnaire is None:
            raise ValueError("the model scores survey questions: pass its questionnaire")
        tally = SurveyTally(model, questionnaire)
        for response in responses:
            tally.add(response)
    return build_result(
        model,
        questionnaire=questionnaire,
        tally=tally,
        statistics=statistics or {},
        regions=regions,
        level=level,
        generated=generated,
        nuts_version=nuts_version,
    )
