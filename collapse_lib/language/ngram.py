"""A word-level n-gram language model: fitted by counting, sampled at a temperature, scored.

**The model** of order n is the maximum-likelihood n-gram model of its training text:

    p(w | h) = c(h, w) / c(h),

where h is the n − 1 words before w (padded with the start marker at the start of a
sentence) and c counts occurrences in the training text. It is the n-gram model of
Shannon (1948) and of Jurafsky & Martin, *Speech and Language Processing* (3rd ed.,
ch. 3). A word the training text lacks has probability exactly 0: it is never produced
again, as a lost category of notebook 02 is never drawn again.

**Sampling at a temperature** draws w with probability proportional to c(h, w)^(1/t),
t = ``temperature`` > 0: t = 1 is the model itself, t < 1 favours the frequent
continuations, t > 1 flattens them (never beyond the continuations seen). A sentence
ends at the end marker, or is cut after :data:`MAX_SENTENCE_WORDS` words.

**Scoring** (perplexity) needs a probability for every word of real held-out text,
including words and n-grams the model has never seen. The score therefore interpolates
(Jelinek & Mercer, 1980) the model with its own lower orders and, at the bottom, a floor:

    p₁(w) = (1 − δ) c(w)/N + δ/V₀,
    pₖ(w | hₖ) = ω c(hₖ, w)/c(hₖ) + (1 − ω) pₖ₋₁(w | hₖ₋₁)   if c(hₖ) > 0, else pₖ₋₁,

with N the training tokens, V₀ the size of the real vocabulary (words plus the end
marker), ω = ``interpolation`` (0.8) and δ = ``floor`` (10⁻³). All counts are the model's
own, so a word the model has lost keeps only the floor, δ/V₀ ≈ 10⁻⁷: the smoothing gives
every generation the same small safety net and does not hide the loss of rare words.
Perplexity is exp(−mean log p) over the predicted tokens (the words and each sentence's
end marker).
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from ..core.arrays import readonly
from ..core.checks import check_float, check_int, fail
from ..core.resources import check_memory
from ..core.seeding import as_generator
from .corpus import END, Corpus, check_corpus

__all__ = ["MAX_SENTENCE_WORDS", "NGramModel", "fit_ngram", "merge_counts", "sample_corpus",
           "token_log_probabilities", "perplexity", "sentence_perplexities"]

MAX_SENTENCE_WORDS = 120
MAX_ORDER = 4


@dataclass(frozen=True)
class NGramModel:
    """Counts of an n-gram model, for every order 1..n (read-only arrays).

    Attributes
    ----------
    order : int
        n (1 to 4).
    vocabulary : tuple of str
        The words of ids 0..V − 1 (0 is the start marker, 1 the end marker).
    codes : tuple of ndarray
        ``codes[k - 1]``: the distinct k-grams of the training text, sorted, encoded as
        h₁ V^(k−1) + ... + w (int64).
    counts : tuple of ndarray
        ``counts[k - 1]``: how often each of those k-grams occurs.
    """

    order: int
    vocabulary: tuple
    codes: tuple
    counts: tuple

    @property
    def vocabulary_size(self) -> int:
        """V."""
        return len(self.vocabulary)

    @property
    def n_tokens(self) -> int:
        """N: tokens of the training text (words and end markers)."""
        return int(self.counts[0].sum())

    @property
    def word_counts(self) -> np.ndarray:
        """c(w) for every id, shape (V,)."""
        out = np.zeros(self.vocabulary_size, dtype=np.int64)
        out[self.codes[0]] = self.counts[0]
        return out

    @property
    def n_words_known(self) -> int:
        """Distinct words of the training text (not counting the end marker)."""
        return int(np.count_nonzero(self.codes[0] != END))

    @property
    def n_distinct_ngrams(self) -> int:
        """Distinct n-grams of the top order."""
        return int(self.codes[-1].size)


def check_model(name: str, value) -> NGramModel:
    """``value`` if it is an :class:`NGramModel`, else a ``TypeError`` naming ``name``."""
    if not isinstance(value, NGramModel):
        fail(name, value, "an NGramModel (from fit_ngram)", TypeError)
    return value


def check_temperature(temperature) -> float:
    """The sampling temperature, a float in [0.01, 100] (1: the model itself)."""
    return check_float("temperature", temperature, minimum=0.01, maximum=100.0)


def check_order(order) -> int:
    """n, an integer from 1 to :data:`MAX_ORDER`."""
    return check_int("order", order, minimum=1, maximum=MAX_ORDER)


def _ngram_codes(corpus: Corpus, order: int) -> np.ndarray:
    """Code of the k-gram ending at each token (history padded with START), shape (tokens,)."""
    vocabulary_size = len(corpus.vocabulary)
    check_memory(corpus.tokens.size * 3, what="the n-gram codes of the corpus",
                 smaller="the corpus")
    lengths = np.diff(corpus.starts)
    position = np.arange(corpus.tokens.size) - np.repeat(corpus.starts[:-1], lengths)
    codes = corpus.tokens.copy()
    for back in range(1, order):
        earlier = np.zeros_like(codes)  # START is 0
        inside = position >= back
        earlier[inside] = corpus.tokens[np.flatnonzero(inside) - back]
        codes += earlier * vocabulary_size ** back
    return codes


# corpus id -> (a weak reference to it, {k: (sorting permutation, sorted k-gram codes)}):
# a held-out text scored at every generation is encoded and sorted once.
_SORTED_CODES: dict[int, tuple] = {}


def _sorted_ngram_codes(corpus: Corpus, order: int) -> tuple[np.ndarray, np.ndarray]:
    """(permutation, codes[permutation]) of :func:`_ngram_codes`, cached per corpus.

    Looking sorted codes up in a sorted table is about 3 times faster than unsorted ones.
    """
    entry = _SORTED_CODES.get(id(corpus))
    if entry is None or entry[0]() is not corpus:
        key = id(corpus)
        entry = (weakref.ref(corpus, lambda _: _SORTED_CODES.pop(key, None)), {})
        _SORTED_CODES[key] = entry
    by_order = entry[1]
    if order not in by_order:
        codes = _ngram_codes(corpus, order)
        permutation = np.argsort(codes, kind="stable")
        by_order[order] = (permutation, codes[permutation])
    return by_order[order]


def _count(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    unique, counts = np.unique(codes, return_counts=True)
    return readonly(unique), readonly(counts)


def fit_ngram(corpus: Corpus, *, order=2) -> NGramModel:
    """Count every k-gram, k = 1..n, of ``corpus``: the maximum-likelihood n-gram model.

    Parameters
    ----------
    corpus : Corpus
        The training text.
    order : int in [1, 4]
        n: 1 (unigram), 2 (bigram), 3 (trigram) or 4.

    Returns
    -------
    NGramModel

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> model = fit_ngram(corpus_from_sentences([["a", "b"], ["a", "a"]]), order=2)
    >>> model.n_tokens, model.n_distinct_ngrams
    (6, 5)
    """
    corpus = check_corpus("corpus", corpus)
    order = check_order(order)
    if len(corpus.vocabulary) ** order >= 2 ** 62:
        raise ValueError(f"order must keep V^order below 2^62 for a vocabulary of "
                         f"{len(corpus.vocabulary)} ids; got order={order}")
    pairs = [_count(_ngram_codes(corpus, k)) for k in range(1, order + 1)]
    return NGramModel(order, corpus.vocabulary, tuple(c for c, _ in pairs),
                      tuple(n for _, n in pairs))


def merge_counts(first: NGramModel, second: NGramModel) -> NGramModel:
    """The model of the two training texts together: counts add (accumulating data).

    Parameters
    ----------
    first, second : NGramModel
        Same order and vocabulary.

    Returns
    -------
    NGramModel

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> text = corpus_from_sentences([["a", "b"], ["b"]])
    >>> model = fit_ngram(text, order=2)
    >>> merge_counts(model, model).counts[0].tolist()     # "</s>", "a", "b": twice as often
    [4, 2, 4]
    """
    first, second = check_model("first", first), check_model("second", second)
    if (first.order, first.vocabulary) != (second.order, second.vocabulary):
        raise ValueError(f"second must have the order and vocabulary of first (order "
                         f"{first.order}, {first.vocabulary_size} ids); got order "
                         f"{second.order}, {second.vocabulary_size} ids")
    codes, counts = [], []
    for k in range(first.order):
        unique, inverse = np.unique(np.concatenate([first.codes[k], second.codes[k]]),
                                    return_inverse=True)
        weights = np.concatenate([first.counts[k], second.counts[k]])
        codes.append(readonly(unique))
        counts.append(readonly(np.bincount(inverse, weights=weights).astype(np.int64)))
    return NGramModel(first.order, first.vocabulary, tuple(codes), tuple(counts))


@dataclass(frozen=True)
class _Sampler:
    """Top-order continuations as one flat table: row r holds context ``contexts[r]``."""

    contexts: np.ndarray    # sorted context codes, shape (rows,)
    row_end: np.ndarray     # one past each row's last entry, shape (rows,)
    keys: np.ndarray        # r + cumulative probability within row r, shape (entries,)
    words: np.ndarray       # the continuation of each entry, shape (entries,)


def _sampler(model: NGramModel, temperature: float) -> _Sampler:
    codes, counts = model.codes[-1], model.counts[-1]
    size = model.vocabulary_size
    context_codes, words = np.divmod(codes, size)
    contexts, row_start = np.unique(context_codes, return_index=True)
    row = np.repeat(np.arange(contexts.size), np.diff(np.append(row_start, codes.size)))
    # c^(1/t) scaled by the row's largest count, so no row underflows at a low temperature
    row_max = np.maximum.reduceat(counts, row_start)[row]
    weights = np.exp((np.log(counts) - np.log(row_max)) / temperature)
    cumulative = np.cumsum(weights)
    before_row = np.concatenate([[0.0], cumulative])[row_start]
    totals = np.append(before_row[1:], cumulative[-1]) - before_row
    within = (cumulative - before_row[row]) / totals[row]
    row_end = np.append(row_start[1:], codes.size)
    within[row_end - 1] = 1.0
    return _Sampler(contexts, row_end, row + within, words)


def _draw_sentences(sampler: _Sampler, rng, *, order: int, size: int,
                    n_sentences: int) -> np.ndarray:
    """(n_sentences, MAX_SENTENCE_WORDS + 1) ids, each row ended by END (then END padding)."""
    out = np.full((n_sentences, MAX_SENTENCE_WORDS + 1), END, dtype=np.int64)
    context = np.zeros(n_sentences, dtype=np.int64)   # all START
    active = np.arange(n_sentences)
    modulus = size ** (order - 1)
    for step in range(MAX_SENTENCE_WORDS):
        row = np.searchsorted(sampler.contexts, context)
        entry = np.searchsorted(sampler.keys, row + rng.random(active.size), side="right")
        word = sampler.words[np.minimum(entry, sampler.row_end[row] - 1)]
        out[active, step] = word
        going = word != END
        active, context = active[going], (context[going] * size + word[going]) % modulus
        if active.size == 0:
            break
    return out


def sample_corpus(model: NGramModel, *, n_words, temperature=1.0, seed=None) -> Corpus:
    """Sentences drawn from ``model`` at ``temperature`` until they hold ``n_words`` words.

    Every sentence starts from the start marker; each next word is drawn with probability
    ∝ c(h, w)^(1/temperature) among the continuations the training text had after h. The
    last sentence drawn completes the count, so the corpus holds at least ``n_words``
    words (fewer than :data:`MAX_SENTENCE_WORDS` more).

    Parameters
    ----------
    model : NGramModel
        Order 1 to 4; its training text must hold at least one word.
    n_words : int >= 1
    temperature : float in [0.01, 100]
    seed : int, Generator or None

    Returns
    -------
    Corpus

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> real = corpus_from_sentences([["a", "b"], ["b", "a"]])
    >>> text = sample_corpus(fit_ngram(real, order=2), n_words=10, seed=1)
    >>> text.n_words >= 10, set(text.vocabulary[i] for i in text.tokens) <= {"a", "b", "</s>"}
    (True, True)
    """
    model = check_model("model", model)
    n_words = check_int("n_words", n_words, minimum=1)
    temperature = check_temperature(temperature)
    if model.n_words_known == 0:
        raise ValueError("model must have seen at least one word; got a model whose "
                         "training text holds only end markers")
    rng = as_generator(seed)
    sampler = _sampler(model, temperature)
    n_sentences = max(1, int(model.word_counts[END]))
    words_per_sentence = max(1.0, (model.n_tokens - n_sentences) / n_sentences)
    check_memory(2 * n_words * (MAX_SENTENCE_WORDS + 1) / words_per_sentence,
                 what="the sampled sentences", smaller="n_words")
    batches, total = [], 0
    while total < n_words:
        wanted = int(np.ceil(1.1 * (n_words - total) / words_per_sentence)) + 1
        rows = _draw_sentences(sampler, rng, order=model.order, size=model.vocabulary_size,
                               n_sentences=wanted)
        lengths = np.argmax(rows == END, axis=1)       # words before the first END
        keep = np.searchsorted(np.cumsum(lengths), n_words - total) + 1
        batches.append((rows[:keep], lengths[:keep]))
        total += int(lengths[:keep].sum())
    return _corpus_from_rows(batches, model.vocabulary)


def _sample_sentences(model: NGramModel, *, n_sentences: int, temperature: float,
                      rng) -> Corpus:
    """Exactly ``n_sentences`` sentences drawn from ``model`` (checked arguments)."""
    rows = _draw_sentences(_sampler(model, temperature), rng, order=model.order,
                           size=model.vocabulary_size, n_sentences=n_sentences)
    return _corpus_from_rows([(rows, np.argmax(rows == END, axis=1))], model.vocabulary)


def _corpus_from_rows(batches, vocabulary) -> Corpus:
    rows = [r for r, _ in batches]
    lengths = np.concatenate([n for _, n in batches])
    width = MAX_SENTENCE_WORDS + 1
    table = np.concatenate(rows)
    mask = np.arange(width)[None, :] <= lengths[:, None]
    tokens = table[mask]
    starts = np.concatenate([[0], np.cumsum(lengths + 1)])
    return Corpus(readonly(tokens), readonly(starts), vocabulary)


def token_log_probabilities(model: NGramModel, corpus: Corpus, *, real_vocabulary_size,
                            interpolation=0.8, floor=1e-3) -> np.ndarray:
    """log p(token | history) for every token of ``corpus`` under the interpolated score.

    pₖ(w | hₖ) = ω c(hₖ, w)/c(hₖ) + (1 − ω) pₖ₋₁(w | hₖ₋₁) where c(hₖ) > 0 (else pₖ₋₁),
    down to p₁(w) = (1 − δ) c(w)/N + δ/V₀ (Jelinek & Mercer, 1980; see the module
    docstring).

    Parameters
    ----------
    model : NGramModel
    corpus : Corpus
        Text with the model's vocabulary ids.
    real_vocabulary_size : int >= 2
        V₀: the real words plus the end marker (the ids that can occur).
    interpolation : float in [0, 1]
        ω.
    floor : float in (0, 1]
        δ.

    Returns
    -------
    ndarray, shape (corpus.tokens.size,)
        Natural logarithms, all finite.

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> text = corpus_from_sentences([["a", "b"], ["a", "c"]])
    >>> model = fit_ngram(text, order=1)       # c(a) = 2, c(b) = c(c) = 1, c(</s>) = 2
    >>> logs = token_log_probabilities(model, text, real_vocabulary_size=4, floor=0.5)
    >>> np.exp(logs[:3]).round(4).tolist()      # 0.5 · c(w)/6 + 0.5/4
    [0.2917, 0.2083, 0.2917]
    """
    model, corpus = check_model("model", model), check_corpus("corpus", corpus)
    real_vocabulary_size = check_int("real_vocabulary_size", real_vocabulary_size, minimum=2)
    interpolation = check_float("interpolation", interpolation, minimum=0.0, maximum=1.0)
    floor = check_float("floor", floor, minimum=0.0, maximum=1.0, strict_minimum=True)
    if corpus.vocabulary != model.vocabulary:
        raise ValueError(f"corpus must use the model's vocabulary ({model.vocabulary_size} "
                         f"ids); got a corpus with another vocabulary "
                         f"({len(corpus.vocabulary)} ids)")
    permutation, codes = _sorted_ngram_codes(corpus, 1)
    probability = np.empty(codes.size)
    probability[permutation] = ((1 - floor) * _lookup(model.codes[0], model.counts[0], codes)
                                / model.n_tokens + floor / real_vocabulary_size)
    for k in range(2, model.order + 1):
        permutation, codes = _sorted_ngram_codes(corpus, k)   # contexts sort with codes
        context_codes, context_totals = _context_totals(model, k)
        totals = _lookup(context_codes, context_totals, codes // model.vocabulary_size)
        seen = totals > 0
        counts = _lookup(model.codes[k - 1], model.counts[k - 1], codes[seen])
        tokens = permutation[seen]
        probability[tokens] = (interpolation * counts / totals[seen]
                               + (1 - interpolation) * probability[tokens])
    return np.log(probability)


def _context_totals(model: NGramModel, k: int) -> tuple[np.ndarray, np.ndarray]:
    """c(h) for every (k − 1)-word context of the k-grams, sorted by context code."""
    contexts, start = np.unique(model.codes[k - 1] // model.vocabulary_size,
                                return_index=True)
    return contexts, np.add.reduceat(model.counts[k - 1], start)


def _lookup(sorted_codes: np.ndarray, values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """values of ``codes`` in a sorted table, 0 where a code is absent."""
    index = np.minimum(np.searchsorted(sorted_codes, codes), sorted_codes.size - 1)
    return np.where(sorted_codes[index] == codes, values[index], 0).astype(float)


def perplexity(model: NGramModel, corpus: Corpus, *, real_vocabulary_size, interpolation=0.8,
               floor=1e-3) -> float:
    """exp(−mean log p) over every token of ``corpus`` (words and end markers).

    Parameters
    ----------
    model, corpus, real_vocabulary_size, interpolation, floor
        As in :func:`token_log_probabilities`.

    Returns
    -------
    float

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> text = corpus_from_sentences([["a", "b"], ["b", "a"]])
    >>> round(perplexity(fit_ngram(text, order=1), text, real_vocabulary_size=3), 3)
    3.0
    """
    logs = token_log_probabilities(model, corpus, real_vocabulary_size=real_vocabulary_size,
                                   interpolation=interpolation, floor=floor)
    return float(np.exp(-logs.mean()))


def sentence_perplexities(model: NGramModel, corpus: Corpus, *, real_vocabulary_size,
                          interpolation=0.8, floor=1e-3) -> np.ndarray:
    """exp(−mean log p) of each sentence of ``corpus`` separately.

    Parameters
    ----------
    model, corpus, real_vocabulary_size, interpolation, floor
        As in :func:`token_log_probabilities`.

    Returns
    -------
    ndarray, shape (corpus.n_sentences,)

    Examples
    --------
    >>> from collapse_lib.language.corpus import corpus_from_sentences
    >>> text = corpus_from_sentences([["a"], ["a", "a", "a"]])
    >>> model = fit_ngram(text, order=1)
    >>> sentence_perplexities(model, text, real_vocabulary_size=2).round(2).tolist()
    [2.12, 1.78]
    """
    logs = token_log_probabilities(model, corpus, real_vocabulary_size=real_vocabulary_size,
                                   interpolation=interpolation, floor=floor)
    return np.exp(-np.add.reduceat(logs, corpus.starts[:-1]) / np.diff(corpus.starts))
