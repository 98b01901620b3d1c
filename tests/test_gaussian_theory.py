"""Every Gaussian formula (Shumailov et al. 2024; see CONTRIBUTING.md) against simulation (4 MC SE)."""
import numpy as np
import pytest

from collapse_lib import gaussian
from montecarlo import assert_mean_matches, assert_median_matches

N_CHAINS = 20_000
# (M, n): small M, where collapse is fast, to moderate M over more generations. The
# relative variance of sigma_n^2 is (1 + 2/(M-1))^n - 1, kept moderate so the sample
# standard error is itself reliable.
CASES = [(5, 3), (10, 10), (50, 30)]
ESTIMATORS = ["mle", "unbiased"]


@pytest.fixture(scope="module")
def chains():
    """One simulated replace chain per (estimator, M, n), shared by the tests below."""
    return {
        (estimator, m, n): gaussian.simulate_chain(n_generations=n, n_samples=m, mu=1.5,
                                                   sigma=2.0, estimator=estimator,
                                                   n_chains=N_CHAINS, seed=1000 * m + n)
        for estimator in ESTIMATORS for m, n in CASES
    }


def _theory(function, n, m, estimator):
    return function(np.arange(n + 1), n_samples=m, sigma=2.0, estimator=estimator)


# (name, exact formula, the per-chain quantity whose mean it predicts)
MEAN_FORMULAS = [
    ("E sigma_n^2", gaussian.expected_variance, lambda chain: chain.sigma2),
    ("E (mu_n - mu_0)^2", gaussian.expected_mean_drift, lambda chain: (chain.mu - 1.5) ** 2),
    ("E log sigma_n^2", gaussian.expected_log_variance, lambda chain: np.log(chain.sigma2)),
    ("E W2^2", gaussian.expected_w2_squared, lambda chain: chain.w2_squared),
]


@pytest.mark.parametrize("name, formula, statistic", MEAN_FORMULAS, ids=[f[0] for f in MEAN_FORMULAS])
@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("m, n", CASES)
def test_expected_value_formulas(chains, name, formula, statistic, estimator, m, n):
    chain = chains[estimator, m, n]
    assert_mean_matches(statistic(chain), _theory(formula, n, m, estimator), what=name)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("m, n", CASES)
def test_median_variance(chains, estimator, m, n):
    chain = chains[estimator, m, n]
    median = _theory(gaussian.median_variance, n, m, estimator)
    assert_median_matches(chain.sigma2[:, 2:], median[2:])


def test_median_variance_is_exact_for_one_generation_up_to_its_stated_error():
    from scipy.stats import chi2
    for m in (2, 5, 20):
        exact = chi2.median(m - 1) / (m - 1)
        approx = gaussian.median_variance(1, n_samples=m, estimator="unbiased")
        assert abs(np.log(approx / exact)) < (0.09 if m == 2 else 0.01)


def test_unbiased_chain_collapses_although_its_mean_variance_stays():
    """The headline: E sigma_n^2 = sigma^2 for every n, yet most chains go to 0."""
    chain = gaussian.simulate_chain(n_generations=400, n_samples=10, estimator="unbiased",
                                    n_chains=4000, seed=3)
    assert gaussian.expected_variance(400, n_samples=10, estimator="unbiased") == 1.0
    assert np.mean(chain.sigma2[:, -1] < 1e-6) > 0.99
    assert gaussian.expected_log_variance(400, n_samples=10) < np.log(1e-6)


def test_mle_w2_stays_bounded_while_unbiased_w2_diverges():
    n = np.array([10, 100, 1000, 10_000])
    mle = gaussian.expected_w2_squared(n, n_samples=10, estimator="mle")
    unbiased = gaussian.expected_w2_squared(n, n_samples=10, estimator="unbiased")
    assert np.all(mle <= 2.0) and np.all(np.diff(mle) >= 0) and mle[1] > mle[0]
    assert unbiased[-1] > 900  # about n / M


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("d, m, n", [(2, 6, 4), (5, 20, 6)])
def test_mvn_trace_and_determinant(estimator, d, m, n):
    rng = np.random.default_rng(d)
    root = rng.standard_normal((d, d))
    cov = root @ root.T + d * np.eye(d)
    chain = gaussian.simulate_mvn_chain(n_generations=n, n_samples=m, cov=cov,
                                        estimator=estimator, n_chains=N_CHAINS, seed=d * m)
    generations = np.arange(n + 1)
    assert_mean_matches(chain.trace / np.trace(cov),
                        gaussian.expected_trace_ratio(generations, n_samples=m, d=d,
                                                      estimator=estimator),
                        what="E tr Sigma_n / tr Sigma_0")
    log_det0 = np.linalg.slogdet(cov)[1]
    assert_mean_matches(np.exp(chain.log_det - log_det0),
                        gaussian.expected_det_ratio(generations, n_samples=m, d=d,
                                                    estimator=estimator),
                        what="E det Sigma_n / det Sigma_0")
    assert_mean_matches(chain.log_det - log_det0,
                        gaussian.expected_log_det_change(generations, n_samples=m, d=d,
                                                         estimator=estimator),
                        what="E log det change")


def test_mvn_log_det_matches_the_covariance():
    chain = gaussian.simulate_mvn_chain(n_generations=5, n_samples=8, d=3, n_chains=10, seed=1)
    np.testing.assert_allclose(chain.log_det, np.linalg.slogdet(chain.cov)[1], rtol=1e-10,
                               atol=1e-10)
    np.testing.assert_allclose(chain.eigenvalues.sum(axis=-1), chain.trace, rtol=1e-10)


def test_one_dimensional_mvn_chain_is_the_gaussian_chain():
    """d = 1: the same formulas as the univariate chain, checked on the determinant."""
    assert gaussian.expected_det_ratio(7, n_samples=10, d=1, estimator="mle") == pytest.approx(
        gaussian.expected_variance(7, n_samples=10, estimator="mle"))
    assert gaussian.expected_log_det_change(7, n_samples=10, d=1,
                                            estimator="unbiased") == pytest.approx(
        gaussian.expected_log_variance(7, n_samples=10, estimator="unbiased"))
