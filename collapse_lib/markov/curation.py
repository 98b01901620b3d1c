"""Curating the synthetic draws of the discrete chain: nucleus filtering and a verifier.

Each generation fits the category frequencies of M curated draws from p_{n-1} (the
replace chain otherwise):

- ``curation="nucleus"``, the quality filter of top-p (nucleus) sampling: keep only the
  most probable categories of p_{n-1} whose total mass first reaches ``keep_fraction``,
  renormalise, and draw M from that. Rare categories are cut every generation on top of
  the sampling loss, so categories vanish faster than under replace.
- ``curation="verifier"``: draw L = ``candidates`` x M candidates from p_{n-1}; a verifier
  that knows p_0 scores each by log(p_0(k)/p_{n-1}(k)) plus Gaussian noise of standard
  deviation ``verifier_noise``, and the M best scores after a Gumbel perturbation are
  kept (weighted sampling without replacement). It pulls the draws towards p_0: it
  favours the categories the model under-represents, so they survive longer, but it
  also trims a rare category the model over-represents (one draw of M is already
  1/M > p_0(k) for a tail category), and it cannot bring back a category the model has
  lost (p_{n-1}(k) = 0 is never drawn). So it slows the loss of categories over many
  generations rather than stopping it. A very noisy verifier keeps candidates at random:
  the replace chain.

No closed form: simulated (compare :mod:`collapse_lib.gaussian.curation`, where the
likelihood filter has an exact law).

References
----------
Holtzman, Buys, Du, Forbes, Choi (2020). The curious case of neural text degeneration.
ICLR 2020 (nucleus sampling).
Feng, Dohmatob, Yang, Charton, Kempe (2024). Beyond model collapse: scaling up with
synthesized data requires verification. arXiv:2406.07515.
"""
from __future__ import annotations

import numpy as np

from ..core.arrays import readonly
from ..core.checks import SCALE_LIMIT, check_choice, check_float, check_int, \
    check_probability_vector
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from .chain import CategoricalChain

__all__ = ["CURATIONS", "nucleus", "simulate_curated_chain"]

CURATIONS = ("nucleus", "verifier")


def nucleus(p, *, keep_fraction) -> np.ndarray:
    """p restricted to its nucleus (the top categories reaching ``keep_fraction``), renormalised.

    Categories are ranked by probability; the nucleus is the smallest top set whose mass
    is at least ``keep_fraction`` (ties broken by index). Works on the last axis.

    Parameters
    ----------
    p : array (..., K)
        Probability vectors.
    keep_fraction : float in (0, 1]

    Returns
    -------
    ndarray of the shape of ``p``

    Examples
    --------
    >>> nucleus(np.array([0.5, 0.3, 0.15, 0.05]), keep_fraction=0.8).round(12).tolist()
    [0.625, 0.375, 0.0, 0.0]
    """
    keep_fraction = check_float("keep_fraction", keep_fraction, minimum=0.0, maximum=1.0,
                                strict_minimum=True)
    p = np.asarray(p, dtype=float)
    order = np.argsort(-p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    before = np.cumsum(ranked, axis=-1) - ranked          # mass of the higher categories
    kept_ranked = np.where(before < keep_fraction * (1 - 1e-12), ranked, 0.0)
    kept = np.zeros_like(p)
    np.put_along_axis(kept, order, kept_ranked, axis=-1)
    return kept / kept.sum(axis=-1, keepdims=True)


def simulate_curated_chain(p0, *, n_samples, n_generations, curation, keep_fraction=0.9,
                           candidates=10, verifier_noise=0.0, n_chains=1,
                           seed=None) -> CategoricalChain:
    """Simulate the discrete replace chain with curated synthetic draws.

    See the module docstring for the two curations.

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n_samples : int >= 1
        M, the draws each generation keeps and fits.
    n_generations : int >= 0
    curation : {"nucleus", "verifier"}
    keep_fraction : float in (0, 1]
        "nucleus" only: the model mass the kept categories must reach.
    candidates : int in [1, 1000]
        "verifier" only: candidates scored per draw kept (1 keeps them all).
    verifier_noise : float >= 0
        "verifier" only: standard deviation of its error on each log ratio.
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    CategoricalChain
        ``p`` of shape (n_chains, n_generations + 1, K); ``strategy`` is "replace".

    Examples
    --------
    >>> chain = simulate_curated_chain([0.5, 0.3, 0.2], n_samples=10, n_generations=5,
    ...                                curation="nucleus", keep_fraction=0.7, n_chains=2,
    ...                                seed=0)
    >>> chain.p.shape
    (2, 6, 3)
    """
    p0 = check_probability_vector("p0", p0)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=0)
    curation = check_choice("curation", curation, CURATIONS)
    keep_fraction = check_float("keep_fraction", keep_fraction, minimum=0.0, maximum=1.0,
                                strict_minimum=True)
    candidates = check_int("candidates", candidates, minimum=1, maximum=1000)
    verifier_noise = check_float("verifier_noise", verifier_noise, minimum=0.0,
                                 maximum=SCALE_LIMIT)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    width = p0.size + (n_samples * candidates if curation == "verifier" else 0)
    check_memory(n_chains * ((n_generations + 4) * p0.size + 4 * width),
                 what="p of shape (n_chains, n_generations + 1, K) and the candidates",
                 smaller="n_chains, n_generations, K, n_samples or candidates")
    check_steps(n_generations * (LOOP_STEP_COST + 4 * n_chains * width),
                what="steps (one generation at a time)",
                smaller="n_generations, n_chains, K, n_samples or candidates")
    rng = as_generator(seed)
    p = np.empty((n_chains, n_generations + 1, p0.size))
    p[:, 0] = p0
    for g in range(1, n_generations + 1):
        if curation == "nucleus":
            counts = rng.multinomial(n_samples, nucleus(p[:, g - 1],
                                                        keep_fraction=keep_fraction))
        else:
            counts = _verified_counts(rng, p[:, g - 1], p0, n_samples, candidates,
                                      verifier_noise)
        p[:, g] = counts / n_samples
    return CategoricalChain(readonly(p), n_samples, "replace", 0.0)


def _verified_counts(rng, model, p0, n_samples, candidates, noise):
    """Counts of the M candidates (of L drawn from ``model``) with the best noisy scores."""
    n_chains, K = model.shape
    size = n_samples * candidates
    # L categorical draws per chain by inverse CDF, all chains in one sorted search.
    edges = np.cumsum(model, axis=1)
    edges[:, -1] = 1.0
    shift = np.arange(n_chains)[:, None]
    drawn = np.searchsorted((edges + shift).ravel(),
                            (rng.random((n_chains, size)) + shift).ravel(), side="right")
    category = drawn.reshape(n_chains, size) - shift * K
    with np.errstate(divide="ignore"):
        log_ratio = np.log(p0)[category] - np.log(np.take_along_axis(model, category, axis=1))
    if noise > 0:
        log_ratio = log_ratio + noise * rng.standard_normal(log_ratio.shape)
    keys = log_ratio + rng.gumbel(size=log_ratio.shape)
    best = np.argpartition(-keys, n_samples - 1, axis=1)[:, :n_samples]
    chosen = np.take_along_axis(category, best, axis=1) + shift * K
    return np.bincount(chosen.ravel(), minlength=n_chains * K).reshape(n_chains, K)
