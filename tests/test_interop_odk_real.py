"""Downloads of a real ODK Central (tests/odk/README.md) come back as answered.

The other ODK tests write exports as Central's code lays them out (interop_exports.py
`odk_rows`); these files were downloaded from ODK Central itself (central-backend
v2026.2.2), from the forms `s3engine convert --to xlsform` wrote, submitted to as ODK
Collect submits, with the options of Central's *Download Submissions* dialog
(scripts/odk_central_roundtrip.py).
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Cli
from interop_exports import (
    RECORDED,
    comes_back_as_given,
    current_copy,
    given_answers,
    password_flagged,
)
from test_interop import score_json

from s3engine.core import messages as M
from s3engine.core.findings import S3Error
from s3engine.interop.tables import open_table
from s3engine.questionnaire.checks import load_questionnaire

EXPORTS = REPO / "tests" / "odk"
#: the downloads kept of each questionnaire (tests/odk/README.md)
KINDS = ("main.csv", "main-split.csv", "main-nogroups.csv", "main-nogroups-split.csv",
         "main-not-rejected.csv", "all-attachments.csv.zip", "encrypted-passphrase.csv",
         "encrypted-no-passphrase.csv")  # fmt: skip
FILES = sorted(p for p in EXPORTS.iterdir() if p.name.endswith((".csv", ".zip")))
#: every download with answers: the CSVs, and the zip as Central gives it (its main table read)
ANSWERED = [p for p in FILES if "no-passphrase" not in p.name]
#: the submission edited in Central and then rejected: left out by the download filtered on
#: the review state
REJECTED = "odk-00000000-0000-4000-8000-00000d4c0001"


def test_every_kind_of_export_is_kept() -> None:
    names = {p.name for p in FILES}
    assert names == {f"{name}-{kind}" for name in RECORDED for kind in KINDS}


@pytest.mark.parametrize("export", ANSWERED, ids=lambda p: p.name)
def test_a_central_download_comes_back_as_answered(cli: Cli, tmp_path: Path, export: Path) -> None:
    name, copy = current_copy(export, tmp_path)
    left_out = REJECTED if "not-rejected" in export.name else None
    count = 3 if left_out else 4
    for out in (tmp_path / "responses", tmp_path / "responses.jsonl"):
        comes_back_as_given(cli, copy, "odk", name, out, EXPORTS, imported=count,
                            left_out=left_out)  # fmt: skip


def test_an_edited_submission_keeps_the_id_of_its_first_version(cli: Cli, tmp_path: Path) -> None:
    """Central's KEY is the submission's first instance id; its meta-instanceID is the
    edit's own. The respondent is the KEY's, the same before the edit and after."""
    name, copy = current_copy(EXPORTS / "s3-stress-test-main.csv", tmp_path)
    header, *rows = csv.reader(io.StringIO(copy.read_text(encoding="utf-8")))
    (edited,) = [r for r in rows if r[header.index("Edits")] == "1"]
    key, instance = edited[header.index("KEY")], edited[header.index("meta-instanceID")]
    assert key != instance and edited[header.index("ReviewState")] == "rejected"
    out = tmp_path / "r.jsonl"
    assert cli("import", copy, "--from", "odk", "--questionnaire", name, "--out", out).code == 0
    ids = {json.loads(line)["respondent"]["id"] for line in out.read_text("utf-8").splitlines()}
    assert f"odk-{key.removeprefix('uuid:')}" == REJECTED and REJECTED in ids
    assert f"odk-{instance.removeprefix('uuid:')}" not in ids


def test_the_stress_test_scores_as_the_same_answers_given_to_survey(
    cli: Cli, tmp_path: Path
) -> None:
    name, copy = current_copy(EXPORTS / "s3-stress-test-main.csv", tmp_path)
    imported = tmp_path / "imported"
    run = cli("import", copy, "--from", "odk", "--questionnaire", name, "--out", imported)
    assert run.code == 0, run.output
    q = load_questionnaire(name)[0]
    twin = tmp_path / "twin"
    for number, doc in enumerate(given_answers(EXPORTS, name).values()):
        given = tmp_path / f"answers-{number}.yaml"
        profile = {k: v for k, v in doc["respondent"].items() if v}
        answers = {"language": q.default_language, "consent": True, "profile": profile,
                   "answers": doc["answers"]}  # fmt: skip
        given.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
        run = cli("survey", name, "--answers", given, "--out", twin)
        assert run.code == 0, run.output
    assert score_json(cli, imported)["regions"] == score_json(cli, twin)["regions"]


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_a_download_without_the_passphrase_is_refused_once_per_row(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    """A project with managed encryption, downloaded without its passphrase: Central writes
    each submission's KEY and metadata, `Status` "not decrypted", and no answers (not even
    the form's version: FormVersion is Central's, with `[encrypted:...]` added). Each row is
    refused in one message at its Status cell that asks for the passphrase, not as answers
    missing or a form version of other content."""
    _, copy = current_copy(EXPORTS / f"{name}-encrypted-no-passphrase.csv", tmp_path)
    header = next(csv.reader(io.StringIO(copy.read_text(encoding="utf-8"))))
    status = header.index("Status") + 1
    for out in (tmp_path / "r", tmp_path / "r.jsonl"):
        run = cli("import", copy, "--from", "odk", "--questionnaire", name, "--out", out)
        assert run.code == 1
        said = M.IMPORT_ODK_NOT_DECRYPTED.format(status="not decrypted")
        lines = [line for line in run.err.splitlines() if line.startswith(f"{copy}:")]
        assert lines == [f"{copy}:{row}:{status} Status: {said}" for row in range(2, 7)], run.err
        assert "5 rows refused" in run.output
        assert not out.exists()


# -- ODK Central's .zip download, read as it is downloaded --------------------------------


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def main_table(tmp_path: Path, name: str = "s3-stress-test") -> bytes:
    """The main table of Central's .zip download, with the current form version."""
    _, copy = current_copy(EXPORTS / f"{name}-all-attachments.csv.zip", tmp_path)
    with zipfile.ZipFile(copy) as archive:
        return archive.read(f"{name}.csv")


def test_the_main_table_is_read_from_a_zip_of_repeats_and_attachments(
    cli: Cli, tmp_path: Path
) -> None:
    """A form with repeats gives more tables (`FORM-REPEAT.csv`) and attachments (`media/`)
    in the .zip; the table whose headings fit the form is read, wherever it comes."""
    name = "s3-stress-test"
    repeat = b"entry,PARENT_KEY,KEY\nx,uuid:1,uuid:1/r[1]\n"
    archive = zipped(tmp_path / "all.zip", {f"{name}-entries.csv": repeat,
                                            f"{name}.csv": main_table(tmp_path),
                                            "media/1712345.jpg": b"\xff\xd8\xff"})  # fmt: skip
    comes_back_as_given(cli, archive, "odk", name, tmp_path / "r.jsonl", EXPORTS)


def test_a_zip_without_a_csv_at_its_top_says_what_it_holds(cli: Cli, tmp_path: Path) -> None:
    """An archive of a folder, of attachments alone, or of nothing: said so, with its first
    names, and what to do; never that it is "not an export" to be unpacked."""
    name = "s3-stress-test"
    table = main_table(tmp_path)
    cases = {
        "folder": ({f"download/{name}.csv": table}, f"'download/{name}.csv'"),
        "media": ({f"media/{n}.jpg": b"x" for n in range(5)},
                  "'media/0.jpg', 'media/1.jpg', 'media/2.jpg', ..."),
        "notes": ({"notes.txt": b"x", "media/": b""}, "'notes.txt', 'media/'"),
        # a name from the archive never makes a message of two lines
        "breaks": ({"export\nsecond line.txt": b"x", "n" * 50: b"x"},
                   "'export\\nsecond line.txt', '" + "n" * 40 + "...'"),
    }  # fmt: skip
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    expected = {empty: M.IMPORT_ZIP_EMPTY}
    for kind, (members, names) in cases.items():
        archive = zipped(tmp_path / f"{kind}.zip", members)
        expected[archive] = M.IMPORT_ZIP_NO_CSV.format(names=names)
    for archive, message in expected.items():
        run = cli("import", archive, "--from", "odk", "--questionnaire", name,
                  "--out", tmp_path / "r.jsonl")  # fmt: skip
        assert run.code == 1
        assert run.err.splitlines() == [f"{archive}: {message}"]
        assert "not an export" not in run.err
        assert not (tmp_path / "r.jsonl").exists()


def test_a_csv_in_a_zip_is_named_on_one_line_whatever_its_name(cli: Cli, tmp_path: Path) -> None:
    """Messages about the CSV read from an archive name it ARCHIVE/NAME, a line break in
    the name shown as \\n: one line per problem, whatever the archive holds."""
    archive = zipped(tmp_path / "odd.zip", {"form\nv2.csv": b"foo,bar\n1,2\n"})
    run = cli("import", archive, "--from", "odk", "--questionnaire", "s3-stress-test",
              "--out", tmp_path / "r.jsonl")  # fmt: skip
    assert run.code == 1
    [line] = run.err.splitlines()
    assert line.startswith(f"{archive}/form\\nv2.csv:1: "), run.err


def test_a_broken_zip_is_refused_in_one_message(cli: Cli, tmp_path: Path) -> None:
    """A download cut off, a member whose bytes changed (its checksum disagrees), one
    encrypted with a password: one message, nothing written, never a traceback."""
    name = "s3-stress-test"
    whole = zipped(tmp_path / "whole.zip", {f"{name}.csv": main_table(tmp_path)}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    changed = tmp_path / "changed.zip"
    stored = tmp_path / "stored.zip"  # uncompressed: a changed byte is read, then checked
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{name}.csv", main_table(tmp_path))
    data = bytearray(stored.read_bytes())
    at = data.index(b"role_of_clusters-clusters_in_edp")
    data[at] = ord("R")
    changed.write_bytes(bytes(data))
    for archive in (cut, changed):
        out = tmp_path / "r.jsonl"
        run = cli("import", archive, "--from", "odk", "--questionnaire", name, "--out", out)
        assert run.code == 1
        (line,) = run.err.splitlines()
        assert line.startswith(f"{archive}: the ZIP archive cannot be read ("), line
        assert line.endswith("download it again, or unpack it and import the CSV it holds")
        assert not out.exists()


def test_a_password_protected_zip_is_said_so_with_what_to_do(cli: Cli, tmp_path: Path) -> None:
    """zipfile reads no encrypted member: the user is told to unpack the archive with its
    password, in a message of its own (translated whole), not to download it again."""
    name = "s3-stress-test"
    locked = tmp_path / "locked.zip"  # the headers say "encrypted", as a password's zip does
    whole = zipped(tmp_path / "whole.zip", {f"{name}.csv": main_table(tmp_path)})
    locked.write_bytes(password_flagged(whole.read_bytes()))
    out = tmp_path / "r.jsonl"
    run = cli("import", locked, "--from", "odk", "--questionnaire", name, "--out", out)
    assert run.code == 1
    assert run.err.splitlines() == [f"{locked}: {M.IMPORT_ZIP_PASSWORD}"]
    assert "unpack it with its password" in run.err and "ZipInfo" not in run.err
    assert not out.exists()


def test_a_table_beside_the_export_that_cannot_be_read_leaves_the_export_read(
    cli: Cli, tmp_path: Path
) -> None:
    """Another CSV of the archive that zipfile cannot read (here one locked by a password,
    before the export) is passed over while the export is looked for: the export is read.
    The archive is refused only when the table it would read is the one it cannot read."""
    name = "s3-stress-test"
    members = {"a-locked.csv": b"entry,KEY\nx,uuid:1\n", f"{name}.csv": main_table(tmp_path)}
    archive = tmp_path / "two.zip"  # the first member's headers say "encrypted"
    archive.write_bytes(password_flagged(zipped(tmp_path / "both.zip", members).read_bytes()))
    comes_back_as_given(cli, archive, "odk", name, tmp_path / "r.jsonl", EXPORTS)


def test_a_zip_says_what_its_csv_would_say(cli: Cli, tmp_path: Path) -> None:
    """A CSV in a zip is read as the CSV itself: a file cut off inside a quoted cell, a
    byte that is not UTF-8 (in the headings or further on), headings of another table, a
    refused cell give the same messages, of the same lines and rows, naming the CSV inside
    the archive as `ARCHIVE/FORM.csv`, never the archive alone."""
    name = "s3-stress-test"
    data = main_table(tmp_path)
    opened = data.index(b'"=SUM')
    variants = {
        "cut": data[: opened + 30],
        "latin1": data.replace("hängt".encode(), "hängt".encode("latin-1")),
        "code": data.replace(b",more_than_yearly,", b",every_day,", 1),
        "headings": b"foo,bar\n1,2\n",
        "heading-latin1": "Zeitpunkt,hängt\n1,2\n".encode("latin-1"),
    }
    for kind, variant in variants.items():
        assert variant != data, kind
        plain = tmp_path / f"{kind}.csv"
        plain.write_bytes(variant)
        archive = zipped(tmp_path / f"{kind}.csv.zip", {f"{name}.csv": variant})
        said = []
        for path, shown in ((plain, plain), (archive, f"{archive}/{name}.csv")):
            out = tmp_path / "out.jsonl"
            run = cli("import", path, "--from", "odk", "--questionnaire", name, "--out", out)
            out.unlink(missing_ok=True)
            assert run.code == 1, (kind, run.output)
            assert f"{archive}:" not in run.err, run.err
            said.append(run.err.replace(str(shown), "FILE"))
        assert said[0] == said[1], kind
        assert said[0].startswith("FILE:"), said[0]


def test_a_zip_holding_a_csv_too_large_is_refused_before_it_is_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit of an export is the CSV's own size, which its zip does not show."""
    from s3engine.interop import tables

    name = "s3-stress-test"
    data = main_table(tmp_path)
    archive = zipped(tmp_path / "all.zip", {f"{name}.csv": data})
    assert archive.stat().st_size < 3000 < len(data)
    monkeypatch.setattr(tables, "MAX_IMPORT_BYTES", 3000)
    run = cli("import", archive, "--from", "odk", "--questionnaire", name,
              "--out", tmp_path / "r.jsonl")  # fmt: skip
    assert run.code == 1
    size = f"{len(data) / (1024 * 1024):.1f} MiB"
    message = M.EXPORT_TOO_LARGE.format(size=size, limit="0.0 MiB")
    assert run.err.splitlines() == [f"{archive}/{name}.csv: {message}"]
    assert not (tmp_path / "r.jsonl").exists()


def patched(archive: Path, header: bytes, at: int, change: Callable[[int], int]) -> Path:
    """`archive` with the byte `at` bytes into its first `header` (PK\\x03\\x04: a member's
    own header; PK\\x01\\x02: its entry in the archive's index) changed."""
    data = bytearray(archive.read_bytes())
    where = data.index(header) + at
    data[where] = change(data[where])
    archive.write_bytes(bytes(data))
    return archive


def test_a_zip_that_zipfile_cannot_read_is_refused_in_one_message(cli: Cli, tmp_path: Path) -> None:
    """A zip version zipfile does not read (its index says 19.3), a name flagged as UTF-8
    whose bytes are not, in the index or in the member's own header: one message naming
    the archive, exit code 1, never an internal error."""
    name = "s3-stress-test"
    table = main_table(tmp_path)
    cases = {  # a byte of the index (PK\x01\x02) or of the member's header (PK\x03\x04)
        "version": (b"PK\x01\x02", 6, lambda _: 193, "zip file version 19.3"),
        "index-name": (b"PK\x01\x02", 46, lambda _: 0xFF, "can't decode byte 0xff"),
        "header-name": (b"PK\x03\x04", 30, lambda _: 0xFF, "can't decode byte 0xff"),
    }
    flags = {"index-name": (b"PK\x01\x02", 9), "header-name": (b"PK\x03\x04", 7)}
    for kind, (header, at, change, reason) in cases.items():
        archive = zipped(tmp_path / f"{kind}.zip", {f"{name}.csv": table})
        patched(archive, header, at, change)
        if kind in flags:  # the name said to be UTF-8 (bit 11 of the flags)
            patched(archive, *flags[kind], lambda flag: flag | 0x08)
        out = tmp_path / "r.jsonl"
        run = cli("import", archive, "--from", "odk", "--questionnaire", name, "--out", out)
        assert run.code == 1, (kind, run.err)
        (line,) = run.err.splitlines()
        assert line.startswith(f"{archive}: the ZIP archive cannot be read ("), line
        assert reason in line, line
        assert not out.exists()
        # the member opened to be read, its headings not looked at first
        with pytest.raises(S3Error) as refused:
            for _ in open_table(archive).rows:
                pass
        assert [f.file for f in refused.value.findings] == [str(archive)]


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_a_zip_damaged_anywhere_is_refused_never_a_crash(tmp_path: Path, method: int) -> None:
    """Random bytes of a small download of two CSVs changed (a few at a time, seeded, a
    hundred variants per compression method) or cut off: opening it and reading all its
    rows gives the rows or one refusal (S3Error), never another exception."""
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", method) as archive:
        archive.writestr("form-repeat.csv", b"entry,PARENT_KEY,KEY\nx,uuid:1,uuid:1/r[1]\n")
        archive.writestr("form.csv", b"a,b,KEY\n" + b"1,two,uuid:%d\n" * 20 % tuple(range(20)))
    data = whole.read_bytes()
    rng = random.Random(f"zip-{method}")
    damaged = tmp_path / "damaged.zip"
    for variant in range(100):
        broken = bytearray(data)
        if variant % 10 == 9:
            broken = broken[: rng.randrange(4, len(data))]
        else:
            for _ in range(rng.randint(1, 4)):
                broken[rng.randrange(len(broken))] = rng.randrange(256)
        damaged.write_bytes(bytes(broken))
        try:
            table = open_table(damaged, lambda header: "KEY" in header and "a" in header)
            for _ in table.rows:
                pass
        except S3Error as refused:
            assert len(refused.findings) == 1, (variant, refused.findings)
            assert refused.findings[0].file.startswith(str(damaged)), refused.findings


def test_an_error_in_the_code_is_no_broken_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the archive's own reads are said to be a broken archive: an error of the code
    reading it (the caller's check of headings, the check of the CSV's columns) is not
    hidden behind "the ZIP archive cannot be read"."""
    from s3engine.interop import tables

    archive = zipped(tmp_path / "all.zip", {"form.csv": b"a,b\n1,2\n"})

    def fits(header: list[str]) -> bool:
        raise RuntimeError("a mistake in fits")

    with pytest.raises(RuntimeError, match="a mistake in fits"):
        open_table(archive, fits)

    def check(name: str, header: list[str]) -> None:
        raise RuntimeError("a mistake in _check_columns")

    monkeypatch.setattr(tables, "_check_columns", check)
    with pytest.raises(RuntimeError, match="a mistake in _check_columns"):
        open_table(archive)


def test_the_export_is_looked_for_among_the_first_max_zip_tables_csvs(
    cli: Cli, tmp_path: Path
) -> None:
    """A zip holding more CSVs than MAX_ZIP_TABLES (docs/interop.md): the export among the
    first of them is found and read; one after them is not looked for, and the first CSV,
    whose headings are not the form's, is refused by name."""
    from s3engine.interop.tables import MAX_ZIP_TABLES

    name = "s3-stress-test"
    table = main_table(tmp_path)
    others = {f"{name}-r{n:03}.csv": b"entry,PARENT_KEY,KEY\n" for n in range(MAX_ZIP_TABLES)}
    last = dict(list(others.items())[:-1])
    found = zipped(tmp_path / "found.zip", {**last, f"{name}.csv": table})  # the 100th
    out = tmp_path / "found.jsonl"
    run = cli("import", found, "--from", "odk", "--questionnaire", name, "--out", out)
    assert run.code == 0, run.err
    assert "4 responses imported" in run.output
    late = zipped(tmp_path / "late.zip", {**others, f"{name}.csv": table})  # the 101st
    out = tmp_path / "late.jsonl"
    run = cli("import", late, "--from", "odk", "--questionnaire", name, "--out", out)
    assert run.code == 1
    assert run.err.startswith(f"{late}/{name}-r000.csv:1:"), run.err
    assert "'entry', 'PARENT_KEY', 'KEY'" in run.err
    assert not out.exists()


def test_a_submission_whose_encrypted_data_never_reached_central_is_not_sent_for_a_passphrase(
    cli: Cli, tmp_path: Path
) -> None:
    """Central's Status "missing encrypted form data" (central-backend lib/data/
    briefcase.js: the submission's encrypted file, submission.xml.enc, has no data in
    Central) has no answers a passphrase could decrypt: the row is refused with advice of
    its own (send it again, ask Central's administrator). The download of this Status is
    made from the real no-passphrase download, its Status cells edited ("not decrypted",
    the other Status, has its own test above)."""
    name = "s3-stress-test"
    _, copy = current_copy(EXPORTS / f"{name}-encrypted-no-passphrase.csv", tmp_path)
    rows = list(csv.reader(io.StringIO(copy.read_text(encoding="utf-8"))))
    status = rows[0].index("Status")
    assert {row[status] for row in rows[1:]} == {"not decrypted"}
    for row in rows[1:]:
        row[status] = "missing encrypted form data"
    with copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    run = cli("import", copy, "--from", "odk", "--questionnaire", name,
              "--out", tmp_path / "r.jsonl")  # fmt: skip
    assert run.code == 1
    said = M.IMPORT_ODK_MISSING_DATA.format(status="missing encrypted form data")
    lines = [line for line in run.err.splitlines() if line.startswith(f"{copy}:")]
    assert lines == [f"{copy}:{row}:{status + 1} Status: {said}" for row in range(2, 7)]
    assert "passphrase" not in said.split(":", 1)[1].split(";", 1)[1]
    assert "sent again" in said


@pytest.mark.parametrize("lang", ["de", "fr", "it", "sl"])
def test_archives_are_named_as_they_are_written_in_every_language(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """The kind of an archive is its usual name (ZIP, gzip, 7z, RAR), which every language
    writes so: never "ein zip-Archiv ... ein Zip-Archiv" in German."""
    import gzip

    name = "s3-stress-test"
    files = {
        "gzip": tmp_path / "export.csv.gz",
        "7z": tmp_path / "export.7z",
        "RAR": tmp_path / "export.rar",
        "ZIP": zipped(tmp_path / "folder.zip", {f"download/{name}.csv": b"a,b\n"}),
    }
    files["gzip"].write_bytes(gzip.compress(b"a,b\n"))
    files["7z"].write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(26))
    files["RAR"].write_bytes(b"Rar!\x1a\x07\x01\x00" + bytes(24))
    for kind, path in files.items():
        run = cli("import", path, "--from", "odk", "--questionnaire", name, "--lang", lang,
                  "--out", tmp_path / "r.jsonl")  # fmt: skip
        assert run.code == 1, run.err
        (line,) = run.err.splitlines()
        said = line[len(f"{path}: ") :]
        assert kind in said, said
        # every zip said is ZIP (or the .zip of Central's download), whatever the language
        assert {m.group() for m in re.finditer(r"\.?\bzip\b", said, re.IGNORECASE)} <= {
            "ZIP",
            ".zip",
        }, said


def test_the_help_of_import_says_a_central_zip_is_read(cli: Cli) -> None:
    """`s3engine import --help` names every file it reads as FILE, Central's .zip too."""
    run = cli("import", "--help")
    assert run.code == 0
    said = " ".join(run.out.split())
    assert "FILE the export: CSV, XLSX, or ODK Central's .zip download" in said, run.out
