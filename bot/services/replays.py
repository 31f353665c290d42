"""Requests already acted on: a replayed or retried platform request acts once.

A signed Slack request stays valid for five minutes, and Slack retries an event it
believes was missed; a Discord interaction carries an id. Each adapter names what
identifies a request (`request_key`), and `ReplayGuard.first_time` says whether any
process sharing the database has taken it already. Only a digest is kept, never the
request, and only for the replay window.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.engine import Database
from bot.db.models import SeenRequest
from bot.logs import ProblemLog

log = logging.getLogger(__name__)

# Slack refuses signatures older than five minutes; a key is kept a while longer, so a
# replay at the very edge of the window (clocks differ) is still recognised.
REPLAY_WINDOW = timedelta(minutes=5)
KEEP = REPLAY_WINDOW + timedelta(minutes=5)
PRUNE_EVERY = 60.0  # seconds between deletions of expired keys, per process

SEEN = cast(Table, SeenRequest.__table__)


def request_key(platform: str, what: str, value: str) -> str:
    """The stored key of one request: platform, what identified it, and a digest."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"{platform}:{what}:{digest}"[:80]


class ReplayGuard:
    """Records request keys; a key recorded before is a replay."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime],
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._now = now
        self._monotonic = monotonic
        self._pruned_at = monotonic()
        self._failing = ProblemLog(
            log, "checking requests for replays failed", action="acting on them unchecked"
        )

    async def first_time(self, key: str) -> bool:
        """True the first time `key` is seen (by any process on this database).

        If the database cannot be asked, the request is acted on: the command itself
        then meets the same outage and says so, which is better than ignoring it.
        """
        now = self._now()
        insert = postgresql.insert if self._db.is_postgres else sqlite.insert
        statement = (
            insert(SEEN)
            .values(key=key, seen_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(SEEN.c.key)
        )
        try:
            async with self._db.session() as session:
                if self._monotonic() - self._pruned_at > PRUNE_EVERY:
                    self._pruned_at = self._monotonic()
                    await session.execute(delete(SEEN).where(SEEN.c.seen_at < now - KEEP))
                inserted = (await session.execute(statement)).first()
        except Exception as error:
            self._failing.failed(error)
            return True
        self._failing.ok()
        return inserted is not None
