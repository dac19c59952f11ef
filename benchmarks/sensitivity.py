"""Time of the audit and of the uncertainty and sensitivity analysis, for 300 and 1,000 regions.

Generates a model of statistics alone, as an analyst scoring EU regions would write one:
7 dimensions of 4 indicators (goalposts 0-100), each indicator a column of one wide CSV with
5 % of its values missing, regions whose indicators are correlated (one latent level each).
The analysis varies 5 choices: the dimension weights, the aggregation, the normalisation
of each indicator (its goalposts, min-max, z-score or rank), an indicator left out and
imputation (no dimension is left out, and there are no respondents). Then, for each number
of regions and each in a fresh process:

* `score`: reading the data and scoring, without the analysis (the baseline);
* `score --sensitivity N`: the same with N model evaluations asked for (rounded up to a
  Saltelli design: 10,000 asked for gives 2,048 x (5 + 2) = 14,336), Sobol' indices with
  bootstrap confidence intervals included;
* `audit`: the same, and the coherence figures.

Times are wall-clock seconds from the call to its return (the library loaded first, as the
command does; loading SALib and scipy, about 1.5 s, is counted in the analysis), with the
CPU seconds beside them, since a shared machine stretches wall-clock times. The goal: the
full analysis of 300 regions, 7 dimensions, 5 choices and 10,000 evaluations in under 30 s.

    .venv/bin/python benchmarks/sensitivity.py [--regions 300 1000] [--runs 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DIMENSIONS = 7
INDICATORS = 4
#: Country codes the generated region codes start with.
COUNTRIES = tuple(
    [
        "AT",
        "BE",
        "BG",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def generate(folder: Path, regions: int, seed: int = 5) -> Path:
    """Write data.csv and model.yaml for `regions` regions; return the model's path."""
    rng = random.Random(seed)
    columns = [f"x{d}{i}" for d in range(DIMENSIONS) for i in range(INDICATORS)]
    lines = ["geo," + ",".join(columns)]
    for r in range(regions):
        # NUTS-2-like codes: country, then two characters
        code = f"{COUNTRIES[r % len(COUNTRIES)]}{(r // len(COUNTRIES)) % 10}{chr(65 + r // 250)}"
        level = rng.gauss(0, 1)
        values = [
            "" if rng.random() < 0.05 else f"{50 + 15 * level + rng.gauss(0, 10):.2f}"
            for _ in columns
        ]
        lines.append(code + "," + ",".join(values))
    (folder / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    goal = "normalise: {method: goalposts, min: 0, max: 100}"
    model = [
        "id: benchmark",
        'version: "1"',
        "title: benchmark",
        "languages: [en]",
        "default_language: en",
        "min_dimension_share: 0.85",
        "sources:",
        *(f"  {c}: {{file: data.csv, format: wide, value: {c}}}" for c in columns),
        "dimensions:",
    ]
    for d in range(DIMENSIONS):
        model += [f"  - id: d{d}", f"    label: D{d}", "    indicators:"]
        model += [
            f"      - {{id: x{d}{i}, label: x{d}{i}, statistic: x{d}{i}, {goal}}}"
            for i in range(INDICATORS)
        ]
    model += [
        "classes:",
        "  on_threshold: above",
        "  levels:",
        "    - {id: high, label: High, min: 60}",
        "    - {id: middle, label: Middle, min: 45}",
        "    - {id: low, label: Low}",
        "sensitivity: {leave_one_out_share: 0, respondents: false}",
    ]
    path = folder / "model.yaml"
    path.write_text("\n".join(model) + "\n", encoding="utf-8")
    return path


def child(kind: str, model: str, runs: int) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    from s3engine.scoring.audit import audit
    from s3engine.scoring.inputs import ScoreRequest, score_files

    folder = str(Path(model).parent)
    wall, cpu = time.perf_counter(), time.process_time()
    request = ScoreRequest(model=model, data=[folder], sensitivity=runs if kind != "score" else 0)
    outcome = score_files(request)
    if kind == "audit":
        audit(outcome.model, outcome.result)
    settings = outcome.result.sensitivity
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "evaluations": settings.runs if settings is not None else 0,
        "choices": len(settings.choices) if settings is not None else 0,
    }


def measure(kind: str, model: Path, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(model), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--regions", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, model, runs = args.child
        print(json.dumps(child(kind, model, int(runs))))
        return 0
    print(
        f"{'regions':>7}  {'measure':<24} {'evaluations':>11} {'choices':>7} "
        f"{'wall s':>7} {'CPU s':>6}  ratio to score"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for regions in args.regions:
            folder = Path(tmp) / str(regions)
            folder.mkdir()
            model = generate(folder, regions)
            rows: dict[str, list[dict[str, Any]]] = {"score": [], "sensitivity": [], "audit": []}
            for _ in range(args.repeat):  # rounds over all, so that load affects each alike
                for kind in rows:
                    rows[kind].append(measure(kind, model, args.runs))
            median = {
                kind: sorted(found, key=lambda r: r["wall"])[len(found) // 2]
                for kind, found in rows.items()
            }
            base = median["score"]["wall"]
            for kind, label in (
                ("score", "score"),
                ("sensitivity", f"score --sensitivity {args.runs}"),
                ("audit", f"audit --sensitivity {args.runs}"),
            ):
                r = median[kind]
                print(
                    f"{regions:>7}  {label:<24} {r['evaluations']:>11,} {r['choices']:>7} "
                    f"{r['wall']:>7.2f} {r['cpu']:>6.2f}  {r['wall'] / base:.1f}x"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
