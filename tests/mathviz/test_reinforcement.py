"""The bandit toy: exact policy gradient vs finite differences; the learner learns."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.reinforcement import (
    expected_reward,
    expected_reward_gradient,
    softmax,
)
from mathviz.reinforcement import train_bandit as train

SOME_BANDIT = {
    "arm_means": (0.2, 0.8),
    "episodes": 100,
    "pulls_per_episode": 20,
    "learning_rate": 0.3,
    "seed": 0,
}
"""A learner's parameters; tests change some of them."""


def train_bandit(**changes):
    """mathviz's bandit learner with :data:`SOME_BANDIT`, changed by ``changes``."""
    return train(**{**SOME_BANDIT, **changes})


preference_vectors = st.lists(st.floats(-5, 5), min_size=2, max_size=5).map(np.array)
probabilities = st.floats(0, 1)


@given(preference_vectors, st.floats(-50, 50))
def test_softmax_is_the_normalised_exponential_and_ignores_shifts(
    theta: np.ndarray, shift: float
) -> None:
    direct = np.exp(theta) / np.exp(theta).sum()
    np.testing.assert_allclose(softmax(theta), direct, rtol=1e-12)
    np.testing.assert_allclose(softmax(theta + shift), direct, rtol=1e-9)


def test_softmax_handles_huge_preferences_and_batches() -> None:
    np.testing.assert_allclose(softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
    batch = softmax(np.array([[0.0, 0.0], [np.log(3.0), 0.0]]))
    np.testing.assert_allclose(batch, [[0.5, 0.5], [0.75, 0.25]])


@given(st.data())
def test_expected_reward_gradient_matches_finite_differences(data) -> None:
    theta = data.draw(preference_vectors)
    means = data.draw(st.lists(probabilities, min_size=len(theta), max_size=len(theta)))
    h = 1e-6
    numeric = [
        (expected_reward(theta + h * e, means) - expected_reward(theta - h * e, means))
        / (2 * h)
        for e in np.eye(len(theta))
    ]
    np.testing.assert_allclose(
        expected_reward_gradient(theta, means), numeric, atol=1e-8
    )


def test_expected_reward_is_the_policy_average_of_the_means() -> None:
    theta = np.array([0.0, np.log(3.0)])  # policy (1/4, 3/4)
    assert float(expected_reward(theta, [0.2, 0.6])) == pytest.approx(0.05 + 0.45)


def test_training_is_deterministic_for_a_seed() -> None:
    first, again, other = (
        train_bandit(seed=3),
        train_bandit(seed=3),
        train_bandit(seed=4),
    )
    for field in ("rewards", "smoothed", "preferences", "probabilities"):
        np.testing.assert_array_equal(getattr(first, field), getattr(again, field))
    assert not np.array_equal(first.rewards, other.rewards)


def test_run_arrays_are_consistent_with_each_other() -> None:
    run = train_bandit(arm_means=(0.1, 0.5, 0.9), episodes=40, pulls_per_episode=8)
    assert run.episodes == 40
    assert run.rewards.shape == run.smoothed.shape == (40,)
    assert run.preferences.shape == run.probabilities.shape == (41, 3)
    # each episode's average reward counts successes among 8 pulls
    np.testing.assert_allclose(run.rewards * 8, np.round(run.rewards * 8), atol=1e-12)
    assert np.all((run.rewards >= 0) & (run.rewards <= 1))
    np.testing.assert_allclose(run.probabilities, softmax(run.preferences))
    np.testing.assert_allclose(
        run.expected_rewards,
        [expected_reward(t, run.arm_means) for t in run.preferences],
    )
    # REINFORCE moves along e_a - pi, whose entries sum to 0: so do the preferences
    np.testing.assert_allclose(run.preferences.sum(axis=1), 0, atol=1e-12)
    np.testing.assert_array_equal(run.preferences[0], 0)


@pytest.mark.parametrize("window", [1, 5, 10])
def test_smoothed_is_the_trailing_mean_of_the_rewards(window: int) -> None:
    run = train_bandit(episodes=30, window=window)
    trailing = [run.rewards[max(0, t - window + 1) : t + 1].mean() for t in range(30)]
    np.testing.assert_allclose(run.smoothed, trailing)


def test_average_reward_rises_with_the_defaults() -> None:
    run = train_bandit()
    first, last = run.rewards[:10].mean(), run.rewards[-10:].mean()
    assert last > first + 0.15
    assert run.smoothed[-1] > run.smoothed[0] + 0.15
    assert run.preferred_arm == run.best_arm == 1


def test_on_average_over_seeds_the_last_rewards_beat_the_first() -> None:
    gains = [
        train_bandit(seed=seed).rewards[-20:].mean()
        - train_bandit(seed=seed).rewards[:20].mean()
        for seed in range(20)
    ]
    assert np.mean(gains) > 0.15


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_every_seed_ends_preferring_the_best_arm(seed: int) -> None:
    run = train_bandit(arm_means=(0.3, 0.9, 0.5), seed=seed)
    assert run.best_arm == 1
    assert run.preferred_arm == 1
    assert run.expected_rewards[-1] > run.expected_rewards[0] + 0.2


@pytest.mark.parametrize(
    "arguments",
    [
        {"arm_means": (0.5,)},
        {"arm_means": (0.5, 1.5)},
        {"arm_means": ((0.1, 0.2), (0.3, 0.4))},
        {"episodes": 0},
        {"pulls_per_episode": 0},
        {"window": 0},
        {"learning_rate": 0.0},
        {"learning_rate": float("nan")},
    ],
)
def test_bad_arguments_are_rejected(arguments: dict) -> None:
    with pytest.raises(ValueError):
        train_bandit(**arguments)
