"""What every survey tool's copy of a questionnaire holds besides its questions.

A questionnaire fielded in KoboToolbox, ODK or LimeSurvey asks the respondent profile as
questions of its own (region, stakeholder group, organisation, sector, and consent when the
questionnaire asks for it) and records the version of the questionnaire it was made from, so
that its responses can be brought back and checked like any other. This module names those
fields once for the converters (xlsform.py, limesurvey.py) and the importers.
"""

from __future__ import annotations

from dataclasses import dataclass

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.questionnaire.model import (
    MultipleChoice,
    Question,
    Questionnaire,
    Ranking,
    SingleChoice,
)

#: The profile's fields, in the order they are asked (after consent), by profile key.
PROFILE_FIELDS = {
    "consent": "profile_consent",
    "region": "profile_region",
    "group": "profile_group",
    "organisation": "profile_organisation",
    "sector": "profile_sector",
}
#: The field that records the questionnaire version a response answers.
VERSION_FIELD = "form_version"


def form_version(q: Questionnaire) -> str:
    """The version written into the converted form and recorded with every response.

    The questionnaire's version and the first 8 digits of its content hash: a response to a
    copy whose questions changed without a new version is told apart as `score` tells it.
    """
    return f"{q.version}+{q.content_hash.removeprefix('sha256:')[:8]}"


def rank_field(question_id: str, rank: int) -> str:
    """The field of place `rank` (from 1) of a ranking question."""
    return f"{question_id}_{rank}"


@dataclass(frozen=True)
class Unexpressed:
    """Something of the questionnaire a tool cannot express: which question, and what."""

    where: str
    message: str

    def finding(self, file: str) -> Finding:
        return Finding(file, None, None, self.where, self.message, severity="warning")


def options_help_lost(q: Questionnaire, question: Question, tool: str) -> str | None:
    """The warning for a question whose options have help texts, which neither tool can
    show beside a single option (the terminal and the web survey do); None when none has."""
    if not isinstance(question, SingleChoice | MultipleChoice | Ranking):
        return None
    helped = [option.value for option in q.options_of(question) if option.help]
    if not helped:
        return None
    shown = ", ".join(helped[:3]) + (f" and {len(helped) - 3} more" if len(helped) > 3 else "")
    return (
        f"the help of its options ({shown}) is left out: {tool} has no help for a single "
        "option; put what respondents need into the question's help"
    )


def profile_fields(q: Questionnaire) -> dict[str, str]:
    """The profile fields this questionnaire's copy asks: profile key -> field name."""
    asked = {"consent": q.consent is not None, "region": True, "group": True}
    asked["organisation"] = q.profile.ask_organisation
    asked["sector"] = q.profile.ask_sector
    return {key: name for key, name in PROFILE_FIELDS.items() if asked[key]}


def check_names(q: Questionnaire, added: dict[str, str] | None = None) -> None:
    """Refuse a questionnaire whose question ids clash with the fields a copy adds.

    A ranking question becomes one field per place (`top_needs_1`, `top_needs_2`...), and
    the profile and version fields have fixed names (and one tool's own fields, `added`:
    name -> what it holds); a question of the same name would make two fields of one.
    """
    taken: dict[str, str] = {name: "the respondent profile" for name in PROFILE_FIELDS.values()}
    taken[VERSION_FIELD] = "the questionnaire version"
    taken.update(added or {})
    for _, question in q.questions():
        if isinstance(question, Ranking):
            for rank in range(1, question.top + 1):
                taken.setdefault(rank_field(question.id, rank), f"the ranking '{question.id}'")
    findings = [
        Finding(q.id, None, None, question.id, M.INTEROP_NAME_CLASH.format(id=question.id, by=by))
        for _, question in q.questions()
        if (by := taken.get(question.id)) is not None
    ]
    if findings:
        raise S3Error(findings)
