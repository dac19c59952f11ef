"""NUTS versions: which version a file's region codes belong to, and one-to-one recodings.

NUTS codes change between versions of the classification (2013, 2016, 2021, 2024): regions
are split, merged, moved or only recoded. A Eurostat download may mix them (a series's older
years keep the codes of their time), and two downloads may use different versions, so that
a region silently lacks a value. The table `data/nuts-regions.csv` (its README gives the
source and the rule) lists each territory with its code in every version in which it exists
one-to-one. From it:

* `version_warnings` names, once per source, the codes that are not codes of the version the
  other sources (and the regions scored) use, and the recodings that would match them;
* `NutsTable.recode` gives the code of a territory in another version, where it maps
  one-to-one (reading.py recodes a file's codes with it, when a version is asked for); a
  region that was split, merged or whose boundaries moved keeps its code.

The table is package data, read once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from s3engine.core import messages as M
from s3engine.statistics.sources import SourceTable, is_region

NutsVersion = Literal[2013, 2016, 2021, 2024]
VERSIONS: tuple[int, ...] = (2013, 2016, 2021, 2024)
#: Codes named in a message before "and N more".
SHOWN = 10


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


@cache
def nuts_table() -> NutsTable:
    text = (
        resources.files("s3engine.statistics")
        .joinpath("data/nuts-regions.csv")
        .read_text(encoding="utf-8")
    )
    reader = csv.reader(io.StringIO(text))
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


def version_warnings(
    tables: Mapping[str, SourceTable], scored: Sequence[str], version: int | None
) -> list[str]:
    """One warning per source whose codes are not all codes of `version` (by default the
    version most codes of the sources and of the regions scored belong to)."""
    table = nuts_table()
    asked = version is not None
    groups = {
        source_id: [code for code in source.values if is_region(code) and table.versions_of(code)]
        for source_id, source in tables.items()
    }
    if version is None:
        every = [*groups.values(), [c for c in scored if table.versions_of(c)]]
        version = max(
            VERSIONS,
            key=lambda v: (sum(1 for codes in every for c in codes if c in table.codes[v]), v),
        )
    warnings: list[str] = []
    for source_id, codes in groups.items():
        wrong = sorted(code for code in codes if code not in table.codes[version])
        if not wrong:
            continue
        name = _file_name(tables[source_id].file)
        listed = _listed([f"{code} ({_versions(table.versions_of(code))})" for code in wrong])
        if asked:  # recoded already where they could be: these are what is left
            message = M.DATA_NUTS_LEFT.format(count=len(wrong), version=version, codes=listed)
            warnings.append(f"{name}: {message}")
            continue
        pairs = [(code, new) for code in wrong if (new := table.recode(code, version))]
        if pairs:
            remedy = M.DATA_NUTS_RECODABLE.format(
                count=len(pairs),
                version=version,
                pairs=_listed([f"{old} -> {new}" for old, new in pairs]),
            )
        else:
            remedy = M.DATA_NUTS_NOT_RECODABLE.format(version=version)
        message = M.DATA_NUTS_MIXED.format(
            count=len(wrong), version=version, codes=listed, remedy=remedy
        )
        warnings.append(f"{name}: {message}")
    return warnings


def _versions(versions: Sequence[int]) -> str:
    """(2013, 2016) -> 'NUTS 2013-2016'; (2016,) -> 'NUTS 2016'."""
    if not versions:
        return "no NUTS version"
    if len(versions) == 1:
        return f"NUTS {versions[0]}"
    return f"NUTS {versions[0]}-{versions[-1]}"


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
