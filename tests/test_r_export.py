"""Responses for R users, read by a real R: `export --to r` (a script in base R and its data
file) and the .sav and .dta files read with haven (docs/interop.md).

Each test runs one Rscript process, which writes back what R holds (classes, levels,
labels, cells) as tab-separated lines; the test compares them with the questionnaire's labels
in the language asked for and the responses' answers. R comes from Debian's packages
(r-base-core, r-cran-haven): under CI=true a test without it fails, elsewhere it is skipped
(web_support.missing, the rule of the browser and PostgreSQL tests).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import REPO, Cli
from test_statistical_export import (
    NEEDS_1_0,
    NEEDS_RESPONSES,
    REQUIRED,
    RESPONSE_COLUMNS,
    WAVES,
    needs_response,
    two_waves,
)
from web_support import missing

from s3engine.export.safety import xml_text
from s3engine.i18n.texts import Text, builtin, pick
from s3engine.interop.rscript import r_string
from s3engine.interop.statistical import iso_time
from s3engine.questionnaire.answers import region_name
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.files import load_responses
from s3engine.responses.model import Response, wave_of

STRESS_RESPONSES = REPO / "examples" / "responses"
INSTALL = "apt-get install r-base-core r-cran-haven"
#: NA as the R side writes it back.
NA = "\\N"


@pytest.fixture(scope="module")
def rscript() -> str:
    """Debian's Rscript (with haven): a test without it fails under CI=true."""
    found = shutil.which("Rscript")
    if found is None:
        missing("R (Rscript)", INSTALL)
    return found


@pytest.fixture(scope="module")
def haven(rscript: str) -> str:
    """Rscript with R's haven package: a test without it fails under CI=true."""
    found = subprocess.run(
        [rscript, "--vanilla", "-e", 'cat(nzchar(system.file(package = "haven")))'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if found.stdout != "TRUE":
        missing("R's haven package", INSTALL)
    return rscript


def run_r(
    rscript: str, code: str, folder: Path, *args: str | Path, locale: str = "C.UTF-8"
) -> None:
    """Run the R `code` (written to a file in `folder`) with `args`, in `folder`."""
    program = folder / "check.R"
    program.write_text(WRITE_BACK + code, encoding="utf-8")
    env = {**os.environ, "LC_ALL": locale, "LANG": locale}
    done = subprocess.run(
        [rscript, "--vanilla", program, *map(str, args)],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


#: R functions of the checks: `emit(...)` collects a tab-separated line (texts escaped as
#: Python's `unescape` reads them, NA as \N), `done(path)` writes them as UTF-8 bytes.
WRITE_BACK = r"""
lines <- character(0)
esc <- function(x) {
  out <- gsub("\\", "\\\\", enc2utf8(as.character(x)), fixed = TRUE)
  out <- gsub("\t", "\\t", out, fixed = TRUE)
  out <- gsub("\n", "\\n", out, fixed = TRUE)
  out <- gsub("\r", "\\r", out, fixed = TRUE)
  ifelse(is.na(x), "\\N", out)
}
emit <- function(...) {
  parts <- vapply(list(...), function(p) paste(esc(p), collapse = "\t"), "")
  lines <<- c(lines, paste(parts, collapse = "\t"))
}
done <- function(path) {
  con <- file(path, "wb")
  writeLines(enc2utf8(lines), con, useBytes = TRUE)
  close(con)
}
"""


def unescape(text: str) -> str | None:
    if text == NA:
        return None
    out, chars = [], iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def read_back(path: Path) -> dict[tuple[str, str], list[str | None]]:
    """(kind, variable) -> the fields R wrote for it."""
    found: dict[tuple[str, str], list[str | None]] = {}
    for line in path.read_bytes().decode("utf-8").splitlines():
        kind, name, *rest = line.split("\t")
        found[(kind, name)] = [unescape(part) for part in rest]
    return found


# -- what R should hold, from the questionnaire and the answers -----------------------------


def in_lang(q: Questionnaire, lang: str) -> Callable[[Text | None], str]:
    """A text of the questionnaire in `lang` (else its default language), as the export
    labels it."""
    return partial(pick, lang=lang, default=q.default_language)


def expected_columns(q: Questionnaire, lang: str) -> dict[str, tuple[str, list[str] | None]]:
    """Each column -> (its R class, its levels in order for a factor)."""
    text = in_lang(q, lang)
    columns: dict[str, tuple[str, list[str] | None]] = {
        "respondent_id": ("character", None),
        "region": ("character", None),
        "region_name": ("character", None),
        "stakeholder_group": ("factor", [text(g.label) for g in q.profile.groups]),
        "sector": ("factor", [text(s.label) for s in q.profile.sectors]),
        "language": ("character", None),
        "wave": ("character", None),
        "status": ("character", None),
        "started": ("POSIXct", None),
        "submitted": ("POSIXct", None),
    }
    for _, question in q.questions():
        if question.personal:
            continue
        options = [text(o.label) for o in q.options_of(question)]
        if isinstance(question, MultipleChoice):
            not_ticked = builtin("export.option.not_ticked", lang)
            for index, option in enumerate(options, 1):
                columns[f"{question.id}_{index}"] = ("factor", [option, not_ticked])
        elif isinstance(question, Ranking):
            for rank in range(1, question.top + 1):
                columns[f"{question.id}_{rank}"] = ("factor", options)
        elif isinstance(question, SingleChoice):
            columns[question.id] = ("factor", options)
        elif isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            assert scale is not None
            columns[question.id] = ("factor", [text(p.label) for p in scale.points])
        elif isinstance(question, YesNo):
            columns[question.id] = (
                "factor",
                [builtin("survey.yes", lang), builtin("survey.no", lang)],
            )
        elif isinstance(question, NumberQuestion):
            columns[question.id] = ("numeric", None)
        else:
            assert isinstance(question, TextQuestion)
            columns[question.id] = ("character", None)
    return columns


def expected_cells(q: Questionnaire, response: Response, lang: str) -> dict[str, Any]:
    """Each column -> what R should hold for `response`: a label, a number, a text, None."""
    text = in_lang(q, lang)
    who = response.respondent
    group = next(g for g in q.profile.groups if g.id == who.group)
    sector = next((s for s in q.profile.sectors if s.value == who.sector), None)
    cells: dict[str, Any] = {
        "respondent_id": who.id,
        "region": who.region,
        # the examples' respondents agree on their region's name: it is the one `score` gives
        # it (the name most respondents wrote), else the region's NUTS 2021 name
        "region_name": who.region_name or region_name(q, who.region),
        "stakeholder_group": text(group.label),
        "sector": text(sector.label) if sector else None,
        "language": response.language,
        "wave": wave_of(response).id,
        "status": response.status,
        "started": iso_time(response.started),  # R writes a POSIXct back in ISO 8601, UTC
        "submitted": iso_time(response.submitted) if response.submitted else None,
    }
    for _, question in q.questions():
        if question.personal:
            continue
        value = response.answers.get(question.id)
        labels = {o.value: text(o.label) for o in q.options_of(question)}
        answered = value not in (None, "", [])
        if isinstance(question, MultipleChoice):
            not_ticked = builtin("export.option.not_ticked", lang)
            for index, option in enumerate(q.options_of(question), 1):
                cell = (
                    (labels[option.value] if option.value in value else not_ticked)
                    if answered
                    else None
                )
                cells[f"{question.id}_{index}"] = cell
        elif isinstance(question, Ranking):
            for rank in range(1, question.top + 1):
                placed = answered and rank <= len(value)
                cells[f"{question.id}_{rank}"] = labels[value[rank - 1]] if placed else None
        elif not answered:
            cells[question.id] = None
        elif isinstance(question, SingleChoice):
            cells[question.id] = labels[value]
        elif isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            assert scale is not None
            cells[question.id] = next(text(p.label) for p in scale.points if p.value == value)
        elif isinstance(question, YesNo):
            cells[question.id] = builtin("survey.yes" if value else "survey.no", lang)
        elif isinstance(question, NumberQuestion):
            cells[question.id] = float(value)
        else:
            cells[question.id] = xml_text(value)
    return cells


# -- --to r --------------------------------------------------------------------------------

#: Source the script (from another working directory: it finds its data beside it) and
#: write back every column: class, label, levels, cells.
DUMP = r"""
args <- commandArgs(TRUE)
source(args[1])
for (name in names(data)) {
  x <- data[[name]]
  emit("class", name, class(x)[1])
  emit("label", name, attr(x, "label"))
  if (is.factor(x)) emit("levels", name, levels(x))
  if (inherits(x, "POSIXct")) {
    emit("tzone", name, attr(x, "tzone"))
    x <- format(x, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
  }
  emit("cells", name, as.character(x))
}
emit("variable.labels", "data", names(attr(data, "variable.labels")))
emit("variable.labels", "labels", unname(attr(data, "variable.labels")))
done(args[2])
"""

CASES = [
    ("s3-stress-test", STRESS_RESPONSES, "en", "C.UTF-8"),
    ("s3-stress-test", STRESS_RESPONSES, "sl", "C"),  # a locale that is not UTF-8
    (str(NEEDS_1_0), NEEDS_RESPONSES, "de", "C.UTF-8"),
    (str(NEEDS_1_0), NEEDS_RESPONSES, "en", "C"),
]


@pytest.mark.parametrize(("questionnaire", "responses", "lang", "locale"), CASES)
def test_the_r_script_reads_factors_with_their_labels_numbers_texts_and_na(
    cli: Cli, rscript: str, tmp_path: Path, questionnaire: str, responses: Path, lang: str,
    locale: str,
) -> None:  # fmt: skip
    out = tmp_path / "out" / "stress.R"
    run = cli("export", responses, "--questionnaire", questionnaire, "--to", "r",
              "--lang", lang, "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    data = out.with_name("stress.R.data.csv")
    codebook = out.with_name("stress.R.codebook.csv")
    assert run.out.split() == [str(out), str(data), str(codebook)]
    assert out.read_bytes().isascii()  # every other character an escape: any locale reads it
    run_r(rscript, DUMP, tmp_path, out, tmp_path / "back.tsv", locale=locale)
    back = read_back(tmp_path / "back.tsv")

    q, _ = load_questionnaire(questionnaire)
    columns = expected_columns(q, lang)
    assert back[("variable.labels", "data")] == list(columns)
    with codebook.open(encoding="utf-8") as handle:
        full = {r["variable"]: r["label"] for r in csv.DictReader(handle) if r["label"]}
    assert back[("variable.labels", "labels")] == [full[name] for name in columns]
    for name, (kind, levels) in columns.items():
        assert back[("class", name)] == [kind], name
        assert back[("label", name)] == [full[name]], name
        if levels is not None:
            assert back[("levels", name)] == levels, name
        if kind == "POSIXct":
            assert back[("tzone", name)] == ["UTC"], name
    questions = {qn.id: qn for _, qn in q.questions()}
    for name in columns:
        qid = name if name in questions else name.rsplit("_", 1)[0]
        if qid in questions:
            assert full[name].startswith(pick(questions[qid].text, lang, q.default_language))

    loaded = [r.response for r in load_responses([responses])[0]]
    ids = [str(cell) for cell in back[("cells", "respondent_id")] if cell is not None]
    assert len(ids) == len(back[("cells", "respondent_id")])  # no respondent id is NA
    assert sorted(ids) == sorted(r.respondent.id for r in loaded)
    row = {respondent: index for index, respondent in enumerate(ids)}
    seen = {"NA": 0, "level": 0, "no information": 0}
    for response in loaded:
        cells = expected_cells(q, response, lang)
        for name, want in cells.items():
            got = back[("cells", name)][row[response.respondent.id]]
            if isinstance(want, float):
                assert got is not None and float(got) == want, (name, response.respondent.id)
            else:
                assert got == want, (name, response.respondent.id)
            seen["NA" if want is None else "level"] += 1
            point = q.missing_points.get(name)
            if point is not None and response.answers.get(name) == point:
                seen["no information"] += 1
    # the examples hold answers, questions left out and, in the stress test, "no information"
    assert seen["NA"] and seen["level"]
    assert seen["no information"] or questionnaire != "s3-stress-test"


#: Texts a respondent may type, every one of them to come back as typed (as the CSV writer
#: cleans texts: xml_text), whether the data file gave it an apostrophe or not.
TEXTS = [
    "=1+1",
    "'=1+1",  # starts with an apostrophe already
    "''=x",
    "'plain",
    "'",
    "-5",
    "+",
    "@SUM(A1)",
    " \t=x",
    "\t=x",
    "\u200b+1",  # an invisible character before a formula
    "\uff1dSUM(A1)",  # a full-width equals sign
    "' \tnot a formula",
    "NA",
    'say "hi", \\ back\\slash \\n',
    "line\nbreak\n\nend",
    "tab\tinside",
    "\rstarts with a carriage return\r\nthen a Windows line end",  # a text box's Enter
    "\r\n=x",
    "cr\ralone",
    "Grüße – « français » čšž đ 😀",
]


def test_texts_come_back_as_typed_and_only_the_writers_apostrophe_is_taken_away(
    cli: Cli, rscript: str, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    for index, text in enumerate(TEXTS):
        needs_response(folder, f"resp{index:04d}", group="industry", skipped=[],
                       answers={**REQUIRED, "suggestions": text})  # fmt: skip
    out = tmp_path / "needs.R"
    run = cli("export", folder, "--questionnaire", NEEDS_1_0, "--to", "r", "--out", out)
    assert run.code == 0, run.err
    with Path(f"{out}.data.csv").open(encoding="utf-8-sig", newline="") as handle:
        written = {r["respondent_id"]: r["suggestions"] for r in csv.DictReader(handle)}
    assert written["resp0000"] == "'=1+1"  # the spreadsheet's guard
    assert written["resp0001"] == "''=1+1"  # one more, so that one taken away leaves it
    assert written["resp0003"] == "'plain"  # no formula: as typed
    run_r(rscript, DUMP, tmp_path, out, tmp_path / "back.tsv", locale="C")
    back = read_back(tmp_path / "back.tsv")
    got = dict(zip(back[("cells", "respondent_id")], back[("cells", "suggestions")], strict=True))
    # line breaks as the CSV writes them: line feeds
    typed = {f"resp{i:04d}": xml_text(text) for i, text in enumerate(TEXTS)}
    assert got == {k: v.replace("\r\n", "\n").replace("\r", "\n") for k, v in typed.items()}
    assert back[("class", "suggestions")] == ["character"]


def test_rscript_and_source_find_the_data_beside_the_script_from_any_folder(
    cli: Cli, rscript: str, tmp_path: Path
) -> None:
    out = tmp_path / "my data" / "stress.R"  # a folder name with a space
    run = cli("export", STRESS_RESPONSES, "--questionnaire", "s3-stress-test", "--to", "r",
              "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = r"""
    args <- commandArgs(TRUE)
    run <- function(...) system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", ...))
    here <- dirname(args[1])
    # Rscript stress.R, in its folder and from another; source("stress.R") in its folder
    emit("rscript", "in its folder", { setwd(here); run("stress.R") })
    emit("rscript", "elsewhere", { setwd(args[2]); run(shQuote(args[1])) })
    setwd(here)
    source("stress.R")
    emit("source", "rows", nrow(data))
    done(file.path(args[2], "back.tsv"))
    """
    run_r(rscript, code, tmp_path, out, elsewhere)
    back = read_back(elsewhere / "back.tsv")
    assert back[("rscript", "in its folder")] == ["0"]
    assert back[("rscript", "elsewhere")] == ["0"]
    assert back[("source", "rows")] == [str(len(list(STRESS_RESPONSES.rglob("*.yaml"))))]


def test_r_strings_hold_any_text_in_any_locale(rscript: str, tmp_path: Path) -> None:
    """Quotes, backslashes, line ends, controls, letters of every script and emoji, and a
    label far longer than a line of R's script reader, as R string literals in ASCII."""
    texts = {
        "quotes": "a \"quoted\" 'word' \\ \\n \\u{41}",
        "controls": "line\nnext\r\ttab\x01\x7f",
        "letters": "Preskočeno übersprungen question passée « » – ŠČŽ ÄÖÜß",
        "astral": "😀 𝔘 \U0010fffd",
        "long": "čé€ " * 3000,
        "nul": "before\x00after",
    }
    code = (
        "args <- commandArgs(TRUE)\n"
        + "".join(
            f"emit('text', {r_string(name)}, {r_string(text)})\n" for name, text in texts.items()
        )
        + "done(args[1])\n"
    )
    assert code.isascii() and max(len(line) for line in code.splitlines()) < 1000
    run_r(rscript, code, tmp_path, tmp_path / "back.tsv", locale="C")
    back = read_back(tmp_path / "back.tsv")
    assert {name: back[("text", name)] for name in texts} == {
        name: [text.replace("\x00", "")] for name, text in texts.items()
    }


# -- .sav and .dta read with haven -----------------------------------------------------------

#: Read the file as docs/interop.md says (user-missing values kept), write back each
#: column's label, value labels, SPSS's missing values, its codes (a Stata extended missing
#: value as .a, .b, .c) and as_factor's labels.
HAVEN = r"""
library(haven)
args <- commandArgs(TRUE)
d <- if (grepl("[.]sav$", args[1])) read_sav(args[1], user_na = TRUE) else read_dta(args[1])
code <- function(x) ifelse(is_tagged_na(x), paste0(".", na_tag(x)), as.character(unclass(x)))
for (name in names(d)) {
  x <- d[[name]]
  emit("label", name, attr(x, "label"))
  labels <- attr(x, "labels")
  if (!is.null(labels)) {
    emit("labels", name, names(labels))
    emit("values", name, code(labels))
    emit("factor", name, as.character(as_factor(x)))
  }
  if (!is.null(attr(x, "na_values"))) emit("na_values", name, attr(x, "na_values"))
  emit("class", name, class(x)[1])
  if (inherits(x, "POSIXct")) {  # a time: in ISO 8601, as haven read it in UTC
    emit("tzone", name, attr(x, "tzone"))
    x <- format(x, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
  }
  emit("cells", name, if (is.character(x)) x else code(x))
}
done(args[2])
"""

HAVEN_CASES = [
    ("sav", "s3-stress-test", STRESS_RESPONSES, "sl"),
    ("dta", "s3-stress-test", STRESS_RESPONSES, "en"),
    ("sav", str(NEEDS_1_0), NEEDS_RESPONSES, "en"),
    ("dta", str(NEEDS_1_0), NEEDS_RESPONSES, "de"),
]
#: The labels of skipped and not asked (test_statistical_export.LABELS).
REASONS = {
    "en": {"skipped", "not asked"},
    "de": {"übersprungen", "nicht gefragt"},
    "sl": {"preskočeno", "vprašanje ni bilo zastavljeno"},
}


def _same(r_cell: str | None, python: Any) -> bool:
    """Whether haven's code (a number, .a, or a text) is pyreadstat's value."""
    if isinstance(python, datetime):  # pyreadstat's time (UTC, without a zone), or NaT
        return r_cell == (None if python is pd.NaT else f"{python.isoformat()}Z")
    if isinstance(python, str) and len(python) == 1 and r_cell and r_cell.startswith("."):
        return r_cell == f".{python}"  # Stata's extended missing value
    if isinstance(python, int | float):
        if python != python:  # NaN: no answer and no code (a ranking's place left empty)
            return r_cell is None
        return r_cell is not None and float(r_cell) == python
    return r_cell == ("" if python is None else python) or (r_cell is None and python == "")


@pytest.mark.parametrize(("fmt", "questionnaire", "responses", "lang"), HAVEN_CASES)
def test_haven_reads_sav_and_dta_with_value_labels_and_missing_codes(
    cli: Cli, haven: str, tmp_path: Path, fmt: str, questionnaire: str, responses: Path,
    lang: str,
) -> None:  # fmt: skip
    import pyreadstat

    out = tmp_path / f"out.{fmt}"
    run = cli("export", responses, "--questionnaire", questionnaire, "--to", fmt,
              "--lang", lang, "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    run_r(haven, HAVEN, tmp_path, out, tmp_path / "back.tsv")
    back = read_back(tmp_path / "back.tsv")
    with Path(f"{out}.codebook.csv").open(encoding="utf-8") as handle:
        book = list(csv.DictReader(handle))
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    frame, _ = reader(str(out), user_missing=True)

    q, _ = load_questionnaire(questionnaire)
    columns = expected_columns(q, lang)
    loaded = {r.response.respondent.id: r.response for r in load_responses([responses])[0]}
    ids = back[("cells", "respondent_id")]
    for name, (kind, _) in columns.items():
        rows = [r for r in book if r["variable"] == name]
        # (haven drops the blank a label cut to Stata's 80 characters may end in)
        assert back[("label", name)] == [rows[0]["label_in_file"].rstrip()], name
        values = {(r["value"], r["value_label"]) for r in rows[1:]}
        if values:
            got = set(zip(back[("values", name)], back[("labels", name)], strict=True))
            assert got == values, name
        if fmt == "sav" and any(r["missing"] for r in rows):
            codes = {float(r["value"]) for r in rows if r["missing"]}
            assert {float(v) for v in back[("na_values", name)] if v} == codes, name
        cells = back[("cells", name)]
        assert all(_same(c, p) for c, p in zip(cells, frame[name], strict=True)), name
        if kind == "POSIXct":  # a time haven reads as one, in UTC
            assert back[("class", name)] == ["POSIXct"] and back[("tzone", name)] == ["UTC"]
            for respondent, cell in zip(ids, cells, strict=True):
                assert respondent is not None
                assert cell == expected_cells(q, loaded[respondent], lang)[name], name
        if kind != "factor":
            continue
        for respondent, label in zip(ids, back[("factor", name)], strict=True):
            assert respondent is not None
            want = expected_cells(q, loaded[respondent], lang)[name]
            # an answer left out: its reason's label, or NA (a ranking's place left empty)
            assert label == want if want is not None else label in {*REASONS[lang], None}, name


def test_haven_reads_a_text_longer_than_a_stata_str_from_the_dta_whole(
    cli: Cli, haven: str, tmp_path: Path
) -> None:
    """A text of more than 2,045 bytes is a strL in a .dta. haven (ReadStat in R) reads the
    strLs of a release 119 file as empty texts, silently; a release 118 file (Stata 14 and
    later, the format for up to 32,767 variables) it reads whole, as Stata and pandas do."""
    text = "Podjetja težko pridejo do zagonskega kapitala. " + "ž" * 1900  # > 3,800 bytes
    answers = {**REQUIRED, "biggest_obstacle": text}
    needs_response(tmp_path / "in", "long-text-1", group="industry", answers=answers, skipped=[])
    out = tmp_path / "out.dta"
    run = cli("export", tmp_path / "in", "--questionnaire", NEEDS_1_0, "--to", "dta",
              "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    assert out.read_bytes().startswith(b"<stata_dta><header><release>118</release>")
    run_r(haven, HAVEN, tmp_path, out, tmp_path / "back.tsv")
    assert read_back(tmp_path / "back.tsv")[("cells", "biggest_obstacle")] == [text]


# -- waves and times -----------------------------------------------------------------------

#: The wave's, status's and times' columns as R holds them: class, time zone, cells (times
#: in ISO 8601, UTC), and the minutes from started to submitted R computes.
TIMES = r"""
args <- commandArgs(TRUE)
data <- if (grepl("[.]R$", args[1])) {
  source(args[1])
  data
} else {
  library(haven)
  if (grepl("[.]sav$", args[1])) read_sav(args[1]) else read_dta(args[1])
}
emit("cells", "respondent_id", data$respondent_id)
for (name in c("wave", "status", "started", "submitted")) {
  x <- data[[name]]
  emit("class", name, class(x)[1])
  if (inherits(x, "POSIXct")) {
    emit("tzone", name, attr(x, "tzone"))
    x <- format(x, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
  }
  emit("cells", name, x)
}
emit("minutes", "taken", as.numeric(difftime(data$submitted, data$started, units = "mins")))
done(args[2])
"""


@pytest.mark.parametrize("to", ["r", "dta", "sav"])
def test_r_reads_the_waves_and_the_times_in_utc(
    cli: Cli, haven: str, tmp_path: Path, to: str
) -> None:
    """Responses of two waves and a partial one never submitted: the R script and haven
    give the wave and status as texts, the times as POSIXct in UTC (not submitted: NA)."""
    two_waves(tmp_path / "responses")
    out = tmp_path / "out" / ("needs.R" if to == "r" else f"needs.{to}")
    run = cli("export", tmp_path / "responses", "--questionnaire", NEEDS_1_0, "--to", to,
              "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    run_r(haven, TIMES, tmp_path, out, tmp_path / "back.tsv", locale="C")
    back = read_back(tmp_path / "back.tsv")
    assert [back[("class", c)] for c in RESPONSE_COLUMNS] == [
        ["character"], ["character"], ["POSIXct"], ["POSIXct"]
    ]  # fmt: skip
    assert back[("tzone", "started")] == back[("tzone", "submitted")] == ["UTC"]
    ids = back[("cells", "respondent_id")]
    got = {
        respondent: tuple(back[("cells", c)][index] for c in RESPONSE_COLUMNS)
        for index, respondent in enumerate(ids)
    }
    want = {
        respondent: (wave, status, f"{started.isoformat()}Z",
                     None if submitted is None else f"{submitted.isoformat()}Z")
        for respondent, (wave, status, started, submitted) in WAVES.items()
    }  # fmt: skip
    assert got == want
    taken = dict(zip(ids, back[("minutes", "taken")], strict=True))
    assert taken == {"first001": "14", "second01": "24.5", "partial1": None}
