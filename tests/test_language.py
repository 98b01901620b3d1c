"""The language world: the real corpus, the n-gram model, its sampler, its score, the chain."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import scipy
from scipy import stats

from collapse_lib import language
from collapse_lib.language import END

from montecarlo import N_SE

# The corpus of the pinned numpy and scipy (requirements.txt). A new pin changes the
# docstrings: re-run docstring_corpus() and record its digest and size here.
PINNED = {"numpy": "2.4.6", "scipy": "1.17.1"}
DIGEST = "d5122669d28a49e0f2b04fe67a6ec943de65d34e68ddf76e666accb82124f220"
SMALL = [["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat", "ran"],
         ["the", "cat", "ran", "down", "the", "road"]]


@pytest.fixture(scope="module")
def corpus():
    return language.docstring_corpus()


def test_corpus_is_real_large_and_fixed_by_the_pins(corpus):
    assert (np.__version__, scipy.__version__) == (PINNED["numpy"], PINNED["scipy"])
    assert corpus.n_words >= 200_000 and len(corpus.vocabulary) >= 5_000
    counts = corpus.word_counts[2:]
    assert (counts == 1).sum() > 1_000          # a long tail of rare words
    assert corpus.vocabulary[2:12] and all(w.isalpha() for w in corpus.vocabulary[2:])
    assert corpus.digest() == DIGEST
    # extraction does not depend on a cache or on state: a fresh extraction is equal
    fresh = language.corpus_from_sentences(
        s for doc in language.corpus._docstrings() for s in language.corpus._prose_sentences(doc))
    assert fresh.digest() == corpus.digest()


def test_split_and_take_words(corpus):
    training, heldout = language.split_corpus(corpus)
    assert training.n_sentences + heldout.n_sentences == corpus.n_sentences
    assert heldout.sentence(0) == corpus.sentence(9) and training.sentence(9) == corpus.sentence(10)
    part = language.take_words(training, n_words=200_000)
    assert 200_000 <= part.n_words < 200_000 + 60
    assert part.sentence(5) == training.sentence(5)


def small_model(order=2):
    return language.fit_ngram(language.corpus_from_sentences(SMALL), order=order)


def test_counts_are_the_n_grams_of_the_text():
    model = small_model(order=3)
    vocabulary = model.vocabulary
    expected = Counter()
    for sentence in SMALL:
        padded = ["<s>", "<s>"] + sentence + ["</s>"]
        expected.update(tuple(padded[i:i + 3]) for i in range(len(sentence) + 1))
    got = {}
    V = model.vocabulary_size
    for code, count in zip(model.codes[2], model.counts[2]):
        got[(vocabulary[code // V ** 2], vocabulary[code // V % V], vocabulary[code % V])] = count
    assert got == dict(expected)
    assert model.n_tokens == sum(len(s) + 1 for s in SMALL)


def test_merge_counts_equals_fitting_the_texts_together():
    both = language.corpus_from_sentences(SMALL)
    first = language.fit_ngram(language.split_corpus(both, heldout_every=2)[0], order=2)
    second = language.fit_ngram(language.split_corpus(both, heldout_every=2)[1], order=2)
    merged, whole = language.merge_counts(first, second), language.fit_ngram(both, order=2)
    for k in range(2):
        np.testing.assert_array_equal(merged.codes[k], whole.codes[k])
        np.testing.assert_array_equal(merged.counts[k], whole.counts[k])


def _text(sentences, vocabulary):
    """A Corpus of id lists (each sentence gets its end marker) over ``vocabulary``."""
    tokens = np.concatenate([list(s) + [END] for s in sentences]).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum([len(s) + 1 for s in sentences])])
    return language.Corpus(tokens, starts, vocabulary)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_score_probabilities_sum_to_one_for_every_context(corpus, order):
    """Σ_w p(w | h) = 1 over the V₀ ids that can follow h, for contexts seen and unseen."""
    training = language.take_words(language.split_corpus(corpus)[0], n_words=20_000)
    model = language.fit_ngram(training, order=order)
    V = len(corpus.vocabulary)
    seen = list(training.tokens[training.starts[7]:training.starts[7] + 2])
    unseen = [V - 1, V - 2]                  # two late words: not in the first 20,000
    for context in (seen, unseen):
        # the context followed by every word, then the context alone (followed by END)
        text = _text([context + [w] for w in range(2, V)] + [context], corpus.vocabulary)
        logs = language.token_log_probabilities(model, text, real_vocabulary_size=V - 1)
        total = np.exp(logs[text.starts[:-1] + len(context)]).sum()
        assert math.isclose(total, 1.0, rel_tol=1e-9), (order, context, total)


def test_score_of_an_unseen_context_is_the_lower_order():
    """c(h) = 0: pₖ(w | h) = pₖ₋₁(w), so a bigram score equals the unigram score."""
    text = language.corpus_from_sentences(SMALL + [["zebra", "cat"]])
    training = language.split_corpus(text, heldout_every=5)[0]   # without the zebra
    bigram, unigram = (language.fit_ngram(training, order=k) for k in (2, 1))
    probe = _text([[text.vocabulary.index("zebra"), text.vocabulary.index("cat")]],
                  text.vocabulary)
    both = [language.token_log_probabilities(m, probe, real_vocabulary_size=10)
            for m in (bigram, unigram)]
    assert both[0][1] == pytest.approx(both[1][1], rel=1e-12)    # "cat" after "zebra"
    assert both[0][0] != pytest.approx(both[1][0])               # "zebra" after <s>


def test_perplexity_against_a_direct_loop():
    """The vectorised score against the interpolation formula written out word by word."""
    text = language.corpus_from_sentences(SMALL)
    model = language.fit_ngram(text, order=2)
    probe = _text([[text.vocabulary.index(w) for w in s]
                   for s in (["the", "cat", "sat", "down"], ["a", "dog"])], text.vocabulary)
    words = Counter(w for s in SMALL for w in s + ["</s>"])
    pairs = Counter(p for s in SMALL for p in zip(["<s>"] + s, s + ["</s>"]))
    contexts = Counter(h for (h, _), n in pairs.items() for _ in range(n))
    N, V0, omega, delta = sum(words.values()), 9, 0.8, 1e-3
    logs = []
    for sentence in (["the", "cat", "sat", "down"], ["a", "dog"]):
        for h, w in zip(["<s>"] + sentence, sentence + ["</s>"]):
            p = (1 - delta) * words[w] / N + delta / V0
            if contexts[h]:
                p = omega * pairs[(h, w)] / contexts[h] + (1 - omega) * p
            logs.append(math.log(p))
    assert language.perplexity(model, probe, real_vocabulary_size=V0) == pytest.approx(
        math.exp(-np.mean(logs)), rel=1e-12)


@pytest.mark.parametrize("temperature", [1.0, 0.5, 2.0])
def test_sampler_draws_continuations_with_tempered_counts(temperature):
    """P(w | h) ∝ c(h, w)^(1/temperature): each frequency within 4 SE of it."""
    model = small_model(order=2)
    text = language.sample_corpus(model, n_words=60_000, temperature=temperature, seed=3)
    ids = {w: i for i, w in enumerate(model.vocabulary)}
    after_the = text.tokens[1:][text.tokens[:-1] == ids["the"]]
    choices = {"cat": 2, "dog": 1, "road": 1}
    weights = np.array([c ** (1 / temperature) for c in choices.values()])
    expected = weights / weights.sum()
    observed = np.array([(after_the == ids[w]).mean() for w in choices])
    standard_error = np.sqrt(expected * (1 - expected) / after_the.size)
    assert np.all(np.abs(observed - expected) <= N_SE * standard_error), (observed, expected)
    # first words: P(w | <s>) from the sentence starts
    first = text.tokens[text.starts[:-1]]
    weights = np.array([3 ** (1 / temperature), 1.0])
    p_the = weights[0] / weights.sum()
    se = math.sqrt(p_the * (1 - p_the) / first.size)
    assert abs((first == ids["the"]).mean() - p_the) <= N_SE * se


def test_sampled_corpus_has_the_size_asked_and_only_known_words():
    model = small_model(order=3)
    text = language.sample_corpus(model, n_words=1_000, seed=0)
    assert 1_000 <= text.n_words < 1_000 + language.MAX_SENTENCE_WORDS
    assert np.all(text.tokens[text.starts[1:] - 1] == END)
    assert set(np.unique(text.tokens)) <= set(model.codes[0].tolist())


def test_same_seed_same_text():
    model = small_model()
    a, b = (language.sample_corpus(model, n_words=500, seed=11) for _ in range(2))
    np.testing.assert_array_equal(a.tokens, b.tokens)


@pytest.fixture(scope="module")
def chains():
    """10 generations, 3 chains each: replace, accumulate, mix, and a cold temperature."""
    settings = {"replace": {}, "accumulate": dict(strategy="accumulate"),
                "mix": dict(strategy="mix", real_fraction=0.2),
                "cold": dict(temperature=0.8)}
    return {name: language.simulate_chain(n_generations=10, n_words=100_000, n_chains=3,
                                          seed=7, **kw) for name, kw in settings.items()}


def _beyond_spread(low, high):
    """Every chain of ``high`` above every chain of ``low`` (margin beyond the seed spread)."""
    return np.min(high) > np.max(low)


def test_replace_loses_rare_words_and_perplexity_rises(chains):
    chain = chains["replace"]
    assert _beyond_spread(chain.perplexity[:, 0], chain.perplexity[:, 10])
    assert _beyond_spread(chain.rare_share[:, 10], chain.rare_share[:, 0])
    assert np.all(np.diff(chain.vocabulary_size, axis=1) <= 0)     # a lost word stays lost
    assert np.all(chain.vocabulary_size[:, 10] < 0.7 * chain.vocabulary_size[:, 0])


def test_accumulate_and_mix_lose_less(chains):
    replace = chains["replace"]
    for name in ("accumulate", "mix"):
        kept = chains[name]
        assert _beyond_spread(kept.perplexity[:, 10], replace.perplexity[:, 10]), name
        assert _beyond_spread(replace.rare_share[:, 10], kept.rare_share[:, 10]), name
    assert np.all(chains["accumulate"].rare_share == 1.0)   # the real text stays in


def test_a_cold_temperature_collapses_faster(chains):
    cold, warm = chains["cold"], chains["replace"]
    assert _beyond_spread(warm.perplexity[:, 10], cold.perplexity[:, 10])
    assert _beyond_spread(cold.vocabulary_size[:, 10], warm.vocabulary_size[:, 10])
    # a colder sampler writes text the generation-0 model finds more probable
    assert _beyond_spread(np.median(cold.sentence_perplexity[:, 1], axis=1),
                          np.median(warm.sentence_perplexity[:, 1], axis=1))


def test_generated_text_is_more_probable_than_real_text(chains):
    """Generated text scored by the generation-0 model, as in Shumailov et al. (2024,
    Fig. 1): it scores a lower perplexity than real held-out text, whose tail is far
    longer, and (an n-gram model only forgets) it stays so across the generations."""
    chain = chains["replace"]
    real, generated = chain.sentence_perplexity[:, 0], chain.sentence_perplexity[:, 1]
    assert _beyond_spread(np.median(generated, axis=1), np.median(real, axis=1))
    assert _beyond_spread(np.quantile(generated, 0.95, axis=1),
                          np.quantile(real, 0.95, axis=1))
    assert stats.mannwhitneyu(real[0], generated[0]).pvalue < 1e-6
    assert _beyond_spread(np.quantile(chain.sentence_perplexity[:, 10], 0.95, axis=1),
                          np.quantile(real, 0.95, axis=1))


@pytest.mark.parametrize("call, name", [
    (lambda: language.simulate_chain(n_generations=1, temperature=0.0), "temperature"),
    (lambda: language.simulate_chain(n_generations=1, temperature=0.001), "temperature"),
    (lambda: language.simulate_chain(n_generations=1, temperature=-1.0), "temperature"),
    (lambda: language.sample_corpus(small_model(), n_words=10, temperature=0), "temperature"),
    (lambda: language.corpus_from_sentences([]), "sentences"),
    (lambda: language.corpus_from_sentences([["a"], []]), "sentences"),
    (lambda: language.fit_ngram(language.corpus_from_sentences(SMALL), order=0), "order"),
    (lambda: language.simulate_chain(n_generations=1, order=0), "order"),
    (lambda: language.simulate_chain(n_generations=1, n_words=10), "n_words"),
    (lambda: language.simulate_chain(n_generations=1, strategy="accumulate",
                                     real_fraction=0.5), "real_fraction"),
    (lambda: language.fit_ngram("some text"), "corpus"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_a_model_of_generated_text_knows_only_real_n_grams():
    """Why the generated sentences have no tail of improbable ones under the generation-0
    model: maximum-likelihood counts can only lose n-grams, never invent one, so every
    n-gram of every later generation is an n-gram of the real text, except (rarely) a
    word followed by the end marker, where a sentence was cut at MAX_SENTENCE_WORDS."""
    training, _ = language.real_text(n_words=5_000)
    real = language.fit_ngram(training, order=2)
    model = real
    for generation in range(3):
        text = language.sample_corpus(model, n_words=5_000, temperature=1.5, seed=generation)
        model = language.fit_ngram(text, order=2)
        invented = model.codes[-1][~np.isin(model.codes[-1], real.codes[-1])]
        assert np.all(invented % real.vocabulary_size == END)
        assert invented.size <= 2
        assert model.n_distinct_ngrams < real.n_distinct_ngrams


def test_measure_values_and_the_sentence_perplexity_figure(chains):
    from collapse_lib.core.plotting import new_figure

    chain = chains["replace"]
    shares = language.measure_values(chain, measure="vocabulary_share")
    np.testing.assert_allclose(shares, chain.vocabulary_size / chain.vocabulary_size[:, :1])
    np.testing.assert_array_equal(language.measure_values(chain, measure="rare_share"),
                                  chain.rare_share)
    figure, axes = new_figure()
    language.plot_sentence_perplexity(axes[0], chain, generations=[0, 10])
    for line, n in zip(axes[0].lines, (0, 10)):
        centres, density = line.get_xdata(), line.get_ydata()
        width = np.diff(np.log10(centres))[0]                # equal bins in log10
        assert np.sum(density) * width == pytest.approx(1.0)
        assert np.sum(density * np.log10(centres)) * width == pytest.approx(
            np.mean(np.log10(chain.sentence_perplexity[:, n])), abs=width)


def test_sample_text_shows_the_training_text_of_each_generation(chains):
    chain = chains["replace"]
    text = language.sample_text(chain, generations=[0, 10], width=60, max_words=5)
    lines = text.splitlines()
    assert lines[0] == "n = 0 (real text):" and "n = 10:" in lines
    first = chain.samples[0][0].split()
    assert lines[1] == "  • " + " ".join(first[:5]) + (" …" if len(first) > 5 else "")
    assert max(len(line) for line in lines) <= 60


@pytest.mark.parametrize("call, name", [
    (lambda chain: language.measure_values(chain, measure="entropy"), "measure"),
    (lambda chain: language.sample_text(chain, generations=[11]), "generations"),
    (lambda chain: language.sample_text(chain, generations=[]), "generations"),
    (lambda chain: language.plot_sentence_perplexity(None, chain, generations=[-1]),
     "generations"),
    (lambda chain: language.sample_text("not a chain"), "chain"),
])
def test_bad_figure_input_names_the_parameter(chains, call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call(chains["replace"])


def test_a_word_seen_once_survives_a_generation_with_probability_about_1_minus_1_over_e():
    """The rarest decile of a 20,000-word text are words seen once. The next text holds
    about as many tokens, and the bigram chain's long-run word frequencies are the
    training text's, so a word seen once is drawn a Poisson(1)-like number of times: it
    survives with probability close to 1 − (1 − 1/N)^N ≈ 1 − e⁻¹ (notebook 02's loss of a
    category of probability 1/N in N draws). Approximate, not exact (the text's length is
    random and bigram draws are not independent): the tolerance is four Monte Carlo
    standard errors plus 0.02."""
    chain = language.simulate_chain(n_generations=1, n_words=20_000, n_chains=24, seed=100)
    survived = chain.rare_share[:, 1]
    standard_error = survived.std(ddof=1) / np.sqrt(survived.size)
    assert abs(survived.mean() - (1 - math.exp(-1))) < N_SE * standard_error + 0.02
