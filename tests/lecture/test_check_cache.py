"""The manifest check, remembered while nothing it read changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lecture_fixtures import Project

from lecture.project import check_cache
from lecture.project.manifest import load_lecture

GOOD_EXAMPLE = (
    Path(__file__).parents[2] / "examples" / "gradient_descent.py"
).read_text()

CODING = """
[lecture]
title = "Code"

[[chapter]]
title = "Code"

[[chapter.scene]]
name = "CodingGradientDescent"
module = "scenes.coding"
title = "Code"
options = { example = "my_example.py" }
"""


@pytest.fixture
def checks(monkeypatch):
    """The manifests the real check was run on, in order."""
    ran = []

    def counting(path):
        ran.append(path)
        return load_lecture(path)

    monkeypatch.setattr(check_cache, "load_lecture", counting)
    return ran


def check(project) -> None:
    result = project.run("check")
    assert result.exit_code == 0, result.output


def test_a_lecture_is_checked_again_only_when_what_the_check_read_changed(
    project, checks
):
    check(project)
    check(project)
    assert len(checks) == 1
    # Its scene modules (the check reads them), then the manifest itself.
    quick = project.root / "scenes" / "quick.py"
    quick.write_text(quick.read_text() + "\n# edited\n")
    check(project)
    check(project)
    project.manifest.write_text(project.manifest.read_text() + "\n# edited\n")
    check(project)
    assert len(checks) == 3


def test_a_file_an_option_names_is_read_by_the_check_and_counts(tmp_path, checks):
    project = Project(tmp_path / "coding")  # its scenes come from the project's
    project.write("lecture.toml", CODING)
    project.write("my_example.py", GOOD_EXAMPLE)
    check(project)
    check(project)
    assert len(checks) == 1
    project.write("my_example.py", GOOD_EXAMPLE.replace("start, learning rate", "x0"))
    check(project)
    assert len(checks) == 2


def test_a_manifest_with_a_problem_is_checked_and_reported_every_time(project, checks):
    good = project.manifest.read_text()
    project.manifest.write_text(good.replace('title = "A quick square"', "title = 3"))
    for _ in range(2):
        result = project.run("check")
        assert result.exit_code == 2
        assert "lecture.toml" in result.stderr
    project.manifest.write_text(good)
    check(project)
    check(project)
    assert len(checks) == 3


def test_checked_lectures_are_kept_in_the_users_cache_folder(project):
    check(project)
    folder = check_cache.cache_folder()
    assert folder.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    assert list(folder.glob("*.pickle"))
    assert not list(project.root.rglob("*.pickle"))


def test_reads_are_recorded_outside_python_and_its_libraries(tmp_path):
    data = tmp_path / "data.txt"
    data.write_text("x")
    (tmp_path / "folder").mkdir()
    sound = tmp_path / "sound.wav"
    sound.write_bytes(b"")
    with check_cache._recording() as reads:
        data.read_text()
        os.listdir(tmp_path / "folder")
        Path(os.__file__).read_text()  # Python's own
        subprocess.run(["true", "--file", str(sound)], check=True)
    assert reads.opened == {str(data), str(sound)}
    assert reads.listed == {str(tmp_path / "folder")}
    data.read_text()  # not recording any more
    assert reads.files() == {
        str(data): check_cache._content(data),
        str(sound): check_cache._content(sound),
    }
    assert sys.audit  # the hook stays, idle


def test_a_cache_folder_that_cannot_be_written_only_costs_a_check(
    project, checks, monkeypatch, tmp_path
):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    check(project)
    check(project)
    assert len(checks) == 2
