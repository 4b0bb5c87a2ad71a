"""How long mathviz takes to compute every number the lecture needs.

Discovers every public zero-argument function in every module of the package
``storyboard`` (one module per storyboard chapter, one function per scene) and
times each one cold: its first call in its own fresh Python process, including the
import of its module and all the sympy work it triggers, as when each scene renders
in its own process. Columns: ``cold`` (wall clock), ``cpu`` (CPU time of the same
call, steadier on a busy machine), ``warm`` (a second call: what the caches save) and
``shared`` (the first call when all functions run one after another in a single
process, sharing caches). Both totals are compared with the 0.5 s target.

Not counted: the libraries' own start-up (importing numpy, sympy and contourpy, and
sympy's first-use initialisation of its code printer, simplifier and solver, paid on a
toy expression unrelated to the lecture), which every scene's process pays whatever
mathviz does; it is printed separately.

Usage: ``.venv/bin/python benchmarks/mathviz_bench.py`` (or ``make bench``). Exits with
status 1 if a function fails, 0 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TARGET_SECONDS", "Timing", "discover", "main", "time_cold"]

#: The budget for all of the lecture's numbers, in seconds.
TARGET_SECONDS = 0.5
STORYBOARD = "storyboard"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """One function's timings in seconds, or the error it raised.

    ``cold`` and ``cpu`` are the wall-clock and CPU time of the first call (with the
    import of its module), ``warm`` the wall-clock time of a second call, and
    ``startup`` the libraries' start-up in that process.
    """

    name: str
    cold: float = float("nan")
    cpu: float = float("nan")
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


def _work(targets: list[str]) -> list[dict[str, float | str]]:
    """Time functions one after the other in this fresh process; runs in the worker."""
    start = time.perf_counter()
    _warm_up_libraries()
    startup = time.perf_counter() - start
    results: list[dict[str, float | str]] = []
    for target in targets:
        module_name, name = target.split(":")
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            function = getattr(importlib.import_module(module_name), name)
            function()
            cold = time.perf_counter() - start
            cpu = time.process_time() - start_cpu
            start = time.perf_counter()
            function()
            warm = time.perf_counter() - start
        except Exception as error:  # reported in the table, not as a traceback
            results.append({"startup": startup, "error": _describe(error)})
        else:
            results.append({"startup": startup, "cold": cold, "cpu": cpu, "warm": warm})
    return results


def time_cold(targets: list[str]) -> list[Timing]:
    """Run ``module:function`` targets in order in one fresh Python process.

    Each target's first call is timed, then a second one; a target that raises is
    reported and the others still run.
    """
    result = subprocess.run(
        [sys.executable, __file__, "--worker", *targets],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    names = [t.removeprefix(f"{STORYBOARD}.").replace(":", ".") for t in targets]
    try:
        fields = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        lines = result.stderr.strip().splitlines() or ["worker died without output"]
        return [Timing(name, error=lines[-1]) for name in names]
    return [Timing(name, **row) for name, row in zip(names, fields, strict=True)]


def _total(label: str, timings: list[Timing]) -> str:
    timed = [t for t in timings if not t.error]
    wall, cpu = sum(t.cold for t in timed), sum(t.cpu for t in timed)
    verdict = "within" if wall < TARGET_SECONDS else "OVER"
    return (
        f"{label}: {wall:.3f} s ({cpu:.3f} s CPU), {verdict} the {TARGET_SECONDS} s "
        f"target ({100 * wall / TARGET_SECONDS:.0f} %)"
    )


def _report(isolated: list[Timing], shared: list[Timing]) -> int:
    width = max([len("function"), *(len(t.name) for t in isolated)])
    columns = ("cold (s)", "cpu (s)", "warm (s)", "shared (s)")
    print(f"{'function':<{width}}" + "".join(f"  {c:>10}" for c in columns))
    for alone, together in zip(isolated, shared, strict=True):
        if alone.error:
            print(f"{alone.name:<{width}}  {'error':>10}  {alone.error}")
            continue
        times = (alone.cold, alone.cpu, alone.warm, together.cold)
        print(f"{alone.name:<{width}}" + "".join(f"  {t:10.4f}" for t in times))
    print()
    print(_total("total, each function in its own process", isolated))
    print(_total("total, all in one process (caches shared)", shared))
    timed = [t for t in isolated if not t.error]
    if timed:
        startup = sorted(t.startup for t in timed)[len(timed) // 2]
        print(f"not counted: library start-up, {startup:.2f} s per process (median)")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > 0.75 * cores:
        print(
            f"note: the machine is busy (load {load:.1f} on {cores} cores), so wall "
            "times are inflated; CPU time is the steadier figure"
        )
    failed = len(isolated) - len(timed)
    if failed:
        print(f"{failed} failed: fix them and run again")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Time every scene's numbers and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--worker", nargs="+", metavar="MODULE:FUNCTION", help=argparse.SUPPRESS
    )
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
    isolated = [timing for target in targets for timing in time_cold([target])]
    shared = time_cold(targets) if targets else []
    return _report(failures + isolated, failures + shared)


if __name__ == "__main__":
    sys.exit(main())
