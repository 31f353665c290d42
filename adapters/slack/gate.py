"""What stands in front of bolt on the HTTP endpoint: junk is refused cheaply and quietly.

Anyone on the internet can POST to `/slack/events`. Bolt verifies signatures, but a
header it cannot parse (`X-Slack-Request-Timestamp: abc`) or a body that is not text
used to end in HTTP 500 and a traceback per request, so junk could flood the logs. Here
the signature headers must have their shape, the body must arrive within a time limit
and be UTF-8; what still fails inside bolt is answered 400. Refusals are logged as one
WARNING line a minute at most (with how many), never once per request.

Connections themselves are bounded in `serve_http`: a request's headers must be in
within `HEADER_TIMEOUT` of connecting (aiohttp's keep-alive timer covers a connection
that has not sent a whole request yet), so idle or half-sent sockets are closed.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0  # seconds for a connection to send a whole request's headers
BODY_TIMEOUT = 10.0  # seconds for a request's body, once its headers are in

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
QUIET_FOR = 60.0  # seconds between two lines about refused requests


class Refusals:
    """Counts refused requests; says so at most once every `QUIET_FOR` seconds."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._said_at: float | None = None
        self._count = 0

    def refused(self, reason: str) -> None:
        """Count one refusal; log it unless a line went out less than a minute ago."""
        self._count += 1
        now = self._monotonic()
        if self._said_at is None or now - self._said_at >= QUIET_FOR:
            log.warning(
                "refused %d malformed Slack request(s) (latest: %s); next line in %.0f s at most",
                self._count,
                reason,
                QUIET_FOR,
            )
            self._said_at, self._count = now, 0


def request_gate(path: str, *, body_timeout: float = BODY_TIMEOUT) -> Middleware:
    """An aiohttp middleware checking POSTs to `path` before bolt sees them."""
    refusals = Refusals()

    @web.middleware
    async def gate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method != "POST" or request.path != path:
            return await handler(request)
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not (_TIMESTAMP.fullmatch(stamp) and _SIGNATURE.fullmatch(signature)):
            refusals.refused("missing or malformed signature headers")
            return web.Response(status=401, text="invalid request")
        try:
            async with asyncio.timeout(body_timeout):
                body = await request.read()  # kept by aiohttp: bolt reads it again
        except TimeoutError:
            refusals.refused("body not sent in time")
            timed_out = web.Response(status=408, text="request timeout")
            timed_out.force_close()  # the rest of the body is not waited for either
            return timed_out
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            refusals.refused("body is not UTF-8")
            return web.Response(status=400, text="invalid request")
        try:
            response = await handler(request)
        except web.HTTPException:
            raise
        except Exception as error:
            # Unparseable content that got this far (bolt parses before it verifies).
            refusals.refused(f"{type(error).__name__} in the request")
            return web.Response(status=400, text="invalid request")
        return response

    return gate
