"""Power laws: spectra, sources, the critical ridge exponent and fitted exponents."""
import numpy as np
import pytest

from collapse_lib import regression, scaling, theory
from collapse_lib.scaling import (critical_exponent, fit_power_law, power_law_source,
                                  power_law_spectrum)


def test_the_index_module_and_the_regression_world_agree():
    for name in scaling.__all__:
        assert getattr(scaling, name) is getattr(regression, name)


# --- critical_exponent ---------------------------------------------------------------

@pytest.mark.parametrize("beta, r", [(1.5, 0.25), (2.0, 0.5), (3.0, 0.9), (2.0, 1.0),
                                     (1.1, 2.0), (4.0, 5.0)])
def test_critical_exponent_is_beta_over_two_beta_min_r_one_plus_one(beta, r):
    capped = min(r, 1.0)
    assert critical_exponent(beta=beta, r=r) == pytest.approx(beta / (2 * beta * capped + 1))


def test_critical_exponent_stops_depending_on_r_beyond_one():
    at_one = critical_exponent(beta=2.5, r=1.0)
    assert at_one == pytest.approx(2.5 / 6)
    for r in (1.5, 3.0, 100.0):
        assert critical_exponent(beta=2.5, r=r) == pytest.approx(at_one)
    # ... and falls as r grows below one.
    below = [critical_exponent(beta=2.5, r=r) for r in (0.1, 0.4, 0.7, 1.0)]
    assert np.all(np.diff(below) < 0)


def test_critical_exponent_worked_values():
    assert critical_exponent(beta=2.0, r=0.5) == pytest.approx(2 / 3)
    assert critical_exponent(beta=3.0, r=2.0) == pytest.approx(3 / 7)


@pytest.mark.parametrize("kwargs, name", [
    ({"beta": 1.0, "r": 0.5}, "beta"), ({"beta": 0.5, "r": 0.5}, "beta"),
    ({"beta": -2.0, "r": 0.5}, "beta"), ({"beta": float("nan"), "r": 0.5}, "beta"),
    ({"beta": 2.0, "r": 0.0}, "r"), ({"beta": 2.0, "r": -1.0}, "r"),
    ({"beta": 2.0, "r": float("inf")}, "r"),
])
def test_critical_exponent_rejects(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name} "):
        critical_exponent(**kwargs)


def test_critical_exponent_is_keyword_only():
    with pytest.raises(TypeError):
        critical_exponent(2.0, 0.5)


# --- fit_power_law -------------------------------------------------------------------

@pytest.mark.parametrize("exponent, prefactor", [(-1.0, 3.0), (0.5, 0.2), (-2.7, 40.0),
                                                 (0.0, 1.5)])
def test_fit_power_law_recovers_an_exact_power_law(exponent, prefactor):
    x = np.geomspace(0.5, 2000, 13)
    fitted_exponent, fitted_prefactor = fit_power_law(x, prefactor * x ** exponent)
    assert fitted_exponent == pytest.approx(exponent, abs=1e-10)
    assert fitted_prefactor == pytest.approx(prefactor, rel=1e-10)
    assert isinstance(fitted_exponent, float) and isinstance(fitted_prefactor, float)


def test_fit_power_law_accepts_lists_and_two_points():
    exponent, prefactor = fit_power_law([1, 10, 100], [3, 0.3, 0.03])
    assert (exponent, prefactor) == (pytest.approx(-1.0), pytest.approx(3.0))
    exponent, prefactor = fit_power_law([2.0, 8.0], [4.0, 64.0])
    assert (exponent, prefactor) == (pytest.approx(2.0), pytest.approx(1.0))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fit_power_law_recovers_the_exponent_of_a_noisy_power_law(seed):
    """Multiplicative log-normal noise of scale s: the least-squares slope on log-log axes
    has standard error s / sqrt(sum (log x - mean log x)^2); allow 4 of them."""
    rng = np.random.default_rng(seed)
    x = np.geomspace(1, 1e4, 60)
    noise_scale = 0.2
    y = 5.0 * x ** -0.75 * np.exp(noise_scale * rng.standard_normal(x.size))
    exponent, prefactor = fit_power_law(x, y)
    log_x = np.log(x)
    slope_se = noise_scale / np.sqrt(((log_x - log_x.mean()) ** 2).sum())
    assert abs(exponent + 0.75) <= 4 * slope_se, (exponent, slope_se)
    intercept_se = noise_scale * np.sqrt(1 / x.size + log_x.mean() ** 2
                                         / ((log_x - log_x.mean()) ** 2).sum())
    assert abs(np.log(prefactor) - np.log(5.0)) <= 4 * intercept_se


@pytest.mark.parametrize("x, y, name", [
    ([1.0, 2.0, 3.0], [1.0, 2.0], "x"),                 # mismatched lengths
    ([1.0], [1.0], "x"),                                # length < 2
    ([], [], "x"),                                      # empty
    ([[1.0, 2.0]], [[1.0, 2.0]], "x"),                  # not 1-d
    ([1.0, 2.0], [[1.0, 2.0]], "y"),                    # y not 1-d
    ([0.0, 2.0], [1.0, 2.0], "x"),                      # non-positive x
    ([-1.0, 2.0], [1.0, 2.0], "x"),
    ([1.0, 2.0], [1.0, 0.0], "y"),                      # non-positive y
    ([1.0, 2.0], [-1.0, 2.0], "y"),
    ([1.0, np.nan], [1.0, 2.0], "x"),                   # not finite
    ([1.0, 2.0], [1.0, np.inf], "y"),
])
def test_fit_power_law_rejects(x, y, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        fit_power_law(x, y)


# --- power_law_spectrum and power_law_source -----------------------------------------

@pytest.mark.parametrize("d, beta", [(1, 1.5), (7, 2.0), (1000, 1.2)])
def test_power_law_spectrum(d, beta):
    spectrum = power_law_spectrum(d=d, beta=beta)
    j = np.arange(1, d + 1)
    assert spectrum.shape == (d,) and spectrum.dtype == np.float64
    np.testing.assert_allclose(spectrum, j ** -float(beta), rtol=1e-14)
    assert spectrum[0] == 1.0 and np.all(np.diff(spectrum) < 0)


@pytest.mark.parametrize("d, beta, r", [(5, 2.0, 0.5), (200, 1.5, 0.25), (1000, 3.0, 2.0),
                                        (50, 1.1, 1.0)])
def test_power_law_source_satisfies_the_source_condition_exactly(d, beta, r):
    source = power_law_source(d=d, beta=beta, r=r)
    spectrum = power_law_spectrum(d=d, beta=beta)
    j = np.arange(1, d + 1, dtype=float)
    assert source.shape == (d,) and np.all(source > 0)
    np.testing.assert_allclose(spectrum * source ** 2, j ** (-1 - 2 * beta * r), rtol=1e-12)


def test_power_law_source_worked_value():
    values = power_law_source(d=2, beta=2.0, r=0.5) ** 2 * power_law_spectrum(d=2, beta=2.0)
    np.testing.assert_allclose(values, [1.0, 0.125])


@pytest.mark.parametrize("call, name", [
    (lambda: power_law_spectrum(d=0, beta=2.0), "d"),
    (lambda: power_law_spectrum(d=2.5, beta=2.0), "d"),
    (lambda: power_law_spectrum(d=10, beta=1.0), "beta"),
    (lambda: power_law_spectrum(d=10, beta=0.3), "beta"),
    (lambda: power_law_spectrum(d=10, beta=float("nan")), "beta"),
    (lambda: power_law_source(d=0, beta=2.0, r=0.5), "d"),
    (lambda: power_law_source(d=10, beta=1.0, r=0.5), "beta"),
    (lambda: power_law_source(d=10, beta=2.0, r=0.0), "r"),
    (lambda: power_law_source(d=10, beta=2.0, r=-0.5), "r"),
])
def test_power_laws_reject(call, name):
    with pytest.raises((ValueError, TypeError), match=f"^{name} "):
        call()


def test_power_laws_are_keyword_only():
    with pytest.raises(TypeError):
        power_law_spectrum(10, 2.0)
    with pytest.raises(TypeError):
        power_law_source(10, 2.0, 0.5)


# --- the scaling law of the deterministic equivalent ---------------------------------

@pytest.mark.parametrize("beta, r, ell", [(2.0, 0.5, 0.3)])
def test_clean_ridge_error_scales_like_T_to_minus_two_l_min_r_one(beta, r, ell):
    """Noiseless (sigma = 0) and n = 0, lambda = T^-l: the bias is the whole error and
    falls like T^(-2 l min(r, 1)) (Dohmatob, Feng, Kempe 2024, section 5)."""
    d = 5000
    spectrum = power_law_spectrum(d=d, beta=beta)
    source = power_law_source(d=d, beta=beta, r=r)
    sizes = np.unique(np.round(np.geomspace(100, 10_000, 9)).astype(int))
    errors = np.array([theory.ridge_test_error(spectrum, 0, T=T, T0=d + 2, ridge=T ** -ell,
                                               w0=source, sigma=0).total for T in sizes])
    assert np.all(errors > 0) and np.all(np.diff(errors) < 0)
    slope, _ = fit_power_law(sizes, errors)
    assert abs(slope - (-2 * ell * min(r, 1))) < 0.1, slope
