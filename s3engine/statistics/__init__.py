"""Regional statistics: Eurostat and plain CSV tables, read into one value per region.

`sources` holds what a scoring model says about a statistic (pure); `reading` and
`eurostat_csv` read the files.
"""

from s3engine.statistics.reading import read_source
from s3engine.statistics.sources import DataSource, SourceTable, is_aggregate, nuts_level

__all__ = ["DataSource", "SourceTable", "is_aggregate", "nuts_level", "read_source"]
