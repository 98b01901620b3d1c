"""What every regression function shares: the designs, the spectrum and the true weights.

Features x ~ N(0, Sigma) in R^d with Sigma = diag(``spectrum``) (any covariance is
diagonal in its eigenbasis, so this loses no generality); the true weights w0 are given
in that eigenbasis. By default Sigma = I and w0 = (1, ..., 1)/sqrt(d), so ||w0|| = 1.
"""
from __future__ import annotations

import numpy as np

from ..core.checks import (SCALE_LIMIT, check_choice, check_finite_vector, check_int,
                           check_positive_vector, check_scale)
from ..core.resources import check_memory

__all__ = ["DESIGNS", "default_w0", "check_spectrum", "check_w0", "check_generators"]

# "fresh": a new generator design X every generation; "reused": one per chain, kept for
# every generation (as in the code of Gerstgrasser et al. 2024).
DESIGNS = ("fresh", "reused")


def default_w0(*, d) -> np.ndarray:
    """The course's default true weights: every coefficient 1/sqrt(d), so ||w0|| = 1.

    Parameters
    ----------
    d : int >= 1

    Returns
    -------
    ndarray, shape (d,)

    Examples
    --------
    >>> default_w0(d=4).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    d = check_int("d", d, minimum=1)
    check_memory(d, what="w0 of shape (d,)", smaller="d")
    return np.full(d, 1.0 / np.sqrt(d))


def check_spectrum(spectrum, *, d=None) -> np.ndarray:
    """The eigenvalues of Sigma: in [1e-150, 1e150], condition number <= 1e15; None is I.

    Beyond those limits double precision cannot represent the model meaningfully (the
    effective regularisation and the fits lose every digit), so they are refused.

    Parameters
    ----------
    spectrum : array (d,) or None
    d : int, optional
        Required length (and the size of the identity when ``spectrum`` is None).

    Returns
    -------
    ndarray, shape (d,)

    Examples
    --------
    >>> check_spectrum(None, d=3).tolist()
    [1.0, 1.0, 1.0]
    """
    if d is not None:
        d = check_int("d", d, minimum=1)
        check_memory(d, what="the spectrum of shape (d,)", smaller="d")
    if spectrum is None:
        if d is None:
            raise ValueError("spectrum must be a vector of eigenvalues > 0; got None "
                             "(without d there is no identity to default to)")
        return np.ones(d)
    values = check_positive_vector("spectrum", spectrum, length=d)
    low, high = values.min(), values.max()
    if low < 1 / SCALE_LIMIT or high > SCALE_LIMIT or high / low > 1e15:
        raise ValueError(f"spectrum must hold eigenvalues in [1e-150, 1e150] with a condition "
                         f"number (largest / smallest) <= 1e15, beyond which double precision "
                         f"loses every digit; got eigenvalues from {low:.3g} to {high:.3g}")
    return values


def check_w0(w0, *, d: int) -> np.ndarray:
    """True weights in the eigenbasis of Sigma: d finite values; None means :func:`default_w0`.

    Parameters
    ----------
    w0 : array (d,) or None
    d : int

    Returns
    -------
    ndarray, shape (d,)

    Examples
    --------
    >>> check_w0([1, 0], d=2).tolist()
    [1.0, 0.0]
    """
    return default_w0(d=d) if w0 is None else check_finite_vector("w0", w0, length=d)


def check_generators(*, d, T0, sigma0, spectrum, w0, design) -> tuple:
    """Check what defines the generators of a regression chain, in one place.

    Parameters
    ----------
    d : int >= 1
    T0 : int >= 1
    sigma0 : float >= 0
    spectrum : array (d,) or None
    w0 : array (d,) or None
    design : {"fresh", "reused"}

    Returns
    -------
    tuple
        (d, T0, sigma0, spectrum, w0, design), normalised: spectrum and w0 as arrays (d,).

    Examples
    --------
    >>> d, T0, sigma0, spectrum, w0, design = check_generators(
    ...     d=2, T0=5, sigma0=1, spectrum=None, w0=None, design="fresh")
    >>> spectrum.tolist(), sigma0
    ([1.0, 1.0], 1.0)
    """
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    check_memory(4 * d, what="the spectrum and w0", smaller="d")
    spectrum = check_spectrum(spectrum, d=d)
    w0 = check_w0(w0, d=d)
    design = check_choice("design", design, DESIGNS)
    return d, T0, sigma0, spectrum, w0, design
