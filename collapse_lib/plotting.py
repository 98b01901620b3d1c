"""The course's figure style and shared plots (an index of :mod:`collapse_lib.core.plotting`).

Notebooks call ``plotting.use_course_style()`` once and use the palette by name
(``plotting.BLUE``, ...); each world's own figures live in its folder
(``gaussian.plot_variance_fan``, ``markov.plot_support``, ``regression.plot_ridge_curves``).
"""
from .core.plotting import *  # noqa: F401,F403 - this module is an index
from .core.plotting import __all__  # noqa: F401
