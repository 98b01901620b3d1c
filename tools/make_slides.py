"""Handout slide decks: lecture notebooks as reveal.js decks on a 1280x720 canvas.

    python tools/make_slides.py notebooks/01_gaussian_collapse.ipynb [more notebooks]
    python tools/make_slides.py notebooks/*.ipynb --offline     # after: npm ci --prefix tools/web

Each notebook becomes ``<output dir>/<name>.slides.html`` (default output dir: slides/),
built from its stored outputs: nothing is executed. The cells' ``slideshow.slide_type``
metadata makes the slides (``skip`` cells are left out); a code cell tagged ``hide-input``
shows only its output and a cell tagged ``remove-cell`` is left out.

reveal.js and MathJax come from nbconvert's default public CDN unless ``--reveal-prefix``
and ``--mathjax-url`` say otherwise; ``--offline`` points both at tools/web/node_modules by
relative URLs, so the deck works opened as a file (Chromium) or served with the repository
(``python -m http.server``). The deck template is tools/slides.html.j2; the browser test
tests/test_slides.py checks that every slide fits the canvas.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().with_name("slides.html.j2")
WEB_MODULES = ROOT / "tools" / "web" / "node_modules"
REVEAL_DIR = WEB_MODULES / "reveal.js"
MATHJAX_SCRIPT = WEB_MODULES / "mathjax" / "es5" / "tex-chtml-full.js"
WIDTH, HEIGHT = 1280, 720


def exporter(reveal_prefix: str | None = None, mathjax_url: str | None = None) -> SlidesExporter:
    """nbconvert's SlidesExporter with the course's tags, canvas size and template."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    config.SlidesExporter.reveal_width = str(WIDTH)
    config.SlidesExporter.reveal_height = str(HEIGHT)
    config.SlidesExporter.reveal_theme = "white"  # its fonts ship with reveal.js
    if reveal_prefix:
        config.SlidesExporter.reveal_url_prefix = reveal_prefix
    if mathjax_url:
        config.SlidesExporter.mathjax_url = mathjax_url
    return SlidesExporter(config=config, template_file=str(TEMPLATE))


def build_deck(notebook_path, output_dir, *, reveal_prefix: str | None = None,
               mathjax_url: str | None = None) -> Path:
    """Write the deck of one notebook into ``output_dir``; returns the deck's path.

    ``reveal_prefix`` is the URL of a reveal.js 4 folder (the one holding dist/) and
    ``mathjax_url`` the URL of a MathJax script; relative URLs are relative to the deck.
    None means nbconvert's default (a public CDN).
    """
    notebook_path, output_dir = Path(notebook_path), Path(output_dir)
    notebook = nbformat.read(notebook_path, as_version=4)
    resources = {"metadata": {"name": notebook_path.stem},
                 "needs_mermaid": "mermaid" in nbformat.writes(notebook)}
    html, _ = exporter(reveal_prefix, mathjax_url).from_notebook_node(notebook, resources)
    output_dir.mkdir(parents=True, exist_ok=True)
    deck = output_dir / f"{notebook_path.stem}.slides.html"
    deck.write_text(html, encoding="utf-8")
    return deck


def relative_url(target: Path, start: Path) -> str:
    """The URL of ``target`` relative to a page in the folder ``start``."""
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--output-dir", type=Path, default=Path("slides"))
    parser.add_argument("--reveal-prefix", help="URL of reveal.js 4 (default: nbconvert's CDN)")
    parser.add_argument("--mathjax-url",
                        help="URL of the MathJax script (default: nbconvert's CDN)")
    parser.add_argument("--offline", action="store_true",
                        help="use reveal.js and MathJax from tools/web/node_modules")
    args = parser.parse_args(argv)
    if args.offline:
        if not (REVEAL_DIR.is_dir() and MATHJAX_SCRIPT.is_file()):
            parser.error("tools/web/node_modules is missing: run  npm ci --prefix tools/web")
        args.output_dir.mkdir(parents=True, exist_ok=True)
        args.reveal_prefix = args.reveal_prefix or relative_url(REVEAL_DIR, args.output_dir)
        args.mathjax_url = args.mathjax_url or relative_url(MATHJAX_SCRIPT, args.output_dir)
    for notebook in args.notebooks:
        deck = build_deck(notebook, args.output_dir, reveal_prefix=args.reveal_prefix,
                          mathjax_url=args.mathjax_url)
        print(deck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
