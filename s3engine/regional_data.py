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

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from s3engine import messages as M
from s3engine.eurostat_csv import Flags, Observation, Scan, TableSpec, read_table
from s3engine.findings import Finding, S3Error
from s3engine.questionnaire import Strict

__all__ = [
    "DataSource",
    "RegionValue",
    "SourceTable",
    "YearMean",
    "YearRule",
    "is_aggregate",
    "nuts_level",
    "read_source",
]


class YearMean(Strict):
    """The mean over an inclusive range of years, of the years the file has in that range."""

    mean: tuple[int, int] = Field(description="First and last year, both included.")

    @model_validator(mode="after")
    def _ordered(self) -> YearMean:
        first, last = self.mean
        if first > last:
            raise ValueError(M.DATA_RANGE_ORDER.format(first=first, last=last))
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


def read_source(source: DataSource, base_dir: Path) -> SourceTable:
    """Read `source` (its file relative to `base_dir`); raise S3Error on a bad file."""
    path = Path(source.file)
    if not path.is_absolute():
        path = base_dir / path
    name = str(path)
    scan = read_table(path, name, _spec(source))
    values, warnings = _apply_year_rule(scan, source, name)
    return SourceTable(
        file=name,
        values=values,
        regions=scan.regions,
        years=scan.years,
        warnings=warnings,
        layout=scan.layout.kind,
    )


def _spec(source: DataSource) -> TableSpec:
    rule = source.year
    if rule == "latest":
        first = last = 0
        needs_years, text = source.max_age is not None, "max_age"
    elif isinstance(rule, YearMean):
        first, last = rule.mean
        needs_years, text = True, f"year: {{mean: [{first}, {last}]}}"
    else:
        first = last = rule
        needs_years, text = True, f"year: {rule}"
    return TableSpec(
        format=source.format,
        value=source.value,
        region_column=source.region_column,
        year_column=source.year_column,
        filters={
            column: (values,) if isinstance(values, str) else tuple(values)
            for column, values in source.filters.items()
        },
        latest=rule == "latest",
        first_year=first,
        last_year=last,
        needs_years=needs_years,
        rule_text=text,
    )


def _apply_year_rule(
    scan: Scan, source: DataSource, name: str
) -> tuple[dict[str, RegionValue], list[Finding]]:
    rule = source.year
    if rule == "latest":
        return _latest(scan, source.max_age, name)
    first, last = rule.mean if isinstance(rule, YearMean) else (rule, rule)
    if not any(first <= year <= last for year in scan.years):
        years = _years_text(scan.years)
        if first == last:
            message = M.DATA_YEAR_ABSENT.format(year=first, years=years)
        else:
            message = M.DATA_RANGE_ABSENT.format(first=first, last=last, years=years)
        raise S3Error(Finding(name, None, None, "", message))
    label = str(first) if first == last else f"{first}-{last}"
    values = {region: _combine(sorted(scan.kept[region]), label) for region in sorted(scan.kept)}
    return values, []


def _latest(
    scan: Scan, max_age: int | None, name: str
) -> tuple[dict[str, RegionValue], list[Finding]]:
    has_years = scan.layout.has_years
    values: dict[str, RegionValue] = {}
    for region, (year, _, flags) in scan.latest_missing.items():
        if region not in scan.latest:
            values[region] = RegionValue(None, str(year) if has_years else None, flags, ())
    warnings: list[Finding] = []
    newest = max((obs[0] for obs in scan.latest.values()), default=0)
    for region, (year, value, flags) in scan.latest.items():
        if max_age is not None and newest - year > max_age:
            message = M.DATA_TOO_OLD.format(
                region=region, year=year, age=newest - year, newest=newest, max_age=max_age
            )
            warnings.append(Finding(name, None, None, region, message, severity="warning"))
            continue
        if has_years:
            values[region] = RegionValue(value, str(year), flags, (year,))
        else:
            values[region] = RegionValue(value, None, flags, ())
    return dict(sorted(values.items())), warnings


def _combine(observations: list[Observation], label: str) -> RegionValue:
    """The mean of the observations with a value; their flags, in year order."""
    used = [(year, value, flags) for year, value, flags in observations if value is not None]
    if not used:
        return RegionValue(None, label, _union(flags for _, _, flags in observations), ())
    years = tuple(year for year, _, _ in used)
    mean = math.fsum(value for _, value, _ in used if value is not None) / len(used)
    shown = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return RegionValue(mean, shown, _union(flags for _, _, flags in used), years)


def _union(groups: Iterable[Flags]) -> Flags:
    out: list[str] = []
    for flags in groups:
        for flag in flags:
            if flag not in out:
                out.append(flag)
    return tuple(out)


def _years_text(years: set[int]) -> str:
    """2000, 2001, 2002, 2005 -> '2000-2002, 2005'."""
    if not years:
        return "none"
    ordered = sorted(years)
    parts: list[str] = []
    start = prev = ordered[0]
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)


# --- region codes -------------------------------------------------------------------------

_NUTS = re.compile(r"[A-Z]{2}[A-Z0-9]{0,3}")
_AGGREGATE = re.compile(r"(?:EU|EA|EEA|EFTA|EMU)\d*")


def is_aggregate(code: str) -> bool:
    """EU27_2020, EU28, EA19, EA, EEA, EFTA...: groups of countries, never scored as regions."""
    code = code.strip().upper()
    return "_" in code or bool(_AGGREGATE.fullmatch(code))


def nuts_level(code: str) -> int | None:
    """AT -> 0, AT3 -> 1, AT31 -> 2, AT312 -> 3; None for aggregates and other codes."""
    code = code.strip().upper()
    if is_aggregate(code) or not _NUTS.fullmatch(code):
        return None
    return len(code) - 2
