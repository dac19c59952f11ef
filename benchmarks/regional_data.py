"""Time and memory of reading regional statistics, against a bare csv.reader pass.

Generates Eurostat short-layout CSV files (`freq,unit,geo,time,obs_value`) of N rows (one
million by default) and, in the same run, times

* a bare `csv.reader` pass over each file (the floor: reading and splitting the rows), and
* `read_source` on the same file, for the year rules "latest" and a five-year mean;

then measures the peak memory of each with tracemalloc (in separate runs, since tracing
slows Python down). Two files are generated:

* one series: every row is selected (N/25 regions x 25 years);
* twenty series: 20 units, of which a filter keeps one (N/500 regions x 25 years x 20 units).

About 2 % of the values are missing (':') and 3 % carry a flag after the value (`12.3 e`),
as in some Eurostat downloads.

    .venv/bin/python benchmarks/regional_data.py [--rows 1000000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from s3engine.statistics.reading import read_source
from s3engine.statistics.sources import DataSource, YearMean, YearRule

YEARS = range(1999, 2024)


def generate(path: Path, rows: int, units: int, seed: int = 7) -> None:
    """Write a short-layout file of `rows` rows with `units` series per region and year."""
    rng = random.Random(seed)
    regions = max(1, rows // (len(YEARS) * units))
    countries = ["AT", "BE", "DE", "FR", "IT", "SI", "ES", "PL", "SE", "NL"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("freq,unit,geo,time,obs_value\r\n")
        written = 0
        for r in range(regions):
            code = f"{countries[r % len(countries)]}{r // len(countries):03d}"
            for u in range(units):
                unit = f"U{u:02d}"
                for year in YEARS:
                    draw = rng.random()
                    if draw < 0.02:
                        value = ":"
                    elif draw < 0.05:
                        value = f"{rng.uniform(10, 200):.1f} {rng.choice('bep')}"
                    else:
                        value = f"{rng.uniform(10, 200):.1f}"
                    handle.write(f"A,{unit},{code},{year},{value}\r\n")
                    written += 1
    assert written == regions * units * len(YEARS)


def bare_pass(path: Path) -> int:
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            count += 1
    return count


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def row(*cells: object) -> str:
    """One line of the results table."""
    widths = (12, 10, 6, 28, 8, 6, 9)
    left = (0, 3)  # the file and what is read; numbers are right-aligned
    out = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=False)):
        text = f"{cell:,}" if isinstance(cell, int) else str(cell)
        out.append(text.ljust(width) if index in left else text.rjust(width))
    return "  ".join(out) + "".join(f"  {c}" for c in cells[len(widths) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the files")
    args = parser.parse_args()
    cases: list[tuple[str, str, int, dict[str, str | list[str]]]] = [
        ("one series", "one-series.csv", 1, {}),
        ("20 series", "20-series.csv", 20, {"unit": "U07"}),
    ]
    rules: list[tuple[str, YearRule]] = [
        ("read_source, latest", "latest"),
        ("read_source, mean 2019-2023", YearMean(mean=(2019, 2023))),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(row("file", "rows", "MiB", "reading", "seconds", "x csv", "peak MiB"))
        for label, filename, units, filters in cases:
            path = folder / filename
            generate(path, args.rows, units)
            rows = bare_pass(path) - 1
            size = f"{path.stat().st_size / (1024 * 1024):.1f}"
            base = timed(partial(bare_pass, path))
            base_peak = peak(partial(bare_pass, path))
            print(
                row(label, rows, size, "bare csv.reader", f"{base:.2f}", "1.00", f"{base_peak:.1f}")
            )
            for rule_label, rule in rules:
                source = DataSource(file=str(path), filters=filters, year=rule)
                seconds = timed(partial(read_source, source, folder))
                memory = peak(partial(read_source, source, folder))
                table = read_source(source, folder)
                print(
                    row(
                        "",
                        "",
                        "",
                        rule_label,
                        f"{seconds:.2f}",
                        f"{seconds / base:.2f}",
                        f"{memory:.1f}",
                        f"({len(table.values):,} regions)",
                    )
                )


if __name__ == "__main__":
    main()
