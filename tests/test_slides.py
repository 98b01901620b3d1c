"""Handout decks fit their 1280x720 canvas, and load nothing from outside the machine.

tools/make_slides.py builds each lecture notebook's reveal.js deck into a temporary folder,
with reveal.js and MathJax from tools/web/node_modules (installed here with ``npm ci`` when
missing). A small HTTP server on 127.0.0.1 serves the decks and those modules; headless
Chromium opens each deck in a 1280x720 window (one page per deck), waits for reveal.js,
MathJax's typesetting, the fonts and the figures, then visits every slide (vertical
sub-slides included, every fragment shown) and measures how far its content reaches.

The measurement (tests/measure_slides.js) is in canvas pixels: reveal.js scales the
1280x720 canvas (``.slides``) to fit the window, so screen distances from the canvas's
corner are divided by that scale. It measures what can be seen (text, figures, formulas,
controls), not the boxes around them. A slide overflows when any of its content reaches
past x = 1280 or y = 720, or is cut off by a box that hides or scrolls its overflow (a long
code line behind the editor's edge). Folded ``<details>`` count with their summary only.

Needs Debian's chromium (see tests/browser.py) and npm: outside CI a missing one skips these
tests, in CI (``CI`` set) it fails them.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from tools.make_slides import HEIGHT, MATHJAX_SCRIPT, REVEAL_DIR, WEB_MODULES, WIDTH, build_deck

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LOCAL_SCHEMES = {"data", "blob"}
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"

MEASURE_SLIDES = (Path(__file__).with_name("measure_slides.js")).read_text()


def require_npm():
    """Skip without npm; in CI (``CI`` set) fail instead."""
    if shutil.which("npm"):
        return
    message = "npm is not installed (apt-get install npm): it installs reveal.js and MathJax"
    if os.environ.get("CI"):
        pytest.fail(message + ": CI must install it")
    pytest.skip(message)


@pytest.fixture(scope="session")
def web_modules() -> Path:
    """tools/web/node_modules, installed with ``npm ci`` if missing."""
    if not ((REVEAL_DIR / "dist" / "reveal.js").is_file() and MATHJAX_SCRIPT.is_file()):
        require_npm()
        done = subprocess.run(["npm", "ci", "--prefix", str(WEB_MODULES.parent)],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    return WEB_MODULES


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format, *args):
        pass


class LocalServer(ThreadingHTTPServer):
    """An HTTP server for which a browser dropping a connection (a page closed) is no error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def site(tmp_path_factory, web_modules):
    """A folder served on 127.0.0.1: ``node_modules/`` (tools/web's) and ``decks/``.

    Yields ``(base URL, decks folder)``; decks built into that folder with
    :func:`local_deck` find reveal.js and MathJax through relative URLs.
    """
    folder = tmp_path_factory.mktemp("site")
    (folder / "node_modules").symlink_to(web_modules, target_is_directory=True)
    (folder / "decks").mkdir()
    server = LocalServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder / "decks"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def local_deck(notebook: Path, decks: Path) -> Path:
    """The notebook's deck in ``decks``, with reveal.js and MathJax from the local server."""
    return build_deck(notebook, decks, reveal_prefix="../node_modules/reveal.js",
                      mathjax_url="../node_modules/mathjax/es5/tex-chtml-full.js")


def measure(browser, url: str):
    """Open a deck in a 1280x720 window; returns (slides, outside requests, page errors).

    Every request is recorded; those that would leave 127.0.0.1 are aborted.
    """
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    outside, errors = [], []

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        page.add_style_tag(content=NO_MOTION)
        page.wait_for_function("window.Reveal !== undefined")
        slides = page.evaluate(MEASURE_SLIDES)
    finally:
        context.close()
    return slides, outside, errors


def fits(slide) -> bool:
    """Whether a measured slide's content lies inside the canvas (to the pixel), uncut."""
    return (slide["left"] >= 0 and slide["top"] >= 0 and not slide["cut"]
            and slide["right"] <= WIDTH and slide["bottom"] <= HEIGHT)


def overflowing(notebook: Path, slides) -> list[str]:
    """One line per slide of ``slides`` that does not fit: where it is (as reveal.js counts,
    from 0: slide 3.1 is the deck's #/3/1), its cells (indices in the notebook), its first
    words, and how far its content reaches."""
    index = {cell.id: number for number, cell in
             enumerate(nbformat.read(notebook, as_version=4).cells)}
    lines = []
    for slide in slides:
        if not fits(slide):
            cells = ", ".join(str(index.get(cell, cell)) for cell in slide["cells"])
            lines.append(f"{notebook.name} slide {slide['h']}.{slide['v']} (cells {cells}) "
                         f"{slide['text'][:60]!r}: height {slide['bottom']} px, "
                         f"width {slide['right']} px"
                         + (f", cut off by their box: {slide['cut'][:3]}" if slide["cut"] else ""))
    return lines


@pytest.fixture(scope="module")
def measured(browser, site):
    """``measured(notebook)``: the measurement of its deck, made once, when first asked for."""
    base, decks = site

    @functools.cache
    def measure_deck(notebook: Path):
        return measure(browser, f"{base}/decks/{local_deck(notebook, decks).name}")

    return measure_deck


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_slide_fits_the_canvas(measured, notebook):
    slides, _, errors = measured(notebook)
    assert not errors, f"{notebook.name}: the deck raised {errors}"
    assert slides, f"{notebook.name}: no slides"
    if "$" in "".join(cell.source for cell in nbformat.read(notebook, as_version=4).cells
                      if cell.cell_type == "markdown"):
        assert sum(slide["math"] for slide in slides), f"{notebook.name}: MathJax typeset nothing"
    too_big = overflowing(notebook, slides)
    if too_big:
        pytest.fail(f"{len(too_big)} slide(s) overflow the {WIDTH}x{HEIGHT} canvas:\n"
                    + "\n".join(too_big), pytrace=False)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_decks_load_nothing_from_outside(measured, notebook):
    _, outside, _ = measured(notebook)
    if outside:
        hosts = sorted({urlsplit(url).hostname or url for url in outside})
        pytest.fail(f"{notebook.name} asked outside 127.0.0.1: {hosts}\n" + "\n".join(outside),
                    pytrace=False)


def test_measurement_tells_a_small_slide_from_a_large_one(browser, site, tmp_path):
    """A throwaway deck of known slides: what fits passes, what is too tall, too wide or cut
    off fails (a fragment's content included), sizes come out in canvas pixels, and the tag
    conventions hold."""
    base, decks = site
    v4 = nbformat.v4
    picture = '<svg width="{}" height="{}"><rect width="100%" height="100%" fill="#bbb"/></svg>'
    markdown, code = v4.new_markdown_cell, v4.new_code_cell
    cut_lines = "<br>".join(f"line {number}" for number in range(10))
    slides = {  # title: (fits, cells as (slide type, cell))
        "Tiny": (True, [("slide", markdown("# Tiny"))]),
        "Picture": (True, [("slide", markdown(picture.format(1000, 600)))]),
        "Nearly full": (True, [("slide", markdown("## Nearly full\n\n"
                                                  + picture.format(1100, 560)))]),
        "Tall": (False, [("slide", markdown("## Tall\n\n" + picture.format(400, 900)))]),
        "Wide picture": (True, [("slide", markdown("## Wide picture\n\n"   # shrinks to fit
                                                   + picture.format(1500, 100)))]),
        "Wide table": (False, [("slide", markdown("## Wide table\n\n" + "| column " * 30
                                                  + "|\n" + "|---" * 30 + "|"))]),
        "Long line": (False, [("slide", markdown("## Long line")),
                              ("-", code("x = 1  # " + "many words " * 30))]),
        "Cut": (False, [("slide", markdown("## Cut\n\n<div style='height: 2em; overflow: hidden'>"
                                           + cut_lines + "</div>"))]),
        "Fragment": (False, [("slide", markdown("## Fragment")),
                             ("fragment", markdown(picture.format(400, 900)))]),
        "Folded": (True, [("slide", markdown("## Folded\n\n<details><summary>Solution</summary>"
                                             f"\n\n{picture.format(400, 900)}\n\n</details>"))]),
        "Output": (True, [
            ("slide", code("print('Output alone')", metadata={"tags": ["hide-input"]},
                           outputs=[v4.new_output("stream", text="Output alone\n")])),
            ("-", code("print('removed')", metadata={"tags": ["remove-cell"]})),
            ("skip", markdown("skipped"))]),
    }
    cells = []
    for _, deck_cells in slides.values():
        for slide_type, cell in deck_cells:
            cell.metadata["slideshow"] = {"slide_type": slide_type}
            cells.append(cell)
    path = tmp_path / "calibration.ipynb"
    nbformat.write(v4.new_notebook(cells=cells), path)

    deck = local_deck(path, decks)
    html = deck.read_text()
    assert "Output alone" in html and "print(" not in html and "skipped" not in html
    measured, outside, errors = measure(browser, f"{base}/decks/{deck.name}")
    assert not outside and not errors
    assert len(measured) == len(slides) and measured[-1]["text"] == "Output alone"
    assert {title: fits(slide) for title, slide in zip(slides, measured)} == \
        {title: fit for title, (fit, _) in slides.items()}
    found = dict(zip(slides, measured))
    assert 0.5 < found["Tiny"]["scale"] < 1   # reveal.js scaled the canvas down a little
    picture_only = found["Picture"]           # canvas pixels, not screen pixels
    assert picture_only["bottom"] - picture_only["top"] == 600
    assert picture_only["right"] - picture_only["left"] == 1000
    assert found["Tiny"]["bottom"] < HEIGHT / 2 + 50 and found["Nearly full"]["bottom"] > 600
    assert found["Tall"]["bottom"] > 900 and found["Fragment"]["bottom"] > 900
    assert found["Wide table"]["right"] > 1500 and found["Long line"]["right"] > WIDTH
    cut = found["Cut"]   # inside the canvas, but the lines below the box's 2em are hidden
    assert cut["bottom"] < HEIGHT and "line 0" not in cut["cut"] and "line 9" in cut["cut"]
    assert len(overflowing(path, measured)) == sum(not fit for fit, _ in slides.values())
