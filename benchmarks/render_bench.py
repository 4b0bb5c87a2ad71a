"""Render benchmark: the `lecture` tool against plain `manim render -ql`, one run, side by side.

Works on a copy of the project in a temporary folder (the repository is never touched) and
prints, on this machine:

1. a cold build of all scenes with ``lecture render --jobs 2`` against the baseline a user
   would otherwise run: ``manim render -ql`` for each scene, one after another, Manim's
   defaults (target: at least 1.6x faster);
2. a rebuild with nothing changed against the baseline run again with Manim's own cache warm
   (target: at least 20x faster, and under 2 s);
3. which scenes re-render after one scene's module is edited (target: only that scene).

These builds are silent (``--voice none``), as plain Manim's are. With ``--narration``
it measures instead what narration adds to a whole-lecture ``lecture build``, wall
and CPU time (this process's children: the tool, Manim, ffmpeg) side by side, the
load average beside each figure (another run on the machine inflates wall time):

1. ``--voice none``, cold (formulas compiled) and again with ``--force`` (formulas
   cached: the silent reference);
2. ``--voice piper`` with cold speech and beat caches (beats collected, every beat
   synthesised, longer videos, sound), then again with ``--force`` (speech and beats
   cached: longer videos and sound only), then with nothing changed;
3. the two steps narration adds before the renders, alone: collecting every scene's
   beats, and synthesising every beat (``lecture script``).

Usage: ``python benchmarks/render_bench.py [--jobs 2] [--quality low] [--narration] [SCENE ...]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from bench_project import BIN, copy_project, timed, timed_cpu, video_seconds

from lecture.project.manifest import SceneEntry, load_lecture


def speech_seconds(cache: Path) -> float:
    """Seconds of synthetic speech in a speech cache."""
    import wave

    total = 0.0
    for path in cache.glob("*.wav"):
        with wave.open(str(path)) as wav:
            total += wav.getnframes() / wav.getframerate()
    return total


def narration(root: Path, jobs: int, quality: str, env: dict[str, str]) -> None:
    """What narration adds to a whole-lecture build, silent against piper."""
    lecture = load_lecture(root / "lecture.toml")
    build = [
        str(BIN / "lecture"), "--manifest", str(root / "lecture.toml"), "build",
        "--jobs", str(jobs), "--quality", quality,
    ]  # fmt: skip
    folder = root / "build" / lecture.slug / "landscape" / quality
    cache = root / "build" / ".cache"
    print(
        f"{len(lecture.scenes)} scenes, {os.cpu_count()} cores, lecture build -j{jobs}",
        flush=True,
    )
    timed("", [[str(BIN / "python"), "-c", "import manim, piper"]], root, env)
    timed_cpu(
        "--voice none, cold (formulas compiled)", [*build, "--voice", "none"], root, env
    )
    silent = timed_cpu("--voice none --force (formulas cached)", [*build, "--voice", "none", "--force"], root, env)  # fmt: skip
    silent_video = video_seconds(folder / "none")
    cold = timed_cpu("--voice piper, speech and beats cold", [*build, "--voice", "piper"], root, env)  # fmt: skip
    said = speech_seconds(cache / "speech")
    narrated_video = video_seconds(folder / "piper")
    warm = timed_cpu("--voice piper --force, speech and beats cached", [*build, "--voice", "piper", "--force"], root, env)  # fmt: skip
    timed_cpu("--voice piper, nothing changed", [*build, "--voice", "piper"], root, env)
    # The two steps narration adds before a render, alone: collecting every scene's
    # beats (``lecture script --voice none``), then synthesising every beat.
    shutil.rmtree(cache / "beats")
    shutil.rmtree(cache / "speech")
    script = [str(BIN / "lecture"), "--manifest", str(root / "lecture.toml"), "script"]
    out = ["--output", str(root / "script.md")]
    collect = timed_cpu("collect every scene's beats (script, none)", [*script, "--voice", "none", *out], root, env)  # fmt: skip
    speak = timed_cpu("synthesise every beat (script, piper)", [*script, "--voice", "piper", *out], root, env)  # fmt: skip
    print(
        f"\nvideo: {silent_video:.1f} s silent, {narrated_video:.1f} s narrated "
        f"({said:.1f} s of speech in {len(list((cache / 'speech').glob('*.wav')))} beats)"
    )
    print(
        f"collecting beats: {collect[1]:.1f} CPU s; synthesis: {said / speak[1]:.1f} s "
        f"of speech per CPU second ({speak[1]:.1f} CPU s, {speak[0]:.1f} s wall)"
    )
    for label, (wall, cpu) in (("cold speech", cold), ("cached speech", warm)):
        print(
            f"narration adds, {label}: {wall - silent[0]:+.1f} s wall "
            f"({wall / silent[0]:.2f}x), {cpu - silent[1]:+.1f} s CPU ({cpu / silent[1]:.2f}x)"
        )


def outputs(folder: Path) -> dict[str, int]:
    """Inode of every scene video (a re-render replaces the file, so the inode changes)."""
    return {path.name: path.stat().st_ino for path in folder.glob("*.mp4")}


def touch_target(scenes: list[SceneEntry]) -> SceneEntry:
    """The last scene whose module holds no other scene of the lecture."""
    counts: dict[str, int] = {}
    for scene in scenes:
        counts[scene.module] = counts.get(scene.module, 0) + 1
    alone = [scene for scene in scenes if counts[scene.module] == 1]
    return (alone or scenes)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", help="scenes to use (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quality", default="low", choices=["low"])
    parser.add_argument(
        "--narration", action="store_true", help="measure what narration adds instead"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-bench-") as folder:
        root = copy_project(Path(folder))
        env = {**os.environ, "PYTHONPATH": str(root)}
        if args.narration:
            narration(root, args.jobs, args.quality, env)
            return
        manifest = load_lecture(root / "lecture.toml")
        scenes = list(manifest.select(args.scenes))
        manim = str(BIN / "manim")
        lecture = [
            str(BIN / "lecture"), "--manifest", str(root / "lecture.toml"),
            "render", *args.scenes, "--jobs", str(args.jobs), "--quality", args.quality,
            "--voice", "none",
        ]  # fmt: skip
        baseline = [[manim, "render", "-ql", str(s.source), s.name] for s in scenes]
        names = ", ".join(s.name for s in scenes)
        print(f"{len(scenes)} scenes ({names}), {os.cpu_count()} cores", flush=True)

        # Warm the OS file cache for Python and Manim's imports; neither side pays it.
        timed("", [[str(BIN / "python"), "-c", "import manim"]], root, env)

        base_cold = timed("baseline, cold", baseline, root, env)
        tool_cold = timed("lecture, cold", [lecture], root, env)
        base_warm = timed("baseline, Manim's cache warm", baseline, root, env)
        tool_warm = timed("lecture, nothing changed", [lecture], root, env)

        videos = root / "build" / manifest.slug / "landscape" / args.quality / "none"
        before = outputs(videos)
        target = touch_target(scenes)
        with (root / target.source).open("a") as module:
            module.write("\n# edited by benchmarks/render_bench.py\n")
        tool_touch = timed(f"lecture, {target.source} edited", [lecture], root, env)
        after = outputs(videos)
        rerendered = sorted(name for name in after if after[name] != before.get(name))

    cold = base_cold / tool_cold
    warm = base_warm / tool_warm
    rows = [
        ("cold build", base_cold, tool_cold, cold, "1.6x", cold >= 1.6),
        (
            "no-change rebuild",
            base_warm,
            tool_warm,
            warm,
            "20x, < 2 s",
            warm >= 20 and tool_warm < 2,
        ),
    ]
    print(f"\n{'':20}{'manim -ql serial':>18}{f'lecture -j{args.jobs}':>14}"
          f"{'speed-up':>10}{'target':>12}")  # fmt: skip
    for label, base, tool, ratio, goal, ok in rows:
        verdict = "ok" if ok else "MISSED"
        print(
            f"{label:20}{base:>16.2f} s{tool:>12.2f} s{ratio:>9.1f}x"
            f"{goal:>12}  {verdict}"
        )
    expected = [target.stem + ".mp4"]
    verdict = "ok" if rerendered == expected else "MISSED"
    print(
        f"\nedited {target.source}: re-rendered {rerendered} in {tool_touch:.2f} s "
        f"(expected {expected})  {verdict}"
    )


if __name__ == "__main__":
    main()
