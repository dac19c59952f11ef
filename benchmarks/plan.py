"""Time of `plan` as the number of regions grows: every format must grow linearly.

The input is the shipped example partnership copied region by region: the illustrative
responses of examples/responses and examples/needs-responses (the shipped stress-test and
needs questionnaires, with their conditions, comments and profiles) and the Eurostat rows of
examples/data/eurostat, given to region i the answers and statistics of example region
i mod 12 under a real NUTS 3 code of its own (AT111, CH011, DE111, ...). So a plan of 1,000
regions holds what 1,000 regions like the examples would give, in one JSON Lines file per
questionnaire.

For each size (12, 100 and 1,000 regions by default), in a fresh process each:

* reading, scoring, the sensitivity analysis and building the plan (`plan_files`, what the
  command runs before it writes anything);
* rendering each of the six formats (md, html, json, csv, xlsx, docx) from that plan.

It prints the seconds of each part and the time per region, and, for every size, the ratio
of its time per region to the time per region of the smallest size measured in the same
run: 1.0 means linear growth, 8 means that each region costs 8 times as much at that size.

    .venv/bin/python benchmarks/plan.py [--sizes 12,100,1000] [--sensitivity 200]
        [--repeat 1] [--dir DIR]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FORMATS = ("md", "html", "json", "csv", "xlsx", "docx")
#: Countries the copies are spread over, so that eligibility rules see several countries.
COUNTRIES = ("AT", "CH", "DE", "FR", "IT", "SI")
#: The short Eurostat layout, with the filter columns of the shipped model's sources.
STATISTICS = {
    "gdp_pps_per_head_pct_eu.csv": ("freq,unit,geo,time,obs_value", "A,PPS_HAB_EU27_2020"),
    "tgs00042_gerd_pct_gdp.csv": ("freq,sectperf,unit,geo,time,obs_value", "A,TOTAL,PC_GDP"),
    "tgs00109_tertiary_education.csv": (
        "freq,unit,isced11,age,sex,geo,time,obs_value",
        "A,PC,ED5-8,Y25-64,T",
    ),
}


def _code(index: int) -> str:
    """The code of copied region `index`: a real NUTS 3 code (a response's region must be a
    NUTS code: s3engine.nuts), a different one for each of the first 1,335, taken from the
    countries in turn, so that eligibility rules see several countries."""
    codes = _nuts3_codes()
    return codes[index % len(codes)]


@functools.cache
def _nuts3_codes() -> list[str]:
    from s3engine.nuts import nuts_regions

    by_country: dict[str, list[str]] = {}
    for code, region in sorted(nuts_regions().items()):
        if region.level == 3 and not code.endswith("ZZZ"):  # extra-regio: no region
            by_country.setdefault(code[:2], []).append(code)
    lists = [by_country[c] for c in COUNTRIES] + [
        codes for country, codes in sorted(by_country.items()) if country not in COUNTRIES
    ]
    return [code for turn in itertools.zip_longest(*lists) for code in turn if code is not None]


def _responses(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The example responses of each example region, as plain data."""
    from s3engine.io.files import load_yaml

    by_region: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.rglob("*.yaml")):
        data = load_yaml(path).data
        by_region.setdefault(data["respondent"]["region"], []).append(data)
    return by_region


def _latest(folder: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """Each statistic's latest (year, value) per example region (and EU27_2020), as the
    shipped model reads it."""
    from s3engine.scoring.checks import load_model
    from s3engine.statistics import read_source

    model = load_model("s3-stress-test")[0]
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for source in model.statistic_sources().values():
        table = read_source(source, folder)
        out[Path(table.file).name] = {
            code: (value.year or "", repr(value.value))
            for code, value in table.values.items()
            if value.value is not None and value.year is not None
        }
    return out


def generate(folder: Path, regions: int) -> None:
    """Responses (two JSON Lines files) and statistics for `regions` copied regions."""
    folder.mkdir(parents=True, exist_ok=True)
    stress = _responses(EXAMPLES / "responses")
    needs = _responses(EXAMPLES / "needs-responses")
    examples = sorted(stress)
    latest = _latest(EXAMPLES / "data" / "eurostat")
    for name, responses in (("stress.jsonl", stress), ("needs.jsonl", needs)):
        with (folder / name).open("w", encoding="utf-8") as out:
            for index in range(regions):
                code = _code(index)
                for number, data in enumerate(responses.get(examples[index % len(examples)], [])):
                    copy = json.loads(json.dumps(data))
                    who = copy["respondent"]
                    who["id"] = f"{code}x{number:04d}{who['id'][:6]}"
                    who["region"] = code
                    who["region_name"] = f"{who.get('region_name') or code} {index}"
                    out.write(json.dumps(copy, ensure_ascii=False) + "\n")
    data = folder / "data"
    data.mkdir(exist_ok=True)
    for name, (header, prefix) in STATISTICS.items():
        rows = [header]
        values = latest.get(name, {})
        if "EU27_2020" in values:
            year, value = values["EU27_2020"]
            rows.append(f"{prefix},EU27_2020,{year},{value}")
        for index in range(regions):
            found = values.get(examples[index % len(examples)])
            if found is not None:
                rows.append(f"{prefix},{_code(index)},{found[0]},{found[1]}")
        (data / name).write_text("\n".join(rows) + "\n", encoding="utf-8")


def child(folder: Path, sensitivity: int) -> dict[str, float]:
    """Plan the regions in `folder` and render every format; seconds of each part."""
    from s3engine.export import renderer
    from s3engine.plan.files import PlanRequest, plan_files

    times: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    request = PlanRequest(
        responses=[str(folder / "stress.jsonl"), str(folder / "needs.jsonl")],
        data=[str(folder / "data")],
        sensitivity=sensitivity,
        seed=1,
    )
    outcome = plan_files(request)
    times["plan"] = time.perf_counter() - start
    times["plan_cpu"] = time.process_time() - cpu
    for name in FORMATS:
        start, cpu = time.perf_counter(), time.process_time()
        files = renderer(name)(outcome.plan)
        times[name] = time.perf_counter() - start
        times[f"{name}_cpu"] = time.process_time() - cpu
        times[f"{name}_bytes"] = float(sum(len(v) for v in files.values()))
    times["regions"] = float(len(outcome.plan.regions))
    return times


def measure(folder: Path, sensitivity: int) -> dict[str, float]:
    """`child` in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--sensitivity", str(sensitivity)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="12,100,1000", help="numbers of regions")
    parser.add_argument("--sensitivity", type=int, default=200, help="runs, as `plan` does")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median shown)")
    parser.add_argument("--dir", type=Path, help="folder for the generated input")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.sensitivity)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.dir or Path(tempfile.mkdtemp(prefix="s3engine-plan-bench-"))
    parts = ("plan", *FORMATS)
    print(f"plan benchmark: sizes {sizes}, --sensitivity {args.sensitivity}, input in {root}")
    print("seconds of wall-clock time (CPU seconds of the process in brackets)")
    header = "| regions | " + " | ".join(parts) + " | total | per region | vs smallest |"
    print(header)
    print("|" + "---|" * (len(parts) + 4))
    base: float | None = None
    for size in sizes:
        folder = root / f"r{size}"
        if not (folder / "needs.jsonl").exists():
            generate(folder, size)
        runs = [measure(folder, args.sensitivity) for _ in range(args.repeat)]
        runs.sort(key=lambda r: sum(r[p] for p in parts))
        result = runs[len(runs) // 2]
        total = sum(result[p] for p in parts)
        cpu = sum(result[f"{p}_cpu"] for p in parts)
        per_region = total / result["regions"]
        base = per_region if base is None else base
        cells = " | ".join(f"{result[p]:.2f} ({result[p + '_cpu']:.2f})" for p in parts)
        print(
            f"| {int(result['regions'])} | {cells} | {total:.2f} s ({cpu:.2f}) | "
            f"{per_region * 1000:.1f} ms | {per_region / base:.2f}x |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
