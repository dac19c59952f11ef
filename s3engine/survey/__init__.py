"""The survey: its flow (what is shown, valid, removed), answers files, and the terminal.

`flow` is the logic every way of answering shares; `script` answers from a file;
`terminal` (the only questionary user) asks in a terminal. The package exposes the first
two; the terminal is imported by the command that runs it.
"""

from s3engine.survey.flow import SurveyState, make_response
from s3engine.survey.script import answer_from_file, response_from_answers

__all__ = ["SurveyState", "answer_from_file", "make_response", "response_from_answers"]
