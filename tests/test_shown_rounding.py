"""Scores are shown to six decimals: every array of them rounds exactly as round() does."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from s3engine.scoring.composite import DECIMALS
from s3engine.scoring.region_scores import _shown

#: Floats of every size, and the values a quick rounding gets wrong first: halves of the
#: last decimal kept (x.xxxxxx5) and their neighbours, NaN and the infinities.
_halves = st.integers(min_value=-(10**12), max_value=10**12).map(lambda k: (k + 0.5) / 10**6)
_values = (
    st.floats(allow_nan=True, allow_infinity=True)
    | _halves
    | _halves.map(lambda v: math.nextafter(v, math.inf))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_values, min_size=1, max_size=50))
def test_shown_rounds_as_round_does(values: list[float]) -> None:
    shown = _shown(np.array(values)).tolist()
    for value, got in zip(values, shown, strict=True):
        expected = round(value, DECIMALS) + 0.0
        if math.isnan(expected):
            assert math.isnan(got)
        else:  # the same float, and 0.0 for -0.0 (as the JSON shows it)
            assert (got, math.copysign(1.0, got)) == (expected, math.copysign(1.0, expected))
