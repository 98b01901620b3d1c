"""Checks for the language world's coding exercises, notebook 07.

See :mod:`collapse_lib.core.exercises`. Each ``check_*`` takes the learner's function,
runs it, and returns a one-line :class:`~collapse_lib.core.exercises.Feedback`; it
never raises.
"""
from __future__ import annotations

import numpy as np

from ..core.exercises import Feedback, call_learner, compare_values, first_failure
from .corpus import _subset, corpus_from_sentences
from .ngram import fit_ngram, perplexity, token_log_probabilities

__all__ = ["check_temperature_probabilities", "check_perplexity"]

# Continuation counts c(h, w) after one context h, as a sampler sees them.
_COUNTS = (np.array([1, 1, 2, 5, 40]), np.array([3]), np.array([1, 1000, 10, 100, 1, 2]))


def check_temperature_probabilities(temperature_probabilities) -> Feedback:
    """Check sampling at a temperature: p(w | h) = c(h, w)^(1/t) / Σ_v c(h, v)^(1/t).

    The learner writes ``temperature_probabilities(counts, *, temperature)`` for the
    counts of one context's continuations (an int array); compared for three count
    vectors and temperatures 0.25, 0.5, 1, 2 and 100 to a relative tolerance of 1e-9.
    The probabilities are those :func:`~collapse_lib.language.sample_corpus` draws with
    (Holtzman et al., 2020, on temperature sampling).

    Parameters
    ----------
    temperature_probabilities : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def temperature_probabilities(counts, *, temperature):
    ...     weights = counts ** (1 / temperature)
    ...     return weights / weights.sum()
    >>> check_temperature_probabilities(temperature_probabilities).passed
    True
    """
    def compare(counts, temperature):
        def check():
            weights = counts.astype(float) ** (1 / temperature)
            got = call_learner(temperature_probabilities, counts.copy(), temperature=temperature)
            return compare_values(f"p for counts {counts.tolist()} at temperature {temperature:g}",
                                  got, weights / weights.sum(), rtol=1e-9)
        return check

    cases = [(counts, t) for counts in _COUNTS for t in (1.0, 0.5, 2.0, 0.25, 100.0)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "below 1 the temperature sharpens the counts (rare continuations lose "
              "mass), above 1 it flattens them; a count of 0 stays 0 at every temperature.")


def check_perplexity(perplexity_from_log_probabilities) -> Feedback:
    """Check perplexity = exp(−(1/N) Σ log p(token)), the N tokens' natural-log probabilities.

    The learner writes ``perplexity_from_log_probabilities(log_probabilities)`` for a 1-D
    array; compared, on the probabilities a bigram model gives three short texts (from
    :func:`~collapse_lib.language.token_log_probabilities`), with
    :func:`~collapse_lib.language.perplexity`, to a relative tolerance of 1e-9.

    Parameters
    ----------
    perplexity_from_log_probabilities : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def perplexity_from_log_probabilities(log_probabilities):
    ...     return np.exp(-np.mean(log_probabilities))
    >>> check_perplexity(perplexity_from_log_probabilities).passed
    True
    """
    sentences = [["the", "model", "writes"], ["the", "data", "drift"], ["a", "model", "forgets"],
                 ["a", "data", "model", "drift"], ["the", "rare", "word"],
                 ["model", "writes", "the", "data"]]
    everything = corpus_from_sentences(sentences)       # one vocabulary for all texts
    model = fit_ngram(_subset(everything, np.arange(3)), order=2)
    texts = ([0], [3], [4, 5])

    def compare(indices):
        def check():
            text = _subset(everything, np.array(indices))
            score = dict(real_vocabulary_size=12)
            logs = token_log_probabilities(model, text, **score)
            got = call_learner(perplexity_from_log_probabilities, logs.copy())
            words = " / ".join(" ".join(sentences[i]) for i in indices)
            return compare_values(f"the perplexity of {words!r}", got,
                                  perplexity(model, text, **score), rtol=1e-9)
        return check

    return first_failure(*(compare(indices) for indices in texts)) or Feedback(
        True, "perplexity is the geometric mean of 1/p over the tokens: a model as unsure as "
              "a uniform choice among 100 words has perplexity 100.")
