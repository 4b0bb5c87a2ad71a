"""Collecting scenes' beats without rendering: one Manim process for many scenes.

The build tool must know what a stale scene will say before it renders it (the
speech is synthesised first and its durations handed to the scene). A
:class:`Collector` learns it by building the scenes as a render would (their story
inputs, the frame size, the shared formula cache) with Manim's animations skipped:
every ``play`` and ``wait`` only advances time, and no frame is drawn or encoded.
All the scenes it is asked for are built in one process, ``python -m
lecture.render.collect JOB.json`` (this module imports Manim only there), which reports
each scene as a JSON line as soon as it is done, so that its render can start while
the next scene is being collected. Beats are cached by the scene's fingerprint:
a scene whose code, options and settings did not change is never collected again.

A scene that raises is reported with its error and the next one is built; a scene
that kills the process fails alone, and the collector starts again after it.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from lecture.kit.files import atomic_write_text
from lecture.project.manifest import SceneEntry
from lecture.project.settings import RenderSettings
from lecture.render.jobs import (
    DRY_RUN,
    draw_nothing,
    first_error,
    merge_cache,
    seed_cache,
    stop,
    write_config,
)
from storyboard.narration import BEATS_VARIABLE, SPEECH_VARIABLE, Beat

__all__ = ["CollectError", "Collector", "main"]


class CollectError(RuntimeError):
    """A scene's beats could not be collected.

    Parameters
    ----------
    message
        The first meaningful line of the failure.
    log
        What the scene printed, traceback included.
    """

    def __init__(self, message: str, log: str) -> None:
        super().__init__(message)
        self.log = log


class Collector:
    """Collects scenes' beats, in one Manim process per project root, on demand.

    Parameters
    ----------
    cache
        The shared cache folder: beats are kept in ``beats/<fingerprint>.json``,
        formulas are read from (and new ones merged into) ``Tex/`` and ``texts/``.
    work
        Scratch space for the collecting process.
    settings
        Pixel size, frame size and frame rate the scenes are built for.
    """

    def __init__(self, cache: Path, work: Path, settings: RenderSettings) -> None:
        self.cache = cache
        self.work = work
        self.settings = settings
        self._pending: list[tuple[SceneEntry, str]] = []
        self._futures: dict[str, Future[list[Beat]]] = {}
        self._lock = threading.Lock()
        self._running = False
        self._threads: list[threading.Thread] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False

    def cached(self, fingerprint: str) -> list[Beat] | None:
        """The beats collected before for a scene with this fingerprint, if any."""
        try:
            data = json.loads(self._path(fingerprint).read_text(encoding="utf-8"))
            return [Beat(**entry) for entry in data]
        except (OSError, ValueError, TypeError):
            return None

    def store(self, fingerprint: str, beats: Sequence[Beat]) -> None:
        """Keep a scene's beats (what each says, not when) for its fingerprint."""
        atomic_write_text(
            self._path(fingerprint),
            json.dumps(
                [{"caption": b.caption, "say": b.say, "loop": b.loop} for b in beats],
                ensure_ascii=False,
            ),
        )

    def want(self, scenes: Sequence[tuple[SceneEntry, str]]) -> None:
        """Say which scenes (and fingerprints) will be asked for, in the order wanted.

        Nothing runs until :meth:`beats` is first called; then all of them are
        collected, in this order, in one process.
        """
        with self._lock:
            for scene, fingerprint in scenes:
                if fingerprint not in self._futures:
                    self._futures[fingerprint] = Future()
                    self._pending.append((scene, fingerprint))

    def beats(self, scene: SceneEntry, fingerprint: str) -> list[Beat]:
        """The scene's beats: from the cache, or collected (waiting for them).

        Raises
        ------
        CollectError
            If the scene fails to build.
        """
        known = self.cached(fingerprint)
        if known is not None:
            return known
        self.want([(scene, fingerprint)])
        with self._lock:
            if self._cancelled:
                raise CollectError("cancelled", "")
            future = self._futures[fingerprint]
            if not self._running and self._pending:
                self._running = True
                thread = threading.Thread(target=self._run, daemon=True)
                self._threads.append(thread)
                thread.start()
        return future.result()

    def cancel(self) -> None:
        """Collect nothing more and stop the collecting process."""
        with self._lock:
            self._cancelled = True
            process = self._process
        if process is not None:
            stop(process)

    def close(self) -> None:
        """Stop collecting (nobody waits any more) and wait for its thread to end."""
        self.cancel()
        for thread in self._threads:
            thread.join()

    def _path(self, fingerprint: str) -> Path:
        return self.cache / "beats" / f"{fingerprint}.json"

    def _run(self) -> None:
        """Collect every pending scene, a group per project root, in order."""
        while True:
            with self._lock:
                batch, self._pending = self._pending, []
                if not batch:
                    self._running = False
                    return
            roots: dict[Path, list[tuple[SceneEntry, str]]] = {}
            for scene, fingerprint in batch:
                roots.setdefault(scene.root, []).append((scene, fingerprint))
            for root, scenes in roots.items():
                try:
                    self._collect(root, scenes)
                except Exception as error:  # never leave a waiting job hanging
                    self._fail(scenes, CollectError(str(error), ""))

    def _collect(self, root: Path, scenes: list[tuple[SceneEntry, str]]) -> None:
        """Collect scenes of one project; after a crash, start again past its scene."""
        remaining = list(scenes)
        while remaining:
            if self._cancelled:
                self._fail(remaining, CollectError("cancelled", ""))
                return
            code, log = self._process_batch(root, remaining)
            remaining = [job for job in remaining if not self._futures[job[1]].done()]
            if not remaining:
                return
            if code == 0:  # cannot happen: every scene is reported
                self._fail(remaining, CollectError("beats not reported", log))
                return
            self._fail(remaining[:1], CollectError(first_error(log, code), log))
            remaining = remaining[1:]

    def _process_batch(
        self, root: Path, scenes: list[tuple[SceneEntry, str]]
    ) -> tuple[int, str]:
        """Run one collecting process; resolve each scene as it is reported."""
        self.work.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.work, prefix="collect-"))
        try:
            media = scratch / "media"
            seed_cache(self.cache, media)
            config = scratch / "manim.cfg"
            write_config(config, root, media, scratch / "video", self.settings)
            job = scratch / "job.json"
            job.write_text(
                json.dumps(
                    {
                        "config": str(config),
                        "scenes": [
                            {
                                "key": fingerprint,
                                "module": scene.module,
                                "name": scene.name,
                                "variables": scene.variables,
                            }
                            for scene, fingerprint in scenes
                        ],
                    }
                ),
                encoding="utf-8",
            )
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(root), os.environ.get("PYTHONPATH")])
                ),
                "COLUMNS": "240",
            }
            log = scratch / "collect.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [sys.executable, "-m", "lecture.render.collect", str(job)],
                    cwd=root,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=output,
                    start_new_session=True,
                )
                with self._lock:
                    self._process = process
                    cancelled = self._cancelled
                if cancelled:
                    stop(process)
                assert process.stdout is not None
                for line in process.stdout:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue  # not a result (nothing else should print there)
                    self._resolve(record)
                code = process.wait()
                with self._lock:
                    self._process = None
            merge_cache(self.cache, media)
            return code, log.read_text(errors="replace")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _resolve(self, record: dict[str, Any]) -> None:
        """Cache a reported scene's beats and hand them to whoever waits."""
        future = self._futures[record["key"]]
        if "error" in record:
            future.set_exception(CollectError(record["error"], record.get("log", "")))
            return
        beats = [Beat(**entry) for entry in record["beats"]]
        self.store(record["key"], beats)
        future.set_result(beats)

    def _fail(self, scenes: Sequence[tuple[SceneEntry, str]], error: Exception) -> None:
        for _, fingerprint in scenes:
            future = self._futures[fingerprint]
            if not future.done():
                future.set_exception(error)


# --- the collecting process ----------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Collect the beats of the job's scenes, one JSON line per scene on stdout."""
    (job_file,) = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    # Results go to the real stdout; anything else printed there goes to stderr.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    from manim import config

    config.digest_file(job["config"])
    for name in (SPEECH_VARIABLE, BEATS_VARIABLE):
        os.environ.pop(name, None)
    with results:
        for scene in job["scenes"]:
            record: dict[str, Any] = {"key": scene["key"]}
            try:
                record["beats"] = _beats(scene)
            except Exception as error:  # the scene's own failure, reported
                lines = traceback.format_exception_only(type(error), error)
                record["error"] = lines[-1].strip()
                record["log"] = traceback.format_exc()
            results.write(json.dumps(record, ensure_ascii=False) + "\n")
            results.flush()
    return 0


def _beats(scene: dict[str, Any]) -> list[dict[str, Any]]:
    """Build one scene with animations skipped; its beats as dictionaries."""
    from manim import tempconfig

    os.environ.update(scene["variables"])
    scene_class = getattr(importlib.import_module(scene["module"]), scene["name"])
    with tempconfig(DRY_RUN):
        built = scene_class(skip_animations=True)
        # Nothing is drawn: the static frame Manim would still capture per play
        # (and per frozen wait) is the largest cost left when animations are skipped.
        built.renderer.update_frame = draw_nothing
        built.renderer.save_static_frame_data = draw_nothing
        built.render()
    return [
        {"caption": beat.caption, "say": beat.say, "loop": beat.loop}
        for beat in getattr(built, "narration_beats", [])
    ]


if __name__ == "__main__":
    sys.exit(main())
