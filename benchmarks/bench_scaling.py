"""Speed of the scaling-law theory (notebook 05): one vectorised call against a loop.

    python -m benchmarks.bench_scaling            # 50 T x 40 lambda, d = 10,000
    python -m benchmarks.bench_scaling --quick    # small sizes, for a smoke test

Ours: :func:`collapse_lib.regression.scaling_grid`, every (T, lambda) pair at once (kappa
by a vectorised Newton solve, in blocks). The naive twin loops over T and lambda and
solves kappa for one pair at a time by fixed-point iteration, the way the equation is
usually written (kappa <- lambda + kappa df_1(kappa)/T), then evaluates the same
formula. Targets: the grid in <= 1 s; the scaling explorer redraws in <= 150 ms median.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from benchmarks.timing import best_of, redraw_median
from collapse_lib import regression
from collapse_lib.widgets import scaling_explorer


def naive_grid(spectrum, n, *, sizes, ridges, T0, w0, sigma=0.0, sigma0=1.0,
               iterations=2000) -> np.ndarray:
    """Total error at every (T, lambda), one pair at a time, shape (len(sizes), len(ridges))."""
    d = spectrum.size
    errors = np.empty((len(sizes), len(ridges)))
    for row, T in enumerate(sizes):
        for column, ridge in enumerate(ridges):
            kappa = ridge + spectrum.sum() / T
            for _ in range(iterations):
                new = ridge + kappa * np.sum(spectrum / (spectrum + kappa)) / T
                if abs(new - kappa) <= 1e-13 * new:
                    break
                kappa = new
            ratio = spectrum / (spectrum + kappa)
            u = np.sum(ratio ** 2) / T
            shrink = (kappa / (spectrum + kappa)) ** 2
            bias = np.sum(spectrum * w0 ** 2 * shrink) / (1 - u)
            collapse = n * sigma0 ** 2 / (T0 - d - 1) * (np.sum(ratio ** 2)
                                                         + np.sum(shrink) * u / (1 - u))
            errors[row, column] = bias + sigma ** 2 * u / (1 - u) + collapse
    return errors


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("-d", type=int, default=10_000)
    args = parser.parse_args(argv)
    d, n_sizes, n_ridges = (500, 8, 6) if args.quick else (args.d, 50, 40)
    spectrum = regression.power_law_spectrum(d=d, beta=2.0)
    w0 = regression.power_law_source(d=d, beta=2.0, r=0.5)
    sizes = np.unique(np.geomspace(10, d / 10, n_sizes).round().astype(int))
    ridges = np.logspace(-8, 0, n_ridges)
    setting = dict(sizes=sizes, ridges=ridges, T0=2 * d, w0=w0, sigma=0.0, sigma0=1.0)
    ours = best_of(3, lambda: regression.scaling_grid(spectrum, 10, **setting))
    naive = best_of(1, lambda: naive_grid(spectrum, 10, **setting))
    agreement = np.max(np.abs(naive_grid(spectrum, 10, **setting)
                              / regression.scaling_grid(spectrum, 10, **setting).error.total - 1))
    print(f"Scaling-law theory, {sizes.size} T x {ridges.size} lambdas, d = {d}: ours "
          f"{ours:.3f} s   naive {naive:.2f} s   ratio naive / ours {naive / ours:.1f}   "
          f"(target: ours <= 1 s; largest relative difference {agreement:.1e})")
    redraw = redraw_median(scaling_explorer(), 5 if args.quick else 15, control="ell",
                           values=[0.5, 1.0, 1.5, 2.0, 2.5, 0.8])
    print(f"scaling_explorer redraw: {1000 * redraw:.1f} ms median (target <= 150 ms)")
    return {"ours": ours, "naive": naive, "ratio": naive / ours, "redraw": redraw}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
