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
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Cli
from interop_exports import given_answers, same_as_given
from test_interop import score_json

from s3engine.core import messages as M
from s3engine.interop.form import form_version
from s3engine.questionnaire.checks import load_questionnaire

EXPORTS = REPO / "tests" / "odk"
#: the form version each questionnaire had when the exports were made
RECORDED = {"s3-stress-test": "1.0.0+58eebd2b", "stakeholder-needs": "1.1.0+b00faca8"}
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


def questionnaire_of(path: Path) -> str:
    return next(name for name in RECORDED if path.name.startswith(name + "-"))


def test_every_kind_of_export_is_kept() -> None:
    names = {p.name for p in FILES}
    assert names == {f"{name}-{kind}" for name in RECORDED for kind in KINDS}


def current_copy(export: Path, tmp_path: Path) -> tuple[str, Path]:
    """The export with the questionnaire's current form version in place of the recorded
    one (Central's FormVersion of the second version and of the encrypted form too)."""
    name = questionnaire_of(export)
    current = form_version(load_questionnaire(name)[0])
    copy = tmp_path / export.name
    if export.suffix == ".zip":
        with zipfile.ZipFile(export) as archive, zipfile.ZipFile(copy, "w") as again:
            for info in archive.infolist():
                data = archive.read(info)
                assert RECORDED[name].encode() in data
                again.writestr(info, data.replace(RECORDED[name].encode(), current.encode()))
        return name, copy
    data = export.read_bytes()
    assert RECORDED[name].encode() in data
    copy.write_bytes(data.replace(RECORDED[name].encode(), current.encode()))
    return name, copy


@pytest.mark.parametrize("export", ANSWERED, ids=lambda p: p.name)
def test_a_central_download_comes_back_as_answered(cli: Cli, tmp_path: Path, export: Path) -> None:
    name, copy = current_copy(export, tmp_path)
    left_out = REJECTED if "not-rejected" in export.name else None
    count = 3 if left_out else 4
    out = tmp_path / "responses"
    run = cli("import", copy, "--from", "odk", "--questionnaire", name, "--out", out)
    assert run.code == 0, run.output
    assert f"{count} responses imported" in run.output and "1 declined consent" in run.output
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.rglob("*.yaml")]
    same_as_given(EXPORTS, name, docs, left_out=left_out)
    check = cli("check", out)
    assert check.code == 0, check.output
    lines = tmp_path / "responses.jsonl"
    run = cli("import", copy, "--from", "odk", "--questionnaire", name, "--out", lines)
    assert run.code == 0, run.output
    docs = [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    same_as_given(EXPORTS, name, docs, left_out=left_out)
    check = cli("check", lines)
    assert check.code == 0, check.output


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
    out = tmp_path / "r.jsonl"
    run = cli("import", archive, "--from", "odk", "--questionnaire", name, "--out", out)
    assert run.code == 0, run.output
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    same_as_given(EXPORTS, name, docs, left_out=None)


def test_a_zip_without_a_csv_at_its_top_is_refused_as_an_archive(cli: Cli, tmp_path: Path) -> None:
    name = "s3-stress-test"
    for members in ({f"download/{name}.csv": main_table(tmp_path)}, {"media/1.jpg": b"x"}):
        archive = zipped(tmp_path / "all.zip", members)
        run = cli("import", archive, "--from", "odk", "--questionnaire", name,
                  "--out", tmp_path / "r.jsonl")  # fmt: skip
        assert run.code == 1
        assert run.err.splitlines() == [f"{archive}: {M.IMPORT_ARCHIVE.format(kind='zip')}"]
        assert not (tmp_path / "r.jsonl").exists()


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
    locked = tmp_path / "locked.zip"  # a password's: zipfile reads no encrypted member
    data = bytearray(stored.read_bytes())
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(header) + flags
        data[at] |= 1
    locked.write_bytes(bytes(data))
    for archive in (cut, changed, locked):
        out = tmp_path / "r.jsonl"
        run = cli("import", archive, "--from", "odk", "--questionnaire", name, "--out", out)
        assert run.code == 1
        (line,) = run.err.splitlines()
        assert line.startswith(f"{archive}:") and "the zip archive cannot be read" in line, line
        assert line.endswith("download it again, or unpack it and import the CSV it holds")
        assert "ZipInfo" not in line
        assert not out.exists()


def test_a_zip_says_what_its_csv_would_say(cli: Cli, tmp_path: Path) -> None:
    """A CSV in a zip is read as the CSV itself: a file cut off inside a quoted cell, a
    byte that is not UTF-8, a refused cell give the same messages, of the same lines and
    rows, naming the archive."""
    name = "s3-stress-test"
    data = main_table(tmp_path)
    opened = data.index(b'"=SUM')
    variants = {
        "cut": data[: opened + 30],
        "latin1": data.replace("hängt".encode(), "hängt".encode("latin-1")),
        "code": data.replace(b",more_than_yearly,", b",every_day,", 1),
    }
    for kind, variant in variants.items():
        assert variant != data, kind
        plain = tmp_path / f"{kind}.csv"
        plain.write_bytes(variant)
        archive = zipped(tmp_path / f"{kind}.csv.zip", {f"{name}.csv": variant})
        said = []
        for path in (plain, archive):
            run = cli("import", path, "--from", "odk", "--questionnaire", name,
                      "--out", tmp_path / f"{path.name}.jsonl")  # fmt: skip
            assert run.code == 1, (kind, run.output)
            said.append(run.err.replace(str(path), "FILE"))
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
    assert run.code != 0
    (line,) = run.err.splitlines()
    assert line.startswith(f"{archive}: the export is") and "larger than the limit" in line
