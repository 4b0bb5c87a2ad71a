"""A story as plain data, for ``lecture inspect``: numbers as numbers, formulas as text.

Every field of a story (and of the values it holds: critical points, descent paths,
level curves, verdicts) becomes JSON: a sympy number becomes a number, an
expression with symbols the string sympy prints (which :func:`sympy.sympify` reads
back), an array a list, a verdict its name. Each expression's LaTeX is listed too,
by the path of the field that holds it.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from pathlib import Path
from typing import Any

import numpy as np
import sympy
from pydantic import BaseModel

__all__ = ["as_data", "formulas"]


def as_data(value: Any) -> Any:
    """``value`` as JSON data (see the module's docstring).

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> as_data({"f": x**2 / 3, "at": sympy.Rational(1, 2), "k": sympy.Integer(2)})
    {'f': 'x**2/3', 'at': 0.5, 'k': 2}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: as_data(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if not callable(getattr(value, field.name))
        }
    if isinstance(value, BaseModel):
        return as_data(dict(value))
    if isinstance(value, sympy.MatrixBase):
        return as_data(value.tolist())
    if isinstance(value, sympy.Basic):
        if value.free_symbols:
            return str(value)
        return int(value) if value.is_Integer else as_data(float(value))
    if isinstance(value, enum.Enum):
        return as_data(value.value)
    if isinstance(value, np.ndarray | np.generic):
        return as_data(value.tolist())
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(as_data(key)): as_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def formulas(value: Any, path: str = "") -> dict[str, str]:
    """The LaTeX of every expression with symbols in ``value``, by its field's path.

    Examples
    --------
    >>> formulas({"f": sympy.Symbol("x") ** 2, "n": 3})
    {'f': 'x^{2}'}
    """
    found: dict[str, str] = {}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items: Any = (
            (f.name, getattr(value, f.name)) for f in dataclasses.fields(value)
        )
    elif isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = ((f"[{k}]", item) for k, item in enumerate(value))
    elif isinstance(value, sympy.MatrixBase | sympy.Basic) and value.free_symbols:
        return {path: sympy.latex(value)}
    else:
        return found
    for key, item in items:
        name = (
            f"{path}{key}" if str(key).startswith("[") or not path else f"{path}.{key}"
        )
        found.update(formulas(item, name))
    return found
