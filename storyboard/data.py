"""The lecture's data: the seeded regression points and bandit both data scenes share."""

from __future__ import annotations

from typing import Any

from mathviz.regression import Dataset, make_dataset

__all__ = ["BANDIT", "lecture_dataset"]


def lecture_dataset(*, seed: int = 7, points: int = 20) -> Dataset:
    """The lecture's regression data: points around y = 1.5 x + 0.5 for x in [0, 2].

    Examples
    --------
    >>> data = lecture_dataset()
    >>> len(data.x), data.slope, data.intercept
    (20, 1.5, 0.5)
    """
    return make_dataset(
        slope=1.5, intercept=0.5, noise=0.3, n=points, seed=seed, x_range=(0.0, 2.0)
    )


BANDIT: dict[str, Any] = {
    "arm_means": (0.2, 0.8),
    "episodes": 100,
    "pulls_per_episode": 20,
    "learning_rate": 0.3,
    "seed": 0,
    "window": 10,
}
"""The lecture's two-armed bandit learner (:func:`mathviz.reinforcement.train_bandit`)."""
