"""Time and memory of `score` on many responses, against parsing alone and an analyst's pipelines.

By default the responses answer the shipped stress-test questionnaire (benchmarks/
shipped_data.py: 1,000 regions, realistic answers with conditions, target groups, comments
and partial responses) and are scored with the shipped model without its statistics;
`--simple` generates the earlier simplified questionnaire of `--questions` questions instead.
The responses are written as one JSON Lines file and, for the first `--yaml` of them, as one
YAML file each. Then, in the same run, each in a fresh process, in rounds (so that a busy
spell on a shared machine hits every row):

* the floor: `json.loads` of every line; `yaml.load` (PyYAML's C safe loader) of every file;
* `s3engine score --format json`, the command itself (which reads, validates every response
  against the questionnaire, tallies, scores and writes the result); with as many processes
  as there are cores for a large JSON Lines file, and again in one (S3ENGINE_JOBS=1);
* the anchors (benchmarks/anchors.py, with `make install-bench`): the same numbers from the
  same file by polars, duckdb, and pandas with the pyarrow reader, checking nothing. Each
  result is checked against the command's JSON (the benchmark stops when one differs);
* the library call behind the command split in two: reading, checking and counting, and
  building the result;
* the peak memory of scoring a tenth of the responses (the same regions and groups) and all
  of them: memory must not grow with the number of responses.

Two figures per row: `process`, the wall-clock seconds of the whole process from start to
exit (imports included: what a user waits for), and `work`, the seconds inside it after
the imports; CPU seconds of the whole process (children included) vary less than wall-clock
seconds on a busy machine. The run of median process time is shown. The ratios are against
json.loads and the anchors measured in the same run. `--baseline TREE` also runs the
command from another checkout of s3engine (PYTHONPATH=TREE, same virtual environment),
alternating with this one, and prints the ratio between the two and whether their JSON
(without the time it was generated) is the same byte for byte.

Targets: score within 1.0x polars and 2x duckdb; YAML within 1.5x yaml.load; memory flat.

    .venv/bin/python benchmarks/score.py [--regions 1000] [--respondents 100]
        [--yaml 10000] [--repeat 5] [--dir DIR [--reuse]] [--simple [--questions 40]]
        [--baseline TREE] [--no-anchors]
"""

from __future__ import annotations

import argparse
import hashlib
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

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = str(REPO / "benchmarks")
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
#: Not passed on to the processes measured (S3ENGINE_JOBS is set per row; a user's Python
#: writes the bytecode of each module once, a process under PYTHONDONTWRITEBYTECODE compiles
#: every module at every start).
QUIET = ("S3ENGINE_JOBS", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
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


def generate_simple(
    folder: Path, regions: int, respondents: int, questions: int, yaml_files: int
) -> tuple[Path, Path, Path, Path]:
    """Write the questionnaire, model, JSON Lines (all) and a YAML folder (the first ones)."""
    from shipped_data import region_code

    from s3engine.io.yamlio import dump_yaml
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
        for r in range(regions):
            code = region_code(r)  # a real NUTS code, as a response's region must be
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


def child(kind: str, path: Path, model_path: Path) -> dict[str, Any]:
    """Measure one thing in this process: seconds after the imports (wall and CPU), count."""
    imported = time.perf_counter()
    if kind == "parts":  # loading the library is timed on its own
        from s3engine.scoring.checks import load_model
        from s3engine.scoring.engine import SurveyTally, build_result
        from s3engine.scoring.inputs import collector_paused, count_files
    elif kind.startswith("anchor:"):
        import anchors

        engine = kind.split(":")[1]
        for module in {"polars": ["polars"], "duckdb": ["duckdb"]}.get(
            engine, ["pandas", "pyarrow.json"]
        ):
            __import__(module)
    imported = time.perf_counter() - imported
    start, cpu = time.perf_counter(), time.process_time()
    count = 0
    extra: dict[str, Any] = {}
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
    elif kind.startswith("anchor:"):
        spec = anchors.load_spec(model_path.with_suffix(".spec.json"))
        result = anchors.RUN[engine](path, spec)
        count = len(result)
        out = model_path.parent / f"{engine}.result.json"
        out.write_text(json.dumps(result), encoding="utf-8")
    else:  # the two halves of score: reading and tallying the responses, building the result
        model, _, questionnaire = load_model(model_path)
        assert questionnaire is not None
        tally = SurveyTally(model, questionnaire)
        problems: list[Any] = []
        with collector_paused():
            os.environ["S3ENGINE_JOBS"] = "1"  # the reading of one process
            count_files(tally, [str(path)], problems)
            assert not problems, problems[0]
            streamed = time.perf_counter()
            streamed_cpu = time.process_time()
            build_result(model, questionnaire=questionnaire, tally=tally, statistics={})
            extra["result"] = time.perf_counter() - streamed
        # `work` and `cpu`: reading, checking and counting only
        start, cpu = start + extra["result"], cpu + time.process_time() - streamed_cpu
        count = tally.read
        extra["ids_mib"] = tally.ids.nbytes / 2**20
    return {
        "work": time.perf_counter() - start,
        "work_cpu": time.process_time() - cpu,
        "import": imported,
        "count": count,
        **extra,
    }


def _digest(path: Path) -> str:
    """The command's JSON without the time it was generated."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("generated", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def measure(
    kind: str, path: Path, model_path: Path, jobs: str = "", tree: str = ""
) -> dict[str, Any]:
    """Measure in a fresh process: the whole process's wall-clock and CPU seconds (children
    included), and what it measures itself (`child`); peak_of measures its memory. `jobs`
    sets S3ENGINE_JOBS (default: as many as the cores); `tree` runs s3engine from that
    checkout."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    if jobs:
        env["S3ENGINE_JOBS"] = jobs
    if tree:
        env["PYTHONPATH"] = tree
    if kind == "command":
        out = model_path.parent / f"score{'-' + Path(tree).name if tree else ''}.json"
        argv = [sys.executable, "-m", "s3engine", "score", str(path), "--model", str(model_path)]
        argv += ["--format", "json", "--out", str(out)]
    else:
        argv = [sys.executable, __file__, "--child", kind, str(path), str(model_path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # run in the data's folder: `python -m` puts the working folder first on the module
    # path, ahead of PYTHONPATH, and a checkout there would be measured instead of `tree`
    run = subprocess.run(
        argv, check=False, capture_output=True, text=True, env=env, cwd=model_path.parent
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(f"{kind} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(run.stdout) if kind != "command" else {}
    result["seconds"] = seconds
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if kind == "command":
        result["digest"] = _digest(out)
        result["count"] = json.loads(out.read_text(encoding="utf-8"))["responses_read"]
    return result


def peak_of(path: Path, model_path: Path, jobs: str, tree: str) -> float:
    """The peak resident memory (MiB) of one run, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    env["S3ENGINE_JOBS"] = jobs
    if tree:
        env["PYTHONPATH"] = tree
    out = model_path.parent / "peak.json"
    # (printed by an exit handler: `score` ends its process as soon as its file is written)
    script = (
        f"import atexit, runpy, sys; sys.argv = sys.argv[1:]; sys.path.insert(0, {BENCHMARKS!r})\n"
        "from memory import peak_mib\n"
        "atexit.register(lambda: print(peak_mib()))\n"
        "runpy.run_module('s3engine', run_name='__main__')"
    )
    argv = [sys.executable, "-c", script, "s3engine", "score", str(path), "--model"]
    argv += [str(model_path), "--format", "json", "--out", str(out)]
    run = subprocess.run(
        argv, check=True, capture_output=True, text=True, env=env, cwd=model_path.parent
    )
    return float(run.stdout.split()[-1])


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median process time."""
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=1000)
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--simple", action="store_true", help="the simplified questionnaire")
    parser.add_argument("--questions", type=int, default=40, help="questions with --simple")
    parser.add_argument("--yaml", type=int, default=10_000, help="responses also written as YAML")
    parser.add_argument("--dir", type=Path, help="keep the generated files here")
    parser.add_argument(
        "--generate-only", action="store_true", help="write the files to --dir, measure nothing"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the files an earlier run left in --dir"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each measurement; the median is shown"
    )
    parser.add_argument("--baseline", help="another checkout of s3engine to compare with")
    parser.add_argument(
        "--tree", default="", help="the checkout measured (default: the one installed)"
    )
    parser.add_argument("--no-anchors", action="store_true", help="without polars, duckdb, pandas")
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
            kind = f"{args.questions} simplified questions" if args.simple else "the shipped"
            print(f"generating {n:,} responses to {kind} questionnaire in {folder} ...")
            if args.simple:
                model_path, jsonl, tenth, yaml_dir = generate_simple(
                    folder, args.regions, args.respondents, args.questions, args.yaml
                )
            else:
                import shipped_data

                model_path, jsonl, tenth, yaml_dir = shipped_data.generate(
                    folder, args.regions, args.respondents, args.yaml
                )
        if args.generate_only:
            return 0
        return report(args, folder, n, model_path, jsonl, tenth, yaml_dir)


def report(
    args: argparse.Namespace,
    folder: Path,
    n: int,
    model_path: Path,
    jsonl: Path,
    tenth: Path,
    yaml_dir: Path,
) -> int:
    size = jsonl.stat().st_size / 2**20
    this = args.tree
    plan: list[tuple[str, str, Path, str, str]] = [
        ("json.loads per line", "json.loads", jsonl, "", ""),
        ("s3engine score", "command", jsonl, "", this),
    ]
    if args.baseline:
        plan.append(("  baseline tree", "command", jsonl, "", args.baseline))
    plan.append(("  in one process", "command", jsonl, "1", this))
    if args.baseline:
        plan.append(("  baseline, one process", "command", jsonl, "1", args.baseline))
    anchors_run = not args.no_anchors and not args.simple
    if anchors_run:
        import anchors

        spec = anchors.spec(model_path)
        model_path.with_suffix(".spec.json").write_text(json.dumps(spec), encoding="utf-8")
        plan += [(f"{e}", f"anchor:{e}", jsonl, "", "") for e in anchors.ENGINES]
    plan.append(("reading, checking, counting", "parts", jsonl, "", this))
    if args.yaml:
        plan += [
            ("yaml.load per file", "yaml.load", yaml_dir, "", ""),
            ("s3engine score, YAML files", "command", yaml_dir, "", this),
        ]
    for tree in {tree or str(REPO / "s3engine") for *_, tree in plan}:  # bytecode, as installed
        subprocess.run([sys.executable, "-m", "compileall", "-q", tree], check=True)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in plan}
    for _ in range(max(1, args.repeat)):  # in rounds, so that a busy spell hits all rows
        for name, kind, path, jobs, tree in plan:
            runs[name].append(measure(kind, path, model_path, jobs, tree))
            if kind.startswith("anchor:") and len(runs[name]) == 1:
                engine = kind.split(":")[1]
                mine = json.loads((folder / f"{engine}.result.json").read_text("utf-8"))
                name = f"score{'-' + Path(this).name if this else ''}.json"
                scored = json.loads((folder / name).read_text("utf-8"))
                problems = anchors.same_numbers(mine, scored)
                if problems:
                    raise SystemExit(f"{engine} differs from score: {problems[:5]}")
    rows = {name: _median(runs[name]) for name, *_ in plan}
    peaks = {
        "tenth": peak_of(tenth, model_path, "1", this),
        "all": peak_of(jsonl, model_path, "1", this),
    }
    print(
        f"\n{n:,} responses ({size:.0f} MiB of JSON Lines), {args.yaml:,} YAML files; "
        f"the median of {max(1, args.repeat)} runs of each, fresh processes; load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print(f"{'':30} {'responses':>10} {'process s':>9} {'CPU s':>7} {'work s':>7} {'spread':>12}")
    for name, r in rows.items():
        times = sorted(run["seconds"] for run in runs[name])
        work = f"{r['work']:>7.2f}" if "work" in r else f"{'':>7}"
        print(
            f"{name:30} {int(r['count']):>10,} {r['seconds']:>9.2f} {r['cpu']:>7.2f} {work} "
            f"{times[0]:>5.2f}-{times[-1]:<5.2f}"
        )
    loads, whole = rows["json.loads per line"], rows["s3engine score"]
    alone = rows["  in one process"]

    def ratio(a: dict[str, Any], b: dict[str, Any]) -> str:
        return f"{a['seconds'] / b['seconds']:.2f}x (CPU {a['cpu'] / b['cpu']:.2f}x)"

    print(
        f"\ns3engine score / json.loads: {ratio(whole, loads)}; one process {ratio(alone, loads)}"
    )
    if anchors_run:
        for engine, target in (("polars", 1.0), ("duckdb", 2.0), ("pandas", None)):
            goal = f"; target {target:.1f}x" if target else ""
            print(
                f"s3engine score / {engine}: {ratio(whole, rows[engine])}{goal}; "
                f"one process {ratio(alone, rows[engine])}"
            )
        print("  each anchor's numbers checked against score --format json: the same")
    if args.baseline:
        base, base_one = rows["  baseline tree"], rows["  baseline, one process"]
        same = "the same" if base["digest"] == whole["digest"] else "DIFFERENT"
        print(f"this tree / baseline: {ratio(whole, base)}; one process {ratio(alone, base_one)}")
        print(f"  JSON output without its time: {same} ({whole['digest']} / {base['digest']})")
    parts = rows["reading, checking, counting"]
    print(
        f"the library, one process: reading, checking, counting {parts['work']:.2f} s, "
        f"building the result of {args.regions:,} regions {parts['result']:.2f} s, "
        f"loading it {parts['import']:.2f} s"
    )
    if args.yaml:
        print(
            f"s3engine score / yaml.load (YAML files): "
            f"{ratio(rows['s3engine score, YAML files'], rows['yaml.load per file'])}; target 1.5x"
        )
    print(
        f"peak memory, one process, all vs a tenth of the responses: "
        f"{peaks['all'] - peaks['tenth']:+.0f} MiB ({peaks['tenth']:.0f} -> {peaks['all']:.0f} "
        f"MiB), of which {parts['ids_mib']:.1f} MiB of respondent ids"
    )
    print(f"JSON output without its time: {whole['digest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
