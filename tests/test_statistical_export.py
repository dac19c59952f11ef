"""`s3engine export`: responses out for statisticians, as a user relies on them.

Why an answer is missing (skipped or not asked, decided by the questionnaire's own
visibility rule), one row per respondent, a codebook per file, both files or neither, the
system's reason for a file it could not write, labels in the language asked for, no file
when nothing can be exported, and SPSS measurement levels. The files written are read back
with pyreadstat. The general read-back of labels and codes is in tests/test_interop.py.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import resource
import signal
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest
import yaml
from conftest import REPO, Cli, Run

from s3engine.core import messages as M
from s3engine.core.templates import code_of
from s3engine.i18n import translator
from s3engine.interop.statistical import codebook, codebook_path
from s3engine.io import files
from s3engine.questionnaire.answers import language_problem
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import MultipleChoice, Ranking
from s3engine.responses.files import load_responses
from s3engine.responses.model import wave_of

NEEDS_1_0 = REPO / "questionnaires" / "stakeholder-needs-1.0.0.yaml"
NEEDS_RESPONSES = REPO / "examples" / "needs-responses"
STRESS_RESPONSES = REPO / "examples" / "responses"
#: What each format holds for an answer skipped and one not asked.
CODES = {"sav": (-98.0, -99.0), "dta": ("b", "c"), "csv": ("-98", "-99")}


def needs_response(
    folder: Path,
    respondent: str,
    *,
    group: str,
    answers: dict[str, Any],
    skipped: list[str],
    complete: bool = True,
    wave: dict[str, str] | None = None,
    started: str = "2024-05-13T17:57:00Z",
    submitted: str = "2024-05-13T18:11:00Z",
    region: str = "AT31",
    region_name: str | None = None,
) -> Path:
    """A response file to stakeholder-needs 1.0.0, as the survey writes one (without a wave:
    in the wave of the year it was started)."""
    q, _ = load_questionnaire(str(NEEDS_1_0))
    who: dict[str, str] = {"id": respondent, "region": region, "group": group}
    if region_name is not None:
        who["region_name"] = region_name
    document: dict[str, Any] = {
        "s3engine_response": 1,
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "respondent": who,
        "language": "de",
        "status": "complete" if complete else "partial",
        "consent": True,
        "started": started,
        "updated": submitted,
        "answers": answers,
        "skipped": skipped,
    }
    if complete:
        document["submitted"] = submitted
    if wave is not None:
        document["wave"] = wave
    path = folder / f"{respondent}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


REQUIRED = {
    "role": "policy_officer",
    "top_needs": ["access_to_finance", "internationalisation", "visibility_and_branding"],
    "cluster_services": ["digital_transformation"],
}


def read_back(out: Path, fmt: str) -> tuple[list[dict[str, Any]], Any]:
    """The rows of an exported file (by column name), and pyreadstat's metadata (csv: None)."""
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle)), None
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    frame, meta = reader(str(out), user_missing=True)
    return frame.to_dict("records"), meta


def export_needs(cli: Cli, responses: Path, fmt: str, out: Path, *options: str) -> Any:
    return cli(
        "export", responses, "--questionnaire", NEEDS_1_0, "--to", fmt, *options, "--out", out
    )


# -- skipped or not asked ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sav", "dta", "csv"])
def test_a_question_shown_and_left_blank_is_skipped_one_hidden_or_not_reached_not_asked(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "responses"
    # Industry, complete: finance_gap (industry only, shown when finance is a need) and
    # coop_countries (shown after "yes" to cross-border interest) were shown and left blank.
    needs_response(folder, "industry01", group="industry", skipped=["org_size"],
                   answers={**REQUIRED, "cross_border_interest": True})  # fmt: skip
    # Government, complete: finance_gap is not for its group, coop_countries hidden by "no".
    needs_response(folder, "government01", group="government", skipped=[],
                   answers={**REQUIRED, "cross_border_interest": False})  # fmt: skip
    # Partial: stopped after the first question; what follows was not reached.
    needs_response(folder, "partial01", group="industry", skipped=["org_size"],
                   answers={"role": "policy_officer"}, complete=False)  # fmt: skip
    out = tmp_path / f"needs.{fmt}"
    run = export_needs(cli, folder, fmt, out)
    assert run.code == 0, run.err
    rows, _ = read_back(out, fmt)
    by_id = {row["respondent_id"]: row for row in rows}
    skipped, not_asked = CODES[fmt]
    industry, government, partial = by_id["industry01"], by_id["government01"], by_id["partial01"]
    assert industry["org_size"] == skipped  # listed in `skipped`
    assert industry["support_fit"] == skipped  # shown to everyone, left blank
    assert industry["finance_gap"] == skipped  # shown to industry: finance is a need
    assert industry["coop_countries_1"] == skipped  # shown after "yes"
    assert government["support_fit"] == skipped
    assert government["finance_gap"] == not_asked  # industry only
    assert government["coop_countries_1"] == not_asked  # hidden by "no"
    assert partial["org_size"] == skipped  # skipped before the respondent stopped
    assert partial["support_fit"] == not_asked  # not reached


def test_the_shipped_needs_responses_have_their_blank_optional_questions_skipped(
    cli: Cli, tmp_path: Path
) -> None:
    """The example responses are complete and answer the required questions only: every
    optional question shown to them was skipped, not "not asked"."""
    out = tmp_path / "needs_fr.sav"
    run = export_needs(cli, NEEDS_RESPONSES, "sav", out, "--lang", "fr")
    assert run.code == 0, run.err
    rows, _ = read_back(out, "sav")
    assert len(rows) == 99
    assert {row["support_fit"] for row in rows} == {-98.0}  # asked of everyone
    groups = {row["stakeholder_group"] for row in rows if row["finance_gap"] != -99.0}
    assert groups == {2.0}  # finance_gap is asked of industry (the second group) only


# -- one row per respondent ----------------------------------------------------------------


def test_a_respondent_given_twice_is_exported_once_and_refused_as_score_refuses_it(
    cli: Cli, tmp_path: Path
) -> None:
    again = STRESS_RESPONSES / "AT31"
    out = tmp_path / "stress.csv"
    run = cli("export", STRESS_RESPONSES, again, "--questionnaire", "s3-stress-test",
              "--to", "csv", "--out", out)  # fmt: skip
    assert run.code == 1
    rows, _ = read_back(out, "csv")
    ids = [row["respondent_id"] for row in rows]
    assert len(ids) == len(set(ids)) == len(list(STRESS_RESPONSES.rglob("*.yaml")))
    twice = sorted(again.glob("*.yaml"))
    for path in twice:
        respondent = yaml.safe_load(path.read_text(encoding="utf-8"))["respondent"]["id"]
        assert f"{path} respondent.id: {M.SCORE_DUPLICATE.format(id=respondent)}" in run.err

    one = twice[0]
    run = cli("export", one, one, "--questionnaire", "s3-stress-test", "--to", "csv",
              "--out", tmp_path / "one.csv")  # fmt: skip
    assert run.code == 1
    assert run.err.endswith("1 response written, 1 response refused\n"), run.err
    assert len(read_back(tmp_path / "one.csv", "csv")[0]) == 1
    scored = cli("score", one, one, "--data", REPO / "examples" / "data" / "eurostat")
    duplicate = M.SCORE_DUPLICATE.format(id=one.stem.rsplit("-", 1)[1])
    assert duplicate in run.err and duplicate in scored.err  # one rule, one message


def test_export_refuses_what_score_refuses_besides_answers(cli: Cli, tmp_path: Path) -> None:
    # an edited response: its version says 0.9.0 though its content hash is 1.0.0's; and one
    # of a region the questionnaire does not list. score counts neither: nor may export.
    folder = tmp_path / "responses"
    folder.mkdir()
    sources = sorted(STRESS_RESPONSES.glob("AT31/*.yaml"))[:3]
    edited, elsewhere, kept = (folder / path.name for path in sources)
    edited.write_text(
        sources[0].read_text(encoding="utf-8").replace("  version: 1.0.0", "  version: 0.9.0"),
        encoding="utf-8",
    )
    data = yaml.safe_load(sources[1].read_text(encoding="utf-8"))
    data["respondent"]["region"] = "ZZ99"
    elsewhere.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kept.write_text(sources[2].read_text(encoding="utf-8"), encoding="utf-8")
    data_dir = REPO / "examples" / "data" / "eurostat"
    scored = cli("score", folder, "--data", data_dir, "--format", "json")
    run = cli("export", folder, "--questionnaire", "s3-stress-test", "--to", "csv",
              "--out", tmp_path / "t.csv")  # fmt: skip
    assert run.code == 1
    rows, _ = read_back(tmp_path / "t.csv", "csv")
    assert [row["respondent_id"] for row in rows] == [kept.stem.rsplit("-", 1)[1]]
    assert f"{edited} questionnaire: it answers 's3-stress-test' 0.9.0" in run.err
    assert "version 0.9.0" in scored.err
    # said as score says it: at the response's line, naming the respondent
    said = next(line for line in scored.err.splitlines() if "'ZZ99'" in line)
    assert said.startswith(f"{elsewhere}") and said in run.err.splitlines(), (said, run.err)


# -- the codebook, and both files or neither -------------------------------------------------


def test_each_format_has_a_codebook_of_its_own(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "responses"
    needs_response(folder, "industry01", group="industry", answers=REQUIRED, skipped=[])
    for fmt in ("sav", "dta", "csv"):
        out = tmp_path / "cb" / f"needs.{fmt}"
        run = export_needs(cli, folder, fmt, out)
        assert run.code == 0, run.err
        assert run.out.split() == [str(out), f"{out}.codebook.csv"]
    books = {}
    for fmt in ("sav", "dta", "csv"):
        with (tmp_path / "cb" / f"needs.{fmt}.codebook.csv").open(encoding="utf-8") as handle:
            books[fmt] = list(csv.DictReader(handle))
    # Each holds its own format's codes: Stata's extended missing values, the others' numbers.
    codes = {
        fmt: {r["value"] for r in rows if r["missing"] == "skipped"} for fmt, rows in books.items()
    }
    assert codes == {"sav": {"-98"}, "dta": {".b"}, "csv": {"-98"}}


def test_a_codebook_that_cannot_be_written_leaves_the_old_files_and_no_new_one(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "responses"
    needs_response(folder, "industry01", group="industry", answers=REQUIRED, skipped=[])
    out = tmp_path / "needs.sav"
    codebook = tmp_path / "needs.sav.codebook.csv"
    out.write_bytes(b"the export of last week")
    sync = files._fsync_file

    def full(path: Path) -> None:  # the disk fills while the codebook is written
        if ".codebook.csv." in path.name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        sync(path)

    monkeypatch.setattr(files, "_fsync_file", full)
    run = export_needs(cli, folder, "sav", out)
    assert run.code == 1
    full_disk = M.SYSTEM_REASONS[errno.ENOSPC]  # "the disk is full", translated with --lang
    assert run.err.startswith(f"{codebook}: cannot use this path: {full_disk}")
    assert out.read_bytes() == b"the export of last week"  # neither file is new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["needs.sav", "responses"]


def both_or_neither(
    tmp_path: Path, suffix: str, beside: Callable[[Path], Path], write: Callable[[Path], Run]
) -> None:
    """`write` a file ending in `suffix` whose second file (`beside` it) cannot be put in
    place (a folder has its name), over an older file and as a new one: it fails naming the
    second file, the older file is back in place, the new one taken back out, no temporary
    file left."""
    old, new = tmp_path / f"old{suffix}", tmp_path / f"new{suffix}"
    old.write_text("the file of last week\n", encoding="utf-8")
    for out in (old, new):
        beside(out).mkdir()
        run = write(out)
        assert run.code == 1
        assert f"{beside(out)}: cannot use this path: " in run.err, run.err
    assert old.read_text(encoding="utf-8") == "the file of last week\n"
    assert not new.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_codebook_that_cannot_be_put_in_place_takes_the_new_data_file_back_out(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    needs_response(folder, "industry01", group="industry", answers=REQUIRED, skipped=[])
    both_or_neither(
        tmp_path, ".csv", codebook_path, lambda out: export_needs(cli, folder, "csv", out)
    )


@pytest.fixture
def small_files() -> Iterator[None]:
    """No file of this process may grow beyond 1,000 bytes (a full disk, as a writer meets
    it: write() fails), until the test ends."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not the signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, ignored)


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_a_file_pyreadstat_cannot_write_is_named_with_the_reason_and_nothing_is_left(
    cli: Cli, tmp_path: Path, fmt: str, small_files: None
) -> None:
    out = tmp_path / f"needs.{fmt}"
    run = export_needs(cli, NEEDS_RESPONSES, fmt, out)
    assert run.code == 1
    assert run.err == f"{out}: cannot use this path: {M.PATH_NOT_WRITTEN}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_a_path_the_system_refuses_is_named_with_its_reason(cli: Cli, fmt: str) -> None:
    out = Path("/proc") / f"needs.{fmt}"  # no file can be made there
    run = export_needs(cli, NEEDS_RESPONSES, fmt, out)
    assert run.code == 1
    assert run.err.startswith(f"{out}: cannot use this path: "), run.err


# -- labels in the language asked for ------------------------------------------------------------


def one_response_in(cli: Cli, tmp_path: Path, lang: str) -> Iterator[tuple[str, Any]]:
    """One response to the needs questionnaire exported as SPSS, then Stata, with --lang
    `lang` (each written as tmp_path/needs.FORMAT): each format and what pyreadstat reads
    of the file's variables."""
    folder = tmp_path / "responses"
    needs_response(folder, "industry01", group="industry", answers=REQUIRED, skipped=[])
    for fmt in ("sav", "dta"):
        out = tmp_path / f"needs.{fmt}"
        run = export_needs(cli, folder, fmt, out, "--lang", lang)
        assert run.code == 0, run.err
        _, meta = read_back(out, fmt)
        yield fmt, meta


#: skipped, not asked, an option not ticked: as native speakers write them in a codebook.
LABELS = {
    "en": ("skipped", "not asked", "not ticked"),
    "de": ("übersprungen", "nicht gefragt", "nicht angekreuzt"),
    "fr": ("question passée", "question non posée", "non cochée"),
    "it": ("domanda saltata", "domanda non posta", "non selezionata"),
    "sl": ("preskočeno", "vprašanje ni bilo zastavljeno", "ni označeno"),
}


@pytest.mark.parametrize("lang", sorted(LABELS))
def test_missing_codes_and_unticked_options_are_labelled_in_the_language_asked_for(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    skipped, not_asked, not_ticked = LABELS[lang]
    for fmt, meta in one_response_in(cli, tmp_path, lang):
        labels = meta.variable_value_labels
        codes = (-98.0, -99.0) if fmt == "sav" else ("b", "c")
        assert labels["support_fit"][codes[0]] == skipped
        assert labels["support_fit"][codes[1]] == not_asked
        assert labels["unmet_needs_1"][0] == not_ticked
        assert labels["unmet_needs_1"][codes[1]] == not_asked
    with (tmp_path / "needs.dta.codebook.csv").open(encoding="utf-8") as handle:
        book = [r for r in csv.DictReader(handle) if r["variable"] == "support_fit"]
    assert {(r["value"], r["value_label"], r["missing"]) for r in book if r["missing"]} >= {
        (".b", skipped, "skipped"),  # the reason itself stays a word scripts can rely on
        (".c", not_asked, "not asked"),
    }


#: The labels of the profile's columns in each language: none left in English.
PROFILE_LABELS = {
    "de": ("Befragte Person", "Region", "Name der Region", "Akteursgruppe", "Sprache"),
    "fr": ("Répondant", "Région", "Nom de la région", "Groupe d'acteurs", "Langue"),
    "it": (
        "Rispondente",
        "Regione",
        "Nome della regione",
        "Gruppo di portatori di interesse",
        "Lingua",
    ),
    "sl": ("Anketiranec", "Regija", "Ime regije", "Skupina deležnikov", "Jezik"),
}


@pytest.mark.parametrize("lang", sorted(PROFILE_LABELS))
def test_the_profile_columns_are_labelled_in_the_language_asked_for(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    columns = ("respondent_id", "region", "region_name", "stakeholder_group", "language")
    for fmt, meta in one_response_in(cli, tmp_path, lang):
        labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
        assert tuple(labels[c] for c in columns) == PROFILE_LABELS[lang], fmt


# -- nothing to export -------------------------------------------------------------------------


def test_paths_without_a_response_file_are_refused_as_score_refuses_them(
    cli: Cli, tmp_path: Path
) -> None:
    empty = tmp_path / "responses"
    empty.mkdir()
    out = tmp_path / "stress.sav"
    run = cli("export", empty, "--questionnaire", "s3-stress-test", "--to", "sav", "--out", out)
    assert run.code == 2
    assert M.SCORE_NO_RESPONSE_FILES.format(paths=str(empty)) in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses"]


def test_responses_to_another_version_are_refused_in_one_line_and_nothing_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "needs.sav"
    run = cli("export", NEEDS_RESPONSES, "--questionnaire", "stakeholder-needs", "--to", "sav",
              "--out", out)  # fmt: skip
    assert run.code == 1
    q, _ = load_questionnaire("stakeholder-needs")
    assert run.err.splitlines() == [
        f"{NEEDS_RESPONSES}: "
        + M.EXPORT_ALL_OTHER_VERSION.format(
            count=99, id="stakeholder-needs", version="1.0.0", expected=q.version
        )
    ]
    assert list(tmp_path.iterdir()) == []


def test_when_every_response_is_refused_each_is_named_and_no_file_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    needs_response(folder, "badrole", group="industry", answers={**REQUIRED, "role": "x"},
                   skipped=[])  # fmt: skip
    stress = sorted(STRESS_RESPONSES.rglob("*.yaml"))[0]
    out = tmp_path / "needs.dta"
    run = export_needs(cli, folder, "dta", out)
    assert run.code == 1
    # at the answer's line and column, naming the respondent, as score and plan say it
    line = next(
        n
        for n, text in enumerate((folder / "badrole.yaml").read_text().splitlines(), 1)
        if text.strip().startswith("role:")
    )
    assert f"{folder / 'badrole.yaml'}:{line}:3 respondent badrole: role: 'x'" in run.err
    assert run.err.endswith(f"\n{M.EXPORT_NOTHING_WRITTEN}\n"), run.err
    run = export_needs(cli, stress, "dta", out)
    assert run.code == 1
    assert f"{stress} questionnaire: " in run.err and str(M.EXPORT_NOTHING_WRITTEN) in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses"]


def test_when_nothing_is_exported_the_count_is_of_the_refused_responses_and_the_end_says_why(
    cli: Cli, tmp_path: Path
) -> None:
    # Two responses edited to be invalid: two problems, then one line that no file was
    # written, which is the outcome, not a third problem (nor a line like the refusals,
    # `a.sav: ...`, sorted before them as a finding without a line).
    folder = tmp_path / "responses"
    for respondent in ("badrole1", "badrole2"):
        needs_response(folder, respondent, group="industry", answers={**REQUIRED, "role": "x"},
                       skipped=[])  # fmt: skip
    out = tmp_path / "a.sav"  # sorts before the folder's files
    run = export_needs(cli, folder, "sav", out)
    assert run.code == 1
    lines = run.err.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == [
        str(folder / "badrole1.yaml"),
        str(folder / "badrole2.yaml"),
    ]
    assert all(" role: 'x'" in line for line in lines[:2])
    assert lines[2:] == ["2 problems", str(M.EXPORT_NOTHING_WRITTEN)]
    assert run.out == ""
    # One response to another version: one problem, so no count, and the same last line.
    other = sorted(NEEDS_RESPONSES.rglob("*.yaml"))[0]
    run = cli("export", other, "--questionnaire", "stakeholder-needs", "--to", "csv",
              "--out", tmp_path / "n.csv", "--lang", "de")  # fmt: skip
    assert run.code == 1
    lines = run.err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{other} questionnaire: "), lines
    assert lines[1] == translator("de").message(M.EXPORT_NOTHING_WRITTEN)  # in --lang
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses"]


# -- measurement levels ------------------------------------------------------------------------


def test_spss_gets_each_variables_measurement_level(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "needs.sav"
    run = export_needs(cli, NEEDS_RESPONSES, "sav", out)
    assert run.code == 0, run.err
    _, meta = read_back(out, "sav")
    measure = meta.variable_measure
    nominal = ["respondent_id", "region", "stakeholder_group", "sector", "language", "role",
               "cluster_member", "unmet_needs_1", "top_needs_1", "suggestions"]  # fmt: skip
    assert {name: measure[name] for name in nominal} == dict.fromkeys(nominal, "nominal")
    assert measure["support_fit"] == "ordinal"  # a scale's points are ordered
    assert measure["s3_years"] == "scale"  # a number


def test_a_language_the_questionnaire_lacks_is_a_usage_error_of_import_and_export(
    cli: Cli, tmp_path: Path
) -> None:
    """`--lang pt` of a questionnaire in five languages: one line naming the option and the
    languages there are, exit 2, nothing written; import and export say it alike (the rule
    of a survey's language, questionnaire.answers.language_problem), its code kept."""
    q, _ = load_questionnaire(str(NEEDS_1_0))
    said = language_problem(q, "pt")
    assert said is not None and code_of(said) == M.SURVEY_BAD_LANGUAGE.code
    out = tmp_path / "out.csv"
    exported = export_needs(cli, NEEDS_RESPONSES, "csv", out, "--lang", "pt")
    export = tmp_path / "export.csv"
    export.write_text("_uuid\n", encoding="utf-8")
    imported = cli("import", export, "--from", "kobo", "--questionnaire", NEEDS_1_0,
                   "--lang", "pt", "--out", tmp_path / "responses")  # fmt: skip
    for run in (exported, imported):
        assert run.code == 2, run.err
        assert run.err == f"s3engine: --lang pt: {said}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_a_response_with_two_wrong_answers_is_one_response_refused_with_two_problems(
    cli: Cli, tmp_path: Path
) -> None:
    """Each wrong answer is said at its own line (score's rule); the closing line counts
    the responses refused, not the problems."""
    folder = tmp_path / "responses"
    needs_response(folder, "good0001", group="industry", answers=REQUIRED, skipped=[])
    needs_response(folder, "bad00001", group="industry", skipped=[],
                   answers={**REQUIRED, "role": "x", "cluster_services": ["nothing"]})  # fmt: skip
    run = export_needs(cli, folder, "csv", tmp_path / "needs.csv")
    assert run.code == 1
    lines = run.err.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == [str(folder / "bad00001.yaml")] * 2
    assert lines[2:] == ["2 problems", "1 response written, 1 response refused"], run.err
    german = export_needs(cli, folder, "csv", tmp_path / "de.csv", "--lang", "de")
    assert german.err.splitlines()[2:] == [
        "2 Probleme",
        "1 Antwort geschrieben, 1 Antwort abgelehnt",
    ], german.err  # in --lang, as every line of the command


@pytest.mark.parametrize(
    ("fmt", "name", "other"),
    [
        ("sav", "stress.csv", "csv"),  # an SPSS file a spreadsheet program would open as garbage
        ("csv", "stress.sav", "sav"),
        ("dta", "stress.sav", "sav"),
        ("r", "stress.csv", "csv"),  # an R script named as its data
        ("sav", "stress.zsav", None),  # compressed SPSS, which pyreadstat does not write
        ("r", "stress.json", None),
    ],
)
def test_an_out_named_for_another_kind_of_file_is_a_usage_error(
    cli: Cli, tmp_path: Path, fmt: str, name: str, other: str | None
) -> None:
    """The name's ending tells users and programs what the file is: a file of another
    format under it is refused before anything is read, saying the name to give."""
    from s3engine.interop.files import EXPORT_FORMATS

    out = tmp_path / name
    run = cli("export", STRESS_RESPONSES, "--questionnaire", "s3-stress-test", "--to", fmt,
              "--out", out)  # fmt: skip
    assert run.code == 2
    fixed = out.with_suffix(".R" if fmt == "r" else f".{fmt}").name
    said = {"to": fmt, "format": EXPORT_FORMATS[fmt], "suffix": out.suffix, "name": fixed}
    message = (
        M.EXPORT_OUT_SUFFIX.format(**said)
        if other is None
        else M.EXPORT_OUT_SUFFIX_OTHER.format(**said, other=EXPORT_FORMATS[other], other_to=other)
    )
    assert run.err == f"s3engine: --out {out}: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("fmt", "name"), [("csv", "stress.txt"), ("r", "stress.r"), ("sav", "s")])
def test_an_out_of_the_formats_ending_or_of_none_is_written(
    cli: Cli, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    run = cli("export", STRESS_RESPONSES, "--questionnaire", "s3-stress-test", "--to", fmt,
              "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    assert out.is_file()


def test_each_problem_of_a_refused_response_is_a_line_of_its_own(cli: Cli, tmp_path: Path) -> None:
    """Two things wrong with one response's profile: two lines, as score says them, and
    the closing line counts one response refused."""
    folder = tmp_path / "responses"
    folder.mkdir()
    source, kept = sorted(STRESS_RESPONSES.glob("AT31/*.yaml"))[:2]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["respondent"]["region"] = "ZZ99"
    data["respondent"]["sector"] = "nowhere"
    wrong = folder / source.name
    wrong.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / kept.name).write_text(kept.read_text(encoding="utf-8"), encoding="utf-8")
    run = cli("export", folder, "--questionnaire", "s3-stress-test", "--to", "csv",
              "--out", tmp_path / "t.csv")  # fmt: skip
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if line.startswith(str(wrong))]
    assert len(lines) == 2 and "'ZZ99'" in lines[0] and "'nowhere'" in lines[1], run.err
    assert "; " not in lines[0]
    assert run.err.endswith("1 response written, 1 response refused\n"), run.err


def test_long_question_ids_are_written_to_stata_whatever_the_number_of_labelled_columns(
    cli: Cli, tmp_path: Path
) -> None:
    # pyreadstat names the value labels of a .dta column after the column and its number
    # among the labelled columns (name + 0, 1, ...), and ReadStat refuses such a name over
    # 32 characters: a question id cut to 32 characters made a .dta unwritable (an internal
    # error), whatever the responses. The names leave room for that number, the same in
    # every format.
    long_id = "the_question_about_the_priorities_of_the_region"  # 47 characters
    yes_no = {"type": "yes_no", "text": {"en": "Yes or no?"}}
    questionnaire = {
        "id": "long-ids",
        "version": "1.0.0",
        "languages": ["en"],
        "default_language": "en",
        "title": {"en": "Long ids"},
        "sections": [
            {
                "id": "s",
                "title": {"en": "S"},
                "questions": [
                    *({"id": f"q{i}", **yes_no} for i in range(12)),
                    {"id": long_id, **yes_no},
                    {"id": long_id + "_too", **yes_no},
                ],
            }
        ],
    }
    path = tmp_path / "long-ids.yaml"
    path.write_text(yaml.safe_dump(questionnaire), encoding="utf-8")
    q, _ = load_questionnaire(str(path))
    answers = {f"q{i}": True for i in range(12)} | {long_id: True, long_id + "_too": False}
    response = {
        "s3engine_response": 1,
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "respondent": {"id": "long-ids-1", "region": "AT31", "group": "industry"},
        "language": "en",
        "status": "complete",
        "consent": True,
        "started": "2024-05-13T17:57:00Z",
        "updated": "2024-05-13T18:11:00Z",
        "submitted": "2024-05-13T18:11:00Z",
        "answers": answers,
        "skipped": [],
    }
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.yaml").write_text(yaml.safe_dump(response), encoding="utf-8")
    names = {}
    for fmt in ("dta", "sav", "csv"):
        out = tmp_path / f"t.{fmt}"
        run = cli("export", tmp_path / "in", "--questionnaire", path, "--to", fmt, "--out", out)
        assert run.code == 0, run.err
        rows, _ = read_back(out, fmt)
        names[fmt] = list(rows[0])
        assert len(set(names[fmt])) == len(names[fmt])
        assert all(len(name) <= 32 for name in names[fmt])
        with codebook_path(out).open(encoding="utf-8") as handle:
            book = {r["question"]: r["variable"] for r in csv.DictReader(handle) if r["question"]}
        assert [rows[0][book[long_id]], rows[0][book[long_id + "_too"]]] in ([1, 0], ["1", "0"])
    assert names["dta"] == names["sav"] == names["csv"]


# -- the wave, the status and the times of a response --------------------------------------------


def two_waves(folder: Path) -> None:
    """Responses of two waves: one of 2024 recording no wave (the wave of the year it was
    started in), one of the wave spring-2026 written with a zone two hours ahead of UTC,
    and a partial one of the same wave, never submitted."""
    needs_response(folder, "first001", group="industry", answers=REQUIRED, skipped=[])
    spring = {"id": "spring-2026", "period": "2026-03/2026-05"}
    needs_response(folder, "second01", group="government", answers=REQUIRED, skipped=[],
                   wave=spring, started="2026-04-02T09:15:30+02:00",
                   submitted="2026-04-02T09:40:00+02:00")  # fmt: skip
    needs_response(folder, "partial1", group="academia", answers={"role": "policy_officer"},
                   skipped=[], complete=False, wave=spring,
                   started="2026-04-03T10:00:00Z", submitted="2026-04-03T10:04:00Z")  # fmt: skip


#: What each format holds for the responses of two_waves: wave, status, started, submitted
#: (in UTC; the partial response has no submission time).
WAVES = {
    "first001": ("2024", "complete", datetime(2024, 5, 13, 17, 57), datetime(2024, 5, 13, 18, 11)),
    "second01": ("spring-2026", "complete", datetime(2026, 4, 2, 7, 15, 30),
                 datetime(2026, 4, 2, 7, 40)),
    "partial1": ("spring-2026", "partial", datetime(2026, 4, 3, 10, 0), None),
}  # fmt: skip
RESPONSE_COLUMNS = ["wave", "status", "started", "submitted"]


@pytest.mark.parametrize("fmt", ["sav", "dta", "csv"])
def test_each_row_has_its_wave_status_and_times_in_utc_after_the_profile(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    """Two waves exported together are told apart, and response times can be computed:
    SPSS DATETIME and Stata %tc times (UTC), ISO 8601 text in UTC in the CSV."""
    two_waves(tmp_path / "responses")
    out = tmp_path / f"needs.{fmt}"
    run = export_needs(cli, tmp_path / "responses", fmt, out)
    assert run.code == 0, run.err
    rows, meta = read_back(out, fmt)
    names = list(rows[0])
    profile = ["respondent_id", "region", "region_name", "stakeholder_group", "sector",
               "language"]  # fmt: skip
    assert names[:11] == [*profile, *RESPONSE_COLUMNS, "role"]  # before the questions
    got = {row["respondent_id"]: tuple(row[c] for c in RESPONSE_COLUMNS) for row in rows}
    if fmt == "csv":

        def iso(time: datetime | None) -> str:
            return "" if time is None else f"{time.isoformat()}Z"

        assert got == {k: (w, s, iso(a), iso(b)) for k, (w, s, a, b) in WAVES.items()}
        assert got["second01"][2] == "2026-04-02T07:15:30Z"
    else:
        types = meta.original_variable_types
        kind = "DATETIME20" if fmt == "sav" else "%tc"
        assert [types[c] for c in ("started", "submitted")] == [kind, kind]
        assert got["partial1"][3] is pd.NaT  # missing: never submitted
        got["partial1"] = (*got["partial1"][:3], None)
        assert got == WAVES
        spent = got["second01"][3] - got["second01"][2]
        assert spent.total_seconds() == 24.5 * 60  # the time the respondent took
        if fmt == "sav":
            assert {c: meta.variable_measure[c] for c in RESPONSE_COLUMNS} == {
                "wave": "nominal", "status": "nominal", "started": "scale", "submitted": "scale"
            }  # fmt: skip
    with codebook_path(out).open(encoding="utf-8") as handle:
        book = [r for r in csv.DictReader(handle) if r["variable"] in RESPONSE_COLUMNS]
    assert [r["variable"] for r in book] == RESPONSE_COLUMNS  # listed, once each
    assert [r["label"] for r in book] == [
        "Survey wave", "Response status", "Time started (UTC)", "Time submitted (UTC)"
    ]  # fmt: skip


def test_the_example_waves_exported_together_are_told_apart_by_the_rule_of_waves(
    cli: Cli, tmp_path: Path
) -> None:
    """examples/responses records no wave (started in April 2024: the wave 2024),
    examples/responses-2026 the wave 2026: each row has the wave wave_of gives it."""
    second = REPO / "examples" / "responses-2026"
    out = tmp_path / "stress.csv"
    run = cli("export", STRESS_RESPONSES, second, "--questionnaire", "s3-stress-test",
              "--to", "csv", "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    rows, _ = read_back(out, "csv")
    loaded = {r.response.respondent.id: r.response for r in load_responses([STRESS_RESPONSES,
              second])[0]}  # fmt: skip
    assert len(rows) == len(loaded)
    for row in rows:
        response = loaded[row["respondent_id"]]
        assert row["wave"] == wave_of(response).id
        assert row["status"] == response.status
        assert datetime.fromisoformat(row["started"]) == response.started
        assert (row["submitted"] == "") == (response.submitted is None)
    waves = [row["wave"] for row in rows]
    assert {w: waves.count(w) for w in set(waves)} == {"2024": 159, "2026": 153}
    assert {row["status"] for row in rows} == {"complete", "partial"}


#: The labels of the wave's, the status's and the times' columns, in each language.
RESPONSE_LABELS = {
    "en": ("Survey wave", "Response status", "Time started (UTC)", "Time submitted (UTC)"),
    "de": ("Erhebungswelle", "Status der Antwort", "Zeitpunkt des Beginns (UTC)",
           "Zeitpunkt der Abgabe (UTC)"),
    "fr": ("Vague d'enquête", "Statut de la réponse", "Date et heure de début (UTC)",
           "Date et heure d'envoi (UTC)"),
    "it": ("Rilevazione", "Stato della risposta", "Data e ora di inizio (UTC)",
           "Data e ora di invio (UTC)"),
    "sl": ("Krog anketiranja", "Status odgovora", "Čas začetka (UTC)", "Čas oddaje (UTC)"),
}  # fmt: skip


@pytest.mark.parametrize("lang", sorted(RESPONSE_LABELS))
def test_the_wave_status_and_time_columns_are_labelled_in_the_language_asked_for(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    two_waves(tmp_path / "responses")
    for fmt in ("sav", "dta"):
        out = tmp_path / f"needs.{fmt}"
        run = export_needs(cli, tmp_path / "responses", fmt, out, "--lang", lang)
        assert run.code == 0, run.err
        _, meta = read_back(out, fmt)
        labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
        assert tuple(labels[c] for c in RESPONSE_COLUMNS) == RESPONSE_LABELS[lang], fmt


def custom_questionnaire(
    folder: Path, questions: list[dict[str, Any]], profile: dict[str, Any] | None = None
) -> Path:
    """A questionnaire of one section of `questions`, in English and German, written to
    `folder`."""
    questionnaire: dict[str, Any] = {
        "id": "custom",
        "version": "1.0.0",
        "languages": ["en", "de"],
        "default_language": "en",
        "title": {"en": "Custom", "de": "Eigen"},
        "sections": [{"id": "s", "title": {"en": "S", "de": "S"}, "questions": questions}],
    }
    if profile is not None:
        questionnaire["profile"] = profile
    path = folder / "custom.yaml"
    path.write_text(yaml.safe_dump(questionnaire, allow_unicode=True), encoding="utf-8")
    return path


def custom_response(
    folder: Path, path: Path, respondent: str, answers: dict[str, Any], **who: str
) -> None:
    """A complete response of `respondent` to the questionnaire at `path`, in `folder`."""
    q, _ = load_questionnaire(str(path))
    response = {
        "s3engine_response": 1,
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "respondent": {"id": respondent, "region": "AT31", "group": "industry", **who},
        "language": "en",
        "status": "complete",
        "started": "2024-05-13T17:57:00Z",
        "updated": "2024-05-13T18:11:00Z",
        "submitted": "2024-05-13T18:11:00Z",
        "answers": answers,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{respondent}.yaml").write_text(
        yaml.safe_dump(response, allow_unicode=True), encoding="utf-8"
    )


YES_NO = {"type": "yes_no", "text": {"en": "Yes or no?", "de": "Ja oder nein?"}}


def test_a_question_named_like_a_column_of_the_response_keeps_its_name(
    cli: Cli, tmp_path: Path
) -> None:
    """The questions' names are as they were before the wave's, status's, times' and region
    name's columns existed: a question `status` stays `status`; the response's column gives
    way."""
    names = ("status", "wave", "region_name")
    path = custom_questionnaire(tmp_path, [{"id": n, **YES_NO} for n in names])
    answers = {"status": True, "wave": False, "region_name": True}
    custom_response(tmp_path / "in", path, "named-1", answers, region_name="Oberösterreich")
    for fmt in ("dta", "csv"):
        out = tmp_path / f"t.{fmt}"
        run = cli("export", tmp_path / "in", "--questionnaire", path, "--to", fmt, "--out", out)
        assert run.code == 0, run.err
        rows, _ = read_back(out, fmt)
        assert list(rows[0])[2:3] == ["region_name_2"]  # the region's name, after its code
        assert list(rows[0])[6:] == ["wave_2", "status_2", "started", "submitted", "status",
                                     "wave", "region_name"]  # fmt: skip
        assert [rows[0][c] for c in ("wave_2", "status_2")] == ["2024", "complete"]
        assert rows[0]["region_name_2"] == "Oberösterreich"
        assert [rows[0][c] for c in names] in ([1, 0, 1], ["1", "0", "1"])


# -- the region's name -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sav", "dta", "csv"])
def test_each_row_has_the_name_score_gives_its_region_else_the_nuts_name(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    """A region's name is the one `score` gives it (the name most of its respondents wrote:
    one respondent cannot rename it for the others), the same in every row of the region;
    a region none named has its NUTS 2021 name, in the national language, as Eurostat
    writes it, whatever the language of the labels."""
    folder = tmp_path / "responses"
    for n, name in enumerate(["Oberösterreich", "Oberösterreich", "Upper Austria"]):
        needs_response(folder, f"upper{n:03}", group="industry", answers=REQUIRED, skipped=[],
                       region_name=name)  # fmt: skip
    needs_response(folder, "salzburg1", group="industry", answers=REQUIRED, skipped=[],
                   region="AT32")  # fmt: skip
    out = tmp_path / f"needs.{fmt}"
    run = export_needs(cli, folder, fmt, out, "--lang", "en")
    assert run.code == 0, run.err
    rows, meta = read_back(out, fmt)
    assert list(rows[0])[:3] == ["respondent_id", "region", "region_name"]
    assert {r["respondent_id"]: (r["region"], r["region_name"]) for r in rows} == {
        "upper000": ("AT31", "Oberösterreich"),
        "upper001": ("AT31", "Oberösterreich"),
        "upper002": ("AT31", "Oberösterreich"),
        "salzburg1": ("AT32", "Salzburg"),
    }
    if meta is not None:
        labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
        assert labels["region_name"] == "Region name"
        assert "region_name" not in meta.variable_value_labels  # a text, without labels
        if fmt == "sav":
            assert meta.variable_measure["region_name"] == "nominal"
    with codebook_path(out).open(encoding="utf-8") as handle:
        book = [r for r in csv.DictReader(handle) if r["variable"] == "region_name"]
    assert [(r["label"], r["value"]) for r in book] == [("Region name", "")]


def test_the_questionnaires_own_list_of_regions_names_them_as_in_score(
    cli: Cli, tmp_path: Path
) -> None:
    """A questionnaire's list of regions is authoritative, as in `score`: its name wins over
    what the respondents wrote."""
    profile = {"regions": [{"code": "AT31", "name": "Upper Austria"}, {"code": "AT32",
               "name": "Salzburg"}]}  # fmt: skip
    path = custom_questionnaire(tmp_path, [{"id": "q", **YES_NO}], profile)
    custom_response(tmp_path / "in", path, "listed-1", {"q": True}, region_name="Linz")
    out = tmp_path / "t.csv"
    run = cli("export", tmp_path / "in", "--questionnaire", path, "--to", "csv", "--out", out)
    assert run.code == 0, run.err
    rows, _ = read_back(out, "csv")
    assert (rows[0]["region"], rows[0]["region_name"]) == ("AT31", "Upper Austria")


# -- names cut to the formats' length --------------------------------------------------------------

LONG = "which_of_these_services_has_the_cluster_identified"  # 50 characters


def long_ids_export(cli: Cli, tmp_path: Path, fmt: str, lang: str) -> tuple[list[str], Any]:
    """Export a response to a questionnaire with a multiple choice of 11 options and a
    ranking of 3 places under long ids, two of which share their first 40 characters."""
    options = [{"value": f"o{i}", "label": {"en": f"Option {i}", "de": f"Wahl {i}"}}
               for i in range(1, 12)]  # fmt: skip
    text = {"en": "Which?", "de": "Welche?"}
    questions = [
        {"id": LONG, "type": "multiple_choice", "text": text, "options": options},
        {"id": LONG + "_as_ranked", "type": "ranking", "text": text, "options": options,
         "top": 3},
        {"id": LONG + "_again", "type": "multiple_choice", "text": text, "options": options},
    ]  # fmt: skip
    path = custom_questionnaire(tmp_path, questions)
    answers = {LONG: ["o9", "o11"], LONG + "_as_ranked": ["o2", "o9", "o11"],
               LONG + "_again": ["o1"]}  # fmt: skip
    custom_response(tmp_path / "in", path, "long-1", answers)
    out = tmp_path / f"t-{lang}.{fmt}"
    run = cli("export", tmp_path / "in", "--questionnaire", path, "--to", fmt, "--lang", lang,
              "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    rows, _ = read_back(out, fmt)
    with codebook_path(out).open(encoding="utf-8") as handle:
        book = [r for r in csv.DictReader(handle) if r["question"]]
    return list(rows[0]), (rows[0], book)


def test_a_name_cut_to_the_formats_length_keeps_its_option_and_place_number(
    cli: Cli, tmp_path: Path
) -> None:
    """A column of an option or of a place keeps `_<option>` or `_<place>` at its end when
    its name is cut to 32 characters: the question's id is cut instead. The names stay
    unique, valid, and the same in every format and language."""
    seen = {}
    for fmt in ("sav", "dta", "csv"):
        for lang in ("en", "de"):
            names, (row, book) = long_ids_export(cli, tmp_path, fmt, lang)
            seen[(fmt, lang)] = names
            assert len({n.lower() for n in names}) == len(names)
            assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,31}", n) for n in names)
            for entry in book:
                name, option = entry["variable"], entry["option"]
                if entry["question"] == LONG + "_as_ranked":  # option: the place
                    assert name.endswith(f"_{option}"), name
                else:
                    number = int(option[1:])  # o9: the ninth option
                    assert name.endswith(f"_{number}"), name
            by_option = {(e["question"], e["option"]): e["variable"] for e in book}
            ticked = [by_option[(LONG, f"o{i}")] for i in (9, 11)]
            assert [row[c] for c in ticked] in ([1, 1], ["1", "1"])
            assert row[by_option[(LONG, "o10")]] in (0, "0")
            first = by_option[(LONG + "_as_ranked", "1")]
            assert row[first] in (2, "2")  # ranked first: the second option
    assert len({tuple(names) for names in seen.values()}) == 1, seen
    names = seen[("csv", "en")]
    # the stem of one question is the same in all its columns, short enough for the longest
    # number among them and the .dta value labels' numbers (30 characters, here)
    stem = LONG[:27]
    assert (
        [n for n in names if n.startswith(LONG[:25])]
        == [
            *(f"{stem}_{i}" for i in range(1, 12)),  # the multiple choice
            *(f"{LONG[:26]}_2_{place}" for place in (1, 2, 3)),  # the ranking: the stem taken
            *(f"{LONG[:25]}_3_{i}" for i in range(1, 12)),  # the second multiple choice
        ]
    )


def test_the_shipped_questionnaires_option_and_place_columns_end_in_their_number() -> None:
    """Every column of an option or a place of the shipped questionnaires ends in its
    number, in every language; a name is the same in every language."""
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        q, _ = load_questionnaire(str(path))
        named = [[v.name for v in codebook(q, [], lang).variables] for lang in q.languages]
        assert all(names == named[0] for names in named), path
        for v in codebook(q, [], q.default_language).variables:
            question = q.question_index.get(v.question)
            if isinstance(question, MultipleChoice):
                values = [o.value for o in q.options_of(question)]
                assert v.name.endswith(f"_{values.index(v.option) + 1}"), v.name
            elif isinstance(question, Ranking):
                assert v.name.endswith(f"_{v.option}"), v.name
