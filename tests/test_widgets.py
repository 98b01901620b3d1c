"""Explorers driven from tests: set a control, check what was drawn."""
import html

import ipywidgets as widgets
import numpy as np
import pytest

from collapse_lib import gaussian, generative, language, markov, regression, theory
from collapse_lib.core.explorer import EnabledWhen
from collapse_lib.widgets import (Explorer, bias_variance_explorer, gaussian_explorer,
                                  generative_explorer, language_explorer, mitigation_explorer,
                                  regression_explorer, scaling_explorer, tail_explorer)

# Every explorer; those with a strategy use "mix", so that every control is live.
EXPLORERS = {
    "gaussian": lambda: gaussian_explorer(strategy="mix"),
    "tail": lambda: tail_explorer(strategy="mix"),
    "regression": regression_explorer,
    "bias_variance": bias_variance_explorer,
    "scaling": scaling_explorer,
    "mitigation": mitigation_explorer,
    # small sizes: every control's extremes simulate a new run of real text
    "language": lambda: language_explorer(strategy="mix", n_generations=3, n_words=5_000),
    # few generations: every control's extremes fit a new chain of mixtures
    "generative": lambda: generative_explorer(strategy="mix", n_generations=2),
}


def drawn_lines(explorer, axis_index=0):
    """{label: (x, y)} of the labelled lines on one axes of the last drawn figure."""
    ax = explorer.figure.axes[axis_index]
    return {line.get_label(): (np.asarray(line.get_xdata()), np.asarray(line.get_ydata()))
            for line in ax.get_lines()}


def assert_drew_finite(explorer):
    assert explorer.message.value == "", explorer.message.value
    assert bytes(explorer.image.value).startswith(b"<?xml")
    for ax in explorer.figure.axes:
        artists = ax.get_lines() + ax.collections + ax.images
        assert artists, f"nothing drawn on {ax.get_title()!r}"
        for image in ax.images:
            assert np.all(np.isfinite(image.get_array()))
        for line in ax.get_lines():
            assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float))), line
        for collection in ax.collections:
            for path in collection.get_paths():
                assert np.all(np.isfinite(path.vertices))


@pytest.fixture(scope="module")
def explorer():
    return gaussian_explorer()


def extremes(control):
    if isinstance(control, widgets.SelectionSlider):
        return [control.options[0], control.options[-1]]
    if isinstance(control, (widgets.ToggleButtons, widgets.Dropdown)):
        return list(control.options)
    return [control.min, control.max]


def assert_drew_finite_or_said_why(explorer):
    """An explorer either draws finite data or shows a readable message, never a traceback."""
    if explorer.message.value:
        assert "Traceback" not in explorer.message.value
        assert "cannot be drawn" in explorer.message.value, explorer.message.value
    else:
        assert_drew_finite(explorer)


CONTROLS = [(name, control) for name, build in EXPLORERS.items()
            for control in build().controls]


@pytest.mark.parametrize("explorer_name, name", CONTROLS)
def test_every_control_at_its_extremes_draws_finite_data(explorer_name, name):
    explorer = EXPLORERS[explorer_name]()
    control = explorer.controls[name]
    for value in extremes(control):
        before, unchanged = bytes(explorer.image.value), control.value == value
        control.value = value
        assert control.value == value
        assert_drew_finite_or_said_why(explorer)
        assert unchanged or explorer.message.value or bytes(explorer.image.value) != before, \
            f"{name}={value}: no redraw"


@pytest.mark.parametrize("explorer_name", EXPLORERS)
def test_all_numeric_controls_at_their_extremes_together(explorer_name):
    explorer = EXPLORERS[explorer_name]()
    sliders = [c for c in explorer.controls.values() if hasattr(c, "min")]
    for corner in ("min", "max"):
        with explorer.hold_redraw():
            for control in sliders:
                control.value = getattr(control, corner)
        assert_drew_finite_or_said_why(explorer)


def test_controls_clamp_out_of_range_values(explorer):
    explorer.controls["n_samples"].value = 10_000
    assert explorer.controls["n_samples"].value == explorer.controls["n_samples"].max
    explorer.controls["n_samples"].value = -5
    assert explorer.controls["n_samples"].value == 2
    assert_drew_finite(explorer)


def test_theory_curves_follow_the_controls(explorer):
    explorer.controls["strategy"].value = "replace"
    explorer.controls["n_samples"].value = 20
    explorer.controls["n_generations"].value = 50
    for estimator in gaussian.ESTIMATORS:
        explorer.controls["estimator"].value = estimator
        lines = drawn_lines(explorer)
        n, mean = lines["E σ²ₙ (exact)"]
        np.testing.assert_array_equal(n, np.arange(51))
        np.testing.assert_allclose(mean, gaussian.expected_variance(n, n_samples=20, estimator=estimator))
        _, median = lines["median (theory)"]
        np.testing.assert_allclose(median, gaussian.median_variance(n, n_samples=20, estimator=estimator))
        assert "M = 20" in explorer.figure.axes[0].get_title()


def test_simulated_mean_is_drawn_from_the_chosen_number_of_chains(explorer):
    explorer.controls["n_chains"].value = 37
    labels = drawn_lines(explorer)
    assert "mean of 37 chains" in labels


def test_strategy_without_formula_draws_no_theory_and_says_so(explorer):
    explorer.controls["strategy"].value = "accumulate"
    labels = drawn_lines(explorer)
    assert "E σ²ₙ (exact)" not in labels and "median" in labels
    assert explorer.controls["real_fraction"].disabled
    assert "No closed form" in explorer.figure.texts[-1].get_text()
    explorer.controls["strategy"].value = "mix"
    assert not explorer.controls["real_fraction"].disabled


def test_histogram_panel_shows_the_real_density(explorer):
    explorer.controls["strategy"].value = "replace"
    lines = drawn_lines(explorer, 1)
    x, real = lines["real N(μ, σ²)"]
    np.testing.assert_allclose(real, np.exp(-x ** 2 / 2) / np.sqrt(2 * np.pi))


def test_invalid_combination_shows_a_message_not_a_traceback():
    slider = widgets.IntSlider(value=1, min=0, max=3)

    def draw(axes, *, k):
        if k == 0:
            raise ValueError("k must be positive for this demo")
        axes[0].plot([0, 1], [0, k])

    explorer = Explorer({"k": slider}, draw)
    drawn = explorer.image.value
    slider.value = 0
    assert "k must be positive" in explorer.message.value
    assert explorer.image.value == drawn  # the last good figure stays
    slider.value = 2
    assert explorer.message.value == ""


def test_unexpected_error_is_reported_readably():
    def draw(axes, *, k):
        raise ZeroDivisionError("division by zero")

    explorer = Explorer({"k": widgets.IntSlider(value=1)}, draw)
    assert "Something went wrong" in explorer.message.value
    assert "Traceback" not in explorer.message.value


def test_tail_explorer_draws_the_exact_markov_chain_theory():
    explorer = tail_explorer(n_samples=30, K=20, exponent=1.0, n_generations=15)
    n = np.arange(16)
    p0 = markov.zipf(K=20, exponent=1.0)
    _, support = drawn_lines(explorer, 0)["exact E (Markov chain)"]
    np.testing.assert_allclose(support, markov.expected_surviving_categories(p0, n, n_samples=30))
    _, survival = drawn_lines(explorer, 1)["exact (Markov chain)"]
    np.testing.assert_allclose(survival, markov.survival_probability(p0[-1], n, n_samples=30))
    _, naive = drawn_lines(explorer, 1)["p frozen: (1 − (1 − p₀)ᴹ)ⁿ"]
    np.testing.assert_allclose(naive, (1 - (1 - p0[-1]) ** 30) ** n)
    explorer.controls["n_samples"].value = 12
    heat_map = explorer.figure.axes[2].images[0].get_array()
    np.testing.assert_allclose(heat_map, markov.transition_matrix(n_samples=12))
    assert len(explorer.figure.axes) == 3  # no colorbar piles up across redraws


def test_tail_explorer_without_formula_draws_simulation_only():
    explorer = tail_explorer(strategy="accumulate")
    assert "exact E (Markov chain)" not in drawn_lines(explorer, 0)
    assert "No closed form" in explorer.figure.texts[-1].get_text()


def test_regression_explorer_draws_the_exact_ols_line():
    explorer = regression_explorer(d=10, T0=40, T=30, sigma0=0.5, n_generations=6)
    n, ols = drawn_lines(explorer, 0)["theory: exact OLS"]
    np.testing.assert_allclose(ols, regression.ols_test_error(np.arange(7), d=10, T=30, T0=40, sigma0=0.5))
    _, generators = drawn_lines(explorer, 1)["theory: exact OLS"]
    np.testing.assert_allclose(generators, np.arange(7) * 0.25 * 10 / 29)
    assert "slope per generation" in explorer.figure.axes[0].texts[0].get_text()
    explorer.controls["ridge"].value = 0.1
    _, ridge = drawn_lines(explorer, 0)["theory: deterministic equivalent"]
    expected = theory.ridge_test_error(np.ones(10), np.arange(7), T=30, T0=40, ridge=0.1,
                                       sigma0=0.5).total
    np.testing.assert_allclose(ridge, expected)


def test_regression_explorer_shows_exponential_collapse_of_overparameterised_generators():
    explorer = regression_explorer(d=50, T0=20, T=80, sigma0=0.0, n_generations=8)
    assert explorer.message.value == ""
    _, generators = drawn_lines(explorer, 1)["theory: exact, over-parameterised"]
    np.testing.assert_allclose(generators,
                               regression.overparameterised_error(np.arange(9), d=50, T0=20))
    assert "no downstream formula" in explorer.figure.texts[-1].get_text()


@pytest.mark.parametrize("settings, phrase", [
    ({"d": 30, "T": 20, "ridge": 0.0}, "T ≥ d + 2"),
    ({"d": 30, "T0": 30}, "within 1 of d"),
])
def test_regression_explorer_explains_infinite_expectations(settings, phrase):
    explorer = regression_explorer()
    with explorer.hold_redraw():
        for name, value in settings.items():
            explorer.controls[name].value = value
    assert phrase in explorer.message.value


def test_bias_variance_explorer_marks_the_best_lambda_moving_up_with_n():
    explorer = bias_variance_explorer(d=40, T=80, T0=60, sigma=0.5, n_generations=9)
    ax = explorer.figure.axes[0]
    markers = [line for line in ax.get_lines() if line.get_marker() == "v"]
    best = [float(line.get_xdata()[0]) for line in markers]
    assert len(best) == 3 and best == sorted(best) and best[0] < best[-1]
    ridges = np.logspace(-3, 1.5, 60)
    expected = theory.optimal_ridge(np.ones(40), np.array([0, 3, 9]), T=80, T0=60,
                                    ridges=ridges, sigma=0.5)
    np.testing.assert_allclose(best, expected)
    explorer.controls["T0"].value = 30
    assert "T₀ ≥ d + 2" in explorer.message.value


def test_regression_titles_use_subscripts():
    explorer = regression_explorer(d=10, T0=40, T=30, sigma0=0.5)
    assert explorer.figure.axes[1].get_title() == "Generators: T₀ = 40, σ₀ = 0.5"
    assert "w₀" in explorer.figure.axes[0].get_ylabel()
    explorer = bias_variance_explorer(d=20, T=40, T0=40)
    assert explorer.figure.axes[0].get_title() == "Test error: d = 20, T = 40, T₀ = 40"
    text = " ".join(t.get_text() for t in explorer.figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "T0" not in text and "sigma0" not in text and "σ0" not in text


# A control without effect is disabled. Every rule of every explorer: the control, a
# setting where it has no effect, and one where it has (EXPLORERS start with it live).
RULES = [
    ("gaussian", "real_fraction", {"strategy": "replace"}, {"strategy": "mix"}),
    ("gaussian", "real_fraction", {"strategy": "accumulate"}, {"strategy": "mix"}),
    ("tail", "real_fraction", {"strategy": "replace"}, {"strategy": "mix"}),
    ("tail", "real_fraction", {"strategy": "accumulate"}, {"strategy": "mix"}),
    ("bias_variance", "n_generations", {"sigma0": 0.0}, {"sigma0": 0.3}),
    ("scaling", "n", {"sigma0": 0.0}, {"sigma0": 0.3}),
    ("scaling", "regime", {"n": 0}, {"n": 3}),
    ("scaling", "regime", {"sigma0": 0.0}, {"sigma0": 0.5}),
    ("mitigation", "real_fraction", {"strategy": "accumulate"}, {"strategy": "mix"}),
    ("language", "real_fraction", {"strategy": "replace"}, {"strategy": "mix"}),
    ("generative", "real_fraction", {"strategy": "accumulate"}, {"strategy": "mix"}),
]


def test_every_rule_is_tested():
    declared = {(name, control) for name, build in EXPLORERS.items() for control in build().rules}
    assert declared == {(name, control) for name, control, *_ in RULES}


def set_controls(explorer, settings):
    for name, value in settings.items():
        explorer.controls[name].value = value


@pytest.mark.parametrize("explorer_name, name, off, on", RULES)
def test_a_control_without_effect_is_disabled_keeps_its_value_and_does_not_redraw(
        explorer_name, name, off, on):
    explorer = EXPLORERS[explorer_name]()
    control = explorer.controls[name]
    assert not control.disabled
    kept = control.value
    set_controls(explorer, off)
    assert control.disabled and control.value == kept
    assert control.tooltip == explorer.rules[name].reason
    assert_drew_finite(explorer)
    drawn = bytes(explorer.image.value)
    if hasattr(control, "min"):
        new = control.min if kept != control.min else control.max
    else:
        new = next(option for option in control.options if option != kept)
    control.value = new  # only code can change a disabled control: it draws nothing new
    assert bytes(explorer.image.value) == drawn
    assert control.value == new and control.disabled
    set_controls(explorer, on)
    assert not control.disabled and control.value == new and control.tooltip is None
    assert_drew_finite(explorer)
    assert bytes(explorer.image.value) != drawn


def test_rules_are_evaluated_after_a_hold():
    explorer = gaussian_explorer(strategy="mix")
    with explorer.hold_redraw():
        explorer.controls["strategy"].value = "replace"
        explorer.controls["n_samples"].value = 20
    assert explorer.controls["real_fraction"].disabled
    assert "M = 20" in explorer.figure.axes[0].get_title()


def test_a_rule_must_name_a_control():
    with pytest.raises(ValueError, match="rules must map control names"):
        Explorer({"k": widgets.IntSlider(value=1)}, lambda axes, *, k: None,
                 rules={"K": EnabledWhen(lambda values: True, "never")})


def test_scaling_explorer_draws_the_theory_and_the_fitted_slopes():
    """Each left curve is the deterministic equivalent with its legend's fitted slope; the
    right panel marks l_crit and moves the band with l; n = 0 leaves only the clean curve."""
    explorer = scaling_explorer(beta=2.0, r=0.5, n=10, sigma0=1.0, ell=1.0)
    lines = drawn_lines(explorer)
    crit_label = next(label for label in lines if label.startswith("n = 10, ℓ_crit"))
    sizes, errors = lines[crit_label]
    expected = regression.error_along_exponent(
        regression.power_law_spectrum(d=5000, beta=2.0), 10, sizes=sizes.astype(int),
        ell=2 / 3, T0=10_000, w0=regression.power_law_source(d=5000, beta=2.0, r=0.5),
        sigma=0.0, sigma0=1.0).total
    np.testing.assert_allclose(errors, expected, rtol=1e-10)
    slope = regression.fit_power_law(sizes, errors)[0]
    assert f"{slope:+.2f} (-0.67)" in crit_label
    right = explorer.figure.axes[1]
    assert any(line.get_label() == "ℓ_crit = 0.67" for line in right.get_lines())
    band = [line for line in right.get_lines() if line.get_alpha() == 0.6]
    assert band and band[0].get_xdata()[0] == pytest.approx(1.0)
    explorer.controls["ell"].value = 2.5
    band = [line for line in explorer.figure.axes[1].get_lines() if line.get_alpha() == 0.6]
    assert band[0].get_xdata()[0] == pytest.approx(2.5)
    explorer.controls["n"].value = 0
    labels = [label for label in drawn_lines(explorer) if not label.startswith("_")]
    assert labels == [next(label for label in labels if label.startswith("clean"))]


def test_scaling_explorer_regimes_change_the_synthetic_curve():
    explorer = scaling_explorer(n=10, sigma0=1.0, ell=1.5)
    fixed = drawn_lines(explorer)
    explorer.controls["regime"].value = "T₀ = 2d · T/T_min"
    growing = drawn_lines(explorer)
    label = next(label for label in fixed if label.startswith("n = 10, ℓ = 1.50"))
    grown = next(label for label in growing if label.startswith("n = 10, ℓ = 1.50"))
    assert fixed[label][1][0] == pytest.approx(growing[grown][1][0])
    assert np.all(growing[grown][1][1:] < fixed[label][1][1:])


def _language_run(**settings):
    return language.simulate_chain(n_chains=3, **settings)


def test_language_explorer_draws_the_simulated_chains_and_their_text():
    explorer = language_explorer(n_words=5_000, n_generations=4, seed=2)
    run = _language_run(n_words=5_000, n_generations=4, seed=2)
    lines = drawn_lines(explorer, 0)
    n, perplexity = lines["median of 3 chains, N = 5,000"]
    np.testing.assert_array_equal(n, np.arange(5))
    np.testing.assert_allclose(perplexity, np.median(run.perplexity, axis=0))
    shares = drawn_lines(explorer, 1)
    np.testing.assert_allclose(shares["the rarest 10 %"][1], np.median(run.rare_share, axis=0))
    np.testing.assert_allclose(shares["all real words"][1],
                               np.median(run.vocabulary_size / run.vocabulary_size[:, :1], 0))
    assert len(explorer.figure.axes) == 2
    assert html.escape(language.sample_text(run, width=100, max_words=30)) in \
        explorer.samples.value
    assert "n = 4:" in explorer.samples.value and "Simulation only" in \
        explorer.figure.texts[-1].get_text()


def test_language_explorer_lower_temperature_forgets_faster_and_accumulate_keeps_words():
    explorer = language_explorer(n_words=5_000, n_generations=5)
    known = drawn_lines(explorer, 1)["all real words"][1][-1]
    explorer.controls["temperature"].value = 0.5
    assert drawn_lines(explorer, 1)["all real words"][1][-1] < known / 2
    assert explorer.figure.axes[0].get_title() == "Bigram, replace, temperature 0.5"
    explorer.controls["strategy"].value = "accumulate"
    np.testing.assert_array_equal(drawn_lines(explorer, 1)["all real words"][1], 1.0)


def test_language_explorer_fewer_generations_cuts_the_cached_run():
    explorer = language_explorer(n_words=5_000, n_generations=6, seed=4)
    longer = drawn_lines(explorer, 0)["median of 3 chains, N = 5,000"][1]
    explorer.controls["n_generations"].value = 3
    shorter = drawn_lines(explorer, 0)["median of 3 chains, N = 5,000"][1]
    np.testing.assert_array_equal(shorter, longer[:4])
    np.testing.assert_allclose(shorter, np.median(
        _language_run(n_words=5_000, n_generations=3, seed=4).perplexity, axis=0))
    assert "n = 3:" in explorer.samples.value and "n = 6:" not in explorer.samples.value


def _generative_run(**settings):
    return generative.simulate_chain(n_chains=1, n_dims=20, n_images=10, **settings)


def test_generative_explorer_draws_the_simulated_chain_and_its_digits():
    explorer = generative_explorer(n_generations=3, seed=5)
    run = _generative_run(n_generations=3, temperature=0.8, seed=5)
    picture = explorer.figure.axes[0].images[0].get_array()
    np.testing.assert_allclose(picture, generative.image_grid(run))
    assert [label.get_text() for label in explorer.figure.axes[0].get_yticklabels()] == \
        ["n = 0", "n = 1", "n = 2", "n = 3"]
    likelihoods = drawn_lines(explorer, 1)
    np.testing.assert_allclose(likelihoods["held-out real images"][1], run.heldout_ll[0])
    np.testing.assert_allclose(likelihoods["its own drawings"][1], run.own_ll[0])
    minority = drawn_lines(explorer, 2)
    np.testing.assert_allclose(minority["drawn 8s"][1], run.minority_share[0])
    assert abs(minority["real share"][1][0] - 0.05) < 1e-3
    np.testing.assert_allclose(drawn_lines(explorer, 3)["drawings"][1], run.spread[0])
    assert "Simulation only" in explorer.figure.texts[-1].get_text()


def test_generative_explorer_controls_change_what_is_drawn():
    explorer = generative_explorer(n_generations=2, seed=1)
    explorer.controls["n_components"].value = 3
    assert explorer.figure.axes[1].get_title() == "K = 3 components"
    np.testing.assert_allclose(
        drawn_lines(explorer, 1)["held-out real images"][1],
        _generative_run(n_generations=2, n_components=3, temperature=0.8, seed=1).heldout_ll[0])
    explorer.controls["minority_share"].value = 0.2
    assert abs(drawn_lines(explorer, 2)["real share"][1][0] - 0.2) < 5e-3
    explorer.controls["repair"].value = "on"
    assert explorer.figure.axes[0].get_title() == "replace, t = 0.8, repaired"
    explorer.controls["temperature"].value = 1.0
    assert explorer.figure.axes[0].get_title() == "replace, t = 1, repaired"
    explorer.controls["n_generations"].value = 1          # cut from the cached run
    assert len(drawn_lines(explorer, 1)["held-out real images"][1]) == 2


def test_generative_explorer_refuses_too_long_a_run_with_a_message():
    explorer = generative_explorer(n_generations=20, n_components=20, temperature=1.0)
    before = bytes(explorer.image.value)
    explorer.controls["strategy"].value = "accumulate"
    assert "lower" in explorer.message.value and "n_generations" in explorer.message.value
    assert "Traceback" not in explorer.message.value
    assert bytes(explorer.image.value) == before
