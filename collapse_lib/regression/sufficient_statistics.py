"""The generators of the regression chain, simulated from sufficient statistics.

A generation needs only X'X and X'E. X'X is Wishart, drawn through its Cholesky factor
(Bartlett decomposition: D^1/2 L with L lower triangular, L_ii^2 ~ chi2_{T0-i}, standard
normals below), and X'E given X'X is N(0, sigma0^2 X'X) = sigma0 D^1/2 L g. For the
replace chain with T0 >= d even that is more than needed: the OLS step (X'X)^-1 X'E is
exactly sigma0 D^-1/2 g / sqrt(chi2_{T0-d+1}) (a multivariate t vector, by the rotation
invariance of the Wishart law), so a generation costs O(d) whatever T0 is; a Wishart
draw costs O(d^3).
"""
from __future__ import annotations

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.linalg.blas import dsyrk

from ..core.arrays import bartlett_factor
from ..core.strategies import subsample_indices

__all__ = ["design_factor", "noise_moment", "generator_weights"]

# Above this dimension a Python loop of BLAS/LAPACK calls that exploit symmetry or
# triangularity beats one batched numpy call that does not (measured crossover near 50).
_LOOP_ABOVE_DIMENSION = 48


def design_factor(rng, root_spectrum: np.ndarray, *, n_rows: int, n_chains: int) -> np.ndarray:
    """A factor F of a design X with ``n_rows`` rows: X'X = F F', and X'E = sigma F g.

    With n_rows >= d, F = D^1/2 L is square (Bartlett); otherwise F = X' (d x n_rows).

    Parameters
    ----------
    rng : numpy.random.Generator
    root_spectrum : array (d,)
        Square roots of Sigma's eigenvalues.
    n_rows : int >= 1
    n_chains : int >= 1

    Returns
    -------
    ndarray, shape (n_chains, d, min(n_rows, d))

    Examples
    --------
    >>> design_factor(np.random.default_rng(0), np.ones(3), n_rows=10, n_chains=2).shape
    (2, 3, 3)
    """
    if n_rows >= root_spectrum.size:
        return root_spectrum[:, None] * bartlett_factor(
            rng, dof=n_rows, d=root_spectrum.size, n_draws=n_chains)
    return np.swapaxes(rng.standard_normal((n_chains, n_rows, root_spectrum.size))
                       * root_spectrum, 1, 2)


def noise_moment(rng, factor: np.ndarray, *, scale: float) -> np.ndarray:
    """X'E for E ~ N(0, scale^2 I), given X'X = F F': scale F g.

    Parameters
    ----------
    rng : numpy.random.Generator
    factor : array (n_chains, d, k)
    scale : float
        The noise's standard deviation.

    Returns
    -------
    ndarray, shape (n_chains, d)

    Examples
    --------
    >>> noise_moment(np.random.default_rng(0), np.ones((2, 3, 3)), scale=1.0).shape
    (2, 3)
    """
    return scale * (factor @ rng.standard_normal(factor.shape[::2])[..., None])[..., 0]


def _add_gram(gram: np.ndarray, factor: np.ndarray) -> None:
    """gram += F F' in place, for a stack (t, d, d) += (t, d, k) (t, k, d).

    Large d: a symmetric rank-k update (BLAS syrk, half the flops of a product) filling
    only the lower triangle, which is all :func:`_solve_gram` reads.
    """
    if gram.shape[-1] <= _LOOP_ABOVE_DIMENSION:
        gram += factor @ np.swapaxes(factor, 1, 2)
        return
    for matrix, block in zip(gram, factor):
        matrix[...] = dsyrk(1.0, block, beta=1.0, c=matrix, lower=1)


def _least_squares_fallback(gram: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Minimum-norm solutions of gram w = moment, chain by chain (for singular grams)."""
    full = np.tril(gram) + np.swapaxes(np.tril(gram, -1), 1, 2)   # from the lower triangle
    return np.stack([np.linalg.lstsq(matrix, vector, rcond=None)[0]
                     for matrix, vector in zip(full, moment)])


def _solve_gram(gram: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Solve gram w = moment for a stack of symmetric positive semi-definite matrices.

    A numerically singular gram (a spectrum near its conditioning limit) falls back to
    the minimum-norm least-squares solution instead of failing.
    """
    try:
        if gram.shape[-1] <= _LOOP_ABOVE_DIMENSION:
            return np.linalg.solve(gram, moment[..., None])[..., 0]
        return np.stack([cho_solve(cho_factor(matrix, lower=True, check_finite=False), vector,
                                   check_finite=False) for matrix, vector in zip(gram, moment)])
    except np.linalg.LinAlgError:
        return _least_squares_fallback(gram, moment)


def _fit_rows(rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Least squares on (pseudo-)rows A (t, R, d) and targets z (t, R); minimum norm if R < d.

    R >= d: solve (A'A) w = A'z. R < d: w = A'(AA')^-1 z, an R x R solve, O(d R^2).
    """
    if rows.shape[1] >= rows.shape[2]:
        gram = np.swapaxes(rows, 1, 2) @ rows
        return _solve_gram(gram, (np.swapaxes(rows, 1, 2) @ targets[..., None])[..., 0])
    coefficients = _solve_gram(rows @ np.swapaxes(rows, 1, 2), targets)
    return (np.swapaxes(rows, 1, 2) @ coefficients[..., None])[..., 0]


def generator_weights(rng, *, d, T0, n_generations, root_spectrum, w0, sigma0, strategy,
                      n_real, design, n_chains) -> np.ndarray:
    """w_hat_0..n of every chain's generators, shape (n_chains, n_generations + 1, d).

    A design with X'X = F F' acts like the pseudo-rows A = F' with targets
    z = F' label + sigma0 g (then A'A = X'X and A'z has the law of X'Y), so every
    strategy is least squares on stacked pseudo-rows: at most d of them per block.
    Accumulating with a reused design stacks the same rows m times, so its (minimum-norm)
    least-squares fit is the fit of those rows to the average of the m targets: exact,
    and well defined even when T0 < d.

    Parameters
    ----------
    rng : numpy.random.Generator
    d, T0, n_generations, w0, sigma0, strategy, design, n_chains :
        As in :func:`~collapse_lib.regression.simulate_chain`, already checked there.
    root_spectrum : array (d,)
        Square roots of Sigma's eigenvalues.
    n_real : int
        Real rows per generation (strategy "mix"; 0 otherwise).

    Returns
    -------
    ndarray, shape (n_chains, n_generations + 1, d)

    Examples
    --------
    >>> weights = generator_weights(np.random.default_rng(0), d=2, T0=5, n_generations=3,
    ...                             root_spectrum=np.ones(2), w0=np.ones(2), sigma0=0.0,
    ...                             strategy="replace", n_real=0, design="fresh", n_chains=4)
    >>> weights.shape, bool(np.allclose(weights, 1.0))
    ((4, 4, 2), True)
    """
    weights = np.empty((n_chains, n_generations + 1, d))
    weights[:, 0] = w0
    if strategy == "replace" and design == "fresh" and T0 >= d:
        # One OLS step adds (X'X)^-1 X'E. Given X'X = D^1/2 W D^1/2 (W ~ Wishart(T0, I)) it
        # is D^-1/2 N(0, sigma0^2 W^-1), and by rotation invariance that is exactly
        # sigma0 D^-1/2 g / sqrt(chi2_{T0-d+1}) with g ~ N(0, I_d): a multivariate t step.
        # (Its mean square, sigma0^2 d/(T0-d-1), is the OLS formula's slope.)
        steps = rng.standard_normal((n_chains, n_generations, d)) / np.sqrt(
            rng.chisquare(T0 - d + 1, (n_chains, n_generations, 1)))
        weights[:, 1:] = w0 + np.cumsum(sigma0 * steps / root_spectrum, axis=1)
        return weights

    if strategy == "accumulate-subsample":
        return _subsample_weights(rng, weights, T0=T0, root_spectrum=root_spectrum,
                                  w0=w0, sigma0=sigma0, design=design)

    # Each generation's rows: n_real labelled by w0, the rest by the previous generator.
    parts = [(size, is_real) for size, is_real in ((n_real, True), (T0 - n_real, False))
             if size > 0]
    reused = [design_factor(rng, root_spectrum, n_rows=size, n_chains=n_chains)
              for size, _ in parts] \
        if design == "reused" else None
    pile_rows, pile_targets = [], []   # "accumulate" while it has fewer than d rows
    target_sums = None                 # "accumulate" with a reused design
    gram_total, moment_total = np.zeros((n_chains, d, d)), np.zeros((n_chains, d))
    for m in range(1, n_generations + 1):
        factors = reused or [design_factor(rng, root_spectrum, n_rows=size, n_chains=n_chains)
                             for size, _ in parts]
        rows, targets = [], []
        for factor, (_, is_real) in zip(factors, parts):
            label = np.broadcast_to(w0 if is_real else weights[:, m - 1], (n_chains, d))
            pseudo_rows = np.swapaxes(factor, 1, 2)
            rows.append(pseudo_rows)
            targets.append((pseudo_rows @ label[..., None])[..., 0]
                           + sigma0 * rng.standard_normal(pseudo_rows.shape[:2]))
        if strategy != "accumulate":
            weights[:, m] = _fit_rows(np.concatenate(rows, axis=1),
                                      np.concatenate(targets, axis=1))
            continue
        if design == "reused":
            stacked = np.concatenate(targets, axis=1)
            target_sums = stacked if target_sums is None else target_sums + stacked
            weights[:, m] = _fit_rows(np.concatenate(rows, axis=1), target_sums / m)
            continue
        # All data so far: its normal equations (A'A, A'z) are running sums.
        for factor, target in zip(factors, targets):
            _add_gram(gram_total, factor)
            moment_total += (factor @ target[..., None])[..., 0]
        if m * T0 >= d:
            weights[:, m] = _solve_gram(gram_total, moment_total)
        else:
            pile_rows, pile_targets = pile_rows + rows, pile_targets + targets
            weights[:, m] = _fit_rows(np.concatenate(pile_rows, axis=1),
                                      np.concatenate(pile_targets, axis=1))
    return weights


def _subsample_weights(rng, weights, *, T0, root_spectrum, w0, sigma0, design):
    """"accumulate-subsample": each generator fits T0 rows drawn from all rows so far.

    Subsets of rows need the rows themselves, so this strategy keeps the pool of real
    rows (n_chains, m * T0, d) with their labels: generation m adds T0 rows labelled by
    w_hat_{m-1} (generation 1: by w0, the real data) and fits T0 of the m * T0 rows,
    chosen without replacement. With a reused design every block has the same X.
    """
    n_chains, n_generations, d = weights.shape[0], weights.shape[1] - 1, weights.shape[2]
    pool_rows = np.empty((n_chains, T0 * n_generations, d))
    pool_labels = np.empty((n_chains, T0 * n_generations))
    fixed = rng.standard_normal((n_chains, T0, d)) * root_spectrum if design == "reused" \
        else None
    for m in range(1, n_generations + 1):
        rows = fixed if fixed is not None else \
            rng.standard_normal((n_chains, T0, d)) * root_spectrum
        block = slice((m - 1) * T0, m * T0)
        pool_rows[:, block] = rows
        pool_labels[:, block] = (rows @ weights[:, m - 1, :, None])[..., 0] \
            + sigma0 * rng.standard_normal((n_chains, T0))
        chosen = subsample_indices(rng, pool_size=m * T0, budget=T0, n_chains=n_chains) \
            + np.arange(n_chains)[:, None] * pool_labels.shape[1]      # flat positions
        weights[:, m] = _fit_rows(pool_rows.reshape(-1, d)[chosen],
                                  pool_labels.reshape(-1)[chosen])
    return weights
