"""Under --lang, a refusal is said whole in that language: no English sentence in place of a
message, and no English word filled into a translated one (a kind of file, a method, an
unnamed column). Identifiers, codes, paths and key names are quoted as written.

The expected texts are the messages translated by the catalogues (`translator`), so that
these tests say what a reader sees whatever the catalogues hold; the English they must not
show is checked wherever the catalogue of the language translates the message."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from conftest import REPO, Cli

from s3engine.core import messages as M
from s3engine.core.templates import Template
from s3engine.i18n import translator

RESPONSES = REPO / "examples" / "responses"
RESPONSES_2026 = REPO / "examples" / "responses-2026"
DATA = REPO / "examples" / "data" / "eurostat"
AT31_RESPONSE = min((RESPONSES / "AT31").glob("*.yaml"))
LANGS = ["en", "de", "fr"]


def said(lang: str, message: str) -> str:
    return translator(lang).message(message)


def no_english_left(lang: str, output: str, template: Template, *english: str) -> None:
    """The English words of `template` are not in `output` where `lang` translates it."""
    if lang != "en" and said(lang, template) != template:
        left = [words for words in english if words in output]
        assert not left, output


WAVES = ("score", RESPONSES, RESPONSES_2026, "--data", DATA, "--wave", "2026")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("argv", "message", "english"),
    [
        (
            ("score", RESPONSES, "--data", DATA, "--targets", "targets.yaml"),
            M.WAVES_TARGETS_NEED_BASELINE,
            ("needs", "the pace comes from two waves"),
        ),
        (
            (*WAVES, "--baseline", "2024", "--sensitivity", "5"),
            M.WAVES_SENSITIVITY_ONE_WAVE,
            ("scores one wave", "leave it out"),
        ),
        (
            (*WAVES, "--baseline", "2024", "--bootstrap", "10", "--explain", "XX99"),
            M.WAVES_EXPLAIN_NOT_COMPARED.format(region="XX99"),
            ("not a region scored in both waves",),
        ),
        (
            ("score", RESPONSES, "--data", DATA, "--data-year", "2024"),
            M.WAVES_BAD_DATA_YEAR.format(spec="2024"),
            ("write WAVE=YEAR",),
        ),
        (
            ("score", RESPONSES, "--data", DATA, "--explain", "AT33"),
            M.SCORE_EXPLAIN_NOT_SCORED.format(
                region="AT33",
                regions="AT31, AT32, CH02, DE1, DE2, FRC2, ITC1, ITC4, ITH2, ITH3, SI03, SI04",
                hint=M.DID_YOU_MEAN.format(name="AT32"),
            ),
            ("this region was not scored", "did you mean"),
        ),
    ],
)
def test_a_usage_error_of_score_is_said_in_the_language_of_lang(
    cli: Cli, lang: str, argv: tuple[object, ...], message: str, english: tuple[str, ...]
) -> None:
    """`score --lang de --targets t.yaml` said "--targets needs --baseline: the pace comes
    from two waves" in English; the options it names stay as they are typed."""
    run = cli(*argv, "--lang", lang)
    assert run.code == 2
    assert run.err.splitlines()[-1] == f"s3engine: {said(lang, message)}"
    no_english_left(lang, run.err, getattr(message, "template", message), *english)


@pytest.mark.parametrize("lang", LANGS)
def test_plan_says_an_out_that_is_a_file_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "plan.html"
    out.write_text("a plan written earlier", encoding="utf-8")
    run = cli("plan", RESPONSES, "--data", DATA, "--out", out, "--lang", lang)
    assert run.code == 2
    message = M.PLAN_OUT_NOT_A_FOLDER.format(path=str(out))
    assert run.err.splitlines()[-1] == f"s3engine: {said(lang, message)}"
    no_english_left(lang, run.err, M.PLAN_OUT_NOT_A_FOLDER, "exists and is not a folder")
    assert out.read_text(encoding="utf-8") == "a plan written earlier"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("module", "limit", "argv", "path", "message", "english"),
    [
        (
            "s3engine.statistics.eurostat_csv",
            "MAX_BYTES",
            (RESPONSES,),
            DATA / "tgs00042_gerd_pct_gdp.csv",
            M.DATA_FILE_TOO_LARGE,
            "data file",
        ),
        (
            "s3engine.responses.files",
            "MAX_RESPONSE_BYTES",
            (AT31_RESPONSE,),
            AT31_RESPONSE,
            M.RESPONSE_FILE_TOO_LARGE,
            "response file",
        ),
    ],
)
def test_a_file_too_large_is_said_whole_in_the_language_of_lang(
    cli: Cli,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    limit: str,
    argv: tuple[Path, ...],
    path: Path,
    message: Template,
    english: str,
) -> None:
    """German said "die data file ist 0.1 MiB groß": the kind of file is part of the
    sentence, not an English word filled into it."""
    monkeypatch.setattr(importlib.import_module(module), limit, 100)
    run = cli("score", *argv, "--data", DATA, "--lang", lang)
    assert run.code == 1
    size = f"{path.stat().st_size / (1024 * 1024):.1f} MiB"
    filled = message.format(size=size, limit="0.0 MiB")
    assert f"{path}: {said(lang, filled)}" in run.err.splitlines()
    no_english_left(lang, run.err, message, english, "larger than")


@pytest.mark.parametrize("lang", LANGS)
def test_a_duplicate_id_is_said_without_an_english_noun_in_it(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """German said "die dimension-Kennung 'alignment' kommt zweimal vor": the key path says
    whose id it is, the message names the id alone."""
    shipped = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    model = tmp_path / "model.yaml"
    model.write_text(
        shipped.replace("  - id: alignment\n", "  - id: role_of_clusters\n", 1), encoding="utf-8"
    )
    run = cli("score", RESPONSES, "--data", DATA, "--model", model, "--lang", lang)
    assert run.code == 1
    first = shipped[: shipped.index("  - id: role_of_clusters\n")].count("\n") + 1
    message = M.DUPLICATE_ID.format(id="role_of_clusters", first=first)
    assert f"dimensions[1].id: {said(lang, message)}" in run.err
    assert "dimension id" not in run.err


@pytest.mark.parametrize("lang", LANGS)
def test_an_unnamed_column_is_said_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    data = tmp_path / "gerd.csv"
    data.write_text("region,,value\nAT31,1,2\n", encoding="utf-8")
    run = cli("score", RESPONSES, "--data", DATA, "--data", f"gerd={data}", "--lang", lang)
    assert run.code == 1
    (line,) = [line for line in run.err.splitlines() if line.startswith(f"{data}:")]
    assert line.endswith(f"region, {said(lang, M.UNNAMED_COLUMN)}, value")
    no_english_left(lang, line, M.UNNAMED_COLUMN, "(unnamed)")


def test_a_regions_warning_keeps_its_message_to_be_said_in_any_language() -> None:
    """A region's warning about an indicator ("gerd_pct_gdp: CH02 is not in ...csv") keeps
    the message it says, with its code, as findings do: not a text made in English."""
    from s3engine.core.templates import code_of
    from s3engine.scoring.inputs import ScoreRequest, score_files

    result = score_files(ScoreRequest([str(RESPONSES)], [str(DATA)])).result
    ch02 = result.region("CH02")
    assert ch02 is not None
    (warning,) = ch02.warnings
    assert code_of(warning) == "score-region-not-in-source"
    german = said("de", warning)
    note = M.SCORE_REGION_NOT_IN_SOURCE.format(code="CH02", file="tgs00042_gerd_pct_gdp.csv")
    assert german == said("de", M.AT.format(where="gerd_pct_gdp", problem=note))


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_problem_of_a_models_questionnaire_is_said_with_their_number(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """A model whose questionnaire cannot be used says the questionnaire's first problem at
    its place and how many it has: "(and 1 more problems)" in English before, whatever
    the language, and now a count that needs no plural form, translated."""
    shipped = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    model = tmp_path / "model.yaml"
    model.write_text(
        shipped.replace("questionnaire: s3-stress-test\n", "questionnaire: broken.yaml\n", 1),
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text(
        "s3engine_questionnaire: 1\nid: broken\nversion: '1'\ntitle: {en: B}\n"
        "languages: [en]\ndefault_language: en\nsections: 7\nbogus: 1\n",
        encoding="utf-8",
    )
    run = cli("score", RESPONSES, "--model", model, "--lang", lang)
    assert run.code == 1
    (line,) = [line for line in run.err.splitlines() if line.startswith(f"{model}:")]
    head = M.MODEL_QUESTIONNAIRE_INVALID.format(name="broken.yaml", problem="")
    assert f" questionnaire: {said(lang, head)}{tmp_path / 'broken.yaml'}:7:1 sections: " in line
    assert line.endswith(said(lang, M.PROBLEMS_IN_ALL.format(count=3))), line
    no_english_left(lang, line, M.PROBLEMS_IN_ALL, "problems in all", "more problems")


@pytest.mark.parametrize("lang", LANGS)
def test_a_stage_the_model_does_not_have_is_said_without_an_english_noun(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """German said "es gibt kein stage 'agenda' unter stages": the key the finding is at
    names what is missing, the message the name alone."""
    shipped = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    model = tmp_path / "model.yaml"
    model.write_text(shipped.replace("stage: agenda_setting", "stage: agenda", 1), encoding="utf-8")
    run = cli("score", RESPONSES, "--data", DATA, "--model", model, "--lang", lang)
    assert run.code == 1
    message = M.MODEL_UNKNOWN_REF.format(
        id="agenda", under="stages", hint=said(lang, M.DID_YOU_MEAN.format(name="agenda_setting"))
    )
    assert f".stage: {said(lang, message)}" in run.err, run.err
    assert "kein stage" not in run.err


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_for_a_dimension_the_model_does_not_have_is_said_in_the_language_of_lang(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """German said "das Modell hat kein Element 'monitorin' vom Typ dimension": one message
    for each kind of target, whose noun agrees."""
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "s3engine_targets: 1\nmodel: s3-stress-test\ntargets:\n"
        "  - {region: SI03, dimension: monitorin, value: 70, year: 2029}\n",
        encoding="utf-8",
    )
    run = cli(*WAVES, "--baseline", "2024", "--targets", targets, "--lang", lang)
    assert run.code == 1
    message = M.TARGET_UNKNOWN_DIMENSION.format(id="monitorin")
    assert f"{targets}:4:" in run.err and said(lang, message) in run.err, run.err
    no_english_left(lang, run.err, M.TARGET_UNKNOWN_DIMENSION, "the model has no")
