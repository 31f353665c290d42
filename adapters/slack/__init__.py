"""The Slack adapter: a slack-bolt `AsyncApp`, a Block Kit renderer and a transport.

- `create_app(settings, bot)`: the bolt app with every listener (`listeners/`).
- `build_transport(settings)`: the dispatcher's Slack transport: DMs (`transport.py`),
  channel posts, group DMs and thread counts (`community.py`).
- `main(argv)`: `prepbot slack [--http] [--port N]` (`main.py`).
"""

from adapters.slack.app import build_transport, create_app

__all__ = ["build_transport", "create_app"]
