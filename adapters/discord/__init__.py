"""prepbot on Discord: the `/prep` command group, embeds and buttons, and DMs.

Wiring only; see `client` (the discord.py client), `commands` (the `/prep` tree),
`views` and `forms` (buttons and modals), `render` (replies as embeds), `transport`
(scheduled DMs), `channels` (channel posts, answer threads, private practice threads),
`thread_replies` (answers written in those threads) and `main` (`prepbot discord`).
"""

from adapters.discord.channels import DiscordCommunityTransport
from adapters.discord.client import (
    PrepClient,
    build_transport,
    create_client,
    rest_transport,
    set_api_base,
)
from adapters.discord.transport import DiscordTransport

__all__ = [
    "DiscordCommunityTransport",
    "DiscordTransport",
    "PrepClient",
    "build_transport",
    "create_client",
    "rest_transport",
    "set_api_base",
]
