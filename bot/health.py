"""`/healthz`, `/readyz` and `/metrics` for every long-running process.

- `/healthz`: the process is alive and its event loop answers (200 `ok`).
- `/readyz`: the database accepts a new connection right now (200 `ready`), else 503
  with the reason. A fresh connection is opened on each probe, outside the process's
  pool: an idle pooled connection can outlive the server's refusal of new ones, and a
  process that cannot reconnect will not get through its next batch.
- `/metrics`: Prometheus text (`bot.metrics`), the backlog gauges read on each scrape.

The Slack web process adds these routes to its own server; `prepbot clock` and
`prepbot discord` serve them on `--health-port`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot import metrics
from bot.db.engine import Database
from bot.startup import database_reason, describe_database

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
# A probe that waits longer than a load balancer's own timeout is no use to it.
PROBE_TIMEOUT_SECONDS = 3.0

_DB_KEY = web.AppKey("prepbot_database", Database)


async def database_ready(db: Database) -> str | None:
    """None when a new connection runs `SELECT 1`, else why not (one line)."""
    engine = create_async_engine(db.url, poolclass=NullPool)
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # every way of failing is "not ready"
        return f"database {describe_database(db.url)}: {database_reason(error)}"
    finally:
        await engine.dispose()
    return None


async def _healthz(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _readyz(request: web.Request) -> web.Response:
    problem = await database_ready(request.app[_DB_KEY])
    if problem:
        return web.Response(status=503, text=f"not ready: {problem}")
    return web.Response(text="ready")


async def _metrics(request: web.Request) -> web.Response:
    try:
        await metrics.refresh_backlog(request.app[_DB_KEY])
    except Exception as error:  # the counters are still worth serving
        log.debug("backlog gauges not refreshed: %s", error)
    body, content_type = metrics.exposition()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response


def add_health_routes(application: web.Application, db: Database) -> None:
    """Add `/healthz`, `/readyz` and `/metrics` to an aiohttp application."""
    application[_DB_KEY] = db
    application.router.add_get(HEALTH_PATH, _healthz)
    application.router.add_get(READY_PATH, _readyz)
    application.router.add_get(METRICS_PATH, _metrics)


@contextlib.asynccontextmanager
async def health_server(
    db: Database, port: int | None, host: str = "0.0.0.0"
) -> AsyncIterator[None]:
    """Serve the three routes on `host:port` while the block runs (nothing if no port)."""
    if port is None:
        yield
        return
    application = web.Application()
    add_health_routes(application, db)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("health and metrics on http://%s:%d%s", host, port, HEALTH_PATH)
        yield
    finally:
        await runner.cleanup()
