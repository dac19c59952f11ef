"""Score results, needs and a small catalogue for the plan tests, built directly.

The regions and numbers are illustrative: three regions, the seven dimensions of the shipped
stress-test model, one statistic, group scores that disagree strongly in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from s3engine.io.files import load_yaml
from s3engine.io.validation import validate_loaded
from s3engine.plan.catalogue import Catalogue
from s3engine.plan.needs import region_needs
from s3engine.plan.recommend import PlanInputs
from s3engine.responses.model import Response
from s3engine.scoring.results import (
    ClassInfo,
    DimensionScore,
    IndicatorScore,
    RegionScore,
    ScoreResult,
    Sensitivity,
)

DIMENSIONS = (
    "role_of_clusters",
    "alignment",
    "implementation",
    "monitoring",
    "impact_on_clusters",
    "cluster_portfolio",
    "regional_capacity",
)
LABELS = {
    "role_of_clusters": {"en": "Role of clusters", "de": "Rolle der Cluster"},
    "alignment": {"en": "Alignment", "de": "Abstimmung"},
    "implementation": {"en": "Implementation", "de": "Umsetzung"},
    "monitoring": {"en": "Monitoring and evaluation", "de": "Monitoring und Evaluierung"},
    "impact_on_clusters": {"en": "Impact on clusters", "de": "Wirkung auf Cluster"},
    "cluster_portfolio": {"en": "Cluster portfolio", "de": "Clusterportfolio"},
    "regional_capacity": {"en": "Regional capacity", "de": "Regionale Kapazität"},
}
WEIGHTS = {"regional_capacity": 2.0}
CLASSES = [
    ClassInfo(id="advanced", label={"en": "Advanced", "de": "Fortgeschritten"}, min_composite=65),
    ClassInfo(id="convergence", label={"en": "Convergence", "de": "Konvergenz"}, min_composite=45),
    ClassInfo(
        id="less_advanced",
        label={"en": "Less advanced", "de": "Weniger fortgeschritten"},
        min_composite=None,
    ),
]
GENERATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

#: Illustrative dimension scores per region (None: too little evidence).
SCORES: dict[str, dict[str, float | None]] = {
    "AT31": {
        "role_of_clusters": 78,
        "alignment": 62,
        "implementation": 74,
        "monitoring": 70,
        "impact_on_clusters": 66,
        "cluster_portfolio": 80,
        "regional_capacity": 72,
    },
    "ITC4": {
        "role_of_clusters": 55,
        "alignment": 38,
        "implementation": 70,
        "monitoring": 30,
        "impact_on_clusters": 52,
        "cluster_portfolio": 64,
        "regional_capacity": 60,
    },
    "SI03": {
        "role_of_clusters": 40,
        "alignment": 35,
        "implementation": 36,
        "monitoring": 25,
        "impact_on_clusters": 38,
        "cluster_portfolio": 42,
        "regional_capacity": None,
    },
}
NAMES = {"AT31": "Oberösterreich", "ITC4": "Lombardia", "SI03": "Vzhodna Slovenija"}
GERD = {"AT31": 3.6, "ITC4": 1.4, "SI03": 1.1}


def classify(composite: float | None) -> str:
    if composite is None:
        return "insufficient_evidence"
    for c in CLASSES:
        if c.min_composite is None or composite >= c.min_composite:
            return c.id
    return "less_advanced"


def dimension(
    dim: str, score: float | None, *, region: str, groups: Mapping[str, float | None] | None = None
) -> DimensionScore:
    indicators = [
        IndicatorScore(
            id=f"{dim}_survey",
            label=f"{dim} (survey)",
            source="survey",
            raw=score,
            normalised=score,
            weight=1,
            effective_weight=1 if score is not None else 0,
            contribution=score,
            respondents=6,
        )
    ]
    if dim == "regional_capacity":
        indicators.append(
            IndicatorScore(
                id="gerd_pct_gdp",
                label={
                    "en": "R&D expenditure (GERD), % of GDP",
                    "de": "FuE-Ausgaben (GERD), % des BIP",
                },
                source="statistic",
                raw=GERD[region],
                normalised=None,
                weight=1,
                effective_weight=0,
                contribution=None,
                year="2021",
            )
        )
    group_means = dict(groups or {})
    spread = None
    present = [v for v in group_means.values() if v is not None]
    if len(present) >= 2:
        spread = max(present) - min(present)
    return DimensionScore(
        id=dim,
        label=LABELS[dim],
        weight=WEIGHTS.get(dim, 1.0),
        score=score,
        coverage=1.0 if score is not None else 0.0,
        indicators=indicators,
        group_means=group_means,
        disagreement=spread,
    )


def make_result(
    scores: Mapping[str, Mapping[str, float | None]] | None = None,
    names: Mapping[str, str] | None = None,
) -> ScoreResult:
    scores = scores or SCORES
    names = {**NAMES, **(names or {})}
    regions = []
    for code, dims in scores.items():
        present = [(v, WEIGHTS.get(d, 1.0)) for d, v in dims.items() if v is not None]
        composite = None
        if len(present) == len(dims):
            composite = round(sum(v * w for v, w in present) / sum(w for _, w in present), 2)
        groups: dict[str, dict[str, float | None]] = {}
        if code == "ITC4":
            groups["monitoring"] = {"government": 62.0, "industry": 18.0, "academia": 25.0}
        regions.append(
            RegionScore(
                code=code,
                name=names[code],
                respondents=8,
                respondents_by_group={"government": 3, "industry": 3, "academia": 2},
                composite=composite,
                class_id=classify(composite),
                class_reason="illustrative",
                coverage=1.0 if composite is not None else 0.86,
                dimensions=[
                    dimension(d, v, region=code, groups=groups.get(d)) for d, v in dims.items()
                ],
                sensitivity=None
                if composite is None
                else Sensitivity(
                    runs=200,
                    seed=1,
                    class_shares={classify(composite): 0.9, "convergence": 0.1}
                    if classify(composite) != "convergence"
                    else {"convergence": 0.7, "advanced": 0.3},
                    rank_min=1,
                    rank_max=2,
                    stability=0.9 if classify(composite) != "convergence" else 0.7,
                    borderline=classify(composite) == "convergence",
                ),
            )
        )
    ranked = sorted(
        (r for r in regions if r.composite is not None), key=lambda r: -(r.composite or 0)
    )
    ranks = {r.code: i for i, r in enumerate(ranked, 1)}
    regions = [r.model_copy(update={"rank": ranks.get(r.code)}) for r in regions]
    means: dict[str, float | None] = {}
    for dim in DIMENSIONS:
        values = [v for s in scores.values() if (v := s.get(dim)) is not None]
        means[dim] = round(sum(values) / len(values), 2) if values else None
    return ScoreResult(
        model_id="s3-stress-test",
        model_version="1.0.0",
        questionnaire="s3-stress-test",
        aggregation="arithmetic",
        generated=GENERATED,
        languages=["en", "de"],
        default_language="en",
        classes=CLASSES,
        dimensions=list(DIMENSIONS),
        dimension_labels=LABELS,
        dimension_means=means,
        regions=regions,
    )


CATALOGUE_YAML = """\
id: test-catalogue
version: "1"
title: {en: "Action plan (illustrative)", de: "Aktionsplan (Beispiel)"}
model: s3-stress-test
needs: {questionnaire: stakeholder-needs, ranking: top_needs, unmet: unmet_needs,
        comments: [biggest_obstacle]}
priority_domains: priority_domains
languages: [en, de]
default_language: en
settings: {disagreement: 30, joint_min_regions: 2}
instruments:
  erdf: {label: {en: "ERDF regional programme", de: "EFRE-Regionalprogramm"}, scope: regional}
  interreg: {label: {en: "Interreg Alpine Space", de: "Interreg Alpenraum"}, scope: transnational}
  national: {label: {en: "National schemes", de: "Nationale Programme"}, scope: national}
recommendations:
  - id: monitoring_system
    title: {en: "Set up S3 monitoring", de: "S3-Monitoring aufbauen"}
    text: {en: "Define indicators.", de: "Indikatoren festlegen."}
    rationale: {en: "What is measured gets managed.", de: "Was gemessen wird, wird gesteuert."}
    dimension: monitoring
    actors: [policy_makers, programme_bodies]
    horizon: short
    milestone: {en: "First step done.", de: "Erster Schritt getan."}
    cost: low
    track: [s3_specific_indicators]
    funding: [erdf]
    when: {dimension: monitoring, below: 50}
  - id: finance_access
    title: {en: "Open finance to cluster projects", de: "Finanzierung für Clusterprojekte"}
    text: {en: "Blend grants and loans.", de: "Zuschüsse und Darlehen kombinieren."}
    rationale: {en: "Firms ask for it.", de: "Unternehmen fragen danach."}
    needs: [access_to_finance]
    actors: [policy_makers, companies]
    horizon: medium
    milestone: {en: "First step done.", de: "Erster Schritt getan."}
    cost: low
    track: [impact_funding_access]
    funding: [erdf, national]
    when: {need: access_to_finance, share_at_least: 0.4}
  - id: capacity_rd
    title: {en: "Raise R&D capacity", de: "FuE-Kapazität stärken"}
    text: {en: "Fund research infrastructure.", de: "Forschungsinfrastruktur fördern."}
    rationale: {en: "GERD is low.", de: "Die FuE-Quote ist niedrig."}
    dimension: regional_capacity
    actors: [research_organisations]
    horizon: long
    milestone: {en: "First step done.", de: "Erster Schritt getan."}
    cost: low
    track: [gerd_pct_gdp]
    funding: [national, erdf]
    when: {all: [{class: [convergence, less_advanced]}, {statistic: gerd_pct_gdp, below: 2.0}]}
  - id: alignment_neighbours
    title: {en: "Align with neighbours", de: "Mit Nachbarn abstimmen"}
    text: {en: "Compare priorities.", de: "Prioritäten vergleichen."}
    rationale: {en: "Critical mass.", de: "Kritische Masse."}
    dimension: alignment
    actors: [policy_makers]
    horizon: medium
    milestone: {en: "First step done.", de: "Erster Schritt getan."}
    cost: low
    track: [alignment_neighbours]
    funding: [interreg]
    joint: true
    when: {any: [{dimension: alignment, below_mean: 5}, {dimension: alignment, weakest: 1}]}
  - id: monitoring_dialogue
    title: {en: "Discuss monitoring with stakeholders", de: "Monitoring mit Akteuren besprechen"}
    text: {en: "Hold a workshop.", de: "Einen Workshop abhalten."}
    rationale: {en: "Groups disagree.", de: "Die Gruppen sind uneins."}
    dimension: monitoring
    actors: [cluster_managers]
    horizon: short
    milestone: {en: "First step done.", de: "Erster Schritt getan."}
    cost: low
    track: [monitoring_reporting]
    funding: [erdf]
    joint: false
    when: {disagreement: monitoring, at_least: 30}
"""


def load_catalogue(tmp_path: Path, text: str = CATALOGUE_YAML) -> Catalogue:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return validate_loaded(Catalogue, load_yaml(path))


def needs_response(
    region: str,
    group: str,
    ranking: Sequence[str],
    *,
    unmet: Sequence[str] = (),
    sector: str | None = None,
    comment: str | None = None,
    number: int = 0,
) -> Response:
    answers: dict[str, Any] = {"top_needs": list(ranking), "unmet_needs": list(unmet)}
    if comment is not None:
        answers["biggest_obstacle"] = comment
    return Response.model_validate(
        {
            "questionnaire": {
                "id": "stakeholder-needs",
                "version": "1.0.0",
                "hash": "sha256:" + "0" * 64,
            },
            "respondent": {
                "id": f"r{region}{group}{number:04d}",
                "region": region,
                "group": group,
                "sector": sector,
            },
            "language": "en",
            "status": "complete",
            "started": GENERATED,
            "updated": GENERATED,
            "submitted": GENERATED,
            "answers": answers,
        }
    )


NEED_OPTIONS = (
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


def make_inputs(responses: Sequence[Response] | None = None) -> PlanInputs:
    if responses is None:
        responses = [
            needs_response(
                "ITC4", "industry", ["access_to_finance", "digitalisation"], sector="ict", number=1
            ),
            needs_response(
                "ITC4",
                "industry",
                ["access_to_finance", "skills_and_talent"],
                sector="ict",
                number=2,
            ),
            needs_response(
                "ITC4",
                "government",
                ["skills_and_talent", "access_to_finance"],
                sector="ict",
                number=3,
            ),
            needs_response(
                "AT31", "industry", ["skills_and_talent", "digitalisation"], sector="ict", number=4
            ),
            needs_response(
                "AT31",
                "academia",
                ["rd_partners"],
                sector="ict",
                number=5,
                comment="More <b>testbeds</b>, please.",
            ),
            needs_response(
                "SI03", "industry", ["access_to_finance"], unmet=["access_to_finance"], number=6
            ),
        ]
    needs = region_needs(
        responses,
        options=NEED_OPTIONS,
        ranking="top_needs",
        unmet="unmet_needs",
        top=5,
        comments=["biggest_obstacle"],
    )
    sectors: dict[str, dict[str, int]] = {}
    for r in responses:
        if r.respondent.sector:
            counts = sectors.setdefault(r.respondent.region, {})
            counts[r.respondent.sector] = counts.get(r.respondent.sector, 0) + 1
    return PlanInputs(
        needs=needs,
        need_options=NEED_OPTIONS,
        need_labels={
            "access_to_finance": {"en": "Access to finance", "de": "Finanzierung"},
            "skills_and_talent": {"en": "Skills and talent", "de": "Fachkräfte"},
        },
        group_labels={
            "industry": {"en": "Industry", "de": "Wirtschaft"},
            "government": {"en": "Government", "de": "Verwaltung"},
            "academia": {"en": "Academia", "de": "Wissenschaft"},
        },
        comment_labels={"biggest_obstacle": {"en": "Biggest obstacle", "de": "Größtes Hemmnis"}},
        sectors=sectors,
        sector_labels={"ict": {"en": "ICT", "de": "IKT"}},
        domains={"AT31": {"ict": 1.0}, "ITC4": {"ict": 0.6}, "SI03": {"ict": 1.0}},
        domain_labels={"ict": {"en": "ICT", "de": "IKT"}},
    )


# -- real responses and statistics, for tests through the real scoring -----------------------

SECTION_LEVELS = (
    "role_of_clusters",
    "alignment",
    "implementation",
    "monitoring",
    "impact_on_clusters",
    "cluster_portfolio",
)

#: Illustrative statistics (short Eurostat layout) for the regions of the end-to-end tests.
STATISTICS = {
    "gdp_pps_per_head_pct_eu.csv": (
        "freq,unit,geo,time,obs_value\n"
        "A,PPS_HAB_EU27_2020,EU27_2020,2022,100\n"
        "A,PPS_HAB_EU27_2020,AT31,2022,126\n"
        "A,PPS_HAB_EU27_2020,ITH2,2022,118\n"
        "A,PPS_HAB_EU27_2020,SI03,2022,71\n"
    ),
    "tgs00042_gerd_pct_gdp.csv": (
        "freq,sectperf,unit,geo,time,obs_value\n"
        "A,TOTAL,PC_GDP,AT31,2021,3.4\n"
        "A,TOTAL,PC_GDP,ITH2,2021,1.6\n"
        "A,TOTAL,PC_GDP,SI03,2021,1.3\n"
    ),
    "tgs00109_tertiary_education.csv": (
        "freq,unit,isced11,age,sex,geo,time,obs_value\n"
        "A,PC,ED5-8,Y25-64,T,AT31,2022,34.1\n"
        "A,PC,ED5-8,Y25-64,T,ITH2,2022,24.5\n"
        "A,PC,ED5-8,Y25-64,T,SI03,2022,29.8\n"
    ),
}


def write_statistics(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in STATISTICS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _value_for(
    q: Any, question: Any, level: int, answers: dict[str, Any], domains: Sequence[str]
) -> Any:
    from s3engine.questionnaire.answers import check_value
    from s3engine.questionnaire.model import (
        MultipleChoice,
        NumberQuestion,
        ScaleQuestion,
        SingleChoice,
        YesNo,
    )

    candidates: list[Any]
    if isinstance(question, ScaleQuestion):
        candidates = [level]
    elif isinstance(question, YesNo):
        candidates = [level >= 3, True, False]
    elif isinstance(question, SingleChoice):
        options = [o.value for o in q.options_of(question)]
        index = round((level - 1) / 4 * (len(options) - 1))
        candidates = [options[index], *options]
    elif isinstance(question, MultipleChoice):
        options = [o.value for o in q.options_of(question)]
        candidates = [[d for d in domains if d in options] or options[:1], options[:1]]
    elif isinstance(question, NumberQuestion):
        candidates = [level * 3, 1, 2, 5, 10, 0]
    else:
        return None
    for value in candidates:
        if check_value(q, question, value, answers, "en") is None:
            return value
    return None


def stress_answers(
    q: Any, group: str, levels: Mapping[str, int], domains: Sequence[str] = ()
) -> dict[str, Any]:
    """Answers to every scored question of the stress test, at a level 1-5 per section."""
    from s3engine.questionnaire.answers import visible_questions

    answers: dict[str, Any] = {}
    for _ in range(3):  # conditions may reveal more questions once earlier ones are answered
        for question in visible_questions(q, answers, group):
            if question.id in answers:
                continue
            section = q.section_of[question.id].id
            value = _value_for(q, question, levels.get(section, 3), answers, domains)
            if value is not None:
                answers[question.id] = value
    return answers


def stress_response(
    q: Any,
    region: str,
    group: str,
    levels: Mapping[str, int],
    *,
    number: int,
    domains: Sequence[str] = ("ict",),
    sector: str = "ict",
    region_name: str | None = None,
) -> Response:
    answers = stress_answers(q, group, levels, domains)
    return Response.model_validate(
        {
            "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
            "respondent": {
                "id": f"s{region}{group}{number:04d}",
                "region": region,
                "region_name": region_name,
                "group": group,
                "sector": sector,
            },
            "language": "en",
            "status": "complete",
            "consent": True,
            "started": GENERATED,
            "updated": GENERATED,
            "submitted": GENERATED,
            "answers": answers,
        }
    )


def needs_answers(
    q: Any,
    ranking: Sequence[str],
    unmet: Sequence[str] = (),
    comment: str | None = None,
    group: str = "industry",
) -> dict[str, Any]:
    """Answers to the needs questionnaire: the ranking given, the rest answered plainly."""
    from s3engine.questionnaire.answers import visible_questions

    answers: dict[str, Any] = {"top_needs": list(ranking)}
    if unmet:
        answers["unmet_needs"] = list(unmet)
    if comment is not None:
        answers["biggest_obstacle"] = comment
    for _ in range(3):
        for question in visible_questions(q, answers, group):
            if question.id in answers or not question.required:
                continue
            value = _value_for(q, question, 3, answers, ())
            if value is not None:
                answers[question.id] = value
    return answers


def real_needs_response(
    q: Any,
    region: str,
    group: str,
    ranking: Sequence[str],
    *,
    number: int,
    unmet: Sequence[str] = (),
    comment: str | None = None,
    sector: str = "ict",
) -> Response:
    return Response.model_validate(
        {
            "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
            "respondent": {
                "id": f"n{region}{group}{number:04d}",
                "region": region,
                "group": group,
                "sector": sector,
            },
            "language": "en",
            "status": "complete",
            "consent": True,
            "started": GENERATED,
            "updated": GENERATED,
            "submitted": GENERATED,
            "answers": needs_answers(q, ranking, unmet, comment, group),
        }
    )
