"""Counting a line of JSON Lines with a decoder typed after the questionnaire.

Most lines of a large survey file are valid responses. For them, reading the JSON and then
checking every value in Python is most of the work of `score`. LineRules reads a line with a
msgspec decoder whose types are made from the questionnaire once: the questionnaire the
response must answer (its id, version and hash), the response's and respondent's keys (no
other), and for each question the values its type takes (the points of its scale, the
options of a choice, true or false, a list of options, a number, a text). A value of another
type, an unknown key or question, another questionnaire: the decoder stops at it, in C.
What types cannot say is then checked as the plain path checks it (PlainRules.respondent_slot
for the respondent profile, consent, times and questions skipped; the AnswerChecker's
visibility, required questions and constraints; the rules of numbers, texts and lists of
options, through answers.value_problem and answers.choices_rule).

Whatever this does not count (a line it cannot vouch for, for any reason) is read as
before: the JSON reader (io.jsonio, which also refuses a key given twice), then the plain
path, then the Response model and SurveyTally.add, which say what is wrong. So a line
counted here is one those would have counted, and counted the same way:
tests/test_typed_lines.py draws lines, valid and not, and compares.

Keys given twice: msgspec keeps the last of a key given twice, where the JSON reader refuses
the line. In a line without a backslash, every quote opens or closes a text (a quote inside
a text is written `\\"`), so the line holds two quotes for each key and text value written.
A key given twice leaves fewer keys read than written (and maybe fewer texts): a line is
counted only when it has no backslash and two quotes for each key and text value read. A
line with a backslash (an escaped character) is left to the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec
from msgspec import UNSET, UnsetType
from msgspec.structs import astuple

from s3engine.questionnaire.answers import choices_rule
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.answer_check import MAX_MEMO
from s3engine.responses.model import Respondent
from s3engine.scoring.plain_response import NO_SKIPPED
from s3engine.scoring.tally_counts import Cell

if TYPE_CHECKING:
    from s3engine.scoring.tally import SurveyTally


def _literal(values: list[Any]) -> Any:
    """Literal[values]: the type that takes exactly these values (and, for numbers, no
    boolean and no float: msgspec's rule, stricter than the answer rules)."""
    literal: Any = Literal
    return literal[tuple(values)]


def _answer_type(q: Questionnaire, question: Question) -> Any:
    """The values the decoder takes for `question`; None when no type says enough."""
    if isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        return None if scale is None else _literal([p.value for p in scale.points])
    if isinstance(question, SingleChoice):
        return _literal([o.value for o in q.options_of(question)])
    if isinstance(question, YesNo):
        return bool
    if isinstance(question, MultipleChoice | Ranking):
        listed: Any = list  # subscripted with a type made here
        return listed[_literal([o.value for o in q.options_of(question)])]
    if isinstance(question, NumberQuestion):
        return int | float
    return str  # a text question


def _struct(name: str, fields: list[tuple[str, Any] | tuple[str, Any, Any]], **options: Any) -> Any:
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True, **options)


class LineRules:
    """Counts a line of a JSON Lines file when it is plainly a valid response to the
    questionnaire of `tally` (see the module's text); `add` says whether it did."""

    def __init__(self, tally: SurveyTally):
        self.tally = tally
        self.plain = tally.plain_rules
        self.checker = tally.checker
        q = tally.q
        questions = [x for _, x in q.questions()]
        types = [_answer_type(q, x) for x in questions]
        #: whether lines can be counted here: not when answers are kept for later (waves
        #: compared), or a question has no type
        self.usable = tally.sample is None and None not in types
        self.index = {x.id: i for i, x in enumerate(questions)}
        #: the questions scored by a function (SurveyTally.counted scores their answers)
        self._looped = tuple((s.qid, self.index[s.qid]) for s in tally.looped)
        answers = _struct(
            "Answers",
            [(f"a{i}", kind | UnsetType, UNSET) for i, kind in enumerate(types)],
            rename={f"a{i}": x.id for i, x in enumerate(questions)},
        )
        ref = _struct(
            "QuestionnaireRef",
            [(name, _literal([value])) for name, value in tally.plain_rules.ref.items()],
        )
        self.wave = _struct("Wave", [("id", str), ("period", str)])
        who = _struct(
            "Respondent",
            [("id", str), ("region", str), ("group", str)]
            + [(name, str | None | UnsetType, UNSET) for name in _OPTIONAL_RESPONDENT],
        )
        response = _struct(
            "Response",
            [
                ("questionnaire", ref),
                ("respondent", who),
                ("language", str),
                ("status", str),
                ("started", str),
                ("updated", str),
                ("s3engine_response", int | UnsetType, UNSET),
                ("wave", self.wave | None | UnsetType, UNSET),
                ("consent", bool | None | UnsetType, UNSET),
                ("submitted", str | None | UnsetType, UNSET),
                ("answers", answers | UnsetType, UNSET),
                ("skipped", list[str] | UnsetType, UNSET),
            ],
        )
        self.types = {
            "response": response,
            "questionnaire": ref,
            "respondent": who,
            "wave": self.wave,
        }
        self._decode = msgspec.json.Decoder(response).decode
        #: how many keys each mapping may hold (its fields)
        self._keys = tuple(len(kind.__struct_fields__) for kind in (response, ref, who, self.wave))
        self._unset = (UNSET,) * len(questions)
        #: the questions whose values the types do not settle: (place, rule of the value)
        self.value_rules: tuple[tuple[int, Callable[[Any], bool]], ...] = tuple(
            (i, rule)
            for i, x in enumerate(questions)
            if (rule := self._value_rule(q, x)) is not None
        )
        #: the answers that are texts (single choices, text questions) and lists of them
        self._texts = _getter(
            [i for i, x in enumerate(questions) if isinstance(x, SingleChoice | TextQuestion)]
        )
        self._lists = _getter(
            [i for i, x in enumerate(questions) if isinstance(x, MultipleChoice | Ranking)]
        )
        #: the answers the visibility of questions and the constraints read
        read = {qid for qid, _, _ in self.checker.visibility.by_question if qid is not None}
        read |= set(self.checker.visibility.read)
        for qid, reads in self.checker.constrained:
            read |= {qid, *reads}
        self.read_ids = tuple(sorted(read))
        self._read = _getter([self.index[qid] for qid in self.read_ids])
        #: questions scored by a table: their values, and for each the count key of a value
        scored = [qid for qid, scorer in tally.scorers.items() if scorer.table is not None]
        self._scored = _getter([self.index[qid] for qid in scored])
        self._slots = tuple(
            {value: tally.slots[(qid, value)] for value in tally.scorers[qid].table or {}}
            for qid in scored
        )
        #: what a set of questions shown asks of the values: (hidden ones, required ones)
        self._shown: dict[frozenset[str], tuple[Callable[[Any], tuple[Any, ...]], int, Any]] = {}
        self._groups = self.checker.groups

    def _value_rule(self, q: Questionnaire, question: Question) -> Callable[[Any], bool] | None:
        """The test of a value of `question` that its type leaves open, if any: numbers and
        texts are looked up among the answers the AnswerChecker knows to be valid (it checks
        and remembers those it has not seen); a list of options by its rule."""
        if isinstance(question, MultipleChoice | Ranking):
            test = choices_rule(q, question)
            return lambda value: bool(value) and test(value)  # []: left to the answer rules
        if isinstance(question, NumberQuestion | TextQuestion):
            key_of, qid = self.checker.key_of, question.id
            return lambda value: key_of((qid, value)) is not None
        return None

    def add(self, line: bytes) -> bool:
        """Count the response on `line` when it is plainly valid; False changes nothing."""
        try:
            r = self._decode(line)
        except msgspec.DecodeError:  # msgspec.ValidationError included
            return False
        if b"\\" in line:  # an escaped character, maybe a quote: see the module's text
            return False
        who = r.respondent
        answers = r.answers
        values = self._unset if answers is UNSET else astuple(answers)
        wave, submitted, skipped = r.wave, r.submitted, r.skipped
        person = astuple(who)
        texts = self._texts(values)
        lists = [value for value in self._lists(values) if value is not UNSET]
        # the keys and texts read: each of them stands between two quotes of the line
        response_keys, ref_keys, person_keys, wave_keys = self._keys
        quoted = (
            response_keys
            - astuple(r).count(UNSET)
            + len(_RESPONSE_TEXTS)
            + (submitted.__class__ is str)
            + 2 * ref_keys  # each with a text
            + 2 * person_keys  # each with a text, or null
            - 2 * person.count(UNSET)
            - person.count(None)
            + (2 * wave_keys if wave.__class__ is self.wave else 0)
            + (0 if skipped is UNSET else len(skipped))
            + len(values)
            - values.count(UNSET)
            + len(texts)
            - texts.count(UNSET)
            + sum(map(len, lists))
        )
        if line.count(b'"') != 2 * quoted:  # a key given twice
            return False
        version, consent = r.s3engine_response, r.consent
        skipped = NO_SKIPPED if skipped is UNSET else skipped
        region, group, region_name = who.region, who.group, _none(who.region_name)
        status = r.status
        slot = self.plain.respondent_slot(
            who.id,
            region,
            region_name,
            group,
            _none(who.sector),
            _none(who.organisation),
            1 if version is UNSET else version,
            None if wave is None or wave is UNSET else (("id", wave.id), ("period", wave.period)),
            r.language,
            status,
            _none(consent),
            r.started,
            r.updated,
            _none(submitted),
            skipped,
        )
        if slot < 0 or group not in self._groups:
            return False
        index = self.index
        if skipped:  # answers.skipped_and_answered and the AnswerChecker's rule
            if not self.checker.optional.issuperset(skipped):
                return False
            for qid in skipped:
                if values[index[qid]] is not UNSET:
                    return False
        for place, rule in self.value_rules:
            value = values[place]
            if value is not UNSET and not rule(value):
                return False
        read = {
            qid: value
            for qid, value in zip(self.read_ids, self._read(values), strict=True)
            if value is not UNSET
        }
        shown = self.checker.visibility.shown(read, group)
        rules = self._shown.get(shown.ids)
        if rules is None:
            rules = self._rules(shown.ids, shown.required)
        hidden, hidden_count, required = rules
        if hidden(values).count(UNSET) != hidden_count:  # an answer to a hidden question
            return False
        if status == "complete" and UNSET in required(values):
            return False
        if self.checker.constrained and not self.checker.constraints_hold(read):
            return False
        tally = self.tally
        cell = tally.cells.get((region, group)) or Cell()  # SurveyTally.cell
        # each scored answer's count key (None for a question not answered)
        cell.pairs.update(filter(None, map(dict.get, self._slots, self._scored(values))))
        looped = {qid: values[i] for qid, i in self._looped if values[i] is not UNSET}
        tally.counted(who.id, region, group, region_name, looped, cell, slot)
        return True

    def _rules(
        self, shown: frozenset[str], required: frozenset[str]
    ) -> tuple[Callable[[Any], tuple[Any, ...]], int, Any]:
        """The getters of the questions hidden and of those required, for the set shown."""
        hidden = [i for qid, i in self.index.items() if qid not in shown]
        found = (_getter(hidden), len(hidden), _getter([self.index[qid] for qid in required]))
        if len(self._shown) < MAX_MEMO:
            self._shown[shown] = found
        return found


_RESPONDENT_FIELDS = tuple(Respondent.model_fields)
#: The response's keys whose values are always texts (typed so in LineRules).
_RESPONSE_TEXTS = ("language", "status", "started", "updated")
#: The respondent's keys that may be missing (or null).
_OPTIONAL_RESPONDENT = tuple(
    name for name in _RESPONDENT_FIELDS if name not in ("id", "region", "group")
)


def _getter(places: list[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The values at `places` of a tuple, as a tuple (itemgetter gives one value alone)."""
    if len(places) == 1:
        only = places[0]
        return lambda values: (values[only],)
    if not places:
        return lambda values: ()
    return itemgetter(*places)


def _none(value: Any) -> Any:
    """A value that may be missing (UNSET), as the plain path takes it: None."""
    return None if value is UNSET else value
