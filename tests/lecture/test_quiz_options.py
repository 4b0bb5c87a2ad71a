"""The quizzes' options through the CLI: check rejects an answer its bowl does not single
out, in one line naming the verdicts; inspect shows L, 2/L and each choice's verdict.

Expected verdicts come from the closed form of gradient descent on a parabola: each
step multiplies the distance to the minimum by 1 - L alpha (diverging past 2/L,
oscillating past 1/L).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lecture.cli import cli

LECTURE = """
[lecture]
title = "Quiz Fixture"

[[chapter]]
title = "Quiz"

[[chapter.scene]]
name = "{name}"
module = "scenes.quiz"
title = "Under test"

[chapter.scene.options]
{options}
"""


def manifest(tmp_path: Path, name: str, options: str) -> Path:
    path = tmp_path / "quiz" / "lecture.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LECTURE.format(name=name, options=options))
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        (
            # On x^2 (2/L = 1) none of these diverges: 0.6 oscillates.
            "QuizHighLearningRate",
            'choices = ["0.01", "0.2", "0.4", "0.6"]\nanswer = "0.6"',
            "QuizHighLearningRate.options.answer: '0.6' is not the one diverging "
            "rate: mathviz judges 0.01 too small, 0.2 good, 0.4 good, "
            "0.6 oscillating on f = x^2 (L = 2, 2/L = 1); make one choice diverging",
        ),
        (
            # On 2(x - 1)^2 (L = 4, 2/L = 0.5) only 0.6 diverges.
            "QuizHighLearningRate",
            'function = "2*(x - 1)^2"\nchoices = ["0.01", "0.2", "0.4", "0.6"]\n'
            'answer = "0.4"',
            "QuizHighLearningRate.options.answer: '0.4' is not the one diverging "
            "rate: mathviz judges 0.01 too small, 0.2 good, 0.4 oscillating, "
            "0.6 diverging on f = 2*(x - 1)^2 (L = 4, 2/L = 0.5); "
            "make the answer '0.6'",
        ),
        (
            "QuizSlowConvergence",
            'function = "5*x^2"\nchoices = ["0.001", "0.002", "0.05"]\n'
            'answer = "0.001"',
            "QuizSlowConvergence.options.answer: '0.001' is not the one too small "
            "rate: mathviz judges 0.001 too small, 0.002 too small, 0.05 good on "
            "f = 5*x^2 (L = 10, 2/L = 0.2); keep one too small choice, not 2",
        ),
        (
            "QuizSlowConvergence",
            'function = "-x^2"',
            "QuizSlowConvergence.options.function: f = -x^2: opens downwards",
        ),
    ],
)
def test_check_rejects_in_one_line(tmp_path, name, options, expected):
    path = manifest(tmp_path, name, f'question = "Which one?"\n{options}')
    result = run("--manifest", str(path), "check")
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"lecture: {path}: {expected}"), line
    assert "; " in line  # what is wrong; how to fix it


def test_inspect_shows_L_two_over_L_and_each_choices_verdict(tmp_path):
    path = manifest(
        tmp_path,
        "QuizHighLearningRate",
        'function = "3*x^2 - 6*x"\nquestion = "Which one diverges?"\n'
        'choices = ["0.05", "0.25", "0.4"]\nanswer = "0.4"',
    )
    result = run("--manifest", str(path), "inspect", "QuizHighLearningRate", "--json")
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)["story"]
    L = 6.0  # f'' of 3x^2 - 6x
    assert story["L"] == pytest.approx(L)
    assert story["two_over_L"] == pytest.approx(2 / L)
    assert story["minimum"] == pytest.approx(1.0)
    factors = [1 - L * rate for rate in (0.05, 0.25, 0.4)]  # 0.7, -0.5, -1.4
    assert story["choice_verdicts"] == ["good", "oscillating", "diverging"]
    assert [abs(f) > 1 for f in factors] == [False, False, True]
    assert "2/L = 0.333" in story["finding"]
