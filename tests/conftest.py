"""Shared test settings: a non-interactive matplotlib backend, hypothesis profiles, and one
JupyterLab server and one headless Chromium shared by every browser test (tests/browser.py)."""
import os

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("course", max_examples=40, deadline=None, derandomize=True,
                          database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


@pytest.fixture(scope="session")
def lab_url(tmp_path_factory):
    """One JupyterLab server for the whole session, on temporary copies of the notebooks."""
    from browser import lab_server

    with lab_server(tmp_path_factory.mktemp("lab")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from browser import chromium_browser

    with chromium_browser() as chromium:
        yield chromium
