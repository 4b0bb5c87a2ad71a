"""One build session: a command's lecture, where its outputs go, and what makes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lecture.project.errors import LectureError
from lecture.project.layout import OutputLayout
from lecture.project.manifest import Lecture, SceneEntry
from lecture.project.settings import RenderSettings, render_settings
from lecture.render.collect import CollectError, Collector
from lecture.render.fingerprint import Fingerprinter
from lecture.render.jobs import LocalManim, ManimRunner
from lecture.sound.narration import Narrator
from storyboard.checks import counted
from storyboard.narration import Beat

__all__ = ["BuildSession"]


@dataclass(frozen=True)
class BuildSession:
    """Everything one command builds with, made once (see :meth:`open`).

    Close it when the command is done (``contextlib.closing``).

    Attributes
    ----------
    lecture
        The validated lecture.
    layout
        Where outputs go; its voice speaks the beats (``"none"``: silent videos).
    settings
        Pixel size, frame size and frame rate of the layout's quality and format.
    fingerprints
        The scenes' fingerprints (each file read once).
    narrator
        The beats' speech, in the layout's voice.
    collector
        The scenes' beats, collected without rendering.
    manim
        Who runs the renders: Manim processes here, or a Dask cluster's workers.
    jobs
        How many renders (and packaging jobs) run at once.
    force
        Whether scenes are rendered again even when nothing changed.
    """

    lecture: Lecture
    layout: OutputLayout
    settings: RenderSettings
    fingerprints: Fingerprinter
    narrator: Narrator
    collector: Collector
    manim: ManimRunner
    jobs: int = 1
    force: bool = False

    @classmethod
    def open(
        cls,
        lecture: Lecture,
        layout: OutputLayout,
        *,
        jobs: int = 1,
        force: bool = False,
        manim: ManimRunner | None = None,
    ) -> BuildSession:
        """The session of ``lecture`` writing to ``layout``; Manim runs here by default."""
        settings = render_settings(layout.quality, layout.fmt)
        return cls(
            lecture=lecture,
            layout=layout,
            settings=settings,
            fingerprints=Fingerprinter(lecture, layout.cache),
            narrator=Narrator(lecture, layout.voice, layout.cache),
            collector=Collector(layout.cache, layout.work, settings),
            manim=manim or LocalManim(layout.cache),
            jobs=jobs,
            force=force,
        )

    def close(self) -> None:
        """Stop collecting beats (nobody waits for them any more)."""
        self.collector.close()

    def base(self, scene: SceneEntry) -> str:
        """The fingerprint of the scene's render with the session's settings, unnarrated."""
        return self.fingerprints.scene(scene, self.settings)

    def fingerprint(
        self, scene: SceneEntry, base: str, beats: Sequence[Beat] | None
    ) -> str:
        """The fingerprint of the scene's narrated render.

        ``base`` (see :meth:`base`) plus the voice and its engine version, each
        beat's spoken text and the content of its recording. Silent renders need
        no beats.
        """
        narrator = self.narrator
        if narrator.silent:
            return self.fingerprints.narrated(base, narrator.voice, "", [])
        assert beats is not None
        recordings = narrator.recordings(scene, beats)
        return self.fingerprints.narrated(
            base,
            narrator.voice,
            narrator.engine,
            [(beat.say, path) for beat, path in zip(beats, recordings, strict=True)],
        )

    def beats(self, scene: SceneEntry, base: str) -> list[Beat]:
        """The scene's beats: none if its code cannot narrate, else cached or collected.

        Raises
        ------
        CollectError
            If the scene fails to build.
        """
        if not self.fingerprints.narrates(scene.module):
            return []
        return self.collector.beats(scene, base)

    def check_words(self, scenes: Sequence[SceneEntry]) -> None:
        """Check that the manifest's ``say`` and ``caption`` tables name beats the scenes have.

        Collects the beats of the scenes that have such tables (kept for later);
        a scene that fails to build is left for its render to report.

        Raises
        ------
        LectureError
            One line naming the manifest, the entry and the beat, exit code 2.
        """
        worded = [(scene, self.base(scene)) for scene in scenes if scene.words]
        self.collector.want(worded)
        for scene, base in worded:
            try:
                count = len(self.beats(scene, base))
            except CollectError:
                continue
            for table, words in (
                ("say", scene.words.say),
                ("caption", scene.words.caption),
            ):
                past = [number for number in sorted(words) if number > count]
                if past:
                    raise LectureError(
                        f"{self.lecture.where}: {scene.id}.{table}.{past[0]}: "
                        f"{scene.id} has {counted(count, 'beat')}; number its beats "
                        f"from 1 to {count} (`lecture script {scene.id}` lists them)"
                    )
