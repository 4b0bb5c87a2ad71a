"""Rendering scenes: one Manim process per scene, in parallel, each in its own media folder.

Two Manim processes sharing a media folder break each other's LaTeX runs, so
every job gets a scratch media folder seeded from the shared formula cache;
new cache entries of a successful job are merged back one atomic rename at a
time. A video reaches its stable path only after Manim succeeded and ffprobe
read it, so a failed or killed render never replaces a good file. Manim also
saves one clip per section (a slide), installed with its index, so that the
slides derive their clips from the render instead of rendering again.

A narrated render (any voice but ``none``) goes: the scene's beats (cached, or
collected without rendering, see :mod:`lecture.render.collect`), their speech
(recordings or synthesis, see :mod:`lecture.sound.narration`), the render with the
speech's durations handed to the scene, then the sound (the levelled speech laid
at the beats, muxed) and captions from the beats the scene played, then the install.
"""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from lecture.kit.files import (
    Status,
    atomic_write_text,
    is_fresh,
    read_stamp,
    stamp_path,
    write_stamp,
)
from lecture.kit.media import MediaError, probe
from lecture.project.errors import LectureError
from lecture.project.layout import OutputLayout, read_sections
from lecture.project.manifest import SceneEntry
from lecture.project.settings import VOICES
from lecture.render.collect import CollectError
from lecture.render.doctor import hint
from lecture.render.jobs import (
    ManimJob,
    encoder_threads,
    first_error,
    merge_cache,
    project_config,
)
from lecture.render.session import BuildSession
from lecture.sound.narration import Narrator, add_sound, scene_captions
from lecture.sound.voice import Speech, VoiceError
from storyboard.narration import Beat, read_beats

__all__ = ["Reporter", "SceneResult", "render_scenes"]


@dataclass(frozen=True)
class SceneResult:
    """What happened to one scene.

    Attributes
    ----------
    scene
        The scene.
    status
        ``"made"`` (rendered now), ``"unchanged"`` (since its last render) or
        ``"failed"``.
    video
        The scene's MP4 at its stable path; ``None`` when the render failed.
    seconds
        Wall time of the render (0 when unchanged).
    log
        The render's log file, if there is one.
    error
        The first meaningful line of the failure, for failed scenes.
    """

    scene: SceneEntry
    status: Status
    video: Path | None
    seconds: float = 0.0
    log: Path | None = None
    error: str | None = None


class Reporter(Protocol):
    """Receives progress: a scene's job started, a scene is done."""

    def started(self, scene: SceneEntry) -> None:
        """A scene's render job started."""

    def finished(self, result: SceneResult) -> None:
        """A scene is done (made, unchanged or failed)."""


def render_scenes(
    session: BuildSession,
    scenes: Sequence[SceneEntry],
    reporter: Reporter | None = None,
) -> list[SceneResult]:
    """Render the scenes that are stale (all with the session's ``force``).

    The session's ``jobs`` renders run at once, on its ``manim`` (Manim processes
    here, or a Dask cluster's workers); its layout's folders must exist (see
    ``OutputLayout.writing``) and its voice speaks the beats.

    Parameters
    ----------
    session
        The command's build session.
    scenes
        The scenes to bring up to date.
    reporter
        Told when each job starts and each scene is done.

    Returns
    -------
    list of SceneResult
        One per scene, in lecture order.

    Raises
    ------
    VoiceError
        If the voice's engine is not installed (before any work).
    LectureError
        If a scene's ``manim.cfg`` is not a valid config, or the manifest gives
        words to a beat a scene does not have (before any render).
    """
    for root in {scene.root for scene in scenes}:
        try:
            project_config(root)
        except ValueError as error:
            raise LectureError(str(error)) from None
    narrator = session.narrator
    if not narrator.silent:
        narrator.engine  # noqa: B018 - fails now, in one line, if not installed
    session.check_words(scenes)
    runner = _Runner(session, reporter)
    results: dict[str, SceneResult] = {}
    stale: list[_Job] = []
    for scene in scenes:
        base = session.base(scene)
        beats = None if narrator.silent else session.collector.cached(base)
        if (
            beats is None
            and not narrator.silent
            and not session.fingerprints.narrates(scene.module)
        ):
            beats = []  # its code cannot narrate: nothing to collect
        if beats is not None or narrator.silent:
            fingerprint = session.fingerprint(scene, base, beats)
            if not session.force and runner.current(scene, fingerprint):
                results[scene.id] = runner.unchanged(scene)
                continue
        stale.append(_Job(scene, base, beats))

    # Longest first, so that the last job to finish is a short one; beats are
    # collected (in one process) in the same order, so the first render starts
    # as soon as its scene's beats are known.
    stale.sort(key=lambda job: _expected_cost(session.layout, job.scene), reverse=True)
    runner.encoder_threads = encoder_threads(min(session.jobs, len(stale)))
    session.collector.want(
        [(job.scene, job.base) for job in stale if job.beats is None]
    )
    pool = ThreadPoolExecutor(max_workers=session.jobs)
    futures = [pool.submit(runner.run, job) for job in stale]
    try:
        for future in as_completed(futures):
            result = future.result()
            results[result.scene.id] = result
    except BaseException:
        runner.cancel()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[scene.id] for scene in scenes]


@dataclass(frozen=True)
class _Job:
    """A stale scene to render: its own fingerprint and its beats, if known yet."""

    scene: SceneEntry
    base: str
    beats: list[Beat] | None


def _is_current(layout: OutputLayout, scene: SceneEntry, fingerprint: str) -> bool:
    """Whether the scene's video, captions (if any) and section clips match the fingerprint."""
    video = layout.video(scene)
    if not is_fresh(video, fingerprint):
        return False
    stamp = read_stamp(video) or {}
    if stamp.get("captions") and not layout.captions(scene).is_file():
        return False
    return _clips_current(layout.sections(scene), fingerprint)


def _clips_current(index: Path, fingerprint: str) -> bool:
    """Whether a section index matches the fingerprint and all its clips exist."""
    if not is_fresh(index, fingerprint):
        return False
    try:
        entries = read_sections(index)
    except (OSError, ValueError):
        return False
    return all((index.parent / entry["video"]).is_file() for entry in entries)


def _adopt(layout: OutputLayout, scene: SceneEntry, fingerprint: str) -> bool:
    """Take over a current render of the scene made elsewhere, if there is one.

    Inserting a scene renumbers the ones after it: their renders under the old
    number are still good, and move. A scene that says nothing renders the same
    video whatever the voice: another voice's render of it is linked.
    """
    for voice in (layout.voice, *(v for v in VOICES if v != layout.voice)):
        other = replace(layout, voice=voice)
        for video in other.folder.glob(f"[0-9][0-9]-{scene.id}.mp4"):
            if video == layout.video(scene):
                continue
            old = replace(scene, number=int(video.name[:2]))
            if _is_current(other, old, fingerprint):
                _take(other, old, layout, scene, move=voice == layout.voice)
                return _is_current(layout, scene, fingerprint)
    return False


def _take(
    source: OutputLayout,
    old: SceneEntry,
    layout: OutputLayout,
    scene: SceneEntry,
    *,
    move: bool,
) -> None:
    """Put a current render's files at the scene's paths, moved or linked; stamp them.

    The section clips' stamp lives in their folder, and goes with it.
    """
    stamp = read_stamp(source.video(old)) or {}
    stamp_path(layout.video(scene)).unlink(missing_ok=True)
    layout.captions(scene).unlink(missing_ok=True)
    shutil.rmtree(layout.sections(scene).parent, ignore_errors=True)
    for origin, target in [
        (source.captions(old), layout.captions(scene)),
        (source.log(old), layout.log(scene)),
        (source.sections(old).parent, layout.sections(scene).parent),
        (source.video(old), layout.video(scene)),
    ]:
        if origin.exists():
            _place(origin, target, move=move)
    write_stamp(layout.video(scene), stamp)
    if move:
        stamp_path(source.video(old)).unlink()


def _place(origin: Path, target: Path, *, move: bool) -> None:
    """Move a file or folder to ``target``, or put a hard-linked copy of it there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if move:
        os.replace(origin, target)
    elif origin.is_dir():
        shutil.copytree(origin, target, copy_function=_link, dirs_exist_ok=True)
    else:
        _link(origin, target)


def _link(origin: str | Path, target: str | Path) -> None:
    """Hard-link ``origin`` at ``target`` (copy it if it cannot be linked)."""
    Path(target).unlink(missing_ok=True)
    try:
        os.link(origin, target)
    except OSError:
        shutil.copy2(origin, target)


def _expected_cost(layout: OutputLayout, scene: SceneEntry) -> tuple[int, float]:
    """How long a scene's render should take, as a sort key (bigger is longer).

    The last render's time when known; otherwise (first renders, which sort
    before known ones) a guess from the source: the size of the class's
    syntax tree, four times as much for a 3D scene (Cairo re-shades every
    face of a moving 3D camera, every frame).
    """
    seconds = (read_stamp(layout.video(scene)) or {}).get("seconds")
    if isinstance(seconds, int | float):
        return (0, float(seconds))
    try:
        tree = ast.parse(scene.source.read_bytes())
    except (OSError, SyntaxError):
        return (1, 0.0)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == scene.name:
            bases = " ".join(ast.unparse(base) for base in node.bases)
            return (1, len(list(ast.walk(node))) * (4.0 if "ThreeD" in bases else 1.0))
    return (1, 0.0)


class _Runner:
    """Runs a session's render jobs; can cancel the queued ones and stop the running ones."""

    def __init__(self, session: BuildSession, reporter: Reporter | None) -> None:
        self.session = session
        self.layout = session.layout
        self.narrator = session.narrator
        self.reporter = reporter
        self.encoder_threads = 0
        self._cancelled = False

    def cancel(self) -> None:
        """Start no new job and stop the running renders."""
        self._cancelled = True
        self.session.collector.cancel()
        self.session.manim.cancel()

    def current(self, scene: SceneEntry, fingerprint: str) -> bool:
        """Whether the scene's outputs were made with this fingerprint (or adopted)."""
        return _is_current(self.layout, scene, fingerprint) or _adopt(
            self.layout, scene, fingerprint
        )

    def unchanged(self, scene: SceneEntry) -> SceneResult:
        """The result of a scene that is up to date (reported as done)."""
        log = self.layout.log(scene)
        result = SceneResult(
            scene,
            "unchanged",
            self.layout.video(scene),
            log=log if log.is_file() else None,
        )
        if self.reporter:
            self.reporter.finished(result)
        return result

    def run(self, job: _Job) -> SceneResult:
        """Bring one scene up to date: beats, speech, render, sound, install."""
        scene = job.scene
        if self._cancelled:
            return SceneResult(scene, "failed", None, error="cancelled")
        if self.reporter:
            self.reporter.started(scene)
        start = time.monotonic()
        log = self.layout.log(scene)
        speech: list[Speech] | None = None
        beats = job.beats
        try:
            if not self.narrator.silent:
                if beats is None:
                    beats = self.session.collector.beats(scene, job.base)
                    fingerprint = self.session.fingerprint(scene, job.base, beats)
                    if not self.session.force and self.current(scene, fingerprint):
                        return self.unchanged(scene)
                speech = self.narrator.speak(scene, beats)
            fingerprint = self.session.fingerprint(scene, job.base, beats)
        except CollectError as failure:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(failure.log, encoding="utf-8")
            return self._finish(
                SceneResult(
                    scene, "failed", None, time.monotonic() - start, log, str(failure)
                )
            )
        except VoiceError as failure:
            return self._finish(
                SceneResult(
                    scene, "failed", None, time.monotonic() - start, None, str(failure)
                )
            )
        self.layout.work.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.layout.work, prefix=f"{scene.stem}-"))
        try:
            error = self._render(scene, scratch, log, speech)
            played = self._played(scratch) if error is None else []
            if error is None and played and speech == []:
                # The import scan saw no narration, yet the scene narrates: learn
                # its beats and render it again, with their speech.
                beats = [Beat(b.caption, b.say, b.loop) for b in played]
                self.session.collector.store(job.base, beats)
                speech = self.narrator.speak(scene, beats)
                fingerprint = self.session.fingerprint(scene, job.base, beats)
                shutil.rmtree(scratch / "video", ignore_errors=True)
                error = self._render(scene, scratch, log, speech)
                played = self._played(scratch) if error is None else []
            if error is None:
                video = scratch / "video" / f"{scene.name}.mp4"
                self._narrate(scene, scratch, video, beats, speech, played)
                seconds = time.monotonic() - start
                self._install(scene, fingerprint, video, seconds)
                merge_cache(self.layout.cache, scratch / "media")
                result = SceneResult(
                    scene, "made", self.layout.video(scene), seconds, log
                )
            else:
                result = SceneResult(
                    scene, "failed", None, time.monotonic() - start, log, error
                )
        except (OSError, MediaError, ValueError, VoiceError) as failure:
            result = SceneResult(
                scene, "failed", None, time.monotonic() - start, log, str(failure)
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return self._finish(result)

    def _finish(self, result: SceneResult) -> SceneResult:
        if self.reporter:
            self.reporter.finished(result)
        return result

    def _render(
        self,
        scene: SceneEntry,
        scratch: Path,
        log: Path,
        speech: Sequence[Speech] | None,
    ) -> str | None:
        """Run Manim for one scene; the first meaningful error line, or ``None``."""
        job = ManimJob(
            scene=scene.name,
            module=scene.module,
            source=scene.source,
            root=scene.root,
            settings=self.session.settings,
            variables=scene.variables,
            speech=Narrator.environment(speech) if speech else {},
            encoder_threads=self.encoder_threads,
        )
        code = self.session.manim.run(job, scratch, log)
        if code != 0:
            error = first_error(log.read_text(errors="replace"), code)
            fix = hint(error)
            return f"{error} ({fix}; see lecture doctor)" if fix else error
        video = scratch / "video" / f"{scene.name}.mp4"
        if not video.is_file():
            return "Manim finished without writing a video; see the log"
        probe(video)
        return None

    @staticmethod
    def _played(scratch: Path) -> list[Beat]:
        """The beats the scene says it played (none if it wrote none)."""
        played = scratch / "beats.json"
        return read_beats(played) if played.is_file() else []

    def _narrate(
        self,
        scene: SceneEntry,
        scratch: Path,
        video: Path,
        planned: Sequence[Beat] | None,
        speech: Sequence[Speech] | None,
        played: Sequence[Beat],
    ) -> None:
        """Captions from the beats the scene played and, unless silent, its sound.

        Raises
        ------
        ValueError
            If the scene played other beats than were collected before the render.
        """
        if planned is not None and [b.say for b in played] != [b.say for b in planned]:
            raise ValueError(
                f"{scene.name} narrated other beats than it did when its beats were "
                "collected (does its narration depend on chance or time?)"
            )
        if played:
            atomic_write_text(video.with_suffix(".srt"), scene_captions(played))
        if speech:  # a scene that says nothing stays silent (no audio stream)
            add_sound(video, played, speech, scratch)

    def _install(
        self, scene: SceneEntry, fingerprint: str, video: Path, seconds: float
    ) -> None:
        """Move a finished render's section clips, captions and video into place."""
        self._install_sections(
            video.parent / "sections", self.layout.sections(scene), fingerprint
        )
        target = self.layout.video(scene)
        captions = self.layout.captions(scene)
        srt = video.with_suffix(".srt")
        has_captions = srt.is_file()
        stamp_path(target).unlink(missing_ok=True)
        if has_captions:
            os.replace(srt, captions)
        else:
            captions.unlink(missing_ok=True)
        os.replace(video, target)
        write_stamp(
            target,
            {
                "fingerprint": fingerprint,
                "seconds": round(seconds, 3),
                "captions": has_captions,
            },
        )

    def _install_sections(self, clips: Path, index: Path, fingerprint: str) -> None:
        """Put a finished render's section clips where ``index`` goes, then stamp it."""
        target = index.parent
        target.parent.mkdir(parents=True, exist_ok=True)
        old = Path(tempfile.mkdtemp(dir=self.layout.work, prefix="old-clips-"))
        if target.exists():
            os.replace(target, old / target.name)
        os.replace(clips, target)
        shutil.rmtree(old, ignore_errors=True)
        write_stamp(index, {"fingerprint": fingerprint})
