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

from . import gaussian, markov, plotting

__all__ = ["Explorer", "gaussian_explorer", "tail_explorer"]


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
