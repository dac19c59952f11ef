"""What `s3engine import` refuses so that no response is lost, counted twice or exposed.

Each export is written in tmp_path as the tool lays it out (tests/interop_exports.py), then
spoiled the way real exports are: an id column left out or a blank id, a file cut off in
the middle of a row, a column pasted twice, a repeated submission. Both ways of reading an
export are run where they differ: into a JSON Lines file (a chunk of rows at a time,
interop/columns.py) and into a folder (row by row).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import test_interop
from conftest import REPO, Cli, Run
from interop_exports import SURVEY_ID, kobo_rows, limesurvey_rows, odk_rows, write_csv
from test_interop import known_answers

from s3engine.core import messages as M
from s3engine.core.limits import MAX_FINDINGS_OF_A_KIND
from s3engine.i18n import translator
from s3engine.i18n.texts import builtin_filled
from s3engine.interop.imports import ADVICE, KEEP, TOOL_NAMES, Tool
from s3engine.responses.files import load_responses

Forms = dict[str, dict[str, Path]]
#: the shipped questionnaires converted by `s3engine convert` (a fixture of this module too)
forms = test_interop.forms
STRESS = "s3-stress-test"
#: The two ways of reading an export: a chunk of rows at a time, and row by row.
OUTPUTS = ["responses.jsonl", "responses"]


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


def run_import(cli: Cli, export: Path, tool: str, out: Path | str) -> Run:
    return cli("import", export, "--from", tool, "--questionnaire", STRESS, "--out", out)


def ids(out: Path) -> list[str]:
    """The respondent ids of the responses imported into `out`, in the export's order."""
    responses, problems = load_responses([out])
    assert problems == []
    found = [r.response for r in responses]
    if out.is_dir():  # files come in the order of their names
        found.sort(key=lambda r: r.respondent.id)
    return [r.respondent.id for r in found]


def import_blanking(
    cli: Cli,
    tmp_path: Path,
    forms: Forms,
    name: str,
    heading: str,
    cells: dict[int, str],
    count: int = 4,
) -> tuple[Path, Path, int, Run]:
    """Import a KoboToolbox export of `count` known answers whose column `heading` holds
    `cells` on those rows (numbered as a spreadsheet does) into tmp_path / `name`: the
    export, the output, the column's number and the run."""
    rows = kobo_export(forms, count)
    column = rows[0].index(heading)
    for row, cell in cells.items():
        rows[row - 1][column] = cell
    export = write_kobo(tmp_path / "kobo.csv", rows)
    out = tmp_path / name
    return export, out, column + 1, run_import(cli, export, "kobo", out)


def drop(rows: list[list[str]], heading: str) -> list[list[str]]:
    at = rows[0].index(heading)
    return [row[:at] + row[at + 1 :] for row in rows]


def tool_export(
    path: Path, forms: Forms, tool: str, count: int, without: str | None = None
) -> Path:
    """An export of `count` known answers as `tool` writes it (`without` one of its
    columns), at `path`."""
    if tool == "kobo":
        rows, write = kobo_export(forms, count), write_kobo
    elif tool == "odk":
        rows, write = odk_rows(forms[STRESS]["xlsform"], known_answers(STRESS, count)), write_csv
    else:
        rows, write = limesurvey_export(forms, count), write_limesurvey
    return write(path, rows if without is None else drop(rows, without))


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


def test_a_grown_export_imported_again_adds_its_new_responses_and_counts_the_others(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """The weekly re-import of a survey still running: the export holds last week's rows
    and new ones. The new ones are imported, the others found unchanged: no problem, exit
    0 (a scheduler runs it); an export that has not grown says so in one line."""
    rows = kobo_export(forms, 5)  # the headings, then rows 2 to 6
    out = tmp_path / "responses"
    week1 = write_kobo(tmp_path / "week1.csv", rows[:3])
    assert run_import(cli, week1, "kobo", out).code == 0
    before = {p: p.read_bytes() for p in out.iterdir()}
    week2 = write_kobo(tmp_path / "week2.csv", rows)
    again = run_import(cli, week2, "kobo", out)
    assert again.code == 0, again.err
    assert again.err == f"3 responses imported into {out}, 2 there already (unchanged)\n"
    assert len(list(out.iterdir())) == 5
    assert {p: p.read_bytes() for p in before} == before
    same = run_import(cli, week2, "kobo", out)
    assert same.code == 0
    assert same.err == M.IMPORT_ALL_THERE.format(out=out) + "\n"
    assert len(list(out.iterdir())) == 5


def test_an_export_with_a_declined_consent_imported_again_has_nothing_new_to_import(
    cli: Cli, tmp_path: Path
) -> None:
    """A declined consent is never stored, so it is in every import of the export: an
    export that has not grown still says in one line that there is nothing new, whatever
    rows of it declined (formpack's real export, whose fourth respondent declined)."""
    export = REPO / "tests" / "kobo" / "s3-stress-test-xml.csv"
    out = tmp_path / "responses"
    first = run_import(cli, export, "kobo", out)
    assert first.code == 0, first.err
    assert "1 declined consent" in first.err
    before = {p: p.read_bytes() for p in out.iterdir()}
    again = run_import(cli, export, "kobo", out)
    assert (again.code, again.err) == (0, M.IMPORT_ALL_THERE.format(out=out) + "\n")
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_a_response_edited_in_the_tool_since_its_import_is_named_and_kept_as_it_was(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A response whose file is there with other content (edited in the tool, or another
    --wave) is never overwritten: one problem names its file and the export's row, and the
    other rows are imported or found unchanged."""
    rows = kobo_export(forms, 4)  # the headings, then rows 2 to 5
    out = tmp_path / "responses"
    week1 = write_kobo(tmp_path / "week1.csv", rows[:3])
    assert run_import(cli, week1, "kobo", out).code == 0
    before = {p: p.read_bytes() for p in out.iterdir()}
    column = rows[0].index("role_of_clusters/clusters_in_edp")
    rows[2][column] = "3" if rows[2][column] != "3" else "4"  # respondent 2's answer edited
    week2 = write_kobo(tmp_path / "week2.csv", rows)
    run = run_import(cli, week2, "kobo", out)
    assert run.code == 1
    (edited,) = [p for p in out.iterdir() if p.name.endswith("0002.yaml")]
    problem = M.IMPORT_ALREADY.format(row=3, export=week2)
    assert run.err == (
        f"{edited}: {problem}\n"
        f"2 responses imported into {out}, 1 there already (unchanged), 1 there already with "
        "other content (not overwritten)\n"
    )
    assert {p: p.read_bytes() for p in before} == before  # the edit did not replace it
    # another --wave makes other content of every response
    assert run_import(cli, week1, "kobo", tmp_path / "x").code == 0  # a folder of its own
    other = cli(
        "import", week1, "--from", "kobo", "--questionnaire", STRESS, "--wave", "2026", "--out",
        tmp_path / "x",
    )  # fmt: skip
    assert other.code == 1
    assert other.err.count("it was not overwritten") == 2
    assert other.err.endswith(
        f"0 responses imported into {tmp_path / 'x'}, 2 there already with other content "
        "(not overwritten)\n"
    )
    # so does another --lang: a KoboToolbox response's language is the one --lang gives
    english = cli(
        "import", week1, "--from", "kobo", "--questionnaire", STRESS, "--lang", "en", "--out",
        tmp_path / "x",
    )  # fmt: skip
    assert english.code == 0  # the questionnaire's default language: the first import's
    french = cli(
        "import", week1, "--from", "kobo", "--questionnaire", STRESS, "--lang", "fr", "--out",
        tmp_path / "x",
    )  # fmt: skip
    assert french.code == 1
    assert french.err.count("une autre valeur de --wave ou de --lang") == 2, french.err


def test_a_respondent_whose_group_was_edited_in_the_tool_is_not_imported_twice(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A response file is named after the region, the group and the time started: a group
    corrected in the tool since the import gives the same respondent another file name. It
    is named as there already with other content, never written beside the first (score
    would refuse the second as a respondent read already)."""
    rows = kobo_export(forms, 3)
    out = tmp_path / "responses"
    assert run_import(cli, write_kobo(tmp_path / "week1.csv", rows), "kobo", out).code == 0
    before = {p: p.read_bytes() for p in out.iterdir()}
    column = rows[0].index("profile/profile_group")
    rows[2][column] = "industry" if rows[2][column] != "industry" else "academia"
    week2 = write_kobo(tmp_path / "week2.csv", rows)
    run = run_import(cli, week2, "kobo", out)
    assert run.code == 1, run.err
    (first,) = [p for p in out.iterdir() if p.name.endswith("0002.yaml")]
    problem = M.IMPORT_ALREADY.format(row=3, export=week2)
    assert run.err == (
        f"{first}: {problem}\n"
        f"0 responses imported into {out}, 2 there already (unchanged), 1 there already with "
        "other content (not overwritten)\n"
    )
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_responses_sorted_into_folders_or_renamed_are_found_there_already(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A folder whose files were sorted into a folder per region (as examples/ holds them),
    one renamed to another region and one to .yml: importing the grown export again finds
    each (by the time started and the respondent's id in its name, as `score` reads the
    folders below), and writes only the new rows."""
    rows = kobo_export(forms, 4)
    out = tmp_path / "responses"
    assert run_import(cli, write_kobo(tmp_path / "week1.csv", rows[:4]), "kobo", out).code == 0
    first, second, third = sorted(out.iterdir())
    (out / "AT31").mkdir()
    first.rename(out / "AT31" / first.name)
    second.rename(out / second.name.replace(second.name.split("-")[0], "SI03", 1))
    third.rename(third.with_suffix(".yml"))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    run = run_import(cli, write_kobo(tmp_path / "week2.csv", rows), "kobo", out)
    assert run.err == f"1 response imported into {out}, 3 there already (unchanged)\n"
    assert run.code == 0
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {p: after[p] for p in before} == before and len(after) == 4
    responses, problems = load_responses([out])
    assert problems == [] and len(responses) == 4  # score reads each respondent once


def test_responses_renamed_freely_or_kept_in_json_lines_are_found_there_already(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A response file renamed to a name of another shape (`interview-acme.yaml`), and
    responses imported into a .jsonl that was then put into the folder, are found there
    already by what they hold (the time started and the respondent's id), as `score`
    reads them: importing the grown export again writes only the new rows, and a row
    edited since is named at its line of the .jsonl."""
    rows = kobo_export(forms, 5)
    out = tmp_path / "responses"
    assert run_import(cli, write_kobo(tmp_path / "w1.csv", rows[:3]), "kobo", out).code == 0
    second = sorted(out.iterdir())[1]
    second.rename(out / "interview-acme.yaml")
    lines = tmp_path / "w2.jsonl"
    assert run_import(cli, write_kobo(tmp_path / "w2.csv", rows[:5]), "kobo", lines).code == 0
    jsonl = out / "earlier.jsonl"
    jsonl.write_bytes(b"".join(lines.read_bytes().splitlines(keepends=True)[2:]))
    before = {p: p.read_bytes() for p in out.iterdir()}
    run = run_import(cli, write_kobo(tmp_path / "w3.csv", rows), "kobo", out)
    assert run.err == f"1 response imported into {out}, 4 there already (unchanged)\n"
    assert run.code == 0
    assert {p: p.read_bytes() for p in before} == before and len(list(out.iterdir())) == 4
    responses, problems = load_responses([out])
    assert problems == [] and len(responses) == 5  # score reads each respondent once

    column = rows[0].index("role_of_clusters/clusters_in_edp")
    rows[4][column] = "3" if rows[4][column] != "3" else "4"  # row 5, line 2 of the .jsonl
    edited = write_kobo(tmp_path / "w4.csv", rows)
    run = run_import(cli, edited, "kobo", out)
    problem = M.IMPORT_ALREADY_LINE.format(row=5, export=edited)
    assert run.err == (
        f"{jsonl}:2: {problem}\n"
        f"0 responses imported into {out}, 4 there already (unchanged), 1 there already with "
        "other content (not overwritten)\n"
    ), run.err
    assert run.code == 1

    # row 4 (line 1 of the .jsonl) started at another time: a second response of its
    # respondent, named at that line
    started = rows[0].index("start")
    rows[3][started] = rows[3][started].replace("2025", "2024", 1)
    moved = write_kobo(tmp_path / "w5.csv", rows[:4])
    run = run_import(cli, moved, "kobo", out)
    respondent = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])["respondent"]
    said = M.IMPORT_ID_TAKEN.format(
        id=respondent["id"], row=4, export=moved, advice=M.IMPORT_ID_TAKEN_OTHER
    )
    assert f"{jsonl}:1: {said}\n" in run.err, run.err
    assert run.code == 1
    assert {p: p.read_bytes() for p in before} == before


def test_a_second_response_of_a_respondent_there_already_is_named_not_written(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A row whose respondent is in the folder already with a response started at another
    time (two LimeSurvey surveys of a structure converted before it recorded the survey's
    id: both number their responses from 1) is not taken for an edit of the first, nor
    written beside it, which score would refuse as a respondent read twice: it is named,
    with the file there."""
    rows = limesurvey_rows(forms[STRESS]["limesurvey"], known_answers(STRESS, 1), survey=None)
    out = tmp_path / "responses"
    assert run_import(cli, write_limesurvey(tmp_path / "a.csv", rows), "limesurvey", out).code == 0
    (first,) = out.iterdir()
    column = rows[0].index("startdate")
    rows[1][column] = rows[1][column].replace("2025", "2024", 1)
    rows[1][rows[0].index("profileRegion")] = "SI03"
    other = write_limesurvey(tmp_path / "b.csv", rows)
    run = run_import(cli, other, "limesurvey", out)
    advice = M.IMPORT_ID_TAKEN_LIMESURVEY
    said = M.IMPORT_ID_TAKEN.format(id="ls-1", row=2, export=other, advice=advice)
    assert run.err == (
        f"{first}: {said}\n"
        f"0 responses imported into {out}, 1 there already with other content (not "
        "overwritten)\n"
    ), run.err
    assert run.code == 1
    assert list(out.iterdir()) == [first]


@pytest.mark.parametrize(
    "name",
    ["r.json", "r.csv", "r.yaml", "r.yml", "r.txt", "r.xlsx", "r.SAV", ".json", ".CSV", ".jsonl"],
)
def test_an_out_named_as_a_file_is_refused_as_a_usage_error_before_anything_is_written(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """`--out r.json` would make a folder called r.json, and `--out .json` (a name that is
    only the ending) a hidden folder .json, `--out .jsonl` a hidden file; a name ending in
    .jsonl is the one file an import writes."""
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 2))
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 2
    only_ending = not out.suffix
    said = (
        M.IMPORT_OUT_ONLY_SUFFIX if only_ending else M.IMPORT_OUT_SUFFIX.format(suffix=out.suffix)
    )
    assert run.err == f"s3engine: --out {out}: {said}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kobo.csv"]
    # said in the language of --lang, as every message of the import is
    german = cli("import", export, "--from", "kobo", "--questionnaire", STRESS, "--lang", "de",
                 "--out", out)  # fmt: skip
    assert german.code == 2
    assert german.err == f"s3engine: --out {out}: {translator('de').message(said)}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kobo.csv"]


@pytest.mark.parametrize("name", ["r.json", "wave.2026", "new.json/", "new.jsonl/"])
def test_a_folder_of_any_name_there_already_or_a_new_one_without_a_files_suffix_is_taken(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """An existing folder, a name without a file's ending, or any name written with a
    trailing slash (which says "folder") is a folder of response files."""
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, 2))
    out = tmp_path / name
    if name == "r.json":
        out.mkdir()
    given = f"{out}/" if name.endswith("/") else str(out)
    run = run_import(cli, export, "kobo", given)
    assert run.code == 0, run.err
    assert out.is_dir() and len(ids(out)) == 2
    assert run.err == f"2 responses imported into {given}\n"  # new.jsonl/: a folder, as typed


# -- respondent ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "column", "advice"),
    [
        ("kobo", "_uuid", "download the export again and keep every column"),
        ("limesurvey", "id", "'Response ID'"),
        ("limesurvey", "submitdate", "'Date submitted'"),
    ],
)
def test_an_export_without_the_tools_id_or_submission_date_is_refused_once_whole(
    cli: Cli, tmp_path: Path, forms: Forms, tool: str, column: str, advice: str
) -> None:
    """Ids made of row numbers would count one person twice and drop another when an
    updated export is imported again; without LimeSurvey's submission dates every row
    would be refused, one by one, as not completed."""
    export = tool_export(tmp_path / f"{tool}.csv", forms, tool, 3, without=column)
    for name in OUTPUTS:
        run = run_import(cli, export, tool, tmp_path / name)
        assert run.code == 1
        said = f"{export}:1 {column}: the export has no column {column} "
        assert run.err.startswith(said) and advice in run.err, run.err
        assert ":2" not in run.err  # one message for the file, none for its rows
        assert not (tmp_path / name).exists()


def test_an_odk_export_reads_its_ids_from_key_else_from_the_instance_id(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """ODK Central's KEY is the submission's instance id, which the form's meta-instanceID
    holds too: either gives the same respondent ids; an export with neither is refused."""
    rows = odk_rows(forms[STRESS]["xlsform"], known_answers(STRESS, 3))
    with_key = write_csv(tmp_path / "key.csv", rows)
    without_key = write_csv(tmp_path / "instance.csv", drop(rows, "KEY"))
    neither = write_csv(tmp_path / "neither.csv", drop(drop(rows, "KEY"), "meta-instanceID"))
    assert run_import(cli, with_key, "odk", tmp_path / "key.jsonl").code == 0
    assert run_import(cli, without_key, "odk", tmp_path / "instance.jsonl").code == 0
    expected = [f"odk-00000000-0000-0000-0000-00000000000{n}" for n in (1, 2, 3)]
    assert ids(tmp_path / "key.jsonl") == ids(tmp_path / "instance.jsonl") == expected
    run = run_import(cli, neither, "odk", tmp_path / "neither.jsonl")
    assert run.code == 1
    assert run.err.startswith(f"{neither}:1 KEY: the export has no column KEY "), run.err
    assert not (tmp_path / "neither.jsonl").exists()


@pytest.mark.parametrize(
    ("made_by", "given", "found"),
    [
        ("kobo", "odk", "'_uuid'"),
        ("kobo", "limesurvey", "'_uuid'"),
        ("odk", "kobo", "'KEY'"),
        ("odk", "limesurvey", "'KEY'"),
        ("limesurvey", "kobo", "'id', 'submitdate'"),
        ("limesurvey", "odk", "'id', 'submitdate'"),
    ],
)
def test_an_export_given_another_tools_from_is_told_which_from_to_use(
    cli: Cli, tmp_path: Path, forms: Forms, made_by: str, given: str, found: str
) -> None:
    """The tool's id column is missing and another tool's is there: one line says which
    tool's export it looks like and which --from to give, instead of missing columns."""
    export = tool_export(tmp_path / "export.csv", forms, made_by, 2)
    names = {"kobo": "KoboToolbox", "odk": "ODK Central", "limesurvey": "LimeSurvey"}
    expected = {"kobo": "_uuid", "odk": "KEY", "limesurvey": "id"}[given]
    for name in OUTPUTS:
        run = run_import(cli, export, given, tmp_path / name)
        assert run.code == 1
        message = M.IMPORT_OTHER_TOOL.format(
            other=names[made_by], chosen=names[given], expected=expected, found=found,
            tool=made_by,
        )  # fmt: skip
        assert run.err == f"{export}:1: {message}\n"
        assert f"import it with --from {made_by}" in run.err
        assert not (tmp_path / name).exists()
    assert run_import(cli, export, made_by, tmp_path / "right").code == 0


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_row_without_an_id_is_refused_at_its_id_cell(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    export, out, column, run = import_blanking(
        cli, tmp_path, forms, name, "_uuid", {3: "", 4: "  "}
    )
    assert run.code == 1
    for row in (3, 4):
        assert f"{export}:{row}:{column} _uuid: {M.IMPORT_BLANK_ID}\n" in run.err, run.err
    assert f"2 responses imported into {out}, 2 rows refused" in run.err
    assert ids(out) == ["kobo-00000000-0000-0000-0000-000000000001",
                        "kobo-00000000-0000-0000-0000-000000000004"]  # fmt: skip


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_respondent_given_again_is_a_duplicate_even_when_the_first_row_was_refused(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """The second row of one respondent is a duplicate whatever became of the first: a
    re-submission must not slip in because the first copy had a mistake."""
    rows = limesurvey_export(forms, 3)
    header = rows[0]
    rows.append(list(rows[1]))  # respondent 1 again, on row 5
    rows[1][header.index("startlanguage")] = "xx"  # row 2 refused for another reason
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    out = tmp_path / name
    run = run_import(cli, export, "limesurvey", out)
    assert run.code == 1
    assert f"{export}:2:4 startlanguage: 'xx' is not a language" in run.err
    duplicate = M.IMPORT_DUPLICATE_ROW.format(id=f"ls-{SURVEY_ID}-1", first=2)
    assert f"{export}:5:1 id: {duplicate}\n" in run.err, run.err
    assert f"2 responses imported into {out}, 2 rows refused" in run.err
    assert ids(out) == [f"ls-{SURVEY_ID}-2", f"ls-{SURVEY_ID}-3"]


# -- rows and columns -----------------------------------------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_row_cut_short_is_refused_as_a_row_too_long_is(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """A file cut off in the middle of its last row: the answers missing are not taken
    for skipped ones, nor its times from other columns."""
    rows = kobo_export(forms, 3)
    width, found = len(rows[0]), 40
    rows[3] = rows[3][:found]  # the file ends after the 40th cell of row 4
    export = write_kobo(tmp_path / "kobo.csv", rows)
    export.write_text(export.read_text(encoding="utf-8").rstrip("\r\n"), encoding="utf-8")
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    message = M.IMPORT_ROW_LENGTH.format(found=found, expected=width)
    assert f"{export}:4:{found + 1} {rows[0][found]}: {message}\n" in run.err, run.err
    assert f"2 responses imported into {out}, 1 row refused\n" in run.err
    assert len(ids(out)) == 2


def write_kobo_with_line_breaks(path: Path, forms: Forms) -> list[str]:
    """A KoboToolbox export of 3 known answers whose organisations on rows 3 and 4 hold a
    line break, as a respondent may type one: row 3 is lines 3 and 4 of the file, row 4
    lines 5 and 6. Its lines, ends kept."""
    rows = kobo_export(forms, 3)
    column = rows[0].index("profile/profile_organisation")
    rows[2][column] = "Cluster\nAgency"
    rows[3][column] = "Technology\nPark"
    write_kobo(path, rows)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 6 and lines[5].startswith('Park";'), lines
    return lines


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_file_cut_off_inside_a_quoted_value_is_named_at_the_line_the_quote_opens(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """A download cut off inside a cell: the message gives the line an editor shows, where
    the cell's quote opens (line 6: row 4 began on line 5, and its organisation holds a line
    break), as every message of s3engine about lines does, and says that it is a line,
    which row that is in a spreadsheet, and to download the export again."""
    export = tmp_path / "kobo.csv"
    lines = write_kobo_with_line_breaks(export, forms)
    last = lines[5]
    cut = last.index(';"', last.index('";"') + 3) + 3  # the next cell's quote and a letter
    export.write_text("".join(lines[:5]) + last[:cut], encoding="utf-8", newline="")
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    message = M.IMPORT_CSV_END_IN_QUOTES.format(line=6, row=4)
    assert run.err == f"{export}:6: {message}\n"
    assert "line 6 of the file" in message and "row 4 in a spreadsheet" in message
    assert not out.exists()


def test_a_stray_quote_is_named_at_its_line_and_row(cli: Cli, tmp_path: Path, forms: Forms) -> None:
    """A quote followed by more than a delimiter (a hand-edited cell): its line, not its
    row, with both said in words."""
    export = tmp_path / "kobo.csv"
    lines = write_kobo_with_line_breaks(export, forms)
    lines[5] = lines[5].replace('Park";', 'Park"x;', 1)
    export.write_text("".join(lines), encoding="utf-8", newline="")
    run = run_import(cli, export, "kobo", tmp_path / "responses.jsonl")
    assert run.code == 1
    problem = M.CSV_NOT_AFTER_QUOTE.format(delimiter="';'")
    message = M.IMPORT_CSV_SYNTAX.format(line=6, row=4, problem=problem)
    assert run.err == f"{export}:6: {message}\n"
    german = cli("import", export, "--from", "kobo", "--questionnaire", STRESS,
                 "--lang", "de", "--out", tmp_path / "responses.jsonl")  # fmt: skip
    said = translator("de").message(message)
    assert german.err == f"{export}:6: {said}\n" and "Anführungszeichen" in said, said
    assert "expected" not in said and "quote" not in said


def test_a_stray_quote_in_a_tab_separated_export_names_the_tab_in_words(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """LimeSurvey exports tab-separated too: the delimiter after a quote is named, not
    printed as a tab nobody can see."""
    rows = limesurvey_export(forms, 2)
    export = write_csv(tmp_path / "ls.csv", rows, sep="\t", quote_all=True)
    text = export.read_text(encoding="utf-8").replace('"\t"', '"x\t"', 1)
    export.write_text(text, encoding="utf-8", newline="")
    run = run_import(cli, export, "limesurvey", tmp_path / "responses.jsonl")
    assert run.code == 1
    assert str(M.CSV_NOT_AFTER_QUOTE.format(delimiter=M.CSV_TAB)) in run.err, run.err
    assert "\t" not in run.err


def test_a_value_longer_than_a_cell_may_hold_is_said_in_words(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """The csv module's limit of a value (its field_size_limit): said in words, in the
    language of --lang, with the open quote that most often causes it."""
    rows = kobo_export(forms, 2)
    rows[2][rows[0].index("role_of_clusters/role_comment")] = "x" * 140_000
    export = write_kobo(tmp_path / "kobo.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / "responses.jsonl")
    problem = M.CSV_FIELD_LIMIT.format(limit=131072)
    assert run.code == 1
    assert run.err == f"{export}:3: {M.IMPORT_CSV_SYNTAX.format(line=3, row=3, problem=problem)}\n"
    german = cli("import", export, "--from", "kobo", "--questionnaire", STRESS,
                 "--lang", "sl", "--out", tmp_path / "responses.jsonl")  # fmt: skip
    said = translator("sl").message(M.CSV_FIELD_LIMIT.format(limit=131072))
    assert said in german.err and "cell may hold" not in said, german.err


def test_a_column_given_twice_is_refused_naming_both_columns(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """Two exports pasted side by side, or a column copied: which copy holds the answers
    cannot be known, so the file is refused rather than the last copy read."""
    rows = kobo_export(forms, 3)
    heading = "role_of_clusters/clusters_in_edp"
    first = rows[0].index(heading)
    rows = [[*row, heading if n == 0 else "0"] for n, row in enumerate(rows)]
    export = write_kobo(tmp_path / "kobo.csv", rows)
    for name in OUTPUTS:
        run = run_import(cli, export, "kobo", tmp_path / name)
        assert run.code == 1
        message = M.IMPORT_COLUMN_TWICE.format(first=first + 1, other=heading)
        assert run.err.startswith(f"{export}:1:{len(rows[0])} {heading}: {message}\n"), run.err
        assert not (tmp_path / name).exists()


# -- what the messages say ----------------------------------------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_blank_form_version_is_named_at_its_column_and_counts_are_in_words(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    export, out, column, run = import_blanking(cli, tmp_path, forms, name, "form_version", {3: ""})
    assert run.code == 1
    assert f"{export}:3:{column} form_version: {M.IMPORT_NO_VERSION}\n" in run.err
    assert f"3 responses imported into {out}, 1 row refused\n" in run.err
    # one response: no plural
    export, out, column, run = import_blanking(
        cli, tmp_path, forms, f"one-{name}", "form_version", {2: "", 3: "", 5: ""}
    )
    assert f"1 response imported into {out}, 3 rows refused\n" in run.err


@pytest.mark.parametrize(
    ("tool", "dropped", "heading", "what"),
    [
        # the form's hidden field (KoboToolbox's own __version__ is the id of a deployment)
        ("kobo", ["form_version"], "form_version", "the form version"),
        # ODK Central's FormVersion is read for a blank form_version cell; the field is due
        ("odk", ["form_version"], "form_version", "the form version"),
        ("limesurvey", ["formVersion"], "formVersion", "the form version"),
        # the profile's fields and LimeSurvey's question codes, too, as the tool writes them
        ("kobo", ["profile/profile_region"], "profile/profile_region", "the profile's region"),
        ("odk", ["profile-profile_region"], "profile-profile_region", "the profile's region"),
        ("kobo", ["role_of_clusters/clusters_in_edp"], "role_of_clusters/clusters_in_edp",
         "the question 'clusters_in_edp'"),
        ("limesurvey", ["profileRegion"], "profileRegion", "the profile's region"),
        ("limesurvey", ["alignmentNational"], "alignmentNational",
         "the question 'alignment_national'"),
    ],
)  # fmt: skip
def test_a_missing_column_is_named_by_the_heading_the_tool_writes(
    cli: Cli, tmp_path: Path, forms: Forms, tool: str, dropped: list[str], heading: str,
    what: str,
) -> None:  # fmt: skip
    """The user looks for the column in the tool's export (or its settings): `version`,
    `region` or a question id are not headings there; a KoboToolbox or ODK Central export
    with group names in its headings gets the field's group path too."""
    docs = known_answers(STRESS, 2)
    if tool == "kobo":
        rows = kobo_export(forms, 2)
    elif tool == "odk":
        rows = odk_rows(forms[STRESS]["xlsform"], docs)
    else:
        rows = limesurvey_export(forms, 2)
    for column in dropped:
        rows = drop(rows, column)
    export = write_csv(tmp_path / f"{tool}.csv", rows, sep="," if tool == "odk" else ";")
    run = run_import(cli, export, tool, tmp_path / "responses.jsonl")
    assert run.code == 1
    message = M.IMPORT_COLUMN_MISSING.format(what=what, tool=TOOL_NAMES[tool], advice=ADVICE[tool])
    assert run.err == f"{export}:1 {heading}: {message}\n"


@pytest.mark.parametrize("name", OUTPUTS)
def test_another_version_is_said_of_the_cell_that_holds_it_under_its_heading(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """ODK Central's FormVersion is read where the form's form_version cell is blank, and
    named when it is the one that holds another version; LimeSurvey's is formVersion."""
    other = M.IMPORT_OTHER_VERSION.format(found="0.9.0", id=STRESS, expected="1.0.0")
    rows = odk_rows(forms[STRESS]["xlsform"], known_answers(STRESS, 3))
    field, tools = rows[0].index("form_version"), rows[0].index("FormVersion")
    rows[1][field], rows[1][tools] = "", "0.9.0+abcdef12"
    rows[2][field] = "0.9.0+abcdef12"
    odk = write_csv(tmp_path / "odk.csv", rows)
    run = run_import(cli, odk, "odk", tmp_path / f"odk-{name}")
    assert f"{odk}:2:{tools + 1} FormVersion: {other}\n" in run.err
    assert f"{odk}:3:{field + 1} form_version: {other}\n" in run.err
    assert run.code == 1 and len(ids(tmp_path / f"odk-{name}")) == 1
    rows = limesurvey_export(forms, 2)
    code = rows[0].index("formVersion")
    rows[1][code] = "0.9.0+abcdef12"
    limesurvey = write_limesurvey(tmp_path / "ls.csv", rows)
    run = run_import(cli, limesurvey, "limesurvey", tmp_path / f"ls-{name}")
    assert f"{limesurvey}:2:{code + 1} formVersion: {other}\n" in run.err


def more_rows(count: int) -> str:
    """The line that follows the first rows of a problem listed, in English."""
    return builtin_filled("cli.more_rows", "en", n=count)


def every_row_refused(
    export: Path, out: Path, heading: str, column: int, said: Callable[[int], str], count: int
) -> list[str]:
    """What an import of an export of `count` rows says when each is refused for one
    problem at the column `heading` (numbered `column`), `said(row)` of each row: its
    first rows, the line that counts the others, the counts and that nothing was written."""
    return [
        *(
            f"{export}:{row}:{column} {heading}: {said(row)}"
            for row in range(2, 2 + MAX_FINDINGS_OF_A_KIND)
        ),
        f"{export} {heading}: {more_rows(count - MAX_FINDINGS_OF_A_KIND)}",
        f"{count} problems",
        f"0 responses imported into {out}, {count} rows refused",
        str(M.IMPORT_NOTHING_WRITTEN),
    ]


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_problem_of_every_row_lists_its_first_rows_and_counts_the_others(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """An export of another form version (or of one setting wrong on every row) said the
    same message once per row: 20,000 lines, the other problems lost among them. Its first
    rows are listed, then one line counts the others; the counts and the exit code stay."""
    cells = dict.fromkeys(range(2, 52), "0.9.0")
    export, out, column, run = import_blanking(
        cli, tmp_path, forms, name, "form_version", cells, count=50
    )
    assert run.code == 1
    other = M.IMPORT_OTHER_VERSION.format(found="0.9.0", id=STRESS, expected="1.0.0")
    assert run.err.splitlines() == every_row_refused(
        export, out, "form_version", column, lambda row: other, 50
    ), run.err


@pytest.mark.parametrize("name", OUTPUTS)
def test_each_problem_repeated_keeps_its_first_rows_and_its_own_count(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """Problems that differ are never merged: two other versions in the same column are two
    problems, each with its first rows and its count, and one of a few rows is listed
    whole; the 4 good rows are imported as before."""
    rows = kobo_export(forms, 64)
    version = rows[0].index("form_version")
    group = rows[0].index("profile/profile_group")
    for number in range(2, 52):  # rows 2 to 51: 25 of 0.9.0, 25 of 0.8.0
        rows[number - 1][version] = "0.9.0" if number % 2 else "0.8.0"
    for number in range(52, 62):  # 10 rows of another problem, fewer than the bound
        rows[number - 1][group] = "business"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    lines = run.err.splitlines()
    for found, first in (("0.9.0", 3), ("0.8.0", 2)):
        other = M.IMPORT_OTHER_VERSION.format(found=found, id=STRESS, expected="1.0.0")
        said = [line for line in lines if line.endswith(f" form_version: {other}")]
        every = range(first, 52, 2)
        assert said == [
            f"{export}:{row}:{version + 1} form_version: {other}"
            for row in list(every)[:MAX_FINDINGS_OF_A_KIND]
        ]
        # the count follows the last row listed of its problem
        at = lines.index(said[-1])
        assert lines[at + 1] == f"{export} form_version: {more_rows(25 - MAX_FINDINGS_OF_A_KIND)}"
    groups = [line for line in lines if "is not a stakeholder group" in line]
    assert [line.split(":")[1] for line in groups] == [str(row) for row in range(52, 62)]
    assert lines.count(f"{export} form_version: {more_rows(5)}") == 2
    assert len([line for line in lines if "not listed" in line]) == 2
    assert lines[-2:] == ["60 problems", f"4 responses imported into {out}, 60 rows refused"]
    assert len(ids(out)) == 4


#: A number column of the shipped questionnaire (a share, with one decimal) and its heading
#: in a KoboToolbox export with group paths.
SHARE = "implementation/s3_budget_share"
#: A whole number column.
COUNT = "cluster_portfolio/cluster_initiatives_count"


#: A column holding another wrong value on each row (by the row's number), and what is said
#: of each cell: a number written with a decimal comma, which the message quotes as its
#: `value`; a percentage, quoted as its `value` and as the `number` it writes; a region
#: code no region has, which the profile's message quotes as `region`.
WRONG_ON_EACH_ROW: dict[str, tuple[str, Callable[[int], str], Callable[[str], str]]] = {
    "decimal comma": (
        SHARE,
        lambda row: f"{row},5",
        lambda cell: M.IMPORT_NOT_NUMBER.format(value=cell),
    ),
    "percentage": (
        SHARE,
        lambda row: f"{row}.5%",
        lambda cell: M.IMPORT_PERCENT.format(value=cell, number=cell.removesuffix("%")),
    ),
    "unknown region": (
        "profile/profile_region",
        lambda row: f"QQ{row}",
        lambda cell: M.SURVEY_BAD_NUTS.format(region=cell),
    ),
}


@pytest.mark.parametrize("wrong", WRONG_ON_EACH_ROW)
@pytest.mark.parametrize("name", OUTPUTS)
def test_a_column_of_another_wrong_value_on_each_row_lists_its_first_rows_and_counts_the_others(
    cli: Cli, tmp_path: Path, forms: Forms, name: str, wrong: str
) -> None:
    """A number column a spreadsheet wrote with a decimal comma ('2,5', '3,5'...) refuses
    every row for the value of its own cell: each value was a problem of its own, and an
    export of 20,000 rows printed 20,000 lines. It is one problem, whatever the value (a
    column of percentages, whose message also quotes the number each writes, and a region
    column of codes no region has too): its first rows are listed, each with its own value,
    then one line counts the others."""
    heading, cell, said = WRONG_ON_EACH_ROW[wrong]
    cells = {row: cell(row) for row in range(2, 52)}
    export, out, column, run = import_blanking(cli, tmp_path, forms, name, heading, cells, count=50)
    assert run.code == 1
    assert run.err.splitlines() == every_row_refused(
        export, out, heading, column, lambda row: said(cells[row]), 50
    ), run.err


@pytest.mark.parametrize("name", OUTPUTS)
def test_problems_of_another_code_or_column_are_not_counted_with_those_of_other_values(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """Only the value of the cell is set aside: in one column, numbers written with a comma
    and numbers too large to compute with are two problems, and a comma in another column
    a third, each with its own first rows and its own count."""
    rows = kobo_export(forms, 64)
    share = rows[0].index(SHARE)
    count = rows[0].index(COUNT)
    for number in range(2, 32):  # 30 rows
        rows[number - 1][share] = f"{number},5"
    for number in range(32, 57):  # 25 rows
        rows[number - 1][share] = f"{number}e99"
    for number in range(57, 62):  # 5 rows, fewer than are listed
        rows[number - 1][count] = f"{number},0"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    comma, large = M.IMPORT_NOT_NUMBER, M.YAML_NUMBER_RANGE
    where = f"{share + 1} {SHARE}"
    assert run.err.splitlines() == [
        *(f"{export}:{row}:{where}: {comma.format(value=f'{row},5')}" for row in range(2, 22)),
        f"{export} {SHARE}: {more_rows(10)}",
        *(f"{export}:{row}:{where}: {large.format(value=f'{row}e99')}" for row in range(32, 52)),
        f"{export} {SHARE}: {more_rows(5)}",
        *(
            f"{export}:{row}:{count + 1} {COUNT}: {comma.format(value=f'{row},0')}"
            for row in range(57, 62)
        ),
        "60 problems",
        f"4 responses imported into {out}, 60 rows refused",
    ], run.err
    assert len(ids(out)) == 4


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_export_whose_rows_were_pasted_twice_lists_its_first_repeated_rows_and_counts_the_rest(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """Rows pasted twice into an export (30 rows, then the same 30 again) give each
    respondent twice: the repeated rows are refused as one problem, whichever respondent
    and first row each names, listed for the first 20 and counted for the others; the
    first 30 rows are imported."""
    rows = kobo_export(forms, 30)
    rows += rows[1:]
    export = write_kobo(tmp_path / "kobo.csv", rows)
    out = tmp_path / name
    run = run_import(cli, export, "kobo", out)
    assert run.code == 1
    heading = "_uuid"
    column = rows[0].index(heading) + 1
    respondent = [f"kobo-{row[column - 1]}" for row in rows[1:31]]
    assert run.err.splitlines() == [
        *(
            f"{export}:{row}:{column} {heading}: "
            + M.IMPORT_DUPLICATE_ROW.format(id=respondent[row - 32], first=row - 30)
            for row in range(32, 52)
        ),
        f"{export} {heading}: {more_rows(10)}",
        "30 problems",
        f"30 responses imported into {out}, 30 rows refused",
    ], run.err
    assert len(ids(out)) == 30


def test_responses_there_already_with_other_content_are_listed_for_their_first_rows(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """An export imported again with another --wave differs from every response imported
    before, each in a file of its own: the first are named, one line counts the others, and
    the counts and the exit code are as before; no file is overwritten."""
    count = MAX_FINDINGS_OF_A_KIND + 5
    export = write_kobo(tmp_path / "kobo.csv", kobo_export(forms, count))
    out = tmp_path / "responses"
    assert run_import(cli, export, "kobo", out).code == 0
    before = {path: path.read_bytes() for path in out.rglob("*.yaml")}
    argv = ["--from", "kobo", "--questionnaire", STRESS, "--wave", "spring-2027"]
    again = cli("import", export, *argv, "--out", out)
    assert again.code == 1
    lines = again.err.splitlines()
    named = [line for line in lines if "is there already, but its content differs" in line]
    assert len(named) == MAX_FINDINGS_OF_A_KIND, again.err
    assert len([line for line in lines if line.endswith(more_rows(5))]) == 1, again.err
    assert lines[lines.index(named[-1]) + 1].endswith(more_rows(5)), again.err  # after them
    assert lines[-2:] == [
        f"{count} problems",
        f"0 responses imported into {out}, {count} there already with other content "
        "(not overwritten)",
    ], again.err
    assert {path: path.read_bytes() for path in out.rglob("*.yaml")} == before


def test_the_count_of_rows_not_listed_is_said_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    rows = kobo_export(forms, MAX_FINDINGS_OF_A_KIND + 1)
    column = rows[0].index("form_version")
    for row in rows[1:]:
        row[column] = "0.9.0"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    argv = ["--from", "kobo", "--questionnaire", STRESS, "--lang", "de"]
    run = cli("import", export, *argv, "--out", tmp_path / "de")
    assert run.code == 1
    one_more = f"{export} form_version: 1 weitere Zeile mit diesem Problem, nicht aufgeführt"
    assert one_more in run.err.splitlines(), run.err
    assert builtin_filled("cli.more_rows", "de", n=19_980) == (
        "19.980 weitere Zeilen mit diesem Problem, nicht aufgeführt"
    )


#: An import of 1,020 rows, every one refused: the line counting the rows not listed, the
#: count of the problems and the closing line, as each language writes the numbers (French:
#: a narrow no-break space between the thousands).
THOUSANDS = {
    "en": (
        "1,000 more rows with this problem, not listed",
        "1,020 problems",
        "0 responses imported into {out}, 1,020 rows refused",
    ),
    "de": (
        "1.000 weitere Zeilen mit diesem Problem, nicht aufgeführt",
        "1.020 Probleme",
        "0 Antworten in {out} importiert, 1.020 Zeilen abgelehnt",
    ),
    "fr": (
        "1\u202f000 lignes de plus avec ce problème, non listées",
        "1\u202f020 problèmes",
        "0 réponse importée dans {out}, 1\u202f020 lignes refusées",
    ),
}


@pytest.mark.parametrize("lang", THOUSANDS)
def test_the_counts_of_an_import_group_their_digits_as_the_language_of_lang_does(
    cli: Cli, tmp_path: Path, forms: Forms, lang: str
) -> None:
    """20,000 rows of another form version said "19980 more rows", while score says
    "20,000 counted": every count an import prints groups its thousands, the language's way."""
    docs = known_answers(STRESS, 140)
    rows = kobo_rows(
        forms[STRESS]["xlsform"],
        (docs * 8)[: MAX_FINDINGS_OF_A_KIND + 1000],
        groups=True,
        split=True,
    )
    column = rows[0].index("form_version")
    for row in rows[1:]:
        row[column] = "0.9.0"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    out = tmp_path / "responses.jsonl"
    argv = ["--from", "kobo", "--questionnaire", STRESS, "--lang", lang, "--out", out]
    run = cli("import", export, *argv)
    assert run.code == 1
    more, problems, closing = THOUSANDS[lang]
    lines = run.err.splitlines()
    assert f"{export} form_version: {more}" in lines, run.err
    assert lines[-3:-1] == [problems, closing.format(out=out)], run.err


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_blank_region_or_consent_is_said_of_the_cell_not_of_an_answers_file(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    # The answers-file rules would advise "add 'region:' under profile, or use --region",
    # an option `import` has not: the import says what to do with the export's cell.
    export, out, column, run = import_blanking(
        cli, tmp_path, forms, f"region-{name}", "profile/profile_region", {2: ""}
    )
    assert run.code == 1
    assert f"{export}:2:{column} profile/profile_region: {M.IMPORT_PROFILE_BLANK}\n" in run.err
    assert "--region" not in run.err
    export, out, column, run = import_blanking(
        cli, tmp_path, forms, f"consent-{name}", "profile_consent", {3: ""}
    )
    assert run.code == 1
    blank = M.IMPORT_CONSENT_BLANK.format(yes="yes", no="no")  # the form's codes
    assert f"{export}:3:{column} profile_consent: {blank}\n" in run.err
    assert "consent: true" not in run.err
    assert f"3 responses imported into {out}, 1 row refused\n" in run.err


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_odk_id_of_its_prefix_alone_is_as_blank_as_an_empty_cell(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    # ODK writes instance ids `uuid:<uuid>`: `uuid:` alone names no submission, and made the
    # respondent `odk-`, whom a second such row then "gave twice"
    rows = odk_rows(forms[STRESS]["xlsform"], known_answers(STRESS, 3))
    key = rows[0].index("KEY")
    rows[1][key] = rows[2][key] = "uuid:"
    export = write_csv(tmp_path / "odk.csv", rows)
    run = run_import(cli, export, "odk", tmp_path / name)
    assert run.code == 1
    for row in (2, 3):
        assert f"{export}:{row}:{key + 1} KEY: {M.IMPORT_BLANK_ID}\n" in run.err, run.err
    assert "given twice" not in run.err
    assert ids(tmp_path / name) == ["odk-00000000-0000-0000-0000-000000000003"]


def test_a_blank_limesurvey_consent_asks_for_limesurveys_own_codes(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    rows = limesurvey_export(forms, 3)
    column = rows[0].index("profileConsent")
    rows[1][column] = ""
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = run_import(cli, export, "limesurvey", tmp_path / "r.jsonl")
    assert run.code == 1
    blank = M.IMPORT_CONSENT_BLANK.format(yes="Y", no="N")
    assert f"{export}:2:{column + 1} profileConsent: {blank}\n" in run.err, run.err


def test_the_import_says_everything_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """--lang (the respondents' language where the export does not record it) is also the
    language of the import's messages: the rows refused and the lines that end it, as a
    stopping error already was."""
    rows = kobo_export(forms, 2)
    rows[1][rows[0].index("profile/profile_group")] = "business"
    export = write_kobo(tmp_path / "kobo.csv", rows)

    def run(lang: str, out: Path) -> Run:
        return cli("import", export, "--from", "kobo", "--questionnaire", STRESS,
                   "--lang", lang, "--out", out)  # fmt: skip

    english, german = run("en", tmp_path / "en"), run("de", tmp_path / "de")
    assert english.code == german.code == 1
    (en_problem, *_), (de_problem, *_) = english.err.splitlines(), german.err.splitlines()
    where = f"{export}:2:"
    assert en_problem.startswith(where) and de_problem.startswith(where)
    assert "is not a stakeholder group" in en_problem and de_problem != en_problem
    assert english.err.endswith(f"1 response imported into {tmp_path / 'en'}, 1 row refused\n")
    assert german.err.endswith(f"1 Antwort in {tmp_path / 'de'} importiert, 1 Zeile abgelehnt\n"), (
        german.err
    )
    rows[1][rows[0].index("profile/profile_group")] = "industry"
    export = write_kobo(tmp_path / "kobo.csv", rows)
    assert run("de", tmp_path / "de").code == 0
    again = run("de", tmp_path / "de")
    said = translator("de").message(M.IMPORT_ALL_THERE.format(out=tmp_path / "de"))
    assert again.code == 0 and again.err == f"{said}\n"


#: What each language says of a LimeSurvey export without the question alignmentNational's
#: column and without its submission dates, word for word: the advice too, with LimeSurvey's
#: menus and options as its own translation names them (LimeSurvey 6.4.2, locale/*/*.mo; its
#: Slovenian has no "Export responses", which its Slovenian interface shows in English).
ADVICE_SAID = {
    "de": [
        "der Export hat keine Spalte für die Frage 'alignment_national'; exportieren Sie alle "
        "Fragen (in LimeSurvey: Antworten > Export > Antworten exportieren; dort unter „Spalten“ "
        "alle Spalten auswählen, „Fragen exportieren als“ auf „Fragencode“ und „Antworten "
        "exportieren als“ auf „Antwortcodes“ stellen)",
        "der Export hat keine Spalte submitdate (das Datum, an dem jede Antwort abgeschlossen "
        "wurde); exportieren Sie erneut mit dieser Spalte (in LimeSurvey unter Antworten > Export "
        "> Antworten exportieren im Bereich „Spalten“ auswählen: „Antwort ID“, „Datum "
        "Abgeschickt“ und „Start-Sprache“)",
    ],
    "fr": [
        "l'export n'a pas de colonne pour la question 'alignment_national' ; exportez toutes les "
        "questions (dans LimeSurvey : Réponses > Exporter > Exporter les réponses ; là, "
        "sélectionnez toutes les colonnes sous « Colonnes », réglez « Exporter les questions en "
        "tant que » sur « Code de la question » et « Exporter les réponses en tant que » sur "
        "« Codes de réponses »)",
        "l'export n'a pas de colonne submitdate (la date à laquelle chaque réponse a été "
        "complétée) ; exportez de nouveau avec cette colonne (dans LimeSurvey, dans Réponses > "
        "Exporter > Exporter les réponses, sélectionnez-la sous « Colonnes » : « ID de la "
        "réponse », « Date de soumission » et « Langue de départ »)",
    ],
    "it": [
        "l'esportazione non ha una colonna per la domanda 'alignment_national'; esporti tutte le "
        "domande (in LimeSurvey: Risposte > Esportare > Esportare le risposte; lì selezioni tutti "
        "i campi in «Campi della tabella delle risposte» e imposti «Esporta domande come» su "
        "«Codice domanda» ed «Esporta le risposte come» su «Codice risposta»)",
        "l'esportazione non ha la colonna submitdate (la data in cui ogni risposta è stata "
        "completata); esporti di nuovo con questa colonna (in LimeSurvey, in Risposte > Esportare "
        "> Esportare le risposte, la selezioni in «Campi della tabella delle risposte»: «ID "
        "risposta», «Data invio» e «Lingua iniziale»)",
    ],
    "sl": [
        "izvoz nima stolpca za vprašanje 'alignment_national'; izvozite vsa vprašanja (v orodju "
        "LimeSurvey: Odzivi > Izvoz > Export responses – ta ukaz je tudi v slovenskem vmesniku v "
        "angleščini; tam pod »Stolpci« izberite vse stolpce, »Izvozi vprašanja kot« nastavite na "
        "»Koda vprašanja«, »Izvozi odgovore kot« pa na »Kode odgovorov«)",
        "izvoz nima stolpca submitdate (datum, ko je bil posamezen odgovor dokončan); izvozite "
        "znova s tem stolpcem (v LimeSurvey v Odzivi > Izvoz > Export responses – ta ukaz je tudi "
        "v slovenskem vmesniku v angleščini – ga izberite pod »Stolpci«: »ID odziva«, »Datum "
        "oddaje ankete« in »Začetni jezik«)",
    ],
}


@pytest.mark.parametrize("lang", sorted(ADVICE_SAID))
def test_the_advice_on_exporting_again_is_said_in_the_language_of_the_message(
    cli: Cli, tmp_path: Path, forms: Forms, lang: str
) -> None:
    """A German user got a German sentence with an English one inside it: the advice on
    where to export again (ADVICE, KEEP) was English in every language. It is said in the
    language of --lang, naming the tool's menus as the tool shows them in that language."""
    rows = drop(drop(limesurvey_export(forms, 2), "alignmentNational"), "submitdate")
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = cli("import", export, "--from", "limesurvey", "--questionnaire", STRESS,
              "--lang", lang, "--out", tmp_path / "responses.jsonl")  # fmt: skip
    assert run.code == 1
    missing, submitted = ADVICE_SAID[lang]
    assert run.err.splitlines()[:2] == [
        f"{export}:1 alignmentNational: {missing}",
        f"{export}:1 submitdate: {submitted}",
    ], run.err
    for english in (ADVICE["limesurvey"], KEEP["limesurvey"], "Responses", "Columns"):
        assert str(english) not in run.err


@pytest.mark.parametrize("lang", ["de", "fr", "it", "sl"])
@pytest.mark.parametrize(
    ("tool", "dropped"),
    [
        ("kobo", ["_uuid", "role_of_clusters/clusters_in_edp"]),
        ("odk", ["KEY", "meta-instanceID", "profile-profile_region"]),
    ],
)
def test_each_tools_advice_is_said_in_the_language_of_the_message(
    cli: Cli, tmp_path: Path, forms: Forms, tool: Tool, dropped: list[str], lang: str
) -> None:
    """KoboToolbox's and ODK Central's advice too; where the tool has no interface in the
    language (KoboToolbox in Italian and Slovenian, ODK Central in Slovenian), its English
    names are given and said to be the English ones."""
    rows = kobo_export(forms, 2) if tool == "kobo" else odk_rows(
        forms[STRESS]["xlsform"], known_answers(STRESS, 2)
    )  # fmt: skip
    for heading in dropped:
        rows = drop(rows, heading)
    export = write_kobo(tmp_path / "e.csv", rows) if tool == "kobo" else write_csv(
        tmp_path / "e.csv", rows
    )  # fmt: skip
    run = cli("import", export, "--from", tool, "--questionnaire", STRESS,
              "--lang", lang, "--out", tmp_path / "responses.jsonl")  # fmt: skip
    assert run.code == 1
    said = translator(lang)
    for advice in (ADVICE[tool], KEEP[tool]):
        assert str(advice) not in run.err
        assert said.message(advice) != str(advice) and said.message(advice) in run.err
    untranslated = {
        ("kobo", "it"): "sono i nomi dell'interfaccia inglese, perché KoboToolbox non è "
        "disponibile in italiano",
        ("kobo", "sl"): "to so imena iz angleškega vmesnika, ker KoboToolbox ni na voljo v "
        "slovenščini",
        ("odk", "sl"): "to so imena iz angleškega vmesnika, ker ODK Central ni na voljo v "
        "slovenščini",
    }
    translated = {
        ("kobo", "de"): "Daten > Downloads, mit „Format für Werte und Kopfzeile“ auf „XML-Werte "
        "und -Kopfzeilen“",
        ("kobo", "fr"): "Données > Téléchargements du projet, avec « Format pour les valeurs et "
        "l'en-tête » réglé sur « Valeurs et en-tête XML »",
        ("odk", "de"): "im Formular Übermittlungen > Herunterladen",
        ("odk", "fr"): "dans le formulaire, Soumissions > Télécharger",
        ("odk", "it"): "nel formulario, Invii > Scaricare",
    }
    assert untranslated.get((tool, lang), translated.get((tool, lang), "")) in run.err, run.err
    english = {"kobo": "Value and header format", "odk": "Submissions"}[tool]
    assert ((tool, lang) in untranslated) == (english in run.err)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", M.IMPORT_EMPTY),
        (b"\xef\xbb\xbf", M.IMPORT_EMPTY),  # a byte order mark alone
        (b"\n\n_uuid;start\n", M.IMPORT_NO_HEADER),  # the headings not on line 1
    ],
)
def test_an_empty_file_is_said_to_be_empty_and_one_without_headings_so(
    cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    export = tmp_path / "kobo.csv"
    export.write_bytes(content)
    run = run_import(cli, export, "kobo", tmp_path / "responses")
    assert run.code == 1
    assert run.err == f"{export}:1: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kobo.csv"]


# -- the option and place columns a question is read from ---------------------------------

NEEDS = "stakeholder-needs"


def needs_export(path: Path, forms: Forms, tool: str, without: list[str]) -> Path:
    """An export of the needs questionnaire (a ranking, `top_needs`: respondent 4 gives its 5
    places) as `tool` writes it, without the columns `without`."""
    docs = known_answers(NEEDS, 4)
    if tool == "kobo":
        rows, write = kobo_rows(forms[NEEDS]["xlsform"], docs, groups=True, split=True), write_kobo
    elif tool == "odk":
        rows, write = odk_rows(forms[NEEDS]["xlsform"], docs), write_csv
    else:
        rows, write = limesurvey_rows(forms[NEEDS]["limesurvey"], docs), write_limesurvey
    for heading in without:
        rows = drop(rows, heading)
    return write(path, rows)


def export_without(path: Path, forms: Forms, tool: str, without: list[str]) -> Path:
    """`tool_export` of the stress test (3 known answers) without the columns `without`."""
    if tool == "kobo":
        rows, write = kobo_export(forms, 3), write_kobo
    elif tool == "odk":
        rows, write = odk_rows(forms[STRESS]["xlsform"], known_answers(STRESS, 3)), write_csv
    else:
        rows, write = limesurvey_export(forms, 3), write_limesurvey
    for heading in without:
        rows = drop(rows, heading)
    return write(path, rows)


@pytest.mark.parametrize(
    ("questionnaire", "tool", "dropped", "heading", "what"),
    [
        # respondent 1 ticked health and life sciences: the tick was lost, exit 0
        (STRESS, "limesurvey", [], "priorityDomains[healthLifeSciences]",
         "the option 'health_life_sciences' of the question 'priority_domains'"),
        # respondents 1 and 2 ticked it: a question shown by it was said to be hidden
        (STRESS, "limesurvey", [], "priorityDomains[energyGreenTech]",
         "the option 'energy_green_tech' of the question 'priority_domains'"),
        # KoboToolbox's "separate columns" (no summary column) and ODK Central's without it
        (STRESS, "kobo", ["role_of_clusters/priority_domains"],
         "role_of_clusters/priority_domains/health_life_sciences",
         "the option 'health_life_sciences' of the question 'priority_domains'"),
        (STRESS, "odk", ["role_of_clusters-priority_domains"],
         "role_of_clusters-priority_domains/energy_green_tech",
         "the option 'energy_green_tech' of the question 'priority_domains'"),
        # a ranking's places: the second given by every respondent, the fifth by respondent 4
        (NEEDS, "limesurvey", [], "topNeeds[2]", "place 2 of the question 'top_needs'"),
        (NEEDS, "limesurvey", [], "topNeeds[5]", "place 5 of the question 'top_needs'"),
        (NEEDS, "kobo", [], "needs/top_needs/top_needs_5", "place 5 of the question 'top_needs'"),
        (NEEDS, "odk", [], "needs-top_needs-top_needs_2", "place 2 of the question 'top_needs'"),
    ],
)  # fmt: skip
def test_an_option_or_place_column_left_out_is_refused_once_naming_its_heading(
    cli: Cli, tmp_path: Path, forms: Forms, questionnaire: str, tool: str, dropped: list[str],
    heading: str, what: str,
) -> None:  # fmt: skip
    """A multiple choice read from one column per option, or a ranking from one per place:
    without one of them the options ticked there, or the places given there, would be lost
    from the responses (or the questions they show said to be hidden), so the export is
    refused whole, as an export without a question's column is."""
    make = export_without if questionnaire == STRESS else needs_export
    export = make(tmp_path / f"{tool}.csv", forms, tool, [*dropped, heading])
    message = M.IMPORT_COLUMN_MISSING.format(what=what, tool=TOOL_NAMES[tool], advice=ADVICE[tool])
    for name in OUTPUTS:
        out = tmp_path / name
        run = cli("import", export, "--from", tool, "--questionnaire", questionnaire, "--out", out)
        assert run.code == 1
        assert run.err == f"{export}:1 {heading}: {message}\n"
        assert not out.exists()


def test_option_columns_beside_a_summary_column_may_be_left_out(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """KoboToolbox's "single and separate columns" and ODK Central's split columns: the
    summary column says what was chosen, and the option columns beside it are only checked
    against it, so the same responses are imported without one of them."""
    for tool, summary in [
        ("kobo", "role_of_clusters/priority_domains"),
        ("odk", "role_of_clusters-priority_domains"),
    ]:
        whole = export_without(tmp_path / f"{tool}.csv", forms, tool, [])
        part = export_without(tmp_path / f"{tool}-part.csv", forms, tool, [
            f"{summary}/health_life_sciences", f"{summary}/energy_green_tech"
        ])  # fmt: skip
        for name in OUTPUTS:
            for export in (whole, part):
                run = run_import(cli, export, tool, tmp_path / f"{export.stem}-{name}")
                assert run.code == 0, run.err
            found = [
                load_responses([tmp_path / f"{export.stem}-{name}"])[0] for export in (whole, part)
            ]
            answers = [
                sorted((r.response.respondent.id, r.response.answers) for r in f) for f in found
            ]
            assert answers[0] == answers[1]
            assert "health_life_sciences" in str(answers[1])


# -- the language of the responses ---------------------------------------------------------


def languages(out: Path) -> list[str]:
    responses, problems = load_responses([out])
    assert problems == []
    return sorted(r.response.language for r in responses)


def test_a_limesurvey_export_without_startlanguage_is_refused_unless_lang_gives_it(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """Respondents who answered in German or French were recorded as answering in English:
    LimeSurvey exports each response's language (startlanguage) with every question, so an
    export without it is refused once, naming it, unless --lang says the language every
    respondent answered in."""
    export = tool_export(tmp_path / "ls.csv", forms, "limesurvey", 3, without="startlanguage")
    for name in OUTPUTS:
        run = run_import(cli, export, "limesurvey", tmp_path / name)
        assert run.code == 1
        message = M.IMPORT_LANGUAGE_COLUMN_MISSING.format(column="startlanguage", advice=KEEP[
            "limesurvey"
        ])  # fmt: skip
        assert run.err == f"{export}:1 startlanguage: {message}\n"
        assert "'Start language'" in run.err and "--lang" in run.err
        assert not (tmp_path / name).exists()
        given = cli("import", export, "--from", "limesurvey", "--questionnaire", STRESS,
                    "--lang", "de", "--out", tmp_path / f"de-{name}")  # fmt: skip
        assert given.code == 0, given.err
        assert languages(tmp_path / f"de-{name}") == ["de", "de", "de"]
    # with the column, each response keeps its own language
    whole = tool_export(tmp_path / "whole.csv", forms, "limesurvey", 3)
    assert run_import(cli, whole, "limesurvey", tmp_path / "whole.jsonl").code == 0
    assert languages(tmp_path / "whole.jsonl") == ["de", "en", "fr"]


@pytest.mark.parametrize("tool", ["kobo", "odk"])
def test_kobo_and_odk_record_no_language_and_lang_gives_it(
    cli: Cli, tmp_path: Path, forms: Forms, tool: str
) -> None:
    export = tool_export(tmp_path / f"{tool}.csv", forms, tool, 3)
    assert run_import(cli, export, tool, tmp_path / "default.jsonl").code == 0
    assert languages(tmp_path / "default.jsonl") == ["en", "en", "en"]
    run = cli("import", export, "--from", tool, "--questionnaire", STRESS, "--lang", "fr",
              "--out", tmp_path / "fr.jsonl")  # fmt: skip
    assert run.code == 0, run.err
    assert languages(tmp_path / "fr.jsonl") == ["fr", "fr", "fr"]


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_survey_id_that_is_no_whole_number_is_refused_at_its_cell(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """LimeSurvey fills the hidden question surveyId with the survey's id, a whole number:
    `{SID}` saved unworked, or an edited cell, would give ids that tell no survey apart
    (two surveys' `ls-1` alike), so such a row is refused at that cell; a leading zero
    is the same survey."""
    structure = forms[STRESS]["limesurvey"]
    answers = known_answers(STRESS, 3)
    rows = limesurvey_rows(structure, answers, survey="{SID}")
    rows[3][rows[0].index("surveyId")] = f"0{SURVEY_ID}"
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = run_import(cli, export, "limesurvey", tmp_path / name)
    assert run.code == 1
    column = rows[0].index("surveyId") + 1
    said = M.IMPORT_SURVEY_ID.format(value="{SID}")
    for row in (2, 3):
        assert f"{export}:{row}:{column} surveyId: {said}" in run.err, run.err
    assert ids(tmp_path / name) == [f"ls-{SURVEY_ID}-3"]


def test_limesurvey_place_columns_below_the_rankings_top_may_be_left_out(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """A LimeSurvey ranking has a place column per option (topNeeds[1] to [12]), but no
    answer ranks an option below `top` (5): an export without places 6 to 12 (a survey
    that limits them) holds every answer and is read."""
    rows = limesurvey_rows(forms[NEEDS]["limesurvey"], known_answers(NEEDS, 3))
    for place in range(6, 13):
        rows = drop(rows, f"topNeeds[{place}]")
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = cli("import", export, "--from", "limesurvey", "--questionnaire", NEEDS,
              "--out", tmp_path / "r.jsonl")  # fmt: skip
    assert run.code == 0, run.err
    assert len(ids(tmp_path / "r.jsonl")) == 3


@pytest.mark.parametrize("sep", [".", ":"])
def test_kobo_separate_option_columns_are_read_with_any_group_separator(
    cli: Cli, tmp_path: Path, forms: Forms, sep: str
) -> None:
    """KoboToolbox joins a select_multiple's option column to its question with the group
    separator chosen for the export (formpack: label + group_sep + option): with `.` or `:`
    and "separate columns" (no summary column), every tick is read, as with `/`."""
    rows = kobo_rows(forms[STRESS]["xlsform"], known_answers(STRESS, 3), groups=True, split=True)
    summary = "role_of_clusters/priority_domains"
    slashed = write_kobo(tmp_path / "slash.csv", drop(rows, summary))
    header = [h.replace("/", sep) if "/" in h else h for h in drop(rows, summary)[0]]
    other = write_kobo(tmp_path / "other.csv", [header, *drop(rows, summary)[1:]])
    for export, out in ((slashed, "slash.jsonl"), (other, "other.jsonl")):
        run = run_import(cli, export, "kobo", tmp_path / out)
        assert run.code == 0, run.err
    assert (tmp_path / "other.jsonl").read_text() == (tmp_path / "slash.jsonl").read_text()


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_blank_limesurvey_language_cell_is_refused_unless_lang_gives_it(
    cli: Cli, tmp_path: Path, forms: Forms, name: str
) -> None:
    """LimeSurvey writes each response's language in startlanguage; a blank cell (an edited
    export) would make it the questionnaire's default language, as a missing column would."""
    rows = limesurvey_export(forms, 3)
    column = rows[0].index("startlanguage")
    rows[2][column] = ""
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = run_import(cli, export, "limesurvey", tmp_path / name)
    assert run.code == 1
    assert f"{export}:3:{column + 1} startlanguage: {M.IMPORT_LANGUAGE_BLANK}\n" in run.err
    assert len(ids(tmp_path / name)) == 2
    given = cli("import", export, "--from", "limesurvey", "--questionnaire", STRESS,
                "--lang", "fr", "--out", tmp_path / f"fr-{name}")  # fmt: skip
    assert given.code == 0, given.err
    responses, _ = load_responses([tmp_path / f"fr-{name}"])
    languages = {r.response.respondent.id: r.response.language for r in responses}
    assert languages[f"ls-{SURVEY_ID}-2"] == "fr"


def test_a_limesurvey_response_with_and_without_its_survey_id_is_one_response(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """The same LimeSurvey export with the surveyId column left out (`ls-1`) and with it
    (`ls-<survey>-1`): its responses are found there already (the same time started), in
    either order, never written a second time under the other id, which score would count
    twice."""
    structure, answers = forms[STRESS]["limesurvey"], known_answers(STRESS, 3)
    without = write_limesurvey(tmp_path / "a.csv", limesurvey_rows(structure, answers, survey=None))
    with_id = write_limesurvey(tmp_path / "b.csv", limesurvey_rows(structure, answers))
    for first, second in ((without, with_id), (with_id, without)):
        out = tmp_path / f"from-{first.stem}"
        assert run_import(cli, first, "limesurvey", out).code == 0
        before = {p: p.read_bytes() for p in out.iterdir()}
        run = run_import(cli, second, "limesurvey", out)
        assert run.code == 1
        assert run.err.endswith(
            f"0 responses imported into {out}, 3 there already with other content "
            "(not overwritten)\n"
        ), run.err
        assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_a_missing_option_column_is_said_whole_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, forms: Forms
) -> None:
    """The message's parts (what the column was to hold) are translated with it."""
    rows = drop(limesurvey_export(forms, 2), "priorityDomains[healthLifeSciences]")
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    run = cli("import", export, "--from", "limesurvey", "--questionnaire", STRESS,
              "--lang", "de", "--out", tmp_path / "r.jsonl")  # fmt: skip
    assert run.code == 1
    assert (
        "der Export hat keine Spalte für die Option 'health_life_sciences' der Frage "
        "'priority_domains'"
    ) in run.err, run.err


def as_labels(rows: list[list[str]], tool: Tool, lang: str) -> list[list[str]]:
    """The export with each answer of a single choice, scale or yes/no question written as
    its label in `lang`, as an export with labels as values has it (KoboToolbox's 'Value and
    header format' set to a language, LimeSurvey's 'Full answers'); the column of each
    question is found by the import's own reading of the headings."""
    from s3engine.i18n.texts import builtin, pick
    from s3engine.interop.imports import layout_for
    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.questionnaire.model import ScaleQuestion, SingleChoice, YesNo

    q, _ = load_questionnaire(STRESS)
    layout = layout_for(q, tool, rows[0], "export.csv", lang=lang)
    label_of: dict[int, dict[str, str]] = {}
    for index, (kind, key, _) in layout.columns.items():
        question = q.question_index.get(key) if kind == "answer" else None
        if isinstance(question, YesNo):
            yes, no = (layout.yes, layout.no)
            label_of[index] = {yes: builtin("survey.yes", lang), no: builtin("survey.no", lang)}
        elif isinstance(question, SingleChoice | ScaleQuestion):
            decode = {value: code for (qid, code), value in layout.decode.items() if qid == key}
            labels = {o.value: pick(o.label, lang, "en") for o in q.options_of(question)}
            scale = q.scale_of(question)
            points = scale.points if scale is not None else []
            labels |= {p.value: pick(p.label, lang, "en") for p in points}
            label_of[index] = {code: labels[value] for value, code in decode.items()}
    return [rows[0]] + [
        [label_of.get(i, {}).get(cell, cell) for i, cell in enumerate(row)] for row in rows[1:]
    ]


@pytest.mark.parametrize("out", OUTPUTS)
@pytest.mark.parametrize(
    ("tool", "advice"),
    [("kobo", M.IMPORT_CODES_KOBO), ("limesurvey", M.IMPORT_CODES_LIMESURVEY)],
    ids=["kobo", "limesurvey"],
)
def test_an_export_of_labels_as_values_is_refused_once_saying_how_to_export_codes(
    cli: Cli, tmp_path: Path, forms: Forms, tool: Tool, advice: str, out: str
) -> None:
    """An export made with labels where the answers' codes belong (KoboToolbox's 'Value
    and header format' set to a language, which is offered first; LimeSurvey's 'Full
    answers') is refused in one message at its first label, saying which setting gives the
    codes, and nothing is written: not a message for every answer of every row."""
    rows = kobo_export(forms, 6) if tool == "kobo" else limesurvey_export(forms, 6)
    write = write_kobo if tool == "kobo" else write_limesurvey
    export = write(tmp_path / "labels.csv", as_labels(rows, tool, "en"))
    target = tmp_path / "new" / out
    run = run_import(cli, export, tool, target)
    assert run.code == 1, run.err
    (line,) = run.err.splitlines()
    assert line.startswith(f"{export}:2:") and "the answers in this export are labels" in line
    assert line.endswith(str(advice)), line
    assert not (tmp_path / "new").exists()
    german = cli("import", export, "--from", tool, "--questionnaire", STRESS,
                 "--lang", "de", "--out", target)  # fmt: skip
    assert german.code == 1 and german.err.count("\n") == 1
    assert translator("de").message(advice) in german.err, german.err


@pytest.mark.parametrize("out", OUTPUTS)
def test_a_label_in_an_export_of_codes_is_said_at_its_cell_and_the_other_rows_imported(
    cli: Cli, tmp_path: Path, forms: Forms, out: str
) -> None:
    """One cell holding a label (typed over in a spreadsheet) is no export of labels: its
    row is refused at that cell, naming the code to write, a yes/no question's label too;
    the other rows are imported."""
    rows = kobo_export(forms, 4)
    labelled = as_labels(rows, "kobo", "de")
    yes_no = rows[0].index("alignment/cooperation_agreements_exist")
    rows[2][yes_no] = labelled[2][yes_no]
    export = write_kobo(tmp_path / "kobo.csv", rows)
    run = run_import(cli, export, "kobo", tmp_path / out)
    assert run.code == 1
    code = "yes" if labelled[2][yes_no] == "Ja" else "no"
    said = M.IMPORT_LABEL_NOT_CODE.format(value=labelled[2][yes_no], code=code)
    assert f"{export}:3:{yes_no + 1} " in run.err and said in run.err, run.err
    assert len(ids(tmp_path / out)) == 3


@pytest.mark.parametrize("out", OUTPUTS)
def test_limesurvey_times_are_read_in_the_zone_timezone_names(
    cli: Cli, tmp_path: Path, forms: Forms, out: str
) -> None:
    """LimeSurvey writes its server's local time without a zone: --timezone names the
    zone, in winter and in summer time (read as UTC without it, as before)."""
    rows = limesurvey_export(forms, 2)
    header = rows[0]
    for row, day in zip(rows[1:], ("2025-03-14", "2025-07-14"), strict=True):
        row[header.index("startdate")] = f"{day} 10:00:00"
        row[header.index("datestamp")] = row[header.index("submitdate")] = f"{day} 10:15:30"
    export = write_limesurvey(tmp_path / "ls.csv", rows)

    def submitted(zone: list[str], name: str) -> list[tuple[str, str]]:
        target = tmp_path / name / out
        run = cli("import", export, "--from", "limesurvey", "--questionnaire", STRESS,
                  *zone, "--out", target)  # fmt: skip
        assert run.code == 0, run.err
        responses, _ = load_responses([target])
        found = sorted((r.response.started, r.response.submitted) for r in responses)
        return [(a.isoformat(), b.isoformat()) for a, b in found]

    assert submitted(["--timezone", "Europe/Vienna"], "vienna") == [
        ("2025-03-14T09:00:00+00:00", "2025-03-14T09:15:30+00:00"),  # CET, UTC+1
        ("2025-07-14T08:00:00+00:00", "2025-07-14T08:15:30+00:00"),  # CEST, UTC+2
    ]
    assert submitted([], "utc") == [
        ("2025-03-14T10:00:00+00:00", "2025-03-14T10:15:30+00:00"),
        ("2025-07-14T10:00:00+00:00", "2025-07-14T10:15:30+00:00"),
    ]


def test_timezone_names_are_known_on_a_machine_without_a_zone_database(
    tmp_path: Path, forms: Forms
) -> None:
    """Windows has no system database of time zones: the names come from the `tzdata`
    package then (a dependency of s3engine's). Here the system's database is hidden from
    the import's process (PYTHONTZPATH empty), and Europe/Vienna is still known."""
    rows = limesurvey_export(forms, 1)
    header = rows[0]
    rows[1][header.index("startdate")] = "2025-07-14 10:00:00"
    rows[1][header.index("datestamp")] = rows[1][header.index("submitdate")] = "2025-07-14 10:15:30"
    export = write_limesurvey(tmp_path / "ls.csv", rows)
    target = tmp_path / "r.jsonl"
    env = {**os.environ, "PYTHONTZPATH": ""}
    run = subprocess.run(
        [sys.executable, "-m", "s3engine", "import", str(export), "--from", "limesurvey",
         "--questionnaire", str(STRESS), "--timezone", "Europe/Vienna", "--out", str(target)],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    responses, _ = load_responses([target])
    assert [r.response.started.isoformat() for r in responses] == ["2025-07-14T08:00:00+00:00"]


@pytest.mark.parametrize(
    ("tool", "zone", "message"),
    [
        ("limesurvey", "Europe/Viena", M.IMPORT_UNKNOWN_ZONE),
        ("limesurvey", "../etc/passwd", M.IMPORT_UNKNOWN_ZONE),
        ("limesurvey", "Europe", M.IMPORT_UNKNOWN_ZONE),
        ("kobo", "Europe/Vienna", M.IMPORT_ZONE_NOT_FOR_TOOL.format(tool="KoboToolbox")),
    ],
)
def test_an_unknown_timezone_or_one_for_another_tool_is_a_usage_error(
    cli: Cli, tmp_path: Path, forms: Forms, tool: str, zone: str, message: str
) -> None:
    rows = limesurvey_export(forms, 1) if tool == "limesurvey" else kobo_export(forms, 1)
    export = (write_limesurvey if tool == "limesurvey" else write_kobo)(tmp_path / "e.csv", rows)
    run = cli("import", export, "--from", tool, "--questionnaire", STRESS,
              "--timezone", zone, "--out", tmp_path / "r")  # fmt: skip
    assert run.code == 2
    assert run.err == f"s3engine: --timezone {zone}: {message}\n"
    assert not (tmp_path / "r").exists()
