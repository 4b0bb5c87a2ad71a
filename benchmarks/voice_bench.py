"""Seconds of speech per CPU second: piper cold (model load included) and cached, flite.

Each measurement runs in a fresh Python process (so imports and the model load count)
and adds that process's CPU time and its children's (ffmpeg). The texts are captions
of the lecture in spoken form. Then the sound of one minute of scene: a track from
the beats, normalised, muxed into a video.

    python benchmarks/voice_bench.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storyboard.speech import spoken

CAPTIONS = [
    "ML Math Club: Calculus for Optimization.",
    "Optimization means making something the best it can be.",
    "Flip the curve: the maximum of f is the minimum of -f.",
    "Take a point P on a curve.",
    "As h shrinks, the secant's slope settles on one number.",
    "That limit is the derivative: the slope of the tangent line.",
    "The gradient collects the partial derivatives into one vector.",
    "At the point p = (1, 1), it is a matrix of numbers.",
    "Map a square around p by f, and look from f(p), magnified by 1/h.",
    "Start from a flat line; repeat: a := a - alpha dJ/da, b := b - alpha dJ/db.",
    "On a parabola, each step multiplies the distance to the minimum by |1 - L alpha|.",
    "Between 1/L and 2/L each step overshoots, yet lands closer; past 2/L, farther.",
]

SYNTHESIZE = """
import json, sys
from pathlib import Path
from lecture.sound.voice import synthesize
texts, voice, cache = json.loads(sys.argv[1])
print(sum(s.seconds for s in synthesize(texts, voice, Path(cache))))
"""

SCENE_SOUND = """
import json, sys
from pathlib import Path
from lecture.sound.audio import mux, normalize, track
from lecture.sound.voice import synthesize
texts, cache, video, work = json.loads(sys.argv[1])
speech = synthesize(texts, "piper", Path(cache))
beats, t = [], 0.5
for s in speech:
    beats.append((t, s.path))
    t += s.seconds + 1.0
work = Path(work)
raw = track(beats, 60.0, work / "raw.wav")
mux(Path(video), normalize(raw, work / "track.wav"), work / "scene.mp4")
"""


def run(code: str, *args: object) -> tuple[str, float, float]:
    """Run ``code`` in a fresh interpreter: (its output, CPU seconds, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result.stdout.strip(), cpu, wall


def report(label: str, speech: float, cpu: float, wall: float) -> None:
    print(
        f"{label:<32} {speech:6.1f} s of speech in {cpu:5.2f} CPU s ({wall:5.2f} s wall):"
        f" {speech / cpu:6.1f} s of speech per CPU second",
        flush=True,
    )


def main() -> None:
    texts = [spoken(caption) for caption in CAPTIONS]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for voice in ("piper", "flite"):
            cache = work / voice
            out, cpu, wall = run(SYNTHESIZE, texts, voice, str(cache))
            report(f"{voice} cold (load included)", float(out), cpu, wall)
            out, cpu, wall = run(SYNTHESIZE, texts, voice, str(cache))
            report(f"{voice} cached", float(out), cpu, wall)
        video = work / "scene.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=15",
             "-t", "60", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(video)],
            check=True,
        )  # fmt: skip
        _, cpu, wall = run(
            SCENE_SOUND, texts, str(work / "piper"), str(video), str(work)
        )
        print(
            f"{'one minute of scene sound':<32} track + normalise + mux (speech cached):"
            f" {cpu:5.2f} CPU s ({wall:5.2f} s wall)",
            flush=True,
        )


if __name__ == "__main__":
    main()
