"""Packaging rendered scenes: the full lecture, captions, social cuts and slide exports.

Every product is derived from scene videos that are already at their stable
paths, is made in scratch space and moved into place with a stamp, and is
skipped when the stamp says its inputs have not changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import srt
from PIL import Image, ImageDraw, ImageFont

from lecture.kit import recipes
from lecture.kit.files import Status, digest, is_fresh, produce, read_stamp
from lecture.kit.media import (
    MediaError,
    VideoInfo,
    audio_info,
    ffmpeg,
    ffprobe,
    probe,
    run_ffmpeg,
)
from lecture.kit.sheets import SHEET_BACKGROUND, sheet_font
from lecture.project.errors import LectureError
from lecture.project.layout import OutputLayout
from lecture.project.manifest import Lecture, SceneEntry
from lecture.render.session import BuildSession
from lecture.sound.audio import SAMPLE_RATE, mux

__all__ = [
    "CAPTION_STYLES",
    "Product",
    "build_lecture",
    "burn_captions",
    "choose_poster_time",
    "derive",
    "export_slides",
    "has_sound",
    "lecture_captions",
    "lecture_files",
    "parallel",
]

CAPTION_STYLES = {
    "landscape": "FontSize=16,MarginV=18",
    "vertical": "FontSize=11,MarginV=60",
    "square": "FontSize=13,MarginV=30",
}
"""libass styles of burned-in captions per format, in units of a 288-line script.

Tall frames get smaller type relative to their height (so lines fit the narrow
width) and a higher baseline, clear of the apps' buttons at the bottom.
"""

_CAPTION_LOOK = (
    "FontName=DejaVu Sans,PrimaryColour=&H00FFFFFF,BorderStyle=3,"
    "OutlineColour=&H80000000,BackColour=&H80000000,Outline=1,Shadow=0"
)

GIF_LONG_SIDE = 640
"""Long side (pixels) of slide GIFs; never enlarged."""
GIF_FPS = 12
WEBM_LONG_SIDE = 1280
"""Long side (pixels) of slide WebM clips; never enlarged."""

_SHEET_COLUMNS = {"landscape": 3, "vertical": 5, "square": 4}
_THUMB_LONG_SIDE = 360


@dataclass(frozen=True)
class Product:
    """A packaged output and what happened to it.

    Attributes
    ----------
    path
        The output's stable path.
    status
        ``"made"``, ``"unchanged"`` (its inputs did not change) or ``"failed"``.
    error
        Why it failed, for failed products.
    """

    path: Path
    status: Status
    error: str | None = None


def derive(
    path: Path, fingerprint: str, layout: OutputLayout, make: Callable[[Path], None]
) -> Product:
    """Make an output unless it is fresh; a failure leaves the old file in place."""
    if is_fresh(path, fingerprint):
        return Product(path, "unchanged")
    try:
        with produce(path, fingerprint, layout.work) as temp:
            make(temp)
    except (MediaError, OSError, ValueError) as error:
        return Product(path, "failed", str(error))
    return Product(path, "made")


def _scene_fingerprint(layout: OutputLayout, scene: SceneEntry) -> str:
    """The fingerprint recorded with a scene's rendered video."""
    stamp = read_stamp(layout.video(scene)) or {}
    return str(stamp.get("fingerprint", ""))


def parallel(
    jobs: int,
    work: Callable[[SceneEntry], list[Product]],
    items: Sequence[SceneEntry],
) -> list[Product]:
    """Run ``work`` on every item, ``jobs`` at a time, keeping the items' order."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return [product for done in pool.map(work, items) for product in done]


def _scene_captions(layout: OutputLayout, scene: SceneEntry) -> list[srt.Subtitle]:
    """A scene's captions (none if it has no narration)."""
    path = layout.captions(scene)
    return list(srt.parse(path.read_text(encoding="utf-8"))) if path.is_file() else []


# --- the full lecture --------------------------------------------------------------


def build_lecture(
    session: BuildSession, scenes: Sequence[SceneEntry] = ()
) -> list[Product]:
    """Write ``lecture.mp4`` (chapter markers from lecture.toml) and ``lecture.srt``.

    With ``scenes`` (fewer than all), write those scenes instead, under their
    chapters, as ``lecture-scenes-NN-NN.mp4``/``.srt`` (see
    :meth:`~lecture.project.layout.OutputLayout.excerpt`), titled with their numbers.

    The scenes must be rendered. Their video streams are joined as they are
    (copied); their sound, if they have any, is joined into one track and encoded
    once (joining AAC streams would leave gaps at the seams); it is levelled
    speech and silence, at the target loudness as it is.
    The MP4 is verified with ffprobe (duration, size, codec, chapter titles and
    times, sound as long as the video) before it replaces the old one.
    """
    lecture, layout = session.lecture, session.layout
    title = lecture.full_title
    video, captions = lecture_files(lecture, layout, scenes)
    if video != layout.lecture_video:
        ids = {scene.id for scene in scenes}
        chapters = tuple(
            replace(c, scenes=tuple(s for s in c.scenes if s.id in ids))
            for c in lecture.chapters
        )
        lecture = replace(lecture, chapters=chapters)
        numbers = ", ".join(str(scene.number) for scene in lecture.scenes)
        title = f"{title} (scenes {numbers})"
    fingerprint = digest(
        recipes.LECTURE,
        title,
        [
            (c.title, [_scene_fingerprint(layout, s) for s in c.scenes])
            for c in lecture.chapters
        ],
    )
    infos: dict[str, VideoInfo] = {}

    def scene_infos() -> list[VideoInfo]:
        if not infos:
            infos.update((s.id, probe(layout.video(s))) for s in lecture.scenes)
        return [infos[s.id] for s in lecture.scenes]

    def make_video(temp: Path) -> None:
        _concatenate(lecture, title, layout, scene_infos(), temp)

    def make_captions(temp: Path) -> None:
        durations = [info.duration for info in scene_infos()]
        temp.write_text(lecture_captions(lecture, layout, durations), encoding="utf-8")

    return [
        derive(video, fingerprint, layout, make_video),
        derive(captions, fingerprint, layout, make_captions),
    ]


def lecture_files(
    lecture: Lecture, layout: OutputLayout, scenes: Sequence[SceneEntry] = ()
) -> tuple[Path, Path]:
    """The video and captions :func:`build_lecture` writes for ``scenes``.

    ``lecture.mp4`` and ``lecture.srt`` for all of them (or none given), else
    ``lecture-scenes-NN-NN.mp4`` and ``.srt`` (see :meth:`OutputLayout.excerpt`).
    """
    if 0 < len(scenes) < len(lecture.scenes):
        ordered = [s for s in lecture.scenes if s.id in {c.id for c in scenes}]
        return layout.excerpt(ordered, ".mp4"), layout.excerpt(ordered, ".srt")
    return layout.lecture_video, layout.lecture_captions


def lecture_captions(
    lecture: Lecture, layout: OutputLayout, durations: Sequence[float]
) -> str:
    """The whole lecture's captions: each scene's, shifted to where the scene starts."""
    captions = []
    offset = timedelta()
    for scene, duration in zip(lecture.scenes, durations, strict=True):
        for caption in _scene_captions(layout, scene):
            captions.append(
                srt.Subtitle(
                    0, caption.start + offset, caption.end + offset, caption.content
                )
            )
        offset += timedelta(seconds=duration)
    return srt.compose(captions, reindex=True)


def _chapter_spans(
    lecture: Lecture, durations: Sequence[float]
) -> list[tuple[str, float, float]]:
    """Title, start and end (seconds) of each chapter that has scenes."""
    spans = []
    start = 0.0
    index = 0
    for chapter in lecture.chapters:
        if not chapter.scenes:
            continue
        end = start + sum(durations[index : index + len(chapter.scenes)])
        spans.append((chapter.title, start, end))
        index += len(chapter.scenes)
        start = end
    return spans


def _concatenate(
    lecture: Lecture,
    title: str,
    layout: OutputLayout,
    infos: Sequence[VideoInfo],
    target: Path,
) -> None:
    """Join the scene videos losslessly, add chapters, ``title`` and the sound; verify."""
    sizes = {(info.width, info.height, info.codec) for info in infos}
    if len(sizes) != 1:
        raise MediaError(f"scene videos differ in size or codec: {sorted(sizes)}")
    durations = [info.duration for info in infos]
    spans = _chapter_spans(lecture, durations)
    videos = [layout.video(s) for s in lecture.scenes]
    # Only the video streams: the concat demuxer would shift a file's video by
    # its AAC priming (21 ms) if it saw the audio too.
    listing = target.with_name("scenes.txt")
    listing.write_text(
        f"ffconcat version 1.0\nstream\nexact_stream_id {_video_stream_id(videos[0])}\n"
        + "".join(f"file '{_concat_quote(video)}'\n" for video in videos),
        encoding="utf-8",
    )
    chapters = target.with_name("chapters.txt")
    chapters.write_text(_ffmetadata(title, spans), encoding="utf-8")
    voiced = [has_sound(video) for video in videos]
    joined = target.with_name(f"pictures{target.suffix}") if any(voiced) else target
    ffmpeg(
        "-f", "concat", "-safe", "0", "-i", listing,
        "-f", "ffmetadata", "-i", chapters,
        "-map", "0:v", "-map_metadata", "1", "-map_chapters", "1",
        "-c", "copy", "-movflags", "+faststart", joined,
    )  # fmt: skip
    sound = None
    if any(voiced):
        track = _joined_sound(videos, voiced, durations, target.with_name("sound.wav"))
        mux(joined, track, target)
        sound = audio_info(target).seconds
    _verify_lecture(probe(target), infos[0], spans, sound=sound)


def _video_stream_id(video: Path) -> str:
    """The container's id of a video's first video stream (``0x1`` in an MP4)."""
    data = ffprobe(video, "-select_streams", "v:0", "-show_entries", "stream=id")
    found = [stream.get("id") for stream in data.get("streams", [])]
    if not found or not isinstance(found[0], str):
        raise MediaError(f"{video.name}: no video stream id")
    return found[0]


def has_sound(video: Path) -> bool:
    """Whether a video has an audio stream."""
    try:
        audio_info(video)
    except MediaError:
        return False
    return True


def _joined_sound(
    videos: Sequence[Path],
    voiced: Sequence[bool],
    durations: Sequence[float],
    out: Path,
) -> Path:
    """One track of every scene's sound, each exactly as long as its video.

    A scene without sound is silence for its duration. One ffmpeg run decodes,
    trims or pads and joins them all, sample exact.
    """
    inputs: list[str | Path] = []
    chains = []
    for index, (video, has, seconds) in enumerate(
        zip(videos, voiced, durations, strict=True)
    ):
        samples = round(seconds * SAMPLE_RATE)
        if has:
            inputs += ["-i", video]
            source = f"[{len(inputs) // 2 - 1}:a]aresample={SAMPLE_RATE},"
        else:
            source = f"anullsrc=r={SAMPLE_RATE}:cl=stereo,"
        chains.append(
            f"{source}aformat=sample_fmts=s16:channel_layouts=stereo,"
            f"apad=whole_len={samples},atrim=end_sample={samples}[s{index}]"
        )
    labels = "".join(f"[s{index}]" for index in range(len(videos)))
    chains.append(f"{labels}concat=n={len(videos)}:v=0:a=1[out]")
    ffmpeg(
        *inputs, "-filter_complex", ";".join(chains), "-map", "[out]",
        "-ar", str(SAMPLE_RATE), "-ac", "2", "-c:a", "pcm_s16le", out,
    )  # fmt: skip
    return out


def _verify_lecture(
    info: VideoInfo,
    scene: VideoInfo,
    spans: Sequence[tuple[str, float, float]],
    *,
    sound: float | None = None,
) -> None:
    """Check the joined video against what it should be; raise MediaError if not.

    ``sound`` is the duration of its audio stream, if it should have one.
    """
    total = spans[-1][2]
    tolerance = 0.05 + len(spans) * 1.0 / max(scene.frame_rate, 1.0)
    problems = []
    if (info.width, info.height, info.codec) != (
        scene.width,
        scene.height,
        scene.codec,
    ):
        problems.append(f"size/codec {info.width}x{info.height} {info.codec}")
    if abs(info.duration - total) > tolerance:
        problems.append(f"duration {info.duration:.2f} s instead of {total:.2f} s")
    if sound is not None and abs(sound - total) > 0.1:
        problems.append(f"sound of {sound:.2f} s instead of {total:.2f} s")
    found = [(c.title, c.start) for c in info.chapters]
    wanted = [(title, start) for title, start, _ in spans]
    if len(found) != len(wanted) or any(
        f[0] != w[0] or abs(f[1] - w[1]) > 0.002
        for f, w in zip(found, wanted, strict=False)
    ):
        problems.append(f"chapters {found} instead of {wanted}")
    if problems:
        raise MediaError("lecture.mp4 failed verification: " + "; ".join(problems))


def _ffmetadata(title: str, spans: Sequence[tuple[str, float, float]]) -> str:
    """An FFMETADATA file with the title and one chapter per span."""
    lines = [";FFMETADATA1", f"title={_meta_escape(title)}"]
    for name, start, end in spans:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(start * 1000)}",
            f"END={round(end * 1000)}",
            f"title={_meta_escape(name)}",
        ]
    return "\n".join(lines) + "\n"


def _meta_escape(text: str) -> str:
    """Escape FFMETADATA's special characters."""
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


def _concat_quote(path: Path) -> str:
    """Quote a path for ffmpeg's concat list (inside single quotes)."""
    return str(path.resolve()).replace("'", "'\\''")


# --- social cuts with burned-in captions --------------------------------------------


def burn_captions(session: BuildSession, scenes: Sequence[SceneEntry]) -> list[Product]:
    """Write ``social/NN-Scene.mp4``: each scene with its captions burned in.

    Type size and position suit the format (see :data:`CAPTION_STYLES`); the
    scene's sound is copied as it is. A scene without captions is copied unchanged.
    """
    layout = session.layout
    style = f"{_CAPTION_LOOK},{CAPTION_STYLES[layout.fmt]}"

    def burn(scene: SceneEntry) -> list[Product]:
        source = layout.video(scene)
        captions = layout.captions(scene)
        fingerprint = digest(recipes.SOCIAL, _scene_fingerprint(layout, scene), style)

        def make(temp: Path) -> None:
            if not captions.is_file():
                shutil.copyfile(source, temp)
                return
            shutil.copyfile(captions, temp.with_name("captions.srt"))
            ffmpeg(
                "-i", source, "-map", "0:v", "-map", "0:a?",
                "-vf", f"subtitles=captions.srt:force_style='{style}'",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-pix_fmt", "yuv420p", "-c:a", "copy",
                "-movflags", "+faststart", temp.name,
                cwd=temp.parent,
            )  # fmt: skip

        return [derive(layout.social(scene), fingerprint, layout, make)]

    return parallel(session.jobs, burn, scenes)


# --- slide exports ---------------------------------------------------------------


def export_slides(session: BuildSession, scenes: Sequence[SceneEntry]) -> list[Product]:
    """Per scene a GIF, a WebM clip and a poster PNG; then a contact sheet of posters.

    The WebM clip carries the scene's sound (Opus, 48 kHz); the GIF has none.

    Raises
    ------
    LectureError
        Before any file is written, if a scene's poster time is past the end of
        its video.
    """
    lecture, layout = session.lecture, session.layout
    for scene in scenes:
        if scene.poster is None:
            continue
        seconds = probe(layout.video(scene)).duration
        if scene.poster >= seconds:
            raise LectureError(
                f"{lecture.where}: {scene.id}.poster: {scene.poster:g} s is past "
                f"the end of the scene, whose video lasts {seconds:.2f} s; choose a "
                f"time from 0 to {seconds:.2f}"
            )

    def export(scene: SceneEntry) -> list[Product]:
        source = layout.video(scene)
        base = _scene_fingerprint(layout, scene)
        info: list[VideoInfo] = []

        def size(long_side: int) -> tuple[int, int]:
            if not info:
                info.append(probe(source))
            return _fit(info[0].width, info[0].height, long_side)

        def gif(temp: Path) -> None:
            width, height = size(GIF_LONG_SIDE)
            ffmpeg(
                "-i", source, "-vf",
                f"fps={GIF_FPS},scale={width}:{height}:flags=lanczos,split[a][b];"
                "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer",
                "-loop", "0", temp,
            )  # fmt: skip

        def webm(temp: Path) -> None:
            width, height = size(WEBM_LONG_SIDE)
            ffmpeg(
                "-i", source, "-vf", f"scale={width}:{height}:flags=lanczos",
                "-c:v", "libvpx-vp9", "-crf", "33", "-b:v", "0", "-row-mt", "1",
                "-deadline", "good", "-cpu-used", "4",
                "-c:a", "libopus", "-b:a", "128k", "-ar", str(SAMPLE_RATE), temp,
            )  # fmt: skip

        def poster(temp: Path) -> None:
            seconds = scene.poster
            if seconds is None:
                seconds = choose_poster_time(source)
            ffmpeg("-ss", f"{seconds:.3f}", "-i", source, "-frames:v", "1", temp)

        return [
            derive(
                layout.export(scene, ".gif"), digest(recipes.GIF, base), layout, gif
            ),
            derive(
                layout.export(scene, ".webm"), digest(recipes.WEBM, base), layout, webm
            ),
            derive(
                layout.export(scene, ".png"),
                digest(recipes.POSTER, base, scene.poster),
                layout,
                poster,
            ),
        ]

    products = parallel(session.jobs, export, scenes)
    posters = [layout.export(scene, ".png") for scene in lecture.scenes]
    if all(path.is_file() for path in posters):
        fingerprint = digest(
            recipes.SHEET,
            lecture.full_title,
            [
                (s.title, (read_stamp(p) or {}).get("fingerprint"))
                for s, p in zip(lecture.scenes, posters, strict=True)
            ],
        )
        products.append(
            derive(
                layout.contact_sheet,
                fingerprint,
                layout,
                lambda temp: _contact_sheet(lecture, posters, layout.fmt, temp),
            )
        )
    return products


def _fit(width: int, height: int, long_side: int) -> tuple[int, int]:
    """A size with the same shape whose long side is at most ``long_side`` (even)."""
    factor = min(1.0, long_side / max(width, height))
    return (
        max(2, round(width * factor / 2) * 2),
        max(2, round(height * factor / 2) * 2),
    )


def choose_poster_time(video: Path, samples: int = 24) -> float:
    """The time of a meaningful frame: the latest with nearly the most on screen.

    About ``samples`` frames spread over the video are compared with the
    background (the median colour); the content of a frame is how far its
    pixels are from it, on average, so a fading picture counts for less. The
    latest frame with at least 95 % of the peak content wins: the finished
    picture, before any fade-out.
    """
    info = probe(video)
    width, height = _fit(info.width, info.height, 128)
    rate = samples / info.duration
    unsampled = MediaError(f"{video.name}: could not sample frames for a poster")
    try:
        raw = run_ffmpeg(
            "-v", "error", "-i", video,
            "-vf", f"fps={rate:.6f},scale={width}:{height}",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
        )  # fmt: skip
    except MediaError:
        raise unsampled from None
    frames = np.frombuffer(raw.stdout, np.uint8)
    if frames.size < width * height * 3:
        raise unsampled
    frames = frames[: frames.size - frames.size % (width * height * 3)]
    frames = frames.reshape(-1, height, width, 3).astype(np.int16)
    background = np.median(frames.reshape(-1, 3), axis=0)
    content = np.abs(frames - background).max(axis=3).mean(axis=(1, 2))
    best = np.nonzero(content >= 0.95 * content.max())[0][-1]
    # Sample k of the fps filter is the frame nearest to k / rate.
    last_frame = max(info.duration - 1 / max(info.frame_rate, 1.0), 0.0)
    return min(float(best) / rate, last_frame)


def _contact_sheet(
    lecture: Lecture, posters: Sequence[Path], fmt: str, target: Path
) -> None:
    """A grid of all posters with numbers and titles, under the lecture's title."""
    columns = min(_SHEET_COLUMNS[fmt], len(posters))
    images = []
    for path in posters:
        with Image.open(path) as opened:
            image = opened.convert("RGB")
            image.thumbnail((_THUMB_LONG_SIDE, _THUMB_LONG_SIDE))
            images.append(image)
    thumb_w = max(image.width for image in images)
    thumb_h = max(image.height for image in images)
    gap, label_h, header_h = 24, 56, 72
    rows = -(-len(images) // columns)
    sheet = Image.new(
        "RGB",
        (columns * (thumb_w + gap) + gap, header_h + rows * (thumb_h + label_h + gap)),
        SHEET_BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    draw.text((gap, gap), lecture.full_title, fill="white", font=sheet_font(28))
    small = sheet_font(16)
    for index, (scene, image) in enumerate(zip(lecture.scenes, images, strict=True)):
        x = gap + (index % columns) * (thumb_w + gap)
        y = header_h + (index // columns) * (thumb_h + label_h + gap)
        sheet.paste(image, (x, y))
        draw.rectangle(
            (x, y, x + image.width - 1, y + image.height - 1), outline="#8b93a7"
        )
        for line, (offset, colour) in zip(
            (f"{scene.number:02d}  {scene.id}", scene.title),
            ((6, "white"), (28, "#8b93a7")),
            strict=True,
        ):
            fitted = _fitted(draw, line, small, thumb_w)
            draw.text((x, y + image.height + offset), fitted, fill=colour, font=small)
    sheet.save(target, format="PNG")


def _fitted(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> str:
    """``text``, cut short with an ellipsis where it would be wider than ``width``."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
