"""Restart-and-run-all for the lecture notebooks, in place (what to do before committing).

    python tools/execute_notebooks.py                 # every notebook in notebooks/
    python tools/execute_notebooks.py notebooks/01_gaussian_collapse.ipynb

Each notebook runs top to bottom in a fresh kernel from its own folder, so execution
counts are 1..N and the stored outputs are exactly what nbval will compare. Every figure's
text alternative (``collapse_lib.plotting.describe_figure``, stored by the kernel in the
PNG output's metadata) is also written to its cell's ``mystnb.image.alt``, where the book
build (tools/build_book.py) reads a figure's alt text.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = ("The interactive explorer runs live in JupyterLab (run this notebook), "
                      "or as an app: voila notebooks/")


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    # No per-cell timestamps: a re-run that changes nothing leaves no diff.
    NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            # Widget state is not stored, so a stored widget view would only show "model
            # not found" (and a new random model id on every run): keep a plain hint.
            if WIDGET_VIEW in output.get("data", {}):
                output["data"] = {"text/plain": WIDGET_PLACEHOLDER}
        alt_texts = [output.get("metadata", {}).get("image/png", {}).get("alt")
                     for output in cell.get("outputs", [])]
        alt_texts = [text for text in alt_texts if text]
        cell.metadata.pop("mystnb", None)
        if alt_texts:       # myst-nb takes a cell's image options, one set per cell
            cell.metadata["mystnb"] = {"image": {"alt": " ".join(alt_texts)}}
    seconds = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)  # widget state is per session, not content
    nbformat.write(notebook, path)
    return seconds


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        print(f"{path.name}: {execute(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
