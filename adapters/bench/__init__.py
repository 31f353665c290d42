"""Benchmarks that drive the Slack and Discord adapters: `prepbot bench pacing|latency`.

They run the real transports, bolt app and discord.py client against the local fake
APIs from `tests/fakes/`, so they need a source checkout (see `_fakes`).
"""
