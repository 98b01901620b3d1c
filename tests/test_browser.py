"""The course in a real browser: JupyterLab in headless Chromium, driven by Playwright.

A JupyterLab server runs on copies of the lecture notebooks in a temporary folder (so
nothing in the repository is touched), Chromium runs all cells of a notebook, and the
tests then move its explorer's controls the way a student would and read back the figure
the kernel drew (the explorer's SVG keeps its text as text, so titles and captions can be
read).

Needs Debian's ``chromium`` (``apt-get install chromium``; Playwright's own browser
download is not used). Outside CI a missing browser skips these tests with that hint; in
CI (``CI`` set) it fails them.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "course-browser-test"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


def _require_browser():
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + ": CI must install it")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """A JupyterLab server on temporary copies of the notebooks; yields its base URL."""
    _require_browser()
    folder = tmp_path_factory.mktemp("lab")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    port = _free_port()
    log = open(folder / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={folder}",
         f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=", "--ServerApp.open_browser=False",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "config"),
             "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces")})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("JupyterLab did not start:\n" +
                                       (folder / "server.log").read_text())
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser(lab_url):
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
    """A module fixture: the notebook run in the browser; a screenshot when done."""
    @pytest.fixture(scope="module")
    def fixture(browser, lab_url):
        page = run_notebook(browser, lab_url, name)
        yield page
        screenshot(page, screenshot_name)
    return fixture


page = notebook_page("01_gaussian_collapse.ipynb", "gaussian_explorer.png")
tail_page = notebook_page("02_tails_markov_chain.ipynb", "tail_explorer.png")
regression_page = notebook_page("03_regression_chain.ipynb", "regression_explorer.png")
bias_variance_page = notebook_page("04_bias_variance.ipynb", "bias_variance_explorer.png")


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


def test_explorer_renders_in_jupyterlab(page):
    box = explorer(page)
    box.scroll_into_view_if_needed()
    box.locator("img").wait_for(state="visible")
    svg = wait_for_drawing(page, "M = 10")
    assert "unbiased" in svg and "E σ²ₙ (exact)" in svg
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def type_into_slider(page, index, value):
    """Type a value into the readout of the index-th slider, as a student can."""
    readout = explorer(page).locator(".widget-readout").nth(index)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def test_moving_the_m_slider_redraws_the_figure(page):
    type_into_slider(page, 0, 50)
    wait_for_drawing(page, "M = 50")


def test_estimator_buttons_switch_the_theory(page):
    explorer(page).get_by_role("button", name="mle", exact=True).click()
    wait_for_drawing(page, "MLE (÷M)")


def test_strategy_dropdown_without_formula_says_so(page):
    explorer(page).locator("select").first.select_option("accumulate")
    svg = wait_for_drawing(page, "accumulate")
    assert "No closed form" in svg and "E σ²ₙ (exact)" not in svg


def test_tail_explorer_renders_and_follows_its_controls(tail_page):
    svg = wait_for_drawing(tail_page, "K = 50")
    assert "exact E (Markov chain)" in svg
    type_into_slider(tail_page, 1, 20)  # K
    wait_for_drawing(tail_page, "K = 20")
    type_into_slider(tail_page, 0, 7)  # M
    wait_for_drawing(tail_page, "Transition matrix, M = 7")
    explorer(tail_page).locator("select").first.select_option("mix")
    svg = wait_for_drawing(tail_page, "mix")
    assert "No closed form" in svg
    assert tail_page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_regression_explorer_follows_its_controls_and_explains_invalid_sizes(regression_page):
    page = regression_page
    assert "theory: exact OLS" in wait_for_drawing(page, "T0 = 60")
    type_into_slider(page, 1, 120)  # T0
    wait_for_drawing(page, "T0 = 120")
    type_into_slider(page, 0, 70)   # d = 70 > T - 2 with OLS: a message, not a traceback
    message = explorer(page).locator(".widget-html").first
    message.get_by_text("cannot be drawn").wait_for()
    assert "T ≥ d + 2" in message.inner_text()
    type_into_slider(page, 0, 25)
    from playwright.sync_api import expect
    expect(message).to_have_text("")   # the message clears once the sizes are valid again
    wait_for_drawing(page, "d = 25")


def test_bias_variance_explorer_follows_its_controls(bias_variance_page):
    page = bias_variance_page
    wait_for_drawing(page, "n = 10: ")
    type_into_slider(page, 5, 4)    # largest n shown
    wait_for_drawing(page, "n = 4: ")
    explorer(page).locator("select").first.select_option("power law")
    wait_for_drawing(page, "power law")
