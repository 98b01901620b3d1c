"""The README's run command, in a real browser: the file browser reaches both notebooks/
and exercises/, and a student opens problem set 01, runs its first test cell, and reads
the one-line verdict (✘ with a hint for a wrong answer, ✔ for a right one).

The server is started with the README's own command (on a temporary copy of notebooks/
and exercises/), plus only the flags a test needs: no browser, a free port, a token.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import time

import pytest

from browser import ROOT, TOKEN, require_browser, serve

pytestmark = pytest.mark.browser

PROBLEM_SET = "exercises/release/ps01_gaussian/ps01_gaussian.ipynb"


def readme_run_command() -> list[str]:
    """The `jupyter lab ...` half of the README's run command, as arguments."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Run the course"):readme.index("## Run the tests")]
    command = re.search(r"```bash\n(.*?)\n```", section, re.S).group(1)
    install, run = command.split(" && ")
    assert install == "python -m pip install -r requirements.txt"
    return shlex.split(run)


def test_readme_command_opens_the_course_folder():
    arguments = readme_run_command()
    assert arguments[:2] == ["jupyter", "lab"]
    assert "--ServerApp.root_dir=." in arguments
    assert (ROOT / arguments[-1]).exists()


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    """The README's command (its `jupyter` from this environment) on a course copy."""
    require_browser()
    folder = tmp_path_factory.mktemp("course")
    for name in ("notebooks", "exercises"):
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "gradebook.db"))
    jupyter = shutil.which("jupyter", path=os.path.dirname(sys.executable)) or "jupyter"
    with serve([jupyter, *readme_run_command()[1:]], folder) as base:
        yield base


def _run_cell(page, cells, index):
    cell = cells.nth(index)
    cell.locator(".jp-InputArea").click()
    page.keyboard.press("Shift+Enter")
    return cell


def _output_text(cell, pattern, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = cell.locator(".jp-OutputArea").inner_text()
        if re.search(pattern, text):
            return text
        time.sleep(0.25)
    raise AssertionError(f"the cell never showed {pattern!r}; it shows: {text!r}")


def test_student_opens_a_problem_set_and_runs_its_first_check(browser, course_lab):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{course_lab}/lab/workspaces/student/tree/notebooks/00_start_here.ipynb"
                  f"?reset&token={TOKEN}")
        page.locator(".jp-Notebook").wait_for()
        listing = page.locator(".jp-DirListing-content")
        # The first notebook opens with the file browser in notebooks/; its root is the
        # course folder, which holds both the lectures and the problem sets.
        page.locator(".jp-BreadCrumbs-home").click()
        listing.get_by_text("notebooks", exact=True).wait_for()
        for folder in ("exercises", "release", "ps01_gaussian"):
            listing.get_by_text(folder, exact=True).dblclick()
        assert listing.get_by_text("notebooks", exact=True).count() == 0
        listing.get_by_text("ps01_gaussian.ipynb", exact=True).dblclick()
        page.get_by_role("tab", name=re.compile("ps01_gaussian")).wait_for()
        page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for()
        notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook")
        cells = notebook.locator(".jp-Cell")
        sources = [cells.nth(i).locator(".jp-InputArea").inner_text() for i in range(5)]
        setup = next(i for i, s in enumerate(sources) if "import numpy" in s)
        answer = next(i for i, s in enumerate(sources) if "def halving_generation" in s)
        check = answer + 1
        _run_cell(page, cells, setup)
        # Untouched, the function is not there yet (its cell only raises).
        _output_text(_run_cell(page, cells, check), "name 'halving_generation' is not defined")
        # A wrong answer: one line says what was expected, what was given, and a hint.
        editor = cells.nth(answer).locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("def halving_generation(n_samples):\nreturn 1.0")
        page.keyboard.press("Shift+Enter")
        wrong = _output_text(_run_cell(page, cells, check), "✘")
        assert "expected 6.57881, got 1 (hint:" in wrong
        assert "grading.py" not in wrong and "Traceback" not in wrong  # one line, no traceback
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("def halving_generation(n_samples):\n"
                           "return np.log(2) / np.log(n_samples / (n_samples - 1))")
        page.keyboard.press("Shift+Enter")
        right = _output_text(_run_cell(page, cells, check), "✔")
        assert "halving_generation(10): 6.57881 matches" in right
    finally:
        page.context.close()
