"""Chapter 6, coding: what ``CodingGradientDescent`` shows, read from an example file.

The scene shows a short Python file as it is (by default the project's
``examples/gradient_descent.py``) and the log that file prints. The file is never
run here: it is read from its syntax tree, and what the scene shows is proved to be
what the file would do. Its functions go through the safe formula parser and sympy
proves that ``df`` is the derivative of ``f``, that the loop's update is
``x = x - alpha * df(x)``, how many passes the loop makes, and what its ``print``
call prints for the values mathviz computes; the tests also run the lecture's own
example and compare.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import sympy

from mathviz.calculus import Function
from mathviz.descent import DescentPath, gradient_descent
from mathviz.expressions import ExpressionError, as_text, parse_expression, symbols
from mathviz.extrema import CriticalPoint
from storyboard.checks import flat_tangents
from storyboard.options import MAX_FILE_BYTES, ExampleFile, Line, StoryError

__all__ = [
    "CodingStory",
    "Example",
    "ExampleError",
    "Printed",
    "coding_gradient_descent",
    "read_example",
]

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gradient_descent.py"
"""The lecture's example, shown on screen and run by the tests."""
MAX_STEPS = 10
"""The most passes of the loop the scene shows (one log line each)."""
MAX_LINES = 30
"""The longest example the code panel shows."""
MAX_PRINTED = 60
"""The longest line the example may print (the log panel's width)."""
SHAPE = (
    "expected the shape of examples/gradient_descent.py (def f, def df, "
    "x, alpha = ..., one for loop)"
)
MATH_NAMES = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "exp",
        "log",
        "sqrt",
        "pi",
    ]
)
"""What ``from math import ...`` may bring: names the safe parser reads alike."""
_SPEC = re.compile(
    r"[<>=^]?[+\- ]?#?0?(?P<width>\d{1,2})?[,_]?(?:\.(?P<digits>\d{1,2}))?(?P<kind>[deEfFgG%])?"
)
"""A format spec the log may use (fill characters aside): width and digits < 100."""


class ExampleError(ValueError):
    """The example file is not a gradient descent the scene can show; names the line."""


@dataclass(frozen=True)
class Printed:
    """What the loop's ``print`` call prints, read from its syntax tree.

    Attributes
    ----------
    parts
        Each argument: literal text, or a pair (what, format spec) where what is
        ``"step"`` (the loop's counter), ``"x"``, ``"alpha"``, ``"f"`` (f(x)) or
        ``"df"`` (df(x)); several parts of an f-string are one argument.
    sep
        The text between arguments.
    """

    parts: tuple[tuple[str | tuple[str, str], ...], ...]
    sep: str

    def line(self, values: Mapping[str, float | int]) -> str:
        """The line printed when the names have ``values``, as Python prints it."""
        return self.sep.join(
            "".join(
                piece if isinstance(piece, str) else format(values[piece[0]], piece[1])
                for piece in argument
            )
            for argument in self.parts
        )


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
    first_step
        The loop counter's first value.
    steps
        How many times its loop runs.
    printed
        What its ``print`` call prints.
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
    first_step: int
    steps: int
    printed: Printed
    setup_line: int
    loop_line: int
    update_line: int
    print_line: int
    function_lines: tuple[int, ...]


def read_example(path: Path = EXAMPLE) -> Example:
    """Read a gradient-descent example and prove that it does what the scene shows.

    The file has the shape of ``examples/gradient_descent.py``: optional
    ``from math import ...`` lines, ``def f`` and ``def df`` each returning one
    formula, ``x, alpha = <start>, <rate>`` and a loop ``for step in range(1, n):``
    (or ``range(n)``) whose body is the update ``x = x - alpha * df(x)`` (or an
    equivalent) and then one ``print``. Checked, never run: ``df`` is f' (sympy),
    the update is a gradient-descent step, the loop makes 1 to :data:`MAX_STEPS`
    passes, and the ``print`` call prints values the scene can show exactly (its
    arguments are the counter, ``x``, ``alpha``, ``f(x)``, ``df(x)`` and texts;
    computed numbers with a fixed number of digits, e.g. ``f"{x:.4f}"``).

    Raises
    ------
    ExampleError
        One line naming the file and the line at fault, if the file is larger than
        :data:`~storyboard.options.MAX_FILE_BYTES`, longer than :data:`MAX_LINES`
        lines, not Python, or not such an example.
    """
    source = _read_small(path)
    if len(source.splitlines()) > MAX_LINES:
        raise ExampleError(f"{path.name}: longer than {MAX_LINES} lines; {SHAPE}")
    try:
        tree = ast.parse(source, filename=path.name)
    except SyntaxError as error:
        raise ExampleError(
            f"{path.name} line {error.lineno}: not Python ({error.msg}); {SHAPE}"
        ) from None
    return _ExampleReader(path.name).read(source, tree)


def _read_small(path: Path) -> str:
    """The text of a file of at most :data:`MAX_FILE_BYTES` (read no further)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExampleError(f"{path.name}: cannot read it ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ExampleError(
            f"{path.name}: larger than {MAX_FILE_BYTES // 1024} kB; {SHAPE}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExampleError(f"{path.name}: not UTF-8 text; {SHAPE}") from None


class _ExampleReader:
    """Reads an example's syntax tree, proving each part; errors name the line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.imported: set[str] = set()
        (self.x,) = symbols("x")

    def fail(self, node: ast.AST | int, problem: str) -> ExampleError:
        line = node if isinstance(node, int) else getattr(node, "lineno", 1)
        return ExampleError(f"{self.name} line {line}: {problem}")

    def read(self, source: str, tree: ast.Module) -> Example:
        body = list(tree.body)
        if body and _is_docstring(body[0]):
            body.pop(0)
        while body and isinstance(body[0], ast.ImportFrom):
            self.imports(body[0])
            body.pop(0)
        kinds = [ast.FunctionDef, ast.FunctionDef, ast.Assign, ast.For]
        for index, kind in enumerate(kinds):
            if index >= len(body):
                raise self.fail(len(source.splitlines()), f"ends too early; {SHAPE}")
            if not isinstance(body[index], kind):
                raise self.fail(
                    body[index], f"unexpected {_describe(body[index])}; {SHAPE}"
                )
        if len(body) > len(kinds):
            raise self.fail(
                body[len(kinds)], f"unexpected {_describe(body[4])}; {SHAPE}"
            )
        f_node, df_node, setup, loop = body
        assert isinstance(f_node, ast.FunctionDef)
        assert isinstance(df_node, ast.FunctionDef)
        assert isinstance(setup, ast.Assign) and isinstance(loop, ast.For)
        function = self.function(f_node, "f")
        slope = self.function(df_node, "df")
        derivative = sympy.diff(function, self.x)
        if not _same(slope, derivative):
            raise self.fail(
                df_node.body[-1],
                f"df(x) returns {as_text(slope)}, but f'(x) = {as_text(derivative)}; "
                f"write return {_python(derivative)}",
            )
        start, rate = self.setup(setup)
        first, steps, counter = self.loop(loop)
        update, output = loop.body
        self.update(update)
        printed = self.printed(output, counter)
        return Example(
            source=source,
            function=function,
            start=start,
            rate=rate,
            first_step=first,
            steps=steps,
            printed=printed,
            setup_line=setup.lineno,
            loop_line=loop.lineno,
            update_line=update.lineno,
            print_line=output.lineno,
            function_lines=(*_lines(f_node), *_lines(df_node)),
        )

    def imports(self, node: ast.ImportFrom) -> None:
        names = {alias.name for alias in node.names}
        if (
            node.module != "math"
            or node.level
            or any(a.asname for a in node.names)
            or not names <= MATH_NAMES
        ):
            raise self.fail(
                node,
                f"only from math import {', '.join(sorted(MATH_NAMES))} may be "
                "imported",
            )
        self.imported |= names

    def function(self, node: ast.FunctionDef, name: str) -> sympy.Expr:
        """The formula ``def <name>(x): return <formula>`` returns, in x."""
        body = node.body[1:] if _is_docstring(node.body[0]) else node.body
        arguments = node.args
        if (
            node.name != name
            or node.decorator_list
            or len(arguments.args) != 1
            or arguments.posonlyargs
            or arguments.kwonlyargs
            or arguments.vararg
            or arguments.kwarg
            or arguments.defaults
            or len(body) != 1
            or not isinstance(body[0], ast.Return)
            or body[0].value is None
        ):
            raise self.fail(node, f"expected def {name}(x): return <formula in x>")
        variable = arguments.args[0].arg
        returned = body[0].value
        for used in ast.walk(returned):
            if (
                isinstance(used, ast.Name)
                and used.id != variable
                and used.id not in self.imported | {"abs"}
            ):
                raise self.fail(
                    used,
                    f"{name} uses {used.id!r}, which the file does not define; "
                    f"import it (from math import {used.id}) or use {variable}",
                )
        try:
            formula = parse_expression(ast.unparse(returned), (variable,))
        except ExpressionError as error:
            raise self.fail(returned, f"{name} returns {error}") from None
        return formula.xreplace({symbols(variable)[0]: self.x})

    def setup(self, node: ast.Assign) -> tuple[float, float]:
        """The start and the learning rate of ``x, alpha = <start>, <rate>``."""
        problem = "expected x, alpha = <start>, <rate> (two numbers)"
        target = node.targets[0] if len(node.targets) == 1 else None
        if not (
            isinstance(target, ast.Tuple)
            and [getattr(t, "id", None) for t in target.elts] == ["x", "alpha"]
        ):
            raise self.fail(node, problem)
        try:
            values = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise self.fail(node, problem) from None
        if not (
            isinstance(values, tuple)
            and len(values) == 2
            and all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in values
            )
            and all(np.isfinite(float(v)) for v in values)
        ):
            raise self.fail(node, problem)
        start, rate = (float(v) for v in values)
        return start, rate

    def loop(self, node: ast.For) -> tuple[int, int, str]:
        """The counter's first value, the number of passes and the counter's name."""
        call = node.iter
        problem = "expected for step in range(1, n) with whole numbers"
        if not (
            isinstance(node.target, ast.Name)
            and not node.orelse
            and isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "range"
            and 1 <= len(call.args) <= 2
            and not call.keywords
        ):
            raise self.fail(node, problem)
        try:
            bounds = [ast.literal_eval(argument) for argument in call.args]
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise self.fail(node, problem) from None
        if not all(type(bound) is int for bound in bounds):
            raise self.fail(node, problem)
        first, stop = bounds if len(bounds) == 2 else [0, *bounds]
        steps = max(stop - first, 0)
        if not 1 <= steps <= MAX_STEPS:
            raise self.fail(
                node,
                f"the loop runs {steps:,} times; the scene shows 1 to {MAX_STEPS} "
                "passes",
            )
        if len(node.body) != 2:
            raise self.fail(
                node, "the loop's body must be the update of x, then a print"
            )
        return first, steps, node.target.id

    def update(self, node: ast.stmt) -> None:
        """Check that the statement is a gradient-descent step of x."""
        fix = "write x = x - alpha * df(x)"
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            offset = None
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add | ast.Sub):
            target, value = node.target, node.value
            offset = node.op
        else:
            raise self.fail(node, f"the loop must first update x; {fix}")
        if not (isinstance(target, ast.Name) and target.id == "x"):
            raise self.fail(node, f"the loop must first update x; {fix}")
        slope = sympy.Symbol("slope")
        try:
            step = parse_expression(
                ast.unparse(_DfCalls().visit(copy.deepcopy(value))),
                ("x", "alpha", "slope"),
            ).xreplace(dict(zip(symbols(("slope",)), [slope], strict=True)))
        except ExpressionError:
            raise self.fail(
                node, f"the update {ast.unparse(node)!r} is not a step of x; {fix}"
            ) from None
        x, alpha = sympy.Symbol("x", real=True), sympy.Symbol("alpha", real=True)
        new = (
            step
            if offset is None
            else x + (step if isinstance(offset, ast.Add) else -step)
        )
        if sympy.expand(new - (x - alpha * slope)) != 0:
            raise self.fail(
                node,
                f"the update {ast.unparse(node)!r} is not gradient descent; {fix}",
            )

    def printed(self, node: ast.stmt, counter: str) -> Printed:
        """What the ``print`` call prints, each argument checked."""
        if not (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "print"
        ):
            raise self.fail(node, "the loop must print after the update")
        call = node.value
        sep = " "
        for keyword in call.keywords:
            if keyword.arg != "sep" or not (
                isinstance(keyword.value, ast.Constant)
                and isinstance(keyword.value.value, str)
            ):
                raise self.fail(
                    node,
                    'print may take sep="..." but no other keyword; the log shows '
                    "one line per pass",
                )
            sep = keyword.value.value
        parts = tuple(self.argument(argument, counter) for argument in call.args)
        printed = Printed(parts, sep)
        sample = printed.line(
            {"step": 10, "x": -1e3, "alpha": 1.0, "f": -1e3, "df": -1e3}
        )
        if len(sample) > MAX_PRINTED or "\n" in sample:
            raise self.fail(
                node,
                f"print writes lines of up to {len(sample)} characters or several "
                f"lines; the log shows one line of at most {MAX_PRINTED} per pass",
            )
        return printed

    def argument(
        self, node: ast.expr, counter: str
    ) -> tuple[str | tuple[str, str], ...]:
        """One argument of ``print``: texts and (what, format spec) pieces."""
        if isinstance(node, ast.JoinedStr):
            pieces: list[str | tuple[str, str]] = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    pieces.append(str(value.value))
                else:
                    assert isinstance(value, ast.FormattedValue)
                    pieces.append(self.value(value, counter))
            return tuple(pieces)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str | int | float)
            and not isinstance(node.value, bool)
        ):
            return (str(node.value),)
        return (self.value(node, counter),)

    def value(self, node: ast.expr, counter: str) -> tuple[str, str]:
        """A printed value: what it is and its format spec (checked)."""
        spec = ""
        if isinstance(node, ast.FormattedValue):
            if node.conversion != -1:
                raise self.fail(node, "print values without !r, !s or !a")
            if isinstance(node.format_spec, ast.JoinedStr):
                spec_parts = node.format_spec.values
                if not (
                    len(spec_parts) == 1
                    and isinstance(spec_parts[0], ast.Constant)
                    and isinstance(spec_parts[0].value, str)
                ):
                    raise self.fail(node, "a format spec must be plain text, e.g. .4f")
                spec = spec_parts[0].value
            node = node.value
        what = _printable(node, counter)
        if what is None:
            raise self.fail(
                node,
                f"print shows {ast.unparse(node)!r}; the log can show {counter}, x, "
                "alpha, f(x), df(x) and texts",
            )
        found = _SPEC.fullmatch(spec)
        if found is None:
            raise self.fail(node, f"format spec {spec!r} is not one the log can show")
        computed = what in ("x", "f", "df")
        if computed and not (found["digits"] and found["kind"] in tuple("eEfFgG%")):
            raise self.fail(
                node,
                f"print {ast.unparse(node)} with a fixed number of digits, e.g. "
                f'f"{{{ast.unparse(node)}:.4f}}", so that the log shows exactly '
                "what the file prints",
            )
        try:
            format(1 if what == "step" else 1.0, spec)
        except ValueError:
            raise self.fail(node, f"format spec {spec!r} does not fit {what}") from None
        return what, spec


class _DfCalls(ast.NodeTransformer):
    """``df(x)`` becomes the name ``slope``, which the formula parser reads."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "df"
            and [ast.unparse(a) for a in node.args] == ["x"]
            and not node.keywords
        ):
            return ast.copy_location(ast.Name("slope", ast.Load()), node)
        return self.generic_visit(node)


def _printable(node: ast.expr, counter: str) -> str | None:
    """What a print argument is: the counter, x, alpha, f(x) or df(x); else ``None``."""
    if isinstance(node, ast.Name):
        return {counter: "step", "x": "x", "alpha": "alpha"}.get(node.id)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("f", "df")
        and [ast.unparse(a) for a in node.args] == ["x"]
        and not node.keywords
    ):
        return node.func.id
    return None


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Whether two formulas are equal: expanded, then simplified if need be."""
    difference = a - b
    return sympy.expand(difference) == 0 or sympy.simplify(difference) == 0


def _python(expression: sympy.Expr) -> str:
    """A formula as Python writes it (``**`` for powers), for a fix to paste."""
    return sympy.sstr(expression)


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and (isinstance(node.value.value, str))
    )


def _describe(node: ast.stmt) -> str:
    """A statement's kind, for messages: ``import``, ``def g``, ``while loop``."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return f"{'class' if isinstance(node, ast.ClassDef) else 'def'} {node.name}"
    return {
        ast.Import: "import",
        ast.ImportFrom: "import",
        ast.Assign: "assignment",
        ast.AugAssign: "assignment",
        ast.For: "for loop",
        ast.While: "while loop",
        ast.Expr: "expression",
    }.get(type(node), "statement")


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

    @cached_property
    def f(self) -> Function:
        """The example's ``f`` as a function value: call it on floats or arrays."""
        return Function(self.example.function)


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
    except ExampleError as error:
        raise StoryError("example", str(error)) from None
    try:
        path = gradient_descent(
            shown.function, "x", [shown.start], shown.rate, shown.steps, tolerance=0.0
        )
    except ValueError as error:
        raise StoryError("example", f"{example.name}: {error}") from None
    if path.steps != shown.steps or path.diverged:
        raise StoryError(
            "example",
            f"{example.name}: its descent "
            + ("diverges" if path.diverged else "stops at a flat point")
            + f" after {path.steps} of its {shown.steps} passes; choose a smaller "
            "alpha or another start",
        )
    xs = path.points[:, 0]
    span = max(float(np.ptp(xs)), 1e-3)
    minima = [
        point
        for point in flat_tangents(
            shown.function, (float(xs.min() - span), float(xs.max() + span)), "example"
        )
        if point.kind == "minimum"
    ]
    if len(minima) != 1:
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
            shown.printed.line(
                {
                    "step": shown.first_step + k - 1,
                    "x": float(xs[k]),
                    "alpha": shown.rate,
                    "f": float(path.values[k]),
                    "df": float(path.gradients[k, 0]),
                }
            )
            for k in range(1, shown.steps + 1)
        ),
        minimum=minimum,
        x_range=(centre - half, centre + half),
    )
