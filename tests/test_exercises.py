"""The coding exercises: every solution passes its check, the stubs and wrong answers do not.

Each exercise in notebooks 01-06 is three cells (CONTRIBUTING.md): the stub the learner
completes (tag ``exercise``), the check cell (tag ``exercise-check``) and the folded
solution (a markdown cell tagged ``solution`` holding one python code block). The stored
notebook keeps the stub, so its check cell shows the "not yet" line. Here each notebook's
setup cell runs in a fresh kernel followed by every solution in order, each with its
check cell: every check must then say "Correct". Separately, each check is fed typical
mistakes and must say "Not yet", so a check that passes everything cannot slip through.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from scipy.special import digamma
from scipy.stats import binom, norm

from collapse_lib.core.exercises import Feedback
from collapse_lib.digits.exercises import check_kernel_ridge_weights
from collapse_lib.gaussian.exercises import (check_generations_to_halve,
                                             check_log_variance_drift, check_one_generation)
from collapse_lib.generative.exercises import (check_drawing_spread, check_log_det_drift,
                                               check_repair_quotas)
from collapse_lib.language.exercises import check_perplexity, check_temperature_probabilities
from collapse_lib.markov import transition_matrix
from collapse_lib.markov.exercises import (check_absorption_times, check_lost_mass,
                                           check_loss_probability, check_memorizer_error,
                                           check_transition_matrix)
from collapse_lib.mitigations.exercises import (check_filtered_fraction, check_mix_moments,
                                                check_truncation_factor)
from collapse_lib.regression.exercises import (check_effective_regularisation,
                                               check_fitted_slope, check_ols_generation,
                                               check_ols_test_error,
                                               check_scaling_exponent, check_variance_term)

ROOT = Path(__file__).resolve().parent.parent
LECTURES = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            if not p.name.startswith("00")]
SOLUTION_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def tags(cell):
    return cell["metadata"].get("tags", [])


def exercises(notebook):
    """(stub, check, solution code) for every exercise, in order."""
    cells = notebook.cells
    found = []
    for i, cell in enumerate(cells):
        if "exercise" in tags(cell):
            check, solution = cells[i + 1], cells[i + 2]
            assert "exercise-check" in tags(check), "the check cell follows the stub"
            assert "solution" in tags(solution), "the folded solution follows the check"
            assert solution.source.lstrip().startswith("<details>")
            code = SOLUTION_BLOCK.findall(solution.source)
            assert len(code) == 1, "one python block per solution"
            found.append((cell, check, code[0]))
    return found


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.name)
def test_each_lecture_has_two_or_three_exercises_and_stores_the_stub(path):
    notebook = nbformat.read(path, as_version=4)
    found = exercises(notebook)
    assert 2 <= len(found) <= 3
    for stub, check, solution in found:
        assert "..." in stub.source and "..." not in solution
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
        assert shown.startswith("✘ Not yet:") and "\n" not in shown.strip(), shown


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.name)
def test_every_solution_passes_its_check(path):
    notebook = nbformat.read(path, as_version=4)
    setup = next(c for c in notebook.cells if c.cell_type == "code")
    cells = [nbformat.v4.new_code_cell(setup.source)]
    for _stub, check, solution in exercises(notebook):
        cells += [nbformat.v4.new_code_cell(solution), nbformat.v4.new_code_cell(check.source)]
    run = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
    NotebookClient(run, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    verdicts = ["".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
                for cell in run.cells[2::2]]
    assert verdicts and all(v.startswith("✔ Correct:") for v in verdicts), verdicts


# Typical mistakes: each must be caught by its check.
def _generation(divisor_offset=0, degrees_offset=0, kick_uses_new_variance=False):
    def one_generation(mu, sigma2, *, n_samples, estimator, rng):
        D = (n_samples if estimator == "mle" else n_samples - 1) + divisor_offset
        new = sigma2 * rng.chisquare(n_samples - 1 + degrees_offset, mu.shape) / D
        scale = new if kick_uses_new_variance else sigma2
        return mu + np.sqrt(scale / n_samples) * rng.standard_normal(mu.shape), new
    return one_generation


def _ols(rows_offset=0, noise_scale=1.0):
    def ols_generation(w, *, T0, sigma0, rng):
        X = rng.standard_normal((T0 + rows_offset, w.size))
        Y = X @ w + noise_scale * sigma0 * rng.standard_normal(T0 + rows_offset)
        return np.linalg.lstsq(X, Y, rcond=None)[0]
    return ols_generation


def _kappa(iterations):
    def kappa_fixed_point(spectrum, *, T, ridge):
        kappa = ridge
        for _ in range(iterations):
            kappa = ridge + kappa * np.sum(spectrum / (spectrum + kappa)) / T
        return kappa
    return kappa_fixed_point


def _loss(extra_step):
    def loss_by_generation(p, n, *, n_samples):
        first = binom.pmf(np.arange(n_samples + 1), n_samples, p)
        step = np.linalg.matrix_power(transition_matrix(n_samples=n_samples), n - 1 + extra_step)
        return (first @ step)[0]
    return loss_by_generation


def _times(*, n_samples):
    """Forgets the identity: solves Q tau = 1 instead of (I - Q) tau = 1."""
    Q = transition_matrix(n_samples=n_samples)[1:-1, 1:-1]
    tau = np.zeros(n_samples + 1)
    tau[1:-1] = np.linalg.lstsq(Q, np.ones(n_samples - 1), rcond=None)[0]
    return tau


def _exponent(*, m_capped=True, ell_capped=True, slower=True):
    def scaling_exponent(*, beta, r, ell):
        m = min(r, 1.0) if m_capped else r
        ell = min(ell, beta) if ell_capped else ell
        return -(min if slower else max)(2 * ell * m, 1 - ell / beta)
    return scaling_exponent


def _slope(*, use_range=True, log10_sizes=False):
    def fitted_slope(sizes, errors, *, T_min, T_max):
        inside = (sizes >= T_min) & (sizes <= T_max) if use_range else slice(None)
        x = (np.log10 if log10_sizes else np.log)(sizes[inside])
        return np.polyfit(x, np.log(errors[inside]), 1)[0]
    return fitted_slope


def _memorizer(*, renormalise=True, weights="p", apply_cut=True):
    def memorizer_error(p, *, T, cut):
        p_cut = p.copy()
        if apply_cut:
            p_cut[cut:] = 0.0
            p_cut = p_cut / p_cut.sum() if renormalise else p_cut
        return np.sum((p if weights == "p" else p_cut) * (1 - p_cut) ** T)
    return memorizer_error


def _mix(*, rounded=True, divisor="by estimator", cross_term=True, drift_power=2,
         extra_step=0):
    """The Gaussian mix recursion of notebook 06, with one thing changed."""
    def mix_moments(n, *, n_samples, real_fraction, estimator):
        M = n_samples
        M_r = round(real_fraction * M) if rounded else real_fraction * M
        M_s = M - M_r
        D = {"by estimator": M - 1 if estimator == "unbiased" else M, "M": M}[divisor]
        v, m = 1.0, 0.0
        for _ in range(max(n + extra_step, 0)):
            v, m = (((M - 1) / M * (M_r + M_s * v) + cross_term * M_r * M_s / M * m) / D,
                    (M_r + M_s * v + M_s**drift_power * m) / M**2)
        return v, m
    return mix_moments


def _theta(*, two_sided=True, factor=2.0, renormalise=True, square_root=False):
    """The likelihood filter's shrink factor of notebook 06, with one thing changed."""
    def truncation_factor(*, keep_fraction):
        a = norm.ppf((1 + keep_fraction) / 2 if two_sided else keep_fraction)
        kept = keep_fraction - factor * a * norm.pdf(a)   # E[Z^2; |Z| <= a]
        theta = kept / keep_fraction if renormalise else kept
        return np.sqrt(theta) if square_root else theta
    return truncation_factor


def _left(*, with_fpr=True, missed=True, renormalise=True, synthetic=False):
    """The real fraction after a detector (notebook 06), with one thing changed."""
    def real_fraction_left(*, synthetic_share, recall, false_positive_rate):
        real = (1 - synthetic_share) * ((1 - false_positive_rate) if with_fpr else 1.0)
        fake = synthetic_share * ((1 - recall) if missed else recall)
        if not renormalise:
            return real
        return (fake if synthetic else real) / (real + fake)
    return real_fraction_left


def _tempered(*, power="1/t", normalise=True):
    """Sampling at a temperature (notebook 07), with one thing changed."""
    def temperature_probabilities(counts, *, temperature):
        weights = counts ** (1 / temperature if power == "1/t" else temperature)
        return weights / weights.sum() if normalise else weights
    return temperature_probabilities


def _ridge(*, scale_by_T=True, add_to="diagonal"):
    """The kernel ridge weights of notebook 07, with one thing changed."""
    def kernel_ridge_weights(gram, labels, *, ridge):
        T = len(labels)
        penalty = ridge * (T if scale_by_T else 1)
        if add_to == "diagonal":
            return np.linalg.solve(gram + penalty * np.eye(T), labels)
        return np.linalg.solve(gram + penalty, labels)
    return kernel_ridge_weights


def _spread(*, divisor="m - 1", mean="geometric"):
    """The drawings' spread (notebook 08), with one thing changed."""
    def drawing_spread(points):
        covariance = np.cov(points.T, ddof=1 if divisor == "m - 1" else 0)
        if mean == "arithmetic":
            return np.mean(np.sqrt(np.diag(covariance)))
        return np.exp(np.linalg.slogdet(covariance)[1] / (2 * points.shape[1]))
    return drawing_spread


def _drift(*, with_temperature=True, divisor="M"):
    """The one-component log det drift (notebook 08), with one thing changed."""
    def log_det_drift(*, n_samples, d, temperature):
        i = np.arange(1, d + 1)
        D = n_samples if divisor == "M" else n_samples - 1
        return (np.sum(digamma((n_samples - i) / 2) + np.log(2 / D))
                + (d * np.log(temperature) if with_temperature else 0.0))
    return log_det_drift


def _quotas(*, rule="largest remainder"):
    """Reparation's quotas (notebook 08), with one thing changed."""
    def quotas_for(shares, *, n_images):
        if rule == "round":
            return np.round(shares * n_images).astype(int)
        exact = shares * n_images
        quotas = np.floor(exact).astype(int)
        quotas[np.argsort(exact - quotas)[:n_images - quotas.sum()]] += 1   # smallest first
        return quotas
    return quotas_for


MISTAKES = {
    "unbiased divides by M": (check_one_generation, _generation(divisor_offset=1)),
    "chi-square with M degrees of freedom": (check_one_generation, _generation(degrees_offset=1)),
    "mean kick scaled by the new variance": (check_one_generation,
                                             _generation(kick_uses_new_variance=True)),
    "the stub": (check_one_generation, lambda mu, sigma2, **_: (..., ...)),
    "returns a single array": (check_one_generation, lambda mu, sigma2, **_: mu),
    "drift without the log(2/D)": (check_log_variance_drift,
                                   lambda *, n_samples, estimator: digamma((n_samples - 1) / 2)),
    "drift with the MLE divisor for both": (
        check_log_variance_drift,
        lambda *, n_samples, estimator: digamma((n_samples - 1) / 2) + np.log(2 / n_samples)),
    "transposed matrix": (check_transition_matrix, lambda *, n_samples: binom.pmf(
        np.arange(n_samples + 1)[:, None], n_samples, np.arange(n_samples + 1)[None, :] / n_samples)),
    "matrix missing its last state": (check_transition_matrix, lambda *, n_samples: binom.pmf(
        np.arange(n_samples)[None, :], n_samples, np.arange(n_samples)[:, None] / n_samples)),
    "one generation too many": (check_loss_probability, _loss(extra_step=1)),
    "Q tau = 1": (check_absorption_times, _times),
    "a function that raises": (check_absorption_times, lambda *, n_samples: 1 / 0),
    "OLS on one row too many": (check_ols_generation, _ols(rows_offset=5)),
    "noise twice too large": (check_ols_generation, _ols(noise_scale=2.0)),
    "returns the previous weights": (check_ols_generation, lambda w, **_: w),
    "formula with T - d": (check_ols_test_error, lambda n, *, d, T, T0, sigma, sigma0:
                           sigma**2 * d / (T - d) + n * sigma0**2 * d / (T0 - d)),
    "formula forgets sigma0": (check_ols_test_error, lambda n, *, d, T, T0, sigma, sigma0:
                               sigma**2 * d / (T - d - 1) + n * d / (T0 - d - 1)),
    "kappa = lambda": (check_effective_regularisation, lambda spectrum, *, T, ridge: ridge),
    "too few iterations": (check_effective_regularisation, _kappa(3)),
    "variance u without 1 - u": (check_variance_term, lambda spectrum, kappa, *, T, sigma:
                                 sigma**2 * np.sum(spectrum**2 / (spectrum + kappa)**2) / T),
    "variance with df_1": (check_variance_term, lambda spectrum, kappa, *, T, sigma:
                           sigma**2 * (u := np.sum(spectrum / (spectrum + kappa)) / T) / (1 - u)),
    "exponent without min(ℓ, β)": (check_scaling_exponent, _exponent(ell_capped=False)),
    "exponent without min(r, 1)": (check_scaling_exponent, _exponent(m_capped=False)),
    "exponent of the faster term": (check_scaling_exponent, _exponent(slower=False)),
    "slope fitted over every T": (check_fitted_slope, _slope(use_range=False)),
    "slope with log10 T and ln error": (check_fitted_slope, _slope(log10_sizes=True)),
    "tail-cut p̃ not renormalised": (check_memorizer_error, _memorizer(renormalise=False)),
    "error weighted by p̃ instead of p": (check_memorizer_error, _memorizer(weights="q")),
    "the cut forgotten": (check_memorizer_error, _memorizer(apply_cut=False)),
    "mix stub": (check_mix_moments, lambda n, **_: (1.0, 0.0) if n == 0 else (..., ...)),
    "mix with f·M real points, unrounded": (check_mix_moments, _mix(rounded=False)),
    "mix always divides by M": (check_mix_moments, _mix(divisor="M")),
    "mix without the cross term in v": (check_mix_moments, _mix(cross_term=False)),
    "mix drift with M_s instead of M_s²": (check_mix_moments, _mix(drift_power=1)),
    "mix one generation too few": (check_mix_moments, _mix(extra_step=-1)),
    "mix returns v only": (check_mix_moments, lambda n, **_: 1.0),
    "θ with a one-sided cut": (check_truncation_factor, _theta(two_sided=False)),
    "θ without the factor 2": (check_truncation_factor, _theta(factor=1.0)),
    "θ not divided by the keep fraction": (check_truncation_factor, _theta(renormalise=False)),
    "θ as a standard deviation": (check_truncation_factor, _theta(square_root=True)),
    "θ returns the cut a": (check_truncation_factor,
                           lambda *, keep_fraction: norm.ppf((1 + keep_fraction) / 2)),
    "filter stub": (check_filtered_fraction, lambda **_: ...),
    "filter forgets false positives": (check_filtered_fraction, _left(with_fpr=False)),
    "filter keeps the flagged synthetic items": (check_filtered_fraction, _left(missed=False)),
    "filter not renormalised": (check_filtered_fraction, _left(renormalise=False)),
    "filter returns the synthetic fraction": (check_filtered_fraction, _left(synthetic=True)),
    "temperature as a power t": (check_temperature_probabilities, _tempered(power="t")),
    "tempered counts not normalised": (check_temperature_probabilities,
                                       _tempered(normalise=False)),
    "temperature ignored": (check_temperature_probabilities,
                            lambda counts, *, temperature: counts / counts.sum()),
    "perplexity without the minus sign": (check_perplexity, lambda logs: np.exp(np.mean(logs))),
    "perplexity as a sum": (check_perplexity, lambda logs: np.exp(-np.sum(logs))),
    "perplexity as the mean of 1/p": (check_perplexity, lambda logs: np.mean(np.exp(-logs))),
    "perplexity stub": (check_perplexity, lambda logs: ...),
    "ridge penalty λ, not λT": (check_kernel_ridge_weights, _ridge(scale_by_T=False)),
    "ridge penalty added to every entry": (check_kernel_ridge_weights, _ridge(add_to="all")),
    "ridge weights transposed": (check_kernel_ridge_weights,
                                 lambda gram, labels, *, ridge: _ridge()(gram, labels,
                                                                         ridge=ridge).T),
    "halving with floor": (check_generations_to_halve, lambda *, n_samples: int(
        np.floor(np.log(0.5) / np.log(1 - 1 / n_samples)))),
    "halving as 0.69 M": (check_generations_to_halve,
                          lambda *, n_samples: round(np.log(2) * n_samples)),
    "lost mass without the weight p": (check_lost_mass,
                                       lambda p, *, n_samples: np.sum((1 - p) ** n_samples)),
    "lost mass with M - 1 draws": (check_lost_mass, lambda p, *, n_samples: np.sum(
        p * (1 - p) ** (n_samples - 1))),
    "spread with divisor m": (check_drawing_spread, _spread(divisor="m")),
    "spread as the mean SD": (check_drawing_spread, _spread(mean="arithmetic")),
    "drift without the temperature": (check_log_det_drift, _drift(with_temperature=False)),
    "drift with the unbiased divisor": (check_log_det_drift, _drift(divisor="M - 1")),
    "quotas by plain rounding": (check_repair_quotas, _quotas(rule="round")),
    "quotas to the smallest remainders": (check_repair_quotas, _quotas(rule="smallest")),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_checks_catch_typical_mistakes_with_one_line(mistake):
    check, answer = MISTAKES[mistake]
    feedback = check(answer)
    assert isinstance(feedback, Feedback) and not feedback.passed
    assert repr(feedback).startswith("✘ Not yet:") and "\n" not in repr(feedback)


def test_checks_pass_the_library_itself():
    from collapse_lib.gaussian.exercises import check_one_generation as check
    from collapse_lib.gaussian.estimators import divisor

    def one_generation(mu, sigma2, *, n_samples, estimator, rng):
        D = divisor(n_points=n_samples, estimator=estimator)
        return (mu + np.sqrt(sigma2 / n_samples) * rng.standard_normal(mu.shape),
                sigma2 * rng.chisquare(n_samples - 1, mu.shape) / D)

    assert check(one_generation).passed
    assert repr(check(one_generation)).startswith("✔ Correct:")
