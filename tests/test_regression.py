"""The regression world: exact and deterministic-equivalent formulas against simulation."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from collapse_lib import regression, theory
from collapse_lib.scaling import power_law_spectrum
from montecarlo import assert_mean_matches


def power_law(d, beta=1.5):
    return power_law_spectrum(d, beta)


@pytest.mark.parametrize("spectrum_name", ["isotropic", "power law"])
@pytest.mark.parametrize("d, T, T0, n", [(5, 12, 9, 3), (10, 40, 25, 6), (30, 50, 60, 4)])
def test_ols_formula(spectrum_name, d, T, T0, n):
    spectrum = None if spectrum_name == "isotropic" else power_law(d)
    chain = regression.simulate_chain(d, T0, T, n, sigma0=0.7, sigma=1.3, spectrum=spectrum,
                                      n_trials=20_000 if d < 30 else 6000, seed=d + T)
    expected = regression.ols_test_error(d, T, T0, np.arange(n + 1), sigma=1.3, sigma0=0.7)
    assert_mean_matches(chain.test_error, expected, what="OLS test error")
    assert_mean_matches(chain.generator_error[:, 1:],
                        regression.ols_test_error(d, T0, T0, np.arange(n), sigma=0.7,
                                                  sigma0=0.7), what="generator error")


def test_ols_error_grows_linearly_in_generations():
    errors = regression.ols_test_error(20, 100, 60, np.arange(10))
    np.testing.assert_allclose(np.diff(errors), 20 / 39)


@pytest.mark.parametrize("sigma0", [0.0, 0.5])
@pytest.mark.parametrize("d, T0", [(40, 10), (60, 30)])
def test_overparameterised_formula(sigma0, d, T0):
    w0 = np.random.default_rng(d).standard_normal(d)
    chain = regression.simulate_chain(d, T0, d + 10, 6, sigma0=sigma0, w0=w0, n_trials=4000,
                                      seed=T0)
    expected = regression.overparameterised_error(d, T0, np.arange(7), w0_norm2=w0 @ w0,
                                                  sigma0=sigma0)
    assert_mean_matches(chain.generator_error, expected, what="over-parameterised error")


def test_noiseless_overparameterised_chain_collapses_to_zero():
    chain = regression.simulate_chain(50, 10, 60, 40, sigma0=0.0, n_trials=200, seed=1)
    norms = np.linalg.norm(chain.weights, axis=-1)
    assert np.all(norms[:, 0] == pytest.approx(1.0)) and np.median(norms[:, -1]) < 0.02


@pytest.mark.parametrize("n", [1, 4, 10])
def test_accumulate_with_reused_design_matches_the_inverse_square_sum(n):
    chain = regression.simulate_chain(10, 40, 40, n, sigma0=1.0, strategy="accumulate",
                                      design="reused", n_trials=20_000, seed=n)
    assert_mean_matches(chain.generator_error,
                        regression.accumulate_test_error(10, 40, np.arange(n + 1)),
                        what="accumulated error")


def test_accumulate_with_fresh_designs_stays_below_the_bound():
    chain = regression.simulate_chain(10, 40, 40, 10, strategy="accumulate", n_trials=20_000,
                                      seed=3)
    clean = 10 / 29
    ratio = chain.generator_error[:, -1].mean() / clean
    standard_error = chain.generator_error[:, -1].std() / clean / np.sqrt(20_000)
    assert abs(ratio - 1.44) < 4 * standard_error + 0.01  # COURSE.md: about 1.44 at n = 10
    assert ratio < np.pi ** 2 / 6 - 4 * standard_error
    replace = regression.simulate_chain(10, 40, 40, 10, n_trials=2000, seed=4)
    assert replace.generator_error[:, -1].mean() / clean > 9


def test_mix_with_all_real_data_is_the_clean_fit():
    chain = regression.simulate_chain(8, 30, 30, 5, strategy="mix", real_fraction=1.0,
                                      n_trials=20_000, seed=5)
    assert_mean_matches(chain.generator_error[:, 1:], 8 / 21, what="clean generator error")


def test_sufficient_statistics_match_a_direct_simulation():
    """The Bartlett shortcut against drawing X and fitting by lstsq, trial by trial."""
    rng = np.random.default_rng(0)
    d, T0, n, trials = 6, 15, 3, 6000
    spectrum = power_law(d)
    direct = np.empty(trials)
    for t in range(trials):
        w = np.full(d, 1 / np.sqrt(d))
        for _ in range(n):
            X = rng.standard_normal((T0, d)) * np.sqrt(spectrum)
            w = np.linalg.lstsq(X, X @ w + rng.standard_normal(T0), rcond=None)[0]
        direct[t] = ((w - 1 / np.sqrt(d)) ** 2 * spectrum).sum()
    ours = regression.simulate_chain(d, T0, 20, n, spectrum=spectrum, n_trials=trials, seed=1)
    from scipy.stats import ks_2samp
    assert ks_2samp(direct, ours.generator_error[:, -1]).pvalue > 1e-4


SPECTRA = {"isotropic": lambda d: np.ones(d), "power law": power_law}


@pytest.mark.parametrize("spectrum_name", SPECTRA)
@pytest.mark.parametrize("ridge", [0.01, 0.1, 1.0])
def test_ridge_deterministic_equivalent_within_three_percent(spectrum_name, ridge):
    """Theory within 3 % (its finite-d error) plus 4 Monte Carlo standard errors, d = 80."""
    d, T, T0 = 80, 160, 200
    spectrum = SPECTRA[spectrum_name](d)
    w0 = np.full(d, 1 / np.sqrt(d))
    chain = regression.simulate_chain(d, T0, T, 4, ridge=ridge, spectrum=spectrum, w0=w0,
                                      n_trials=600, seed=int(ridge * 100))
    for n in (0, 1, 4):
        expected = theory.ridge_test_error(spectrum, w0, T, T0, n, ridge=ridge).total
        samples = chain.test_error[:, n]
        standard_error = samples.std(ddof=1) / np.sqrt(samples.size)
        assert abs(samples.mean() - expected) <= 0.03 * expected + 4 * standard_error, \
            (n, samples.mean(), expected)


def test_ridge_parts_match_their_simulated_counterparts():
    d, T, T0 = 60, 120, 150
    chain = regression.simulate_chain(d, T0, T, 3, ridge=0.1, n_trials=600, seed=7)
    expected = theory.ridge_test_error(np.ones(d), np.full(d, d ** -0.5), T, T0, 3, ridge=0.1)
    for name, samples in [("bias", chain.bias), ("variance", chain.variance),
                          ("collapse", chain.collapse[:, 3])]:
        value = getattr(expected, name)
        assert abs(samples.mean() - value) <= 0.03 * value + 4 * samples.std() / np.sqrt(600), name


def test_ridge_theory_reduces_to_ols():
    d, T, T0 = 20, 50, 40
    result = theory.ridge_test_error(np.ones(d), np.full(d, d ** -0.5), T, T0, np.arange(4),
                                     ridge=0.0)
    np.testing.assert_allclose(result.collapse, regression.ols_test_error(d, T, T0, np.arange(4))
                               - regression.ols_test_error(d, T, T0, 0))
    assert np.all(result.bias == 0)


def test_isotropic_closed_form_matches_the_root_finder():
    spectrum = np.full(30, 2.0)
    ridges = np.logspace(-3, 1, 9)
    closed = theory.effective_regularisation(spectrum, 20, ridges)
    nudged = spectrum * (1 + 1e-12 * np.arange(30))  # forces the Newton path
    np.testing.assert_allclose(theory.effective_regularisation(nudged, 20, ridges), closed,
                               rtol=1e-8)
    lhs = closed - ridges
    rhs = closed * theory.degrees_of_freedom(spectrum, closed) / 20
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)


def test_theory_vectorises_over_lambda_and_n():
    d = 50
    ridges, n = np.logspace(-3, 1, 7), np.arange(5)
    result = theory.ridge_test_error(power_law(d), np.full(d, d ** -0.5), 100, 80, n[None, :],
                                     ridge=ridges[:, None])
    assert result.total.shape == (7, 5)
    single = theory.ridge_test_error(power_law(d), np.full(d, d ** -0.5), 100, 80, 3,
                                     ridge=ridges[2])
    assert result.total[2, 3] == pytest.approx(single.total)


def test_optimal_ridge_grows_with_n_in_theory_and_simulation():
    d, T, T0 = 40, 80, 60
    ridges = np.logspace(-2, 1.5, 15)
    generations = np.array([0, 3, 10])
    best_theory = theory.optimal_ridge(np.ones(d), np.full(d, d ** -0.5), T, T0, generations,
                                       ridges=ridges, sigma=0.5)
    assert np.all(np.diff(best_theory) > 0), best_theory
    path = regression.simulate_ridge_path(d, T0, T, 10, ridges=ridges, sigma=0.5,
                                          n_trials=400, seed=2)
    mean_error = path.test_error.mean(axis=0)[generations]       # (3, L)
    best_simulated = ridges[np.argmin(mean_error, axis=-1)]
    assert np.all(np.diff(best_simulated) > 0), best_simulated


def test_same_seed_same_arrays():
    for strategy in regression.STRATEGIES:
        kw = dict(n_trials=3, strategy=strategy, real_fraction=0.5 if strategy == "mix" else 0.0)
        first = regression.simulate_chain(5, 10, 10, 3, seed=1, **kw)
        np.testing.assert_array_equal(first.test_error,
                                      regression.simulate_chain(5, 10, 10, 3, seed=1, **kw).test_error)
        assert not np.array_equal(first.test_error,
                                  regression.simulate_chain(5, 10, 10, 3, seed=2, **kw).test_error)


@given(d=st.integers(1, 8), T0=st.integers(1, 20), extra=st.integers(1, 10),
       n=st.integers(0, 4), ridge=st.sampled_from([0.0, 0.1, 2.0]),
       strategy=st.sampled_from(regression.STRATEGIES), design=st.sampled_from(regression.DESIGNS),
       seed=st.integers(0, 2 ** 32 - 1))
def test_shapes_and_ranges(d, T0, extra, n, ridge, strategy, design, seed):
    chain = regression.simulate_chain(d, T0, d + extra, n, ridge=ridge, strategy=strategy,
                                      real_fraction=0.5 if strategy == "mix" else 0.0,
                                      design=design, n_trials=2, seed=seed)
    for name in ("test_error", "collapse", "generator_error"):
        values = getattr(chain, name)
        assert values.shape == (2, n + 1) and np.all(np.isfinite(values)) and np.all(values >= 0)
    assert chain.bias.shape == chain.variance.shape == (2,)
    assert chain.weights.shape == (2, n + 1, d)
    assert np.all(chain.generator_error[:, 0] == 0)


@pytest.mark.parametrize("kwargs, name, error", [
    ({"d": 0}, "d", ValueError), ({"T0": 0}, "T0", ValueError), ({"T": 0}, "T", ValueError),
    ({"d": 2.5}, "d", TypeError), ({"n_generations": -1}, "n_generations", ValueError),
    ({"ridge": -0.1}, "ridge", ValueError), ({"ridge": float("nan")}, "ridge", ValueError),
    ({"T": 5, "ridge": 0.0}, "ridge = 0", ValueError),
    ({"spectrum": np.ones(4)}, "spectrum", ValueError),
    ({"spectrum": np.r_[np.ones(4), 0.0]}, "spectrum", ValueError),
    ({"spectrum": np.r_[np.ones(4), -1.0]}, "spectrum", ValueError),
    ({"w0": np.ones(3)}, "w0", ValueError), ({"sigma0": -1.0}, "sigma0", ValueError),
    ({"strategy": "keep"}, "strategy", ValueError), ({"design": "same"}, "design", ValueError),
    ({"real_fraction": 0.5}, "real_fraction", ValueError), ({"n_trials": 0}, "n_trials", ValueError),
])
def test_simulate_chain_rejects(kwargs, name, error):
    args = {"d": 5, "T0": 10, "T": 10, "n_generations": 2, **kwargs}
    with pytest.raises(error, match=name):
        regression.simulate_chain(args.pop("d"), args.pop("T0"), args.pop("T"),
                                  args.pop("n_generations"), **args)


@pytest.mark.parametrize("call, name", [
    (lambda: regression.ols_test_error(10, 11, 40, 1), "T must be >= d \\+ 2"),
    (lambda: regression.ols_test_error(10, 40, 11, 1), "T0 must be >= d \\+ 2"),
    (lambda: regression.ols_test_error(0, 40, 40, 1), "d"),
    (lambda: regression.ols_test_error(10, 40, 40, -1), "n"),
    (lambda: regression.overparameterised_error(10, 9, 1), "T0"),
    (lambda: regression.accumulate_test_error(10, 11, 2), "T"),
    (lambda: theory.ridge_test_error(np.ones(5), np.ones(5), 20, 6, 1, ridge=0.1), "T0"),
    (lambda: theory.ridge_test_error(np.ones(5), np.ones(4), 20, 20, 1, ridge=0.1), "w0_coeffs"),
    (lambda: theory.ridge_test_error(np.ones(5), np.ones(5), 20, 20, 1, ridge=-1.0), "ridge"),
    (lambda: theory.ridge_test_error(np.ones(5), np.ones(5), 6, 20, 1, ridge=0.0), "ridge = 0"),
    (lambda: theory.effective_regularisation([1.0, 0.0], 10, 0.1), "spectrum"),
    (lambda: theory.effective_regularisation([], 10, 0.1), "spectrum"),
    (lambda: theory.effective_regularisation(np.ones(3), 0, 0.1), "T"),
])
def test_formulas_reject(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_expected_generator_error_covers_both_regimes():
    n = np.arange(5)
    np.testing.assert_allclose(regression.expected_generator_error(10, 40, n, sigma0=0.5),
                               n * 0.25 * 10 / 29)
    np.testing.assert_allclose(regression.expected_generator_error(40, 10, n, sigma0=0.5),
                               regression.overparameterised_error(40, 10, n, sigma0=0.5))
    for T0 in (9, 10, 11):
        with pytest.raises(ValueError, match="T0 must be <= d - 2 or >= d \\+ 2"):
            regression.expected_generator_error(10, T0, n)


def test_accumulate_at_a_dimension_that_takes_the_blas_loop_path():
    """d = 56 runs the syrk/Cholesky code path of accumulate (d <= 48 is batched)."""
    chain = regression.simulate_chain(56, 80, 80, 3, strategy="accumulate", design="reused",
                                      n_trials=1500, seed=11)
    assert_mean_matches(chain.generator_error,
                        regression.accumulate_test_error(56, 80, np.arange(4)),
                        what="accumulated error, d = 56")
    fresh = regression.simulate_chain(56, 30, 80, 4, strategy="accumulate", n_trials=400, seed=12)
    assert np.all(np.isfinite(fresh.generator_error))


def test_one_lambda_and_a_path_of_lambdas_agree_on_the_same_draws():
    """The single-lambda solve and the many-lambda eigen path give the same numbers."""
    chain = regression.simulate_chain(12, 30, 25, 4, ridge=0.3, spectrum=power_law(12),
                                      n_trials=50, seed=9)
    path = regression.simulate_ridge_path(12, 30, 25, 4, ridges=[0.05, 0.3], spectrum=power_law(12),
                                          n_trials=50, seed=9)
    np.testing.assert_allclose(chain.test_error, path.test_error[..., 1], rtol=1e-8)
    np.testing.assert_allclose(chain.bias, path.bias[:, 1], rtol=1e-8)
    np.testing.assert_allclose(chain.variance, path.variance[:, 1], rtol=1e-8)
    np.testing.assert_allclose(chain.collapse, path.collapse[..., 1], rtol=1e-8, atol=1e-14)


def test_multivariate_t_step_has_the_law_of_an_ols_step():
    """The replace shortcut (one t vector per step) against explicit Wishart draws."""
    from scipy.stats import ks_2samp
    shortcut = regression.simulate_chain(8, 12, 20, 1, n_trials=6000, seed=1).generator_error[:, 1]
    explicit = regression.simulate_chain(8, 12, 20, 1, design="reused", n_trials=6000,
                                         seed=2).generator_error[:, 1]
    assert ks_2samp(shortcut, explicit).pvalue > 1e-4
