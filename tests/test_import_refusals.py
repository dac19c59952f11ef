"""What `s3engine import` refuses so that no response is lost, counted twice or exposed.

Each export is written in tmp_path as the tool lays it out (tests/interop_exports.py).
"""

from __future__ import annotations

import stat
from pathlib import Path

import test_interop
from conftest import Cli, Run
from interop_exports import kobo_rows, limesurvey_rows, write_csv
from test_interop import known_answers

from s3engine.core import messages as M

Forms = dict[str, dict[str, Path]]
#: the shipped questionnaires converted by `s3engine convert` (a fixture of this module too)
forms = test_interop.forms
STRESS = "s3-stress-test"


def kobo_export(forms: Forms, count: int) -> list[list[str]]:
    """A KoboToolbox export of `count` known answers: group paths, summary and option
    columns, `;` and every value quoted (formpack's CSV)."""
    return kobo_rows(
        forms[STRESS]["xlsform"], known_answers(STRESS, count), groups=True, split=True
    )


def write_kobo(path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, rows, sep=";", quote_all=True)


def limesurvey_export(forms: Forms, count: int) -> list[list[str]]:
    return limesurvey_rows(forms[STRESS]["limesurvey"], known_answers(STRESS, count))


def write_limesurvey(path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, rows, sep=";", quote_all=True, bom=True)


def run_import(cli: Cli, export: Path, tool: str, out: Path) -> Run:
    return cli("import", export, "--from", tool, "--questionnaire", STRESS, "--out", out)


# -- the output -------------------------------------------------------------------------


def test_an_existing_jsonl_file_is_never_replaced_and_the_export_is_not_read(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    kobo = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 3))
    out = tmp_path / "responses.jsonl"
    assert run_import(cli, kobo, "kobo", out).code == 0
    before = out.read_bytes()
    limesurvey = write_limesurvey(tmp_path / "ls.csv", limesurvey_export(forms, 2))
    run = run_import(cli, limesurvey, "limesurvey", out)
    assert run.code == 1
    assert run.err == f"{out}: {M.IMPORT_OUT_EXISTS}\n"
    assert out.read_bytes() == before  # the KoboToolbox responses are still there
    # a file that holds no responses at all is not replaced either; the export, which
    # would be refused (it is not even a CSV file), is not read
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"note": "mine"}\n', encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xfe\x00")
    run = run_import(cli, broken, "kobo", notes)
    assert run.code == 1 and run.err == f"{notes}: {M.IMPORT_OUT_EXISTS}\n"
    assert notes.read_text(encoding="utf-8") == '{"note": "mine"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "broken.csv", "kobo.csv", "ls.csv", "notes.jsonl", "responses.jsonl"
    ]  # fmt: skip


def test_a_jsonl_file_of_responses_is_its_owners_only_as_the_response_files_are(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 2))
    folder, lines = tmp_path / "responses", tmp_path / "responses.jsonl"
    assert run_import(cli, export, "kobo", folder).code == 0
    assert run_import(cli, export, "kobo", lines).code == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes == {0o600}
    assert stat.S_IMODE(lines.stat().st_mode) == 0o600


def test_a_second_import_into_the_same_folder_says_every_response_is_there(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 2))
    out = tmp_path / "responses"
    first = run_import(cli, export, "kobo", out)
    assert first.code == 0 and first.err.endswith(f"2 responses imported into {out}\n")
    before = {p: p.read_bytes() for p in out.iterdir()}
    again = run_import(cli, export, "kobo", out)
    assert again.code == 1
    assert f"0 responses imported into {out}, 2 there already (not overwritten)\n" in again.err
    assert again.err.endswith(M.IMPORT_ALL_THERE.format(out=out) + "\n")
    assert M.IMPORT_NOTHING_WRITTEN not in again.err  # nothing needs fixing
    assert {p: p.read_bytes() for p in out.iterdir()} == before
