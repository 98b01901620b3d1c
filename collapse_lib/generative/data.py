"""The real digits the generative world learns from: an imbalanced training set, its PCA
coordinates and a fixed judge.

- The training set is the pool of :func:`collapse_lib.core.datasets.real_digits` (1,300
  real images) with one digit, the minority, made rare on purpose: only as many of its
  images are kept as make it ``minority_share`` of the set (or, above its natural share of
  about 10 %, the other digits are thinned instead). Which images are kept is fixed, so
  every chain starts from the same real set; its size is M, the images every generation
  draws.
- The model lives in the first ``n_dims`` principal components of that real set (pixel
  units: a coordinate is ink along one principal axis). The basis stays fixed over the
  generations, so every generation is measured in the same coordinates.
- The judge is a logistic regression trained once on the whole real pool (every digit at
  its natural share). It reads a drawn image as a digit only when its largest class
  probability is at least ``JUDGE_CONFIDENCE`` = 0.5; otherwise the image is
  unrecognisable (label −1). It reads 96 % of the held-out real images right and 2 % as
  unrecognisable.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.arrays import readonly
from ..core.checks import check_float, check_int, check_real_array, fail
from ..core.datasets import PIXEL_MAX, real_digits

__all__ = ["JUDGE_CONFIDENCE", "TrainingSet", "training_set", "judge_digits", "to_pixels"]

JUDGE_CONFIDENCE = 0.5


@dataclass(frozen=True)
class TrainingSet:
    """An imbalanced real training set in PCA coordinates (read-only arrays).

    Attributes
    ----------
    points : ndarray, shape (M, n_dims)
        The real training images' principal-component coordinates.
    labels : ndarray of int, shape (M,)
        Their digits.
    test_points : ndarray, shape (497, n_dims)
        The held-out real images in the same coordinates.
    mean : ndarray, shape (64,)
        The training images' mean (pixels).
    axes : ndarray, shape (n_dims, 64)
        The principal axes (orthonormal rows).
    shares : ndarray, shape (10,)
        Each digit's share of the training set (the "real shares").
    minority_digit : int
    minority_share : float
    """

    points: np.ndarray
    labels: np.ndarray
    test_points: np.ndarray
    mean: np.ndarray
    axes: np.ndarray
    shares: np.ndarray
    minority_digit: int
    minority_share: float

    @property
    def size(self) -> int:
        """M, the number of real training images."""
        return self.points.shape[0]

    @property
    def n_dims(self) -> int:
        """The number of principal components the model sees."""
        return self.points.shape[1]


def training_set(*, minority_digit: int = 8, minority_share: float = 0.05,
                 n_dims: int = 20) -> TrainingSet:
    """The real training set with ``minority_digit`` at ``minority_share`` (cached).

    Parameters
    ----------
    minority_digit : int in 0..9
    minority_share : float in [0.01, 0.5]
        The minority's share of the training set (its natural share is about 0.1).
    n_dims : int in [2, 64]
        Principal components kept.

    Returns
    -------
    TrainingSet

    Examples
    --------
    >>> real = training_set(minority_share=0.05)
    >>> real.size, real.n_dims, round(float(real.shares[8]), 3)
    (1238, 20, 0.05)
    """
    minority_digit = check_int("minority_digit", minority_digit, minimum=0, maximum=9)
    minority_share = check_float("minority_share", minority_share, minimum=0.01, maximum=0.5)
    n_dims = check_int("n_dims", n_dims, minimum=2, maximum=64)
    return _training_set(minority_digit, round(minority_share, 6), n_dims)


@lru_cache(maxsize=16)
def _training_set(minority_digit: int, minority_share: float, n_dims: int) -> TrainingSet:
    real = real_digits()
    pool_labels = real.labels[real.pool]
    minority = real.pool[pool_labels == minority_digit]
    others = real.pool[pool_labels != minority_digit]
    # Keep the first images of the (already random) pool order: the same set every call.
    wanted = round(minority_share * others.size / (1 - minority_share))
    if wanted <= minority.size:
        kept = np.concatenate([others, minority[:max(wanted, 1)]])
    else:
        n_others = round(minority.size * (1 - minority_share) / minority_share)
        kept = np.concatenate([others[_spread_evenly(others.size, n_others)], minority])
    kept = np.sort(kept)
    pixels, labels = real.pixels[kept], real.labels[kept]
    mean = pixels.mean(axis=0)
    _, _, rows = np.linalg.svd(pixels - mean, full_matrices=False)
    axes = rows[:n_dims]
    return TrainingSet(readonly((pixels - mean) @ axes.T), readonly(labels),
                       readonly((real.pixels[real.test] - mean) @ axes.T), readonly(mean),
                       readonly(axes), readonly(np.bincount(labels, minlength=10) / labels.size),
                       minority_digit, minority_share)


def _spread_evenly(size: int, count: int) -> np.ndarray:
    """``count`` indices spread evenly over range(size) (the others thinned alike)."""
    return np.unique(np.linspace(0, size - 1, count).round().astype(np.int64))


def to_pixels(points, *, real: TrainingSet) -> np.ndarray:
    """Map PCA coordinates back to images, clipped to the ink range [0, 16].

    Parameters
    ----------
    points : ndarray, shape (..., n_dims)
    real : TrainingSet
        Gives the mean and the principal axes.

    Returns
    -------
    ndarray, shape (..., 64)

    Examples
    --------
    >>> real = training_set()
    >>> pixels = to_pixels(real.points[:3], real=real)
    >>> pixels.shape, float(pixels.min()) >= 0, float(pixels.max()) <= 16
    ((3, 64), True, True)
    """
    if not isinstance(real, TrainingSet):
        fail("real", real, "a TrainingSet (from training_set)")
    points = check_real_array("points", points)
    if points.ndim < 1 or points.shape[-1] != real.n_dims:
        fail("points", points, f"an array whose last axis has the {real.n_dims} coordinates")
    return np.clip(real.mean + points @ real.axes, 0.0, PIXEL_MAX)


@lru_cache(maxsize=1)
def _judge():
    from sklearn.linear_model import LogisticRegression

    real = real_digits()
    return LogisticRegression(C=3.0, max_iter=5000).fit(real.pixels[real.pool] / PIXEL_MAX,
                                                         real.labels[real.pool])


def judge_digits(pixels) -> np.ndarray:
    """The fixed judge's reading of images: a digit 0-9, or −1 when unrecognisable.

    A logistic regression trained once on the 1,300 real pool images; an image gets the
    digit of its largest class probability when that probability is at least
    :data:`JUDGE_CONFIDENCE` (0.5), else −1.

    Parameters
    ----------
    pixels : ndarray, shape (n_images, 64)
        Ink 0-16.

    Returns
    -------
    ndarray of int, shape (n_images,)

    Examples
    --------
    >>> real = real_digits()
    >>> read = judge_digits(real.pixels[real.test])
    >>> round(float(np.mean(read == real.labels[real.test])), 2)
    0.96
    """
    pixels = check_real_array("pixels", pixels, ndim=2)
    if pixels.shape[1] != 64:
        fail("pixels", pixels, "an array of shape (n_images, 64)")
    probabilities = _judge().predict_proba(pixels / PIXEL_MAX)
    best = probabilities.argmax(axis=1)
    return np.where(probabilities.max(axis=1) >= JUDGE_CONFIDENCE, best, -1)
