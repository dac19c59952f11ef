"""`--format json` writes exactly what pydantic's model_dump_json(indent=2) writes."""

from __future__ import annotations

import re
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


#: JSON values with what a result can hold and more: texts in every script, control
#: characters, quotes, backslashes, line separators; floats of every size, -0.0, infinities
#: and NaN (written as null); integers beyond 64 bits; empty and nested lists and objects.
_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_json_document_is_model_dump_json_indented(value: Any) -> None:
    holder = _Holder(value=value)
    assert json_document(holder) == (holder.model_dump_json(indent=2) + "\n").encode("utf-8")
    assert b"".join(json_pieces(holder)) == json_document(holder)


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
    """msgspec writes 1e20 where pydantic writes 1e+20: such a document is pydantic's."""
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


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet='09e5 .+-"', max_size=40), block_size=st.integers(1, 9))
def test_a_number_with_an_exponent_is_found_wherever_it_is(text: str, block_size: int) -> None:
    """The text is looked through in blocks: a digit, e, a digit is found across their
    edges as well as inside them, at the start and at the end of the text."""
    data = text.encode()
    found = render_score._digit_e_digit(data, block_size)
    assert found is bool(re.search(rb"[0-9]e[0-9]", data))
