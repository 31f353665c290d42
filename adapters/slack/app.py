"""Building the bolt `AsyncApp` and the Slack transport from settings.

Single-workspace: SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET for HTTP). Multi-workspace:
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET switch on the OAuth install flow, and tokens come
from the installation store. SLACK_API_URL points every Web API call (the app's, the
OAuth exchange's and the transport's) at another base URL, such as a local fake.
"""

from __future__ import annotations

from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack import oauth
from adapters.slack._tokens import InstallationTokens, StaticTokens, TokenSource
from adapters.slack.community import SlackCommunityTransport
from adapters.slack.listeners import register_all
from adapters.slack.pacing import Pacer
from adapters.slack.runtime import ActorResolver, Runtime
from bot.app import PrepBot
from bot.config import Settings
from bot.db.engine import Database


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def api_url(settings: Settings) -> str:
    """SLACK_API_URL with the trailing slash slack_sdk needs to join method names on."""
    return settings.slack_api_url.rstrip("/") + "/"


def _engine(settings: Settings, db: Database | None) -> AsyncEngine:
    return (db or Database(settings.database_url)).engine


def create_app(
    settings: Settings,
    bot: PrepBot,
    *,
    actors: ActorResolver | None = None,
) -> AsyncApp:
    """The bolt app with every prepbot listener registered.

    Multi-workspace mode keeps installations in the bot's own database.
    """
    signing_secret = _secret(settings.slack_signing_secret) or ""
    runtime = Runtime(bot=bot, actors=actors or ActorResolver())
    if oauth.oauth_enabled(settings):
        store = oauth.installation_store(settings, bot.db.engine)
        app = AsyncApp(
            signing_secret=signing_secret,
            # Without a token: bolt hands each listener a client with the workspace's.
            client=AsyncWebClient(base_url=api_url(settings)),
            installation_store=store,
            oauth_settings=oauth.oauth_settings(settings, bot.db.engine, store),
        )
        runtime.revocation = AsyncTokenRevocationListeners(store)
    else:
        if settings.slack_bot_token is None:
            raise ValueError("Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        client = AsyncWebClient(token=_secret(settings.slack_bot_token), base_url=api_url(settings))
        app = AsyncApp(signing_secret=signing_secret, client=client)
    register_all(app, runtime)
    return app


def build_transport(
    settings: Settings,
    *,
    db: Database | None = None,
    pacer: Pacer | None = None,
    max_wait: float = 5.0,
) -> SlackCommunityTransport:
    """The Slack transport for the dispatcher: DMs, channel posts and group DMs.

    In multi-workspace mode it reads tokens from the installation store in `db` (a new
    engine on DATABASE_URL if none is given).
    """
    tokens: TokenSource
    if oauth.oauth_enabled(settings):
        tokens = InstallationTokens(oauth.installation_store(settings, _engine(settings, db)))
    elif settings.slack_bot_token is not None:
        tokens = StaticTokens(settings.slack_bot_token.get_secret_value())
    else:
        raise ValueError("Slack is not configured: set SLACK_BOT_TOKEN or the OAuth client")
    return SlackCommunityTransport(
        tokens, base_url=api_url(settings), pacer=pacer, max_wait=max_wait
    )
