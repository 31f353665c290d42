"""`prepbot simulate`: the real services and scheduler on a virtual clock.

A fresh SQLite database, the real `PrepBot` and the real `Worker` (engine, dispatcher,
kinds) with a virtual clock. Instead of APScheduler's ticks, the simulation jumps the
clock straight to the next instant anything can happen (a command, a due row, a retry)
and runs the worker there: the same code, minus the waiting. During an outage nothing
runs and commands go unanswered; at its end the worker catches up as production would.
Output is one line per reply or delivery, in time order, ties broken deterministically.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select

from adapters.console.community_transport import CommunityCapture, ConsoleThreads, reply_in_thread
from adapters.console.transport import dump_line, event_line, kind_of
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.commands.ids import ShortIds
from bot.content import ContentLibrary
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Delivery, Member, ScheduledItem
from bot.kinds import KINDS
from bot.plaintext import render_plain
from bot.replies import Reply
from bot.schedule.transport import Recipient
from bot.schedule.worker import Worker
from bot.services.members import get_or_create_member
from prepbot.scenario import Scenario, ScenarioError, SimEvent, SimUser, load_scenario

PLATFORM = "console"
# Confirmation DMs are not a delivery kind of the contract, so they are not printed.
CONFIRMATION = "confirm"


# Short ids (`k7qd2`) drawn from this seed, so a scenario's output is the same every run.
SHORT_ID_SEED = 0


class CaptureTransport(CommunityCapture):
    """The console transport of a simulation: keeps what it would print."""

    platform = PLATFORM

    def __init__(self, clock: VirtualClock) -> None:
        self._clock = clock
        self.sent: list[dict[str, Any]] = []
        self.threads = ConsoleThreads()

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Record the delivery as a simulate line."""
        kind = kind_of(idempotency_key)
        if kind != CONFIRMATION:
            line = event_line(
                self._clock.now(), recipient.tz, recipient.user_id, kind, render_plain(reply)
            )
            self.sent.append(line)

    def take(self) -> list[dict[str, Any]]:
        """Lines since the last call, in a stable order (sends run concurrently)."""
        lines, self.sent = self.sent, []
        return sorted(lines, key=lambda line: (line["user"], line["kind"], line["text"]))


def actor_for(user: str, tz: str | None = None, sim: SimUser | None = None) -> Actor:
    """The console actor a scenario user types as (an admin, in a channel, if set)."""
    admin, channel = (sim.admin, sim.channel) if sim is not None else (False, None)
    return Actor(
        platform=PLATFORM,
        user_id=user,
        display_name=user,
        tz_hint=tz,
        channel_id=channel,
        is_admin=admin,
    )


async def _next_wake(db: Database, now: datetime) -> datetime | None:
    """The earliest future instant a row becomes due (scheduled or retried)."""
    async with db.session() as session:
        due = await session.scalar(
            select(func.min(ScheduledItem.next_run_at)).where(
                ScheduledItem.active.is_(True),
                ScheduledItem.next_run_at > now,
                ScheduledItem.kind.in_(sorted(KINDS)),
            )
        )
        retry = await session.scalar(
            select(func.min(Delivery.not_before)).where(
                Delivery.status == "pending", Delivery.not_before > now
            )
        )
    found = [instant for instant in (due, retry) if instant is not None]
    return min(found) if found else None


class Simulation:
    """One scenario run; `run()` returns the output lines."""

    def __init__(
        self,
        scenario: Scenario,
        db: Database,
        content: ContentLibrary | None,
        *,
        id_seed: int = SHORT_ID_SEED,
    ) -> None:
        self.scenario = scenario
        self.db = db
        self.clock = VirtualClock(scenario.start)
        self.capture = CaptureTransport(self.clock)
        transports = {PLATFORM: self.capture}
        self.bot = PrepBot(
            db,
            content=content,
            clock=self.clock,
            transports=transports,
            ids=ShortIds(random.Random(id_seed)),
        )
        self.worker = Worker(
            KINDS, db, self.bot.content, self.clock, transports, worker_id="simulate"
        )
        self.lines: list[dict[str, Any]] = []
        self._users = {user.id: user for user in scenario.users}

    async def _join(self) -> None:
        async with self.db.session() as session:
            for user in self.scenario.users:
                await get_or_create_member(session, actor_for(user.id, user.tz), self.clock.now())

    async def _say(self, event: SimEvent) -> None:
        actor = actor_for(event.user, sim=self._users.get(event.user))
        if event.thread:  # a member's message, not a command: nothing to print
            await reply_in_thread(self.db, self.capture.threads, actor, event.say, event.at)
            return
        if event.dm:  # a message in their DM: the answer to an open question
            reply = await self.bot.handle_message(replace(actor, in_dm=True), event.say)
        else:
            reply = await self.bot.handle_text(actor, event.say)
        async with self.db.session() as session:
            tz = await session.scalar(
                select(Member.tz).where(
                    Member.platform == PLATFORM, Member.external_id == event.user
                )
            )
        self.lines.append(
            event_line(event.at, tz or "UTC", event.user, "reply", render_plain(reply))
        )

    def _down_until(self, at: datetime) -> datetime | None:
        for outage in self.scenario.outages:
            if outage.covers(at):
                return outage.end
        return None

    async def run(self) -> list[dict[str, Any]]:
        """Play the scenario to its end."""
        await self._join()
        await self.worker.start()
        pending = list(self.scenario.events)
        try:
            while True:
                now = self.clock.now()
                wake = await _next_wake(self.db, now)
                candidates = [self.scenario.end, *([wake] if wake else [])]
                if pending:
                    candidates.append(pending[0].at)
                at = max(now, min(candidates))
                # An outage can hold several wake-ups; the bot comes back at its end.
                while (back := self._down_until(at)) is not None:
                    at = back
                if at >= self.scenario.end:
                    break
                # Whatever was said while the bot was down got no answer.
                while pending and pending[0].at < at:
                    pending.pop(0)
                self.clock.set(at)
                while pending and pending[0].at == at:
                    await self._say(pending.pop(0))
                await self.worker.run_once()
                self.lines.extend(self.capture.take())
        finally:
            await self.worker.stop()
        return self.lines


async def simulate_scenario(
    scenario: Scenario, content: ContentLibrary | None = None
) -> list[dict[str, Any]]:
    """Run `scenario` against a fresh temporary database; returns the output lines."""
    with tempfile.TemporaryDirectory(prefix="prepbot-simulate-") as folder:
        url = f"sqlite:///{Path(folder) / 'simulate.sqlite3'}"
        # Alembic runs its own event loop, so it gets a thread.
        await asyncio.to_thread(upgrade, url)
        db = Database(url)
        try:
            return await Simulation(scenario, db, content).run()
        finally:
            await db.dispose()


def format_human(lines: Sequence[dict[str, Any]]) -> str:
    """The lines for reading: a heading per message, then its text."""
    blocks = [
        f"== {line['at_local']} {line['user']} ({line['kind']})\n{line['text']}" for line in lines
    ]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def simulate(scenario_path: str | Path, *, json: bool = False, out: TextIO | None = None) -> int:
    """`prepbot simulate --scenario FILE [--json]`: print the scenario's messages."""
    out = out or sys.stdout
    try:
        scenario = load_scenario(Path(scenario_path))
    except ScenarioError as error:
        print(f"prepbot simulate: {error}", file=sys.stderr)
        return 2
    lines = asyncio.run(simulate_scenario(scenario))
    if json:
        out.write("".join(dump_line(line) + "\n" for line in lines))
    else:
        out.write(format_human(lines))
    out.flush()
    return 0
