"""A real English corpus that needs no download: the docstrings of the pinned numpy and scipy.

:func:`docstring_corpus` reads the docstrings of a fixed list of public numpy and scipy
modules, in a fixed order, keeps their prose (no code examples, section rules or parameter
lines), splits it into sentences and lower-case words, and numbers the words. For the
versions pinned in ``requirements.txt`` it always returns the same corpus: about 45,000
sentences and 590,000 words over a vocabulary of about 9,300 words, a quarter of them seen
once. :func:`split_corpus` puts every tenth sentence aside as held-out text.

Sentences are stored flat: ``tokens`` holds every sentence's word ids followed by the
end-of-sentence id :data:`END`, and ``starts`` the offset of each sentence (one more
entry than sentences). Id 0 is the start-of-sentence marker :data:`START` (never a
token), id 1 the end marker, words are 2..V-1 in order of first appearance.
"""
from __future__ import annotations

import hashlib
import importlib
import re
import types
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.arrays import readonly
from ..core.checks import check_int, fail

__all__ = ["START", "END", "Corpus", "docstring_corpus",
           "corpus_from_sentences", "split_corpus", "take_words"]

START, END = 0, 1
MODULES = ("numpy", "numpy.linalg", "numpy.fft", "numpy.random", "numpy.ma",
           "numpy.polynomial", "scipy.stats", "scipy.linalg", "scipy.optimize",
           "scipy.special", "scipy.integrate", "scipy.interpolate", "scipy.signal",
           "scipy.sparse", "scipy.sparse.linalg", "scipy.sparse.csgraph", "scipy.spatial",
           "scipy.ndimage", "scipy.cluster", "scipy.fft", "scipy.io")
# A line that is not prose: a section rule, a directive, a doctest, a parameter line.
_NOT_PROSE = re.compile(r"^\s*(-{3,}|={3,}|\.\. |>>>|\.\.\.|[\w, *]+ : )")
# A notice a scipy decorator writes from a set of argument names: its word order changes
# with Python's string hashing, so it would make the corpus differ from run to run.
_GENERATED = re.compile(r"by position is deprecated")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z]+")
MIN_WORDS, MAX_WORDS = 3, 60


@dataclass(frozen=True)
class Corpus:
    """Sentences as word ids, stored flat.

    Attributes
    ----------
    tokens : ndarray of int64, shape (number of words + number of sentences,)
        Each sentence's word ids, then :data:`END`.
    starts : ndarray of int64, shape (n_sentences + 1,)
        Sentence i is ``tokens[starts[i]:starts[i + 1]]``.
    vocabulary : tuple of str
        ``vocabulary[i]`` is the word with id i (ids 0 and 1 are "<s>" and "</s>").
    """

    tokens: np.ndarray
    starts: np.ndarray
    vocabulary: tuple

    @property
    def n_sentences(self) -> int:
        return self.starts.size - 1

    @property
    def n_words(self) -> int:
        """Words, not counting the end markers."""
        return self.tokens.size - self.n_sentences

    @property
    def word_counts(self) -> np.ndarray:
        """How often each id occurs, shape (V,) (entry 0 is 0; entry 1 counts sentences)."""
        return np.bincount(self.tokens, minlength=len(self.vocabulary))

    def sentence(self, index: int) -> str:
        """Sentence ``index`` as text."""
        ids = self.tokens[self.starts[index]:self.starts[index + 1] - 1]
        return " ".join(self.vocabulary[i] for i in ids)

    def digest(self) -> str:
        """SHA-256 of the words and sentence boundaries: equal digests, equal corpora."""
        text = "\n".join(self.sentence(i) for i in range(self.n_sentences))
        return hashlib.sha256(text.encode()).hexdigest()


def check_corpus(name: str, value) -> Corpus:
    """``value`` if it is a :class:`Corpus`, else a ``TypeError`` naming ``name``."""
    if not isinstance(value, Corpus):
        fail(name, value, "a Corpus (from docstring_corpus, corpus_from_sentences or "
             "sample_corpus)", TypeError)
    return value


def _docstrings() -> list[str]:
    """Public docstrings of :data:`MODULES`, each text once, in module then name order.

    Names come from each module's ``__all__``, submodules are skipped and an object
    exported twice counts once, so the result does not depend on what else the process
    has imported.
    """
    # Import every module before reading: importing some (scipy.signal) edits docstrings
    # of objects others export (numpy.sinc), so reading must wait until all are loaded.
    modules = [importlib.import_module(name) for name in MODULES]
    seen_objects, seen_texts, docs = set(), set(), []
    for module in modules:
        for name in sorted(getattr(module, "__all__", None) or dir(module)):
            item = getattr(module, name, None)
            if name.startswith("_") or isinstance(item, types.ModuleType):
                continue
            doc = getattr(item, "__doc__", None)
            if isinstance(doc, str) and id(item) not in seen_objects and doc not in seen_texts:
                seen_objects.add(id(item))
                seen_texts.add(doc)
                docs.append(doc)
    return docs


def _prose_sentences(doc: str) -> list[list[str]]:
    """Sentences of a docstring's prose as lists of lower-case words (3 to 60 words).

    Section rules, directives, parameter lines and doctests (with their output, which
    may be random) are not prose; nor is a generated deprecation notice.
    """
    lines, in_example = [], False
    for line in doc.splitlines():
        # a doctest runs from its ">>>" line to the next blank line (its output included)
        in_example = (in_example and line.strip() != "") or line.lstrip().startswith(">>>")
        lines.append("\n" if in_example or _NOT_PROSE.match(line) else line.strip())
    sentences = []
    for paragraph in " ".join(lines).split("\n"):
        for sentence in _SENTENCE_END.split(paragraph):
            words = _WORD.findall(sentence.lower())
            if MIN_WORDS <= len(words) <= MAX_WORDS and not _GENERATED.search(sentence):
                sentences.append(words)
    return sentences


def corpus_from_sentences(sentences) -> Corpus:
    """Number the words of ``sentences`` (lists of words) in order of first appearance.

    Parameters
    ----------
    sentences : iterable of sequences of str
        At least one sentence; every sentence at least one word.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> corpus = corpus_from_sentences([["a", "cat"], ["a", "dog"]])
    >>> corpus.tokens.tolist(), corpus.vocabulary[2:]
    ([2, 3, 1, 2, 4, 1], ('a', 'cat', 'dog'))
    """
    allowed = "a list of sentences, each a non-empty list of words (str)"
    try:
        if isinstance(sentences, (str, bytes)):
            raise TypeError
        sentences = list(sentences)
    except TypeError:
        fail("sentences", sentences, allowed, TypeError)
    ids: dict[str, int] = {"<s>": START, "</s>": END}
    tokens, starts = [], [0]
    for sentence in sentences:
        if (isinstance(sentence, (str, bytes)) or not isinstance(sentence, (list, tuple))
                or len(sentence) == 0 or not all(isinstance(w, str) for w in sentence)):
            fail("sentences", sentence, allowed + " (this sentence is not)")
        tokens.extend(ids.setdefault(word, len(ids)) for word in sentence)
        tokens.append(END)
        starts.append(len(tokens))
    if len(starts) == 1:
        fail("sentences", sentences, allowed + ": at least one sentence")
    return Corpus(readonly(np.array(tokens, dtype=np.int64)),
                  readonly(np.array(starts, dtype=np.int64)), tuple(ids))


@lru_cache(maxsize=1)
def docstring_corpus() -> Corpus:
    """The course's real English corpus: prose sentences of numpy's and scipy's docstrings.

    Deterministic for given numpy and scipy versions (the pinned ones give the corpus that
    ``tests/test_language.py`` fingerprints). Cached: the first call takes about 2 s
    (importing the scipy modules), later calls return the same object.

    Returns
    -------
    Corpus
        About 45,000 sentences and 590,000 words.
    """
    return corpus_from_sentences(sentence for doc in _docstrings()
                                 for sentence in _prose_sentences(doc))


def _subset(corpus: Corpus, indices: np.ndarray) -> Corpus:
    """The sentences ``indices`` of ``corpus``, same vocabulary (ids unchanged)."""
    lengths = np.diff(corpus.starts)[indices]
    starts = np.concatenate([[0], np.cumsum(lengths)])
    positions = np.repeat(corpus.starts[indices] - starts[:-1], lengths) + np.arange(starts[-1])
    return Corpus(readonly(corpus.tokens[positions]), readonly(starts), corpus.vocabulary)


def split_corpus(corpus: Corpus, *, heldout_every: int = 10) -> tuple[Corpus, Corpus]:
    """(training, held-out): every ``heldout_every``-th sentence is held out.

    Parameters
    ----------
    corpus : Corpus
    heldout_every : int >= 2

    Returns
    -------
    (Corpus, Corpus)
        Both keep the full vocabulary (ids unchanged).

    Examples
    --------
    >>> corpus = corpus_from_sentences([["a"], ["b"], ["c"], ["d"]])
    >>> training, heldout = split_corpus(corpus, heldout_every=2)
    >>> training.n_sentences, heldout.sentence(1)
    (2, 'd')
    """
    corpus = check_corpus("corpus", corpus)
    heldout_every = check_int("heldout_every", heldout_every, minimum=2)
    index = np.arange(corpus.n_sentences)
    heldout = index % heldout_every == heldout_every - 1
    if not heldout.any():
        raise ValueError(f"heldout_every must be at most the number of sentences "
                         f"({corpus.n_sentences}); got {heldout_every}")
    return _subset(corpus, index[~heldout]), _subset(corpus, index[heldout])


def take_words(corpus: Corpus, *, n_words) -> Corpus:
    """The first sentences of ``corpus`` holding at least ``n_words`` words in all.

    Parameters
    ----------
    corpus : Corpus
    n_words : int >= 1, at most ``corpus.n_words``

    Returns
    -------
    Corpus

    Examples
    --------
    >>> corpus = corpus_from_sentences([["a", "b"], ["c"], ["d", "e"]])
    >>> take_words(corpus, n_words=3).n_sentences
    2
    """
    corpus = check_corpus("corpus", corpus)
    n_words = check_int("n_words", n_words, minimum=1, maximum=corpus.n_words)
    words_so_far = np.cumsum(np.diff(corpus.starts) - 1)
    n_sentences = int(np.searchsorted(words_so_far, n_words)) + 1
    return _subset(corpus, np.arange(n_sentences))
