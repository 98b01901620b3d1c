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
               ("discrete", "accumulate", 0.0),
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
    assert explorer.figure.axes[0].get_yscale() == "log"     # from n = 1: error 0 at n = 0
    mean = dict(zip(_labels(explorer), explorer.figure.axes[0].get_lines()))
    np.testing.assert_allclose(mean["replace: exact mean"].get_ydata(),
                               np.arange(1, 11) * 10 / (40 - 10 - 1))
    explorer.controls["world"].value = "discrete"
    assert explorer.figure.axes[0].get_yscale() == "linear"


# ---------------------------------------------------------------------------------------
# The headline measure under accumulate, and the pi^2/6 bound up to n = 50
# ---------------------------------------------------------------------------------------

def _naive_accumulated_errors(*, d, T0, n_generations, n_chains, seed):
    """Accumulate written out: stack every generation's rows, refit OLS on all of them."""
    from collapse_lib import regression
    rng = np.random.default_rng(seed)
    w0 = regression.default_w0(d=d)
    errors = np.zeros((n_chains, n_generations + 1))
    for chain in range(n_chains):
        rows, labels, weights = [], [], w0
        for generation in range(1, n_generations + 1):
            X = rng.standard_normal((T0, d))
            rows.append(X)
            labels.append(X @ weights + rng.standard_normal(T0))
            weights = np.linalg.lstsq(np.vstack(rows), np.concatenate(labels), rcond=None)[0]
            errors[chain, generation] = np.sum((weights - w0) ** 2)
    return errors


def test_model_error_under_accumulate_is_the_error_of_the_model_fitted_on_all_data():
    from collapse_lib import regression
    naive = _naive_accumulated_errors(d=5, T0=12, n_generations=6, n_chains=1_500, seed=31)
    ours = regression.simulate_chain(d=5, T0=12, T=12, n_generations=6,
                                     strategy="accumulate", n_chains=20_000, seed=32)
    gap = ours.model_error.mean(axis=0) - naive.mean(axis=0)
    standard_error = np.hypot(ours.model_error.std(axis=0) / np.sqrt(20_000),
                              naive.std(axis=0) / np.sqrt(1_500))
    assert np.all(np.abs(gap) <= 4 * standard_error + 1e-12), gap / standard_error


def test_the_downstream_step_is_not_the_accumulated_models_error():
    """d = 10, T = T0 = 40, reused design, n = 10: about 0.53 against 0.88."""
    from collapse_lib import regression
    chain = regression.simulate_chain(d=10, T0=40, T=40, n_generations=10,
                                      strategy="accumulate", design="reused", n_chains=8_000,
                                      seed=33)
    model = regression.accumulate_test_error(10, d=10, T0=40)             # 0.534
    assert_mean_matches(chain.model_error[:, 10], model, what="model_error")
    # the downstream OLS fit (T = 40, sigma = 1) adds its own sigma^2 d/(T - d - 1): 0.879
    assert_mean_matches(chain.test_error[:, 10], model + 10 / (40 - 10 - 1),
                        what="test_error")


@pytest.mark.parametrize("design", ["fresh", "reused"])
def test_accumulate_stays_below_the_bound_up_to_fifty_generations_and_replace_grows(design):
    from collapse_lib import regression
    clean = 10 / (40 - 10 - 1)
    runs = {strategy: regression.simulate_chain(d=10, T0=40, T=40, n_generations=50,
                                                strategy=strategy, design=design,
                                                n_chains=3_000, seed=34).model_error / clean
            for strategy in ("accumulate", "replace")}
    mean = runs["accumulate"].mean(axis=0)
    standard_error = runs["accumulate"].std(axis=0) / np.sqrt(3_000)
    assert np.all(mean[1:] < np.pi ** 2 / 6 + 4 * standard_error[1:])
    slope = np.polyfit(np.arange(51), runs["replace"].mean(axis=0), 1)[0]
    assert abs(slope - 1.0) < 0.05        # replace adds one clean error per generation


@pytest.mark.parametrize("world", ["Gaussian", "discrete", "regression"])
def test_explorer_draws_every_strategy_at_the_extremes_of_its_controls(world):
    explorer = mitigation_explorer(world=world, strategy="replace", n_generations=1)
    for strategy in ("replace", "accumulate", "accumulate-subsample", "mix"):
        for budget, generations in ((100, 100), (12, 1)):
            with explorer.hold_redraw():
                explorer.controls["strategy"].value = strategy
                explorer.controls["budget"].value = budget
                explorer.controls["n_generations"].value = generations
                explorer.controls["real_fraction"].value = 1.0 if budget == 12 else 0.0
            assert explorer.message.value == "", (world, strategy, explorer.message.value)
            for line in explorer.figure.axes[0].get_lines():
                assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)))
            assert explorer.figure.axes[0].get_lines(), (world, strategy)
