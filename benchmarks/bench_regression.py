"""Speed of the regression chain: collapse_lib against naive twins, measured in one run.

    python -m benchmarks.bench_regression            # d = 200, T0 = T = 400, n = 10, 200 chains
    python -m benchmarks.bench_regression --quick    # small sizes, for a smoke test

The naive twins are written the way published reference code does it: ``np.linalg.lstsq``
on freshly drawn data, per chain and per generation, in Python loops; and, for the
accumulate strategy, a fresh pseudo-inverse of the whole stacked data every generation.
Their cost is linear in the number of chains (an outer loop), so they are timed on
``--naive-chains`` chains and scaled; the output says so. Targets: ratio >= 5,
ours <= 2 s; the ridge theory for 100 lambdas x 20 n at d = 10,000 in <= 0.2 s.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from benchmarks.timing import best_of, redraw_median
from collapse_lib import regression, scaling, theory
from collapse_lib.widgets import bias_variance_explorer, regression_explorer


def naive_chain(d: int, T0: int, T: int, n_generations: int, *, ridge: float = 0.0,
                sigma0: float = 1.0, sigma: float = 1.0, strategy: str = "replace",
                n_chains: int = 1, seed: int = 0) -> np.ndarray:
    """Downstream test error per chain and generation, shape (n_chains, n_generations + 1)."""
    rng = np.random.default_rng(seed)
    w0 = np.full(d, 1 / np.sqrt(d))
    errors = np.empty((n_chains, n_generations + 1))
    for chain in range(n_chains):
        X_down = rng.standard_normal((T, d))
        noise_down = sigma * rng.standard_normal(T)
        w, stacked_X, stacked_y = w0, np.empty((0, d)), np.empty(0)
        for generation in range(n_generations + 1):
            y_down = X_down @ w + noise_down
            w_pred = np.linalg.solve(X_down.T @ X_down / T + ridge * np.eye(d),
                                     X_down.T @ y_down / T)
            errors[chain, generation] = np.sum((w_pred - w0) ** 2)
            X = rng.standard_normal((T0, d))
            y = X @ w + sigma0 * rng.standard_normal(T0)
            if strategy == "accumulate":
                stacked_X, stacked_y = np.vstack([stacked_X, X]), np.concatenate([stacked_y, y])
                w = np.linalg.pinv(stacked_X) @ stacked_y
            else:
                w = np.linalg.lstsq(X, y, rcond=None)[0]
    return errors


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--d", type=int, default=200)
    parser.add_argument("--T", type=int, default=400)
    parser.add_argument("--generations", type=int, default=10)
    parser.add_argument("--chains", type=int, default=200)
    parser.add_argument("--naive-chains", type=int, default=10)
    parser.add_argument("--theory-d", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.d, args.T, args.generations, args.chains = 10, 30, 3, 20
        args.naive_chains, args.theory_d = 4, 500

    size = dict(d=args.d, T0=args.T, T=args.T, n_generations=args.generations)
    scale = args.chains / args.naive_chains
    results = {}
    print(f"Regression chain, d = {args.d}, T0 = T = {args.T}, n = {args.generations}, "
          f"{args.chains} chains")
    for strategy in ("replace", "accumulate"):
        ours = best_of(2, lambda: regression.simulate_chain(
            **size, strategy=strategy, n_chains=args.chains, seed=0))
        naive = best_of(1, lambda: naive_chain(
            args.d, args.T, args.T, args.generations, strategy=strategy,
            n_chains=args.naive_chains)) * scale
        results[f"{strategy}_ours"], results[f"{strategy}_ratio"] = ours, naive / ours
        print(f"  {strategy:10s} ours {ours:7.2f} s   naive {naive:8.1f} s (timed on "
              f"{args.naive_chains} chains, scaled x{scale:g})   ratio naive / ours "
              f"{naive / ours:6.1f}   (targets: ratio >= 5, ours <= 2 s)")
    spectrum = scaling.power_law_spectrum(d=args.theory_d, beta=1.5)
    source = scaling.power_law_source(d=args.theory_d, beta=1.5, r=0.5)
    ridges, generations = np.logspace(-4, 1, 100), np.arange(20)
    results["theory"] = best_of(3, lambda: theory.ridge_test_error(
        spectrum, generations[None, :], T=2 * args.theory_d, T0=4 * args.theory_d,
        ridge=ridges[:, None], w0=source))
    print(f"ridge theory, 100 lambdas x 20 n at d = {args.theory_d}: "
          f"{results['theory']:.3f} s (target <= 0.2 s)")
    for name, build in (("regression_explorer", regression_explorer),
                        ("bias_variance_explorer", bias_variance_explorer)):
        results[name] = redraw_median(build(), 5 if args.quick else 15)
        print(f"{name} redraw: {1000 * results[name]:.1f} ms median (target <= 100 ms)")
    results["ratio"] = results["replace_ratio"]
    results["redraw"] = results["regression_explorer"]
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
