"""prepbot on Discord: the `/prep` command group, embeds and buttons, and DMs.

Wiring only; see `client` (the discord.py client), `commands` (the `/prep` tree),
`views` and `forms` (buttons and modals), `render` (replies as embeds), `transport`
(scheduled DMs) and `main` (`prepbot discord`).
"""

from adapters.discord.client import PrepClient, build_transport, create_client, set_api_base
from adapters.discord.main import main
from adapters.discord.transport import DiscordTransport

__all__ = [
    "DiscordTransport",
    "PrepClient",
    "build_transport",
    "create_client",
    "main",
    "set_api_base",
]
