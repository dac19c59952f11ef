"""Reading a data source: its CSV file through eurostat_csv.py, then its year rule.

`read_source` gives a `SourceTable`: the value of each region the file has, the year (or
years) it is from, and the flags that qualify it. Nothing is made up: a region the file
lacks, or that has no value for the year rule, is absent (never zero).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.statistics.eurostat_csv import Flags, Observation, Scan, TableSpec, read_table
from s3engine.statistics.nuts import nuts_table
from s3engine.statistics.sources import DataSource, RegionValue, SourceTable, YearMean, is_region


def read_source(
    source: DataSource, base_dir: Path, nuts_version: int | None = None, until: int | None = None
) -> SourceTable:
    """Read `source` (its file relative to `base_dir`); raise S3Error on a bad file. With
    `nuts_version`, the codes of other NUTS versions that map one-to-one onto a region of
    that version are recoded (and the recodings reported). With `until` (a survey wave's
    year), the year rule `latest` takes the latest year up to `until`: the statistics known
    at the time of the wave; a year given in the source is kept as given."""
    path = Path(source.file)
    if not path.is_absolute():
        path = base_dir / path
    name = str(path)
    scan = read_table(path, name, _spec(source, until))
    notes: list[Finding] = []
    if nuts_version is not None:
        recoded, clashes = recode_scan(scan, nuts_version)
        if recoded:
            pairs = ", ".join(f"{old} -> {new}" for old, new in recoded)
            message = M.DATA_NUTS_RECODED.format(
                count=len(recoded), version=nuts_version, pairs=pairs
            )
            notes.append(Finding(name, None, None, "", message, severity="warning"))
        notes.extend(Finding(name, None, None, "", c, severity="warning") for c in clashes)
    values, warnings = _apply_year_rule(scan, source, name)
    warnings = notes + warnings
    return SourceTable(
        file=name,
        values=values,
        regions=scan.regions,
        years=scan.years,
        warnings=warnings,
        layout=scan.layout.kind,
    )


def recode_scan(scan: Scan, version: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Recode, in place, the codes of `scan` that are not codes of `version` but map
    one-to-one onto one. Returns the recodings made and the clashes (the file also holds the
    new code: its own observations win; for a mean of years, the recoded ones fill the years
    it lacks)."""
    table = nuts_table()
    recoded: list[tuple[str, str]] = []
    clashes: list[str] = []
    for code in sorted(scan.regions):
        if not is_region(code) or code in table.codes[version]:
            continue
        new = table.recode(code, version)
        if new is None:
            continue
        recoded.append((code, new))
        if new in scan.regions:
            clashes.append(M.DATA_NUTS_RECODE_CLASH.format(old=code, new=new, version=version))
        scan.regions.discard(code)
        scan.regions.add(new)
        for latest in (scan.latest, scan.latest_missing):
            if code in latest:
                observation = latest.pop(code)
                latest.setdefault(new, observation)
        if code in scan.kept:
            observations = scan.kept.pop(code)
            own = scan.kept.setdefault(new, [])
            years = {year for year, _, _ in own}
            own.extend(obs for obs in observations if obs[0] not in years)
            own.sort(key=lambda obs: obs[0])
    return recoded, clashes


def _spec(source: DataSource, until: int | None = None) -> TableSpec:
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
        until=until if rule == "latest" else None,
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
    mean_rule = rule if isinstance(rule, YearMean) else None
    values = {
        region: _combine(sorted(scan.kept[region]), label, mean_rule)
        for region in sorted(scan.kept)
    }
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


def _combine(observations: list[Observation], label: str, rule: YearMean | None) -> RegionValue:
    """The mean of the observations with a value; their flags, in year order. Under a mean
    of years, each year's value is kept (for --explain), and a region with fewer years than
    `min_years` gets no value, with the reason."""
    used = [(year, value, flags) for year, value, flags in observations if value is not None]
    yearly = (
        tuple((str(year), value) for year, value, _ in observations) if rule is not None else ()
    )
    if not used:
        return RegionValue(None, label, _union(flags for _, _, flags in observations), (), yearly)
    years = tuple(year for year, _, _ in used)
    flags = _union(flags for _, _, flags in used)
    shown = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    if rule is not None and rule.min_years is not None and len(used) < rule.min_years:
        first, last = rule.mean
        missing = M.SCORE_TOO_FEW_YEARS.format(
            found=len(used),
            first=first,
            last=last,
            file="{file}",
            years=", ".join(str(year) for year in years),
            needed=rule.min_years,
        )
        return RegionValue(None, shown, flags, years, yearly, missing)
    mean = math.fsum(value for _, value, _ in used if value is not None) / len(used)
    return RegionValue(mean, shown, flags, years, yearly)


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
