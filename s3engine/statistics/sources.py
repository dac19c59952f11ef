"""Regional statistics: one value per region from a CSV data source, with its year and flags.

A scoring model names its statistics as data sources (`DataSource`): a file, the value, filters
on dimension columns, and a year rule. `read_source` reads the file (eurostat_csv.py does the
streaming and the layouts) and applies the year rule, giving a `SourceTable`: the value of each
region the file has, the year (or years) it is from, and the flags that qualify it.

Nothing is made up: a region the file lacks, or that has no value for the year rule, is
absent from `values` (never zero), and an empty or ':' value stays missing (None) with its
flags. Aggregates such as EU27_2020 stay in `values`, so that models can use them as
reference values; `is_aggregate` tells them apart from regions. docs/regional-data.md is the
user's reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from s3engine.core import messages as M
from s3engine.core.findings import Finding
from s3engine.core.models import Strict

__all__ = [
    "ChildAggregation",
    "DataSource",
    "RegionValue",
    "SourceTable",
    "YearMean",
    "YearRule",
    "is_aggregate",
    "is_extra_regio",
    "is_region",
    "nuts_level",
]


class YearMean(Strict):
    """The mean over an inclusive range of years, of the years the file has in that range."""

    mean: tuple[int, int] = Field(description="First and last year, both included.")
    min_years: int | None = Field(
        default=None,
        ge=1,
        description="The years of the range a region needs a value for; a region with fewer "
        "has no value (by default any one year is enough).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> YearMean:
        first, last = self.mean
        if first > last:
            raise ValueError(M.DATA_RANGE_ORDER.format(first=first, last=last))
        if self.min_years is not None and self.min_years > last - first + 1:
            raise ValueError(
                M.DATA_MIN_YEARS_RANGE.format(
                    needed=self.min_years, first=first, last=last, years=last - first + 1
                )
            )
        return self


YearRule = int | Literal["latest"] | YearMean


def _year_kind(value: Any) -> str:
    """Which form of year rule a value is meant as, so that an error speaks of that one."""
    if isinstance(value, dict | YearMean):
        return "mean"
    if isinstance(value, str) and not value.strip().isdigit():
        return "latest"
    return "year"


_YearField = Annotated[
    Annotated[int, Tag("year")]
    | Annotated[Literal["latest"], Tag("latest")]
    | Annotated[YearMean, Tag("mean")],
    Discriminator(_year_kind),
]


class ChildAggregation(Strict):
    """How to give a region the file lacks a value from the regions within it.

    Eurostat publishes some statistics (R&D expenditure, tertiary education) for NUTS-2
    regions only, so a NUTS-1 region such as a German Land has none of its own. With this
    rule, such a region gets the mean of the values of its NUTS-2 regions in the same file
    (or their mean weighted by another source of the model, e.g. GDP or population), and the
    value is labelled as aggregated wherever it is shown. A region gets no value when one of
    its children in the file has none: a mean over some of them could mislead.
    """

    method: Literal["mean", "weighted"] = Field(
        default="mean",
        description="mean: the plain mean of the children's values; weighted: their mean "
        "weighted by the source named in `weight`.",
    )
    weight: str | None = Field(
        default=None, description="weighted: the id of another source of the model (its values)."
    )
    level: int = Field(
        default=2, ge=1, le=3, description="The NUTS level of the regions to aggregate."
    )

    @model_validator(mode="after")
    def _weight_given(self) -> ChildAggregation:
        if (self.method == "weighted") != (self.weight is not None):
            raise ValueError(M.DATA_CHILDREN_WEIGHT)
        return self


class DataSource(Strict):
    """Where a statistic comes from: a CSV file, which rows, and which year."""

    file: str = Field(
        min_length=1, description="The CSV file: a path relative to the model file, or absolute."
    )
    format: Literal["auto", "eurostat", "wide"] = Field(
        default="auto",
        description="eurostat: either Eurostat CSV layout (told from the header); wide: one "
        "row per region, one column per statistic; auto: eurostat when the header has geo, "
        "TIME_PERIOD (or time) and OBS_VALUE, wide otherwise.",
    )
    value: str | None = Field(
        default=None, description="Wide CSV: the column holding the statistic. Eurostat: ignored."
    )
    region_column: str = Field(
        default="geo", description="Wide CSV: the column holding the region codes."
    )
    year_column: str | None = Field(
        default=None,
        description="Wide CSV: the column holding the year, when rows are per region and year.",
    )
    filters: dict[str, str | list[str]] = Field(
        default={},
        description="Keep only the rows with these values in these columns, such as "
        "{sex: T, unit: PC}. A list keeps any of its values.",
    )
    year: _YearField = Field(
        default="latest",
        description="A year (2021), the latest year with a value for each region (latest), or "
        "the mean over a range of years ({mean: [2019, 2021]}).",
    )
    max_age: int | None = Field(
        default=None,
        ge=0,
        description="With year: latest, leave out a region whose latest value is more than "
        "this many years older than the newest year in the file.",
    )
    children: ChildAggregation | None = Field(
        default=None,
        description="Give a region the file lacks the mean of the regions within it "
        "(labelled as aggregated); by default such a region has no value.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> DataSource:
        if self.max_age is not None and self.year != "latest":
            raise ValueError(M.DATA_MAX_AGE_RULE)
        if self.format == "wide" and self.value is None:
            raise ValueError(M.DATA_WIDE_NEEDS_VALUE)
        for values in self.filters.values():
            if isinstance(values, list) and not values:
                raise ValueError(M.DATA_FILTER_EMPTY_LIST)
        return self


@dataclass(frozen=True)
class RegionValue:
    """The value of one region, as the year rule chose it.

    `value` is None when the observation is empty or ':' (its flags are kept). `year` is the
    year as shown to the reader ("2021", or "2019-2021" for a mean; None for a wide CSV
    without years); `years_used` the years whose values entered `value`.
    """

    value: float | None
    year: str | None
    flags: tuple[str, ...]
    years_used: tuple[int, ...]
    #: a mean of years: each year of the range the file has, with its value (None: empty)
    yearly: tuple[tuple[str, float | None], ...] = ()
    #: why the value is missing although the file has the region, as a template with {file}
    #: (too few years for the mean); None otherwise
    missing: str | None = None


@dataclass
class SourceTable:
    """What a data source gives: a value per region, and what the file holds besides."""

    file: str
    #: Region (or aggregate) code -> its value under the year rule.
    values: dict[str, RegionValue]
    #: Every code in the rows selected by the filters, with or without a value.
    regions: set[str]
    #: Every year in the rows selected by the filters.
    years: set[int]
    warnings: list[Finding]
    #: short, sdmx, sdmx-labels or wide.
    layout: str = ""


# --- region codes -------------------------------------------------------------------------

_NUTS = re.compile(r"[A-Z]{2}[A-Z0-9]{0,3}")
_AGGREGATE = re.compile(r"(?:EU|EA|EEA|EFTA|EMU)\d*")
# Eurostat's extra-regio codes: the territory of a country not attributed to any region
# (embassies abroad, the continental shelf...), at NUTS 1, 2 and 3: BEZ, BEZZ, BEZZZ.
_EXTRA_REGIO = re.compile(r"[A-Z]{2}Z{1,3}")


def is_aggregate(code: str) -> bool:
    """EU27_2020, EU28, EA19, EA, EEA, EFTA...: groups of countries, never scored as regions."""
    code = code.strip().upper()
    return "_" in code or bool(_AGGREGATE.fullmatch(code))


def is_extra_regio(code: str) -> bool:
    """BEZZ, DEZZ, ...: extra-regio codes, never regions (their values, such as a GERD of 0
    for the territory outside the regions, would distort every comparison)."""
    return bool(_EXTRA_REGIO.fullmatch(code.strip().upper()))


def is_region(code: str) -> bool:
    """A code that can be scored as a region: neither an aggregate nor extra-regio."""
    return not is_aggregate(code) and not is_extra_regio(code)


def nuts_level(code: str) -> int | None:
    """AT -> 0, AT3 -> 1, AT31 -> 2, AT312 -> 3; None for aggregates and other codes."""
    code = code.strip().upper()
    if is_aggregate(code) or not _NUTS.fullmatch(code):
        return None
    return len(code) - 2
