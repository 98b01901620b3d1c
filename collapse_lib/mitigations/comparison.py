"""One comparison across the three worlds: each world's measure of the model trained at
generation n, under any strategy, with its exact expectation where one exists.

The measures (one per world, the headline of the mitigations chapter):

- Gaussian: the fitted variance sigma_n^2 (real sigma^2 = 1);
- discrete: the number of categories the generation-n model still has (Zipf real
  distribution over K = 50 categories);
- regression: ``model_error`` = ||w_hat_n - w0||_Sigma^2 of the generation-n model
  (d = 10 features, sigma0 = 1, fresh designs).

"budget" is what every generation draws: M points (Gaussian, discrete) or T0 rows
(regression). Theory (all exact expectations):

- Gaussian: ``expected_variance`` (replace), ``expected_variance_accumulate``,
  ``expected_variance_mix``;
- discrete: ``expected_surviving_categories`` (replace; under accumulate, its value at
  n = 1, since the pile keeps exactly the categories generation 1 drew),
  ``expected_surviving_categories_mix``;
- regression: ``expected_model_error`` (replace), ``mix_model_error``; none for
  accumulate with fresh designs.

"accumulate-subsample" has none in any world: the comparison shows its simulation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import gaussian, markov, regression
from ..core.checks import check_choice, check_int, check_int_array
from ..core.strategies import STRATEGIES, check_strategy

__all__ = ["WORLDS", "WORLD_SETTINGS", "WorldRun", "simulate_world", "world_theory",
           "training_set_size"]

WORLDS = ("Gaussian", "discrete", "regression")

# The fixed parts of each world's setting (what the budget does not set).
WORLD_SETTINGS = {
    "Gaussian": dict(sigma=1.0, estimator="unbiased"),
    "discrete": dict(K=50, exponent=1.2),
    "regression": dict(d=10, sigma0=1.0, design="fresh"),
}

_MEASURES = {
    "Gaussian": "fitted variance σ²ₙ",
    "discrete": "categories left",
    "regression": "model error ‖ŵₙ − w₀‖²_Σ",
}


@dataclass(frozen=True)
class WorldRun:
    """Result of :func:`simulate_world`.

    Attributes
    ----------
    world, strategy : str
    measure : ndarray, shape (n_chains, n_generations + 1)
        The world's measure of the model trained at each generation.
    label : str
        What ``measure`` is, for axis labels.
    """

    world: str
    strategy: str
    measure: np.ndarray
    label: str


def _check(world, strategy, real_fraction, budget):
    world = check_choice("world", world, WORLDS)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    minimum = WORLD_SETTINGS["regression"]["d"] + 2 if world == "regression" else 2
    budget = check_int("budget", budget, minimum=minimum, maximum=10_000)
    return world, strategy, real_fraction, budget


def simulate_world(*, world, strategy, real_fraction=0.0, budget, n_generations, n_chains,
                   seed=None) -> WorldRun:
    """Simulate one world under one strategy and return its headline measure.

    Parameters
    ----------
    world : {"Gaussian", "discrete", "regression"}
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1], only with "mix"
    budget : int
        M points per generation (>= 2), or T0 rows in regression (>= d + 2 = 12).
    n_generations : int >= 0
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    WorldRun

    Examples
    --------
    >>> run = simulate_world(world="discrete", strategy="mix", real_fraction=0.2, budget=20,
    ...                      n_generations=5, n_chains=3, seed=0)
    >>> run.measure.shape, run.label
    ((3, 6), 'categories left')
    """
    world, strategy, real_fraction, budget = _check(world, strategy, real_fraction, budget)
    common = dict(n_generations=n_generations, n_chains=n_chains, strategy=strategy,
                  real_fraction=real_fraction, seed=seed)
    settings = WORLD_SETTINGS[world]
    if world == "Gaussian":
        measure = gaussian.simulate_chain(n_samples=budget, **settings, **common).sigma2
    elif world == "discrete":
        p0 = markov.zipf(K=settings["K"], exponent=settings["exponent"])
        measure = markov.simulate_chain(p0, n_samples=budget, **common).support_size
    else:
        measure = regression.simulate_chain(d=settings["d"], T0=budget, T=budget,
                                            sigma0=settings["sigma0"],
                                            design=settings["design"], **common).model_error
    return WorldRun(world, strategy, measure, _MEASURES[world])


def world_theory(n, *, world, strategy, real_fraction=0.0, budget):
    """The exact expectation of the world's measure at generations ``n``, or None.

    Parameters
    ----------
    n : array of int >= 0
    world, strategy, real_fraction, budget :
        As in :func:`simulate_world`.

    Returns
    -------
    ndarray of the shape of ``n``, or None where no formula exists (see the module table).

    Examples
    --------
    >>> world_theory([0, 1, 2], world="Gaussian", strategy="replace", budget=10).tolist()
    [1.0, 1.0, 1.0]
    >>> world_theory([0, 1], world="discrete", strategy="accumulate-subsample",
    ...              budget=10) is None
    True
    """
    world, strategy, real_fraction, budget = _check(world, strategy, real_fraction, budget)
    n = check_int_array("n", n)
    settings = WORLD_SETTINGS[world]
    if world == "Gaussian":
        kwargs = dict(n_samples=budget, sigma=settings["sigma"], estimator=settings["estimator"])
        if strategy == "replace":
            return np.asarray(gaussian.expected_variance(n, **kwargs))
        if strategy == "accumulate":
            return np.asarray(gaussian.expected_variance_accumulate(n, **kwargs))
        if strategy == "mix":
            return np.asarray(gaussian.expected_variance_mix(n, real_fraction=real_fraction,
                                                             **kwargs))
        return None
    if world == "discrete":
        p0 = markov.zipf(K=settings["K"], exponent=settings["exponent"])
        if strategy == "replace":
            return np.asarray(markov.expected_surviving_categories(p0, n, n_samples=budget))
        if strategy == "mix":
            return np.asarray(markov.expected_surviving_categories_mix(
                p0, n, n_samples=budget, real_fraction=real_fraction))
        if strategy == "accumulate":
            # The pile keeps every category generation 1 drew, and later draws come from
            # the pile's frequencies: the support is fixed after generation 1.
            first = markov.expected_surviving_categories(p0, 1, n_samples=budget)
            return np.where(n == 0, float(p0.size), first)
        return None
    kwargs = dict(d=settings["d"], T0=budget, sigma0=settings["sigma0"])
    if strategy == "replace":
        return np.asarray(regression.expected_model_error(n, **kwargs))
    if strategy == "mix":
        return np.asarray(regression.mix_model_error(n, real_fraction=real_fraction, **kwargs))
    return None


def training_set_size(n, *, strategy, budget):
    """Points (or rows) generation n trains on: the cost side of each strategy.

    budget for "replace", "accumulate-subsample" and "mix"; n * budget for "accumulate"
    (generation 0, the real distribution, trains on nothing).

    Parameters
    ----------
    n : array of int >= 0
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    budget : int >= 1

    Returns
    -------
    ndarray of int, the shape of ``n``

    Examples
    --------
    >>> training_set_size([0, 1, 5], strategy="accumulate", budget=10).tolist()
    [0, 10, 50]
    """
    strategy = check_choice("strategy", strategy, STRATEGIES)
    budget = check_int("budget", budget, minimum=1, maximum=10 ** 6)
    n = check_int_array("n", n)
    if np.any(n > 10 ** 9):
        raise ValueError(f"n must hold generations <= 1e9; got a maximum of {n.max()}")
    return np.where(n == 0, 0, n * budget if strategy == "accumulate" else budget)
