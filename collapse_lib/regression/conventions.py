"""The regression chain's results in the indexing and measure of each source paper.

This course counts generations from the real data: generation 0 is w0 itself, and
generation n >= 1 is the n-th fitted model (generation 1 fits the real data alone).

- Gerstgrasser et al. (2024, arXiv:2404.01413) count *model-fitting iterations* from 0:
  their iteration i is our generation i + 1, and they report the error of the model
  fitted at that iteration (``model_error``; under accumulate, the model fitted on all
  data so far, with the design reused as in their code: ``design="reused"``).
- Dohmatob, Feng and Kempe (2024, arXiv:2402.07712) count synthetic generations n from
  0 (n = 0: clean labels) and report the downstream model's error after the n-th
  generator (``test_error``, a fresh ridge fit on T rows labelled by generation n).
"""
from __future__ import annotations

import numpy as np

from ..core.checks import check_choice
from .chain import RegressionChain

__all__ = ["PAPERS", "in_paper_convention"]

PAPERS = ("gerstgrasser", "dohmatob")


def in_paper_convention(chain: RegressionChain, *, paper: str) -> tuple[np.ndarray, np.ndarray]:
    """A chain's errors indexed and measured as ``paper`` does.

    Parameters
    ----------
    chain : RegressionChain
    paper : {"gerstgrasser", "dohmatob"}

    Returns
    -------
    index : ndarray of int, shape (L,)
        Gerstgrasser: iterations 0..n-1; Dohmatob: generations 0..n.
    errors : ndarray, shape (n_chains, L)
        Gerstgrasser: ``model_error[:, 1:]``; Dohmatob: ``test_error``.

    Examples
    --------
    >>> from collapse_lib.regression.chain import simulate_chain
    >>> chain = simulate_chain(d=3, T0=10, T=10, n_generations=4, n_chains=2, seed=0)
    >>> index, errors = in_paper_convention(chain, paper="gerstgrasser")
    >>> index.tolist(), errors.shape
    ([0, 1, 2, 3], (2, 4))
    """
    paper = check_choice("paper", paper, PAPERS)
    if not isinstance(chain, RegressionChain):
        raise TypeError(f"chain must be a RegressionChain (from regression.simulate_chain); "
                        f"got {type(chain).__name__}")
    if paper == "gerstgrasser":
        return np.arange(chain.n_generations), chain.model_error[:, 1:]
    return np.arange(chain.n_generations + 1), chain.test_error
