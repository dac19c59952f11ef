"""Write the ILLUSTRATIVE example responses in examples/responses/ (seeded, reproducible).

These are made-up answers, not survey data: they exist so that the stress test can be run end
to end on the twelve example regions (examples/regions.yaml). Each region gets 8 to 20
respondents across the four stakeholder groups; some stop half-way (status partial), some
answer "no information" (0 on the assessment wheel), some skip optional questions, and the
groups do not always agree (government tends to rate its own strategy higher than industry
does). Every response is checked against the questionnaire with the same rules as
`s3engine check` before it is written.

The second wave (`--wave 2026`, examples/responses-2026/) is the same survey two years later
(docs/waves.md): the same twelve regions and rules, new respondents, and an illustrative mix
of change, CHANGE below: some regions improve, a few slip, the others stay where they were.
The first wave's responses record no wave (they were made before waves existed): they belong
to the wave 2024, the year they were started in.

    python examples/make_examples.py            # rewrite examples/responses/
    python examples/make_examples.py --wave 2026  # rewrite examples/responses-2026/
    python examples/make_examples.py --out DIR  # write elsewhere (the tests do this)
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from s3engine.i18n.texts import DEFAULT_SECTORS
from s3engine.io.files import atomic_write_text, load_yaml
from s3engine.questionnaire.answers import check_answers, profile_problems, visible_questions
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.files import response_file_name, response_text
from s3engine.responses.model import QuestionnaireRef, Respondent, Response, Wave

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 2017  # the year of the S3-4AlpClusters stress-test synthesis report

#: Illustrative level of each region on the 1-5 assessment wheel. Made up for the example,
#: not a finding about the region.
LEVELS = {
    "AT31": 3.9,
    "AT32": 3.5,
    "CH02": 3.7,
    "DE1": 4.0,
    "DE2": 3.8,
    "FRC2": 3.5,
    "ITC1": 3.3,
    "ITC4": 3.6,
    "ITH2": 3.4,
    "ITH3": 2.8,
    "SI03": 3.1,
    "SI04": 3.3,
}
#: The second wave (2026): the illustrative change of each region's level since 2024, in
#: wheel points. Made up for the example, not a finding about the region.
CHANGE = {
    "AT31": 0.0,
    "AT32": 0.3,
    "CH02": 0.0,
    "DE1": -0.1,
    "DE2": 0.1,
    "FRC2": 0.6,
    "ITC1": 0.0,
    "ITC4": -0.5,
    "ITH2": 0.2,
    "ITH3": 0.8,
    "SI03": 0.6,
    "SI04": 0.0,
}
#: The seed of the second wave (the first wave's seed is SEED).
WAVE_SEEDS = {"2026": 2026}
#: When each wave was in the field: its first day.
FIELDWORK = {
    None: datetime(2024, 4, 8, 8, 0, tzinfo=UTC),
    "2026": datetime(2026, 4, 13, 8, 0, tzinfo=UTC),
}

#: How each group tends to rate the strategy, in wheel points, and how often it lacks
#: information (answers 0).
GROUP_BIAS = {"government": 0.35, "industry": -0.2, "academia": 0.0, "civil_society": -0.3}
NO_INFORMATION = {"government": 0.03, "industry": 0.08, "academia": 0.08, "civil_society": 0.22}
PARTIAL_SHARE = 0.15
SKIP_SHARE = 0.06
COMMENT_SHARE = 0.12

#: A few illustrative comments per language.
COMMENTS = {
    "en": [
        "Cluster managers should be involved earlier in the next revision of the strategy.",
        "Calls are announced too late for companies to prepare joint projects.",
        "Cooperation with the neighbouring regions depends on a few people.",
    ],
    "de": [
        "Die Clustermanagements sollten bei der nächsten Überarbeitung früher eingebunden werden.",
        "Die Ausschreibungen kommen zu kurzfristig, um Verbundprojekte vorzubereiten.",
        "Die Zusammenarbeit mit den Nachbarregionen hängt an wenigen Personen.",
    ],
    "fr": [
        "Les animateurs de clusters devraient être associés plus tôt à la prochaine révision.",
        "Les appels sont publiés trop tard pour monter des projets collaboratifs.",
        "La coopération avec les régions voisines repose sur quelques personnes.",
    ],
    "it": [
        "I cluster manager dovrebbero essere coinvolti prima nella prossima revisione.",
        "I bandi escono troppo tardi per preparare progetti collaborativi.",
        "La cooperazione con le regioni vicine dipende da poche persone.",
    ],
    "sl": [
        "Upravljavce grozdov bi morali pri naslednji prenovi vključiti prej.",
        "Razpisi so objavljeni prepozno za pripravo skupnih projektov.",
        "Sodelovanje s sosednjimi regijami je odvisno od nekaj posameznikov.",
    ],
}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    languages: list[str]


def load_regions(path: Path = HERE / "regions.yaml") -> list[Region]:
    data = load_yaml(path).data
    return [Region(r["code"], r["name"], list(r["languages"])) for r in data["regions"]]


def generate(
    q: Questionnaire, regions: list[Region], seed: int = SEED, wave: str | None = None
) -> list[Response]:
    """Every example response, in a fixed order; the same seed gives the same responses.
    `wave`: the second wave ('2026'), with each region's CHANGE."""
    rng = random.Random(seed)
    responses: list[Response] = []
    # A region's strengths and weaknesses (its offset per section) stay from wave to wave:
    # the second wave's are the first's, so that CHANGE is the whole true change.
    first = _section_offsets(q, regions) if wave else {}
    for region in regions:
        level = LEVELS[region.code] + (CHANGE[region.code] if wave else 0.0)
        offsets = {s.id: rng.gauss(0.0, 0.3) for s in q.sections}
        offsets = first.get(region.code, offsets)
        clusters = rng.randint(4, 30)
        for group in _groups(rng, rng.randint(8, 20)):
            response = _respondent(q, rng, region, group, level, offsets, clusters, wave)
            responses.append(response)
    return responses


def _section_offsets(q: Questionnaire, regions: list[Region]) -> dict[str, dict[str, float]]:
    """The offsets per section the first wave drew for each region (its draws replayed)."""
    rng = random.Random(SEED)
    found: dict[str, dict[str, float]] = {}
    for region in regions:
        found[region.code] = offsets = {s.id: rng.gauss(0.0, 0.3) for s in q.sections}
        clusters = rng.randint(4, 30)
        for group in _groups(rng, rng.randint(8, 20)):
            _respondent(q, rng, region, group, LEVELS[region.code], offsets, clusters)
    return found


def _groups(rng: random.Random, count: int) -> list[str]:
    """`count` groups: two of each at least, the rest drawn (industry most often)."""
    groups = [g for g in GROUP_BIAS for _ in range(2)]
    groups += rng.choices(list(GROUP_BIAS), weights=[2, 4, 2, 1], k=count - len(groups))
    rng.shuffle(groups)
    return groups


def _respondent(
    q: Questionnaire,
    rng: random.Random,
    region: Region,
    group: str,
    level: float,
    offsets: dict[str, float],
    clusters: int,
    wave: str | None = None,
) -> Response:
    language = rng.choice(region.languages)
    partial = rng.random() < PARTIAL_SHARE
    last_section = rng.randint(1, len(q.sections) - 2) if partial else len(q.sections) - 1
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    done: set[str] = set()
    while True:  # answer visible questions in order until none is left
        pending = [x for x in visible_questions(q, answers, group) if x.id not in done]
        pending = [x for x in pending if _section_index(q, x) <= last_section]
        if not pending:
            break
        question = pending[0]
        done.add(question.id)
        if not question.required and rng.random() < SKIP_SHARE:
            skipped.append(question.id)
            continue
        section = q.section_of[question.id].id
        mood = level + GROUP_BIAS[group] + offsets[section]
        value = _answer(q, question, rng, mood, group, language, answers, clusters)
        if value is not None:
            answers[question.id] = value
    started = FIELDWORK[wave] + timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 600))
    updated = started + timedelta(minutes=rng.randint(6, 45))
    respondent = Respondent(
        id=f"{rng.getrandbits(48):012x}",
        region=region.code,
        region_name=region.name,
        group=group,
        sector=rng.choice(DEFAULT_SECTORS),
    )
    order = list(q.question_index)
    response = Response(
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash),
        wave=None if wave is None else Wave(id=wave, period=wave),
        respondent=respondent,
        language=language,
        status="partial" if partial else "complete",
        consent=True,
        started=started,
        updated=updated,
        submitted=None if partial else updated,
        answers={qid: answers[qid] for qid in order if qid in answers},
        skipped=[qid for qid in order if qid in skipped],
    )
    _check(q, response)
    return response


def _section_index(q: Questionnaire, question: Question) -> int:
    return [s.id for s in q.sections].index(q.section_of[question.id].id)


def _answer(
    q: Questionnaire,
    question: Question,
    rng: random.Random,
    mood: float,
    group: str,
    language: str,
    answers: dict[str, Any],
    clusters: int,
) -> Any:
    share = min(1.0, max(0.0, (mood - 1.0) / 4.0))
    if isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        assert scale is not None
        if scale.missing is not None and rng.random() < NO_INFORMATION[group]:
            return scale.missing
        point = round(mood + rng.gauss(0.0, 0.8))
        low = min(p.value for p in scale.points if p.value != scale.missing)
        return min(scale.max, max(low, point))
    if isinstance(question, YesNo):
        return rng.random() < min(0.95, share + 0.1)
    if isinstance(question, SingleChoice):
        options = [o.value for o in q.options_of(question)]
        index = round(share * (len(options) - 1) + rng.gauss(0.0, 0.8))
        return options[min(len(options) - 1, max(0, index))]
    if isinstance(question, MultipleChoice):
        options = [o.value for o in q.options_of(question)]
        high = min(question.max_selections or 5, 5, len(options))
        return rng.sample(options, rng.randint(max(1, question.min_selections), high))
    if isinstance(question, NumberQuestion):
        if question.id == "cluster_initiatives_count":
            return 0 if rng.random() < 0.03 else max(1, clusters + rng.randint(-3, 3))
        if question.id == "clusters_in_s3_count":
            total = int(answers.get("cluster_initiatives_count", 0))
            return round(total * rng.uniform(0.3, 0.9))
        low = question.min if question.min is not None else 0.0
        high = question.max if question.max is not None else 100.0
        value = rng.uniform(low, min(high, low + 50.0))
        return round(value) if question.integer else round(value, question.decimals or 1)
    if isinstance(question, TextQuestion):
        if rng.random() < COMMENT_SHARE:
            return rng.choice(COMMENTS.get(language, COMMENTS["en"]))
        return None
    return None  # rankings: none in this questionnaire


def _check(q: Questionnaire, response: Response) -> None:
    """Refuse to write a response that `s3engine check` would not accept."""
    who = response.respondent
    problems = check_answers(
        q,
        response.answers,
        group=who.group,
        lang=response.language,
        complete=response.status == "complete",
        skipped=response.skipped,
    )
    problems += profile_problems(
        q, region=who.region, group=who.group, sector=who.sector, language=response.language
    )
    if problems:
        raise SystemExit(f"generated an invalid response for {who.region}: {problems}")


def write(responses: list[Response], folder: Path, seed: int) -> list[Path]:
    """Replace the region folders under `folder` with the responses, one YAML file each."""
    if folder.exists():
        for child in folder.iterdir():
            if child.is_dir() and child.name.isupper():
                shutil.rmtree(child)
    written: list[Path] = []
    header = (
        f"# ILLUSTRATIVE example response, made up by examples/make_examples.py (seed {seed}): "
        "not real survey data.\n"
    )
    for response in responses:
        path = (
            folder
            / response.respondent.region
            / response_file_name(response.respondent, response.started)
        )
        atomic_write_text(path, header + response_text(response))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wave", choices=sorted(WAVE_SEEDS), help="the second wave")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = HERE / ("responses" if args.wave is None else f"responses-{args.wave}")
    if args.seed is None:
        args.seed = SEED if args.wave is None else WAVE_SEEDS[args.wave]
    q, _ = load_questionnaire(ROOT / "questionnaires" / "s3-stress-test.yaml")
    regions = load_regions()
    responses = generate(q, regions, args.seed, args.wave)
    written = write(responses, args.out, args.seed)
    partial = sum(1 for r in responses if r.status == "partial")
    print(
        f"wrote {len(written)} illustrative responses ({partial} partial) for "
        f"{len(regions)} regions to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
