"""Autograding speed: a batch of submissions of one problem set, and each solution alone.

    python -m benchmarks.bench_grading            # 50 submissions of problem set 01
    python -m benchmarks.bench_grading --quick    # 3 submissions, for a smoke test

Runs the real nbgrader in a temporary copy of exercises/. The batch is 50 full solutions
of problem set 01 autograded by one `nbgrader autograde` call; the naive twin grades 5
of them one `nbgrader autograde --student <id>` call at a time, as a loop over students
in a shell script would. Then every problem set's solution notebook runs alone in a
fresh kernel (nbclient), as `nbgrader validate` runs it. Targets (2 cores): at most 3 s
per submission in the batch; every solution at most 10 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

from tools import problem_sets as ps

PROBLEM_SET = "ps01_gaussian"


def _seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def solution_seconds(course: Path, problem_set: str) -> float:
    """Wall time of the full solution notebook, top to bottom, in a fresh kernel."""
    notebook = ps.full_solution(course, problem_set)
    client = NotebookClient(notebook, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(course)}})
    return _seconds(client.execute)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 submissions, one solution")
    args = parser.parse_args(argv)
    n_batch, n_naive = (3, 1) if args.quick else (50, 5)
    sets = [PROBLEM_SET] if args.quick else ps.PROBLEM_SETS
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        course = ps.copy_course(Path(folder))
        ps.nbgrader(course, "generate_assignment", PROBLEM_SET, "--force")
        solution = ps.full_solution(course, PROBLEM_SET)
        for index in range(n_batch):
            ps.submit(course, f"student{index:03d}", PROBLEM_SET, solution)
        batch = _seconds(lambda: ps.nbgrader(course, "autograde", PROBLEM_SET))
        graded = ps.scores(course, PROBLEM_SET)
        assert all(sum(v or 0 for v in cells.values()) == 8 for cells in graded.values())
        naive = _seconds(lambda: [ps.nbgrader(course, "autograde", PROBLEM_SET, "--force",
                                              "--student", f"student{index:03d}")
                                  for index in range(n_naive)])
        results["batch per submission"] = batch / n_batch
        results["naive per submission"] = naive / n_naive
        for problem_set in sets:
            results[f"solution {problem_set}"] = solution_seconds(course, problem_set)
    print(f"cores: {os.cpu_count()}")
    print(f"autograde {n_batch} submissions of {PROBLEM_SET} in one call: "
          f"{results['batch per submission'] * n_batch:.1f} s, "
          f"{results['batch per submission']:.2f} s per submission (target <= 3 s)")
    print(f"naive twin, one call per student ({n_naive}): "
          f"{results['naive per submission']:.2f} s per submission; "
          f"ratio naive / ours {results['naive per submission'] / results['batch per submission']:.2f}")
    for problem_set in sets:
        print(f"solution {problem_set} in a fresh kernel: "
              f"{results[f'solution {problem_set}']:.2f} s (target <= 10 s)")
    return results


if __name__ == "__main__":
    sys.exit(main() and 0)
