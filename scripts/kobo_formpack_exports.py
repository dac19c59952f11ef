"""Make KoboToolbox exports of s3engine's shipped questionnaires with formpack itself.

KoboToolbox's Data > Downloads are written by its library formpack
(github.com/kobotoolbox/formpack): kpi hands it each deployed version's content and the
submissions as its database keeps them, with the options the user picked. This script does
the same without a KoboToolbox: for each questionnaire, `s3engine convert --to xlsform`,
the XLSForm read into an asset's content as kpi reads an upload (pyxform's `xlsx_to_dict`,
then formpack's `expand_content`, as `AssetVersion.to_formpack_schema` does: `survey`,
`choices`, `settings`, `translations`), the answers of tests/limesurvey/NAME-given.yaml
(the respondents of the LimeSurvey round trip, whose answers pass s3engine's check: every
condition of the questionnaire met by one and not by another) turned into submissions as
KoboToolbox stores them (XPath keys, hidden and unanswered questions absent, `_uuid`,
`_submission_time` in UTC without a zone, `__version__`, `start` and `end` as Enketo writes
them), one more answering a text with `=` and a line break, one more declining consent;
then formpack's `Export.to_csv` (lines joined by CR LF, UTF-8, as kpi writes the file) and
`Export.to_xlsx` with kpi's export options (`ExportTask._build_export_options`: its copy
fields, `force_index`, `tag_cols_for_header` ['hxl']) and the settings of EXPORTS.

Each export is imported with `s3engine import` and compared with the answers given, and the
responses checked with `s3engine check` (exports with labels as values must be refused);
every disagreement is printed and the exit code is 1 when there was any.

Needs a Python with formpack and PyYAML (not s3engine's: formpack is no dependency of
s3engine), and s3engine's own Python for `convert`, `import` and `check`:

    python3 -m venv /tmp/fpvenv && /tmp/fpvenv/bin/pip install formpack pyyaml
    /tmp/fpvenv/bin/python scripts/kobo_formpack_exports.py \\
        --s3engine-python .venv/bin/python [--save tests/kobo]
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from given_answers import given_yaml

REPO = Path(__file__).resolve().parent.parent
GIVEN = REPO / "tests" / "limesurvey"
QUESTIONNAIRES = ("s3-stress-test", "stakeholder-needs")
#: the languages the respondents chose in Enketo (KoboToolbox records none: the import takes
#: --lang, by default the questionnaire's default language)
SHOWN_IN = ["de", "fr", "sl", "it"]
#: the text answered with a line break after a formula (a spreadsheet's `=`)
FORMULA_TEXT = '=SUM(1;2) "quoted"; semicolon, comma\nsecond line'
#: the day the exports were made, and the form's deployment (kpi's version uid)
DAY = datetime(2026, 12, 7, 9, 15, 0, tzinfo=UTC)
KOBO_VERSION = "vKq3bDsN7xWcT2fYhRmLpA"
#: kpi's ExportTask.COPY_FIELDS (by the names the classes write)
COPY_FIELDS = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes",
               "_status", "_submitted_by", "__version__", "_tags", "meta/rootUuid")  # fmt: skip
#: file name -> kpi's export settings: `lang` (`_xml`: XML values and headers; a
#: translation: its labels), `hierarchy_in_labels` (Include groups in headers), `group_sep`,
#: `multiple_select` (Export select many questions as: both, summary, details)
EXPORTS: dict[str, dict[str, Any]] = {
    "xml.csv": {"lang": "_xml", "hierarchy_in_labels": False, "group_sep": "/",
                "multiple_select": "both"},
    "xml-groups.csv": {"lang": "_xml", "hierarchy_in_labels": True, "group_sep": "/",
                       "multiple_select": "both"},
    "xml-groups-dot-summary.csv": {"lang": "_xml", "hierarchy_in_labels": True,
                                   "group_sep": ".", "multiple_select": "summary"},
    "xml-groups-dash-details.csv": {"lang": "_xml", "hierarchy_in_labels": True,
                                    "group_sep": "-", "multiple_select": "details"},
    "xml-details.csv": {"lang": "_xml", "hierarchy_in_labels": False, "group_sep": "/",
                        "multiple_select": "details"},
    "xml.xlsx": {"lang": "_xml", "hierarchy_in_labels": False, "group_sep": "/",
                 "multiple_select": "both"},
    "xml-groups-summary.xlsx": {"lang": "_xml", "hierarchy_in_labels": True,
                                "group_sep": "/", "multiple_select": "summary"},
    "labels-en.csv": {"lang": "English (en)", "hierarchy_in_labels": True, "group_sep": "/",
                      "multiple_select": "both"},
    "labels-de-details.xlsx": {"lang": "Deutsch (de)", "hierarchy_in_labels": False,
                               "group_sep": "/", "multiple_select": "details"},
}  # fmt: skip

#: what the import says, in one line, of an export with labels as values (import-label-values)
LABEL_VALUES = "the answers in this export are labels, not codes"

problems: list[str] = []


def formpack(module: str) -> Any:
    """A module of formpack (`formpack` + `module`): in the Python this script runs in, not
    s3engine's, which has no formpack (so it is imported by name, untyped)."""
    return importlib.import_module("formpack" + module)


def problem(text: str) -> None:
    problems.append(text)
    print("  DISAGREES:", text, flush=True)


class S3engine:
    def __init__(self, python: str) -> None:
        self.python = python

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, "-m", "s3engine", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )


def content_of(xlsform: Path) -> dict[str, Any]:
    """The XLSForm as kpi stores a deployed version (AssetVersion.to_formpack_schema)."""
    from pyxform.xls2json_backends import xlsx_to_dict

    expand_content = formpack(".utils.expand_content").expand_content

    sheets = xlsx_to_dict(str(xlsform))
    sheets = {k: v for k, v in sheets.items() if k != "sheet_names" and not k.endswith("_header")}
    content: dict[str, Any] = expand_content(sheets)
    return content


def paths_of(content: dict[str, Any]) -> dict[str, str]:
    """field name -> its XPath in a submission (group names joined by `/`)."""
    groups: list[str] = []
    out: dict[str, str] = {}
    for row in content["survey"]:
        kind = row.get("type")
        if kind == "begin_group":
            groups.append(row["name"])
        elif kind == "end_group":
            groups.pop()
        elif "name" in row:
            out[row["name"]] = "/".join([*groups, row["name"]])
    return out


def respondents(name: str) -> list[dict[str, Any]]:
    """The answers given: those of the LimeSurvey round trip, in other languages, the
    formula text with a line break; then one declining consent."""
    given: dict[str, Any] = yaml.safe_load(
        (GIVEN / f"{name}-given.yaml").read_text(encoding="utf-8")
    )
    out = []
    for number, (_, doc) in enumerate(sorted(given.items()), 1):
        answers = {
            k: (FORMULA_TEXT if isinstance(v, str) and v.startswith("=") else v)
            for k, v in doc["answers"].items()
        }
        out.append(
            {
                "uuid": str(uuid.UUID(int=0x5E3E0000 + number, version=4)),
                "language": SHOWN_IN[number - 1],
                "consent": True,
                "respondent": doc["respondent"],
                "answers": answers,
            }
        )
    out.append(
        {
            "uuid": str(uuid.UUID(int=0x5E3E00FF, version=4)),
            "language": SHOWN_IN[len(out)],
            "consent": False,
            "respondent": {},
            "answers": {},
        }
    )
    return out


def text_of(value: Any) -> str:
    """An answer as an XForm instance (and KoboToolbox's JSON of it) holds it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def submission(
    number: int, who: dict[str, Any], paths: dict[str, str], version: str, ranks: set[str]
) -> dict[str, Any]:
    """One submission as KoboToolbox's database keeps it (the instance's XPaths, its empty
    elements left out, and KoboToolbox's own keys)."""
    started = DAY + timedelta(hours=number, minutes=3 * number, seconds=7 * number)
    ended = started + timedelta(minutes=11, seconds=23)
    vienna = timedelta(hours=1)  # Enketo writes the device's local time with its offset
    sub: dict[str, Any] = {
        paths["start"]: (started + vienna).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+01:00",
        paths["end"]: (ended + vienna).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+01:00",
        paths["form_version"]: version,
        paths["profile_consent"]: "yes" if who["consent"] else "no",
    }
    for key, value in who["respondent"].items():
        if value is not None:
            sub[paths[f"profile_{key}"]] = text_of(value)
    for qid, value in who["answers"].items():
        if qid in ranks:
            for rank, option in enumerate(value, 1):
                sub[paths[f"{qid}_{rank}"]] = option
        else:
            sub[paths[qid]] = text_of(value)
    instance = f"uuid:{who['uuid']}"
    sub.update(
        {
            "meta/instanceID": instance,
            "meta/rootUuid": instance,
            "formhub/uuid": "4f1c0e3b9d2a4e6f8a7b5c3d2e1f0a9b",
            "__version__": KOBO_VERSION,
            "_id": 48120 + number,
            "_uuid": who["uuid"],
            "_submission_time": (ended + timedelta(seconds=41)).strftime("%Y-%m-%dT%H:%M:%S"),
            "_validation_status": {},
            "_notes": [],
            "_status": "submitted_via_web",
            "_submitted_by": None,
            "_tags": [],
            "_attachments": [],
            "_geolocation": [None, None],
            "_xform_id_string": "aH7kLp2QvZ9sXwE4rT6yUb",
        }
    )
    return sub


def export(content: dict[str, Any], title: str, subs: list[dict[str, Any]], out: Path,
           settings: dict[str, Any]) -> None:  # fmt: skip
    """One download, as kpi's ExportTask writes it."""
    fp, fields = formpack(""), formpack(".schema.fields")
    schema = {"content": content, "version": KOBO_VERSION, "version_id_key": "__version__"}
    pack = fp.FormPack([schema], title=title, id_string="aH7kLp2QvZ9sXwE4rT6yUb")
    lang = settings["lang"]
    copy_fields = (fields.IdCopyField, "_uuid", fields.SubmissionTimeCopyField,
                   fields.ValidationStatusCopyField, fields.NotesCopyField, "_status",
                   "_submitted_by", "__version__", fields.TagsCopyField,
                   "meta/rootUuid")  # fmt: skip
    options = {
        "versions": pack.versions.keys(),
        "group_sep": settings["group_sep"],
        "multiple_select": settings["multiple_select"],
        "lang": fp.constants.UNSPECIFIED_TRANSLATION if lang == "_xml" else lang,
        "hierarchy_in_labels": settings["hierarchy_in_labels"],
        "copy_fields": copy_fields,
        "force_index": True,
        "tag_cols_for_header": ["hxl"],
        "filter_fields": [],
        "xls_types_as_text": True,
        "include_media_url": False,
    }
    ex = pack.export(**options)
    if out.suffix == ".csv":
        with out.open("wb") as f:
            for line in ex.to_csv(iter(subs)):
                f.write((line + "\r\n").encode("utf-8"))
    else:
        ex.to_xlsx(str(out), iter(subs))


def given_head(name: str, people: list[dict[str, Any]]) -> str:
    """The comment lines of NAME-given.yaml."""
    return (
        f"# The answers given in every export of {name} (respondent id -> answers);\n"
        f"# one more submission ({people[-1]['uuid']}) declined consent.\n"
    )


def compare(name: str, folder: Path, people: list[dict[str, Any]]) -> None:
    expected = {f"kobo-{p['uuid']}": p for p in people if p["consent"]}
    got = {}
    for path in folder.rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        got[doc["respondent"]["id"]] = doc
    if sorted(got) != sorted(expected):
        problem(f"{name}: imported {sorted(got)}, answered {sorted(expected)}")
        return
    for rid, p in expected.items():
        mine = got[rid]
        for field, value in p["respondent"].items():
            if mine["respondent"].get(field) != value:
                problem(f"{rid} {field}: {mine['respondent'].get(field)!r} != {value!r}")
        theirs = {k: sorted(v) if isinstance(v, list) else v for k, v in p["answers"].items()}
        ours = {k: sorted(v) if isinstance(v, list) else v for k, v in mine["answers"].items()}
        for qid in sorted(set(theirs) | set(ours)):
            if theirs.get(qid) != ours.get(qid):
                problem(f"{rid} {qid}: imported {ours.get(qid)!r}, answered {theirs.get(qid)!r}")


def run(name: str, s3engine: S3engine, work: Path, save: Path | None) -> None:
    print(f"{name}:", flush=True)
    xlsform = work / f"{name}.xlsx"
    made = s3engine("convert", name, "--to", "xlsform", "--out", str(xlsform))
    if made.returncode != 0:
        problem(f"convert {name}: {made.stderr}")
        return
    content = content_of(xlsform)
    paths = paths_of(content)
    version = content["settings"]["version"]
    ranks = {n.rpartition("_")[0] for n in paths if n.endswith("_1") and n[:-2] + "_2" in paths}
    people = respondents(name)
    subs = [submission(i, p, paths, version, ranks) for i, p in enumerate(people, 1)]
    title = content["settings"]["form_title"]
    target = save or work
    target.mkdir(parents=True, exist_ok=True)
    given = given_yaml(given_head(name, people), "kobo", people)
    (target / f"{name}-given.yaml").write_text(given, encoding="utf-8")
    for suffix, settings in EXPORTS.items():
        out = target / f"{name}-{suffix}"
        export(content, title, subs, out, settings)
        responses = work / f"{name}-{suffix}.responses"
        imported = s3engine("import", str(out), "--from", "kobo", "--questionnaire", name,
                            "--out", str(responses))  # fmt: skip
        said = imported.stdout + imported.stderr
        if settings["lang"] != "_xml":
            if imported.returncode == 0 or LABEL_VALUES not in said or said.count("\n") > 1:
                problem(f"{out.name}: labels as values not refused: {said.strip()}")
            else:
                print(f"  {out.name}: refused, as it should be", flush=True)
            continue
        if imported.returncode != 0:
            problem(f"{out.name}: import failed: {said.strip()}")
            continue
        print(f"  {out.name}: {imported.stdout.strip()}", flush=True)
        compare(f"{name} {out.name}", responses, people)
        checked = s3engine("check", str(responses))
        if checked.returncode != 0:
            problem(f"{out.name}: check: {checked.stdout}{checked.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--s3engine-python", default=str(REPO / ".venv" / "bin" / "python"),
                        help="a Python that runs s3engine (its venv's)")  # fmt: skip
    parser.add_argument("--save", help="a folder to keep the exports in (tests/kobo)")
    parser.add_argument("questionnaires", nargs="*", default=list(QUESTIONNAIRES))
    args = parser.parse_args()
    import formpack

    print("formpack", Path(formpack.__file__).parent, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.questionnaires:
            run(name, S3engine(args.s3engine_python), Path(tmp),
                Path(args.save) if args.save else None)  # fmt: skip
    print(json.dumps({"disagreements": len(problems)}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
