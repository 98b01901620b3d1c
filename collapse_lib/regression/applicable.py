"""Which formula describes a regression setting, and its value: decided in one place.

Explorers and notebooks ask :func:`applicable_formula` instead of re-deriving the
conditions (T, T0 >= d + 2 for OLS; T0 <= d - 2 and Sigma = I for the over-parameterised
law; lambda > 0 for the deterministic equivalent; a reused design for the exact
accumulate sum).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_choice, check_float, check_int, check_int_array, check_scale
from ..core.strategies import STRATEGIES
from .formulas import (accumulate_test_error, expected_model_error, ols_test_error,
                       overparameterised_error)
from .ridge_theory import ridge_test_error
from .setting import check_generators

__all__ = ["QUANTITIES", "FORMULA_KINDS", "Formula", "applicable_formula"]

QUANTITIES = ("test_error", "model_error")
FORMULA_KINDS = ("exact OLS", "exact, over-parameterised", "exact accumulate sum",
                 "deterministic equivalent", "none")


@dataclass(frozen=True)
class Formula:
    """The formula that applies to a setting, with its value.

    Attributes
    ----------
    kind : str
        One of :data:`FORMULA_KINDS`; "none" when no formula applies.
    values : ndarray or float or None
        Its value at each requested generation (None when ``kind`` is "none").
    reason : str
        One sentence: why this formula, or why none (for captions and messages).
    infinite : bool
        True when no formula applies because the expectation itself is infinite (a
        simulated mean would not settle: explorers refuse such settings).
    """

    kind: str
    values: object
    reason: str
    infinite: bool = False

    @property
    def exists(self) -> bool:
        """True when a formula applies."""
        return self.kind != "none"


def _none(reason: str, *, infinite: bool = False) -> Formula:
    return Formula("none", None, reason, infinite)


def applicable_formula(n, *, quantity="test_error", d, T0, T=None, ridge=0.0, sigma=1.0,
                       sigma0=1.0, spectrum=None, w0=None, strategy="replace",
                       design="fresh") -> Formula:
    """The formula for a quantity of :func:`~collapse_lib.regression.simulate_chain`.

    ``quantity="test_error"`` (the downstream model, needs ``T``): with replace and
    T0 >= d + 2, the exact OLS formula when lambda = 0 and T >= d + 2, the deterministic
    equivalent when lambda > 0; none otherwise. ``quantity="model_error"``: with
    replace, the exact random walk (T0 >= d + 2, any Sigma, either design: the noise is
    fresh each generation) or the over-parameterised law (T0 <= d - 2, Sigma = I, fresh
    designs); with accumulate and a reused design, the exact inverse-square sum; none
    otherwise. T0 within 1 of d (any strategy), or lambda = 0 with T < d + 2, give
    "none" with ``infinite`` True: the expectation itself is infinite.

    Parameters
    ----------
    n : int or array of int >= 0
        Generations.
    quantity : {"test_error", "model_error"}
    d, T0, T, ridge, sigma, sigma0, spectrum, w0, strategy, design :
        As in :func:`~collapse_lib.regression.simulate_chain`.

    Returns
    -------
    Formula
        ``kind``, ``values`` (the shape of ``n``, or None) and ``reason``.

    Examples
    --------
    >>> formula = applicable_formula([0, 1], d=10, T0=21, T=21)
    >>> formula.kind, formula.values.tolist()
    ('exact OLS', [1.0, 2.0])
    >>> applicable_formula(1, d=10, T0=10, T=21).kind
    'none'
    """
    n = check_int_array("n", n)
    quantity = check_choice("quantity", quantity, QUANTITIES)
    d, T0, sigma0, spectrum, w0, design = check_generators(
        d=d, T0=T0, sigma0=sigma0, spectrum=spectrum, w0=w0, design=design)
    ridge = check_float("ridge", ridge, minimum=0.0)
    sigma = check_scale("sigma", sigma, allow_zero=True)
    strategy = check_choice("strategy", strategy, STRATEGIES)
    if d - 2 < T0 < d + 2:
        # Every strategy fits T0 rows at generation 1 (the real ones under accumulate).
        return _none(f"T₀ = {T0} is within 1 of d = {d}: the generators' error has an "
                     f"infinite mean", infinite=True)
    if quantity == "model_error":
        return _generator_formula(n, d, T0, sigma0, spectrum, w0, strategy, design)
    T = check_int("T", T, minimum=1)
    if ridge == 0 and T < d + 2:
        return _none(f"with λ = 0 (OLS) the downstream error has an infinite mean unless "
                     f"T ≥ d + 2 = {d + 2} (here T = {T})", infinite=True)
    if strategy != "replace":
        return _none(f"no closed form for the downstream error under {strategy!r}")
    if T0 < d + 2:
        return _none(f"T₀ = {T0} ≤ d − 2 = {d - 2}: no downstream formula for "
                     f"over-parameterised generators")
    if ridge == 0:
        values = ols_test_error(n, d=d, T=T, T0=T0, sigma=sigma, sigma0=sigma0)
        return Formula("exact OLS", values, "OLS everywhere, T and T₀ ≥ d + 2: exact")
    values = ridge_test_error(spectrum, n, T=T, T0=T0, ridge=ridge, w0=w0, sigma=sigma,
                              sigma0=sigma0).total
    return Formula("deterministic equivalent", values,
                   "ridge λ > 0: deterministic equivalent (large d and T)")


def _generator_formula(n, d, T0, sigma0, spectrum, w0, strategy, design) -> Formula:
    if strategy == "accumulate":
        if design == "reused" and T0 >= d + 2:
            return Formula("exact accumulate sum",
                           accumulate_test_error(n, d=d, T0=T0, sigma0=sigma0),
                           "accumulate with a reused design: exact Σ 1/i² sum")
        return _none("accumulate: an exact sum only for a reused design with T₀ ≥ d + 2 "
                     "(fresh designs stay below the π²/6 bound)")
    if strategy != "replace":
        return _none(f"no closed form for the generators under {strategy!r}")
    if T0 <= d - 2:
        if design == "reused":
            return _none("over-parameterised generators with a reused design project onto "
                         "the same T₀ directions every time: the exponential law needs "
                         "fresh designs")
        if not np.all(spectrum == 1.0):
            return _none("over-parameterised generators: the exact law needs Σ = I")
        return Formula("exact, over-parameterised",
                       overparameterised_error(n, d=d, T0=T0, w0_norm2=float(w0 @ w0),
                                               sigma0=sigma0),
                       "T₀ ≤ d − 2: minimum-norm fits forget w₀ at rate ψ = T₀/d")
    return Formula("exact OLS", expected_model_error(n, d=d, T0=T0, sigma0=sigma0),
                   "T₀ ≥ d + 2: each generation adds σ₀² d/(T₀ − d − 1)")
