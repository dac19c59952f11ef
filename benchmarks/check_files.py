"""Time of `s3engine check` on many response files, against yaml.load of the same files.

The files are what the terminal survey writes (`response_text`: the header comments, then
the response as YAML), one per respondent, answering the shipped stress-test questionnaire
with the ILLUSTRATIVE answers of benchmarks/shipped_data.py (conditions, target groups,
skipped questions, comments, partial responses). One file in `--bad-every` (default 50) has
a problem of its own, taken in turn from PROBLEMS: an answer out of the scale, an unknown
question, an unknown group, a key given twice, a tab in the indentation, a missing key, a
response updated before it started. `check` must report each of them, at file:line.

Then, in the same run, each in a fresh process, in rounds (so that a busy spell on a shared
machine hits every row):

* the floor: `yaml.load` (PyYAML's C safe loader, as s3engine uses it) of every file, read
  as text;
* `s3engine check FOLDER` (output to a file), from this checkout and, with `--baseline
  TREE`, from another one (PYTHONPATH=TREE, same virtual environment), alternating.

It prints the median wall-clock and CPU seconds of each row (CPU seconds of the whole
process vary less on a busy machine), the ratio of `check` to yaml.load (target: 1.5x),
the ratio to the baseline, and whether both printed the same lines byte for byte. The
benchmark stops when `check` does not find exactly the files with a problem.

    .venv/bin/python benchmarks/check_files.py [--files 10000] [--bad-every 50]
        [--repeat 5] [--dir DIR [--reuse]] [--baseline TREE]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: Not passed on to the processes measured (a user's Python writes the bytecode of each
#: module once, a process under PYTHONDONTWRITEBYTECODE compiles every module at each start).
QUIET = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "TTY_COMPATIBLE")
TARGET = 1.5


# -- generating the files --------------------------------------------------------------------


def _out_of_scale(text: str) -> str:
    return text.replace("  clusters_in_edp: ", "  clusters_in_edp: 9", 1)


def _unknown_question(text: str) -> str:
    return text.replace("\nanswers:\n", "\nanswers:\n  cluster_in_edp: 3\n", 1)


def _unknown_group(text: str) -> str:
    for group in ("government", "industry", "academia", "civil_society"):
        text = text.replace(f"  group: {group}\n", "  group: industri\n", 1)
    return text


def _key_twice(text: str) -> str:
    return text.replace("\nlanguage: ", "\nconsent: true\nlanguage: ", 1)


def _tab(text: str) -> str:
    return text.replace("\n  region: ", "\n\tregion: ", 1)


def _missing_key(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("status: "))


def _updated_before_start(text: str) -> str:
    return text.replace("\nupdated: '2024-", "\nupdated: '2023-", 1)


PROBLEMS: tuple[Callable[[str], str], ...] = (
    _out_of_scale,
    _unknown_question,
    _unknown_group,
    _key_twice,
    _tab,
    _missing_key,
    _updated_before_start,
)


def generate(folder: Path, files: int, bad_every: int) -> int:
    """Write `files` response files into `folder`; return how many have a problem."""
    sys.path.insert(0, str(Path(__file__).parent))
    import shipped_data

    from s3engine.responses.files import response_text
    from s3engine.responses.model import Response

    q = shipped_data.questionnaire()
    personal = {x.id for _, x in q.questions() if x.personal}
    rng = random.Random(42)
    folder.mkdir(parents=True, exist_ok=True)
    bad = 0
    level = 3.0
    for number in range(files):
        region, n = divmod(number, 100)  # 100 respondents per region
        code = shipped_data.region_code(region)
        if n == 0:
            level = rng.uniform(2.0, 4.5)
        data = shipped_data.response(q, rng, code, n, level)
        response = Response.model_validate(data)
        text = response_text(response, personal=[i for i in response.answers if i in personal])
        if bad_every and number % bad_every == bad_every - 1:
            changed = PROBLEMS[bad % len(PROBLEMS)](text)
            assert changed != text, PROBLEMS[bad % len(PROBLEMS)].__name__
            text = changed
            bad += 1
        (folder / f"{code}-{n:06d}.yaml").write_text(text, encoding="utf-8")
    return bad


# -- measuring (each in a fresh process) -----------------------------------------------------


def child(folder: Path) -> None:
    """yaml.load of every file of `folder`, read as text, in name order."""
    import yaml

    for file in sorted(folder.iterdir()):
        try:
            yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:  # a file with a problem of YAML (the tab) is read all the same
            continue


def measure(kind: str, folder: Path, tree: str, out: Path) -> dict[str, Any]:
    """Wall-clock and CPU seconds of one fresh process (children included)."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    if tree:
        env["PYTHONPATH"] = tree
    if kind == "check":
        argv = [sys.executable, "-m", "s3engine", "check", str(folder)]
    else:
        argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as handle:
        # Run from the folder of the output: `python -m` puts the working folder before
        # PYTHONPATH, so that run from a checkout, it would import that one, not `tree`.
        run = subprocess.run(
            argv, check=False, stdout=handle, stderr=subprocess.PIPE, env=env, cwd=out.parent
        )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in ((0, 1) if kind == "check" else (0,)):
        raise SystemExit(f"{kind} failed ({run.returncode}):\n{run.stderr[-3000:].decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "code": run.returncode}


def _median(runs: list[dict[str, Any]], key: str) -> float:
    values = sorted(run[key] for run in runs)
    return float(values[len(values) // 2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--bad-every", type=int, default=50, help="one file in N has a problem")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the median is shown")
    parser.add_argument("--dir", type=Path, help="keep the generated files here")
    parser.add_argument("--reuse", action="store_true", help="the files of an earlier --dir")
    parser.add_argument("--baseline", help="another checkout of s3engine to compare with")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if args.reuse and args.dir is None:
        parser.error("--reuse needs --dir")
    with tempfile.TemporaryDirectory() as tmp:
        root = (args.dir or Path(tmp)).resolve()
        folder = root / "responses"
        marker = root / "bad.txt"
        if args.reuse:
            bad = int(marker.read_text(encoding="utf-8"))
            args.files = sum(1 for _ in folder.iterdir())
        else:
            print(f"writing {args.files:,} response files to {folder} ...")
            bad = generate(folder, args.files, args.bad_every)
            marker.write_text(str(bad), encoding="utf-8")
        return report(args, root, folder, bad)


def report(args: argparse.Namespace, root: Path, folder: Path, bad: int) -> int:
    plan = [("yaml.load per file", "yaml.load", ""), ("s3engine check", "check", "")]
    if args.baseline:
        plan.append(("  baseline tree", "check", args.baseline))
    for tree in {tree or str(REPO / "s3engine") for *_, tree in plan}:  # bytecode, as installed
        subprocess.run([sys.executable, "-m", "compileall", "-q", tree], check=True)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in plan}
    outputs = {name: root / f"output-{index}.txt" for index, (name, *_) in enumerate(plan)}
    for _ in range(max(1, args.repeat)):
        for name, kind, tree in plan:
            runs[name].append(measure(kind, folder, tree, outputs[name]))
    printed = outputs["s3engine check"].read_bytes()
    last = printed.decode("utf-8").strip().splitlines()[-1]
    verdict = f"{bad:,} invalid" if bad else "all valid"
    if not last.startswith(f"{args.files:,} files checked: {verdict};"):
        raise SystemExit(f"check found other problems than those planted: {last!r}")
    print(
        f"\n{args.files:,} response files ({bad} with a problem), the median of "
        f"{max(1, args.repeat)} runs of each, fresh processes; load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print(f"{'':24} {'process s':>9} {'CPU s':>7} {'spread s':>12}")
    for name, _, _ in plan:
        times = sorted(run["seconds"] for run in runs[name])
        print(
            f"{name:24} {_median(runs[name], 'seconds'):>9.2f} {_median(runs[name], 'cpu'):>7.2f} "
            f"{times[0]:>5.2f}-{times[-1]:<5.2f}"
        )

    def ratio(a: str, b: str) -> str:
        wall = _median(runs[a], "seconds") / _median(runs[b], "seconds")
        return f"{wall:.2f}x (CPU {_median(runs[a], 'cpu') / _median(runs[b], 'cpu'):.2f}x)"

    print(
        f"\ns3engine check / yaml.load: {ratio('s3engine check', 'yaml.load per file')}; "
        f"target {TARGET}x"
    )
    print(f"  check's last line: {last}")
    if args.baseline:
        print(f"this tree / baseline: {ratio('s3engine check', '  baseline tree')}")
        base = outputs["  baseline tree"].read_bytes()
        same = "the same" if base == printed else "DIFFERENT"
        digest = hashlib.sha256(printed).hexdigest()[:16]
        print(f"  printed lines: {same} byte for byte ({digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
