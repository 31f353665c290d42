"""Multi-workspace install: `/slack/install` and `/slack/oauth_redirect` with stored tokens.

Enabled when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set. Installations and OAuth
states live in prepbot's own database, in slack_sdk's SQLAlchemy stores, on the same
async engine. Their tables come from the Alembic migration `0002_slack_oauth` (never
from the stores' `create_tables()`), so production schema changes go through migrations.
"""

from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings

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
