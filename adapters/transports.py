"""The transports a stand-alone clock process sends through, from the settings.

Lives in `adapters/` because it names the platform SDKs; `prepbot clock` finds it by
module name, like the other adapter entry points, so the core stays platform-free.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bot.config import Settings
from bot.schedule.transport import Transport


@contextlib.asynccontextmanager
async def platform_transports(settings: Settings) -> AsyncIterator[dict[str, Transport]]:
    """Every platform transport the settings configure (empty: the console's is used)."""
    transports: dict[str, Transport] = {}
    async with contextlib.AsyncExitStack() as stack:
        if settings.slack_bot_token or (settings.slack_client_id and settings.slack_client_secret):
            from adapters.slack import build_transport

            transports["slack"] = build_transport(settings)
        if settings.discord_token:
            from adapters.discord import rest_transport

            transports["discord"] = await stack.enter_async_context(rest_transport(settings))
        yield transports
