"""The response of one respondent: model, reading and atomic writing.

One YAML file per respondent (or one JSON object per line in a JSON Lines file). A response
records exactly which questionnaire it answered (id, version and a hash of its content), so
that answers are never read against a questionnaire that changed since. The format is
documented in docs/response-format.md; `s3engine schema response` prints its JSON Schema.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StringConstraints,
    model_serializer,
)

from s3engine.core import messages as M
from s3engine.core.models import Identifier, Name, OrganisationName, RegionCode, Strict
from s3engine.i18n.texts import LanguageCode
from s3engine.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from s3engine.questionnaire.model import Questionnaire

FORMAT_VERSION: Literal[1] = 1
#: How a wave's period is written: a year, a month, or a range of either (2026-03/2026-05).
PERIOD_PATTERN = r"[12][0-9]{3}(-(0[1-9]|1[0-2]))?(/[12][0-9]{3}(-(0[1-9]|1[0-2]))?)?"
_PERIOD = re.compile(PERIOD_PATTERN)
#: A time written as s3engine writes it (and ISO 8601): the year first.
_YEAR_START = re.compile(r"[0-9]{4}-")

AnswerValue = bool | int | float | str | list[str]


def wave_year_problem(value: datetime) -> str | None:
    """What is wrong with a response's time that is not in a year a wave can be named after
    (PERIOD_PATTERN: 1000 to 2999; a response without a wave belongs to the wave of the year
    it was started in, default_wave); None for one that is. The one rule of every reader:
    the Response model, score's plain path (PlainRules.day_ok asks the model), and import's
    reading of a tool's times (interop.imports.RowReader.time, interop.columns._Times)."""
    return None if 1000 <= value.year <= 2999 else M.RESPONSE_YEAR.format(year=value.year)


def _in_a_wave_year(value: datetime) -> datetime:
    if (problem := wave_year_problem(value)) is not None:
        raise ValueError(problem)
    return value


#: When a response was started, last updated or submitted.
ResponseTime = Annotated[datetime, AfterValidator(_in_a_wave_year)]


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


#: A wave's name: a year (2026) or a word (spring-2026).
WAVE_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}"
_WAVE_ID = re.compile(WAVE_ID_PATTERN)
WaveId = Annotated[str, StringConstraints(pattern=f"^{WAVE_ID_PATTERN}$")]
Period = Annotated[str, StringConstraints(pattern=f"^{PERIOD_PATTERN}$")]


class Wave(Strict):
    """The round of the survey a response belongs to (docs/waves.md).

    S3 stakeholder surveys are repeated every two to three years; each round is a wave, and
    `score --baseline` compares two of them.
    """

    id: WaveId = Field(description="The wave's name, e.g. 2026 or spring-2026.")
    period: Period = Field(
        description="When the wave was in the field: a year (2026), a month (2026-04) or a "
        "range (2026-03/2026-05). Its last year is the year of the wave (statistics, pace)."
    )

    @property
    def year(self) -> int:
        """The year the wave ended in: the year of its statistics and of its pace of change."""
        return period_year(self.period)


def period_year(period: str) -> int:
    """The last year of a period: 2026 for '2026', '2025-11/2026-02' and '2026-04'."""
    return int(period.rpartition("/")[2][:4])


def is_period(text: str) -> bool:
    """Whether `text` is written as a Period."""
    return _PERIOD.fullmatch(text) is not None


def make_wave(wave_id: str, period: str | None = None, *, started: datetime | None = None) -> Wave:
    """The wave a survey records when told `--wave ID` (and maybe `--wave-period`).

    Without a period, a wave named like a period (2026, 2026-04) is that period; another name
    takes the year the response is started in. Raises ValidationError on a bad id or period.
    """
    if period is None:
        period = wave_id if is_period(wave_id) else str((started or now()).year)
    return Wave(id=wave_id, period=period)


def wave_problem(wave_id: str, period: str | None = None) -> tuple[str, str] | None:
    """What is wrong with a wave given as text (--wave, --wave-period): (which, message)."""
    if _WAVE_ID.fullmatch(wave_id) is None:
        return "wave", M.WAVE_ID_INVALID.format(value=wave_id)
    if period is not None and not is_period(period):
        return "wave-period", M.WAVE_PERIOD_INVALID.format(value=period)
    return None


def default_wave(started_year: int) -> Wave:
    """The wave of a response that records none (written before waves existed): the year it
    was started in, as id and period. The one place of this rule: `score`, `check` and
    `plan` read a response's wave through `wave_of` (Responses) or `plain_wave` (plain
    values), which both call it."""
    year = str(started_year)
    return Wave(id=year, period=year)


class Response(Strict):
    s3engine_response: Literal[1] = Field(
        default=FORMAT_VERSION, description="Version of the response file format."
    )
    questionnaire: QuestionnaireRef
    wave: Wave | None = Field(
        default=None,
        description="The survey wave the response belongs to. A response without one belongs "
        "to the wave named after the year it was started (2024 for a response started in "
        "2024).",
    )
    respondent: Respondent
    language: LanguageCode
    status: Literal["partial", "complete"]
    consent: StrictBool | None = Field(  # "yes" is no consent: true only
        default=None, description="True when the respondent accepted the consent statement."
    )
    started: ResponseTime
    updated: ResponseTime
    submitted: ResponseTime | None = None
    answers: dict[Identifier, AnswerValue] = Field(default_factory=dict)
    skipped: list[Identifier] = Field(
        default_factory=list, description="Optional questions the respondent chose to skip."
    )

    @model_serializer(mode="wrap")
    def _without_empty_wave(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A response without a wave is written as before waves existed: without the key."""
        data: dict[str, Any] = handler(self)
        if data.get("wave", False) is None:
            del data["wave"]
        return data

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def wave_of(response: Response) -> Wave:
    """The wave a response belongs to: its own, else the year it was started in."""
    return response.wave if response.wave is not None else default_wave(response.started.year)


def plain_wave(data: Any) -> tuple[str, str] | None:
    """The (id, period) of the wave of a response given as plain values (a document read by
    `score`), as `wave_of` finds it; None when the values do not plainly say (then validate
    the document as a Response and ask `wave_of`, which reports what is wrong)."""
    if type(data) is not dict:
        return None
    wave = data.get("wave")
    if wave is None:
        started = data.get("started")
        if type(started) is str and _YEAR_START.match(started):
            found = default_wave(int(started[:4]))
            return found.id, found.period
        return None
    if type(wave) is dict and wave.keys() == {"id", "period"}:
        wave_id, period = wave["id"], wave["period"]
        if (
            type(wave_id) is str
            and type(period) is str
            and _WAVE_ID.fullmatch(wave_id)
            and _PERIOD.fullmatch(period)
        ):
            return wave_id, period
    return None


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
