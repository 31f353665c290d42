"""prepbot core: prep content, the /prep grammar, services and scheduling.

Nothing in this package imports a chat platform SDK or `adapters`; adapters depend on
the core, never the other way round (an import-linter contract checks it in CI).
"""

__version__ = "0.1.0"
