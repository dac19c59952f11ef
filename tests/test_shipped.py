"""The files shipped with s3engine pass their own checks, and can be named without a path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED_QUESTIONNAIRES, Cli

from s3engine.core.findings import UsageError
from s3engine.i18n import LANGUAGES as SHIPPED_LANGUAGES
from s3engine.io.resources import resolve, shipped_dir, shipped_names
from s3engine.questionnaire.checks import load_questionnaire

SHIPPED_SCORING = sorted((REPO / "scoring").glob("*.yaml"))


def named(path: Path) -> tuple[str, str | None]:
    """The questionnaire id and version a shipped file's name gives: `ID.yaml` is the current
    version, `ID-VERSION.yaml` an earlier one kept for the responses that answered it."""
    stem = path.stem
    found = re.fullmatch(r"(.+)-(\d+\.\d+\.\d+)", stem)
    return (found[1], found[2]) if found else (stem, None)


def test_the_shipped_questionnaires_are_there() -> None:
    names = [p.stem for p in SHIPPED_QUESTIONNAIRES]
    assert "s3-stress-test" in names
    assert "stakeholder-needs" in names


@pytest.mark.parametrize("path", SHIPPED_QUESTIONNAIRES, ids=lambda p: p.name)
def test_a_shipped_questionnaire_passes_check_strict(path: Path, cli: Cli) -> None:
    run = cli("check", "--strict", path)
    assert run.code == 0, run.output
    assert run.out.splitlines()[-1] == "1 file checked: all valid; 0 errors, 0 warnings"


@pytest.mark.parametrize("path", SHIPPED_QUESTIONNAIRES, ids=lambda p: p.name)
def test_a_shipped_questionnaire_loads_by_name_in_every_alpine_language(path: Path) -> None:
    questionnaire, loaded = load_questionnaire(path.stem)
    assert Path(loaded.file).resolve() == path.resolve()
    ident, version = named(path)
    assert questionnaire.id == ident
    assert version is None or questionnaire.version == version
    assert set(questionnaire.languages) == set(SHIPPED_LANGUAGES)
    assert questionnaire.default_language == "en"
    # The content hash that responses record does not depend on when or how it is loaded.
    again, _ = load_questionnaire(path)
    assert again.content_hash == questionnaire.content_hash


@pytest.mark.parametrize("path", SHIPPED_SCORING, ids=lambda p: p.name)
def test_a_shipped_scoring_file_passes_check(path: Path, cli: Cli) -> None:
    run = cli("check", path)
    assert run.code == 0, run.output


def test_check_of_the_shipped_folder_prints_a_summary_per_file(cli: Cli) -> None:
    run = cli("check", "--strict", REPO / "questionnaires")
    assert run.code == 0, run.output
    for path in SHIPPED_QUESTIONNAIRES:
        summary = next(line for line in run.out.splitlines() if line.startswith(f"{path}: "))
        ident, version = named(path)
        assert f"questionnaire {ident} {version or ''}" in summary
        assert "languages en de fr it sl (default en)" in summary
    total = len(SHIPPED_QUESTIONNAIRES)
    assert run.out.splitlines()[-1] == f"{total} files checked: all valid; 0 errors, 0 warnings"


def test_the_stress_test_has_the_shape_the_method_asks_for() -> None:
    questionnaire, _ = load_questionnaire("s3-stress-test")
    questions = [q for _, q in questionnaire.questions()]
    assert 30 <= len(questions) <= 50
    assert len(questionnaire.sections) == 6
    scales = [q for q in questions if q.type == "scale"]
    assert len(scales) > len(questions) / 2
    wheel = questionnaire.scale_of(scales[0])
    assert wheel is not None and (wheel.min, wheel.max, wheel.missing) == (0, 5, 0)


def test_shipped_names_and_their_errors() -> None:
    folder = shipped_dir("questionnaires")
    assert folder is not None and folder.is_dir()
    assert {"s3-stress-test", "stakeholder-needs"} <= set(shipped_names("questionnaires"))
    assert resolve("s3-stress-test", "questionnaires").name == "s3-stress-test.yaml"
    assert resolve("stakeholder-needs.yaml", "questionnaires").is_file()
    with pytest.raises(UsageError) as info:
        resolve("s3-stres-test", "questionnaires")
    message = info.value.findings[0].message
    assert message.endswith("no shipped file of that name; did you mean 's3-stress-test'?")
    assert info.value.exit_code == 2
