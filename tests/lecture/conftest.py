"""Fixture project for the build tool's tests (helpers live in lecture_fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lecture_fixtures import Project, make_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh two-chapter fixture lecture (Quick, Other) with a broken scene on disk."""
    return make_project(tmp_path / "proj")
