"""The NUTS classification as s3engine ships it: every code of every version, names.

One package holds s3engine's NUTS data (data/README.md gives the sources), for every stage
that needs it: the statistics (which version a file's codes belong to, recodings between
versions: `nuts_table`), and the survey, answers files, `check` and imports (whether a region
code is a NUTS code at all, what the region is called, which regions a name means:
`is_nuts_code`, `nuts_region`, `nuts_name`, `find_regions`).
"""

from s3engine.nuts.names import (
    NutsRegion,
    find_regions,
    is_nuts_code,
    nuts_name,
    nuts_region,
    nuts_regions,
    region_hint,
)
from s3engine.nuts.versions import VERSIONS, NutsTable, NutsVersion, nuts_table

__all__ = [
    "VERSIONS",
    "NutsRegion",
    "NutsTable",
    "NutsVersion",
    "find_regions",
    "is_nuts_code",
    "nuts_name",
    "nuts_region",
    "nuts_regions",
    "nuts_table",
    "region_hint",
]
