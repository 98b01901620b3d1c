"""The benchmark runs, and its naive twin simulates the same chain (so the ratio is fair).

No timing is asserted here: speed targets live in the benchmark's printed output.
"""
import numpy as np
from scipy.stats import ks_2samp

from benchmarks import bench_gaussian
from collapse_lib import gaussian


def test_naive_twin_agrees_with_collapse_lib_in_distribution():
    for estimator in gaussian.ESTIMATORS:
        naive = bench_gaussian.naive_chain(8, 6, estimator=estimator, n_chains=3000, seed=1)
        ours = gaussian.simulate_chain(8, 6, estimator=estimator, n_chains=3000, seed=2)
        for generation in (1, 8):
            assert ks_2samp(naive[:, generation], ours.sigma2[:, generation]).pvalue > 1e-4


def test_benchmark_quick_run_reports_every_figure(capsys):
    result = bench_gaussian.main(["--quick"])
    printed = capsys.readouterr().out
    for key in ("ours", "naive", "ratio", "redraw"):
        assert np.isfinite(result[key]) and result[key] > 0
    assert "ratio naive / ours" in printed and "redraw" in printed
