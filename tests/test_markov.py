"""The discrete world: every Wright-Fisher formula against simulation (4 MC SE)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from collapse_lib import markov
from collapse_lib.markov.theory import _absorption_times
from montecarlo import assert_mean_matches

N_CHAINS = 20_000


@pytest.mark.parametrize("m", [1, 2, 7, 50, 300])
def test_transition_matrix_rows_sum_to_one_and_vertices_absorb(m):
    matrix = markov.transition_matrix(n_samples=m)
    assert matrix.shape == (m + 1, m + 1)
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-12)
    assert matrix[0, 0] == 1.0 and matrix[m, m] == 1.0
    np.testing.assert_allclose(matrix @ np.arange(m + 1), np.arange(m + 1), atol=1e-9)  # martingale


def two_state_chain(p, m, n, seed):
    return markov.simulate_chain([p, 1 - p], n_samples=m, n_generations=n, n_chains=N_CHAINS,
                                 seed=seed)


@pytest.mark.parametrize("p, m, n", [(0.3, 10, 1), (0.3, 10, 6), (0.1, 25, 15)])
def test_exact_count_law_matches_simulation(p, m, n):
    counts = np.rint(two_state_chain(p, m, n, seed=m * n).p[:, n, 0] * m).astype(int)
    observed = np.bincount(counts, minlength=m + 1) / N_CHAINS
    law = markov.count_distribution(p, n, n_samples=m)
    np.testing.assert_allclose(law.sum(), 1.0)
    standard_error = np.sqrt(law * (1 - law) / N_CHAINS)
    assert np.all(np.abs(observed - law) <= 4 * standard_error + 1e-12), (observed, law)


def test_one_generation_loss_is_one_minus_q_to_the_m():
    q = np.array([0.001, 0.01, 0.1, 0.5])
    for m in (1, 10, 100):
        np.testing.assert_allclose(markov.loss_probability(q, 1, n_samples=m), (1 - q) ** m)


@pytest.mark.parametrize("p, m", [(0.2, 20), (0.5, 8), (0.05, 40)])
def test_fixation_probability_is_p(p, m):
    chain = two_state_chain(p, m, 400, seed=int(p * 100) + m)
    final = chain.p[:, -1, 0]
    assert np.all((final == 0) | (final == 1)), "not all chains absorbed: lengthen the run"
    assert_mean_matches(final, markov.fixation_probability(p), what="P(fixation)")


@pytest.mark.parametrize("p, m", [(0.3, 10), (0.05, 50)])
def test_heterozygosity_decays_geometrically(p, m):
    chain = two_state_chain(p, m, 30, seed=m)
    pn = chain.p[:, :, 0]
    generations = np.arange(31)
    assert_mean_matches(pn * (1 - pn), markov.expected_heterozygosity(p, generations, n_samples=m),
                        what="E p_n(1-p_n)")


@pytest.mark.parametrize("count, m", [(3, 10), (10, 20), (25, 100)])
def test_exact_absorption_time_matches_simulation(count, m):
    p = count / m
    absorption = markov.simulate_absorption(p, n_samples=m, n_chains=20_000, seed=m)
    assert_mean_matches(absorption.time, markov.expected_absorption_time(p, n_samples=m),
                        what="E absorption time")
    assert_mean_matches(absorption.fixed, p, what="P(fixation)")


def test_absorption_time_from_a_fraction_that_is_not_a_count():
    """p = 0.33 with M = 10 starts between counts: the first draw is Binomial(M, p)."""
    chain = two_state_chain(0.33, 10, 1, seed=9)
    first = np.rint(chain.p[:, 1, 0] * 10).astype(int)
    times = _absorption_times(10)
    assert_mean_matches(1 + times[first], markov.expected_absorption_time(0.33, n_samples=10))


@pytest.mark.parametrize("m", [200, 1000])
def test_kimura_is_close_to_the_exact_time_for_large_m(m):
    p = np.array([0.1, 0.3, 0.5])
    exact = markov.expected_absorption_time(p, n_samples=m)
    kimura = markov.diffusion_absorption_time(p, n_samples=m)
    assert np.all(np.abs(exact - kimura) / exact < 0.02), (exact, kimura)


def test_expected_surviving_categories_matches_simulation():
    p0 = markov.zipf(K=30, exponent=1.2)
    chain = markov.simulate_chain(p0, n_samples=40, n_generations=25, n_chains=5000, seed=3)
    generations = np.arange(26)
    assert_mean_matches(chain.support_size,
                        markov.expected_surviving_categories(p0, generations, n_samples=40),
                        what="E surviving categories")


def test_rare_categories_vanish_first():
    p0 = markov.zipf(K=40, exponent=1.0)
    survival = markov.survival_probability(p0, 10, n_samples=50)
    assert np.all(np.diff(survival) <= 1e-12)  # rarer (later) categories survive less


def test_accumulate_and_mix_keep_more_support_than_replace():
    p0 = markov.zipf(K=100, exponent=1.0)
    common = dict(n_samples=100, n_generations=60, n_chains=400, seed=5)
    support = {name: markov.simulate_chain(p0, strategy=name,
                                           real_fraction=0.2 if name == "mix" else 0.0,
                                           **common).support_size[:, -1]
               for name in markov.STRATEGIES}
    for better in ("accumulate", "mix"):
        gap = support[better].mean() - support["replace"].mean()
        standard_error = np.sqrt(support[better].var(ddof=1) / 400 +
                                 support["replace"].var(ddof=1) / 400)
        assert gap > 10 * standard_error, (better, gap, standard_error)


def test_mix_with_all_real_data_is_a_fresh_estimate_each_generation():
    p0 = np.array([0.6, 0.3, 0.1])
    chain = markov.simulate_chain(p0, n_samples=12, n_generations=5, strategy="mix",
                                  real_fraction=1.0, n_chains=N_CHAINS, seed=8)
    assert_mean_matches(chain.p[:, 1:, :].reshape(N_CHAINS, -1), np.tile(p0, 5))


def test_simulate_absorption_edges_and_errors():
    assert markov.simulate_absorption(0.0, n_samples=10, n_chains=3).time.tolist() == [0, 0, 0]
    assert markov.simulate_absorption(1.0, n_samples=10, n_chains=2).fixed.all()
    with pytest.raises(ValueError, match="max_generations"):
        markov.simulate_absorption(0.5, n_samples=1000, n_chains=5, max_generations=2, seed=0)
    with pytest.raises(ValueError, match="n_chains"):
        markov.simulate_absorption(0.5, n_samples=10, n_chains=0)


def test_zipf():
    np.testing.assert_allclose(markov.zipf(K=4, exponent=0.0), 0.25)
    p = markov.zipf(K=100, exponent=1.5)
    assert p.sum() == pytest.approx(1.0) and np.all(np.diff(p) < 0)
    assert p[0] / p[9] == pytest.approx(10 ** 1.5)


def test_same_seed_same_arrays():
    p0 = markov.zipf(K=10, exponent=1.0)
    for strategy in markov.STRATEGIES:
        kw = dict(n_samples=20, n_generations=10, n_chains=4, strategy=strategy,
                  real_fraction=0.5 if strategy == "mix" else 0.0)
        first = markov.simulate_chain(p0, seed=1, **kw)
        np.testing.assert_array_equal(first.p, markov.simulate_chain(p0, seed=1, **kw).p)
        assert not np.array_equal(first.p, markov.simulate_chain(p0, seed=2, **kw).p)


@given(K=st.integers(1, 12), m=st.integers(1, 30), n=st.integers(0, 15),
       n_chains=st.integers(1, 5), strategy=st.sampled_from(markov.STRATEGIES),
       exponent=st.floats(0, 3), seed=st.integers(0, 2 ** 32 - 1))
def test_shapes_and_ranges(K, m, n, n_chains, strategy, exponent, seed):
    p0 = markov.zipf(K=K, exponent=exponent)
    chain = markov.simulate_chain(p0, n_samples=m, n_generations=n, n_chains=n_chains,
                                  strategy=strategy,
                                  real_fraction=0.5 if strategy == "mix" else 0.0, seed=seed)
    assert chain.p.shape == (n_chains, n + 1, K)
    np.testing.assert_allclose(chain.p.sum(axis=-1), 1.0)
    assert np.all(chain.p >= 0) and np.all(chain.support_size >= 1)
    if strategy == "replace":  # a lost category never comes back
        assert np.all(np.diff(chain.support_size, axis=1) <= 0)


PROBABILITY_VECTOR = r"^p0 must be a 1-d vector of probabilities >= 0 summing to 1"


@pytest.mark.parametrize("p0, detail", [([0.5, -0.1, 0.6], ""), ([0.5, 0.4], r".*its sum is"),
                                        ([], ""), ([0.5, np.nan], ""), ([[0.5, 0.5]], "")])
def test_bad_probabilities(p0, detail):
    with pytest.raises(ValueError, match=PROBABILITY_VECTOR + detail):
        markov.simulate_chain(p0, n_samples=10, n_generations=3)


def test_probabilities_within_tolerance_are_accepted():
    chain = markov.simulate_chain([0.5, 0.5 + 5e-10], n_samples=10, n_generations=1, seed=0)
    assert chain.p.shape == (1, 2, 2)


@pytest.mark.parametrize("kwargs, name, error", [
    ({"n_samples": 0}, "n_samples", ValueError), ({"n_samples": 2.5}, "n_samples", TypeError),
    ({"n_generations": -1}, "n_generations", ValueError),
    ({"n_chains": 0}, "n_chains", ValueError), ({"strategy": "keep"}, "strategy", ValueError),
    ({"strategy": "mix", "real_fraction": 1.5}, "real_fraction", ValueError),
    ({"real_fraction": 0.5}, "real_fraction", ValueError), ({"seed": -1}, "seed", ValueError),
])
def test_bad_simulation_arguments(kwargs, name, error):
    kwargs = {"n_samples": 10, "n_generations": 3, **kwargs}
    with pytest.raises(error, match=name):
        markov.simulate_chain([0.5, 0.5], **kwargs)


def named(name):
    """The start of a check's message: anchored, since "n" or "p" alone would match anything."""
    return rf"^{name} must"


@pytest.mark.parametrize("call, message", [
    (lambda: markov.transition_matrix(n_samples=0), named("n_samples")),
    (lambda: markov.count_distribution(1.2, 3, n_samples=10), named("p")),
    (lambda: markov.count_distribution(0.5, 0, n_samples=10), named("n")),
    (lambda: markov.loss_probability(-0.1, 3, n_samples=10), named("p")),
    (lambda: markov.loss_probability(0.1, 3, n_samples=0), named("n_samples")),
    (lambda: markov.loss_probability(0.1, -1, n_samples=10), named("n")),
    (lambda: markov.fixation_probability(np.nan), named("p")),
    (lambda: markov.expected_absorption_time(0.5, n_samples=0), named("n_samples")),
    (lambda: markov.diffusion_absorption_time(2.0, n_samples=10), named("p")),
    (lambda: markov.expected_surviving_categories([0.2, 0.2], 3, n_samples=10),
     PROBABILITY_VECTOR + r".*its sum is"),
    (lambda: markov.zipf(K=0, exponent=1.0), named("K")),
    (lambda: markov.zipf(K=5, exponent=-1.0), named("exponent")),
])
def test_bad_theory_arguments(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


POSITIONAL_SIZES = {
    "simulate_chain": lambda: markov.simulate_chain([0.5, 0.5], 10, 5),
    "simulate_chain n_generations": lambda: markov.simulate_chain([0.5, 0.5], 10,
                                                                  n_generations=5),
    "compare_strategies": lambda: markov.compare_strategies([0.5, 0.5], 10, 5, 20),
    "zipf": lambda: markov.zipf(5, 1.0),
    "transition_matrix": lambda: markov.transition_matrix(5),
    "count_distribution": lambda: markov.count_distribution(0.5, 1, 10),
    "loss_probability": lambda: markov.loss_probability(0.5, 1, 10),
    "survival_probability": lambda: markov.survival_probability(0.5, 1, 10),
    "expected_heterozygosity": lambda: markov.expected_heterozygosity(0.5, 1, 10),
    "expected_absorption_time": lambda: markov.expected_absorption_time(0.5, 10),
    "diffusion_absorption_time": lambda: markov.diffusion_absorption_time(0.5, 10),
    "expected_surviving_categories": lambda: markov.expected_surviving_categories(
        [0.5, 0.5], 1, 10),
    "simulate_absorption": lambda: markov.simulate_absorption(0.5, 10),
    "simulate_absorption n_chains": lambda: markov.simulate_absorption(0.5, 10, 5),
}


@pytest.mark.parametrize("call", list(POSITIONAL_SIZES.values()), ids=list(POSITIONAL_SIZES))
def test_sizes_are_keyword_only(call):
    """A size or count passed by position is refused by the signature itself."""
    with pytest.raises(TypeError, match="positional argument"):
        call()
