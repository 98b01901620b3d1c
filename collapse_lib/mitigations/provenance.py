"""Provenance filtering: how much real data survives a detector of synthetic data.

A share eta of the available data is synthetic. A detector flags each synthetic item with
probability ``recall`` and each real item with probability ``false_positive_rate``, and
everything flagged is dropped. Of what is left, the real fraction is

    f = (1 - eta)(1 - fpr) / [(1 - eta)(1 - fpr) + eta (1 - recall)],

and the next model trains on a "mix" with that real fraction, so it settles at the
level the mixing theory gives for f (for example
:func:`~collapse_lib.gaussian.stationary_mix_moments` or
:func:`~collapse_lib.regression.mix_model_error_level`). Turned around, reaching a
target f needs

    recall >= 1 - (1 - eta)(1 - fpr)(1 - f) / (eta f).

The arithmetic is elementary; the point is the sizes: when eta is large, a detector must
be very good for f to be far from 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.arrays import float_or_array, readonly
from ..core.checks import check_float, check_int, check_probability
from ..core.resources import check_memory
from ..core.seeding import as_generator

__all__ = ["filtered_real_fraction", "required_recall", "FilteredData",
           "simulate_provenance_filter"]


def _shares(synthetic_share, false_positive_rate):
    synthetic_share = check_probability("synthetic_share", synthetic_share)
    false_positive_rate = check_probability("false_positive_rate", false_positive_rate)
    return synthetic_share, false_positive_rate


def _check_broadcast(**arrays) -> None:
    try:
        np.broadcast_shapes(*(np.shape(value) for value in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(value)}" for name, value in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must broadcast together; got shapes "
                         f"{shapes}") from None


def filtered_real_fraction(*, synthetic_share, recall, false_positive_rate=0.0):
    """f: the real fraction of the data a detector leaves, for each setting (broadcast).

    f = (1 - eta)(1 - fpr) / [(1 - eta)(1 - fpr) + eta (1 - recall)]. A setting that drops
    everything is refused.

    Parameters
    ----------
    synthetic_share : float or array in [0, 1]
        eta, the synthetic share of the data before filtering.
    recall : float or array in [0, 1]
        Probability that a synthetic item is flagged (and dropped).
    false_positive_rate : float or array in [0, 1]
        Probability that a real item is flagged (and dropped).

    Returns
    -------
    float, or ndarray of the broadcast shape

    Examples
    --------
    >>> round(filtered_real_fraction(synthetic_share=0.5, recall=0.9), 4)
    0.9091
    >>> round(filtered_real_fraction(synthetic_share=0.9, recall=0.0), 12)
    0.1
    """
    synthetic_share, false_positive_rate = _shares(synthetic_share, false_positive_rate)
    recall = check_probability("recall", recall)
    _check_broadcast(synthetic_share=synthetic_share, recall=recall,
                     false_positive_rate=false_positive_rate)
    real_kept = (1 - synthetic_share) * (1 - false_positive_rate)
    synthetic_kept = synthetic_share * (1 - recall)
    if np.any(real_kept + synthetic_kept == 0):
        raise ValueError("synthetic_share, recall and false_positive_rate leave no data at "
                         "all for some setting (every real and every synthetic item is "
                         "dropped); lower recall or false_positive_rate")
    return float_or_array(real_kept / (real_kept + synthetic_kept))


def required_recall(*, synthetic_share, real_fraction, false_positive_rate=0.0):
    """The smallest recall that leaves a real fraction of at least ``real_fraction``.

    recall = 1 - (1 - eta)(1 - fpr)(1 - f) / (eta f), clipped to [0, 1]. A setting with no
    real data left (eta = 1 or fpr = 1) is refused: no recall reaches any f there.

    Parameters
    ----------
    synthetic_share : float or array in [0, 1]
    real_fraction : float or array in (0, 1]
        f, the real fraction wanted after filtering.
    false_positive_rate : float or array in [0, 1]

    Returns
    -------
    float, or ndarray of the broadcast shape

    Examples
    --------
    >>> round(required_recall(synthetic_share=0.9, real_fraction=0.5), 4)
    0.8889
    >>> required_recall(synthetic_share=0.1, real_fraction=0.5)
    0.0
    """
    synthetic_share, false_positive_rate = _shares(synthetic_share, false_positive_rate)
    real_fraction = check_probability("real_fraction", real_fraction)
    _check_broadcast(synthetic_share=synthetic_share, real_fraction=real_fraction,
                     false_positive_rate=false_positive_rate)
    if np.any(real_fraction == 0):
        raise ValueError("real_fraction must be in (0, 1]; got a value of 0 (any recall "
                         "reaches it)")
    real_kept = (1 - synthetic_share) * (1 - false_positive_rate)
    if np.any(real_kept == 0):
        raise ValueError("synthetic_share = 1 or false_positive_rate = 1 leaves no real data, "
                         "so no recall reaches real_fraction; both must be < 1")
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # A tiny real_fraction overflows the ratio to inf: then recall 0 reaches it.
        recall = 1 - real_kept * (1 - real_fraction) / (synthetic_share * real_fraction)
    return float_or_array(np.where(synthetic_share == 0, 0.0, np.clip(recall, 0.0, 1.0)))


@dataclass(frozen=True)
class FilteredData:
    """Result of :func:`simulate_provenance_filter`: items kept, one entry per chain.

    Attributes
    ----------
    real_kept, synthetic_kept : ndarray of int, shape (n_chains,)
    """

    real_kept: np.ndarray
    synthetic_kept: np.ndarray

    @property
    def real_fraction(self) -> np.ndarray:
        """Real items / items kept, shape (n_chains,); nan for a chain that kept nothing."""
        kept = self.real_kept + self.synthetic_kept
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(kept > 0, self.real_kept / np.maximum(kept, 1), np.nan)


def simulate_provenance_filter(*, synthetic_share, recall, false_positive_rate=0.0,
                               n_items, n_chains=1, seed=None) -> FilteredData:
    """Simulate filtering ``n_items`` items: what is kept, one count per chain.

    Each item is synthetic with probability eta; a synthetic item is dropped with
    probability ``recall``, a real one with probability ``false_positive_rate``. Drawn as
    binomial counts, so n_items can be large.

    Parameters
    ----------
    synthetic_share, recall, false_positive_rate : float in [0, 1]
    n_items : int in [1, 1e15]
        Items before filtering.
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    FilteredData
        ``real_kept`` and ``synthetic_kept`` of shape (n_chains,), and their
        ``real_fraction``.

    Examples
    --------
    >>> kept = simulate_provenance_filter(synthetic_share=0.5, recall=1.0, n_items=100,
    ...                                   n_chains=2, seed=0)
    >>> kept.synthetic_kept.tolist(), kept.real_fraction.tolist()
    ([0, 0], [1.0, 1.0])
    """
    synthetic_share = check_float("synthetic_share", synthetic_share, minimum=0.0, maximum=1.0)
    recall = check_float("recall", recall, minimum=0.0, maximum=1.0)
    false_positive_rate = check_float("false_positive_rate", false_positive_rate,
                                      minimum=0.0, maximum=1.0)
    n_items = check_int("n_items", n_items, minimum=1, maximum=10 ** 15)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    check_memory(4 * n_chains, what="counts per chain", smaller="n_chains")
    rng = as_generator(seed)
    synthetic = rng.binomial(n_items, synthetic_share, n_chains)
    real_kept = rng.binomial(n_items - synthetic, 1 - false_positive_rate)
    synthetic_kept = rng.binomial(synthetic, 1 - recall)
    return FilteredData(readonly(real_kept), readonly(synthetic_kept))
