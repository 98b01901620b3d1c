"""The discrete chain under "mix": collapse_lib.markov.mixing against simulation (4 MC SE).

The simulations are ``markov.simulate_chain(..., strategy="mix")`` on a Zipf p0 with
K = 30 categories; each setting (M, f) is simulated once and shared by the tests.
"""
from functools import lru_cache

import numpy as np
import pytest
from scipy.stats import binom

from collapse_lib import markov
from collapse_lib.markov import mixing
from collapse_lib.markov.theory import expected_heterozygosity, expected_surviving_categories
from montecarlo import assert_mean_matches

N_CHAINS = 5000
N_GENERATIONS = 100
GENERATIONS = np.arange(N_GENERATIONS + 1)
P0 = markov.zipf(K=30, exponent=1.0)
SETTINGS = [(10, 0.1), (10, 0.5), (50, 0.1), (50, 0.5)]   # (M, f): M_r = 1, 5, 5, 25
SETTING_IDS = [f"M={m}-f={f}" for m, f in SETTINGS]


@lru_cache(maxsize=None)
def simulated(m, f):
    """Support size and heterozygosity 1 - sum_k p_n(k)^2, each (N_CHAINS, N_GENERATIONS + 1)."""
    chain = markov.simulate_chain(P0, n_samples=m, n_generations=N_GENERATIONS,
                                  n_chains=N_CHAINS, strategy="mix", real_fraction=f,
                                  seed=1000 * m + int(100 * f))
    return chain.support_size, 1.0 - (chain.p ** 2).sum(axis=-1)


def sizes(m, f):
    n_real = round(f * m)
    return n_real, m - n_real


def forward_by_matrix(p0, generations, m, f):
    """(E S_n, E[1 - sum p_n^2]) from the count law Binomial(M, p) P^(n-1), one p at a time."""
    surviving, heterozygosity = [], []
    fractions = np.arange(m + 1) / m
    for n in generations:
        if n == 0:
            surviving.append(np.sum(p0 > 0))
            heterozygosity.append(np.sum(p0 * (1 - p0)))
            continue
        laws = np.array([binom.pmf(np.arange(m + 1), m, p)
                         @ np.linalg.matrix_power(
                             mixing.mix_transition_matrix(p, n_samples=m, real_fraction=f),
                             n - 1)
                         for p in p0])
        surviving.append(np.sum(1 - laws[:, 0]))
        heterozygosity.append(np.sum(laws @ (fractions * (1 - fractions))))
    return np.array(surviving), np.array(heterozygosity)


def stationary_by_linear_algebra(p0, m, f):
    """sum_k P_pi(count > 0), with pi solving pi (P - I) = 0, sum pi = 1, for each p."""
    total = 0.0
    for p in p0:
        if p == 0:
            continue
        matrix = mixing.mix_transition_matrix(p, n_samples=m, real_fraction=f)
        system = np.vstack([(matrix - np.eye(m + 1)).T, np.ones(m + 1)])
        right = np.zeros(m + 2)
        right[-1] = 1.0
        law = np.linalg.lstsq(system, right, rcond=None)[0]
        total += 1.0 - law[0]
    return total


# ---------------------------------------------------------------------------------------
# The transition matrix
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("m", [1, 2, 7, 10, 50])
def test_without_real_draws_the_matrix_is_wright_fisher(m):
    for f in (0.0, 0.4 / m):          # round(f M) = 0 in both
        np.testing.assert_array_equal(
            mixing.mix_transition_matrix(0.3, n_samples=m, real_fraction=f),
            markov.transition_matrix(n_samples=m))


@pytest.mark.parametrize("p, m, f", [(0.3, 10, 0.1), (0.05, 50, 0.5), (0.5, 7, 0.3),
                                     (0.9, 12, 1.0), (0.2, 9, 0.8)])
def test_matrix_rows_are_the_convolution_of_real_and_synthetic_draws(p, m, f):
    n_real, n_synthetic = sizes(m, f)
    matrix = mixing.mix_transition_matrix(p, n_samples=m, real_fraction=f)
    states = np.arange(m + 1)
    assert matrix.shape == (m + 1, m + 1) and np.all(matrix >= 0)
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-12)
    # E[count' | i] = M_r p + M_s i/M; Var = M_r p(1-p) + M_s (i/M)(1 - i/M)
    mean = matrix @ states
    np.testing.assert_allclose(mean, n_real * p + n_synthetic * states / m, atol=1e-9)
    variance = matrix @ states ** 2 - mean ** 2
    np.testing.assert_allclose(variance, n_real * p * (1 - p)
                               + n_synthetic * states / m * (1 - states / m), atol=1e-9)
    # no absorbing state; every count reaches every other in two steps
    assert matrix[0, 0] < 1 and matrix[m, m] < 1
    assert np.all(matrix @ matrix > 0)


@pytest.mark.parametrize("p, m, f, n", [(0.33, 10, 0.3, 3), (0.08, 20, 0.1, 4)])
def test_count_law_matches_simulation(p, m, f, n):
    """p M is not a count: generation 1 draws Binomial(M, p), later ones apply P_mix."""
    n_chains = 20_000
    chain = markov.simulate_chain([p, 1 - p], n_samples=m, n_generations=n, n_chains=n_chains,
                                  strategy="mix", real_fraction=f, seed=m + n)
    counts = np.rint(chain.p[:, n, 0] * m).astype(int)
    matrix = mixing.mix_transition_matrix(p, n_samples=m, real_fraction=f)
    law = binom.pmf(np.arange(m + 1), m, p) @ np.linalg.matrix_power(matrix, n - 1)
    np.testing.assert_allclose(law.sum(), 1.0)
    # counts expected at least 20 times each; the rarer ones lumped into one cell (a
    # normal approximation of a cell expected twice or less would fail by chance)
    cell = np.where(law * n_chains >= 20, np.arange(m + 1), m + 1)   # m + 1: the rare ones
    expected = np.bincount(cell, weights=law, minlength=m + 2)
    kept = expected * n_chains >= 20
    assert kept.sum() >= 5
    indicators = cell[counts][:, None] == np.flatnonzero(kept)[None, :]
    assert_mean_matches(indicators, expected[kept], what=f"P(count_{n} = j)")


# ---------------------------------------------------------------------------------------
# Against simulation
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("m, f", SETTINGS, ids=SETTING_IDS)
def test_heterozygosity_matches_simulation(m, f):
    _, heterozygosity = simulated(m, f)
    assert_mean_matches(heterozygosity,
                        mixing.expected_heterozygosity_mix(P0, GENERATIONS, n_samples=m,
                                                           real_fraction=f),
                        what="E[1 - sum p_n^2]")


@pytest.mark.parametrize("m, f", SETTINGS, ids=SETTING_IDS)
def test_surviving_categories_match_simulation(m, f):
    support, _ = simulated(m, f)
    assert_mean_matches(support,
                        mixing.expected_surviving_categories_mix(P0, GENERATIONS, n_samples=m,
                                                                 real_fraction=f),
                        what="E surviving categories")


def test_a_wrong_theory_is_rejected():
    """The comparisons have power: the replace theory, or one real draw too many, fail."""
    support, heterozygosity = simulated(10, 0.1)
    with pytest.raises(AssertionError):
        assert_mean_matches(support, expected_surviving_categories(P0, GENERATIONS,
                                                                   n_samples=10))
    with pytest.raises(AssertionError):       # M_r = 2 instead of 1
        assert_mean_matches(support, mixing.expected_surviving_categories_mix(
            P0, GENERATIONS, n_samples=10, real_fraction=0.2))
    with pytest.raises(AssertionError):
        assert_mean_matches(heterozygosity, mixing.expected_heterozygosity_mix(
            P0, GENERATIONS, n_samples=10, real_fraction=0.2))
    with pytest.raises(AssertionError):       # one generation off
        assert_mean_matches(heterozygosity[:, 1:], mixing.expected_heterozygosity_mix(
            P0, GENERATIONS[1:] + 1, n_samples=10, real_fraction=0.1))


@pytest.mark.parametrize("m, f", SETTINGS, ids=SETTING_IDS)
def test_the_level_is_reached_and_stays_positive(m, f):
    n_real, n_synthetic = sizes(m, f)
    curve = mixing.expected_surviving_categories_mix(P0, GENERATIONS, n_samples=m,
                                                     real_fraction=f)
    level = mixing.stationary_surviving_categories_mix(P0, n_samples=m, real_fraction=f)
    real_only = np.sum(1 - (1 - P0) ** n_real)        # kept alive by the real draws alone
    assert real_only > 0.5
    assert np.all(curve[1:] >= real_only) and level >= real_only
    # |E S_n - level| <= K M_s (M_s / M)^(n - 1)
    bound = P0.size * n_synthetic * (n_synthetic / m) ** (GENERATIONS[1:] - 1.0)
    assert np.all(np.abs(curve[1:] - level) <= bound + 1e-12)
    if f == 0.5:                                      # settled well before n = 100
        assert curve[-1] == level
    # simulated: no absorption (lost categories come back) and the mean stays up
    support, _ = simulated(m, f)
    assert np.any(np.diff(support, axis=1) > 0)
    late = support[:, N_GENERATIONS // 2:]
    assert np.all(late.mean(axis=0) > real_only)
    assert_mean_matches(late.mean(axis=1), curve[N_GENERATIONS // 2:].mean(),
                        what="mean late support")


@pytest.mark.parametrize("m, f, n_generations, burn_in", [(10, 0.1, 400, 200),
                                                          (20, 0.25, 200, 100)])
def test_stationary_level_matches_a_long_simulation(m, f, n_generations, burn_in):
    """Each chain's time average after the burn-in is one sample of the stationary mean."""
    n_chains = 1500
    chain = markov.simulate_chain(P0, n_samples=m, n_generations=n_generations,
                                  n_chains=n_chains, strategy="mix", real_fraction=f,
                                  seed=m)
    n_real, n_synthetic = sizes(m, f)
    assert P0.size * n_synthetic * (n_synthetic / m) ** (burn_in - 1) < 1e-6   # settled
    support = chain.support_size[:, burn_in:].mean(axis=1)
    assert_mean_matches(support, mixing.stationary_surviving_categories_mix(
        P0, n_samples=m, real_fraction=f), what="stationary surviving categories")
    heterozygosity = (1 - (chain.p[:, burn_in:] ** 2).sum(axis=-1)).mean(axis=1)
    assert_mean_matches(heterozygosity, mixing.expected_heterozygosity_mix(
        P0, 10 ** 9, n_samples=m, real_fraction=f), what="stationary heterozygosity")


# ---------------------------------------------------------------------------------------
# Exact checks (no simulation)
# ---------------------------------------------------------------------------------------

WITH_A_ZERO = np.r_[markov.zipf(K=8, exponent=1.3) * 0.95, 0.0, 0.05]


@pytest.mark.parametrize("m, f", [(10, 0.1), (10, 0.5), (7, 0.3), (12, 1.0), (5, 0.9),
                                  (1, 1.0), (3, 0.34), (10, 0.0)])
def test_formulas_equal_powers_of_the_transition_matrix(m, f):
    generations = [0, 1, 2, 5, 30, 120]
    surviving, heterozygosity = forward_by_matrix(WITH_A_ZERO, generations, m, f)
    np.testing.assert_allclose(mixing.expected_surviving_categories_mix(
        WITH_A_ZERO, generations, n_samples=m, real_fraction=f), surviving, rtol=0, atol=1e-11)
    np.testing.assert_allclose(mixing.expected_heterozygosity_mix(
        WITH_A_ZERO, generations, n_samples=m, real_fraction=f), heterozygosity,
        rtol=0, atol=1e-12)


@pytest.mark.parametrize("m, f", [(1, 1.0), (2, 0.5), (5, 0.2), (10, 0.1), (10, 0.7),
                                  (12, 0.5), (25, 0.04)])
def test_stationary_level_solves_pi_equals_pi_p(m, f):
    level = mixing.stationary_surviving_categories_mix(WITH_A_ZERO, n_samples=m,
                                                       real_fraction=f)
    assert level == pytest.approx(stationary_by_linear_algebra(WITH_A_ZERO, m, f),
                                  rel=0, abs=1e-11)
    # far generations (past the settling bound) are the stationary level itself
    assert mixing.expected_surviving_categories_mix(
        WITH_A_ZERO, 10 ** 12, n_samples=m, real_fraction=f) == level


@pytest.mark.parametrize("m", [1, 10, 50])
def test_zero_real_fraction_is_the_replace_theory_exactly(m):
    dyadic = np.array([0.5, 0.25, 0.125, 0.0625, 0.0625])    # renormalising changes no bit
    n = np.arange(0, 200, 7)
    for f in (0.0, 0.4 / m):                                  # round(f M) = 0
        np.testing.assert_array_equal(
            mixing.expected_heterozygosity_mix(dyadic, n, n_samples=m, real_fraction=f),
            expected_heterozygosity(dyadic, n, n_samples=m).sum(axis=-1))
        np.testing.assert_allclose(
            mixing.expected_heterozygosity_mix(P0, n, n_samples=m, real_fraction=f),
            expected_heterozygosity(P0, n, n_samples=m).sum(axis=-1), rtol=1e-14)
        np.testing.assert_array_equal(
            mixing.expected_surviving_categories_mix(P0, n, n_samples=m, real_fraction=f),
            expected_surviving_categories(P0, n, n_samples=m))
        # the replace chain fixes one category: its limit is 1
        assert mixing.stationary_surviving_categories_mix(P0, n_samples=m,
                                                          real_fraction=f) == 1.0
    assert expected_surviving_categories(P0, 2000, n_samples=m) == pytest.approx(1.0, abs=1e-6)


def test_all_real_draws_are_a_fresh_estimate_each_generation():
    m, n = 12, np.arange(1, 6)
    np.testing.assert_allclose(
        mixing.expected_heterozygosity_mix(P0, n, n_samples=m, real_fraction=1.0),
        (1 - np.sum(P0 ** 2)) * (1 - 1 / m), rtol=1e-13)
    fresh = np.sum(1 - (1 - P0) ** m)
    np.testing.assert_allclose(
        mixing.expected_surviving_categories_mix(P0, n, n_samples=m, real_fraction=1.0),
        fresh, rtol=1e-13)
    assert mixing.stationary_surviving_categories_mix(
        P0, n_samples=m, real_fraction=1.0) == pytest.approx(fresh, rel=1e-13)


def test_heterozygosity_closed_form_and_level():
    m, f = 50, 0.1
    n_real, n_synthetic = 5, 45
    rate = n_synthetic * (n_synthetic - 1) / m ** 2
    start = 1 - np.sum(P0 ** 2)
    level = start * n_real * (2 * m - n_real - 1) / (n_real * (2 * m - n_real) + n_synthetic)
    # the affine recursion s_n = a s_(n-1) + b, per category, iterated
    b = (n_real * P0 * (1 - P0) + n_synthetic * P0
         + (n_real ** 2 + 2 * n_real * n_synthetic) * P0 ** 2) / m ** 2
    second = P0 ** 2
    iterated = [start]
    for _ in range(60):
        second = rate * second + b
        iterated.append(np.sum(P0 - second))
    formula = mixing.expected_heterozygosity_mix(P0, np.arange(61), n_samples=m,
                                                 real_fraction=f)
    np.testing.assert_allclose(formula, iterated, rtol=1e-12)
    np.testing.assert_allclose(formula, level + rate ** np.arange(61) * (start - level),
                               rtol=1e-12)
    assert mixing.expected_heterozygosity_mix(P0, 10 ** 6, n_samples=m,
                                              real_fraction=f) == pytest.approx(level)
    assert level > 0 and np.all(np.diff(formula) < 0)


def test_shapes_and_types():
    kw = dict(n_samples=10, real_fraction=0.3)
    for func in (mixing.expected_heterozygosity_mix, mixing.expected_surviving_categories_mix):
        assert isinstance(func(P0, 3, **kw), float)
        assert isinstance(func(P0, np.int64(3), **kw), float)
        assert func(P0, [[0, 1, 2], [3, 4, 500]], **kw).shape == (2, 3)
        assert func(P0, np.array([], dtype=int), **kw).shape == (0,)
    assert isinstance(mixing.stationary_surviving_categories_mix(P0, **kw), float)
    matrix = mixing.mix_transition_matrix(0.2, **kw)
    assert matrix.shape == (11, 11) and not matrix.flags.writeable


def test_large_k_and_m_are_accepted():
    p0 = markov.zipf(K=300, exponent=1.0)
    kw = dict(n_samples=300, real_fraction=0.5)
    curve = mixing.expected_surviving_categories_mix(p0, [1, 10, 10 ** 6], **kw)
    level = mixing.stationary_surviving_categories_mix(p0, **kw)
    assert np.all(np.isfinite(curve)) and curve[-1] == level and 0 < level < 300


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------

PROBABILITY_VECTOR = r"^p0 must be a 1-d vector of probabilities >= 0 summing to 1"


def named(name):
    """The start of a check's message, anchored ("n" or "p" alone would match anything)."""
    return rf"^{name} must"


BAD_CALLS = {
    "matrix p array": (lambda: mixing.mix_transition_matrix([0.2, 0.3], n_samples=5,
                                                            real_fraction=0.2), named("p")),
    "matrix p > 1": (lambda: mixing.mix_transition_matrix(1.5, n_samples=5,
                                                          real_fraction=0.2), named("p")),
    "matrix n_samples": (lambda: mixing.mix_transition_matrix(0.5, n_samples=0,
                                                              real_fraction=0.2),
                         named("n_samples")),
    "matrix real_fraction": (lambda: mixing.mix_transition_matrix(0.5, n_samples=5,
                                                                  real_fraction=1.5),
                             named("real_fraction")),
    "heterozygosity p0": (lambda: mixing.expected_heterozygosity_mix(
        [0.2, 0.2], 3, n_samples=10, real_fraction=0.1), PROBABILITY_VECTOR + r".*its sum is"),
    "heterozygosity n": (lambda: mixing.expected_heterozygosity_mix(
        P0, -1, n_samples=10, real_fraction=0.1), named("n")),
    "heterozygosity n float": (lambda: mixing.expected_heterozygosity_mix(
        P0, 2.5, n_samples=10, real_fraction=0.1), named("n")),
    "heterozygosity n_samples": (lambda: mixing.expected_heterozygosity_mix(
        P0, 3, n_samples=0, real_fraction=0.1), named("n_samples")),
    "heterozygosity real_fraction": (lambda: mixing.expected_heterozygosity_mix(
        P0, 3, n_samples=10, real_fraction=-0.1), named("real_fraction")),
    "surviving p0": (lambda: mixing.expected_surviving_categories_mix(
        [0.5, -0.1, 0.6], 3, n_samples=10, real_fraction=0.1), PROBABILITY_VECTOR),
    "surviving n": (lambda: mixing.expected_surviving_categories_mix(
        P0, [1, -2], n_samples=10, real_fraction=0.1), named("n")),
    "surviving n_samples": (lambda: mixing.expected_surviving_categories_mix(
        P0, 3, n_samples=2.5, real_fraction=0.1), named("n_samples")),
    "surviving real_fraction": (lambda: mixing.expected_surviving_categories_mix(
        P0, 3, n_samples=10, real_fraction=float("nan")), named("real_fraction")),
    "stationary p0": (lambda: mixing.stationary_surviving_categories_mix(
        [[0.5, 0.5]], n_samples=10, real_fraction=0.1), PROBABILITY_VECTOR),
    "stationary n_samples": (lambda: mixing.stationary_surviving_categories_mix(
        P0, n_samples=-3, real_fraction=0.1), named("n_samples")),
    "stationary real_fraction": (lambda: mixing.stationary_surviving_categories_mix(
        P0, n_samples=10, real_fraction=2), named("real_fraction")),
    "stationary real_fraction string": (lambda: mixing.stationary_surviving_categories_mix(
        P0, n_samples=10, real_fraction="0.5"), named("real_fraction")),
}


@pytest.mark.parametrize("call, message", list(BAD_CALLS.values()), ids=list(BAD_CALLS))
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


@pytest.mark.parametrize("call, lower", [
    (lambda: mixing.mix_transition_matrix(0.5, n_samples=10 ** 6, real_fraction=0.5),
     "n_samples"),
    (lambda: mixing.expected_surviving_categories_mix(
        markov.zipf(K=1000, exponent=1.0), 1000, n_samples=2000, real_fraction=0.001),
     "n, len(p0) or n_samples"),
    (lambda: mixing.stationary_surviving_categories_mix(
        markov.zipf(K=1000, exponent=1.0), n_samples=5000, real_fraction=0.5),
     "len(p0) or n_samples"),
])
def test_oversized_requests_are_refused_before_running(call, lower):
    with pytest.raises(ValueError, match=r"^this call would .*lower " + lower.replace(
            "(", r"\(").replace(")", r"\)")):
        call()


POSITIONAL_SIZES = {
    "mix_transition_matrix": lambda: mixing.mix_transition_matrix(0.5, 10, 0.5),
    "expected_heterozygosity_mix": lambda: mixing.expected_heterozygosity_mix(P0, 1, 10, 0.5),
    "expected_surviving_categories_mix":
        lambda: mixing.expected_surviving_categories_mix(P0, 1, 10, 0.5),
    "stationary_surviving_categories_mix":
        lambda: mixing.stationary_surviving_categories_mix(P0, 10, 0.5),
}


@pytest.mark.parametrize("call", list(POSITIONAL_SIZES.values()), ids=list(POSITIONAL_SIZES))
def test_sizes_are_keyword_only(call):
    with pytest.raises(TypeError, match="positional argument"):
        call()
