"""What every Slack listener needs: the core bot, and who a Slack user is.

`ActorResolver` turns a Slack user into a core `Actor`. The member's time zone, name and
admin flag come from their Slack profile (`users.info`), cached per (workspace, user) for
a few minutes, so a new member starts in their own zone without typing `/prep tz` and a
demoted admin loses the admin commands soon after. The core refuses those commands
unless `Actor.is_admin`, which only a fresh profile (never a failed lookup) sets.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    locale: str | None = None  # with `include_locale`: `en-US`, a hint for reading 03/04


def is_workspace_admin(user: dict[str, Any]) -> bool:
    """Whether a `users.info` user may run prepbot's admin commands (admins and owners)."""
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


class ActorResolver:
    """Builds `Actor`s, reading each user's Slack profile at most once per `ttl` seconds.

    Failures (no `users:read` scope, a slow API) cost only the hint, and admin rights
    until the next lookup: the command still runs, and the lookup is retried after
    `failure_ttl` seconds, not on every command.
    """

    def __init__(
        self,
        *,
        timeout: float = 2.0,
        ttl: float = 300.0,
        failure_ttl: float = 600.0,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._timeout = timeout
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._max = max_entries
        self._clock = clock
        self._profiles: OrderedDict[tuple[str, str], tuple[float, Profile]] = OrderedDict()
        # Bounded like the profiles: ids that fail to resolve (junk, an outage) must not
        # grow it without end.
        self._failed: OrderedDict[tuple[str, str], float] = OrderedDict()

    async def profile(
        self, client: AsyncWebClient, team_id: str, user_id: str, *, within: float | None = None
    ) -> Profile | None:
        """The user's cached profile, fetched when missing or stale (within `within` s)."""
        key = (team_id, user_id)
        cached = self._profiles.get(key)
        if cached is not None and self._clock() - cached[0] < self._ttl:
            self._profiles.move_to_end(key)
            return cached[1]
        # Stale or missing: a failed refresh must not keep an old admin flag alive.
        self._profiles.pop(key, None)
        failed_at = self._failed.get(key)
        if failed_at is not None and self._clock() - failed_at < self._failure_ttl:
            return None
        try:
            response = await asyncio.wait_for(
                client.users_info(user=user_id, include_locale=True), within or self._timeout
            )
        except (SlackApiError, TimeoutError, OSError) as error:
            log.info("users.info failed for a member: %s", type(error).__name__)
            self._failed[key] = self._clock()
            self._failed.move_to_end(key)
            if len(self._failed) > self._max:
                self._failed.popitem(last=False)
            return None
        user = response.get("user") or {}
        names = (user.get("profile") or {}).get("display_name"), user.get("real_name")
        profile = Profile(
            tz=user.get("tz") or None,
            locale=user.get("locale") or None,
            # Never `name`: that is the lower-case handle, which drafts must not be signed with.
            name=next((n for n in names if n), ""),
            is_admin=is_workspace_admin(user),
        )
        self._failed.pop(key, None)
        self._profiles[key] = (self._clock(), profile)
        if len(self._profiles) > self._max:
            self._profiles.popitem(last=False)
        return profile

    def cache_sizes(self) -> tuple[int, int]:
        """(profiles, failed lookups) held now: both stay within `max_entries`."""
        return len(self._profiles), len(self._failed)

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
            # No profile (users.info failed): no name, so the one stored from the profile
            # stays. `fallback_name` (the handle) is deliberately not used as a name.
            display_name=profile.name if profile else "",
            channel_id=channel_id,
            is_admin=profile.is_admin if profile else False,
            tz_hint=profile.tz if profile else None,
            locale=profile.locale if profile else None,
        )


@dataclass
class Runtime:
    """Shared by the listeners of one app."""

    bot: PrepBot
    actors: ActorResolver
    # Set in multi-workspace mode: deletes a workspace's stored tokens on uninstall.
    revocation: AsyncTokenRevocationListeners | None = None
