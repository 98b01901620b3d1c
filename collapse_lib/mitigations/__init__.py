"""Mitigations across the three worlds: what keeps a chain from collapsing, and at what cost.

The worlds keep their own mechanics and theory (every ``simulate_chain`` takes the same
``strategy`` and ``real_fraction``; see :mod:`collapse_lib.core.strategies`); this folder
holds what spans them.

Modules, one job each:

- :mod:`.comparison`  each world's measure under any strategy, with its exact expectation
- :mod:`.provenance`  the real fraction left after a detector drops flagged data
- :mod:`.plots`       strategies side by side, mixing levels against f
- :mod:`.explorer`    ``mitigation_explorer`` (also in :mod:`collapse_lib.widgets`)
- :mod:`.exercises`   the checks behind notebook 06's coding exercises

References
----------
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413.
Dey, Donoho (2024). Universality of the pi^2/6 pathway in avoiding model collapse.
arXiv:2410.22812.
Feng, Dohmatob, Yang, Charton, Kempe (2024). Beyond model collapse: scaling up with
synthesized data requires verification. arXiv:2406.07515.
"""
from .comparison import (WORLD_SETTINGS, WORLDS, WorldRun, simulate_world,
                         training_set_size, world_theory)
from .plots import SUMMARIES, plot_levels, plot_strategies
from .provenance import (FilteredData, filtered_real_fraction, required_recall,
                         simulate_provenance_filter)

__all__ = ["WORLDS", "WORLD_SETTINGS", "WorldRun", "simulate_world", "world_theory",
           "training_set_size", "SUMMARIES", "plot_strategies", "plot_levels",
           "filtered_real_fraction", "required_recall", "FilteredData",
           "simulate_provenance_filter"]
