"""Checks for the discrete world's coding exercises, notebooks 02 and 05.

See :mod:`collapse_lib.core.exercises`. Each ``check_*`` takes the learner's function,
runs it, and returns a one-line :class:`~collapse_lib.core.exercises.Feedback`; it
never raises.
"""
from __future__ import annotations

import numpy as np

from ..core.exercises import Feedback, call_learner, compare_values, first_failure
from .tail_cut import memorizer_error
from .theory import expected_absorption_time, loss_probability, transition_matrix

__all__ = ["check_transition_matrix", "check_loss_probability", "check_absorption_times",
           "check_memorizer_error", "check_lost_mass"]


def check_transition_matrix(wright_fisher_matrix) -> Feedback:
    """Check the Wright-Fisher transition matrix P[i, j] = Binomial(j; M, i/M).

    The learner writes ``wright_fisher_matrix(*, n_samples)`` returning an
    (M + 1, M + 1) array; compared with
    :func:`~collapse_lib.markov.theory.transition_matrix` for M in {1, 2, 5, 20}.

    Parameters
    ----------
    wright_fisher_matrix : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from scipy.stats import binom
    >>> def matrix(*, n_samples):
    ...     counts = np.arange(n_samples + 1)
    ...     return binom.pmf(counts[None, :], n_samples, counts[:, None] / n_samples)
    >>> check_transition_matrix(matrix).passed
    True
    """
    def compare(n_samples):
        return lambda: compare_values(
            f"P for M = {n_samples}", call_learner(wright_fisher_matrix, n_samples=n_samples),
            transition_matrix(n_samples=n_samples), rtol=1e-9)

    return first_failure(*(compare(m) for m in (1, 2, 5, 20))) or Feedback(
        True, "row i of P is the Binomial(M, i/M) law; rows 0 and M are absorbing.")


def check_loss_probability(loss_by_generation) -> Feedback:
    """Check P(a category of initial probability p is lost by generation n).

    The learner writes ``loss_by_generation(p, n, *, n_samples)`` for one p and one
    n >= 1: the first entry of Binomial(M, p) P^(n-1); compared with
    :func:`~collapse_lib.markov.theory.loss_probability`.

    Parameters
    ----------
    loss_by_generation : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from collapse_lib.markov import transition_matrix
    >>> from scipy.stats import binom
    >>> def lost(p, n, *, n_samples):
    ...     law = binom.pmf(np.arange(n_samples + 1), n_samples, p)
    ...     return (law @ np.linalg.matrix_power(transition_matrix(n_samples=n_samples), n - 1))[0]
    >>> check_loss_probability(lost).passed
    True
    """
    cases = [(0.01, 1, 100), (0.01, 10, 100), (0.2, 5, 20), (0.5, 30, 10), (0.05, 3, 50)]

    def compare(p, n, n_samples):
        return lambda: compare_values(
            f"P(lost by n = {n}) for p = {p}, M = {n_samples}",
            call_learner(loss_by_generation, p, n, n_samples=n_samples),
            loss_probability(p, n, n_samples=n_samples), rtol=1e-7)

    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "the law after n generations is Binomial(M, p) Pⁿ⁻¹, and its first entry "
              "is the loss probability.")


def check_absorption_times(absorption_times) -> Feedback:
    """Check the mean absorption time from every count: solve (I - Q) tau = 1.

    The learner writes ``absorption_times(*, n_samples)`` returning tau, an array of
    length M + 1 with tau[0] = tau[M] = 0 and, for the transient counts 1..M-1, the
    solution of (I - Q) tau = 1 (Q: P restricted to the transient counts). Compared with
    :func:`~collapse_lib.markov.theory.expected_absorption_time` (which adds the first
    generation's draw) through tau_i = E[time | count i] for M in {2, 10, 50}.

    Parameters
    ----------
    absorption_times : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> from collapse_lib.markov import transition_matrix
    >>> def times(*, n_samples):
    ...     Q = transition_matrix(n_samples=n_samples)[1:-1, 1:-1]
    ...     tau = np.zeros(n_samples + 1)
    ...     tau[1:-1] = np.linalg.solve(np.eye(n_samples - 1) - Q, np.ones(n_samples - 1))
    ...     return tau
    >>> check_absorption_times(times).passed
    True
    """
    def compare(n_samples):
        def check():
            got = call_learner(absorption_times, n_samples=n_samples)
            # From count i the first generation draws row i of P, so the library's time
            # from probability i/M is 1 + sum_j P[i, j] tau_j = tau_i.
            start = np.arange(1, n_samples) / n_samples
            exact = np.concatenate([[0.0], expected_absorption_time(start, n_samples=n_samples),
                                    [0.0]])
            return compare_values(f"τ for M = {n_samples}", got, exact, rtol=1e-7)
        return check

    return first_failure(*(compare(m) for m in (2, 10, 50))) or Feedback(
        True, "τ = (I − Q)⁻¹ 1: the fundamental matrix's row sums are the mean times "
              "to absorption.")


def check_memorizer_error(function) -> Feedback:
    """Check the memoriser's error sum_k p_k (1 - p̃_k)^T on clean or tail-cut tokens.

    The learner writes ``memorizer_error(p, *, T, cut)``: p̃ is p with every token past
    rank ``cut`` lost and the rest renormalised (``cut`` = len(p) keeps all), and the
    expected error of a model that memorises T tokens drawn from p̃ is the real mass of
    the tokens it never saw (Dohmatob, Feng, Yang, Charton, Kempe 2024). Compared for
    Zipf tokens (K = 1,000, alpha = 1.5 and 2), T from 10 to 10^6 and three cuts with
    the exact value of :func:`memorizer_error`, to a relative tolerance
    of 1e-6.

    Parameters
    ----------
    function : callable
        The learner's ``memorizer_error``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def memorizer_error(p, *, T, cut):
    ...     p_cut = np.zeros_like(p)
    ...     p_cut[:cut] = p[:cut] / p[:cut].sum()
    ...     return np.sum(p * (1 - p_cut) ** T)
    >>> check_memorizer_error(memorizer_error).passed
    True
    """
    K = 1000

    def compare(alpha, T, cut):
        p = np.arange(1, K + 1, dtype=float) ** -alpha
        p /= p.sum()
        return lambda: compare_values(
            f"the error for Zipf α = {alpha:g}, T = {T:,}, cut = {cut:,}",
            call_learner(function, p.copy(), T=T, cut=cut), memorizer_error(p, T=T, cut=cut),
            rtol=1e-6)

    cases = [(alpha, T, cut) for alpha in (1.5, 2.0) for cut in (K, 100, 10)
             for T in (10, 1_000, 1_000_000)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "the real mass of the unseen tokens; after a tail cut it never falls below "
              "the mass lost.")


def check_lost_mass(lost_mass) -> Feedback:
    """Check the expected real mass missing after one generation: Σₖ pₖ (1 − pₖ)^M.

    A category of probability pₖ is absent from M draws with probability (1 − pₖ)^M, and
    then lost for good (notebook 02); weighting by pₖ gives the expected share of the real
    distribution the next model cannot produce. The learner writes
    ``lost_mass(p, *, n_samples)``; compared for Zipf(1.5) over 100 and over 1,000
    categories and a uniform one, M in {10, 100, 1000}, to a relative tolerance of 1e-9.

    Parameters
    ----------
    lost_mass : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def lost_mass(p, *, n_samples):
    ...     return float(np.sum(p * (1 - p) ** n_samples))
    >>> check_lost_mass(lost_mass).passed
    True
    """
    def zipf(K):
        weights = np.arange(1, K + 1) ** -1.5
        return weights / weights.sum()

    vectors = {"Zipf(1.5), K = 100": zipf(100), "Zipf(1.5), K = 1000": zipf(1000),
               "uniform, K = 50": np.full(50, 1 / 50)}

    def compare(name, p, n_samples):
        def check():
            exact = float(np.sum(p * (1 - p) ** n_samples))
            got = call_learner(lost_mass, p.copy(), n_samples=n_samples)
            return compare_values(f"the lost mass for {name}, M = {n_samples}", got, exact,
                                  rtol=1e-9)
        return check

    cases = [(name, p, M) for name, p in vectors.items() for M in (10, 100, 1000)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "the tail pays: under Zipf(1.5) with 1,000 categories, 100 draws miss 0.18 "
              "of the real mass in one generation, and it never comes back.")
