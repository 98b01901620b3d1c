"""The generative model: a Gaussian mixture fitted by EM, and drawing from it at a temperature.

A mixture of K Gaussians in the d principal-component coordinates has density
p(z) = Σₖ pₖ N(z; μₖ, Σₖ). :func:`fit_mixture` fits it with scikit-learn's
``GaussianMixture`` (EM, full covariances, ``reg_covar`` = 1e-3 added to every
covariance's diagonal so that none becomes singular: a floor of 1e-3 pixel² per axis).

Drawing at temperature t (:func:`sample_mixture`): a component k with probability
∝ pₖ^(1/t), then a point from N(μₖ, t Σₖ). At t = 1 this is plain sampling. Below 1 it is
mode-seeking, like the low temperatures and truncation that image and text generators are
sampled with in practice: big components win over small ones and every component is
drawn narrower (the same recipe as sharpening the density to p^(1/t) within each component,
and for the weights; the same t as the language world's).

Every component is a Gaussian fitted by maximum likelihood to the points EM gives it: a
chain of refits is a mixture of the Gaussian chains of notebook 01, each with its own
random sample size.
"""
from __future__ import annotations

import numpy as np

from ..core.checks import check_choice, check_float, check_int, check_real_array, fail
from ..core.resources import check_memory

__all__ = ["REG_COVAR", "INITS", "fit_mixture", "sample_mixture", "component_log_dets"]

REG_COVAR = 1e-3
INITS = ("kmeans", "random_from_data")


def fit_mixture(points, *, n_components: int = 10, max_iter: int = 100, init: str = "kmeans",
                seed=None):
    """Fit a Gaussian mixture by EM (scikit-learn's ``GaussianMixture``, full covariances).

    Parameters
    ----------
    points : ndarray, shape (n_points, d)
    n_components : int in [1, 50]
        K, the mixture's components.
    max_iter : int in [1, 500]
        EM iterations at most (stopping early is the "approximation" error of
        notebook 08).
    init : {"kmeans", "random_from_data"}
        How EM starts: k-means centres, or K training points picked at random.
    seed : int in [0, 2^32 - 1] or None
        Seeds the initialisation.

    Returns
    -------
    sklearn.mixture.GaussianMixture

    Examples
    --------
    >>> points = np.random.default_rng(0).standard_normal((200, 2))
    >>> mixture = fit_mixture(points, n_components=2, seed=0)
    >>> mixture.means_.shape, round(float(mixture.weights_.sum()), 6)
    ((2, 2), 1.0)
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    n_components = check_int("n_components", n_components, minimum=1, maximum=50)
    max_iter = check_int("max_iter", max_iter, minimum=1, maximum=500)
    init = check_choice("init", init, INITS)
    if seed is not None:
        seed = check_int("seed", seed, minimum=0, maximum=2 ** 32 - 1)
    points = check_real_array("points", points, ndim=2)
    if points.shape[0] < max(n_components, 2):
        raise ValueError(f"points must be an array (n_points, d) with at least n_components="
                         f"{n_components} rows (and 2); got shape {points.shape}")
    model = GaussianMixture(n_components, covariance_type="full", reg_covar=REG_COVAR,
                            max_iter=max_iter, init_params=init, random_state=seed)
    with warnings.catch_warnings():     # stopping EM early is a lesson here, not a warning
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(points)


def sample_mixture(mixture, *, n_samples: int, temperature: float = 1.0, rng) -> np.ndarray:
    """Draw points from a fitted mixture at temperature t.

    A component k with probability pₖ^(1/t) / Σⱼ pⱼ^(1/t), then μₖ + √t Lₖ ε with
    Lₖ Lₖᵀ = Σₖ and ε standard normal. All draws at once (one batched product).

    Parameters
    ----------
    mixture : sklearn.mixture.GaussianMixture, fitted
    n_samples : int >= 1
    temperature : float in [0.05, 1]
        t; 1 is plain sampling.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (n_samples, d)

    Examples
    --------
    >>> mixture = fit_mixture(np.random.default_rng(0).standard_normal((300, 2)),
    ...                       n_components=1, seed=0)
    >>> draws = sample_mixture(mixture, n_samples=4000, temperature=0.5,
    ...                        rng=np.random.default_rng(1))
    >>> round(float(draws.var(axis=0).mean() / np.diag(mixture.covariances_[0]).mean()), 1)
    0.5
    """
    mixture = check_mixture("mixture", mixture)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    temperature = check_float("temperature", temperature, minimum=0.05, maximum=1.0)
    check_generator(rng)
    check_memory(n_samples * (mixture.means_.shape[1] + 2), what="the drawings",
                 smaller="n_samples")
    log_weights = np.log(mixture.weights_) / temperature
    weights = np.exp(log_weights - log_weights.max())
    components = rng.choice(weights.size, size=n_samples, p=weights / weights.sum())
    factors = np.linalg.cholesky(mixture.covariances_)                 # (K, d, d)
    noise = rng.standard_normal((n_samples, mixture.means_.shape[1]))
    spread = np.einsum("nij,nj->ni", factors[components], noise)
    return mixture.means_[components] + np.sqrt(temperature) * spread


def component_log_dets(mixture) -> np.ndarray:
    """log det Σₖ of every component (pixel² per axis, d axes).

    Parameters
    ----------
    mixture : sklearn.mixture.GaussianMixture, fitted with full covariances

    Returns
    -------
    ndarray, shape (K,)

    Examples
    --------
    >>> mixture = fit_mixture(np.random.default_rng(0).standard_normal((500, 3)),
    ...                       n_components=1, seed=0)
    >>> abs(float(component_log_dets(mixture)[0])) < 0.5
    True
    """
    return np.linalg.slogdet(check_mixture("mixture", mixture).covariances_)[1]


def check_mixture(name: str, value):
    """``value`` if it is a fitted full-covariance ``GaussianMixture``, else a ValueError.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object

    Returns
    -------
    sklearn.mixture.GaussianMixture

    Examples
    --------
    >>> check_mixture("mixture", "not a model")
    Traceback (most recent call last):
    ...
    ValueError: mixture must be a fitted GaussianMixture with full covariances (from fit_mixture); got 'not a model'
    """
    from sklearn.mixture import GaussianMixture

    if not (isinstance(value, GaussianMixture) and value.covariance_type == "full"
            and hasattr(value, "covariances_")):
        fail(name, value, "a fitted GaussianMixture with full covariances (from fit_mixture)")
    return value


def check_generator(rng) -> None:
    """Refuse anything but a ``numpy.random.Generator`` as ``rng``, naming it.

    Parameters
    ----------
    rng : object

    Examples
    --------
    >>> check_generator(np.random.default_rng(0))
    """
    if not isinstance(rng, np.random.Generator):
        fail("rng", rng, "a numpy.random.Generator (np.random.default_rng(seed))")
