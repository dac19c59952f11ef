"""Exports that went through the usual accidents before `s3engine import` read them: cells
edited in a spreadsheet, a row of another form version, a folder that cannot be written.
Each problem is said once, of the thing that is wrong, and none is left unsaid."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import test_interop
from conftest import Cli
from test_import_refusals import (
    OUTPUTS,
    kobo_export,
    limesurvey_export,
    run_import,
    write_kobo,
    write_limesurvey,
)

from s3engine.core import messages as M
from s3engine.interop.imports import ADVICE

Forms = dict[str, dict[str, Path]]
forms = test_interop.forms


def edited_export(
    forms: Forms, tmp_path: Path, tool: str, cells: dict[str, str]
) -> tuple[Path, dict[str, int]]:
    """An export of known answers (3 rows from KoboToolbox, 2 from LimeSurvey) whose first
    row holds `cells` (heading -> text) instead: its path, and each heading's column."""
    if tool == "kobo":
        rows, write = kobo_export(forms, 3), write_kobo
    else:
        rows, write = limesurvey_export(forms, 2), write_limesurvey
    columns = {heading: rows[0].index(heading) + 1 for heading in cells}
    for heading, text in cells.items():
        rows[1][columns[heading] - 1] = text
    return write(tmp_path / f"{tool}.csv", rows), columns


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_row_of_another_version_is_said_to_be_of_it_not_of_the_codes_it_holds(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """A response to another form version holds codes this version may not know: the
    version is what is wrong, and said alone (the codes' messages would send the user to
    mend cells that are right for their own version)."""
    cells = {"form_version": "0.9.0+abcdef12", "role_of_clusters/clusters_in_edp": "9"}
    export, at = edited_export(forms, tmp_path, "kobo", cells)
    run = run_import(cli, export, "kobo", tmp_path / name)
    other = M.IMPORT_OTHER_VERSION.format(found="0.9.0", id="s3-stress-test", expected="1.0.0")
    version, scale = at["form_version"], at["role_of_clusters/clusters_in_edp"]
    assert run.err.startswith(f"{export}:2:{version} form_version: {other}\n"), run.err
    assert f"{export}:2:{scale}" not in run.err
    assert run.code == 1


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_row_with_a_bad_answer_and_a_bad_time_is_told_both(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """A spreadsheet that wrote a decimal comma also reformatted the dates: both are said
    on the first import, not the second only once the first is mended."""
    cells = {"start": "07.12.2026 11:18", "role_of_clusters/clusters_in_edp": "9"}
    export, at = edited_export(forms, tmp_path, "kobo", cells)
    run = run_import(cli, export, "kobo", tmp_path / name)
    scale = at["role_of_clusters/clusters_in_edp"]
    assert f"{export}:2:{scale} role_of_clusters/clusters_in_edp: '9' " in run.err
    bad_time = M.IMPORT_BAD_TIME.format(value="07.12.2026 11:18")
    assert f"{export}:2:{at['start']} start: {bad_time}\n" in run.err
    assert run.code == 1


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_limesurvey_response_not_completed_is_said_so_alone(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    cells = {"submitdate": "", "clustersInEdp": "9"}
    export, at = edited_export(forms, tmp_path, "limesurvey", cells)
    run = run_import(cli, export, "limesurvey", tmp_path / name)
    assert f"{export}:2:{at['submitdate']} submitdate: {M.IMPORT_NOT_SUBMITTED}\n" in run.err
    assert f"{export}:2:{at['clustersInEdp']}" not in run.err
    assert run.code == 1


@pytest.mark.parametrize("name", ["responses.jsonl", "new/"])
def test_a_folder_that_cannot_be_written_is_named_not_a_temporary_name_in_it(
    cli: Cli, tmp_path: Path, forms: Forms, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user gave `locked/responses.jsonl` (or `locked/new/`): the message names that,
    never the hidden temporary folder the import would have written first."""
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 2))
    locked = tmp_path / "locked"
    locked.mkdir()
    real_mkdir = Path.mkdir

    # (the tests run as root, whom a folder's permissions do not stop: refused here)
    def refused(
        self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False
    ) -> None:
        if self.parent == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_mkdir(self, mode, parents, exist_ok)

    monkeypatch.setattr(Path, "mkdir", refused)
    out = f"{locked}/{name}"
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    assert run.err.startswith(f"{out.rstrip('/')}: "), run.err
    assert "/." not in run.err
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("name", OUTPUTS)
def test_times_a_spreadsheet_reformatted_in_every_row_are_said_once(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """Excel in a German locale re-saved the export: every time reads 07.12.2026 11:18.
    One message says so (20,000 rows gave 60,000 messages, three a row), and nothing is
    written; a time edited here and there is still said at its cell, row by row."""
    rows = kobo_export(forms, 4)
    times = [rows[0].index(h) for h in ("start", "end", "_submission_time")]
    for row in rows[1:]:
        for index in times:
            row[index] = "07.12.2026 11:18"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / name)
    message = M.IMPORT_SPREADSHEET_TIMES.format(
        value="07.12.2026 11:18", tool="KoboToolbox", example="2025-03-14T09:15:00.000+01:00"
    )
    assert run.err == f"{export}:2:{times[0] + 1} start: {message}\n"
    assert run.code == 1 and not (tmp_path / name).exists()
    # A spreadsheet may rewrite one column alone: the submission time, written without a
    # zone, which it takes for a date, and not start and end, which it keeps as text.
    rows = kobo_export(forms, 4)
    for row in rows[1:]:
        row[times[2]] = "07.12.2026 10:18"
    export = write_kobo(tmp_path / "submitted.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / f"submitted-{name}")
    message = M.IMPORT_SPREADSHEET_TIMES.format(
        value="07.12.2026 10:18", tool="KoboToolbox", example="2025-03-14T08:32:00"
    )
    assert run.err == f"{export}:2:{times[2] + 1} _submission_time: {message}\n"
    assert run.code == 1 and not (tmp_path / f"submitted-{name}").exists()
    rows = kobo_export(forms, 4)
    rows[2][times[0]] = "07.12.2026 11:18"
    export = write_kobo(tmp_path / "one.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / f"one-{name}")
    bad_time = M.IMPORT_BAD_TIME.format(value="07.12.2026 11:18")
    assert f"{export}:3:{times[0] + 1} start: {bad_time}\n" in run.err
    assert "3 responses imported" in run.err and run.code == 1


@pytest.mark.parametrize(
    ("edited", "hinted"),
    [
        ("role_of_clusters/clusters_in_EDP", True),  # another case
        ("role_of_clusters/clusters_in_edpp", True),  # a letter typed twice
        ("role_of_clusters/my_own_column", False),  # another column, not this one edited
        (None, False),  # the column deleted
    ],
)
def test_a_heading_edited_by_hand_is_named_beside_the_missing_column(
    cli: Cli, tmp_path: Path, forms: Forms, edited: str | None, hinted: bool
) -> None:
    """A question's column is missing because its heading was edited in a spreadsheet: the
    message names the edited heading and the one to write back, so that the user need not
    look through the export's 70 columns; a column deleted, or one that looks like no
    missing heading, gets no such guess."""
    rows = kobo_export(forms, 2)
    heading = "role_of_clusters/clusters_in_edp"
    index = rows[0].index(heading)
    if edited is None:
        rows = [row[:index] + row[index + 1 :] for row in rows]
    else:
        rows[0][index] = edited
    export = write_kobo(tmp_path / "kobo.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / "responses.jsonl")
    assert run.code == 1 and not (tmp_path / "responses.jsonl").exists()
    missing = M.IMPORT_COLUMN_MISSING.format(
        what=M.IMPORT_WHAT_QUESTION.format(id="clusters_in_edp"),
        tool="KoboToolbox",
        advice=ADVICE["kobo"],
    )
    assert run.err.startswith(f"{export}:1 {heading}: {missing}"), run.err
    hint = M.IMPORT_COLUMN_EDITED.format(found=edited, heading=heading)
    assert (hint in run.err) is hinted
    assert len(run.err.splitlines()) == 1


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_time_typed_in_a_year_no_wave_can_be_named_after_is_refused_at_its_cell(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """3026 typed for 2026 in a start time: the row is refused at that cell (check and
    score refuse such a response, whose wave no year names), never imported with the start
    quietly set to the submission time."""
    export, at = edited_export(forms, tmp_path, "kobo", {"start": "3026-12-07T11:18:07+01:00"})
    run = run_import(cli, export, "kobo", tmp_path / name)
    said = M.RESPONSE_YEAR.format(year=3026)
    assert run.err.startswith(f"{export}:2:{at['start']} start: {said}\n"), run.err
    assert "2 responses imported" in run.err and run.code == 1


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_declined_consent_is_counted_so_whatever_its_other_cells_hold(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """A respondent who declined consent has no response stored: a bad cell of theirs (left
    from a test, or typed before the form hid the questions) refuses nothing, as it refuses
    nothing in a row of another form version."""
    cells = {"profile_consent": "no", "role_of_clusters/clusters_in_edp": "9", "start": "x"}
    export, _ = edited_export(forms, tmp_path, "kobo", cells)
    run = run_import(cli, export, "kobo", tmp_path / name)
    assert run.err.endswith(", 1 declined consent (not stored)\n"), run.err
    assert "2 responses imported" in run.err and "refused" not in run.err
    assert run.code == 0
