"""How long mathviz takes to compute every number the lecture needs.

Discovers every public zero-argument function in every module of the package
``mathviz.storyboard`` (one module per storyboard chapter, one function per scene) and
times each one cold: in its own fresh Python process, its first call, including the
import of its module and every bit of sympy work it triggers. The libraries' own
start-up (importing numpy, sympy and contourpy, and sympy's first-use initialisation of
its code printer and simplifier, done on a toy expression unrelated to the lecture) is
measured separately and not counted: every scene's process pays it anyway, whatever
mathviz does. A second, warm call shows what the caches save.

Usage: ``.venv/bin/python benchmarks/mathviz_bench.py`` (or ``make bench``). Exits with
status 1 if a function fails, 0 otherwise; the verdict against the target is printed.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TARGET_SECONDS", "Timing", "discover", "main", "time_cold"]

#: The budget for all of the lecture's numbers, in seconds.
TARGET_SECONDS = 0.5
STORYBOARD = "mathviz.storyboard"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """One function's timings (seconds), or the error it raised."""

    name: str
    cold: float = float("nan")
    warm: float = float("nan")
    startup: float = float("nan")
    error: str = ""


def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return sorted(names)


def _takes_no_arguments(function) -> bool:
    return all(
        parameter.default is not inspect.Parameter.empty
        or parameter.kind
        in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for parameter in inspect.signature(function).parameters.values()
    )


def discover() -> tuple[list[str], list[Timing]]:
    """Return the ``module:function`` names to time, and modules that failed to import.

    Functions are public (listed in the module's ``__all__``, or not starting with
    an underscore), defined in that module (not imported into it), and callable with
    no arguments.
    """
    try:
        package = importlib.import_module(STORYBOARD)
    except ModuleNotFoundError:
        return [], []
    targets: list[str] = []
    failures: list[Timing] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module_name = f"{STORYBOARD}.{info.name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as error:  # report it, keep timing the other chapters
            failures.append(Timing(module_name, error=_describe(error)))
            continue
        for name in _public_names(module):
            function = getattr(module, name, None)
            if (
                inspect.isfunction(function)
                and function.__module__ == module_name
                and _takes_no_arguments(function)
            ):
                targets.append(f"{module_name}:{name}")
    return targets, failures


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0]


def _warm_up_libraries() -> None:
    """Pay the libraries' one-time start-up on a toy the lecture never uses."""
    import contourpy
    import numpy as np
    import sympy

    t = sympy.Symbol("t")
    toy = sympy.sin(t) ** 2 + sympy.cos(t) ** 2 + t**3
    sympy.lambdify(t, sympy.diff(toy, t), modules="numpy")(np.linspace(0, 1, 3))
    sympy.solveset(sympy.simplify(toy) - 1, t, sympy.Interval(-1, 1))
    contourpy.contour_generator(z=np.eye(3)).lines(0.5)


def _work(target: str) -> dict[str, float | str]:
    """Time one function in this (fresh) process; runs in the worker."""
    start = time.perf_counter()
    _warm_up_libraries()
    startup = time.perf_counter() - start
    module_name, name = target.split(":")
    try:
        start = time.perf_counter()
        function = getattr(importlib.import_module(module_name), name)
        function()
        cold = time.perf_counter() - start
        start = time.perf_counter()
        function()
        warm = time.perf_counter() - start
    except Exception as error:  # reported in the table, not as a traceback
        return {"startup": startup, "error": _describe(error)}
    return {"startup": startup, "cold": cold, "warm": warm}


def time_cold(target: str) -> Timing:
    """Run ``module:function`` in a fresh Python process and return its timings."""
    result = subprocess.run(
        [sys.executable, __file__, "--worker", target],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    name = target.removeprefix(f"{STORYBOARD}.").replace(":", ".")
    try:
        fields = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        lines = result.stderr.strip().splitlines() or ["worker died without output"]
        return Timing(name, error=lines[-1])
    return Timing(name, **fields)


def _report(timings: list[Timing]) -> int:
    width = max([len("function"), *(len(t.name) for t in timings)])
    print(f"{'function':<{width}}  {'cold (s)':>9}  {'warm (s)':>9}")
    for timing in timings:
        if timing.error:
            print(f"{timing.name:<{width}}  {'error':>9}  {timing.error}")
        else:
            print(f"{timing.name:<{width}}  {timing.cold:9.4f}  {timing.warm:9.4f}")
    timed = [t for t in timings if not t.error]
    total = sum(t.cold for t in timed)
    verdict = "within" if total < TARGET_SECONDS else "OVER"
    print(f"{'total (cold)':<{width}}  {total:9.4f}")
    print(
        f"{verdict} the {TARGET_SECONDS} s target: {total:.3f} s "
        f"({100 * total / TARGET_SECONDS:.0f} % of it) for {len(timed)} functions"
    )
    if timed:
        startup = sorted(t.startup for t in timed)[len(timed) // 2]
        print(f"(not counted: library start-up, {startup:.2f} s per process, median)")
    failed = len(timings) - len(timed)
    if failed:
        print(f"{failed} failed: fix them and run again")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Time every scene's numbers and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", metavar="MODULE:FUNCTION", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.worker:
        print(json.dumps(_work(args.worker)))
        return 0
    targets, failures = discover()
    print(
        f"mathviz: {len(targets)} scene functions in {STORYBOARD}, "
        "each timed cold in a fresh process\n"
    )
    return _report(failures + [time_cold(target) for target in targets])


if __name__ == "__main__":
    sys.exit(main())
