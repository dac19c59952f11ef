"""Responses collected in KoboToolbox, ODK Central or LimeSurvey, brought back as responses.

Each tool's export is one row per submission. A row's cells are read into an answers file
(the document `s3engine survey --answers` reads: profile, consent, answers) whose every key
remembers its row and column, and that document goes through `survey.script`'s
`response_from_answers`: the same rules as every other way of answering (profile, consent,
skip logic, group targeting, types, bounds, constraints, required questions). A problem is
reported at `file:row:column` with the column's heading; a good row becomes an ordinary
response, so `check`, `score` and `plan` read the result unchanged.

Columns are matched by the codes the converted form gave each field (form.py, the XLSForm's
names, LimeSurvey's codes), never by labels; KoboToolbox's label headings are matched to
fields through the form's own labels in the export's language, and a value that is a label
rather than a code is refused with a message saying so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from itertools import chain, islice
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, quoted, suggest
from s3engine.i18n.texts import builtin, pick
from s3engine.interop.form import VERSION_FIELD, form_version, profile_fields, rank_field
from s3engine.interop.limesurvey import OWN_FIELDS, Codes
from s3engine.interop.tables import UnreadableCells
from s3engine.interop.xlsform import xlsform_sheets
from s3engine.io.validation import number_as_shown
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.answers import number_problem, profile_problems, region_name
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
from s3engine.responses.answer_check import AnswerChecker
from s3engine.responses.model import (
    Respondent,
    Response,
    Wave,
    new_respondent_id,
    now,
    response_time_problems,
    wave_year_problem,
)
from s3engine.survey.flow import SurveyState, make_response
from s3engine.survey.script import response_from_answers

Tool = Literal["kobo", "odk", "limesurvey"]
TOOLS: tuple[Tool, ...] = ("kobo", "odk", "limesurvey")
#: Where each tool's export settings are chosen (in messages about missing columns): phrases,
#: said in the language the message is said in.
ADVICE = {
    "kobo": M.IMPORT_EXPORT_KOBO,
    "odk": M.IMPORT_EXPORT_ODK,
    "limesurvey": M.IMPORT_EXPORT_LIMESURVEY,
}
#: The column of each tool's own id of a response: each response's respondent id comes from it
#: (ODK Central's KEY is the submission's instance id, also in `meta-instanceID`).
ID_COLUMN = {"kobo": "_uuid", "odk": "KEY", "limesurvey": "id"}
#: ODK Central's columns of the instance id, with and without group names, read when KEY is not
#: there.
ODK_INSTANCE_ID = ("meta-instanceID", "instanceID")
#: Each tool's name, in messages that tell one tool's export from another's.
TOOL_NAMES = {"kobo": "KoboToolbox", "odk": "ODK Central", "limesurvey": "LimeSurvey"}
#: The headings only each tool's export has (its id columns; LimeSurvey's `id` is too common
#: a name alone): any one of them, all together.
SIGNATURE: dict[Tool, tuple[tuple[str, ...], ...]] = {
    "kobo": (("_uuid",),),
    "odk": (("KEY",), ("meta-instanceID",)),
    "limesurvey": (("id", "submitdate"),),
}
#: The answers-file rules' findings whose advice names an answers file's keys ("add
#: 'consent: true'", "use --region"), by code -> what the import says of the cell instead.
_EXPORT_ADVICE = {
    M.SURVEY_MISSING_PROFILE.code: M.IMPORT_PROFILE_BLANK,
    M.SURVEY_CONSENT_MISSING.code: M.IMPORT_CONSENT_BLANK,
}
#: Where each tool's own columns (the id, LimeSurvey's submission date and language) are
#: exported: phrases, said in the language the message is said in.
KEEP = {
    "kobo": M.IMPORT_KEEP_KOBO,
    "odk": M.IMPORT_KEEP_ODK,
    "limesurvey": M.IMPORT_KEEP_LIMESURVEY,
}
#: LimeSurvey's column of the language each response was answered in (KoboToolbox and ODK
#: Central record none: --lang says it).
LANGUAGE_COLUMN = "startlanguage"

#: A cell's meaning: (kind, question id or profile key, option or place)
Target = tuple[str, str, Any]

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_RESPONDENT_ID = re.compile(r"^[A-Za-z0-9_\-]{4,64}$")


@dataclass
class Layout:
    """Which column of an export holds what, and how the tool writes values."""

    tool: Tool
    columns: dict[int, Target]
    header: list[str]
    #: (question id, literal written by the tool) -> value in s3engine
    decode: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: (question id, label) -> code, to tell a label from a code in a message
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    #: every heading read as each target, in the order the tool writes the columns: how a
    #: missing column is named
    headings: dict[Target, list[str]] = field(default_factory=dict)
    #: the label headings of the export's language (KoboToolbox's), of each target
    labelled: dict[Target, list[str]] = field(default_factory=dict)
    yes: str = "yes"
    no: str = "no"
    tick: str = "1"


# -- the columns of each tool's export ----------------------------------------------------


def _xlsform_fields(q: Questionnaire) -> list[tuple[list[str], str, dict[str, str]]]:
    """(group path, name, labels by language) of every field of the XLSForm."""
    sheets = xlsform_sheets(q, advice=False)
    groups: list[str] = []
    out: list[tuple[list[str], str, dict[str, str]]] = []
    for row in sheets.survey:
        kind = row["type"]
        labels = {
            k.split("(")[-1].rstrip(")"): v for k, v in row.items() if k.startswith("label::")
        }
        if kind == "begin_group":
            groups.append(row["name"])
            out.append((list(groups[:-1]), row["name"], {**labels, "group": "1"}))
        elif kind == "end_group":
            groups.pop()
        else:
            out.append((list(groups), row["name"], labels))
    return out


def _field_targets(q: Questionnaire) -> dict[str, Target]:
    """XLSForm field name -> what it holds."""
    targets: dict[str, Target] = {VERSION_FIELD: ("version", "", None)}
    targets["start"] = ("started", "", None)
    targets["end"] = ("ended", "", None)
    for key, name in profile_fields(q).items():
        targets[name] = ("profile", key, None)
    for _, question in q.questions():
        if isinstance(question, Ranking):
            for rank in range(1, question.top + 1):
                targets[rank_field(question.id, rank)] = ("place", question.id, rank)
        else:
            targets[question.id] = ("answer", question.id, None)
    return targets


#: The group separators of KoboToolbox's export settings (formpack's `group_sep`, `/` by
#: default) and ODK Central's `-`: between a field's groups and its name or label, and
#: before a select_multiple's option in its option columns.
SEPARATORS = ("/", "-", ".", ":")


def _choice_options(q: Questionnaire) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Each multiple choice's options: (code, label by language)."""
    return {
        question.id: [
            (o.value, {lang: pick(o.label, lang, q.default_language) for lang in q.languages})
            for o in q.options_of(question)
        ]
        for _, question in q.questions()
        if isinstance(question, MultipleChoice)
    }


def _spaced(text: str) -> str:
    """A heading with its runs of white space as one space (a label's line breaks)."""
    return " ".join(text.split())


def _label_headings(
    q: Questionnaire,
    fields: list[tuple[list[str], str, dict[str, str]]],
    targets: dict[str, Target],
    options: dict[str, list[tuple[str, dict[str, str]]]],
    unnamed: list[str],
) -> dict[str, list[Target]]:
    """KoboToolbox's label headings (Value and header format: a language) -> the fields
    they may mean, in the one language and group separator that read most of `unnamed` (the
    headings that are no field's name); {} when none is read so. As formpack writes them
    (schema/fields.py): a field's label in the export's language (its name if it has
    none), with *Include groups in headers* its groups' labels before it, joined by the
    group separator (`_get_label`); a select_multiple's option columns that heading, the
    separator and the option's label (its name if it has none; `_get_option_label`). In
    one language, a heading that two fields or options share means both: it is ambiguous,
    never guessed."""
    group_labels = {name: labels for _, name, labels in fields if "group" in labels}
    wanted = {_spaced(h) for h in unnamed}
    best: dict[str, list[Target]] = {}
    read = 0
    for lang in q.languages:
        for sep in SEPARATORS:
            table: dict[str, list[Target]] = {}
            for path, name, labels in fields:
                target = targets.get(name)
                if target is None:
                    continue
                label = labels.get(lang) or name
                groups = [group_labels.get(g, {}).get(lang) or g for g in path]
                bases = dict.fromkeys([label, sep.join([*groups, label])])
                for base in bases:
                    table.setdefault(_spaced(base), []).append(target)
                    for value, option_labels in options.get(name, []):
                        heading = _spaced(f"{base}{sep}{option_labels.get(lang) or value}")
                        table.setdefault(heading, []).append(("option", name, value))
            found = len(wanted.intersection(table))
            if found > read:
                best, read = table, found
    return best


def _meaning(target: Target) -> str:
    """What a heading may mean, in a message: a field's name, or an option's (`id/code`)."""
    kind, key, extra = target
    return f"{key}/{extra}" if kind == "option" else key


def _without_label_summaries(columns: dict[int, Target]) -> None:
    """Leave out the summary column of a multiple choice whose option columns are there, in
    an export with label headings: formpack writes the options' labels into it, joined by
    spaces (FormChoiceFieldWithMultipleSelect.format), which labels hold too; the option
    columns' 1 and 0 say the same unmistakably."""
    ticked = {key for kind, key, _ in columns.values() if kind == "option"}
    for index, (kind, key, _) in list(columns.items()):
        if kind == "answer" and key in ticked:
            del columns[index]


def xlsform_layout(
    q: Questionnaire, header: list[str], tool: Tool, file: str
) -> tuple[Layout, list[Finding]]:
    """The columns of a KoboToolbox or ODK Central export of the form `convert` made, and
    the headings that could mean two fields."""
    targets = _field_targets(q)
    meta: dict[str, Target] = (
        {ID_COLUMN["kobo"]: ("id", "", None), "_submission_time": ("submitted", "", None)}
        if tool == "kobo"
        else {
            ID_COLUMN["odk"]: ("id", "", None),
            "SubmissionDate": ("submitted", "", None),
            "FormVersion": ("tool-version", "", None),
            # blank, or why the row holds no answers: "not decrypted", "missing encrypted
            # form data" (briefcase.js, of an encrypted form's submissions; _undecrypted)
            "Status": ("tool-status", "", None),
        }
    )
    names: dict[str, Target] = dict(meta)
    fields = _xlsform_fields(q)
    options = _choice_options(q)
    for path, name, _ in fields:
        target = targets.get(name)
        if target is None:
            continue
        variants = {name, *(sep.join([*path, name]) for sep in SEPARATORS)}
        for variant in variants:
            names[variant] = target
        for value, _ in options.get(name, []):
            for variant in variants:  # an option column: the group separator before it too
                for sep in SEPARATORS:
                    names[f"{variant}{sep}{value}"] = ("option", name, value)
    labelled = _label_headings(q, fields, targets, options, [h for h in header if h not in names])
    columns: dict[int, Target] = {}
    problems: list[Finding] = []
    for index, heading in enumerate(header):
        target = names.get(heading)
        if target is None:
            distinct = list(dict.fromkeys(labelled.get(_spaced(heading), [])))
            if len(distinct) > 1:
                first, second = (_meaning(t) for t in distinct[:2])
                message = M.IMPORT_AMBIGUOUS_HEADER.format(
                    header=heading, first=first, second=second
                )
                problems.append(Finding(file, 1, index + 1, heading, message))
                continue
            target = distinct[0] if distinct else None
        if target is not None:
            columns[index] = target
    if labelled:
        _without_label_summaries(columns)
    if tool == "odk" and ("id", "", None) not in columns.values():
        # without KEY, the instance id it equals (`uuid:...`): the same respondent id
        instance = [i for i, heading in enumerate(header) if heading in ODK_INSTANCE_ID]
        if instance:
            columns[instance[0]] = ("id", "", None)
    layout = Layout(tool, columns, header)
    for text, target in names.items():
        layout.headings.setdefault(target, []).append(text)
    for text, found in labelled.items():
        for target in dict.fromkeys(found):
            layout.headings.setdefault(target, []).append(text)
            layout.labelled.setdefault(target, []).append(text)
    for _, question in q.questions():
        for option in q.options_of(question):
            layout.decode[(question.id, option.value)] = option.value
            for lang in q.languages:
                layout.labels[(question.id, pick(option.label, lang, q.default_language))] = (
                    option.value
                )
        scale = q.scale_of(question)
        for point in scale.points if scale is not None else []:
            layout.decode[(question.id, str(point.value))] = point.value
            for lang in q.languages:
                label = pick(point.label, lang, q.default_language)
                layout.labels[(question.id, label)] = str(point.value)
        if isinstance(question, YesNo):
            layout.decode[(question.id, "yes")] = True
            layout.decode[(question.id, "no")] = False
            _yes_no_labels(q, layout, question.id)
    _profile_codes(q, layout, lambda key, value: value)
    return layout, problems


def limesurvey_layout(q: Questionnaire, header: list[str]) -> Layout:
    """The columns of a LimeSurvey response export (question codes as headings, answer codes
    as values; `CODE[SQ]` or, with ExpressionScript names, `CODE_SQ`)."""
    codes = Codes.of(q)
    names: dict[str, Target] = {
        ID_COLUMN["limesurvey"]: ("id", "", None),
        "submitdate": ("submitted", "", None),
        "startdate": ("started", "", None),
        "datestamp": ("ended", "", None),
        LANGUAGE_COLUMN: ("language", "", None),
    }
    for key, code in codes.profile.items():
        # the form version, the survey id (a form converted before it was recorded has none)
        names[code] = (key, "", None) if key in OWN_FIELDS else ("profile", key, None)
    for _, question in q.questions():
        code = codes.question[question.id]
        if isinstance(question, MultipleChoice):
            for option in q.options_of(question):
                sub = codes.sub[(question.id, option.value)]
                names[f"{code}[{sub}]"] = names[f"{code}_{sub}"] = (
                    "option",
                    question.id,
                    option.value,
                )
        elif isinstance(question, Ranking):
            for rank in range(1, len(q.options_of(question)) + 1):
                names[f"{code}[{rank}]"] = names[f"{code}_{rank}"] = ("place", question.id, rank)
        else:
            names[code] = ("answer", question.id, None)
    columns = {i: names[h] for i, h in enumerate(header) if h in names}
    layout = Layout("limesurvey", columns, header, yes="Y", no="N", tick="Y")
    for text, target in names.items():
        layout.headings.setdefault(target, []).append(text)
    for (qid, value), code in codes.answer.items():
        if not qid.startswith("profile:"):
            layout.decode[(qid, code)] = value
    for _, question in q.questions():
        for option in q.options_of(question):
            for lang in q.languages:
                label = pick(option.label, lang, q.default_language)
                layout.labels[(question.id, label)] = codes.answer.get(
                    (question.id, option.value), ""
                )
        if isinstance(question, YesNo):
            layout.decode[(question.id, "Y")] = True
            layout.decode[(question.id, "N")] = False
            _yes_no_labels(q, layout, question.id)
    _profile_codes(q, layout, lambda key, value: codes.answer[(f"profile:{key}", value)])
    return layout


def _yes_no_labels(q: Questionnaire, layout: Layout, qid: str) -> None:
    """The labels of a yes/no question's answers in each language (the converted form's:
    s3engine's own "Yes" and "No"), as what they are the labels of: the tool's codes."""
    for lang in q.languages:
        layout.labels[(qid, builtin("survey.yes", lang))] = layout.yes
        layout.labels[(qid, builtin("survey.no", lang))] = layout.no


def _profile_codes(q: Questionnaire, layout: Layout, code_of: Any) -> None:
    lists = {
        "region": [r.code for r in q.profile.regions or []],
        "group": [g.id for g in q.profile.groups],
        "sector": [s.value for s in q.profile.sectors],
    }
    for key, values in lists.items():
        for value in values:
            layout.decode[(f"profile:{key}", code_of(key, value))] = value
    layout.decode[("profile:consent", layout.yes)] = True
    layout.decode[("profile:consent", layout.no)] = False


def _missing(q: Questionnaire, layout: Layout) -> tuple[int, list[tuple[Target, str]]]:
    """How many fields (the version, the profile, the questions) an export of `q` needs, and
    the columns it lacks (target, what): a field's own target (kind, key, None) when it has
    no column at all, else each option or place column missing of those it is read from
    (`_read_from`)."""
    present = set(layout.columns.values())
    fields: list[tuple[list[Target], str]] = [([("version", "", None)], M.IMPORT_WHAT_VERSION)]
    fields += [
        ([("profile", key, None)], M.IMPORT_WHAT_PROFILE.format(key=key))
        for key in profile_fields(q)
    ]
    for _, question in q.questions():
        what = M.IMPORT_WHAT_QUESTION.format(id=question.id)
        fields.append((_read_from(layout, question, present), what))
    missing: list[tuple[Target, str]] = []
    for columns, what in fields:
        lacking = [target for target in columns if target not in present]
        if len(lacking) == len(columns):
            kind, key, _ = columns[0]
            missing.append(((kind, key, None), what))
        else:
            missing += [(target, _column_of(target)) for target in lacking]
    return len(fields), missing


def _read_from(layout: Layout, question: Question, present: set[Target]) -> list[Target]:
    """The columns the answer to `question` is read from, every one of which an export
    needs: its own column (of a multiple choice, the summary of the options chosen, which
    the option columns beside it are only checked against), else one per option, or one
    per place up to the ranking's `top` (LimeSurvey writes a place per option, but no
    answer is ranked below `top`, and a survey may leave those columns out)."""
    qid = question.id
    own = ("answer", qid, None)
    top = question.top if isinstance(question, Ranking) else 0
    parts = [
        t
        for t in layout.headings
        if t[1] == qid and (t[0] == "option" or (t[0] == "place" and t[2] <= top))
    ]
    return [own] if own in present or not parts else parts


def _column_of(target: Target) -> str:
    """What one option or place column of a question holds, in a message."""
    kind, qid, extra = target
    if kind == "option":
        return M.IMPORT_WHAT_OPTION.format(option=extra, id=qid)
    return M.IMPORT_WHAT_PLACE.format(place=extra, id=qid)


def _fields_missing(missing: list[tuple[Target, str]]) -> int:
    """How many fields lack a column."""
    return len({target[:2] for target, _ in missing})


def _not_an_export(needed: int, missing: list[tuple[Target, str]]) -> bool:
    """Whether an export lacks columns of most of the fields it needs: another
    questionnaire's, another tool's, or not an export at all (a sheet of notes, a JSON
    file)."""
    return 2 * _fields_missing(missing) > needed


def fits(q: Questionnaire, tool: Tool, header: list[str]) -> bool:
    """Whether headings are those of an export of `q` from `tool` (most of the columns it
    needs are there): which sheet of a workbook is read."""
    return not _not_an_export(*_missing(q, _layout(q, tool, header, "")[0]))


def _need_columns(
    q: Questionnaire,
    layout: Layout,
    problems: list[Finding],
    file: str,
    sheet: str = "",
    sheets: tuple[str, ...] = (),
    lang: str | None = None,
) -> None:
    """Refuse an export without a column for some question (or one of the option or place
    columns it is read from), the profile, the version, the tool's id of a response (or
    LimeSurvey's submission date, or its language unless --lang `lang` gives it), or with
    two columns for one field; one message when it lacks most of them (`sheet` of `sheets`:
    the workbook's sheet read)."""
    needed, missing = _missing(q, layout)
    tool = layout.tool
    present = {(kind, key) for kind, key, _ in layout.columns.values()}
    if ("id", "") not in present and (looks := _other_tool(tool, layout.header)) is not None:
        # the rest (missing columns, "not an export") would come of the wrong --from
        message = M.IMPORT_OTHER_TOOL.format(
            other=TOOL_NAMES[looks[0]],
            chosen=TOOL_NAMES[tool],
            expected=ID_COLUMN[tool],
            found=", ".join(f"'{column}'" for column in looks[1]),
            tool=looks[0],
        )
        raise S3Error(Finding(file, 1, None, "", message))
    if _not_an_export(needed, missing):
        headings = [h for h in layout.header if h][:5]
        found = ", ".join(f"'{quoted(h)}'" for h in headings) or "''"
        values = dict(
            tool=TOOL_NAMES[tool],
            id=q.id,
            missing=_fields_missing(missing),
            needed=needed,
            headings=found,
            advice=ADVICE[tool],
        )
        if len(sheets) > 1:
            listed = ", ".join(f"'{s}'" for s in sheets)
            message = M.IMPORT_NOT_AN_EXPORT_SHEET.format(sheets=listed, sheet=sheet, **values)
        else:
            message = M.IMPORT_NOT_AN_EXPORT.format(**values)
        raise S3Error(Finding(file, 1, None, "", message))
    first: dict[Target, int] = {}
    for index, target in sorted(layout.columns.items()):
        seen = first.setdefault(target, index)
        if seen != index:
            other = layout.header[seen]
            message = M.IMPORT_COLUMN_TWICE.format(first=seen + 1, other=other)
            problems.append(Finding(file, 1, index + 1, layout.header[index], message))
    own = [("id", ID_COLUMN[tool], M.IMPORT_WHAT_ID)]
    if tool == "limesurvey":
        own.append(("submitted", "submitdate", M.IMPORT_WHAT_SUBMITTED))
    for kind, column, what in own:
        if (kind, "") not in present:
            message = M.IMPORT_TOOL_COLUMN_MISSING.format(
                column=column, what=what, advice=KEEP[tool]
            )
            problems.append(Finding(file, 1, None, column, message))
    if tool == "limesurvey" and ("language", "") not in present and lang is None:
        # every response would be said in the questionnaire's default language
        message = M.IMPORT_LANGUAGE_COLUMN_MISSING.format(column=LANGUAGE_COLUMN, advice=KEEP[tool])
        problems.append(Finding(file, 1, None, LANGUAGE_COLUMN, message))
    unread = [h for i, h in enumerate(layout.header) if h and i not in layout.columns]
    for target, lacking in missing:
        message = M.IMPORT_COLUMN_MISSING.format(
            what=lacking, tool=TOOL_NAMES[tool], advice=ADVICE[tool]
        )
        heading = _heading(q, layout, target)
        if (edited := _edited_heading(heading, unread)) is not None:
            message += M.IMPORT_COLUMN_EDITED.format(found=quoted(edited), heading=heading)
        problems.append(Finding(file, 1, None, heading, message))
    if problems:
        raise S3Error(problems)


def _edited_heading(heading: str, unread: list[str]) -> str | None:
    """The heading of a column no field is read from that looks like `heading` edited by
    hand (another case, a letter changed, added or dropped: close by difflib's ratio, 0.85,
    stricter than a misspelt key's, since an export holds many columns of its own), if one
    does."""
    folded = {h.casefold(): h for h in reversed(unread)}
    if (same := folded.get(heading.casefold())) is not None:
        return same
    close = suggest(heading.casefold(), folded, cutoff=0.85)
    return folded[close] if close is not None else None


def _heading(q: Questionnaire, layout: Layout, target: Target) -> str:
    """The heading of a missing column (a target of `_missing`) as the tool writes it in its
    export, where a user can look for it. For the version, a profile field or a question:
    LimeSurvey's codes (`formVersion`, `profileRegion`, a question's code, which its option
    or place columns begin with), the form's fields for KoboToolbox and ODK Central
    (`form_version`, `profile_region`, a question's id), which their headings end with
    when the export puts group names before them. For one option or place column: written
    as the export writes the question's other ones (of the headings read as it, the one
    that begins as one of theirs for longest: the same group path or labels, `[SQ]` or
    `_SQ`)."""
    kind, key, extra = target
    if extra is not None:
        beside = [layout.header[i] for i, t in layout.columns.items() if t[:2] == (kind, key)]
        return max(
            sorted(layout.headings[target]),
            key=lambda heading: max(_alike(heading, b) for b in beside),
        )
    tool = layout.tool
    if tool == "limesurvey":
        codes = Codes.of(q)
        return codes.profile[key or kind] if kind in ("version", "profile") else codes.question[key]
    field = _field(q, kind, key)
    separator = _group_separator(q, layout)
    whole = (kind if kind in ("version", "profile") else "answer", key, None)
    if separator is None and layout.labelled.get(whole):  # label headings: as the others
        return max(
            sorted(layout.labelled[whole]),
            key=lambda heading: max(_alike(heading, h) for h in layout.header),
        )
    if separator:  # the group path, as the export writes the other fields' headings
        for variant in layout.headings.get(whole, []):
            if variant.endswith(separator + field):
                return variant
    return field


def _field(q: Questionnaire, kind: str, key: str) -> str:
    """The form's field of the version, a profile field or a question (XLSForm's name)."""
    if kind == "version":
        return VERSION_FIELD
    return profile_fields(q)[key] if kind == "profile" else key


def _group_separator(q: Questionnaire, layout: Layout) -> str | None:
    """What a KoboToolbox or ODK Central export puts between a field's group path and its
    name, as the headings of its questions (each in its section's group) show it: "" without
    group names, None when no heading tells (labels as headings)."""
    for index, (kind, key, extra) in layout.columns.items():
        if extra is None and kind == "answer":
            field, heading = _field(q, kind, key), layout.header[index]
            if heading == field:
                return ""
            if heading.endswith(field) and len(heading) > len(field):
                return heading[-len(field) - 1]
    return None


def _alike(one: str, other: str) -> int:
    """How many characters two headings begin with alike."""
    pairs = enumerate(zip(one, other, strict=False))
    return next((i for i, (a, b) in pairs if a != b), min(len(one), len(other)))


def _other_tool(tool: Tool, header: list[str]) -> tuple[Tool, tuple[str, ...]] | None:
    """The tool other than `tool` whose own id columns the headings have (SIGNATURE), with
    those headings: an export given the wrong --from."""
    headings = set(header)
    for other, signatures in SIGNATURE.items():
        if other != tool:
            for columns in signatures:
                if headings.issuperset(columns):
                    return other, columns
    return None


# -- one row ----------------------------------------------------------------------------


@dataclass
class Imported:
    """What one row became: a response, or the problems that refused it (or a declined
    consent, which stores nothing); or, from columns.py, the JSON Lines text of `count`
    good rows from `row` on, put together from pieces."""

    row: int
    response: Response | None = None
    problems: list[Finding] = field(default_factory=list)
    declined: bool = False
    lines: str = ""
    count: int = 0

    def text(self) -> str:
        """What a JSON Lines file gets of it ("" when the row was refused or declined)."""
        if self.response is not None:
            return self.response.model_dump_json(by_alias=True) + "\n"
        return self.lines

    def imported(self) -> int:
        """How many responses it holds."""
        return self.count if self.lines else int(self.response is not None)


@dataclass
class RowCells:
    """What the cells of one row say so far, while `RowReader.take` reads them."""

    number: int
    problem: Callable[[int, str], None]
    raw: dict[str, Any] = field(default_factory=dict)
    where: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    flags: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    places: dict[str, dict[int, tuple[int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.where[()] = (self.number, 1)


class RowReader:
    """Turns the rows of one export into responses, with the survey's own rules."""

    def __init__(
        self,
        q: Questionnaire,
        layout: Layout,
        file: str,
        *,
        lang: str | None,
        wave: Wave | None = None,
        zone: tzinfo = UTC,
    ):
        self.q = q
        self.layout = layout
        self.file = file
        self.lang = lang
        self.wave = wave
        #: the zone of the times the export writes without one (parse_time)
        self.zone = zone
        self.version = form_version(q)
        self.seen: dict[str, int] = {}
        self.questions = q.question_index
        self.checker = AnswerChecker(q)
        #: per answer column of a question whose cells are codes (choices, scales, yes/no):
        #: code -> value, from the layout's decoding; `decode` words what is not there
        codes: dict[str, dict[str, Any]] = {}
        for (qid, literal), value in layout.decode.items():
            codes.setdefault(qid, {})[literal] = value
        self.codes = {
            index: codes.get(key, {})
            for index, (kind, key, _) in layout.columns.items()
            if kind == "answer"
            and isinstance(self.questions[key], YesNo | SingleChoice | ScaleQuestion)
        }
        self.profiles: dict[tuple[Any, ...], bool] = {}
        #: the column of the tool's id, of the version, of the submission time... (the
        #: layout has one of each it needs)
        self.column_of = {kind: i for i, (kind, key, _) in layout.columns.items() if not key}
        #: a cell as the rules read it: without surrounding spaces (and LimeSurvey's quote)
        self.clean: Callable[[str], str] = (
            self._unmask if layout.tool == "limesurvey" else str.strip
        )
        #: the columns of free texts (text answers, the organisation): kept as written, as
        #: an answers file gives them to `survey --answers` (only LimeSurvey's quote taken
        #: off), and the rules of texts decide; a cell of spaces alone is blank all the same
        self.verbatim = frozenset(
            index
            for index, (kind, key, _) in layout.columns.items()
            if (kind == "answer" and isinstance(self.questions[key], TextQuestion))
            or (kind == "profile" and key == "organisation")
        )
        self.as_written: Callable[[str], str] = (
            self._unquote if layout.tool == "limesurvey" else str
        )

    def read(self, number: int, cells: list[str]) -> Imported:
        out = Imported(number)
        layout = self.layout
        header = layout.header

        def problem(index: int, message: str) -> None:
            heading = header[index] if index < len(header) else ""
            out.problems.append(Finding(self.file, number, index + 1, heading, message))

        if isinstance(cells, UnreadableCells):  # a workbook's cell: in a column read, the
            # row cannot be (a blank there would be taken for no answer); elsewhere, no matter
            read = [column for column in cells.columns if column in layout.columns]
            if read:
                problem(read[0], M.IMPORT_XLSX_BAD_CELL)
                return out
        # a row cut short (a file cut off) or longer (cells shifted): its cells cannot be
        # told apart; cells beyond the headings may be blank (a spreadsheet's)
        if len(cells) < len(header) or (
            len(cells) > len(header) and any(c.strip() for c in cells[len(header) :])
        ):
            problem(
                min(len(cells), len(header)),
                M.IMPORT_ROW_LENGTH.format(found=len(cells), expected=len(header)),
            )
            return out
        row = RowCells(number, problem)
        for index, target in layout.columns.items():
            self.take(row, index, target, cells[index])
        self.gather(row)
        raw, where, answers = row.raw, row.where, row.answers
        #: what the cells said: set aside when the row is refused whole (another form
        #: version, not completed, not decrypted) or declined consent, whose cells are then
        #: no problem of their own
        cells_said = len(out.problems)
        # the respondent: a row of one already read is a duplicate, whatever became of it
        given = raw.get("id")
        survey = raw.get("survey", (0, ""))
        if given is None or self.blank_id(given[1]):
            problem(self.column_of["id"] if given is None else given[0], M.IMPORT_BLANK_ID)
            respondent = ""
        elif not survey_id_fits(survey[1]):
            problem(survey[0], M.IMPORT_SURVEY_ID.format(value=quoted(survey[1])))
            respondent = ""
        else:
            respondent = self.respondent_id(given, survey[1])
            first = self.seen.setdefault(respondent, number)
            if first != number:
                problem(given[0], M.IMPORT_DUPLICATE_ROW.format(id=respondent, first=first))
        if len(out.problems) > cells_said:
            return out
        # ODK Central's submission that it could not decrypt: its cells are blank, even the
        # form version's (FormVersion is Central's own, `[encrypted:...]` added)
        status = raw.get("tool-status")
        if status is not None:
            out.problems.clear()
            problem(status[0], _undecrypted(status[1]))
            return out
        # the form version first: a response to another version is read no further
        version = raw.get("version") or raw.get("tool-version")
        if version is None:
            out.problems.clear()
            problem(self.column_of["version"], M.IMPORT_NO_VERSION)
            return out
        index, found = version
        if found != self.version:  # its codes may be right for its own version
            out.problems.clear()
            problem(index, self.version_message(found))
            return out
        if raw.get("consent") is False:  # its answers are never stored: none is a problem
            out.problems.clear()
            out.declined = True
            return out
        if raw.get("submitted") is None and self.layout.tool == "limesurvey":
            out.problems.clear()
            problem(self.column_of["submitted"], M.IMPORT_NOT_SUBMITTED)
            return out
        # the times are said with the cells' problems: both are found in one run
        submitted = self.time(raw.get("submitted"), problem, "submitted")
        started = self.time(raw.get("started"), problem, "started") or submitted
        ended = self.time(raw.get("ended"), problem, "ended")
        if out.problems:
            return out
        language = raw.get("language", (None, None))[1] or self.lang
        if language is None and "language" in self.column_of:  # LimeSurvey's, left blank
            problem(self.column_of["language"], M.IMPORT_LANGUAGE_BLANK)
            return out
        language = language or self.q.default_language
        document: dict[str, Any] = {
            "language": language,
            "profile": {
                key: raw[key] for key in ("region", "group", "organisation", "sector") if key in raw
            },
            "answers": answers,
        }
        if "consent" in raw:
            document["consent"] = raw["consent"]
        response = self.fast(document, raw.get("consent"))
        if response is None:  # not vouched for: the rules say what is wrong, if anything
            positions = {k: v for k, v in where.items() if v[1] is not None}
            loaded = Loaded(self.file, document, positions)
            loaded.positions[()] = (number, 1)
            try:
                response = response_from_answers(self.q, loaded)
            except S3Error as exc:
                out.problems.extend(self.with_headings(exc.findings))
                return out
        moment = submitted or ended or response.submitted or response.started
        start = min(started or moment, moment)
        response = response.model_copy(
            update={
                "respondent": response.respondent.model_copy(update={"id": respondent}),
                "started": start,
                "updated": moment,
                "submitted": moment,
                "wave": self.wave,
            }
        )
        for key, message in response_time_problems(response):
            out.problems.append(Finding(self.file, number, None, key, message))
        if not out.problems:
            out.response = response
        return out

    @staticmethod
    def _unquote(cell: str) -> str:
        """A LimeSurvey cell without its "mask equations" quote (`'=` for `=`)."""
        return cell[1:] if cell.startswith("'=") else cell

    @staticmethod
    def _unmask(cell: str) -> str:
        """A LimeSurvey cell without surrounding spaces and its "mask equations" quote."""
        return RowReader._unquote(cell.strip())

    def take(self, row: RowCells, index: int, target: Target, cell: str) -> None:
        """Read one cell of a row into `row` (answers, profile and other values, ticks and
        places kept for `gather`), with a problem for a value that cannot be read."""
        kind, key, extra = target
        number, problem = row.number, row.problem
        given = self.clean(cell)
        cell = self.as_written(cell) if given and index in self.verbatim else given
        table = self.codes.get(index)
        if table is not None:  # an answer written as a code
            row.where[("answers", key)] = (number, index + 1)
            if cell:
                value = table.get(cell)
                if value is None:
                    value = self.decode(self.questions[key], cell, index, problem)
                if value is not None:
                    row.answers[key] = value
            return
        if kind == "option":
            row.flags.setdefault(key, {})[extra] = (index, cell)
            return
        if kind == "place":
            row.places.setdefault(key, {})[extra] = (index, cell)
            return
        if kind == "answer":
            row.where[("answers", key)] = (number, index + 1)
        elif kind == "profile":
            where = ("consent",) if key == "consent" else ("profile", key)
            row.where[where] = (number, index + 1)
        if not cell:
            return
        if kind == "answer":
            value = self.decode(self.questions[key], cell, index, problem)
            if value is not None:
                row.answers[key] = value
        elif kind == "profile":
            row.raw[key] = self.profile_value(key, cell, index, problem)
        else:
            row.where[(kind,)] = (number, index + 1)
            row.raw[kind] = (index, cell)

    def gather(self, row: RowCells) -> None:
        """The answers of a row's multiple choices given as one column per option (when no
        summary column holds them) and of its rankings (one column per place)."""
        layout, number, problem, answers = self.layout, row.number, row.problem, row.answers
        for qid, ticks in row.flags.items():
            summary = answers.get(qid)
            if summary is not None:  # a summary column says it, and the ticks must agree
                self.agree(qid, summary, ticks, problem)
                continue
            chosen: list[str] = []
            for value, (index, cell) in ticks.items():
                row.where.setdefault(("answers", qid), (number, index + 1))
                if cell in (layout.tick, "1"):
                    chosen.append(value)
                elif cell not in ("", "0", layout.no, "N"):
                    problem(index, M.IMPORT_FLAG.format(value=cell, yes=layout.tick))
            if chosen:
                answers[qid] = chosen
        for qid, ranked in row.places.items():
            listed: list[str] = []
            gap: int | None = None
            for rank in sorted(ranked):
                index, cell = ranked[rank]
                if rank == 1 or cell:
                    row.where.setdefault(("answers", qid), (number, index + 1))
                if not cell:
                    gap = gap or rank
                    continue
                if gap is not None:
                    problem(index, M.IMPORT_PLACES_GAP.format(rank=gap))
                    break
                value = self.decode(self.questions[qid], cell, index, problem)
                if isinstance(value, str):
                    listed.append(value)
            if listed:
                answers[qid] = listed

    def agree(
        self, qid: str, listed: list[str], ticks: dict[str, tuple[int, str]], problem: Any
    ) -> None:
        """A problem at the first option column that says otherwise than the summary column
        `listed` of a multiple choice (ticked and not listed, or listed and not ticked), or
        holds neither a tick nor a blank; option columns all empty say nothing."""
        layout = self.layout
        if not any(cell for _, cell in ticks.values()):
            return
        for value, (index, cell) in ticks.items():
            ticked = cell in (layout.tick, "1")
            if not ticked and cell not in ("", "0", layout.no, "N"):
                problem(index, M.IMPORT_FLAG.format(value=cell, yes=layout.tick))
                return
            if ticked == (value in listed):
                continue
            summary = next(i for i, t in layout.columns.items() if t == ("answer", qid, None))
            message = M.IMPORT_TICKS_DISAGREE.format(
                value=cell, summary=layout.header[summary], listed=" ".join(listed)
            )
            problem(index, message)
            return

    def fast(self, document: dict[str, Any], consent: Any) -> Response | None:
        """The response `response_from_answers` would make of `document`, when the memoised
        rules of responses.answer_check (which `score` uses, proven equal to check_answers)
        vouch for its answers and its profile is one seen valid before; else None."""
        q = self.q
        profile = document["profile"]
        region, group = profile.get("region"), profile.get("group")
        if q.consent is not None and consent is not True:
            return None
        key = (region, group, profile.get("sector"), document["language"])
        valid = self.profiles.get(key)
        if valid is None:
            problems = profile_problems(
                q, region=region, group=group, sector=key[2], language=key[3]
            )
            valid = self.profiles[key] = not problems and region is not None and group is not None
        answers = document["answers"]
        checker = self.checker
        if not valid or not checker.fast_ok(answers, group, True, ()):
            return None
        open_ids = checker.visibility.shown(answers, group).optional  # remembered: no walk
        moment = now()
        try:
            respondent = Respondent(
                id=new_respondent_id(),
                region=region,
                region_name=region_name(q, region),
                group=group,
                organisation=profile.get("organisation"),
                sector=profile.get("sector"),
            )
        except ValidationError:
            return None
        state = SurveyState(q, group, dict(answers), [x for x in open_ids if x not in answers])
        return make_response(
            q,
            respondent=respondent,
            language=document["language"],
            state=state,
            consent=True if q.consent is not None else None,
            started=moment,
            updated=moment,
            submitted=moment,
        )

    def with_headings(self, findings: list[Finding]) -> list[Finding]:
        """Findings of the answers-file rules, named by the column heading they concern;
        their advice about the answers file's keys (_EXPORT_ADVICE) said of the cell."""
        out = []
        for finding in findings:
            heading = ""
            if finding.column is not None and 0 < finding.column <= len(self.layout.header):
                heading = self.layout.header[finding.column - 1]
            message = _EXPORT_ADVICE.get(finding.code, finding.message)
            if message is M.IMPORT_CONSENT_BLANK:  # in the tool's codes (LimeSurvey: Y, N)
                message = message.format(yes=self.layout.yes, no=self.layout.no)
            out.append(
                Finding(
                    finding.file,
                    finding.line,
                    finding.column,
                    heading or finding.path,
                    message,
                    finding.severity,
                    finding.code,
                )
            )
        return out

    def version_message(self, found: str) -> str:
        q = self.q
        version, _, digest = found.partition("+")
        if version == q.version:
            return M.IMPORT_OTHER_CONTENT.format(
                id=q.id, version=q.version, found=digest, expected=self.version.partition("+")[2]
            )
        return M.IMPORT_OTHER_VERSION.format(found=version or found, id=q.id, expected=q.version)

    def decode(self, question: Question, cell: str, index: int, problem: Any) -> Any:
        """The s3engine value of one cell of `question`; None (with a problem) if none."""
        layout = self.layout
        qid = question.id
        if isinstance(question, NumberQuestion):
            number = _number(cell, whole=question.integer or question.decimals == 0)
            if number is None:
                problem(index, _not_a_number(cell, question))
            elif number_problem(question, number, _rule) == "number.range":
                # said here, where the cell is known: the rules would quote 1e+23
                problem(index, M.YAML_NUMBER_RANGE.format(value=number_as_shown(cell)))
                return None
            return number
        if isinstance(question, YesNo):
            value = layout.decode.get((qid, cell))
            if value is None:
                label_of = layout.labels.get((qid, cell))
                message = (
                    M.IMPORT_LABEL_NOT_CODE.format(value=cell, code=label_of)
                    if label_of
                    else M.IMPORT_NOT_YES_NO.format(value=cell, yes=layout.yes, no=layout.no)
                )
                problem(index, message)
            return value
        if isinstance(question, MultipleChoice):
            chosen = []
            for item in cell.split():
                value = self.choice(question, item, index, problem)
                if value is None:
                    return None
                chosen.append(value)
            return chosen
        if isinstance(question, SingleChoice | ScaleQuestion | Ranking):
            return self.choice(question, cell, index, problem)
        return cell

    def choice(self, question: Question, cell: str, index: int, problem: Any) -> Any:
        layout = self.layout
        value = layout.decode.get((question.id, cell))
        if value is not None:
            return value
        codes = [c for (qid, c) in layout.decode if qid == question.id]
        label_of = layout.labels.get((question.id, cell))
        if label_of:
            problem(index, M.IMPORT_LABEL_NOT_CODE.format(value=cell, code=label_of))
        elif cell.isdigit() and (padded := [c for c in codes if c.lstrip("0") == cell]):
            problem(index, M.IMPORT_LEADING_ZERO.format(value=cell, code=padded[0]))
        else:
            problem(index, M.IMPORT_NOT_CODE.format(value=cell, codes=", ".join(codes)))
        return None

    def profile_value(self, key: str, cell: str, index: int, problem: Any) -> Any:
        if key in ("organisation",):
            return cell
        value = self.layout.decode.get((f"profile:{key}", cell))
        if value is not None:
            return value
        if key == "consent":
            layout = self.layout
            problem(index, M.IMPORT_NOT_YES_NO.format(value=cell, yes=layout.yes, no=layout.no))
            return None
        if key == "region" and not self.q.profile.regions:
            return cell  # a NUTS code, checked by the profile rules
        return cell  # the profile rules say what is wrong with it

    def time(self, given: tuple[int, str] | None, problem: Any, kind: str) -> datetime | None:
        """The time of a cell of a column of `kind` (started, ended, submitted)."""
        if given is None:
            return None
        index, cell = given
        tool = self.layout.tool
        with_zone = zoned(tool, kind)
        moment = parse_time(cell, self.zone, zoned=with_zone)
        if moment is None:
            if with_zone and zone_lost(cell):
                said = M.IMPORT_TIME_NO_ZONE.format(
                    value=cell, tool=TOOL_NAMES[tool], example=time_example(tool, kind)
                )
            else:
                said = M.IMPORT_BAD_TIME.format(value=cell)
            problem(index, said)
            return None
        moment = in_utc(moment)
        if (wrong := wave_year_problem(moment)) is not None:  # 3025 typed for 2025
            problem(index, wrong)
            return None
        return moment

    @staticmethod
    def blank_id(cell: str) -> bool:
        """Whether the tool's id cell (stripped) gives no id: ODK writes its instance ids
        `uuid:<uuid>`, and `uuid:` alone is as blank as an empty cell."""
        return not cell.removeprefix("uuid:").strip()

    def respondent_id(self, given: tuple[int, str], survey: str = "") -> str:
        """A stable respondent id from the tool's own (`kobo-<uuid>`, `odk-<uuid>`,
        `ls-<survey>-<id>`): importing the same export twice gives the same ids, which
        `score` refuses to count twice. LimeSurvey numbers each survey's responses from 1:
        `survey` is the survey id its converted form records (SURVEY_FIELD), without which
        (a form converted before it was recorded, a blank cell) the id is `ls-<id>`, as such
        an export was always imported."""
        prefix = {"kobo": "kobo", "odk": "odk", "limesurvey": "ls"}[self.layout.tool]
        raw = f"{int(survey)}-{given[1]}" if survey else given[1]  # 0452817 is 452817
        candidate = f"{prefix}-{raw.removeprefix('uuid:')}"
        if _RESPONDENT_ID.match(candidate):
            return candidate
        return f"{prefix}-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


#: A LimeSurvey respondent id with its survey's id: ls-<survey>-<response>.
_WITH_SURVEY = re.compile(r"ls-[0-9]+-(.+)")


#: ODK Central's Status of an encrypted submission whose encrypted data (submission.xml.enc)
#: never reached it (central-backend lib/data/briefcase.js: the submission's attachment
#: holding the encrypted data has no blob, `encHasData` false); any other Status ("not
#: decrypted") is one Central holds but had no key for: the passphrase was not given.
ODK_MISSING_DATA = "missing encrypted form data"


def _undecrypted(status: str) -> str:
    """Why ODK Central exported a submission without its answers (its Status), and what to
    do: give the passphrase, or have the submission sent again (no passphrase helps)."""
    if status.strip().lower() == ODK_MISSING_DATA:
        return M.IMPORT_ODK_MISSING_DATA.format(status=status)
    return M.IMPORT_ODK_NOT_DECRYPTED.format(status=status)


def respondent_aliases(respondent: str) -> tuple[str, ...]:
    """The other ids one response may have been imported under: a LimeSurvey response
    without its survey's id (`ls-<response>`, from an export without the surveyId column
    or with its cell blank) beside `ls-<survey>-<response>`."""
    found = _WITH_SURVEY.fullmatch(respondent)
    return (f"ls-{found.group(1)}",) if found else ()


def survey_id_fits(cell: str) -> bool:
    """Whether a LimeSurvey survey id cell (SURVEY_FIELD, read as the row reader reads it)
    is blank or a whole number, as LimeSurvey fills in `{SID}`: anything else (`{SID}` saved
    unworked, an edited cell) would give ids that tell no survey apart."""
    return not cell or (cell.isascii() and cell.isdigit())


def _rule(rule: str, **values: Any) -> str:
    """The name of the rule an answer breaks (a `Say` of answers.value_problem's rules)."""
    return rule


def time_zone(name: str) -> tzinfo | None:
    """The time zone of a name of the IANA database (`Europe/Vienna`) or `UTC`; None if
    there is none of that name (--timezone)."""
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, malformed, a folder
        return None


def parse_time(cell: str, zone: tzinfo = UTC, *, zoned: bool = False) -> datetime | None:
    """The time a cell writes (ISO 8601, `Z` or a space allowed), None if it writes none; a
    time without a zone is in `zone` (UTC unless --timezone says otherwise: KoboToolbox's
    _submission_time is in UTC, LimeSurvey's times in its server's zone). `zoned`: the
    tool writes this column's times with their zone (ZONED_TIMES), and one without it was
    edited: the zone it was in is lost, so it is no time (`zone_lost` says why)."""
    text = cell.replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None and zoned:
        return None
    if moment.tzinfo is None and zone is not UTC:
        moment = moment.replace(tzinfo=zone)
        try:
            moment.astimezone(UTC)
        except OverflowError:
            return None  # before the year 1 or after 9999 in UTC
    elif moment.tzinfo is None:
        try:  # read again with the zone: much quicker than datetime.replace
            aware = datetime.fromisoformat(text + "+00:00")
        except ValueError:
            aware = moment
        # a date alone: '2025-03-14+00:00' is refused, or read without a zone
        moment = aware if aware.tzinfo is not None else moment.replace(tzinfo=UTC)
    elif moment.utcoffset():
        try:
            moment.astimezone(UTC)
        except OverflowError:
            return None  # before the year 1 or after 9999 in UTC
    return moment


#: The kinds of time each tool writes with their zone in its exports (+01:00, Z): the form's
#: start and end as the device recorded them, and ODK Central's SubmissionDate; KoboToolbox
#: writes _submission_time in UTC without one, LimeSurvey its server's time without one.
ZONED_TIMES = frozenset(
    [
        ("kobo", "started"),
        ("kobo", "ended"),
        ("odk", "started"),
        ("odk", "ended"),
        ("odk", "submitted"),
    ]
)


def zoned(tool: str, kind: str) -> bool:
    """Whether `tool` writes the times of `kind` (started, ended, submitted) with their
    zone (ZONED_TIMES): one without it was edited."""
    return (tool, kind) in ZONED_TIMES


def time_example(tool: str, kind: str) -> str:
    """A time of `kind` as `tool` writes it in its export (TIME_EXAMPLES)."""
    return TIME_EXAMPLES.get((tool, kind)) or TIME_EXAMPLES[(tool, "")]


def zone_lost(cell: str) -> bool:
    """Whether a time of a column written with its zone (ZONED_TIMES) is written without
    one: a spreadsheet program or a hand edit dropped it (a date typed in a cell: 14.03.2025
    10:15 is stored without a zone), and the time it meant is an hour or more off in UTC."""
    return parse_time(cell, zoned=True) is None and parse_time(cell) is not None


def in_utc(moment: datetime) -> datetime:
    """A time as responses record it: in UTC, to the second."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def _number(cell: str, *, whole: bool) -> int | float | None:
    """The number a cell writes: `12` is 12, `12.0` is 12.0 (as an answers file reads them),
    and a whole number question takes LimeSurvey's `12.0000000000` as 12."""
    if not _NUMBER.match(cell):
        return None
    value = float(cell)
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.is_integer() and abs(value) < 2**53 and (whole or not re.search(r"[.eE]", cell)):
        return int(value)
    return value


def _not_a_number(cell: str, question: NumberQuestion) -> str:
    """Why `question` refuses `cell`: a percentage (12.5%, as a spreadsheet shows a cell
    formatted as one) is told to be written without its %, as the number it stands for
    in the question's range: 12.5 for a question of percentages, 0.125 for a share of at
    most 1."""
    if cell.endswith("%") and _NUMBER.match(number := cell[:-1].rstrip()):
        if question.max is not None and question.max <= 1:
            number = format(Decimal(number).scaleb(-2).normalize(), "f")
        return M.IMPORT_PERCENT.format(value=cell, number=number)
    return M.IMPORT_NOT_NUMBER.format(value=cell)


def _layout(
    q: Questionnaire, tool: Tool, header: list[str], file: str
) -> tuple[Layout, list[Finding]]:
    if tool == "limesurvey":
        return limesurvey_layout(q, header), []
    return xlsform_layout(q, header, tool, file)


def layout_for(
    q: Questionnaire,
    tool: Tool,
    header: list[str],
    file: str,
    *,
    sheet: str = "",
    sheets: tuple[str, ...] = (),
    lang: str | None = None,
) -> Layout:
    """The columns of an export of `q` from `tool` (`sheet` of `sheets`: the workbook's
    sheet read; `lang`: --lang, the language of responses whose export does not say it);
    S3Error if some needed column is missing or a heading is ambiguous."""
    layout, problems = _layout(q, tool, header, file)
    _need_columns(q, layout, problems, file, sheet, sheets, lang)
    return layout


def import_rows(
    q: Questionnaire,
    tool: Tool,
    file: str,
    header: list[str],
    rows: Iterator[tuple[int, list[str]]],
    *,
    lang: str | None = None,
    wave: Wave | None = None,
    lines: bool = False,
    sheet: str = "",
    sheets: tuple[str, ...] = (),
    zone: tzinfo = UTC,
) -> Iterator[Imported]:
    """What each row of an export becomes, one at a time (S3Error if the file cannot be
    read as an export of `q` at all); `wave`: the survey wave the responses belong to;
    `lines`: good rows as JSON Lines text only (`Imported.lines`, no Response), put
    together a chunk of rows at a time (columns.py); `sheet` of `sheets`: the workbook's
    sheet read; `zone`: the zone of the times written without one."""
    try:
        layout = layout_for(q, tool, header, file, sheet=sheet, sheets=sheets, lang=lang)
    except S3Error:
        layout, _ = _layout(q, tool, header, file)
        if layout.labelled:
            # label headings (KoboToolbox's 'Value and header format' set to a language):
            # their values are labels too, which the headings two fields share in that
            # language (formpack's "Place 1" of a ranking and of a matrix without group
            # titles) and the columns missing then do not say: one message says it
            reader = RowReader(q, layout, file, lang=lang, wave=wave, zone=zone)
            label_values(reader, _first_rows(rows))
        raise
    reader = RowReader(q, layout, file, lang=lang, wave=wave, zone=zone)
    first = _first_rows(rows)
    label_values(reader, first, workbook=bool(sheets))
    rows = chain(first, rows)
    if lines:
        from s3engine.interop.columns import ColumnReader

        yield from ColumnReader(reader).read(rows)
        return
    for number, cells in rows:
        yield reader.read(number, cells)


#: How many rows label_values looks at, at most, before the import goes on.
LABEL_ROWS = 20
#: How each tool's export gives the answers' codes (IMPORT_LABEL_VALUES).
CODES_ADVICE = {
    "kobo": M.IMPORT_CODES_KOBO,
    "odk": M.IMPORT_CODES_ODK,
    "limesurvey": M.IMPORT_CODES_LIMESURVEY,
}


def _first_rows(rows: Iterator[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The first LABEL_ROWS rows, taken from `rows` (which go on after them)."""
    return list(islice(rows, LABEL_ROWS))


def label_values(
    reader: RowReader, first: list[tuple[int, list[str]]], *, workbook: bool = False
) -> None:
    """S3Error, with one message, when the first rows of an export hold the labels of the
    answers where their codes belong: an export made with labels as values (KoboToolbox's
    'Value and header format' set to a language, LimeSurvey's 'Full answers'), of which
    every row would be refused for each of its answers. Said when, in the cells of single
    choices, scales and yes/no questions, at least two labels stand and no fewer than
    codes; a label here and there (a cell edited) is said at its cell, row by row."""
    layout = reader.layout
    labels: list[tuple[int, int, str, str]] = []
    codes = 0
    for number, cells in first:
        for index, table in reader.codes.items():
            cell = reader.clean(cells[index]) if index < len(cells) else ""
            if not cell:
                continue
            if cell in table:
                codes += 1
            elif (code := layout.labels.get((layout.columns[index][1], cell))) is not None:
                labels.append((number, index, cell, code))
    if len(labels) >= 2 and len(labels) >= codes:
        number, index, value, code = labels[0]
        advice = CODES_ADVICE[layout.tool]
        message = M.IMPORT_LABEL_VALUES.format(value=value, code=code, advice=advice)
        raise S3Error(Finding(reader.file, number, index + 1, layout.header[index], message))
    if layout.tool == "limesurvey":
        _converted_yes_no(reader, first)
    _spreadsheet_times(reader, first, workbook=workbook)


def _spreadsheet_times(
    reader: RowReader, first: list[tuple[int, list[str]]], *, workbook: bool
) -> None:
    """S3Error, with one message, when a time column (started, ended, submitted) has no time
    in the first rows that can be read and at least two that cannot: a spreadsheet program
    re-saved the export in its own format (07.12.2026 11:18), and every row would be refused
    for that time. A program may rewrite one column alone (KoboToolbox's _submission_time,
    written without a zone, and not start and end): each column is judged on its own. A
    time edited here and there is said at its cell, row by row.

    A KoboToolbox workbook (`workbook`) whose start and end are times without their zone
    was exported with 'Store date and number responses as text' unticked: KoboToolbox
    then writes them as the workbook's dates, which hold no zone, and the message names
    the setting to tick."""
    tool = reader.layout.tool
    for kind in ("started", "ended", "submitted"):
        index = reader.column_of.get(kind)
        if index is None:
            continue
        cells = [(n, reader.clean(c[index]) if index < len(c) else "") for n, c in first]
        given = [(number, cell) for number, cell in cells if cell]
        with_zone = zoned(tool, kind)
        if len(given) < 2 or any(parse_time(c, reader.zone, zoned=with_zone) for _, c in given):
            continue
        number, value = given[0]
        values = {"value": value, "tool": TOOL_NAMES[tool], "example": time_example(tool, kind)}
        if workbook and tool == "kobo" and with_zone and all(zone_lost(c) for _, c in given):
            message = M.IMPORT_KOBO_TIMES_AS_DATES.format(**values)
        else:
            message = M.IMPORT_SPREADSHEET_TIMES.format(**values)
        raise S3Error(Finding(reader.file, number, index + 1, reader.layout.header[index], message))


#: A time as each tool writes it in its export (of a kind of time, else of all): what the
#: messages about times a spreadsheet rewrote or an edit left without a zone show
#: (time_example).
TIME_EXAMPLES: dict[tuple[str, str], str] = {
    ("kobo", ""): "2025-03-14T09:15:00.000+01:00",
    ("kobo", "submitted"): "2025-03-14T08:32:00",
    ("odk", ""): "2025-03-14T09:15:00.000+01:00",
    ("odk", "submitted"): "2025-03-14T08:32:00.000Z",
    ("limesurvey", ""): "2025-03-14 09:15:00",
}


def _converted_yes_no(reader: RowReader, first: list[tuple[int, list[str]]]) -> None:
    """S3Error, with one message, when a LimeSurvey export's yes/no answers, ticks and
    consent hold other values than Y and N: its 'Convert Y to' and 'Convert N to' (1 and 2,
    unless changed) were ticked, and every row would be refused for each of those cells.
    Said when those cells of the first rows hold no Y or N and at least two other values
    (0, which an unticked option may be, is not counted)."""
    layout = reader.layout
    columns = [
        index
        for index, (kind, key, _) in layout.columns.items()
        if kind == "option"
        or (kind == "profile" and key == "consent")
        or (kind == "answer" and isinstance(reader.questions[key], YesNo))
    ]
    others: list[tuple[int, int, str]] = []
    for number, cells in first:
        for index in columns:
            cell = reader.clean(cells[index]) if index < len(cells) else ""
            if cell in (layout.yes, layout.no):
                return
            if cell not in ("", "0"):
                others.append((number, index, cell))
    if len(others) < 2:
        return
    number, index, value = others[0]
    message = M.IMPORT_CONVERTED_YES_NO.format(value=value, yes=layout.yes, no=layout.no)
    raise S3Error(Finding(reader.file, number, index + 1, layout.header[index], message))
