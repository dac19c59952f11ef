"""The questionnaire language: its models, conditions, answer rules and static checks.

The answer rules (`check_answers`, `visible_questions`, `profile_problems`) are the one
place that says what a respondent sees and what fits: the terminal survey, answers files,
`check` and scoring all call them.
"""

from s3engine.questionnaire.answers import check_answers, profile_problems, visible_questions
from s3engine.questionnaire.checks import check_questionnaire, load_questionnaire
from s3engine.questionnaire.model import Questionnaire

__all__ = [
    "Questionnaire",
    "check_answers",
    "check_questionnaire",
    "load_questionnaire",
    "profile_problems",
    "visible_questions",
]
