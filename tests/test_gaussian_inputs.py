"""Bad input to every public Gaussian function raises an error naming the parameter."""
import numpy as np
import pytest

from collapse_lib import gaussian

CHAIN = dict(n_generations=5, n_samples=10)
BAD_CHAIN = [
    ("n_generations", -1, ValueError), ("n_generations", 2.5, TypeError),
    ("n_generations", "5", TypeError), ("n_generations", True, TypeError),
    ("n_samples", 1, ValueError), ("n_samples", 0, ValueError), ("n_samples", -3, ValueError),
    ("n_samples", 10.0, TypeError),
    ("mu", float("nan"), ValueError), ("mu", float("inf"), ValueError), ("mu", "0", TypeError),
    ("sigma", 0.0, ValueError), ("sigma", -1.0, ValueError), ("sigma", float("nan"), ValueError),
    ("estimator", "MLE", ValueError), ("estimator", "biased", ValueError),
    ("estimator", None, ValueError),
    ("n_chains", 0, ValueError), ("n_chains", -2, ValueError), ("n_chains", 1.5, TypeError),
    ("strategy", "append", ValueError), ("strategy", 3, ValueError),
    ("method", "fast", ValueError),
    ("seed", -1, ValueError), ("seed", 1.5, TypeError), ("seed", "0", TypeError),
]


@pytest.mark.parametrize("name, value, error", BAD_CHAIN)
def test_simulate_chain_rejects(name, value, error):
    kwargs = {**CHAIN, name: value}
    with pytest.raises(error, match=name) as caught:
        gaussian.simulate_chain(**kwargs)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan")])
def test_real_fraction_outside_unit_interval(value):
    with pytest.raises(ValueError, match="real_fraction"):
        gaussian.simulate_chain(n_generations=3, n_samples=10, strategy="mix",
                                real_fraction=value)


def test_real_fraction_without_mix_is_an_error():
    with pytest.raises(ValueError, match="real_fraction.*strategy='mix'"):
        gaussian.simulate_chain(n_generations=3, n_samples=10, strategy="replace",
                                real_fraction=0.5)


THEORY = [gaussian.expected_variance, gaussian.expected_mean_drift,
          gaussian.expected_log_variance, gaussian.median_variance, gaussian.expected_w2_squared]


@pytest.mark.parametrize("function", THEORY)
@pytest.mark.parametrize("n, kwargs, name, error", [
    (-1, {}, "n", ValueError), ([1, -2], {}, "n", ValueError),
    (1.5, {}, "n", TypeError), (3, {"n_samples": 1}, "n_samples", ValueError),
    (3, {"sigma": 0.0}, "sigma", ValueError),
    (3, {"estimator": "ml"}, "estimator", ValueError),
])
def test_theory_rejects(function, n, kwargs, name, error):
    kwargs = {"n_samples": 10, **kwargs}
    with pytest.raises(error, match=rf"^{name} must"):
        function(n, **kwargs)


@pytest.mark.parametrize("function", [gaussian.expected_trace_ratio, gaussian.expected_det_ratio,
                                      gaussian.expected_log_det_change])
def test_mvn_theory_rejects(function):
    with pytest.raises(ValueError, match="n_samples"):
        function(3, n_samples=3, d=3)
    with pytest.raises(ValueError, match="d must"):
        function(3, n_samples=10, d=0)
    with pytest.raises(ValueError, match="estimator"):
        function(3, n_samples=10, d=2, estimator="x")


@pytest.mark.parametrize("kwargs, name", [
    ({"d": 0}, "d"), ({"cov": np.ones((2, 3))}, "cov"), ({"cov": [[1.0, 0.5], [0.4, 1.0]]}, "cov"),
    ({"cov": [[1.0, 2.0], [2.0, 1.0]]}, "cov"), ({"cov": np.eye(2), "d": 3}, "d"),
    ({"d": 2, "mean": [0.0]}, "mean"), ({"d": 2, "mean": [0.0, np.nan]}, "mean"),
    ({"d": 4, "n_samples": 4}, "n_samples"), ({"d": 2, "estimator": "x"}, "estimator"),
    ({"d": 2, "method": "x"}, "method"), ({"d": 2, "n_chains": 0}, "n_chains"),
])
def test_simulate_mvn_chain_rejects(kwargs, name):
    kwargs = {"n_generations": 3, "n_samples": 10, **kwargs}
    with pytest.raises(ValueError, match=name):
        gaussian.simulate_mvn_chain(**kwargs)


def test_draw_rejects_a_generation_out_of_range():
    chain = gaussian.simulate_chain(n_generations=3, n_samples=5, seed=0)
    with pytest.raises(ValueError, match="generation"):
        chain.draw(4)
    with pytest.raises(ValueError, match="chain"):
        chain.draw(1, chain=1)


POSITIONAL_SIZES = {
    "simulate_chain": lambda: gaussian.simulate_chain(10, 5),
    "simulate_chain n_generations": lambda: gaussian.simulate_chain(10, n_samples=5),
    "simulate_mvn_chain": lambda: gaussian.simulate_mvn_chain(10, 5, d=2),
    "compare_strategies": lambda: gaussian.compare_strategies(10, 5, 100),
    "expected_variance": lambda: gaussian.expected_variance(3, 10),
    "expected_mean_drift": lambda: gaussian.expected_mean_drift(3, 10),
    "expected_log_variance": lambda: gaussian.expected_log_variance(3, 10),
    "median_variance": lambda: gaussian.median_variance(3, 10),
    "expected_w2_squared": lambda: gaussian.expected_w2_squared(3, 10),
    "expected_trace_ratio": lambda: gaussian.expected_trace_ratio(3, 10, 2),
    "expected_det_ratio": lambda: gaussian.expected_det_ratio(3, 10, 2),
    "expected_log_det_change": lambda: gaussian.expected_log_det_change(3, 10, 2),
    "draw size": lambda: gaussian.simulate_chain(n_generations=3, n_samples=5).draw(1, 4),
}


@pytest.mark.parametrize("call", list(POSITIONAL_SIZES.values()), ids=list(POSITIONAL_SIZES))
def test_sizes_are_keyword_only(call):
    """A size, count or scale passed by position is refused by the signature itself."""
    with pytest.raises(TypeError, match="positional argument"):
        call()
