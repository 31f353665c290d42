"""Where the transport gets a workspace's bot token: one static token, or the OAuth store.

The dispatcher runs outside any Slack request, so nothing hands it a token: in
multi-workspace mode it looks the workspace's bot up in the installation store (cached
for a few minutes; forgotten at once when Slack says the token is dead).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore


class TokenSource(Protocol):
    """Finds the bot token for a workspace."""

    async def bot_token(self, team_id: str) -> str | None:
        """The bot token for `team_id`, or None if the app is not installed there."""
        ...

    def forget(self, team_id: str) -> None:
        """Drop any cached token for `team_id` (Slack rejected it)."""
        ...


class StaticTokens:
    """A single-workspace app: one bot token for every send."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def bot_token(self, team_id: str) -> str | None:
        """The one token (the workspace id is not needed to choose it)."""
        del team_id
        return self._token

    def forget(self, team_id: str) -> None:
        """Nothing cached: a dead static token stays dead until the operator replaces it."""
        del team_id


class InstallationTokens:
    """Multi-workspace: tokens from slack_sdk's installation store, cached briefly."""

    def __init__(
        self,
        store: AsyncInstallationStore,
        *,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        enterprise_of: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> None:
        self._store = store
        self._enterprise_of = enterprise_of
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[float, str | None]] = {}

    async def bot_token(self, team_id: str) -> str | None:
        """The latest bot token installed for `team_id`."""
        cached = self._cache.get(team_id)
        if cached is not None and self._clock() - cached[0] < self._ttl:
            return cached[1]
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None and self._enterprise_of is not None:
            # An Enterprise Grid workspace's bot is stored under its organisation's id;
            # looking it up without one reads as "not installed" and pauses everyone.
            enterprise_id = await self._enterprise_of(team_id)
            if enterprise_id is not None:
                bot = await self._store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id)
        token = bot.bot_token if bot is not None else None
        self._cache[team_id] = (self._clock(), token)
        return token

    def forget(self, team_id: str) -> None:
        """Look the token up again next time (the workspace may have reinstalled)."""
        self._cache.pop(team_id, None)
