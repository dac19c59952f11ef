"""The part of `score` that does not grow with the number of responses, against another tree.

`score` reads, checks and counts the responses (time linear in responses), then builds the
result of every region (score_regions: raw values, normalisation, dimension and composite
scores, classes, explanations), writes it as JSON and imports what it needs: with a
thousand regions that second part is seconds, whatever the number of responses. This
measures it in fresh processes, CPU seconds (steadier than wall-clock seconds on a shared
machine), alternating this tree and `--baseline TREE` (PYTHONPATH), and checks that both
write the same JSON:

* import: importing the modules `score --format json` needs;
* score_regions: building the result from the counts;
* json: the result as JSON, written to a file (what --out does);
* command: the whole process of `s3engine score --format json --out FILE`.

The responses are those `benchmarks/score.py --dir DIR --generate-only` writes (the shipped
questionnaire, 1,000 regions; tenth.jsonl: 100 responses a region would be responses.jsonl).

    .venv/bin/python benchmarks/score_result.py --dir DIR [--responses tenth.jsonl]
        [--repeat 3] [--baseline TREE]

Run it from outside the checkouts (`cd /tmp`): `python -m` puts the current folder first on
the module path, before PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

PARTS = ("import", "score_regions", "json", "command")


def child(responses: Path, model: Path, out: Path) -> dict[str, float]:
    """In this process: the CPU seconds of each part of `score --format json --out`."""
    start = time.process_time()
    from s3engine.cli import render_score
    from s3engine.io.files import atomic_write
    from s3engine.scoring.inputs import (
        ScoreRequest,
        collector_paused,
        count_files,
        generated_time,
        open_inputs,
    )
    from s3engine.scoring.region_scores import score_regions
    from s3engine.scoring.tally import SurveyTally

    imported = time.process_time()
    request = ScoreRequest(responses=[str(responses)], model=str(model))
    inputs = open_inputs(request)
    assert inputs.questionnaire is not None
    tally = SurveyTally(inputs.model, inputs.questionnaire)
    with collector_paused():
        count_files(tally, request.responses, [])
        counted = time.process_time()
        scored = score_regions(
            inputs.model,
            questionnaire=inputs.questionnaire,
            tally=tally,
            statistics=inputs.statistics,
            generated=generated_time(),
        )
    built = time.process_time()
    result = scored.result
    if hasattr(render_score, "json_document"):
        content = render_score.json_document(result)
    else:  # a tree from before it: what its command did
        content = (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    atomic_write(out, content)
    return {
        "import": imported - start,
        "score_regions": built - counted,
        "json": time.process_time() - built,
    }


def measure(tree: str, responses: Path, model: Path, out: Path) -> dict[str, float]:
    """The parts in one fresh process, then the whole command in another."""
    env = {**os.environ, "S3ENGINE_JOBS": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("PYTHONPATH", None)
    if tree:
        env["PYTHONPATH"] = tree
    argv = [sys.executable, __file__, "--child", str(responses), str(model), str(out)]
    run = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    parts: dict[str, float] = json.loads(run.stdout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    argv = [sys.executable, "-m", "s3engine", "score", str(responses), "--model", str(model)]
    subprocess.run(
        [*argv, "--format", "json", "--out", str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=model.parent,  # `-m` puts the working folder first on the path, before PYTHONPATH
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    parts["command"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where benchmarks/score.py wrote its files")
    parser.add_argument("--responses", default="tenth.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="", help="another checkout of s3engine")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    if args.dir is None:
        parser.error("--dir is needed")
    responses, model = args.dir / args.responses, args.dir / "model.yaml"
    trees = {"this tree": ""} | ({"baseline": args.baseline} if args.baseline else {})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    written: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):  # alternating: a busy spell hits both trees
            for name, tree in trees.items():
                out = Path(folder) / f"{name}.json"
                runs[name].append(measure(tree, responses, model, out))
                written[name] = out.read_bytes()
    print(f"{responses.name}: CPU seconds, median of {args.repeat} fresh processes")
    print(f"{'':14}" + "".join(f"{part:>15}" for part in PARTS))
    medians: dict[str, dict[str, Any]] = {}
    for name in trees:
        medians[name] = {part: median(run[part] for run in runs[name]) for part in PARTS}
        print(f"{name:14}" + "".join(f"{medians[name][part]:15.3f}" for part in PARTS))
    if args.baseline:
        ratios = "".join(
            f"{medians['this tree'][part] / medians['baseline'][part]:14.2f}x" for part in PARTS
        )
        print(f"{'this/baseline':14}" + ratios)
        same = written["this tree"] == written["baseline"]
        print("JSON written: " + ("the same, byte for byte" if same else "DIFFERENT"))
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
