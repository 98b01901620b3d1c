"""The ridge deterministic equivalent (an index of :mod:`collapse_lib.regression.ridge_theory`).

Kept so that ``from collapse_lib import theory`` works; the code lives in the regression
world.
"""
from .regression.ridge_theory import *  # noqa: F401,F403 - this module is an index
from .regression.ridge_theory import __all__  # noqa: F401
