"""What every chain result shares: arrays whose first two axes are (chain, generation)."""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from ._checks import check_choice, check_float


class ChainAxes:
    """Mixin for result dataclasses: ``n_chains``, ``n_generations`` and ``generations``.

    A subclass names (in ``_by_generation``) one of its arrays of shape
    (n_chains, n_generations + 1, ...).
    """

    _by_generation: ClassVar[str]

    @property
    def n_chains(self) -> int:
        return getattr(self, self._by_generation).shape[0]

    @property
    def n_generations(self) -> int:
        return getattr(self, self._by_generation).shape[1] - 1

    @property
    def generations(self) -> np.ndarray:
        """The generation index 0..n, shape (n_generations + 1,)."""
        return np.arange(self.n_generations + 1)


# The data strategies every world shares (COURSE.md section 8, "Replace vs accumulate"):
# "replace": each generation trains only on samples of the previous model;
# "accumulate": each generation adds fresh synthetic samples to all data so far;
# "mix": a fixed real_fraction of each generation's samples is fresh real data.
STRATEGIES = ("replace", "accumulate", "mix")


def check_strategy(strategy, real_fraction) -> tuple[str, float]:
    """Validate a (strategy, real_fraction) pair; real_fraction must be 0 unless "mix"."""
    strategy = check_choice("strategy", strategy, STRATEGIES)
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0)
    if strategy != "mix" and real_fraction != 0.0:
        raise ValueError(f"real_fraction is used only with strategy='mix'; got "
                         f"real_fraction={real_fraction!r} with strategy={strategy!r}")
    return strategy, real_fraction


def real_count(n_samples: int, real_fraction: float) -> int:
    """Number of real samples among the M of a "mix" generation: round(real_fraction * M).

    Python's round (half to even) is used, so 0.5 * 5 gives 2 real points of 5.
    """
    return int(round(real_fraction * n_samples))
