"""Every interactive explorer of the course, in one place (an index: nothing is defined here).

Each explorer lives in its world's folder (``<world>/explorer.py``) and is built on
:class:`collapse_lib.core.explorer.Explorer`; a new chapter adds its folder and one line
below. See :mod:`collapse_lib.core.explorer` for what every explorer exposes
(``controls``, ``figure``, ``message``, ``hold_redraw``).
"""
from .core.explorer import Explorer
from .gaussian.explorer import gaussian_explorer
from .generative.explorer import generative_explorer
from .language.explorer import language_explorer
from .markov.explorer import tail_explorer
from .mitigations.explorer import mitigation_explorer
from .regression.explorer import bias_variance_explorer, regression_explorer, scaling_explorer

__all__ = ["Explorer", "gaussian_explorer", "tail_explorer", "regression_explorer",
           "bias_variance_explorer", "scaling_explorer", "mitigation_explorer",
           "language_explorer", "generative_explorer"]
