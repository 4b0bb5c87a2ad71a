"""The safe formula parser: agreement with sympy, whitelist, limits, attacks."""

from __future__ import annotations

import ast
import keyword
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz import expressions
from mathviz.expressions import (
    CONSTANTS,
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    MAX_NODES,
    ExpressionError,
    as_expression,
    as_text,
    exact,
    parse_expression,
    symbols,
    variable_names,
)

X, Y = sympy.symbols("x y", real=True)
ORACLE_NAMES = {"x": X, "y": Y}

# Functions that are finite and real for every real argument, so every generated
# formula is valid.
TOTAL_FUNCTIONS = ["sin", "cos", "exp", "atan", "sinh", "cosh", "tanh", "abs"]


def _wrapped(text: str, wrap: bool) -> str:
    return f"({text})" if wrap else text


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(
            lambda a, op, b, wa, wb: f"{_wrapped(a, wa)}{op}{_wrapped(b, wb)}",
            children,
            st.sampled_from(["+", "-", "*", " + ", " - ", " * "]),
            children,
            st.booleans(),
            st.booleans(),
        ),
        st.builds(lambda a, d: f"({a})/{d}", children, st.integers(1, 9)),
        st.builds(
            # A power's base is wrapped when it is a power itself: x^2^3^3 would be
            # x^(2^27), past the parser's exponent limit, not a formula of this set.
            lambda a, op, n, wrap: (
                f"{_wrapped(a, wrap or '^' in a or '**' in a)}{op}{n}"
            ),
            children,
            st.sampled_from(["^", "**"]),
            st.integers(0, 3),
            st.booleans(),
        ),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(TOTAL_FUNCTIONS), children),
        children.map(lambda a: f"-{a}"),
    )


# Valid formula texts: operators with and without parentheses (so precedence matters),
# ``^`` and ``**``, unary minus, functions, constants.
def _huge(text: str) -> bool:
    """Whether a constant part of a formula is past MAX_MAGNITUDE, as sympy says.

    Parts are looked at innermost first, so that nothing past it is evaluated
    (exp(exp(exp(9))) has no floating-point value).
    """
    expr = sympy.sympify(text, locals=ORACLE_NAMES)
    return any(
        not part.free_symbols and abs(sympy.N(part, 5)) > MAX_MAGNITUDE
        for part in sympy.postorder_traversal(expr)
        if isinstance(part, sympy.Expr)
    )


formulas = (
    st.recursive(
        st.one_of(
            st.sampled_from(["x", "y"]),
            st.integers(0, 9).map(str),
            st.sampled_from(sorted(CONSTANTS)),
        ),
        _extend,
        max_leaves=8,
    )
    .filter(lambda text: text.count("^") + text.count("**") <= 4 and len(text) <= 300)
    .filter(lambda text: not _huge(text))
)

# Identifiers that are neither keywords nor whitelisted names.
identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: (
        not keyword.iskeyword(name) and name not in FUNCTIONS and name not in CONSTANTS
    )
)


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Turn a hang into a failure (a guard, not a speed measurement)."""

    def interrupt(*_: object) -> None:
        raise TimeoutError("the parser did not reject the input promptly")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


# --- what it accepts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^3 - 3*x", X**3 - 3 * X),
        ("x**3 - 3*x", X**3 - 3 * X),
        ("x^2 + 1", X**2 + 1),
        ("-x^2", -(X**2)),
        ("2^3^2", sympy.Integer(512)),
        ("x*y^2 + x^3", X * Y**2 + X**3),
        ("0.5*x", X / 2),
        ("1e-3", sympy.Rational(1, 1000)),
        ("sin(x)*exp(-x)", sympy.sin(X) * sympy.exp(-X)),
        ("sqrt(x^2 + y^2)", sympy.sqrt(X**2 + Y**2)),
        ("abs(x) + ln(y)", sympy.Abs(X) + sympy.log(Y)),
        ("E^x", sympy.exp(X)),
        ("2*pi*x", 2 * sympy.pi * X),
        ("+x / -y", -X / Y),
        ("  x  ", X),
    ],
)
def test_parses_to_the_sympy_expression(text: str, expected: sympy.Expr) -> None:
    assert parse_expression(text, ("x", "y")) == expected


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_whitelisted_function(name: str) -> None:
    assert parse_expression(f"{name}(x + 2)") == FUNCTIONS[name](X + 2)


def test_symbols_are_real_and_match_by_name() -> None:
    expr = parse_expression("x*y", ["x", "y"])
    assert expr.free_symbols == {X, Y}
    assert all(s.is_real for s in expr.free_symbols)


def test_as_expression_accepts_strings_and_sympy_in_plain_symbols() -> None:
    plain = sympy.Symbol("x")
    assert as_expression(plain**2 + sympy.Symbol("t")) == X**2 + sympy.Symbol("t")
    assert as_expression("x^2") == X**2
    assert sympy.diff(as_expression(sympy.Abs(plain)), X) == sympy.sign(X)


def test_as_expression_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="formula string or a sympy expression"):
        as_expression(lambda x: x)  # type: ignore[arg-type]


def test_variable_names_and_symbols() -> None:
    assert variable_names("x") == ("x",)
    assert variable_names(["a", "b"]) == ("a", "b")
    assert symbols(("x", "y")) == (X, Y)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (("x", "x"), "repeated"),
        (("2x",), "not a valid identifier"),
        (("sin",), "reserved"),
    ],
)
def test_bad_variable_names(variables: tuple[str, ...], message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse_expression("1", variables)


# --- what it rejects, with a message naming the offending part ---------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("2x", "cannot parse formula '2x'"),
        ("x +", "cannot parse"),
        ("x.real", "attribute access not allowed in 'x.real'"),
        ("x[0]", "indexing not allowed in 'x\\[0\\]'"),
        ("lambda: 1", "lambda not allowed"),
        ("'abc'", "str constant not allowed"),
        ("True + x", "bool constant not allowed in 'True'"),
        ("2j", "complex constant"),
        ("foo(x)", "unknown function 'foo'"),
        ("sin(x, 2)", "sin takes exactly one argument"),
        ("sin(x=1)", "sin takes exactly one argument"),
        ("sin", "function 'sin' used without an argument"),
        ("y + 1", "unknown name 'y'; allowed names: x, pi, E"),
        ("__import__('os').system('ls')", "only named functions may be called"),
        ("x < 1", "comparison not allowed"),
        ("x if x else 1", "conditional expression not allowed"),
        ("x % 2", "operator Mod not allowed in 'x % 2'"),
        ("x // 2", "operator FloorDiv not allowed"),
        ("(x, x)", "tuple not allowed"),
        ("[x for x in x]", "comprehension not allowed"),
        ("(y := 1)", "assignment not allowed"),
        ("1/0", "not a finite number .* in '1/0'"),
        ("x + 1/(2 - 2)", "not a finite number .* in '1/\\(2 - 2\\)'"),
        ("log(0)", "not a finite number"),
        ("sqrt(-1)", "not a real number in 'sqrt\\(-1\\)'"),
        ("(-8)^(1/3)", "not a real number in '\\(-8\\)\\^\\(1/3\\)'"),
        ("1e999", "number too large in '1e999'"),
        ("x^1001", f"exponent 1001 is too large \\(the limit is {MAX_EXPONENT}\\)"),
        ("(10^300)^20", "number too large in '\\(10\\^300\\)\\^20'"),
        ("pi^1000 * x", "number too large in 'pi\\^1000'"),
        ("x + exp(700)", "number too large in 'exp\\(700\\)'"),
    ],
)
def test_rejections_name_the_offending_part(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text)


def test_rejects_non_strings() -> None:
    with pytest.raises(ExpressionError, match="must be a string, not int"):
        parse_expression(3)  # type: ignore[arg-type]


def test_length_cap() -> None:
    text = "+".join(["x"] * (MAX_LENGTH // 2 + 1))
    with pytest.raises(ExpressionError, match=f"the limit is {MAX_LENGTH}"):
        parse_expression(text)


def test_size_cap() -> None:
    text = "-" * (MAX_NODES + 1) + "x"
    with pytest.raises(ExpressionError, match=f"the limit is {MAX_NODES}"):
        parse_expression(text)


def test_message_is_one_line_and_short_for_long_input() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression("(" * 250 + "x" + ")" * 249)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize(
    "attack",
    [
        "().__class__.__base__.__subclasses__()",
        "9**9**9**9",
        "9^9^9^9",
        "(((2^1000)^1000)^1000)^1000",
        "x^(10^10^10)",
        "exp(exp(exp(10^10^10)))",
        "(" * 240 + "x" + ")" * 240,
        "[x] * 10**9",
        "'a' * 10**9",
    ],
)
def test_attacks_are_rejected_promptly(attack: str) -> None:
    with pytest.raises(ExpressionError):
        parse_expression(attack)


def test_never_calls_eval_or_sympify() -> None:
    tree = ast.parse(Path(expressions.__file__).read_text())
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not used & {"eval", "exec", "compile", "sympify", "parse_expr", "S"}


# --- properties --------------------------------------------------------------------


@settings(deadline=None)
@given(formulas)
def test_agrees_with_sympys_own_parser(text: str) -> None:
    # sympify is the oracle here only: the text is generated by the test, not by a user.
    expected = sympy.sympify(text, locals=ORACLE_NAMES)
    assert parse_expression(text, ("x", "y")) == expected


@settings(deadline=None)
@given(formulas)
def test_round_trips_through_sympys_printer(text: str) -> None:
    # Equal as mathematics: sympy's printer may regroup signs, e.g. -(-x - y)*sin(x).
    expr = parse_expression(text, ("x", "y"))
    assert sympy.simplify(parse_expression(str(expr), ("x", "y")) - expr) == 0


@settings(deadline=None)
@given(formulas, identifiers)
def test_rejects_attribute_access(text: str, name: str) -> None:
    with pytest.raises(ExpressionError, match="attribute access not allowed"):
        parse_expression(f"({text}).{name}", ("x", "y"))


@settings(deadline=None)
@given(formulas, st.integers(-5, 5) | formulas)
def test_rejects_subscripts(text: str, index: int | str) -> None:
    with pytest.raises(ExpressionError, match="indexing not allowed"):
        parse_expression(f"({text})[{index}]", ("x", "y"))


@settings(deadline=None)
@given(formulas, identifiers)
def test_rejects_lambdas(text: str, name: str) -> None:
    with pytest.raises(ExpressionError, match="lambda not allowed"):
        parse_expression(f"x + (lambda {name}: {text})", ("x", "y"))


@settings(deadline=None)
@given(formulas, st.text(max_size=20))
def test_rejects_strings(text: str, literal: str) -> None:
    with pytest.raises(ExpressionError, match="str constant not allowed"):
        parse_expression(f"{text} * {literal!r}", ("x", "y"))


@settings(deadline=None)
@given(formulas, identifiers)
def test_rejects_calls_of_unknown_names(text: str, name: str) -> None:
    with pytest.raises(ExpressionError, match=f"unknown function '{name}'"):
        parse_expression(f"{name}({text})", ("x", "y"))


# --- writing back ------------------------------------------------------------------


@settings(deadline=None, max_examples=50)
@given(formulas)
def test_as_text_writes_a_formula_the_parser_reads_back(text: str) -> None:
    expr = parse_expression(text, ("x", "y"))
    written = as_text(expr)
    assert "**" not in written and "Abs(" not in written
    assert sympy.simplify(parse_expression(written, ("x", "y")) - expr) == 0


@pytest.mark.parametrize("decimal", ["0.3", "-0.25", "1.0", "12.75", "0.001", "-7"])
def test_exact_is_the_rational_a_decimal_reads_as(decimal: str) -> None:
    (value,) = exact([float(decimal)])
    assert value == sympy.Rational(decimal)
