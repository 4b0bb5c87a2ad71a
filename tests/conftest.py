"""Options of the whole suite: the pixel tests' reference frames."""

from __future__ import annotations


def pytest_addoption(parser):
    parser.addoption(
        "--set_test",
        action="store_true",
        help="write the reference frames of the pixel tests (tests/scenes/control_data/)",
    )
    parser.addoption(
        "--show_diff",
        action="store_true",
        help="show a failing pixel test's frame beside its reference",
    )
