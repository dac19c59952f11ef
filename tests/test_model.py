"""Scoring model files: `s3engine check` finds every problem, with file:line and what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write

from s3engine.i18n import LANGUAGES as SHIPPED_LANGUAGES
from s3engine.i18n.texts import languages_of
from s3engine.questionnaire.checks import iter_texts
from s3engine.scoring.checks import load_model

SHIPPED_MODEL = REPO / "scoring" / "s3-stress-test.yaml"

QUESTIONNAIRE = """
id: mini
version: "1"
title: Mini
languages: [en]
default_language: en
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points: [{value: 0, label: "0"}, {value: 1, label: "1"}, {value: 2, label: "2"},
             {value: 3, label: "3"}, {value: 4, label: "4"}, {value: 5, label: "5"}]
sections:
  - id: s
    title: S
    questions:
      - {id: rating, type: scale, scale: wheel, text: Rating}
      - {id: comment, type: text, text: Comment}
      - {id: email, type: text, text: E-mail, personal: true}
      - {id: agreement, type: yes_no, text: Agreement}
      - id: kind
        type: single_choice
        text: Kind
        options: [{value: a, label: A}, {value: b, label: B}]
"""

GOOD = """
id: mini-model
version: "1"
title: {en: Mini, de: Mini}
languages: [en, de]
default_language: en
questionnaire: questionnaire.yaml
stages: [{id: agenda_setting, label: {en: Agenda setting, de: Agenda-Setting}}]
sources:
  gdp: {file: gdp.csv}
dimensions:
  - id: survey
    label: {en: Survey, de: Befragung}
    indicators:
      - {id: rating, label: {en: Rating, de: Bewertung}, question: rating, stage: agenda_setting}
  - id: capacity
    label: {en: Capacity, de: Kapazität}
    indicators:
      - id: gdp
        label: {en: GDP, de: BIP}
        statistic: gdp
        normalise: {method: ratio, reference_region: EU27_2020}
classes:
  on_threshold: above
  levels:
    - {id: advanced, label: {en: Advanced, de: Fortgeschritten}, min: 60}
    - {id: other, label: {en: Other, de: Andere}}
gates:
  - {id: poor, label: {en: Poor, de: Arm}, indicator: gdp, below: 75, class: other}
"""


@pytest.fixture
def model_file(write: Write) -> Path:
    write("questionnaire.yaml", QUESTIONNAIRE)
    return write("model.yaml", GOOD)


def check(cli: Cli, path: Path) -> list[str]:
    run = cli("check", path)
    return [line for line in run.out.splitlines() if line.startswith(str(path))]


def test_a_good_model_passes_and_is_summarised(cli: Cli, model_file: Path) -> None:
    run = cli("check", "--strict", model_file)
    assert run.code == 0, run.output
    assert f"{model_file}: model: id mini-model; version 1; questionnaire questionnaire.yaml" in (
        run.out
    )
    model, _, questionnaire = load_model(model_file)
    assert questionnaire is not None and questionnaire.id == "mini"
    assert model.gates[0].describe() == "gdp < 75"


def test_the_shipped_model_passes_check_strict(cli: Cli) -> None:
    run = cli("check", "--strict", SHIPPED_MODEL)
    assert run.code == 0, run.output
    assert run.out.splitlines()[-1] == "1 file checked: all valid; 0 errors, 0 warnings"


def test_the_shipped_model_has_the_ids_the_catalogue_relies_on() -> None:
    model, _, questionnaire = load_model("s3-stress-test")
    assert model.questionnaire == "s3-stress-test"
    assert questionnaire is not None and questionnaire.id == "s3-stress-test"
    assert [d.id for d in model.dimensions] == [
        "role_of_clusters",
        "alignment",
        "implementation",
        "monitoring",
        "impact_on_clusters",
        "cluster_portfolio",
        "regional_capacity",
    ]
    # One dimension per section of the questionnaire, built from that section's questions.
    sections = [s.id for s in questionnaire.sections]
    assert [d.id for d in model.dimensions[:6]] == sections
    for dimension in model.dimensions[:6]:
        for indicator in dimension.indicators:
            assert questionnaire.section_of[indicator.question or ""].id == dimension.id
    assert model.class_ids() == ["advanced", "convergence", "less_advanced"]
    assert [s.id for s in model.stages] == [
        "agenda_setting",
        "strategy_development",
        "implementation",
    ]
    capacity = model.dimension_index["regional_capacity"]
    assert [i.id for i in capacity.indicators] == [
        "gerd_pct_gdp",
        "tertiary_education",
        "gdp_per_head",
    ]
    gate = model.gates[0]
    assert (gate.indicator, gate.bounds, gate.class_) == (
        "gdp_per_head",
        [("below", 75.0)],
        "less_advanced",
    )
    assert all(i.stage for _, i in model.indicators())


def test_every_text_of_the_shipped_model_is_in_every_language() -> None:
    model, _, _ = load_model("s3-stress-test")
    assert set(model.languages) == set(SHIPPED_LANGUAGES)
    texts = list(iter_texts(model))
    assert len(texts) > 60
    for path, text in texts:
        assert languages_of(text, model.default_language) == set(SHIPPED_LANGUAGES), path


def test_wheel_points_map_to_0_100_and_no_information_is_missing() -> None:
    from s3engine.scoring.engine import AnswerScores

    _, _, questionnaire = load_model("s3-stress-test")
    assert questionnaire is not None
    question = questionnaire.question_index["clusters_in_edp"]
    scores = AnswerScores.of(questionnaire, question, rescale=True)
    assert [scores.score(v) for v in range(6)] == [None, 0.0, 25.0, 50.0, 75.0, 100.0]


PROBLEMS = [
    # (what is changed, the message expected, the key path it is reported at)
    (
        ("question: rating", "question: ratin"),
        "there is no question 'ratin' in mini 1; did you mean 'rating'?",
        "dimensions[0].indicators[0].question",
    ),
    (
        ("question: rating", "question: comment"),
        "the question 'comment' cannot be scored: a text question has no scores",
        "dimensions[0].indicators[0].question",
    ),
    (
        ("question: rating", "question: email"),
        "'email' asks for personal data, which is never scored",
        "dimensions[0].indicators[0].question",
    ),
    (
        ("question: rating", "question: agreement"),
        "the question 'agreement' cannot be scored: a "
        "yes/no question needs both yes_score and no_score",
        "dimensions[0].indicators[0].question",
    ),
    (
        ("question: rating", "question: kind"),
        "the question 'kind' cannot be scored: fewer than two of its options have different scores",
        "dimensions[0].indicators[0].question",
    ),
    (
        ("stage: agenda_setting}", "stage: agenda}"),
        "there is no 'agenda' under stages",
        "dimensions[0].indicators[0].stage",
    ),
    (
        ("statistic: gdp\n", "statistic: gpd\n"),
        "there is no 'gpd' under sources; did you mean 'gdp'?",
        "dimensions[1].indicators[0].statistic",
    ),
    (
        ("        normalise: {method: ratio, reference_region: EU27_2020}\n", ""),
        "the statistic 'gdp' needs 'normalise:'",
        "dimensions[1].indicators[0].statistic",
    ),
    (
        ("min: 60}", "min: 60}\n    - {id: middle, label: {en: M, de: M}, min: 70}"),
        "the min of 'middle' (70) must be lower than the min of the class before it (60)",
        "classes.levels[1].min",
    ),
    (
        (
            "{id: other, label: {en: Other, de: Andere}}",
            "{id: other, label: {en: O, de: A}, min: 5}",
        ),
        "the last class 'other' takes every composite below the others",
        "classes.levels[1].min",
    ),
    (
        ("id: advanced,", "id: insufficient_evidence,"),
        "'insufficient_evidence' is the class of regions without enough evidence",
        "classes.levels[0].id",
    ),
    (
        ("class: other}", "class: othre}"),
        "there is no class 'othre' (classes: advanced, other); did you mean 'other'?",
        "gates[0].class",
    ),
    (
        ("indicator: gdp, below", "indicator: gpd, below"),
        "there is no 'gpd' under dimensions",
        "gates[0].indicator",
    ),
    (
        ("- id: capacity\n", "- id: survey\n"),
        "'survey' is used twice",
        "dimensions[1].id",
    ),
]


@pytest.mark.parametrize(("change", "message", "where"), PROBLEMS, ids=[p[2] for p in PROBLEMS])
def test_problems_are_reported_at_their_place(
    cli: Cli, write: Write, change: tuple[str, str], message: str, where: str
) -> None:
    write("questionnaire.yaml", QUESTIONNAIRE)
    old, new = change
    assert old in GOOD
    path = write("model.yaml", GOOD.replace(old, new, 1))
    run = cli("check", path)
    assert run.code == 1, run.output
    lines = [line for line in run.out.splitlines() if message in line]
    assert lines, run.out
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+ {re.escape(where)}: ", lines[0]), lines[0]


def test_schema_errors_point_at_the_line(cli: Cli, write: Write) -> None:
    write("questionnaire.yaml", QUESTIONNAIRE)
    path = write("model.yaml", GOOD.replace("on_threshold: above", "on_treshold: above"))
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:23:3 classes.on_treshold: unknown key 'on_treshold'; did you mean " in run.out
    path = write(
        "model.yaml",
        GOOD.replace("{method: ratio, reference_region: EU27_2020}", "{method: ratoi}"),
    )
    run = cli("check", path)
    assert (
        "dimensions[1].indicators[0].normalise.method: unknown normalisation method 'ratoi'; "
        "did you mean 'ratio'?"
    ) in run.out


def test_a_missing_translation_is_a_warning(cli: Cli, write: Write) -> None:
    write("questionnaire.yaml", QUESTIONNAIRE)
    path = write("model.yaml", GOOD.replace("label: {en: Survey, de: Befragung}", "label: Survey"))
    run = cli("check", path)
    assert run.code == 0
    assert "dimensions[0].label: warning: no de text; en will be shown instead" in run.out
    assert cli("check", "--strict", path).code == 1


def test_a_model_naming_a_missing_questionnaire(cli: Cli, write: Write) -> None:
    path = write(
        "model.yaml",
        GOOD.replace("questionnaire: questionnaire.yaml", "questionnaire: nowhere.yaml"),
    )
    run = cli("check", path)
    assert run.code == 1
    assert "questionnaire: the questionnaire 'nowhere.yaml' cannot be used" in run.out


def test_score_refuses_an_invalid_model_with_its_problems(cli: Cli, write: Write) -> None:
    write("questionnaire.yaml", QUESTIONNAIRE)
    path = write("model.yaml", GOOD.replace("question: rating", "question: ratin"))
    run = cli("score", "--model", path, path.parent)
    assert run.code == 1
    assert "there is no question 'ratin'" in run.err
