"""Slide formulas: what each construct means and how it reads, the whitelist, attacks."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathviz import notation
from mathviz.expressions import MAX_EXPONENT, ExpressionError, parse_expression
from mathviz.notation import (
    CONSTRUCTS,
    MAX_ARGUMENTS,
    MAX_DIGITS,
    MAX_LENGTH,
    MAX_NAME,
    MAX_SIDES,
    parse_notation,
)
from storyboard.speech import FORBIDDEN, spoken

a, b, h, i, n, x, y = sympy.symbols("a b h i n x y")
f, J = sympy.Function("f"), sympy.Function("J")
X, Y = sympy.IndexedBase("x"), sympy.IndexedBase("y")


def unevaluated(build):
    """What ``build()`` makes with sympy's evaluation off: the formula as written."""
    with sympy.evaluate(False):
        return build()


# --- what each construct means ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("x^2 + 1", (unevaluated(lambda: x**2 + 1),)),
        ("J(a, b)", (J(a, b),)),
        ("f(x + h)", (f(unevaluated(lambda: x + h)),)),
        ("x[i]", (X[i],)),
        ("A[i, j]", (sympy.IndexedBase("A")[i, sympy.Symbol("j")],)),
        ("diff(f(x), x)", (sympy.Derivative(f(x), x),)),
        ("diff(f(x), x, 2)", (sympy.Derivative(f(x), (x, 2)),)),
        ("diff(J(a, b), a)", (sympy.Derivative(J(a, b), a),)),
        ("lim(x/h, h, 0)", (sympy.Limit(unevaluated(lambda: x / h), h, 0, "+-"),)),
        ("lim(1/x, x, oo)", (sympy.Limit(sympy.Pow(x, -1, evaluate=False), x, sympy.oo, "+-"),)),
        ("sum(x[i], i, 1, n)", (sympy.Sum(X[i], (i, 1, n)),)),
        ("sin(x)", (sympy.sin(x, evaluate=False),)),
        ("alpha + x_0 + pi", (sympy.Add(sympy.Symbol("alpha"), sympy.Symbol("x_0"), sympy.pi, evaluate=False),)),
        ("a = b", (a, b)),
        ("a = b = 2", (a, b, sympy.Integer(2))),
        ("0.5*x", (unevaluated(lambda: sympy.Float("0.5") * x),)),
    ],
)  # fmt: skip
def test_each_construct_is_the_sympy_object(text, sides):
    assert parse_notation(text).sides == sides


def test_primes_name_a_functions_derivatives():
    formula = parse_notation("f'(x) = f''(x)")
    assert formula.sides == (sympy.Function("f'")(x), sympy.Function("f''")(x))
    assert formula.latex == r"f'{\left(x \right)} = f''{\left(x \right)}"


def test_every_construct_is_tested():
    assert set(CONSTRUCTS) == {"diff", "lim", "sum"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "f'(x) = lim((f(x + h) - f(x))/h, h, 0)",
            r"f'{\left(x \right)} = \lim_{h \to 0}\left(\frac{f{\left(x + h \right)}"
            r" - f{\left(x \right)}}{h}\right)",
        ),
        (
            "J(a, b) = 1/n * sum((a*x[i] + b - y[i])^2, i, 1, n)",
            r"J{\left(a,b \right)} = \frac{\sum_{i=1}^{n} \left(a {x}_{i} + b - "
            r"{y}_{i}\right)^{2}}{n}",
        ),
        (
            "a = a - alpha*diff(J(a, b), a)",
            r"a = a - \alpha \frac{\partial}{\partial a} J{\left(a,b \right)}",
        ),
        ("x^3/3 - x", r"\frac{x^{3}}{3} - x"),
        ("c + a - b*x", r"c + a - b x"),
        ("-2*x*a", r"- 2 x a"),
    ],
)
def test_latex_is_sympys_in_the_order_written(text, expected):
    """sympy's own LaTeX sorts the terms (f(x + h) - f(x) would read -f(x) + f(h + x))."""
    assert parse_notation(text).latex == expected


def test_the_latex_is_sympys_for_what_sympy_keeps_in_order():
    def product(*factors):
        return sympy.Mul(*factors, evaluate=False)

    body = sympy.Add(product(a, X[i]), b, product(-1, Y[i]), evaluate=False)
    built = product(
        sympy.Sum(sympy.Pow(body, 2, evaluate=False), (i, 1, n)),
        sympy.Pow(n, -1, evaluate=False),
    )
    parsed = parse_notation("sum((a*x[i] + b - y[i])^2, i, 1, n)/n")
    assert parsed.sides == (built,)
    assert parsed.latex == sympy.latex(built, order="none")


def test_a_long_formula_breaks_before_each_equals_plus_and_minus():
    formula = parse_notation("y = x^2 - 2*x + 1 = (x - 1)^2")
    assert formula.latex_parts == (
        "y",
        "= x^{2}",
        "- 2 x",
        "+ 1",
        r"= \left(x - 1\right)^{2}",
    )
    assert " ".join(formula.latex_parts) == formula.latex


@pytest.mark.parametrize(
    ("text", "caption", "said"),
    [
        ("f'(x) = diff(f(x), x)", "f'(x) = df/dx", "f prime of x equals d f by d x"),
        (
            "f'(x) = lim((f(x + h) - f(x))/h, h, 0)",
            "f'(x) = the limit as h → 0 of (f(x + h) - f(x))/h",
            "f prime of x equals the limit as h to 0 of (f of x plus h minus f of x)"
            " over h",
        ),
        (
            "b = b - alpha*diff(J(a, b), b)",
            "b = b - α·∂J/∂b",
            "b equals b minus alpha times partial J by partial b",
        ),
        ("x_0^2/2", "(x₀²)/2", "(x 0 squared) over 2"),
    ],
)
def test_the_caption_is_plain_text_a_voice_reads(text, caption, said):
    assert parse_notation(text).text == caption
    assert spoken(caption) == said


# --- properties ------------------------------------------------------------------


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(
            lambda p, op, q: f"({p}){op}({q})",
            children,
            st.sampled_from("+-*/"),
            children,
        ),
        st.builds(lambda p, k: f"({p})^{k}", children, st.integers(0, 3)),
        st.builds(
            lambda g, p: f"{g}({p})", st.sampled_from(["sin", "cos", "exp"]), children
        ),
        children.map(lambda p: f"-({p})"),
    )


#: Formulas both parsers read: numbers, x, y, pi, E, + - * / ^, unary minus, functions.
computed = st.recursive(
    st.sampled_from(["x", "y", "pi", "E", "1", "2", "7"]), _extend, max_leaves=6
).filter(lambda text: len(text) <= MAX_LENGTH)


def _notation(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        _extend(children),
        st.builds(lambda p: f"f({p})", children),
        st.builds(lambda p, q: f"J({p}, {q})", children, children),
        st.builds(lambda p: f"f'({p})", children),
        st.builds(lambda p: f"diff({p}, x)", children),
        st.builds(lambda p: f"lim({p}, h, 0)", children),
        st.builds(lambda p: f"sum({p}, i, 1, n)", children),
    )


#: Slide formulas: the computed ones, functions known by name, derivatives, limits,
#: sums, subscripts and Greek letters, as one side or as an equation.
slide_formulas = st.builds(
    lambda sides: " = ".join(sides),
    st.lists(
        st.recursive(
            st.sampled_from(["x", "h", "x[i]", "alpha", "x_0", "3", "0.5", "pi"]),
            _notation,
            max_leaves=5,
        ),
        min_size=1,
        max_size=MAX_SIDES,
    ),
).filter(lambda text: len(text) <= MAX_LENGTH)


@settings(deadline=None)
@given(computed)
def test_a_formula_means_what_the_formula_parser_computes(text):
    (side,) = parse_notation(text).sides
    try:
        computed = parse_expression(text, ("x", "y"))
    except ExpressionError:  # (x/sin(pi) has no value: only its notation)
        assume(False)
    plain = {symbol: sympy.Symbol(symbol.name) for symbol in computed.free_symbols}
    assert sympy.simplify(side.doit() - computed.xreplace(plain)) == 0


@settings(deadline=None)
@given(slide_formulas)
def test_every_slide_formula_is_typeset_and_said(text):
    formula = parse_notation(text)
    assert " ".join(formula.latex_parts) == formula.latex
    assert len(formula.latex_parts) >= len(formula.sides)
    assert formula.text.count(" = ") >= len(formula.sides) - 1
    assert not FORBIDDEN & set(spoken(formula.text))


@given(st.lists(st.sampled_from(["a", "b", "c", "x", "y", "alpha"]), min_size=2, max_size=6, unique=True), st.lists(st.sampled_from("+-"), min_size=5, max_size=5))  # fmt: skip
def test_terms_keep_the_order_written(names, signs):
    text = names[0] + "".join(
        f" {s} {name}" for s, name in zip(signs, names[1:], strict=False)
    )
    printed = [sympy.latex(sympy.Symbol(name)) for name in names]
    expected = (
        printed[0],
        *(f"{s} {p}" for s, p in zip(signs, printed[1:], strict=False)),
    )
    assert parse_notation(text).latex_parts == expected


# --- what it refuses, in one line naming the part ------------------------------------


LONG_NAME = "a" * (MAX_NAME + 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "formula is empty"),
        ("x" * (MAX_LENGTH + 1), f"{MAX_LENGTH + 1} characters long; the limit is {MAX_LENGTH}"),
        (r"\input{/etc/passwd}", r"no LaTeX \(a backslash or \$\): write the formula as text"),
        (r"\frac{1}{2}", r"no LaTeX \(a backslash or \$\): write the formula as text"),
        ("$x$", r"no LaTeX \(a backslash or \$\): write the formula as text"),
        ("x.__class__", "attribute access not allowed in 'x.__class__'"),
        ("__import__('os')", "cannot parse formula"),
        ("x__y + 1", r"not a name \(a letter, then letters, digits, single _\) in 'x__y'"),
        ("_x", "not a name"),
        (LONG_NAME, f"a name has at most {MAX_NAME} characters"),
        ("x^1001", f"exponent 1001 is too large \\(the limit is {MAX_EXPONENT}\\)"),
        ("x^(-2000)", "exponent 2000 is too large"),
        ("1" * (MAX_DIGITS + 1), f"a number has at most {MAX_DIGITS} digits"),
        ("1e999", "number too large"),
        ("'abc'", "cannot parse formula"),
        ("x < 1", "only '=' may join the sides of a formula in 'x < 1'"),
        ("a = b = c = d = e", f"a chain has at most {MAX_SIDES} sides"),
        ("f(x=1)", "'=' may only join the sides of the formula in 'x=1'"),
        ("f(*x)", "starred expression not allowed"),
        ("f(x)(y)", "only a name may be called, on plain arguments"),
        ("sin(x, 2)", "sin takes exactly one argument"),
        ("sin + 1", "function 'sin' used without an argument"),
        ("diff + 1", "function 'diff' used without an argument"),
        ("Integer(2)", "a function's name is lowercase"),
        ("Symbol(x)", "a function's name is lowercase"),
        ("pi(x)", "'pi' is a constant, not a function"),
        ("f(" + ", ".join("x" * (MAX_ARGUMENTS + 1)) + ")", f"a function takes 1 to {MAX_ARGUMENTS} arguments"),
        ("diff(f(x))", r"write diff\(e, x\) or diff\(e, x, 2\)"),
        ("diff(f(x), 2)", "a name must follow the formula"),
        ("diff(f(x), pi)", "'pi' is a constant, not a variable"),
        ("diff(f(x), x, 9)", "the order is a whole number 1 to 4"),
        ("lim(x, h)", r"write lim\(e, h, 0\)"),
        ("sum(x, i, 1)", r"write sum\(e, i, 1, n\)"),
        ("f(x)[0]", "indexing anything but a name not allowed"),
        ("x[1, 2, 3]", "subscript a name with one or two indices"),
        ("lambda: 1", "lambda not allowed"),
        ("[x for x in y]", "comprehension not allowed"),
        ("x if y else 1", "conditional expression not allowed"),
        ("x % 2", "operator Mod not allowed"),
        ("(a, b)", "tuple not allowed"),
        ("a := 1", "cannot parse formula"),
        ("True", "bool constant not allowed"),
    ],
)  # fmt: skip
def test_refusals_name_the_offending_part(text, message):
    with pytest.raises(ExpressionError, match=message) as refusal:
        parse_notation(text)
    assert "\n" not in str(refusal.value) and len(str(refusal.value)) < 200


def test_refuses_what_is_not_a_string():
    with pytest.raises(ExpressionError, match="must be a string, not int"):
        parse_notation(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "attack",
    [
        "9^9^9^9",
        "(((2^1000)^1000)^1000)^1000",
        "x^(10^10^10)",
        "exp(exp(exp(10^10^10)))",
        "(" * 49 + "x" + ")" * 49,
        "-" * 99 + "x",
        "sum(sum(sum(x[i], i, 1, 10^10), i, 1, 10^10), i, 1, 10^10)",
    ],
)
def test_towers_and_nesting_are_typeset_promptly_never_computed(attack):
    start = time.process_time()
    formula = parse_notation(attack)
    assert len(formula.latex) < 1000 and len(formula.text) < 1000
    assert time.process_time() - start < 2


def test_never_calls_eval_or_sympify():
    tree = ast.parse(Path(notation.__file__).read_text())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not names & {"eval", "exec", "compile", "sympify", "parse_expr"}
    assert not attributes & {"sympify", "parse_expr", "literal_eval"}
