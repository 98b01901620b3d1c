"""The regression world's figures: error against lambda, and the error's three parts."""
from __future__ import annotations

import numpy as np

from ..core import plotting
from ..core.checks import check_int
from .chain import RidgePath
from .ridge_theory import RidgeError

__all__ = ["plot_ridge_curves", "plot_error_parts"]


def plot_ridge_curves(ax, ridges, theory_by_n: dict, simulated=None, *,
                      ylabel: str = "test error (excess risk)") -> None:
    """Error against lambda on a log axis, one curve per n, with each curve's minimum marked.

    Parameters
    ----------
    ax : matplotlib Axes
    ridges : array (L,)
        The lambdas of the theory curves.
    theory_by_n : dict of int -> array (L,)
        {n: error over ``ridges``}, drawn dashed; a triangle marks each minimum.
    simulated : (array (S,), dict of int -> array (S,)), optional
        (lambdas, {n: mean error}) drawn as points in the same colour.
    ylabel : str

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_ridge_curves(axes[0], np.array([0.1, 1.0, 10.0]), {0: np.array([2.0, 1.0, 3.0])})
    >>> [float(line.get_xdata()[0]) for line in axes[0].lines if line.get_marker() == "v"]
    [1.0]
    """
    for (n, curve), color in zip(theory_by_n.items(), plotting.SERIES_COLORS):
        ax.plot(ridges, curve, linestyle="--", color=color, linewidth=2.5, label=f"n = {n}")
        best = np.argmin(curve)
        ax.plot(ridges[best], curve[best], marker="v", markersize=12, color=color,
                markeredgecolor="black", linestyle="none")
        if simulated is not None:
            lambdas, means = simulated
            ax.plot(lambdas, means[n], "o", color=color, markersize=6)
    plotting.set_log(ax, "x")
    ax.set_xlabel("ridge λ")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper right", title="dashed: theory, ● simulation")


def plot_error_parts(ax, ridges, parts: RidgeError, path: RidgePath, *, n: int) -> None:
    """Bias, variance and the collapse term at generation n against lambda (log-log).

    Theory dashed (the deterministic equivalent), simulation as points (means over
    chains of :func:`~collapse_lib.regression.simulate_ridge_path`).

    Parameters
    ----------
    ax : matplotlib Axes
    ridges : array (L,)
        The lambdas of ``parts``.
    parts : RidgeError
        Theory with arrays of shape (G, L): bias and variance read from row 0, the
        collapse term from the last row (generation ``n``).
    path : RidgePath
        The simulation, on its own lambdas ``path.ridges``.
    n : int
        The generation whose collapse term is shown.

    Examples
    --------
    >>> from collapse_lib.regression.chain import simulate_ridge_path
    >>> from collapse_lib.regression.ridge_theory import ridge_test_error
    >>> grid = np.logspace(-2, 1, 5)
    >>> parts = ridge_test_error(np.ones(5), np.array([[0], [2]]), T=20, T0=20, ridge=grid)
    >>> path = simulate_ridge_path(d=5, T0=20, T=20, n_generations=2, ridges=grid,
    ...                            n_chains=10, seed=0)
    >>> figure, axes = plotting.new_figure()
    >>> plot_error_parts(axes[0], grid, parts, path, n=2)
    >>> [line.get_label() for line in axes[0].lines][::2]
    ['bias', 'variance', 'collapse, n = 2']
    """
    n = check_int("n", n, minimum=0, maximum=path.collapse.shape[1] - 1)
    for name, curve, samples, color in [
            ("bias", parts.bias[0], path.bias, plotting.BLUE),
            ("variance", parts.variance[0], path.variance, plotting.ORANGE),
            (f"collapse, n = {n}", parts.collapse[-1], path.collapse[:, n], plotting.GREEN)]:
        ax.plot(ridges, curve, "--", color=color, linewidth=2.5, label=name)
        ax.plot(path.ridges, samples.mean(axis=0), "o", color=color, label=f"{name} (simulation)")
    ax.set(xlabel="ridge λ", ylabel="part of the test error")
    plotting.set_log(ax, "x")
    plotting.set_log(ax, "y")
    ax.legend(loc="center left", handles=ax.lines[::2])
