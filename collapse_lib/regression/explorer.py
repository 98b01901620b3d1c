"""The regression world's explorers (notebooks 03, 04 and 05)."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..core import plotting
from ..core.explorer import EnabledWhen, Explorer, choice, seed_control, slider
from .applicable import applicable_formula
from .chain import simulate_chain, simulate_ridge_path
from .plots import plot_error_parts, plot_ridge_curves
from .ridge_theory import ridge_test_error
from .scaling import critical_exponent, power_law_source, power_law_spectrum
from .scaling_law import (fitted_exponents, generator_rows, predicted_exponent,
                          scaling_curves)
from .scaling_plots import plot_exponents, plot_scaling_curves
from .setting import default_w0

__all__ = ["RIDGE_CHOICES", "SCALING_REGIMES", "regression_explorer", "bias_variance_explorer",
           "scaling_explorer"]

RIDGE_CHOICES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def regression_explorer(*, d: int = 20, T0: int = 60, T: int = 60, sigma0: float = 1.0,
                        n_generations: int = 10, ridge: float = 0.0, n_chains: int = 200,
                        seed: int = 0) -> Explorer:
    """Explore the fake-data regression chain (notebook 03), with Σ = I and σ = 1.

    Controls: d (2..100), T₀ (generator rows, 1..400), T (downstream rows, 1..400), σ₀
    (generator noise, 0..2), generations (1..30), λ (0 = OLS, up to 10), chains and
    seed; every one of them always has an effect, so none is ever disabled. Left: the
    downstream test error against n with the formula that applies
    (:func:`~collapse_lib.regression.applicable_formula`) and both slopes. Right: the
    generators' own error ‖ŵₙ − w₀‖², including the over-parameterised regime T₀ < d
    where it collapses exponentially. A setting whose expected error is infinite shows a
    message.

    Parameters
    ----------
    d, T0, T, sigma0, n_generations, ridge, n_chains, seed :
        The controls' starting values (see :func:`~collapse_lib.regression.simulate_chain`).

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = regression_explorer(d=10, T0=40, T=30)
    >>> explorer.figure.axes[0].get_title()
    'Downstream: d = 10, T = 30, λ = 0'
    >>> explorer.figure.axes[1].get_title()
    'Generators: T₀ = 40, σ₀ = 1'
    """
    controls = {
        "d": slider("d", "d (features)", d, 2, 100),
        "T0": slider("T0", "T₀ (generator rows)", T0, 1, 400),
        "T": slider("T", "T (downstream rows)", T, 1, 400),
        "sigma0": slider("sigma0", "σ₀ (generator noise)", sigma0, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 30),
        "ridge": choice("ridge", "λ (0 = OLS)", RIDGE_CHOICES, ridge,
                        kind=widgets.SelectionSlider),
        "n_chains": slider("n_chains", "chains", n_chains, 10, 1000, 10),
        "seed": seed_control(seed),
    }

    def draw(axes, *, d, T0, T, sigma0, n_generations, ridge, n_chains, seed):
        n = np.arange(n_generations + 1)
        setting = dict(d=d, T0=T0, T=T, ridge=ridge, sigma0=sigma0)
        generators = applicable_formula(n, quantity="model_error", **setting)
        downstream = applicable_formula(n, **setting)
        if downstream.infinite or generators.infinite:
            raise ValueError((generators if generators.infinite else downstream).reason
                             + ": change d, T or T₀, or choose λ > 0")
        chain = simulate_chain(d=d, T0=T0, T=T, n_generations=n_generations, sigma0=sigma0,
                               ridge=ridge, n_chains=n_chains, seed=seed)
        slopes = plotting.plot_error_vs_generation(
            axes[0], chain.test_error, downstream.values,
            theory_label=f"theory: {downstream.kind}", ylabel="test error ‖w_pred − w₀‖²_Σ")
        axes[0].set_title(f"Downstream: d = {d}, T = {T}, λ = {ridge:g}")
        axes[0].text(0.98, 0.04, slopes.replace(": ", ":\n", 1), transform=axes[0].transAxes,
                     ha="right")
        plotting.plot_error_vs_generation(
            axes[1], chain.model_error, generators.values,
            theory_label=f"theory: {generators.kind}", ylabel="generator error ‖ŵₙ − w₀‖²")
        axes[1].set_title(f"Generators: T₀ = {T0}, σ₀ = {sigma0:g}")
        if not downstream.exists:
            return ("T₀ < d (over-parameterised): no downstream formula; the generators follow "
                    "the exact law.")
        return "Dashed: theory. Each generation adds the same amount of error: a straight line in n."

    return Explorer(controls, draw, ncols=2)


# "largest n" of the bias-variance explorer: without generator noise nothing collapses.
_NEEDS_GENERATOR_NOISE = EnabledWhen(lambda values: values["sigma0"] > 0,
                                     "σ₀ = 0: exact generators, every generation is the same")


def bias_variance_explorer(*, d: int = 50, T: int = 100, T0: int = 100, sigma0: float = 1.0,
                           sigma: float = 0.5, n_generations: int = 10,
                           spectrum: str = "isotropic", n_chains: int = 60,
                           seed: int = 0) -> Explorer:
    """Explore how collapse enters the downstream ridge model's error (notebook 04).

    Controls: d (10..100), T (downstream rows, 10..400), T₀ (generator rows, 12..400),
    σ₀ (generator noise), σ (downstream noise), the largest generation n shown (1..20),
    the spectrum (isotropic or power law j^-1.5), chains and seed. "largest n" is
    disabled while σ₀ = 0: exact generators add no collapse term, so every generation
    draws the same curves. Left: the U-shaped test error against λ for n = 0, about n/3
    and n, theory (dashed, deterministic equivalent) with simulation points; triangles
    mark each curve's best λ, which moves right as n grows. Right: its parts: bias and
    variance (independent of n) and the collapse term at the largest n.

    Parameters
    ----------
    d, T, T0, sigma0, sigma, n_generations, n_chains, seed :
        The controls' starting values.
    spectrum : {"isotropic", "power law"}

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = bias_variance_explorer(d=20, T=40, T0=40)
    >>> explorer.controls["T0"].value = 20
    >>> "T₀ ≥ d + 2" in explorer.message.value
    True
    >>> explorer.controls["sigma0"].value = 0.0
    >>> explorer.controls["n_generations"].disabled
    True
    """
    controls = {
        "d": slider("d", "d (features)", d, 10, 100),
        "T": slider("T", "T (downstream rows)", T, 10, 400),
        "T0": slider("T0", "T₀ (generator rows)", T0, 12, 400),
        "sigma0": slider("sigma0", "σ₀ (generator noise)", sigma0, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "sigma": slider("sigma", "σ (downstream noise)", sigma, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": slider("n_generations", "largest n", n_generations, 1, 20),
        "spectrum": choice("spectrum", "spectrum", ("isotropic", "power law"), spectrum),
        "n_chains": slider("n_chains", "chains", n_chains, 10, 300, 10),
        "seed": seed_control(seed),
    }
    theory_ridges = np.logspace(-3, 1.5, 60)
    simulated_ridges = np.logspace(-3, 1.5, 8)

    def draw(axes, *, d, T, T0, sigma0, sigma, n_generations, spectrum, n_chains, seed):
        if T0 < d + 2:
            raise ValueError(f"the collapse term needs OLS generators with T₀ ≥ d + 2 = "
                             f"{d + 2} (here T₀ = {T0}): raise T₀ or lower d")
        eigenvalues = np.ones(d) if spectrum == "isotropic" else power_law_spectrum(d=d, beta=1.5)
        w0 = default_w0(d=d)
        shown = sorted({0, max(1, round(n_generations / 3)), n_generations})
        parts = ridge_test_error(eigenvalues, np.array(shown)[:, None], T=T, T0=T0,
                                 ridge=theory_ridges, w0=w0, sigma=sigma, sigma0=sigma0)
        path = simulate_ridge_path(d=d, T0=T0, T=T, n_generations=n_generations,
                                   ridges=simulated_ridges, sigma0=sigma0, sigma=sigma,
                                   spectrum=eigenvalues, w0=w0, n_chains=n_chains, seed=seed)
        means = {n: path.test_error[:, n].mean(axis=0) for n in shown}
        plot_ridge_curves(axes[0], theory_ridges, dict(zip(shown, parts.total)),
                          (simulated_ridges, means))
        plotting.set_log(axes[0])
        low, high = axes[0].get_ylim()
        axes[0].set_ylim(low, high * (high / low) ** 0.5)  # room for the legend, top right
        axes[0].set_title(f"Test error: d = {d}, T = {T}, T₀ = {T0}")
        plot_error_parts(axes[1], theory_ridges, parts, path, n=shown[-1])
        axes[1].set_title(f"Its parts, {spectrum} spectrum")
        best = theory_ridges[np.argmin(parts.total, axis=1)]
        return ("▼ best λ: " + ", ".join(f"n = {n}: {b:.2g}" for n, b in zip(shown, best))
                + ". Collapse pushes the best λ up.")

    return Explorer(controls, draw, rules={"n_generations": _NEEDS_GENERATOR_NOISE}, ncols=2)


SCALING_REGIMES = {"fixed T₀ = 2d": "fixed", "T₀ = 2d · T/T_min": "proportional"}

# "generations n" and the regime matter only when the generators are noisy.
_SCALING_RULES = {
    "n": _NEEDS_GENERATOR_NOISE,
    "regime": EnabledWhen(lambda values: values["sigma0"] > 0 and values["n"] > 0,
                          "no synthetic data (n = 0 or σ₀ = 0): no generators to size"),
}


def scaling_explorer(*, beta: float = 2.0, r: float = 0.5, n: int = 10, sigma0: float = 1.0,
                     ell: float = 1.5, regime: str = "fixed T₀ = 2d") -> Explorer:
    """Explore the scaling law of the downstream ridge model with synthetic data (notebook 05).

    Theory only (the deterministic equivalent), with d = 5,000 features, eigenvalues
    j^-β, a source of exponent r, noiseless downstream labels (σ = 0) and T from 10 to
    1,000 (many more features than samples). Controls: β, r, generations n, the
    generators' noise σ₀, the exponent ℓ of λ = T^-ℓ and the regime (T₀ fixed at 2d,
    or growing in proportion to T from 2d at T = 10). Left: the error against T on
    log-log axes, clean and with n generations at ℓ, with n generations at ℓ_crit, and
    with the best λ of a grid at each T; each legend gives the fitted slope and the
    predicted one (dotted guides). Right: the fitted exponent against ℓ, clean and
    synthetic, with the predicted law dashed and ℓ_crit marked.

    Parameters
    ----------
    beta, r, n, sigma0, ell : the controls' starting values
    regime : one of ``SCALING_REGIMES``

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = scaling_explorer(beta=2.0, r=0.5)
    >>> explorer.figure.axes[1].get_title()
    'Exponents: ℓ_crit = 0.67'
    """
    controls = {
        "beta": slider("beta", "β (spectrum)", beta, 1.2, 3.0, 0.1, kind=widgets.FloatSlider),
        "r": slider("r", "r (source)", r, 0.1, 1.5, 0.05, kind=widgets.FloatSlider),
        "n": slider("n", "generations n", n, 0, 20),
        "sigma0": slider("sigma0", "σ₀ (generator noise)", sigma0, 0.0, 2.0, 0.1,
                         kind=widgets.FloatSlider),
        "ell": slider("ell", "ℓ (λ = T^−ℓ)", ell, 0.0, 3.0, 0.05, kind=widgets.FloatSlider),
        "regime": choice("regime", "generators", tuple(SCALING_REGIMES), regime),
    }
    d, sizes = 5_000, np.unique(np.geomspace(10, 1000, 9).round().astype(int))
    ells = np.linspace(0.0, 3.0, 13)
    grid_ridges = np.logspace(-9, 0, 19)

    def draw(axes, *, beta, r, n, sigma0, ell, regime):
        spectrum = power_law_spectrum(d=d, beta=beta)
        mode = SCALING_REGIMES[regime]
        T0 = generator_rows(sizes, d=d, regime=mode, T0=2 * d if mode == "fixed" else None,
                            T0_ratio=2 * d / sizes[0] if mode == "proportional" else None)
        crit = critical_exponent(beta=beta, r=r)
        generations = [0, n] if n > 0 and sigma0 > 0 else [0]
        setting = dict(sizes=sizes, T0=T0, w0=power_law_source(d=d, beta=beta, r=r),
                       sigma=0.0, sigma0=sigma0)
        curves, predicted = scaling_curves(spectrum, generations[-1], ell=ell, ell_crit=crit,
                                           ridges=grid_ridges, beta=beta, r=r, **setting)
        plot_scaling_curves(axes[0], sizes, curves, predicted=predicted)
        axes[0].legend(loc="lower left", title="slope fitted (predicted)")
        axes[0].set_title(f"Error against T: β = {beta:.1f}, r = {r:.2f}")
        fitted = fitted_exponents(spectrum, np.array(generations), ells=ells, **setting)
        labels = ["clean"] + [f"n = {n}"] * (len(generations) - 1)
        expected = {label: [predicted_exponent(beta=beta, r=r, ell=x, noisy=g > 0) for x in ells]
                    for label, g in zip(labels, generations)}
        plot_exponents(axes[1], ells, dict(zip(labels, fitted)), expected, ell_crit=crit, ell=ell)
        axes[1].legend(loc="lower left")
        axes[1].set_title(f"Exponents: ℓ_crit = {crit:.2f}")
        where = "T₀ = 2d at every T" if mode == "fixed" else "T₀ grows like T"
        return (f"Theory, d = 5,000 features, σ = 0, T = 10–1,000; {where}. Left, dotted: "
                "predicted power laws. Right: dots fitted, dashed predicted.")

    return Explorer(controls, draw, rules=_SCALING_RULES, ncols=2)
