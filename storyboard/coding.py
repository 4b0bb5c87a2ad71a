"""Chapter 6, coding: what ``CodingGradientDescent`` shows, read from an example file.

The scene shows a short Python file as it is (by default the project's
``examples/gradient_descent.py``). Its function, start, learning rate and step count
are read from the file's syntax tree (never run here; the function goes through the
safe formula parser), and mathviz computes the descent they define; the tests run
the file and compare what it prints with these numbers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sympy

from mathviz.calculus import numeric
from mathviz.descent import DescentPath, gradient_descent
from mathviz.expressions import as_expression
from mathviz.extrema import CriticalPoint, critical_points
from storyboard.options import ExampleFile, Line, StoryError

__all__ = ["CodingStory", "Example", "coding_gradient_descent", "read_example"]

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gradient_descent.py"
"""The lecture's example, shown on screen and run by the tests."""
MAX_STEPS = 10
"""The most passes of the loop the scene shows (one log line each)."""
MAX_LINES = 30
"""The longest example the code panel shows."""


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
    shape = (
        f"{path.name}: expected the shape of examples/gradient_descent.py: def f "
        "returning a formula in x, def df, one assignment x, alpha = <start>, <rate> "
        "and one loop for step in range(1, n) updating x and printing"
    )
    if len(source.splitlines()) > MAX_LINES:
        raise ValueError(f"{path.name}: longer than {MAX_LINES} lines; {shape}")
    tree = ast.parse(source, filename=path.name)
    functions = {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)
    }
    setups = [node for node in tree.body if isinstance(node, ast.Assign)]
    loops = [node for node in tree.body if isinstance(node, ast.For)]
    if not ({"f", "df"} <= functions.keys() and len(setups) == 1 and len(loops) == 1):
        raise ValueError(shape)
    try:
        (returned,) = [
            node.value
            for node in ast.walk(functions["f"])
            if isinstance(node, ast.Return) and node.value is not None
        ]
        start, rate = map(float, ast.literal_eval(setups[0].value))
        loop = loops[0]
        first, stop = (int(ast.literal_eval(a)) for a in loop.iter.args)  # type: ignore[attr-defined]
        update, output = loop.body
    except (ValueError, TypeError, AttributeError, SyntaxError):
        raise ValueError(shape) from None
    return Example(
        source=source,
        function=as_expression(ast.unparse(returned)),
        start=start,
        rate=rate,
        steps=stop - first,
        setup_line=setups[0].lineno,
        loop_line=loop.lineno,
        update_line=update.lineno,
        print_line=output.lineno,
        function_lines=tuple(
            line for name in ("f", "df") for line in _lines(functions[name])
        ),
    )


def _lines(node: ast.stmt) -> range:
    """The line numbers of a statement, first to last."""
    assert node.end_lineno is not None  # ast.parse sets it on every statement
    return range(node.lineno, node.end_lineno + 1)


@dataclass(frozen=True)
class CodingStory:
    """The example's descent, computed by mathviz.

    Attributes
    ----------
    title
        The scene's title.
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

    title: str
    example: Example
    path: DescentPath
    log: tuple[str, ...]
    minimum: CriticalPoint
    x_range: tuple[float, float]

    def f(self, x: npt.ArrayLike) -> float | np.ndarray:
        """Evaluate ``f`` (floats or arrays)."""
        return numeric(self.example.function)(x)


def coding_gradient_descent(
    *,
    title: Line = "Gradient descent in Python",
    example: ExampleFile = EXAMPLE,
) -> CodingStory:
    """Return what ``CodingGradientDescent`` shows: an example file and its descent.

    Parameters
    ----------
    title
        The scene's title.
    example
        A Python file shaped like examples/gradient_descent.py (def f, def df, x, alpha = ..., a loop of at most 10 passes), relative to the manifest's folder.

    Examples
    --------
    >>> story = coding_gradient_descent()
    >>> story.log[0], story.example.steps
    ('1 1.5000 3.2500', 6)
    """
    try:
        shown = read_example(example)
    except (OSError, SyntaxError, ValueError) as error:
        raise StoryError("example", f"{error}") from None
    if not 1 <= shown.steps <= MAX_STEPS:
        raise StoryError(
            "example",
            f"{example.name}: its loop runs {shown.steps} times; the scene shows 1 to "
            f"{MAX_STEPS} passes",
        )
    path = gradient_descent(
        shown.function,
        "x",
        [shown.start],
        shown.rate,
        max_steps=shown.steps,
        tolerance=0.0,
    )
    xs = path.points[:, 0]
    span = max(float(np.ptp(xs)), 1e-3)
    minima = [
        point
        for point in critical_points(shown.function, (xs.min() - span, xs.max() + span))
        if point.kind == "minimum"
    ]
    if len(minima) != 1 or path.diverged:
        raise StoryError(
            "example",
            f"{example.name}: its descent does not head for one minimum of f; choose "
            "a function with one minimum near the start and a smaller alpha",
        )
    (minimum,) = minima
    centre = float(minimum.x)
    half = 1.25 * float(np.abs(xs - centre).max())
    return CodingStory(
        title=title,
        example=shown,
        path=path,
        log=tuple(
            f"{step} {x:.4f} {value:.4f}"
            for step, x, value in zip(
                range(1, shown.steps + 1), xs[1:], path.values[1:], strict=True
            )
        ),
        minimum=minimum,
        x_range=(centre - half, centre + half),
    )
