"""collapse_lib: the small library behind the hands-on course on model collapse.

A shared core, one folder per world, and index modules (see CONTRIBUTING.md):

- :mod:`collapse_lib.core`         checks, seeding, arrays, strategies, statistics, figure
                                   style, the ``Explorer`` base, the real digits (imports
                                   no world)
- :mod:`collapse_lib.gaussian`     fit-and-sample chains of a Gaussian, exact theory (01)
- :mod:`collapse_lib.markov`       the Wright-Fisher resampling chain, exact theory (02)
- :mod:`collapse_lib.regression`   the fake-data regression chain, exact formulas, the
                                   ridge deterministic equivalent, power laws (03-05)
- :mod:`collapse_lib.language`     an n-gram language model retrained on its own text,
                                   on real English (07)
- :mod:`collapse_lib.digits`       kernel ridge on real handwritten digits, retrained on
                                   its own labels (07)
- :mod:`collapse_lib.generative`   a Gaussian mixture of real digits retrained on its own
                                   drawings (08)
- :mod:`collapse_lib.mitigations`  what spans the worlds: provenance filtering, the
                                   strategy comparison (06; imports the worlds)
- :mod:`collapse_lib.widgets`      index: every explorer
- :mod:`collapse_lib.plotting`     index: the figure style and shared plots
- :mod:`collapse_lib.theory`       index: the ridge deterministic equivalent
- :mod:`collapse_lib.scaling`      index: power-law helpers
- :mod:`collapse_lib.environment`  the start-here installation check

Every simulation is vectorised over independent replicates (``n_chains``) and takes
``seed`` (an int, a ``numpy.random.Generator`` or None); bad input raises ``ValueError``
or ``TypeError`` naming the parameter, the value given and what is allowed. Sizes,
counts and scales are keyword-only.
"""
__version__ = "0.2.0"
__all__ = ["__version__"]
