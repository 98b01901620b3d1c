"""Checks for notebook 06's coding exercises (see :mod:`collapse_lib.core.exercises`).

Each ``check_*`` takes the learner's function, runs it, and returns a one-line
:class:`~collapse_lib.core.exercises.Feedback`; it never raises. The answers are
deterministic, so each is compared with the library to a relative tolerance, in several
settings chosen so that the usual mistakes show.
"""
from __future__ import annotations

from ..core.exercises import Feedback, call_learner, compare_values, first_failure
from ..gaussian.curation import truncation_factor
from ..gaussian.strategy_theory import mix_moments
from .provenance import filtered_real_fraction

__all__ = ["check_mix_moments", "check_truncation_factor", "check_filtered_fraction"]


def check_mix_moments(function) -> Feedback:
    """Check E sigma_n^2 and E (mu_n - mu)^2 of the Gaussian mix chain, found by iteration.

    The learner writes ``mix_moments(n, *, n_samples, real_fraction, estimator)`` returning
    ``(v, m)`` after n generations from (v_0, m_0) = (1, 0) (sigma = 1), with
    M_r = round(f M) real points, M_s = M - M_r, q = (M - 1)/M and D = M - 1 or M:

        v_n = [q (M_r + M_s v_{n-1}) + (M_r M_s / M) m_{n-1}] / D
        m_n = [M_r + M_s v_{n-1} + M_s^2 m_{n-1}] / M^2

    compared with the closed form :func:`~collapse_lib.gaussian.mix_moments` for
    n in {0, 1, 3, 10, 300} (by n = 300 the chain is close to its level,
    :func:`~collapse_lib.gaussian.stationary_mix_moments`), both estimators, M in
    {7, 10, 20} and f from 0 to 1, including f M = 2.5 (Python's round gives 2), to a
    relative tolerance of 1e-8.

    Parameters
    ----------
    function : callable
        The learner's ``mix_moments``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def mix_moments(n, *, n_samples, real_fraction, estimator):
    ...     M = n_samples
    ...     M_r = round(real_fraction * M)
    ...     M_s = M - M_r
    ...     D = M - 1 if estimator == "unbiased" else M
    ...     v, m = 1.0, 0.0
    ...     for _ in range(n):
    ...         v, m = (((M - 1) / M * (M_r + M_s * v) + M_r * M_s / M * m) / D,
    ...                 (M_r + M_s * v + M_s ** 2 * m) / M ** 2)
    ...     return v, m
    >>> check_mix_moments(mix_moments).passed
    True
    """
    settings = [(10, 0.5, "unbiased"), (20, 0.15, "unbiased"), (10, 0.25, "mle"),
                (7, 0.3, "unbiased"), (20, 0.05, "mle"), (10, 0.0, "unbiased"),
                (10, 0.0, "mle"), (7, 1.0, "unbiased")]

    def compare(n, n_samples, real_fraction, estimator):
        def check():
            got = call_learner(function, n, n_samples=n_samples, real_fraction=real_fraction,
                               estimator=estimator)
            if not (isinstance(got, (tuple, list)) and len(got) == 2):
                return Feedback(False, "mix_moments should return two numbers: (v, m)")
            exact = mix_moments(n, n_samples=n_samples, real_fraction=real_fraction,
                                estimator=estimator)
            where = f"n = {n}, M = {n_samples}, f = {real_fraction:g}, {estimator}"
            drift = exact.mean_drift
            return (compare_values(f"E σ²ₙ ({where})", got[0], exact.variance, rtol=1e-8)
                    or compare_values(f"E (μₙ − μ)² ({where})", got[1], drift, rtol=1e-8))
        return check

    return first_failure(*(compare(n, *setting) for setting in settings
                           for n in (0, 1, 3, 10, 300))) or Feedback(
        True, "with one real point or more the two moments settle at a level; with none "
              "(f M < 1/2) the mean drifts for ever.")


def check_truncation_factor(function) -> Feedback:
    """Check theta, the share of a standard normal's variance a likelihood filter keeps.

    The learner writes ``truncation_factor(*, keep_fraction)``: with
    a = Phi^-1((1 + keep_fraction)/2), so that P(|Z| <= a) = keep_fraction, the variance of
    Z given |Z| <= a is theta = 1 - 2 a phi(a) / keep_fraction (phi the standard normal
    density; the curation module calls it tau, notebook 06 theta because tau is the
    absorption time). A filter that keeps only the model's own likely samples shrinks the
    variance by theta every generation (a selector with no outside knowledge, unlike the
    verifiers of Feng et al. 2024). Compared with :func:`~collapse_lib.gaussian.truncation_factor` for keep
    fractions from 0.05 to 0.999, to a relative tolerance of 1e-7.

    Parameters
    ----------
    function : callable
        The learner's ``truncation_factor``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from scipy.stats import norm
    >>> def truncation_factor(*, keep_fraction):
    ...     a = norm.ppf((1 + keep_fraction) / 2)
    ...     return 1 - 2 * a * norm.pdf(a) / keep_fraction
    >>> check_truncation_factor(truncation_factor).passed
    True
    """
    def compare(keep):
        return lambda: compare_values(
            f"θ for keep_fraction = {keep:g}", call_learner(function, keep_fraction=keep),
            truncation_factor(keep_fraction=keep), rtol=1e-7)

    return first_failure(*(compare(keep) for keep in (0.5, 0.05, 0.2, 0.8, 0.95, 0.999))
                         ) or Feedback(True, "a filter that keeps only likely points shrinks "
                                             "the variance by τ < 1 every generation.")


def check_filtered_fraction(function) -> Feedback:
    """Check the real fraction of the data a detector of synthetic data leaves.

    The learner writes ``real_fraction_left(*, synthetic_share, recall,
    false_positive_rate)``: a share eta of the data is synthetic; the detector drops each
    synthetic item with probability ``recall`` and each real one with probability
    ``false_positive_rate``, so

        f = (1 - eta)(1 - fpr) / [(1 - eta)(1 - fpr) + eta (1 - recall)].

    Compared with :func:`~collapse_lib.mitigations.filtered_real_fraction` for eta in
    {0.1, 0.5, 0.9, 0.99}, recall in {0, 0.5, 0.9, 0.99} and fpr in {0, 0.05, 0.3}, to a
    relative tolerance of 1e-9.

    Parameters
    ----------
    function : callable
        The learner's ``real_fraction_left``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def real_fraction_left(*, synthetic_share, recall, false_positive_rate):
    ...     real = (1 - synthetic_share) * (1 - false_positive_rate)
    ...     return real / (real + synthetic_share * (1 - recall))
    >>> check_filtered_fraction(real_fraction_left).passed
    True
    """
    def compare(eta, recall, fpr):
        return lambda: compare_values(
            f"f for η = {eta:g}, recall = {recall:g}, false-positive rate = {fpr:g}",
            call_learner(function, synthetic_share=eta, recall=recall,
                         false_positive_rate=fpr),
            filtered_real_fraction(synthetic_share=eta, recall=recall,
                                   false_positive_rate=fpr), rtol=1e-9)

    cases = [(eta, recall, fpr) for fpr in (0.0, 0.05, 0.3) for eta in (0.9, 0.5, 0.1, 0.99)
             for recall in (0.9, 0.0, 0.5, 0.99)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "what is left is renormalised: real kept over everything kept.")
