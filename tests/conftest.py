"""Shared test settings: a non-interactive matplotlib backend and hypothesis profiles."""
import os

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("course", max_examples=40, deadline=None, derandomize=True,
                          database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))
