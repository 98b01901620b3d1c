"""Speed of the categorical (Wright-Fisher) chain: collapse_lib against a naive twin.

    python -m benchmarks.bench_markov            # K = 1,000, M = 10,000, 200 generations, 100 chains
    python -m benchmarks.bench_markov --quick    # small sizes, for a smoke test

The naive twin is written the way published reference code does it: one
``np.random.choice`` call per draw, in Python loops over chains, generations and draws.
Its cost is linear in chains x generations (nested loops), so it is timed on
``--naive-generations`` generations of one chain and scaled; the output says so.
Targets: ratio >= 50; the exact absorption time for M = 1,000 in <= 1 s; the
tail explorer's median redraw at its default sizes.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from collapse_lib import markov
from collapse_lib.markov import theory as markov_theory
from benchmarks.timing import best_of, redraw_median
from collapse_lib.widgets import tail_explorer


def naive_chain(p0, n_samples: int, n_generations: int, *, n_chains: int = 1,
                seed: int = 0) -> np.ndarray:
    """The replace chain, one np.random.choice per draw: shape (n_chains, n + 1, K)."""
    random_state = np.random.RandomState(seed)
    p0 = np.asarray(p0, dtype=float)
    p = np.empty((n_chains, n_generations + 1, p0.size))
    for chain in range(n_chains):
        p[chain, 0] = p0
        for generation in range(1, n_generations + 1):
            draws = [random_state.choice(p0.size, p=p[chain, generation - 1])
                     for _ in range(n_samples)]
            p[chain, generation] = np.bincount(draws, minlength=p0.size) / n_samples
    return p


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--K", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--generations", type=int, default=200)
    parser.add_argument("--chains", type=int, default=100)
    parser.add_argument("--naive-generations", type=int, default=2)
    parser.add_argument("--absorption-m", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.K, args.samples, args.generations, args.chains = 50, 200, 10, 10
        args.naive_generations, args.absorption_m = 1, 100

    p0 = markov.zipf(K=args.K, exponent=1.0)
    ours = best_of(2, lambda: markov.simulate_chain(
        p0, n_samples=args.samples, n_generations=args.generations, n_chains=args.chains,
        seed=0))
    naive_part = best_of(1, lambda: naive_chain(p0, args.samples, args.naive_generations))
    scale = args.chains * args.generations / args.naive_generations
    naive = naive_part * scale
    markov_theory._absorption_times.cache_clear()
    markov_theory._transition_matrix.cache_clear()
    absorption = best_of(1, lambda: markov.expected_absorption_time(
        0.5, n_samples=args.absorption_m))
    redraw = redraw_median(tail_explorer(), 5 if args.quick else 15)

    print(f"Categorical chain, K = {args.K}, M = {args.samples}, {args.generations} generations, "
          f"{args.chains} chains")
    print(f"  ours (rng.multinomial):   {ours:9.3f} s")
    print(f"  naive twin:               {naive:9.1f} s   (timed on {args.naive_generations} "
          f"generation(s) of 1 chain, scaled x{scale:g})")
    print(f"  ratio naive / ours:       {naive / ours:9.0f}     (target >= 50)")
    print(f"exact absorption time, M = {args.absorption_m}: {absorption:.3f} s (target <= 1 s)")
    print(f"tail_explorer redraw:       {1000 * redraw:7.1f} ms median (target <= 100 ms)")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "absorption": absorption,
            "redraw": redraw}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
