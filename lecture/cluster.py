"""Scene renders on a Dask distributed cluster: ``--cluster tcp://HOST:PORT``.

Only the Manim render of a stale scene travels; everything else (beats, speech,
sound, captions, installing) stays on this machine, as with local renders. A job
carries its scene's name and module, the render settings, the story inputs, the
speech plan, and the files of the lecture's folder it reads: the package of a
scene module that sits beside the manifest (its ``.py`` files, with the folder's
``manim.cfg``, ``assets/`` and ``examples/``) and the files its options name. The
worker renders in a scratch folder of its own, seeded from its own formula cache,
and sends back the video (and section clips), the log, the beats the scene played
and the formula-cache entries this machine lacks; they land in the job's local
scratch folder and are installed from there exactly as a local render's are.

Workers need the same project in the same kind of venv (``pip install
'.[cluster]'``, LaTeX, Cairo and ffmpeg as ``make test`` bootstraps them): scene
code from the project's packages is imported from the worker's own install, and a
worker whose copy of the scene's module differs from this machine's fails the job
in one line rather than render other code. A job whose worker is lost is retried
once, then reported like a failed local render; Ctrl-C cancels the remote jobs
and stops their Manim processes.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lecture.errors import LectureError
from lecture.manim_jobs import CACHE_FOLDERS, ManimJob, merge_cache, stop
from lecture.project import Modules

__all__ = ["ClusterManim", "RemoteResult", "connect", "render_on_worker"]

CONNECT_TIMEOUT = 10
"""Seconds to reach the scheduler before giving up."""

_POLL = 0.5
"""Seconds between a worker's looks at the cancel flag while Manim runs."""


@dataclass(frozen=True)
class _Shipment:
    """A job as it travels: the render, the lecture's files it reads, what we know."""

    job: ManimJob
    files: Mapping[str, bytes]
    """The lecture folder's files the job reads, by path relative to that folder."""
    digest: str
    """SHA-256 of the scene's module file here (the worker's must match)."""
    known: frozenset[str]
    """Names of the formula-cache entries this machine has (``Tex/abc.svg``)."""
    cancel: str
    """Name of the Dask event that stops the job's Manim process."""


@dataclass(frozen=True)
class RemoteResult:
    """What a worker sends back: the exit code, the log and the job's files."""

    code: int
    log: bytes
    files: dict[str, bytes] = field(default_factory=dict)
    """Files of the worker's scratch folder, by path relative to it."""
    worker: str = ""


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address``.

    Raises
    ------
    LectureError
        If ``dask[distributed]`` is not installed or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError:
        raise LectureError(
            f"--cluster {address}: dask distributed is not installed; "
            "fix: pip install '.[cluster]'"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LectureError(
            f"--cluster {address}: cannot reach the Dask scheduler ({reason}); "
            "start one with `dask scheduler` and workers with `dask worker "
            "tcp://HOST:8786`, or leave --cluster out to render here"
        ) from None


class ClusterManim:
    """Runs Manim jobs on the workers of a Dask cluster (see the module's notes).

    Parameters
    ----------
    client
        A connected ``distributed.Client``.
    folder
        The lecture's folder (the manifest's): files under it travel with a job.
    cache
        This machine's formula cache (its entries' names travel, new ones come back).
    """

    RETRIES = 1
    """How often a job lost with its worker is sent again."""

    def __init__(self, client: Any, folder: Path, cache: Path) -> None:
        from distributed import Event

        self.client = client
        self.folder = folder
        self.cache = cache
        self._cancel = f"lecture-cancel-{uuid.uuid4().hex}"
        self._event = Event(self._cancel, client=client)
        self._lock = threading.Lock()
        self._futures: set[Any] = set()
        self._cancelled = False

    def run(self, job: ManimJob, scratch: Path, log: Path) -> int:
        """Render ``job`` on a worker; its files land in ``scratch``, its log in ``log``."""
        shipment = self._ship(job)
        failure = ""
        for _ in range(1 + self.RETRIES):
            with self._lock:
                if self._cancelled:
                    failure = "cancelled"
                    break
                future = self.client.submit(
                    render_on_worker,
                    shipment,
                    pure=False,
                    key=f"{job.scene}-{uuid.uuid4().hex}",
                )
                self._futures.add(future)
            try:
                result: RemoteResult = future.result()
            except Exception as error:  # the worker died, or the job never ran
                failure = f"{type(error).__name__}: {error}".splitlines()[0]
                continue
            finally:
                with self._lock:
                    self._futures.discard(future)
            self._land(result, scratch, log)
            return result.code
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(
            f"ERROR    cluster job lost ({failure}); tried {1 + self.RETRIES} times\n",
            encoding="utf-8",
        )
        return 1

    def cancel(self) -> None:
        """Cancel the queued remote jobs and stop the running ones' Manim processes."""
        with self._lock:
            self._cancelled = True
            futures = list(self._futures)
        self._event.set()
        if futures:
            self.client.cancel(futures)

    def _ship(self, job: ManimJob) -> _Shipment:
        """The job with the lecture folder's files it reads, paths made relative."""
        files: dict[str, bytes] = {}
        story = _map_strings(job.story, lambda text: self._carry(text, files))
        if job.root == self.folder:  # scene code of the lecture's own: its package
            top = self.folder / job.module.split(".")[0]
            code = sorted(top.rglob("*.py")) if top.is_dir() else [job.source]
            shared = [self.folder / "manim.cfg", *_tree(self.folder / "assets")]
            for path in [*code, *shared, *_tree(self.folder / "examples")]:
                if path.is_file():
                    self._carry(str(path), files)
        known = frozenset(
            f"{name}/{svg.name}"
            for name in CACHE_FOLDERS
            for svg in (self.cache / name).glob("*.svg")
        )
        return _Shipment(
            replace(job, story=story),
            files,
            hashlib.sha256(job.source.read_bytes()).hexdigest(),
            known,
            self._cancel,
        )

    def _carry(self, text: str, files: dict[str, bytes]) -> str:
        """A file named by ``text`` inside the lecture's folder travels, by relative path."""
        path = Path(text)
        if not path.is_absolute() or not path.is_file():
            return text
        try:
            relative = path.relative_to(self.folder).as_posix()
        except ValueError:
            relative = (
                f"_outside/{hashlib.sha256(text.encode()).hexdigest()[:12]}/{path.name}"
            )
        files[relative] = path.read_bytes()
        return f"{_LECTURE}/{relative}"

    def _land(self, result: RemoteResult, scratch: Path, log: Path) -> None:
        """Write a worker's files into the job's local scratch folder, its log in place."""
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_bytes(
            f"Rendered on Dask worker {result.worker}\n".encode() + result.log
        )
        for relative, data in result.files.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


_LECTURE = "@lecture"
"""How a shipped path starts: the lecture folder's copy on the worker."""


def render_on_worker(shipment: _Shipment) -> RemoteResult:
    """Render a shipped job on this worker (runs inside a Dask worker)."""
    from distributed import Event, get_worker

    worker = get_worker().address
    cache = Path(tempfile.gettempdir()) / "lecture-worker" / "cache"
    with tempfile.TemporaryDirectory(prefix="lecture-job-") as folder:
        scratch = Path(folder) / "scratch"
        lecture = Path(folder) / "lecture"
        for relative, data in shipment.files.items():
            target = lecture / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        job = _localised(shipment.job, lecture)
        if job is None or (
            hashlib.sha256(job.source.read_bytes()).hexdigest() != shipment.digest
        ):
            return RemoteResult(
                1,
                f"ERROR    worker {worker} does not have the client's "
                f"{shipment.job.module}: install the same project on the workers\n".encode(),
                worker=worker,
            )
        config = job.prepare(scratch, cache)
        log = scratch / "manim.log"
        with log.open("wb") as output:
            process = job.start(config, scratch, output)
            cancel = Event(shipment.cancel)
            while True:
                try:
                    code = process.wait(timeout=_POLL)
                    break
                except subprocess.TimeoutExpired:
                    if cancel.is_set():
                        stop(process)
        files: dict[str, bytes] = {}
        if code == 0:
            merge_cache(cache, scratch / "media")
            for path in sorted(scratch.rglob("*")):
                relative = path.relative_to(scratch).as_posix()
                if path.is_file() and _returned(relative, shipment.known):
                    files[relative] = path.read_bytes()
        return RemoteResult(code, log.read_bytes(), files, worker)


def _returned(relative: str, known: frozenset[str]) -> bool:
    """Whether a scratch file goes back: outputs, and cache entries the client lacks."""
    if relative.startswith("video/"):
        return "partial_movie_files" not in relative
    if relative == "beats.json":
        return True
    folder, _, name = relative.partition("/")
    return (
        relative.startswith("media/")
        and name.partition("/")[0] in CACHE_FOLDERS
        and name.endswith(".svg")
        and name not in known
        and folder == "media"
    )


def _localised(job: ManimJob, lecture: Path) -> ManimJob | None:
    """The job with its shipped paths on this worker, its module found here."""
    story = _map_strings(
        job.story,
        lambda text: (
            str(lecture / text[len(_LECTURE) + 1 :])
            if text.startswith(f"{_LECTURE}/")
            else text
        ),
    )
    modules = Modules(lecture)
    root, source = modules.root(job.module), modules.file(job.module)
    if root is None or source is None:
        return None
    return replace(job, story=story, root=root, source=source)


def _tree(folder: Path) -> list[Path]:
    """The files under ``folder`` (none if it does not exist)."""
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _map_strings(value: Any, change: Any) -> Any:
    """``value`` (JSON) with ``change`` applied to every string in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Mapping):
        return {key: _map_strings(item, change) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_map_strings(item, change) for item in value]
    return value
