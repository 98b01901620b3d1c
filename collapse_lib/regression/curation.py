"""Curating the synthetic rows of the regression chain: a confidence filter and a verifier.

Each generator fits OLS on T0 curated rows (the replace chain otherwise). Candidates are
L = ``candidates`` x T0 fresh rows x ~ N(0, Sigma) labelled by the previous model,
y = x'w_hat_{n-1} + sigma0 eps, and T0 of them are kept:

- ``curation="confidence"``: the rows the *generator* is most confident about, the
  smallest |y - x'w_hat_{n-1}| (its own residuals, that is the label noise). The kept
  labels carry only the smallest noise, so the next fit copies w_hat_{n-1} almost
  exactly: the error grows far more slowly than under replace, but nothing ever pulls
  the model back towards w0, and it never falls below its generation-1 level. The model
  stagnates instead of collapsing: the same idea as the Gaussian likelihood filter
  (trust the model's own belief), which there cuts the tails and speeds collapse up,
  here only removes noise the model would otherwise copy.
- ``curation="verifier"``: a verifier that knows w0 keeps the rows whose label is
  closest to the truth, the smallest |y - x'w0| + noise (Gaussian, standard deviation
  ``verifier_noise`` on each score). The kept labels agree with w0 better than the
  generator does, so every generation corrects part of the previous error: the error
  falls below its generation-1 level. A very noisy verifier keeps rows at random: the
  replace chain.

Simulated (no closed form), from the rows themselves; fresh designs, keyword-only sizes.

References
----------
Feng, Dohmatob, Yang, Charton, Kempe (2024). Beyond model collapse: scaling up with
synthesized data requires verification. arXiv:2406.07515.
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
arXiv:2402.07712 (the chain).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import SCALE_LIMIT, check_choice, check_float, check_int, check_scale
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from .setting import check_generators
from .sufficient_statistics import _fit_rows

__all__ = ["CURATIONS", "CuratedRegressionChain", "simulate_curated_chain"]

CURATIONS = ("confidence", "verifier")


@dataclass(frozen=True)
class CuratedRegressionChain(ChainAxes):
    """Result of :func:`simulate_curated_chain`.

    Attributes
    ----------
    model_error : ndarray, shape (n_chains, n_generations + 1)
        ||w_hat_n - w0||_Sigma^2 of the model trained at generation n (0 at n = 0).
    weights : ndarray, shape (n_chains, n_generations + 1, d)
    curation : str
    """

    model_error: np.ndarray
    weights: np.ndarray
    curation: str
    _by_generation: ClassVar[str] = "model_error"


def simulate_curated_chain(*, d, T0, n_generations, curation, candidates=5,
                           verifier_noise=0.0, sigma0=1.0, spectrum=None, w0=None,
                           n_chains=1, seed=None) -> CuratedRegressionChain:
    """Simulate the regression replace chain with curated synthetic rows.

    See the module docstring. Generation 1 fits T0 real rows (labels from w0, not
    curated), as in every strategy.

    Parameters
    ----------
    d : int >= 1
    T0 : int >= d + 2
        Rows each generator keeps and fits.
    n_generations : int >= 0
    curation : {"confidence", "verifier"}
    candidates : int in [1, 100]
        Candidate rows per row kept (1 keeps them all: replace).
    verifier_noise : float >= 0
        "verifier" only: standard deviation of its error on each |y - x'w0|.
    sigma0 : float >= 0
    spectrum : array (d,) of positive floats, optional
    w0 : array (d,), optional
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    CuratedRegressionChain

    Examples
    --------
    >>> chain = simulate_curated_chain(d=3, T0=8, n_generations=4, curation="verifier",
    ...                                n_chains=2, seed=0)
    >>> chain.model_error.shape
    (2, 5)
    """
    d, T0, sigma0, spectrum, w0, _ = check_generators(
        d=d, T0=T0, sigma0=sigma0, spectrum=spectrum, w0=w0, design="fresh")
    if T0 < d + 2:
        raise ValueError(f"T0 must be >= d + 2 = {d + 2} (ordinary least squares with a "
                         f"finite expected error); got T0 = {T0}")
    n_generations = check_int("n_generations", n_generations, minimum=0)
    curation = check_choice("curation", curation, CURATIONS)
    candidates = check_int("candidates", candidates, minimum=1, maximum=100)
    verifier_noise = check_float("verifier_noise", verifier_noise, minimum=0.0,
                                 maximum=SCALE_LIMIT)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    width = T0 * candidates * (d + 2)
    check_memory(4 * n_chains * width + n_chains * (n_generations + 1) * d,
                 what="one generation's candidate rows (n_chains, L, d) and the weights "
                 "(n_chains, n_generations + 1, d)",
                 smaller="n_chains, n_generations, T0, d or candidates")
    check_steps(n_generations * (LOOP_STEP_COST + n_chains * (width + T0 * d * d)),
                what="steps (one generation at a time)",
                smaller="n_generations, n_chains, T0, d or candidates")
    rng = as_generator(seed)
    root = np.sqrt(spectrum)
    weights = np.empty((n_chains, n_generations + 1, d))
    weights[:, 0] = w0
    for g in range(1, n_generations + 1):
        pool = T0 if g == 1 else T0 * candidates        # generation 1: the real rows
        rows = rng.standard_normal((n_chains, pool, d)) * root
        residual = sigma0 * rng.standard_normal((n_chains, pool))
        labels = (rows @ weights[:, g - 1, :, None])[..., 0] + residual
        if pool > T0:
            if curation == "confidence":
                score = np.abs(residual)                 # |y - x'w_hat_{n-1}|
            else:
                score = np.abs(labels - rows @ w0)
                if verifier_noise > 0:
                    score = score + verifier_noise * rng.standard_normal(score.shape)
            kept = np.argpartition(score, T0 - 1, axis=1)[:, :T0]
            rows = np.take_along_axis(rows, kept[..., None], axis=1)
            labels = np.take_along_axis(labels, kept, axis=1)
        weights[:, g] = _fit_rows(rows, labels)
    error = ((weights - w0) ** 2 * spectrum).sum(axis=-1)
    return CuratedRegressionChain(readonly(error), readonly(weights), curation)
