"""The discrete world's figures: support, survival, the transition matrix, count laws, tail cuts."""
from __future__ import annotations

import matplotlib as mpl
import numpy as np

from ..core import plotting
from ..core.checks import check_int, check_int_array
from .chain import CategoricalChain
from .tail_cut import memorizer_error, simulate_memorizer, tail_cut_plateau

__all__ = ["plot_support", "plot_survival", "plot_transition_matrix",
           "plot_probability_paths", "plot_count_law", "plot_memorizer_errors"]


def plot_support(ax, chain: CategoricalChain, *, theory=None, max_paths: int = 40) -> None:
    """Number of surviving categories per generation: single chains, their mean, theory.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : CategoricalChain
    theory : array (n_generations + 1,), optional
        The exact expected count per generation, e.g. from
        :func:`~collapse_lib.markov.theory.expected_surviving_categories`, drawn dashed.
    max_paths : int

    Examples
    --------
    >>> from collapse_lib.markov.chain import simulate_chain
    >>> figure, axes = plotting.new_figure()
    >>> chain = simulate_chain([0.5, 0.5], n_samples=4, n_generations=5, n_chains=3, seed=0)
    >>> plot_support(axes[0], chain)
    >>> axes[0].get_ylabel()
    'categories with pₙ > 0'
    """
    n = chain.generations
    support = chain.support_size
    plotting.plot_paths(ax, n, support, max_paths=max_paths)
    plotting.plot_simulation(ax, n, support.mean(axis=0), label=f"mean of {chain.n_chains} chains")
    if theory is not None:
        plotting.plot_theory(ax, n, theory, label="exact E (Markov chain)")
    ax.set_xlabel("generation n")
    ax.set_ylabel("categories with pₙ > 0")
    ax.set_ylim(0, chain.p.shape[-1] * 1.05)
    ax.set_title(f"Surviving support, K = {chain.p.shape[-1]}, M = {chain.n_samples}, "
                 f"{chain.strategy}")
    ax.legend(loc="upper right")


def plot_survival(ax, chain: CategoricalChain, category: int, *, exact=None) -> None:
    """P(one category still alive at generation n): simulation, exact, and the naive guess.

    The naive guess freezes the category's probability at its initial value p, so each
    generation loses it with probability (1 - p)^M: survival (1 - (1 - p)^M)^n.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : CategoricalChain
    category : int
        Index k of the category followed.
    exact : array (n_generations + 1,), optional
        The exact survival curve, drawn dashed.

    Examples
    --------
    >>> from collapse_lib.markov.chain import simulate_chain
    >>> figure, axes = plotting.new_figure()
    >>> chain = simulate_chain([0.9, 0.1], n_samples=10, n_generations=5, n_chains=20, seed=0)
    >>> plot_survival(axes[0], chain, 1)
    >>> axes[0].get_title()
    'Rarest category, p₀ = 0.1'
    """
    category = check_int("category", category, minimum=0, maximum=chain.p.shape[-1] - 1)
    n = chain.generations
    initial = chain.p[0, 0, category]
    alive = (chain.p[:, :, category] > 0).mean(axis=0)
    plotting.plot_simulation(ax, n, alive, label=f"simulation ({chain.n_chains} chains)")
    if exact is not None:
        plotting.plot_theory(ax, n, exact, label="exact (Markov chain)")
    naive = (1 - (1 - initial) ** chain.n_samples) ** n
    ax.plot(n, naive, color=plotting.GREEN, linestyle=":", linewidth=2.5,
            label="p frozen: (1 − (1 − p₀)ᴹ)ⁿ")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("generation n")
    ax.set_ylabel("P(category alive)")
    ax.set_title(f"Rarest category, p₀ = {initial:.2g}")
    ax.legend(loc="upper right")


def plot_transition_matrix(ax, matrix, *, colorbar: bool = True) -> None:
    """The Wright-Fisher transition matrix P[i, j] as a heat map (rows: count now).

    The colour scale is P^0.4, so the diagonal band shows next to the absorbing corners.
    Explorers pass ``colorbar=False``: their figure is reused, and a colorbar would take
    a new slice of it at every redraw.

    Parameters
    ----------
    ax : matplotlib Axes
    matrix : array (M + 1, M + 1)
    colorbar : bool

    Examples
    --------
    >>> from collapse_lib.markov.theory import transition_matrix
    >>> figure, axes = plotting.new_figure()
    >>> plot_transition_matrix(axes[0], transition_matrix(n_samples=5), colorbar=False)
    >>> axes[0].get_title()
    'Transition matrix, M = 5'
    """
    size = matrix.shape[0] - 1
    image = ax.imshow(matrix, cmap="viridis", origin="upper", interpolation="nearest",
                      norm=mpl.colors.PowerNorm(gamma=0.4, vmin=0.0, vmax=1.0),
                      extent=(-0.5, size + 0.5, size + 0.5, -0.5))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="P[i, j]")
    ax.set_xlabel("count next generation j")
    ax.set_ylabel("count now i")
    ax.set_title(f"Transition matrix, M = {size}")
    ax.grid(False)


def plot_probability_paths(ax, chain: CategoricalChain, *, chain_index: int = 0) -> None:
    """p_n(k) of every category along one chain, one line per category.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : CategoricalChain
    chain_index : int
        Which chain to draw.

    Examples
    --------
    >>> from collapse_lib.markov.chain import simulate_chain
    >>> figure, axes = plotting.new_figure()
    >>> chain = simulate_chain([0.5, 0.5], n_samples=4, n_generations=5, seed=0)
    >>> plot_probability_paths(axes[0], chain)
    >>> len(axes[0].lines)
    2
    """
    chain_index = check_int("chain_index", chain_index, minimum=0, maximum=chain.n_chains - 1)
    n = chain.generations
    for k in range(chain.p.shape[-1]):
        ax.plot(n, chain.p[chain_index, :, k], label=f"category {k + 1}")
    ax.set_xlabel("generation n")
    ax.set_ylabel("pₙ(k)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="upper right", ncol=2)


def plot_count_law(ax, counts, law, *, title: str = "") -> None:
    """Simulated frequencies of a count (bars) against its exact law (dashed, markers).

    Parameters
    ----------
    ax : matplotlib Axes
    counts : array of int, shape (n_chains,)
        Simulated counts M p_n.
    law : array (M + 1,)
        The exact probabilities of 0..M, e.g.
        :func:`~collapse_lib.markov.theory.count_distribution`.
    title : str

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_count_law(axes[0], np.array([0, 1, 1, 2]), np.array([0.25, 0.5, 0.25]))
    >>> len(axes[0].patches)
    3
    """
    law = np.asarray(law, dtype=float)
    counts = check_int_array("counts", counts)
    if law.ndim != 1 or counts.ndim != 1 or counts.size == 0 or counts.max() >= law.size:
        raise ValueError(f"counts must be a non-empty 1-d array of counts below len(law) = "
                         f"{law.size}; got shape {counts.shape}")
    states = np.arange(law.size)
    observed = np.bincount(counts, minlength=law.size) / counts.size
    ax.bar(states, observed, width=0.8, color=plotting.PATH_COLOR, alpha=0.7,
           label=f"simulation ({counts.size} chains)")
    plotting.plot_theory(ax, states, law, label="exact law", marker="o", markersize=4)
    ax.set_xlabel("count M pₙ")
    ax.set_ylabel("probability")
    ax.set_title(title)
    ax.legend(loc="upper center")


def plot_memorizer_errors(ax, p, *, sizes, cuts, n_chains: int = 200, seed=0) -> None:
    """A memoriser's error against T on log-log axes: clean and for each tail cut.

    Exact curves dashed, simulated means as points, each cut's plateau sum_{k > cut} p_k
    dotted, and the clean curve's predicted slope -(1 - 1/alpha) is left to the caller.

    Parameters
    ----------
    ax : matplotlib Axes
    p : array (K,)
        Real token probabilities, in rank order.
    sizes : array (S,) of increasing ints >= 1
        Training-set sizes T.
    cuts : sequence of int
        Ranks kept by each tail-cut training distribution (None: clean).
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_memorizer_errors(axes[0], [0.5, 0.3, 0.2], sizes=[1, 10], cuts=[None, 2],
    ...                       n_chains=5)
    >>> axes[0].get_xlabel()
    'training tokens T'
    """
    sizes = check_int_array("sizes", sizes, minimum=1)
    if sizes.ndim != 1 or sizes.size < 2 or np.any(np.diff(sizes) <= 0):
        raise ValueError(f"sizes must be an increasing 1-d sequence of at least two training "
                         f"sizes; got {sizes.tolist()}")
    for cut, color in zip(cuts, plotting.SERIES_COLORS):
        label = "clean" if cut is None else f"tail cut at rank {cut}"
        exact = memorizer_error(p, T=sizes, cut=cut)
        ax.plot(sizes, exact, color=color, linestyle="--", linewidth=2.5, label=label)
        simulated = simulate_memorizer(p, T=sizes, cut=cut, n_chains=n_chains, seed=seed)
        ax.plot(sizes, simulated.mean(axis=0), "o", color=color, markersize=6)
        if cut is not None:
            ax.axhline(tail_cut_plateau(p, cut=cut), color=color, linestyle=":", linewidth=1.5)
    plotting.set_log(ax, "x")
    plotting.set_log(ax)
    ax.set_xlabel("training tokens T")
    ax.set_ylabel("error: P(a fresh token was never seen)")
    ax.legend(loc="lower left", title="dashed: exact, ● simulation, dotted: plateau")
