"""A seeded reinforcement-learning toy: a k-armed bandit learned by policy gradient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "BanditRun",
    "expected_reward",
    "expected_reward_gradient",
    "softmax",
    "train_bandit",
]


@dataclass(frozen=True, eq=False)
class BanditRun:
    """The whole history of a bandit learner, ready to plot.

    Attributes
    ----------
    arm_means : numpy.ndarray
        Shape (k,): the probability that each arm pays a reward of 1.
    rewards : numpy.ndarray
        Shape (episodes,): the average reward of each episode's pulls.
    smoothed : numpy.ndarray
        Shape (episodes,): the mean of ``rewards`` over the last ``window`` episodes
        (fewer at the start), the curve "average reward over episodes".
    preferences : numpy.ndarray
        Shape (episodes + 1, k): the policy parameters before each episode and after
        the last.
    probabilities : numpy.ndarray
        Shape (episodes + 1, k): the softmax policy of ``preferences``.
    expected_rewards : numpy.ndarray
        Shape (episodes + 1,): the exact expected reward of one pull under each
        policy, the noise-free learning curve.
    """

    arm_means: np.ndarray
    rewards: np.ndarray
    smoothed: np.ndarray
    preferences: np.ndarray
    probabilities: np.ndarray
    expected_rewards: np.ndarray

    @property
    def episodes(self) -> int:
        """The number of episodes played."""
        return len(self.rewards)

    @property
    def best_arm(self) -> int:
        """The index of the arm with the highest mean reward."""
        return int(np.argmax(self.arm_means))

    @property
    def preferred_arm(self) -> int:
        """The arm the final policy chooses most often."""
        return int(np.argmax(self.probabilities[-1]))


def softmax(preferences: np.ndarray) -> np.ndarray:
    """Return the softmax of ``preferences`` along the last axis.

    Parameters
    ----------
    preferences : numpy.ndarray
        Real numbers, shape (..., k).

    Returns
    -------
    numpy.ndarray
        Positive numbers of the same shape summing to 1 along the last axis.

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    shifted = np.exp(preferences - np.max(preferences, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def expected_reward(preferences: np.ndarray, arm_means: Sequence[float]) -> np.ndarray:
    """Return J(theta) = sum_i pi_i(theta) * mu_i, the expected reward of the policy.

    Parameters
    ----------
    preferences : numpy.ndarray
        Policy parameters theta, shape (..., k).
    arm_means : sequence of float
        The mean reward mu_i of each of the k arms.

    Returns
    -------
    numpy.ndarray
        Shape (...): the expected reward of one pull.

    Examples
    --------
    >>> float(expected_reward(np.zeros(2), [0.2, 0.8]))
    0.5
    """
    return softmax(preferences) @ np.asarray(arm_means, dtype=float)


def expected_reward_gradient(
    preferences: np.ndarray, arm_means: Sequence[float]
) -> np.ndarray:
    """Return the exact gradient dJ/dtheta_i = pi_i * (mu_i - J) of the expected reward.

    REINFORCE estimates this gradient from one pull of arm a with reward r as
    (r - b) * (e_a - pi) for any baseline b; its expectation is this vector.

    Parameters
    ----------
    preferences : numpy.ndarray
        Policy parameters theta, shape (k,).
    arm_means : sequence of float
        The mean reward mu_i of each of the k arms.

    Returns
    -------
    numpy.ndarray
        Shape (k,).

    Examples
    --------
    >>> expected_reward_gradient(np.zeros(2), [0.2, 0.8])
    array([-0.15,  0.15])
    """
    probabilities = softmax(preferences)
    means = np.asarray(arm_means, dtype=float)
    return probabilities * (means - probabilities @ means)


def train_bandit(
    *,
    arm_means: Sequence[float],
    episodes: int,
    pulls_per_episode: int,
    learning_rate: float,
    seed: int,
    window: int = 10,
) -> BanditRun:
    """Train a softmax policy on a Bernoulli bandit by gradient ascent (REINFORCE).

    In each episode the agent pulls ``pulls_per_episode`` times; each pull picks arm
    a with probability pi_a = softmax(theta)_a and pays 1 with probability
    ``arm_means[a]`` (else 0). After the episode the agent climbs the expected reward
    with the REINFORCE estimate of its gradient, averaged over the episode's pulls
    (a_j, r_j): theta := theta + learning_rate * mean_j (r_j - b) * (e_{a_j} - pi).
    The baseline b is the average reward of all earlier pulls (0 in the first
    episode). Preferences start at 0, a uniform policy.

    Parameters
    ----------
    arm_means : sequence of float
        The success probability of each arm, in [0, 1]; at least two arms.
    episodes : int
        The number of episodes, at least 1.
    pulls_per_episode : int
        The number of pulls in each episode, at least 1.
    learning_rate : float
        The gradient-ascent step, positive.
    seed : int
        Seed of the random generator: the same seed gives the same run.
    window : int
        The number of episodes averaged by ``smoothed``, at least 1.

    Returns
    -------
    BanditRun
        The rewards, their moving average and the policy after each episode.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> run = train_bandit(
    ...     arm_means=(0.2, 0.8), episodes=100, pulls_per_episode=20,
    ...     learning_rate=0.3, seed=1,
    ... )
    >>> run.preferred_arm == run.best_arm
    True
    >>> bool(run.expected_rewards[-1] > run.expected_rewards[0])
    True
    """
    means = np.asarray(arm_means, dtype=float)
    if means.ndim != 1 or len(means) < 2 or np.any((means < 0) | (means > 1)):
        raise ValueError(
            "arm_means must list at least two success probabilities in [0, 1]"
        )
    if min(episodes, pulls_per_episode, window) < 1:
        raise ValueError("episodes, pulls_per_episode and window must be at least 1")
    if not learning_rate > 0:
        raise ValueError("learning_rate must be positive")

    draws = np.random.default_rng(seed).random((episodes, 2, pulls_per_episode))
    k = len(means)
    preferences = np.zeros((episodes + 1, k))
    rewards = np.empty(episodes)
    for t, (arm_draws, reward_draws) in enumerate(draws):
        policy = softmax(preferences[t])
        arms = np.minimum(np.searchsorted(np.cumsum(policy), arm_draws), k - 1)
        pull_rewards = (reward_draws < means[arms]).astype(float)
        advantages = pull_rewards - (rewards[:t].mean() if t else 0.0)
        step = np.bincount(arms, advantages, k) - advantages.sum() * policy
        preferences[t + 1] = preferences[t] + learning_rate * step / pulls_per_episode
        rewards[t] = pull_rewards.mean()

    cumulative = np.concatenate([[0.0], np.cumsum(rewards)])
    ends = np.arange(1, episodes + 1)
    starts = np.maximum(ends - window, 0)
    probabilities = softmax(preferences)
    return BanditRun(
        arm_means=means,
        rewards=rewards,
        smoothed=(cumulative[ends] - cumulative[starts]) / (ends - starts),
        preferences=preferences,
        probabilities=probabilities,
        expected_rewards=probabilities @ means,
    )
