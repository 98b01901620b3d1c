"""The two variance estimators of the Gaussian world and their divisors.

"mle" divides the sum of squared deviations of N points by N; "unbiased" by N - 1.
"""
from __future__ import annotations

from ..core.checks import check_choice

__all__ = ["ESTIMATORS", "divisor", "describe_estimator"]

ESTIMATORS = ("unbiased", "mle")


def divisor(*, n_points, estimator: str):
    """D in sigma^2 = (sum of squared deviations) / D: N for "mle", N - 1 for "unbiased".

    Parameters
    ----------
    n_points : int or ndarray of int
        N, the points the variance is fitted to.
    estimator : {"unbiased", "mle"}

    Returns
    -------
    int or ndarray, the shape of ``n_points``

    Examples
    --------
    >>> divisor(n_points=10, estimator="mle"), divisor(n_points=10, estimator="unbiased")
    (10, 9)
    """
    check_choice("estimator", estimator, ESTIMATORS)
    return n_points if estimator == "mle" else n_points - 1


def describe_estimator(estimator: str) -> str:
    """The estimator's convention, for plot titles and legends.

    Parameters
    ----------
    estimator : {"unbiased", "mle"}

    Returns
    -------
    str

    Examples
    --------
    >>> describe_estimator("mle")
    'MLE (÷M)'
    """
    check_choice("estimator", estimator, ESTIMATORS)
    return "MLE (÷M)" if estimator == "mle" else "unbiased (÷(M−1))"
