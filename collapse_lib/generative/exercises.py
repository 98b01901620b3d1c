"""Checks for the generative world's coding exercises, notebook 08.

See :mod:`collapse_lib.core.exercises`. Each ``check_*`` takes the learner's function,
runs it, and returns a one-line :class:`~collapse_lib.core.exercises.Feedback`; it
never raises.
"""
from __future__ import annotations

import numpy as np
from scipy.special import digamma

from ..core.exercises import Feedback, call_learner, compare_values, first_failure
from .chain import repair_quotas
from .data import training_set

__all__ = ["check_drawing_spread", "check_log_det_drift", "check_repair_quotas"]


def check_drawing_spread(drawing_spread) -> Feedback:
    """Check the diversity measure: exp(log det C / 2d), C the points' covariance.

    The learner writes ``drawing_spread(points)`` for an array of n points in d
    coordinates (n, d): C with divisor n − 1 (``np.cov``), then the geometric mean of the standard deviations along its d
    principal axes, exp(log det C / 2d) (the ``spread`` of
    :func:`~collapse_lib.generative.simulate_chain`). Compared on the real training set
    in 20 and in 5 principal coordinates, and on a stretched Gaussian sample, to a
    relative tolerance of 1e-9.

    Parameters
    ----------
    drawing_spread : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def drawing_spread(points):
    ...     sign, log_det = np.linalg.slogdet(np.cov(points.T))
    ...     return np.exp(log_det / (2 * points.shape[1]))
    >>> check_drawing_spread(drawing_spread).passed
    True
    """
    stretched = np.random.default_rng(0).standard_normal((400, 3)) * [1.0, 10.0, 100.0]
    sets = {"the real images (d = 20)": training_set().points,
            "the real images (d = 5)": training_set(n_dims=5).points,
            "a Gaussian sample with SDs 1, 10, 100": stretched}

    def compare(name, points):
        def check():
            exact = np.exp(np.linalg.slogdet(np.cov(points.T))[1] / (2 * points.shape[1]))
            got = call_learner(drawing_spread, points.copy())
            return compare_values(f"the spread of {name}", got, exact, rtol=1e-9)
        return check

    return first_failure(*(compare(*item) for item in sets.items())) or Feedback(
        True, "a geometric mean of SDs: one axis collapsing to 0 drags it to 0, as the "
              "volume (notebook 01's det) does, while the summed variance hardly moves.")


def check_log_det_drift(log_det_drift) -> Feedback:
    """Check the expected log det change per generation of a one-component chain.

    The learner writes ``log_det_drift(*, n_samples, d, temperature)``: with one
    component the mixture is notebook 01's d-dimensional Gaussian refitted by maximum
    likelihood to M points drawn at temperature t, so each generation adds, in
    expectation, Σᵢ₌₁..d [digamma((M − i)/2) + log(2/M)] + d log t to log det Σ (the first
    term is notebook 01's, the second the temperature's scaling of Σ by t). Compared for (M, d, t) in {(10, 1, 1), (50, 5, 1), (1238, 20, 0.8),
    (30, 3, 0.5)} to a relative tolerance of 1e-9.

    Parameters
    ----------
    log_det_drift : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from scipy.special import digamma
    >>> def log_det_drift(*, n_samples, d, temperature):
    ...     i = np.arange(1, d + 1)
    ...     return (np.sum(digamma((n_samples - i) / 2) + np.log(2 / n_samples))
    ...             + d * np.log(temperature))
    >>> check_log_det_drift(log_det_drift).passed
    True
    """
    def compare(n_samples, d, temperature):
        def check():
            i = np.arange(1, d + 1)
            exact = (np.sum(digamma((n_samples - i) / 2) + np.log(2 / n_samples))
                     + d * np.log(temperature))
            got = call_learner(log_det_drift, n_samples=n_samples, d=d, temperature=temperature)
            return compare_values(f"the drift for M = {n_samples}, d = {d}, t = {temperature:g}",
                                  got, exact, rtol=1e-9)
        return check

    cases = [(10, 1, 1.0), (50, 5, 1.0), (1238, 20, 0.8), (30, 3, 0.5)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "at t = 1 the drift is about −d(d + 3)/2M per generation (−0.19 for M = 1,238, "
              "d = 20); t = 0.8 adds d log t = −4.5, about 24 times more.")


def check_repair_quotas(quotas_for) -> Feedback:
    """Check reparation's quotas: round(shares · M_s) per digit, summing to M_s.

    The learner writes ``quotas_for(shares, *, n_images)``: ⌊shares[c] · M_s⌋ for every
    digit c (M_s = ``n_images``), then one more image for each of the M_s − Σ⌊·⌋ digits
    with the largest
    remainders (ties to the lower digit), as
    :func:`~collapse_lib.generative.repair_quotas`. Compared, exactly, for the real
    shares of the notebook's training set and for three other share vectors.

    Parameters
    ----------
    quotas_for : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def quotas_for(shares, *, n_images):
    ...     exact = shares * n_images
    ...     quotas = np.floor(exact).astype(int)
    ...     left = n_images - quotas.sum()
    ...     quotas[np.argsort(quotas - exact, kind="stable")[:left]] += 1
    ...     return quotas
    >>> check_repair_quotas(quotas_for).passed
    True
    """
    cases = [(training_set().shares, 1238), (np.full(10, 0.1), 25),
             (np.array([0.5, 0.25, 0.125, 0.125]), 7), (np.array([1 / 3, 1 / 3, 1 / 3]), 100)]

    def compare(shares, n_images):
        def check():
            got = call_learner(quotas_for, shares.copy(), n_images=n_images)
            return compare_values(f"the quotas for n_images = {n_images} and shares "
                                  f"{np.round(shares, 3).tolist()}", got,
                                  repair_quotas(shares, n_images=n_images), rtol=0.0)
        return check

    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "with these quotas every generation trains on the real digit shares, "
              "whatever the model draws.")
