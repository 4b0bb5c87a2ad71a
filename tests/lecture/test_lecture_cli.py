"""The CLI on bad input: one clear line, exit code 2, nothing rendered."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lecture.cli import cli


def error_line(result):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lecture: ")
    return lines[0]


def nothing_rendered(project):
    return not list(project.root.rglob("*.mp4"))


def test_list_prints_chapters_and_scenes_in_order(project):
    result = project.run("list")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == ["Fixture", "Lecture"]
    assert lines[1] == ["Chapter", "One"]
    assert lines[2][:2] == ["01", "Quick"]
    assert lines[3] == ["Chapter", "Two"]
    assert lines[4][:2] == ["02", "Other"]
    assert "scenes.other" in lines[4]
    # The fixture's scenes are the lecture folder's own code, and list says so.
    assert " ".join(lines[4]).endswith("scenes.other [lecture's own code]")
    assert "needs --trust-code" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "named", "choices"),
    [
        (["render", "Quick", "Nope"], "'Nope'", "Quick, Other"),
        (["render", "--quality", "ultra"], "'ultra'", "'low', 'medium', 'high', '4k'"),
        (["render", "--format", "portrait"], "'portrait'", "'vertical', 'square'"),
        (["render", "--jobs", "0"], "0", "x>=1"),
        (["render", "--jobs", "-3"], "-3", "x>=1"),
        (["render", "--jobs", "two"], "'two'", "integer"),
    ],
    ids=["scene", "quality", "format", "jobs-zero", "jobs-negative", "jobs-word"],
)
def test_unknown_choice_names_it_and_the_valid_ones(project, args, named, choices):
    result = project.run(*args)
    assert result.exit_code == 2
    line = error_line(result)
    assert named in line
    assert choices in line
    assert nothing_rendered(project)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("[[chapter.scene]]", "[[chapter.scene]", 1), "syntax"),
        (lambda t: t.replace('name = "Other"', 'name = "Missing"'), "Missing"),
        (lambda t: t.replace('name = "Other"', 'name = "Quick"'), "duplicate"),
    ],
    ids=["toml-syntax", "missing-class", "duplicate"],
)
def test_bad_manifest_stops_before_rendering(project, edit, expected):
    project.manifest.write_text(edit(project.manifest.read_text()))
    for command in (["list"], ["render"]):
        result = project.run(*command)
        assert result.exit_code == 2
        assert expected in error_line(result)
    assert nothing_rendered(project)


def test_missing_manifest_says_how_to_fix_it(project):
    missing = str(project.root / "no.toml")
    result = CliRunner().invoke(cli, ["--manifest", missing, "list"])
    assert result.exit_code == 2
    assert "--manifest" in error_line(result)


@pytest.mark.parametrize("kind", ["file-in-the-way", "read-only-fs"])
def test_unwritable_output_folder(project, kind):
    if kind == "file-in-the-way":
        blocker = project.root / "blocker"
        blocker.write_text("not a folder")
        out = blocker / "out"
    else:
        out = "/sys/lecture-out"
    result = project.run("render", "--out", str(out))
    assert result.exit_code == 2
    line = error_line(result)
    assert "cannot write to output folder" in line
    assert "--out" in line
    assert nothing_rendered(project)


def test_no_arguments_print_help_and_a_missing_command_is_one_line(project):
    assert "Commands:" in CliRunner().invoke(cli, []).output
    result = project.run()
    assert result.exit_code == 2
    assert "Missing command" in error_line(result)
