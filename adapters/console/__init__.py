"""The console adapter: prepbot in a terminal, the default when no platform token is set."""

from adapters.console.session import ConsoleSession, run_console

__all__ = ["ConsoleSession", "run_console"]
