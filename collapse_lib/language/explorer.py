"""The language world's explorer (notebook 07): an n-gram model that eats its own text."""
from __future__ import annotations

import dataclasses
import html

import ipywidgets as widgets
from matplotlib.ticker import MaxNLocator

from ..core import plotting
from ..core.explorer import REPLICATE_RULES, Explorer, choice, seed_control, slider
from ..core.run_cache import RunCache
from .chain import LanguageChain, simulate_chain
from .plots import MEASURES, measure_values, sample_text

__all__ = ["language_explorer"]

N_CHAINS = 3                          # chains per setting: the band is their range
CORPUS_SIZES = (5_000, 10_000, 20_000)
# settings (all but the generations) -> the longest run simulated so far
_RUNS = RunCache(size=32)
# the top-right panel: (measure, legend name, colour)
_SHARES = (("vocabulary_share", "all real words", plotting.BLUE),
           ("rare_share", "the rarest 10 %", plotting.VERMILLION))


def _run(*, n_generations, order, temperature, strategy, real_fraction, n_words,
         seed) -> LanguageChain:
    """The chain for these settings: a longer cached run cut to ``n_generations``."""
    key = (order, round(temperature, 6), strategy, round(real_fraction, 6), n_words, seed)
    settings = dict(order=order, temperature=temperature, strategy=strategy,
                    real_fraction=real_fraction, n_words=n_words, n_chains=N_CHAINS, seed=seed)
    return _RUNS.get(key=key, n_generations=n_generations, cut=_cut,
                     simulate=lambda n: simulate_chain(n_generations=n, **settings))


def _cut(run: LanguageChain, n_generations: int) -> LanguageChain:
    kept = slice(0, n_generations + 1)
    return dataclasses.replace(
        run, perplexity=run.perplexity[:, kept], vocabulary_size=run.vocabulary_size[:, kept],
        distinct_ngrams=run.distinct_ngrams[:, kept], rare_share=run.rare_share[:, kept],
        sentence_perplexity=run.sentence_perplexity[:, kept], samples=run.samples[kept])


def language_explorer(*, temperature: float = 1.0, n_generations: int = 10,
                      strategy: str = "replace", real_fraction: float = 0.2,
                      n_words: int = 10_000, order: int = 2, seed: int = 0) -> Explorer:
    """Explore an n-gram model retrained on its own text, on real English (notebook 07).

    Controls: the sampling temperature (0.3..2), the generations (1..12), the strategy
    (replace, accumulate, mix), the real fraction (only for mix), the corpus size N
    (5,000, 10,000 or 20,000 words of real text, and of new text per generation), the
    n-gram order (1..3) and the seed; 3 chains each. Left: held-out perplexity on real
    text. Right: the share of the real vocabulary, and of its rarest 10 %, that the model
    still knows. Under the figure, in ``explorer.samples`` (an HTML widget): the first
    sentences of the text generations 0, 1, 5 (those shown) and the last trained on. A
    run is simulated once per setting and cached: lowering the generations, or coming
    back to a setting, redraws at once. (The sentence perplexities of Shumailov et al.'s
    Fig. 1 are a figure of notebook 07: :func:`~collapse_lib.language.plot_sentence_perplexity`.)

    Parameters
    ----------
    temperature, n_generations, strategy, real_fraction, n_words, order, seed :
        The controls' starting values (see :func:`~collapse_lib.language.simulate_chain`).

    Returns
    -------
    Explorer
        With one more attribute, ``samples``: the HTML widget of the sample text.

    Examples
    --------
    >>> explorer = language_explorer(n_words=10_000, n_generations=2)
    >>> explorer.figure.axes[0].get_title()
    'Bigram, replace, temperature 1'
    >>> "n = 2:" in explorer.samples.value
    True
    """
    controls = {
        "temperature": slider("temperature", "temperature", temperature, 0.3, 2.0, 0.1,
                              kind=widgets.FloatSlider),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 12),
        "strategy": choice("strategy", "strategy", ("replace", "accumulate", "mix"), strategy),
        "real_fraction": slider("real_fraction", "real fraction f", real_fraction, 0.0, 1.0,
                                0.05, kind=widgets.FloatSlider),
        "n_words": choice("n_words", "corpus N (words)", CORPUS_SIZES, n_words,
                          kind=widgets.SelectionSlider),
        "order": choice("order", "n-gram order", (1, 2, 3), order, kind=widgets.ToggleButtons),
        "seed": seed_control(seed),
    }

    def draw(axes, *, temperature, n_generations, strategy, real_fraction, n_words, order,
             seed):
        run = _run(n_generations=n_generations, order=order, temperature=temperature,
                   strategy=strategy, real_fraction=real_fraction if strategy == "mix" else 0.0,
                   n_words=n_words, seed=seed)
        label = f"mix, {100 * real_fraction:.0f} % real" if strategy == "mix" else strategy
        model = ("Unigram", "Bigram", "Trigram")[order - 1]
        panels = ((axes[0], (("perplexity", f"median of {run.n_chains} chains, "
                                            f"N = {n_words:,}", plotting.BLUE),)),
                  (axes[1], _SHARES))
        for ax, series in panels:
            for measure, name, color in series:
                plotting.plot_spread(ax, run.generations, measure_values(run, measure=measure),
                                     levels=(0.0, 0.5, 1.0), color=color, label="chains")
                ax.lines[-1].set_label(name)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.legend(handles=ax.lines, loc="upper left" if ax is axes[0] else "upper right")
        plotting.set_log(axes[0])
        axes[0].set(xlabel="generation n", ylabel=MEASURES["perplexity"],
                    title=f"{model}, {label}, temperature {temperature:g}")
        axes[1].set(xlabel="generation n", ylabel="share of the real words still known",
                    title="Words still known", ylim=(0, 1.05))
        samples.value = ('<pre style="font-size:14px;white-space:pre-wrap;margin:0">'
                         + html.escape(sample_text(run, width=100, max_words=30)) + "</pre>")
        return ("Simulation only (no formula). Solid: median of 3 chains; shaded: their "
                "range.")

    samples = widgets.HTML(value="")
    explorer = Explorer(controls, draw, rules=REPLICATE_RULES, ncols=2)
    explorer.samples = samples
    explorer.children = (*explorer.children, samples)
    return explorer

