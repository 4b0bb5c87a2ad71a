"""How long ``lecture check`` takes on pathological formulas, before and after the bounds.

Each case is a one-scene manifest. Both sides run the same thing in a fresh process:
read and check the manifest (``lecture.project.manifest.load_lecture``), down to the scene's
mathematics. The baseline is the project at another commit (by default the one before
the checks were bounded), extracted from git into a scratch folder and put first on
``PYTHONPATH``; a baseline that runs past ``--cap`` seconds is stopped and reported as
such. Both sides' wall and CPU seconds are printed side by side, in one run.

Usage: ``.venv/bin/python benchmarks/check_bench.py [--baseline COMMIT] [--cap 30]``
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "a35af43"
"""The last commit before issue 19 bounded the checks."""

CASES = [
    ("TangentSlide", "scenes.derivatives", {"function": "sin(1000000*x)"}),
    ("TangentSlide", "scenes.derivatives", {"function": "sin(10000*x)"}),
    ("TangentSlide", "scenes.derivatives", {"function": "x^999 - x", "x_range": [-1, 1]}),
    ("TangentSlide", "scenes.derivatives", {"function": "(x + 1)^999 - x", "x_range": [-1.5, -0.5]}),
    ("TangentSlide", "scenes.derivatives", {"function": "(x - 1/3)^50*(x + 1/7)^30 - x", "x_range": [-1, 1]}),
    ("WhatIsOptimization", "scenes.intro", {"function": "sin(x)*cos(3*x)", "x_range": [0.25, 3.75]}),
    ("WhatIsOptimization", "scenes.intro", {"function": "x^3 - 6*x^2 + 9*x + 3"}),
]  # fmt: skip
"""Scene, module and options: the issue's stalls, a slow good formula, the default."""

SNIPPET = """
import sys
import lecture
assert sys.path[1] in lecture.__file__, lecture.__file__
from lecture.project.errors import LectureError
from lecture.project.manifest import load_lecture
try:
    load_lecture(__import__("pathlib").Path(sys.argv[1]))
    print("accepted")
except LectureError as error:
    print(str(error).split(": ", 2)[-1][:70])
"""


def manifest(folder: Path, scene: str, module: str, options: dict[str, object]) -> Path:
    """A one-scene lecture.toml in ``folder``."""
    values = "\n".join(f"{key} = {json.dumps(value)}" for key, value in options.items())
    path = folder / "lecture.toml"
    path.write_text(
        f'[lecture]\ntitle = "Bench"\n[[chapter]]\ntitle = "One"\n'
        f'[[chapter.scene]]\nname = "{scene}"\nmodule = "{module}"\ntitle = "T"\n'
        f"[chapter.scene.options]\n{values}\n"
    )
    return path


def extract(commit: str, target: Path) -> Path:
    """The project's packages at ``commit``, in ``target``."""
    archive = subprocess.run(
        ["git", "archive", commit, "mathviz", "storyboard", "scenes", "lecture"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def run(path: Path, pythonpath: str, cap: float) -> tuple[float, float, str]:
    """Wall and CPU seconds of checking ``path`` in a fresh process, and its answer."""
    env = {**os.environ, "PYTHONPATH": pythonpath}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-c", SNIPPET, str(path)],
            cwd=path.parent,  # not the project: `-c` puts the current folder first
            env=env,
            capture_output=True,
            text=True,
            timeout=cap,
        )
        answer = (result.stdout.strip() or result.stderr.strip().splitlines()[-1])[:70]
    except subprocess.TimeoutExpired:
        answer = f"stopped after {cap:g} s"
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, answer


def main() -> None:
    """Time every case on both sides and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds per baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-bench-") as scratch:
        baseline = extract(args.baseline, Path(scratch) / "baseline")
        print(
            f"load {os.getloadavg()[0]:.1f}; baseline {args.baseline}, cap {args.cap:g} s"
        )
        print(f"{'scene: options':58}{'before':>16}{'after':>16}   after says")
        for number, (scene, module, options) in enumerate(CASES):
            folder = Path(scratch) / f"case-{number}"
            folder.mkdir()
            path = manifest(folder, scene, module, options)
            old = run(path, str(baseline), args.cap)
            new = run(path, str(ROOT), args.cap)
            label = f"{scene}: {', '.join(f'{k}={v}' for k, v in options.items())}"
            print(
                f"{label[:57]:58}{old[0]:>7.1f} s {old[1]:>4.1f} cpu"
                f"{new[0]:>7.1f} s {new[1]:>4.1f} cpu   {new[2]}",
                flush=True,
            )
            if old[2].startswith("stopped"):
                print(f"{'':58}(before: {old[2]})")


if __name__ == "__main__":
    main()
