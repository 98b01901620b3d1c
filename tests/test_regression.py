"""The regression world: exact and deterministic-equivalent formulas against simulation."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from collapse_lib import regression, theory
from collapse_lib.scaling import power_law_spectrum
from montecarlo import assert_mean_matches


def power_law(d, beta=1.5):
    return power_law_spectrum(d=d, beta=beta)


@pytest.mark.parametrize("spectrum_name", ["isotropic", "power law"])
@pytest.mark.parametrize("d, T, T0, n", [(5, 12, 9, 3), (10, 40, 25, 6), (30, 50, 60, 4)])
def test_ols_formula(spectrum_name, d, T, T0, n):
    spectrum = None if spectrum_name == "isotropic" else power_law(d)
    chain = regression.simulate_chain(d=d, T0=T0, T=T, n_generations=n, sigma0=0.7, sigma=1.3,
                                      spectrum=spectrum, n_chains=20_000 if d < 30 else 6000,
                                      seed=d + T)
    expected = regression.ols_test_error(np.arange(n + 1), d=d, T=T, T0=T0, sigma=1.3,
                                         sigma0=0.7)
    assert_mean_matches(chain.test_error, expected, what="OLS test error")
    assert_mean_matches(chain.model_error[:, 1:],
                        regression.ols_test_error(np.arange(n), d=d, T=T0, T0=T0, sigma=0.7,
                                                  sigma0=0.7), what="generator error")


def test_ols_error_grows_linearly_in_generations():
    errors = regression.ols_test_error(np.arange(10), d=20, T=100, T0=60)
    np.testing.assert_allclose(np.diff(errors), 20 / 39)


@pytest.mark.parametrize("sigma0", [0.0, 0.5])
@pytest.mark.parametrize("d, T0", [(40, 10), (60, 30)])
def test_overparameterised_formula(sigma0, d, T0):
    w0 = np.random.default_rng(d).standard_normal(d)
    chain = regression.simulate_chain(d=d, T0=T0, T=d + 10, n_generations=6, sigma0=sigma0,
                                      w0=w0, n_chains=4000, seed=T0)
    expected = regression.overparameterised_error(np.arange(7), d=d, T0=T0, w0_norm2=w0 @ w0,
                                                  sigma0=sigma0)
    assert_mean_matches(chain.model_error, expected, what="over-parameterised error")


def test_noiseless_overparameterised_chain_collapses_to_zero():
    chain = regression.simulate_chain(d=50, T0=10, T=60, n_generations=40, sigma0=0.0,
                                      n_chains=200, seed=1)
    norms = np.linalg.norm(chain.weights, axis=-1)
    assert np.all(norms[:, 0] == pytest.approx(1.0)) and np.median(norms[:, -1]) < 0.02


@pytest.mark.parametrize("n", [1, 4, 10])
def test_accumulate_with_reused_design_matches_the_inverse_square_sum(n):
    chain = regression.simulate_chain(d=10, T0=40, T=40, n_generations=n, sigma0=1.0,
                                      strategy="accumulate", design="reused", n_chains=20_000,
                                      seed=n)
    assert_mean_matches(chain.model_error,
                        regression.accumulate_test_error(np.arange(n + 1), d=10, T0=40),
                        what="accumulated error")


def test_accumulate_with_fresh_designs_stays_below_the_bound():
    chain = regression.simulate_chain(d=10, T0=40, T=40, n_generations=10, strategy="accumulate",
                                      n_chains=20_000, seed=3)
    clean = 10 / 29
    ratio = chain.model_error[:, -1].mean() / clean
    standard_error = chain.model_error[:, -1].std() / clean / np.sqrt(20_000)
    assert abs(ratio - 1.44) < 4 * standard_error + 0.01  # about 1.44 at n = 10
    assert ratio < np.pi ** 2 / 6 - 4 * standard_error
    replace = regression.simulate_chain(d=10, T0=40, T=40, n_generations=10, n_chains=2000,
                                          seed=4)
    assert replace.model_error[:, -1].mean() / clean > 9


def test_mix_with_all_real_data_is_the_clean_fit():
    chain = regression.simulate_chain(d=8, T0=30, T=30, n_generations=5, strategy="mix",
                                      real_fraction=1.0, n_chains=20_000, seed=5)
    assert_mean_matches(chain.model_error[:, 1:], 8 / 21, what="clean generator error")


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
    ours = regression.simulate_chain(d=d, T0=T0, T=20, n_generations=n, spectrum=spectrum,
                                     n_chains=trials, seed=1)
    from scipy.stats import ks_2samp
    assert ks_2samp(direct, ours.model_error[:, -1]).pvalue > 1e-4


SPECTRA = {"isotropic": lambda d: np.ones(d), "power law": power_law}


@pytest.mark.parametrize("spectrum_name", SPECTRA)
@pytest.mark.parametrize("ridge", [0.01, 0.1, 1.0])
def test_ridge_deterministic_equivalent_within_three_percent(spectrum_name, ridge):
    """Theory within 3 % (its finite-d error) plus 4 Monte Carlo standard errors, d = 80."""
    d, T, T0 = 80, 160, 200
    spectrum = SPECTRA[spectrum_name](d)
    w0 = np.full(d, 1 / np.sqrt(d))
    chain = regression.simulate_chain(d=d, T0=T0, T=T, n_generations=4, ridge=ridge,
                                      spectrum=spectrum, w0=w0, n_chains=600,
                                      seed=int(ridge * 100))
    for n in (0, 1, 4):
        expected = theory.ridge_test_error(spectrum, n, T=T, T0=T0, ridge=ridge, w0=w0).total
        samples = chain.test_error[:, n]
        standard_error = samples.std(ddof=1) / np.sqrt(samples.size)
        assert abs(samples.mean() - expected) <= 0.03 * expected + 4 * standard_error, \
            (n, samples.mean(), expected)


def test_ridge_parts_match_their_simulated_counterparts():
    d, T, T0 = 60, 120, 150
    chain = regression.simulate_chain(d=d, T0=T0, T=T, n_generations=3, ridge=0.1,
                                      n_chains=600, seed=7)
    expected = theory.ridge_test_error(np.ones(d), 3, T=T, T0=T0, ridge=0.1,
                                       w0=np.full(d, d ** -0.5))
    for name, samples in [("bias", chain.bias), ("variance", chain.variance),
                          ("collapse", chain.collapse[:, 3])]:
        value = getattr(expected, name)
        assert abs(samples.mean() - value) <= 0.03 * value + 4 * samples.std() / np.sqrt(600), name


def test_ridge_theory_reduces_to_ols():
    d, T, T0 = 20, 50, 40
    result = theory.ridge_test_error(np.ones(d), np.arange(4), T=T, T0=T0, ridge=0.0,
                                     w0=np.full(d, d ** -0.5))
    np.testing.assert_allclose(result.collapse,
                               regression.ols_test_error(np.arange(4), d=d, T=T, T0=T0)
                               - regression.ols_test_error(0, d=d, T=T, T0=T0))
    assert np.all(result.bias == 0)


def test_isotropic_closed_form_matches_the_root_finder():
    spectrum = np.full(30, 2.0)
    ridges = np.logspace(-3, 1, 9)
    closed = theory.effective_regularisation(spectrum, T=20, ridge=ridges)
    nudged = spectrum * (1 + 1e-12 * np.arange(30))  # forces the Newton path
    np.testing.assert_allclose(theory.effective_regularisation(nudged, T=20, ridge=ridges), closed,
                               rtol=1e-8)
    lhs = closed - ridges
    rhs = closed * theory.degrees_of_freedom(spectrum, t=closed) / 20
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)


def test_theory_vectorises_over_lambda_and_n():
    d = 50
    ridges, n = np.logspace(-3, 1, 7), np.arange(5)
    result = theory.ridge_test_error(power_law(d), n[None, :], T=100, T0=80,
                                     ridge=ridges[:, None], w0=np.full(d, d ** -0.5))
    assert result.total.shape == (7, 5)
    single = theory.ridge_test_error(power_law(d), 3, T=100, T0=80, ridge=ridges[2],
                                     w0=np.full(d, d ** -0.5))
    assert result.total[2, 3] == pytest.approx(single.total)


def test_optimal_ridge_grows_with_n_in_theory_and_simulation():
    d, T, T0 = 40, 80, 60
    ridges = np.logspace(-2, 1.5, 15)
    generations = np.array([0, 3, 10])
    best_theory = theory.optimal_ridge(np.ones(d), generations, T=T, T0=T0, ridges=ridges,
                                       w0=np.full(d, d ** -0.5), sigma=0.5)
    assert np.all(np.diff(best_theory) > 0), best_theory
    path = regression.simulate_ridge_path(d=d, T0=T0, T=T, n_generations=10, ridges=ridges,
                                          sigma=0.5, n_chains=400, seed=2)
    mean_error = path.test_error.mean(axis=0)[generations]       # (3, L)
    best_simulated = ridges[np.argmin(mean_error, axis=-1)]
    assert np.all(np.diff(best_simulated) > 0), best_simulated


def test_same_seed_same_arrays():
    for strategy in regression.STRATEGIES:
        kw = dict(d=5, T0=10, T=10, n_generations=3, n_chains=3, strategy=strategy,
                  real_fraction=0.5 if strategy == "mix" else 0.0)
        first = regression.simulate_chain(seed=1, **kw)
        np.testing.assert_array_equal(first.test_error,
                                      regression.simulate_chain(seed=1, **kw).test_error)
        assert not np.array_equal(first.test_error,
                                  regression.simulate_chain(seed=2, **kw).test_error)


@given(d=st.integers(1, 8), T0=st.integers(1, 20), extra=st.integers(1, 10),
       n=st.integers(0, 4), ridge=st.sampled_from([0.0, 0.1, 2.0]),
       strategy=st.sampled_from(regression.STRATEGIES), design=st.sampled_from(regression.DESIGNS),
       seed=st.integers(0, 2 ** 32 - 1))
def test_shapes_and_ranges(d, T0, extra, n, ridge, strategy, design, seed):
    chain = regression.simulate_chain(d=d, T0=T0, T=d + extra, n_generations=n, ridge=ridge,
                                      strategy=strategy,
                                      real_fraction=0.5 if strategy == "mix" else 0.0,
                                      design=design, n_chains=2, seed=seed)
    for name in ("test_error", "collapse", "model_error"):
        values = getattr(chain, name)
        assert values.shape == (2, n + 1) and np.all(np.isfinite(values)) and np.all(values >= 0)
    assert chain.bias.shape == chain.variance.shape == (2,)
    assert chain.weights.shape == (2, n + 1, d)
    assert np.all(chain.model_error[:, 0] == 0)
    assert chain.n_chains == 2 and chain.n_generations == n


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
    ({"real_fraction": 0.5}, "real_fraction", ValueError), ({"n_chains": 0}, "n_chains", ValueError),
])
def test_simulate_chain_rejects(kwargs, name, error):
    args = {"d": 5, "T0": 10, "T": 10, "n_generations": 2, **kwargs}
    with pytest.raises(error, match=name):
        regression.simulate_chain(**args)


@pytest.mark.parametrize("call, name", [
    (lambda: regression.ols_test_error(1, d=10, T=11, T0=40), "T must be >= d \\+ 2"),
    (lambda: regression.ols_test_error(1, d=10, T=40, T0=11), "T0 must be >= d \\+ 2"),
    (lambda: regression.ols_test_error(1, d=0, T=40, T0=40), "d"),
    (lambda: regression.ols_test_error(-1, d=10, T=40, T0=40), "n"),
    (lambda: regression.overparameterised_error(1, d=10, T0=9), "T0"),
    (lambda: regression.accumulate_test_error(2, d=10, T0=11), "T0"),
    (lambda: theory.ridge_test_error(np.ones(5), 1, T=20, T0=6, ridge=0.1, w0=np.ones(5)), "T0"),
    (lambda: theory.ridge_test_error(np.ones(5), 1, T=20, T0=20, ridge=0.1, w0=np.ones(4)),
     "w0"),
    (lambda: theory.ridge_test_error(np.ones(5), 1, T=20, T0=20, ridge=-1.0, w0=np.ones(5)),
     "ridge"),
    (lambda: theory.ridge_test_error(np.ones(5), 1, T=6, T0=20, ridge=0.0, w0=np.ones(5)),
     "ridge = 0"),
    (lambda: theory.effective_regularisation([1.0, 0.0], T=10, ridge=0.1), "spectrum"),
    (lambda: theory.effective_regularisation([], T=10, ridge=0.1), "spectrum"),
    (lambda: theory.effective_regularisation(np.ones(3), T=0, ridge=0.1), "T"),
])
def test_formulas_reject(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_expected_model_error_covers_both_regimes():
    n = np.arange(5)
    np.testing.assert_allclose(regression.expected_model_error(n, d=10, T0=40, sigma0=0.5),
                               n * 0.25 * 10 / 29)
    np.testing.assert_allclose(regression.expected_model_error(n, d=40, T0=10, sigma0=0.5),
                               regression.overparameterised_error(n, d=40, T0=10, sigma0=0.5))
    for T0 in (9, 10, 11):
        with pytest.raises(ValueError, match="T0 must be <= d - 2 or >= d \\+ 2"):
            regression.expected_model_error(n, d=10, T0=T0)


def test_accumulate_at_a_dimension_that_takes_the_blas_loop_path():
    """d = 56 runs the syrk/Cholesky code path of accumulate (d <= 48 is batched)."""
    chain = regression.simulate_chain(d=56, T0=80, T=80, n_generations=3, strategy="accumulate",
                                      design="reused", n_chains=1500, seed=11)
    assert_mean_matches(chain.model_error,
                        regression.accumulate_test_error(np.arange(4), d=56, T0=80),
                        what="accumulated error, d = 56")
    fresh = regression.simulate_chain(d=56, T0=30, T=80, n_generations=4, strategy="accumulate",
                                      n_chains=400, seed=12)
    assert np.all(np.isfinite(fresh.model_error))


def test_one_lambda_and_a_path_of_lambdas_agree_on_the_same_draws():
    """The single-lambda solve and the many-lambda eigen path give the same numbers."""
    chain = regression.simulate_chain(d=12, T0=30, T=25, n_generations=4, ridge=0.3,
                                      spectrum=power_law(12), n_chains=50, seed=9)
    path = regression.simulate_ridge_path(d=12, T0=30, T=25, n_generations=4, ridges=[0.05, 0.3],
                                          spectrum=power_law(12), n_chains=50, seed=9)
    np.testing.assert_allclose(chain.test_error, path.test_error[..., 1], rtol=1e-8)
    np.testing.assert_allclose(chain.bias, path.bias[:, 1], rtol=1e-8)
    np.testing.assert_allclose(chain.variance, path.variance[:, 1], rtol=1e-8)
    np.testing.assert_allclose(chain.collapse, path.collapse[..., 1], rtol=1e-8, atol=1e-14)


def test_multivariate_t_step_has_the_law_of_an_ols_step():
    """The replace shortcut (one t vector per step) against explicit Wishart draws."""
    from scipy.stats import ks_2samp
    size = dict(d=8, T0=12, T=20, n_generations=1, n_chains=6000)
    shortcut = regression.simulate_chain(**size, seed=1).model_error[:, 1]
    explicit = regression.simulate_chain(**size, design="reused", seed=2).model_error[:, 1]
    assert ks_2samp(shortcut, explicit).pvalue > 1e-4


# --- the vocabulary: sizes are keyword-only, replicates are n_chains -----------------

@pytest.mark.parametrize("call", [
    lambda: regression.simulate_chain(10, 40, 40, 5),
    lambda: regression.simulate_ridge_path(10, 40, 40, 5, ridges=[0.1]),
    lambda: regression.ols_test_error(1, 10, 40, 40),
    lambda: regression.overparameterised_error(1, 40, 10),
    lambda: regression.accumulate_test_error(1, 10, 40),
    lambda: regression.expected_model_error(1, 10, 40),
    lambda: regression.applicable_formula(1, "test_error", 10, 40, 40),
    lambda: theory.ridge_test_error(np.ones(5), 1, 20, 20, 0.1),
    lambda: theory.effective_regularisation(np.ones(5), 20, 0.1),
    lambda: theory.degrees_of_freedom(np.ones(5), 0.1),
    lambda: regression.power_law_spectrum(10, 1.5),
    lambda: regression.default_w0(10),
], ids=["simulate_chain", "simulate_ridge_path", "ols_test_error", "overparameterised_error",
        "accumulate_test_error", "expected_model_error", "applicable_formula",
        "ridge_test_error", "effective_regularisation", "degrees_of_freedom",
        "power_law_spectrum", "default_w0"])
def test_sizes_passed_positionally_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_the_old_replicate_argument_is_gone():
    with pytest.raises(TypeError, match="n_trials"):
        regression.simulate_chain(d=5, T0=10, T=10, n_generations=1, n_trials=3)
    chain = regression.simulate_chain(d=5, T0=10, T=10, n_generations=1, n_chains=3, seed=0)
    assert chain.n_chains == 3 and not hasattr(chain, "n_trials")


@pytest.mark.parametrize("ridges, name", [
    ([-1.0], "ridges"), ([float("nan")], "ridges"), ([], "ridges"), ([[0.1, 1.0]], "ridges"),
])
def test_simulate_ridge_path_rejects_bad_ridges_naming_ridges(ridges, name):
    with pytest.raises(ValueError, match=name):
        regression.simulate_ridge_path(d=5, T0=10, T=10, n_generations=2, ridges=ridges)


def test_a_zero_ridge_needs_more_rows_than_features_in_the_path_too():
    with pytest.raises(ValueError, match="ridges = 0"):
        regression.simulate_ridge_path(d=5, T0=10, T=5, n_generations=2, ridges=[0.0, 1.0])


def test_default_w0_is_the_unit_vector_of_equal_coefficients():
    w0 = regression.default_w0(d=16)
    np.testing.assert_allclose(w0, np.full(16, 0.25))
    assert np.linalg.norm(w0) == pytest.approx(1.0)
    # The theory's default w0 is this vector.
    spectrum = power_law(16)
    assert theory.ridge_test_error(spectrum, 2, T=30, T0=40, ridge=0.2).total == pytest.approx(
        theory.ridge_test_error(spectrum, 2, T=30, T0=40, ridge=0.2, w0=w0).total)
    with pytest.raises(ValueError, match="d"):
        regression.default_w0(d=0)


# --- applicable_formula: which formula, and its value -------------------------------

GENERATIONS = np.arange(6)


@pytest.mark.parametrize("spectrum_name", SPECTRA)
def test_applicable_formula_exact_ols_test_error(spectrum_name):
    d, T, T0 = 10, 25, 30
    formula = regression.applicable_formula(GENERATIONS, d=d, T0=T0, T=T, sigma=1.3,
                                            sigma0=0.7, spectrum=SPECTRA[spectrum_name](d))
    assert formula.kind == "exact OLS" and formula.exists and not formula.infinite
    assert formula.kind in regression.FORMULA_KINDS and formula.reason
    np.testing.assert_allclose(formula.values, regression.ols_test_error(
        GENERATIONS, d=d, T=T, T0=T0, sigma=1.3, sigma0=0.7))
    scalar = regression.applicable_formula(3, d=d, T0=T0, T=T)
    assert scalar.values == pytest.approx(regression.ols_test_error(3, d=d, T=T, T0=T0))


@pytest.mark.parametrize("design", regression.DESIGNS)
@pytest.mark.parametrize("spectrum_name", SPECTRA)
def test_applicable_formula_exact_ols_model_error(spectrum_name, design):
    d, T0 = 10, 30
    formula = regression.applicable_formula(GENERATIONS, quantity="model_error", d=d,
                                            T0=T0, sigma0=0.7, design=design,
                                            spectrum=SPECTRA[spectrum_name](d))
    assert formula.kind == "exact OLS" and not formula.infinite
    np.testing.assert_allclose(formula.values, regression.expected_model_error(
        GENERATIONS, d=d, T0=T0, sigma0=0.7))


@pytest.mark.parametrize("ridge", [0.01, 0.3])
def test_applicable_formula_deterministic_equivalent(ridge):
    d, T, T0 = 50, 40, 80
    spectrum = power_law(d)
    w0 = np.random.default_rng(0).standard_normal(d) / np.sqrt(d)
    formula = regression.applicable_formula(GENERATIONS, d=d, T0=T0, T=T, ridge=ridge,
                                            sigma=0.5, sigma0=0.8, spectrum=spectrum, w0=w0)
    assert formula.kind == "deterministic equivalent" and not formula.infinite
    np.testing.assert_allclose(formula.values, theory.ridge_test_error(
        spectrum, GENERATIONS, T=T, T0=T0, ridge=ridge, w0=w0, sigma=0.5, sigma0=0.8).total)
    # Its default w0 is default_w0(d).
    default = regression.applicable_formula(GENERATIONS, d=d, T0=T0, T=T, ridge=ridge,
                                            spectrum=spectrum)
    np.testing.assert_allclose(default.values, theory.ridge_test_error(
        spectrum, GENERATIONS, T=T, T0=T0, ridge=ridge, w0=regression.default_w0(d=d)).total)


def test_applicable_formula_deterministic_equivalent_matches_simulation():
    """Its value within 3 % (the theory's finite-d error) plus 4 Monte Carlo SE, d = 80."""
    from montecarlo import N_SE
    d, T, T0, ridge, n_chains = 80, 160, 200, 0.1, 600
    spectrum = power_law(d)
    formula = regression.applicable_formula(GENERATIONS, d=d, T0=T0, T=T, ridge=ridge,
                                            sigma=0.8, sigma0=1.2, spectrum=spectrum)
    assert formula.kind == "deterministic equivalent"
    chain = regression.simulate_chain(d=d, T0=T0, T=T, n_generations=GENERATIONS[-1],
                                      ridge=ridge, sigma=0.8, sigma0=1.2, spectrum=spectrum,
                                      n_chains=n_chains, seed=21)
    mean = chain.test_error.mean(axis=0)
    standard_error = chain.test_error.std(axis=0, ddof=1) / np.sqrt(n_chains)
    gap = np.abs(mean - formula.values)
    assert np.all(gap <= 0.03 * formula.values + N_SE * standard_error), (mean, formula.values)


@pytest.mark.parametrize("sigma0", [0.0, 0.5])
def test_applicable_formula_overparameterised(sigma0):
    d, T0 = 40, 10
    w0 = np.random.default_rng(3).standard_normal(d)
    formula = regression.applicable_formula(GENERATIONS, quantity="model_error", d=d,
                                            T0=T0, sigma0=sigma0, w0=w0)
    assert formula.kind == "exact, over-parameterised" and not formula.infinite
    np.testing.assert_allclose(formula.values, regression.overparameterised_error(
        GENERATIONS, d=d, T0=T0, w0_norm2=w0 @ w0, sigma0=sigma0))
    # The exact law needs Sigma = I.
    anisotropic = regression.applicable_formula(GENERATIONS, quantity="model_error",
                                                d=d, T0=T0, spectrum=power_law(d))
    assert anisotropic.kind == "none" and anisotropic.values is None
    assert not anisotropic.infinite and not anisotropic.exists


def test_applicable_formula_accumulate_sum():
    d, T0 = 10, 40
    formula = regression.applicable_formula(GENERATIONS, quantity="model_error", d=d,
                                            T0=T0, sigma0=0.6, strategy="accumulate",
                                            design="reused")
    assert formula.kind == "exact accumulate sum" and not formula.infinite
    np.testing.assert_allclose(formula.values, regression.accumulate_test_error(
        GENERATIONS, d=d, T0=T0, sigma0=0.6))
    fresh = regression.applicable_formula(GENERATIONS, quantity="model_error", d=d,
                                          T0=T0, strategy="accumulate", design="fresh")
    assert fresh.kind == "none" and fresh.values is None and not fresh.infinite


@pytest.mark.parametrize("quantity", regression.QUANTITIES)
@pytest.mark.parametrize("T0", [9, 10, 11])
def test_applicable_formula_none_and_infinite_when_T0_is_within_one_of_d(quantity, T0):
    formula = regression.applicable_formula(GENERATIONS, quantity=quantity, d=10, T0=T0,
                                            T=30, ridge=0.1)
    assert formula.kind == "none" and formula.values is None
    assert formula.infinite and not formula.exists and formula.reason


@pytest.mark.parametrize("T", [5, 10, 11])
def test_applicable_formula_none_and_infinite_for_ols_below_d_plus_two(T):
    formula = regression.applicable_formula(GENERATIONS, d=10, T0=40, T=T, ridge=0.0)
    assert formula.kind == "none" and formula.values is None and formula.infinite
    # With lambda > 0 the same sizes have a formula.
    assert regression.applicable_formula(GENERATIONS, d=10, T0=40, T=T,
                                         ridge=0.1).kind == "deterministic equivalent"
    assert regression.applicable_formula(GENERATIONS, d=10, T0=40, T=12).kind == "exact OLS"


@pytest.mark.parametrize("quantity", regression.QUANTITIES)
@pytest.mark.parametrize("ridge", [0.0, 0.1])
def test_applicable_formula_none_but_finite_for_mix(quantity, ridge):
    formula = regression.applicable_formula(GENERATIONS, quantity=quantity, d=10, T0=40,
                                            T=30, ridge=ridge, strategy="mix")
    assert formula.kind == "none" and formula.values is None and not formula.infinite


@pytest.mark.parametrize("kwargs, name", [
    ({"quantity": "risk"}, "quantity"), ({"d": 0}, "d"), ({"T0": 0}, "T0"),
    ({"T": None}, "T"), ({"ridge": -1.0}, "ridge"), ({"sigma": -1.0}, "sigma"),
    ({"strategy": "keep"}, "strategy"), ({"design": "same"}, "design"),
    ({"spectrum": np.ones(3)}, "spectrum"), ({"w0": np.ones(3)}, "w0"),
])
def test_applicable_formula_rejects(kwargs, name):
    args = {"d": 10, "T0": 40, "T": 30, **kwargs}
    with pytest.raises((ValueError, TypeError), match=name):
        regression.applicable_formula(1, **args)


def test_applicable_formula_has_no_exponential_law_for_a_reused_overparameterised_design():
    """A reused design projects onto the same T0 directions every generation, so without
    noise w0 is forgotten once (error ||w0||^2 (1 - psi) from n = 1 on), not exponentially."""
    d, T0 = 40, 10
    formula = regression.applicable_formula(GENERATIONS, quantity="model_error", d=d,
                                            T0=T0, sigma0=0.0, design="reused")
    assert formula.kind == "none" and not formula.infinite and "reused" in formula.reason
    chain = regression.simulate_chain(d=d, T0=T0, T=50, n_generations=GENERATIONS[-1],
                                      sigma0=0.0, design="reused", n_chains=4000, seed=5)
    assert_mean_matches(chain.model_error[:, 1:], 1.0 - T0 / d,
                        what="reused over-parameterised error")
