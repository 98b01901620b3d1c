"""The regression world: each generation's linear model labels the next generation's data.

Notation (see CONTRIBUTING.md): d features, T0 rows and noise sigma0 per generator, T
rows and noise sigma for the downstream model, lambda (``ridge``) its ridge penalty,
Sigma = diag(``spectrum``), true weights w0, n the generation index, ``n_generations``
the number simulated, ``n_chains`` independent replicates.

Modules, one job each:

- :mod:`.setting`                the designs, the spectrum, the default w0
- :mod:`.sufficient_statistics`  the generators from Wishart factors (fast, exact in law)
- :mod:`.chain`                  :func:`simulate_chain`, :func:`simulate_ridge_path`
- :mod:`.formulas`               exact formulas: OLS, over-parameterised, accumulate
- :mod:`.mixing`                 exact model error under "mix" and the level it settles at
- :mod:`.curation`               curated chains: a confidence filter and a verifier (simulated)
- :mod:`.conventions`            results in Gerstgrasser et al.'s or Dohmatob et al.'s indexing
- :mod:`.ridge_theory`           the deterministic equivalent (kappa, bias, variance, collapse)
- :mod:`.applicable`             :func:`applicable_formula`: which formula, and its value
- :mod:`.scaling`                power-law spectra and sources, fitted exponents
- :mod:`.scaling_law`            the error over (T, lambda) grids, best lambda per T, exponents
- :mod:`.scaling_plots`          error against T, exponents against l
- :mod:`.plots`                  error against lambda, the error's parts
- :mod:`.explorer`               ``regression_explorer``, ``bias_variance_explorer``

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413.
Dey, Donoho (2024). Universality of the pi^2/6 pathway in avoiding model collapse.
arXiv:2410.22812.
"""
from ..core.strategies import STRATEGIES
from .applicable import FORMULA_KINDS, QUANTITIES, Formula, applicable_formula
from .chain import RegressionChain, RidgePath, simulate_chain, simulate_ridge_path
from .conventions import PAPERS, in_paper_convention
from .curation import CURATIONS, CuratedRegressionChain, simulate_curated_chain
from .formulas import (accumulate_test_error, expected_model_error, ols_test_error,
                       overparameterised_error)
from .mixing import mix_model_error, mix_model_error_level, mix_propagation
from .plots import (plot_error_parts, plot_model_errors, plot_ols_against_equivalent,
                    plot_ridge_curves)
from .ridge_theory import (RidgeError, degrees_of_freedom, effective_regularisation,
                           optimal_ridge, ridge_test_error)
from .scaling import critical_exponent, fit_power_law, power_law_source, power_law_spectrum
from .scaling_law import (REGIMES, ScalingGrid, error_along_exponent, fitted_exponent,
                          fitted_exponents, generator_rows, predicted_exponent, scaling_curves,
                          scaling_grid)
from .scaling_plots import plot_exponents, plot_scaling_curves
from .setting import DESIGNS, check_spectrum, default_w0

__all__ = [
    "STRATEGIES", "DESIGNS", "RegressionChain", "RidgePath", "simulate_chain",
    "simulate_ridge_path", "default_w0", "check_spectrum", "ols_test_error",
    "overparameterised_error", "accumulate_test_error", "expected_model_error",
    "QUANTITIES", "FORMULA_KINDS", "Formula", "applicable_formula",
    "RidgeError", "degrees_of_freedom", "effective_regularisation", "ridge_test_error",
    "optimal_ridge", "power_law_spectrum", "power_law_source", "critical_exponent",
    "fit_power_law", "plot_ridge_curves", "plot_error_parts",
    "plot_model_errors", "plot_ols_against_equivalent",
    "REGIMES", "ScalingGrid", "generator_rows", "scaling_grid", "error_along_exponent",
    "predicted_exponent", "fitted_exponent", "fitted_exponents", "scaling_curves",
    "plot_scaling_curves", "plot_exponents",
    "mix_propagation", "mix_model_error", "mix_model_error_level",
    "PAPERS", "in_paper_convention", "CURATIONS", "CuratedRegressionChain",
    "simulate_curated_chain",
]
