"""`check` and `score` read a response file with the same reader and give the same verdict.

Each test was a file one of them accepted and the other refused: a .json file with a
trailing comma (check read it as YAML), a response whose version was edited while its hash
still matched (check compared only the hash), a response file above the size limit of one
response (check read it with the limit of a questionnaire).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from test_answer_rules import BASE, MODEL, QUESTIONNAIRE
from test_answer_rules import response as valid_response

from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.questionnaire.checks import load_questionnaire


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "questionnaire.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "model.yaml").write_text(MODEL, encoding="utf-8")
    (tmp_path / "responses").mkdir()
    return tmp_path


def response(folder: Path) -> dict[str, Any]:
    """A valid response to the questionnaire of `folder`."""
    q, _ = load_questionnaire(folder / "questionnaire.yaml")
    return valid_response(q, dict(BASE))


def verdicts(cli: Cli, folder: Path, path: Path) -> tuple[int, int, str, str]:
    """Exit codes of `check --strict` and `score`, and what each printed."""
    checked = cli("check", "--strict", "--questionnaire", folder / "questionnaire.yaml", path)
    scored = cli("score", path, "--model", folder / "model.yaml", "--format", "json")
    return checked.code, scored.code, checked.out, scored.err


def test_a_valid_json_response_passes_both(cli: Cli, folder: Path) -> None:
    path = folder / "responses" / "r.json"
    path.write_text(json.dumps(response(folder), indent=2), encoding="utf-8")
    checked, scored, out, err = verdicts(cli, folder, path)
    assert (checked, scored) == (0, 0), out + err


def test_a_json_file_with_a_trailing_comma_is_invalid_json_for_both(cli: Cli, folder: Path) -> None:
    path = folder / "responses" / "r.json"
    text = json.dumps(response(folder), indent=2)
    path.write_text(text.replace('"has": true', '"has": true,'), encoding="utf-8")
    checked, scored, out, err = verdicts(cli, folder, path)
    assert (checked, scored) == (1, 1)
    line = text[: text.index('"has": true')].count("\n") + 2  # the brace after the comma
    assert f"{path}:{line}:" in out and "invalid JSON: trailing comma" in out
    assert f"{path}:{line}:" in err and "invalid JSON: trailing comma" in err
    assert "YAML" not in out + err


def test_an_edited_version_with_the_right_hash_is_refused_by_both(cli: Cli, folder: Path) -> None:
    data = response(folder)
    data["questionnaire"] = {**data["questionnaire"], "version": "2"}
    path = folder / "responses" / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    checked, scored, out, err = verdicts(cli, folder, path)
    assert (checked, scored) == (1, 1), out + err
    assert "version 2" in out and "it answers version 2" in err


def test_a_response_file_above_the_limit_of_one_response_is_refused_by_both(
    cli: Cli, folder: Path
) -> None:
    data = response(folder)
    path = folder / "responses" / "r.json"
    padding = " " * (MAX_RESPONSE_BYTES + 1)
    path.write_text(json.dumps(data)[:-1] + padding + "}", encoding="utf-8")
    checked, scored, out, err = verdicts(cli, folder, path)
    assert (checked, scored) == (1, 1)
    assert "larger than the limit of 1.0 MiB" in out and "larger than the limit of 1.0 MiB" in err
