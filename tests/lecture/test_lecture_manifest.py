"""lecture.toml: reading, ordering and every kind of mistake in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lecture.project.errors import LectureError
from lecture.project.manifest import find_manifest, load_lecture
from storyboard.narration import BeatWords


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


def twice(project, first: str = "", second: str = "", extra: str = "") -> None:
    """The fixture lecture with Other listed a second time (``first``/``second``: id lines)."""
    text = project.manifest.read_text().replace(
        'name = "Other"', f'{first}name = "Other"'
    )
    project.manifest.write_text(
        text + f'\n[[chapter.scene]]\n{second}name = "Other"\nmodule = "scenes.other"\n'
        f'title = "Other again"\n{extra}'
    )


def test_a_scene_listed_twice_is_keyed_by_its_ids(project):
    twice(project, second='id = "other-again"\n')
    lecture = load_lecture(project.manifest)
    assert [(s.id, s.name, s.stem) for s in lecture.scenes] == [
        ("Quick", "Quick", "01-Quick"),
        ("Other", "Other", "02-Other"),
        ("other-again", "Other", "03-other-again"),
    ]
    assert [s.id for s in lecture.select(["other-again"])] == ["other-again"]
    assert [s.id for s in lecture.select(["Other"])] == ["Other", "other-again"]
    with pytest.raises(LectureError, match=r"valid scenes: Quick, Other, other-again"):
        lecture.select(["again"])


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            "",
            "",
            "duplicate entry: scene 'Other' is listed twice in chapter 'Chapter Two'; "
            'list it once, or give each entry its own id (id = "other-2")',
        ),
        (
            'id = "again"\n',
            'id = "Again"\n',
            "duplicate id 'Again': scenes 'Other' (chapter 'Chapter Two') and 'Other' "
            "(chapter 'Chapter Two'); give each entry its own id",
        ),
        (
            "",
            'id = "Quick"\n',
            "duplicate id 'Quick': scenes 'Quick' (chapter 'Chapter One') and 'Other' "
            "(chapter 'Chapter Two'); give each entry its own id",
        ),
        (
            "",
            'id = "../up"\n',
            "Other.id: '../up' is not an id of letters and digits joined by '-' or "
            """'_' (at most 100 characters); e.g. id = "tangent-cubic\"""",
        ),
    ],
    ids=["no-ids", "same-id-but-case", "id-of-another-scene", "path-as-id"],
)
def test_entries_must_have_distinct_ids(project, first, second, message):
    twice(project, first, second)
    with pytest.raises(LectureError) as caught:
        load_lecture(project.manifest)
    assert str(caught.value) == f"{project.manifest}: {message}"


def test_words_for_beats_are_read_checked_and_handed_to_the_scene(project):
    twice(
        project,
        second='id = "again"\n',
        extra='[chapter.scene.say]\n"2" = "It\'s round."\n'
        '[chapter.scene.caption]\n"1" = "Round"\n',
    )
    again = load_lecture(project.manifest).scenes[2]
    assert again.words.say == {2: "It\u2019s round."}
    assert again.words.caption == {1: "Round"}
    handed = json.loads(again.variables["LECTURE_WORDS"])
    assert handed == {"say": {"2": "It\u2019s round."}, "caption": {"1": "Round"}}
    assert BeatWords.from_environment(again.variables) == again.words
    assert not load_lecture(project.manifest).scenes[1].words


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('say = "Hello"', "again.say: expected a [chapter.scene.say] table"),
        ('say = { "0" = "Hi" }', "again.say.0: not a beat number from 1 to 99"),
        ('say = { "first" = "Hi" }', "again.say.first: not a beat number"),
        ('say = { "1" = "" }', "again.say.1: the text is empty"),
        ('say = { "1" = 3 }', "again.say.1: input should be a valid string"),
        (
            'say = { "1" = "x^2 = 4" }',
            "again.say.1: the voice would read = ^ literally; write the words",
        ),
        ('say = { "1" = "a\\nb" }', "again.say.1: the text holds a line break"),
        (f'say = {{ "1" = "{"la " * 100}" }}', "again.say.1: the text is 300"),
        ('caption = { "1" = "" }', "again.caption.1: the text is empty"),
    ],
)
def test_mistakes_in_words_for_beats_are_one_line(project, table, message):
    twice(project, second='id = "again"\n', extra=table + "\n")
    with pytest.raises(LectureError) as caught:
        load_lecture(project.manifest)
    assert str(caught.value).startswith(f"{project.manifest}: {message}")
    assert "\n" not in str(caught.value)


def themed(project, table: str) -> None:
    text = project.manifest.read_text()
    project.manifest.write_text(
        text.replace("[[chapter]]", f"[lecture.theme]\n{table}\n\n[[chapter]]", 1)
    )


def test_a_theme_and_its_logo_reach_every_scene_and_its_fingerprint(project):
    project.write("club/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    themed(project, 'base = "light"\nlogo = "club/logo.svg"')
    lecture = load_lecture(project.manifest)
    logo = project.root.resolve() / "club" / "logo.svg"
    for scene in lecture.scenes:
        handed = json.loads(scene.variables["LECTURE_THEME"])
        assert handed["base"] == "light" and handed["logo"] == str(logo)
        assert logo in scene.files


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'background = "#ffffff"\ntext = "#aaaaaa"',
            "[lecture.theme].text: #aaaaaa on the background #ffffff has a contrast "
            "of 2.3:1; text needs 4.5:1 (the inspector's threshold for text); choose "
            "a darker text",
        ),
        (
            'background = "#ffe8a3"',
            "[lecture.theme].accent: #ffd166 on the background #ffe8a3 has",
        ),
        (
            'logo = "../logo.png"',
            "[lecture.theme].logo: ../logo.png leads outside the lecture's folder",
        ),
        (
            'logo = "lecture.toml"',
            "[lecture.theme].logo: lecture.toml is not a .png or .svg picture",
        ),
        (
            'colour = "red"',
            "[lecture.theme].colour: extra inputs are not permitted; valid keys: base,",
        ),
        (
            "text = 3",
            "[lecture.theme].text: input should be a valid string; e.g. text =",
        ),
    ],
)
def test_theme_mistakes_are_one_line(project, table, message):
    (project.root.parent / "logo.png").write_bytes(b"\x89PNG")
    themed(project, table)
    with pytest.raises(LectureError) as caught:
        load_lecture(project.manifest)
    lines = str(caught.value).splitlines()
    assert any(line.startswith(f"{project.manifest}: {message}") for line in lines), (
        lines
    )


def readme_block(after: str, holding: str) -> str:
    """The README's first TOML block after the text ``after`` that holds ``holding``."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    blocks = readme[readme.index(after) :].split("```toml\n")[1:]
    return next(b.split("```")[0] for b in blocks if holding in b)


def test_the_readmes_examples_of_ids_words_and_a_theme_load(tmp_path):
    root = Path(__file__).parents[2]
    shutil.copytree(root / "examples", tmp_path / "examples")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    theme = readme_block("## Your club's look", "[lecture.theme]")
    entry = readme_block("**A scene more than once", 'id = "tangent-sine"')
    text = (root / "lecture.toml").read_text()
    manifest = tmp_path / "lecture.toml"
    manifest.write_text(
        text.replace("[[chapter]]", theme + "\n[[chapter]]", 1) + "\n" + entry
    )
    lecture = load_lecture(manifest)
    assert lecture.header.theme.base == "light"
    assert lecture.header.theme.logo == tmp_path.resolve() / "logo.svg"
    again = lecture.scenes[-1]
    assert (again.id, again.name) == ("tangent-sine", "TangentSlide")
    assert again.stem == f"{len(lecture.scenes):02d}-tangent-sine"
    assert again.words.say[2].startswith("Below, we draw the slope")
