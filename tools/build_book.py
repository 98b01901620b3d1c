"""Build the course as a static website (Jupyter Book 1), ready to publish as plain files.

    python tools/build_book.py                    # -> build/book/_build/html/index.html
    python tools/build_book.py --output DIR       # -> DIR/_build/html

Every lecture notebook and every problem set's student version is rendered from its
stored outputs (nothing is executed), with the chapters in the order of book/_toc.yml.
Nothing is fetched from outside when the book is read: MathJax 3 comes from npm
(tools/web, installed here with ``npm ci`` if missing) and is copied to
build/book-static/mathjax, which the book serves as _static/mathjax. It stays outside any
folder named ``_static`` in the book's sources, where Jupyter Book would load every
script on every page. Figures carry their stored text alternatives (alt text).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "tools" / "web"
MATHJAX = WEB / "node_modules" / "mathjax" / "es5"
STATIC = ROOT / "build" / "book-static"      # book/_config.yml: html_static_path
DEFAULT_OUTPUT = ROOT / "build" / "book"


def install_web_assets() -> None:
    """MathJax (and axe-core, for the book's test) from tools/web/package-lock.json."""
    if not (MATHJAX.exists() and (WEB / "node_modules" / "axe-core").exists()):
        subprocess.run(["npm", "ci", "--prefix", str(WEB), "--no-audit", "--no-fund"],
                       check=True)


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    """Build the book into ``output``; return the folder holding index.html."""
    install_web_assets()
    shutil.rmtree(STATIC, ignore_errors=True)
    shutil.copytree(MATHJAX, STATIC / "mathjax")
    shutil.rmtree(output / "_build", ignore_errors=True)
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
               "build", str(ROOT), "--config", str(ROOT / "book" / "_config.yml"),
               "--toc", str(ROOT / "book" / "_toc.yml"), "--path-output", str(output),
               "--warningiserror", "--keep-going"]
    subprocess.run(command, check=True, cwd=ROOT)
    return output / "_build" / "html"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="folder for the build (the pages go to OUTPUT/_build/html)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    html = build(args.output.resolve())
    print(f"The book is in {html} ({time.perf_counter() - start:.1f} s); "
          f"open {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
