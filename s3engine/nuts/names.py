"""The NUTS 2021 regions by name: what a code is called, which regions a typed name means.

`data/nuts-2021.csv` names every region of NUTS 2021 (levels 0 to 3; the EU's regions and
the statistical regions of CH, LI, NO, IS and the candidate countries) in its national
language(s), as Eurostat does; `data/nuts-2021-names.csv` adds, by hand, the names in
s3engine's languages where they differ (Wien: Vienna, Vienne, Dunaj). A region is found by
its code or by any of its names, without regard to case, accents or hyphens: `tirol`,
`Tyrol`, `Bozen`, `sudtirol` and `AT33` all find their region.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from s3engine.core.findings import suggest
from s3engine.nuts.versions import data_text, nuts_table

#: The levels in the order a search lists them: NUTS 2 (where s3engine usually scores),
#: then the larger NUTS 1 (German Länder), the smaller NUTS 3, the countries.
LEVEL_ORDER = {2: 0, 1: 1, 3: 2, 0: 3}


@dataclass(frozen=True)
class NutsRegion:
    code: str
    level: int
    #: the name in the national language(s), as Eurostat writes it
    name: str
    #: the name in Latin letters, for names in Greek or Cyrillic script ("" otherwise)
    latin: str = ""
    #: language -> the name in that language, where it differs from `name`
    names: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, lang: str) -> str:
        """The region's name as a speaker of `lang` knows it."""
        return self.names.get(lang) or self.name

    def label(self, lang: str) -> str:
        """`AT13  Vienna (Wien)`: code, name in `lang`, national name where it differs."""
        local = self.name_in(lang)
        return f"{self.code}  {local}" + (f" ({self.name})" if local != self.name else "")

    @cached_property
    def spellings(self) -> list[str]:
        """Every name the region may be searched by, normalised (see `_plain`)."""
        names = [self.name, self.latin, *self.names.values()]
        # "Provincia Autonoma di Bolzano/Bozen", "Valais / Wallis": each part is a name too.
        parts = [part for name in names for part in re.split(r"\s*/\s*", name)]
        return list(dict.fromkeys(_plain(n) for n in [*names, *parts] if n.strip()))


@cache
def nuts_regions() -> dict[str, NutsRegion]:
    """Every NUTS 2021 region by code."""
    names: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(data_text("nuts-2021-names.csv"))):
        names.setdefault(row["code"], {})[row["lang"]] = row["name"]
    return {
        row["code"]: NutsRegion(
            row["code"], int(row["level"]), row["name"], row["latin"], names.get(row["code"], {})
        )
        for row in csv.DictReader(io.StringIO(data_text("nuts-2021.csv")))
    }


def nuts_region(code: str) -> NutsRegion | None:
    return nuts_regions().get(code)


def nuts_name(code: str) -> str | None:
    """A region's NUTS 2021 name in its national language, as Eurostat publishes it
    (Oberösterreich for AT31); None for a code NUTS 2021 does not have."""
    region = nuts_regions().get(code)
    return region.name if region is not None else None


def is_nuts_code(code: str) -> bool:
    """Whether `code` is a code of NUTS 2021 (levels 0-3) or of any version the statistics
    know (2013, 2016, 2024: levels 1-3)."""
    return code in nuts_regions() or bool(nuts_table().versions_of(code))


def find_regions(
    text: str, *, within: Collection[str] | None = None, limit: int = 20
) -> list[NutsRegion]:
    """The regions `text` means, best first: its code, a name that is `text`, names that
    begin with it, names that hold it. `within` restricts the search to those codes."""
    query = _plain(text)
    if not query:
        return []
    code = text.strip().upper()
    ranked: list[tuple[tuple[int, int, str], NutsRegion]] = []
    for region in nuts_regions().values():
        if within is not None and region.code not in within:
            continue
        rank = _rank(region, query, code)
        if rank is not None:
            ranked.append(((rank, LEVEL_ORDER[region.level], region.code), region))
    ranked.sort(key=lambda item: item[0])
    return [region for _, region in ranked[:limit]]


def region_hint(text: str, within: Collection[str] | None = None) -> str | None:
    """For a region code that is not one: the region meant, as `AT33 (Tirol)`, found by its
    name (`TIROL`) or as the code closest to it (`AT333` -> `AT33`), or None."""
    found = find_regions(text, within=within, limit=1)
    if found:
        return f"{found[0].code} ({found[0].name})"
    codes: Iterable[str] = within if within is not None else nuts_regions()
    close = suggest(text.strip().upper(), codes)
    region = nuts_region(close) if close else None
    if close is None:
        return None
    return f"{close} ({region.name})" if region is not None else close


def _rank(region: NutsRegion, query: str, code: str) -> int | None:
    if region.code == code:
        return 0
    spellings = region.spellings
    if query in spellings:
        return 1
    if len(code) >= 2 and region.code.startswith(code):  # SI: Slovenia's regions
        return 2
    if any(name.startswith(query) for name in spellings):
        return 3
    if len(query) >= 3 and any(
        word.startswith(query) for name in spellings for word in name.split()
    ):
        return 4
    if len(query) >= 4 and any(query in name for name in spellings):
        return 5
    return None


def _plain(text: str) -> str:
    """Lower case, without accents, hyphens, apostrophes or dots: `Südtirol` -> `sudtirol`,
    `Valle d’Aosta` -> `valle d aosta`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())
