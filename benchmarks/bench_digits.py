"""Speed of the digits chain (kernel ridge on real digits): collapse_lib against a naive twin.

    python -m benchmarks.bench_digits            # T0 = 200, 10 generations, 5 chains
    python -m benchmarks.bench_digits --quick    # 3 generations, 2 chains

The naive twin is written the way a first implementation does it: scikit-learn's
``KernelRidge`` refitted, chain by chain and generation by generation, on every row
stacked so far (accumulate: (n + 1) T0 rows, repeats included), computing the RBF kernel
from the images each time. Ours indexes one precomputed kernel and, under accumulate,
solves for the distinct images drawn with their counts (at most 1,300 unknowns).
Both are timed in this run. Target: one generation <= 0.5 s.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
from sklearn.kernel_ridge import KernelRidge

from collapse_lib import digits
from benchmarks.timing import best_of


def naive_accumulate(T0: int, n_generations: int, *, ridge: float, sigma0: float,
                     n_chains: int = 1, seed: int = 0) -> np.ndarray:
    """Test error (n_chains, n + 1) of the accumulate chain, refitting on all rows."""
    data = digits.digits_data()
    rng = np.random.default_rng(seed)
    errors = np.empty((n_chains, n_generations + 1))
    for chain in range(n_chains):
        images, labels, model = [], [], None
        for generation in range(n_generations + 1):
            draw = rng.choice(data.pool, size=T0, replace=False)
            if model is None:
                new = data.targets[draw]
            else:
                new = model.predict(data.images[draw]) + sigma0 * rng.standard_normal((T0, 10))
            images.append(data.images[draw])
            labels.append(new)
            stacked = np.concatenate(images)
            model = KernelRidge(alpha=ridge * len(stacked), kernel="rbf", gamma=data.gamma)
            model.fit(stacked, np.concatenate(labels))
            residual = model.predict(data.images[data.test]) - data.targets[data.test]
            errors[chain, generation] = (residual ** 2).sum(axis=1).mean()
    return errors


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--T0", type=int, default=200)
    parser.add_argument("--generations", type=int, default=10)
    parser.add_argument("--chains", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.generations, args.chains = 3, 2
    setting = dict(ridge=1e-3, sigma0=0.3)
    digits.digits_data()                                      # load once, outside the timing
    cells = args.chains * (args.generations + 1)
    timings = {}
    for strategy in ("replace", "accumulate"):
        timings[strategy] = best_of(2, lambda: digits.simulate_chain(
            n_generations=args.generations, T0=args.T0, strategy=strategy,
            n_chains=args.chains, seed=0, **setting))
    naive = best_of(1, lambda: naive_accumulate(args.T0, args.generations,
                                                n_chains=args.chains, **setting))
    print(f"Digits chain, T0 = {args.T0}, {args.generations} generations, {args.chains} chains")
    for strategy, seconds in timings.items():
        print(f"  ours, {strategy:10}  {seconds:7.3f} s   ({1000 * seconds / cells:.0f} ms per "
              f"chain and generation; target <= 500 ms)")
    print(f"  naive twin, accumulate (KernelRidge on all rows): {naive:7.3f} s")
    print(f"  ratio naive / ours (accumulate): {naive / timings['accumulate']:7.1f}")
    return {**timings, "naive": naive, "ratio": naive / timings["accumulate"]}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
