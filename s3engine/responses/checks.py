"""`s3engine check` of response files: does each response fit the questionnaire it answers?

A response names its questionnaire by id, version and content hash. The questionnaire is
looked up among those named with `check --questionnaire`, then among the questionnaires
checked in the same run, then among the shipped ones; a copy with the same hash is preferred,
then one with the same version. The answers are checked with the rules the survey applied
(answers.check_answers): unknown question ids, values that do not fit, answers to questions
that conditions or group targeting hide, required questions left out of a complete response.
When only another version (or changed content) is found, the report says which version the
response answered and which was found, and lists what no longer fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from s3engine.core import messages as M
from s3engine.core.findings import Finding, Report, S3Error
from s3engine.io.files import load_yaml, read_text
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.answers import (
    check_answers,
    consent_missing,
    profile_problems,
    skipped_and_answered,
)
from s3engine.responses.answer_check import AnswerChecker
from s3engine.responses.files import parse_response
from s3engine.responses.model import (
    QuestionnaireRef,
    Response,
    response_time_problems,
    same_questionnaire,
)

if TYPE_CHECKING:
    from s3engine.core.checks import CheckContext
    from s3engine.questionnaire.model import Questionnaire

_SECTIONS = re.compile(r"^sections\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Candidate:
    """A valid questionnaire that responses may answer, and where it came from."""

    path: Path
    questionnaire: Questionnaire


def check_response_file(loaded: Loaded, context: CheckContext) -> Report:
    report = Report(loaded.file, "response")
    try:
        response = parse_response(loaded)
    except S3Error as exc:
        report.findings.extend(exc.findings)
        return report
    report.summary = summarise(response)
    found = find_questionnaire(response.questionnaire, context)
    if found is None:
        ref = response.questionnaire
        report.findings.append(
            loaded.finding(
                ("questionnaire", "id"),
                M.RESPONSE_NO_QUESTIONNAIRE.format(id=ref.id, version=ref.version),
            )
        )
        return report
    checker = _checker(found.questionnaire, context)
    report.findings.extend(
        response_findings(found.questionnaire, response, loaded, found.path, checker)
    )
    return report


def _checker(q: Questionnaire, context: CheckContext) -> AnswerChecker:
    """The answer checker of `q`, made once per run: its memo of the answers and visible
    questions seen serves every response to `q`."""
    checkers: dict[int, tuple[Questionnaire, AnswerChecker]] = context.cache.setdefault(
        "answer checkers", {}
    )
    if id(q) not in checkers:
        checkers[id(q)] = (q, AnswerChecker(q))  # q kept: its id stays its own
    return checkers[id(q)][1]


def summarise(response: Response) -> dict[str, Any]:
    """What `check` says about a valid response (no personal data)."""
    ref = response.questionnaire
    return {
        "questionnaire": f"{ref.id} {ref.version}",
        "status": response.status,
        "region": response.respondent.region,
        "group": response.respondent.group,
        "language": response.language,
        "answers": len(response.answers),
        "skipped": len(response.skipped),
    }


def response_findings(
    q: Questionnaire,
    response: Response,
    loaded: Loaded,
    source: Path | str,
    checker: AnswerChecker | None = None,
) -> list[Finding]:
    """Every problem of `response` measured against `q` (found at `source`).

    With the `checker` of `q`, the answers are checked as `score` checks them: its fast
    path vouches for the answers it has seen valid before, and check_answers says what is
    wrong with the others (tests/test_scoring_checker.py: the same problems either way).
    """
    findings: list[Finding] = []
    ref = response.questionnaire
    who = response.respondent
    if checker is not None:
        problems = checker.problems(response)
    else:
        problems = check_answers(
            q,
            response.answers,
            group=who.group,
            lang=response.language,
            complete=response.status == "complete",
            skipped=response.skipped,
        )
    other = not same_questionnaire(ref, q)
    for qid, message in problems:
        text = (
            M.RESPONSE_IN_VERSION.format(version=q.version, problem=message) if other else message
        )
        findings.append(loaded.finding(_answer_path(response, qid), text))
    if other:
        count = len({qid for qid, _ in problems})
        verdict = (
            M.RESPONSE_STILL_FITS
            if not count
            else M.RESPONSE_ONE_NO_LONGER_FITS
            if count == 1
            else M.RESPONSE_NO_LONGER_FITS.format(count=count)
        )
        template = (
            M.RESPONSE_CONTENT_CHANGED if ref.version == q.version else M.RESPONSE_OTHER_VERSION
        )
        message = template.format(
            id=ref.id,
            old=ref.version,
            new=q.version,
            version=ref.version,
            file=source,
            verdict=verdict,
        )
        findings.append(
            loaded.finding(
                ("questionnaire", "version"),
                message,
                severity="error" if problems else "warning",
            )
        )
    for key, message in profile_problems(
        q, region=who.region, group=who.group, sector=who.sector, language=response.language
    ):
        path: KeyPath = ("language",) if key == "language" else ("respondent", key)
        findings.append(loaded.finding(path, message))
    if consent_missing(q, response.consent):
        findings.append(loaded.finding(("consent",), M.RESPONSE_CONSENT_MISSING))
    findings.extend(
        loaded.finding((key,), message) for key, message in response_time_problems(response)
    )
    for index, qid in skipped_and_answered(response.answers, response.skipped):
        findings.append(
            loaded.finding(("skipped", index), M.SURVEY_SKIPPED_AND_ANSWERED.format(qid=qid))
        )
    return findings


def _answer_path(response: Response, qid: str) -> KeyPath:
    if qid not in response.answers and qid in response.skipped:
        return ("skipped", response.skipped.index(qid))
    return ("answers", qid)


# -- finding the questionnaire ------------------------------------------------------------


def find_questionnaire(ref: QuestionnaireRef, context: CheckContext) -> Candidate | None:
    """The questionnaire a response answers: same hash first, then same version, then any.

    Candidates come in the order of `candidates`. When one named with --questionnaire or a
    shipped one is the very questionnaire the response answered (same id, version and
    hash), it is taken without looking for questionnaires among the files of the run: one
    of those with the same hash has the same content (the hash is the content's, version
    included) and is the one answered too, so the findings would be the same, and the files
    of the run need not all be read once more.
    """
    for candidate in _named_and_shipped(context):
        if same_questionnaire(ref, candidate.questionnaire):
            return candidate
    matching = [c for c in candidates(context) if c.questionnaire.id == ref.id]
    for test in (
        lambda c: c.questionnaire.content_hash == ref.hash,
        lambda c: c.questionnaire.version == ref.version,
        lambda c: True,
    ):
        for candidate in matching:
            if test(candidate):
                return candidate
    return None


def candidates(context: CheckContext) -> list[Candidate]:
    """Valid questionnaires: named with --questionnaire, checked in this run, shipped."""
    cache = context.cache
    if "questionnaires" not in cache:
        paths: list[Path] = list(context.questionnaires)
        paths += [p for p in context.files if _looks_like_questionnaire(p)]
        paths += _shipped_paths()
        cache["questionnaires"] = _valid(paths, context)
    result: list[Candidate] = cache["questionnaires"]
    return result


def _named_and_shipped(context: CheckContext) -> list[Candidate]:
    """The candidates named with --questionnaire and the shipped ones, in that order."""
    cache = context.cache
    if "named and shipped" not in cache:
        paths = [*context.questionnaires, *_shipped_paths()]
        cache["named and shipped"] = _valid(paths, context)
    result: list[Candidate] = cache["named and shipped"]
    return result


def _shipped_paths() -> list[Path]:
    from s3engine.io.resources import shipped_dir

    shipped = shipped_dir("questionnaires")
    return sorted(shipped.glob("*.yaml")) if shipped is not None else []


def _valid(paths: list[Path], context: CheckContext) -> list[Candidate]:
    """The valid questionnaires of `paths` (each file once), each loaded once per run."""
    loaded: dict[Path, Questionnaire | None] = context.cache.setdefault("loaded", {})
    found: list[Candidate] = []
    seen: set[Path] = set()
    for path in paths:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        if key not in loaded:
            loaded[key] = _load_quietly(path)
        q = loaded[key]
        if q is not None:
            found.append(Candidate(path, q))
    return found


def _looks_like_questionnaire(path: Path) -> bool:
    try:
        return bool(_SECTIONS.search(read_text(path)))
    except S3Error:
        return False


def _load_quietly(path: Path) -> Questionnaire | None:
    """A valid questionnaire, or None (an invalid one gets its own report in the run)."""
    from pydantic import ValidationError

    from s3engine.questionnaire.model import Questionnaire

    try:
        loaded = load_yaml(path)
        return Questionnaire.model_validate(loaded.data)
    except (S3Error, ValidationError):
        return None
