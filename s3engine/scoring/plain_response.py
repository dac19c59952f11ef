"""Counting a response from its plain values, without building a Response first.

`score` reads most documents with a fast parser (fast_load.py) into plain values: dicts,
lists, texts, numbers. PlainRules applies to them the rules of the Response model and of
SurveyTally.add (the questionnaire answered, the respondent profile, consent, times, the
answers) and counts the response when it is plainly valid. Whatever is not (another form of
a time, a value of another type, another questionnaire, a duplicate, a refusal of any kind)
is left to the Response model and SurveyTally.add, which say what is wrong.
tests/test_scoring_plain.py proves, on drawn documents, that whatever is counted here passes
the Response model and `add` too, and is counted the same.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from s3engine.responses.answer_check import MAX_MEMO
from s3engine.responses.model import Respondent, Response
from s3engine.scoring.tally_counts import Cell

if TYPE_CHECKING:
    from s3engine.scoring.tally import SurveyTally

_NO_ANSWERS: dict[str, Any] = {}
_NO_SKIPPED: list[str] = []

#: Keys a response and its respondent may have (the models forbid any other).
_RESPONSE_KEYS = frozenset(Response.model_fields)
_RESPONDENT_KEYS = frozenset(Respondent.model_fields)
#: The respondent id as the Response model takes it (the pattern of responses.Respondent).
_RESPONDENT_ID = re.compile(
    next(m.pattern for m in Respondent.model_fields["id"].metadata if hasattr(m, "pattern"))
).fullmatch
#: A time as s3engine writes it, with its zone: the one form the plain path reads itself.
_STAMP = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)",
    re.ASCII,  # \d is 0-9 only
).fullmatch


#: Two or three times in a row, in the form s3engine writes them (UTC, to the second).
_UTC_TIMES = re.compile(
    r"(?:(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ){2,3}",
    re.ASCII,
).fullmatch


_from_iso = datetime.fromisoformat


def plain_time(value: Any) -> datetime | None:
    """The time a plain value gives, when it has the form s3engine writes; None otherwise."""
    if type(value) is not str or not _STAMP(value):
        return None
    try:
        return _from_iso(value)
    except ValueError:  # 31 April and the like
        return None


class PlainRules:
    """The Response model's rules and those of SurveyTally.add, for plain values."""

    def __init__(self, tally: SurveyTally):
        self.tally = tally
        q = tally.q
        self.ref = {"id": q.id, "version": q.version, "hash": q.content_hash}
        self.needs_consent = q.consent is not None
        #: (region, group, sector, language, status, region name, organisation) -> complete,
        #: or None when the Response model or the profile rules refuse them
        self._profiles: dict[tuple[Any, ...], bool | None] = {}

    def add(self, data: Any) -> bool:
        """Count the response `data` if it is plainly valid; False changes nothing.

        Values of unexpected types may raise TypeError or KeyError (SurveyTally.add_plain
        takes them as: not plainly valid).
        """
        if type(data) is not dict or not data.keys() <= _RESPONSE_KEYS:
            return False
        get = data.get
        version = get("s3engine_response", 1)
        if type(version) is not int or version != 1 or get("questionnaire") != self.ref:
            return False
        who = get("respondent")
        if type(who) is not dict or not who.keys() <= _RESPONDENT_KEYS:
            return False
        region: Any = who.get("region")  # a text, once the profile below is found valid
        group: Any = who.get("group")
        region_name: Any = who.get("region_name")
        profile = (
            region,
            group,
            who.get("sector"),
            get("language"),
            get("status"),
            region_name,
            who.get("organisation"),
        )
        complete = self._profiles.get(profile, _UNKNOWN)
        if complete is _UNKNOWN:
            complete = self._profile(*profile)
        if complete is None:
            return False
        respondent_id = who.get("id")
        if type(respondent_id) is not str or not _RESPONDENT_ID(respondent_id):
            return False
        tally = self.tally
        slot = tally.ids.free_slot(respondent_id)
        if slot < 0:  # counted already
            return False
        consent = get("consent")
        if consent is not True and (
            self.needs_consent or (consent is not None and consent is not False)
        ):
            return False
        if not plain_times(get("started"), get("updated"), get("submitted"), complete):
            return False
        answers = get("answers", _NO_ANSWERS)
        skipped = get("skipped", _NO_SKIPPED)
        if type(answers) is not dict or type(skipped) is not list:
            return False
        if skipped and not answers.keys().isdisjoint(skipped):
            return False
        cell = tally.cells.get((region, group)) or Cell()  # SurveyTally.cell
        if not tally.checker.fast_ok(answers, group, complete, skipped, cell.pairs):
            return False
        tally.counted(respondent_id, region, group, region_name, answers, cell, slot)
        return True

    def _profile(
        self,
        region: Any,
        group: Any,
        sector: Any,
        language: Any,
        status: Any,
        name: Any,
        organisation: Any,
    ) -> bool | None:
        """Whether the response is complete, when the Response model takes these values and
        the profile rules find nothing wrong; None otherwise. Remembered (up to MAX_MEMO)."""
        probe = {
            "questionnaire": self.ref,
            "respondent": {
                "id": "probe",
                "region": region,
                "group": group,
                "sector": sector,
                "region_name": name,
                "organisation": organisation,
            },
            "language": language,
            "status": status,
            "started": "2000-01-01T00:00:00Z",
            "updated": "2000-01-01T00:00:00Z",
            "submitted": "2000-01-01T00:00:00Z" if status == "complete" else None,
        }
        complete: bool | None = None
        try:
            Response.model_validate(probe)
        except ValidationError:
            pass
        else:
            if not self.tally.profile(region, group, sector, language):
                complete = status == "complete"
        if len(self._profiles) < MAX_MEMO:
            self._profiles[(region, group, sector, language, status, name, organisation)] = complete
        return complete


_UNKNOWN: Any = object()


def plain_times(started: Any, updated: Any, submitted: Any, complete: bool) -> bool:
    """The times of a response in the form s3engine writes them, in order, and `submitted`
    given exactly when it is complete."""
    if (submitted is None) is complete:
        return False
    if type(started) is str and type(updated) is str and len(started) == len(updated) == 20:
        text = started + updated if submitted is None else started + updated + submitted
        if type(text) is str and len(text) == (40 if submitted is None else 60):
            if not _UTC_TIMES(text):  # two or three times of one form: one look at them all
                return False
            try:
                begun = _from_iso(started)
                return _from_iso(updated) >= begun and (
                    submitted is None or _from_iso(submitted) >= begun
                )
            except ValueError:  # 31 April and the like
                return False
    first, second = plain_time(started), plain_time(updated)
    if first is None or second is None or second < first:
        return False
    if submitted is None:
        return True
    third = plain_time(submitted)
    return third is not None and third >= first
