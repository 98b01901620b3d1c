"""The regression world: each generation's linear model labels the next generation's data.

The fake-data chain of Dohmatob, Feng and Kempe (NeurIPS 2024, arXiv:2402.07712), with
the course's notation: features x ~ N(0, Sigma) in R^d with Sigma = diag(``spectrum``)
(any covariance is diagonal in its eigenbasis, so this loses no generality), true weights
w0, and w_hat_0 = w0. For m = 1..n:

    fresh X_m (T0 x d),  Y_m = X_m w_hat_{m-1} + N(0, sigma0^2 I),
    w_hat_m = OLS on the generation's training data (minimum norm when it has < d rows).

Downstream: a fresh X (T x d), Y = X w_hat_n + N(0, sigma^2 I), and ridge with lambda:
w_pred = (X'X/T + lambda I)^-1 X'Y/T. Its *excess risk* (test error minus the noise
floor) is ||w_pred - w0||_Sigma^2, computed exactly from Sigma, with no test sample.

Strategies for the generators' training data (as in the other worlds):
"replace" (T0 rows labelled by w_hat_{m-1}); "accumulate" (all earlier generations'
rows plus T0 new ones labelled by w_hat_{m-1}; the first T0 are real, labelled by w0);
"mix" (round(real_fraction * T0) real rows, the rest labelled by w_hat_{m-1}).
``design="reused"`` keeps one generator design X per trial for every generation, as in
the code of Gerstgrasser et al. (2024); ``"fresh"`` draws a new one each time.

Speed: a generation needs only X'X and X'E. X'X is Wishart, drawn through its Cholesky
factor (Bartlett decomposition: D^1/2 L with L lower triangular, L_ii^2 ~ chi2_{T0-i},
standard normals below), and X'E given X'X is N(0, sigma0^2 X'X) = sigma0 D^1/2 L g.
For the replace chain with T0 >= d even that is more than needed: the OLS step
(X'X)^-1 X'E is exactly sigma0 D^-1/2 g / sqrt(chi2_{T0-d+1}) (a multivariate t vector,
by the rotation invariance of the Wishart law), so a generation costs O(d) whatever T0 is.

Exact results (checked against this simulation in the tests):

- OLS downstream, T, T0 >= d + 2, any Sigma:  E = sigma^2 d/(T-d-1) + n sigma0^2 d/(T0-d-1)
  (:func:`ols_test_error`);
- over-parameterised generator, T0 < d - 1, Sigma = I, psi = T0/d:
  E ||w_hat_n - w0||^2 = ||w0||^2 (1 - psi^n) + sigma0^2 T0/(d-T0-1) (1-psi^n)/(1-psi)
  (:func:`overparameterised_error`): without any noise the chain still collapses to 0;
- accumulate with a reused design: E ||w_hat_n - w0||_Sigma^2 =
  sigma^2 d/(T-d-1) sum_{i=1..n} 1/i^2 < (pi^2/6) sigma^2 d/(T-d-1)
  (:func:`accumulate_test_error`; Dey & Donoho, arXiv:2410.22812).

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413.
Dey, Donoho (2024). Universality of the pi^2/6 pathway in avoiding model collapse.
arXiv:2410.22812.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.linalg.blas import dsyrk

from ._arrays import bartlett_factor, float_or_array
from ._chains import STRATEGIES, ChainAxes, check_strategy, real_count
from ._checks import as_generator, check_choice, check_float, check_int, check_int_array

DESIGNS = ("fresh", "reused")
# Above this dimension a Python loop of BLAS/LAPACK calls that exploit symmetry or
# triangularity beats one batched numpy call that does not (measured crossover near 50).
_LOOP_ABOVE_DIMENSION = 48

__all__ = [
    "STRATEGIES", "DESIGNS", "RegressionChain", "RidgePath", "simulate_chain",
    "simulate_ridge_path", "check_spectrum", "ols_test_error", "overparameterised_error",
    "accumulate_test_error", "expected_generator_error",
]


def check_spectrum(spectrum, d: int) -> np.ndarray:
    """Validate the eigenvalues of Sigma: d finite, strictly positive numbers (None: all 1)."""
    if spectrum is None:
        return np.ones(d)
    values = np.asarray(spectrum, dtype=float)
    if values.shape != (d,):
        raise ValueError(f"spectrum must hold d = {d} eigenvalues; got shape {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError(f"spectrum must hold finite eigenvalues > 0; got a minimum of "
                         f"{np.min(values)!r}")
    return values


def _check_w0(w0, d: int) -> np.ndarray:
    if w0 is None:
        return np.full(d, 1.0 / np.sqrt(d))
    values = np.asarray(w0, dtype=float)
    if values.shape != (d,) or not np.all(np.isfinite(values)):
        raise ValueError(f"w0 must be a finite vector of length d = {d}; got shape "
                         f"{values.shape}")
    return values


@dataclass(frozen=True)
class RegressionChain(ChainAxes):
    """Result of :func:`simulate_chain`; one row per trial.

    Attributes
    ----------
    test_error : ndarray, shape (n_trials, n_generations + 1)
        Excess risk ||w_pred - w0||_Sigma^2 of the downstream ridge model trained on data
        labelled by generation n (column 0: labelled by w0 itself, clean data).
    bias, variance : ndarray, shape (n_trials,)
        The downstream model's bias ||(A S - I) w0||_Sigma^2 and noise part
        ||A X'E/T||_Sigma^2 (A = (S + lambda I)^-1, S = X'X/T); the same for every n.
    collapse : ndarray, shape (n_trials, n_generations + 1)
        ||A S (w_hat_n - w0)||_Sigma^2: what the synthetic labels add. test_error equals
        the squared Sigma-norm of the sum of the three vectors (cross terms average to 0).
    generator_error : ndarray, shape (n_trials, n_generations + 1)
        ||w_hat_n - w0||_Sigma^2 of the generators themselves (0 at n = 0).
    weights : ndarray, shape (n_trials, n_generations + 1, d)
        w_hat_n.
    """

    test_error: np.ndarray
    bias: np.ndarray
    variance: np.ndarray
    collapse: np.ndarray
    generator_error: np.ndarray
    weights: np.ndarray
    ridge: float
    strategy: str
    _by_generation: ClassVar[str] = "test_error"

    @property
    def n_trials(self) -> int:
        return self.n_chains


@dataclass(frozen=True)
class RidgePath:
    """Result of :func:`simulate_ridge_path`: the downstream error for many lambdas.

    ``ridges`` has shape (L,); ``test_error`` and ``collapse`` (n_trials, n_generations + 1, L);
    ``bias`` and ``variance`` (n_trials, L). Meanings as in :class:`RegressionChain`.
    """

    ridges: np.ndarray
    test_error: np.ndarray
    bias: np.ndarray
    variance: np.ndarray
    collapse: np.ndarray


def _design(rng, n_rows: int, root_spectrum: np.ndarray, n_trials: int) -> np.ndarray:
    """A factor F of a design X with n_rows rows: X'X = F F', and X'E = sigma F g.

    With n_rows >= d, F = D^1/2 L is square (Bartlett); otherwise F = X' (d x n_rows).
    Shape (n_trials, d, k).
    """
    if n_rows >= root_spectrum.size:
        return root_spectrum[:, None] * bartlett_factor(rng, n_rows, root_spectrum.size, n_trials)
    return np.swapaxes(rng.standard_normal((n_trials, n_rows, root_spectrum.size))
                       * root_spectrum, 1, 2)


def _noise(rng, factor: np.ndarray, scale: float) -> np.ndarray:
    """X'E for E ~ N(0, scale^2 I): scale F g, shape (n_trials, d)."""
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


def _solve_gram(gram: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Solve gram w = moment for a stack of symmetric positive-definite matrices.

    Large d: Cholesky on the lower triangle (see :func:`_add_gram`), one per trial.
    """
    if gram.shape[-1] <= _LOOP_ABOVE_DIMENSION:
        return np.linalg.solve(gram, moment[..., None])[..., 0]
    return np.stack([cho_solve(cho_factor(matrix, lower=True, check_finite=False), vector,
                               check_finite=False) for matrix, vector in zip(gram, moment)])


def _fit_rows(rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Least squares on (pseudo-)rows A (t, R, d) and targets z (t, R); minimum norm if R < d.

    R >= d: solve (A'A) w = A'z. R < d: w = A'(AA')^-1 z, an R x R solve, O(d R^2).
    """
    if rows.shape[1] >= rows.shape[2]:
        gram = np.swapaxes(rows, 1, 2) @ rows
        return np.linalg.solve(gram, (np.swapaxes(rows, 1, 2) @ targets[..., None]))[..., 0]
    coefficients = np.linalg.solve(rows @ np.swapaxes(rows, 1, 2), targets[..., None])
    return (np.swapaxes(rows, 1, 2) @ coefficients)[..., 0]


def _generators(rng, d, T0, n_generations, root_spectrum, w0, sigma0, strategy, n_real,
                design, n_trials) -> np.ndarray:
    """w_hat_0..n for every trial, shape (n_trials, n_generations + 1, d).

    A design with X'X = F F' acts like the pseudo-rows A = F' with targets
    z = F' label + sigma0 g (then A'A = X'X and A'z has the law of X'Y), so every
    strategy is least squares on stacked pseudo-rows: at most d of them per block.
    """
    weights = np.empty((n_trials, n_generations + 1, d))
    weights[:, 0] = w0
    if strategy == "replace" and design == "fresh" and T0 >= d:
        # One OLS step adds (X'X)^-1 X'E. Given X'X = D^1/2 W D^1/2 (W ~ Wishart(T0, I)) it
        # is D^-1/2 N(0, sigma0^2 W^-1), and by rotation invariance that is exactly
        # sigma0 D^-1/2 g / sqrt(chi2_{T0-d+1}) with g ~ N(0, I_d): a multivariate t step.
        # (Its mean square, sigma0^2 d/(T0-d-1), is the OLS formula's slope.)
        steps = rng.standard_normal((n_trials, n_generations, d)) / np.sqrt(
            rng.chisquare(T0 - d + 1, (n_trials, n_generations, 1)))
        weights[:, 1:] = w0 + np.cumsum(sigma0 * steps / root_spectrum, axis=1)
        return weights

    # Each generation's rows: n_real labelled by w0, the rest by the previous generator.
    parts = [(size, is_real) for size, is_real in ((n_real, True), (T0 - n_real, False))
             if size > 0]
    reused = [_design(rng, size, root_spectrum, n_trials) for size, _ in parts] \
        if design == "reused" else None
    pile_rows, pile_targets = [], []   # "accumulate" while it has fewer than d rows
    gram_total, moment_total = np.zeros((n_trials, d, d)), np.zeros((n_trials, d))
    for m in range(1, n_generations + 1):
        factors = reused or [_design(rng, size, root_spectrum, n_trials) for size, _ in parts]
        rows, targets = [], []
        for factor, (_, is_real) in zip(factors, parts):
            label = np.broadcast_to(w0 if is_real else weights[:, m - 1], (n_trials, d))
            pseudo_rows = np.swapaxes(factor, 1, 2)
            rows.append(pseudo_rows)
            targets.append((pseudo_rows @ label[..., None])[..., 0]
                           + sigma0 * rng.standard_normal(pseudo_rows.shape[:2]))
        if strategy != "accumulate":
            weights[:, m] = _fit_rows(np.concatenate(rows, axis=1),
                                      np.concatenate(targets, axis=1))
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


def _sigma_norm2(vectors: np.ndarray, spectrum: np.ndarray) -> np.ndarray:
    return (vectors ** 2 * spectrum).sum(axis=-1)


def _downstream(rng, T, sigma, ridges, weights, w0, spectrum, root_spectrum):
    """Downstream ridge for every lambda in ``ridges`` on one fresh design per trial.

    Returns test_error and collapse (n_trials, n+1, L), bias and variance (n_trials, L).
    """
    n_trials, _, d = weights.shape
    factor = _design(rng, T, root_spectrum, n_trials)
    gram = factor @ np.swapaxes(factor, 1, 2)
    noise = _noise(rng, factor, sigma) / T                      # X'E/T
    if ridges.size == 1:
        # One lambda: a single batched solve with (S + lambda I) for every right-hand side.
        S = gram / T
        rhs = np.concatenate([(S @ w0)[..., None], noise[..., None],
                              S @ np.swapaxes(weights - w0, 1, 2)], axis=2)
        solved = np.swapaxes(np.linalg.solve(S + ridges[0] * np.eye(d), rhs), 1, 2)
        bias_vector = solved[:, :1] - w0                                     # (t, 1, d)
        variance_vector = solved[:, 1:2]                                     # (t, 1, d)
        collapse_vector = solved[:, 2:, None]                                # (t, n+1, 1, d)
    else:
        # Many lambdas: one eigendecomposition S = V diag(e) V' serves them all, and
        # A S x = V diag(e / (e + lambda)) V' x.
        values, vectors = np.linalg.eigh(gram / T)
        values = np.clip(values, 0.0, None)
        inverse = 1.0 / (values[:, None, :] + ridges[None, :, None])      # (t, L, k)
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


def _check_chain_arguments(d, T0, T, n_generations, sigma0, sigma, spectrum, w0, strategy,
                           real_fraction, design, n_trials):
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    T = check_int("T", T, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=0)
    sigma0 = check_float("sigma0", sigma0, minimum=0.0)
    sigma = check_float("sigma", sigma, minimum=0.0)
    spectrum = check_spectrum(spectrum, d)
    w0 = _check_w0(w0, d)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    design = check_choice("design", design, DESIGNS)
    n_trials = check_int("n_trials", n_trials, minimum=1)
    return (d, T0, T, n_generations, sigma0, sigma, spectrum, w0, strategy, real_fraction,
            design, n_trials)


def _check_ridges(ridges, T, d) -> np.ndarray:
    values = np.atleast_1d(np.asarray(ridges, dtype=float))
    if values.ndim != 1 or not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(f"ridge must be a finite lambda >= 0 (or a 1-d array of them); "
                         f"got {ridges!r}")
    if np.any(values == 0) and T <= d:
        raise ValueError(f"ridge = 0 (OLS) needs T > d; got T = {T}, d = {d}: choose "
                         f"T > d or ridge > 0")
    return values


def _simulate(d, T0, T, n_generations, ridges, sigma0, sigma, spectrum, w0, strategy,
              real_fraction, design, n_trials, seed):
    (d, T0, T, n_generations, sigma0, sigma, spectrum, w0, strategy, real_fraction, design,
     n_trials) = _check_chain_arguments(d, T0, T, n_generations, sigma0, sigma, spectrum, w0,
                                        strategy, real_fraction, design, n_trials)
    ridges = _check_ridges(ridges, T, d)
    rng = as_generator(seed)
    root_spectrum = np.sqrt(spectrum)
    n_real = real_count(T0, real_fraction) if strategy == "mix" else 0
    weights = _generators(rng, d, T0, n_generations, root_spectrum, w0, sigma0, strategy,
                          n_real, design, n_trials)
    parts = _downstream(rng, T, sigma, ridges, weights, w0, spectrum, root_spectrum)
    generator_error = _sigma_norm2(weights - w0, spectrum)
    return ridges, weights, generator_error, parts, strategy


def simulate_chain(d, T0, T, n_generations, *, sigma0=1.0, sigma=1.0, ridge=0.0,
                   spectrum=None, w0=None, strategy="replace", real_fraction=0.0,
                   design="fresh", n_trials=1, seed=None) -> RegressionChain:
    """Simulate the fake-data regression chain and its downstream ridge model.

    ``strategy`` and ``design`` shape the generators' training data; the downstream model
    always trains on T fresh rows labelled by the generation-n model (one design and one
    noise draw per trial, shared by every n, so the curves over n are smooth).

    Parameters
    ----------
    d : int >= 1
        Dimension (number of features).
    T0 : int >= 1
        Rows each generator trains on (T0 < d: over-parameterised, minimum-norm OLS).
    T : int >= 1
        Rows of the downstream model's training set.
    n_generations : int >= 0
        n, the number of synthetic generations.
    sigma0, sigma : float >= 0
        Label noise of the generators and of the downstream data.
    ridge : float >= 0
        lambda of the downstream ridge model; 0 (OLS) needs T > d.
    spectrum : array (d,) of positive floats, optional
        Eigenvalues of Sigma (default: identity).
    w0 : array (d,), optional
        True weights, in the eigenbasis of Sigma (default: all 1/sqrt(d), ||w0|| = 1).
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1], only with strategy "mix"
    design : {"fresh", "reused"}
        A new generator design each generation, or one per trial reused.
    n_trials : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    RegressionChain
        test_error (n_trials, n_generations + 1) and its parts; see the class.

    Examples
    --------
    >>> chain = simulate_chain(10, 40, 40, 5, n_trials=3, seed=0)
    >>> chain.test_error.shape
    (3, 6)
    """
    ridge = check_float("ridge", ridge, minimum=0.0)
    ridges, weights, generator_error, parts, strategy = _simulate(
        d, T0, T, n_generations, ridge, sigma0, sigma, spectrum, w0, strategy, real_fraction,
        design, n_trials, seed)
    total, bias, variance, collapse = (part[..., 0] for part in parts)
    return RegressionChain(total, bias, variance, collapse, generator_error, weights, ridge,
                           strategy)


def simulate_ridge_path(d, T0, T, n_generations, *, ridges, sigma0=1.0, sigma=1.0,
                        spectrum=None, w0=None, strategy="replace", real_fraction=0.0,
                        design="fresh", n_trials=1, seed=None) -> RidgePath:
    """Like :func:`simulate_chain`, for many downstream lambdas on the same draws.

    One eigendecomposition of S = X'X/T per trial serves every lambda, so the U-shaped
    error curve against lambda is smooth (common random numbers). ``ridges``: a 1-d
    array of lambdas >= 0.
    """
    ridges, _, _, parts, _ = _simulate(d, T0, T, n_generations, ridges, sigma0, sigma,
                                       spectrum, w0, strategy, real_fraction, design, n_trials,
                                       seed)
    total, bias, variance, collapse = parts
    return RidgePath(ridges, total, bias, variance, collapse)


# --------------------------------------------------------------------------------------
# Exact formulas
# --------------------------------------------------------------------------------------

def _ols_term(name_rows: str, rows: int, d: int) -> float:
    """d / (rows - d - 1) = tr E[(X'X)^-1 Sigma]: needs rows >= d + 2."""
    if rows < d + 2:
        raise ValueError(f"{name_rows} must be >= d + 2 = {d + 2} for the OLS formula (the "
                         f"expected error is infinite below); got {name_rows} = {rows}")
    return d / (rows - d - 1)


def ols_test_error(d, T, T0, n, *, sigma=1.0, sigma0=1.0):
    """Exact E[test error] with OLS everywhere (lambda = 0), any Sigma:

        E ||w_pred - w0||_Sigma^2 = sigma^2 d/(T-d-1) + n sigma0^2 d/(T0-d-1),

    linear in the number of generations n (Dohmatob, Feng, Kempe 2024). Needs T, T0 >= d + 2.
    ``n``: int or array of ints >= 0; returns a float or an array of n's shape.
    """
    d = check_int("d", d, minimum=1)
    T = check_int("T", T, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    n = check_int_array("n", n)
    sigma = check_float("sigma", sigma, minimum=0.0)
    sigma0 = check_float("sigma0", sigma0, minimum=0.0)
    clean = sigma ** 2 * _ols_term("T", T, d)
    return float_or_array(clean + n * sigma0 ** 2 * _ols_term("T0", T0, d))


def overparameterised_error(d, T0, n, *, w0_norm2=1.0, sigma0=0.0):
    """Exact E ||w_hat_n - w0||^2 of an over-parameterised generator chain (T0 < d - 1, Sigma = I):

        ||w0||^2 (1 - psi^n) + sigma0^2 T0/(d-T0-1) (1 - psi^n)/(1 - psi),   psi = T0/d.

    Each minimum-norm fit keeps only the projection onto T0 random directions, so even
    with sigma0 = 0 the chain forgets w0 exponentially fast and collapses to the zero
    predictor. ``n``: int or array; returns a float or an array.
    """
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    if T0 > d - 2:
        raise ValueError(f"T0 must be <= d - 2 = {d - 2} for the over-parameterised formula; "
                         f"got T0 = {T0}")
    n = check_int_array("n", n)
    w0_norm2 = check_float("w0_norm2", w0_norm2, minimum=0.0)
    sigma0 = check_float("sigma0", sigma0, minimum=0.0)
    psi = T0 / d
    forgotten = 1.0 - psi ** n
    return float_or_array(w0_norm2 * forgotten + sigma0 ** 2 * T0 / (d - T0 - 1) * forgotten
                           / (1.0 - psi))


def accumulate_test_error(d, T, n, *, sigma=1.0):
    """Exact E ||w_hat_n - w0||_Sigma^2 when every generation accumulates, reusing one design:

        sigma^2 d/(T-d-1) sum_{i=1..n} 1/i^2  <  (pi^2/6) sigma^2 d/(T-d-1)

    (each generation T rows with noise sigma; generation 1 fits the real data). Replace
    would give n sigma^2 d/(T-d-1). Dey & Donoho (2024), Gerstgrasser et al. (2024).
    With a fresh design each generation the error is a little lower still: the bound holds,
    the exact sum does not. ``n``: int or array; returns a float or an array.
    """
    d = check_int("d", d, minimum=1)
    T = check_int("T", T, minimum=1)
    n = check_int_array("n", n)
    sigma = check_float("sigma", sigma, minimum=0.0)
    partial_sums = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, n.max() + 1) ** 2)])
    return float_or_array(sigma ** 2 * _ols_term("T", T, d) * partial_sums[n])


def expected_generator_error(d, T0, n, *, sigma0=1.0, w0_norm2=1.0):
    """Exact E ||w_hat_n - w0||_Sigma^2 of the replace chain's generators themselves.

    T0 >= d + 2 (under-parameterised, any Sigma): n sigma0^2 d/(T0-d-1), a random walk.
    T0 <= d - 2 (over-parameterised, Sigma = I): :func:`overparameterised_error`.
    In between the expectation is infinite (T0 = d - 1, d, d + 1): a ValueError says so.
    """
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    if T0 <= d - 2:
        return overparameterised_error(d, T0, n, w0_norm2=w0_norm2, sigma0=sigma0)
    if T0 < d + 2:
        raise ValueError(f"T0 must be <= d - 2 or >= d + 2 (d = {d}): the generators' "
                         f"expected error is infinite in between; got T0 = {T0}")
    n = check_int_array("n", n)
    sigma0 = check_float("sigma0", sigma0, minimum=0.0)
    return float_or_array(n * sigma0 ** 2 * _ols_term("T0", T0, d))
