"""The generative world: a Gaussian mixture of real digits retrained on its own drawings.

Claims of notebook 08, each checked on several independent chains. A fall counts only when
the median over chains at generation 10 lies outside the range the chains span at
generation 0 (the spread over seeds), so that a chain's luck cannot pass for a trend.
"""
from __future__ import annotations

import numpy as np
import pytest

from collapse_lib import gaussian, generative
from montecarlo import assert_mean_matches

SEEDS = (11, 12)          # two calls of 4 chains: 8 chains per setting


def chains(*, n_chains=4, seeds=SEEDS, **settings):
    """Several calls of simulate_chain (each under the step limit) joined along the chains."""
    runs = [generative.simulate_chain(n_generations=10, n_chains=n_chains, seed=seed,
                                      **settings) for seed in seeds]
    joined = {name: np.concatenate([getattr(run, name) for run in runs])
              for name in ("heldout_ll", "own_ll", "spread", "log_det", "repair_cost")}
    joined["minority_share"] = np.concatenate([run.minority_share for run in runs])
    return joined


@pytest.fixture(scope="module")
def plain():
    return chains(temperature=1.0)


@pytest.fixture(scope="module")
def cold():
    return chains(temperature=0.8)


@pytest.fixture(scope="module")
def repaired():
    return chains(temperature=0.8, repair=True)


@pytest.fixture(scope="module")
def accumulated():
    # accumulate trains on (n + 1) M images at generation n: one chain per call
    return chains(temperature=0.8, strategy="accumulate", n_chains=1, seeds=(11, 12, 13))


def falls(values):
    """The median at generation 10 is below every chain's value at generation 0."""
    return np.median(values[:, 10]) < values[:, 0].min()


def rises(values):
    return np.median(values[:, 10]) > values[:, 0].max()


def test_training_set_has_the_asked_minority_and_fixed_coordinates():
    real = generative.training_set(minority_digit=8, minority_share=0.05)
    assert abs(real.shares[8] - 0.05) < 1e-3 and abs(real.shares.sum() - 1) < 1e-12
    np.testing.assert_allclose(real.axes @ real.axes.T, np.eye(20), atol=1e-12)
    assert abs(real.points.mean(axis=0)).max() < 1e-9           # centred on the real mean
    many = generative.training_set(minority_digit=0, minority_share=0.3)
    assert abs(many.shares[0] - 0.3) < 5e-3                      # others thinned instead
    assert generative.training_set() is generative.training_set()  # cached, same set


def test_judge_reads_held_out_real_digits():
    from collapse_lib.core.datasets import real_digits
    real = real_digits()
    read = generative.judge_digits(real.pixels[real.test])
    assert np.mean(read == real.labels[real.test]) > 0.95
    assert 0 < np.mean(read == -1) < 0.03          # a few are unrecognisable, as documented


def test_sampling_at_a_temperature_follows_its_law():
    """Components drawn with probability ∝ p^(1/t), each point from N(μₖ, tΣₖ)."""
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0]])
    labels = rng.choice(3, size=3000, p=[0.6, 0.3, 0.1])
    model = generative.fit_mixture(centres[labels] + rng.standard_normal((3000, 2)),
                                   n_components=3, seed=0)
    t, size = 0.6, 200_000
    drawn = generative.sample_mixture(model, n_samples=size, temperature=t,
                                      rng=np.random.default_rng(1))
    weights = model.weights_ ** (1 / t) / np.sum(model.weights_ ** (1 / t))
    component_of = model.predict(drawn)                             # clusters 100 SD apart
    shares = np.bincount(component_of, minlength=3) / size
    assert np.all(np.abs(shares - weights) < 4 * np.sqrt(weights * (1 - weights) / size))
    for component in range(3):
        inside = drawn[component_of == component]
        expected = t * np.diag(model.covariances_[component])
        # a sample variance of N normal points has standard error σ² √(2 / (N − 1))
        limit = 4 * expected * np.sqrt(2 / (inside.shape[0] - 1))
        assert np.all(np.abs(inside.var(axis=0) - expected) < limit)


def test_one_component_is_notebook_01s_gaussian_chain():
    """K = 1: the mixture is the d-dimensional Gaussian MLE chain, so the log det of its
    covariance drifts by n Σᵢ [digamma((M − i)/2) + log(2/M)] (+ n d log t when drawn at t)."""
    for temperature in (1.0, 0.8):
        run = generative.simulate_chain(n_generations=6, n_components=1, n_dims=20,
                                        temperature=temperature, n_chains=12, seed=5)
        change = run.log_det - run.log_det[:, :1]
        size = run.real.size
        exact = gaussian.expected_log_det_change(np.arange(7), n_samples=size, d=20,
                                                 estimator="mle")
        exact = exact + np.arange(7) * 20 * np.log(temperature)
        assert_mean_matches(change[:, 1:], exact[1:], what=f"log det change at t={temperature}")


def test_plain_sampling_forgets_real_digits_while_its_own_score_rises(plain):
    assert falls(plain["heldout_ll"])
    assert rises(plain["own_ll"])
    assert falls(plain["spread"]) and falls(plain["log_det"])


def test_plain_sampling_keeps_the_minority_share_on_average(plain):
    """At t = 1 the minority's expected share does not move: its mean over 8 chains at
    generation 10 is within 4 standard errors of generation 0's (a martingale, as in
    notebook 02)."""
    shares = plain["minority_share"]
    change = shares[:, 10] - shares[:, 0]
    assert abs(change.mean()) < 4 * change.std(ddof=1) / np.sqrt(change.size)


def test_mode_seeking_sampling_loses_the_minority_and_the_diversity(cold):
    assert falls(cold["heldout_ll"]) and falls(cold["spread"])
    assert falls(cold["minority_share"])
    assert rises(cold["own_ll"])


def test_accumulate_loses_less_on_every_measure(cold, accumulated):
    at_10 = {name: values[:, 10] for name, values in accumulated.items()}
    assert at_10["heldout_ll"].min() > np.median(cold["heldout_ll"][:, 10])
    assert at_10["spread"].min() > np.median(cold["spread"][:, 10])
    assert at_10["minority_share"].min() > np.median(cold["minority_share"][:, 10])
    assert at_10["log_det"].min() > np.median(cold["log_det"][:, 10])


def test_reparation_keeps_the_minority_at_a_measured_cost(cold, repaired):
    start = repaired["minority_share"][:, 0]
    assert start.min() <= np.median(repaired["minority_share"][:, 10]) <= start.max()
    assert np.median(repaired["minority_share"][:, 10]) > np.median(cold["minority_share"][:, 10])
    assert np.all(repaired["repair_cost"] >= 1) and repaired["repair_cost"].mean() > 1.05
    assert np.all(cold["repair_cost"] == 1)
    # it repairs the shares, not the detail: held-out likelihood still falls
    assert falls(repaired["heldout_ll"])


def test_curation_fills_every_quota_from_the_real_shares():
    real = generative.training_set(n_dims=10, minority_share=0.05)
    model = generative.fit_mixture(real.points, n_components=10, seed=0)
    rng = np.random.default_rng(3)
    drawn = generative.sample_mixture(model, n_samples=real.size, temperature=0.7, rng=rng)
    read = generative.judge_digits(generative.to_pixels(drawn, real=real))
    kept, cost = generative.curate(model, drawn, read, real=real, temperature=0.7, rng=rng)
    kept_read = generative.judge_digits(generative.to_pixels(kept, real=real))
    quotas = np.round(real.shares * real.size)
    assert kept.shape == drawn.shape and cost > 1
    assert np.all(np.abs(np.bincount(kept_read[kept_read >= 0], minlength=10) - quotas) <= 1)


def test_fewer_components_than_digits_lose_detail_in_one_generation():
    """Expressivity: K = 3 cannot hold ten digits; its first fit is already worse."""
    few = generative.simulate_chain(n_generations=3, n_components=3, n_chains=3, seed=2)
    enough = generative.simulate_chain(n_generations=3, n_components=10, n_chains=3, seed=2)
    assert few.heldout_ll[:, 0].max() < enough.heldout_ll[:, 0].min()
    assert np.median(few.heldout_ll[:, 3]) < few.heldout_ll[:, 0].min()


def test_em_stopped_early_starts_worse_and_drifts():
    """Approximation: one EM step from random points is worse from generation 0 on."""
    early = generative.simulate_chain(n_generations=3, max_iter=1, init="random_from_data",
                                      n_chains=3, seed=2)
    full = generative.simulate_chain(n_generations=3, n_chains=3, seed=2)
    assert early.heldout_ll[:, 0].max() < full.heldout_ll[:, 0].min()
    assert np.median(early.heldout_ll[:, 3]) < early.heldout_ll[:, 0].min()


def test_image_grid_shape_and_ink_range():
    run = generative.simulate_chain(n_generations=20, n_components=5, n_dims=10, n_images=7,
                                    seed=0)
    picture = generative.image_grid(run)
    assert picture.shape == (6 * 9 - 1, 7 * 9 - 1)          # rows 0, 1, 2, 5, 10, 20
    assert np.all(np.isfinite(picture)) and picture.min() >= 0 and picture.max() <= 16
    assert np.all(run.images >= 0) and np.all(run.images <= 16)
    short = generative.simulate_chain(n_generations=3, n_dims=10, seed=0)
    assert generative.image_grid(short).shape[0] == 4 * 9 - 1  # rows 0, 1, 2, 3


def test_same_seed_same_numbers():
    first = generative.simulate_chain(n_generations=2, n_dims=10, n_chains=2, seed=7)
    second = generative.simulate_chain(n_generations=2, n_dims=10, n_chains=2, seed=7)
    for name in ("heldout_ll", "own_ll", "shares", "spread", "images"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))


@pytest.mark.parametrize("settings, name", [
    (dict(minority_share=0.0), "minority_share"),
    (dict(minority_share=1.0), "minority_share"),
    (dict(n_components=0), "n_components"),
    (dict(n_generations=-1), "n_generations"),
    (dict(temperature=0.0), "temperature"),
    (dict(temperature=1.5), "temperature"),
    (dict(minority_digit=10), "minority_digit"),
    (dict(strategy="accumulate-subsample"), "strategy"),
    (dict(real_fraction=0.3), "real_fraction"),
    (dict(repair="yes"), "repair"),
    (dict(init="best"), "init"),
])
def test_bad_input_names_the_parameter(settings, name):
    arguments = dict(n_generations=1) | settings
    with pytest.raises(ValueError, match=name):
        generative.simulate_chain(**arguments)


def test_too_big_a_run_is_refused_before_it_starts():
    with pytest.raises(ValueError, match="steps of EM"):
        generative.simulate_chain(n_generations=30, strategy="accumulate", n_chains=2)
