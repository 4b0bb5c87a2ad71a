r"""Slide formulas: the notation of a definition, parsed safely and typeset by sympy.

A formula on a slide is read, not computed: ``f'(x) = lim((f(x + h) - f(x))/h, h, 0)``
defines the derivative, ``J(a, b) = 1/n * sum((a*x[i] + b - y[i])^2, i, 1, n)`` a
cost. :func:`parse_notation` reads such text with Python's :mod:`ast` (``eval``,
``sympify`` and ``parse_expr`` never see it) and builds sympy objects node by node
from a whitelist, unevaluated and in the order written; a :class:`Notation` is
typeset from sympy's LaTeX and written as one line of plain text (a caption).

Allowed, and nothing else:

- numbers (at most :data:`MAX_DIGITS` digits), ``+ - * /``, ``^`` (or ``**``; a
  number as exponent at most :data:`~mathviz.expressions.MAX_EXPONENT`), unary
  minus and parentheses;
- names: a letter, then letters, digits or underscores (at most :data:`MAX_NAME`
  characters, no ``__``), typeset by sympy: ``alpha`` is α, ``x_0`` is x₀, ``yhat``
  is ŷ; ``pi``, ``E`` and ``oo`` (∞) are constants;
- the functions of :data:`~mathviz.expressions.FUNCTIONS`, on one argument;
- :data:`CONSTRUCTS`: ``diff(e, x)`` or ``diff(e, x, 2)`` (the derivative of e by
  x; ∂ when e has several variables), ``lim(e, h, 0)`` (the limit of e as h tends
  to 0), ``sum(e, i, 1, n)`` (the sum of e for i from 1 to n);
- any other name called on 1 to :data:`MAX_ARGUMENTS` arguments: a function known
  only by its name, ``f(x)``, ``J(a, b)``, ``argmin(J(a, b))``; primes name its
  derivatives, ``f'(x)``, ``f''(x)``;
- subscripts: ``x[i]``, ``x[i + 1]``, ``A[i, j]``;
- an equation ``lhs = rhs``, or a chain ``a = b = c`` (at most :data:`MAX_SIDES` sides).

Anything else (attribute access, strings, keywords, comparisons other than ``=``,
LaTeX such as ``\frac``) is refused with one line naming the part.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.conventions import requires_partial
from sympy.printing.latex import LatexPrinter
from sympy.printing.pretty.pretty_symbology import pretty_symbol
from sympy.printing.str import StrPrinter

from mathviz.expressions import (
    CONSTANTS,
    FUNCTIONS,
    MAX_EXPONENT,
    REFUSED_SYNTAX,
    ExpressionError,
    syntax_tree,
)

__all__ = [
    "CONSTRUCTS",
    "MAX_ARGUMENTS",
    "MAX_DIGITS",
    "MAX_LENGTH",
    "MAX_NAME",
    "MAX_SIDES",
    "Notation",
    "parse_notation",
]

#: Longest slide formula accepted, in characters (one line of a slide).
MAX_LENGTH = 100
#: Longest name, in characters.
MAX_NAME = 12
#: Most digits of a number.
MAX_DIGITS = 12
#: Most arguments of a function known only by its name.
MAX_ARGUMENTS = 4
#: Most sides of a chain of equalities.
MAX_SIDES = 4
#: Highest order of a derivative.
MAX_ORDER = 4

#: The constructs of the notation, each with how it is called.
CONSTRUCTS = {
    "diff": "diff(e, x) or diff(e, x, 2)",
    "lim": "lim(e, h, 0)",
    "sum": "sum(e, i, 1, n)",
}

_NAME = re.compile(r"[A-Za-z](?:_?[A-Za-z0-9])*'{0,3}")
_FUNCTION = re.compile(r"(?:[a-z][a-z0-9_]*|[A-Z](?:_[a-z0-9]+)?)'*")
_PRIME = "ʹ"
"""Stands for ``'`` while Python reads the text (a letter to Python, unlike ``'``)."""
_PRIMED = re.compile(r"(?<=[A-Za-z0-9_])('{1,3})")
_EQUALS = re.compile(r"(?<![=<>!])=(?!=)")
_NOTATION_CONSTANTS: dict[str, sympy.Expr] = {**CONSTANTS, "oo": sympy.oo}


@dataclass(frozen=True)
class Notation:
    """A slide formula: an expression, or the sides of an equation or chain.

    Attributes
    ----------
    sides
        The sympy expressions joined by ``=``, unevaluated, as written.
    """

    sides: tuple[sympy.Expr, ...]

    @property
    def latex_parts(self) -> tuple[str, ...]:
        """The LaTeX in the pieces a long formula may break before: ``=``, ``+``, ``-``.

        Each side's terms, each led by its sign, the first term of each later side
        led by ``=``; joined with spaces, they are :attr:`latex`.

        Examples
        --------
        >>> parse_notation("y = x^2 - 2*x + 1").latex_parts
        ('y', '= x^{2}', '- 2 x', '+ 1')
        """
        parts: list[str] = []
        for side in self.sides:
            first, *rest = _LATEX.terms(side)
            parts += [f"= {first}" if parts else first, *rest]
        return tuple(parts)

    @property
    def latex(self) -> str:
        r"""The formula's LaTeX, from sympy's.

        Examples
        --------
        >>> print(parse_notation("f'(x) = lim((f(x + h) - f(x))/h, h, 0)").latex)
        f'{\left(x \right)} = \lim_{h \to 0}\left(\frac{f{\left(x + h \right)} - f{\left(x \right)}}{h}\right)
        """
        return " ".join(self.latex_parts)

    @property
    def text(self) -> str:
        """The formula as one line of plain text (Unicode), for a caption.

        Examples
        --------
        >>> parse_notation("f'(x) = diff(f(x), x)").text
        "f'(x) = df/dx"
        >>> parse_notation("J(a, b) = 1/n * sum((a*x[i] + b - y[i])^2, i, 1, n)").text
        'J(a, b) = 1/n·the sum over i = 1 to n of (a·xᵢ + b - yᵢ)²'
        """
        return " = ".join(_TEXT.doprint(side) for side in self.sides)


def parse_notation(text: str) -> Notation:
    """Parse a slide formula, safely (see the module's documentation for what is allowed).

    Raises
    ------
    ExpressionError
        If the text is too long, holds LaTeX, is not valid syntax, or uses anything
        outside the whitelist; the message names the offending part.

    Examples
    --------
    >>> parse_notation("f'(x) = lim((f(x + h) - f(x))/h, h, 0)").text
    "f'(x) = the limit as h → 0 of (f(x + h) - f(x))/h"
    >>> parse_notation("x.real")
    Traceback (most recent call last):
    ...
    mathviz.expressions.ExpressionError: attribute access not allowed in 'x.real'
    """
    if not isinstance(text, str):
        raise ExpressionError(f"a formula must be a string, not {type(text).__name__}")
    return _parse(text)


@lru_cache(maxsize=256)
def _parse(text: str) -> Notation:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"formula is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    if "\\" in text or "$" in text:
        raise ExpressionError(
            "no LaTeX (a backslash or $): write the formula as text, e.g. diff(f(x), x)"
        )
    primed = _PRIMED.sub(lambda primes: _PRIME * len(primes[0]), text.strip())
    source = _EQUALS.sub("==", primed).replace("^", "**")
    tree = syntax_tree(text, source)
    return _Builder(source, caret="^" in text).notation(tree.body)


class _Builder:
    """Turns a whitelisted :mod:`ast` tree into unevaluated sympy objects."""

    def __init__(self, source: str, caret: bool) -> None:
        self.source = source
        self.caret = caret

    def part(self, node: ast.AST) -> str:
        segment = ast.get_source_segment(self.source, node) or type(node).__name__
        if self.caret:
            segment = segment.replace("**", "^")
        segment = segment.replace("==", "=").replace(_PRIME, "'")
        return segment if len(segment) <= 60 else segment[:57] + "..."

    def fail(self, node: ast.AST, problem: str) -> ExpressionError:
        return ExpressionError(f"{problem} in {self.part(node)!r}")

    def notation(self, node: ast.AST) -> Notation:
        if not isinstance(node, ast.Compare):
            return Notation((self.build(node),))
        if not all(isinstance(op, ast.Eq) for op in node.ops):
            raise self.fail(node, "only '=' may join the sides of a formula")
        if len(node.ops) >= MAX_SIDES:
            raise self.fail(node, f"a chain has at most {MAX_SIDES} sides")
        return Notation(tuple(map(self.build, [node.left, *node.comparators])))

    def build(self, node: ast.AST) -> sympy.Expr:
        match node:
            case ast.Constant(value=bool() | complex() | str() | bytes() | None):
                raise self.fail(
                    node, f"{type(node.value).__name__} constant not allowed"
                )
            case ast.Constant(value=int() | float() as value):
                return self.number(node, value)
            case ast.Name(id=name):
                return self.name(node, name)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return _negative(self.build(operand))
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self.build(operand)
            case ast.BinOp(left=left, op=op, right=right) if type(op) in _OPERATORS:
                if isinstance(op, ast.Pow):
                    self.check_exponent(right)
                return _OPERATORS[type(op)](self.build(left), self.build(right))
            case ast.Call(func=ast.Name(id=name), args=args, keywords=[]):
                return self.call(node, name, args)
            case ast.Call():
                raise self.fail(node, "only a name may be called, on plain arguments")
            case ast.Subscript(value=ast.Name(id=name), slice=index):
                return self.subscript(node, name, index)
            case ast.Compare():
                raise self.fail(node, "'=' may only join the sides of the formula")
            case ast.BinOp(op=op):
                raise self.fail(node, f"operator {type(op).__name__} not allowed")
        raise self.fail(node, f"{_DESCRIPTIONS.get(type(node), 'this')} not allowed")

    def number(self, node: ast.AST, value: float) -> sympy.Expr:
        digits = sum(char.isdigit() for char in self.part(node).split("e")[0])
        if digits > MAX_DIGITS:
            raise self.fail(node, f"a number has at most {MAX_DIGITS} digits")
        if isinstance(value, int):
            return sympy.Integer(value)
        if value in (float("inf"), float("-inf")):
            raise self.fail(node, "number too large")
        return sympy.Float(repr(value))

    def name(self, node: ast.AST, name: str) -> sympy.Expr:
        name = self.checked_name(node, name)
        if name in FUNCTIONS or name in CONSTRUCTS:
            raise self.fail(node, f"function {name!r} used without an argument")
        return _NOTATION_CONSTANTS.get(name) or sympy.Symbol(name)

    def checked_name(self, node: ast.AST, name: str) -> str:
        name = name.replace(_PRIME, "'")
        if len(name.rstrip("'")) > MAX_NAME:
            raise self.fail(node, f"a name has at most {MAX_NAME} characters")
        if not _NAME.fullmatch(name):
            raise self.fail(
                node, "not a name (a letter, then letters, digits, single _)"
            )
        return name

    def call(self, node: ast.AST, name: str, args: list[ast.expr]) -> sympy.Expr:
        name = self.checked_name(node, name)
        if name in FUNCTIONS:
            if len(args) != 1:
                raise self.fail(node, f"{name} takes exactly one argument")
            argument = self.build(args[0])
            with sympy.evaluate(False):
                return FUNCTIONS[name](argument)
        if name in CONSTRUCTS:
            return self.construct(node, name, args)
        if name in _NOTATION_CONSTANTS:
            raise self.fail(node, f"{name!r} is a constant, not a function")
        if not _FUNCTION.fullmatch(name):  # (sympy's own are capitalised words)
            raise self.fail(
                node,
                "a function's name is lowercase (f, loss, argmin) or one capital "
                "letter (J, F_1)",
            )
        if not 1 <= len(args) <= MAX_ARGUMENTS:
            raise self.fail(node, f"a function takes 1 to {MAX_ARGUMENTS} arguments")
        return sympy.Function(name)(*map(self.build, args))

    def construct(self, node: ast.AST, name: str, args: list[ast.expr]) -> sympy.Expr:
        shapes = {"diff": (2, 3), "lim": (3,), "sum": (4,)}
        if len(args) not in shapes[name]:
            raise self.fail(node, f"write {CONSTRUCTS[name]}")
        body, variable, *rest = args
        if not isinstance(variable, ast.Name):
            raise self.fail(
                variable, f"a name must follow the formula: {CONSTRUCTS[name]}"
            )
        symbol = self.name(variable, variable.id)
        if not isinstance(symbol, sympy.Symbol):
            raise self.fail(variable, f"{variable.id!r} is a constant, not a variable")
        expression = self.build(body)
        if name == "lim":
            return sympy.Limit(expression, symbol, self.build(rest[0]), dir="+-")
        if name == "sum":
            low, high = map(self.build, rest)
            return sympy.Sum(expression, (symbol, low, high))
        order = 1
        if rest:
            match rest[0]:
                case ast.Constant(value=int() as order) if 1 <= order <= MAX_ORDER:
                    pass
                case _:
                    raise self.fail(
                        rest[0], f"the order is a whole number 1 to {MAX_ORDER}"
                    )
        return sympy.Derivative(expression, (symbol, order))

    def subscript(self, node: ast.AST, name: str, index: ast.expr) -> sympy.Expr:
        base = self.name(node, name)
        indices = index.elts if isinstance(index, ast.Tuple) else [index]
        if not isinstance(base, sympy.Symbol) or not 1 <= len(indices) <= 2:
            raise self.fail(node, "subscript a name with one or two indices, e.g. x[i]")
        return sympy.IndexedBase(base)[tuple(map(self.build, indices))]

    def check_exponent(self, node: ast.AST) -> None:
        match node:
            case ast.Constant(value=int() | float() as value) if (
                abs(value) > MAX_EXPONENT
            ):
                raise self.fail(
                    node,
                    f"exponent {self.part(node)} is too large (the limit is {MAX_EXPONENT})",
                )
            case ast.UnaryOp(operand=operand):
                self.check_exponent(operand)


def _terms(expression: sympy.Expr, kind: type[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    """The operands of ``expression`` as a sum (``kind`` Add) or a product (Mul)."""
    return expression.args if isinstance(expression, kind) else (expression,)


def _add(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    return sympy.Add(*_terms(a, sympy.Add), *_terms(b, sympy.Add), evaluate=False)


def _negative(a: sympy.Expr) -> sympy.Expr:
    return -a if a.is_Number else _multiply(sympy.S.NegativeOne, a)


def _signed(term: sympy.Expr) -> tuple[bool, sympy.Expr]:
    """Whether ``term`` is written negated (``-x``, ``-2*x``), and what is negated."""
    first, *rest = _terms(term, sympy.Mul)
    if not (first.is_Number and first < 0):
        return False, term
    factors = [-first, *rest] if first != -1 else rest
    if len(factors) == 1:
        return True, factors[0]
    return True, sympy.Mul(*factors, evaluate=False)


def _multiply(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """``a*b``, the sign of a negated factor in front: ``a*(-b)`` is ``-a b``."""
    factors = [*_terms(a, sympy.Mul), *_terms(b, sympy.Mul)]
    rest = [factor for factor in factors if factor != sympy.S.NegativeOne]
    sign = [sympy.S.NegativeOne] if (len(factors) - len(rest)) % 2 else []
    return sympy.Mul(*sign, *rest, evaluate=False)


def _divide(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    reciprocal = sympy.Pow(b, -1, evaluate=False)
    return reciprocal if a == 1 else _multiply(a, reciprocal)


_OPERATORS: dict[type[ast.operator], Callable[[sympy.Expr, sympy.Expr], sympy.Expr]] = {
    ast.Add: _add,
    ast.Sub: lambda a, b: _add(a, _negative(b)),
    ast.Mult: _multiply,
    ast.Div: _divide,
    ast.Pow: lambda a, b: sympy.Pow(a, b, evaluate=False),
}

_DESCRIPTIONS: dict[type[ast.AST], str] = {
    **{kind: text for kind, text in REFUSED_SYNTAX.items() if kind is not ast.Compare},
    ast.Subscript: "indexing anything but a name",
}


class _LatexPrinter(LatexPrinter):
    """sympy's LaTeX, terms in the order written, ``f'`` in italics like ``f``."""

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if isinstance(expr, AppliedUndef):  # not by its name: it may be "Sum"
            return str(self._print_Function(expr, **kwargs))
        return str(super()._print(expr, **kwargs))

    def _hprint_Function(self, func: str) -> str:
        if len(func.rstrip("'")) == 1:
            return func
        return str(super()._hprint_Function(func))

    def _print_Add(self, expr: sympy.Add, order: Any = None) -> str:
        return " ".join(self.terms(expr))

    def _print_Mul(self, expr: sympy.Mul) -> str:
        negative, negated = _signed(expr)
        if negative:  # (sympy would negate it, evaluated: in its own order)
            return f"- {self._term(negated)}"
        return str(super()._print_Mul(expr))

    def terms(self, expr: sympy.Expr) -> list[str]:
        """Each term of a sum (or ``expr`` alone), led by its sign but the first."""
        pieces: list[str] = []
        for term in _terms(expr, sympy.Add):
            negative, negated = _signed(term)
            sign = "- " if negative else "+ " if pieces else ""
            pieces.append(sign + self._term(negated))
        return pieces

    def _term(self, expr: sympy.Expr) -> str:
        tex = self._print(expr)
        return rf"\left({tex}\right)" if expr.is_Add else tex


class _TextPrinter(StrPrinter):
    """Plain text of a formula, for captions: ``df/dx``, ``xᵢ``, ``α``, ``x²``.

    Products and quotients keep the order written; a quotient's parts are
    parenthesised unless they are one symbol or number.
    """

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if isinstance(expr, sympy.Indexed):  # (its own printing method comes first)
            return self._print_Indexed(expr)
        if isinstance(expr, AppliedUndef):  # not by its name: it may be "Sum"
            return self._print_AppliedUndef(expr)
        return str(super()._print(expr, **kwargs))

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return str(pretty_symbol(expr.name))

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        indices = ", ".join(map(self._print, expr.indices))
        subscript = str(pretty_symbol(f"{expr.base}_{indices}"))
        return subscript if "_" not in subscript else f"{expr.base}_({indices})"

    def _print_AppliedUndef(self, expr: AppliedUndef) -> str:
        arguments = ", ".join(map(self._print, expr.args))
        return f"{pretty_symbol(expr.func.__name__)}({arguments})"

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        d = "∂" if requires_partial(expr) else "d"
        order = sum(count for _, count in expr.variable_count)
        top = d + (_superscript(order) if order > 1 else "")
        bottom = "".join(
            f"{d}{self._print(variable)}" + (_superscript(count) if count > 1 else "")
            for variable, count in expr.variable_count
        )
        if isinstance(expr.expr, AppliedUndef):
            return f"{top}{pretty_symbol(expr.expr.func.__name__)}/{bottom}"
        return f"{top}/{bottom} {self._group(expr.expr)}"

    def _print_Limit(self, expr: sympy.Limit) -> str:
        body, variable, point, _ = expr.args
        return (
            f"the limit as {self._print(variable)} → {self._print(point)} "
            f"of {self._factor(body)}"
        )

    def _print_Sum(self, expr: sympy.Sum) -> str:
        text = self._factor(expr.function)
        for variable, low, high in expr.limits:  # (the innermost first)
            bounds = (
                f"{self._print(variable)} = {self._print(low)} to {self._print(high)}"
            )
            text = f"the sum over {bounds} of {text}"
        return text

    def _print_Mul(self, expr: sympy.Mul) -> str:
        negative = expr.args[0] == sympy.S.NegativeOne
        shown: list[tuple[str, bool]] = []  # each factor, and whether it is one piece
        for factor in expr.args[negative:]:
            if factor.is_Pow and factor.exp == sympy.S.NegativeOne:
                top = "·".join(text for text, _ in shown) or "1"
                if len(shown) > 1 or shown and not shown[0][1]:
                    top = f"({top})"
                shown = [(f"{top}/{self._group(factor.base)}", False)]
            else:
                text = self._print(factor)
                if factor.is_Add or (shown and factor.is_Number and factor < 0):
                    text = f"({text})"
                shown.append((text, _simple(factor) or factor.is_Add))
        return "-" * negative + "·".join(text for text, _ in shown)

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = expr.args
        if exponent == sympy.S.Half:
            return f"√({self._print(base)})"
        if exponent == sympy.S.NegativeOne:
            return f"1/{self._group(base)}"
        if exponent.is_Integer and exponent > 0:
            power = _superscript(int(exponent))
        else:
            power = f"^{self._group(exponent)}"
        return f"{self._group(base)}{power}"

    def _print_Abs(self, expr: sympy.Abs) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _factor(self, expr: sympy.Expr) -> str:
        """``expr`` as a factor: a sum or a negative number in parentheses."""
        text = self._print(expr)
        wrap = expr.is_Add or (expr.is_Number and expr < 0)
        return f"({text})" if wrap else text

    def _group(self, expr: sympy.Expr) -> str:
        """``expr`` whole: parenthesised unless it is one symbol, number or application."""
        text = self._print(expr)
        return text if _simple(expr) else f"({text})"


def _simple(expr: sympy.Expr) -> bool:
    """Whether ``expr`` reads as one piece: a symbol, a number, ``xᵢ`` or ``f(x)``."""
    return bool(
        (expr.is_Atom and not (expr.is_Number and expr < 0))
        or isinstance(expr, sympy.Indexed | sympy.Function)
    )


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


_LATEX = _LatexPrinter({"order": "none"})
_TEXT = _TextPrinter({"order": "none", "full_prec": False})
