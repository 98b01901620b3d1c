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


def redraw_median(explorer, n_redraws: int) -> float:
    """Median seconds per redraw of an explorer, changing only its seed (1..n_redraws)."""
    seconds = []
    for seed in range(1, n_redraws + 1):
        explorer.controls["seed"].value = seed
        seconds.append(explorer.last_draw_seconds)
    return statistics.median(seconds)
