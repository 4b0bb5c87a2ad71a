"""The checks the stories share: where a function is not finite, named in one line."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from storyboard.checks import finite_on
from storyboard.options import StoryError

x, y = sympy.symbols("x y", real=True)


def test_finite_on_returns_the_values_on_the_grid():
    values = finite_on(x - y**2, ("x", "y"), [(0, 2), (-1, 1)])
    xs, ys = np.meshgrid(np.linspace(0, 2, 201), np.linspace(-1, 1, 201), indexing="ij")
    np.testing.assert_allclose(values, xs - ys**2, atol=1e-12)


@pytest.mark.parametrize(
    ("function", "variables", "ranges", "where"),
    [
        # log is not real left of 0: the first sample, x = -1, says so.
        (sympy.log(x), "x", [(-1.0, 1.0)], "is not a real number at x = -1;"),
        # 1/x on the plane: infinite on the line x = 0, first met at its lowest y.
        (
            1 / x,
            ("x", "y"),
            [(-1.0, 1.0), (-1.0, 1.0)],
            "is infinite or too large to draw at x = 0, y = -1;",
        ),
    ],
)
def test_finite_on_names_the_first_bad_point(function, variables, ranges, where):
    with pytest.raises(StoryError, match="f = ") as error:
        finite_on(function, variables, ranges, "functions")
    assert where in str(error.value)
