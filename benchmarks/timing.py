"""Timing helpers shared by the benchmarks."""
from __future__ import annotations

import statistics
import time


def best_of(repeats: int, function) -> float:
    """The fastest of ``repeats`` runs of ``function()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def redraw_median(explorer, n_redraws: int, *, control: str = "seed", values=None) -> float:
    """Median seconds per redraw of an explorer, changing only one control.

    By default its seed (1..n_redraws); an explorer without one (theory only) cycles
    ``control`` through ``values``.
    """
    values = list(values) if values is not None else list(range(1, n_redraws + 1))
    seconds = []
    for index in range(n_redraws):
        explorer.controls[control].value = values[index % len(values)]
        seconds.append(explorer.last_draw_seconds)
    return statistics.median(seconds)
