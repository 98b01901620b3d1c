"""The d-dimensional Gaussian chain: fit a mean and a covariance, sample, refit.

Both methods carry the Cholesky factor L_n of Sigma_n from generation to generation.
With ``method="exact"`` the scatter matrix is drawn as Wishart(M-1, Sigma_{n-1}) by the
Bartlett decomposition: if A is lower triangular with A_ii^2 ~ chi2_{M-i} and standard
normal entries below, then L_n = L_{n-1} A / sqrt(D), so no factorisation is ever needed.
With ``method="samples"`` the M points are drawn as x = mu_{n-1} + L_{n-1} z with z
standard normal and fitted; their scatter is L_{n-1} (Z_c' Z_c) L_{n-1}' with Z_c the
centred z, so L_n = L_{n-1} R' / sqrt(D) where Z_c = Q R (a QR factorisation of the
standardised points). That is the same fit, computed where it is well conditioned: a
Cholesky factorisation of the collapsing covariance itself would lose definiteness in
floating point after a few dozen generations. log det Sigma_n is accumulated as a sum
of logs of the factors' diagonals, so it stays exact where det Sigma_n underflows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import bartlett_factor, readonly
from ..core.chains import ChainAxes
from ..core.checks import (SCALE_LIMIT, check_choice, check_finite_vector, check_int,
                           check_real_array)
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from .chain import METHODS
from .estimators import ESTIMATORS, divisor

__all__ = ["MvnChain", "simulate_mvn_chain"]


@dataclass(frozen=True)
class MvnChain(ChainAxes):
    """Result of :func:`simulate_mvn_chain`.

    Attributes
    ----------
    mean : ndarray, shape (n_chains, n_generations + 1, d)
    cov : ndarray, shape (n_chains, n_generations + 1, d, d)
        Fitted covariance; index 0 along axis 1 is the real one.
    log_det : ndarray, shape (n_chains, n_generations + 1)
        log det cov, accumulated generation by generation from the log-diagonals of the
        factors' steps: exact (and finite) even where det cov underflows to 0.
    n_samples : int
    estimator : str
    """

    mean: np.ndarray
    cov: np.ndarray
    log_det: np.ndarray
    n_samples: int
    estimator: str
    _by_generation: ClassVar[str] = "mean"

    @property
    def dim(self) -> int:
        """d, the dimension."""
        return self.mean.shape[-1]

    @property
    def trace(self) -> np.ndarray:
        """tr cov, shape (n_chains, n_generations + 1)."""
        return np.trace(self.cov, axis1=-2, axis2=-1)

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of cov in ascending order, shape (n_chains, n_generations + 1, d)."""
        return np.linalg.eigvalsh(self.cov)


def _check_mvn_start(d, mean, cov):
    if d is not None:
        d = check_int("d", d, minimum=1)
        check_memory(4 * d * d, what="the d x d covariance", smaller="d")
    if cov is None:
        d = 1 if d is None else d
        cov = np.eye(d)
    else:
        cov = check_real_array("cov", cov)
        if cov.ndim != 2 or cov.shape[0] != cov.shape[1]:
            raise ValueError(f"cov must be a finite square matrix; got shape {cov.shape}")
        if d is not None and d != cov.shape[0]:
            raise ValueError(f"d must match cov's size {cov.shape[0]}; got {d!r}")
        d = cov.shape[0]
        if not np.allclose(cov, cov.T):
            raise ValueError("cov must be symmetric; got a matrix that is not")
        eigenvalues = np.linalg.eigvalsh(cov)
        if eigenvalues[0] <= 0:
            raise ValueError("cov must be positive definite; got a matrix with an "
                             "eigenvalue <= 0")
        if eigenvalues[-1] / eigenvalues[0] > 1e15 or eigenvalues[0] < 1 / SCALE_LIMIT \
                or eigenvalues[-1] > SCALE_LIMIT:
            raise ValueError(f"cov must have eigenvalues in [1e-150, 1e150] and a condition "
                             f"number <= 1e15 (double precision cannot represent a fit "
                             f"beyond); got eigenvalues from {eigenvalues[0]:.3g} to "
                             f"{eigenvalues[-1]:.3g}")
    mean = np.zeros(d) if mean is None else check_finite_vector("mean", mean, length=d)
    if np.any(np.abs(mean) > SCALE_LIMIT):
        raise ValueError(f"mean must hold values with |mean| <= 1e150; got {mean!r}")
    return d, mean, cov


def simulate_mvn_chain(*, n_generations, n_samples, d=None, mean=None, cov=None,
                       estimator="unbiased", n_chains=1, method="exact",
                       seed=None) -> MvnChain:
    """Simulate the replace chain of a d-dimensional Gaussian (fit mean and covariance).

    Generation n fits the sample mean and covariance (scatter / D, D = M for "mle",
    M - 1 for "unbiased") to M points drawn from generation n - 1.

    Theory (MLE, q = (M-1)/M): E tr Sigma_n / tr Sigma_0 = q^n and
    E det Sigma_n / det Sigma_0 = [prod_{i=1..d} (M-i)/M]^n; see
    :func:`~collapse_lib.gaussian.theory.expected_trace_ratio` and
    :func:`~collapse_lib.gaussian.theory.expected_det_ratio`.

    Parameters
    ----------
    n_generations : int >= 0
    n_samples : int >= d + 1
        M; the fitted covariance is singular when M <= d.
    d : int >= 1, optional
        Dimension; taken from ``cov`` when given (default 1 with the identity).
    mean : array (d,), optional
        Real mean (default 0).
    cov : array (d, d), optional
        Real covariance, symmetric positive definite (default identity).
    estimator : {"unbiased", "mle"}
    n_chains : int >= 1
    method : {"exact", "samples"}
    seed : int, numpy.random.Generator or None

    Returns
    -------
    MvnChain
        mean (n_chains, n+1, d), cov (n_chains, n+1, d, d), log_det (n_chains, n+1).

    Examples
    --------
    >>> chain = simulate_mvn_chain(n_generations=5, n_samples=20, d=3, n_chains=2, seed=0)
    >>> chain.cov.shape, chain.log_det.shape
    ((2, 6, 3, 3), (2, 6))
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    d, mean, cov = _check_mvn_start(d, mean, cov)
    n_samples = check_int("n_samples", n_samples, minimum=d + 1, minimum_label="d + 1")
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    method = check_choice("method", method, METHODS)
    cells = n_chains * (n_generations + 1)
    check_memory(3 * cells * d * d, what="the covariances and their factors (n_chains, "
                 "n_generations + 1, d, d)", smaller="n_chains, n_generations or d")
    per_draw = n_samples * d * d if method == "samples" else d ** 3
    check_steps(n_generations * (LOOP_STEP_COST + n_chains * per_draw),
                what="steps (one generation at a time)", smaller="n_chains, n_generations or d")
    rng = as_generator(seed)

    root_divisor = np.sqrt(divisor(n_points=n_samples, estimator=estimator))
    means = np.empty((n_chains, n_generations + 1, d))
    factors = np.empty((n_chains, n_generations + 1, d, d))
    log_det = np.empty((n_chains, n_generations + 1))
    means[:, 0] = mean
    factors[:, 0] = np.linalg.cholesky(cov)
    log_det[:, 0] = 2 * np.log(np.diagonal(factors[:, 0], axis1=-2, axis2=-1)).sum(axis=-1)
    for g in range(1, n_generations + 1):
        factor = factors[:, g - 1]
        if method == "exact":
            shift = rng.standard_normal((n_chains, d)) / np.sqrt(n_samples)
            step = bartlett_factor(rng, dof=n_samples - 1, d=d, n_draws=n_chains)
        else:
            standard = rng.standard_normal((n_chains, n_samples, d))
            shift = standard.mean(axis=1)
            upper = np.linalg.qr(standard - shift[:, None, :], mode="r")
            signs = np.where(np.diagonal(upper, axis1=-2, axis2=-1) < 0, -1.0, 1.0)
            step = np.swapaxes(upper * signs[..., None], -1, -2)   # lower, positive diagonal
        means[:, g] = means[:, g - 1] + (factor @ shift[..., None])[..., 0]
        with np.errstate(under="ignore"):
            factors[:, g] = factor @ (step / root_divisor)
        log_det[:, g] = log_det[:, g - 1] + 2 * (
            np.log(np.diagonal(step, axis1=-2, axis2=-1)).sum(axis=-1) - d * np.log(root_divisor))
    with np.errstate(under="ignore"):
        covs = factors @ np.swapaxes(factors, -1, -2)
    return MvnChain(readonly(means), readonly(covs), readonly(log_det), n_samples, estimator)
