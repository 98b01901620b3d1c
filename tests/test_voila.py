"""The chapters as apps: Voilà serves the notebooks folder, code hidden, explorers live.

Voilà runs with the repository's voila.json (the README's command, on temporary copies of
the notebooks), and headless Chromium opens chapter 01 as an app: the explorer appears,
no code is shown, and moving a slider with the keyboard redraws the figure. The test
prints the time to the first figure and the redraw latency. A second, short-lived Voilà
with a 2-second idle limit shows that idle kernels are culled.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser import ROOT, explorer, require_browser, wait_for_drawing
from tools.local_server import free_port, wait_until_answering

pytestmark = pytest.mark.browser


@contextmanager
def voila_server(folder: Path, *options: str):
    """``voila notebooks/`` run from ``folder`` (a copy of the repository's notebooks and
    voila.json); yields (base URL, log file) once it answers."""
    require_browser()
    (folder / "notebooks").mkdir(exist_ok=True)
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder / "notebooks" / notebook.name)
    shutil.copy(ROOT / "voila.json", folder / "voila.json")
    port = free_port()
    log_path = folder / f"voila-{port}.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", "notebooks/", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", *options],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "config")})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/", server=server, log=log_path.read_text)
        yield base, log_path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    with voila_server(tmp_path_factory.mktemp("voila")) as (base, _):
        yield base


def test_the_repository_config_culls_idle_kernels():
    import json
    config = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    assert 0 < config["cull_idle_timeout"] <= 3600 and config["cull_interval"] > 0
    assert config["cull_connected"] is True


def test_a_chapter_runs_as_an_app_and_its_slider_redraws(voila_url, browser):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(f"{voila_url}/voila/render/01_gaussian_collapse.ipynb")
    explorer(page).locator("img").wait_for(state="visible")
    wait_for_drawing(page, "M = 10")
    first_figure = time.perf_counter() - start
    assert page.get_by_text("plotting.use_course_style()").count() == 0    # code hidden
    assert page.locator(".jp-InputArea-editor").count() == 0
    handle = explorer(page).locator(".noUi-handle").first    # the M slider
    handle.focus()
    start = time.perf_counter()
    page.keyboard.press("ArrowRight")
    svg = wait_for_drawing(page, "M = 11")
    redraw = time.perf_counter() - start
    assert "E σ²ₙ (exact)" in svg
    print(f"\nVoilà, chapter 01: first figure after {first_figure:.1f} s, a keyboard "
          f"redraw in {1000 * redraw:.0f} ms")
    page.context.close()


def test_an_idle_kernel_is_culled(tmp_path, browser):
    options = ("--MappingKernelManager.cull_idle_timeout=2",
               "--MappingKernelManager.cull_interval=1")
    with voila_server(tmp_path, *options) as (base, log_path):
        page = browser.new_page()
        page.goto(f"{base}/voila/render/00_start_here.ipynb")
        page.get_by_text("Start here").first.wait_for()
        deadline = time.time() + 60
        while "Culling" not in log_path.read_text() and time.time() < deadline:
            time.sleep(0.5)
        page.close()
        assert "Culling" in log_path.read_text(), log_path.read_text()[-2000:]
