"""What `prepbot run` starts, decided from the settings and whether a terminal is attached.

- Slack configured: the Slack app (Socket Mode, or `--http`) with the clock.
- Discord token set: the Discord bot with the clock.
- Both: both adapters and one clock in one process (`adapters.together`).
- Neither: the console, but only in a terminal. With no terminal (a container, a
  service manager) the console would read end of input and exit 0 at once, and the
  supervisor would restart it forever; so that is refused with what to set.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.startup import EXIT_CONFIG, StartupError

NO_PLATFORM = (
    "no platform token is set and there is no terminal to chat in: set SLACK_BOT_TOKEN "
    "with SLACK_APP_TOKEN (Socket Mode) or with SLACK_SIGNING_SECRET and --http, or set "
    "DISCORD_TOKEN; to script the console instead, pipe lines into `prepbot console`"
)
HTTP_WITHOUT_SLACK = (
    "--http serves Slack's HTTP endpoint, but Slack is not configured: set SLACK_BOT_TOKEN "
    "and SLACK_SIGNING_SECRET (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)"
)


@dataclass(frozen=True)
class Launch:
    """An adapter and the arguments for its `main`.

    `slack`, `discord`, `console`, or `together` (both platforms in one process).
    """

    adapter: str
    argv: list[str]


def plan_run(settings: Settings, *, interactive: bool, http: bool, port: int | None) -> Launch:
    """The adapter `prepbot run` starts; a `StartupError` when none can start."""
    slack, discord = settings.slack_configured, settings.discord_token is not None
    if http and not slack:
        raise StartupError(HTTP_WITHOUT_SLACK, EXIT_CONFIG)
    web = ["--http"] + (["--port", str(port)] if port is not None else []) if http else []
    if slack and discord:
        return Launch("together", web)
    if slack:
        return Launch("slack", ["--with-clock", *web])
    if discord:
        return Launch("discord", ["--with-clock"])
    if not interactive:
        raise StartupError(NO_PLATFORM, EXIT_CONFIG)
    return Launch("console", ["--with-clock"])
