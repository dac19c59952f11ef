"""The response of one respondent: model, reading and atomic writing.

One YAML file per respondent (or one JSON object per line in a JSON Lines file). A response
records exactly which questionnaire it answered (id, version and a hash of its content), so
that answers are never read against a questionnaire that changed since. The format is
documented in docs/response-format.md; `s3engine schema response` prints its JSON Schema.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StrictBool, StringConstraints

from s3engine.core import messages as M
from s3engine.core.models import Identifier, Name, OrganisationName, RegionCode, Strict
from s3engine.i18n.texts import LanguageCode
from s3engine.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from s3engine.questionnaire.model import Questionnaire

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
    consent: StrictBool | None = Field(  # "yes" is no consent: true only
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


def without_personal(response: Response, q: Questionnaire) -> Response:
    """The response without personal data, for exports to other tools.

    Drops the answers to questions the questionnaire marks `personal` and the respondent's
    organisation; everything else (region, group, sector, the other answers) stays.
    """
    personal = {qid for qid, question in q.question_index.items() if question.personal}
    return response.model_copy(
        update={
            "answers": {k: v for k, v in response.answers.items() if k not in personal},
            "skipped": [k for k in response.skipped if k not in personal],
            "respondent": response.respondent.model_copy(update={"organisation": None}),
        }
    )


def as_utc(time: datetime) -> datetime:
    """A time without a zone is taken as UTC (the zone s3engine writes), to compare it."""
    return time if time.tzinfo is not None else time.replace(tzinfo=UTC)


def time_problems(
    status: str, started: datetime, updated: datetime, submitted: datetime | None
) -> list[tuple[str, str]]:
    """The rules on a response's status and times, as (key, message) pairs.

    A complete response has a submission time and a partial one has none; nothing happens
    before the response was started; times with and without a zone are compared as UTC.
    The one place of these rules: `check`, `score` (for Responses and for plain values
    alike) and `plan` call it.
    """
    problems: list[tuple[str, str]] = []
    if status == "complete" and submitted is None:
        problems.append(("submitted", M.RESPONSE_SUBMITTED_MISSING))
    elif status == "partial" and submitted is not None:
        problems.append(("submitted", M.RESPONSE_SUBMITTED_PARTIAL))
    begun = as_utc(started)
    if as_utc(updated) < begun:
        problems.append(("updated", _before(started, "updated", updated)))
    if submitted is not None and as_utc(submitted) < begun:
        problems.append(("submitted", _before(started, "submitted", submitted)))
    return problems


def _before(started: datetime, later: str, time: datetime) -> str:
    return M.RESPONSE_TIME_ORDER.format(
        later=later,
        later_value=time.isoformat(),
        earlier="started",
        earlier_value=started.isoformat(),
    )


def response_time_problems(response: Response) -> list[tuple[str, str]]:
    """time_problems of a Response."""
    return time_problems(response.status, response.started, response.updated, response.submitted)


def same_questionnaire(ref: QuestionnaireRef, q: Questionnaire) -> bool:
    """Whether a response answered exactly `q`: the same id, version and content hash.

    The hash covers the version too: a response whose version differs from `q`'s answered
    another questionnaire even when its hash is `q`'s (an edited file). `check` and `score`
    both ask this.
    """
    return ref.id == q.id and ref.version == q.version and ref.hash == q.content_hash
