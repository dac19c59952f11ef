"""`score --wave W --baseline B`: what changed between two survey waves, and whether it is
more than the noise of who answered (docs/waves.md)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli, Write

from s3engine.questionnaire.checks import load_questionnaire
from s3engine.scoring.inputs import ScoreRequest, compare_files, score_files

EXAMPLES = REPO / "examples"
QUESTIONNAIRE = """\
id: mini
version: "1"
title: A small stress test
languages: [en]
default_language: en
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points:
      - {value: 0, label: No information}
      - {value: 1, label: Poor}
      - {value: 2, label: To be improved}
      - {value: 3, label: Fair}
      - {value: 4, label: Strong}
      - {value: 5, label: Excellent}
sections:
  - id: clusters
    title: Clusters and the S3
    questions:
      - {id: edp, type: scale, scale: wheel, text: Clusters took part in the discovery.}
      - {id: calls, type: scale, scale: wheel, text: The S3 calls support cluster projects.}
"""
MODEL = """\
id: mini-model
version: "1"
title: A small model
languages: [en]
default_language: en
questionnaire: questionnaire.yaml
respondents: {aggregation: group_mean, min_respondents: 3, min_groups: 2}
dimensions:
  - id: clusters
    label: Clusters
    indicators:
      - {id: edp, label: Discovery, question: edp}
      - {id: calls, label: Calls, question: calls}
classes:
  on_threshold: above
  levels:
    - {id: advanced, label: Advanced, min: 65}
    - {id: convergence, label: Convergence, min: 45}
    - {id: less_advanced, label: Less advanced}
"""
GROUPS = ("government", "industry", "academia")
#: Answer probabilities on the wheel (1-5) before and after a built-in improvement.
BEFORE = (0.1, 0.25, 0.3, 0.25, 0.1)
AFTER = (0.0, 0.1, 0.3, 0.35, 0.25)


def expected(p: tuple[float, ...]) -> float:
    """The expected score (0-100) of an answer drawn with probabilities p on points 1-5."""
    return sum(share * (point - 1) * 25 for point, share in enumerate(p, 1))


def responses(
    path: Path, ref: dict[str, str], rng: random.Random, wave: str, plan: dict[str, Any]
) -> None:
    """Write one wave's responses: per region, `plan[region]` = (probabilities, per group)."""
    lines = []
    for region, (p, per_group) in plan.items():
        for group in GROUPS:
            for _ in range(per_group):
                answers = {q: rng.choices(range(1, 6), weights=p)[0] for q in ("edp", "calls")}
                lines.append(
                    {
                        "s3engine_response": 1,
                        "questionnaire": ref,
                        "wave": {"id": wave, "period": wave},
                        "respondent": {
                            "id": f"{rng.getrandbits(48):012x}",
                            "region": region,
                            "group": group,
                        },
                        "language": "en",
                        "status": "complete",
                        "started": f"{wave}-04-01T08:00:00Z",
                        "updated": f"{wave}-04-01T08:10:00Z",
                        "submitted": f"{wave}-04-01T08:10:00Z",
                        "answers": answers,
                    }
                )
    with path.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(line) + "\n" for line in lines)


@pytest.fixture
def mini(write: Write) -> tuple[Path, dict[str, str]]:
    questionnaire = write("questionnaire.yaml", QUESTIONNAIRE)
    model = write("model.yaml", MODEL)
    q, _ = load_questionnaire(str(questionnaire))
    return model, {"id": q.id, "version": q.version, "hash": q.content_hash}


def test_no_real_change_is_unchanged_and_a_built_in_improvement_is_found_and_covered(
    mini: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """AT31 answers alike in both waves; SI04 improves by a known amount. Over seeded
    repetitions the interval of SI04's change covers the true change in most of them
    (measured: see docs/waves.md), and AT31 is mostly 'unchanged within uncertainty'."""
    model, ref = mini
    true_change = expected(AFTER) - expected(BEFORE)
    repetitions, covered, unchanged = 20, 0, 0
    for seed in range(repetitions):
        rng = random.Random(seed)
        path = tmp_path / f"r{seed}.jsonl"
        responses(path, ref, rng, "2024", {"AT31": (BEFORE, 6), "SI04": (BEFORE, 6)})
        responses(path, ref, rng, "2026", {"AT31": (BEFORE, 6), "SI04": (AFTER, 6)})
        request = ScoreRequest(responses=[str(path)], model=str(model), wave="2026",
                               baseline="2024", bootstrap=300, seed=seed)  # fmt: skip
        outcome = compare_files(request)
        assert outcome.problems == []
        at31, si04 = outcome.comparison.regions
        assert (at31.code, si04.code) == ("AT31", "SI04")
        assert si04.composite.change is not None and si04.composite.change > 0  # the sign
        low, high = si04.composite.low, si04.composite.high
        assert low is not None and high is not None
        covered += low <= true_change <= high
        unchanged += at31.composite.verdict == "unchanged"
    assert covered >= 0.8 * repetitions, covered
    assert unchanged >= 0.8 * repetitions, unchanged


def test_the_comparison_shows_the_same_scores_as_each_wave_scored_alone(cli: Cli) -> None:
    """The observed values of the comparison are those of `score --wave` (one rule), and the
    shipped examples show the mix of change built into the second wave."""
    paths = [str(EXAMPLES / "responses"), str(EXAMPLES / "responses-2026")]
    data = [str(EXAMPLES / "data" / "eurostat")]
    request = ScoreRequest(paths, data, wave="2026", baseline="2024", bootstrap=100)
    outcome = compare_files(request)
    for wave, side in (("2024", "baseline"), ("2026", "current")):
        alone = score_files(ScoreRequest(paths, data, wave=wave)).result
        assert alone.responses_read == getattr(outcome.comparison, side).responses
        for region, change in zip(alone.regions, outcome.comparison.regions, strict=True):
            assert getattr(change.composite, side) == pytest.approx(region.composite, abs=1e-6)
            for dimension, compared in zip(region.dimensions, change.dimensions, strict=True):
                assert getattr(compared, side) == pytest.approx(dimension.score, abs=1e-6)
            assert getattr(change, f"class_{side}") == region.class_id
    verdicts = {r.code: r.composite.verdict for r in outcome.comparison.regions}
    assert verdicts["AT31"] == "unchanged"  # no change built in
    assert verdicts["ITH3"] == "improved" and verdicts["ITC4"] == "worsened"
    ith2 = next(r for r in outcome.comparison.regions if r.code == "ITH2")
    assert ith2.transition == "up" and ith2.transition_support is not None
    # --data-year 2024=2022: the baseline's statistics as published in 2024, years shown
    run = cli("score", *paths, "--data", *data, "--wave", "2026", "--baseline", "2024",
              "--bootstrap", "100", "--explain", "ITH3", "--data-year", "2024=2022")  # fmt: skip
    assert run.code == 0, run.err
    assert "improved" in run.out and "Role of clusters" in run.out
    assert "2022 / 2023" in run.out  # GDP per head and GERD: the year of each wave
    run = cli("score", *paths, "--data", *data, "--wave", "2026", "--baseline", "2024",
              "--data-year", "2024:2022")  # fmt: skip
    assert run.code == 2 and "write WAVE=YEAR" in run.err


def test_a_wave_without_responses_and_a_baseline_without_wave_are_usage_errors(
    cli: Cli,
) -> None:
    folder, data = EXAMPLES / "responses", EXAMPLES / "data" / "eurostat"
    run = cli("score", folder, "--data", data, "--wave", "2026", "--baseline", "2024")
    assert run.code == 2 and "no response of the wave '2026'" in run.err
    assert "waves found: 2024" in run.err
    run = cli("score", folder, "--baseline", "2024")
    assert run.code == 2 and "--baseline needs --wave" in run.err


def test_a_changed_question_without_a_mapping_is_left_out_with_a_message(
    mini: tuple[Path, dict[str, str]], write: Write, tmp_path: Path, cli: Cli
) -> None:
    """The baseline answered version 1; version 2 rewrote 'calls' as 'calls_for_clusters'.
    The model maps 'edp' only: 'calls' is left out of the change, and said so."""
    _, old_ref = mini
    write("questionnaire-1.yaml", QUESTIONNAIRE)
    changed = QUESTIONNAIRE.replace('version: "1"', 'version: "2"').replace(
        "{id: calls, type: scale, scale: wheel, text: The S3 calls support cluster projects.}",
        "{id: calls_for_clusters, type: scale, scale: wheel, text: Calls fund cluster work.}",
    )
    write("questionnaire.yaml", changed)
    model = write(
        "model.yaml",
        MODEL.replace("question: calls}", "question: calls_for_clusters}")
        + "comparable_with:\n  - questionnaire: questionnaire-1.yaml\n"
        + "    questions: {edp: edp}\n",
    )
    q, _ = load_questionnaire(str(tmp_path / "questionnaire.yaml"))
    new_ref = {"id": q.id, "version": q.version, "hash": q.content_hash}
    path = tmp_path / "waves.jsonl"
    rng = random.Random(7)
    responses(path, old_ref, rng, "2024", {"AT31": (BEFORE, 4)})
    lines = []
    for region, group in [("AT31", g) for g in GROUPS for _ in range(4)]:
        lines.append({"s3engine_response": 1, "questionnaire": new_ref,
                      "wave": {"id": "2026", "period": "2026"},
                      "respondent": {"id": f"{rng.getrandbits(48):012x}", "region": region,
                                     "group": group},
                      "language": "en", "status": "complete",
                      "started": "2026-04-01T08:00:00Z", "updated": "2026-04-01T08:10:00Z",
                      "submitted": "2026-04-01T08:10:00Z",
                      "answers": {"edp": 4, "calls_for_clusters": 5}})  # fmt: skip
    with path.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(line) + "\n" for line in lines)
    request = ScoreRequest([str(path)], model=str(model), wave="2026", baseline="2024",
                           bootstrap=50)  # fmt: skip
    outcome = compare_files(request)
    assert outcome.problems == []
    comparison = outcome.comparison
    assert list(comparison.not_comparable) == ["calls"]
    assert "calls_for_clusters" in comparison.not_comparable["calls"]
    assert "mini 1" in comparison.not_comparable["calls"]
    (compared,) = comparison.regions
    by_id = {i.id: i for i in compared.indicators}
    assert by_id["calls"].verdict == "not_comparable" and by_id["calls"].change is None
    assert by_id["edp"].change is not None
    # the dimension and composite compare 'edp' alone in both waves
    assert compared.composite.current == pytest.approx(75.0)
    run = cli("score", path, "--model", model, "--wave", "2026", "--baseline", "2024",
              "--bootstrap", "50")  # fmt: skip
    assert run.code == 0, run.err
    assert "calls: left out of the comparison of the waves" in run.out


def test_relative_normalisations_use_the_goalposts_of_both_waves_pooled(
    mini: tuple[Path, dict[str, str]], write: Write, tmp_path: Path
) -> None:
    """Min-max over the regions: in the comparison, 0 and 100 are the lowest and highest
    value of both waves together, so that a region does not score 100 in each wave by
    definition."""
    _, ref = mini
    model = write("model.yaml", MODEL.replace("question: edp}", "question: edp, "
                  "normalise: {method: minmax}}"))  # fmt: skip
    path = tmp_path / "waves.jsonl"
    rng = random.Random(3)
    worse = (0.4, 0.3, 0.2, 0.1, 0.0)
    responses(path, ref, rng, "2024", {"AT31": (BEFORE, 4), "SI04": (worse, 4)})
    responses(path, ref, rng, "2026", {"AT31": (AFTER, 4), "SI04": (BEFORE, 4)})
    request = ScoreRequest([str(path)], model=str(model), wave="2026", baseline="2024",
                           bootstrap=30)  # fmt: skip
    comparison = compare_files(request).comparison
    edp = [next(i for i in r.indicators if i.id == "edp") for r in comparison.regions]
    pooled = [v for i in edp for v in (i.baseline, i.current)]
    assert min(v for v in pooled if v is not None) == 0.0
    assert max(v for v in pooled if v is not None) == 100.0
    # each wave alone would put one region at 0 and the other at 100 in both waves
    assert sorted(v for v in pooled if v is not None) != [0.0, 0.0, 100.0, 100.0]
