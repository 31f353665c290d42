"""Multi-workspace install: `/slack/install` and `/slack/oauth_redirect` with stored tokens.

Enabled when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set. Installations and OAuth
states live in prepbot's own database, in slack_sdk's SQLAlchemy stores, on the same
async engine. Their tables come from the Alembic migration `0002_slack_oauth` (never
from the stores' `create_tables()`), so production schema changes go through migrations.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import desc, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings

log = logging.getLogger(__name__)

# The bot scopes to request; a test keeps manifest.json's list identical. commands: /prep;
# chat:write: DMs and channel posts; users:read: the profile's time zone and admin flag;
# files:write: privacy export files; channels:history and groups:history: replies in a
# question of the day's thread (events and their count); channels:join: joining the
# channel an admin chose; im:write and mpim:write: opening a pairing group's DM.
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "files:write",
    "channels:history",
    "groups:history",
    "channels:join",
    "im:write",
    "im:history",
    "mpim:write",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def oauth_enabled(settings: Settings) -> bool:
    """Whether the app runs multi-workspace (install links, stored tokens)."""
    return bool(settings.slack_client_id and settings.slack_client_secret)


def installation_store(settings: Settings, engine: AsyncEngine) -> AsyncSQLAlchemyInstallationStore:
    """slack_sdk's installation store on our engine (tables from migration 0002)."""
    if not settings.slack_client_id:
        raise ValueError("SLACK_CLIENT_ID is not set")
    return AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)


def oauth_settings(
    settings: Settings, engine: AsyncEngine, store: AsyncSQLAlchemyInstallationStore
) -> AsyncOAuthSettings:
    """Bolt's OAuth settings: our scopes, paths, and database-backed stores."""
    secret = settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        # Bot tokens only: prepbot never acts as a user, so it asks for no user scopes.
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
        state_expiration_seconds=STATE_SECONDS,
    )


def enterprise_of(
    store: AsyncSQLAlchemyInstallationStore,
) -> Callable[[str], Awaitable[str | None]]:
    """A lookup of the Enterprise Grid organisation a workspace was installed under."""

    async def lookup(team_id: str) -> str | None:
        bots = store.bots
        query = (
            select(bots.c.enterprise_id)
            .where(bots.c.client_id == store.client_id, bots.c.team_id == team_id)
            .order_by(desc(bots.c.installed_at))
            .limit(1)
        )
        async with store.engine.connect() as connection:
            enterprise_id: str | None = await connection.scalar(query)
        return enterprise_id

    return lookup


NOT_ALLOWED_PAGE = (
    "<html><body><h1>prepbot is not available for this workspace</h1>"
    "<p>This copy of prepbot is limited to the workspaces its operator chose. "
    "Nothing was installed; ask the person who runs it.</p></body></html>"
)


class TeamNotAllowed(BoltError):
    """An install from a workspace outside SLACK_ALLOWED_TEAMS."""


class AllowedTeamsOAuthFlow(AsyncOAuthFlow):
    """Bolt's OAuth flow, refusing to store installs from workspaces not allowed.

    A self-hosted app's install link works for any workspace that finds it; with
    SLACK_ALLOWED_TEAMS set, an install from another one is refused before anything
    is stored, and the token Slack just issued is revoked.
    """

    def __init__(self, *, settings: AsyncOAuthSettings, allowed: frozenset[str]) -> None:
        super().__init__(settings=settings)
        self.allowed = allowed

    async def store_installation(
        self, request: AsyncBoltRequest, installation: Installation
    ) -> None:
        """Store the installation if its workspace (or Grid organisation) is allowed."""
        ids = {installation.team_id, installation.enterprise_id} - {None}
        if self.allowed and not ids & self.allowed:
            log.warning("refused a Slack install from %s: not in SLACK_ALLOWED_TEAMS", ids)
            if installation.bot_token:
                client = AsyncWebClient(base_url=self.client.base_url)
                try:
                    await client.auth_revoke(token=installation.bot_token)
                except Exception as error:  # refused either way; the token is unused
                    log.warning("could not revoke the refused install's token: %s", error)
            raise TeamNotAllowed(f"team {installation.team_id} is not allowed")
        await super().store_installation(request, installation)


async def _failure(args: AsyncFailureArgs) -> BoltResponse:
    if isinstance(args.error, TeamNotAllowed):
        return BoltResponse(
            status=403, body=NOT_ALLOWED_PAGE, headers={"Content-Type": "text/html; charset=utf-8"}
        )
    return await args.default.failure(args)


def oauth_flow(
    settings: Settings, engine: AsyncEngine, store: AsyncSQLAlchemyInstallationStore
) -> AllowedTeamsOAuthFlow:
    """The OAuth flow with our settings and the SLACK_ALLOWED_TEAMS check."""
    flow_settings = oauth_settings(settings, engine, store)
    flow_settings.callback_options = AsyncCallbackOptions(success=_success, failure=_failure)
    return AllowedTeamsOAuthFlow(settings=flow_settings, allowed=settings.allowed_teams)


async def _success(args: AsyncSuccessArgs) -> BoltResponse:
    return await args.default.success(args)
