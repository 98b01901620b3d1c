"""The Gaussian world: fit a normal distribution, sample from the fit, refit, repeat.

Notation (course-wide): M = ``n_samples`` points per generation, n = generation index,
column 0 of every array is the real distribution N(mu, sigma^2).

One generation of the *replace* chain (Shumailov et al., Nature 2024, section 3):

    mu_n      = mu_{n-1} + sigma_{n-1} Z / sqrt(M),            Z ~ N(0, 1)
    sigma_n^2 = sigma_{n-1}^2 * chi2_{M-1} / D,                 D = M (MLE) or M - 1 (unbiased)

because the sample mean and the sum of squared deviations of M normal points are
independent, normal and sigma^2 chi-square with M - 1 degrees of freedom. That is what
``method="exact"`` draws (O(1) work per generation and chain); ``method="samples"``
draws the M points themselves and fits them, and both agree in distribution.

Estimators: "mle" divides the sum of squares by the number of points N it was computed
from, "unbiased" by N - 1. With q = (M - 1) / M:

    E sigma_n^2          = sigma^2 q^n (MLE),        sigma^2 (unbiased: a martingale)
    E (mu_n - mu_0)^2    = sigma^2 (1 - q^n) (MLE),  n sigma^2 / M (unbiased)
    E log sigma_n^2      = log sigma^2 + n [digamma((M-1)/2) + log(2/D)]  (< log sigma^2)
    E W2^2               = 2 sigma^2 (1 - b^n) (MLE);  n sigma^2/M + 2 sigma^2 (1 - a^n) (unbiased)

with a = sqrt(2/(M-1)) Gamma(M/2)/Gamma((M-1)/2) = E sigma_n/sigma_{n-1} (unbiased) and
b = sqrt(2/M) Gamma(M/2)/Gamma((M-1)/2) (MLE). Even the unbiased chain, whose mean
variance never moves, has E log sigma_n^2 -> -infinity: sigma_n^2 -> 0 almost surely.

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759. arXiv:2305.17493.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413 (accumulate).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.special import digamma, gammaln, polygamma

from ._arrays import bartlett_factor, float_or_array, readonly
from ._chains import STRATEGIES, ChainAxes, check_strategy, real_count
from ._checks import as_generator, check_choice, check_float, check_int, check_int_array

ESTIMATORS = ("unbiased", "mle")
METHODS = ("exact", "samples")

__all__ = [
    "ESTIMATORS", "STRATEGIES", "METHODS",
    "GaussianChain", "MvnChain",
    "simulate_chain", "simulate_mvn_chain",
    "expected_variance", "expected_mean_drift", "expected_log_variance",
    "median_variance", "expected_w2_squared",
    "expected_trace_ratio", "expected_det_ratio", "expected_log_det_change",
    "real_count",
]


@dataclass(frozen=True)
class GaussianChain(ChainAxes):
    """Result of :func:`simulate_chain`: the fitted parameters of every generation.

    Attributes
    ----------
    mu, sigma2 : ndarray, shape (n_chains, n_generations + 1)
        Fitted mean and variance; column 0 is the real distribution.
    n_samples : int
        M, the number of points each generation draws.
    estimator, strategy : str
        The variance estimator ("mle" or "unbiased") and the data strategy used.
    real_fraction : float
        Share of real points in each generation's M (strategy "mix"; 0 otherwise).
    """

    mu: np.ndarray
    sigma2: np.ndarray
    n_samples: int
    estimator: str
    strategy: str
    real_fraction: float = 0.0
    _by_generation: ClassVar[str] = "mu"

    @property
    def w2_squared(self) -> np.ndarray:
        """Squared 2-Wasserstein distance from each fitted N(mu_n, sigma_n^2) to the real one.

        W2^2 = (mu_n - mu_0)^2 + (sigma_n - sigma_0)^2, shape (n_chains, n_generations + 1).
        """
        sigma = np.sqrt(self.sigma2)
        return (self.mu - self.mu[:, :1]) ** 2 + (sigma - sigma[:, :1]) ** 2

    def draw(self, generation: int, size: int | None = None, *, chain: int = 0,
             seed=None) -> np.ndarray:
        """Draw ``size`` points (default M) from the model fitted at ``generation``.

        These are the data generation ``generation`` hands on to the next one.
        Returns an array of shape (size,).
        """
        generation = check_int("generation", generation, minimum=0, maximum=self.n_generations)
        chain = check_int("chain", chain, minimum=0, maximum=self.n_chains - 1)
        size = self.n_samples if size is None else check_int("size", size, minimum=1)
        rng = as_generator(seed)
        return self.mu[chain, generation] + np.sqrt(self.sigma2[chain, generation]) * \
            rng.standard_normal(size)


def _divisor(n_points, estimator: str):
    """D in sigma^2 = (sum of squared deviations) / D: N for "mle", N - 1 for "unbiased"."""
    return n_points if estimator == "mle" else n_points - 1


def _draw_block(rng, method, n_points, mean, var, n_chains):
    """Mean and sum of squared deviations of ``n_points`` draws from N(mean, var) per chain.

    ``method="exact"`` draws the two sufficient statistics (normal, var * chi2_{N-1});
    ``method="samples"`` draws the points, shape (n_chains, n_points), and reduces them.
    """
    if method == "exact":
        block_mean = mean + np.sqrt(var / n_points) * rng.standard_normal(n_chains)
        if n_points == 1:
            return block_mean, np.zeros(n_chains)
        return block_mean, var * rng.chisquare(n_points - 1, n_chains)
    points = mean[:, None] + np.sqrt(var)[:, None] * rng.standard_normal((n_chains, n_points))
    block_mean = points.mean(axis=1)
    return block_mean, ((points - block_mean[:, None]) ** 2).sum(axis=1)


def _pool(count_a, mean_a, ss_a, count_b, mean_b, ss_b):
    """Pool two data sets' (count, mean, sum of squared deviations) (Chan et al., 1979)."""
    count = count_a + count_b
    delta = mean_b - mean_a
    mean = mean_a + delta * (count_b / count)
    ss = ss_a + ss_b + delta ** 2 * (count_a * count_b / count)
    return count, mean, ss


def simulate_chain(n_generations, n_samples, *, mu=0.0, sigma=1.0, estimator="unbiased",
                   n_chains=1, strategy="replace", real_fraction=0.0, method="exact",
                   seed=None) -> GaussianChain:
    """Simulate ``n_chains`` independent fit-and-sample chains of a univariate Gaussian.

    Generation 0 is the real distribution N(mu, sigma^2). Generation n >= 1 fits a normal
    (sample mean and ``estimator`` variance) to its training data, which depends on
    ``strategy``:

    - "replace": M points drawn from the generation n-1 model (the classic chain);
    - "accumulate": everything generation n-1 trained on plus M fresh points from the
      generation n-1 model, so generation n trains on n*M points (the first M real);
    - "mix": round(real_fraction * M) fresh real points plus the rest from the
      generation n-1 model.

    Parameters
    ----------
    n_generations : int >= 0
        n, the number of refits after the real distribution.
    n_samples : int >= 2
        M, points drawn per generation.
    mu : float
        Mean of the real distribution.
    sigma : float > 0
        Standard deviation of the real distribution.
    estimator : {"unbiased", "mle"}
        Variance divisor N - 1 or N (N = points in the training data).
    n_chains : int >= 1
        Independent replicates, simulated together.
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1]
        Only with strategy "mix" (must be 0 otherwise).
    method : {"exact", "samples"}
        Draw the sufficient statistics (fast) or the points themselves.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    GaussianChain
        ``mu`` and ``sigma2`` of shape (n_chains, n_generations + 1).

    Examples
    --------
    >>> chain = simulate_chain(50, 10, estimator="unbiased", n_chains=4, seed=0)
    >>> chain.sigma2.shape
    (4, 51)
    >>> bool((chain.sigma2[:, 0] == 1.0).all())
    True
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    mu = check_float("mu", mu)
    sigma = check_float("sigma", sigma, minimum=0.0, strict_minimum=True)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    method = check_choice("method", method, METHODS)
    rng = as_generator(seed)

    if strategy == "replace" and method == "exact":
        mean, var = _replace_exact(rng, n_generations, n_samples, mu, sigma, estimator, n_chains)
    else:
        mean, var = _generation_loop(rng, n_generations, n_samples, mu, sigma, estimator,
                                     n_chains, strategy, real_fraction, method)
    return GaussianChain(readonly(mean), readonly(var), n_samples, estimator, strategy,
                         real_fraction)


def _replace_exact(rng, n_generations, n_samples, mu, sigma, estimator, n_chains):
    """The replace chain from sufficient statistics, vectorised over generations too.

    log sigma_n^2 is a random walk with steps log(chi2_{M-1}/D); working on the log scale
    keeps the long chains of small M from underflowing before the final exp.
    """
    steps = np.log(rng.chisquare(n_samples - 1, (n_chains, n_generations))) \
        - np.log(_divisor(n_samples, estimator))
    log_var = np.concatenate([np.zeros((n_chains, 1)), np.cumsum(steps, axis=1)], axis=1)
    var = sigma ** 2 * np.exp(log_var)
    kicks = np.sqrt(var[:, :-1] / n_samples) * rng.standard_normal((n_chains, n_generations))
    mean = mu + np.concatenate([np.zeros((n_chains, 1)), np.cumsum(kicks, axis=1)], axis=1)
    return mean, var


def _generation_loop(rng, n_generations, n_samples, mu, sigma, estimator, n_chains,
                     strategy, real_fraction, method):
    """Every strategy and method, one generation at a time (vectorised over chains)."""
    mean = np.empty((n_chains, n_generations + 1))
    var = np.empty((n_chains, n_generations + 1))
    mean[:, 0], var[:, 0] = mu, sigma ** 2
    real_mean, real_var = np.full(n_chains, mu), np.full(n_chains, sigma ** 2)
    n_real = real_count(n_samples, real_fraction) if strategy == "mix" else 0
    pooled = None  # (count, mean, sum of squares) of all data so far, for "accumulate"
    for g in range(1, n_generations + 1):
        blocks = []
        if n_real:
            blocks.append((n_real, *_draw_block(rng, method, n_real, real_mean, real_var,
                                                n_chains)))
        if n_real < n_samples:
            blocks.append((n_samples - n_real, *_draw_block(
                rng, method, n_samples - n_real, mean[:, g - 1], var[:, g - 1], n_chains)))
        data = blocks[0] if len(blocks) == 1 else _pool(*blocks[0], *blocks[1])
        if strategy == "accumulate":
            pooled = data if pooled is None else _pool(*pooled, *data)
            data = pooled
        count, mean[:, g], ss = data
        var[:, g] = ss / _divisor(count, estimator)
    return mean, var


def _theory_args(n, n_samples, sigma, estimator):
    generations = check_int_array("n", n)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    sigma = check_float("sigma", sigma, minimum=0.0, strict_minimum=True)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    return generations, n_samples, sigma, estimator


def expected_variance(n, n_samples, *, sigma=1.0, estimator="unbiased"):
    """Exact E[sigma_n^2] of the replace chain.

    E sigma_n^2 = sigma^2 ((M-1)/D)^n: sigma^2 q^n with q = (M-1)/M for "mle",
    sigma^2 for "unbiased" (a martingale). Shumailov et al., Nature 2024.

    Parameters
    ----------
    n : int or array of int >= 0
        Generation(s).
    n_samples : int >= 2
        M.
    sigma : float > 0
        Real standard deviation.
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float or ndarray of the shape of ``n``.
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    ratio = (n_samples - 1) / _divisor(n_samples, estimator)
    return float_or_array(sigma ** 2 * ratio ** n)


def expected_mean_drift(n, n_samples, *, sigma=1.0, estimator="unbiased"):
    """Exact E[(mu_n - mu_0)^2]: the mean's random walk.

    E (mu_n - mu_0)^2 = sum_{k<n} E sigma_k^2 / M = sigma^2 (1 - q^n) for "mle"
    (q = (M-1)/M, bounded) and n sigma^2 / M for "unbiased" (grows without bound).
    Shapes as in :func:`expected_variance`.
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    if estimator == "unbiased":
        drift = n * sigma ** 2 / n_samples
    else:
        drift = sigma ** 2 * (1.0 - ((n_samples - 1) / n_samples) ** n)
    return float_or_array(drift)


def _log_step_mean(n_samples, estimator):
    """E log(chi2_{M-1} / D) = digamma((M-1)/2) + log(2/D) (< 0 for both estimators)."""
    return digamma((n_samples - 1) / 2) + np.log(2.0 / _divisor(n_samples, estimator))


def expected_log_variance(n, n_samples, *, sigma=1.0, estimator="unbiased"):
    """Exact E[log sigma_n^2] = log sigma^2 + n [digamma((M-1)/2) + log(2/D)].

    The bracket is negative for both estimators, so log sigma_n^2 drifts to -infinity
    linearly in n: sigma_n^2 -> 0 almost surely (strong law of large numbers), even when
    E sigma_n^2 stays at sigma^2. Shapes as in :func:`expected_variance`.
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    return float_or_array(np.log(sigma ** 2) + n * _log_step_mean(n_samples, estimator))


def median_variance(n, n_samples, *, sigma=1.0, estimator="unbiased"):
    """Median of sigma_n^2, from the exact cumulants of log sigma_n^2 (Cornish-Fisher).

    log(sigma_n^2/sigma^2) is a sum of n independent log(chi2_{M-1}/D) terms, with
    cumulants n k1, n k2, n k3: k1 = digamma(k/2) + log(2/D), k2 = trigamma(k/2),
    k3 = polygamma(2, k/2), k = M - 1. The Cornish-Fisher expansion at the median gives

        median sigma_n^2 ~= sigma^2 exp(n k1 - k3 / (6 k2)),     n >= 1,

    exact at n = 0. The error in the log is below 0.09 at n = 1, M = 2, below 0.01 for
    M >= 5, and shrinks like 1/n. This is the "typical" path: half the chains lie below.
    Shapes as in :func:`expected_variance`.
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    k = (n_samples - 1) / 2
    correction = polygamma(2, k) / (6 * polygamma(1, k))
    log_median = np.log(sigma ** 2) + n * _log_step_mean(n_samples, estimator) \
        - np.where(n > 0, correction, 0.0)
    return float_or_array(np.exp(log_median))


def _sigma_ratio_mean(n_samples, estimator):
    """E sigma_n / sigma_{n-1} = sqrt(2/D) Gamma(M/2) / Gamma((M-1)/2)  (a or b)."""
    return np.sqrt(2.0 / _divisor(n_samples, estimator)) * \
        np.exp(gammaln(n_samples / 2) - gammaln((n_samples - 1) / 2))


def expected_w2_squared(n, n_samples, *, sigma=1.0, estimator="unbiased"):
    """Exact E[W2^2] between the generation-n fit and the real N(mu, sigma^2).

    W2^2 = (mu_n - mu_0)^2 + (sigma_n - sigma)^2, so
    E W2^2 = E(mu_n - mu_0)^2 + E sigma_n^2 + sigma^2 - 2 sigma E sigma_n with
    E sigma_n = sigma c^n, c = sqrt(2/D) Gamma(M/2)/Gamma((M-1)/2):

        unbiased: n sigma^2/M + 2 sigma^2 (1 - a^n)   (diverges; Shumailov et al. 2024, Thm 3.1)
        MLE:      2 sigma^2 (1 - b^n)                 (bounded by 2 sigma^2)

    Shapes as in :func:`expected_variance`.
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    c = _sigma_ratio_mean(n_samples, estimator)
    drift = expected_mean_drift(n, n_samples, sigma=sigma, estimator=estimator)
    variance = expected_variance(n, n_samples, sigma=sigma, estimator=estimator)
    return float_or_array(drift + variance + sigma ** 2 - 2 * sigma ** 2 * c ** n)


# --------------------------------------------------------------------------------------
# d dimensions
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MvnChain(ChainAxes):
    """Result of :func:`simulate_mvn_chain`.

    Attributes
    ----------
    mean : ndarray, shape (n_chains, n_generations + 1, d)
    cov : ndarray, shape (n_chains, n_generations + 1, d, d)
        Fitted covariance; index 0 along axis 1 is the real one.
    log_det : ndarray, shape (n_chains, n_generations + 1)
        log det cov, tracked on the log scale (exact even where det underflows).
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
    mean = np.zeros(d) if mean is None else np.asarray(mean, dtype=float)
    if mean.shape != (d,) or not np.all(np.isfinite(mean)):
        raise ValueError(f"mean must be a finite vector of length d = {d}; got shape "
                         f"{mean.shape}")
    return d, mean, cov


def simulate_mvn_chain(n_generations, n_samples, *, d=None, mean=None, cov=None,
                       estimator="unbiased", n_chains=1, method="exact",
                       seed=None) -> MvnChain:
    """Simulate the replace chain of a d-dimensional Gaussian (fit mean and covariance).

    Generation n fits the sample mean and covariance (scatter / D, D = M for "mle",
    M - 1 for "unbiased") to M points drawn from generation n - 1. With
    ``method="exact"`` the scatter matrix is drawn as Wishart(M-1, Sigma_{n-1}) by the
    Bartlett decomposition: if L is the Cholesky factor of Sigma_{n-1} and A is lower
    triangular with A_ii^2 ~ chi2_{M-i} and standard normal entries below, then
    L A / sqrt(D) is the Cholesky factor of Sigma_n, so no factorisation is ever needed.

    Theory (MLE, q = (M-1)/M): E tr Sigma_n / tr Sigma_0 = q^n and
    E det Sigma_n / det Sigma_0 = [prod_{i=1..d} (M-i)/M]^n; see
    :func:`expected_trace_ratio`, :func:`expected_det_ratio`.

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
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    d, mean, cov = _check_mvn_start(d, mean, cov)
    n_samples = check_int("n_samples", n_samples, minimum=d + 1)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    method = check_choice("method", method, METHODS)
    rng = as_generator(seed)

    divisor = _divisor(n_samples, estimator)
    means = np.empty((n_chains, n_generations + 1, d))
    factors = np.empty((n_chains, n_generations + 1, d, d))
    means[:, 0] = mean
    factors[:, 0] = np.linalg.cholesky(cov)
    for g in range(1, n_generations + 1):
        factor = factors[:, g - 1]
        if method == "exact":
            z = rng.standard_normal((n_chains, d, 1))
            means[:, g] = means[:, g - 1] + (factor @ z)[..., 0] / np.sqrt(n_samples)
            bartlett = bartlett_factor(rng, n_samples - 1, d, n_chains)
            factors[:, g] = factor @ bartlett / np.sqrt(divisor)
        else:
            points = means[:, g - 1, None, :] + \
                rng.standard_normal((n_chains, n_samples, d)) @ np.swapaxes(factor, -1, -2)
            means[:, g] = points.mean(axis=1)
            centred = points - means[:, g, None, :]
            scatter = np.swapaxes(centred, -1, -2) @ centred
            factors[:, g] = np.linalg.cholesky(scatter / divisor)
    covs = factors @ np.swapaxes(factors, -1, -2)
    log_det = 2 * np.log(np.diagonal(factors, axis1=-2, axis2=-1)).sum(axis=-1)
    return MvnChain(readonly(means), readonly(covs), readonly(log_det), n_samples, estimator)


def _mvn_theory_args(n, n_samples, d, estimator):
    generations = check_int_array("n", n)
    d = check_int("d", d, minimum=1)
    n_samples = check_int("n_samples", n_samples, minimum=d + 1)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    return generations, n_samples, d, estimator


def expected_trace_ratio(n, n_samples, *, d=1, estimator="unbiased"):
    """Exact E[tr Sigma_n] / tr Sigma_0 = ((M-1)/D)^n: q^n (MLE), 1 (unbiased).

    Holds for any Sigma_0 (each diagonal entry is a scaled chi-square). ``d`` only sets
    the allowed range M >= d + 1. Shapes as in :func:`expected_variance`.
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    return float_or_array(((n_samples - 1) / _divisor(n_samples, estimator)) ** n)


def expected_det_ratio(n, n_samples, *, d, estimator="unbiased"):
    """Exact E[det Sigma_n] / det Sigma_0 = [prod_{i=1..d} (M-i)/D]^n.

    From E det W = det Sigma prod_{i=0}^{d-1} (m - i) for W ~ Wishart(m, Sigma),
    m = M - 1, and independence across generations. Below 1 for d >= 2 even for the
    unbiased estimator: the volume of the fitted distribution shrinks on average.
    Shapes as in :func:`expected_variance`.
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    factor = np.prod((n_samples - np.arange(1, d + 1)) / _divisor(n_samples, estimator))
    return float_or_array(factor ** n)


def expected_log_det_change(n, n_samples, *, d, estimator="unbiased"):
    """Exact E[log det Sigma_n - log det Sigma_0] = n sum_{i=1..d} [digamma((M-i)/2) + log(2/D)].

    The d-dimensional analogue of :func:`expected_log_variance` (Bartlett: log det is a
    sum of independent log chi-squares). Shapes as in :func:`expected_variance`.
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    step = np.sum(digamma((n_samples - np.arange(1, d + 1)) / 2)
                  + np.log(2.0 / _divisor(n_samples, estimator)))
    return float_or_array(n * step)
