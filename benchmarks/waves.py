"""Comparing two survey waves: time and memory against scoring the two waves alone, and the
coverage of the bootstrap intervals in seeded repetitions (docs/waves.md).

Speed: generates the questionnaire, model and answers of benchmarks/score.py for two waves
(2024 and 2026, each REGIONS x RESPONDENTS responses in its own JSON Lines file), then, each
in a fresh process and in the same run:

* alone: `score` of each wave's file on its own (score_files, as the command), the two
  times added up: what scoring the two waves costs without comparing them;
* compare: `score --wave 2026 --baseline 2024 --bootstrap RUNS` on both files at once
  (compare_files): both waves scored, with the bootstrap sums of every respondent, and the
  comparison with its intervals;
* the peak memory of the comparison on a tenth of the respondents (the same regions and
  groups) and on all of them: flat in the number of responses.

Target: compare at most 3x alone, for 2 x 100,000 responses and 1,000 runs; memory flat.

Coverage (--coverage N): N seeded repetitions of two waves of a region whose answers do not
change and one whose answers improve by a known amount, of several sizes; prints the share
of the repetitions whose 95 % interval holds the true change (and, for the region without
change, the share found 'unchanged').

    .venv/bin/python benchmarks/waves.py [--regions 20] [--respondents 5000] [--runs 1000]
        [--repeat 1] [--coverage 200]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from memory import peak_mib

HERE = Path(__file__).resolve().parent


def _score_benchmark() -> Any:
    """benchmarks/score.py, whose questionnaire, model and answers these waves share."""
    spec = importlib.util.spec_from_file_location("score_benchmark", HERE / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(folder: Path, regions: int, respondents: int, questions: int) -> dict[str, Path]:
    """Questionnaire, model, and per wave a JSON Lines file (and a tenth of it)."""
    from s3engine.io.yamlio import dump_yaml
    from s3engine.questionnaire.model import Questionnaire

    bench = _score_benchmark()
    q = bench.questionnaire(questions)
    (folder / "questionnaire.yaml").write_text(dump_yaml(q), encoding="utf-8")
    model_path = folder / "model.yaml"
    model_path.write_text(dump_yaml(bench.model(q)), encoding="utf-8")
    digest = Questionnaire.model_validate(q).content_hash
    rng = random.Random(42)
    levels = [rng.uniform(2.0, 4.5) for _ in range(regions)]
    paths = {"model": model_path}
    for wave, shift in (("2024", 0.0), ("2026", 0.3)):
        full, tenth = folder / f"wave-{wave}.jsonl", folder / f"wave-{wave}-tenth.jsonl"
        paths[wave], paths[f"{wave}-tenth"] = full, tenth
        with full.open("w", encoding="utf-8") as big, tenth.open("w", encoding="utf-8") as small:
            for r in range(regions):
                code = (
                    f"{'ABCDEFGHIJ'[r % 10]}{'KLMNOPQRST'[(r // 10) % 10]}{r // 100 % 10}{r % 10}"
                )
                level = levels[r] + (shift if r % 2 else 0.0)
                for n in range(respondents):
                    started = bench.START.replace(year=int(wave)) + timedelta(
                        seconds=rng.randrange(30 * 86400)
                    )
                    updated = started + timedelta(seconds=rng.randrange(300, 3600))
                    response = {
                        "s3engine_response": 1,
                        "questionnaire": {"id": "benchmark", "version": "1", "hash": digest},
                        "wave": {"id": wave, "period": wave},
                        "respondent": {
                            "id": f"{wave}{r:06d}{n:06d}",
                            "region": code,
                            "group": bench.GROUPS[n % 4],
                        },
                        "language": "en",
                        "status": "complete",
                        "started": f"{started:%Y-%m-%dT%H:%M:%SZ}",
                        "updated": f"{updated:%Y-%m-%dT%H:%M:%SZ}",
                        "submitted": f"{updated:%Y-%m-%dT%H:%M:%SZ}",
                        "answers": bench.answers_for(q, rng, level),
                    }
                    line = json.dumps(response, ensure_ascii=False) + "\n"
                    big.write(line)
                    if n % 40 < 4:
                        small.write(line)
    return paths


def child(kind: str, args: list[str]) -> dict[str, float]:
    """One measurement in this process: seconds (wall, CPU with the processes forked), peak."""
    from s3engine.scoring.inputs import ScoreRequest, compare_files, score_files

    model, runs, *files = args
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "alone":
        count = 0
        for path in files:
            outcome = score_files(ScoreRequest(responses=[path], model=model))
            count += outcome.result.responses_read
    else:
        request = ScoreRequest(responses=files, model=model, wave="2026", baseline="2024",
                               bootstrap=int(runs))  # fmt: skip
        compared = compare_files(request)
        count = compared.comparison.baseline.responses + compared.comparison.current.responses
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": cpu + children.ru_utime + children.ru_stime,
        "peak_mib": peak_mib(),
        "count": count,
    }


def measure(kind: str, *args: str) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    result: dict[str, float] = json.loads(run.stdout)
    return result


def speed(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.dir) if args.dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        made = time.perf_counter()
        paths = generate(folder, args.regions, args.respondents, args.questions)
        print(f"generated 2 x {args.regions * args.respondents:,} responses "
              f"({args.questions} questions) in {time.perf_counter() - made:.0f} s")  # fmt: skip
        model, runs = str(paths["model"]), str(args.runs)
        full = [str(paths["2024"]), str(paths["2026"])]
        tenth = [str(paths["2024-tenth"]), str(paths["2026-tenth"])]
        rounds: dict[str, list[dict[str, float]]] = {"alone": [], "compare": [], "tenth": []}
        for _ in range(args.repeat):
            rounds["alone"].append(measure("alone", model, runs, *full))
            rounds["compare"].append(measure("compare", model, runs, *full))
            rounds["tenth"].append(measure("compare", model, runs, *tenth))
        alone, compare, small = (
            sorted(r, key=lambda m: m["seconds"])[len(r) // 2] for r in rounds.values()
        )
        print(f"{'':34} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'responses':>10}")
        for name, m in (
            ("score each wave alone (summed)", alone),
            (f"compare, {args.runs} bootstrap runs", compare),
            ("compare, a tenth of the respondents", small),
        ):
            print(f"{name:34} {m['seconds']:8.2f} {m['cpu']:8.2f} {m['peak_mib']:9.0f} "
                  f"{int(m['count']):10,}")  # fmt: skip
        print(f"compare / alone: {compare['seconds'] / alone['seconds']:.2f}x wall, "
              f"{compare['cpu'] / alone['cpu']:.2f}x CPU (target: at most 3x); peak memory "
              f"all / a tenth: {compare['peak_mib'] / small['peak_mib']:.2f}x")  # fmt: skip


def coverage(repetitions: int, runs: int) -> None:
    """Seeded repetitions of a region without change and one with a known improvement."""
    from s3engine.io.yamlio import dump_yaml
    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.scoring.inputs import ScoreRequest, compare_files

    before = (0.1, 0.25, 0.3, 0.25, 0.1)
    after = (0.05, 0.15, 0.3, 0.3, 0.2)

    def expected(p: tuple[float, ...]) -> float:
        return sum(share * (point - 1) * 25 for point, share in enumerate(p, 1))

    true_change = expected(after) - expected(before)
    groups = ("government", "industry", "academia", "civil_society")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        q = {
            "id": "mini", "version": "1", "title": "Coverage", "languages": ["en"],
            "default_language": "en",
            "scales": {"wheel": {"min": 0, "max": 5, "missing": 0, "points": [
                {"value": v, "label": f"point {v}"} for v in range(6)]}},
            "sections": [{"id": "s", "title": "S", "questions": [
                {"id": f"q{i}", "type": "scale", "scale": "wheel", "text": f"Q{i}"}
                for i in range(4)]}],
        }  # fmt: skip
        (folder / "questionnaire.yaml").write_text(dump_yaml(q), encoding="utf-8")
        model = {
            "id": "mini-model", "version": "1", "title": "Coverage", "languages": ["en"],
            "default_language": "en", "questionnaire": "questionnaire.yaml",
            "dimensions": [{"id": "d", "label": "D", "indicators": [
                {"id": f"q{i}", "label": f"Q{i}", "question": f"q{i}"} for i in range(4)]}],
            "classes": {"on_threshold": "above", "levels": [
                {"id": "a", "label": "A", "min": 50}, {"id": "b", "label": "B"}]},
        }  # fmt: skip
        (folder / "model.yaml").write_text(dump_yaml(model), encoding="utf-8")
        loaded, _ = load_questionnaire(str(folder / "questionnaire.yaml"))
        ref = {"id": "mini", "version": "1", "hash": loaded.content_hash}
        for per_group in (3, 5, 10, 25):
            covered = unchanged = 0
            for seed in range(repetitions):
                rng = random.Random(seed * 1000 + per_group)
                path = folder / "waves.jsonl"
                with path.open("w", encoding="utf-8") as out:
                    for wave in ("2024", "2026"):
                        for region, p in (
                            ("AT31", before),
                            ("SI04", before if wave == "2024" else after),
                        ):
                            for group in groups:
                                for _ in range(per_group):
                                    answers = {
                                        f"q{i}": rng.choices(range(1, 6), weights=p)[0]
                                        for i in range(4)
                                    }
                                    out.write(json.dumps({
                                        "s3engine_response": 1, "questionnaire": ref,
                                        "wave": {"id": wave, "period": wave},
                                        "respondent": {"id": f"{rng.getrandbits(48):012x}",
                                                       "region": region, "group": group},
                                        "language": "en", "status": "complete",
                                        "started": f"{wave}-04-01T08:00:00Z",
                                        "updated": f"{wave}-04-01T08:10:00Z",
                                        "submitted": f"{wave}-04-01T08:10:00Z",
                                        "answers": answers}) + "\n")  # fmt: skip
                request = ScoreRequest([str(path)], model=str(folder / "model.yaml"), wave="2026",
                                       baseline="2024", bootstrap=runs, seed=seed)  # fmt: skip
                at31, si04 = compare_files(request).comparison.regions
                low, high = si04.composite.low, si04.composite.high
                covered += low is not None and high is not None and low <= true_change <= high
                unchanged += at31.composite.verdict == "unchanged"
            print(f"{per_group:3} respondents per group (x4 groups): the 95 % interval holds the "
                  f"true change ({true_change:+.2f}) in {covered / repetitions:.1%} of "
                  f"{repetitions} repetitions; the region without change is 'unchanged' in "
                  f"{unchanged / repetitions:.1%}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--respondents", type=int, default=5000, help="per region and wave")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dir", help="keep the generated files here")
    parser.add_argument("--coverage", type=int, metavar="N", help="only the coverage, N times")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1:])))
        return 0
    if args.coverage:
        coverage(args.coverage, args.runs)
        return 0
    speed(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
