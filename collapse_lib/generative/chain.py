"""A Gaussian mixture of real digits, retrained generation after generation on its own drawings.

Generation 0 fits a K-component Gaussian mixture (EM, :func:`~.mixture.fit_mixture`) to
the M real training images of :func:`~.data.training_set` (in their d principal
components). Generation n draws M images from its model at temperature t
(:func:`~.mixture.sample_mixture`) and generation n + 1 fits a new mixture, from a fresh
EM start, to:

- "replace": those M drawings (Shumailov et al., Nature 2024: their GMM experiment);
- "accumulate": the real images and every generation's drawings so far, (n + 2) M in all
  (Gerstgrasser et al., 2024);
- "mix": round(f M) real images drawn afresh from the real set, and M − round(f M)
  drawings.

With ``repair=True`` (algorithmic reparation, Wyllie, Shumailov & Papernot, FAccT 2024)
the synthetic images are curated before training: the judge reads the drawings and the
generation keeps, for every digit, as many as the real set's share of that digit asks
for, drawing more images until every quota is met (at most ``MAX_REPAIR_DRAWS`` = 20 M
drawings; a digit the model no longer draws is filled with other digits). Its cost is the
drawings made per image kept.

Measured for the model of every generation n (from its first M drawings, before any
curation):

- ``heldout_ll``: mean log-likelihood of the 497 held-out real images (nats per image, in
  the d principal coordinates): how well the model still knows real digits;
- ``own_ll``: mean log-likelihood of its own M drawings: the score that looks fine;
- ``shares``: the share of the drawings the judge reads as each digit (the rest are
  unrecognisable: ``unrecognisable``);
- ``spread``: the drawings' spread, exp(log det C / 2d) with C their covariance: the
  geometric mean of the standard deviations along their d principal axes (pixel units);
- ``log_det``: Σₖ pₖ log det Σₖ, the components' covariances (notebook 01's log det);
- ``repair_cost``: drawings per image kept (1 without repair).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from threadpoolctl import threadpool_limits

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import (check_float, check_int, check_int_array, check_probability_vector,
                           check_real_array, fail)
from ..core.resources import check_memory, check_steps
from ..core.seeding import as_generator
from ..core.strategies import check_strategy, real_count
from .data import TrainingSet, judge_digits, to_pixels, training_set
from .mixture import (check_generator, check_mixture, component_log_dets, fit_mixture,
                      sample_mixture)

__all__ = ["MAX_REPAIR_DRAWS", "PER_GENERATION", "GenerativeChain", "simulate_chain", "repair_quotas",
           "curate"]

# The result's arrays of shape (n_chains, n_generations + 1, ...), one value per generation.
PER_GENERATION = ("heldout_ll", "own_ll", "shares", "unrecognisable", "spread", "log_det",
                  "repair_cost")

MAX_REPAIR_DRAWS = 20
# Priced steps (core.resources, ~1e9 a second) of one EM fit on one thread: measured about
# 36 ms for M = 1,238 points, K = 10, d = 20 (k-means start, ~10-20 EM iterations), i.e.
# about 8 M K d² steps; scaled by the points, components and d² of the fit.
EM_STEPS_PER_POINT = 8
# and, whatever the sizes, about 4 ms per generation of drawing and judging (K = 1),
# priced with a margin of 2.
GENERATION_STEPS = 10 ** 7


@dataclass(frozen=True)
class GenerativeChain(ChainAxes):
    """Result of :func:`simulate_chain`; arrays of shape (n_chains, n_generations + 1, ...).

    Attributes
    ----------
    heldout_ll, own_ll, spread, log_det, unrecognisable, repair_cost : ndarray
        Shape (n_chains, n_generations + 1); see the module docstring.
    shares : ndarray, shape (n_chains, n_generations + 1, 10)
        The judge's share of the drawings per digit.
    images : ndarray, shape (n_generations + 1, n_images, 64)
        The first drawings of every generation's model in the first chain, ink in [0, 16].
    real : TrainingSet
        The real training set (its shares, the minority digit and share).
    strategy, real_fraction, n_components, temperature, repair, max_iter, init
        The settings.
    """

    heldout_ll: np.ndarray
    own_ll: np.ndarray
    shares: np.ndarray
    unrecognisable: np.ndarray
    spread: np.ndarray
    log_det: np.ndarray
    repair_cost: np.ndarray
    images: np.ndarray
    real: TrainingSet
    strategy: str
    real_fraction: float
    n_components: int
    temperature: float
    repair: bool
    max_iter: int
    init: str
    _by_generation: ClassVar[str] = "heldout_ll"

    @property
    def minority_share(self) -> np.ndarray:
        """The judge's share of the minority digit in the drawings: (n_chains, n + 1)."""
        return self.shares[:, :, self.real.minority_digit]


def simulate_chain(*, n_generations, strategy="replace", real_fraction=0.0, n_components=10,
                   minority_digit=8, minority_share=0.05, temperature=1.0, repair=False,
                   max_iter=100, init="kmeans", n_dims=20, n_images=10, n_chains=1,
                   seed=None) -> GenerativeChain:
    """Retrain a Gaussian mixture of real digits on its own drawings.

    Parameters
    ----------
    n_generations : int >= 0
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1], only with "mix"
    n_components : int in [1, 50]
        K, the mixture's components (10 digits: fewer is the "expressivity" error).
    minority_digit : int in 0..9
    minority_share : float in [0.01, 0.5]
        The minority's share of the real training set.
    temperature : float in [0.05, 1]
        t, the sampling temperature (1: plain sampling).
    repair : bool
        Curate every generation's drawings to the real digit shares.
    max_iter : int in [1, 500]
        EM iterations at most per fit.
    init : {"kmeans", "random_from_data"}
    n_dims : int in [2, 64]
        d, principal components modelled.
    n_images : int in [1, 100]
        Drawings kept per generation for the picture (first chain).
    n_chains : int >= 1
    seed : int, Generator or None

    Returns
    -------
    GenerativeChain

    Examples
    --------
    >>> chain = simulate_chain(n_generations=2, n_dims=10, n_chains=2, seed=0)
    >>> chain.heldout_ll.shape, chain.images.shape, chain.shares.shape
    ((2, 3), (3, 10, 64), (2, 3, 10))
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    if strategy == "accumulate-subsample":
        raise ValueError("strategy must be 'replace', 'accumulate' or 'mix' for the generative "
                         "chain; got 'accumulate-subsample'")
    n_components = check_int("n_components", n_components, minimum=1, maximum=50)
    temperature = check_float("temperature", temperature, minimum=0.05, maximum=1.0)
    if not isinstance(repair, (bool, np.bool_)):
        raise ValueError(f"repair must be True or False; got {repair!r}")
    max_iter = check_int("max_iter", max_iter, minimum=1, maximum=500)
    n_images = check_int("n_images", n_images, minimum=1, maximum=100)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    real = training_set(minority_digit=minority_digit, minority_share=minority_share,
                        n_dims=n_dims)
    size, dims = real.size, real.n_dims
    trained = (n_generations + 1) * (n_generations + 2) // 2 if strategy == "accumulate" \
        else n_generations + 1                      # training sets' sizes, in units of M
    check_memory(size * dims * (n_generations + 2 if strategy == "accumulate" else 2)
                 * (MAX_REPAIR_DRAWS if repair else 1), what="the training points",
                 smaller="n_generations or n_dims")
    check_steps(n_chains * (trained * EM_STEPS_PER_POINT * size * n_components * dims ** 2
                            + (n_generations + 1) * GENERATION_STEPS), what="steps of EM", smaller="n_chains, n_generations, "
                "n_components or n_dims")
    rng = as_generator(seed)
    settings = dict(strategy=strategy, real_fraction=real_fraction, n_components=n_components,
                    temperature=temperature, repair=bool(repair), max_iter=max_iter, init=init)
    # The fits are small: on one thread they run 3-5 times faster than with a pool of
    # BLAS/OpenMP threads (measured on 2 cores), and leave the other core free.
    with threadpool_limits(limits=1):
        runs = [_one_chain(real, n_generations=n_generations, n_images=n_images, rng=chain_rng,
                           **settings) for chain_rng in rng.spawn(n_chains)]
    measures = {name: readonly(np.stack([run[name] for run in runs]))
                for name in PER_GENERATION}
    return GenerativeChain(**measures, images=readonly(runs[0]["images"]), real=real,
                           **settings)


def _one_chain(real: TrainingSet, *, n_generations, n_images, rng, strategy, real_fraction,
               n_components, temperature, repair, max_iter, init) -> dict:
    """One chain's measures per generation, and its first drawings for the picture."""
    size = real.size
    n_real = real_count(n_samples=size, real_fraction=real_fraction) if strategy == "mix" else 0
    training = real.points
    names = ("heldout_ll", "own_ll", "unrecognisable", "spread", "log_det", "repair_cost")
    out = {name: np.empty(n_generations + 1) for name in names}
    out["shares"] = np.empty((n_generations + 1, 10))
    out["images"] = np.empty((n_generations + 1, n_images, real.axes.shape[1]))
    for generation in range(n_generations + 1):
        model = fit_mixture(training, n_components=n_components, max_iter=max_iter, init=init,
                            seed=int(rng.integers(2 ** 31)))
        drawn = sample_mixture(model, n_samples=size, temperature=temperature, rng=rng)
        pixels = to_pixels(drawn, real=real)
        read = judge_digits(pixels)
        out["heldout_ll"][generation] = model.score(real.test_points)
        out["own_ll"][generation] = model.score(drawn)
        out["shares"][generation] = np.bincount(read[read >= 0], minlength=10) / size
        out["unrecognisable"][generation] = np.mean(read < 0)
        out["spread"][generation] = np.exp(np.linalg.slogdet(np.cov(drawn.T))[1]
                                           / (2 * drawn.shape[1]))
        out["log_det"][generation] = model.weights_ @ component_log_dets(model)
        out["images"][generation] = pixels[:n_images]
        synthetic = size - n_real
        if repair and synthetic:
            kept, cost = curate(model, drawn[:synthetic], read[:synthetic], real=real,
                                temperature=temperature, rng=rng)
        else:
            kept, cost = drawn[:synthetic], 1.0
        out["repair_cost"][generation] = cost
        if strategy == "accumulate":
            training = np.concatenate([training, kept])
        elif strategy == "mix":
            fresh = real.points[rng.choice(size, size=n_real, replace=False)]
            training = np.concatenate([fresh, kept])
        else:
            training = kept
    return out


def repair_quotas(shares, *, n_images: int) -> np.ndarray:
    """How many images of each digit reparation keeps: round(shares · M_s), summing to M_s.

    M_s is ``n_images``, the synthetic images a generation trains on. The largest-remainder
    rule: every digit gets ⌊shares[c] · M_s⌋, and the M_s − Σ⌊·⌋ images
    left go one each to the digits with the largest remainders (ties to the lower digit).

    Parameters
    ----------
    shares : array_like, shape (10,)
        Target shares (non-negative, summing to 1).
    n_images : int >= 0
        M_s, the images to keep.

    Returns
    -------
    ndarray of int, shape (10,)

    Examples
    --------
    >>> repair_quotas(np.full(10, 0.1), n_images=25).tolist()
    [3, 3, 3, 3, 3, 2, 2, 2, 2, 2]
    """
    shares = check_probability_vector("shares", shares)
    n_images = check_int("n_images", n_images, minimum=0)
    exact = shares * n_images
    quotas = np.floor(exact).astype(np.int64)
    left = n_images - int(quotas.sum())
    quotas[np.argsort(quotas - exact, kind="stable")[:left]] += 1
    return quotas


def curate(model, drawn, read, *, real: TrainingSet, temperature: float, rng):
    """Algorithmic reparation: keep drawings so that each digit has its real share.

    Digit c gets the quota :func:`repair_quotas` gives for real.shares and the M_s images
    wanted (round(real.shares[c] · M_s), summing to M_s). Drawings the judge reads as c fill c's
    quota; while a quota is short, more images are drawn from ``model``, in batches of M_s,
    up to ``MAX_REPAIR_DRAWS`` · M_s drawings in all. Quotas still short then are filled by
    other recognisable drawings, then by unrecognisable ones.

    Parameters
    ----------
    model : fitted sklearn.mixture.GaussianMixture
    drawn : ndarray, shape (M_s, d)
        The generation's first drawings.
    read : ndarray of int, shape (M_s,)
        The judge's reading of ``drawn`` (−1: unrecognisable).
    real : TrainingSet
    temperature : float
    rng : numpy.random.Generator

    Returns
    -------
    kept : ndarray, shape (M_s, d)
    cost : float
        Drawings it took per image kept (>= 1): up to the drawing that filled the last
        quota, or all that were made when a quota stayed short.

    Examples
    --------
    >>> real = training_set(n_dims=10)
    >>> model = fit_mixture(real.points, n_components=10, seed=0)
    >>> rng = np.random.default_rng(0)
    >>> drawn = sample_mixture(model, n_samples=real.size, rng=rng)
    >>> read = judge_digits(to_pixels(drawn, real=real))
    >>> kept, cost = curate(model, drawn, read, real=real, temperature=1.0, rng=rng)
    >>> kept.shape == drawn.shape, cost >= 1
    (True, True)
    """
    model = check_mixture("model", model)
    if not isinstance(real, TrainingSet):
        fail("real", real, "a TrainingSet (from training_set)")
    drawn = check_real_array("drawn", drawn, ndim=2)
    if drawn.shape[1] != real.n_dims:
        fail("drawn", drawn, f"an array of shape (n_images, {real.n_dims})")
    read = check_int_array("read", read, minimum=-1)
    if read.shape != drawn.shape[:1] or np.any(read > 9):
        fail("read", read, f"one digit in -1..9 per drawing ({drawn.shape[0]})")
    temperature = check_float("temperature", temperature, minimum=0.05, maximum=1.0)
    check_generator(rng)
    wanted = drawn.shape[0]
    quotas = repair_quotas(real.shares, n_images=wanted)
    batches_points, batches_read = [drawn], [read]
    have = np.bincount(read[read >= 0], minlength=10)
    n_drawn = wanted
    while np.any(have < quotas) and n_drawn < MAX_REPAIR_DRAWS * wanted:
        more = sample_mixture(model, n_samples=wanted, temperature=temperature, rng=rng)
        more_read = judge_digits(to_pixels(more, real=real))
        batches_points.append(more)
        batches_read.append(more_read)
        have += np.bincount(more_read[more_read >= 0], minlength=10)
        n_drawn += wanted
    points, labels = np.concatenate(batches_points), np.concatenate(batches_read)
    chosen = [np.flatnonzero(labels == digit)[:quotas[digit]] for digit in range(10)]
    # The drawings it took: up to the one that filled the last quota (all, if one is short).
    full = [picked[-1] + 1 for picked, quota in zip(chosen, quotas) if picked.size == quota > 0]
    needed = labels.size if len(full) < np.count_nonzero(quotas) else max(max(full), wanted)
    chosen = np.concatenate(chosen)
    if chosen.size < wanted:                # short quotas: other recognisable, then the rest
        rest = np.setdiff1d(np.arange(labels.size), chosen)
        rest = rest[np.argsort(labels[rest] < 0, kind="stable")]
        chosen = np.concatenate([chosen, rest[:wanted - chosen.size]])
    return points[np.sort(chosen)], float(needed / wanted)
