"""Every scene of the lecture builds in every frame shape, fits it, and is captioned."""

import importlib
import tomllib
from pathlib import Path

import pytest

from tests.scenes.helpers import assert_inside_frame

MANIFEST = tomllib.loads((Path(__file__).parents[2] / "lecture.toml").read_text())
SCENES = [
    (scene["module"], scene["name"])
    for chapter in MANIFEST["chapter"]
    for scene in chapter["scene"]
]


@pytest.mark.parametrize("shape", ["landscape", "portrait", "square"])
@pytest.mark.parametrize(("module", "name"), SCENES, ids=[name for _, name in SCENES])
def test_scene_fits_the_frame_and_is_captioned(construct, module, name, shape):
    scene = construct(getattr(importlib.import_module(module), name), shape)
    assert_inside_frame(scene)

    captions = scene.renderer.file_writer.subcaptions
    assert captions, "every scene narrates its beats"
    starts = [caption.start.total_seconds() for caption in captions]
    ends = [caption.end.total_seconds() for caption in captions]
    assert starts == sorted(starts)
    assert all(s < e for s, e in zip(starts, ends, strict=True))
    assert ends[-1] <= scene.renderer.time + 1e-6
