"""Check a problem set with the real nbgrader, in a temporary copy of exercises/.

    python tools/problem_sets.py ps02_markov      # one set
    python tools/problem_sets.py                  # every set

For each set: `nbgrader validate` on the source; `generate_assignment`; then one
autograde batch holding the full solution (every autograded point), the untouched
release (none) and, for each part, the solution with only that part reverted to its stub
(everything but that part's points). It prints the scores and exits with status 1 on a
mismatch. The same functions serve tests/test_problem_sets.py and
benchmarks/bench_grading.py.

Everything runs the real nbgrader (``python -m nbgrader ...``) in a temporary copy of
``exercises/``, never in the repository. Submissions are made from the source and release
notebooks: a full solution is the release notebook with each answer cell replaced by the
source's solution (its ``### BEGIN/END SOLUTION`` lines dropped) and each written answer
filled in.
"""
from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
PROBLEM_SETS = sorted(path.name for path in (EXERCISES / "source").iterdir() if path.is_dir())
SOLUTION_DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder ``course``; its output is returned."""
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                            capture_output=True, text=True, timeout=900)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result


def copy_course(destination: Path) -> Path:
    """A copy of exercises/ (config, source, release) in ``destination``, with no gradebook."""
    course = destination / "course"
    shutil.copytree(EXERCISES, course, ignore=shutil.ignore_patterns(
        "gradebook.db", "submitted", "autograded", "feedback", ".ipynb_checkpoints",
        "__pycache__"))
    return course


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def notebook_path(course: Path, folder: str, problem_set: str) -> Path:
    return course / folder / problem_set / f"{problem_set}.ipynb"


def read(path: Path):
    return nbformat.read(path, as_version=4)


def solution_source(source: str) -> str:
    """A source cell's text with its solution delimiters removed."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in SOLUTION_DELIMITERS)


def full_solution(course: Path, problem_set: str):
    """The release notebook with every answer (code and written) taken from the source."""
    source = {grade_id(cell): cell for cell in read(notebook_path(course, "source", problem_set)).cells}
    notebook = copy.deepcopy(read(notebook_path(course, "release", problem_set)))
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = solution_source(source[grade_id(cell)].source)
    return notebook


def with_answer(notebook, answer_id: str, source: str):
    """A copy of ``notebook`` whose cell ``answer_id`` holds ``source``."""
    notebook = copy.deepcopy(notebook)
    cells = [cell for cell in notebook.cells if grade_id(cell) == answer_id]
    assert len(cells) == 1, f"no single cell {answer_id!r}"
    cells[0].source = source
    return notebook


def autograded_parts(course: Path, problem_set: str) -> dict[str, float]:
    """{test cell id: points} of the autograded test cells of a problem set."""
    notebook = read(notebook_path(course, "source", problem_set))
    return {grade_id(cell): float(cell.metadata["nbgrader"]["points"]) for cell in notebook.cells
            if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"}


def answer_ids(course: Path, problem_set: str) -> list[str]:
    """Ids of the autograded answer cells, in order (``partN_answer``)."""
    notebook = read(notebook_path(course, "source", problem_set))
    return [grade_id(cell) for cell in notebook.cells if cell.cell_type == "code"
            and cell.metadata.get("nbgrader", {}).get("solution")]


def submit(course: Path, student: str, problem_set: str, notebook=None, *,
           text: str | None = None, name: str | None = None) -> Path:
    """Put a submission in submitted/<student>/<problem_set>/ (a notebook, or raw text)."""
    folder = course / "submitted" / student / problem_set
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{problem_set}.ipynb")
    if text is not None:
        path.write_text(text)
    else:
        nbformat.write(notebook, path)
    return path


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def scores(course: Path, problem_set: str) -> dict[str, dict[str, float | None]]:
    """{student: {cell id: auto score (None when not autograded)}} from the gradebook."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(problem_set):
            result[submission.student.id] = {grade.name: grade.auto_score
                                             for notebook in submission.notebooks
                                             for grade in notebook.grades}
    return result


def part_batch(course: Path, problem_set: str) -> None:
    """Submit the full solution, the untouched release, and the solution with each answer
    reverted to its stub (students ``full``, ``untouched``, ``without_partN_answer``)."""
    full = full_solution(course, problem_set)
    release = read(notebook_path(course, "release", problem_set))
    stubs = {grade_id(cell): cell.source for cell in release.cells}
    submit(course, "full", problem_set, full)
    submit(course, "untouched", problem_set, release)
    for answer in answer_ids(course, problem_set):
        submit(course, f"without_{answer}", problem_set, with_answer(full, answer, stubs[answer]))


def expected_part_scores(course: Path, problem_set: str) -> dict[str, dict[str, float]]:
    """What :func:`part_batch`'s students must score on each autograded test cell."""
    parts = autograded_parts(course, problem_set)
    expected = {"full": dict(parts), "untouched": {part: 0.0 for part in parts}}
    for answer in answer_ids(course, problem_set):
        reverted = answer.replace("_answer", "_tests")
        expected[f"without_{answer}"] = {part: 0.0 if part == reverted else points
                                         for part, points in parts.items()}
    return expected


def check(problem_set: str) -> bool:
    """Validate, generate and autograde one set's part batch; print the scores."""
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as folder:
        course = copy_course(Path(folder))
        start = time.perf_counter()
        result = nbgrader(course, "validate", str(notebook_path(course, "source", problem_set)),
                          check=False)
        print(f"{problem_set}: validate: {result.stdout.strip().splitlines()[-1]} "
              f"({time.perf_counter() - start:.1f} s)")
        nbgrader(course, "generate_assignment", problem_set, "--force")
        part_batch(course, problem_set)
        start = time.perf_counter()
        result = nbgrader(course, "autograde", problem_set, check=False)
        expected = expected_part_scores(course, problem_set)
        print(f"  autograde: {time.perf_counter() - start:.1f} s for {len(expected)} submissions"
              f" (exit status {result.returncode})")
        grades = scores(course, problem_set)
        good = result.returncode == 0
        for student, want in expected.items():
            got = {part: grades.get(student, {}).get(part) for part in want}
            good &= got == want
            print(f"  {'ok   ' if got == want else 'WRONG'} {student}: {got}"
                  + ("" if got == want else f" (expected {want})"))
        if result.returncode != 0:
            print(result.stderr[-3000:])
        return good


if __name__ == "__main__":
    chosen = sys.argv[1:] or PROBLEM_SETS
    sys.exit(0 if all([check(problem_set) for problem_set in chosen]) else 1)
