"""The layout inspector: judges a scene's frame after every animation and wait.

Run inside the dry runs of the scene tests (see ``conftest.construct``). After each
``play`` (a ``wait`` is a play) it looks at what is on screen, as the camera shows
it, and records findings:

- **overlap**: two texts or formulas whose boxes overlap (beyond a small tolerance),
  unless the scene declared the overlap (``scenes.widgets.layout.overlapping``);
- **frame**: something visible outside the frame's safe margin;
- **contrast**: text below 4.5:1 or a line or curve (a stroke) below 3:1 against
  the background (WCAG AA; opacity blends a colour into the background), unless
  the scene declared it faint decoration (``faint``); filled areas (panels,
  surfaces, zones) and drawings (SVG figures) are not lines;
- **size** (portrait and square): text smaller than 1/60 of the frame's width;
- **stale**: something spent (``spend``: a finished countdown, a used marker)
  still on screen at the end of the beat after the one it was spent in;
- **sparse** (judged at the end): the content, at its fullest, spans too little of
  the area below the title.

Each finding names the scene, the format, the time and the mobjects, by their text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import (
    Code,
    DecimalNumber,
    ManimColor,
    MarkupText,
    Mobject,
    Paragraph,
    Scene,
    SingleStringMathTex,
    Surface,
    SVGMobject,
    Text,
    VMobject,
    config,
)

from scenes.widgets.readouts import LiveNumber

__all__ = ["Inspector"]

TEXT_TYPES = (
    Text,
    MarkupText,
    Paragraph,
    SingleStringMathTex,
    DecimalNumber,
    Code,
    LiveNumber,
)
"""What counts as one text or formula."""

OVERLAP = 0.02
"""How far (scene units) two texts' boxes may reach into each other."""
SAFE = 0.15
"""Width of the band along the frame's edges that must stay empty (scene units)."""
TEXT_CONTRAST, LINE_CONTRAST = 4.5, 3.0
"""WCAG AA: text, and lines, curves and other graphics."""
SMALLEST_TEXT = 1 / 60
"""Smallest cap height of text in portrait and square, as a fraction of the frame's width."""
CAP_HEIGHT = {"text": 0.486 / 48, "tex": 0.340 / 48}
"""Cap height (scene units) per point of font size: Pango text and LaTeX formulas."""
SPAN = {"landscape": (0.7, 0.55), "portrait": (0.55, 0.7), "square": (0.6, 0.6)}
"""At its fullest, the content spans at least this much of the free area's width and
height (below the title): a tall frame is filled down its height, a wide one across."""
VISIBLE = 0.05
"""Opacity below which a part is not seen."""


@dataclass
class Finding:
    """One problem the inspector saw."""

    kind: str
    time: float
    message: str

    def __str__(self) -> str:
        return f"t={self.time:.1f}s {self.kind}: {self.message}"


@dataclass
class Inspector:
    """Looks at a scene after every animation; collects findings.

    Parameters
    ----------
    shape
        ``"landscape"``, ``"portrait"`` or ``"square"``.
    """

    shape: str
    findings: list[Finding] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)
    fullest: np.ndarray = field(default_factory=lambda: np.zeros(2))
    spent: set[int] = field(default_factory=set)
    """What was spent and on screen when the last beat ended."""

    # -- hooks ------------------------------------------------------------------------

    def look(self, scene: Scene) -> None:
        """Judge what is on screen now."""
        # A 3D camera turns its angles into a rotation when it draws a frame; the
        # dry runs draw none, so the inspector looks through the camera's angles now.
        turn = getattr(scene.camera, "reset_rotation_matrix", None)
        if turn is not None:
            turn()
        units = list(self._units(scene))
        self._overlaps(scene, units)
        self._frame(scene)
        self._contrast(scene, units)
        if self.shape != "landscape":
            self._sizes(scene, units)
        self._span(scene)

    def beat_ended(self, scene: Scene, caption: str) -> None:
        """A narrated beat is over: what was spent before it must be gone."""
        spent = {
            id(mobject)
            for mobject in self._family(scene)
            if getattr(mobject, "spent", False) and self._shown(mobject)
        }
        for mobject in self._family(scene):
            if id(mobject) in spent & self.spent:
                self._add(
                    scene,
                    "stale",
                    f"{describe(mobject)} still shown at the end of the beat {caption!r}, "
                    "a beat after it was spent",
                )
        self.spent = spent

    def finished(self, scene: Scene) -> list[str]:
        """The findings, once the scene is over (adds the span check)."""
        width, height = self.fullest
        least = SPAN[self.shape]
        if width < least[0] or height < least[1]:
            self._add(
                scene,
                "sparse",
                f"content spans at most {width:.0%} of the free width and "
                f"{height:.0%} of the free height (needs {least[0]:.0%} and "
                f"{least[1]:.0%})",
            )
        return [str(finding) for finding in self.findings]

    # -- checks ------------------------------------------------------------------------

    def _overlaps(self, scene: Scene, units: list[Mobject]) -> None:
        boxed = [
            (unit, box) for unit in units if (box := self._box(scene, unit)) is not None
        ]
        if len(boxed) < 2:
            return
        boxes = np.array([box for _, box in boxed])  # (n, 2 corners, 2 coordinates)
        reach = np.minimum(boxes[:, None, 1], boxes[None, :, 1]) - np.maximum(
            boxes[:, None, 0], boxes[None, :, 0]
        )
        hits = np.all(reach > OVERLAP, axis=-1)
        for i, j in zip(*np.nonzero(np.triu(hits, 1)), strict=True):
            a, b = boxed[i][0], boxed[j][0]
            if not _declared(a, b):
                self._add(scene, "overlap", f"{describe(a)} overlaps {describe(b)}")

    def _frame(self, scene: Scene) -> None:
        half = np.array([config.frame_width, config.frame_height]) / 2 - SAFE
        centre = (
            scene.camera.frame_center[:2]
            if hasattr(scene.camera, "frame_center")
            else 0
        )
        for part in self._parts(scene):
            points = self._points(scene, part) - centre
            if np.any(np.abs(points) > half + 1e-6):
                self._add(
                    scene, "frame", f"{describe(part)} leaves the frame's safe margin"
                )

    def _contrast(self, scene: Scene, units: list[Mobject]) -> None:
        background = np.array(ManimColor(scene.camera.background_color).to_rgb())
        owner = {id(part): unit for unit in units for part in _glyphs(unit)}
        areas = {
            id(part)
            for mobject in scene.mobjects
            for drawing in mobject.get_family()
            if isinstance(drawing, SVGMobject | Surface)
            and not isinstance(drawing, TEXT_TYPES)
            for part in drawing.get_family()
        }
        for part in self._parts(scene):
            if _faint(part) or (id(part) in areas and id(part) not in owner):
                continue
            text = id(part) in owner
            paints = (
                _paints(part)
                if text
                else _paints(part)[len(_paints(part)) - _strokes(part) :]
            )
            needed = TEXT_CONTRAST if text else LINE_CONTRAST
            for rgb, opacity in paints:
                ratio = _contrast(tuple(rgb), round(opacity, 3), tuple(background))
                if ratio < needed - 1e-6:
                    shown = owner.get(id(part), part)
                    self._add(
                        scene,
                        "contrast",
                        f"{describe(shown)} at {ratio:.1f}:1 (needs {needed}:1)",
                    )
                    break

    def _sizes(self, scene: Scene, units: list[Mobject]) -> None:
        smallest = SMALLEST_TEXT * config.frame_width
        small = [
            (height, unit)
            for unit in units
            if (height := cap_height(unit)) is not None and height < smallest - 1e-6
        ]
        if small:
            height, unit = min(small, key=lambda pair: pair[0])
            others = f" (and {len(small) - 1} more)" if len(small) > 1 else ""
            self._add(
                scene,
                "size",
                f"{describe(unit)} is {height / config.frame_width * 60:.2f}/60 of "
                f"the frame's width high (needs 1/60){others}",
            )

    def _span(self, scene: Scene) -> None:
        title = getattr(scene, "title_mobject", None)
        points = [
            self._points(scene, part)
            for part in self._parts(scene)
            if title is None or part not in title.get_family()
        ]
        if not points:
            return
        every = np.vstack(points)
        extent = every.max(axis=0) - every.min(axis=0)
        width, height = scene.content_size()
        self.fullest = np.maximum(self.fullest, extent / [width, height])

    # -- what is on screen -------------------------------------------------------------

    def _family(self, scene: Scene) -> Iterator[Mobject]:
        seen: set[int] = set()
        for mobject in scene.mobjects:
            for member in mobject.get_family():
                if id(member) not in seen:
                    seen.add(id(member))
                    yield member

    def _parts(self, scene: Scene) -> Iterator[VMobject]:
        """Every drawn part with points, as the camera shows it."""
        for member in self._family(scene):
            if (
                isinstance(member, VMobject)
                and member.has_points()
                and self._shown(member, family=False)
            ):
                yield member

    def _units(self, scene: Scene) -> Iterator[Mobject]:
        """The texts and formulas on screen, each once (the outermost)."""

        def walk(mobject: Mobject) -> Iterator[Mobject]:
            if isinstance(mobject, TEXT_TYPES):
                if self._shown(mobject):
                    yield mobject
                return
            for sub in mobject.submobjects:
                yield from walk(sub)

        seen: set[int] = set()
        for mobject in scene.mobjects:
            for unit in walk(mobject):
                if id(unit) not in seen:
                    seen.add(id(unit))
                    yield unit

    @staticmethod
    def _shown(mobject: Mobject, family: bool = True) -> bool:
        parts = mobject.family_members_with_points() if family else [mobject]
        return any(opacity > VISIBLE for part in parts for _, opacity in _paints(part))

    def _points(self, scene: Scene, part: Mobject) -> np.ndarray:
        points = part.points
        transform = getattr(scene.camera, "transform_points_pre_display", None)
        if transform is not None:
            points = transform(part, points)
        return np.asarray(points)[:, :2]

    def _box(self, scene: Scene, unit: Mobject) -> np.ndarray | None:
        points = [
            self._points(scene, part)
            for part in unit.family_members_with_points()
            if self._shown(part, family=False)
        ]
        if not points:
            return None
        every = np.vstack(points)
        return np.array([every.min(axis=0), every.max(axis=0)])

    def _add(self, scene: Scene, kind: str, message: str) -> None:
        if (kind, message) not in self.seen:
            self.seen.add((kind, message))
            self.findings.append(Finding(kind, scene.renderer.time, message))


def _paints(part: Mobject) -> list[tuple[tuple[float, float, float], float]]:
    """The colours a part is drawn in, with their opacity: fill, and stroke if any."""
    if not isinstance(part, VMobject) or not part.has_points():
        return []
    paints: list[tuple[tuple[float, float, float], float]] = []
    fill = part.get_fill_opacity()
    if fill > 0:
        paints.append((tuple(ManimColor(part.get_fill_color()).to_rgb()), float(fill)))
    if part.get_stroke_width() > 0 and part.get_stroke_opacity() > 0:
        paints.append(
            (
                ManimColor(part.get_stroke_color()).to_rgb(),
                float(part.get_stroke_opacity()),
            )
        )
    return paints


def _strokes(part: Mobject) -> int:
    """How many of a part's paints are strokes (0 or 1, the last)."""
    return int(part.get_stroke_width() > 0 and part.get_stroke_opacity() > 0)


def _glyphs(unit: Mobject) -> list[Mobject]:
    """The parts of a text unit that are letters (not a code listing's panel)."""
    if isinstance(unit, Code):
        return [*unit.code_lines.get_family(), *unit.line_numbers.get_family()]
    return unit.get_family()


@functools.cache
def _contrast(
    rgb: tuple[float, float, float], opacity: float, background: Any
) -> float:
    shown = opacity * np.array(rgb) + (1 - opacity) * np.array(background)
    return contrast(shown, background)


def _declared(a: Mobject, b: Mobject) -> bool:
    """Whether the scene declared that ``a`` and ``b`` may overlap."""
    groups_a = {g for m in a.get_family() for g in getattr(m, "overlap_groups", ())}
    groups_b = {g for m in b.get_family() for g in getattr(m, "overlap_groups", ())}
    return bool(groups_a & groups_b)


def _faint(part: Mobject) -> bool:
    return bool(getattr(part, "faint", False))


def luminance(rgb: Iterable[float]) -> float:
    """WCAG relative luminance of an sRGB colour (channels in [0, 1])."""
    channels = np.asarray(list(rgb), dtype=float)
    linear = np.where(
        channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4
    )
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a: Iterable[float], b: Iterable[float]) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def cap_height(unit: Mobject) -> float | None:
    """The height of a capital letter of a text or formula as drawn, if known."""
    size = getattr(unit, "font_size", None)
    if isinstance(unit, Paragraph | Code):
        size = getattr(unit, "made_font_size", None)
        if size is not None:
            size *= unit.height / unit.made_height
    if size is None:
        return None
    kind = "text" if isinstance(unit, Text | MarkupText | Paragraph | Code) else "tex"
    return float(size) * CAP_HEIGHT[kind]


def describe(mobject: Mobject) -> str:
    """A mobject as a finding names it: its text, or its kind."""
    text = getattr(mobject, "original_text", None) or getattr(
        mobject, "tex_string", None
    )
    if isinstance(mobject, DecimalNumber | LiveNumber):
        text = f"{mobject.get_value():g}"
    if isinstance(mobject, Paragraph) and not text:
        text = " / ".join(
            getattr(line, "original_text", "") for line in mobject.submobjects
        ).strip(" /")
    name = type(mobject).__name__
    return f"{name} {text[:40]!r}" if text else name
