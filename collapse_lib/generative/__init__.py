"""Generative world (notebook 08): a Gaussian mixture of real digits retrained on its drawings.

Notation: M images per generation (the real training set's size), d principal components
modelled, K mixture components with weights pₖ, means μₖ and covariances Σₖ, t the sampling
temperature (as in notebook 07), f the real fraction of "mix", n the generation
(0: fitted to real images). Log-likelihoods are in nats per image, in the d principal
coordinates.

Modules: ``data`` (the imbalanced real training set, its PCA coordinates, the judge),
``mixture`` (EM fit and drawing at a temperature), ``chain`` (the generations and their
measures), ``plots`` (the picture of drawn digits, the measures), ``explorer``
(indexed in :mod:`collapse_lib.widgets`).

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759 (GMM and VAE experiments).
Gerstgrasser et al. (2024). Is model collapse inevitable? Breaking the curse of recursion
by accumulating real and synthetic data. arXiv:2404.01413.
Wyllie, Shumailov, Papernot (2024). Fairness feedback loops: training on synthetic data
amplifies bias. ACM FAccT 2024, arXiv:2403.07857.
"""
from .chain import MAX_REPAIR_DRAWS, GenerativeChain, curate, repair_quotas, simulate_chain
from .data import JUDGE_CONFIDENCE, TrainingSet, judge_digits, to_pixels, training_set
from .mixture import INITS, REG_COVAR, component_log_dets, fit_mixture, sample_mixture
from .plots import (GRID_GENERATIONS, MEASURES, image_grid, measure_table, measure_values,
                    plot_image_grid)

__all__ = ["MAX_REPAIR_DRAWS", "GenerativeChain", "curate", "repair_quotas", "simulate_chain",
           "JUDGE_CONFIDENCE", "TrainingSet", "judge_digits", "to_pixels", "training_set",
           "INITS", "REG_COVAR", "component_log_dets", "fit_mixture", "sample_mixture",
           "GRID_GENERATIONS", "MEASURES", "image_grid", "measure_table", "measure_values",
           "plot_image_grid"]
