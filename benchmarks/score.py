"""Time and memory of `score` on many responses, against merely parsing the same input.

Generates a questionnaire of Q questions (wheel scales, scored choices, a yes/no question
with a follow-up shown only after "yes", a number and a text), a scoring model of one
dimension per section, and N responses (regions x respondents). The responses are written
as one JSON Lines file and, for the first `--yaml` of them, as one YAML file each. Then, in
the same run and each in a fresh process:

* the floor: `json.loads` of every line; `yaml.load` (PyYAML's C safe loader) of every file;
* `score`: the library call behind `s3engine score` (s3engine.scoring.inputs.score_files), which
  reads, validates every response against the questionnaire, tallies and scores; as the
  command does, with as many processes as there are cores for a large JSON Lines file
  (parallel_count.py), and again in one process (S3ENGINE_JOBS=1). CPU seconds include the
  processes forked;
* the peak memory (maximum resident set size) of scoring a tenth of the JSON Lines (the same
  regions and stakeholder groups, a tenth of the respondents) and all of them, to show that
  memory does not grow with the number of responses.

The score is timed from the call of score_files to its return: loading the library (about
0.15 s, once per process) is shown on its own. Wall-clock seconds are the target's measure;
CPU seconds are shown too, since they vary less on a busy machine. Each measurement runs
--repeat times (in rounds over all of them), and the run of median time is shown.

Targets (issue 4): JSON Lines within 2x the json.loads time; YAML within 1.5x the YAML parse
time; memory flat in the number of responses.

    .venv/bin/python benchmarks/score.py [--regions 1000] [--respondents 100]
        [--questions 40] [--yaml 10000] [--repeat 3] [--dir DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

GROUPS = ("government", "industry", "academia", "civil_society")
WHEEL = {
    "min": 0,
    "max": 5,
    "missing": 0,
    "points": [{"value": v, "label": f"point {v}"} for v in range(6)],
}
FREQUENCY = [
    {"value": v, "label": v, "score": s}
    for v, s in (("never", 0), ("sometimes", 40), ("often", 80), ("always", 100))
]
START = datetime(2024, 5, 1)
#: What the generated questionnaire and model say about themselves.
HEADER = {
    "id": "benchmark",
    "version": "1",
    "title": "benchmark",
    "languages": ["en"],
    "default_language": "en",
}
#: Comments respondents leave (with a number, so that few repeat).
COMMENTS = (
    "More joint calls with the neighbouring regions would help; we counted {n} last year.",
    "The strategy names {n} priorities: too many to follow them all.",
    "Our cluster reached {n} SMEs, but the monitoring does not show it.",
    "Funding ends after {n} months, before any result can be measured.",
)


# -- generating the input --------------------------------------------------------------------


def questionnaire(questions: int) -> dict[str, Any]:
    """A questionnaire of `questions` questions in sections of eight."""
    items: list[dict[str, Any]] = []
    for index in range(questions):
        qid = f"q{index:03d}"
        kind = index % 10
        if kind == 3:
            items.append({"id": qid, "type": "single_choice", "text": qid, "options": "freq"})
        elif kind == 5:
            items.append(
                {"id": qid, "type": "yes_no", "text": qid, "yes_score": 100, "no_score": 0}
            )
        elif kind == 6 and index > 0:
            follow = {"question": f"q{index - 1:03d}", "equals": True}
            items.append(
                {"id": qid, "type": "scale", "text": qid, "scale": "wheel", "show_if": follow}
            )
        elif kind == 8:
            items.append({"id": qid, "type": "number", "text": qid, "min": 0, "integer": True})
        elif kind == 9:
            items.append({"id": qid, "type": "text", "text": qid, "max_length": 500})
        else:
            required = kind in (0, 1)
            items.append(
                {"id": qid, "type": "scale", "text": qid, "scale": "wheel", "required": required}
            )
    sections = [
        {"id": f"s{n}", "title": f"section {n}", "questions": items[start : start + 8]}
        for n, start in enumerate(range(0, len(items), 8))
    ]
    return {
        **HEADER,
        "scales": {"wheel": WHEEL},
        "choice_lists": {"freq": FREQUENCY},
        "sections": sections,
    }


def model(q: dict[str, Any]) -> dict[str, Any]:
    dimensions = []
    for section in q["sections"]:
        indicators = [
            {"id": item["id"], "label": item["id"], "question": item["id"]}
            for item in section["questions"]
            if item["type"] in ("scale", "single_choice", "yes_no")
        ]
        if indicators:
            dimensions.append(
                {"id": section["id"], "label": section["id"], "indicators": indicators}
            )
    return {
        **HEADER,
        "questionnaire": "questionnaire.yaml",
        "dimensions": dimensions,
        "classes": {
            "on_threshold": "above",
            "levels": [
                {"id": "advanced", "label": "advanced", "min": 65},
                {"id": "convergence", "label": "convergence", "min": 45},
                {"id": "less_advanced", "label": "less advanced"},
            ],
        },
    }


def answers_for(q: dict[str, Any], rng: random.Random, level: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in q["sections"]:
        for item in section["questions"]:
            show_if = item.get("show_if")
            if show_if is not None and out.get(show_if["question"]) is not True:
                continue
            kind = item["type"]
            if kind == "scale":
                out[item["id"]] = (
                    0 if rng.random() < 0.05 else min(5, max(1, round(level + rng.gauss(0, 1))))
                )
            elif kind == "single_choice":
                out[item["id"]] = rng.choice(FREQUENCY)["value"]
            elif kind == "yes_no":
                out[item["id"]] = rng.random() < 0.6
            elif kind == "number":
                out[item["id"]] = rng.randint(0, 40)
            elif kind == "text" and rng.random() < 0.1:
                out[item["id"]] = rng.choice(COMMENTS).format(n=rng.randint(2, 500))
    return out


def generate(
    folder: Path, regions: int, respondents: int, questions: int, yaml_files: int
) -> tuple[Path, Path, Path, Path]:
    """Write the questionnaire, model, JSON Lines (all) and a YAML folder (the first ones)."""
    from s3engine.io.yamlio import dump_yaml
    from s3engine.nuts import nuts_regions
    from s3engine.questionnaire.model import Questionnaire

    q = questionnaire(questions)
    (folder / "questionnaire.yaml").write_text(dump_yaml(q), encoding="utf-8")
    model_path = folder / "model.yaml"
    model_path.write_text(dump_yaml(model(q)), encoding="utf-8")
    digest = Questionnaire.model_validate(q).content_hash
    rng = random.Random(42)
    jsonl = folder / "responses.jsonl"
    small = folder / "tenth.jsonl"
    yaml_dir = folder / "yaml"
    yaml_dir.mkdir(exist_ok=True)
    written = 0
    with jsonl.open("w", encoding="utf-8") as big, small.open("w", encoding="utf-8") as tenth:
        # Real NUTS 2 and 3 codes: a response's region must be a NUTS code (s3engine.nuts).
        codes = sorted(code for code, region in nuts_regions().items() if region.level >= 2)
        for r in range(regions):
            code = codes[r % len(codes)]  # beyond 1,628 regions, codes repeat
            level = rng.uniform(2.0, 4.5)
            for n in range(respondents):
                started = START + timedelta(seconds=rng.randrange(30 * 86400))
                updated = started + timedelta(seconds=rng.randrange(300, 3600))
                response = {
                    "s3engine_response": 1,
                    "questionnaire": {"id": "benchmark", "version": "1", "hash": digest},
                    "respondent": {"id": f"{r:06d}{n:06d}", "region": code, "group": GROUPS[n % 4]},
                    "language": "en",
                    "status": "complete",
                    "started": f"{started:%Y-%m-%dT%H:%M:%SZ}",
                    "updated": f"{updated:%Y-%m-%dT%H:%M:%SZ}",
                    "submitted": f"{updated:%Y-%m-%dT%H:%M:%SZ}",
                    "answers": answers_for(q, rng, level),
                }
                line = json.dumps(response, ensure_ascii=False) + "\n"
                big.write(line)
                if n % 40 < 4:  # a tenth of the respondents, of every group
                    tenth.write(line)
                if written < yaml_files:
                    (yaml_dir / f"{code}-{n:06d}.yaml").write_text(
                        dump_yaml(response), encoding="utf-8"
                    )
                written += 1
    return model_path, jsonl, small, yaml_dir


# -- measuring (each in a child process) -----------------------------------------------------


def child(kind: str, path: Path, model_path: Path) -> dict[str, float]:
    """Measure one thing in this process: seconds (wall and CPU), count, peak memory."""
    imported = time.perf_counter()
    if kind in ("score", "parts"):  # loading the library is timed on its own
        from s3engine.responses.files import read_documents
        from s3engine.scoring.checks import load_model
        from s3engine.scoring.engine import SurveyTally, build_result
        from s3engine.scoring.inputs import (
            ScoreRequest,
            collector_paused,
            count_documents,
            score_files,
        )
    imported = time.perf_counter() - imported
    start, cpu = time.perf_counter(), time.process_time()
    count = 0
    extra: dict[str, float] = {}
    if kind == "json.loads":
        with path.open("rb") as handle:
            for line in handle:
                json.loads(line)
                count += 1
    elif kind == "yaml.load":
        import yaml

        for file in sorted(path.iterdir()):
            yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            count += 1
    elif kind == "score":
        outcome = score_files(ScoreRequest(responses=[str(path)], model=str(model_path)))
        count = outcome.result.responses_read
        if outcome.problems:
            raise SystemExit(f"{len(outcome.problems)} responses refused: {outcome.problems[0]}")
    else:  # the two halves of score: reading and tallying the responses, building the result
        model, _, questionnaire = load_model(model_path)
        assert questionnaire is not None
        tally = SurveyTally(model, questionnaire)
        problems: list[Any] = []
        with collector_paused():
            count_documents(tally, read_documents([path]), problems)
            assert not problems, problems[0]
            streamed = time.perf_counter()
            streamed_cpu = time.process_time()
            build_result(model, questionnaire=questionnaire, tally=tally, statistics={})
            extra["result"] = time.perf_counter() - streamed
        # `seconds` and `cpu`: reading, checking and counting only
        start, cpu = start + extra["result"], cpu + time.process_time() - streamed_cpu
        count = tally.read
        extra["ids_mib"] = tally.ids.nbytes / 2**20
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # processes forked to count
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return {
        "seconds": seconds,
        "cpu": cpu + children.ru_utime + children.ru_stime,
        "import": imported,
        "peak_mib": peak,
        "child_peak_mib": children.ru_maxrss / 1024,
        "count": count,
        **extra,
    }


def measure(kind: str, path: Path, model_path: Path, jobs: str = "") -> dict[str, float]:
    """Measure in a fresh process; `jobs` sets S3ENGINE_JOBS (default: as many as the cores)."""
    env = {k: v for k, v in os.environ.items() if k != "S3ENGINE_JOBS"}
    if jobs:
        env["S3ENGINE_JOBS"] = jobs
    run = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(model_path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, float] = json.loads(run.stdout)
    return result


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median wall-clock time."""
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=1000)
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--yaml", type=int, default=10_000, help="responses also written as YAML")
    parser.add_argument("--dir", type=Path, help="keep the generated files here")
    parser.add_argument(
        "--generate-only", action="store_true", help="write the files to --dir, measure nothing"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the files an earlier run left in --dir"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measurement; the median is shown"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, path, model_path = args.child
        print(json.dumps(child(kind, Path(path), Path(model_path))))
        return 0
    if (args.generate_only or args.reuse) and args.dir is None:
        parser.error("--generate-only and --reuse need --dir")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        n = args.regions * args.respondents
        if args.reuse:
            model_path, jsonl = folder / "model.yaml", folder / "responses.jsonl"
            tenth, yaml_dir = folder / "tenth.jsonl", folder / "yaml"
            n = sum(1 for _ in jsonl.open("rb"))
            args.yaml = sum(1 for _ in yaml_dir.iterdir())
        else:
            print(f"generating {n:,} responses to {args.questions} questions in {folder} ...")
            model_path, jsonl, tenth, yaml_dir = generate(
                folder, args.regions, args.respondents, args.questions, args.yaml
            )
        if args.generate_only:
            return 0
        size = jsonl.stat().st_size / 2**20
        plan = [
            ("json.loads per line", "json.loads", jsonl, ""),
            ("score, JSON Lines", "score", jsonl, ""),
            ("  in one process", "score", jsonl, "1"),
            ("  reading, checking, counting", "parts", jsonl, ""),
            ("  a tenth, in one process", "score", tenth, "1"),
            ("yaml.load per file", "yaml.load", yaml_dir, ""),
            ("score, YAML files", "score", yaml_dir, ""),
        ]
        runs: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in plan}
        for _ in range(max(1, args.repeat)):  # in rounds, so that a busy spell hits all rows
            for name, kind, path, jobs in plan:
                runs[name].append(measure(kind, path, model_path, jobs))
        rows = [(name, _median(runs[name])) for name, *_ in plan]
    print(
        f"\n{n:,} responses ({size:.0f} MiB of JSON Lines), {args.yaml:,} YAML files; "
        f"the median of {max(1, args.repeat)} runs of each\n"
    )
    print(
        f"{'':30} {'responses':>10} {'seconds':>8} {'CPU s':>7} {'per resp.':>10} "
        f"{'peak MiB':>9} {'children':>9}"
    )
    for name, r in rows:
        per = r["seconds"] / r["count"] * 1e6 if r["count"] else 0.0
        children = f"{r['child_peak_mib']:>9.0f}" if r["child_peak_mib"] > 20 else f"{'-':>9}"
        print(
            f"{name:30} {int(r['count']):>10,} {r['seconds']:>8.2f} {r['cpu']:>7.2f} "
            f"{per:>8.1f}us {r['peak_mib']:>9.0f} {children}"
        )
    loads, whole, alone, parts, tenth_run, yaml_load, yaml_score = (r for _, r in rows)

    def ratio(a: dict[str, float], b: dict[str, float]) -> str:
        return f"{a['seconds'] / b['seconds']:.2f}x (CPU time: {a['cpu'] / b['cpu']:.2f}x)"

    print(f"\nscore / json.loads (JSON Lines): {ratio(whole, loads)}; target 2x")
    print(f"  in one process (S3ENGINE_JOBS=1): {ratio(alone, loads)}")
    print(f"  reading, checking and counting alone, one process: {ratio(parts, loads)}")
    print(f"  building the result of {args.regions:,} regions: {parts['result']:.2f} s")
    per_line = (alone["seconds"] - tenth_run["seconds"]) / (alone["count"] - tenth_run["count"])
    print(
        f"  each response more, one process: {per_line * 1e6:.1f} us, "
        f"{per_line / (loads['seconds'] / loads['count']):.2f}x json.loads of its line"
    )
    print(f"score / yaml.load (YAML files):  {ratio(yaml_score, yaml_load)}; target 1.5x")
    print(f"loading the library (not timed above): {whole['import']:.2f} s")
    print(
        f"peak memory in one process, all vs a tenth of the JSON Lines: "
        f"{alone['peak_mib'] - tenth_run['peak_mib']:+.0f} MiB "
        f"({tenth_run['peak_mib']:.0f} -> {alone['peak_mib']:.0f} MiB), of which "
        f"{parts['ids_mib']:.1f} MiB of respondent ids; with processes: "
        f"{whole['peak_mib']:.0f} MiB, each child at most {whole['child_peak_mib']:.0f} MiB "
        "(pages shared with its parent counted in both)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
