"""Scene options in lecture.toml: checked before any work, every mistake one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner

from lecture.cli import cli
from lecture.project.errors import LectureError
from lecture.project.manifest import load_lecture

ROOT = Path(__file__).parents[2]

HEADER = """
[lecture]
title = "Options Fixture"
club = "Test Club"
presenter = "A. Presenter"
affiliation = "Tester · Checker"

[[chapter]]
title = "Opening"

[[chapter.scene]]
name = "TitleCard"
module = "scenes.opening"
title = "Options Fixture"

[[chapter]]
title = "The scene under test"

[[chapter.scene]]
name = "{name}"
module = "{module}"
title = "Under test"
"""


def manifest(tmp_path: Path, name: str, module: str, options: str = "") -> Path:
    """A lecture outside the repository: the title card, then one library scene."""
    path = tmp_path / "elsewhere" / "lecture.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER.format(name=name, module=module)
    if options:
        text += "\n[chapter.scene.options]\n" + options + "\n"
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(LectureError) as caught:
        load_lecture(path)
    assert caught.value.exit_code == 2
    return str(caught.value).splitlines()


def test_options_reach_the_story_and_the_title_card_its_header(tmp_path):
    path = manifest(
        tmp_path,
        "TangentSlide",
        "scenes.derivatives",
        'function = "x^4 - 2*x^2"\nx_range = [-1.6, 1.6]',
    )
    card, scene = load_lecture(path).scenes
    assert scene.inputs == {
        "function": "x^4 - 2*x^2",
        "x_range": [-1.6, 1.6],
        "title": "Under test",
    }
    assert card.inputs["lecture"] == {
        "title": "Options Fixture",
        "club": "Test Club",
        "presenter": "A. Presenter",
        "affiliation": "Tester · Checker",
        "agenda": ["The scene under test"],
    }
    # scene modules come from the installed project
    assert scene.source == ROOT / "scenes" / "derivatives.py"
    assert scene.root == ROOT


@pytest.mark.parametrize(
    ("name", "module", "options", "expected"),
    [
        (
            "TangentSlide",
            "scenes.derivatives",
            'functoin = "x^2"',
            "TangentSlide.options.functoin: unknown option; valid options: function, x_range",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            "x_range = [1, 2, 3]",
            "TangentSlide.options.x_range: tuple should have at most 2 items",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            'x_range = ["a", 2]',
            "TangentSlide.options.x_range: item 1: input should be a valid number",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            "x_range = [2, 1]",
            "TangentSlide.options.x_range: the first end must be below the second",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            'function = "x^^2"',
            "TangentSlide.options.function: cannot parse formula 'x^^2'",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            'function = "x*z"',
            "TangentSlide.options.function: unknown name 'z'; allowed names: x, pi, E",
        ),
        (
            "TangentSlide",
            "scenes.derivatives",
            'function = "x^2 + 1"\nx_range = [0.5, 2]',
            "TangentSlide.options.x_range: f = x^2 + 1 has no flat tangent",
        ),
        (
            "WhatIsOptimization",
            "scenes.intro",
            'function = "x^2"',
            "WhatIsOptimization.options.x_range: f = x^2 has no local maximum",
        ),
        (
            "LearningRateOvershoot",
            "scenes.descent",
            "learning_rate = 0.9",
            "LearningRateOvershoot.options.learning_rate: alpha = 0.9 is not past 2/L = 1",
        ),
        (
            "LearningRateOvershoot",
            "scenes.descent",
            "safe_learning_rate = 1.5",
            "LearningRateOvershoot.options.safe_learning_rate: alpha = 1.5 is not below 2/L",
        ),
        (
            "LearningRateOvershoot",
            "scenes.descent",
            'function = "x^4"',
            "LearningRateOvershoot.options.function: needs a quadratic bowl "
            "a*x^2 + b*x + c with a > 0; got x^4",
        ),
        (
            "LearningRateOvershoot",
            "scenes.descent",
            'function = "-x^2"',
            "LearningRateOvershoot.options.function: needs a quadratic bowl "
            "a*x^2 + b*x + c with a > 0; got -x^2",
        ),
        (
            "QuizHighLearningRate",
            "scenes.quiz",
            'choices = ["A lot", "Nothing"]\nanswer = "Something"',
            "QuizHighLearningRate.options.answer: 'Something' is not one of the choices",
        ),
        (
            "LearningRateComparison",
            "scenes.descent",
            "learning_rates = [0.2, 0.01, 0.8, 1.1]",
            "LearningRateComparison.options.learning_rates: alpha = 0.2 is good, not too small",
        ),
        (
            "CodingGradientDescent",
            "scenes.coding",
            'example = "missing.py"',
            "CodingGradientDescent.options.example: no file",
        ),
        (
            "PartialDerivativeExercise",
            "scenes.derivatives",
            'function = "x^2 + 3*x"',
            "PartialDerivativeExercise.options.function: f = x^2 + 3*x does not use y",
        ),
        (
            "GradientField",
            "scenes.gradient",
            "point = [0, 5]",
            "GradientField.options.point: [0.0, 5.0] is outside the region",
        ),
        (
            "WhyOptimizationMatters",
            "scenes.intro",
            "speed = 2",
            "WhyOptimizationMatters.options.speed: unknown option; valid options: none",
        ),
    ],
)
def test_each_mistake_is_one_line_naming_file_scene_and_key(
    tmp_path, name, module, options, expected
):
    (line,) = problems(manifest(tmp_path, name, module, options))
    assert line.startswith(f"{tmp_path / 'elsewhere' / 'lecture.toml'}: {expected}")
    assert "; " in line  # what is wrong; how to fix it


@pytest.mark.parametrize(
    "hostile",
    [
        "().__class__.__base__.__subclasses__()",
        "__import__('os').system('touch pwned')",
        "(lambda: 0)()",
        "9**9**9**9",
        "'x' * 10",
        "x if x else x",
        "open('lecture.toml')",
    ],
)
def test_hostile_formulas_are_rejected_without_running(tmp_path, hostile):
    options = f"function = {json.dumps(hostile)}"
    (line,) = problems(
        manifest(tmp_path, "TangentSlide", "scenes.derivatives", options)
    )
    assert "TangentSlide.options.function: " in line
    assert not (tmp_path / "elsewhere" / "pwned").exists()
    assert not Path("pwned").exists()


def test_every_problem_is_reported_at_once(tmp_path):
    path = manifest(
        tmp_path, "TangentSlide", "scenes.derivatives", 'function = "x^^2"\nspeed = 3'
    )
    lines = problems(path)
    assert len(lines) == 2
    assert {line.split(": ")[1] for line in lines} == {
        "TangentSlide.options.function",
        "TangentSlide.options.speed",
    }


def test_header_mistakes_name_the_lecture_table(tmp_path):
    path = manifest(tmp_path, "TangentSlide", "scenes.derivatives")
    path.write_text(
        path.read_text().replace('club = "Test Club"', "club = 3\nvoices = 1")
    )
    lines = problems(path)
    assert any(
        "[lecture].club: input should be a valid string" in line for line in lines
    )
    assert any(
        "[lecture].voices: extra inputs are not permitted" in line for line in lines
    )


def test_a_scene_without_options_takes_none(tmp_path):
    project = tmp_path / "own"
    project.mkdir()
    (project / "scenes").mkdir()
    (project / "scenes" / "__init__.py").write_text("")
    (project / "scenes" / "mine.py").write_text("class Mine:\n    pass\n")
    (project / "lecture.toml").write_text(
        '[lecture]\ntitle = "Own"\n[[chapter]]\ntitle = "One"\n[[chapter.scene]]\n'
        'name = "Mine"\nmodule = "scenes.mine"\ntitle = "Mine"\n'
        "[chapter.scene.options]\nsize = 2\n"
    )
    (line,) = problems(project / "lecture.toml")
    assert "Mine.options: this scene takes no options" in line


def test_relative_files_resolve_from_the_manifests_folder(tmp_path):
    path = manifest(
        tmp_path, "CodingGradientDescent", "scenes.coding", 'example = "code/run.py"'
    )
    (path.parent / "code").mkdir()
    shutil.copy(
        ROOT / "examples" / "gradient_descent.py", path.parent / "code" / "run.py"
    )
    scene = load_lecture(path).scenes[1]
    assert scene.inputs["example"] == str(path.parent / "code" / "run.py")
    assert scene.files == (path.parent / "code" / "run.py",)


# --- the commands ------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_check_passes_for_every_lecture_of_the_repository():
    for path in [ROOT / "lecture.toml", *ROOT.glob("lectures/*/lecture.toml")]:
        result = run("--manifest", str(path), "check")
        assert result.exit_code == 0, result.output
        assert "every option checked" in result.stdout


def test_check_and_every_command_stop_on_a_bad_formula_before_any_work(tmp_path):
    path = manifest(tmp_path, "TangentSlide", "scenes.derivatives", 'function = "x^^2"')
    for command in (["check"], ["render"], ["build"], ["export"], ["slides"], ["list"]):
        result = run("--manifest", str(path), *command)
        assert result.exit_code == 2, command
        (line,) = result.stderr.splitlines()
        assert line.startswith("lecture: ") and "TangentSlide.options.function" in line
        assert not (path.parent / "build").exists()


def test_inspect_prints_the_story_as_json_sympy_can_read(tmp_path):
    path = manifest(
        tmp_path,
        "TangentSlide",
        "scenes.derivatives",
        'function = "x^4 - 2*x^2"\nx_range = [-1.6, 1.6]',
    )
    result = run("--manifest", str(path), "inspect", "TangentSlide", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    story = data["story"]
    x = sympy.Symbol("x")
    assert sympy.simplify(sympy.sympify(story["derivative"]) - (4 * x**3 - 4 * x)) == 0
    assert [(p["x"], p["kind"]) for p in story["critical_points"]] == [
        (-1, "minimum"),
        (0, "maximum"),
        (1, "minimum"),
    ]
    assert data["latex"]["derivative"] == "4 x^{3} - 4 x"
    text = run("--manifest", str(path), "inspect", "TangentSlide")
    assert "derivative: 4*x**3 - 4*x   (LaTeX 4 x^{3} - 4 x)" in text.stdout


def test_inspect_names_an_unknown_scene():
    result = run("--manifest", str(ROOT / "lecture.toml"), "inspect", "Nope")
    assert result.exit_code == 2
    assert "unknown scene 'Nope'" in result.stderr


def test_the_readme_table_is_the_options_models():
    table = run("options", "--markdown").stdout
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- options: start -->") + len("<!-- options: start -->\n")
    end = readme.index("<!-- options: end -->")
    assert readme[start:end] == table
    assert '| `TangentSlide` | `function` | formula in x | `"x^3/3 - x"` |' in table
