"""Checks for the digits world's coding exercise, notebook 07.

See :mod:`collapse_lib.core.exercises`. Each ``check_*`` takes the learner's function,
runs it, and returns a one-line :class:`~collapse_lib.core.exercises.Feedback`; it
never raises.
"""
from __future__ import annotations

import numpy as np

from ..core.exercises import Feedback, call_learner, compare_values, first_failure
from .data import digits_data

__all__ = ["check_kernel_ridge_weights"]


def check_kernel_ridge_weights(kernel_ridge_weights) -> Feedback:
    """Check the kernel ridge fit with the course's penalty: a = (G + λT I)⁻¹ Y.

    The learner writes ``kernel_ridge_weights(gram, labels, *, ridge)``: ``gram`` the
    T x T kernel matrix of the training images, ``labels`` their (T, 10) targets, ``ridge``
    λ. Minimising (1/T) Σᵢ ‖f(xᵢ) − yᵢ‖² + λ‖f‖² over f = Σᵢ aᵢ k(·, xᵢ) gives
    (G + λT I) a = Y, the kernel form of notebooks 03-05's (X'X/T + λI) w = X'y/T
    (scikit-learn's ``KernelRidge(alpha=λT)``). Compared on real digits for T in
    {20, 200} and λ in {10⁻⁴, 10⁻²}, to a relative tolerance of 1e-6.

    Parameters
    ----------
    kernel_ridge_weights : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def kernel_ridge_weights(gram, labels, *, ridge):
    ...     T = len(labels)
    ...     return np.linalg.solve(gram + ridge * T * np.eye(T), labels)
    >>> check_kernel_ridge_weights(kernel_ridge_weights).passed
    True
    """
    data = digits_data()

    def compare(T, ridge):
        def check():
            rows = data.pool[:T]
            gram = data.kernel[np.ix_(rows, rows)]
            labels = data.targets[rows]
            exact = np.linalg.solve(gram + ridge * T * np.eye(T), labels)
            got = call_learner(kernel_ridge_weights, gram.copy(), labels.copy(), ridge=ridge)
            return compare_values(f"a for T = {T}, λ = {ridge:g}", got, exact, rtol=1e-6,
                                  atol=1e-9)
        return check

    cases = [(T, ridge) for T in (20, 200) for ridge in (1e-4, 1e-2)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "the penalty grows with T (λT on the diagonal), so λ means the same thing at "
              "every sample size, as in notebooks 03-05.")
