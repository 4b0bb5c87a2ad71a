"""Every scene of every lecture builds in every frame shape, fits it, and is captioned."""

import importlib
from pathlib import Path

import pytest

from lecture.manifest import load_lecture
from tests.scenes.helpers import assert_inside_frame

ROOT = Path(__file__).parents[2]
LECTURES = [ROOT / "lecture.toml", *sorted(ROOT.glob("lectures/*/lecture.toml"))]
SCENES = [
    (manifest.parent.name if manifest.parent != ROOT else "default", scene)
    for manifest in LECTURES
    for scene in load_lecture(manifest).scenes
]


@pytest.mark.parametrize("shape", ["landscape", "portrait", "square"])
@pytest.mark.parametrize(
    ("lecture", "entry"), SCENES, ids=[f"{lecture}-{s.name}" for lecture, s in SCENES]
)
def test_scene_fits_the_frame_and_is_captioned(construct, lecture, entry, shape):
    scene_class = getattr(importlib.import_module(entry.module), entry.name)
    scene = construct(scene_class, shape, entry.inputs, inspect=True)
    assert not scene.findings, f"{entry.name} [{shape}]:\n" + "\n".join(scene.findings)
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
