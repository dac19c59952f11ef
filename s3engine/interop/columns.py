"""Importing an export a chunk of rows at a time, column by column: the row rules compiled.

`RowReader.read` turns one row into a response through the rules of every way of answering
(survey.script.response_from_answers). An export of 100,000 rows repeats itself: a column
of a scale holds six codes, the profile a few regions and groups, and the questions a
respondent sees depend only on the group and on the outcome of the conditions'
comparisons. So the rows are read in chunks (CHUNK rows, memory flat) and each rule is
applied once per distinct thing it reads, with the same functions as the row reader:

* each question's cells (one column, or one per option or place) are decoded once per
  distinct content by `RowReader.take` and `gather` and checked by `value_problem`; the
  result is the answer's JSON text (`"id":value,`), or None when the row reader would
  report a problem;
* the questions shown are worked out by `visible_questions` once per group and combination
  of the outcomes of the conditions' comparisons (as answers.Visibility does);
* a constraint's verdict (`check_value`) once per value of the answers it reads;
* the profile, consent, version and language once per combination, taken from a row the
  row reader imported: its response, written by the model, with its id, times, answers and
  skipped questions cut out, is the template of every row with that profile; the template
  is kept only if it puts that row's own response back together byte for byte;
* the times a column at a time (`_Times`): one pattern checks that every cell of the
  column is written in one shape, and `parse_time` and `in_utc` work out each date, hour
  and zone once; each cell keeps its own minutes and seconds;
* the respondent ids a column at a time, when every cell is an id as it stands;
* a multiple choice's summary column a column at a time: the verdict per set of codes,
  the JSON by replacing the spaces between the codes (its options come in any order, so
  nearly every cell differs); the option columns beside it compared with the ticks that
  set of codes gives (RowReader.agree words a disagreement);
* for each row, what no memo helps with: whether it answers every required question shown
  and none hidden, its skipped questions, and its line, put together with the other good
  rows' lines in one join.

A row is written from these pieces only when every piece vouches for it; any other row
(a problem, a declined consent, a blank or repeated id, a row of another length, a profile
not seen yet) goes through `RowReader.read`, in order, so its messages are the row reader's
own: its checks of a row's length and id are made there only. The
memos are bounded (MEMO entries each). tests/test_import_columns.py proves on drawn exports,
good and bad rows, that both give the same text and the same messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from itertools import chain, compress, islice, repeat
from operator import itemgetter, ne, not_
from typing import Any, cast

from pydantic_core import to_json

from s3engine.interop.imports import (
    Imported,
    RowCells,
    RowReader,
    Target,
    in_utc,
    parse_time,
    survey_id_fits,
    zoned,
)
from s3engine.questionnaire.answers import check_value, file_words, value_problem, visible_questions
from s3engine.questionnaire.conditions import (
    AnswerRef,
    Compare,
    compare_values,
    comparisons,
    is_answered,
    questions_read,
)
from s3engine.questionnaire.model import MultipleChoice, Question
from s3engine.responses.model import Response, wave_year_problem

#: Rows read and checked together.
CHUNK = 1024
#: Bound on each memo (a column's distinct cells, combinations of the profile, ...).
MEMO = 10_000
#: A blank summary column: the option columns say what was chosen.
_TICKS = object()
#: A respondent id no row has: where a row's own goes in a template.
_ID = "ZZZZ-template-ZZZZ"
#: A survey id cell read as written (nothing to strip or take off): blank or a whole number
#: without a leading zero.
_PLAIN_SURVEY = re.compile(r"(?:[1-9][0-9]*)?")
_T1 = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
_T2 = datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC)


def _json(value: Any) -> str:
    return to_json(value).decode("utf-8")


_first, _second = itemgetter(0), itemgetter(1)
#: A multiple choice's summary the row reader refuses: no answer and no outcome.
_NO_ANSWER = (None, None)


class _Memo(dict[Any, Any]):
    """A bounded memo: a miss asks `compute`, and is kept while there is room. None (a
    refusal: the row reader must read the row) is never kept but counted, so that a chunk
    learns whether a column refused a cell without looking at every cell."""

    def __init__(self, compute: Callable[[Any], Any]):
        super().__init__()
        self.compute = compute
        self.refused = 0

    def __missing__(self, key: Any) -> Any:
        value = self.compute(key)
        if value is None:
            self.refused += 1
        elif len(self) < MEMO:
            self[key] = value
        return value


#: A time as the tools write it, to the second (hour 00-23: Python refuses 24, and the
#: seconds at [17:19] are 00-59), then a fraction (`.` and 3 or 6 digits) and a zone (none,
#: `Z` or whole minutes).
_CLOCK = r"\d{4}-\d\d-\d\d[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
_FRACTIONS = ((0, ""), (4, r"\.\d{3}"), (7, r"\.\d{6}"))
_ZONES = ("", "Z", r"[+-]\d\d:\d\d")
#: (every cell of a column in one shape, where the zone starts), per shape
_SHAPES = [
    (re.compile(f"{one}(?:\n{one})*"), 19 + length)
    for length, fraction in _FRACTIONS
    for zone in _ZONES
    for one in [_CLOCK + fraction + zone]
]


class _Times:
    """The times of a column as RowReader.time reads them (`parse_time`, `in_utc`), as JSON.

    Times rarely repeat, but their hours do: when every cell of a column is written in one
    shape (as a tool writes them: to the second, the same fraction and kind of zone), the
    time in UTC is worked out once per date, hour and zone (at 00:00 past the hour) and
    takes each cell's own minutes and seconds: a zone of whole hours leaves them as they
    are (another zone is read cell by cell), and in_utc drops the fraction. Any other
    column is read cell by cell."""

    def __init__(self, clean: Callable[[str], str], zone: tzinfo, zoned: bool):
        self.clean = clean
        self.zone = zone  # of the times written without one (parse_time)
        self.zoned = zoned  # the tool writes them with their zone (ZONED_TIMES)
        self.hours = _Memo(self._hour)

    def _hour(self, key: str) -> str | None:
        """date and hour (14 characters) and zone -> the JSON text of that hour in UTC up
        to its minutes (`"2025-03-03T07:`); None if the row reader refuses it, or if the
        zone moves the minutes."""
        moment = parse_time(key[:14] + "00:00" + key[14:], self.zone, zoned=self.zoned)
        if moment is None or wave_year_problem(in_utc(moment)) is not None:
            return None
        text = _json(in_utc(moment))
        return text[:15] if len(text) == 22 and text[15:] == '00:00Z"' else None

    def one(self, cell: str) -> str | None:
        """A cell's time as JSON, "" when blank, None when the row reader refuses it."""
        cell = self.clean(cell)
        if not cell:
            return ""
        moment = parse_time(cell, self.zone, zoned=self.zoned)
        if moment is None or wave_year_problem(in_utc(moment)) is not None:
            return None
        return _json(in_utc(moment))

    def column(self, cells: tuple[str, ...]) -> list[str | None]:
        """`one` of every cell of a column."""
        if cells:
            joined = "\n".join(cells)
            for pattern, zone in _SHAPES:
                if pattern.fullmatch(joined):
                    hours = self.hours
                    found: list[str | None] = [
                        None if h is None else h + c[14:19] + 'Z"'
                        for h, c in zip(
                            map(hours.__getitem__, [c[:14] + c[zone:] for c in cells]),
                            cells,
                            strict=True,
                        )
                    ]
                    if None in found:
                        found = [
                            x if x is not None else self.one(c)
                            for x, c in zip(found, cells, strict=True)
                        ]
                    return found
        return list(map(self.one, cells))


#: A plain summary column's reader: (cells, their `_codes`, the summary's memo) -> pairs.
_SummaryColumn = Callable[[tuple[str, ...], list[Any], "_Memo"], list[Any]]


def _codes(cells: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The codes of summary cells (split at each space), sorted: a set of options, however
    ordered."""
    return list(map(tuple, map(sorted, map(str.split, cells, repeat(" ")))))


def _getter(positions: list[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """itemgetter that always gives a tuple."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        only = positions[0]
        return lambda row: (row[only],)
    return lambda row: ()


class _Shown:
    """For the questions one respondent sees: the answers required, forbidden (hidden), and
    the optional ones, whose blanks are the skipped questions."""

    __slots__ = ("hidden", "hidden_blank", "optional", "optional_json", "required")

    def __init__(self, order: list[str], shown: list[Question]):
        ids = {x.id for x in shown}
        position = {qid: i for i, qid in enumerate(order)}
        self.required = _getter([position[x.id] for x in shown if x.required])
        hidden = [i for i, qid in enumerate(order) if qid not in ids]
        self.hidden = _getter(hidden)
        self.hidden_blank = ("",) * len(hidden)
        optional = [x.id for x in shown if not x.required]
        optional.sort(key=position.__getitem__)  # make_response writes them in this order
        self.optional = _getter([position[qid] for qid in optional])
        self.optional_json = tuple(_json(qid) for qid in optional)

    def skipped_json(self, row: tuple[str, ...]) -> str | None:
        """The optional questions shown and left blank in `row` (the answers' fragments),
        as JSON; None if a required question is blank or a hidden one answered."""
        if "" in self.required(row) or self.hidden(row) != self.hidden_blank:
            return None
        return ",".join(compress(self.optional_json, map(not_, self.optional(row))))


def _skipped(shown: _Shown | None, row: tuple[str, ...]) -> str | None:
    return None if shown is None else shown.skipped_json(row)


class _Template:
    """A response of one profile as the model writes it, cut where each row's own parts go:
    its id, start time, submission time (twice: updated, submitted), answers, skipped."""

    __slots__ = ("end", "parts", "pieces")

    def __init__(self, text: str):
        """`text`: the response written with id _ID, started _T1, updated and submitted
        _T2, no answers and nothing skipped; ValueError if it is not cut as expected."""
        head, _, rest = text.partition(f'"{_ID}"')
        started, updated, submitted = ',"started":', ',"updated":', ',"submitted":'
        answers, skipped = ',"answers":{', '},"skipped":['
        a = rest.index(started) + len(started)
        e = rest.index(skipped)
        self.parts = (
            head + '"',
            '"' + rest[:a],
            updated,
            submitted,
            answers,
            skipped,
            rest[e + len(skipped) :],
        )
        if self.line(_ID, _json(_T1), _json(_T2), "", "") != text:
            raise ValueError(text)
        self.end = self.parts[6] + "\n"  # the last piece of a line of a JSON Lines file
        #: the pieces between a row's own parts, in a line's order
        self.pieces = (*self.parts[:6], self.end)

    def line(self, rid: str, started: str, moment: str, answers: str, skipped: str) -> str:
        p = self.parts
        return "".join(
            (
                p[0],
                rid,
                p[1],
                started,
                p[2],
                moment,
                p[3],
                moment,
                p[4],
                answers,
                p[5],
                skipped,
                p[6],
            )
        )


#: What a row's own parts are, once its cells vouch for it: (respondent id, start,
#: submission time, answers, skipped), the times and answers as JSON.
Parts = tuple[str, str, str, str, str]
#: The time columns, in the order `_moments` takes them.
_TIMES = ("started", "ended", "submitted")


class ColumnReader:
    """The rows of one export, a chunk at a time (see the module's docstring)."""

    def __init__(self, reader: RowReader):
        self.reader = reader
        q = reader.q
        layout = reader.layout
        self.width = len(layout.header)
        targets = list(layout.columns.items())  # one column per target (the layout's rule)
        self.meta = {
            t[0]: i for i, t in targets if t[0] in ("id", "survey", "started", "ended", "submitted")
        }
        #: the columns whose cells decide the profile, consent, version and language (and
        #: ODK Central's Status, blank in a row with answers)
        self.profile_columns = [
            i
            for i, t in targets
            if t[0] in ("profile", "version", "tool-version", "tool-status", "language")
        ]
        self.group_column = next(
            (i for i, t in targets if t[0] == "profile" and t[1] == "group"), None
        )
        self.templates: dict[tuple[str, ...], _Template] = {}
        self.order = list(q.question_index)
        position_of = {qid: i for i, qid in enumerate(self.order)}
        self.sources: list[list[tuple[int, Target]]] = []
        #: per question, the text before its answer in a fragment (`"id":`)
        self.heads = [len(_json(qid)) + 1 for qid in self.order]
        self.tables: list[_Memo] = []
        self.summaries: list[_Memo | None] = []
        #: the summaries whose codes are written as themselves: read a column at a time
        self.plain_summaries: dict[int, _SummaryColumn] = {}
        #: per summary column followed by option columns: sorted codes -> the option
        #: columns' cells that agree with them (RowReader.agree)
        self.ticks_of: dict[int, _Memo] = {}
        for position, qid in enumerate(self.order):
            sources = [(i, t) for i, t in targets if t[1] == qid and t[0] != "profile"]
            self.sources.append(sources)
            self.tables.append(_Memo(self._entry(position, sources)))
            # a summary column first and one column per option: a summary that is not
            # blank says it all (RowReader.gather), so its cell alone is the key
            summary = None
            if (
                sources
                and sources[0][1][0] == "answer"
                and isinstance(q.question_index[qid], MultipleChoice)
            ):
                summary = _Memo(self._summary(position, sources))
                if len(sources) > 1:
                    self.ticks_of[position] = _Memo(self._ticks(qid, sources[1:]))
            self.summaries.append(summary)
        # the questions shown: per group and outcomes of the conditions' comparisons
        found: list[Compare] = []
        conditions = [s.show_if for s in q.sections if s.show_if is not None]
        conditions += [x.show_if for _, x in q.questions() if x.show_if is not None]
        for condition in conditions:
            found.extend(cmp for cmp, _ in comparisons(condition))
        compared: dict[str, list[tuple[str | None, str, Any]]] = {}
        exact: set[str] = set()  # answers compared with other answers: their values count
        for cmp in found:
            if isinstance(cmp.operand, AnswerRef):
                exact |= {cmp.question or "", cmp.operand.answer_of}
            elif cmp.question in position_of:
                compared.setdefault(cmp.question, []).append(cmp.found)
        for qid in sorted(exact & position_of.keys()):
            compared.setdefault(qid, [])
        #: (position, memo fragment -> outcome) of each question the conditions read
        self.seen_by_conditions: list[tuple[int, _Memo]] = []
        #: per multiple choice the conditions read: set of options -> outcome
        self.by_set: dict[int, _Memo] = {}
        self.outcome_of: dict[int, _Memo] = {}
        #: per such question: outcome -> a value with that outcome
        self.representative: list[dict[Any, Any]] = []
        for qid, cmps in compared.items():
            slot = len(self.representative)
            self.representative.append({})
            outcome = self._outcome(position_of[qid], slot, cmps, qid in exact)
            self.seen_by_conditions.append((position_of[qid], _Memo(outcome)))
            self.outcome_of[position_of[qid]] = self.seen_by_conditions[-1][1]
        self.shown = _Memo(self._shown)
        # constraints: a verdict per value of the answer and of the answers they read
        self.constraints: list[tuple[list[int], _Memo]] = []
        for position, qid in enumerate(self.order):
            question = q.question_index[qid]
            if not question.constraints:
                continue
            reads = set().union(*(questions_read(c.rule, qid) for c in question.constraints))
            others = sorted(position_of[r] for r in reads - {qid} if r in position_of)
            positions = [position, *others]
            self.constraints.append((positions, _Memo(self._verdict(question, positions))))
        self.need_submitted = reader.layout.tool == "limesurvey"
        tool = reader.layout.tool
        self.times = {kind: _Times(reader.clean, reader.zone, zoned(tool, kind)) for kind in _TIMES}
        #: per survey id (LimeSurvey's, "" for none): the respondent ids' prefix and the
        #: shape of a column of ids that need only that prefix (None: none does)
        self.id_shapes: dict[str, tuple[str, re.Pattern[str] | None]] = {}

    # -- the memos' misses: the row reader's rules, once per distinct input -------------

    def _entry(self, position: int, sources: list[tuple[int, Target]]) -> Callable[[Any], Any]:
        """cells of a question -> its answer as JSON (`"id":value,`), "" when unanswered,
        None when the row reader would report a problem."""
        reader, q = self.reader, self.reader.q
        qid = self.order[position]
        question = q.question_index[qid]
        single = len(sources) == 1

        def entry(key: Any) -> str | None:
            problems: list[str] = []
            row = RowCells(0, lambda index, message: problems.append(message))
            for (index, target), cell in zip(sources, (key,) if single else key, strict=True):
                reader.take(row, index, target, cell)
            reader.gather(row)
            value = row.answers.get(qid)
            if problems:
                return None
            if not is_answered(value):
                return ""
            if value_problem(q, question, value, file_words) is not None:
                return None
            return f"{_json(qid)}:{_json(value)},"

        return entry

    def _summary(self, position: int, sources: list[tuple[int, Target]]) -> Callable[[Any], Any]:
        """A multiple choice's summary cell (codes separated by spaces) -> as `_entry`
        (_TICKS when it is blank and option columns follow), with the outcome of the
        conditions' comparisons on it. Each code is decoded through
        the layout's table, as RowReader.decode does; value_problem's verdict on the list
        does not depend on the order of its options (which options, how many, twice or
        not), so it is asked once per set of codes, however ordered."""
        reader, q = self.reader, self.reader.q
        qid = self.order[position]
        question = q.question_index[qid]
        codes = {c: v for (k, c), v in reader.layout.decode.items() if k == qid}
        as_json = {c: _json(v) for c, v in codes.items()}
        blank = (_TICKS, None) if len(sources) > 1 else ("", None)

        def verdict(key: tuple[str, ...]) -> tuple[bool, Any] | None:
            if not set(key) <= codes.keys():
                return None
            values = [codes[c] for c in key]
            ok = value_problem(q, question, values, file_words) is None
            by_set = self.by_set.get(position)
            return ok, by_set[tuple(sorted(values))] if by_set is not None and ok else None

        verdicts = _Memo(verdict)
        head = f"{_json(qid)}:["

        # codes written as themselves in JSON, none with a space: a cell of codes each
        # followed by one space is the answer's JSON with `","` for the spaces
        plain = all(as_json[c] == f'"{c}"' and c.split() == [c] for c in codes)
        quoted = head + '"'

        def column(
            cells: tuple[str, ...], keys: list[Any], memo: _Memo
        ) -> list[tuple[Any, Any] | None]:
            """`summary` of every cell, through the verdict on its set of codes (`keys`:
            `_codes` of the cells; a blank cell, two spaces or another code: no verdict,
            `summary` reads the cell)."""
            found = list(map(verdicts.__getitem__, keys))
            texts = map(
                str.__add__,
                map(quoted.__add__, map(str.replace, cells, repeat(" "), repeat('","'))),
                repeat('"],'),
            )
            if None in found or False in map(_first, found):
                return [
                    (text, v[1]) if v is not None and v[0] else memo[cell]
                    for text, v, cell in zip(texts, found, cells, strict=True)
                ]
            return list(zip(texts, map(_second, found), strict=True))

        if plain:
            self.plain_summaries[position] = column

        def summary(cell: str) -> tuple[Any, Any] | None:
            """(the answer as JSON, the outcome of the conditions on it when they read it)"""
            chosen = reader.clean(cell).split()
            if not chosen:
                return blank
            found = verdicts[tuple(sorted(chosen))]
            if found is None:
                return None  # a code the question does not have: the row reader words it
            if not found[0]:
                return None
            return head + ",".join(map(as_json.__getitem__, chosen)) + "],", found[1]

        return summary

    def _ticks(self, qid: str, sources: list[tuple[int, Target]]) -> Callable[[Any], Any]:
        """The sorted codes of a summary cell -> the cells of the option columns that agree
        with it, as KoboToolbox and ODK Central write them (1 ticked, 0 not); None for a
        code the question does not have. Other cells (blank, another tick) are left to
        RowReader.agree. An option whose column the export left out is not checked."""
        layout = self.reader.layout
        place = {value: i for i, (_, target) in enumerate(sources) for value in [target[2]]}
        #: code -> the place of its option's column (None: the export has none)
        at = {c: place.get(v) for (k, c), v in layout.decode.items() if k == qid}
        none = ["0"] * len(sources)

        def ticks(key: tuple[str, ...]) -> tuple[str, ...] | None:
            cells = none.copy()
            for code in key:
                if code not in at:
                    return None
                where = at[code]
                if where is not None:
                    cells[where] = layout.tick
            return tuple(cells)

        return ticks

    def value(self, position: int, fragment: str) -> Any:
        """The answer a fragment holds (None for ""): JSON read back gives the value the
        row reader decoded (pydantic writes floats so that they read back the same)."""
        return json.loads(fragment[self.heads[position] : -1]) if fragment else None

    def _outcome(
        self, position: int, slot: int, cmps: list[tuple[str | None, str, Any]], exact: bool
    ) -> Callable[[str | None], Any]:
        """answer (as JSON) -> the outcomes of the comparisons on it (and the answer itself
        when other answers are compared with it)."""
        qid = self.order[position]
        missing = self.reader.q.missing_points
        representative = self.representative[slot]
        # a multiple choice's comparisons (answered, contains, equals or in a single value)
        # do not depend on the order of its options: one outcome per set of options
        by_set = isinstance(self.reader.q.question_index[qid], MultipleChoice) and not exact

        def compute(value: Any) -> Any:
            answers = {} if value is None else {qid: value}
            found = tuple(compare_values(c, o, v, answers, missing) for c, o, v in cmps)
            if len(representative) < MEMO:
                representative.setdefault((found, None), value)
            return found, None

        sets = _Memo(lambda key: compute(list(key)))
        if by_set:
            self.by_set[position] = sets

        def outcome(fragment: str | None) -> Any:
            if fragment is None:
                return None
            value = self.value(position, fragment)
            if by_set and value is not None:
                return sets[tuple(sorted(value))]
            if not exact:
                return compute(value)
            answers = {} if value is None else {qid: value}
            found = (tuple(compare_values(c, o, v, answers, missing) for c, o, v in cmps), fragment)
            if len(representative) < MEMO:
                representative.setdefault(found, value)
            return found

        return outcome

    def _shown(self, key: tuple[Any, ...]) -> _Shown | None:
        """(group cell, outcomes...) -> the questions shown, by visible_questions on
        answers with those outcomes."""
        group_cell, *outcomes = key
        if None in outcomes:
            return None
        reader = self.reader
        group = reader.profile_value("group", reader.clean(group_cell), 0, lambda i, m: None)
        answers: dict[str, Any] = {}
        for (position, _), values, found in zip(
            self.seen_by_conditions, self.representative, outcomes, strict=True
        ):
            if found not in values:
                return None  # (beyond the memo's bound) the row reader reads the row
            value = values[found]
            if value is not None:
                answers[self.order[position]] = value
        return _Shown(self.order, visible_questions(reader.q, answers, group))

    def _verdict(self, question: Question, positions: list[int]) -> Callable[[Any], bool]:
        """answers (as JSON) of a question and of those its constraints read -> whether
        check_value accepts the answer."""
        q = self.reader.q

        def verdict(fragments: tuple[str | None, ...]) -> bool:
            if None in fragments:
                return False
            if not fragments[0]:
                return True  # unanswered: nothing to check
            answers = {
                self.order[p]: self.value(p, f)
                for p, f in zip(positions, fragments, strict=True)
                if f
            }
            return check_value(q, question, answers[question.id], answers, "en") is None

        return verdict

    def _moments(
        self, started: list[str | None], ended: list[str | None], submitted: list[str | None]
    ) -> list[tuple[str, str] | None]:
        """The start, end and submission times of the rows (as `_Times.column` gives them) ->
        (start, submission time) as RowReader.read sets them, as JSON: the submission time,
        else the end; the start, else the submission time, and never after it (times
        written alike compare as text as they compare in time). None when the row reader
        must read the row (a time it refuses, or none to take)."""
        given = None not in started and None not in ended and None not in submitted
        if given and "" not in submitted and "" not in started:  # every time given, read
            sent = cast(list[str], submitted)
            return list(zip(map(min, cast(list[str], started), sent), sent, strict=True))
        need_submitted = self.need_submitted

        def moment(first: str | None, end: str | None, sent: str | None) -> tuple[str, str] | None:
            if first is None or end is None or sent is None:
                return None  # a time the row reader refuses
            if not sent and need_submitted:
                return None  # a response LimeSurvey does not count as submitted
            taken = sent or end
            if not taken:
                return None  # the row reader takes the time of the import
            return (min(first, taken) if first else taken), taken

        return list(map(moment, started, ended, submitted))

    def _id(self, cell: str, survey: str = "") -> str:
        """The respondent id of the tool's id cell (and LimeSurvey's survey id cell); ""
        when blank (the row reader refuses the row)."""
        reader = self.reader
        cell, survey = reader.clean(cell), reader.clean(survey)
        if reader.blank_id(cell) or not survey_id_fits(survey):
            return ""  # the row reader refuses the row, and says why
        return reader.respondent_id((0, cell), survey)

    def _shape(self, survey: str) -> tuple[str, re.Pattern[str] | None]:
        """The prefix RowReader.respondent_id puts before an id cell of `survey` (a survey id
        cell of _PLAIN_SURVEY, which `_ids` asks for alone: nothing to strip or take off),
        and the shape of a column of id cells that need nothing else: a respondent id's
        letters, digits, `_` or `-`, and the whole id of the length respondent_id keeps."""
        shape = self.id_shapes.get(survey)
        if shape is None:
            probe = self.reader.respondent_id((0, "x"), survey)
            prefix = probe.removesuffix("x")
            low, high = max(1, 4 - len(prefix)), 64 - len(prefix)
            one = f"[A-Za-z0-9_\\-]{{{low},{high}}}"
            # a survey id too long for any id to follow leaves a hash, not a prefix
            plain = probe != prefix and high >= low
            shape = (prefix, re.compile(f"{one}(?:\\n{one})*") if plain else None)
            if len(self.id_shapes) < MEMO:
                self.id_shapes[survey] = shape
        return shape

    def _ids(self, cells: tuple[str, ...], surveys: tuple[str, ...] | None) -> list[str]:
        """`_id` of every cell of a column (with the survey id column's cell beside, when
        the export has one): the prefix before each cell when every row gives the same
        survey id and every id cell is a respondent id's letters, digits, `_` or `-`."""
        survey = surveys[0] if surveys else ""
        if surveys is not None and (
            surveys.count(survey) != len(surveys) or _PLAIN_SURVEY.fullmatch(survey) is None
        ):
            return list(map(self._id, cells, surveys))
        prefix, shape = self._shape(survey)
        if cells and shape is not None and shape.fullmatch("\n".join(cells)):
            return list(map(prefix.__add__, cells))
        return list(map(self._id, cells, surveys or ("",) * len(cells)))

    # -- the rows ------------------------------------------------------------------------

    def read(self, rows: Iterable[tuple[int, list[str]]]) -> Iterator[Imported]:
        """What each row becomes, in order."""
        it = iter(rows)
        while chunk := list(islice(it, CHUNK)):
            yield from self._chunk(chunk)

    def _chunk(self, chunk: list[tuple[int, list[str]]]) -> Iterator[Imported]:
        reader, width, count = self.reader, self.width, len(chunk)
        # a row of another length, or with a cell that cannot be read, is read alone
        slow = [len(cells) != width or type(cells) is not list for _, cells in chunk]
        blank = [""] * width
        padded = [blank if s else cells for s, (_, cells) in zip(slow, chunk, strict=True)]
        cols = list(zip(*padded, strict=True))
        empty = ("",) * count
        fragments: list[Any] = []
        known: dict[int, list[Any]] = {}  # outcomes found with the answers
        for position, (sources, table) in enumerate(zip(self.sources, self.tables, strict=True)):
            if not sources:
                fragments.append(empty)
                continue
            summary = self.summaries[position]
            before = (summary or table).refused
            if summary is not None:  # a multiple choice's summary column, then its ticks
                said = cols[sources[0][0]]
                plain = self.plain_summaries.get(position)
                agree = self.ticks_of.get(position)
                codes = _codes(said) if plain or agree else []
                pairs = (
                    plain(said, codes, summary) if plain else list(map(summary.__getitem__, said))
                )
                if summary.refused != before:
                    pairs = [_NO_ANSWER if pair is None else pair for pair in pairs]
                found = list(map(_first, pairs))
                outcome = list(map(_second, pairs)) if position in self.by_set else None
                if agree is not None:  # the option columns must say what the summary says
                    # (a blank summary, _TICKS: they say it alone)
                    written = zip(*[cols[i] for i, _ in sources[1:]], strict=True)
                    differ = list(map(ne, map(agree.__getitem__, codes), written))
                    if True in differ:
                        for k, other in enumerate(differ):
                            if other and found[k] is not _TICKS:
                                slow[k] = True
                if _TICKS in found:
                    ticks = list(zip(*[cols[i] for i, _ in sources], strict=True))
                    for k, fragment in enumerate(found):
                        if fragment is _TICKS:
                            found[k] = table[ticks[k]]
                            if outcome is not None:
                                outcome[k] = self.outcome_of[position][found[k]]
                refusals = summary.refused != before or None in found
                if outcome is not None:
                    known[position] = outcome
            elif len(sources) == 1:
                found = list(map(table.__getitem__, cols[sources[0][0]]))
                refusals = table.refused != before
            else:
                found = list(
                    map(table.__getitem__, zip(*[cols[i] for i, _ in sources], strict=True))
                )
                refusals = table.refused != before
            if refusals:
                for k, fragment in enumerate(found):
                    if fragment is None:
                        slow[k] = True
            fragments.append(found)
        for positions, verdicts in self.constraints:
            keys = zip(*[fragments[p] for p in positions], strict=True)
            accepted = list(map(verdicts.__getitem__, keys))
            if False in accepted:
                for k, ok in enumerate(accepted):
                    if not ok:
                        slow[k] = True
        group = cols[self.group_column] if self.group_column is not None else empty
        outcomes = [
            known.get(p) or list(map(memo.__getitem__, fragments[p]))
            for p, memo in self.seen_by_conditions
        ]
        shown = list(map(self.shown.__getitem__, zip(group, *outcomes, strict=True)))
        profile_cols = [cols[i] for i in self.profile_columns]
        profiles = list(zip(*profile_cols, strict=True)) if profile_cols else [()] * count
        meta = self.meta
        none: list[str | None] = [""] * count
        started, ended, submitted = (
            self.times[kind].column(cols[meta[kind]]) if kind in meta else none for kind in _TIMES
        )
        moments = self._moments(started, ended, submitted)
        numbers = [number for number, _ in chunk]
        ids = self._ids(cols[meta["id"]], cols[meta["survey"]] if "survey" in meta else None)
        if "" in ids:  # no id given: the row reader refuses the row
            for k, rid in enumerate(ids):
                if not rid:
                    slow[k] = True
        # the skipped questions of each row, or None when a required one is blank or a
        # hidden one answered
        rows = list(zip(*fragments, strict=True))
        skipped = list(map(_skipped, shown, rows))
        fast = [
            not s and k is not None and m is not None
            for s, k, m in zip(slow, skipped, moments, strict=True)
        ]
        templates, seen = self.templates, reader.seen
        used = list(map(templates.get, profiles))
        begin = -1  # where the good rows since the last row read whole begin
        for k in range(count):
            if fast[k]:
                rid = ids[k]
                if used[k] is not None and rid not in seen:
                    seen[rid] = numbers[k]
                    if begin < 0:
                        begin = k
                    continue
            if begin >= 0:
                lines = self._lines(begin, k, used, ids, moments, rows, skipped)
                yield Imported(numbers[begin], lines=lines, count=k - begin)
                begin = -1
            number, cells = chunk[k]
            result = reader.read(number, cells)
            if fast[k] and used[k] is None and result.response is not None:
                # a profile not seen yet: learnt from this row
                moment, skips = moments[k], skipped[k]
                answers = "".join(rows[k])[:-1]
                parts = (ids[k], *moment, answers, skips) if moment and skips is not None else None
                if parts and self._learn(profiles[k], parts, result.response):
                    used[k + 1 :] = map(templates.get, profiles[k + 1 :])
            yield result
        if begin >= 0:
            lines = self._lines(begin, count, used, ids, moments, rows, skipped)
            yield Imported(numbers[begin], lines=lines, count=count - begin)

    @staticmethod
    def _lines(
        begin: int,
        end: int,
        templates: list[_Template | None],
        ids: list[str],
        moments: list[tuple[str, str] | None],
        rows: list[tuple[str, ...]],
        skipped: list[str | None],
    ) -> str:
        """The JSON Lines text of the good rows begin:end, put together from their pieces
        in one go (each answer's fragment ends with a comma: the last one's is cut)."""
        p0, p1, p2, p3, p4, p5, p6 = zip(
            *[t.pieces for t in templates[begin:end] if t], strict=True
        )
        started = [m[0] for m in moments[begin:end] if m]
        sent = [m[1] for m in moments[begin:end] if m]
        answers = [text[:-1] for text in map("".join, rows[begin:end])]
        columns = [
            p0,
            ids[begin:end],
            p1,
            started,
            p2,
            sent,
            p3,
            sent,
            p4,
            answers,
            p5,
            skipped[begin:end],
            p6,
        ]
        return "".join(chain.from_iterable(zip(*columns, strict=True)))

    def _learn(self, key: tuple[str, ...], parts: Parts, response: Response) -> bool:
        """Keep the template of a row's profile if it gives back the row's response."""
        if len(self.templates) >= MEMO:
            return False
        blank = response.model_copy(
            update={
                "respondent": response.respondent.model_copy(update={"id": _ID}),
                "started": _T1,
                "updated": _T2,
                "submitted": _T2,
                "answers": {},
                "skipped": [],
            }
        )
        try:
            template = _Template(blank.model_dump_json(by_alias=True))
        except ValueError:
            return False
        if template.line(*parts) != response.model_dump_json(by_alias=True):
            return False
        self.templates[key] = template
        return True
