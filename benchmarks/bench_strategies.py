"""Cost of each strategy per generation, side by side in every world (notebook 06).

    python -m benchmarks.bench_strategies            # 1,000 chains, 50 generations
    python -m benchmarks.bench_strategies --quick    # small sizes, for a smoke test

Every world runs "replace", "accumulate", "accumulate-subsample" and "mix" (20 % real)
at the same budget (M = 20 points, or T0 = 20 rows with d = 10), and the table gives the
seconds per generation and the ratio to replace. The Gaussian replace chain has two
lines: its exact sufficient-statistics path (vectorised over generations too) and the
same chain drawn point by point, the fair comparison for the other strategies, which
draw points. The naive twin of accumulate-subsample picks each chain's subset with
``Generator.choice(..., replace=False)`` in a loop over chains and generations.
Targets: subsample and mix within a small factor of replace at the same budget; the
mitigation explorer redraws in <= 500 ms median.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from benchmarks.timing import best_of, redraw_median
from collapse_lib import gaussian, markov, regression
from collapse_lib.core.strategies import STRATEGIES
from collapse_lib.widgets import mitigation_explorer


def naive_subsample_chain(*, n_generations, n_samples, n_chains, seed=0) -> np.ndarray:
    """The Gaussian accumulate-subsample chain, chain by chain: sigma2 (n_chains, n + 1)."""
    rng = np.random.default_rng(seed)
    variances = np.ones((n_chains, n_generations + 1))
    for chain in range(n_chains):
        pool, mean, var = [], 0.0, 1.0
        for g in range(1, n_generations + 1):
            pool.extend(mean + np.sqrt(var) * rng.standard_normal(n_samples))
            chosen = rng.choice(np.asarray(pool), n_samples, replace=False)
            mean, var = chosen.mean(), chosen.var(ddof=1)
            variances[chain, g] = var
    return variances


def _runs(n_generations, n_chains, budget):
    p0 = markov.zipf(K=50, exponent=1.2)
    runs = {}
    for strategy in STRATEGIES:
        share = 0.2 if strategy == "mix" else 0.0
        common = dict(n_generations=n_generations, n_chains=n_chains, strategy=strategy,
                      real_fraction=share, seed=0)
        runs[("Gaussian", strategy)] = lambda c=common: gaussian.simulate_chain(
            n_samples=budget, method="samples", **c)
        runs[("discrete", strategy)] = lambda c=common: markov.simulate_chain(
            p0, n_samples=budget, **c)
        runs[("regression", strategy)] = lambda c=common: regression.simulate_chain(
            d=10, T0=budget, T=budget, **c)
    return runs


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    args = parser.parse_args(argv)
    n_generations, n_chains, budget = (10, 50, 20) if args.quick else (50, 1000, 20)
    print(f"Seconds per generation, {n_chains} chains, budget {budget} "
          f"(ratio to replace in brackets):")
    seconds = {key: best_of(2, run) / n_generations
               for key, run in _runs(n_generations, n_chains, budget).items()}
    for world in ("Gaussian", "discrete", "regression"):
        base = seconds[(world, "replace")]
        cells = "   ".join(f"{strategy} {1000 * seconds[(world, strategy)]:.2f} ms "
                           f"({seconds[(world, strategy)] / base:.1f})"
                           for strategy in STRATEGIES)
        print(f"  {world:10} {cells}")
    exact = best_of(2, lambda: gaussian.simulate_chain(
        n_generations=n_generations, n_samples=budget, n_chains=n_chains, seed=0))
    print(f"  Gaussian replace from sufficient statistics: {1000 * exact / n_generations:.3f} "
          f"ms per generation")
    naive_chains = max(n_chains // 10, 5)
    naive = best_of(1, lambda: naive_subsample_chain(
        n_generations=n_generations, n_samples=budget, n_chains=naive_chains)) \
        * n_chains / naive_chains
    ours = seconds[("Gaussian", "accumulate-subsample")] * n_generations
    print(f"Gaussian accumulate-subsample, {n_chains} chains: ours {ours:.3f} s   naive "
          f"{naive:.2f} s (extrapolated from {naive_chains} chains)   ratio naive / ours "
          f"{naive / ours:.1f}")
    worst = max(seconds[(world, strategy)] / seconds[(world, "replace")]
                for world in ("Gaussian", "discrete", "regression")
                for strategy in ("accumulate-subsample", "mix"))
    print(f"subsample and mix cost at most {worst:.1f} x replace per generation")
    redraw = redraw_median(mitigation_explorer(n_generations=50 if args.quick else 100),
                           3 if args.quick else 9)
    print(f"mitigation_explorer redraw: {1000 * redraw:.0f} ms median (target <= 500 ms)")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "worst": worst,
            "redraw": redraw}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
