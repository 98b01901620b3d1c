"""The test-cell helpers of the problem sets (collapse_lib.core.grading)."""
from __future__ import annotations

import re

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from collapse_lib.core.exercises import Feedback
from collapse_lib.core.grading import (CheckFailed, expect_between, expect_close,
                                       expect_estimate, expect_feedback, expect_number,
                                       proportion_standard_error)


@pytest.mark.parametrize("value, shown", [
    ("6.58", "the text '6.58'"), (True, "a bool"), (None, "a NoneType"),
    (..., "... (not answered yet)"), ([1.0, 2.0], "a list"), (np.ones(2), "a ndarray"),
])
def test_a_number_answer_rejects_what_is_not_one_number(value, shown):
    with pytest.raises(CheckFailed, match="^✘ answer: expected one number, got " + re.escape(shown)):
        expect_number("answer", value, hint="")


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_a_number_answer_must_be_finite(value):
    with pytest.raises(CheckFailed, match="expected a finite number"):
        expect_number("answer", value)


def test_numbers_of_every_numeric_type_pass():
    for value in (3, 3.0, np.float32(3), np.int64(3), np.array(3.0)):
        assert expect_number("answer", value) == 3.0


def test_close_passes_and_fails_with_one_line(capsys):
    expect_close("f(10)", 6.5788, 6.578813, rtol=1e-4)
    assert capsys.readouterr().out == "✔ f(10): 6.5788 matches 6.57881\n"
    with pytest.raises(CheckFailed) as failure:
        expect_close("f(10)", 7.0, 6.578813, rtol=1e-4, hint="solve qⁿ = 1/2")
    assert str(failure.value) == "✘ f(10): expected 6.57881, got 7 (hint: solve qⁿ = 1/2)"
    assert "\n" not in str(failure.value)


def test_close_compares_arrays_entry_by_entry():
    expect_close("p", [0.1, 0.2], np.array([0.1, 0.2]))
    with pytest.raises(CheckFailed, match=r"^✘ p\[1\]: expected 0.2, got 0.3$"):
        expect_close("p", [0.1, 0.3], [0.1, 0.2])
    with pytest.raises(CheckFailed, match=r"expected shape \(2,\), got shape \(3,\)"):
        expect_close("p", [0.1, 0.2, 0.3], [0.1, 0.2])
    with pytest.raises(CheckFailed, match="expected numbers, got the text '0.1, 0.2'"):
        expect_close("p", "0.1, 0.2", [0.1, 0.2])


def test_estimate_accepts_correct_simulations_and_rejects_biased_ones():
    """With 4 standard errors a correct estimate fails with probability about 6e-5: none of
    2,000 seeded correct estimates fails; every estimate biased by 6 SE does."""
    rng = np.random.default_rng(11)
    standard_error = 0.01
    estimates = 0.5 + standard_error * rng.standard_normal(2000)
    for estimate in estimates:
        expect_estimate("p", estimate, 0.5, standard_error=standard_error)
    rejected = 0
    for estimate in estimates[:200] + 6 * standard_error + 4 * standard_error:
        try:
            expect_estimate("p", estimate, 0.5, standard_error=standard_error)
        except CheckFailed:
            rejected += 1
    assert rejected == 200


def test_estimate_message_and_bad_standard_error():
    with pytest.raises(CheckFailed, match=r"^✘ p_below: expected 0.624 ± 0.02 \(4 Monte Carlo "
                                          r"standard errors\), got 0.836 \(hint: h\)$"):
        expect_estimate("p_below", 0.836, 0.624, standard_error=0.005, hint="h")
    for bad in (0, -1, np.nan, "0.1"):
        with pytest.raises((ValueError, TypeError), match="standard_error"):
            expect_estimate("p", 0.5, 0.5, standard_error=bad)


def test_between():
    expect_between("p", 0.0, 0.0, 1.0)
    expect_between("drift", 5.0, 1.95, np.inf)
    with pytest.raises(CheckFailed, match="expected a number between 0 and 1, got 1.5"):
        expect_between("p", 1.5, 0.0, 1.0)


def test_feedback_of_a_chapter_check_becomes_a_graded_check(capsys):
    expect_feedback(Feedback(True, "right"))
    assert capsys.readouterr().out == "✔ check: right\n"
    with pytest.raises(CheckFailed, match="^✘ check: P\\[1, 0\\] should be 0.358$"):
        expect_feedback(Feedback(False, "P[1, 0] should be 0.358"))
    with pytest.raises(TypeError, match="feedback must be a Feedback"):
        expect_feedback(True)


def test_proportion_standard_error():
    assert proportion_standard_error(0.5, n_chains=10_000) == pytest.approx(0.005)
    assert proportion_standard_error(0.0, n_chains=10) == 0.0
    with pytest.raises(ValueError, match="p must be"):
        proportion_standard_error(1.5, n_chains=10)
    with pytest.raises(ValueError, match="n_chains must be"):
        proportion_standard_error(0.5, n_chains=0)


def test_a_failed_check_in_a_kernel_is_one_line_and_an_error():
    """In a notebook the failure shows only its message, and the cell still ends in an
    error (nbgrader's signal that the test failed); other errors keep their traceback."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (
        "from collapse_lib.core.grading import expect_close",
        'expect_close("f(10)", 1.0, 6.578813, hint="solve qⁿ = 1/2")',
        'expect_close("f(10)", 6.578813, 6.578813)',
        "1 / 0")]
    NotebookClient(notebook, allow_errors=True, kernel_name="python3", timeout=60).execute()
    failed, passed, other = (cell.outputs for cell in notebook.cells[1:])
    assert [output["output_type"] for output in failed] == ["error"]
    assert failed[0]["ename"] == "CheckFailed"
    assert failed[0]["traceback"] == ["✘ f(10): expected 6.57881, got 1 (hint: solve qⁿ = 1/2)"]
    assert passed[0]["text"] == "✔ f(10): 6.57881 matches 6.57881\n"
    assert other[0]["ename"] == "ZeroDivisionError" and len(other[0]["traceback"]) > 1
