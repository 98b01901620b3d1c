"""Speed of the Gaussian chain: collapse_lib against a naive twin, measured in one run.

    python -m benchmarks.bench_gaussian            # 1,000 chains x 1,000 generations x M = 100
    python -m benchmarks.bench_gaussian --quick    # small sizes, for a smoke test

The naive twin is written the way published reference code does it: for every chain and
every generation it draws the M points one by one in a Python loop and refits them with
Python sums. Its cost is exactly linear in the number of chains (an outer loop over
chains), so it is timed on ``--naive-chains`` chains and scaled to the full count; the
output says so. Targets: ratio >= 100, ours <= 0.5 s, explorer redraw <= 100 ms
median at its default sizes.
"""
from __future__ import annotations

import argparse
import math
import random
import sys

import numpy as np

from collapse_lib import gaussian
from benchmarks.timing import best_of, redraw_median
from collapse_lib.widgets import gaussian_explorer


def naive_chain(n_generations: int, n_samples: int, *, estimator: str = "unbiased",
                n_chains: int = 1, seed: int = 0) -> np.ndarray:
    """sigma_n^2 of the replace chain, point by point: shape (n_chains, n_generations + 1)."""
    rng = random.Random(seed)
    divisor = n_samples if estimator == "mle" else n_samples - 1
    sigma2 = np.empty((n_chains, n_generations + 1))
    for chain in range(n_chains):
        mu, var = 0.0, 1.0
        sigma2[chain, 0] = var
        for generation in range(1, n_generations + 1):
            sd = math.sqrt(var)
            points = [rng.gauss(mu, sd) for _ in range(n_samples)]
            mu = sum(points) / n_samples
            var = sum((x - mu) ** 2 for x in points) / divisor
            sigma2[chain, generation] = var
    return sigma2


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", type=int, default=1000)
    parser.add_argument("--generations", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--naive-chains", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.chains, args.generations, args.samples, args.naive_chains = 50, 50, 20, 5

    size = f"{args.chains} chains x {args.generations} generations x M = {args.samples}"
    ours = best_of(3, lambda: gaussian.simulate_chain(
        n_generations=args.generations, n_samples=args.samples, n_chains=args.chains, seed=0))
    naive_part = best_of(1, lambda: naive_chain(
        args.generations, args.samples, n_chains=args.naive_chains, seed=0))
    naive = naive_part * args.chains / args.naive_chains
    redraw = redraw_median(gaussian_explorer(), 5 if args.quick else 15)
    print(f"Gaussian chain, {size}")
    print(f"  ours (method='exact'):  {ours:8.3f} s   (target <= 0.5 s)")
    print(f"  naive twin:             {naive:8.3f} s   (timed on {args.naive_chains} chains, "
          f"scaled x{args.chains / args.naive_chains:g})")
    print(f"  ratio naive / ours:     {naive / ours:8.0f}     (target >= 100)")
    print(f"gaussian_explorer redraw: {1000 * redraw:8.1f} ms median (target <= 100 ms)")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "redraw": redraw}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
