"""Scoring survey answers: every figure is checked against a computation done by hand.

A tiny questionnaire and model are written inline; the expected numbers are worked out in
the comments (the same arithmetic docs/scoring-model.md describes), never by calling the
code under test.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from conftest import Write

from s3engine.core.findings import UsageError
from s3engine.questionnaire.model import Questionnaire, Region
from s3engine.responses.model import QuestionnaireRef, Respondent, Response
from s3engine.scoring.checks import load_model
from s3engine.scoring.engine import score
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.results import INSUFFICIENT, ScoreResult

QUESTIONNAIRE = """
id: tiny
version: "1"
title: Tiny stress test
languages: [en]
default_language: en
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points:
      - {value: 0, label: no information}
      - {value: 1, label: poor}
      - {value: 2, label: to be improved}
      - {value: 3, label: fair}
      - {value: 4, label: strong}
      - {value: 5, label: excellent}
sections:
  - id: s1
    title: One
    questions:
      - {id: a, type: scale, scale: wheel, text: A}
      - {id: b, type: scale, scale: wheel, text: B}
      - {id: c, type: yes_no, text: C, yes_score: 100, no_score: 0}
      - id: d
        type: single_choice
        text: D
        options:
          - {value: x, label: X, score: 0}
          - {value: y, label: Y, score: 30}
          - {value: z, label: Z, score: 60}
          - {value: dk, label: "Don't know"}
      - {id: e, type: scale, scale: wheel, text: E, show_if: {question: c, equals: true}}
      - {id: t, type: text, text: Comment}
"""

MODEL = """
id: tiny-model
version: "1"
title: Tiny model
languages: [en]
default_language: en
questionnaire: questionnaire.yaml
respondents: {{aggregation: {aggregation}, min_respondents: {min_respondents}, min_groups: 2}}
aggregation: {method}
min_coverage: 0.5
min_dimension_share: 1
stages:
  - {{id: agenda_setting, label: Agenda setting}}
  - {{id: implementation, label: Implementation}}
dimensions:
  - id: d1
    label: First
    weight: 1
    indicators:
      - {{id: a, label: A, question: a, weight: 1, stage: agenda_setting}}
      - {{id: b, label: B, question: b, weight: 3, stage: implementation}}
  - id: d2
    label: Second
    weight: 3
    indicators:
      - {{id: c, label: C, question: c, stage: implementation}}
      - {{id: d, label: D, question: d}}
classes:
  on_threshold: above
  levels:
    - {{id: advanced, label: Advanced, min: 65}}
    - {{id: convergence, label: Convergence, min: 45}}
    - {{id: less_advanced, label: Less advanced}}
"""

START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def setup(
    write: Write,
    *,
    aggregation: str = "group_mean",
    method: str = "arithmetic",
    min_respondents: int = 2,
) -> tuple[ScoringModel, Questionnaire]:
    write("questionnaire.yaml", QUESTIONNAIRE)
    path = write(
        "model.yaml",
        MODEL.format(aggregation=aggregation, method=method, min_respondents=min_respondents),
    )
    model, _, questionnaire = load_model(path)
    assert questionnaire is not None
    return model, questionnaire


_counter = iter(range(10**6))


def answer(
    q: Questionnaire,
    region: str,
    group: str,
    answers: dict[str, Any],
    *,
    status: Literal["complete", "partial"] = "complete",
    version: str | None = None,
    digest: str | None = None,
    rid: str | None = None,
    name: str | None = None,
) -> Response:
    return Response(
        questionnaire=QuestionnaireRef(
            id=q.id, version=version or q.version, hash=digest or q.content_hash
        ),
        respondent=Respondent(
            id=rid or f"r{next(_counter):05d}", region=region, group=group, region_name=name
        ),
        language="en",
        status=status,
        started=START,
        updated=START + timedelta(minutes=10),
        submitted=START + timedelta(minutes=10) if status == "complete" else None,
        answers=answers,
    )


def indicator(result: ScoreResult, region: str, ind: str) -> Any:
    found = result.region(region)
    assert found is not None
    return next(i for d in found.dimensions for i in d.indicators if i.id == ind)


def dimension(result: ScoreResult, region: str, dim: str) -> Any:
    found = result.region(region)
    assert found is not None
    return next(d for d in found.dimensions if d.id == dim)


# -- from respondents to a region value ------------------------------------------------------


def test_each_stakeholder_group_counts_equally_however_many_answered(write: Write) -> None:
    model, q = setup(write)
    responses = [
        answer(q, "AT31", "government", {"a": 5}),  # 100
        answer(q, "AT31", "industry", {"a": 1}),  # 0
        answer(q, "AT31", "industry", {"a": 2}),  # 25
        answer(q, "AT31", "industry", {"a": 3}),  # 50 -> industry mean 25
    ]
    result = score(model, questionnaire=q, responses=responses)
    a = indicator(result, "AT31", "a")
    assert a.raw == 62.5  # (100 + 25) / 2, not (100 + 0 + 25 + 50) / 4 = 43.75
    assert a.group_means == {"government": 100.0, "industry": 25.0}
    assert a.respondents == 4
    assert a.disagreement == 75.0
    region = result.region("AT31")
    assert region is not None
    assert region.respondents == 4
    assert region.respondents_by_group == {"government": 1, "industry": 3}


def test_a_region_name_needs_the_most_votes(write: Write) -> None:
    # One respondent cannot rename a region: the name most responses give wins.
    model, q = setup(write)
    names = ["Hacked region", "Oberösterreich", "Oberösterreich"]
    groups = ["government", "industry", "industry"]
    responses = [
        answer(q, "AT31", group, {"a": 4}, name=name)
        for group, name in zip(groups, names, strict=True)
    ]
    result = score(model, questionnaire=q, responses=responses)
    region = result.region("AT31")
    assert region is not None
    assert region.name == "Oberösterreich"


def test_a_region_no_response_names_is_called_by_its_nuts_name_as_export_calls_it(
    write: Write,
) -> None:
    """Responses written without the region's name (an answers file by hand) leave the
    region its NUTS 2021 name in the national language, as the survey would have recorded
    it and as `export` names it; a code NUTS does not know stays the name."""
    model, q = setup(write)
    responses = [answer(q, region, "government", {"a": 4}) for region in ("AT31", "SI04")]
    result = score(model, questionnaire=q, responses=responses)
    names = {code: found.name for code in ("AT31", "SI04") if (found := result.region(code))}
    assert names == {"AT31": "Oberösterreich", "SI04": "Zahodna Slovenija"}


def test_pooled_aggregation_counts_every_respondent_once(write: Write) -> None:
    model, q = setup(write, aggregation="pooled")
    responses = [
        answer(q, "AT31", "government", {"a": 5}),
        answer(q, "AT31", "industry", {"a": 1}),
        answer(q, "AT31", "industry", {"a": 2}),
        answer(q, "AT31", "industry", {"a": 3}),
    ]
    result = score(model, questionnaire=q, responses=responses)
    assert indicator(result, "AT31", "a").raw == 43.75


def test_no_information_is_missing_not_zero(write: Write) -> None:
    model, q = setup(write)
    responses = [
        answer(q, "AT31", "government", {"a": 5, "d": "dk"}),
        answer(q, "AT31", "government", {"a": 0, "d": "z"}),  # 0 = no information
        answer(q, "AT31", "industry", {"a": 3, "d": "y"}),
        answer(q, "AT31", "industry", {"a": 3, "d": "y"}),
    ]
    result = score(model, questionnaire=q, responses=responses)
    a = indicator(result, "AT31", "a")
    # government: only the 5 counts (100); industry 50; mean of groups 75 (a zero would give 62.5)
    assert a.raw == 75.0
    assert a.respondents == 3
    d = indicator(result, "AT31", "d")
    # "Don't know" has no score: government 60 (z scores 60 of 0..60 -> 100), industry 50
    assert d.group_means == {"government": 100.0, "industry": 50.0}
    assert d.raw == 75.0


def test_too_few_answers_leave_an_indicator_missing_and_the_region_unclassified(
    write: Write,
) -> None:
    model, q = setup(write, min_respondents=3)
    responses = [
        answer(q, "SI03", "government", {"a": 4, "b": 4, "c": True, "d": "z", "e": 4}),
        answer(q, "SI03", "industry", {"a": 4, "b": 4, "c": True, "d": "z", "e": 4}),
    ]
    result = score(model, questionnaire=q, responses=responses)
    region = result.region("SI03")
    assert region is not None
    a = indicator(result, "SI03", "a")
    assert a.raw is None and a.normalised is None
    assert a.note == "2 answers from 2 groups; needs at least 3 answers from 2 groups"
    assert region.composite is None
    assert region.class_id == INSUFFICIENT
    assert region.rank is None
    assert "insufficient evidence" in region.class_reason
    assert "d1, d2" in region.class_reason


def test_a_single_group_is_not_enough_evidence(write: Write) -> None:
    model, q = setup(write)
    responses = [answer(q, "SI03", "industry", {"a": 4}) for _ in range(5)]
    result = score(model, questionnaire=q, responses=responses)
    assert indicator(result, "SI03", "a").raw is None
    region = result.region("SI03")
    assert region is not None and region.class_id == INSUFFICIENT


# -- aggregation, classes, explanations ------------------------------------------------------


def _four(q: Questionnaire, region: str, a: int, b: int, c: bool, d: str) -> list[Response]:
    """Two respondents in each of two groups, all giving the same answers."""
    row = {"a": a, "b": b, "c": c, "d": d}
    if c:
        row["e"] = 3
    return [answer(q, region, g, dict(row)) for g in ("government", "industry") for _ in (1, 2)]


def test_arithmetic_composite_worked_by_hand(write: Write) -> None:
    model, q = setup(write)
    result = score(model, questionnaire=q, responses=_four(q, "AT31", 4, 2, True, "y"))
    # a = 4 -> 75, b = 2 -> 25: d1 = (1 x 75 + 3 x 25) / 4 = 37.5
    # c = yes -> 100, d = y -> 30 of 0..60 -> 50: d2 = (100 + 50) / 2 = 75
    # composite = (1 x 37.5 + 3 x 75) / 4 = 65.625
    assert dimension(result, "AT31", "d1").score == 37.5
    assert dimension(result, "AT31", "d2").score == 75.0
    region = result.region("AT31")
    assert region is not None
    assert region.composite == 65.625
    assert region.class_id == "advanced"
    assert indicator(result, "AT31", "b").effective_weight == 0.75
    assert indicator(result, "AT31", "b").contribution == 18.75  # 0.75 x 25
    assert dimension(result, "AT31", "d2").effective_weight == 0.75
    assert dimension(result, "AT31", "d2").contribution == 56.25  # 0.75 x 75
    # stages: agenda_setting has only a (75); implementation b (25, weight 1/4 x 3/4) and
    # c (100, weight 3/4 x 1/2): (3/16 x 25 + 3/8 x 100) / (3/16 + 3/8) = 75
    assert region.stages == {"agenda_setting": 75.0, "implementation": 75.0}


def test_a_stage_is_the_mean_of_its_indicators_with_a_score(write: Write) -> None:
    """An indicator without a score (b: 0, "no information") leaves its stage to the
    others, their shares rescaled: implementation is c alone. A stage none of whose
    indicators has a score has none."""
    model, q = setup(write)
    result = score(
        model,
        questionnaire=q,
        responses=_four(q, "AT31", 4, 0, True, "y") + _four(q, "SI03", 0, 0, True, "y"),
    )
    assert indicator(result, "AT31", "b").normalised is None
    at31, si03 = result.region("AT31"), result.region("SI03")
    assert at31 is not None and si03 is not None
    assert at31.stages == {"agenda_setting": 75.0, "implementation": 100.0}
    assert si03.stages == {"agenda_setting": None, "implementation": 100.0}


def test_geometric_composite_worked_by_hand(write: Write) -> None:
    model, q = setup(write, method="geometric")
    result = score(model, questionnaire=q, responses=_four(q, "AT31", 4, 2, True, "y"))
    # d1 = 75^(1/4) x 25^(3/4) = 32.9; d2 = (100 x 50)^(1/2) = 70.71
    d1 = 75**0.25 * 25**0.75
    d2 = (100 * 50) ** 0.5
    assert dimension(result, "AT31", "d1").score == pytest.approx(d1, abs=1e-6)
    assert dimension(result, "AT31", "d2").score == pytest.approx(d2, abs=1e-6)
    region = result.region("AT31")
    assert region is not None
    assert region.composite == pytest.approx(d1**0.25 * d2**0.75, abs=1e-6)  # 55.7
    assert region.class_id == "convergence"  # arithmetic gave 65.6, advanced
    # In geometric aggregation the contribution is the factor: 25 ** 0.75
    assert indicator(result, "AT31", "b").contribution == pytest.approx(25**0.75, abs=1e-6)


def test_a_zero_score_is_floored_in_geometric_aggregation(write: Write) -> None:
    model, q = setup(write, method="geometric")
    result = score(model, questionnaire=q, responses=_four(q, "AT31", 1, 5, False, "x"))
    # d2: c = no -> 0, d = x -> 0; both raised to the floor 1: d2 = 1, not 0
    assert dimension(result, "AT31", "d2").score == 1.0
    # d1: a = 1 -> 0 (floored to 1), b = 5 -> 100: 1^(1/4) x 100^(3/4) = 31.62
    assert dimension(result, "AT31", "d1").score == pytest.approx(100**0.75, abs=1e-6)


def test_ranks_and_the_distance_to_the_next_class(write: Write) -> None:
    model, q = setup(write)
    responses = (
        _four(q, "AT31", 4, 2, True, "y")  # 65.625 advanced
        + _four(q, "ITC1", 3, 3, True, "x")  # d1 50, d2 50 -> 50 convergence
        + _four(q, "SI03", 2, 2, False, "y")  # d1 25, d2 25 -> 25 less advanced
    )
    result = score(model, questionnaire=q, responses=responses)
    ranks = {r.code: (r.rank, r.class_id) for r in result.regions}
    assert ranks == {
        "AT31": (1, "advanced"),
        "ITC1": (2, "convergence"),
        "SI03": (3, "less_advanced"),
    }
    itc1 = result.region("ITC1")
    assert itc1 is not None
    assert itc1.next_class == "advanced"
    assert itc1.gap_to_next == 15.0  # 65 - 50
    # d1 weighs 1/4, d2 3/4: d2 closes 15 points with 15 / 0.75 = 20 more points
    assert itc1.fastest_dimension == "d2"
    assert itc1.fastest_dimension_points == 20.0
    assert itc1.fastest_closes_gap is True
    si03 = result.region("SI03")
    assert si03 is not None
    # 20 points to 45; d2 needs 20 / 0.75 = 26.67, d1 would need 80
    assert si03.gap_to_next == 20.0
    assert si03.fastest_dimension == "d2"
    assert si03.fastest_dimension_points == pytest.approx(26.666667)
    top = result.region("AT31")
    assert top is not None and top.next_class is None and top.gap_to_next is None
    assert result.dimension_means == {"d1": pytest.approx((37.5 + 50 + 25) / 3), "d2": 50.0}


def test_when_no_dimension_can_close_the_gap_alone_the_closest_is_named(write: Write) -> None:
    model, q = setup(write)
    result = score(model, questionnaire=q, responses=_four(q, "SI03", 1, 1, False, "x"))
    region = result.region("SI03")
    assert region is not None and region.composite == 0.0
    # 45 points to go: d2 (weight 3/4) at 100 would add 75 -> it closes it with 60 points
    assert region.fastest_dimension == "d2"
    assert region.fastest_dimension_points == 60.0
    assert region.fastest_closes_gap is True
    model2, _ = setup(write)
    levels = model2.classes.levels
    higher = model2.model_copy(
        update={
            "classes": model2.classes.model_copy(
                update={
                    "levels": [
                        levels[0].model_copy(update={"min": 90}),
                        levels[1].model_copy(update={"min": 80}),
                        levels[2],
                    ]
                }
            )
        }
    )
    result = score(higher, questionnaire=q, responses=_four(q, "SI03", 1, 1, False, "x"))
    region = result.region("SI03")
    assert region is not None
    # 80 points to go: d2 alone reaches 75, d1 alone 25: d2 comes closest, +100 points
    assert region.fastest_dimension == "d2"
    assert region.fastest_closes_gap is False
    assert region.fastest_dimension_points == 100.0


# -- refusing responses ----------------------------------------------------------------------


def test_responses_to_another_version_or_content_are_refused_not_misread(write: Write) -> None:
    model, q = setup(write)
    good = _four(q, "AT31", 4, 2, True, "y")
    other_version = answer(q, "AT31", "academia", {"a": 1}, version="0.9")
    other_content = answer(q, "AT31", "academia", {"a": 1}, digest="sha256:" + "0" * 64)
    result = score(model, questionnaire=q, responses=[*good, other_version, other_content])
    assert result.responses_read == 4
    assert result.responses_refused == 2
    assert result.warnings[0] == "2 responses refused, 4 counted"
    assert (
        "answers version 0.9 of 'tiny', but the model's questionnaire is version 1"
        in (result.warnings[1])
    )
    assert "the questionnaire's content has changed since" in result.warnings[2]
    region = result.region("AT31")
    assert region is not None and region.respondents_by_group == {"government": 2, "industry": 2}


def test_invalid_answers_hidden_answers_and_duplicates_are_refused(write: Write) -> None:
    model, q = setup(write)
    good = _four(q, "AT31", 4, 2, True, "y")
    bad_point = answer(q, "AT31", "academia", {"a": 7})
    hidden = answer(q, "AT31", "academia", {"c": False, "e": 5})  # e only shown after yes
    boolean = answer(q, "AT31", "academia", {"a": True})  # true is not a scale point
    number = answer(q, "AT31", "academia", {"c": 1})  # yes/no takes true or false
    unknown_group = answer(q, "AT31", "students", {"a": 3})
    twice = answer(q, "AT31", "academia", {"a": 3}, rid="same-id")
    again = answer(q, "AT31", "academia", {"a": 3}, rid="same-id")
    result = score(
        model,
        questionnaire=q,
        responses=[*good, bad_point, hidden, boolean, number, unknown_group, twice, again],
    )
    assert result.responses_read == 5  # the four good ones and the first 'same-id'
    assert result.responses_refused == 6
    text = "\n".join(result.warnings)
    assert "a: expected a whole number" in text
    assert "e: answered, but the question is hidden" in text
    assert "c: expected yes (true) or no (false)" in text
    assert "students" in text
    assert "the respondent same-id has been read already" in text


# -- regions ---------------------------------------------------------------------------------


def test_the_regions_scored_can_be_chosen(write: Write) -> None:
    model, q = setup(write)
    responses = _four(q, "AT31", 4, 2, True, "y") + _four(q, "DE1", 3, 3, True, "x")
    only = score(model, questionnaire=q, responses=responses, regions=["de1", "EU27_2020"])
    assert [r.code for r in only.regions] == ["DE1"]
    assert any("EU27_2020 is an aggregate" in w for w in only.warnings)
    level2 = score(model, questionnaire=q, responses=responses, level=2)
    assert [r.code for r in level2.regions] == ["AT31"]
    # A region of the questionnaire's list asked for without any response is shown, without
    # evidence; a code known nowhere is a typo, refused with the nearest known code.
    listed = q.model_copy(
        update={
            "profile": q.profile.model_copy(
                update={"regions": [Region(code="ITC4", name="Lombardia")]}
            )
        }
    )
    asked = score(model, questionnaire=listed, responses=responses, regions=["ITC4"])
    region = asked.region("ITC4")
    assert region is not None and region.class_id == INSUFFICIENT and region.respondents == 0
    with pytest.raises(UsageError) as typo:
        score(model, questionnaire=q, responses=responses, regions=["AT31", "AT3l"])
    assert typo.value.exit_code == 2
    assert "AT3L is neither in the responses nor in the data (did you mean AT31?)" in str(
        typo.value
    )


def test_the_result_round_trips_through_json(write: Write) -> None:
    model, q = setup(write)
    result = score(model, questionnaire=q, responses=_four(q, "AT31", 4, 2, True, "y"))
    again = ScoreResult.model_validate_json(result.model_dump_json())
    assert again == result


def test_partial_responses_count_with_what_they_answered(write: Write) -> None:
    model, q = setup(write)
    responses = [
        *_four(q, "AT31", 4, 2, True, "y"),
        answer(q, "AT31", "academia", {"a": 0}, status="partial"),
    ]
    result = score(model, questionnaire=q, responses=responses)
    region = result.region("AT31")
    assert region is not None
    assert region.respondents_by_group["academia"] == 1
    # The academic's only answer is "no information": the group has no mean for a.
    assert indicator(result, "AT31", "a").group_means["academia"] is None
    assert indicator(result, "AT31", "a").raw == 75.0


def test_a_model_of_survey_questions_needs_the_questionnaire(write: Write) -> None:
    model, _ = setup(write)
    with pytest.raises(ValueError, match="questionnaire"):
        score(model, responses=[])


# -- the worked example of docs/scoring-model.md ---------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "scoring-model.md"


def _blocks() -> dict[str, str]:
    """The example files of the documentation: fenced blocks that start with '# NAME'."""
    text = DOC.read_text(encoding="utf-8")
    example = text[text.index("## A worked example") : text.index("## The shipped model")]
    blocks = re.findall(r"```(yaml|csv)\n(.*?)```", example, re.DOTALL)
    files = {}
    for kind, body in blocks:
        if kind == "csv":
            files["gdp.csv"] = body
        else:
            first, _, rest = body.partition("\n")
            files[first.removeprefix("# ").strip()] = rest
    return files


@pytest.mark.parametrize("method", ["arithmetic", "geometric"])
def test_the_worked_example_of_the_documentation(tmp_path: Path, method: str) -> None:
    files = _blocks()
    assert set(files) == {"questionnaire.yaml", "model.yaml", "gdp.csv"}
    for name, body in files.items():
        text = body.replace("aggregation: arithmetic", f"aggregation: {method}")
        (tmp_path / name).write_text(text, encoding="utf-8")
    model, model_path, q = load_model(tmp_path / "model.yaml")
    assert q is not None
    from s3engine.scoring.inputs import load_statistics

    tables, _ = load_statistics(model, model_path, [str(tmp_path / "gdp.csv")])
    rows = [
        ("g1", "government", 4, 5, True),
        ("i1", "industry", 2, 3, False),
        ("i2", "industry", 3, 0, False),
        ("i3", "industry", 2, 2, True),
        ("a1", "academia", 5, 4, True),
    ]
    responses = [
        answer(q, "AT33", group, {"edp": a, "calls": b, "agreements": c}, rid=f"ex-{rid}")
        for rid, group, a, b, c in rows
    ]
    result = score(model, questionnaire=q, responses=responses, statistics=tables)
    region = result.region("AT33")
    assert region is not None
    figures = {d.id: d.score for d in region.dimensions}
    text = DOC.read_text(encoding="utf-8")
    if method == "arithmetic":
        assert [
            round(indicator(result, "AT33", i).raw, 2) for i in ("edp", "calls", "agreements")
        ] == [69.44, 70.83, 77.78]
        assert round(figures["clusters"], 2) == 73.96
        assert figures["capacity"] == 78.0
        assert round(region.composite or 0, 2) == 75.31
        assert region.class_id == "convergence"
        assert round(region.gap_to_next or 0, 2) == 4.69
        assert region.fastest_dimension == "clusters"
        assert round(region.fastest_dimension_points or 0, 2) == 7.04
        assert dimension(result, "AT33", "clusters").disagreement == pytest.approx(59.375)
        for figure in ("**73.96**", "**78.00**", "**75.31**", "**4.69**", "**7.04**"):
            assert figure in text
    else:
        assert round(figures["clusters"], 2) == 73.86
        assert round(region.composite or 0, 2) == 75.21
        assert "= 73.86" in text and "= 75.21" in text
