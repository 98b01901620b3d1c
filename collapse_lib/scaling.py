"""Power-law spectra, sources and exponents (an index of :mod:`collapse_lib.regression.scaling`).

Kept so that ``from collapse_lib import scaling`` works; the code lives in the regression
world.
"""
from .regression.scaling import *  # noqa: F401,F403 - this module is an index
from .regression.scaling import __all__  # noqa: F401
