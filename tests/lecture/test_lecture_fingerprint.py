"""Fingerprints change exactly when something a scene depends on changes."""

from __future__ import annotations

import pytest

from lecture.project.manifest import load_lecture
from lecture.project.settings import render_settings
from lecture.render.fingerprint import Fingerprinter

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


def sources(project, module):
    hasher = Fingerprinter(load_lecture(project.manifest))
    return [str(p.relative_to(project.root)) for p in hasher.sources(module)]


def test_sources_follow_imports_into_the_project_only(project):
    assert sources(project, "scenes.quick") == [
        "scenes/__init__.py",
        "scenes/quick.py",
        "scenes/shared.py",
    ]
    assert sources(project, "scenes.other") == ["scenes/__init__.py", "scenes/other.py"]


def test_imports_are_followed_transitively_and_relatively(project):
    project.write("scenes/shared.py", "from .helpers import SIDE\n")
    project.write("scenes/helpers.py", "import mathviz.geometry\nSIDE = 4.0\n")
    project.write("mathviz/geometry.py", "from mathviz import numbers\n")
    project.write("mathviz/numbers.py", "ONE = 1\n")
    project.write("mathviz/table.json", "[]\n")
    assert sources(project, "scenes.quick") == [
        "mathviz/__init__.py",
        "mathviz/geometry.py",
        "mathviz/numbers.py",
        "mathviz/table.json",
        "scenes/__init__.py",
        "scenes/helpers.py",
        "scenes/quick.py",
        "scenes/shared.py",
    ]
    before = fingerprints(project)
    append(project, "mathviz/numbers.py")
    after = fingerprints(project)
    assert after["Quick"] != before["Quick"]
    assert after["Other"] == before["Other"]


def test_shared_scene_code_changes_the_scenes_that_import_it(project):
    before = fingerprints(project)
    append(project, "scenes/shared.py")
    after = fingerprints(project)
    assert after["Quick"] != before["Quick"]
    assert after["Other"] == before["Other"]


@pytest.mark.parametrize(
    "changed",
    ["scenes/__init__.py", "assets/logo.svg", "examples/demo.py", "manim.cfg"],
)
def test_package_init_assets_and_config_change_every_scene(project, changed):
    before = fingerprints(project)
    append(project, changed)
    after = fingerprints(project)
    assert all(after[name] != before[name] for name in before)


def test_new_or_unrelated_modules_change_nothing(project):
    before = fingerprints(project)
    project.write("scenes/new_scene.py", "from manim import *\n")
    append(project, "scenes/broken.py")
    append(project, "mathviz/unused.py")
    assert fingerprints(project) == before


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
    monkeypatch.setattr(
        "lecture.render.fingerprint.metadata.version", lambda name: "9.9"
    )
    assert all(v != before[k] for k, v in fingerprints(project).items())


TWO_SCENES = '''
"""Two fixture scenes in one module, the second built on the first."""
from manim import *

COLOUR = WHITE


class First(Scene):
    def construct(self):
        self.add_subcaption("The first scene.")
        self.play(Create(Square(color=COLOUR)))


class Second(First):
    def construct(self):
        self.add_subcaption("The second scene.")
        super().construct()


class Third(Scene):
    def construct(self):
        self.add_subcaption("The third scene.")
        self.play(Create(Circle()))
'''


def test_a_scene_counts_its_own_class_not_the_other_scenes_beside_it(project):
    for name in ("First", "Second", "Third"):
        project.add_scene(name, "scenes.several", TWO_SCENES, f"Chapter {name}")
    before = fingerprints(project)
    module = project.root / "scenes" / "several.py"
    module.write_text(module.read_text().replace("The third scene.", "Third!"))
    third = fingerprints(project)
    assert third["Third"] != before["Third"]
    assert {k: v for k, v in third.items() if k != "Third"} == {
        k: v for k, v in before.items() if k != "Third"
    }
    # A base class counts for its subclasses, not the other way round.
    module.write_text(module.read_text().replace("The second scene.", "Second!"))
    second = fingerprints(project)
    assert second["Second"] != third["Second"]
    assert second["First"] == third["First"]
    module.write_text(module.read_text().replace("The first scene.", "First!"))
    first = fingerprints(project)
    assert first["First"] != second["First"] and first["Second"] != second["Second"]
    assert first["Third"] == second["Third"]
    # Code outside the classes counts for all of them.
    module.write_text(module.read_text().replace("COLOUR = WHITE", "COLOUR = RED"))
    colour = fingerprints(project)
    assert all(colour[name] != first[name] for name in ("First", "Second", "Third"))


def test_narrated_renders_count_voice_engine_spoken_texts_and_recordings(
    project, tmp_path
):
    hasher = Fingerprinter(load_lecture(project.manifest))
    recording = tmp_path / "01.wav"
    recording.write_bytes(b"one take")
    base = hasher.narrated("scene", "piper", "engine 1", [("Hello.", None)])
    variants = [
        hasher.narrated("scene", "flite", "engine 1", [("Hello.", None)]),
        hasher.narrated("scene", "piper", "engine 2", [("Hello.", None)]),
        hasher.narrated("scene", "piper", "engine 1", [("Hello there.", None)]),
        hasher.narrated("scene", "piper", "engine 1", [("Hello.", recording)]),
        hasher.narrated("other scene", "piper", "engine 1", [("Hello.", None)]),
    ]
    assert len({base, *variants}) == 6
    # A recording counts by its content, not by its file's time or name.
    again = Fingerprinter(load_lecture(project.manifest))
    copy = tmp_path / "copy.wav"
    copy.write_bytes(b"one take")
    assert (
        again.narrated("scene", "piper", "engine 1", [("Hello.", copy)])
        == (variants[3])
    )
    # Silent: the same whatever the voice, and whatever would have been said.
    silent = {
        hasher.narrated("scene", "none", "", []),
        hasher.narrated("scene", "piper", "engine 1", []),
    }
    assert len(silent) == 1 and base not in silent


def test_only_code_that_uses_the_narration_contract_can_narrate(project):
    hasher = Fingerprinter(load_lecture(project.manifest))
    assert not hasher.narrates("scenes.quick")
    project.write(
        "scenes/told.py",
        "from storyboard.narration import BEAT_PAUSE\nX = BEAT_PAUSE\n",
    )
    assert Fingerprinter(load_lecture(project.manifest)).narrates("scenes.told")


def test_words_for_a_beat_count_for_their_entry_only(project):
    text = project.manifest.read_text()
    project.manifest.write_text(text + '[chapter.scene.say]\n"1" = "One."\n')
    before = fingerprints(project)
    project.manifest.write_text(text + '[chapter.scene.say]\n"1" = "Two."\n')
    after = fingerprints(project)
    assert after["Other"] != before["Other"]
    assert after["Quick"] == before["Quick"]
    project.manifest.write_text(text + '[chapter.scene.caption]\n"1" = "Two."\n')
    assert fingerprints(project)["Other"] not in {before["Other"], after["Other"]}
