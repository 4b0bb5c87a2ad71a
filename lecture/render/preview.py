"""A scene's preview: the frame at the end of every beat, drawn without a video.

:func:`preview_scene` builds one scene as a render would (its story inputs, the
frame size of its format at low quality, the shared formula cache) in its own
process, ``python -m lecture.render.preview JOB.json`` (this module imports Manim
only there), with Manim's animations skipped: every ``play`` and ``wait`` only
advances time, and a frame is drawn only when a beat (a ``with self.narrate(...)``
block) ends. A scene without beats shows its last frame. The frames become
``01.png``, ``02.png``, ... and ``strip.png`` (all of them with their numbers and
captions) in the scene's preview folder, each put in place atomically.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from lecture.kit.files import replacing, shown
from lecture.kit.sheets import SHEET_BACKGROUND, sheet_font
from lecture.project.errors import LectureError
from lecture.project.layout import OutputLayout
from lecture.project.manifest import SceneEntry
from lecture.project.settings import render_settings
from lecture.render.jobs import (
    DRY_RUN,
    draw_nothing,
    first_error,
    merge_cache,
    scene_environment,
    seed_cache,
    write_config,
)

__all__ = ["Preview", "PreviewBeat", "PreviewError", "preview_scene"]

PREVIEW_QUALITY = "low"
"""The quality preset whose pixel size previews are drawn at (854 x 480 landscape)."""

STRIP_WIDTH = 1800
"""The widest a strip gets, in pixels: as many thumbnails per row as fit."""

_THUMB_LONG_SIDE = 427
"""Thumbnails are the frames at half their size."""

_CAPTION_LINES = {"landscape": 2, "vertical": 4, "square": 3}
"""The most lines a caption takes under its thumbnail (longer ones are cut with …)."""


class PreviewError(RuntimeError):
    """The scene failed to build: the first meaningful line of its log."""


@dataclass(frozen=True)
class PreviewBeat:
    """One beat of a preview: its number in the scene (from 1), caption and PNG."""

    number: int
    caption: str
    image: Path


@dataclass(frozen=True)
class Preview:
    """A scene's preview: its beats' frames, the strip of all of them, the time it took."""

    scene: SceneEntry
    beats: tuple[PreviewBeat, ...]
    strip: Path
    seconds: float


def preview_scene(scene: SceneEntry, layout: OutputLayout) -> Preview:
    """Draw the scene at the end of every beat, into ``layout.preview(scene)``.

    The scene's Manim output goes to ``preview.log`` beside the frames. Nothing
    waits for another ``lecture`` run writing to the same output folder: a
    preview works in a scratch folder beside its own (not in ``layout.work``,
    which a starting render clears), writes only its own folder, and adds new
    formulas to the shared cache one atomic rename at a time.

    Raises
    ------
    LectureError
        If the output folder cannot be written to.
    PreviewError
        If the scene fails to build; the previous preview stays as it was.
    """
    start = time.monotonic()
    folder = layout.preview(scene)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LectureError(
            f"cannot write to output folder {layout.out} ({error.strerror or error}); "
            "pass --out DIR with a writable folder"
        ) from None
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".work-") as temporary:
        scratch = Path(temporary)
        code = _run(scene, layout, scratch)
        output = (scratch / "preview.log").read_text(errors="replace")
        _install(scratch / "preview.log", folder / "preview.log")
        if code != 0:
            failure = first_error(output, code)
            raise PreviewError(f"{failure} (see {shown(folder / 'preview.log')})")
        merge_cache(layout.cache, scratch / "media")
        frames = scratch / "frames"
        drawn = json.loads((frames / "beats.json").read_text(encoding="utf-8"))
        beats = tuple(
            PreviewBeat(beat["number"], beat["caption"], folder / beat["image"])
            for beat in drawn
        )
        heading = f"{scene.stem}  {scene.title}  ({layout.fmt})"
        strip = _strip_image(
            heading, [(b, frames / b.image.name) for b in beats], layout.fmt
        )
        for beat in beats:
            _install(frames / beat.image.name, beat.image)
        with replacing(folder / "strip.png") as made:
            strip.save(made, format="PNG")
    for old in folder.glob("[0-9][0-9].png"):
        if int(old.stem) > len(beats):
            old.unlink(missing_ok=True)
    return Preview(scene, beats, folder / "strip.png", time.monotonic() - start)


def _run(scene: SceneEntry, layout: OutputLayout, scratch: Path) -> int:
    """Run the drawing process in ``scratch``; its exit code.

    It leaves there ``media/`` (seeded from the shared formula cache, with the
    formulas it made), ``frames/`` (``NN.png`` and ``beats.json``) and its output,
    ``preview.log``. Its config is a render's at :data:`PREVIEW_QUALITY` in the
    layout's format, its environment a render's
    (:func:`~lecture.render.jobs.scene_environment`).
    """
    media = scratch / "media"
    seed_cache(layout.cache, media)
    config = scratch / "manim.cfg"
    settings = render_settings(PREVIEW_QUALITY, layout.fmt)
    write_config(config, scene.root, media, scratch / "video", settings)
    job = scratch / "job.json"
    job.write_text(
        json.dumps(
            {
                "config": str(config),
                "module": scene.module,
                "name": scene.name,
                "frames": str(scratch / "frames"),
            }
        ),
        encoding="utf-8",
    )
    with (scratch / "preview.log").open("wb") as output:
        return subprocess.run(
            [sys.executable, "-m", "lecture.render.preview", str(job)],
            cwd=scene.root,
            env=scene_environment(scene.root, scene.variables),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        ).returncode


def _strip_image(
    heading: str, beats: Sequence[tuple[PreviewBeat, Path]], fmt: str
) -> Image.Image:
    """The beats' frames side by side in rows, each with its number and caption.

    Parameters
    ----------
    heading
        The line above them.
    beats
        Each beat with the PNG of its frame.
    fmt
        The frames' format (their aspect sets how many fit in a row).
    """
    images = []
    for _, path in beats:
        with Image.open(path) as opened:
            image = opened.convert("RGB")
        image.thumbnail((_THUMB_LONG_SIDE, _THUMB_LONG_SIDE))
        images.append(image)
    thumb_w, thumb_h = images[0].size
    gap, line_h, header_h = 16, 20, 48
    font = sheet_font(15)
    measure = ImageDraw.Draw(images[0])
    numbers = [f"{beat.number}  " for beat, _ in beats]
    indents = [round(measure.textlength(number, font=font)) for number in numbers]
    captions = [
        _wrapped(measure, beat.caption, font, thumb_w - indent, _CAPTION_LINES[fmt])
        for (beat, _), indent in zip(beats, indents, strict=True)
    ]
    label_h = 6 + max(len(lines) for lines in captions) * line_h
    columns = max(1, min(len(images), (STRIP_WIDTH - gap) // (thumb_w + gap)))
    rows = -(-len(images) // columns)
    strip = Image.new(
        "RGB",
        (columns * (thumb_w + gap) + gap, header_h + rows * (thumb_h + label_h + gap)),
        SHEET_BACKGROUND,
    )
    draw = ImageDraw.Draw(strip)
    draw.text((gap, 14), heading, fill="white", font=sheet_font(20))
    for index, image in enumerate(images):
        x = gap + (index % columns) * (thumb_w + gap)
        y = header_h + (index // columns) * (thumb_h + label_h + gap)
        strip.paste(image, (x, y))
        draw.rectangle((x, y, x + thumb_w - 1, y + thumb_h - 1), outline="#8b93a7")
        draw.text((x, y + thumb_h + 6), numbers[index], fill="#ffd166", font=font)
        for row, line in enumerate(captions[index]):
            position = (x + indents[index], y + thumb_h + 6 + row * line_h)
            draw.text(position, line, fill="white", font=font)
    return strip


def _wrapped(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: float,
    lines: int,
) -> list[str]:
    """``text`` in at most ``lines`` lines no wider than ``width``; cut with "…"."""
    wrapped: list[str] = []
    for word in text.split():
        joined = f"{wrapped[-1]} {word}" if wrapped else word
        if wrapped and draw.textlength(joined, font=font) <= width:
            wrapped[-1] = joined
        else:
            wrapped.append(word)
    if len(wrapped) <= lines and all(
        draw.textlength(line, font=font) <= width for line in wrapped
    ):
        return wrapped
    kept = wrapped[:lines]
    last = " ".join(wrapped[lines - 1 :])
    while last and draw.textlength(last + "…", font=font) > width:
        last = last[:-1]
    return [*kept[:-1], last.rstrip() + "…"]


def _install(made: Path, path: Path) -> None:
    """Move ``made`` to ``path`` atomically (a reader sees the old file or the new)."""
    with replacing(path) as temporary:
        os.replace(made, temporary)


# --- the drawing process -------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Draw the job's scene at each beat's end: ``NN.png`` and ``beats.json``."""
    (job_file,) = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    from manim import config, tempconfig

    config.digest_file(job["config"])
    scene_class = getattr(importlib.import_module(job["module"]), job["name"])
    with tempconfig(DRY_RUN):
        scene = _drawing_beats(scene_class)(skip_animations=True)
        # Only the beats' ends are drawn: not the frame Manim captures per play.
        scene.renderer.update_frame = draw_nothing
        scene.renderer.save_static_frame_data = draw_nothing
        scene.render()
        if not scene.beat_frames:
            scene.beat_frames[0] = (
                "the last frame (the scene has no beats)",
                _frame(scene),
            )
    folder = Path(job["frames"])
    folder.mkdir(parents=True, exist_ok=True)
    drawn = []
    for index, (caption, frame) in sorted(scene.beat_frames.items()):
        image = f"{index + 1:02d}.png"
        Image.fromarray(frame).convert("RGB").save(folder / image, compress_level=1)
        drawn.append({"number": index + 1, "caption": caption, "image": image})
    (folder / "beats.json").write_text(json.dumps(drawn), encoding="utf-8")
    return 0


def _drawing_beats(scene_class: type[Any]) -> type[Any]:
    """``scene_class``, keeping each beat's caption and the frame at its end in ``beat_frames``."""

    class DrawingBeats(scene_class):
        beat_frames: dict[int, tuple[str, Any]]

        def setup(self) -> None:
            self.beat_frames = {}
            super().setup()

        @contextmanager
        def narrate(self, *args: Any, **kwargs: Any) -> Iterator[None]:
            index = len(self.narration_beats)
            with super().narrate(*args, **kwargs):
                yield
            self.beat_frames[index] = (
                self.narration_beats[index].caption,
                _frame(self),
            )

    return DrawingBeats


def _frame(scene: Any) -> Any:
    """What the scene shows now (updaters applied), drawn: an RGBA pixel array."""
    scene.update_mobjects(0)
    renderer = scene.renderer
    type(renderer).update_frame(renderer, scene, ignore_skipping=True)
    return renderer.get_frame()


if __name__ == "__main__":
    sys.exit(main())
