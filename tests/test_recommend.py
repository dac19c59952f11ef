"""Action plans from score results built directly: conditions, evidence, priority, joint plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plan_fixtures import SCORES, load_catalogue, make_inputs, make_result, needs_response

from s3engine.i18n import LANGUAGES
from s3engine.plan import texts as T
from s3engine.plan.catalogue import AllOf, AnyOf, DimensionTest, NeedTest, NotOf
from s3engine.plan.model import Plan, RegionPlan
from s3engine.plan.needs import borda, region_needs
from s3engine.plan.recommend import Evaluator, RegionFacts, Words, build_plan


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return build_plan(make_result(), load_catalogue(tmp_path), make_inputs(), lang="en")


def region(plan: Plan, code: str) -> RegionPlan:
    return next(r for r in plan.regions if r.code == code)


def ids(region_plan: RegionPlan) -> list[str]:
    """The recommendations of a region's plan, those merged into another included."""
    items = [*region_plan.recommendations, *region_plan.further]
    return [i for r in items for i in (r.id, *(a.id for a in r.also))]


def test_a_weak_dimension_triggers_its_recommendation_with_the_evidence(plan: Plan) -> None:
    lombardia = region(plan, "ITC4")
    monitoring = next(r for r in lombardia.recommendations if r.id == "monitoring_system")
    assert monitoring.evidence[0].text == ("Monitoring and evaluation scores 30.0, below 50.0.")
    assert monitoring.dimension is not None and monitoring.dimension.id == "monitoring"
    assert "monitoring_system" not in ids(region(plan, "AT31"))  # 70 is not below 50


def test_recommendations_answering_the_same_evidence_become_one(plan: Plan) -> None:
    """Both monitoring recommendations improve the same dimension and answer no need: one
    item, the other listed with it, their evidence together."""
    monitoring = next(
        r for r in region(plan, "ITC4").recommendations if r.id == "monitoring_system"
    )
    assert [a.id for a in monitoring.also] == ["monitoring_dialogue"]
    assert "Stakeholder groups rate Monitoring and evaluation up to 44.0 points apart" in " ".join(
        e.text for e in monitoring.evidence
    )
    assert {a.id for a in monitoring.actors} == {
        "policy_makers",
        "programme_bodies",
        "cluster_managers",
    }


def test_priority_puts_both_kinds_of_evidence_on_one_scale(plan: Plan) -> None:
    lombardia = region(plan, "ITC4")
    monitoring = next(r for r in lombardia.recommendations if r.id == "monitoring_system")
    # target 65 (the top class's composite), score 30: 35 points short; weight 1 of the
    # largest 2, so D = 17.5; no need: N = 0
    assert (monitoring.dimension_points, monitoring.need_points) == (17.5, 0)
    assert monitoring.priority == 17.5
    finance = next(r for r in lombardia.recommendations if r.id == "finance_access")
    # no dimension: need evidence alone; every respondent ranks access to finance (100 %),
    # none says it is uncovered: N = (100 + 0) / 2 = 50, ahead of the weak dimension
    assert (finance.dimension_points, finance.need_points, finance.priority) == (0, 50, 50)
    assert lombardia.recommendations[0].id == "finance_access"
    priorities = [r.priority for r in lombardia.recommendations]
    assert priorities == sorted(priorities, reverse=True)
    assert [r.place for r in lombardia.recommendations] == list(
        range(1, len(lombardia.recommendations) + 1)
    )


@pytest.mark.parametrize(
    ("dimension", "need", "expected"),
    [(0, 0, 0), (40, 0, 40), (0, 40, 40), (40, 40, 64), (100, 30, 100), (50, 50, 75)],
)
def test_the_two_kinds_of_evidence_combine_without_passing_100(
    dimension: float, need: float, expected: float
) -> None:
    from s3engine.plan.priority import combine

    assert combine(dimension, need) == pytest.approx(expected)


def test_all_any_and_statistics_in_evidence(plan: Plan) -> None:
    capacity = next(r for r in region(plan, "ITC4").recommendations if r.id == "capacity_rd")
    assert [e.text for e in capacity.evidence] == [
        "The region is in the class 'Convergence'.",
        "R&D expenditure (GERD), % of GDP: 1.40 (2021), below 2.00.",
    ]
    assert "capacity_rd" not in ids(region(plan, "AT31"))  # advanced, and GERD 3.6


def test_missing_evidence_never_makes_a_recommendation_apply(tmp_path: Path) -> None:
    catalogue = load_catalogue(tmp_path)
    result = make_result()
    slovenia = result.region("SI03")
    assert slovenia is not None
    facts = RegionFacts(slovenia, result.dimension_means, None)
    evaluator = Evaluator(facts, Words(result, catalogue, make_inputs(), "en"))
    missing = DimensionTest(dimension="regional_capacity", below=50)
    truth, evidence = evaluator.evaluate(missing)
    assert truth is None
    assert evidence[0].text == "Regional capacity has no score: there is too little evidence."
    assert evaluator.evaluate(NotOf(**{"not": missing}))[0] is None
    weak = DimensionTest(dimension="monitoring", below=50)
    assert evaluator.evaluate(AllOf(all=[weak, missing]))[0] is None
    assert evaluator.evaluate(AnyOf(any=[weak, missing]))[0] is True
    assert evaluator.evaluate(NeedTest(need="skills_and_talent", rank_at_most=3))[0] is None


def test_strong_group_disagreement_is_called_out(plan: Plan) -> None:
    lombardia = region(plan, "ITC4")
    assert [d.dimension for d in lombardia.disagreements] == ["monitoring"]
    assert lombardia.disagreements[0].text.startswith(
        "Government rate Monitoring and evaluation at 62.0, Industry at 18.0: 44.0 points apart."
    )
    assert "monitoring_dialogue" in ids(lombardia)  # merged into monitoring_system
    assert region(plan, "AT31").disagreements == []


def test_class_and_stability_in_plain_words(plan: Plan) -> None:
    lombardia = region(plan, "ITC4")
    assert lombardia.class_label == "Convergence"
    assert "borderline: only 70% of 200 sensitivity runs give the same class" in lombardia.summary
    slovenia = region(plan, "SI03")
    assert slovenia.class_id == "insufficient_evidence"
    assert slovenia.summary.startswith("There is too little evidence to class Vzhodna Slovenija")


def test_top_needs_overall_and_per_group(plan: Plan) -> None:
    lombardia = region(plan, "ITC4")
    assert [n.id for n in lombardia.needs][:2] == ["access_to_finance", "skills_and_talent"]
    assert {g.group for g in lombardia.needs_by_group} == {"industry", "government"}
    government = next(g for g in lombardia.needs_by_group if g.group == "government")
    assert government.needs[0].id == "skills_and_talent"


def test_borda_and_group_balance() -> None:
    assert borda(["a", "b", "c"], 5) == {"a": 5.0, "b": 4.0, "c": 3.0}
    many = [needs_response("AT31", "industry", ["access_to_finance"], number=i) for i in range(9)]
    one = [needs_response("AT31", "academia", ["rd_partners"], number=99)]
    needs = region_needs(
        many + one,
        options=("access_to_finance", "rd_partners"),
        ranking="top_needs",
        unmet="unmet_needs",
        top=5,
    )["AT31"]
    first, second = needs.overall
    # nine industry respondents do not outweigh one academic: each group counts once
    assert first.points == second.points == 2.5
    assert first.share == second.share == 0.5
    assert needs.respondents == 10


def test_transnational_plan(plan: Plan) -> None:
    tn = plan.transnational
    shared = {a.recommendation: [r.code for r in a.regions] for a in tn.joint_actions}
    # only what is transnational by nature (joint: true) and in enough regions' own plans
    assert shared == {"alignment_neighbours": ["AT31", "ITC4", "SI03"]}
    action = tn.joint_actions[0]
    below = "Alignment is below its target of 65.0 in Oberösterreich (62.0), Lombardia (38.0)"
    assert below + " and Vzhodna Slovenija (35.0)." in action.summary
    pairs = {(p.learner.code, p.dimension.id, p.peer.code) for p in tn.peer_learning}
    assert ("SI03", "monitoring", "AT31") in pairs
    assert ("ITC4", "monitoring", "AT31") in pairs
    assert all(p.peer_score - p.learner_score >= 15 for p in tn.peer_learning)
    # ICT: two regions with respondents there, fewer than three with three from two groups
    assert tn.meta_clusters == []
    assert any("at least 3 respondents working there" in rule for rule in tn.rules)
    # ICT is a priority domain of all three; AT31's items are funded by Interreg only
    call = tn.joint_calls[0]
    assert call.domain.id == "ict"
    assert [r.code for r in call.regions] == ["ITC4", "SI03"]
    assert [[i.id for i in m.instruments] for m in call.members] == [
        ["erdf", "national"],
        ["erdf", "national"],
    ]
    # every region's plan says what the joint plan proposes for it
    lombardia = region(plan, "ITC4")
    joint = "Joint action 'Align with neighbours' with Oberösterreich and Vzhodna Slovenija."
    assert joint in lombardia.partnership
    assert "Can learn from Oberösterreich on Monitoring and evaluation." in lombardia.partnership


def test_region_filter_keeps_scores_of_all(tmp_path: Path) -> None:
    plan = build_plan(
        make_result(), load_catalogue(tmp_path), make_inputs(), lang="en", regions=["AT31"]
    )
    assert [r.code for r in plan.regions] == ["AT31"]
    assert plan.dimension_means == make_result().dimension_means
    for pair in plan.transnational.peer_learning:
        assert "AT31" in (pair.learner.code, pair.peer.code)


def test_german_plan_uses_german_words_and_numbers(tmp_path: Path) -> None:
    plan = build_plan(make_result(), load_catalogue(tmp_path), make_inputs(), lang="de")
    monitoring = next(
        r for r in region(plan, "ITC4").recommendations if r.id == "monitoring_system"
    )
    assert monitoring.title == "S3-Monitoring aufbauen"
    assert monitoring.evidence[0].text == (
        "Monitoring und Evaluierung erreicht 30,0 Punkte, weniger als 50,0."
    )
    assert monitoring.horizon.label == "Kurzfristig (innerhalb eines Jahres)"


def test_a_stronger_dimension_drops_its_recommendations(tmp_path: Path) -> None:
    catalogue = load_catalogue(tmp_path)
    before = build_plan(make_result(), catalogue, make_inputs(), lang="en")
    scores = {code: dict(dims) for code, dims in SCORES.items()}
    scores["ITC4"]["monitoring"] = 85
    after = build_plan(make_result(scores), catalogue, make_inputs(), lang="en")
    assert "monitoring_system" in ids(region(before, "ITC4"))
    assert "monitoring_system" not in ids(region(after, "ITC4"))


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False), st.sampled_from(LANGUAGES))
def test_numbers_are_formatted_for_the_language(value: float, lang: str) -> None:
    text = T.number(value, lang)
    separator = "." if lang == "en" else ","
    whole, _, decimals = text.lstrip("-").partition(separator)
    assert whole.isdigit() and len(decimals) == 1
    assert float(text.replace(",", ".")) == pytest.approx(round(value, 1), abs=0.051)
