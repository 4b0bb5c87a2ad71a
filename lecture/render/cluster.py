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

The scheduler must be one you trust: Dask's protocol can carry pickled objects,
which run code on the client when they arrive. Before the client connects, a
plain socket checks that the address answers as a Dask scheduler does (it greets
every new connection with a short framed message), so that another service, or
none, is one line within :data:`CONNECT_TIMEOUT` rather than a hang.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lecture.project.errors import LectureError
from lecture.project.modules import Modules
from lecture.render.jobs import CACHE_FOLDERS, ManimJob, cached_svgs, merge_cache, stop

__all__ = [
    "ClusterManim",
    "RemoteResult",
    "connect",
    "render_on_worker",
    "scheduler_address",
]

CONNECT_TIMEOUT = 7
"""Seconds to reach the scheduler and hear its greeting, then again to connect."""
_GREETING_BYTES = 64 * 1024
"""The largest greeting a scheduler sends (its handshake is about 100 bytes)."""

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


def scheduler_address(address: str) -> tuple[str, int]:
    """The host and port of a scheduler's address ``tcp://HOST:PORT``.

    Raises
    ------
    ValueError
        If ``address`` is not of that form.
    """
    parts = urllib.parse.urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        port = None
    if (
        parts.scheme != "tcp"
        or not parts.hostname
        or not port
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise ValueError(
            f"{address!r} is not tcp://HOST:PORT; e.g. --cluster tcp://10.0.0.5:8786"
        )
    return parts.hostname, port


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address`` (``tcp://HOST:PORT``).

    Raises
    ------
    LectureError
        If ``dask[distributed]`` is not installed, the scheduler cannot be
        reached, or what answers is not a Dask scheduler; within about twice
        :data:`CONNECT_TIMEOUT`.
    """
    try:
        from distributed import Client
    except ImportError:
        raise LectureError(
            f"--cluster {address}: dask distributed is not installed; "
            "fix: pip install '.[cluster]'"
        ) from None
    start = (
        "start one with `dask scheduler` and workers with `dask worker "
        "tcp://HOST:8786`, or leave --cluster out to render here"
    )
    try:
        _greeting(*scheduler_address(address))
    except ValueError as error:
        raise LectureError(f"--cluster {address}: {error}; {start}") from None
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise LectureError(
            f"--cluster {address}: cannot reach the Dask scheduler ({reason}); {start}"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as error:  # whatever the connection raises: one line
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LectureError(
            f"--cluster {address}: cannot connect to the Dask scheduler ({reason}); "
            f"{start}"
        ) from None


def _greeting(host: str, port: int) -> None:
    """Check that ``host:port`` greets a new connection as a Dask scheduler does.

    A scheduler first sends its handshake: 8 bytes giving the length of what
    follows, then that many bytes of frames (their count and lengths in 8-byte
    words, then the frames). Read with a deadline, at most
    :data:`_GREETING_BYTES`.

    Raises
    ------
    OSError
        If the address cannot be reached within :data:`CONNECT_TIMEOUT`.
    ValueError
        If something answers, but not like a Dask scheduler.
    """
    deadline = time.monotonic() + CONNECT_TIMEOUT
    with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT) as link:
        try:
            (length,) = struct.unpack("Q", _receive(link, 8, deadline))
            if not 16 <= length <= _GREETING_BYTES:
                raise ValueError(_NOT_DASK)
            frames = _receive(link, length, deadline)
        except TimeoutError:
            raise ValueError(
                f"what listens there is not a Dask scheduler (no greeting within "
                f"{CONNECT_TIMEOUT} s)"
            ) from None
    (count,) = struct.unpack_from("Q", frames)
    if not 1 <= count <= (length - 8) // 8:
        raise ValueError(_NOT_DASK)
    sizes = struct.unpack_from(f"{count}Q", frames, 8)
    if 8 * (1 + count) + sum(sizes) != length:
        raise ValueError(_NOT_DASK)


_NOT_DASK = "what answers there is not a Dask scheduler (its greeting is not Dask's)"


def _receive(link: socket.socket, size: int, deadline: float) -> bytes:
    """Exactly ``size`` bytes from ``link`` before ``deadline``.

    Raises
    ------
    TimeoutError
        If they do not arrive in time.
    ValueError
        If the other side closes the connection first.
    """
    data = bytearray()
    while len(data) < size:
        link.settimeout(max(deadline - time.monotonic(), 0.01))
        chunk = link.recv(size - len(data))
        if not chunk:
            raise ValueError(
                "what answers there is not a Dask scheduler (it closed the "
                "connection without a greeting)"
            )
        data += chunk
    return bytes(data)


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
        variables = _map_variables(job.variables, lambda text: self._carry(text, files))
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
            for svg in cached_svgs(self.cache / name)
        )
        return _Shipment(
            replace(job, variables=variables),
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
    variables = _map_variables(
        job.variables,
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
    return replace(job, variables=variables, root=root, source=source)


def _tree(folder: Path) -> list[Path]:
    """The files under ``folder`` (none if it does not exist)."""
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _map_variables(variables: Mapping[str, str], change: Any) -> dict[str, str]:
    """The scene's variables (JSON texts) with ``change`` applied to every string in them."""
    return {
        name: json.dumps(_map_strings(json.loads(text), change), ensure_ascii=False)
        for name, text in variables.items()
    }


def _map_strings(value: Any, change: Any) -> Any:
    """``value`` (JSON) with ``change`` applied to every string in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Mapping):
        return {key: _map_strings(item, change) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_map_strings(item, change) for item in value]
    return value
