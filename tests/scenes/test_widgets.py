import numpy as np
import pytest

from scenes.widgets.cards import paragraph
from scenes.widgets.readouts import LiveNumber, Readout


def test_live_number_draws_no_minus_sign_for_a_value_that_rounds_to_zero():
    np.testing.assert_allclose(LiveNumber(-0.0001, 3).points, LiveNumber(0.0, 3).points)
    assert LiveNumber(-1.5, 1).width > LiveNumber(1.5, 1).width


def test_live_number_keeps_its_left_edge_and_scale_when_the_value_changes():
    number = LiveNumber(1.25, 2).scale(2).shift([1.0, 2.0, 0.0])
    left = number.get_left()
    number.set_value(-7.5)
    np.testing.assert_allclose(number.get_left(), left, atol=1e-9)
    assert number.height == pytest.approx(2 * LiveNumber(-7.5, 2).height)
    assert number.get_value() == -7.5


def test_readout_shows_what_its_source_returns_on_update():
    values = iter([0.5, 2.0])
    readout = Readout("x", lambda: next(values))
    readout.number.update()
    assert readout.number.get_value() == 2.0


def test_a_paragraphs_lines_keep_their_glyphs_past_a_ligature():
    # "fi" is one glyph for two characters where ligatures are on: the glyph after
    # it would be drawn in the line before.
    made = paragraph("find a", "b), then", font_size=30)
    first, second = made
    assert first.get_bottom()[1] > second.get_top()[1]
    assert abs(second.get_left()[0] - first.get_left()[0]) < 0.05
