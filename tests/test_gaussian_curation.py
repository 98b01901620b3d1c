"""Curation in the Gaussian world: the likelihood filter against its exact theory, the
verifier against the replace chain (Feng et al., 2024, arXiv:2406.07515)."""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib.gaussian import expected_variance, simulate_chain
from collapse_lib.gaussian.curation import (expected_variance_filtered, simulate_curated_chain,
                                            truncation_factor)
from montecarlo import assert_mean_matches


def test_truncation_factor_is_the_variance_of_a_truncated_normal():
    z = np.random.default_rng(0).standard_normal(2_000_000)
    for keep in (0.2, 0.5, 0.9):
        a = np.quantile(np.abs(z), keep)
        kept = z[np.abs(z) <= a]
        standard_error = kept.var() * np.sqrt(2 / kept.size) * 2
        assert abs(kept.var() - truncation_factor(keep_fraction=keep)) < 4 * standard_error


@pytest.mark.parametrize("estimator", ["unbiased", "mle"])
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_likelihood_filter_variance_matches_its_exact_expectation(estimator, keep):
    chain = simulate_curated_chain(n_generations=8, n_samples=12, curation="likelihood",
                                   keep_fraction=keep, mu=3.0, sigma=2.0,
                                   estimator=estimator, n_chains=20_000, seed=1)
    expected = expected_variance_filtered(np.arange(9), n_samples=12, keep_fraction=keep,
                                          sigma=2.0, estimator=estimator)
    assert_mean_matches(chain.sigma2, expected, what=f"E sigma_n^2, keep {keep}")
    assert_mean_matches(chain.mu, 3.0, what="E mu_n (the filter is symmetric)")


def test_likelihood_filter_collapses_faster_than_replace():
    settings = dict(n_generations=20, n_samples=20, n_chains=4_000)
    filtered = simulate_curated_chain(curation="likelihood", keep_fraction=0.8, seed=2,
                                      **settings).sigma2[:, 20]
    replaced = simulate_chain(seed=3, **settings).sigma2[:, 20]
    assert expected_variance_filtered(20, n_samples=20, keep_fraction=0.8) < 1e-3 \
        < expected_variance(20, n_samples=20)
    assert np.quantile(filtered, 0.9) < np.quantile(replaced, 0.1)


def test_an_accurate_verifier_keeps_the_variance_above_a_level():
    """Replace collapses (its 10 % quantile falls below 1e-3 by generation 200); with a
    verifier scoring 10 candidates per point the spread stays near sigma^2."""
    settings = dict(n_generations=200, n_samples=20, n_chains=400)
    verified = simulate_curated_chain(curation="verifier", candidates=10, seed=4,
                                      **settings).sigma2
    replaced = simulate_chain(seed=5, **settings).sigma2
    assert np.quantile(replaced[:, 200], 0.5) < 1e-3
    assert np.quantile(verified[:, 100:], 0.1) > 0.4
    assert 0.8 < np.median(verified[:, 100:]) < 1.1


def test_a_verifier_that_guesses_gives_back_the_replace_chain():
    """With noise far larger than any likelihood ratio the choice is uniform: replace."""
    noisy = simulate_curated_chain(n_generations=60, n_samples=20, curation="verifier",
                                   candidates=5, verifier_noise=1e6, n_chains=4_000,
                                   seed=6).sigma2[:, 60]
    replaced = simulate_chain(n_generations=60, n_samples=20, n_chains=4_000,
                              seed=7).sigma2[:, 60]
    share_below = (noisy < np.median(replaced)).mean()
    assert abs(share_below - 0.5) < 4 * 0.5 / np.sqrt(4_000)


def test_one_candidate_per_point_is_the_replace_chain():
    chain = simulate_curated_chain(n_generations=5, n_samples=10, curation="verifier",
                                   candidates=1, n_chains=20_000, seed=8)
    assert_mean_matches(chain.sigma2, expected_variance(np.arange(6), n_samples=10))


@pytest.mark.parametrize("argument, value, fragment", [
    ("curation", "best", "curation must be one of 'likelihood', 'verifier'"),
    ("keep_fraction", 0.0, "keep_fraction"),
    ("keep_fraction", 1.5, "keep_fraction"),
    ("candidates", 0, "candidates"),
    ("verifier_noise", -1.0, "verifier_noise"),
    ("n_samples", 1, "n_samples"),
])
def test_bad_curation_input_names_the_parameter(argument, value, fragment):
    arguments = dict(n_generations=2, n_samples=5, curation="verifier")
    arguments[argument] = value
    with pytest.raises(ValueError, match=fragment):
        simulate_curated_chain(**arguments)
