"""Test-cell helpers for the graded problem sets in ``exercises/`` (nbgrader).

nbgrader counts a test cell as passed when it runs without an error. Each helper here
checks one answer and either prints one line starting with ✔ or raises
:class:`CheckFailed` (an ``AssertionError``) whose message is one line: what was
checked, what was expected, what the student gave, and a hint. Imported in an IPython
kernel, the module registers a handler (``set_custom_exc``) that shows a failed check as
that one line instead of a traceback; the cell still ends in an error, which is how
nbgrader scores it 0.

Visible tests use them with values a student may see; hidden tests (removed from the
student version) use them with fixed seeds, and compare simulated answers with a
tolerance of a few Monte Carlo standard errors (:func:`expect_estimate`,
:func:`proportion_standard_error`).
"""
from __future__ import annotations

import numbers

import numpy as np

from .checks import check_float, check_int
from .exercises import Feedback

__all__ = ["CheckFailed", "expect_number", "expect_close", "expect_estimate",
           "expect_between", "expect_feedback", "proportion_standard_error"]

PASS_MARK = "✔"
FAIL_MARK = "✘"


class CheckFailed(AssertionError):
    """A graded check that failed; its message is the one line a student reads."""


def _fail(name: str, message: str, hint: str = "") -> None:
    text = f"{FAIL_MARK} {name}: {message}"
    if hint:
        text += f" (hint: {hint})"
    raise CheckFailed(text)


def _show_one_line(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler for :class:`CheckFailed`: show the message alone
    as the cell's error output (IPython leaves the display to the handler)."""
    lines = [str(value)]
    shell._showtraceback(etype, value, lines)
    return lines


def _register_with_ipython() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: the usual traceback
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((CheckFailed,), _show_one_line)


def _report(name: str, message: str) -> None:
    print(f"{PASS_MARK} {name}: {message}")


def _describe(value) -> str:
    if value is Ellipsis:
        return "... (not answered yet)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(
            value, bool):
        return f"{float(value):.6g}"
    return f"a {type(value).__name__}"


def expect_number(name: str, value, *, hint: str = "") -> float:
    """Require one finite real number (not a string, a bool, an array or ``...``).

    Parameters
    ----------
    name : str
        What the answer is, as the student named it (``"p_below"``).
    value : object
        The student's answer.
    hint : str
        Said after the message when the check fails.

    Returns
    -------
    float
        The answer as a float.

    Raises
    ------
    CheckFailed
        When ``value`` is not one finite real number.

    Examples
    --------
    >>> expect_number("n_half", 6.58)
    6.58
    >>> expect_number("n_half", "6.58")
    Traceback (most recent call last):
    ...
    collapse_lib.core.grading.CheckFailed: ✘ n_half: expected one number, got the text '6.58'
    """
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating,
                                                         np.integer)):
        _fail(name, f"expected one number, got {_describe(value)}", hint)
    if not np.isfinite(float(value)):
        _fail(name, f"expected a finite number, got {float(value)}", hint)
    return float(value)


def expect_close(name: str, got, expected, *, rtol: float = 1e-6, atol: float = 0.0,
                 hint: str = "") -> None:
    """Require ``got`` to equal ``expected`` within ``atol + rtol * |expected|``.

    For deterministic answers (a formula, a derived number). Arrays are compared entry by
    entry; the message names the first entry that differs.

    Parameters
    ----------
    name : str
        What is compared (``"halving_generation(10)"``).
    got, expected : float or array_like
    rtol, atol : float
        Relative and absolute tolerance.
    hint : str

    Raises
    ------
    CheckFailed

    Examples
    --------
    >>> expect_close("halving_generation(10)", 6.5788, 6.578813, rtol=1e-3)
    ✔ halving_generation(10): 6.5788 matches 6.57881
    >>> expect_close("halving_generation(10)", 10.0, 6.578813, rtol=1e-3, hint="solve qⁿ = 1/2")
    Traceback (most recent call last):
    ...
    collapse_lib.core.grading.CheckFailed: ✘ halving_generation(10): expected 6.57881, got 10 (hint: solve qⁿ = 1/2)
    """
    expected_array = np.asarray(expected, dtype=float)
    if expected_array.shape == ():
        value = expect_number(name, got, hint=hint)
        if abs(value - float(expected_array)) <= atol + rtol * abs(float(expected_array)):
            _report(name, f"{value:.6g} matches {float(expected_array):.6g}")
            return
        _fail(name, f"expected {float(expected_array):.6g}, got {value:.6g}", hint)
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        _fail(name, f"expected numbers, got {_describe(got)}", hint)
    if got_array.shape != expected_array.shape:
        _fail(name, f"expected shape {expected_array.shape}, got shape {got_array.shape}", hint)
    close = np.isclose(got_array, expected_array, rtol=rtol, atol=atol)
    if close.all():
        _report(name, f"all {close.size} values match")
        return
    where = np.unravel_index(np.argmin(close), close.shape)
    index = "[" + ", ".join(str(int(i)) for i in where) + "]"
    _fail(f"{name}{index}", f"expected {expected_array[where]:.6g}, got {got_array[where]:.6g}",
          hint)


def expect_estimate(name: str, got, expected: float, *, standard_error: float,
                    n_standard_errors: float = 4.0, hint: str = "") -> None:
    """Require a simulated answer within ``n_standard_errors`` Monte Carlo standard errors.

    ``standard_error`` is the standard error of the difference between the student's
    estimate and ``expected`` (for two independent simulations, the root of the sum of
    their squared standard errors). With the default of 4, a correct simulation fails
    with probability about 6e-5.

    Parameters
    ----------
    name : str
    got : float
        The student's estimate.
    expected : float
        The exact value, or a reference simulation's estimate.
    standard_error : float
        Positive.
    n_standard_errors : float
    hint : str

    Raises
    ------
    CheckFailed
    ValueError
        If ``standard_error`` is not positive (a mistake in the test, not the answer).

    Examples
    --------
    >>> expect_estimate("p_below", 0.62, 0.624, standard_error=0.005)
    ✔ p_below: 0.62 is within 4 standard errors (± 0.02) of 0.624
    """
    standard_error = check_float("standard_error", standard_error, minimum=0,
                                 strict_minimum=True)
    value = expect_number(name, got, hint=hint)
    margin = n_standard_errors * standard_error
    if abs(value - expected) <= margin:
        _report(name, f"{value:.4g} is within {n_standard_errors:g} standard errors "
                      f"(± {margin:.2g}) of {expected:.4g}")
        return
    _fail(name, f"expected {expected:.4g} ± {margin:.2g} "
                f"({n_standard_errors:g} Monte Carlo standard errors), got {value:.4g}", hint)


def expect_between(name: str, got, low: float, high: float, *, hint: str = "") -> None:
    """Require a number in ``[low, high]``: a visible sanity check that gives nothing away.

    Parameters
    ----------
    name : str
    got : float
    low, high : float
    hint : str

    Raises
    ------
    CheckFailed

    Examples
    --------
    >>> expect_between("p_below", 0.62, 0, 1)
    ✔ p_below: 0.62 is between 0 and 1
    """
    value = expect_number(name, got, hint=hint)
    if low <= value <= high:
        _report(name, f"{value:.4g} is between {low:g} and {high:g}")
        return
    _fail(name, f"expected a number between {low:g} and {high:g}, got {value:.4g}", hint)


def expect_feedback(feedback: Feedback) -> None:
    """Turn the :class:`~collapse_lib.core.exercises.Feedback` of a world's ``check_*``
    function (the lecture notebooks' exercise checks) into a graded check.

    Parameters
    ----------
    feedback : Feedback

    Raises
    ------
    CheckFailed
        With the feedback's message, when it did not pass.

    Examples
    --------
    >>> expect_feedback(Feedback(True, "the matrix is right"))
    ✔ check: the matrix is right
    """
    if not isinstance(feedback, Feedback):
        raise TypeError(f"feedback must be a Feedback; got {type(feedback).__name__}")
    if feedback.passed:
        _report("check", feedback.message)
        return
    _fail("check", feedback.message)


def proportion_standard_error(p: float, *, n_chains: int) -> float:
    """Standard error of a proportion estimated from ``n_chains`` independent chains:
    sqrt(p (1 - p) / n_chains).

    Parameters
    ----------
    p : float
        The proportion, in [0, 1].
    n_chains : int
        Positive.

    Returns
    -------
    float

    Examples
    --------
    >>> round(proportion_standard_error(0.5, n_chains=10_000), 6)
    0.005
    """
    p = check_float("p", p, minimum=0, maximum=1)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    return float(np.sqrt(p * (1 - p) / n_chains))


_register_with_ipython()
