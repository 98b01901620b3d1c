"""Scaling laws of the downstream ridge model (notebook 05): the (T, lambda) grid, the
predicted exponents against the theory's fitted ones, and the theory against simulation.

Windows (d fixed, as in the notebook):
- many features (d >> T), generators with T0 fixed: the paper's crossover. The slow
  term comes from the generators' error acting as label noise of variance about
  n sigma0^2 d / (T0 - d - 1), constant in T.
- many samples (T >> d), T0 = rho T: the copied part (n sigma0^2 / rho) u gives the slow
  rate; with T0 fixed the error approaches the floor n sigma0^2 d / (T0 - d - 1).
"""
import itertools

import numpy as np
import pytest

from collapse_lib import regression
from collapse_lib.regression import (critical_exponent, error_along_exponent, fit_power_law,
                                     fitted_exponent, fitted_exponents, generator_rows,
                                     power_law_source, power_law_spectrum, predicted_exponent,
                                     ridge_test_error, scaling_grid)

BETAS, SOURCES = (1.5, 2.0, 3.0), (0.25, 0.5, 1.0)
TOLERANCE = 0.05


def _setting(beta, r, d):
    return power_law_spectrum(d=d, beta=beta), power_law_source(d=d, beta=beta, r=r)


def _many_features(beta):
    """d >> T (d <= 1e5 at beta = 3: the condition number j^beta must stay <= 1e15)."""
    if beta <= 2:
        return 10 ** 6, np.unique(np.geomspace(1e3, 1e5, 9).round().astype(int))
    return 10 ** 5, np.unique(np.geomspace(1e2, 1e4, 9).round().astype(int))


def _log_slope(sizes):
    """The fitted exponent of log T over ``sizes``: what a factor log T adds to a slope."""
    return fit_power_law(sizes, np.log(sizes))[0]


# --- the grid -------------------------------------------------------------------------

def test_grid_equals_the_per_size_theory():
    d = 400
    spectrum, w0 = _setting(2.0, 0.5, d)
    sizes = np.array([20, 80, 300, 1000])
    ridges = np.array([0.0, 1e-4, 1e-2, 1.0])
    T0 = generator_rows(sizes, d=d, regime="fixed", T0=900)
    grid = scaling_grid(spectrum, 3, sizes=sizes[sizes >= d + 2], ridges=ridges,
                        T0=T0[sizes >= d + 2], w0=w0, sigma=0.3, sigma0=0.8)
    for row, T in enumerate(sizes[sizes >= d + 2]):
        single = ridge_test_error(spectrum, 3, T=int(T), T0=900, ridge=ridges, w0=w0,
                                  sigma=0.3, sigma0=0.8)
        for part in ("bias", "variance", "collapse", "total"):
            np.testing.assert_allclose(getattr(grid.error, part)[row], getattr(single, part),
                                       rtol=1e-10)
    positive = scaling_grid(spectrum, 3, sizes=sizes, ridges=ridges[1:], T0=T0, w0=w0,
                            sigma=0.3, sigma0=0.8)
    for row, T in enumerate(sizes):
        single = ridge_test_error(spectrum, 3, T=int(T), T0=900, ridge=ridges[1:], w0=w0,
                                  sigma=0.3, sigma0=0.8).total
        np.testing.assert_allclose(positive.error.total[row], single, rtol=1e-10)
        assert positive.best_ridge[row] == ridges[1:][np.argmin(single)]
        assert positive.best_error[row] == pytest.approx(single.min())


def test_error_along_exponent_is_the_grid_diagonal():
    d = 300
    spectrum, w0 = _setting(1.5, 0.5, d)
    sizes = np.array([10, 40, 160])
    ell = 0.7
    along = error_along_exponent(spectrum, 2, sizes=sizes, ell=ell, T0=700, w0=w0).total
    grid = scaling_grid(spectrum, 2, sizes=sizes, ridges=sizes.astype(float) ** -ell, T0=700,
                        w0=w0).error.total
    np.testing.assert_allclose(along, np.diag(grid), rtol=1e-12)


def test_fitted_exponents_match_one_fit_per_exponent():
    d = 2000
    spectrum, w0 = _setting(2.0, 0.5, d)
    sizes = np.array([10, 30, 100, 300])
    ells = np.array([0.0, 0.5, 2.0])
    slopes = fitted_exponents(spectrum, np.array([0, 4]), sizes=sizes, ells=ells, T0=2 * d,
                              w0=w0)
    assert slopes.shape == (2, 3)
    for row, n in enumerate((0, 4)):
        for column, ell in enumerate(ells):
            errors = error_along_exponent(spectrum, n, sizes=sizes, ell=ell, T0=2 * d, w0=w0,
                                          sigma=0.0).total
            assert slopes[row, column] == pytest.approx(
                fitted_exponent(sizes, errors, T_min=10, T_max=300), abs=1e-10)


def test_kappa_over_a_large_grid_solves_its_equation():
    spectrum = power_law_spectrum(d=10_000, beta=2.0)
    sizes = np.geomspace(10, 1000, 50).round().astype(int)[:, None]
    ridges = np.concatenate([[0.0], np.logspace(-8, 1, 39)])[None, :]
    kappa = regression.effective_regularisation(spectrum, T=sizes, ridge=ridges)
    assert kappa.shape == (50, 40) and np.all(kappa > 0)
    df1 = regression.degrees_of_freedom(spectrum, t=kappa.ravel()).reshape(kappa.shape)
    np.testing.assert_allclose(kappa - ridges, kappa * df1 / sizes, rtol=1e-9, atol=1e-300)


# --- predicted exponents against the theory --------------------------------------------

@pytest.mark.parametrize("beta, r", list(itertools.product(BETAS, SOURCES)))
def test_clean_fast_rate(beta, r):
    """n = 0, sigma = 0, lambda = T^-beta (small), d >> T: E ~ T^(-2 beta min(r, 1)).

    At r = 1 the bias sum carries a factor log T (sum 1/j): the fitted slope lies between
    the power and the power plus the slope of log T over the same sizes."""
    d, sizes = _many_features(beta)
    spectrum, w0 = _setting(beta, r, d)
    errors = error_along_exponent(spectrum, 0, sizes=sizes, ell=beta, T0=d + 2, w0=w0,
                                  sigma=0.0).total
    fitted = fitted_exponent(sizes, errors, T_min=sizes[0], T_max=sizes[-1])
    predicted = predicted_exponent(beta=beta, r=r, ell=beta, noisy=False)
    assert predicted == pytest.approx(-2 * beta * min(r, 1))
    if r == 1:
        assert predicted - TOLERANCE <= fitted <= predicted + _log_slope(sizes) + TOLERANCE
    else:
        assert abs(fitted - predicted) <= TOLERANCE, (fitted, predicted)


@pytest.mark.parametrize("beta, r", list(itertools.product(BETAS, SOURCES)))
def test_synthetic_rates_with_fixed_generators_and_many_features(beta, r):
    """n = 10 generations, T0 = 2d fixed, d >> T: the slow term T^-(1 - l/beta) at
    l between l_crit and beta, the balanced rate -2 beta m/(2 beta m + 1) at l_crit, and a
    flat curve for lambda small (l > beta)."""
    d, sizes = _many_features(beta)
    spectrum, w0 = _setting(beta, r, d)
    crit = critical_exponent(beta=beta, r=r)
    fits = {}
    for ell in (crit, (crit + beta) / 2, beta + 0.5):
        errors = error_along_exponent(spectrum, 10, sizes=sizes, ell=ell, T0=2 * d, w0=w0,
                                      sigma=0.0, sigma0=1.0).total
        fits[ell] = fitted_exponent(sizes, errors, T_min=sizes[0], T_max=sizes[-1])
    m = min(r, 1)
    balanced = predicted_exponent(beta=beta, r=r, ell=crit, noisy=True)
    assert balanced == pytest.approx(-2 * beta * m / (2 * beta * m + 1))
    assert balanced == pytest.approx(predicted_exponent(beta=beta, r=r, ell=crit, noisy=False))
    if r == 1:
        assert balanced - TOLERANCE <= fits[crit] <= balanced + _log_slope(sizes) + TOLERANCE
    else:
        assert abs(fits[crit] - balanced) <= TOLERANCE, (fits[crit], balanced)
    slow = (crit + beta) / 2
    assert abs(fits[slow] - predicted_exponent(beta=beta, r=r, ell=slow, noisy=True)) \
        <= TOLERANCE, fits[slow]
    assert predicted_exponent(beta=beta, r=r, ell=beta + 0.5, noisy=True) == 0.0
    assert abs(fits[beta + 0.5]) <= TOLERANCE, fits[beta + 0.5]


@pytest.mark.parametrize("beta, r", list(itertools.product(BETAS, (0.25, 0.5))))
def test_best_ridge_per_size_reaches_the_rate_of_l_crit(beta, r):
    """The best lambda of a grid at each T falls at the rate lambda = T^-l_crit gives
    (within 0.05), never above it, and l_crit beats the clean-data choice (lambda small)."""
    d = 10 ** 5
    sizes = np.unique(np.geomspace(1e2, 1e4, 7).round().astype(int))
    spectrum, w0 = _setting(beta, r, d)
    setting = dict(sizes=sizes, T0=2 * d, w0=w0, sigma=0.0, sigma0=1.0)
    crit = error_along_exponent(spectrum, 10, ell=critical_exponent(beta=beta, r=r),
                                **setting).total
    small = error_along_exponent(spectrum, 10, ell=beta + 0.5, **setting).total
    grid = scaling_grid(spectrum, 10, ridges=np.logspace(-12, 0, 49), **setting)
    assert np.all(grid.best_error <= crit * (1 + 1e-12))
    assert np.all(crit[-3:] < small[-3:])
    assert abs(fitted_exponent(sizes, grid.best_error, T_min=1e2, T_max=1e4)
               - fitted_exponent(sizes, crit, T_min=1e2, T_max=1e4)) <= TOLERANCE


def test_many_samples_window_proportional_against_fixed_generators():
    """beta = 2, r = 0.5, d = 300, T from 1e4 to 1e6, n = 10: with T0 = rho T (rho = 1) the
    slope at l_crit is -2/3 within 0.05; with T0 = 2d fixed it is far shallower and the
    error tends to the floor n sigma0^2 d / (T0 - d - 1)."""
    d, n = 300, 10
    sizes = np.unique(np.geomspace(1e4, 1e6, 9).round().astype(int))
    spectrum, w0 = _setting(2.0, 0.5, d)
    crit = critical_exponent(beta=2.0, r=0.5)
    curves = {}
    for regime, kwargs in (("proportional", dict(T0_ratio=1.0)), ("fixed", dict(T0=2 * d))):
        T0 = generator_rows(sizes, d=d, regime=regime, **kwargs)
        curves[regime] = error_along_exponent(spectrum, n, sizes=sizes, ell=crit, T0=T0, w0=w0,
                                              sigma=0.0, sigma0=1.0).total
    proportional = fitted_exponent(sizes, curves["proportional"], T_min=1e4, T_max=1e6)
    assert abs(proportional + 2 / 3) <= TOLERANCE, proportional
    fixed = fitted_exponent(sizes, curves["fixed"], T_min=1e4, T_max=1e6)
    assert fixed > proportional + 0.3, (fixed, proportional)
    floor = n * d / (2 * d - d - 1)
    far = error_along_exponent(spectrum, n, sizes=[10 ** 7, 10 ** 9, 10 ** 12], ell=crit,
                               T0=2 * d, w0=w0, sigma=0.0, sigma0=1.0).total
    assert curves["fixed"][-1] < far[0] < far[1] < far[2] < floor
    assert far[2] == pytest.approx(floor, rel=0.02)


@pytest.mark.parametrize("beta, r, ell, noisy, expected", [
    (2.0, 0.5, 3.0, False, -2.0), (2.0, 0.5, 1.0, False, -1.0), (2.0, 2.0, 1.0, False, -2.0),
    (2.0, 0.5, 2 / 3, True, -2 / 3), (2.0, 0.5, 1.5, True, -0.25), (2.0, 0.5, 0.2, True, -0.2),
    (3.0, 1.0, 5.0, True, 0.0), (1.5, 0.25, 0.0, True, 0.0),
])
def test_predicted_exponent_worked_values(beta, r, ell, noisy, expected):
    assert predicted_exponent(beta=beta, r=r, ell=ell, noisy=noisy) == pytest.approx(expected)


# --- the theory against simulation ----------------------------------------------------

@pytest.mark.parametrize("regime, kwargs", [("fixed", dict(T0=700)),
                                            ("proportional", dict(T0_ratio=1.0))])
def test_simulation_matches_the_theory_in_both_regimes(regime, kwargs):
    """d = 300, beta = 2, r = 0.5, lambda = T^-l_crit, n = 2: the simulated mean of 900
    chains (three batches of 300 from one generator, within the memory guard) within 4
    Monte Carlo standard errors (about 1.3 % here) plus 3 % (the deterministic
    equivalent's finite-d error, as in tests/test_regression.py). T >= d keeps the
    simulation's downstream fit on its fast path; the sizes span 350 to 1,400."""
    d, n, batches = 300, 2, 3
    spectrum, w0 = _setting(2.0, 0.5, d)
    sizes = np.array([350, 700, 1400])
    T0 = generator_rows(sizes, d=d, regime=regime, **kwargs)
    ell = critical_exponent(beta=2.0, r=0.5)
    theory = error_along_exponent(spectrum, n, sizes=sizes, ell=ell, T0=T0, w0=w0, sigma=0.0,
                                  sigma0=1.0).total
    for index, (T, rows) in enumerate(zip(sizes, T0)):
        rng = np.random.default_rng(index)
        samples = np.concatenate([regression.simulate_chain(
            d=d, T0=int(rows), T=int(T), n_generations=n, ridge=float(T) ** -ell,
            spectrum=spectrum, w0=w0, sigma=0.0, sigma0=1.0, n_chains=300,
            seed=rng).test_error[:, n] for _ in range(batches)])
        standard_error = samples.std(ddof=1) / np.sqrt(samples.size)
        assert abs(samples.mean() - theory[index]) <= 0.03 * theory[index] \
            + 4 * standard_error, (T, samples.mean(), theory[index], standard_error)


# --- bad input --------------------------------------------------------------------------

SPECTRUM, W0 = _setting(2.0, 0.5, 50)


@pytest.mark.parametrize("call, name", [
    (lambda: generator_rows([], d=5, regime="fixed", T0=10), "sizes"),
    (lambda: generator_rows([0, 10], d=5, regime="fixed", T0=10), "sizes"),
    (lambda: generator_rows([-5, 10], d=5, regime="fixed", T0=10), "sizes"),
    (lambda: generator_rows([10, 5], d=5, regime="fixed", T0=10), "sizes"),
    (lambda: generator_rows([10.5], d=5, regime="fixed", T0=10), "sizes"),
    (lambda: generator_rows([10], d=5, regime="grow", T0=10), "regime"),
    (lambda: generator_rows([10], d=5, regime="fixed", T0=6), "T0"),
    (lambda: generator_rows([10], d=5, regime="fixed"), "T0"),
    (lambda: generator_rows([10], d=5, regime="fixed", T0=10, T0_ratio=2.0), "T0_ratio"),
    (lambda: generator_rows([10], d=50, regime="proportional", T0_ratio=2.0), "T0_ratio"),
    (lambda: generator_rows([10], d=5, regime="proportional", T0_ratio=0.0), "T0_ratio"),
    (lambda: generator_rows([10], d=5, regime="proportional", T0_ratio=2.0, T0=10), "T0"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[], ridges=[0.1], T0=60), "sizes"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[10], ridges=[], T0=60), "ridges"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[10], ridges=[-0.1], T0=60), "ridges"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[10, 20], ridges=[0.1], T0=[60]), "T0"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[10], ridges=[0.1], T0=40), "T0"),
    (lambda: scaling_grid(SPECTRUM, -1, sizes=[10], ridges=[0.1], T0=60), "n"),
    (lambda: scaling_grid(SPECTRUM, 1, sizes=[10], ridges=[0.0], T0=60), "ridges"),
    (lambda: error_along_exponent(SPECTRUM, 1, sizes=[10], ell=-1.0, T0=60), "ell"),
    (lambda: error_along_exponent(SPECTRUM, 1, sizes=[0], ell=1.0, T0=60), "sizes"),
    (lambda: predicted_exponent(beta=1.0, r=0.5, ell=1.0, noisy=True), "beta"),
    (lambda: predicted_exponent(beta=0.5, r=0.5, ell=1.0, noisy=True), "beta"),
    (lambda: predicted_exponent(beta=2.0, r=0.0, ell=1.0, noisy=True), "r"),
    (lambda: predicted_exponent(beta=2.0, r=-0.5, ell=1.0, noisy=True), "r"),
    (lambda: predicted_exponent(beta=2.0, r=0.5, ell=-0.1, noisy=True), "ell"),
    (lambda: fitted_exponent([10, 20], [1.0, 0.5], T_min=30, T_max=40), "T_min"),
    (lambda: fitted_exponent([10, 20], [1.0, 0.5], T_min=20, T_max=10), "T_max"),
    (lambda: fitted_exponent([10, 20], [1.0], T_min=10, T_max=20), "errors"),
    (lambda: fitted_exponent([10, 20], [1.0, -0.5], T_min=10, T_max=20), "errors"),
    (lambda: fitted_exponents(SPECTRUM, 0, sizes=[10, 20], ells=[], T0=60), "ells"),
    (lambda: fitted_exponents(SPECTRUM, 0, sizes=[10, 20], ells=[101.0], T0=60), "ells"),
    (lambda: fitted_exponents(SPECTRUM, [[0]], sizes=[10, 20], ells=[1.0], T0=60), "n"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises((ValueError, TypeError), match=rf"\b{name}\b"):
        call()


def test_predicted_exponent_wants_a_bool():
    with pytest.raises(TypeError, match="noisy"):
        predicted_exponent(beta=2.0, r=0.5, ell=1.0, noisy="yes")
