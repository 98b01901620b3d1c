"""The digits world: scikit-learn's real digits, kernel ridge, and the chain on its own labels."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.kernel_ridge import KernelRidge

from collapse_lib import digits
from collapse_lib.digits import chain as digits_chain


@pytest.fixture(scope="module")
def data():
    return digits.digits_data()


def test_data_are_the_bundled_digits_split_once(data):
    assert data.images.shape == (1797, 64) and 0 <= data.images.min() < data.images.max() <= 1
    assert np.all(np.bincount(data.labels) >= 170)            # about 180 of each digit
    assert np.array_equal(data.targets.argmax(1), data.labels)
    assert data.test.size == digits.N_TEST and np.intersect1d(data.test, data.pool).size == 0
    assert np.array_equal(np.union1d(data.test, data.pool), np.arange(1797))
    np.testing.assert_allclose(np.diag(data.kernel), 1.0)
    np.testing.assert_allclose(data.kernel, data.kernel.T)
    # γ = 1 / median squared distance: half of the pairs have k(x, x′) above e^−1
    upper = data.kernel[np.triu_indices(1797, k=1)]
    assert abs(np.mean(upper > np.exp(-1)) - 0.5) < 1e-3


def test_kernel_ridge_fit_is_scikit_learns(data):
    """(K + λT I) a = Y is KernelRidge with alpha = λT on the same RBF kernel."""
    rows = data.pool[:150][None, :]
    ridge = 1e-3
    weights = digits_chain._fit(data.kernel, rows, data.targets[rows], ridge)
    ours = digits_chain._predict(data.kernel, rows, weights, data.test[None, :])[0]
    model = KernelRidge(alpha=ridge * 150, kernel="rbf", gamma=data.gamma)
    model.fit(data.images[rows[0]], data.targets[rows[0]])
    np.testing.assert_allclose(ours, model.predict(data.images[data.test]), atol=1e-8)


def test_accumulated_fit_from_counts_equals_the_fit_on_every_row(data):
    """The count form solves the same ridge problem as the stacked rows (repeats included)."""
    rng = np.random.default_rng(4)
    slots = rng.integers(0, 60, size=(2, 140))                 # many repeats
    labels = rng.standard_normal((2, 140, 10))
    counts = np.zeros((2, data.pool.size))
    sums = np.zeros((2, data.pool.size, 10))
    for chain in range(2):
        np.add.at(counts[chain], slots[chain], 1)
        np.add.at(sums[chain], slots[chain], labels[chain])
    from_counts = digits_chain._fit_counts(data.kernel, data.pool, counts, sums, 1e-2)
    pool = np.broadcast_to(data.pool, (2, data.pool.size))
    test = np.broadcast_to(data.test, (2, data.test.size))
    rows = data.pool[slots]
    direct = digits_chain._fit(data.kernel, rows, labels, 1e-2)
    np.testing.assert_allclose(digits_chain._predict(data.kernel, pool, from_counts, test),
                               digits_chain._predict(data.kernel, rows, direct, test),
                               atol=1e-9)


@pytest.fixture(scope="module")
def chains():
    setting = dict(n_generations=10, T0=200, ridge=1e-3, sigma0=0.3, n_chains=4, seed=5)
    return {strategy: digits.simulate_chain(strategy=strategy, **setting,
                                            **({"real_fraction": 0.2} if strategy == "mix"
                                               else {}))
            for strategy in ("replace", "accumulate", "mix")}


def test_generation_zero_learns_the_real_digits(chains):
    assert np.all(chains["replace"].accuracy[:, 0] > 0.9)   # 200 images: 92-96 %


def test_replace_error_grows_beyond_the_spread_over_seeds(chains):
    error = chains["replace"].test_error
    assert error[:, 10].min() > error[:, 0].max() + 0.3
    assert np.all(error[:, 5] > error[:, 1])
    assert chains["replace"].accuracy[:, 10].max() < chains["replace"].accuracy[:, 0].min()


def test_accumulate_stays_bounded(chains):
    """Accumulate: the error's growth flattens (the last five generations add less than the
    first five, in every chain) and stays below every replace chain's error."""
    error = chains["accumulate"].test_error
    assert np.all(error[:, 10] - error[:, 5] < 0.5 * (error[:, 5] - error[:, 0]))
    assert error[:, 10].max() < chains["replace"].test_error[:, 10].min()
    assert chains["mix"].test_error[:, 10].max() < chains["replace"].test_error[:, 10].min()


def test_same_seed_same_numbers():
    first, second = (digits.simulate_chain(n_generations=2, T0=50, n_chains=2, seed=9)
                     for _ in range(2))
    np.testing.assert_array_equal(first.test_error, second.test_error)


@pytest.mark.parametrize("kwargs, name", [
    (dict(sigma0=-0.1), "sigma0"), (dict(ridge=0.0), "ridge"), (dict(T0=5_000), "T0"),
    (dict(strategy="mix", real_fraction=1.5), "real_fraction"),
    (dict(strategy="accumulate-subsample"), "strategy"), (dict(n_chains=0), "n_chains"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        digits.simulate_chain(n_generations=1, **kwargs)


def test_a_large_penalty_shrinks_the_chain_to_the_zero_predictor():
    """Each generation's ridge fit shrinks the labels it learns from, so under replace the
    shrinking compounds: with λ = 0.1 the model tends to f = 0, whose test error is exactly
    1 (‖0 − one-hot‖² = 1) and whose accuracy is chance; a small λ grows by variance."""
    setting = dict(n_generations=10, T0=100, sigma0=0.1, n_chains=4, seed=3)
    large = digits.simulate_chain(ridge=0.1, **setting)
    small = digits.simulate_chain(ridge=1e-4, **setting)
    assert large.test_error[:, 0].min() > small.test_error[:, 0].max()   # worse at once
    assert np.all(large.test_error[:, 10] > large.test_error[:, 0] + 0.25)
    assert abs(np.median(large.test_error[:, 10]) - 1.0) < 0.05
    assert large.accuracy[:, 10].max() < 0.2
    assert small.test_error[:, 10].min() > small.test_error[:, 0].max() + 0.3
