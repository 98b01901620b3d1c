"""collapse_lib: the small library behind the hands-on course on model collapse.

Modules (one world or one job each):

- :mod:`collapse_lib.gaussian`  fit-and-sample chains of a Gaussian, exact theory
- :mod:`collapse_lib.plotting`  the shared figure style and the recurring plots
- :mod:`collapse_lib.widgets`   one interactive explorer per notebook demo
- :mod:`collapse_lib.environment`  the start-here environment check

Every simulation is vectorised over independent replicates and takes ``seed``
(an int, a ``numpy.random.Generator`` or None); bad input raises ``ValueError`` or
``TypeError`` naming the parameter, the value given and what is allowed.
"""
__version__ = "0.1.0"
