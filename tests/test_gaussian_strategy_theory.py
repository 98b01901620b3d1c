"""The Gaussian chain's exact theory under "mix" and "accumulate" (strategy_theory.py).

Every formula against ``simulate_chain`` (4 Monte Carlo standard errors), against an
independent step-by-step recursion, and at its limits (the replace chain at f = 0, a
fresh fit at f = 1, the fixed point, the limits of the accumulate chain).

Cases with a meaningful standard error only: with exactly one real point per generation
and the unbiased estimator, sigma_n^2 of the mix chain has a second moment that grows
without bound (see the module docstring), so those cases run a few generations only.
"""
import zlib

import numpy as np
import pytest
from scipy.special import gamma

from collapse_lib.gaussian import expected_mean_drift, expected_variance, simulate_chain
from collapse_lib.gaussian.strategy_theory import (
    MixMoments, expected_mean_drift_accumulate, expected_mean_drift_mix,
    expected_variance_accumulate, expected_variance_mix, mix_moments, stationary_mix_moments)
from montecarlo import assert_mean_matches

N_CHAINS = 20_000
MU, SIGMA = 1.5, 2.0
ESTIMATORS = ["unbiased", "mle"]

# (M, f, estimator, n): M = 2, 5, 20; f = 0.1 and 0.5 (and 0.2: one real point of 5).
MIX_CASES = [
    (2, 0.5, "mle", 50), (2, 0.5, "unbiased", 5),
    (5, 0.5, "mle", 50), (5, 0.5, "unbiased", 50), (5, 0.2, "mle", 50),
    (20, 0.1, "mle", 50), (20, 0.1, "unbiased", 50), (20, 0.5, "unbiased", 50),
]
ACCUMULATE_CASES = [(m, estimator, 50) for m in (2, 5, 20) for estimator in ESTIMATORS]


def _seed(*parts):
    """A fixed seed per case (crc32 of its description), so cases draw independent numbers."""
    return zlib.crc32("-".join(map(str, parts)).encode())


@pytest.fixture(scope="module")
def mix_chains():
    return {
        case: simulate_chain(n_generations=case[3], n_samples=case[0], mu=MU, sigma=SIGMA,
                             estimator=case[2], n_chains=N_CHAINS, strategy="mix",
                             real_fraction=case[1], seed=_seed("mix", *case))
        for case in MIX_CASES
    }


@pytest.fixture(scope="module")
def accumulate_chains():
    return {
        case: simulate_chain(n_generations=case[2], n_samples=case[0], mu=MU, sigma=SIGMA,
                             estimator=case[1], n_chains=N_CHAINS, strategy="accumulate",
                             seed=_seed("accumulate", *case))
        for case in ACCUMULATE_CASES
    }


# ---------------------------------------------------------------------------------------
# Independent references: the recursions written out step by step
# ---------------------------------------------------------------------------------------

def mix_recursion(n_max, m, f, estimator, sigma=1.0):
    """v_n, m_n for n = 0..n_max by the one-generation recursion, a plain loop."""
    real = round(f * m)
    synthetic = m - real
    d = m if estimator == "mle" else m - 1
    q = (m - 1) / m
    v, drift = [sigma ** 2], [0.0]
    for _ in range(n_max):
        v_prev, d_prev = v[-1], drift[-1]
        drift.append((real * sigma ** 2 + synthetic * v_prev + synthetic ** 2 * d_prev) / m ** 2)
        v.append((q * (real * sigma ** 2 + synthetic * v_prev)
                  + real * synthetic / m * d_prev) / d)
    return np.array(v), np.array(drift)


def accumulate_by_block_covariance(n_max, m, estimator):
    """v_n, m_n from the covariance G of the block-mean deviations y_b (O(n^2), sigma = 1).

    y_b = mean(y_1..y_{b-1}) + e_b, E e_b^2 = v_{b-1}/M, e_b orthogonal to the past;
    v_n = [(M-1) sum_{b<=n} v_{b-1} + M (tr G - 1'G1/n)] / D_n, m_n = 1'G1/n^2.
    """
    g = np.zeros((n_max, n_max))
    v, drift = [1.0], [0.0]
    for b in range(1, n_max + 1):
        i = b - 1                     # 0-based index of block b
        if i:
            g[i, :i] = g[:i, :i].sum(axis=0) / i
            g[:i, i] = g[i, :i]
            g[i, i] = g[:i, :i].sum() / i ** 2
        g[i, i] += v[b - 1] / m
        block = g[:b, :b]
        total_divisor = b * m - (1 if estimator == "unbiased" else 0)
        v.append(((m - 1) * sum(v[:b]) + m * (np.trace(block) - block.sum() / b))
                 / total_divisor)
        drift.append(block.sum() / b ** 2)
    return np.array(v), np.array(drift)


# ---------------------------------------------------------------------------------------
# Against simulation
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", MIX_CASES, ids=lambda c: "M{}-f{}-{}-n{}".format(*c))
def test_mix_moments_match_the_simulation(mix_chains, case):
    m, f, estimator, n = case
    chain = mix_chains[case]
    theory = mix_moments(np.arange(n + 1), n_samples=m, real_fraction=f, sigma=SIGMA,
                         estimator=estimator)
    assert_mean_matches(chain.sigma2, theory.variance, what="E sigma_n^2 (mix)")
    assert_mean_matches((chain.mu - MU) ** 2, theory.mean_drift, what="E (mu_n - mu)^2 (mix)")


@pytest.mark.parametrize("case", ACCUMULATE_CASES, ids=lambda c: "M{}-{}-n{}".format(*c))
def test_accumulate_moments_match_the_simulation(accumulate_chains, case):
    m, estimator, n = case
    chain = accumulate_chains[case]
    generations = np.arange(n + 1)
    assert_mean_matches(chain.sigma2, expected_variance_accumulate(
        generations, n_samples=m, sigma=SIGMA, estimator=estimator),
        what="E sigma_n^2 (accumulate)")
    assert_mean_matches((chain.mu - MU) ** 2, expected_mean_drift_accumulate(
        generations, n_samples=m, sigma=SIGMA, estimator=estimator),
        what="E (mu_n - mu)^2 (accumulate)")


@pytest.mark.parametrize("strategy, f, estimator", [("mix", 0.5, "unbiased"),
                                                    ("accumulate", 0.0, "mle")])
def test_the_sample_based_chain_agrees_too(strategy, f, estimator):
    """method="samples" fits the drawn points themselves (no sufficient-statistic shortcut)."""
    m, n = 5, 20
    chain = simulate_chain(n_generations=n, n_samples=m, mu=MU, sigma=SIGMA,
                           estimator=estimator, n_chains=N_CHAINS, strategy=strategy,
                           real_fraction=f, method="samples", seed=_seed("samples", strategy))
    generations = np.arange(n + 1)
    if strategy == "mix":
        theory = mix_moments(generations, n_samples=m, real_fraction=f, sigma=SIGMA,
                             estimator=estimator)
        variance, drift = theory.variance, theory.mean_drift
    else:
        variance = expected_variance_accumulate(generations, n_samples=m, sigma=SIGMA,
                                                estimator=estimator)
        drift = expected_mean_drift_accumulate(generations, n_samples=m, sigma=SIGMA,
                                               estimator=estimator)
    assert_mean_matches(chain.sigma2, variance, what=f"E sigma_n^2 ({strategy}, samples)")
    assert_mean_matches((chain.mu - MU) ** 2, drift, what=f"E (mu_n - mu)^2 ({strategy}, samples)")


@pytest.mark.parametrize("case", [(5, 0.5, "mle", 50), (20, 0.5, "unbiased", 50)],
                         ids=lambda c: "M{}-f{}-{}".format(*c))
def test_the_mix_chain_reaches_its_fixed_point(mix_chains, case):
    """Generations 30..50 are at the fixed point; each chain's average over them matches it."""
    m, f, estimator, _ = case
    fixed = stationary_mix_moments(n_samples=m, real_fraction=f, sigma=SIGMA,
                                   estimator=estimator)
    late = np.arange(30, 51)
    theory = mix_moments(late, n_samples=m, real_fraction=f, sigma=SIGMA, estimator=estimator)
    np.testing.assert_allclose(theory.variance, fixed.variance, rtol=1e-6)
    np.testing.assert_allclose(theory.mean_drift, fixed.mean_drift, rtol=1e-6)
    chain = mix_chains[case]
    assert_mean_matches(chain.sigma2[:, late].mean(axis=1), fixed.variance, what="v*")
    assert_mean_matches(((chain.mu[:, late] - MU) ** 2).mean(axis=1), fixed.mean_drift,
                        what="m*")


def test_the_simulation_can_tell_a_wrong_formula():
    """The checks above have power: the other estimator's or strategy's theory is refused."""
    chain = simulate_chain(n_generations=30, n_samples=20, estimator="unbiased",
                           n_chains=N_CHAINS, strategy="mix", real_fraction=0.1, seed=7)
    generations = np.arange(31)
    with pytest.raises(AssertionError):
        assert_mean_matches(chain.sigma2, expected_variance_mix(
            generations, n_samples=20, real_fraction=0.1, estimator="mle"))
    with pytest.raises(AssertionError):   # the replace chain's drift, n sigma^2 / M
        assert_mean_matches(chain.mu ** 2, expected_mean_drift(generations, n_samples=20))
    chain = simulate_chain(n_generations=30, n_samples=5, estimator="mle", n_chains=N_CHAINS,
                           strategy="accumulate", seed=8)
    with pytest.raises(AssertionError):   # the replace chain's q^n
        assert_mean_matches(chain.sigma2, expected_variance(generations, n_samples=5,
                                                            estimator="mle"))
    with pytest.raises(AssertionError):
        assert_mean_matches(chain.sigma2, expected_variance_accumulate(
            generations, n_samples=5, estimator="unbiased"))


# ---------------------------------------------------------------------------------------
# Exact identities
# ---------------------------------------------------------------------------------------

RECURSION_CASES = [(m, f, estimator) for m, f in [(2, 0.5), (5, 0.2), (5, 0.1), (5, 0.8),
                                                  (10, 0.3), (20, 0.1), (20, 0.5), (7, 1.0),
                                                  (7, 0.0)]
                   for estimator in ESTIMATORS]


@pytest.mark.parametrize("m, f, estimator", RECURSION_CASES)
def test_mix_closed_form_equals_the_recursion(m, f, estimator):
    n = np.arange(301)
    v, drift = mix_recursion(300, m, f, estimator, sigma=SIGMA)
    theory = mix_moments(n, n_samples=m, real_fraction=f, sigma=SIGMA, estimator=estimator)
    np.testing.assert_allclose(theory.variance, v, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(theory.mean_drift, drift, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(expected_variance_mix(n, n_samples=m, real_fraction=f,
                                                     sigma=SIGMA, estimator=estimator),
                               v, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(expected_mean_drift_mix(n, n_samples=m, real_fraction=f,
                                                       sigma=SIGMA, estimator=estimator),
                               drift, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("m", [2, 5, 20])
def test_no_real_data_is_the_replace_chain(m, estimator):
    n = np.concatenate([np.arange(400), [10 ** 4, 10 ** 6, 10 ** 12]])
    kwargs = dict(n_samples=m, sigma=SIGMA, estimator=estimator)
    for f in (0.0, 0.49 / m):               # round(f M) = 0: no real point either
        moments = mix_moments(n, real_fraction=f, **kwargs)
        np.testing.assert_allclose(moments.variance, expected_variance(n, **kwargs), rtol=1e-12)
        np.testing.assert_allclose(moments.mean_drift, expected_mean_drift(n, **kwargs),
                                   rtol=1e-12)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("m", [2, 5, 20])
def test_only_real_data_is_a_fresh_fit_every_generation(m, estimator):
    n = np.array([0, 1, 2, 10, 10 ** 9])
    moments = mix_moments(n, n_samples=m, real_fraction=1.0, sigma=SIGMA, estimator=estimator)
    divisor = m if estimator == "mle" else m - 1
    fresh_fit = SIGMA ** 2 * (m - 1) / divisor
    np.testing.assert_allclose(moments.variance, [SIGMA ** 2] + 4 * [fresh_fit], rtol=1e-15)
    np.testing.assert_allclose(moments.mean_drift, [0.0] + 4 * [SIGMA ** 2 / m], rtol=1e-15)


@pytest.mark.parametrize("m, f, estimator",
                         [case for case in RECURSION_CASES if round(case[0] * case[1]) >= 1])
def test_the_fixed_point_is_fixed_and_reached(m, f, estimator):
    fixed = stationary_mix_moments(n_samples=m, real_fraction=f, sigma=SIGMA, estimator=estimator)
    # one step of the recursion from (v*, m*) returns (v*, m*)
    real, synthetic = round(f * m), m - round(f * m)
    d = m if estimator == "mle" else m - 1
    v_next = ((m - 1) / m * (real * SIGMA ** 2 + synthetic * fixed.variance)
              + real * synthetic / m * fixed.mean_drift) / d
    drift_next = (real * SIGMA ** 2 + synthetic * fixed.variance
                  + synthetic ** 2 * fixed.mean_drift) / m ** 2
    np.testing.assert_allclose([v_next, drift_next], [fixed.variance, fixed.mean_drift],
                               rtol=1e-13)
    far = mix_moments([10 ** 6, 10 ** 18], n_samples=m, real_fraction=f, sigma=SIGMA,
                      estimator=estimator)
    np.testing.assert_allclose(far.variance, fixed.variance, rtol=1e-12)
    np.testing.assert_allclose(far.mean_drift, fixed.mean_drift, rtol=1e-12)


def test_unbiased_fixed_point_overshoots_the_real_variance():
    """v* = sigma^2 [1 + M_s / (M(M-1) - M_s^2)], m* = sigma^2 (M-1) / (M(M-1) - M_s^2)."""
    for m, f in [(10, 0.1), (10, 0.5), (20, 0.1), (2, 0.5)]:
        synthetic = m - round(f * m)
        fixed = stationary_mix_moments(n_samples=m, real_fraction=f)
        gap = m * (m - 1) - synthetic ** 2
        assert fixed.variance == pytest.approx(1 + synthetic / gap, rel=1e-14)
        assert fixed.mean_drift == pytest.approx((m - 1) / gap, rel=1e-14)
        assert fixed.variance > 1.0
    assert stationary_mix_moments(n_samples=10, real_fraction=0.1).variance == pytest.approx(2.0)


@pytest.mark.parametrize("m, f", [(2, 0.5), (5, 0.2), (20, 0.1), (7, 0.0), (7, 1.0)])
def test_mle_variance_plus_drift_is_conserved(m, f):
    """For the MLE, sigma_n^2 + (mu_n - mu)^2 is the mean of (x - mu)^2 over the data."""
    n = np.array([0, 1, 5, 50, 1000, 10 ** 9])
    moments = mix_moments(n, n_samples=m, real_fraction=f, sigma=SIGMA, estimator="mle")
    np.testing.assert_allclose(moments.variance + moments.mean_drift, SIGMA ** 2, rtol=1e-12)
    n = np.arange(2001)
    total = expected_variance_accumulate(n, n_samples=m, sigma=SIGMA, estimator="mle") + \
        expected_mean_drift_accumulate(n, n_samples=m, sigma=SIGMA, estimator="mle")
    np.testing.assert_allclose(total, SIGMA ** 2, rtol=1e-12)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("m", [2, 3, 5, 20])
def test_accumulate_equals_the_block_covariance_recursion(m, estimator):
    v, drift = accumulate_by_block_covariance(60, m, estimator)
    n = np.arange(61)
    np.testing.assert_allclose(expected_variance_accumulate(n, n_samples=m, estimator=estimator),
                               v, rtol=1e-12)
    np.testing.assert_allclose(expected_mean_drift_accumulate(n, n_samples=m,
                                                              estimator=estimator),
                               drift, rtol=1e-12, atol=1e-15)


def test_accumulate_closed_forms_and_limits():
    n = np.arange(1, 1001)
    np.testing.assert_allclose(expected_variance_accumulate(n, n_samples=2),
                               (2 * n + 1) / (3 * n), rtol=1e-12)
    far = 10 ** 6
    for m in (2, 5, 20):
        x = np.pi / np.sqrt(m)
        assert expected_variance_accumulate(far, n_samples=m, estimator="mle") == \
            pytest.approx(np.sin(x) / x, rel=1e-5)
        root = np.sqrt(1 + 4 * m)
        r_plus, r_minus = (1 + root) / (2 * m), (1 - root) / (2 * m)
        limit = gamma(2 - 1 / m) / (gamma(2 - r_plus) * gamma(2 - r_minus))
        assert expected_variance_accumulate(far, n_samples=m) == pytest.approx(limit, rel=1e-5)
        drift = expected_mean_drift_accumulate([10, far], n_samples=m, sigma=SIGMA)
        assert drift[0] < drift[1] < SIGMA ** 2 * np.pi ** 2 / (6 * m)


# ---------------------------------------------------------------------------------------
# Shapes and bad input
# ---------------------------------------------------------------------------------------

def test_shapes_and_types():
    assert isinstance(expected_variance_mix(3, n_samples=5, real_fraction=0.4), float)
    assert isinstance(expected_mean_drift_accumulate(np.int32(3), n_samples=5), float)
    n = np.array([[0, 1, 2], [3, 4, 5]], dtype=np.uint16)
    moments = mix_moments(n, n_samples=5, real_fraction=0.4)
    assert isinstance(moments, MixMoments)
    assert moments.variance.shape == moments.mean_drift.shape == (2, 3)
    assert not moments.variance.flags.writeable
    assert expected_variance_accumulate(n, n_samples=5).shape == (2, 3)
    empty = np.array([], dtype=int)
    assert expected_mean_drift_mix(empty, n_samples=5, real_fraction=0.4).shape == (0,)
    assert expected_variance_accumulate(empty, n_samples=5).shape == (0,)
    fixed = stationary_mix_moments(n_samples=5, real_fraction=0.4)
    assert isinstance(fixed.variance, float) and isinstance(fixed.mean_drift, float)


MIX_FUNCTIONS = [mix_moments, expected_variance_mix, expected_mean_drift_mix]
ACCUMULATE_FUNCTIONS = [expected_variance_accumulate, expected_mean_drift_accumulate]
BAD = [
    ("n", -1, ValueError), ("n", [0, -2], ValueError), ("n", 1.5, TypeError),
    ("n_samples", 1, ValueError), ("n_samples", 2.0, TypeError),
    ("sigma", 0.0, ValueError), ("sigma", 1e200, ValueError),
    ("estimator", "biased", ValueError),
]


@pytest.mark.parametrize("function", MIX_FUNCTIONS + ACCUMULATE_FUNCTIONS,
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("name, value, error", BAD, ids=lambda v: str(v))
def test_bad_input_names_the_argument(function, name, value, error):
    kwargs = dict(n=3, n_samples=5, sigma=1.0, estimator="unbiased")
    if function in MIX_FUNCTIONS:
        kwargs["real_fraction"] = 0.4
    kwargs[name] = value
    n = kwargs.pop("n")
    with pytest.raises(error, match=rf"^{name} must"):
        function(n, **kwargs)


@pytest.mark.parametrize("function", MIX_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan")])
def test_bad_real_fraction(function, value):
    with pytest.raises(ValueError, match=r"^real_fraction must"):
        function(3, n_samples=5, real_fraction=value)


@pytest.mark.parametrize("m, f", [(10, 0.0), (5, 0.1), (2, 0.25)])
def test_no_fixed_point_without_a_real_point(m, f):
    with pytest.raises(ValueError, match=r"^real_fraction must be > .* n_samples = "):
        stationary_mix_moments(n_samples=m, real_fraction=f)


def test_too_many_generations_and_overflow_are_refused():
    with pytest.raises(ValueError, match=r"lower n \(the largest generation"):
        expected_variance_accumulate(10 ** 12, n_samples=5)
    with pytest.raises(ValueError, match="overflows double precision for n up to"):
        expected_mean_drift_mix(2 ** 61, n_samples=2, real_fraction=0.0, sigma=1e150)
