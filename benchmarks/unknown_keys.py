"""Time of `check` and `score` on files of many unknown keys: it must grow linearly.

A hostile file may hold tens of thousands of keys no model knows. Each used to cost a walk
over every model class and a copy of the mapping's keys, so that time grew with the square
of their number (10,000 unknown keys in a response kept `score` busy 12.6 s; 60,000 more
than two minutes). Now the keys allowed in a mapping are found once per mapping, and past
the first 20 findings of a kind the others are counted, not worded.

For N unknown keys (default 2,000, 20,000 and 200,000), in the same run and each in a
fresh process:

* a questionnaire with N unknown keys in its first question, given to `check`;
* a scoring model with N unknown keys at its top, given to `score --model`;
* a response with N unknown keys under `respondent:`, given to `score` (a response may be
  at most 1 MiB: N is capped at the most keys that fit, 85,000);
* the floor: reading the same YAML text with s3engine's reader (io.yamlio.read_yaml), which
  every command does first.

Each command is timed from the call of `main` to its return (the library is loaded first),
--repeat times, and the median is shown with the time per 1,000 keys and its ratio to the
floor. Linear growth: the time per 1,000 keys, and the ratio, stay flat as N grows tenfold.

    .venv/bin/python benchmarks/unknown_keys.py [--keys 2000,20000,200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESPONSE = next((REPO / "examples" / "responses" / "AT31").glob("*.yaml"))
DATA = REPO / "examples" / "data" / "eurostat"
#: A response may be at most 1 MiB (limits.MAX_RESPONSE_BYTES): 85,000 lines `  k{i}: 0`
#: (12 bytes each) and the rest of the example response fit.
MAX_RESPONSE_KEYS = 85_000

#: Run in a fresh process: time `main(args)` (after importing the library), or the reader.
CHILD = """
import io, json, sys, time, contextlib
from pathlib import Path
args = json.loads(sys.argv[1])
if args[0] == "read":
    from s3engine.io.yamlio import read_yaml
    text = Path(args[1]).read_text(encoding="utf-8")
    start = time.perf_counter()
    read_yaml(text, args[1])
    code = 0
else:
    from s3engine.cli.main import main
    import s3engine.cli.check, s3engine.cli.score, s3engine.cli.render_score
    import s3engine.scoring.inputs, s3engine.questionnaire.checks
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = main(args)
print(json.dumps({"seconds": time.perf_counter() - start, "code": code}))
"""


def unknown_keys(count: int, indent: str) -> str:
    return "".join(f"{indent}k{i}: 0\n" for i in range(count))


def questionnaire_file(folder: Path, count: int) -> Path:
    text = (REPO / "questionnaires" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    first = re.search(r"\n( +)- id: ", text)
    assert first is not None
    end = text.index("\n", first.end()) + 1
    path = folder / f"questionnaire-{count}.yaml"
    keys = unknown_keys(count, first.group(1) + "  ")
    path.write_text(text[:end] + keys + text[end:], encoding="utf-8")
    return path


def model_file(folder: Path, count: int) -> Path:
    text = (REPO / "scoring" / "s3-stress-test.yaml").read_text(encoding="utf-8")
    path = folder / f"model-{count}.yaml"
    path.write_text(text + unknown_keys(count, ""), encoding="utf-8")
    return path


def response_folder(folder: Path, count: int) -> Path:
    text = RESPONSE.read_text(encoding="utf-8")
    responses = folder / f"responses-{count}"
    responses.mkdir()
    keys = unknown_keys(count, "  ")
    (responses / "r.yaml").write_text(text.replace("respondent:\n", "respondent:\n" + keys, 1))
    return responses


def run(args: list[str], repeat: int) -> tuple[float, int]:
    """Median seconds of `args` over `repeat` fresh processes, and the exit code."""
    times: list[float] = []
    code = 0
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(args)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        times.append(result["seconds"])
        code = result["code"]
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", default="2000,20000,200000", help="numbers of unknown keys")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median shown)")
    options = parser.parse_args()
    counts = [int(n) for n in options.keys.split(",")]
    print(f"{'file':<14}{'keys':>9}{'size':>10}{'command':>9}{'floor':>9}{'ratio':>7}"
          f"{'s per 1,000 keys':>18}{'exit':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in counts:
            q = questionnaire_file(folder, count)
            model = model_file(folder, count)
            shown = min(count, MAX_RESPONSE_KEYS)
            responses = response_folder(folder, shown)
            cases = [
                ("questionnaire", count, q, ["check", str(q)]),
                ("model", count, model, ["score", "--model", str(model), "--data", str(DATA)]),
                ("response", shown, responses / "r.yaml",
                 ["score", str(responses), "--data", str(DATA)]),
            ]  # fmt: skip
            for kind, keys, path, args in cases:
                seconds, code = run(args, options.repeat)
                floor, _ = run(["read", str(path)], options.repeat)
                size = path.stat().st_size / (1024 * 1024)
                print(
                    f"{kind:<14}{keys:>9,}{size:>8.1f}MB{seconds:>8.2f}s{floor:>8.2f}s"
                    f"{seconds / floor:>7.1f}{seconds / keys * 1000:>18.3f}{code:>6}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
