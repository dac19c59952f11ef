"""The survey's scripted twin: answers from a YAML or JSON file instead of a terminal.

`s3engine survey QUESTIONNAIRE --answers FILE` applies exactly the rules of the interactive
survey (profile, consent, skip logic and group targeting, types, bounds, constraints,
required questions), reports every problem at once with the question id and the line in the
file, and writes no file at all when there is any problem. Otherwise it writes the same
response file the interactive survey would have written. The format of FILE is documented in
docs/response-format.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, StrictBool, field_validator

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.core.models import OrganisationName, Strict
from s3engine.i18n.texts import LanguageCode
from s3engine.io.files import load_document
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.answers import (
    check_answers,
    consent_missing,
    profile_problems,
    region_name,
    skipped_and_answered,
)
from s3engine.questionnaire.conditions import is_answered
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import create_response_file
from s3engine.responses.model import (
    Respondent,
    Response,
    Wave,
    WaveId,
    make_wave,
    new_respondent_id,
    now,
)
from s3engine.survey.flow import SurveyState, make_response


class ProfileAnswers(Strict):
    """Who answers: the respondent profile the interactive survey asks first."""

    region: str | None = Field(default=None, description="NUTS code, e.g. AT31.")
    group: str | None = Field(default=None, description="Stakeholder group id.")
    organisation: OrganisationName | None = None
    sector: str | None = None


class AnswersFile(Strict):
    """A file of answers for `s3engine survey QUESTIONNAIRE --answers FILE`."""

    language: LanguageCode | None = None
    consent: StrictBool | None = Field(  # "yes" is no consent: true only
        default=None, description="true once the respondent accepted the consent statement."
    )
    profile: ProfileAnswers = Field(default_factory=ProfileAnswers)
    answers: dict[str, Any] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    wave: Wave | WaveId | None = Field(
        default=None,
        description="The survey wave: its id (2026, for the year 2026) or {id, period}; "
        "--wave on the command line takes precedence.",
    )

    @field_validator("wave", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        """`wave: 2026` reads as a number in YAML: it names the wave 2026."""
        return str(value) if type(value) is int else value


def response_from_answers(
    q: Questionnaire,
    loaded: Loaded,
    *,
    lang: str | None = None,
    region: str | None = None,
    group: str | None = None,
    wave: Wave | None = None,
) -> Response:
    """The complete response a file of answers describes; S3Error with every problem if any.

    Flags given on the command line (`lang`, `region`, `group`, `wave`) take precedence over
    the file.
    """
    from s3engine.io.validation import validate_loaded

    document = validate_loaded(AnswersFile, loaded)
    language = lang or document.language or q.default_language
    region = region or document.profile.region
    group = group or document.profile.group
    sector = document.profile.sector
    findings: list[Finding] = []

    def report(path: KeyPath, message: str) -> None:
        findings.append(loaded.finding(path, message))

    for key, message in profile_problems(
        q, region=region, group=group, sector=sector, language=language
    ):
        report(("language",) if key == "language" else ("profile", key), message)
    if consent_missing(q, document.consent):
        declined = document.consent is False
        report(("consent",), M.SURVEY_CONSENT_DECLINED if declined else M.SURVEY_CONSENT_MISSING)

    # An empty value is no answer: the question counts as skipped, as in the terminal.
    answers = {qid: value for qid, value in document.answers.items() if is_answered(value)}
    groups = {g.id for g in q.profile.groups}
    known_group = group if group in groups else None
    for index, qid in skipped_and_answered(answers, document.skipped):
        report(("skipped", index), M.SURVEY_SKIPPED_AND_ANSWERED.format(qid=qid))
    skipped_at = {qid: index for index, qid in enumerate(document.skipped)}
    for qid, message in check_answers(
        q, answers, group=known_group, lang=language, complete=True, skipped=document.skipped
    ):
        question = q.question_index.get(qid)
        if known_group is None and question is not None and question.groups:
            continue  # who the question is for is unknown until the group is fixed
        if qid in skipped_at and qid not in document.answers:
            report(("skipped", skipped_at[qid]), message)
        else:
            report(("answers", qid), message)
    if findings or region is None or known_group is None:
        raise S3Error(findings)

    state = SurveyState(q, known_group, dict(answers), list(document.skipped))
    # Optional questions left out of the file were passed over: record them as skipped.
    for question in state.visible():
        if state.is_open(question):
            state.skipped.append(question.id)
    moment = now()
    if wave is None and document.wave is not None:
        wave = document.wave if isinstance(document.wave, Wave) else make_wave(document.wave)
    respondent = Respondent(
        id=new_respondent_id(),
        region=region,
        region_name=region_name(q, region),
        group=known_group,
        organisation=document.profile.organisation,
        sector=sector,
    )
    return make_response(
        q,
        respondent=respondent,
        language=language,
        state=state,
        consent=True if q.consent is not None else document.consent,
        started=moment,
        updated=moment,
        submitted=moment,
        wave=wave,
    )


def answer_from_file(
    q: Questionnaire,
    path: Path,
    out: Path,
    *,
    lang: str | None = None,
    region: str | None = None,
    group: str | None = None,
    wave: Wave | None = None,
) -> Path:
    """Check a file of answers and write its response file into `out`; return its path."""
    response = response_from_answers(
        q, load_document(path), lang=lang, region=region, group=group, wave=wave
    )
    personal = [qid for qid in response.answers if q.question_index[qid].personal]
    return create_response_file(out, response, personal=personal)
