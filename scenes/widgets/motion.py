"""Animations that change mobjects in place, and rate functions for walks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from manim import Animation, Mobject, UpdateFromAlphaFunc, VMobject, smooth

if TYPE_CHECKING:
    from manim.mobject.opengl.opengl_mobject import OpenGLMobject
    from manim.typing import Point3DLike, Vector3D

__all__ = ["UpdateInPlace", "fade", "glide", "grow_in_place", "step_by_step"]


class UpdateInPlace(UpdateFromAlphaFunc):
    """``UpdateFromAlphaFunc`` without the copy of the mobject every animation makes.

    ``update(mobject, alpha)`` changes the mobject in place, so the starting copy
    Manim keeps for interpolating would go unused; for text and big groups it is the
    animation's main cost.
    """

    def create_starting_mobject(self) -> Mobject | OpenGLMobject:
        """The mobject itself: nothing is interpolated from a copy."""
        return self.mobject


def fade(mobject: VMobject, start: float, end: float, **kwargs: Any) -> Animation:
    """Scale the opacity of every part of ``mobject`` from ``start`` to ``end`` times its own.

    ``fade(m, 0, 1)`` fades ``m`` in, ``fade(m, 1, 0.35)`` dims it. Unlike ``FadeIn``
    or ``.animate`` it changes ``mobject`` in place, copying nothing, which is much
    cheaper for text and big groups; parts keep their opacities relative to each
    other (an unfilled curve stays unfilled). ``mobject`` takes its ``start``
    opacity at once, so a later step of a ``Succession`` stays hidden until its turn.
    ``kwargs`` go to the animation (``run_time``, ``remover``, ...).
    """
    parts = mobject.family_members_with_points()
    opacities = [(part.get_stroke_opacity(), part.get_fill_opacity()) for part in parts]

    def update(_: Mobject, alpha: float) -> None:
        scale = start + alpha * (end - start)
        for part, (stroke, fill) in zip(parts, opacities, strict=True):
            part.set_stroke(opacity=stroke * scale, family=False)
            part.set_fill(opacity=fill * scale, family=False)

    update(mobject, 0)
    return UpdateInPlace(mobject, update, **kwargs)


def glide(mobject: Mobject, target: Point3DLike, **kwargs: Any) -> Animation:
    """Move ``mobject``'s centre to ``target`` in place (``.animate`` would copy it)."""
    start = mobject.get_center()
    return UpdateInPlace(
        mobject, lambda m, alpha: m.move_to(start + alpha * (target - start)), **kwargs
    )


def grow_in_place(mobject: Mobject, edge: Vector3D, **kwargs: Any) -> Animation:
    """Stretch ``mobject`` out of its ``edge`` (a bar rising from its base), in place.

    Unlike ``GrowFromEdge`` it does not add ``mobject`` to the scene on its own, so a
    part of a group on screen (a bar of a chart) stays in its group. ``mobject`` is
    flat at once, so a later step of a ``LaggedStart`` waits flat for its turn.
    """
    parts = mobject.get_family()
    final = [part.points.copy() for part in parts]
    base = mobject.get_critical_point(edge)
    axis = int(np.argmax(np.abs(edge)))

    def update(_: Mobject, alpha: float) -> None:
        for part, points in zip(parts, final, strict=True):
            part.points = points.copy()
        mobject.stretch(max(alpha, 1e-6), axis, about_point=base)

    update(mobject, 0)
    return UpdateInPlace(mobject, update, **kwargs)


def step_by_step(steps: int) -> Callable[[float], float]:
    """A rate function that eases in and out of each of ``steps`` equal steps."""

    def rate(alpha: float) -> float:
        done, fraction = divmod(alpha * steps, 1)
        if done >= steps:
            return 1.0
        return (done + smooth(fraction)) / steps

    return rate
