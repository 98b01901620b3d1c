"""The graded problem sets, with the real nbgrader, in a temporary copy of exercises/.

- every source notebook passes `nbgrader validate`; every untouched release notebook
  fails validation and scores 0 on every autograded test;
- release/ is byte for byte what `nbgrader generate_assignment` makes from source/ today;
- for every problem set, one autograde batch: the full solution gets every autograded
  point, the untouched release none, and the solution with one part reverted to its stub
  loses exactly that part's points (the parts are independent);
- for problem set 01, a batch of broken submissions (syntax error, infinite loop, deleted
  or edited test cell, a file that is not JSON, another set's notebook) finishes, scores
  each submission or flags it in the gradebook, leaves every submitted file
  byte-identical, and exports grades and writes feedback.
"""
from __future__ import annotations

import csv
import html
import json
import re
import shutil

import nbformat
import pytest

from tools import problem_sets as ps

pytestmark = pytest.mark.grading

FIRST = "ps01_gaussian"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course copy whose release/ has been regenerated from source/ (the gradebook too)."""
    course = ps.copy_course(tmp_path_factory.mktemp("nbgrader"))
    shutil.rmtree(course / "release")
    for problem_set in ps.PROBLEM_SETS:
        ps.nbgrader(course, "generate_assignment", problem_set, "--force")
    return course


def test_each_problem_set_belongs_to_one_chapter():
    """psNN_topic goes with notebook NN: exactly one set for each of chapters 01-06, and
    each set's intro links its chapter."""
    numbers = [name[2:4] for name in ps.PROBLEM_SETS]
    assert sorted(numbers) == ["01", "02", "03", "04", "05", "06"], numbers
    for problem_set, number in zip(ps.PROBLEM_SETS, numbers):
        chapter = next((ps.ROOT / "notebooks").glob(f"{number}_*.ipynb")).stem
        intro = ps.read(ps.notebook_path(ps.EXERCISES, "source", problem_set)).cells[0].source
        assert f"../../../notebooks/{chapter}.ipynb" in intro, (problem_set, chapter)


@pytest.mark.parametrize("problem_set", ps.PROBLEM_SETS)
def test_release_is_what_generate_assignment_makes(course, problem_set):
    committed = ps.digests(ps.EXERCISES / "release" / problem_set)
    generated = ps.digests(course / "release" / problem_set)
    assert committed == generated, (
        f"exercises/release/{problem_set} is stale: run `nbgrader generate_assignment "
        f"{problem_set} --force` in exercises/")


@pytest.mark.parametrize("problem_set", ps.PROBLEM_SETS)
def test_source_validates_and_release_fails(course, problem_set):
    source = ps.nbgrader(course, "validate", str(ps.notebook_path(course, "source", problem_set)))
    assert "Success! Your notebook passes all the tests." in source.stdout
    release = ps.nbgrader(course, "validate",
                          str(ps.notebook_path(course, "release", problem_set)))
    assert "VALIDATION FAILED" in release.stdout
    for test_id in ps.autograded_parts(course, problem_set):
        cell = next(c for c in ps.read(ps.notebook_path(course, "release", problem_set)).cells
                    if ps.grade_id(c) == test_id)
        assert cell.source.splitlines()[0][:60] in release.stdout, f"{test_id} passed untouched"


@pytest.mark.parametrize("problem_set", ps.PROBLEM_SETS)
def test_problem_set_shape(problem_set):
    """3 to 5 graded parts, 10 points, every graded cell locked, one written answer with a
    rubric in the source and none in the release."""
    source = ps.read(ps.notebook_path(ps.EXERCISES, "source", problem_set))
    release = ps.read(ps.notebook_path(ps.EXERCISES, "release", problem_set))
    graded = [c.metadata["nbgrader"] for c in source.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert 3 <= len(graded) <= 5
    assert sum(cell["points"] for cell in graded) == 10
    written = [c for c in source.cells if c.cell_type == "markdown"
               and c.metadata.get("nbgrader", {}).get("grade")]
    assert len(written) == 1 and "Rubric" in written[0].source
    for cell in source.cells:
        meta = cell.metadata["nbgrader"]
        assert meta["locked"] == (not meta["solution"]), ps.grade_id(cell)
    release_text = json.dumps(nbformat.writes(release))
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "Rubric", "Model answer"):
        assert secret not in release_text
    for cell in source.cells:
        assert not cell.get("outputs"), f"{ps.grade_id(cell)} stores outputs"
        lines = cell.source.splitlines()
        assert len(lines) <= 16 or cell.cell_type == "markdown", ps.grade_id(cell)
        assert all(len(line) <= 95 for line in lines), ps.grade_id(cell)


@pytest.fixture(scope="module")
def graded_parts(course):
    """Per problem set: the solution, the untouched release, and the solution with each
    answer reverted to its stub, autograded in one batch."""
    results = {}
    for problem_set in ps.PROBLEM_SETS:
        ps.part_batch(course, problem_set)
        ps.nbgrader(course, "autograde", problem_set)
        results[problem_set] = ps.scores(course, problem_set)
    return results


@pytest.mark.parametrize("problem_set", ps.PROBLEM_SETS)
def test_parts_score_independently(course, graded_parts, problem_set):
    """Full marks for the solution, none untouched, and a reverted part costs only itself."""
    grades = graded_parts[problem_set]
    for student, expected in ps.expected_part_scores(course, problem_set).items():
        assert {part: grades[student][part] for part in expected} == expected, student


# A batch of broken submissions of problem set 01 ------------------------------------------

WRONG_PART1 = "def halving_generation(n_samples):\n    return 1.0"


@pytest.fixture(scope="module")
def broken_batch(course, tmp_path_factory):
    course = ps.copy_course(tmp_path_factory.mktemp("broken"))
    for problem_set in (FIRST, ps.PROBLEM_SETS[1]):
        ps.nbgrader(course, "generate_assignment", problem_set, "--force")
    full = ps.full_solution(course, FIRST)
    release = ps.read(ps.notebook_path(course, "release", FIRST))
    ps.submit(course, "full", FIRST, full)
    ps.submit(course, "untouched", FIRST, release)
    ps.submit(course, "partly_right", FIRST, ps.with_answer(
        ps.with_answer(full, "part1_answer", WRONG_PART1), "part3_answer", "p_below = 0.99"))
    ps.submit(course, "syntax_error", FIRST, ps.with_answer(
        full, "part1_answer", "def halving_generation(n_samples:\n    return 1.0"))
    ps.submit(course, "infinite_loop", FIRST, ps.with_answer(
        full, "part2_answer", "while True:\n    pass"))
    deleted = ps.with_answer(full, "part1_answer", WRONG_PART1)
    deleted.cells = [cell for cell in deleted.cells if ps.grade_id(cell) != "part1_tests"]
    ps.submit(course, "deleted_test", FIRST, deleted)
    edited = ps.with_answer(full, "part1_answer", WRONG_PART1)
    next(c for c in edited.cells if ps.grade_id(c) == "part1_tests").source = "print('✔')"
    ps.submit(course, "edited_test", FIRST, edited)
    ps.submit(course, "not_json", FIRST, text='{"cells": [oops')
    other = ps.full_solution(course, ps.PROBLEM_SETS[1])
    ps.submit(course, "other_set", FIRST, other)
    before = ps.digests(course / "submitted")
    result = ps.nbgrader(course, "autograde", FIRST, check=False)
    return course, before, result


BROKEN_SCORES = {  # autograded points of parts 1, 2, 3 (3 + 2 + 3)
    "full": (3, 2, 3), "untouched": (0, 0, 0), "partly_right": (0, 2, 0),
    "syntax_error": (0, 2, 3), "infinite_loop": (3, 0, 3), "edited_test": (0, 2, 3),
}
UNGRADABLE = ("not_json", "other_set")


def test_batch_finishes_and_scores_every_submission(broken_batch):
    course, _, result = broken_batch
    grades = ps.scores(course, FIRST)
    assert set(grades) == set(BROKEN_SCORES) | set(UNGRADABLE) | {"deleted_test"}
    for student, points in BROKEN_SCORES.items():
        got = tuple(grades[student][f"part{i}_tests"] for i in (1, 2, 3))
        assert got == points, student
    # A deleted test cell is not graded: the gradebook flags it for a human.
    assert grades["deleted_test"]["part1_tests"] is None
    assert (grades["deleted_test"]["part2_tests"], grades["deleted_test"]["part3_tests"]) == (2, 3)
    # The timeout cut the loop: the cell shows the interruption.
    looped = ps.read(course / "autograded" / "infinite_loop" / FIRST / f"{FIRST}.ipynb")
    answer = next(c for c in looped.cells if ps.grade_id(c) == "part2_answer")
    assert any(o.get("ename") in ("KeyboardInterrupt", "CellTimeoutError") for o in answer.outputs)
    # What could not be graded is named in the log and flagged in the gradebook.
    assert result.returncode != 0
    for student in UNGRADABLE:
        assert f"for student '{student}'" in result.stderr
        assert all(score is None for score in grades[student].values()), student
        assert not (course / "autograded" / student).exists()


def test_gradebook_flags_what_needs_a_human(broken_batch):
    from nbgrader.api import Gradebook

    course, _, _ = broken_batch
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in (*UNGRADABLE, "deleted_test"):
            assert gradebook.find_submission(FIRST, student).needs_manual_grade, student


def test_submissions_are_never_modified(broken_batch):
    course, before, _ = broken_batch
    assert ps.digests(course / "submitted") == before


def _text(page) -> str:
    """The visible text of an HTML page, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())))


def test_feedback_and_grade_export(broken_batch):
    from nbgrader.api import Gradebook

    course, _, _ = broken_batch
    # The instructor grades the written answer of the full solution by hand (2 of 2).
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        written = gradebook.find_grade("part4_written", FIRST, FIRST, "full")
        written.manual_score = 2
        gradebook.db.commit()
    ps.nbgrader(course, "generate_feedback", FIRST)
    graded = set(BROKEN_SCORES) | {"deleted_test"}
    totals = {student: sum(points) for student, points in BROKEN_SCORES.items()}
    totals.update(full=10, deleted_test=5)
    for student in graded:
        page = course / "feedback" / student / FIRST / f"{FIRST}.html"
        assert f"{FIRST} (Score: {totals[student]:.1f} / 10.0)" in _text(page), student
    for student in UNGRADABLE:
        assert not (course / "feedback" / student).exists()
    ps.nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as table:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(table)}
    first = {student: row for (assignment, student), row in rows.items() if assignment == FIRST}
    assert set(first) == graded | set(UNGRADABLE)
    assert float(first["full"]["score"]) == float(first["full"]["max_score"]) == 10
    for student, points in BROKEN_SCORES.items():
        if student != "full":
            assert float(first[student]["score"]) == sum(points), student
    assert float(first["not_json"]["score"]) == 0


def test_feedback_shows_the_one_line_message(broken_batch):
    course, _, _ = broken_batch
    page = (course / "feedback" / "partly_right" / FIRST / f"{FIRST}.html")
    if not page.exists():
        ps.nbgrader(course, "generate_feedback", FIRST)
    assert "✘ halving_generation(10): expected 6.57881, got 1 (hint:" in _text(page)
