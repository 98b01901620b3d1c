"""Interactive explorers: one function per notebook demo, each returning an :class:`Explorer`.

An explorer is an ipywidgets ``VBox`` holding its controls, a one-line message area and
the drawn figure (an SVG in an ``ipywidgets.Image``, so it needs no plotting backend).
For tests and for lecturers who script a demo it exposes

- ``explorer.controls``: dict name -> widget; set ``controls[name].value`` to redraw;
- ``explorer.figure``: the last drawn matplotlib ``Figure``;
- ``explorer.message``: an HTML widget, empty unless the combination is invalid;
- ``explorer.last_draw_seconds``: how long the last redraw took;
- ``with explorer.hold_redraw():`` set several controls, redraw once.

Every control is bounded (sliders and bounded text boxes clamp to their range), sliders
redraw when released, and an invalid combination shows a readable message instead of a
traceback. A new chapter adds one function here built the same way: a dict of controls
and a ``draw(figure_axes, **values)`` function that raises ``ValueError`` for invalid
combinations.
"""
from __future__ import annotations

import contextlib
import functools
import html
import time
from typing import Callable

import ipywidgets as widgets
import numpy as np

from . import gaussian, markov, plotting, regression, scaling, theory

__all__ = ["Explorer", "gaussian_explorer", "tail_explorer", "regression_explorer",
           "bias_variance_explorer"]


class Explorer(widgets.VBox):
    """Controls, a message line and a figure that redraws whenever a control changes.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Named controls; their values are passed to ``draw`` as keyword arguments.
    draw : callable(axes, **values) -> str or None
        Draws on ``axes`` (a flat array of matplotlib Axes). Raises ``ValueError`` for an
        invalid combination (its message is shown). May return a caption for the figure.
    ncols, nrows, width, height :
        Figure layout, as in :func:`collapse_lib.plotting.new_figure`.
    """

    def __init__(self, controls: dict, draw: Callable, *, ncols: int = 1, nrows: int = 1,
                 width: float = 6.0, height: float = 4.2):
        self.controls = dict(controls)
        self._held = False
        self._draw = draw
        self._layout = dict(ncols=ncols, nrows=nrows, width=width, height=height)
        self.figure = None
        self.last_draw_seconds = float("nan")
        self.message = widgets.HTML(value="")
        self.image = widgets.Image(format="svg+xml", layout=widgets.Layout(max_width="100%"))
        boxes = [widgets.HBox(list(self.controls.values())[i:i + 3])
                 for i in range(0, len(self.controls), 3)]
        super().__init__(children=[*boxes, self.message, self.image])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change) -> None:
        if not self._held:
            self.redraw()

    @contextlib.contextmanager
    def hold_redraw(self):
        """Set several controls at once and redraw a single time at the end::

            with explorer.hold_redraw():
                explorer.controls["n_samples"].value = 50
                explorer.controls["estimator"].value = "mle"
        """
        self._held = True
        try:
            yield self
        finally:
            self._held = False
            self.redraw()

    def redraw(self) -> None:
        """Draw the figure for the current values; show a message if they are invalid.

        The figure and its axes are made once and reused: each redraw clears what the
        last one drew (:func:`collapse_lib.plotting.clear_axes`) and draws again.
        """
        start = time.perf_counter()
        if self.figure is None:
            self.figure, self._axes = plotting.new_figure(**self._layout)
        for ax in self._axes:
            plotting.clear_axes(ax)
        with plotting.course_style():
            try:
                caption = self._draw(self._axes, **self.values)
            except ValueError as error:
                self.message.value = _message_html("This combination cannot be drawn", error)
                return
            except Exception as error:  # noqa: BLE001 - a widget never shows a traceback
                self.message.value = _message_html("Something went wrong while drawing", error)
                return
            plotting.add_caption(self.figure, caption or "")
            self.image.value = plotting.figure_svg(self.figure)
        self.message.value = ""
        self.last_draw_seconds = time.perf_counter() - start


def _message_html(headline: str, error: Exception) -> str:
    return (f'<div style="color:#D55E00;font-size:14px"><b>{headline}:</b> '
            f'{html.escape(str(error))}</div>')


def _slider(description, value, minimum, maximum, step=1, *, kind=widgets.IntSlider):
    return kind(value=value, min=minimum, max=maximum, step=step, description=description,
                continuous_update=False, style={"description_width": "initial"})


def _replicate_controls(strategies, *, n_chains, strategy, real_fraction, seed) -> dict:
    """The controls every chain explorer shares: chains, strategy, real fraction, seed.

    "real fraction" is enabled only while the strategy is "mix".
    """
    controls = {
        "n_chains": _slider("chains", n_chains, 1, 1000),
        "strategy": widgets.Dropdown(options=list(strategies), value=strategy,
                                     description="strategy"),
        "real_fraction": _slider("real fraction", real_fraction, 0.0, 1.0, 0.05,
                                 kind=widgets.FloatSlider),
        "seed": widgets.BoundedIntText(value=seed, min=0, max=2 ** 31 - 1, description="seed"),
    }

    def follow_strategy(change):
        controls["real_fraction"].disabled = change["new"] != "mix"

    controls["strategy"].observe(follow_strategy, names="value")
    follow_strategy({"new": strategy})
    return controls


def gaussian_explorer(*, n_samples: int = 10, n_generations: int = 100,
                      estimator: str = "unbiased", n_chains: int = 200,
                      strategy: str = "replace", real_fraction: float = 0.2,
                      seed: int = 0) -> Explorer:
    """Explore the Gaussian fit-and-sample chain (notebook 01).

    Controls: M (points per generation, 2..200), generations (1..300), estimator, number
    of chains (1..1000), strategy, real fraction (used by "mix" only) and seed. Left: a fan
    of sigma_n^2 paths on a log axis with the simulated mean and median and, for the
    replace chain, the exact mean and the theory median (dashed). Right: the M points that
    one chain's last generation produces, against the real density.
    """
    controls = {
        "n_samples": _slider("M (points)", n_samples, 2, 200),
        "n_generations": _slider("generations n", n_generations, 1, 300),
        "estimator": widgets.ToggleButtons(options=list(gaussian.ESTIMATORS), value=estimator,
                                           description="estimator"),
        **_replicate_controls(gaussian.STRATEGIES, n_chains=n_chains, strategy=strategy,
                              real_fraction=real_fraction, seed=seed),
    }

    def draw(axes, *, n_samples, n_generations, n_chains, estimator, strategy,
             real_fraction, seed):
        chain = gaussian.simulate_chain(
            n_generations, n_samples, estimator=estimator, n_chains=n_chains,
            strategy=strategy, real_fraction=real_fraction if strategy == "mix" else 0.0,
            seed=seed)
        plotting.plot_variance_fan(axes[0], chain)
        plotting.plot_generation_histogram(axes[1], chain, seed=seed)
        if strategy == "replace":
            return "Dashed: exact theory. The mean can stay put while the median falls to 0."
        return "No closed form for this strategy: compare its median with the replace chain."

    return Explorer(controls, draw, ncols=2, width=6.2, height=4.4)


@functools.lru_cache(maxsize=64)
def _tail_theory(n_samples: int, K: int, exponent: float, n_generations: int):
    """Exact E[support] and the rarest category's survival curve (cached: seed-independent)."""
    p0 = markov.zipf(K, exponent)
    n = np.arange(n_generations + 1)
    return (markov.expected_surviving_categories(p0, n_samples, n),
            markov.survival_probability(p0[-1], n_samples, n))


def tail_explorer(*, n_samples: int = 50, K: int = 50, exponent: float = 1.0,
                  n_generations: int = 50, n_chains: int = 300, strategy: str = "replace",
                  real_fraction: float = 0.2, seed: int = 0) -> Explorer:
    """Explore how resampling a categorical distribution loses its tail (notebook 02).

    The real distribution is Zipf over K categories with the chosen exponent (0 is
    uniform). Controls: M (1..200), K (2..100), exponent (0..2), generations (1..100),
    chains (1..1000), strategy, real fraction ("mix" only) and seed. Left: the number of
    surviving categories per generation (simulation; exact expectation for "replace").
    Middle: the survival probability of the rarest category: simulation, the exact Markov
    chain and the naive guess that freezes q. Right: the transition matrix of one
    category's count (for M up to 200).
    """
    controls = {
        "n_samples": _slider("M (draws)", n_samples, 1, 200),
        "K": _slider("categories K", K, 2, 100),
        "exponent": _slider("Zipf exponent", exponent, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": _slider("generations n", n_generations, 1, 100),
        **_replicate_controls(markov.STRATEGIES, n_chains=n_chains, strategy=strategy,
                              real_fraction=real_fraction, seed=seed),
    }

    def draw(axes, *, n_samples, K, exponent, n_generations, n_chains, strategy,
             real_fraction, seed):
        p0 = markov.zipf(K, exponent)
        chain = markov.simulate_chain(p0, n_samples, n_generations, n_chains=n_chains,
                                      strategy=strategy,
                                      real_fraction=real_fraction if strategy == "mix" else 0.0,
                                      seed=seed)
        support, survival = (_tail_theory(n_samples, K, round(exponent, 6), n_generations)
                             if strategy == "replace" else (None, None))
        plotting.plot_support(axes[0], chain, theory=support)
        plotting.plot_survival(axes[1], chain, K - 1, exact=survival)
        plotting.plot_transition_matrix(axes[2], markov.transition_matrix(n_samples),
                                        colorbar=False)
        if strategy == "replace":
            return "Dashed: exact Markov-chain theory. The rarest categories vanish first."
        return "No closed form for this strategy: compare its support with the replace chain."

    return Explorer(controls, draw, ncols=3, width=5.2, height=4.4)


RIDGE_CHOICES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def _check_regression_sizes(d: int, T0: int, T: int, ridge: float) -> None:
    """The combinations whose expected error is infinite, as a readable ValueError."""
    if ridge == 0 and T <= d + 1:
        raise ValueError(f"with λ = 0 (OLS) the downstream error has an infinite mean unless "
                         f"T ≥ d + 2 = {d + 2} (here T = {T}): raise T or choose λ > 0")
    if d - 2 < T0 < d + 2:
        raise ValueError(f"T0 = {T0} is within 1 of d = {d}: the generators' error has an "
                         f"infinite mean; choose T0 ≤ d − 2 or T0 ≥ d + 2")


def regression_explorer(*, d: int = 20, T0: int = 60, T: int = 60, sigma0: float = 1.0,
                        n_generations: int = 10, ridge: float = 0.0, n_trials: int = 200,
                        seed: int = 0) -> Explorer:
    """Explore the fake-data regression chain (notebook 03), with Sigma = I and sigma = 1.

    Controls: d (2..100), T0 (1..400), T (1..400), sigma0 (0..2), generations (1..30),
    lambda (0 = OLS, up to 10), trials and seed. Left: the downstream test error against
    n with the exact OLS formula or the ridge deterministic equivalent, and both slopes.
    Right: the generators' own error ||w_hat_n - w0||^2, including the over-parameterised
    regime T0 < d where it collapses exponentially.
    """
    controls = {
        "d": _slider("d (features)", d, 2, 100),
        "T0": _slider("T0 (generator rows)", T0, 1, 400),
        "T": _slider("T (downstream rows)", T, 1, 400),
        "sigma0": _slider("σ0 (generator noise)", sigma0, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": _slider("generations n", n_generations, 1, 30),
        "ridge": widgets.SelectionSlider(options=list(RIDGE_CHOICES), value=ridge,
                                         description="λ (0 = OLS)", continuous_update=False,
                                         style={"description_width": "initial"}),
        "n_trials": _slider("trials", n_trials, 10, 1000, 10),
        "seed": widgets.BoundedIntText(value=seed, min=0, max=2 ** 31 - 1, description="seed"),
    }

    def draw(axes, *, d, T0, T, sigma0, n_generations, ridge, n_trials, seed):
        _check_regression_sizes(d, T0, T, ridge)
        chain = regression.simulate_chain(d, T0, T, n_generations, sigma0=sigma0, ridge=ridge,
                                          n_trials=n_trials, seed=seed)
        n = chain.generations
        if T0 >= d + 2:
            downstream = regression.ols_test_error(d, T, T0, n, sigma0=sigma0) if ridge == 0 \
                else theory.ridge_test_error(np.ones(d), np.full(d, d ** -0.5), T, T0, n,
                                             ridge=ridge, sigma0=sigma0).total
        else:
            downstream = None
        kind = "OLS, exact" if ridge == 0 else "ridge, deterministic equivalent"
        slopes = plotting.plot_error_vs_generation(axes[0], chain.test_error, downstream,
                                                   theory_label=kind,
                                                   ylabel="test error ‖w_pred − w₀‖²_Σ")
        axes[0].set_title(f"Downstream model: d = {d}, T = {T}, λ = {ridge:g}", fontsize=13)
        axes[0].text(0.98, 0.04, slopes, transform=axes[0].transAxes, ha="right", fontsize=11)
        plotting.plot_error_vs_generation(
            axes[1], chain.generator_error,
            regression.expected_generator_error(d, T0, n, sigma0=sigma0),
            theory_label="exact", ylabel="generator error ‖ŵₙ − w₀‖²")
        regime = "over-parameterised" if T0 < d else "under-parameterised"
        axes[1].set_title(f"Generators: T0 = {T0} ({regime}), σ0 = {sigma0:g}", fontsize=13)
        if downstream is None:
            return "T0 < d: no downstream formula here; the generators (right) follow the exact law."
        return "Dashed: theory. Each generation adds the same amount of error: a straight line in n."

    return Explorer(controls, draw, ncols=2, width=6.2, height=4.4)


def bias_variance_explorer(*, d: int = 50, T: int = 100, T0: int = 100, sigma0: float = 1.0,
                           sigma: float = 0.5, n_generations: int = 10,
                           spectrum: str = "isotropic", n_trials: int = 60,
                           seed: int = 0) -> Explorer:
    """Explore how collapse enters the downstream ridge model's error (notebook 04).

    Controls: d (10..100), T (10..400), T0 (12..400), sigma0, sigma, the largest
    generation n shown (1..20), the spectrum (isotropic or power law j^-1.5), trials and
    seed. Left: the U-shaped test error against lambda for n = 0, about n/3 and n, theory
    (dashed, deterministic equivalent) with simulation points; triangles mark each
    curve's best lambda, which moves right as n grows. Right: its parts: bias and variance
    (independent of n) and the collapse term at the largest n.
    """
    controls = {
        "d": _slider("d (features)", d, 10, 100),
        "T": _slider("T (downstream rows)", T, 10, 400),
        "T0": _slider("T0 (generator rows)", T0, 12, 400),
        "sigma0": _slider("σ0 (generator noise)", sigma0, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "sigma": _slider("σ (downstream noise)", sigma, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": _slider("largest n", n_generations, 1, 20),
        "spectrum": widgets.Dropdown(options=["isotropic", "power law"], value=spectrum,
                                     description="spectrum"),
        "n_trials": _slider("trials", n_trials, 10, 300, 10),
        "seed": widgets.BoundedIntText(value=seed, min=0, max=2 ** 31 - 1, description="seed"),
    }
    theory_ridges = np.logspace(-3, 1.5, 60)
    simulated_ridges = np.logspace(-3, 1.5, 8)

    def draw(axes, *, d, T, T0, sigma0, sigma, n_generations, spectrum, n_trials, seed):
        if T0 < d + 2:
            raise ValueError(f"the collapse term needs OLS generators with T0 ≥ d + 2 = "
                             f"{d + 2} (here T0 = {T0}): raise T0 or lower d")
        eigenvalues = np.ones(d) if spectrum == "isotropic" else scaling.power_law_spectrum(d, 1.5)
        w0 = np.full(d, d ** -0.5)
        shown = sorted({0, max(1, round(n_generations / 3)), n_generations})
        parts = theory.ridge_test_error(eigenvalues, w0, T, T0, np.array(shown)[:, None],
                                        ridge=theory_ridges, sigma=sigma, sigma0=sigma0)
        path = regression.simulate_ridge_path(d, T0, T, n_generations, ridges=simulated_ridges,
                                              sigma0=sigma0, sigma=sigma, spectrum=eigenvalues,
                                              w0=w0, n_trials=n_trials, seed=seed)
        means = {n: path.test_error[:, n].mean(axis=0) for n in shown}
        plotting.plot_ridge_curves(axes[0], theory_ridges, dict(zip(shown, parts.total)),
                                   (simulated_ridges, means))
        plotting.set_log(axes[0])
        axes[0].set_title(f"Test error, d = {d}, T = {T}, T0 = {T0}, {spectrum}", fontsize=13)
        for name, curve, samples, color in [
                ("bias", parts.bias[0], path.bias, "#0072B2"),
                ("variance", parts.variance[0], path.variance, "#E69F00"),
                (f"collapse, n = {shown[-1]}", parts.collapse[-1], path.collapse[:, shown[-1]],
                 "#009E73")]:
            axes[1].plot(theory_ridges, curve, "--", color=color, linewidth=2.5, label=name)
            axes[1].plot(simulated_ridges, samples.mean(axis=0), "o", color=color)
        axes[1].set(xlabel="ridge λ", ylabel="part of the test error")
        plotting.set_log(axes[1], "x")
        plotting.set_log(axes[1], "y")
        axes[1].set_title("Its parts: dashed theory, points simulation", fontsize=13)
        axes[1].legend(loc="center left")
        best = theory_ridges[np.argmin(parts.total, axis=1)]
        return ("▼ best λ: " + ", ".join(f"n = {n}: {b:.2g}" for n, b in zip(shown, best))
                + ". Collapse pushes the best λ up.")

    return Explorer(controls, draw, ncols=2, width=6.2, height=4.6)
