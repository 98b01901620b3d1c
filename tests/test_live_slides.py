"""Live lecture mode: a notebook presented as slides inside JupyterLab, explorers running.

jupyterlab-slideshow (pinned in requirements.txt) presents the notebook in its own
JupyterLab panel, so the explorers keep JupyterLab's widget manager and stay live (a
separate slideshow app, RISE, cannot load the ipywidgets 8 frontend and shows them as
text). A lecturer presents on a projector, often with no network, so this file does what
they do, in a 1280x720 window: open notebook 01, restart the kernel and run all cells,
click the first cell, start the deck with the notebook toolbar's "Toggle Deck" button,
walk through every slide with Space and back with Shift+Space, go with the arrow keys to a
slide with a formula (typeset by MathJax) and to the explorer, type a value into its M
readout and read it back from the figure the kernel drew, then leave with "Exit Deck".
No cell may print an error, and every request the page makes must stay on this machine:
requests to any other host are recorded, aborted and listed by the failing test.

The extension knows the slide types slide, subslide, fragment, skip, notes and none
(missing or empty); it never shows a cell marked "-" (nbconvert's other spelling of
none), so the notebooks write "" and every cell that is not skipped must be shown.

The deck's on/off state is a user setting saved on the server, so the fixture switches it
off at the end: the other browser tests share the server and must find notebooks in their
usual view. One page serves the whole file (tests run in order). Uses the session's
JupyterLab server and Chromium (tests/browser.py).
"""
from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser import TOKEN, drawn_svg, explorer, type_into_slider, wait_for_drawing

pytestmark = pytest.mark.browser

NOTEBOOK = "01_gaussian_collapse.ipynb"
PROJECTOR = {"width": 1280, "height": 720}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob"}
DECK_SETTINGS = "lab/api/settings/jupyterlab-slideshow:plugin"
PRESENTING = "body[data-jp-deck-mode='presenting']"
CELLS = "[...document.querySelectorAll('.jp-Notebook .jp-Cell')]"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def switch_deck_off(lab_url: str):
    """Save the deck's setting as off, as the "Exit Deck" button would."""
    request = urllib.request.Request(
        f"{lab_url}/{DECK_SETTINGS}", method="PUT",
        data=json.dumps({"raw": json.dumps({"active": False})}).encode(),
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30)


def on_screen(page):
    """The cells of the slide being shown."""
    return page.locator(".jp-Notebook .jp-Cell.jp-deck-mod-visible")


def shown(page) -> set[int]:
    """The notebook indices of the cells on screen."""
    return set(page.evaluate(f"() => {CELLS}.flatMap((cell, index) => "
                             "cell.classList.contains('jp-deck-mod-visible') ? [index] : [])"))


def active(page) -> int:
    """The notebook index of the active cell (the one the deck is on)."""
    return page.evaluate(f"() => {CELLS}.findIndex("
                         "cell => cell.classList.contains('jp-mod-active'))")


def press(page, key: str):
    """Press a navigation key and wait until the deck has moved to another cell."""
    before = active(page)
    page.keyboard.press(key)
    page.wait_for_function(f"before => {CELLS}.findIndex(cell => "
                           "cell.classList.contains('jp-mod-active')) !== before", arg=before)


def press_until(page, key: str, target, limit: int):
    """Press ``key`` until a cell on screen holds ``target`` (a locator)."""
    for _ in range(limit):
        if on_screen(page).filter(has=target).count():
            return
        press(page, key)
    raise AssertionError(f"{limit} presses of {key} never showed {target}")


@pytest.fixture(scope="module")
def slide_types(lab_url):
    """Each cell's ``slideshow.slide_type`` in the served copy of the notebook."""
    request = urllib.request.Request(f"{lab_url}/api/contents/{NOTEBOOK}",
                                     headers={"Authorization": f"token {TOKEN}"})
    cells = json.loads(urllib.request.urlopen(request, timeout=30).read())["content"]["cells"]
    return [cell["metadata"].get("slideshow", {}).get("slide_type") for cell in cells]


@pytest.fixture(scope="module")
def deck(browser, lab_url):
    """Notebook 01 run and presented in a 1280x720 window; ``deck.requests`` lists every URL
    the page asked for (outside hosts aborted), ``deck.walk`` what the walk through the deck
    saw."""
    context = browser.new_context(viewport=PROJECTOR)
    requests = []

    def record(route):
        requests.append(route.request.url)
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    page.on("websocket", lambda socket: requests.append(socket.url))
    page.set_default_timeout(120_000)
    try:
        # A workspace of its own, reset: the page shows this notebook alone.
        page.goto(f"{lab_url}/lab/workspaces/live-slides/tree/{NOTEBOOK}?reset&token={TOKEN}")
        page.locator(".jp-Notebook").wait_for()
        page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for()
        # A fresh kernel (other tests may have used this notebook's), then every cell:
        # done when the last code cell shows the count of code cells as its prompt.
        page.get_by_role("menuitem", name="Kernel", exact=True).click()
        page.get_by_text("Restart Kernel and Run All Cells…", exact=True).click()
        page.locator(".jp-Dialog button.jp-mod-accept").click()
        code_cells = page.locator(".jp-Notebook .jp-CodeCell")
        expect(code_cells.last.locator(".jp-InputPrompt")).to_have_text(
            f"[{code_cells.count()}]:")
        explorer(page).locator("img").wait_for(state="attached")
        # Start from the top: scroll back up (JupyterLab renders only the cells in view, and
        # Run All leaves the view at the end), click the title, then the deck's button.
        page.locator(".jp-Notebook .jp-WindowedPanel-outer").first.evaluate(
            "panel => panel.scrollTo(0, 0)")
        title = page.locator(".jp-Notebook .jp-Cell").first.get_by_role("heading").first
        title.wait_for(state="visible")
        title.click()
        page.get_by_title("Toggle Deck").click()
        page.locator(PRESENTING).wait_for(state="attached")
        page.requests = requests
        page.walk = {}
        yield page
    finally:
        context.close()
        switch_deck_off(lab_url)


def starts(slide_types) -> list[int]:
    """The cells that start a slide or a sub-slide."""
    return [index for index, kind in enumerate(slide_types) if kind in ("slide", "subslide")]


def test_the_deck_starts_on_the_title_slide(deck, slide_types):
    assert deck.locator(".jp-Notebook .jp-Cell").count() == len(slide_types)
    title = deck.locator(".jp-Notebook .jp-Cell").first.get_by_role("heading").first
    expect(title).to_be_visible()
    expect(title).to_be_in_viewport()
    second = starts(slide_types)[1]
    assert active(deck) == 0 and shown(deck) and max(shown(deck)) < second, shown(deck)


def test_space_walks_every_slide_and_shift_space_back(deck, slide_types):
    """Space goes down (sub-slides) or on (slides) to the end, Shift+Space back to the title."""
    last = starts(slide_types)[-1]
    seen = set(shown(deck))
    for _ in range(len(slide_types)):
        if active(deck) == last:
            break
        press(deck, "Space")
        seen |= shown(deck)
    assert active(deck) == last
    for _ in range(len(slide_types)):
        if active(deck) == 0:
            break
        press(deck, "Shift+Space")
        seen |= shown(deck)
    assert active(deck) == 0
    deck.walk["seen"] = seen
    assert set(starts(slide_types)) <= seen, sorted(set(starts(slide_types)) - seen)


def test_every_cell_but_skipped_ones_is_shown(deck, slide_types):
    seen = deck.walk.get("seen")
    assert seen is not None, "the walk through the deck did not run"
    missing = [index for index, kind in enumerate(slide_types)
               if kind not in ("skip", "notes") and index not in seen]
    assert not missing, (f"cells never shown: {missing}, "
                         f"slide types {[slide_types[index] for index in missing]}")


def test_a_slide_with_a_formula_shows_typeset_maths(deck):
    maths = deck.locator("mjx-container")
    press_until(deck, "ArrowRight", maths, limit=10)
    expect(on_screen(deck).locator("mjx-container").first).to_be_visible()


def test_the_explorer_slide_is_live(deck, slide_types):
    demo = deck.get_by_role("heading", name=re.compile("Interactive demo"))
    press_until(deck, "ArrowRight", demo, limit=len(slide_types))
    press_until(deck, "ArrowDown", deck.locator(".jupyter-widgets.widget-vbox img"),
                limit=len(slide_types))   # the explorer is one of the demo's sub-slides
    expect(explorer(deck).locator("img")).to_be_in_viewport()
    assert "M = 10" in wait_for_drawing(deck, "M = 10", timeout=120)
    type_into_slider(deck, 0, 50)
    wait_for_drawing(deck, "M = 50", timeout=120)
    assert "unbiased" in drawn_svg(deck)


def test_no_cell_printed_an_error(deck):
    errors = deck.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()


def test_exit_deck_returns_to_the_notebook(deck):
    deck.get_by_title("Exit Deck").click()
    expect(deck.locator(PRESENTING)).to_have_count(0)
    expect(deck.locator("#jp-main-statusbar")).to_be_visible()


def test_every_request_stayed_on_this_machine(deck):
    assert len(deck.requests) > 20, "the request recorder saw (almost) nothing"
    outside = [url for url in deck.requests if not is_local(url)]
    if outside:
        hosts = sorted({urlsplit(url).hostname or url for url in outside})
        pytest.fail(f"the slideshow asked outside this machine: {hosts}\n" + "\n".join(outside),
                    pytrace=False)
