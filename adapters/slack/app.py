"""Building the bolt `AsyncApp` and the Slack transport from settings.

Single-workspace: SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET for HTTP). Multi-workspace:
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET switch on the OAuth install flow, and tokens come
from the installation store. SLACK_API_URL points every Web API call (the app's, the
OAuth exchange's and the transport's) at another base URL, such as a local fake.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack import oauth
from adapters.slack._pacing import Pacer
from adapters.slack._tokens import InstallationTokens, StaticTokens, TokenSource
from adapters.slack.listeners import register_all
from adapters.slack.runtime import ActorResolver, Runtime
from adapters.slack.transport import SlackTransport
from bot.app import PrepBot
from bot.config import Settings
from bot.db.engine import Database

log = logging.getLogger(__name__)


def _secret(value: object) -> str | None:
    get = getattr(value, "get_secret_value", None)
    return str(get()) if get is not None else None


def _engine(settings: Settings, db: Database | None) -> AsyncEngine:
    return (db or Database(settings.database_url)).engine


def create_app(
    settings: Settings,
    bot: PrepBot,
    *,
    actors: ActorResolver | None = None,
) -> AsyncApp:
    """The bolt app with every prepbot listener registered."""
    client = AsyncWebClient(
        token=_secret(settings.slack_bot_token), base_url=settings.slack_api_url
    )
    signing_secret = _secret(settings.slack_signing_secret) or ""
    runtime = Runtime(bot=bot, actors=actors or ActorResolver())
    if oauth.oauth_enabled(settings):
        store = oauth.installation_store(settings, bot.db.engine)
        app = AsyncApp(
            signing_secret=signing_secret,
            client=AsyncWebClient(base_url=settings.slack_api_url),
            installation_store=store,
            oauth_settings=oauth.oauth_settings(settings, bot.db.engine, store),
        )
        runtime.revocation = AsyncTokenRevocationListeners(store)
    else:
        if settings.slack_bot_token is None:
            raise ValueError("Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        app = AsyncApp(signing_secret=signing_secret, client=client)
    register_all(app, runtime)
    return app


def build_transport(
    settings: Settings,
    *,
    db: Database | None = None,
    pacer: Pacer | None = None,
    max_wait: float = 5.0,
) -> SlackTransport:
    """The Slack transport for the dispatcher (and for confirmation DMs).

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
    return SlackTransport(tokens, base_url=settings.slack_api_url, pacer=pacer, max_wait=max_wait)
