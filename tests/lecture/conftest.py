"""Fixture project for the build tool's tests (helpers live in lecture_fixtures)."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest
from lecture_fixtures import BEATS, DECK_MANIFEST, Project, make_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh two-chapter fixture lecture (Quick, Other) with a broken scene on disk."""
    return make_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def deck(tmp_path_factory, worker_id):
    """The deck fixture lecture (Beats: three narrated beats; Plain) after ``slides``.

    Built once per test run with the default voice, piper (shared by xdist
    workers): ``build`` (scene videos, captions, section clips, the lecture),
    then ``slides`` (clips with their speech, the deck; its log is
    ``slides_log``), then ``slides`` again, which must change nothing. Tests
    that change it work on a copy (``copy_of``).
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    project = Project(shared / "slides-deck" / "proj")
    with open(shared / "slides-deck.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = project.root.parent / "outputs.json"
        if not done.exists():
            project.write("manim.cfg", "[CLI]\nmedia_dir = build/media\n")
            project.write("deck_scenes/__init__.py", '"""Fixture scenes."""\n')
            project.write("deck_scenes/beats.py", BEATS)
            project.write("lecture.toml", DECK_MANIFEST)
            built = project.run("build")
            assert built.exit_code == 0, built.output
            first = project.run("slides")
            assert first.exit_code == 0, first.output
            made = file_times(project)
            again = project.run("slides")
            assert again.exit_code == 0, again.output
            done.write_text(json.dumps([made, file_times(project), first.stderr]))
    *project.outputs, project.slides_log = json.loads(done.read_text())
    project.slides = project.folder() / "slides"
    return project


def file_times(project: Project) -> dict[str, int]:
    """Modification time of every file the command wrote (not hidden, not media)."""
    folder = project.folder()
    return {
        str(path.relative_to(folder)): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file()
        and not path.name.startswith(".")
        and path.parent.name != "logs"
    }
