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

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from s3engine.questionnaire.answers import consent_missing, profile_problems, skipped_and_answered
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
        status = get("status")
        valid = self._valid
        for name, value in (
            ("s3engine_response", get("s3engine_response", 1)),
            # a wave is a mapping: remembered by its items, validated as the mapping
            ("wave", tuple(sorted(wave.items())) if type(wave := get("wave")) is dict else wave),
            ("region", region),
            ("group", group),
            ("sector", who.get("sector")),
            ("language", get("language")),
            ("status", status),
            ("region_name", region_name),
        ):
            ok = valid.get((name, type(value), value))  # the type: True == 1 == 1.0
            if ok is None:
                ok = self._field(name, value)
            if not ok:
                return False
        complete = status == "complete"
        try:
            respondent_id, _, consent, started, updated, submitted, skipped = (
                _validate_per_response(
                    (
                        who.get("id"),
                        who.get("organisation"),
                        get("consent"),
                        get("started"),
                        get("updated"),
                        get("submitted"),
                        get("skipped", ()),
                    )
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
