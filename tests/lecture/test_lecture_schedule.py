"""Job order: the longest renders start first, by history or, on a first run, by source."""

from __future__ import annotations

from lecture_fixtures import SLUG

from lecture.kit.files import write_stamp
from lecture.project.layout import OutputLayout
from lecture.project.manifest import load_lecture
from lecture.render.renderer import SceneResult, _Runner, render_scenes
from lecture.render.session import BuildSession

CUBE = '''
"""A small 3D fixture scene."""
from manim import *


class Cube(ThreeDScene):
    def construct(self):
        self.play(Create(Cube()))
'''


def start_order(project, monkeypatch, history=None):
    lecture = load_lecture(project.manifest)
    layout = OutputLayout(project.out, SLUG, "landscape", "low", "none")
    for scene in lecture.scenes:
        if history and scene.name in history:
            seconds = history[scene.name]
            write_stamp(layout.video(scene), {"fingerprint": "old", "seconds": seconds})
    started = []

    def run(self, job):
        started.append(job.scene.name)
        return SceneResult(job.scene, "failed", None, error="not rendered in this test")

    monkeypatch.setattr(_Runner, "run", run)
    render_scenes(BuildSession.open(lecture, layout, jobs=1), lecture.scenes)
    return started


def test_first_renders_start_with_the_biggest_scene_3d_counting_four_times(
    project, monkeypatch
):
    project.add_scene("Cube", "scenes.cube", CUBE, "Chapter Three")
    # Quick's class is bigger than Other's; Cube is small but 3D.
    assert start_order(project, monkeypatch) == ["Cube", "Quick", "Other"]


def test_known_render_times_order_the_jobs(project, monkeypatch):
    project.add_scene("Cube", "scenes.cube", CUBE, "Chapter Three")
    history = {"Quick": 1.0, "Other": 9.0, "Cube": 5.0}
    assert start_order(project, monkeypatch, history) == ["Other", "Cube", "Quick"]


def test_never_rendered_scenes_go_before_timed_ones(project, monkeypatch):
    assert start_order(project, monkeypatch, {"Quick": 50.0}) == ["Other", "Quick"]
