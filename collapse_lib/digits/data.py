"""Real handwritten digits that ship with scikit-learn, and the RBF kernel between them.

The images and their fixed split into 497 test images and a pool of 1,300 come from
:func:`collapse_lib.core.datasets.real_digits` (shared with the generative world).
:func:`digits_data` scales the pixels to [0, 1], encodes each label as a one-hot row of
10 targets and computes the RBF
kernel k(x, x′) = exp(−‖x − x′‖² / the median of ‖x − x′‖² over pairs of images) between all
images once (the median heuristic; scikit-learn's ``gamma``, one over that median, is about
0.1).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.arrays import readonly
from ..core.datasets import N_TEST_DIGITS, real_digits

__all__ = ["N_TEST", "Digits", "digits_data"]

N_TEST = N_TEST_DIGITS


@dataclass(frozen=True)
class Digits:
    """The digits, their one-hot targets, the split and the kernel (read-only arrays).

    Attributes
    ----------
    images : ndarray, shape (1797, 64)
        Pixels in [0, 1].
    labels : ndarray of int, shape (1797,)
        The digit, 0-9.
    targets : ndarray, shape (1797, 10)
        One-hot labels: the regression targets.
    test : ndarray of int, shape (497,)
        Indices of the held-out test images.
    pool : ndarray of int, shape (1300,)
        Indices the training draws come from.
    kernel : ndarray, shape (1797, 1797)
        k(xᵢ, xⱼ) = exp(−gamma ‖xᵢ − xⱼ‖²).
    gamma : float
        One over the median squared distance between images (the median heuristic).
    """

    images: np.ndarray
    labels: np.ndarray
    targets: np.ndarray
    test: np.ndarray
    pool: np.ndarray
    kernel: np.ndarray
    gamma: float


@lru_cache(maxsize=1)
def digits_data() -> Digits:
    """Load the bundled digits, split them and compute the kernel (cached; about 0.1 s).

    Returns
    -------
    Digits

    Examples
    --------
    >>> data = digits_data()
    >>> data.images.shape, data.test.size + data.pool.size, round(data.gamma, 3)
    ((1797, 64), 1797, 0.106)
    """
    from sklearn.metrics.pairwise import euclidean_distances

    real = real_digits()
    images = real.pixels / 16.0
    squared = euclidean_distances(images, squared=True)
    gamma = 1.0 / float(np.median(squared[np.triu_indices_from(squared, k=1)]))
    return Digits(readonly(images), real.labels, readonly(np.eye(10)[real.labels]),
                  real.test, real.pool, readonly(np.exp(-gamma * squared)), gamma)
