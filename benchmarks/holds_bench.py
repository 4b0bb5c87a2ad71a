"""Holds benchmark: still frames converted once, narrated builds at the silent build's pace.

Works on a copy of the project in a temporary folder and prints, in one run, side by
side (the load average beside each figure: another run on the machine inflates wall
time):

``hold``
    A scene that adds a text and a circle, then waits 10 s, rendered at 1080p60 with
    the build's encoder settings (see ``lecture.render.jobs.write_config``), with the
    still-frame adapter (``scenes/encoder.py``) on and off, alternately, ``--rounds``
    times each: the median wall and CPU time of the whole render and of the hold
    alone (the render minus the same scene waiting one frame); target: the adapter
    at least 3x faster. The two videos' SSIM, sizes, frame counts and durations.
``high``
    The whole lecture at ``--quality high``, landscape, ``lecture build -j2``: silent
    (``--voice none --force``) against narrated by piper with its speech and beats
    cached (``--voice piper --force``; target: at most 1.2x the silent build's time,
    although its video is longer), and against the same narrated build without the
    adapter (``LECTURE_ENCODER_ADAPTER=off``, Manim's own ``write_frame``, in an output
    folder of its own with the same caches): SSIM of the two narrated lectures and the
    file sizes. Then the no-change rebuild (target < 1 s) and ``lecture slides`` after
    the build (target: nothing rendered; whole lecture only).
``low``
    The same at ``--quality low``: narrated (speech and beats cached) against silent
    (target: at most 1.2x); the no-change rebuild and the slides after the build.

Before the timed builds of a quality, a silent build compiles every formula and a
narrated one collects the beats and synthesises the speech (their times are printed
too). With SCENE names, the builds are of those scenes only (``lecture build
SCENE...``), to try the script quickly.

Usage: ``python benchmarks/holds_bench.py [SCENE ...] [--parts hold high low]
[--rounds 3] [--jobs 2]`` (scene names before ``--parts``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_project import BIN, copy_project, timed_cpu
from quality_bench import ssim

from lecture.project.manifest import load_lecture
from lecture.project.settings import render_settings
from lecture.render.jobs import write_config
from scenes.encoder import SWITCH

HOLD_SCENE = """
import os

from manim import *


class Hold(Scene):
    def construct(self):
        self.add(Text("A still frame"), Circle(color=BLUE).shift(2 * DOWN))
        self.wait(float(os.environ["HOLD_SECONDS"]))
"""
HOLD_SECONDS = 10.0
TARGETS = {"hold": 3.0, "narrated": 1.2, "rebuild": 1.0}


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


# --- the hold scene ------------------------------------------------------------------


def hold(root: Path, rounds: int, env: dict[str, str]) -> None:
    """The 10 s hold at 1080p60, the adapter on against off, ``rounds`` times each."""
    folder = root / "hold"
    folder.mkdir()
    (folder / "hold.py").write_text(HOLD_SCENE)
    config = folder / "manim.cfg"
    write_config(
        config,
        folder,
        folder / "media",
        folder / "video",
        render_settings("high", "landscape"),
    )
    command = [str(BIN / "python"), "-m", "manim", "render"]
    command += ["--config_file", str(config), "hold.py", "Hold"]
    times: dict[tuple[str, float], list[tuple[float, float]]] = {}
    videos: dict[str, Path] = {}
    print("hold scene, 1080p60, the build's encoder settings:", flush=True)
    for _ in range(rounds):
        for adapter in ("on", "off"):
            for seconds in (HOLD_SECONDS, 1 / 60):
                run = {**env, SWITCH: adapter, "HOLD_SECONDS": str(seconds)}
                label = f"adapter {adapter}, wait {seconds:.3g} s"
                times.setdefault((adapter, seconds), []).append(
                    timed_cpu(label, command, folder, run)
                )
                if seconds == HOLD_SECONDS:
                    video = folder / "video" / "Hold.mp4"
                    videos[adapter] = video.rename(folder / f"hold-{adapter}.mp4")

    def median(adapter: str, seconds: float, index: int) -> float:
        return statistics.median(t[index] for t in times[(adapter, seconds)])

    print(f"\n{'hold scene (median)':34}{'adapter off':>12}{'adapter on':>12}"
          f"{'speed-up':>10}{'target':>8}")  # fmt: skip
    for label, index in (("render, wall", 0), ("render, CPU", 1)):
        off, on = median("off", HOLD_SECONDS, index), median("on", HOLD_SECONDS, index)
        verdict = "ok" if off / on >= TARGETS["hold"] else "MISSED"
        print(f"{label:34}{off:>11.2f}s{on:>11.2f}s{off / on:>9.2f}x"
              f"{TARGETS['hold']:>7.1f}x  {verdict}")  # fmt: skip
    for label, index in (("the hold alone, wall", 0), ("the hold alone, CPU", 1)):
        off = median("off", HOLD_SECONDS, index) - median("off", 1 / 60, index)
        on = median("on", HOLD_SECONDS, index) - median("on", 1 / 60, index)
        print(f"{label:34}{off:>11.2f}s{on:>11.2f}s{off / on:>9.2f}x")
    on, off = (probe(videos[a]) for a in ("on", "off"))
    print(
        f"\nSSIM on/off {ssim(videos['on'], videos['off']):.4f}; "
        f"identical bytes: {videos['on'].read_bytes() == videos['off'].read_bytes()}; "
        f"sizes {videos['on'].stat().st_size / 1e6:.2f} / "
        f"{videos['off'].stat().st_size / 1e6:.2f} MB; frames {on.frames} / "
        f"{off.frames}; durations {on.seconds:.4f} / {off.seconds:.4f} s\n"
    )


@dataclass(frozen=True)
class Video:
    frames: int
    seconds: float


def probe(video: Path) -> Video:
    """Frames counted by decoding, and the video stream's duration."""
    data = json.loads(
        subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=nb_read_frames,duration",
                "-of",
                "json",
                str(video),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout  # fmt: skip
    )["streams"][0]
    return Video(int(data["nb_read_frames"]), float(data["duration"]))


# --- whole-lecture builds ------------------------------------------------------------


def builds(
    root: Path, quality: str, scenes: list[str], jobs: int, env: dict[str, str]
) -> None:
    """Silent against narrated (and, at high quality, narrated without the adapter)."""
    manifest = root / "lecture.toml"
    lecture = load_lecture(manifest)
    chosen = lecture.select(scenes)
    out = root / "build"
    command = [str(BIN / "lecture"), "--manifest", str(manifest)]
    build = [*command, "build", *scenes, "--quality", quality, "--jobs", str(jobs)]
    print(f"{len(chosen)} scenes at {quality} quality, lecture build -j{jobs}:")

    def output(voice: str, folder: Path = out) -> Path:
        layout = folder / lecture.slug / "landscape" / quality / voice
        name = "lecture" if len(chosen) == len(lecture.scenes) else "lecture-scenes-"
        name += "-".join(f"{s.number:02d}" for s in chosen) if scenes else ""
        return layout / f"{name}.mp4"

    timed_cpu("warm-up: silent, formulas compiled", [*build, "--voice", "none"], root, env)  # fmt: skip
    timed_cpu("warm-up: piper, beats and speech", [*build, "--voice", "piper"], root, env)  # fmt: skip
    silent = timed_cpu("silent (--voice none --force)", [*build, "--voice", "none", "--force"], root, env)  # fmt: skip
    narrated = timed_cpu("narrated (--voice piper --force)", [*build, "--voice", "piper", "--force"], root, env)  # fmt: skip
    rows = [("silent", silent, output("none")), ("narrated", narrated, output("piper"))]
    if quality == "high":
        other = root / "build-without-adapter"
        shutil.copytree(out / ".cache", other / ".cache")
        off = {**env, SWITCH: "off"}
        without = timed_cpu(
            "narrated, adapter off",
            [*build, "--voice", "piper", "--force", "--out", str(other)],
            root,
            off,
        )
        rows.append(("narrated, adapter off", without, output("piper", other)))
    rebuild = timed_cpu("no change (--voice piper)", [*build, "--voice", "piper"], root, env)  # fmt: skip
    rendered: int | None = None
    if not scenes:  # the slides are of the whole lecture
        slides = [*command, "slides", "--quality", quality, "--voice", "piper"]
        start = time.perf_counter()
        log = subprocess.run(
            [*slides, "--jobs", str(jobs)],
            cwd=root, env=env, capture_output=True, text=True, check=True,
        ).stderr  # fmt: skip
        slides_wall = time.perf_counter() - start
        found = re.search(r"(\d+) rendered", log)
        rendered = int(found[1]) if found else -1

    print(f"\n{quality} quality{'':22}{'wall':>9}{'CPU':>9}{'vs silent':>11}"
          f"{'video':>9}{'MB':>8}")  # fmt: skip
    for label, (wall, cpu), video in rows:
        seconds = probe(video).seconds
        print(f"{label:36}{wall:>8.1f}s{cpu:>8.1f}s{wall / silent[0]:>10.2f}x"
              f"{seconds:>8.1f}s{video.stat().st_size / 1e6:>8.2f}")  # fmt: skip
    ratio = narrated[0] / silent[0]
    print(
        f"narrated / silent: {ratio:.2f}x wall, {narrated[1] / silent[1]:.2f}x CPU "
        f"(target {TARGETS['narrated']}x)  {'ok' if ratio <= TARGETS['narrated'] else 'MISSED'}"
    )
    if quality == "high":
        print(
            f"narrated without the adapter / with it: {without[0] / narrated[0]:.2f}x "
            f"wall; SSIM {ssim(output('piper'), output('piper', other)):.4f}"
        )
    print(
        f"no-change rebuild: {rebuild[0]:.2f} s (target < {TARGETS['rebuild']:.0f} s)  "
        f"{'ok' if rebuild[0] < TARGETS['rebuild'] else 'MISSED'}"
    )
    if rendered is not None:
        print(
            f"slides after the build: {rendered} scenes rendered (target 0), "
            f"{slides_wall:.1f} s (the clips' sound and the deck)  "
            f"{'ok' if rendered == 0 else 'MISSED'}"
        )
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", help="scenes to build (default: all)")
    parser.add_argument(
        "--parts", nargs="+", default=["hold", "high", "low"],
        choices=["hold", "high", "low"],
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="holds-bench-") as folder:
        root = copy_project(Path(folder))
        env = {
            **os.environ,
            "PYTHONPATH": str(root),
            "XDG_CACHE_HOME": str(root / "user-cache"),
        }
        print(f"{os.cpu_count()} cores, {load()}", flush=True)
        if "hold" in args.parts:
            hold(root, args.rounds, env)
        for quality in ("high", "low"):
            if quality in args.parts:
                builds(root, quality, args.scenes, args.jobs, env)


if __name__ == "__main__":
    main()
