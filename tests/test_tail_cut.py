"""The tail-cut scaling law of a memorising model (collapse_lib.markov.tail_cut).

Every formula against a simulation within four Monte Carlo standard errors; the plateau
equals the lost mass; the clean exponent 1 - 1/alpha fitted over two decades of T; bad
input named.
"""
import numpy as np
import pytest

from collapse_lib import markov
from collapse_lib.markov import tail_cut
from montecarlo import assert_mean_matches


@pytest.mark.parametrize("cut", [None, 30, 300])
@pytest.mark.parametrize("alpha", [1.5, 2.0, 3.0])
def test_exact_error_matches_simulation(alpha, cut):
    p = markov.zipf(K=2000, exponent=alpha)
    sizes = np.array([0, 10, 100, 1000, 5000])
    # Past about 10 x cut every kept token is seen in nearly every chain: the sample's
    # standard error (0) would then say nothing about the rare chains that carry the gap.
    sizes = sizes if cut is None else sizes[sizes <= 10 * cut]
    simulated = tail_cut.simulate_memorizer(p, T=sizes, cut=cut, n_chains=600, seed=int(10 * alpha))
    assert_mean_matches(simulated, tail_cut.memorizer_error(p, T=sizes, cut=cut))


def test_tail_cut_error_falls_to_the_plateau_and_never_below():
    p = markov.zipf(K=3000, exponent=1.5)
    plateau = tail_cut.tail_cut_plateau(p, cut=100)
    assert plateau == pytest.approx(p[100:].sum())
    error = tail_cut.memorizer_error(p, T=np.logspace(1, 9, 30).astype(np.int64), cut=100)
    assert np.all(np.diff(error) <= 1e-15) and np.all(error >= plateau - 1e-15)
    assert error[-1] == pytest.approx(plateau, rel=1e-9)
    clean = tail_cut.memorizer_error(p, T=10 ** 9)
    assert clean < plateau / 100


@pytest.mark.parametrize("alpha", [1.5, 2.0, 3.0])
def test_clean_error_decays_with_exponent_one_minus_one_over_alpha(alpha):
    p = markov.zipf(K=2_000_000, exponent=alpha)
    sizes = np.logspace(2, 4, 21).astype(int)
    slope = np.polyfit(np.log(sizes), np.log(tail_cut.memorizer_error(p, T=sizes)), 1)[0]
    assert slope == pytest.approx(-tail_cut.memorizer_exponent(alpha=alpha), abs=0.05)


def test_training_distribution_renormalises_the_kept_ranks():
    q = tail_cut.training_distribution([0.4, 0.3, 0.2, 0.1], cut=2)
    np.testing.assert_allclose(q, [4 / 7, 3 / 7, 0, 0])
    assert tail_cut.training_distribution([0.4, 0.6]).tolist() == [0.4, 0.6]


@pytest.mark.parametrize("call, name", [
    (lambda: tail_cut.memorizer_error([0.5, 0.6], T=3), "p"),
    (lambda: tail_cut.memorizer_error([0.5, 0.5], T=-1), "T"),
    (lambda: tail_cut.memorizer_error([0.5, 0.5], T=3, cut=3), "cut"),
    (lambda: tail_cut.memorizer_error([0.0, 1.0], T=3, cut=1), "cut"),
    (lambda: tail_cut.simulate_memorizer([0.5, 0.5], T=[5, 2], n_chains=2), "T"),
    (lambda: tail_cut.simulate_memorizer([0.5, 0.5], T=[5], n_chains=0), "n_chains"),
    (lambda: tail_cut.memorizer_exponent(alpha=1.0), "alpha"),
    (lambda: tail_cut.tail_cut_plateau([1.0], cut=0), "cut"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
