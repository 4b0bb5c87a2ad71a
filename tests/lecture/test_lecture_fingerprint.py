"""Fingerprints change exactly when something a scene depends on changes."""

from __future__ import annotations

import pytest

from lecture.fingerprint import Fingerprinter
from lecture.formats import render_settings
from lecture.manifest import load_lecture

LOW = render_settings("low", "landscape")


def fingerprints(project, settings=LOW):
    lecture = load_lecture(project.manifest)
    hasher = Fingerprinter(lecture)
    return {s.name: hasher.scene(s, settings) for s in lecture.scenes}


def append(project, relative, text="\n# changed\n"):
    path = project.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as file:
        file.write(text)


def test_stable_when_nothing_changes(project):
    assert fingerprints(project) == fingerprints(project)
    assert len(set(fingerprints(project).values())) == 2


@pytest.mark.parametrize(
    "changed",
    [
        "scenes/shared.py",
        "scenes/__init__.py",
        "scenes/widgets/new.py",
        "mathviz/__init__.py",
        "mathviz/new_module.py",
        "assets/logo.svg",
        "manim.cfg",
    ],
)
def test_shared_inputs_change_every_scene(project, changed):
    before = fingerprints(project)
    append(project, changed)
    after = fingerprints(project)
    assert all(after[name] != before[name] for name in before)


def test_a_scene_module_changes_only_its_scenes(project):
    before = fingerprints(project)
    append(project, "scenes/quick.py")
    after = fingerprints(project)
    assert after["Quick"] != before["Quick"]
    assert after["Other"] == before["Other"]


def test_touching_without_changing_content_changes_nothing(project):
    before = fingerprints(project)
    (project.root / "scenes/quick.py").touch()
    assert fingerprints(project) == before


def test_caches_and_bytecode_are_not_inputs(project):
    before = fingerprints(project)
    append(project, "scenes/__pycache__/quick.cpython-311.pyc")
    append(project, "mathviz/__pycache__/x.pyc")
    assert fingerprints(project) == before


def test_lecture_toml_entry_counts_but_the_poster_time_does_not(project):
    before = fingerprints(project)
    text = project.manifest.read_text()
    project.manifest.write_text(text.replace("Another shape", "Another title"))
    retitled = fingerprints(project)
    assert retitled["Other"] != before["Other"]
    assert retitled["Quick"] == before["Quick"]
    project.manifest.write_text(project.manifest.read_text() + "poster = 0.2\n")
    assert fingerprints(project) == retitled


@pytest.mark.parametrize(
    ("quality", "fmt"), [("medium", "landscape"), ("low", "vertical")]
)
def test_quality_and_format_count(project, quality, fmt):
    assert fingerprints(project) != fingerprints(project, render_settings(quality, fmt))


def test_manim_version_counts(project, monkeypatch):
    before = fingerprints(project)
    monkeypatch.setattr("lecture.fingerprint.metadata.version", lambda name: "9.9")
    assert all(v != before[k] for k, v in fingerprints(project).items())
