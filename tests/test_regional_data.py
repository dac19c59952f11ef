"""Regional statistics: reading Eurostat and wide CSV files into one value per region.

The real Eurostat extracts in examples/data/eurostat are checked against an independent
reading of the same files with csv.DictReader; small files written inline cover every
documented rule and every problem a user can meet.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from s3engine.core import messages as M
from s3engine.core.findings import S3Error
from s3engine.statistics import eurostat_csv
from s3engine.statistics.reading import read_source
from s3engine.statistics.sources import (
    DataSource,
    RegionValue,
    SourceTable,
    YearMean,
    is_aggregate,
    nuts_level,
)

# The real extracts travel with the repository (examples/data/eurostat, copied unchanged
# from the shared data folder), so these tests run on every clean checkout.
EUROSTAT = Path(__file__).resolve().parents[1] / "examples" / "data" / "eurostat"
GDP = "gdp_pps_per_head_pct_eu.csv"
GERD = "tgs00042_gerd_pct_gdp.csv"
TERTIARY = "tgs00109_tertiary_education.csv"

needs_eurostat = pytest.mark.skipif(
    not (EUROSTAT / GDP).is_file(),
    reason=f"the Eurostat extracts are not in {EUROSTAT}",
)

SHORT_HEADER = "freq,unit,geo,time,obs_value\n"
SDMX_HEADER = (
    "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,freq,Time frequency,unit,Unit of measure,"
    "sex,Sex,geo,Geopolitical entity (reporting),TIME_PERIOD,Time,OBS_VALUE,"
    "Observation value,OBS_FLAG,Observation status (Flag) V2 structure,CONF_STATUS,"
    "Confidentiality status (flag)\n"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def read(folder: Path, name: str, **options: Any) -> SourceTable:
    return read_source(DataSource(file=name, **options), folder)


def problems(folder: Path, name: str, **options: Any) -> list[str]:
    """The rendered findings of a file that must fail."""
    with pytest.raises(S3Error) as caught:
        read(folder, name, **options)
    return [f.render() for f in caught.value.findings]


def sdmx_row(geo: str, year: int, value: str, flag: str = "", sex: str = "T") -> str:
    label = {"b": "break in time series", "e": "estimated"}.get(flag, "")
    return (
        f"dataflow,ESTAT:TEST(1.0),Test,A,Annual,PC,Percentage,{sex},Sex,{geo},Name,"
        f"{year},,{value},,{flag},{label},,\n"
    )


# --- the real Eurostat extracts ----------------------------------------------------------


def independent(path: Path, time: str, value: str, flag: str | None) -> dict[tuple[str, int], Any]:
    """Region and year -> (value or None, flags), read with csv.DictReader alone."""
    out: dict[tuple[str, int], Any] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            cell = row[value].strip()
            # the observation's flags: OBS_FLAG, then CONF_STATUS (C: confidential)
            flags = tuple(row[f] for f in (flag, "CONF_STATUS") if f and row.get(f))
            out[(row["geo"], int(row[time]))] = (float(cell) if cell else None, flags)
    return out


@needs_eurostat
@pytest.mark.parametrize(
    ("name", "time", "value", "flag"),
    [
        (GDP, "time", "obs_value", None),
        (GERD, "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"),
        (TERTIARY, "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"),
    ],
)
def test_every_year_of_the_real_files_matches_an_independent_reading(
    name: str, time: str, value: str, flag: str | None
) -> None:
    expected = independent(EUROSTAT / name, time, value, flag)
    years = sorted({year for _, year in expected})
    for year in years:
        table = read_source(DataSource(file=name, year=year), EUROSTAT)
        want = {geo: obs for (geo, y), obs in expected.items() if y == year}
        got = {geo: (rv.value, rv.flags) for geo, rv in table.values.items()}
        assert got == want, year
        assert all(  # an empty (confidential) value entered nothing
            rv.year == str(year) and rv.years_used == ((year,) if rv.value is not None else ())
            for rv in table.values.values()
        )
    table = read_source(DataSource(file=name), EUROSTAT)
    assert table.regions == {geo for geo, _ in expected}
    assert table.years == set(years)


@needs_eurostat
def test_latest_takes_each_regions_own_latest_year() -> None:
    table = read_source(DataSource(file=GDP), EUROSTAT)
    assert table.layout == "short"
    # Swiss figures stop in 2019 in this extract; the others run to 2023.
    assert table.values["CH02"] == RegionValue(139.0, "2019", (), (2019,))
    assert table.values["AT31"] == RegionValue(124.0, "2023", (), (2023,))
    assert table.values["EU27_2020"].value == 100.0


@needs_eurostat
def test_flags_of_the_sdmx_file_are_kept_with_their_values() -> None:
    table = read_source(DataSource(file=GERD, year=2013), EUROSTAT)
    assert table.layout == "sdmx-labels"
    assert table.values["AT31"] == RegionValue(3.14, "2013", ("b",), (2013,))
    flagged = {geo: rv.flags for geo, rv in table.values.items() if rv.flags}
    assert flagged, "the 2013 GERD figures carry flags"


@needs_eurostat
def test_a_region_missing_from_a_dataset_is_absent_never_zero() -> None:
    table = read_source(DataSource(file=GERD), EUROSTAT)
    assert "CH02" not in table.values and "CH02" not in table.regions
    assert "DE1" not in table.values
    assert all(rv.value != 0 for rv in table.values.values())


@needs_eurostat
def test_mean_over_a_range_on_the_tertiary_file() -> None:
    source = DataSource(file=TERTIARY, filters={"sex": "T"}, year=YearMean(mean=(2019, 2021)))
    table = read_source(source, EUROSTAT)
    expected = independent(EUROSTAT / TERTIARY, "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG")
    for geo, rv in table.values.items():
        observations = [expected[(geo, y)] for y in (2019, 2020, 2021) if (geo, y) in expected]
        assert rv.value == pytest.approx(sum(v for v, _ in observations) / len(observations))
        assert rv.years_used == (2019, 2020, 2021)
        assert rv.year == "2019-2021"
        assert set(rv.flags) == {f for _, flags in observations for f in flags}


@needs_eurostat
def test_the_sdmx_dimensions_can_be_filtered_and_misspellings_are_named() -> None:
    table = read_source(
        DataSource(file=TERTIARY, filters={"sex": "T", "age": "Y25-64", "isced11": "ED5-8"}),
        EUROSTAT,
    )
    # the ten example regions with NUTS-2 figures, and the eleven NUTS-2 regions of DE1, DE2
    assert len(table.values) == 21
    with pytest.raises(S3Error) as caught:
        read_source(DataSource(file=TERTIARY, filters={"Sex": "T"}), EUROSTAT)
    message = caught.value.findings[0].message
    assert "did you mean 'sex'?" in message
    assert "geo, freq, unit, isced11, age, sex" in message


def test_aggregates_and_nuts_levels() -> None:
    for code in ("EU27_2020", "EU28", "EU27_2007", "EA19", "EA20", "EA", "EU", "EEA", "EFTA"):
        assert is_aggregate(code), code
        assert nuts_level(code) is None, code
    for code, level in (("AT", 0), ("AT3", 1), ("AT31", 2), ("AT312", 3), ("DE1", 1)):
        assert not is_aggregate(code)
        assert nuts_level(code) == level
    assert (nuts_level("FRC2"), nuts_level("EL30"), nuts_level("EE0")) == (2, 2, 1)
    assert nuts_level("AT3123") is None
    assert nuts_level("not a code") is None


# --- values, flags and missing values -----------------------------------------------------


def test_flags_after_the_value_and_missing_values(tmp_path: Path) -> None:
    write(
        tmp_path,
        "d.csv",
        SHORT_HEADER
        + "A,PC,AT31,2020,2.3 e\n"
        + "A,PC,AT32,2020,12bu\n"
        + "A,PC,DE1,2020,: c\n"
        + "A,PC,DE2,2020,:\n"
        + "A,PC,ITC1,2020,\n"
        + "A,PC,ITC4,2020,-0.5\n"
        + "A,PC,SI03,2020,:p\n",
    )
    values = read(tmp_path, "d.csv", year=2020).values
    assert values["AT31"] == RegionValue(2.3, "2020", ("e",), (2020,))
    assert values["AT32"] == RegionValue(12.0, "2020", ("bu",), (2020,))
    assert values["DE1"] == RegionValue(None, "2020", ("c",), ())
    assert values["DE2"] == RegionValue(None, "2020", (), ())
    assert values["ITC1"] == RegionValue(None, "2020", (), ())
    assert values["ITC4"].value == -0.5
    assert values["SI03"] == RegionValue(None, "2020", ("p",), ())


def test_a_value_that_is_not_a_number_names_file_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + "A,PC,AT31,2020,1.5\nA,PC,AT32,2020,n/a\n")
    found = problems(tmp_path, "d.csv")
    expected = M.DATA_NOT_NUMBER.format(value="n/a")
    assert found == [f"{tmp_path / 'd.csv'}:3 obs_value: {expected}"]


@pytest.mark.parametrize("cell", ["nan", "inf", "1_000", "12 X", "1.2.3", "12:", "e", "1e999"])
def test_text_that_only_looks_like_a_number_is_refused(tmp_path: Path, cell: str) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + f"A,PC,AT31,2020,{cell}\n")
    assert problems(tmp_path, "d.csv") == [
        f"{tmp_path / 'd.csv'}:2 obs_value: {M.DATA_NOT_NUMBER.format(value=cell)}"
    ]


def test_conf_status_is_kept_as_a_flag_unless_free(tmp_path: Path) -> None:
    text = SDMX_HEADER + sdmx_row("AT31", 2020, "1.5", "e").replace(",,\n", ",C,Confidential\n")
    text += sdmx_row("AT32", 2020, "2.5").replace(",,\n", ",F,Free\n")
    write(tmp_path, "d.csv", text)
    values = read(tmp_path, "d.csv").values
    assert values["AT31"].flags == ("e", "C")
    assert values["AT32"].flags == ()


# --- year rules -------------------------------------------------------------------------


def series(rows: list[tuple[str, int, str]]) -> str:
    return SHORT_HEADER + "".join(f"A,PC,{geo},{year},{value}\n" for geo, year, value in rows)


def test_latest_skips_missing_values_but_keeps_a_region_with_none(tmp_path: Path) -> None:
    write(
        tmp_path,
        "d.csv",
        series(
            [
                ("AT31", 2020, "10"),
                ("AT31", 2021, "11 p"),
                ("AT31", 2022, ":"),
                ("AT32", 2019, ": c"),
                ("AT32", 2021, ": c"),
            ]
        ),
    )
    values = read(tmp_path, "d.csv").values
    assert values["AT31"] == RegionValue(11.0, "2021", ("p",), (2021,))
    assert values["AT32"] == RegionValue(None, "2021", ("c",), ())


def test_mean_uses_the_years_present_and_keeps_their_flags(tmp_path: Path) -> None:
    write(
        tmp_path,
        "d.csv",
        series(
            [
                ("AT31", 2018, "100"),
                ("AT31", 2019, "10 b"),
                ("AT31", 2021, "20"),
                ("AT31", 2020, ":"),
                ("AT32", 2020, ": c"),
                ("DE1", 2016, "5"),
                ("DE2", 2021, "7 e"),
            ]
        ),
    )
    values = read(tmp_path, "d.csv", year={"mean": [2019, 2021]}).values
    # Each year of the range the file has is kept with its value, for --explain.
    yearly = (("2019", 10.0), ("2020", None), ("2021", 20.0))
    assert values["AT31"] == RegionValue(15.0, "2019-2021", ("b",), (2019, 2021), yearly)
    assert values["AT32"] == RegionValue(None, "2019-2021", ("c",), (), (("2020", None),))
    assert values["DE2"] == RegionValue(7.0, "2021", ("e",), (2021,), (("2021", 7.0),))
    assert "DE1" not in values  # no year of the range: absent, not zero


def test_a_given_year_leaves_out_regions_without_it(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", series([("AT31", 2020, "1"), ("AT32", 2019, "2")]))
    table = read(tmp_path, "d.csv", year=2020)
    assert set(table.values) == {"AT31"}
    assert table.regions == {"AT31", "AT32"}


def test_a_year_or_range_the_file_lacks_is_an_error_listing_the_years(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", series([("AT31", y, "1") for y in (2000, 2001, 2002, 2005)]))
    message = M.DATA_YEAR_ABSENT.format(year=2010, years="2000-2002, 2005")
    assert problems(tmp_path, "d.csv", year=2010) == [f"{tmp_path / 'd.csv'}: {message}"]
    message = M.DATA_RANGE_ABSENT.format(first=2003, last=2004, years="2000-2002, 2005")
    assert problems(tmp_path, "d.csv", year={"mean": [2003, 2004]}) == [
        f"{tmp_path / 'd.csv'}: {message}"
    ]


def test_max_age_leaves_out_stale_values_with_a_warning(tmp_path: Path) -> None:
    write(
        tmp_path,
        "d.csv",
        series([("AT31", 2023, "1"), ("AT32", 2020, "2"), ("DE1", 2018, "3"), ("DE1", 2023, ":")]),
    )
    table = read(tmp_path, "d.csv", max_age=3)
    assert set(table.values) == {"AT31", "AT32"}
    assert [w.render() for w in table.warnings] == [
        f"{tmp_path / 'd.csv'} DE1: warning: "
        + M.DATA_TOO_OLD.format(region="DE1", year=2018, age=5, newest=2023, max_age=3)
    ]


def test_data_source_rules_are_checked_when_the_model_is_read() -> None:
    with pytest.raises(ValidationError, match="max_age applies to year: latest only"):
        DataSource(file="d.csv", year=2020, max_age=2)
    with pytest.raises(ValidationError, match="write mean: \\[2019, 2021\\]"):
        DataSource(file="d.csv", year={"mean": [2021, 2019]})
    with pytest.raises(ValidationError, match="format: wide needs value"):
        DataSource(file="d.csv", format="wide")
    with pytest.raises(ValidationError, match="a filter needs at least one value"):
        DataSource(file="d.csv", filters={"sex": []})
    with pytest.raises(ValidationError, match="extra"):
        DataSource.model_validate({"file": "d.csv", "filter": {"sex": "T"}})
    source = DataSource.model_validate({"file": "d.csv", "year": {"mean": [2019, 2021]}})
    assert source.year == YearMean(mean=(2019, 2021))
    assert DataSource(file="d.csv", year=2021).year == 2021


# --- filters and series -----------------------------------------------------------------


def sexes(rows: list[tuple[str, str, int, str]]) -> str:
    return SDMX_HEADER + "".join(sdmx_row(g, y, v, sex=s) for g, s, y, v in rows)


def test_an_unfiltered_dimension_with_several_values_asks_for_a_filter(tmp_path: Path) -> None:
    rows = [("AT31", s, 2020, "1") for s in ("F", "M", "T")]
    write(tmp_path, "d.csv", sexes(rows))
    message = M.DATA_SEVERAL_SERIES.format(column="sex", values="F, M, T", example="T")
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'} sex: {message}"]
    assert read(tmp_path, "d.csv", filters={"sex": "F"}).values["AT31"].value == 1.0


def test_a_list_filter_that_lets_two_series_through_names_both_lines(tmp_path: Path) -> None:
    rows = [("AT31", "F", 2020, "1"), ("AT31", "M", 2020, "2"), ("AT32", "M", 2020, "3")]
    write(tmp_path, "d.csv", sexes(rows))
    message = M.DATA_SERIES_CLASH.format(
        region="AT31", year=2020, first=2, differences="sex (F, M)"
    )
    assert problems(tmp_path, "d.csv", filters={"sex": ["F", "M"]}) == [
        f"{tmp_path / 'd.csv'}:3: {message}"
    ]


def test_a_filter_value_that_matches_nothing_lists_the_values(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", sexes([("AT31", "F", 2020, "1"), ("AT31", "M", 2020, "2")]))
    message = M.DATA_FILTER_VALUE.format(column="sex", value="T", hint="", values="F, M")
    assert problems(tmp_path, "d.csv", filters={"sex": ["M", "T"]}) == [
        f"{tmp_path / 'd.csv'} sex: {message}"
    ]


def test_filters_that_match_nothing_together(tmp_path: Path) -> None:
    rows = [("AT31", "F", 2020, "1"), ("AT32", "M", 2020, "2")]
    write(tmp_path, "d.csv", sexes(rows))
    message = M.DATA_FILTER_NOTHING.format(filters="sex: F, geo: AT32")
    assert problems(tmp_path, "d.csv", filters={"sex": "F", "geo": "AT32"}) == [
        f"{tmp_path / 'd.csv'}: {message}"
    ]


def test_duplicate_rows_name_both_lines(tmp_path: Path) -> None:
    write(
        tmp_path, "d.csv", series([("AT31", 2020, "1"), ("AT32", 2020, "2"), ("AT31", 2020, "1")])
    )
    message = M.DATA_DUPLICATE_ROW.format(region="AT31", year=2020, first=2)
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:4: {message}"]


def test_a_non_annual_period_suggests_the_freq_filter(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + "A,PC,AT31,2020,1\nQ,PC,AT31,2020-Q1,1\n")
    hint = M.DATA_NOT_YEAR.format(value="2020-Q1", hint=M.DATA_NOT_YEAR_FREQ)
    assert problems(tmp_path, "d.csv")[0] == f"{tmp_path / 'd.csv'}:3 time: {hint}"
    assert read(tmp_path, "d.csv", filters={"freq": "A"}).values["AT31"].value == 1.0


# --- layouts and CSV dialects -----------------------------------------------------------


def test_bom_crlf_quotes_and_semicolons_with_decimal_commas(tmp_path: Path) -> None:
    text = '\ufeff"freq";"unit";"geo";"time";"obs_value"\r\n'
    text += '"A";"PC";"AT31";"2020";"2,5"\r\n"A";"PC";"AT32";"2020";"3 e"\r\n'
    write(tmp_path, "d.csv", text)
    values = read(tmp_path, "d.csv").values
    assert values["AT31"].value == 2.5
    assert values["AT32"] == RegionValue(3.0, "2020", ("e",), (2020,))


def test_a_decimal_comma_in_a_comma_separated_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + 'A,PC,AT31,2020,"2,5"\n')
    assert "'2,5' is not a number" in problems(tmp_path, "d.csv")[0]


def test_a_truncated_last_line_says_the_file_is_cut_off(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", series([("AT31", 2020, "1")]) + "A,PC,AT3")
    message = M.DATA_ROW_LENGTH.format(found=3, expected=5, advice=M.DATA_ROW_CUT)
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:3: {message}"]


def test_a_short_row_in_the_middle_points_at_the_delimiters(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + "A,PC,AT31 2020,1\nA,PC,AT32,2020,1\n")
    advice = M.DATA_ROW_FIX.format(delimiter=",")
    message = M.DATA_ROW_LENGTH.format(found=4, expected=5, advice=advice)
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:2: {message}"]


def test_a_quote_not_followed_by_the_delimiter_is_said_in_words(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + 'A,PC,AT31,2020,"1"5\n')
    problem = M.CSV_NOT_AFTER_QUOTE.format(delimiter="','")
    message = M.DATA_CSV_SYNTAX.format(problem=problem)
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:2: {message}"]


def test_a_file_ending_inside_quotes(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", SHORT_HEADER + 'A,PC,AT31,2020,"1\n')
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:2: {M.DATA_CSV_END_IN_QUOTES}"]


def test_a_file_ending_inside_quotes_is_named_at_the_line_the_quote_opens(tmp_path: Path) -> None:
    # The last row begins on line 3 and its name holds a line break; the observation's
    # quote, cut off, opens on line 4: the line an editor shows it on, as for an import.
    row = sdmx_row("AT32", 2020, "2.5").replace("Name,", '"Tirol,\nAustria",')
    text = SDMX_HEADER + sdmx_row("AT31", 2020, "1.5") + row[: row.index(",2.5,") + 1] + '"2.'
    write(tmp_path, "d.csv", text)
    assert text.splitlines()[3].startswith('Austria",2020,,"2.')
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:4: {M.DATA_CSV_END_IN_QUOTES}"]


def test_the_header_must_have_the_eurostat_columns(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", "freq,unit,region,time,obs_value\nA,PC,AT31,2020,1\n")
    message = M.DATA_EUROSTAT_COLUMNS.format(
        missing="column geo", found="freq, unit, region, time, obs_value"
    )
    assert problems(tmp_path, "d.csv", format="eurostat") == [f"{tmp_path / 'd.csv'}:1: {message}"]
    message = M.DATA_LAYOUT_UNKNOWN.format(found="freq, unit, region, time, obs_value")
    assert problems(tmp_path, "d.csv") == [f"{tmp_path / 'd.csv'}:1: {message}"]


def test_sdmx_with_a_label_column_missing(tmp_path: Path) -> None:
    header = SDMX_HEADER.replace("Sex,", "")
    write(tmp_path, "d.csv", header)
    found = problems(tmp_path, "d.csv")
    assert "expected SDMX-CSV with labels" in found[0]


def test_sdmx_without_labels_and_sdmx_csv_1(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        "STRUCTURE,STRUCTURE_ID,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "dataflow,ESTAT:X(1.0),A,PC,AT31,2020,1.5,e\n",
    )
    write(
        tmp_path,
        "b.csv",
        "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "ESTAT:X(1.0),01/02/24 23:00:00,A,PC,AT31,2020,1.5,e\n",
    )
    for name in ("a.csv", "b.csv"):
        table = read(tmp_path, name)
        assert table.layout == "sdmx"
        assert table.values["AT31"] == RegionValue(1.5, "2020", ("e",), (2020,))


def test_eurostat_tsv_is_recognised_and_refused(tmp_path: Path) -> None:
    write(tmp_path, "d.tsv", "freq,unit,geo\\TIME_PERIOD\t2020 \t2021 \nA,PC,AT31\t1.5 \t: \n")
    assert problems(tmp_path, "d.tsv") == [f"{tmp_path / 'd.tsv'}:1: {M.DATA_TSV}"]


def test_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes((SHORT_HEADER + "A,PC,AT31,2020,1\n").encode() + b"A,PC,K\xf6ln,2020,1\n")
    assert problems(tmp_path, "d.csv") == [f"{path}:3:7: {M.NOT_UTF8.format(byte=0xF6)}"]


def test_missing_empty_and_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems(tmp_path, "none.csv") == [f"{tmp_path / 'none.csv'}: {M.FILE_NOT_FOUND}"]
    (tmp_path / "folder").mkdir()
    assert problems(tmp_path, "folder") == [f"{tmp_path / 'folder'}: {M.IS_A_DIRECTORY}"]
    write(tmp_path, "empty.csv", "")
    assert problems(tmp_path, "empty.csv") == [f"{tmp_path / 'empty.csv'}: {M.DATA_EMPTY}"]
    write(tmp_path, "header.csv", SHORT_HEADER + "\n")
    assert problems(tmp_path, "header.csv") == [f"{tmp_path / 'header.csv'}: {M.DATA_NO_ROWS}"]
    write(tmp_path, "big.csv", series([("AT31", y, "1") for y in range(1950, 2020)]))
    monkeypatch.setattr(eurostat_csv, "MAX_BYTES", 1000)
    found = problems(tmp_path, "big.csv")
    assert "larger than the limit of 0.0 MiB" in found[0]


def test_relative_paths_are_resolved_against_the_model_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = write(tmp_path / "data", "d.csv", series([("AT31", 2020, "1")]))
    assert read_source(DataSource(file="data/d.csv"), tmp_path).file == str(path)
    assert read_source(DataSource(file=str(path)), Path("/elsewhere")).values["AT31"].value == 1.0


def test_reading_stops_after_twenty_problems(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", series([(f"AT{i:02d}", 2020, "x") for i in range(30)]))
    found = problems(tmp_path, "d.csv")
    assert len(found) == 21
    assert found[-1].endswith(M.DATA_TOO_MANY_PROBLEMS.format(count=20))


# --- wide CSV -----------------------------------------------------------------------------


def test_wide_csv_with_a_region_column_of_its_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        "w.csv",
        ",nuts,name,gdp,rd\n0,AT31,Oberösterreich,124,3.5 e\n1,AT32,Salzburg,:,1.6\n"
        '2,EU27_2020,"EU, 27 countries",100,2.2\n',
    )
    table = read(tmp_path, "w.csv", region_column="nuts", value="rd")
    assert table.layout == "wide"
    assert table.values["AT31"] == RegionValue(3.5, None, ("e",), ())
    assert table.years == set()
    gdp = read(tmp_path, "w.csv", region_column="nuts", value="gdp").values
    assert gdp["AT32"] == RegionValue(None, None, (), ())
    assert gdp["EU27_2020"].value == 100.0


def test_wide_csv_with_years_follows_the_year_rule(tmp_path: Path) -> None:
    write(tmp_path, "w.csv", "geo,year,gdp\nAT31,2020,1\nAT31,2021,3\nAT32,2021,5\n")
    latest = read(tmp_path, "w.csv", value="gdp", year_column="year").values
    assert latest["AT31"] == RegionValue(3.0, "2021", (), (2021,))
    mean = read(tmp_path, "w.csv", value="gdp", year_column="year", year={"mean": [2020, 2021]})
    assert mean.values["AT31"] == RegionValue(
        2.0, "2020-2021", (), (2020, 2021), (("2020", 1.0), ("2021", 3.0))
    )
    message = M.DATA_NO_YEAR_COLUMN.format(rule="year: 2021")
    assert problems(tmp_path, "w.csv", value="gdp", year=2021) == [
        f"{tmp_path / 'w.csv'}:1: {message}"
    ]
    message = M.DATA_NO_YEAR_COLUMN.format(rule="max_age")
    assert problems(tmp_path, "w.csv", value="gdp", max_age=2) == [
        f"{tmp_path / 'w.csv'}:1: {message}"
    ]


def test_wide_csv_problems(tmp_path: Path) -> None:
    write(tmp_path, "w.csv", "geo,sex,gdp\nAT31,T,1\nAT31,M,2\n")
    differences = M.DATA_ROWS_DIFFER.format(differences="sex (T, M)")
    message = M.DATA_DUPLICATE_REGION.format(
        region="AT31", first=2, differences=differences, unit="region"
    )
    assert problems(tmp_path, "w.csv", value="gdp") == [f"{tmp_path / 'w.csv'}:3: {message}"]
    assert read(tmp_path, "w.csv", value="gdp", filters={"sex": "T"}).values["AT31"].value == 1
    found = problems(tmp_path, "w.csv", value="GDP")
    assert "column 'GDP' holding the statistic" in found[0]
    assert "(did you mean 'gdp'?)" in found[0]


# --- property tests -----------------------------------------------------------------------

codes = st.from_regex(r"[A-Z]{2}[A-Z0-9]{0,3}", fullmatch=True) | st.just("EU27_2020")
numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
observations = st.tuples(st.none() | numbers, st.sampled_from(["", "b", "e", "p", "u", "c", "bu"]))
tables = st.dictionaries(
    codes,
    st.dictionaries(st.integers(2000, 2012), observations, min_size=1, max_size=6),
    min_size=1,
    max_size=8,
)
rules = st.one_of(
    st.just("latest"),
    st.integers(2000, 2012),
    st.tuples(st.integers(2000, 2012), st.integers(0, 5)).map(
        lambda t: {"mean": [t[0], t[0] + t[1]]}
    ),
)
Table = dict[str, dict[int, tuple[float | None, str]]]


def render(table: Table, layout: str) -> str:
    lines: list[str] = []
    for geo, years in table.items():
        for year, (value, flag) in years.items():
            shown = "" if value is None else repr(value)
            if layout == "short":
                cell = (shown or ":") + (f" {flag}" if flag else "")
                lines.append(f"A,PC,{geo},{year},{cell}\n")
            elif layout == "sdmx-labels":
                lines.append(sdmx_row(geo, year, shown, flag))
            else:
                cell = (shown or ":") + (f" {flag}" if flag else "")
                lines.append(f"{geo},x,{year},{cell}\n")
    header = {"short": SHORT_HEADER, "sdmx-labels": SDMX_HEADER, "wide": "nuts,other,year,v\n"}
    return header[layout] + "".join(lines)


def expected_values(table: Table, rule: Any) -> dict[str, RegionValue]:
    """The year rules, computed plainly."""
    out: dict[str, RegionValue] = {}
    for geo, years in table.items():
        if rule == "latest":
            present = [y for y, (v, _) in years.items() if v is not None]
            year = max(present) if present else max(years)
            value, flag = years[year]
            out[geo] = RegionValue(
                value, str(year), (flag,) if flag else (), (year,) if value is not None else ()
            )
            continue
        first, last = (rule, rule) if isinstance(rule, int) else rule["mean"]
        inside = sorted(y for y in years if first <= y <= last)
        if not inside:
            continue
        used = [y for y in inside if years[y][0] is not None]
        chosen = used or inside
        flags: list[str] = []
        for y in chosen:
            if years[y][1] and years[y][1] not in flags:
                flags.append(years[y][1])
        if used:
            mean = sum(years[y][0] or 0.0 for y in used) / len(used)
            label = str(used[0]) if len(used) == 1 else f"{used[0]}-{used[-1]}"
            out[geo] = RegionValue(mean, label, tuple(flags), tuple(used))
        else:
            label = str(first) if first == last else f"{first}-{last}"
            out[geo] = RegionValue(None, label, tuple(flags), ())
    return out


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tables, layout=st.sampled_from(["short", "sdmx-labels", "wide"]), rule=rules)
def test_random_tables_round_trip_in_every_layout(
    tmp_path: Path, table: Table, layout: str, rule: Any
) -> None:
    write(tmp_path, "t.csv", render(table, layout))
    options: dict[str, Any] = {"year": rule}
    if layout == "wide":
        options.update(value="v", region_column="nuts", year_column="year")
    all_years = {y for years in table.values() for y in years}
    first, last = (
        (rule, rule) if isinstance(rule, int) else rule["mean"] if rule != "latest" else (0, 9999)
    )
    if not any(first <= y <= last for y in all_years):
        assert problems(tmp_path, "t.csv", **options)
        return
    result = read(tmp_path, "t.csv", **options)
    expected = expected_values(table, rule)
    assert set(result.values) == set(expected)
    for geo, want in expected.items():
        got = result.values[geo]
        assert (got.year, got.flags, got.years_used) == (want.year, want.flags, want.years_used)
        if want.value is None:
            assert got.value is None
        else:
            assert got.value is not None
            assert math.isclose(got.value, want.value, rel_tol=1e-12, abs_tol=1e-6)
    assert result.regions == set(table)
    assert result.years == all_years


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for kind, position, chunk in edits:
        if not data:
            break
        at = position % len(data)
        if kind == 0:  # insert
            data = data[:at] + chunk + data[at:]
        elif kind == 1:  # delete
            data = data[:at] + data[at + len(chunk) + 1 :]
        elif kind == 2:  # overwrite
            data = data[:at] + chunk + data[at + len(chunk) :]
        elif kind == 3:  # cut off
            data = data[:at]
        else:  # repeat a stretch, as a duplicated line
            end = data.find(b"\n", at)
            data = data[: end + 1] + data[at : end + 1] + data[end + 1 :]
    return data


interesting = st.sampled_from(
    [b",", b";", b'"', b"\n", b"\r\n", b":", b" e", b"\xff", b"\x00", b"\t", b"\\", b"x", b"2019"]
)
edits = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 40_000), interesting | st.binary(max_size=6)),
    min_size=1,
    max_size=4,
)


@needs_eurostat
@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from([GDP, GERD, TERTIARY]),
    changes=edits,
    options=st.sampled_from(
        [
            {},
            {"year": 2019},
            {"year": {"mean": [2015, 2020]}},
            {"filters": {"sex": "T"}},
            {"max_age": 2},
        ]
    ),
)
def test_mutated_real_files_raise_nothing_but_s3error(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    changes: list[tuple[int, int, bytes]],
    options: dict[str, Any],
) -> None:
    folder = tmp_path_factory.getbasetemp() / "mutations"
    folder.mkdir(exist_ok=True)
    (folder / "m.csv").write_bytes(_mutate((EUROSTAT / name).read_bytes(), changes))
    try:
        table = read(folder, "m.csv", **options)
    except S3Error as error:
        assert error.findings
        assert all(f.message for f in error.findings)
    else:
        assert all(rv.value is None or math.isfinite(rv.value) for rv in table.values.values())
