"""Fixture project for the build tool's tests (helpers live in lecture_fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lecture_fixtures import BROKEN, MANIFEST, OTHER, QUICK, SHARED, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh two-chapter fixture lecture (Quick, Other) with a broken scene on disk."""
    project = Project(tmp_path / "proj")
    project.write("manim.cfg", "[CLI]\nmedia_dir = build/media\n")
    project.write("scenes/__init__.py", '"""Fixture scenes."""\n')
    project.write("scenes/shared.py", SHARED)
    project.write("scenes/quick.py", QUICK)
    project.write("scenes/other.py", OTHER)
    project.write("scenes/broken.py", BROKEN)
    project.write("mathviz/__init__.py", '"""Fixture mathviz."""\n')
    project.write("lecture.toml", MANIFEST)
    return project
