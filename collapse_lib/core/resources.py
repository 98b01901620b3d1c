"""Resource guards: refuse, before allocating or looping, a call that would be too big.

A call estimates the memory of its arrays and its number of elementary steps first; above
the limits below it raises a ``ValueError`` that says how big the request is and which
arguments make it smaller, so nothing runs for minutes or exhausts memory by accident.
"""
from __future__ import annotations

__all__ = ["MAX_BYTES", "MAX_STEPS", "LOOP_STEP_COST", "check_memory", "check_steps"]

MAX_BYTES = 2 * 1024 ** 3       # 2 GiB of result and work arrays
MAX_STEPS = 10 ** 10            # elementary operations (draws, multiply-adds): ~10 s
# One pass of a Python-level loop (one generation: several numpy calls) costs about as
# much as this many elementary operations (50-100 microseconds).
LOOP_STEP_COST = 10 ** 5


def check_memory(n_values, *, what: str, smaller: str, itemsize: int = 8) -> None:
    """Raise if ``n_values`` numbers of ``itemsize`` bytes would exceed :data:`MAX_BYTES`.

    Parameters
    ----------
    n_values : int or float
        How many numbers the call would hold at once (computed in Python integers).
    what : str
        The arrays, in words with their shape, e.g. "sigma2 of shape (n_chains, n + 1)".
    smaller : str
        Which arguments to lower, e.g. "n_chains or n_generations".
    itemsize : int
        Bytes per number (8 for float64).

    Examples
    --------
    >>> check_memory(10 ** 6, what="a test array", smaller="its size")
    >>> check_memory(10 ** 12, what="a test array", smaller="its size")
    Traceback (most recent call last):
    ...
    ValueError: this call would need about 8,000 GB for a test array (the limit is 2 GB): lower its size
    """
    n_bytes = int(n_values) * itemsize
    if n_bytes > MAX_BYTES:
        raise ValueError(f"this call would need about {n_bytes / 1e9:,.0f} GB for {what} "
                         f"(the limit is {MAX_BYTES // 1024 ** 3} GB): lower {smaller}")


def check_steps(n_steps, *, what: str, smaller: str) -> None:
    """Raise if a call would take more than :data:`MAX_STEPS` elementary steps.

    Parameters
    ----------
    n_steps : int or float
        The estimated number of elementary operations.
    what : str
        What is counted, e.g. "n_generations x K x M^2 multiply-adds".
    smaller : str
        Which arguments to lower.

    Examples
    --------
    >>> check_steps(10 ** 12, what="multiply-adds", smaller="M")
    Traceback (most recent call last):
    ...
    ValueError: this call would take about 1e+12 multiply-adds (the limit is 1e+10): lower M
    """
    if int(n_steps) > MAX_STEPS:
        raise ValueError(f"this call would take about {float(n_steps):.3g} {what} (the limit "
                         f"is {float(MAX_STEPS):.0e}): lower {smaller}")
