"""Start-up of the commands that must feel instant, and the heavy libraries they import.

`s3engine --help` (goal: under 0.1 s) and `s3engine check` of the shipped questionnaire
(goal: under 0.3 s), each the median of `--repeat` fresh processes, wall-clock and CPU
seconds, next to `python -c pass` measured in the same rounds. They run the s3engine of
this script's checkout (PYTHONPATH), whichever one the Python has installed; `--baseline
TREE` runs the same commands from another checkout, alternating with this one. Then `python
-X importtime` names the slowest imports of each command and any heavy library (numpy,
pandas, SALib, scipy, SQLAlchemy...) a command loads without needing it.

    .venv/bin/python benchmarks/startup.py [--repeat 10] [--baseline TREE]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = str(REPO / "questionnaires" / "s3-stress-test.yaml")
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "s3engine --help": ["-m", "s3engine", "--help"],
    "s3engine check": ["-m", "s3engine", "check", SHIPPED],
}
GOALS = {"s3engine --help": 0.1, "s3engine check": 0.3}
#: Not passed on to the processes measured: a user's Python writes the bytecode of each
#: module once and reuses it, a process told not to write it (PYTHONDONTWRITEBYTECODE, set
#: on some build machines) compiles every module at every start.
QUIET = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
NEUTRAL = tempfile.gettempdir()
HEAVY = ("numpy", "pandas", "SALib", "scipy", "sqlalchemy", "starlette", "matplotlib", "docx")


def run(args: list[str], tree: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    if tree:
        env["PYTHONPATH"] = tree
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # From a folder of no checkout: `python -m` puts the working folder before PYTHONPATH,
    # so that run from a checkout, it would import that one, not `tree`.
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env, cwd=NEUTRAL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def imports(args: list[str]) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of every top-level import, slowest first."""
    env = {k: v for k, v in os.environ.items() if k not in QUIET} | {"PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=NEUTRAL,
    )
    out = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split("|"))
        if not name.startswith(" "):
            out.append((int(cumulative), name.strip()))
    return sorted(out, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--baseline", default="", help="another checkout to compare with")
    args = parser.parse_args()
    trees = [("", str(REPO))] + ([("baseline", args.baseline)] if args.baseline else [])
    for _, tree in trees:  # the bytecode, as a user's installation has it
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(tree) / "s3engine")])
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.repeat):
        for name, argv in COMMANDS.items():
            for label, tree in trees:
                times.setdefault((name, label), []).append(run(argv, tree))
    print(f"median of {args.repeat} fresh processes; load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'':34} {'wall s':>7} {'CPU s':>7} {'fastest':>8}  goal")
    for (name, label), runs in times.items():
        wall = sorted(w for w, _ in runs)
        cpu = sorted(c for _, c in runs)
        goal = GOALS.get(name)
        verdict = f"{goal} s: {'met' if cpu[len(cpu) // 2] < goal else 'MISSED'}" if goal else ""
        title = f"{name}{' (' + label + ')' if label else ''}"
        print(
            f"{title:34} {wall[len(wall) // 2]:>7.3f} {cpu[len(cpu) // 2]:>7.3f} "
            f"{wall[0]:>8.3f}  {verdict if not label else ''}"
        )
    for name, argv in COMMANDS.items():
        if name.startswith("python"):
            continue
        found = imports(argv)
        slowest = ", ".join(f"{m} {us / 1000:.0f} ms" for us, m in found[:6])
        heavy = sorted({m.split(".")[0] for _, m in found} & set(HEAVY))
        print(f"\n{name}: slowest imports {slowest}\n  heavy libraries: {heavy or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
