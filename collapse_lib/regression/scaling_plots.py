"""Figures of notebook 05: error against T on log-log axes, and exponents against l."""
from __future__ import annotations

import numpy as np

from ..core import plotting
from .scaling import fit_power_law

__all__ = ["plot_scaling_curves", "plot_exponents"]


def plot_scaling_curves(ax, sizes, curves: dict, *, predicted: dict | None = None,
                        simulated: dict | None = None, label_slopes: bool = True) -> dict:
    """Theory curves E(T) on log-log axes, each labelled with its fitted exponent.

    Parameters
    ----------
    ax : matplotlib Axes
    sizes : array (S,)
        The sizes T.
    curves : dict of str -> array (S,)
        {label: theory error at each T}, drawn dashed (theory) in the series colours.
    predicted : dict of str -> float, optional
        {label: predicted exponent}: a thin dotted guide T^exponent through the curve's
        last point, and "(predicted ...)" in the legend.
    simulated : dict of str -> (array (S',), array (S',)), optional
        {label: (sizes, mean error)} drawn as points in the curve's colour.
    label_slopes : bool
        False for curves that are not power laws (one that turns back up): the legend
        then gives the labels alone.

    Returns
    -------
    dict of str -> float
        The exponent fitted to each curve over all of ``sizes``. Legend entries read
        "label: fitted (predicted)".

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> T = np.array([10, 100, 1000])
    >>> fits = plot_scaling_curves(axes[0], T, {"clean": 1 / T}, predicted={"clean": -1.0})
    >>> round(fits["clean"], 6)
    -1.0
    """
    sizes = np.asarray(sizes, dtype=float)
    predicted = predicted or {}
    fitted = {}
    for (label, errors), color, style in zip(curves.items(), plotting.SERIES_COLORS,
                                             plotting.SERIES_STYLES):
        errors = np.maximum(np.asarray(errors, dtype=float), plotting.TINY)
        fitted[label] = fit_power_law(sizes, errors)[0]
        text = f"{label}: {_signed(fitted[label])}" if label_slopes else label
        if label in predicted and label_slopes:
            text += f" ({_signed(predicted[label])})"
            guide = errors[-1] * (sizes / sizes[-1]) ** predicted[label]
            ax.plot(sizes, guide, color=color, linestyle=":", linewidth=1.5)
        dash = "--" if style == "-" else style
        ax.plot(sizes, errors, color=color, linestyle=dash, linewidth=2.5, label=text)
        if simulated and label in simulated:
            where, means = simulated[label]
            ax.plot(where, means, "s", color=color, markersize=8, markeredgecolor="black")
    plotting.set_log(ax, "x")
    plotting.set_log(ax)
    ax.set_xlabel("downstream sample size T")
    ax.set_ylabel("test error ‖w_pred − w₀‖²_Σ")
    return fitted


def plot_exponents(ax, ells, fitted: dict, predicted: dict, *, ell_crit: float,
                   ell: float | None = None) -> None:
    """Fitted exponents of T against the ridge exponent l, with the predicted law dashed.

    Parameters
    ----------
    ax : matplotlib Axes
    ells : array (L,)
        The exponents l of lambda = T^-l.
    fitted : dict of str -> array (L,)
        {label: exponent fitted to the theory curve at each l}, drawn as points (the
        legend entries).
    predicted : dict of str -> array (L,)
        {label: predicted exponent at each l}, drawn dashed in the same colour.
    ell_crit : float
        Marked by a vertical line.
    ell : float, optional
        The current l, marked by a pale vertical band (not in the legend).

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_exponents(axes[0], [0.0, 1.0], {"clean": [0.0, -1.0]}, {"clean": [0.0, -1.0]},
    ...                ell_crit=0.5)
    >>> axes[0].get_xlabel()
    'ridge exponent ℓ (λ = T^−ℓ)'
    """
    for (label, values), color in zip(fitted.items(), plotting.SERIES_COLORS):
        ax.plot(ells, predicted[label], color=color, linestyle="--", linewidth=2.5)
        ax.plot(ells, values, "o", color=color, markersize=7, label=label)
    ax.axvline(ell_crit, color=plotting.BLACK, linestyle="-.", linewidth=1.5,
               label=f"ℓ_crit = {ell_crit:.2f}")
    if ell is not None:
        ax.axvline(ell, color=plotting.PATH_COLOR, linewidth=3, alpha=0.6)
    ax.set_xlabel("ridge exponent ℓ (λ = T^−ℓ)")
    ax.set_ylabel("exponent of T in the error")


def _signed(exponent: float) -> str:
    """An exponent with its sign and two decimals; a slope that rounds to zero reads +0.00."""
    return f"{round(float(exponent), 2) + 0.0:+.2f}"
