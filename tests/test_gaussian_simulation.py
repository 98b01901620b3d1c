"""The Gaussian engine: exact vs samples, strategies, determinism, shapes (hypothesis)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import ks_2samp

from collapse_lib import gaussian
from collapse_lib.gaussian.chain import _pool
from montecarlo import assert_mean_matches

# A KS test at this level fails by chance about once in 10,000 runs; seeds are fixed.
KS_ALPHA = 1e-4


@pytest.mark.parametrize("estimator", gaussian.ESTIMATORS)
@pytest.mark.parametrize("strategy, real_fraction", [("replace", 0.0), ("accumulate", 0.0),
                                                      ("mix", 0.3)])
def test_exact_and_samples_methods_agree_in_distribution(estimator, strategy, real_fraction):
    common = dict(mu=-1.0, sigma=0.5, estimator=estimator, n_chains=4000, strategy=strategy,
                  real_fraction=real_fraction)
    exact = gaussian.simulate_chain(n_generations=12, n_samples=8, method="exact", seed=1,
                                    **common)
    samples = gaussian.simulate_chain(n_generations=12, n_samples=8, method="samples", seed=2,
                                      **common)
    for generation in (1, 12):
        for name in ("sigma2", "mu"):
            result = ks_2samp(getattr(exact, name)[:, generation],
                              getattr(samples, name)[:, generation])
            assert result.pvalue > KS_ALPHA, (name, generation, result)


def naive_accumulate(n_generations, n_samples, estimator, n_chains, rng):
    """Accumulate the literal way: keep every point, refit on the whole pile."""
    ddof = 0 if estimator == "mle" else 1
    sigma2 = np.empty((n_chains, n_generations + 1))
    sigma2[:, 0] = 1.0
    for chain in range(n_chains):
        mean, sd, pile = 0.0, 1.0, np.empty(0)
        for g in range(1, n_generations + 1):
            pile = np.concatenate([pile, rng.normal(mean, sd, n_samples)])
            mean, sd = pile.mean(), pile.std(ddof=ddof)
            sigma2[chain, g] = sd ** 2
    return sigma2


@pytest.mark.parametrize("estimator", gaussian.ESTIMATORS)
def test_accumulate_equals_refitting_on_all_points(estimator):
    """The pooled sufficient statistics give the same law as refitting on the pile."""
    ours = gaussian.simulate_chain(n_generations=10, n_samples=6, estimator=estimator,
                                   strategy="accumulate", n_chains=3000, seed=4)
    naive = naive_accumulate(10, 6, estimator, 3000, np.random.default_rng(5))
    for generation in (2, 10):
        assert ks_2samp(ours.sigma2[:, generation], naive[:, generation]).pvalue > KS_ALPHA


def test_pooling_is_exact():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 7)), rng.normal(2.0, 3.0, size=(3, 4))
    pooled = _pool(7, a.mean(1), ((a - a.mean(1, keepdims=True)) ** 2).sum(1),
                   4, b.mean(1), ((b - b.mean(1, keepdims=True)) ** 2).sum(1))
    both = np.concatenate([a, b], axis=1)
    np.testing.assert_allclose(pooled[1], both.mean(1))
    np.testing.assert_allclose(pooled[2], both.var(1) * 11)


@pytest.mark.parametrize("estimator", gaussian.ESTIMATORS)
def test_mix_with_only_real_data_refits_the_real_distribution(estimator):
    """real_fraction = 1: every generation is an independent fit to M real points."""
    m = 7
    chain = gaussian.simulate_chain(n_generations=6, n_samples=m, sigma=2.0,
                                    estimator=estimator, strategy="mix", real_fraction=1.0,
                                    n_chains=20_000, seed=6)
    divisor = m if estimator == "mle" else m - 1
    assert_mean_matches(chain.sigma2[:, 1:], 4.0 * (m - 1) / divisor, what="E sigma^2")
    assert_mean_matches(chain.mu[:, 1:] ** 2, 4.0 / m, what="E mu^2")


def test_accumulate_and_mix_stop_the_collapse():
    common = dict(n_generations=200, n_samples=10, n_chains=2000, estimator="unbiased", seed=7)
    replace = gaussian.simulate_chain(**common)
    accumulate = gaussian.simulate_chain(strategy="accumulate", **common)
    mix = gaussian.simulate_chain(strategy="mix", real_fraction=0.2, **common)
    assert np.median(replace.sigma2[:, -1]) < 1e-6
    assert np.median(accumulate.sigma2[:, -1]) > 0.3
    assert np.median(mix.sigma2[:, -1]) > 0.3


def test_mix_real_count_rounds_half_to_even():
    assert gaussian.real_count(n_samples=10, real_fraction=0.25) == 2
    assert gaussian.real_count(n_samples=10, real_fraction=0.35) == 4
    assert gaussian.real_count(n_samples=5, real_fraction=1.0) == 5


@pytest.mark.parametrize("method", gaussian.METHODS)
@pytest.mark.parametrize("strategy", gaussian.STRATEGIES)
def test_same_seed_same_arrays_different_seed_different_arrays(method, strategy):
    kwargs = dict(n_generations=20, n_samples=5, n_chains=5, strategy=strategy, method=method,
                  real_fraction=0.5 if strategy == "mix" else 0.0)
    first = gaussian.simulate_chain(seed=11, **kwargs)
    again = gaussian.simulate_chain(seed=11, **kwargs)
    other = gaussian.simulate_chain(seed=12, **kwargs)
    np.testing.assert_array_equal(first.sigma2, again.sigma2)
    np.testing.assert_array_equal(first.mu, again.mu)
    assert not np.array_equal(first.sigma2, other.sigma2)
    from_generator = gaussian.simulate_chain(seed=np.random.default_rng(11), **kwargs)
    np.testing.assert_array_equal(first.sigma2, from_generator.sigma2)


def test_mvn_same_seed_same_arrays():
    kwargs = dict(n_generations=5, n_samples=6, d=3, n_chains=4)
    first = gaussian.simulate_mvn_chain(seed=1, **kwargs)
    again = gaussian.simulate_mvn_chain(seed=1, **kwargs)
    other = gaussian.simulate_mvn_chain(seed=2, **kwargs)
    np.testing.assert_array_equal(first.cov, again.cov)
    assert not np.array_equal(first.cov, other.cov)


def test_results_are_read_only():
    chain = gaussian.simulate_chain(n_generations=3, n_samples=4, seed=0)
    with pytest.raises(ValueError):
        chain.sigma2[0, 0] = 2.0


@given(n_generations=st.integers(0, 30), n_samples=st.integers(2, 40),
       n_chains=st.integers(1, 6), estimator=st.sampled_from(gaussian.ESTIMATORS),
       strategy=st.sampled_from(gaussian.STRATEGIES), method=st.sampled_from(gaussian.METHODS),
       real_fraction=st.floats(0.0, 1.0), mu=st.floats(-1e3, 1e3),
       sigma=st.floats(1e-3, 1e3), seed=st.integers(0, 2 ** 32 - 1))
def test_shapes_and_ranges(n_generations, n_samples, n_chains, estimator, strategy, method,
                           real_fraction, mu, sigma, seed):
    chain = gaussian.simulate_chain(
        n_generations=n_generations, n_samples=n_samples, mu=mu, sigma=sigma, estimator=estimator, n_chains=n_chains,
        strategy=strategy, real_fraction=real_fraction if strategy == "mix" else 0.0,
        method=method, seed=seed)
    assert chain.mu.shape == chain.sigma2.shape == (n_chains, n_generations + 1)
    assert np.all(np.isfinite(chain.mu)) and np.all(np.isfinite(chain.sigma2))
    assert np.all(chain.sigma2 >= 0)
    assert np.all(chain.mu[:, 0] == mu) and np.allclose(chain.sigma2[:, 0], sigma ** 2)
    assert chain.w2_squared.shape == chain.mu.shape and np.all(chain.w2_squared[:, 0] == 0)
    assert chain.draw(n_generations, seed=seed).shape == (n_samples,)


@given(n=st.lists(st.integers(0, 500), min_size=1, max_size=5), n_samples=st.integers(2, 500),
       sigma=st.floats(1e-2, 1e2), estimator=st.sampled_from(gaussian.ESTIMATORS))
def test_theory_shapes_and_ranges(n, n_samples, sigma, estimator):
    n = np.array(n)
    kw = dict(n_samples=n_samples, sigma=sigma, estimator=estimator)
    variance = gaussian.expected_variance(n, **kw)
    assert variance.shape == n.shape and np.all(variance <= sigma ** 2 * (1 + 1e-12))
    assert np.all(gaussian.median_variance(n, **kw) <= variance * (1 + 1e-9))
    assert np.all(gaussian.expected_mean_drift(n, **kw) >= 0)
    w2 = gaussian.expected_w2_squared(n, **kw)
    assert np.all(w2 >= -1e-12 * sigma ** 2)
    log_variance = gaussian.expected_log_variance(n, **kw)
    assert np.all(log_variance <= np.log(variance) + 1e-9)  # Jensen
    assert isinstance(gaussian.expected_variance(int(n[0]), **kw), float)
