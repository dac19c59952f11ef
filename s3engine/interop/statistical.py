"""Responses for statisticians: one row per respondent, one column per question, labelled.

The table is laid out once (`Codebook`) and written as SPSS (.sav), Stata (.dta) or CSV:

* a single choice, a scale, a yes/no and each place of a ranking are numbers with value
  labels from the questionnaire in the chosen language (options numbered 1, 2... in their
  order; scale points keep their value; yes 1, no 0); a multiple choice is one 0/1 column per
  option; numbers stay numbers and texts texts;
* missing values say why an answer is missing: the scale's "no information" point, a
  question the respondent skipped, and one not asked. Skipped: listed in the response's
  `skipped`, or, in a complete response, shown to the respondent and left unanswered (an
  optional question: docs/response-format.md). Not asked: hidden from this respondent (by a
  condition or by group targeting), or not reached in a partial response. Which questions
  were shown is the questionnaire's own rule (answers.Visibility, as `score` and `check`
  apply it). SPSS gets them as user-missing values (the point itself, -98 skipped, -99 not
  asked), Stata as extended missing values (.a no information, .b skipped, .c not asked),
  CSV as the SPSS codes, listed in the codebook; their value labels are in the language of
  the labels, as is the 0 ("not ticked") of a multiple choice's option column;
* the respondent's profile: id, region (its code), the region's name, group, sector,
  language. The name is the one `score` gives the region (scoring.region_names: the
  questionnaire's list of regions, else the name most of its respondents wrote, else its
  NUTS 2021 name in the national language, as Eurostat writes it: Oberösterreich, in every
  language of the labels); a text column of its own, as SPSS gives value labels to short
  strings only; it is named after every other column, so that a question `region_name`
  keeps its name;
* after the respondent's profile come the columns of
  the response itself: its wave (`wave_of`: a response without one is in the wave of the
  year it was started), its status as the response holds it (complete, partial), and when
  it was started and submitted, in UTC (none when not submitted): an SPSS DATETIME, a
  Stata %tc, in CSV ISO 8601 text as the response files hold it (2024-04-20T11:03:00Z);
  their names are given after the questions', so that a question named like one of them
  keeps its name;
* SPSS gets each variable's measurement level: nominal for categories (a single choice,
  yes/no, an option's tick, a ranking's place, which holds an option, the profile, texts),
  ordinal for a scale, scale for a number;
* variable names have at most 32 letters, digits and `_` (Stata's limit, SPSS allows 64;
  a labelled one fewer by the digits of its number among the labelled variables, which
  pyreadstat adds to it to name its value labels in Stata); a name cut to that length keeps
  its option's or place's number at its end (`_9`) and the question's id is cut instead,
  the same in every column of the question (`_names`),
  variable labels are cut to 80 characters for Stata and 256 bytes for SPSS, value labels to
  120 bytes for SPSS (the limits of the file formats, as ReadStat writes them); the full
  texts and every name are written to the codebook beside the file (codebook_path).

Personal data (questions marked `personal`, the organisation) is left out, as from every
other result.
"""

from __future__ import annotations

import csv
import errno
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from s3engine.core import messages as M
from s3engine.export.safety import formula_guarded, xml_text
from s3engine.i18n.texts import builtin, pick
from s3engine.questionnaire.answers import Visibility
from s3engine.questionnaire.conditions import is_answered
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
from s3engine.responses.model import Response, as_utc, wave_of, without_personal
from s3engine.scoring.region_names import name_of, region_names

NAME_LENGTH = 32
STATA_LABEL = 80
SPSS_LABEL_BYTES = 256
SPSS_VALUE_LABEL_BYTES = 120
#: The SPSS and CSV codes of an answer missing because it was skipped, or never asked.
SKIPPED = -98
NOT_ASKED = -99
#: ReadStat's message when the system refused to write its file (READSTAT_ERROR_WRITE).
READSTAT_WRITE_ERROR = "Unable to write data"
#: The most variables a .dta of release 118 holds. Up to it the file is written as release
#: 118 (pyreadstat's version 14: Stata 14 and later), beyond it as release 119 (Stata 15 and
#: later): haven (ReadStat in R) reads every text longer than a Stata str (2,045 bytes: a
#: strL) of a release 119 file as an empty text, without a word, and Stata 14 cannot open one.
STATA_118_VARIABLES = 32_767
#: Stata's extended missing values for the same reasons (and the "no information" point).
STATA_MISSING = {"no information": "a", "skipped": "b", "not asked": "c"}
#: Each reason's value label (in the language of the labels), where the question has none
#: for the code: the key of the text in the catalogues (i18n.texts).
REASON_LABELS = {
    "no information": "export.missing.no_information",
    "skipped": "export.missing.skipped",
    "not asked": "export.missing.not_asked",
}
#: The columns of the respondent's profile, first, and those of the response itself (its
#: wave, status and times), after them and before the questions.
PROFILE = ("respondent_id", "region", "region_name", "stakeholder_group", "sector", "language")
RESPONSE = ("wave", "status", "started", "submitted")
#: Where the region's name stands: after its code (it is named after every other column).
REGION_NAME_AT = PROFILE.index("region_name")
#: SPSS's measurement level of each kind of column.
NOMINAL, ORDINAL, SCALE = "nominal", "ordinal", "scale"
#: Names SPSS or Stata reserve (compared without case).
RESERVED = frozenset(
    [
        "all",
        "and",
        "by",
        "eq",
        "ge",
        "gt",
        "le",
        "lt",
        "ne",
        "not",
        "or",
        "to",
        "with",
        "_all",
        "_b",
        "byte",
        "_coef",
        "_cons",
        "double",
        "float",
        "if",
        "in",
        "int",
        "long",
        "_n",
        "_pi",
        "_pred",
        "_rc",
        "_skip",
        "str",
        "strl",
        "using",
    ]
)


@dataclass
class Variable:
    """One column: its name, label, kind, value labels (those of the missing codes too) and
    what each missing code means."""

    name: str
    label: str
    kind: str  # "number", "text" or "datetime" (a time in UTC)
    question: str = ""
    option: str = ""
    values: dict[int, str] = field(default_factory=dict)
    #: code -> reason ("no information", "skipped", "not asked")
    missing: dict[int, str] = field(default_factory=dict)
    #: SPSS's measurement level: NOMINAL, ORDINAL or SCALE
    measure: str = NOMINAL


@dataclass
class Codebook:
    """The variables of the table, and the rows (one per response)."""

    variables: list[Variable]
    rows: list[list[Any]]


def _valid(wanted: str) -> str:
    """`wanted` with every character a name cannot hold as `_`, starting with a letter."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", wanted)
    return base if base[:1].isalpha() else "v" + base


def _names(ids: list[tuple[str, str]], lengths: list[int] | None = None) -> list[str]:
    """A valid name for each id, unique among them, of at most its length in `lengths`
    (default NAME_LENGTH); an id given later gives way to one given earlier.

    An id is a stem and a suffix: `_<option>` of a multiple choice's option column, or
    `_<place>` of a ranking's place ("" for any other column), the columns of one question
    given one after another. When a question's names must be cut, the suffix is kept at
    the end and the stem cut instead, the same for all its columns (`<stem>_9`, `<stem>_10`);
    where such a stem is taken, the question's columns get a number after it, together
    (`<stem>_2_9`). A name short enough is its id, as it always was."""
    out: list[str] = []
    taken: set[str] = set()
    #: a cut stem -> the last number a question cut to it got (1: none)
    cut: dict[str, int] = {}

    def free(name: str) -> bool:
        return name.lower() not in taken and name.lower() not in RESERVED

    start = 0
    while start < len(ids):
        stem, suffix = ids[start]
        end = start + 1
        while suffix and end < len(ids) and ids[end][0] == stem and ids[end][1]:
            end += 1
        suffixes = [ids[index][1] for index in range(start, end)]
        room = [lengths[i] if lengths is not None else NAME_LENGTH for i in range(start, end)]
        base = _valid(stem)
        if suffix and any(len(base + s) > r for s, r in zip(suffixes, room, strict=True)):
            names = _cut_stem(base, suffixes, room, free, cut)
        else:
            names = [_name(base + suffix, room[0], free)]
        taken.update(name.lower() for name in names)
        out.extend(names)
        start += len(names)
    return out


def _name(base: str, length: int, free: Callable[[str], bool]) -> str:
    """`base` cut to `length`, numbered (`_2`, `_3`...) if its name is not free."""
    base = base[:length].rstrip("_") or "v"
    name = base
    number = 1
    while not free(name):
        number += 1
        suffix = f"_{number}"
        name = base[: length - len(suffix)] + suffix
    return name


def _cut_stem(
    stem: str,
    suffixes: list[str],
    lengths: list[int],
    free: Callable[[str], bool],
    cut: dict[str, int],
) -> list[str]:
    """The names of one question's option or place columns, each `stem` cut to fit the
    shortest of `lengths` with its suffix, then its suffix; numbered after the stem
    (`_2`...) until every one of them is free, the questions cut to one stem one after
    another (`cut`: the last number each stem got), so that no two share a number."""
    room = min(length - len(suffix) for length, suffix in zip(lengths, suffixes, strict=True))
    root = (stem[:room].rstrip("_") or "v").lower()
    number = cut.get(root, 0)
    while True:
        number += 1
        tag = f"_{number}" if number > 1 else ""
        head = stem[: room - len(tag)].rstrip("_") or "v"
        names = [head + tag + suffix for suffix in suffixes]
        if all(free(name) for name in names):
            cut[root] = number
            return names


def utc_time(time: datetime) -> datetime:
    """A response's time in UTC (one without a zone is UTC: as_utc)."""
    return as_utc(time).astimezone(UTC)


def iso_time(time: datetime) -> str:
    """A time in UTC as ISO 8601 text, as a response file holds it (2024-04-20T11:03:00Z)."""
    return utc_time(time).isoformat().replace("+00:00", "Z")


class _Layout:
    def __init__(self, q: Questionnaire, lang: str):
        self.q = q
        self.lang = lang
        self.variables: list[Variable] = []
        #: the questions shown to a respondent, once per combination of what conditions see
        self.visibility = Visibility(q, MAX_MEMO)
        #: region -> its name, as `score` names it (scoring.region_names): see `name_regions`
        self.names: dict[str, str] = {}

    def name_regions(self, responses: list[Response]) -> None:
        """Name each region of `responses` as `score` names it: the questionnaire's list of
        regions, else the name most of its respondents wrote (one cannot rename it for the
        others), the same in every row (scoring.region_names)."""
        votes: dict[str, Counter[str]] = {}
        for response in responses:
            who = response.respondent
            if who.region_name:
                votes.setdefault(who.region, Counter())[who.region_name] += 1
        self.names = region_names(self.q, votes)

    def region_name(self, code: str) -> str | None:
        """The region's name as `score` names it (scoring.region_names.name_of: where no
        respondent wrote one, its NUTS 2021 name); None for a code neither knows."""
        return name_of(self.names, code)

    def text(self, text: Any) -> str:
        return pick(text, self.lang, self.q.default_language)

    def reasons(self, question: Question) -> dict[int, str]:
        missing: dict[int, str] = {}
        point = self.q.missing_points.get(question.id)
        if point is not None:
            missing[point] = "no information"
        if isinstance(question, NumberQuestion):
            low = question.min
            if low is None or low <= SKIPPED:
                return missing  # the codes could be answers: skipped ones stay empty
        missing[SKIPPED] = "skipped"
        missing[NOT_ASKED] = "not asked"
        return missing

    def build(self) -> list[Variable]:
        q = self.q
        #: (the question's id, the column's suffix: _<option> or _<place>), question, option
        keys: list[tuple[tuple[str, str], Question, str]] = []
        for _, question in q.questions():
            if question.personal:
                continue
            if isinstance(question, MultipleChoice):
                for index, choice in enumerate(q.options_of(question), 1):
                    keys.append(((question.id, f"_{index}"), question, choice.value))
            elif isinstance(question, Ranking):
                for rank in range(1, question.top + 1):
                    keys.append(((question.id, f"_{rank}"), question, str(rank)))
            else:
                keys.append(((question.id, ""), question, ""))
        groups = {i: self.text(g.label) for i, g in enumerate(q.profile.groups, 1)}
        sectors = {i: self.text(s.label) for i, s in enumerate(q.profile.sectors, 1)}

        def label(key: str) -> str:
            return builtin(key, self.lang)

        profile = [
            Variable("", label("export.label.respondent"), "text"),
            Variable("", label("survey.profile.label_region"), "text"),
            Variable("", label("export.label.region_name"), "text"),
            Variable("", label("survey.profile.label_group"), "number", values=groups),
            Variable("", label("survey.profile.label_sector"), "number", values=sectors),
            Variable("", label("survey.language"), "text"),
        ]
        response = [
            Variable("", label("export.label.wave"), "text"),
            Variable("", label("export.label.status"), "text"),
            Variable("", label("export.label.started"), "datetime", measure=SCALE),
            Variable("", label("export.label.submitted"), "datetime", measure=SCALE),
        ]
        questions = [self.variable("", question, option) for _, question, option in keys]
        self.variables = [*profile, *response, *questions]
        # pyreadstat names the value labels of a .dta column after it and its number among
        # the labelled columns (name + 0, 1...), within Stata's 32 characters: a labelled
        # column's name leaves room for that number, in every format alike. (The columns of
        # the response have no value labels: the questions' numbers are as they were.)
        ids = [*((c, "") for c in (*PROFILE, *RESPONSE)), *(k for k, _, _ in keys)]
        labelled = [index for index, v in enumerate(self.variables) if v.values]
        lengths = [NAME_LENGTH] * len(ids)
        for n, index in enumerate(labelled):
            lengths[index] = NAME_LENGTH - len(str(n))
        # The profile and the questions are named first, as before the columns of the
        # response and the region's name existed: a question `status` keeps its name, the
        # column gets status_2; then the response's columns, then the region's name.
        first = len(PROFILE)
        after = first + len(RESPONSE)
        order = [
            *(i for i in range(len(PROFILE)) if i != REGION_NAME_AT),
            *range(after, len(ids)),
            *range(first, after),
            REGION_NAME_AT,
        ]
        names = _names([ids[i] for i in order], [lengths[i] for i in order])
        for index, name in zip(order, names, strict=True):
            self.variables[index].name = name
        return self.variables

    def variable(self, name: str, question: Question, option: str) -> Variable:
        q = self.q
        label = self.text(question.text)
        if isinstance(question, TextQuestion):
            return Variable(name, label, "text", question.id)
        missing = self.reasons(question)
        measure = NOMINAL
        if isinstance(question, MultipleChoice):
            option_label = next(
                self.text(o.label) for o in q.options_of(question) if o.value == option
            )
            label = f"{label}: {option_label}"
            values = {1: option_label, 0: builtin("export.option.not_ticked", self.lang)}
        elif isinstance(question, Ranking):
            label = f"{label} ({option}.)"
            values = {i: self.text(o.label) for i, o in enumerate(q.options_of(question), 1)}
        elif isinstance(question, SingleChoice):
            values = {i: self.text(o.label) for i, o in enumerate(q.options_of(question), 1)}
        elif isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            values = {p.value: self.text(p.label) for p in scale.points} if scale else {}
            measure = ORDINAL
        elif isinstance(question, YesNo):
            values = {1: builtin("survey.yes", self.lang), 0: builtin("survey.no", self.lang)}
        else:
            values = {}
            measure = SCALE
        for code, reason in missing.items():  # a scale's "no information" point keeps its own
            values.setdefault(code, builtin(REASON_LABELS[reason], self.lang))
        return Variable(name, label, "number", question.id, option, values, missing, measure)

    def row(self, response: Response) -> list[Any]:
        q = self.q
        who = response.respondent
        # A question shown and left unanswered in a complete response was skipped; one not
        # shown (or, in a partial response, not reached) was not asked.
        asked = (
            self.visibility.shown(response.answers, who.group).ids
            if response.status == "complete"
            else frozenset()
        )
        response = without_personal(response, q)
        groups = [g.id for g in q.profile.groups]
        sectors = [s.value for s in q.profile.sectors]
        row: list[Any] = [
            who.id,
            who.region,
            self.region_name(who.region),
            groups.index(who.group) + 1 if who.group in groups else None,
            sectors.index(who.sector) + 1 if who.sector in sectors else None,
            response.language,
            wave_of(response).id,
            response.status,
            utc_time(response.started),
            utc_time(response.submitted) if response.submitted is not None else None,
        ]
        for variable in self.variables[len(PROFILE) + len(RESPONSE) :]:
            question = q.question_index[variable.question]
            row.append(self.cell(variable, question, response, asked))
        return row

    def cell(
        self, variable: Variable, question: Question, response: Response, asked: frozenset[str]
    ) -> Any:
        q = self.q
        qid = question.id
        value = response.answers.get(qid)
        if not is_answered(value):
            code = SKIPPED if qid in response.skipped or qid in asked else NOT_ASKED
            return code if code in variable.missing else None
        if isinstance(question, MultipleChoice) and isinstance(value, list):
            return int(variable.option in value)
        if isinstance(question, Ranking) and isinstance(value, list):
            rank = int(variable.option)
            if rank > len(value):
                return None
            options = [o.value for o in q.options_of(question)]
            return options.index(value[rank - 1]) + 1
        if isinstance(question, SingleChoice):
            options = [o.value for o in q.options_of(question)]
            return options.index(value) + 1 if value in options else None
        if isinstance(question, YesNo):
            return int(bool(value))
        return value


def codebook(q: Questionnaire, responses: list[Response], lang: str) -> Codebook:
    """The labelled table of `responses` to `q`, in language `lang`."""
    layout = _Layout(q, lang)
    variables = layout.build()
    layout.name_regions(responses)
    return Codebook(variables, [layout.row(r) for r in responses])


def codebook_path(out: Path) -> Path:
    """The codebook of the file `out`: beside it, named after it whole (stress.sav ->
    stress.sav.codebook.csv), so that the .sav, .dta and .csv of one table, whose labels are
    cut to different limits, each keep their own."""
    return out.with_name(out.name + ".codebook.csv")


def _cut_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def codebook_csv(book: Codebook, fmt: str) -> str:
    """Every variable with its full label and the label as the file holds it, and every
    value label and missing code: the mapping written beside the data."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["variable", "question", "option", "label", "label_in_file", "value",
                     "value_label", "missing"])  # fmt: skip
    for v in book.variables:
        writer.writerow([v.name, v.question, v.option, v.label, label_in_file(v.label, fmt),
                         "", "", ""])  # fmt: skip
        for value, text in v.values.items():
            if value not in v.missing:
                writer.writerow([v.name, "", "", "", "", value, text, ""])
        for value, reason in v.missing.items():
            code = f".{STATA_MISSING[reason]}" if fmt == "dta" else value
            writer.writerow([v.name, "", "", "", "", code, v.values[value], reason])
    return buffer.getvalue()


def label_in_file(label: str, fmt: str) -> str:
    if fmt == "dta":
        return label[:STATA_LABEL]
    if fmt == "sav":
        return _cut_bytes(label, SPSS_LABEL_BYTES)
    return label


def csv_cell(value: Any) -> Any:
    """A cell of the CSV table: a text cleaned as export.safety.spreadsheet_cell cleans it,
    with a leading apostrophe where a spreadsheet could run it as a formula, and also where
    apostrophes stand before such a formula (`'=1`): so a reader that takes one apostrophe
    away from a cell that starts with apostrophes before a formula (the R script's rule,
    rscript.py) gets every text back as it was. A line break is written as a line feed
    (a carriage return, alone or before a line feed, is one too), as spreadsheets write
    one inside a cell and as R's reader reads every line end: a text starting with a
    carriage return is guarded as one starting with a line feed is not, and R, reading
    a line feed, would keep the guard. Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    text = xml_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if formula_guarded("'" + text.lstrip("'")) else text


def _csv_value(value: Any) -> Any:
    """A cell as the CSV table holds it: empty for none, a time as ISO 8601 text in UTC."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_time(value)
    return csv_cell(value)


def write_table(book: Codebook, fmt: str, path: str) -> None:
    """Write the table as .sav, .dta or .csv at `path` (a temporary name: the caller renames
    it into place)."""
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([v.name for v in book.variables])
            for row in book.rows:
                writer.writerow([_csv_value(c) for c in row])
        return
    import pandas as pd
    import pyreadstat

    data: dict[str, list[Any]] = {}
    for index, v in enumerate(book.variables):
        column = [row[index] for row in book.rows]
        if fmt == "dta" and v.missing:
            reasons = v.missing
            column = [
                STATA_MISSING[reasons[c]] if isinstance(c, int) and c in reasons else c
                for c in column
            ]
        data[v.name] = column
    frame = pd.DataFrame(data, columns=[v.name for v in book.variables])
    for v in book.variables:
        if v.kind == "text":
            frame[v.name] = frame[v.name].astype(object).where(frame[v.name].notna(), "")
        elif v.kind == "datetime":  # UTC without a zone: SPSS's DATETIME, Stata's %tc
            frame[v.name] = pd.to_datetime(frame[v.name], utc=True).dt.tz_localize(None)
        elif not (fmt == "dta" and v.missing):
            frame[v.name] = pd.to_numeric(frame[v.name])
    write, options = (
        (pyreadstat.write_sav, _spss_options(book))
        if fmt == "sav"
        else (pyreadstat.write_dta, _stata_options(book))
    )
    try:
        write(frame, path, **options)
    except pyreadstat.ReadstatError as exc:
        # The system refused the file (a full disk): the OSError every other writer raises,
        # and the caller names the file the user asked for. ReadStat's other errors are
        # about the table given, s3engine's own: they stay what they are.
        if str(exc) != READSTAT_WRITE_ERROR:
            raise
        raise OSError(errno.EIO, M.PATH_NOT_WRITTEN, path) from None


def _spss_options(book: Codebook) -> dict[str, Any]:
    """pyreadstat.write_sav's labels, missing values and measurement levels of `book`."""
    return {
        "column_labels": {v.name: _cut_bytes(v.label, SPSS_LABEL_BYTES) for v in book.variables},
        "variable_value_labels": {
            v.name: {float(k): _cut_bytes(t, SPSS_VALUE_LABEL_BYTES) for k, t in v.values.items()}
            for v in book.variables
            if v.values
        },
        "missing_ranges": {
            v.name: [float(c) for c in v.missing] for v in book.variables if v.missing
        },
        "variable_measure": {v.name: v.measure for v in book.variables},
    }


def _stata_options(book: Codebook) -> dict[str, Any]:
    """pyreadstat.write_dta's labels and extended missing values of `book`."""
    values = {}
    for v in book.variables:
        if not v.values:
            continue
        entry: dict[Any, str] = {int(k): t for k, t in v.values.items() if k not in v.missing}
        for code, reason in v.missing.items():
            entry[STATA_MISSING[reason]] = v.values[code]
        values[v.name] = entry
    return {
        "column_labels": {v.name: v.label[:STATA_LABEL] for v in book.variables},
        "variable_value_labels": values,
        "missing_user_values": {
            v.name: sorted({STATA_MISSING[r] for r in v.missing.values()})
            for v in book.variables
            if v.missing
        },
        "version": 14 if len(book.variables) <= STATA_118_VARIABLES else 15,
    }
