"""The data strategies every world shares, checked in one place.

- "replace": each generation trains only on samples of the previous model;
- "accumulate": each generation adds its fresh synthetic samples to all data so far;
- "mix": a fixed ``real_fraction`` of each generation's samples is fresh real data.

(Shumailov et al., Nature 2024, replace; Gerstgrasser et al., arXiv:2404.01413,
accumulate.) ``real_fraction`` must be 0 unless the strategy is "mix"; the number of real
samples among M is round(real_fraction * M).
"""
from __future__ import annotations

from .checks import check_choice, check_float, check_int

__all__ = ["STRATEGIES", "check_strategy", "real_count", "comparison_settings"]

STRATEGIES = ("replace", "accumulate", "mix")


def check_strategy(strategy, real_fraction) -> tuple[str, float]:
    """Validate a (strategy, real_fraction) pair.

    Parameters
    ----------
    strategy : {"replace", "accumulate", "mix"}
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
