"""The S3 stress test: the scoring model, tallies of responses, scores, classes, explanations
and sensitivity.

`engine.score` is the pure arithmetic (model, questionnaire, responses, statistics ->
ScoreResult); `inputs.score_files` is the edge that reads the files first.
"""

from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.inputs import ScoreRequest, score_files
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import ScoreResult

__all__ = ["ScoreRequest", "ScoreResult", "ScoringModel", "load_model", "score", "score_files"]
