"""Every scene of every lecture builds in every frame shape, fits it, and is captioned.

Each scene runs once per shape with animations skipped, judged by the layout
inspector after every animation and wait; its beats are checked as the voice will
read them: no symbol a voice would read literally, no LaTeX.
"""

import importlib
import re
from pathlib import Path

import numpy as np
import pytest
from manim import RIGHT, UP, UR, ManimColor

from lecture.project.manifest import load_lecture
from scenes.base import MARGIN
from storyboard.narration import beat_id
from storyboard.speech import FORBIDDEN
from storyboard.theme import THEME_VARIABLE, THEMES, Theme
from tests.scenes.helpers import assert_inside_frame

ROOT = Path(__file__).parents[2]
LIGHT = Theme.model_validate(
    {"base": "light", "logo": ROOT / "lectures" / "club-look" / "logo.svg"}
)
"""The shipped light theme, with a logo."""
LIGHT_SAMPLE = {
    "TitleCard",
    "TangentSlide",
    "PartialDerivatives",
    "GradientField",
    "QuizHighLearningRate",
    "CodingGradientDescent",
    "goal",
}
"""Scenes dry-run in the light theme in the default run (every one with ``-m slow``):
text and logo, 2D and 3D, a map, a quiz's dimmed choices, code, a text slide."""
LECTURES = [ROOT / "lecture.toml", *sorted(ROOT.glob("lectures/*/lecture.toml"))]
SCENES = [
    (manifest.parent.name if manifest.parent != ROOT else "default", scene)
    for manifest in LECTURES
    for scene in load_lecture(manifest).scenes
]
LATEX = re.compile(r"\\[A-Za-z]+|\\[,;!{}]|\$")
"""A LaTeX command, spacing or brace, or a maths delimiter."""


@pytest.mark.parametrize(
    ("entry", "shape"),
    [
        pytest.param(
            entry,
            shape,
            id=f"{entry.id}-{shape}",
            marks=[]
            if entry.id in LIGHT_SAMPLE and shape == "landscape"
            else [pytest.mark.slow],
        )
        for entry in load_lecture(LECTURES[0]).scenes
        for shape in ("landscape", "portrait", "square")
    ],
)
def test_every_scene_of_the_lecture_in_the_light_theme(construct, entry, shape):
    variables = {**entry.variables, THEME_VARIABLE: LIGHT.as_json()}
    scene = judged(construct, entry, shape, variables, "default (light)")
    assert scene.camera.background_color == ManimColor(THEMES["light"]["background"])
    logo = scene.logo
    assert logo is not None and logo in scene.foreground_mobjects
    assert logo.get_corner(UR) == pytest.approx(
        np.array([*scene.frame_size, 0]) / 2 - MARGIN * (RIGHT + UP),
        abs=1e-3,
    )


def judged(construct, entry, shape, variables, lecture):
    """The entry's scene after a dry run with ``variables``, checked to have no findings."""
    scene_class = getattr(importlib.import_module(entry.module), entry.name)
    scene = construct(scene_class, shape, inspect=True, variables=variables)
    assert not scene.findings, f"{lecture} {entry.id} [{shape}]:\n" + "\n".join(
        scene.findings
    )
    return scene


@pytest.mark.parametrize(
    ("lecture", "entry", "shape"),
    [
        pytest.param(
            lecture,
            entry,
            shape,
            id=f"{lecture}-{entry.id}-{shape}",
            # (the oldest lecture's options are the least demanding: landscape only
            # in the default run)
            marks=[pytest.mark.slow]
            if lecture == "descent-by-example" and shape != "landscape"
            else [],
        )
        for lecture, entry in SCENES
        for shape in ("landscape", "portrait", "square")
    ],
)
def test_scene_fits_the_frame_and_is_captioned(construct, lecture, entry, shape):
    scene = judged(construct, entry, shape, entry.variables, lecture)
    assert_inside_frame(scene)
    if scene.title_mobject is not None:  # (the title card shows the lecture's)
        assert scene.title_mobject.original_text == entry.title

    captions = scene.renderer.file_writer.subcaptions
    assert captions, "every scene narrates its beats"
    starts = [caption.start.total_seconds() for caption in captions]
    ends = [caption.end.total_seconds() for caption in captions]
    assert starts == sorted(starts)
    assert all(s < e for s, e in zip(starts, ends, strict=True))
    assert ends[-1] <= scene.renderer.time + 1e-6

    beats = scene.narration_beats
    assert len(beats) >= 2, "every scene narrates its beats"
    kept = {
        beat_id(number): sorted(FORBIDDEN & set(beat.say)) + LATEX.findall(beat.say)
        for number, beat in enumerate(beats, 1)
    }
    assert not any(kept.values()), {
        f"{entry.name}/{number}: {beats[int(number) - 1].say!r}": symbols
        for number, symbols in kept.items()
        if symbols
    }
