"""Real handwritten digits that ship with scikit-learn, and the RBF kernel between them.

``sklearn.datasets.load_digits`` holds 1,797 real 8x8 images of the digits 0-9 (about 180
of each), bundled in the package: nothing is downloaded. :func:`digits_data` scales the
pixels to [0, 1], encodes each label as a one-hot row of 10 targets, fixes a held-out test
set of 497 images (a seeded permutation, the same for every call) and computes the RBF
kernel k(x, x′) = exp(−‖x − x′‖² / the median of ‖x − x′‖² over pairs of images) between all
images once (the median heuristic; scikit-learn's ``gamma``, one over that median, is about
0.1).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.arrays import readonly

__all__ = ["N_TEST", "Digits", "digits_data"]

N_TEST = 497
_SPLIT_SEED = 20240101


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
    from sklearn.datasets import load_digits
    from sklearn.metrics.pairwise import euclidean_distances

    bunch = load_digits()
    images = bunch.data / 16.0
    labels = bunch.target.astype(np.int64)
    squared = euclidean_distances(images, squared=True)
    gamma = 1.0 / float(np.median(squared[np.triu_indices_from(squared, k=1)]))
    order = np.random.default_rng(_SPLIT_SEED).permutation(labels.size)
    return Digits(readonly(images), readonly(labels), readonly(np.eye(10)[labels]),
                  readonly(np.sort(order[:N_TEST])), readonly(np.sort(order[N_TEST:])),
                  readonly(np.exp(-gamma * squared)), gamma)
