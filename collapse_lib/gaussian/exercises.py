"""Checks for notebook 01's coding exercises (see :mod:`collapse_lib.core.exercises`).

Each ``check_*`` takes the learner's function, runs it, and returns a one-line
:class:`~collapse_lib.core.exercises.Feedback`; it never raises.
"""
from __future__ import annotations

import numpy as np

from ..core.exercises import Feedback, call_learner, compare_mean, compare_values, first_failure
from .estimators import ESTIMATORS, divisor
from .theory import expected_log_variance

__all__ = ["check_one_generation", "check_log_variance_drift", "check_generations_to_halve"]

_CHAINS = 100_000


def _one_generation_checks(one_generation, estimator: str, n_samples: int):
    """Moments of one generation from mu = 0.5, sigma^2 = 2 against the exact ones:

    E mu_n = mu_{n-1}, E (mu_n - mu_{n-1})^2 = sigma_{n-1}^2 / M,
    E sigma_n^2 = sigma_{n-1}^2 (M - 1)/D, E sigma_n^4 = sigma_{n-1}^4 (M - 1)(M + 1)/D^2.
    """
    mu, sigma2 = np.full(_CHAINS, 0.5), np.full(_CHAINS, 2.0)
    D = divisor(n_points=n_samples, estimator=estimator)
    rng = np.random.default_rng(20241)
    label = f"{estimator}, M = {n_samples}"
    result = {}

    def run():
        value = call_learner(one_generation, mu.copy(), sigma2.copy(), n_samples=n_samples,
                             estimator=estimator, rng=rng)
        if not (isinstance(value, tuple) and len(value) == 2):
            return Feedback(False, "one_generation should return two arrays: (mu_next, sigma2_next)")
        for name, array in zip(("mu_next", "sigma2_next"), value):
            if np.shape(array) != mu.shape:
                return Feedback(False, f"{name} should have the shape of mu, {mu.shape}; "
                                       f"yours has {np.shape(array)}")
        result["mu"], result["sigma2"] = (np.asarray(v, dtype=float) for v in value)
        return None

    return (run,
            lambda: compare_mean(f"E μₙ ({label})", result["mu"], 0.5),
            lambda: compare_mean(f"E (μₙ − μₙ₋₁)² ({label})", (result["mu"] - 0.5) ** 2,
                                 2.0 / n_samples),
            lambda: compare_mean(f"E σ²ₙ ({label}, D = {D})", result["sigma2"],
                                 2.0 * (n_samples - 1) / D),
            lambda: compare_mean(f"E σ⁴ₙ ({label})", result["sigma2"] ** 2,
                                 4.0 * (n_samples - 1) * (n_samples + 1) / D ** 2))


def check_one_generation(one_generation) -> Feedback:
    """Check one generation of the Gaussian chain drawn from its sufficient statistics.

    The learner writes ``one_generation(mu, sigma2, *, n_samples, estimator, rng)``,
    vectorised over chains: ``mu, sigma2`` arrays of shape (n_chains,); it returns
    ``(mu_next, sigma2_next)`` with mu_n = mu_{n-1} + sigma_{n-1} Z / sqrt(M) and
    sigma_n^2 = sigma_{n-1}^2 chi2_{M-1} / D (D = M for "mle", M - 1 for "unbiased";
    Shumailov et al. 2024). Checked by the first two moments of 100,000 draws, for both
    estimators and M in {3, 10}, within five standard errors.

    Parameters
    ----------
    one_generation : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def one_generation(mu, sigma2, *, n_samples, estimator, rng):
    ...     D = n_samples if estimator == "mle" else n_samples - 1
    ...     mu_next = mu + np.sqrt(sigma2 / n_samples) * rng.standard_normal(mu.shape)
    ...     return mu_next, sigma2 * rng.chisquare(n_samples - 1, mu.shape) / D
    >>> check_one_generation(one_generation).passed
    True
    """
    checks = [check for estimator in ESTIMATORS for n_samples in (3, 10)
              for check in _one_generation_checks(one_generation, estimator, n_samples)]
    return first_failure(*checks) or Feedback(
        True, "one generation is a N(0, σ²ₙ₋₁/M) kick to the mean and a χ²(M − 1)/D factor "
              "on the variance, for both estimators.")


def check_log_variance_drift(log_variance_drift) -> Feedback:
    """Check the drift per generation of E log sigma_n^2: digamma((M-1)/2) + log(2/D).

    The learner writes ``log_variance_drift(*, n_samples, estimator)`` returning
    E log(chi2_{M-1} / D); compared with
    :func:`~collapse_lib.gaussian.theory.expected_log_variance` for M in {2, 3, 10, 1000}
    and both estimators, to a relative tolerance of 1e-6.

    Parameters
    ----------
    log_variance_drift : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from scipy.special import digamma
    >>> def drift(*, n_samples, estimator):
    ...     D = n_samples if estimator == "mle" else n_samples - 1
    ...     return digamma((n_samples - 1) / 2) + np.log(2 / D)
    >>> check_log_variance_drift(drift).passed
    True
    """
    def compare(n_samples, estimator):
        def check():
            got = call_learner(log_variance_drift, n_samples=n_samples, estimator=estimator)
            exact = expected_log_variance(1, n_samples=n_samples, estimator=estimator)
            return compare_values(f"the drift for M = {n_samples}, {estimator}", got, exact)
        return check

    return first_failure(*(compare(m, e) for e in ESTIMATORS for m in (2, 3, 10, 1000))
                         ) or Feedback(True, "E log σ²ₙ falls by digamma((M − 1)/2) + log(2/D) "
                                             "per generation: negative for both estimators.")


def check_generations_to_halve(generations_to_halve) -> Feedback:
    """Check the generations until the expected MLE variance has halved (notebook 09).

    Refitted by maximum likelihood to M points of its own, the chain's expected variance
    is E σ²ₙ = σ² ((M − 1)/M)ⁿ (notebook 01), so it first reaches half of σ² at
    n = ⌈log(1/2) / log(1 − 1/M)⌉, about 0.69 M generations. The learner writes
    ``generations_to_halve(*, n_samples)``; compared, exactly, for M in
    {2, 3, 5, 10, 100, 1000}.

    Parameters
    ----------
    generations_to_halve : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def generations_to_halve(*, n_samples):
    ...     return int(np.ceil(np.log(0.5) / np.log(1 - 1 / n_samples)))
    >>> check_generations_to_halve(generations_to_halve).passed
    True
    """
    def compare(n_samples):
        def check():
            exact = int(np.ceil(np.log(0.5) / np.log(1 - 1 / n_samples)))
            got = call_learner(generations_to_halve, n_samples=n_samples)
            return compare_values(f"the generations for M = {n_samples}", got, exact, rtol=0.0)
        return check

    return first_failure(*(compare(M) for M in (2, 3, 5, 10, 100, 1000))) or Feedback(
        True, "about 0.69 M generations: a hundred points a generation halve the expected "
              "variance in 69 generations (and the typical chain much sooner, notebook 01).")
