"""lecture doctor, and what a render says when a system piece is missing."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from lecture.cli import cli
from lecture.doctor import hint

PROGRAMS = (
    "latex",
    "kpsewhich",
    "dvisvgm",
    "ffmpeg",
    "ffprobe",
    "pkg-config",
    "fc-list",
)


@pytest.fixture
def path_without(tmp_path, monkeypatch):
    """Make PATH hold links to the system's programs, except the ones named."""

    def restrict(*missing: str):
        tools = tmp_path / "bin"
        tools.mkdir()
        for name in PROGRAMS:
            if name not in missing:
                (tools / name).symlink_to(shutil.which(name))
        monkeypatch.setenv("PATH", str(tools))

    return restrict


def test_everything_is_installed_here():
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "missing" not in result.stdout
    assert "everything the lecture needs is installed" in result.stdout


def test_latex_missing_names_the_debian_package(path_without):
    path_without("latex")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    row = next(line for line in result.stdout.splitlines() if line.startswith("latex "))
    assert "missing" in row
    assert "texlive-latex-base" in row
    assert "sudo apt-get install -y texlive-latex-base" in result.stdout


def test_several_missing_pieces_make_one_install_line(path_without):
    path_without("dvisvgm", "ffmpeg", "ffprobe", "kpsewhich")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    install = next(line for line in result.stdout.splitlines() if "apt-get" in line)
    # kpsewhich gone: every LaTeX file is unverifiable, so its package is named too.
    assert install.split()[5:] == sorted(
        {
            "dvisvgm",
            "ffmpeg",
            "texlive-binaries",
            "texlive-latex-extra",
            "preview-latex-style",
            "texlive-latex-base",
            "texlive-base",
        }
    )


def test_wrong_manim_version_says_how_to_install_the_right_one(monkeypatch):
    real = __import__("importlib.metadata").metadata.version
    monkeypatch.setattr(
        "lecture.doctor.metadata.version",
        lambda name: "0.19.0" if name == "manim" else real(name),
    )
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "0.19.0, need 0.22.x" in result.stdout
    assert "pip install 'manim>=0.22,<0.23'" in result.stdout


def test_render_without_latex_names_the_package(project, path_without):
    path_without("latex")
    result = project.run("render", "Quick")
    assert result.exit_code == 1
    row = next(line for line in result.stderr.splitlines() if "Quick" in line)
    assert "failed" in row
    assert "latex is missing: install the Debian package texlive-latex-base" in row


@pytest.mark.parametrize(
    ("error", "package"),
    [
        (
            "FileNotFoundError: [Errno 2] No such file or directory: 'dvisvgm'",
            "dvisvgm",
        ),
        (
            "LaTeX compilation error: File `preview.sty' not found.",
            "preview-latex-style",
        ),
        (
            "LaTeX compilation error: File `amsmath.sty' not found.",
            "texlive-latex-base",
        ),
    ],
)
def test_hints_name_the_package_for_known_failures(error, package):
    assert hint(error).endswith(f"install the Debian package {package}")


def test_no_hint_for_unrelated_errors():
    assert hint("RuntimeError: fixture scene fails on purpose") is None
    assert hint("No such file or directory: 'my_data.csv'") is None
