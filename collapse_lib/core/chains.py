"""What every chain result shares: arrays whose first two axes are (chain, generation)."""
from __future__ import annotations

from typing import ClassVar

import numpy as np

__all__ = ["ChainAxes"]


class ChainAxes:
    """Mixin for result dataclasses: ``n_chains``, ``n_generations`` and ``generations``.

    A subclass names (in ``_by_generation``) one of its arrays of shape
    (n_chains, n_generations + 1, ...).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Walk(ChainAxes):
    ...     position: np.ndarray
    ...     _by_generation = "position"
    >>> walk = Walk(np.zeros((4, 11)))
    >>> walk.n_chains, walk.n_generations, walk.generations[-1]
    (4, 10, np.int64(10))
    """

    _by_generation: ClassVar[str]

    @property
    def n_chains(self) -> int:
        """Independent replicates (rows)."""
        return getattr(self, self._by_generation).shape[0]

    @property
    def n_generations(self) -> int:
        """Generations simulated after the real one (columns minus one)."""
        return getattr(self, self._by_generation).shape[1] - 1

    @property
    def generations(self) -> np.ndarray:
        """The generation index 0..n, shape (n_generations + 1,)."""
        return np.arange(self.n_generations + 1)
