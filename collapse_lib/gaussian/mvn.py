"""The d-dimensional Gaussian chain: fit a mean and a covariance, sample, refit.

With ``method="exact"`` the scatter matrix is drawn as Wishart(M-1, Sigma_{n-1}) by the
Bartlett decomposition: if L is the Cholesky factor of Sigma_{n-1} and A is lower
triangular with A_ii^2 ~ chi2_{M-i} and standard normal entries below, then
L A / sqrt(D) is the Cholesky factor of Sigma_n, so no factorisation is ever needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import bartlett_factor, readonly
from ..core.chains import ChainAxes
from ..core.checks import check_choice, check_finite_vector, check_int
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
        log det cov, summed from the Cholesky factor's log-diagonal.
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
    if cov is None:
        d = check_int("d", 1 if d is None else d, minimum=1)
        cov = np.eye(d)
    else:
        cov = np.asarray(cov, dtype=float)
        if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or not np.all(np.isfinite(cov)):
            raise ValueError(f"cov must be a finite square matrix; got shape {cov.shape}")
        if d is not None and check_int("d", d, minimum=1) != cov.shape[0]:
            raise ValueError(f"d must match cov's size {cov.shape[0]}; got {d!r}")
        d = cov.shape[0]
        if not np.allclose(cov, cov.T):
            raise ValueError("cov must be symmetric; got a matrix that is not")
        if np.linalg.eigvalsh(cov)[0] <= 0:
            raise ValueError("cov must be positive definite; got a matrix with an "
                             "eigenvalue <= 0")
    mean = np.zeros(d) if mean is None else check_finite_vector("mean", mean, length=d)
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
    n_samples = check_int("n_samples", n_samples, minimum=d + 1)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    method = check_choice("method", method, METHODS)
    rng = as_generator(seed)

    scale = divisor(n_points=n_samples, estimator=estimator)
    means = np.empty((n_chains, n_generations + 1, d))
    factors = np.empty((n_chains, n_generations + 1, d, d))
    means[:, 0] = mean
    factors[:, 0] = np.linalg.cholesky(cov)
    for g in range(1, n_generations + 1):
        factor = factors[:, g - 1]
        if method == "exact":
            z = rng.standard_normal((n_chains, d, 1))
            means[:, g] = means[:, g - 1] + (factor @ z)[..., 0] / np.sqrt(n_samples)
            bartlett = bartlett_factor(rng, dof=n_samples - 1, d=d, n_draws=n_chains)
            factors[:, g] = factor @ bartlett / np.sqrt(scale)
        else:
            points = means[:, g - 1, None, :] + \
                rng.standard_normal((n_chains, n_samples, d)) @ np.swapaxes(factor, -1, -2)
            means[:, g] = points.mean(axis=1)
            centred = points - means[:, g, None, :]
            scatter = np.swapaxes(centred, -1, -2) @ centred
            factors[:, g] = np.linalg.cholesky(scatter / scale)
    covs = factors @ np.swapaxes(factors, -1, -2)
    log_det = 2 * np.log(np.diagonal(factors, axis1=-2, axis2=-1)).sum(axis=-1)
    return MvnChain(readonly(means), readonly(covs), readonly(log_det), n_samples, estimator)
