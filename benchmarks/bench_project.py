"""What the build benchmarks share: a scratch copy of the project, timed commands."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def copy_project(target: Path) -> Path:
    """Copy the project's files (tracked or not ignored by git) into ``target``."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def timed(
    label: str, commands: list[list[str]], cwd: Path, env: dict[str, str]
) -> float:
    """Run commands one after another; their total wall time. Any failure aborts."""
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    seconds = time.perf_counter() - start
    if label:
        print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds


def timed_cpu(
    label: str, command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float]:
    """Run a command; print and return its wall and CPU seconds (its whole tree)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"  {label:<44}{wall:>8.1f} s wall{cpu:>8.1f} s CPU"
        f"   (load {load:.1f} -> {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return wall, cpu


def video_seconds(folder: Path) -> float:
    """Seconds of video of the scene MP4s in an output folder."""
    total = 0.0
    for path in folder.glob("[0-9][0-9]-*.mp4"):
        info = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration",
             "-of", "json", str(path)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        total += float(json.loads(info)["format"]["duration"])
    return total
