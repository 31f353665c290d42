"""What every Slack listener needs: the core bot, and who a Slack user is.

`ActorResolver` turns a Slack user into a core `Actor`. The member's time zone, name and
admin flag come from their Slack profile (`users.info`), fetched once per process and
cached, so a new member starts in their own zone without typing `/prep tz`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import PrepBot
from bot.commands.context import Actor

log = logging.getLogger(__name__)

PLATFORM = "slack"


@dataclass(frozen=True)
class Profile:
    """What we use from a Slack profile."""

    tz: str | None
    name: str
    is_admin: bool


class ActorResolver:
    """Builds `Actor`s, reading each user's Slack profile once per process.

    Failures (no `users:read` scope, a slow API) cost only the hint: the command still
    runs, and the lookup is retried after `failure_ttl` seconds, not on every command.
    """

    def __init__(
        self,
        *,
        timeout: float = 2.0,
        failure_ttl: float = 600.0,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._timeout = timeout
        self._failure_ttl = failure_ttl
        self._max = max_entries
        self._clock = clock
        self._profiles: OrderedDict[tuple[str, str], Profile] = OrderedDict()
        self._failed: dict[tuple[str, str], float] = {}

    async def profile(
        self, client: AsyncWebClient, team_id: str, user_id: str, *, within: float | None = None
    ) -> Profile | None:
        """The user's cached profile, fetching it on first use (within `within` seconds)."""
        key = (team_id, user_id)
        if key in self._profiles:
            self._profiles.move_to_end(key)
            return self._profiles[key]
        failed_at = self._failed.get(key)
        if failed_at is not None and self._clock() - failed_at < self._failure_ttl:
            return None
        try:
            response = await asyncio.wait_for(
                client.users_info(user=user_id), within or self._timeout
            )
        except (SlackApiError, TimeoutError, OSError) as error:
            log.info("users.info failed for a member: %s", type(error).__name__)
            self._failed[key] = self._clock()
            return None
        user = response.get("user") or {}
        names = (user.get("profile") or {}).get("display_name"), user.get("real_name")
        profile = Profile(
            tz=user.get("tz") or None,
            name=next((n for n in names if n), user.get("name") or ""),
            is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        )
        self._failed.pop(key, None)
        self._profiles[key] = profile
        if len(self._profiles) > self._max:
            self._profiles.popitem(last=False)
        return profile

    async def actor(
        self,
        client: AsyncWebClient,
        *,
        team_id: str,
        user_id: str,
        channel_id: str | None = None,
        fallback_name: str = "",
        within: float | None = None,
    ) -> Actor:
        """The core `Actor` for a Slack user, with their profile's zone as a hint."""
        profile = await self.profile(client, team_id, user_id, within=within)
        return Actor(
            platform=PLATFORM,
            user_id=user_id,
            team_id=team_id,
            display_name=(profile.name if profile else "") or fallback_name,
            channel_id=channel_id,
            is_admin=profile.is_admin if profile else False,
            tz_hint=profile.tz if profile else None,
        )


@dataclass
class Runtime:
    """Shared by the listeners of one app."""

    bot: PrepBot
    actors: ActorResolver
    # Set in multi-workspace mode: deletes a workspace's stored tokens on uninstall.
    revocation: AsyncTokenRevocationListeners | None = None
