"""ILLUSTRATIVE responses to the shipped stress-test questionnaire, many of them, for benchmarks.

Made-up answers, not survey data. Each region has a level on the assessment wheel, each
stakeholder group its bias; respondents answer the questions they are shown, in order (the
conditions and target groups of the questionnaire decide which), skip some optional ones,
sometimes answer 0 ("no information"), leave comments, stop half-way (partial responses),
and give their sector, organisation and region name. Every response is valid: `s3engine
check` and `score` accept all of them.

The scoring model is the shipped one without its statistics (no Eurostat figures exist for
made-up regions): the six survey dimensions, their indicators, weights and rules.
"""

from __future__ import annotations

import functools
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from s3engine.i18n.texts import DEFAULT_SECTORS
from s3engine.io.files import load_yaml
from s3engine.io.resources import resolve
from s3engine.io.yamlio import dump_yaml
from s3engine.questionnaire.answers import applies
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)

GROUPS = ("government", "industry", "academia", "civil_society")
BIAS = {"government": 0.35, "industry": -0.2, "academia": 0.0, "civil_society": -0.3}
NO_INFORMATION = {"government": 0.03, "industry": 0.08, "academia": 0.08, "civil_society": 0.2}
LANGUAGES = ("en", "de", "fr", "it", "sl")
START = datetime(2024, 4, 8, 8, 0, tzinfo=UTC)
#: How long the survey is in the field: each response is started in these seconds from START.
FIELD_SECONDS = 30 * 86400
COMMENTS = (
    "Cluster managers should be involved earlier in the next revision; {n} attended last time.",
    "Calls are announced too late for companies to prepare joint projects ({n} days).",
    "Die Zusammenarbeit mit den Nachbarregionen hängt an {n} Personen.",
    "Les appels sont publiés trop tard : {n} jours pour monter un projet collaboratif.",
)


def questionnaire() -> Questionnaire:
    return load_questionnaire("s3-stress-test")[0]


def model_data() -> dict[str, Any]:
    """The shipped model without its statistics (the survey dimensions and rules)."""
    data: dict[str, Any] = load_yaml(resolve("s3-stress-test", "scoring")).data
    dimensions = []
    for dimension in data["dimensions"]:
        indicators = [i for i in dimension["indicators"] if "question" in i]
        if indicators:
            dimensions.append({**dimension, "indicators": indicators})
    out = {k: v for k, v in data.items() if k not in ("sources", "gates")}
    return {**out, "dimensions": dimensions, "min_dimension_share": 1}


def region_code(index: int) -> str:
    """A real NUTS 2 or 3 code, a different one per index below 1,628 (a response's region
    must be a NUTS code: s3engine.nuts); beyond that, codes repeat."""
    codes = _nuts_codes()
    return codes[index % len(codes)]


@functools.cache
def _nuts_codes() -> list[str]:
    from s3engine.nuts import nuts_regions

    return sorted(code for code, region in nuts_regions().items() if region.level >= 2)


def answer(q: Questionnaire, x: Question, rng: random.Random, mood: float, group: str) -> Any:
    share = min(1.0, max(0.0, (mood - 1.0) / 4.0))
    if isinstance(x, ScaleQuestion):
        scale = q.scale_of(x)
        assert scale is not None
        if scale.missing is not None and rng.random() < NO_INFORMATION[group]:
            return scale.missing
        return min(scale.max, max(1, round(mood + rng.gauss(0.0, 0.8))))
    if isinstance(x, YesNo):
        return rng.random() < min(0.95, share + 0.1)
    if isinstance(x, SingleChoice):
        options = [o.value for o in q.options_of(x)]
        index = round(share * (len(options) - 1) + rng.gauss(0.0, 0.8))
        return options[min(len(options) - 1, max(0, index))]
    if isinstance(x, MultipleChoice | Ranking):
        options = [o.value for o in q.options_of(x)]
        high = min(5, len(options))
        return rng.sample(options, rng.randint(1, high))
    if isinstance(x, NumberQuestion):
        low = x.min if x.min is not None else 0.0
        high = min(x.max if x.max is not None else low + 40.0, low + 40.0)
        value = rng.uniform(low, high)
        return round(value) if x.integer else round(value, x.decimals or 1)
    assert isinstance(x, TextQuestion)
    return rng.choice(COMMENTS).format(n=rng.randint(2, 900)) if rng.random() < 0.1 else None


def response(
    q: Questionnaire,
    rng: random.Random,
    code: str,
    number: int,
    level: float,
    started: datetime | None = None,
) -> dict[str, Any]:
    """Respondent `number` of region `code`; started at `started`, else at a time drawn in
    the 30 days of the field."""
    group = GROUPS[number % 4]
    mood = level + BIAS[group]
    partial = rng.random() < 0.1
    last = rng.randint(1, len(q.sections) - 2) if partial else len(q.sections) - 1
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    for index, section in enumerate(q.sections):  # as visible_questions walks them
        if index > last or not applies(q, section, answers, group):
            continue
        for x in section.questions:
            if not applies(q, x, answers, group):
                continue
            if not x.required and rng.random() < 0.05:
                skipped.append(x.id)
                continue
            value = answer(q, x, rng, mood, group)
            if x.id == "clusters_in_s3_count":  # its constraint: at most the initiatives
                value = min(value, answers.get("cluster_initiatives_count", value))
            if value is not None:
                answers[x.id] = value
    if started is None:
        started = START + timedelta(seconds=rng.randrange(FIELD_SECONDS))
    updated = started + timedelta(seconds=rng.randrange(300, 3600))
    stamp = f"{updated:%Y-%m-%dT%H:%M:%SZ}"
    return {
        "s3engine_response": 1,
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "respondent": {
            "id": f"{code}{number:06d}{rng.getrandbits(24):06x}",
            "region": code,
            "region_name": f"Region {code}",
            "group": group,
            "organisation": f"Organisation {rng.randrange(40)} of {code}",
            "sector": rng.choice(DEFAULT_SECTORS),
        },
        "language": rng.choice(LANGUAGES),
        "status": "partial" if partial else "complete",
        "consent": True,
        "started": f"{started:%Y-%m-%dT%H:%M:%SZ}",
        "updated": stamp,
        "submitted": None if partial else stamp,
        "answers": answers,
        "skipped": skipped,
    }


def generate(
    folder: Path, regions: int, respondents: int, yaml_files: int = 0, seed: int = 42
) -> tuple[Path, Path, Path, Path]:
    """Write model.yaml, responses.jsonl (all), tenth.jsonl (a tenth of the respondents of
    every region and group) and yaml/ (the first `yaml_files` responses, a file each).

    The responses are written in the order they were started, as `s3engine serve export`
    writes those of a web survey: in a file from a survey in the field every batch of lines
    mixes regions (1,024 lines hold some 640 of a thousand regions), and counting them costs
    more than counting them region by region (about 7 % of `score` at 100,000 responses,
    2026-12-08). Each response draws from a generator of its own (seeded by the seed, its
    region and its number), so the order they are written in changes none of them."""
    q = questionnaire()
    model_path = folder / "model.yaml"
    model_path.write_text(dump_yaml(model_data()), encoding="utf-8")
    rng = random.Random(seed)
    levels = [rng.uniform(2.0, 4.5) for _ in range(regions)]
    started = sorted(
        (_own(seed, r, n).randrange(FIELD_SECONDS), r, n)
        for r in range(regions)
        for n in range(respondents)
    )
    jsonl, small, yaml_dir = folder / "responses.jsonl", folder / "tenth.jsonl", folder / "yaml"
    yaml_dir.mkdir(exist_ok=True)
    written = 0
    with jsonl.open("w", encoding="utf-8") as big, small.open("w", encoding="utf-8") as tenth:
        for seconds, r, n in started:
            code = region_code(r)
            at = START + timedelta(seconds=seconds)
            data = response(q, _own(seed, r, n, "answers"), code, n, levels[r], at)
            line = json.dumps(data, ensure_ascii=False) + "\n"
            big.write(line)
            if n % 40 < 4:
                tenth.write(line)
            if written < yaml_files:
                (yaml_dir / f"{code}-{n:06d}.yaml").write_text(dump_yaml(data), encoding="utf-8")
            written += 1
    return model_path, jsonl, small, yaml_dir


def _own(seed: int, region: int, number: int, use: str = "start") -> random.Random:
    """The generator of one respondent's `use` (when they started, their answers)."""
    return random.Random(f"{seed}:{region}:{number}:{use}")
