"""Who is a community admin on Slack: the profile's flags, re-read every few minutes."""

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.runtime import ActorResolver
from tests.adapters.slack.conftest import ANA
from tests.fakes.slack_api import BOT_TOKEN, TEAM_ID


def web(fake):
    return AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url, retry_handlers=[])


@pytest.mark.parametrize(
    ("flags", "admin"),
    [
        ({}, False),
        ({"is_admin": True}, True),
        ({"is_owner": True}, True),
        ({"is_primary_owner": True}, True),
        ({"is_restricted": True}, False),
    ],
)
async def test_admins_and_owners_are_admins(fake, flags, admin):
    """Workspace admins, owners and the primary owner may run admin commands; no one else."""
    fake.users[ANA].update(flags)
    actor = await ActorResolver().actor(web(fake), team_id=TEAM_ID, user_id=ANA)
    assert actor.is_admin is admin


async def test_a_demoted_admin_loses_it_after_the_cache_ttl(fake):
    """The profile is cached briefly: within the TTL one lookup, after it the new flag."""
    now = [0.0]
    resolver = ActorResolver(ttl=300, clock=lambda: now[0])
    fake.users[ANA]["is_admin"] = True
    assert (await resolver.actor(web(fake), team_id=TEAM_ID, user_id=ANA)).is_admin
    fake.users[ANA]["is_admin"] = False
    now[0] = 299
    assert (await resolver.actor(web(fake), team_id=TEAM_ID, user_id=ANA)).is_admin
    assert len(fake.calls_to("users.info")) == 1
    now[0] = 301
    assert not (await resolver.actor(web(fake), team_id=TEAM_ID, user_id=ANA)).is_admin


async def test_a_failed_refresh_is_not_an_admin(fake):
    """When the profile cannot be re-read, the stale admin flag is not trusted."""
    now = [0.0]
    resolver = ActorResolver(ttl=300, clock=lambda: now[0])
    fake.users[ANA]["is_owner"] = True
    assert (await resolver.actor(web(fake), team_id=TEAM_ID, user_id=ANA)).is_admin
    fake.fail("users.info", "internal_error")
    now[0] = 301
    actor = await resolver.actor(web(fake), team_id=TEAM_ID, user_id=ANA, fallback_name="ana")
    # No name rather than the handle: the member keeps the profile name stored before.
    assert not actor.is_admin and actor.display_name == ""


async def test_failed_lookups_are_remembered_in_a_bounded_cache(fake):
    """Lookups failing for ever more user ids (junk or an outage) keep the cache bounded."""
    resolver = ActorResolver(max_entries=50)
    fake.fail("users.info", "user_not_found", times=200)
    for n in range(200):
        user = f"U0JUNK{n:05d}"
        actor = await resolver.actor(web(fake), team_id=TEAM_ID, user_id=user, fallback_name="x")
        assert not actor.is_admin
    profiles, failures = resolver.cache_sizes()
    assert profiles <= 50 and failures <= 50
