"""Options of the whole suite: the pixel tests' reference frames; a cache of its own."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Checked lectures go to this run's cache folder, not the user's (and its commands')."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


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
