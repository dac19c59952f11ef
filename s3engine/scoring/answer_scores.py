"""How one answer becomes a number: the scores of scale points, options and yes/no answers.

A model's survey indicator takes its question's scores from the questionnaire: the score of
each scale point (None for the "no information" point, which is missing, not zero), of each
option of a single choice, of yes and no; the sum of the options chosen in a multiple choice;
the number given to a number question. With `rescale`, scores run from 0 (the lowest the
question allows) to 100 (the highest).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from s3engine.questionnaire.conditions import is_answered
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    ScaleQuestion,
    SingleChoice,
    YesNo,
)


@dataclass(frozen=True)
class AnswerScores:
    """How one question's answer becomes a number for one respondent.

    Finite answers (scale points, options, yes/no) have a `table` from answer to score, None
    for answers without a score (such as the "no information" point); multiple choice and
    number questions use `function`. With `rescale`, scores run from 0 (the lowest possible)
    to 100 (the highest possible).
    """

    qid: str
    table: Mapping[Any, float | None] | None = None
    function: Callable[[Any], float | None] | None = None
    low: float = 0.0
    high: float = 100.0

    @classmethod
    def of(cls, q: Questionnaire, question: Question, *, rescale: bool) -> AnswerScores:
        """Raise ValueError (saying why) when the question cannot be scored."""
        if isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            if scale is None:
                raise ValueError("its scale is not defined")
            points: dict[Any, float | None] = {
                p.value: scale.score_of(p.value) for p in scale.points
            }
            return cls._from_table(question.id, points, rescale, "points of its scale")
        if isinstance(question, SingleChoice):
            options: dict[Any, float | None] = {o.value: o.score for o in q.options_of(question)}
            return cls._from_table(question.id, options, rescale, "options")
        if isinstance(question, YesNo):
            if question.yes_score is None or question.no_score is None:
                raise ValueError("a yes/no question needs both yes_score and no_score")
            raw_yn: dict[Any, float | None] = {True: question.yes_score, False: question.no_score}
            return cls._from_table(question.id, raw_yn, rescale, "answers")
        if isinstance(question, MultipleChoice):
            scores = {o.value: o.score for o in q.options_of(question) if o.score is not None}
            low = math.fsum(s for s in scores.values() if s < 0)
            high = math.fsum(s for s in scores.values() if s > 0)
            if not scores or low == high:
                raise ValueError("none of its options has a score other than 0")
            span = high - low

            def selected(value: Any) -> float | None:
                # Nothing ticked ("none of these", []) sums to 0; options ticked that have
                # no score (such as "other") tell nothing: missing.
                picked = [scores[v] for v in value if v in scores]
                if value and not picked:
                    return None
                total = math.fsum(picked)
                return (total - low) / span * 100.0 if rescale else total

            return cls(question.id, function=selected, low=low, high=high)
        if isinstance(question, NumberQuestion):

            def number(value: Any) -> float | None:
                return float(value)

            return cls(question.id, function=number, low=math.nan, high=math.nan)
        raise ValueError(f"a {question.type.replace('_', ' ')} question has no scores")

    @classmethod
    def _from_table(
        cls, qid: str, raw: Mapping[Any, float | None], rescale: bool, what: str
    ) -> AnswerScores:
        scored = [s for s in raw.values() if s is not None]
        if len(set(scored)) < 2:
            raise ValueError(f"fewer than two of its {what} have different scores")
        low, high = min(scored), max(scored)
        if not rescale:
            return cls(qid, table=dict(raw), low=low, high=high)
        span = high - low
        table = {k: None if s is None else (s - low) / span * 100.0 for k, s in raw.items()}
        return cls(qid, table=table, low=low, high=high)

    def score(self, value: Any) -> float | None:
        if not is_answered(value):
            return None
        if self.table is not None:
            return self.table.get(value)
        assert self.function is not None
        return self.function(value)
