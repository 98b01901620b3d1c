"""The benchmarks run, and their naive twins simulate the same chains (so ratios are fair).

No timing is asserted here: speed targets live in the benchmarks' printed output.
"""
import numpy as np
import pytest
from scipy.stats import ks_2samp

from benchmarks import (bench_gaussian, bench_markov, bench_regression, bench_scaling,
                        bench_strategies)
from collapse_lib import gaussian, markov, regression


def test_naive_gaussian_twin_agrees_with_collapse_lib_in_distribution():
    for estimator in gaussian.ESTIMATORS:
        naive = bench_gaussian.naive_chain(8, 6, estimator=estimator, n_chains=3000, seed=1)
        ours = gaussian.simulate_chain(n_generations=8, n_samples=6, estimator=estimator,
                                      n_chains=3000, seed=2)
        for generation in (1, 8):
            assert ks_2samp(naive[:, generation], ours.sigma2[:, generation]).pvalue > 1e-4


def test_naive_markov_twin_agrees_with_collapse_lib_in_distribution():
    p0 = markov.zipf(K=4, exponent=1.0)
    naive = bench_markov.naive_chain(p0, 10, 5, n_chains=1500, seed=1)
    ours = markov.simulate_chain(p0, n_samples=10, n_generations=5, n_chains=1500, seed=2).p
    for generation in (1, 5):
        for k in (0, 3):
            assert ks_2samp(naive[:, generation, k], ours[:, generation, k]).pvalue > 1e-4


def test_naive_regression_twin_agrees_with_collapse_lib_in_distribution():
    for strategy in ("replace", "accumulate"):
        naive = bench_regression.naive_chain(5, 12, 15, 3, strategy=strategy, n_chains=1500,
                                             seed=1)
        ours = regression.simulate_chain(d=5, T0=12, T=15, n_generations=3, strategy=strategy,
                                         n_chains=1500, seed=2)
        for generation in (0, 3):
            assert ks_2samp(naive[:, generation], ours.test_error[:, generation]).pvalue > 1e-4


@pytest.mark.parametrize("bench", [bench_gaussian, bench_markov, bench_regression, bench_scaling,
                                   bench_strategies],
                         ids=lambda b: b.__name__)
def test_benchmark_quick_run_reports_every_figure(bench, capsys):
    result = bench.main(["--quick"])
    printed = capsys.readouterr().out
    for value in result.values():
        assert np.isfinite(value) and value > 0
    assert "ratio naive / ours" in printed and "redraw" in printed


def test_scaling_naive_twin_computes_the_same_grid():
    spectrum = regression.power_law_spectrum(d=300, beta=1.5)
    w0 = regression.power_law_source(d=300, beta=1.5, r=0.5)
    setting = dict(sizes=np.array([10, 40, 160]), ridges=np.array([1e-4, 1e-2, 1.0]), T0=700,
                   w0=w0, sigma=0.0, sigma0=1.0)
    naive = bench_scaling.naive_grid(spectrum, 3, **setting)
    ours = regression.scaling_grid(spectrum, 3, **setting).error.total
    np.testing.assert_allclose(naive, ours, rtol=1e-8)


def test_strategies_naive_twin_is_the_same_chain_in_distribution():
    naive = bench_strategies.naive_subsample_chain(n_generations=6, n_samples=8, n_chains=3_000)
    ours = gaussian.simulate_chain(n_generations=6, n_samples=8, n_chains=3_000,
                                   strategy="accumulate-subsample", seed=1).sigma2
    assert ks_2samp(naive[:, 6], ours[:, 6]).pvalue > 1e-4


@pytest.mark.grading
def test_grading_benchmark_quick_run_reports_every_figure(capsys):
    from benchmarks import bench_grading

    result = bench_grading.main(["--quick"])
    printed = capsys.readouterr().out
    assert set(result) == {"batch per submission", "naive per submission",
                           "solution ps01_gaussian"}
    assert all(np.isfinite(value) and value > 0 for value in result.values())
    assert "per submission (target <= 3 s)" in printed and "ratio naive / ours" in printed


def test_language_benchmark_and_its_naive_twin():
    """The twin samples the same model: its mean sentence length matches ours within 4 SE;
    the quick run prints both timings."""
    from benchmarks import bench_language
    from collapse_lib import language
    training, _ = language.real_text(n_words=20_000)
    counts = bench_language.naive_fit([training.sentence(i).split()
                                       for i in range(training.n_sentences)])
    naive = np.array([len(s) for s in bench_language.naive_sample(counts, 100_000, seed=1)])
    ours = language.sample_corpus(language.fit_ngram(training, order=2), n_words=100_000,
                                  seed=1)
    lengths = np.diff(ours.starts) - 1
    standard_error = np.hypot(naive.std() / np.sqrt(naive.size),
                              lengths.std() / np.sqrt(lengths.size))
    assert abs(naive.mean() - lengths.mean()) <= 4 * standard_error
    result = bench_language.main(["--quick"])
    assert all(np.isfinite(value) and value > 0 for value in result.values())


def test_digits_naive_twin_is_the_same_chain_in_distribution():
    """KernelRidge on every stacked row and our count form give the same accumulate chain:
    mean test errors at generation 3 within 4 combined SE; the quick run prints both."""
    from benchmarks import bench_digits
    from collapse_lib import digits
    setting = dict(ridge=1e-3, sigma0=0.5)
    naive = bench_digits.naive_accumulate(80, 3, n_chains=12, seed=2, **setting)[:, 3]
    ours = digits.simulate_chain(n_generations=3, T0=80, strategy="accumulate", n_chains=60,
                                 seed=3, **setting).test_error[:, 3]
    standard_error = np.hypot(naive.std(ddof=1) / np.sqrt(naive.size),
                              ours.std(ddof=1) / np.sqrt(ours.size))
    assert abs(naive.mean() - ours.mean()) <= 4 * standard_error
    result = bench_digits.main(["--quick"])
    assert all(np.isfinite(value) and value > 0 for value in result.values())


def test_generative_naive_twin_is_the_same_chain_in_distribution():
    """The plain loop and simulate_chain give the same replace chain at t = 1: held-out
    log-likelihoods at generation 2 within 4 combined SE; the quick run prints both."""
    from benchmarks import bench_generative
    from collapse_lib import generative
    naive = np.array([bench_generative.naive_chain(2, seed=100 * seed)[2] for seed in range(6)])
    ours = generative.simulate_chain(n_generations=2, n_chains=12, seed=4).heldout_ll[:, 2]
    standard_error = np.hypot(naive.std(ddof=1) / np.sqrt(naive.size),
                              ours.std(ddof=1) / np.sqrt(ours.size))
    assert abs(naive.mean() - ours.mean()) <= 4 * standard_error
    result = bench_generative.main(["--quick"])
    assert all(np.isfinite(value) and value > 0 for value in result.values())
