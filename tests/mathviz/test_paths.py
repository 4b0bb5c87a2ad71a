"""Windows around a point: centred, of the asked shape, holding the point with room."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathviz.paths import filled, view_around

coordinates = st.floats(-50, 50, allow_nan=False)


@given(coordinates, coordinates, coordinates, coordinates, st.floats(0.2, 5))
def test_view_around_is_centred_shaped_and_holds_the_point(
    cx: float, cy: float, px: float, py: float, aspect: float
) -> None:
    (x0, x1), (y0, y1) = view_around((cx, cy), (px, py), aspect)
    np.testing.assert_allclose([(x0 + x1) / 2, (y0 + y1) / 2], [cx, cy], atol=1e-9)
    np.testing.assert_allclose((x1 - x0) / (y1 - y0), aspect, rtol=1e-9)
    half = (x1 - x0) / 2
    assert half >= 0.5 - 1e-9 and abs(2 * half - round(2 * half)) < 1e-9
    room = 1.25 * abs(px - cx), 1.25 * abs(py - cy)
    assert room[0] <= half + 1e-9 and room[1] <= half / aspect + 1e-9
    # No larger than it needs: half a unit less would not hold the point.
    assert round(2 * half) == 1 or max(room[0], aspect * room[1]) > half - 0.5 - 1e-9


@given(
    st.floats(-50, 50),
    st.floats(0.1, 40),
    st.floats(-50, 50),
    st.floats(0.1, 40),
    st.floats(0.2, 5),
)
def test_filled_widens_one_side_to_the_aspect_and_cuts_nothing(x, w, y, h, aspect):
    (x0, x1), (y0, y1) = filled((x, x + w), (y, y + h), aspect)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(aspect, rel=1e-9)
    assert x0 <= x + 1e-9 and x1 >= x + w - 1e-9
    assert y0 <= y + 1e-9 and y1 >= y + h - 1e-9
    # Only one side grows, about its middle.
    assert (x0, x1) == (x, x + w) or (y0, y1) == (y, y + h)
    np.testing.assert_allclose([x0 + x1, y0 + y1], [2 * x + w, 2 * y + h], atol=1e-9)
