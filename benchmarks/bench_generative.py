"""Speed of one generation of the generative lab: collapse_lib against a naive twin.

    python -m benchmarks.bench_generative            # the default sizes, 10 generations
    python -m benchmarks.bench_generative --quick    # 3 generations, for a smoke test

One generation fits a K = 10 Gaussian mixture by EM to M = 1,238 points in d = 20
principal coordinates, draws M images from it, maps them to pixels and measures them
(held-out and own log-likelihood, the judge's digit shares, the spread). Ours is
:func:`collapse_lib.generative.simulate_chain` (one thread for the small fits, every
drawing judged in one call). The naive twin does the same steps the way a first
implementation does: scikit-learn's default thread pools, ``GaussianMixture.sample``,
and the judge called on one image at a time. Both are timed in this run; target: ours
<= 1 s per generation.

Then the generative explorer at its defaults (replace, t = 0.8, 10 generations): a redraw
that simulates a new setting (a new seed), one that reuses the cached run (fewer
generations), and the largest settings it simulates (20 generations with K = 20; and
accumulate over 20 generations, whose training set grows to 21 M images), once each.
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture

from collapse_lib import generative
from collapse_lib.widgets import generative_explorer
from benchmarks.timing import best_of, redraw_median


def naive_chain(n_generations: int, *, seed: int = 0) -> np.ndarray:
    """Replace at t = 1, one chain, written plainly; returns the held-out log-likelihoods."""
    real = generative.training_set()
    training, scores = real.points, []
    for generation in range(n_generations + 1):
        model = GaussianMixture(10, covariance_type="full", reg_covar=generative.REG_COVAR,
                                random_state=seed + generation).fit(training)
        drawn, _ = model.sample(real.size)
        pixels = generative.to_pixels(drawn, real=real)
        read = [generative.judge_digits(image[None, :])[0] for image in pixels]
        np.bincount(np.array(read) + 1, minlength=11)                    # the shares
        np.exp(np.linalg.slogdet(np.cov(drawn.T))[1] / (2 * drawn.shape[1]))  # the spread
        scores.append(model.score(real.test_points))
        model.score(drawn)
        training = drawn
    return np.array(scores)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generations", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="3 generations (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.generations = 3
    n = args.generations
    generative.simulate_chain(n_generations=0, seed=0)        # load the data and the judge
    ours = best_of(3, lambda: generative.simulate_chain(n_generations=n, seed=0)) / (n + 1)
    naive = best_of(1, lambda: naive_chain(n)) / (n + 1)
    print(f"Generative lab, one generation (K = 10, d = 20, M = 1,238; fit, draw, judge, "
          f"measure), {n + 1} generations")
    print(f"  ours (one thread, the judge on all drawings at once): {ours:7.3f} s"
          "   (target <= 1 s)")
    print(f"  naive twin (default threads, one image at a time):    {naive:7.3f} s")
    print(f"  ratio naive / ours:                                   {naive / ours:7.1f}")
    explorer = generative_explorer()
    repeats = 3 if args.quick else 7
    fresh = redraw_median(explorer, repeats)
    cached = redraw_median(explorer, repeats, control="n_generations",
                           values=[9, 8, 7, 6, 5, 4, 3])
    largest = {}
    for name, settings in (("K = 20, 20 generations", dict(n_components=20)),
                           ("accumulate, t = 1, 20 generations",
                            dict(strategy="accumulate", temperature=1.0))):
        explorer.controls["seed"].value = 0
        start = time.perf_counter()
        with explorer.hold_redraw():
            explorer.controls["n_generations"].value = 20
            for control, value in settings.items():
                explorer.controls[control].value = value
        largest[name] = time.perf_counter() - start
        with explorer.hold_redraw():
            explorer.controls["strategy"].value = "replace"
            explorer.controls["n_components"].value = 10
            explorer.controls["temperature"].value = 0.8
            explorer.controls["n_generations"].value = 10
    print("generative_explorer redraw, defaults:")
    print(f"  a new seed (simulates 10 generations):   {1000 * fresh:6.0f} ms median")
    print(f"  fewer generations (the cached run, cut): {1000 * cached:6.0f} ms median"
          "   (target <= 100 ms)")
    for name, seconds in largest.items():
        print(f"  {name + ', once:':40} {1000 * seconds:6.0f} ms")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "redraw_fresh": fresh,
            "redraw_cached": cached, **{f"largest {name}": s for name, s in largest.items()}}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
