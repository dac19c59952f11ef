"""Exports written by formpack itself (tests/kobo/README.md) come back as answered.

The other KoboToolbox tests write exports as formpack's code lays them out
(interop_exports.py `kobo_rows`); these files were written by formpack, KoboToolbox's
export library, from the forms `s3engine convert --to xlsform` wrote, with the settings of
KoboToolbox's Data > Downloads (scripts/kobo_formpack_exports.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, Cli
from interop_exports import RECORDED, comes_back_as_given, current_copy

from s3engine.core import messages as M

EXPORTS = REPO / "tests" / "kobo"
#: the settings of every export kept (tests/kobo/README.md)
KINDS = ("xml.csv", "xml-groups.csv", "xml-groups-dot-summary.csv",
         "xml-groups-dash-details.csv", "xml-details.csv", "xml.xlsx",
         "xml-groups-summary.xlsx", "labels-en.csv", "labels-de-details.xlsx")  # fmt: skip
FILES = sorted(p for p in EXPORTS.iterdir() if p.suffix in (".csv", ".xlsx"))
CODES = [p for p in FILES if "-xml" in p.name]
LABELS = [p for p in FILES if "-labels-" in p.name]


def test_every_kind_of_export_is_kept() -> None:
    names = {p.name for p in FILES}
    assert names == {f"{name}-{kind}" for name in RECORDED for kind in KINDS}


@pytest.mark.parametrize("export", CODES, ids=lambda p: p.name)
def test_a_formpack_export_comes_back_as_answered(cli: Cli, tmp_path: Path, export: Path) -> None:
    name, copy = current_copy(export, tmp_path)
    for out in (tmp_path / "responses", tmp_path / "responses.jsonl"):
        comes_back_as_given(cli, copy, "kobo", name, out, EXPORTS, imported=3)


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
