"""The helpers notebooks call instead of repeating logic: comparisons, panels, statistics."""
import ipywidgets as widgets
import numpy as np
import pytest

from collapse_lib import gaussian, markov, plotting, regression
from collapse_lib.core.explorer import Explorer
from collapse_lib.core.statistics import mean_and_standard_error, quantiles


def labelled_lines(ax):
    return {line.get_label(): np.asarray(line.get_ydata(), dtype=float) for line in ax.lines}


def test_mean_and_standard_error_match_numpy():
    samples = np.random.default_rng(0).normal(size=(40, 3))
    mean, standard_error = mean_and_standard_error(samples)
    np.testing.assert_allclose(mean, samples.mean(axis=0))
    np.testing.assert_allclose(standard_error, samples.std(axis=0, ddof=1) / np.sqrt(40))
    mean, standard_error = mean_and_standard_error(samples, axis=1)
    assert mean.shape == standard_error.shape == (40,)


def test_quantiles_bracket_the_median():
    samples = np.random.default_rng(1).lognormal(size=(1001, 2))
    low, middle, high = quantiles(samples)
    np.testing.assert_allclose(middle, np.median(samples, axis=0))
    assert np.all(low < middle) and np.all(middle < high)


def test_gaussian_strategy_comparison_is_the_median_of_each_chain():
    medians = gaussian.compare_strategies(n_generations=60, n_samples=10, n_chains=400,
                                          real_fraction=0.2, seed=3)
    assert list(medians) == ["replace", "accumulate", "mix, 20 % real"]
    replace = gaussian.simulate_chain(n_generations=60, n_samples=10, n_chains=400, seed=3)
    np.testing.assert_allclose(medians["replace"], np.median(replace.sigma2, axis=0))
    # only replace collapses: its typical variance ends far below the others
    assert medians["replace"][-1] < 0.1 * min(medians["accumulate"][-1],
                                              medians["mix, 20 % real"][-1])


def test_markov_strategy_comparison_keeps_more_support_without_replace():
    p0 = markov.zipf(K=30, exponent=1.0)
    support = markov.compare_strategies(p0, n_samples=30, n_generations=40, n_chains=200,
                                        seed=4)
    replace = markov.simulate_chain(p0, n_samples=30, n_generations=40, n_chains=200, seed=4)
    np.testing.assert_allclose(support["replace"], replace.support_size.mean(axis=0))
    assert support["replace"][-1] < support["mix, 10 % real"][-1]
    assert support["replace"][-1] < support["accumulate"][-1]


@pytest.mark.parametrize("real_fraction", [0.0, 1.5])
def test_strategy_comparisons_need_a_real_share_for_mix(real_fraction):
    with pytest.raises(ValueError, match="real_fraction"):
        gaussian.compare_strategies(n_generations=2, n_samples=5, n_chains=2,
                                    real_fraction=real_fraction)


def test_strategy_comparison_plot_gives_each_strategy_its_own_style():
    figure, axes = plotting.new_figure()
    plotting.plot_strategy_comparison(axes[0], np.arange(3), {"a": [1, 2, 3], "b": [3, 2, 1]},
                                      ylabel="y", title="t")
    first, second = axes[0].lines
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() != second.get_linestyle()


@pytest.mark.parametrize("statistic, formula", [
    ("log_variance", gaussian.expected_log_variance),
    ("mean_drift", gaussian.expected_mean_drift),
    ("w2_squared", gaussian.expected_w2_squared),
])
def test_estimator_comparison_draws_both_formulas(statistic, formula):
    figure, axes = plotting.new_figure()
    gaussian.plot_estimator_comparison(axes[0], statistic, n_generations=15, n_samples=8,
                                       n_chains=50, seed=0)
    lines = labelled_lines(axes[0])
    n = np.arange(16)
    for estimator in gaussian.ESTIMATORS:
        np.testing.assert_allclose(lines[f"{gaussian.describe_estimator(estimator)}: exact"],
                                   formula(n, n_samples=8, estimator=estimator))
    assert f"{gaussian.describe_estimator('mle')} (±2 SE)" in lines
    colours = {line.get_color() for line in axes[0].lines if line.get_label().endswith(": exact")}
    assert len(colours) == 2, "each formula is drawn in its own estimator's colour"


@pytest.mark.parametrize("statistic", ["mean_drift", "w2_squared"])
def test_expectation_and_spread_draws_the_chains_quantiles_and_the_formula(statistic):
    figure, axes = plotting.new_figure()
    gaussian.plot_expectation_and_spread(axes[0], statistic, estimator="unbiased",
                                         n_generations=12, n_samples=6, n_chains=300, seed=3)
    chain = gaussian.simulate_chain(n_generations=12, n_samples=6, n_chains=300, seed=3)
    measure, formula, ylabel = gaussian.ESTIMATOR_STATISTICS[statistic]
    values, n = measure(chain)[:, 1:], np.arange(1, 13)
    lines = labelled_lines(axes[0])
    np.testing.assert_allclose(lines["median of chains"], np.median(values, axis=0))
    np.testing.assert_allclose(lines["mean of 300 chains"], values.mean(axis=0))
    np.testing.assert_allclose(lines[f"{ylabel} (exact)"], formula(n, n_samples=6))
    band = axes[0].collections[0].get_paths()[0].vertices[:, 1]
    low, high = np.quantile(values, [0.1, 0.9], axis=0)
    assert np.isclose(band.min(), low.min()) and np.isclose(band.max(), high.max())
    assert axes[0].get_yscale() == "log"


def test_estimator_comparison_rejects_an_unknown_statistic():
    figure, axes = plotting.new_figure()
    with pytest.raises(ValueError, match="statistic"):
        gaussian.plot_estimator_comparison(axes[0], "kurtosis", n_generations=2,
                                           n_samples=5, n_chains=2)


def test_error_parts_panel_draws_theory_and_simulation_of_each_part():
    grid = np.logspace(-2, 1, 6)
    parts = regression.ridge_test_error(np.ones(6), np.array([[0], [3]]), T=30, T0=30,
                                        ridge=grid)
    path = regression.simulate_ridge_path(d=6, T0=30, T=30, n_generations=3, ridges=grid[::2],
                                          n_chains=20, seed=1)
    figure, axes = plotting.new_figure()
    regression.plot_error_parts(axes[0], grid, parts, path, n=3)
    lines = labelled_lines(axes[0])
    np.testing.assert_allclose(lines["bias"], parts.bias[0])
    np.testing.assert_allclose(lines["variance"], parts.variance[0])
    np.testing.assert_allclose(lines["collapse, n = 3"], parts.collapse[-1])
    np.testing.assert_allclose(lines["collapse, n = 3 (simulation)"],
                               path.collapse[:, 3].mean(axis=0))
    assert [text.get_text() for text in axes[0].get_legend().get_texts()] == \
        ["bias", "variance", "collapse, n = 3"]


def test_nested_holds_redraw_once():
    calls = []

    def draw(axes, *, a, b):
        calls.append((a, b))
        axes[0].plot([0, 1], [a, b])

    explorer = Explorer({"a": widgets.IntSlider(value=0), "b": widgets.IntSlider(value=0)}, draw)
    calls.clear()
    with explorer.hold_redraw():
        explorer.controls["a"].value = 1
        with explorer.hold_redraw():
            explorer.controls["b"].value = 2
        assert calls == []
    assert calls == [(1, 2)]


def test_after_an_invalid_combination_the_figure_keeps_the_last_valid_drawing():
    def draw(axes, *, k):
        axes[0].plot([0, 1], [0, k])
        if k == 3:
            raise ValueError("k = 3 is not allowed")
        return f"k = {k}"

    slider = widgets.IntSlider(value=1, min=0, max=5)
    explorer = Explorer({"k": slider}, draw)
    slider.value = 2
    image = explorer.image.value
    slider.value = 3
    assert "k = 3 is not allowed" in explorer.message.value
    assert explorer.image.value == image
    assert labelled_lines(explorer.figure.axes[0])["_child0"].tolist() == [0, 2]
    assert explorer.figure.texts[-1].get_text() == "k = 2"


@pytest.mark.parametrize("factory, argument, value", [
    ("gaussian_explorer", "n_samples", 1000), ("gaussian_explorer", "estimator", "median"),
    ("gaussian_explorer", "strategy", "keep"), ("tail_explorer", "exponent", -1.0),
    ("tail_explorer", "K", "50"), ("regression_explorer", "ridge", 0.5),
    ("regression_explorer", "seed", -1), ("bias_variance_explorer", "spectrum", "flat"),
    ("bias_variance_explorer", "n_chains", True),
])
def test_a_bad_starting_value_for_an_explorer_names_the_argument(factory, argument, value):
    from collapse_lib import widgets as index

    with pytest.raises((ValueError, TypeError), match=rf"^{argument} must be"):
        getattr(index, factory)(**{argument: value})
