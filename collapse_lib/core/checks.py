"""Parameter checks shared by every world of collapse_lib.

Each check either returns the (normalised) value or raises an error whose message names
the parameter, repeats the value given and says what is allowed, for example::

    ValueError: n_samples must be an integer >= 2; got 1

Bools and strings are never numbers here: ``True`` is not an integer and ``"0.5"`` is
not a probability (a ``TypeError`` says so).
"""
from __future__ import annotations

import numbers
from typing import NoReturn

import numpy as np

__all__ = ["SCALE_LIMIT", "fail", "check_int", "check_float", "check_scale", "check_choice",
           "check_int_array", "check_generation_list",
           "check_real_array", "check_probability", "check_probability_vector",
           "check_positive_vector", "check_finite_vector"]

PROBABILITY_TOLERANCE = 1e-9
# Registered as numbers by Python or numpy, yet not quantities: refused as TypeErrors.
_NOT_NUMBERS = (bool, np.bool_, np.timedelta64, np.datetime64)
# Scales (standard deviations, noise levels, eigenvalues, penalties) beyond this, or
# positive ones below its inverse, cannot be squared or multiplied in double precision
# without overflow or underflow: they are refused with a clear error.
SCALE_LIMIT = 1e150


def fail(name: str, value, allowed: str, error=ValueError) -> NoReturn:
    """Raise ``error`` saying "``name`` must be ``allowed``; got ``value``".

    Parameters
    ----------
    name : str
        The parameter's name, as the caller spells it.
    value : object
        What was given (shown with ``repr``, shortened past 80 characters).
    allowed : str
        What is allowed, e.g. "an integer >= 2".
    error : type
        ``ValueError`` (default) or ``TypeError``.

    Raises
    ------
    ValueError or TypeError
        Always.

    Examples
    --------
    >>> fail("M", 1, "an integer >= 2")
    Traceback (most recent call last):
    ...
    ValueError: M must be an integer >= 2; got 1
    """
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    raise error(f"{name} must be {allowed}; got {shown}")


def _range_text(minimum, maximum, strict_minimum=False, number_format="g") -> str:
    parts = []
    if minimum is not None:
        parts.append(f"{'>' if strict_minimum else '>='} {minimum:{number_format}}")
    if maximum is not None:
        parts.append(f"<= {maximum:{number_format}}")
    return " and ".join(parts)


def check_int(name: str, value, *, minimum: int | None = None,
              maximum: int | None = None, minimum_label: str | None = None) -> int:
    """Return ``value`` as a Python int within [minimum, maximum], or raise naming ``name``.

    Any integer type is accepted (Python, numpy of any width, a 0-d integer array); the
    range is checked on the exact Python integer, so unsigned values cannot wrap.

    Parameters
    ----------
    name : str
    value : int-like
    minimum, maximum : int, optional
        Inclusive bounds. Every integer must also stay below 2^62 (a 64-bit index).
    minimum_label : str, optional
        How the minimum is derived, shown in the message (e.g. "d + 1" gives
        ">= d + 1 = 6"), so that a bound set by another argument names it.

    Returns
    -------
    int

    Examples
    --------
    >>> check_int("n_chains", np.uint8(3), minimum=1)
    3
    >>> check_int("n_chains", 0, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: n_chains must be an integer >= 1; got 0
    """
    allowed = "an integer"
    if minimum_label is not None:
        allowed += f" >= {minimum_label} = {minimum}"
    elif minimum is not None and maximum is not None:
        allowed += f" in [{minimum}, {maximum}]"
    elif minimum is not None or maximum is not None:
        allowed += " " + _range_text(minimum, maximum, number_format="d")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, _NOT_NUMBERS) or not isinstance(value, numbers.Integral):
        fail(name, value, allowed, TypeError)
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        fail(name, value, allowed)
    if abs(value) >= 2 ** 62:
        fail(name, value, allowed + " and below 2^62")
    return value


def check_float(name: str, value, *, minimum: float | None = None,
                maximum: float | None = None, strict_minimum: bool = False) -> float:
    """Return ``value`` as a finite float within the bounds, or raise naming ``name``.

    Parameters
    ----------
    name : str
    value : real number (not a bool or a string)
    minimum, maximum : float, optional
        Bounds; ``maximum`` is inclusive.
    strict_minimum : bool
        True excludes the minimum itself (``value > minimum``).

    Returns
    -------
    float

    Examples
    --------
    >>> check_float("sigma", 2)
    2.0
    >>> check_float("sigma", 0.0, minimum=0.0, strict_minimum=True)
    Traceback (most recent call last):
    ...
    ValueError: sigma must be a finite real number > 0; got 0.0
    """
    bounds = _range_text(minimum, maximum, strict_minimum)
    allowed = "a finite real number" + (" " + bounds if bounds else "")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, _NOT_NUMBERS) or not isinstance(value, numbers.Real):
        fail(name, value, allowed, TypeError)
    value = float(value)
    if not np.isfinite(value):
        fail(name, value, allowed)
    if minimum is not None and (value < minimum or (strict_minimum and value == minimum)):
        fail(name, value, allowed)
    if maximum is not None and value > maximum:
        fail(name, value, allowed)
    return value


def check_scale(name: str, value, *, allow_zero: bool = False) -> float:
    """A positive scale (a standard deviation, a noise level) that double precision can square.

    Allowed: 1e-150 <= value <= 1e150, or exactly 0 when ``allow_zero``. Beyond that,
    sigma^2 overflows or underflows and every formula would return inf, 0 or nonsense.

    Parameters
    ----------
    name : str
    value : real number
    allow_zero : bool
        Accept 0 (a noiseless setting).

    Returns
    -------
    float

    Examples
    --------
    >>> check_scale("sigma", 2.0)
    2.0
    >>> check_scale("sigma", 1e200)
    Traceback (most recent call last):
    ...
    ValueError: sigma must be a finite real number in [1e-150, 1e+150] (beyond, its square overflows or underflows in double precision); got 1e+200
    """
    allowed = ("0 or " if allow_zero else "") + "a finite real number in " \
        f"[{1 / SCALE_LIMIT:g}, {SCALE_LIMIT:g}] (beyond, its square overflows or " \
        "underflows in double precision)"
    value = check_float(name, value, minimum=0.0)
    if value == 0.0 and allow_zero:
        return value
    if not 1 / SCALE_LIMIT <= value <= SCALE_LIMIT:
        fail(name, value, allowed)
    return value


def check_choice(name: str, value, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming ``name``.

    Parameters
    ----------
    name : str
    value : str
    choices : tuple of str

    Returns
    -------
    str

    Examples
    --------
    >>> check_choice("estimator", "mle", ("unbiased", "mle"))
    'mle'
    """
    if not isinstance(value, str) or value not in choices:
        fail(name, value, "one of " + ", ".join(repr(c) for c in choices))
    return value


def _numeric_array(name: str, value, allowed: str) -> np.ndarray:
    """``value`` as an array of numbers; bools, strings and objects are a TypeError."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        fail(name, value, allowed, TypeError)
    if array.dtype == bool or array.dtype.kind not in "iuf":
        fail(name, value, allowed, TypeError)
    return array


def check_int_array(name: str, value, *, minimum: int = 0) -> np.ndarray:
    """Return ``value`` (an int or an array of ints >= minimum) as an int64 array.

    For generation indices, which every formula accepts as a scalar or an array.

    Parameters
    ----------
    name : str
    value : int or array_like of int
    minimum : int

    Returns
    -------
    ndarray of int64, the shape of ``value``

    Examples
    --------
    >>> check_int_array("n", [0, 5]).tolist()
    [0, 5]
    """
    allowed = f"an integer or an array of integers >= {minimum}"
    array = _numeric_array(name, value, allowed)
    if array.dtype.kind not in "iu":
        fail(name, value, allowed, TypeError)
    if array.dtype.kind == "u" and np.any(array > np.iinfo(np.int64).max):
        fail(name, value, allowed)
    array = array.astype(np.int64)
    if np.any(array < minimum):
        fail(name, value, allowed)
    return array


def check_generation_list(generations, *, n_generations: int) -> list[int]:
    """A chosen list of generations: ints in [0, n_generations], non-empty, in the given order.

    For the figures that show a few generations of a simulated chain (``generations``
    names the argument in the message).

    Parameters
    ----------
    generations : sequence of int
    n_generations : int
        The chain's last generation.

    Returns
    -------
    list of int

    Examples
    --------
    >>> check_generation_list([0, 5], n_generations=10)
    [0, 5]
    """
    values = check_int_array("generations", generations)
    if values.ndim != 1 or values.size == 0 or values.max() > n_generations:
        fail("generations", generations,
             f"a non-empty list of generations in [0, {n_generations}]")
    return [int(n) for n in values]


def check_real_array(name: str, value, *, minimum: float | None = None,
                     ndim: int | None = None, nonempty: bool = True) -> np.ndarray:
    """Return ``value`` as a finite float array (>= minimum), or raise naming ``name``.

    Parameters
    ----------
    name : str
    value : float or array_like of floats
    minimum : float, optional
        Inclusive lower bound for every entry.
    ndim : int, optional
        Required number of dimensions (e.g. 1 for a grid of penalties).
    nonempty : bool
        Reject an empty array (default True).

    Returns
    -------
    ndarray of float64, the shape of ``value``

    Examples
    --------
    >>> check_real_array("ridge", [0.0, 0.1], minimum=0.0, ndim=1).tolist()
    [0.0, 0.1]
    """
    what = "a finite real number" if ndim is None else f"a {ndim}-d array of finite reals"
    if minimum is not None:
        what += f" >= {minimum:g}"
    if ndim is None:
        what += " (or an array of them)"
    array = _numeric_array(name, value, what).astype(float)
    if (ndim is not None and array.ndim != ndim) or (nonempty and array.size == 0):
        fail(name, value, what)
    if not np.all(np.isfinite(array)) or (minimum is not None and np.any(array < minimum)):
        fail(name, value, what)
    return array


def check_probability(name: str, value) -> np.ndarray:
    """A probability, or an array of them, in [0, 1], as a float array of the same shape.

    Parameters
    ----------
    name : str
    value : float or array_like of floats

    Returns
    -------
    ndarray of float64, the shape of ``value``

    Examples
    --------
    >>> float(check_probability("p", 0.25))
    0.25
    """
    array = _numeric_array(name, value, "a probability in [0, 1] (or an array of them)")
    array = array.astype(float)
    if array.size == 0 or not np.all(np.isfinite(array)) or np.any(array < 0) \
            or np.any(array > 1):
        fail(name, value, "a probability in [0, 1] (or an array of them)")
    return array


def check_probability_vector(name: str, value) -> np.ndarray:
    """A probability vector: 1-d, non-empty, finite, >= 0, summing to 1 within 1e-9.

    Parameters
    ----------
    name : str
    value : array_like, shape (K,)

    Returns
    -------
    ndarray, shape (K,)
        Renormalised to sum exactly to 1.

    Examples
    --------
    >>> check_probability_vector("p0", [0.5, 0.5]).tolist()
    [0.5, 0.5]
    """
    allowed = f"a 1-d vector of probabilities >= 0 summing to 1 (within {PROBABILITY_TOLERANCE:g})"
    array = _numeric_array(name, value, allowed).astype(float)
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)) \
            or np.any(array < 0):
        fail(name, value, allowed)
    total = array.sum()
    if abs(total - 1.0) > PROBABILITY_TOLERANCE:
        fail(name, value, allowed + f" (its sum is {float(total)!r})")
    return array / total


def check_positive_vector(name: str, value, *, length: int | None = None,
                          length_name: str = "d") -> np.ndarray:
    """A 1-d, non-empty vector of finite values > 0 (e.g. a covariance spectrum).

    Parameters
    ----------
    name : str
    value : array_like, shape (d,)
    length : int, optional
        Required length.
    length_name : str
        The argument that sets the length, named in the message (default "d").

    Returns
    -------
    ndarray of float64, shape (d,)

    Examples
    --------
    >>> check_positive_vector("spectrum", [1.0, 0.5], length=2).tolist()
    [1.0, 0.5]
    """
    return _vector(name, value, length=length, length_name=length_name, positive=True)


def check_finite_vector(name: str, value, *, length: int, length_name: str = "d") -> np.ndarray:
    """A vector of ``length`` finite real values (e.g. true weights w0 or a mean).

    Parameters
    ----------
    name : str
    value : array_like, shape (length,)
    length : int
    length_name : str
        The argument that sets the length, named in the message (default "d").

    Returns
    -------
    ndarray of float64, shape (length,)

    Examples
    --------
    >>> check_finite_vector("w0", [1, -2], length=2).tolist()
    [1.0, -2.0]
    """
    return _vector(name, value, length=length, length_name=length_name, positive=False)


def _vector(name, value, *, length, length_name, positive) -> np.ndarray:
    """A non-empty 1-d float vector, finite (and > 0 if ``positive``), of ``length`` if given."""
    kind = "finite values > 0" if positive else "finite real values"
    allowed = (f"a non-empty 1-d vector of {kind}" if length is None
               else f"a vector of {length_name} = {length} {kind}")
    array = _numeric_array(name, value, allowed).astype(float)
    if array.ndim != 1 or array.size == 0 or (length is not None and array.size != length):
        fail(name, value, allowed + f" (its shape is {array.shape})")
    if not np.all(np.isfinite(array)) or (positive and np.any(array <= 0)):
        fail(name, value, allowed)
    return array
