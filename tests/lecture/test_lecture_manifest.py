"""lecture.toml: reading, ordering and every kind of mistake in it."""

from __future__ import annotations

import pytest

from lecture.project.errors import LectureError
from lecture.project.manifest import find_manifest, load_lecture


def test_reads_chapters_and_scenes_in_order(project):
    lecture = load_lecture(project.manifest)
    assert lecture.title == "Fixture Lecture"
    assert [c.title for c in lecture.chapters] == ["Chapter One", "Chapter Two"]
    assert [(s.number, s.name, s.module, s.chapter) for s in lecture.scenes] == [
        (1, "Quick", "scenes.quick", "Chapter One"),
        (2, "Other", "scenes.other", "Chapter Two"),
    ]
    assert lecture.scenes[0].stem == "01-Quick"
    assert lecture.scenes[0].source == project.root.resolve() / "scenes/quick.py"
    assert lecture.scenes[0].root == lecture.folder == project.root.resolve()


def test_select_keeps_lecture_order_and_rejects_unknown_names(project):
    lecture = load_lecture(project.manifest)
    assert [s.name for s in lecture.select(["Other", "Quick"])] == ["Quick", "Other"]
    assert [s.name for s in lecture.select([])] == ["Quick", "Other"]
    with pytest.raises(LectureError, match=r"unknown scene 'Nope'.*Quick, Other"):
        lecture.select(["Quick", "Nope"])


def test_find_manifest_walks_up_and_says_what_to_do(project, tmp_path):
    nested = project.root / "scenes"
    assert find_manifest(nested) == project.manifest
    (tmp_path / "empty").mkdir()
    with pytest.raises(LectureError, match="--manifest"):
        find_manifest(tmp_path / "empty")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('title = "Fixture', "title = Fixture"), "syntax error"),
        (lambda t: t.replace("[lecture]", "[lectures]"), r"\[lecture\] table"),
        (lambda t: t.replace('name = "Other"', 'name = "Quick"'), "duplicate entry"),
        (lambda t: t.replace('name = "Other"', 'name = "Ghost"'), "defines no class"),
        (lambda t: t.replace('"scenes.other"', '"scenes.missing"'), "not found"),
        (lambda t: t.replace('"scenes.other"', '"scenes/other"'), "dotted module"),
        (lambda t: t.replace('module = "scenes.other"\n', ""), 'needs module = "'),
        (lambda t: t.replace("module =", "modul =", 1), "unknown key 'modul'"),
        (lambda t: t + 'poster = "late"\n', "poster must be a time"),
        (lambda t: t.split("[[chapter]]")[0], r"at least one \[\[chapter\]\]"),
        (
            lambda t: t.split("[[chapter.scene]]")[0],
            r"at least one \[\[chapter.scene\]\]",
        ),
    ],
    ids=[
        "toml-syntax",
        "no-lecture-table",
        "duplicate",
        "missing-class",
        "missing-module",
        "module-path",
        "missing-key",
        "unknown-key",
        "bad-poster",
        "no-chapters",
        "no-scenes",
    ],
)
def test_mistakes_are_one_line_errors_naming_the_problem(project, edit, message):
    project.manifest.write_text(edit(project.manifest.read_text()))
    with pytest.raises(LectureError, match=message) as caught:
        load_lecture(project.manifest)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_syntax_error_names_the_line(project):
    text = project.manifest.read_text().replace('title = "Chapter Two"', "title =")
    project.manifest.write_text(text)
    line = text.splitlines().index("title =") + 1
    with pytest.raises(LectureError, match=rf"line {line}"):
        load_lecture(project.manifest)


def test_class_bound_by_import_or_assignment_counts_as_defined(project):
    project.write(
        "scenes/other.py",
        "from scenes.quick import Quick as Other\nAlias = Other\n",
    )
    text = project.manifest.read_text()
    project.manifest.write_text(text.replace('name = "Other"', 'name = "Alias"'))
    assert [s.name for s in load_lecture(project.manifest).scenes] == ["Quick", "Alias"]


def test_poster_time_is_optional_and_read(project):
    project.manifest.write_text(project.manifest.read_text() + "poster = 0.25\n")
    other = load_lecture(project.manifest).scenes[1]
    assert other.poster == 0.25
    assert other.table["poster"] == 0.25
