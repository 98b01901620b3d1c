"""Array helpers shared by the worlds: result shaping and one sampling primitive."""
from __future__ import annotations

import numpy as np


def readonly(array: np.ndarray) -> np.ndarray:
    """Mark a result array read-only (results are frozen) and return it."""
    array.setflags(write=False)
    return array


def float_or_array(values):
    """A 0-d result as a Python float, anything else as it is (theory functions' returns)."""
    return float(values) if np.ndim(values) == 0 else values


def bartlett_factor(rng: np.random.Generator, dof: int, d: int, n_draws: int) -> np.ndarray:
    """Lower-triangular A with A A' ~ Wishart(dof, I_d), shape (n_draws, d, d).

    Bartlett (1933): A_ii = sqrt(chi2_{dof - i}), i = 0..d-1, standard normals below the
    diagonal. Scattering the normals by flat index is faster than masking a full matrix.
    """
    factor = np.zeros((n_draws, d * d))
    rows, cols = np.tril_indices(d, k=-1)
    factor[:, rows * d + cols] = rng.standard_normal((n_draws, rows.size))
    factor = factor.reshape(n_draws, d, d)
    diagonal = np.arange(d)
    factor[:, diagonal, diagonal] = np.sqrt(rng.chisquare(dof - diagonal, (n_draws, d)))
    return factor
