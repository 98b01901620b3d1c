"""Parameter checks shared by every module of collapse_lib.

Each check either returns the (normalised) value or raises an error whose message
names the parameter, repeats the value given and says what is allowed, e.g.::

    ValueError: n_samples must be an integer >= 2; got 1
"""
from __future__ import annotations

import numbers

import numpy as np

SeedLike = "int | numpy.random.Generator | None"


def _fail(name: str, value, allowed: str, error=ValueError):
    raise error(f"{name} must be {allowed}; got {value!r}")


def check_int(name: str, value, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise naming ``name`` and the allowed range."""
    allowed = "an integer"
    if minimum is not None and maximum is not None:
        allowed += f" in [{minimum}, {maximum}]"
    elif minimum is not None:
        allowed += f" >= {minimum}"
    elif maximum is not None:
        allowed += f" <= {maximum}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        _fail(name, value, allowed, TypeError)
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        _fail(name, value, allowed)
    return value


def check_float(name: str, value, *, minimum: float | None = None, maximum: float | None = None,
                strict_minimum: bool = False) -> float:
    """Return ``value`` as a finite float within the bounds, or raise naming ``name``.

    ``strict_minimum=True`` excludes the minimum itself (``value > minimum``).
    """
    parts = []
    if minimum is not None:
        parts.append(f"{'>' if strict_minimum else '>='} {minimum:g}")
    if maximum is not None:
        parts.append(f"<= {maximum:g}")
    allowed = "a finite real number" + (" " + " and ".join(parts) if parts else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        _fail(name, value, allowed, TypeError)
    value = float(value)
    if not np.isfinite(value):
        _fail(name, value, allowed)
    if minimum is not None and (value < minimum or (strict_minimum and value == minimum)):
        _fail(name, value, allowed)
    if maximum is not None and value > maximum:
        _fail(name, value, allowed)
    return value


def check_choice(name: str, value, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming ``name``."""
    if not isinstance(value, str) or value not in choices:
        _fail(name, value, "one of " + ", ".join(repr(c) for c in choices))
    return value


def as_generator(seed) -> np.random.Generator:
    """Turn ``seed`` (an int >= 0, a ``numpy.random.Generator`` or None) into a Generator.

    The same int always gives the same stream; a Generator is used as it is (and advanced).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        _fail("seed", seed, "an integer >= 0, a numpy.random.Generator or None", TypeError)
    if seed < 0:
        _fail("seed", seed, "an integer >= 0, a numpy.random.Generator or None")
    return np.random.default_rng(int(seed))


def check_int_array(name: str, value, *, minimum: int = 0) -> np.ndarray:
    """Return ``value`` (an int or an array of ints >= minimum) as an int64 array.

    For generation indices, which every theory function accepts as a scalar or an array.
    """
    array = np.asarray(value)
    allowed = f"an integer or an array of integers >= {minimum}"
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        _fail(name, value, allowed, TypeError)
    if np.any(array < minimum):
        _fail(name, value, allowed)
    return array.astype(np.int64)
