"""Speed of the course's website: the build, and every page's load from local files.

    python -m benchmarks.bench_book                  # build, then time every page
    python -m benchmarks.bench_book --html DIR       # time the pages of a built book

The build is ``python tools/build_book.py`` (target <= 60 s). Each page is then opened in
headless Chromium (Debian's ``chromium``) from a local HTTP server and timed until it has
loaded and MathJax has typeset it (target <= 2 s a page). The median over 3 loads.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.local_server import serve_folder

ROOT = Path(__file__).resolve().parent.parent
TOC = ROOT / "book" / "_toc.yml"
CHROMIUM = "/usr/bin/chromium"
WAIT_FOR_MATH = ("async () => { if (window.MathJax && MathJax.startup) "
                 "{ await MathJax.startup.promise; } }")


def toc_pages() -> list[str]:
    """The page of every notebook book/_toc.yml lists, root first."""
    files = [line.split(":", 1)[1].strip() for line in TOC.read_text().splitlines()
             if line.strip().startswith(("root:", "- file:"))]
    return [f"{file}.html" for file in files]


def page_load_seconds(browser, base: str, *, repeats: int = 3) -> dict[str, float]:
    """Median seconds from navigation to a loaded, typeset page, for every book page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seconds = {}
    for name in toc_pages():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            page.goto(f"{base}/{name}", wait_until="load")
            page.evaluate(WAIT_FOR_MATH)
            times.append(time.perf_counter() - start)
        seconds[name] = statistics.median(times)
    context.close()
    return seconds


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="a built book's html folder (no build)")
    args = parser.parse_args(argv)
    result = {}
    with tempfile.TemporaryDirectory() as scratch:
        html = args.html
        if html is None:
            start = time.perf_counter()
            subprocess.run([sys.executable, "tools/build_book.py", "--output", scratch],
                           cwd=ROOT, check=True, capture_output=True)
            result["build"] = time.perf_counter() - start
            html = Path(scratch) / "_build" / "html"
            print(f"book build: {result['build']:.1f} s   (target <= 60 s)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright, serve_folder(html) as base:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--headless", "--no-sandbox"])
            loads = page_load_seconds(browser, base)
            browser.close()
    for name, seconds in loads.items():
        print(f"  {name:60} {1000 * seconds:6.0f} ms")
    slowest = max(loads.values())
    print(f"slowest page: {1000 * slowest:.0f} ms   (target <= 2,000 ms)")
    result.update(slowest_page=slowest, median_page=statistics.median(loads.values()))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
