"""A bolt middleware that acknowledges a replayed or retried Slack request and stops it.

It runs after bolt has checked the signature (so only authentic requests are recorded)
and before any listener. What identifies a request:

- an Events API delivery: its `event_id`, which Slack keeps when it retries
  (`X-Slack-Retry-Num`), so a retry of an event already taken is skipped, while a retry
  of one this app never got (it was down) is still handled;
- anything else over HTTP: its signature, which is unique to its timestamp and body;
- over Socket Mode (no signature): the interaction's `trigger_id`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.services.replays import ReplayGuard, request_key

log = logging.getLogger(__name__)

Middleware = Callable[..., Awaitable[BoltResponse | None]]


def _header(request: AsyncBoltRequest, name: str) -> str | None:
    values = request.headers.get(name) or []
    return values[0] if values else None


def identity(request: AsyncBoltRequest) -> tuple[str, str] | None:
    """(what, value) identifying `request`, or None when nothing does."""
    body: dict[str, Any] = request.body if isinstance(request.body, dict) else {}
    if isinstance(body.get("event_id"), str):
        return "event", f"{body.get('team_id')}:{body['event_id']}"
    signature = _header(request, "x-slack-signature")
    if signature:
        return "signature", signature
    trigger = body.get("trigger_id")
    if isinstance(trigger, str):
        return "trigger", trigger
    return None


def replay_middleware(guard: ReplayGuard) -> Middleware:
    """The middleware, recording keys through `guard`."""

    async def skip_replays(
        req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        found = identity(req)
        if found is None or await guard.first_time(request_key("slack", *found)):
            return await next()
        retry = _header(req, "x-slack-retry-num")
        log.info(
            "slack %s already acted on (%s): acknowledged, not acted on again",
            "event retry" if retry else "request replayed",
            found[0],
        )
        return BoltResponse(status=200, body="")

    return skip_replays
