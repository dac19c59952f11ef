"""Exports written by formpack itself (tests/kobo/README.md) come back as answered.

The other KoboToolbox tests write exports as formpack's code lays them out
(interop_exports.py `kobo_rows`); these files were written by formpack, KoboToolbox's
export library, from the forms `s3engine convert --to xlsform` wrote, with the settings of
KoboToolbox's Data > Downloads (scripts/kobo_formpack_exports.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Cli
from interop_exports import same_as_given

from s3engine.core import messages as M
from s3engine.interop.form import form_version
from s3engine.questionnaire.checks import load_questionnaire

EXPORTS = REPO / "tests" / "kobo"
#: the form version each questionnaire had when the exports were made
RECORDED = {"s3-stress-test": "1.0.0+58eebd2b", "stakeholder-needs": "1.1.0+b00faca8"}
#: the settings of every export kept (tests/kobo/README.md)
KINDS = ("xml.csv", "xml-groups.csv", "xml-groups-dot-summary.csv",
         "xml-groups-dash-details.csv", "xml-details.csv", "xml.xlsx",
         "xml-groups-summary.xlsx", "labels-en.csv", "labels-de-details.xlsx")  # fmt: skip
FILES = sorted(p for p in EXPORTS.iterdir() if p.suffix in (".csv", ".xlsx"))
CODES = [p for p in FILES if "-xml" in p.name]
LABELS = [p for p in FILES if "-labels-" in p.name]


def questionnaire_of(path: Path) -> str:
    return next(name for name in RECORDED if path.name.startswith(name + "-"))


def test_every_kind_of_export_is_kept() -> None:
    names = {p.name for p in FILES}
    assert names == {f"{name}-{kind}" for name in RECORDED for kind in KINDS}


def current_copy(export: Path, tmp_path: Path) -> tuple[str, Path]:
    """The export with the questionnaire's current form version in place of the recorded
    one (in a workbook's shared strings too)."""
    name = questionnaire_of(export)
    current = form_version(load_questionnaire(name)[0])
    copy = tmp_path / export.name
    if export.suffix == ".csv":
        data = export.read_bytes()
        assert RECORDED[name].encode() in data
        copy.write_bytes(data.replace(RECORDED[name].encode(), current.encode()))
    else:
        from openpyxl import load_workbook

        book = load_workbook(export)
        found = False
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value == RECORDED[name]:
                        cell.value, found = current, True
        assert found
        book.save(copy) if current != RECORDED[name] else copy.write_bytes(export.read_bytes())
    return name, copy


@pytest.mark.parametrize("export", CODES, ids=lambda p: p.name)
def test_a_formpack_export_comes_back_as_answered(cli: Cli, tmp_path: Path, export: Path) -> None:
    name, copy = current_copy(export, tmp_path)
    out = tmp_path / "responses"
    run = cli("import", copy, "--from", "kobo", "--questionnaire", name, "--out", out)
    assert run.code == 0, run.output
    assert "3 responses imported" in run.output and "1 declined consent" in run.output
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.rglob("*.yaml")]
    same_as_given(EXPORTS, name, docs)
    check = cli("check", out)
    assert check.code == 0, check.output
    lines = tmp_path / "responses.jsonl"
    run = cli("import", copy, "--from", "kobo", "--questionnaire", name, "--out", lines)
    assert run.code == 0, run.output
    same_as_given(
        EXPORTS, name, [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    )
    check = cli("check", lines)
    assert check.code == 0, check.output


@pytest.mark.parametrize("export", LABELS, ids=lambda p: p.name)
def test_a_formpack_export_of_labels_is_refused_once_with_the_setting_to_change(
    cli: Cli, tmp_path: Path, export: Path
) -> None:
    """KoboToolbox's 'Value and header format' set to a language writes labels where the
    codes belong: one message, naming 'XML values and headers', and nothing written."""
    name, copy = current_copy(export, tmp_path)
    for out in (tmp_path / "r", tmp_path / "r.jsonl"):
        run = cli("import", copy, "--from", "kobo", "--questionnaire", name, "--out", out)
        assert run.code == 1
        (line,) = run.err.splitlines()
        said = "the answers in this export are labels, not codes"  # IMPORT_LABEL_VALUES
        assert line.startswith(f"{copy}:2:") and said in line, line
        assert line.endswith(str(M.IMPORT_CODES_KOBO)) and "XML values and headers" in line
        assert not out.exists()
