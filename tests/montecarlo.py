"""Monte Carlo assertions shared by the test modules.

A formula is compared with a simulation within ``n_se`` standard errors of the Monte
Carlo estimate (4 by default: a false alarm about once in 16,000 checks), the standard
error being estimated from the same replicates.
"""
from __future__ import annotations

import numpy as np

N_SE = 4.0


def assert_mean_matches(samples, expected, *, n_se: float = N_SE, axis: int = 0,
                        what: str = "mean") -> None:
    """Assert mean(samples) agrees with ``expected`` within ``n_se`` standard errors.

    ``samples`` has the replicates along ``axis``; ``expected`` broadcasts against the
    remaining shape.
    """
    samples = np.asarray(samples, dtype=float)
    count = samples.shape[axis]
    mean = samples.mean(axis=axis)
    standard_error = samples.std(axis=axis, ddof=1) / np.sqrt(count)
    expected = np.broadcast_to(np.asarray(expected, dtype=float), mean.shape)
    gap = np.abs(mean - expected)
    limit = n_se * standard_error + 1e-12 * np.abs(expected)
    bad = gap > limit
    assert not np.any(bad), (
        f"{what}: simulation {mean[bad]} vs theory {expected[bad]}; |gap| {gap[bad]} > "
        f"{n_se} SE = {limit[bad]} ({count} replicates)")


def assert_median_matches(samples, expected_median, *, n_se: float = N_SE) -> None:
    """Distribution-free check of a median: the share of samples below it is 1/2.

    The count below the true median is Binomial(N, 1/2): its standard error is sqrt(N)/2.
    ``samples`` has shape (N, ...) with ``expected_median`` broadcasting to the rest.
    """
    samples = np.asarray(samples, dtype=float)
    count = samples.shape[0]
    below = (samples < np.asarray(expected_median)).sum(axis=0)
    gap = np.abs(below - count / 2)
    limit = n_se * np.sqrt(count) / 2
    assert np.all(gap <= limit), (
        f"share below the theory median: {below / count} (expected 0.5 within "
        f"{limit / count:.4f})")
