"""Digits world (notebook 07): kernel ridge on real handwritten digits, retrained on its labels.

Notation as in notebooks 03-05: T₀ images per generation, σ₀ the noise of the synthetic
labels, λ the ridge penalty (the fit solves (G + λT I) a = Y with T training rows), n the
generation (0: real labels); G the kernel (Gram) matrix of the training images; the RBF
kernel k(x, x′) = exp(−‖x − x′‖² / the median squared distance between images), its width
written out (scikit-learn's ``gamma`` is one over that median; γ is taken).

Modules: ``data`` (scikit-learn's bundled digits, the split, the kernel), ``chain`` (the
generations).

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024, arXiv:2402.07712.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413 (accumulate).
"""
from .chain import DigitsChain, simulate_chain
from .data import N_TEST, Digits, digits_data

__all__ = ["N_TEST", "Digits", "digits_data", "DigitsChain", "simulate_chain"]
