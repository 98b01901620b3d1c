"""The data strategies shared by every world: same arguments, same checks, same meaning.

"accumulate-subsample" (a fixed budget of M samples drawn without replacement from all
data so far; Gerstgrasser et al., 2024) is checked against what must hold whatever the
world: the subset is uniform, its expected frequencies are the pool's, generation 1 is a
fit to the real data, and its error lies between "accumulate" and "replace".
"""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib import gaussian, markov, regression
from collapse_lib.core.strategies import STRATEGIES, subsample_indices
from montecarlo import assert_mean_matches

SIMULATORS = {
    "gaussian": lambda **kw: gaussian.simulate_chain(n_generations=3, n_samples=6, **kw),
    "mvn": lambda **kw: gaussian.simulate_mvn_chain(n_generations=3, n_samples=6, d=2, **kw),
    "markov": lambda **kw: markov.simulate_chain([0.5, 0.3, 0.2], n_samples=6,
                                                 n_generations=3, **kw),
    "regression": lambda **kw: regression.simulate_chain(d=3, T0=8, T=8, n_generations=3,
                                                         **kw),
}


def _headline(result):
    """Each world's collapse measure of the model trained at generation n."""
    for name in ("sigma2", "model_error"):
        if hasattr(result, name):
            return getattr(result, name)
    if hasattr(result, "trace"):
        return result.trace
    return result.support_size


@pytest.mark.parametrize("world", SIMULATORS)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_world_runs_every_strategy(world, strategy):
    fraction = 0.5 if strategy == "mix" else 0.0
    result = SIMULATORS[world](strategy=strategy, real_fraction=fraction, n_chains=5, seed=0)
    measure = _headline(result)
    assert measure.shape == (5, 4) and np.all(np.isfinite(measure))
    again = SIMULATORS[world](strategy=strategy, real_fraction=fraction, n_chains=5, seed=0)
    np.testing.assert_array_equal(_headline(again), measure)


BAD = [
    (dict(strategy="keep"), "strategy must be one of 'replace', 'accumulate', "
                            "'accumulate-subsample', 'mix'; got 'keep'"),
    (dict(strategy="accumulate", real_fraction=0.2),
     "real_fraction is used only with strategy='mix'; got real_fraction=0.2 with "
     "strategy='accumulate'"),
    (dict(strategy="mix", real_fraction=1.5), "real_fraction must be"),
]


@pytest.mark.parametrize("world", SIMULATORS)
@pytest.mark.parametrize("arguments, message", BAD)
def test_every_world_rejects_the_same_bad_strategy_with_the_same_message(world, arguments,
                                                                          message):
    with pytest.raises(ValueError) as caught:
        SIMULATORS[world](n_chains=2, seed=0, **arguments)
    assert message in str(caught.value)


@pytest.mark.parametrize("pool_size, budget", [(12, 5), (50, 3)])   # argpartition, Floyd
def test_subsample_indices_are_distinct_and_uniform(pool_size, budget):
    chosen = subsample_indices(np.random.default_rng(1), pool_size=pool_size, budget=budget,
                               n_chains=20_000)
    assert all(len(set(row)) == budget for row in chosen[:500].tolist())
    hits = np.stack([(chosen == index).any(axis=1) for index in range(pool_size)], axis=1)
    assert_mean_matches(hits.astype(float), budget / pool_size,
                        what="share of subsets holding an index")
    pairs = (hits[:, 0] & hits[:, -1]).astype(float)     # pairs too: a subset, not a pattern
    assert_mean_matches(pairs, budget * (budget - 1) / (pool_size * (pool_size - 1)),
                        what="share holding the first and the last index")


def test_markov_subsample_keeps_the_pool_frequencies_on_average():
    """E p_n = p0 under accumulate-subsample: the pool and the uniform subset are unbiased."""
    p0 = markov.zipf(K=8, exponent=1.0)
    chain = markov.simulate_chain(p0, n_samples=10, n_generations=12, n_chains=20_000,
                                  strategy="accumulate-subsample", seed=2)
    assert_mean_matches(chain.p[:, 12], p0, what="E p_12 under accumulate-subsample")
    counts = chain.p[:, 1:] * 10          # generation 0 is p0 itself, not counts
    np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)


def test_gaussian_subsample_is_the_same_chain_in_one_and_in_d_dimensions():
    """The univariate and the d = 1 multivariate code must agree in distribution."""
    settings = dict(n_generations=8, n_samples=6, n_chains=20_000,
                    strategy="accumulate-subsample")
    line = gaussian.simulate_chain(seed=3, **settings).sigma2[:, 8]
    plane = gaussian.simulate_mvn_chain(d=1, seed=4, **settings).cov[:, 8, 0, 0]
    difference = line.mean() - plane.mean()
    standard_error = np.hypot(line.std(ddof=1), plane.std(ddof=1)) / np.sqrt(line.size)
    assert abs(difference) < 4 * standard_error, (line.mean(), plane.mean())


@pytest.mark.parametrize("design", ["fresh", "reused"])
def test_regression_subsample_lies_between_accumulate_and_replace(design):
    """Gerstgrasser et al. (2024): a fixed budget from the pool is better than replace and
    worse than training on the whole pool; generation 1 is a fit to the real data."""
    settings = dict(d=8, T0=20, T=20, n_generations=15, n_chains=3_000, design=design)
    errors = {strategy: regression.simulate_chain(strategy=strategy, seed=5, **settings)
              .model_error for strategy in ("replace", "accumulate", "accumulate-subsample")}
    clean = 8 / (20 - 8 - 1)
    assert_mean_matches(errors["accumulate-subsample"][:, 1], clean,
                        what="generation 1 fits the real data")
    means = {strategy: error[:, 15].mean() for strategy, error in errors.items()}
    spread = {strategy: error[:, 15].std(ddof=1) / np.sqrt(3_000)
              for strategy, error in errors.items()}
    assert means["accumulate"] + 4 * spread["accumulate"] \
        < means["accumulate-subsample"] - 4 * spread["accumulate-subsample"]
    assert means["accumulate-subsample"] + 4 * spread["accumulate-subsample"] \
        < means["replace"] - 4 * spread["replace"]


def test_mvn_strategies_map_back_to_the_real_coordinates():
    """Every strategy is affine equivariant: mean + L0 m and L0 S L0' of the whitened fit."""
    cov = np.array([[2.0, 0.6], [0.6, 1.0]])
    for strategy in ("accumulate", "mix"):
        fraction = 0.3 if strategy == "mix" else 0.0
        chain = gaussian.simulate_mvn_chain(n_generations=6, n_samples=12, mean=[5.0, -1.0],
                                            cov=cov, n_chains=8_000, strategy=strategy,
                                            real_fraction=fraction, seed=6)
        assert_mean_matches(chain.mean[:, 6], [5.0, -1.0], what=f"E mean_6 ({strategy})")
        np.testing.assert_allclose(chain.log_det, np.linalg.slogdet(chain.cov)[1], atol=1e-9)
