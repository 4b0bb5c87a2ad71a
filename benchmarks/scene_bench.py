"""Render cost of each scene: render seconds per video second at preview quality.

Usage: ``python benchmarks/scene_bench.py [SceneName ...]`` (default: every scene in
lecture.toml). Each scene renders once with ``manim render -ql --disable_caching`` into a
fresh media folder (a cold formula cache costs LaTeX time: pass ``--warm`` to render
twice and time the second run). Targets: 2D scenes 0.5, 3D scenes 2.0.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from manim import ThreeDScene

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"2D": 0.5, "3D": 2.0}


def scenes() -> list[tuple[str, str]]:
    """(module, class) of every scene in lecture order."""
    manifest = tomllib.loads((ROOT / "lecture.toml").read_text())
    return [(s["module"], s["name"]) for c in manifest["chapter"] for s in c["scene"]]


def render_seconds(module: str, name: str, media: Path) -> float:
    """Wall time of one preview render."""
    source = ROOT / (module.replace(".", "/") + ".py")
    command = [
        sys.executable,
        "-m",
        "manim",
        "render",
        "-ql",
        "--disable_caching",
        "--media_dir",
        str(media),
        "--progress_bar",
        "none",
        str(source),
        name,
    ]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def video_seconds(media: Path, name: str) -> float:
    """Duration of the rendered video, from ffprobe."""
    (video,) = media.rglob(f"{name}.mp4")
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "json",
            str(video),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(probe.stdout)["format"]["duration"])


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="scene class names (default: all)")
    parser.add_argument("--warm", action="store_true", help="time a second render")
    args = parser.parse_args()
    chosen = [(m, n) for m, n in scenes() if not args.names or n in args.names]
    print(
        f"{'scene':28} {'kind':4} {'render s':>9} {'video s':>8} {'ratio':>6} {'target':>6}"
    )
    for module, name in chosen:
        kind = (
            "3D"
            if issubclass(getattr(importlib.import_module(module), name), ThreeDScene)
            else "2D"
        )
        with tempfile.TemporaryDirectory() as folder:
            media = Path(folder)
            seconds = render_seconds(module, name, media)
            if args.warm:
                seconds = render_seconds(module, name, media)
            length = video_seconds(media, name)
        ratio, target = seconds / length, TARGETS[kind]
        verdict = "ok" if ratio <= target else "SLOW"
        print(
            f"{name:28} {kind:4} {seconds:9.1f} {length:8.1f} {ratio:6.2f} {target:6.1f} {verdict}"
        )


if __name__ == "__main__":
    main()
