"""The layout inspector: judges what a viewer sees, after every animation and half-way through.

Run inside the dry runs of the scene tests (see ``conftest.construct``). After each
``play`` (a ``wait`` is a play) it looks at what is on screen, as the camera shows
it, and records findings:

- **overlap**: two texts or formulas whose boxes overlap (beyond a small tolerance),
  unless the scene declared the overlap (``scenes.widgets.layout.overlapping``);
  also half-way through every animation, for texts that move (a term flying across
  a formula); texts that only fade in or out where they stand are judged at the end;
- **ink**: a text or formula crossed by a visible stroke or mark (a curve, an axis,
  a tick, an arrow, a dot) that is not its own and not hidden under a plate drawn
  after it (a card's panel, a label's backing);
- **anchor**: a label placed for a point (``scenes.widgets.labels``) farther from
  that point than it may be, or with no dot marking the point;
- **frame**: something visible outside the frame's safe margin;
- **contrast**: text below 4.5:1 or a line or curve (a stroke) below 3:1 against
  the background (WCAG AA; opacity blends a colour into the background), unless
  the scene declared it faint decoration (``faint``); filled areas (panels,
  surfaces, zones) and drawings (SVG figures) are not lines;
- **size** (portrait and square): text smaller than 1/60 of the frame's width
  (a code listing: 0.8/60);
- **stale**: something spent (``spend``: a finished countdown, a used marker)
  still on screen at the end of the beat after the one it was spent in;

and, once the scene is over, at its fullest:

- **subject**: its plots (every coordinate system on screen, and what a scene
  marks as its subject) together cover less than :data:`SUBJECT` of the frame,
  or one of them less than :data:`PANEL`;
- **empty** (scenes with plots): what is drawn below the title occupies less than
  :data:`OCCUPIED` of that area;
- **sparse**: the content spans too little of the width or height below the title.

Each finding names the scene's time, the rule and the mobjects, by their text (or
by the scene attribute holding them).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import (
    Code,
    CoordinateSystem,
    DecimalNumber,
    ManimColor,
    MarkupText,
    Mobject,
    Paragraph,
    Scene,
    Surface,
    SVGMobject,
    Text,
    VMobject,
    config,
)

from mathviz.geometry import box_distance
from scenes.style import CODE_FONT
from scenes.widgets.ink import TEXT_TYPES, VISIBLE, Ink, is_text
from scenes.widgets.readouts import LiveNumber

__all__ = ["Inspector"]

OVERLAP = 0.02
"""How far (scene units) two texts' boxes may reach into each other."""
CROSSING = 0.03
"""How far into a text's box a stroke may reach before it crosses the text."""
MOVED = 0.05
"""How far (scene units) a text must travel during an animation to count as moving."""
SAFE = 0.15
"""Width of the band along the frame's edges that must stay empty (scene units)."""
TEXT_CONTRAST, LINE_CONTRAST = 4.5, 3.0
"""WCAG AA: text, and lines, curves and other graphics."""
SMALLEST_TEXT = 1 / 60
"""Smallest cap height of text in portrait and square, as a fraction of the frame's width."""
SMALLEST_CODE = 0.8 / 60
"""The same for a code listing and what it prints: its lines are kept whole (a 40-character line of a
real script in a square frame, beside its plot, cannot be larger), and read one
highlighted line at a time."""
CAP_HEIGHT = {"text": 0.486 / 48, "tex": 0.340 / 48}
"""Cap height (scene units) per point of font size: Pango text and LaTeX formulas."""
SPAN = {"landscape": (0.7, 0.55), "portrait": (0.55, 0.7), "square": (0.6, 0.6)}
"""At its fullest, the content spans at least this much of the free area's width and
height (below the title): a tall frame is filled down its height, a wide one across."""
SUBJECT = {"landscape": 0.30, "portrait": 0.25, "square": 0.25}
"""At its fullest, the plots together cover at least this share of the frame."""
PANEL = 0.10
"""Each plot covers at least this share of the frame, at its largest."""
OCCUPIED = 0.45
"""At its fullest, what is drawn occupies at least this share of the area below the title."""
CELL = 0.25
"""Side of the grid cells (scene units) the occupied share is counted in."""
PLATE = 0.8
"""A filled part at least this opaque, under a text, hides the strokes drawn before it."""
DOT_REACH = 0.08
"""How close to a label's point a dot must be to mark it."""


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
    occupied: float = 0.0
    plots: float = 0.0
    """The largest share of the frame the plots covered together."""
    panels: dict[int, tuple[float, str]] = field(default_factory=dict)
    """Each plot's largest share of the frame, and its name."""
    spent: set[int] = field(default_factory=set)
    """What was spent and on screen when the last beat ended."""
    halfway: list[tuple[Mobject, Mobject, np.ndarray, np.ndarray, float]] = field(
        default_factory=list
    )
    """Texts overlapping half-way through the current animation, with their boxes."""
    cache: dict[tuple[str, int], Any] = field(default_factory=dict)
    """What one look has found of each part (its points as seen, whether it shows)."""

    # -- hooks ------------------------------------------------------------------------

    def look(self, scene: Scene) -> None:
        """Judge what is on screen now (an animation has ended)."""
        _turn_camera(scene)
        self.cache.clear()
        units = list(self._units(scene))
        boxes = self._boxes(scene, units)
        self._moved_through(scene, boxes)
        self._overlaps(scene, boxes)
        self._ink(scene, boxes)
        self._anchors(scene)
        self._frame(scene)
        self._contrast(scene, units)
        if self.shape != "landscape":
            self._sizes(scene, units)
        self._span(scene, boxes)

    def look_halfway(self, scene: Scene) -> None:
        """Half-way through an animation: note the texts that overlap now."""
        _turn_camera(scene)
        self.cache.clear()
        boxes = self._boxes(scene, list(self._units(scene)))
        self.halfway = [
            (a, b, box_a, box_b, scene.renderer.time)
            for (a, box_a), (b, box_b) in _overlapping_pairs(boxes)
        ]

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
        """The findings, once the scene is over (adds the rules judged at its fullest)."""
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
        if self.panels and self.occupied < OCCUPIED:
            self._add(
                scene,
                "empty",
                f"at its fullest, what is drawn occupies {self.occupied:.0%} of the "
                f"area below the title (needs {OCCUPIED:.0%})",
            )
        if self.panels and self.plots < SUBJECT[self.shape]:
            self._add(
                scene,
                "subject",
                f"the plots cover at most {self.plots:.0%} of the frame together "
                f"(needs {SUBJECT[self.shape]:.0%})",
            )
        for share, name in self.panels.values():
            if share < PANEL:
                self._add(
                    scene,
                    "subject",
                    f"{name} covers at most {share:.0%} of the frame (needs {PANEL:.0%})",
                )
        return [str(finding) for finding in self.findings]

    # -- checks ------------------------------------------------------------------------

    def _overlaps(self, scene: Scene, boxes: dict[Mobject, np.ndarray]) -> None:
        for (a, _), (b, _) in _overlapping_pairs(boxes):
            self._add(scene, "overlap", f"{describe(a)} overlaps {describe(b)}")

    def _moved_through(self, scene: Scene, boxes: dict[Mobject, np.ndarray]) -> None:
        """Overlaps seen half-way through the animation that just ended, by moving texts."""
        for a, b, box_a, box_b, time in self.halfway:
            moved = [
                unit
                for unit, box in ((a, box_a), (b, box_b))
                if np.abs(self._box_now(scene, unit, boxes) - box).max() > MOVED
            ]
            if moved:
                self._add(
                    scene,
                    "overlap",
                    f"{describe(a)} overlaps {describe(b)} half-way through the "
                    f"animation (t={time:.1f}s) as {describe(moved[0])} moves",
                )
        self.halfway = []

    def _ink(self, scene: Scene, boxes: dict[Mobject, np.ndarray]) -> None:
        ink = Ink.of(scene.mobjects, self._projection(scene), self._seen)
        order = {id(part): k for k, part in enumerate(self._family(scene))}
        plates = [
            (order[id(part)], *_bounds(self._points(scene, part)))
            for part in self._parts(scene)
            if part.get_fill_opacity() >= PLATE and not is_text(part)
        ]
        plate_order = np.array([k for k, _, _ in plates], dtype=int)
        plate_low = np.array([low for _, low, _ in plates]).reshape(-1, 2)
        plate_high = np.array([high for _, _, high in plates]).reshape(-1, 2)
        for unit, box in boxes.items():
            low, high = box[0] + CROSSING, box[1] - CROSSING
            if np.any(low >= high):
                continue
            own = {id(part) for part in unit.get_family()}
            # The last plate under the text, drawn before it, hides what is drawn
            # before that plate.
            under = (
                (plate_order < order.get(id(unit), 0))
                & np.all(plate_low <= box[0] + 0.01, axis=1)
                & np.all(plate_high >= box[1] - 0.01, axis=1)
            )
            hidden_below = int(plate_order[under].max()) if under.any() else -1
            for owner in ink.crossing(low, high):
                if (
                    id(owner) in own
                    or order.get(id(owner), 0) < hidden_below
                    or _declared(unit, owner)
                    or is_text(owner)
                ):
                    continue
                self._add(
                    scene,
                    "ink",
                    f"{describe(unit)} is crossed by {self._name(scene, owner)}",
                )

    def _anchors(self, scene: Scene) -> None:
        placed = [
            m
            for m in self._family(scene)
            if hasattr(m, "anchor") and hasattr(m, "reach") and self._shown(m)
        ]
        if not placed:
            return
        marks = [
            _bounds(self._points(scene, part))
            for part in self._parts(scene)
            if part.get_fill_opacity() > VISIBLE and not is_text(part)
        ]
        for label in placed:
            text = getattr(label, "text", label)
            box = _bounds(
                np.vstack(
                    [self._points(scene, p) for p in text.family_members_with_points()]
                )
            )
            anchor = np.asarray(label.anchor)[:2]
            distance = box_distance(box[0], box[1], anchor)
            if distance > label.reach + 0.05:
                self._add(
                    scene,
                    "anchor",
                    f"{describe(text)} stands {distance:.2f} from its point "
                    f"(at most {label.reach:.2f})",
                )
            if not any(
                box_distance(mark[0], mark[1], anchor) < DOT_REACH for mark in marks
            ):
                self._add(
                    scene, "anchor", f"no dot marks the point of {describe(text)}"
                )

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
        areas = {  # (pictures, the club's logo among them, keep their own colours)
            id(part)
            for mobject in [*scene.mobjects, *scene.foreground_mobjects]
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
        def smallest(unit: Mobject) -> float:
            listing = isinstance(unit, Code) or getattr(unit, "font", "") == CODE_FONT
            least = SMALLEST_CODE if listing else SMALLEST_TEXT
            return least * config.frame_width

        small = [
            (height, unit)
            for unit in units
            if (height := cap_height(unit)) is not None
            and height < smallest(unit) - 1e-6
        ]
        if small:
            height, unit = min(small, key=lambda pair: pair[0])
            others = f" (and {len(small) - 1} more)" if len(small) > 1 else ""
            self._add(
                scene,
                "size",
                f"{describe(unit)} is {height / config.frame_width * 60:.2f}/60 of "
                f"the frame's width high (needs {smallest(unit) / config.frame_width * 60:.1f}/60){others}",
            )

    def _span(self, scene: Scene, boxes: dict[Mobject, np.ndarray]) -> None:
        """How far the content spans, how much it occupies, how large its plots are."""
        title = getattr(scene, "title_mobject", None)
        titled = set() if title is None else {id(m) for m in title.get_family()}
        drawn = [
            _bounds(self._points(scene, part))
            for part in self._parts(scene)
            if id(part) not in titled
        ]
        if not drawn:
            return
        panels = list(self._panels(scene))
        # What is baked into the background is on screen too.
        every = np.array([*drawn, *(box for _, box in panels)])
        extent = every[:, 1].max(axis=0) - every[:, 0].min(axis=0)
        width, height = scene.content_size()
        self.fullest = np.maximum(self.fullest, extent / [width, height])
        self.occupied = max(self.occupied, self._occupied(scene, drawn, panels))
        frame = config.frame_width * config.frame_height
        total = 0.0
        for panel, box in panels:
            share = float(np.prod(box[1] - box[0])) / frame
            total += share
            # A zooming plot draws new axes as it moves: one panel all the same.
            key = id(getattr(panel, "plot", panel))
            best, name = self.panels.get(key, (0.0, self._name(scene, panel)))
            self.panels[key] = (max(best, share), name)
        self.plots = max(self.plots, total)

    def _occupied(
        self,
        scene: Scene,
        drawn: list[np.ndarray],
        panels: list[tuple[Mobject, np.ndarray]],
    ) -> float:
        """The share of grid cells below the title that something drawn covers."""
        width, height = scene.content_size()
        centre = np.asarray(scene.content_center())[:2]
        low = centre - [width / 2, height / 2]
        shape = np.maximum(np.ceil(np.array([width, height]) / CELL).astype(int), 1)
        grid = np.zeros(shape, dtype=bool)
        for box in [*drawn, *(box for _, box in panels)]:
            start = np.clip(np.floor((box[0] - low) / CELL).astype(int), 0, shape)
            stop = np.clip(np.ceil((box[1] - low) / CELL).astype(int), 0, shape)
            grid[start[0] : stop[0], start[1] : stop[1]] = True
        return float(grid.mean())

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

    def _panels(self, scene: Scene) -> Iterator[tuple[Mobject, np.ndarray]]:
        """The plots on screen with their boxes: each coordinate system, with the box
        its ranges span (what it holds), and what a scene marks as its subject."""
        for member in self._family(scene):
            if isinstance(member, CoordinateSystem) or getattr(
                member, "subject", False
            ):
                parts = [
                    self._points(scene, part)
                    for part in member.family_members_with_points()
                    if self._shown(part, family=False)
                ]
                if isinstance(member, CoordinateSystem) and parts:
                    parts.append(self._span_corners(scene, member))
                if parts:
                    yield member, _bounds(np.vstack(parts))
        for still in getattr(scene, "baked", ()):  # painted into the background
            parts = still.family_members_with_points()
            yield still, _bounds(np.vstack([self._points(scene, p) for p in parts]))

    def _span_corners(self, scene: Scene, axes: CoordinateSystem) -> np.ndarray:
        """The corners of the box the axes' ranges span, as the camera shows them."""
        ranges = [axis.x_range[:2] for axis in axes.get_axes()]
        corners = np.array([axes.c2p(*corner) for corner in itertools.product(*ranges)])
        transform = getattr(scene.camera, "transform_points_pre_display", None)
        if transform is not None:
            corners = transform(axes, corners)
        return np.asarray(corners)[:, :2]

    def _shown(self, mobject: Mobject, family: bool = True) -> bool:
        if family:
            parts = mobject.family_members_with_points()
            return any(self._shown(part, family=False) for part in parts)
        key = ("shown", id(mobject))
        if key not in self.cache:
            paints = _paints(mobject)
            self.cache[key] = any(opacity > VISIBLE for _, opacity in paints)
        return bool(self.cache[key])

    def _seen(self, part: VMobject) -> bool:
        """Whether the ink of ``part`` is seen (faint decoration is not ink)."""
        return not _faint(part) and self._shown(part, family=False)

    def _projection(self, scene: Scene):
        """A part's points as seen (Ink asks for a part's own points only)."""
        return lambda part, points: self._points(scene, part)

    def _points(self, scene: Scene, part: Mobject) -> np.ndarray:
        key = ("points", id(part))
        if key not in self.cache:
            points = part.points
            transform = getattr(scene.camera, "transform_points_pre_display", None)
            if transform is not None:
                points = transform(part, points)
            self.cache[key] = np.asarray(points)[:, :2]
        return np.asarray(self.cache[key])

    def _boxes(self, scene: Scene, units: list[Mobject]) -> dict[Mobject, np.ndarray]:
        return {
            unit: box for unit in units if (box := self._box(scene, unit)) is not None
        }

    def _box(self, scene: Scene, unit: Mobject) -> np.ndarray | None:
        points = [
            self._points(scene, part)
            for part in unit.family_members_with_points()
            if self._shown(part, family=False)
        ]
        if not points:
            return None
        return _bounds(np.vstack(points))

    def _box_now(
        self, scene: Scene, unit: Mobject, boxes: dict[Mobject, np.ndarray]
    ) -> np.ndarray:
        """Where ``unit`` is now, shown or not."""
        if unit in boxes:
            return boxes[unit]
        every = [self._points(scene, p) for p in unit.family_members_with_points()]
        return _bounds(np.vstack(every)) if every else np.full((2, 2), np.inf)

    def _name(self, scene: Scene, part: Mobject) -> str:
        """A part as a finding names it: its text or kind, and the scene's name for it."""
        for name, value in vars(scene).items():
            if isinstance(value, Mobject) and part in value.get_family():
                return f"{describe(part)} (of self.{name})"
        return describe(part)

    def _add(self, scene: Scene, kind: str, message: str) -> None:
        if (kind, message) not in self.seen:
            self.seen.add((kind, message))
            self.findings.append(Finding(kind, scene.renderer.time, message))


def _turn_camera(scene: Scene) -> None:
    """Look through a 3D camera's angles now.

    A 3D camera turns its angles into a rotation when it draws a frame; the dry runs
    draw none.
    """
    turn = getattr(scene.camera, "reset_rotation_matrix", None)
    if turn is not None:
        turn()


def _bounds(points: np.ndarray) -> np.ndarray:
    return np.array([points.min(axis=0), points.max(axis=0)])


def _overlapping_pairs(
    boxes: dict[Mobject, np.ndarray],
) -> Iterator[tuple[tuple[Mobject, np.ndarray], tuple[Mobject, np.ndarray]]]:
    """Pairs of texts whose boxes overlap, unless the scene declared it."""
    boxed = list(boxes.items())
    if len(boxed) < 2:
        return
    corners = np.array([box for _, box in boxed])  # (n, 2 corners, 2 coordinates)
    reach = np.minimum(corners[:, None, 1], corners[None, :, 1]) - np.maximum(
        corners[:, None, 0], corners[None, :, 0]
    )
    hits = np.all(reach > OVERLAP, axis=-1)
    for i, j in zip(*np.nonzero(np.triu(hits, 1)), strict=True):
        if not _declared(boxed[i][0], boxed[j][0]):
            yield boxed[i], boxed[j]


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
