"""Curating synthetic samples before refitting: a filter that hurts and a verifier that helps.

Each generation draws candidates from the generation n-1 model N(mu_{n-1}, sigma_{n-1}^2),
keeps M of them, and fits a normal to those M (the replace chain otherwise):

- ``curation="likelihood"``, the naive quality filter: keep only candidates whose
  likelihood under the *current* model is high, that is |x - mu_{n-1}| <= a sigma_{n-1},
  with a = Phi^-1((1 + keep_fraction)/2) so that a share ``keep_fraction`` passes. The
  kept points are a truncated normal whose variance is theta sigma_{n-1}^2 with

      theta = 1 - 2 a phi(a) / (2 Phi(a) - 1)  (< 1),

  so E sigma_n^2 = sigma^2 (theta (M - 1)/D)^n exactly (D = M - 1 unbiased, M MLE): the
  filter cuts the tails every generation and collapses the variance geometrically,
  faster than the replace chain (like sampling at a temperature below 1).
- ``curation="verifier"``: a verifier that knows the real distribution scores each of
  L = ``candidates`` x M candidates by its log likelihood ratio
  log p_real(x) - log p_{n-1}(x), plus Gaussian noise of standard deviation
  ``verifier_noise`` (its error), and the M best noisy scores after a Gumbel
  perturbation are kept: weighted sampling without replacement with weights
  proportional to the noisy likelihood ratio (sampling-importance-resampling). An
  accurate verifier with enough candidates pulls every generation back towards the real
  distribution, so the variance stays near sigma^2 instead of collapsing; a very noisy
  one keeps candidates at random and gives back the replace chain. There is no closed
  form: the module simulates it.

References
----------
Feng, Dohmatob, Yang, Charton, Kempe (2024). Beyond model collapse: scaling up with
synthesized data requires verification. arXiv:2406.07515.
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759 (the replace chain).
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from ..core.arrays import readonly
from ..core.checks import SCALE_LIMIT, check_choice, check_float, check_int, check_scale
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from .chain import GaussianChain
from .estimators import ESTIMATORS, divisor
from .theory import _result, _theory_args

__all__ = ["CURATIONS", "truncation_factor", "expected_variance_filtered",
           "simulate_curated_chain"]

CURATIONS = ("likelihood", "verifier")


def _check_keep_fraction(keep_fraction) -> float:
    return check_float("keep_fraction", keep_fraction, minimum=1e-6, maximum=1.0)


def truncation_factor(*, keep_fraction) -> float:
    """theta: the variance of N(0, 1) kept only where |z| <= a, P(|Z| <= a) = keep_fraction.

    theta = 1 - 2 a phi(a) / (2 Phi(a) - 1), a = Phi^-1((1 + keep_fraction)/2); theta = 1 when
    everything is kept.

    Parameters
    ----------
    keep_fraction : float in [1e-6, 1]
        The share of candidates the likelihood filter keeps.

    Returns
    -------
    float in (0, 1]

    Examples
    --------
    >>> round(truncation_factor(keep_fraction=0.5), 4)
    0.1427
    >>> truncation_factor(keep_fraction=1.0)
    1.0
    """
    keep_fraction = _check_keep_fraction(keep_fraction)
    if keep_fraction == 1.0:
        return 1.0
    a = ndtri((1.0 + keep_fraction) / 2.0)
    density = np.exp(-a * a / 2) / np.sqrt(2 * np.pi)
    return float(1.0 - 2.0 * a * density / keep_fraction)


def expected_variance_filtered(n, *, n_samples, keep_fraction, sigma=1.0,
                               estimator="unbiased"):
    """Exact E sigma_n^2 of the chain that keeps only high-likelihood samples.

    E sigma_n^2 = sigma^2 (theta (M - 1)/D)^n, theta = :func:`truncation_factor`: the kept
    points are M independent draws of a normal truncated to |x - mu_{n-1}| <= a
    sigma_{n-1}, whose variance is theta sigma_{n-1}^2, and E[sample variance] is
    (M - 1)/D times that.

    Parameters
    ----------
    n : int or array of int >= 0
        Generations.
    n_samples : int >= 2
        M, the points kept per generation.
    keep_fraction : float in [1e-6, 1]
    sigma : float
        Standard deviation of the real distribution.
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_variance_filtered(2, n_samples=10, keep_fraction=0.5), 5)
    0.02035
    >>> expected_variance_filtered(3, n_samples=10, keep_fraction=1.0)
    1.0
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    factor = truncation_factor(keep_fraction=keep_fraction)
    shrink = factor * (n_samples - 1) / divisor(n_points=n_samples, estimator=estimator)
    with np.errstate(under="ignore"):                        # shrink <= 1: no overflow
        return _result(sigma ** 2 * np.exp(n * np.log(shrink)), n, n_samples, sigma)


def simulate_curated_chain(*, n_generations, n_samples, curation, keep_fraction=0.5,
                           candidates=10, verifier_noise=0.0, mu=0.0, sigma=1.0,
                           estimator="unbiased", n_chains=1, seed=None) -> GaussianChain:
    """Simulate the Gaussian replace chain with curated synthetic samples.

    See the module docstring for the two curations. Simulated for N(0, 1) and mapped
    back to N(mu, sigma^2) (both curations are location-scale equivariant).

    Parameters
    ----------
    n_generations : int >= 0
    n_samples : int >= 2
        M, the points each generation keeps and fits.
    curation : {"likelihood", "verifier"}
    keep_fraction : float in [1e-6, 1]
        "likelihood" only: the share of candidates that pass the filter.
    candidates : int in [1, 1000]
        "verifier" only: L / M, candidates scored per point kept (1 keeps them all).
    verifier_noise : float >= 0
        "verifier" only: standard deviation of the verifier's error on each log
        likelihood ratio (0: an exact verifier).
    mu, sigma : float
        The real distribution.
    estimator : {"unbiased", "mle"}
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    GaussianChain
        ``mu`` and ``sigma2`` of shape (n_chains, n_generations + 1); ``strategy`` is
        "replace" (each generation trains on its own curated samples only).

    Examples
    --------
    >>> chain = simulate_curated_chain(n_generations=5, n_samples=10, curation="likelihood",
    ...                                n_chains=3, seed=0)
    >>> chain.sigma2.shape
    (3, 6)
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    curation = check_choice("curation", curation, CURATIONS)
    keep_fraction = _check_keep_fraction(keep_fraction)
    candidates = check_int("candidates", candidates, minimum=1, maximum=1000)
    verifier_noise = check_float("verifier_noise", verifier_noise, minimum=0.0,
                                 maximum=SCALE_LIMIT)
    mu = check_float("mu", mu, minimum=-SCALE_LIMIT, maximum=SCALE_LIMIT)
    sigma = check_scale("sigma", sigma)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    width = n_samples * (candidates if curation == "verifier" else 1)
    check_memory(4 * n_chains * width, what="one generation's candidates (n_chains, L)",
                 smaller="n_chains, n_samples or candidates")
    check_steps(n_generations * (LOOP_STEP_COST + 4 * n_chains * width),
                what="candidates drawn (n_generations x n_chains x L)",
                smaller="n_generations, n_chains, n_samples or candidates")
    rng = as_generator(seed)
    # Each generation is drawn in the previous model's standard units z (x = mu + sigma z),
    # so log sigma_n^2 accumulates log(sample variance of z) and stays finite even where
    # the filter has driven sigma_n^2 below the smallest double.
    mean = np.zeros((n_chains, n_generations + 1))
    log_var = np.zeros((n_chains, n_generations + 1))
    bound = ndtr(ndtri((1.0 + keep_fraction) / 2.0)) if keep_fraction < 1 else 1.0
    for g in range(1, n_generations + 1):
        scale = np.exp(log_var[:, g - 1] / 2)
        if curation == "likelihood":
            # Inverse-CDF draws of N(0, 1) truncated to |z| <= a: the M points rejection
            # sampling would keep, without the rejections.
            kept = ndtri(rng.uniform(1.0 - bound, bound, (n_chains, n_samples)))
        else:
            kept = _verified(rng, mean[:, g - 1, None], scale[:, None], n_samples,
                             candidates, verifier_noise)
        centre = kept.mean(axis=1)
        spread = ((kept - centre[:, None]) ** 2).sum(axis=1) / divisor(
            n_points=n_samples, estimator=estimator)
        with np.errstate(under="ignore"):
            mean[:, g] = mean[:, g - 1] + scale * centre
        log_var[:, g] = log_var[:, g - 1] + np.log(spread)
    log_var = log_var + 2 * np.log(sigma)
    with np.errstate(under="ignore"):
        var = np.exp(log_var)
    return GaussianChain(readonly(mu + sigma * mean), readonly(var), readonly(log_var),
                         n_samples, estimator, "replace")


def _verified(rng, centre, scale, n_samples, candidates, noise):
    """M of L candidates in the model's standard units z, picked by noisy likelihood ratios.

    A candidate is x = centre + scale z in the real N(0, 1) frame; its log likelihood
    ratio is log p_real(x) - log p_model(x) = -x^2/2 + z^2/2 + log scale. Gumbel-top-M:
    adding Gumbel noise to the log weights and keeping the M largest samples M candidates
    without replacement with probabilities proportional to the weights.
    """
    standard = rng.standard_normal((centre.shape[0], n_samples * candidates))
    points = centre + scale * standard
    log_ratio = -points ** 2 / 2 + standard ** 2 / 2 + np.log(scale)
    if noise > 0:
        log_ratio = log_ratio + noise * rng.standard_normal(points.shape)
    keys = log_ratio + rng.gumbel(size=points.shape)
    best = np.argpartition(-keys, n_samples - 1, axis=1)[:, :n_samples]
    return np.take_along_axis(standard, best, axis=1)
