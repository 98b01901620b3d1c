"""Hard edges: every public function, fed bad or extreme values one argument at a time.

The library's rule (CONTRIBUTING.md, "Errors"): given any value for one argument (the
others valid), a public function either

(a) raises ``ValueError`` or ``TypeError`` whose message names that argument, or
(b) returns a result whose numbers are all finite and whose arrays have the documented
    shape (checked whenever the substituted value is still a legal size or index),

and does so within a few seconds. Anything else fails: another exception type (a numpy
``LinAlgError``, ``OverflowError``, ``MemoryError``, ``IndexError``, a traitlets
``TraitError``, a ``RuntimeWarning`` -- turned into an error here), an error that does not
name the argument, a NaN or infinity in the result, a wrong shape (e.g. an unsigned
integer that wrapped round), or a call that runs longer than ``TIME_LIMIT`` seconds.

Layout:

- ``FIXED_VALUES`` and ``bad_values``: the values fed (every fixed value is an explicit
  ``@example``, a shorter list for the explorers; hypothesis adds generated floats,
  integers, lists, strings, arrays);
- ``GAUSSIAN_CASES``, ``MARKOV_CASES``, ``REGRESSION_CASES``, ``GENERATIVE_CASES``,
  ``WIDGET_CASES``, ``PLOT_CASES``: one valid, small and fast baseline call per public function, with the
  shapes its result must have;
- ``run_call``: one call under a ``SIGALRM`` timer (and an address-space cap, so a
  runaway allocation becomes a ``MemoryError`` instead of exhausting the machine);
- one property test per world (``gaussian``, ``markov``, ``regression``), one for the
  explorers of ``collapse_lib.widgets`` and one for the plotting functions' sizes and
  indices (fewer examples: they draw);
- targeted tests: results are read-only, and the same seed gives the same numbers.
"""
from __future__ import annotations

import copy
import dataclasses
import fractions
import inspect
import numbers
import re
import resource
import signal
import time
import warnings
from typing import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.figure import Figure

from sklearn.mixture import GaussianMixture

from collapse_lib import (digits, gaussian, generative, language, markov, mitigations, regression,
                          widgets)

TIME_LIMIT = 5.0                    # seconds per call ("runs for minutes by accident")
ADDRESS_SPACE_HEADROOM = 3 * 2**30  # bytes a single call may add to the address space


# ---------------------------------------------------------------------------------------
# The values fed to every argument
# ---------------------------------------------------------------------------------------

class Opaque:
    """An object that is no number, string or array."""

    def __repr__(self) -> str:
        return "Opaque()"


FIXED_VALUES = [
    # negative, zero, small and legal-looking
    -1, 0, 1, 3, -0.5, 0.0, 0.5, 2.5,
    # tiny
    1e-300, 5e-324, -1e-300,
    # huge
    1e300, 1e160, -1e300, 10**5, 10**12, 10**18, 2**63, 2**64,
    # not finite
    float("nan"), float("inf"), float("-inf"),
    # numeric strings, bools, None
    "0.5", "10", "", True, False, np.bool_(True), None,
    # numpy scalars of every width
    np.int8(3), np.int8(-128), np.uint8(0), np.int64(-1), np.uint64(2**64 - 1),
    np.uint64(2**63), np.int64(2**62), np.float32(0.5), np.float64("nan"), np.float16(65504),
    # numpy's time types are integers to numbers.Integral
    np.timedelta64(3, "s"), np.timedelta64("NaT"), np.datetime64("NaT"),
    # 0-d arrays
    np.array(5), np.array(0.5), np.array(-1), np.array(np.nan), np.array(True),
    # arrays of the wrong shape, dimension or content
    np.ones((2, 2)), np.ones((2, 2, 2)), [], np.array([]), np.zeros((0, 3)), [[0.5, 0.5]],
    [0.5, 0.5], [0.2, 0.3, 0.5], [1, 2], [-1, 2], [np.nan, 0.5], [1e300, 1e300],
    np.array([2**64 - 1], dtype=np.uint64), np.array([0, 5], dtype=np.int8),
    np.arange(3, dtype=np.uint64),
    ["a", "b"], [None], "abc",
    # complex numbers and other objects
    1 + 2j, np.complex128(0.5), np.array([1 + 0j]), fractions.Fraction(1, 2), b"1",
    Opaque(), {"a": 1}, (1, 2),
]

# Integers are small or huge: sizes in between (10**6, 10**9) are legal requests whose
# cost depends on the library's limits; the fixed 10**5 probes them deterministically.
GENERATED_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-1000, max_value=1000),
    st.integers(min_value=10**12, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-(10**12)),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=4),
    st.lists(st.integers(min_value=-(2**66), max_value=2**66), max_size=4),
    st.text(max_size=4),
    st.complex_numbers(),
    hnp.arrays(dtype=hnp.scalar_dtypes(), shape=hnp.array_shapes(min_dims=0, max_dims=3,
                                                                 max_side=3)),
)

bad_values = st.one_of(st.sampled_from(FIXED_VALUES), GENERATED_VALUES)


# Explorers draw a figure whenever they accept a value: they get a shorter fixed list.
EXPLORER_VALUES = [
    -1, 0, 2.5, 10**18, float("nan"), "10", None, True, np.int8(3), np.uint64(2**64 - 1),
    np.timedelta64(3, "s"), np.array(5), np.ones((2, 2)), [], np.array([0, 5], dtype=np.int8),
    np.array([1 + 0j]),
]


def with_fixed_examples(values=FIXED_VALUES):
    """Run the test on every one of ``values`` (explicit examples) before generating."""
    def decorate(test):
        for value in reversed(values):
            test = example(value=value)(test)
        return test
    return decorate


# ---------------------------------------------------------------------------------------
# Running one call: timer, address-space cap, RuntimeWarnings as errors
# ---------------------------------------------------------------------------------------

class CallTimeout(TimeoutError):
    """A call ran longer than TIME_LIMIT seconds."""


def _on_alarm(signum, frame):
    raise CallTimeout(f"the call ran longer than {TIME_LIMIT} s")


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def invoke(func: Callable, kwargs: dict):
    """Call ``func`` with ``kwargs``, passing positional-only parameters by position."""
    parameters = inspect.signature(func).parameters
    positional = [kwargs[name] for name, parameter in parameters.items()
                  if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and name in kwargs]
    keywords = {name: value for name, value in kwargs.items()
                if parameters[name].kind is not inspect.Parameter.POSITIONAL_ONLY}
    return func(*positional, **keywords)


def run_call(func: Callable, kwargs: dict):
    """``invoke(func, kwargs)`` within TIME_LIMIT seconds, RuntimeWarnings raised as errors.

    Returns ``(result, error, seconds)``: exactly one of result/error is meaningful.
    """
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    current = _address_space()
    capped = current is not None
    if capped:
        cap = current + ADDRESS_SPACE_HEADROOM
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    start = time.perf_counter()
    result, error = None, None
    try:
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                result = invoke(func, kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Exception as caught:  # noqa: BLE001 - every exception is classified below
        error = caught
    finally:
        if capped:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, previous_handler)
    return result, error, time.perf_counter() - start


# ---------------------------------------------------------------------------------------
# What a result must look like
# ---------------------------------------------------------------------------------------

class NotLegal(Exception):
    """The substituted value is not a legal size, index or array: skip the shape check."""


def _integer(value) -> int:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise NotLegal
    return int(value)


def size(kw: dict, name: str) -> int:
    """``kw[name]`` as an exact int (any integer type, any sign: a wrapped one must show)."""
    return _integer(kw[name])


def _numeric(value, kinds: str) -> np.ndarray:
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise NotLegal
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001
        raise NotLegal from None
    if array.dtype.kind not in kinds:
        raise NotLegal
    return array


def shape_of(kw: dict, name: str, kinds: str = "iuf") -> tuple:
    """The shape of ``kw[name]`` if it is an array of numbers of the given kinds."""
    return _numeric(kw[name], kinds).shape


def int_shape(kw: dict, name: str) -> tuple:
    """The shape of a generation index ``n`` (integers only)."""
    return shape_of(kw, name, "iu")


def length(kw: dict, name: str) -> int:
    """The length of a 1-d numeric vector ``kw[name]``."""
    shape = shape_of(kw, name)
    if len(shape) != 1:
        raise NotLegal
    return shape[0]


def broadcast(*shapes) -> tuple:
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise NotLegal from None


@dataclasses.dataclass(frozen=True)
class Case:
    """A valid baseline call and the shapes of its result.

    ``shapes(kw, result)`` lists ``(what, actual, expected_shape)``; it may raise
    ``NotLegal`` when the substituted value leaves no defined shape.
    """

    label: str
    func: Callable
    kwargs: dict
    shapes: Callable = lambda kw, r: []
    params: tuple = ()          # the arguments fed bad values (default: every one)

    @property
    def fed(self) -> tuple:
        return self.params or tuple(self.kwargs)


def _gen(kw):
    return size(kw, "n_generations") + 1


def _gaussian_chain_shapes(kw, r):
    rows = (size(kw, "n_chains"), _gen(kw))
    return [("mu", r.mu, rows), ("sigma2", r.sigma2, rows)]


def _mvn_shapes(kw, r):
    if kw["cov"] is not None:
        d = shape_of(kw, "cov")[0]
    else:
        d = 1 if kw["d"] is None else size(kw, "d")
    rows = (size(kw, "n_chains"), _gen(kw))
    return [("mean", r.mean, (*rows, d)), ("cov", r.cov, (*rows, d, d)),
            ("log_det", r.log_det, rows)]


def _curves(kw, r):
    assert isinstance(r, dict) and len(r) == 3, f"expected 3 curves, got {r!r}"
    return [(f"[{key!r}]", curve, (_gen(kw),)) for key, curve in r.items()]


def _like_n(kw, r):
    return [("result", r, int_shape(kw, "n"))]


def _n_then_p(kw, r):
    return [("result", r, int_shape(kw, "n") + shape_of(kw, "p"))]


def _like_p(kw, r):
    return [("result", r, shape_of(kw, "p"))]


def _regression_chain_shapes(kw, r):
    chains, rows = size(kw, "n_chains"), (size(kw, "n_chains"), _gen(kw))
    return [("test_error", r.test_error, rows), ("collapse", r.collapse, rows),
            ("model_error", r.model_error, rows), ("bias", r.bias, (chains,)),
            ("variance", r.variance, (chains,)),
            ("weights", r.weights, (*rows, size(kw, "d")))]


def _ridge_path_shapes(kw, r):
    ridges = shape_of(kw, "ridges", "iuf")
    if len(ridges) > 1:
        raise NotLegal
    count = ridges[0] if ridges else 1
    chains, rows = size(kw, "n_chains"), (size(kw, "n_chains"), _gen(kw))
    return [("ridges", r.ridges, (count,)), ("test_error", r.test_error, (*rows, count)),
            ("collapse", r.collapse, (*rows, count)), ("bias", r.bias, (chains, count)),
            ("variance", r.variance, (chains, count))]


def _check_spectrum_shapes(kw, r):
    if kw["spectrum"] is None:
        return [("result", r, (size(kw, "d"),))]
    return [("result", r, (length(kw, "spectrum"),))]


def _formula_shapes(kw, r):
    assert isinstance(r, regression.Formula), f"expected a Formula, got {r!r}"
    return [] if r.values is None else [("values", r.values, int_shape(kw, "n"))]


def _ridge_error_shapes(kw, r):
    shape = broadcast(shape_of(kw, "ridge"), int_shape(kw, "n"))
    return [(part, getattr(r, part), shape) for part in ("bias", "variance", "collapse", "total")]


def _pair_of_floats(kw, r):
    assert isinstance(r, tuple) and len(r) == 2, f"expected (exponent, prefactor), got {r!r}"
    return [("exponent", r[0], ()), ("prefactor", r[1], ())]


def _estimator_is_known(kw, r):
    # describe_estimator returns a label: it must not label an unknown estimator.
    assert isinstance(kw["estimator"], str) and kw["estimator"] in gaussian.ESTIMATORS, \
        f"returned {r!r} for an unknown estimator"
    return [("result", r, ())]


def _scalar(kw, r):
    return [("result", r, ())]


N3 = [0, 1, 3]
P3 = [0.5, 0.3, 0.2]
SPECTRUM3 = [1.0, 0.5, 0.25]

GAUSSIAN_CASES = [
    Case("simulate_chain[replace]", gaussian.simulate_chain,
         dict(n_generations=4, n_samples=5, mu=0.0, sigma=1.0, estimator="unbiased",
              n_chains=3, strategy="replace", real_fraction=0.0, method="exact", seed=0),
         _gaussian_chain_shapes),
    Case("simulate_chain[mix]", gaussian.simulate_chain,
         dict(n_generations=4, n_samples=5, mu=0.0, sigma=1.0, estimator="mle",
              n_chains=3, strategy="mix", real_fraction=0.4, method="samples", seed=0),
         _gaussian_chain_shapes),
    Case("simulate_mvn_chain", gaussian.simulate_mvn_chain,
         dict(n_generations=3, n_samples=8, d=2, mean=None, cov=None, estimator="unbiased",
              n_chains=3, method="exact", seed=0),
         _mvn_shapes),
    Case("simulate_mvn_chain[mix]", gaussian.simulate_mvn_chain,
         dict(n_generations=3, n_samples=8, d=2, mean=None, cov=None, estimator="mle",
              n_chains=3, strategy="mix", real_fraction=0.25, method="exact", seed=0),
         _mvn_shapes),
    Case("simulate_mvn_chain[accumulate-subsample]", gaussian.simulate_mvn_chain,
         dict(n_generations=3, n_samples=8, d=2, cov=None, n_chains=3,
              strategy="accumulate-subsample", seed=0),
         _mvn_shapes, params=("n_generations", "n_samples", "d", "n_chains")),
    Case("simulate_chain[accumulate-subsample]", gaussian.simulate_chain,
         dict(n_generations=4, n_samples=5, mu=0.0, sigma=1.0, estimator="unbiased",
              n_chains=3, strategy="accumulate-subsample", seed=0),
         _gaussian_chain_shapes),
    *[Case(func.__name__, func, dict(n=N3, n_samples=10, real_fraction=0.3, sigma=1.5,
                                     estimator="unbiased"), _like_n)
      for func in (gaussian.expected_variance_mix, gaussian.expected_mean_drift_mix)],
    Case("mix_moments", gaussian.mix_moments,
         dict(n=N3, n_samples=10, real_fraction=0.3, sigma=1.5, estimator="mle"),
         lambda kw, r: [("variance", r.variance, shape_of(kw, "n")),
                        ("mean_drift", r.mean_drift, shape_of(kw, "n"))]),
    Case("stationary_mix_moments", gaussian.stationary_mix_moments,
         dict(n_samples=10, real_fraction=0.3, sigma=1.5, estimator="unbiased"),
         lambda kw, r: [("variance", r.variance, ()), ("mean_drift", r.mean_drift, ())]),
    *[Case(func.__name__, func, dict(n=N3, n_samples=10, sigma=1.5, estimator="unbiased"),
           _like_n)
      for func in (gaussian.expected_variance_accumulate,
                   gaussian.expected_mean_drift_accumulate)],
    Case("truncation_factor", gaussian.truncation_factor, dict(keep_fraction=0.5), _scalar),
    Case("expected_variance_filtered", gaussian.expected_variance_filtered,
         dict(n=N3, n_samples=10, keep_fraction=0.5, sigma=1.5, estimator="mle"), _like_n),
    Case("simulate_curated_chain[likelihood]", gaussian.simulate_curated_chain,
         dict(n_generations=4, n_samples=5, curation="likelihood", keep_fraction=0.5,
              mu=0.0, sigma=1.0, estimator="unbiased", n_chains=3, seed=0),
         _gaussian_chain_shapes),
    Case("simulate_curated_chain[verifier]", gaussian.simulate_curated_chain,
         dict(n_generations=4, n_samples=5, curation="verifier", candidates=4,
              verifier_noise=0.5, n_chains=3, seed=0),
         _gaussian_chain_shapes),
    Case("compare_strategies", gaussian.compare_strategies,
         dict(n_generations=4, n_samples=5, n_chains=4, real_fraction=0.2,
              estimator="unbiased", seed=0),
         _curves),
    Case("real_count", gaussian.real_count, dict(n_samples=10, real_fraction=0.25), _scalar),
    *[Case(func.__name__, func, dict(n=N3, n_samples=10, sigma=1.5, estimator="unbiased"),
           _like_n)
      for func in (gaussian.expected_variance, gaussian.expected_mean_drift,
                   gaussian.expected_log_variance, gaussian.median_variance,
                   gaussian.expected_w2_squared)],
    *[Case(func.__name__, func, dict(n=N3, n_samples=10, d=2, estimator="mle"), _like_n)
      for func in (gaussian.expected_trace_ratio, gaussian.expected_det_ratio,
                   gaussian.expected_log_det_change)],
    Case("describe_estimator", gaussian.describe_estimator, dict(estimator="mle"),
         _estimator_is_known),
]

MARKOV_CASES = [
    Case("simulate_chain", markov.simulate_chain,
         dict(p0=P3, n_samples=10, n_generations=4, n_chains=3, strategy="mix",
              real_fraction=0.3, seed=0),
         lambda kw, r: [("p", r.p, (size(kw, "n_chains"), _gen(kw), length(kw, "p0")))]),
    Case("compare_strategies", markov.compare_strategies,
         dict(p0=P3, n_samples=10, n_generations=4, n_chains=3, real_fraction=0.2, seed=0),
         _curves),
    Case("zipf", markov.zipf, dict(K=5, exponent=1.0),
         lambda kw, r: [("result", r, (size(kw, "K"),))]),
    Case("training_distribution", markov.training_distribution, dict(p=P3, cut=2),
         lambda kw, r: [("result", r, np.shape(kw["p"]))]),
    Case("tail_cut_plateau", markov.tail_cut_plateau, dict(p=P3, cut=2), _scalar),
    Case("memorizer_error", markov.memorizer_error, dict(p=P3, T=[0, 5, 50], cut=2),
         lambda kw, r: [("result", r, shape_of(kw, "T"))]),
    Case("simulate_memorizer", markov.simulate_memorizer,
         dict(p=P3, T=[0, 5, 50], cut=None, n_chains=4, seed=0),
         lambda kw, r: [("result", r, (size(kw, "n_chains"), np.size(kw["T"])))]),
    Case("memorizer_exponent", markov.memorizer_exponent, dict(alpha=1.5), _scalar),
    Case("simulate_absorption", markov.simulate_absorption,
         dict(p=0.5, n_samples=4, n_chains=5, max_generations=10_000, seed=0),
         lambda kw, r: [("time", r.time, (size(kw, "n_chains"),)),
                        ("fixed", r.fixed, (size(kw, "n_chains"),))]),
    Case("transition_matrix", markov.transition_matrix, dict(n_samples=5),
         lambda kw, r: [("result", r, (size(kw, "n_samples") + 1,) * 2)]),
    Case("count_distribution", markov.count_distribution, dict(p=0.5, n=2, n_samples=5),
         lambda kw, r: [("result", r, shape_of(kw, "p") + (size(kw, "n_samples") + 1,))]),
    Case("loss_probability", markov.loss_probability, dict(p=0.3, n=N3, n_samples=5),
         _n_then_p),
    Case("survival_probability", markov.survival_probability, dict(p=0.3, n=N3, n_samples=5),
         _n_then_p),
    Case("fixation_probability", markov.fixation_probability, dict(p=0.3), _like_p),
    Case("expected_heterozygosity", markov.expected_heterozygosity,
         dict(p=0.3, n=N3, n_samples=5), _n_then_p),
    Case("expected_absorption_time", markov.expected_absorption_time,
         dict(p=0.3, n_samples=5), _like_p),
    Case("diffusion_absorption_time", markov.diffusion_absorption_time,
         dict(p=0.3, n_samples=5), _like_p),
    Case("expected_surviving_categories", markov.expected_surviving_categories,
         dict(p0=P3, n=N3, n_samples=5), _like_n),
    Case("mix_transition_matrix", markov.mix_transition_matrix,
         dict(p=0.3, n_samples=5, real_fraction=0.4),
         lambda kw, r: [("result", r, (size(kw, "n_samples") + 1,) * 2)]),
    Case("expected_heterozygosity_mix", markov.expected_heterozygosity_mix,
         dict(p0=P3, n=N3, n_samples=5, real_fraction=0.4), _like_n),
    Case("expected_surviving_categories_mix", markov.expected_surviving_categories_mix,
         dict(p0=P3, n=N3, n_samples=5, real_fraction=0.4), _like_n),
    Case("stationary_surviving_categories_mix", markov.stationary_surviving_categories_mix,
         dict(p0=P3, n_samples=5, real_fraction=0.4), _scalar),
    Case("nucleus", markov.nucleus, dict(p=P3, keep_fraction=0.6),
         lambda kw, r: [("result", r, np.shape(kw["p"]))], params=("keep_fraction",)),
    Case("simulate_curated_chain[nucleus]", markov.simulate_curated_chain,
         dict(p0=P3, n_samples=10, n_generations=4, curation="nucleus", keep_fraction=0.7,
              n_chains=3, seed=0),
         lambda kw, r: [("p", r.p, (size(kw, "n_chains"), _gen(kw), length(kw, "p0")))]),
    Case("simulate_curated_chain[verifier]", markov.simulate_curated_chain,
         dict(p0=P3, n_samples=10, n_generations=4, curation="verifier", candidates=3,
              verifier_noise=0.5, n_chains=3, seed=0),
         lambda kw, r: [("p", r.p, (size(kw, "n_chains"), _gen(kw), length(kw, "p0")))]),
    Case("simulate_chain[accumulate-subsample]", markov.simulate_chain,
         dict(p0=P3, n_samples=10, n_generations=4, n_chains=3,
              strategy="accumulate-subsample", seed=0),
         lambda kw, r: [("p", r.p, (size(kw, "n_chains"), _gen(kw), length(kw, "p0")))]),
]

REGRESSION_CHAIN = dict(d=3, T0=8, T=8, n_generations=3, sigma0=1.0, sigma=1.0)
REGRESSION_CASES = [
    Case("simulate_chain[replace]", regression.simulate_chain,
         dict(**REGRESSION_CHAIN, ridge=0.0, spectrum=None, w0=None, strategy="replace",
              real_fraction=0.0, design="fresh", n_chains=3, seed=0),
         _regression_chain_shapes),
    Case("simulate_chain[mix]", regression.simulate_chain,
         dict(**REGRESSION_CHAIN, ridge=0.1, spectrum=SPECTRUM3, w0=[1.0, 0.0, -1.0],
              strategy="mix", real_fraction=0.25, design="reused", n_chains=3, seed=0),
         _regression_chain_shapes),
    Case("simulate_ridge_path", regression.simulate_ridge_path,
         dict(**REGRESSION_CHAIN, ridges=[0.0, 0.1, 1.0], spectrum=None, w0=None,
              strategy="accumulate", real_fraction=0.0, design="fresh", n_chains=3, seed=0),
         _ridge_path_shapes),
    Case("default_w0", regression.default_w0, dict(d=4),
         lambda kw, r: [("result", r, (size(kw, "d"),))]),
    Case("check_spectrum", regression.check_spectrum, dict(spectrum=[1.0, 0.5], d=2),
         _check_spectrum_shapes),
    Case("ols_test_error", regression.ols_test_error,
         dict(n=N3, d=3, T=8, T0=8, sigma=1.0, sigma0=1.0), _like_n),
    Case("overparameterised_error", regression.overparameterised_error,
         dict(n=N3, d=8, T0=3, w0_norm2=1.0, sigma0=0.5), _like_n),
    Case("accumulate_test_error", regression.accumulate_test_error,
         dict(n=N3, d=3, T0=8, sigma0=1.0), _like_n),
    Case("simulate_chain[accumulate-subsample]", regression.simulate_chain,
         dict(**REGRESSION_CHAIN, ridge=0.1, strategy="accumulate-subsample",
              design="reused", n_chains=3, seed=0),
         _regression_chain_shapes),
    Case("simulate_curated_chain", regression.simulate_curated_chain,
         dict(d=3, T0=8, n_generations=3, curation="verifier", candidates=3,
              verifier_noise=0.5, sigma0=1.0, spectrum=SPECTRUM3, w0=None, n_chains=3,
              seed=0),
         lambda kw, r: [("model_error", r.model_error, (size(kw, "n_chains"), _gen(kw)))]),
    Case("in_paper_convention", regression.in_paper_convention,
         dict(chain=regression.simulate_chain(d=3, T0=8, T=8, n_generations=3, n_chains=2,
                                              seed=0), paper="gerstgrasser"),
         lambda kw, r: [("index", r[0], (3,)), ("errors", r[1], (2, 3))],
         params=("paper",)),
    Case("mix_propagation", regression.mix_propagation,
         dict(d=3, T0=8, real_fraction=0.25), _scalar),
    Case("mix_model_error", regression.mix_model_error,
         dict(n=N3, d=3, T0=8, real_fraction=0.25, sigma0=1.0), _like_n),
    Case("mix_model_error_level", regression.mix_model_error_level,
         dict(d=3, T0=8, real_fraction=0.25, sigma0=1.0), _scalar),
    Case("expected_model_error[under]", regression.expected_model_error,
         dict(n=N3, d=3, T0=8, sigma0=1.0, w0_norm2=1.0), _like_n),
    Case("expected_model_error[over]", regression.expected_model_error,
         dict(n=N3, d=8, T0=3, sigma0=1.0, w0_norm2=1.0), _like_n),
    Case("applicable_formula[test_error]", regression.applicable_formula,
         dict(n=N3, quantity="test_error", d=3, T0=8, T=8, ridge=0.1, sigma=1.0, sigma0=1.0,
              spectrum=None, w0=None, strategy="replace", design="fresh"),
         _formula_shapes),
    Case("applicable_formula[model_error]", regression.applicable_formula,
         dict(n=N3, quantity="model_error", d=8, T0=3, T=None, ridge=0.0, sigma=1.0,
              sigma0=1.0, spectrum=None, w0=None, strategy="replace", design="fresh"),
         _formula_shapes),
    Case("degrees_of_freedom", regression.degrees_of_freedom,
         dict(spectrum=SPECTRUM3, t=[0.0, 1.0], m=2),
         lambda kw, r: [("result", r, shape_of(kw, "t"))]),
    Case("effective_regularisation", regression.effective_regularisation,
         dict(spectrum=SPECTRUM3, T=10, ridge=[0.0, 0.1]),
         lambda kw, r: [("result", r, shape_of(kw, "ridge"))]),
    Case("ridge_test_error", regression.ridge_test_error,
         dict(spectrum=SPECTRUM3, n=N3, T=10, T0=10, ridge=0.1, w0=None, sigma=1.0,
              sigma0=1.0),
         _ridge_error_shapes),
    Case("optimal_ridge", regression.optimal_ridge,
         dict(spectrum=SPECTRUM3, n=N3, T=10, T0=10, ridges=[0.01, 0.1, 1.0], w0=None,
              sigma=1.0, sigma0=1.0),
         _like_n),
    Case("power_law_spectrum", regression.power_law_spectrum, dict(d=4, beta=1.5),
         lambda kw, r: [("result", r, (size(kw, "d"),))]),
    Case("power_law_source", regression.power_law_source, dict(d=4, beta=1.5, r=0.5),
         lambda kw, r: [("result", r, (size(kw, "d"),))]),
    Case("critical_exponent", regression.critical_exponent, dict(beta=1.5, r=0.5), _scalar),
    Case("fit_power_law", regression.fit_power_law,
         dict(x=[1.0, 10.0, 100.0], y=[3.0, 0.3, 0.03]), _pair_of_floats),
    Case("generator_rows[fixed]", regression.generator_rows,
         dict(sizes=[10, 20], d=4, regime="fixed", T0_ratio=None, T0=10),
         lambda kw, r: [("result", r, (2,))]),
    Case("generator_rows[proportional]", regression.generator_rows,
         dict(sizes=[10, 20], d=4, regime="proportional", T0_ratio=2.0, T0=None),
         lambda kw, r: [("result", r, (2,))]),
    Case("scaling_grid", regression.scaling_grid,
         dict(spectrum=SPECTRUM3, n=2, sizes=[4, 8], ridges=[0.01, 0.1, 1.0], T0=10, w0=None,
              sigma=1.0, sigma0=1.0),
         lambda kw, r: [("total", r.error.total, (np.size(kw["sizes"]), np.size(kw["ridges"]))),
                        ("best", r.best_error, (np.size(kw["sizes"]),))]),
    Case("error_along_exponent", regression.error_along_exponent,
         dict(spectrum=SPECTRUM3, n=2, sizes=[4, 8], ell=0.5, T0=10, w0=None, sigma=1.0,
              sigma0=1.0),
         lambda kw, r: [("total", r.total, (np.size(kw["sizes"]),))]),
    Case("predicted_exponent", regression.predicted_exponent,
         dict(beta=2.0, r=0.5, ell=1.0, noisy=True), _scalar),
    Case("fitted_exponent", regression.fitted_exponent,
         dict(sizes=[1, 10, 100], errors=[1.0, 0.1, 0.01], T_min=1, T_max=100), _scalar),
    Case("fitted_exponents", regression.fitted_exponents,
         dict(spectrum=SPECTRUM3, n=1, sizes=[4, 8], ells=[0.0, 1.0], T0=10, w0=None,
              sigma=0.0, sigma0=1.0),
         lambda kw, r: [("result", r, np.shape(kw["n"]) + (np.size(kw["ells"]),))]),
    Case("scaling_curves", regression.scaling_curves,
         dict(spectrum=SPECTRUM3, n=1, sizes=[4, 8], ell=1.0, ell_crit=0.5, ridges=[0.1, 1.0],
              T0=10, beta=2.0, r=0.5, w0=None, sigma=0.0, sigma0=1.0),
         lambda kw, r: [("curves", np.array(list(r[0].values())),
                         (4 if kw["n"] > 0 else 1, np.size(kw["sizes"])))]),
]

WIDGET_CASES = [
    Case("gaussian_explorer", widgets.gaussian_explorer,
         dict(n_samples=10, n_generations=5, estimator="unbiased", n_chains=5,
              strategy="replace", real_fraction=0.2, seed=0)),
    Case("tail_explorer", widgets.tail_explorer,
         dict(n_samples=10, K=5, exponent=1.0, n_generations=5, n_chains=5,
              strategy="replace", real_fraction=0.2, seed=0)),
    Case("regression_explorer", widgets.regression_explorer,
         dict(d=4, T0=10, T=10, sigma0=1.0, n_generations=3, ridge=0.0, n_chains=10, seed=0)),
    Case("bias_variance_explorer", widgets.bias_variance_explorer,
         dict(d=10, T=20, T0=20, sigma0=1.0, sigma=0.5, n_generations=2,
              spectrum="isotropic", n_chains=10, seed=0)),
    Case("scaling_explorer", widgets.scaling_explorer,
         dict(beta=2.0, r=0.5, n=2, sigma0=1.0, ell=1.0, regime="fixed T₀ = 2d")),
    Case("mitigation_explorer", widgets.mitigation_explorer,
         dict(world="discrete", strategy="mix", real_fraction=0.2, budget=12,
              n_generations=3, seed=0)),
    Case("language_explorer", widgets.language_explorer,
         dict(temperature=1.0, n_generations=2, strategy="replace", real_fraction=0.2,
              n_words=5_000, order=2, seed=0)),
    Case("generative_explorer", widgets.generative_explorer,
         dict(strategy="replace", real_fraction=0.2, n_generations=2, n_components=10,
              minority_share=0.05, temperature=0.8, repair="off", seed=0)),
]


def _new_axes():
    return Figure(figsize=(3, 2)).add_subplot()


_GAUSSIAN_CHAIN = gaussian.simulate_chain(n_generations=4, n_samples=5, n_chains=3, seed=0)
_MARKOV_CHAIN = markov.simulate_chain(P3, n_samples=10, n_generations=4, n_chains=3, seed=0)
_RIDGES = np.array([0.1, 1.0])
_RIDGE_PATH = regression.simulate_ridge_path(d=3, T0=8, T=8, n_generations=2, ridges=_RIDGES,
                                             n_chains=3, seed=0)
_GENERATOR_CHAINS = {("replace", "fresh"): regression.simulate_chain(
    d=3, T0=8, T=8, n_generations=2, n_chains=3, seed=0)}
_RIDGE_PARTS = regression.ridge_test_error(np.ones(3), np.array([[0], [2]]), T=8, T0=8,
                                           ridge=_RIDGES)

# The plotting functions: only their sizes, indices and choices are fed (not the axes or
# the result objects they draw).
_PLOT_LANGUAGE_CHAIN = language.simulate_chain(n_generations=2, n_words=1_000, seed=1)
def _image_grid_shape(kw, r):
    rows = 3 if kw["generations"] is None else np.size(kw["generations"])   # 0, 1, 2
    columns = 3 if kw["n_columns"] is None else size(kw, "n_columns")
    return [("result", r, (9 * rows - 1, 9 * columns - 1))]


_REAL = generative.training_set(n_dims=4)
_MIXTURE = generative.fit_mixture(_REAL.points, n_components=3, seed=0)
_DRAWN = generative.sample_mixture(_MIXTURE, n_samples=_REAL.size, rng=np.random.default_rng(0))
_READ = generative.judge_digits(generative.to_pixels(_DRAWN, real=_REAL))
_GENERATIVE_CHAIN = generative.simulate_chain(n_generations=2, n_components=3, n_dims=4,
                                              n_images=3, n_chains=2, seed=0)


PLOT_CASES = [
    Case("plot_variance_fan", gaussian.plot_variance_fan,
         dict(ax=None, chain=_GAUSSIAN_CHAIN, max_paths=2), params=("max_paths",)),
    Case("plot_generation_histogram", gaussian.plot_generation_histogram,
         dict(ax=None, chain=_GAUSSIAN_CHAIN, generation=2, seed=0, legend=True),
         params=("generation", "seed")),
    Case("plot_estimator_comparison", gaussian.plot_estimator_comparison,
         dict(ax=None, statistic="log_variance", n_generations=3, n_samples=5, n_chains=5,
              seed=0),
         params=("statistic", "n_generations", "n_samples", "n_chains")),
    Case("plot_support", markov.plot_support,
         dict(ax=None, chain=_MARKOV_CHAIN, theory=None, max_paths=2), params=("max_paths",)),
    Case("plot_survival", markov.plot_survival,
         dict(ax=None, chain=_MARKOV_CHAIN, category=2, exact=None), params=("category",)),
    Case("plot_probability_paths", markov.plot_probability_paths,
         dict(ax=None, chain=_MARKOV_CHAIN, chain_index=1), params=("chain_index",)),
    Case("plot_expectation_and_spread", gaussian.plot_expectation_and_spread,
         dict(ax=None, statistic="mean_drift", estimator="unbiased", n_generations=3,
              n_samples=5, n_chains=5, seed=0),
         params=("statistic", "estimator", "n_generations", "n_samples", "n_chains")),
    Case("plot_model_errors", regression.plot_model_errors,
         dict(ax=None, chains_by_strategy=_GENERATOR_CHAINS, d=3, T0=8, sigma0=1.0),
         params=("d", "T0", "sigma0")),
    Case("plot_ols_against_equivalent", regression.plot_ols_against_equivalent,
         dict(ax=None, d=3, sizes=[6, 8], sigma=1.0, n_chains=5, seed=0),
         params=("d", "sigma", "n_chains", "seed")),
    Case("plot_memorizer_errors", markov.plot_memorizer_errors,
         dict(ax=None, p=P3, sizes=[1, 10], cuts=[None, 2], n_chains=5, seed=0),
         params=("sizes", "n_chains", "seed")),
    Case("plot_sentence_perplexity", language.plot_sentence_perplexity,
         dict(ax=None, chain=_PLOT_LANGUAGE_CHAIN, generations=[0, 2]),
         params=("generations",)),
    Case("plot_image_grid", generative.plot_image_grid,
         dict(ax=None, chain=_GENERATIVE_CHAIN, generations=[0, 1], n_columns=2, title="t"),
         params=("generations", "n_columns", "title")),
    Case("plot_error_parts", regression.plot_error_parts,
         dict(ax=None, ridges=_RIDGES, parts=_RIDGE_PARTS, path=_RIDGE_PATH, n=1),
         params=("n",)),
]


# ---------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------

class RuleBroken(AssertionError):
    """The library's rule does not hold for one call (each kind is raised on its own line,
    so hypothesis reports the kinds separately)."""


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def _describe(case: Case, name: str, value) -> str:
    shown = repr(value)
    if len(shown) > 120:
        shown = shown[:117] + "..."
    return f"{case.label}({name}={shown}) [{case.func.__module__}.{case.func.__name__}]"


def _non_finite(obj, where: str):
    """The first place in ``obj`` holding a non-finite or non-real number, else None."""
    if obj is None or isinstance(obj, (str, bytes, bool, np.bool_)):
        return None
    if isinstance(obj, numbers.Integral):
        return None
    if isinstance(obj, (float, np.floating)):
        return None if np.isfinite(obj) else f"{where} = {obj!r}"
    if isinstance(obj, (complex, np.complexfloating)):
        return f"{where} is complex ({obj!r})"
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "biu":
            return None
        if obj.dtype.kind != "f":
            return f"{where} has dtype {obj.dtype}"
        bad = ~np.isfinite(obj)
        if bad.any():
            return f"{where} has {int(bad.sum())} non-finite entries (first {obj[bad][0]!r})"
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            found = _non_finite(getattr(obj, field.name), f"{where}.{field.name}")
            if found:
                return found
        return None
    if isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            found = _non_finite(item, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(obj, dict):
        for key, item in obj.items():
            found = _non_finite(item, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(obj, GaussianMixture):          # the generative world's fitted model
        return _non_finite([obj.weights_, obj.means_, obj.covariances_], where)
    return f"{where} is an unexpected {type(obj).__name__}"


def _check_explorer(explorer, what: str) -> None:
    if not isinstance(explorer, widgets.Explorer):
        raise RuleBroken(f"{what}: returned {type(explorer).__name__}, not an Explorer")
    if "went wrong" in explorer.message.value:
        raise RuleBroken(f"{what}: the explorer caught an unexpected exception while "
                         f"drawing: {re.sub('<[^>]+>', '', explorer.message.value)}")
    for control_name, control in explorer.controls.items():
        value = control.value
        if isinstance(value, numbers.Real) and not np.isfinite(value):
            raise RuleBroken(f"{what}: control {control_name!r} holds {value!r}")
    if explorer.figure is None:
        raise RuleBroken(f"{what}: no figure was drawn")


def _check_explorer_kept(explorer, name: str, value, what: str) -> None:
    """An accepted starting value is shown as given: not clamped, rounded or converted."""
    control = explorer.controls.get(name)
    if control is None:
        return
    shown = control.value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (str, np.str_)) or isinstance(shown, str):
        same = shown == value
    else:
        try:
            # float32 starting values may be shown at float64 precision
            same = bool(np.isclose(float(shown), float(value), rtol=1e-6, atol=0.0))
        except (TypeError, ValueError):
            same = False
    if not same:
        raise RuleBroken(f"{what}: control {name!r} shows {shown!r}, not the value given")


def check_rule(case: Case, name: str, value) -> None:
    """Call ``case`` with ``name`` replaced by ``value`` and enforce the library's rule."""
    kwargs = copy.deepcopy(case.kwargs)
    kwargs[name] = copy.deepcopy(value)
    if "ax" in kwargs:
        kwargs["ax"] = _new_axes()
    what = _describe(case, name, value)
    result, error, seconds = run_call(case.func, kwargs)

    if isinstance(error, CallTimeout) or seconds > TIME_LIMIT:
        raise RuleBroken(f"{what}: took {seconds:.1f} s (limit {TIME_LIMIT} s)")
    if error is not None:
        kind = type(error).__name__
        if isinstance(error, np.linalg.LinAlgError) \
                or not isinstance(error, (ValueError, TypeError)):
            raise RuleBroken(f"{what}: raised {kind}: {error}") from error
        if not _names(str(error), name):
            raise RuleBroken(f"{what}: raised {kind} without naming {name!r}: "
                             f"{error}") from error
        return

    if isinstance(result, widgets.Explorer):
        _check_explorer(result, what)
        _check_explorer_kept(result, name, value, what)
        return
    problem = _non_finite(result, "result")
    if problem:
        raise RuleBroken(f"{what}: returned a non-finite or non-numeric value: {problem}")
    try:
        expected = case.shapes(kwargs, result)
    except NotLegal:
        return
    except (AssertionError, AttributeError, KeyError, TypeError) as broken:
        raise RuleBroken(f"{what}: result is not what the docstring says: "
                         f"{broken!r}") from broken
    for part, actual, shape in expected:
        if np.shape(actual) != tuple(shape):
            raise RuleBroken(f"{what}: {part} has shape {np.shape(actual)}, expected "
                             f"{tuple(shape)}")


def _pairs(cases):
    return [pytest.param(case, name, id=f"{case.label}-{name}")
            for case in cases for name in case.fed]


# ---------------------------------------------------------------------------------------
# The baselines themselves are valid, and every public function has one
# ---------------------------------------------------------------------------------------

TEXT = language.corpus_from_sentences([["the", "cat", "sat"], ["the", "dog", "ran"],
                                        ["a", "cat", "ran", "away"]])
MODEL = language.fit_ngram(TEXT, order=2)


def _language_chain_shapes(kw, r):
    rows = (size(kw, "n_chains"), _gen(kw))
    return [("perplexity", r.perplexity, rows), ("rare_share", r.rare_share, rows),
            ("vocabulary_size", r.vocabulary_size, rows),
            ("sentence_perplexity", r.sentence_perplexity, (*rows, 500))]


_LANGUAGE_CHAIN = language.simulate_chain(n_generations=2, n_words=1_000, n_chains=2, seed=0)

LANGUAGE_CASES = [
    Case("corpus_from_sentences", language.corpus_from_sentences,
         dict(sentences=[["a", "b"], ["c"]]), lambda kw, r: [("tokens", r.tokens, (5,))]),
    Case("docstring_corpus", language.docstring_corpus, {}),
    Case("split_corpus", language.split_corpus, dict(corpus=TEXT, heldout_every=2)),
    Case("take_words", language.take_words, dict(corpus=TEXT, n_words=4)),
    Case("fit_ngram", language.fit_ngram, dict(corpus=TEXT, order=2)),
    Case("merge_counts", language.merge_counts, dict(first=MODEL, second=MODEL)),
    Case("sample_corpus", language.sample_corpus,
         dict(model=MODEL, n_words=20, temperature=1.0, seed=0)),
    *[Case(func.__name__, func, dict(model=MODEL, corpus=TEXT, real_vocabulary_size=8,
                                     interpolation=0.8, floor=1e-3), shapes)
      for func, shapes in (
          (language.token_log_probabilities, lambda kw, r: [("result", r, (13,))]),
          (language.perplexity, _scalar),
          (language.sentence_perplexities, lambda kw, r: [("result", r, (3,))]))],
    Case("simulate_chain", language.simulate_chain,
         dict(n_generations=1, order=2, temperature=1.0, strategy="mix", real_fraction=0.5,
              n_words=1_000, n_chains=2, seed=0), _language_chain_shapes),
    Case("real_text", language.real_text, dict(n_words=1_000)),
    Case("rarest_decile", language.rarest_decile, dict(corpus=TEXT),
         lambda kw, r: [("result", r, (1,))]),
    Case("measure_values", language.measure_values,
         dict(chain=_LANGUAGE_CHAIN, measure="vocabulary_share"),
         lambda kw, r: [("result", r, (2, 3))]),
    Case("sample_text", language.sample_text,
         dict(chain=_LANGUAGE_CHAIN, generations=[0, 2], width=60, max_words=10,
              per_generation=2)),
    Case("digits_data", digits.digits_data, {},
         lambda kw, r: [("kernel", r.kernel, (1797, 1797))]),
    Case("simulate_chain[digits]", digits.simulate_chain,
         dict(n_generations=1, T0=50, ridge=1e-3, sigma0=0.1, strategy="accumulate",
              real_fraction=0.0, n_chains=2, seed=0),
         lambda kw, r: [(name, getattr(r, name), (size(kw, "n_chains"), _gen(kw)))
                        for name in ("test_error", "accuracy")]),
]

def _generative_chain_shapes(kw, r):
    rows = (size(kw, "n_chains"), _gen(kw))
    return [("heldout_ll", r.heldout_ll, rows), ("spread", r.spread, rows),
            ("shares", r.shares, (*rows, 10)),
            ("images", r.images, (_gen(kw), size(kw, "n_images"), 64))]


GENERATIVE_CASES = [
    Case("training_set", generative.training_set,
         dict(minority_digit=8, minority_share=0.05, n_dims=4),
         lambda kw, r: [("axes", r.axes, (size(kw, "n_dims"), 64))]),
    Case("judge_digits", generative.judge_digits, dict(pixels=np.full((3, 64), 8.0)),
         lambda kw, r: [("result", r, (3,))]),
    Case("to_pixels", generative.to_pixels, dict(points=np.zeros((2, 4)), real=_REAL),
         lambda kw, r: [("result", r, (2, 64))]),
    Case("fit_mixture", generative.fit_mixture,
         dict(points=_REAL.points[:200], n_components=2, max_iter=20, init="kmeans", seed=0)),
    Case("sample_mixture", generative.sample_mixture,
         dict(mixture=_MIXTURE, n_samples=5, temperature=0.8, rng=np.random.default_rng(0)),
         lambda kw, r: [("result", r, (size(kw, "n_samples"), 4))]),
    Case("component_log_dets", generative.component_log_dets, dict(mixture=_MIXTURE),
         lambda kw, r: [("result", r, (3,))]),
    Case("curate", generative.curate,
         dict(model=_MIXTURE, drawn=_DRAWN, read=_READ, real=_REAL, temperature=0.8,
              rng=np.random.default_rng(0)),
         lambda kw, r: [("kept", r[0], _DRAWN.shape), ("cost", r[1], ())]),
    Case("simulate_chain[generative]", generative.simulate_chain,
         dict(n_generations=1, strategy="mix", real_fraction=0.5, n_components=3,
              minority_digit=8, minority_share=0.05, temperature=0.8, repair=True, max_iter=20,
              init="kmeans", n_dims=4, n_images=3, n_chains=2, seed=0),
         _generative_chain_shapes),
    Case("measure_values[generative]", generative.measure_values,
         dict(chain=_GENERATIVE_CHAIN, measure="spread"),
         lambda kw, r: [("result", r, (2, 3))]),
    Case("measure_table", generative.measure_table,
         dict(chain=_GENERATIVE_CHAIN, measures=("spread", "minority_share"), generations=[0, 2])),
    Case("repair_quotas", generative.repair_quotas,
         dict(shares=[0.5, 0.3, 0.2], n_images=7),
         lambda kw, r: [("result", r, (np.size(kw["shares"]),))]),
    Case("image_grid", generative.image_grid,
         dict(chain=_GENERATIVE_CHAIN, generations=[0, 2], n_columns=2), _image_grid_shape),
]

MITIGATION_CASES = [
    Case("filtered_real_fraction", mitigations.filtered_real_fraction,
         dict(synthetic_share=[0.5, 0.9], recall=0.9, false_positive_rate=0.05),
         lambda kw, r: [("result", r, np.broadcast_shapes(
             *(np.shape(kw[k]) for k in ("synthetic_share", "recall",
                                         "false_positive_rate"))))]),
    Case("required_recall", mitigations.required_recall,
         dict(synthetic_share=0.9, real_fraction=[0.2, 0.5], false_positive_rate=0.05),
         lambda kw, r: [("result", r, np.broadcast_shapes(
             *(np.shape(kw[k]) for k in ("synthetic_share", "real_fraction",
                                         "false_positive_rate"))))]),
    Case("simulate_world", mitigations.simulate_world,
         dict(world="regression", strategy="mix", real_fraction=0.25, budget=14,
              n_generations=3, n_chains=3, seed=0),
         lambda kw, r: [("measure", r.measure, (size(kw, "n_chains"), _gen(kw)))]),
    Case("world_theory", mitigations.world_theory,
         dict(n=N3, world="Gaussian", strategy="mix", real_fraction=0.25, budget=14),
         lambda kw, r: [("result", r, shape_of(kw, "n"))]),
    Case("training_set_size", mitigations.training_set_size,
         dict(n=N3, strategy="accumulate", budget=10),
         lambda kw, r: [("result", r, shape_of(kw, "n"))]),
    Case("simulate_provenance_filter", mitigations.simulate_provenance_filter,
         dict(synthetic_share=0.5, recall=0.9, false_positive_rate=0.05, n_items=100,
              n_chains=3, seed=0),
         lambda kw, r: [("real_kept", r.real_kept, (size(kw, "n_chains"),)),
                        ("synthetic_kept", r.synthetic_kept, (size(kw, "n_chains"),))]),
]

ALL_CASES = (GAUSSIAN_CASES + MARKOV_CASES + REGRESSION_CASES + LANGUAGE_CASES
             + GENERATIVE_CASES + MITIGATION_CASES + WIDGET_CASES + PLOT_CASES)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: f"{case.func.__module__}:{case.label}")
def test_baseline_call_is_valid(case):
    kwargs = copy.deepcopy(case.kwargs)
    if "ax" in kwargs:
        kwargs["ax"] = _new_axes()
    result, error, _ = run_call(case.func, kwargs)
    assert error is None, f"{case.label}: the baseline call raised {error!r}"
    if isinstance(result, widgets.Explorer):
        _check_explorer(result, case.label)
        assert result.message.value == "", result.message.value
        return
    assert _non_finite(result, "result") is None
    for part, actual, shape in case.shapes(kwargs, result):
        assert np.shape(actual) == tuple(shape), (case.label, part)


# Plotting functions whose arguments are all axes, result objects or drawn data.
UNFED_PLOTS = {"plot_transition_matrix", "plot_count_law", "plot_ridge_curves",
               "plot_scaling_curves", "plot_exponents", "plot_strategies", "plot_levels"}


@pytest.mark.parametrize("module", [gaussian, markov, regression, language, digits,
                                    generative, mitigations, widgets],
                         ids=lambda module: module.__name__)
def test_every_public_function_has_a_baseline(module):
    covered = {case.func for case in ALL_CASES}
    functions = {getattr(module, name) for name in module.__all__
                 if inspect.isfunction(getattr(module, name))}
    missing = sorted(f.__name__ for f in functions - covered if f.__name__ not in UNFED_PLOTS)
    assert not missing, f"no baseline call for {missing}"


# ---------------------------------------------------------------------------------------
# One property test per world
# ---------------------------------------------------------------------------------------

# Every fixed value runs as an explicit example; hypothesis then generates 10 more per
# (function, argument) pair (the profile's 40 would double the run time for little).
# Shrinking is off: the values are already simple, and shrinking a timeout costs 5 s a step.
NO_SHRINK = dict(phases=(Phase.explicit, Phase.reuse, Phase.generate),
                 suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("case, name", _pairs(GAUSSIAN_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_gaussian_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(MARKOV_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_markov_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(REGRESSION_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_regression_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(LANGUAGE_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_language_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(GENERATIVE_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_generative_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(MITIGATION_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_mitigation_hard_edges(case, name, value):
    check_rule(case, name, value)


# Explorers draw a figure per accepted value (~0.1 s): a shorter fixed list and a few
# generated values per argument.
@pytest.mark.parametrize("case, name", _pairs(WIDGET_CASES))
@settings(max_examples=3, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples(EXPLORER_VALUES)
def test_explorer_hard_edges(case, name, value):
    check_rule(case, name, value)


@pytest.mark.parametrize("case, name", _pairs(PLOT_CASES))
@settings(max_examples=10, **NO_SHRINK)
@given(value=bad_values)
@with_fixed_examples()
def test_plot_hard_edges(case, name, value):
    check_rule(case, name, value)


# ---------------------------------------------------------------------------------------
# Targeted: frozen results, reproducible seeds
# ---------------------------------------------------------------------------------------

SIMULATIONS = {
    "gaussian.simulate_chain": lambda seed: gaussian.simulate_chain(
        n_generations=4, n_samples=5, n_chains=3, strategy="mix", real_fraction=0.4,
        method="samples", seed=seed),
    "gaussian.simulate_chain[replace]": lambda seed: gaussian.simulate_chain(
        n_generations=4, n_samples=5, n_chains=3, seed=seed),
    "gaussian.simulate_mvn_chain": lambda seed: gaussian.simulate_mvn_chain(
        n_generations=3, n_samples=8, d=2, n_chains=3, seed=seed),
    "markov.simulate_chain": lambda seed: markov.simulate_chain(
        P3, n_samples=10, n_generations=4, n_chains=3, strategy="accumulate", seed=seed),
    "markov.simulate_absorption": lambda seed: markov.simulate_absorption(
        0.5, n_samples=4, n_chains=5, seed=seed),
    "regression.simulate_chain": lambda seed: regression.simulate_chain(
        d=3, T0=8, T=8, n_generations=3, ridge=0.1, n_chains=3, seed=seed),
    "regression.simulate_chain[mix, reused]": lambda seed: regression.simulate_chain(
        d=3, T0=8, T=8, n_generations=3, strategy="mix", real_fraction=0.25,
        design="reused", n_chains=3, seed=seed),
    "regression.simulate_ridge_path": lambda seed: regression.simulate_ridge_path(
        d=3, T0=8, T=8, n_generations=3, ridges=[0.1, 1.0], n_chains=3, seed=seed),
    "digits.simulate_chain[mix]": lambda seed: digits.simulate_chain(
        n_generations=2, T0=40, strategy="mix", real_fraction=0.25, n_chains=2, seed=seed),
    "generative.simulate_chain[mix]": lambda seed: generative.simulate_chain(
        n_generations=2, strategy="mix", real_fraction=0.25, n_components=3, n_dims=4,
        n_chains=2, seed=seed),
    "language.simulate_chain[mix]": lambda seed: language.simulate_chain(
        n_generations=2, n_words=2_000, strategy="mix", real_fraction=0.3, n_chains=2,
        seed=seed),
}


def _arrays(result) -> dict:
    return {field.name: getattr(result, field.name) for field in dataclasses.fields(result)
            if isinstance(getattr(result, field.name), np.ndarray)}


@pytest.mark.parametrize("simulate", SIMULATIONS.values(), ids=SIMULATIONS.keys())
def test_result_arrays_are_read_only(simulate):
    arrays = _arrays(simulate(0))
    assert arrays
    for field, array in arrays.items():
        assert not array.flags.writeable, f"{field} is writeable"
        index = (0,) * array.ndim
        with pytest.raises(ValueError, match="read-only"):
            array[index] = array[index]


@pytest.mark.parametrize("simulate", SIMULATIONS.values(), ids=SIMULATIONS.keys())
def test_same_seed_same_numbers(simulate):
    reference = _arrays(simulate(123))
    for seed in (123, np.int64(123), np.uint16(123), np.random.default_rng(123)):
        again = _arrays(simulate(seed))
        assert again.keys() == reference.keys()
        for field, array in reference.items():
            assert np.array_equal(array, again[field], equal_nan=True), \
                f"{field} differs for seed={seed!r}"


def test_compare_strategies_same_seed_same_numbers():
    for compare, args in ((gaussian.compare_strategies, ()), (markov.compare_strategies, (P3,))):
        first = compare(*args, n_generations=4, n_samples=5, n_chains=4, seed=7)
        second = compare(*args, n_generations=4, n_samples=5, n_chains=4, seed=7)
        assert first.keys() == second.keys()
        for key in first:
            assert np.array_equal(first[key], second[key]), (compare.__module__, key)
