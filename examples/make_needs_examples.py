"""Write the ILLUSTRATIVE needs responses in examples/needs-responses/ (seeded, reproducible).

Made-up answers to the stakeholder-needs questionnaire, not survey data: they exist so that
`s3engine plan` can be run end to end on the twelve example regions, with needs that differ
between regions and between stakeholder groups. Every response is checked against the
questionnaire with the same rules as `s3engine check` before it is written.

    python examples/make_needs_examples.py            # rewrite examples/needs-responses/
    python examples/make_needs_examples.py --out DIR  # write elsewhere
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from s3engine.io.files import atomic_write_text, load_yaml
from s3engine.questionnaire.answers import check_answers, visible_questions
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    YesNo,
)
from s3engine.responses.files import response_file_name, response_text
from s3engine.responses.model import Response

HERE = Path(__file__).resolve().parent
SEED = 2019  # the year S3-4AlpClusters closed

#: Illustrative emphasis of each region's stakeholders (needs weighed up), made up for the
#: example and not a finding about the region.
REGION_NEEDS = {
    "AT31": ["skills_and_talent", "digitalisation", "internationalisation"],
    "AT32": ["skills_and_talent", "visibility_and_branding", "green_transition"],
    "CH02": ["cross_border_cooperation", "rd_partners", "internationalisation"],
    "DE1": ["skills_and_talent", "digitalisation", "regulation_and_administration"],
    "DE2": ["skills_and_talent", "technology_transfer", "green_transition"],
    "FRC2": ["access_to_finance", "internationalisation", "technology_transfer"],
    "ITC1": ["access_to_finance", "regulation_and_administration", "digitalisation"],
    "ITC4": ["internationalisation", "access_to_finance", "infrastructure_and_testbeds"],
    "ITH2": ["rd_partners", "cross_border_cooperation", "green_transition"],
    "ITH3": ["access_to_finance", "regulation_and_administration", "skills_and_talent"],
    "SI03": ["access_to_finance", "skills_and_talent", "public_procurement_of_innovation"],
    "SI04": ["rd_partners", "access_to_finance", "cross_border_cooperation"],
}
GROUP_NEEDS = {
    "government": ["cross_border_cooperation", "green_transition"],
    "industry": ["access_to_finance", "regulation_and_administration"],
    "academia": ["rd_partners", "infrastructure_and_testbeds"],
    "civil_society": ["green_transition", "skills_and_talent"],
}
#: Illustrative sectors of each region's respondents (their profile).
REGION_SECTORS = {
    "AT31": ["mechatronics_engineering", "chemistry_materials", "energy_green_tech"],
    "AT32": ["wood_construction", "tourism_creative", "health_life_sciences"],
    "CH02": ["mechatronics_engineering", "agrifood", "ict"],
    "DE1": ["mechatronics_engineering", "ict", "health_life_sciences"],
    "DE2": ["mechatronics_engineering", "ict", "mobility_logistics"],
    "FRC2": ["mechatronics_engineering", "mobility_logistics", "agrifood"],
    "ITC1": ["mobility_logistics", "agrifood", "ict"],
    "ITC4": ["chemistry_materials", "health_life_sciences", "ict"],
    "ITH2": ["energy_green_tech", "wood_construction", "ict"],
    "ITH3": ["mechatronics_engineering", "tourism_creative", "agrifood"],
    "SI03": ["wood_construction", "energy_green_tech", "mechatronics_engineering"],
    "SI04": ["ict", "chemistry_materials", "health_life_sciences"],
}
COMMENT_SHARE = 0.3
#: Illustrative comments in the respondents' languages (no names, no personal data).
COMMENTS = {
    "de": [
        "Es fehlen Fachkräfte mit Digitalkompetenz.",
        "Förderanträge sind für kleine Betriebe zu aufwendig.",
    ],
    "fr": [
        "Les délais d'instruction des aides sont trop longs.",
        "Il manque des partenaires de recherche de l'autre côté de la frontière.",
    ],
    "it": [
        "Le procedure per i finanziamenti sono troppo complesse per le PMI.",
        "Servono più occasioni per incontrare partner esteri.",
    ],
    "sl": [
        "Podjetja težko pridejo do zagonskega kapitala.",
        "Manjka povezovanja z raziskovalnimi partnerji v tujini.",
    ],
}


def _weighted_order(rng: random.Random, weights: dict[str, float]) -> list[str]:
    """The options in a random order, heavier ones earlier (weighted sampling)."""
    keys = {k: rng.random() ** (1.0 / w) for k, w in weights.items()}
    return sorted(weights, key=lambda k: -keys[k])


def _value(rng: random.Random, q: Questionnaire, question: Question) -> Any:
    options = [o.value for o in q.options_of(question)]
    if isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        assert scale is not None
        low = scale.min + (1 if scale.missing == scale.min else 0)
        return rng.randint(low + 1, scale.max - 1) if scale.max - low > 2 else scale.max
    if isinstance(question, YesNo):
        return rng.random() < 0.6
    if isinstance(question, SingleChoice):
        return rng.choice(options)
    if isinstance(question, Ranking):
        return rng.sample(options, max(question.min_ranked, min(question.top, 3)))
    if isinstance(question, MultipleChoice):
        return rng.sample(options, max(1, question.min_selections))
    if isinstance(question, NumberQuestion):
        low = question.min if question.min is not None else 0
        return int(low) + rng.randint(1, 10)
    return None


def _answers(
    rng: random.Random, q: Questionnaire, region: str, group: str, lang: str
) -> dict[str, Any]:
    weights = {o.value: 1.0 for o in q.choice_lists["needs"]}
    for need in REGION_NEEDS[region]:
        weights[need] += 4.0
    for need in GROUP_NEEDS[group]:
        weights[need] += 2.0
    ranking = _weighted_order(rng, weights)[: rng.randint(3, 5)]
    answers: dict[str, Any] = {"top_needs": ranking}
    unmet = [n for n in ranking if rng.random() < 0.35]
    if unmet:
        answers["unmet_needs"] = unmet
    if rng.random() < COMMENT_SHARE and lang in COMMENTS:
        answers["biggest_obstacle"] = rng.choice(COMMENTS[lang])
    for _ in range(3):
        for question in visible_questions(q, answers, group):
            if question.id in answers or not question.required:
                continue
            value = _value(rng, q, question)
            if value is not None:
                answers[question.id] = value
    return answers


def generate(q: Questionnaire, seed: int = SEED) -> list[Response]:
    rng = random.Random(seed)
    regions = load_yaml(HERE / "regions.yaml").data["regions"]
    groups = list(GROUP_NEEDS)
    start = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
    out: list[Response] = []
    for region in regions:
        code, lang = region["code"], region["languages"][0]
        for index in range(rng.randint(6, 10)):
            group = groups[index % len(groups)] if index < len(groups) else rng.choice(groups)
            answers = _answers(rng, q, code, group, lang)
            problems = check_answers(q, answers, group=group, lang=lang, complete=True)
            if problems:
                raise SystemExit(f"{code} {group}: generated answers do not fit: {problems}")
            started = start + timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600))
            out.append(
                Response.model_validate(
                    {
                        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
                        "respondent": {
                            "id": f"{rng.getrandbits(48):012x}",
                            "region": code,
                            "region_name": region["name"],
                            "group": group,
                            "sector": rng.choice(REGION_SECTORS[code]),
                        },
                        "language": lang,
                        "status": "complete",
                        "consent": True,
                        "started": started,
                        "updated": started + timedelta(minutes=14),
                        "submitted": started + timedelta(minutes=14),
                        "answers": answers,
                    }
                )
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "needs-responses")
    args = parser.parse_args()
    # The examples are the first wave's (2024): they answered version 1.0.0, kept beside the
    # current version, which counts them (needs.comparable_with of the catalogue).
    q, _ = load_questionnaire("stakeholder-needs-1.0.0")
    responses = generate(q)
    if args.out.exists():
        shutil.rmtree(args.out)
    for response in responses:
        who = response.respondent
        path = args.out / who.region / response_file_name(who, response.started)
        atomic_write_text(path, response_text(response))
    print(f"wrote {len(responses)} illustrative needs responses to {args.out}")


if __name__ == "__main__":
    main()
