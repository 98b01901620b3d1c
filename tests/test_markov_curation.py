"""Curation in the discrete world: nucleus filtering hurts, a verifier helps in the long run."""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib.markov import nucleus, simulate_chain, simulate_curated_chain, zipf

P0 = zipf(K=50, exponent=1.2)
SETTING = dict(n_samples=50, n_generations=50, n_chains=600)


def _support(chain, n):
    values = chain.support_size[:, n].astype(float)
    return values.mean(), values.std(ddof=1) / np.sqrt(values.size)


def test_nucleus_keeps_the_top_categories_reaching_the_mass():
    p = np.array([0.1, 0.5, 0.05, 0.3, 0.05])
    kept = nucleus(p, keep_fraction=0.85)
    np.testing.assert_allclose(kept, [0.1, 0.5, 0.0, 0.3, 0.0] / np.float64(0.9))
    np.testing.assert_allclose(nucleus(p, keep_fraction=1.0), p)


def test_nucleus_filtering_loses_categories_faster_than_replace():
    replaced = simulate_chain(P0, seed=1, **SETTING)
    filtered = simulate_curated_chain(P0, curation="nucleus", keep_fraction=0.95, seed=2,
                                      **SETTING)
    for n in (5, 10, 20):
        (ours, ours_se), (theirs, theirs_se) = _support(filtered, n), _support(replaced, n)
        assert ours + 4 * ours_se < theirs - 4 * theirs_se, n


def test_an_exact_verifier_keeps_more_categories_in_the_long_run():
    replaced = simulate_chain(P0, seed=3, **SETTING)
    verified = simulate_curated_chain(P0, curation="verifier", candidates=5, seed=4,
                                      **SETTING)
    (ours, ours_se), (theirs, theirs_se) = _support(verified, 50), _support(replaced, 50)
    assert ours - 4 * ours_se > theirs + 4 * theirs_se
    assert np.allclose(verified.p.sum(axis=-1), 1.0)


def test_a_verifier_that_guesses_gives_back_the_replace_chain():
    replaced = simulate_chain(P0, seed=5, **SETTING)
    guessed = simulate_curated_chain(P0, curation="verifier", candidates=3,
                                     verifier_noise=1e6, seed=6, **SETTING)
    (ours, ours_se), (theirs, theirs_se) = _support(guessed, 30), _support(replaced, 30)
    assert abs(ours - theirs) < 4 * np.hypot(ours_se, theirs_se)


@pytest.mark.parametrize("argument, value", [("curation", "best"), ("keep_fraction", 0.0),
                                             ("candidates", 0), ("verifier_noise", -1.0)])
def test_bad_curation_input_names_the_parameter(argument, value):
    arguments = dict(n_samples=5, n_generations=2, curation="verifier")
    arguments[argument] = value
    with pytest.raises(ValueError, match=argument):
        simulate_curated_chain(P0, **arguments)
