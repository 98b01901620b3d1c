"""Previous / contents / next links at the top and the bottom of every lecture notebook.

    python tools/navigation.py            # rewrite the links where they differ
    python tools/navigation.py --check    # exit 1, naming the notebooks, if any differ

The chapters, in order, with the short names the links show, are listed once below
(:data:`CHAPTERS`); a chapter whose notebook does not exist yet is shown, unlinked, as
"in preparation". In each notebook the first cell and the last cell hold one link line
starting with ``[Contents](00_start_here.ipynb)`` (continued on a second line starting with
"Next:" when it would pass 90 characters); the script replaces exactly that line and
nothing else, so running it twice changes nothing (a test runs it with ``--check``).
Outputs are untouched: the links are markdown.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONTENTS = "00_start_here"
# (notebook stem, the short name the links show), in the course's order.
CHAPTERS = (
    ("00_start_here", "00 · Start here"),
    ("01_gaussian_collapse", "01 · Gaussian collapse"),
    ("02_tails_markov_chain", "02 · Tails"),
    ("03_regression_chain", "03 · The regression chain"),
    ("04_bias_variance", "04 · Bias and variance"),
    ("05_scaling_laws", "05 · Scaling laws"),
    ("06_mitigations", "06 · Mitigations"),
    ("07_real_data_lab", "07 · Real-data lab"),
    ("08_generative_lab", "08 · Generative lab"),
    ("09_summary", "09 · Summary"),
)
WIDTH = 90
# The link line, and its continuation line when it was wrapped.
LINKS = re.compile(r"^\[Contents\]\(00_start_here\.ipynb\)[^\n]*(?:\nNext:[^\n]*)?", re.M)


def _reference(index: int) -> str:
    stem, name = CHAPTERS[index]
    if (NOTEBOOKS / f"{stem}.ipynb").exists():
        return f"[{name}]({stem}.ipynb)"
    return f"{name} (in preparation)"


def links(stem: str) -> str:
    """The link line of one notebook (wrapped before "Next:" past :data:`WIDTH` characters).

    Examples
    --------
    >>> links("01_gaussian_collapse").splitlines()[0]
    '[Contents](00_start_here.ipynb) · Previous: [00 · Start here](00_start_here.ipynb) ·'
    """
    index = [name for name, _ in CHAPTERS].index(stem)
    parts = [f"[Contents]({CONTENTS}.ipynb)"]
    if index > 0:
        parts.append(f"Previous: {_reference(index - 1)}")
    following = f"Next: {_reference(index + 1)}" if index + 1 < len(CHAPTERS) else ""
    line = " · ".join(parts)
    if not following:
        return line
    joined = f"{line} · {following}"
    return joined if len(joined) <= WIDTH else f"{line} ·\n{following}"


def update(path: Path) -> bool:
    """Rewrite the first and last cells' link lines of one notebook; True if it changed."""
    notebook = nbformat.read(path, as_version=4)
    wanted = links(path.stem)
    changed = False
    for cell in {id(c): c for c in (notebook.cells[0], notebook.cells[-1])}.values():
        found = LINKS.search(cell.source)
        if found is None:
            raise ValueError(f"{path.name}: a first and a last cell with a line starting "
                             f"'[Contents](00_start_here.ipynb)' are required")
        if found.group(0) != wanted:
            cell.source = cell.source[:found.start()] + wanted + cell.source[found.end():]
            changed = True
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook's links differ")
    args = parser.parse_args(argv)
    known = {stem for stem, _ in CHAPTERS}
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    unknown = [path.name for path in paths if path.stem not in known]
    if unknown:
        print(f"not in tools/navigation.py's CHAPTERS: {', '.join(unknown)}")
        return 1
    if args.check:
        differ = [path.name for path in paths
                  if _current(path) != [links(path.stem)] * 2]
        for name in differ:
            print(f"{name}: links differ (run python tools/navigation.py)")
        return 1 if differ else 0
    for path in paths:
        if update(path):
            print(f"{path.name}: links rewritten")
    return 0


def _current(path: Path) -> list[str]:
    cells = nbformat.read(path, as_version=4).cells
    return [found.group(0) if (found := LINKS.search(cell.source)) else ""
            for cell in (cells[0], cells[-1])]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
