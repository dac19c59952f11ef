"""Build s3engine/nuts/data/nuts-regions.csv from the JRC's NUTS converter matrices.

The matrices (release 2025.08, one CSV per NUTS level and pair of versions, e.g.
n2_cm_v2016_v2021.csv) give, for every pair of regions of two NUTS versions that overlap,
the area and the population (2011 and 2021 censuses, 1 km grid) they share. They are
published by the European Commission's Joint Research Centre with its NUTS converter, and
redistributed with the R package `nuts` (data-raw/_JRC_NUTSconverter_Matrices_rel.2025.08).

A region of one version and a region of the next are the same territory ("one-to-one") when
each holds at least 99 % of the other's 2021 population (of its area when both are empty):
most such pairs keep their code, some are recoded (FR24 -> FRB0 in 2016, NL31 -> NL35 in
2024); the 1 % lets pass the slivers the 1 km grid finds along borders that did not move.
Each row of the table is one territory, with its code in every version in which it exists
one-to-one; a region whose boundaries changed ends its row, and its successors start rows
of their own. Extra-regio codes (..Z, ..ZZ, ..ZZZ) are left out.

    python scripts/make_nuts_table.py MATRIX_FOLDER > s3engine/nuts/data/nuts-regions.csv
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

VERSIONS = (2013, 2016, 2021, 2024)
LEVELS = (1, 2, 3)
#: The share of population (or area) two regions must hold of each other to be one territory.
SAME = 0.99
EXTRA_REGIO = re.compile(r"[A-Z]{2}Z{1,3}")


def links(
    folder: Path, level: int, old: int, new: int
) -> tuple[dict[str, str], set[str], set[str]]:
    """The one-to-one pairs old code -> new code, and every code of each version."""
    shared: dict[tuple[str, str], tuple[float, float]] = {}
    totals_old: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    totals_new: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    path = folder / f"n{level}_cm_v{old}_v{new}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            a, b = row[f"code_v{old}"], row[f"code_v{new}"]
            if EXTRA_REGIO.fullmatch(a) or EXTRA_REGIO.fullmatch(b):
                continue
            pop, area = float(row["pop21"] or 0), float(row["areaKm"] or 0)
            shared[(a, b)] = (pop, area)
            for totals, code in ((totals_old, a), (totals_new, b)):
                totals[code][0] += pop
                totals[code][1] += area
    pairs: dict[str, str] = {}
    for (a, b), (pop, area) in shared.items():
        use_pop = totals_old[a][0] > 0 and totals_new[b][0] > 0
        part, whole_a, whole_b = (
            (pop, totals_old[a][0], totals_new[b][0])
            if use_pop
            else (area, totals_old[a][1], totals_new[b][1])
        )
        if whole_a > 0 and whole_b > 0 and part >= SAME * whole_a and part >= SAME * whole_b:
            pairs[a] = b
    return pairs, set(totals_old), set(totals_new)


def rows(folder: Path, level: int) -> list[list[str]]:
    steps = [links(folder, level, a, b) for a, b in itertools.pairwise(VERSIONS)]
    codes = [steps[0][1], *(step[2] for step in steps)]
    out: list[list[str]] = []
    started: set[tuple[int, str]] = set()
    for index, version_codes in enumerate(codes):
        for code in sorted(version_codes):
            if (index, code) in started:
                continue
            row = [""] * len(VERSIONS)
            row[index] = code
            current, position = code, index
            while position < len(steps) and current in steps[position][0]:
                current = steps[position][0][current]
                position += 1
                row[position] = current
                started.add((position, current))
            out.append([str(level), *row])
    return sorted(out, key=lambda r: (r[0], next(c for c in r[1:] if c), r[1:]))


def main() -> None:
    folder = Path(sys.argv[1])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["level", *(str(v) for v in VERSIONS)])
    for level in LEVELS:
        writer.writerows(rows(folder, level))


if __name__ == "__main__":
    main()
