"""Transports without a chat platform: print to a terminal, or record to a file.

`ConsoleTransport` is what `prepbot clock` and `prepbot run` use with no platform token,
and what `simulate` captures; with `json=True` it prints the simulate line format.
`RecordingTransport` appends one line per send to a file, which the multi-process tests
read to prove every delivery went out exactly once.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.clock import Clock, SystemClock
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.timemath import to_local
from bot.schedule.transport import Recipient


def kind_of(idempotency_key: str) -> str:
    """The delivery kind from a dedupe key (`daily_question:12:2026-03-06`)."""
    return idempotency_key.split(":", 1)[0]


def event_line(at: datetime, tz: str, user: str, kind: str, text: str) -> dict[str, Any]:
    """One line of `simulate --json` / `clock --json`, keys in the documented order."""
    return {
        "at_utc": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "at_local": to_local(at, tz).isoformat(timespec="seconds"),
        "user": user,
        "kind": kind,
        "text": text,
    }


def dump_line(line: dict[str, Any]) -> str:
    """A line as JSON text, the same bytes on every run and platform."""
    return jsonlib.dumps(line, ensure_ascii=False)


class ConsoleTransport:
    """Prints each delivery: a readable block, or one JSON line."""

    platform = "console"

    def __init__(
        self, out: TextIO | None = None, *, json: bool = False, clock: Clock | None = None
    ) -> None:
        self._out = out
        self._json = json
        self._clock = clock or SystemClock()

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Print the delivery (the console cannot fail to deliver)."""
        out = self._out or sys.stdout
        at = self._clock.now()
        kind = kind_of(idempotency_key)
        text = render_plain(reply)
        if self._json:
            out.write(dump_line(event_line(at, recipient.tz, recipient.user_id, kind, text)) + "\n")
        else:
            local = to_local(at, recipient.tz).strftime("%a %d %b %H:%M")
            who = recipient.display_name or recipient.user_id
            out.write(f"\n--- DM to {who} ({kind}, {local} {recipient.tz}) ---\n{text}\n\n")
        out.flush()


class RecordingTransport:
    """Appends `key<TAB>user` per send to a file; optionally slow, like a real API."""

    def __init__(self, path: Path, *, platform: str = "console", delay: float = 0.0) -> None:
        self.platform = platform
        self._path = path
        self._delay = delay
        self._file = path.open("a", encoding="utf-8")

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Record the send once it "completed"."""
        if self._delay:
            await asyncio.sleep(self._delay)
        # Line-buffered appends: a reader sees every completed send even after a kill.
        self._file.write(f"{idempotency_key}\t{recipient.user_id}\n")
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self._file.close()
