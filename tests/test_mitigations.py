"""The cross-world comparison and its explorer: each world's measure of the model trained
at generation n, its exact expectation where one exists, and the cost of each strategy."""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib.mitigations import simulate_world, training_set_size, world_theory
from collapse_lib.widgets import mitigation_explorer
from montecarlo import assert_mean_matches

WITH_THEORY = [("Gaussian", "replace", 0.0), ("Gaussian", "accumulate", 0.0),
               ("Gaussian", "mix", 0.25), ("discrete", "replace", 0.0),
               ("discrete", "mix", 0.25), ("regression", "replace", 0.0),
               ("regression", "mix", 0.25)]


@pytest.mark.parametrize("world, strategy, fraction", WITH_THEORY)
def test_each_world_theory_is_the_mean_of_its_simulation(world, strategy, fraction):
    run = simulate_world(world=world, strategy=strategy, real_fraction=fraction, budget=16,
                         n_generations=12, n_chains=6_000, seed=11)
    expected = world_theory(np.arange(13), world=world, strategy=strategy,
                            real_fraction=fraction, budget=16)
    assert_mean_matches(run.measure, expected, what=f"{world}, {strategy}")


@pytest.mark.parametrize("world", ["Gaussian", "discrete", "regression"])
def test_subsample_has_no_formula_in_any_world(world):
    assert world_theory([0, 1], world=world, strategy="accumulate-subsample", budget=16) \
        is None


def test_only_accumulate_pays_for_its_growing_data():
    n = np.arange(5)
    assert training_set_size(n, strategy="accumulate", budget=10).tolist() == [0, 10, 20, 30,
                                                                               40]
    for strategy in ("replace", "accumulate-subsample", "mix"):
        assert training_set_size(n, strategy=strategy, budget=10).tolist() == [0, 10, 10, 10,
                                                                               10]


def test_regression_budget_must_leave_ols_generators_a_finite_error():
    with pytest.raises(ValueError, match="budget"):
        simulate_world(world="regression", strategy="replace", budget=11, n_generations=2,
                       n_chains=2)


def _labels(explorer, index=0):
    return [line.get_label() for line in explorer.figure.axes[index].get_lines()]


def test_explorer_draws_the_strategy_against_replace_with_its_theory():
    explorer = mitigation_explorer(world="Gaussian", strategy="mix", real_fraction=0.2,
                                   budget=20, n_generations=30)
    assert _labels(explorer) == ["median of replace", "replace: exact mean",
                                 "median of mix, 20 % real", "mix, 20 % real: exact mean"]
    theory = dict(zip(_labels(explorer), explorer.figure.axes[0].get_lines()))
    expected = world_theory(np.arange(31), world="Gaussian", strategy="mix",
                            real_fraction=0.2, budget=20)
    np.testing.assert_allclose(theory["mix, 20 % real: exact mean"].get_ydata(), expected)
    assert explorer.figure.axes[0].get_yscale() == "log"


def test_explorer_says_when_a_strategy_has_no_formula_and_shows_the_cost():
    explorer = mitigation_explorer(world="discrete", strategy="replace", n_generations=20)
    explorer.controls["strategy"].value = "accumulate-subsample"
    assert _labels(explorer) == ["median of replace", "replace: exact mean",
                                 "median of accumulate-subsample"]
    caption = " ".join(text.get_text() for text in explorer.figure.texts)
    assert "No closed form for accumulate-subsample" in caption
    cost = {line.get_label(): line.get_ydata() for line in explorer.figure.axes[1].get_lines()}
    assert cost["accumulate"][-1] == 20 * 20 and cost["replace"][-1] == 20


def test_explorer_switches_worlds_and_budgets():
    explorer = mitigation_explorer(world="Gaussian", strategy="replace", n_generations=10)
    explorer.controls["world"].value = "regression"
    explorer.controls["budget"].value = 40
    assert explorer.figure.axes[0].get_title() == "regression: replace (T₀ = 40)"
    assert explorer.figure.axes[0].get_yscale() == "linear"
    mean = dict(zip(_labels(explorer), explorer.figure.axes[0].get_lines()))
    np.testing.assert_allclose(mean["replace: exact mean"].get_ydata(),
                               np.arange(11) * 10 / (40 - 10 - 1))
