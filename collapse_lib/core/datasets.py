"""The real images the course's real-data worlds share: scikit-learn's handwritten digits.

``sklearn.datasets.load_digits`` holds 1,797 real 8x8 greyscale images of the digits 0-9
(about 180 of each), bundled with scikit-learn: nothing is downloaded. Pixels are whole
numbers of ink from 0 (white) to 16 (black). :func:`real_digits` fixes one held-out test
set of ``N_TEST_DIGITS`` = 497 images (a seeded permutation, the same in every world and
every call); the other 1,300 form the pool that training sets come from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .arrays import readonly

__all__ = ["N_TEST_DIGITS", "PIXEL_MAX", "RealDigits", "real_digits"]

N_TEST_DIGITS = 497
PIXEL_MAX = 16.0
_SPLIT_SEED = 20240101


@dataclass(frozen=True)
class RealDigits:
    """The bundled digits and their fixed split (read-only arrays).

    Attributes
    ----------
    pixels : ndarray, shape (1797, 64)
        Ink per pixel, 0-16 (row-major 8x8 images).
    labels : ndarray of int, shape (1797,)
        The digit, 0-9.
    test : ndarray of int, shape (497,)
        Indices of the held-out test images.
    pool : ndarray of int, shape (1300,)
        Indices of the images training sets are drawn from.
    """

    pixels: np.ndarray
    labels: np.ndarray
    test: np.ndarray
    pool: np.ndarray


@lru_cache(maxsize=1)
def real_digits() -> RealDigits:
    """Load the bundled digits and split them into a test set and a pool (cached).

    Returns
    -------
    RealDigits

    Examples
    --------
    >>> digits = real_digits()
    >>> digits.pixels.shape, digits.test.size, digits.pool.size, digits.pixels.max()
    ((1797, 64), 497, 1300, np.float64(16.0))
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    labels = bunch.target.astype(np.int64)
    order = np.random.default_rng(_SPLIT_SEED).permutation(labels.size)
    return RealDigits(readonly(bunch.data.astype(np.float64)), readonly(labels),
                      readonly(np.sort(order[:N_TEST_DIGITS])),
                      readonly(np.sort(order[N_TEST_DIGITS:])))
