"""The regression world's figures: error against lambda, and the error's three parts."""
from __future__ import annotations

import numpy as np

from ..core import plotting
from ..core.checks import check_int, check_scale
from ..core.seeding import as_generator
from ..core.statistics import mean_and_standard_error
from .applicable import applicable_formula
from .chain import RidgePath, simulate_chain
from .formulas import ols_term, ols_test_error
from .ridge_theory import RidgeError, ridge_test_error

__all__ = ["plot_ridge_curves", "plot_error_parts", "plot_model_errors",
           "plot_ols_against_equivalent"]

_MARKERS = ("o", "s", "^", "D", "v", "P")


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


def plot_model_errors(ax, chains_by_strategy: dict, *, d: int, T0: int,
                      sigma0: float = 1.0, keys=None) -> None:
    """The model error against n for several strategies, in units of one generation's error.

    The model error is the headline measure: ||w_hat_n - w0||_Sigma^2 of the model trained
    at generation n (under "accumulate", the model fitted on all data so far).

    Each run is drawn as points (+-2 SE) with its own colour, marker and a small offset
    along n so that close series stay visible; its formula, where
    :func:`~collapse_lib.regression.applicable.applicable_formula` has one, is dashed in
    the same colour. The unit is what one OLS generation adds,
    sigma0^2 d / (T0 - d - 1), so replace grows like n and accumulate stays below pi^2/6.

    Parameters
    ----------
    ax : matplotlib Axes
    chains_by_strategy : dict of (strategy, design) -> RegressionChain
        Chains simulated with these ``d``, ``T0`` and ``sigma0`` (T0 >= d + 2).
    d, T0 : int
    sigma0 : float > 0
    keys : sequence of (strategy, design), optional
        The runs to draw (default: all). Each keeps the colour, marker and offset of its
        position in ``chains_by_strategy``, so a zoomed panel matches the full one.

    Examples
    --------
    >>> from collapse_lib.regression.chain import simulate_chain
    >>> figure, axes = plotting.new_figure()
    >>> chains = {(s, "reused"): simulate_chain(d=3, T0=10, T=10, n_generations=3, strategy=s,
    ...                                         design="reused", n_chains=50, seed=0)
    ...           for s in ("replace", "accumulate")}
    >>> plot_model_errors(axes[0], chains, d=3, T0=10)
    >>> [line.get_label() for line in axes[0].lines if line.get_linestyle() == "--"]
    ['replace, reused: exact', 'accumulate, reused: exact']
    """
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    sigma0 = check_scale("sigma0", sigma0)
    unit = sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0")
    offsets = 0.12 * (np.arange(len(chains_by_strategy)) - (len(chains_by_strategy) - 1) / 2)
    for ((strategy, design), chain), color, marker, offset in zip(
            chains_by_strategy.items(), plotting.SERIES_COLORS, _MARKERS, offsets):
        if keys is not None and (strategy, design) not in keys:
            continue
        n = chain.generations
        formula = applicable_formula(n, quantity="model_error", d=d, T0=T0, sigma0=sigma0,
                                     strategy=strategy, design=design)
        plotting.plot_error_vs_generation(
            ax, chain.model_error / unit, formula.values / unit if formula.exists else None,
            label=f"{strategy}, {design}", theory_label=f"{strategy}, {design}: exact",
            color=color, theory_color=color, marker=marker, offset=offset,
            ylabel="error / one generation's error")
    ax.axhline(np.pi ** 2 / 6, color=plotting.BLACK, linestyle=":", label="π²/6")


def plot_ols_against_equivalent(ax, *, d: int, sizes, sigma: float = 1.0, n_chains: int = 4000,
                                seed=None) -> None:
    """The clean OLS test error against T: exact, deterministic equivalent, simulation.

    At lambda = 0 and n = 0 the exact expectation is sigma^2 d/(T - d - 1) (inverse
    Wishart mean, T >= d + 2) while the deterministic equivalent of
    :func:`~collapse_lib.regression.ridge_theory.ridge_test_error` gives
    sigma^2 d/(T - d), its large-size limit: lower by the factor (T - d - 1)/(T - d).
    Both dashed, each in its own style; the simulation (isotropic, from ``sizes``) as
    points with +-2 SE bars; log y axis.

    Parameters
    ----------
    ax : matplotlib Axes
    d : int >= 1
    sizes : sequence of int >= d + 2
        Downstream sizes T simulated; the curves run from min(sizes) - 2 to max(sizes).
    sigma : float > 0
    n_chains : int >= 2
    seed : int, numpy.random.Generator or None
        One generator draws the simulations of every size in turn.

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_ols_against_equivalent(axes[0], d=5, sizes=[10, 20], n_chains=50, seed=0)
    >>> [line.get_label() for line in axes[0].lines][:2]
    ['exact OLS: σ²d/(T − d − 1)', 'deterministic equivalent: σ²d/(T − d)']
    """
    d = check_int("d", d, minimum=1)
    sizes = [check_int("sizes", T, minimum=1) for T in sizes]
    if min(sizes) < d + 2:
        raise ValueError(f"sizes must all be >= d + 2 = {d + 2} for d = {d} (the OLS error is "
                         f"infinite below); got {min(sizes)}")
    fine = np.arange(max(min(sizes) - 2, d + 2), max(sizes) + 1)
    exact = [ols_test_error(0, d=d, T=int(T), T0=d + 2, sigma=sigma) for T in fine]
    equivalent = [ridge_test_error(np.ones(d), 0, T=int(T), T0=d + 2, ridge=0.0, sigma=sigma).total
                  for T in fine]
    plotting.plot_theory(ax, fine, exact, label="exact OLS: σ²d/(T − d − 1)")
    plotting.plot_theory(ax, fine, equivalent, label="deterministic equivalent: σ²d/(T − d)",
                         color=plotting.BLUE, linestyle=(0, (2, 1.5)))
    means, errors = [], []
    rng = as_generator(seed)
    for T in sizes:
        chain = simulate_chain(d=d, T0=d + 2, T=T, n_generations=0, sigma=sigma,
                               n_chains=n_chains, seed=rng)
        mean, standard_error = mean_and_standard_error(chain.test_error[:, 0])
        means.append(mean)
        errors.append(2 * standard_error)
    ax.errorbar(sizes, means, yerr=errors, fmt="o", color=plotting.BLACK, capsize=3,
                label="simulation (±2 SE)", zorder=3)
    plotting.set_log(ax)
    ax.set_xlabel("downstream rows T")
    ax.set_ylabel("test error at n = 0, λ = 0")
    ax.legend()
