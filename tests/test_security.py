"""What docs/security.md promises about untrusted input, beyond the other test modules.

* Text that would act on a terminal (escape sequences, written in a file as `\\e`, `\\x1b`
  or `\\u001b`) is refused in every file a terminal may show, with its place, and every
  message shows such characters escaped, never raw.
* The name of a response file is made of validated parts only, so that it can never leave
  the folder given with --out.

HTML, Markdown, CSV, XLSX and DOCX escaping are tested in test_export.py and
test_plan_cli.py, the YAML loader's guards in test_yamlio.py, limits in test_limits.py.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write
from hypothesis import given
from hypothesis import strategies as st

from s3engine.core.findings import REFUSED_CHARACTERS, Finding, control_character
from s3engine.responses.files import read_response, response_file_name
from s3engine.responses.model import Respondent

ESC = "\x1b"
EXAMPLE = sorted((REPO / "examples" / "responses" / "AT31").glob("*.yaml"))[0]
DATA = REPO / "examples" / "data" / "eurostat"

SURVEY = """\
id: pilot
version: "1"
title: "Cluster pilot"
languages: [en]
default_language: en
profile: {ask_sector: false}
sections:
  - id: main
    title: Main
    questions:
      - id: has_policy
        type: yes_no
        text: "Does your region have a cluster policy?"
      - id: comment
        type: text
        max_length: 200
        text: "Anything else?"
"""


def test_messages_show_control_characters_escaped() -> None:
    finding = Finding("r.json", 3, 7, "answers.x", f"'{ESC}]0;owned{chr(7)}' is not valid\r")
    assert finding.render() == "r.json:3:7 answers.x: '\\x1b]0;owned\\x07' is not valid\\x0d"


def test_every_refused_control_character_is_found_in_any_text() -> None:
    """control_character finds each refused character, alone and within printable text
    (it asks str.isprintable first), and no other character of Unicode."""
    for code in range(0x110000):
        character = chr(code)
        refused = REFUSED_CHARACTERS.fullmatch(character) is not None
        found = control_character(f"Förderung {character} 2027")
        assert found == (f"U+{code:04X}" if refused else None), hex(code)


def test_a_response_that_would_act_on_a_terminal_is_refused(cli: Cli, tmp_path: Path) -> None:
    """A respondent's file names its region `<ESC>]0;...`: the analyst's terminal would set
    its title (or worse) when `score` printed the region's name."""
    data = read_response(EXAMPLE).response.to_data()
    data["respondent"]["region_name"] = f"{ESC}]0;owned{chr(7)}{ESC}[2JOberösterreich"
    path = tmp_path / "responses" / "r.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data), encoding="utf-8")

    # check and score read the file with the same reader: the same finding, at the key
    column = json.dumps(data).index('"region_name"') + 1
    finding = f"{path}:1:{column} respondent.region_name: '\\x1b]0;owned"
    check = cli("check", path)
    assert check.code == 1
    assert finding in check.out and "which a terminal would act on" in check.out

    score = cli("score", path.parent, EXAMPLE.parent, "--data", DATA)
    assert score.code == 1
    assert finding in score.err
    assert "Oberösterreich" in score.out  # the other responses are scored
    for run in (check, score):
        assert ESC not in run.output and chr(7) not in run.output


def test_text_answers_with_control_characters_are_refused(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    survey = write("pilot.yaml", SURVEY)
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "profile": {"region": "SI04", "group": "industry"},
                "answers": {"has_policy": True, "comment": f"fine{ESC}[8m hidden"},
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = cli("survey", survey, "--answers", answers, "--out", out)
    assert run.code == 1
    assert "answers.comment: the text holds the control character U+001B" in run.err
    assert not out.exists()
    # Tabs and line breaks (Windows ones too) are text.
    answers.write_text(
        json.dumps(
            {
                "profile": {"region": "SI04", "group": "industry"},
                "answers": {"comment": "two\tcolumns\r\nand lines"},
            }
        ),
        encoding="utf-8",
    )
    assert cli("survey", survey, "--answers", answers, "--out", out).code == 0


def test_definition_files_with_escapes_are_refused_at_their_place(cli: Cli, write: Write) -> None:
    survey = write("pilot.yaml", SURVEY.replace('"Cluster pilot"', '"Cluster \\e[2J pilot"'))
    run = cli("check", survey)
    assert run.code == 1
    assert f"{survey}:3:8 title: the text holds the control character U+001B" in run.out
    assert ESC not in run.output


def test_statistics_with_control_characters_are_refused(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gdp.csv"
    data.write_text(
        "freq,unit,geo,time,obs_value,obs_flag\n"
        "A,PPS_HAB_EU27_2020,AT31,2023,124,\n"
        f"A,PPS_HAB_EU27_2020,AT32{ESC}[2J,2023,110,\n"
        f"A,PPS_HAB_EU27_2020,SI03,2023,70,e{ESC}]0;x\n",
        encoding="utf-8",
    )
    run = cli(
        "score",
        EXAMPLE.parent,
        "--data",
        f"gdp_per_head={data}",
        DATA / "tgs00042_gerd_pct_gdp.csv",
        DATA / "tgs00109_tertiary_education.csv",
    )
    assert run.code != 0
    assert f"{data}:3 geo: the text holds the control character U+001B" in run.err
    assert f"{data}:4 obs_flag: the text holds the control character U+001B" in run.err
    assert ESC not in run.output


# -- file names ---------------------------------------------------------------------------

REGIONS = st.from_regex(r"[A-Z]{2}[A-Z0-9]{0,3}", fullmatch=True)
GROUPS = st.from_regex(r"[A-Za-z][A-Za-z0-9_\-]{0,79}", fullmatch=True)
IDS = st.from_regex(r"[A-Za-z0-9_\-]{4,64}", fullmatch=True)


@given(REGIONS, GROUPS, IDS)
def test_a_response_file_name_is_one_plain_name(region: str, group: str, rid: str) -> None:
    """Whatever a valid profile holds, its file name is a single name in --out."""
    respondent = Respondent(id=rid, region=region, group=group)
    name = response_file_name(respondent, datetime(2025, 3, 14, 9, 15, tzinfo=UTC))
    assert Path(name).name == name and "/" not in name and "\\" not in name
    assert not name.startswith(".") and ".." not in name.removesuffix(".yaml")


def test_a_region_or_group_that_is_a_path_is_refused_before_anything_is_written(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    survey = write("pilot.yaml", SURVEY)
    out = tmp_path / "out"
    flags = cli("survey", survey, "--region", "../../etc", "--answers", survey, "--out", out)
    assert flags.code == 2 and "--region ../../etc: '../../etc' is not a NUTS code" in flags.err
    answers = write(
        "answers.yaml",
        """
        profile: {region: "AT31/../../x", group: "../industry"}
        answers: {has_policy: true}
        """,
    )
    run = cli("survey", survey, "--answers", answers, "--out", out)
    assert run.code == 1
    assert "profile.region: 'AT31/../../x' is not a NUTS code" in run.err
    assert "profile.group:" in run.err
    assert not out.exists() and not (tmp_path / "x").exists()


def test_a_control_character_typed_into_the_organisation_is_dropped(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed literally (Ctrl-V Esc), it would have stopped the survey with an internal error
    when the profile was made: the response model refuses it."""
    from rich.console import Console

    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.survey.terminal import Survey, SurveySettings

    q, _ = load_questionnaire(write("pilot.yaml", SURVEY))
    survey = Survey(q, SurveySettings(spec="pilot.yaml", lang="en"), Console(file=io.StringIO()))
    monkeypatch.setattr(survey.prompter, "text", lambda *args, **kwargs: f" Holz{ESC}cluster ")
    assert survey._ask_organisation() == "Holzcluster"
