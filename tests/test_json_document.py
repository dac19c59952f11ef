"""`--format json` writes exactly what pydantic's model_dump_json(indent=2) writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from s3engine.cli import render_score
from s3engine.cli.render_score import json_document, json_pieces
from s3engine.scoring import ScoreRequest, score_files
from s3engine.scoring.explain import explain


class _Holder(BaseModel):
    value: Any


class _Regions(BaseModel):
    """A document with regions, as json_pieces writes a result: a lot at a time."""

    before: Any
    regions: list[_Holder]
    after: Any


class _Dated(BaseModel):
    when: datetime
    day: date
    at: dt_time


#: JSON values with what a result can hold and more: texts in every script, control
#: characters, quotes, backslashes, line separators; floats of every size (around the
#: exponents where writers part: 1e-05, 1e16), -0.0, infinities and NaN (written as null);
#: integers beyond 64 bits; empty and nested lists and objects.
_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.floats(min_value=1e14, max_value=1e22)
    | st.text()
    | st.text(alphabet='\x00\x1f\x7f\x80\u2028\u2029"\\/\ud7ff\ue000\U0010ffff e1'),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_json_document_is_model_dump_json_indented(value: Any) -> None:
    holder = _Holder(value=value)
    assert json_document(holder) == (holder.model_dump_json(indent=2) + "\n").encode("utf-8")
    assert b"".join(json_pieces(holder)) == json_document(holder)


@settings(max_examples=200, deadline=None)
@given(before=_values, regions=st.lists(_values, max_size=7), after=_values)
def test_the_regions_written_a_lot_at_a_time_are_model_dump_json_indented(
    before: Any, regions: list[Any], after: Any
) -> None:
    """Each lot of regions is written on its own (json_pieces), by orjson or, for a value
    it writes otherwise, by pydantic: the document is pydantic's either way."""
    document = _Regions(before=before, regions=[_Holder(value=v) for v in regions], after=after)
    expected = (document.model_dump_json(indent=2) + "\n").encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_score, "REGIONS_PER_PIECE", 3)
        assert b"".join(json_pieces(document)) == expected == json_document(document)


_zones = (
    st.none()
    | st.just(UTC)
    | st.integers(-1439, 1439).map(lambda minutes: timezone(timedelta(minutes=minutes)))
)


@settings(max_examples=200, deadline=None)
@given(when=st.datetimes(timezones=_zones), day=st.dates(), at=st.times(timezones=_zones))
def test_times_and_dates_are_written_as_pydantic_writes_them(
    when: datetime, day: date, at: dt_time
) -> None:
    """A result's time (`generated`) is written as pydantic writes it, in every zone."""
    dated = _Dated(when=when, day=day, at=at)
    assert json_document(dated) == (dated.model_dump_json(indent=2) + "\n").encode("utf-8")


def test_json_document_of_the_shipped_examples_scored() -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    request = ScoreRequest(
        responses=[str(root / "responses")], data=[str(root / "data" / "eurostat")], sensitivity=50
    )
    result = score_files(request).result
    assert json_document(result) == (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    explanation = explain(result, result.regions[0].code, "de")
    expected = (explanation.model_dump_json(indent=2) + "\n").encode("utf-8")
    assert json_document(explanation) == expected


def test_a_number_with_a_positive_exponent_is_written_as_pydantic_writes_it() -> None:
    """pydantic writes 1.5e+20 (msgspec would write 1.5e20): so does --format json."""
    root = Path(__file__).resolve().parent.parent / "examples"
    request = ScoreRequest(
        responses=[str(root / "responses")], data=[str(root / "data" / "eurostat")]
    )
    result = score_files(request).result
    region = result.regions[0]
    dimension = region.dimensions[0]
    indicator = dimension.indicators[0].model_copy(update={"raw": 1.5e20})
    dimension = dimension.model_copy(update={"indicators": [indicator, *dimension.indicators[1:]]})
    region = region.model_copy(update={"dimensions": [dimension, *region.dimensions[1:]]})
    huge = result.model_copy(update={"regions": [region, *result.regions[1:]]})
    expected = (huge.model_dump_json(indent=2) + "\n").encode("utf-8")
    assert b'"raw": 1.5e+20' in expected
    assert json_document(huge) == expected
    assert b"".join(json_pieces(huge)) == expected


def test_the_json_written_in_pieces_is_the_json_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """`score --format json --out` writes the regions a few at a time (json_pieces) while
    the file reaches the disk: the same bytes, with one region, several pieces or none."""
    root = Path(__file__).resolve().parent.parent / "examples"
    request = ScoreRequest(
        responses=[str(root / "responses")], data=[str(root / "data" / "eurostat")]
    )
    result = score_files(request).result
    monkeypatch.setattr(render_score, "REGIONS_PER_PIECE", 5)
    assert len(result.regions) > 10
    for regions in (result.regions, result.regions[:1], []):
        some = result.model_copy(update={"regions": regions})
        pieces = list(json_pieces(some))
        assert len(pieces) == (2 + (len(regions) + 4) // 5 if regions else 1)
        assert b"".join(pieces) == json_document(some)
