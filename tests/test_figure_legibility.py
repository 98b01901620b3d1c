"""Projector legibility: no text smaller than 12 pt at the size a notebook column shows it.

What a student or a projector sees is a figure scaled to the notebook's column, so the
rule is about apparent sizes, not the sizes set in matplotlib:

- A text of F pt in a figure rendered at D dpi is F * D / 72 image pixels high.
- JupyterLab shows a PNG at its natural size, one image pixel per CSS px (the inline
  backend renders at the figure's dpi, ``bbox_inches="tight"``, and sends no ``width``
  metadata unless retina output is configured), or scaled down to the column if wider
  (``max-width: 100%``). Scale: min(1, COLUMN_PX / the PNG's width in CSS px).
- 1 CSS px = 0.75 pt. So the apparent size is F * D / 72 * scale * 0.75 pt.

Notebook figures are measured for real: each notebook runs (nbclient, its folder as the
working directory, kernel python3) after an injected first cell that wraps the kernel's
PNG formatter for figures. For every figure displayed, it records the figure's size and
dpi, the PNG's width, and the font size of every text matplotlib actually draws (tick
labels, axis labels, titles, legends, suptitle and caption, annotations, colorbars).
Explorer cells draw an SVG into a widget, not a PNG, so they are not measured there:
every explorer's default figure is checked below against the same rule, shown at the
width of the widget's image.
"""
from __future__ import annotations

import base64
import json
import struct
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

MIN_PT = 12.0
PT_PER_CSS_PX = 0.75
# The width of a notebook output area, in CSS px, measured once in JupyterLab 4.6.6 in
# headless Chromium at a 1280x720 viewport (a projector), device pixel ratio 1, with the
# default layout (the file browser open on the left, 250 px), on the notebooks' own copies
# served as in tests/browser.py: `.jp-OutputArea-output` is 848 px wide, and PNGs wider
# than that were shown 848 px wide (natural width below it: shown at natural size).
# With the left sidebar collapsed (Ctrl+B) the column is 1100 px.
COLUMN_PX = 848
# The explorer's SVG image (an ipywidgets Image, max-width 100%) inside its VBox: shown
# 844 px wide in that column (measured the same way: natural width 1190 px, shown 844).
WIDGET_IMAGE_PX = 844

# Shared by the kernel (injected below) and this process: record every text matplotlib
# draws while `_texts` is active.
RECORDER = '''
from contextlib import contextmanager as _contextmanager
from matplotlib.text import Text as _Text


@_contextmanager
def _recording_texts():
    drawn, original = [], _Text.draw

    def draw(self, renderer, *args, **kwargs):
        if self.get_visible() and self.get_text().strip():
            drawn.append((float(self.get_fontsize()), self.get_text()))
        return original(self, renderer, *args, **kwargs)

    _Text.draw = draw
    try:
        yield drawn
    finally:
        _Text.draw = original
'''

# The injected first cell: wrap the kernel's PNG formatter for figures.
HOOK = RECORDER + '''
import base64 as _base64, struct as _struct
import matplotlib.pyplot as _plt

_plt.close(_plt.figure())  # the inline backend registers its formatters on first use
from matplotlib.figure import Figure as _Figure

_legibility = {"cell": -1, "figures": []}
get_ipython().events.register(
    "pre_run_cell", lambda info: _legibility.update(cell=_legibility["cell"] + 1,
                                                    source=info.raw_cell))
_png = get_ipython().display_formatter.formatters["image/png"]
_original_png = _png.lookup_by_type(_Figure)


def _measured_png(figure, *args, **kwargs):
    with _recording_texts() as drawn:
        result = _original_png(figure, *args, **kwargs)
    data, metadata = result if isinstance(result, tuple) else (result, {})
    raw = _base64.b64decode(data) if isinstance(data, str) else data
    width, height = _struct.unpack(">II", raw[16:24])
    smallest = min(drawn, default=(float("inf"), ""))
    _legibility["figures"].append({
        "cell": _legibility["cell"], "source": _legibility["source"],
        "inches": [round(float(x), 2) for x in figure.get_size_inches()],
        "dpi": float(figure.dpi), "png_px": [width, height],
        "css_width": float((metadata or {}).get("width", width)),
        "smallest_pt": smallest[0], "smallest_text": smallest[1]})
    return result


_png.for_type(_Figure, _measured_png)
'''
REPORT = 'import json as _json; print(_json.dumps(_legibility["figures"]))'

namespace: dict = {}
exec(RECORDER, namespace)
recording_texts = namespace["_recording_texts"]


def apparent_pt(font_pt: float, *, image_px_per_pt: float, natural_css_px: float,
                shown_px: float = COLUMN_PX) -> float:
    """The size a text of ``font_pt`` appears at, in pt, once the image is in the column.

    ``image_px_per_pt`` converts the font to CSS px at the image's natural size (D / 72 for
    a PNG at D dpi without width metadata; 96 / 72 for an SVG, whose sizes are in pt).
    """
    scale = min(1.0, shown_px / natural_css_px)
    return font_pt * image_px_per_pt * scale * PT_PER_CSS_PX


def test_apparent_size_follows_the_column():
    # 14 pt at 100 dpi in a 10-inch figure (1000 px) is shown at 848/1000 of its size.
    assert apparent_pt(14, image_px_per_pt=100 / 72, natural_css_px=1000) == \
        pytest.approx(14 * 100 / 72 * 0.848 * 0.75)
    # A narrow PNG is not enlarged: 12 pt at 96 dpi stays 12 pt.
    assert apparent_pt(12, image_px_per_pt=96 / 72, natural_css_px=500) == pytest.approx(12)


def run_measured(path: Path) -> tuple[list[dict], list[int]]:
    """Execute a notebook with the hook; return its figures and its code cells' indices."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    executed = [i for i, cell in enumerate(notebook.cells)
                if cell.cell_type == "code" and cell.source.strip()]
    notebook.cells.insert(0, nbformat.v4.new_code_cell(HOOK))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(notebook, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    report = notebook.cells[-1].outputs[0]["text"]
    figures = json.loads(report)
    for figure in figures:  # pre_run_cell counts the notebook's own cells, from 0
        figure["cell"] = executed[figure.pop("cell")]
        assert figure.pop("source") == notebook.cells[figure["cell"] + 1].source
    shown = sum("image/png" in output.get("data", {}) for cell in notebook.cells
                for output in cell.get("outputs", []))
    assert len(figures) == shown, "a PNG figure was displayed without being measured"
    return figures, executed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_figures_are_legible_in_the_column(path):
    figures, _ = run_measured(path)
    too_small = []
    for figure in figures:
        # Rendered at the figure's dpi, one image px per CSS px (retina output: twice the
        # dpi and half the width in its metadata): a pt is dpi / 72 CSS px either way.
        size = apparent_pt(figure["smallest_pt"], image_px_per_pt=figure["dpi"] / 72,
                           natural_css_px=figure["css_width"])
        if size < MIN_PT:
            too_small.append(
                f"{path.name} cell {figure['cell']}: figure {figure['inches'][0]:g} x "
                f"{figure['inches'][1]:g} in at {figure['dpi']:g} dpi (PNG "
                f"{figure['png_px'][0]} px wide, shown at "
                f"{min(1, COLUMN_PX / figure['css_width']):.2f}): smallest text "
                f"{figure['smallest_pt']:g} pt {figure['smallest_text']!r} appears at "
                f"{size:.1f} pt")
    assert not too_small, (f"text under {MIN_PT:g} pt in a {COLUMN_PX} px column:\n"
                           + "\n".join(too_small))


def explorer_factories():
    from collapse_lib.widgets import (bias_variance_explorer, gaussian_explorer,
                                      generative_explorer, language_explorer,
                                      regression_explorer, tail_explorer)
    return {"gaussian": gaussian_explorer, "tail": tail_explorer,
            "regression": regression_explorer, "bias_variance": bias_variance_explorer,
            "language": language_explorer,
            "generative": lambda: generative_explorer(n_generations=3)}


@pytest.mark.parametrize("name", ["gaussian", "tail", "regression", "bias_variance",
                                  "language", "generative"])
def test_explorer_figures_are_legible_in_the_column(name):
    from collapse_lib.core.plotting import figure_svg

    explorer = explorer_factories()[name]()
    assert explorer.message.value == ""
    with recording_texts() as drawn:
        figure_svg(explorer.figure)
    assert drawn, "no text drawn"
    width_pt = explorer.figure.get_figwidth() * 72  # the SVG's width
    too_small = sorted({(font, text) for font, text in drawn
                        if apparent_pt(font, image_px_per_pt=96 / 72,
                                       natural_css_px=width_pt * 96 / 72,
                                       shown_px=WIDGET_IMAGE_PX) < MIN_PT})
    assert not too_small, (
        f"{name} explorer, {explorer.figure.get_figwidth():g} in wide, shown "
        f"{WIDGET_IMAGE_PX} px wide: text under {MIN_PT:g} pt: {too_small[:5]}")
