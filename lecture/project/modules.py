"""Where a lecture's scene code lives: its manifest's folder, else the installed project.

A manifest may sit anywhere (``--manifest PATH``). Its scenes' modules are looked up
first under the manifest's folder (a lecture may bring scene code of its own), then in
the installed project: the packages this tool's distribution installs
(``scenes.derivatives`` comes from the ``scenes`` package installed with it). Other
installed packages (manim, numpy) are not the lecture's code. A module's *root* is the folder holding its top-level
package: Manim runs there, with it on ``PYTHONPATH``, and the root's ``manim.cfg``,
``assets/`` and ``examples/`` are the scene's shared inputs.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["PROJECT_PACKAGES", "Modules"]

PROJECT_PACKAGES = frozenset(
    (
        metadata.distribution("calculus-for-optimization").read_text("top_level.txt")
        or ""
    ).split()
)
"""The top-level packages the installed project provides (mathviz, scenes, ...)."""


@dataclass(frozen=True)
class Modules:
    """Finds the files of dotted module names for the lecture in ``folder``."""

    folder: Path

    @functools.cache  # noqa: B019 - a handful of lookups per command
    def root(self, module: str) -> Path | None:
        """The folder holding ``module``'s top-level package, or ``None`` if unknown."""
        top = module.split(".")[0]
        if _module_file(self.folder, top) is not None:
            return self.folder
        return _installed_root(top)

    def from_lecture(self, module: str) -> bool:
        """Whether ``module`` is the lecture's own code, not the installed project's.

        It is when it is found in the lecture's folder, unless that folder is the
        installed project itself (the repository's own ``lecture.toml``).
        Rendering such a scene runs Python the lecture's folder brings.
        """
        top = module.split(".")[0]
        return self.root(module) == self.folder and _installed_root(top) != self.folder

    def file(self, module: str) -> Path | None:
        """The file of ``module`` (``a/b.py`` or ``a/b/__init__.py``), if it exists."""
        root = self.root(module)
        return None if root is None else _module_file(root, module)


@functools.cache
def _installed_root(top: str) -> Path | None:
    """The folder holding the installed project's package ``top``, if it is one."""
    if top not in PROJECT_PACKAGES:
        return None
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).resolve().parent
    return Path(spec.origin).resolve().parent if spec.origin else None


def _module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None
