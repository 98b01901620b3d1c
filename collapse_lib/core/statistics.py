"""Summaries of replicates: the mean with its Monte Carlo standard error, and quantiles.

A mean over chains and its standard error describe the expectation well only when the
quantity has light tails. For heavy-tailed ones (a collapsing chain's mean drift or its
Wasserstein distance) report :func:`quantiles` next to the mean.
"""
from __future__ import annotations

import numpy as np

__all__ = ["mean_and_standard_error", "quantiles"]


def mean_and_standard_error(samples, *, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean over replicates and its standard error, std(ddof=1) / sqrt(count).

    Parameters
    ----------
    samples : array_like
        Replicates along ``axis``.
    axis : int
        The replicate axis (default 0).

    Returns
    -------
    mean, standard_error : ndarray
        Both of the shape of ``samples`` without ``axis``; the standard error is 0 when
        there is a single replicate.

    Examples
    --------
    >>> mean, se = mean_and_standard_error([[1.0, 2.0], [3.0, 2.0]])
    >>> mean.tolist(), se.tolist()
    ([2.0, 2.0], [1.0, 0.0])
    """
    samples = np.asarray(samples, dtype=float)
    count = samples.shape[axis]
    mean = samples.mean(axis=axis)
    if count < 2:
        return mean, np.zeros_like(mean)
    # Values beyond 1e150 would overflow when squared: those are scaled by their largest
    # magnitude first (elsewhere the scale is exactly 1, so nothing is rounded).
    scale = np.max(np.abs(samples), axis=axis, keepdims=True)
    scale = np.where((scale > 1e150) & np.isfinite(scale), scale, 1.0)
    spread = (samples / scale).std(axis=axis, ddof=1) * np.squeeze(scale, axis=axis)
    return mean, spread / np.sqrt(count)


def quantiles(samples, levels=(0.1, 0.5, 0.9), *, axis: int = 0) -> np.ndarray:
    """Quantiles over replicates (default: the 10 %, 50 % and 90 % points).

    Parameters
    ----------
    samples : array_like
        Replicates along ``axis``.
    levels : sequence of float in [0, 1]
    axis : int

    Returns
    -------
    ndarray, shape (len(levels),) + the shape of ``samples`` without ``axis``

    Examples
    --------
    >>> quantiles(np.arange(11.0), (0.5,)).tolist()
    [5.0]
    """
    return np.quantile(np.asarray(samples, dtype=float), levels, axis=axis)
