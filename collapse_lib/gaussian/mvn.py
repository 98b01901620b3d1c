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
from ..core.strategies import check_strategy, real_count, subsample_indices
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
                       estimator="unbiased", n_chains=1, strategy="replace",
                       real_fraction=0.0, method="exact", seed=None) -> MvnChain:
    """Simulate the fit-and-sample chain of a d-dimensional Gaussian (mean and covariance).

    Generation n fits the sample mean and covariance (scatter / D, D = N for "mle",
    N - 1 for "unbiased", N the points it trains on) to its training data, chosen by
    ``strategy`` exactly as in the univariate :func:`~collapse_lib.gaussian.simulate_chain`:
    M points of generation n - 1 ("replace"), all points so far ("accumulate"), M of them
    drawn without replacement ("accumulate-subsample"), or round(real_fraction * M) real
    points and the rest from generation n - 1 ("mix"). Strategies other than "replace"
    draw the points themselves whatever ``method`` (in the real distribution's whitened
    coordinates, where every strategy is affine equivariant, and map back at the end).

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
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1]
        Only with strategy "mix" (must be 0 otherwise).
    method : {"exact", "samples"}
        For "replace": draw the Wishart scatter (fast) or the points.
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
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    method = check_choice("method", method, METHODS)
    cells = n_chains * (n_generations + 1)
    check_memory(3 * cells * d * d, what="the covariances and their factors (n_chains, "
                 "n_generations + 1, d, d)", smaller="n_chains, n_generations or d")
    per_draw = n_samples * d * d if method == "samples" or strategy != "replace" else d ** 3
    check_steps(n_generations * (LOOP_STEP_COST + n_chains * per_draw),
                what="steps (one generation at a time)",
                smaller="n_chains, n_generations, n_samples or d" if per_draw > d ** 3
                else "n_chains, n_generations or d")
    if strategy == "accumulate-subsample":
        check_memory(n_chains * n_generations * n_samples * (d + 1),
                     what="the pool of points (n_chains, n_generations * M, d)",
                     smaller="n_chains, n_generations, n_samples or d")
    rng = as_generator(seed)
    if strategy != "replace":
        return _strategy_chain(rng, n_generations=n_generations, n_samples=n_samples,
                               mean=mean, cov=cov, estimator=estimator, n_chains=n_chains,
                               strategy=strategy, real_fraction=real_fraction)

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


def _moments(points):
    """Count, mean and scatter sum (x - mean)(x - mean)' of points (n_chains, N, d)."""
    centre = points.mean(axis=1)
    centred = points - centre[:, None, :]
    return points.shape[1], centre, np.swapaxes(centred, 1, 2) @ centred


def _pool_moments(first, second):
    """Pool two (count, mean, scatter) triples (Chan, Golub and LeVeque, 1979)."""
    count = first[0] + second[0]
    delta = second[1] - first[1]
    mean = first[1] + delta * (second[0] / count)
    scatter = first[2] + second[2] + delta[:, :, None] * delta[:, None, :] * (
        first[0] * second[0] / count)
    return count, mean, scatter


def _fit(moments, estimator):
    """Mean, Cholesky factor of the fitted covariance and its log det, per chain."""
    count, centre, scatter = moments
    factor = np.linalg.cholesky(scatter / divisor(n_points=count, estimator=estimator))
    return centre, factor, 2 * np.log(np.diagonal(factor, axis1=-2, axis2=-1)).sum(axis=-1)


def _strategy_chain(rng, *, n_generations, n_samples, mean, cov, estimator, n_chains,
                    strategy, real_fraction) -> MvnChain:
    """Every strategy but "replace", from points, in the real distribution's whitened frame.

    Whitened, the real distribution is N(0, I); generation n's fit (m_n, F_n F_n') maps
    back to mean + L0 m_n and L0 F_n F_n' L0' (L0 the Cholesky factor of ``cov``).
    """
    d = mean.size
    n_real = real_count(n_samples=n_samples, real_fraction=real_fraction) \
        if strategy == "mix" else 0
    means = np.zeros((n_chains, n_generations + 1, d))
    factors = np.zeros((n_chains, n_generations + 1, d, d))
    log_det = np.zeros((n_chains, n_generations + 1))
    factors[:, 0] = np.eye(d)
    pool = np.empty((n_chains, n_samples * n_generations, d)) \
        if strategy == "accumulate-subsample" else None
    pooled = None   # (count, mean, scatter) of all points so far, for "accumulate"
    for g in range(1, n_generations + 1):
        synthetic = means[:, g - 1, None, :] + rng.standard_normal(
            (n_chains, n_samples - n_real, d)) @ np.swapaxes(factors[:, g - 1], 1, 2)
        points = np.concatenate([rng.standard_normal((n_chains, n_real, d)), synthetic],
                                axis=1)
        if strategy == "accumulate":
            pooled = _moments(points) if pooled is None else _pool_moments(pooled,
                                                                           _moments(points))
            moments = pooled
        elif pool is not None:
            pool[:, (g - 1) * n_samples:g * n_samples] = points
            chosen = subsample_indices(rng, pool_size=g * n_samples, budget=n_samples,
                                       n_chains=n_chains)
            moments = _moments(np.take_along_axis(pool[:, :g * n_samples], chosen[..., None],
                                                  axis=1))
        else:
            moments = _moments(points)
        means[:, g], factors[:, g], log_det[:, g] = _fit(moments, estimator)
    root = np.linalg.cholesky(cov)
    mapped = root @ factors
    return MvnChain(readonly(mean + (root @ means[..., None])[..., 0]),
                    readonly(mapped @ np.swapaxes(mapped, -1, -2)),
                    readonly(log_det + np.linalg.slogdet(cov)[1]), n_samples, estimator)
