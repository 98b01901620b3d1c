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


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """The course's website, built once with the README's command into a temporary folder
    and served by a plain local HTTP server: (folder of the pages, base URL)."""
    import subprocess
    import sys

    from browser import ROOT, require_browser
    from tools.local_server import serve_folder

    require_browser()
    output = tmp_path_factory.mktemp("book")
    subprocess.run([sys.executable, "tools/build_book.py", "--output", str(output)],
                   cwd=ROOT, check=True, capture_output=True)
    html = output / "_build" / "html"
    with serve_folder(html) as base:
        yield html, base
