"""Speed of one language-model generation: collapse_lib against a naive twin.

    python -m benchmarks.bench_language            # 200,000 words, bigrams
    python -m benchmarks.bench_language --quick    # 20,000 words, for a smoke test

One generation samples a corpus of N words from the n-gram model and refits the model to
it. The naive twin does it the way a first implementation does: dict counts built in a
Python loop over words, and each next word drawn with ``random.choices`` from its
context's dict. Both are timed in this run. Target: ours <= 1 s for N = 200,000.

Then the language explorer at its defaults (N = 10,000 words, 10 generations, 3 chains):
a redraw that simulates a new setting (a new seed), and one that reuses the cached run
(fewer generations); target <= 100 ms for the cached redraw. Its largest settings
(N = 20,000, trigram, accumulate, 12 generations) are timed once.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict

from collapse_lib import language
from collapse_lib.widgets import language_explorer
from benchmarks.timing import best_of, redraw_median


def naive_fit(sentences: list[list[str]]) -> dict:
    """Bigram counts: {previous word: Counter(next word)}, with <s> and </s> markers."""
    counts: dict = defaultdict(Counter)
    for sentence in sentences:
        for previous, word in zip(["<s>"] + sentence, sentence + ["</s>"]):
            counts[previous][word] += 1
    return counts


def naive_sample(counts: dict, n_words: int, *, seed: int = 0) -> list[list[str]]:
    """Sentences drawn word by word with random.choices until they hold n_words words."""
    rng = random.Random(seed)
    table = {h: (list(c), list(c.values())) for h, c in counts.items()}
    sentences, total = [], 0
    while total < n_words:
        sentence, previous = [], "<s>"
        while len(sentence) < language.MAX_SENTENCE_WORDS:
            words, weights = table[previous]
            previous = rng.choices(words, weights)[0]
            if previous == "</s>":
                break
            sentence.append(previous)
        sentences.append(sentence)
        total += len(sentence)
    return sentences


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.words = 20_000
    training, _ = language.real_text(n_words=args.words)
    model = language.fit_ngram(training, order=2)

    def ours_generation():
        text = language.sample_corpus(model, n_words=args.words, seed=0)
        return language.fit_ngram(text, order=2)

    sentences = [training.sentence(i).split() for i in range(training.n_sentences)]
    counts = naive_fit(sentences)
    ours = best_of(3, ours_generation)
    naive = best_of(1, lambda: naive_fit(naive_sample(counts, args.words)))
    print(f"Language model, one generation (sample {args.words:,} words and refit, bigrams)")
    print(f"  ours (vectorised sampler, np.unique counts): {ours:7.3f} s   (target <= 1 s)")
    print(f"  naive twin (dict counts, random.choices):    {naive:7.3f} s")
    print(f"  ratio naive / ours:                          {naive / ours:7.0f}")
    explorer = language_explorer()
    repeats = 3 if args.quick else 7
    fresh = redraw_median(explorer, repeats)
    cached = redraw_median(explorer, repeats, control="n_generations",
                           values=[9, 8, 7, 6, 5, 4, 3])
    explorer.controls["seed"].value = 0
    with explorer.hold_redraw():
        for name, value in (("n_words", 20_000), ("order", 3), ("strategy", "accumulate"),
                            ("n_generations", 12)):
            explorer.controls[name].value = value
    largest = explorer.last_draw_seconds
    print("language_explorer redraw, defaults:")
    print(f"  a new seed (simulates 3 chains x 10 generations): {1000 * fresh:6.0f} ms median")
    print(f"  fewer generations (the cached run, cut):         {1000 * cached:6.0f} ms median"
          "   (target <= 100 ms)")
    print(f"  largest settings, once:                          {1000 * largest:6.0f} ms")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "redraw_fresh": fresh,
            "redraw_cached": cached, "redraw_largest": largest}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
