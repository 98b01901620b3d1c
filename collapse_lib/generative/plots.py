"""The generative world's figures: the picture of drawn digits per generation, and its measures.

No formula predicts an EM-fitted mixture after n generations, so every figure here is
simulation only. A measure against the generation is drawn from the arrays
:func:`measure_values` gives (in notebooks with ``mitigations.plot_strategies``, the median
of the chains in a band).
"""
from __future__ import annotations

import numpy as np

from ..core.checks import check_choice, check_generation_list, check_int, fail
from ..core.datasets import PIXEL_MAX
from .chain import GenerativeChain

__all__ = ["MEASURES", "GRID_GENERATIONS", "measure_values", "measure_table", "image_grid",
           "plot_image_grid"]

# measure -> axis label
MEASURES = {
    "heldout_ll": "held-out real log-likelihood (nats / image)",
    "own_ll": "log-likelihood of its own drawings (nats / image)",
    "minority_share": "minority digit's share of the drawings",
    "spread": "spread of the drawings (ink, geometric mean SD)",
    "log_det": "Σₖ pₖ log det Σₖ",
    "unrecognisable": "share of unrecognisable drawings",
    "repair_cost": "drawings per image kept",
}
GRID_GENERATIONS = (0, 1, 2, 5, 10, 20)
_GAP = 1                                   # blank pixels between images in the grid


def _check_chain(chain) -> GenerativeChain:
    if not isinstance(chain, GenerativeChain):
        fail("chain", chain, "a GenerativeChain (the result of generative.simulate_chain)")
    return chain


def measure_values(chain: GenerativeChain, *, measure: str) -> np.ndarray:
    """One of :data:`MEASURES` per chain and generation, shape (n_chains, n_generations + 1).

    Parameters
    ----------
    chain : GenerativeChain
    measure : str, one of MEASURES

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> from collapse_lib.generative.chain import simulate_chain
    >>> chain = simulate_chain(n_generations=1, n_dims=10, seed=0)
    >>> measure_values(chain, measure="minority_share").shape
    (1, 2)
    """
    chain = _check_chain(chain)
    measure = check_choice("measure", measure, tuple(MEASURES))
    return np.asarray(getattr(chain, measure), dtype=float)


_TABLE_NAMES = {"heldout_ll": "held-out log-likelihood", "own_ll": "own drawings' log-lik.",
                "minority_share": "minority's share", "spread": "spread (ink)",
                "log_det": "Σ p log det Σ", "unrecognisable": "unrecognisable share",
                "repair_cost": "drawings per kept image"}


def measure_table(chain: GenerativeChain, *, measures=("heldout_ll", "own_ll", "spread",
                                                       "minority_share"),
                  generations=(0, 1, 5, 10)) -> str:
    """A text table: the median over chains of each measure at a few generations.

    Medians, not means: a collapsing chain's log-likelihood is heavy-tailed (one chain can
    fall ten times further than the next), and the median says what a typical chain does.

    Parameters
    ----------
    chain : GenerativeChain
    measures : sequence of str, each one of MEASURES
    generations : sequence of int in [0, chain.n_generations]

    Returns
    -------
    str
        One line per measure, one column per generation.

    Examples
    --------
    >>> from collapse_lib.generative.chain import simulate_chain
    >>> run = simulate_chain(n_generations=1, n_dims=10, seed=0)
    >>> print(measure_table(run, measures=("spread",), generations=(0, 1)))
    median of 1 chain              n = 0     n = 1
    spread (ink)                    8.70      8.73
    """
    chain = _check_chain(chain)
    if isinstance(measures, str) or not isinstance(measures, (list, tuple)) or not measures:
        fail("measures", measures, "a non-empty list or tuple of measure names")
    rows = [check_choice("measures", measure, tuple(MEASURES)) for measure in measures]
    columns = _grid_rows(chain, generations)
    name = f"median of {chain.n_chains} chain{'s' if chain.n_chains > 1 else ''}"
    lines = [f"{name:<26}" + "".join(f"{f'n = {n}':>10}" for n in columns)]
    for measure in rows:
        medians = np.median(measure_values(chain, measure=measure), axis=0)
        digits = 3 if measure in ("minority_share", "unrecognisable") else 2
        lines.append(f"{_TABLE_NAMES[measure]:<26}"
                     + "".join(f"{medians[n]:>10.{digits}f}" for n in columns))
    return "\n".join(lines)


def _grid_rows(chain: GenerativeChain, generations) -> list[int]:
    """The generations to show: those of ``generations`` the chain reached, and its last."""
    if generations is None:
        chosen = {n for n in GRID_GENERATIONS if n <= chain.n_generations}
        return sorted(chosen | {chain.n_generations})
    return check_generation_list(generations, n_generations=chain.n_generations)


def image_grid(chain: GenerativeChain, *, generations=None, n_columns=None) -> np.ndarray:
    """The drawn digits as one picture: a row of images per generation.

    Parameters
    ----------
    chain : GenerativeChain
    generations : sequence of int, optional
        Which generations, top to bottom (default: 0, 1, 2, 5, 10, 20 as far as the
        chain goes, and its last).
    n_columns : int, optional
        Images per row (default: all the chain kept).

    Returns
    -------
    ndarray, shape (rows · 9 − 1, n_columns · 9 − 1)
        Ink in [0, 16]; one blank (0) pixel between images.

    Examples
    --------
    >>> from collapse_lib.generative.chain import simulate_chain
    >>> chain = simulate_chain(n_generations=2, n_dims=10, n_images=5, seed=0)
    >>> image_grid(chain).shape
    (26, 44)
    """
    chain = _check_chain(chain)
    rows = _grid_rows(chain, generations)
    kept = chain.images.shape[1]
    n_columns = kept if n_columns is None else check_int("n_columns", n_columns, minimum=1,
                                                         maximum=kept)
    cell = 8 + _GAP
    picture = np.zeros((len(rows) * cell - _GAP, n_columns * cell - _GAP))
    for row, generation in enumerate(rows):
        for column in range(n_columns):
            image = chain.images[generation, column].reshape(8, 8)
            picture[row * cell:row * cell + 8, column * cell:column * cell + 8] = image
    return np.clip(picture, 0.0, PIXEL_MAX)


def plot_image_grid(ax, chain: GenerativeChain, *, generations=None, n_columns=None,
                    title: str | None = None) -> None:
    """Draw :func:`image_grid` (dark = ink), each row labelled with its generation.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : GenerativeChain
    generations, n_columns :
        As in :func:`image_grid`.
    title : str, optional
        Default: the strategy and temperature.

    Examples
    --------
    >>> from collapse_lib.core.plotting import new_figure
    >>> from collapse_lib.generative.chain import simulate_chain
    >>> figure, axes = new_figure()
    >>> plot_image_grid(axes[0], simulate_chain(n_generations=1, n_dims=10, seed=0))
    >>> [label.get_text() for label in axes[0].get_yticklabels()]
    ['n = 0', 'n = 1']
    """
    chain = _check_chain(chain)
    rows = _grid_rows(chain, generations)
    if title is not None and not isinstance(title, str):
        fail("title", title, "a string or None")
    ax.imshow(image_grid(chain, generations=rows, n_columns=n_columns), cmap="gray_r",
              vmin=0.0, vmax=PIXEL_MAX, interpolation="nearest")
    ax.set_yticks([row * (8 + _GAP) + 3.5 for row in range(len(rows))],
                  [f"n = {generation}" for generation in rows])
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.grid(False)
    if title is None:
        title = f"{chain.strategy}, t = {chain.temperature:g}"

    ax.set_title(title)
