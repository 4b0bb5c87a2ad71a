"""The layout inspector sees what a viewer sees: deliberately bad frames fail it.

Each scene here breaks one rule on purpose (a label laid on an axis, a plot shrunk
to a corner, a label far from its point, a formula flying across another) and the
inspector names it; the same frame laid out with the shared widgets passes.
"""

import pytest
from manim import DL, DOWN, LEFT, RIGHT, UP, UR, Create, Dot, FadeIn, MathTex, Text

from mathviz.geometry import box_distance
from scenes.base import LectureScene
from scenes.widgets.labels import PointLabel, label_point
from scenes.widgets.plots import clear_axes, plot_axes


class _Plot(LectureScene):
    """A parabola filling most of the frame, its minimum marked."""

    SIZE = (10.0, 6.0)

    def setup(self):
        super().setup()
        self.axes = plot_axes((-2, 2), [lambda x: x**2], *self.SIZE)
        self.curve = self.axes.plot(lambda x: x**2, x_range=(-2, 2))
        clear_axes(self.axes, self.curve)
        self.dot = Dot(self.axes.c2p(0, 0))

    def construct(self):
        self.play(Create(self.axes), Create(self.curve), FadeIn(self.dot))
        self.play(FadeIn(self.label()))

    def label(self):
        return label_point(
            Text("minimum"), self.dot.get_center(), [self.axes, self.curve]
        )


class LabelOnTheAxis(_Plot):
    def label(self):
        # laid over the x axis line, its ticks and its numbers
        return Text("minimum").move_to(self.axes.c2p(1, 0))


class LabelFarFromItsPoint(_Plot):
    def label(self):
        text = Text("minimum").move_to(self.axes.c2p(-1.5, 3.5))
        return PointLabel(text, self.dot.get_center())


class ShrunkenPlot(_Plot):
    SIZE = (2.5, 1.5)


class FormulaFlyingAcross(_Plot):
    def construct(self):
        super().construct()
        top = MathTex("a^2 + b^2").to_edge(UP).shift(2 * LEFT)
        across = MathTex("c^2").next_to(top, RIGHT, buff=2)
        self.add(top, across)
        self.play(across.animate.next_to(top, LEFT, buff=1))


def test_a_plot_laid_out_with_the_widgets_passes(construct):
    scene = construct(_Plot, "landscape", inspect=True)
    assert scene.findings == []
    label = next(m for m in scene.mobjects if isinstance(m, PointLabel))
    low, high = label.text.get_corner(DL)[:2], label.text.get_corner(UR)[:2]
    assert box_distance(low, high, label.anchor[:2]) <= 0.5 <= label.reach


@pytest.mark.parametrize(
    ("scene_class", "rule", "names"),
    [
        (LabelOnTheAxis, "ink", ["Text 'minimum' is crossed by"]),
        (LabelFarFromItsPoint, "anchor", ["Text 'minimum' stands"]),
        (ShrunkenPlot, "subject", ["the plots cover at most", "Axes"]),
        (FormulaFlyingAcross, "overlap", ["half-way through the animation"]),
    ],
)
def test_a_deliberately_bad_frame_fails(construct, scene_class, rule, names):
    scene = construct(scene_class, "landscape", inspect=True)
    found = [f for f in scene.findings if f" {rule}: " in f]
    assert found, scene.findings
    for name in names:
        assert any(name in finding for finding in found), found


def test_an_emptied_frame_is_found_empty(construct):
    class TinyInACorner(ShrunkenPlot):
        def setup(self):
            super().setup()
            self.axes.to_corner(DOWN + LEFT)
            self.curve = self.axes.plot(lambda x: x**2, x_range=(-2, 2))
            self.dot.move_to(self.axes.c2p(0, 0))

    scene = construct(TinyInACorner, "square", inspect=True)
    assert any(" empty: " in f for f in scene.findings), scene.findings
