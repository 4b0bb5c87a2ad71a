"""Checks shared by the scene tests: frame bounds, screen-to-axes mapping."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from manim import ImageMobject, Mobject, Scene, VMobject

__all__ = ["assert_inside_frame", "built_once", "to_axes"]


def assert_inside_frame(scene: Scene, margin: float = 0.01) -> None:
    """Every visible mobject of ``scene`` lies within the frame it was rendered for."""
    width, height = scene.frame_size
    for mobject in scene.mobjects:
        for part in mobject.family_members_with_points():
            if _invisible(part):
                continue
            points = part.get_all_points()
            assert np.all(np.abs(points[:, 0]) <= width / 2 + margin), (part, width)
            assert np.all(np.abs(points[:, 1]) <= height / 2 + margin), (part, height)


def _invisible(mobject: Mobject) -> bool:
    """Whether nothing of ``mobject`` is drawn (trackers, transparent parts)."""
    if not isinstance(mobject, VMobject):
        return not isinstance(mobject, ImageMobject)
    stroke = mobject.get_stroke_opacity() if mobject.get_stroke_width() > 0 else 0
    return max(mobject.get_fill_opacity(), stroke) == 0


def to_axes(axes, points: np.ndarray) -> np.ndarray:
    """Map screen points back to axis coordinates (for checking, never for display)."""
    return np.array([axes.p2c(point) for point in points])


_BUILT: dict[tuple[type[Scene], str, str], Scene] = {}


def built_once(
    construct,
    scene_class: type[Scene],
    shape: str = "landscape",
    inputs: dict[str, Any] | None = None,
) -> Scene:
    """The scene from ``construct``, built once per test process and then shared.

    For test modules that only read a scene, or set its trackers before each check.
    """
    key = (scene_class, shape, json.dumps(inputs, sort_keys=True))
    if key not in _BUILT:
        _BUILT[key] = construct(scene_class, shape, inputs)
    return _BUILT[key]
