"""The shared core: what every world of collapse_lib builds on, and nothing world-specific.

- :mod:`.checks`      parameter checks (scalars, arrays, probabilities, vectors)
- :mod:`.seeding`     ``seed`` -> ``numpy.random.Generator``
- :mod:`.arrays`      read-only results, float-or-array returns, Bartlett (Wishart) factors
- :mod:`.strategies`  the "replace" / "accumulate" / "mix" vocabulary and its checks
- :mod:`.chains`      the (chain, generation) axes every chain result shares
- :mod:`.statistics`  mean with its standard error, quantiles
- :mod:`.resources`   guards that refuse a call too big for memory or time
- :mod:`.plotting`    the figure style, the palette by name and the plots every world uses
- :mod:`.explorer`    the ``Explorer`` base and the controls explorers share

The core imports no world.
"""
__all__: list[str] = []
