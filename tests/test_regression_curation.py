"""Curation in the regression world: a confidence filter stagnates, a verifier corrects."""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib import regression
from montecarlo import assert_mean_matches

SETTING = dict(d=10, T0=20, n_generations=20, n_chains=1_500)


def _mean_and_se(values):
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])


def test_generation_one_is_the_clean_fit_whatever_the_curation():
    for curation in regression.CURATIONS:
        chain = regression.simulate_curated_chain(curation=curation, seed=1, **SETTING)
        assert_mean_matches(chain.model_error[:, 1], 10 / (20 - 10 - 1),
                            what=f"generation 1 ({curation})")


def test_the_confidence_filter_stagnates_neither_collapsing_nor_recovering():
    filtered = regression.simulate_curated_chain(curation="confidence", seed=2, **SETTING)
    replaced = regression.simulate_chain(T=20, seed=3, **SETTING).model_error
    mean, se = _mean_and_se(filtered.model_error)
    assert np.all(mean[2:] >= mean[1] - 4 * se[1])          # never better than generation 1
    assert mean[20] < replaced[:, 20].mean() / 5            # far slower than replace


def test_an_exact_verifier_corrects_the_model_and_a_guessing_one_is_replace():
    verified = regression.simulate_curated_chain(curation="verifier", seed=4, **SETTING)
    mean, _ = _mean_and_se(verified.model_error)
    assert mean[10] < mean[1] / 10
    guessed = regression.simulate_curated_chain(curation="verifier", verifier_noise=1e6,
                                                seed=5, **SETTING).model_error
    replaced = regression.simulate_chain(T=20, seed=6, **SETTING).model_error
    gap = guessed[:, 10].mean() - replaced[:, 10].mean()
    assert abs(gap) < 4 * np.hypot(*(x[:, 10].std() / np.sqrt(1_500)
                                     for x in (guessed, replaced)))


@pytest.mark.parametrize("argument, value", [("curation", "best"), ("T0", 11),
                                             ("candidates", 0), ("verifier_noise", -1.0)])
def test_bad_curation_input_names_the_parameter(argument, value):
    arguments = dict(d=10, T0=20, n_generations=2, curation="verifier")
    arguments[argument] = value
    with pytest.raises(ValueError, match=argument):
        regression.simulate_curated_chain(**arguments)
