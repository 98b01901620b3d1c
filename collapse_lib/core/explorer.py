"""The base of every interactive explorer, and the controls several explorers share.

An explorer is an ipywidgets ``VBox`` holding its controls, a one-line message area and
the drawn figure (an SVG in an ``ipywidgets.Image``, so it needs no plotting backend).
For tests and for lecturers who script a demo it exposes

- ``explorer.controls``: dict name -> widget; set ``controls[name].value`` to redraw;
- ``explorer.figure``: the last drawn matplotlib ``Figure``;
- ``explorer.message``: an HTML widget, empty unless the combination is invalid;
- ``explorer.last_draw_seconds``: how long the last redraw took;
- ``explorer.rules``: dict name -> :class:`EnabledWhen`, when a control has an effect;
- ``with explorer.hold_redraw():`` set several controls, redraw once.

Every control is bounded (sliders and bounded text boxes clamp to their range), sliders
redraw when released, and an invalid combination shows a readable message instead of a
traceback. A control that has no effect in the current state (``real_fraction`` unless
the strategy is "mix") is disabled: its rule, an :class:`EnabledWhen`, is evaluated
whenever a control changes; a disabled control keeps its value, and changing it from code
does not redraw. A world's explorer is a function in its folder (``<world>/explorer.py``)
that builds a dict of controls, their rules and a ``draw(axes, **values)`` function
raising ``ValueError`` for invalid combinations, and returns
``Explorer(controls, draw, rules=..., ...)``.
"""
from __future__ import annotations

import contextlib
import html
import numbers
import time
from typing import Callable, NamedTuple

import ipywidgets as widgets
import numpy as np

from . import plotting
from .checks import check_float, check_int, fail
from .strategies import STRATEGIES

__all__ = ["Explorer", "EnabledWhen", "REPLICATE_RULES", "slider", "choice", "seed_control",
           "replicate_controls"]


class EnabledWhen(NamedTuple):
    """When a control has an effect: ``test(values)`` is true; ``reason`` says when.

    ``test`` gets every control's current value by name. While it is false the control
    is disabled and ``reason`` is its tooltip.

    Examples
    --------
    >>> rule = EnabledWhen(lambda values: values["strategy"] == "mix", "only with mix")
    >>> rule.test({"strategy": "replace"})
    False
    """

    test: Callable[[dict], bool]
    reason: str


# The rule of the controls made by replicate_controls.
REPLICATE_RULES = {
    "real_fraction": EnabledWhen(lambda values: values["strategy"] == "mix",
                                 'used only by the strategy "mix"'),
}


class Explorer(widgets.VBox):
    """Controls, a message line and a figure that redraws whenever a control changes.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        Named controls; their values are passed to ``draw`` as keyword arguments (those
        of disabled controls too).
    draw : callable(axes, **values) -> str or None
        Draws on ``axes`` (a flat array of matplotlib Axes). Raises ``ValueError`` for an
        invalid combination (its message is shown). May return a caption for the figure.
    rules : dict of str -> EnabledWhen, optional
        For each control that has no effect in some states, when it has one. Evaluated
        at the start and whenever a control changes; a control whose test is false is
        disabled (``.disabled``), keeps its value, and changing it does not redraw.
    ncols, nrows, width, height, width_ratios, n_axes :
        Figure layout, as in :func:`collapse_lib.core.plotting.new_figure`.

    Examples
    --------
    >>> def draw(axes, *, k, show):
    ...     axes[0].plot([0, 1], [0, k if show == "yes" else 0])
    ...     return f"slope {k}"
    >>> explorer = Explorer({"k": slider("k", "k", 1, 0, 3),
    ...                      "show": choice("show", "show", ("yes", "no"), "yes")}, draw,
    ...                     rules={"k": EnabledWhen(lambda v: v["show"] == "yes", "if shown")})
    >>> explorer.controls["k"].value = 2
    >>> explorer.figure.axes[0].lines[0].get_ydata().tolist()
    [0, 2]
    >>> explorer.controls["show"].value = "no"
    >>> explorer.controls["k"].disabled, explorer.controls["k"].value
    (True, 2)
    """

    def __init__(self, controls: dict, draw: Callable, *, rules: dict | None = None,
                 ncols: int = 1, nrows: int = 1, width: float | None = None,
                 height: float | None = None, width_ratios=None, n_axes: int | None = None):
        self.controls = dict(controls)
        self.rules = dict(rules or {})
        for name, rule in self.rules.items():
            if name not in self.controls or not isinstance(rule, EnabledWhen):
                raise ValueError(f"rules must map control names to EnabledWhen rules; got "
                                 f"{name!r}: {rule!r} (controls: {', '.join(self.controls)})")
        self._tooltips = {name: self.controls[name].tooltip for name in self.rules}
        self._hold_depth = 0
        self._draw = draw
        layout = dict(ncols=ncols, nrows=nrows, width=width, height=height,
                      width_ratios=width_ratios, n_axes=n_axes)
        self._layout = {key: value for key, value in layout.items() if value is not None}
        self.figure = None
        self._last_valid = None
        self.last_draw_seconds = float("nan")
        self.message = widgets.HTML(value="")
        self.image = widgets.Image(format="svg+xml", layout=widgets.Layout(max_width="100%"))
        boxes = [widgets.HBox(list(self.controls.values())[i:i + 3])
                 for i in range(0, len(self.controls), 3)]
        super().__init__(children=[*boxes, self.message, self.image])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._apply_rules()
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _apply_rules(self) -> None:
        """Disable every control whose rule says it has no effect now; enable the others."""
        values = self.values
        for name, rule in self.rules.items():
            control, enabled = self.controls[name], bool(rule.test(values))
            control.disabled = not enabled
            control.tooltip = self._tooltips[name] if enabled else rule.reason

    def _on_change(self, change) -> None:
        self._apply_rules()
        # A disabled control has no effect: changing it (only code can) draws nothing new.
        if not self._hold_depth and not change["owner"].disabled:
            self.redraw()

    @contextlib.contextmanager
    def hold_redraw(self):
        """Set several controls at once and redraw a single time at the end::

            with explorer.hold_redraw():
                explorer.controls["n_samples"].value = 50
                explorer.controls["estimator"].value = "mle"

        Nested holds redraw once, when the outermost one ends.
        """
        self._hold_depth += 1
        try:
            yield self
        finally:
            self._hold_depth -= 1
            if not self._hold_depth:
                self._apply_rules()
                self.redraw()

    def redraw(self) -> None:
        """Draw the figure for the current values; show a message if they are invalid.

        The figure and its axes are made once and reused: each redraw clears what the
        last one drew (:func:`collapse_lib.core.plotting.clear_axes`) and draws again.
        After an invalid combination both the image and ``.figure`` keep the last valid
        drawing, and the message says why.
        """
        start = time.perf_counter()
        if self.figure is None:
            self.figure, self._axes = plotting.new_figure(**self._layout)
        values = self.values
        error = self._draw_figure(values)
        if error is None:
            self._last_valid = values
            self.image.value = plotting.figure_svg(self.figure)
            self.message.value = ""
            self.last_draw_seconds = time.perf_counter() - start
            return
        headline = ("This combination cannot be drawn" if isinstance(error, ValueError)
                    else "Something went wrong while drawing")
        self.message.value = _message_html(headline, error)
        # The image still shows the last valid drawing: make .figure show it too.
        if self._last_valid is not None:
            self._draw_figure(self._last_valid)
        else:
            for ax in self._axes:
                plotting.clear_axes(ax)

    def _draw_figure(self, values: dict):
        """Clear the axes and draw ``values``; return the exception instead of raising it."""
        for ax in self._axes:
            plotting.clear_axes(ax)
        with plotting.course_style():
            try:
                caption = self._draw(self._axes, **values)
            except Exception as error:  # noqa: BLE001 - a widget never shows a traceback
                return error
            plotting.add_caption(self.figure, caption or "")
        return None


def _message_html(headline: str, error: Exception) -> str:
    return (f'<div style="color:{plotting.VERMILLION};font-size:14px"><b>{headline}:</b> '
            f'{html.escape(str(error))}</div>')


def slider(name: str, description: str, value, minimum, maximum, step=1, *,
           kind=widgets.IntSlider):
    """A labelled slider that redraws when released (the course's standard control).

    The starting ``value`` comes from an explorer factory's argument ``name``: outside
    [minimum, maximum], or of the wrong type, it is refused with an error naming it.

    Parameters
    ----------
    name : str
        The factory argument that sets the starting value.
    description : str
        Label shown next to it, with its symbol (e.g. "M (points)").
    value, minimum, maximum, step : int or float
    kind : ipywidgets slider class
        ``IntSlider`` (default) or ``FloatSlider``.

    Returns
    -------
    ipywidgets slider

    Examples
    --------
    >>> slider("n_samples", "M (points)", 10, 2, 200).max
    200
    >>> slider("n_samples", "M (points)", 1000, 2, 200)
    Traceback (most recent call last):
    ...
    ValueError: n_samples must be an integer in [2, 200]; got 1000
    """
    if kind is widgets.IntSlider:
        value = check_int(name, value, minimum=minimum, maximum=maximum)
    else:
        value = check_float(name, value, minimum=minimum, maximum=maximum)
    return kind(value=value, min=minimum, max=maximum, step=step, description=description,
                continuous_update=False, style={"description_width": "initial"})


def choice(name: str, description: str, options, value, *, kind=widgets.Dropdown):
    """A labelled choice among ``options`` (a dropdown, toggle buttons or a selection slider).

    Parameters
    ----------
    name : str
        The factory argument that sets the starting value.
    description : str
    options : sequence
    value : one of ``options``
        Anything else is refused with an error naming ``name``.
    kind : ipywidgets selection class
        ``Dropdown`` (default), ``ToggleButtons`` or ``SelectionSlider``.

    Returns
    -------
    ipywidgets selection widget

    Examples
    --------
    >>> choice("strategy", "strategy", ("replace", "mix"), "mix").value
    'mix'
    """
    options = list(options)
    same_kind = isinstance(value, str) if isinstance(options[0], str) else (
        isinstance(value, numbers.Real)
        and not isinstance(value, (bool, np.bool_, np.timedelta64, np.datetime64)))
    if not same_kind or value not in options:
        fail(name, value, "one of " + ", ".join(repr(option) for option in options))
    extra = {"continuous_update": False} if kind is widgets.SelectionSlider else {}
    return kind(options=options, value=value, description=description,
                style={"description_width": "initial"}, **extra)


def seed_control(seed: int):
    """The seed box every explorer has: an integer in [0, 2^31 - 1].

    Parameters
    ----------
    seed : int in [0, 2^31 - 1]

    Returns
    -------
    ipywidgets.BoundedIntText

    Examples
    --------
    >>> seed_control(3).value
    3
    """
    seed = check_int("seed", seed, minimum=0, maximum=2 ** 31 - 1)
    return widgets.BoundedIntText(value=seed, min=0, max=2 ** 31 - 1, description="seed")


def replicate_controls(*, n_chains: int, strategy: str, real_fraction: float,
                       seed: int, strategies=STRATEGIES) -> dict:
    """The controls every chain explorer shares: chains, strategy, real fraction, seed.

    Pass ``rules=REPLICATE_RULES`` to the :class:`Explorer`: "real fraction" is then
    enabled only while the strategy is "mix".

    Parameters
    ----------
    n_chains : int in [1, 1000]
    strategy : str, one of ``strategies``
    real_fraction : float in [0, 1]
    seed : int
    strategies : tuple of str

    Returns
    -------
    dict of str -> widget
        Keys "n_chains", "strategy", "real_fraction", "seed".

    Examples
    --------
    >>> controls = replicate_controls(n_chains=10, strategy="replace", real_fraction=0.2,
    ...                               seed=0)
    >>> list(controls)
    ['n_chains', 'strategy', 'real_fraction', 'seed']
    """
    controls = {
        "n_chains": slider("n_chains", "chains", n_chains, 1, 1000),
        "strategy": choice("strategy", "strategy", strategies, strategy),
        "real_fraction": slider("real_fraction", "real fraction", real_fraction, 0.0, 1.0, 0.05,
                                kind=widgets.FloatSlider),
        "seed": seed_control(seed),
    }
    return controls
