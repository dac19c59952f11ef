"""Targets files: checked by `check` with every problem at its line, and the distance and
pace of each target against two waves compared (docs/waves.md)."""

from __future__ import annotations

import json

from conftest import REPO, Cli, Write

from s3engine.scoring.checks import load_model
from s3engine.scoring.comparison import Change, Comparison, RegionChange, WaveInfo
from s3engine.scoring.targets import Targets, target_progress


def test_check_reports_each_problem_of_a_targets_file_at_its_line(cli: Cli, write: Write) -> None:
    path = write(
        "targets.yaml",
        """
        s3engine_targets: 1
        model: s3-stress-test
        targets:
          - {region: SI03, composite: true, value: 65, year: 2030}
          - {region: SI03, dimension: monitorin, value: 70, year: 2029}
          - {region: SI03, composite: true, value: 70, year: 2031}
          - {region: ITC4, dimension: implementation, value: 165, year: 2029}
        """,
    )
    run = cli("check", path)
    assert run.code == 1
    assert "targets.yaml:5:" in run.out and "the model has no dimension 'monitorin'" in run.out
    assert "targets.yaml:6:" in run.out and "already has a target for the same thing" in run.out
    assert "targets.yaml:7:" in run.out and "165 is not a score" in run.out
    both = write(
        "both.yaml",
        """
        s3engine_targets: 1
        targets:
          - {region: SI03, composite: true, dimension: alignment, value: 1, year: 2030}
        """,
    )
    run = cli("check", both)
    assert run.code == 1 and "a target names one of indicator, dimension or composite" in run.out
    assert cli("check", REPO / "examples" / "targets.yaml").code == 0
    schema = json.loads(cli("schema", "targets").out)
    assert "s3engine_targets" in schema["properties"]


def test_distance_and_pace_say_reached_on_track_and_off_track() -> None:
    model, _, _ = load_model("s3-stress-test")

    def change(base: float, current: float) -> Change:
        return Change(baseline=base, current=current, change=current - base, verdict="improved")

    region = RegionChange(
        code="SI03", name="Vzhodna Slovenija", respondents_baseline=9, respondents_current=9,
        composite=change(50.0, 56.0), class_baseline="convergence",
        class_current="convergence", transition="same", transition_support=1.0,
        dimensions=[], indicators=[],
    )  # fmt: skip
    comparison = Comparison(
        model_id=model.id, baseline=WaveInfo(id="2024", year=2024, responses=9),
        current=WaveInfo(id="2026", year=2026, responses=9), runs=0, seed=1,
        classes=model.class_ids(), regions=[region],
    )  # fmt: skip
    targets = Targets.model_validate(
        {
            "s3engine_targets": 1,
            "targets": [
                {"region": "SI03", "composite": True, "value": 65, "year": 2029},  # 56 + 3 x 3
                {"region": "SI03", "composite": True, "value": 66, "year": 2029},
                {"region": "SI03", "composite": True, "value": 55, "year": 2029},
                {"region": "AT31", "composite": True, "value": 55, "year": 2029},  # not compared
            ],
        }
    )
    progress = target_progress(targets, comparison, model)
    assert [(p.status, p.distance, p.pace, p.projected) for p in progress] == [
        ("on_track", 9.0, 3.0, 65.0),
        ("off_track", 10.0, 3.0, 65.0),
        ("reached", -1.0, None, None),
    ]
