"""Chapter 6, coding: the numbers of ``CodingGradientDescent``, read from the example file.

The scene shows ``examples/gradient_descent.py`` as it is. Its function, start, learning
rate and step count are read from the file's syntax tree (never run here), and mathviz
computes the descent they define; the tests run the file and compare what it prints
with these numbers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sympy

from mathviz.calculus import numeric
from mathviz.descent import DescentPath, gradient_descent
from mathviz.expressions import as_expression
from mathviz.extrema import CriticalPoint, critical_points

__all__ = ["CodingStory", "Example", "coding_gradient_descent", "read_example"]

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gradient_descent.py"
"""The example shown on screen and run by the tests."""


@dataclass(frozen=True)
class Example:
    """What the example file defines, read from its syntax tree.

    Attributes
    ----------
    source
        The file's text.
    function
        ``f``, from the expression its ``def f`` returns.
    start, rate
        The values of ``x`` and ``alpha`` it starts from.
    steps
        How many times its loop runs.
    setup_line, loop_line, update_line, print_line
        1-based line numbers: the ``x, alpha = ...`` assignment, the ``for``, and
        the loop's two statements (the update, the print).
    function_lines
        1-based line numbers of the ``def f`` and ``def df`` blocks.
    """

    source: str
    function: sympy.Expr
    start: float
    rate: float
    steps: int
    setup_line: int
    loop_line: int
    update_line: int
    print_line: int
    function_lines: tuple[int, ...]


def read_example(path: Path = EXAMPLE) -> Example:
    """Read the function, start, learning rate and loop of a gradient-descent example.

    The file has the shape of ``examples/gradient_descent.py``: ``def f`` returning one
    expression in ``x``, ``def df``, ``x, alpha = <start>, <rate>`` and a loop
    ``for step in range(1, n):`` whose body updates ``x`` and prints.

    Raises
    ------
    ValueError
        If the file does not have that shape.
    """
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)
    }
    setups = [node for node in tree.body if isinstance(node, ast.Assign)]
    loops = [node for node in tree.body if isinstance(node, ast.For)]
    if not ({"f", "df"} <= functions.keys() and len(setups) == 1 and len(loops) == 1):
        raise ValueError(
            f"{path}: expected def f, def df, one assignment x, alpha = ... and one loop"
        )
    (returned,) = [
        node.value for node in ast.walk(functions["f"]) if isinstance(node, ast.Return)
    ]
    start, rate = ast.literal_eval(setups[0].value)
    loop = loops[0]
    first, stop = (ast.literal_eval(argument) for argument in loop.iter.args)
    update, output = loop.body
    return Example(
        source=source,
        function=as_expression(ast.unparse(returned)),
        start=float(start),
        rate=float(rate),
        steps=stop - first,
        setup_line=setups[0].lineno,
        loop_line=loop.lineno,
        update_line=update.lineno,
        print_line=output.lineno,
        function_lines=tuple(
            line
            for name in ("f", "df")
            for line in range(functions[name].lineno, functions[name].end_lineno + 1)
        ),
    )


@dataclass(frozen=True)
class CodingStory:
    """The example's descent, computed by mathviz.

    Attributes
    ----------
    example
        What the file defines.
    path
        The descent from the example's start: ``path.points[k]`` is x after step k.
    log
        The lines the example prints, one per step, formatted from ``path`` the way
        its ``print`` formats them.
    minimum
        The minimum of ``f`` the descent heads for (exact).
    x_range
        The stretch of the curve on show, centred on the minimum.
    """

    example: Example
    path: DescentPath
    log: tuple[str, ...]
    minimum: CriticalPoint
    x_range: tuple[float, float]

    def f(self, x):
        """Evaluate ``f`` (floats or arrays)."""
        return numeric(self.example.function)(x)


def coding_gradient_descent() -> CodingStory:
    """Return the numbers of ``CodingGradientDescent``: the example file's descent."""
    example = read_example()
    path = gradient_descent(
        example.function,
        "x",
        [example.start],
        example.rate,
        max_steps=example.steps,
        tolerance=0.0,
    )
    xs = path.points[:, 0]
    span = np.ptp(xs)
    (minimum,) = (
        point
        for point in critical_points(
            example.function, (xs.min() - span, xs.max() + span)
        )
        if point.kind == "minimum"
    )
    centre = float(minimum.x)
    half = 1.25 * float(np.abs(xs - centre).max())
    return CodingStory(
        example=example,
        path=path,
        log=tuple(
            f"{step} {x:.4f} {value:.4f}"
            for step, x, value in zip(
                range(1, example.steps + 1), xs[1:], path.values[1:], strict=True
            )
        ),
        minimum=minimum,
        x_range=(centre - half, centre + half),
    )
