"""`s3engine check` on a list of regions (examples/regions.yaml and hand-written ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3engine.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def test_the_example_region_list_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "examples" / "regions.yaml")]) == 0
    out = capsys.readouterr().out
    assert "regions 12" in out
    assert "AT31" in out and "SI04" in out


def test_a_region_listed_twice_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text(
        "regions:\n  - {code: AT31, name: Oberösterreich}\n  - {code: AT31, name: Linz}\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:" in out
    assert "regions[1].code: the region AT31 is listed 2 times; keep one" in out


def test_a_lower_case_code_names_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text("regions:\n  - {code: at31, name: Oberösterreich}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:" in out and "regions[0].code" in out and "NUTS code" in out
