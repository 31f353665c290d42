"""The composition root: the command line, simulations and benchmarks.

`bot` is the core and `adapters` the platforms; only this package may import both, so
it is where a process is put together (which database, clock, transports and adapter).
"""
