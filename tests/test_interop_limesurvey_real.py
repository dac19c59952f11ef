"""Responses exported by a real LimeSurvey (tests/limesurvey/README.md) come back as given.

The other LimeSurvey tests write exports as the code and docs of LimeSurvey describe them
(interop_exports.py); these files were written by LimeSurvey 6.4.2 itself, from surveys
made of our converted structures and answered in its own pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, Cli
from interop_exports import RECORDED, comes_back_as_given, current_copy

from s3engine.core import messages as M

EXPORTS = REPO / "tests" / "limesurvey"
FILES = sorted(EXPORTS.glob("*.csv"))


def test_every_kind_of_export_is_kept() -> None:
    names = {p.name for p in FILES}
    for name in RECORDED:
        for how in ("rpc", "page", "page-semicolon-em", "page-tab"):
            assert f"{name}-{how}.csv" in names


@pytest.mark.parametrize("export", FILES, ids=lambda p: p.stem)
def test_a_real_limesurvey_export_comes_back_as_answered(
    cli: Cli, tmp_path: Path, export: Path
) -> None:
    name, copy = current_copy(export, tmp_path)
    comes_back_as_given(
        cli, copy, "limesurvey", name, tmp_path / "responses", EXPORTS, imported=3,
        recorded_language=True,
    )  # fmt: skip


def refused_copy(tmp_path: Path, export: str, name: str = "stakeholder-needs") -> Path:
    """A real export kept under refused/, with the questionnaire's current form version."""
    return current_copy(EXPORTS / "refused" / export, tmp_path, name)[1]


def test_an_export_of_full_answers_is_refused_once_with_the_setting_to_change(
    cli: Cli, tmp_path: Path
) -> None:
    """LimeSurvey's export page answers "Full answers" unless told otherwise: the answers'
    texts in the export's language ("Ja", "Nein", the options' labels) where their codes
    belong. The whole export is refused in one message at its first label, naming the
    setting that gives the codes, rather than a message for each of its answers."""
    copy = refused_copy(tmp_path, "stakeholder-needs-rpc-full-answers-de.csv")
    run = cli("import", copy, "--from", "limesurvey", "--questionnaire", "stakeholder-needs",
              "--out", tmp_path / "r")  # fmt: skip
    assert run.code == 1
    (line,) = run.err.splitlines()
    assert line.startswith(f"{copy}:2:") and "the answers in this export are labels" in line
    assert line.endswith(str(M.IMPORT_CODES_LIMESURVEY)), line
    assert not (tmp_path / "r").exists()


def test_an_export_of_converted_y_and_n_is_refused_once_with_the_setting_to_change(
    cli: Cli, tmp_path: Path
) -> None:
    """ "Convert Y to" 1 and "Convert N to" 2 (an unticked option becomes 2 as well): the
    export is refused in one message at its first converted cell, naming the setting to
    leave off, rather than a message for each yes/no answer and tick of every row."""
    copy = refused_copy(tmp_path, "stakeholder-needs-rpc-convert-yn.csv")
    run = cli("import", copy, "--from", "limesurvey", "--questionnaire", "stakeholder-needs",
              "--out", tmp_path / "r")  # fmt: skip
    assert run.code == 1
    (line,) = run.err.splitlines()
    said = M.IMPORT_CONVERTED_YES_NO.format(value="1", yes="Y", no="N")
    assert line.startswith(f"{copy}:2:") and line.endswith(f"profileConsent: {said}"), line
    assert not (tmp_path / "r").exists()
