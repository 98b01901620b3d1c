"""A cache of simulated runs for explorers: the longest run per setting, cut on demand.

A run of n generations with a given seed is exactly the first n generations of a longer
run with the same seed, so an explorer keeps, for each setting (all controls but the
generations), the longest run simulated so far: lowering the generations, or coming back
to a setting, redraws without simulating.
"""
from __future__ import annotations

from typing import Callable

__all__ = ["RunCache"]


class RunCache:
    """The longest run per setting, for the ``size`` settings used last.

    Parameters
    ----------
    size : int
        How many settings are kept (the oldest is dropped first).

    Examples
    --------
    >>> class Run(list):
    ...     n_generations = property(lambda self: len(self) - 1)
    >>> cache, calls = RunCache(size=2), []
    >>> def simulate(n):
    ...     calls.append(n)
    ...     return Run(range(n + 1))
    >>> cache.get(key="a", n_generations=5, simulate=simulate, cut=lambda run, n: run[:n + 1])
    [0, 1, 2, 3, 4, 5]
    >>> cache.get(key="a", n_generations=2, simulate=simulate, cut=lambda run, n: run[:n + 1])
    [0, 1, 2]
    >>> calls
    [5]
    """

    def __init__(self, *, size: int):
        self.size = size
        self._runs: dict = {}

    def get(self, *, key, n_generations: int, simulate: Callable, cut: Callable):
        """The run of ``n_generations`` for setting ``key``.

        Parameters
        ----------
        key : hashable
            The setting.
        n_generations : int
        simulate : callable(n_generations) -> run
            Simulates a new run (when none of at least ``n_generations`` is cached).
        cut : callable(run, n_generations) -> run
            The first ``n_generations`` generations of a longer run.

        Returns
        -------
        run
        """
        run = self._runs.get(key)
        if run is None or run.n_generations < n_generations:
            run = simulate(n_generations)
            self._runs.pop(key, None)
            self._runs[key] = run
            while len(self._runs) > self.size:
                self._runs.pop(next(iter(self._runs)))
        return run if run.n_generations == n_generations else cut(run, n_generations)
