"""Survey tools: questionnaires out (XLSForm, LimeSurvey), responses in, statistics out.

The round trip is the proof: a shipped questionnaire is converted, answers are written the
way KoboToolbox, ODK Central and LimeSurvey lay out their exports (tests/interop_exports.py,
from the converted files alone), imported, and compared with the same answers given through
`s3engine survey --answers`: the same responses, `check` accepts them, and `score` gives the
same result.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, SHIPPED_QUESTIONNAIRES, Cli, Run
from interop_exports import (
    Answers,
    kobo_rows,
    limesurvey_rows,
    odk_rows,
    password_flagged,
    write_csv,
    write_xlsx,
)
from test_statistical_export import both_or_neither

from s3engine.core import messages as M
from s3engine.interop.form import form_version
from s3engine.interop.limesurvey import Codes, render_structure
from s3engine.interop.xlsform import render_xlsform
from s3engine.io import files
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import MultipleChoice, Ranking, SingleChoice
from s3engine.responses.files import json_lines, load_responses

LANGUAGES = ("en", "de", "fr", "it", "sl")
EXAMPLES = {
    "s3-stress-test": REPO / "examples" / "responses",
    "stakeholder-needs": REPO / "examples" / "needs-responses",
}


def known_answers(name: str, count: int = 25) -> list[Answers]:
    """Answers of complete (illustrative) example responses, as answers files hold them, in
    every language: each respondent answers in the next of the five."""
    docs: list[Answers] = []
    for path in sorted(EXAMPLES[name].rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["status"] != "complete":
            continue
        who = data["respondent"]
        profile = {k: who[k] for k in ("region", "group", "organisation", "sector") if who.get(k)}
        language = LANGUAGES[len(docs) % len(LANGUAGES)]
        docs.append(
            {"language": language, "consent": True, "profile": profile, "answers": data["answers"]}
        )
        if len(docs) == count:
            break
    return docs


def answered_in_terminal_twin(cli: Cli, name: str, docs: list[Answers], out: Path) -> Path:
    """The same answers through `s3engine survey --answers`, one response file each."""
    for number, doc in enumerate(docs):
        answers = out.parent / f"{out.name}-answers-{number}.yaml"
        answers.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        run = cli("survey", name, "--answers", answers, "--out", out)
        assert run.code == 0, run.err
    return out


def content(folder: Path, *, language: bool) -> list[tuple[Any, ...]]:
    """What a response says, without its random id and times, sorted; the ticks of a multiple
    choice as a set (a tool without a summary column lists them in the options' order)."""
    responses, problems = load_responses([folder])
    assert problems == []
    out = []
    for loaded in responses:
        r = loaded.response
        q, _ = load_questionnaire(r.questionnaire.id)
        answers = {
            qid: sorted(value) if isinstance(q.question_index[qid], MultipleChoice) else value
            for qid, value in r.answers.items()
        }
        who = r.respondent
        out.append(
            (
                r.questionnaire,
                who.region,
                who.group,
                who.organisation,
                who.sector,
                r.language if language else None,
                r.status,
                r.consent,
                json.dumps(answers, sort_keys=True),
                tuple(r.skipped),
            )
        )
    return sorted(out, key=repr)


def score_json(cli: Cli, folder: Path) -> dict[str, Any]:
    run = cli(
        "score", folder, "--data", REPO / "examples" / "data" / "eurostat", "--format", "json"
    )
    assert run.code == 0, run.err
    result: dict[str, Any] = json.loads(run.out)
    result.pop("generated")
    return result


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Both shipped questionnaires converted by the command, as a user would."""
    from s3engine.cli.main import main

    folder = tmp_path_factory.mktemp("forms")
    out: dict[str, dict[str, Path]] = {}
    for name in EXAMPLES:
        xlsform, structure = folder / f"{name}.xlsx", folder / f"{name}.txt"
        assert main(["convert", name, "--to", "xlsform", "--out", str(xlsform)]) == 0
        assert main(["convert", name, "--to", "limesurvey", "--out", str(structure)]) == 0
        out[name] = {"xlsform": xlsform, "limesurvey": structure}
    return out


# -- questionnaires out --------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED_QUESTIONNAIRES, ids=lambda p: p.stem)
def test_pyxform_converts_every_shipped_questionnaire_without_a_warning(path: Path) -> None:
    from pyxform.xls2xform import convert

    q, _ = load_questionnaire(str(path))
    workbook, unexpressed = render_xlsform(q)
    warnings: list[str] = []
    xform = convert(xlsform=workbook, warnings=warnings).xform
    assert warnings == []
    for lang in q.languages:  # every language is a translation of the XForm
        assert 'lang="' in xform and f"({lang})" in xform
    assert f'version="{form_version(q)}"' in xform
    # what cannot be expressed is said, with the question id: personal data, and the help
    # of single options (which no XLSForm column holds)
    personal = {x.id for _, x in q.questions() if x.personal}
    helped = {
        x.id
        for _, x in q.questions()
        if isinstance(x, SingleChoice | MultipleChoice | Ranking)
        and any(option.help for option in q.options_of(x))
    }
    assert {w.where for w in unexpressed} == personal | helped
    said = {w.where for w in unexpressed if "the help of its options" in w.message}
    assert said == helped


def test_the_xlsform_carries_conditions_required_and_constraints_with_their_messages(
    tmp_path: Path,
) -> None:
    from pyxform.xls2xform import convert

    q, _ = load_questionnaire("s3-stress-test")
    xform = convert(xlsform=render_xlsform(q)[0]).xform
    # show_if {question: s3_calls_exist, equals: true}
    assert "relevant=\" /data/implementation/s3_calls_exist  = 'yes'\"" in xform
    # group targeting: s3_budget_share is asked of government only
    assert " /data/profile/profile_group  = 'government'" in xform
    # a constraint naming another answer holds when that answer is missing
    assert "not( /data/cluster_portfolio/cluster_initiatives_count  != '')" in xform
    # the "no information" point is a choice of the scale, in every language
    wheel = q.scales["wheel"]
    point = wheel.point(wheel.missing)
    assert point is not None and isinstance(point.label, dict)
    for lang in q.languages:
        assert f">{point.label[lang]}<" in xform


def test_a_text_starting_with_a_formula_sign_stays_text_in_the_xlsform(
    write: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = write(
        "q.yaml",
        """
        id: formula
        version: "1"
        languages: [en]
        default_language: en
        title: "=HYPERLINK(\\"http://x\\")"
        sections:
          - id: s
            title: "+1"
            questions:
              - {id: q1, type: text, text: "=1+2"}
        """,
    )
    q, _ = load_questionnaire(str(path))
    target = tmp_path / "f.xlsx"
    target.write_bytes(render_xlsform(q)[0])
    book = load_workbook(target)
    cells = [c for row in book["survey"].iter_rows() for c in row if c.value == "=1+2"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_limesurvey_codes_obey_the_limits_and_are_stable() -> None:
    for name in EXAMPLES:
        q, _ = load_questionnaire(name)
        codes = Codes.of(q)
        for code in [*codes.question.values(), *codes.profile.values()]:
            assert code[0].isalpha() and code.isalnum() and len(code) <= 20, code
        assert all(c.isalnum() and len(c) <= 20 for c in codes.sub.values())
        assert all(c.isalnum() and 1 <= len(c) <= 5 for c in codes.answer.values())
        assert len(set(codes.question.values())) == len(codes.question)
        assert Codes.of(q) == codes
    q, _ = load_questionnaire("s3-stress-test")
    assert Codes.of(q).question["clusters_in_edp"] == "clustersInEdp"


def test_limesurvey_structure_has_every_language_base_language_first() -> None:
    q, _ = load_questionnaire("stakeholder-needs")
    text, _ = render_structure(q)
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert settings["language"] == "en"
    assert settings["additional_languages"].split() == ["de", "fr", "it", "sl"]
    languages = [r["language"] for r in rows if r["class"] == "Q"]
    assert list(dict.fromkeys(languages)) == ["en", "de", "fr", "it", "sl"]
    ranking = next(r for r in rows if r["name"] == "topNeeds" and r["language"] == "de")
    assert ranking["type/scale"] == "R" and ranking["max_answers"] == "5"
    gap = next(r for r in rows if r["name"] == "financeGap" and r["language"] == "en")
    assert "profileGroup.NAOK == 'indus'" in gap["relevance"]


def test_a_limesurvey_respondent_may_go_back_as_in_s3engines_own_surveys() -> None:
    """The web and terminal surveys have a Back button; a survey imported into LimeSurvey
    without `allowprev` has none (LimeSurvey 6.4.2: off unless the structure says so)."""
    q, _ = load_questionnaire("s3-stress-test")
    text, _ = render_structure(q)
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert settings["allowprev"] == "Y"


def test_limesurvey_subquestions_have_ids_of_their_own_apart_from_the_questions() -> None:
    """LimeSurvey's TSVImportSurvey takes a row's id where it is a number not taken yet, and
    numbers a row without one from 1 on, over the ids the file gave its questions: a
    subquestion without an id replaced a question's, and LimeSurvey 6.2 kept 2 of the 12
    priority domains of the stress test. Each question and subquestion has an id, the same
    in every language, no two alike."""
    for name in EXAMPLES:
        text, _ = render_structure(load_questionnaire(name)[0])
        rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
        ids: dict[tuple[str, str], str] = {}
        question = ""
        for row in rows:
            if row["class"] == "Q":
                question = row["name"]
            if row["class"] in ("Q", "SQ"):
                key = (question, row["name"]) if row["class"] == "SQ" else (question, "")
                assert row["id"].isdigit(), (name, key)
                assert ids.setdefault(key, row["id"]) == row["id"], (name, key)
        assert len(set(ids.values())) == len(ids), name
        assert sum(1 for q, sub in ids if sub) == len(Codes.of(load_questionnaire(name)[0]).sub)


def test_a_number_compared_for_equality_needs_an_answer_in_limesurvey(write: Any) -> None:
    # LimeSurvey's page compares with JavaScript's `==`, for which an empty answer equals
    # 0: `count == 0` alone would hide a question "shown unless the count is 0" while the
    # count is still empty, which s3engine (and the XLSForm) show.
    path = write(
        "q.yaml",
        """
        id: numbers
        version: "1"
        languages: [en]
        default_language: en
        title: Numbers
        sections:
          - id: s
            title: S
            questions:
              - {id: count, type: number, text: How many?, integer: true}
              - id: why_none
                type: text
                text: Why none?
                show_if: {question: count, in: [0, 1]}
              - id: about_them
                type: text
                text: About them?
                show_if: {not: {question: count, equals: 0}}
        """,
    )
    q, _ = load_questionnaire(str(path))
    text, _ = render_structure(q)
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    relevance = {r["name"]: r["relevance"] for r in rows}
    either = "(count.NAOK == 0) or (count.NAOK == 1)"
    assert relevance["whyNone"] == f"(!is_empty(count.NAOK)) and ({either})"
    assert relevance["aboutThem"] == "!((!is_empty(count.NAOK)) and (count.NAOK == 0))"
    # and in the shipped questionnaires, no number is compared without its answer asked for
    for name in EXAMPLES:
        text, _ = render_structure(load_questionnaire(name)[0])
        for row in csv.DictReader(text.splitlines(), delimiter="\t"):
            for code in re.findall(r"(\w+)\.NAOK == -?\d", row.get("relevance") or ""):
                assert f"!is_empty({code}.NAOK)" in row["relevance"], row["relevance"]


def test_a_question_named_like_the_survey_id_field_is_refused_by_the_limesurvey_convert(
    cli: Cli, tmp_path: Path, write: Any
) -> None:
    """`survey_id` is the LimeSurvey structure's own field (code surveyId): a question of
    that id would share its column; an XLSForm has no such field and takes it."""
    path = write(
        "q.yaml",
        """
        id: clash
        version: "1"
        languages: [en]
        default_language: en
        title: Clash
        sections:
          - id: s
            title: S
            questions:
              - {id: survey_id, type: text, text: Which survey?}
        """,
    )
    run = cli("convert", path, "--to", "limesurvey", "--out", tmp_path / "c.txt")
    clash = M.INTEROP_NAME_CLASH.format(id="survey_id", by="the LimeSurvey survey id")
    assert run.code == 1 and clash in run.err, run.err
    assert not (tmp_path / "c.txt").exists() and not (tmp_path / "c.codes.csv").exists()
    assert cli("convert", path, "--to", "xlsform", "--out", tmp_path / "c.xlsx").code == 0


def test_convert_lists_what_cannot_be_expressed(cli: Cli, tmp_path: Path) -> None:
    run = cli("convert", "s3-stress-test", "--to", "limesurvey", "--out", tmp_path / "s.txt")
    assert run.code == 0
    assert (
        "s3_budget_share: warning: LimeSurvey cannot limit the decimals of a number "
        "(at most 1 here)" in run.err
    )
    assert (tmp_path / "s.codes.csv").is_file()


def test_a_limesurvey_structure_and_its_codes_are_written_both_or_neither(
    cli: Cli, tmp_path: Path
) -> None:
    both_or_neither(
        tmp_path,
        ".txt",
        lambda out: out.with_suffix(".codes.csv"),
        lambda out: cli("convert", "stakeholder-needs", "--to", "limesurvey", "--out", out),
    )


# -- responses in: the round trip ---------------------------------------------------------

LAYOUTS = {
    "kobo-csv-groups-split": ("kobo", "csv"),
    "kobo-xlsx-names-summary": ("kobo", "xlsx"),
    "odk-csv": ("odk", "csv"),
    "limesurvey-csv": ("limesurvey", "csv"),
}


def build_export(layout: str, forms: dict[str, Path], docs: list[Answers], folder: Path) -> Path:
    if layout == "kobo-csv-groups-split":
        rows = kobo_rows(forms["xlsform"], docs, groups=True, split=True)
        return write_csv(folder / "kobo.csv", rows, sep=";", quote_all=True)
    if layout == "kobo-xlsx-names-summary":
        return write_xlsx(
            folder / "kobo.xlsx", kobo_rows(forms["xlsform"], docs, groups=False, split=False)
        )
    if layout == "odk-csv":
        return write_csv(folder / "odk.csv", odk_rows(forms["xlsform"], docs))
    rows = limesurvey_rows(forms["limesurvey"], docs)
    return write_csv(folder / "limesurvey.csv", rows, sep=";", quote_all=True, bom=True)


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_round_trip_gives_the_responses_of_the_terminal_survey(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], name: str, layout: str
) -> None:
    docs = known_answers(name)
    tool, _ = LAYOUTS[layout]
    twin = answered_in_terminal_twin(cli, name, docs, tmp_path / "twin")
    export = build_export(layout, forms[name], docs, tmp_path)
    run = cli("import", export, "--from", tool, "--questionnaire", name, "--out", tmp_path / "in")
    assert run.code == 0, run.err
    assert f"{len(docs)} responses imported" in run.err
    # LimeSurvey records the language; KoboToolbox and ODK do not
    same_language = tool == "limesurvey"
    assert content(tmp_path / "in", language=same_language) == content(twin, language=same_language)
    assert cli("check", tmp_path / "in").code == 0
    if name == "s3-stress-test":
        assert score_json(cli, tmp_path / "in") == score_json(cli, twin)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_kobo_label_headings_in_every_language(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], lang: str
) -> None:
    docs = known_answers("stakeholder-needs", 10)
    xlsform = forms["stakeholder-needs"]["xlsform"]
    rows = kobo_rows(xlsform, docs, groups=True, split=True, labels=lang)
    export = write_csv(tmp_path / "kobo.csv", rows, sep=";", quote_all=True)
    twin = answered_in_terminal_twin(cli, "stakeholder-needs", docs, tmp_path / "twin")
    run = cli("import", export, "--from", "kobo", "--questionnaire", "stakeholder-needs",
              "--out", tmp_path / "in.jsonl")  # fmt: skip
    assert run.code == 0, run.err
    assert content(tmp_path / "in.jsonl", language=False) == content(twin, language=False)


@pytest.mark.parametrize("out", ["in.jsonl", "in"])
@pytest.mark.parametrize("sep", ["/", "."])
@pytest.mark.parametrize("groups", [True, False])
@pytest.mark.parametrize("summary", [False, True])
def test_kobo_label_headings_with_option_columns_read_as_the_xml_names_export(
    cli: Cli,
    tmp_path: Path,
    forms: dict[str, dict[str, Path]],
    out: str,
    sep: str,
    groups: bool,
    summary: bool,
) -> None:
    """KoboToolbox's "Value and header format" set to a language, select_multiple exported
    as "separate columns" (summary=False) or "single and separate columns": formpack heads
    an option column with the question's heading, the group separator and the option's
    label in that language. The export gives the responses its XML names' export gives,
    with any group separator, groups in the headings or not, into a JSON Lines file (the
    columnar path) and into a folder (the row reader)."""
    name = "s3-stress-test"
    docs = known_answers(name, 8)
    xlsform = forms[name]["xlsform"]
    names = kobo_rows(xlsform, docs, groups=True, split=True, summary=False)
    write_csv(tmp_path / "names.csv", names, sep=";", quote_all=True)
    labelled = kobo_rows(xlsform, docs, groups=groups, split=True, labels="de", sep=sep,
                         summary=summary)  # fmt: skip
    assert "Rolle der Cluster bei der Ausarbeitung der S3" in sep.join(labelled[0]) or not groups
    option = next(h for h in labelled[0] if h.endswith(f"{sep}Land- und Lebensmittelwirtschaft"))
    assert summary == (option.removesuffix(f"{sep}Land- und Lebensmittelwirtschaft") in labelled[0])
    export = write_csv(tmp_path / "labels.csv", labelled, sep=";", quote_all=True)
    for source, target in ((tmp_path / "names.csv", f"names-{out}"), (export, out)):
        run = cli("import", source, "--from", "kobo", "--questionnaire", name,
                  "--out", tmp_path / target)  # fmt: skip
        assert run.code == 0, run.err
        assert f"{len(docs)} responses imported" in run.err
    assert content(tmp_path / out, language=True) == content(tmp_path / f"names-{out}",
                                                             language=True)  # fmt: skip


def test_a_kobo_label_heading_two_options_share_in_the_exports_language_is_named(
    cli: Cli, write: Any, tmp_path: Path
) -> None:
    """Labels are read in the export's language only, and a heading that two options share
    there is refused, naming both, never guessed; their labels in another language, told
    apart there, do not make an export in that language ambiguous."""
    q = write(
        "q.yaml",
        """
        id: shared
        version: "1"
        languages: [en, de]
        default_language: en
        title: Shared
        sections:
          - id: s
            title: S
            questions:
              - id: tools
                type: multiple_choice
                text: {en: Tools, de: Werkzeuge}
                options:
                  - {value: saw, label: {en: Saw, de: Säge}}
                  - {value: drill, label: {en: Drill, de: Bohrer}}
                  - {value: drill2, label: {en: Drill, de: Bohrmaschine}}
        """,
    )
    xlsform = tmp_path / "q.xlsx"
    assert cli("convert", q, "--to", "xlsform", "--out", xlsform).code == 0
    doc = {
        "language": "en",
        "profile": {"region": "AT31", "group": "industry"},
        "answers": {"tools": ["saw", "drill2"]},
    }
    for lang in ("en", "de"):
        rows = kobo_rows(xlsform, [doc], groups=False, split=True, labels=lang, summary=False)
        export = write_csv(tmp_path / f"{lang}.csv", rows, sep=";", quote_all=True)
        out = tmp_path / f"{lang}.jsonl"
        run = cli("import", export, "--from", "kobo", "--questionnaire", q, "--out", out)
        if lang == "de":
            assert run.code == 0, run.err
            responses, _ = load_responses([out])
            assert [r.response.answers["tools"] for r in responses] == [["saw", "drill2"]]
            continue
        column = rows[0].index("Tools/Drill") + 1
        message = M.IMPORT_AMBIGUOUS_HEADER.format(
            header="Tools/Drill", first="tools/drill", second="tools/drill2"
        )
        assert run.code == 1
        assert f"{export}:1:{column} Tools/Drill: {message}\n" in run.err
        assert f"{export}:1:{column + 1} Tools/Drill: {message}\n" in run.err
        assert not out.exists()


# -- bad rows ------------------------------------------------------------------------------


def odk_export(
    forms: dict[str, dict[str, Path]], docs: list[Answers], tmp_path: Path
) -> tuple[Path, list[list[str]]]:
    rows = odk_rows(forms["s3-stress-test"]["xlsform"], docs)
    return tmp_path / "odk.csv", rows


def odk_file(forms: dict[str, dict[str, Path]], tmp_path: Path, count: int) -> Path:
    """An ODK Central export of `count` of the known answers, written as the tool writes it."""
    path, rows = odk_export(forms, known_answers("s3-stress-test", count), tmp_path)
    write_csv(path, rows)
    return path


def import_odk(cli: Cli, path: Path, out: Path) -> Run:
    """`s3engine import` of an ODK Central export of the stress test into `out`."""
    return cli("import", path, "--from", "odk", "--questionnaire", "s3-stress-test", "--out", out)


#: The closing lines of an import and an export of 1,200 responses, as each language writes
#: the number (French: a narrow no-break space between the thousands).
THOUSANDS = {
    "en": ("1,200 responses imported into {out}", "1,200 responses written"),
    "de": ("1.200 Antworten in {out} importiert", "1.200 Antworten geschrieben"),
    "fr": ("1\u202f200 réponses importées dans {out}", "1\u202f200 réponses écrites"),
}


@pytest.mark.parametrize("lang", THOUSANDS)
def test_an_import_and_an_export_count_thousands_of_responses_the_languages_way(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], lang: str
) -> None:
    """The closing lines group the digits of their counts, as `score` does ("1,200
    counted"); the files written hold plain numbers."""
    docs = known_answers("s3-stress-test", 140)
    path, rows = odk_export(forms, (docs * 9)[:1200], tmp_path)
    write_csv(path, rows)
    out = tmp_path / "responses.jsonl"
    argv = ["--questionnaire", "s3-stress-test", "--lang", lang]
    run = cli("import", path, "--from", "odk", *argv, "--out", out)
    imported, written = THOUSANDS[lang]
    assert run.code == 0 and run.err == imported.format(out=out) + "\n", run.err
    table = tmp_path / "stress.csv"
    run = cli("export", out, *argv, "--to", "csv", "--out", table)
    assert run.code == 0 and run.err == written + "\n", run.err
    assert len(table.read_text(encoding="utf-8").splitlines()) == 1201


def test_an_import_into_a_path_through_a_file_names_that_file(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    path = odk_file(forms, tmp_path, 2)
    (tmp_path / "report").write_text("notes\n", encoding="utf-8")
    for out in (tmp_path / "report" / "r.jsonl", tmp_path / "report" / "responses"):
        run = import_odk(cli, path, out)
        assert run.code == 1, run.output
        assert run.err.startswith(f"{out}: cannot use this path: {tmp_path / 'report'} is a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odk.csv", "report"]


def test_each_bad_row_is_refused_with_row_column_and_advice_and_good_rows_are_imported(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 6)
    path, rows = odk_export(forms, docs, tmp_path)
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    edp = col["role_of_clusters-clusters_in_edp"]
    rows[1][edp] = "7"  # out of range
    rows[2][edp] = ""  # a blank that must not become 0 (required)
    rows[3][col["alignment-alignment_national"]] = "Strong"  # a label, not a code
    rows[4][col["form_version"]] = rows[4][col["FormVersion"]] = "0.9.0+00000000"
    write_csv(path, rows)
    out = tmp_path / "in"
    run = import_odk(cli, path, out)
    assert run.code == 1
    lines = run.err.splitlines()
    assert any(
        line.startswith(f"{path}:2:{edp + 1} role_of_clusters-clusters_in_edp: '7' is not a code")
        for line in lines
    ), run.err
    assert any(
        f"{path}:3:{edp + 1} role_of_clusters-clusters_in_edp: unanswered, but required" in line
        for line in lines
    ), run.err
    assert any(
        f":4:{col['alignment-alignment_national'] + 1} " in line
        and "'Strong' is the label of '4'" in line
        for line in lines
    ), run.err
    assert any(":5:" in line and "version 0.9.0" in line for line in lines), run.err
    assert "2 responses imported" in run.err and "4 rows refused" in run.err
    assert len(list(out.iterdir())) == 2
    assert cli("check", out).code == 0


def test_a_response_to_changed_content_is_refused_like_score_refuses_it(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 1)
    path, rows = odk_export(forms, docs, tmp_path)
    version = rows[0].index("form_version")
    rows[1][version] = rows[1][version].split("+")[0] + "+deadbeef"
    write_csv(path, rows)
    run = cli(
        "import",
        path,
        "--from",
        "odk",
        "--questionnaire",
        "s3-stress-test",
        "--out",
        tmp_path / "o",
    )
    assert run.code == 1
    where = f"{path}:2:{version + 1} form_version: "
    assert where + "this response answers s3-stress-test 1.0.0, but the questionnaire's" in run.err
    assert M.IMPORT_NOTHING_WRITTEN in run.err
    assert not (tmp_path / "o").exists()


def test_a_formula_in_a_cell_is_data_and_a_leading_zero_is_kept(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 1)
    docs[0]["answers"]["role_comment"] = '=HYPERLINK("http://evil.example","click")'
    docs[0]["answers"]["alignment_comment"] = "007 and -1"
    path, rows = odk_export(forms, docs, tmp_path)
    write_csv(path, rows)
    run = cli(
        "import",
        path,
        "--from",
        "odk",
        "--questionnaire",
        "s3-stress-test",
        "--out",
        tmp_path / "o.jsonl",
    )
    assert run.code == 0, run.err
    (loaded,), _ = load_responses([tmp_path / "o.jsonl"])
    assert loaded.response.answers["role_comment"] == '=HYPERLINK("http://evil.example","click")'
    assert loaded.response.answers["alignment_comment"] == "007 and -1"


def test_a_leading_zero_a_spreadsheet_dropped_is_named(
    cli: Cli, write: Any, tmp_path: Path
) -> None:
    q = write(
        "q.yaml",
        """
        id: zeros
        version: "1"
        languages: [en]
        default_language: en
        title: Zeros
        sections:
          - id: s
            title: S
            questions:
              - id: code
                type: single_choice
                text: Code
                options: [{value: "01", label: One}, {value: "02", label: Two}]
        """,
    )
    xlsform = tmp_path / "q.xlsx"
    assert cli("convert", q, "--to", "xlsform", "--out", xlsform).code == 0
    doc = {
        "language": "en",
        "profile": {"region": "AT31", "group": "industry"},
        "answers": {"code": "02"},
    }
    rows = kobo_rows(xlsform, [doc], groups=False, split=False)
    rows[1][rows[0].index("code")] = "2"
    export = write_csv(tmp_path / "k.csv", rows)
    run = cli("import", export, "--from", "kobo", "--questionnaire", q, "--out", tmp_path / "o")
    assert run.code == 1
    assert (
        "'2' is not a code of this question, but '02' is: a spreadsheet program dropped its "
        "leading zero" in run.err
    )


def test_an_export_without_a_question_is_refused_whole(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 2)
    path, rows = odk_export(forms, docs, tmp_path)
    drop = rows[0].index("alignment-alignment_national")
    write_csv(path, [r[:drop] + r[drop + 1 :] for r in rows])
    run = cli(
        "import",
        path,
        "--from",
        "odk",
        "--questionnaire",
        "s3-stress-test",
        "--out",
        tmp_path / "o",
    )
    assert run.code == 1
    assert "the export has no column for the question 'alignment_national'" in run.err
    assert not (tmp_path / "o").exists()


def test_importing_twice_overwrites_nothing_and_finds_every_response_unchanged(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """The same row imported again makes the same bytes: nothing to import, nothing wrong."""
    docs = known_answers("s3-stress-test", 2)
    path, rows = odk_export(forms, docs, tmp_path)
    write_csv(path, rows)
    args = (
        "import",
        path,
        "--from",
        "odk",
        "--questionnaire",
        "s3-stress-test",
        "--out",
        tmp_path / "o",
    )
    assert cli(*args).code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "o").iterdir()}
    again = cli(*args)
    assert again.code == 0
    assert again.err == M.IMPORT_ALL_THERE.format(out=tmp_path / "o") + "\n"
    assert {p: p.read_bytes() for p in (tmp_path / "o").iterdir()} == before


def respondent_ids(folder: Path) -> list[str]:
    responses, problems = load_responses([folder])
    assert problems == []
    return sorted(r.response.respondent.id for r in responses)


def import_limesurvey(cli: Cli, export: Path, out: Path, name: str = "s3-stress-test") -> Run:
    return cli("import", export, "--from", "limesurvey", "--questionnaire", name, "--out", out)


def test_two_limesurvey_surveys_numbered_from_1_are_scored_together(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """Two regions each run the stress test as a LimeSurvey survey of their own: both number
    their responses 1, 2... The survey id the converted form records keeps them apart, so
    `score` reads both folders; importing an export again finds every response there."""
    docs = known_answers("s3-stress-test", 4)
    structure = forms["s3-stress-test"]["limesurvey"]
    surveys = {"318274": tmp_path / "region-a", "927461": tmp_path / "region-b"}
    exports = {}
    for survey, out in surveys.items():
        rows = limesurvey_rows(structure, docs, survey=survey)
        exports[survey] = write_csv(
            tmp_path / f"results-survey{survey}.csv", rows, sep=";", quote_all=True
        )
        assert import_limesurvey(cli, exports[survey], out).code == 0
    run = cli("score", *surveys.values(), "--data", REPO / "examples" / "data" / "eurostat")
    assert run.code == 0, run.err
    assert "read already" not in run.err
    for survey, out in surveys.items():
        assert respondent_ids(out) == [f"ls-{survey}-{n}" for n in range(1, 5)]
        before = {p: p.read_bytes() for p in out.iterdir()}
        again = import_limesurvey(cli, exports[survey], out)
        assert (again.code, again.err) == (0, M.IMPORT_ALL_THERE.format(out=out) + "\n")
        assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_an_export_of_a_form_converted_without_the_survey_id_keeps_the_ids_it_gave(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """A survey made from a structure converted before the survey id was recorded has no
    such column: its responses keep `ls-<id>`, the ids earlier imports gave them, so an
    export imported again into the same folder is still found there, not imported twice.
    The same holds when the survey id cell is blank."""
    docs = known_answers("s3-stress-test", 3)
    structure = forms["s3-stress-test"]["limesurvey"]
    rows = limesurvey_rows(structure, docs, survey=None)
    assert "surveyId" not in rows[0]
    export = write_csv(tmp_path / "results-survey318274.csv", rows, sep=";", quote_all=True)
    assert import_limesurvey(cli, export, tmp_path / "old").code == 0
    assert respondent_ids(tmp_path / "old") == ["ls-1", "ls-2", "ls-3"]
    rows = limesurvey_rows(structure, docs, survey="")
    blank = write_csv(tmp_path / "blank.csv", rows, sep=";", quote_all=True)
    for out in ("blank", "blank.jsonl"):
        assert import_limesurvey(cli, blank, tmp_path / out).code == 0
        assert respondent_ids(tmp_path / out) == ["ls-1", "ls-2", "ls-3"]


def test_the_limesurvey_structure_records_the_survey_id_in_a_hidden_equation(
    tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """LimeSurvey's export has no survey id column: an Equation question works out {SID},
    hidden, and the codes file names its column."""
    structure = forms["stakeholder-needs"]["limesurvey"]
    rows = list(csv.DictReader(structure.open(encoding="utf-8"), delimiter="\t"))
    found = [r for r in rows if r["name"] == "surveyId"]
    assert [r["language"] for r in found] == list(LANGUAGES)
    assert all(
        (r["class"], r["type/scale"], r["equation"], r["hidden"]) == ("Q", "*", "{SID}", "1")
        for r in found
    )
    codes = structure.with_name(structure.stem + ".codes.csv").read_text(encoding="utf-8")
    assert "\nsurvey,survey,,surveyId,surveyId\n" in codes


def test_a_large_import_reaches_the_disk_while_it_is_written(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file is flushed to disk by a thread of its own every SYNC_EVERY
    characters while the rows are read (here every few responses), and wholly before it is
    put in place: it holds what an import that syncs only at its end writes."""
    path = odk_file(forms, tmp_path, 12)
    assert import_odk(cli, path, tmp_path / "once.jsonl").code == 0
    synced: list[str] = []
    flushed: list[str] = []  # what was fsynced, where the system names it (Linux)
    fsync = os.fsync

    def recorded(fd: int) -> None:
        synced.append(threading.current_thread().name)
        if os.path.exists(f"/proc/self/fd/{fd}"):
            flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        fsync(fd)

    monkeypatch.setattr(files, "SYNC_EVERY", 2000)
    monkeypatch.setattr(os, "fsync", recorded)
    run = import_odk(cli, path, tmp_path / "along.jsonl")
    assert run.code == 0, run.err
    assert "sync" in synced  # while the rows were read (one sync at a time)
    assert synced[-2:] == ["MainThread", "MainThread"]  # the rest, then the file's rename
    if flushed:
        assert flushed[-1] == str(tmp_path)  # the rename survives a crash too
    written = (tmp_path / "along.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == 12
    ids = re.compile(r'"(id|started|updated|submitted)":"[^"]*"')
    once = (tmp_path / "once.jsonl").read_text(encoding="utf-8").splitlines()
    assert [ids.sub("", line) for line in written] == [ids.sub("", line) for line in once]


def test_an_import_stopped_by_sigterm_takes_back_what_it_was_writing(
    tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """`kill`, a scheduler or a container's stop sends SIGTERM: the import stops as after
    Ctrl-C, and the hidden folder of response files it was filling (personal data) goes.
    (A folder of 3,500 files takes seconds to fill: the signal comes while it is.)"""
    out = "responses"
    path, rows = odk_export(forms, known_answers("s3-stress-test", 140) * 25, tmp_path)
    assert len(rows) > 3000  # the header and a row for each response
    write_csv(path, rows)
    before = set(tmp_path.iterdir())
    start = "from s3engine.cli.main import entry_point; entry_point()"
    options = ["--from", "odk", "--questionnaire", "s3-stress-test", "--out", str(tmp_path / out)]
    process = subprocess.Popen(
        [sys.executable, "-c", start, "import", str(path), *options],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(f".{out}.") for p in tmp_path.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert err.strip().endswith("stopped")
    assert set(tmp_path.iterdir()) == before


@pytest.mark.parametrize("out", ["responses", "responses.jsonl"])
def test_a_stop_whose_raise_was_lost_stops_the_import_at_its_next_row(
    tmp_path: Path, forms: dict[str, dict[str, Path]], out: str
) -> None:
    """SIGTERM's raise is lost when it comes while pydantic runs Python code for itself (it
    discards the error): the request is remembered, and the rows' loop stops at the next
    row, taking back what it wrote."""
    from s3engine.core.stop import Terminated, clear_stop, request_stop
    from s3engine.interop.files import import_export

    path = odk_file(forms, tmp_path, 3)
    before = set(tmp_path.iterdir())
    q, _ = load_questionnaire("s3-stress-test")
    request_stop()
    try:
        with pytest.raises(Terminated):
            import_export(q, path, "odk", tmp_path / out)
    finally:
        clear_stop()
    assert set(tmp_path.iterdir()) == before
    # and a file of responses read a batch at a time stops between two batches
    lines = tmp_path / "r.jsonl"
    lines.write_text('{"a": 1}\n{"a": 2}\n', encoding="utf-8")
    request_stop()
    try:
        with pytest.raises(Terminated):
            list(json_lines(lines, quick=lambda batch: range(len(batch))))
    finally:
        clear_stop()


def test_a_disk_error_while_an_import_is_written_names_the_output_and_writes_nothing(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = odk_file(forms, tmp_path, 12)
    fsync = os.fsync

    def full(fd: int) -> None:
        if threading.current_thread().name == "sync":  # the disk fills while rows are read
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsync(fd)

    monkeypatch.setattr(files, "SYNC_EVERY", 2000)
    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "responses.jsonl"
    run = import_odk(cli, path, out)
    assert run.code == 1
    assert f"{out}:" in run.err and M.SYSTEM_REASONS[errno.ENOSPC] in run.err, run.err
    assert "responses.jsonl" not in {p.name for p in tmp_path.rglob("*")}  # nor half of it


def test_an_export_saved_as_utf16_is_refused_saying_so(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """A spreadsheet's "Unicode text" is UTF-16: the message says so and how to save it."""
    path = odk_file(forms, tmp_path, 2)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    out = tmp_path / "responses.jsonl"
    run = import_odk(cli, path, out)
    assert run.code == 1
    assert run.err.startswith(f"{path}:1:1: the file is UTF-16 text"), run.err
    assert 'save it as UTF-8 (from a spreadsheet: "CSV UTF-8")' in run.err
    assert not out.exists()


@pytest.mark.parametrize("out", ["responses", "responses.jsonl"])
def test_an_export_without_rows_says_so_naming_it_and_writes_nothing(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], out: str
) -> None:
    """A survey nobody has answered yet exports its header row alone: not an error, but
    nothing to write, and the user is told in one line which file that is; no folder is
    made for it either (--out in folders that do not exist yet)."""
    path, rows = odk_export(forms, known_answers("s3-stress-test", 1), tmp_path)
    write_csv(path, rows[:1])
    for given in (tmp_path / out, tmp_path / "new" / "wave" / out):
        run = import_odk(cli, path, given)
        assert run.code == 0, run.err
        assert run.err == f"{path}: {M.IMPORT_NO_ROWS}\n"
        assert "imported into" not in run.err  # a file it did not write
        assert sorted(p.name for p in tmp_path.iterdir()) == ["odk.csv"]
    # a folder made for a refused export is taken away too; one there already is kept
    (tmp_path / "kept").mkdir()
    refused = write_csv(tmp_path / "notes.csv", [["note"], ["x"]])
    for given in (tmp_path / "new" / out, tmp_path / "kept" / "new" / out):
        assert import_odk(cli, refused, given).code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "notes.csv", "odk.csv"]
    assert list((tmp_path / "kept").iterdir()) == []


def test_a_disk_error_while_response_files_are_written_names_them_in_the_output(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file per response is written into a temporary folder first: an error names the
    file as it would be in --out, and nothing is put in place."""
    path = odk_file(forms, tmp_path, 3)

    def full(path: Path, content: bytes, private: bool = False) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_temporary", full)
    out = tmp_path / "responses"
    run = import_odk(cli, path, out)
    assert run.code == 1
    assert run.err.startswith(f"{out}/") and ".yaml: " in run.err, run.err
    assert M.SYSTEM_REASONS[errno.ENOSPC] in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odk.csv"]


def test_an_import_into_a_link_to_an_empty_folder_fills_that_folder(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    path = odk_file(forms, tmp_path, 3)
    target = tmp_path / "shared"
    target.mkdir()
    link = tmp_path / "responses"
    link.symlink_to(target)
    run = import_odk(cli, path, link)
    assert run.code == 0, run.err
    assert link.is_symlink() and len(list(target.iterdir())) == 3


@pytest.mark.parametrize("kind", ["a folder named like a .jsonl file", "a file as the folder"])
def test_an_output_of_the_wrong_kind_is_refused_before_the_export_is_read(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], kind: str
) -> None:
    path = odk_file(forms, tmp_path, 3)
    if kind == "a folder named like a .jsonl file":
        out = tmp_path / "responses.jsonl"
        out.mkdir()
    else:
        out = tmp_path / "responses"
        out.write_text("kept\n", encoding="utf-8")
    run = import_odk(cli, path, out)
    assert run.code == 1
    assert run.err.startswith(f"{out}: "), run.err  # the output named, not a temporary file
    assert "nothing was read: choose another name" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odk.csv", out.name]
    if out.is_dir():
        assert list(out.iterdir()) == []
    else:
        assert out.read_text() == "kept\n"


# -- reading the cells and the file -------------------------------------------------------


def kobo_export(
    forms: dict[str, dict[str, Path]], docs: list[Answers], path: Path, *, split: bool = False
) -> Path:
    """A KoboToolbox export of the stress test's `docs` at `path` (.csv, or a workbook)."""
    rows = kobo_rows(forms["s3-stress-test"]["xlsform"], docs, groups=True, split=split)
    if path.suffix == ".csv":
        return write_csv(path, rows, sep=";", quote_all=True)
    return write_xlsx(path, rows)


def import_kobo(cli: Cli, path: Path, out: Path, name: str = "s3-stress-test") -> Run:
    return cli("import", path, "--from", "kobo", "--questionnaire", name, "--out", out)


def kobo_workbook(
    forms: dict[str, dict[str, Path]], tmp_path: Path, count: int
) -> tuple[Path, Any, Any]:
    """A KoboToolbox workbook of `count` known answers: its path, opened, and its sheet."""
    from openpyxl import load_workbook

    path = kobo_export(forms, known_answers("s3-stress-test", count), tmp_path / "kobo.xlsx")
    book = load_workbook(path)
    assert book.active is not None
    return path, book, book.active


def test_a_true_or_false_cell_of_a_workbook_is_refused_never_taken_as_1_or_0(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    path, book, sheet = kobo_workbook(forms, tmp_path, 2)
    headings = [c.value for c in sheet[1]]
    column = headings.index("role_of_clusters/clusters_in_edp") + 1
    sheet.cell(row=2, column=column).value = True  # a point of the scale is 1
    sheet.cell(row=3, column=column).value = False  # and 0: "no information"
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "in.jsonl")
    assert run.code == 1
    where = f"{path}:{{row}}:{column} role_of_clusters/clusters_in_edp: "
    for row, shown in ((2, "TRUE"), (3, "FALSE")):
        assert where.format(row=row) + f"'{shown}' is not a code of this question" in run.err
    assert not (tmp_path / "in.jsonl").exists()


def test_a_number_cell_formatted_as_a_percentage_is_refused_as_shown_never_read_as_its_fraction(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """A budget share typed as 12.5% in a spreadsheet holds 0.125: taken as it is held, the
    answer would be 0.125 percent. It is read as the sheet shows it, which the question's
    rule refuses, telling to write the number alone; a % shown as written (quoted or
    escaped) is no percentage, nor is one in the section of a format for other numbers
    (`0;-0%`: the second section shows negative numbers alone)."""
    path, book, sheet = kobo_workbook(forms, tmp_path, 40)
    headings = [c.value for c in sheet[1]]
    column = headings.index("implementation/s3_budget_share") + 1
    # the rows that answer it (a question for government alone)
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value is not None]
    cells = [
        (0.125, "0.0%"),
        (0.1, "0%"),
        (-0.1, "0;-0%"),
        (0, '0.0;-0.0;0%;"text"'),
        (5, "[<1]0%;0"),
        (12.5, '0.0"%"'),
        (7, "0\\%"),
        (8, '0;-0%;"none"'),
        (0, "0;-0%"),
    ]  # fmt: skip
    assert len(rows) >= len(cells)
    for row, (value, number_format) in zip(rows, cells, strict=False):
        sheet.cell(row=row, column=column).value = value
        sheet.cell(row=row, column=column).number_format = number_format
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "in.jsonl")
    assert run.code == 1
    where = f"{path}:{{row}}:{column} implementation/s3_budget_share: "
    for row, (shown, number) in zip(
        rows,
        (("12.5%", "12.5"), ("10%", "10"), ("-10%", "-10"), ("0%", "0"), ("500%", "500")),
        strict=False,
    ):
        said = (
            f"'{shown}' is written as a percentage: write the number alone, {number}, without "
            "%; a spreadsheet adds % to a cell formatted as a percentage: format it as a number"
        )
        assert where.format(row=row) + said in run.err, run.err
    assert run.err.count(f"{path}:") == 5, run.err


@pytest.mark.parametrize(("top", "number"), [(100, "12.5"), (1, "0.125"), (None, "12.5")])
def test_a_percentage_is_told_to_be_written_as_the_number_it_stands_for_in_the_questions_range(
    top: float | None, number: str
) -> None:
    """12.5% is 12.5 to a question of percentages and 0.125 to a share of at most 1: the
    advice gives the number the question takes."""
    from s3engine.interop.imports import _not_a_number
    from s3engine.questionnaire.model import NumberQuestion

    question = NumberQuestion.model_validate(
        {"id": "share", "type": "number", "text": "Share of the budget", "min": 0, "max": top}
    )
    assert _not_a_number("12.5%", question) == M.IMPORT_PERCENT.format(value="12.5%", number=number)


def test_a_start_time_whose_zone_an_edit_removed_is_refused_at_its_cell_never_read_as_utc(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """KoboToolbox writes the form's start with the device's zone (10:15+01:00 is 09:15
    UTC). A start typed over in a spreadsheet (a date cell, or a text without its zone)
    has lost it: read as UTC, it would be an hour off. It is refused at its cell; the other
    rows are imported, and _submission_time, which KoboToolbox writes in UTC without a
    zone, is read as ever."""
    from datetime import datetime

    path, book, sheet = kobo_workbook(forms, tmp_path, 4)
    headings = [c.value for c in sheet[1]]
    column = headings.index("start") + 1
    assert sheet.cell(2, column).value == "2025-03-14T10:15:00.000+01:00"
    sheet.cell(2, column).value = datetime(2025, 3, 14, 10, 15)
    sheet.cell(2, column).number_format = "dd.mm.yyyy hh:mm"
    sheet.cell(3, column).value = "2025-03-14 10:15"
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "in.jsonl")
    assert run.code == 1
    for row, shown in ((2, "2025-03-14T10:15:00"), (3, "2025-03-14 10:15")):
        assert (
            f"{path}:{row}:{column} start: '{shown}' has no time zone, where KoboToolbox writes "
            "this column's times with one (for example 2025-03-14T09:15:00.000+01:00)"
        ) in run.err, run.err
    assert run.err.count(f"{path}:") == 2, run.err
    imported = [json.loads(line) for line in (tmp_path / "in.jsonl").read_text().splitlines()]
    assert [r["started"] for r in imported] == ["2025-03-14T09:15:00Z"] * 2


@pytest.mark.parametrize("out", ["in.jsonl", "in"])
def test_a_submission_date_without_a_time_is_midnight_utc_whatever_the_machines_zone(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], monkeypatch: Any, out: str
) -> None:
    """KoboToolbox's _submission_time is in UTC without a zone; a cell left with its date
    alone is midnight UTC. On a machine set to New York it was taken for midnight there,
    05:00 UTC: the time, and the name of each response file, hung on the machine's zone."""
    rows = kobo_rows(
        forms["s3-stress-test"]["xlsform"],
        known_answers("s3-stress-test", 2),
        groups=True,
        split=False,
    )
    column = rows[0].index("_submission_time")
    for row in rows[1:]:
        row[column] = "2025-03-14"
    export = write_csv(tmp_path / "kobo.csv", rows, sep=";", quote_all=True)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        run = import_kobo(cli, export, tmp_path / out)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert run.code == 0, run.err
    responses, problems = load_responses([tmp_path / out])
    assert problems == []
    assert {str(r.response.submitted) for r in responses} == {"2025-03-14 00:00:00+00:00"}


def test_a_kobo_workbook_with_times_as_dates_is_refused_with_the_export_setting_to_tick(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    """With 'Store date and number responses as text' unticked, KoboToolbox writes start
    and end as the workbook's dates, which hold no zone (formpack removes it): every
    time would be off by the device's offset. Nothing is imported, and the message says
    which setting to tick, not that a spreadsheet program changed the file."""
    from datetime import datetime

    path, book, sheet = kobo_workbook(forms, tmp_path, 6)
    headings = [c.value for c in sheet[1]]
    for name in ("start", "end"):
        column = headings.index(name) + 1
        for row in range(2, sheet.max_row + 1):
            text = sheet.cell(row, column).value
            sheet.cell(row, column).value = datetime.fromisoformat(text).replace(tzinfo=None)
            sheet.cell(row, column).number_format = "yyyy-mm-dd hh:mm:ss"
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "in.jsonl")
    assert run.code == 1
    start = headings.index("start") + 1
    assert run.err.startswith(
        f"{path}:2:{start} start: KoboToolbox wrote the times of this column as the "
        "workbook's dates, which hold no time zone ('2025-03-14T10:15:00', not such as "
        "2025-03-14T09:15:00.000+01:00), so nothing was imported: export again with 'Store "
        "date and number responses as text' ticked"
    ), run.err
    assert not (tmp_path / "in.jsonl").exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("out", ["in.jsonl", "in"])
def test_texts_and_the_organisation_are_kept_as_exported_like_survey_answers_keeps_them(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], suffix: str, out: str
) -> None:
    (doc,) = known_answers("s3-stress-test", 1)
    texts = [
        ("\tTabbed", "\rCR start", " 007 "),
        ("trailing tab\t", "  two spaces  ", "ACME\u00a0"),
        ("=1+1 ", " @SUM(1)", "-007"),
    ]
    docs: list[Answers] = []
    for alignment, implementation, organisation in texts:  # one profile: rows 3, 4 by columns
        changed = json.loads(json.dumps(doc))
        changed["answers"]["alignment_comment"] = alignment
        changed["answers"]["implementation_comment"] = implementation
        changed["profile"]["organisation"] = organisation
        docs.append(changed)
    docs.append(json.loads(json.dumps(docs[0])))
    docs[-1]["answers"]["alignment_comment"] = " \t "  # spaces alone: left blank, skipped
    path = kobo_export(forms, docs, tmp_path / f"kobo{suffix}")
    run = import_kobo(cli, path, tmp_path / out)
    assert run.code == 0, run.err
    twin_docs = json.loads(json.dumps(docs))
    del twin_docs[-1]["answers"]["alignment_comment"]
    twin = answered_in_terminal_twin(cli, "s3-stress-test", twin_docs, tmp_path / "twin")
    assert content(tmp_path / out, language=False) == content(twin, language=False)
    responses, _ = load_responses([tmp_path / out])
    kept = {r.response.respondent.organisation for r in responses}
    assert kept == {" 007 ", "ACME\u00a0", "-007"}


def test_the_sheet_that_holds_the_export_is_read_and_a_workbook_without_one_says_so(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    path, book, data = kobo_workbook(forms, tmp_path, 3)
    data.title = "stress-test"
    readme = book.create_sheet("README", 0)  # notes first, the data second
    readme["A1"] = "Exported from KoboToolbox"
    book.create_sheet("blank", 0)  # and an empty sheet before both
    book.create_sheet("repeat_group")["A1"] = "_index"  # a repeat group's sheet after
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "in.jsonl")
    assert run.code == 0, run.err
    assert "3 responses imported" in run.err

    del book["stress-test"]
    book.save(path)
    run = import_kobo(cli, path, tmp_path / "again.jsonl")
    assert run.code == 1
    assert run.err.splitlines()[0] == f"{path}:1: " + M.IMPORT_NOT_AN_EXPORT_SHEET.format(
        sheets="'blank', 'README', 'repeat_group'",
        tool="KoboToolbox",
        id="s3-stress-test",
        sheet="README",
        missing=50,
        needed=50,
        headings="'Exported from KoboToolbox'",
        advice=M.IMPORT_EXPORT_KOBO,
    )
    assert not (tmp_path / "again.jsonl").exists()


def test_a_file_that_is_no_export_of_the_questionnaire_gets_one_message(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("stakeholder-needs", 2)
    rows = kobo_rows(forms["stakeholder-needs"]["xlsform"], docs, groups=True, split=True)
    needs = write_csv(tmp_path / "needs.csv", rows, sep=";", quote_all=True)
    listing = tmp_path / "export.json"  # KoboToolbox's JSON API, saved
    listing.write_text('[{"_id": 1, "start": "2025-03-14T10:15:00"}]\n', encoding="utf-8")
    for path in (needs, listing):
        run = import_kobo(cli, path, tmp_path / "in.jsonl")  # the stress test's columns
        assert run.code == 1
        (line, *others) = run.err.splitlines()
        assert line.startswith(
            f"{path}:1: this does not look like an export of s3-stress-test from KoboToolbox: "
        )
        assert "check the file, --from and --questionnaire" in line
        assert others == [], run.err
    assert "its headings begin 'start', 'end', 'form_version', 'profile_consent'," in (
        import_kobo(cli, needs, tmp_path / "in.jsonl").err
    )
    # one column missing is still named, as before
    rows = kobo_rows(forms["s3-stress-test"]["xlsform"], known_answers("s3-stress-test", 1),
                     groups=True, split=False)  # fmt: skip
    drop = rows[0].index("alignment/alignment_national")
    short = write_csv(tmp_path / "short.csv", [r[:drop] + r[drop + 1 :] for r in rows])
    run = import_kobo(cli, short, tmp_path / "in.jsonl")
    assert run.code == 1
    assert "the export has no column for the question 'alignment_national'" in run.err


def test_a_workbook_is_read_whatever_its_name_and_other_files_are_told_apart(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    import gzip
    import zipfile

    docs = known_answers("s3-stress-test", 2)
    workbook = kobo_export(forms, docs, tmp_path / "kobo.xlsx")
    export_csv = kobo_export(forms, docs, tmp_path / "kobo.csv")
    for name in ("kobo.xls", "kobo-xlsx.csv"):  # KoboToolbox's "XLS" download; renamed
        renamed = tmp_path / name
        renamed.write_bytes(workbook.read_bytes())
        run = import_kobo(cli, renamed, tmp_path / f"{name}.jsonl")
        assert run.code == 0, run.err
        assert "2 responses imported" in run.err
    old = tmp_path / "old.xls"  # the header of an OLE2 compound file, as Excel 97-2003 saves
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    packed = tmp_path / "odk.zip"  # ODK Central's "download all": the CSV inside a zip
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(export_csv, "stress-test.csv")
    run = import_kobo(cli, packed, tmp_path / "packed.jsonl")  # read from the archive
    assert run.code == 0, run.err
    assert "2 responses imported" in run.err
    with zipfile.ZipFile(packed, "w") as archive:  # a zip of a folder: unpack it
        archive.write(export_csv, "export/stress-test.csv")
    gzipped = tmp_path / "kobo.csv.gz"
    gzipped.write_bytes(gzip.compress(export_csv.read_bytes()))
    # a workbook saved with a password (Excel's "Encrypt with Password"; this one by
    # msoffcrypto-tool, tests/workbooks/README.md) is an OLE2 file too, but no old Excel file
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes((REPO / "tests" / "workbooks" / "password-protected.xlsx").read_bytes())
    # and one whose parts were zipped with a password (the headers of each part say so)
    zipped_locked = tmp_path / "zip-locked.xlsx"
    zipped_locked.write_bytes(password_flagged(workbook.read_bytes(), every=True))
    expected = {
        old: M.IMPORT_OLD_EXCEL,
        locked: M.IMPORT_LOCKED_WORKBOOK,
        zipped_locked: M.IMPORT_LOCKED_WORKBOOK,
        packed: M.IMPORT_ZIP_NO_CSV.format(names="'export/stress-test.csv'"),
        gzipped: M.IMPORT_ARCHIVE.format(kind="gzip"),
    }
    for path, message in expected.items():
        run = import_kobo(cli, path, tmp_path / "out.jsonl")
        assert run.code == 1
        assert run.err.splitlines() == [f"{path}: {message}"], run.err
        assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("out", ["in.jsonl", "in"])
def test_a_number_too_large_is_quoted_as_the_cell_writes_it(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], out: str
) -> None:
    docs = known_answers("s3-stress-test", 2)
    rows = kobo_rows(forms["s3-stress-test"]["xlsform"], docs, groups=False, split=False)
    column = rows[0].index("cluster_initiatives_count")
    rows[2][column] = "99999999999999999999999"
    path = write_csv(tmp_path / "kobo.csv", rows)
    run = import_kobo(cli, path, tmp_path / out)
    assert run.code == 1
    message = M.YAML_NUMBER_RANGE.format(value="99999999999999999999999")
    assert run.err.splitlines()[0] == f"{path}:3:{column + 1} cluster_initiatives_count: {message}"


@pytest.mark.parametrize("out", ["in.jsonl", "in"])
def test_option_columns_that_disagree_with_the_summary_refuse_the_row(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]], out: str
) -> None:
    (doc,) = known_answers("s3-stress-test", 1)
    path, rows = odk_export(forms, [doc] * 4, tmp_path)  # one profile: rows 3-5 by columns
    header = rows[0]
    summary = header.index("role_of_clusters-priority_domains")
    chosen = rows[1][summary].split()
    others = [h for h in header if h.startswith("role_of_clusters-priority_domains/")]
    unticked = next(h for h in others if h.rpartition("/")[2] not in chosen)
    rows[3][header.index(unticked)] = "1"  # ticked, not in the summary
    rows[4][summary] = chosen[0]  # a summary that lists fewer than the ticks
    write_csv(path, rows)
    run = import_odk(cli, path, tmp_path / out)
    assert run.code == 1
    lines = run.err.splitlines()
    column = header.index(unticked) + 1
    assert lines[0] == f"{path}:4:{column} {unticked}: " + M.IMPORT_TICKS_DISAGREE.format(
        value="1", summary="role_of_clusters-priority_domains", listed=" ".join(chosen)
    )
    second = f"role_of_clusters-priority_domains/{chosen[1]}"
    assert lines[1] == f"{path}:5:{header.index(second) + 1} {second}: " + (
        M.IMPORT_TICKS_DISAGREE.format(
            value="1", summary="role_of_clusters-priority_domains", listed=chosen[0]
        )
    )
    assert "2 responses imported" in run.err and "2 rows refused" in run.err


def test_an_answer_refused_is_not_reported_again_through_the_questions_it_hides(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 25)
    doc = next(d for d in docs if d["answers"].get("clusters_in_s3_count"))
    path, rows = odk_export(forms, [doc], tmp_path)
    header = rows[0]
    count = header.index("cluster_portfolio-cluster_initiatives_count")
    rows[1][count] = "-3"  # hides clusters_in_s3_count, answered in the next column
    write_csv(path, rows)
    run = import_odk(cli, path, tmp_path / "in")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        f"{path}:2:{count + 1} cluster_portfolio-cluster_initiatives_count: expected at least 0"
    )
    assert "hidden" not in run.err

    # an answer hidden by another answer, one that is right, is still named
    answers = dict(doc["answers"], cluster_initiatives_count=-3, s3_calls_exist=False)
    answers["s3_calls_targeting"] = 3
    file = tmp_path / "answers.yaml"
    file.write_text(yaml.safe_dump({**doc, "answers": answers}), encoding="utf-8")
    run = cli("survey", "s3-stress-test", "--answers", file, "--out", tmp_path / "twin")
    assert run.code == 1
    assert "cluster_initiatives_count: expected at least 0" in run.err
    assert "s3_calls_targeting: answered, but the question is hidden" in run.err
    assert "clusters_in_s3_count" not in run.err


# -- responses out for statisticians -------------------------------------------------------


def twin_of(cli: Cli, tmp_path: Path, count: int) -> Path:
    """`count` of the known answers given in the terminal survey, one response file each."""
    docs = known_answers("s3-stress-test", count)
    return answered_in_terminal_twin(cli, "s3-stress-test", docs, tmp_path / "twin")


def export(cli: Cli, responses: Path, fmt: str, out: Path, *options: str) -> Run:
    """`s3engine export` of responses to the stress test as `fmt` into `out`."""
    args = ("--questionnaire", "s3-stress-test", "--to", fmt, *options, "--out", out)
    return cli("export", responses, *args)


@pytest.mark.parametrize("fmt", ["sav", "csv"])
def test_an_export_that_cannot_be_put_in_place_names_its_output_and_leaves_nothing(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    twin = twin_of(cli, tmp_path, 2)
    out = tmp_path / f"stress.{fmt}"
    out.mkdir()  # a folder where the file should go
    run = export(cli, twin, fmt, out)
    assert run.code == 1
    assert run.err.startswith(f"{out}: "), run.err  # never the temporary file
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("fmt", ["sav", "dta", "csv"])
def test_export_for_statisticians_reads_back_with_labels_and_missing_codes(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    import pyreadstat

    twin = twin_of(cli, tmp_path, 12)
    out = tmp_path / f"stress.{fmt}"
    run = export(cli, twin, fmt, out, "--lang", "de")
    assert run.code == 0, run.err
    responses = sorted(
        (r.response for r in load_responses([twin])[0]), key=lambda r: r.respondent.id
    )
    with Path(f"{out}.codebook.csv").open(encoding="utf-8") as handle:
        codebook = list(csv.DictReader(handle))
    full = {r["variable"]: r["label"] for r in codebook if r["label"]}
    if fmt == "csv":
        table = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        rows = sorted(table, key=lambda r: r["respondent_id"])
        assert [r["respondent_id"] for r in rows] == [r.respondent.id for r in responses]
        for row, response in zip(rows, responses, strict=True):
            value = response.answers.get("clusters_in_edp")
            assert row["clusters_in_edp"] == str(value)
            expected = (
                "-98"
                if "role_comment" in response.skipped
                else response.answers.get("role_comment", "-99")
            )
            assert row["role_comment"] in (str(expected), "")
        return
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    frame, meta = reader(str(out), user_missing=True)
    frame = frame.sort_values("respondent_id")
    assert list(frame["respondent_id"]) == [r.respondent.id for r in responses]
    labels = meta.variable_value_labels["clusters_in_edp"]
    assert labels[5.0] == "Hervorragend"  # the German label of point 5
    label = dict(zip(meta.column_names, meta.column_labels, strict=True))["clusters_in_edp"]
    assert full["clusters_in_edp"].startswith(label) and len(label) <= (80 if fmt == "dta" else 256)
    for (_, row), response in zip(frame.iterrows(), responses, strict=True):
        answer = response.answers["clusters_in_edp"]
        if answer == 0:  # "no information": a missing value, not the worst mark
            assert row["clusters_in_edp"] in (0.0, "a")
        else:
            assert row["clusters_in_edp"] == answer
        skipped = "cooperation_agreements_effect" in response.skipped
        asked = "cooperation_agreements_effect" in response.answers
        cell = row["cooperation_agreements_effect"]
        if not asked:
            expected = (-98.0 if skipped else -99.0) if fmt == "sav" else ("b" if skipped else "c")
            assert cell == expected
    if fmt == "sav":
        assert {r["lo"] for r in meta.missing_ranges["clusters_in_edp"]} == {0.0, -98.0, -99.0}
    else:
        # Stata keeps the extended missing values the data hold (.a, .b, .c), with labels
        found = set(meta.missing_user_values["cooperation_agreements_effect"])
        assert found and found <= {"a", "b", "c"}
        assert meta.variable_value_labels["cooperation_agreements_effect"]["c"] == "nicht gefragt"


def test_import_records_the_wave_given(
    cli: Cli, tmp_path: Path, forms: dict[str, dict[str, Path]]
) -> None:
    docs = known_answers("s3-stress-test", 3)
    path, rows = odk_export(forms, docs, tmp_path)
    write_csv(path, rows)
    out = tmp_path / "in.jsonl"
    run = cli("import", path, "--from", "odk", "--questionnaire", "s3-stress-test",
              "--out", out, "--wave", "2026")  # fmt: skip
    assert run.code == 0, run.err
    responses, problems = load_responses([out])
    assert problems == [] and len(responses) == 3
    assert {(r.response.wave.id, r.response.wave.period) for r in responses if r.response.wave} == {
        ("2026", "2026")
    }
