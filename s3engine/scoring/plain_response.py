"""Counting a response from its plain values, without building a Response first.

`score` reads documents into plain values (dicts, lists, texts, numbers). PlainRules counts
a response from them when it is valid, with the Response model's own validation and the
rules every other reader of responses calls, never a copy of either:

* what is the same in many responses (the format version, the wave, the respondent's region,
  group, sector, region name and organisation, the language and status) is validated once
  per combination by the Response model itself, with the profile rules, and remembered;
* what differs in each (the respondent id, consent, the three times, the questions skipped)
  by the Response model's own field definitions (`_validate_per_response`), then the
  consent rule, `time_problems` and the skipped rule, as for a Response;
* the answers by the AnswerChecker's fast path (answer_check.py).

What is not plainly valid (a value of another type, another questionnaire, a duplicate, a
refusal of any kind) is left to the Response model and SurveyTally.add, which say what is
wrong. tests/test_scoring_plain.py proves, on drawn documents, that whatever is counted here
passes the Response model and `add` too, and is counted the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from s3engine.questionnaire.answers import consent_missing, skipped_and_answered
from s3engine.responses.answer_check import MAX_MEMO
from s3engine.responses.model import Respondent, Response, time_problems
from s3engine.scoring.tally_counts import Cell

if TYPE_CHECKING:
    from s3engine.scoring.tally import SurveyTally

_NO_ANSWERS: dict[str, Any] = {}

#: Keys a response and its respondent may have (the models forbid any other).
_RESPONSE_KEYS = frozenset(Response.model_fields)
_RESPONDENT_KEYS = frozenset(Respondent.model_fields)
#: The fields that differ in each response, as the Response model defines them: their types
#: with every constraint (Annotated with the fields' own metadata), validated as one tuple.
_PER_RESPONSE_FIELDS = (
    Respondent.model_fields["id"],
    *(Response.model_fields[name] for name in ("consent", "started", "updated", "submitted")),
    Response.model_fields["skipped"],
)


def _field_type(field: FieldInfo) -> Any:
    """A model field's type with its constraints (pattern, length...), as one type."""
    annotated: Any = Annotated  # subscripted with values, not written types
    return annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


_tuple: Any = tuple
_validate_per_response = TypeAdapter[tuple[Any, ...]](
    _tuple[tuple(_field_type(field) for field in _PER_RESPONSE_FIELDS)],
    config=Response.model_config,
).validate_python


class PlainRules:
    """The Response model's rules and those of SurveyTally.add, for plain values."""

    def __init__(self, tally: SurveyTally):
        self.tally = tally
        q = tally.q
        self.q = q
        self.ref = {"id": q.id, "version": q.version, "hash": q.content_hash}
        #: (format version, wave, region, group, sector, language, status, region name,
        #: organisation) -> complete, or None when the Response model or the profile rules
        #: refuse them
        self._profiles: dict[tuple[Any, ...], bool | None] = {}

    def add(self, data: Any) -> bool:
        """Count the response `data` if it is plainly valid; False changes nothing.

        Values of unexpected types may raise TypeError or KeyError (SurveyTally.add_plain
        takes them as: not plainly valid).
        """
        if type(data) is not dict or not data.keys() <= _RESPONSE_KEYS:
            return False
        get = data.get
        if get("questionnaire") != self.ref:  # exactly the questionnaire counted
            return False
        who = get("respondent")
        if type(who) is not dict or not who.keys() <= _RESPONDENT_KEYS:
            return False
        region: Any = who.get("region")  # a text, once the profile below is found valid
        group: Any = who.get("group")
        region_name: Any = who.get("region_name")
        wave: Any = get("wave")
        profile = (
            get("s3engine_response", 1),
            tuple(sorted(wave.items())) if type(wave) is dict else wave,
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
            complete = self._profile(profile)
        if complete is None:
            return False
        try:
            respondent_id, consent, started, updated, submitted, skipped = _validate_per_response(
                (
                    who.get("id"),
                    get("consent"),
                    get("started"),
                    get("updated"),
                    get("submitted"),
                    get("skipped", ()),
                )
            )
        except ValidationError:
            return False
        tally = self.tally
        slot = tally.ids.free_slot(respondent_id)
        if slot < 0:  # counted already
            return False
        if consent_missing(self.q, consent) or time_problems(
            "complete" if complete else "partial", started, updated, submitted
        ):
            return False
        answers = get("answers", _NO_ANSWERS)
        if type(answers) is not dict or skipped_and_answered(answers, skipped):
            return False
        cell = tally.cells.get((region, group)) or Cell()  # SurveyTally.cell
        if not tally.checker.fast_ok(answers, group, complete, skipped, cell.pairs):
            return False
        tally.counted(respondent_id, region, group, region_name, answers, cell, slot)
        return True

    def _profile(self, profile: tuple[Any, ...]) -> bool | None:
        """Whether the response is complete, when the Response model takes these values and
        the profile rules find nothing wrong; None otherwise. Remembered (up to MAX_MEMO)."""
        version, wave, region, group, sector, language, status, name, organisation = profile
        probe = {
            "s3engine_response": version,
            "wave": dict(wave) if type(wave) is tuple else wave,
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
            self._profiles[profile] = complete
        return complete


_UNKNOWN: Any = object()
