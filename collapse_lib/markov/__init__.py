"""The discrete world: re-estimate a categorical distribution from its own samples.

Notation (see CONTRIBUTING.md): K categories, M = ``n_samples`` draws per generation,
p_n the estimated probability vector at generation n, p_0 the real one (index 0 along
the generation axis), ``n_chains`` independent replicates. One generation of the replace
chain is the Wright-Fisher model: counts_n ~ Multinomial(M, p_{n-1}), p_n = counts_n / M.

Modules, one job each:

- :mod:`.chain`     :func:`simulate_chain`, :func:`simulate_absorption`, :func:`zipf`
- :mod:`.theory`    the exact Markov-chain theory and Kimura's diffusion approximation
- :mod:`.mixing`    exact theory of the "mix" chain: heterozygosity, surviving categories,
                    their stationary levels (notebook 06)
- :mod:`.curation`  curated chains: nucleus (top-p) filtering and a verifier (notebook 06)
- :mod:`.tail_cut`  a memorising model trained on clean or tail-cut tokens (notebook 05)
- :mod:`.plots`     support, survival, transition matrix, count laws, tail cuts
- :mod:`.explorer`  ``tail_explorer`` (also in :mod:`collapse_lib.widgets`)

References
----------
Shumailov et al. (2024). AI models collapse when trained on recursively generated data.
Nature 631, 755-759. arXiv:2305.17493 (section 3: the discrete case).
Kimura, M. (1955). Solution of a process of random genetic drift with a continuous model.
PNAS 41(3), 144-150.
Suresh, Thangaraj, Khandavally (2024). Rate of model collapse in recursive training.
arXiv:2412.17646.
Dohmatob, Feng, Yang, Charton, Kempe (2024). A tale of tails: model collapse as a change
of scaling laws. ICML 2024. arXiv:2402.07043.
"""
from ..core.strategies import STRATEGIES
from .chain import (Absorption, CategoricalChain, compare_strategies, simulate_absorption,
                    simulate_chain, zipf)
from .curation import CURATIONS, nucleus, simulate_curated_chain
from .mixing import (expected_heterozygosity_mix, expected_surviving_categories_mix,
                     mix_transition_matrix, stationary_surviving_categories_mix)
from .plots import (plot_count_law, plot_memorizer_errors, plot_probability_paths, plot_support,
                    plot_survival, plot_transition_matrix)
from .tail_cut import (memorizer_error, memorizer_exponent, simulate_memorizer,
                       tail_cut_plateau, training_distribution)
from .theory import (count_distribution, diffusion_absorption_time, expected_absorption_time,
                     expected_heterozygosity, expected_surviving_categories,
                     fixation_probability, loss_probability, survival_probability,
                     transition_matrix)

__all__ = [
    "STRATEGIES", "CategoricalChain", "simulate_chain", "compare_strategies", "zipf",
    "Absorption", "simulate_absorption", "transition_matrix", "count_distribution",
    "loss_probability", "survival_probability", "fixation_probability",
    "expected_heterozygosity", "expected_absorption_time", "diffusion_absorption_time",
    "expected_surviving_categories", "plot_support", "plot_survival",
    "plot_transition_matrix", "plot_probability_paths", "plot_count_law",
    "training_distribution", "tail_cut_plateau", "memorizer_error", "simulate_memorizer",
    "memorizer_exponent", "plot_memorizer_errors", "mix_transition_matrix",
    "expected_heterozygosity_mix", "expected_surviving_categories_mix",
    "stationary_surviving_categories_mix", "CURATIONS", "nucleus", "simulate_curated_chain",
]
