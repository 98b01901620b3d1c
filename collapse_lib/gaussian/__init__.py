"""The Gaussian world: fit a normal distribution, sample from the fit, refit, repeat.

Notation (see CONTRIBUTING.md): M = ``n_samples`` points per generation, n = generation
index, ``n_generations`` the number simulated, ``n_chains`` independent replicates;
column 0 of every array is the real distribution N(mu, sigma^2).

Modules, one job each:

- :mod:`.estimators`  the "unbiased" and "mle" variance divisors
- :mod:`.chain`       :func:`simulate_chain` (exact or sample-based, every strategy)
- :mod:`.mvn`         :func:`simulate_mvn_chain` (d dimensions, Bartlett factors)
- :mod:`.theory`      exact expectations: variance, mean drift, log variance, W2^2, ...
- :mod:`.strategy_theory`  exact expectations under "mix" (with its fixed point) and
                       "accumulate"
- :mod:`.curation`    curated chains: the likelihood filter (exact) and a verifier
- :mod:`.plots`       the variance fan, one generation's points, estimator comparison
- :mod:`.explorer`    ``gaussian_explorer`` (also in :mod:`collapse_lib.widgets`)

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759. arXiv:2305.17493.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413 (accumulate).
"""
from ..core.strategies import STRATEGIES, real_count
from .chain import METHODS, GaussianChain, compare_strategies, simulate_chain
from .estimators import ESTIMATORS, describe_estimator
from .mvn import MvnChain, simulate_mvn_chain
from .plots import (ESTIMATOR_STATISTICS, plot_estimator_comparison, plot_expectation_and_spread,
                    plot_generation_histogram, plot_variance_fan)
from .curation import (CURATIONS, expected_variance_filtered, simulate_curated_chain,
                       truncation_factor)
from .strategy_theory import (MixMoments, expected_mean_drift_accumulate,
                              expected_mean_drift_mix, expected_variance_accumulate,
                              expected_variance_mix, mix_moments, stationary_mix_moments)
from .theory import (expected_det_ratio, expected_log_det_change, expected_log_variance,
                     expected_mean_drift, expected_trace_ratio, expected_variance,
                     expected_w2_squared, median_variance)

__all__ = [
    "ESTIMATORS", "STRATEGIES", "METHODS", "GaussianChain", "MvnChain",
    "simulate_chain", "simulate_mvn_chain", "compare_strategies", "real_count",
    "expected_variance", "expected_mean_drift", "expected_log_variance", "median_variance",
    "expected_w2_squared", "expected_trace_ratio", "expected_det_ratio",
    "expected_log_det_change", "describe_estimator", "ESTIMATOR_STATISTICS",
    "plot_variance_fan", "plot_generation_histogram", "plot_estimator_comparison",
    "plot_expectation_and_spread",
    "MixMoments", "mix_moments", "expected_variance_mix", "expected_mean_drift_mix",
    "stationary_mix_moments", "expected_variance_accumulate", "expected_mean_drift_accumulate",
    "CURATIONS", "truncation_factor", "expected_variance_filtered", "simulate_curated_chain",
]
