"""Preview benchmark: ``lecture preview`` against the render it replaces, one run, side by side.

Works on a copy of the project in a temporary folder (the repository is never touched) and
prints, for a 2D scene and a 3D one, with the formula cache warm (a first preview fills it,
shown as "cold"):

1. ``lecture preview SCENE``, whole command wall time, each run after an edit of the
   manifest (so that its check runs again; targets: 3 s for a 2D scene, 8 s for 3D);
2. the baseline, what one did before to see a scene with the manifest's options:
   ``lecture render SCENE --quality low --voice none --force``, after an edit likewise;
3. ``lecture preview SCENE --watch``: from a save of the manifest to the page's new strip.

Each figure is the median of ``--runs`` runs, the load average beside it (another run on
the machine inflates wall time).

Usage: ``python benchmarks/preview_bench.py [--runs 3] [SCENE ...]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench_project import BIN, copy_project, timed

SCENES = {"TangentSlide": ("2D", 3.0), "PartialDerivatives": ("3D", 8.0)}
"""The scenes measured by default, their kind and the preview's target in seconds."""


def median_of(runs: int, once: Callable[[], float]) -> tuple[float, float]:
    """The median of ``runs`` measurements, and the load average before them."""
    load = os.getloadavg()[0]
    return statistics.median(once() for _ in range(runs)), load


def edited(manifest: Path) -> None:
    """Change the manifest's content (a comment), so that its check runs again."""
    with manifest.open("a") as file:
        file.write(f"# edited at {time.time()}\n")


def watch_latency(root: Path, scene: str, env: dict[str, str], runs: int) -> float:
    """Median seconds from a save of the manifest to ``--watch``'s new strip."""
    manifest = root / "lecture.toml"
    process = subprocess.Popen(
        [str(BIN / "lecture"), "preview", scene, "--watch"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        found = re.search(r"http://\S+/", process.stdout.readline())
        assert found, "no page address"
        state = found[0] + "state.json"

        def version() -> int:
            with urllib.request.urlopen(state) as answer:
                return int(json.load(answer)["version"])

        def next_strip(after: int) -> float:
            edited(manifest)
            start = time.perf_counter()
            while version() == after:
                time.sleep(0.02)
            return time.perf_counter() - start

        while version() == 0:
            time.sleep(0.1)
        return statistics.median(next_strip(version()) for _ in range(runs))
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenes", nargs="*", default=list(SCENES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as scratch:
        root = copy_project(Path(scratch))
        manifest = root / "lecture.toml"
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "LECTURE_TRUST_CODE": "1",  # the copy's scenes are this repository's
        }
        lecture = [str(BIN / "lecture")]
        print(f"{os.cpu_count()} cores; median of {args.runs} runs; wall time")
        rows = []
        for scene in args.scenes:
            kind, target = SCENES.get(scene, ("?", float("nan")))
            preview = [*lecture, "preview", scene]
            render = [*lecture, "render", scene, "--quality", "low", "--voice", "none"]
            cold = timed("", [preview], root, env)

            def after_edit(command: list[str]) -> Callable[[], float]:
                def once() -> float:
                    edited(manifest)
                    return timed("", [command], root, env)

                return once

            warm, warm_load = median_of(args.runs, after_edit(preview))
            base, base_load = median_of(args.runs, after_edit([*render, "--force"]))
            watch_load = os.getloadavg()[0]
            watch = watch_latency(root, scene, env, args.runs)
            rows.append(
                (
                    scene,
                    kind,
                    cold,
                    warm,
                    warm_load,
                    target,
                    base,
                    base_load,
                    watch,
                    watch_load,
                )
            )
        print(
            f"{'scene':<20}{'':>4}{'preview cold':>14}{'preview':>10}{'(load)':>8}"
            f"{'target':>8}{'render low':>12}{'(load)':>8}{'speed-up':>10}"
            f"{'--watch save':>14}{'(load)':>8}"
        )
        for scene, kind, cold, warm, wl, target, base, bl, watch, sl in rows:
            print(
                f"{scene:<20}{kind:>4}{cold:>12.2f} s{warm:>8.2f} s{wl:>8.1f}"
                f"{target:>6.0f} s{base:>10.2f} s{bl:>8.1f}{base / warm:>9.1f}x"
                f"{watch:>12.2f} s{sl:>8.1f}"
            )


if __name__ == "__main__":
    main()
