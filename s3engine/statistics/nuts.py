"""NUTS versions: which version a file's region codes belong to, and one-to-one recodings.

NUTS codes change between versions of the classification (2013, 2016, 2021, 2024): regions
are split, merged, moved or only recoded. A Eurostat download may mix them (a series's older
years keep the codes of their time), and two downloads may use different versions, so that
a region silently lacks a value. The table `s3engine/nuts/data/nuts-regions.csv` (its README
gives the source and the rule) lists each territory with its code in every version in which it
exists one-to-one. From it:

* `version_warnings` names, once per source, the codes that are not codes of the version the
  other sources (and the regions scored) use, and the recodings that would match them;
* `NutsTable.recode` gives the code of a territory in another version, where it maps
  one-to-one (reading.py recodes a file's codes with it, when a version is asked for); a
  region that was split, merged or whose boundaries moved keeps its code.

The table is package data of s3engine.nuts, read once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from s3engine.core import messages as M
from s3engine.nuts.versions import VERSIONS as VERSIONS
from s3engine.nuts.versions import NutsTable as NutsTable
from s3engine.nuts.versions import NutsVersion as NutsVersion
from s3engine.nuts.versions import nuts_table as nuts_table
from s3engine.statistics.sources import SourceTable, is_region

#: Codes named in a message before "and N more".
SHOWN = 10


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
            warnings.append(M.AT.format(where=name, problem=message))
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
        warnings.append(M.AT.format(where=name, problem=message))
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
