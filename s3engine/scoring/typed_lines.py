"""Counting lines of JSON Lines with a decoder typed after the questionnaire, a batch of
lines at a time, checked column by column.

Most lines of a large survey file are valid responses. For them, reading the JSON and then
checking every value in Python is most of the work of `score`. LineRules reads each line with
a msgspec decoder whose types are made from the questionnaire once: the questionnaire the
response must answer (its id, version and hash), the response's and respondent's keys (no
other), and for each question the values its type takes (the points of its scale, the
options of a choice, true or false, a list of options, a number, a text; an answer not given
is None, since no type of an answer takes null). A value of another type, an unknown key or
question, another questionnaire: the decoder stops at it, in C.

What types cannot say is then checked over a batch of responses (Batch), a column (one field
of every response of the batch) at a time, by the rules the plain path calls: each different
value of a column is asked once (PlainRules' rules of the respondent profile, consent, times
and questions skipped; answers.value_problem through the AnswerChecker for numbers,
texts_rule for a column of texts at once, choices_rule for lists of options), the questions
shown by Visibility.shown_columns (each different value of the answers conditions read
compared once), the hidden and required answers as arrays (which questions each response
answers, against what the questions shown to it hide and require: a row per set of questions
shown), and the constraints by AnswerChecker.constraints_hold_columns. The scored answers of
the responses counted are counted in one array (tally_counts.SlotGrid).

Whatever this does not count (a line it cannot vouch for, for any reason) is read as
before, in its place among the lines: the JSON reader (io.jsonio, which also refuses a key
given twice), then the plain path, then the Response model and SurveyTally.add, which say
what is wrong. So a line counted here is one those would have counted, and counted the same
way: tests/test_typed_lines.py draws lines and files, valid and not, and compares.

Keys given twice: msgspec keeps the last of a key given twice, where the JSON reader refuses
the line. In a line without a backslash, every quote opens or closes a text (a quote inside
a text is written `\\"`): each key and each text value written has two. The response read,
written again by msgspec, holds a key and its value once: a key given twice leaves it fewer
quotes than the line. A line is counted only when it has no backslash and as many quotes as
the response read, written again. A line with a backslash (an escaped character) is left to
the reader. The quotes of the responses written again are not counted in their text: each
text (a key, or a value that is one) is written with two, and a batch's texts are counted
over its columns, a count of the fields given and of the values that are texts (_texts);
only when a batch's lines hold another number are its responses written again, one by one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import is_not, itemgetter, lt
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import numpy as np
from msgspec import UNSET, UnsetType
from msgspec.structs import astuple
from numpy.typing import NDArray

from s3engine.questionnaire.answers import Shown, choices_rule, texts_rule, typed_keys
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
from s3engine.scoring.plain_response import (
    RESPONDENT_ID,
    RESPONDENT_ID_MATCH,
    UTC_SECOND_MATCH,
)
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
    # gc=False: a response read is never part of a cycle, and the collector need not track it
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True, gc=False, **options)


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
        # an answer not given is None (no type here takes null: a null is refused), and
        # left out when the answers are written again (omit_defaults)
        answers = _struct(
            "Answers",
            [(f"a{i}", kind, None) for i, kind in enumerate(types)],
            rename={f"a{i}": x.id for i, x in enumerate(questions)},
            omit_defaults=True,
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
        self._marks = np.empty(1 << 18, np.bool_)  # quotes: where a block's quotes are
        decoder = msgspec.json.Decoder(response)
        self._decode, self._decode_lines = decoder.decode, decoder.decode_lines
        self.encode = msgspec.json.Encoder().encode
        #: how many JSON texts (keys and values) the questionnaire's reference is written with
        self.ref_strings = sum(1 + isinstance(v, str) for v in tally.plain_rules.ref.values())
        #: per question, how many texts an answer to it is written with besides its key: 1 (an
        #: option, a text), 0 (a point of a scale, a number, yes or no), or None: one per item
        #: of its list (options chosen, ranked)
        self.answer_strings = tuple(_answer_strings(x) for x in questions)
        #: the answers of a response without any
        self.no_answers = (None,) * len(questions)
        #: the questions whose values the types do not settle: (place, rule of the value,
        #: how a batch asks it, the test of a whole column if any): each value ("each": a
        #: list of options, whose rule is quicker than a key), each different number (with
        #: its type: "typed"), the column of texts at once (answers.texts_rule), else each
        #: different text ("texts")
        self.value_rules: tuple[
            tuple[int, Callable[[Any], bool], str, Callable[[Sequence[Any]], bool] | None], ...
        ] = tuple(
            (
                i,
                _unless_given(rule),
                _asked(x),
                texts_rule(x) if isinstance(x, TextQuestion) else None,
            )
            for i, x in enumerate(questions)
            if (rule := self._value_rule(q, x)) is not None
        )
        #: the answers the visibility of questions and the constraints read
        read = {qid for qid, _, _ in self.checker.visibility.by_question if qid is not None}
        read |= set(self.checker.visibility.read)
        for qid, reads in self.checker.constrained:
            read |= {qid, *reads}
        self.read_ids = tuple(sorted(read))
        #: questions scored by a table: their values, and for each the count key of a value
        scored = [qid for qid, scorer in tally.scorers.items() if scorer.table is not None]
        self.scored_places = [self.index[qid] for qid in scored]
        #: per scored question, the slot of each value of its table; 0 for no answer
        self._slots = tuple(
            {None: 0}
            | {value: tally.slots[(qid, value)] for value in tally.scorers[qid].table or {}}
            for qid in scored
        )
        #: the questions not scored by a table, by place (whether each is answered is not
        #: known from its slots)
        self.unscored_places = sorted(set(range(len(questions))) - set(self.scored_places))
        #: what each set of questions shown asks of the answers, a row each: the questions
        #: it hides and those it requires, by place (hidden_and_required)
        self._hides = np.zeros((16, len(questions)), np.bool_)
        self._requires = np.zeros((16, len(questions)), np.bool_)
        #: the row of each set of questions shown, and of each Shown object (Visibility
        #: remembers one per walk, and walks that show the same questions give equal sets:
        #: found here without comparing them)
        self._row_of_ids: dict[frozenset[str], int] = {}
        self._row_of: dict[Shown, int] = {}
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

    def add_lines(self, lines: Sequence[bytes]) -> Iterator[int]:
        """Count the responses on `lines` that are plainly valid; yield the place of each
        other line, in order. The line yielded is to be read and counted (or refused) by the
        full path before the next is asked for: the respondents are booked in the order of
        the lines, so a respondent given twice is refused on the same line as without this.

        The rules are checked column by column over the lines (a column: one field of every
        response), each different value of a column once (Batch)."""
        read, kept, joined = self._read(lines)
        if not read:
            yield from range(len(lines))
            return
        taken = lines if len(kept) == len(lines) else [lines[i] for i in kept]
        batch = Batch(self, read, taken, joined if joined is not None else b"".join(taken))
        good = batch.good()
        ids = self.tally.ids
        if len(good) == len(lines):  # every line plainly valid: book their respondents at once
            known = ids.add_new(batch.ids)
            yield from known  # given twice: refused by the full path, in order
            batch.count(good if not known else sorted(set(good) - set(known)))
            return
        fast = {kept[at]: at for at in good}
        free_slot, fill = ids.free_slot, ids.fill
        counted: list[int] = []
        for i in range(len(lines)):
            at = fast.get(i)
            if at is not None:
                respondent_id = batch.ids[at]
                slot = free_slot(respondent_id)
                if slot >= 0:
                    fill(slot, respondent_id)
                    counted.append(at)
                    continue
            yield i
        if counted:
            batch.count(counted)

    def _read(self, lines: Sequence[bytes]) -> tuple[list[Any], Sequence[int], bytes | None]:
        """The responses read from the lines the decoder takes, the places of those lines,
        and the lines joined when they were all read in one call. A batch whose every line
        is one object (it starts with `{`, ends with `}`) without a backslash is read in one
        call: no line is blank (json_lines skips those), so as many values as lines means
        one value on each line, in order."""
        if (
            all(map(bytes.startswith, lines, repeat(b"{")))
            and all(map(bytes.endswith, lines, repeat(_OBJECT_ENDS)))
            and b"\\" not in (joined := b"".join(lines))
        ):
            try:
                read = self._decode_lines(joined)
            except msgspec.DecodeError:
                pass  # some line is not a response of these types: line by line
            else:
                if len(read) == len(lines):
                    return read, range(len(lines)), joined
        kept: list[int] = []
        read = []
        decode = self._decode
        for i, line in enumerate(lines):
            if b"\\" in line:  # an escaped character, maybe a quote: see the module's text
                continue
            try:
                read.append(decode(line))
            except msgspec.DecodeError:  # msgspec.ValidationError included
                continue
            kept.append(i)
        return read, kept, None

    def quotes(self, text: bytes) -> int:
        """How many quotes (") `text` holds. Counted a block at a time in one array kept
        for the run: an array as long as a batch's text, made anew for each batch, costs
        more than the counting."""
        data = np.frombuffer(text, np.uint8)
        marks = self._marks
        found = 0
        for start in range(0, len(data), len(marks)):
            block = data[start : start + len(marks)]
            found += int(np.count_nonzero(np.equal(block, _QUOTE, out=marks[: len(block)])))
        return found

    def hidden_and_required(
        self, shown: list[Shown]
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """For each response, from the questions shown to it: the questions hidden from it
        and those it must answer, a row of booleans by place each (size, questions)."""
        if len(self._row_of) + len(shown) > MAX_MEMO:  # bounded (as many ids at most): anew
            self._row_of_ids.clear()
            self._row_of.clear()
        rows = list(map(self._row_of.get, shown))
        if None in rows:
            for i in [i for i, row in enumerate(rows) if row is None]:
                one = shown[i]
                rows[i] = self._row_of[one] = self._row(one)
        at = np.array(rows, np.intp)
        return self._hides[at], self._requires[at]

    def _row(self, shown: Shown) -> int:
        """The row of what `shown` asks of the answers (hidden_and_required), added when
        its set of questions has none."""
        row = self._row_of_ids.get(shown.ids)
        if row is not None:
            return row
        row = self._row_of_ids[shown.ids] = len(self._row_of_ids)
        if row == len(self._hides):  # full: twice as many rows
            self._hides = np.concatenate([self._hides, np.zeros_like(self._hides)])
            self._requires = np.concatenate([self._requires, np.zeros_like(self._requires)])
        for qid, place in self.index.items():
            self._hides[row, place] = qid not in shown.ids
            self._requires[row, place] = qid in shown.required
        return row


_RESPONDENT_FIELDS = tuple(Respondent.model_fields)
#: The respondent's keys that may be missing (or null).
_OPTIONAL_RESPONDENT = tuple(
    name for name in _RESPONDENT_FIELDS if name not in ("id", "region", "group")
)


class Batch:
    """Responses read by the typed decoder (LineRules), checked column by column: `good`
    says which of them are plainly valid by the rules of the plain path (PlainRules, the
    AnswerChecker's), each different value of a column checked once; `count` counts those
    whose respondents were booked (LineRules.add_lines)."""

    def __init__(self, rules: LineRules, read: list[Any], lines: Sequence[bytes], text: bytes):
        """`read`: the responses read from `lines`, one each; `text`: the lines joined."""
        self.rules = rules
        size = self.size = len(read)
        rows = list(map(astuple, read))
        (
            _,  # the questionnaire: its type says it is the one counted
            people,
            languages,
            statuses,
            started,
            updated,
            versions,
            waves,
            consents,
            submitted_given,
            answers,
            skipped_given,
        ) = zip(*rows, strict=True)
        persons = list(map(astuple, people))
        person = list(zip(*persons, strict=True))
        self.ids: tuple[str, ...] = person[0]
        self.regions: tuple[str, ...] = person[1]
        self.groups: tuple[str, ...] = person[2]
        optional = dict(zip(_OPTIONAL_RESPONDENT, person[3:], strict=True))
        self.names = _nones(optional["region_name"])
        no_answers = rules.no_answers
        values = [no_answers if a is UNSET else astuple(a) for a in answers]
        self.columns: list[tuple[Any, ...]] = list(zip(*values, strict=True))
        #: the slot of each response's answer to each question scored by a table (0: none)
        self.slots = [
            np.fromiter(_slots_of(of_value, self.columns[place]), np.intp, size)
            for place, of_value in zip(rules.scored_places, rules._slots, strict=True)
        ]
        # whether each response answers each question (size, questions): from the slots,
        # else from the column
        answered = np.empty((size, len(self.columns)), np.bool_)
        for place, slots in zip(rules.scored_places, self.slots, strict=True):
            np.not_equal(slots, 0, out=answered[:, place])
        for place in rules.unscored_places:
            column = self.columns[place]
            answered[:, place] = np.fromiter(map(is_not, column, repeat(None)), np.bool_, size)
        self.values = values
        self.bad = bad = np.zeros(size, np.bool_)
        submitted = _nones(submitted_given)
        given = np.fromiter(map(is_not, submitted, repeat(None)), np.bool_, size)
        complete = np.fromiter(map("complete".__eq__, statuses), np.bool_, size)
        skipped = [() if s is UNSET else s for s in skipped_given]
        skips = np.fromiter(map(len, skipped), np.intp, size)

        # keys given twice: the line holds as many quotes as the response read, written
        # again, and never fewer (see the module's text); so when the lines hold as many
        # quotes as the responses written again, each line does. Those written again hold
        # two quotes per text, counted over the columns (_texts), without writing them.
        quotes = rules.quotes
        #: how many texts (keys and values) the responses read are written with
        self.texts = texts = _texts(
            rules,
            person,
            self.columns,
            answered.sum(axis=0).tolist(),
            versions=versions,
            waves=waves,
            consents=consents,
            submitted=submitted_given,
            answers=answers,
            skipped=skipped_given,
            skipped_questions=int(skips.sum()),
        )
        if quotes(text) != 2 * texts:
            encode = rules.encode
            written = np.fromiter(map(quotes, map(encode, read)), np.intp, size)
            bad |= np.fromiter(map(quotes, lines), np.intp, size) != written

        # the respondent, the response's times, consent and questions skipped
        # (PlainRules.respondent_slot, column by column)
        plain = rules.plain
        if UNSET in versions:
            versions = tuple(1 if v is UNSET else v for v in versions)
        if waves.count(UNSET) == size:
            waved: Sequence[Any] = [None] * size
        else:
            waved = [
                None if w is None or w is UNSET else (("id", w.id), ("period", w.period))
                for w in waves
            ]
        groups = rules._groups
        self._refuse(
            list(zip(self.regions, self.names, strict=True)),
            lambda key: plain.region_ok(*key),
        )
        sectors = _nones(optional["sector"])
        self._refuse(
            list(zip(self.groups, sectors, languages, statuses, versions, waved, strict=True)),
            lambda key: key[0] in groups and plain.others_ok(*key),
        )
        if not _plain_ids(self.ids):
            self._refuse(self.ids, lambda value: RESPONDENT_ID_MATCH(value) is not None)
        self._refuse(
            _nones(optional["organisation"]),
            lambda value: value is None or plain.organisation_ok(value),
        )
        self._refuse(_nones(consents), plain.consent_ok)
        for times in (started, updated):
            self._times(times)
        bad |= np.fromiter(map(lt, updated, started), np.bool_, size)
        bad |= complete != given  # submitted exactly when complete
        if given.any():
            at = np.flatnonzero(given).tolist()
            self._times([submitted[i] for i in at], at)
            early = [submitted[i] < started[i] for i in at]
            bad[np.array(at)[np.array(early, np.bool_)]] = True
        if skips.any():
            self._skipped(skipped, skips)

        # the answers: the values types leave open, what is shown, constraints
        for place, rule, asked, whole in rules.value_rules:
            column = self.columns[place]
            if asked == "each":
                fine = list(map(rule, column))
                if not all(fine):
                    bad |= ~np.array(fine, np.bool_)
            elif asked == "typed":
                self._refuse(column, rule, typed_keys(column))
            elif whole is None or not whole(column):  # all texts at once, else one by one
                self._refuse(column, rule)
        seen = {qid: self.columns[rules.index[qid]] for qid in rules.read_ids}
        checker = rules.checker
        hides, requires = rules.hidden_and_required(
            checker.visibility.shown_columns(seen, self.groups)
        )
        bad |= (answered & hides).any(axis=1)  # a hidden question answered
        if complete.any():
            bad |= complete & (requires & ~answered).any(axis=1)  # a required one not
        if checker.constrained:
            holds = checker.constraints_hold_columns(seen, size)
            bad |= ~np.array(holds, np.bool_)

    def good(self) -> list[int]:
        """The responses found plainly valid (their places in the batch)."""
        return np.flatnonzero(~self.bad).tolist()

    def _refuse(
        self,
        column: Sequence[Any],
        rule: Callable[[Any], bool],
        keys: Sequence[Any] | None = None,
    ) -> None:
        """Mark bad the responses whose value in `column` `rule` refuses: each different
        value is asked once (`keys`: the values as keys, when equal values may differ:
        1 == 1.0 == True, lists)."""
        if keys is None:
            keys = column
            verdicts = {value: bool(rule(value)) for value in set(column)}
        else:
            pairs = dict(zip(keys, column, strict=True)).items()
            verdicts = {key: bool(rule(value)) for key, value in pairs}
        if not all(verdicts.values()):
            self.bad |= ~np.fromiter(map(verdicts.__getitem__, keys), np.bool_, len(keys))

    def _times(self, times: Sequence[Any], at: list[int] | None = None) -> None:
        """Mark bad the responses whose time (times[i], of the response at[i]) is not one
        written as s3engine writes it, on a day that exists (PlainRules._time)."""
        where = np.arange(len(times)) if at is None else np.array(at, np.intp)
        rows = _utc_seconds(times)  # all written so: checked at once
        if rows is None:
            form = list(map(UTC_SECOND_MATCH, times))
            written = np.array([m is not None for m in form], np.bool_)
            self.bad[where[~written]] = True
            times = [t for t, m in zip(times, form, strict=True) if m is not None]
            where = where[written]
            days = [day.encode() for day in map(_DAY, times)]  # ASCII, as the form is
        else:
            days = np.ascontiguousarray(rows[:, :10]).view("S10").ravel().tolist()
        day_ok = self.rules.plain.day_ok  # each different day (its bytes) asked once
        verdicts = {day: day_ok(day.decode()) for day in set(days)}
        if not all(verdicts.values()):
            fine = np.fromiter(map(verdicts.__getitem__, days), np.bool_, len(days))
            self.bad[where[~fine]] = True

    def _skipped(self, skipped: list[Sequence[str]], skips: NDArray[np.intp]) -> None:
        """Mark bad the responses whose list of questions skipped the model refuses, names a
        required question, or one answered (answers.skipped_and_answered). The list is
        valid when each of its names is (a list of identifiers)."""
        rules = self.rules
        optional, index, plain = rules.checker.optional, rules.index, rules.plain
        items = list(chain.from_iterable(skipped))
        verdicts = {qid: qid in optional and plain.skipped_ok((qid,)) for qid in set(items)}
        of = np.repeat(np.arange(self.size), skips).tolist()
        values = self.values
        for i, qid in zip(of, items, strict=True):
            if not verdicts[qid] or values[i][index[qid]] is not None:
                self.bad[i] = True

    def count(self, counted: list[int]) -> None:
        """Count the responses at places `counted` (each a valid response of a respondent
        just booked): their scored answers, respondents and names of regions."""
        rules = self.rules
        tally = rules.tally
        every = len(counted) == self.size
        regions = self.regions if every else [self.regions[i] for i in counted]
        groups = self.groups if every else [self.groups[i] for i in counted]
        names = self.names if every else [self.names[i] for i in counted]
        grid = tally.grid
        rows = grid.rows_of(list(zip(regions, groups, strict=True)))
        if every:
            grid.add(rows, self.slots)
        else:
            at = np.array(counted, np.intp)
            grid.add(rows, [slots[at] for slots in self.slots])
        votes = tally.name_votes
        for (region, name), n in Counter(zip(regions, names, strict=True)).items():
            if name:
                of_region = votes.get(region)
                if of_region is None:
                    of_region = votes[region] = Counter()
                of_region[name] += n
        tally.read += len(counted)
        for qid, place in rules._looped:
            column = self.columns[place]
            for i in counted:
                value = column[i]
                if value is not None:
                    key = (self.regions[i], self.groups[i])
                    cell = tally.cells.get(key)
                    if cell is None:
                        cell = tally.cells[key] = Cell()
                    tally.add_looped(cell, {qid: value})


def _asked(question: Question) -> str:
    """How a batch asks the rule of a value of `question` (LineRules.value_rules)."""
    if isinstance(question, MultipleChoice | Ranking):
        return "each"
    return "texts" if isinstance(question, TextQuestion) else "typed"


def _answer_strings(question: Question) -> int | None:
    """How many texts an answer to `question` is written with besides its key (LineRules.
    answer_strings): the values of _answer_type."""
    if isinstance(question, MultipleChoice | Ranking):
        return None
    return int(isinstance(question, SingleChoice | TextQuestion))


def _texts(
    rules: LineRules,
    person: list[tuple[Any, ...]],
    columns: list[tuple[Any, ...]],
    given: list[int],
    *,
    versions: Sequence[Any],
    waves: Sequence[Any],
    consents: Sequence[Any],
    submitted: Sequence[Any],
    answers: Sequence[Any],
    skipped: Sequence[Any],
    skipped_questions: int,
) -> int:
    """How many texts, keys and values, msgspec writes responses read with (Batch), from
    their columns: the six fields each response gives and the values of four of them
    (language, status, started, updated), the questionnaire's reference, the respondent
    (`person`: a column per field), the fields a response may leave out (UNSET) or give as
    null, and the answers (`columns`: each question's; `given`: how many responses answer
    each question; the options of a list are texts too)."""
    size = len(answers)
    texts = size * (6 + 4 + rules.ref_strings + 6)  # the respondent's id, region and group
    for column in person[3:]:  # the optional fields of the respondent: key, text
        texts += 2 * (size - column.count(UNSET)) - column.count(None)
    texts += _given(versions) + _given(consents)  # a key (and a number, a boolean)
    texts += 2 * _given(submitted) - submitted.count(None)  # key, time
    texts += 5 * _given(waves) - 4 * waves.count(None)  # key, and two keys and texts
    texts += _given(skipped) + skipped_questions  # key, and each question skipped
    texts += _given(answers)  # the key "answers"
    for column, strings, answers_given in zip(columns, rules.answer_strings, given, strict=True):
        if strings is None:  # a list of options: key, and each option
            texts += answers_given + sum(map(len, filter(None, column)))
        else:
            texts += answers_given * (1 + strings)
    return texts


def _given(column: Sequence[Any]) -> int:
    """How many responses give a field that may be left out (UNSET): null or a value."""
    return len(column) - column.count(UNSET)


def _unless_given(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """`rule` for an answer that may be missing (None), which it takes."""
    return lambda value: value is None or rule(value)


def _nones(column: Sequence[Any]) -> list[Any]:
    """A column with None for each value missing (UNSET)."""
    if UNSET not in column:
        return list(column)
    return [None if v is UNSET else v for v in column]


def _slots_of(of_value: dict[Any, int], column: Sequence[Any]) -> Iterable[int]:
    """The slot of each value of a column of a scored question (0: none), looked up in one
    call. `of_value` (LineRules._slots) holds every value the decoder takes for it: a table
    scores every point of a scale, option, yes and no (AnswerScores.of), and those are the
    values of its type (_answer_type)."""
    if len(column) > 1:
        found: tuple[int, ...] = itemgetter(*column)(of_value)
        return found
    return [of_value[value] for value in column]  # itemgetter of one key gives no tuple


#: How a line that holds one JSON object ends (LineRules._read): json_lines gives each line
#: with its line break, the last maybe without one.
_OBJECT_ENDS = (b"}\n", b"}\r\n", b"}")
#: A time as s3engine writes it (UTC_SECOND) followed by a line break, character by
#: character: the lowest and the highest byte each may be (the hour's tens and ones are
#: further bound together: 00 to 23; _utc_seconds).
_TIME_LOWEST = np.frombuffer(b"0000-00-00T00:00:00Z\n", np.uint8)
_TIME_HIGHEST = np.frombuffer(b"9999-99-99T29:59:59Z\n", np.uint8)
_TIME_WIDTH = len(_TIME_LOWEST)


def _utc_seconds(times: Sequence[Any]) -> NDArray[np.uint8] | None:
    """The times, one row of bytes each, when every one is written as s3engine writes it
    (UTC_SECOND, as UTC_SECOND_MATCH takes it); else None. Checked over the column at once,
    a byte position at a time: the times joined, each followed by a line break, are as
    many rows of _TIME_WIDTH ASCII bytes, each byte between its lowest and highest. A line
    break is allowed only as a row's last byte, so the rows hold the times one each, as
    written (a time longer or shorter than the form would put a line break elsewhere, or
    leave the text another length)."""
    try:
        text = ("\n".join(times) + "\n").encode("ascii")
    except (TypeError, UnicodeEncodeError):  # not all texts, or a character beyond ASCII
        return None
    if not times or len(text) != _TIME_WIDTH * len(times):
        return None
    rows = np.frombuffer(text, np.uint8).reshape(len(times), _TIME_WIDTH)
    if not ((rows >= _TIME_LOWEST) & (rows <= _TIME_HIGHEST)).all():
        return None
    hour_tens, hour_ones = rows[:, 11], rows[:, 12]
    if ((hour_tens == ord("2")) & (hour_ones > ord("3"))).any():  # 24:00 to 29:59
        return None
    return rows


#: Respondent ids, each followed by a line break, each of the pattern of an id (which takes
#: no line break).
_IDS_MATCH = re.compile(
    "(?:(?:" + RESPONDENT_ID.removeprefix("^").removesuffix("$") + ")\n)*"
).fullmatch


def _plain_ids(ids: Sequence[str]) -> bool:
    """Whether every id is of the respondent id's pattern (RESPONDENT_ID_MATCH), checked at
    once over the ids joined, each followed by a line break: as many line breaks as ids
    means none is in an id, and the rows between them are the ids."""
    text = "\n".join(ids) + "\n" if ids else ""
    return text.count("\n") == len(ids) and _IDS_MATCH(text) is not None


#: The byte of a quote (LineRules.quotes).
_QUOTE = ord('"')
#: The day of a time written as s3engine writes it.
_DAY = itemgetter(slice(0, 10))
