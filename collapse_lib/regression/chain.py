"""The fake-data regression chain and its downstream ridge model.

Dohmatob, Feng and Kempe (NeurIPS 2024, arXiv:2402.07712): w_hat_0 = w0; for m = 1..n a
fresh X_m (T0 x d), Y_m = X_m w_hat_{m-1} + N(0, sigma0^2 I), w_hat_m = OLS on the
generation's training data (minimum norm when it has fewer than d rows). Downstream: a
fresh X (T x d), Y = X w_hat_n + N(0, sigma^2 I), and ridge with lambda:
w_pred = (X'X/T + lambda I)^-1 X'Y/T. Its *excess risk* (test error minus the noise
floor) is ||w_pred - w0||_Sigma^2, computed exactly from Sigma, with no test sample.

Strategies for the generators' training data (as in the other worlds): "replace" (T0
rows labelled by w_hat_{m-1}); "accumulate" (all earlier generations' rows plus T0 new
ones labelled by w_hat_{m-1}; the first T0 are real, labelled by w0);
"accumulate-subsample" (T0 rows drawn without replacement from that growing pool); "mix"
(round(real_fraction * T0) real rows, the rest labelled by w_hat_{m-1}).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import SCALE_LIMIT, check_float, check_int, check_real_array, check_scale
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from ..core.strategies import check_strategy, real_count
from .setting import check_generators
from .sufficient_statistics import design_factor, generator_weights, noise_moment

__all__ = ["RegressionChain", "RidgePath", "simulate_chain", "simulate_ridge_path"]


@dataclass(frozen=True)
class RegressionChain(ChainAxes):
    """Result of :func:`simulate_chain`; one row per chain.

    Attributes
    ----------
    test_error : ndarray, shape (n_chains, n_generations + 1)
        Dohmatob et al.'s downstream step: the excess risk ||w_pred - w0||_Sigma^2 of a
        fresh ridge model trained on T rows labelled by generation n's model (column 0:
        labelled by w0 itself, clean data). Not the measure to compare strategies by.
    bias, variance : ndarray, shape (n_chains,)
        The downstream model's bias ||(A S - I) w0||_Sigma^2 and noise part
        ||A X'E/T||_Sigma^2 (A = (S + lambda I)^-1, S = X'X/T); the same for every n.
    collapse : ndarray, shape (n_chains, n_generations + 1)
        ||A S (w_hat_n - w0)||_Sigma^2: what the synthetic labels add. test_error equals
        the squared Sigma-norm of the sum of the three vectors (cross terms average to 0).
    model_error : ndarray, shape (n_chains, n_generations + 1)
        The headline measure: ||w_hat_n - w0||_Sigma^2 of the model trained at generation
        n itself (under "accumulate", the model fitted on all data so far; 0 at n = 0,
        where the "model" is w0). Gerstgrasser et al.'s iteration i is generation i + 1
        here (their iteration 0 fits the real data alone).
    weights : ndarray, shape (n_chains, n_generations + 1, d)
        w_hat_n.
    ridge : float
        lambda of the downstream model.
    strategy : str
    """

    test_error: np.ndarray
    bias: np.ndarray
    variance: np.ndarray
    collapse: np.ndarray
    model_error: np.ndarray
    weights: np.ndarray
    ridge: float
    strategy: str
    _by_generation: ClassVar[str] = "test_error"


@dataclass(frozen=True)
class RidgePath:
    """Result of :func:`simulate_ridge_path`: the downstream error for many lambdas.

    Attributes
    ----------
    ridges : ndarray, shape (L,)
    test_error, collapse : ndarray, shape (n_chains, n_generations + 1, L)
    bias, variance : ndarray, shape (n_chains, L)
        Meanings as in :class:`RegressionChain`.
    """

    ridges: np.ndarray
    test_error: np.ndarray
    bias: np.ndarray
    variance: np.ndarray
    collapse: np.ndarray


def _sigma_norm2(vectors: np.ndarray, spectrum: np.ndarray) -> np.ndarray:
    return (vectors ** 2 * spectrum).sum(axis=-1)


def _downstream(rng, T, sigma, ridges, weights, w0, spectrum, root_spectrum):
    """Downstream ridge for every lambda in ``ridges`` on one fresh design per chain.

    Returns test_error and collapse (n_chains, n+1, L), bias and variance (n_chains, L).
    """
    n_chains, _, d = weights.shape
    factor = design_factor(rng, root_spectrum, n_rows=T, n_chains=n_chains)
    gram = factor @ np.swapaxes(factor, 1, 2)
    noise = noise_moment(rng, factor, scale=sigma) / T                # X'E/T
    if ridges.size == 1 and T >= d:
        # One lambda: a single batched solve with (S + lambda I) for every right-hand side.
        S = gram / T
        rhs = np.concatenate([(S @ w0)[..., None], noise[..., None],
                              S @ np.swapaxes(weights - w0, 1, 2)], axis=2)
        solved = np.swapaxes(np.linalg.solve(S + ridges[0] * np.eye(d), rhs), 1, 2)
        bias_vector = solved[:, :1] - w0                                     # (t, 1, d)
        variance_vector = solved[:, 1:2]                                     # (t, 1, d)
        collapse_vector = solved[:, 2:, None]                                # (t, n+1, 1, d)
    else:
        # Many lambdas (or T < d): one eigendecomposition S = V diag(e) V' serves them all,
        # and A S x = V diag(e / (e + lambda)) V' x. Directions outside the design's row
        # space (e = 0 when T < d) get exactly 0: the noise X'E lies in that row space,
        # and dividing rounding errors by a tiny lambda would blow them up.
        values, vectors = np.linalg.eigh(gram / T)
        kept = values > values[:, -1:] * (d * np.finfo(float).eps)
        values = np.where(kept, values, 0.0)
        inverse = np.where(kept[:, None, :], 1.0 / (values[:, None, :] + ridges[None, :, None]),
                           0.0)                                              # (t, L, k)
        shrink = values[:, None, :] * inverse
        w0_coords = np.einsum("tdk,d->tk", vectors, w0)
        noise_coords = np.einsum("tdk,td->tk", vectors, noise)
        delta_coords = np.einsum("tdk,tnd->tnk", vectors, weights - w0)
        bias_vector = np.einsum("tdk,tlk->tld", vectors, shrink * w0_coords[:, None]) - w0
        variance_vector = np.einsum("tdk,tlk->tld", vectors, inverse * noise_coords[:, None])
        collapse_vector = np.einsum("tdk,tnlk->tnld", vectors,
                                    shrink[:, None] * delta_coords[:, :, None])
    total = bias_vector[:, None] + variance_vector[:, None] + collapse_vector
    return (_sigma_norm2(total, spectrum), _sigma_norm2(bias_vector, spectrum),
            _sigma_norm2(variance_vector, spectrum), _sigma_norm2(collapse_vector, spectrum))


def _check_ridges(ridges, T, d, name) -> np.ndarray:
    values = np.atleast_1d(check_real_array(name, ridges, minimum=0.0))
    if values.ndim != 1:
        raise ValueError(f"{name} must be a 1-d array of lambdas >= 0; got shape {values.shape}")
    if np.any(values > SCALE_LIMIT):
        raise ValueError(f"{name} must hold lambdas <= 1e150; got a maximum of {values.max():g}")
    if np.any(values == 0) and T <= d:
        raise ValueError(f"{name} = 0 (OLS) needs T > d; got T = {T}, d = {d}: choose "
                         f"T > d or {name} > 0")
    return values


def _check_size(*, d, T0, T, n_generations, n_chains, n_ridges, fast_replace) -> None:
    """Refuse a chain too big for memory or time before drawing anything."""
    rows = min(T0, d)
    check_memory(n_chains * (n_generations + 1) * d * (2 + 2 * n_ridges) + n_chains * d * d * 4
                 + n_chains * rows * d * 4,
                 what="the weights, the downstream parts (n_chains, n_generations + 1, "
                 "len(ridges), d) and the designs", smaller="n_chains, n_generations, d or "
                 "the number of ridges")
    # Dense linear algebra (Wishart factors, Gram updates, solves) runs in BLAS/LAPACK at
    # about ten multiply-adds per elementary step (measured: d = 200, 200 chains, 10
    # accumulate generations, 2e10 multiply-adds in 1.6 s on 2 cores).
    per_generation = d if fast_replace else (d ** 3 if T0 >= d else d * T0 ** 2) + rows * d * 4
    multiply_adds = n_chains * (n_generations * per_generation + d ** 3 + min(T, d) * d * d
                                + (n_generations + 1) * n_ridges * d * d)
    check_steps(multiply_adds // 10 + (0 if fast_replace else n_generations * LOOP_STEP_COST),
                what="operations (generators and downstream fits)",
                smaller="n_chains, n_generations or d")


def _simulate(ridges, *, ridge_name, d, T0, T, n_generations, sigma0, sigma, spectrum, w0,
              strategy, real_fraction, design, n_chains, seed):
    d, T0, sigma0, spectrum, w0, design = check_generators(
        d=d, T0=T0, sigma0=sigma0, spectrum=spectrum, w0=w0, design=design)
    T = check_int("T", T, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=0)
    sigma = check_scale("sigma", sigma, allow_zero=True)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    ridges = _check_ridges(ridges, T, d, ridge_name)
    _check_size(d=d, T0=T0, T=T, n_generations=n_generations, n_chains=n_chains,
                n_ridges=ridges.size, fast_replace=strategy == "replace" and design == "fresh"
                and T0 >= d)
    if strategy == "accumulate-subsample":
        check_memory(n_chains * n_generations * T0 * (d + 2),
                     what="the pool of rows (n_chains, n_generations * T0, d) and labels",
                     smaller="n_chains, n_generations, T0 or d")
        check_steps(n_chains * T0 * n_generations ** 2 // 2 + 1,
                    what="pool rows drawn from (n_chains x T0 x n_generations^2 / 2)",
                    smaller="n_chains, n_generations or T0")
    rng = as_generator(seed)
    root_spectrum = np.sqrt(spectrum)
    n_real = real_count(n_samples=T0, real_fraction=real_fraction) if strategy == "mix" else 0
    weights = generator_weights(rng, d=d, T0=T0, n_generations=n_generations,
                                root_spectrum=root_spectrum, w0=w0, sigma0=sigma0,
                                strategy=strategy, n_real=n_real, design=design,
                                n_chains=n_chains)
    parts = _downstream(rng, T, sigma, ridges, weights, w0, spectrum, root_spectrum)
    model_error = _sigma_norm2(weights - w0, spectrum)
    return ridges, weights, model_error, parts, strategy


def simulate_chain(*, d, T0, T, n_generations, sigma0=1.0, sigma=1.0, ridge=0.0,
                   spectrum=None, w0=None, strategy="replace", real_fraction=0.0,
                   design="fresh", n_chains=1, seed=None) -> RegressionChain:
    """Simulate the fake-data regression chain and its downstream ridge model.

    ``strategy`` and ``design`` shape the generators' training data; the downstream model
    always trains on T fresh rows labelled by the generation-n model (one design and one
    noise draw per chain, shared by every n, so the curves over n are smooth).

    Parameters
    ----------
    d : int >= 1
        Dimension (number of features).
    T0 : int >= 1
        Rows each generator trains on (T0 < d: over-parameterised, minimum-norm OLS).
    T : int >= 1
        Rows of the downstream model's training set.
    n_generations : int >= 0
        The number of synthetic generations simulated.
    sigma0 : float >= 0
        Label noise of the generators.
    sigma : float >= 0
        Label noise of the downstream data.
    ridge : float >= 0
        lambda of the downstream ridge model; 0 (OLS) needs T > d.
    spectrum : array (d,) of positive floats, optional
        Eigenvalues of Sigma (default: identity).
    w0 : array (d,), optional
        True weights, in the eigenbasis of Sigma (default: all 1/sqrt(d), ||w0|| = 1).
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1], only with strategy "mix"
    design : {"fresh", "reused"}
        A new generator design each generation, or one per chain reused.
    n_chains : int >= 1
        Independent replicates.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    RegressionChain
        test_error (n_chains, n_generations + 1) and its parts; see the class.

    Examples
    --------
    >>> chain = simulate_chain(d=10, T0=40, T=40, n_generations=5, n_chains=3, seed=0)
    >>> chain.test_error.shape
    (3, 6)
    """
    ridge = check_float("ridge", ridge, minimum=0.0)
    ridges, weights, model_error, parts, strategy = _simulate(
        ridge, ridge_name="ridge", d=d, T0=T0, T=T, n_generations=n_generations, sigma0=sigma0, sigma=sigma,
        spectrum=spectrum, w0=w0, strategy=strategy, real_fraction=real_fraction,
        design=design, n_chains=n_chains, seed=seed)
    total, bias, variance, collapse = (readonly(part[..., 0]) for part in parts)
    return RegressionChain(total, bias, variance, collapse, readonly(model_error),
                           readonly(weights), ridge, strategy)


def simulate_ridge_path(*, d, T0, T, n_generations, ridges, sigma0=1.0, sigma=1.0,
                        spectrum=None, w0=None, strategy="replace", real_fraction=0.0,
                        design="fresh", n_chains=1, seed=None) -> RidgePath:
    """Like :func:`simulate_chain`, for many downstream lambdas on the same draws.

    One eigendecomposition of S = X'X/T per chain serves every lambda, so the U-shaped
    error curve against lambda is smooth (common random numbers).

    Parameters
    ----------
    d, T0, T, n_generations, sigma0, sigma, spectrum, w0, strategy, real_fraction, design,
    n_chains, seed :
        As in :func:`simulate_chain`.
    ridges : array (L,) of floats >= 0
        The downstream lambdas (0 needs T > d).

    Returns
    -------
    RidgePath
        test_error and collapse (n_chains, n_generations + 1, L); bias and variance
        (n_chains, L).

    Examples
    --------
    >>> path = simulate_ridge_path(d=5, T0=20, T=20, n_generations=2, ridges=[0.1, 1.0],
    ...                            n_chains=4, seed=0)
    >>> path.test_error.shape, path.bias.shape
    ((4, 3, 2), (4, 2))
    """
    ridges, _, _, parts, _ = _simulate(
        ridges, ridge_name="ridges", d=d, T0=T0, T=T, n_generations=n_generations, sigma0=sigma0, sigma=sigma,
        spectrum=spectrum, w0=w0, strategy=strategy, real_fraction=real_fraction,
        design=design, n_chains=n_chains, seed=seed)
    total, bias, variance, collapse = (readonly(part) for part in parts)
    return RidgePath(readonly(ridges), total, bias, variance, collapse)
