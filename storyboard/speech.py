r"""What a voice should say for an on-screen caption: maths symbols and LaTeX read as words.

A caption is written for the eye (``f'(x) = 2x``, ``x_{k+1}``, ``\frac{1}{L}``); a voice
reads symbols literally or not at all. :func:`spoken` rewrites the maths of a caption as
words a lecturer would say and leaves prose alone. Numbers stay digits: the voices read
them well ("0.25" is "zero point two five", "200" is "two hundred").

Pure text: no manim, no voice, no files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["FORBIDDEN", "GREEK", "spoken"]

FORBIDDEN = frozenset("^='\\∂∇{}$")
"""Characters :func:`spoken` never leaves in its output (the voices read them literally)."""

_THE = "\ue000"
"""Marks a "the" the rewriting added, dropped after a caption's own "the"."""

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
    "ϵ": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota",
    "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "∆": "Delta",
    "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
"""Greek letters and how they are said."""

_GREEK_NAMES = sorted({name.lower() for name in GREEK.values()}, key=len, reverse=True)
_GREEK_WORD = r"(?i:" + "|".join(_GREEK_NAMES) + r")\b"

_LATEX_WORDS = {
    "nabla": "∇", "partial": "∂", "cdot": " times ", "times": " times ",
    "div": " over ", "leq": " is at most ", "le": " is at most ",
    "geq": " is at least ", "ge": " is at least ", "neq": " is not ",
    "ne": " is not ", "approx": " is about ", "to": " to ", "rightarrow": " to ",
    "mapsto": " to ", "Rightarrow": " so ", "implies": " so ", "infty": " infinity ",
    "sum": f" {_THE}the sum of ", "prod": f" {_THE}the product of ",
    "int": f" {_THE}the integral of ",
    "lim": f" {_THE}the limit ", "in": " in ", "pm": " plus or minus ", "cdots": " and so on ",
    "ldots": " and so on ", "dots": " and so on ", "prime": "'", "top": "^T",
    "min": " min ", "max": " max ", "log": " log ", "ln": " l n ", "exp": " exp ",
    "sin": " sin ", "cos": " cos ", "tan": " tan ", "lVert": "‖", "rVert": "‖",
    "Vert": "‖", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|",
}  # fmt: skip
"""LaTeX commands that carry meaning; every other command is dropped (its argument stays)."""

_UNICODE = {
    "−": " minus ", "·": " times ", "⋅": " times ", "×": " times ", "∗": " times ",
    "÷": " over ", "≤": " is at most ", "⩽": " is at most ", "≥": " is at least ",
    "⩾": " is at least ", "≠": " is not ", "≈": " is about ", "→": " to ",
    "⟶": " to ", "↦": " to ", "⇒": " so ", "∞": " infinity ", "∈": " in ",
    "±": " plus or minus ", "√": f" {_THE}the square root of ", "∑": f" {_THE}the sum of ",
    "∫": f" {_THE}the integral of ", "′": "'", "″": "''", "∣": "|", "⊤": "T", "ᵀ": "^T",
    "‘": "'",
}  # fmt: skip
"""Unicode maths symbols and how they are said (primes become ASCII first)."""

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ⁿⁱᵏ⁻⁺", "0123456789nik-+", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₖᵢⱼₙₜ₊₋", "0123456789kijnt+-", strict=True))

_ORDINALS = {
    "4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh", "8": "eighth",
    "9": "ninth", "10": "tenth", "11": "eleventh", "12": "twelfth",
}  # fmt: skip
_PRIMES = {1: "prime", 2: "double prime", 3: "triple prime"}
_FUNCTIONS = "sin|cos|tan|exp|log|ln|sqrt|max|min|argmax|argmin|sigmoid|relu|softmax"

_RELATIONS = {
    ":=": " becomes ", "<-": " becomes ", "<=": " is at most ", "=<": " is at most ",
    ">=": " is at least ", "!=": " is not ", "==": " equals ", "=>": " so ",
    "->": " to ", "=": " equals ", "<": " is less than ", ">": " is greater than ",
}  # fmt: skip

_OPERAND = rf"(?:\d+(?:\.\d+)?|{_GREEK_WORD}|[A-Za-z](?![A-Za-z0-9])|\([^()]*\))"
"""A number, a Greek letter's name, one letter, or a parenthesised group."""

_MATH_CHARS = re.compile(r"[\^_'()|=+*/∇∂{}$\\]")
_SINGLE = rf"(?:-?\d+(?:\.\d+)?|[A-Za-z]|{_GREEK_WORD})"


def spoken(caption: str) -> str:
    r"""The words a voice should say for ``caption``.

    Maths becomes words: primes, powers, subscripts, fractions, derivatives, the
    gradient, absolute values, relations, minus signs that are maths, Greek letters
    (by name) and LaTeX (commands without a spoken meaning are dropped, their
    arguments kept). Numbers stay digits, apostrophes of prose become typographic
    (’), and plain prose (no maths symbols, no ASCII apostrophes, single spaces)
    passes through unchanged. The result never contains a character of
    :data:`FORBIDDEN`.

    Parameters
    ----------
    caption
        The text shown on screen, possibly with maths in Unicode, ASCII or LaTeX.

    Returns
    -------
    str
        The text to synthesise.

    Examples
    --------
    >>> spoken("f'(x) = 2x")
    'f prime of x equals 2x'
    >>> spoken("x^2 - 3x^3 + x^n")
    'x squared minus 3x cubed plus x to the n'
    >>> spoken("Below 2/L the step α shrinks by |1 - L alpha|.")
    'Below 2 over L the step alpha shrinks by the absolute value of 1 minus L alpha.'
    >>> spoken("a := a - alpha dJ/da, at the point (1, -1).")
    'a becomes a minus alpha d J by d a, at the point 1, minus 1.'
    >>> spoken(r"$x_{k+1} = x_k - \eta \nabla f(x_k)$")
    'x k plus 1 equals x k minus eta the gradient of f of x k'
    >>> spoken(r"\frac{\partial f}{\partial x} = \frac{1}{h}")
    'partial f by partial x equals 1 over h'
    >>> spoken("The secant's slope settles on one number.")
    'The secant’s slope settles on one number.'
    """
    text = caption.replace(_THE, "")
    for step in _STEPS:
        text = step(text)
    return text


def _latex(text: str) -> str:
    """LaTeX to plain maths: fractions, roots, known commands; the rest dropped."""
    if "\\" not in text and "$" not in text:
        return text
    text = text.replace("$", " ")
    text = re.sub(r"\\[{}]", " ", text)
    text = text.replace("\\|", "‖")
    group = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"\\[dt]?frac\s*{group}\s*{group}", _fraction, text)
        text = re.sub(rf"\\sqrt\s*(?:\[[^\]]*\])?\s*{group}", rf" {_THE}the square root of \1 ", text)  # fmt: skip
    text = re.sub(r"\\([A-Za-z]+)", _command, text)
    text = re.sub(r"\\.?", " ", text)
    return text.replace("&", " ").replace("~", " ")


def _fraction(match: re.Match[str]) -> str:
    numerator, denominator = match[1].strip(), match[2].strip()
    derivative = r"(?:d|∂|\\partial)(?![A-Za-z]{2})"
    if re.match(derivative, numerator) and re.match(derivative, denominator):
        return f"{numerator}/{denominator}"
    return f" {numerator} over {denominator} "


def _command(match: re.Match[str]) -> str:
    name = match[1]
    if name in _LATEX_WORDS:
        return _LATEX_WORDS[name]
    if name.lower() in _GREEK_NAMES:
        return f" {name} "
    return " "


def _unicode(text: str) -> str:
    """Unicode maths to ASCII maths or words; Greek letters by name."""
    text = re.sub(
        f"[{''.join(_SUPERSCRIPTS)}]+",
        lambda m: "^{" + "".join(_SUPERSCRIPTS[c] for c in m[0]) + "}",
        text,
    )
    text = re.sub(
        f"[{''.join(_SUBSCRIPTS)}]+",
        lambda m: "_{" + "".join(_SUBSCRIPTS[c] for c in m[0]) + "}",
        text,
    )
    for symbol, words in _UNICODE.items():
        text = text.replace(symbol, words)
    text = re.sub(r"\s*‖\s*", "‖", text)  # ‖ x ‖ -> ‖x‖ for the norm rule
    text = re.sub(f"[{''.join(GREEK)}]", _greek, text)
    return text.replace("**", "^")


def _greek(match: re.Match[str]) -> str:
    """A Greek letter's name, apart from the letters and digits beside it."""
    text, start, end = match.string, match.start(), match.end()
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return before + GREEK[match[0]] + after


def _minus(text: str) -> str:
    """Minus signs that are maths: between operands, before an operand, inside formulas."""
    tokens = re.split(r"(\s+)", re.sub(r"\s+(?=[,;:.!?])", "", text))
    words = [i for i, token in enumerate(tokens) if token.strip()]
    for before, here, after in zip(words, words[1:], words[2:], strict=False):
        if tokens[here] == "-" and _is_math(tokens[before]) and _is_math(tokens[after]):
            tokens[here] = "minus"
    tokens = [_inner_minus(token) for token in tokens]
    text = "".join(tokens)
    return re.sub(
        rf"(?:^|(?<=[\s(\[,=|^{{*+/]))-(?=\.?\d|{_GREEK_WORD}|[A-Za-z](?![A-Za-z])|[(∇∂])",
        "minus ",
        text,
    )


def _is_math(token: str) -> bool:
    core = token.strip(',;:.!?"')
    return bool(
        _MATH_CHARS.search(core)
        or _inner_minus(core) != core
        or re.fullmatch(rf"[(\[|]*{_SINGLE}[)\]|]*|\d[\w.]*", core)
    )


def _inner_minus(token: str) -> str:
    """``x-1``, ``a-b``, ``x^2-1`` are maths; ``x-axis``, ``1-2``, ``L-smooth`` are not."""
    if "-" not in token.strip("-") or not token.strip():
        return token
    parts = [part for part in re.split(r"-+", token.strip(',;:.!?"')) if part]
    mathy = _MATH_CHARS.search(token.strip('()[],;:.!?"')) or (
        all(re.fullmatch(_SINGLE, part) for part in parts)
        and not all(re.fullmatch(r"\d+(?:\.\d+)?", part) for part in parts)
    )
    if not mathy:
        return token
    return re.sub(r"(?<=[\w)\]}|'∇∂])-(?=[\w(∇∂|])", " minus ", token)


def _derivatives(text: str) -> str:
    """``df/dx``, ``∂f/∂x``, ``d^2f/dx^2`` and ``d/dx`` as "d f by d x"."""
    power = r"(?:\^\{?(\d)\}?)?"
    pattern = (
        rf"(?<![A-Za-z])(d|∂){power}\s*([A-Za-z]\w*(?:\([^()]*\))?)?\s*/\s*"
        rf"(d|∂)\s*([A-Za-z]){power}(?![A-Za-z])"
    )

    def say(match: re.Match[str]) -> str:
        top, top_power, function, bottom, variable, bottom_power = match.groups()
        if top == "d" and function and match[0][1:2].isspace():
            return match[0]  # "d f/dx" is no derivative of ours
        words = [_D[top] + _times(top_power)]
        if function:
            words.append(function)
        words += ["by", _D[bottom], variable + _times(bottom_power)]
        return " " + " ".join(words) + " "

    text = re.sub(pattern, say, text)
    return text.replace("∂", " partial ")


_D = {"d": "d", "∂": "partial"}


def _times(power: str | None) -> str:
    if not power or power == "1":
        return ""
    return (
        " squared" if power == "2" else " cubed" if power == "3" else f" to the {power}"
    )


def _gradient(text: str) -> str:
    r"""``∇f``, ``\nabla f``, ``grad f`` and ``grad(f)`` as "the gradient of f"."""
    text = re.sub(r"∇\s*(?=[A-Za-z(])", f" {_THE}the gradient of ", text)
    text = text.replace("∇", f" {_THE}the gradient ")
    text = re.sub(
        r"(?<![A-Za-z])grad\s*\(\s*([^()]+?)\s*\)", rf"{_THE}the gradient of \1", text
    )
    return re.sub(
        r"(?<![A-Za-z])grad\s+(?=[A-Za-z](?![A-Za-z]))", f"{_THE}the gradient of ", text
    )


def _primes(text: str) -> str:
    """``f'``, ``f''(x)`` as "f prime", "f double prime of x"."""

    def say(match: re.Match[str]) -> str:
        return f"{match[1]} {_PRIMES.get(len(match[2]), 'prime')}"

    return re.sub(r"(?<![A-Za-z'’])([A-Za-z])('+)(?![A-Za-z])", say, text)


def _powers(text: str) -> str:
    """``x^2``, ``x^3``, ``x^n``, ``x^{k+1}``, ``A^T`` as words."""

    def say(match: re.Match[str]) -> str:
        power = (match[1] if match[1] is not None else match[2] or match[3]).strip()
        if power == "2":
            return " squared "
        if power == "3":
            return " cubed "
        if power == "T":
            return " transpose "
        if power in _ORDINALS:
            return f" to the {_ORDINALS[power]} "
        if re.fullmatch(r"\d+", power):
            return f" to the power {power} "
        return f" to the {power} "

    group = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
    text = re.sub(
        rf"\s*\^\s*(?:{group}|\(([^()]*)\)|(-?(?:\d+(?:\.\d+)?(?![\w-])|[A-Za-z]\w*)))",
        say,
        text,
    )
    return text.replace("^", " ")


def _subscripts(text: str) -> str:
    """``x_k``, ``x_{k+1}``, ``learning_rate`` with the subscript said after."""
    text = re.sub(r"_\s*\{([^{}]*)\}", r" \1 ", text)
    return text.replace("_", " ")


def _bars(text: str) -> str:
    """``|x|`` as "the absolute value of x", ``‖x‖``/``||x||`` as "the norm of x"."""
    text = re.sub(r"(?:‖|\|\|)(?=\S)([^|‖]+?)(?<=\S)(?:‖|\|\|)", rf" {_THE}the norm of \1 ", text)  # fmt: skip
    text = re.sub(
        r"\|(?=\S)([^|]+?)(?<=\S)\|", rf" {_THE}the absolute value of \1 ", text
    )
    return text.replace("|", " ").replace("‖", " ")


def _relations(text: str) -> str:
    """``:=`` as "becomes", ``=`` as "equals", ``<=`` as "is at most", and so on."""
    pattern = "|".join(map(re.escape, _RELATIONS))
    return re.sub(pattern, lambda m: _RELATIONS[m[0]], text)


def _applications(text: str) -> str:
    """``f(x)``, ``J(p)``, ``f prime(x)``, ``sin(x)`` as "f of x"; number tuples unwrapped."""
    head = (
        rf"((?<![A-Za-z])(?:[A-Za-z]|{_GREEK_WORD})|\b(?:prime|{_FUNCTIONS}))"
        r"\(\s*([^()]+?)\s*\)"
    )
    previous = None
    while previous != text:
        previous = text
        text = re.sub(head, r"\1 of \2", text)
    item = rf"(?:minus )?(?:-?\d+(?:\.\d+)?[A-Za-z]?|[A-Za-z]|{_GREEK_WORD})"
    return re.sub(rf"\(\s*({item}(?:\s*,\s*{item})+)\s*\)", r"\1", text)


def _fractions(text: str) -> str:
    """``2/L``, ``1/h``, ``x/2``, ``(a+b)/2`` as "two over L"; ``ML/AI`` stays."""
    pattern = rf"(?<![A-Za-z0-9.])({_OPERAND})\s*/\s*({_OPERAND})(?![A-Za-z0-9])"
    for _ in range(3):
        text = re.sub(pattern, r"\1 over \2", text)
    return text


def _operators(text: str) -> str:
    """``+`` as "plus", ``*`` as "times"."""
    return text.replace("+", " plus ").replace("*", " times ")


def _apostrophes(text: str) -> str:
    """Apostrophes of prose become ’ (voices read it the same); quote marks go."""
    text = re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])|(?<=s)'(?=\s|$|[,.;:!?)])", "’", text)
    return text.replace("'", " ")


def _tidy(text: str) -> str:
    """Drop what cannot be said, then one space between words and none before punctuation."""
    for symbol in FORBIDDEN:
        text = text.replace(symbol, " ")
    text = re.sub(r"[ \t\r\n]+", " ", text)
    text = re.sub(r" (?=[,.;:!?)\]])", "", text)
    text = re.sub(r"(?<=[(\[]) ", "", text)
    text = re.sub(rf"\b([Tt]he) {_THE}the\b", r"\1", text).replace(_THE, "")
    return text.strip()


_STEPS: tuple[Callable[[str], str], ...] = (
    _latex,
    _unicode,
    _bars,
    _relations,
    _minus,
    _derivatives,
    _gradient,
    _primes,
    _powers,
    _subscripts,
    _applications,
    _fractions,
    _operators,
    _apostrophes,
    _tidy,
)
"""The rewriting steps, in order (each one's docstring says what it reads)."""
