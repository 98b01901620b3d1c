"""The data strategies every world shares, checked in one place.

With M the samples each generation draws (``n_samples``, or T0 rows in the regression
world) and generation 0 the real distribution, generation n >= 1 fits its model to:

- "replace": M samples of the generation n-1 model (the classic chain);
- "accumulate": everything generation n-1 trained on plus M fresh samples of the
  generation n-1 model, n*M samples in all (the first M real);
- "accumulate-subsample": a fixed budget of M samples drawn without replacement from
  that same growing pool (the pool of "accumulate", the training-set size of "replace");
- "mix": round(real_fraction * M) fresh real samples plus the rest from the generation
  n-1 model.

Sources: Shumailov et al. (Nature 2024), replace; Gerstgrasser et al. (2024,
arXiv:2404.01413), accumulate and accumulate-subsample; mixing real data as in Bertrand
et al. (ICLR 2024). ``real_fraction`` must be 0 unless the strategy is "mix". Every
world's ``simulate_chain`` takes the same two arguments, ``strategy`` and
``real_fraction``, and checks them here.
"""
from __future__ import annotations

import numpy as np

from .checks import check_choice, check_float, check_int

__all__ = ["STRATEGIES", "check_strategy", "real_count", "subsample_indices",
           "comparison_settings"]

STRATEGIES = ("replace", "accumulate", "accumulate-subsample", "mix")


def check_strategy(strategy, real_fraction) -> tuple[str, float]:
    """Validate a (strategy, real_fraction) pair.

    Parameters
    ----------
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1]
        Must be 0 unless ``strategy`` is "mix".

    Returns
    -------
    (str, float)

    Examples
    --------
    >>> check_strategy("mix", 0.25)
    ('mix', 0.25)
    >>> check_strategy("replace", 0.25)
    Traceback (most recent call last):
    ...
    ValueError: real_fraction is used only with strategy='mix'; got real_fraction=0.25 with strategy='replace'
    """
    strategy = check_choice("strategy", strategy, STRATEGIES)
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0)
    if strategy != "mix" and real_fraction != 0.0:
        raise ValueError(f"real_fraction is used only with strategy='mix'; got "
                         f"real_fraction={real_fraction!r} with strategy={strategy!r}")
    return strategy, real_fraction


def real_count(*, n_samples: int, real_fraction: float) -> int:
    """Number of real samples among the M of a "mix" generation: round(real_fraction * M).

    Python's round (half to even) is used, so 0.5 * 5 gives 2 real points of 5.

    Parameters
    ----------
    n_samples : int
        M, the samples of one generation.
    real_fraction : float in [0, 1]

    Returns
    -------
    int

    Examples
    --------
    >>> real_count(n_samples=10, real_fraction=0.25), real_count(n_samples=5, real_fraction=0.5)
    (2, 2)
    """
    n_samples = check_int("n_samples", n_samples, minimum=0)
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0)
    return int(round(real_fraction * n_samples))


def subsample_indices(rng, *, pool_size: int, budget: int, n_chains: int) -> np.ndarray:
    """For each chain, ``budget`` distinct indices of a pool, uniformly at random.

    The "accumulate-subsample" draw, a uniformly random subset: the indices of the
    ``budget`` smallest of ``pool_size`` uniform keys (O(pool_size) per chain), or, for a
    subset smaller than an eighth of the pool, draws with replacement whose repeats are
    redrawn (O(budget log budget)).

    Parameters
    ----------
    rng : numpy.random.Generator
    pool_size : int >= budget
    budget : int >= 1
    n_chains : int >= 1

    Returns
    -------
    ndarray of int, shape (n_chains, budget)

    Examples
    --------
    >>> chosen = subsample_indices(np.random.default_rng(0), pool_size=10, budget=4, n_chains=3)
    >>> chosen.shape, all(len(set(row)) == 4 for row in chosen.tolist())
    ((3, 4), True)
    """
    if budget == pool_size:
        return np.broadcast_to(np.arange(pool_size), (n_chains, pool_size))
    if 8 * budget > pool_size:
        keys = rng.random((n_chains, pool_size))
        return np.argpartition(keys, budget - 1, axis=1)[:, :budget]
    # A small subset of a large pool: draw with replacement, then redraw the repeats until
    # none is left (few rounds: about M^2 / 2N repeats per round). The procedure treats
    # every position alike, so the subset it ends with is uniform over all M-subsets.
    chosen = np.sort(rng.integers(0, pool_size, (n_chains, budget)), axis=1)
    while True:
        repeated = chosen[:, 1:] == chosen[:, :-1]
        if not repeated.any():
            return chosen
        later = chosen[:, 1:]
        later[repeated] = rng.integers(0, pool_size, int(repeated.sum()))
        chosen.sort(axis=1)


def comparison_settings(real_fraction) -> list[tuple[str, str, float]]:
    """The settings every world's strategy comparison runs: replace, accumulate, mix.

    Parameters
    ----------
    real_fraction : float in (0, 1]
        The real share of each generation under "mix".

    Returns
    -------
    list of (label, strategy, real_fraction)
        The legend label and the arguments of each run, in drawing order.

    Examples
    --------
    >>> [label for label, _, _ in comparison_settings(0.1)]
    ['replace', 'accumulate', 'mix, 10 % real']
    """
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0,
                                strict_minimum=True)
    return [("replace", "replace", 0.0), ("accumulate", "accumulate", 0.0),
            (f"mix, {100 * real_fraction:.0f} % real", "mix", real_fraction)]
