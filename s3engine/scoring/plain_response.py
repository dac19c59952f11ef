"""Counting a response from its plain values, without building a Response first.

`score` reads documents into plain values (dicts, lists, texts, numbers). PlainRules counts
a response from them when it is valid, with the Response model's own validation and the
rules every other reader of responses calls, never a copy of either:

* what is the same in many responses (the format version, the wave, the respondent's region,
  group, sector and region name, the language and status) is validated once per value of each
  field, by the field's own definition in the Response model and by the profile rules for
  that field, and remembered (neither rule ties one field to another, so a combination is
  valid when each of its values is: remembering combinations missed almost every time);
* what differs in each (the respondent id and organisation, consent, the three times, the
  questions skipped) by the Response model's own field definitions
  (`_validate_per_response`), then the consent rule, `time_problems` and the skipped rule,
  as for a Response;
* the answers by the AnswerChecker's fast path (answer_check.py).

What is not plainly valid (a value of another type, another questionnaire, a duplicate, a
refusal of any kind) is left to the Response model and SurveyTally.add, which say what is
wrong. tests/test_scoring_plain.py proves, on drawn documents, that whatever is counted here
passes the Response model and `add` too, and is counted the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from s3engine.core.limits import MAX_ORGANISATION_LENGTH
from s3engine.core.models import plainly_a_name
from s3engine.questionnaire.answers import consent_missing, profile_problems, skipped_and_answered
from s3engine.responses.answer_check import MAX_MEMO
from s3engine.responses.model import Respondent, Response
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
    Respondent.model_fields["organisation"],
    *(Response.model_fields[name] for name in ("consent", "started", "updated", "submitted")),
    Response.model_fields["skipped"],
)


def _field_type(field: FieldInfo) -> Any:
    """A model field's type with its constraints (pattern, length...), as one type."""
    annotated: Any = Annotated  # subscripted with values, not written types
    return annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


#: The fields that repeat from one response to the next: name -> (model field, the keyword
#: of profile_problems that checks it, if any).
_PROFILE_FIELDS = {
    "s3engine_response": (Response.model_fields["s3engine_response"], None),
    "wave": (Response.model_fields["wave"], None),
    "region": (Respondent.model_fields["region"], "region"),
    "group": (Respondent.model_fields["group"], "group"),
    "sector": (Respondent.model_fields["sector"], "sector"),
    "region_name": (Respondent.model_fields["region_name"], None),
    "language": (Response.model_fields["language"], "language"),
    "status": (Response.model_fields["status"], None),
}

_tuple: Any = tuple
_PER_RESPONSE_NAMES = (
    "id",
    "organisation",
    "consent",
    "started",
    "updated",
    "submitted",
    "skipped",
)
#: Valid values of those fields, to validate one of them alone (PlainRules._per_response).
_VALID_PER_RESPONSE: dict[str, Any] = {
    "id": "0000",
    "organisation": None,
    "consent": None,
    "started": "2000-01-01T00:00:00Z",
    "updated": "2000-01-01T00:00:00Z",
    "submitted": None,
    "skipped": [],
}
#: The respondent id's pattern, from the Respondent model.
RESPONDENT_ID = next(
    m.pattern for m in Respondent.model_fields["id"].metadata if hasattr(m, "pattern")
)
RESPONDENT_ID_MATCH = re.compile(RESPONDENT_ID).fullmatch
#: A time as s3engine writes it: UTC, to the second. Any such time on a day that exists is
#: one the Response model takes (PlainRules._time); times written otherwise are left to it.
UTC_SECOND = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
UTC_SECOND_MATCH = re.compile(UTC_SECOND).fullmatch
#: The questions skipped of a response that names none.
NO_SKIPPED: tuple[str, ...] = ()
#: The types of the values of a remembered key: a float or a boolean is equal to an integer
#: of its value (1 == 1.0 == True), and would find what was remembered for it.
_KEY_TYPES = frozenset({str, int, tuple, type(None)})

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
        self._check_field = {
            name: TypeAdapter[Any](_field_type(field), config=Response.model_config).validate_python
            for name, (field, _) in _PROFILE_FIELDS.items()
        }
        #: (field, type, value) -> whether the model and the profile rules take it
        self._valid: dict[tuple[str, type, Any], bool] = {}
        #: the verdicts on the fields that repeat, remembered per combination: those of the
        #: region (its code and name) and those of the respondent and response (group,
        #: sector, language, status, format version, wave). Each is valid when each of its
        #: values is (`_field`); keys hold texts and None only (see `add`).
        self._regions: dict[tuple[Any, ...], bool] = {}
        self._others: dict[tuple[Any, ...], bool] = {}
        #: per-response values remembered: days, lists of questions skipped
        self._days: dict[str, bool] = {}
        self._skipped: dict[tuple[Any, ...], bool] = {}

    def add(self, data: Any) -> bool:
        """Count the response `data` if it is plainly valid; False changes nothing.

        Values of unexpected types may raise TypeError or KeyError (SurveyTally.add_plain
        takes them as: not plainly valid).
        """
        if data.__class__ is not dict or not data.keys() <= _RESPONSE_KEYS:
            return False
        get = data.get
        if get("questionnaire") != self.ref:  # exactly the questionnaire counted
            return False
        who = get("respondent")
        if who.__class__ is not dict or not who.keys() <= _RESPONDENT_KEYS:
            return False
        who_get = who.get
        region: Any = who_get("region")  # a text, once the profile below is found valid
        group: Any = who_get("group")
        region_name: Any = who_get("region_name")
        wave = get("wave")
        if wave is not None and wave.__class__ is not dict:
            return False
        skipped = get("skipped", NO_SKIPPED)
        respondent_id: Any = who_get("id")  # a text, once found valid
        slot = self.respondent_slot(
            respondent_id,
            region,
            region_name,
            group,
            who_get("sector"),
            who_get("organisation"),
            get("s3engine_response", 1),
            # a wave is a mapping: remembered by its items, validated as the mapping
            None if wave is None else tuple(sorted(wave.items())),
            get("language"),
            get("status"),
            get("consent"),
            get("started"),
            get("updated"),
            get("submitted"),
            skipped,
        )
        if slot < 0:
            return False
        tally = self.tally
        complete = get("status") == "complete"
        answers = get("answers", _NO_ANSWERS)
        if answers.__class__ is not dict or skipped_and_answered(answers, skipped):
            return False
        cell = tally.cells.get((region, group)) or Cell()  # SurveyTally.cell
        if not tally.checker.fast_ok(answers, group, complete, skipped, cell.pairs):
            return False
        tally.counted(respondent_id, region, group, region_name, answers, cell, slot)
        return True

    def respondent_slot(
        self,
        respondent_id: Any,
        region: Any,
        region_name: Any,
        group: Any,
        sector: Any,
        organisation: Any,
        version: Any,
        waved: tuple[tuple[str, Any], ...] | None,
        language: Any,
        status: Any,
        consent: Any,
        started: Any,
        updated: Any,
        submitted: Any,
        skipped: Any,
    ) -> int:
        """Where the respondent's id goes (RespondentIds.free_slot) when everything of a
        response but its answers is plainly valid and it was not counted before; else -1.
        Missing values are given as None (skipped: as NO_SKIPPED); `waved` is the wave's
        items."""
        if version.__class__ is not int:
            return -1  # True == 1: a key below must hold no other number than an integer
        if not self.region_ok(region, region_name):
            return -1
        if not self.others_ok(group, sector, language, status, version, waved):
            return -1
        if respondent_id.__class__ is not str or RESPONDENT_ID_MATCH(respondent_id) is None:
            return -1
        if organisation is not None and not self.organisation_ok(organisation):
            return -1
        if not self.consent_ok(consent):
            return -1
        # time_problems, for times written as s3engine writes them (UTC, to the second:
        # their order is that of the texts); other times are left to the Response model
        if not (self._time(started) and self._time(updated)) or updated < started:
            return -1
        if submitted is None:
            if status == "complete":
                return -1
        elif status != "complete" or not self._time(submitted) or submitted < started:
            return -1
        if skipped.__class__ is not list and skipped is not NO_SKIPPED:
            return -1  # null, or another type: the Response model says what is wrong
        if skipped and not self.skipped_ok(skipped):
            return -1
        return self.tally.ids.free_slot(respondent_id)

    def region_ok(self, region: Any, region_name: Any) -> bool:
        """Whether the model and the profile rules take the region and its name."""
        ok = self._regions.get((region, region_name))
        if ok is not None:
            return ok
        return self._fields(
            self._regions,
            (region, region_name),
            ("region", region),
            ("region_name", region_name),
        )

    def others_ok(
        self,
        group: Any,
        sector: Any,
        language: Any,
        status: Any,
        version: Any,
        waved: tuple[tuple[str, Any], ...] | None,
    ) -> bool:
        """Whether the model and the profile rules take the fields of a response that
        repeat from one response to the next, the region apart (`waved`: the wave's items)."""
        ok = self._others.get((group, sector, language, status, version, waved))
        if ok is not None:
            return ok
        return self._fields(
            self._others,
            (group, sector, language, status, version, waved),
            ("group", group),
            ("sector", sector),
            ("language", language),
            ("status", status),
            ("s3engine_response", version),
            ("wave", waved),
        )

    def organisation_ok(self, organisation: Any) -> bool:
        """Whether the model takes `organisation` (not None), by a quick sufficient test
        first."""
        return plainly_a_name(organisation, MAX_ORGANISATION_LENGTH) or self._per_response(
            organisation=organisation
        )

    def consent_ok(self, consent: Any) -> bool:
        """Whether the consent given (None: none) is a boolean the questionnaire takes."""
        return (consent is None or consent.__class__ is bool) and not consent_missing(
            self.q, consent
        )

    def skipped_ok(self, skipped: Sequence[Any]) -> bool:
        """Whether the model takes this list of the questions skipped (not empty)."""
        listed = tuple(skipped)
        ok = self._skipped.get(listed)
        if ok is None:
            ok = self._per_response(skipped=list(skipped))
            if len(self._skipped) < MAX_MEMO:
                self._skipped[listed] = ok
        return ok

    def _fields(
        self, memo: dict[tuple[Any, ...], bool], key: tuple[Any, ...], *fields: tuple[str, Any]
    ) -> bool:
        """Whether each (field, value) is valid (`_field`); remembered under `key` when its
        values are texts or None (1 == True == 1.0: a number would stand for the others)."""
        ok = True
        for name, value in fields:
            found = self._valid.get((name, type(value), value))
            if found is None:
                found = self._field(name, value)
            ok = ok and found
        if len(memo) < MAX_MEMO and all(value.__class__ in _KEY_TYPES for value in key):
            memo[key] = ok
        return ok

    def _time(self, value: Any) -> bool:
        """Whether `value` is a time as s3engine writes it (UTC, to the second) on a day
        that exists; other ways of writing a time are left to the Response model."""
        if value.__class__ is not str or UTC_SECOND_MATCH(value) is None:
            return False
        return self.day_ok(value)

    def day_ok(self, value: str) -> bool:
        """Whether the day of `value`, a time as s3engine writes it, exists (remembered per
        day)."""
        day = value[:10]
        ok = self._days.get(day)
        if ok is None:
            ok = self._per_response(started=value)
            if len(self._days) < MAX_MEMO:
                self._days[day] = ok
        return ok

    def _per_response(self, **values: Any) -> bool:
        """Whether the Response model's definitions of the per-response fields take
        `values` (the others given valid values), as a whole response would."""
        given = _VALID_PER_RESPONSE | values
        try:
            _validate_per_response(tuple(given[name] for name in _PER_RESPONSE_NAMES))
        except ValidationError:
            return False
        return True

    def _field(self, name: str, value: Any) -> bool:
        """Whether the Response model's definition of field `name` and the profile rules
        for it take `value`. Remembered (up to MAX_MEMO)."""
        try:
            self._check_field[name](dict(value) if type(value) is tuple else value)
        except ValidationError:
            ok = False
        else:
            keyword = _PROFILE_FIELDS[name][1]
            ok = keyword is None or not profile_problems(
                self.q,
                **{"region": None, "group": None, "sector": None, "language": None}
                | {keyword: value},
                complete=False,
            )
        if len(self._valid) < MAX_MEMO:
            self._valid[(name, type(value), value)] = ok
        return ok
