"""The response of one respondent: model, reading and atomic writing.

One YAML file per respondent (or one JSON object per line in a JSON Lines file). A response
records exactly which questionnaire it answered (id, version and a hash of its content), so
that answers are never read against a questionnaire that changed since. The format is
documented in docs/response-format.md; `s3engine schema response` prints its JSON Schema.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from s3engine.core.models import Identifier, Name, OrganisationName, RegionCode, Strict
from s3engine.i18n.texts import LanguageCode

FORMAT_VERSION: Literal[1] = 1

AnswerValue = bool | int | float | str | list[str]


class QuestionnaireRef(Strict):
    id: Identifier
    version: str
    hash: Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class Respondent(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]{4,64}$")]
    region: RegionCode
    region_name: Name | None = None
    group: Identifier
    organisation: OrganisationName | None = None
    sector: str | None = None


class Response(Strict):
    s3engine_response: Literal[1] = Field(
        default=FORMAT_VERSION, description="Version of the response file format."
    )
    questionnaire: QuestionnaireRef
    respondent: Respondent
    language: LanguageCode
    status: Literal["partial", "complete"]
    consent: bool | None = Field(
        default=None, description="True when the respondent accepted the consent statement."
    )
    started: datetime
    updated: datetime
    submitted: datetime | None = None
    answers: dict[Identifier, AnswerValue] = Field(default_factory=dict)
    skipped: list[Identifier] = Field(
        default_factory=list, description="Optional questions the respondent chose to skip."
    )

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def new_respondent_id() -> str:
    return secrets.token_hex(6)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(time: datetime) -> datetime:
    """A time without a zone is taken as UTC (the zone s3engine writes), to compare it."""
    return time if time.tzinfo is not None else time.replace(tzinfo=UTC)


def time_problems(response: Response) -> list[tuple[str, str]]:
    """The rules on a response's status and times, as (key, message) pairs.

    A complete response has a submission time and a partial one has none; nothing happens
    before the response was started. `check`, `score` and `plan` apply the same rules.
    """
    from s3engine.core import messages as M

    problems: list[tuple[str, str]] = []
    if response.status == "complete" and response.submitted is None:
        problems.append(("submitted", M.RESPONSE_SUBMITTED_MISSING))
    elif response.status == "partial" and response.submitted is not None:
        problems.append(("submitted", M.RESPONSE_SUBMITTED_PARTIAL))
    for earlier, later in (("started", "updated"), ("started", "submitted")):
        first, second = getattr(response, earlier), getattr(response, later)
        if first is not None and second is not None and as_utc(second) < as_utc(first):
            problems.append(
                (
                    later,
                    M.RESPONSE_TIME_ORDER.format(
                        later=later,
                        later_value=second.isoformat(),
                        earlier=earlier,
                        earlier_value=first.isoformat(),
                    ),
                )
            )
    return problems
