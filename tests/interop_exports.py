"""Exports of KoboToolbox, ODK Central and LimeSurvey, built as those tools lay them out.

The round-trip tests answer a form that `s3engine convert` wrote, the way a tool's export
would hold the answers, without s3engine's own import code: the fields come from the
XLSForm's `survey` sheet and the version from its `settings` sheet; LimeSurvey's columns
from the structure file and the code mapping written beside it. Layouts:

* KoboToolbox (formpack's Export.to_csv / to_xlsx): `;`-separated, every value quoted, XML
  names as headings (with or without the group path joined by `/`), a select_multiple as its
  summary column of space-separated names and one `name/option` column of 1/0 per option
  (blank when not answered), then `_id`, `_uuid`, `_submission_time`, `_validation_status`,
  `_notes`, `_status`, `_submitted_by`, `__version__`, `_tags`, `_index`;
* ODK Central (briefcase.js): `SubmissionDate` first, group paths joined by `-`, a
  select_multiple as its summary and `path/option` columns (0 by default), the form's
  `meta-instanceID` (`uuid:...`, which pyxform adds to every form), then `KEY` (the same
  instance id), `SubmitterID`, `SubmitterName`, `AttachmentsPresent`, `AttachmentsExpected`,
  `Status`, `ReviewState`, `DeviceID`, `Edits`, `FormVersion`;
* LimeSurvey (CsvWriter): UTF-8 with a byte order mark, `;`-separated, every value quoted,
  `id`, `submitdate`, `lastpage`, `startlanguage`, `seed`, `startdate`, `datestamp`, then the
  questions by code (`CODE[SQ]` for subquestions, `CODE[1]`... for ranks), answer codes as
  values, `Y` or empty for a ticked subquestion.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from openpyxl import Workbook, load_workbook

from s3engine.interop.form import form_version
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import MultipleChoice, Questionnaire

if TYPE_CHECKING:
    from conftest import Cli

Answers = dict[str, Any]  # an answers file: language, consent, profile, answers

KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip
ODK_META = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
            "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
            "FormVersion"]  # fmt: skip


def xlsform_fields(xlsform: Path) -> tuple[list[tuple[list[str], str, str, dict[str, str]]], str]:
    """(group path, type, name, labels by language code) of every field; and the version."""
    book = load_workbook(xlsform, read_only=True)
    rows = list(book["survey"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    fields = []
    groups: list[str] = []
    group_labels: list[dict[str, str]] = []
    for values in rows[1:]:
        row = {h: ("" if v is None else str(v)) for h, v in zip(header, values, strict=False)}
        kind = row["type"]
        labels = {
            h.split("(")[-1].rstrip(")"): v for h, v in row.items() if h.startswith("label::")
        }
        if kind == "begin_group":
            groups.append(row["name"])
            group_labels.append(labels)
        elif kind == "end_group":
            groups.pop()
            group_labels.pop()
        else:
            # the labels of the groups above, joined by '/' (Kobo's "include groups")
            path = {
                lang: "/".join([*(g.get(lang, "") for g in group_labels), text])
                for lang, text in labels.items()
            }
            fields.append(
                (
                    list(groups),
                    kind,
                    row["name"],
                    {
                        **labels,
                        **{f"path:{k}": v for k, v in path.items()},
                        # the groups' labels apart (a label may hold a '/')
                        **{
                            f"groups:{k}": "\x1f".join(g.get(k, "") for g in group_labels)
                            for k in labels
                        },
                    },
                )
            )
    settings = list(book["settings"].iter_rows(values_only=True))
    version = str(dict(zip(settings[0], settings[1], strict=False))["version"])
    book.close()
    return fields, version


def _field_value(name: str, kind: str, doc: Answers, version: str) -> str:
    answers = doc["answers"]
    profile = doc["profile"]
    if name == "form_version":
        return version
    if name in ("start", "end"):
        return (
            "2025-03-14T10:15:00.000+01:00" if name == "start" else "2025-03-14T10:41:12.000+01:00"
        )
    if name == "profile_consent":
        return "yes" if doc.get("consent") else "no"
    if name.startswith("profile_"):
        return str(profile.get(name.removeprefix("profile_")) or "")
    base, _, rank = name.rpartition("_")
    if name not in answers and rank.isdigit() and isinstance(answers.get(base), list):
        places = answers[base]
        return places[int(rank) - 1] if int(rank) <= len(places) else ""
    value = answers.get(name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def _options(xlsform: Path) -> dict[str, list[str]]:
    """list name -> choice names, from the choices sheet."""
    return {name: list(labels) for name, labels in _option_labels(xlsform).items()}


def _option_labels(xlsform: Path) -> dict[str, dict[str, dict[str, str]]]:
    """list name -> choice name -> label by language code, from the choices sheet."""
    book = load_workbook(xlsform, read_only=True)
    rows = list(book["choices"].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in rows[0]]
    out: dict[str, dict[str, dict[str, str]]] = {}
    for values in rows[1:]:
        labels = {
            h.split("(")[-1].rstrip(")"): str(v)
            for h, v in zip(header, values, strict=False)
            if h.startswith("label::") and v is not None
        }
        out.setdefault(str(values[0]), {})[str(values[1])] = labels
    return out


def kobo_rows(
    xlsform: Path,
    docs: Sequence[Answers],
    *,
    groups: bool,
    split: bool,
    labels: str | None = None,
    sep: str = "/",
    summary: bool = True,
) -> list[list[str]]:
    """A KoboToolbox export: headings and rows (XML names, or labels in language `labels`:
    formpack's label headings, with the group labels joined by `sep` when `groups`, and a
    select_multiple's option columns headed by its heading, `sep` and the option's label);
    `split`: a select_multiple's option columns, with its summary column if `summary`
    ("both") or without ("separate columns"). The values are codes, as with "XML values and
    headers" (a language as the format gives labels as values too: the import refuses
    those, saying so)."""
    fields, version = xlsform_fields(xlsform)
    lists = _option_labels(xlsform)
    header: list[str] = []
    columns: list[tuple[str, str, str | None]] = []  # (name, kind, option)
    for path, kind, name, field_labels in fields:
        if kind in ("note",):
            continue
        heading = sep.join([*path, name]) if groups else name
        if labels is not None and name not in ("start", "end", "form_version"):
            text = field_labels.get(labels, heading)
            path_labels = field_labels.get(f"groups:{labels}", "").split("\x1f")
            heading = sep.join([*path_labels, text]) if groups and path else text
        multiple = kind.startswith("select_multiple")
        if not (multiple and split and not summary):
            header.append(heading)
            columns.append((name, kind, None))
        if multiple and split:
            for option, option_labels in lists[kind.split()[1]].items():
                shown = option if labels is None else option_labels.get(labels, option)
                header.append(f"{heading}{sep}{shown}")
                columns.append((name, kind, option))
    header += KOBO_META
    rows = [header]
    for number, doc in enumerate(docs, 1):
        row = []
        for name, kind, option in columns:
            value = _field_value(name, kind, doc, version)
            if option is not None:
                row.append("" if not value else "1" if option in value.split() else "0")
            else:
                row.append(value)
        row += [str(number), str(uuid.UUID(int=number)), "2025-03-14T09:41:30", "", "", "",
                "", "vQb2kLmX8PzTr4", "", str(number)]  # fmt: skip
        rows.append(row)
    return rows


def odk_rows(xlsform: Path, docs: Sequence[Answers]) -> list[list[str]]:
    """An ODK Central CSV export (group paths joined by '-', split select_multiple)."""
    fields, version = xlsform_fields(xlsform)
    lists = _options(xlsform)
    header = ["SubmissionDate"]
    columns: list[tuple[str, str, str | None]] = []
    for path, kind, name, _ in fields:
        heading = "-".join([*path, name])
        header.append(heading)
        columns.append((name, kind, None))
        if kind.startswith("select_multiple"):
            for option in lists[kind.split()[1]]:
                header.append(f"{heading}/{option}")
                columns.append((name, kind, option))
    header += ODK_META
    rows = [header]
    for number, doc in enumerate(docs, 1):
        row = ["2025-03-14T09:41:30.512Z"]
        for name, kind, option in columns:
            value = _field_value(name, kind, doc, version)
            row.append(("1" if option in value.split() else "0") if option is not None else value)
        instance = f"uuid:{uuid.UUID(int=number)}"
        row += [instance, instance, "5", "Enumerator", "0", "0", "", "", "", "0",
                version]  # fmt: skip
        rows.append(row)
    return rows


#: The id LimeSurvey gave the survey of an export written by `limesurvey_rows`.
SURVEY_ID = "452817"


def limesurvey_rows(
    structure: Path, docs: Sequence[Answers], *, survey: str | None = SURVEY_ID
) -> list[list[str]]:
    """A LimeSurvey response export, from the structure file and the codes written beside;
    `survey`: the id LimeSurvey gave the survey, which its hidden equation question records
    (None: a survey made from a structure without that question)."""
    codes_file = structure.with_name(structure.stem + ".codes.csv")
    mapping = list(csv.DictReader(codes_file.open(encoding="utf-8")))
    answer_code = {
        (m["id"], m["option"]): m["limesurvey_code"] for m in mapping if m["kind"] == "answer"
    }
    left_out = {"survey"} if survey is None else set()
    columns = [m for m in mapping if m["response_column"] and m["kind"] not in left_out]
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header += [m["response_column"] for m in columns]
    lines = csv.reader(structure.open(encoding="utf-8"), delimiter="\t")
    equations = {r[4]: r[6] for r in lines if r[3] == "*"}
    version = equations[next(m["limesurvey_code"] for m in mapping if m["kind"] == "version")]
    rows = [header]
    for number, doc in enumerate(docs, 1):
        answers = doc["answers"]
        row = [str(number), "2025-03-14 09:41:30", "7", doc["language"], "123456",
               "2025-03-14 09:15:00", "2025-03-14 09:41:30"]  # fmt: skip
        for m in columns:
            kind, qid, option = m["kind"], m["id"], m["option"]
            if kind == "version":
                row.append(version)
            elif kind == "survey":  # {SID}, as LimeSurvey works the equation out
                row.append(str(survey))
            elif kind == "profile":
                if qid == "consent":
                    row.append("Y" if doc.get("consent") else "N")
                    continue
                value = doc["profile"].get(qid)
                code = answer_code.get((f"profile:{qid}", str(value)))
                row.append("" if value is None else code or str(value))
            elif kind == "option":
                row.append("Y" if option in answers.get(qid, []) else "")
            elif kind == "place":
                places = answers.get(qid, [])
                rank = int(option)
                row.append(answer_code[(qid, places[rank - 1])] if rank <= len(places) else "")
            else:
                value = answers.get(qid)
                if value is None:
                    row.append("")
                elif isinstance(value, bool):
                    row.append("Y" if value else "N")
                elif (qid, str(value)) in answer_code:
                    row.append(answer_code[(qid, str(value))])
                else:
                    row.append(str(value))
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[list[str]], *, sep: str = ",", quote_all: bool = False,
              bom: bool = False) -> Path:  # fmt: skip
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(buffer, delimiter=sep, quoting=quoting, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value != "":
                cell = sheet.cell(row=r, column=c)
                cell.value = value
                cell.data_type = "s"  # as KoboToolbox writes with "store as text"
    book.save(path)
    return path


# -- the answers given in a real tool's exports (tests/kobo, tests/limesurvey, tests/odk) -----

#: The form version each shipped questionnaire had when the real tools' exports were made.
RECORDED = {"s3-stress-test": "1.0.0+58eebd2b", "stakeholder-needs": "1.1.0+b00faca8"}


def questionnaire_of(path: Path) -> str:
    """The shipped questionnaire a real export answers: its name begins the file's."""
    return next(name for name in RECORDED if path.name.startswith(name + "-"))


def current_copy(export: Path, tmp_path: Path, name: str | None = None) -> tuple[str, Path]:
    """A copy of the real export in `tmp_path` with the questionnaire's current form
    version in place of the one recorded (in a text, in each file of a zip archive, in a
    workbook's cells), so that it still answers the shipped questionnaire; and that
    questionnaire's name (`name`, else the one the export's name begins with)."""
    name = name or questionnaire_of(export)
    recorded = RECORDED[name]
    current = form_version(load_questionnaire(name)[0])
    copy = tmp_path / export.name
    if export.suffix == ".xlsx":
        book = load_workbook(export)
        found = False
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value == recorded:
                        cell.value, found = current, True
        assert found
        book.save(copy) if current != recorded else copy.write_bytes(export.read_bytes())
    elif export.suffix == ".zip":
        with zipfile.ZipFile(export) as archive, zipfile.ZipFile(copy, "w") as again:
            for info in archive.infolist():
                data = archive.read(info)
                assert recorded.encode() in data
                again.writestr(info, data.replace(recorded.encode(), current.encode()))
    else:
        data = export.read_bytes()
        assert recorded.encode() in data
        copy.write_bytes(data.replace(recorded.encode(), current.encode()))
    return name, copy


def given_answers(folder: Path, name: str) -> dict[str, Any]:
    """What was answered in the real exports of questionnaire `name` kept in `folder`
    (NAME-given.yaml), by respondent id."""
    given: dict[str, Any] = yaml.safe_load(
        (folder / f"{name}-given.yaml").read_text(encoding="utf-8")
    )
    return given


def as_given(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as compared with those given: a multiple choice is a set (the tools keep no
    order of ticking); a ranking is not."""
    multiple = {x.id for _, x in q.questions() if isinstance(x, MultipleChoice)}
    return {k: sorted(v) if k in multiple else v for k, v in answers.items()}


def same_as_given(
    folder: Path,
    name: str,
    docs: list[dict[str, Any]],
    *,
    recorded_language: bool = False,
    left_out: str | None = None,
) -> None:
    """The imported responses `docs` are exactly those given in `folder`'s exports of `name`
    (but the respondent `left_out`), complete, with every profile field and answer as given;
    each in the language the tool recorded (LimeSurvey), else in the questionnaire's own (the
    default of --lang: KoboToolbox and ODK Central record none)."""
    q = load_questionnaire(name)[0]
    given = {k: v for k, v in given_answers(folder, name).items() if k != left_out}
    got = {doc["respondent"]["id"]: doc for doc in docs}
    assert sorted(got) == sorted(given)
    for rid, expected in given.items():
        mine = got[rid]
        assert mine["status"] == "complete"
        language = expected["language"] if recorded_language else q.default_language
        assert mine["language"] == language, rid
        for field, value in expected["respondent"].items():
            assert mine["respondent"].get(field) == value, (rid, field)
        assert as_given(q, mine["answers"]) == as_given(q, expected["answers"]), rid


def comes_back_as_given(
    cli: Cli,
    export: Path,
    tool: str,
    name: str,
    out: Path,
    folder: Path,
    *,
    imported: int | None = None,
    recorded_language: bool = False,
    left_out: str | None = None,
) -> None:
    """Import `export`, a real export of `tool` answering questionnaire `name`, into `out` (a
    folder or a .jsonl): exit 0 (with `imported` responses imported and one declined
    consent, when it is given), every response as given in `folder`'s exports
    (same_as_given), and `check` passes on what was written."""
    run = cli("import", export, "--from", tool, "--questionnaire", name, "--out", out)
    assert run.code == 0, run.output
    if imported is not None:
        assert f"{imported} responses imported" in run.output, run.output
        assert "1 declined consent" in run.output, run.output
    if out.suffix == ".jsonl":
        docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    else:
        docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.rglob("*.yaml")]
    same_as_given(folder, name, docs, recorded_language=recorded_language, left_out=left_out)
    check = cli("check", out)
    assert check.code == 0, check.output


def password_flagged(archive: bytes, *, every: bool = False) -> bytes:
    """The bytes of a zip archive whose first member (`every`: each member) says in its
    headers that it is encrypted, as a member zipped with a password does: zipfile then
    refuses to read it (RuntimeError), as it refuses a real one."""
    data = bytearray(archive)
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central
        at = data.find(header)
        while at >= 0:
            data[at + flags] |= 1  # bit 0 of the general purpose flags: encrypted
            at = data.find(header, at + 4) if every else -1
    return bytes(data)
