"""What every lecture in the repository says: no symbol a voice would read literally.

The beats of every scene of every lecture (lecture.toml, lectures/*/lecture.toml) are
collected as the build tool collects them before a render: all scenes of a lecture in
one Manim process with animations skipped (one test per lecture, so that xdist runs
them side by side). Beats and formulas are kept in pytest's cache
folder between runs, by the scenes' fingerprints, so a scene is built again only
when its code, options or Manim changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lecture.collect import CollectError, Collector
from lecture.fingerprint import Fingerprinter
from lecture.formats import render_settings
from lecture.manifest import load_lecture
from storyboard.narration import beat_id
from storyboard.speech import FORBIDDEN

ROOT = Path(__file__).parents[2]
LECTURES = [ROOT / "lecture.toml", *sorted(ROOT.glob("lectures/*/lecture.toml"))]
LATEX = re.compile(r"\\[A-Za-z]+|\\[,;!{}]|\$")
"""A LaTeX command, spacing or brace, or a maths delimiter."""


@pytest.mark.slow
@pytest.mark.parametrize(
    "manifest",
    LECTURES,
    ids=[m.parent.name if m.parent != ROOT else "default" for m in LECTURES],
)
def test_no_spoken_text_of_any_lecture_keeps_symbols_or_latex(
    manifest, request, tmp_path
):
    cache = (
        request.config.cache.mkdir("lecture-collected")
        if getattr(request.config, "cache", None) is not None
        else tmp_path / "cache"
    )
    settings = render_settings("low", "landscape")
    collector = Collector(Path(cache), tmp_path / "work", settings)
    lecture = load_lecture(manifest)
    hasher = Fingerprinter(lecture)
    name = manifest.parent.name if manifest.parent != ROOT else "default"
    scenes = [(name, s, hasher.scene(s, settings)) for s in lecture.scenes]
    collector.want([(scene, fingerprint) for _, scene, fingerprint in scenes])
    problems, said = [], 0
    try:
        for lecture, scene, fingerprint in scenes:
            try:
                beats = collector.beats(scene, fingerprint)
            except CollectError as error:
                problems.append(f"{lecture}/{scene.name}: does not build: {error}")
                continue
            if not beats:
                problems.append(f"{lecture}/{scene.name}: narrates nothing")
            for number, beat in enumerate(beats, 1):
                said += 1
                kept = sorted(FORBIDDEN & set(beat.say)) + LATEX.findall(beat.say)
                if kept:
                    problems.append(
                        f"{lecture}/{scene.name}/{beat_id(number)}: {beat.say!r} "
                        f"keeps {' '.join(kept)} (caption {beat.caption!r})"
                    )
    finally:
        collector.close()
    assert not problems, "\n".join(problems)
    assert said >= 2 * len(scenes)
