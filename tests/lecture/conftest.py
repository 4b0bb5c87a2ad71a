"""Fixtures of the build tool's tests: projects (helpers live in lecture_fixtures), a browser."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lecture_fixtures import BEATS, DECK_MANIFEST, Project, make_project
from playwright.sync_api import sync_playwright


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


# --- pages in a real browser ---------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    # Lets the deck's Web Audio read the clips' samples (file:// is cross-origin).
    "--allow-file-access-from-files",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium() -> str:
    """Debian's Chromium, installed with apt-get if missing and possible."""
    found = shutil.which("chromium")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
        ):
            subprocess.run(command, env=env, capture_output=True, check=False)
        found = shutil.which("chromium")
    if found is None:
        pytest.skip(
            "no Chromium and no way to install it here: "
            "apt-get install chromium (tools/bootstrap.sh does) to test pages in it"
        )
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium(), args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()
