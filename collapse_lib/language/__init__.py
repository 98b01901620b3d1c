"""Language world (notebook 07): a word-level n-gram model retrained on its own text.

Notation: V ids (0 the start marker, 1 the end marker, then the words), n-gram order n,
c(h, w) the count of word w after the n − 1 words h in the training text; ω and δ the
interpolation weight and floor of the perplexity score (not of the model); V₀ the real
vocabulary (words plus end marker). The temperature is written out (τ is taken).

Modules: ``corpus`` (the real text: numpy's and scipy's docstrings), ``ngram`` (fit,
sample, score), ``chain`` (the generations), ``plots`` (sentence perplexities, sample
text), ``explorer`` (``language_explorer``, also in :mod:`collapse_lib.widgets`).

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759 (arXiv:2305.17493).
Jelinek, F. and Mercer, R. L. (1980). Interpolated estimation of Markov source parameters
from sparse data. Pattern Recognition in Practice.
"""
from .chain import LanguageChain, rarest_decile, real_text, simulate_chain
from .corpus import (END, START, Corpus, corpus_from_sentences, docstring_corpus,
                     split_corpus, take_words)
from .ngram import (MAX_SENTENCE_WORDS, NGramModel, fit_ngram, merge_counts, perplexity,
                    sample_corpus, sentence_perplexities, token_log_probabilities)
from .plots import MEASURES, measure_values, plot_sentence_perplexity, sample_text

__all__ = ["START", "END", "Corpus", "docstring_corpus", "corpus_from_sentences",
           "split_corpus", "take_words", "MAX_SENTENCE_WORDS", "NGramModel", "fit_ngram",
           "merge_counts", "sample_corpus", "token_log_probabilities", "perplexity",
           "sentence_perplexities", "LanguageChain", "real_text", "rarest_decile",
           "simulate_chain", "MEASURES", "measure_values", "plot_sentence_perplexity",
           "sample_text"]
