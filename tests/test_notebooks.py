"""Course conventions for the lecture notebooks (CONTRIBUTING.md): structure and hygiene.

The outputs themselves are checked by strict nbval (pytest --nbval runs every notebook).
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/[a-z])")
MAX_CELL_LINES = 16


def load(path):
    return json.loads(path.read_text())


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def code_cells(notebook):
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def markdown(notebook):
    return "\n".join(source(c) for c in notebook["cells"] if c["cell_type"] == "markdown")


def test_the_course_has_its_first_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_start_here.ipynb", "01_gaussian_collapse.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order_without_errors(path):
    cells = code_cells(load(path))
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", source(cell)
            assert len(json.dumps(output)) < 1_000_000
            if output["output_type"] == "execute_result":
                assert "<Figure size" not in "".join(output["data"].get("text/plain", "")), \
                    "end plotting cells with plt.show()"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_are_short_clean_and_sliced(path):
    notebook = load(path)
    for cell in notebook["cells"]:
        text = source(cell)
        assert "slideshow" in cell["metadata"], text[:60]
        assert cell["metadata"]["slideshow"]["slide_type"] != "-", \
            'continue a slide with "" (the live slideshow never shows "-")'
        assert not MACHINE_PATH.search(text) and not MACHINE_PATH.search(json.dumps(cell.get("outputs", [])))
        if cell["cell_type"] == "code":
            assert len(text.splitlines()) <= MAX_CELL_LINES, f"cell too long:\n{text}"
            assert "sys.path" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_are_only_widgets_or_timings_with_a_reason(path):
    for cell in code_cells(load(path)):
        lines = [line.strip() for line in source(cell).splitlines()]
        if "# NBVAL_IGNORE_OUTPUT" not in lines:
            continue
        comments = [line for line in lines if line.startswith("#") and "NBVAL_" not in line]
        assert comments, "NBVAL_IGNORE_OUTPUT needs a second comment line saying why"
        assert re.search(r"_explorer\(|time", source(cell)), source(cell)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_structure(path):
    text = markdown(load(path))
    assert text.lstrip().startswith("# "), "a title first"
    for required in ("Learning objectives", "Estimated time", "Think!", "<details>", "Recap",
                     "References"):
        assert required in text, f"missing {required!r}"
    if not path.name.startswith("00"):
        assert any("_explorer(" in source(c) for c in code_cells(load(path))), "no explorer"
        assert re.search(r"arXiv:\d{4}\.\d{4,5}", text), "references need arXiv ids"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_point_to_files_that_exist(path):
    for target in re.findall(r"\]\(([^)#]+?)\)", markdown(load(path))):
        if not target.startswith("http"):
            assert (path.parent / target).exists(), f"link to missing {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_converts_to_a_slide_deck(path):
    from nbconvert import SlidesExporter

    html, _ = SlidesExporter().from_filename(str(path))
    slides = sum(1 for c in load(path)["cells"]
                 if c["metadata"]["slideshow"]["slide_type"] in ("slide", "subslide"))
    assert slides >= 5 and html.count("<section") >= slides


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_widget_views(path):
    """Widget state is not saved, so a stored view would only say "model not found"."""
    for cell in code_cells(load(path)):
        for output in cell["outputs"]:
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {}), \
                "run tools/execute_notebooks.py, which stores a plain hint instead"


SECTION_TIME = re.compile(r"^## \d+ · .+ \((\d+) min\)\s*$", re.MULTILINE)
ESTIMATED_TIME = re.compile(r"\*\*Estimated time:\*\* (\d+) minutes")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_section_times_add_up_to_the_estimated_time(path):
    text = markdown(load(path))
    sections = [int(minutes) for minutes in SECTION_TIME.findall(text)]
    numbered = re.findall(r"^## \d+ · ", text, re.MULTILINE)
    assert sections and len(sections) == len(numbered), "every numbered section has a time"
    (total,) = ESTIMATED_TIME.findall(text)
    assert sum(sections) == int(total)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_thing_to_try_has_a_folded_answer(path):
    for cell in load(path)["cells"]:
        text = source(cell)
        if "Things to try" not in text:
            continue
        tail = text.split("Things to try", 1)[1]
        questions = re.sub(r"<details>.*?</details>", "", tail, flags=re.DOTALL)
        items = re.findall(r"^\d+\. ", questions, re.MULTILINE)
        assert items and tail.count("<details>") == len(items) == tail.count("</details>")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_cells_are_skipped_and_drawing_cells_hide_their_input(path):
    cells = code_cells(load(path))
    if path.name.startswith("00"):
        return  # its first cell is the installation check, shown on purpose
    assert cells[0]["metadata"]["slideshow"]["slide_type"] == "skip", "the import cell"
    for cell in cells:
        if "plt.show()" in source(cell):
            assert "hide-input" in cell["metadata"].get("tags", []), source(cell)[:80]


def test_chapters_point_to_their_problem_sets():
    """Each chapter with a problem set links it, and 00 links them all."""
    sets = sorted(p.name for p in (ROOT / "exercises" / "release").iterdir() if p.is_dir())
    assert sets, "no problem set in exercises/release"
    start = markdown(load(ROOT / "notebooks" / "00_start_here.ipynb"))
    for problem_set in sets:
        link = f"../exercises/release/{problem_set}/{problem_set}.ipynb"
        assert link in start, problem_set
        chapter = next((ROOT / "notebooks").glob(f"{problem_set[2:4]}_*.ipynb"))
        assert link in markdown(load(chapter)), chapter.name


def test_navigation_links_are_written_by_the_script_and_rewriting_changes_nothing(tmp_path,
                                                                                   monkeypatch):
    """tools/navigation.py wrote every notebook's top and bottom links: its check finds
    nothing to change, and on a copy with a broken link it restores the line, once."""
    import shutil

    from tools import navigation

    assert navigation.main(["--check"]) == 0
    copy = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy)
    monkeypatch.setattr(navigation, "NOTEBOOKS", copy)
    path = copy / "03_regression_chain.ipynb"
    notebook = load(path)
    notebook["cells"][-1]["source"] = source(notebook["cells"][-1]).replace("Previous", "Prev")
    path.write_text(json.dumps(notebook))
    assert navigation.main(["--check"]) == 1
    assert navigation.update(path) and not navigation.update(path)
    assert navigation.main(["--check"]) == 0
