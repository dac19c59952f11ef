"""Every NUTS code of the versions 2013, 2016, 2021 and 2024, and one-to-one recodings.

The table `data/nuts-regions.csv` (data/README.md gives its source and rule) lists each
territory with its code in every version in which it exists one-to-one.
`statistics.nuts` tells with it which version a data file's codes belong to and recodes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

NutsVersion = Literal[2013, 2016, 2021, 2024]
VERSIONS: tuple[int, ...] = (2013, 2016, 2021, 2024)


@dataclass(frozen=True)
class NutsTable:
    """Every NUTS code of each version, and the territories that map one-to-one."""

    #: version -> every code of that version
    codes: Mapping[int, frozenset[str]]
    #: (version, code) -> the codes of the same territory in each version ("" where none)
    rows: Mapping[tuple[int, str], tuple[str, ...]]

    def versions_of(self, code: str) -> tuple[int, ...]:
        """The versions that have `code` (none for a code that is not a NUTS code)."""
        return tuple(v for v in VERSIONS if code in self.codes[v])

    def recode(self, code: str, version: int) -> str | None:
        """The code of the same territory in `version`, or None when it has none there."""
        position = VERSIONS.index(version)
        for own in self.versions_of(code):
            row = self.rows.get((own, code))
            if row is not None and row[position]:
                return row[position]
        return None


def data_text(name: str) -> str:
    """One of the package's data files."""
    return resources.files("s3engine.nuts").joinpath(f"data/{name}").read_text(encoding="utf-8")


@cache
def nuts_table() -> NutsTable:
    reader = csv.reader(io.StringIO(data_text("nuts-regions.csv")))
    next(reader)
    codes: dict[int, set[str]] = {v: set() for v in VERSIONS}
    rows: dict[tuple[int, str], tuple[str, ...]] = {}
    for record in reader:
        row = tuple(record[1:])
        for version, code in zip(VERSIONS, row, strict=True):
            if code:
                codes[version].add(code)
                rows[(version, code)] = row
    return NutsTable({v: frozenset(c) for v, c in codes.items()}, rows)
