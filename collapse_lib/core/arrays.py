"""Array helpers shared by the worlds: frozen results, float-or-array returns, Wishart factors."""
from __future__ import annotations

import numpy as np

__all__ = ["readonly", "float_or_array", "finite_result", "bartlett_factor"]


def readonly(array: np.ndarray) -> np.ndarray:
    """Mark a result array read-only (results are frozen) and return it.

    Parameters
    ----------
    array : ndarray
        Any array; it is changed in place.

    Returns
    -------
    ndarray
        The same array, with ``array.flags.writeable`` False.

    Examples
    --------
    >>> readonly(np.zeros(3)).flags.writeable
    False
    """
    array.setflags(write=False)
    return array


def float_or_array(values):
    """A 0-d result as a Python float, anything else as it is (how formulas return).

    Parameters
    ----------
    values : array_like

    Returns
    -------
    float or ndarray
        A float for a 0-d input, else ``values`` unchanged (same shape).

    Examples
    --------
    >>> float_or_array(np.array(2.5)), float_or_array(np.arange(2)).shape
    (2.5, (2,))
    """
    return float(values) if np.ndim(values) == 0 else values


def finite_result(values, *, inputs: str):
    """Return ``values`` if every entry is finite; else say the inputs are beyond double precision.

    The last guard of every formula: a result that overflowed is refused with a
    ``ValueError`` naming the inputs, never returned as inf or nan.

    Parameters
    ----------
    values : float or array_like
    inputs : str or callable returning str
        The arguments that produced it, e.g. "n = 10**18, sigma = 1e150" (a callable is
        only called on failure, so formatting costs nothing on the common path).

    Returns
    -------
    The ``values`` unchanged.

    Examples
    --------
    >>> finite_result(np.array([1.0, np.inf]), inputs="n = 10**18")
    Traceback (most recent call last):
    ...
    ValueError: the result overflows double precision for n = 10**18: use smaller values
    """
    if not np.all(np.isfinite(values)):
        described = inputs() if callable(inputs) else inputs
        raise ValueError(f"the result overflows double precision for {described}: use "
                         f"smaller values")
    return values


def bartlett_factor(rng: np.random.Generator, *, dof: int, d: int, n_draws: int) -> np.ndarray:
    """Lower-triangular A with A A' ~ Wishart(dof, I_d) (Bartlett decomposition).

    Bartlett (1933): A_ii = sqrt(chi2_{dof - i}), i = 0..d-1, with independent standard
    normals below the diagonal. Scattering the normals by flat index is faster than
    masking a full matrix.

    Parameters
    ----------
    rng : numpy.random.Generator
    dof : int >= d
        Degrees of freedom of the Wishart law.
    d : int >= 1
        Dimension.
    n_draws : int >= 1
        Independent factors drawn at once.

    Returns
    -------
    ndarray, shape (n_draws, d, d)

    Examples
    --------
    >>> factor = bartlett_factor(np.random.default_rng(0), dof=5, d=3, n_draws=2)
    >>> factor.shape, bool(np.all(np.triu(factor, 1) == 0))
    ((2, 3, 3), True)
    """
    factor = np.zeros((n_draws, d * d))
    rows, cols = np.tril_indices(d, k=-1)
    factor[:, rows * d + cols] = rng.standard_normal((n_draws, rows.size))
    factor = factor.reshape(n_draws, d, d)
    diagonal = np.arange(d)
    factor[:, diagonal, diagonal] = np.sqrt(rng.chisquare(dof - diagonal, (n_draws, d)))
    return factor
