"""Bolt listeners, one module per kind; `register_all` wires them to an app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.listeners import actions, commands, dms, events, threads, views
from adapters.slack.runtime import Runtime


def register_all(app: AsyncApp, runtime: Runtime) -> None:
    """Register every prepbot listener on `app`."""
    commands.register(app, runtime)
    actions.register(app, runtime)
    views.register(app, runtime)
    events.register(app, runtime)
    # Before `threads`: bolt runs the first `message` listener whose matchers pass.
    dms.register(app, runtime)
    threads.register(app, runtime)
