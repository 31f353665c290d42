"""`prepbot slack [--http] [--port N] [--host H]`: run the Slack app.

Without `--http` it connects by Socket Mode (SLACK_APP_TOKEN, for local development: no
public URL needed). With `--http` it serves Slack's requests on one endpoint,
`/slack/events` (Events API, slash commands and interactivity), verifying each request's
signature; with the OAuth client set it also serves `/slack/install` and
`/slack/oauth_redirect`. `/healthz`, `/readyz` and `/metrics` are served beside them
(`bot.health`). The bot token (and in Socket Mode the app token) is checked with Slack
before anything is served: a rejected one ends the process with one line.

`--with-clock` (what `prepbot run` passes) also runs the scheduler in this process, for
a one-process setup; the Procfile runs the clock as its own process instead. On SQLite
(the embedded default) the database is upgraded at start, as the console does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from adapters.slack import oauth
from adapters.slack.app import build_transport, create_app
from adapters.slack.gate import BODY_TIMEOUT, HEADER_TIMEOUT, request_gate
from adapters.slack.preflight import check_slack_tokens
from bot.app import PrepBot
from bot.config import Settings, get_settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.health import HEALTH_PATH, add_health_routes
from bot.logs import configure_logging
from bot.runtime import start_clock_in_loop
from bot.services.ai_reviewer import reviewer_from
from bot.startup import StartupError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def _secrets(settings: Settings) -> list[str]:
    values = (
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        settings.slack_client_secret,
    )
    return [value.get_secret_value() for value in values if value is not None]


def config_problem(settings: Settings, *, http: bool) -> str | None:
    """What is missing to run in this mode, or None."""
    if not (settings.slack_bot_token or oauth.oauth_enabled(settings)):
        return "Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."
    if http and not settings.slack_signing_secret:
        return "HTTP mode verifies every request: set SLACK_SIGNING_SECRET."
    if not http and not settings.slack_app_token:
        return "Set SLACK_APP_TOKEN (xapp-...) for Socket Mode, or pass --http."
    return None


async def _health(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def web_app(
    app: AsyncApp, db: Database | None = None, *, body_timeout: float = BODY_TIMEOUT
) -> web.Application:
    """The aiohttp application: bolt's endpoint (and OAuth routes) plus health checks.

    With the database: `/healthz`, `/readyz` and `/metrics`; without: `/healthz` only.
    Every request to bolt's endpoint passes the gate first (malformed headers, slow bodies).
    """
    application = app.web_app(path=EVENTS_PATH)
    application.middlewares.append(request_gate(EVENTS_PATH, body_timeout=body_timeout))
    if db is not None:
        add_health_routes(application, db)
    else:
        application.router.add_get(HEALTH_PATH, _health)
    return application


async def serve_http(
    app: AsyncApp,
    *,
    host: str,
    port: int,
    stop: asyncio.Event,
    db: Database | None = None,
    header_timeout: float = HEADER_TIMEOUT,
    body_timeout: float = BODY_TIMEOUT,
) -> None:
    """Serve Slack's HTTP requests until `stop` is set."""
    # The keep-alive timer also closes a connection that has not sent a whole request;
    # after a refusal the rest of a body is read (lingering) for a second at most.
    runner = web.AppRunner(
        web_app(app, db, body_timeout=body_timeout),
        access_log=None,
        keepalive_timeout=header_timeout,
        lingering_time=min(1.0, body_timeout),
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("Slack app listening on http://%s:%d%s", host, port, EVENTS_PATH)
        await stop.wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(app: AsyncApp, *, app_token: str, stop: asyncio.Event) -> None:
    """Connect by Socket Mode until `stop` is set."""
    handler = AsyncSocketModeHandler(app, app_token)
    # While Slack is unreachable the connect keeps retrying; a stop must not wait for it.
    connecting = asyncio.ensure_future(handler.connect_async())  # type: ignore[no-untyped-call]
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if connecting.done():
            connecting.result()  # raise why connecting failed for good
            log.info("Slack app connected by Socket Mode")
            await stopping
    finally:
        for task in (connecting, stopping):
            task.cancel()
        await asyncio.gather(connecting, stopping, return_exceptions=True)
        await handler.close_async()  # type: ignore[no-untyped-call]


async def run(
    settings: Settings,
    *,
    http: bool,
    host: str,
    port: int,
    with_clock: bool = False,
    stop: asyncio.Event | None = None,
) -> None:
    """Check the tokens, build the bot and serve Slack until SIGINT or SIGTERM."""
    await check_slack_tokens(settings, socket_mode=not http)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    db = Database(settings.database_url)
    if db.is_sqlite:
        await asyncio.to_thread(upgrade, settings.database_url)
    transport = build_transport(settings, db=db)
    bot = PrepBot(db, transports={"slack": transport}, reviewer=reviewer_from(settings))
    app = create_app(settings, bot)
    clock = await start_clock_in_loop(bot, db, bot.transports, settings) if with_clock else None
    try:
        if http:
            await serve_http(app, host=host, port=port, stop=stop, db=db)
        else:
            assert settings.slack_app_token is not None
            token = settings.slack_app_token.get_secret_value()
            await serve_socket_mode(app, app_token=token, stop=stop)
    finally:
        await bot.finish_follow_ups()  # AI notes under way, before their transport closes
        if clock is not None:
            await clock.stop()
        await transport.close()
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `prepbot slack`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="prepbot slack", description=__doc__.split("\n")[0])
    parser.add_argument("--http", action="store_true", help="serve HTTP (production)")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT") or 3000), help="HTTP port ($PORT)"
    )
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")
    parser.add_argument(
        "--with-clock", action="store_true", help="also run the scheduler in this process"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    problem = config_problem(settings, http=args.http)
    if problem:
        print(f"prepbot slack: {problem}", file=sys.stderr)
        return 2
    if not logging.getLogger().handlers:  # `prepbot` configured redacting logs already
        configure_logging(settings.log_level, _secrets(settings), log_format=settings.log_format)
    try:
        asyncio.run(
            run(
                settings, http=args.http, host=args.host, port=args.port, with_clock=args.with_clock
            )
        )
    except StartupError as error:
        print(f"prepbot slack: {error.message}", file=sys.stderr)
        return error.code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
