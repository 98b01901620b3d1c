"""Regression tests for inputs that once broke the library: each either works or is refused.

Valid but extreme calls must return finite, correct numbers; requests beyond double
precision or beyond the resource limits must raise a ValueError (or TypeError) that names
the parameter, quickly. The property-based sweep over every public function is in
tests/test_hard_edges.py.
"""
import time

import numpy as np
import pytest

from collapse_lib import gaussian, markov, regression, theory
from collapse_lib.core import resources
from montecarlo import assert_mean_matches


def test_collapsing_multivariate_samples_method_stays_finite_and_agrees_with_exact():
    samples = gaussian.simulate_mvn_chain(n_generations=150, n_samples=10, d=2, n_chains=400,
                                          method="samples", seed=0)
    assert np.all(np.isfinite(samples.log_det)) and np.all(np.isfinite(samples.cov))
    # the log-volume drifts exactly as the theory says, even deep into the collapse
    assert_mean_matches(samples.log_det[:, [1, 50, 150]],
                        gaussian.expected_log_det_change([1, 50, 150], n_samples=10, d=2),
                        what="log det, samples method")


def test_log_det_stays_exact_where_the_determinant_underflows():
    chain = gaussian.simulate_mvn_chain(n_generations=3000, n_samples=5, d=2,
                                        estimator="mle", n_chains=300, seed=1)
    assert np.all(chain.cov[:, -1] == 0)                      # det underflowed long ago
    assert np.all(np.isfinite(chain.log_det))
    assert_mean_matches(chain.log_det[:, -1],
                        gaussian.expected_log_det_change(3000, n_samples=5, d=2, estimator="mle"),
                        what="log det after 3000 generations")


def test_accumulate_with_a_reused_design_and_fewer_rows_than_features():
    chain = regression.simulate_chain(d=20, T0=8, T=30, n_generations=6, strategy="accumulate",
                                      design="reused", sigma0=0.0, n_chains=300, seed=2)
    assert np.all(np.isfinite(chain.model_error))
    # without noise every generation refits the same rows to the same labels: the
    # projection of w0 onto the design's row space, error ||w0||^2 (1 - T0/d) from n = 1 on
    assert_mean_matches(chain.model_error[:, 1:], 1 - 8 / 20, what="reused design")
    assert np.allclose(chain.weights[:, 1:], chain.weights[:, 1:2])


@pytest.mark.parametrize("ridge", [1e-16, 1e-300])
def test_a_vanishing_ridge_with_fewer_rows_than_features_approaches_the_interpolator(ridge):
    tiny = regression.simulate_chain(d=30, T0=40, T=12, n_generations=2, ridge=ridge,
                                     n_chains=50, seed=3)
    small = regression.simulate_chain(d=30, T0=40, T=12, n_generations=2, ridge=1e-9,
                                      n_chains=50, seed=3)
    assert np.all(np.isfinite(tiny.test_error))
    np.testing.assert_allclose(tiny.test_error, small.test_error, rtol=1e-6)
    path = regression.simulate_ridge_path(d=30, T0=40, T=12, n_generations=2,
                                          ridges=[ridge, 1e-9], n_chains=50, seed=3)
    np.testing.assert_allclose(path.test_error[..., 0], path.test_error[..., 1], rtol=1e-6)


@pytest.mark.parametrize("sigma", [1e160, 1e200, 1e-200, 1e-300])
def test_a_scale_beyond_double_precision_is_refused_by_name(sigma):
    calls = [
        lambda: gaussian.simulate_chain(n_generations=3, n_samples=5, sigma=sigma),
        *(lambda f=f: f(0, n_samples=10, sigma=sigma) for f in (
            gaussian.expected_variance, gaussian.expected_mean_drift,
            gaussian.expected_log_variance, gaussian.median_variance,
            gaussian.expected_w2_squared)),
        lambda: regression.ols_test_error(1, d=5, T=20, T0=20, sigma=sigma),
        lambda: regression.simulate_chain(d=3, T0=10, T=10, n_generations=1, sigma0=sigma),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"^sigma0? must be .*double precision"):
            call()


def test_an_unsigned_index_cannot_wrap_around():
    huge = np.uint64(2 ** 64 - 1)
    for call in (lambda: gaussian.expected_variance(huge, n_samples=10),
                 lambda: markov.loss_probability(0.5, huge, n_samples=10),
                 lambda: regression.ols_test_error(huge, d=5, T=20, T0=20),
                 lambda: theory.ridge_test_error(np.ones(5), huge, T=20, T0=20, ridge=0.1)):
        with pytest.raises(ValueError, match="^n must"):
            call()
    assert gaussian.expected_variance(np.uint8(3), n_samples=10, estimator="mle") == \
        pytest.approx(0.9 ** 3)


@pytest.mark.parametrize("call", [
    lambda: gaussian.simulate_chain(n_generations=10, n_samples=5, n_chains=10 ** 10),
    lambda: gaussian.simulate_chain(n_generations=10 ** 12, n_samples=5),
    lambda: gaussian.simulate_chain(n_generations=10 ** 7, n_samples=5, strategy="accumulate"),
    lambda: gaussian.simulate_mvn_chain(n_generations=100, n_samples=500, d=400, n_chains=100),
    lambda: markov.transition_matrix(n_samples=10 ** 6),
    lambda: markov.simulate_chain(np.ones(1000) / 1000, n_samples=10, n_generations=10 ** 6,
                                  n_chains=100),
    lambda: markov.loss_probability(0.5, np.arange(10 ** 6), n_samples=1000),
    lambda: markov.expected_absorption_time(0.5, n_samples=100_000),
    lambda: markov.simulate_absorption(0.5, n_samples=10 ** 9, n_chains=10),
    lambda: regression.simulate_chain(d=500, T0=400, T=600, n_generations=50, n_chains=1000),
    lambda: theory.ridge_test_error(np.ones(10 ** 5), 1, T=10, T0=10 ** 6,
                                    ridge=np.logspace(-3, 1, 10 ** 4)),
])
def test_a_huge_request_is_refused_quickly_with_its_size(call):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"this call would (need about .* GB|take about)"):
        call()
    assert time.perf_counter() - start < 5.0   # refused before allocating, not after


def test_a_far_generation_needs_no_long_loop():
    law = markov.count_distribution(0.5, 10 ** 7, n_samples=10)
    np.testing.assert_allclose(law[[0, -1]], [0.5, 0.5])
    np.testing.assert_allclose(markov.count_distribution(0.3, 40, n_samples=20),
                               markov.count_distribution(np.array([0.3]), 40, n_samples=20)[0])


@pytest.mark.parametrize("scale", [1e-120, 1.0, 1e120])
def test_isotropic_kappa_matches_the_general_path_at_extreme_scales(scale):
    ridges = scale * np.array([0.0, 1e-10, 0.1, 10.0])
    for d, T in [(50, 100), (200, 100)]:
        isotropic = theory.effective_regularisation(np.full(d, scale), T=T, ridge=ridges)
        nearly = np.full(d, scale)
        nearly[0] *= 1 + 1e-12                      # forces the Newton path
        general = theory.effective_regularisation(nearly, T=T, ridge=ridges)
        assert np.all(np.isfinite(isotropic))
        np.testing.assert_allclose(isotropic, general, rtol=1e-8, atol=1e-300)


@pytest.mark.parametrize("spectrum", [
    np.array([1.0, 1e-100]), np.array([1.0, 5e-324]), np.array([1e200, 1.0]),
])
def test_spectra_beyond_double_precision_are_refused(spectrum):
    with pytest.raises(ValueError, match="^spectrum must"):
        theory.effective_regularisation(spectrum, T=10, ridge=0.1)
    with pytest.raises(ValueError, match="^spectrum must"):
        regression.simulate_chain(d=2, T0=10, T=10, n_generations=1, spectrum=spectrum)


@pytest.mark.parametrize("call, name", [
    (lambda: markov.simulate_chain(["0.5", "0.5"], n_samples=5, n_generations=2), "p0"),
    (lambda: markov.loss_probability("0.5", 1, n_samples=5), "p"),
    (lambda: markov.loss_probability(True, 1, n_samples=5), "p"),
    (lambda: regression.simulate_ridge_path(d=3, T0=10, T=10, n_generations=1, ridges=[]),
     "ridges"),
    (lambda: theory.degrees_of_freedom([1.0, -1.0], t=1.0), "spectrum"),
    (lambda: theory.degrees_of_freedom([1.0, 1.0], t=-1.0), "t"),
    (lambda: theory.degrees_of_freedom([1.0, 1.0], t=1.0, m=0), "m"),
    (lambda: gaussian.simulate_chain(n_generations=True, n_samples=5), "n_generations"),
    (lambda: markov.simulate_absorption([0.2, 0.3], n_samples=5), "p"),
])
def test_strings_bools_and_wrong_shapes_are_refused_by_name(call, name):
    with pytest.raises((ValueError, TypeError), match=rf"^{name} must"):
        call()


def test_every_result_is_read_only():
    results = [
        gaussian.simulate_chain(n_generations=2, n_samples=5, n_chains=2, seed=0),
        gaussian.simulate_mvn_chain(n_generations=2, n_samples=5, d=2, n_chains=2, seed=0),
        markov.simulate_chain([0.5, 0.5], n_samples=5, n_generations=2, n_chains=2, seed=0),
        markov.simulate_absorption(0.5, n_samples=5, n_chains=2, seed=0),
        regression.simulate_chain(d=3, T0=10, T=10, n_generations=2, n_chains=2, seed=0),
        regression.simulate_ridge_path(d=3, T0=10, T=10, n_generations=2, ridges=[0.1, 1.0],
                                       n_chains=2, seed=0),
    ]
    for result in results:
        for name, value in vars(result).items():
            if isinstance(value, np.ndarray):
                with pytest.raises(ValueError, match="read-only"):
                    value.flat[0] = 1
    assert not markov.transition_matrix(n_samples=4).flags.writeable


def test_the_limits_are_documented_numbers():
    assert resources.MAX_BYTES == 2 * 1024 ** 3 and resources.MAX_STEPS == 10 ** 10
