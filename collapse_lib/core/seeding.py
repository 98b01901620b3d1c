"""Random-generator handling: every simulation takes ``seed`` and turns it into a Generator."""
from __future__ import annotations

import numbers

import numpy as np

from .checks import fail

__all__ = ["as_generator"]


def as_generator(seed) -> np.random.Generator:
    """Turn ``seed`` into a ``numpy.random.Generator``.

    The same int always gives the same stream; a Generator is used as it is (and
    advanced, so several calls can share one stream); None draws fresh entropy.

    Parameters
    ----------
    seed : int >= 0, numpy.random.Generator or None

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError, ValueError
        For anything else, naming ``seed``.

    Examples
    --------
    >>> a, b = as_generator(7), as_generator(7)
    >>> bool(a.standard_normal() == b.standard_normal())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_, np.timedelta64)) or not isinstance(seed, numbers.Integral):
        fail("seed", seed, "an integer >= 0, a numpy.random.Generator or None", TypeError)
    if int(seed) < 0:
        fail("seed", seed, "an integer >= 0, a numpy.random.Generator or None")
    return np.random.default_rng(int(seed))
