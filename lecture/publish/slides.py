"""Slides: the lecture as a click-through deck, one slide per beat, in HTML and PowerPoint.

Scenes mark their slides with Manim's sections (``LectureScene.narrate`` starts
one per beat), and every render saves one clip per section beside the scene's
video (see :mod:`lecture.render.renderer`), so the slides render nothing of their own: a
lecture built before needs no render at all. ``slide_clips`` gives each section
clip (Manim's are silent) its beat's speech, cut from the scene's sound (levelled
speech, at the lecture's loudness as it is), in the deck's ``clips/`` folder;
``write_deck`` turns the clips into ``slides/lecture.html``, a deck with its
player inlined that needs nothing but its ``clips/`` folder (no network; sound
from the first click on, as browsers allow), and ``slides/lecture.pptx`` with
one embedded video, with its sound, per beat.
"""

from __future__ import annotations

import functools
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

import numpy as np
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from lecture.kit import recipes
from lecture.kit.files import digest, read_stamp, stamp_path
from lecture.kit.media import ffmpeg
from lecture.project.layout import OutputLayout, read_sections
from lecture.project.manifest import Lecture, SceneEntry
from lecture.publish.package import Product, derive, has_sound, parallel
from lecture.render.session import BuildSession
from lecture.sound.audio import cut, mux

__all__ = [
    "LOOP_SLIDE",
    "Slide",
    "clips_folder",
    "deck_folder",
    "deck_html",
    "read_slides",
    "section_index",
    "slide_clips",
    "write_deck",
]

LOOP_SLIDE = "lecture.loop"
"""Section type of a looping beat (as ``scenes.base.LOOP_SLIDE``; lecture/ imports no Manim)."""

_UNNAMED = "autocreated"
"""Manim's name for the section a scene starts in, before any slide break."""

_PPTX_LONG_SIDE = Emu(12192000)
"""Long side of a PowerPoint slide: 13.33 inches, PowerPoint's 16:9 default width."""

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


@dataclass(frozen=True)
class Slide:
    """One slide of the deck: a chapter's title, or one beat of a scene.

    Attributes
    ----------
    title
        The chapter's title, or the beat's caption (the scene's title for
        animation before its first beat).
    kicker
        The line above a chapter's title (``"Chapter 2"``); empty for beats.
    clip
        The beat's video; ``None`` for a chapter's title slide.
    loop
        Whether the beat's video repeats until the presenter moves on.
    """

    title: str
    kicker: str = ""
    clip: Path | None = None
    loop: bool = False


def deck_folder(layout: OutputLayout) -> Path:
    """The folder that holds the deck: ``lecture.html``, ``lecture.pptx``, ``clips/``."""
    return layout.folder / "slides"


def clips_folder(layout: OutputLayout, scene: SceneEntry) -> Path:
    """The folder of a scene's slide clips and their index."""
    return deck_folder(layout) / "clips" / scene.stem


def section_index(layout: OutputLayout, scene: SceneEntry) -> Path:
    """Manim's index of a scene's sections (name, type and clip of each, in order)."""
    return clips_folder(layout, scene) / f"{scene.name}.json"


# --- clips with their sound -------------------------------------------------------


def slide_clips(session: BuildSession) -> list[Product]:
    """Each scene's slide clips in the deck's folder, with their beats' speech.

    A clip is the scene's section clip (frame for frame a stretch of its video)
    with the stretch of the scene's sound it covers: its beat's speech; a scene
    without sound gives its clips as they are (hard links). Every scene
    must be rendered. Clips are stamped with the scene's fingerprint and made
    again only when the scene was rendered again; clips of beats the scene no
    longer has are removed.
    """
    layout = session.layout

    def clips(scene: SceneEntry) -> list[Product]:
        index = layout.sections(scene)
        base = str((read_stamp(index) or {}).get("fingerprint"))
        folder = clips_folder(layout, scene)
        entries = read_sections(index)
        kept = [folder / entry["video"] for entry in entries] + [folder / index.name]
        for stale in set(folder.glob("*")) - {*kept, *map(stamp_path, kept)}:
            stale.unlink()
        layout.work.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=layout.work) as scratch:
            sound = functools.cache(
                functools.partial(
                    _sound, layout.video(scene), Path(scratch) / "sound.wav"
                )
            )
            products = []
            start = 0.0
            for entry in entries:
                section = index.parent / entry["video"]
                end = start + float(entry["duration"])
                make = functools.partial(_slide_clip, section, sound, start, end)
                made = digest(recipes.SLIDE_CLIP, base, section.name)
                products.append(derive(folder / section.name, made, layout, make))
                start = end

        def copy_index(temp: Path) -> None:
            shutil.copyfile(index, temp)

        products.append(derive(section_index(layout, scene), base, layout, copy_index))
        return products

    return parallel(session.jobs, clips, session.lecture.scenes)


def _slide_clip(
    section: Path,
    sound: Callable[[], Path | None],
    start: float,
    end: float,
    temp: Path,
) -> None:
    """A section clip in ``temp``, with the scene's ``sound()`` from ``start`` to ``end`` s.

    The stretch is its beat's levelled speech and silence: at the target loudness
    as it is. A silent scene's clip is linked as it is.
    """
    track = sound()
    if track is None:
        os.link(section, temp)
        return
    mux(section, cut(track, start, end, temp.with_suffix(".wav")), temp)


def _sound(video: Path, out: Path) -> Path | None:
    """A video's sound as WAV in ``out``; ``None`` if it has none."""
    if not has_sound(video):
        return None
    ffmpeg("-i", video, "-map", "0:a:0", "-c:a", "pcm_s16le", out)
    return out


# --- the deck ----------------------------------------------------------------------


def read_slides(lecture: Lecture, layout: OutputLayout) -> tuple[Slide, ...]:
    """The deck's slides in order: each chapter's title, then its scenes' beats.

    Chapters without scenes get no slide.

    Raises
    ------
    OSError, ValueError
        If a scene's section index is missing or malformed.
    """
    slides: list[Slide] = []
    chapters = [chapter for chapter in lecture.chapters if chapter.scenes]
    for number, chapter in enumerate(chapters, 1):
        slides.append(Slide(chapter.title, kicker=f"Chapter {number}"))
        for scene in chapter.scenes:
            folder = clips_folder(layout, scene)
            slides.extend(
                Slide(
                    scene.title if section["name"] == _UNNAMED else section["name"],
                    clip=folder / section["video"],
                    loop=section.get("type") == LOOP_SLIDE,
                )
                for section in read_sections(section_index(layout, scene))
            )
    return tuple(slides)


def write_deck(session: BuildSession) -> list[Product]:
    """Write ``slides/lecture.html`` and ``slides/lecture.pptx`` from the clips.

    Every scene's clips must be current (see :func:`slide_clips`). Clip
    folders of scenes no longer in the lecture are removed.
    """
    lecture, layout = session.lecture, session.layout
    folder = deck_folder(layout)
    slides = read_slides(lecture, layout)
    current = {clips_folder(layout, scene) for scene in lecture.scenes}
    for stale in set((folder / "clips").iterdir()) - current:
        shutil.rmtree(stale, ignore_errors=True)
    fingerprint = digest(
        recipes.DECK,
        lecture.full_title,
        [(s.title, s.kicker, _relative(s.clip, folder), s.loop) for s in slides],
        [
            (read_stamp(section_index(layout, scene)) or {}).get("fingerprint")
            for scene in lecture.scenes
        ],
        [_asset(name) for name in _ASSETS],
    )

    def make_html(temp: Path) -> None:
        first = next(slide.clip for slide in slides if slide.clip is not None)
        background = _background(_poster(first, temp.with_suffix(".png")))
        html_text = deck_html(lecture.full_title, slides, folder, background)
        temp.write_text(html_text, encoding="utf-8")

    def make_pptx(temp: Path) -> None:
        _write_pptx(lecture.full_title, slides, temp)

    return [
        derive(folder / "lecture.html", fingerprint, layout, make_html),
        derive(folder / "lecture.pptx", fingerprint, layout, make_pptx),
    ]


_ASSETS = ("deck.html", "player.css", "player.js")
"""The deck's template, styles and player, in ``lecture/publish/deck/``."""


def _asset(name: str) -> str:
    """One of the deck's template files."""
    return (resources.files("lecture.publish") / "deck" / name).read_text(
        encoding="utf-8"
    )


def _relative(clip: Path | None, folder: Path) -> str | None:
    """A clip's path relative to the deck folder, as a URL path."""
    return None if clip is None else quote(clip.relative_to(folder).as_posix())


def _poster(clip: Path, image: Path) -> Path:
    """Write a clip's first frame (what shows before it plays) as a PNG."""
    ffmpeg("-i", clip, "-frames:v", "1", image)
    return image


def _background(image: Path) -> tuple[int, int, int]:
    """The colour most of a frame shows (its median), as RGB."""
    with Image.open(image) as picture:
        pixels = np.asarray(picture.convert("RGB")).reshape(-1, 3)
    red, green, blue = (int(value) for value in np.median(pixels, axis=0))
    return red, green, blue


def deck_html(
    title: str,
    slides: Sequence[Slide],
    folder: Path,
    background: tuple[int, int, int],
) -> str:
    """The deck as one HTML page: styles, player and slide list inlined.

    Clips are referenced relative to ``folder``, where the page will live.
    """
    data = {
        "title": title,
        "slides": [
            {
                "title": slide.title,
                "kicker": slide.kicker,
                "clip": _relative(slide.clip, folder),
                "loop": slide.loop,
            }
            for slide in slides
        ],
    }
    return Template(_asset("deck.html")).substitute(
        title=html.escape(title),
        background="#{:02x}{:02x}{:02x}".format(*background),
        style=_asset("player.css"),
        # "<" escaped so that no text can close the script element early.
        slides=json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"),
        script=_asset("player.js"),
    )


def _write_pptx(title: str, slides: Sequence[Slide], target: Path) -> None:
    """A PowerPoint file of the slides: chapter title cards and one video per beat.

    Slides take the clips' shape; each video starts when its slide is shown
    (looping beats repeat) and shows its first frame until then. A beat's
    caption is its slide's speaker notes.
    """
    posters = {
        slide.clip: _poster(slide.clip, target.with_name(f"poster-{index}.png"))
        for index, slide in enumerate(slides)
        if slide.clip is not None
    }
    first = next(iter(posters.values()))
    background = _background(first)
    with Image.open(first) as picture:
        width, height = picture.size
    scale = _PPTX_LONG_SIDE / max(width, height)
    presentation = Presentation()
    presentation.slide_width = Emu(round(width * scale))
    presentation.slide_height = Emu(round(height * scale))
    size = (presentation.slide_width, presentation.slide_height)
    blank = presentation.slide_layouts[6]
    for slide in slides:
        page = presentation.slides.add_slide(blank)
        page.background.fill.solid()
        page.background.fill.fore_color.rgb = RGBColor(*background)
        if slide.clip is None:
            _title_card(page, slide, title, background, size)
            continue
        movie = page.shapes.add_movie(
            str(slide.clip),
            0,
            0,
            *size,
            poster_frame_image=str(posters[slide.clip]),
            mime_type="video/mp4",
        )
        _play_on_entry(page.element, movie.shape_id, loop=slide.loop)
        page.notes_slide.notes_text_frame.text = slide.title
    presentation.save(str(target))


def _title_card(
    page: Any, slide: Slide, title: str, background: tuple[int, int, int], size: Any
) -> None:
    """A chapter's title slide: kicker, chapter title and the lecture's title."""
    muted = RGBColor(*(round(0.6 * 255 + 0.4 * channel) for channel in background))
    frame = page.shapes.add_textbox(0, 0, *size).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    lines = [
        (slide.kicker, 16, muted, False),
        (slide.title, 40, RGBColor(255, 255, 255), True),
        (title, 18, muted, False),
    ]
    for index, (text, points, colour, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(points)
        run.font.bold = bold
        run.font.color.rgb = colour


def _play_on_entry(slide: Any, shape_id: int, *, loop: bool) -> None:
    """Make a slide's video start when the slide appears (and repeat, if ``loop``).

    python-pptx's movie plays on click; a zero start delay plays it on entry.
    """
    nodes = slide.xpath(
        f"./p:timing//p:cMediaNode[p:tgtEl/p:spTgt/@spid='{shape_id}']/p:cTn"
    )
    (node,) = nodes
    node.find(f"{{{_P}}}stCondLst/{{{_P}}}cond").set("delay", "0")
    if loop:
        node.set("repeatCount", "indefinite")
