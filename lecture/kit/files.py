"""Files written safely, stamped and shown: one atomic write, stamps, digests, paths for people."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "FILE_MODE",
    "Status",
    "atomic_write_text",
    "content_digest",
    "digest",
    "is_fresh",
    "produce",
    "read_stamp",
    "replacing",
    "shown",
    "stamp_path",
    "write_stamp",
]

Status = Literal["made", "unchanged", "failed"]
"""What became of an output: made now, unchanged since its inputs did not change, or failed."""


def _file_mode() -> int:
    """Permissions ``open`` gives new files under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()
"""Permissions of written files: what ``open`` would give under the current umask."""


@contextlib.contextmanager
def replacing(path: Path, mode: int = FILE_MODE) -> Iterator[Path]:
    """A scratch file beside ``path`` that replaces it, with ``mode``, if the block succeeds.

    Readers see the old file or the new one, never half of one; a block that
    raises leaves ``path`` as it was. The scratch file keeps ``path``'s suffix
    (ffmpeg chooses a format by it).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a text file atomically (see :func:`replacing`)."""
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def stamp_path(path: Path) -> Path:
    """The hidden stamp recorded next to an output: ``.<name>.stamp``."""
    return path.with_name(f".{path.name}.stamp")


def read_stamp(path: Path) -> dict[str, Any] | None:
    """The stamp of an output, or ``None`` if it has none or it is unreadable."""
    try:
        data = json.loads(stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_stamp(path: Path, data: dict[str, Any]) -> None:
    """Record a stamp next to an output, atomically."""
    atomic_write_text(stamp_path(path), json.dumps(data, sort_keys=True))


def is_fresh(path: Path, fingerprint: str) -> bool:
    """Whether ``path`` exists and was made from inputs with this fingerprint."""
    stamp = read_stamp(path)
    return (
        stamp is not None and stamp.get("fingerprint") == fingerprint and path.is_file()
    )


@contextlib.contextmanager
def produce(path: Path, fingerprint: str, work: Path) -> Iterator[Path]:
    """Make an output in a scratch folder of its own, then put it in place with its stamp.

    Yields a path with ``path``'s name in a new folder inside ``work`` (on the
    same file system), where the block may leave other files too. If the block
    raises, ``path`` keeps its previous content.

    Examples
    --------
    ::

        with produce(layout.lecture_video, fingerprint, layout.work) as temp:
            concatenate(videos, temp)
    """
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix=f"{path.stem}-") as scratch:
        made = Path(scratch) / path.name
        yield made
        stamp_path(path).unlink(missing_ok=True)
        with replacing(path, os.stat(made).st_mode & 0o777) as temporary:
            os.replace(made, temporary)
        write_stamp(path, {"fingerprint": fingerprint})


def digest(*parts: object) -> str:
    """A short, stable hex digest of JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def content_digest(path: Path) -> str:
    """The SHA-256 of a file's content (hex).

    Raises
    ------
    OSError
        If the file cannot be read.
    """
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def shown(path: Path) -> str:
    """A path as people want to read it: relative to here when inside, else as given."""
    relative = os.path.relpath(path.absolute(), Path.cwd())
    return relative if not relative.startswith("..") else str(path)
