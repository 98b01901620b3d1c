"""Provenance filtering: the real fraction a detector leaves, against simulation."""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib.mitigations import (filtered_real_fraction, required_recall,
                                      simulate_provenance_filter)
from montecarlo import assert_mean_matches

SETTINGS = [(0.5, 0.9, 0.0), (0.9, 0.95, 0.05), (0.99, 0.5, 0.01), (0.2, 0.0, 0.3)]


@pytest.mark.parametrize("share, recall, false_positives", SETTINGS)
def test_real_fraction_after_filtering_matches_simulation(share, recall, false_positives):
    simulated = simulate_provenance_filter(synthetic_share=share, recall=recall,
                                           false_positive_rate=false_positives,
                                           n_items=2_000, n_chains=20_000,
                                           seed=0).real_fraction
    expected = filtered_real_fraction(synthetic_share=share, recall=recall,
                                      false_positive_rate=false_positives)
    # The ratio of counts is biased by O(1/n_items); 2,000 items keep that far below 4 SE.
    assert_mean_matches(simulated, expected, what="real fraction after filtering")


def test_required_recall_reaches_the_target_and_no_less_would():
    shares, targets = np.meshgrid([0.5, 0.8, 0.95], [0.1, 0.5, 0.9])
    recall = required_recall(synthetic_share=shares, real_fraction=targets,
                             false_positive_rate=0.02)
    reached = filtered_real_fraction(synthetic_share=shares, recall=recall,
                                     false_positive_rate=0.02)
    assert np.all(reached >= targets - 1e-12)
    inside = recall > 0
    below = filtered_real_fraction(synthetic_share=shares[inside],
                                   recall=recall[inside] - 1e-6, false_positive_rate=0.02)
    assert np.all(below < targets[inside])


def test_without_a_detector_the_real_fraction_is_the_real_share():
    shares = np.linspace(0.0, 0.9, 10)
    np.testing.assert_allclose(filtered_real_fraction(synthetic_share=shares, recall=0.0),
                               1 - shares)


@pytest.mark.parametrize("arguments, fragment", [
    (dict(synthetic_share=1.5, recall=0.5), "synthetic_share"),
    (dict(synthetic_share=0.5, recall=-0.1), "recall"),
    (dict(synthetic_share=0.5, recall=0.5, false_positive_rate=2.0), "false_positive_rate"),
    (dict(synthetic_share=[0.1, 0.2], recall=[0.1, 0.2, 0.3]), "must broadcast together"),
])
def test_bad_shares_name_the_parameter(arguments, fragment):
    with pytest.raises(ValueError, match=fragment):
        filtered_real_fraction(**arguments)
    with pytest.raises(ValueError, match="n_items"):
        simulate_provenance_filter(synthetic_share=0.5, recall=0.5, n_items=0)
    with pytest.raises(ValueError, match="real_fraction"):
        required_recall(synthetic_share=0.5, real_fraction=0.0)
    with pytest.raises(ValueError, match="no real data"):
        required_recall(synthetic_share=1.0, real_fraction=0.5)
    with pytest.raises(ValueError, match="leave no data"):
        filtered_real_fraction(synthetic_share=1.0, recall=1.0)
