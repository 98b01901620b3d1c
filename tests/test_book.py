"""The course as a static book: built with the documented command, every page read in Chromium.

The book is built once (``python tools/build_book.py --output <temporary folder>``), served
by a plain local HTTP server, and every page is opened once in headless Chromium. The tests
then check what a reader gets: no request leaves the machine, every figure loads and has a
text alternative, every equation is typeset by the local MathJax (no raw TeX left), a
folded answer opens on click, every link between pages resolves, and axe-core (from npm,
tools/web) finds no serious or critical accessibility violation (WCAG 2.1 AA rules).
Screenshots of the pages that fail go to tests/artifacts/.
"""
from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import pytest

from benchmarks.bench_book import WAIT_FOR_MATH, page_load_seconds, toc_pages
from browser import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "tools" / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


READ_PAGE = """() => {
  const images = [...document.querySelectorAll('img')].map(img => ({
    src: img.currentSrc || img.src, loaded: img.complete && img.naturalWidth > 0,
    alt: (img.getAttribute('alt') || '').trim(),
    output: !!img.closest('.cell_output')}));
  const maths = [...document.querySelectorAll('.math')].map(el => ({
    typeset: !!el.querySelector('mjx-container'), text: el.textContent.slice(0, 80)}));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  return {images, maths, links, details: document.querySelectorAll('details').length,
          text: document.querySelector('main').innerText};
}"""


@pytest.fixture(scope="module")
def pages(book, browser):
    """Every page opened once: {page: what it loaded and holds, and axe's violations}."""
    html, base = book
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    found = {}
    for name in toc_pages():
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        start = time.perf_counter()
        page.goto(f"{base}/{name}", wait_until="load")
        page.evaluate(WAIT_FOR_MATH)
        record = page.evaluate(READ_PAGE)
        record["seconds"] = time.perf_counter() - start
        record["requests"] = requests
        record["url"] = page.url
        if record["details"]:
            first = page.locator("details").first
            first.locator("summary").click()
            record["opened"] = first.evaluate("details => details.open")
        # Colours are measured at rest: no theme transition or animation half-way.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important;"
                                   " animation: none !important; }")
        page.wait_for_timeout(100)
        page.add_script_tag(path=str(AXE))
        record["violations"] = page.evaluate(
            "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))", AXE_TAGS)
        record["page"] = page
        found[name] = record
    yield found
    context.close()


def failed(pages, names, what):
    """Screenshot the failing pages into tests/artifacts, and say which they are."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name in names:
        pages[name]["page"].screenshot(
            path=str(ARTIFACTS / f"book-{Path(name).stem}.png"), full_page=False)
    return f"{what}: {sorted(names)}"


def test_every_chapter_and_problem_set_has_a_page(book, pages, browser):
    html, base = book
    sources = [*ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"),
               *ROOT.glob("exercises/release/*/*.ipynb")]
    expected = {str(path.relative_to(ROOT).with_suffix(".html")) for path in sources}
    assert set(toc_pages()) == expected and len(pages) == len(expected) >= 16
    for name in toc_pages():
        assert (html / name).exists(), name
    assert "Start here" in pages["notebooks/00_start_here.html"]["text"]
    page = browser.new_page()                    # the site's front door: index.html
    page.goto(f"{base}/index.html")
    page.wait_for_url("**/notebooks/00_start_here.html")
    page.close()


def test_no_request_leaves_the_machine(book, pages):
    _, base = book
    outside = {name: [url for url in record["requests"]
                      if not url.startswith((base, "data:", "blob:"))]
               for name, record in pages.items()}
    outside = {name: urls for name, urls in outside.items() if urls}
    assert not outside, failed(pages, outside, f"outside requests {outside}")
    assert all(any("_static/mathjax/" in url for url in record["requests"])
               for record in pages.values() if record["maths"])


def test_every_figure_loads_and_says_what_it_shows(pages):
    broken = {name for name, record in pages.items()
              if not all(image["loaded"] for image in record["images"])}
    assert not broken, failed(pages, broken, "images that did not load")
    # A figure's alt text is its stored description ("Figure, 2 panels. ..."), not the
    # file name Sphinx falls back to.
    silent = {name for name, record in pages.items()
              if any(image["output"] and not image["alt"].startswith("Figure, ")
                     for image in record["images"])}
    assert not silent, failed(pages, silent, "figures without a text alternative")
    assert sum(image["output"] for record in pages.values() for image in record["images"]) >= 40


def test_every_equation_is_typeset(pages):
    raw = {name: [math["text"] for math in record["maths"] if not math["typeset"]]
           for name, record in pages.items()}
    raw = {name: texts for name, texts in raw.items() if texts}
    assert not raw, failed(pages, raw, f"equations left as TeX {raw}")
    assert sum(len(record["maths"]) for record in pages.values()) >= 10
    left = {name for name, record in pages.items()
            if "$$" in record["text"] or "\\frac" in record["text"]}
    assert not left, failed(pages, left, "raw TeX in the text")


def test_folded_answers_are_folded_and_open_on_click(pages):
    with_answers = {name: record for name, record in pages.items() if record["details"]}
    assert len(with_answers) >= 9
    for name, record in with_answers.items():
        assert record["opened"] is True, name
    for record in with_answers.values():
        folded = record["page"].locator("details").nth(1)
        if record["details"] > 1:
            assert folded.evaluate("details => !details.open")


def test_every_link_between_pages_resolves(book, pages):
    html, base = book
    missing = set()
    for name, record in pages.items():
        for link in record["links"]:
            if not link.startswith(base):
                continue
            path = urllib.parse.urlparse(link).path.lstrip("/")
            if not (html / urllib.parse.unquote(path)).exists():
                missing.add((name, link))
    assert not missing, failed(pages, {name for name, _ in missing}, f"broken links {missing}")
    chapter = pages["notebooks/01_gaussian_collapse.html"]["links"]
    assert f"{base}/notebooks/02_tails_markov_chain.html" in chapter


def test_axe_finds_no_serious_or_critical_violation(pages):
    bad = {name: [v for v in record["violations"] if v["impact"] in ("serious", "critical")]
           for name, record in pages.items()}
    bad = {name: violations for name, violations in bad.items() if violations}
    assert not bad, failed(pages, bad, f"axe-core violations {bad}")


def test_the_page_benchmark_times_every_page(book, browser):
    """benchmarks/bench_book.py on the built book: every page timed (figures printed)."""
    _, base = book
    seconds = page_load_seconds(browser, base, repeats=1)
    assert set(seconds) == set(toc_pages()) and all(0 < s < 60 for s in seconds.values())
