"""The recommendation catalogue: the shipped one, its checks, and the condition language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write
from plan_fixtures import CATALOGUE_YAML

from s3engine.core.findings import S3Error
from s3engine.i18n import LANGUAGES as SHIPPED_LANGUAGES
from s3engine.plan.catalogue import ACTORS, HORIZONS, NeedTest, leaves
from s3engine.plan.catalogue_checks import load_catalogue

SHIPPED = REPO / "scoring" / "recommendations.yaml"
NEEDS = (
    "access_to_finance",
    "skills_and_talent",
    "internationalisation",
    "cross_border_cooperation",
    "rd_partners",
    "digitalisation",
    "regulation_and_administration",
    "visibility_and_branding",
    "technology_transfer",
    "infrastructure_and_testbeds",
    "green_transition",
    "public_procurement_of_innovation",
)


def test_the_shipped_catalogue_is_valid_without_warnings(cli: Cli) -> None:
    run = cli("check", "--strict", "--format", "json", SHIPPED)
    assert run.code == 0, run.output
    report = json.loads(run.out)["files"][0]
    assert report["kind"] == "catalogue"
    assert report["warnings"] == 0
    assert report["summary"]["recommendations"] >= 24


def test_the_shipped_catalogue_covers_every_dimension_and_need_in_five_languages() -> None:
    catalogue, context = load_catalogue("recommendations")
    assert context.model is not None
    addressed = {r.dimension for r in catalogue.recommendations}
    assert {d.id for d in context.model.dimensions} <= addressed
    answered = {n for r in catalogue.recommendations for n in r.needs}
    for rec in catalogue.recommendations:
        answered.update(leaf.need for leaf, _ in leaves(rec.when) if isinstance(leaf, NeedTest))
    assert set(NEEDS) <= answered
    assert {h for r in catalogue.recommendations for h in [r.horizon]} == set(HORIZONS)
    assert {a for r in catalogue.recommendations for a in r.actors} == set(ACTORS)
    for rec in catalogue.recommendations:
        for text in (rec.title, rec.text, rec.rationale):
            assert isinstance(text, dict)
            assert set(text) == set(SHIPPED_LANGUAGES), rec.id
            assert all(len(value) > 10 for value in text.values()), rec.id


def _catalogue(write: Write, replace: tuple[str, str] = ("", "")) -> Path:
    text = CATALOGUE_YAML.replace(*replace) if replace[0] else CATALOGUE_YAML
    return write("plans/catalogue.yaml", text)


def test_references_are_checked_against_the_model_and_the_needs(cli: Cli, write: Write) -> None:
    path = _catalogue(
        write,
        ("when: {dimension: monitoring, below: 50}", "when: {dimension: monitorng, below: 50}"),
    )
    run = cli("check", path)
    assert run.code == 1
    assert (
        f"{path}:27:12 recommendations[0].when.dimension: there is no dimension "
        "'monitorng' in the model; did you mean 'monitoring'?"
    ) in run.out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{class: [convergence, less_advanced]}",
            "{class: [convergence, lagging]}",
            "there is no class 'lagging' in the model",
        ),
        (
            "{need: access_to_finance, share_at_least: 0.4}",
            "{need: acess_to_finance, share_at_least: 0.4}",
            "there is no need 'acess_to_finance' in the options of 'top_needs'; did you mean "
            "'access_to_finance'?",
        ),
        (
            "{statistic: gerd_pct_gdp, below: 2.0}",
            "{statistic: gerd, below: 2.0}",
            "there is no statistics indicator 'gerd' in the model",
        ),
        (
            "funding: [interreg]",
            "funding: [interreg_alpine]",
            "there is no instrument 'interreg_alpine' in instruments; did you mean 'interreg'?",
        ),
        (
            "comments: [biggest_obstacle]",
            "comments: [contact_email]",
            "'contact_email' holds personal data (personal: true) and is never quoted",
        ),
        (
            "when: {disagreement: monitoring, at_least: 30}",
            "when: {gate: high_gdp}",
            "there is no gate 'high_gdp' in the model",
        ),
        (
            "ranking: top_needs",
            "ranking: unmet_needs",
            "'unmet_needs' is a multiple_choice question; ranking must be a ranking question",
        ),
    ],
)
def test_each_kind_of_reference_is_checked(
    cli: Cli, write: Write, old: str, new: str, message: str
) -> None:
    assert old in CATALOGUE_YAML
    run = cli("check", _catalogue(write, (old, new)))
    assert run.code == 1
    assert message in run.out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "when: {dimension: monitoring, below: 50}",
            "when: {dimension: monitoring, below: 50, above: 10}",
            "a test takes one operator, this one has 2 (below, above); combine tests with all",
        ),
        (
            "when: {dimension: monitoring, below: 50}",
            "when: {dimenson: monitoring, below: 50}",
            "a condition must be a mapping with one of the keys class, dimension",
        ),
        (
            "when: {dimension: monitoring, below: 50}",
            "when: {dimension: monitoring, below: 150}",
            "less than or equal to 100",
        ),
        (
            "horizon: short\n    milestone:",
            "horizon: soon\n    milestone:",
            "'short', 'medium' or 'long'",
        ),
    ],
)
def test_malformed_conditions_get_one_clear_message(
    cli: Cli, write: Write, old: str, new: str, message: str
) -> None:
    assert old in CATALOGUE_YAML
    run = cli("check", _catalogue(write, (old, new)))
    assert run.code == 1
    assert message in run.out
    assert "recommendations[0]" in run.out


def test_missing_translations_and_uncovered_dimensions_are_warnings(cli: Cli, write: Write) -> None:
    run = cli("check", _catalogue(write))
    assert run.code == 0, run.output
    assert "no recommendation addresses the dimension 'implementation'" in run.out
    assert "no recommendation answers the need 'digitalisation'" in run.out
    strict = cli("check", "--strict", _catalogue(write))
    assert strict.code == 1


def test_load_catalogue_refuses_a_catalogue_with_errors(write: Write) -> None:
    path = _catalogue(write, ("model: s3-stress-test", "model: no-such-model"))
    with pytest.raises(S3Error) as error:
        load_catalogue(path)
    assert "the scoring model 'no-such-model' cannot be used" in str(error.value)


def test_schema_catalogue_and_plan(cli: Cli) -> None:
    catalogue = json.loads(cli("schema", "catalogue").out)
    assert "recommendations" in catalogue["properties"]
    assert catalogue["title"] == "s3engine catalogue"
    plan = json.loads(cli("schema", "plan").out)
    assert {"regions", "transnational", "method"} <= set(plan["properties"])
