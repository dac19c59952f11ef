"""Regions by name: the survey offers them, and every reader refuses a code that is none.

A stakeholder rarely knows NUTS codes. The survey finds a region by a part of its name in any
of s3engine's languages, or by its code, and shows it in the respondent's language; a code
that is no NUTS code (`TIROL`, `Wien`) is refused with the region it probably means, by the
same rule (questionnaire.answers.region_problem) in `survey --region`, answers files, `check`
of response files, questionnaires and region lists.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_survey_support import CTRL_C, ENTER, drive, load, only_file

from s3engine.cli.main import main
from s3engine.i18n import LANGUAGES as SHIPPED_LANGUAGES
from s3engine.nuts import find_regions, is_nuts_code, nuts_regions, nuts_table
from s3engine.nuts.versions import data_text
from s3engine.questionnaire.answers import region_problem
from s3engine.responses.files import read_response
from s3engine.survey.terminal import SurveySettings

OPEN_REGIONS = """\
id: open
version: "1"
title: {en: Open regions, de: Offene Regionen, sl: Odprte regije}
languages: [en, de, sl]
default_language: en
profile: {ask_organisation: false, ask_sector: false}
sections:
  - id: s
    title: {en: Basics, de: Grundlagen, sl: Osnove}
    questions:
      - id: has_policy
        type: yes_no
        text: {en: "A cluster policy?", de: "Eine Clusterpolitik?", sl: "Politika grozdov?"}
"""


@pytest.mark.parametrize(
    ("typed", "lang", "code", "shown"),
    [
        ("Tirol", "de", "AT33", "AT33  Tirol"),
        ("Wien", "en", "AT13", "AT13  Vienna (Wien)"),
        ("dunaj", "sl", "AT13", "AT13  Dunaj (Wien)"),
    ],
)
def test_the_region_is_found_by_its_name_in_the_respondents_language(
    tmp_path: Path, typed: str, lang: str, code: str, shown: str
) -> None:
    path = tmp_path / "open.yaml"
    path.write_text(OPEN_REGIONS, encoding="utf-8")
    out = tmp_path / "out"
    run = drive(
        load(path),
        SurveySettings(spec=str(path), lang=lang, group="industry", out=out),
        typed + ENTER + ENTER + CTRL_C,
    )
    assert run.code == 130, run.screen
    respondent = read_response(only_file(out)).response.respondent
    assert respondent.region == code
    assert respondent.region_name == nuts_regions()[code].name
    assert shown in run.printed


def test_a_name_that_matches_nothing_is_refused_and_kept_for_correction(tmp_path: Path) -> None:
    path = tmp_path / "open.yaml"
    path.write_text(OPEN_REGIONS, encoding="utf-8")
    out = tmp_path / "out"
    run = drive(
        load(path),
        SurveySettings(spec=str(path), lang="de", group="industry", out=out),
        # "Tirolll" finds nothing and stays; two backspaces and Enter find Tirol.
        "Tirolll" + ENTER + "\x7f\x7f" + ENTER + ENTER + CTRL_C,
    )
    assert read_response(only_file(out)).response.respondent.region == "AT33", run.screen
    # (A pipe is read faster than the screen redraws: the message shown meanwhile is
    # checked as the rule behind it.)
    assert region_problem("TIROLLL") is not None


def test_search_again_goes_back_to_the_typed_name(tmp_path: Path) -> None:
    path = tmp_path / "open.yaml"
    path.write_text(OPEN_REGIONS, encoding="utf-8")
    out = tmp_path / "out"
    # "Tirol" lists five regions, then a separator and "search again" (Up from the first).
    keys = "Tirol" + ENTER + "\x1b[A" + ENTER + "\x7f" * 5 + "Salzburg" + ENTER + ENTER
    run = drive(
        load(path),
        SurveySettings(spec=str(path), lang="en", group="industry", out=out),
        keys + CTRL_C,
    )
    assert read_response(only_file(out)).response.respondent.region == "AT32", run.screen


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("TIROL", "did you mean 'AT33 (Tirol)'?"),
        ("WIEN", "did you mean 'AT13 (Wien)'?"),
        ("Bozen", "did you mean 'ITH1 (Provincia Autonoma di Bolzano/Bozen)'?"),
        ("AT35", "did you mean 'AT3"),
    ],
)
def test_a_code_that_is_no_nuts_code_is_refused_with_a_hint(code: str, hint: str) -> None:
    problem = region_problem(code)
    assert problem is not None and "is not a NUTS code" in problem and hint in problem


def test_every_nuts_code_of_every_version_is_accepted() -> None:
    table = nuts_table()
    for code in [*nuts_regions(), *table.codes[2016], *table.codes[2024]]:
        assert region_problem(code) is None, code
    assert region_problem("SI") is None  # a country is a NUTS region (level 0)


def test_the_same_rule_in_answers_files_flags_and_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "open.yaml"
    path.write_text(OPEN_REGIONS, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "profile: {region: TIROL, group: industry}\nanswers: {has_policy: true}\n",
        encoding="utf-8",
    )
    code = main(["survey", str(path), "--answers", str(answers), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1 and "profile.region: 'TIROL' is not a NUTS code" in err
    assert "did you mean 'AT33 (Tirol)'?" in err

    code = main(["survey", str(path), "--region", "Wien", "--answers", str(answers)])
    err = capsys.readouterr().err
    assert code == 2 and "--region Wien: 'Wien' is not a NUTS code" in err

    answers.write_text(
        "profile: {region: AT33, group: industry}\nanswers: {has_policy: true}\n",
        encoding="utf-8",
    )
    assert main(["survey", str(path), "--answers", str(answers), "--out", str(tmp_path / "o")]) == 0
    written = next((tmp_path / "o").glob("*.yaml"))
    capsys.readouterr()
    assert main(["check", str(written), "--questionnaire", str(path)]) == 0
    text = written.read_text(encoding="utf-8").replace("region: AT33", "region: TIROL")
    written.write_text(text, encoding="utf-8")
    assert main(["check", str(written), "--questionnaire", str(path)]) == 1
    out = capsys.readouterr()
    assert "'TIROL' is not a NUTS code" in out.out + out.err


def test_a_region_list_and_a_questionnaire_with_an_unknown_code_fail_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regions = tmp_path / "regions.yaml"
    regions.write_text("regions:\n  - {code: TIROL, name: Tirol}\n", encoding="utf-8")
    assert main(["check", str(regions)]) == 1
    out = capsys.readouterr()
    assert "did you mean 'AT33 (Tirol)'?" in out.out + out.err
    path = tmp_path / "q.yaml"
    path.write_text(
        OPEN_REGIONS.replace(
            "profile: {",
            "profile: {regions: [{code: AT33, name: Tirol}, {code: VIEN, name: Wien}], ",
        ),
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "'VIEN' is not a NUTS code" in out.out + out.err


def test_the_names_in_other_languages_are_of_nuts_regions_and_shipped_languages() -> None:
    rows = list(csv.DictReader(io.StringIO(data_text("nuts-2021-names.csv"))))
    regions = nuts_regions()
    for row in rows:
        assert row["code"] in regions, row
        assert row["lang"] in SHIPPED_LANGUAGES, row
        assert row["name"] != regions[row["code"]].name, row  # only where it differs
    assert len({(row["code"], row["lang"]) for row in rows}) == len(rows)


def test_the_names_list_and_the_versions_table_agree_on_nuts_2021() -> None:
    """One classification: the EU regions named are the 2021 codes of the versions table."""
    named = {code for code, region in nuts_regions().items() if region.level > 0}
    eu_2021 = {code for code in nuts_table().codes[2021] if not code.startswith("UK")}
    # The table comes from the JRC's converter (EU and EFTA countries); the names add the
    # candidate countries and Liechtenstein.
    assert eu_2021 <= named
    assert all(is_nuts_code(code) for code in eu_2021)
    assert {code[:2] for code in named - eu_2021} <= {"AL", "LI", "ME", "MK", "RS", "TR", "NO"}


def test_every_alpine_space_region_is_named() -> None:
    regions = nuts_regions()
    for country in ("AT", "CH", "DE", "FR", "IT", "LI", "SI"):
        assert regions[country].level == 0
        assert [code for code in regions if code.startswith(country)], country
    assert find_regions("Steiermark")[0].names["en"] == "Styria"
    assert regions["ITH1"].name_in("it") == "Provincia Autonoma di Bolzano/Bozen"


def test_a_region_list_given_to_the_survey_is_offered_first(tmp_path: Path) -> None:
    """`survey --regions examples/regions.yaml`: the stress test's regions by name, and any
    other region by search."""
    from conftest import REPO

    from s3engine.questionnaire.regions import read_region_list

    path = tmp_path / "open.yaml"
    path.write_text(OPEN_REGIONS, encoding="utf-8")
    regions = read_region_list(REPO / "examples" / "regions.yaml")
    out = tmp_path / "out"
    given = SurveySettings(spec=str(path), lang="en", group="industry", out=out, regions=regions)
    # The third region of the list (CH02), by its name in the list.
    run = drive(load(path), given, "\x1b[B\x1b[B" + ENTER + CTRL_C)
    respondent = read_response(only_file(out)).response.respondent
    assert (respondent.region, respondent.region_name) == ("CH02", "Espace Mittelland (Fribourg)")
    assert "CH02  Espace Mittelland (Fribourg)" in run.printed
    # "Another region": up from the first entry, then a search.
    out2 = tmp_path / "out2"
    again = SurveySettings(spec=str(path), lang="en", group="industry", out=out2, regions=regions)
    drive(load(path), again, "\x1b[A" + ENTER + "Vorarlberg" + ENTER + ENTER + CTRL_C)
    assert read_response(only_file(out2)).response.respondent.region == "AT34"
