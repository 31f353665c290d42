"""Community flows on the console: admin flag, channel posts, `> text` thread replies."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from sqlalchemy import select

from adapters.console.community import CommunityConsoleSession
from adapters.console.community_transport import ConsoleCommunityTransport
from adapters.console.main import _parse
from bot.app import PrepBot
from bot.clock import VirtualClock
from bot.commands.context import Actor
from bot.db.engine import Database
from bot.db.models import AnswerRecord
from bot.replies import Paragraph, Reply
from bot.schedule.targets import ChannelTarget
from tests.bot.schedule.support import make_worker
from tests.bot.services.community_support import needs_engine, post_channel_question

ADMIN = Actor("console", "ana", channel_id="console", is_admin=True, tz_hint="UTC")


def test_console_flags_make_an_admin_in_a_channel() -> None:
    """`--admin` and `--channel` reach the actor; the channel defaults to `console`."""
    assert _parse(["--admin"]).admin is True
    assert _parse([]).channel == "console" and _parse([]).admin is False
    assert _parse(["--channel", "C1"]).channel == "C1"


async def test_post_channel_prints_a_simulate_line_from_the_channel() -> None:
    """A channel post prints like a DM, from `#channel`, in the channel's zone."""
    out = io.StringIO()
    clock = VirtualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    transport = ConsoleCommunityTransport(out, json=True, clock=clock)
    ref = await transport.post_channel(
        "", ChannelTarget("console", open_thread=True, tz="Europe/Berlin"),
        Reply((Paragraph("Q?"),)), idempotency_key="channel_question:c1:x",
    )  # fmt: skip
    line = json.loads(out.getvalue())
    assert line["user"] == "#console" and line["kind"] == "channel_question"
    assert line["at_local"] == "2026-03-02T10:00:00+01:00" and line["text"] == "Q?"
    assert ref.thread_id is not None
    assert await transport.count_thread_replies("", ref) == 0


async def test_a_thread_reply_needs_a_question_then_counts(db: Database, clock) -> None:
    """`> text` before any post says so; after one it is kept as the member's answer."""
    bot = PrepBot(db, clock=clock)
    out = io.StringIO()
    session = CommunityConsoleSession(bot, ADMIN, out=out)
    reply = await session.answer("> too early")
    assert reply is not None and reply.is_error
    await session.answer("channel daily 10:00")
    transport = ConsoleCommunityTransport(io.StringIO(), clock=clock, db=db)
    await post_channel_question(db, transport.threads, clock.now())
    reply = await session.answer("> I would ask what success looks like.")
    assert reply is not None and not reply.is_error
    assert "Posted in the question's thread" in out.getvalue()
    async with db.session() as db_session:
        texts = (await db_session.execute(select(AnswerRecord.text))).scalars().all()
    assert texts == ["I would ask what success looks like."]


@needs_engine
async def test_the_clock_posts_and_counts_console_thread_replies(db: Database) -> None:
    """Through the real worker: the post is printed, a reply counted in the next post."""
    clock = VirtualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    bot = PrepBot(db, clock=clock)
    out = io.StringIO()
    session = CommunityConsoleSession(bot, ADMIN, out=io.StringIO())
    await session.answer("channel daily 10:00")
    worker = make_worker(db, clock, ConsoleCommunityTransport(out, clock=clock, db=db))
    await worker.start()
    try:
        clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        await worker.run_once()
        clock.set(datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
        await session.answer("> My answer in the thread.")
        clock.set(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
        await worker.run_once()
    finally:
        await worker.stop()
    printed = out.getvalue()
    assert printed.count("--- post in #console (channel_question") == 2
    assert "The last question: 1 person answered in its thread." in printed
