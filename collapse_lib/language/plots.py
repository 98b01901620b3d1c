"""The language world's figures: a measure per generation, sentence perplexities, sample text.

No formula predicts an n-gram model's perplexity after n generations, so every figure here
is simulation only. A measure against the generation is drawn, like every world's, with
:func:`collapse_lib.mitigations.plot_strategies` (the median of the chains in a band), on
the arrays :func:`measure_values` gives.
"""
from __future__ import annotations

import textwrap

import numpy as np

from ..core import plotting
from ..core.checks import check_choice, check_generation_list, check_int, fail
from .chain import LanguageChain

__all__ = ["MEASURES", "measure_values", "plot_sentence_perplexity", "sample_text"]

# measure -> axis label. "vocabulary_share": the words known over the real ones (n = 0).
MEASURES = {
    "perplexity": "held-out perplexity (real text)",
    "vocabulary_share": "share of the real vocabulary known",
    "rare_share": "share of the rarest 10 % of words known",
    "distinct_ngrams": "distinct n-grams in the training text",
}


def _check_chain(chain) -> LanguageChain:
    if not isinstance(chain, LanguageChain):
        fail("chain", chain, "a LanguageChain (the result of language.simulate_chain)")
    return chain


def _generations(chain: LanguageChain, generations, default) -> list[int]:
    """The chosen generations as ints in [0, n_generations] (``default`` if None)."""
    if generations is None:
        return sorted(set(default))
    return check_generation_list(generations, n_generations=chain.n_generations)


def measure_values(chain: LanguageChain, *, measure: str) -> np.ndarray:
    """One of :data:`MEASURES` per chain and generation, shape (n_chains, n_generations + 1).

    "vocabulary_share" is the vocabulary size over that of generation 0 (the real text's).

    Parameters
    ----------
    chain : LanguageChain
    measure : str, one of MEASURES

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> from collapse_lib.language.chain import simulate_chain
    >>> chain = simulate_chain(n_generations=1, n_words=2_000, seed=0)
    >>> measure_values(chain, measure="vocabulary_share")[0, 0]
    np.float64(1.0)
    """
    chain = _check_chain(chain)
    measure = check_choice("measure", measure, tuple(MEASURES))
    if measure == "vocabulary_share":
        sizes = chain.vocabulary_size.astype(float)
        return sizes / sizes[:, :1]
    return np.asarray(getattr(chain, measure), dtype=float)


def plot_sentence_perplexity(ax, chain: LanguageChain, *, generations=None) -> None:
    """Distribution of the perplexity of generated sentences under the generation-0 model.

    As in Shumailov et al. (2024, Fig. 1): for each chosen generation n, the density (over
    log₁₀ perplexity, pooled over chains) of sentences written by the generation n − 1
    model and scored by the model fitted to real text; n = 0 shows real held-out sentences.
    A shift to the left means text the original model finds likelier than real text; a
    growing right tail, sentences it finds nearly impossible.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : LanguageChain
    generations : sequence of int, optional
        Default: 0, 1, the middle one and the last (distinct, in order).

    Examples
    --------
    >>> from collapse_lib.language.chain import simulate_chain
    >>> figure, axes = plotting.new_figure()
    >>> run = simulate_chain(n_generations=2, n_words=2_000, seed=0)
    >>> plot_sentence_perplexity(axes[0], run)
    >>> [line.get_label() for line in axes[0].lines]
    ['n = 0 (real)', 'n = 1', 'n = 2']
    """
    chain = _check_chain(chain)
    last = chain.n_generations
    generations = _generations(chain, generations, (0, min(1, last), last // 2, last))
    logs = np.log10(chain.sentence_perplexity[:, generations])
    edges = np.linspace(np.floor(logs.min() * 4) / 4, np.ceil(logs.max() * 4) / 4, 41)
    centres = 10 ** ((edges[:-1] + edges[1:]) / 2)
    for index, (n, color, style) in enumerate(zip(generations, plotting.SERIES_COLORS,
                                                  plotting.SERIES_STYLES)):
        density, _ = np.histogram(logs[:, index].ravel(), bins=edges, density=True)
        ax.plot(centres, density, drawstyle="steps-mid", color=color, linestyle=style,
                linewidth=2, label=f"n = {n}" + (" (real)" if n == 0 else ""))
    ax.set_xscale("log")
    ax.set(xlabel="perplexity of a sentence under the generation-0 model",
           ylabel="density (per unit of log₁₀)",
           title="Sentences written at generation n")
    ax.legend(loc="upper right")


def sample_text(chain: LanguageChain, *, generations=None, width: int = 90,
                max_words: int = 25, per_generation: int = 3) -> str:
    """The first sentences of the text each chosen generation trained on (chain 0).

    Parameters
    ----------
    chain : LanguageChain
    generations : sequence of int, optional
        Default: 0, 1, 5 and 20 where they exist, and the last.
    width : int in [20, 1000]
        Characters per line.
    max_words : int in [1, 1000]
        Longer sentences are cut, with "…".
    per_generation : int in [1, 3]
        Sentences shown per generation.

    Returns
    -------
    str
        One block per generation: "n = 5:" then its sentences, each on its own line.

    Examples
    --------
    >>> from collapse_lib.language.chain import simulate_chain
    >>> run = simulate_chain(n_generations=1, n_words=2_000, seed=0)
    >>> sample_text(run).splitlines()[0]
    'n = 0 (real text):'
    """
    chain = _check_chain(chain)
    last = chain.n_generations
    generations = _generations(chain, generations,
                               [n for n in (0, 1, 5, 20) if n <= last] + [last])
    width = check_int("width", width, minimum=20, maximum=1000)
    max_words = check_int("max_words", max_words, minimum=1, maximum=1000)
    per_generation = check_int("per_generation", per_generation, minimum=1, maximum=3)
    blocks = []
    for n in generations:
        lines = [f"n = {n}" + (" (real text):" if n == 0 else ":")]
        for sentence in chain.samples[n][:per_generation]:
            words = sentence.split()
            cut = " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
            lines.append(textwrap.fill(cut, width, initial_indent="  • ",
                                       subsequent_indent="    "))
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
