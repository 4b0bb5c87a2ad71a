"""Final-quality benchmark: `lecture` at high quality against the encoder floor and plain Manim.

Works on a copy of the project in a temporary folder and prints, in one run, for the
2D subset (SecantToTangent, LearningRateOvershoot: encoding-bound) and the whole
lecture, in landscape (1920x1080, 60 fps) and vertical (1080x1920):

- the build's wall time: ``lecture render SCENES`` (the subset) or ``lecture build``
  (the whole lecture, with ``lecture.mp4``), ``--quality high --voice none`` (silent,
  frame for frame as plain Manim's), ``--jobs 2 --force``, formulas cached for
  both sides (see :func:`warm_formulas`);
- the encoder floor: ffmpeg decoding the build's videos and encoding the same frames
  at the same size with libx264's default settings, on the same machine (what encoding
  those frames costs at all), and the build's ratio to it (targets: 2D subset 1.25x,
  whole lecture 1.5x);
- the same scenes by plain serial ``manim render -qh`` (Manim's defaults, the
  scene's options handed as the build does), and its ratio to the floor;
- SSIM of the build's frames against plain Manim's (ffmpeg's ``ssim`` filter; target
  0.98) and both file sizes.

With ``--levers`` it measures instead each encoding lever on the 2D subset
(landscape): the build's wall time and ratio to the floor, SSIM against the
default settings' output and the file size, one variant after another.

Usage: ``python benchmarks/quality_bench.py [--sets 2d lecture] [--formats landscape
vertical] [--jobs 2] [--levers [--only LABEL ...]]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_project import BIN, copy_project, timed_cpu

from lecture.project.manifest import SceneEntry, load_lecture
from lecture.project.settings import render_settings

SUBSET_2D = ("SecantToTangent", "LearningRateOvershoot")
TARGETS = {"2d": 1.25, "lecture": 1.5}
SSIM_TARGET = 0.98


@dataclass(frozen=True)
class Build:
    """One build's wall time and its videos."""

    wall: float
    videos: list[Path]


def lecture_build(
    root: Path, scenes: list[SceneEntry], whole: bool, fmt: str, jobs: int, env: dict
) -> Build:
    """``lecture build`` (whole lecture) or ``lecture render SCENES``, high, silent."""
    manifest = root / "lecture.toml"
    command = [str(BIN / "lecture"), "--manifest", str(manifest)]
    command += ["build"] if whole else ["render", *(s.name for s in scenes)]
    command += ["--quality", "high", "--format", fmt, "--voice", "none"]
    command += ["--jobs", str(jobs), "--force"]
    wall, _ = timed_cpu(f"lecture -j{jobs}", command, root, env)
    folder = root / "build" / load_lecture(manifest).slug / fmt / "high" / "none"
    return Build(wall, [folder / f"{s.stem}.mp4" for s in scenes])


def encoder_floor(videos: list[Path], work: Path, env: dict) -> float:
    """Wall time of libx264 (default settings) encoding the videos' frames again."""
    start = time.perf_counter()
    for video in videos:
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(video), "-map", "0:v",
             "-c:v", "libx264", str(work / "floor.mp4")],
            check=True, env=env,
        )  # fmt: skip
    wall = time.perf_counter() - start
    print(f"  {'encoder floor (libx264 defaults)':<44}{wall:>8.1f} s wall", flush=True)
    return wall


def plain_manim(root: Path, scenes: list[SceneEntry], fmt: str, env: dict) -> Build:
    """Plain serial ``manim render -qh``, at the format's size, one scene after another."""
    settings = render_settings("high", fmt)
    media = root / f"plain-{fmt}"
    config = root / "plain.cfg"
    config.write_text(
        f"[CLI]\nmedia_dir = {media}\ntex_dir = {root / 'plain-tex'}\n"
        f"frame_width = {settings.frame_width!r}\nframe_height = {settings.frame_height!r}\n"
    )
    start = time.perf_counter()
    videos = []
    for scene in scenes:
        command = [
            str(BIN / "manim"), "render", "-qh", "--config_file", str(config),
            "-r", f"{settings.pixel_width},{settings.pixel_height}",
            "-o", scene.name, str(scene.source), scene.name,
        ]  # fmt: skip
        story = {**env, "LECTURE_STORY": json.dumps(scene.inputs)}
        result = subprocess.run(
            command, cwd=root, env=story, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
        videos.extend(media.rglob(f"{scene.name}.mp4"))
    wall = time.perf_counter() - start
    print(f"  {'plain manim render -qh, serial':<44}{wall:>8.1f} s wall", flush=True)
    return Build(
        wall, sorted(videos, key=lambda v: [s.name for s in scenes].index(v.stem))
    )


def ssim(ours: Path, theirs: Path) -> float:
    """SSIM (all planes) of two videos of the same size, frame by frame."""
    result = subprocess.run(
        ["ffmpeg", "-v", "info", "-i", str(ours), "-i", str(theirs),
         "-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    match = re.search(r"All:([\d.]+)", result.stderr)
    if match is None:
        sys.exit(f"no SSIM for {ours.name}:\n{result.stderr[-1000:]}")
    return float(match[1])


def weighted_ssim(ours: list[Path], theirs: list[Path]) -> float:
    """SSIM over several videos, weighted by their sizes on disk (a rough frame count)."""
    values = [ssim(a, b) for a, b in zip(ours, theirs, strict=True)]
    weights = [a.stat().st_size for a in ours]
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)


def megabytes(videos: list[Path]) -> float:
    return sum(v.stat().st_size for v in videos) / 1e6


def warm_formulas(root: Path, env: dict) -> None:
    """Compile every formula of the lecture once, for both sides, before timing.

    A ``lecture build`` at low quality fills the tool's formula cache and a dry
    ``manim render -ql`` of every scene fills plain Manim's (SVGs do not depend
    on the pixel size): the figures compare rendering and encoding, not LaTeX.
    """
    command = [str(BIN / "lecture"), "--manifest", str(root / "lecture.toml")]
    timed_cpu("warm-up: formulas", [*command, "render", "--voice", "none"], root, env)
    config = root / "plain-warm.cfg"
    config.write_text(
        f"[CLI]\nmedia_dir = {root / 'plain-warm'}\ntex_dir = {root / 'plain-tex'}\n"
    )
    start = time.perf_counter()
    for scene in load_lecture(root / "lecture.toml").scenes:
        story = {**env, "LECTURE_STORY": json.dumps(scene.inputs)}
        subprocess.run(
            [str(BIN / "manim"), "render", "-ql", "--dry_run", "--config_file",
             str(config), str(scene.source), scene.name],
            cwd=root, env=story, capture_output=True, check=True,
        )  # fmt: skip
    print(
        f"  {'warm-up: plain Manim formulas':<44}{time.perf_counter() - start:>8.1f} s wall"
    )


def compare(
    root: Path, sets: list[str], formats: list[str], jobs: int, env: dict
) -> None:
    """The main table: build, floor, plain Manim and SSIM per set and format."""
    lecture = load_lecture(root / "lecture.toml")
    warm_formulas(root, env)
    rows = []
    for name in sets:
        whole = name == "lecture"
        scenes = list(lecture.scenes if whole else lecture.select(SUBSET_2D))
        for fmt in formats:
            print(f"{name} ({len(scenes)} scenes), {fmt}:", flush=True)
            ours = lecture_build(root, scenes, whole, fmt, jobs, env)
            floor = encoder_floor(ours.videos, root, env)
            plain = plain_manim(root, scenes, fmt, env)
            quality = weighted_ssim(ours.videos, plain.videos)
            sizes = (megabytes(ours.videos), megabytes(plain.videos))
            rows.append((name, fmt, ours, floor, plain, quality, sizes))
    print(
        f"\n{'set':8}{'format':11}{'lecture':>9}{'floor':>9}{'ratio':>7}{'target':>8}"
        f"{'plain':>9}{'ratio':>7}{'SSIM':>8}{'ours MB':>9}{'plain MB':>9}"
    )
    for name, fmt, ours, floor, plain, quality, (size, plain_size) in rows:
        ratio = ours.wall / floor
        ok = ratio <= TARGETS[name] and quality >= SSIM_TARGET
        print(
            f"{name:8}{fmt:11}{ours.wall:>8.1f}s{floor:>8.1f}s{ratio:>6.2f}x"
            f"{TARGETS[name]:>7.2f}x{plain.wall:>8.1f}s{plain.wall / floor:>6.2f}x"
            f"{quality:>8.4f}{size:>9.2f}{plain_size:>9.2f}"
            f"  {'ok' if ok else 'MISSED'}"
        )


ONE, FOUR = "max_inflight_encoders = 1", "max_inflight_encoders = 4"
LEVERS: dict[str, tuple[str | None, str | None]] = {
    "Manim's defaults (crf 23, medium, 1 in flight)": ("", ONE),
    "4 encoders in flight": ("", FOUR),
    "preset faster": ("preset = faster", ONE),
    "preset veryfast": ("preset = veryfast", ONE),
    "preset veryfast, 1 x264 thread per job": ("preset = veryfast\nthreads = 1", ONE),
    "preset veryfast, 1 thread, 4 in flight": ("preset = veryfast\nthreads = 1", FOUR),
    "preset superfast, 1 thread, 4 in flight": (
        "preset = superfast\nthreads = 1",
        FOUR,
    ),
    "preset ultrafast, 1 thread, 4 in flight": (
        "preset = ultrafast\nthreads = 1",
        FOUR,
    ),
    "the build's own settings": (None, None),
}
"""Settings tried on the 2D subset, as the project's manim.cfg sets them: the
``[video_encoder.options]`` and ``[CLI]`` lines (``None``: the build tool's own)."""


def levers(root: Path, jobs: int, env: dict, only: list[str] | None) -> None:
    """Each lever's build time, ratio to the floor, SSIM and size on the 2D subset."""
    lecture = load_lecture(root / "lecture.toml")
    scenes = list(lecture.select(SUBSET_2D))
    config = root / "manim.cfg"
    original = config.read_text()
    reference: list[Path] = []
    rows = []
    baseline = next(iter(LEVERS))  # always first: the reference of SSIM
    chosen = [baseline, *(k for k in LEVERS if k != baseline and k in (only or LEVERS))]
    for label in chosen:
        options, cli = LEVERS[label]
        print(f"{label}:", flush=True)
        config.write_text(
            original
            if options is None
            else f"{original}\n{cli}\n\n[video_encoder.options]\n{options}\n"
        )
        ours = lecture_build(root, scenes, False, "landscape", jobs, env)
        floor = encoder_floor(ours.videos, root, env)
        if not reference:
            reference = [v.with_suffix(".reference.mp4") for v in ours.videos]
            for video, copy in zip(ours.videos, reference, strict=True):
                copy.write_bytes(video.read_bytes())
        quality = weighted_ssim(ours.videos, reference)
        rows.append((label, ours, floor, quality, megabytes(ours.videos)))
    config.write_text(original)
    print(f"\n{'lever':48}{'lecture':>9}{'floor':>9}{'ratio':>7}{'SSIM':>8}{'MB':>8}")
    for label, ours, floor, quality, size in rows:
        print(
            f"{label:48}{ours.wall:>8.1f}s{floor:>8.1f}s{ours.wall / floor:>6.2f}x"
            f"{quality:>8.4f}{size:>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", nargs="+", default=["2d", "lecture"], choices=["2d", "lecture"]
    )
    parser.add_argument(
        "--formats", nargs="+", default=["landscape", "vertical"],
        choices=["landscape", "vertical", "square"],
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--levers", action="store_true", help="measure each lever instead"
    )
    parser.add_argument(
        "--only", nargs="+", default=None, help="with --levers: these levers' labels"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quality-bench-") as folder:
        root = copy_project(Path(folder))
        env = {**os.environ, "PYTHONPATH": str(root)}
        print(f"{os.cpu_count()} cores", flush=True)
        if args.levers:
            levers(root, args.jobs, env, args.only)
        else:
            compare(root, args.sets, args.formats, args.jobs, env)


if __name__ == "__main__":
    main()
