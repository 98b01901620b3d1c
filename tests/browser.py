"""Shared browser machinery: one JupyterLab server and one headless Chromium per test session.

JupyterLab runs on temporary copies of the lecture notebooks (nothing in the repository is
touched). The fixtures ``lab_url`` and ``browser`` are session-scoped (see conftest.py), so
every browser test file shares one server and one browser.

Needs Debian's ``chromium`` (``apt-get install chromium``; Playwright's own browser
download is not used). Outside CI a missing browser skips these tests with that hint; in
CI (``CI`` set) it fails them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tools.local_server import free_port, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "course-browser-test"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


def require_browser():
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + ": CI must install it")
    pytest.skip(message)


@contextmanager
def serve(command: list[str], folder: Path):
    """Run a Jupyter server ``command`` in ``folder`` (with its own config and workspaces);
    yields its base URL once it answers, stops it afterwards. ``command`` gets the port,
    address and token added here."""
    require_browser()
    port = free_port()
    log = open(folder / "server.log", "w")
    server = subprocess.Popen(
        [*command, "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=",
         "--ServerApp.open_browser=False", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "config"),
             "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces")})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/api/status?token={TOKEN}", server=server,
                             log=(folder / "server.log").read_text)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@contextmanager
def lab_server(folder: Path):
    """A JupyterLab server on temporary copies of the notebooks in ``folder``; yields its base URL."""
    require_browser()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    with serve([sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"],
               folder) as base:
        yield base


@contextmanager
def chromium_browser():
    """Debian's Chromium, headless, driven by Playwright."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def run_notebook(browser, lab_url, name):
    """Open a notebook in JupyterLab and run all its cells; returns the page."""
    page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.set_default_timeout(60_000)
    # A workspace of its own, reset: the page shows this notebook alone.
    page.goto(f"{lab_url}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={TOKEN}")
    page.locator(".jp-Notebook").wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    explorer(page).locator("img").wait_for(state="visible")
    return page


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    explorer(page).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / name))


def notebook_page(name: str, screenshot_name: str):
    """A module fixture: the notebook run in the browser; a screenshot when done, then its
    page is closed and its kernel shut down, so later browser tests on the shared server
    find no other page or kernel on the same notebook."""
    @pytest.fixture(scope="module")
    def fixture(browser, lab_url):
        page = run_notebook(browser, lab_url, name)
        try:
            yield page
            screenshot(page, screenshot_name)
        finally:
            page.context.close()
            _shut_down_kernels(lab_url)
    return fixture


def _shut_down_kernels(lab_url):
    """Delete every session (and its kernel) on the server."""
    request = urllib.request.Request(f"{lab_url}/api/sessions?token={TOKEN}")
    for session in json.loads(urllib.request.urlopen(request, timeout=30).read()):
        urllib.request.urlopen(urllib.request.Request(
            f"{lab_url}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE"), timeout=30)


def explorer(page):
    return page.locator(".jupyter-widgets.widget-vbox").filter(
        has=page.locator("img")).first


def drawn_svg(page) -> str:
    """The SVG text of the explorer's figure, as the browser holds it."""
    return page.evaluate(
        """async (node) => { const img = node.querySelector('img');
                             return await (await fetch(img.src)).text(); }""",
        explorer(page).element_handle())


def wait_for_drawing(page, text: str, timeout: float = 30.0) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        svg = drawn_svg(page)
        if text in svg:
            return svg
        time.sleep(0.2)
    raise AssertionError(f"the figure never showed {text!r}")


def type_into_slider(page, index, value):
    """Type a value into the readout of the index-th slider, as a student can."""
    readout = explorer(page).locator(".widget-readout").nth(index)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")
