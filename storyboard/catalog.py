"""Every scene's story function, by scene name, and telling a story from its inputs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from storyboard import (
    coding,
    derivatives,
    descent,
    gradient,
    intro,
    opening,
    quiz,
    slide,
)
from storyboard.options import inputs_model

__all__ = ["STORIES", "STORY_VARIABLE", "story_function", "tell"]

STORY_VARIABLE = "LECTURE_STORY"
"""The environment variable in which the build tool hands a scene its story's inputs.

Its value is the inputs as JSON; without it (a plain ``manim`` run) a scene tells the
default story, this lecture's.
"""

STORIES: dict[str, Callable[..., Any]] = {
    "TitleCard": opening.title_card,
    "WhatIsOptimization": intro.what_is_optimization,
    "WhyOptimizationMatters": intro.why_optimization_matters,
    "SecantToTangent": derivatives.secant_to_tangent,
    "TangentSlide": derivatives.tangent_slide,
    "PartialDerivatives": derivatives.partial_derivatives,
    "PartialDerivativeExercise": derivatives.partial_derivative_exercise,
    "GradientField": gradient.gradient_field,
    "JacobianLocalLinear": gradient.jacobian_local_linear,
    "LostHiker": descent.lost_hiker,
    "LinearRegressionDescent": descent.linear_regression_descent,
    "LearningRateComparison": descent.learning_rate_comparison,
    "LearningRateOvershoot": descent.learning_rate_overshoot,
    "QuizSlowConvergence": quiz.quiz_slow_convergence,
    "QuizHighLearningRate": quiz.quiz_high_learning_rate,
    "CodingGradientDescent": coding.coding_gradient_descent,
    "Slide": slide.slide,
}
"""The story function of each scene of the library, by the scene's class name."""


def story_function(scene: str) -> Callable[..., Any] | None:
    """The story function of a scene, or ``None`` for a scene without one."""
    return STORIES.get(scene)


def tell(scene: str, inputs: Mapping[str, Any] | None = None) -> Any:
    """The story of ``scene`` from its inputs (as JSON gives them), validated.

    Raises
    ------
    KeyError
        If the scene has no story function.
    pydantic.ValidationError
        If an input has the wrong type.
    storyboard.options.StoryError
        If the inputs do not give the mathematics the scene needs.
    """
    function = STORIES[scene]
    checked = inputs_model(function).model_validate(dict(inputs or {}))
    return function(**dict(checked))
