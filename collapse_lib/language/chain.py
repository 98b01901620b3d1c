"""The language chain: an n-gram model retrained, generation after generation, on its own text.

Generation 0 is the model fitted to the real training text (N words). Generation n >= 1
draws text from the generation n − 1 model at a temperature and fits a new model to:

- "replace": N words of that text (Shumailov et al., 2024);
- "accumulate": everything generation n − 1 trained on plus N new words (counts add;
  Gerstgrasser et al., 2024);
- "mix": real sentences holding round(f N) words, drawn afresh from the real training
  text, plus N − round(f N) words of the model's text.

Each generation records the held-out perplexity of its model on real text, its vocabulary
(distinct words), its distinct n-grams, the share of the real text's rarest decile of
words it still knows, and the perplexity, under the generation-0 model, of sentences the
generation n − 1 model wrote (column 0: real held-out sentences), the quantity whose
distribution Shumailov et al. (2024, Fig. 1) follow.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import check_int
from ..core.resources import check_steps
from ..core.seeding import as_generator
from ..core.strategies import check_strategy, real_count
from .corpus import Corpus, _subset, check_corpus, docstring_corpus, split_corpus, take_words
from .ngram import (_sample_sentences, check_temperature, fit_ngram, merge_counts, perplexity, sample_corpus,
                    sentence_perplexities)

__all__ = ["LanguageChain", "real_text", "rarest_decile", "simulate_chain"]

N_PROBE_SENTENCES = 500     # sentences per generation scored under the generation-0 model
# What a generation costs, in the steps of core.resources (1e9 a second): scoring the
# held-out text (about 20 ms), then about 1 microsecond per word sampled and counted.
GENERATION_COST, WORD_COST = 4 * 10 ** 7, 1_000
N_SAMPLE_SENTENCES = 3      # example sentences kept per generation (chain 0)


@dataclass(frozen=True)
class LanguageChain(ChainAxes):
    """Result of :func:`simulate_chain`; arrays of shape (n_chains, n_generations + 1).

    Attributes
    ----------
    perplexity : ndarray
        Held-out perplexity on real text of each generation's model.
    vocabulary_size : ndarray of int
        Distinct words each generation's model knows (its training text holds).
    distinct_ngrams : ndarray of int
        Distinct n-grams of the model's order in its training text.
    rare_share : ndarray
        Share of the rarest decile of the real training text's words still known.
    sentence_perplexity : ndarray, shape (n_chains, n_generations + 1, 500)
        Perplexity under the generation-0 model of 500 sentences written by the
        generation n − 1 model, drawn for this purpose (column 0: 500 real held-out
        sentences).
    samples : tuple of tuple of str
        ``samples[n]``: the first three sentences of the text generation n adds (chain 0;
        at n = 0 the real training text, under "mix" the model's part).
    order, temperature, strategy, real_fraction, n_words
        The settings.
    """

    perplexity: np.ndarray
    vocabulary_size: np.ndarray
    distinct_ngrams: np.ndarray
    rare_share: np.ndarray
    sentence_perplexity: np.ndarray
    samples: tuple
    order: int
    temperature: float
    strategy: str
    real_fraction: float
    n_words: int
    _by_generation: ClassVar[str] = "perplexity"


def real_text(*, n_words=200_000) -> tuple[Corpus, Corpus]:
    """(training, held-out) real text: the first ``n_words`` words of the training split.

    Parameters
    ----------
    n_words : int in [1, words of the training split] (about 529,000)

    Returns
    -------
    (Corpus, Corpus)
        The training text (at least ``n_words`` words) and every held-out sentence.

    Examples
    --------
    >>> training, heldout = real_text(n_words=1_000)
    >>> training.n_words >= 1_000, heldout.n_sentences > 4_000
    (True, True)
    """
    training, heldout = split_corpus(docstring_corpus())
    return take_words(training, n_words=n_words), heldout


def rarest_decile(corpus: Corpus) -> np.ndarray:
    """Ids of the 10 % of the corpus's distinct words that occur least (ties: later ids).

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    ndarray of int, shape (ceil(words / 10),)

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> text = corpus_from_sentences([["a", "b", "a"], ["c", "a", "b"]])
    >>> [text.vocabulary[i] for i in rarest_decile(text)]    # 3 words: 1 in the decile
    ['c']
    """
    counts = check_corpus("corpus", corpus).word_counts
    words = np.flatnonzero(counts[2:]) + 2
    order = np.lexsort((-words, counts[words]))
    return words[order[: int(np.ceil(words.size / 10))]]


def simulate_chain(*, n_generations, order=2, temperature=1.0, strategy="replace",
                   real_fraction=0.0, n_words=200_000, n_chains=1, seed=None) -> LanguageChain:
    """Retrain an n-gram model on its own text for ``n_generations`` generations.

    Parameters
    ----------
    n_generations : int >= 0
    order : int in [1, 4]
        n of the n-gram model.
    temperature : float in [0.01, 100]
        Sampling temperature (1: the model itself).
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1], only with "mix"
        f: the share of each generation's N words that are fresh real text.
    n_words : int in [1000, 500000]
        N, words of real training text and of each generation's new text.
    n_chains : int >= 1
        Independent chains (each its own stream of the seed).
    seed : int, Generator or None

    Returns
    -------
    LanguageChain

    Examples
    --------
    >>> chain = simulate_chain(n_generations=2, n_words=5_000, seed=0)
    >>> chain.perplexity.shape, bool(chain.vocabulary_size[0, 2] <= chain.vocabulary_size[0, 0])
    ((1, 3), True)
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_words = check_int("n_words", n_words, minimum=1_000, maximum=500_000)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    temperature = check_temperature(temperature)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    if strategy == "accumulate-subsample":
        raise ValueError("strategy must be 'replace', 'accumulate' or 'mix' for the language "
                         "chain; got 'accumulate-subsample'")
    check_steps(n_chains * (n_generations + 1) * (GENERATION_COST + WORD_COST * n_words),
                what="generations of sampled, counted and scored words",
                smaller="n_chains, n_generations or n_words")
    training, heldout = real_text(n_words=n_words)
    model0 = fit_ngram(training, order=order)
    streams = as_generator(seed).spawn(n_chains)
    runs = [_one_chain(model0, training, heldout, n_generations=n_generations,
                       temperature=temperature, strategy=strategy,
                       real_fraction=real_fraction, rng=rng) for rng in streams]
    fields = {name: readonly(np.array([run[name] for run in runs]))
              for name in ("perplexity", "vocabulary_size", "distinct_ngrams", "rare_share",
                           "sentence_perplexity")}
    return LanguageChain(**fields, samples=runs[0]["samples"], order=model0.order,
                         temperature=float(temperature), strategy=strategy,
                              real_fraction=real_fraction, n_words=n_words)


def _one_chain(model0, training, heldout, *, n_generations, temperature, strategy,
               real_fraction, rng) -> dict:
    """One chain's per-generation records (lists of length n_generations + 1)."""
    real_vocabulary = len(training.vocabulary) - 1
    rare = rarest_decile(training)
    score = dict(real_vocabulary_size=real_vocabulary)
    probes = _subset(heldout, np.arange(N_PROBE_SENTENCES))
    n_real = real_count(n_samples=training.n_words, real_fraction=real_fraction)
    record = {name: [] for name in ("perplexity", "vocabulary_size", "distinct_ngrams",
                                    "rare_share", "sentence_perplexity", "samples")}
    model, text = model0, training
    for generation in range(n_generations + 1):
        if generation > 0:
            probes = _sample_sentences(model, n_sentences=N_PROBE_SENTENCES,
                                       temperature=temperature, rng=rng)
            text = (sample_corpus(model, n_words=training.n_words - n_real,
                                  temperature=temperature, seed=rng)
                    if n_real < training.n_words else _real_sentences(training, n_real, rng))
            new = fit_ngram(text, order=model0.order)
            if strategy == "accumulate":
                new = merge_counts(model, new)
            elif 0 < n_real < training.n_words:
                new = merge_counts(new, fit_ngram(_real_sentences(training, n_real, rng),
                                                  order=model0.order))
            model = new
        known = model.word_counts > 0
        record["perplexity"].append(perplexity(model, heldout, **score))
        record["vocabulary_size"].append(model.n_words_known)
        record["distinct_ngrams"].append(model.n_distinct_ngrams)
        record["rare_share"].append(float(known[rare].mean()))
        record["sentence_perplexity"].append(sentence_perplexities(model0, probes, **score))
        record["samples"].append(tuple(text.sentence(i) for i in range(N_SAMPLE_SENTENCES)))
    record["samples"] = tuple(record["samples"])
    return record


def _real_sentences(training: Corpus, n_words: int, rng) -> Corpus:
    """Random real training sentences (without replacement) holding at least ``n_words``."""
    shuffled = _subset(training, rng.permutation(training.n_sentences))
    return take_words(shuffled, n_words=n_words)
