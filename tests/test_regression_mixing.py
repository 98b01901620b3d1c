"""The mix chain's exact model error (collapse_lib.regression.mixing) against simulation."""
import numpy as np
import pytest

from collapse_lib import regression
from collapse_lib.core.strategies import real_count
from collapse_lib.regression.mixing import (mix_model_error, mix_model_error_level,
                                            mix_propagation)
from collapse_lib.scaling import power_law_spectrum
from montecarlo import assert_mean_matches

D = 10
N_GENERATIONS = 30


def spectrum_of(name, d=D):
    return None if name == "isotropic" else power_law_spectrum(d=d, beta=1.5)


def hat_matrix_only(d, T0, real_fraction):
    """E tr(A^2)/d = E sum_{i,j synthetic} H_ij^2 / d: the hat-matrix term alone."""
    synthetic = T0 - real_count(n_samples=T0, real_fraction=real_fraction)
    return synthetic * ((d + 2) + (synthetic - 1) * (T0 - d) / (T0 - 1)) / (T0 * (T0 + 2))


def whitened_propagation_samples(*, d, T0, real_fraction, spectrum, n_draws, seed):
    """Sigma^-1/2 A' Sigma A Sigma^-1/2 (A = W^-1 W_s) for independent Gaussian designs."""
    rng = np.random.default_rng(seed)
    spectrum = np.ones(d) if spectrum is None else spectrum
    root = np.sqrt(spectrum)
    X = rng.standard_normal((n_draws, T0, d)) * root
    synthetic = X[:, real_count(n_samples=T0, real_fraction=real_fraction):]
    A = np.linalg.solve(np.swapaxes(X, 1, 2) @ X, np.swapaxes(synthetic, 1, 2) @ synthetic)
    return (np.swapaxes(A, 1, 2) @ (spectrum[:, None] * A)) / root[:, None] / root[None, :]


@pytest.mark.parametrize("d, T0, real_fraction, spectrum_name", [
    (10, 20, 0.25, "power law"), (10, 40, 0.1, "isotropic"), (10, 15, 0.2, "power law"),
    (5, 12, 0.5, "isotropic"), (1, 6, 0.5, "isotropic")])
def test_propagation_factor_matches_a_direct_monte_carlo(d, T0, real_fraction,
                                                         spectrum_name):
    # E[A' Sigma A] = c Sigma, entry by entry: isotropic after whitening, whatever Sigma is
    samples = whitened_propagation_samples(d=d, T0=T0, real_fraction=real_fraction,
                                           spectrum=spectrum_of(spectrum_name, d),
                                           n_draws=20_000, seed=d * T0)
    c = mix_propagation(d=d, T0=T0, real_fraction=real_fraction)
    assert_mean_matches(samples, c * np.eye(d), what="E[A' Sigma A] / Sigma")


def test_the_hat_matrix_term_alone_is_not_the_propagation_factor():
    # E tr(A^2)/d (the sum of squared hat-matrix entries) misses the conditioning term
    samples = whitened_propagation_samples(d=10, T0=20, real_fraction=0.25, spectrum=None,
                                           n_draws=20_000, seed=3)
    traces = np.trace(samples, axis1=1, axis2=2) / 10
    standard_error = traces.std(ddof=1) / np.sqrt(traces.size)
    assert abs(traces.mean() - hat_matrix_only(10, 20, 0.25)) > 20 * standard_error
    assert mix_propagation(d=10, T0=20, real_fraction=0.25) > hat_matrix_only(10, 20, 0.25)


@pytest.mark.parametrize("spectrum_name", ["isotropic", "power law"])
@pytest.mark.parametrize("real_fraction", [0.1, 0.25, 0.5])
@pytest.mark.parametrize("T0", [20, 40])
def test_model_error_matches_the_chain(T0, real_fraction, spectrum_name):
    chain = regression.simulate_chain(d=D, T0=T0, T=20, n_generations=N_GENERATIONS,
                                      sigma0=0.8, spectrum=spectrum_of(spectrum_name),
                                      strategy="mix", real_fraction=real_fraction,
                                      design="fresh", n_chains=4000,
                                      seed=T0 + int(100 * real_fraction)
                                      + 7 * (spectrum_name == "power law"))
    expected = mix_model_error(np.arange(N_GENERATIONS + 1), d=D, T0=T0,
                               real_fraction=real_fraction, sigma0=0.8)
    assert np.all(chain.model_error[:, 0] == 0.0) and expected[0] == 0.0
    assert_mean_matches(chain.model_error[:, 1:], expected[1:], what="mix model error")


def test_the_simulated_error_settles_at_the_level():
    chain = regression.simulate_chain(d=D, T0=40, T=20, n_generations=32, strategy="mix",
                                      real_fraction=0.5, n_chains=4000, seed=5)
    level = mix_model_error_level(d=D, T0=40, real_fraction=0.5)
    # c = 0.34: by generation 30 the formula is at its level to 1e-14
    assert_mean_matches(chain.model_error[:, 30:], level, what="level")


@pytest.mark.parametrize("d, T0, real_fraction", [(10, 20, 0.1), (10, 40, 0.5), (3, 5, 0.4),
                                                  (1, 3, 1 / 3), (50, 200, 0.05)])
def test_the_formula_follows_its_recurrence_up_to_its_level(d, T0, real_fraction):
    c = mix_propagation(d=d, T0=T0, real_fraction=real_fraction)
    errors = mix_model_error(np.arange(200), d=d, T0=T0, real_fraction=real_fraction,
                             sigma0=0.5)
    noise = 0.25 * d / (T0 - d - 1)
    np.testing.assert_allclose(errors[1:], c * errors[:-1] + noise, rtol=1e-12)
    level = mix_model_error_level(d=d, T0=T0, real_fraction=real_fraction, sigma0=0.5)
    np.testing.assert_allclose(level, noise / (1 - c), rtol=1e-12)
    assert np.all(np.diff(errors[:6]) > 0) and np.all(np.diff(errors) >= 0)
    assert np.all(errors <= level)
    np.testing.assert_allclose(mix_model_error(10 ** 6, d=d, T0=T0, real_fraction=real_fraction,
                                               sigma0=0.5), level, rtol=1e-12)


@pytest.mark.parametrize("real_fraction", [0.0, 0.01])   # 0.01 * 20 rounds to 0 real rows
@pytest.mark.parametrize("d, T0, sigma0", [(10, 20, 1.0), (10, 21, 1.0), (3, 40, 0.3)])
def test_no_real_rows_is_the_replace_random_walk_exactly(d, T0, sigma0, real_fraction):
    n = np.array([[0, 1, 2], [5, 30, 10 ** 6]])
    if real_count(n_samples=T0, real_fraction=real_fraction) > 0:
        pytest.skip("rounds to a real row")
    assert mix_propagation(d=d, T0=T0, real_fraction=real_fraction) == 1.0
    got = mix_model_error(n, d=d, T0=T0, real_fraction=real_fraction, sigma0=sigma0)
    assert got.shape == (2, 3)
    np.testing.assert_array_equal(got, regression.expected_model_error(n, d=d, T0=T0,
                                                                       sigma0=sigma0))


def test_all_real_rows_is_one_ols_fit_every_generation():
    assert mix_propagation(d=10, T0=20, real_fraction=1.0) == 0.0
    got = mix_model_error([0, 1, 7, 10 ** 9], d=10, T0=20, real_fraction=1.0, sigma0=2.0)
    np.testing.assert_array_equal(got, [0.0, 40 / 9, 40 / 9, 40 / 9])
    assert mix_model_error_level(d=10, T0=20, real_fraction=1.0, sigma0=2.0) == 40 / 9


def test_returns_a_float_for_an_int_and_an_array_for_an_array():
    assert isinstance(mix_model_error(3, d=10, T0=20, real_fraction=0.5), float)
    assert isinstance(mix_propagation(d=10, T0=20, real_fraction=0.5), float)
    assert mix_model_error(np.zeros((2, 4), dtype=int), d=10, T0=20,
                           real_fraction=0.5).shape == (2, 4)


def test_a_few_real_rows_near_the_interpolation_threshold_are_worse_than_replace():
    # c > 1: the mean grows geometrically, and even the simulated median outgrows the
    # replace chain's mean (a random product of matrices, not a few rare chains)
    assert mix_propagation(d=D, T0=13, real_fraction=0.3) > 1
    assert mix_model_error(30, d=D, T0=13, real_fraction=0.3) > 1000 * \
        regression.expected_model_error(30, d=D, T0=13)
    chain = regression.simulate_chain(d=D, T0=13, T=20, n_generations=30, strategy="mix",
                                      real_fraction=0.3, n_chains=2000, seed=13)
    assert np.median(chain.model_error[:, 30]) > 4 * regression.expected_model_error(
        30, d=D, T0=13)


BAD_INPUT = [
    (mix_propagation, dict(d=0, T0=20, real_fraction=0.5), "d", ValueError),
    (mix_propagation, dict(d=10, T0=11, real_fraction=0.5), "T0", ValueError),
    (mix_propagation, dict(d=10, T0=5, real_fraction=0.5), "T0", ValueError),
    (mix_propagation, dict(d=10, T0=20, real_fraction=1.5), "real_fraction", ValueError),
    (mix_propagation, dict(d=10, T0=20, real_fraction="0.5"), "real_fraction", TypeError),
    (mix_model_error, dict(n=-1, d=10, T0=20, real_fraction=0.5), "n", ValueError),
    (mix_model_error, dict(n=1.5, d=10, T0=20, real_fraction=0.5), "n", TypeError),
    (mix_model_error, dict(n=1, d=10, T0=20, real_fraction=-0.1), "real_fraction",
     ValueError),
    (mix_model_error, dict(n=1, d=10, T0=20, real_fraction=float("nan")), "real_fraction",
     ValueError),
    (mix_model_error, dict(n=1, d=10, T0=20, real_fraction=0.5, sigma0=-1.0), "sigma0",
     ValueError),
    (mix_model_error, dict(n=10 ** 18, d=10, T0=13, real_fraction=0.3), "n", ValueError),
    (mix_model_error_level, dict(d=10, T0=20, real_fraction=0.0), "real_fraction",
     ValueError),
    (mix_model_error_level, dict(d=10, T0=20, real_fraction=0.01), "real_fraction",
     ValueError),
    (mix_model_error_level, dict(d=10, T0=13, real_fraction=0.3), "T0", ValueError),
    (mix_model_error_level, dict(d=10, T0=20, real_fraction=0.5, sigma0=1e200), "sigma0",
     ValueError),
]


@pytest.mark.parametrize("function, kwargs, name, error", BAD_INPUT,
                         ids=[f"{f.__name__}-{name}-{i}"
                              for i, (f, _, name, _) in enumerate(BAD_INPUT)])
def test_bad_input_names_the_parameter(function, kwargs, name, error):
    with pytest.raises(error, match=rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])"):
        function(**kwargs)


@pytest.mark.parametrize("T0, reason", [(11, "infinite"), (10, "infinite"), (9, "infinite"),
                                        (8, "over-parameterised"), (2, "over-parameterised")])
def test_too_few_rows_says_why(T0, reason):
    with pytest.raises(ValueError, match=rf"T0 must be >= d \+ 2 = 12 .*{reason}"):
        mix_model_error(1, d=10, T0=T0, real_fraction=0.5)


def test_no_level_says_the_chain_grows_without_bound():
    with pytest.raises(ValueError, match="replace chain, whose error grows without bound"):
        mix_model_error_level(d=10, T0=20, real_fraction=0.0)
    with pytest.raises(ValueError, match="rounds|round\\(0.01 \\* T0\\) = 0"):
        mix_model_error_level(d=10, T0=20, real_fraction=0.01)
    with pytest.raises(ValueError, match="gamma = 1.47692 >= 1.*geometrically"):
        mix_model_error_level(d=10, T0=13, real_fraction=0.3)


# ---------------------------------------------------------------------------------------
# The source papers' conventions
# ---------------------------------------------------------------------------------------

def test_gerstgrasser_convention_reproduces_their_replace_and_accumulate_laws():
    """Their iteration i fits i + 1 blocks: replace (i + 1) E_clean, accumulate
    E_clean sum_{k <= i + 1} 1/k^2 (reused design, as in their code)."""
    from collapse_lib.regression import accumulate_test_error, in_paper_convention
    from collapse_lib.regression import simulate_chain as simulate
    clean = 10 / (40 - 10 - 1)
    for strategy, law in (("replace", lambda i: (i + 1) * clean),
                          ("accumulate", lambda i: accumulate_test_error(i + 1, d=10, T0=40))):
        chain = simulate(d=10, T0=40, T=40, n_generations=10, strategy=strategy,
                         design="reused", n_chains=4_000, seed=21)
        iterations, errors = in_paper_convention(chain, paper="gerstgrasser")
        assert iterations[0] == 0 and errors.shape == (4_000, 10)
        assert_mean_matches(errors, law(iterations), what=f"Gerstgrasser {strategy}")


def test_dohmatob_convention_is_the_downstream_error_from_clean_labels_on():
    from collapse_lib.regression import in_paper_convention
    from collapse_lib.regression import simulate_chain as simulate
    chain = simulate(d=5, T0=20, T=20, n_generations=3, n_chains=3, seed=0)
    generations, errors = in_paper_convention(chain, paper="dohmatob")
    assert generations.tolist() == [0, 1, 2, 3]
    np.testing.assert_array_equal(errors, chain.test_error)
    with pytest.raises(ValueError, match="paper"):
        in_paper_convention(chain, paper="shumailov")
