"""The machinery behind the notebooks' coding exercises: run a learner's function, compare.

A coding exercise is a short stub the learner completes, followed by a check cell that
calls a world's ``check_*`` function (``gaussian.exercises``, ``markov.exercises``,
``regression.exercises``). A check never raises: it returns a :class:`Feedback`, whose
one-line text (shown as the cell's output) says what is right or what is wrong. Stubs
mark the places to fill in with ``...``; a function that still returns ``...`` gets the
message "not finished yet" instead of a comparison.

Comparisons are numeric, with tolerances: deterministic answers (a formula, a matrix)
against the library to a relative tolerance; random answers (one generation of a chain)
by their sample mean against the exact expectation, within five Monte Carlo standard
errors of a fixed-seed run, so a correct answer passes (a false alarm has probability
below 1e-6) and the usual mistakes fail.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .statistics import mean_and_standard_error

__all__ = ["Feedback", "call_learner", "compare_values", "compare_mean", "first_failure"]

PASS_MARK = "✔"
FAIL_MARK = "✘"


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check cell: ``passed`` and a one-line ``message``.

    Its ``repr`` is the message with a mark in front, so a check cell shows one line.

    Examples
    --------
    >>> Feedback(True, "the matrix is right")
    ✔ Correct: the matrix is right
    """

    passed: bool
    message: str

    def __repr__(self) -> str:
        if self.passed:
            return f"{PASS_MARK} Correct: {self.message}"
        return f"{FAIL_MARK} Not yet: {self.message}"


class _LearnerError(Exception):
    """Raised inside a check when the learner's function fails; carries the feedback."""

    def __init__(self, feedback: Feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def _unfinished(value) -> bool:
    if value is Ellipsis:
        return True
    if isinstance(value, (tuple, list)):
        return any(_unfinished(item) for item in value)
    return isinstance(value, np.ndarray) and value.dtype == object and any(
        item is Ellipsis for item in value.ravel())


def call_learner(function, *args, **kwargs):
    """Call the learner's function; turn an exception or a ``...`` into feedback.

    Parameters
    ----------
    function : callable
        What the learner wrote.
    *args, **kwargs
        Its arguments.

    Returns
    -------
    object
        What the function returned.

    Raises
    ------
    _LearnerError
        Caught by :func:`first_failure`, which turns it into a :class:`Feedback`.

    Examples
    --------
    >>> call_learner(lambda x: 2 * x, 3)
    6
    """
    name = getattr(function, "__name__", "your function")
    try:
        value = function(*args, **kwargs)
    except Exception as error:  # the learner's code may raise anything
        raise _LearnerError(Feedback(False, f"{name} raised {type(error).__name__}: {error}"))
    if value is None:
        raise _LearnerError(Feedback(False, f"{name} returned None: did you forget `return`?"))
    if _unfinished(value):
        raise _LearnerError(Feedback(False, f"{name} is not finished yet: replace every "
                                            "`...` with your code."))
    return value


def compare_values(name: str, got, expected, *, rtol: float = 1e-6,
                   atol: float = 1e-12) -> Feedback | None:
    """Compare a deterministic answer with the expected one; ``None`` when it matches.

    Parameters
    ----------
    name : str
        What the value is, for the message.
    got, expected : array_like
    rtol, atol : float
        Relative and absolute tolerance (``numpy.allclose``).

    Returns
    -------
    Feedback or None
        A failure naming the first entry that differs, or None.

    Examples
    --------
    >>> compare_values("P[1, 0]", 0.36, 0.358) is None
    False
    >>> compare_values("P[1, 0]", 0.358, 0.358) is None
    True
    """
    expected = np.asarray(expected, dtype=float)
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be numbers, got {type(got).__name__}")
    if got.shape != expected.shape:
        return Feedback(False, f"{name} should have shape {expected.shape}, got {got.shape}")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    where = np.unravel_index(np.argmin(close), close.shape) if close.ndim else ()
    index = f"[{', '.join(str(int(i)) for i in where)}]" if where else ""
    return Feedback(False, f"{name}{index} should be {expected[where]:.6g}, "
                           f"yours is {got[where]:.6g}")


def compare_mean(name: str, samples, expected: float, *, n_standard_errors: float = 5.0
                 ) -> Feedback | None:
    """Compare a sample mean with its exact expectation; ``None`` when it is within
    ``n_standard_errors`` Monte Carlo standard errors.

    Parameters
    ----------
    name : str
        What is averaged, for the message.
    samples : array_like, shape (R,)
        Independent replicates.
    expected : float
    n_standard_errors : float

    Returns
    -------
    Feedback or None

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> compare_mean("E Z", rng.normal(size=10_000), 0.0) is None
    True
    >>> compare_mean("E Z", rng.normal(size=10_000) + 0.5, 0.0).passed
    False
    """
    samples = np.asarray(samples, dtype=float).ravel()
    if not np.all(np.isfinite(samples)):
        return Feedback(False, f"{name}: some of your values are not finite (inf or nan)")
    mean, standard_error = mean_and_standard_error(samples)
    if abs(mean - expected) <= n_standard_errors * standard_error + 1e-12 * abs(expected):
        return None
    return Feedback(False, f"{name} should be {expected:.4g}, yours averages {mean:.4g} "
                           f"(± {standard_error:.2g}) over {samples.size} runs")


def first_failure(*checks) -> Feedback | None:
    """Run checks (callables returning Feedback or None) in order; the first failure.

    A :class:`_LearnerError` raised by :func:`call_learner` inside a check becomes its
    feedback.

    Parameters
    ----------
    *checks : callable() -> Feedback or None

    Returns
    -------
    Feedback or None

    Examples
    --------
    >>> first_failure(lambda: None, lambda: Feedback(False, "second"), lambda: 1 / 0)
    ✘ Not yet: second
    """
    for check in checks:
        try:
            feedback = check()
        except _LearnerError as error:
            return error.feedback
        if feedback is not None:
            return feedback
    return None
