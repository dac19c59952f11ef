"""Responses: the model of one respondent's answers, response files and JSON Lines, and the
checks `check` applies to them."""

from s3engine.responses.files import (
    create_response_file,
    load_responses,
    read_documents,
    read_response,
    save_response,
)
from s3engine.responses.model import Respondent, Response

__all__ = [
    "Respondent",
    "Response",
    "create_response_file",
    "load_responses",
    "read_documents",
    "read_response",
    "save_response",
]
